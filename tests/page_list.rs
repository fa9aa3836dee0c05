//! The EPUB's page list is the PDF's pagination: every PDF page is listed
//! with its page label, and the page-break marker of every page that
//! begins with text sits before the word `pdftotext -f N -l N` reads first
//! on that page (the running head cropped off). Checked on the sample
//! book, the kitchen-sink fixture and a book heavy with long notes (whose
//! pages of notes only are marked inside the notes) and a book whose
//! figures float (pages beginning with a figure, or inside the paragraph
//! a figure cut), each built by the
//! real binary; the EPUBs are clean for EPUBCheck 5 and 4.2.6, and the
//! same bytes with or without the PDF.

mod cli_support;
mod epub_support;
mod pdf_support;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use cli_support::{bindery_env, build_outputs, stderr};
use epub_support::{assert_epubcheck_clean, text_files};
use pdf_support::{page_labels, qpdf_json, tool};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds `formats` of `book` into `out` at a fixed `SOURCE_DATE_EPOCH`
/// (plus `env`); returns the files written.
fn build(book: &Path, out: &Path, formats: &str, env: &[(&str, &str)]) -> Vec<PathBuf> {
    let mut vars = vec![("SOURCE_DATE_EPOCH", "1700000000")];
    vars.extend_from_slice(env);
    build_outputs(book, out, formats, &vars).0
}

/// The `page-list` nav's entries: (label, href).
fn page_list(nav: &str) -> Vec<(String, String)> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(nav, options).expect("well-formed nav");
    let ops = "http://www.idpf.org/2007/ops";
    let Some(list) = doc
        .descendants()
        .find(|n| n.has_tag_name("nav") && n.attribute((ops, "type")) == Some("page-list"))
    else {
        return Vec::new();
    };
    assert_eq!(list.attribute("hidden"), Some("hidden"));
    assert_eq!(list.attribute("role"), Some("doc-pagelist"));
    list.descendants()
        .filter(|n| n.has_tag_name("a"))
        .map(|a| {
            let label: String = a
                .descendants()
                .filter(|t| t.is_text())
                .filter_map(|t| t.text())
                .collect();
            (label, a.attribute("href").unwrap().to_string())
        })
        .collect()
}

