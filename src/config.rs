//! `book.toml`: parsed strictly (unknown keys are errors with a hint) into
//! [`crate::model::Metadata`] and [`crate::model::Settings`].
//!
//! This module only reads text: the paths it finds (cover, fonts,
//! stylesheet) come back as [`ConfigPath`]s with their place in `book.toml`,
//! and the loader (`crate::book`) reads the files and reports a missing one
//! at that place.

mod tables;

use serde::Deserialize;
use toml::Spanned;
use toml::de::DeTable;

use crate::diag::Diagnostic;
use crate::diag::positions::LineIndex;
use crate::model::{
    ContinuedMark, Contributor, HyphenationSettings, MIN_MEASURE_EMS, MIN_PAGE_LINES, Margins,
    Metadata, NoteNumbering, NotePlacement, OutputFormat, PdfSettings, TrimSize,
};

/// Points per millimetre.
const PT_PER_MM: f32 = 72.0 / 25.4;

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
            src: None,
        }
    }
}

/// The default page: A5, 10.5/13.5 pt, margins for a paperback.
pub fn default_pdf() -> PdfSettings {
    PdfSettings {
        trim: TrimSize {
            width: 148.0 * PT_PER_MM,
            height: 210.0 * PT_PER_MM,
        },
        margins: Margins {
            top: 15.0 * PT_PER_MM,
            bottom: 18.0 * PT_PER_MM,
            inner: 18.0 * PT_PER_MM,
            outer: 14.0 * PT_PER_MM,
        },
        font_size: 10.5,
        leading: default_leading(10.5),
    }
}

