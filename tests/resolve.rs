//! The resolve pass, end to end: raw HTML, links and labels are settled
//! once, so the EPUB and the PDF say the same thing, and `check` reports
//! what `build` would.

mod cli_support;
mod epub_support;
mod pdf_support;

use std::fs;
use std::path::Path;

use cli_support::{bindery, stderr};
use epub_support::{assert_epubcheck_clean, body_text, text_files};
use pdf_support::{link_annotations, qpdf_json, tool, words};

/// Writes `files` (path, text) into `dir`.
fn write(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

fn book_toml(title: &str, language: &str) -> String {
    format!(
        "[book]\ntitle = \"{title}\"\nauthors = [\"A. Writer\"]\nlanguage = \"{language}\"\n\
         identifier = \"urn:uuid:00000000-0000-4000-8000-00000000a11d\"\n\n[output]\nname = \"book\"\n"
    )
}

/// `bindery build` in `dir`; panics unless it succeeds.
fn build(dir: &Path) -> String {
    let out = bindery(&["build", "."], dir);
    assert!(out.status.success(), "build failed: {}", stderr(&out));
    stderr(&out)
}

/// A one-file English book titled `title` built in a new folder: the
/// folder (kept alive by the returned guard) and `build`'s messages.
fn build_single_file_book(title: &str, markdown: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            ("book.toml", &book_toml(title, "en")),
            ("book.md", markdown),
        ],
    );
    let messages = build(dir.path());
    (dir, messages)
}

/// The words `pdftotext` gives back for pages `first..=last`, hyphens the
/// line breaker added removed.
fn pdf_words(pdf: &Path, first: usize, last: usize) -> Vec<String> {
    let text = tool(
        "pdftotext",
        &[
            "-f",
            &first.to_string(),
            "-l",
            &last.to_string(),
            pdf.to_str().unwrap(),
            "-",
        ],
    );
    words(&text.replace("\u{AD}\n", ""))
}

#[test]
fn an_unclosed_inline_style_loses_nothing_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        &[
            ("book.toml", &book_toml("Style", "en")),
            (
                "SUMMARY.md",
                "# Summary\n\n- [One](one.md)\n- [Two](two.md)\n",
            ),
            (
                "one.md",
                "# One\n\nFirst words <style> then more words after the tag.\n\nA second paragraph, alpha.\n",
            ),
            ("two.md", "# Two\n\nChapter two, beta, gamma.\n"),
        ],
    );
    let check = bindery(&["check", "."], d);
    let messages = stderr(&check);
    assert!(check.status.success(), "{messages}");
    assert!(
        messages.contains("one.md:3:13: warning: <style> is never closed"),
        "{messages}"
    );
    build(d);
    let pdf = d.join("out/book.pdf");
    let text = words(&tool("pdftotext", &[pdf.to_str().unwrap(), "-"]));
    let expected = words(
        "First words then more words after the tag. A second paragraph, alpha. Two Chapter two, beta, gamma.",
    );
    let start = text
        .windows(2)
        .position(|w| w == ["first", "words"])
        .expect("the first words");
    assert_eq!(&text[start..start + expected.len()], expected.as_slice());
    // Running heads are still there: the book's title on a verso page of
    // chapter two is not needed, but the second chapter's title is.
    assert!(text.iter().filter(|w| *w == "two").count() >= 2);
}

