//! A line's glyphs, kept small. Every laid-out page is held until the
//! contents (which need every heading's folio) are drawn, and on a long
//! book glyphs were most of that memory, copied out of the word cache
//! glyph by glyph. A line now keeps each fragment of a shaped word as the
//! word itself (shared with the book's word cache) and what places its
//! glyphs: their letter spacing and where their text sits in the line's.
//! Only spaces, hyphens, leaders and the like are kept glyph by glyph.
//! [`Glyphs::extend_into`] gives back exactly the glyphs a copy would have
//! held, for the drawing, the links and the tests.

use std::ops::Range;
use std::sync::Arc;

use super::lines::PGlyph;
use super::shape::{SGlyph, Shaped};

/// The glyphs of one line, in order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Glyphs {
    /// Fragments of shaped words, in order.
    words: Vec<Fragment>,
    /// The other glyphs, in order: they fill the places the fragments
    /// leave.
    own: Vec<PGlyph>,
    len: u32,
}

/// Glyphs `first..first + count` of a shaped word, set on a line.
#[derive(Debug, Clone, PartialEq)]
struct Fragment {
    shaped: Arc<Shaped>,
    /// Letter spacing added to each glyph's advance, in ems.
    track: f32,
    /// Where the fragment's text begins in the line's text.
    base: u32,
    /// The line's index of the fragment's first glyph.
    at: u16,
    first: u8,
    count: u8,
    /// The fragment's text in the word's: bytes `off..end`.
    off: u8,
    end: u8,
}

impl Fragment {
    fn extend_into(&self, out: &mut Vec<PGlyph>) {
        let first = usize::from(self.first);
        place(
            &self.shaped.glyphs[first..first + usize::from(self.count)],
            usize::from(self.off)..usize::from(self.end),
            self.base as usize,
            self.track,
            out,
        );
    }
}

/// Glyphs `gl` of a word, whose text is bytes `text` of the word, as a
/// copy holds them: each glyph `track` ems wider, its text running from
/// its cluster to the next higher cluster among `gl` (or the fragment's
/// end), shifted to byte `base` of the line's text.
fn place(gl: &[SGlyph], text: Range<usize>, base: usize, track: f32, out: &mut Vec<PGlyph>) {
    out.reserve(gl.len());
    for (k, g) in gl.iter().enumerate() {
        let c0 = g.cluster as usize;
        // The next glyph's cluster, in the common case (a glyph a letter).
        let c1 = match gl.get(k + 1) {
            Some(n) if n.cluster as usize > c0 => n.cluster as usize,
            _ => gl[k..]
                .iter()
                .map(|n| n.cluster as usize)
                .find(|&c| c > c0)
                .unwrap_or(text.end),
        };
        let range = base + c0.saturating_sub(text.start)..base + c1.saturating_sub(text.start);
        out.push(PGlyph::new(
            g.id,
            range,
            tracked(g.advance, track),
            g.dx,
            g.dy,
        ));
    }
}

/// `advance` widened by `track` ems. Both on the grid of a thousandth of
/// an em (a 1000-unit font's advance, letter spacing rounded to it), the
/// sum is put back on it, free of float noise, so the PDF writes its
/// adjustment as an integer; anything else is left as it is.
fn tracked(advance: f32, track: f32) -> f32 {
    let sum = advance + track;
    if track == 0.0 {
        return sum;
    }
    let snapped = (sum * 1000.0).round() / 1000.0;
    if (snapped - sum).abs() < 1e-6 {
        snapped
    } else {
        sum
    }
}

impl Glyphs {
    /// How many glyphs the line holds.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends one glyph.
    pub fn push(&mut self, glyph: PGlyph) {
        self.own.push(glyph);
        self.len += 1;
    }

    /// Appends glyphs `glyphs` of `shaped`, each `track` ems wider, whose
    /// text is bytes `text` of the word, set at byte `base` of the line's
    /// text. A fragment too large for the compact form (a word of more
    /// than 255 bytes, a line of more than 65,535 glyphs) is copied.
    pub fn push_word(
        &mut self,
        shaped: &Arc<Shaped>,
        glyphs: Range<usize>,
        text: Range<usize>,
        base: usize,
        track: f32,
    ) {
        let compact = (|| {
            Some(Fragment {
                shaped: Arc::clone(shaped),
                track,
                base: u32::try_from(base).ok()?,
                at: u16::try_from(self.len).ok()?,
                first: u8::try_from(glyphs.start).ok()?,
                count: u8::try_from(glyphs.len()).ok()?,
                off: u8::try_from(text.start).ok()?,
                end: u8::try_from(text.end).ok()?,
            })
        })();
        match compact {
            Some(fragment) if fragment.count > 0 => self.words.push(fragment),
            Some(_) => {}
            None => place(
                &shaped.glyphs[glyphs.clone()],
                text,
                base,
                track,
                &mut self.own,
            ),
        }
        self.len += glyphs.len() as u32;
    }

    /// Widens the last glyph by `delta` ems (a protrusion given back).
    pub fn widen_last(&mut self, delta: f32) {
        let last_is_word = self
            .words
            .last()
            .is_some_and(|w| u32::from(w.at) + u32::from(w.count) == self.len);
        if last_is_word && let Some(w) = self.words.pop() {
            w.extend_into(&mut self.own);
        }
        if let Some(g) = self.own.last_mut() {
            g.advance += delta;
        }
    }

