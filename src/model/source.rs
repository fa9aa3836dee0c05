//! Source positions, so every diagnostic (from the front-end or a backend)
//! can name a file, line and column.

/// Index into [`crate::model::Book::sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct SourceId(pub usize);

/// A place in a source file: 1-based line and column (columns count chars).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Pos {
    pub source: SourceId,
    pub line: u32,
    pub col: u32,
}

/// A file the book was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as shown in messages: relative to the current directory when
    /// the user named the book that way, e.g. `book/essay.md`.
    pub path: String,
    /// The file's text as read, kept so that a backend can point a
    /// diagnostic at the exact line and column without reading the file
    /// again (backends do no I/O).
    pub text: String,
}
