//! Highlighted code in print: a run's token kind sets its colour, and its
//! weight and slant by stroking and skewing the monospace glyphs (the code
//! face has no bold or italic of its own), from the one table both books
//! read, `crate::highlight::STYLES`.

use krilla::color::rgb;
use krilla::geom::{Point, Transform};
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;

use crate::model::TokenKind;

/// How much a "bold" token's outline is stroked, in ems.
const EMBOLDEN: f32 = 0.035;
/// The slant of an "italic" token: about 11°.
const SLANT: f32 = 0.2;

/// What [`begin`] changed, for [`end`] to restore.
pub struct Inked {
    fill: Option<Fill>,
    stroke: Option<Stroke>,
    skewed: bool,
}

/// Sets up the surface for a run of `kind` whose baseline starts at
/// `origin`; `None` (nothing to change) for ordinary text.
pub fn begin(
    surface: &mut Surface,
    kind: Option<TokenKind>,
    origin: Point,
    size: f32,
) -> Option<Inked> {
    let style = crate::highlight::style_of(kind?);
    let [r, g, b] = style.rgb;
    let paint = rgb::Color::new(r, g, b).into();
    let saved = Inked {
        fill: surface.get_fill().cloned(),
        stroke: surface.get_stroke().cloned(),
        skewed: style.italic,
    };
    surface.set_fill(Some(Fill {
        paint,
        ..Fill::default()
    }));
    if style.bold {
        let paint = rgb::Color::new(r, g, b).into();
        surface.set_stroke(Some(Stroke {
            paint,
            width: size * EMBOLDEN,
            ..Stroke::default()
        }));
    }
    if style.italic {
        // x' = x - SLANT·(y - baseline): the baseline stays put.
        surface.push_transform(&Transform::from_row(
            1.0,
            0.0,
            -SLANT,
            1.0,
            SLANT * origin.y,
            0.0,
        ));
    }
    Some(saved)
}

/// Restores what [`begin`] changed.
pub fn end(surface: &mut Surface, inked: Option<Inked>) {
    let Some(inked) = inked else { return };
    if inked.skewed {
        surface.pop();
    }
    surface.set_fill(inked.fill);
    surface.set_stroke(inked.stroke);
}
