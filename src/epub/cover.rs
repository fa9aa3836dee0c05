//! The cover image, normalised for every store: a baseline RGB JPEG of at
//! most 1600×2560 pixels. Decoding runs under `image` limits, so a
//! decompression bomb is refused rather than allowed to eat the memory.
//! An SVG cover is rasterised with resvg at the largest size that fits, on
//! white, its text in the book's fonts.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{ColorType, ImageDecoder, ImageFormat, ImageReader, Limits};

/// The largest cover stores ask for: 1600 pixels wide…
pub const MAX_WIDTH: u32 = 1600;
/// …and 2560 high.
pub const MAX_HEIGHT: u32 = 2560;
/// Fixed, so the same cover always encodes to the same bytes.
const JPEG_QUALITY: u8 = 88;
/// Larger sources are refused before decoding.
const MAX_SOURCE_SIDE: u32 = 20_000;
const MAX_ALLOC: u64 = 512 * 1024 * 1024;

/// The cover as the EPUB stores it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cover {
    pub jpeg: Vec<u8>,
    /// Pixel size, for the cover page's SVG `viewBox`.
    pub width: u32,
    pub height: u32,
}

/// The cover as JPEG bytes with its size, or a message saying why it
/// cannot be used.
pub fn normalise(data: &[u8]) -> Result<Cover, String> {
    let reader = || -> Result<ImageReader<Cursor<&[u8]>>, String> {
        let mut reader = ImageReader::new(Cursor::new(data))
            .with_guessed_format()
            .map_err(|e| e.to_string())?;
        let mut limits = Limits::default();
        limits.max_image_width = Some(MAX_SOURCE_SIDE);
        limits.max_image_height = Some(MAX_SOURCE_SIDE);
        limits.max_alloc = Some(MAX_ALLOC);
        reader.limits(limits);
        Ok(reader)
    };
    let format = reader()?.format();
    // A JPEG that already fits, in plain RGB with no colour profile, is used
    // as it is: re-encoding would only lose quality and time.
    if format == Some(ImageFormat::Jpeg) {
        let mut decoder = reader()?.into_decoder().map_err(|e| e.to_string())?;
        let (w, h) = decoder.dimensions();
        let plain = decoder.color_type() == ColorType::Rgb8
            && decoder.icc_profile().map_err(|e| e.to_string())?.is_none();
        if plain && w <= MAX_WIDTH && h <= MAX_HEIGHT {
            return Ok(Cover {
                jpeg: data.to_vec(),
                width: w,
                height: h,
            });
        }
    }
    let image = reader()?.decode().map_err(|e| e.to_string())?;
    let mut rgb = image.to_rgb8();
    let (w, h) = rgb.dimensions();
    if w > MAX_WIDTH || h > MAX_HEIGHT {
        let scale = f64::min(
            f64::from(MAX_WIDTH) / f64::from(w),
            f64::from(MAX_HEIGHT) / f64::from(h),
        );
        let nw = ((f64::from(w) * scale).round() as u32).clamp(1, MAX_WIDTH);
        let nh = ((f64::from(h) * scale).round() as u32).clamp(1, MAX_HEIGHT);
        rgb = image::imageops::resize(&rgb, nw, nh, FilterType::Lanczos3);
    }
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|e| e.to_string())?;
    Ok(Cover {
        jpeg: out,
        width: rgb.width(),
        height: rgb.height(),
    })
}

/// An SVG cover (checked by the loader) as the JPEG stores take.
pub fn from_svg(data: &[u8], fonts: &crate::model::FontSettings) -> Result<Cover, String> {
    let fontdb = std::sync::Arc::new(crate::svg::fonts::database(fonts));
    let tree = crate::svg::parse(data, &crate::svg::options_with(fontdb))?;
    let (w, h) = (tree.size().width(), tree.size().height());
    let scale = f32::min(MAX_WIDTH as f32 / w, MAX_HEIGHT as f32 / h);
    let nw = ((w * scale).round() as u32).clamp(1, MAX_WIDTH);
    let nh = ((h * scale).round() as u32).clamp(1, MAX_HEIGHT);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(nw, nh)
        .ok_or_else(|| format!("cannot be drawn at {nw}×{nh} px"))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    let transform = resvg::tiny_skia::Transform::from_scale(scale, scale);
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    // Opaque on white, so the premultiplied pixels are the plain ones.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let image = image::RgbImage::from_raw(nw, nh, rgb)
        .ok_or_else(|| "cannot be drawn: the pixel buffer is short".to_string())?;
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(&image)
        .map_err(|e| e.to_string())?;
    Ok(Cover {
        jpeg: out,
        width: nw,
        height: nh,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageBuffer, Rgba};

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = ImageBuffer::from_fn(w, h, |x, y| {
            Rgba([(x % 256) as u8, (y % 256) as u8, 90, 200])
        });
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn large_png_becomes_a_jpeg_that_fits() {
        let cover = normalise(&png(3200, 3000)).unwrap();
        let jpeg = &cover.jpeg;
        let decoded = image::load_from_memory(jpeg).unwrap();
        assert_eq!(image::guess_format(jpeg).unwrap(), ImageFormat::Jpeg);
        assert_eq!((decoded.width(), decoded.height()), (1600, 1500));
        assert_eq!((cover.width, cover.height), (1600, 1500));
        assert_eq!(cover, normalise(&png(3200, 3000)).unwrap(), "deterministic");
    }

    #[test]
    fn small_rgb_jpeg_passes_through() {
        let cover = normalise(&png(40, 60)).unwrap();
        assert_eq!(normalise(&cover.jpeg).unwrap(), cover);
        assert_eq!((cover.width, cover.height), (40, 60));
    }

    #[test]
    fn garbage_and_bombs_are_refused() {
        assert!(normalise(b"not an image").is_err());
        // A PNG header claiming 100000 × 100000 pixels.
        let mut bomb = png(1, 1);
        bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        assert!(normalise(&bomb).is_err());
    }
}
