//! Blocks inside footnotes, as the page shows them (issue 11's leftovers):
//! a table's top rule clears the descenders of the caption line above it
//! (notes have no space around blocks), read from the page's pixels and
//! pdftotext's boxes; a note that opens with a quotation hangs its number
//! at the notes' left edge, the quotation's first words on its line, with
//! the number's link over it.

mod pdf_support;

use std::fs;
use std::path::Path;

use pdf_support::{link_annotations, load, page_pixels, qpdf_json, render, tool, word_edge};

/// A one-chapter book whose one paragraph calls the notes `notes`.
fn note_book(dir: &Path, notes: &str) {
    pdf_support::write_book_toml(dir, "Notes");
    fs::write(
        dir.join("book.md"),
        format!("# Notes\n\nA paragraph calls a note.[^a] And another.[^b]\n\n{notes}"),
    )
    .unwrap();
}

/// The 1-based page whose text holds `needle`.
fn page_with(pdf: &Path, needle: &str) -> usize {
    let pages = qpdf_json(pdf)["pages"].as_array().unwrap().len();
    (1..=pages)
        .find(|p| {
            let n = p.to_string();
            tool(
                "pdftotext",
                &["-f", &n, "-l", &n, pdf.to_str().unwrap(), "-"],
            )
            .contains(needle)
        })
        .unwrap_or_else(|| panic!("no page holds {needle}"))
}

#[test]
fn a_table_in_a_note_stands_clear_of_its_caption() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("book");
    fs::create_dir_all(&dir).unwrap();
    note_book(
        &dir,
        "[^a]: A note with a table.\n\n    *Sums paid, quarterly, by the yard:*\n\n    \
         | Quarter | Ships |\n    |---|---|\n    | Lady Day | 12 |\n    | Midsummer | 9 |\n\n\
         [^b]: Another note.\n",
    );
    let book = load(&dir);
    let pdf = render(&book, tmp.path(), "table");
    let page = page_with(&pdf, "Quarter");
    let n = page.to_string();
    let bbox = tool(
        "pdftotext",
        &["-bbox", "-f", &n, "-l", &n, pdf.to_str().unwrap(), "-"],
    );
    // The caption's lowest descender (pdftotext's box runs to the face's
    // descent) and the header's top.
    let caption_bottom = ["quarterly,", "by", "yard:"]
        .iter()
        .map(|w| word_edge(&bbox, w, "yMax"))
        .fold(0.0f32, f32::max);
    let header_top = word_edge(&bbox, "Quarter", "yMin");
    let (left, right) = (
        word_edge(&bbox, "Quarter", "xMin"),
        word_edge(&bbox, "Ships", "xMax"),
    );
    // The top rule: the first row of pixels below the caption's baseline
    // that is dark across the table's width.
    let dpi = 200;
    let px = page_pixels(&pdf, page, dpi, true, tmp.path());
    let to_px = |pt: f32| (pt * dpi as f32 / 72.0) as usize;
    let caption_base = word_edge(&bbox, "Sums", "yMin");
    let rule = (to_px(caption_base)..to_px(header_top))
        .find(|&y| {
            let row = &px.data[y * px.width..(y + 1) * px.width];
            let span = &row[to_px(left)..to_px(right)];
            span.iter().filter(|&&v| v < 128).count() * 10 >= span.len() * 9
        })
        .expect("a rule between the caption and the header");
    let rule_pt = rule as f32 * 72.0 / dpi as f32;
    eprintln!("top rule at {rule_pt:.1} pt, caption descenders to {caption_bottom:.1} pt");
    assert!(
        rule_pt > caption_bottom + 0.5,
        "the top rule at {rule_pt:.1} pt cuts the caption's descenders (down to \
         {caption_bottom:.1} pt)"
    );
    assert!(rule_pt < header_top, "the rule is above the header");
}

#[test]
fn a_note_opening_with_a_quotation_hangs_its_number_and_links_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("book");
    fs::create_dir_all(&dir).unwrap();
    note_book(
        &dir,
        "[^a]: A plain note.\n\n[^b]:\n    > Quoted words open this note, set in from the left.\n\n    \
         Then the note goes on.\n",
    );
    let book = load(&dir);
    let pdf = render(&book, tmp.path(), "quote");
    let page = page_with(&pdf, "Quoted");
    let n = page.to_string();
    let bbox = tool(
        "pdftotext",
        &["-bbox", "-f", &n, "-l", &n, pdf.to_str().unwrap(), "-"],
    );
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let height: f64 = info
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .and_then(|l| l.split_whitespace().nth(2))
        .and_then(|h| h.parse().ok())
        .expect("the page size");
    let annots = link_annotations(&qpdf_json(&pdf));
    // Both numbers at the notes' left edge (the quoted one used to be set
    // in with its quotation), the quotation's first word on the number's
    // line, right of it, and the quotation's next line set in; each link
    // box over its number's glyphs, to 0.2 pt.
    let plain = word_edge(&bbox, "1.", "xMin");
    let quoted = word_edge(&bbox, "2.", "xMin");
    assert!(
        (quoted - plain).abs() < 0.2,
        "the numbers hang alike: {plain} {quoted}"
    );
    let number_bottom = word_edge(&bbox, "2.", "yMax");
    let first_word = word_edge(&bbox, "Quoted", "xMin");
    assert!(
        (word_edge(&bbox, "Quoted", "yMax") - number_bottom).abs() < 1.0,
        "the quotation's first word is on the number's line"
    );
    assert!(
        first_word > word_edge(&bbox, "2.", "xMax") + 1.0,
        "the quotation's first word stands right of the number: {first_word}"
    );
    let then = word_edge(&bbox, "Then", "xMin");
    assert!(
        (then - plain).abs() < 0.2,
        "the note's next paragraph at the notes' left edge: {then}"
    );
    for number in ["1.", "2."] {
        let (x0, x1) = (
            word_edge(&bbox, number, "xMin") as f64,
            word_edge(&bbox, number, "xMax") as f64,
        );
        let (top, bottom) = (
            height - word_edge(&bbox, number, "yMin") as f64,
            height - word_edge(&bbox, number, "yMax") as f64,
        );
        let over = annots.iter().find(|a| {
            a.page == page
                && (a.rect[0] - x0).abs() < 0.2
                && (a.rect[2] - x1).abs() < 0.2
                && a.rect[1] < top
                && a.rect[3] > bottom
        });
        assert!(
            over.is_some(),
            "no link box over {number} at {x0:.1}..{x1:.1}: {:?}",
            annots
                .iter()
                .filter(|a| a.page == page)
                .map(|a| a.rect)
                .collect::<Vec<_>>()
        );
    }
}
