//! Accessibility checked, not declared: Ace by DAISY finds 0 violations in
//! the sample book, in a generated 400-note book and in `bindery init`'s
//! book, each built by the real binary; and the package's accessibility
//! metadata claims only what the book has.

mod cli_support;
mod epub_support;

use std::fs;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use cli_support::{bindery, build_outputs, stderr};
use epub_support::{AceViolation, ace, assert_epubcheck_clean};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the EPUB of `book` into `out` with the binary, beside its PDF
/// (so it carries the print edition's page list); returns its path and
/// what the build printed on stderr.
fn build_epub(book: &Path, out: &Path) -> (PathBuf, String) {
    build_formats(book, out, "epub,pdf")
}

/// Builds `formats` of `book` into `out`; returns the EPUB's path and what
/// the build printed on stderr.
fn build_formats(book: &Path, out: &Path, formats: &str) -> (PathBuf, String) {
    let (written, printed) = build_outputs(book, out, formats, &[]);
    let path = written
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "epub"))
        .expect("the EPUB's path");
    assert!(path.is_file(), "{}", path.display());
    (path, printed)
}

fn file_text(epub: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(epub)).expect("a zip");
    let mut text = String::new();
    archive
        .by_name(name)
        .expect("in the EPUB")
        .read_to_string(&mut text)
        .expect("UTF-8");
    text
}

fn assert_no_violations(violations: &[AceViolation], name: &str) {
    assert!(
        violations.is_empty(),
        "Ace found {} violations in {name}:\n{violations:#?}",
        violations.len()
    );
}

/// The accessibility `meta` values of `opf` for `property`.
fn meta(opf: &str, property: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(opf).expect("the OPF parses");
    doc.descendants()
        .filter(|n| n.tag_name().name() == "meta" && n.attribute("property") == Some(property))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

#[test]
fn ace_finds_no_violation_in_the_sample_book() {
    let out = tempfile::tempdir().unwrap();
    let (epub, warnings) = build_epub(&repo().join("book"), out.path());
    assert!(!warnings.contains(": warning:"), "{warnings}");
    assert_no_violations(&ace(&epub), "the sample book");
    let opf = file_text(&fs::read(&epub).unwrap(), "OEBPS/content.opf");
    assert_eq!(
        meta(&opf, "dcterms:conformsTo"),
        [bindery::epub::CONFORMS_TO]
    );
    // The sample has a cover but no other image: nothing to describe.
    assert_eq!(meta(&opf, "schema:accessMode"), ["textual"]);
    assert!(!meta(&opf, "schema:accessibilityFeature").contains(&"alternativeText".to_string()));
    let summary = meta(&opf, "schema:accessibilitySummary").join("");
    assert!(summary.contains("Its 13 notes are linked"), "{summary}");
    assert_eq!(meta(&opf, "ibooks:specified-fonts"), ["true"]);
    // Ace judged the EPUB with its print page list and page-break markers.
    let features = meta(&opf, "schema:accessibilityFeature");
    assert!(
        features.contains(&"printPageNumbers".to_string()),
        "{features:?}"
    );
    let chapter = file_text(&fs::read(&epub).unwrap(), "OEBPS/ch01.xhtml");
    assert!(
        chapter.contains("role=\"doc-pagebreak\""),
        "no page-break markers"
    );
}

#[test]
fn ace_finds_no_violation_in_the_kinds_of_markdown_book() {
    // Task boxes, definition lists, titled boxes and highlighted code.
    let out = tempfile::tempdir().unwrap();
    let (epub, _) = build_epub(&repo().join("tests/fixtures/kinds"), out.path());
    assert_no_violations(&ace(&epub), "the kinds-of-Markdown book");
}

/// A PNG of `w`×`h` pixels.
fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 7) as u8, (y * 5) as u8, 90]));
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// Writes a book of `chapters` chapters of `per_chapter` notes each, with
/// sections, emphasis, a quotation, a list, a table, code and a described
/// image, and one note referenced twice per chapter.
fn many_notes_book(dir: &Path, chapters: usize, per_chapter: usize) {
    fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"A Book of Many Notes\"\nauthors = [\"A. Tester\"]\nlanguage = \"en-GB\"\n\
         identifier = \"urn:uuid:4a0e0cf2-3c60-4cb8-9d4a-000000000400\"\n",
    )
    .unwrap();
    fs::create_dir_all(dir.join("images")).unwrap();
    fs::write(dir.join("images/plate.png"), png(60, 40)).unwrap();
    let mut summary = String::from("# Summary\n\n");
    for c in 1..=chapters {
        summary.push_str(&format!("- [Chapter {c}](ch{c}.md)\n"));
        let mut text = format!("# Chapter {c}\n\n");
        for n in 1..=per_chapter {
            if n % 25 == 1 {
                text.push_str(&format!("## Part {}\n\n", n / 25 + 1));
            }
            text.push_str(&format!(
                "Paragraph {n} of chapter {c}, with *emphasis* and **strength**, \
                 says something worth a note.[^n{n}]\n\n"
            ));
            if n == 10 {
                text.push_str("> A quotation, noted too.[^q]\n\n- one item\n- two items[^n10]\n\n");
                text.push_str("| Name | Value |\n|:-----|------:|\n| a | 1 |\n| b | 2 |\n\n");
                text.push_str("```\nlet x = 1;\n```\n\n");
                text.push_str("![A grey plate, sixty by forty](images/plate.png)\n\n");
            }
        }
        for n in 1..=per_chapter {
            text.push_str(&format!(
                "[^n{n}]: Note {n} of chapter {c}: *Title*, Publisher, {}.\n",
                1900 + n
            ));
        }
        text.push_str("[^q]: The quotation's source.\n\n    A second paragraph of that note.\n");
        fs::write(dir.join(format!("ch{c}.md")), text).unwrap();
    }
    fs::write(dir.join("SUMMARY.md"), summary).unwrap();
}

