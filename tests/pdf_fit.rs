//! Content that does not fit is broken, not clipped: a table row taller
//! than a page splits across pages under its repeated header row, a code
//! line too wide for the measure (emoji, replacement marks) wraps by its
//! measured width behind a continuation mark, long headings and captions
//! break like paragraphs, and what cannot be set at all is an error at its
//! place. Every marker word of the source comes back from `pdftotext`.

mod pdf_support;

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use bindery::diag::Diagnostic;
use bindery::error::Error;
use bindery::model::Book;
use pdf_support::*;

/// A one-chapter book whose chapter is `chapter.md` holding `body`.
fn one_chapter(dir: &Path, body: &str) -> Book {
    fs::write(dir.join("SUMMARY.md"), "# Summary\n\n- [Fit](chapter.md)\n").unwrap();
    fs::write(
        dir.join("chapter.md"),
        format!("# Fit\n\n{body}\n\nThe end.\n"),
    )
    .unwrap();
    write_book_toml(dir, "Fit");
    let dir_img = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kitchen-sink/images");
    fs::copy(dir_img.join("landscape-chart.png"), dir.join("chart.png")).unwrap();
    load(dir)
}

/// `n` marker words, numbered from `from`, with a prefix naming the case.
fn markers(prefix: &str, from: usize, n: usize) -> Vec<String> {
    (from..from + n)
        .map(|i| format!("{prefix}{i:04}"))
        .collect()
}

/// The marker words (`prefix` then digits) `pdftotext` reads in the PDF.
fn found(text: &str, prefix: &str) -> HashSet<String> {
    words(text)
        .into_iter()
        .filter(|w| w.starts_with(prefix))
        .collect()
}

/// Renders `book`: its page records, its warnings, and each page's text.
fn rendered(
    book: &Book,
    dir: &Path,
) -> (Vec<bindery::pdf::PageLines>, Vec<Diagnostic>, Vec<String>) {
    let mut warnings = Vec::new();
    let pages = bindery::pdf::page_lines(book, &mut Vec::new()).expect("the layout");
    let pdf = bindery::pdf::render(book, &mut warnings).expect("the PDF renders");
    let path = dir.join("fit.pdf");
    fs::write(&path, pdf).unwrap();
    let texts = page_texts(&path, pages.len());
    (pages, warnings, texts)
}

fn assert_all_found(want: &[String], texts: &[String], prefix: &str) {
    let got = found(&texts.join("\n"), prefix);
    let missing: Vec<&String> = want.iter().filter(|w| !got.contains(*w)).collect();
    assert!(
        missing.is_empty(),
        "{} of {} `{prefix}` markers missing from the PDF's text, first {:?}",
        missing.len(),
        want.len(),
        missing.iter().take(5).collect::<Vec<_>>()
    );
}

