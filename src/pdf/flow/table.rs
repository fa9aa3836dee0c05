//! Tables in the booktabs manner: column widths from the content, cells
//! wrapping, rules above and below the header and below the last row.

use super::{Blocks, Flow, Head, Region, may_break_before, push_text};
use crate::model::{Inline, Pos, Table};
use crate::pdf::frame::{BASELINE, Piece};
use crate::pdf::inline::{Align, ParaSpec, Style};
use crate::pdf::label::{ArtifactKind, Label, Role};
use crate::pdf::pagebreak::{Repeat, VItem};

/// The cost of breaking inside a row rather than between rows: about a
/// page left a fifth empty, so a row moves whole to the next page unless
/// that wastes more.
const ROW_SPLIT_COST: f32 = 400.0;

/// The most lines a table inside a note may have and still be kept
/// whole, never split over two pages.
const SHORT_NOTE_TABLE: usize = 12;

/// The tallest header row that is repeated on the pages a table continues
/// on, as a share of the text block's height.
const MAX_REPEATED_HEAD: f32 = 0.25;

impl Blocks<'_, '_, '_> {
    /// A cell's text as runs in the faces it is set in (code in the
    /// monospace, strong text in bold, emphasis in italic), each note mark
    /// as its number: what its column must make room for.
    fn cell_runs(&self, inlines: &[Inline], style: Style, out: &mut Vec<(String, Style)>) {
        for inline in inlines {
            match inline {
                Inline::Text { text, .. } => out.push((text.clone(), style)),
                Inline::Code { text, .. } => out.push((text.clone(), style.code())),
                Inline::Emphasis(c) => self.cell_runs(c, style.italicised(), out),
                Inline::Superscript(c) => self.cell_runs(c, style.superior(), out),
                Inline::Subscript(c) => self.cell_runs(c, style.inferior(), out),
                Inline::Element { name, content, .. } => {
                    self.cell_runs(content, style.for_element(name), out)
                }
                Inline::Strong(c) => self.cell_runs(
                    c,
                    Style {
                        bold: true,
                        ..style
                    },
                    out,
                ),
                Inline::Strikethrough(c) | Inline::Link { content: c, .. } => {
                    self.cell_runs(c, style, out)
                }
                Inline::Image { alt, .. } => out.push((alt.clone(), style)),
                Inline::NoteRef(r) => {
                    out.push((self.ts.book.note(r.note).number.to_string(), style))
                }
                Inline::SoftBreak | Inline::HardBreak => out.push((" ".to_string(), style)),
                Inline::Html { .. } => {}
            }
        }
    }

    /// Column widths for a table at a type size: each column between the
    /// width of its longest word and its natural width, the slack shared in
    /// proportion to what each column would like more. `None` when even the
    /// longest words do not fit side by side.
    fn column_widths(
        &mut self,
        table: &Table,
        cols: usize,
        size: f32,
        avail: f32,
    ) -> Option<Vec<f32>> {
        let mut natural = vec![size; cols];
        let mut least = vec![size; cols];
        for (r, row) in std::iter::once(&table.head).chain(&table.rows).enumerate() {
            let style = Style {
                italic: r == 0,
                ..Style::new(size)
            };
            for (c, cell) in row.iter().enumerate() {
                let mut runs = Vec::new();
                self.cell_runs(cell, style, &mut runs);
                let (mut line, mut word) = (0.0f32, 0.0f32);
                for (text, style) in &runs {
                    for (k, part) in text.split(char::is_whitespace).enumerate() {
                        if k > 0 {
                            least[c] = least[c].max(word);
                            word = 0.0;
                            line += self.ts.measure(" ", *style);
                        }
                        let w = self.ts.measure(part, *style);
                        word += w;
                        line += w;
                    }
                }
                least[c] = least[c].max(word);
                natural[c] = natural[c].max(line);
            }
        }
        let (nat, min): (f32, f32) = (natural.iter().sum(), least.iter().sum());
        if nat <= avail {
            return Some(natural);
        }
        if min > avail {
            return None;
        }
        let want = nat - min;
        Some(
            natural
                .iter()
                .zip(&least)
                .map(|(n, m)| m + (n - m) / want.max(0.01) * (avail - min))
                .collect(),
        )
    }

    /// A table in the booktabs manner: rules above and below the header and
    /// below the last row, no vertical rules; columns as wide as their
    /// content needs, cells wrapping; a table too wide for the measure is
    /// set smaller (down to 70% of the text size) before its words break.
    ///
    /// Each line of a row is its own slot, so a row taller than the room
    /// left (or than a page) breaks between its lines, at a cost, keeping
    /// two lines on each side; the header row is set again at the top of
    /// each page the table continues on. A table whose columns cannot hold
    /// a single character even at the smallest size is an error at `pos`.
    pub(super) fn table(&mut self, flow: &mut Flow, table: &Table, region: &Region, pos: Pos) {
        let cols = table
            .head
            .len()
            .max(table.rows.iter().map(|r| r.len()).max().unwrap_or(0));
        if cols == 0 {
            return;
        }
        let mut size = region.size * 0.9;
        let min_size = region.size * 0.7;
        let widths = loop {
            let gap = size * 0.8;
            let avail = region.measure - gap * (cols as f32 - 1.0);
            if let Some(w) = self.column_widths(table, cols, size, avail) {
                break w;
            }
            if size <= min_size {
                // Even at the smallest size the words are too long: share
                // the measure equally; cells break inside words.
                break vec![avail / cols as f32; cols];
            }
            size = (size - 0.25).max(min_size);
        };
        let gap = size * 0.8;
        let l = region.leading;
        let table_w = (widths.iter().sum::<f32>() + gap * (cols as f32 - 1.0)).min(region.measure);
        self.table_caption(flow, &table.caption, region, table_w);
        let rule = |y: f32, w: f32, thickness: f32| Piece::Rule {
            x: region.x,
            y,
            w,
            thickness,
        };
        let has_head = !table.head.is_empty();
        let rows: Vec<&Vec<Vec<Inline>>> = if has_head {
            std::iter::once(&table.head).chain(&table.rows).collect()
        } else {
            table.rows.iter().collect()
        };
        let last = rows.len().saturating_sub(1);
        let mut unset: Option<(usize, f32)> = None;
        let mut head: Option<Head> = None;
        // Each row's slots (each slot's pieces and the notes called on
        // it), set before any is pushed: whether the table may break
        // depends on its height.
        let mut set_rows: Vec<Vec<(Vec<Piece>, Vec<usize>)>> = Vec::with_capacity(rows.len());
        for (r, row) in rows.into_iter().enumerate() {
            let header = has_head && r == 0;
            // Each slot's pieces and the notes called on it.
            let mut slots: Vec<(Vec<Piece>, Vec<usize>)> = vec![Default::default()];
            let mut x = region.x;
            let tr = flow.labels.elem(Role::TableRow);
            for (c, &col_w) in widths.iter().enumerate() {
                let cell_label = flow.labels.current().child(&[
                    tr,
                    flow.labels.elem(if header {
                        Role::TableHeader
                    } else {
                        Role::TableCell
                    }),
                ]);
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
                if slots.len() < lines.len() {
                    slots.resize_with(lines.len(), Default::default);
                }
                for (k, mut line) in lines.into_iter().enumerate() {
                    if line.info.overfull && unset.is_none() {
                        unset = Some((c, col_w));
                    }
                    let align = table.align.get(c).copied();
                    line.x = x + match align {
                        Some(crate::model::Align::Right) => col_w - line.info.width,
                        Some(crate::model::Align::Center) => (col_w - line.info.width) / 2.0,
                        _ => 0.0,
                    }
                    .max(0.0);
                    line.label = cell_label.clone();
                    let (pieces, notes) = &mut slots[k];
                    notes.extend(flow.note_indices(&line));
                    push_text(pieces, line, l * BASELINE);
                }
                x += col_w + gap;
            }
            set_rows.push(slots);
        }
        // A short table in a note is kept whole: a note does not break
        // inside it (after its header row, say).
        let height: usize = set_rows.iter().map(Vec::len).sum();
        let whole = flow.compact && height <= SHORT_NOTE_TABLE;
        for (r, mut slots) in set_rows.into_iter().enumerate() {
            let header = has_head && r == 0;
            let n = slots.len();
            if r == 0 {
                slots[0].0.push(rule(-0.1 * l, table_w, 0.6));
            }
            if header {
                slots[n - 1].0.push(rule(1.1 * l, table_w, 0.35));
            }
            if r == last {
                slots[n - 1].0.push(rule(1.1 * l, table_w, 0.6));
            }
            // No break between the header and the first row.
            if r > 0 && !(has_head && r == 1) && !whole {
                flow.allow_break();
            }
            if r == 1
                && let Some(h) = &mut head
            {
                h.repeat.items.start = flow.items.len();
            }
            if header && n as f32 * l <= self.page_height * MAX_REPEATED_HEAD {
                head = Some(Head {
                    repeat: Repeat {
                        items: 0..0,
                        height: n as f32 * l,
                    },
                    pieces: slots
                        .iter()
                        .enumerate()
                        .flat_map(|(k, (pieces, _))| {
                            pieces.iter().map(move |p| (k as f32 * l, repeated(p)))
                        })
                        .collect(),
                });
            }
            for (k, (mut pieces, notes)) in slots.into_iter().enumerate() {
                if may_break_before(k, n) && !whole {
                    flow.push(
                        VItem::Penalty {
                            cost: ROW_SPLIT_COST,
                        },
                        Vec::new(),
                    );
                }
                // A compact flow (a note) has no space around blocks: the
                // first slot is made taller, so the top rule clears the
                // descenders of the line above (a caption's).
                let gap = if flow.compact && r == 0 && k == 0 {
                    l * COMPACT_GAP
                } else {
                    0.0
                };
                for piece in &mut pieces {
                    lower(piece, gap);
                }
                flow.row(l + gap, notes, pieces);
            }
        }
        // Repeated over the rows after the first, if there are any.
        if let Some(mut h) = head
            && h.repeat.items.start > 0
        {
            h.repeat.items.end = flow.items.len();
            flow.heads.push(h);
        }
        if let Some((c, col_w)) = unset {
            self.unset_table(pos, cols, c, col_w, size);
        }
    }

    /// A table's caption, above it as tables are captioned in print: in
    /// italic, centred over the table (`table_w` wide, set from the left of
    /// the region; a narrow table's caption gets at least 8 ems so that it
    /// does not break word by word), kept with the table's first row.
    fn table_caption(
        &mut self,
        flow: &mut Flow,
        caption: &[Inline],
        region: &Region,
        table_w: f32,
    ) {
        if caption.is_empty() {
            return;
        }
        let over = Region {
            measure: table_w.max(region.size * 8.0).min(region.measure),
            ..*region
        };
        let lines = self
            .ts
            .paragraph(caption, &super::figure::caption_spec(&over));
        flow.labels.open(Role::Caption, None);
        for mut line in lines {
            line.x += region.x;
            line.label = flow.labels.current();
            let notes = flow.note_indices(&line);
            let mut pieces = Vec::new();
            push_text(&mut pieces, line, region.leading * BASELINE);
            flow.row(region.leading, notes, pieces);
        }
        flow.labels.close();
    }

    /// Reports a table that cannot be set: a column too narrow for its
    /// characters even at the smallest size.
    fn unset_table(&mut self, pos: Pos, cols: usize, column: usize, width: f32, size: f32) {
        self.error_at(
            pos,
            format!(
                "this table cannot be set in the PDF: with {cols} columns, column {} is {width:.1} pt \
                 wide even at {size:.1} pt type, too narrow for its characters (use fewer columns, \
                 or a wider page)",
                column + 1
            ),
        );
    }
}

/// How far a table in a compact flow stands below the line before it, in
/// leadings.
const COMPACT_GAP: f32 = 0.35;

/// Moves a piece `dy` points down its slot.
fn lower(piece: &mut Piece, dy: f32) {
    match piece {
        Piece::Text { baseline: y, .. } | Piece::Rule { y, .. } | Piece::Image { y, .. } => {
            *y += dy
        }
        Piece::Anchor(_) | Piece::Section(_) | Piece::Element(_) => {}
    }
}

/// A piece of the header row as set again at the top of a continued page:
/// an artifact of the page break (its text is in the table once).
fn repeated(piece: &Piece) -> Piece {
    let mut p = piece.clone();
    if let Piece::Text { line, .. } = &mut p {
        line.label = Label::Artifact(ArtifactKind::Pagination);
        for image in &mut line.images {
            image.label = Label::Artifact(ArtifactKind::Pagination);
        }
    }
    p
}
