//! Images: paths written in Markdown are checked to stay inside the book
//! folder (no `../`, absolute paths or symbolic links out), each distinct
//! file is read once, and its header is checked with the `image` crate
//! (format by content, size without decoding, huge images refused); SVG
//! files are checked and re-serialised by [`crate::svg`].

use std::collections::HashMap;
use std::fs;
use std::io::Cursor;
use std::path::{Component, Path, PathBuf};

use crate::config::ConfigPath;
use crate::diag::Diagnostic;
use crate::markdown::ImageResolver;
use crate::model::{Asset, Pos};

/// The largest width or height accepted, in pixels.
const MAX_SIDE: u32 = 20_000;
/// The most memory a decoded image may need (4 bytes a pixel).
const MAX_ALLOC: u64 = 512 * 1024 * 1024;
/// The most pixels all of a book's images (and its cover) may hold together,
/// decoded. Each image is decoded when it is checked and again by each
/// backend, so time and memory grow with the total: six 0.5 MB PNGs of
/// 11,000 × 11,000 pixels took 66 s and 2.1 GB. 400 million pixels is 65
/// photographs of 6 megapixels.
pub const MAX_BOOK_PIXELS: u64 = 400_000_000;

/// The book's images, deduplicated by normalised path.
pub struct AssetStore {
    root: PathBuf,
    assets: Vec<Asset>,
    /// href → its asset, or `None` when it was refused (reported once).
    by_href: HashMap<String, Option<usize>>,
    /// Decoded pixels of every image accepted so far, cover included.
    pixels: u64,
}

impl AssetStore {
    pub fn new(root: PathBuf) -> Self {
        AssetStore {
            root,
            assets: Vec::new(),
            by_href: HashMap::new(),
            pixels: 0,
        }
    }

    /// Counts an image's pixels toward [`MAX_BOOK_PIXELS`]; the error
    /// completes "image `x` …" when this image crosses the limit.
    fn spend_pixels(&mut self, width: u32, height: u32) -> Result<(), String> {
        let total = self.pixels + u64::from(width) * u64::from(height);
        if total > MAX_BOOK_PIXELS {
            return Err(format!(
                "({width}×{height} px) brings the book's images to {} million pixels, over the limit of {} million for one book: scale the images down (300 dpi at the printed size is enough)",
                total.div_ceil(1_000_000),
                MAX_BOOK_PIXELS / 1_000_000
            ));
        }
        self.pixels = total;
        Ok(())
    }

    /// A resolver for the images of one file in folder `base` (relative to
    /// the root), reporting against `file`.
    pub fn resolver<'s>(&'s mut self, base: &Path, file: &str) -> Resolver<'s> {
        Resolver {
            store: self,
            base: base.to_path_buf(),
            file: file.to_string(),
            diags: Vec::new(),
        }
    }

    pub fn into_assets(self) -> Vec<Asset> {
        self.assets
    }

    /// Reads the cover named in the configuration (relative to it; it may
    /// lie outside the book folder).
    pub fn read_cover(
        &mut self,
        config_dir: &Path,
        cover: &ConfigPath,
        config_file: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Asset> {
        let path = config_dir.join(&cover.path);
        let fail = |diags: &mut Vec<Diagnostic>, msg: String| {
            diags.push(Diagnostic::error(config_file, cover.line, cover.col, msg));
            None
        };
        let data = match read_regular(&path) {
            Ok(d) => d,
            Err(e) => return fail(diags, format!("cover `{}` cannot be read: {e}", cover.path)),
        };
        let info = image_info(&data, |w, h| self.spend_pixels(w, h));
        for note in info.iter().flat_map(|i| &i.notes) {
            diags.push(Diagnostic::warning(
                config_file,
                cover.line,
                cover.col,
                format!("cover `{}`: {note}", cover.path),
            ));
        }
        match info {
            Ok(info) => Some(Asset {
                href: format!("cover.{}", info.extension),
                media_type: info.media_type.into(),
                data: info.cleaned.unwrap_or(data),
                width: info.width,
                height: info.height,
                pos: Pos::default(),
            }),
            Err(why) => fail(diags, format!("cover `{}` {why}", cover.path)),
        }
    }
}

/// Resolves one file's image paths into the store.
pub struct Resolver<'s> {
    store: &'s mut AssetStore,
    base: PathBuf,
    file: String,
    /// What went wrong, for the loader to collect.
    pub diags: Vec<Diagnostic>,
}

