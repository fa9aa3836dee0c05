//! Where everything goes inside the package: file names for chapters,
//! images and fonts, anchors for notes, and how a link written in the
//! Markdown (`chapter.md#id`, `#id`) becomes an href between XHTML files.
//!
//! All XHTML files sit side by side in `OEBPS/`, so hrefs between them are
//! bare file names.

use std::collections::{HashMap, HashSet};

use super::xml::is_ncname;
use crate::model::{Block, BlockKind, Book, Inline, NoteId, NotePlacement, NoteRefId};

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
    /// Heading id → chapter index.
    heading_chapter: HashMap<String, usize>,
    /// An `id` written in the author's raw HTML → chapter index. A link's
    /// fragment must be a heading's id or one of these, or the EPUB would
    /// fail EPUBCheck (RSC-012).
    html_anchor_chapter: HashMap<String, usize>,
    /// Normalised source path → chapter index (its first chapter).
    source_chapter: HashMap<String, usize>,
    /// Source directory of each chapter, for resolving relative links.
    chapter_dirs: Vec<String>,
    /// Asset href (relative to the book folder) → asset index.
    asset_by_href: HashMap<String, usize>,
    placement: NotePlacement,
    /// Each note's chapter.
    note_chapter: Vec<usize>,
}

/// What a link written in the book points at.
#[derive(Debug, PartialEq, Eq)]
pub enum LinkTarget {
    /// An href to write.
    Href(String),
    /// A `javascript:` (or similar) URL: removed.
    Script,
    /// A relative path that is no chapter or image of the book, or a
    /// fragment that is no anchor of it.
    Missing,
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
        let mut heading_chapter = HashMap::new();
        let mut html_anchor_chapter = HashMap::new();
        for (i, chapter) in book.chapters.iter().enumerate() {
            collect_ids(
                &chapter.blocks,
                i,
                &mut heading_chapter,
                &mut html_anchor_chapter,
            );
        }
        let mut source_chapter = HashMap::new();
        let mut chapter_dirs = Vec::new();
        for (i, chapter) in book.chapters.iter().enumerate() {
            let path = book
                .sources
                .get(chapter.source.0)
                .map(|s| normalise(&s.path))
                .unwrap_or_default();
            chapter_dirs.push(match path.rfind('/') {
                Some(slash) => path[..=slash].to_string(),
                None => String::new(),
            });
            source_chapter.entry(path).or_insert(i);
        }
        let asset_by_href = book
            .assets
            .iter()
            .enumerate()
            .map(|(i, a)| (normalise(&a.href), i))
            .collect();
        let notes_file = (book.settings.note_placement == NotePlacement::Book
            && !book.notes.is_empty())
        .then(|| NOTES_PAGE.to_string());
        Self {
            chapter_files,
            image_paths,
            notes_file,
            heading_chapter,
            html_anchor_chapter,
            source_chapter,
            chapter_dirs,
            asset_by_href,
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

    /// The chapter holding a heading id, if any.
    pub fn heading_chapter(&self, id: &str) -> Option<usize> {
        self.heading_chapter.get(id).copied()
    }

    /// The chapter holding an anchor: a heading, or an id in raw HTML.
    fn anchor_chapter(&self, id: &str) -> Option<usize> {
        self.heading_chapter(id)
            .or_else(|| self.html_anchor_chapter.get(id).copied())
    }

    /// Resolves a link as written in `chapter`'s source.
    pub fn resolve_link(&self, url: &str, chapter: Option<usize>) -> LinkTarget {
        let url = url.trim();
        if has_scheme(url) {
            let scheme = url.split(':').next().unwrap_or("").to_ascii_lowercase();
            return if matches!(scheme.as_str(), "javascript" | "vbscript" | "livescript") {
                LinkTarget::Script
            } else {
                LinkTarget::Href(url.to_string())
            };
        }
        let (path, fragment) = match url.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (url, None),
        };
        if path.is_empty() {
            let fragment = fragment.unwrap_or("");
            return match self.anchor_chapter(fragment) {
                Some(c) => LinkTarget::Href(format!("{}#{fragment}", self.chapter_file(c))),
                None => LinkTarget::Missing,
            };
        }
        let dir = chapter
            .and_then(|c| self.chapter_dirs.get(c))
            .map_or("", |s| s.as_str());
        let target = normalise(&format!("{dir}{}", percent_decode(path)));
        if let Some(&c) = self.source_chapter.get(&target) {
            let file = self.chapter_file(c);
            return match fragment {
                // The heading may stand in a later part of the same source
                // (a single file split into chapters at level-1 headings).
                Some(f) if !f.is_empty() => match self.anchor_chapter(f) {
                    Some(h) => LinkTarget::Href(format!("{}#{f}", self.chapter_file(h))),
                    None => LinkTarget::Missing,
                },
                _ => LinkTarget::Href(file.to_string()),
            };
        }
        match self.image_for(&target) {
            Some(i) => LinkTarget::Href(self.image_paths[i].clone()),
            None => LinkTarget::Missing,
        }
    }

