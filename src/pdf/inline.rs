//! From inline content to typeset lines: words become shaped boxes, spaces
//! glue, hyphenation points penalties; the Knuth–Plass breaker chooses the
//! breaks and this module turns them back into justified glyph lines.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use super::fonts::{BOLD, BOLD_ITALIC, FaceId, Fonts, ITALIC, MONO, REGULAR};
use super::hyphenate::{Hyphenator, Point, script_breaks};
use super::linebreak::{self, Item, Params};
use super::lines::{Line, LineImage, LineInfo, LinkSpan, MarkSpan, PGlyph, Stroke};
use super::links::{self, Target};
use super::microtype;
use super::shape::{Features, SMCP, SUPS, Shaped, Shaper};
use crate::model::{Book, Inline, NoteRefId, Pos};

/// A TeX-like "infinite" penalty cost, as the breakers understand it.
const INF: f32 = f32::INFINITY;
/// Cost of breaking at a hyphenation point (TeX's `\hyphenpenalty`, which
/// is 50: here a hyphen is worth a line about 1.6 times as loose as its
/// natural spacing, which keeps hyphenated lines near 6 % on the
/// benchmark's book; tests/typography.rs holds the figures).
const HYPHEN_COST: f32 = 400.0;
/// How far a word space stretches and shrinks at an adjustment ratio of 1,
/// as a share of its width: down to 0.8 of it at most, TeX's limit for EB
/// Garamond (tighter spaces make cramped lines), and 2.0 at the breaker's
/// tolerance of 2.
const SPACE_STRETCH: f32 = 0.5;
const SPACE_SHRINK: f32 = 0.2;
/// Letter spacing a justified line takes at an adjustment ratio of 1, in
/// ems per glyph, shared with its spaces (InDesign's letter-spacing range,
/// microtype's expansion): ±0.004 em is below what the eye sees and gives
/// a line of 60 glyphs about as much give as its spaces' shrink.
pub const TRACKING: f32 = 0.004;
/// The no-break space: a tie between two words, never a break (unless a
/// chain of them is long).
const TIE: char = '\u{A0}';
/// Cost of an emergency break inside a word too long for the measure.
const EMERGENCY_COST: f32 = 3000.0;
/// Cost of breaking a word too long for the measure after a slash, dot,
/// hyphen or underscore (URLs, paths): preferred to any other place.
const SEPARATOR_COST: f32 = 100.0;
/// Size of inline code relative to the text around it.
pub const CODE_SCALE: f32 = 0.82;

/// How a run of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub italic: bool,
    pub bold: bool,
    pub mono: bool,
    pub features: Features,
    /// Size in points.
    pub size: f32,
    /// Baseline shift upwards in points.
    pub rise: f32,
    /// Struck through (`~~text~~`).
    pub strike: bool,
}

impl Style {
    /// How an element of the author's raw HTML sets its content in print
    /// (the rest — `<span>`, `<abbr>`, `<u>` — as the text around it).
    pub fn for_element(self, name: &str) -> Style {
        match name {
            "em" | "i" | "cite" | "var" | "dfn" => self.italicised(),
            "strong" | "b" => Style { bold: true, ..self },
            "s" | "del" => Style {
                strike: true,
                ..self
            },
            "sup" => self.superior(),
            "sub" => self.inferior(),
            "code" | "kbd" | "samp" => self.code(),
            "small" => Style {
                size: self.size * 0.85,
                ..self
            },
            _ => self,
        }
    }

    /// Superior text (`^x^`, `<sup>`).
    pub fn superior(self) -> Style {
        self.shifted(0.38)
    }

    /// Inferior text (`~x~`, `<sub>`).
    pub fn inferior(self) -> Style {
        self.shifted(-0.14)
    }

    /// Italic toggled (emphasis inside italics is upright).
    pub fn italicised(self) -> Style {
        Style {
            italic: !self.italic,
            ..self
        }
    }

    /// Superior or inferior text: smaller, raised by `rise` ems (negative:
    /// lowered).
    fn shifted(self, rise: f32) -> Style {
        Style {
            size: self.size * 0.65,
            rise: self.rise + self.size * rise,
            ..self
        }
    }

