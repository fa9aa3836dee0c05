//! Blocks to a chapter's vertical list: typeset lines on the baseline grid
//! (every slot a whole number of leadings), with the penalties that keep
//! headings with their text and forbid widows and orphans, ready for the
//! page breaker. Each vertical item carries the pieces to draw.
//!
//! This file sets paragraphs, headings, quotations and breaks; lists, code,
//! tables and figures have their own files below it.

mod callout;
mod code;
mod definitions;
mod figure;
mod list;
mod loose;
mod missing;
mod table;

use std::collections::HashMap;
use std::sync::Arc;

use super::frame::{BASELINE, Piece};
use super::inline::{Align, ParaSpec, Style, Typesetter};
use super::label::{ArtifactKind, Label, Labels, Role};
use super::lines::{Line, LineInfo};
use super::pagebreak::{BROKEN_PENALTY, Repeat, VItem};
use super::shape::{SMCP, Shaped};
use crate::diag::Diagnostic;
use crate::model::{Block, BlockKind, Inline, LeadIn, NoteId, inlines_plain_text};

pub use loose::{LoosePlan, Offer};

/// The region of the text block a flow is set in: type size, leading,
/// measure and left indent (a quotation or list item narrows it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    pub size: f32,
    pub leading: f32,
    pub measure: f32,
    /// Left indent of this region in the text block.
    pub x: f32,
}

/// The narrowest measure nesting may leave, in ems of the region's size:
/// quotations and list items deeper than this stop indenting, so their text
/// still has room and never runs off the page.
const MIN_NESTED_MEASURE_EMS: f32 = 10.0;

impl Region {
    /// This region narrowed by `left` and `right` for a nested block, the
    /// indents shrunk in proportion once the measure would fall below
    /// [`MIN_NESTED_MEASURE_EMS`]. Returns the region and the left indent
    /// actually given.
    fn nested(&self, left: f32, right: f32) -> (Region, f32) {
        let floor = (self.size * MIN_NESTED_MEASURE_EMS).min(self.measure);
        let room = (self.measure - floor).max(0.0);
        let wanted = left + right;
        let scale = if wanted > room && wanted > 0.0 {
            room / wanted
        } else {
            1.0
        };
        let left = left * scale;
        let region = Region {
            measure: self.measure - wanted * scale,
            x: self.x + left,
            ..*self
        };
        (region, left)
    }
}

/// What a page starting inside `repeat.items` sets first: a table's header
/// row, its pieces at their offsets from the top of the text block.
#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    pub repeat: Repeat,
    pub pieces: Vec<(f32, Piece)>,
}

/// A chapter's (or a note's) vertical list and what to draw for each item.
#[derive(Debug, Default)]
pub struct Flow {
    pub items: Vec<VItem>,
    pub pieces: Vec<Vec<Piece>>,
    /// Notes whose first reference is in this flow, in order: the page
    /// breaker's note indices.
    pub notes: Vec<NoteId>,
    /// Header rows set again at the top of the pages their tables
    /// continue on.
    pub heads: Vec<Head>,
    /// The figures that may float forward ([`super::floats`]), in order:
    /// each one's items from the space above it to the space below (the
    /// break before it not included).
    pub floats: Vec<std::ops::Range<usize>>,
    note_index: HashMap<NoteId, usize>,
    /// The next break opportunity is forbidden (a heading was just set).
    keep: bool,
    /// Setting a note: no vertical glue, no widow rules.
    compact: bool,
    /// The previous block was a paragraph (the next one gets an indent).
    after_paragraph: bool,
    /// How many lists the block being set is inside.
    list_depth: u32,
    /// How many quotations the block being set is inside.
    quote_depth: u32,
    /// The structure elements open: each line pushed is labelled with them.
    pub labels: Labels,
    /// Where the next paragraph's first line may start at the earliest
    /// (from the text block's left edge): a note's number hangs before the
    /// quotation the note opens with, and the quotation's first words clear
    /// a number wider than its indent.
    pub hang_to: Option<f32>,
}

impl Flow {
    pub fn new(compact: bool) -> Flow {
        Flow {
            compact,
            ..Flow::default()
        }
    }

    fn push(&mut self, item: VItem, mut pieces: Vec<Piece>) {
        if matches!(item, VItem::Line { .. }) {
            self.keep = false;
        }
        let label = self.labels.current();
        for piece in &mut pieces {
            if let Piece::Text {
                line: Line { label: l, .. },
                ..
            }
            | Piece::Image { label: l, .. } = piece
                && *l == Label::Unset
            {
                *l = label.clone();
            }
            // An image in a line: a figure of its own in the line's
            // element, or decoration when nothing describes it.
            if let Piece::Text { line, .. } = piece {
                for image in &mut line.images {
                    if image.label != Label::Unset {
                        continue;
                    }
                    image.label = if image.alt.is_empty() {
                        Label::Artifact(ArtifactKind::Layout)
                    } else {
                        line.label.child(&[self.labels.elem(Role::Figure)])
                    };
                }
            }
        }
        self.items.push(item);
        // Kept until the book is drawn: a vector pushed to holds room for
        // four pieces of some 300 bytes, most items have one.
        pieces.shrink_to_fit();
        self.pieces.push(pieces);
    }

