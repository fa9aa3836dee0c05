//! Footnote bodies: each note set at the note size, its number first, as a
//! compact flow whose line heights the page breaker weighs against the body.

use super::breaking::INFINITE_PENALTY;
use super::flow::{Blocks, Flow, Region};
use super::label::Role;
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
    let mark = Inline::text(format!("{}.\u{a0}", note.number));
    match opening_text(&mut content) {
        Some(inlines) => inlines.insert(0, mark),
        None => content.insert(0, Block::new(note.pos, BlockKind::Paragraph(vec![mark]))),
    }
    blocks.blocks(&mut flow, &content, region);
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
/// paragraph, also inside a quotation (or raw `<div>`) that opens the note:
/// a number on a line of its own above a quotation reads as a stray "17.".
/// `None` when the note opens with something else (a list, a table, code).
fn opening_text(blocks: &mut [Block]) -> Option<&mut Vec<Inline>> {
    match &mut blocks.first_mut()?.kind {
        BlockKind::Paragraph(inlines) | BlockKind::Plain(inlines) => Some(inlines),
        BlockKind::BlockQuote(inner) | BlockKind::Div { blocks: inner, .. } => opening_text(inner),
        _ => None,
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