/// 1.3 × the font size, rounded to the nearest half point.
fn default_leading(font_size: f32) -> f32 {
    (font_size * 1.3 * 2.0).round() / 2.0
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
struct RawPdf {
    trim: Option<Spanned<toml::Value>>,
    font_size: Option<Spanned<f64>>,
    leading: Option<Spanned<f64>>,
    margins: Option<RawMargins>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawMargins {
    top: Option<Spanned<toml::Value>>,
    bottom: Option<Spanned<toml::Value>>,
    inner: Option<Spanned<toml::Value>>,
    outer: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTrimSize {
    width: toml::Value,
    height: toml::Value,
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
#[serde(deny_unknown_fields)]
struct RawEpub {
    stylesheet: Option<Spanned<String>>,
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
        Some(t) if !t.get_ref().trim().is_empty() => meta.title = t.into_inner().trim().into(),
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
    config
}

fn convert_pdf(raw: RawPdf, pdf: &mut PdfSettings, r: &mut Reporter) {
    // Where a problem of the page as a whole is reported: the first of the
    // keys that shape it.
    let trim_offset = raw.trim.as_ref().map(|t| t.span().start);
    let margins_offset = raw.margins.as_ref().and_then(|m| {
        [&m.top, &m.bottom, &m.inner, &m.outer]
            .into_iter()
            .flatten()
            .map(|v| v.span().start)
            .min()
    });
    let size_offset = raw.font_size.as_ref().map(|s| s.span().start);
    let leading_offset = raw.leading.as_ref().map(|s| s.span().start);
    let area_offset = margins_offset.or(trim_offset).unwrap_or(0);
    if let Some(trim) = raw.trim {
        let offset = trim.span().start;
        match trim.into_inner() {
            toml::Value::String(name) => match named_trim(name.trim()) {
                Some(size) => pdf.trim = size,
                None => r.error(
                    offset,
                    format!("[pdf] trim `{name}` is unknown: use a4, a5, letter, 6x9, 5.5x8.5 or {{ width = \"…\", height = \"…\" }}"),
                ),
            },
            value @ toml::Value::Table(_) => match value.try_into::<RawTrimSize>() {
                Ok(size) => {
                    let width = length(&size.width, offset, "[pdf] trim width", r);
                    let height = length(&size.height, offset, "[pdf] trim height", r);
                    if let (Some(width), Some(height)) = (width, height) {
                        pdf.trim = TrimSize { width, height };
                    }
                }
                Err(e) => r.error(offset, format!("[pdf] trim: {}", e.message().trim())),
            },
            _ => r.error(
                offset,
                "[pdf] trim must be a name (a4, a5, letter, 6x9, 5.5x8.5) or { width = \"…\", height = \"…\" }",
            ),
        }
    }
    let mut leading_given = false;
    if let Some(size) = raw.font_size {
        let v = *size.get_ref();
        if !(4.0..=72.0).contains(&v) {
            r.error(
                size.span().start,
                format!("[pdf] font-size {} is outside 4–72 pt", number(v)),
            );
        } else {
            pdf.font_size = v as f32;
        }
    }
    if let Some(leading) = raw.leading {
        let v = *leading.get_ref();
        if !(4.0..=144.0).contains(&v) {
            r.error(
                leading.span().start,
                format!("[pdf] leading {} is outside 4–144 pt", number(v)),
            );
        } else {
            pdf.leading = v as f32;
            leading_given = true;
        }
    }
    if !leading_given {
        pdf.leading = default_leading(pdf.font_size);
    }
    if let Some(m) = raw.margins {
        for (value, slot, name) in [
            (m.top, &mut pdf.margins.top, "top"),
            (m.bottom, &mut pdf.margins.bottom, "bottom"),
            (m.inner, &mut pdf.margins.inner, "inner"),
            (m.outer, &mut pdf.margins.outer, "outer"),
        ] {
            if let Some(v) = value
                && let Some(pt) = length(
                    v.get_ref(),
                    v.span().start,
                    &format!("[pdf] margins {name}"),
                    r,
                )
            {
                *slot = pt;
            }
        }
    }
    let text_width = pdf.trim.width - pdf.margins.inner - pdf.margins.outer;
    let text_height = pdf.trim.height - pdf.margins.top - pdf.margins.bottom;
    if text_width < 72.0 || text_height < 72.0 {
        r.error(
            area_offset,
            format!(
                "[pdf] the margins leave a text area of {text_width:.0}×{text_height:.0} pt: it must be at least 72×72 pt"
            ),
        );
    } else if text_width < MIN_MEASURE_EMS * pdf.font_size {
        r.error(
            size_offset.unwrap_or(area_offset),
            format!(
                "[pdf] font-size {} pt is too large for a text area {text_width:.0} pt wide: a line must hold {MIN_MEASURE_EMS} ems, so the font size can be at most {:.1} pt (or widen the page or narrow the margins)",
                pdf.font_size,
                text_width / MIN_MEASURE_EMS
            ),
        );
    } else if text_height < MIN_PAGE_LINES * pdf.grid_leading() {
        r.error(
            leading_offset.or(size_offset).unwrap_or(area_offset),
            format!(
                "[pdf] a leading of {} pt fits only {:.1} lines in a text area {text_height:.0} pt tall: a page must hold {MIN_PAGE_LINES} lines (or make the page taller or the margins smaller)",
                pdf.grid_leading(),
                text_height / pdf.grid_leading()
            ),
        );
    } else if pdf.margins.top < pdf.running_head_room() {
        let need = pdf.running_head_room();
        r.error(
            margins_offset
                .or(trim_offset)
                .or(leading_offset)
                .or(size_offset)
                .unwrap_or(0),
            format!(
                "[pdf] a top margin of {:.1} pt leaves no room for the running head (set a leading and a half above the text): make it at least {need:.1} pt ({:.1}mm)",
                pdf.margins.top,
                need / PT_PER_MM
            ),
        );
    }
}

/// A number as the author wrote it, in exponent form when huge (`1e300`
/// would otherwise print as three hundred digits).
fn number(v: f64) -> String {
    if v.is_finite() && v.abs() >= 1e6 {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// Page sizes by name, in points.
fn named_trim(name: &str) -> Option<TrimSize> {
    let (w, h) = match name.to_ascii_lowercase().as_str() {
        "a4" => (210.0 * PT_PER_MM, 297.0 * PT_PER_MM),
        "a5" => (148.0 * PT_PER_MM, 210.0 * PT_PER_MM),
        "letter" => (8.5 * 72.0, 11.0 * 72.0),
        "6x9" => (6.0 * 72.0, 9.0 * 72.0),
        "5.5x8.5" => (5.5 * 72.0, 8.5 * 72.0),
        _ => return None,
    };
    Some(TrimSize {
        width: w,
        height: h,
    })
}

/// A length in points from `"15mm"`, `"2cm"`, `"1in"`, `"12pt"`, `"12"` or a
/// bare number (points). Reports an error and returns `None` otherwise.
fn length(value: &toml::Value, offset: usize, what: &str, r: &mut Reporter) -> Option<f32> {
    let parsed = match value {
        toml::Value::Integer(i) => Some(*i as f32),
        toml::Value::Float(f) => Some(*f as f32),
        toml::Value::String(s) => parse_length(s),
        _ => None,
    };
    match parsed {
        Some(pt) if pt.is_finite() && (0.0..14400.0).contains(&pt) => Some(pt),
        _ => {
            r.error(
                offset,
                format!("{what} must be a length such as \"15mm\", \"2cm\", \"1in\", \"12pt\" or a number of points"),
            );
            None
        }
    }
}

/// Parses a length string into points.
pub fn parse_length(text: &str) -> Option<f32> {
    let t = text.trim();
    let (number, factor) = if let Some(n) = t.strip_suffix("mm") {
        (n, PT_PER_MM)
    } else if let Some(n) = t.strip_suffix("cm") {
        (n, PT_PER_MM * 10.0)
    } else if let Some(n) = t.strip_suffix("in") {
        (n, 72.0)
    } else if let Some(n) = t.strip_suffix("pt") {
        (n, 1.0)
    } else {
        (t, 1.0)
    };
    let n: f32 = number.trim().parse().ok()?;
    n.is_finite().then_some(n * factor)
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