    /// A break is allowed here, unless a heading asked to keep.
    pub fn allow_break(&mut self) {
        if self.keep {
            return;
        }
        if matches!(self.items.last(), Some(VItem::Line { .. })) {
            self.push(VItem::Penalty { cost: 0.0 }, Vec::new());
        }
    }

    /// Vertical space, discarded at a page break (kept if a heading
    /// asked to keep: then it is fixed space).
    pub fn space(&mut self, height: f32) {
        if self.compact || height <= 0.0 {
            return;
        }
        if self.keep {
            self.push(
                VItem::Line {
                    height,
                    notes: Vec::new(),
                },
                Vec::new(),
            );
            self.keep = true;
        } else {
            self.push(
                VItem::Glue {
                    height,
                    stretch: 0.0,
                    shrink: 0.0,
                },
                Vec::new(),
            );
        }
    }

    /// Fixed space that stays with what follows and what precedes.
    pub fn fixed(&mut self, height: f32, pieces: Vec<Piece>) {
        self.push(
            VItem::Line {
                height,
                notes: Vec::new(),
            },
            pieces,
        );
    }

    /// A slice `height` high calling `notes` (a line of a table row set
    /// from several lines side by side, a display title's line): the notes
    /// are placed with it.
    pub(super) fn row(&mut self, height: f32, notes: Vec<usize>, pieces: Vec<Piece>) {
        self.push(VItem::Line { height, notes }, pieces);
    }

    /// The page breaker's indices of the notes first called on `line`
    /// (numbered here in order of first call).
    pub(super) fn note_indices(&mut self, line: &Line) -> Vec<usize> {
        let mut out = Vec::new();
        for r in &line.notes {
            if r.occurrence != 0 {
                continue;
            }
            let next = self.notes.len();
            let idx = *self.note_index.entry(r.note).or_insert(next);
            if idx == next {
                self.notes.push(r.note);
            }
            out.push(idx);
        }
        out
    }

    /// Adds a paragraph's lines, one slot each, with widow and orphan
    /// control: no break after the first or before the last line.
    pub fn lines(&mut self, lines: Vec<Line>, region: &Region, extra: Vec<Piece>) {
        let n = lines.len();
        let mut extra = Some(extra);
        let mut hyphenated = false;
        for (i, mut line) in lines.into_iter().enumerate() {
            let breakable = if self.compact {
                i > 0
            } else {
                may_break_before(i, n)
            };
            if breakable {
                let cost = broken_penalty(hyphenated);
                self.push(VItem::Penalty { cost }, Vec::new());
            }
            hyphenated = line.info.hyphenated;
            line.x += region.x;
            let notes = self.note_indices(&line);
            let mut pieces = extra.take().unwrap_or_default();
            push_text(&mut pieces, line, region.leading * BASELINE);
            self.push(
                VItem::Line {
                    height: region.leading,
                    notes,
                },
                pieces,
            );
        }
    }
}

/// Lines kept together at each end of a paragraph, a code block, a table
/// row or a long heading or caption: no widows and no orphans.
const KEEP_LINES: usize = 2;

/// Whether a page may break before line `i` of `n` lines set one under the
/// other, leaving [`KEEP_LINES`] at least on each side.
pub fn may_break_before(i: usize, n: usize) -> bool {
    i >= KEEP_LINES && i + KEEP_LINES <= n
}

/// The cost of a page break after a line (`hyphenated`: one that ends
/// in a hyphen, whose word a reader would finish overleaf).
pub fn broken_penalty(hyphenated: bool) -> f32 {
    if hyphenated { BROKEN_PENALTY } else { 0.0 }
}

/// Adds a line to a piece list, with the rules that strike through its
/// struck-out words (the images set in it stay in the line: the drawing
/// sets them where they stand among its words).
pub fn push_text(pieces: &mut Vec<Piece>, mut line: Line, baseline: f32) {
    line.shrink_to_fit();
    for s in &line.strokes {
        pieces.push(Piece::Rule {
            x: line.x + s.x0,
            y: baseline - s.rise - s.thickness / 2.0,
            w: s.x1 - s.x0,
            thickness: s.thickness,
        });
    }
    pieces.push(Piece::Text { line, baseline });
}

