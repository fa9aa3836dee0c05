//! Code blocks: monospace lines as written, wrapped by their measured width
//! when too long for the measure, each continuation marked, a thin rule
//! down their left (drawn beside every line, so a block broken across
//! pages keeps it on both).

use std::sync::Arc;

use read_fonts::TableProvider;

use super::missing::find_text;
use super::{Blocks, Flow, Region, may_break_before};
use crate::diag::Diagnostic;
use crate::model::{Pos, Token, TokenKind};
use crate::pdf::fonts::{FALLBACK, FaceId, MONO};
use crate::pdf::frame::{BASELINE, Piece};
use crate::pdf::inline::{CODE_SCALE, Style};
use crate::pdf::label::{ArtifactKind, Label};
use crate::pdf::lines::Line;
use crate::pdf::pagebreak::VItem;
use crate::pdf::shape::{SGlyph, Shaped};

/// The mark set before each continuation of a wrapped line, so that a
/// reader sees the line goes on; `>` when no face has it.
const CONTINUATION: char = '↪';
const CONTINUATION_PLAIN: char = '>';

/// The rule down the left of a block, which sets it off from the text in
/// any print (solid black, no tint to wash out in greyscale): its width in
/// ems of the text size (thinner than a box's), never under a hairline
/// (points), and where it stands in the block's one-em indent.
const RULE_EMS: f32 = 0.04;
const MIN_RULE: f32 = 0.3;
const RULE_AT_EMS: f32 = 0.35;

/// Slack for rounding when fitting glyphs to a measure, in points.
const FIT_SLACK: f32 = 0.01;

/// One cluster of a shaped code line: where it starts in the line's text,
/// its advance in points, and whether a break after it is a good one.
struct Unit {
    start: usize,
    width: f32,
    good_break: bool,
}

impl Blocks<'_, '_, '_> {
    /// Code: monospace at the inline-code size, indented one em, never
    /// hyphenated; a line too long for the measure wraps, by the measured
    /// width of its glyphs (wide characters, emoji and replacement marks
    /// included), after a space or punctuation near its end (else between
    /// any two characters); each continuation is indented two characters
    /// past the source line's own indentation, behind a continuation mark.
    /// A character wider than the whole measure cannot be set: an error at
    /// its line of `pos`'s block.
    /// `tokens` (from the resolve pass) colour it as in the EPUB.
    pub(super) fn code(
        &mut self,
        flow: &mut Flow,
        text: &str,
        tokens: &[Token],
        region: &Region,
        pos: Pos,
    ) {
        let style = Style {
            mono: true,
            ..Style::new(region.size * CODE_SCALE)
        };
        let indent = region.size;
        let measure = region.measure - indent;
        let advance = self.ts.measure("0", style).max(0.1);
        let per_line = ((measure / advance).floor() as usize).max(8);
        let mark = self.continuation_mark(style);
        let mut lines: Vec<Vec<Line>> = Vec::new();
        let mut line_start = 0;
        for source in text.trim_end_matches('\n').split('\n') {
            let kinds = line_kinds(source, line_start, tokens);
            line_start += source.len() + 1;
            let src = source.replace('\t', "    ");
            if src.is_empty() {
                lines.push(vec![Line::default()]);
                continue;
            }
            let lead = src.chars().take_while(|c| *c == ' ').count();
            let hang = ((lead + 2).min(per_line / 3)) as f32 * advance;
            let shaped = self.ts.shaper.shape(style.face(), style.features, &src);
            let units = units(&src, &shaped.glyphs, style.size);
            let mut from = 0usize;
            while from < units.len() {
                let cont = from > 0;
                let room = measure - if cont { hang } else { 0.0 };
                let mut width = 0.0;
                let mut fit = 0;
                while let Some(u) = units.get(from + fit) {
                    if width + u.width > room + FIT_SLACK {
                        break;
                    }
                    width += u.width;
                    fit += 1;
                }
                if fit == 0 {
                    self.unset_code(pos, source, &src[units[from].start..]);
                    fit = 1;
                }
                let mut to = from + fit;
                if to < units.len() {
                    // Prefer a break after a space or punctuation in the
                    // last third of the room.
                    let floor = (from + fit * 2 / 3).max(from + 1);
                    if let Some(k) = (floor..to).rev().find(|&k| units[k - 1].good_break) {
                        to = k;
                    }
                }
                let end = units.get(to).map_or(src.len(), |u| u.start);
                let start = units[from].start;
                let mut line = glyph_line(&src, start..end, &shaped.glyphs, style);
                if !tokens.is_empty() {
                    line.tint(&|b| kinds.get(start + b).copied().flatten());
                }
                line.x = indent + if cont { hang } else { 0.0 };
                line.info.measure = room;
                line.info.overfull = line.info.width > room + FIT_SLACK;
                let mut set = vec![line];
                if cont {
                    let mut m = mark.clone();
                    m.label = Label::Artifact(ArtifactKind::Layout);
                    m.x = indent + (hang - advance * 0.5 - m.info.width).max(0.0);
                    set.push(m);
                }
                lines.push(set);
                from = to;
            }
        }
        let n = lines.len();
        for (i, set) in lines.into_iter().enumerate() {
            if may_break_before(i, n) {
                flow.push(VItem::Penalty { cost: 0.0 }, Vec::new());
            }
            let mut pieces: Vec<Piece> = set
                .into_iter()
                .map(|mut line| {
                    line.x += region.x;
                    Piece::Text {
                        line,
                        baseline: region.leading * BASELINE,
                    }
                })
                .collect();
            pieces.push(Piece::Rule {
                x: region.x + indent * RULE_AT_EMS,
                y: 0.0,
                w: (region.size * RULE_EMS).max(MIN_RULE),
                thickness: region.leading,
            });
            flow.push(
                VItem::Line {
                    height: region.leading,
                    notes: Vec::new(),
                },
                pieces,
            );
        }
    }

    /// The continuation mark, in the code face or the fallback.
    fn continuation_mark(&mut self, style: Style) -> Line {
        let fonts = self.ts.fonts;
        let has = |face: FaceId| {
            face < fonts.faces.len() as FaceId
                && fonts
                    .face(face)
                    .font_ref
                    .cmap()
                    .ok()
                    .and_then(|cmap| cmap.map_codepoint(CONTINUATION))
                    .is_some()
        };
        let c = if has(MONO) || has(FALLBACK) {
            CONTINUATION
        } else {
            CONTINUATION_PLAIN
        };
        self.raw_line(&c.to_string(), style)
    }

    /// Reports a code line holding a character wider than the measure.
    fn unset_code(&mut self, pos: Pos, source: &str, rest: &str) {
        let book = self.ts.book;
        let src = book.sources.get(pos.source.0);
        let file = src.map_or("<unknown>", |s| s.path.as_str());
        let (line, col) = src
            .and_then(|s| find_text(&s.text, source, pos))
            .unwrap_or((pos.line, pos.col));
        let shown: String = rest.chars().take(8).collect();
        self.warnings.push(Diagnostic::error(
            file,
            line,
            col,
            format!(
                "this code line cannot be set in the PDF: `{shown}…` is one character wider \
                 than the measure (break it, or use a wider page)"
            ),
        ));
    }
}

