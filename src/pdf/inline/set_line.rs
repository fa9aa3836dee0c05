//! From the breaks the line breaker chose back to glyph lines: each line's
//! adjustment ratio spread over its spaces and letters, glyphs placed with
//! their source text, note marks, links, strokes and images recorded.

use super::*;

impl Typesetter<'_, '_> {
    pub(super) fn build_line(
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
        let spacing = LetterSpacing::new(b, flex, range.clone(), ratio);
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
                    let track = spacing.track(range.start + idx, gl.len(), style.size);
                    notdef += gl.iter().filter(|g| g.id == 0).count() as u32;
                    let off = (text.start - word_start) as usize;
                    line.push_word(
                        shaped,
                        glyphs.start as usize..glyphs.end as usize,
                        off..frag_end,
                        base,
                        track,
                        (style.size, style.rise),
                        x,
                    );
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
                    if let Some(lang) = style
                        .lang
                        .checked_sub(1)
                        .and_then(|i| b.langs.get(usize::from(i)))
                    {
                        line.tag(TagKind::Lang(lang.clone()), x_start, x);
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
                    Payload::Image {
                        style,
                        asset,
                        w,
                        h,
                        link,
                        alt,
                    },
                ) => {
                    let (style, asset, w, h, link) = (*style, *asset, *w, *h, *link);
                    line.images.push(LineImage {
                        asset,
                        x,
                        w,
                        h,
                        alt: alt.clone(),
                        label: crate::pdf::label::Label::Unset,
                    });
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
                        && !line.glyphs.is_empty()
                        && let Some(run) = line.runs.last()
                    {
                        let size = run.size;
                        line.glyphs.widen_last(w / size);
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
                    } + match p {
                        Payload::Space(_) => spacing.space_share(s, z),
                        _ => 0.0,
                    };
                    if let Payload::Space(style) = p {
                        if let Some(lang) = style
                            .lang
                            .checked_sub(1)
                            .and_then(|i| b.langs.get(usize::from(i)))
                        {
                            line.tag(TagKind::Lang(lang.clone()), x, x + actual);
                        }
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

/// A PDF text adjustment's unit, in ems: letter spacing is set on this
/// grid, so that a glyph's adjustment prints as a small integer (`-3`, not
/// `-3.2999878`), and a line whose spacing rounds to nothing carries none.
/// A glyph moves by at most half of it (0.005 pt at 10.5 pt).
pub(super) const TRACK_STEP: f32 = 0.001;

/// A justified line's letter spacing: each box's share of the adjustment
/// ratio, rounded to [`TRACK_STEP`], and what the rounding took from the
/// line (or gave it) handed to its word spaces, in proportion to their
/// stretch (or shrink), so the line still fills its measure.
struct LetterSpacing<'a> {
    flex: &'a [f32],
    ratio: f32,
    /// Points each space takes per point of its stretch or shrink.
    per_give: f32,
    /// Whether the tracking is rounded (a line without spaces keeps it
    /// exact: nothing could take up the difference).
    rounded: bool,
}

impl<'a> LetterSpacing<'a> {
    fn new(b: &Builder, flex: &'a [f32], range: Range<usize>, ratio: f32) -> Self {
        let mut this = LetterSpacing {
            flex,
            ratio,
            per_give: 0.0,
            rounded: false,
        };
        if flex.is_empty() || ratio == 0.0 {
            return this;
        }
        let (mut exact, mut rounded, mut give) = (0.0f32, 0.0f32, 0.0f32);
        for (i, item) in b.items[range.clone()].iter().enumerate() {
            let i = range.start + i;
            match (*item, &b.payloads[i]) {
                (Item::Box { .. }, Payload::Glyphs { style, glyphs, .. }) => {
                    let n = glyphs.len();
                    let track = this.exact(i, n, style.size);
                    exact += track * style.size * n as f32;
                    rounded += round_track(track) * style.size * n as f32;
                }
                (
                    Item::Glue {
                        stretch, shrink, ..
                    },
                    Payload::Space(_),
                ) => {
                    give += if ratio >= 0.0 { stretch } else { shrink };
                }
                _ => {}
            }
        }
        if give > 0.0 {
            this.per_give = (exact - rounded) / give;
            this.rounded = true;
        }
        this
    }

    /// The letter spacing of box `i` (`n` glyphs at `size`), in ems per
    /// glyph, as drawn.
    fn track(&self, i: usize, n: usize, size: f32) -> f32 {
        let t = self.exact(i, n, size);
        if self.rounded { round_track(t) } else { t }
    }

    /// Box `i`'s share of the ratio, unrounded.
    fn exact(&self, i: usize, n: usize, size: f32) -> f32 {
        let box_flex = self.flex.get(i).copied().unwrap_or(0.0);
        if box_flex > 0.0 && n > 0 {
            self.ratio * box_flex / n as f32 / size
        } else {
            0.0
        }
    }

    /// What a word space of `stretch` and `shrink` takes up of the
    /// rounding, in points.
    fn space_share(&self, stretch: f32, shrink: f32) -> f32 {
        self.per_give * if self.ratio >= 0.0 { stretch } else { shrink }
    }
}

/// `track` on the [`TRACK_STEP`] grid.
fn round_track(track: f32) -> f32 {
    (track / TRACK_STEP).round() * TRACK_STEP
}