/// Sets blocks into a flow.
pub struct Blocks<'a, 'b, 'f> {
    pub ts: &'a mut Typesetter<'b, 'f>,
    pub warnings: &'a mut Vec<Diagnostic>,
    /// Text block height, to keep figures on one page.
    pub page_height: f32,
    /// The lead-in the next paragraph takes (the chapter sets it before
    /// its opening paragraph).
    pub lead_in: Option<LeadIn>,
    /// The body paragraphs' other lengths: offered to the page breaker,
    /// or as it chose them.
    pub loose: LoosePlan,
}

impl Blocks<'_, '_, '_> {
    fn spec(&self, region: &Region, indent: f32) -> ParaSpec {
        ParaSpec {
            style: Style::new(region.size),
            measure: region.measure,
            indent,
            align: Align::Justify,
            hyphenate: true,
            body: false,
        }
    }

    /// Sets a sequence of blocks.
    pub fn blocks(&mut self, flow: &mut Flow, blocks: &[Block], region: &Region) {
        for block in blocks {
            let first = flow.items.len();
            let role = Role::of(&block.kind);
            match role {
                Some(role) => flow.labels.open_in(role, None, block.attrs.lang()),
                None => flow.labels.open_artifact(),
            }
            self.block(flow, block, region);
            match role {
                Some(_) => flow.labels.close(),
                None => flow.labels.close_artifact(),
            }
            anchor_ids(flow, first, block);
            self.warn_missing(block.pos);
        }
    }

    /// Space around a block set apart from the text (quotation, code,
    /// table, figure, top-level list): one leading, a break allowed.
    fn around(flow: &mut Flow, l: f32) {
        flow.allow_break();
        flow.space(l);
    }

    fn block(&mut self, flow: &mut Flow, block: &Block, region: &Region) {
        let l = region.leading;
        match &block.kind {
            BlockKind::Paragraph(inlines) | BlockKind::Plain(inlines) => {
                let indent = match flow.hang_to.take() {
                    Some(x) => (x - region.x).max(0.0),
                    None if flow.after_paragraph => region.size,
                    None => 0.0,
                };
                let mut spec = self.spec(region, indent);
                spec.body = !flow.compact;
                let lines = match self.lead_in.take() {
                    Some(lead) => self.ts.lead_in_paragraph(inlines, &spec, lead),
                    None if flow.compact => self.ts.paragraph(inlines, &spec),
                    None => self.loose_paragraph(inlines, &spec),
                };
                flow.allow_break();
                let start = flow.items.len();
                flow.lines(lines, region, Vec::new());
                self.offer_variants(flow, start, region);
                flow.after_paragraph = true;
            }
            BlockKind::Heading { level, id, content } => {
                self.heading(flow, *level, id, content, region);
            }
            BlockKind::BlockQuote(inner) => {
                if !flow.compact {
                    Self::around(flow, l);
                }
                let indent = region.size * 1.5;
                // Nested quotations are indented again, not set smaller.
                let size = if flow.quote_depth == 0 {
                    region.size * 0.95
                } else {
                    region.size
                };
                let (quote, _) = Region { size, ..*region }.nested(indent, indent);
                flow.after_paragraph = false;
                flow.quote_depth += 1;
                self.blocks(flow, inner, &quote);
                flow.quote_depth -= 1;
                if !flow.compact {
                    Self::around(flow, l);
                }
                flow.after_paragraph = false;
            }
            BlockKind::List {
                start,
                tight,
                items,
            } => self.list(flow, *start, *tight, items, region),
            BlockKind::CodeBlock { text, tokens, .. } => {
                Self::around(flow, l);
                self.code(flow, text, tokens, region, block.pos);
                Self::around(flow, l);
                flow.after_paragraph = false;
            }
            BlockKind::Table(table) => {
                Self::around(flow, l);
                self.table(flow, table, region, block.pos);
                Self::around(flow, l);
                flow.after_paragraph = false;
            }
            BlockKind::Figure {
                asset,
                alt,
                caption,
                size,
            } => {
                let start = flow.items.len();
                Self::around(flow, l);
                self.figure(flow, (*asset, block.pos, size), alt, caption, region);
                Self::around(flow, l);
                flow.after_paragraph = false;
                flow.may_float(start);
            }
            BlockKind::ThematicBreak => {
                // Three asterisks, spaced, centred in three leadings.
                flow.allow_break();
                let style = Style::new(region.size);
                let orn = "*\u{2003}*\u{2003}*";
                let w = self.ts.measure(orn, style);
                let mut line = self.raw_line(orn, style);
                line.x = region.x + (region.measure - w) / 2.0;
                flow.fixed(
                    3.0 * l,
                    vec![Piece::Text {
                        line,
                        baseline: l * (1.0 + BASELINE),
                    }],
                );
                flow.allow_break();
                flow.after_paragraph = false;
            }
            BlockKind::Div { blocks, .. } => self.blocks(flow, blocks, region),
            BlockKind::DefinitionList(entries) => {
                if !flow.compact {
                    Self::around(flow, l);
                }
                self.definitions(flow, entries, region);
                if !flow.compact {
                    Self::around(flow, l);
                }
                flow.after_paragraph = false;
            }
            BlockKind::Callout { kind, blocks } => {
                if !flow.compact {
                    Self::around(flow, l);
                }
                self.callout(flow, *kind, blocks, region);
                if !flow.compact {
                    Self::around(flow, l);
                }
                flow.after_paragraph = false;
            }
            // Lowered by the resolve pass: never reaches a backend.
            BlockKind::Html(_) => {}
        }
    }

    /// Headings: level 1 centred and large, level 2 italic and larger than
    /// the text, level 3 in small capitals, level 4 and below italic; each
    /// with a leading of space above, on the grid, kept with what follows.
    fn heading(
        &mut self,
        flow: &mut Flow,
        level: u8,
        id: &str,
        content: &[Inline],
        region: &Region,
    ) {
        let l = region.leading;
        let (size, italic, features, slot, base) = match level {
            1 => (region.size * 1.4, false, 0, 2.0 * l, 1.5 * l),
            2 => (region.size * 1.2, true, 0, 2.0 * l, 1.25 * l),
            3 => (region.size, false, SMCP, l, BASELINE * l),
            _ => (region.size, true, 0, l, BASELINE * l),
        };
        let style = Style {
            italic,
            features,
            ..Style::new(size)
        };
        let spec = ParaSpec {
            style,
            measure: region.measure,
            indent: 0.0,
            align: if level <= 1 {
                Align::Center
            } else {
                Align::Left
            },
            hyphenate: false,
            body: false,
        };
        let lines = self.ts.paragraph(content, &spec);
        flow.allow_break();
        flow.space(if level <= 1 { 2.0 * l } else { l });
        let n = lines.len();
        for (i, mut line) in lines.into_iter().enumerate() {
            // A heading longer than a few lines may break inside.
            if may_break_before(i, n) {
                flow.push(VItem::Penalty { cost: 0.0 }, Vec::new());
            }
            line.x += region.x;
            let mut pieces = Vec::new();
            if i == 0 {
                pieces.push(Piece::Anchor(id.to_string()));
                if level == 2 {
                    pieces.push(Piece::Section(inlines_plain_text(content)));
                }
            }
            // Multi-line headings: the first lines take one leading each,
            // the last the full slot.
            let (h, b) = if i + 1 < n {
                (l, BASELINE * l)
            } else {
                (slot, base)
            };
            let notes = flow.note_indices(&line);
            push_text(&mut pieces, line, b);
            flow.push(VItem::Line { height: h, notes }, pieces);
        }
        flow.keep = true;
        flow.after_paragraph = false;
    }

    /// One unbroken line of text, spaces kept as written (code, markers).
    pub fn raw_line(&mut self, text: &str, style: Style) -> Line {
        let shaped = self.ts.shaper.shape(style.face(), style.features, text);
        line_of_glyphs(text, &shaped, style)
    }
}

