//! `book.toml`: parsed strictly (unknown keys are errors with a hint) into
//! [`crate::model::Metadata`] and [`crate::model::Settings`].
//!
//! This module only reads text: the paths it finds (cover, fonts,
//! stylesheet) come back as [`ConfigPath`]s with their place in `book.toml`,
//! and the loader (`crate::book`) reads the files and reports a missing one
//! at that place.

mod pdf;
mod tables;

use serde::Deserialize;
use toml::Spanned;
use toml::de::DeTable;

use crate::diag::Diagnostic;
use crate::diag::positions::LineIndex;
use crate::model::{
    ContinuedMark, Contributor, HyphenationSettings, Metadata, NoteNumbering, NotePlacement,
    OutputFormat, PdfSettings,
};
use pdf::{RawPdf, convert_pdf};
pub use pdf::{default_pdf, parse_length};

/// What `book.toml` (or a lone file's front matter) says, before the loader
/// reads the files it names.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Metadata; `modified` is filled in by the loader.
    pub meta: Metadata,
    pub formats: Vec<OutputFormat>,
    /// `[output] name`, if given.
    pub output_name: Option<String>,
    pub note_numbering: NoteNumbering,
    pub note_placement: NotePlacement,
    /// `[notes] continued`: how the PDF marks a continued footnote.
    pub note_continued: ContinuedMark,
    pub pdf: PdfSettings,
    /// `language` is empty when not given: the loader fills in the book's.
    pub hyphenation: HyphenationSettings,
    pub cover: Option<ConfigPath>,
    pub fonts: FontPaths,
    pub stylesheet: Option<ConfigPath>,
    /// `[epub] page-list`: the EPUB lists the print edition's pages;
    /// `None` when not written (then: when the PDF is built beside it).
    pub page_list: Option<bool>,
    /// `[book] src` (mdBook's): the folder holding `SUMMARY.md` and the
    /// chapters, relative to `book.toml`.
    pub src: Option<ConfigPath>,
}

/// A file path written in `book.toml`, relative to it, with where it was
/// written so a missing file is reported at the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigPath {
    pub path: String,
    pub line: u32,
    pub col: u32,
}

/// The `[fonts]` table: each face the author replaces.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FontPaths {
    pub regular: Option<ConfigPath>,
    pub italic: Option<ConfigPath>,
    pub bold: Option<ConfigPath>,
    pub bold_italic: Option<ConfigPath>,
    pub mono: Option<ConfigPath>,
    pub fallback: Option<ConfigPath>,
}

impl Config {
    /// Defaults for a book that has only metadata (a lone Markdown file).
    pub fn with_meta(meta: Metadata) -> Self {
        Config {
            meta,
            formats: vec![OutputFormat::Epub, OutputFormat::Pdf],
            output_name: None,
            note_numbering: NoteNumbering::PerChapter,
            note_placement: NotePlacement::Chapter,
            note_continued: ContinuedMark::Both,
            pdf: default_pdf(),
            hyphenation: HyphenationSettings {
                enabled: true,
                language: String::new(),
                exceptions: Vec::new(),
            },
            cover: None,
            fonts: FontPaths::default(),
            stylesheet: None,
            page_list: None,
            src: None,
        }
    }
}

