//! A part's title page: the part's title (`# Part I` in `SUMMARY.md`)
//! alone on a recto before the part's first chapter, where the contents
//! and the outline point for the part.

use super::chapter::title_spec;
use super::folio::Folio;
use super::frame::{Dest, Geometry, LaidOutBook, Page, Piece};
use super::inline::Typesetter;
use super::label::{Elem, Label, Role};
use super::links::LinkTable;
use super::outline::part_anchor;

/// Where the part's title stands: this share of the text block down.
const TITLE_DROP: f32 = 0.3;

/// Adds the title page of the part `title` opening with chapter `chapter`
/// after the pages laid out (it must fall on a recto).
pub fn part_page(
    ts: &mut Typesetter<'_, '_>,
    geo: &Geometry,
    title: &str,
    chapter: usize,
    body_start: Option<usize>,
    out: &mut LaidOutBook,
    links: &mut LinkTable,
) {
    let number = out.pages.len() + 1;
    let left = geo.left(number);
    let mut page = Page {
        number,
        folio: Folio::of(number, body_start),
        ..Page::default()
    };
    let id = part_anchor(chapter);
    links.dests.anchors.entry(id.clone()).or_insert(Dest {
        page: number - 1,
        x: left,
        y: geo.top,
    });
    page.pieces.push((left, geo.top, Piece::Anchor(id)));
    let spec = title_spec(geo);
    let mut y = geo.top + (geo.block_height * TITLE_DROP / geo.leading).round() * geo.leading;
    let label = Label::path(&[
        Elem::new(Role::Part, chapter as u32),
        Elem::new(Role::Heading(1), 0),
    ]);
    for mut line in ts.text(title.trim(), &spec) {
        line.label = label.clone();
        page.pieces.push((
            left,
            y,
            Piece::Text {
                line,
                baseline: 1.5 * geo.leading,
            },
        ));
        y += 2.0 * geo.leading;
    }
    out.push(page, None);
}
