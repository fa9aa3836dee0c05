//! Blocks to a chapter's vertical list: typeset lines on the baseline grid
//! (every slot a whole number of leadings), with the penalties that keep
//! headings with their text and forbid widows and orphans, ready for the
//! page breaker. Each vertical item carries the pieces to draw.

use std::collections::HashMap;

use super::inline::{Align, ParaSpec, Style, Typesetter};
use super::lines::{Line, LineInfo, PGlyph};
use super::pagebreak::VItem;
use crate::diag::Diagnostic;
use crate::model::{Block, BlockKind, Inline, NoteId, Pos, Table, inlines_plain_text};

/// Where a baseline sits in its slot, as a fraction of the leading.
pub const BASELINE: f32 = 0.75;

/// Something to draw, positioned relative to its vertical item's top-left
/// corner at the text block's left edge.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// A line of text; `line.x` is its horizontal offset.
    Text { line: Line, baseline: f32 },
    Image {
        asset: usize,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    Rule {
        x: f32,
        y: f32,
        w: f32,
        thickness: f32,
    },
    /// A named destination (a heading's id), for links and the outline.
    Anchor(String),
    /// A section starts here: the recto running head changes to this.
    Section(String),
}

/// The text block a flow is set in: type size, leading and measure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub size: f32,
    pub leading: f32,
    pub measure: f32,
    /// Left indent of this frame in the text block.
    pub x: f32,
}

/// A chapter's (or a note's) vertical list and what to draw for each item.
#[derive(Debug, Default)]
pub struct Flow {
    pub items: Vec<VItem>,
    pub pieces: Vec<Vec<Piece>>,
    /// Notes whose first reference is in this flow, in order: the page
    /// breaker's note indices.
    pub notes: Vec<NoteId>,
    note_index: HashMap<NoteId, usize>,
    /// The next break opportunity is forbidden (a heading was just set).
    keep: bool,
    /// Setting a note: no vertical glue, no widow rules.
    compact: bool,
    /// The previous block was a paragraph (the next one gets an indent).
    after_paragraph: bool,
}

impl Flow {
    pub fn new(compact: bool) -> Flow {
        Flow {
            compact,
            ..Flow::default()
        }
    }

    fn push(&mut self, item: VItem, pieces: Vec<Piece>) {
        if matches!(item, VItem::Line { .. }) {
            self.keep = false;
        }
        self.items.push(item);
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

    fn note_indices(&mut self, line: &Line) -> Vec<usize> {
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
    pub fn lines(&mut self, lines: Vec<Line>, frame: &Frame, extra: Vec<Piece>) {
        let n = lines.len();
        let mut extra = Some(extra);
        for (i, mut line) in lines.into_iter().enumerate() {
            let breakable = if self.compact {
                i > 0
            } else {
                i >= 2 && i + 2 <= n
            };
            if breakable {
                self.push(VItem::Penalty { cost: 0.0 }, Vec::new());
            }
            line.x += frame.x;
            let notes = self.note_indices(&line);
            let mut pieces = extra.take().unwrap_or_default();
            pieces.push(Piece::Text {
                line,
                baseline: frame.leading * BASELINE,
            });
            self.push(
                VItem::Line {
                    height: frame.leading,
                    notes,
                },
                pieces,
            );
        }
    }
}

/// Sets blocks into a flow.
pub struct Blocks<'a, 'b, 'f> {
    pub ts: &'a mut Typesetter<'b, 'f>,
    pub warnings: &'a mut Vec<Diagnostic>,
    /// Text block height, to keep figures on one page.
    pub page_height: f32,
}

impl Blocks<'_, '_, '_> {
    fn warn_missing(&mut self, pos: Pos) {
        let missing = self.ts.shaper.take_missing();
        if missing.is_empty() {
            return;
        }
        let book = self.ts.book;
        let file = book
            .sources
            .get(pos.source.0)
            .map(|s| s.path.clone())
            .unwrap_or_else(|| "<unknown>".into());
        for c in missing {
            self.warnings.push(Diagnostic::warning(
                file.clone(),
                pos.line,
                pos.col,
                format!(
                    "no font has a glyph for U+{:04X} '{c}'; it prints as a blank box",
                    c as u32
                ),
            ));
        }
    }

