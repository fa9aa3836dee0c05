//! Characters no font has, reported at their own place in the source: the
//! shaper draws them as a replacement mark and this says where and which.
//! (The same message is also what `check` reports: it runs the layout.)

use super::Blocks;
use crate::diag::{Diagnostic, is_terminal_unsafe};
use crate::model::Pos;

impl Blocks<'_, '_, '_> {
    /// A diagnostic of the PDF's layout at `pos`, in its source file.
    fn diagnostic_at(&self, pos: Pos, error: bool, message: String) -> Diagnostic {
        let file = self
            .ts
            .book
            .sources
            .get(pos.source.0)
            .map_or("<unknown>", |s| s.path.as_str());
        if error {
            Diagnostic::error(file, pos.line, pos.col, message)
        } else {
            Diagnostic::warning(file, pos.line, pos.col, message)
        }
    }

    /// An error of the PDF's layout at `pos`, in its source file.
    pub(super) fn error_at(&mut self, pos: Pos, message: String) {
        let d = self.diagnostic_at(pos, true, message);
        self.warnings.push(d);
    }

    /// A warning of the PDF's layout at `pos`, with its stable code.
    pub(super) fn warn_at(&mut self, pos: Pos, code: &'static str, message: String) {
        let d = self.diagnostic_at(pos, false, message).with_code(code);
        self.warnings.push(d);
    }

    /// Warns of the characters no face could draw since the last call:
    /// those of the block's text at their own place (the typesetter knows
    /// where each text run was written), those of code and markers at the
    /// block at `pos`; and of the images in its lines nothing describes.
    pub(super) fn warn_missing(&mut self, pos: Pos) {
        for at in std::mem::take(&mut self.ts.undescribed) {
            self.decorative(at);
        }
        for (at, message) in std::mem::take(&mut self.ts.shrunk) {
            self.warn_at(at, "image-size", message);
        }
        let mut missing = std::mem::take(&mut self.ts.missing);
        missing.extend(self.ts.shaper.take_missing().into_iter().map(|c| (c, pos)));
        for (c, at) in missing {
            let d = self.diagnostic_at(
                at,
                false,
                format!(
                    "no font has a glyph for U+{:04X}{}; it prints as a replacement mark (U+FFFD)",
                    c as u32,
                    shown_char(c)
                ),
            );
            self.warnings.push(d);
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
