//! Inline content: what runs inside a paragraph, heading or table cell.

use super::{Attrs, ImageSize, NoteRefId, Pos};

/// A piece of running text.
///
/// The Markdown front-end produces every variant but [`Inline::Element`];
/// the resolve pass (`crate::resolve`) then lowers [`Inline::Html`] into
/// elements and resolves every [`LinkTarget::Unresolved`], so the backends
/// only ever see finished content.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain text, typography applied: curly quotes and dashes by the
    /// front-end, the language's spacing by the resolve pass. `pos` is where
    /// it starts in the source, for messages about it (a character no font
    /// has).
    Text {
        text: String,
        pos: Pos,
    },
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    Strikethrough(Vec<Inline>),
    Superscript(Vec<Inline>),
    Subscript(Vec<Inline>),
    /// Inline code: set in the monospace face, never hyphenated.
    Code {
        text: String,
        pos: Pos,
    },
    Link {
        /// Where it leads; [`LinkTarget::Unresolved`] only before the
        /// resolve pass, which also turns a link that leads nowhere into its
        /// content and moves note references out of it.
        target: LinkTarget,
        title: String,
        content: Vec<Inline>,
        /// Attributes of a link written as raw HTML (`class`, `id`…).
        attrs: Attrs,
        pos: Pos,
    },
    /// An inline image; `asset` indexes [`crate::model::Book::assets`].
    Image {
        asset: usize,
        alt: String,
        title: String,
        /// Attributes of an image written as raw HTML (`class`, `id`…).
        attrs: Attrs,
        /// The size the author asked for (`{width=50%}`, `<img width>`).
        size: ImageSize,
        pos: Pos,
    },
    /// A reference to a note; its visible mark is the note's number.
    NoteRef(NoteRefId),
    /// A line break in the source that is not a hard break: a space.
    SoftBreak,
    /// A forced line break (two spaces or a backslash at line end, `<br>`).
    HardBreak,
    /// Raw inline HTML as written. Only between the front-end and the
    /// resolve pass, which lowers it into [`Inline::Element`]s and text.
    Html {
        html: String,
        pos: Pos,
    },
    /// A phrasing element of the author's raw HTML (`<span lang>`, `<sup>`,
    /// `<abbr>`, `<i>`…), sanitised: a known element name and its allowed
    /// attributes only.
    Element {
        name: &'static str,
        attrs: Attrs,
        content: Vec<Inline>,
    },
}

/// What a link leads to, resolved once for both backends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// As written in the source, before the resolve pass.
    Unresolved(String),
    /// An address outside the book (`https:`, `http:`, `mailto:`), checked
    /// and normalised.
    External(String),
    /// The start of a chapter (index into [`crate::model::Book::chapters`]).
    Chapter(usize),
    /// A heading or an author's `id` inside a chapter — or inside one of
    /// its notes (`note`), whose text the EPUB may gather on a notes page.
    Anchor {
        chapter: usize,
        id: String,
        note: Option<super::NoteId>,
    },
}

impl Inline {
    /// Text made by Bindery itself (a note's number, a caption taken from
    /// alt text): it has no place of its own in the sources.
    pub fn text(text: impl Into<String>) -> Inline {
        Inline::Text {
            text: text.into(),
            pos: Pos::default(),
        }
    }

    /// The inlines directly inside this one (none for leaves).
    pub fn children(&self) -> &[Inline] {
        match self {
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. }
            | Inline::Element { content: c, .. } => c,
            _ => &[],
        }
    }

    /// The inlines directly inside this one, to change them.
    pub fn children_mut(&mut self) -> Option<&mut Vec<Inline>> {
        match self {
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. }
            | Inline::Element { content: c, .. } => Some(c),
            _ => None,
        }
    }
}

/// The plain text of inline content: what a table of contents, an outline
/// entry or a running head shows. Note references and HTML tags are left out.
pub fn inlines_plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(inlines, &mut out);
    out
}

fn push_plain(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text { text, .. } | Inline::Code { text, .. } => out.push_str(text),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::SoftBreak | Inline::HardBreak => out.push(' '),
            Inline::NoteRef(_) | Inline::Html { .. } => {}
            other => push_plain(other.children(), out),
        }
    }
}
