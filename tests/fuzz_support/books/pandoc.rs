//! pandoc's own syntax in generated books: link and image attributes
//! (`[text](url){#id .class lang=fr}`, `![alt](src){width=50%}`), good
//! and bad, and simple, multiline and grid tables with their captions,
//! often inside `>` block quotes (nested, or ended by a lazy line).

use std::fmt::Write as _;

use super::{Writer, prefix_lines};

/// Attributes written after a link: kept, warned about, or not attributes
/// at all (unclosed, empty).
const LINK_ATTRS: &[&str] = &[
    "{#anchor-link}",
    "{.external}",
    "{lang=fr}",
    "{#l1 .a .b lang=de}",
    "{target=_blank}",
    "{#1bad}",
    "{lang=xx-!!}",
    "{ .spaced }",
    "{}",
    "{#anchor-one}",
    "{#toc}",
    "{lang=ar dir=rtl}",
    "{width=50%}",
    "{.x",
    "{#a}{#b}",
    "{key=\"quoted value\"}",
    "{lang=\"fr\"}",
    "{-}",
];

/// Attributes written after an image: sizes pandoc reads, sizes it does
/// not, and the rest.
const IMAGE_ATTRS: &[&str] = &[
    "{width=50%}",
    "{width=8cm height=2in}",
    "{height=3cm}",
    "{width=300}",
    "{width=300px height=2}",
    "{width=3em}",
    "{height=50%}",
    "{width=0}",
    "{width=-1cm}",
    "{width=99999999999999999999cm}",
    "{width=1e3px}",
    "{width=.5in}",
    "{width=100000%}",
    "{height=0.0001mm}",
    "{#fig-a .wide}",
    "{lang=fr width=25%}",
    "{width=50% width=10cm}",
    "{width=}",
    "{width=NaN}",
    "{ width=12pt }",
    "{width=50%",
    "{height=40in}",
];

/// Raw `<img>`s with sizes.
const RAW_IMAGES: &[&str] = &[
    "<img src=\"images/dot.png\" alt=\"a dot\" width=\"300\">",
    "<img src=\"images/dot.png\" alt=\"a dot\" height=\"99999\">",
    "<img src=\"images/dot.png\" alt=\"a dot\" width=\"0\" height=\"0\">",
    "<img src=\"images/dot.png\" alt=\"a dot\" width=\"50%\">",
    "<img src=\"images/dot.png\" alt=\"a dot\" width=\"12\" style=\"width: 3em\">",
];

impl Writer {
    /// `{…}` after a link, now and then.
    pub(super) fn link_attrs(&mut self, out: &mut String) {
        if self.rng.chance(30) {
            out.push_str(self.rng.pick(LINK_ATTRS));
        }
    }

    /// An image in a line, often with attributes, or a raw sized `<img>`.
    pub(super) fn image(&mut self, out: &mut String) {
        if self.rng.chance(20) {
            let raw = self.rng.pick(RAW_IMAGES);
            out.push_str(&raw.replace("images/", &format!("{}images/", self.up)));
            return;
        }
        let _ = write!(out, "![a dot]({}images/dot.png)", self.up);
        if self.rng.chance(40) {
            out.push_str(self.rng.pick(IMAGE_ATTRS));
        }
    }

    /// An image alone in its paragraph (a figure), sized or not, with a
    /// title (its caption) or not.
    pub(super) fn figure(&mut self) -> String {
        let mut out = String::new();
        if self.rng.chance(15) {
            let raw = self.rng.pick(RAW_IMAGES);
            return raw.replace("images/", &format!("{}images/", self.up));
        }
        let title = if self.rng.chance(50) {
            " \"A title\""
        } else {
            ""
        };
        let _ = write!(out, "![a figure]({}images/dot.png{title})", self.up);
        if self.rng.chance(70) {
            out.push_str(self.rng.pick(IMAGE_ATTRS));
        }
        out
    }

    /// One cell's text: a few words on one line (markers among them).
    fn cell_text(&mut self) -> String {
        let mut c = String::new();
        let n = 1 + self.rng.below(3);
        self.words(n, &mut c);
        c.replace('\n', " ")
    }

    /// `Table: …` or `: …`.
    fn caption(&mut self) -> String {
        let mut c = self.rng.pick(&["Table: ", ": ", "table: "]).to_string();
        let n = 1 + self.rng.below(4);
        self.words(n, &mut c);
        c
    }

    /// A simple, headless simple, multiline or grid table, with a caption
    /// before or after it now and then.
    pub(super) fn pandoc_table(&mut self) -> String {
        let cols = 1 + self.rng.below(4);
        let rows = 1 + self.rng.below(4);
        let table = match self.rng.below(4) {
            0 => self.simple(cols, rows, true),
            1 => self.simple(cols, rows, false),
            2 => self.multiline(cols, rows),
            _ => self.grid(cols, rows),
        };
        match self.rng.below(4) {
            0 => format!("{}\n\n{table}", self.caption()),
            1 => format!("{table}\n\n{}", self.caption()),
            _ => table,
        }
    }

    /// A table (pandoc's or a pipe table) in one or two `>` quotes, its
    /// quote now and then ended by a lazy line.
    pub(super) fn quoted_table(&mut self, depth: usize) -> String {
        let table = if self.rng.chance(75) {
            self.pandoc_table()
        } else {
            self.table(depth)
        };
        let mut quoted = prefix_lines(&table, "> ", ">");
        if self.rng.chance(20) {
            quoted = prefix_lines(&quoted, "> ", ">");
        }
        if self.rng.chance(15) {
            quoted.push('\n');
            quoted.push_str(&self.paragraph(depth + 1));
        }
        quoted
    }

