//! Plain semantic labels for what a page draws: which element of the
//! book's logical structure (a chapter's paragraph, a list item's label, a
//! table's header cell, a note) a line or an image belongs to, or that it
//! is an artifact (a running head, a folio, a rule). Layout writes them
//! into the frames while it sets each chapter, on any thread; the drawing
//! ([`super::tags`]) reads them in page order and builds the PDF's
//! structure tree. No krilla type appears here, so the frames stay plain
//! data and the tree is built once, in order, whatever the thread count.

use std::sync::Arc;

use crate::model::BlockKind;

/// What a structure element is (the PDF standard structure types Bindery
/// writes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// A chapter.
    Section,
    /// A part's title page.
    Part,
    /// The title page and its verso.
    Front,
    /// The contents and one entry of them.
    Toc,
    TocItem,
    /// A heading of level 1 to 6.
    Heading(u8),
    Paragraph,
    /// A list; `true` when numbered.
    List(bool),
    ListItem,
    /// A list item's marker (number, bullet, checkbox) or a term.
    ListLabel,
    ListBody,
    BlockQuote,
    Code,
    Table,
    TableRow,
    TableHeader,
    TableCell,
    Figure,
    Caption,
    /// A footnote; its serial is the note's [`crate::model::NoteId`].
    Note,
    /// A titled box or an author's container.
    Div,
}

impl Role {
    /// The element a block of the model makes (`None`: its content goes
    /// into the element around it), and whether it is decoration.
    pub fn of(kind: &BlockKind) -> Option<Role> {
        Some(match kind {
            BlockKind::Paragraph(_) | BlockKind::Plain(_) => Role::Paragraph,
            BlockKind::Heading { level, .. } => Role::Heading(*level),
            BlockKind::BlockQuote(_) => Role::BlockQuote,
            BlockKind::List { start, .. } => Role::List(start.is_some()),
            BlockKind::CodeBlock { .. } => Role::Code,
            BlockKind::DefinitionList(_) => Role::List(false),
            BlockKind::Callout { .. } | BlockKind::Div { .. } => Role::Div,
            BlockKind::Table(_) => Role::Table,
            BlockKind::Figure { .. } => Role::Figure,
            BlockKind::ThematicBreak | BlockKind::Html(_) => return None,
        })
    }
}

/// One element on a label's path: its role, a serial number that is
/// unique among its siblings (a counter of the flow that set it), and the
/// language the author gave it, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Elem {
    pub role: Role,
    pub serial: u32,
    pub lang: Option<LangTag>,
}

impl Elem {
    /// An element in the book's language.
    pub fn new(role: Role, serial: u32) -> Elem {
        Elem {
            role,
            serial,
            lang: None,
        }
    }
}

/// A BCP 47 language tag kept inline (labels are plain `Copy` data shared
/// by every line of a block): up to 23 bytes, which holds any tag a book
/// uses (`en-US`, `zh-Hant-TW`, `sr-Latn-RS`); a longer one keeps its
/// primary subtags that fit.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct LangTag {
    len: u8,
    bytes: [u8; 23],
}

impl LangTag {
    /// The tag of `lang` (trimmed), `None` when empty.
    pub fn new(lang: &str) -> Option<LangTag> {
        let mut lang = lang.trim();
        while lang.len() > 23 {
            lang = lang.rsplit_once('-')?.0;
        }
        if lang.is_empty() {
            return None;
        }
        let mut bytes = [0; 23];
        bytes[..lang.len()].copy_from_slice(lang.as_bytes());
        Some(LangTag {
            len: lang.len() as u8,
            bytes,
        })
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl std::fmt::Debug for LangTag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

/// Kinds of artifact: content that is not part of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArtifactKind {
    /// The running head.
    Header,
    /// The folio.
    PageNumber,
    /// Set again because of the page break (a table's header row).
    Pagination,
    /// Decoration: rules, ornaments, leader dots.
    Layout,
}

/// Where drawn content belongs in the structure.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Label {
    /// Not labelled by layout: the drawing files it as a paragraph of its
    /// own at the document's top level, so no text is lost to a reader.
    #[default]
    Unset,
    Artifact(ArtifactKind),
    /// The path of elements from the outermost (a chapter, the contents…)
    /// down to the one holding the content.
    Content(Arc<[Elem]>),
}

