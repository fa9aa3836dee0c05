//! The book's headings as navigation sees them: parts, chapters (nested as
//! `SUMMARY.md` nests them, numbered as mdBook numbers them) and the
//! sections inside them, in document order. The table of contents shows
//! parts, chapters and their level-2 sections; the PDF outline (bookmarks)
//! nests them all.

use krilla::geom::Point;
use krilla::outline::{Outline, OutlineNode};

use super::frame::OutlineEntry;
use crate::model::{Block, BlockKind, Book, ChapterKind, inlines_plain_text};

/// What a navigation entry stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingKind {
    /// A part of the book (`# Part I` in `SUMMARY.md`): a title page of its
    /// own before its first chapter.
    Part,
    /// A chapter (its title, or its `SUMMARY.md` name).
    Chapter,
    /// A heading inside a chapter: `rank` 1 for level 2 (and any stray
    /// level-1 heading after the title), 2 for level 3, and so on.
    Section { rank: u8 },
}

/// A part, chapter or section heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub kind: HeadingKind,
    /// Nesting in the outline: parts and top-level chapters outside parts
    /// at 0, a part's chapters one deeper, sub-chapters one deeper than
    /// their parent, sections one deeper per rank below their chapter.
    pub depth: u8,
    /// Nesting in the contents: as `depth`, except that a part's chapters
    /// stand at the part's level (the part's entry sets them apart).
    pub indent: u8,
    /// The chapter's section number (`1.2.`), printed before its title.
    pub number: Option<String>,
    pub title: String,
    /// The destination's name: the chapter's id, the heading's, or
    /// [`part_anchor`] for a part.
    pub id: String,
    pub chapter: usize,
}

impl Heading {
    /// The title as navigation shows it: the number, then the title.
    pub fn label(&self, space: char) -> String {
        match &self.number {
            Some(n) if !n.is_empty() => format!("{n}{space}{}", self.title),
            _ => self.title.clone(),
        }
    }

    /// Whether this heading, a chapter's first section, only repeats part
    /// of the title `before` it (a subtitle already in the chapter's
    /// `SUMMARY.md` name: "Erstes Kapitel: Das Hänflingnest" over "Das
    /// Hänflingnest"): the contents and the outline list it once.
    pub fn repeats(&self, before: &Heading) -> bool {
        matches!(self.kind, HeadingKind::Section { .. })
            && before.kind == HeadingKind::Chapter
            && before.chapter == self.chapter
            && !self.title.is_empty()
            && before
                .title
                .to_lowercase()
                .contains(&self.title.to_lowercase())
    }
}

/// The destination name of the title page of the part opening with
/// chapter `chapter`: with spaces, so that no heading id can take it.
pub fn part_anchor(chapter: usize) -> String {
    format!("bindery part {chapter}")
}

/// Whether each chapter stands inside a part: a part runs from the chapter
/// that names it to the next part or the back matter.
pub fn in_part(book: &Book) -> Vec<bool> {
    let mut inside = false;
    book.chapters
        .iter()
        .map(|c| {
            if c.part.is_some() {
                inside = true;
            } else if c.kind != ChapterKind::Body {
                inside = false;
            }
            inside
        })
        .collect()
}

/// Every part, chapter and its headings, in document order.
pub fn headings(book: &Book) -> Vec<Heading> {
    let mut out = Vec::new();
    for ((ci, chapter), inside) in book.chapters.iter().enumerate().zip(in_part(book)) {
        if let Some(part) = &chapter.part {
            out.push(Heading {
                kind: HeadingKind::Part,
                depth: 0,
                indent: 0,
                number: None,
                title: part.trim().to_string(),
                id: part_anchor(ci),
                chapter: ci,
            });
        }
        let mut blocks: &[Block] = &chapter.blocks;
        let mut title = inlines_plain_text(&chapter.title);
        if let Some(Block {
            kind: BlockKind::Heading {
                level: 1, content, ..
            },
            ..
        }) = blocks.first()
        {
            if title.trim().is_empty() {
                title = inlines_plain_text(content);
            }
            blocks = &blocks[1..];
        }
        let depth = chapter.depth.saturating_add(u8::from(inside));
        out.push(Heading {
            kind: HeadingKind::Chapter,
            depth,
            indent: chapter.depth,
            number: chapter.number.clone(),
            title: title.trim().to_string(),
            id: chapter.id.clone(),
            chapter: ci,
        });
        for block in blocks {
            if let BlockKind::Heading { level, id, content } = &block.kind {
                let rank = level.max(&2) - 1;
                out.push(Heading {
                    kind: HeadingKind::Section { rank },
                    depth: depth.saturating_add(rank),
                    indent: chapter.depth.saturating_add(rank),
                    number: None,
                    title: inlines_plain_text(content).trim().to_string(),
                    id: id.clone(),
                    chapter: ci,
                });
            }
        }
    }
    out
}

/// The PDF outline: each entry nested under the nearest shallower one
/// before it. Entries without a destination are left out.
pub fn build(entries: &[OutlineEntry]) -> Outline {
    let mut outline = Outline::new();
    let mut stack: Vec<(u8, OutlineNode)> = Vec::new();
    fn attach(outline: &mut Outline, stack: &mut Vec<(u8, OutlineNode)>) {
        if let Some((_, node)) = stack.pop() {
            match stack.last_mut() {
                Some((_, parent)) => parent.push_child(node),
                None => outline.push_child(node),
            }
        }
    }
    for OutlineEntry { depth, title, dest } in entries {
        while stack.last().is_some_and(|(d, _)| d >= depth) {
            attach(&mut outline, &mut stack);
        }
        let node = OutlineNode::new(
            title.clone(),
            krilla::destination::XyzDestination::new(dest.page, Point::from_xy(dest.x, dest.y)),
        );
        stack.push((*depth, node));
    }
    while !stack.is_empty() {
        attach(&mut outline, &mut stack);
    }
    outline
}
