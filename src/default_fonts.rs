//! The built-in font set (EB Garamond, Source Code Pro, DejaVu Sans), compiled
//! into the binary so a book builds with no system fonts and every machine
//! sets it the same way.

use std::sync::{Arc, OnceLock};

use crate::model::{FontFile, FontSettings};

/// The default fonts; books replace any face with `[fonts]` in `book.toml`.
/// The bytes are shared, so calling this often is cheap.
pub fn default_fonts() -> FontSettings {
    static FONTS: OnceLock<FontSettings> = OnceLock::new();
    FONTS
        .get_or_init(|| FontSettings {
            regular: font(
                "EBGaramond-Regular.ttf",
                include_bytes!("../fonts/EBGaramond-Regular.ttf"),
            ),
            italic: font(
                "EBGaramond-Italic.ttf",
                include_bytes!("../fonts/EBGaramond-Italic.ttf"),
            ),
            bold: font(
                "EBGaramond-Bold.ttf",
                include_bytes!("../fonts/EBGaramond-Bold.ttf"),
            ),
            bold_italic: font(
                "EBGaramond-BoldItalic.ttf",
                include_bytes!("../fonts/EBGaramond-BoldItalic.ttf"),
            ),
            mono: font(
                "SourceCodePro-Regular.ttf",
                include_bytes!("../fonts/SourceCodePro-Regular.ttf"),
            ),
            fallback: Some(font(
                "DejaVuSans.ttf",
                include_bytes!("../fonts/DejaVuSans.ttf"),
            )),
        })
        .clone()
}

fn font(name: &str, bytes: &[u8]) -> FontFile {
    FontFile {
        name: name.into(),
        data: Arc::new(bytes.to_vec()),
    }
}

/// Whether `data` starts like a TrueType/OpenType font or collection.
pub fn looks_like_font(data: &[u8]) -> bool {
    matches!(
        data.get(..4),
        Some([0, 1, 0, 0] | b"OTTO" | b"true" | b"ttcf")
    )
}

/// Why `data` cannot serve as a face, or `None` when it can: it must be one
/// TrueType or OpenType font (not a collection), every table it lists must
/// lie inside the file (a truncated font otherwise loads and then has no
/// glyphs, so the PDF silently sets the fallback face), and the tables the
/// typesetter reads must parse. The text completes "`file` …".
pub fn font_problem(data: &[u8]) -> Option<String> {
    use read_fonts::{FontRef, TableProvider};
    if !looks_like_font(data) {
        return Some("is not a TrueType or OpenType font".into());
    }
    if data.starts_with(b"ttcf") {
        return Some("is a font collection (.ttc): name a single .ttf or .otf font".into());
    }
    let Ok(font) = FontRef::new(data) else {
        return Some("is damaged: its table directory cannot be read".into());
    };
    for record in font.table_directory.table_records() {
        let end = u64::from(record.offset()) + u64::from(record.length());
        if end > data.len() as u64 {
            return Some(format!(
                "is truncated or damaged: its `{}` table runs past the end of the file",
                record.tag()
            ));
        }
    }
    let broken = |tag: &str| Some(format!("is damaged: its `{tag}` table cannot be read"));
    if font.head().is_err() {
        return broken("head");
    }
    if font.hhea().is_err() {
        return broken("hhea");
    }
    if font.maxp().is_err() {
        return broken("maxp");
    }
    if font.cmap().is_err() {
        return broken("cmap");
    }
    if font.hmtx().is_err() {
        return broken("hmtx");
    }
    let outlines = (font.glyf().is_ok() && font.loca(None).is_ok())
        || font.cff().is_ok()
        || font.cff2().is_ok();
    if !outlines {
        return Some("has no glyph outlines (no `glyf` or `CFF` table)".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_fonts_are_fonts() {
        let f = default_fonts();
        for face in [&f.regular, &f.italic, &f.bold, &f.bold_italic, &f.mono] {
            assert!(looks_like_font(&face.data), "{}", face.name);
        }
        assert!(f.fallback.is_some_and(|f| looks_like_font(&f.data)));
    }

    #[test]
    fn built_in_fonts_have_no_problem_and_damaged_ones_do() {
        let f = default_fonts();
        for face in [&f.regular, &f.italic, &f.bold, &f.bold_italic, &f.mono] {
            assert_eq!(font_problem(&face.data), None, "{}", face.name);
        }
        let whole = &f.regular.data;
        let cut = font_problem(&whole[..5000]).unwrap();
        assert!(cut.contains("runs past the end of the file"), "{cut}");
        assert!(font_problem(b"hello").unwrap().contains("not a TrueType"));
        let mut junk = vec![0u8, 1, 0, 0];
        junk.extend(std::iter::repeat_n(0xa5, 300));
        assert!(font_problem(&junk).is_some());
    }
}
