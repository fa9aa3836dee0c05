//! Text shaping with harfrust, with a word cache shared by the whole book:
//! each distinct word is shaped once per (face, features) for the book, at
//! no particular size (advances are kept in ems), so shaping cost grows
//! with the vocabulary, not with the length of the book. Chapters laid out
//! at once on several threads share one [`ShapeCache`] (in [`Fonts`]); each
//! [`Shaper`] keeps its own copy of the words it met in front of it, so the
//! shared cache's locks are taken once per word and shaper, not per word
//! set.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use harfrust::{Direction, Feature, Language, ShapePlan, Tag, UnicodeBuffer, script};
use rustc_hash::FxHashMap;

use super::fonts::{FALLBACK, FaceId, Fonts};

/// OpenType features asked for on top of the defaults (kerning, standard
/// ligatures), as bit flags.
pub type Features = u8;
pub const SMCP: Features = 1;
pub const ONUM: Features = 2;
pub const SUPS: Features = 4;
/// Capitals to small capitals (with [`SMCP`], a word all in small capitals).
pub const C2SC: Features = 8;

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
    /// Characters neither the word's face nor the fallback could draw
    /// (drawn as the fallback's U+FFFD): kept with the word so that every
    /// chapter that sets it reports them, whichever thread shaped it.
    pub missing: Box<[char]>,
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
/// A face's words. FxHash: every word set is looked up here, and SipHash
/// was 4 % of the PDF's instructions.
type Words = FxHashMap<Box<str>, Arc<Shaped>>;
/// One lock's share of the shared cache: (language slot, face, features)
/// → words.
type Shard = Mutex<FxHashMap<(usize, FaceId, Features), Words>>;

/// Locks of the shared cache: words spread over them by hash, so threads
/// shaping different words seldom wait for each other.
const SHARDS: usize = 16;

/// The book's shaped words, shared by every shaper of one layout (one per
/// thread): a word is shaped by the first shaper that needs it, under its
/// shard's lock, and only looked up by the others.
#[derive(Default)]
pub struct ShapeCache {
    /// Languages shaped for (a key part: `locl` substitutions differ).
    languages: Mutex<Vec<Option<Language>>>,
    shards: [Shard; SHARDS],
    /// How many words were shaped (misses of the shared cache).
    shaped: AtomicUsize,
}

impl ShapeCache {
    /// How many distinct (language, face, features, text) words have been
    /// shaped: what the cache saves is the gap between this and the words
    /// set.
    pub fn shaped(&self) -> usize {
        self.shaped.load(Ordering::Relaxed)
    }

    fn language_slot(&self, language: &Option<Language>) -> usize {
        let mut languages = self
            .languages
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        match languages.iter().position(|l| l == language) {
            Some(i) => i,
            None => {
                languages.push(language.clone());
                languages.len() - 1
            }
        }
    }

    fn shard(&self, text: &str) -> &Shard {
        let hash = BuildHasherDefault::<DefaultHasher>::default().hash_one(text);
        &self.shards[(hash as usize) % SHARDS]
    }
}

/// Shapes text in the book's faces and remembers what it shaped.
pub struct Shaper<'f> {
    shapers: Vec<harfrust::Shaper<'f>>,
    plans: FxHashMap<CacheKey, ShapePlan>,
    /// The book's cache, shared with the other shapers of the layout.
    shared: &'f ShapeCache,
    /// This shaper's slot for its language in `shared`.
    slot: usize,
    /// The words this shaper has met, in front of `shared`.
    cache: FxHashMap<CacheKey, Words>,
    language: Option<Language>,
    buffer: Option<UnicodeBuffer>,
    /// Characters no face could draw, since the last [`Shaper::take_missing`].
    missing: BTreeSet<char>,
    /// Words whose missing characters were reported since the last
    /// [`Shaper::begin_chapter`]: each is reported once a chapter.
    reported: HashSet<(CacheKey, Box<str>)>,
    /// Whether the face draws `sups` digits (checked once per face).
    sups: HashMap<FaceId, bool>,
    /// The fallback face's replacement-character glyph (looked up once).
    replacement: Option<Option<SGlyph>>,
}

