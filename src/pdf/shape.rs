//! Text shaping with harfrust, with a word cache: each distinct word is
//! shaped once per (face, features) for the whole book, at no particular
//! size (advances are kept in ems), so shaping cost grows with the
//! vocabulary, not with the length of the book.

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use harfrust::{Direction, Feature, Language, ShapePlan, Tag, UnicodeBuffer, script};

use super::fonts::{FALLBACK, FaceId, Fonts};

/// OpenType features asked for on top of the defaults (kerning, standard
/// ligatures), as bit flags.
pub type Features = u8;
pub const SMCP: Features = 1;
pub const ONUM: Features = 2;
pub const SUPS: Features = 4;

/// One shaped glyph, its advance and offsets in ems.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SGlyph {
    pub id: u32,
    pub face: FaceId,
    /// Byte offset of the glyph's cluster in the shaped text.
    pub cluster: u32,
    pub advance: f32,
    pub dx: f32,
    pub dy: f32,
    /// The text may be cut before this glyph without reshaping.
    pub safe_to_break: bool,
}

/// A shaped word: its glyphs and total advance, in ems.
#[derive(Debug, Clone, PartialEq)]
pub struct Shaped {
    pub glyphs: Vec<SGlyph>,
    pub width: f32,
}

impl Shaped {
    /// The advance of the glyphs whose clusters lie in `[from, to)`.
    pub fn width_between(&self, from: u32, to: u32) -> f32 {
        self.glyphs
            .iter()
            .filter(|g| g.cluster >= from && g.cluster < to)
            .map(|g| g.advance)
            .sum()
    }
}

type CacheKey = (FaceId, Features);

/// Shapes text in the book's faces and remembers what it shaped.
pub struct Shaper<'f> {
    shapers: Vec<harfrust::Shaper<'f>>,
    plans: HashMap<CacheKey, ShapePlan>,
    cache: HashMap<CacheKey, HashMap<Box<str>, Rc<Shaped>>>,
    language: Option<Language>,
    buffer: Option<UnicodeBuffer>,
    /// Characters no face could draw, since the last [`Shaper::take_missing`].
    missing: BTreeSet<char>,
    /// Whether the face draws `sups` digits (checked once per face).
    sups: HashMap<FaceId, bool>,
    /// The fallback face's replacement-character glyph (looked up once).
    replacement: Option<Option<SGlyph>>,
}

