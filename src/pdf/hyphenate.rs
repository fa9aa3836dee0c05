//! Language-aware hyphenation with the `hyphenation` crate's embedded Liang
//! patterns, plus the fixes measured on real text: possessives, dashes,
//! existing hyphens, URLs, digits, a built-in exception list per language
//! and the user's exceptions.
//!
//! Measured against a dictionary (`tests/hyphenation.rs`, 659 common words
//! of Moby Hyphenator II): the en-GB patterns put 293 of their 1,176 breaks
//! where no dictionary would (`appoin-ted`, `instruc-ted`, `dir-ection`),
//! the en-US patterns 30 of 1,198, so British English uses the American
//! patterns; a break after a lone consonant (`aca-d-emic`, `ma-ter-ial`,
//! artefacts of the extended en-US patterns) is dropped; the built-in
//! exceptions fix the breaks readers stumble on (`ade-quate`,
//! `un-derstanding`, `re-action`).
//!
//! A "word" handed to [`Hyphenator::points`] is the text between two spaces,
//! as it appears in the source: it may carry quotes and punctuation
//! (`“workers”,`), a possessive (`Bolshevism’s`), dashes
//! (`revolution—the`) or hyphens (`well-known`). Only the letters are looked
//! up in the patterns; the offsets returned are byte offsets into the word
//! as given.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use hyphenation::{Hyphenator as _, Language, Load, Standard};

/// Fewest characters left before a hyphen (TeX's `\lefthyphenmin`).
pub const LEFT_MIN: usize = 2;
/// Fewest characters carried after a hyphen (TeX's `\righthyphenmin`).
pub const RIGHT_MIN: usize = 3;

/// A place inside a word where a line may break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Point {
    /// Byte offset into the word: the line ends before it.
    pub offset: usize,
    /// Whether a hyphen must be drawn at the line end (false after an
    /// existing hyphen or dash, which already shows).
    pub insert_hyphen: bool,
}

/// One language's patterns, loaded once, plus the book's exceptions.
#[derive(Debug)]
pub struct Hyphenator {
    language: Language,
    dictionary: Arc<Standard>,
    /// Lowercased exception word (hyphens removed) → the marked positions,
    /// counted in characters from the word's start.
    exceptions: HashMap<String, Exception>,
    /// Words already looked up: a book repeats its words, and a pattern
    /// lookup costs about a microsecond.
    memo: Mutex<HashMap<Box<str>, Box<[Point]>>>,
    /// Drop a pattern break that follows a lone consonant (English patterns,
    /// see [`is_lone_consonant`]).
    drop_lone_consonants: bool,
}

/// A user exception: where `Bol-she-vism` may break.
#[derive(Debug, Clone)]
struct Exception {
    /// Number of characters of the word (positions are only applied to a
    /// word of the same length, so case folding can never misplace them).
    chars: usize,
    /// Character counts before each permitted break.
    breaks: Vec<usize>,
}

impl Hyphenator {
    /// Loads the patterns for a BCP 47 tag (`en-US`, `fr`, `de-DE`...).
    /// `None` when no patterns exist for the language.
    ///
    /// `exceptions` are words written with hyphens where they may break
    /// (`"Bol-she-vism"`, no hyphen at all forbids breaking the word); they
    /// replace the patterns for that word, case-insensitively, and also
    /// apply to its possessive (`Bolshevism’s`).
    ///
    /// The patterns of each language are deserialised once per process and
    /// shared between hyphenators.
    pub fn new(language: &str, exceptions: &[String]) -> Option<Hyphenator> {
        let language = crate::lang::hyphenation_language(language)?;
        let dictionary = dictionary(patterns_for(language))?;
        // The user's exceptions come last, so they replace built-in ones.
        let exceptions = builtin_exceptions(language)
            .iter()
            .copied()
            .chain(exceptions.iter().map(String::as_str))
            .filter_map(parse_exception)
            .collect();
        Some(Hyphenator {
            language,
            dictionary,
            exceptions,
            memo: Mutex::default(),
            drop_lone_consonants: patterns_for(language) == Language::EnglishUS,
        })
    }

