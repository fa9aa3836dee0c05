//! Titled boxes (GitHub alerts, pandoc's `::: warning`): the title in bold
//! in the book's language, the content indented beside a rule down the
//! left edge — doubled for warnings and cautions, as in the EPUB — drawn
//! beside every line, so a box broken across pages keeps its rule on both.

use super::{Blocks, Flow, Region};
use crate::model::{Block, CalloutKind};
use crate::pdf::frame::Piece;
use crate::pdf::inline::{Align, ParaSpec, Style};
use crate::pdf::label::Role;
use crate::pdf::pagebreak::VItem;

/// The rule's width, in ems of the text size.
const RULE_EMS: f32 = 0.12;

impl Blocks<'_, '_, '_> {
    pub(super) fn callout(
        &mut self,
        flow: &mut Flow,
        kind: CalloutKind,
        blocks: &[Block],
        region: &Region,
    ) {
        let (inner, _) = region.nested(region.size * 1.2, 0.0);
        let language = &self.ts.book.meta.language;
        let title = crate::lang::labels(language).callout(kind);
        let spec = ParaSpec {
            style: Style {
                bold: true,
                ..Style::new(inner.size)
            },
            measure: inner.measure,
            indent: 0.0,
            align: Align::Left,
            hyphenate: false,
            body: false,
        };
        let first = flow.items.len();
        flow.allow_break();
        let lines = self
            .ts
            .paragraph(&[crate::model::Inline::text(title)], &spec);
        flow.labels.open(Role::Paragraph, None);
        flow.lines(lines, &inner, Vec::new());
        flow.labels.close();
        flow.keep = true;
        flow.after_paragraph = false;
        self.blocks(flow, blocks, &inner);
        let double = matches!(kind, CalloutKind::Warning | CalloutKind::Caution);
        let w = region.size * RULE_EMS;
        for k in first..flow.items.len() {
            let VItem::Line { height, .. } = flow.items[k] else {
                continue;
            };
            let pieces = &mut flow.pieces[k];
            pieces.push(Piece::Rule {
                x: region.x,
                y: 0.0,
                w,
                thickness: height,
            });
            if double {
                pieces.push(Piece::Rule {
                    x: region.x + 2.5 * w,
                    y: 0.0,
                    w,
                    thickness: height,
                });
            }
        }
    }
}
