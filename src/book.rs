//! Loading a book from disk: `book.toml` + `SUMMARY.md` (mdBook's layout), a
//! folder with one Markdown file, or a lone `.md` file with YAML front
//! matter. The only module that reads the book's files.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::model::Book;

/// Reads and parses a book. Returns the book and its warnings; errors come
/// back as [`Error::Book`] with every diagnostic found.
pub fn load(path: &Path) -> Result<(Book, Vec<Diagnostic>)> {
    Err(Error::Backend(format!(
        "{}: loading books is not yet available",
        path.display()
    )))
}

/// The folder a book lives in: the folder itself, or a lone file's parent.
pub fn book_root(path: &Path) -> PathBuf {
    if path.is_file() {
        path.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf()
    } else {
        path.to_path_buf()
    }
}
