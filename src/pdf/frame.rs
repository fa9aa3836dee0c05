//! The laid-out book as plain data, in the manner of Typst's frames: the
//! page geometry, the pieces a page is drawn from, the pages themselves
//! with their folios and links, and the engine's record of what it set on
//! each. Layout (`compose` and the modules it drives) writes these; the
//! drawing (`draw`), the statistics (`stats`), the page records and the
//! tests read them without importing any layout code.

use std::ops::Range;

use super::folio::Folio;
use super::label::Label;
use super::lines::{Line, LineInfo};
use crate::model::{Book, MIN_MEASURE_EMS, MIN_PAGE_LINES, NoteId, NoteRefId};

/// Where a baseline sits in its slot, as a fraction of the leading.
pub const BASELINE: f32 = 0.75;

/// The page and text block, in points (origin top-left, y down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    pub top: f32,
    pub inner: f32,
    pub outer: f32,
    /// Width of the text block.
    pub measure: f32,
    /// Height of the text block: a whole number of leadings.
    pub block_height: f32,
    pub size: f32,
    pub leading: f32,
}

impl Geometry {
    /// The book's page, its text block clamped to hold at least the lines
    /// and ems the page rules ask for (`book.toml` refuses smaller ones; a
    /// hand-made `Book` gets the smallest legal block).
    pub fn new(book: &Book) -> Geometry {
        let pdf = &book.settings.pdf;
        let leading = pdf.grid_leading();
        let avail =
            (pdf.trim.height - pdf.margins.top - pdf.margins.bottom).max(leading * MIN_PAGE_LINES);
        Geometry {
            width: pdf.trim.width,
            height: pdf.trim.height,
            top: pdf.margins.top,
            inner: pdf.margins.inner,
            outer: pdf.margins.outer,
            measure: (pdf.trim.width - pdf.margins.inner - pdf.margins.outer)
                .max(pdf.font_size * MIN_MEASURE_EMS),
            block_height: (avail / leading).floor() * leading,
            size: pdf.font_size,
            leading,
        }
    }

    /// How far below the top of the text block a chapter's opening (and
    /// the contents' title) begins: a fifth of the block, on the grid, at
    /// least two leadings.
    pub fn sink(&self) -> f32 {
        (self.block_height / self.leading / 5.0).round().max(2.0) * self.leading
    }

    /// The text block's left edge: inner margin on rectos (odd pages).
    pub fn left(&self, number: usize) -> f32 {
        if number % 2 == 1 {
            self.inner
        } else {
            self.outer
        }
    }
}

/// Something to draw, positioned relative to an origin (its vertical
/// item's top-left corner at the text block's left edge).
#[derive(Debug, Clone, PartialEq)]
// Text is nearly every piece: boxing its line would cost an allocation a
// line for the few rules and images.
#[allow(clippy::large_enum_variant)]
pub enum Piece {
    /// A line of text; `line.x` is its horizontal offset.
    Text { line: Line, baseline: f32 },
    Image {
        asset: usize,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        /// Its description, for readers who cannot see it.
        alt: String,
        label: Label,
    },
    Rule {
        x: f32,
        y: f32,
        w: f32,
        thickness: f32,
    },
    /// A named destination (a heading's id), for links and the outline.
    Anchor(String),
    /// A section starts here: the recto running head changes to this.
    Section(String),
    /// Where an element was in the source, drawn as nothing: the
    /// structure tree makes it here, in reading order, although its
    /// content is drawn later (a figure floated to a later page).
    Element(Label),
}

/// A place in the PDF: a 0-based page index and a point on it (origin
/// top-left, y down, in points).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dest {
    pub page: usize,
    pub x: f32,
    pub y: f32,
}

/// Where a laid-out link goes: outside the book, or to a place in it.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkTarget {
    /// An external address (`https:`, `mailto:`…).
    Uri(String),
    /// A place in this PDF.
    Dest(Dest),
}

/// A clickable rectangle on a page: left, top, right, bottom in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub rect: [f32; 4],
    pub target: LinkTarget,
    /// What it says (the text it covers), for readers that cannot see it.
    pub alt: String,
    /// The structure element it belongs to (the line it is on).
    pub label: Label,
}

/// A page ready to draw: pieces with the origin each is relative to, its
/// folio (printed and shown as the PDF page label) and its links.
#[derive(Debug, Default)]
pub struct Page {
    /// 1-based page number.
    pub number: usize,
    pub folio: Folio,
    pub pieces: Vec<(f32, f32, Piece)>,
    /// Clickable rectangles, every target resolved.
    pub links: Vec<Link>,
}

/// What the engine set on one page, for statistics and tests.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageLines {
    pub number: usize,
    /// The folio printed on the page (and its PDF page label).
    pub folio: Folio,
    /// Body lines, top to bottom.
    pub lines: Vec<LineInfo>,
    /// Note lines, top to bottom.
    pub notes: Vec<LineInfo>,
    /// Whether this page opens a chapter.
    pub chapter_opening: bool,
    /// Where the page begins in the model (`None` for the title, copyright,
    /// contents and blank pages). See [`super::records`].
    pub start: Option<PageStart>,
    /// Note reference marks in the page's body lines, in reading order.
    pub calls: Vec<NoteCall>,
    /// The note text at the page's foot, in order: continued notes first.
    pub note_slices: Vec<NoteLines>,
    /// No legal break could be found: the page breaks a rule (reported as a
    /// warning).
    pub emergency: bool,
    /// The text block's height left empty (between the body's last line
    /// and the notes, or the block's foot), in leadings: what a short
    /// page lacks (see [`super::stats::Stats::short_pages`]).
    pub lines_short: f32,
}

/// Where a page begins in the model: see [`super::records`] for how
/// `block` and `offset` count.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageStart {
    pub chapter: usize,
    pub block: Vec<usize>,
    pub offset: usize,
}

/// A note reference mark on a page: the note and occurrence, and the index
/// of its line in [`PageLines::lines`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NoteCall {
    pub note: NoteRefId,
    pub line: usize,
}

/// Lines `lines` (of `total`) of a note, set at a page's foot.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteLines {
    pub note: NoteId,
    pub lines: Range<usize>,
    pub total: usize,
    /// The note's characters set on earlier pages (its number left out),
    /// as [`super::records::note_line_chars`] counts them.
    pub before: usize,
}

/// A bookmark of the PDF outline: its nesting depth (0 outermost), its
/// title and where it opens.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub depth: u8,
    pub title: String,
    pub dest: Dest,
}

/// The laid-out book: every page ready to draw, the engine's record of
/// each (same order), and the outline in document order.
#[derive(Debug, Default)]
pub struct LaidOutBook {
    pub pages: Vec<Page>,
    pub records: Vec<PageLines>,
    pub outline: Vec<OutlineEntry>,
}

impl LaidOutBook {
    /// Appends a page with what was set on it (`None`: nothing counted, a
    /// title, contents or blank page).
    pub fn push(&mut self, mut page: Page, lines: Option<PageLines>) {
        // Kept until the book is drawn: no room for pieces never pushed.
        page.pieces.shrink_to_fit();
        let lines = lines.unwrap_or_else(|| PageLines {
            number: page.number,
            folio: page.folio,
            ..PageLines::default()
        });
        self.records.push(lines);
        self.pages.push(page);
    }
}
