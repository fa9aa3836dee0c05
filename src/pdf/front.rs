//! The front pages: the title page (title, subtitle, authors, publisher)
//! and its verso (description, rights, source, ISBN), set before the
//! contents.

use super::frame::{BASELINE, Geometry, Page, Piece};
use super::inline::{Align, ParaSpec, Style, Typesetter};
use super::label::{Elem, Label, Role};
use super::lines::Line;

/// The title page (title, subtitle, authors, publisher) and its verso
/// (rights, source, identifier).
pub fn front_pages(ts: &mut Typesetter<'_, '_>, geo: &Geometry) -> Vec<Page> {
    let meta = &ts.book.meta;
    let (title, subtitle, authors, publisher) = (
        meta.title.clone(),
        meta.subtitle.clone(),
        meta.authors.join(", "),
        meta.publisher.clone(),
    );
    let mut verso_text: Vec<String> = Vec::new();
    if let Some(r) = &meta.rights {
        verso_text.push(r.clone());
    }
    if let Some(s) = &meta.source {
        verso_text.push(format!("First published in {s}."));
    }
    if let Some(isbn) = &meta.isbn {
        verso_text.push(format!("ISBN {isbn}"));
    }
    if let Some(d) = &meta.description {
        verso_text.insert(0, d.clone());
    }
    let mut title_page = Page::default();
    let left = geo.left(1);
    let mut y = geo.top + geo.block_height * 0.22;
    // Each piece of the front pages is a paragraph of its own.
    let mut serial = 0u32;
    let mut paragraph = move || {
        serial += 1;
        Label::path(&[
            Elem::new(Role::Front, 0),
            Elem::new(Role::Paragraph, serial),
        ])
    };
    let center = |ts: &mut Typesetter<'_, '_>,
                  label: Label,
                  text: &str,
                  style: Style,
                  lead: f32,
                  y: &mut f32,
                  out: &mut Page| {
        let spec = ParaSpec {
            style,
            measure: geo.measure,
            indent: 0.0,
            align: Align::Center,
            hyphenate: false,
            body: false,
        };
        for mut line in ts.text(text, &spec) {
            line.label = label.clone();
            out.pieces.push((
                left,
                *y,
                Piece::Text {
                    line,
                    baseline: 0.0,
                },
            ));
            *y += lead;
        }
    };
    let l = geo.leading;
    center(
        ts,
        paragraph(),
        &title,
        Style::new(geo.size * 2.0),
        l * 2.0,
        &mut y,
        &mut title_page,
    );
    if let Some(sub) = &subtitle {
        y += l * 0.5;
        center(
            ts,
            paragraph(),
            sub,
            Style {
                italic: true,
                ..Style::new(geo.size * 1.25)
            },
            l * 1.5,
            &mut y,
            &mut title_page,
        );
    }
    y += l * 2.0;
    if !authors.is_empty() {
        center(
            ts,
            paragraph(),
            &authors,
            Style::new(geo.size * 1.25),
            l * 1.5,
            &mut y,
            &mut title_page,
        );
    }
    if let Some(p) = &publisher {
        let mut py = geo.top + geo.block_height - l;
        center(
            ts,
            paragraph(),
            p,
            Style {
                italic: true,
                ..Style::new(geo.size)
            },
            l,
            &mut py,
            &mut title_page,
        );
    }
    let mut verso = Page::default();
    let vleft = geo.left(2);
    let small = Style::new(geo.size * 0.8);
    let vlead = l * 0.8;
    let spec = ParaSpec {
        style: small,
        measure: geo.measure,
        indent: 0.0,
        align: Align::Left,
        hyphenate: true,
        body: false,
    };
    let mut set: Vec<Line> = Vec::new();
    for (k, t) in verso_text.iter().enumerate() {
        if k > 0 {
            set.push(Line::default());
        }
        let label = paragraph();
        set.extend(ts.text(t, &spec).into_iter().map(|mut line| {
            line.label = label.clone();
            line
        }));
    }
    let mut vy = geo.top + geo.block_height - vlead * set.len() as f32 + vlead * BASELINE;
    for line in set {
        verso.pieces.push((
            vleft,
            vy,
            Piece::Text {
                line,
                baseline: 0.0,
            },
        ));
        vy += vlead;
    }
    vec![title_page, verso]
}