/// The text after the element with `id` in `xhtml`, tags stripped (so
/// inline markup joins, block markup and line ends separate), entities
/// read, and the marker's own element checked.
fn text_after(xhtml: &str, id: &str) -> String {
    let at = xhtml
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element {id}"));
    let open = xhtml[..at].rfind('<').unwrap();
    let tag_end = at + xhtml[at..].find('>').unwrap();
    let tag = &xhtml[open..=tag_end];
    assert!(
        tag.starts_with("<span epub:type=\"pagebreak\" role=\"doc-pagebreak\"")
            && tag.contains(&format!("aria-label=\"{}\"", &id["page.".len()..])),
        "{tag}"
    );
    assert!(
        xhtml[tag_end + 1..].starts_with("</span>"),
        "{id} is not empty"
    );
    let mut out = String::new();
    let mut rest = &xhtml[tag_end + 1..];
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            let end = rest.find('>').unwrap();
            let tag = &rest[1..end];
            let name = tag
                .trim_start_matches('/')
                .split([' ', '/'])
                .next()
                .unwrap();
            let inline = [
                "a", "em", "strong", "span", "code", "s", "sup", "sub", "b", "i", "q", "small",
            ];
            if !inline.contains(&name) {
                out.push(' ');
            }
            // An image's text is its alt text (the PDF sets it).
            if name == "img"
                && let Some(alt) = tag
                    .split(" alt=\"")
                    .nth(1)
                    .and_then(|a| a.split('"').next())
            {
                out.push_str(alt);
                out.push(' ');
            }
            rest = &rest[end + 1..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
        if out.len() > 400 {
            break;
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace('\u{AD}', "")
}

fn first_word(text: &str) -> Option<String> {
    text.split_whitespace().next().map(str::to_string)
}

/// A word without note marks (digits glued to it) or soft hyphens.
fn norm(word: &str) -> String {
    let w: String = word
        .chars()
        .filter(|c| !c.is_ascii_digit() && *c != '\u{AD}')
        .collect();
    if w.is_empty() { word.to_string() } else { w }
}

/// A list marker as pdftotext reads it: a bullet or dash, or a number or
/// letter with its full stop.
fn is_marker(token: &str) -> bool {
    let bullet = token.chars().count() <= 2 && !token.chars().any(char::is_alphanumeric);
    let ordinal = token.len() <= 5
        && token.ends_with('.')
        && token[..token.len() - 1].chars().all(char::is_alphanumeric);
    bullet || ordinal
}

/// What was checked of one book.
#[derive(Debug, Default)]
struct Checked {
    pages: usize,
    words: usize,
    split_words: usize,
    note_pages: usize,
}

/// Builds `book` (EPUB and PDF) and checks its page list against the PDF.
fn check_book(book: &Path, name: &str) -> Checked {
    let out = tempfile::tempdir().unwrap();
    let files = build(book, out.path(), "epub,pdf", &[]);
    let epub = files
        .iter()
        .find(|f| f.extension().unwrap() == "epub")
        .unwrap();
    let pdf = files
        .iter()
        .find(|f| f.extension().unwrap() == "pdf")
        .unwrap();
    let bytes = fs::read(epub).unwrap();
    let texts: BTreeMap<String, String> = text_files(&bytes);
    let list = page_list(&texts["OEBPS/nav.xhtml"]);

    // Every PDF page listed, in order, by its page label.
    let records = bindery::pdf::page_lines(&pdf_support::load(book), &mut Vec::new()).unwrap();
    let json = qpdf_json(pdf);
    let labels = page_labels(&json, records.len());
    let listed: Vec<&str> = list.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(listed, labels, "{name}: the page list's labels");

    // The NCX lists the same pages; the OPF names where they come from.
    let ncx = &texts["OEBPS/toc.ncx"];
    assert_eq!(ncx.matches("<pageTarget ").count(), labels.len(), "{name}");
    assert!(ncx.contains(&format!(
        "<meta name=\"dtb:totalPageCount\" content=\"{}\"/>",
        labels.len()
    )));
    let opf = &texts["OEBPS/content.opf"];
    assert!(opf.contains("<meta property=\"schema:accessibilityFeature\">printPageNumbers</meta>"));
    assert!(opf.contains("<dc:source id=\"print-edition\">"), "{opf}");
    assert!(
        opf.contains("<meta refines=\"#print-edition\" property=\"source-of\">pagination</meta>"),
        "{opf}"
    );

    // The marker of each page that begins with text is before its first word.
    let top = pdf_support::load(book).settings.pdf.margins.top;
    let p = pdf.to_str().unwrap();
    let mut checked = Checked {
        pages: labels.len(),
        ..Checked::default()
    };
    let mut previous = String::new();
    for (i, record) in records.iter().enumerate() {
        let n = (i + 1).to_string();
        let y = format!("{}", (top - 2.0).floor());
        let page_text = tool(
            "pdftotext",
            &[
                "-f", &n, "-l", &n, "-r", "72", "-x", "0", "-y", &y, "-W", "2000", "-H", "2000", p,
                "-",
            ],
        );
        let (_, href) = &list[i];
        let (file, id) = href.split_once('#').unwrap();
        let xhtml = &texts[&format!("OEBPS/{file}")];
        let after = text_after(xhtml, id);
        if record.start.is_none() {
            previous = page_text;
            continue;
        }
        let notes_only = record.lines.is_empty();
        let mut pdf_words = page_text.split_whitespace();
        let mut pdf_word = pdf_words.next().expect("a page with text").to_string();
        if notes_only {
            checked.note_pages += 1;
            // The rule over a continued note ends in "(continued)".
            if pdf_word == "(continued)" {
                pdf_word = pdf_words.next().unwrap_or_default().to_string();
            }
        }
        let epub_word = first_word(&after).unwrap_or_default();
        // A list item's marker (`–`, `•`, `3.`) is no text of the EPUB.
        if norm(&epub_word) != norm(&pdf_word) && is_marker(&pdf_word) {
            pdf_word = pdf_words.next().unwrap_or_default().to_string();
        }
        let (e, w) = (norm(&epub_word), norm(&pdf_word));
        if e == w {
            checked.words += 1;
        } else {
            // A word broken across the two pages is marked before its
            // first half, which ends the page before with a hyphen.
            let head = e.strip_suffix(w.as_str()).unwrap_or_else(|| {
                panic!(
                    "{name}: page {} (#{n}) begins with {pdf_word:?}, its EPUB marker \
                     stands before {:?}",
                    labels[i],
                    after.chars().take(80).collect::<String>()
                )
            });
            let cut = previous.split_whitespace().any(|t| {
                let whole = t.trim_end_matches(['-', '\u{AD}', '\u{2010}']);
                whole.len() < t.len() && norm(whole).ends_with(head)
            });
            assert!(
                !head.is_empty() && cut,
                "{name}: page {} begins with {pdf_word:?} inside {epub_word:?}, but the page \
                 before does not end with {head:?}-",
                labels[i]
            );
            checked.split_words += 1;
        }
        previous = page_text;
    }
    assert_epubcheck_clean(&bytes, name);
    eprintln!("{name}: {checked:?}");
    checked
}

#[test]
fn the_sample_books_page_list_is_its_pdfs_pagination() {
    let c = check_book(&repo().join("book"), "sample");
    assert_eq!(c.pages, 17);
    assert!(c.words + c.split_words >= 12, "{c:?}");
}

#[test]
fn the_kitchen_sinks_page_list_is_its_pdfs_pagination() {
    let c = check_book(&repo().join("tests/fixtures/kitchen-sink"), "kitchen-sink");
    assert!(c.words + c.split_words >= 10, "{c:?}");
}

/// A book of long notes: notes carried over several pages, pages of notes
/// only at the end of a chapter.
fn note_heavy_book(dir: &Path) {
    pdf_support::write_book_toml(dir, "Long Notes");
    let mut summary = String::from("# Summary\n\n");
    let words = [
        "archive",
        "letter",
        "comrade",
        "prison",
        "manuscript",
        "exile",
        "revolution",
        "memory",
        "publisher",
        "translation",
        "Petrograd",
        "Orenburg",
        "Mexico",
        "Brussels",
    ];
    let sentence = |seed: usize, len: usize| -> String {
        let mut s = String::new();
        for k in 0..len {
            if k > 0 {
                s.push(' ');
            }
            s.push_str(words[(seed * 7 + k * 3) % words.len()]);
        }
        s.push('.');
        s
    };
    for c in 1..=3 {
        summary.push_str(&format!("- [Chapter {c}](ch{c}.md)\n"));
        let mut text = format!("# Chapter {c}\n\n");
        let mut notes = String::new();
        for n in 1..=14 {
            text.push_str(&format!(
                "{} {}[^n{n}] {}\n\n",
                sentence(c * 100 + n, 40),
                sentence(n, 12),
                sentence(n + 3, 25)
            ));
            let long = match n {
                14 => 900,
                5 | 10 => 260,
                _ => 30,
            };
            notes.push_str(&format!("[^n{n}]: {}\n\n", sentence(c + n, long)));
        }
        text.push_str(&notes);
        fs::write(dir.join(format!("ch{c}.md")), text).unwrap();
    }
    fs::write(dir.join("SUMMARY.md"), summary).unwrap();
}

#[test]
fn a_note_heavy_books_page_list_is_its_pdfs_pagination() {
    let dir = tempfile::tempdir().unwrap();
    note_heavy_book(dir.path());
    let c = check_book(dir.path(), "long-notes");
    assert!(c.words >= 15, "{c:?}");
    assert!(c.note_pages >= 1, "no page of notes only: {c:?}");
}

/// A book of two chapters whose tall figures float (`[pdf] figures`'s
/// default): the first's, called after its first paragraph, goes to the
/// head of the next page, the text after it filling the opening page, so
/// pages begin with the figure and inside the paragraph it cut, after it.
fn floated_figures_book(dir: &Path) {
    pdf_support::write_book_toml(dir, "Floats");
    fs::create_dir_all(dir.join("images")).unwrap();
    fs::copy(
        repo().join("tests/fixtures/kitchen-sink/images/portrait-photo.jpg"),
        dir.join("images/photo.jpg"),
    )
    .unwrap();
    let words = [
        "river",
        "orchard",
        "heron",
        "willow",
        "harbour",
        "lantern",
        "meadow",
        "bridge",
        "winter",
        "market",
        "mountain",
        "traveller",
        "evening",
        "boat",
    ];
    let mut summary = String::from("# Summary\n\n");
    // Chapter 1's paragraphs are longer than what a page holds under the
    // figure: the page after the figure's begins inside the paragraph
    // the figure cut.
    for (c, after, length) in [(1, 1, 200), (2, 6, 60)] {
        summary.push_str(&format!("- [Chapter {c}](ch{c}.md)\n"));
        let mut text = format!("# Chapter {c}\n\n");
        for k in 1..=12usize {
            let sentence: Vec<&str> = (0..length)
                .map(|i| words[(c * 5 + k * 7 + i * 3) % words.len()])
                .collect();
            text.push_str(&format!("Paragraph{k} {}.\n\n", sentence.join(" ")));
            if k == after {
                text.push_str("![A tall photograph](images/photo.jpg \"Figure: the river\")\n\n");
            }
        }
        fs::write(dir.join(format!("ch{c}.md")), text).unwrap();
    }
    fs::write(dir.join("SUMMARY.md"), summary).unwrap();
}

#[test]
fn a_book_with_floated_figures_page_list_is_its_pdfs_pagination() {
    let dir = tempfile::tempdir().unwrap();
    floated_figures_book(dir.path());
    let c = check_book(dir.path(), "floats");
    assert!(c.words + c.split_words >= 6, "{c:?}");
}

/// The sample book with `extra` appended to its `book.toml`, in a
/// temporary folder.
fn sample_with(extra: &str) -> tempfile::TempDir {
    let book = repo().join("book");
    let dir = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(&book).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
        }
    }
    let toml = fs::read_to_string(dir.path().join("book.toml")).unwrap();
    let toml = toml.replace("../covers/", &format!("{}/covers/", repo().display()));
    fs::write(dir.path().join("book.toml"), format!("{toml}\n{extra}")).unwrap();
    dir
}

