//! The PDF's navigation, read back with qpdf and pdftotext: the outline
//! mirrors the headings, page labels match the printed folios (roman front
//! matter, arabic body from 1), the contents list each heading with the
//! folio of its page and link to it, every note mark links to its note and
//! every note number back, Markdown links become URI or internal links, and
//! the page records point at the text each page begins with.

mod pdf_support;

use std::fs;

use bindery::model::{BlockKind, Book, Inline};
use pdf_support::*;
use serde_json::Value;

fn outline(json: &Value) -> Vec<(usize, String, usize)> {
    fn walk(nodes: &Value, depth: usize, out: &mut Vec<(usize, String, usize)>) {
        for n in nodes.as_array().unwrap() {
            out.push((
                depth,
                n["title"].as_str().unwrap().to_string(),
                n["destpageposfrom1"].as_u64().unwrap() as usize,
            ));
            walk(&n["kids"], depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(&json["outlines"], 0, &mut out);
    out
}

/// A book laid out and rendered: its page records, `qpdf --json`, each
/// page's text and the outline (depth, title, page).
struct Built {
    pages: Vec<bindery::pdf::PageLines>,
    json: Value,
    texts: Vec<String>,
    tree: Vec<(usize, String, usize)>,
}

fn built(book: &Book, dir: &std::path::Path, name: &str) -> Built {
    let pages = bindery::pdf::page_lines(book, &mut Vec::new()).unwrap();
    let pdf = render(book, dir, name);
    let json = qpdf_json(&pdf);
    let texts = page_texts(&pdf, pages.len());
    let tree = outline(&json);
    Built {
        pages,
        json,
        texts,
        tree,
    }
}

fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{AD}')
        .collect()
}

fn inline_chars(list: &[Inline], out: &mut String) {
    for i in list {
        match i {
            Inline::Text { text: t, .. } | Inline::Code { text: t, .. } => out.push_str(t),
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Link { content: c, .. } => inline_chars(c, out),
            _ => {}
        }
    }
}

#[test]
fn sample_outline_labels_contents_and_note_links() {
    let book = load(&sample_dir());
    let dir = tempfile::tempdir().unwrap();
    let Built {
        pages,
        json,
        texts,
        tree,
    } = built(&book, dir.path(), "sample");

    // Outline: contents, the front chapter, the essay with its three sections.
    let titles: Vec<(usize, &str)> = tree.iter().map(|(d, t, _)| (*d, t.as_str())).collect();
    assert_eq!(
        titles,
        [
            (0, "Contents"),
            (0, "About the Author"),
            (0, "Victor Serge and the Renewal of Socialism"),
            (1, "Defeat, Renewal and Democracy"),
            (1, "From Serge’s “Present” to Ours"),
            (1, "The Heart of Socialism"),
        ]
    );
    for (_, title, page) in &tree[3..] {
        assert!(
            squeeze(&texts[page - 1]).contains(&squeeze(title)),
            "outline entry {title} points at page {page}, which does not show it"
        );
    }

    // Page labels: roman front matter, arabic from the essay's first page;
    // the printed folios are the labels.
    let labels = page_labels(&json, pages.len());
    let essay_page = tree[2].2;
    assert_eq!(labels[0], "i");
    assert_eq!(
        labels[essay_page - 1],
        "1",
        "the body starts at 1: {labels:?}"
    );
    assert!(
        labels[..essay_page - 1]
            .iter()
            .all(|l| l.parse::<u32>().is_err())
    );
    let mut printed = 0;
    for (i, p) in pages.iter().enumerate() {
        assert_eq!(
            p.folio.text(),
            labels[i],
            "page #{i}: folio and label differ"
        );
        if p.start.is_some() && !p.chapter_opening {
            let head = texts[i].lines().find(|l| !l.trim().is_empty()).unwrap();
            let toks: Vec<&str> = head.split_whitespace().collect();
            assert!(
                toks.first() == Some(&labels[i].as_str())
                    || toks.last() == Some(&labels[i].as_str()),
                "page #{i} prints {head:?}, labelled {}",
                labels[i]
            );
            printed += 1;
        }
    }
    assert!(printed >= 6);

    // Contents: every entry with the label of its heading's page, linked.
    let toc_page = tree[0].2;
    let toc_text = &texts[toc_page - 1];
    let annots = link_annotations(&json);
    for (_, title, page) in &tree[1..] {
        let line = toc_text
            .lines()
            .find(|l| squeeze(l).starts_with(&squeeze(title)))
            .unwrap_or_else(|| panic!("{title} is not in the contents:\n{toc_text}"));
        assert!(
            line.trim_end().ends_with(&format!(" {}", labels[page - 1])),
            "contents line {line:?}: expected folio {}",
            labels[page - 1]
        );
        assert!(
            line.contains(". . .") || line.contains("..."),
            "no leaders: {line:?}"
        );
    }
    let toc_links: Vec<usize> = annots
        .iter()
        .filter(|a| a.page == toc_page)
        .filter_map(|a| a.dest_page)
        .collect();
    let mut want: Vec<usize> = tree[1..].iter().map(|t| t.2).collect();
    let mut got = toc_links.clone();
    want.sort();
    got.sort();
    assert_eq!(got, want, "contents links");

    // Notes: on each page, one link from each mark down to its note and one
    // from each note number up to its mark.
    let mut marks_seen = 0;
    for (i, p) in pages.iter().enumerate() {
        let page = i + 1;
        let starting = p.note_slices.iter().filter(|s| s.lines.start == 0).count();
        let same: Vec<_> = annots
            .iter()
            .filter(|a| a.page == page && a.dest_page == Some(page))
            .collect();
        let down = same
            .iter()
            .filter(|a| a.dest_y.unwrap() < a.rect[1])
            .count();
        let up = same
            .iter()
            .filter(|a| a.dest_y.unwrap() > a.rect[3])
            .count();
        assert_eq!(down, starting, "page {page}: mark → note links");
        assert_eq!(up, starting, "page {page}: note → mark links");
        marks_seen += p.calls.len();
    }
    assert_eq!(marks_seen, 13);

    // Page records: each body page's first line is the model's text at the
    // recorded (chapter, block, offset).
    let mut checked = 0;
    for (i, p) in pages.iter().enumerate() {
        let Some(start) = &p.start else { continue };
        let block = &book.chapters[start.chapter].blocks[start.block[0]];
        let BlockKind::Paragraph(inl) = &block.kind else {
            continue;
        };
        let mut text = String::new();
        inline_chars(inl, &mut text);
        let rest: String = squeeze(&text).chars().skip(start.offset).take(12).collect();
        let mut lines = texts[i].lines().filter(|l| !l.trim().is_empty());
        if !p.chapter_opening {
            lines.next();
        }
        let first = squeeze(lines.next().unwrap());
        assert!(
            first.starts_with(&rest),
            "page #{i}: recorded start {start:?} gives {rest:?}, the page begins {first:?}"
        );
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} pages checked");
}

#[test]
fn markdown_links_become_uri_and_internal_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("SUMMARY.md"),
        "# Summary\n\n- [One](one.md)\n- [Two](two.md)\n",
    )
    .unwrap();
    fs::write(
        d.join("one.md"),
        "# One\n\nSee [the site](https://example.org/serge) and [the later part](two.md#later), \
         or [chapter two](two.md).\n",
    )
    .unwrap();
    fs::write(
        d.join("two.md"),
        "# Two\n\nSome text.\n\n## Later {#later}\n\nMore text.\n",
    )
    .unwrap();
    write_book_toml(d, "Links");
    let book: Book = load(d);
    let pdf = render(&book, d, "links");
    let json = qpdf_json(&pdf);
    let tree = outline(&json);
    let page_of = |t: &str| tree.iter().find(|n| n.1 == t).map(|n| n.2).unwrap();
    let one = page_of("One");
    let annots = link_annotations(&json);
    let on_one: Vec<_> = annots.iter().filter(|a| a.page == one).collect();
    assert!(
        on_one
            .iter()
            .any(|a| a.uri.as_deref() == Some("https://example.org/serge")),
        "{on_one:?}"
    );
    assert!(on_one.iter().any(|a| a.dest_page == Some(page_of("Later"))));
    assert!(on_one.iter().any(|a| a.dest_page == Some(page_of("Two"))));
}

