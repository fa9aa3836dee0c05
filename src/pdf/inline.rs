//! From inline content to typeset lines: words become shaped boxes, spaces
//! glue, hyphenation points penalties; the Knuth–Plass breaker chooses the
//! breaks and this module turns them back into justified glyph lines.

mod finish;
mod set_line;
mod style;
mod words;

use std::ops::Range;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::fonts::{FaceId, Fonts};
use super::hyphenate::{Hyphenator, Point, script_breaks};
use super::leadin::LeadInState;
use super::linebreak::{self, Item, Params};
use super::lines::{Line, LineImage, LineInfo, LinkSpan, MarkSpan, PGlyph, Stroke, TagKind};
use super::links::{self, Target};
use super::microtype;
use super::shape::{SUPS, Shaped, Shaper};
use crate::model::{Book, ImageSize, Inline, NoteRefId, Pos};
pub use style::Style;

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

/// TeX's `\looseness` between the flow and the next paragraph it sets:
/// the flow may ask for a paragraph set with `want` lines more (or
/// fewer) than its best, when its lines allow it; or, with `offer`, for
/// the paragraph's other line counts, so the page breaker may choose.
#[derive(Debug, Default)]
pub struct Looseness {
    pub want: i32,
    pub offer: bool,
    /// The lines of the paragraph set one line longer or shorter: (lines
    /// more, demerits more, lines).
    pub variants: Vec<(i32, f64, Vec<Line>)>,
}

/// The engine's state shared by every paragraph of the book: shaper with
/// its word cache, hyphenator with its own cache, breaker parameters.
pub struct Typesetter<'b, 'f> {
    pub book: &'b Book,
    pub fonts: &'f Fonts<'f>,
    pub shaper: Shaper<'f>,
    hyphenator: Option<Hyphenator>,
    /// Hyphenation points by word (FxHash: looked up for every word).
    points: FxHashMap<Box<str>, Vec<Point>>,
    pub params: Params,
    /// The next paragraph's line count asked for and offered
    /// ([`Looseness`]).
    pub looseness: Looseness,
    /// The lead-in's words still to set ([`super::leadin`]): the
    /// opening words of a chapter's first text paragraph.
    pub lead_in: LeadInState,
    /// Characters no face has, with where their text stands in the
    /// sources, since the flow last took them (for its warnings).
    pub missing: Vec<(char, Pos)>,
    /// Images set in a line without alt text under a tagged standard,
    /// where they are written (the flow warns that they are decorative).
    pub undescribed: Vec<Pos>,
    /// Images set in a line smaller than their author asked, where they
    /// are written and why (the flow warns of them).
    pub shrunk: Vec<(Pos, String)>,
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
        /// Its description (empty: decorative).
        alt: Arc<str>,
    },
}

/// A paragraph under construction.
struct Builder {
    items: Vec<Item>,
    payloads: Vec<Payload>,
    text: String,
    links: Vec<Target>,
    /// The languages of the author's spans ([`Style::lang`] indexes it).
    langs: Vec<Arc<str>>,
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

    /// No break here: an infinite penalty (a tie, the paragraph's end).
    fn forbid_break(&mut self) {
        self.push(
            Item::Penalty {
                width: 0.0,
                cost: INF,
                flagged: false,
            },
            Payload::None,
        );
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
            points: FxHashMap::default(),
            params: Params::default(),
            looseness: Looseness::default(),
            lead_in: LeadInState::default(),
            missing: Vec::new(),
            undescribed: Vec::new(),
            shrunk: Vec::new(),
        }
    }

    /// Sets inline content as a paragraph of lines.
    pub fn paragraph(&mut self, inlines: &[Inline], spec: &ParaSpec) -> Vec<Line> {
        let mut b = Builder {
            items: Vec::new(),
            payloads: Vec::new(),
            text: String::new(),
            links: Vec::new(),
            langs: Vec::new(),
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
                    target,
                    content,
                    attrs,
                    ..
                } => {
                    let s = with_lang(b, style, attrs);
                    match links::target_of(self.book, target) {
                        Some(target) => {
                            b.links.push(target);
                            let id = (b.links.len() - 1) as u32;
                            self.walk(b, content, s, spec, Some(id));
                        }
                        None => self.walk(b, content, s, spec, link),
                    }
                }
                Inline::Image {
                    asset,
                    alt,
                    pos,
                    size,
                    ..
                } => self.push_image(b, (*asset, alt, *pos, size), style, spec, link),
                Inline::NoteRef(r) => self.push_mark(b, *r, style),
                Inline::SoftBreak => self.push_space(b, style),
                Inline::HardBreak => {
                    trim_glue(b);
                    end_line(b, spec.measure);
                }
                Inline::Element {
                    name,
                    content,
                    attrs,
                } => {
                    let s = with_lang(b, style.for_element(name), attrs);
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
                    b.forbid_break();
                    self.push_space(b, style);
                }
                if !part.is_empty() {
                    self.push_word(b, part, style, spec, link);
                }
            }
        }
    }

    /// An image inside a line of text: set at its natural size (CSS pixels,
    /// 0.75 pt), or the size its author asked, but no taller than the type
    /// (an em) nor wider than the measure, so the line keeps the baseline
    /// grid, like a glyph (an asked size made smaller is warned of).
    /// An image without alt text is decorative (an artifact of the tagged
    /// PDF), with a warning at `pos`.
    fn push_image(
        &mut self,
        b: &mut Builder,
        (asset, alt, pos, size): (usize, &str, Pos, &ImageSize),
        style: Style,
        spec: &ParaSpec,
        link: Option<u32>,
    ) {
        let Some(a) = self.book.assets.get(asset) else {
            return;
        };
        if alt.trim().is_empty() && self.book.settings.pdf.options.standard.tagged() {
            self.undescribed.push(pos);
        }
        let room = (spec.measure, style.size);
        let (w, h) =
            match super::sizing::fit(size, (a.width, a.height), room, "a line of text holds") {
                Some(d) => {
                    self.shrunk.extend(d.clamped.map(|m| (pos, m)));
                    (d.w, d.h)
                }
                None => {
                    let (nw, nh) = (a.width.max(1) as f32 * 0.75, a.height.max(1) as f32 * 0.75);
                    let scale = (style.size / nh).min(spec.measure / nw).min(1.0);
                    (nw * scale, nh * scale)
                }
            };
        let image = Payload::Image {
            style,
            asset,
            w,
            h,
            link,
            alt: alt.trim().into(),
        };
        b.push(Item::Box { width: w }, image);
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
}

/// Drops trailing glue (a space before a break or the paragraph's end).
fn trim_glue(b: &mut Builder) {
    while matches!(b.items.last(), Some(Item::Glue { .. })) {
        b.items.pop();
        b.payloads.pop();
    }
}

/// `style` in the language `attrs` give (a raw element's or a link's
/// `lang`), which the tagged PDF writes on the words' Span: the book's
/// own language when they give none.
fn with_lang(b: &mut Builder, mut style: Style, attrs: &crate::model::Attrs) -> Style {
    if let Some(lang) = attrs.lang().filter(|l| !l.trim().is_empty()) {
        b.langs.push(lang.trim().into());
        style.lang = u16::try_from(b.langs.len()).unwrap_or(0);
    }
    style
}
