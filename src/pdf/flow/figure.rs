//! Figures: an image scaled to the measure and the page, its caption
//! centred below.

use super::{Blocks, Flow, Region, may_break_before, push_text};
use crate::model::{ImageSize, Inline, Pos};
use crate::pdf::frame::{BASELINE, Piece};
use crate::pdf::inline::{Align, ParaSpec, Style};
use crate::pdf::label::{ArtifactKind, Label, Role};
use crate::pdf::pagebreak::VItem;
use crate::pdf::sizing::fit;

/// The tallest a figure may be, as a share of the text block's height.
const FIGURE_MAX_HEIGHT: f32 = 0.75;

impl Blocks<'_, '_, '_> {
    /// Warns of an image that nothing describes (no alt text, no
    /// caption), written at `pos`: the tagged PDF marks it as decoration,
    /// which readers that cannot see it skip.
    pub(super) fn decorative(&mut self, pos: Pos) {
        let standard = self.ts.book.settings.pdf.options.standard;
        self.warn_at(
            pos,
            "image-decorative",
            format!(
                "this image has no alt text: the {} PDF tags it as decorative, so readers \
                 who cannot see it are told nothing of it (write `![what it shows](…)` to \
                 describe it)",
                standard.name()
            ),
        );
    }

    /// An image scaled to the measure (never enlarged past twice its size
    /// at 96 dpi), and to at most three quarters of the text block's
    /// height with its caption; its slot a whole number of leadings, the
    /// caption (the title, else the alt text) centred below in italic.
    pub(super) fn figure(
        &mut self,
        flow: &mut Flow,
        (asset, pos, size): (usize, Pos, &ImageSize),
        alt: &str,
        caption: &[Inline],
        region: &Region,
    ) {
        let l = region.leading;
        let Some(a) = self.ts.book.assets.get(asset) else {
            return;
        };
        // What a reader who cannot see it is told: the alt text, else the
        // caption; with neither it is decoration, with a warning.
        let described = if alt.trim().is_empty() {
            crate::model::inlines_plain_text(caption)
        } else {
            alt.to_string()
        };
        let standard = self.ts.book.settings.pdf.options.standard;
        let label = if described.trim().is_empty() && standard.tagged() {
            self.decorative(pos);
            Label::Artifact(ArtifactKind::Layout)
        } else {
            Label::Unset
        };
        let caption: Vec<Inline> = if caption.is_empty() && !alt.is_empty() {
            vec![Inline::text(alt)]
        } else {
            caption.to_vec()
        };
        let caption_lines = if caption.is_empty() {
            Vec::new()
        } else {
            self.ts.paragraph(&caption, &caption_spec(region))
        };
        let (pw, ph) = (a.width.max(1) as f32, a.height.max(1) as f32);
        let mut w = region.measure.min(pw * 72.0 / 96.0 * 2.0);
        let mut h = w * ph / pw;
        let max_h = (self.page_height * FIGURE_MAX_HEIGHT)
            .min(self.page_height - (caption_lines.len() as f32 + 1.0) * l)
            .max(l);
        if h > max_h {
            h = max_h;
            w = h * pw / ph;
        }
        // The size the author asked for, if any, within the whole text block.
        let room = (self.page_height - (caption_lines.len() as f32 + 1.0) * l).max(l);
        if let Some(d) = fit(
            size,
            (a.width, a.height),
            (region.measure, room),
            "the text block",
        ) {
            if let Some(message) = d.clamped {
                self.warn_at(pos, "image-size", message);
            }
            (w, h) = (d.w, d.h);
        }
        let slots = (h / l).ceil().max(1.0);
        let x = region.x + (region.measure - w) / 2.0;
        flow.fixed(
            slots * l,
            vec![Piece::Image {
                asset,
                x,
                y: slots * l - h - l * (1.0 - BASELINE),
                w,
                h,
                alt: described.clone(),
                label,
            }],
        );
        flow.labels.open(Role::Caption, None);
        // The image keeps its caption's first lines; a caption longer
        // than a few lines may break inside.
        let n = caption_lines.len();
        for (i, mut line) in caption_lines.into_iter().enumerate() {
            if may_break_before(i, n) {
                flow.push(VItem::Penalty { cost: 0.0 }, Vec::new());
            }
            line.x += region.x;
            let mut pieces = Vec::new();
            push_text(&mut pieces, line, l * BASELINE);
            flow.fixed(l, pieces);
        }
        flow.labels.close();
    }
}

impl Flow {
    /// Offers the figure whose items begin at `start` to float forward,
    /// if it stands as a figure between text does: a break and a space
    /// above it, a break and a space below, no note called from its
    /// caption (which would number the notes out of order), outside a
    /// note.
    pub(super) fn may_float(&mut self, start: usize) {
        let items = &self.items[start.min(self.items.len())..];
        let framed = matches!(
            items,
            [
                VItem::Penalty { .. },
                VItem::Glue { .. },
                VItem::Line { .. },
                ..,
                VItem::Penalty { .. },
                VItem::Glue { .. }
            ]
        );
        let calls = items
            .iter()
            .any(|i| matches!(i, VItem::Line { notes, .. } if !notes.is_empty()));
        if framed && !calls && !self.compact {
            self.floats.push(start + 1..self.items.len());
        }
    }
}

/// How a caption is set, a figure's or a table's: in italic, a little
/// smaller than the text, centred on the measure.
pub(super) fn caption_spec(region: &Region) -> ParaSpec {
    ParaSpec {
        style: Style {
            italic: true,
            ..Style::new(region.size * 0.9)
        },
        measure: region.measure,
        indent: 0.0,
        align: Align::Center,
        hyphenate: true,
        body: false,
    }
}
