//! The book's stylesheet: `@font-face` rules for the embedded fonts, the
//! default stylesheet (`default.css`), then the author's own.

use super::fonts::Embedded;
use crate::model::{FontFile, FontSettings, ImageSize, Length, PX_PER_INCH};

/// Readable defaults for e-ink and phones (see the file's comments).
const DEFAULT_CSS: &str = include_str!("default.css");

/// A font embedded in the book: its package path and the face it fills.
#[derive(Debug, Clone, Copy)]
pub struct FontFace<'a> {
    pub family: &'static str,
    pub italic: bool,
    pub bold: bool,
    pub file: &'a FontFile,
}

/// The five faces Bindery may embed: text regular, italic, bold, bold
/// italic, and the monospace for code; those the book sets no text in are
/// left out (`fonts::embed`). (The fallback face is for the PDF; reading
/// systems have their own.)
pub fn faces(fonts: &FontSettings) -> [FontFace<'_>; 5] {
    let face = |family, italic, bold, file| FontFace {
        family,
        italic,
        bold,
        file,
    };
    [
        face("Bindery Text", false, false, &fonts.regular),
        face("Bindery Text", true, false, &fonts.italic),
        face("Bindery Text", false, true, &fonts.bold),
        face("Bindery Text", true, true, &fonts.bold_italic),
        face("Bindery Mono", false, false, &fonts.mono),
    ]
}

/// The stylesheet text: an `@font-face` for each embedded font (its path
/// relative to the stylesheet), the defaults, the rules for the optional
/// kinds the book uses (`kinds`, see [`super::kinds`]), then the book's own.
pub fn stylesheet(fonts: &[Embedded<'_>], kinds: &str, user: Option<&str>) -> String {
    let mut css = String::with_capacity(DEFAULT_CSS.len() + 1024);
    for Embedded { face, path, .. } in fonts {
        css.push_str(&format!(
            "@font-face {{\n  font-family: \"{}\";\n  font-style: {};\n  font-weight: {};\n  src: url(\"{}\");\n}}\n\n",
            face.family,
            if face.italic { "italic" } else { "normal" },
            if face.bold { "bold" } else { "normal" },
            css_string(path),
        ));
    }
    css.push_str(DEFAULT_CSS);
    css.push_str(kinds);
    if let Some(user) = user {
        css.push_str("\n/* The book's own stylesheet. */\n");
        css.push_str(user);
        css.push('\n');
    }
    css
}

/// A path inside a CSS string: quotes and backslashes escaped.
fn css_string(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The media type of a font file, from its extension.
pub fn font_media_type(name: &str) -> &'static str {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "otf" => "font/otf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        _ => "font/ttf",
    }
}

/// The CSS that draws an image at the size its author asked for, before
/// the author's own `style` (a raw `<img style>`): a width in percent of
/// the text width, absolute lengths in CSS pixels (96 to the inch, as the
/// model reads them), so that the stylesheet's `max-width: 100%` still
/// keeps a wide one on a narrow screen; empty for an image at its natural
/// size without a style.
pub(super) fn image_size_style(size: &ImageSize, author: Option<&str>) -> String {
    let css = |length: Length| match length {
        Length::Percent(p) => format!("{}%", short(p)),
        Length::Points(pt) => format!("{}px", short(pt * PX_PER_INCH / 72.0)),
    };
    let mut out = Vec::new();
    if let Some(w) = size.width {
        out.push(format!("width: {}", css(w)));
    }
    if let Some(h) = size.height {
        out.push(format!("height: {}", css(h)));
    }
    out.extend(author.map(|a| a.trim().trim_end_matches(';').to_string()));
    out.join("; ")
}

/// A number with at most two decimals, without trailing zeros.
fn short(x: f32) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_sizes() {
        let size = |w, h| ImageSize {
            width: w,
            height: h,
        };
        let natural = ImageSize::default();
        assert_eq!(image_size_style(&natural, None), "");
        assert_eq!(
            image_size_style(&size(Some(Length::Percent(50.0)), None), None),
            "width: 50%"
        );
        let cm = Length::parse("8cm").unwrap();
        let px = Length::parse("300").unwrap();
        assert_eq!(
            image_size_style(&size(Some(cm), Some(px)), Some("float: left;")),
            "width: 302.36px; height: 300px; float: left"
        );
        assert_eq!(image_size_style(&natural, Some("color: red")), "color: red");
    }
}
