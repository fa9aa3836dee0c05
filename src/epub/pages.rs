//! Pages made from the metadata rather than the Markdown: the cover page
//! and the title page.

use super::layout::{COVER_IMAGE, Layout};
use super::pagebreaks::PageBreaks;
use super::xhtml::{Doc, Findings};
use super::xml::XmlWriter;
use crate::model::Book;

/// The cover page: the cover image alone, scaled to fit any screen inside
/// an SVG `viewBox` of the image's own size (an `<img>` with `max-height:
/// 100%` has no height to resolve against and is cut off on a 3:4 screen),
/// named for screen readers. `width`×`height` is the cover's pixel size.
pub fn cover_page(book: &Book, layout: &Layout, width: u32, height: u32) -> String {
    let mut findings = Findings::default();
    let cover = &crate::lang::labels(super::xhtml::language(book)).cover;
    let mut doc = Doc::new(book, layout, cover, "cover", &mut findings);
    let label = format!("{cover}: {}", book.meta.title.trim());
    let mut w = XmlWriter::default();
    w.raw("<section class=\"cover\" epub:type=\"cover\">\n");
    let view_box = format!("0 0 {width} {height}");
    let (width, height) = (width.to_string(), height.to_string());
    w.open(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("xmlns:xlink", "http://www.w3.org/1999/xlink"),
            ("version", "1.1"),
            ("class", "cover-image"),
            ("width", "100%"),
            ("height", "100%"),
            ("viewBox", &view_box),
            ("preserveAspectRatio", "xMidYMid meet"),
            ("role", "img"),
            ("aria-label", &label),
        ],
    );
    w.element("title", &[], &label);
    w.empty(
        "image",
        &[
            ("width", &width),
            ("height", &height),
            ("xlink:href", COVER_IMAGE),
        ],
    );
    w.raw("</svg>\n</section>\n");
    doc.raw(&w.out);
    doc.finish()
}

/// The title page: title, subtitle, authors and contributors, then the
/// imprint (publisher, source, date, rights). The print edition's front
/// pages (title page, its verso, the contents) are marked at its head.
pub fn title_page(book: &Book, layout: &Layout, breaks: &PageBreaks) -> String {
    let meta = &book.meta;
    let mut findings = Findings::default();
    let title = meta.title.trim();
    let mut doc = Doc::new(book, layout, title, "frontmatter", &mut findings);
    doc.raw(&breaks.front());
    doc.raw("<section class=\"titlepage\" epub:type=\"titlepage\">\n<h1 class=\"title\">");
    doc.text(title);
    doc.raw("</h1>\n");
    let para = |doc: &mut Doc, class: &str, text: &str| {
        if !text.trim().is_empty() {
            doc.raw(&format!("<p class=\"{class}\">"));
            doc.text(text.trim());
            doc.raw("</p>\n");
        }
    };
    para(&mut doc, "subtitle", meta.subtitle.as_deref().unwrap_or(""));
    let words = crate::lang::labels(super::xhtml::language(book));
    para(&mut doc, "author", &words.join_names(&meta.authors));
    for contributor in &meta.contributors {
        let phrase = words.role_phrase(&contributor.role).unwrap_or(&words.with);
        let text = format!("{phrase} {}", contributor.name);
        para(&mut doc, "contributor", &text);
    }
    doc.raw("<div class=\"imprint\">\n");
    para(
        &mut doc,
        "publisher",
        meta.publisher.as_deref().unwrap_or(""),
    );
    para(&mut doc, "source", meta.source.as_deref().unwrap_or(""));
    para(&mut doc, "date", meta.date.as_deref().unwrap_or(""));
    para(&mut doc, "rights", meta.rights.as_deref().unwrap_or(""));
    doc.raw("</div>\n</section>\n");
    doc.finish()
}
