//! Diagnostics: messages about the user's book, each naming a file, line and
//! column, printed as `file:line:col: error: message` like a compiler's so
//! editors and CI logs can jump to the place.

pub mod format;
pub mod positions;

use std::fmt;

/// How bad a diagnostic is: errors stop the build (exit 1), warnings do not,
/// and notes only say what Bindery did (a draft chapter left out, a table
/// of `book.toml` that is another tool's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    /// The word printed before the message (`error`, `warning`), also the
    /// `level` of `--message-format json`.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One message about the book's sources.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A short, stable name for the kind of problem (`note-undefined`,
    /// `output-collision`), so CI tools and scripts can match on it rather
    /// than on the wording; [`Diagnostic::GENERIC`] until a producer gives
    /// one with [`Diagnostic::with_code`].
    pub code: &'static str,
    /// The file as the user would name it (e.g. `book/essay.md`).
    pub file: String,
    /// 1-based; 0 when the message concerns the whole file.
    pub line: u32,
    /// 1-based; 0 when unknown.
    pub col: u32,
    pub message: String,
}

impl Diagnostic {
    /// The code of a diagnostic whose producer has not named its kind.
    pub const GENERIC: &'static str = "bindery";

    pub fn error(file: impl Into<String>, line: u32, col: u32, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            code: Self::GENERIC,
            file: file.into(),
            line,
            col,
            message: message.into(),
        }
    }

    pub fn warning(
        file: impl Into<String>,
        line: u32,
        col: u32,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, line, col, message)
        }
    }

    /// The same diagnostic with its stable code (see [`Diagnostic::code`]).
    #[must_use]
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = code;
        self
    }

    /// A message that only informs: nothing is wrong.
    pub fn note(file: impl Into<String>, line: u32, col: u32, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Note,
            ..Self::error(file, line, col, message)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Whether printing `c` raw would act on a terminal instead of showing:
/// control characters (ESC starts escape sequences), bidirectional
/// overrides and isolates (U+202E turns the rest of the line around) and
/// other invisible format characters. The one rule every printer uses.
pub fn is_terminal_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// `text` with every [`is_terminal_unsafe`] character written as its code
/// point (`\u{202E}`), so a file name or a title from a book can be
/// printed to a terminal or a CI log without reordering or hiding what
/// follows it.
pub fn escape_for_terminal(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_terminal_unsafe) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_terminal_unsafe(c) {
            out.push_str(&format!("\\u{{{:04X}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = self.severity.label();
        match (self.line, self.col) {
            (0, _) => write!(f, "{}: {kind}: {}", self.file, self.message),
            (l, 0) => write!(f, "{}:{l}: {kind}: {}", self.file, self.message),
            (l, c) => write!(f, "{}:{l}:{c}: {kind}: {}", self.file, self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_default_and_can_be_set() {
        let d = Diagnostic::warning("a.md", 1, 2, "m");
        assert_eq!(d.code, Diagnostic::GENERIC);
        assert_eq!(d.with_code("note-unused").code, "note-unused");
    }

    #[test]
    fn terminal_escaping_shows_controls_and_bidi_as_code_points() {
        assert_eq!(escape_for_terminal("plain é"), "plain é");
        assert_eq!(
            escape_for_terminal("evil\u{202E}fdp.exe\x1b[2J"),
            "evil\\u{202E}fdp.exe\\u{001B}[2J"
        );
        assert_eq!(escape_for_terminal("a\nb"), "a\\u{000A}b");
    }
}
