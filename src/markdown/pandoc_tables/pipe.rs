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
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let bytes = t.as_bytes();
    let pipes: Vec<usize> = (0..bytes.len())
        .filter(|&k| bytes[k] == b'|' && (k == 0 || bytes[k - 1] != b'\\'))
        .collect();
    let trailing = pipes.last() == Some(&bytes.len().wrapping_sub(1));
    pipes.len() + 1 - usize::from(trailing)
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
    }
}