/// A book whose chapters carry mdBook's parts, numbers and nesting (set by
/// hand here: what the loader fills from a `SUMMARY.md` with `# Part`
/// titles and nested items).
fn parts_book(d: &std::path::Path) -> Book {
    fs::write(
        d.join("SUMMARY.md"),
        "# Summary\n\n[Preface](preface.md)\n\n- [Beginnings](a.md)\n  - [First steps](a1.md)\n\
         - [Middles](b.md)\n\n[Afterword](after.md)\n",
    )
    .unwrap();
    fs::write(d.join("preface.md"), "# Preface\n\nA few words before.\n").unwrap();
    fs::write(
        d.join("a.md"),
        "# Beginnings\n\nThe start.\n\n## Origins\n\nMore.\n",
    )
    .unwrap();
    fs::write(d.join("a1.md"), "# First steps\n\nWalking.\n").unwrap();
    fs::write(d.join("b.md"), "# Middles\n\nHalfway.\n").unwrap();
    fs::write(d.join("after.md"), "# Afterword\n\nThe end.\n").unwrap();
    write_book_toml(d, "Parts");
    let mut book = load(d);
    let set = |c: &mut bindery::model::Chapter, number: &str, depth: u8, part: Option<&str>| {
        c.number = Some(number.to_string());
        c.depth = depth;
        c.part = part.map(str::to_string);
    };
    set(&mut book.chapters[1], "1.", 0, Some("Part One: Early"));
    set(&mut book.chapters[2], "1.1.", 1, None);
    set(&mut book.chapters[3], "2.", 0, Some("Part Two: Late"));
    book
}

