//! Inline content: what runs inside a paragraph, heading or table cell.

use super::{NoteRefId, Pos};

/// A piece of running text.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain text, with typographic punctuation already applied (curly
    /// quotes, dashes) by the front-end.
    Text(String),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    Strikethrough(Vec<Inline>),
    /// Inline code: set in the monospace face, never hyphenated.
    Code(String),
    Link {
        /// As written: an external URL (`https:`, `mailto:`) or an internal
        /// `#id` / `chapter.md#id` reference.
        url: String,
        title: String,
        content: Vec<Inline>,
    },
    /// An inline image; `asset` indexes [`crate::model::Book::assets`].
    Image {
        asset: usize,
        alt: String,
        title: String,
    },
    /// A reference to a note; its visible mark is the note's number.
    NoteRef(NoteRefId),
    /// A line break in the source that is not a hard break: a space.
    SoftBreak,
    /// A forced line break (two spaces or a backslash at line end).
    HardBreak,
    /// Raw inline HTML as written. The EPUB re-serialises it as XHTML; the
    /// PDF drops the tags (keeping nothing of them).
    Html {
        html: String,
        pos: Pos,
    },
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
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Link { content: c, .. } => push_plain(c, out),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::SoftBreak | Inline::HardBreak => out.push(' '),
            Inline::NoteRef(_) | Inline::Html { .. } => {}
        }
    }
}
