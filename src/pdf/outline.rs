//! The book's headings as navigation sees them: chapters and the sections
//! inside them, in document order. The table of contents shows the first
//! two levels; the PDF outline (bookmarks) nests them all.

use krilla::geom::Point;
use krilla::outline::{Outline, OutlineNode};

use super::frame::OutlineEntry;
use crate::model::{Block, BlockKind, Book, inlines_plain_text};

/// A chapter or a section heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// 0 for a chapter, 1 for its level-2 headings (and any stray level-1
    /// heading after its title), 2 for level 3, and so on.
    pub depth: u8,
    pub title: String,
    /// The destination's name: the chapter's id, or the heading's.
    pub id: String,
    pub chapter: usize,
}

/// Every chapter and its top-level headings, in document order.
pub fn headings(book: &Book) -> Vec<Heading> {
    let mut out = Vec::new();
    for (ci, chapter) in book.chapters.iter().enumerate() {
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
        out.push(Heading {
            depth: 0,
            title: title.trim().to_string(),
            id: chapter.id.clone(),
            chapter: ci,
        });
        for block in blocks {
            if let BlockKind::Heading { level, id, content } = &block.kind {
                out.push(Heading {
                    depth: level.max(&2) - 1,
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
