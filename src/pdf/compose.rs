//! The page builder: the title and copyright pages, the contents, then each
//! chapter's flow broken into pages (body lines from the top of the text
//! block, notes at its foot under a short rule), with mirrored margins,
//! running heads and folios (roman in the front matter, arabic from the
//! body's first page). It records where headings, note marks and note texts
//! land, so links, the contents and the outline can point at them, and
//! where each page begins in the model ([`super::records`]).
//!
//! The whole book is laid out before the first page is drawn: the contents
//! stand before the pages they list. What the engine set is recorded per
//! page ([`PageLines`]) for statistics and tests.

use std::ops::Range;

use super::flow::{BASELINE, Blocks, Flow, Frame, Piece};
use super::fonts::Fonts;
use super::inline::{Align, ParaSpec, Style, Typesetter};
use super::folio::Folio;
use super::lines::{Line, LineInfo};
use super::links::{self, Dest, Destinations, Link, Target};
use super::notes;
use super::outline;
use super::pagebreak::{self, NoteBody, PageSpec, VItem};
use super::records::{self, PageStart};
use super::toc::Toc;
use crate::diag::Diagnostic;
use crate::error::Result;
use crate::model::{Block, BlockKind, Book, ChapterKind, NoteId, NoteRefId, inlines_plain_text};

/// The page and text block, in points (origin top-left, y down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    pub top: f32,
    pub inner: f32,
    pub outer: f32,
    /// Width of the text block.
    pub measure: f32,
    /// Height of the text block: a whole number of leadings.
    pub block_height: f32,
    pub size: f32,
    pub leading: f32,
}

impl Geometry {
    pub fn new(book: &Book) -> Geometry {
        let pdf = &book.settings.pdf;
        let leading = pdf.leading.max(pdf.font_size).max(1.0);
        let avail = (pdf.trim.height - pdf.margins.top - pdf.margins.bottom).max(leading * 4.0);
        Geometry {
            width: pdf.trim.width,
            height: pdf.trim.height,
            top: pdf.margins.top,
            inner: pdf.margins.inner,
            outer: pdf.margins.outer,
            measure: (pdf.trim.width - pdf.margins.inner - pdf.margins.outer)
                .max(pdf.font_size * 10.0),
            block_height: (avail / leading).floor() * leading,
            size: pdf.font_size,
            leading,
        }
    }

    /// The text block's left edge: inner margin on rectos (odd pages).
    pub fn left(&self, number: usize) -> f32 {
        if number % 2 == 1 {
            self.inner
        } else {
            self.outer
        }
    }
}

/// A page ready to draw: pieces with the origin each is relative to, its
/// folio (printed and shown as the PDF page label) and its links.
#[derive(Debug, Default)]
pub struct PageOut {
    /// 1-based page number.
    pub number: usize,
    pub folio: Folio,
    pub pieces: Vec<(f32, f32, Piece)>,
    /// Clickable rectangles; after [`compose`] every target is a
    /// [`Target::Uri`] or a resolved [`Target::Dest`].
    pub links: Vec<Link>,
}

/// What the engine set on one page, for statistics and tests.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageLines {
    pub number: usize,
    /// The folio printed on the page (and its PDF page label).
    pub folio: Folio,
    /// Body lines, top to bottom.
    pub lines: Vec<LineInfo>,
    /// Note lines, top to bottom.
    pub notes: Vec<LineInfo>,
    /// Whether this page opens a chapter.
    pub chapter_opening: bool,
    /// Where the page begins in the model (`None` for the title, copyright,
    /// contents and blank pages). See [`super::records`].
    pub start: Option<PageStart>,
    /// Note reference marks in the page's body lines, in reading order.
    pub calls: Vec<NoteCall>,
    /// The note text at the page's foot, in order: continued notes first.
    pub note_slices: Vec<NoteLines>,
    /// No legal break could be found: the page breaks a rule (reported as a
    /// warning).
    pub emergency: bool,
}

/// A note reference mark on a page: the note and occurrence, and the index
/// of its line in [`PageLines::lines`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NoteCall {
    pub note: NoteRefId,
    pub line: usize,
}

