//! The size an author asked an image to be drawn at — pandoc's
//! `{width=50%}` / `{height=3cm}` on an image, a raw `<img width="300">` —
//! read once, so that both books draw it alike: the EPUB as CSS on the
//! `<img>`, the PDF as the image's drawn size.

/// Pixels per inch, as pandoc and CSS count them: a `px` is 0.75 pt.
pub const PX_PER_INCH: f32 = 96.0;

/// A length an author gave an image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Length {
    /// A share of the text width, in percent (a width only: a height in
    /// percent has nothing to be a share of in a reflowable EPUB).
    Percent(f32),
    /// An absolute length in points (1/72 in), whatever unit it was
    /// written in (cm, mm, in, pt, px at 96 to the inch).
    Points(f32),
}

/// An image's asked-for width and height; either, both or neither (its
/// natural size, as each book sets it). With one of them, the other
/// follows the image's aspect ratio.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ImageSize {
    pub width: Option<Length>,
    pub height: Option<Length>,
}

/// Why a written width or height is not a size the books can draw.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SizeError {
    #[error("`{0}` is not a number followed by %, cm, mm, in, pt or px")]
    Unit(String),
    #[error("`{0}` is not a length above zero")]
    NotPositive(String),
    #[error(
        "a height in percent has nothing to be a share of in the EPUB: give it in cm, mm, in, pt or px, or give a width in percent"
    )]
    PercentHeight,
}

impl Length {
    /// Reads a length as pandoc writes it: a number and a unit (`%`,
    /// `cm`, `mm`, `in` or `inch`, `pt`, `px`), a bare number being pixels.
    pub fn parse(written: &str) -> Result<Length, SizeError> {
        let s = written.trim();
        let split = s
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(s.len());
        let (number, unit) = s.split_at(split);
        let unit = unit.trim().to_ascii_lowercase();
        let value: f32 = number
            .parse()
            .map_err(|_| SizeError::Unit(written.to_string()))?;
        let points_per_unit = match unit.as_str() {
            "%" => None,
            "" | "px" => Some(72.0 / PX_PER_INCH),
            "pt" => Some(1.0),
            "in" | "inch" => Some(72.0),
            "cm" => Some(72.0 / 2.54),
            "mm" => Some(72.0 / 25.4),
            _ => return Err(SizeError::Unit(written.to_string())),
        };
        if !(value.is_finite() && value > 0.0) {
            return Err(SizeError::NotPositive(written.to_string()));
        }
        Ok(match points_per_unit {
            None => Length::Percent(value),
            Some(k) => Length::Points(value * k),
        })
    }
}

impl ImageSize {
    /// Whether the author asked for neither a width nor a height.
    pub fn is_natural(&self) -> bool {
        self.width.is_none() && self.height.is_none()
    }

    /// Sets the width (`height` false) or the height from its written
    /// value, or says why it cannot be drawn (and leaves it unset).
    pub fn set(&mut self, height: bool, written: &str) -> Result<(), SizeError> {
        let length = Length::parse(written)?;
        if height {
            if matches!(length, Length::Percent(_)) {
                return Err(SizeError::PercentHeight);
            }
            self.height = Some(length);
        } else {
            self.width = Some(length);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units() {
        let pt = |s| match Length::parse(s) {
            Ok(Length::Points(p)) => p,
            other => panic!("{s}: {other:?}"),
        };
        assert_eq!(Length::parse("50%"), Ok(Length::Percent(50.0)));
        assert_eq!(pt("300"), 225.0);
        assert_eq!(pt("300px"), 225.0);
        assert_eq!(pt("12pt"), 12.0);
        assert_eq!(pt("2in"), 144.0);
        assert_eq!(pt("1inch"), 72.0);
        assert!((pt("2.54cm") - 72.0).abs() < 1e-3);
        assert!((pt("25.4 mm") - 72.0).abs() < 1e-3);
        assert!((pt("8CM") - 226.77).abs() < 1e-2);
        for bad in ["3em", "wide", "", "%", "1.2.3cm", "-3cm"] {
            assert!(
                matches!(Length::parse(bad), Err(SizeError::Unit(_))),
                "{bad}"
            );
        }
        assert!(matches!(Length::parse("0"), Err(SizeError::NotPositive(_))));
    }

    #[test]
    fn percent_height_is_refused() {
        let mut size = ImageSize::default();
        assert_eq!(size.set(true, "50%"), Err(SizeError::PercentHeight));
        assert!(size.is_natural());
        size.set(false, "50%").unwrap();
        size.set(true, "3cm").unwrap();
        assert_eq!(size.width, Some(Length::Percent(50.0)));
        assert!(matches!(size.height, Some(Length::Points(_))));
    }
}
