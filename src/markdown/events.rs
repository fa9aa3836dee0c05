//! pulldown-cmark's event stream → model blocks and inlines, one source file
//! at a time. Note references come out as placeholders (see
//! [`super::PendingRef`]) that [`super::notes`] resolves once the chapters
//! are known; heading ids are left empty unless written (`{#id}`), and raw
//! HTML and link URLs are kept as written: the resolve pass
//! (`crate::resolve`) gives ids, lowers HTML and resolves links.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{Alignment, BlockQuoteKind, CodeBlockKind, Event, Tag};

use super::fences::Fence;
use super::inlines::is_inline;
use super::pandoc_tables::TableInfo;
use super::{Document, FootnoteDef, ImageResolver, PendingRef, options};
use crate::diag::Diagnostic;
use crate::diag::positions::SourceMap;
use crate::model::{Align, Attrs, Block, BlockKind, CalloutKind, Inline, ListItem, Pos, Table};

/// The `occurrence` that marks a [`NoteRefId`] as a placeholder whose `note`
/// indexes [`Document::references`].
pub const PENDING: usize = usize::MAX;

/// How deeply blocks and inlines may nest (block quotes in list items in
/// block quotes, emphasis in links, …). Every stage after the parser walks
/// the model recursively, so a hostile file nested thousands deep would
/// overflow the stack; no real book comes near this.
pub const MAX_NESTING: usize = 100;

/// What the pre-passes found that pulldown-cmark does not parse, by the
/// offset of the event each was rewritten into.
#[derive(Debug, Default)]
pub struct Syntax {
    /// pandoc fence lines, by the offset of the `Rule` each became.
    pub fences: HashMap<usize, Fence>,
    /// pandoc tables, by the offset of the pipe table each became.
    pub tables: BTreeMap<usize, TableInfo>,
}

/// Walks one file's events, building blocks and collecting diagnostics.
pub struct Converter<'a, 'r> {
    pub(super) events: Vec<(Event<'a>, Range<usize>)>,
    pub(super) next: usize,
    pub(super) text: &'a str,
    map: &'r SourceMap<'a>,
    pub(super) images: &'r mut dyn ImageResolver,
    diags: &'r mut Vec<Diagnostic>,
    pub(super) references: Vec<PendingRef>,
    pub(super) definitions: Vec<FootnoteDef>,
    /// Inside a footnote definition, where note references are refused.
    pub(super) in_note: bool,
    /// Inside a link's text, where `@name` is no citation.
    pub(super) in_link: bool,
    /// pandoc's fences and tables.
    syntax: Syntax,
    /// Fenced-div classes already reported as print-less in this file.
    pub(super) warned_classes: HashSet<String>,
    /// The event a run of text may not merge into: the end of the inline
    /// note being read (`usize::MAX` outside one).
    pub(super) text_stop: usize,
}

/// Why a run of blocks ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// The enclosing container's `End` (consumed), or the end of the file.
    End,
    /// A closing `:::` fence (consumed).
    Fence,
}

impl<'a, 'r> Converter<'a, 'r> {
    pub fn new(
        text: &'a str,
        map: &'r SourceMap<'a>,
        images: &'r mut dyn ImageResolver,
        diags: &'r mut Vec<Diagnostic>,
        syntax: Syntax,
    ) -> Self {
        let mut events: Vec<_> = pulldown_cmark::Parser::new_ext(text, options())
            .into_offset_iter()
            .collect();
        if text.contains(super::pandoc_inline::CARET) {
            super::pandoc_inline::restore_carets(&mut events);
        }
        Converter {
            events,
            next: 0,
            text,
            map,
            images,
            diags,
            references: Vec::new(),
            definitions: Vec::new(),
            in_note: false,
            in_link: false,
            syntax,
            warned_classes: HashSet::new(),
            text_stop: usize::MAX,
        }
    }

