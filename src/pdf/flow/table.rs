//! Tables in the booktabs manner: column widths from the content, cells
//! wrapping, rules above and below the header and below the last row.

use super::{Blocks, Flow, Region, push_text};
use crate::model::{Inline, Table, inlines_plain_text};
use crate::pdf::frame::{BASELINE, Piece};
use crate::pdf::inline::{Align, ParaSpec, Style};

impl Blocks<'_, '_, '_> {
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
                let text = inlines_plain_text(cell);
                let text = text.trim();
                natural[c] = natural[c].max(self.ts.measure(text, style));
                for word in text.split_whitespace() {
                    least[c] = least[c].max(self.ts.measure(word, style));
                }
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
    pub(super) fn table(&mut self, flow: &mut Flow, table: &Table, region: &Region) {
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
        let rule = |y: f32, w: f32, thickness: f32| Piece::Rule {
            x: region.x,
            y,
            w,
            thickness,
        };
        let table_w = (widths.iter().sum::<f32>() + gap * (cols as f32 - 1.0)).min(region.measure);
        let has_head = !table.head.is_empty();
        let rows: Vec<&Vec<Vec<Inline>>> = if has_head {
            std::iter::once(&table.head).chain(&table.rows).collect()
        } else {
            table.rows.iter().collect()
        };
        let last = rows.len().saturating_sub(1);
        for (r, row) in rows.into_iter().enumerate() {
            let header = has_head && r == 0;
            let mut pieces = Vec::new();
            let mut notes = Vec::new();
            let mut rows_used = 1usize;
            let mut x = region.x;
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
                    notes.extend(flow.note_indices(&line));
                    push_text(&mut pieces, line, l * (k as f32 + BASELINE));
                }
                x += col_w + gap;
            }
            let below = rows_used as f32 * l + 0.1 * l;
            if r == 0 {
                pieces.push(rule(-0.1 * l, table_w, 0.6));
            }
            if header {
                pieces.push(rule(below, table_w, 0.35));
            }
            if r == last {
                pieces.push(rule(below, table_w, 0.6));
            }
            // No break between the header and the first row.
            if r > 0 && !(has_head && r == 1) {
                flow.allow_break();
            }
            flow.row(rows_used as f32 * l, notes, pieces);
        }
    }
}
