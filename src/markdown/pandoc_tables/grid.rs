//! pandoc's grid tables: `+---+---+` borders whose `+` corners fix the
//! columns, `|` between cells, an optional `+===+` under the header row,
//! alignment from colons in that line (or in the top border).

use super::{Cell, Parsed, Scan};
use crate::model::Align;

impl Scan<'_> {
    /// A border line (`+---+:==:+`): the char columns of its corners, each
    /// column's alignment from its colons, and whether it is drawn with
    /// `=` (the line under the header).
    fn border(&self, i: usize) -> Option<(Vec<usize>, Vec<Align>, bool)> {
        let body = self.body(i).trim_end();
        let chars: Vec<char> = body.chars().collect();
        let first = chars.iter().position(|&c| c != ' ')?;
        if chars[first] != '+' || chars.len() < first + 3 || chars[chars.len() - 1] != '+' {
            return None;
        }
        let mut corners = vec![first];
        let mut align = Vec::new();
        let mut equals = false;
        let mut segment = String::new();
        for (k, &c) in chars.iter().enumerate().skip(first + 1) {
            match c {
                '+' if !segment.is_empty() => {
                    corners.push(k);
                    let (l, r) = (segment.starts_with(':'), segment.ends_with(':'));
                    align.push(match (l, r) {
                        (true, true) => Align::Center,
                        (true, false) => Align::Left,
                        (false, true) => Align::Right,
                        (false, false) => Align::None,
                    });
                    segment.clear();
                }
                '-' | ':' => segment.push(c),
                '=' => {
                    equals = true;
                    segment.push(c);
                }
                _ => return None,
            }
        }
        (segment.is_empty() && corners.len() >= 2).then_some((corners, align, equals))
    }

    /// Whether line `i` is a row line of the grid: `|` at every corner.
    fn grid_row(&self, i: usize, corners: &[usize]) -> bool {
        let chars: Vec<char> = self.body(i).chars().collect();
        corners.iter().all(|&c| chars.get(c) == Some(&'|'))
    }

    /// A grid table starting at line `i`. One whose cells span columns or
    /// rows is printed as written, with a warning.
    pub(super) fn grid(&self, i: usize) -> Option<Parsed> {
        let (corners, top_align, equals) = self.border(i)?;
        if equals {
            return None;
        }
        let mut rows: Vec<std::ops::Range<usize>> = Vec::new();
        let mut head_rows = None;
        let mut head_align = None;
        let mut row_start = i + 1;
        let mut k = i + 1;
        let end = loop {
            if k >= self.lines.len() || self.blank(k) {
                return None;
            }
            if let Some((c, align, equals)) = self.border(k) {
                if c != corners {
                    return self.spanned(i);
                }
                if k > row_start {
                    rows.push(row_start..k);
                }
                if equals {
                    if head_rows.is_some() {
                        return None;
                    }
                    head_rows = Some(rows.len());
                    head_align = Some(align);
                }
                row_start = k + 1;
                k += 1;
                if k >= self.lines.len() || !self.grid_row(k, &corners) {
                    break k;
                }
                continue;
            }
            if !self.grid_row(k, &corners) {
                let starts_like_a_row = self.body(k).trim_start().starts_with('|');
                return if starts_like_a_row {
                    self.spanned(i)
                } else {
                    None
                };
            }
            k += 1;
        };
        if rows.is_empty() {
            return None;
        }
        let mut cells: Vec<Vec<Cell>> = rows
            .iter()
            .map(|r| self.grid_cells(r.clone(), &corners))
            .collect();
        let head = head_rows.filter(|&n| n > 0).map(|n| {
            let above: Vec<Vec<Cell>> = cells.drain(..n).collect();
            (0..corners.len() - 1)
                .map(|c| {
                    let mut cell = Cell::new();
                    for row in &above {
                        if !cell.is_empty() {
                            cell.push(None);
                        }
                        cell.extend(row[c].iter().cloned());
                    }
                    cell
                })
                .collect()
        });
        if cells.iter().flatten().flatten().any(Option::is_none) {
            self.warn(
                i,
                "a cell of this grid table holds several paragraphs or a list: Bindery sets each \
                 cell as one paragraph, its lines broken where the blocks were",
            );
        }
        Some(Parsed {
            end,
            align: head_align.unwrap_or(top_align),
            head,
            rows: cells,
            pipe: None,
        })
    }

    /// The cells of one grid row (its lines `lines`): each column's text
    /// between its corners, line by line; a blank line or a list item in
    /// a cell is a break (`None`).
    fn grid_cells(&self, lines: std::ops::Range<usize>, corners: &[usize]) -> Vec<Cell> {
        corners
            .windows(2)
            .map(|w| {
                let mut cell = Cell::new();
                let mut gap = false;
                for i in lines.clone() {
                    match self.columns(i, w[0] + 1, w[1]) {
                        None => gap = !cell.is_empty(),
                        Some(r) => {
                            let item = is_list_item(&self.text[r.clone()]);
                            if (gap || item) && !cell.is_empty() {
                                cell.push(None);
                            }
                            gap = false;
                            cell.push(Some(r));
                        }
                    }
                }
                cell
            })
            .collect()
    }

    /// A grid table with merged cells: left as written, said so.
    fn spanned(&self, i: usize) -> Option<Parsed> {
        self.warn(
            i,
            "this grid table has cells spanning rows or columns, which Bindery's tables cannot \
             hold: it is printed as written",
        );
        None
    }

    fn warn(&self, i: usize, message: &str) {
        let at = self.start(i) + (self.body(i).len() - self.body(i).trim_start().len());
        self.warnings.borrow_mut().push((at, message.to_string()));
    }
}

/// Whether a cell's line starts a list item (`- `, `* `, `+ `, `1. `).
pub(super) fn is_list_item(line: &str) -> bool {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &line[digits..];
    if digits > 0 {
        return rest.starts_with(". ") || rest.starts_with(") ");
    }
    ["- ", "* ", "+ "].iter().any(|m| rest.starts_with(m))
}