    /// Converts the whole file. A file nested deeper than [`MAX_NESTING`]
    /// is reported where it crosses the limit and yields no blocks.
    pub fn run(mut self) -> Document {
        if let Some(offset) = self.too_deep() {
            self.error_at(
                offset,
                format!(
                    "nested more than {MAX_NESTING} levels deep (block quotes, lists or emphasis): flatten the structure"
                ),
            );
            return Document {
                blocks: Vec::new(),
                definitions: Vec::new(),
                references: Vec::new(),
            };
        }
        let blocks = self.blocks();
        Document {
            blocks,
            definitions: self.definitions,
            references: self.references,
        }
    }

    /// Where the nesting first goes deeper than [`MAX_NESTING`], if it does.
    fn too_deep(&self) -> Option<usize> {
        let mut depth = 0usize;
        for (event, range) in &self.events {
            match event {
                Event::Start(_) => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Some(range.start);
                    }
                }
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        None
    }

    pub(super) fn pos(&self, offset: usize) -> Pos {
        self.map.locate(offset).0
    }

    /// An error at byte `offset` of the parsed text.
    pub(super) fn error_at(&mut self, offset: usize, message: String) {
        let (pos, file) = self.map.locate(offset);
        self.diags
            .push(Diagnostic::error(file, pos.line, pos.col, message));
    }

    /// A warning at byte `offset` of the parsed text.
    pub(super) fn warn_at(&mut self, offset: usize, message: String) {
        let (pos, file) = self.map.locate(offset);
        self.diags
            .push(Diagnostic::warning(file, pos.line, pos.col, message));
    }