    /// The language chosen for the tag given to [`Hyphenator::new`] (its
    /// patterns may be another's: see [`patterns_for`]).
    pub fn language(&self) -> Language {
        self.language
    }

    /// The break points of a word (text between spaces, possibly containing
    /// dashes, hyphens and trailing punctuation), in increasing offset order.
    ///
    /// - URLs, e-mail addresses, paths and identifiers (`://`, `@`, `/`, `_`,
    ///   `www.`) get no break points at all.
    /// - An em or en dash (or figure dash, horizontal bar) is a break point
    ///   after itself, without an added hyphen; the text on each side is
    ///   hyphenated on its own.
    /// - A part already containing a hyphen breaks only after its hyphens
    ///   (no added hyphen); a non-breaking hyphen (U+2011) never breaks.
    /// - A part containing soft hyphens (U+00AD) breaks only after them (with
    ///   a drawn hyphen; the caller should not draw the soft hyphens).
    /// - Quotes, brackets and punctuation around the letters and a
    ///   possessive `’s` are left out of the lookup; parts with digits or
    ///   other symbols, and all-capital acronyms, are not hyphenated.
    /// - At least [`LEFT_MIN`] characters stay before and [`RIGHT_MIN`]
    ///   go after a hyphen (user exceptions excepted: they are taken as
    ///   written).
    pub fn points(&self, word: &str) -> Vec<Point> {
        let mut memo = self
            .memo
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(points) = memo.get(word) {
            return points.to_vec();
        }
        let points = self.compute_points(word);
        memo.insert(word.into(), points.clone().into_boxed_slice());
        points
    }

    /// [`Hyphenator::points`] without the memo.
    fn compute_points(&self, word: &str) -> Vec<Point> {
        let mut points = Vec::new();
        if is_unbreakable_token(word) {
            return points;
        }
        let mut segment_start = 0;
        for (i, c) in word.char_indices() {
            if !is_dash(c) {
                continue;
            }
            self.segment_points(word, segment_start, i, &mut points);
            let after = i + c.len_utf8();
            let rest = &word[after..];
            let next_is_dash = rest.chars().next().is_some_and(is_dash);
            if !next_is_dash
                && word[..i].chars().any(char::is_alphanumeric)
                && rest.chars().any(char::is_alphanumeric)
            {
                points.push(Point {
                    offset: after,
                    insert_hyphen: false,
                });
            }
            segment_start = after;
        }
        self.segment_points(word, segment_start, word.len(), &mut points);
        points
    }

    /// Break points of `word[start..end]`, a part without dashes.
    fn segment_points(&self, word: &str, start: usize, end: usize, out: &mut Vec<Point>) {
        let segment = &word[start..end];
        if segment.is_empty() {
            return;
        }
        if segment.contains(is_hyphen) {
            breaks_after(segment, start, is_hyphen, false, out);
            return;
        }
        if segment.contains(SOFT_HYPHEN) {
            breaks_after(segment, start, |c| c == SOFT_HYPHEN, true, out);
            return;
        }
        let Some((core_start, core)) = letters_core(segment) else {
            return;
        };
        let base = start + core_start;
        if !self.exceptions.is_empty()
            && let Some(exception) = self.exceptions.get(&core.to_lowercase())
        {
            apply_exception(core, base, exception, out);
            return;
        }
        if !core.chars().all(|c| is_letter(c) || is_apostrophe(c)) {
            return;
        }
        // Elisions and contractions (l’économie, o’clock): hyphenate each
        // apostrophe-separated piece on its own.
        let mut piece_start = 0;
        for (i, c) in core.char_indices().chain([(core.len(), ' ')]) {
            if i < core.len() && !is_apostrophe(c) {
                continue;
            }
            let piece = &core[piece_start..i];
            self.piece_points(piece, base + piece_start, out);
            piece_start = i + c.len_utf8();
        }
    }

