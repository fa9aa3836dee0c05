//! The style a run of text is set in: face, size, rise and the features
//! an element asks for (emphasis, code, superior figures, strike-through).

use super::CODE_SCALE;
use crate::pdf::fonts::{BOLD, BOLD_ITALIC, FaceId, ITALIC, MONO, REGULAR};
use crate::pdf::shape::Features;

/// How a run of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub italic: bool,
    pub bold: bool,
    pub mono: bool,
    pub features: Features,
    /// Size in points.
    pub size: f32,
    /// Baseline shift upwards in points.
    pub rise: f32,
    /// Struck through (`~~text~~`).
    pub strike: bool,
    /// The language the author gave the text (`<span lang>`): 1 + its
    /// index in the paragraph's list of languages, 0 for the text around.
    pub lang: u16,
}

impl Style {
    /// How an element of the author's raw HTML sets its content in print
    /// (the rest — `<span>`, `<abbr>`, `<u>` — as the text around it).
    pub fn for_element(self, name: &str) -> Style {
        match name {
            "em" | "i" | "cite" | "var" | "dfn" => self.italicised(),
            "strong" | "b" => Style { bold: true, ..self },
            "s" | "del" => Style {
                strike: true,
                ..self
            },
            "sup" => self.superior(),
            "sub" => self.inferior(),
            "code" | "kbd" | "samp" => self.code(),
            "small" => Style {
                size: self.size * 0.85,
                ..self
            },
            _ => self,
        }
    }

    /// Superior text (`^x^`, `<sup>`).
    pub fn superior(self) -> Style {
        self.shifted(0.38)
    }

    /// Inferior text (`~x~`, `<sub>`).
    pub fn inferior(self) -> Style {
        self.shifted(-0.14)
    }

    /// Italic toggled (emphasis inside italics is upright).
    pub fn italicised(self) -> Style {
        Style {
            italic: !self.italic,
            ..self
        }
    }

    /// Superior or inferior text: smaller, raised by `rise` ems (negative:
    /// lowered).
    fn shifted(self, rise: f32) -> Style {
        Style {
            size: self.size * 0.65,
            rise: self.rise + self.size * rise,
            ..self
        }
    }

    /// Inline code: Source Code Pro's x-height is much larger than EB
    /// Garamond's, 0.82 of the size matches them.
    pub fn code(self) -> Style {
        Style {
            mono: true,
            size: self.size * CODE_SCALE,
            ..self
        }
    }

    pub fn new(size: f32) -> Style {
        Style {
            italic: false,
            bold: false,
            mono: false,
            features: 0,
            size,
            rise: 0.0,
            strike: false,
            lang: 0,
        }
    }

    pub fn face(&self) -> FaceId {
        match (self.mono, self.bold, self.italic) {
            (true, _, _) => MONO,
            (false, true, true) => BOLD_ITALIC,
            (false, true, false) => BOLD,
            (false, false, true) => ITALIC,
            (false, false, false) => REGULAR,
        }
    }
}