#[test]
fn a_link_reaches_the_same_chapter_in_both_books() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        &[
            ("book.toml", &book_toml("Two intros", "en")),
            (
                "SUMMARY.md",
                "# Summary\n\n- [Intro A](a/intro.md)\n- [Intro B](b/intro.md)\n",
            ),
            ("a/intro.md", "# Intro A\n\nThe first introduction.\n"),
            (
                "b/intro.md",
                "# Intro B\n\nThe second introduction links to [itself](intro.md) and to [the first](../a/intro.md).\n",
            ),
        ],
    );
    build(d);
    let epub = fs::read(d.join("out/book.epub")).unwrap();
    let files = text_files(&epub);
    let b = &files["OEBPS/ch02.xhtml"];
    assert!(b.contains("<a href=\"ch02.xhtml\">itself</a>"), "{b}");
    assert!(b.contains("<a href=\"ch01.xhtml\">the first</a>"), "{b}");

    let pdf = d.join("out/book.pdf");
    let json = qpdf_json(&pdf);
    let pages = json["pages"].as_array().unwrap().len();
    let page_of = |needle: &str| {
        (1..=pages)
            .find(|&p| pdf_words(&pdf, p, p).first().is_some_and(|w| w == needle))
            .unwrap_or_else(|| panic!("no page starts with {needle}"))
    };
    let (a, b) = (page_of("intro"), pages);
    assert!(a < b);
    let on_b: Vec<_> = link_annotations(&json)
        .into_iter()
        .filter(|l| l.page == b && l.uri.is_none())
        .collect();
    let mut dests: Vec<usize> = on_b.iter().filter_map(|l| l.dest_page).collect();
    dests.sort();
    assert_eq!(dests, [a, b], "{on_b:?}");
}

#[test]
fn check_reports_each_link_problem_once_at_its_own_column() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        &[
            ("book.toml", &book_toml("Links", "en")),
            ("SUMMARY.md", "# Summary\n\n- [One](one.md)\n"),
            (
                "one.md",
                "# One\n\nSee [a](missing.md), then [b](#nowhere), and [c](javascript:alert(1)).\n\n\
                 | A | B |\n|---|---|\n| [d](#nowhere) | x |\n",
            ),
        ],
    );
    let out = bindery(&["check", "."], d);
    let messages = stderr(&out);
    assert!(out.status.success(), "{messages}");
    for expected in [
        "one.md:3:5: warning: link target `missing.md` is no chapter",
        "one.md:3:27: warning: link target `#nowhere` is no chapter",
        "one.md:3:46: warning: script URL `javascript:alert(1)` removed from a link",
        "one.md:7:3: warning: link target `#nowhere` is no chapter",
    ] {
        assert_eq!(
            messages.matches(expected).count(),
            1,
            "{expected} not once in:\n{messages}"
        );
    }
    // `build` says the same, once, whatever it builds.
    let built = bindery(&["build", ".", "--format", "pdf"], d);
    assert_eq!(
        stderr(&built)
            .lines()
            .filter(|l| l.contains(": warning"))
            .count(),
        4,
        "{}",
        stderr(&built)
    );
}

#[test]
fn both_books_speak_the_books_language() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        &[
            ("book.toml", &book_toml("Livro", "pt-BR")),
            ("SUMMARY.md", "# Summary\n\n- [Um](um.md)\n"),
            ("um.md", "# Um\n\nTexto com nota.[^1]\n\n[^1]: Uma nota.\n"),
        ],
    );
    build(d);
    let epub = fs::read(d.join("out/book.epub")).unwrap();
    let files = text_files(&epub);
    assert!(files["OEBPS/nav.xhtml"].contains(">Sumário<"));
    assert!(files["OEBPS/ch01.xhtml"].contains(">Notas<"));
    let pdf = d.join("out/book.pdf");
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("Sumário"), "{text}");
}