#[test]
fn parts_numbers_and_nesting_reach_the_contents_and_the_outline() {
    let dir = tempfile::tempdir().unwrap();
    let book = parts_book(dir.path());
    let Built {
        pages,
        json,
        texts,
        tree,
    } = built(&book, dir.path(), "parts");
    let labels = page_labels(&json, pages.len());

    // The outline nests a part's chapters under it and sub-chapters under
    // their chapter; numbers stand before titles; the back matter is
    // outside the last part.
    let titles: Vec<(usize, &str)> = tree.iter().map(|(d, t, _)| (*d, t.as_str())).collect();
    assert_eq!(
        titles,
        [
            (0, "Contents"),
            (0, "Preface"),
            (0, "Part One: Early"),
            (1, "1. Beginnings"),
            (2, "Origins"),
            (2, "1.1. First steps"),
            (0, "Part Two: Late"),
            (1, "2. Middles"),
            (0, "Afterword"),
        ]
    );

    // Each part has a recto of its own, holding only its title, the verso
    // after it blank, its chapter on the next recto; the body counts from
    // the first part's page.
    for (title, chapter) in [
        ("Part One: Early", "1. Beginnings"),
        ("Part Two: Late", "2. Middles"),
    ] {
        let page = tree.iter().find(|t| t.1 == title).unwrap().2;
        assert_eq!(page % 2, 1, "{title} is on page {page}, a verso");
        assert_eq!(squeeze(&texts[page - 1]), squeeze(title), "{title}'s page");
        assert_eq!(squeeze(&texts[page]), "", "the verso after {title}");
        let opening = tree.iter().find(|t| t.1 == chapter).unwrap().2;
        assert_eq!(opening, page + 2);
        assert!(
            squeeze(&texts[opening - 1]).starts_with(&squeeze(chapter)),
            "{chapter}'s opening page begins {:?}",
            texts[opening - 1]
        );
    }
    let part_one = tree[2].2;
    assert_eq!(labels[part_one - 1], "1", "{labels:?}");

    // The contents: parts, numbered chapters indented by depth, sections;
    // every entry with the folio of its page and a link to it.
    let toc_page = tree[0].2;
    let toc: Vec<&str> = texts[toc_page - 1]
        .lines()
        .filter(|l| l.contains(". ."))
        .collect();
    let heads: Vec<String> = toc
        .iter()
        .map(|l| squeeze(l.split(" . ").next().unwrap()).to_lowercase())
        .collect();
    assert_eq!(
        heads,
        [
            "preface",
            "partone:early",
            "1.beginnings",
            "origins",
            "1.1.firststeps",
            "parttwo:late",
            "2.middles",
            "afterword"
        ],
        "{toc:#?}"
    );
    let column = |i: usize| toc[i].len() - toc[i].trim_start().len();
    assert_eq!(column(1), column(2), "a part's chapters stand at its level");
    assert!(column(4) > column(2), "a sub-chapter is indented: {toc:#?}");
    for (line, (_, title, page)) in toc.iter().zip(tree.iter().skip(1)) {
        assert!(
            line.trim_end().ends_with(&format!(" {}", labels[page - 1])),
            "contents line {line:?} for {title}: expected folio {}",
            labels[page - 1]
        );
    }
    let mut links: Vec<usize> = link_annotations(&json)
        .iter()
        .filter(|a| a.page == toc_page)
        .filter_map(|a| a.dest_page)
        .collect();
    let mut want: Vec<usize> = tree[1..].iter().map(|t| t.2).collect();
    links.sort();
    want.sort();
    assert_eq!(links, want, "contents links");
}
