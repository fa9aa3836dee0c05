//! Byte offsets → 1-based `line:col` (columns count chars), so every
//! diagnostic and every [`crate::model::Pos`] names a place an editor can
//! jump to.

/// The byte offset of each line's start in one source text.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`'s line starts (after each `\n`).
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
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

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Where the first invalid UTF-8 byte of `bytes` is, as 1-based line and
/// column (the column counts the valid chars before it on its line).
pub fn invalid_utf8_position(bytes: &[u8], valid_up_to: usize) -> (u32, u32) {
    let valid = &bytes[..valid_up_to.min(bytes.len())];
    let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = String::from_utf8_lossy(&valid[line_start..])
        .chars()
        .count()
        + 1;
    (to_u32(line), to_u32(col))
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
    fn invalid_utf8_line() {
        let bytes: Vec<u8> = [&b"ok\nfine\nab"[..], &[0xff], b"cd"].concat();
        let err = String::from_utf8(bytes.clone()).unwrap_err();
        let valid = err.utf8_error().valid_up_to();
        assert_eq!(invalid_utf8_position(&bytes, valid), (3, 3));
    }
}