#[test]
fn ace_finds_no_violation_in_a_book_of_400_notes() {
    let dir = tempfile::tempdir().unwrap();
    many_notes_book(dir.path(), 4, 99);
    let out = tempfile::tempdir().unwrap();
    let (epub, warnings) = build_epub(dir.path(), out.path());
    assert!(!warnings.contains(": warning:"), "{warnings}");
    let bytes = fs::read(&epub).unwrap();
    let opf = file_text(&bytes, "OEBPS/content.opf");
    let summary = meta(&opf, "schema:accessibilitySummary").join("");
    assert!(summary.contains("Its 400 notes are linked"), "{summary}");
    assert_eq!(meta(&opf, "schema:accessMode"), ["textual", "visual"]);
    assert!(meta(&opf, "schema:accessibilityFeature").contains(&"alternativeText".to_string()));
    assert_eq!(meta(&opf, "dcterms:conformsTo").len(), 1);
    // A landmark for each chapter's notes, and one for the contents.
    let nav = file_text(&bytes, "OEBPS/nav.xhtml");
    assert_eq!(nav.matches("epub:type=\"endnotes\"").count(), 4, "{nav}");
    assert!(
        nav.contains("<a epub:type=\"toc\" href=\"nav.xhtml#toc\">"),
        "{nav}"
    );
    assert_no_violations(&ace(&epub), "the 400-note book");
    assert_epubcheck_clean(&bytes, "many-notes");
}

#[test]
fn ace_finds_no_violation_in_the_book_bindery_init_writes() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("new");
    let result = bindery(&["init", book.to_str().unwrap()], &repo());
    assert!(result.status.success(), "{}", stderr(&result));
    let out = tempfile::tempdir().unwrap();
    let (epub, _) = build_epub(&book, out.path());
    assert_no_violations(&ace(&epub), "bindery init's book");
    let bytes = fs::read(&epub).unwrap();
    let opf = file_text(&bytes, "OEBPS/content.opf");
    assert_eq!(meta(&opf, "dcterms:conformsTo").len(), 1);
    assert_epubcheck_clean(&bytes, "init");
}

