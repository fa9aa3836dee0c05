//! The page builder: the title and copyright pages, then each chapter's
//! flow broken into pages (body lines from the top of the text block, notes
//! at its foot under a short rule), with mirrored margins, running heads and
//! folios. Pages are handed to a sink one at a time, so a long book is never
//! held in memory whole; what the engine set is recorded per page.

use super::flow::{BASELINE, Blocks, Flow, Frame, Piece};
use super::fonts::Fonts;
use super::inline::{Align, ParaSpec, Style, Typesetter};
use super::lines::{Line, LineInfo};
use super::notes;
use super::pagebreak::{self, NoteBody, PageSpec, VItem};
use crate::diag::Diagnostic;
use crate::error::Result;
use crate::model::{Block, BlockKind, Book, inlines_plain_text};

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

/// A page ready to draw: pieces with the origin each is relative to.
#[derive(Debug, Default)]
pub struct PageOut {
    /// 1-based page number.
    pub number: usize,
    pub pieces: Vec<(f32, f32, Piece)>,
}

/// What the engine set on one page, for statistics and tests.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageLines {
    pub number: usize,
    /// Body lines, top to bottom.
    pub lines: Vec<LineInfo>,
    /// Note lines, top to bottom.
    pub notes: Vec<LineInfo>,
    /// Whether this page opens a chapter.
    pub chapter_opening: bool,
}

/// Lays out the whole book, handing each page to `sink` as it is made.
pub fn compose(
    book: &Book,
    fonts: &Fonts<'_>,
    warnings: &mut Vec<Diagnostic>,
    sink: &mut dyn FnMut(PageOut) -> Result<()>,
) -> Result<Vec<PageLines>> {
    let geo = Geometry::new(book);
    let mut ts = Typesetter::new(book, fonts);
    let mut record = Vec::new();
    let mut number = 0usize;
    let mut emit = |page: PageOut, lines: PageLines, record: &mut Vec<PageLines>| {
        record.push(lines);
        sink(page)
    };

    // Title page and its verso.
    for page in front_pages(&mut ts, &geo) {
        number += 1;
        emit(
            PageOut { number, ..page },
            PageLines {
                number,
                ..PageLines::default()
            },
            &mut record,
        )?;
    }

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
    for (ci, chapter) in book.chapters.iter().enumerate() {
        if number % 2 == 1 {
            number += 1;
            emit(
                PageOut {
                    number,
                    ..PageOut::default()
                },
                PageLines {
                    number,
                    ..PageLines::default()
                },
                &mut record,
            )?;
        }
        let chapter_title = inlines_plain_text(&chapter.title);
        let mut blocks = Blocks {
            ts: &mut ts,
            warnings,
            page_height: geo.block_height,
        };
        let mut flow = Flow::new(false);
        let mut rest: &[Block] = &chapter.blocks;
        let sink_height = (geo.block_height / geo.leading / 5.0).round().max(2.0) * geo.leading;
        flow.fixed(sink_height, vec![Piece::Anchor(chapter.id.clone())]);
        if let Some(Block {
            kind: BlockKind::Heading {
                level: 1, content, ..
            },
            ..
        }) = rest.first()
        {
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
            for line in lines {
                flow.fixed(
                    2.0 * geo.leading,
                    vec![Piece::Text {
                        line,
                        baseline: 1.5 * geo.leading,
                    }],
                );
            }
            flow.fixed(2.0 * geo.leading, Vec::new());
            rest = &rest[1..];
        }
        blocks.blocks(&mut flow, rest, &body_frame);
        // The notes first referenced in this chapter, set at note size.
        let mut note_flows: Vec<Flow> = Vec::new();
        let mut bodies: Vec<NoteBody> = Vec::new();
        for id in flow.notes.clone() {
            let set = notes::typeset(&mut blocks, book.note(id), &note_frame);
            note_flows.push(set.flow);
            bodies.push(set.body);
        }
        let note_lines: Vec<Vec<(f32, Vec<Piece>)>> = note_flows
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
        let mut note_lines = note_lines;
        let pages = pagebreak::break_pages(&flow.items, &bodies, &spec);
        let mut section: Option<String> = None;
        for (pi, page) in pages.iter().enumerate() {
            number += 1;
            let left = geo.left(number);
            let mut out = PageOut {
                number,
                pieces: Vec::new(),
            };
            let mut lines = PageLines {
                number,
                chapter_opening: pi == 0,
                ..PageLines::default()
            };
            let mut y = geo.top;
            let mut started = false;
            let mut first_section: Option<String> = None;
            let section_at_start = section.clone();
            for i in page.body.clone() {
                match &flow.items[i] {
                    VItem::Line { height, .. } => {
                        for piece in std::mem::take(&mut flow.pieces[i]) {
                            if let Piece::Text { line, .. } = &piece {
                                lines.lines.push(line.info);
                            }
                            if let Piece::Section(s) = &piece {
                                section = Some(s.clone());
                                first_section.get_or_insert_with(|| s.clone());
                            }
                            out.pieces.push((left, y, piece));
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
                out.pieces.push((
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
                    let Some(nl) = note_lines.get_mut(slice.note) else {
                        continue;
                    };
                    for l in slice.lines.clone() {
                        let Some((h, pieces)) = nl.get_mut(l) else {
                            continue;
                        };
                        for piece in std::mem::take(pieces) {
                            if let Piece::Text { line, .. } = &piece {
                                lines.notes.push(line.info);
                            }
                            out.pieces.push((left, ny, piece));
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
                running_head(blocks.ts, &geo, number, &head, &mut out);
            }
            emit(out, lines, &mut record)?;
        }
        let _ = ci;
    }
    Ok(record)
}

/// The running head (italic, centred) and the folio at the outer edge, a
/// leading and a half above the text block.
fn running_head(
    ts: &mut Typesetter<'_, '_>,
    geo: &Geometry,
    number: usize,
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
    let folio = number.to_string();
    let w = ts.measure(&folio, folio_style);
    let fspec = ParaSpec {
        style: folio_style,
        measure: geo.measure,
        indent: 0.0,
        align: Align::Left,
        hyphenate: false,
        body: false,
    };
    if let Some(mut line) = ts.text(&folio, &fspec).into_iter().next() {
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
