//! Links in the PDF: where headings, note marks and note texts ended up
//! (destinations), and the clickable rectangles of each page (note mark →
//! note, note number → mark, contents entry → heading, Markdown links →
//! their heading or URI). The page builder records both while it places
//! lines; since the whole book is laid out before the first page is drawn,
//! every target is known, forward ones included.

use std::collections::HashMap;

use crate::model::{Book, NoteId, NoteRefId};

/// A place in the PDF: a 0-based page index and a point on it (origin
/// top-left, y down, in points).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dest {
    pub page: usize,
    pub x: f32,
    pub y: f32,
}

/// What a link points at.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// An external address (`https:`, `mailto:`…).
    Uri(String),
    /// A heading or chapter, by id.
    Anchor(String),
    /// The start of a note's text.
    Note(NoteId),
    /// A note's reference mark in the text.
    Mark(NoteRefId),
    /// Resolved: a place in this PDF.
    Dest(Dest),
}

/// A clickable rectangle on a page: left, top, right, bottom in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub rect: [f32; 4],
    pub target: Target,
}

/// Where the page builder put every heading, mark and note text.
#[derive(Debug, Default)]
pub struct Destinations {
    pub anchors: HashMap<String, Dest>,
    pub notes: HashMap<NoteId, Dest>,
    pub marks: HashMap<NoteRefId, Dest>,
}

impl Destinations {
    /// The place a target stands for; `None` if it was never placed.
    pub fn resolve(&self, target: &Target) -> Option<Dest> {
        match target {
            Target::Uri(_) => None,
            Target::Anchor(id) => self.anchors.get(id).copied(),
            Target::Note(id) => self.notes.get(id).copied(),
            Target::Mark(id) => self.marks.get(id).copied(),
            Target::Dest(d) => Some(*d),
        }
    }
}

/// What a link written in the Markdown points at: a URI when it has a
/// scheme, otherwise a heading (`#id`, `chapter.md#id`) or a chapter
/// (`chapter.md`). `None` for a link to nothing in the book.
pub fn target_of_url(book: &Book, url: &str) -> Option<Target> {
    let url = url.trim();
    if has_scheme(url) {
        return Some(Target::Uri(url.to_string()));
    }
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, f),
        None => (url, ""),
    };
    if !fragment.is_empty() {
        return Some(Target::Anchor(fragment.to_string()));
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.is_empty() {
        return None;
    }
    book.chapters
        .iter()
        .find(|c| {
            book.sources
                .get(c.source.0)
                .is_some_and(|s| s.path.rsplit(['/', '\\']).next() == Some(name))
        })
        .map(|c| Target::Anchor(c.id.clone()))
}

/// `scheme:` at the start (letters, digits, `+ - .`, starting with a letter).
fn has_scheme(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_recognised() {
        assert!(has_scheme("https://example.org/a#b"));
        assert!(has_scheme("mailto:someone@example.org"));
        assert!(!has_scheme("#intro"));
        assert!(!has_scheme("essay.md#intro"));
        assert!(!has_scheme("c:/windows"));
    }
}