/// A line of a shaped text's glyphs (clusters indexing `text`), set side
/// by side at their advances.
fn line_of_glyphs(text: &str, shaped: &Arc<Shaped>, style: Style) -> Line {
    let mut line = Line {
        text: text.to_string(),
        ..Line::default()
    };
    let x = line.push_word(
        shaped,
        0..shaped.glyphs.len(),
        0..text.len(),
        0,
        0.0,
        (style.size, style.rise),
        0.0,
    );
    line.info = LineInfo {
        width: x,
        measure: x,
        space_factor: 1.0,
        notdef: shaped.glyphs.iter().filter(|g| g.id == 0).count() as u32,
        ..LineInfo::default()
    };
    line
}

/// Named destinations for the ids the author gave a block or the inlines
/// it holds (links resolve to them), at the first line it set.
fn anchor_ids(flow: &mut Flow, first: usize, block: &Block) {
    let mut ids: Vec<String> = block.attrs.id().map(str::to_string).into_iter().collect();
    for run in crate::model::visit::inline_runs(&block.kind) {
        crate::model::visit::each_inline_in(run, &mut |i| {
            let attrs = match i {
                Inline::Element { attrs, .. }
                | Inline::Link { attrs, .. }
                | Inline::Image { attrs, .. } => attrs,
                _ => return,
            };
            ids.extend(attrs.id().map(str::to_string));
        });
    }
    if ids.is_empty() {
        return;
    }
    let line = (first..flow.items.len()).find(|&k| matches!(flow.items[k], VItem::Line { .. }));
    if let Some(pieces) = line.and_then(|k| flow.pieces.get_mut(k)) {
        pieces.extend(ids.into_iter().map(Piece::Anchor));
    }
}