/// Beyond the first nine, the languages of the hyphenation patterns have
/// their own words too: Cyrillic, Latin with diacritics, a dotted capital
/// İ. Each book's nav, notes heading and PDF contents say them.
#[test]
fn books_in_more_languages_carry_their_own_labels() {
    for (tag, contents, notes) in [
        ("uk", "Зміст", "Примітки"),
        ("cs", "Obsah", "Poznámky"),
        ("tr", "İçindekiler", "Notlar"),
        ("sr-Latn", "Sadržaj", "Napomene"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(
            d,
            &[
                ("book.toml", &book_toml("Kniha", tag)),
                ("SUMMARY.md", "# Summary\n\n- [Jedna](jedna.md)\n"),
                ("jedna.md", "# Jedna\n\nText.[^1]\n\n[^1]: Note.\n"),
            ],
        );
        build(d);
        let epub = fs::read(d.join("out/book.epub")).unwrap();
        let files = text_files(&epub);
        assert!(
            files["OEBPS/nav.xhtml"].contains(&format!(">{contents}<")),
            "{tag}"
        );
        assert!(
            files["OEBPS/ch01.xhtml"].contains(&format!(">{notes}<")),
            "{tag}"
        );
        let pdf = d.join("out/book.pdf");
        let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
        assert!(text.contains(contents), "{tag}: {text}");
    }
}

/// Every kind of block and inline, with raw HTML everywhere: both books
/// hold the same words in the same order, nothing of a removed script in
/// either, and the EPUB passes EPUBCheck.
#[test]
fn both_books_hold_the_same_words_in_the_same_order() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let chapter = "# Everything\n\n\
Plain *emphasis* **strong** ~~struck~~ `code` [a link](https://example.org) and <i>raw</i> \
<b>bold</b> <span class=\"x\" lang=\"fr\">une phrase</span> H<sub>2</sub>O x<sup>2</sup> \
<abbr title=\"World Health\">WHO</abbr> <a href=\"#everything\">raw link</a>.<br>After a break.\n\n\
> A quotation with <em>raw emphasis</em>.\n\n\
- one\n- two <kbd>Ctrl</kbd>\n\n\
1. first\n2. second\n\n\
```\ncode block words\n```\n\n\
| Head one | Head two |\n|---|---|\n| cell one | cell two |\n\n\
***\n\n\
<div class=\"box\">\n\n\
Markdown inside a raw div.\n\n\
</div>\n\n\
<p class=\"raw\">A raw paragraph with <strong>strength</strong> &amp; entities &eacute;t&eacute;.</p>\n\n\
<ul><li>raw item one</li><li>raw item two</li></ul>\n\n\
<blockquote><p>raw quotation</p></blockquote>\n\n\
<h2 id=\"raw-section\">A raw section</h2>\n\n\
<table><tr><th>raw head</th></tr><tr><td>raw cell</td></tr></table>\n\n\
<pre>raw preformatted</pre>\n\n\
<details><summary>raw summary</summary><p>raw details</p></details>\n\n\
<dl><dt>raw term</dt><dd>raw definition</dd></dl>\n\n\
<script>secret script words</script>\n\n\
Last words <style>hidden css words</style> end.\n";
    write(
        d,
        &[
            (
                "book.toml",
                &(book_toml("Kinds", "en") + "\n[pdf]\ntrim = \"a4\"\nfont-size = 8\n"),
            ),
            ("SUMMARY.md", "# Summary\n\n- [Everything](every.md)\n"),
            ("every.md", chapter),
        ],
    );
    let messages = build(d);
    assert!(messages.contains("<script> removed"), "{messages}");
    let epub_path = d.join("out/book.epub");
    let epub = fs::read(&epub_path).unwrap();
    assert_epubcheck_clean(&epub, "kinds");
    let files = text_files(&epub);
    let epub_words = words(&body_text(&files["OEBPS/ch01.xhtml"]));
    assert!(!epub_words.iter().any(|w| w == "secret" || w == "hidden"));

    let pdf = d.join("out/book.pdf");
    let pages = qpdf_json(&pdf)["pages"].as_array().unwrap().len();
    // The chapter fits on its opening page, which has no running head.
    let pdf_words: Vec<String> = pdf_words(&pdf, pages, pages)
        .into_iter()
        // List numbers and bullets are drawn in print, CSS in the EPUB.
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let epub_words: Vec<String> = epub_words
        .into_iter()
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    assert_eq!(pdf_words, epub_words);
    for w in [
        "raw",
        "une",
        "phrase",
        "strength",
        "été",
        "definition",
        "summary",
    ] {
        assert!(pdf_words.iter().any(|p| p == w), "{w} missing");
    }
}

