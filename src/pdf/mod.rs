//! The print PDF backend: Bindery's own typesetting engine, drawn with krilla.
//!
//! Pipeline: `fonts` (faces) → `shape` (harfrust, cached per word) →
//! `inline` (boxes/glue/penalties, Knuth–Plass via `linebreak`, justified
//! lines) → `flow` (blocks on the baseline grid) and `notes` → `compose`
//! (pages via `pagebreak`, running heads, folios) → `draw` (krilla).

use crate::diag::Diagnostic;
use crate::error::Result;
use crate::model::Book;

pub use compose::{Geometry, PageLines};
pub use lines::LineInfo;
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
    let mut writer = draw::Writer::new(book, &fonts, geo);
    let pages = compose::compose(book, &fonts, warnings, &mut |page| writer.page(page))?;
    warnings.append(&mut writer.warnings);
    Ok((writer.finish()?, Stats::from_pages(&pages)))
}

/// The engine's own record of a layout, page by page: what `--stats` and
/// the layout tests read, without drawing a PDF.
pub fn layout(book: &Book, warnings: &mut Vec<Diagnostic>) -> Result<Vec<PageLines>> {
    let fonts = fonts::Fonts::load(&book.settings.fonts)?;
    compose::compose(book, &fonts, warnings, &mut |_| Ok(()))
}

pub mod compose;
pub mod draw;
pub mod flow;
pub mod fonts;
pub mod hyphenate;
pub mod inline;
pub mod linebreak;
pub mod lines;
pub mod notes;
pub mod pagebreak;
pub mod shape;
pub mod stats;
