//! Footnote bodies: each note set at the note size, its number first, as a
//! compact flow whose line heights the page breaker weighs against the body.

use super::breaking::INFINITE_PENALTY;
use super::flow::{Blocks, Flow, Region};
use super::frame::{BASELINE, Piece};
use super::inline::Style;
use super::label::Role;
use super::lines::Line;
use super::pagebreak::{NoteBody, VItem};
use crate::model::{Block, BlockKind, Inline, Note};

/// Type size of notes relative to the body.
pub const NOTE_SCALE: f32 = 0.8;

/// A note typeset: its flow (lines and pieces) and its line heights.
pub struct NoteSet {
    pub flow: Flow,
    pub body: NoteBody,
}

/// Typesets one note at the note size in the text block's measure.
pub fn typeset(blocks: &mut Blocks<'_, '_, '_>, note: &Note, region: &Region) -> NoteSet {
    let mut flow = Flow::new(true);
    flow.labels.open(Role::Note, Some(note.id.0 as u32));
    let mut content: Vec<Block> = note.blocks.clone();
    let number = format!("{}.", note.number);
    let mut hung = None;
    match opening_text(&mut content) {
        Some((inlines, false)) => inlines.insert(0, Inline::text(format!("{number}\u{a0}"))),
        Some((_, true)) => {
            // The number hangs at the note's left edge, the quotation's
            // first words on its line, as a plain note's number stands.
            let style = Style::new(region.size);
            let mut line = blocks.raw_line(&number, style);
            line.x = region.x;
            line.label = flow.labels.current();
            flow.hang_to = Some(region.x + blocks.ts.measure(&format!("{number}\u{a0}"), style));
            hung = Some(line);
        }
        None => content.insert(
            0,
            Block::new(
                note.pos,
                BlockKind::Paragraph(vec![Inline::text(format!("{number}\u{a0}"))]),
            ),
        ),
    }
    blocks.blocks(&mut flow, &content, region);
    flow.hang_to = None;
    if let Some(line) = hung {
        hang_number(&mut flow, line, region);
    }
    // A line may start a page when a legal break precedes it.
    let (mut lines, mut breaks) = (Vec::new(), Vec::new());
    let mut open = false;
    for item in &flow.items {
        match item {
            VItem::Line { height, .. } => {
                lines.push(*height);
                breaks.push(open);
                open = false;
            }
            VItem::Glue { .. } => open = true,
            VItem::Penalty { cost } => open |= *cost < INFINITE_PENALTY,
        }
    }
    NoteSet {
        flow,
        body: NoteBody { lines, breaks },
    }
}

/// The text the note opens with, where its number goes: the first
/// paragraph, also inside a quotation (or raw `<div>`) that opens the note,
/// and whether a quotation holds it (the number then hangs before the
/// quotation: on a line of its own above it, it reads as a stray "17.").
/// `None` when the note opens with something else (a list, a table, code).
fn opening_text(blocks: &mut [Block]) -> Option<(&mut Vec<Inline>, bool)> {
    match &mut blocks.first_mut()?.kind {
        BlockKind::Paragraph(inlines) | BlockKind::Plain(inlines) => Some((inlines, false)),
        BlockKind::BlockQuote(inner) => opening_text(inner).map(|(inlines, _)| (inlines, true)),
        BlockKind::Div { blocks: inner, .. } => opening_text(inner),
        _ => None,
    }
}

/// Puts the number `line` first on the note's first line, on its baseline
/// (first among its pieces: the page reads the number, its label and its
/// link back to the reference, from the first text piece).
fn hang_number(flow: &mut Flow, line: Line, region: &Region) {
    let first = flow
        .items
        .iter()
        .position(|item| matches!(item, VItem::Line { .. }))
        .and_then(|k| flow.pieces.get_mut(k));
    match first {
        Some(pieces) => {
            let baseline = pieces
                .iter()
                .find_map(|p| match p {
                    Piece::Text { baseline, .. } => Some(*baseline),
                    _ => None,
                })
                .unwrap_or(region.leading * BASELINE);
            pieces.insert(0, Piece::Text { line, baseline });
        }
        None => flow.lines(vec![line], &Region { x: 0.0, ..*region }, Vec::new()),
    }
}

/// The region notes are set in, from the body's.
pub fn region(body: &Region) -> Region {
    let size = (body.size * NOTE_SCALE * 2.0).round() / 2.0;
    let leading = (body.leading * NOTE_SCALE * 2.0).round() / 2.0;
    Region {
        size,
        leading,
        measure: body.measure,
        x: 0.0,
    }
}
