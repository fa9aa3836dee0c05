//! Typeset lines: positioned glyph runs with the text they stand for, and
//! the engine's own record of each line (width, stretch, hyphen) that the
//! statistics and the tests read instead of re-parsing the PDF.

use std::ops::Range;

use std::sync::Arc;

use super::fonts::FaceId;
use super::glyphs::Glyphs;
use super::label::Label;
use super::shape::Shaped;
use crate::model::{NoteRefId, TokenKind};

/// A glyph placed on a line. Advances and offsets are in ems of its run's
/// size; its text range indexes the line's text, so the PDF's
/// ToUnicode/ActualText maps give back the source characters (ligatures
/// expanded).
///
/// Kept to 20 bytes: lines hold their spaces, hyphens and leaders as
/// these (words they keep compact, see [`super::glyphs`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PGlyph {
    /// OpenType glyph ids are 16-bit (`maxp.numGlyphs` is a u16).
    id: u16,
    text_len: u16,
    text_start: u32,
    pub advance: f32,
    pub dx: f32,
    pub dy: f32,
}

impl PGlyph {
    /// A glyph standing for `text` (byte range in its line's text).
    pub fn new(id: u32, text: Range<usize>, advance: f32, dx: f32, dy: f32) -> PGlyph {
        PGlyph {
            id: u16::try_from(id).unwrap_or(0),
            text_len: u16::try_from(text.len()).unwrap_or(u16::MAX),
            text_start: u32::try_from(text.start).unwrap_or(u32::MAX),
            advance,
            dx,
            dy,
        }
    }

    pub fn id(&self) -> u32 {
        u32::from(self.id)
    }

    pub fn text(&self) -> Range<usize> {
        let start = self.text_start as usize;
        start..start + usize::from(self.text_len)
    }
}

impl krilla::text::Glyph for PGlyph {
    fn glyph_id(&self) -> krilla::text::GlyphId {
        krilla::text::GlyphId::new(self.id())
    }
    fn text_range(&self) -> Range<usize> {
        self.text()
    }
    fn x_advance(&self, size: f32) -> f32 {
        self.advance * size
    }
    fn x_offset(&self, size: f32) -> f32 {
        self.dx * size
    }
    fn y_offset(&self, size: f32) -> f32 {
        self.dy * size
    }
    fn y_advance(&self, _size: f32) -> f32 {
        0.0
    }
    fn location(&self) -> Option<krilla::surface::Location> {
        None
    }
}

/// Consecutive glyphs of one face, size and baseline shift.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub face: FaceId,
    pub size: f32,
    /// Start, from the line's left edge, in points.
    pub x: f32,
    /// Baseline shift upwards, in points (superscripts).
    pub rise: f32,
    pub glyphs: Range<usize>,
    /// A highlighted code token: drawn in its kind's colour, weight and
    /// slant (`crate::highlight::STYLES`); `None` for ordinary text.
    pub ink: Option<TokenKind>,
}

/// What the engine knows about a line it set: the numbers behind `--stats`
/// and the layout tests.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LineInfo {
    /// The width the line's content occupies, in points.
    pub width: f32,
    /// The measure it was set to.
    pub measure: f32,
    /// Knuth–Plass adjustment ratio (0 natural, 1 fully stretched).
    pub ratio: f32,
    /// Interword space as a multiple of the natural space (1.0 natural).
    pub space_factor: f32,
    /// Interword spaces on the line.
    pub spaces: u32,
    /// Ends with an inserted hyphen.
    pub hyphenated: bool,
    /// Wider than its measure (should never happen).
    pub overfull: bool,
    /// Set justified (not the last line, not ragged text).
    pub justified: bool,
    /// 0-based index within its paragraph, and the paragraph's line count.
    pub para_line: u32,
    pub para_lines: u32,
    /// Body text (not a heading, note, code or caption line): what widow and
    /// orphan rules and the spacing statistics are about.
    pub body: bool,
    /// Glyphs drawn as `.notdef` (a character no face has): counted so the
    /// tests can prove none is drawn unreported.
    pub notdef: u32,
}