/// A table column of figures is right-aligned in both books without
/// `---:` (decided once, in the resolve pass); a column of words stays
/// left, and the author's `:---` wins over the figures.
#[test]
fn columns_of_figures_are_right_aligned_in_both_books() {
    let (dir, _) = build_single_file_book(
        "Figures",
        "# Figures\n\nA table.\n\n\
         | Item | Price | Count |\n|---|---|:---|\n\
         | Pens | $1.20 | 12 |\n| Ink | 105.75 | 7 |\n| Paper | −3% | 1,000 |\n",
    );
    let d = dir.path();
    let epub = fs::read(d.join("out/book.epub")).unwrap();
    let files = text_files(&epub);
    let ch = files
        .iter()
        .find(|(k, v)| k.ends_with(".xhtml") && v.contains("Pens"))
        .map(|(_, v)| v.as_str())
        .expect("the chapter");
    assert!(ch.contains("<td class=\"align-right\">$1.20</td>"), "{ch}");
    assert!(ch.contains("<td>Pens</td>"), "{ch}");
    assert!(ch.contains("<td class=\"align-left\">12</td>"), "{ch}");
    // In the PDF the prices end at one x, and the counts start at one.
    let pdf = d.join("out/book.pdf");
    let bbox = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let x_of = |word: &str, edge: &str| pdf_support::word_edge(&bbox, word, edge);
    let right: Vec<f32> = ["$1.20", "105.75", "−3%"]
        .iter()
        .map(|w| x_of(w, "xMax"))
        .collect();
    assert!(
        right.iter().all(|x| (x - right[0]).abs() < 0.5),
        "prices end together: {right:?}"
    );
    let lefts: Vec<f32> = ["$1.20", "105.75"]
        .iter()
        .map(|w| x_of(w, "xMin"))
        .collect();
    assert!(
        (lefts[0] - lefts[1]).abs() > 1.0,
        "not left-aligned: {lefts:?}"
    );
    let counts: Vec<f32> = ["12", "7", "1,000"]
        .iter()
        .map(|w| x_of(w, "xMin"))
        .collect();
    assert!(
        counts.iter().all(|x| (x - counts[0]).abs() < 0.5),
        "the author's left alignment kept: {counts:?}"
    );
}

/// A raw HTML `<table>` with a `<caption>` is the model's table with that
/// caption (it used to be refused and kept as a generic container): the
/// EPUB writes its `<caption>`, the PDF sets the caption's words and tags
/// them as a `Caption`, the table's cells as a `Table` with header cells.
#[test]
fn a_raw_table_with_a_caption_is_a_captioned_table() {
    let (dir, messages) = build_single_file_book(
        "Captions",
        "# Captions\n\nA table follows.\n\n\
         <table><caption>Stores of the <em>yard</em>, by quarter</caption>\
         <tr><th>Quarter</th><th>Tar</th></tr>\
         <tr><td>Lady Day</td><td>12</td></tr></table>\n",
    );
    let d = dir.path();
    let (book, _) = bindery::book::load(d).unwrap();
    let tables: Vec<&bindery::model::Table> = book.chapters[0]
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            bindery::model::BlockKind::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(tables.len(), 1, "the raw table is a table: {messages}");
    assert_eq!(
        bindery::model::inlines_plain_text(&tables[0].caption),
        "Stores of the yard, by quarter"
    );
    assert_eq!((tables[0].head.len(), tables[0].rows.len()), (2, 1));

    let epub = fs::read(d.join("out/book.epub")).unwrap();
    assert_epubcheck_clean(&epub, "captions");
    let files = text_files(&epub);
    let ch = &files["OEBPS/ch01.xhtml"];
    assert!(
        ch.contains("<caption>Stores of the <em>yard</em>, by quarter</caption>"),
        "{ch}"
    );

    let pdf = d.join("out/book.pdf");
    let text = words(&tool("pdftotext", &[pdf.to_str().unwrap(), "-"]));
    for w in ["stores", "yard", "quarter", "lady", "12"] {
        assert!(text.iter().any(|t| t == w), "{w} not in the PDF: {text:?}");
    }
    let json = qpdf_json(&pdf);
    let roles: Vec<String> = json["qpdf"][1]
        .as_object()
        .unwrap()
        .values()
        .filter_map(|o| o["value"]["/S"].as_str().map(str::to_string))
        .collect();
    for role in ["/Caption", "/Table", "/TH"] {
        assert!(roles.iter().any(|r| r == role), "no {role} in {roles:?}");
    }
}