    /// Cells: a header row and `rows` rows, of `cols` each.
    fn cells(&mut self, cols: usize, rows: usize) -> Vec<Vec<String>> {
        (0..=rows)
            .map(|_| (0..cols).map(|_| self.cell_text()).collect())
            .collect()
    }

    /// A simple table (with its header, else headless between two dashed
    /// lines), each column aligned one of four ways.
    fn simple(&mut self, cols: usize, rows: usize, header: bool) -> String {
        let cells = self.cells(cols, rows);
        let widths = widths(&cells, 2);
        let aligns: Vec<usize> = (0..cols).map(|_| self.rng.below(4)).collect();
        let dashes = widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join(" ");
        let line = |row: &[String]| -> String {
            row.iter()
                .zip(&widths)
                .zip(&aligns)
                .map(|((c, w), a)| pad(c, *w, *a))
                .collect::<Vec<_>>()
                .join(" ")
                .trim_end()
                .to_string()
        };
        let mut out = Vec::new();
        if header {
            out.push(line(&cells[0]));
            out.push(dashes.clone());
        } else {
            out.push(dashes.clone());
        }
        for row in &cells[1..] {
            out.push(line(row));
        }
        if !header {
            out.push(dashes);
        }
        out.join("\n")
    }

    /// A multiline table: each cell's words over one or two lines, rows
    /// apart by blank lines, between two full-width dashed lines.
    fn multiline(&mut self, cols: usize, rows: usize) -> String {
        let cells = self.cells(cols, rows);
        let split = |c: &String| -> Vec<String> {
            let words: Vec<&str> = c.split(' ').collect();
            let half = words.len().div_ceil(2);
            let (a, b) = words.split_at(half);
            [a.join(" "), b.join(" ")]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect()
        };
        let parts: Vec<Vec<Vec<String>>> = cells
            .iter()
            .map(|row| row.iter().map(split).collect())
            .collect();
        let mut widths = vec![0; cols];
        for row in &parts {
            for (i, lines) in row.iter().enumerate() {
                for l in lines {
                    widths[i] = widths[i].max(l.chars().count() + 1);
                }
            }
        }
        let aligns: Vec<usize> = (0..cols).map(|_| self.rng.below(3)).collect();
        let total: usize = widths.iter().sum::<usize>() + cols - 1;
        let block = |row: &Vec<Vec<String>>| -> Vec<String> {
            let height = row.iter().map(Vec::len).max().unwrap_or(1);
            (0..height)
                .map(|k| {
                    row.iter()
                        .zip(&widths)
                        .zip(&aligns)
                        .map(|((lines, w), a)| pad(lines.get(k).map_or("", String::as_str), *w, *a))
                        .collect::<Vec<_>>()
                        .join(" ")
                        .trim_end()
                        .to_string()
                })
                .collect()
        };
        let mut out = vec!["-".repeat(total)];
        out.extend(block(&parts[0]));
        out.push(
            widths
                .iter()
                .map(|w| "-".repeat(*w))
                .collect::<Vec<_>>()
                .join(" "),
        );
        for (i, row) in parts[1..].iter().enumerate() {
            if i > 0 {
                out.push(String::new());
            }
            out.extend(block(row));
        }
        out.push("-".repeat(total));
        out.join("\n")
    }

    /// A grid table, its header row under `+===+` (with alignment colons
    /// now and then) or headless.
    fn grid(&mut self, cols: usize, rows: usize) -> String {
        let cells = self.cells(cols, rows);
        let widths = widths(&cells, 2);
        let header = self.rng.chance(80);
        let border = |fill: char, colons: &[usize]| -> String {
            let mut s = String::from("+");
            for (i, w) in widths.iter().enumerate() {
                let mut seg: Vec<char> = std::iter::repeat_n(fill, *w).collect();
                match colons.get(i) {
                    Some(1) => seg[0] = ':',
                    Some(2) => seg[*w - 1] = ':',
                    Some(3) => {
                        seg[0] = ':';
                        seg[*w - 1] = ':';
                    }
                    _ => {}
                }
                s.extend(seg);
                s.push('+');
            }
            s
        };
        let colons: Vec<usize> = (0..cols).map(|_| self.rng.below(4)).collect();
        let row_line = |row: &[String]| -> String {
            let mut s = String::from("|");
            for (c, w) in row.iter().zip(&widths) {
                let _ = write!(s, " {} |", pad(c, w - 2, 0));
            }
            s
        };
        let mut out = vec![border('-', &[])];
        let body = if header {
            out.push(row_line(&cells[0]));
            out.push(border('=', &colons));
            &cells[1..]
        } else {
            &cells[..]
        };
        for row in body {
            out.push(row_line(row));
            out.push(border('-', &[]));
        }
        out.join("\n")
    }
}

/// Each column's width: its widest cell in characters, plus `room`.
fn widths(cells: &[Vec<String>], room: usize) -> Vec<usize> {
    let cols = cells.first().map_or(0, Vec::len);
    (0..cols)
        .map(|i| {
            cells
                .iter()
                .map(|r| r[i].chars().count())
                .max()
                .unwrap_or(0)
                + room
        })
        .collect()
}

/// `text` in `w` characters: left (0), right (1), centred (2) or left
/// with one space before (3, pandoc's default alignment).
fn pad(text: &str, w: usize, align: usize) -> String {
    let n = text.chars().count();
    let room = w.saturating_sub(n);
    let (l, r) = match align {
        1 => (room, 0),
        2 => (room / 2, room - room / 2),
        3 => (room.min(1), room - room.min(1)),
        _ => (0, room),
    };
    format!("{}{text}{}", " ".repeat(l), " ".repeat(r))
}
