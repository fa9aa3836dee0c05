//! Block content: paragraphs, headings, quotations, lists and the rest.

use super::{Attrs, ImageSize, Inline, Pos};

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
/// [`BlockKind::Plain`], which the resolve pass makes when it lowers raw
/// HTML ([`BlockKind::Html`], gone after it); [`BlockKind::Div`] comes from
/// both (a pandoc `:::` fenced div, a raw `<div>`).
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
        /// The highlighted tokens of `text`, in order, not overlapping;
        /// text outside them is plain. Empty until the resolve pass
        /// highlights the block (and for a language it has no grammar for).
        tokens: Vec<Token>,
    },
    /// A definition list (`Term` then `: definition` lines).
    DefinitionList(Vec<Definition>),
    /// A titled box set apart from the text: a GitHub alert
    /// (`> [!NOTE]`) or a pandoc fenced div of one of the same classes
    /// (`::: warning`). Its title is the kind's word in the book's
    /// language ([`crate::lang::Labels::callout`]).
    Callout {
        kind: CalloutKind,
        blocks: Vec<Block>,
    },
    Table(Table),
    /// An image standing alone in its paragraph: a figure, its alt text the
    /// caption's fallback. `asset` indexes [`crate::model::Book::assets`].
    Figure {
        asset: usize,
        alt: String,
        /// The image title (`![alt](src "title")`), shown as the caption.
        caption: Vec<Inline>,
        /// The size the author asked for (`{width=50%}`, `<img width>`).
        size: ImageSize,
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
    /// A GitHub task list item (`- [ ]`, `- [x]`): whether it is done.
    pub task: Option<bool>,
}

impl ListItem {
    /// An ordinary item (not a task).
    pub fn new(blocks: Vec<Block>) -> ListItem {
        ListItem { blocks, task: None }
    }
}

/// One entry of a definition list: a term and its definitions.
#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    pub term: Vec<Inline>,
    /// Each definition (`: …`), as blocks.
    pub details: Vec<Vec<Block>>,
}

/// The kinds of titled box: GitHub's five alerts, which pandoc books write
/// as fenced divs of the same names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalloutKind {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
}

impl CalloutKind {
    /// Every kind, in GitHub's order.
    pub const ALL: [CalloutKind; 5] = [
        CalloutKind::Note,
        CalloutKind::Tip,
        CalloutKind::Important,
        CalloutKind::Warning,
        CalloutKind::Caution,
    ];

    /// The kind's lowercase name: the `[!NAME]` of an alert, the class of
    /// a fenced div, the EPUB's class.
    pub fn name(self) -> &'static str {
        match self {
            CalloutKind::Note => "note",
            CalloutKind::Tip => "tip",
            CalloutKind::Important => "important",
            CalloutKind::Warning => "warning",
            CalloutKind::Caution => "caution",
        }
    }

    /// The kind a class names (`note`, `Warning`…), if any.
    pub fn from_name(name: &str) -> Option<CalloutKind> {
        CalloutKind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(name))
    }
}

/// A highlighted piece of a code block: a byte range of its text (on char
/// boundaries) and what kind of token it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub range: std::ops::Range<usize>,
    pub kind: TokenKind,
}

/// The kinds of token both books distinguish, few enough to tell apart on
/// e-ink and in print by weight and style as well as colour (see
/// `crate::highlight::STYLES`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenKind {
    Comment,
    Keyword,
    String,
    Number,
    /// `true`, `None`, `'c'`, escapes: language constants.
    Constant,
    Function,
    Type,
    /// Markup tags and attribute names, preprocessor and macro names.
    Tag,
}

/// A GitHub-style table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub align: Vec<Align>,
    /// Header cells.
    pub head: Vec<Vec<Inline>>,
    /// Body rows of cells.
    pub rows: Vec<Vec<Vec<Inline>>>,
    /// The caption (pandoc's `Table: …`), empty when there is none.
    pub caption: Vec<Inline>,
}

/// Column alignment in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}