impl ImageResolver for Resolver<'_> {
    fn resolve(&mut self, url: &str, pos: Pos) -> Option<usize> {
        let mut fail = |msg: String| {
            self.diags
                .push(Diagnostic::error(&self.file, pos.line, pos.col, msg));
            None
        };
        let rel = match contained_path(&self.store.root, &self.base, url) {
            Ok(rel) => rel,
            Err(why) => return fail(format!("image `{url}` {why}")),
        };
        let href = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if let Some(known) = self.store.by_href.get(&href) {
            return *known;
        }
        let full = self.store.root.join(&rel);
        let result = match read_regular(&full) {
            Ok(data) => match image_info(&data, |w, h| self.store.spend_pixels(w, h)) {
                Ok(info) => {
                    for note in &info.notes {
                        self.diags.push(Diagnostic::warning(
                            &self.file,
                            pos.line,
                            pos.col,
                            format!("image `{url}`: {note}"),
                        ));
                    }
                    self.store.assets.push(Asset {
                        href: href.clone(),
                        media_type: info.media_type.into(),
                        data: info.cleaned.unwrap_or(data),
                        width: info.width,
                        height: info.height,
                        pos,
                    });
                    Some(self.store.assets.len() - 1)
                }
                Err(why) => fail(format!("image `{url}` {why}")),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => fail(format!(
                "image `{url}` not found ({})",
                super::display(&full)
            )),
            Err(e) => fail(format!("image `{url}` cannot be read: {e}")),
        };
        self.store.by_href.insert(href, result);
        result
    }
}

/// The images raw HTML names (`<img src>`), read for the resolve pass
/// through the same checks as Markdown images: relative to the folder of
/// the file that names them, inside the book.
pub struct RawHtmlImages<'s> {
    pub store: &'s mut AssetStore,
    /// Each source's folder (relative to the book folder), by source id.
    pub bases: &'s [PathBuf],
    /// Each source's name in messages, by source id.
    pub files: Vec<String>,
    /// What went wrong, for the loader to collect.
    pub diags: Vec<Diagnostic>,
}

impl crate::resolve::AssetLoader for RawHtmlImages<'_> {
    fn image(&mut self, source: crate::model::SourceId, src: &str, pos: Pos) -> Option<usize> {
        let base = self.bases.get(source.0).cloned().unwrap_or_default();
        let file = self.files.get(source.0).cloned().unwrap_or_default();
        let mut resolver = self.store.resolver(&base, &file);
        let found = resolver.resolve(src, pos);
        self.diags.append(&mut resolver.diags);
        found
    }

    fn hrefs(&self) -> Vec<String> {
        self.store.assets.iter().map(|a| a.href.clone()).collect()
    }
}

/// Resolves nothing and reports nothing: for a quick look at a file's
/// headings.
pub struct NoImages;

impl ImageResolver for NoImages {
    fn resolve(&mut self, _url: &str, _pos: Pos) -> Option<usize> {
        None
    }
}

/// `url` (written in a file in folder `base`, relative to `root`) as a
/// normalised path relative to `root`, or why it is refused: a URL, an
/// absolute path, a path that climbs out with `..`, or one that resolves
/// through a symbolic link to somewhere outside the book folder.
pub fn contained_path(root: &Path, base: &Path, url: &str) -> Result<PathBuf, String> {
    let decoded = percent_decode(url.trim());
    if decoded.is_empty() {
        return Err("has an empty path".into());
    }
    if let Some((scheme, _)) = decoded.split_once(':')
        && scheme.len() > 1
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    {
        return Err(
            "is a URL: Bindery only uses files inside the book folder (download it there)".into(),
        );
    }
    let written = Path::new(&decoded);
    if decoded.starts_with(['/', '\\']) || written.is_absolute() {
        return Err("is an absolute path: use a path relative to the book folder".into());
    }
    let mut parts: Vec<PathBuf> = base
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .map(|c| PathBuf::from(c.as_os_str()))
        .collect();
    for component in written.components() {
        match component {
            Component::Normal(part) => parts.push(PathBuf::from(part)),
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Err("leaves the book folder: copy the file into it".into());
                }
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err("is an absolute path: use a path relative to the book folder".into());
            }
        }
    }
    let rel: PathBuf = parts.iter().collect();
    if rel.as_os_str().is_empty() {
        return Err("names the book folder itself, not a file".into());
    }
    if leaves_through_link(root, &rel) {
        return Err(LEAVES_THROUGH_LINK.into());
    }
    Ok(rel)
}

/// Completes "`file` …" for a file of the book reached through a symbolic
/// link to somewhere outside the book folder.
pub const LEAVES_THROUGH_LINK: &str =
    "leaves the book folder through a symbolic link: copy the file into it";

/// Whether `rel` (a normalised path relative to `root`) resolves, through
/// symbolic links, to a place outside `root`. A path that does not exist
/// does not leave (it is reported as missing where it is read).
pub fn leaves_through_link(root: &Path, rel: &Path) -> bool {
    match (root.join(rel).canonicalize(), root.canonicalize()) {
        (Ok(real), Ok(real_root)) => !real.starts_with(&real_root),
        _ => false,
    }
}