    /// Pattern break points of a run of letters.
    fn piece_points(&self, piece: &str, base: usize, out: &mut Vec<Point>) {
        if piece.chars().count() < LEFT_MIN + RIGHT_MIN || is_acronym(piece) {
            return;
        }
        let hyphenated = self.dictionary.hyphenate(piece);
        let mut last: Option<usize> = None;
        for b in hyphenated.breaks {
            if b == 0 || b >= piece.len() || !piece.is_char_boundary(b) {
                continue;
            }
            if self.drop_lone_consonants
                && let Some(l) = last
                && is_lone_consonant(&piece[l..b])
            {
                continue;
            }
            last = Some(b);
            out.push(Point {
                offset: base + b,
                insert_hyphen: true,
            });
        }
    }
}

/// Whether `fragment` (the letters between two pattern breaks) is a single
/// consonant: no syllable is, so the second break is an artefact of the
/// patterns (`aca-d-emic`, `ma-te-r-ial`, `de-mo-c-rat`) and is dropped; the
/// first (`aca-demic`, `mate-rial`) is the syllable boundary.
fn is_lone_consonant(fragment: &str) -> bool {
    let mut chars = fragment.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => c.is_ascii_alphabetic() && !"aeiouyAEIOUY".contains(c),
        _ => false,
    }
}

/// The patterns a language is hyphenated with: its own, except British
/// English, whose patterns break against every dictionary (`appoin-ted`,
/// `instruc-ted`, `dir-ection`, `repres-enting`; 24.9 % of their breaks on
/// `tests/hyphenation.rs`'s word list, against 2.5 % for the en-US ones,
/// which give `ap-point-ed`, `in-struct-ed`, `di-rec-tion`,
/// `rep-re-sent-ing`, good British breaks too).
pub fn patterns_for(language: Language) -> Language {
    match language {
        Language::EnglishGB => Language::EnglishUS,
        other => other,
    }
}

/// Words whose pattern breaks mislead the reader, written as the user's
/// exceptions are (`under-stand-ing`): a break that reads as another word
/// (`re-action`) or splits the stem (`un-derstanding`, `ade-quate`). The
/// book's own `[hyphenation] exceptions` replace these.
fn builtin_exceptions(language: Language) -> &'static [&'static str] {
    match patterns_for(language) {
        Language::EnglishUS => ENGLISH_EXCEPTIONS,
        _ => &[],
    }
}

const ENGLISH_EXCEPTIONS: &[&str] = &[
    "aca-dem-ic",
    "aca-dem-ics",
    "aca-dem-i-cal",
    "aca-dem-i-cally",
    "ad-equate",
    "ad-equately",
    "ad-equacy",
    "inad-equate",
    "inad-equately",
    "inad-equacy",
    "under-stand",
    "under-stands",
    "under-stand-ing",
    "under-stand-ings",
    "under-stand-able",
    "under-stand-ably",
    "under-stood",
    "misunder-stand",
    "misunder-stand-ing",
    "misunder-stand-ings",
    "misunder-stood",
    "reac-tion",
    "reac-tions",
    "reac-tion-ary",
    "reac-tion-ar-ies",
    "reac-tive",
    "reac-tor",
    "reac-tors",
];

const SOFT_HYPHEN: char = '\u{AD}';

/// The break opportunities UAX #14 gives inside a word of a script written
/// without spaces between words (Chinese, Japanese, Korean) or at a
/// zero-width space; none in other words, whose breaks are the
/// hyphenator's (UAX #14 would also break URLs after every slash).
/// Linear in the word's length, however long: a whole paragraph of
/// ideographs is one "word" between spaces.
pub fn script_breaks(word: &str) -> Vec<Point> {
    use unicode_linebreak::{BreakClass, break_property};
    let needs = |c: char| {
        matches!(
            break_property(u32::from(c)),
            BreakClass::Ideographic
                | BreakClass::ConditionalJapaneseStarter
                | BreakClass::HangulLvSyllable
                | BreakClass::HangulLvtSyllable
                | BreakClass::HangulLJamo
                | BreakClass::HangulVJamo
                | BreakClass::HangulTJamo
                | BreakClass::ZeroWidthSpace
        )
    };
    if !word.chars().any(needs) {
        return Vec::new();
    }
    unicode_linebreak::linebreaks(word)
        .filter(|&(offset, _)| offset > 0 && offset < word.len())
        .map(|(offset, _)| Point {
            offset,
            insert_hyphen: false,
        })
        .collect()
}

