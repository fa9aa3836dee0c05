//! Chapter openings in the PDF: the lead-in (the first words of each
//! titled chapter's first text paragraph in small capitals, `smcp` with
//! `c2sc`) lands on the text, not on an epigraph, a subtitle or an
//! untitled bio, in English and in German; `[pdf] lead-in = "none"` and
//! `lead-in-words = "line"` change it. Read back from the PDF: the same
//! book is built with and without a lead-in and every word's width on the
//! page compared (`pdftotext -bbox`): small capitals are wider than lower
//! case and narrower than capitals, and nothing else changes a word's
//! width by more than the letter spacing's few per cent.

mod pdf_support;

use std::path::Path;

use bindery::model::{Book, ChapterStart, LeadIn};
use pdf_support::{load, render, tool};

/// A word on a page: its text, page, left edge, top and width.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    page: usize,
    y: f32,
    width: f32,
}

/// Every word of the PDF in reading order (`pdftotext -bbox`).
fn words(pdf: &Path) -> Vec<Word> {
    let html = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let attr = |tag: &str, name: &str| -> f32 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    let mut out = Vec::new();
    let mut page = 0;
    for piece in html.split('<').skip(1) {
        if piece.starts_with("page ") {
            page += 1;
        } else if let Some(rest) = piece.strip_prefix("word ") {
            let (tag, text) = rest.split_once('>').unwrap();
            out.push(Word {
                text: text.replace("&amp;", "&"),
                page,
                y: attr(tag, "yMin"),
                width: attr(tag, "xMax") - attr(tag, "xMin"),
            });
        }
    }
    out
}

/// How much a word's width changed between the two builds (as a ratio, 0
/// unchanged), for the `n` words from the first whose text is `first`.
fn changes(with: &[Word], without: &[Word], first: &str, n: usize) -> Vec<(String, f32)> {
    let a = with.iter().position(|w| w.text == first).expect(first);
    let b = without.iter().position(|w| w.text == first).expect(first);
    with[a..a + n]
        .iter()
        .zip(&without[b..b + n])
        .map(|(x, y)| {
            assert_eq!(x.text, y.text, "the same words in both builds");
            (x.text.clone(), (x.width / y.width - 1.0).abs())
        })
        .collect()
}

/// A change of width that only small capitals make (measured: 6.6 % for
/// `dem`, 10–35 % for most words; a short word of `i`s and `m`s can keep
/// its width in small capitals, so the test's openings avoid them).
const CHANGED: f32 = 0.05;
/// The most letter spacing changes a word's width (measured: under 1 %).
const SAME: f32 = 0.03;

fn write_books(dir: &Path) {
    let en = dir.join("en");
    std::fs::create_dir_all(&en).unwrap();
    std::fs::write(
        en.join("SUMMARY.md"),
        "# Summary\n\n[About the Author](about.md)\n\n- [The Essay](essay.md)\n",
    )
    .unwrap();
    std::fs::write(
        en.join("about.md"),
        "Suzi Weissman wrote about Victor Serge for many years, and edited his papers.\n",
    )
    .unwrap();
    std::fs::write(
        en.join("essay.md"),
        "# The Essay\n\n> Everything is possible, but nothing is certain in history.\n\n\
         VICTOR SERGE HAD an enormous impact on the developing consciousness of \
         revolutionary Marxists, libertarians and anarchists all over the world. He was \
         the best known Trotskyist of his time, though his relationship with the \
         Trotskyist movement was contentious, and remained so until his death.\n\n\
         When I tell people I write about Serge, they tell me which of his books \
         touched them most.\n",
    )
    .unwrap();
    pdf_support::write_book_toml(&en, "Openings");
    let de = dir.join("de");
    std::fs::create_dir_all(&de).unwrap();
    std::fs::write(
        de.join("SUMMARY.md"),
        "# Summary\n\n- [Erstes Kapitel: Das Hänflingnest](eins.md)\n",
    )
    .unwrap();
    std::fs::write(
        de.join("eins.md"),
        "# Erstes Kapitel\n\n## Das Hänflingnest\n\n\
         Droben über dem Dorfe Maienfeld stand ein altes Haus mit grünen Läden, und \
         hinter dem Hause stieg die Wiese zum Walde hinauf, wo die Kinder spielten.\n",
    )
    .unwrap();
    std::fs::write(
        de.join("book.toml"),
        "[book]\ntitle = \"Eröffnungen\"\nauthors = [\"T\"]\nlanguage = \"de\"\n\
         identifier = \"urn:uuid:00000000-0000-4000-8000-000000000612\"\n",
    )
    .unwrap();
}

fn build(book: &Book, dir: &Path, name: &str, lead_in: Option<LeadIn>) -> Vec<Word> {
    let mut book = book.clone();
    book.settings.pdf.options.lead_in = lead_in;
    words(&render(&book, dir, name))
}

fn assert_changed(got: &[(String, f32)], what: &str) {
    for (w, c) in got {
        assert!(
            *c > CHANGED,
            "{what}: `{w}` is not in small capitals ({c:.3})"
        );
    }
}

fn assert_same(got: &[(String, f32)], what: &str) {
    for (w, c) in got {
        assert!(*c < SAME, "{what}: `{w}` changed ({c:.3})");
    }
}

