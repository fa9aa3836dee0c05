//! The print PDF backend: Bindery's own typesetting engine, drawn with krilla.
//!
//! Pipeline: `fonts` (faces) → `shape` (harfrust, cached per word) →
//! `inline` (boxes/glue/penalties, Knuth–Plass via `linebreak`, justified
//! lines) → `flow` (blocks on the baseline grid) and `notes` → `compose`
//! (pages via `pagebreak`, running heads, folios) → `draw` (krilla).

use crate::diag::Diagnostic;
use crate::error::Result;
use crate::model::Book;

pub use compose::{Geometry, Layout, NoteCall, NoteLines, PageLines};
pub use folio::Folio;
pub use lines::LineInfo;
pub use records::PageStart;
pub use stats::Stats;

/// Typesets the book and returns the PDF bytes.
pub fn render(book: &Book, warnings: &mut Vec<Diagnostic>) -> Result<Vec<u8>> {
    render_with_stats(book, warnings).map(|(pdf, _)| pdf)
}

/// Typesets the book and returns the PDF bytes with the layout's
/// statistics (for `bindery build --stats`, without a second layout).
pub fn render_with_stats(book: &Book, warnings: &mut Vec<Diagnostic>) -> Result<(Vec<u8>, Stats)> {
    let fonts = fonts::Fonts::load(&book.settings.fonts)?;
    let geo = Geometry::new(book);
    let layout = compose::compose(book, &fonts, warnings)?;
    let stats = Stats::from_pages(&layout.records);
    let mut writer = draw::Writer::new(book, &fonts, geo);
    for page in layout.pages {
        writer.page(page)?;
    }
    writer.outline(&layout.outline);
    warnings.append(&mut writer.warnings);
    Ok((writer.finish()?, stats))
}

/// The engine's own record of a layout, page by page: what `--stats` and
/// the layout tests read, without drawing a PDF.
pub fn layout(book: &Book, warnings: &mut Vec<Diagnostic>) -> Result<Vec<PageLines>> {
    let fonts = fonts::Fonts::load(&book.settings.fonts)?;
    compose::compose(book, &fonts, warnings).map(|l| l.records)
}

pub mod breaking;
pub mod compose;
pub mod draw;
pub mod flow;
pub mod fonts;
pub mod hyphenate;
pub mod inline;
pub mod folio;
pub mod linebreak;
pub mod lines;
pub mod links;
pub mod notes;
pub mod outline;
pub mod pagebreak;
pub mod records;
pub mod shape;
pub mod stats;
pub mod toc;