    /// Inline code: Source Code Pro's x-height is much larger than EB
    /// Garamond's, 0.82 of the size matches them.
    pub fn code(self) -> Style {
        Style {
            mono: true,
            size: self.size * CODE_SCALE,
            ..self
        }
    }

    pub fn new(size: f32) -> Style {
        Style {
            italic: false,
            bold: false,
            mono: false,
            features: 0,
            size,
            rise: 0.0,
            strike: false,
        }
    }

    pub fn face(&self) -> FaceId {
        match (self.mono, self.bold, self.italic) {
            (true, _, _) => MONO,
            (false, true, true) => BOLD_ITALIC,
            (false, true, false) => BOLD,
            (false, false, true) => ITALIC,
            (false, false, false) => REGULAR,
        }
    }
}

/// How a paragraph's lines are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Justify,
    Left,
    Center,
}

/// What a paragraph is set to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParaSpec {
    pub style: Style,
    pub measure: f32,
    /// First-line indent in points.
    pub indent: f32,
    pub align: Align,
    pub hyphenate: bool,
    /// Body text (counts for statistics and widow/orphan checks).
    pub body: bool,
}

/// The engine's state shared by every paragraph of the book: shaper with
/// its word cache, hyphenator with its own cache, breaker parameters.
pub struct Typesetter<'b, 'f> {
    pub book: &'b Book,
    pub fonts: &'f Fonts<'f>,
    pub shaper: Shaper<'f>,
    hyphenator: Option<Hyphenator>,
    points: HashMap<Box<str>, Vec<Point>>,
    pub params: Params,
    /// Words still to set in small capitals: the opening words of a
    /// chapter (set by the flow before its first paragraph).
    pub small_caps_words: usize,
    /// Characters no face has, with where their text stands in the
    /// sources, since the flow last took them (for its warnings).
    pub missing: Vec<(char, Pos)>,
}

#[derive(Debug, Clone)]
enum Payload {
    None,
    Glyphs {
        style: Style,
        shaped: Arc<Shaped>,
        glyphs: Range<u32>,
        /// The fragment's text in the paragraph's text buffer.
        text: Range<u32>,
        /// The shaped word's start in the text buffer (clusters are
        /// relative to it).
        word_start: u32,
        note: Option<NoteRefId>,
        link: Option<u32>,
    },
    Space(Style),
    Hyphen(Style),
    /// An image set in the line, `w` × `h` points.
    Image {
        style: Style,
        asset: usize,
        w: f32,
        h: f32,
        link: Option<u32>,
    },
}

/// A paragraph under construction.
struct Builder {
    items: Vec<Item>,
    payloads: Vec<Payload>,
    text: String,
    links: Vec<Target>,
}

/// Ends a line here, ragged: a glue that can fill the rest of the measure,
/// then a forced break (a hard line break, or the paragraph's end).
fn end_line(b: &mut Builder, measure: f32) {
    b.push(
        Item::Glue {
            width: 0.0,
            stretch: measure * 100.0,
            shrink: 0.0,
        },
        Payload::None,
    );
    b.push(
        Item::Penalty {
            width: 0.0,
            cost: f32::NEG_INFINITY,
            flagged: false,
        },
        Payload::None,
    );
}

impl Builder {
    fn push(&mut self, item: Item, payload: Payload) {
        self.items.push(item);
        self.payloads.push(payload);
    }
}

impl<'b, 'f> Typesetter<'b, 'f> {
    pub fn new(book: &'b Book, fonts: &'f Fonts<'f>) -> Typesetter<'b, 'f> {
        let hy = &book.settings.hyphenation;
        let lang = if hy.language.is_empty() {
            book.meta.language.as_str()
        } else {
            hy.language.as_str()
        };
        let hyphenator = if hy.enabled {
            Hyphenator::new(lang, &hy.exceptions)
        } else {
            None
        };
        Typesetter {
            book,
            fonts,
            shaper: Shaper::new(fonts, &book.meta.language),
            hyphenator,
            points: HashMap::new(),
            params: Params::default(),
            small_caps_words: 0,
            missing: Vec::new(),
        }
    }