#[test]
fn the_lead_in_lands_on_the_first_text_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    write_books(dir.path());
    let en = load(&dir.path().join("en"));
    assert_eq!(en.settings.pdf.options.lead_in, Some(LeadIn::Words(3)));
    let with = build(&en, dir.path(), "with", Some(LeadIn::Words(3)));
    let without = build(&en, dir.path(), "without", None);
    // Capitals in the source are small capitals too (c2sc).
    assert_changed(&changes(&with, &without, "VICTOR", 3), "the opening");
    assert_same(&changes(&with, &without, "an", 3), "after three words");
    assert_same(&changes(&with, &without, "Everything", 4), "the epigraph");
    assert_same(&changes(&with, &without, "Suzi", 4), "the untitled bio");
    assert_same(&changes(&with, &without, "When", 4), "the second paragraph");

    // A German chapter under a subtitle gets its lead-in too.
    let de = load(&dir.path().join("de"));
    let with = build(&de, dir.path(), "de-with", Some(LeadIn::Words(3)));
    let without = build(&de, dir.path(), "de-without", None);
    assert_changed(&changes(&with, &without, "Droben", 3), "the German opening");
    assert_same(&changes(&with, &without, "Dorfe", 3), "German, word 4");
    assert_same(&changes(&with, &without, "Hänflingnest", 1), "the subtitle");
}

#[test]
fn a_first_line_lead_in_ends_with_the_line() {
    let dir = tempfile::tempdir().unwrap();
    write_books(dir.path());
    let en = load(&dir.path().join("en"));
    let with = build(&en, dir.path(), "line", Some(LeadIn::Line));
    let without = build(&en, dir.path(), "none", None);
    let start = with.iter().position(|w| w.text == "VICTOR").unwrap();
    let first = &with[start];
    let line: Vec<&Word> = with[start..]
        .iter()
        .take_while(|w| w.page == first.page && (w.y - first.y).abs() < 1.0)
        .collect();
    // The line's words but its last, which may be the first part of a
    // hyphenated word.
    let whole = line.len() - 1;
    assert!(whole >= 5, "a first line of {} words", line.len());
    assert_changed(&changes(&with, &without, "VICTOR", whole), "the first line");
    let next = with[start + line.len()..]
        .iter()
        .find(|w| w.text.chars().all(char::is_alphabetic) && w.y > first.y + 1.0)
        .unwrap();
    let second_line_word = with[start + line.len()..]
        .iter()
        .skip_while(|w| w.text != next.text)
        .nth(1)
        .unwrap();
    assert_same(
        &changes(&with, &without, &second_line_word.text, 2),
        "the second line",
    );
}

/// The pages (from 1) whose text begins with each chapter's title, and
/// the pages with no text at all.
fn openings_and_blanks(pdf: &Path, titles: &[String]) -> (Vec<usize>, Vec<usize>) {
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let mut pages: Vec<&str> = text.split('\u{c}').collect();
    pages.pop(); // after the last page's form feed
    let opening = titles
        .iter()
        .map(|t| {
            1 + pages
                .iter()
                .position(|p| p.trim_start().starts_with(t.as_str()))
                .unwrap()
        })
        .collect();
    let blank = (1..=pages.len())
        .filter(|&n| pages[n - 1].trim().is_empty())
        .collect();
    (opening, blank)
}

#[test]
fn chapters_open_on_a_recto_or_on_the_next_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut summary = String::from("# Summary\n\n");
    let titles: Vec<String> = (1..=5).map(|i| format!("Chapter {i}")).collect();
    for (i, title) in titles.iter().enumerate() {
        let name = format!("c{i}.md");
        std::fs::write(
            dir.path().join(&name),
            format!("# {title}\n\nA short chapter of one page, number {i}.\n"),
        )
        .unwrap();
        summary.push_str(&format!("- [{title}]({name})\n"));
    }
    std::fs::write(dir.path().join("SUMMARY.md"), summary).unwrap();
    pdf_support::write_book_toml(dir.path(), "Starts");
    let mut book = load(dir.path());
    assert_eq!(book.settings.pdf.options.chapter_start, ChapterStart::Recto);
    let pdf = render(&book, dir.path(), "recto");
    let (recto, blank) = openings_and_blanks(&pdf, &titles);
    assert!(recto.iter().all(|p| p % 2 == 1), "rectos: {recto:?}");
    assert_eq!(
        blank.iter().filter(|&&b| b > recto[0]).count(),
        4,
        "a blank verso before each chapter after the first: {blank:?}"
    );
    book.settings.pdf.options.chapter_start = ChapterStart::Any;
    let pdf = render(&book, dir.path(), "any");
    let (any, blank) = openings_and_blanks(&pdf, &titles);
    // The body still starts on a recto (page 1); then one page each.
    assert_eq!(any[0], recto[0], "the first chapter: {any:?}");
    let next: Vec<usize> = (0..5).map(|i| any[0] + i).collect();
    assert_eq!(any, next, "each chapter on the next page");
    assert!(
        blank.iter().all(|&b| b < any[0]),
        "no blank page in the body: {blank:?}"
    );
}
