//! Drawing composed pages with krilla: glyph runs with their source text
//! (so ToUnicode/ActualText give the words back), rules, images, and the
//! document's metadata. Fonts are subset by krilla.

use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target as PdfTarget};
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder, ValidationError};
use krilla::destination::{Destination, XyzDestination};
use krilla::error::KrillaError;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::metadata::{DateTime, Metadata};
use krilla::page::{NumberingStyle, PageLabel, PageSettings};
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, SpanTag};
use krilla::{Document, SerializeSettings};

use super::folio::Folio;
use super::fonts::Fonts;
use super::frame::{Geometry, Link, LinkTarget, OutlineEntry, Page, Piece};
use super::graphic::Graphics;
use super::label::{ArtifactKind, Label};
use super::lines::{Line, PGlyph};
use super::outline;
use super::tags::TreeBuilder;
use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::model::{Book, PdfStandard, UtcTime};

/// The PDF being written, page by page.
pub struct Writer<'a> {
    doc: Document,
    book: &'a Book,
    fonts: &'a Fonts<'a>,
    geo: Geometry,
    images: Graphics,
    /// The structure tree, when the PDF is tagged.
    tree: Option<TreeBuilder>,
    /// Problems met while drawing (an image that will not decode).
    pub warnings: Vec<Diagnostic>,
    /// The glyphs of the line being drawn (lines keep them compact).
    glyphs: Vec<PGlyph>,
}

