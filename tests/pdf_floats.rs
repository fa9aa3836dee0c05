//! Floated figures (issue 12): a figure that does not fit where it is
//! called moves forward (`[pdf] figures = "float"`, the default), the
//! text after it filling the page, instead of leaving that page short
//! above white space (`"here"`, the old placement). A chapter with a tall
//! figure after paragraph n, for n = 1..8, is built both ways with the
//! real binary and read back with poppler (pdftotext -bbox, pdfimages)
//! and qpdf: with "float" no page before the figure's page ends more
//! than a line short of the text block's foot, the caption is on the
//! figure's page, every word is there in order, and the structure tree
//! keeps the figure where the source has it; with "here" the figure
//! follows its paragraph. The EPUB (without its page list, which follows
//! the print pages: tests/page_list.rs checks it on a floated figure) is
//! the same either way, and clean.

mod cli_support;
mod epub_support;
mod pdf_support;

use std::fs;
use std::path::{Path, PathBuf};

use cli_support::{bindery_env, stderr};
use pdf_support::{dehyphenate, qpdf_json, tool, words};
use serde_json::Value;

/// Paragraphs in the chapter.
const PARAGRAPHS: usize = 14;

/// The default leading (10.5 pt type on 13.5 pt).
const LEADING: f32 = 13.5;

const CAPTION: &str = "Figure one: a tall photograph of the river at evening";

const VOCABULARY: &str = "the quiet river carried small boats past orchards where farmers \
    gathered apples and pears while children watched herons standing motionless among reeds \
    beneath willows whose branches touched water evening light turned everything golden \
    travellers rested near bridges telling stories about distant mountains cities markets \
    harbours lighthouses storms and long winters";

/// Paragraph `k` (from 1): some five lines, opening with its number.
fn paragraph(k: usize) -> String {
    let vocabulary: Vec<&str> = VOCABULARY.split_whitespace().collect();
    let text: Vec<&str> = (0..62)
        .map(|i| vocabulary[(k * 7 + i * 3) % vocabulary.len()])
        .collect();
    format!("Paragraph{k} {}.", text.join(" "))
}

/// A folder `dir` with the tall photograph in `images/`.
fn with_photo(dir: &Path) {
    fs::create_dir_all(dir.join("images")).unwrap();
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/kitchen-sink/images/portrait-photo.jpg"),
        dir.join("images/photo.jpg"),
    )
    .unwrap();
}

/// A chapter titled `title` of paragraphs `from + 1`… (PARAGRAPHS of
/// them), the figure after the `after`th.
fn chapter(title: &str, from: usize, after: usize) -> String {
    let mut text = format!("# {title}\n\n");
    for k in 1..=PARAGRAPHS {
        text.push_str(&paragraph(k + from));
        text.push_str("\n\n");
        if k == after {
            text.push_str(&format!(
                "![A tall photograph](images/photo.jpg \"{CAPTION}\")\n\n"
            ));
        }
    }
    text
}

/// A book of one chapter, the figure after paragraph `n`, figures placed
/// as `figures` says; returns its folder.
fn book(root: &Path, n: usize, figures: &str) -> PathBuf {
    let dir = root.join(format!("b{n}{figures}"));
    with_photo(&dir);
    build_book(root, &dir, &chapter("Rivers", 0, n), figures)
}

