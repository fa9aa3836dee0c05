//! pandoc's simple, multiline and grid tables (and their `Table: …` or
//! `: …` captions), which pulldown-cmark does not parse. Before the file
//! is parsed, each one is rewritten into a pipe table that pulldown-cmark
//! does parse — one line per row, a multiline cell's lines joined by
//! spaces, a caption as a last one-cell row — and the converter reads
//! pandoc's column alignments, a missing header and the caption from
//! [`TableInfo`]. The rewritten text is longer or shorter than the file, so
//! the pass also returns where each of its bytes was written
//! ([`Rewritten::pieces`], for [`SourceMap::remapped`]): every cell's
//! words keep their own `file:line:col`.
//!
//! The tables are recognised as pandoc's manual describes them: columns
//! from the dashed line (or the grid's `+` corners), alignment from where
//! the header text sits over its dashes (or from the grid's colons). A
//! table inside `>` block quotes is read after its lines' markers, and
//! written with them; a pipe table is pulldown-cmark's, and only its
//! caption is written ([`pipe`]).
//!
//! [`SourceMap::remapped`]: crate::diag::positions::SourceMap::remapped

use std::collections::BTreeMap;
use std::ops::Range;

use crate::model::Align;

/// What the pipe table written at an offset of the rewritten text stands
/// for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableInfo {
    pub align: Vec<Align>,
    /// The table has no header: the pipe table's (empty) one is dropped.
    pub headless: bool,
    /// The pipe table's last row is the caption (its first cell).
    pub caption: bool,
}

/// A text with its pandoc tables rewritten.
#[derive(Debug, Default)]
pub struct Rewritten {
    pub text: String,
    /// `(offset in text, offset in the original)`, by offset: each byte
    /// from one up to the next came from the original in sequence.
    pub pieces: Vec<(usize, usize)>,
    /// Each pipe table, by the offset of its first `|`.
    pub tables: BTreeMap<usize, TableInfo>,
    /// Warnings at offsets of the original text.
    pub warnings: Vec<(usize, String)>,
}

/// A line of the original text: its byte range without the line ending,
/// how many `>` block quotes it is in, where its text starts after their
/// markers, and where the next line starts.
#[derive(Debug, Clone)]
struct Line {
    start: usize,
    end: usize,
    quote: usize,
    inner: usize,
    next: usize,
}

/// One table as read: cells are lists of trimmed byte ranges of the
/// original (a multiline cell has one per line), `None` between two of
/// them for a paragraph break.
#[derive(Debug, Default)]
struct Parsed {
    /// The first line after the table.
    end: usize,
    align: Vec<Align>,
    head: Option<Vec<Cell>>,
    rows: Vec<Vec<Cell>>,
    /// A pipe table's lines, which pulldown-cmark reads as they are: only
    /// its caption is written after them.
    pipe: Option<Range<usize>>,
}

type Cell = Vec<Option<Range<usize>>>;

struct Scan<'t> {
    text: &'t str,
    lines: Vec<Line>,
    /// The block quote depth of the table being read: its lines are read
    /// after their `>` markers, and a line of another depth is blank to it
    /// (outside quotes, lines are read as they are).
    quote: std::cell::Cell<usize>,
    /// What could not be read, at offsets of `text`.
    warnings: std::cell::RefCell<Vec<(usize, String)>>,
}

