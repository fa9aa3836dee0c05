//! Where everything goes inside the package: file names for chapters and
//! images, and the anchors of notes. (Links are resolved by the resolve
//! pass; the XHTML writer only turns their targets into these names.)
//!
//! All XHTML files sit side by side in `OEBPS/`, so hrefs between them are
//! bare file names.

use std::collections::HashSet;

use crate::model::{Book, NoteId, NotePlacement, NoteRefId};

/// The package document's path inside the zip.
pub const OPF_PATH: &str = "OEBPS/content.opf";
/// The folder that holds the content, relative to which every href below is.
pub const CONTENT_DIR: &str = "OEBPS/";
/// The page showing the cover image.
pub const COVER_PAGE: &str = "cover.xhtml";
/// The title page made from the metadata.
pub const TITLE_PAGE: &str = "titlepage.xhtml";
/// The EPUB 3 navigation document.
pub const NAV: &str = "nav.xhtml";
/// The EPUB 2 table of contents.
pub const NCX: &str = "toc.ncx";
/// The one stylesheet every page links.
pub const STYLESHEET: &str = "style.css";
/// The normalised cover image.
pub const COVER_IMAGE: &str = "images/cover.jpg";
const NOTES_PAGE: &str = "notes.xhtml";
const RESERVED: &[&str] = &[COVER_PAGE, TITLE_PAGE, NAV, NOTES_PAGE];

/// File names and anchors for one book.
#[derive(Debug)]
pub struct Layout {
    /// `chapters[i]`'s XHTML file.
    pub chapter_files: Vec<String>,
    /// `assets[i]`'s path in the package (under `images/`).
    pub image_paths: Vec<String>,
    /// The notes page, when notes are gathered at the end of the book.
    pub notes_file: Option<String>,
    placement: NotePlacement,
    /// Each note's chapter.
    note_chapter: Vec<usize>,
}

impl Layout {
    /// Names every file of `book` and indexes its headings and sources.
    pub fn new(book: &Book) -> Self {
        let mut used: HashSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
        let chapter_files = book
            .chapters
            .iter()
            .map(|c| unique_name(&c.id, "xhtml", &mut used))
            .collect();
        let mut used_images: HashSet<String> = HashSet::from(["cover.jpg".to_string()]);
        let image_paths = book
            .assets
            .iter()
            .map(|a| {
                let file = a.href.rsplit('/').next().unwrap_or(&a.href);
                let (stem, ext) = file.rsplit_once('.').unwrap_or((file, "img"));
                format!(
                    "images/{}",
                    unique_name(stem, &ascii_name(ext), &mut used_images)
                )
            })
            .collect();
        let notes_file = (book.settings.note_placement == NotePlacement::Book
            && !book.notes.is_empty())
        .then(|| NOTES_PAGE.to_string());
        Self {
            chapter_files,
            image_paths,
            notes_file,
            placement: book.settings.note_placement,
            note_chapter: book.notes.iter().map(|n| n.chapter).collect(),
        }
    }

    /// The note's anchor id: `note.N`, unique in the book (the dot keeps it
    /// apart from heading slugs).
    pub fn note_id(note: NoteId) -> String {
        format!("note.{}", note.0 + 1)
    }

    /// The id of a chapter's endnotes section: `notes.<chapter id>`.
    pub fn endnotes_id(chapter_id: &str) -> String {
        format!("notes.{chapter_id}")
    }

    /// The anchor id of one reference to a note.
    pub fn noteref_id(r: NoteRefId) -> String {
        format!("noteref.{}.{}", r.note.0 + 1, r.occurrence + 1)
    }

    /// The file a note's text is written into.
    pub fn note_file(&self, note: NoteId) -> &str {
        match (&self.notes_file, self.placement) {
            (Some(file), NotePlacement::Book) => file,
            _ => self.chapter_file(self.note_chapter.get(note.0).copied().unwrap_or(0)),
        }
    }

    /// The file the references to a note stand in (its chapter's).
    pub fn noteref_file(&self, note: NoteId) -> &str {
        self.chapter_file(self.note_chapter.get(note.0).copied().unwrap_or(0))
    }

    /// A chapter's XHTML file name.
    pub fn chapter_file(&self, chapter: usize) -> &str {
        self.chapter_files.get(chapter).map_or(TITLE_PAGE, |s| s)
    }
}

/// An ASCII file name (reading systems and zip tools differ on anything
/// else; EPUBCheck warns on spaces).
fn ascii_name(s: &str) -> String {
    let name: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() { "x".into() } else { name }
}

fn unique_name(stem: &str, ext: &str, used: &mut HashSet<String>) -> String {
    let stem = ascii_name(stem);
    let mut name = format!("{stem}.{ext}");
    let mut n = 2;
    // Unique after case folding: OCF forbids `Pic.png` beside `pic.png`
    // (EPUBCheck OPF-060), and case-insensitive file systems merge them.
    while !used.insert(name.to_ascii_lowercase()) {
        name = format!("{stem}-{n}.{ext}");
        n += 1;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_ascii_and_unique() {
        let mut used = HashSet::from(["nav.xhtml".to_string()]);
        assert_eq!(unique_name("nav", "xhtml", &mut used), "nav-2.xhtml");
        assert_eq!(
            unique_name("défaite 1", "xhtml", &mut used),
            "d_faite_1.xhtml"
        );
        assert_eq!(unique_name("Pic", "png", &mut used), "Pic.png");
        assert_eq!(unique_name("pic", "png", &mut used), "pic-2.png");
        assert_eq!(unique_name("NAV", "xhtml", &mut used), "NAV-3.xhtml");
    }
}