/// Builds the one-chapter book `text` in `dir`, figures placed as
/// `figures` says; returns its output folder.
fn build_book(root: &Path, dir: &Path, text: &str, figures: &str) -> PathBuf {
    fs::write(dir.join("book.md"), text).unwrap();
    fs::write(
        dir.join("book.toml"),
        format!(
            "[book]\ntitle = \"Floats\"\nauthors = [\"T\"]\nlanguage = \"en\"\n\
             identifier = \"urn:uuid:00000000-0000-4000-8000-000000000516\"\n\n\
             [pdf]\nfigures = \"{figures}\"\n\n[epub]\npage-list = false\n"
        ),
    )
    .unwrap();
    let out = bindery_env(
        &["build", dir.to_str().unwrap()],
        root,
        &[("SOURCE_DATE_EPOCH", "0")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    dir.join("out")
}

/// A word on a page, as `pdftotext -bbox` places it (y down).
struct Word {
    text: String,
    y_max: f32,
}

/// The words of each page.
fn bbox_pages(pdf: &Path) -> Vec<Vec<Word>> {
    let html = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let mut pages = Vec::new();
    for page in html.split("<page ").skip(1) {
        let mut words = Vec::new();
        for w in page.split("<word ").skip(1) {
            let attr = |name: &str| -> f32 {
                let at = w.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                w[at..at + w[at..].find('"').unwrap()].parse().unwrap()
            };
            let text = &w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()];
            words.push(Word {
                text: text.to_string(),
                y_max: attr("yMax"),
            });
        }
        pages.push(words);
    }
    pages
}

/// Whether a word is the running head's or a folio (the book's and the
/// chapters' titles, a number).
fn furniture(word: &str) -> bool {
    matches!(word, "Rivers" | "Floats" | "Chapter") || word.chars().all(|c| c.is_ascii_digit())
}

/// The 0-based page of each image the PDF draws (`pdfimages -list`).
fn image_pages(pdf: &Path) -> Vec<usize> {
    let list = tool("pdfimages", &["-list", pdf.to_str().unwrap()]);
    list.lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next()?.parse::<usize>().ok())
        .map(|p| p - 1)
        .collect()
}

/// The 0-based page of the PDF's one image.
fn image_page(pdf: &Path) -> usize {
    let pages = image_pages(pdf);
    assert_eq!(pages.len(), 1, "{pages:?}");
    pages[0]
}

/// The chapter's words as the PDF reads (pdftotext, hyphens joined),
/// from its first paragraph on, the running heads and folios left out.
fn pdf_words(pdf: &Path) -> Vec<String> {
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let lines: Vec<&str> = text.lines().collect();
    words(&dehyphenate(&lines))
        .into_iter()
        .skip_while(|w| w != "paragraph1")
        .filter(|w| !matches!(w.as_str(), "rivers" | "floats") && w.parse::<u32>().is_err())
        .collect()
}

/// Where the caption's words stand in `all` (they are there once, in a
/// run): the index of its first word, `all` without them.
fn caption_at(all: &[String]) -> (usize, Vec<String>) {
    let caption = words(CAPTION);
    let at = (0..all.len())
        .find(|&i| all[i..].starts_with(&caption))
        .expect("the caption's words, in a run");
    let mut rest = all[..at].to_vec();
    rest.extend_from_slice(&all[at + caption.len()..]);
    (at, rest)
}

/// The structure element types under the chapter's `Sect`, in order.
fn chapter_elements(pdf: &Path) -> Vec<String> {
    let json = qpdf_json(pdf);
    let objs = &json["qpdf"][1];
    let deref = |v: &Value| -> Value {
        match v.as_str() {
            Some(r) if r.ends_with(" R") => objs[format!("obj:{r}")]["value"].clone(),
            _ => v.clone(),
        }
    };
    let kids = |node: &Value| -> Vec<Value> {
        match deref(&node["/K"]) {
            Value::Array(a) => a.iter().map(&deref).collect(),
            Value::Null => Vec::new(),
            one => vec![deref(&one)],
        }
    };
    let root = deref(&objs["trailer"]["value"]["/Root"]);
    let mut stack = vec![deref(&root["/StructTreeRoot"])];
    while let Some(node) = stack.pop() {
        let children = kids(&node);
        if node["/S"] == "/Sect" {
            return children
                .iter()
                .filter_map(|k| k["/S"].as_str().map(str::to_string))
                .collect();
        }
        stack.extend(children.into_iter().filter(|k| k["/S"].is_string()));
    }
    panic!("no Sect in the structure tree");
}

/// What one build shows: the figure's page, whether the pages before it
/// (the chapter's) end at most a line short, how many words of text come
/// before the caption.
struct Placed {
    figure_page: usize,
    shortest: f32,
    caption_after: usize,
}

