//! The EPUB 3 backend: model → XHTML, CSS, OPF, nav, NCX, packaged with zip.
//!
//! The EPUB is a pure function of [`Book`]: no clock, no randomness, fixed
//! file order, so two builds of the same sources are byte-identical.
//! Files: [`layout`] names everything, [`xhtml`] writes chapters and notes,
//! [`endnotes`] the notes, [`pagebreaks`] the print edition's page breaks
//! and page list, [`pages`] the cover and title pages,
//! [`nav`]/[`ncx`] the contents, [`opf`] the package document, [`css`] the
//! stylesheet, [`cover`] the cover image, [`package`] the zip, and [`xml`]
//! is the one escaping helper.

mod a11y;
mod cover;
mod css;
mod endnotes;
mod fonts;
mod images;
mod kinds;
mod layout;
mod nav;
mod ncx;
mod opf;
mod package;
mod pagebreaks;
mod pages;
mod subset;
mod xhtml;
pub(crate) mod xml;

use std::collections::HashSet;

use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::model::{Book, PrintPage};
use layout::{
    CONTENT_DIR, COVER_IMAGE, COVER_PAGE, Layout, NAV, NCX, OPF_PATH, STYLESHEET, TITLE_PAGE,
};
use opf::Item;
use package::{Compression, Entry};
use pagebreaks::PageBreaks;
use xhtml::Findings;

pub use a11y::CONFORMS_TO;

/// Renders the book as EPUB 3 bytes, without a page list. The resolve pass
/// has reported on the content already; `warnings` takes what only
/// packaging finds. An unusable cover image is an error naming the place
/// `book.toml` named it.
pub fn render(book: &Book, warnings: &mut Vec<Diagnostic>) -> Result<Vec<u8>> {
    render_with_pages(book, &[], warnings)
}

