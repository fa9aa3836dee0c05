//! Byte offsets → 1-based `line:col` (columns count chars), so every
//! diagnostic and every [`crate::model::Pos`] names a place an editor can
//! jump to.

use crate::model::{Pos, SourceId};

/// The byte offset of each line's start in one source text.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`'s line starts: after each `\n`, `\r\n` or lone `\r`
    /// (CommonMark's three line endings; a file saved with old Mac line
    /// endings is all lone CRs).
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(bytes.iter().enumerate().filter_map(|(i, &b)| {
            let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            ends_line.then_some(i + 1)
        }));
        Self { text, starts }
    }

    /// The 1-based line and char column of byte `offset` (clamped to the text).
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let col = self.text[start..offset].chars().count() + 1;
        (to_u32(line), to_u32(col))
    }
}

/// Where each byte of a text handed to the Markdown parser came from. A
/// chapter is usually one file, read as it is: one segment. A chapter that
/// includes other files (`{{#include}}`) is parsed as one text spliced from
/// several, and every position must still name the file and line it was
/// written at.
#[derive(Debug, Clone)]
pub struct SourceMap<'a> {
    segments: Vec<Segment<'a>>,
    /// When the parsed text was rewritten from the text `segments`
    /// describe (pandoc's tables as pipe tables): `(offset in the parsed
    /// text, offset before the rewriting)`, by offset.
    edits: Vec<(usize, usize)>,
}

/// A run of the parsed text copied verbatim from one source file.
#[derive(Debug, Clone)]
pub struct Segment<'a> {
    /// Where the run starts in the parsed text.
    pub start: usize,
    /// Where it starts in the source file's own text.
    pub origin: usize,
    pub source: SourceId,
    /// The file's name as messages show it.
    pub file: &'a str,
    /// Line starts of the source file's text.
    pub index: LineIndex<'a>,
}

impl<'a> SourceMap<'a> {
    /// A text that is one file, as read.
    pub fn single(text: &'a str, source: SourceId, file: &'a str) -> Self {
        SourceMap {
            segments: vec![Segment {
                start: 0,
                origin: 0,
                source,
                file,
                index: LineIndex::new(text),
            }],
            edits: Vec::new(),
        }
    }

    /// A text spliced from several runs; `segments` in order of `start`,
    /// the first starting at 0.
    pub fn spliced(segments: Vec<Segment<'a>>) -> Self {
        debug_assert!(segments.windows(2).all(|w| w[0].start <= w[1].start));
        SourceMap {
            segments,
            edits: Vec::new(),
        }
    }

    /// The position of byte `offset` of the parsed text, and the name of
    /// its file for messages.
    pub fn locate(&self, offset: usize) -> (Pos, &'a str) {
        let offset = self.unedited(offset);
        let k = self
            .segments
            .partition_point(|s| s.start <= offset)
            .saturating_sub(1);
        let Some(seg) = self.segments.get(k) else {
            return (Pos::default(), "");
        };
        let (line, col) = seg
            .index
            .line_col(seg.origin + (offset - seg.start.min(offset)));
        (
            Pos {
                source: seg.source,
                line,
                col,
            },
            seg.file,
        )
    }
}

impl<'a> SourceMap<'a> {
    /// The map of a text rewritten from this map's: `pieces` are `(offset
    /// in the new text, offset in the old)`, sorted, each byte up to the
    /// next piece copied in sequence from the old text.
    pub fn remapped(&self, pieces: &[(usize, usize)]) -> SourceMap<'a> {
        SourceMap {
            segments: self.segments.clone(),
            edits: pieces
                .iter()
                .map(|&(new, old)| (new, self.unedited(old)))
                .collect(),
        }
    }

    /// An offset of the parsed text as an offset of the text before any
    /// rewriting.
    fn unedited(&self, offset: usize) -> usize {
        let k = self.edits.partition_point(|e| e.0 <= offset);
        match k.checked_sub(1).and_then(|k| self.edits.get(k)) {
            Some(&(new, old)) => old + (offset - new),
            None => offset,
        }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Where the first invalid UTF-8 byte of `bytes` is, as 1-based line and
/// column (the column counts the valid chars before it on its line).
pub fn invalid_utf8_position(bytes: &[u8], valid_up_to: usize) -> (u32, u32) {
    let valid = &bytes[..valid_up_to.min(bytes.len())];
    // Valid UTF-8 by definition: index it as text, with the same line ends.
    let text = std::str::from_utf8(valid).unwrap_or_default();
    LineIndex::new(text).line_col(text.len())
}

/// `text` with every lone `\r` (a line ending of old Mac files) turned into
/// `\n`, byte for byte, so offsets are unchanged: the Markdown parser reads
/// some constructs (note definitions) only after a `\n`.
pub fn normalize_line_ends(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes.
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_char_columns() {
        let idx = LineIndex::new("ab\n“c” d\n\nx");
        assert_eq!(idx.line_col(0), (1, 1));
        assert_eq!(idx.line_col(3), (2, 1));
        // after “c” (3 + 1 + 3 bytes) comes a space: char column 4
        assert_eq!(idx.line_col(3 + 7), (2, 4));
        assert_eq!(idx.line_col(13), (3, 1));
        assert_eq!(idx.line_col(14), (4, 1));
        assert_eq!(idx.line_col(999), (4, 2));
    }

    #[test]
    fn spliced_texts_name_their_own_files() {
        let main = "a\n{{#include x}}\nb\n";
        let inc = "one\ntwo\n";
        let map = SourceMap::spliced(vec![
            Segment {
                start: 0,
                origin: 0,
                source: SourceId(0),
                file: "m.md",
                index: LineIndex::new(main),
            },
            Segment {
                start: 2,
                origin: 0,
                source: SourceId(1),
                file: "x.md",
                index: LineIndex::new(inc),
            },
            Segment {
                start: 10,
                origin: 17,
                source: SourceId(0),
                file: "m.md",
                index: LineIndex::new(main),
            },
        ]);
        assert_eq!(map.locate(0).0.line, 1);
        let (pos, file) = map.locate(6);
        assert_eq!(
            (pos.source, pos.line, pos.col, file),
            (SourceId(1), 2, 1, "x.md")
        );
        let (pos, file) = map.locate(10);
        assert_eq!((pos.line, pos.col, file), (3, 1, "m.md"));
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let idx = LineIndex::new("a\rb\r\nc\nd");
        assert_eq!(idx.line_col(2), (2, 1));
        assert_eq!(idx.line_col(5), (3, 1));
        assert_eq!(idx.line_col(7), (4, 1));
        assert_eq!(normalize_line_ends("a\rb\r\nc".into()), "a\nb\r\nc");
    }

    #[test]
    fn invalid_utf8_line() {
        let bytes: Vec<u8> = [&b"ok\nfine\nab"[..], &[0xff], b"cd"].concat();
        let err = String::from_utf8(bytes.clone()).unwrap_err();
        let valid = err.utf8_error().valid_up_to();
        assert_eq!(invalid_utf8_position(&bytes, valid), (3, 3));
    }
}