    pub(super) fn peek(&self) -> Option<&Event<'a>> {
        self.events.get(self.next).map(|(e, _)| e)
    }

    pub(super) fn bump(&mut self) -> Option<(Event<'a>, Range<usize>)> {
        let item = self.events.get(self.next).cloned();
        self.next += 1;
        item
    }

    /// Blocks until the end of the enclosing container (its `End` event is
    /// consumed) or of the file.
    pub(super) fn blocks(&mut self) -> Vec<Block> {
        self.blocks_until(false).0
    }

    /// Blocks until the end of the enclosing container or, `in_fence`, a
    /// closing `:::` fence; and which ended them.
    fn blocks_until(&mut self, in_fence: bool) -> (Vec<Block>, Stop) {
        let mut out = Vec::new();
        while let Some(event) = self.peek() {
            if is_inline(event) {
                // A tight list item holds its text without a paragraph.
                let start = self.events[self.next].1.start;
                let mut inlines = Vec::new();
                while self.peek().is_some_and(is_inline) {
                    self.inline(&mut inlines);
                }
                out.push(Block::new(self.pos(start), BlockKind::Paragraph(inlines)));
                continue;
            }
            let Some((event, range)) = self.bump() else {
                break;
            };
            let pos = self.pos(range.start);
            let kind = match event {
                Event::End(_) => break,
                Event::Start(Tag::Paragraph) => {
                    let block = self.paragraph(pos);
                    out.push(block);
                    continue;
                }
                Event::Start(tag) => match self.block(tag, range) {
                    Some(kind) => kind,
                    None => continue,
                },
                Event::Rule => match self.syntax.fences.get(&range.start).cloned() {
                    None => BlockKind::ThematicBreak,
                    Some(Fence::Close) if in_fence => return (out, Stop::Fence),
                    Some(Fence::Close) => {
                        self.warn_at(
                            range.start,
                            "closing `:::` fence without an opening one: left out".into(),
                        );
                        continue;
                    }
                    Some(Fence::Open(attrs)) => {
                        let (blocks, stop) = self.blocks_until(true);
                        let block = self.fenced_div(attrs, blocks, pos, range.start);
                        out.push(block);
                        if stop == Stop::End {
                            self.warn_at(
                                range.start,
                                "this `:::` fenced div is never closed: it ends with the \
                                 enclosing block or the file"
                                    .into(),
                            );
                            return (out, Stop::End);
                        }
                        continue;
                    }
                },
                Event::Html(html) => BlockKind::Html(html.to_string()),
                _ => continue,
            };
            out.push(Block::new(pos, kind));
        }
        (out, Stop::End)
    }

    /// One block-level container, its `Start` already consumed. `None` for
    /// what produces no block (definitions, metadata, unsupported tags).
    fn block(&mut self, tag: Tag<'a>, range: Range<usize>) -> Option<BlockKind> {
        let pos = self.pos(range.start);
        Some(match tag {
            Tag::Heading { level, id, .. } => BlockKind::Heading {
                level: level as u8,
                id: id.map(|i| i.trim().to_string()).unwrap_or_default(),
                content: self.inlines(),
            },
            Tag::BlockQuote(None) => BlockKind::BlockQuote(self.blocks()),
            Tag::BlockQuote(Some(alert)) => BlockKind::Callout {
                kind: match alert {
                    BlockQuoteKind::Note => CalloutKind::Note,
                    BlockQuoteKind::Tip => CalloutKind::Tip,
                    BlockQuoteKind::Important => CalloutKind::Important,
                    BlockQuoteKind::Warning => CalloutKind::Warning,
                    BlockQuoteKind::Caution => CalloutKind::Caution,
                },
                blocks: self.blocks(),
            },
            Tag::DefinitionList => BlockKind::DefinitionList(self.definition_list()),
            Tag::CodeBlock(kind) => {
                // The language is the info string's first word, before any
                // comma (mdBook's `rust,ignore`).
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split([' ', '\t', ','])
                        .find(|w| !w.is_empty())
                        .map(|w| w.trim_start_matches('{').trim_end_matches('}').to_string())
                        .filter(|w| !w.is_empty()),
                    CodeBlockKind::Indented => None,
                };
                let mut text = self.raw_text();
                if let Some(format) = lang.as_deref().and_then(|l| l.strip_prefix('=')) {
                    return Some(self.raw_block(format, text, range.start));
                }
                if lang.as_deref() == Some("rust") {
                    text = without_hidden_rust_lines(&text);
                }
                BlockKind::CodeBlock {
                    lang,
                    text,
                    tokens: Vec::new(),
                }
            }
            Tag::HtmlBlock => BlockKind::Html(self.raw_text()),
            Tag::List(start) => self.list(start),
            Tag::Table(align) => BlockKind::Table(self.table(&align, range)),
            Tag::FootnoteDefinition(label) => {
                let was = std::mem::replace(&mut self.in_note, true);
                let blocks = self.blocks();
                self.in_note = was;
                self.definitions.push(FootnoteDef {
                    label: label.to_string(),
                    blocks,
                    pos,
                });
                return None;
            }
            // Not enabled: keep whatever text they hold as paragraphs.
            _ => {
                let blocks = self.blocks();
                return blocks.into_iter().next().map(|b| b.kind);
            }
        })
    }

    /// A paragraph, its `Start` already consumed; or the figure it is,
    /// with its image's attributes.
    fn paragraph(&mut self, pos: Pos) -> Block {
        let inlines = self.inlines();
        match figure(&inlines) {
            Some((kind, attrs)) => Block { pos, kind, attrs },
            None => Block::new(pos, BlockKind::Paragraph(inlines)),
        }
    }

    fn list(&mut self, start: Option<u64>) -> BlockKind {
        let mut items = Vec::new();
        let mut tight = false;
        while let Some((event, _)) = self.bump() {
            match event {
                Event::Start(Tag::Item) => {
                    let task = self.task_marker();
                    let first_is_inline = self.peek().is_some_and(is_inline);
                    tight |= first_is_inline;
                    items.push(ListItem {
                        blocks: self.blocks(),
                        task,
                    });
                }
                Event::End(_) => break,
                _ => {}
            }
        }
        // pulldown-cmark wraps loose items' text in paragraphs and leaves
        // tight ones bare; an empty item says nothing either way.
        if !tight {
            tight = items.iter().all(|i| i.blocks.is_empty());
        }
        BlockKind::List {
            start,
            tight,
            items,
        }
    }

    /// A pipe table; one rewritten from pandoc's takes its alignments,
    /// header and caption from [`TableInfo`].
    fn table(&mut self, align: &[Alignment], range: Range<usize>) -> Table {
        let mut table = Table {
            align: align
                .iter()
                .map(|a| match a {
                    Alignment::None => Align::None,
                    Alignment::Left => Align::Left,
                    Alignment::Center => Align::Center,
                    Alignment::Right => Align::Right,
                })
                .collect(),
            head: Vec::new(),
            rows: Vec::new(),
            caption: Vec::new(),
        };
        while let Some((event, row)) = self.bump() {
            match event {
                Event::Start(Tag::TableHead) => table.head = self.cells(),
                Event::Start(Tag::TableRow) => {
                    self.warn_extra_cells(row, align.len());
                    let row = self.cells();
                    table.rows.push(row);
                }
                Event::End(_) => break,
                _ => {}
            }
        }
        if let Some((_, info)) = self.syntax.tables.range(range).next() {
            table.align = info.align.clone();
            if info.headless {
                table.head.clear();
            }
            if info.caption {
                let row = table.rows.pop().unwrap_or_default();
                table.caption = row.into_iter().next().unwrap_or_default();
            }
        }
        table
    }

    /// Warns at a body row's first cell past the header's `columns`:
    /// pulldown-cmark drops those cells from both books.
    fn warn_extra_cells(&mut self, row: Range<usize>, columns: usize) {
        let line = self.text[row.clone()]
            .split('\n')
            .next()
            .unwrap_or_default();
        if let Some((at, cells)) = super::pandoc_tables::extra_cells(line, columns) {
            self.warn_at(
                row.start + at,
                format!(
                    "table cells not rendered: this row has {cells} cells, more than the header ({columns} columns); add header cells or join these into the last one"
                ),
            );
        }
    }

    /// The cells of a head or row, up to its `End`.
    fn cells(&mut self) -> Vec<Vec<Inline>> {
        let mut cells = Vec::new();
        while let Some((event, _)) = self.bump() {
            match event {
                Event::Start(Tag::TableCell) => cells.push(self.inlines()),
                Event::End(_) => break,
                _ => {}
            }
        }
        cells
    }

    /// The text of a code or HTML block, up to its `End`.
    fn raw_text(&mut self) -> String {
        let mut text = String::new();
        while let Some((event, _)) = self.bump() {
            match event {
                Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) | Event::Code(t) => {
                    text.push_str(&t)
                }
                Event::SoftBreak | Event::HardBreak => text.push('\n'),
                Event::End(_) => break,
                _ => {}
            }
        }
        text
    }
}

