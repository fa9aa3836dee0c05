//! The print PDF, checked with real tools (qpdf, pdffonts, pdftotext) and
//! with the engine's own line data, on the sample book and on a long
//! synthetic book made of the sample chapter repeated. The tools are
//! installed by `tests/run`; a missing tool fails the test.

mod pdf_support;

use std::fs;

use bindery::model::{Block, BlockKind, Book, Inline};
use bindery::pdf::PageLines;
use pdf_support::{
    assert_fonts_embedded_and_subset, check_layout, load, run_tool as tool, sample_dir,
    synthetic_book, words,
};

/// Words of the book in reading order: the body, then every note (notes
/// sit at page feet, so they are compared as a second sequence).
fn model_words(book: &Book) -> (Vec<String>, Vec<String>) {
    let mut body = Vec::new();
    for ch in &book.chapters {
        blocks_text(book, &ch.blocks, &mut body);
    }
    let mut notes = Vec::new();
    let mut ordered: Vec<_> = book.notes.iter().collect();
    ordered.sort_by_key(|n| (n.chapter, n.number));
    for n in ordered {
        notes.push(' ');
        notes.extend(format!("{} ", n.number).chars());
        blocks_text(book, &n.blocks, &mut notes);
    }
    (
        words(&body.into_iter().collect::<String>()),
        words(&notes.into_iter().collect::<String>()),
    )
}

fn blocks_text(book: &Book, blocks: &[Block], out: &mut Vec<char>) {
    for b in blocks {
        match &b.kind {
            BlockKind::Paragraph(i) | BlockKind::Heading { content: i, .. } => {
                inline_text(book, i, out);
                out.push(' ');
            }
            BlockKind::BlockQuote(inner) => blocks_text(book, inner, out),
            BlockKind::List { items, .. } => {
                for it in items {
                    blocks_text(book, &it.blocks, out);
                }
            }
            BlockKind::CodeBlock { text, .. } => {
                out.extend(text.chars());
                out.push(' ');
            }
            _ => {}
        }
    }
}

fn inline_text(book: &Book, inlines: &[Inline], out: &mut Vec<char>) {
    for i in inlines {
        match i {
            Inline::Text { text: t, .. } | Inline::Code { text: t, .. } => out.extend(t.chars()),
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => {
                inline_text(book, c, out)
            }
            Inline::Link { content, .. } => inline_text(book, content, out),
            Inline::NoteRef(r) => out.extend(book.note(r.note).number.to_string().chars()),
            Inline::SoftBreak | Inline::HardBreak => out.push(' '),
            _ => {}
        }
    }
}

/// pdftotext's output with line-end hyphens joined: an inserted (soft)
/// hyphen is removed, a real hyphen or dash kept, the word made whole.
fn dehyphenate(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let t = line.trim_end();
        if let Some(stem) = t.strip_suffix('\u{AD}') {
            out.push_str(stem);
        } else if t.ends_with(['-', '—', '–']) {
            out.push_str(t);
        } else {
            out.push_str(t);
            out.push('\n');
        }
    }
    out
}

/// Length of the longest common subsequence (two-row dynamic programme).
fn lcs(a: &[String], b: &[String]) -> usize {
    let mut prev = vec![0u32; b.len() + 1];
    let mut cur = vec![0u32; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] as usize
}

#[test]
fn sample_book_pdf_is_valid_embeds_subset_fonts_and_gives_back_its_words() {
    let book = load(&sample_dir());
    let mut warnings = Vec::new();
    let pdf = bindery::pdf::render(&book, &mut warnings).expect("the PDF renders");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sample.pdf");
    fs::write(&path, &pdf).unwrap();
    let p = path.to_str().unwrap();

    let (ok, out) = tool("qpdf", &["--check", p]);
    assert!(ok, "qpdf --check failed:\n{out}");

    assert_fonts_embedded_and_subset(&path);

    let (ok, text) = tool("pdftotext", &[p, "-"]);
    assert!(ok, "pdftotext failed: {text}");
    let got = words(&dehyphenate(&text));
    let (body, notes) = model_words(&book);
    let found = lcs(&body, &got) + lcs(&notes, &got);
    let total = body.len() + notes.len();
    let ratio = found as f64 / total as f64;
    println!(
        "pdftotext recovered {found} of {total} words in order: {:.2}%",
        ratio * 100.0
    );
    assert!(ratio >= 0.995, "only {:.2}% of the words", ratio * 100.0);
}

#[test]
fn sample_book_layout_has_no_overfull_lines_widows_or_orphans() {
    let book = load(&sample_dir());
    let pages = bindery::pdf::page_lines(&book, &mut Vec::new()).unwrap();
    let stats = check_layout("sample", &pages);
    assert!(stats.pages >= 6, "{stats}");
}

#[test]
fn pdf_output_is_reproducible() {
    let book = load(&sample_dir());
    let a = bindery::pdf::render(&book, &mut Vec::new()).unwrap();
    let b = bindery::pdf::render(&book, &mut Vec::new()).unwrap();
    assert!(a == b, "two renders of one book differ");
}

