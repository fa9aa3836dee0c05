//! The kinds of Markdown real books use — task lists, definition lists,
//! GitHub alerts, pandoc fenced divs, superscripts and subscripts, `$math$`
//! and highlighted code — in a book written for the purpose
//! (`tests/fixtures/kinds`), built by the real binary: exit 0, the
//! warnings it owes at their `file:line:col`, an EPUB both EPUBChecks pass,
//! and EPUB and PDF text holding every word of the sources in order with
//! no Markdown syntax left over.

mod cli_support;
mod epub_support;
mod pdf_support;

use std::path::{Path, PathBuf};

use cli_support::{bindery, stderr};
use epub_support::{assert_epubcheck_clean, body_text, text_files};
use pdf_support::{page_pixels, tool};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kinds")
}

/// Builds the fixture into `out`; returns the EPUB's and the PDF's paths
/// and what the build printed on stderr.
fn build(out: &Path) -> (PathBuf, PathBuf, String) {
    let result = bindery(
        &[
            "build",
            fixture().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        &fixture(),
    );
    let printed = stderr(&result);
    assert!(result.status.success(), "build failed:\n{printed}");
    (
        out.join("kinds-of-markdown.epub"),
        out.join("kinds-of-markdown.pdf"),
        printed,
    )
}

/// The words of a Markdown source as a reader should find them: its
/// alphanumeric runs, lowercased, once the syntax the book interprets is
/// taken out (fence lines, alert tags, task boxes, list and quote markers).
fn source_words(md: &str) -> Vec<String> {
    let mut words = Vec::new();
    for line in md.lines() {
        let t = line.trim_start();
        if t.starts_with(":::") || t.starts_with("```") {
            continue;
        }
        let t = t
            .replace("[!NOTE]", "")
            .replace("[!TIP]", "")
            .replace("[!IMPORTANT]", "")
            .replace("[!WARNING]", "")
            .replace("[!CAUTION]", "")
            .replace("[x]", "")
            .replace("[ ]", "");
        for word in t.split(|c: char| !c.is_alphanumeric()) {
            if !word.is_empty() {
                words.push(word.to_lowercase());
            }
        }
    }
    words
}

/// Whether every word of `words` is found in `text`, in order (as a
/// substring of the text's alphanumeric characters, so that `H₂O` set as
/// `H2O` still holds `h`, `2`, `o`); the first word missing otherwise.
fn missing_word(words: &[String], text: &str) -> Option<String> {
    let letters: String = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let mut at = 0;
    for word in words {
        match letters[at..].find(word.as_str()) {
            Some(i) => at += i + word.len(),
            None => {
                return Some(format!(
                    "{word} (after …{})",
                    &letters[at.saturating_sub(40)..at]
                ));
            }
        }
    }
    None
}

/// Markdown syntax that must never reach a reader.
const LITERALS: [&str; 5] = ["[!NOTE]", ":::", "[ ]", "[x]", "[!WARNING]"];

fn all_source_words() -> Vec<String> {
    let mut words = Vec::new();
    for file in ["kinds.md", "code.md"] {
        words.extend(source_words(
            &std::fs::read_to_string(fixture().join(file)).unwrap(),
        ));
    }
    words
}

#[test]
fn every_kind_builds_into_both_books_with_its_warnings() {
    let out = tempfile::tempdir().unwrap();
    let (epub, pdf, printed) = build(out.path());

    // What is not rendered is said, at its place.
    assert!(
        printed.contains(
            "kinds.md:62:16: warning: math is not typeset yet: `$E = mc^2$` is printed as written"
        ),
        "{printed}"
    );
    assert!(
        printed
            .contains("kinds.md:47:1: warning: fenced div class `epigraph` has no style in print"),
        "{printed}"
    );
    assert_eq!(printed.matches(": warning:").count(), 2, "{printed}");

    // The EPUB: valid, and its text every word of the sources, in order.
    let bytes = std::fs::read(&epub).unwrap();
    assert_epubcheck_clean(&bytes, "kinds");
    let files = text_files(&bytes);
    let chapter = |needle: &str| {
        files
            .iter()
            .find(|(name, text)| name.ends_with(".xhtml") && text.contains(needle))
            .map(|(_, text)| text.clone())
            .unwrap_or_else(|| panic!("no chapter holds {needle}"))
    };
    let kinds = chapter("Every Kind of Block");
    let code = chapter("Greets the readers");
    let text = format!("{}\n{}", body_text(&kinds), body_text(&code));
    assert_eq!(
        missing_word(&all_source_words(), &text),
        None,
        "EPUB text:\n{text}"
    );
    for literal in LITERALS {
        assert!(
            !text.contains(literal),
            "{literal} left in the EPUB:\n{text}"
        );
    }

    // Each kind as the markup it is.
    assert_eq!(kinds.matches("<li class=\"task\">").count(), 5, "{kinds}");
    assert!(kinds.contains(
        "<li class=\"task\"><span class=\"task-box\" role=\"img\" aria-label=\"Done\">\u{2611}</span> Proofread"
    ));
    assert!(kinds.contains(
        "<p><span class=\"task-box\" role=\"img\" aria-label=\"Not done\">\u{2610}</span> Unchecked"
    ));
    assert!(
        kinds.contains("<dt>Leading</dt>\n<dd>The distance"),
        "{kinds}"
    );
    assert_eq!(kinds.matches("<dd>").count(), 3);
    for (kind, title) in [
        ("note", "Note"),
        ("tip", "Tip"),
        ("important", "Important"),
        ("warning", "Warning"),
        ("caution", "Caution"),
    ] {
        let open = format!(
            "<div class=\"callout callout-{kind}\" role=\"note\">\n<p class=\"callout-title\">{title}</p>"
        );
        assert!(kinds.contains(&open), "{open}\n{kinds}");
    }
    // A fenced warning is the same box; an unknown class keeps its name and
    // id; a tip nested in it is a box inside the div.
    assert_eq!(kinds.matches("callout-warning").count(), 2);
    assert!(
        kinds.contains("<div id=\"opening\" class=\"epigraph\">"),
        "{kinds}"
    );
    assert_eq!(kinds.matches("callout-tip").count(), 2);
    assert!(kinds.contains("<sup>this</sup>") && kinds.contains("<sub>that</sub>"));
    assert!(kinds.contains("<s>gone</s>"));
    assert!(kinds.contains("$E = mc^2$"));
    assert!(
        code.contains("<span class=\"tok-keyword\">fn</span>"),
        "{code}"
    );
    assert!(code.contains("<span class=\"tok-comment\">// Greets the readers.</span>"));
    assert!(
        code.contains("<span class=\"tok-comment\"># the book&#8217;s title</span>")
            || code.contains("<span class=\"tok-comment\"># the book's title</span>"),
        "{code}"
    );
    assert!(code.contains("<code>no language here, only words\n</code>"));
    let css = &files["OEBPS/style.css"];
    for rule in ["li.task", "dd {", "div.callout", "code .tok-comment"] {
        assert!(css.contains(rule), "{rule} missing from the stylesheet");
    }

    // The PDF: every word in order, no syntax left.
    let pdf_text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert_eq!(
        missing_word(&all_source_words(), &pdf_text),
        None,
        "PDF text:\n{pdf_text}"
    );
    for literal in LITERALS {
        assert!(
            !pdf_text.contains(literal),
            "{literal} left in the PDF:\n{pdf_text}"
        );
    }
    for title in ["Note", "Tip", "Important", "Warning", "Caution"] {
        assert!(pdf_text.contains(title), "{title}");
    }
    assert!(
        pdf_text.contains('\u{2611}') && pdf_text.contains('\u{2610}'),
        "{pdf_text}"
    );
}

/// The highlighting shows in print: the page with the Rust block has
/// pixels of the keyword colour, a page without code none.
#[test]
fn pdf_code_is_set_in_colour() {
    let out = tempfile::tempdir().unwrap();
    let (_, pdf, _) = build(out.path());
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let page = text
        .split('\u{c}')
        .position(|p| p.contains("Greets the readers"))
        .expect("a page with the Rust block")
        + 1;
    let keyword = [0xbf, 0x38, 0xbf];
    let count = |page: usize| {
        page_pixels(&pdf, page, 100, false, out.path())
            .data
            .chunks_exact(3)
            .filter(|px| px.iter().zip(keyword).all(|(a, b)| a.abs_diff(b) < 24))
            .count()
    };
    assert!(
        count(page) > 20,
        "no keyword-coloured pixels on page {page}"
    );
    assert_eq!(count(1), 0, "the title page has no code");
}