/// The shared, once-loaded patterns of a language, with the minima raised to
/// at least [`LEFT_MIN`]/[`RIGHT_MIN`].
fn dictionary(language: Language) -> Option<Arc<Standard>> {
    static LOADED: OnceLock<Mutex<HashMap<Language, Arc<Standard>>>> = OnceLock::new();
    let loaded = LOADED.get_or_init(Default::default);
    let mut loaded = loaded
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(dictionary) = loaded.get(&language) {
        return Some(Arc::clone(dictionary));
    }
    let mut dictionary = Standard::from_embedded(language).ok()?;
    dictionary.minima = (
        dictionary.minima.0.max(LEFT_MIN),
        dictionary.minima.1.max(RIGHT_MIN),
    );
    let dictionary = Arc::new(dictionary);
    loaded.insert(language, Arc::clone(&dictionary));
    Some(dictionary)
}

/// Parses `Bol-she-vism` (or `Bol-she-vism’s`) into its lookup key and
/// marked positions. `None` for an exception with no letters.
fn parse_exception(text: &str) -> Option<(String, Exception)> {
    let text = strip_possessive(text.trim());
    let mut letters = String::new();
    let mut breaks = Vec::new();
    let mut chars = 0;
    for c in text.chars() {
        if is_hyphen(c) {
            if chars > 0 && breaks.last() != Some(&chars) {
                breaks.push(chars);
            }
        } else {
            letters.push(c);
            chars += 1;
        }
    }
    breaks.retain(|&b| b < chars);
    if letters.is_empty() {
        return None;
    }
    Some((letters.to_lowercase(), Exception { chars, breaks }))
}

/// Turns an exception's character positions into points of `core`.
fn apply_exception(core: &str, base: usize, exception: &Exception, out: &mut Vec<Point>) {
    if core.chars().count() != exception.chars {
        return;
    }
    let offsets: Vec<usize> = core.char_indices().map(|(i, _)| i).collect();
    out.extend(exception.breaks.iter().filter_map(|&b| {
        offsets.get(b).map(|&offset| Point {
            offset: base + offset,
            insert_hyphen: true,
        })
    }));
}

/// Break points after each separator found by `is_separator` in `segment`,
/// where letters or digits stand on both sides.
fn breaks_after(
    segment: &str,
    base: usize,
    is_separator: impl Fn(char) -> bool,
    insert_hyphen: bool,
    out: &mut Vec<Point>,
) {
    for (i, c) in segment.char_indices() {
        if !is_separator(c) {
            continue;
        }
        let after = i + c.len_utf8();
        let rest = &segment[after..];
        if rest.chars().next().is_some_and(&is_separator) {
            continue;
        }
        if segment[..i].chars().any(char::is_alphanumeric)
            && rest.chars().any(char::is_alphanumeric)
        {
            out.push(Point {
                offset: base + after,
                insert_hyphen,
            });
        }
    }
}

/// The letters of a dash-free part without surrounding punctuation and
/// possessive, with its byte offset in the part. `None` if no letters.
fn letters_core(segment: &str) -> Option<(usize, &str)> {
    let start = segment.find(|c: char| c.is_alphanumeric())?;
    let trimmed = &segment[start..];
    let end = trimmed
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_alphanumeric() || is_combining_mark(c))
        .map(|(i, c)| i + c.len_utf8())?;
    let core = strip_possessive(&trimmed[..end]);
    let core = core.trim_end_matches(|c: char| !(c.is_alphanumeric() || is_combining_mark(c)));
    (!core.is_empty()).then_some((start, core))
}

