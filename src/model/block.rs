//! Block content: paragraphs, headings, quotations, lists and the rest.

use super::{Attrs, Inline, Pos};

/// A block and where it starts in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub pos: Pos,
    pub kind: BlockKind,
    /// Attributes the author gave it in raw HTML (`<p class="epigraph">`);
    /// empty for Markdown blocks.
    pub attrs: Attrs,
}

impl Block {
    /// A block without attributes.
    pub fn new(pos: Pos, kind: BlockKind) -> Block {
        Block {
            pos,
            kind,
            attrs: Attrs::new(),
        }
    }
}

/// The kinds of block. The Markdown front-end produces all but
/// [`BlockKind::Div`] and [`BlockKind::Plain`], which the resolve pass makes
/// when it lowers raw HTML ([`BlockKind::Html`], gone after it).
#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    Paragraph(Vec<Inline>),
    /// Phrasing content outside a paragraph: text written directly inside a
    /// raw `<div>`, `<li>` or `<td>`. Set like a paragraph in print; written
    /// bare in the EPUB.
    Plain(Vec<Inline>),
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
    /// A container element of the author's raw HTML (`<div>`, `<section>`,
    /// `<aside>`, `<details>`…), holding blocks; its attributes are the
    /// block's. Transparent in print.
    Div {
        name: &'static str,
        blocks: Vec<Block>,
    },
    /// A raw HTML block as written. Only between the front-end and the
    /// resolve pass, which lowers it into blocks.
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
