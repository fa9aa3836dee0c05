//! The table of contents: parts (in small capitals), chapters (indented as
//! `SUMMARY.md` nests them, their numbers before their titles) and their
//! sections to `[pdf] toc-depth` (level 2 by default), each with dot
//! leaders to its folio at the right edge, each a link to its heading.
//!
//! It is set in two steps because it stands before the pages it lists:
//! [`Toc::new`] sets the entries' text (the folio column is reserved at a
//! fixed width, so the number of contents pages is known before the body is
//! laid out); [`Toc::pages`] adds leaders, folios and links once every
//! heading has its page.

use super::chapter::title_spec;
use super::folio::Folio;
use super::fonts::REGULAR;
use super::frame::{BASELINE, Geometry, Page, Piece};
use super::inline::{Align, ParaSpec, Style, Typesetter};
use super::label::{ArtifactKind, Elem, Label, Role};
use super::lines::{Line, PGlyph};
use super::links::{LinkTable, Target};
use super::outline::{Heading, HeadingKind};
use super::running_head::running_head;
use super::shape::SMCP;

/// The deepest nesting the contents indent (1.5 em a level); deeper
/// entries stand at this indent, so that their text keeps its room.
const MAX_INDENTS: u8 = 4;

/// The headings the contents list: parts and chapters, and sections down
/// to `depth` heading levels (2: level-2 sections). A chapter's first
/// section that only repeats part of the chapter's listed title
/// ([`Heading::repeats`]) is not listed again.
fn listed(headings: &[Heading], depth: u8) -> Vec<&Heading> {
    let mut out: Vec<&Heading> = Vec::new();
    for h in headings {
        let HeadingKind::Section { rank } = h.kind else {
            out.push(h);
            continue;
        };
        if rank >= depth {
            continue;
        }
        if !out.last().is_some_and(|c| h.repeats(c)) {
            out.push(h);
        }
    }
    out
}

/// One contents page, relative to the text block's top-left corner:
/// pieces to draw and clickable rectangles with the heading id they open.
#[derive(Debug, Default)]
pub struct TocPage {
    pub pieces: Vec<(f32, Piece)>,
    /// Each with what it says and its structure element.
    pub links: Vec<([f32; 4], String, String, Label)>,
}

/// An entry set: its heading, page (within the contents), top, and lines.
#[derive(Debug)]
struct Row {
    id: String,
    page: usize,
    y: f32,
    indent: f32,
    lines: Vec<Line>,
}

/// The contents, set but not yet numbered.
#[derive(Debug)]
pub struct Toc {
    title: Vec<Line>,
    title_y: f32,
    rows: Vec<Row>,
    /// How many pages the contents take.
    pub pages: usize,
    size: f32,
}