/// The token kind of each byte of a source line as set (tabs expanded to
/// four spaces), from the block's tokens; `line_start` is where the line
/// begins in the block's text.
fn line_kinds(source: &str, line_start: usize, tokens: &[Token]) -> Vec<Option<TokenKind>> {
    if tokens.is_empty() {
        return Vec::new();
    }
    let first = tokens.partition_point(|t| t.range.end <= line_start);
    let mut out = Vec::with_capacity(source.len());
    let mut k = first;
    for (i, c) in source.char_indices() {
        let at = line_start + i;
        while tokens.get(k).is_some_and(|t| t.range.end <= at) {
            k += 1;
        }
        let kind = tokens
            .get(k)
            .filter(|t| t.range.start <= at)
            .map(|t| t.kind);
        let width = if c == '\t' { 4 } else { c.len_utf8() };
        out.extend(std::iter::repeat_n(kind, width));
    }
    out
}

/// The clusters of a shaped line in text order: the points where it may
/// be broken without splitting a character, with their advances.
fn units(text: &str, glyphs: &[SGlyph], size: f32) -> Vec<Unit> {
    let mut starts: Vec<usize> = glyphs.iter().map(|g| g.cluster as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    starts
        .iter()
        .enumerate()
        .map(|(k, &start)| {
            let end = starts.get(k + 1).copied().unwrap_or(text.len());
            let width = glyphs
                .iter()
                .filter(|g| g.cluster as usize == start)
                .map(|g| g.advance * size)
                .sum();
            let last = text.get(start..end).and_then(|t| t.chars().last());
            Unit {
                start,
                width,
                good_break: matches!(last, Some(' ' | ',' | ';' | '(' | '.' | '|')),
            }
        })
        .collect()
}

/// A line of the glyphs of `text` whose clusters fall in `range`, in the
/// order they were shaped.
fn glyph_line(text: &str, range: std::ops::Range<usize>, glyphs: &[SGlyph], style: Style) -> Line {
    let piece = Shaped {
        glyphs: glyphs
            .iter()
            .filter(|g| range.contains(&(g.cluster as usize)))
            .map(|g| SGlyph {
                cluster: g.cluster - range.start as u32,
                ..*g
            })
            .collect(),
        width: 0.0,
        missing: Box::new([]),
    };
    super::line_of_glyphs(&text[range], &Arc::new(piece), style)
}
