//! An image drawn at the size its author asked for ([`ImageSize`]): a
//! width in percent of the measure or an absolute length, the other side
//! following the image's aspect ratio when only one is given; made
//! smaller, both sides alike, when it would not fit the room it has (the
//! text block for a figure, the type's height in a line of text), with
//! the message that says so.

use crate::model::{ImageSize, Length};

/// What a sized image is drawn at, in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawn {
    pub w: f32,
    pub h: f32,
    /// Why it is smaller than asked, when it is: the warning's message.
    pub clamped: Option<String>,
}

/// The size `size` asks an image of `natural` pixels (width, height) to
/// be drawn at, in a room `measure` wide and `max_h` tall (`room` names
/// it in the message); `None` for an image at its natural size, which
/// each caller sets its own way.
pub fn fit(
    size: &ImageSize,
    natural: (u32, u32),
    (measure, max_h): (f32, f32),
    room: &str,
) -> Option<Drawn> {
    if size.is_natural() {
        return None;
    }
    let (pw, ph) = (natural.0.max(1) as f32, natural.1.max(1) as f32);
    let points = |l: Length| match l {
        Length::Percent(p) => measure * p / 100.0,
        Length::Points(pt) => pt,
    };
    let (w, h) = match (size.width.map(points), size.height.map(points)) {
        (Some(w), Some(h)) => (w, h),
        (Some(w), None) => (w, w * ph / pw),
        (None, Some(h)) => (h * pw / ph, h),
        (None, None) => return None,
    };
    let scale = (measure / w).min(max_h / h).min(1.0);
    // A hair's breadth over (100% of the measure, rounding) is no clamp.
    if scale >= 0.999 {
        return Some(Drawn {
            w,
            h,
            clamped: None,
        });
    }
    let message = format!(
        "this image is asked to be {} wide and {} tall, more than {room} ({} × {}): the PDF \
         draws it at {} × {}, its proportions kept",
        cm(w),
        cm(h),
        cm(measure),
        cm(max_h),
        cm(w * scale),
        cm(h * scale)
    );
    Some(Drawn {
        w: w * scale,
        h: h * scale,
        clamped: Some(message),
    })
}

/// Points as centimetres, for a message.
fn cm(pt: f32) -> String {
    format!("{:.1} cm", pt * 2.54 / 72.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(w: Option<&str>, h: Option<&str>) -> ImageSize {
        let mut s = ImageSize::default();
        if let Some(w) = w {
            s.set(false, w).unwrap();
        }
        if let Some(h) = h {
            s.set(true, h).unwrap();
        }
        s
    }

    #[test]
    fn one_side_keeps_the_aspect_ratio() {
        let room = (300.0, 500.0);
        assert_eq!(
            fit(&ImageSize::default(), (400, 200), room, "the text block"),
            None
        );
        let d = fit(&size(Some("50%"), None), (400, 200), room, "x").unwrap();
        assert_eq!((d.w, d.h, d.clamped), (150.0, 75.0, None));
        let d = fit(&size(None, Some("1in")), (400, 200), room, "x").unwrap();
        assert_eq!((d.w, d.h), (144.0, 72.0));
        let d = fit(&size(Some("100px"), Some("2in")), (400, 200), room, "x").unwrap();
        assert_eq!((d.w, d.h), (75.0, 144.0));
    }

    #[test]
    fn too_big_is_scaled_down_with_a_message() {
        let d = fit(
            &size(Some("200%"), None),
            (400, 200),
            (300.0, 500.0),
            "the text block",
        )
        .unwrap();
        assert_eq!((d.w, d.h), (300.0, 150.0));
        let m = d.clamped.unwrap();
        assert!(
            m.contains("21.2 cm wide") && m.contains("10.6 cm × 5.3 cm"),
            "{m}"
        );
        let d = fit(&size(None, Some("10in")), (400, 200), (300.0, 500.0), "x").unwrap();
        assert_eq!((d.w, d.h), (300.0, 150.0));
        let d = fit(
            &size(Some("1in"), Some("10in")),
            (400, 200),
            (300.0, 360.0),
            "x",
        )
        .unwrap();
        assert_eq!((d.w, d.h), (36.0, 360.0));
        assert!(d.clamped.is_some());
    }
}
