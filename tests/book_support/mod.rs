//! Helpers for the tests of real-world books (mdBook, pandoc): the words
//! a source holds, the words the built EPUB and PDF hold (read back with
//! real tools: `zip`/XML for the EPUB, `pdftotext` for the PDF), and
//! EPUBCheck. Needs `mod epub_support;` and `mod pdf_support;` beside it in
//! the test crate, whose helpers it uses.

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Lowercased alphanumeric words, as the PDF tests split them
/// (`pdf_support::words`), a slash also splitting (`and/or`, paths).
pub fn words(text: &str) -> Vec<String> {
    crate::pdf_support::words(&text.replace('/', " "))
}

/// The printed words of a Markdown text: body and notes apart (notes
/// move in both books, to the page foot or the chapter end). Link
/// destinations are not printed; image descriptions are.
pub fn markdown_words(text: &str) -> (Vec<String>, Vec<String>) {
    let options =
        Options::ENABLE_FOOTNOTES | Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut body = String::new();
    let mut notes = String::new();
    let mut in_note = 0usize;
    for event in Parser::new_ext(text, options) {
        let sink = if in_note > 0 { &mut notes } else { &mut body };
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => in_note += 1,
            Event::End(TagEnd::FootnoteDefinition) => in_note -= 1,
            Event::Text(t) | Event::Code(t) => {
                sink.push_str(&t);
                sink.push(' ');
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => sink.push(' '),
            _ => {}
        }
    }
    (words(&body), words(&notes))
}

/// Asserts that `wanted` appears in `got` in order (other words may come
/// between: running heads, the contents, notes). A word may carry a note
/// number (`slowly1`: `pdftotext` reads the superscript as part of it).
pub fn assert_in_order(wanted: &[String], got: &[String], what: &str) {
    let same = |g: &String, w: &String| {
        g.strip_prefix(w.as_str())
            .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit()))
    };
    let mut at = 0;
    for (i, w) in wanted.iter().enumerate() {
        match got[at..].iter().position(|g| same(g, w)) {
            Some(k) => at += k + 1,
            None => panic!(
                "{what}: word {i} `{w}` missing (or out of order) after {:?}\nwanted: {wanted:?}",
                &got[at.saturating_sub(12)..at]
            ),
        }
    }
}

/// The text of an EPUB's spine documents in reading order (image
/// descriptions included), and every document's raw text for looking at.
pub fn epub_text(bytes: &[u8]) -> String {
    let files = crate::epub_support::unzip(bytes);
    let get = |name: &str| {
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, d)| String::from_utf8(d.clone()).expect("UTF-8"))
            .unwrap_or_else(|| panic!("no {name} in the EPUB"))
    };
    let container = get("META-INF/container.xml");
    let opf_path = container
        .split("full-path=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("a rootfile")
        .to_string();
    let opf = get(&opf_path);
    let dir = opf_path.rsplit_once('/').map_or("", |(d, _)| d);
    let doc = roxmltree::Document::parse(&opf).expect("the OPF parses");
    let href_of = |id: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name("item") && n.attribute("id") == Some(id))
            .and_then(|n| n.attribute("href"))
            .map(str::to_string)
    };
    let mut out = String::new();
    for itemref in doc.descendants().filter(|n| n.has_tag_name("itemref")) {
        let Some(href) = itemref.attribute("idref").and_then(href_of) else {
            continue;
        };
        let path = if dir.is_empty() {
            href
        } else {
            format!("{dir}/{href}")
        };
        let xhtml = get(&path);
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        let page = roxmltree::Document::parse_with_options(&xhtml, options)
            .unwrap_or_else(|e| panic!("{path} is not XML: {e}"));
        let body = page
            .descendants()
            .find(|n| n.has_tag_name("body"))
            .expect("a body");
        for node in body.descendants() {
            if node.is_text() {
                out.push_str(node.text().unwrap_or(""));
            } else if node.has_tag_name("img")
                && let Some(alt) = node.attribute("alt")
            {
                out.push(' ');
                out.push_str(alt);
                out.push(' ');
            }
            // Highlighting spans inside code join their text (`format!(`
            // is one word); other elements separate words.
            if node.is_element() && !node.has_tag_name("span") {
                out.push(' ');
            }
        }
    }
    out
}

/// `pdftotext`'s text of a PDF, with inserted hyphens at line ends joined.
pub fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is required (tests/run installs poppler-utils)");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut joined = String::new();
    for line in text.lines() {
        let t = line.trim_end();
        match t.strip_suffix('\u{AD}').or_else(|| t.strip_suffix('-')) {
            // A hyphen the line breaker inserted (soft) or kept: join, as
            // words() drops the hyphen of a compound anyway.
            Some(stem) => joined.push_str(stem),
            None => {
                joined.push_str(t);
                joined.push('\n');
            }
        }
    }
    joined
}

/// EPUBCheck 5 with `--failonwarnings` (`epub_support`'s run): 0 errors
/// and 0 warnings.
pub fn assert_epubcheck_clean(epub: &Path) {
    let run = crate::epub_support::epubcheck(&crate::epub_support::epubcheck5_jar(), epub, &[]);
    assert!(
        run.clean(),
        "EPUBCheck on {}:\n{}",
        epub.display(),
        run.report
    );
}

/// Copies a fixture folder into a fresh temporary folder (builds write
/// `out/` or mdBook's `book/` there, never into the repository).
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy_tree(&from, dir.path());
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from).expect("the fixture exists") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copied");
        }
    }
}