impl Toc {
    /// Sets the title and the entries (parts, chapters and level-2
    /// sections) and breaks them into pages; no entry is split over two
    /// pages.
    pub fn new(ts: &mut Typesetter<'_, '_>, geo: &Geometry, headings: &[Heading]) -> Toc {
        let l = geo.leading;
        let size = geo.size;
        let title_text = &crate::lang::labels(&ts.book.meta.language).contents;
        let mut title = ts.text(title_text, &title_spec(geo));
        let toc = Elem::new(Role::Toc, 0);
        let heading = Elem::new(Role::Heading(1), 1);
        for line in &mut title {
            line.label = Label::path(&[toc, heading]);
        }
        let title_y = geo.sink();
        let folio_column = ts.measure("0000", Style::new(size));
        let mut y = title_y + 2.0 * l * title.len().max(1) as f32 + 2.0 * l;
        let mut page = 0usize;
        let mut rows = Vec::new();
        let mut set: Vec<(f32, bool)> = Vec::new();
        let listed = listed(headings, ts.book.settings.pdf.options.toc_depth);
        let mut after_part = false;
        for (k, &h) in listed.iter().enumerate() {
            let indent = f32::from(h.indent.min(MAX_INDENTS)) * size * 1.5;
            let part = h.kind == HeadingKind::Part;
            let spec = ParaSpec {
                style: Style {
                    features: if part { SMCP } else { 0 },
                    ..Style::new(size)
                },
                measure: (geo.measure - indent - folio_column - size).max(size * 4.0),
                indent: 0.0,
                align: Align::Left,
                hyphenate: false,
                body: false,
            };
            let untitled = Heading {
                title: "—".to_string(),
                ..h.clone()
            };
            let shown = if h.title.is_empty() { &untitled } else { h };
            let mut lines = ts.text(&shown.label('\u{a0}'), &spec);
            let item = Label::path(&[toc, Elem::new(Role::TocItem, k as u32 + 2)]);
            for line in &mut lines {
                line.x += indent;
                line.label = item.clone();
            }
            // Two leadings above a part; one above a top-level chapter
            // that has sections listed or follows one that had (a group),
            // so that a list of chapters alone is set line by line; none
            // between a part and its first chapter.
            let has_sections = |i: usize| {
                listed
                    .get(i + 1)
                    .is_some_and(|n| matches!(n.kind, HeadingKind::Section { .. }))
            };
            let grouped = has_sections(k)
                || (k > 0 && matches!(listed[k - 1].kind, HeadingKind::Section { .. }));
            let above = match h.kind {
                _ if k == 0 => 0.0,
                HeadingKind::Part => 2.0 * l,
                HeadingKind::Chapter if h.indent == 0 && !after_part && grouped => l,
                _ => 0.0,
            };
            after_part = part;
            // A part or chapter is kept with its first section (or, for a
            // part, its first chapter): never alone at the foot of a page;
            // a section with its chapter's last section, so that this one
            // is not carried alone to the top of the next.
            let keep = match h.kind {
                HeadingKind::Part => listed.get(k + 1).is_some(),
                HeadingKind::Chapter => has_sections(k),
                HeadingKind::Section { .. } => has_sections(k) && !has_sections(k + 1),
            };
            set.push((above, keep));
            rows.push(Row {
                id: h.id.clone(),
                page: 0,
                y: 0.0,
                indent,
                lines,
            });
        }
        // What each entry needs below it on its page: its own lines and,
        // when it is kept with the next, all the next one needs (a chapter
        // of two sections travels as three entries).
        let height = |r: &Row| l * r.lines.len().max(1) as f32;
        let mut need = vec![0.0f32; rows.len()];
        for k in (0..rows.len()).rev() {
            need[k] = height(&rows[k]);
            if set[k].1 && k + 1 < rows.len() {
                need[k] += set[k + 1].0 + need[k + 1];
            }
        }
        for (k, row) in rows.iter_mut().enumerate() {
            let above = set[k].0;
            if y > 0.0 && y + above + need[k].min(geo.block_height) > geo.block_height + 0.01 {
                page += 1;
                y = 0.0;
            } else {
                y += above;
            }
            row.page = page;
            row.y = y;
            y += height(row);
        }
        Toc {
            title,
            title_y,
            rows,
            pages: page + 1,
            size,
        }
    }

