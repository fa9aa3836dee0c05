//! An image's size as its author asked for it — pandoc's `{width=50%}`,
//! `{width=8cm}`, `{height=3cm}`, `{width=4cm height=1in}`, a raw
//! `<img width="300">` or `<img height="150">` in a `<figure>` — is in the
//! model, on the EPUB's `<img>` as CSS (EPUBCheck clean, Ace finds
//! nothing), and is the size the PDF draws it at (pdfimages' placements);
//! a figure too wide for the text block, an image in a line taller than
//! the type, are drawn smaller with a warning at their place; units
//! neither book knows are warned about and the image keeps its natural
//! size.

mod book_support;
mod cli_support;
mod epub_support;
mod pdf_support;

use std::fs;

use bindery::model::{BlockKind, Book, ImageSize, Inline, Length};
use book_support::assert_epubcheck_clean;
use cli_support::{bindery, stderr};
use pdf_support::tool;

const TEXT: &str = "---\ntitle: Sizes\nlang: en\n---\n# Sizes\n\n\
    ![Half the measure](chart.png){width=50%}\n\n\
    ![Eight centimetres](chart.png){width=8cm}\n\n\
    ![Three centimetres tall](chart.png){height=3cm}\n\n\
    ![Both](chart.png){width=4cm height=1in}\n\n\
    <img src=\"chart.png\" alt=\"Raw three hundred\" width=\"300\">\n\n\
    <figure><img src=\"chart.png\" alt=\"Raw figure\" height=\"150\">\
    <figcaption>Raw caption</figcaption></figure>\n\n\
    ![Too wide](chart.png){width=40cm}\n\n\
    ![Bad units](chart.png){width=3em height=50%}\n\n\
    Inline ![small icon](chart.png){height=8pt} and ![big icon](chart.png){height=1in} in a line.\n";

/// `line:col` of the first `written` in `text` (sizes.md), as a warning
/// names it.
fn at_in(text: &str, written: &str) -> String {
    let offset = text.find(written).unwrap();
    let line = text[..offset].matches('\n').count() + 1;
    let col = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1) + 1;
    format!("sizes.md:{line}:{col}: warning: ")
}

fn at(written: &str) -> String {
    at_in(TEXT, written)
}

/// Builds `text` as sizes.md beside a 2:1 chart.png: the output's status
/// and stderr, and the folder.
fn build(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/kitchen-sink/images/landscape-chart.png"),
        dir.path().join("chart.png"),
    )
    .unwrap();
    fs::write(dir.path().join("sizes.md"), text).unwrap();
    let out = bindery(&["build", "sizes.md"], dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    (dir, err)
}

/// The `style` of each `<img>` of the EPUB's first chapter ("" for none).
fn img_styles(epub: &std::path::Path) -> Vec<String> {
    let chapter: String = epub_support::unzip(&fs::read(epub).unwrap())
        .into_iter()
        .filter(|(n, _)| n.ends_with("ch01.xhtml"))
        .map(|(_, d)| String::from_utf8(d).unwrap())
        .collect();
    assert!(!chapter.contains("width=\""), "{chapter}");
    chapter
        .split("<img ")
        .skip(1)
        .map(|img| {
            let img = &img[..img.find("/>").unwrap()];
            img.split("style=\"")
                .nth(1)
                .map_or("", |s| &s[..s.find('"').unwrap()])
                .to_string()
        })
        .collect()
}

/// Each image placement's drawn size in points (pdfimages -list: its
/// pixels over its resolution).
fn drawn(pdf: &std::path::Path) -> Vec<(f32, f32)> {
    let list = tool("pdfimages", &["-list", pdf.to_str().unwrap()]);
    list.lines()
        .skip(2)
        .map(|l| {
            let c: Vec<f32> = l
                .split_whitespace()
                .map(|x| x.trim_end_matches('B').parse().unwrap_or(0.0))
                .collect();
            (c[3] / c[12] * 72.0, c[4] / c[13] * 72.0)
        })
        .collect()
}

/// Whether each drawn size is the wanted one, to pdfimages' rounding of
/// the resolution to a whole ppi (0.5% of the size).
fn assert_drawn(drawn: &[(f32, f32)], want: &[(f32, f32)]) {
    assert_eq!(drawn.len(), want.len(), "{drawn:?}");
    for (i, ((w, h), (ww, wh))) in drawn.iter().zip(want).enumerate() {
        assert!(
            (w - ww).abs() <= ww * 0.006 && (h - wh).abs() <= wh * 0.006,
            "image {i}: drawn {w} × {h} pt, not {ww} × {wh}: {drawn:?}"
        );
    }
}

