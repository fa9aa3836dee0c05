//! Drawing composed pages with krilla: glyph runs with their source text
//! (so ToUnicode/ActualText give the words back), rules, images, and the
//! document's metadata. Fonts are subset by krilla.

use krilla::Document;
use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target as PdfTarget};
use krilla::destination::{Destination, XyzDestination};
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::metadata::{DateTime, Metadata};
use krilla::page::{NumberingStyle, PageLabel, PageSettings};
use krilla::paint::Fill;

use super::folio::Folio;
use super::fonts::Fonts;
use super::frame::{Geometry, Link, LinkTarget, OutlineEntry, Page, Piece};
use super::graphic::Graphics;
use super::outline;
use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::model::{Book, UtcTime};

/// The PDF being written, page by page.
pub struct Writer<'a> {
    doc: Document,
    book: &'a Book,
    fonts: &'a Fonts<'a>,
    geo: Geometry,
    images: Graphics,
    /// Problems met while drawing (an image that will not decode).
    pub warnings: Vec<Diagnostic>,
}

impl<'a> Writer<'a> {
    pub fn new(book: &'a Book, fonts: &'a Fonts<'a>, geo: Geometry) -> Writer<'a> {
        let mut doc = Document::new();
        doc.set_metadata(metadata(book));
        Writer {
            doc,
            book,
            fonts,
            geo,
            images: Graphics::default(),
            warnings: Vec::new(),
        }
    }

    /// Draws one page, with its page label and link annotations.
    pub fn page(&mut self, page: Page) -> Result<()> {
        // Every page of a range carries the same label (no start offset):
        // the range counts from 1, and krilla writes one entry per range.
        let style = match page.folio {
            Folio::Roman(_) => NumberingStyle::LowerRoman,
            Folio::Arabic(_) => NumberingStyle::Arabic,
        };
        let settings = PageSettings::from_wh(self.geo.width, self.geo.height)
            .ok_or_else(|| Error::Backend("the page size is not valid".into()))?
            .with_page_label(PageLabel::new(Some(style), None, None));
        for (_, _, piece) in &page.pieces {
            if let Piece::Image { asset, .. } = piece {
                self.load_image(*asset);
            }
        }
        let mut p = self.doc.start_page_with(settings);
        let mut surface = p.surface();
        for (ox, oy, piece) in &page.pieces {
            match piece {
                Piece::Text { line, baseline } => {
                    let x0 = ox + line.x;
                    let y0 = oy + baseline;
                    for run in &line.runs {
                        let face = self.fonts.face(run.face);
                        let origin = Point::from_xy(x0 + run.x, y0 - run.rise);
                        let inked = super::ink::begin(&mut surface, run.ink, origin, run.size);
                        surface.draw_glyphs(
                            origin,
                            &line.glyphs[run.glyphs.clone()],
                            face.pdf.clone(),
                            &line.text,
                            run.size,
                            false,
                        );
                        super::ink::end(&mut surface, inked);
                    }
                }
                Piece::Rule { x, y, w, thickness } => {
                    let mut pb = PathBuilder::new();
                    if let Some(rect) = Rect::from_xywh(ox + x, oy + y, *w, *thickness) {
                        pb.push_rect(rect);
                    }
                    if let Some(path) = pb.finish() {
                        surface.set_fill(Some(Fill::default()));
                        surface.draw_path(&path);
                    }
                }
                Piece::Image { asset, x, y, w, h } => {
                    if let (Some(graphic), Some(size)) =
                        (self.images.get(*asset), Size::from_wh(*w, *h))
                    {
                        surface.push_transform(&Transform::from_translate(ox + x, oy + y));
                        graphic.draw(&mut surface, size);
                        surface.pop();
                    }
                }
                Piece::Anchor(_) | Piece::Section(_) => {}
            }
        }
        surface.finish();
        for link in &page.links {
            if let Some(annotation) = annotation(link) {
                p.add_annotation(annotation);
            }
        }
        p.finish();
        Ok(())
    }

    /// Sets the outline (bookmarks), entries in document order.
    pub fn outline(&mut self, entries: &[OutlineEntry]) {
        if !entries.is_empty() {
            self.doc.set_outline(outline::build(entries));
        }
    }

    fn load_image(&mut self, asset: usize) {
        let Err(e) = self.images.load(self.book, asset) else {
            return;
        };
        let Some(a) = self.book.assets.get(asset) else {
            return;
        };
        let file = self
            .book
            .sources
            .get(a.pos.source.0)
            .map(|s| s.path.clone())
            .unwrap_or_default();
        self.warnings.push(Diagnostic::warning(
            file,
            a.pos.line,
            a.pos.col,
            format!("image {} left out of the PDF: {e}", a.href),
        ));
    }

    /// Writes the file.
    pub fn finish(self) -> Result<Vec<u8>> {
        self.doc
            .finish()
            .map_err(|e| Error::Backend(format!("writing the PDF failed: {e:?}")))
    }
}

/// A link annotation: a URI, or a place in this PDF.
fn annotation(link: &Link) -> Option<Annotation> {
    let [l, t, r, b] = link.rect;
    let rect = Rect::from_ltrb(l, t, r, b)?;
    let target = match &link.target {
        LinkTarget::Uri(uri) => PdfTarget::Action(Action::Link(LinkAction::new(uri.clone()))),
        LinkTarget::Dest(d) => PdfTarget::Destination(Destination::Xyz(XyzDestination::new(
            d.page,
            Point::from_xy(d.x, d.y),
        ))),
    };
    Some(LinkAnnotation::new(rect, target).into())
}

/// Document info and XMP: title, authors, subject, keywords, creator, and
/// the book's modification time (never the clock).
fn metadata(book: &Book) -> Metadata {
    let m = &book.meta;
    let mut md = Metadata::new()
        .title(m.title.clone())
        .authors(m.authors.clone())
        .creator("Bindery".to_string())
        .producer("Bindery (krilla)".to_string())
        .creation_date(date_time(m.modified));
    if !m.language.is_empty() {
        md = md.language(m.language.clone());
    }
    if let Some(d) = &m.description {
        md = md.description(d.clone());
    }
    if !m.subjects.is_empty() {
        md = md.keywords(m.subjects.clone());
    }
    if !m.identifier.is_empty() {
        md = md.document_id(m.identifier.clone());
    }
    md
}

/// Seconds since the epoch as the PDF's UTC date and time.
fn date_time(secs: i64) -> DateTime {
    let t = UtcTime::from_unix(secs);
    DateTime::new(t.year.clamp(0, 9999) as u16)
        .month(t.month)
        .day(t.day)
        .hour(t.hour)
        .minute(t.minute)
        .second(t.second)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_seconds_become_calendar_dates() {
        assert_eq!(
            date_time(0),
            DateTime::new(1970)
                .month(1)
                .day(1)
                .hour(0)
                .minute(0)
                .second(0)
                .utc_offset_hour(0)
                .utc_offset_minute(0)
        );
        // 2008-09-30 12:34:56 UTC
        assert_eq!(
            date_time(1_222_778_096),
            DateTime::new(2008)
                .month(9)
                .day(30)
                .hour(12)
                .minute(34)
                .second(56)
                .utc_offset_hour(0)
                .utc_offset_minute(0)
        );
    }
}
