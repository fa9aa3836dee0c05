//! The library's error type. The CLI maps [`Error::Book`] to exit code 1.

use std::path::PathBuf;

use crate::diag::Diagnostic;

/// Why a load or build failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The book's sources have errors; each diagnostic names a file and line.
    #[error("{}", render(.0))]
    Book(Vec<Diagnostic>),
    /// Reading or writing a file failed for a reason outside the book. The
    /// cause is part of the message and not also a `source`: the CLI prints
    /// the chain, which said it twice ("File exists (os error 17): File
    /// exists (os error 17)").
    #[error("{}: {cause}", path.display())]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
    /// A backend could not produce its output (e.g. the PDF writer refused a
    /// font). The message says what and where.
    #[error("{0}")]
    Backend(String),
}

impl Error {
    /// An error about one place in the book.
    pub fn at(file: impl Into<String>, line: u32, col: u32, message: impl Into<String>) -> Self {
        Error::Book(vec![Diagnostic::error(file, line, col, message)])
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            cause: source,
        }
    }
}

fn render(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