    /// Sets inline content as a paragraph of lines.
    pub fn paragraph(&mut self, inlines: &[Inline], spec: &ParaSpec) -> Vec<Line> {
        let mut b = Builder {
            items: Vec::new(),
            payloads: Vec::new(),
            text: String::new(),
            links: Vec::new(),
        };
        if spec.indent > 0.0 {
            b.push(Item::Box { width: spec.indent }, Payload::None);
        }
        self.walk(&mut b, inlines, spec.style, spec, None);
        self.finish(b, spec)
    }

    /// Sets one plain string (a title, a running head, a caption) as a
    /// paragraph.
    pub fn text(&mut self, text: &str, spec: &ParaSpec) -> Vec<Line> {
        self.paragraph(&[Inline::text(text)], spec)
    }

    /// The advance of a string in a style, in points (no line breaking).
    pub fn measure(&mut self, text: &str, style: Style) -> f32 {
        text.split(' ')
            .map(|w| self.shaper.shape(style.face(), style.features, w).width * style.size)
            .sum::<f32>()
            + self.space_width(style) * text.matches(' ').count() as f32
    }

    fn space_width(&mut self, style: Style) -> f32 {
        self.shaper.shape(style.face(), 0, " ").width * style.size
    }

    fn walk(
        &mut self,
        b: &mut Builder,
        inlines: &[Inline],
        style: Style,
        spec: &ParaSpec,
        link: Option<u32>,
    ) {
        for inline in inlines {
            match inline {
                Inline::Text { text, pos } => {
                    self.push_text(b, text, style, spec, link);
                    self.note_missing(text, *pos);
                }
                Inline::Emphasis(c) => self.walk(b, c, style.italicised(), spec, link),
                Inline::Strong(c) => {
                    let s = Style {
                        bold: true,
                        ..style
                    };
                    self.walk(b, c, s, spec, link);
                }
                Inline::Strikethrough(c) => {
                    let s = Style {
                        strike: true,
                        ..style
                    };
                    self.walk(b, c, s, spec, link);
                }
                Inline::Superscript(c) => self.walk(b, c, style.superior(), spec, link),
                Inline::Subscript(c) => self.walk(b, c, style.inferior(), spec, link),
                Inline::Code { text, pos } => {
                    let code_spec = ParaSpec {
                        hyphenate: false,
                        ..*spec
                    };
                    self.push_text(b, text, style.code(), &code_spec, link);
                    self.note_missing(text, *pos);
                }
                Inline::Link {
                    target, content, ..
                } => match links::target_of(self.book, target) {
                    Some(target) => {
                        b.links.push(target);
                        let id = (b.links.len() - 1) as u32;
                        self.walk(b, content, style, spec, Some(id));
                    }
                    None => self.walk(b, content, style, spec, link),
                },
                Inline::Image { asset, .. } => self.push_image(b, *asset, style, spec, link),
                Inline::NoteRef(r) => self.push_mark(b, *r, style),
                Inline::SoftBreak => self.push_space(b, style),
                Inline::HardBreak => {
                    trim_glue(b);
                    end_line(b, spec.measure);
                }
                Inline::Element { name, content, .. } => {
                    let s = style.for_element(name);
                    if *name == "q" {
                        self.push_text(b, "\u{201C}", s, spec, link);
                        self.walk(b, content, s, spec, link);
                        self.push_text(b, "\u{201D}", s, spec, link);
                    } else {
                        self.walk(b, content, s, spec, link);
                    }
                }
                // Lowered by the resolve pass: never reaches a backend.
                Inline::Html { .. } => {}
            }
        }
    }

    /// Records the characters no face had while `text` (written at `pos`)
    /// was shaped, each at its own column when the text is one line.
    fn note_missing(&mut self, text: &str, pos: Pos) {
        for c in self.shaper.take_missing() {
            let at = text
                .split('\n')
                .next()
                .and_then(|first| first.chars().position(|x| x == c))
                .map_or(pos, |k| Pos {
                    col: pos.col + k as u32,
                    ..pos
                });
            self.missing.push((c, at));
        }
    }

