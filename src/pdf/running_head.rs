//! The running head: the book's title on versos, the chapter or section on
//! rectos, italic and centred, with the folio at the outer edge, set a
//! leading and a half above the text block (where the page rules of
//! [`crate::model::PdfSettings::running_head_room`] keep room for it).

use super::frame::{Geometry, Page, Piece};
use super::inline::{Align, ParaSpec, Style, Typesetter};
use super::label::{ArtifactKind, Label};
use crate::model::{RUNNING_HEAD_DROP, RUNNING_HEAD_SCALE};

/// Sets `head` and `folio` at the head of page `number`.
pub fn running_head(
    ts: &mut Typesetter<'_, '_>,
    geo: &Geometry,
    number: usize,
    folio: &str,
    head: &str,
    out: &mut Page,
) {
    let left = geo.left(number);
    let y = geo.top - geo.leading * RUNNING_HEAD_DROP;
    let style = Style {
        italic: true,
        ..Style::new(geo.size * RUNNING_HEAD_SCALE)
    };
    let spec = ParaSpec {
        style,
        measure: geo.measure * 0.8,
        indent: 0.0,
        align: Align::Center,
        hyphenate: false,
        body: false,
    };
    if let Some(mut line) = ts.text(head, &spec).into_iter().next() {
        line.x += geo.measure * 0.1;
        line.label = Label::Artifact(ArtifactKind::Header);
        out.pieces.push((
            left,
            y,
            Piece::Text {
                line,
                baseline: 0.0,
            },
        ));
    }
    let folio_style = Style::new(geo.size * RUNNING_HEAD_SCALE);
    let w = ts.measure(folio, folio_style);
    let fspec = ParaSpec {
        style: folio_style,
        measure: geo.measure,
        indent: 0.0,
        align: Align::Left,
        hyphenate: false,
        body: false,
    };
    if let Some(mut line) = ts.text(folio, &fspec).into_iter().next() {
        line.label = Label::Artifact(ArtifactKind::PageNumber);
        line.x = if number % 2 == 1 {
            geo.measure - w
        } else {
            0.0
        };
        out.pieces.push((
            left,
            y,
            Piece::Text {
                line,
                baseline: 0.0,
            },
        ));
    }
}