/// `text` with its pandoc tables rewritten as pipe tables; `None` when it
/// has none. `verbatim` holds the byte ranges of code and HTML blocks,
/// where a table is text.
pub fn rewrite(text: &str, verbatim: impl Fn() -> Vec<Range<usize>>) -> Option<Rewritten> {
    let scan = Scan::new(text);
    if !scan.lines.iter().any(|l| scan.may_start(l)) {
        return None;
    }
    let verbatim = verbatim();
    let mut found: Vec<(usize, usize, Parsed, Option<Cell>)> = Vec::new();
    let mut i = 0;
    while i < scan.lines.len() {
        let in_code = verbatim.iter().any(|r| r.contains(&scan.lines[i].start));
        let prev_end = found.last().map_or(0, |f| f.1);
        scan.quote.set(scan.lines[i].quote);
        match (!in_code && scan.block_starts(i)).then(|| scan.table_at(i, prev_end)) {
            Some(Some((parsed, caption)))
                if !scan.crosses_a_block(i, parsed.end) && scan.same_quote(i..parsed.end) =>
            {
                let end = parsed.end;
                found.push((i, end, parsed, caption));
                i = end;
            }
            _ => i += 1,
        }
    }
    if found.is_empty() && scan.warnings.borrow().is_empty() {
        return None;
    }
    Some(scan.emit(found))
}

impl<'t> Scan<'t> {
    fn new(text: &'t str) -> Self {
        let mut lines = Vec::new();
        let mut offset = 0;
        for raw in text.split_inclusive('\n') {
            let body = raw.trim_end_matches(['\n', '\r']);
            let (quote, markers) = quote_markers(body);
            lines.push(Line {
                start: offset,
                end: offset + body.len(),
                quote,
                inner: offset + markers,
                next: offset + raw.len(),
            });
            offset += raw.len();
        }
        Scan {
            text,
            lines,
            quote: Default::default(),
            warnings: Default::default(),
        }
    }

    /// Where line `i`'s text starts for the table being read: after its
    /// `>` markers inside a block quote.
    fn start(&self, i: usize) -> usize {
        let line = &self.lines[i];
        if self.quote.get() > 0 && line.quote == self.quote.get() {
            line.inner
        } else {
            line.start
        }
    }

    /// Whether lines `lines` are all in the block quote of the table
    /// being read (always, outside quotes).
    fn same_quote(&self, lines: Range<usize>) -> bool {
        let depth = self.quote.get();
        depth == 0 || self.lines[lines].iter().all(|l| l.quote == depth)
    }

    /// Whether lines `first..end` hold the start of a fenced code block or
    /// an HTML block: no table spans one (a dashed line before code is a
    /// rule, not a table's top).
    fn crosses_a_block(&self, first: usize, end: usize) -> bool {
        (first..end.min(self.lines.len())).any(|i| {
            let t = self.body(i).trim_start();
            t.starts_with("```") || t.starts_with("~~~") || t.starts_with('<')
        })
    }

