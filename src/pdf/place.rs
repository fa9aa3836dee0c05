//! Putting a chapter's pages on paper, once the page breaker has chosen
//! them: body items from the top of the text block, notes at its foot
//! under a short rule, the running head above. As it places lines it
//! records what was set (for the statistics and the page records) and where
//! headings, note marks and note texts land (for links and the outline).

use super::chapter::ChapterFlow;
use super::folio::Folio;
use super::frame::{Dest, Geometry, LaidOutBook, NoteCall, NoteLines, Page, PageLines, Piece};
use super::inline::{Align, ParaSpec, Style, Typesetter};
use super::label::{ArtifactKind, Label};
use super::lines::TagKind;
use super::links::LinkTable;
use super::pagebreak::{self, PageSpec, VItem};
use super::records;
use super::running_head::running_head;
use crate::diag::Diagnostic;
use crate::model::{Book, Chapter, inlines_plain_text};

/// What placing pages reads and writes, book-wide.
pub struct Placer<'a, 'b, 'f> {
    pub ts: &'a mut Typesetter<'b, 'f>,
    pub warnings: &'a mut Vec<Diagnostic>,
    pub book: &'b Book,
    pub geo: &'a Geometry,
    pub spec: &'a PageSpec,
    /// The type size of notes (their numbers are links back to the mark).
    pub note_size: f32,
    /// The physical page the body's arabic folios count from.
    pub body_start: Option<usize>,
    pub out: &'a mut LaidOutBook,
    pub links: &'a mut LinkTable,
}