    /// The pages, now that `place` gives each heading id its folio
    /// (`None`: the entry is left without a number).
    pub fn pages(
        self,
        ts: &mut Typesetter<'_, '_>,
        geo: &Geometry,
        place: &dyn Fn(&str) -> Option<Folio>,
    ) -> Vec<TocPage> {
        let l = geo.leading;
        let size = self.size;
        let mut pages: Vec<TocPage> = (0..self.pages).map(|_| TocPage::default()).collect();
        let mut ty = self.title_y;
        for line in self.title {
            if let Some(p) = pages.first_mut() {
                p.pieces.push((
                    ty,
                    Piece::Text {
                        line,
                        baseline: 1.5 * l,
                    },
                ));
            }
            ty += 2.0 * l;
        }
        let style = Style::new(size);
        let dot = ts.shaper.shape(REGULAR, 0, ".");
        let dot_glyph = dot.glyphs.first().cloned();
        let dot_width = dot.width * size;
        let spacing = size * 0.6;
        for row in self.rows {
            let Some(page) = pages.get_mut(row.page) else {
                continue;
            };
            let n = row.lines.len();
            let placed = place(&row.id);
            let label = row
                .lines
                .first()
                .map(|l| l.label.clone())
                .unwrap_or_default();
            let said: Vec<&str> = row.lines.iter().map(|l| l.text.trim()).collect();
            let said = said.join(" ");
            let mut last_end = 0.0f32;
            for (i, line) in row.lines.into_iter().enumerate() {
                if i + 1 == n {
                    last_end = line.x + line.info.width;
                }
                page.pieces.push((
                    row.y + i as f32 * l,
                    Piece::Text {
                        line,
                        baseline: BASELINE * l,
                    },
                ));
            }
            let Some(folio) = placed else {
                continue;
            };
            let last_y = row.y + (n.max(1) - 1) as f32 * l;
            let text = folio.text();
            let spec = ParaSpec {
                style,
                measure: geo.measure,
                indent: 0.0,
                align: Align::Left,
                hyphenate: false,
                body: false,
            };
            let folio_width = ts.measure(&text, style);
            if let Some(mut line) = ts.text(&text, &spec).into_iter().next() {
                line.x = geo.measure - folio_width;
                line.label = label.clone();
                page.pieces.push((
                    last_y,
                    Piece::Text {
                        line,
                        baseline: BASELINE * l,
                    },
                ));
            }
            if let Some(g) = &dot_glyph {
                // Dots on a grid counted from the right edge, so that the
                // leaders of all entries line up.
                let right = geo.measure - folio_width - size * 0.5;
                let left = last_end + size * 0.5;
                let mut xs: Vec<f32> = Vec::new();
                let mut k = 1.0f32;
                loop {
                    let x = geo.measure - k * spacing;
                    if x < left {
                        break;
                    }
                    if x + dot_width <= right {
                        xs.push(x);
                    }
                    k += 1.0;
                }
                xs.reverse();
                if let Some(&x0) = xs.first() {
                    let mut line = Line {
                        text: ".".repeat(xs.len()),
                        label: Label::Artifact(ArtifactKind::Layout),
                        ..Line::default()
                    };
                    for (j, x) in xs.iter().enumerate() {
                        line.push_glyph(
                            g.face,
                            size,
                            0.0,
                            x - x0,
                            PGlyph::new(g.id, j..j + 1, spacing / size, 0.0, 0.0),
                        );
                    }
                    line.x = x0;
                    line.info.width = xs.len() as f32 * spacing;
                    line.info.measure = line.info.width;
                    page.pieces.push((
                        last_y,
                        Piece::Text {
                            line,
                            baseline: BASELINE * l,
                        },
                    ));
                }
            }
            page.links.push((
                [row.indent, row.y, geo.measure, row.y + n.max(1) as f32 * l],
                row.id,
                said,
                label,
            ));
        }
        pages
    }
}

/// Puts the contents pages on the pages reserved for them (`reserved`,
/// the first being page index `first`), their entries linked to their
/// headings, each page after the first under a running head `title`.
pub fn place(
    contents: Vec<TocPage>,
    ts: &mut Typesetter<'_, '_>,
    geo: &Geometry,
    reserved: &mut [Page],
    first: usize,
    links: &mut LinkTable,
    title: &str,
) {
    for (k, (tp, page)) in contents.into_iter().zip(reserved).enumerate() {
        let left = geo.left(page.number);
        for (y, piece) in tp.pieces {
            page.pieces.push((left, geo.top + y, piece));
        }
        for (r, id, alt, label) in tp.links {
            links.add(
                first + k,
                [left + r[0], geo.top + r[1], left + r[2], geo.top + r[3]],
                Target::Anchor(id),
                alt,
                label,
            );
        }
        if k > 0 {
            let (number, folio) = (page.number, page.folio.text());
            running_head(ts, geo, number, &folio, title, page);
        }
    }
}