/// A link on a line, remembered for annotations.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkSpan {
    pub x0: f32,
    pub x1: f32,
    pub target: super::links::Target,
}

/// A note reference mark on a line, remembered for its link annotation:
/// the mark spans `x0..x1` from the line's left edge, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MarkSpan {
    pub note: NoteRefId,
    pub x0: f32,
    pub x1: f32,
}

/// A stretch of a line that is an element of its own in the tagged PDF,
/// inside the line's element: `x0..x1` from the line's left edge.
#[derive(Debug, Clone, PartialEq)]
pub struct TagSpan {
    pub x0: f32,
    pub x1: f32,
    pub kind: TagKind,
}

/// What a [`TagSpan`] is.
#[derive(Debug, Clone, PartialEq)]
pub enum TagKind {
    /// Text in another language (the author's `<span lang>`).
    Lang(std::sync::Arc<str>),
    /// A label: a note's number.
    Label,
}

/// A horizontal stroke drawn with a line (strikethrough), from `x0` to
/// `x1` on the line, `rise` points above the baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub x0: f32,
    pub x1: f32,
    pub rise: f32,
    pub thickness: f32,
}

/// One typeset line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    pub glyphs: Glyphs,
    pub text: String,
    pub runs: Vec<Run>,
    /// Horizontal offset from the text block's left edge, in points.
    pub x: f32,
    pub info: LineInfo,
    /// Note references whose mark is on this line (first references only
    /// get a body placed; later ones are listed too, for links).
    pub notes: Vec<NoteRefId>,
    pub links: Vec<LinkSpan>,
    /// Where each note mark of `notes` sits on the line.
    pub marks: Vec<MarkSpan>,
    /// Strokes through struck-out text.
    pub strokes: Vec<Stroke>,
    /// Images set in the line.
    pub images: Vec<LineImage>,
    /// Stretches tagged as elements of their own (a span's language, a
    /// note's number).
    pub tags: Vec<TagSpan>,
    /// Where the line belongs in the PDF's structure tree.
    pub label: Label,
}

/// An image in a line of text: `asset` indexes the book's assets; it
/// starts `x` points into the line and stands on the baseline, `w` × `h`
/// points (no taller than the type); `alt` describes it (empty: it is
/// decorative, an artifact of the tagged PDF).
#[derive(Debug, Clone, PartialEq)]
pub struct LineImage {
    pub asset: usize,
    pub x: f32,
    pub w: f32,
    pub h: f32,
    pub alt: std::sync::Arc<str>,
    /// Its element in the tagged PDF (a figure inside the line's, or an
    /// artifact), given when the flow files the line.
    pub label: Label,
}

impl Line {
    /// Gives back the slack of the line's vectors once it is set: lines are
    /// built glyph by glyph and then kept until the book is drawn.
    pub fn shrink_to_fit(&mut self) {
        self.glyphs.shrink_to_fit();
        self.text.shrink_to_fit();
        self.runs.shrink_to_fit();
        self.notes.shrink_to_fit();
        self.links.shrink_to_fit();
        self.marks.shrink_to_fit();
        self.strokes.shrink_to_fit();
        self.images.shrink_to_fit();
        self.tags.shrink_to_fit();
    }

    /// Tags `x0..x1` as `kind`, extending the last stretch when it is of
    /// the same kind and reaches `x0` (a span's words and the spaces
    /// between them).
    pub fn tag(&mut self, kind: TagKind, x0: f32, x1: f32) {
        match self.tags.last_mut() {
            Some(last) if last.kind == kind && x0 <= last.x1 + 0.01 => last.x1 = x1,
            _ => self.tags.push(TagSpan { x0, x1, kind }),
        }
    }

