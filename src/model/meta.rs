//! Book metadata, from `book.toml`'s `[book]` table or a lone file's YAML
//! front matter.

/// What the book is and who made it. Both backends write all of it: the EPUB
/// into its OPF, the PDF into its document info, XMP and title page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Metadata {
    pub title: String,
    pub subtitle: Option<String>,
    /// The authors, in order (`dc:creator` with role `aut`).
    pub authors: Vec<String>,
    /// Editors, translators, illustrators... with MARC relator roles.
    pub contributors: Vec<Contributor>,
    /// BCP 47 language tag, e.g. `en-US`.
    pub language: String,
    /// A stable unique identifier: `urn:uuid:...`, `urn:isbn:...` or any URI.
    pub identifier: String,
    pub isbn: Option<String>,
    pub publisher: Option<String>,
    /// Where the text first appeared (`dc:source`), e.g. a magazine issue.
    pub source: Option<String>,
    pub description: Option<String>,
    pub rights: Option<String>,
    /// Publication date as written: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Subjects / keywords.
    pub subjects: Vec<String>,
    /// Last modification as seconds since the Unix epoch: `SOURCE_DATE_EPOCH`
    /// when set, else the newest source file's modification time. Never the
    /// clock at build time, so builds are reproducible.
    pub modified: i64,
}

/// Characters that draw nothing and that no glyph may stand for: U+FEFF (a
/// zero-width no-break space, or a stray byte-order mark) and the
/// noncharacter U+FFFE. The resolve pass takes them out of the model; a
/// title made of them and spaces is no title.
pub const INVISIBLE: [char; 2] = ['\u{FEFF}', '\u{FFFE}'];

/// Whether `text` shows nothing: only white space and [`INVISIBLE`]
/// characters.
pub fn is_blank(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || INVISIBLE.contains(&c))
}

impl Metadata {
    /// The title both books give their metadata: the book's own, or
    /// "Untitled" when it shows nothing (PDF/UA and the OPF need one).
    pub fn shown_title(&self) -> &str {
        if is_blank(&self.title) {
            "Untitled"
        } else {
            self.title.trim()
        }
    }
}

/// A contributor other than an author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contributor {
    pub name: String,
    /// MARC relator code: `edt`, `trl`, `ill`, `aui` (introduction)...
    pub role: String,
}