/// Lines `lines` (of `total`) of a note, set at a page's foot.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteLines {
    pub note: NoteId,
    pub lines: Range<usize>,
    pub total: usize,
}

/// The laid-out book: every page ready to draw, the engine's record of
/// each, and the outline entries (depth, title, destination).
#[derive(Debug, Default)]
pub struct Layout {
    pub pages: Vec<PageOut>,
    pub records: Vec<PageLines>,
    pub outline: Vec<(u8, String, Dest)>,
}

/// Lays out the whole book: title and copyright pages, contents, then the
/// chapters. The book is laid out whole before anything is drawn, so the
/// contents (which precede the pages they list) and links to later pages
/// know their targets.
pub fn compose(book: &Book, fonts: &Fonts<'_>, warnings: &mut Vec<Diagnostic>) -> Result<Layout> {
    let geo = Geometry::new(book);
    let mut ts = Typesetter::new(book, fonts);
    let mut out = Layout::default();
    let mut dests = Destinations::default();
    let headings = outline::headings(book);

    // Title page and its verso.
    for page in front_pages(&mut ts, &geo) {
        let number = out.pages.len() + 1;
        out.push(
            PageOut {
                number,
                folio: Folio::Roman(number as u32),
                ..page
            },
            None,
        );
    }

    // The contents: set now to know how many pages they take, numbered
    // once the chapters are laid out.
    let toc = Toc::new(&mut ts, &geo, &headings);
    let toc_first = out.pages.len();
    for _ in 0..toc.pages {
        let number = out.pages.len() + 1;
        out.push(
            PageOut {
                number,
                folio: Folio::Roman(number as u32),
                ..PageOut::default()
            },
            None,
        );
    }
    out.outline.push((
        0,
        crate::lang::labels(&book.meta.language)
            .contents
            .to_string(),
        Dest {
            page: toc_first,
            x: geo.left(toc_first + 1),
            y: geo.top,
        },
    ));

    let body_frame = Frame {
        size: geo.size,
        leading: geo.leading,
        measure: geo.measure,
        x: 0.0,
    };
    let note_frame = notes::frame(&body_frame);
    let spec = PageSpec {
        height: geo.block_height,
        note_separator: note_frame.leading,
        note_gap: (note_frame.leading * 0.2).round(),
    };
    let mut body_start: Option<usize> = None;
    for (ci, chapter) in book.chapters.iter().enumerate() {
        if out.pages.len() % 2 == 1 {
            let number = out.pages.len() + 1;
            out.push(
                PageOut {
                    number,
                    folio: Folio::of(number, body_start),
                    ..PageOut::default()
                },
                None,
            );
        }
        if chapter.kind != ChapterKind::Front && body_start.is_none() {
            body_start = Some(out.pages.len() + 1);
        }
        let chapter_title = inlines_plain_text(&chapter.title);
        let mut blocks = Blocks {
            ts: &mut ts,
            warnings,
            page_height: geo.block_height,
        };
        let mut flow = Flow::new(false);
        let mut rest: &[Block] = &chapter.blocks;
        // Where each top-level block's items begin: (item, block index).
        let mut block_starts: Vec<(usize, usize)> = Vec::new();
        let sink_height = (geo.block_height / geo.leading / 5.0).round().max(2.0) * geo.leading;
        flow.fixed(sink_height, vec![Piece::Anchor(chapter.id.clone())]);
        if let Some(Block {
            kind:
                BlockKind::Heading {
                    level: 1,
                    content,
                    id,
                },
            ..
        }) = rest.first()
        {
            block_starts.push((0, 0));
            let title_style = Style::new(geo.size * 1.6);
            let spec = ParaSpec {
                style: title_style,
                measure: geo.measure,
                indent: 0.0,
                align: Align::Center,
                hyphenate: false,
                body: false,
            };
            let lines = blocks.ts.paragraph(content, &spec);
            for (i, line) in lines.into_iter().enumerate() {
                let mut pieces = Vec::new();
                if i == 0 && id != &chapter.id {
                    pieces.push(Piece::Anchor(id.clone()));
                }
                pieces.push(Piece::Text {
                    line,
                    baseline: 1.5 * geo.leading,
                });
                flow.fixed(2.0 * geo.leading, pieces);
            }
            flow.fixed(2.0 * geo.leading, Vec::new());
            rest = &rest[1..];
        }
        let skipped = chapter.blocks.len() - rest.len();
        for (bi, block) in rest.iter().enumerate() {
            block_starts.push((flow.items.len(), bi + skipped));
            blocks.blocks(&mut flow, std::slice::from_ref(block), &body_frame);
        }
        // Characters set before each item, for the page records.
        let mut chars = Vec::with_capacity(flow.items.len() + 1);
        chars.push(0usize);
        for (item, pieces) in flow.items.iter().zip(&flow.pieces) {
            let n = match item {
                VItem::Line { .. } => records::counted_chars(book, pieces),
                _ => 0,
            };
            chars.push(chars.last().copied().unwrap_or(0) + n);
        }
        // The notes first referenced in this chapter, set at note size.
        let mut note_flows: Vec<Flow> = Vec::new();
        let mut bodies: Vec<NoteBody> = Vec::new();
        for id in flow.notes.clone() {
            let set = notes::typeset(&mut blocks, book.note(id), &note_frame);
            note_flows.push(set.flow);
            bodies.push(set.body);
        }
        let mut note_lines: Vec<Vec<(f32, Vec<Piece>)>> = note_flows
            .into_iter()
            .map(|f| {
                f.items
                    .into_iter()
                    .zip(f.pieces)
                    .filter_map(|(item, pieces)| match item {
                        VItem::Line { height, .. } => Some((height, pieces)),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        let pages = pagebreak::break_pages(&flow.items, &bodies, &spec);
        let mut section: Option<String> = None;
        for (pi, page) in pages.iter().enumerate() {
            let number = out.pages.len() + 1;
            let index = number - 1;
            let left = geo.left(number);
            let folio = Folio::of(number, body_start);
            let mut po = PageOut {
                number,
                folio,
                ..PageOut::default()
            };
            let first_line = page
                .body
                .clone()
                .find(|&i| matches!(flow.items.get(i), Some(VItem::Line { .. })))
                .unwrap_or(page.body.end);
            let start = {
                let k = block_starts.partition_point(|(s, _)| *s <= first_line);
                match k.checked_sub(1).and_then(|k| block_starts.get(k)) {
                    Some(&(s, b)) => PageStart {
                        chapter: ci,
                        block: vec![b],
                        offset: chars.get(first_line).copied().unwrap_or(0)
                            - chars.get(s).copied().unwrap_or(0),
                    },
                    None => PageStart {
                        chapter: ci,
                        block: vec![0],
                        offset: 0,
                    },
                }
            };
            let mut lines = PageLines {
                number,
                folio,
                chapter_opening: pi == 0,
                emergency: page.emergency,
                ..PageLines::default()
            };
            if page.emergency {
                let pos = start
                    .block
                    .first()
                    .and_then(|&b| chapter.blocks.get(b))
                    .map(|b| b.pos);
                let file = book
                    .sources
                    .get(chapter.source.0)
                    .map(|s| s.path.clone())
                    .unwrap_or_default();
                blocks.warnings.push(Diagnostic::warning(
                    file,
                    pos.map_or(1, |p| p.line),
                    pos.map_or(1, |p| p.col),
                    format!(
                        "PDF page {}: no page break keeps every rule here (something taller \
                         than the page, or a note that cannot start on its call's page); \
                         the page breaks a rule",
                        folio.text()
                    ),
                ));
            }
            lines.start = Some(start);
            let mut y = geo.top;
            let mut started = false;
            let mut first_section: Option<String> = None;
            let section_at_start = section.clone();
            for i in page.body.clone() {
                match &flow.items[i] {
                    VItem::Line { height, .. } => {
                        for piece in std::mem::take(&mut flow.pieces[i]) {
                            match &piece {
                                Piece::Text { line, baseline } => {
                                    lines.lines.push(line.info);
                                    let at = lines.lines.len() - 1;
                                    lines.calls.extend(
                                        line.notes.iter().map(|&note| NoteCall { note, line: at }),
                                    );
                                    line_links(
                                        book,
                                        line,
                                        (left, y + baseline),
                                        index,
                                        &mut po.links,
                                        &mut dests,
                                    );
                                }
                                Piece::Section(s) => {
                                    section = Some(s.clone());
                                    first_section.get_or_insert_with(|| s.clone());
                                }
                                Piece::Anchor(id) => {
                                    dests.anchors.entry(id.clone()).or_insert(Dest {
                                        page: index,
                                        x: left,
                                        y,
                                    });
                                }
                                _ => {}
                            }
                            po.pieces.push((left, y, piece));
                        }
                        y += height;
                        started = true;
                    }
                    VItem::Glue { height, .. } if started => y += height,
                    _ => {}
                }
            }
            // Notes at the foot of the text block, under a short rule.
            if !page.notes.is_empty() {
                let mut total = spec.note_separator;
                for (k, slice) in page.notes.iter().enumerate() {
                    if k > 0 {
                        total += spec.note_gap;
                    }
                    total += slice
                        .lines
                        .clone()
                        .filter_map(|l| bodies.get(slice.note).and_then(|b| b.lines.get(l)))
                        .sum::<f32>();
                }
                let mut ny = geo.top + geo.block_height - total;
                po.pieces.push((
                    left,
                    ny,
                    Piece::Rule {
                        x: 0.0,
                        y: spec.note_separator * 0.45,
                        w: geo.measure * 0.25,
                        thickness: 0.4,
                    },
                ));
                ny += spec.note_separator;
                for (k, slice) in page.notes.iter().enumerate() {
                    if k > 0 {
                        ny += spec.note_gap;
                    }
                    let note_id = flow.notes.get(slice.note).copied();
                    if let (Some(id), Some(body)) = (note_id, bodies.get(slice.note)) {
                        lines.note_slices.push(NoteLines {
                            note: id,
                            lines: slice.lines.clone(),
                            total: body.lines.len(),
                        });
                    }
                    let Some(nl) = note_lines.get_mut(slice.note) else {
                        continue;
                    };
                    for l in slice.lines.clone() {
                        let Some((h, pieces)) = nl.get_mut(l) else {
                            continue;
                        };
                        let mut first_text = l == 0;
                        for piece in std::mem::take(pieces) {
                            if let Piece::Text { line, baseline } = &piece {
                                lines.notes.push(line.info);
                                line_links(
                                    book,
                                    line,
                                    (left, ny + baseline),
                                    index,
                                    &mut po.links,
                                    &mut dests,
                                );
                                if first_text && let Some(id) = note_id {
                                    first_text = false;
                                    note_number_link(
                                        blocks.ts,
                                        book,
                                        id,
                                        line,
                                        (left, ny, ny + baseline),
                                        note_frame.size,
                                        index,
                                        &mut po.links,
                                        &mut dests,
                                    );
                                }
                            }
                            po.pieces.push((left, ny, piece));
                        }
                        ny += *h;
                    }
                }
            }
            if pi > 0 {
                let head = if number.is_multiple_of(2) {
                    book.meta.title.clone()
                } else {
                    first_section
                        .or(section_at_start)
                        .unwrap_or_else(|| chapter_title.clone())
                };
                running_head(blocks.ts, &geo, number, &folio.text(), &head, &mut po);
            }
            out.push(po, Some(lines));
        }
    }

    // Now that every heading has its page, the contents get their folios.
    let folio_of = |id: &str| {
        dests
            .anchors
            .get(id)
            .and_then(|d| out.pages.get(d.page))
            .map(|p| p.folio)
    };
    let toc_pages = toc.pages(&mut ts, &geo, &folio_of);
    let contents = crate::lang::labels(&book.meta.language).contents;
    for (k, tp) in toc_pages.into_iter().enumerate() {
        let Some(page) = out.pages.get_mut(toc_first + k) else {
            continue;
        };
        let left = geo.left(page.number);
        for (y, piece) in tp.pieces {
            page.pieces.push((left, geo.top + y, piece));
        }
        for (r, id) in tp.links {
            page.links.push(Link {
                rect: [left + r[0], geo.top + r[1], left + r[2], geo.top + r[3]],
                target: Target::Anchor(id),
            });
        }
        if k > 0 {
            let (number, folio) = (page.number, page.folio.text());
            running_head(&mut ts, &geo, number, &folio, contents, page);
        }
    }

    // Resolve every link; drop those to nothing placed.
    for page in &mut out.pages {
        page.links.retain_mut(|link| match &link.target {
            Target::Uri(_) => true,
            t => match dests.resolve(t) {
                Some(d) => {
                    link.target = Target::Dest(d);
                    true
                }
                None => false,
            },
        });
    }
    for h in &headings {
        if let Some(d) = dests.anchors.get(&h.id) {
            out.outline.push((h.depth, h.title.clone(), *d));
        }
    }
    Ok(out)
}

impl Layout {
    fn push(&mut self, page: PageOut, lines: Option<PageLines>) {
        let lines = lines.unwrap_or_else(|| PageLines {
            number: page.number,
            folio: page.folio,
            ..PageLines::default()
        });
        self.records.push(lines);
        self.pages.push(page);
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

/// Records a line's note marks (as destinations, and as links to their
/// note's text) and its Markdown links.
fn line_links(
    book: &Book,
    line: &Line,
    at: (f32, f32),
    page: usize,
    links: &mut Vec<Link>,
    dests: &mut Destinations,
) {
    for m in &line.marks {
        let rect = span_rect(line, at, m.x0, m.x1);
        dests.marks.entry(m.note).or_insert(Dest {
            page,
            x: rect[0],
            y: rect[1] - line.runs.first().map_or(0.0, |r| r.size),
        });
        links.push(Link {
            rect,
            target: Target::Note(m.note.note),
        });
    }
    for span in &line.links {
        if let Some(target) = links::target_of_url(book, &span.url) {
            links.push(Link {
                rect: span_rect(line, at, span.x0, span.x1),
                target,
            });
        }
    }
}

/// Records where a note's text starts and links its number back to the
/// note's (first) reference mark.
#[allow(clippy::too_many_arguments)]
fn note_number_link(
    ts: &mut Typesetter<'_, '_>,
    book: &Book,
    id: NoteId,
    line: &Line,
    at: (f32, f32, f32),
    size: f32,
    page: usize,
    links: &mut Vec<Link>,
    dests: &mut Destinations,
) {
    let (left, top, baseline) = at;
    dests.notes.entry(id).or_insert(Dest {
        page,
        x: left,
        y: top,
    });
    let number = format!("{}.", book.note(id).number);
    let w = ts.measure(&number, Style::new(size));
    links.push(Link {
        rect: span_rect(line, (left, baseline), 0.0, w),
        target: Target::Mark(NoteRefId {
            note: id,
            occurrence: 0,
        }),
    });
}

/// The running head (italic, centred) and the folio at the outer edge, a
/// leading and a half above the text block.
fn running_head(
    ts: &mut Typesetter<'_, '_>,
    geo: &Geometry,
    number: usize,
    folio: &str,
    head: &str,
    out: &mut PageOut,
) {
    let left = geo.left(number);
    let y = geo.top - geo.leading * 1.6;
    let style = Style {
        italic: true,
        ..Style::new(geo.size * 0.9)
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
        out.pieces.push((
            left,
            y,
            Piece::Text {
                line,
                baseline: 0.0,
            },
        ));
    }
    let folio_style = Style::new(geo.size * 0.9);
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

/// The title page (title, subtitle, authors, publisher) and its verso
/// (rights, source, identifier).
fn front_pages(ts: &mut Typesetter<'_, '_>, geo: &Geometry) -> Vec<PageOut> {
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
    let mut title_page = PageOut::default();
    let left = geo.left(1);
    let mut y = geo.top + geo.block_height * 0.22;
    let center = |ts: &mut Typesetter<'_, '_>,
                  text: &str,
                  style: Style,
                  lead: f32,
                  y: &mut f32,
                  out: &mut PageOut| {
        let spec = ParaSpec {
            style,
            measure: geo.measure,
            indent: 0.0,
            align: Align::Center,
            hyphenate: false,
            body: false,
        };
        for line in ts.text(text, &spec) {
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
    let mut verso = PageOut::default();
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
        set.extend(ts.text(t, &spec));
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
