//! Words into boxes: a shaped word becomes one box per fragment between its
//! break points (hyphenation points, breaks after separators, and, in a run
//! too long for the measure, breaks between any two glyphs at a cost).

use super::*;

impl Typesetter<'_, '_> {
    pub(super) fn push_word(
        &mut self,
        b: &mut Builder,
        word: &str,
        style: Style,
        spec: &ParaSpec,
        link: Option<u32>,
    ) {
        let (style, synthetic) = self.lead_in_word(style, word);
        let word = synthetic.as_deref().unwrap_or(word);
        let face = style.face();
        let shaped = self.shaper.shape(face, style.features, word);
        let start = b.text.len() as u32;
        b.text.push_str(word);
        let natural = self.break_points(word, spec.hyphenate && !style.mono);
        let glyphs = &shaped.glyphs;
        // Where the word may break, as glyph indices: the glyph whose
        // cluster starts at the point (clusters ascend in left-to-right
        // text, so one pass finds them all; a point inside a cluster, a
        // ligature, is dropped).
        let mut cuts: Vec<(usize, Point)> = Vec::with_capacity(natural.len());
        let mut g = 0usize;
        for p in natural {
            while g < glyphs.len() && (glyphs[g].cluster as usize) < p.offset {
                g += 1;
            }
            if g > 0
                && g < glyphs.len()
                && glyphs[g].cluster as usize == p.offset
                && cuts.last().is_none_or(|&(last, _)| last < g)
            {
                cuts.push((g, p));
            }
        }
        // A stretch between two cuts wider than the measure (a long URL, a
        // run of letters with no break at all) may break between any two
        // glyphs there, at a cost, rather than stick out.
        let limit = spec.measure * 0.98 / style.size;
        let mut segments = Vec::with_capacity(cuts.len() + 1);
        let mut from = 0usize;
        for end in cuts.iter().map(|&(g, _)| g).chain([glyphs.len()]) {
            let width: f32 = glyphs[from..end].iter().map(|g| g.advance).sum();
            segments.push((from, end, width > limit));
            from = end;
        }
        let mut all: Vec<(usize, Point, bool)> = Vec::with_capacity(cuts.len());
        for (k, &(from, end, too_long)) in segments.iter().enumerate() {
            if too_long {
                for g in from + 1..end {
                    if glyphs[g].cluster != glyphs[g - 1].cluster {
                        let point = Point {
                            offset: glyphs[g].cluster as usize,
                            insert_hyphen: false,
                        };
                        all.push((g, point, true));
                    }
                }
            }
            if let Some(&(g, p)) = cuts.get(k) {
                all.push((g, p, false));
            }
        }
        // An emergency break between two letters or digits of a word (not
        // of code, a URL or a path) is marked with a hyphen, as a
        // hyphenation point is: the reader sees the word goes on, and the
        // text layer reads it whole.
        let word_like = !style.mono && is_plain_word(word);
        let hyphen = if all.iter().any(|(_, p, e)| p.insert_hyphen || *e) {
            self.shaper.shape(face, style.features, "-").width * style.size
        } else {
            0.0
        };
        let mut g0 = 0usize;
        let mut c0 = 0u32;
        for (g1, p, emergency) in all {
            let c1 = p.offset as u32;
            let width: f32 = glyphs[g0..g1].iter().map(|g| g.advance).sum();
            b.push(
                Item::Box {
                    width: width * style.size,
                },
                Payload::Glyphs {
                    style,
                    shaped: shaped.clone(),
                    glyphs: g0 as u32..g1 as u32,
                    text: start + c0..start + c1,
                    word_start: start,
                    note: None,
                    link,
                },
            );
            let after = word[..p.offset].chars().next_back();
            let before = word[p.offset..].chars().next();
            let (cost, w, flagged) = if emergency {
                if after.is_some_and(|c| "/.-_?&=#:,\\".contains(c)) {
                    (SEPARATOR_COST, 0.0, false)
                } else if word_like
                    && after.is_some_and(hyphenates)
                    && before.is_some_and(hyphenates)
                {
                    (EMERGENCY_COST, hyphen, true)
                } else {
                    (EMERGENCY_COST, 0.0, false)
                }
            } else if p.insert_hyphen {
                (HYPHEN_COST, hyphen, true)
            } else {
                (0.0, 0.0, false)
            };
            b.push(
                Item::Penalty {
                    width: w,
                    cost,
                    flagged,
                },
                if flagged {
                    Payload::Hyphen(style)
                } else {
                    Payload::None
                },
            );
            g0 = g1;
            c0 = c1;
        }
        let width: f32 = glyphs[g0..].iter().map(|g| g.advance).sum();
        b.push(
            Item::Box {
                width: width * style.size,
            },
            Payload::Glyphs {
                style,
                glyphs: g0 as u32..glyphs.len() as u32,
                shaped: shaped.clone(),
                text: start + c0..b.text.len() as u32,
                word_start: start,
                note: None,
                link,
            },
        );
    }

    /// Hyphenation points (cached per word), breaks after dashes and
    /// slashes, and UAX #14's break opportunities in scripts written
    /// without spaces.
    pub(super) fn break_points(&mut self, word: &str, hyphenate: bool) -> Vec<Point> {
        let mut points = Vec::new();
        if hyphenate && let Some(h) = &self.hyphenator {
            if let Some(cached) = self.points.get(word) {
                points.extend_from_slice(cached);
            } else {
                let p = h.points(word);
                self.points.insert(word.into(), p.clone());
                points = p;
            }
        }
        for (i, c) in word.char_indices() {
            let after = i + c.len_utf8();
            if matches!(c, '—' | '–' | '/') && i > 0 && after < word.len() {
                points.push(Point {
                    offset: after,
                    insert_hyphen: false,
                });
            }
        }
        points.extend(script_breaks(word));
        points.retain(|p| p.offset > 0 && p.offset < word.len());
        points.sort_by_key(|p| p.offset);
        points.dedup_by_key(|p| p.offset);
        points
    }
}

/// Whether a word is prose (letters, digits, its own punctuation) rather
/// than a URL, an address, a path or an identifier, which a hyphen at a
/// break would change.
fn is_plain_word(word: &str) -> bool {
    let bytes = word.as_bytes();
    !word.contains(['/', '\\', '@', ':', '_', '=', '&', '?', '#'])
        && !word.starts_with("www.")
        && !bytes
            .windows(2)
            .any(|w| w[0] == b'.' && w[1].is_ascii_alphanumeric())
}

/// A letter or digit of a script that marks a word broken at a line's
/// end with a hyphen: Latin, Greek, Cyrillic and Armenian (not Hebrew,
/// Arabic, Thai, CJK and the scripts after them).
fn hyphenates(c: char) -> bool {
    c.is_alphanumeric() && (c < '\u{0590}' || ('\u{1E00}'..='\u{1FFF}').contains(&c))
}