    /// The package path of an image written as `src` in raw HTML.
    pub fn resolve_image(&self, src: &str, chapter: Option<usize>) -> Option<&str> {
        let dir = chapter
            .and_then(|c| self.chapter_dirs.get(c))
            .map_or("", |s| s.as_str());
        let target = normalise(&format!("{dir}{}", percent_decode(src.trim())));
        self.image_for(&target)
            .map(|i| self.image_paths[i].as_str())
    }

    /// Asset hrefs are relative to the book folder, source paths to the
    /// current directory: match on the path's tail.
    fn image_for(&self, target: &str) -> Option<usize> {
        if let Some(&i) = self.asset_by_href.get(target) {
            return Some(i);
        }
        let mut rest = target;
        while let Some((_, tail)) = rest.split_once('/') {
            if let Some(&i) = self.asset_by_href.get(tail) {
                return Some(i);
            }
            rest = tail;
        }
        None
    }
}

/// Heading ids into `headings`, ids of raw HTML into `html`.
fn collect_ids(
    blocks: &[Block],
    chapter: usize,
    headings: &mut HashMap<String, usize>,
    html: &mut HashMap<String, usize>,
) {
    for block in blocks {
        match &block.kind {
            BlockKind::Heading { id, content, .. } => {
                headings.entry(id.clone()).or_insert(chapter);
                collect_inline_ids(content, chapter, html);
            }
            BlockKind::Paragraph(inlines) => collect_inline_ids(inlines, chapter, html),
            BlockKind::BlockQuote(inner) => collect_ids(inner, chapter, headings, html),
            BlockKind::List { items, .. } => {
                for item in items {
                    collect_ids(&item.blocks, chapter, headings, html);
                }
            }
            BlockKind::Table(table) => {
                for cell in table.head.iter().chain(table.rows.iter().flatten()) {
                    collect_inline_ids(cell, chapter, html);
                }
            }
            BlockKind::Html(text) => collect_html_ids(text, chapter, html),
            _ => {}
        }
    }
}

fn collect_inline_ids(inlines: &[Inline], chapter: usize, out: &mut HashMap<String, usize>) {
    for inline in inlines {
        match inline {
            Inline::Html { html, .. } => collect_html_ids(html, chapter, out),
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Link { content: c, .. } => collect_inline_ids(c, chapter, out),
            _ => {}
        }
    }
}

/// The `id`s the sanitiser keeps (XML names) in a piece of raw HTML.
fn collect_html_ids(html: &str, chapter: usize, out: &mut HashMap<String, usize>) {
    use html5gum::{Token, Tokenizer};
    for token in Tokenizer::new(html).flatten() {
        if let Token::StartTag(tag) = token
            && let Some(id) = tag.attributes.get(b"id".as_slice())
        {
            let id = String::from_utf8_lossy(id).into_owned();
            if is_ncname(&id) {
                out.entry(id).or_insert(chapter);
            }
        }
    }
}

fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(colon) => {
            let scheme = &url[..colon];
            scheme.len() > 1
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// `a/./b/../c` → `a/c`; leading `./` removed; backslashes as slashes.
fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
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
    while !used.insert(name.clone()) {
        name = format!("{stem}-{n}.{ext}");
        n += 1;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalise_and_decode() {
        assert_eq!(normalise("book/./a/../b.md"), "book/b.md");
        assert_eq!(normalise("./x.png"), "x.png");
        assert_eq!(percent_decode("my%20file.md"), "my file.md");
        assert_eq!(percent_decode("100%"), "100%");
        assert!(has_scheme("https://x"));
        assert!(!has_scheme("c:x") && !has_scheme("a.md#b:c"));
    }

    #[test]
    fn names_are_ascii_and_unique() {
        let mut used = HashSet::from(["nav.xhtml".to_string()]);
        assert_eq!(unique_name("nav", "xhtml", &mut used), "nav-2.xhtml");
        assert_eq!(
            unique_name("défaite 1", "xhtml", &mut used),
            "d_faite_1.xhtml"
        );
    }
}
