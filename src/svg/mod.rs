//! SVG images: read once by the loader, checked against hostile input,
//! re-serialised from the parsed tree, and then the same bytes reach both
//! books — the EPUB packages them as `image/svg+xml`, the PDF draws them
//! as vectors through usvg and krilla-svg.
//!
//! Nothing is passed through as written: the file is parsed with roxmltree
//! ([`limits`] first bounds entities, nesting and `<use>` expansion), and
//! [`clean`] writes back only SVG elements and attributes, with local
//! references (`#id`) and checked raster data URLs. Scripts, event
//! handlers, external references, `<foreignObject>`, animations and CSS
//! reaching outside the file are left out, each named in a note the loader
//! reports at the image's reference. [`fonts`] gives SVG text the book's
//! own fonts, so the PDF never depends on the machine's fonts.

mod clean;
mod css;
pub mod fonts;
mod limits;

use std::sync::Arc;

/// The SVG namespace.
const SVG_NS: &str = "http://www.w3.org/2000/svg";
/// The media type SVG is packaged with.
pub const MEDIA_TYPE: &str = "image/svg+xml";
/// The largest SVG file read, in bytes.
const MAX_BYTES: usize = 16 * 1024 * 1024;
/// The largest width or height, in CSS pixels (as for raster images).
const MAX_SIDE: f32 = 20_000.0;

/// An SVG file as the book keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// The re-serialised document: what both books use.
    pub data: Vec<u8>,
    /// Size in CSS pixels, rounded up.
    pub width: u32,
    pub height: u32,
    /// What was left out, each completing "image `x`: …".
    pub removed: Vec<String>,
}

/// Whether `data` looks like an SVG document (XML whose text names an
/// `<svg` element), so that it is judged as one rather than as a raster.
pub fn looks_like_svg(data: &[u8]) -> bool {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let start = data.iter().position(|b| !b.is_ascii_whitespace());
    start.is_some_and(|i| data[i] == b'<') && data.windows(4).any(|w| w == b"<svg")
}

/// Checks and re-serialises an SVG file. `raster` judges the images a data
/// URL inside it holds (returning their media type, or why they are
/// refused). The error completes "image `x` …".
pub fn check(
    data: &[u8],
    raster: &mut dyn FnMut(&[u8]) -> Result<&'static str, String>,
) -> Result<Checked, String> {
    if data.len() > MAX_BYTES {
        return Err(format!(
            "is too large for an SVG image ({} MiB; the limit is {} MiB)",
            data.len().div_ceil(1024 * 1024),
            MAX_BYTES / (1024 * 1024)
        ));
    }
    let text = std::str::from_utf8(data)
        .map_err(|_| "is an SVG file that is not UTF-8: save it as UTF-8".to_string())?;
    limits::entities(text)?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: limits::MAX_NODES,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options)
        .map_err(|e| format!("is not well-formed SVG: {e}"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" || root.tag_name().namespace() != Some(SVG_NS) {
        return Err(format!(
            "is not an SVG image: its root element must be <svg xmlns=\"{SVG_NS}\">"
        ));
    }
    limits::structure(&doc)?;
    let (cleaned, removed) = clean::document(&doc, raster);
    let tree = parse(cleaned.as_bytes(), &options_with(Arc::default()))?;
    let size = tree.size();
    let (w, h) = (size.width(), size.height());
    if !(w.is_finite() && h.is_finite()) || w > MAX_SIDE || h > MAX_SIDE {
        return Err(format!(
            "is too large ({w}×{h} px; the limit is {MAX_SIDE}×{MAX_SIDE} for SVG images)"
        ));
    }
    Ok(Checked {
        data: cleaned.into_bytes(),
        width: (w.ceil() as u32).max(1),
        height: (h.ceil() as u32).max(1),
        removed,
    })
}

/// usvg's options for the book: fonts from `fontdb` only (never the
/// machine's), no files read (a checked SVG refers to none), and only the
/// raster formats every reader shows inside data URLs.
pub fn options_with(fontdb: Arc<usvg::fontdb::Database>) -> usvg::Options<'static> {
    let family = fontdb
        .faces()
        .find_map(|f| f.families.first().map(|(name, _)| name.clone()))
        .unwrap_or_else(|| "serif".into());
    usvg::Options {
        resources_dir: None,
        font_family: family,
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|mime, data, _| match mime {
                "image/png" => Some(usvg::ImageKind::PNG(data)),
                "image/jpeg" => Some(usvg::ImageKind::JPEG(data)),
                "image/gif" => Some(usvg::ImageKind::GIF(data)),
                _ => None,
            }),
            resolve_string: Box::new(|_, _| None),
        },
        fontdb,
        ..usvg::Options::default()
    }
}

/// Parses a checked SVG into usvg's tree. The error completes "image `x` …".
pub fn parse(data: &[u8], options: &usvg::Options) -> Result<usvg::Tree, String> {
    usvg::Tree::from_data(data, options).map_err(|e| format!("cannot be read as SVG: {e}"))
}

#[cfg(test)]
mod tests;