/// `Bolshevism’s` → `Bolshevism`; anything else unchanged.
fn strip_possessive(word: &str) -> &str {
    for suffix in ["'s", "’s", "'S", "’S", "ʼs"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && stem.chars().next_back().is_some_and(char::is_alphabetic)
        {
            return stem;
        }
    }
    word
}

/// URLs, e-mail addresses, file paths and code identifiers.
fn is_unbreakable_token(word: &str) -> bool {
    word.contains("://")
        || word.contains(['@', '/', '\\', '_'])
        || word.to_ascii_lowercase().starts_with("www.")
}

fn is_dash(c: char) -> bool {
    matches!(c, '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}')
}

/// Hyphens a line may break after (not U+2011, the non-breaking hyphen).
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}')
}

fn is_letter(c: char) -> bool {
    c.is_alphabetic() || is_combining_mark(c)
}

/// `USSR`, `NATO`: all capitals, left whole.
fn is_acronym(piece: &str) -> bool {
    piece.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !piece.chars().any(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hyphenator(tag: &str) -> Hyphenator {
        Hyphenator::new(tag, &[]).expect("patterns for the language")
    }

    /// The word with `-` at inserted hyphens and `|` at plain breaks.
    fn marked(h: &Hyphenator, word: &str) -> String {
        let points = h.points(word);
        let mut out = String::new();
        let mut last = 0;
        for p in &points {
            assert!(word.is_char_boundary(p.offset), "{word}: {p:?}");
            assert!(p.offset > last || last == 0, "{word}: unordered {points:?}");
            out.push_str(&word[last..p.offset]);
            out.push(if p.insert_hyphen { '-' } else { '|' });
            last = p.offset;
        }
        out.push_str(&word[last..]);
        out
    }

    #[test]
    fn loads_every_required_language() {
        for tag in [
            "en-US", "en-GB", "fr", "de", "es", "it", "pt", "ru", "pl", "nl",
        ] {
            assert!(Hyphenator::new(tag, &[]).is_some(), "{tag}");
        }
    }

    #[test]
    fn american_english() {
        let h = hyphenator("en-US");
        assert_eq!(marked(&h, "hyphenation"), "hy-phen-a-tion");
        assert_eq!(marked(&h, "revolutionary"), "rev-o-lu-tion-ary");
        assert_eq!(marked(&h, "bureaucracy"), "bu-reau-cracy");
        // Case is irrelevant, offsets refer to the word as written.
        assert_eq!(marked(&h, "Revolutionary"), "Rev-o-lu-tion-ary");
        // Too short to hyphenate with 2/3 minima.
        assert_eq!(marked(&h, "into"), "into");
        assert_eq!(marked(&h, "the"), "the");
    }

    #[test]
    fn british_english_uses_the_american_patterns() {
        let h = hyphenator("en-GB");
        assert_eq!(h.language(), Language::EnglishGB);
        assert_eq!(marked(&h, "hyphenation"), "hy-phen-a-tion");
        assert_eq!(marked(&h, "revolutionary"), "rev-o-lu-tion-ary");
        // What the en-GB patterns broke (issue 12).
        assert_eq!(marked(&h, "appointed"), "ap-pointed");
        assert_eq!(marked(&h, "instructed"), "in-structed");
        assert_eq!(marked(&h, "direction"), "di-rec-tion");
        assert_eq!(marked(&h, "representing"), "rep-re-sent-ing");
    }

    #[test]
    fn no_break_after_a_lone_consonant() {
        let h = hyphenator("en-US");
        // The patterns give ma-te-r-ial, de-mo-c-rat.
        assert_eq!(marked(&h, "material"), "ma-te-rial");
        assert_eq!(marked(&h, "democrat"), "de-mo-crat");
        // Other languages' patterns are left as they are.
        assert_eq!(marked(&hyphenator("ru"), "революция"), "ре-во-лю-ция");
    }

    #[test]
    fn built_in_english_exceptions() {
        for tag in ["en-US", "en-GB", "en"] {
            let h = hyphenator(tag);
            assert_eq!(marked(&h, "adequate"), "ad-equate");
            assert_eq!(marked(&h, "Understanding,"), "Under-stand-ing,");
            assert_eq!(marked(&h, "reaction"), "reac-tion");
            assert_eq!(marked(&h, "reactionary"), "reac-tion-ary");
        }
        // The book's exceptions replace the built-in ones.
        let h = Hyphenator::new("en-US", &["re-action".to_string()]).expect("en-US");
        assert_eq!(marked(&h, "reaction"), "re-action");
        // French has none.
        assert_eq!(marked(&hyphenator("fr"), "réaction"), "ré-ac-tion");
    }

    #[test]
    fn french() {
        let h = hyphenator("fr");
        assert_eq!(marked(&h, "révolutionnaire"), "ré-vo-lu-tion-naire");
        assert_eq!(marked(&h, "bourgeoisie"), "bour-geoi-sie");
        // An elision: only the word after the apostrophe is hyphenated.
        assert_eq!(marked(&h, "l’économie"), "l’éco-no-mie");
    }

    #[test]
    fn german() {
        let h = hyphenator("de-DE");
        assert_eq!(
            marked(&h, "Genossenschaftsbewegung"),
            "Ge-nos-sen-schafts-be-we-gung"
        );
        // "rä-te" would leave two letters: right minimum 3.
        assert_eq!(marked(&h, "Arbeiterräte"), "Ar-bei-ter-räte");
    }

    #[test]
    fn russian() {
        let h = hyphenator("ru");
        assert_eq!(marked(&h, "революция"), "ре-во-лю-ция");
        // "ви-ки" would carry two letters: right minimum 3.
        assert_eq!(marked(&h, "большевики"), "боль-ше-вики");
    }

    #[test]
    fn possessive_is_not_hyphenated_into() {
        let h = hyphenator("en-US");
        let plain = marked(&h, "Bolshevism");
        assert_eq!(plain, "Bol-she-vism");
        for word in ["Bolshevism's", "Bolshevism’s", "Bolshevism’s,"] {
            let got = marked(&h, word);
            let suffix = &word["Bolshevism".len()..];
            assert_eq!(got, format!("{plain}{suffix}"), "{word}");
        }
    }

    #[test]
    fn dashes_split_words_and_are_break_points() {
        let h = hyphenator("en-US");
        assert_eq!(
            marked(&h, "revolutionary—bureaucracy"),
            "rev-o-lu-tion-ary—|bu-reau-cracy"
        );
        assert_eq!(marked(&h, "1917–1921"), "1917–|1921");
        // A dash at a word's edge is no break point.
        assert_eq!(marked(&h, "revolution—"), "rev-o-lu-tion—");
        assert_eq!(marked(&h, "—revolution"), "—rev-o-lu-tion");
        // No break inside a double dash, only after it.
        assert_eq!(marked(&h, "so——then"), "so——|then");
    }

    #[test]
    fn punctuation_and_quotes_are_excluded_from_lookup() {
        let h = hyphenator("en-US");
        assert_eq!(marked(&h, "“revolutionary”,"), "“rev-o-lu-tion-ary”,");
        assert_eq!(marked(&h, "(bureaucracy)."), "(bu-reau-cracy).");
        assert_eq!(marked(&h, "“workers”,"), "“work-ers”,");
    }

    #[test]
    fn minima_are_two_before_three_after() {
        for tag in [
            "en-US", "en-GB", "fr", "de", "ru", "es", "it", "pt", "pl", "nl",
        ] {
            let h = hyphenator(tag);
            for word in [
                "organization",
                "révolutionnaire",
                "Genossenschaftsbewegung",
                "революционеры",
                "aerodynamically",
            ] {
                let chars: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
                for p in h.points(word) {
                    let before = chars.iter().filter(|&&i| i < p.offset).count();
                    assert!(before >= LEFT_MIN, "{tag} {word} {p:?}");
                    assert!(chars.len() - before >= RIGHT_MIN, "{tag} {word} {p:?}");
                }
            }
        }
    }

    #[test]
    fn no_hyphenation_of_urls_digits_code() {
        let h = hyphenator("en-US");
        for word in [
            "https://example.org/revolutionary",
            "revolutionary@example.org",
            "bureaucracy/revolution",
            "revolutionary_bureaucracy",
            "www.revolutionary.org",
            "revolution1917",
            "USSR",
            "BUREAUCRACY",
        ] {
            assert_eq!(h.points(word), Vec::new(), "{word}");
        }
    }

    #[test]
    fn existing_hyphens_are_the_only_breaks() {
        let h = hyphenator("en-US");
        assert_eq!(
            marked(&h, "counter-revolutionary"),
            "counter-|revolutionary"
        );
        assert_eq!(marked(&h, "self-determination,"), "self-|determination,");
        assert_eq!(
            marked(&h, "non\u{2011}revolutionary"),
            "non\u{2011}revolutionary"
        );
        assert_eq!(marked(&h, "-revolutionary"), "-revolutionary");
    }

    #[test]
    fn soft_hyphens_are_the_only_breaks() {
        let h = hyphenator("en-US");
        assert_eq!(
            h.points("revo\u{AD}lutionary"),
            vec![Point {
                offset: "revo\u{AD}".len(),
                insert_hyphen: true
            }]
        );
    }

    #[test]
    fn user_exceptions_override_patterns() {
        let exceptions = vec!["Bol-she-vism".to_string(), "Petrograd".to_string()];
        let h = Hyphenator::new("en-US", &exceptions).expect("en-US");
        assert_eq!(marked(&h, "Bolshevism"), "Bol-she-vism");
        assert_eq!(marked(&h, "BOLSHEVISM"), "BOL-SHE-VISM");
        assert_eq!(marked(&h, "bolshevism’s"), "bol-she-vism’s");
        assert_eq!(marked(&h, "“Bolshevism’s”."), "“Bol-she-vism’s”.");
        assert_eq!(
            marked(&h, "Bolshevism—Petrograd"),
            "Bol-she-vism—|Petrograd"
        );
        // An exception written with a possessive applies to the bare word.
        let h = Hyphenator::new("en-US", &["Trot-sky’s".to_string()]).expect("en-US");
        assert_eq!(marked(&h, "Trotsky"), "Trot-sky");
    }

    #[test]
    fn exceptions_keep_char_boundaries() {
        let h = Hyphenator::new("fr", &["ré-vo-lu-tion".to_string()]).expect("fr");
        assert_eq!(marked(&h, "Révolution"), "Ré-vo-lu-tion");
        let h = Hyphenator::new("ru", &["ре-во-люция".to_string()]).expect("ru");
        assert_eq!(marked(&h, "Революция,"), "Ре-во-люция,");
    }

    #[test]
    fn odd_input_gives_ordered_points_inside_the_word() {
        let h = Hyphenator::new("en-US", &["-".to_string(), "’s".to_string()]).expect("en-US");
        for word in [
            "",
            "’s",
            "'",
            "—",
            "——",
            "-",
            "a-",
            "…",
            "“”",
            "re\u{301}volutionary",
            "😀revolutionary😀",
            "İstanbulization",
            "revolutionary’s’s",
            "x—y—z",
            "pre-—post",
            "ﬁnancialization",
            "supercalifragilisticexpialidocious-revolutionary",
        ] {
            let points = h.points(word);
            let mut last = 0;
            for p in &points {
                assert!(
                    p.offset > last && p.offset < word.len(),
                    "{word:?}: {points:?}"
                );
                assert!(word.is_char_boundary(p.offset), "{word:?}: {points:?}");
                last = p.offset;
            }
            assert_eq!(h.points(word), points, "memoised answer is the same");
        }
    }
}
