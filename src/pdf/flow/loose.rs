//! Looseness in the flow: a chapter's body paragraphs offer the page
//! breaker their other lengths (one line longer or shorter, as the line
//! breaker finds them), and are set again at the lengths it chose.

use super::{Blocks, Flow, Region, may_break_before};
use crate::model::Inline;
use crate::pdf::inline::ParaSpec;
use crate::pdf::lines::Line;
use crate::pdf::pagebreak::{Loose, LooseVariant, VItem, looseness};

/// Looseness of a chapter's body paragraphs ([`super::pagebreak::Loose`]):
/// a first setting offers each paragraph's other lengths, a second sets
/// each at the length the page breaker chose.
#[derive(Debug, Default)]
pub struct LoosePlan {
    /// Lines more (fewer when negative) for each body paragraph in order;
    /// `None` offers the other lengths instead.
    pub wanted: Option<Vec<i32>>,
    /// Body paragraphs set so far.
    pub count: usize,
    /// The paragraphs offered, each with its number among the body's.
    pub offered: Vec<(usize, Loose)>,
}

impl Blocks<'_, '_, '_> {
    /// Sets a body paragraph at the length the page breaker chose, or at
    /// its best offering the others.
    pub(super) fn loose_paragraph(&mut self, inlines: &[Inline], spec: &ParaSpec) -> Vec<Line> {
        let plan = &mut self.loose;
        match &plan.wanted {
            Some(wanted) => self.ts.looseness.want = wanted.get(plan.count).copied().unwrap_or(0),
            None => self.ts.looseness.offer = true,
        }
        plan.count += 1;
        let lines = self.ts.paragraph(inlines, spec);
        self.ts.looseness.want = 0;
        self.ts.looseness.offer = false;
        lines
    }

    /// Records the other lengths of the paragraph whose lines were just
    /// set from item `start`, as the items they would make.
    pub(super) fn offer_variants(&mut self, flow: &Flow, start: usize, region: &Region) {
        let variants = std::mem::take(&mut self.ts.looseness.variants);
        if variants.is_empty() {
            return;
        }
        let variants = variants
            .into_iter()
            .map(|(delta, demerits, lines)| LooseVariant {
                delta,
                cost: looseness::variant_cost(demerits),
                items: flow.line_items(&lines, region),
            })
            .collect();
        let loose = Loose {
            items: start..flow.items.len(),
            variants,
        };
        self.loose.offered.push((self.loose.count - 1, loose));
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
                items.push(VItem::Penalty { cost: 0.0 });
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
}