/// Whether an EPUB's files carry no page list and claim none.
fn has_no_page_list(texts: &std::collections::BTreeMap<String, String>) -> bool {
    page_list(&texts["OEBPS/nav.xhtml"]).is_empty()
        && !texts.values().any(|t| t.contains("doc-pagebreak"))
        && !texts["OEBPS/content.opf"].contains("printPageNumbers")
        && !texts["OEBPS/toc.ncx"].contains("pageList")
}

/// By default the EPUB lists the pages of the PDF built beside it; an EPUB
/// built alone has no print edition to point to and no page list (nor the
/// cost of a layout); `page-list = true` gives it the same bytes as beside
/// its PDF, and `page-list = false` leaves the list out of both.
#[test]
fn the_page_list_follows_the_print_edition_or_the_setting() {
    let book = repo().join("book");
    let both = tempfile::tempdir().unwrap();
    let alone = tempfile::tempdir().unwrap();
    let a = build(&book, both.path(), "epub,pdf", &[]);
    let b = build(&book, alone.path(), "epub", &[]);
    assert!(!has_no_page_list(&text_files(&fs::read(&a[0]).unwrap())));
    assert!(has_no_page_list(&text_files(&fs::read(&b[0]).unwrap())));

    let on = sample_with("[epub]\npage-list = true\n");
    let (both, alone) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = build(on.path(), both.path(), "epub,pdf", &[]);
    let b = build(on.path(), alone.path(), "epub", &[]);
    assert_eq!(fs::read(&a[0]).unwrap(), fs::read(&b[0]).unwrap());

    let off = sample_with("[epub]\npage-list = false\n");
    let out = tempfile::tempdir().unwrap();
    let files = build(off.path(), out.path(), "epub,pdf", &[]);
    assert!(has_no_page_list(&text_files(&fs::read(&files[0]).unwrap())));
}

