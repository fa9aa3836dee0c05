//! A chapter as the page breaker takes it: its vertical list (a sink at
//! the head of the opening page, the centred title after its section
//! number, then the blocks) and
//! its notes set at note size, with what the page records need (where each
//! top-level block's items begin, and the characters set before each item).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use super::floats;
use super::flow::{Blocks, Flow, LoosePlan, Offer, Region, may_break_before};
use super::fonts::Fonts;
use super::frame::{Geometry, Piece};
use super::inline::{Align, ParaSpec, Style, Typesetter};
use super::label::Role;
use super::leadin;
use super::notes;
use super::pagebreak::{self, NoteBody, PageSpec, Repeat, VItem};
use super::records::{self, BlockStart};
use crate::diag::Diagnostic;
use crate::model::{Block, BlockKind, Book, Chapter, FigurePlacement, Inline};

/// A chapter set, not yet broken into pages.
#[derive(Debug)]
pub struct ChapterFlow {
    pub flow: Flow,
    /// Where each top-level block's items begin (and, once figures are
    /// floated, where a block cut by one resumes), in item order.
    pub block_starts: Vec<BlockStart>,
    /// Characters set before each item (one more entry than items), for
    /// the page records.
    pub chars: Vec<usize>,
    /// The notes first referenced in the chapter, in `flow.notes` order:
    /// their line heights, for the page breaker…
    pub bodies: Vec<NoteBody>,
    /// …and their lines, each with its height and pieces.
    pub note_lines: Vec<Vec<(f32, Vec<Piece>)>>,
}

/// A chapter set and broken into pages, not yet numbered: everything in
/// it depends on the chapter alone (breaking pages does not depend on a
/// page's side, which the chapters before decide), which is what
/// lets the chapters be laid out at once, one a thread.
#[derive(Debug)]
pub struct Broken {
    pub set: ChapterFlow,
    pub pages: Vec<pagebreak::Page>,
    /// What setting it reported, in source order.
    pub warnings: Vec<Diagnostic>,
}

/// Sets and breaks every chapter of the book at once, on the threads of
/// rayon's pool: each thread makes one typesetter (its shaper in front of
/// the book's word cache in `fonts`) and takes the next chapter not yet
/// taken until none is left, so long chapters do not hold the others up.
/// The chapters come back in book order.
pub fn lay_out_all(
    book: &Book,
    fonts: &Fonts<'_>,
    geo: &Geometry,
    regions: (&Region, &Region),
    spec: &PageSpec,
) -> Vec<Broken> {
    let count = book.chapters.len();
    let next = AtomicUsize::new(0);
    let done: Vec<Mutex<Option<Broken>>> = (0..count).map(|_| Mutex::new(None)).collect();
    let threads = rayon::current_num_threads().clamp(1, count.max(1));
    rayon::scope(|s| {
        for _ in 0..threads {
            s.spawn(|_| {
                let mut ts = Typesetter::new(book, fonts);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(chapter) = book.chapters.get(i) else {
                        break;
                    };
                    let broken = lay_out(&mut ts, book, chapter, geo, regions, spec);
                    *done[i].lock().unwrap_or_else(PoisonError::into_inner) = Some(broken);
                }
            });
        }
    });
    // Every index below `count` was taken by a thread, which filled it
    // (a panic in one would have been raised again by the scope).
    done.into_iter()
        .filter_map(|m| m.into_inner().unwrap_or_else(PoisonError::into_inner))
        .collect()
}

/// Sets a chapter and breaks it into pages with a typesetter of the
/// calling thread (whose word caches only save work: what it set before
/// changes nothing here).
pub fn lay_out(
    ts: &mut Typesetter<'_, '_>,
    book: &Book,
    chapter: &Chapter,
    geo: &Geometry,
    regions: (&Region, &Region),
    spec: &PageSpec,
) -> Broken {
    let (body, note) = regions;
    ts.shaper.begin_chapter();
    let mut warnings = Vec::new();
    let mut blocks = Blocks {
        ts,
        warnings: &mut warnings,
        page_height: geo.block_height,
        lead_in: None,
        loose: LoosePlan::default(),
    };
    let mut set = set(&mut blocks, book, chapter, geo, body, note);
    let offered = std::mem::take(&mut blocks.loose.offered);
    let repeats: Vec<_> = set.flow.heads.iter().map(|h| h.repeat.clone()).collect();
    let pages = if offered.is_empty() {
        pagebreak::break_pages(&set.flow.items, &repeats, &set.bodies, spec)
    } else {
        loosened(book, &mut set, offered, &repeats, (spec, geo.leading))
    };
    let pages = match book.settings.pdf.options.figures {
        FigurePlacement::Float => {
            let (pages, moved) = floats::float_figures(&mut set, pages, spec, geo.leading);
            if moved {
                set.chars = chars_of(book, &set.flow);
            }
            pages
        }
        FigurePlacement::Here => pages,
    };
    Broken {
        set,
        pages,
        warnings,
    }
}