/// The 30-chapter book (the sample's essay 30 times), loaded, with the
/// engine's page records of its PDF; the folder lives as long as the
/// first value.
fn thirty_chapters() -> (tempfile::TempDir, Book, Vec<PageLines>) {
    let dir = tempfile::tempdir().unwrap();
    synthetic_book(dir.path(), 30);
    let book = load(dir.path());
    let pages = bindery::pdf::page_lines(&book, &mut Vec::new()).unwrap();
    (dir, book, pages)
}

#[test]
fn long_synthetic_book_layout_is_clean() {
    let (_dir, _, pages) = thirty_chapters();
    let stats = check_layout("synthetic", &pages);
    assert!(stats.pages >= 250, "only {} pages", stats.pages);
    // Notes split over pages: XeLaTeX splits 30 of these 390 notes on the
    // same pages (issue 11). The page breaker weighs a split (SPLIT_COST
    // 150) against a page left short; alone it measured 60 (2 a chapter:
    // notes 4 and 10, 270 continued lines), as widow and orphan rules end
    // the first pages where note 4's call cannot bring its note whole.
    // With looseness (a paragraph set a line longer or shorter where its
    // lines allow, chosen by the page breaker) it measures 30 and 180:
    // one paragraph a chapter set a line shorter, the word-spacing
    // figures unchanged. A page left a whole line short costs the page
    // breaker SHORT_LINE_COST (100): chapter pages 8 and 9 then share
    // note 10 differently (14 of its 23 lines on page 8, was 19), so no
    // page a line short faces a full one, for 270 continued lines. The
    // bound is the measured figure: it must not grow.
    let slices = || pages.iter().flat_map(|p| &p.note_slices);
    let mut split: Vec<_> = slices()
        .filter(|s| s.lines.start > 0)
        .map(|s| s.note)
        .collect();
    split.dedup();
    let carried: usize = slices()
        .filter(|s| s.lines.start > 0)
        .map(|s| s.lines.len())
        .sum();
    let notes = slices().filter(|s| s.lines.start == 0).count();
    println!(
        "synthetic: {} of {notes} notes split, {carried} continued lines",
        split.len()
    );
    assert_eq!(notes, 390, "every note of the 30 chapters set");
    assert!(
        split.len() <= 30 && carried <= 270,
        "{} of {notes} notes split, {carried} continued lines (measured 30 and 270; TeX: 30)",
        split.len()
    );
}

/// Issue 12's balanced spreads on the 30-chapter book: the two pages of
/// every spread (an even page and the odd page after it) end on the same
/// baseline, read back with `pdftotext -bbox` (the lowest word on each
/// page), except a spread holding a chapter's last page. A page with notes
/// ends at the foot of the text block with its last note line, so this
/// holds its body's end to nothing; so the engine's page records
/// (`lines_short`) say too that neither page leaves whole body lines
/// empty above its notes that the other does not (30 spreads did,
/// pages 8 and 9 of each chapter, before SHORT_LINE_COST).
#[test]
fn long_synthetic_book_spreads_end_on_one_baseline() {
    let (_dir, book, pages) = thirty_chapters();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("synthetic.pdf");
    fs::write(&path, bindery::pdf::render(&book, &mut Vec::new()).unwrap()).unwrap();
    let found = pdf_support::spreads::spreads(&pages, &path);
    let (checked, unequal, apart) = (found.checked, found.unequal, found.short_apart);
    println!(
        "synthetic: {checked} spreads checked, {} unequal, {} short apart",
        unequal.len(),
        apart.len()
    );
    assert!(checked >= 100, "only {checked} spreads checked");
    assert!(unequal.is_empty(), "spreads ending apart: {unequal:?}");
    assert!(
        apart.is_empty(),
        "spreads one page of which is left lines short: {apart:?}"
    );
}

/// Issue 12's full pages on the 30-chapter book, from the engine's own
/// page records (`PageLines::lines_short`, what `bindery build --stats`
/// counts): no chapter opening is left a line short (they ended 3 lines
/// short once), and none in all, a chapter's last aside (60 before
/// looseness filled them, 75.6 lines; 30 before the page breaker's
/// SHORT_LINE_COST).
#[test]
fn long_synthetic_book_pages_are_filled() {
    let (_dir, _, pages) = thirty_chapters();
    let stats = bindery::pdf::Stats::from_pages(&pages);
    println!(
        "synthetic: {} short pages ({:.1} lines)",
        stats.short_pages, stats.lines_short
    );
    let openings: Vec<_> = pages.iter().filter(|p| p.chapter_opening).collect();
    assert_eq!(openings.len(), 30, "every chapter opens a page");
    let short: Vec<_> = openings
        .iter()
        .filter(|p| p.lines_short >= bindery::pdf::stats::SHORT)
        .map(|p| (p.number, p.lines_short))
        .collect();
    assert!(short.is_empty(), "openings left short: {short:?}");
    assert!(
        stats.short_pages == 0,
        "{} short pages ({:.1} lines)",
        stats.short_pages,
        stats.lines_short
    );
}
