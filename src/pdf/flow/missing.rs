//! Characters no font has, reported at their own place in the source: the
//! shaper draws them as a replacement mark and this says where and which.
//! (The same message is also what `check` reports: it runs the layout.)

use super::Blocks;
use crate::diag::{Diagnostic, is_terminal_unsafe};
use crate::model::Pos;

impl Blocks<'_, '_, '_> {
    /// Warns of the characters no face could draw since the last call:
    /// those of the block's text at their own place (the typesetter knows
    /// where each text run was written), those of code and markers at the
    /// An error of the PDF's layout at `pos`, in its source file.
    pub(super) fn error_at(&mut self, pos: Pos, message: String) {
        let file = self
            .ts
            .book
            .sources
            .get(pos.source.0)
            .map_or("<unknown>", |s| s.path.as_str());
        self.warnings
            .push(Diagnostic::error(file, pos.line, pos.col, message));
    }

    /// block at `pos`.
    pub(super) fn warn_missing(&mut self, pos: Pos) {
        let mut missing = std::mem::take(&mut self.ts.missing);
        missing.extend(self.ts.shaper.take_missing().into_iter().map(|c| (c, pos)));
        for (c, at) in missing {
            let file = self
                .ts
                .book
                .sources
                .get(at.source.0)
                .map_or("<unknown>", |s| s.path.as_str());
            self.warnings.push(Diagnostic::warning(
                file,
                at.line,
                at.col,
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