impl Placer<'_, '_, '_> {
    /// Places chapter `ci`'s pages, broken as `pages` says, after those
    /// already laid out.
    pub fn chapter(&mut self, ci: usize, mut set: ChapterFlow, pages: &[pagebreak::Page]) {
        let book = self.book;
        let chapter = &book.chapters[ci];
        let chapter_title = inlines_plain_text(&chapter.title);
        // The last section begun, for the recto running heads.
        let mut section: Option<String> = None;
        // Each note's characters placed so far, for the page records.
        let mut note_chars = vec![0; set.note_lines.len()];
        for (pi, page) in pages.iter().enumerate() {
            let number = self.out.pages.len() + 1;
            let folio = Folio::of(number, self.body_start);
            let mut po = Page {
                number,
                folio,
                ..Page::default()
            };
            let first_line = page
                .body
                .clone()
                .find(|&i| matches!(set.flow.items.get(i), Some(VItem::Line { .. })))
                .unwrap_or(page.body.end);
            let start = records::page_start(ci, &set.block_starts, &set.chars, first_line);
            let mut lines = PageLines {
                number,
                folio,
                chapter_opening: pi == 0,
                emergency: page.emergency,
                lines_short: ((self.spec.height - page.body_height - page.notes_height)
                    / self.geo.leading)
                    .max(0.0),
                ..PageLines::default()
            };
            if page.emergency {
                self.warn_emergency(chapter, start.block.first().copied(), folio);
            }
            lines.start = Some(start);
            let section_at_start = section.clone();
            let first_section = self.body(
                &mut set,
                page,
                first_line,
                &mut po,
                &mut lines,
                &mut section,
            );
            if !page.notes.is_empty() {
                self.notes(&mut set, page, &mut po, &mut lines, &mut note_chars);
            }
            if pi > 0 {
                let head = if number.is_multiple_of(2) {
                    book.meta.title.clone()
                } else {
                    first_section
                        .or(section_at_start)
                        .unwrap_or_else(|| chapter_title.clone())
                };
                running_head(self.ts, self.geo, number, &folio.text(), &head, &mut po);
            }
            self.out.push(po, Some(lines));
        }
    }

    /// A page no legal break could make: a warning at the block it starts in.
    fn warn_emergency(&mut self, chapter: &Chapter, block: Option<usize>, folio: Folio) {
        let book = self.book;
        let pos = block.and_then(|b| chapter.blocks.get(b)).map(|b| b.pos);
        let file = book
            .sources
            .get(chapter.source.0)
            .map(|s| s.path.clone())
            .unwrap_or_default();
        self.warnings.push(Diagnostic::warning(
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

    /// The page's body items from the top of the text block (glue at its
    /// top skipped), under the header row of a table continued from the
    /// page before (`first_line` is the page's first line); `section`
    /// follows the sections begun, and the first begun on the page is
    /// returned.
    fn body(
        &mut self,
        set: &mut ChapterFlow,
        page: &pagebreak::Page,
        first_line: usize,
        po: &mut Page,
        lines: &mut PageLines,
        section: &mut Option<String>,
    ) -> Option<String> {
        let index = po.number - 1;
        let left = self.geo.left(po.number);
        let mut y = self.geo.top;
        let head = set
            .flow
            .heads
            .iter()
            .find(|h| h.repeat.items.contains(&first_line));
        if let Some(head) = head {
            for (dy, piece) in &head.pieces {
                if let Piece::Text { line, .. } = piece {
                    lines.lines.push(line.info);
                }
                po.pieces.push((left, y + dy, piece.clone()));
            }
            y += head.repeat.height;
        }
        let mut started = false;
        let mut first_section: Option<String> = None;
        for i in page.body.clone() {
            match &set.flow.items[i] {
                VItem::Line { height, .. } => {
                    for piece in std::mem::take(&mut set.flow.pieces[i]) {
                        match &piece {
                            Piece::Text { line, baseline } => {
                                lines.lines.push(line.info);
                                let at = lines.lines.len() - 1;
                                lines.calls.extend(
                                    line.notes.iter().map(|&note| NoteCall { note, line: at }),
                                );
                                self.links.line(line, (left, y + baseline), index);
                            }
                            Piece::Section(s) => {
                                *section = Some(s.clone());
                                first_section.get_or_insert_with(|| s.clone());
                            }
                            Piece::Anchor(id) => {
                                let dest = Dest {
                                    page: index,
                                    x: left,
                                    y,
                                };
                                self.links.dests.anchors.entry(id.clone()).or_insert(dest);
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
        first_section
    }

    /// The rule over a page's notes, its top at `y`: a quarter of the
    /// measure, or, over a note continued from the page before, the whole
    /// measure ending in the book's word for "continued" in parentheses
    /// (as `[notes] continued` asks: both, the rule or the word alone).
    fn note_separator(&mut self, po: &mut Page, left: f32, y: f32, continued: bool) {
        let (geo, spec) = (self.geo, self.spec);
        let mark = self.book.settings.note_continued;
        let rule_y = spec.note_separator * 0.45;
        let mut w = geo.measure * 0.25;
        if continued && mark.label() {
            let word = &crate::lang::labels(&self.book.meta.language).continued;
            let text = format!("({word})");
            let style = Style {
                italic: true,
                ..Style::new(self.note_size)
            };
            let tw = self.ts.measure(&text, style);
            let lspec = ParaSpec {
                style,
                measure: geo.measure,
                indent: 0.0,
                align: Align::Left,
                hyphenate: false,
                body: false,
            };
            if let Some(mut line) = self.ts.text(&text, &lspec).into_iter().next() {
                line.x = geo.measure - tw;
                line.label = Label::Artifact(ArtifactKind::Pagination);
                // The rule runs into the word's middle, at half its x-height.
                let baseline = rule_y + self.note_size * 0.22;
                po.pieces.push((left, y, Piece::Text { line, baseline }));
            }
            w = if mark.rule() {
                geo.measure - tw - self.note_size * 0.5
            } else {
                0.0
            };
        } else if continued && mark.rule() {
            w = geo.measure;
        }
        if w > 0.0 {
            po.pieces.push((
                left,
                y,
                Piece::Rule {
                    x: 0.0,
                    y: rule_y,
                    w,
                    thickness: 0.4,
                },
            ));
        }
    }

    /// The page's notes at the foot of the text block, under a rule.
    fn notes(
        &mut self,
        set: &mut ChapterFlow,
        page: &pagebreak::Page,
        po: &mut Page,
        lines: &mut PageLines,
        note_chars: &mut [usize],
    ) {
        let (geo, spec) = (self.geo, self.spec);
        let index = po.number - 1;
        let left = geo.left(po.number);
        let mut total = spec.note_separator;
        for (k, slice) in page.notes.iter().enumerate() {
            if k > 0 {
                total += spec.note_gap;
            }
            total += slice
                .lines
                .clone()
                .filter_map(|l| set.bodies.get(slice.note).and_then(|b| b.lines.get(l)))
                .sum::<f32>();
        }
        let ny = geo.top + geo.block_height - total;
        let continued = page.notes.first().is_some_and(|s| s.is_continuation());
        self.note_separator(po, left, ny, continued);
        let mut ny = ny + spec.note_separator;
        for (k, slice) in page.notes.iter().enumerate() {
            if k > 0 {
                ny += spec.note_gap;
            }
            let note_id = set.flow.notes.get(slice.note).copied();
            if let (Some(id), Some(body)) = (note_id, set.bodies.get(slice.note)) {
                lines.note_slices.push(NoteLines {
                    note: id,
                    lines: slice.lines.clone(),
                    total: body.lines.len(),
                    before: note_chars.get(slice.note).copied().unwrap_or(0),
                });
            }
            let Some(nl) = set.note_lines.get_mut(slice.note) else {
                continue;
            };
            for l in slice.lines.clone() {
                let Some((h, pieces)) = nl.get_mut(l) else {
                    continue;
                };
                let mut first_text = l == 0;
                let pieces = std::mem::take(pieces);
                if let (Some(id), Some(n)) = (note_id, note_chars.get_mut(slice.note)) {
                    *n += records::note_line_chars(self.book, id, l, &pieces);
                }
                for mut piece in pieces {
                    if let Piece::Text { line, baseline } = &mut piece {
                        lines.notes.push(line.info);
                        self.links.line(line, (left, ny + *baseline), index);
                        if first_text && let Some(id) = note_id {
                            first_text = false;
                            // The number where its glyphs are (after a
                            // quotation's indent too): a label, and a link
                            // back to the reference.
                            let number = format!("{}.", self.book.note(id).number);
                            let span = line
                                .text
                                .starts_with(&number)
                                .then(|| line.text_span(0..number.len()))
                                .flatten()
                                .unwrap_or_else(|| {
                                    (0.0, self.ts.measure(&number, Style::new(self.note_size)))
                                });
                            line.tag(TagKind::Label, span.0, span.1);
                            self.links.note_number(
                                id,
                                line,
                                (left, ny, ny + *baseline),
                                span,
                                index,
                            );
                        }
                    }
                    po.pieces.push((left, ny, piece));
                }
                ny += *h;
            }
        }
    }
}
