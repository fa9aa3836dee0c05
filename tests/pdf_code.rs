//! Code blocks in the PDF are set off from the text by a thin rule down
//! their left, solid black so that it prints in greyscale: read back from
//! the page rendered in grey (`pdftoppm -gray`), where the code's lines
//! stand (`pdftotext -bbox`), a column of dark pixels runs the height of
//! the block just left of the code, and none beside the paragraph.

mod pdf_support;

use std::path::Path;

use pdf_support::{Pixels, load, page_pixels, render, tool};

/// Dots per inch the page is rendered at.
const DPI: f32 = 144.0;

/// The bounding box (points: left, top, bottom) of the words on page
/// `page` whose text is in `words`.
fn extent(pdf: &Path, page: usize, words: &[&str]) -> (f32, f32, f32) {
    let n = page.to_string();
    let html = tool(
        "pdftotext",
        &["-bbox", "-f", &n, "-l", &n, pdf.to_str().unwrap(), "-"],
    );
    let (mut left, mut top, mut bottom) = (f32::MAX, f32::MAX, 0.0f32);
    for piece in html.split("<word ").skip(1) {
        let (tag, rest) = piece.split_once('>').unwrap();
        let text = rest.split('<').next().unwrap();
        if !words.contains(&text) {
            continue;
        }
        let attr = |name: &str| -> f32 {
            let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            tag[at..].split('"').next().unwrap().parse().unwrap()
        };
        left = left.min(attr("xMin"));
        top = top.min(attr("yMin"));
        bottom = bottom.max(attr("yMax"));
    }
    assert!(left < f32::MAX, "words {words:?} found");
    (left, top, bottom)
}

/// Whether a pixel column between `x0` and `x1` points (left of the text
/// at `x1`) is dark over the whole of `top`..`bottom`.
fn has_rule(page: &Pixels, x0: f32, x1: f32, top: f32, bottom: f32) -> bool {
    let px = |pt: f32| (pt * DPI / 72.0) as usize;
    (px(x0)..px(x1).min(page.width)).any(|x| {
        let rows = px(top)..px(bottom).min(page.height);
        let dark = rows
            .clone()
            .filter(|&y| page.data[y * page.width + x] < 128)
            .count();
        dark * 100 >= rows.len() * 95
    })
}

#[test]
fn a_code_block_has_a_rule_down_its_left() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("SUMMARY.md"),
        "# Summary\n\n- [Code](code.md)\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("code.md"),
        "# Code\n\nSerge wrote about the machine that ran the state, and of the men \
         who ran it, in many books and many languages over many years.\n\n\
         ```\nalpha = 1\nbravo = 2\ncharlie = 3\ndelta = 4\necho = 5\n```\n\n\
         After the code, the text goes on as before.\n",
    )
    .unwrap();
    pdf_support::write_book_toml(dir.path(), "Code");
    let book = load(dir.path());
    let pdf = render(&book, dir.path(), "code");
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let page = 1 + text
        .split('\u{c}')
        .position(|p| p.contains("alpha"))
        .unwrap();
    let grey = page_pixels(&pdf, page, DPI as u32, true, dir.path());
    let (code_x, code_top, code_bottom) =
        extent(&pdf, page, &["alpha", "bravo", "charlie", "delta", "echo"]);
    let (text_x, text_top, text_bottom) = extent(&pdf, page, &["Serge", "who", "in"]);
    assert!(code_x > text_x, "code is indented");
    assert!(
        has_rule(&grey, text_x - 2.0, code_x - 1.0, code_top, code_bottom),
        "a rule left of the code's lines"
    );
    assert!(
        !has_rule(&grey, text_x - 12.0, text_x - 1.0, text_top, text_bottom),
        "no rule beside the paragraph"
    );
}