impl Label {
    /// A label of the path `elems`.
    pub fn path(elems: &[Elem]) -> Label {
        Label::Content(elems.into())
    }

    /// This label's path with `more` below it (an artifact stays one).
    pub fn child(&self, more: &[Elem]) -> Label {
        match self {
            Label::Content(p) => Label::path(&[p.as_ref(), more].concat()),
            Label::Unset => Label::path(more),
            a @ Label::Artifact(_) => a.clone(),
        }
    }
}

/// The open elements of a flow being set: blocks push their role on the
/// way in and pop it on the way out, and every line set meanwhile gets the
/// path as its label.
#[derive(Debug, Default)]
pub struct Labels {
    path: Vec<Elem>,
    /// How many elements the flow has opened: the next serial.
    serial: u32,
    current: Label,
    /// Open artifacts (an ornament): while any is, lines are decoration.
    artifact: u32,
}

impl Labels {
    /// A new element of `role` below the open ones (or, with `serial`,
    /// one whose serial is given: a chapter's index, a note's id).
    pub fn open(&mut self, role: Role, serial: Option<u32>) {
        self.open_in(role, serial, None);
    }

    /// Like [`Labels::open`], the element in language `lang` (the
    /// author's `lang` attribute on a block).
    pub fn open_in(&mut self, role: Role, serial: Option<u32>, lang: Option<&str>) {
        let serial = serial.unwrap_or_else(|| self.fresh());
        self.path.push(Elem {
            role,
            serial,
            lang: lang.and_then(LangTag::new),
        });
        self.current = Label::path(&self.path);
    }

    /// Closes the innermost element.
    pub fn close(&mut self) {
        self.path.pop();
        self.current = if self.path.is_empty() {
            Label::Unset
        } else {
            Label::path(&self.path)
        };
    }

    /// Sets decoration until [`Labels::close_artifact`].
    pub fn open_artifact(&mut self) {
        self.artifact += 1;
    }

    pub fn close_artifact(&mut self) {
        self.artifact = self.artifact.saturating_sub(1);
    }

    /// A fresh serial.
    pub fn fresh(&mut self) -> u32 {
        self.serial += 1;
        self.serial
    }

    /// A new element of `role` below the open ones, not opened: for
    /// content set side by side (a table's cells).
    pub fn elem(&mut self, role: Role) -> Elem {
        Elem::new(role, self.fresh())
    }

    /// The label of what is set now.
    pub fn current(&self) -> Label {
        if self.artifact > 0 {
            Label::Artifact(ArtifactKind::Layout)
        } else {
            self.current.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_elements_make_paths_and_close_back() {
        let mut l = Labels::default();
        l.open(Role::Section, Some(7));
        l.open(Role::Paragraph, None);
        let Label::Content(p) = l.current() else {
            panic!("a path")
        };
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].serial, 7);
        l.close();
        l.open(Role::Paragraph, None);
        let Label::Content(q) = l.current() else {
            panic!("a path")
        };
        assert_ne!(p[1], q[1], "siblings get different serials");
        l.open_in(Role::BlockQuote, None, Some("fr-CA"));
        let Label::Content(r) = l.current() else {
            panic!("a path")
        };
        assert_eq!(
            r[2].lang.map(|t| t.as_str().to_string()),
            Some("fr-CA".into())
        );
        l.close();
        assert_eq!(
            LangTag::new("de-Latn-DE-1996-x-a-very-long-private").map(|t| t.as_str().len()),
            Some(19),
            "a long tag keeps its leading subtags"
        );
        l.open_artifact();
        assert_eq!(l.current(), Label::Artifact(ArtifactKind::Layout));
        l.close_artifact();
        l.close();
        l.close();
        assert_eq!(l.current(), Label::Unset);
    }
}