impl<'a> Writer<'a> {
    /// A writer to the book's `[pdf] standard`.
    pub fn new(book: &'a Book, fonts: &'a Fonts<'a>, geo: Geometry) -> Result<Writer<'a>> {
        let standard = book.settings.pdf.options.standard;
        let mut doc = Document::new_with(serialize_settings(standard)?);
        doc.set_metadata(metadata(book));
        Ok(Writer {
            doc,
            book,
            fonts,
            geo,
            images: Graphics::default(),
            tree: standard.tagged().then(TreeBuilder::default),
            warnings: Vec::new(),
            glyphs: Vec::new(),
        })
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
            match piece {
                Piece::Image { asset, .. } => self.load_image(*asset),
                Piece::Text { line, .. } => {
                    for image in &line.images {
                        self.load_image(image.asset);
                    }
                }
                _ => {}
            }
        }
        let mut p = self.doc.start_page_with(settings);
        let mut surface = p.surface();
        let fonts = self.fonts;
        let images = &self.images;
        let tree = &mut self.tree;
        let gl = &mut self.glyphs;
        // Consecutive lines of one element share one marked-content
        // sequence: what is open, and where its content goes.
        let mut open: Option<Open<'_>> = None;
        // The `Link` elements of the page's link words, and where they are.
        let mut link_words: Vec<(usize, [f32; 4])> = Vec::new();
        for (ox, oy, piece) in &page.pieces {
            if !matches!(piece, Piece::Text { .. }) {
                close(tree, &mut surface, open.take());
            }
            match piece {
                Piece::Text { line, baseline } => {
                    if line.runs.is_empty() {
                        continue;
                    }
                    let origin = (ox + line.x, oy + baseline);
                    gl.clear();
                    line.glyphs.extend_into(gl);
                    let gl = gl.as_slice();
                    let Some(t) = tree.as_mut() else {
                        plain_line(fonts, images, &mut surface, (line, gl), origin);
                        continue;
                    };
                    if let Label::Artifact(kind) = &line.label {
                        if !matches!(&open, Some(Open::Artifact(l)) if *l == &line.label) {
                            close(tree, &mut surface, open.take());
                            surface.start_tagged(ContentTag::Artifact(artifact(*kind)));
                            open = Some(Open::Artifact(&line.label));
                        }
                        plain_line(fonts, images, &mut surface, (line, gl), origin);
                        continue;
                    }
                    let Some(base) = t.node(&line.label) else {
                        continue;
                    };
                    let segments = super::spans::segments(line, gl);
                    let mut drawn = vec![false; line.images.len()];
                    t.text(base, &line.text);
                    for r in line.notes.iter().filter(|r| r.occurrence == 0) {
                        t.called(r.note, base);
                    }
                    let mut wraps = super::spans::Wraps::new(base);
                    for seg in &segments {
                        let Some(t) = tree.as_mut() else { break };
                        let node = wraps.node(t, line, seg, origin, &mut link_words);
                        if !matches!(&open, Some(Open::Content(n, _)) if *n == node) {
                            close(tree, &mut surface, open.take());
                            let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
                            open = Some(Open::Content(node, id));
                        }
                        glyphs(fonts, &mut surface, (line, gl), origin, seg);
                        if let Some(i) = seg.image().filter(|&i| !drawn[i]) {
                            drawn[i] = true;
                            close(tree, &mut surface, open.take());
                            figure(tree, images, &mut surface, line, origin, i);
                        }
                    }
                    // An image whose blank was not set (none should be).
                    for i in (0..line.images.len()).filter(|&i| !drawn[i]) {
                        close(tree, &mut surface, open.take());
                        figure(tree, images, &mut surface, line, origin, i);
                    }
                }
                Piece::Rule { x, y, w, thickness } => {
                    let rule = Label::Artifact(ArtifactKind::Layout);
                    let node = begin(tree, &mut surface, &rule, false);
                    let mut pb = PathBuilder::new();
                    if let Some(rect) = Rect::from_xywh(ox + x, oy + y, *w, *thickness) {
                        pb.push_rect(rect);
                    }
                    if let Some(path) = pb.finish() {
                        surface.set_fill(Some(Fill::default()));
                        surface.draw_path(&path);
                    }
                    end(tree, &mut surface, node);
                }
                Piece::Image {
                    asset,
                    x,
                    y,
                    w,
                    h,
                    alt,
                    label,
                    ..
                } => {
                    if let (Some(graphic), Some(size)) =
                        (self.images.get(*asset), Size::from_wh(*w, *h))
                    {
                        let node = begin(tree, &mut surface, label, true);
                        if let (Some(tree), Some((node, _))) = (tree.as_mut(), node) {
                            tree.describe(node, alt);
                        }
                        surface.push_transform(&Transform::from_translate(ox + x, oy + y));
                        graphic.draw(&mut surface, size);
                        surface.pop();
                        end(tree, &mut surface, node);
                    }
                }
                Piece::Element(label) => {
                    if let Some(t) = tree.as_mut() {
                        t.node(label);
                    }
                }
                Piece::Anchor(_) | Piece::Section(_) => {}
            }
        }
        close(tree, &mut surface, open.take());
        surface.finish();
        for link in &page.links {
            let Some(annotation) = annotation(link) else {
                continue;
            };
            match &mut self.tree {
                Some(tree) => {
                    let id = p.add_tagged_annotation(annotation);
                    // Into the `Link` of the words it covers, else a `Link`
                    // of its own in the element of its line.
                    match super::spans::covering(&mut link_words, link.rect) {
                        Some(words) => tree.link_into(words, id),
                        None => {
                            let node = tree.node(&link.label);
                            tree.link(node, id);
                        }
                    }
                }
                None => p.add_annotation(annotation),
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

    /// Writes the file, with its structure tree; what the standard
    /// refuses is an error naming what is missing.
    pub fn finish(mut self) -> Result<Vec<u8>> {
        if let Some(tree) = self.tree.take() {
            self.doc.set_tag_tree(tree.finish(&self.book.meta.language));
        }
        let standard = self.book.settings.pdf.options.standard;
        self.doc.finish().map_err(|e| match e {
            KrillaError::Validation(errors) => Error::Backend(format!(
                "the PDF is not {}: {} (or set [pdf] standard = \"none\")",
                standard.name(),
                errors
                    .iter()
                    .map(|(e, _)| refusal(e))
                    .collect::<Vec<_>>()
                    .join("; ")
            )),
            e => Error::Backend(format!("writing the PDF failed: {e:?}")),
        })
    }
}

/// krilla's settings for `standard`: its validator, tagging on unless
/// the standard is `none`.
fn serialize_settings(standard: PdfStandard) -> Result<SerializeSettings> {
    let builder = ConfigurationBuilder::new();
    let builder = match standard {
        PdfStandard::Ua1 => builder.with_accessibility_validator(Accessibility::UA1),
        PdfStandard::A2a => builder.with_archival_validator(Archival::A2_A),
        PdfStandard::A3a => builder.with_archival_validator(Archival::A3_A),
        PdfStandard::None => builder,
    };
    let configuration = builder
        .finish()
        .map_err(|e| Error::Backend(format!("the PDF standard cannot be set: {e:?}")))?;
    Ok(SerializeSettings {
        configuration,
        enable_tagging: standard.tagged(),
        ..SerializeSettings::default()
    })
}

/// What one of krilla's validation errors says is missing, in words.
fn refusal(e: &ValidationError) -> String {
    match e {
        ValidationError::NoDocumentTitle => "the book has no title".into(),
        ValidationError::NoDocumentLanguage => "the book has no language".into(),
        ValidationError::MissingAltText(_) => "a figure has no alt text".into(),
        ValidationError::MissingHeadingTitle => "a heading has no text".into(),
        ValidationError::MissingDocumentOutline => "the PDF has no outline".into(),
        ValidationError::MissingAnnotationAltText(_) => "a link says nothing".into(),
        ValidationError::ContainsNotDefGlyph(_, _, text) => {
            format!("a character no font has is drawn as .notdef ({text:?})")
        }
        ValidationError::UnicodePrivateArea(_, _, c, _) => format!(
            "a private-use character (U+{:04X}) cannot be read back",
            u32::from(*c)
        ),
        other => format!("{other:?}"),
    }
}

/// Draws one segment of a line's glyphs (`gl`, as the line gives them
/// back), the line's origin (its left edge and baseline) at `origin`.
fn glyphs(
    fonts: &Fonts<'_>,
    surface: &mut Surface,
    (line, gl): (&Line, &[PGlyph]),
    origin: (f32, f32),
    seg: &super::spans::Segment,
) {
    let run = &line.runs[seg.run];
    let face = fonts.face(run.face);
    let at = Point::from_xy(origin.0 + seg.x, origin.1 - run.rise);
    let inked = super::ink::begin(surface, run.ink, at, run.size);
    surface.draw_glyphs(
        at,
        &gl[seg.glyphs.clone()],
        face.pdf.clone(),
        &line.text,
        run.size,
        false,
    );
    super::ink::end(surface, inked);
}

/// Draws a line with its images, untagged or inside an open artifact.
fn plain_line(
    fonts: &Fonts<'_>,
    images: &Graphics,
    surface: &mut Surface,
    (line, gl): (&Line, &[PGlyph]),
    origin: (f32, f32),
) {
    for seg in &super::spans::segments(line, gl) {
        glyphs(fonts, surface, (line, gl), origin, seg);
    }
    for i in 0..line.images.len() {
        line_image(images, surface, line, origin, i);
    }
}

/// Draws line image `i` of `line` standing on its baseline (`origin`:
/// the line's left edge and baseline).
fn line_image(images: &Graphics, surface: &mut Surface, line: &Line, origin: (f32, f32), i: usize) {
    let Some(image) = line.images.get(i) else {
        return;
    };
    if let (Some(graphic), Some(size)) = (images.get(image.asset), Size::from_wh(image.w, image.h))
    {
        surface.push_transform(&Transform::from_translate(
            origin.0 + image.x,
            origin.1 - image.h,
        ));
        graphic.draw(surface, size);
        surface.pop();
    }
}

/// Draws line image `i` as content of its figure (or as decoration).
fn figure(
    tree: &mut Option<TreeBuilder>,
    images: &Graphics,
    surface: &mut Surface,
    line: &Line,
    origin: (f32, f32),
    i: usize,
) {
    let Some(image) = line.images.get(i) else {
        return;
    };
    // Unlabelled (set outside a flow: a heading's image again in the
    // contents), it is decoration.
    let label = match &image.label {
        Label::Unset => &Label::Artifact(ArtifactKind::Layout),
        label => label,
    };
    let node = begin(tree, surface, label, true);
    if let (Some(tree), Some((node, _))) = (tree.as_mut(), node) {
        tree.describe(node, &image.alt);
    }
    line_image(images, surface, line, origin, i);
    end(tree, surface, node);
}

/// Marked content open: the element it goes in and its identifier.
type Marked = (usize, krilla::tagging::Identifier);

/// The marked content open while lines are drawn: an artifact (the label
/// of its lines), or content of an element.
enum Open<'l> {
    Artifact(&'l Label),
    Content(usize, krilla::tagging::Identifier),
}

/// Closes what is open, filing content in its element.
fn close(tree: &mut Option<TreeBuilder>, surface: &mut Surface, open: Option<Open<'_>>) {
    match open {
        None => {}
        Some(Open::Artifact(_)) => end(tree, surface, None),
        Some(Open::Content(node, id)) => end(tree, surface, Some((node, id))),
    }
}

/// krilla's artifact of a kind.
fn artifact(kind: ArtifactKind) -> Artifact {
    Artifact::with_kind(match kind {
        ArtifactKind::Header => ArtifactType::Header,
        ArtifactKind::PageNumber => ArtifactType::PageNumber,
        ArtifactKind::Pagination => ArtifactType::PaginationOther,
        ArtifactKind::Layout => ArtifactType::Layout,
    })
}

/// Opens marked content for `label` (a span of text, or a figure's
/// drawing when `figure`), or an artifact; returns the element it goes in
/// (`None` for an artifact, or when the PDF is not tagged).
fn begin(
    tree: &mut Option<TreeBuilder>,
    surface: &mut Surface,
    label: &Label,
    figure: bool,
) -> Option<Marked> {
    let tree = tree.as_mut()?;
    if let Label::Artifact(kind) = label {
        surface.start_tagged(ContentTag::Artifact(artifact(*kind)));
        return None;
    }
    let node = tree.node(label)?;
    let tag = if figure {
        ContentTag::Other
    } else {
        ContentTag::Span(SpanTag::empty())
    };
    Some((node, surface.start_tagged(tag)))
}

/// Closes what [`begin`] opened, filing the content in its element.
fn end(tree: &mut Option<TreeBuilder>, surface: &mut Surface, node: Option<Marked>) {
    let Some(tree) = tree.as_mut() else {
        return;
    };
    surface.end_tagged();
    if let Some((node, id)) = node {
        tree.content(node, id);
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
    let alt = if link.alt.is_empty() {
        match &link.target {
            LinkTarget::Uri(uri) => uri.clone(),
            LinkTarget::Dest(d) => format!("page {}", d.page + 1),
        }
    } else {
        link.alt.clone()
    };
    Some(Annotation::new_link(
        LinkAnnotation::new(rect, target),
        Some(alt),
    ))
}

/// Document info and XMP: title, authors, subject, keywords, creator, and
/// the book's modification time (never the clock).
fn metadata(book: &Book) -> Metadata {
    let m = &book.meta;
    let mut md = Metadata::new()
        .title(m.shown_title().to_string())
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