/// A book the PDF cannot set (a table of 60 columns on an A5 page) still
/// builds as an EPUB alone that asks for a page list, without one and
/// with a warning that says why.
#[test]
fn an_epub_whose_print_layout_fails_has_no_page_list_and_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    pdf_support::write_book_toml(dir.path(), "Wide");
    let toml = fs::read_to_string(dir.path().join("book.toml")).unwrap();
    fs::write(
        dir.path().join("book.toml"),
        format!("{toml}[epub]\npage-list = true\n"),
    )
    .unwrap();
    let row = format!("|{}|\n", vec!["WWWW"; 60].join("|"));
    let rule = format!("|{}|\n", vec!["-"; 60].join("|"));
    fs::write(
        dir.path().join("wide.md"),
        format!("# Wide\n\nText.\n\n{row}{rule}{row}"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let result = bindery_env(
        &[
            "build",
            dir.path().to_str().unwrap(),
            "--format",
            "epub",
            "--out",
            out.path().to_str().unwrap(),
        ],
        &repo(),
        &[],
    );
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(
        stderr(&result).contains("warning: the EPUB has no page list"),
        "{}",
        stderr(&result)
    );
    let files: Vec<PathBuf> = String::from_utf8_lossy(&result.stdout)
        .lines()
        .map(PathBuf::from)
        .collect();
    let texts = text_files(&fs::read(&files[0]).unwrap());
    assert!(page_list(&texts["OEBPS/nav.xhtml"]).is_empty());
    assert!(!texts["OEBPS/content.opf"].contains("printPageNumbers"));
}