    /// Appends the line's glyphs to `out`, in order.
    pub fn extend_into(&self, out: &mut Vec<PGlyph>) {
        out.reserve(self.len());
        let mut own = self.own.iter();
        let mut i = 0usize;
        for w in &self.words {
            let at = usize::from(w.at);
            out.extend(own.by_ref().take(at - i));
            w.extend_into(out);
            i = at + usize::from(w.count);
        }
        out.extend(own);
    }

    /// The line's glyphs, copied.
    pub fn to_vec(&self) -> Vec<PGlyph> {
        let mut out = Vec::new();
        self.extend_into(&mut out);
        out
    }

    /// Gives back the slack of the vectors once the line is set.
    pub fn shrink_to_fit(&mut self) {
        self.words.shrink_to_fit();
        self.own.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A word of `clusters.len()` glyphs, each 0.5 em wide, the glyph at
    /// `k` standing at byte `clusters[k]` (a ligature shares a cluster).
    fn word(clusters: &[u32]) -> Arc<Shaped> {
        Arc::new(Shaped {
            glyphs: clusters
                .iter()
                .enumerate()
                .map(|(k, &c)| SGlyph {
                    id: 10 + k as u32,
                    face: 0,
                    cluster: c,
                    advance: 0.5,
                    dx: 0.0,
                    dy: if k == 1 { 0.25 } else { 0.0 },
                    safe_to_break: true,
                })
                .collect(),
            width: 0.5 * clusters.len() as f32,
            missing: Box::new([]),
        })
    }

    /// What a line copying the glyphs held, computed independently.
    fn copied(
        shaped: &Shaped,
        glyphs: Range<usize>,
        text: Range<usize>,
        base: usize,
        track: f32,
    ) -> Vec<PGlyph> {
        let gl = &shaped.glyphs[glyphs];
        gl.iter()
            .enumerate()
            .map(|(k, g)| {
                let next = gl[k + 1..]
                    .iter()
                    .map(|n| n.cluster as usize)
                    .find(|&c| c > g.cluster as usize)
                    .unwrap_or(text.end);
                let r = base + (g.cluster as usize).saturating_sub(text.start)
                    ..base + next.saturating_sub(text.start);
                PGlyph::new(g.id, r, tracked(g.advance, track), g.dx, g.dy)
            })
            .collect()
    }

    #[test]
    fn words_and_own_glyphs_come_back_in_order_as_copies() {
        // "office" with an "ffi" ligature: clusters 0, 1 (ffi), 4, 5.
        let office = word(&[0, 1, 4, 5]);
        let space = PGlyph::new(3, 6..7, 0.3, 0.0, 0.0);
        let mut g = Glyphs::default();
        g.push_word(&office, 0..2, 0..4, 0, 0.01);
        g.push(space);
        // The second fragment (after a hyphenation point), at byte 7.
        g.push_word(&office, 2..4, 4..6, 7, -0.02);
        let mut want = copied(&office, 0..2, 0..4, 0, 0.01);
        want.push(space);
        want.extend(copied(&office, 2..4, 4..6, 7, -0.02));
        assert_eq!(g.len(), 5);
        assert_eq!(g.to_vec(), want);
        assert_eq!(want[1].text(), 1..4, "the ligature stands for f, f, i");
        assert_eq!(want[1].dy, 0.25);
        assert_eq!(want[4].text(), 8..9);
    }

    #[test]
    fn tracked_advances_are_put_back_on_the_thousandth_grid() {
        for n in 200..700 {
            for k in -8..=8 {
                let sum = tracked(n as f32 / 1000.0, k as f32 / 1000.0);
                assert_eq!(sum, (n + k) as f32 / 1000.0, "{n} + {k}");
            }
        }
        // Off the grid (a 2048-unit font's advance): left as summed.
        let off = 1234.0 / 2048.0;
        assert_eq!(tracked(off, 0.003), off + 0.003);
        assert_eq!(tracked(0.25, 0.0), 0.25);
    }

    #[test]
    fn a_fragment_too_long_to_keep_compact_is_copied() {
        let clusters: Vec<u32> = (0..300).collect();
        let long = word(&clusters);
        let mut g = Glyphs::default();
        g.push(PGlyph::new(3, 0..1, 0.3, 0.0, 0.0));
        g.push_word(&long, 0..300, 0..300, 1, 0.0);
        assert!(g.words.is_empty() && g.own.len() == 301);
        let mut want = vec![PGlyph::new(3, 0..1, 0.3, 0.0, 0.0)];
        want.extend(copied(&long, 0..300, 0..300, 1, 0.0));
        assert_eq!(g.to_vec(), want);
    }

    #[test]
    fn widening_the_last_glyph_of_a_word_changes_it_alone() {
        let w = word(&[0, 1, 2]);
        let mut g = Glyphs::default();
        g.push_word(&w, 0..3, 0..3, 0, 0.0);
        g.widen_last(-0.1);
        let mut want = copied(&w, 0..3, 0..3, 0, 0.0);
        want[2].advance += -0.1;
        assert_eq!(g.to_vec(), want);
        assert_eq!(g.len(), 3);
    }
}