/// A paragraph that holds only an image (and blank text around it) is a
/// figure, its title the caption; the image's attributes are the figure's.
fn figure(inlines: &[Inline]) -> Option<(BlockKind, Attrs)> {
    let mut image = None;
    for inline in inlines {
        match inline {
            Inline::Image { .. } if image.is_none() => image = Some(inline),
            Inline::Text { text, .. } if text.trim().is_empty() => {}
            Inline::SoftBreak => {}
            _ => return None,
        }
    }
    match image {
        Some(Inline::Image {
            asset,
            alt,
            title,
            attrs,
            size,
            pos,
        }) => Some((
            BlockKind::Figure {
                asset: *asset,
                alt: alt.clone(),
                size: *size,
                caption: if title.trim().is_empty() {
                    Vec::new()
                } else {
                    vec![Inline::Text {
                        text: title.trim().to_string(),
                        pos: *pos,
                    }]
                },
            },
            attrs.clone(),
        )),
        _ => None,
    }
}

/// A Rust block without the lines mdBook (and rustdoc) hide: a line whose
/// first non-blank character is `#` followed by a space or nothing. `##`
/// at that place escapes a `#` that is shown; `#[…]` and `#!` are code.
/// Hidden lines are compiled by `mdbook test`, never shown to the reader.
fn without_hidden_rust_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        let (lead, rest) = line.split_at(indent);
        match rest.strip_prefix('#') {
            Some(after) if after.starts_with('#') => {
                out.push_str(lead);
                out.push_str(after);
            }
            Some(after) if after.is_empty() || after.starts_with([' ', '\n', '\r']) => {}
            _ => out.push_str(line),
        }
    }
    out
}
