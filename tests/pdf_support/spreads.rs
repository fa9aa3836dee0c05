//! Balanced spreads, read from the PDF and from the engine's page
//! records: the two facing pages of a spread should end on the same
//! baseline, and neither leave body space above its notes that the other
//! does not (the printed book's unit is the spread).

use std::path::Path;

use bindery::pdf::PageLines;
use bindery::pdf::stats::SHORT;

use super::tool;

/// What [`spreads`] found: how many spreads it compared, those whose
/// pages end apart, as (verso's page number, verso's foot, recto's foot)
/// in PDF points from the top, and those whose pages are left different
/// whole lines short, as (verso's page number, the leadings each page's
/// text block is left empty, [`PageLines::lines_short`]).
pub struct Spreads {
    pub checked: usize,
    pub unequal: Vec<(usize, f64, f64)>,
    pub short_apart: Vec<(usize, f32, f32)>,
}

/// The whole body lines a page's text block could still hold (above its
/// notes, or at its foot), as `bindery build --stats` counts a page
/// short: a note area's height is no whole number of body leadings, so
/// less than [`SHORT`] of one is no line.
pub fn whole_lines_short(page: &PageLines) -> u32 {
    (page.lines_short + 1.0 - SHORT).max(0.0).floor() as u32
}

/// Compares the lowest word of each page of every spread (pages 2–3,
/// 4–5, …) in `pdf`, read with `pdftotext -bbox`, and the whole lines
/// each page is left short in `pages`, the engine's own account of the
/// same PDF, which also says where chapters open. The lowest word alone
/// would miss a body ending a line above its notes (the notes end at the
/// block's foot all the same). A spread
/// holding a chapter's last page may end short, as in any book, and a
/// spread with a page without text (a blank verso) is not compared.
pub fn spreads(pages: &[PageLines], pdf: &Path) -> Spreads {
    let bbox = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let feet: Vec<Option<f64>> = bbox
        .split("<page ")
        .skip(1)
        .map(|page| {
            page.split("yMax=\"")
                .skip(1)
                .filter_map(|s| s.split('"').next()?.parse::<f64>().ok())
                .max_by(f64::total_cmp)
        })
        .collect();
    assert_eq!(
        feet.len(),
        pages.len(),
        "pdftotext and the engine count pages alike"
    );
    let text = |i: usize| pages.get(i).is_some_and(|p| !p.lines.is_empty());
    let last_of_chapter =
        |i: usize| text(i) && (!text(i + 1) || pages.get(i + 1).is_some_and(|p| p.chapter_opening));
    let mut found = Spreads {
        checked: 0,
        unequal: Vec::new(),
        short_apart: Vec::new(),
    };
    for verso in (1..pages.len().saturating_sub(1)).step_by(2) {
        let recto = verso + 1;
        if !text(verso) || !text(recto) || last_of_chapter(verso) || last_of_chapter(recto) {
            continue;
        }
        found.checked += 1;
        if whole_lines_short(&pages[verso]) != whole_lines_short(&pages[recto]) {
            let (a, b) = (pages[verso].lines_short, pages[recto].lines_short);
            found.short_apart.push((verso + 1, a, b));
        }
        let (Some(a), Some(b)) = (feet[verso], feet[recto]) else {
            continue;
        };
        if (a - b).abs() > 0.5 {
            found.unequal.push((verso + 1, a, b));
        }
    }
    found
}
