//! Looseness in the flow: a chapter's body paragraphs offer the page
//! breaker their other lengths (one line longer or shorter, as the line
//! breaker finds them), and the lengths it chose replace their lines in
//! the flow.

use super::{BASELINE, Blocks, Flow, Region, broken_penalty, may_break_before, push_text};
use crate::model::Inline;
use crate::pdf::frame::Piece;
use crate::pdf::inline::ParaSpec;
use crate::pdf::lines::Line;
use crate::pdf::pagebreak::{Loose, LooseVariant, VItem, looseness};

/// The other lengths a chapter's body paragraphs offer the page breaker
/// ([`super::super::pagebreak::Loose`]), in list order.
#[derive(Debug, Default)]
pub struct LoosePlan {
    pub offered: Vec<Offer>,
}

/// A paragraph's other lengths, as the page breaker sees them and as
/// lines to set in its place.
#[derive(Debug)]
pub struct Offer {
    pub loose: Loose,
    /// Per variant, its lines (not yet placed in the region).
    lines: Vec<Vec<Line>>,
    /// The region's left edge and the lines' baseline in their slots.
    x: f32,
    baseline: f32,
}

impl Blocks<'_, '_, '_> {
    /// Sets a body paragraph at its best, asking for its other lengths.
    pub(super) fn loose_paragraph(&mut self, inlines: &[Inline], spec: &ParaSpec) -> Vec<Line> {
        self.ts.looseness.offer = true;
        let lines = self.ts.paragraph(inlines, spec);
        self.ts.looseness.offer = false;
        lines
    }

    /// Records the other lengths of the paragraph whose lines were just
    /// set from item `start`, as the items they would make (none for a
    /// paragraph with images in its lines, whose labels the flow gives).
    pub(super) fn offer_variants(&mut self, flow: &Flow, start: usize, region: &Region) {
        let variants = std::mem::take(&mut self.ts.looseness.variants);
        if variants.is_empty()
            || variants
                .iter()
                .any(|(_, _, lines)| lines.iter().any(|l| !l.images.is_empty()))
        {
            return;
        }
        let mut loose = Loose {
            items: start..flow.items.len(),
            variants: Vec::with_capacity(variants.len()),
        };
        let mut lines = Vec::with_capacity(variants.len());
        for (delta, demerits, set) in variants {
            loose.variants.push(LooseVariant {
                delta,
                cost: looseness::variant_cost(demerits),
                items: flow.line_items(&set, region),
            });
            lines.push(set);
        }
        self.loose.offered.push(Offer {
            loose,
            lines,
            x: region.x,
            baseline: region.leading * BASELINE,
        });
    }
}

impl Flow {
    /// The items [`Self::lines`] would add for `lines` of a paragraph
    /// whose first setting it has added (so its notes are numbered).
    pub fn line_items(&self, lines: &[Line], region: &Region) -> Vec<VItem> {
        let n = lines.len();
        let mut items = Vec::with_capacity(2 * n);
        for (i, line) in lines.iter().enumerate() {
            if (self.compact && i > 0) || (!self.compact && may_break_before(i, n)) {
                let after = i.checked_sub(1).and_then(|k| lines.get(k));
                let cost = broken_penalty(after.is_some_and(|l| l.info.hyphenated));
                items.push(VItem::Penalty { cost });
            }
            let notes = line
                .notes
                .iter()
                .filter(|r| r.occurrence == 0)
                .filter_map(|r| self.note_index.get(&r.note).copied())
                .collect();
            items.push(VItem::Line {
                height: region.leading,
                notes,
            });
        }
        items
    }

    /// Sets the paragraph `offer` describes at its length `delta` in
    /// place of its first setting: its items and pieces replaced (the
    /// anchors of its first line kept, its label given to the new lines).
    /// Returns the range replaced and the items added less those removed.
    pub fn splice(&mut self, offer: Offer, delta: i32) -> Option<(std::ops::Range<usize>, isize)> {
        let Offer {
            loose,
            lines,
            x,
            baseline,
        } = offer;
        let v = loose.variants.iter().position(|v| v.delta == delta)?;
        let range = loose.items.clone();
        let first = range
            .clone()
            .find(|&i| matches!(self.items.get(i), Some(VItem::Line { .. })))?;
        let mut anchors: Vec<Piece> = Vec::new();
        let mut label = None;
        for piece in self.pieces.get(first)? {
            match piece {
                Piece::Anchor(_) => anchors.push(piece.clone()),
                Piece::Text { line, .. } => label = Some(line.label.clone()),
                _ => {}
            }
        }
        let items = loose.variants.into_iter().nth(v)?.items;
        let mut lines = lines.into_iter().nth(v)?.into_iter();
        let mut pieces = Vec::with_capacity(items.len());
        for item in &items {
            let mut here = Vec::new();
            if matches!(item, VItem::Line { .. }) {
                here.append(&mut anchors);
                if let Some(mut line) = lines.next() {
                    line.x += x;
                    if let Some(label) = &label {
                        line.label = label.clone();
                    }
                    push_text(&mut here, line, baseline);
                }
            }
            pieces.push(here);
        }
        let added = items.len() as isize - range.len() as isize;
        self.items.splice(range.clone(), items);
        self.pieces.splice(range.clone(), pieces);
        Some((range, added))
    }
}
