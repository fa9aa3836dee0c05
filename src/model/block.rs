//! Block content: paragraphs, headings, quotations, lists and the rest.

use super::{Inline, Pos};

/// A block and where it starts in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub pos: Pos,
    pub kind: BlockKind,
}

/// The kinds of block the Markdown front-end produces.
#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    Paragraph(Vec<Inline>),
    Heading {
        /// 1 to 6; level 1 is a chapter title.
        level: u8,
        /// Unique within the book, XML-safe: from `{#id}` or a slug of the text.
        id: String,
        /// May contain note references; [`crate::model::inlines_plain_text`]
        /// gives the text for navigation without them.
        content: Vec<Inline>,
    },
    BlockQuote(Vec<Block>),
    List {
        /// `Some(start)` for an ordered list.
        start: Option<u64>,
        /// Tight lists have no paragraph spacing between items.
        tight: bool,
        items: Vec<ListItem>,
    },
    CodeBlock {
        /// The info string's first word, if any (`rust`, `toml`).
        lang: Option<String>,
        text: String,
    },
    Table(Table),
    /// An image standing alone in its paragraph: a figure, its alt text the
    /// caption's fallback. `asset` indexes [`crate::model::Book::assets`].
    Figure {
        asset: usize,
        alt: String,
        /// The image title (`![alt](src "title")`), shown as the caption.
        caption: Vec<Inline>,
    },
    ThematicBreak,
    /// A raw HTML block as written. The EPUB re-serialises it as XHTML; the
    /// PDF typesets its text content only.
    Html(String),
}

/// One item of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    pub blocks: Vec<Block>,
}

/// A GitHub-style table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub align: Vec<Align>,
    /// Header cells.
    pub head: Vec<Vec<Inline>>,
    /// Body rows of cells.
    pub rows: Vec<Vec<Vec<Inline>>>,
}

/// Column alignment in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}
