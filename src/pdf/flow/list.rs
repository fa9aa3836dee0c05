//! Lists: markers (numbers, or bullets and dashes alternating with depth,
//! or a task's checkbox ☐/☑) right-aligned in a hanging indent, items set
//! as blocks.

use super::{Blocks, Flow, Region};
use crate::model::ListItem;
use crate::pdf::frame::{BASELINE, Piece};
use crate::pdf::inline::Style;
use crate::pdf::label::Role;
use crate::pdf::pagebreak::VItem;

impl Blocks<'_, '_, '_> {
    /// A list: markers right-aligned in a hanging indent as wide as the
    /// widest marker needs; a leading of space around a top-level list and
    /// between the items of a loose one.
    pub(super) fn list(
        &mut self,
        flow: &mut Flow,
        start: Option<u64>,
        tight: bool,
        items: &[ListItem],
        region: &Region,
    ) {
        let l = region.leading;
        let style = Style::new(region.size);
        let markers: Vec<String> = (0..items.len())
            .map(|i| match (items[i].task, start) {
                // A task's checkbox takes the place of its bullet or number.
                (Some(true), _) => "\u{2611}".to_string(),
                (Some(false), _) => "\u{2610}".to_string(),
                (None, Some(s)) => format!("{}.", s + i as u64),
                (None, None) => if flow.list_depth.is_multiple_of(2) {
                    "•"
                } else {
                    "–"
                }
                .to_string(),
            })
            .collect();
        let widths: Vec<f32> = markers.iter().map(|m| self.ts.measure(m, style)).collect();
        let gap = region.size * 0.5;
        let widest = widths.iter().copied().fold(0.0f32, f32::max);
        let (inner, hang) = region.nested((widest + gap).max(region.size * 1.5), 0.0);
        let top = flow.list_depth == 0 && !flow.compact;
        if top {
            Self::around(flow, l);
        }
        flow.list_depth += 1;
        for (i, (item, marker)) in items.iter().zip(&markers).enumerate() {
            if i > 0 && !tight && !flow.compact {
                Self::around(flow, l);
            }
            let first = flow.items.len();
            flow.after_paragraph = false;
            flow.labels.open(Role::ListItem, None);
            flow.labels.open(Role::ListBody, None);
            self.blocks(flow, &item.blocks, &inner);
            flow.labels.close();
            let mut mline = self.raw_line(marker, style);
            mline.x = region.x + hang - gap - widths[i];
            let lbl = flow.labels.elem(Role::ListLabel);
            mline.label = flow.labels.current().child(&[lbl]);
            flow.labels.close();
            let first_line = (first..flow.items.len())
                .find(|&k| matches!(flow.items[k], VItem::Line { .. }))
                .and_then(|k| flow.pieces.get_mut(k));
            if let Some(pieces) = first_line {
                let baseline = pieces
                    .iter()
                    .find_map(|p| match p {
                        Piece::Text { baseline, .. } => Some(*baseline),
                        _ => None,
                    })
                    .unwrap_or(l * BASELINE);
                pieces.push(Piece::Text {
                    line: mline,
                    baseline,
                });
            } else {
                // An empty item still shows its marker.
                flow.lines(vec![mline], &Region { x: 0.0, ..*region }, Vec::new());
            }
        }
        flow.list_depth -= 1;
        if top {
            Self::around(flow, l);
        }
        flow.after_paragraph = false;
    }
}
