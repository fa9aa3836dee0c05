//! The lead-in: the opening words of a chapter's first text paragraph set
//! in small capitals, capitals in the source included (`smcp` with
//! `c2sc`), as `[pdf] lead-in` and `lead-in-words` ask. A face without
//! small capitals gets synthesised ones: the word in capitals at
//! [`SYNTHETIC_SCALE`] of the size.
//!
//! Which paragraph gets it is the chapter's choice ([`opening_paragraph`]);
//! this file sets it.

use super::inline::{ParaSpec, Style, Typesetter};
use super::lines::Line;
use super::shape::{C2SC, SMCP};
use crate::model::{Block, BlockKind, Inline, LeadIn, inlines_plain_text};

/// Synthesised small capitals: capitals at this fraction of the size
/// (about EB Garamond's small-cap height over its cap height).
const SYNTHETIC_SCALE: f32 = 0.8;

/// How many times a first-line lead-in is set again to make the small
/// capitals end where the first line ends.
const LINE_PASSES: usize = 4;

/// The typesetter's lead-in state while a paragraph is set.
#[derive(Debug, Clone, Copy, Default)]
pub struct LeadInState {
    /// Words still to set in small capitals.
    pub words: usize,
    /// Stop at the first word that ends a phrase (a word count; a first
    /// line runs to its end).
    pub to_phrase_end: bool,
}

/// The index, in `blocks` (a chapter's blocks after its title), of the
/// paragraph that gets the lead-in: the first top-level paragraph. An
/// epigraph or a quotation before it is passed over (their paragraphs
/// are nested), as are headings (a subtitle); a chapter without a printed
/// title (an epigraph, a dedication, an author's note) gets none.
pub fn opening_paragraph(blocks: &[Block], titled: bool) -> Option<usize> {
    if !titled {
        return None;
    }
    blocks.iter().position(|b| match &b.kind {
        BlockKind::Paragraph(inlines) => {
            inlines_plain_text(inlines).chars().any(char::is_alphabetic)
        }
        _ => false,
    })
}

impl Typesetter<'_, '_> {
    /// Sets a chapter's opening paragraph with its lead-in.
    pub fn lead_in_paragraph(
        &mut self,
        inlines: &[Inline],
        spec: &ParaSpec,
        lead: LeadIn,
    ) -> Vec<Line> {
        match lead {
            LeadIn::Words(n) => self.with_lead_in(inlines, spec, n as usize, true),
            LeadIn::Line => {
                // Small capitals are wider than lower case: set, count the
                // whole words of the first line, and set again with that
                // many until they agree; never more small capitals than
                // the first line holds.
                let mut words = usize::MAX;
                let mut lines = self.with_lead_in(inlines, spec, words, false);
                for _ in 0..LINE_PASSES {
                    let fit = lines.first().map_or(0, whole_words);
                    if fit >= words {
                        break;
                    }
                    words = fit;
                    lines = self.with_lead_in(inlines, spec, words, false);
                }
                lines
            }
        }
    }

    fn with_lead_in(
        &mut self,
        inlines: &[Inline],
        spec: &ParaSpec,
        words: usize,
        to_phrase_end: bool,
    ) -> Vec<Line> {
        self.lead_in = LeadInState {
            words,
            to_phrase_end,
        };
        let lines = self.paragraph(inlines, spec);
        self.lead_in = LeadInState::default();
        lines
    }

    /// The style (and, for synthesised small capitals, the text) of the
    /// next word set: in small capitals while the lead-in lasts.
    pub fn lead_in_word(&mut self, style: Style, word: &str) -> (Style, Option<String>) {
        if self.lead_in.words == 0 || style.mono || !word.chars().any(char::is_alphabetic) {
            return (style, None);
        }
        self.lead_in.words -= 1;
        if self.lead_in.to_phrase_end && word.ends_with(['.', ',', ';', ':', '!', '?', '—']) {
            self.lead_in.words = 0;
        }
        if self.has_small_caps(style) {
            let features = style.features | SMCP | C2SC;
            return (Style { features, ..style }, None);
        }
        let upper = word.to_uppercase();
        if upper.len() != word.len() {
            // Break points are byte offsets into the word: keep them true.
            return (style, None);
        }
        let size = style.size * SYNTHETIC_SCALE;
        (Style { size, ..style }, Some(upper))
    }

    /// Whether the style's face has small capitals: `smcp` changes the
    /// glyphs of lower-case letters.
    fn has_small_caps(&mut self, style: Style) -> bool {
        let face = style.face();
        let plain = self.shaper.shape(face, style.features, "aeo");
        let small = self.shaper.shape(face, style.features | SMCP, "aeo");
        plain.glyphs.len() == small.glyphs.len()
            && plain
                .glyphs
                .iter()
                .zip(&small.glyphs)
                .all(|(a, b)| a.id != b.id && b.id != 0)
    }
}

/// The words a line holds whole (a word hyphenated at its end continues on
/// the next line).
fn whole_words(line: &Line) -> usize {
    let n = line.text.split_whitespace().count();
    let split = line.info.hyphenated || line.text.trim_end().ends_with(['-', '\u{ad}']);
    n.saturating_sub(usize::from(split))
}
