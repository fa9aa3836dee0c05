//! The print PDF backend: Bindery's own typesetting engine, drawn with krilla.
//!
//! Pipeline: `fonts` (faces) → `shape` (harfrust, cached per word) →
//! `inline` (boxes/glue/penalties, Knuth–Plass via `linebreak`, justified
//! lines) → `flow` (blocks on the baseline grid) and `notes` → `compose`
//! (front pages and contents, each `chapter` broken into pages by
//! `pagebreak` and placed by `place`, with running heads and folios) →
//! `frame` (the laid-out book as plain data, each line and image with its
//! `label` in the document's structure) → `draw` (krilla), which builds
//! the structure tree (`tags`) as it draws the pages in order.

use crate::diag::Diagnostic;
use crate::error::Result;
use crate::model::{Book, PrintPage};

pub use folio::Folio;
pub use frame::{Geometry, LaidOutBook, NoteCall, NoteLines, PageLines, PageStart};
pub use lines::LineInfo;
pub use stats::Stats;

/// Typesets the book and returns the PDF bytes.
pub fn render(book: &Book, warnings: &mut Vec<Diagnostic>) -> Result<Vec<u8>> {
    render_with_stats(book, warnings).map(|(pdf, _)| pdf)
}

/// Typesets the book and returns the PDF bytes with the layout's
/// statistics (for `bindery build --stats`, without a second layout).
pub fn render_with_stats(book: &Book, warnings: &mut Vec<Diagnostic>) -> Result<(Vec<u8>, Stats)> {
    render_full(book, warnings).map(|r| (r.pdf, r.stats))
}

/// The PDF and what its one layout tells the other outputs.
#[derive(Debug)]
pub struct Rendered {
    pub pdf: Vec<u8>,
    /// The layout's typographic figures (`--stats`).
    pub stats: Stats,
    /// Where each page begins, with its folio: the EPUB's page list.
    pub pages: Vec<PrintPage>,
}

/// Typesets the book once and returns the PDF, its statistics and its
/// pages as the EPUB cites them.
pub fn render_full(book: &Book, warnings: &mut Vec<Diagnostic>) -> Result<Rendered> {
    let fonts = fonts::Fonts::load(&book.settings.fonts)?;
    let geo = Geometry::new(book);
    let laid_out = compose::compose(book, &fonts, warnings)?;
    let stats = Stats::from_pages(&laid_out.records);
    let pages = records::print_pages(&laid_out.records);
    let mut writer = draw::Writer::new(book, &fonts, geo)?;
    for page in laid_out.pages {
        writer.page(page)?;
    }
    writer.outline(&laid_out.outline);
    warnings.append(&mut writer.warnings);
    Ok(Rendered {
        pdf: writer.finish()?,
        stats,
        pages,
    })
}

/// The engine's own record of the book's layout, page by page: what
/// `--stats` and the layout tests read, without drawing a PDF.
pub fn page_lines(book: &Book, warnings: &mut Vec<Diagnostic>) -> Result<Vec<PageLines>> {
    let fonts = fonts::Fonts::load(&book.settings.fonts)?;
    compose::compose(book, &fonts, warnings).map(|l| l.records)
}

/// The print edition's pages, laid out but not drawn: for an EPUB built
/// without its PDF, which still lists the pages the PDF would have.
pub fn print_pages(book: &Book, warnings: &mut Vec<Diagnostic>) -> Result<Vec<PrintPage>> {
    page_lines(book, warnings).map(|records| records::print_pages(&records))
}

pub mod breaking;
pub mod chapter;
pub mod compose;
pub mod draw;
pub mod floats;
pub mod flow;
pub mod folio;
pub mod fonts;
pub mod frame;
pub mod front;
pub mod glyphs;
pub mod graphic;
pub mod hyphenate;
pub mod ink;
pub mod inline;
pub mod label;
pub mod leadin;
pub mod linebreak;
pub mod lines;
pub mod links;
pub mod microtype;
pub mod notes;
pub mod outline;
pub mod pagebreak;
pub mod part;
pub mod place;
pub mod records;
pub mod running_head;
pub mod shape;
pub mod sizing;
pub mod spans;
pub mod stats;
pub mod tags;
#[cfg(test)]
mod test_rng;
pub mod toc;
