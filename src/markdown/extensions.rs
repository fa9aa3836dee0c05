//! The blocks pulldown-cmark parses beyond CommonMark that need more than
//! a line of the converter: task items' checkboxes, definition lists, and
//! pandoc's fenced divs (found by [`super::fences`]), which become titled
//! boxes or divs that keep their classes.

use pulldown_cmark::{Event, Tag};

use super::events::Converter;
use super::fences::FenceAttrs;
use crate::model::{Attrs, Block, BlockKind, CalloutKind, Definition, Pos};

impl Converter<'_, '_> {
    /// The block a fenced div becomes: a titled box for the five alert
    /// classes (`::: warning`), else a div that keeps its classes for the
    /// EPUB's stylesheet — and, since print has no style for them, a
    /// warning once per class and file.
    pub(super) fn fenced_div(
        &mut self,
        fence: FenceAttrs,
        blocks: Vec<Block>,
        pos: Pos,
        offset: usize,
    ) -> Block {
        let mut attrs = Attrs::new();
        if let Some(id) = fence.id {
            attrs.set("id", id);
        }
        for (key, value) in fence.pairs {
            if key == "lang" && crate::lang::is_language_tag(&value) {
                attrs.set("lang", value);
            } else {
                self.warn_at(
                    offset,
                    format!(
                        "fenced div attribute `{key}` is not kept (only `#id`, `.class` and `lang`)"
                    ),
                );
            }
        }
        let callout = fence.classes.iter().find_map(|c| CalloutKind::from_name(c));
        let classes: Vec<String> = fence
            .classes
            .into_iter()
            .filter(|c| CalloutKind::from_name(c).is_none())
            .collect();
        if callout.is_none() {
            for class in &classes {
                if self.warned_classes.insert(class.clone()) {
                    self.warn_at(
                        offset,
                        format!(
                            "fenced div class `{class}` has no style in print: the PDF sets its \
                             content as plain text; the EPUB keeps class=\"{class}\" for the \
                             book's stylesheet"
                        ),
                    );
                }
            }
        }
        if !classes.is_empty() {
            attrs.set("class", classes.join(" "));
        }
        let kind = match callout {
            Some(kind) => BlockKind::Callout { kind, blocks },
            None => BlockKind::Div {
                name: "div",
                blocks,
            },
        };
        Block { pos, kind, attrs }
    }

    /// A task item's checkbox (`[ ]`, `[x]`), which pulldown-cmark gives
    /// first in the item (tight) or in its first paragraph (loose); the
    /// marker event itself is then skipped as content.
    pub(super) fn task_marker(&mut self) -> Option<bool> {
        let at = |k: usize| self.events.get(k).map(|(e, _)| e);
        if let Some(Event::TaskListMarker(done)) = at(self.next) {
            let done = *done;
            self.next += 1;
            return Some(done);
        }
        match (at(self.next), at(self.next + 1)) {
            (Some(Event::Start(Tag::Paragraph)), Some(Event::TaskListMarker(done))) => Some(*done),
            _ => None,
        }
    }

    /// The entries of a definition list, up to its `End`: each title
    /// starts an entry, each definition is added to the last one.
    pub(super) fn definition_list(&mut self) -> Vec<Definition> {
        let mut entries: Vec<Definition> = Vec::new();
        while let Some((event, _)) = self.bump() {
            match event {
                Event::Start(Tag::DefinitionListTitle) => entries.push(Definition {
                    term: self.inlines(),
                    details: Vec::new(),
                }),
                Event::Start(Tag::DefinitionListDefinition) => {
                    let blocks = self.blocks();
                    match entries.last_mut() {
                        Some(entry) => entry.details.push(blocks),
                        None => entries.push(Definition {
                            term: Vec::new(),
                            details: vec![blocks],
                        }),
                    }
                }
                Event::End(_) => break,
                _ => {}
            }
        }
        entries
    }
}