/// No claim the content does not back: a book with no notes says nothing
/// of notes, and an image without alt text costs the conformance claim,
/// with a warning naming the file.
#[test]
fn the_metadata_claims_only_what_the_book_has() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("plain.md"),
        "---\ntitle: Plain\nauthor: B\nlang: fr\n---\n\n# Plain\n\nNo notes here.\n\n![](pic.png)\n",
    )
    .unwrap();
    fs::write(dir.path().join("pic.png"), png(4, 4)).unwrap();
    let out = tempfile::tempdir().unwrap();
    // Both books: the PDF/UA-1 PDF tags the image as decoration, with a
    // warning at its place that `check` gives too.
    let (epub, warnings) = build_formats(&dir.path().join("plain.md"), out.path(), "epub,pdf");
    assert!(
        warnings.contains("plain.md: warning: the EPUB does not claim conformance")
            && warnings.contains("1 image without a text alternative"),
        "{warnings}"
    );
    let decorative = "plain.md:11:1: warning: this image has no alt text: the PDF/UA-1 PDF \
                      tags it as decorative";
    assert!(warnings.contains(decorative), "{warnings}");
    assert!(out.path().join("plain.pdf").is_file(), "the PDF is built");
    let checked = bindery(
        &["check", dir.path().join("plain.md").to_str().unwrap()],
        &repo(),
    );
    assert!(checked.status.success(), "{}", stderr(&checked));
    assert_eq!(
        stderr(&checked).matches(decorative).count(),
        1,
        "check reports it once: {}",
        stderr(&checked)
    );
    let bytes = fs::read(&epub).unwrap();
    let opf = file_text(&bytes, "OEBPS/content.opf");
    assert!(meta(&opf, "dcterms:conformsTo").is_empty(), "{opf}");
    let features = meta(&opf, "schema:accessibilityFeature");
    assert!(
        !features.contains(&"alternativeText".to_string()),
        "{features:?}"
    );
    // Print page numbers are claimed exactly when there is a page list
    // (tests/page_list.rs turns it off and finds no claim).
    let nav = file_text(&bytes, "OEBPS/nav.xhtml");
    assert_eq!(
        features.contains(&"printPageNumbers".to_string()),
        nav.contains("epub:type=\"page-list\""),
        "{features:?}"
    );
    assert_eq!(
        meta(&opf, "schema:accessModeSufficient"),
        ["textual,visual"]
    );
    let summary = meta(&opf, "schema:accessibilitySummary").join("");
    assert!(!summary.contains("note"), "{summary}");
    assert!(
        summary.contains("1 of its 1 images has no text alternative"),
        "{summary}"
    );
    assert!(opf.contains("property=\"schema:accessibilitySummary\" xml:lang=\"en\""));
}

/// Bindery's own stylesheet sets no colour (the reading system's colours
/// keep their contrast, day or night), sets no body alignment or
/// hyphenation (the reader's settings), and underlines links.
#[test]
fn the_default_stylesheet_leaves_colour_alignment_and_hyphenation_to_the_reader() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("new");
    assert!(
        bindery(&["init", book.to_str().unwrap()], &repo())
            .status
            .success()
    );
    let out = tempfile::tempdir().unwrap();
    let (epub, _) = build_epub(&book, out.path());
    let css = file_text(&fs::read(&epub).unwrap(), "OEBPS/style.css");
    let declarations: Vec<String> = css
        .split(['{', '}', ';'])
        .filter_map(|d| d.split_once(':'))
        .map(|(p, v)| format!("{}:{}", p.trim(), v.trim()))
        .filter(|d| !d.starts_with("/*"))
        .collect();
    for d in &declarations {
        let (property, value) = d.split_once(':').unwrap();
        assert!(
            !(property.ends_with("color") || property.starts_with("background"))
                || value.eq_ignore_ascii_case("currentColor"),
            "the stylesheet sets a colour: {d}"
        );
        assert!(property != "text-align" || value != "justify", "{d}");
    }
    // Body text: no alignment, no hyphenation of its own.
    for selector in ["\nbody {", "\np {"] {
        let rule = rule(&css, selector);
        assert!(
            !rule.contains("hyphens") && !rule.contains("text-align"),
            "{selector}{rule}"
        );
    }
    for selector in ["a.noteref {", "a.backlink {"] {
        let rule = rule(&css, selector);
        assert!(
            rule.contains("text-decoration: underline"),
            "{selector}{rule}"
        );
    }
}

/// The declarations of the first rule of `css` that starts with `selector`.
fn rule<'a>(css: &'a str, selector: &str) -> &'a str {
    let after = css.split_once(selector).map_or("", |(_, after)| after);
    after.split('}').next().unwrap_or("")
}
