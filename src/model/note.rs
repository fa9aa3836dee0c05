//! Notes are first-class: one body, a stable number, and every place that
//! references it. The EPUB makes them endnotes, the PDF footnotes; both read
//! the same numbers from here.

use super::{Block, Pos};

/// Index into [`crate::model::Book::notes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NoteId(pub usize);

/// One reference to a note: which note, and which of its references
/// (0 for the first). Together they make a unique anchor such as
/// `ch01-noteref-3-2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NoteRefId {
    pub note: NoteId,
    pub occurrence: usize,
}

/// A note (Markdown footnote definition) and everything needed to link it.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub id: NoteId,
    /// The number shown at the reference and before the note: per chapter or
    /// per book, as `book.toml`'s `notes.numbering` says, in order of first
    /// reference.
    pub number: u32,
    /// The label written in the source (`[^label]`).
    pub label: String,
    /// The chapter (index into `Book::chapters`) the note belongs to.
    pub chapter: usize,
    /// The note's content: one or more paragraphs, quotations, lists.
    pub blocks: Vec<Block>,
    /// Where each reference to it stands; `refs.len()` is the number of
    /// references, and `NoteRefId::occurrence` indexes this list.
    pub refs: Vec<Pos>,
    /// Where the definition stands.
    pub pos: Pos,
}