    /// Each glyph with where it stands: `(x, width, glyph)`, `x` from the
    /// line's left edge, in the runs' order. One walk for every question
    /// about what stands where (a text's span, a stretch's text).
    pub fn placed_glyphs(&self) -> Vec<(f32, f32, PGlyph)> {
        let glyphs = self.glyphs.to_vec();
        let mut out = Vec::with_capacity(glyphs.len());
        for run in &self.runs {
            let mut x = run.x;
            for g in glyphs.get(run.glyphs.clone()).unwrap_or_default() {
                let w = g.advance * run.size;
                out.push((x, w, *g));
                x += w;
            }
        }
        out
    }

    /// Where the glyphs standing for bytes `text` of the line's text are:
    /// `x0..x1` from the line's left edge (`None` when none does).
    pub fn text_span(&self, text: Range<usize>) -> Option<(f32, f32)> {
        let mut span: Option<(f32, f32)> = None;
        for (x, w, g) in self.placed_glyphs() {
            let t = g.text();
            if t.start >= text.start && t.end <= text.end && !t.is_empty() {
                span = Some(match span {
                    Some((a, b)) => (a.min(x), b.max(x + w)),
                    None => (x, x + w),
                });
            }
        }
        span
    }

    /// Splits the runs where the token kind of their glyphs' text changes,
    /// `kind_at` giving the kind at a byte of the line's text.
    pub fn tint(&mut self, kind_at: &dyn Fn(usize) -> Option<TokenKind>) {
        let old = std::mem::take(&mut self.runs);
        let glyphs = self.glyphs.to_vec();
        for run in old {
            let mut x = run.x;
            let mut current: Option<Run> = None;
            for k in run.glyphs.clone() {
                let glyph = glyphs[k];
                let ink = kind_at(glyph.text().start);
                match &mut current {
                    Some(r) if r.ink == ink => r.glyphs.end = k + 1,
                    _ => {
                        self.runs.extend(current.take());
                        current = Some(Run {
                            x,
                            glyphs: k..k + 1,
                            ink,
                            ..run.clone()
                        });
                    }
                }
                x += glyph.advance * run.size;
            }
            self.runs.extend(current);
        }
    }

    /// Appends glyphs in a face/size/rise, starting a new run when any
    /// differs from the last run's.
    pub fn push_glyph(&mut self, face: FaceId, size: f32, rise: f32, x: f32, glyph: PGlyph) {
        self.extend_runs(face, size, rise, x);
        self.glyphs.push(glyph);
    }

    /// Appends glyphs `glyphs` of a shaped word, each `track` ems wider,
    /// the first at `x`: their text, bytes `text` of the word, is already
    /// at byte `base` of the line's. Runs split where the glyphs' face
    /// changes (a character from the fallback face), as
    /// [`Line::push_glyph`] splits them. Returns where the last glyph ends.
    #[allow(clippy::too_many_arguments)]
    pub fn push_word(
        &mut self,
        shaped: &Arc<Shaped>,
        glyphs: Range<usize>,
        text: Range<usize>,
        base: usize,
        track: f32,
        (size, rise): (f32, f32),
        mut x: f32,
    ) -> f32 {
        let start = self.glyphs.len();
        for (k, g) in shaped.glyphs[glyphs.clone()].iter().enumerate() {
            self.extend_runs_at(start + k, g.face, size, rise, x);
            x += (g.advance + track) * size;
        }
        self.glyphs.push_word(shaped, glyphs, text, base, track);
        x
    }

    fn extend_runs(&mut self, face: FaceId, size: f32, rise: f32, x: f32) {
        self.extend_runs_at(self.glyphs.len(), face, size, rise, x);
    }

    /// Counts glyph `idx` in the last run, or starts a run with it when
    /// its face, size or rise differs.
    fn extend_runs_at(&mut self, idx: usize, face: FaceId, size: f32, rise: f32, x: f32) {
        match self.runs.last_mut() {
            Some(run)
                if run.face == face
                    && run.size == size
                    && run.rise == rise
                    && run.glyphs.end == idx =>
            {
                run.glyphs.end = idx + 1
            }
            _ => self.runs.push(Run {
                face,
                size,
                x,
                rise,
                glyphs: idx..idx + 1,
                ink: None,
            }),
        }
    }
}
