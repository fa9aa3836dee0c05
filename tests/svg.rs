//! SVG images and raw `<img>` end to end: the fixture book
//! (tests/fixtures/svg: an SVG figure, an inline SVG, a raw HTML figure of
//! a PNG no Markdown image names, an SVG with a script to clean, an SVG
//! cover) built by the real binary, judged by EPUBCheck and poppler; and
//! hostile SVG files, each an error at its reference.

mod cli_support;
mod epub_support;
mod pdf_support;

use std::path::{Path, PathBuf};

use cli_support::{bindery_env, stderr};
use epub_support::{assert_epubcheck_clean, text_files, unzip};
use pdf_support::tool;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/svg")
}

/// Builds `book` into `out` with a fixed date; returns (epub, pdf, stderr).
fn build(book: &Path, out: &Path, command: &str) -> (Vec<u8>, Vec<u8>, String, bool) {
    let run = bindery_env(
        &[
            command,
            book.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        book,
        &[("SOURCE_DATE_EPOCH", "1700000000")],
    );
    let read = |ext: &str| {
        std::fs::read_dir(out)
            .ok()
            .and_then(|mut d| {
                d.find_map(|e| {
                    let p = e.ok()?.path();
                    (p.extension()? == ext).then_some(p)
                })
            })
            .map(|p| std::fs::read(p).unwrap())
            .unwrap_or_default()
    };
    (
        read("epub"),
        read("pdf"),
        stderr(&run),
        run.status.success(),
    )
}

#[test]
fn svg_book_builds_clean_and_reproducibly() {
    let tmp = tempfile::tempdir().unwrap();
    let (epub, pdf, err, ok) = build(&fixture(), &tmp.path().join("a"), "build");
    assert!(ok, "build failed:\n{err}");
    let (epub2, pdf2, _, _) = build(&fixture(), &tmp.path().join("b"), "build");
    assert!(epub == epub2, "two EPUB builds differ");
    assert!(pdf == pdf2, "two PDF builds differ");

    // What cleaning removed is a warning at the image's reference, and
    // `check` says the same.
    for note in [
        "figures.md:16:1: warning: image `images/scripted.svg`: <script> removed",
        "figures.md:16:1: warning: image `images/scripted.svg`: event handler `onclick` removed",
        "figures.md:16:1: warning: image `images/scripted.svg`: <image> of `https://example.com/tracker.png` removed",
        "figures.md:16:1: warning: image `images/scripted.svg`: link to `https://example.com/more` removed",
        "figures.md:16:1: warning: image `images/scripted.svg`: id `bar` removed where it is used again",
    ] {
        assert!(err.contains(note), "no `{note}` in:\n{err}");
    }
    let checked = bindery_env(&["check", fixture().to_str().unwrap()], &fixture(), &[]);
    let check_err = stderr(&checked);
    assert!(checked.status.success(), "{check_err}");
    assert!(check_err.contains("<script> removed"), "{check_err}");

    // EPUB: valid, SVG packaged as SVG (cleaned), its text there as text,
    // the raw <img> PNG packaged, the SVG cover a JPEG for the stores.
    assert_epubcheck_clean(&epub, "svg-book");
    let files = text_files(&epub);
    let opf = &files["OEBPS/content.opf"];
    for href in [
        "images/diagram.svg",
        "images/star.svg",
        "images/scripted.svg",
    ] {
        assert!(
            opf.contains(&format!("href=\"{href}\" media-type=\"image/svg+xml\"")),
            "{href} not in the manifest as SVG:\n{opf}"
        );
    }
    assert!(
        opf.contains("href=\"images/photo.png\" media-type=\"image/png\""),
        "{opf}"
    );
    assert!(
        opf.contains("href=\"images/cover.jpg\" media-type=\"image/jpeg\""),
        "{opf}"
    );
    let diagram = &files["OEBPS/images/diagram.svg"];
    assert!(
        diagram.contains(">Vector words beside the shapes</text>"),
        "{diagram}"
    );
    let scripted = &files["OEBPS/images/scripted.svg"];
    assert!(scripted.contains("Green bar text"), "{scripted}");
    for gone in ["script", "alert", "onclick", "example.com"] {
        assert!(!scripted.contains(gone), "`{gone}` packaged:\n{scripted}");
    }
    let chapter = &files["OEBPS/ch01.xhtml"];
    assert!(
        chapter.contains("<img src=\"images/diagram.svg\""),
        "{chapter}"
    );
    assert!(
        chapter.contains("<img src=\"images/star.svg\" alt=\"a small star\"/>"),
        "{chapter}"
    );
    assert!(
        chapter.contains("<img src=\"images/photo.png\""),
        "{chapter}"
    );
    let cover = unzip(&epub)
        .into_iter()
        .find(|(name, _)| name == "OEBPS/images/cover.jpg")
        .expect("the cover JPEG")
        .1;
    let cover = image::load_from_memory(&cover).unwrap().to_rgb8();
    assert_eq!(cover.dimensions(), (1600, 2400), "scaled to fit 1600×2560");
    let [r, g, b] = cover.get_pixel(800, 1040).0; // the circle's centre
    assert!(r > 200 && g > 150 && b < 100, "cover circle is {r},{g},{b}");

    // PDF: the raster photo is the only image; the SVGs are vectors, their
    // text is text, and the page shows the red square.
    let dir = tmp.path().join("a");
    let pdf_path = dir.join("pictures-in-vectors.pdf");
    assert!(pdf_path.is_file());
    let images = tool("pdfimages", &["-list", pdf_path.to_str().unwrap()]);
    let rows: Vec<&str> = images.lines().skip(2).collect();
    assert_eq!(
        rows.len(),
        1,
        "one raster image (the PNG), SVGs not rasterised:\n{images}"
    );
    assert!(rows[0].contains(" 60    40 "), "{images}");
    let text = tool("pdftotext", &[pdf_path.to_str().unwrap(), "-"]);
    for words in ["Vector words beside the shapes", "Green bar text"] {
        assert!(
            text.contains(words),
            "`{words}` not in the PDF text:\n{text}"
        );
    }
    let page = figure_page(&text);
    let png = dir.join("page");
    tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "50",
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
            "-singlefile",
            pdf_path.to_str().unwrap(),
            png.to_str().unwrap(),
        ],
    );
    let shot = image::open(dir.join("page.png")).unwrap().to_rgb8();
    let red = shot
        .pixels()
        .filter(|p| p.0[0] > 220 && p.0[1] < 40 && p.0[2] < 40)
        .count();
    let blue = shot
        .pixels()
        .filter(|p| p.0[2] > 220 && p.0[0] < 40 && p.0[1] < 40)
        .count();
    assert!(
        red > 100 && blue > 100,
        "red {red}, blue {blue} pixels on page {page}"
    );
    qpdf_check(&pdf_path);
}