fn assert_no_broken_rule(warnings: &[Diagnostic]) {
    let broken: Vec<String> = warnings
        .iter()
        .filter(|w| w.message.contains("breaks a rule"))
        .map(|w| w.to_string())
        .collect();
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn a_row_taller_than_a_page_splits_under_its_repeated_header() {
    let dir = tempfile::tempdir().unwrap();
    let cell = markers("cellword", 0, 3000);
    let after = markers("afterrow", 0, 4);
    let body = format!(
        "| Sideheading | Mainheading |\n|---|---|\n| first | {} |\n| {} | {} |\n",
        cell.join(" "),
        after[0],
        after[1..].join(" ")
    );
    let book = one_chapter(dir.path(), &body);
    let (pages, warnings, texts) = rendered(&book, dir.path());
    check_layout("tall row", &pages);
    assert_no_broken_rule(&warnings);
    assert_all_found(&cell, &texts, "cellword");
    assert_all_found(&after, &texts, "afterrow");

    // Every page the row runs on shows the header row first.
    let holding: Vec<usize> = (0..texts.len())
        .filter(|&i| !found(&texts[i], "cellword").is_empty())
        .collect();
    assert!(holding.len() >= 4, "the row spans {} pages", holding.len());
    for &i in &holding {
        let lines: Vec<&str> = texts[i]
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let head = lines.iter().position(|l| l.starts_with("Sideheading"));
        let first_cell = lines.iter().position(|l| l.contains("cellword"));
        assert!(
            head.is_some() && head < first_cell,
            "page {} does not begin the table with its header:\n{}",
            i + 1,
            texts[i]
        );
    }
    // And its words come back in order, none repeated.
    let order: Vec<String> = words(&texts.join("\n"))
        .into_iter()
        .filter(|w| w.starts_with("cellword"))
        .collect();
    let want: Vec<String> = cell.iter().map(|w| w.to_lowercase()).collect();
    assert_eq!(order, want);
}

#[test]
fn a_code_line_of_wide_characters_wraps_behind_a_mark() {
    let dir = tempfile::tempdir().unwrap();
    let tail = markers("codeword", 0, 30);
    let more = markers("lastword", 0, 3);
    let body = format!(
        "```\nlet s = \"{}{}\"; // {}\n{} {}\n```\n",
        "😀".repeat(25),
        "\u{FFFD}".repeat(12),
        tail.join(" "),
        "🎉".repeat(80),
        more.join(" ")
    );
    let book = one_chapter(dir.path(), &body);
    let (pages, warnings, texts) = rendered(&book, dir.path());
    check_layout("wide code", &pages);
    assert_no_broken_rule(&warnings);
    assert_all_found(&tail, &texts, "codeword");
    assert_all_found(&more, &texts, "lastword");
    let all = texts.join("\n");
    let emoji = all.matches('😀').count() + all.matches('🎉').count();
    assert_eq!(emoji, 105, "every wide character is drawn");
    // Each continuation starts with the mark; the first line of each
    // source line does not.
    let code: Vec<&str> = all
        .lines()
        .map(str::trim)
        .filter(|l| {
            l.contains(['😀', '🎉', '\u{FFFD}']) || l.contains("codeword") || l.contains("lastword")
        })
        .collect();
    assert!(code.len() >= 6, "{code:#?}");
    assert!(code[0].starts_with("let s"), "{code:#?}");
    let marked = code.iter().filter(|l| l.starts_with('↪')).count();
    assert_eq!(marked, code.len() - 2, "{code:#?}");
}

/// The one error the PDF layout reports for `book` (it writes no PDF),
/// in its chapter.
fn layout_error(book: &Book) -> Diagnostic {
    match bindery::pdf::render(book, &mut Vec::new()) {
        Err(Error::Book(diags)) => {
            let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
            assert_eq!(errors.len(), 1, "{diags:#?}");
            assert!(errors[0].file.ends_with("chapter.md"), "{}", errors[0]);
            errors[0].clone()
        }
        other => panic!("expected a located error, got {:?}", other.map(|b| b.len())),
    }
}

#[test]
fn what_cannot_be_set_is_an_error_at_its_place() {
    // Forty columns cannot hold a character each, even at 70% size.
    let dir = tempfile::tempdir().unwrap();
    let cols = 40;
    let body = format!(
        "Some text.\n\n|{}|\n|{}|\n|{}|\n",
        (0..cols)
            .map(|c| format!("h{c}"))
            .collect::<Vec<_>>()
            .join("|"),
        "---|".repeat(cols).trim_end_matches('|'),
        (0..cols)
            .map(|c| format!("v{c}"))
            .collect::<Vec<_>>()
            .join("|"),
    );
    let book = one_chapter(dir.path(), &body);
    let e = layout_error(&book);
    assert_eq!((e.line, e.col), (5, 1), "{e}");
    assert!(e.message.contains("table cannot be set"), "{e}");

    // One character (an emoji sequence joined by ZWJs) wider than the
    // measure: the code line cannot be broken to fit.
    let dir = tempfile::tempdir().unwrap();
    let wide = vec!["😀"; 120].join("\u{200D}");
    let body = format!("```\nfn main() {{}}\n{wide} tail\n```\n");
    let book = one_chapter(dir.path(), &body);
    let e = layout_error(&book);
    assert_eq!((e.line, e.col), (5, 1), "{e}");
    assert!(e.message.contains("code line cannot be set"), "{e}");
}

#[test]
fn lists_quotes_headings_and_figures_lose_no_word() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = String::new();
    let mut want = Vec::new();
    let mut next = 0;
    let mut take = |n: usize, want: &mut Vec<String>| {
        let m = markers("mark", next, n);
        next += n;
        want.extend(m.iter().cloned());
        m.join(" ")
    };
    // A list nested 30 deep, and a long item.
    for depth in 0..30 {
        body.push_str(&format!("{}- {}\n", "  ".repeat(depth), take(3, &mut want)));
    }
    body.push_str(&format!(
        "\n- {}\n- {}\n\n",
        take(1500, &mut want),
        take(1, &mut want)
    ));
    // Quotations nested 40 deep, and a long one.
    for depth in 1..=40 {
        body.push_str(&format!(
            "{} {}\n{}\n",
            ">".repeat(depth),
            take(3, &mut want),
            ">".repeat(depth)
        ));
    }
    body.push_str(&format!("\n> {}\n\n", take(1500, &mut want)));
    // A heading longer than a page, and a figure whose caption is.
    body.push_str(&format!(
        "## {}\n\n{}\n\n",
        take(400, &mut want),
        take(2, &mut want)
    ));
    body.push_str(&format!(
        "![chart](chart.png \"{}\")\n\n{}\n",
        take(1200, &mut want),
        take(2, &mut want)
    ));
    let book = one_chapter(dir.path(), &body);
    let (pages, warnings, texts) = rendered(&book, dir.path());
    check_layout("nested and long blocks", &pages);
    assert_no_broken_rule(&warnings);
    assert_all_found(&want, &texts, "mark");
}