    fn body(&self, i: usize) -> &'t str {
        let depth = self.quote.get();
        match self.lines.get(i) {
            Some(l) if depth > 0 && l.quote != depth => "",
            Some(l) => &self.text[self.start(i)..l.end],
            None => "",
        }
    }

    fn blank(&self, i: usize) -> bool {
        self.body(i).trim().is_empty()
    }

    /// Whether the line could begin a table (a quick test before anything
    /// is parsed).
    fn may_start(&self, line: &Line) -> bool {
        let t = self.text[line.inner..line.end].trim_start();
        t.starts_with("--") || t.starts_with("+-") || t.starts_with("+:") || pipe::delimiter(t)
    }

    /// Whether a block may start at line `i`: first, after a blank line, a
    /// heading or a fenced div's fence, or first in a block quote.
    fn block_starts(&self, i: usize) -> bool {
        i == 0 || {
            let (prev, this) = (&self.lines[i - 1], &self.lines[i]);
            let text = self.text[prev.inner..prev.end].trim_start();
            match prev.quote.cmp(&this.quote) {
                std::cmp::Ordering::Less => true,
                // A lazy line of the inner quote's paragraph, unless blank.
                std::cmp::Ordering::Greater => text.is_empty(),
                std::cmp::Ordering::Equal => {
                    text.is_empty() || text.starts_with('#') || text.starts_with(":::")
                }
            }
        }
    }

    /// The table starting at line `i` (after a caption, if one comes
    /// first) and its caption; the table before ended at line `prev_end`.
    fn table_at(&self, i: usize, prev_end: usize) -> Option<(Parsed, Option<Cell>)> {
        if let Some((caption, after)) = self.caption(i) {
            if !self.front_caption_allowed(i, prev_end) {
                return None;
            }
            let start = (after..self.lines.len()).find(|&k| !self.blank(k))?;
            if !self.same_quote(after..start) {
                return None;
            }
            return Some((self.table(start)?, Some(caption)));
        }
        let mut parsed = self.table(i)?;
        let after = self.skip_blank(parsed.end);
        let caption = self
            .caption(after)
            .filter(|_| self.same_quote(parsed.end..after))
            .map(|(caption, end)| {
                parsed.end = end;
                caption
            });
        // A pipe table without a caption is pulldown-cmark's as written.
        if parsed.pipe.is_some() && caption.is_none() {
            return None;
        }
        Some((parsed, caption))
    }

    fn skip_blank(&self, mut i: usize) -> usize {
        while i < self.lines.len() && self.blank(i) {
            i += 1;
        }
        i
    }

    fn table(&self, i: usize) -> Option<Parsed> {
        let line = self.body(i).trim_start();
        if line.starts_with('+') {
            return self.grid(i);
        }
        if let Some(parsed) = self.pipe(i) {
            return Some(parsed);
        }
        if self.runs(i).is_some() {
            return self
                .multiline(i, false)
                .or_else(|| self.simple(i, true))
                .or_else(|| self.multiline(i, true));
        }
        self.simple(i, false)
    }

    /// A caption at line `i` — `Table: …`, `table: …` or `: …` (the colon
    /// not followed by punctuation), continued up to a blank line — and the
    /// line after it.
    fn caption(&self, i: usize) -> Option<(Cell, usize)> {
        let line = self.lines.get(i)?;
        let body = self.body(i);
        let indent = body.len() - body.trim_start_matches(' ').len();
        if indent > 3 {
            return None;
        }
        let rest = &body[indent..];
        let skip = if let Some(r) = rest.strip_prefix(':') {
            if r.starts_with(|c: char| c.is_ascii_punctuation()) {
                return None;
            }
            1
        } else if rest.starts_with("Table:") || rest.starts_with("table:") {
            6
        } else {
            return None;
        };
        let mut cell = vec![self.trimmed(self.start(i) + indent + skip, line.end)];
        let mut k = i + 1;
        while k < self.lines.len() && !self.blank(k) {
            cell.push(self.trimmed(self.start(k), self.lines[k].end));
            k += 1;
        }
        let cell: Cell = cell.into_iter().filter(|r| r.is_some()).collect();
        (!cell.is_empty()).then_some((cell, k))
    }

    /// A caption before its table is one unless it reads as a definition
    /// list: pandoc takes a one-line paragraph, a blank line and `: …` for
    /// a term and its definition (a table's last line is no term).
    fn front_caption_allowed(&self, i: usize, prev_end: usize) -> bool {
        if i >= 1 && !self.blank(i - 1) {
            return false;
        }
        if i >= 2 && i - 2 >= prev_end && !self.blank(i - 2) {
            let term_alone = i == 2 || self.blank(i - 3);
            let heading = self.body(i - 2).trim_start().starts_with('#');
            return heading || !term_alone;
        }
        true
    }

    /// The byte range of `start..end` without its spaces, `None` if blank.
    fn trimmed(&self, start: usize, end: usize) -> Option<Range<usize>> {
        let s = &self.text[start..end];
        let lead = s.len() - s.trim_start().len();
        let t = s.trim();
        (!t.is_empty()).then(|| start + lead..start + lead + t.len())
    }

    /// The byte range of chars `from..to` of line `i` (to the end of the
    /// line when `to` is past it), trimmed.
    fn columns(&self, i: usize, from: usize, to: usize) -> Option<Range<usize>> {
        let start = self.start(i);
        let body = self.body(i);
        let byte = |c: usize| body.char_indices().nth(c).map_or(body.len(), |(b, _)| b);
        let (a, b) = (byte(from), byte(to));
        (a < b).then(|| self.trimmed(start + a, start + b))?
    }

    /// The dash runs of a line of dashes and spaces, as char ranges; each
    /// at least two dashes long (`- - -` is a thematic break).
    fn runs(&self, i: usize) -> Option<Vec<Range<usize>>> {
        let body = self.body(i);
        if !body.contains('-') || !body.chars().all(|c| c == '-' || c == ' ') {
            return None;
        }
        let mut runs: Vec<Range<usize>> = Vec::new();
        for (k, c) in body.chars().enumerate() {
            match runs.last_mut() {
                Some(r) if c == '-' && r.end == k => r.end = k + 1,
                _ if c == '-' => runs.push(k..k + 1),
                _ => {}
            }
        }
        runs.iter().all(|r| r.len() >= 2).then_some(runs)
    }

    /// Each column's chars: from its dashes' start to the next column's.
    fn spans(runs: &[Range<usize>]) -> Vec<Range<usize>> {
        (0..runs.len())
            .map(|c| runs[c].start..runs.get(c + 1).map_or(usize::MAX, |r| r.start))
            .collect()
    }

    /// pandoc's alignment of a column from the header lines over it: text
    /// flush with the dashes on the right only is right-aligned, on the
    /// left only left-aligned, on neither side centred.
    fn align(&self, lines: Range<usize>, span: &Range<usize>, dashes: usize) -> Align {
        let shortest = lines
            .filter_map(|i| {
                let body = self.body(i);
                let s: String = body.chars().skip(span.start).take(span.len()).collect();
                let s = s.trim_end().to_string();
                (!s.is_empty()).then_some(s)
            })
            .min_by_key(|s| s.chars().count());
        match shortest {
            None => Align::None,
            Some(s) => match (s.starts_with(' '), s.chars().count() < dashes) {
                (true, false) => Align::Right,
                (false, true) => Align::Left,
                (true, true) => Align::Center,
                (false, false) => Align::None,
            },
        }
    }

    /// Each column's text in `lines`; the first column takes what stands
    /// left of its dashes too (nothing of a row is dropped).
    fn cells(&self, lines: Range<usize>, spans: &[Range<usize>]) -> Vec<Cell> {
        spans
            .iter()
            .enumerate()
            .map(|(c, s)| {
                let from = if c == 0 { 0 } else { s.start };
                lines
                    .clone()
                    .filter_map(|i| self.columns(i, from, s.end))
                    .map(Some)
                    .collect()
            })
            .collect()
    }

    /// Whether line `k` starts a list item left of a table whose dashes
    /// start at char `indent`: the table was in the item before, and ends.
    fn next_item(&self, k: usize, indent: usize) -> bool {
        let body = self.body(k);
        let text = body.trim_start_matches(' ');
        body.len() - text.len() < indent && grid::is_list_item(text)
    }

    /// A simple table: a header line (or none) over a line of dash runs,
    /// one line per row, ended by a blank line (or, headless, a dashed
    /// line and a blank one).
    fn simple(&self, i: usize, headless: bool) -> Option<Parsed> {
        let (dash, first_row) = if headless { (i, i + 1) } else { (i + 1, i + 2) };
        let runs = self.runs(dash).filter(|r| r.len() >= 2)?;
        if !headless && (self.blank(i) || self.runs(i).is_some()) {
            return None;
        }
        let spans = Self::spans(&runs);
        let mut k = first_row;
        let mut rows = Vec::new();
        loop {
            if k >= self.lines.len() || self.blank(k) {
                if headless {
                    return None;
                }
                break;
            }
            if self.runs(k).is_some() && (k + 1 >= self.lines.len() || self.blank(k + 1)) {
                k += 1;
                break;
            }
            if self.next_item(k, runs[0].start) {
                if headless {
                    return None;
                }
                break;
            }
            rows.push(self.cells(k..k + 1, &spans));
            k += 1;
        }
        if rows.is_empty() {
            return None;
        }
        let over = if headless { first_row } else { i };
        let align = spans
            .iter()
            .zip(&runs)
            .map(|(s, r)| self.align(over..over + 1, s, r.len()))
            .collect();
        let head = (!headless).then(|| self.cells(i..i + 1, &spans));
        Some(Parsed {
            end: k,
            align,
            head,
            rows,
            pipe: None,
        })
    }

    /// A multiline table: a dashed line, header lines and the columns'
    /// dash runs (or, headless, the dash runs alone), rows of several lines
    /// separated by blank lines, and a dashed line to end it.
    fn multiline(&self, i: usize, headless: bool) -> Option<Parsed> {
        let (columns, head_lines) = if headless {
            (i, i..i)
        } else {
            self.runs(i)?;
            let mut k = i + 1;
            while k < self.lines.len() && !self.blank(k) && self.runs(k).is_none() {
                k += 1;
            }
            if k == i + 1 || k >= self.lines.len() || self.blank(k) {
                return None;
            }
            (k, i + 1..k)
        };
        // One column between dashed lines is a rule, text and a rule.
        let runs = self.runs(columns).filter(|r| r.len() >= 2)?;
        let spans = Self::spans(&runs);
        // pandoc's first row starts right under the dashes: after a blank
        // line, they end a simple table (or are a rule).
        if self.blank(columns + 1) {
            return None;
        }
        let mut rows = Vec::new();
        let mut k = columns + 1;
        let end = loop {
            let start = self.skip_blank(k);
            if start >= self.lines.len() {
                return None;
            }
            if self.runs(start).is_some() {
                break start + 1;
            }
            let mut e = start;
            while e < self.lines.len() && !self.blank(e) && self.runs(e).is_none() {
                if self.next_item(e, runs[0].start) {
                    return None;
                }
                e += 1;
            }
            rows.push(self.cells(start..e, &spans));
            k = e;
        };
        if rows.is_empty() || (end < self.lines.len() && !self.blank(end)) {
            return None;
        }
        let align = spans
            .iter()
            .zip(&runs)
            .map(|(s, r)| self.align(head_lines.clone(), s, r.len()))
            .collect();
        let head = (!headless).then(|| self.cells(head_lines, &spans));
        Some(Parsed {
            end,
            align,
            head,
            rows,
            pipe: None,
        })
    }
}