    fn push_text(
        &mut self,
        b: &mut Builder,
        text: &str,
        style: Style,
        spec: &ParaSpec,
        link: Option<u32>,
    ) {
        for (i, word) in text.split([' ', '\n', '\t', '\r']).enumerate() {
            if i > 0 {
                self.push_space(b, style);
            }
            // No-break spaces tie words: each word is set (and hyphenated)
            // on its own, the space between them stretches like any other
            // but is no place to break (a chain of them set as one rigid
            // word made lines loose).
            for (j, part) in word.split(TIE).enumerate() {
                if j > 0
                    && !b.items.is_empty()
                    && !matches!(b.items.last(), Some(Item::Glue { .. }))
                {
                    // A tie: a space behind an infinite penalty. (The
                    // narrow and figure spaces, U+202F and U+2007, are
                    // rigid and stay inside their word, as French spacing
                    // wants.)
                    b.push(
                        Item::Penalty {
                            width: 0.0,
                            cost: INF,
                            flagged: false,
                        },
                        Payload::None,
                    );
                    self.push_space(b, style);
                }
                if !part.is_empty() {
                    self.push_word(b, part, style, spec, link);
                }
            }
        }
    }

    /// An image inside a line of text: set at its natural size (CSS pixels,
    /// 0.75 pt) but no taller than the type (an em) nor wider than the
    /// measure, so the line keeps the baseline grid, like a glyph.
    fn push_image(
        &mut self,
        b: &mut Builder,
        asset: usize,
        style: Style,
        spec: &ParaSpec,
        link: Option<u32>,
    ) {
        let Some(a) = self.book.assets.get(asset) else {
            return;
        };
        let (nw, nh) = (a.width.max(1) as f32 * 0.75, a.height.max(1) as f32 * 0.75);
        let scale = (style.size / nh).min(spec.measure / nw).min(1.0);
        let (w, h) = (nw * scale, nh * scale);
        let image = Payload::Image {
            style,
            asset,
            w,
            h,
            link,
        };
        b.push(Item::Box { width: w }, image);
    }

    /// A space glyph `w` points wide at `x` on `line`.
    fn push_blank(&mut self, line: &mut Line, style: Style, x: f32, w: f32) {
        let space = self.shaper.shape(style.face(), 0, " ");
        if let Some(g) = space.glyphs.first() {
            let start = line.text.len();
            line.text.push(' ');
            let glyph = PGlyph::new(g.id, start..line.text.len(), w / style.size, 0.0, 0.0);
            line.push_glyph(g.face, style.size, style.rise, x, glyph);
        }
    }

    fn push_space(&mut self, b: &mut Builder, style: Style) {
        if b.items.is_empty() || matches!(b.items.last(), Some(Item::Glue { .. })) {
            return;
        }
        let w = self.space_width(style);
        b.push(
            Item::Glue {
                width: w,
                stretch: w * SPACE_STRETCH,
                shrink: w * SPACE_SHRINK,
            },
            Payload::Space(style),
        );
    }

    fn push_mark(&mut self, b: &mut Builder, r: NoteRefId, style: Style) {
        let number = self.book.note(r.note).number.to_string();
        let face = Style {
            mono: false,
            ..style
        }
        .face();
        let mark = if self.shaper.has_sups(face) {
            Style {
                mono: false,
                features: style.features | SUPS,
                ..style
            }
        } else {
            Style {
                mono: false,
                size: style.size * 0.6,
                rise: style.size * 0.33,
                ..style
            }
        };
        let start = b.text.len() as u32;
        b.text.push_str(&number);
        let shaped = self.shaper.shape(mark.face(), mark.features, &number);
        b.push(
            Item::Box {
                width: shaped.width * mark.size,
            },
            Payload::Glyphs {
                style: mark,
                glyphs: 0..shaped.glyphs.len() as u32,
                shaped,
                text: start..b.text.len() as u32,
                word_start: start,
                note: Some(r),
                link: None,
            },
        );
    }

