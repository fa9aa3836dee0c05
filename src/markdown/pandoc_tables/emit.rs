//! Writes the tables read by [`super::Scan`] as pipe tables, recording
//! where each byte of the new text came from.

use super::{Cell, Parsed, Rewritten, Scan, TableInfo};

/// The rewritten text as it grows.
struct Out<'t> {
    src: &'t str,
    r: Rewritten,
}

impl Out<'_> {
    /// Text Bindery writes (table syntax), placed at `anchor` of the
    /// original for positions.
    fn put(&mut self, s: &str, anchor: usize) {
        if !s.is_empty() {
            self.r.pieces.push((self.r.text.len(), anchor));
            self.r.text.push_str(s);
        }
    }

    /// The original's bytes `from..to`, as they are.
    fn copy(&mut self, from: usize, to: usize) {
        if from < to {
            self.r.pieces.push((self.r.text.len(), from));
            self.r.text.push_str(&self.src[from..to]);
        }
    }

    /// A cell's text, its unescaped `|` escaped (a pipe table would cut
    /// the cell there).
    fn cell_text(&mut self, from: usize, to: usize) {
        let mut start = from;
        let bytes = self.src.as_bytes();
        for k in from..to {
            if bytes[k] == b'|' {
                let backslashes = bytes[from..k].iter().rev().take_while(|&&b| b == b'\\');
                if backslashes.count() % 2 == 0 {
                    self.copy(start, k);
                    self.put("\\", k);
                    start = k;
                }
            }
        }
        self.copy(start, to);
    }

    fn cell(&mut self, cell: &Cell, anchor: usize) {
        self.put(" ", anchor);
        let mut first = true;
        let mut broken = false;
        for part in cell {
            match part {
                None => broken = true,
                Some(r) => {
                    if !first {
                        self.put(if broken { "<br>" } else { " " }, r.start);
                    }
                    self.cell_text(r.start, r.end);
                    first = false;
                    broken = false;
                }
            }
        }
        self.put(" |", anchor);
    }

    fn row(&mut self, indent: &str, cells: &[Cell], cols: usize, anchor: usize) {
        self.put(indent, anchor);
        self.put("|", anchor);
        let empty = Cell::new();
        for c in 0..cols {
            let cell = cells.get(c).unwrap_or(&empty);
            let at = cell.iter().flatten().next().map_or(anchor, |r| r.start);
            self.cell(cell, at);
        }
        self.put("\n", anchor);
    }
}

impl Scan<'_> {
    /// The text with each table of `found` (its first line, the line
    /// after it, what was read, its caption) written as a pipe table.
    pub(super) fn emit(&self, found: Vec<(usize, usize, Parsed, Option<Cell>)>) -> Rewritten {
        let mut out = Out {
            src: self.text,
            r: Rewritten::default(),
        };
        let mut copied = 0;
        for (first, end, parsed, caption) in found {
            self.quote.set(self.lines[first].quote);
            // Inside a block quote, each line Bindery writes after the
            // first opens with the first's `>` markers.
            let prefix = &self.text[self.lines[first].start..self.lines[first].inner];
            let region = self.start(first)..self.lines[end - 1].next;
            out.copy(copied, region.start);
            copied = region.end;
            let indent = (first..end)
                .filter(|&i| !self.blank(i))
                .map(|i| self.body(i).len() - self.body(i).trim_start_matches(' ').len())
                .min()
                .unwrap_or(0);
            let indent = " ".repeat(indent);
            let anchor = region.start + indent.len();
            let cols = parsed.align.len();
            let key;
            if let Some(lines) = &parsed.pipe {
                // pulldown-cmark reads the table as written.
                let head = self.body(lines.start);
                key = out.r.text.len() + head.len() - head.trim_start().len();
                let last = &self.lines[lines.end - 1];
                out.copy(self.start(lines.start), last.next);
                if last.next == last.end {
                    out.put("\n", last.end);
                }
            } else {
                key = out.r.text.len() + indent.len();
                out.row(&indent, parsed.head.as_deref().unwrap_or(&[]), cols, anchor);
                out.put(prefix, anchor);
                out.put(&indent, anchor);
                out.put(&format!("|{}\n", "-|".repeat(cols)), anchor);
                for row in &parsed.rows {
                    let at = row
                        .iter()
                        .flatten()
                        .flatten()
                        .next()
                        .map_or(anchor, |r| r.start);
                    out.put(prefix, at);
                    out.row(&indent, row, cols, at);
                }
            }
            if let Some(caption) = &caption {
                let at = caption.iter().flatten().next().map_or(anchor, |r| r.start);
                out.put(prefix, at);
                out.row(&indent, std::slice::from_ref(caption), cols, at);
            }
            // A line right after the table would be read as one more row.
            if let Some(next) = self.lines.get(end) {
                let depth = self.quote.get();
                let blank = self.text[next.start..next.end].trim().is_empty()
                    || (next.quote == depth && self.text[next.inner..next.end].trim().is_empty());
                if !blank {
                    // Whichever quotes the next line is in stay open.
                    let line = if next.quote >= depth {
                        prefix.trim_end()
                    } else {
                        self.text[next.start..next.inner].trim_end()
                    };
                    out.put(&format!("{line}\n"), region.end);
                }
            }
            out.r.tables.insert(
                key,
                TableInfo {
                    align: parsed.align,
                    headless: parsed.head.is_none(),
                    caption: caption.is_some(),
                },
            );
        }
        out.copy(copied, self.text.len());
        out.r.warnings = self.warnings.take();
        out.r
    }
}