/// The 1-based page whose text holds the diagram's words.
fn figure_page(text: &str) -> usize {
    text.split('\u{c}')
        .position(|p| p.contains("Vector words"))
        .expect("the diagram's page")
        + 1
}

fn qpdf_check(pdf: &Path) {
    let out = std::process::Command::new("qpdf")
        .args(["--check", pdf.to_str().unwrap()])
        .output()
        .expect("qpdf runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// A book of one chapter naming `images/hostile.svg` at line 3, column 1.
fn hostile_book(dir: &Path, svg: &str) -> PathBuf {
    let root = cli_support::folder_book(
        dir,
        "hostile",
        "Hostile",
        "# Hostile\n\n![x](images/hostile.svg)\n",
    );
    std::fs::create_dir_all(root.join("images")).unwrap();
    std::fs::write(root.join("images/hostile.svg"), svg).unwrap();
    root
}

#[test]
fn hostile_svg_is_an_error_at_its_reference() {
    const OPEN: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">"#;
    let mut fan = format!("{OPEN}<defs><rect id=\"l0\" width=\"1\" height=\"1\"/>");
    for level in 1..=9 {
        fan.push_str(&format!("<g id=\"l{level}\">"));
        fan.push_str(&format!("<use xlink:href=\"#l{}\"/>", level - 1).repeat(10));
        fan.push_str("</g>");
    }
    fan.push_str("</defs><use xlink:href=\"#l9\"/></svg>");
    let cases = [
        (
            format!(
                "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"lol\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]>{OPEN}<text>&c;</text></svg>"
            ),
            "billion laughs",
        ),
        (
            format!(
                "<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>{OPEN}<text>&x;</text></svg>"
            ),
            "external entity",
        ),
        (
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="99999999" height="99999999"/>"#
                .to_string(),
            "too large",
        ),
        (
            format!(
                "{OPEN}{}{}</svg>",
                "<g>".repeat(20_000),
                "</g>".repeat(20_000)
            ),
            "deep",
        ),
        (fan, "<use>"),
        (format!("{OPEN}<rect"), "not well-formed"),
    ];
    let tmp = tempfile::tempdir().unwrap();
    for (n, (svg, expected)) in cases.iter().enumerate() {
        let dir = tmp.path().join(n.to_string());
        let book = hostile_book(&dir, svg);
        let out = dir.join("out");
        let (epub, pdf, err, ok) = build(&book, &out, "build");
        assert!(!ok, "case {n} built:\n{err}");
        assert!(
            err.contains("one.md:3:1: error: image `images/hostile.svg`") && err.contains(expected),
            "case {n}: no error naming `{expected}` at the reference:\n{err}"
        );
        assert!(!err.contains("panicked"), "case {n}:\n{err}");
        assert!(
            epub.is_empty() && pdf.is_empty(),
            "case {n}: an output was written"
        );
    }
}

#[test]
fn raw_img_paths_stay_inside_the_book() {
    let tmp = tempfile::tempdir().unwrap();
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>"#;
    std::fs::write(tmp.path().join("secret.svg"), svg).unwrap();
    let book = cli_support::folder_book(
        tmp.path(),
        "b",
        "B",
        "# B\n\n<img src=\"link.svg\" alt=\"l\">\n\n<img src=\"../secret.svg\" alt=\"u\">\n\n\
         <p>An <img src=\"/etc/hosts\" alt=\"a\"> path.</p>\n\n<img src=\"inside.svg\" alt=\"ok\">\n",
    );
    std::os::unix::fs::symlink(tmp.path().join("secret.svg"), book.join("link.svg")).unwrap();
    std::fs::write(book.join("inside.svg"), svg).unwrap();
    let run = bindery_env(&["check", book.to_str().unwrap()], &book, &[]);
    let err = stderr(&run);
    assert!(!run.status.success(), "{err}");
    for expected in [
        "one.md:3:1: error: image `link.svg` leaves the book folder through a symbolic link",
        "one.md:5:1: error: image `../secret.svg` leaves the book folder",
        "one.md:7:7: error: image `/etc/hosts` is an absolute path",
    ] {
        assert!(err.contains(expected), "no `{expected}` in:\n{err}");
    }
    assert!(!err.contains("inside.svg"), "{err}");
}
