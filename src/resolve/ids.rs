//! Every id of the book, made final once: heading ids (written `{#id}`, or
//! slugs of their text), ids the author gave raw HTML elements, and the
//! names Bindery keeps for itself (`note.N`, `noteref.N.K`, `notes.X`,
//! `page.N`). Ids are unique in the whole book, since links resolve across
//! chapters and the PDF names destinations by them:
//! - a `{#id}` written twice, or not an XML name, is an error;
//! - an author's id that takes one of Bindery's names is renamed, with a
//!   warning, and links written to it follow it;
//! - a raw HTML id used twice is removed from the second element, with a
//!   warning;
//! - headings without one get a slug of their text, `-2`, `-3`… added.

use std::collections::{HashMap, HashSet};

use super::report::Report;
use crate::model::visit::{for_each_block, for_each_inline_in, inline_runs_mut};
use crate::model::{
    Attrs, Block, BlockKind, Chapter, Inline, Note, NoteId, inlines_plain_text, is_xml_id,
};

/// Where an id stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub chapter: usize,
    /// Inside this note's text (which the EPUB may gather on a notes page).
    pub note: Option<NoteId>,
}

/// The book's ids, once final.
#[derive(Debug, Default)]
pub struct Anchors {
    pub places: HashMap<String, Place>,
    /// An author's id renamed because Bindery uses it → its new name.
    pub renamed: HashMap<String, String>,
}

/// The prefixes of the ids Bindery makes itself.
const RESERVED: &[&str] = &["note.", "noteref.", "notes.", "page."];

/// Whether Bindery makes ids like this one.
pub fn is_reserved(id: &str) -> bool {
    RESERVED.iter().any(|p| id.starts_with(p))
}

/// Makes every id of the book final and indexes them.
pub fn assign(chapters: &mut [Chapter], notes: &mut [Note], report: &mut Report<'_>) -> Anchors {
    let mut ids = Ids {
        used: chapters.iter().map(|c| c.id.clone()).collect(),
        anchors: Anchors::default(),
    };
    // Written `{#id}`s first: they are the author's explicit names.
    let mut each = |f: &mut dyn FnMut(&mut Block, Place)| {
        for (ci, c) in chapters.iter_mut().enumerate() {
            let place = Place {
                chapter: ci,
                note: None,
            };
            for_each_block(&mut c.blocks, &mut |b| f(b, place));
        }
        for n in notes.iter_mut() {
            let place = Place {
                chapter: n.chapter,
                note: Some(n.id),
            };
            for_each_block(&mut n.blocks, &mut |b| f(b, place));
        }
    };
    each(&mut |b, place| ids.explicit_heading(b, place, report));
    each(&mut |b, place| ids.raw(b, place, report));
    each(&mut |b, place| ids.automatic_heading(b, place));
    ids.anchors
}

struct Ids {
    used: HashSet<String>,
    anchors: Anchors,
}

impl Ids {
    fn explicit_heading(&mut self, b: &mut Block, place: Place, report: &mut Report<'_>) {
        let BlockKind::Heading { id, .. } = &mut b.kind else {
            return;
        };
        if id.is_empty() {
            return;
        }
        if !is_xml_id(id) {
            report.error(
                b.pos,
                format!("heading id `{id}` is not a valid XML id: start with a letter, then use letters, digits, `-`, `_` or `.`"),
            );
        } else if is_reserved(id) {
            let new = self.rename(id);
            report.warn(
                b.pos,
                format!(
                    "heading id `{id}` is one Bindery uses for notes and pages: renamed `{new}`"
                ),
            );
            *id = new;
            self.anchors.places.insert(id.clone(), place);
        } else if !self.used.insert(id.clone()) {
            report.error(
                b.pos,
                format!("heading id `{id}` is used twice (ids must be unique in the whole book)"),
            );
        } else {
            self.anchors.places.insert(id.clone(), place);
        }
    }

    /// Ids of raw HTML: the block's own, then those of its inlines.
    fn raw(&mut self, b: &mut Block, place: Place, report: &mut Report<'_>) {
        let pos = b.pos;
        let heading_id = self.raw_id(&mut b.attrs, pos, place, report);
        if let (Some(new), BlockKind::Heading { id, .. }) = (heading_id, &mut b.kind)
            && id.is_empty()
        {
            // A raw `<h2 id>`: the heading is known by it.
            *id = new;
            b.attrs.remove("id");
        }
        for run in inline_runs_mut(&mut b.kind) {
            for_each_inline_in(run, &mut |inline| {
                let (attrs, at) = match inline {
                    Inline::Element { attrs, .. } => (attrs, pos),
                    Inline::Link { attrs, pos, .. } | Inline::Image { attrs, pos, .. } => {
                        (attrs, *pos)
                    }
                    _ => return,
                };
                self.raw_id(attrs, at, place, report);
            });
        }
    }

    /// Checks one raw id; returns it as it stays, if it stays.
    fn raw_id(
        &mut self,
        attrs: &mut Attrs,
        pos: crate::model::Pos,
        place: Place,
        report: &mut Report<'_>,
    ) -> Option<String> {
        let id = attrs.id()?.to_string();
        if is_reserved(&id) {
            let new = self.rename(&id);
            report.warn(
                pos,
                format!("id `{id}` is one Bindery uses for notes and pages: renamed `{new}`"),
            );
            attrs.set("id", new.clone());
            self.anchors.places.insert(new.clone(), place);
            return Some(new);
        }
        if !self.used.insert(id.clone()) {
            report.warn(
                pos,
                format!("id `{id}` is used twice in the book: removed from this element"),
            );
            attrs.remove("id");
            return None;
        }
        self.anchors.places.insert(id.clone(), place);
        Some(id)
    }

    fn automatic_heading(&mut self, b: &mut Block, place: Place) {
        if let BlockKind::Heading { id, content, .. } = &mut b.kind
            && id.is_empty()
        {
            let base = heading_slug(&inlines_plain_text(content));
            *id = self.unique(&base);
            self.anchors.places.insert(id.clone(), place);
        }
    }

    /// A free name for an author's id that took one of Bindery's.
    fn rename(&mut self, id: &str) -> String {
        let base = id.replacen('.', "-", 1);
        let new = self.unique(&base);
        self.anchors.renamed.insert(id.to_string(), new.clone());
        new
    }

    fn unique(&mut self, base: &str) -> String {
        let mut candidate = base.to_string();
        let mut n = 2;
        while self.used.contains(&candidate) || is_reserved(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        self.used.insert(candidate.clone());
        candidate
    }
}

/// A heading id from its text: lowercase letters and digits of any script,
/// words joined by `-`, other punctuation dropped; prefixed with `h-` when
/// it would not start with a letter (an XML name must not).
pub fn heading_slug(text: &str) -> String {
    let mut slug = String::new();
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '–' || c == '—' {
            pending_dash = true;
        }
    }
    if slug.is_empty() {
        return "section".into();
    }
    if slug.starts_with(|c: char| c.is_alphabetic()) {
        slug
    } else {
        format!("h-{slug}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_slugs() {
        assert_eq!(
            heading_slug("From Serge’s “Present” to Ours"),
            "from-serges-present-to-ours"
        );
        assert_eq!(heading_slug("1917 and After"), "h-1917-and-after");
        assert_eq!(heading_slug("Überblick — Été"), "überblick-été");
        assert_eq!(heading_slug("!!!"), "section");
    }
}
