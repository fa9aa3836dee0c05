//! Walks over the model, written once: every pass that looks at every
//! block or every run of inline content (note numbering, heading ids, the
//! resolve pass, a backend collecting the characters it sets) uses these,
//! so a new block kind is taught to all of them here.

use super::{Block, BlockKind, Inline};

/// Visits every block, depth first, in document order (a container before
/// the blocks inside it).
pub fn for_each_block(blocks: &mut [Block], f: &mut dyn FnMut(&mut Block)) {
    for b in blocks {
        f(b);
        for inner in child_blocks_mut(&mut b.kind) {
            for_each_block(inner, f);
        }
    }
}

/// Visits every block without changing it, depth first, in document order.
pub fn each_block<'a>(blocks: &'a [Block], f: &mut dyn FnMut(&'a Block)) {
    for b in blocks {
        f(b);
        for inner in child_blocks(&b.kind) {
            each_block(inner, f);
        }
    }
}

/// The block lists directly inside a block (a quotation's, each list
/// item's, a container's).
pub fn child_blocks(kind: &BlockKind) -> Vec<&[Block]> {
    match kind {
        BlockKind::BlockQuote(inner)
        | BlockKind::Div { blocks: inner, .. }
        | BlockKind::Callout { blocks: inner, .. } => vec![inner],
        BlockKind::List { items, .. } => items.iter().map(|i| i.blocks.as_slice()).collect(),
        BlockKind::DefinitionList(entries) => entries
            .iter()
            .flat_map(|e| e.details.iter().map(Vec::as_slice))
            .collect(),
        _ => Vec::new(),
    }
}

fn child_blocks_mut(kind: &mut BlockKind) -> Vec<&mut Vec<Block>> {
    match kind {
        BlockKind::BlockQuote(inner)
        | BlockKind::Div { blocks: inner, .. }
        | BlockKind::Callout { blocks: inner, .. } => vec![inner],
        BlockKind::List { items, .. } => items.iter_mut().map(|i| &mut i.blocks).collect(),
        BlockKind::DefinitionList(entries) => entries
            .iter_mut()
            .flat_map(|e| e.details.iter_mut())
            .collect(),
        _ => Vec::new(),
    }
}

/// The runs of inline content a block holds itself (not those of the
/// blocks inside it): a paragraph's, a heading's, a caption, each table
/// cell.
pub fn inline_runs(kind: &BlockKind) -> Vec<&Vec<Inline>> {
    match kind {
        BlockKind::Paragraph(inlines)
        | BlockKind::Plain(inlines)
        | BlockKind::Heading {
            content: inlines, ..
        }
        | BlockKind::Figure {
            caption: inlines, ..
        } => vec![inlines],
        BlockKind::Table(t) => std::iter::once(&t.caption)
            .chain(&t.head)
            .chain(t.rows.iter().flatten())
            .collect(),
        BlockKind::DefinitionList(entries) => entries.iter().map(|e| &e.term).collect(),
        _ => Vec::new(),
    }
}

/// [`inline_runs`], to change them.
pub fn inline_runs_mut(kind: &mut BlockKind) -> Vec<&mut Vec<Inline>> {
    match kind {
        BlockKind::Paragraph(inlines)
        | BlockKind::Plain(inlines)
        | BlockKind::Heading {
            content: inlines, ..
        }
        | BlockKind::Figure {
            caption: inlines, ..
        } => vec![inlines],
        BlockKind::Table(t) => std::iter::once(&mut t.caption)
            .chain(&mut t.head)
            .chain(t.rows.iter_mut().flatten())
            .collect(),
        BlockKind::DefinitionList(entries) => entries.iter_mut().map(|e| &mut e.term).collect(),
        _ => Vec::new(),
    }
}

/// Visits every run of inline content in `blocks` and in the blocks inside
/// them, in document order; runs nested in inlines (an emphasis's) are the
/// caller's to walk.
pub fn for_each_run(blocks: &mut [Block], f: &mut dyn FnMut(&mut Vec<Inline>)) {
    for_each_block(blocks, &mut |b| {
        for run in inline_runs_mut(&mut b.kind) {
            f(run);
        }
    });
}

/// Visits every inline of every block, depth first, in document order (an
/// emphasis before the text inside it).
pub fn for_each_inline(blocks: &mut [Block], f: &mut dyn FnMut(&mut Inline)) {
    for_each_run(blocks, &mut |run| for_each_inline_in(run, f));
}

/// Visits every inline of a run and of the inlines inside them.
pub fn for_each_inline_in(inlines: &mut [Inline], f: &mut dyn FnMut(&mut Inline)) {
    for inline in inlines {
        f(inline);
        if let Some(children) = inline.children_mut() {
            for_each_inline_in(children, f);
        }
    }
}

/// Visits every inline of `blocks` without changing it, depth first.
pub fn each_inline<'a>(blocks: &'a [Block], f: &mut dyn FnMut(&'a Inline)) {
    each_block(blocks, &mut |b| {
        for run in inline_runs(&b.kind) {
            each_inline_in(run, f);
        }
    });
}

/// Visits every inline of a run and of the inlines inside them.
pub fn each_inline_in<'a>(inlines: &'a [Inline], f: &mut dyn FnMut(&'a Inline)) {
    for inline in inlines {
        f(inline);
        each_inline_in(inline.children(), f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ListItem, Pos};

    #[test]
    fn walks_reach_nested_blocks_and_inlines() {
        let para = |t: &str| {
            Block::new(
                Pos::default(),
                BlockKind::Paragraph(vec![Inline::Emphasis(vec![Inline::text(t)])]),
            )
        };
        let blocks = vec![
            para("a"),
            Block::new(
                Pos::default(),
                BlockKind::Div {
                    name: "div",
                    blocks: vec![Block::new(
                        Pos::default(),
                        BlockKind::List {
                            start: None,
                            tight: true,
                            items: vec![ListItem::new(vec![para("b")])],
                        },
                    )],
                },
            ),
        ];
        let mut texts = Vec::new();
        each_inline(&blocks, &mut |i| {
            if let Inline::Text { text, .. } = i {
                texts.push(text.clone());
            }
        });
        assert_eq!(texts, ["a", "b"]);
    }
}
