//! The fonts SVG text is set in: the book's own faces, never the
//! machine's, so the same SVG gives the same PDF and cover everywhere.
//! `serif`, `sans-serif`, `cursive` and `fantasy` name the book's text face,
//! `monospace` its code face; other families the book lacks fall back on
//! these (usvg's fallback looks through this database only).

use std::sync::Arc;

use usvg::fontdb::{Database, Source};

use crate::model::FontSettings;

/// A font database holding the book's faces.
pub fn database(fonts: &FontSettings) -> Database {
    let mut db = Database::new();
    let family = |db: &mut Database, data: &Arc<Vec<u8>>| {
        let ids = db.load_font_source(Source::Binary(data.clone()));
        ids.first()
            .and_then(|id| db.face(*id))
            .and_then(|f| f.families.first().map(|(name, _)| name.clone()))
    };
    let text = family(&mut db, &fonts.regular.data);
    for face in [&fonts.italic, &fonts.bold, &fonts.bold_italic] {
        family(&mut db, &face.data);
    }
    let mono = family(&mut db, &fonts.mono.data);
    if let Some(fallback) = &fonts.fallback {
        family(&mut db, &fallback.data);
    }
    if let Some(text) = text {
        db.set_serif_family(text.clone());
        db.set_sans_serif_family(text.clone());
        db.set_cursive_family(text.clone());
        db.set_fantasy_family(text);
    }
    if let Some(mono) = mono {
        db.set_monospace_family(mono);
    }
    db
}
