//! The book laid out, in order: the title page and its verso, the contents
//! (reserved now, filled last), then each chapter on a recto (or the next
//! page, `[pdf] chapter-start = "any"`; after its
//! part's title page when it opens a part) — set as a
//! vertical list ([`super::chapter`]), broken into pages
//! ([`super::pagebreak`]) and placed ([`super::place`]) with mirrored
//! margins, running heads and folios (roman in the front matter, arabic
//! from the body's first page). Then the contents get their folios, every
//! link its place, and the outline its entries.
//!
//! The whole book is laid out before the first page is drawn: the contents
//! stand before the pages they list.
//!
//! Chapters are set and broken into pages at once, one a thread (rayon),
//! each with a typesetter of its thread in front of the book's one word
//! cache; they are numbered and placed afterwards, in order, so the PDF
//! is the same bytes whatever the number of threads.

use super::chapter;
use super::flow::Region;
use super::folio::Folio;
use super::fonts::Fonts;
use super::frame::{Dest, Geometry, LaidOutBook, OutlineEntry, Page};
use super::front::front_pages;
use super::inline::Typesetter;
use super::links::LinkTable;
use super::notes;
use super::outline;
use super::pagebreak::PageSpec;
use super::part::part_page;
use super::place::Placer;
use super::toc::{self, Toc};
use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::model::{Book, ChapterKind, ChapterStart};

/// Lays out the whole book: title and copyright pages, contents, then the
/// chapters. The book is laid out whole before anything is drawn, so the
/// contents (which precede the pages they list) and links to later pages
/// know their targets.
///
/// Content the layout cannot set (a table whose columns cannot hold a
/// character, a code line that cannot be broken to fit) is an error at its
/// place: the result is [`Error::Book`] with every diagnostic gathered so
/// far, and no PDF is written.
pub fn compose(
    book: &Book,
    fonts: &Fonts<'_>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<LaidOutBook> {
    let reported = warnings.len();
    let geo = Geometry::new(book);
    let mut ts = Typesetter::new(book, fonts);
    let mut out = LaidOutBook::default();
    let mut links = LinkTable::default();
    let headings = outline::headings(book);
    let contents_title = &crate::lang::labels(&book.meta.language).contents;

    // Title page and its verso.
    for page in front_pages(&mut ts, &geo) {
        let number = out.pages.len() + 1;
        let folio = Folio::Roman(number as u32);
        out.push(
            Page {
                number,
                folio,
                ..page
            },
            None,
        );
    }

    // The contents: set now to know how many pages they take, numbered
    // once the chapters are laid out.
    let contents = Toc::new(&mut ts, &geo, &headings);
    let toc_first = out.pages.len();
    for _ in 0..contents.pages {
        blank_page(&mut out, None);
    }
    out.outline.push(OutlineEntry {
        depth: 0,
        title: contents_title.to_string(),
        dest: Dest {
            page: toc_first,
            x: geo.left(toc_first + 1),
            y: geo.top,
        },
    });

    let body = Region {
        size: geo.size,
        leading: geo.leading,
        measure: geo.measure,
        x: 0.0,
    };
    let note = notes::region(&body);
    let spec = PageSpec {
        height: geo.block_height,
        note_separator: note.leading,
        note_gap: (note.leading * 0.2).round(),
        leading: geo.leading,
    };
    let broken = chapter::lay_out_all(book, fonts, &geo, (&body, &note), &spec);
    let mut body_start: Option<usize> = None;
    for ((ci, chapter), mut broken) in book.chapters.iter().enumerate().zip(broken) {
        // Chapters open on a recto (with `chapter-start = "any"`, only the
        // body's first and a part's: page 1 and a part's title page are
        // rectos in any book).
        let first_of_body = chapter.kind != ChapterKind::Front && body_start.is_none();
        let recto = book.settings.pdf.options.chapter_start == ChapterStart::Recto
            || first_of_body
            || chapter.part.is_some();
        if recto && out.pages.len() % 2 == 1 {
            blank_page(&mut out, body_start);
        }
        if first_of_body {
            body_start = Some(out.pages.len() + 1);
        }
        if let Some(part) = &chapter.part {
            part_page(&mut ts, &geo, part, ci, body_start, &mut out, &mut links);
            blank_page(&mut out, body_start);
        }
        warnings.append(&mut broken.warnings);
        let mut placer = Placer {
            ts: &mut ts,
            warnings,
            book,
            geo: &geo,
            spec: &spec,
            note_size: note.size,
            body_start,
            out: &mut out,
            links: &mut links,
        };
        placer.chapter(ci, broken.set, &broken.pages);
    }

    // Now that every heading has its page, the contents get their folios.
    let contents = {
        let folio_of = |id: &str| {
            links
                .dests
                .anchors
                .get(id)
                .and_then(|d| out.pages.get(d.page))
                .map(|p| p.folio)
        };
        contents.pages(&mut ts, &geo, &folio_of)
    };
    let reserved = out.pages.get_mut(toc_first..).unwrap_or_default();
    toc::place(
        contents,
        &mut ts,
        &geo,
        reserved,
        toc_first,
        &mut links,
        contents_title,
    );

    if warnings[reported..].iter().any(Diagnostic::is_error) {
        return Err(Error::Book(std::mem::take(warnings)));
    }
    links.resolve(&mut out.pages);
    for (i, h) in headings.iter().enumerate() {
        if i > 0 && h.repeats(&headings[i - 1]) {
            continue;
        }
        if let Some(&dest) = links.dests.anchors.get(&h.id) {
            out.outline.push(OutlineEntry {
                depth: h.depth,
                title: h.label(' '),
                dest,
            });
        }
    }
    Ok(out)
}

/// An empty page after the last: a contents page still to fill, or the
/// verso left blank before a chapter.
fn blank_page(out: &mut LaidOutBook, body_start: Option<usize>) {
    let number = out.pages.len() + 1;
    out.push(
        Page {
            number,
            folio: Folio::of(number, body_start),
            ..Page::default()
        },
        None,
    );
}
