//! pandoc's pipe tables with a caption (`Table: …` or `: …`, before or
//! after the table). pulldown-cmark reads the table as written; the scanner
//! finds where it ends and its alignments, so that the caption is written
//! after it as the last one-cell row [`super::TableInfo`] says it is.

use super::{Parsed, Scan};
use crate::model::Align;

/// Whether a line is a pipe table's delimiter row (`|:--|--:|`).
pub(super) fn delimiter(line: &str) -> bool {
    alignments(line).is_some()
}

/// The alignment of each cell of a delimiter row: dashes, a colon on
/// either side or both, cells separated by `|` (at least one).
fn alignments(line: &str) -> Option<Vec<Align>> {
    let t = line.trim();
    if !t.contains('|') {
        return None;
    }
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|')
        .map(|cell| {
            let cell = cell.trim();
            let dashes = cell.trim_start_matches(':').trim_end_matches(':');
            if dashes.is_empty() || !dashes.bytes().all(|b| b == b'-') {
                return None;
            }
            Some(match (cell.starts_with(':'), cell.ends_with(':')) {
                (true, true) => Align::Center,
                (true, false) => Align::Left,
                (false, true) => Align::Right,
                (false, false) => Align::None,
            })
        })
        .collect()
}

/// How many cells a row has: its unescaped `|` split it, a leading and a
/// trailing one aside.
fn cell_count(line: &str) -> usize {
    cell_starts(line).len()
}

/// Where each cell of a row starts, as pulldown-cmark splits it: at every
/// `|` not right after a `\`, code spans included (GFM splits the row
/// before it reads inlines), a leading and a trailing `|` aside.
fn cell_starts(line: &str) -> Vec<usize> {
    let body = line.trim_end();
    let lead = body.len() - body.trim_start().len();
    let bytes = body.as_bytes();
    let mut starts = vec![lead];
    for k in lead..bytes.len() {
        if bytes[k] == b'|' && (k == 0 || bytes[k - 1] != b'\\') {
            starts.push(k + 1);
        }
    }
    if bytes.get(lead) == Some(&b'|') {
        starts.remove(0);
    }
    if starts.len() > 1 && starts.last() == Some(&bytes.len()) {
        starts.pop();
    }
    starts
}

/// A body row's cells past the header's `columns`, which pulldown-cmark
/// drops without a word: the offset in `line` of the first one's text and
/// how many cells the row has; `None` when nothing but blanks is dropped.
pub(in crate::markdown) fn extra_cells(line: &str, columns: usize) -> Option<(usize, usize)> {
    let starts = cell_starts(line);
    let from = *starts.get(columns)?;
    let dropped = &line[from..];
    let text = dropped.trim_start_matches([' ', '\t', '|']);
    if text.trim().is_empty() {
        return None;
    }
    Some((line.len() - text.len(), starts.len()))
}

impl Scan<'_> {
    /// The pipe table whose header row is line `i`, up to a blank line:
    /// as many header cells as the delimiter row under it has.
    pub(super) fn pipe(&self, i: usize) -> Option<Parsed> {
        let head = self.body(i);
        if !head.contains('|') {
            return None;
        }
        let align = alignments(self.body(i + 1))?;
        if cell_count(head) != align.len() {
            return None;
        }
        let mut end = i + 2;
        while end < self.lines.len() && !self.blank(end) {
            // A heading or a quote would end the table before its caption.
            if self.body(end).trim_start().starts_with(['#', '>']) {
                return None;
            }
            end += 1;
        }
        Some(Parsed {
            end,
            align,
            head: Some(Vec::new()),
            rows: Vec::new(),
            pipe: Some(i..end),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_rows_and_cells() {
        assert_eq!(
            alignments("|:--|--:| :-: | --- |"),
            Some(vec![Align::Left, Align::Right, Align::Center, Align::None])
        );
        assert_eq!(alignments("--- | ---").map(|a| a.len()), Some(2));
        for not in ["--- ---", "|a|-|", "| : |", "text"] {
            assert_eq!(alignments(not), None, "{not}");
        }
        assert_eq!(cell_count("| a | b |"), 2);
        assert_eq!(cell_count("a | b \\| c"), 2);
        assert_eq!(cell_count("| a |"), 1);
        assert_eq!(cell_count("|"), 1);
        assert_eq!(cell_count("||"), 1);
    }

    #[test]
    fn cells_past_the_header_are_found_where_their_text_starts() {
        assert_eq!(extra_cells("| x | y | qzextra |", 2), Some((10, 3)));
        assert_eq!(extra_cells("x|y|z", 2), Some((4, 3)));
        // pulldown-cmark splits inside code spans too, never after a `\`.
        assert_eq!(extra_cells("x | `a|b` | c", 2), Some((7, 4)));
        assert_eq!(extra_cells("| x | y \\| z |", 2), None);
        assert_eq!(extra_cells("| x | y |", 2), None);
        assert_eq!(extra_cells("| x |", 2), None);
        // Empty extra cells lose no words.
        assert_eq!(extra_cells("| x | y | | |", 2), None);
    }
}