/// Reads a file the book names, refusing anything but a regular file: a
/// folder gives a poor message, and a named pipe or a device would block
/// the build forever or never end.
pub fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    let meta = fs::metadata(path)?;
    if meta.is_dir() {
        return Err(std::io::Error::other("it is a folder, not a file"));
    }
    if !meta.is_file() {
        return Err(std::io::Error::other(
            "it is not a regular file (a pipe, socket or device)",
        ));
    }
    fs::read(path)
}

/// Decodes `%XX` escapes (Markdown destinations are URLs).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// What the header says about an image.
pub struct ImageInfo {
    pub media_type: &'static str,
    pub extension: &'static str,
    pub width: u32,
    pub height: u32,
    /// An SVG file's re-serialised bytes, which the book uses instead of
    /// the file's ([`crate::svg`]).
    pub cleaned: Option<Vec<u8>>,
    /// What cleaning left out, each completing "image `x`: …".
    pub notes: Vec<String>,
}

/// Reads an image's format (by content) and size: an SVG file through
/// [`crate::svg::check`] (its embedded rasters through the raster checks,
/// counted like the book's other pixels), else as a raster image
/// ([`raster_info`]). The error completes "image `x` …".
pub fn image_info(
    data: &[u8],
    mut admit: impl FnMut(u32, u32) -> Result<(), String>,
) -> Result<ImageInfo, String> {
    if !crate::svg::looks_like_svg(data) {
        return raster_info(data, admit);
    }
    let svg = crate::svg::check(data, &mut |bytes| {
        let info = raster_info(bytes, &mut admit)?;
        if info.media_type == "image/webp" {
            return Err("is a WebP image: use PNG, JPEG or GIF inside SVG".into());
        }
        Ok(info.media_type)
    })?;
    Ok(ImageInfo {
        media_type: crate::svg::MEDIA_TYPE,
        extension: "svg",
        width: svg.width,
        height: svg.height,
        cleaned: Some(svg.data),
        notes: svg.removed,
    })
}

/// Reads an image's format (by content) and size (from the header), refusing
/// formats EPUB readers lack and images too large to decode safely, then
/// asks `admit` whether the book has room for its pixels before decoding it
/// once to check the pixels. The error completes "image `x` …".
pub fn raster_info(
    data: &[u8],
    admit: impl FnOnce(u32, u32) -> Result<(), String>,
) -> Result<ImageInfo, String> {
    let mut reader = image::ImageReader::new(Cursor::new(data))
        .with_guessed_format()
        .map_err(|e| format!("cannot be read: {e}"))?;
    let (media_type, extension) = match reader.format() {
        Some(image::ImageFormat::Jpeg) => ("image/jpeg", "jpg"),
        Some(image::ImageFormat::Png) => ("image/png", "png"),
        Some(image::ImageFormat::Gif) => ("image/gif", "gif"),
        Some(image::ImageFormat::WebP) => ("image/webp", "webp"),
        Some(other) => {
            return Err(format!(
                "is a {other:?} image: use JPEG, PNG, GIF, WebP or SVG"
            ));
        }
        None => return Err("is not an image (JPEG, PNG, GIF, WebP or SVG)".into()),
    };
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits.clone());
    let (width, height) = reader
        .into_dimensions()
        .map_err(|e| format!("is corrupt or unreadable: {e}"))?;
    if width == 0 || height == 0 {
        return Err("is corrupt: it has no pixels".into());
    }
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) * 4 > MAX_ALLOC
    {
        return Err(format!(
            "is too large ({width}×{height} px; the limit is {MAX_SIDE}×{MAX_SIDE} and 512 MiB decoded)"
        ));
    }
    admit(width, height)?;
    // The header can be whole while the pixels are not (a truncated or
    // damaged file): decode once, under the same limits, so the book's
    // line names the image instead of a backend failing on it later.
    let mut reader = image::ImageReader::new(Cursor::new(data))
        .with_guessed_format()
        .map_err(|e| format!("cannot be read: {e}"))?;
    reader.limits(limits);
    reader
        .decode()
        .map_err(|e| format!("is corrupt or unreadable: {e}"))?;
    Ok(ImageInfo {
        media_type,
        extension,
        width,
        height,
        cleaned: None,
        notes: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside() {
        let root = Path::new("/nonexistent-book");
        assert_eq!(
            contained_path(root, Path::new("ch"), "../img/a.png").unwrap(),
            PathBuf::from("img/a.png")
        );
        assert_eq!(
            contained_path(root, Path::new(""), "a%20b.png").unwrap(),
            PathBuf::from("a b.png")
        );
        assert!(
            contained_path(root, Path::new(""), "../a.png")
                .unwrap_err()
                .contains("leaves")
        );
        assert!(
            contained_path(root, Path::new(""), "/etc/a.png")
                .unwrap_err()
                .contains("absolute")
        );
        assert!(
            contained_path(root, Path::new(""), "https://x/a.png")
                .unwrap_err()
                .contains("URL")
        );
    }
}
