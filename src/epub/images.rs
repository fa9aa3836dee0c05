//! The book's images as the package stores them: JPEG, PNG and GIF as they
//! are; WebP converted to PNG, since WebP is no core media type of EPUB
//! 3.2 (EPUBCheck 4.2.6 rejects it, and readers of that generation cannot
//! show it). PNG keeps every pixel and the alpha channel of the original.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits};

use crate::model::Asset;

/// The WebP media type, converted.
const WEBP: &str = "image/webp";
/// Decoding limits: the loader already refused larger images, these only
/// bound the work should a file change under us.
const MAX_SIDE: u32 = 20_000;
const MAX_ALLOC: u64 = 512 * 1024 * 1024;

/// The bytes and media type an asset is stored with, or why it cannot be.
pub fn packaged(asset: &Asset) -> Result<(Vec<u8>, String), String> {
    if asset.media_type != WEBP {
        return Ok((asset.data.clone(), asset.media_type.clone()));
    }
    let mut reader = ImageReader::with_format(Cursor::new(&asset.data[..]), ImageFormat::WebP);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| e.to_string())?;
    let mut png = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    Ok((png, "image/png".into()))
}

/// Gives converted images a `.png` name in `paths` (the package paths of
/// `assets`, in order), unique among the others.
pub fn rename_converted(paths: &mut [String], assets: &[Asset]) {
    for index in 0..paths.len().min(assets.len()) {
        if assets[index].media_type != WEBP {
            continue;
        }
        let stem = paths[index]
            .rsplit_once('.')
            .map_or(paths[index].as_str(), |(stem, _)| stem)
            .to_string();
        let mut candidate = format!("{stem}.png");
        let mut n = 2;
        while paths.contains(&candidate) {
            candidate = format!("{stem}-{n}.png");
            n += 1;
        }
        paths[index] = candidate;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Pos, SourceId};
    use image::{ImageBuffer, Rgba};

    fn asset(media_type: &str, data: Vec<u8>) -> Asset {
        Asset {
            href: "a.webp".into(),
            media_type: media_type.into(),
            data,
            width: 3,
            height: 2,
            pos: Pos {
                source: SourceId(0),
                line: 1,
                col: 1,
            },
        }
    }

    #[test]
    fn webp_becomes_a_png_with_the_same_pixels_and_a_png_name() {
        let img = ImageBuffer::from_fn(3, 2, |x, y| Rgba([x as u8 * 80, y as u8 * 90, 7, 128]));
        let mut webp = Vec::new();
        img.write_to(&mut Cursor::new(&mut webp), ImageFormat::WebP)
            .unwrap();
        let (png, media_type) = packaged(&asset(WEBP, webp)).unwrap();
        assert_eq!(media_type, "image/png");
        assert_eq!(image::guess_format(&png).unwrap(), ImageFormat::Png);
        assert_eq!(image::load_from_memory(&png).unwrap().to_rgba8(), img);

        let assets = [asset(WEBP, vec![]), asset("image/png", vec![])];
        let mut paths = vec!["images/a.webp".to_string(), "images/a.png".to_string()];
        rename_converted(&mut paths, &assets);
        assert_eq!(paths, ["images/a-2.png", "images/a.png"]);
    }

    #[test]
    fn other_formats_pass_through_and_broken_webp_is_refused() {
        let (data, media_type) = packaged(&asset("image/gif", b"GIF89a".to_vec())).unwrap();
        assert_eq!(
            (data.as_slice(), media_type.as_str()),
            (&b"GIF89a"[..], "image/gif")
        );
        assert!(packaged(&asset(WEBP, b"RIFF0000WEBP".to_vec())).is_err());
    }
}