impl<'f> Shaper<'f> {
    /// A shaper for `language`, in front of the cache of `fonts`.
    pub fn new(fonts: &'f Fonts<'f>, language: &str) -> Shaper<'f> {
        let shapers = fonts
            .faces
            .iter()
            .map(|f| f.shaper_data.shaper(&f.font_ref).build())
            .collect();
        let language = Language::new(language.to_ascii_lowercase());
        Shaper {
            shapers,
            plans: FxHashMap::default(),
            shared: &fonts.shapes,
            slot: fonts.shapes.language_slot(&language),
            cache: FxHashMap::default(),
            language,
            buffer: Some(UnicodeBuffer::new()),
            missing: BTreeSet::new(),
            reported: HashSet::new(),
            sups: HashMap::new(),
            replacement: None,
        }
    }

    /// Characters that neither their face nor the fallback could draw,
    /// gathered since the last call.
    pub fn take_missing(&mut self) -> BTreeSet<char> {
        std::mem::take(&mut self.missing)
    }

    /// Starts a chapter: the missing characters of a word are reported
    /// again at its first use in the chapter (so what a chapter reports
    /// does not depend on which chapters the same shaper set before it).
    pub fn begin_chapter(&mut self) {
        self.reported.clear();
    }

    /// Shapes `text` (one word, or a short run) in a face; cached.
    pub fn shape(&mut self, face: FaceId, features: Features, text: &str) -> Arc<Shaped> {
        let shaped = match self.cache.get(&(face, features)).and_then(|m| m.get(text)) {
            Some(hit) => hit.clone(),
            None => {
                let shaped = self.shape_shared(face, features, text);
                self.cache
                    .entry((face, features))
                    .or_default()
                    .insert(text.into(), shaped.clone());
                shaped
            }
        };
        if !shaped.missing.is_empty() && self.reported.insert(((face, features), text.into())) {
            self.missing.extend(shaped.missing.iter().copied());
        }
        shaped
    }

    /// The word from the shared cache, shaped now (under its shard's lock,
    /// so once per book) if no shaper has yet.
    fn shape_shared(&mut self, face: FaceId, features: Features, text: &str) -> Arc<Shaped> {
        let shared = self.shared;
        let key = (self.slot, face, features);
        let mut shard = shared
            .shard(text)
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(hit) = shard.get(&key).and_then(|m| m.get(text)) {
            return hit.clone();
        }
        let mut shaped = self.shape_uncached(face, features, text);
        if shaped.glyphs.iter().any(|g| g.id == 0) {
            self.fall_back(&mut shaped, face, features, text);
        }
        let shaped = Arc::new(shaped);
        shared.shaped.fetch_add(1, Ordering::Relaxed);
        shard
            .entry(key)
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
    /// shaping of the same characters; records in the word what even that
    /// lacks.
    fn fall_back(&mut self, shaped: &mut Shaped, face: FaceId, features: Features, text: &str) {
        let has_fallback = self.shapers.len() > FALLBACK as usize && face != FALLBACK;
        let mut missing = BTreeSet::new();
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
                Some(self.shape_uncached(FALLBACK, features & !(SMCP | C2SC), piece))
            } else {
                None
            };
            match replacement {
                Some(rep) => {
                    for g in rep.glyphs {
                        let mut g = g;
                        if g.id == 0 {
                            let c = piece[g.cluster as usize..].chars().next();
                            missing.extend(c);
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
                    missing.extend(piece.chars());
                    out.extend_from_slice(&glyphs[i..j]);
                }
            }
            i = j;
        }
        shaped.width = out.iter().map(|g| g.advance).sum();
        shaped.glyphs = out;
        shaped.missing = missing.into_iter().collect();
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
        Shaped {
            glyphs,
            width,
            missing: Box::default(),
        }
    }
}

fn feature_list(features: Features) -> Vec<Feature> {
    let mut list = vec![
        Feature::new(Tag::new(b"kern"), 1, ..),
        Feature::new(Tag::new(b"liga"), 1, ..),
    ];
    for (flag, tag) in [
        (SMCP, b"smcp"),
        (ONUM, b"onum"),
        (SUPS, b"sups"),
        (C2SC, b"c2sc"),
    ] {
        if features & flag != 0 {
            list.push(Feature::new(Tag::new(tag), 1, ..));
        }
    }
    list
}

#[cfg(test)]
mod tests {
    use super::super::fonts::{Fonts, ITALIC, REGULAR, tests::default_settings};
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
        assert!(Arc::ptr_eq(&office, &again));
        assert!(shaper.has_sups(REGULAR));
    }

    #[test]
    fn shapers_on_several_threads_shape_each_word_once_for_the_book() {
        let settings = default_settings();
        let fonts = Fonts::load(&settings).unwrap();
        let words: Vec<String> = (0..400).map(|i| format!("word{}", i % 150)).collect();
        let widths: Vec<Vec<f32>> = std::thread::scope(|s| {
            let jobs: Vec<_> = (0..3)
                .map(|_| {
                    s.spawn(|| {
                        let mut shaper = Shaper::new(&fonts, "en-US");
                        words
                            .iter()
                            .map(|w| shaper.shape(REGULAR, 0, w).width)
                            .collect::<Vec<f32>>()
                    })
                })
                .collect();
            jobs.into_iter().map(|j| j.join().unwrap()).collect()
        });
        // 150 distinct words, set 400 times on each of three threads.
        assert_eq!(fonts.shapes.shaped(), 150);
        assert!(widths.iter().all(|w| w == &widths[0]));
        assert!(widths[0].iter().all(|&w| w > 1.0));
        // The same word in another face or with other features is another.
        Shaper::new(&fonts, "en-US").shape(ITALIC, 0, "word1");
        Shaper::new(&fonts, "en-US").shape(REGULAR, SMCP, "word1");
        assert_eq!(fonts.shapes.shaped(), 152);
    }

    #[test]
    fn a_missing_character_is_reported_once_a_chapter() {
        let settings = default_settings();
        let fonts = Fonts::load(&settings).unwrap();
        let mut shaper = Shaper::new(&fonts, "en");
        shaper.shape(REGULAR, 0, "x\u{E000}");
        shaper.shape(REGULAR, 0, "x\u{E000}");
        assert_eq!(shaper.take_missing(), BTreeSet::from(['\u{E000}']));
        shaper.shape(REGULAR, 0, "x\u{E000}");
        assert!(shaper.take_missing().is_empty());
        // Another shaper (another thread) meets the word already shaped.
        let mut other = Shaper::new(&fonts, "en");
        other.shape(REGULAR, 0, "x\u{E000}");
        assert_eq!(other.take_missing(), BTreeSet::from(['\u{E000}']));
        shaper.begin_chapter();
        shaper.shape(REGULAR, 0, "x\u{E000}");
        assert_eq!(shaper.take_missing(), BTreeSet::from(['\u{E000}']));
        assert_eq!(fonts.shapes.shaped(), 1);
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
