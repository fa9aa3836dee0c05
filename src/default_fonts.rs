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
}
