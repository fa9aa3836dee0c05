//! Links in the PDF: where headings, note marks and note texts ended up
//! (destinations), and the clickable rectangles of each page (note mark →
//! note, note number → mark, contents entry → heading, Markdown links →
//! their heading or URI). The page builder records both while it places
//! lines; since the whole book is laid out before the first page is drawn,
//! every target is known, forward ones included, when [`LinkTable::resolve`]
//! gives each link its place.

use std::collections::HashMap;

use super::frame::{Dest, Link, LinkTarget, Page};
use super::label::Label;
use super::lines::Line;
use crate::model::{self, Book, NoteId, NoteRefId};

/// What a link points at, before the book is laid out.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// An external address (`https:`, `mailto:`…).
    Uri(String),
    /// A heading or chapter, by id.
    Anchor(String),
    /// The start of a note's text.
    Note(NoteId),
    /// A note's reference mark in the text.
    Mark(NoteRefId),
}

/// Where the page builder put every heading, mark and note text.
#[derive(Debug, Default)]
pub struct Destinations {
    pub anchors: HashMap<String, Dest>,
    pub notes: HashMap<NoteId, Dest>,
    pub marks: HashMap<NoteRefId, Dest>,
}

impl Destinations {
    /// Where a target leads; `None` if it was never placed.
    pub fn resolve(&self, target: &Target) -> Option<LinkTarget> {
        let dest = match target {
            Target::Uri(uri) => return Some(LinkTarget::Uri(uri.clone())),
            Target::Anchor(id) => self.anchors.get(id),
            Target::Note(id) => self.notes.get(id),
            Target::Mark(id) => self.marks.get(id),
        };
        dest.copied().map(LinkTarget::Dest)
    }
}

/// A clickable rectangle waiting for its target to be placed.
#[derive(Debug, Clone, PartialEq)]
struct Pending {
    /// 0-based index of the page it is on.
    page: usize,
    rect: [f32; 4],
    target: Target,
    alt: String,
    label: Label,
}

/// The destinations and links recorded while the book is laid out.
#[derive(Debug, Default)]
pub struct LinkTable {
    pub dests: Destinations,
    pending: Vec<Pending>,
}

impl LinkTable {
    /// A link on page `page` (0-based) over `rect`, saying `alt` (the
    /// text it covers), in the structure element `label`.
    pub fn add(&mut self, page: usize, rect: [f32; 4], target: Target, alt: String, label: Label) {
        self.pending.push(Pending {
            page,
            rect,
            target,
            alt,
            label,
        });
    }

    /// Records a line's note marks (as destinations, and as links to their
    /// note's text) and its Markdown links; the line's baseline at `at`.
    pub fn line(&mut self, line: &Line, at: (f32, f32), page: usize) {
        for m in &line.marks {
            let rect = span_rect(line, at, m.x0, m.x1);
            self.dests.marks.entry(m.note).or_insert(Dest {
                page,
                x: rect[0],
                y: rect[1] - line.runs.first().map_or(0.0, |r| r.size),
            });
            let alt = span_text(line, m.x0, m.x1);
            self.add(
                page,
                rect,
                Target::Note(m.note.note),
                alt,
                line.label.clone(),
            );
        }
        for span in &line.links {
            self.add(
                page,
                span_rect(line, at, span.x0, span.x1),
                span.target.clone(),
                span_text(line, span.x0, span.x1),
                line.label.clone(),
            );
        }
    }

    /// Records where a note's text starts (`at`: its left edge, top and
    /// baseline) and links its number, at `number` (`x0..x1` on `line`),
    /// back to the note's first reference mark.
    pub fn note_number(
        &mut self,
        id: NoteId,
        line: &Line,
        at: (f32, f32, f32),
        number: (f32, f32),
        page: usize,
    ) {
        let (left, top, baseline) = at;
        self.dests.notes.entry(id).or_insert(Dest {
            page,
            x: left,
            y: top,
        });
        self.add(
            page,
            span_rect(line, (left, baseline), number.0, number.1),
            Target::Mark(NoteRefId {
                note: id,
                occurrence: 0,
            }),
            span_text(line, number.0, number.1),
            line.label.clone(),
        );
    }

    /// Gives every link its place, in the order they were recorded, and
    /// drops those to nothing placed.
    pub fn resolve(&mut self, pages: &mut [Page]) {
        for p in std::mem::take(&mut self.pending) {
            if let (Some(target), Some(page)) =
                (self.dests.resolve(&p.target), pages.get_mut(p.page))
            {
                page.links.push(Link {
                    rect: p.rect,
                    target,
                    alt: p.alt,
                    label: p.label,
                });
            }
        }
    }
}

/// The rectangle of a stretch of a line: `x0..x1` from the line's left
/// edge, the line's baseline at `at.1`.
fn span_rect(line: &Line, at: (f32, f32), x0: f32, x1: f32) -> [f32; 4] {
    let size = line
        .runs
        .iter()
        .map(|r| r.size)
        .fold(0.0f32, f32::max)
        .max(1.0);
    let left = at.0 + line.x;
    [left + x0, at.1 - size * 0.8, left + x1, at.1 + size * 0.25]
}

/// The text a stretch `x0..x1` of a line shows (the glyphs whose middle
/// falls in it), trimmed: what a link over it says.
fn span_text(line: &Line, x0: f32, x1: f32) -> String {
    let mut range: Option<(usize, usize)> = None;
    for (x, w, g) in line.placed_glyphs() {
        if (x0..=x1).contains(&(x + w / 2.0)) {
            let t = g.text();
            range = Some(match range {
                Some((a, b)) => (a.min(t.start), b.max(t.end)),
                None => (t.start, t.end),
            });
        }
    }
    range
        .and_then(|(a, b)| line.text.get(a..b))
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Where a resolved link of the model leads in the PDF: a URI, or a
/// named destination (a chapter's id, a heading's or an author's id).
/// `None` for a link to an image file, which a printed page cannot open.
pub fn target_of(book: &Book, target: &model::LinkTarget) -> Option<Target> {
    match target {
        model::LinkTarget::External(url) => Some(Target::Uri(url.clone())),
        model::LinkTarget::Chapter(c) => {
            book.chapters.get(*c).map(|c| Target::Anchor(c.id.clone()))
        }
        model::LinkTarget::Anchor { id, .. } => Some(Target::Anchor(id.clone())),
        model::LinkTarget::Unresolved(_) => None,
    }
}
