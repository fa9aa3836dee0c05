//! The book's images as the PDF draws them: rasters embedded as images,
//! SVG drawn as vectors (krilla-svg: paths, gradients, and text as real,
//! selectable text in the book's own fonts). Each is read once per PDF.

use std::collections::HashMap;
use std::sync::Arc;

use krilla::geom::Size;
use krilla::image::Image;
use krilla::surface::Surface;
use krilla_svg::{SurfaceExt, SvgSettings};

use crate::model::Book;

/// One image, ready to draw.
pub enum Graphic {
    Raster(Image),
    /// Boxed: a usvg tree is large.
    Vector(Box<usvg::Tree>),
}

impl Graphic {
    /// Draws at the current origin, scaled to `size`.
    pub fn draw(&self, surface: &mut Surface, size: Size) {
        match self {
            Graphic::Raster(image) => surface.draw_image(image.clone(), size),
            Graphic::Vector(tree) => {
                surface.draw_svg(tree, size, SvgSettings::default());
            }
        }
    }
}

/// The graphics of one PDF, by asset index; `None` for one that cannot be
/// drawn (reported once).
#[derive(Default)]
pub struct Graphics {
    loaded: HashMap<usize, Option<Graphic>>,
    /// The book's fonts for SVG text, built at the first SVG.
    svg_fonts: Option<Arc<usvg::fontdb::Database>>,
}

impl Graphics {
    /// The graphic of asset `index`, when it was loaded and drawable.
    pub fn get(&self, index: usize) -> Option<&Graphic> {
        self.loaded.get(&index).and_then(Option::as_ref)
    }

    /// Reads asset `index` unless it was read already; the error says why
    /// it cannot be drawn (reported once, by the caller).
    pub fn load(&mut self, book: &Book, index: usize) -> Result<(), String> {
        if self.loaded.contains_key(&index) {
            return Ok(());
        }
        let result = match book.assets.get(index) {
            Some(a) => self.read(book, &a.media_type, &a.data),
            None => Err("it is not among the book's images".into()),
        };
        let (graphic, outcome) = match result {
            Ok(g) => (Some(g), Ok(())),
            Err(e) => (None, Err(e)),
        };
        self.loaded.insert(index, graphic);
        outcome
    }

    fn read(&mut self, book: &Book, media_type: &str, data: &[u8]) -> Result<Graphic, String> {
        let raster = |data: &[u8]| krilla::Data::from(data.to_vec());
        // Smoothed when enlarged, except in PDF/A, which forbids it.
        let smooth = !book.settings.pdf.options.standard.archival();
        let image = match media_type {
            "image/png" => Image::from_png(raster(data), smooth),
            "image/jpeg" => Image::from_jpeg(raster(data), smooth),
            "image/gif" => Image::from_gif(raster(data), smooth),
            "image/webp" => Image::from_webp(raster(data), smooth),
            crate::svg::MEDIA_TYPE => {
                let fonts = self
                    .svg_fonts
                    .get_or_insert_with(|| {
                        Arc::new(crate::svg::fonts::database(&book.settings.fonts))
                    })
                    .clone();
                let tree = crate::svg::parse(data, &crate::svg::options_with(fonts))?;
                return Ok(Graphic::Vector(Box::new(tree)));
            }
            other => Err(format!("{other} is not an image type the PDF can embed")),
        };
        image.map(Graphic::Raster)
    }
}
