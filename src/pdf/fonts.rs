//! The book's font faces, loaded once from `book.settings.fonts`: each face
//! gives the shaper its data (harfrust) and the PDF writer its font (krilla),
//! from the same bytes, plus the metrics the layout needs.

use harfrust::{FontRef, ShaperData};
use read_fonts::TableProvider;

use super::shape::ShapeCache;

use crate::error::{Error, Result};
use crate::model::{FontFile, FontSettings};

/// Index of a face in [`Fonts::faces`].
pub type FaceId = u8;

pub const REGULAR: FaceId = 0;
pub const ITALIC: FaceId = 1;
pub const BOLD: FaceId = 2;
pub const BOLD_ITALIC: FaceId = 3;
pub const MONO: FaceId = 4;
/// Present only when the settings name a fallback face.
pub const FALLBACK: FaceId = 5;

/// Vertical metrics as fractions of the em, so they scale with any size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    pub units_per_em: f32,
    pub ascender: f32,
    pub descender: f32,
    pub x_height: f32,
    pub cap_height: f32,
}

/// One face: shaping data, the PDF font, and metrics.
pub struct Face<'a> {
    pub name: String,
    pub font_ref: FontRef<'a>,
    pub shaper_data: ShaperData,
    pub pdf: krilla::text::Font,
    pub metrics: Metrics,
    /// The glyph a hyphen inserted at a line break is drawn with, when the
    /// face maps U+00AD SOFT HYPHEN to a glyph of its own (as EB Garamond,
    /// Source Code Pro and DejaVu Sans do): the PDF's text map then reads
    /// it as U+00AD and the hyphen glyph as `-`, in every reader. `None`:
    /// the hyphen glyph is drawn and the PDF marks the inserted one with
    /// `ActualText` instead.
    pub soft_hyphen: Option<SoftHyphen>,
}

/// A face's own glyphs for `-` and U+00AD, when they differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SoftHyphen {
    /// The glyph `-` maps to.
    pub hyphen: u32,
    /// The glyph U+00AD maps to.
    pub soft: u32,
}

/// All faces of the book, indexed by [`FaceId`], with the words shaped in
/// them: one cache for the book, whichever thread sets which chapter.
pub struct Fonts<'a> {
    pub faces: Vec<Face<'a>>,
    pub shapes: ShapeCache,
}

impl<'a> Fonts<'a> {
    /// Loads every face the settings name; a face that cannot be parsed is
    /// an error naming the file.
    pub fn load(settings: &'a FontSettings) -> Result<Fonts<'a>> {
        let mut faces = vec![
            load_face(&settings.regular)?,
            load_face(&settings.italic)?,
            load_face(&settings.bold)?,
            load_face(&settings.bold_italic)?,
            load_face(&settings.mono)?,
        ];
        if let Some(fallback) = &settings.fallback {
            faces.push(load_face(fallback)?);
        }
        Ok(Fonts {
            faces,
            shapes: ShapeCache::default(),
        })
    }

    pub fn face(&self, id: FaceId) -> &Face<'a> {
        &self.faces[id as usize]
    }

    pub fn has_fallback(&self) -> bool {
        self.faces.len() > FALLBACK as usize
    }
}

fn load_face(file: &FontFile) -> Result<Face<'_>> {
    let bad = |what: &str| Error::Backend(format!("font {}: {what}", file.name));
    let font_ref = FontRef::new(file.data.as_slice()).map_err(|_| bad("not a font file"))?;
    let head = font_ref.head().map_err(|_| bad("no head table"))?;
    let upem = f32::from(head.units_per_em()).max(1.0);
    let hhea = font_ref.hhea().map_err(|_| bad("no hhea table"))?;
    let (mut ascender, mut descender) = (
        f32::from(hhea.ascender().to_i16()),
        f32::from(hhea.descender().to_i16()),
    );
    let (mut x_height, mut cap_height) = (upem * 0.45, upem * 0.68);
    if let Ok(os2) = font_ref.os2() {
        ascender = f32::from(os2.s_typo_ascender());
        descender = f32::from(os2.s_typo_descender());
        if let Some(x) = os2.sx_height().filter(|x| *x > 0) {
            x_height = f32::from(x);
        }
        if let Some(c) = os2.s_cap_height().filter(|c| *c > 0) {
            cap_height = f32::from(c);
        }
    }
    let soft_hyphen = font_ref.cmap().ok().and_then(|cmap| {
        let hyphen = cmap.map_codepoint('-')?.to_u32();
        let soft = cmap.map_codepoint('\u{AD}')?.to_u32();
        (hyphen != 0 && soft != 0 && soft != hyphen).then_some(SoftHyphen { hyphen, soft })
    });
    let pdf = krilla::text::Font::new(krilla::Data::from(file.data.clone()), 0)
        .ok_or_else(|| bad("the PDF writer cannot embed it"))?;
    Ok(Face {
        name: file.name.clone(),
        shaper_data: ShaperData::new(&font_ref),
        font_ref,
        pdf,
        metrics: Metrics {
            units_per_em: upem,
            ascender: ascender / upem,
            descender: descender / upem,
            x_height: x_height / upem,
            cap_height: cap_height / upem,
        },
        soft_hyphen,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The built-in fonts, for unit tests.
    pub fn default_settings() -> FontSettings {
        crate::default_fonts::default_fonts()
    }

    #[test]
    fn loads_default_faces_with_sane_metrics() {
        let settings = default_settings();
        let fonts = Fonts::load(&settings).unwrap();
        assert_eq!(fonts.faces.len(), 6);
        let m = fonts.face(REGULAR).metrics;
        assert!(m.units_per_em >= 1000.0);
        assert!(m.x_height > 0.3 && m.x_height < 0.6, "{m:?}");
        assert!(m.cap_height > m.x_height && m.ascender > m.cap_height);
        assert!(m.descender < 0.0);
    }
}