/// How many `>` block quote markers open a line (each after up to three
/// spaces, with the one space that may follow it), and their length.
fn quote_markers(line: &str) -> (usize, usize) {
    let (mut depth, mut len) = (0, 0);
    loop {
        let rest = &line[len..];
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        if spaces > 3 || !rest[spaces..].starts_with('>') {
            return (depth, len);
        }
        depth += 1;
        len += spaces + 1;
        if line[len..].starts_with(' ') {
            len += 1;
        }
    }
}

mod emit;
mod grid;
mod pipe;

pub(super) use pipe::extra_cells;

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(text: &str) -> Option<Rewritten> {
        rewrite(text, || {
            crate::markdown::fences::verbatim(text, crate::markdown::options())
        })
    }

    #[test]
    fn a_simple_table_becomes_a_pipe_table_whose_bytes_know_their_origin() {
        let text = "Intro.\n\n  Name Qty\n------ ----\nfig|s  3\n\nAfter.\n";
        let r = rewritten(text).unwrap();
        assert_eq!(
            r.text,
            "Intro.\n\n| Name | Qty |\n|-|-|\n| fig\\|s | 3 |\n\nAfter.\n"
        );
        let info = r.tables.values().next().unwrap();
        assert_eq!(info.align, [Align::Right, Align::Left]);
        let map = crate::diag::positions::SourceMap::single(text, Default::default(), "t.md")
            .remapped(&r.pieces);
        // `3`, `s` after the inserted backslash and `After` are where they
        // were written.
        for (word, line, col) in [("3", 5, 8), ("s |", 5, 5), ("After", 7, 1)] {
            let (pos, _) = map.locate(r.text.find(word).unwrap());
            assert_eq!((pos.line, pos.col), (line, col), "{word}");
        }
    }

    #[test]
    fn tables_in_quotes_keep_their_markers_and_pipe_tables_their_lines() {
        let text = "> a  b\n> -- --\n> 1  2\n>\n> After.\n";
        let r = rewritten(text).unwrap();
        assert_eq!(r.text, "> | a | b |\n> |-|-|\n> | 1 | 2 |\n>\n> After.\n");
        // A line right after the table is set off by a blank line of the
        // quotes it is in.
        let text = "> > +---+\n> > | a |\n> > +---+\n> After.\n";
        let r = rewritten(text).unwrap();
        assert_eq!(r.text, "> > |  |\n> > |-|\n> > | a |\n>\n> After.\n");
        let text = "Table: Cap.\n\n | x | y |\n |--:|:-:|\n | 1 | 2 |\n";
        let r = rewritten(text).unwrap();
        assert_eq!(r.text, " | x | y |\n |--:|:-:|\n | 1 | 2 |\n| Cap. |  |\n");
        let info = r.tables.range(..).next().unwrap();
        assert_eq!(*info.0, 1);
        assert_eq!(info.1.align, [Align::Right, Align::Center]);
        // Without a caption, and lazy lines across a quote's end, nothing.
        for text in [
            "| x | y |\n|---|---|\n| 1 | 2 |\n",
            "> a  b\n> -- --\n1  2\n",
            "> > a\n> b  c\n> -- --\n> 1  2\n",
        ] {
            assert!(
                rewritten(text).is_none_or(|r| r.tables.is_empty()),
                "{text}"
            );
        }
    }

    #[test]
    fn headings_rules_and_code_are_not_tables() {
        for text in [
            "Title\n-----\n\ntext\n",
            "a\n\n---\n\nb\n",
            "```\n  a   b\n--- ---\n1   2\n```\n",
            "para\n  a   b\n--- ---\n1   2\n",
            "a\n\n-----\n\nPara\n\n-----\n\nb\n",
            "- - -\nx y z\n- - -\n",
            "  -----\n\n```\nx = 1;\n```\n\n-- --\n",
        ] {
            assert!(rewritten(text).is_none(), "{text}");
        }
    }

    #[test]
    fn a_headless_simple_table_does_not_take_the_next_paragraph_as_a_multiline_row() {
        // The dashed lines around the rows could open a multiline table
        // whose rows start after the blank line and end at the rule: pandoc
        // reads a multiline table's first row right under its dashes.
        let text = "-- ---\na  bb\nc  dd\n-- ---\n\nsome paragraph text\n\n----\n\nEnd.\n";
        let r = rewritten(text).unwrap();
        assert_eq!(
            r.text,
            "|  |  |\n|-|-|\n| a | bb |\n| c | dd |\n\nsome paragraph text\n\n----\n\nEnd.\n"
        );
        assert!(r.tables.values().next().unwrap().headless);
    }

    #[test]
    fn a_table_in_a_list_item_ends_at_the_next_item_and_keeps_text_left_of_its_dashes() {
        let text = "1. Item:\n\n     a   b\n    --- ---\n     1   2\n   x 3   4\n2. next   item\n";
        let r = rewritten(text).unwrap();
        assert_eq!(
            r.text,
            "1. Item:\n\n   | a | b |\n   |-|-|\n   | 1 | 2 |\n   | x 3 | 4 |\n\n2. next   item\n"
        );
    }
}