/// Breaks a chapter whose paragraphs offered other lengths: the page
/// breaker chooses, and the lengths it chose replace their lines (last
/// first, so that the ranges of the others hold), the pages being those
/// of that list.
fn loosened(
    book: &Book,
    set: &mut ChapterFlow,
    offered: Vec<Offer>,
    repeats: &[Repeat],
    (spec, leading): (&PageSpec, f32),
) -> Vec<pagebreak::Page> {
    let loose: Vec<_> = offered.iter().map(|o| o.loose.clone()).collect();
    let (pages, deltas) =
        pagebreak::break_pages_loose(&set.flow.items, repeats, &set.bodies, spec, &loose, leading);
    let mut changed = false;
    for (offer, delta) in offered.into_iter().zip(deltas).rev() {
        if delta == 0 {
            continue;
        }
        let Some((range, added)) = set.flow.splice(offer, delta) else {
            continue;
        };
        changed = true;
        let moved = |i: &mut usize| {
            if *i >= range.end {
                *i = i.saturating_add_signed(added);
            }
        };
        for start in &mut set.block_starts {
            moved(&mut start.item);
        }
        for float in &mut set.flow.floats {
            moved(&mut float.start);
            moved(&mut float.end);
        }
        for head in &mut set.flow.heads {
            moved(&mut head.repeat.items.start);
            moved(&mut head.repeat.items.end);
        }
    }
    if changed {
        set.chars = chars_of(book, &set.flow);
    }
    pages
}

/// Characters set before each item of a flow (one more entry than
/// items), for the page records.
fn chars_of(book: &Book, flow: &Flow) -> Vec<usize> {
    let mut chars = Vec::with_capacity(flow.items.len() + 1);
    chars.push(0usize);
    for (item, pieces) in flow.items.iter().zip(&flow.pieces) {
        let n = match item {
            VItem::Line { .. } => records::counted_chars(book, pieces),
            _ => 0,
        };
        chars.push(chars.last().copied().unwrap_or(0) + n);
    }
    chars
}

/// How display titles are set (a chapter's, the contents', a part's):
/// centred at 1.6 times the body size, never hyphenated.
pub fn title_spec(geo: &Geometry) -> ParaSpec {
    ParaSpec {
        style: Style::new(geo.size * 1.6),
        measure: geo.measure,
        indent: 0.0,
        align: Align::Center,
        hyphenate: false,
        body: false,
    }
}

/// Sets a chapter and its notes.
pub fn set(
    blocks: &mut Blocks<'_, '_, '_>,
    book: &Book,
    chapter: &Chapter,
    geo: &Geometry,
    body: &Region,
    note: &Region,
) -> ChapterFlow {
    let mut flow = Flow::new(false);
    let index = book
        .chapters
        .iter()
        .position(|c| std::ptr::eq(c, chapter))
        .unwrap_or(0);
    flow.labels.open(Role::Section, Some(index as u32));
    let mut rest: &[Block] = &chapter.blocks;
    let mut block_starts: Vec<BlockStart> = Vec::new();
    let start = |item: usize, block: usize| BlockStart {
        item,
        block,
        before: 0,
    };
    flow.fixed(geo.sink(), vec![Piece::Anchor(chapter.id.clone())]);
    if let Some(Block {
        kind:
            BlockKind::Heading {
                level: 1,
                content,
                id,
            },
        ..
    }) = rest.first()
    {
        block_starts.push(start(0, 0));
        let spec = title_spec(geo);
        let numbered: Vec<Inline>;
        let content = match &chapter.number {
            Some(n) if !n.trim().is_empty() => {
                numbered = std::iter::once(Inline::text(format!("{}\u{a0}", n.trim())))
                    .chain(content.iter().cloned())
                    .collect();
                &numbered
            }
            _ => content,
        };
        let lines = blocks.ts.paragraph(content, &spec);
        let n = lines.len();
        flow.labels.open(Role::Heading(1), None);
        for (i, line) in lines.into_iter().enumerate() {
            if may_break_before(i, n) {
                flow.allow_break();
            }
            let mut pieces = Vec::new();
            if i == 0 && id != &chapter.id {
                pieces.push(Piece::Anchor(id.clone()));
            }
            // A note called from the title is set on the opening page.
            let notes = flow.note_indices(&line);
            pieces.push(Piece::Text {
                line,
                baseline: 1.5 * geo.leading,
            });
            flow.row(2.0 * geo.leading, notes, pieces);
        }
        flow.labels.close();
        flow.fixed(2.0 * geo.leading, Vec::new());
        rest = &rest[1..];
    }
    let skipped = chapter.blocks.len() - rest.len();
    let opening = leadin::opening_paragraph(rest, skipped > 0);
    for (bi, block) in rest.iter().enumerate() {
        block_starts.push(start(flow.items.len(), bi + skipped));
        if opening == Some(bi) {
            blocks.lead_in = book.settings.pdf.options.lead_in;
        }
        blocks.blocks(&mut flow, std::slice::from_ref(block), body);
    }
    let chars = chars_of(book, &flow);
    let mut bodies = Vec::new();
    let mut note_lines = Vec::new();
    for id in flow.notes.clone() {
        let set = notes::typeset(blocks, book.note(id), note);
        bodies.push(set.body);
        note_lines.push(
            set.flow
                .items
                .into_iter()
                .zip(set.flow.pieces)
                .filter_map(|(item, pieces)| match item {
                    VItem::Line { height, .. } => Some((height, pieces)),
                    _ => None,
                })
                .collect(),
        );
    }
    ChapterFlow {
        flow,
        block_starts,
        chars,
        bodies,
        note_lines,
    }
}