/// [`render`], with the print edition's pages (from the PDF's layout) as
/// page-break markers and a page list; none when `pages` is empty.
pub fn render_with_pages(
    book: &Book,
    pages: &[PrintPage],
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<u8>> {
    let faces = css::faces(&book.settings.fonts);
    let fonts = fonts::embedded(book, &faces, &font_paths(&faces));
    // Subset and compress the fonts on a second thread while the chapters
    // are written.
    std::thread::scope(|scope| {
        let subsets = scope.spawn(|| {
            let mut notes = Vec::new();
            let entries: Vec<Entry> = fonts
                .iter()
                .map(|font| {
                    let (data, note) = font.data();
                    notes.extend(note);
                    Entry {
                        path: format!("{CONTENT_DIR}{}", font.path),
                        data,
                        compression: Compression::Default,
                    }
                })
                .collect();
            package::part(&entries).map(|part| (part, notes))
        });
        let entries = contents(book, &fonts, pages, warnings)?;
        let (part, notes) = subsets
            .join()
            .map_err(|_| Error::Backend("subsetting the fonts failed".into()))??;
        let file = book
            .sources
            .first()
            .map_or("book.toml", |s| s.path.as_str());
        warnings.extend(
            notes
                .into_iter()
                .map(|n| Diagnostic::warning(file, 0, 0, n)),
        );
        package::zip(&entries, vec![part])
    })
}

/// Every file of the package but the fonts' data, in zip order.
fn contents(
    book: &Book,
    fonts: &[fonts::Embedded<'_>],
    pages: &[PrintPage],
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<Entry>> {
    let mut layout = Layout::new(book);
    images::rename_converted(&mut layout.image_paths, &book.assets);
    let breaks = PageBreaks::new(book, &layout, pages);
    let identifier = identifier(book);
    let mut findings = Findings::default();
    // Each chapter's package file and the source it came from, for the
    // accessibility warning.
    let mut sources: Vec<(String, Option<String>)> = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    let mut files: Vec<Entry> = Vec::new();
    let mut add = |items: &mut Vec<Item>,
                   id: &str,
                   href: &str,
                   media_type: &str,
                   properties,
                   spine,
                   data: Vec<u8>| {
        items.push(Item {
            id: id.to_string(),
            href: href.to_string(),
            media_type: media_type.to_string(),
            properties,
            spine,
        });
        // Raster images are compressed already; SVG is text.
        let compression =
            if media_type.starts_with("image/") && media_type != crate::svg::MEDIA_TYPE {
                Compression::Stored
            } else {
                Compression::Default
            };
        files.push(Entry {
            path: format!("{CONTENT_DIR}{href}"),
            data,
            compression,
        });
    };
    const XHTML: &str = "application/xhtml+xml";

    if let Some(asset) = &book.cover {
        let cover = if asset.media_type == crate::svg::MEDIA_TYPE {
            cover::from_svg(&asset.data, &book.settings.fonts)
        } else {
            cover::normalise(&asset.data)
        };
        let cover = cover.map_err(|message| {
            asset_error(
                book,
                asset,
                format!("the cover image `{}` cannot be used: {message}", asset.href),
            )
        })?;
        let page = pages::cover_page(book, &layout, cover.width, cover.height);
        add(
            &mut items,
            "cover",
            COVER_PAGE,
            XHTML,
            Some("svg"),
            true,
            page.into_bytes(),
        );
        add(
            &mut items,
            "cover-image",
            COVER_IMAGE,
            "image/jpeg",
            Some("cover-image"),
            false,
            cover.jpeg,
        );
    }
    let title_page = pages::title_page(book, &layout, &breaks);
    add(
        &mut items,
        "titlepage",
        TITLE_PAGE,
        XHTML,
        None,
        true,
        title_page.into_bytes(),
    );
    let toc = nav::toc(book, &layout);
    let nav_doc = nav::nav_document(book, &layout, &toc, &breaks, book.cover.is_some());
    add(
        &mut items,
        "nav",
        NAV,
        XHTML,
        Some("nav"),
        // In the reading order, after the title page: the contents page
        // Kindle's guidelines ask for, and the `toc` landmark's target
        // (EPUBCheck 4 wants landmarks to point into the spine).
        true,
        nav_doc.into_bytes(),
    );
    for index in 0..book.chapters.len() {
        let text = xhtml::chapter(book, &layout, &breaks, index, &mut findings);
        let source = book
            .sources
            .get(book.chapters[index].source.0)
            .map(|s| s.path.clone());
        sources.push((layout.chapter_file(index).to_string(), source));
        let id = format!("c{}", index + 1);
        add(
            &mut items,
            &id,
            layout.chapter_file(index),
            XHTML,
            None,
            true,
            text.into_bytes(),
        );
    }
    if let Some(notes_file) = &layout.notes_file {
        let text = endnotes::notes_page(book, &layout, &mut findings);
        add(
            &mut items,
            "notes",
            notes_file,
            XHTML,
            None,
            true,
            text.into_bytes(),
        );
    }
    let pages_title = &crate::lang::labels(xhtml::language(book)).pages;
    let ncx_doc = ncx::ncx(&identifier, &book.meta.title, &toc, &breaks, pages_title);
    add(
        &mut items,
        "ncx",
        NCX,
        "application/x-dtbncx+xml",
        None,
        false,
        ncx_doc.into_bytes(),
    );

    let kinds = kinds::rules(kinds::Used::of(book));
    let stylesheet = css::stylesheet(fonts, &kinds, book.settings.epub.stylesheet.as_deref());
    add(
        &mut items,
        "css",
        STYLESHEET,
        "text/css",
        None,
        false,
        stylesheet.into_bytes(),
    );
    for (n, font) in fonts.iter().enumerate() {
        // The data goes into the zip from `render`'s font thread.
        items.push(Item {
            id: format!("font{}", n + 1),
            href: font.path.clone(),
            media_type: css::font_media_type(&font.face.file.name).to_string(),
            properties: None,
            spine: false,
        });
    }
    for (n, (asset, path)) in book.assets.iter().zip(&layout.image_paths).enumerate() {
        let id = format!("img{}", n + 1);
        let (data, media_type) = images::packaged(asset).map_err(|message| {
            let what = format!(
                "the image `{}` cannot be converted to PNG: {message}",
                asset.href
            );
            asset_error(book, asset, what)
        })?;
        add(&mut items, &id, path, &media_type, None, false, data);
    }

    let audit = audit(book, &items, &files, &sources, !breaks.is_empty());
    if let Some(warning) = audit.warning() {
        warnings.push(warning);
    }
    let edition = (!breaks.is_empty()).then(|| print_edition(book, pages.len()));
    let opf_doc = opf::package(book, &identifier, &items, &audit, edition.as_deref());
    let mut entries = vec![
        Entry {
            path: "META-INF/container.xml".into(),
            data: package::container_xml(OPF_PATH).into_bytes(),
            compression: Compression::Default,
        },
        Entry {
            path: OPF_PATH.into(),
            data: opf_doc.into_bytes(),
            compression: Compression::Default,
        },
    ];
    entries.append(&mut files);
    Ok(entries)
}

/// An error at the place the book named an image.
fn asset_error(book: &Book, asset: &crate::model::Asset, message: String) -> Error {
    let file = book
        .sources
        .get(asset.pos.source.0)
        .map_or(asset.href.as_str(), |s| s.path.as_str());
    Error::at(file, asset.pos.line, asset.pos.col, message)
}

/// The accessibility checks over every XHTML file as written.
fn audit(
    book: &Book,
    items: &[Item],
    files: &[Entry],
    sources: &[(String, Option<String>)],
    page_list: bool,
) -> a11y::Audit {
    let texts: Vec<(&str, &str)> = items
        .iter()
        .filter(|i| i.media_type == "application/xhtml+xml")
        .filter_map(|i| {
            let path = format!("{CONTENT_DIR}{}", i.href);
            let file = files.iter().find(|f| f.path == path)?;
            Some((i.href.as_str(), std::str::from_utf8(&file.data).ok()?))
        })
        .collect();
    let documents: Vec<a11y::Document<'_>> = texts
        .iter()
        .map(|&(href, text)| a11y::Document {
            href,
            text,
            source: sources
                .iter()
                .find(|(file, _)| file == href)
                .and_then(|(_, source)| source.as_deref()),
            is_cover: href == COVER_PAGE,
        })
        .collect();
    let features = a11y::Features {
        notes: book.notes.len(),
        page_list,
        may_flash: book.assets.iter().any(|a| a.media_type == "image/gif"),
    };
    a11y::audit(
        &documents,
        book.settings.epub.stylesheet.as_deref(),
        features,
    )
}

/// The print edition a page list comes from, as `dc:source` names it:
/// the title, the PDF's trim size and page count.
fn print_edition(book: &Book, pages: usize) -> String {
    let trim = &book.settings.pdf.trim;
    let mm = |pt: f32| (pt * 25.4 / 72.0).round();
    format!(
        "{}, print edition (PDF, {} × {} mm, {pages} pages), laid out by Bindery from the same sources",
        book.meta.title.trim(),
        mm(trim.width),
        mm(trim.height),
    )
}

/// Where each embedded font goes: `fonts/<its file name>`, made ASCII and
/// unique.
fn font_paths(faces: &[css::FontFace<'_>]) -> Vec<String> {
    let mut used = HashSet::new();
    faces
        .iter()
        .map(|f| {
            let name = ascii_file_name(&f.file.name);
            let mut path = format!("fonts/{name}");
            let mut n = 2;
            while !used.insert(path.clone()) {
                path = format!("fonts/{n}-{name}");
                n += 1;
            }
            path
        })
        .collect()
}

/// The book's unique identifier; a name-based UUID (v5, from the title and
/// authors) when `book.toml` gives none, never a random one.
fn identifier(book: &Book) -> String {
    let id = book.meta.identifier.trim();
    if !id.is_empty() {
        return id.to_string();
    }
    let name = format!("{}\n{}", book.meta.title, book.meta.authors.join("\n"));
    format!(
        "urn:uuid:{}",
        uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes())
    )
}

fn ascii_file_name(name: &str) -> String {
    let name: String = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(name)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.trim_matches('.').is_empty() {
        "font.ttf".into()
    } else {
        name
    }
}
