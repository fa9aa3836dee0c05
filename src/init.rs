//! `bindery init DIR`: a new book that checks and builds as it is, showing
//! the layout (book.toml, SUMMARY.md, a chapter with a footnote).

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Scaffolds a book in `dir`, which must not exist or be empty. The
/// identifier is a `urn:uuid` (v5) derived from the folder's name, so the
/// same command always writes the same files. Returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        if entries.next().is_some() {
            return Err(Error::at(
                dir.display().to_string(),
                0,
                0,
                "the folder is not empty: `bindery init` only writes into a new or empty folder",
            ));
        }
    }
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let name = folder_name(dir);
    let title = title_from(&name);
    let uuid = uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_URL,
        format!("bindery:init:{name}").as_bytes(),
    );
    let book_toml = format!(
        r#"# Bindery book settings: `bindery build` makes out/*.epub and out/*.pdf.

[book]
title = "{title}"
authors = ["Your Name"]
language = "en"
identifier = "urn:uuid:{uuid}"

[output]
formats = ["epub", "pdf"]

[notes]
numbering = "chapter"   # or "book"

[pdf]
trim = "a5"
"#,
        title = title.replace('\\', "\\\\").replace('"', "\\\"")
    );
    let summary = "# Summary\n\n- [Chapter One](chapter-1.md)\n";
    let chapter = "# Chapter One\n\nWrite your book here in Markdown. Notes are footnotes:\nthis sentence has one.[^1]\n\n## A Section\n\nStart a new file for each chapter and list it in `SUMMARY.md`.\n\n[^1]: The note’s text. The EPUB gathers notes at the end of the chapter; the\n    PDF sets them at the foot of the page.\n";
    let files = [
        ("book.toml", book_toml.as_str()),
        ("SUMMARY.md", summary),
        ("chapter-1.md", chapter),
    ];
    let mut written = Vec::new();
    for (file, text) in files {
        let path = dir.join(file);
        fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

/// The folder's own name (also for `.` or a trailing `/`).
fn folder_name(dir: &Path) -> String {
    let named = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty());
    named
        .or_else(|| {
            fs::canonicalize(dir)
                .ok()?
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "book".into())
}

/// "my-first_book" → "My First Book".
fn title_from(name: &str) -> String {
    let words: Vec<String> = name
        .split(['-', '_', ' ', '.'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect();
    if words.is_empty() {
        "Untitled Book".into()
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert_eq!(title_from("my-first_book"), "My First Book");
        assert_eq!(title_from("---"), "Untitled Book");
    }

    #[test]
    fn refuses_non_empty_folder_and_is_deterministic() {
        let tmp = tempfile::tempdir().unwrap();
        let a = tmp.path().join("a").join("novel");
        let b = tmp.path().join("b").join("novel");
        init(&a).unwrap();
        init(&b).unwrap();
        assert_eq!(
            fs::read(a.join("book.toml")).unwrap(),
            fs::read(b.join("book.toml")).unwrap()
        );
        let err = init(&a).unwrap_err();
        assert!(err.to_string().contains("not empty"), "{err}");
    }
}