/// How many lines short of the text block's foot (the lowest line of
/// text of any page) the chapter's most open page before page `figure`
/// ends.
fn lines_short_before(pages: &[Vec<Word>], figure: usize) -> f32 {
    let first = pages
        .iter()
        .position(|p| p.iter().any(|w| w.text.starts_with("Paragraph1")))
        .expect("the chapter's first page");
    let foot = |p: &[Word]| {
        p.iter()
            .filter(|w| !furniture(&w.text))
            .map(|w| w.y_max)
            .fold(0.0f32, f32::max)
    };
    let block_foot = pages.iter().map(|p| foot(p)).fold(0.0f32, f32::max);
    (first..figure)
        .map(|i| (block_foot - foot(&pages[i])) / LEADING)
        .fold(0.0f32, f32::max)
}

fn check(out: &Path, n: usize) -> Placed {
    let pdf = out.join("floats.pdf");
    let pages = bbox_pages(&pdf);
    let figure_page = image_page(&pdf);
    let shortest = lines_short_before(&pages, figure_page);
    // The caption is on the figure's page.
    let on_page: String = pages[figure_page]
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(on_page.contains(CAPTION), "n = {n}: {on_page}");
    // Every word of the text, in order, the caption's in a run.
    let (caption_after, rest) = caption_at(&pdf_words(&pdf));
    let expected: Vec<String> = (1..=PARAGRAPHS)
        .flat_map(|k| words(&paragraph(k)))
        .collect();
    assert_eq!(rest, expected, "n = {n}: the text's words in order");
    // The figure stands in the structure tree where the source has it:
    // after the title and paragraph n.
    let elements = chapter_elements(&pdf);
    let figure = elements.iter().position(|s| s == "/Figure");
    assert_eq!(figure, Some(n + 1), "n = {n}: {elements:?}");
    Placed {
        figure_page,
        shortest,
        caption_after,
    }
}

#[test]
fn a_figure_that_does_not_fit_floats_forward_and_the_page_before_it_is_full() {
    let tmp = tempfile::tempdir().unwrap();
    let mut floated = 0;
    let mut short_here = 0;
    for n in 1..=8 {
        let before: usize = (1..=n).map(|k| words(&paragraph(k)).len()).sum();
        let here_out = book(tmp.path(), n, "here");
        let here = check(&here_out, n);
        let float_out = book(tmp.path(), n, "float");
        let float = check(&float_out, n);
        println!(
            "n = {n}: here page {} ({:.1} lines short before it), float page {} ({:.1} lines \
             short), caption after {} words (paragraphs 1..n: {before})",
            here.figure_page, here.shortest, float.figure_page, float.shortest, float.caption_after
        );
        // "here": the figure follows its paragraph.
        assert_eq!(here.caption_after, before, "n = {n}");
        if here.shortest > 1.5 {
            short_here += 1;
        }
        // "float": no page before the figure more than a line short, the
        // figure no later than where "here" put it, nor before its call.
        assert!(float.shortest <= 1.0 + 0.1, "n = {n}: {}", float.shortest);
        assert!(float.figure_page <= here.figure_page, "n = {n}");
        assert!(float.caption_after >= before, "n = {n}");
        if float.caption_after > before {
            floated += 1;
        }
        // The EPUB is untouched.
        let epub = fs::read(float_out.join("floats.epub")).unwrap();
        assert_eq!(
            epub,
            fs::read(here_out.join("floats.epub")).unwrap(),
            "n = {n}: the EPUB depends on [pdf] figures"
        );
        if n == 1 {
            epub_support::assert_epubcheck_clean(&epub, "floats");
        }
    }
    // The books test something: "here" leaves pages short, "float" moves.
    assert!(
        short_here >= 2,
        "only {short_here} books leave a page short"
    );
    assert!(floated >= short_here, "{floated} floated of {short_here}");
}

