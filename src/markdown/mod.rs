//! The Markdown front-end: pulldown-cmark events → [`crate::model`].
//!
//! The dialect is CommonMark with GitHub's footnotes, tables,
//! strikethrough, task lists and alerts (`> [!NOTE]`), definition lists,
//! `^superscript^` and `~subscript~`, smart punctuation, heading attributes
//! (`{#id}`), YAML metadata blocks (read as front matter, never printed),
//! pandoc's fenced divs ([`fences`]) and simple, multiline and grid tables
//! ([`pandoc_tables`], in block quotes too, and captions on pipe tables),
//! link and image attributes ([`pandoc_links`]), bracketed spans
//! ([`pandoc_spans`]), pandoc's raw HTML blocks and spans, citations and
//! raw LaTeX kept as written with a warning ([`pandoc_raw`]), and `$math$` recognised (printed as
//! written, with a warning: math is not typeset yet). One file is parsed
//! into a [`Document`]; the loader splits documents into chapters and
//! [`notes::resolve`] numbers the notes; the resolve pass
//! (`crate::resolve`) then finishes the book.

mod events;
mod extensions;
mod fences;
pub mod front_matter;
mod inlines;
pub mod notes;
mod pandoc_inline;
mod pandoc_links;
mod pandoc_raw;
mod pandoc_spans;
mod pandoc_tables;

pub mod slug;

use pulldown_cmark::Options;

use crate::diag::Diagnostic;
use crate::diag::positions::SourceMap;
use crate::model::{Block, BlockKind, Inline, Pos};

/// The pulldown-cmark extensions Bindery's dialect enables.
pub fn options() -> Options {
    Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_SUPERSCRIPT
        | Options::ENABLE_SUBSCRIPT
        | Options::ENABLE_MATH
}

/// Turns an image path written in Markdown into an index into
/// [`crate::model::Book::assets`]. The loader implements it (reading and
/// checking the file); `None` when the image was refused, after reporting
/// why.
pub trait ImageResolver {
    fn resolve(&mut self, url: &str, pos: Pos) -> Option<usize>;
}

/// One parsed source file, before it is cut into chapters and its notes
/// are numbered.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The file's blocks. Note references are placeholders indexing
    /// `references`; headings without `{#id}` have an empty id.
    pub blocks: Vec<Block>,
    /// Footnote definitions in source order (duplicates included).
    pub definitions: Vec<FootnoteDef>,
    /// Note references in source order.
    pub references: Vec<PendingRef>,
}

/// A footnote definition (`[^label]: …`).
#[derive(Debug, Clone, PartialEq)]
pub struct FootnoteDef {
    pub label: String,
    pub blocks: Vec<Block>,
    pub pos: Pos,
}

/// A note reference (`[^label]`) waiting for its note.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingRef {
    pub label: String,
    pub pos: Pos,
}

/// Parses one Markdown text; `map` says which file and line each of its
/// bytes came from (one file as read: [`SourceMap::single`]).
pub fn parse(
    text: &str,
    map: &SourceMap<'_>,
    images: &mut dyn ImageResolver,
    diags: &mut Vec<Diagnostic>,
) -> Document {
    let blanked = without_front_matter(text);
    let text = blanked.as_deref().unwrap_or(text);
    let rewritten = pandoc_tables::rewrite(text, || fences::verbatim(text, options()));
    let remapped;
    let (text, map, tables) = match &rewritten {
        Some(r) => {
            for (offset, message) in &r.warnings {
                let (pos, file) = map.locate(*offset);
                diags.push(Diagnostic::warning(
                    file,
                    pos.line,
                    pos.col,
                    message.clone(),
                ));
            }
            remapped = map.remapped(&r.pieces);
            (r.text.as_str(), &remapped, r.tables.clone())
        }
        None => (text, map, Default::default()),
    };
    let marked = pandoc_inline::mark_inline_notes(text);
    let text = marked.as_deref().unwrap_or(text);
    let (marked, fences) = fences::mark(text, options()).unzip();
    let text = marked.as_deref().unwrap_or(text);
    let syntax = events::Syntax {
        fences: fences.unwrap_or_default(),
        tables,
    };
    events::Converter::new(text, map, images, diags, syntax).run()
}

/// `text` with its front matter (read by [`front_matter`]) turned into
/// spaces, every byte offset kept; `None` when it has none. pulldown-cmark's
/// own metadata blocks are not enabled: it also finds them inside block
/// quotes and between thematic breaks, where they swallowed the author's
/// text without a word.
fn without_front_matter(text: &str) -> Option<String> {
    let (yaml, start) = front_matter::find(text)?;
    let closing = start + yaml.len();
    let end = text[closing..]
        .find('\n')
        .map_or(text.len(), |i| closing + i + 1);
    let mut bytes = text.as_bytes().to_vec();
    for b in &mut bytes[..end] {
        if *b != b'\n' {
            *b = b' ';
        }
    }
    // Only ASCII spaces replaced whole characters' bytes: still UTF-8.
    String::from_utf8(bytes).ok()
}

/// Cuts a single-file book at its level-1 headings: each chapter starts
/// with one; content before the first becomes a chapter of its own when
/// there is any.
pub fn split_at_level_one(blocks: Vec<Block>) -> Vec<Vec<Block>> {
    let mut chapters: Vec<Vec<Block>> = vec![Vec::new()];
    for block in blocks {
        let starts_chapter = matches!(block.kind, BlockKind::Heading { level: 1, .. });
        if starts_chapter && chapters.last().is_some_and(|c| !c.is_empty()) {
            chapters.push(Vec::new());
        }
        if let Some(last) = chapters.last_mut() {
            last.push(block);
        }
    }
    chapters.retain(|c| !c.is_empty());
    chapters
}

/// A chapter's title from its first level-1 heading, without note
/// references or raw HTML.
pub fn first_heading_title(blocks: &[Block]) -> Option<Vec<Inline>> {
    blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Heading {
            level: 1, content, ..
        } => Some(without_note_refs(content)),
        _ => None,
    })
}

/// Inline content with note references (and raw HTML) removed, for titles.
pub fn without_note_refs(inlines: &[Inline]) -> Vec<Inline> {
    inlines
        .iter()
        .filter(|i| !matches!(i, Inline::NoteRef(_) | Inline::Html { .. }))
        .map(|i| {
            let mut i = i.clone();
            if let Some(children) = i.children_mut() {
                *children = without_note_refs(children);
            }
            i
        })
        .collect()
}
