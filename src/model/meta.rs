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

/// A contributor other than an author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contributor {
    pub name: String,
    /// MARC relator code: `edt`, `trl`, `ill`, `aui` (introduction)...
    pub role: String,
}
/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, with a real month and day.
pub fn is_valid_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if parts.is_empty() || parts.len() > 3 || !digits(parts[0], 4) {
        return false;
    }
    let year: u32 = parts[0].parse().unwrap_or(0);
    let Some(month) = parts.get(1) else {
        return true;
    };
    if !digits(month, 2) {
        return false;
    }
    let month: u32 = month.parse().unwrap_or(0);
    if !(1..=12).contains(&month) {
        return false;
    }
    let Some(day) = parts.get(2) else {
        return true;
    };
    if !digits(day, 2) {
        return false;
    }
    let day: u32 = day.parse().unwrap_or(0);
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days).contains(&day)
}