/// A figure followed closely by another (one paragraph between them)
/// still floats when the page before it has room for more than that
/// paragraph: the second figure moves on with it, after it, and the text
/// after both fills the page; the figures keep their order.
#[test]
fn a_figure_floats_past_the_next_which_goes_with_it() {
    const SECOND: &str = "Figure two: the same river at dawn";
    let tmp = tempfile::tempdir().unwrap();
    let mut floated = 0;
    for n in [1, 2, 6] {
        let text = chapter("Rivers", 0, n).replacen(
            &format!("{}\n\n", paragraph(n + 1)),
            &format!(
                "{}\n\n![The river again](images/photo.jpg \"{SECOND}\")\n\n",
                paragraph(n + 1)
            ),
            1,
        );
        let mut placed = Vec::new();
        for figures in ["here", "float"] {
            let dir = tmp.path().join(format!("two{n}{figures}"));
            with_photo(&dir);
            let pdf = build_book(tmp.path(), &dir, &text, figures).join("floats.pdf");
            let pages = bbox_pages(&pdf);
            let text_of = |p: &[Word]| {
                p.iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let page_of = |caption: &str| {
                pages
                    .iter()
                    .position(|p| text_of(p).contains(caption))
                    .unwrap_or_else(|| panic!("n = {n}: {caption} missing"))
            };
            let (one, two) = (page_of(CAPTION), page_of(SECOND));
            assert!(one < two, "n = {n}, {figures}: figures out of order");
            let shortest = lines_short_before(&pages, one);
            // Every word of the text, in order, both captions in runs.
            let (_, rest) = caption_at(&pdf_words(&pdf));
            let second = words(SECOND);
            let at = (0..rest.len())
                .find(|&i| rest[i..].starts_with(&second))
                .expect("the second caption, in a run");
            let mut rest = rest;
            rest.drain(at..at + second.len());
            let expected: Vec<String> = (1..=PARAGRAPHS)
                .flat_map(|k| words(&paragraph(k)))
                .collect();
            assert_eq!(rest, expected, "n = {n}, {figures}: the words in order");
            println!("n = {n}, {figures}: figures on pp. {one}, {two}; {shortest:.1} lines short");
            placed.push(shortest);
        }
        assert!(placed[1] <= 1.1, "n = {n}: {:.1} lines short", placed[1]);
        if placed[0] > 6.0 {
            floated += 1;
        }
    }
    // The books test it: "here" leaves more room than the paragraph
    // between the figures could fill.
    assert!(floated >= 2, "{floated}");
}

/// Chapters laid out on one thread or two float their figures alike: the
/// same bytes (tests/threads.rs's promise, on floated figures).
#[test]
fn floated_figures_give_the_same_bytes_on_one_or_two_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("b");
    with_photo(&dir);
    let mut summary = String::from("# Summary\n\n");
    for c in 1..=4usize {
        let text = chapter(&format!("Chapter {c}"), c, 2 * c - 1);
        fs::write(dir.join(format!("ch{c}.md")), text).unwrap();
        summary.push_str(&format!("- [Chapter {c}](ch{c}.md)\n"));
    }
    fs::write(dir.join("SUMMARY.md"), summary).unwrap();
    pdf_support::write_book_toml(&dir, "Floats");
    let mut pdfs = Vec::new();
    for threads in ["1", "2"] {
        let out = tmp.path().join(format!("out{threads}"));
        let run = bindery_env(
            &[
                "build",
                "b",
                "--format",
                "pdf",
                "--out",
                out.to_str().unwrap(),
            ],
            tmp.path(),
            &[("RAYON_NUM_THREADS", threads), ("SOURCE_DATE_EPOCH", "0")],
        );
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
        pdfs.push(fs::read(out.join("floats.pdf")).unwrap());
    }
    assert!(pdfs[0] == pdfs[1], "the PDF depends on the thread count");
    // Figures did float: those called after the first paragraphs open
    // the page after the chapter's first, the last one a page of its own
    // (chapter 3's fits where it is called, under its paragraph's end).
    let path = tmp.path().join("out1/floats.pdf");
    let pages = bbox_pages(&path);
    let image_pages = image_pages(&path);
    assert_eq!(image_pages.len(), 4, "{image_pages:?}");
    let heading: Vec<bool> = image_pages
        .iter()
        .map(|&p| {
            let first = pages[p].iter().find(|w| !furniture(&w.text));
            first.is_some_and(|w| w.text == "Figure")
        })
        .collect();
    println!("figures on pages {image_pages:?}, opening them: {heading:?}");
    assert_eq!(heading, [true, true, false, true]);
}