/// Whether the model's sizes are the wanted ones (points to 0.001).
fn assert_sizes(got: &[(String, ImageSize)], want: &[(&str, ImageSize)]) {
    assert_eq!(got.len(), want.len(), "{got:?}");
    let close = |a: Option<Length>, b: Option<Length>| match (a, b) {
        (Some(Length::Points(a)), Some(Length::Points(b))) => (a - b).abs() < 1e-3,
        (a, b) => a == b,
    };
    for ((alt, got), (want_alt, want)) in got.iter().zip(want) {
        assert_eq!(alt, want_alt);
        assert!(
            close(got.width, want.width) && close(got.height, want.height),
            "{alt}: {got:?}, not {want:?}"
        );
    }
}

/// Each image's size in the model, figures and images in lines alike.
fn sizes(book: &Book) -> Vec<(String, ImageSize)> {
    let mut out = Vec::new();
    for block in &book.chapters[0].blocks {
        match &block.kind {
            BlockKind::Figure { alt, size, .. } => out.push((alt.clone(), *size)),
            BlockKind::Paragraph(inlines) => {
                for i in inlines {
                    if let Inline::Image { alt, size, .. } = i {
                        out.push((alt.clone(), *size));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn an_image_is_drawn_at_the_size_its_author_asked_in_both_books() {
    let (dir, err) = build(TEXT);

    // The model: percent of the text width, or points (px at 96 to the inch).
    let (book, _) = bindery::book::load(&dir.path().join("sizes.md")).unwrap();
    let pt = |p: f32| Some(Length::Points(p));
    let cm = |c: f32| c * 72.0 / 2.54;
    let size = |width, height| ImageSize { width, height };
    let got = sizes(&book);
    let want = [
        ("Half the measure", size(Some(Length::Percent(50.0)), None)),
        ("Eight centimetres", size(pt(cm(8.0)), None)),
        ("Three centimetres tall", size(None, pt(cm(3.0)))),
        ("Both", size(pt(cm(4.0)), pt(72.0))),
        ("Raw three hundred", size(pt(225.0), None)),
        ("Raw figure", size(None, pt(112.5))),
        ("Too wide", size(pt(cm(40.0)), None)),
        ("Bad units", ImageSize::default()),
        ("small icon", size(None, pt(8.0))),
        ("big icon", size(None, pt(72.0))),
    ];
    assert_sizes(&got, &want);
    // Only the raw figure is a figure of raw HTML; the inline two are in a line.
    let figures = book.chapters[0]
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Figure { .. }))
        .count();
    assert_eq!(figures, 8);

    // The warnings: the units neither book knows, the two made smaller.
    for (written, message) in [
        (
            "{width=3em",
            "`width=3em` on this image: `3em` is not a number followed by %, cm, mm, in, pt or px: left out",
        ),
        (
            "{width=3em",
            "`height=50%` on this image: a height in percent has nothing to be a share of in the EPUB",
        ),
        (
            "![Too wide]",
            "this image is asked to be 40.0 cm wide and 20.0 cm tall, more than the text block (",
        ),
        (
            "![big icon]",
            "this image is asked to be 5.1 cm wide and 2.5 cm tall, more than a line of text holds (",
        ),
    ] {
        let wanted = format!("{}{message}", at(written));
        assert!(err.contains(&wanted), "no {wanted} in {err}");
    }
    assert_eq!(err.matches(": warning: ").count(), 4, "{err}");
    assert!(!err.contains("not rendered"), "{err}");

    // The EPUB: CSS on each <img>, in CSS pixels; EPUBCheck and Ace clean.
    let epub = dir.path().join("out/sizes.epub");
    assert_epubcheck_clean(&epub);
    assert_eq!(
        img_styles(&epub),
        [
            "width: 50%",
            "width: 302.36px",
            "height: 113.39px",
            "width: 151.18px; height: 96px",
            "width: 300px",
            "height: 150px",
            "width: 1511.81px",
            "",
            "height: 10.67px",
            "height: 96px",
        ]
    );
    let violations = epub_support::ace(&epub);
    assert!(
        violations.is_empty(),
        "Ace: {:?}",
        violations
            .iter()
            .map(|v| format!("{} ({}): {}", v.rule, v.impact, v.description))
            .collect::<Vec<_>>()
    );

    // The PDF: each placement's drawn size, from its pixels and resolution.
    let drawn = drawn(&dir.path().join("out/sizes.pdf"));
    assert_eq!(drawn.len(), 10, "{drawn:?}");
    let measure = drawn[6].0; // the one too wide: the text block's width
    let want = [
        (measure / 2.0, measure / 4.0),
        (cm(8.0), cm(4.0)),
        (cm(6.0), cm(3.0)),
        (cm(4.0), 72.0),
        (225.0, 112.5),
        (225.0, 112.5),
        (measure, measure / 2.0),
        (measure, measure / 2.0),
        (16.0, 8.0),
        (
            2.0 * book.settings.pdf.font_size,
            book.settings.pdf.font_size,
        ),
    ];
    assert_drawn(&drawn, &want);
    // 40 cm was made smaller, to a text block of a book's measure.
    assert!(measure > 200.0 && measure < cm(20.0), "{measure}");
}

/// Raw `<img style="width: …">`s: the style's width or height is the
/// image's size in both books (over its `width` attribute, as in CSS),
/// lone, in a `<figure>` or in a line; what the PDF cannot draw alike
/// (`3em`, a `max-width`) is removed with a warning at the `<img>`.
const STYLED: &str = "---\ntitle: Styled\nlang: en\n---\n# Styled\n\n\
    <img src=\"chart.png\" alt=\"Styled eight\" style=\"width: 8cm\">\n\n\
    <figure><img src=\"chart.png\" alt=\"Styled figure\" style=\"height: 1in\">\
    <figcaption>Styled caption</figcaption></figure>\n\n\
    <img src=\"chart.png\" alt=\"Style wins\" width=\"300\" style=\"width: 5cm\">\n\n\
    <img src=\"chart.png\" alt=\"Styled em\" width=\"12\" style=\"width: 3em\">\n\n\
    <img src=\"chart.png\" alt=\"Styled max\" style=\"max-width: 50%; width: 4cm\">\n\n\
    Inline <img src=\"chart.png\" alt=\"styled icon\" style=\"height: 8pt\"> in a line.\n";

#[test]
fn a_raw_img_style_width_or_height_is_drawn_in_both_books() {
    let (dir, err) = build(STYLED);
    let (book, _) = bindery::book::load(&dir.path().join("sizes.md")).unwrap();
    let pt = |p: f32| Some(Length::Points(p));
    let cm = |c: f32| c * 72.0 / 2.54;
    let size = |width, height| ImageSize { width, height };
    assert_sizes(
        &sizes(&book),
        &[
            ("Styled eight", size(pt(cm(8.0)), None)),
            ("Styled figure", size(None, pt(72.0))),
            ("Style wins", size(pt(cm(5.0)), None)),
            ("Styled em", size(pt(9.0), None)),
            ("Styled max", size(pt(cm(4.0)), None)),
            ("styled icon", size(None, pt(8.0))),
        ],
    );
    for (written, message) in [
        (
            "<img src=\"chart.png\" alt=\"Styled em\"",
            "`width: 3em` in the style of <img>: `3em` is not a number followed by %, cm, mm, in, pt or px: removed",
        ),
        (
            "<img src=\"chart.png\" alt=\"Styled max\"",
            "`max-width: 50%` in the style of <img> is not drawn in the PDF (give the image a width instead): removed",
        ),
    ] {
        let wanted = format!("{}{message}", at_in(STYLED, written));
        assert!(err.contains(&wanted), "no {wanted} in {err}");
    }
    assert_eq!(err.matches(": warning: ").count(), 2, "{err}");

    let epub = dir.path().join("out/sizes.epub");
    assert_epubcheck_clean(&epub);
    assert_eq!(
        img_styles(&epub),
        [
            "width: 302.36px",
            "height: 96px",
            "width: 188.98px",
            "width: 12px",
            "width: 151.18px",
            "height: 10.67px",
        ]
    );
    assert_drawn(
        &drawn(&dir.path().join("out/sizes.pdf")),
        &[
            (cm(8.0), cm(4.0)),
            (144.0, 72.0),
            (cm(5.0), cm(2.5)),
            (9.0, 4.5),
            (cm(4.0), cm(2.0)),
            (16.0, 8.0),
        ],
    );
}