    fn spec(&self, frame: &Frame, indent: f32) -> ParaSpec {
        ParaSpec {
            style: Style::new(frame.size),
            measure: frame.measure,
            indent,
            align: Align::Justify,
            hyphenate: true,
            body: false,
        }
    }

    /// Sets a sequence of blocks.
    pub fn blocks(&mut self, flow: &mut Flow, blocks: &[Block], frame: &Frame) {
        for block in blocks {
            self.block(flow, block, frame);
            self.warn_missing(block.pos);
        }
    }

    fn block(&mut self, flow: &mut Flow, block: &Block, frame: &Frame) {
        let l = frame.leading;
        match &block.kind {
            BlockKind::Paragraph(inlines) => {
                let indent = if flow.after_paragraph {
                    frame.size
                } else {
                    0.0
                };
                let mut spec = self.spec(frame, indent);
                spec.body = !flow.compact;
                let lines = self.ts.paragraph(inlines, &spec);
                flow.allow_break();
                flow.lines(lines, frame, Vec::new());
                flow.after_paragraph = true;
            }
            BlockKind::Heading { level, id, content } => {
                self.heading(flow, *level, id, content, frame);
            }
            BlockKind::BlockQuote(inner) => {
                flow.allow_break();
                flow.space(l);
                let quote = Frame {
                    size: frame.size * 0.95,
                    leading: l,
                    measure: frame.measure - 2.0 * frame.size * 1.5,
                    x: frame.x + frame.size * 1.5,
                };
                flow.after_paragraph = false;
                self.blocks(flow, inner, &quote);
                flow.allow_break();
                flow.space(l);
                flow.after_paragraph = false;
            }
            BlockKind::List {
                start,
                tight: _,
                items,
            } => {
                let hang = frame.size * 1.6;
                let inner = Frame {
                    measure: frame.measure - hang,
                    x: frame.x + hang,
                    ..*frame
                };
                if !flow.compact {
                    flow.allow_break();
                    flow.space(l * 0.0);
                }
                for (i, item) in items.iter().enumerate() {
                    let marker = match start {
                        Some(s) => format!("{}.", s + i as u64),
                        None => "•".to_string(),
                    };
                    let first = flow.items.len();
                    flow.after_paragraph = false;
                    self.blocks(flow, &item.blocks, &inner);
                    let style = Style::new(frame.size);
                    let w = self.ts.measure(&marker, style);
                    let mut mline = self.raw_line(&marker, style);
                    mline.x = frame.x + hang - w - frame.size * 0.4;
                    if let Some(pieces) = flow
                        .items
                        .iter()
                        .enumerate()
                        .skip(first)
                        .find(|(_, it)| matches!(it, VItem::Line { .. }))
                        .map(|(i, _)| i)
                        .and_then(|i| flow.pieces.get_mut(i))
                    {
                        let baseline = pieces
                            .iter()
                            .find_map(|p| match p {
                                Piece::Text { baseline, .. } => Some(*baseline),
                                _ => None,
                            })
                            .unwrap_or(l * BASELINE);
                        pieces.push(Piece::Text {
                            line: mline,
                            baseline,
                        });
                    }
                }
                flow.after_paragraph = false;
            }
            BlockKind::CodeBlock { text, .. } => {
                flow.allow_break();
                flow.space(l);
                self.code(flow, text, frame);
                flow.allow_break();
                flow.space(l);
                flow.after_paragraph = false;
            }
            BlockKind::Table(table) => {
                flow.allow_break();
                flow.space(l);
                self.table(flow, table, frame);
                flow.allow_break();
                flow.space(l);
                flow.after_paragraph = false;
            }
            BlockKind::Figure {
                asset,
                alt,
                caption,
            } => {
                flow.allow_break();
                flow.space(l);
                self.figure(flow, *asset, alt, caption, frame);
                flow.allow_break();
                flow.space(l);
                flow.after_paragraph = false;
            }
            BlockKind::ThematicBreak => {
                flow.allow_break();
                let style = Style::new(frame.size);
                let orn = "⁂";
                let w = self.ts.measure(orn, style);
                let mut line = self.raw_line(orn, style);
                line.x = frame.x + (frame.measure - w) / 2.0;
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
            BlockKind::Html(html) => {
                let text = strip_tags(html);
                if !text.trim().is_empty() {
                    let spec = self.spec(frame, 0.0);
                    let lines = self.ts.text(text.trim(), &spec);
                    flow.allow_break();
                    flow.lines(lines, frame, Vec::new());
                    flow.after_paragraph = true;
                }
            }
        }
    }

    /// Section headings: level 2 in a two-leading slot with space above,
    /// level 3 and below in one slot; kept with the next lines.
    fn heading(&mut self, flow: &mut Flow, level: u8, id: &str, content: &[Inline], frame: &Frame) {
        let l = frame.leading;
        let (size, italic, bold, slot, base) = match level {
            1 => (frame.size * 1.4, false, false, 2.0 * l, 1.5 * l),
            2 => (frame.size * 1.15, true, false, 2.0 * l, 1.25 * l),
            3 => (frame.size, true, false, l, BASELINE * l),
            _ => (frame.size, false, false, l, BASELINE * l),
        };
        let style = Style {
            italic,
            bold,
            ..Style::new(size)
        };
        let spec = ParaSpec {
            style,
            measure: frame.measure,
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
        flow.space(l);
        let n = lines.len();
        for (i, mut line) in lines.into_iter().enumerate() {
            line.x += frame.x;
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
            pieces.push(Piece::Text { line, baseline: b });
            flow.push(VItem::Line { height: h, notes }, pieces);
        }
        flow.keep = true;
        flow.after_paragraph = false;
    }

    /// One unbroken line of text, spaces kept as written (code, markers).
    pub fn raw_line(&mut self, text: &str, style: Style) -> Line {
        let shaped = self.ts.shaper.shape(style.face(), style.features, text);
        let mut line = Line {
            text: text.to_string(),
            ..Line::default()
        };
        let mut x = 0.0;
        for (k, g) in shaped.glyphs.iter().enumerate() {
            let c0 = g.cluster as usize;
            let c1 = shaped.glyphs[k..]
                .iter()
                .map(|n| n.cluster as usize)
                .find(|&c| c > c0)
                .unwrap_or(text.len());
            line.push_glyph(
                g.face,
                style.size,
                style.rise,
                x,
                PGlyph {
                    id: g.id,
                    text: c0..c1,
                    advance: g.advance,
                    dx: g.dx,
                    dy: g.dy,
                },
            );
            x += g.advance * style.size;
        }
        line.info = LineInfo {
            width: x,
            measure: x,
            space_factor: 1.0,
            ..LineInfo::default()
        };
        line
    }

    /// Code: monospace, no hyphenation, long lines wrapped at character
    /// boundaries so nothing passes the measure.
    fn code(&mut self, flow: &mut Flow, text: &str, frame: &Frame) {
        let style = Style {
            mono: true,
            ..Style::new(frame.size * 0.85)
        };
        let indent = frame.size;
        let measure = frame.measure - indent;
        let advance = self.ts.measure("0", style).max(0.1);
        let per_line = ((measure / advance).floor() as usize).max(1);
        let mut lines = Vec::new();
        for src in text.trim_end_matches('\n').split('\n') {
            let src = src.replace('\t', "    ");
            let chars: Vec<char> = src.chars().collect();
            if chars.is_empty() {
                lines.push(Line::default());
                continue;
            }
            for chunk in chars.chunks(per_line) {
                let s: String = chunk.iter().collect();
                let mut line = self.raw_line(&s, style);
                line.x = indent;
                line.info.measure = measure;
                line.info.overfull = line.info.width > measure + 0.01;
                lines.push(line);
            }
        }
        let n = lines.len();
        for (i, mut line) in lines.into_iter().enumerate() {
            if i >= 2 && i + 2 <= n {
                flow.push(VItem::Penalty { cost: 0.0 }, Vec::new());
            }
            line.x += frame.x;
            flow.push(
                VItem::Line {
                    height: frame.leading,
                    notes: Vec::new(),
                },
                vec![Piece::Text {
                    line,
                    baseline: frame.leading * BASELINE,
                }],
            );
        }
    }

    /// A simple grid: columns as wide as their content needs, shrunk in
    /// proportion when the table is wider than the measure; cells wrap.
    fn table(&mut self, flow: &mut Flow, table: &Table, frame: &Frame) {
        let cols = table
            .head
            .len()
            .max(table.rows.iter().map(|r| r.len()).max().unwrap_or(0));
        if cols == 0 {
            return;
        }
        let size = frame.size * 0.9;
        let gap = frame.size;
        let mut natural = vec![frame.size; cols];
        let all = std::iter::once(&table.head).chain(&table.rows);
        for row in all.clone() {
            for (c, cell) in row.iter().enumerate() {
                let w = self.ts.measure(&inlines_plain_text(cell), Style::new(size));
                natural[c] = natural[c].max(w);
            }
        }
        let avail = frame.measure - gap * (cols as f32 - 1.0);
        let total: f32 = natural.iter().sum();
        let widths: Vec<f32> = if total > avail {
            natural.iter().map(|w| w / total * avail).collect()
        } else {
            natural.clone()
        };
        let l = frame.leading;
        let rule = |y: f32, w: f32| Piece::Rule {
            x: frame.x,
            y,
            w,
            thickness: 0.4,
        };
        let table_w = widths.iter().sum::<f32>() + gap * (cols as f32 - 1.0);
        for (r, row) in all.enumerate() {
            let header = r == 0;
            let mut pieces = Vec::new();
            let mut rows_used = 1usize;
            let mut x = frame.x;
            for (c, &col_w) in widths.iter().enumerate() {
                let empty = Vec::new();
                let cell = row.get(c).unwrap_or(&empty);
                let style = Style {
                    italic: header,
                    ..Style::new(size)
                };
                let spec = ParaSpec {
                    style,
                    measure: col_w,
                    indent: 0.0,
                    align: Align::Left,
                    hyphenate: true,
                    body: false,
                };
                let lines = self.ts.paragraph(cell, &spec);
                rows_used = rows_used.max(lines.len());
                for (k, mut line) in lines.into_iter().enumerate() {
                    let align = table.align.get(c).copied();
                    line.x = x + match align {
                        Some(crate::model::Align::Right) => col_w - line.info.width,
                        Some(crate::model::Align::Center) => (col_w - line.info.width) / 2.0,
                        _ => 0.0,
                    }
                    .max(0.0);
                    pieces.push(Piece::Text {
                        line,
                        baseline: l * (k as f32 + BASELINE),
                    });
                }
                x += col_w + gap;
            }
            if header {
                pieces.push(rule(0.0, table_w));
                pieces.push(rule(rows_used as f32 * l + 0.1 * l, table_w));
            }
            if r == table.rows.len() {
                pieces.push(rule(rows_used as f32 * l + 0.1 * l, table_w));
            }
            if r > 0 {
                flow.allow_break();
            }
            flow.fixed(rows_used as f32 * l, pieces);
        }
        if table.head.is_empty() && table.rows.is_empty() {
            flow.fixed(l, Vec::new());
        }
    }

    /// An image scaled to the measure (and to at most 60% of the page),
    /// its slot a whole number of leadings, the caption below.
    fn figure(
        &mut self,
        flow: &mut Flow,
        asset: usize,
        alt: &str,
        caption: &[Inline],
        frame: &Frame,
    ) {
        let l = frame.leading;
        let Some(a) = self.ts.book.assets.get(asset) else {
            return;
        };
        let (pw, ph) = (a.width.max(1) as f32, a.height.max(1) as f32);
        let mut w = frame.measure.min(pw * 72.0 / 96.0 * 2.0).min(frame.measure);
        let mut h = w * ph / pw;
        let max_h = self.page_height * 0.6;
        if h > max_h {
            h = max_h;
            w = h * pw / ph;
        }
        let slots = (h / l).ceil().max(1.0);
        let x = frame.x + (frame.measure - w) / 2.0;
        flow.fixed(
            slots * l,
            vec![Piece::Image {
                asset,
                x,
                y: slots * l - h - l * (1.0 - BASELINE),
                w,
                h,
            }],
        );
        let caption: Vec<Inline> = if caption.is_empty() && !alt.is_empty() {
            vec![Inline::Text(alt.to_string())]
        } else {
            caption.to_vec()
        };
        if !caption.is_empty() {
            let spec = ParaSpec {
                style: Style {
                    italic: true,
                    ..Style::new(frame.size * 0.9)
                },
                measure: frame.measure,
                indent: 0.0,
                align: Align::Center,
                hyphenate: true,
                body: false,
            };
            let lines = self.ts.paragraph(&caption, &spec);
            for mut line in lines {
                line.x += frame.x;
                flow.fixed(
                    l,
                    vec![Piece::Text {
                        line,
                        baseline: l * BASELINE,
                    }],
                );
            }
        }
    }
}

/// The text of an HTML fragment without its tags.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