impl<'f> Shaper<'f> {
    pub fn new(fonts: &'f Fonts<'f>, language: &str) -> Shaper<'f> {
        let shapers = fonts
            .faces
            .iter()
            .map(|f| f.shaper_data.shaper(&f.font_ref).build())
            .collect();
        Shaper {
            shapers,
            plans: HashMap::new(),
            cache: HashMap::new(),
            language: Language::new(language.to_ascii_lowercase()),
            buffer: Some(UnicodeBuffer::new()),
            missing: BTreeSet::new(),
            sups: HashMap::new(),
            replacement: None,
        }
    }

    /// Characters that neither their face nor the fallback could draw,
    /// gathered since the last call.
    pub fn take_missing(&mut self) -> BTreeSet<char> {
        std::mem::take(&mut self.missing)
    }

    /// Shapes `text` (one word, or a short run) in a face; cached.
    pub fn shape(&mut self, face: FaceId, features: Features, text: &str) -> Rc<Shaped> {
        if let Some(hit) = self.cache.get(&(face, features)).and_then(|m| m.get(text)) {
            return hit.clone();
        }
        let mut shaped = self.shape_uncached(face, features, text);
        if shaped.glyphs.iter().any(|g| g.id == 0) {
            self.fall_back(&mut shaped, face, features, text);
        }
        let shaped = Rc::new(shaped);
        self.cache
            .entry((face, features))
            .or_default()
            .insert(text.into(), shaped.clone());
        shaped
    }

    /// Whether a face has real superscript figures (`sups`).
    pub fn has_sups(&mut self, face: FaceId) -> bool {
        if let Some(known) = self.sups.get(&face) {
            return *known;
        }
        let plain = self.shape_uncached(face, 0, "0123456789");
        let sups = self.shape_uncached(face, SUPS, "0123456789");
        let ok = plain.glyphs.len() == sups.glyphs.len()
            && plain
                .glyphs
                .iter()
                .zip(&sups.glyphs)
                .all(|(a, b)| a.id != b.id && b.id != 0);
        self.sups.insert(face, ok);
        ok
    }

    /// Replaces each run of `.notdef` glyphs with the fallback face's
    /// shaping of the same characters; records what even that lacks.
    fn fall_back(&mut self, shaped: &mut Shaped, face: FaceId, features: Features, text: &str) {
        let has_fallback = self.shapers.len() > FALLBACK as usize && face != FALLBACK;
        let mut out = Vec::with_capacity(shaped.glyphs.len());
        let glyphs = std::mem::take(&mut shaped.glyphs);
        let mut i = 0;
        while i < glyphs.len() {
            if glyphs[i].id != 0 {
                out.push(glyphs[i]);
                i += 1;
                continue;
            }
            let mut j = i;
            while j < glyphs.len() && glyphs[j].id == 0 {
                j += 1;
            }
            let start = glyphs[i].cluster as usize;
            let end = glyphs.get(j).map_or(text.len(), |g| g.cluster as usize);
            let piece = &text[start.min(end)..end.max(start)];
            let replacement = if has_fallback {
                Some(self.shape_uncached(FALLBACK, features & !SMCP, piece))
            } else {
                None
            };
            match replacement {
                Some(rep) => {
                    for g in rep.glyphs {
                        let mut g = g;
                        if g.id == 0 {
                            let c = piece[g.cluster as usize..].chars().next();
                            self.missing.extend(c);
                            // Drawn as the fallback face's replacement
                            // character, never as a silent .notdef box.
                            if let Some(r) = self.replacement() {
                                g.id = r.id;
                                g.advance = r.advance;
                                g.dx = 0.0;
                                g.dy = 0.0;
                            }
                        }
                        out.push(SGlyph {
                            cluster: g.cluster + start as u32,
                            ..g
                        });
                    }
                }
                None => {
                    self.missing.extend(piece.chars());
                    out.extend_from_slice(&glyphs[i..j]);
                }
            }
            i = j;
        }
        shaped.width = out.iter().map(|g| g.advance).sum();
        shaped.glyphs = out;
        let _ = face;
    }

    /// The fallback face's U+FFFD REPLACEMENT CHARACTER, if it has one.
    fn replacement(&mut self) -> Option<SGlyph> {
        if let Some(known) = self.replacement {
            return known;
        }
        let r = self
            .shape_uncached(FALLBACK, 0, "\u{FFFD}")
            .glyphs
            .first()
            .copied()
            .filter(|g| g.id != 0);
        self.replacement = Some(r);
        r
    }

    fn shape_uncached(&mut self, face: FaceId, features: Features, text: &str) -> Shaped {
        let shaper = &self.shapers[face as usize];
        let upem = shaper.units_per_em() as f32;
        let plan = self.plans.entry((face, features)).or_insert_with(|| {
            let feats = feature_list(features);
            ShapePlan::new(
                shaper,
                Direction::LeftToRight,
                Some(script::LATIN),
                self.language.as_ref(),
                &feats,
            )
        });
        let mut buffer = self.buffer.take().unwrap_or_default();
        buffer.push_str(text);
        buffer.set_direction(Direction::LeftToRight);
        buffer.set_script(script::LATIN);
        if let Some(lang) = &self.language {
            buffer.set_language(lang.clone());
        }
        let feats = feature_list(features);
        let out = shaper.shape(
            buffer,
            harfrust::ShapeOptions::new()
                .plan(Some(plan))
                .features(&feats),
        );
        let glyphs: Vec<SGlyph> = out
            .glyph_infos()
            .iter()
            .zip(out.glyph_positions())
            .map(|(info, pos)| SGlyph {
                id: info.glyph_id,
                face,
                cluster: info.cluster,
                advance: pos.x_advance as f32 / upem,
                dx: pos.x_offset as f32 / upem,
                dy: pos.y_offset as f32 / upem,
                safe_to_break: !info.unsafe_to_break(),
            })
            .collect();
        self.buffer = Some(out.clear());
        let width = glyphs.iter().map(|g| g.advance).sum();
        Shaped { glyphs, width }
    }
}

fn feature_list(features: Features) -> Vec<Feature> {
    let mut list = vec![
        Feature::new(Tag::new(b"kern"), 1, ..),
        Feature::new(Tag::new(b"liga"), 1, ..),
    ];
    for (flag, tag) in [(SMCP, b"smcp"), (ONUM, b"onum"), (SUPS, b"sups")] {
        if features & flag != 0 {
            list.push(Feature::new(Tag::new(tag), 1, ..));
        }
    }
    list
}

#[cfg(test)]
mod tests {
    use super::super::fonts::{Fonts, REGULAR, tests::default_settings};
    use super::*;

    #[test]
    fn shapes_ligatures_and_caches_words() {
        let settings = default_settings();
        let fonts = Fonts::load(&settings).unwrap();
        let mut shaper = Shaper::new(&fonts, "en-US");
        let office = shaper.shape(REGULAR, 0, "office");
        // "ffi" becomes one ligature glyph: fewer glyphs than characters.
        assert!(office.glyphs.len() < 6, "{:?}", office.glyphs);
        assert!(office.width > 1.0 && office.width < 4.0);
        let again = shaper.shape(REGULAR, 0, "office");
        assert!(Rc::ptr_eq(&office, &again));
        assert!(shaper.has_sups(REGULAR));
    }

    #[test]
    fn falls_back_per_cluster_and_reports_what_is_missing() {
        let settings = default_settings();
        let fonts = Fonts::load(&settings).unwrap();
        let mut shaper = Shaper::new(&fonts, "en");
        // U+263A WHITE SMILING FACE: not in EB Garamond, in DejaVu Sans.
        let arrow = shaper.shape(REGULAR, 0, "a\u{263A}b");
        assert!(arrow.glyphs.iter().all(|g| g.id != 0));
        assert!(arrow.glyphs.iter().any(|g| g.face == FALLBACK));
        assert!(shaper.take_missing().is_empty());
        // A private-use character no face has.
        let none = shaper.shape(REGULAR, 0, "x\u{E000}");
        assert!(none.glyphs.len() == 2);
        // Drawn as the fallback's U+FFFD, not as .notdef.
        assert!(none.glyphs.iter().all(|g| g.id != 0), "{:?}", none.glyphs);
        assert_eq!(shaper.take_missing(), BTreeSet::from(['\u{E000}']));
    }
}
