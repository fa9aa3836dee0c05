//! Diagnostics: messages about the user's book, each naming a file, line and
//! column, printed as `file:line:col: error: message` like a compiler's so
//! editors and CI logs can jump to the place.

pub mod positions;

use std::fmt;

/// How bad a diagnostic is: errors stop the build (exit 1), warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

/// One message about the book's sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as the user would name it (e.g. `book/essay.md`).
    pub file: String,
    /// 1-based; 0 when the message concerns the whole file.
    pub line: u32,
    /// 1-based; 0 when unknown.
    pub col: u32,
    pub message: String,
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, line: u32, col: u32, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
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

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match (self.line, self.col) {
            (0, _) => write!(f, "{}: {kind}: {}", self.file, self.message),
            (l, 0) => write!(f, "{}:{l}: {kind}: {}", self.file, self.message),
            (l, c) => write!(f, "{}:{l}:{c}: {kind}: {}", self.file, self.message),
        }
    }
}
