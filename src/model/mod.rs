//! The document model: plain data, no I/O.
//!
//! Every backend (EPUB, PDF) reads a [`Book`] and nothing else, so that both
//! books come from one reading of the sources and neither re-parses Markdown.
//! The Markdown front-end (`crate::markdown`) and the book loader
//! (`crate::book`) are the only producers.

mod attrs;
mod block;
mod inline;
mod meta;
mod note;
mod print;
mod settings;
mod size;
mod source;
mod time;
mod valid;
pub mod visit;

pub use attrs::Attrs;
pub use block::{
    Align, Block, BlockKind, CalloutKind, Definition, ListItem, Table, Token, TokenKind,
};
pub use inline::{Inline, LinkTarget, inlines_plain_text};
pub use meta::{Contributor, INVISIBLE, Metadata, is_blank};
pub use note::{Note, NoteId, NoteRefId};
pub use print::{PagePlace, PrintPage, TextPlace, counted, counts};
pub use settings::{
    ChapterStart, ContinuedMark, EpubSettings, FigurePlacement, FontFile, FontSettings,
    HyphenationSettings, LeadIn, MIN_MEASURE_EMS, MIN_PAGE_LINES, Margins, NoteNumbering,
    NotePlacement, OutputFormat, PdfOptions, PdfSettings, PdfStandard, RUNNING_HEAD_DROP,
    RUNNING_HEAD_SCALE, Settings, TrimSize,
};
pub use size::{ImageSize, Length, PX_PER_INCH, SizeError};
pub use source::{Pos, SourceFile, SourceId};
pub use time::UtcTime;
pub use valid::{is_valid_date, is_xml_id};

/// A whole book, as both backends see it.
///
/// Chapters are in reading order. Notes live in one book-wide list so that a
/// note has one identity however many times it is referenced; each note knows
/// its chapter and its display number (which restarts per chapter or runs
/// through the book, as `book.toml` says).
#[derive(Debug, Clone, PartialEq)]
pub struct Book {
    /// Title, authors, language, identifier and the rest of `book.toml`'s `[book]`.
    pub meta: Metadata,
    /// Layout and output settings from `book.toml` (with defaults filled in).
    pub settings: Settings,
    /// Chapters in reading order: front matter, body, back matter.
    pub chapters: Vec<Chapter>,
    /// Every note in the book, indexed by [`NoteId`].
    pub notes: Vec<Note>,
    /// Images the Markdown references, read and checked by the loader, indexed
    /// by [`Inline::Image::asset`] / [`BlockKind::Figure`].
    pub assets: Vec<Asset>,
    /// The cover image named in `book.toml`, if any, read by the loader.
    pub cover: Option<Asset>,
    /// The source files the book was read from, indexed by [`SourceId`], so
    /// that a backend can name a file and line in its own diagnostics.
    pub sources: Vec<SourceFile>,
}

impl Book {
    /// The note a reference points at.
    pub fn note(&self, id: NoteId) -> &Note {
        &self.notes[id.0]
    }

    /// The notes of one chapter, in order of first reference.
    pub fn chapter_notes(&self, chapter: usize) -> impl Iterator<Item = &Note> {
        self.notes.iter().filter(move |n| n.chapter == chapter)
    }

    /// `file:line:col` for a position, for messages.
    pub fn describe(&self, pos: Pos) -> String {
        let file = self
            .sources
            .get(pos.source.0)
            .map(|s| s.path.as_str())
            .unwrap_or("<unknown>");
        format!("{file}:{}:{}", pos.line, pos.col)
    }
}

/// Where a chapter stands in the book; backends treat the parts differently
/// (front matter gets roman folios in print and sits before the body in the
/// EPUB's landmarks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChapterKind {
    /// Before the body: an author's note, a preface, a dedication
    /// (mdBook's prefix chapters).
    Front,
    /// The body of the book (mdBook's numbered chapters).
    Body,
    /// After the body (mdBook's suffix chapters).
    Back,
}

/// One chapter: a file of the book, or the whole of a single-file book.
#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    /// The chapter's title as inline content (from SUMMARY.md, or its first
    /// heading). Never contains note references.
    pub title: Vec<Inline>,
    /// A stable, unique, XML-safe identifier (`ch01`, `about`...), used for
    /// file names in the EPUB and destinations in the PDF.
    pub id: String,
    pub kind: ChapterKind,
    /// The chapter's content. It starts with the chapter's level-1 heading
    /// when the source has one; a chapter without one (an author's note, a
    /// dedication) prints no title, but still has `title` for the contents.
    pub blocks: Vec<Block>,
    /// The source file this chapter came from.
    pub source: SourceId,
    /// Its section number as mdBook prints it (`1.2.`), for numbered
    /// chapters of a `SUMMARY.md` that nests them; `None` otherwise.
    pub number: Option<String>,
    /// How deep `SUMMARY.md` nests it: 0 for a top-level chapter, 1 for a
    /// sub-chapter, … The contents, the outline and the EPUB's nav nest it
    /// so.
    pub depth: u8,
    /// The title of a part (`# Part I` in `SUMMARY.md`) that begins with
    /// this chapter and runs until the next part or the back matter.
    pub part: Option<String>,
}

/// An image file embedded in the book, read and checked by the loader.
#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    /// The path relative to the book folder, with `/` separators, normalised
    /// (no `.` or `..`): the EPUB uses it for the file name inside the package.
    pub href: String,
    /// MIME type (`image/jpeg`, `image/png`, `image/gif`, `image/webp`,
    /// `image/svg+xml`).
    pub media_type: String,
    /// The file's bytes as read from disk; for SVG, the document as
    /// [`crate::svg::check`] re-serialised it (what both books use).
    pub data: Vec<u8>,
    /// Pixel size, read from the header without decoding the whole image
    /// (for SVG, its size in CSS pixels, rounded up).
    pub width: u32,
    pub height: u32,
    /// The first place the Markdown referenced it.
    pub pos: Pos,
}