/// The ids of a raw `<figure>`, of its `<img>` and `<figcaption>`, and of
/// a lone raw `<img>` (a figure too) are anchors in both books: Markdown
/// links to them lead to the figure (they were written as plain text, the
/// image's and the caption's ids lost in silence), the image's classes
/// join the figure's, the caption's attributes stay on its words; what a
/// figure cannot carry (a second id, a language that would be its
/// caption's) is a warning at the `<img>`.
#[test]
fn the_ids_of_a_raw_figure_its_image_and_caption_are_anchors() {
    let filler = "Words to fill a page between the figures. ".repeat(40);
    let text = format!(
        "# Figures\n\nSee [the figure](#fig), [its caption](#cap), [the image](#pic) \
         and [the lone one](#lone).\n\n{filler}\n\n\
         <figure id=\"fig\" class=\"wide\"><img class=\"framed\" src=\"chart.png\" alt=\"One\">\
         <figcaption id=\"cap\" lang=\"fr\">Le graphique</figcaption></figure>\n\n{filler}\n\n\
         <figure><img id=\"pic\" class=\"framed\" title=\"Second chart\" src=\"chart.png\" alt=\"Two\"></figure>\n\n\
         {filler}\n\n<img id=\"lone\" src=\"chart.png\" alt=\"Three\">\n\n\
         <figure id=\"own\"><img id=\"second\" lang=\"de\" src=\"chart.png\" alt=\"Vier\">\
         <figcaption>Four</figcaption></figure>\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        &[
            ("book.toml", &book_toml("Figures", "en")),
            ("book.md", &text),
        ],
    );
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/kitchen-sink/images/landscape-chart.png"),
        d.join("chart.png"),
    )
    .unwrap();
    let messages = build(d);
    assert!(!messages.contains("link target"), "{messages}");
    let line = text[..text.find("<figure id=\"own\">").unwrap()]
        .matches('\n')
        .count()
        + 1;
    for warning in [
        format!(
            "book.md:{line}:18: warning: `id=\"second\"` on the <img> of a figure: removed: \
             its <figure> has its own, id=\"own\""
        ),
        format!(
            "book.md:{line}:18: warning: `lang=\"de\"` on the <img> of a figure: removed \
             (on the figure it would be its caption's too)"
        ),
    ] {
        assert!(messages.contains(&warning), "{warning}\n{messages}");
    }

    let epub = fs::read(d.join("out/book.epub")).unwrap();
    assert_epubcheck_clean(&epub, "figures");
    let ch = &text_files(&epub)["OEBPS/ch01.xhtml"];
    for written in [
        "<figure class=\"wide framed\" id=\"fig\">",
        "<figcaption><span id=\"cap\" lang=\"fr\" xml:lang=\"fr\">Le graphique</span></figcaption>",
        "<figure class=\"framed\" id=\"pic\">",
        "<figcaption>Second chart</figcaption>",
        "<figure id=\"lone\">",
        "<figure id=\"own\">",
        "href=\"ch01.xhtml#fig\"",
        "href=\"ch01.xhtml#cap\"",
        "href=\"ch01.xhtml#pic\"",
        "href=\"ch01.xhtml#lone\"",
    ] {
        assert!(ch.contains(written), "{written} not in {ch}");
    }

    // In the PDF each link leads to the page its figure's image is drawn on.
    let pdf = d.join("out/book.pdf");
    let list = tool("pdfimages", &["-list", pdf.to_str().unwrap()]);
    let image_pages: Vec<usize> = list
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(image_pages.len(), 4, "{list}");
    assert!(
        image_pages.windows(2).take(2).all(|w| w[0] < w[1]),
        "{list}"
    );
    let json = qpdf_json(&pdf);
    let pages = json["pages"].as_array().unwrap().len();
    let text_page = (1..=pages)
        .find(|&p| pdf_words(&pdf, p, p).iter().any(|w| w == "lone"))
        .expect("the page of the links");
    let dests: Vec<Option<usize>> = link_annotations(&json)
        .into_iter()
        .filter(|l| l.uri.is_none() && l.page == text_page)
        .map(|l| l.dest_page)
        .collect();
    let want = [
        image_pages[0],
        image_pages[0],
        image_pages[1],
        image_pages[2],
    ];
    assert_eq!(dests, want.map(Some), "links from the text to the figures");
}