/// Bindery's tables, each read on its own (see [`tables`]).
#[derive(Default)]
struct RawConfig {
    book: Option<Spanned<RawBook>>,
    output: RawOutput,
    notes: RawNotes,
    pdf: RawPdf,
    fonts: RawFonts,
    hyphenation: RawHyphenation,
    epub: RawEpub,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawBook {
    title: Option<Spanned<String>>,
    subtitle: Option<String>,
    #[serde(default)]
    authors: Vec<Spanned<String>>,
    #[serde(default)]
    contributors: Vec<RawContributor>,
    language: Option<Spanned<String>>,
    identifier: Option<String>,
    isbn: Option<String>,
    publisher: Option<String>,
    source: Option<String>,
    description: Option<String>,
    rights: Option<String>,
    date: Option<Spanned<String>>,
    #[serde(default)]
    subjects: Vec<String>,
    cover: Option<Spanned<String>>,
    src: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContributor {
    name: Spanned<String>,
    role: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawOutput {
    formats: Option<Spanned<Vec<RawFormat>>>,
    name: Option<Spanned<String>>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum RawFormat {
    Epub,
    Pdf,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawNotes {
    numbering: Option<RawNumbering>,
    placement: Option<RawPlacement>,
    continued: Option<RawContinued>,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawContinued {
    Both,
    Rule,
    Label,
    None,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawNumbering {
    Chapter,
    Book,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawPlacement {
    Chapter,
    Book,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFonts {
    regular: Option<Spanned<String>>,
    italic: Option<Spanned<String>>,
    bold: Option<Spanned<String>>,
    bold_italic: Option<Spanned<String>>,
    mono: Option<Spanned<String>>,
    fallback: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawHyphenation {
    enabled: Option<bool>,
    language: Option<Spanned<String>>,
    #[serde(default)]
    exceptions: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawEpub {
    stylesheet: Option<Spanned<String>>,
    page_list: Option<bool>,
}

/// Collects diagnostics against one file, turning byte spans into
/// `line:col`.
struct Reporter<'a> {
    file: &'a str,
    index: LineIndex<'a>,
    diags: Vec<Diagnostic>,
}

impl Reporter<'_> {
    fn error(&mut self, offset: usize, message: impl Into<String>) {
        let (line, col) = self.index.line_col(offset);
        self.diags
            .push(Diagnostic::error(self.file, line, col, message));
    }

    fn note(&mut self, offset: usize, message: impl Into<String>) {
        let (line, col) = self.index.line_col(offset);
        self.diags
            .push(Diagnostic::note(self.file, line, col, message));
    }

    fn line_col(&self, offset: usize) -> (u32, u32) {
        self.index.line_col(offset)
    }

    fn warning(&mut self, offset: usize, message: impl Into<String>) {
        let (line, col) = self.index.line_col(offset);
        self.diags
            .push(Diagnostic::warning(self.file, line, col, message));
    }

    fn path(&self, spanned: Spanned<String>) -> ConfigPath {
        let (line, col) = self.index.line_col(spanned.span().start);
        ConfigPath {
            path: spanned.into_inner().trim().to_string(),
            line,
            col,
        }
    }
}

/// Parses `book.toml`'s text. `file` is its display path for diagnostics.
/// Returns the configuration when there were no errors, and every
/// diagnostic (errors, warnings and notes) found, in file order.
pub fn parse(text: &str, file: &str) -> (Option<Config>, Vec<Diagnostic>) {
    let mut r = Reporter {
        file,
        index: LineIndex::new(text),
        diags: Vec::new(),
    };
    let doc = match DeTable::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            let message = e.message().trim().replace('\n', " ");
            r.error(offset, format!("invalid book.toml: {message}"));
            return (None, r.diags);
        }
    };
    let mut found = tables::sort_out(doc.into_inner(), &mut r);
    let book = found.take("book").map(|t| {
        let span = t.span();
        Spanned::new(span, tables::read("book", Some(t), &mut r))
    });
    let raw = RawConfig {
        book,
        output: tables::read("output", found.take("output"), &mut r),
        notes: tables::read("notes", found.take("notes"), &mut r),
        pdf: tables::read("pdf", found.take("pdf"), &mut r),
        fonts: tables::read("fonts", found.take("fonts"), &mut r),
        hyphenation: tables::read("hyphenation", found.take("hyphenation"), &mut r),
        epub: tables::read("epub", found.take("epub"), &mut r),
    };
    let config = convert(raw, &mut r);
    // Each table was read on its own: put the messages back in file order.
    r.diags.sort_by_key(|d| (d.line, d.col));
    if r.diags.iter().any(Diagnostic::is_error) {
        (None, r.diags)
    } else {
        (Some(config), r.diags)
    }
}

fn convert(raw: RawConfig, r: &mut Reporter) -> Config {
    let (book, book_offset) = match raw.book {
        Some(b) => {
            let start = b.span().start;
            (b.into_inner(), start)
        }
        None => {
            r.error(
                0,
                "missing [book] table: add `[book]` with at least `title = \"…\"`",
            );
            (RawBook::default(), 0)
        }
    };
    let mut meta = Metadata::default();
    match book.title {
        Some(t) if !crate::model::is_blank(t.get_ref()) => {
            meta.title = t.into_inner().trim().into()
        }
        Some(t) => r.error(t.span().start, "[book] title is empty"),
        None => r.error(book_offset, "[book] title is required"),
    }
    meta.subtitle = trimmed(book.subtitle);
    for author in &book.authors {
        match author.get_ref().trim() {
            "" => r.warning(
                author.span().start,
                "[book] authors: an empty name is left out of both books",
            ),
            name => meta.authors.push(name.to_string()),
        }
    }
    for c in book.contributors {
        match c.name.get_ref().trim() {
            "" => r.warning(
                c.name.span().start,
                "[book] contributors: an empty name is left out of both books",
            ),
            name => meta.contributors.push(Contributor {
                name: name.into(),
                role: c.role.trim().into(),
            }),
        }
    }
    meta.language = match book.language {
        Some(l) => {
            let lang = l.get_ref().trim().to_string();
            if !crate::lang::is_language_tag(&lang) {
                r.error(
                    l.span().start,
                    format!("[book] language `{lang}` is not a BCP 47 tag such as `en` or `en-US`"),
                );
            }
            lang
        }
        None => {
            r.warning(book_offset, "[book] language is not set: assuming `en`");
            "en".into()
        }
    };
    meta.identifier = match trimmed(book.identifier) {
        Some(id) => id,
        None => {
            let id = derived_identifier(&meta.title, &meta.authors);
            r.warning(
                book_offset,
                format!("[book] identifier is not set: using `{id}` (derived from the title and authors); set it so it never changes"),
            );
            id
        }
    };
    meta.isbn = trimmed(book.isbn);
    meta.publisher = trimmed(book.publisher);
    meta.source = trimmed(book.source);
    meta.description = trimmed(book.description);
    meta.rights = trimmed(book.rights);
    if let Some(d) = book.date {
        let date = d.get_ref().trim().to_string();
        if !crate::model::is_valid_date(&date) {
            r.error(
                d.span().start,
                format!("[book] date `{date}` is not YYYY, YYYY-MM or YYYY-MM-DD"),
            );
        }
        meta.date = Some(date);
    }
    meta.subjects = book
        .subjects
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();

    let mut config = Config::with_meta(meta);
    config.cover = book.cover.map(|c| r.path(c));
    config.src = book.src.map(|s| r.path(s));
    if let Some(formats) = raw.output.formats {
        if formats.get_ref().is_empty() {
            r.error(
                formats.span().start,
                "[output] formats is empty: list \"epub\", \"pdf\" or both",
            );
        }
        let mut list: Vec<OutputFormat> = formats
            .into_inner()
            .into_iter()
            .map(|f| match f {
                RawFormat::Epub => OutputFormat::Epub,
                RawFormat::Pdf => OutputFormat::Pdf,
            })
            .collect();
        list.sort();
        list.dedup();
        config.formats = list;
    }
    if let Some(name) = raw.output.name {
        let n = name.get_ref().trim().to_string();
        if n.is_empty() || n.contains(['/', '\\']) || n.starts_with('.') {
            r.error(
                name.span().start,
                format!(
                    "[output] name `{n}` must be a plain file name without folders or a leading dot"
                ),
            );
        }
        config.output_name = Some(n);
    }
    config.note_numbering = match raw.notes.numbering {
        Some(RawNumbering::Book) => NoteNumbering::PerBook,
        Some(RawNumbering::Chapter) | None => NoteNumbering::PerChapter,
    };
    config.note_placement = match raw.notes.placement {
        Some(RawPlacement::Book) => NotePlacement::Book,
        Some(RawPlacement::Chapter) | None => NotePlacement::Chapter,
    };
    config.note_continued = match raw.notes.continued {
        Some(RawContinued::Rule) => ContinuedMark::Rule,
        Some(RawContinued::Label) => ContinuedMark::Label,
        Some(RawContinued::None) => ContinuedMark::None,
        Some(RawContinued::Both) | None => ContinuedMark::Both,
    };
    convert_pdf(raw.pdf, &mut config.pdf, r);
    config.fonts = FontPaths {
        regular: raw.fonts.regular.map(|p| r.path(p)),
        italic: raw.fonts.italic.map(|p| r.path(p)),
        bold: raw.fonts.bold.map(|p| r.path(p)),
        bold_italic: raw.fonts.bold_italic.map(|p| r.path(p)),
        mono: raw.fonts.mono.map(|p| r.path(p)),
        fallback: raw.fonts.fallback.map(|p| r.path(p)),
    };
    if let Some(enabled) = raw.hyphenation.enabled {
        config.hyphenation.enabled = enabled;
    }
    if let Some(lang) = raw.hyphenation.language {
        let l = lang.get_ref().trim().to_string();
        if !crate::lang::is_language_tag(&l) {
            r.error(
                lang.span().start,
                format!("[hyphenation] language `{l}` is not a BCP 47 tag such as `en-US`"),
            );
        }
        config.hyphenation.language = l;
    }
    config.hyphenation.exceptions = raw
        .hyphenation
        .exceptions
        .iter()
        .map(|w| w.trim().to_string())
        .filter(|w| !w.is_empty())
        .collect();
    config.stylesheet = raw.epub.stylesheet.map(|p| r.path(p));
    config.page_list = raw.epub.page_list;
    config
}

fn trimmed(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// A stable `urn:uuid:` (v5) from the title and authors, for books that set
/// no identifier: the same book always gets the same one.
pub fn derived_identifier(title: &str, authors: &[String]) -> String {
    let name = format!("bindery:{title}\u{1f}{}", authors.join("\u{1f}"));
    let uuid = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes());
    format!("urn:uuid:{uuid}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths() {
        assert!((parse_length("1in").unwrap() - 72.0).abs() < 1e-4);
        assert!((parse_length("25.4mm").unwrap() - 72.0).abs() < 1e-3);
        assert!((parse_length("2.54cm").unwrap() - 72.0).abs() < 1e-3);
        assert_eq!(parse_length("12pt"), Some(12.0));
        assert_eq!(parse_length("12"), Some(12.0));
        assert_eq!(parse_length("twelve"), None);
    }

    #[test]
    fn full_config() {
        let text = r#"
[book]
title = "  A Title "
authors = ["A. Author"]
language = "en-US"
identifier = "urn:uuid:0b2f4f0e-2bd8-4a8e-9d8e-0d6e5d1c6f00"
date = "2008-09"
cover = "c.jpg"

[output]
formats = ["pdf"]
name = "x"

[notes]
numbering = "book"

[pdf]
trim = { width = "140mm", height = "216mm" }
font-size = 11
margins = { top = "1in", bottom = 36, inner = "2cm", outer = "12pt" }
"#;
        let (config, diags) = parse(text, "book.toml");
        assert!(diags.is_empty(), "{diags:?}");
        let c = config.unwrap();
        assert_eq!(c.meta.title, "A Title");
        assert_eq!(c.formats, vec![OutputFormat::Pdf]);
        assert_eq!(c.note_numbering, NoteNumbering::PerBook);
        assert_eq!(c.pdf.font_size, 11.0);
        assert_eq!(c.pdf.leading, 14.5);
        assert_eq!(c.pdf.margins.top, 72.0);
        assert_eq!(c.pdf.margins.bottom, 36.0);
        assert_eq!(c.cover.unwrap().line, 8);
    }

    #[test]
    fn empty_names_are_left_out_with_a_warning_at_each() {
        let text = "[book]\ntitle = \"T\"\nlanguage = \"en\"\nauthors = [\"A\", \" \"]\n\
                    contributors = [{ name = \"\", role = \"trl\" }, { name = \"B\", role = \"ill\" }]\n";
        let (config, diags) = parse(text, "book.toml");
        let meta = config.unwrap().meta;
        assert_eq!(meta.authors, vec!["A"]);
        assert_eq!(meta.contributors.len(), 1);
        assert_eq!(meta.contributors[0].name, "B");
        let warned: Vec<(u32, u32)> = diags
            .iter()
            .filter(|d| d.message.contains("an empty name is left out"))
            .map(|d| (d.line, d.col))
            .collect();
        assert_eq!(warned, vec![(4, 17), (5, 26)], "{diags:?}");
    }
}
