//! The print PDF backend: Bindery's own typesetting engine, drawn with krilla.

use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::model::Book;

/// Typesets the book and returns the PDF bytes.
pub fn render(book: &Book, warnings: &mut Vec<Diagnostic>) -> Result<Vec<u8>> {
    let _ = (book, warnings);
    Err(Error::Backend("PDF output is not yet available".into()))
}

pub mod fonts;
pub mod hyphenate;
pub mod inline;
pub mod linebreak;
pub mod lines;
pub mod pagebreak;
pub mod shape;
