//! The PDF's contents, read back with pdftotext: one entry per heading (a
//! subtitle already in the chapter's name is not listed twice), chapters
//! without sections set line by line, a chapter never alone at the foot of
//! a contents page nor its last section alone at the top of the next, and `[pdf] toc-depth` choosing the levels.

mod pdf_support;

use std::path::Path;

use pdf_support::{load, render, tool};

/// The contents pages' text lines (pdftotext -layout), page by page: the
/// pages from the one titled `Contents` to the last before `first_entry`'s
/// chapter opens.
fn contents_pages(pdf: &Path, title: &str) -> Vec<Vec<String>> {
    let text = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let first = pages
        .iter()
        .position(|p| p.trim_start().starts_with(title))
        .expect("a contents page");
    pages[first..]
        .iter()
        .take_while(|p| p.contains(" . . ") || p.trim().is_empty())
        .filter(|p| !p.trim().is_empty())
        .map(|p| p.lines().map(|l| l.trim_end().to_string()).collect())
        .collect()
}

fn write(dir: &Path, summary: &str, files: &[(String, String)], toml: &str) {
    std::fs::write(dir.join("SUMMARY.md"), summary).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    std::fs::write(dir.join("book.toml"), toml).unwrap();
}

#[test]
fn a_subtitle_in_the_chapter_name_is_listed_once() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "# Summary\n\n- [Erstes Kapitel: Das Hänflingnest](eins.md)\n",
        &[(
            "eins.md".into(),
            "# Erstes Kapitel\n\n## Das Hänflingnest\n\nText.\n\n## Beim Großvater\n\nMehr Text.\n"
                .into(),
        )],
        "[book]\ntitle = \"Heidi\"\nauthors = [\"J. S.\"]\nlanguage = \"de\"\n\
         identifier = \"urn:uuid:00000000-0000-4000-8000-000000000613\"\n",
    );
    let book = load(dir.path());
    let pdf = render(&book, dir.path(), "de");
    let pages = contents_pages(&pdf, "Inhalt");
    let all = pages.concat().join("\n");
    assert_eq!(all.matches("Hänflingnest").count(), 1, "{all}");
    assert_eq!(all.matches("Beim Großvater").count(), 1, "{all}");
    // The outline (bookmarks) follows the same rule.
    let json = pdf_support::qpdf_json(&pdf);
    let mut titles = Vec::new();
    let mut stack = vec![&json["outlines"]];
    while let Some(nodes) = stack.pop() {
        for n in nodes.as_array().unwrap() {
            titles.push(n["title"].as_str().unwrap().to_string());
            stack.push(&n["kids"]);
        }
    }
    assert_eq!(
        titles.iter().filter(|t| t.contains("Hänflingnest")).count(),
        1,
        "{titles:?}"
    );
    assert!(titles.iter().any(|t| t == "Beim Großvater"), "{titles:?}");
}

/// `n` chapters, every one with `sections` sections.
fn chapters(dir: &Path, n: usize, sections: usize, pdf: &str) {
    let mut summary = String::from("# Summary\n\n");
    let mut files = Vec::new();
    for i in 1..=n {
        let name = format!("c{i}.md");
        let mut text = format!("# Chapter {i}\n\nWords.\n");
        for s in 1..=sections {
            text.push_str(&format!("\n## Section {i}.{s}\n\nMore words.\n"));
        }
        files.push((name.clone(), text));
        summary.push_str(&format!("- [Chapter {i}]({name})\n"));
    }
    write(
        dir,
        &summary,
        &files,
        &format!(
            "[book]\ntitle = \"Many\"\nauthors = [\"T\"]\nlanguage = \"en\"\n\
             identifier = \"urn:uuid:00000000-0000-4000-8000-000000000614\"\n{pdf}"
        ),
    );
}

#[test]
fn chapters_without_sections_are_set_line_by_line() {
    let dir = tempfile::tempdir().unwrap();
    chapters(dir.path(), 20, 0, "");
    let pdf = render(&load(dir.path()), dir.path(), "flat");
    let pages = contents_pages(&pdf, "Contents");
    assert_eq!(pages.len(), 1, "20 chapters on one page: {pages:?}");
    let lines = &pages[0];
    let first = lines.iter().position(|l| l.contains("Chapter 1 ")).unwrap();
    let last = lines
        .iter()
        .position(|l| l.contains("Chapter 20 "))
        .unwrap();
    assert_eq!(last - first, 19, "no blank line between entries: {lines:?}");
}

#[test]
fn a_chapter_is_kept_with_its_first_section_and_depth_is_a_setting() {
    let dir = tempfile::tempdir().unwrap();
    chapters(dir.path(), 40, 2, "");
    let pdf = render(&load(dir.path()), dir.path(), "grouped");
    let pages = contents_pages(&pdf, "Contents");
    assert!(pages.len() >= 3, "{} contents pages", pages.len());
    for (k, page) in pages.iter().enumerate() {
        let entries: Vec<&String> = page.iter().filter(|l| l.contains(" . ")).collect();
        let last = entries.last().unwrap();
        assert!(
            !last.trim_start().starts_with("Chapter"),
            "contents page {} ends with a chapter alone: {last}",
            k + 1
        );
    }
    let all = pages.concat().join("\n");
    assert_eq!(all.matches("Section ").count(), 80);

    // Nor is a chapter's last section carried alone to the next page: with
    // three sections a chapter, some page would otherwise open on one.
    for sections in [2, 3] {
        let dir = tempfile::tempdir().unwrap();
        chapters(dir.path(), 60, sections, "");
        let pdf = render(&load(dir.path()), dir.path(), "widows");
        let pages = contents_pages(&pdf, "Contents");
        for (k, page) in pages.iter().enumerate().skip(1) {
            let entries: Vec<&str> = page
                .iter()
                .filter(|l| l.contains(" . "))
                .map(|l| l.trim_start())
                .collect();
            fn chapter_of(e: &str) -> Option<&str> {
                e.strip_prefix("Section ")?.split('.').next()
            }
            let first = chapter_of(entries[0]);
            assert!(
                first.is_none() || chapter_of(entries[1]) == first,
                "contents page {} opens with a section alone: {:?}",
                k + 1,
                &entries[..2]
            );
        }
    }

    let dir = tempfile::tempdir().unwrap();
    chapters(dir.path(), 40, 2, "[pdf]\ntoc-depth = 1\n");
    let pdf = render(&load(dir.path()), dir.path(), "depth1");
    let all = contents_pages(&pdf, "Contents").concat().join("\n");
    assert_eq!(all.matches("Chapter ").count(), 40);
    assert_eq!(all.matches("Section ").count(), 0);
}
