//! From inline content to typeset lines: words become shaped boxes, spaces
//! glue, hyphenation points penalties; the Knuth–Plass breaker chooses the
//! breaks and this module turns them back into justified glyph lines.

use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use super::fonts::{BOLD, BOLD_ITALIC, FaceId, Fonts, ITALIC, MONO, REGULAR};
use super::hyphenate::{Hyphenator, Point};
use super::linebreak::{self, Item, Params};
use super::lines::{Line, LineInfo, LinkSpan, MarkSpan, PGlyph, Stroke};
use super::links::{self, Target};
use super::shape::{Features, SMCP, SUPS, Shaped, Shaper};
use crate::model::{Book, Inline, NoteRefId, Pos};

/// A TeX-like "infinite" penalty cost, as the breakers understand it.
const INF: f32 = f32::INFINITY;
/// Cost of breaking at a hyphenation point (TeX's `\hyphenpenalty`).
const HYPHEN_COST: f32 = 500.0;
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
        shaped: Rc<Shaped>,
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
                Inline::Image { alt, .. } => {
                    self.push_text(b, alt, style.italicised(), spec, link);
                }
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
            if !word.is_empty() {
                self.push_word(b, word, style, spec, link);
            }
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
                stretch: w / 2.0,
                shrink: w * 0.4,
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
        let mut points = self.break_points(word, spec.hyphenate && !style.mono);
        let too_long = shaped.width * style.size > spec.measure * 0.98;
        if too_long {
            // Emergency: allow a break between any two glyphs.
            points = shaped
                .glyphs
                .iter()
                .skip(1)
                .map(|g| Point {
                    offset: g.cluster as usize,
                    insert_hyphen: false,
                })
                .collect();
        }
        let hyphen = if points.iter().any(|p| p.insert_hyphen) {
            self.shaper.shape(face, style.features, "-").width * style.size
        } else {
            0.0
        };
        let glyphs = &shaped.glyphs;
        let mut g0 = 0usize;
        let mut c0 = 0u32;
        for p in points {
            let Some(g1) = glyphs
                .iter()
                .position(|g| g.cluster as usize == p.offset)
                .filter(|&g1| g1 > g0)
            else {
                continue;
            };
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
            let (cost, w) = match (too_long, p.insert_hyphen) {
                (true, _) => {
                    let after = word[..p.offset].chars().next_back();
                    if after.is_some_and(|c| "/.-_?&=#:,\\".contains(c)) {
                        (SEPARATOR_COST, 0.0)
                    } else {
                        (EMERGENCY_COST, 0.0)
                    }
                }
                (false, true) => (HYPHEN_COST, hyphen),
                (false, false) => (0.0, 0.0),
            };
            b.push(
                Item::Penalty {
                    width: w,
                    cost,
                    flagged: p.insert_hyphen && !too_long,
                },
                if p.insert_hyphen && !too_long {
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

    /// Hyphenation points (cached per word) plus breaks after dashes.
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
        let breaks = linebreak::break_lines(&b.items, &|_| measure, &self.params);
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
            let line = self.build_line(&b, start..end, spec);
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

    fn build_line(&mut self, b: &Builder, range: Range<usize>, spec: &ParaSpec) -> Line {
        let (mut width, mut stretch, mut shrink) = (0.0f32, 0.0f32, 0.0f32);
        let mut spaces = 0u32;
        let mut fill = false;
        for item in &b.items[range.clone()] {
            match *item {
                Item::Box { width: w } => width += w,
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
                            PGlyph::new(g.id, r, g.advance, g.dx, g.dy),
                        );
                        x += g.advance * style.size;
                    }
                    x = x_start + w;
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
                (Item::Box { width: w }, _) => x += w,
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
                        if let Some(g) = space.glyphs.first() {
                            let start = line.text.len();
                            line.text.push(' ');
                            line.push_glyph(
                                g.face,
                                style.size,
                                style.rise,
                                x,
                                PGlyph::new(g.id, start..start + 1, actual / style.size, 0.0, 0.0),
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
                    PGlyph::new(g.id, start..line.text.len(), g.advance, 0.0, 0.0),
                );
                x += g.advance * style.size;
            }
        }
        let natural_space = if spaces > 0 { 1.0 } else { 0.0 };
        let space_factor = if spaces == 0 {
            natural_space
        } else if ratio >= 0.0 {
            1.0 + ratio * 0.5
        } else {
            1.0 + ratio * 0.4
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
