//! Ending a paragraph: long chains of ties allowed to break, margin
//! kerning, then the Knuth–Plass breaks chosen (with the looseness the
//! flow asked for or the line counts it may choose from) and the lines
//! built from them. `inline.rs` builds the items; this part breaks them.

use super::*;

impl Typesetter<'_, '_> {
    /// Ends the paragraph, breaks it and builds its lines.
    pub(super) fn finish(&mut self, mut b: Builder, spec: &ParaSpec) -> Vec<Line> {
        trim_glue(&mut b);
        if b.items.is_empty() {
            return Vec::new();
        }
        loosen_long_tie_chains(&mut b, spec.measure);
        if spec.align == Align::Justify {
            protrude(&mut b);
        }
        b.forbid_break();
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
        let breaking = linebreak::break_lines_flexible(&b.items, &flex, &|_| measure, &self.params);
        let want = std::mem::take(&mut self.looseness.want);
        let offer = std::mem::take(&mut self.looseness.offer);
        let mut breaks = &breaking.breaks;
        let variants = if want != 0 || offer {
            let width = |_| measure;
            let limit = linebreak::LOOSENESS_LIMIT;
            linebreak::line_count_variants(&b.items, &flex, &width, &self.params, &breaking, limit)
        } else {
            Vec::new()
        };
        if let Some(v) = variants.iter().find(|v| v.delta == want) {
            breaks = &v.breaks;
        }
        if offer {
            for v in &variants {
                let lines = self.lines_of(&b, &flex, &v.breaks, spec);
                self.looseness.variants.push((v.delta, v.demerits, lines));
            }
        }
        self.lines_of(&b, &flex, breaks, spec)
    }

    /// The lines of a paragraph broken at `breaks`.
    fn lines_of(
        &mut self,
        b: &Builder,
        flex: &[f32],
        breaks: &[linebreak::Break],
        spec: &ParaSpec,
    ) -> Vec<Line> {
        let mut lines = Vec::with_capacity(breaks.len());
        let mut start = 0usize;
        for br in breaks {
            let end = br.index.min(b.items.len());
            while start < end && !matches!(b.items[start], Item::Box { .. }) {
                start += 1;
            }
            if start >= end {
                start = end + 1;
                continue;
            }
            let line = self.build_line(b, flex, start..end, spec);
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
}

/// A chain of ties wider than a third of the measure may break at its
/// ties after all, at an emergency's cost, rather than leave a line looser
/// than the tolerance or sticking out ("Mr. Pepys" never breaks; forty
/// tied words do).
fn loosen_long_tie_chains(b: &mut Builder, measure: f32) {
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
            if run > measure / 3.0 {
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
}

/// Margin kerning: what each break lets the line's last glyph, and each
/// line start its first, hang into the margin (justified paragraphs).
fn protrude(b: &mut Builder) {
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
