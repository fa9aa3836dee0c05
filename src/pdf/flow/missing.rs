//! Characters no font has, reported at their own place in the source: the
//! shaper draws them as a replacement mark and this says where and which.

use super::Blocks;
use crate::diag::{Diagnostic, is_terminal_unsafe};
use crate::model::Pos;

impl Blocks<'_, '_, '_> {
    /// Warns of the characters the shaper could not draw since the last
    /// call, each at its line and column at or after the block at `pos`.
    pub(super) fn warn_missing(&mut self, pos: Pos) {
        let missing = self.ts.shaper.take_missing();
        if missing.is_empty() {
            return;
        }
        let source = self.ts.book.sources.get(pos.source.0);
        let file = source.map_or("<unknown>", |s| s.path.as_str());
        // The block's position, refined to the character's own line and
        // column in the source text the loader kept.
        for c in missing {
            let (line, col) = source
                .and_then(|s| find_char(&s.text, c, pos))
                .unwrap_or((pos.line, pos.col));
            self.warnings.push(Diagnostic::warning(
                file,
                line,
                col,
                format!(
                    "no font has a glyph for U+{:04X}{}; it prints as a replacement mark (U+FFFD)",
                    c as u32,
                    shown_char(c)
                ),
            ));
        }
    }
}

/// A character quoted for a message, or nothing when printing it would
/// act on the terminal instead of showing ([`is_terminal_unsafe`]).
fn shown_char(c: char) -> String {
    if is_terminal_unsafe(c) {
        String::new()
    } else {
        format!(" '{c}'")
    }
}

/// The 1-based line and column of the first `c` at or after `from`'s line.
fn find_char(text: &str, c: char, from: Pos) -> Option<(u32, u32)> {
    find_text(text, c.encode_utf8(&mut [0; 4]), from)
}

/// The 1-based line and column (in characters) of the first `needle` on a
/// line at or after `from`'s line.
pub(super) fn find_text(text: &str, needle: &str, from: Pos) -> Option<(u32, u32)> {
    text.lines()
        .enumerate()
        .skip(from.line.saturating_sub(1) as usize)
        .find_map(|(i, line)| {
            let at = line.find(needle)?;
            Some((i as u32 + 1, line[..at].chars().count() as u32 + 1))
        })
}