    fn push_word(
        &mut self,
        b: &mut Builder,
        word: &str,
        style: Style,
        spec: &ParaSpec,
        link: Option<u32>,
    ) {
        let mut style = style;
        if self.small_caps_words > 0 && !style.mono {
            self.small_caps_words -= 1;
            style.features |= SMCP;
            if word.ends_with(['.', ',', ';', ':', '!', '?', '—']) {
                self.small_caps_words = 0;
            }
        }
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
        let hyphen = if all.iter().any(|(_, p, _)| p.insert_hyphen) {
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
            let (cost, w) = if emergency {
                let after = word[..p.offset].chars().next_back();
                if after.is_some_and(|c| "/.-_?&=#:,\\".contains(c)) {
                    (SEPARATOR_COST, 0.0)
                } else {
                    (EMERGENCY_COST, 0.0)
                }
            } else if p.insert_hyphen {
                (HYPHEN_COST, hyphen)
            } else {
                (0.0, 0.0)
            };
            b.push(
                Item::Penalty {
                    width: w,
                    cost,
                    flagged: p.insert_hyphen,
                },
                if p.insert_hyphen {
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
    fn break_points(&mut self, word: &str, hyphenate: bool) -> Vec<Point> {
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

    /// Ends the paragraph, breaks it and builds its lines.
    fn finish(&mut self, mut b: Builder, spec: &ParaSpec) -> Vec<Line> {
        trim_glue(&mut b);
        if b.items.is_empty() {
            return Vec::new();
        }
        // A chain of ties wider than a third of the measure may break at
        // its ties after all, at an emergency's cost, rather than leave a
        // line looser than the tolerance or sticking out ("Mr. Pepys" never
        // breaks; forty tied words do).
        let mut ties = Vec::new();
        let mut run = 0.0f32;
        for i in 0..=b.items.len() {
            let (legal, width) = match b.items.get(i) {
                Some(&Item::Box { width }) => (false, width),
                Some(&Item::Glue { width, .. }) => {
                    (i > 0 && matches!(b.items[i - 1], Item::Box { .. }), width)
                }
                Some(&Item::Penalty { cost, .. }) if cost < INF => (true, 0.0),
                Some(Item::Penalty { .. }) => {
                    if matches!(b.payloads.get(i + 1), Some(Payload::Space(_))) {
                        ties.push(i);
                    }
                    (false, 0.0)
                }
                None => (true, 0.0),
            };
            if legal {
                if run > spec.measure / 3.0 {
                    for &t in &ties {
                        if let Item::Penalty { cost, .. } = &mut b.items[t] {
                            *cost = EMERGENCY_COST;
                        }
                    }
                }
                ties.clear();
                run = 0.0;
            } else {
                run += width;
            }
        }
        if spec.align == Align::Justify {
            // Margin kerning: what each break lets the line's last glyph,
            // and each line start its first, hang into the margin.
            let glyph_text = |p: &Payload, last: bool| match p {
                Payload::Glyphs {
                    style,
                    shaped,
                    glyphs,
                    text,
                    note: None,
                    ..
                } if !glyphs.is_empty() => {
                    let t = &b.text[text.start as usize..text.end as usize];
                    let (c, g) = if last {
                        (t.chars().next_back(), glyphs.end - 1)
                    } else {
                        (t.chars().next(), glyphs.start)
                    };
                    c.map(|c| (c, shaped.glyphs[g as usize].advance * style.size))
                }
                _ => None,
            };
            let n = b.items.len();
            let mut right = vec![0.0f32; n];
            let mut left = vec![0.0f32; n];
            for i in 1..n {
                let after_box = matches!(b.items[i - 1], Item::Box { .. });
                match (b.items[i], &b.payloads[i]) {
                    (Item::Glue { .. }, Payload::Space(_)) if after_box => {
                        if let Some((c, w)) = glyph_text(&b.payloads[i - 1], true) {
                            right[i] = microtype::right_factor(c) * w;
                        }
                        if let Some(p) = b.payloads.get(i + 1)
                            && let Some((c, w)) = glyph_text(p, false)
                        {
                            left[i + 1] = microtype::left_factor(c) * w;
                        }
                    }
                    (
                        Item::Penalty {
                            width,
                            flagged: true,
                            ..
                        },
                        _,
                    ) => {
                        right[i] = microtype::right_factor('-') * width;
                    }
                    (Item::Penalty { cost, .. }, _) if after_box && cost < INF => {
                        if let Some((c, w)) = glyph_text(&b.payloads[i - 1], true) {
                            right[i] = microtype::right_factor(c) * w;
                        }
                    }
                    _ => {}
                }
            }
            if right.iter().chain(&left).all(|&p| p == 0.0) {
                // Nothing protrudes (text with no punctuation, CJK).
            } else {
                let (items, payloads) = microtype::apply(
                    std::mem::take(&mut b.items),
                    std::mem::take(&mut b.payloads),
                    &Payload::None,
                    &right,
                    &left,
                );
                b.items = items;
                b.payloads = payloads;
            }
        }
        b.push(
            Item::Penalty {
                width: 0.0,
                cost: INF,
                flagged: false,
            },
            Payload::None,
        );
        end_line(&mut b, spec.measure);
        let measure = spec.measure;
        // Letter spacing a justified line may take, glyph by glyph, at the
        // same ratio as its spaces (not in code or note marks).
        let flex: Vec<f32> = if spec.align == Align::Justify {
            b.payloads
                .iter()
                .map(|p| match p {
                    Payload::Glyphs {
                        style,
                        glyphs,
                        note: None,
                        ..
                    } if !style.mono => (glyphs.end - glyphs.start) as f32 * TRACKING * style.size,
                    _ => 0.0,
                })
                .collect()
        } else {
            Vec::new()
        };
        let breaks =
            linebreak::break_lines_flexible(&b.items, &flex, &|_| measure, &self.params).breaks;
        let mut lines = Vec::with_capacity(breaks.len());
        let mut start = 0usize;
        for br in &breaks {
            let end = br.index.min(b.items.len());
            while start < end && !matches!(b.items[start], Item::Box { .. }) {
                start += 1;
            }
            if start >= end {
                start = end + 1;
                continue;
            }
            let line = self.build_line(&b, &flex, start..end, spec);
            lines.push(line);
            start = end + 1;
        }
        let n = lines.len() as u32;
        for (i, line) in lines.iter_mut().enumerate() {
            line.info.para_line = i as u32;
            line.info.para_lines = n;
        }
        lines
    }

    fn build_line(
        &mut self,
        b: &Builder,
        flex: &[f32],
        range: Range<usize>,
        spec: &ParaSpec,
    ) -> Line {
        let (mut width, mut stretch, mut shrink) = (0.0f32, 0.0f32, 0.0f32);
        let mut spaces = 0u32;
        let mut fill = false;
        let mut letter_flex = 0.0f32;
        for (i, item) in b.items[range.clone()].iter().enumerate() {
            match *item {
                Item::Box { width: w } => {
                    width += w;
                    letter_flex += flex.get(range.start + i).copied().unwrap_or(0.0);
                }
                Item::Glue {
                    width: w,
                    stretch: s,
                    shrink: z,
                } => {
                    width += w;
                    stretch += s;
                    shrink += z;
                    if s > spec.measure {
                        fill = true;
                    } else {
                        spaces += 1;
                    }
                }
                Item::Penalty { .. } => {}
            }
        }
        stretch += letter_flex;
        shrink += letter_flex;
        let break_item = b.items.get(range.end);
        let hyphenated = matches!(break_item, Some(Item::Penalty { flagged: true, .. }));
        if let Some(Item::Penalty { width: w, .. }) = break_item {
            width += w;
        }
        let measure = spec.measure;
        let mut ratio = if width < measure {
            if stretch > 0.0 {
                (measure - width) / stretch
            } else {
                0.0
            }
        } else if width > measure && shrink > 0.0 {
            ((measure - width) / shrink).max(-1.0)
        } else {
            0.0
        };
        if spec.align != Align::Justify && ratio > 0.0 {
            ratio = 0.0;
        }
        let justified = spec.align == Align::Justify && !fill;
        let mut notdef = 0u32;
        let mut line = Line::default();
        let mut x = 0.0f32;
        for (idx, item) in b.items[range.clone()].iter().enumerate() {
            let payload = &b.payloads[range.start + idx];
            match (*item, payload) {
                (
                    Item::Box { width: w },
                    Payload::Glyphs {
                        style,
                        shaped,
                        glyphs,
                        text,
                        word_start,
                        note,
                        link,
                    },
                ) => {
                    let x_start = x;
                    let base = line.text.len();
                    line.text
                        .push_str(&b.text[text.start as usize..text.end as usize]);
                    let frag_end = (text.end - word_start) as usize;
                    let gl = &shaped.glyphs[glyphs.start as usize..glyphs.end as usize];
                    // This box's letter spacing, per glyph, in ems.
                    let box_flex = flex.get(range.start + idx).copied().unwrap_or(0.0);
                    let track = if box_flex > 0.0 && !gl.is_empty() {
                        ratio * box_flex / gl.len() as f32 / style.size
                    } else {
                        0.0
                    };
                    for (k, g) in gl.iter().enumerate() {
                        let c0 = g.cluster as usize;
                        let c1 = gl[k..]
                            .iter()
                            .map(|n| n.cluster as usize)
                            .find(|&c| c > c0)
                            .unwrap_or(frag_end);
                        let off = (text.start - word_start) as usize;
                        let r = base + c0.saturating_sub(off)..base + c1.saturating_sub(off);
                        if g.id == 0 {
                            notdef += 1;
                        }
                        line.push_glyph(
                            g.face,
                            style.size,
                            style.rise,
                            x,
                            PGlyph::new(g.id, r, g.advance + track, g.dx, g.dy),
                        );
                        x += (g.advance + track) * style.size;
                    }
                    x = x_start + w + track * style.size * gl.len() as f32;
                    if let Some(n) = note {
                        line.notes.push(*n);
                        line.marks.push(MarkSpan {
                            note: *n,
                            x0: x_start,
                            x1: x,
                        });
                    }
                    if style.strike {
                        self.strike(&mut line, *style, x_start, x);
                    }
                    if let Some(l) = link {
                        let target = &b.links[*l as usize];
                        match line.links.last_mut() {
                            Some(last) if last.target == *target => last.x1 = x,
                            _ => line.links.push(LinkSpan {
                                x0: x_start,
                                x1: x,
                                target: target.clone(),
                            }),
                        }
                    }
                }
                (
                    Item::Box { .. },
                    &Payload::Image {
                        style,
                        asset,
                        w,
                        h,
                        link,
                    },
                ) => {
                    line.images.push(LineImage { asset, x, w, h });
                    // A blank of the image's width holds its place in the
                    // glyph run (and reads as a space in the text layer).
                    self.push_blank(&mut line, style, x, w);
                    if let Some(l) = link {
                        line.links.push(LinkSpan {
                            x0: x,
                            x1: x + w,
                            target: b.links[l as usize].clone(),
                        });
                    }
                    x += w;
                }
                (Item::Box { width: w }, _) => {
                    // A protrusion box after a space that did not break:
                    // the space's drawn advance gives the width back.
                    if w < 0.0
                        && let (Some(g), Some(run)) = (line.glyphs.last_mut(), line.runs.last())
                    {
                        g.advance += w / run.size;
                    }
                    x += w;
                }
                (
                    Item::Glue {
                        width: w,
                        stretch: s,
                        shrink: z,
                    },
                    p,
                ) => {
                    if s > spec.measure {
                        continue;
                    }
                    let actual = if ratio >= 0.0 {
                        w + ratio * s
                    } else {
                        w + ratio * z
                    };
                    if let Payload::Space(style) = p {
                        if style.strike {
                            self.strike(&mut line, *style, x, x + actual);
                        }
                        let space = self.shaper.shape(style.face(), 0, " ");
                        // A tie (after its penalty) keeps its character.
                        let tie = matches!(
                            (range.start + idx).checked_sub(1).map(|i| b.items[i]),
                            Some(Item::Penalty { cost, .. }) if cost >= EMERGENCY_COST
                        );
                        if let Some(g) = space.glyphs.first() {
                            let start = line.text.len();
                            line.text.push(if tie { TIE } else { ' ' });
                            line.push_glyph(
                                g.face,
                                style.size,
                                style.rise,
                                x,
                                PGlyph::new(
                                    g.id,
                                    start..line.text.len(),
                                    actual / style.size,
                                    0.0,
                                    0.0,
                                ),
                            );
                        }
                    }
                    x += actual;
                }
                (Item::Penalty { .. }, _) => {}
            }
        }
        if hyphenated && let Some(Payload::Hyphen(style)) = b.payloads.get(range.end) {
            let hy = self.shaper.shape(style.face(), style.features, "-");
            if let Some(g) = hy.glyphs.first() {
                let start = line.text.len();
                line.text.push('\u{AD}');
                line.push_glyph(
                    g.face,
                    style.size,
                    style.rise,
                    x,
                    PGlyph::new(
                        self.inserted_hyphen(g.face, g.id),
                        start..line.text.len(),
                        g.advance,
                        0.0,
                        0.0,
                    ),
                );
                x += g.advance * style.size;
            }
        }
        // What hangs into the right margin: the break's penalty gave it
        // back (its width is the hyphen's less the protrusion).
        let protruding = match break_item {
            Some(&Item::Penalty { width: w, .. }) if hyphenated => {
                let drawn = match b.payloads.get(range.end) {
                    Some(Payload::Hyphen(style)) => {
                        self.shaper.shape(style.face(), style.features, "-").width * style.size
                    }
                    _ => w,
                };
                (drawn - w).max(0.0)
            }
            Some(&Item::Penalty { width: w, .. }) => (-w).max(0.0),
            _ => 0.0,
        };
        let x = x - protruding;
        let natural_space = if spaces > 0 { 1.0 } else { 0.0 };
        let space_factor = if spaces == 0 {
            natural_space
        } else if ratio >= 0.0 {
            1.0 + ratio * SPACE_STRETCH
        } else {
            1.0 + ratio * SPACE_SHRINK
        };
        line.x = match spec.align {
            Align::Center => ((measure - x) / 2.0).max(0.0),
            _ => 0.0,
        };
        line.info = LineInfo {
            width: x,
            measure,
            ratio,
            space_factor,
            spaces,
            hyphenated,
            overfull: x > measure + 0.01,
            justified,
            para_line: 0,
            para_lines: 0,
            body: spec.body,
            notdef,
        };
        line
    }
}

impl Typesetter<'_, '_> {
    /// The glyph an inserted hyphen is drawn with: the face's own U+00AD
    /// glyph when `-` shaped to its plain hyphen glyph (a real hyphen and
    /// an inserted one then copy as `-` and U+00AD, each from its own
    /// glyph's text map), else the shaped glyph itself.
    fn inserted_hyphen(&self, face: FaceId, shaped: u32) -> u32 {
        match self.fonts.face(face).soft_hyphen {
            Some(s) if s.hyphen == shaped => s.soft,
            _ => shaped,
        }
    }

    /// Strikes `x0..x1` through, joining the previous stroke when it ends
    /// where this one starts (words and the spaces between them).
    fn strike(&self, line: &mut Line, style: Style, x0: f32, x1: f32) {
        let m = self.fonts.face(style.face()).metrics;
        let rise = style.rise + m.x_height * style.size * 0.55;
        let thickness = (style.size * 0.05).max(0.3);
        match line.strokes.last_mut() {
            Some(last) if (last.x1 - x0).abs() < 0.01 && last.rise == rise => last.x1 = x1,
            _ => line.strokes.push(Stroke {
                x0,
                x1,
                rise,
                thickness,
            }),
        }
    }
}

/// Drops trailing glue (a space before a break or the paragraph's end).
fn trim_glue(b: &mut Builder) {
    while matches!(b.items.last(), Some(Item::Glue { .. })) {
        b.items.pop();
        b.payloads.pop();
    }
}
