//! pandoc Markdown inputs: a lone file with a `%` title block (title over
//! two lines, two authors, a date) and footnotes builds as it is — exit 0,
//! EPUBCheck clean, every word in both books in order, the block in the
//! metadata and not in the text — and a `.txt` file is read as Markdown.

mod book_support;
mod cli_support;
mod epub_support;
mod pdf_support;

use std::fs;

use book_support::{
    assert_epubcheck_clean, assert_in_order, copy_fixture, epub_text, markdown_words, pdf_text,
    words,
};
use cli_support::{bindery, stderr};

/// The EPUB's files whose names end with `suffix`, as one text.
fn epub_files(epub: &std::path::Path, suffix: &str) -> String {
    epub_support::unzip(&fs::read(epub).unwrap())
        .into_iter()
        .filter(|(n, _)| n.ends_with(suffix))
        .map(|(_, d)| String::from_utf8(d).unwrap())
        .collect()
}

#[test]
fn a_pandoc_file_with_a_title_block_and_notes_builds_as_it_is() {
    let dir = copy_fixture("pandoc");
    let out = bindery(&["build", "tide-tables.md"], dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("error"), "{err}");
    let epub = dir.path().join("out/tide-tables.epub");
    let pdf = dir.path().join("out/tide-tables.pdf");
    assert_epubcheck_clean(&epub);

    let source = fs::read_to_string(dir.path().join("tide-tables.md")).unwrap();
    let body_start = source.find("# High Water").unwrap();
    let (body, notes) = markdown_words(&source[body_start..]);
    let epub_raw = epub_text(&fs::read(&epub).unwrap());
    let pdf_raw = pdf_text(&pdf);
    for (name, text) in [("EPUB", &epub_raw), ("PDF", &pdf_raw)] {
        let got = words(text);
        assert_in_order(&body, &got, name);
        assert_in_order(&notes, &got, name);
        // The title block is metadata, never a paragraph of the text.
        assert!(!text.contains('%'), "{name} printed the title block");
    }

    let (book, _) = bindery::book::load(&dir.path().join("tide-tables.md")).unwrap();
    assert_eq!(
        book.meta.title,
        "Reading the Tide Tables: A Field Guide for the Harbour"
    );
    assert_eq!(book.meta.authors, ["Ines Carvalho", "Tomas Ruud"]);
    assert_eq!(book.meta.date.as_deref(), Some("2019-03-14"));
    assert_eq!(book.notes.len(), 3);
    // Positions count from the file's own first line, block included.
    assert_eq!(book.chapters[0].blocks[0].pos.line, 6);
    // The metadata reaches the EPUB's package document.
    let opf = epub_files(&epub, ".opf");
    assert!(
        opf.contains(">Tomas Ruud<") && opf.contains(">2019-03-14<"),
        "{opf}"
    );
}

#[test]
fn a_txt_file_is_read_as_markdown() {
    let dir = copy_fixture("pandoc");
    let out = bindery(&["build", "harbour-notes.txt"], dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    // "Spring 2019" is not a date Bindery can put in the metadata: said so.
    assert!(
        err.contains("harbour-notes.txt:3:1: warning: the title block's date `Spring 2019` is not YYYY, YYYY-MM or YYYY-MM-DD"),
        "{err}"
    );
    let epub = dir.path().join("out/harbour-notes.epub");
    assert_epubcheck_clean(&epub);
    let text = epub_text(&fs::read(&epub).unwrap());
    assert!(text.contains("pilot"), "{text}");
    let (book, _) = bindery::book::load(&dir.path().join("harbour-notes.txt")).unwrap();
    assert_eq!(book.meta.title, "Harbour Notes");
    // Emphasis was parsed: Markdown, not plain text.
    assert!(
        format!("{:?}", book.chapters[0].blocks).contains("Emphasis"),
        "{:?}",
        book.chapters[0].blocks
    );
}

/// The EPUB's first chapter, the EPUB checked clean by EPUBCheck and the
/// chapter holding every one of `wanted`.
fn checked_chapter(epub: &std::path::Path, wanted: &[&str]) -> String {
    assert_epubcheck_clean(epub);
    let chapter = epub_files(epub, "ch01.xhtml");
    for wanted in wanted {
        assert!(chapter.contains(wanted), "no {wanted} in {chapter}");
    }
    chapter
}

/// pandoc's inline notes `^[…]` become notes like `[^label]` ones, and
/// `~sub~` / `^super^` inside a word (H~2~O, 2^10^) become sub- and
/// superscripts; escaped delimiters, code spans and an unclosed `^[` stay
/// as written.
#[test]
fn inline_notes_and_in_word_scripts_read_as_pandoc_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let text = "---\ntitle: Scripts\nlang: en\n---\n# Water\n\n\
        Water is H~2~O and a kilobyte 2^10^ bytes.^[Or 10^3^, say *some*, [the SI](https://www.bipm.org) [brackets] and all.] \
        A second call[^n] and an inline one^[Short.] here.\n\n\
        Written as is: H\\~2~O, \\^[not a note], `^[code]`, ~~struck~~ and ^[unclosed.\n\n\
        [^n]: A labelled note.\n";
    fs::write(dir.path().join("water.md"), text).unwrap();
    let out = bindery(&["build", "water.md"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let (book, _) = bindery::book::load(&dir.path().join("water.md")).unwrap();
    let note_texts: Vec<String> = book
        .notes
        .iter()
        .map(|n| {
            n.blocks
                .iter()
                .map(|b| match &b.kind {
                    bindery::model::BlockKind::Paragraph(i) => {
                        bindery::model::inlines_plain_text(i)
                    }
                    _ => String::new(),
                })
                .collect()
        })
        .collect();
    assert_eq!(
        note_texts,
        [
            "Or 103, say some, the SI [brackets] and all.",
            "A labelled note.",
            "Short."
        ]
    );

    let epub = dir.path().join("out/water.epub");
    let chapter = checked_chapter(
        &epub,
        &[
            "H<sub>2</sub>O",
            "2<sup>10</sup>",
            "10<sup>3</sup>",
            "H~2~O",
            "^[not a note]",
            "<code>^[code]</code>",
            "<s>struck</s>",
            "^[unclosed.",
        ],
    );
    assert_eq!(chapter.matches("epub:type=\"noteref\"").count(), 3);

    let pdf = pdf_text(&dir.path().join("out/water.pdf"));
    for wanted in ["Short.", "labelled", "brackets", "not a note", "unclosed"] {
        assert!(pdf.contains(wanted), "no {wanted} in the PDF: {pdf}");
    }
}

/// Every table of the model, in order, with its cells as plain text.
fn tables(book: &bindery::model::Book) -> Vec<bindery::model::Table> {
    let mut out = Vec::new();
    for chapter in &book.chapters {
        bindery::model::visit::each_block(&chapter.blocks, &mut |b| {
            if let bindery::model::BlockKind::Table(t) = &b.kind {
                out.push(t.clone());
            }
        });
    }
    out
}

#[test]
fn pandoc_simple_multiline_and_grid_tables_are_tables_in_both_books() {
    use bindery::model::{Align, inlines_plain_text as plain};
    let dir = copy_fixture("pandoc");
    let out = bindery(&["build", "tables.md"], dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    // Positions inside a multiline cell are the file's own: `$m$` is on
    // line 25, column 57 — and the grid's list cell is said so.
    assert!(err.contains("tables.md:25:57: warning: math"), "{err}");
    assert!(
        err.contains("tables.md:33:1: warning: a cell of this grid table"),
        "{err}"
    );

    let (book, _) = bindery::book::load(&dir.path().join("tables.md")).unwrap();
    let tables = tables(&book);
    assert_eq!(tables.len(), 4, "{tables:#?}");
    let [simple, multi, grid, headless] = &tables[..] else {
        unreachable!()
    };
    // Alignment as pandoc reads it, from the header over its dashes.
    assert_eq!(
        simple.align,
        [Align::Right, Align::Left, Align::Center, Align::None]
    );
    assert_eq!(
        multi.align,
        [Align::Center, Align::None, Align::Right, Align::Left]
    );
    assert_eq!(grid.align, [Align::Left, Align::Right, Align::Center]);
    assert_eq!(plain(&simple.caption), "Berths of the eastern harbour.");
    assert_eq!(plain(&multi.caption), "A multiline table, captioned first.");
    assert_eq!(
        plain(&grid.caption),
        "Vessels that berth at the inner quay."
    );
    assert!(headless.caption.is_empty() && headless.head.is_empty());
    let cell = |t: &bindery::model::Table, r: usize, c: usize| plain(&t.rows[r][c]);
    assert_eq!(plain(&multi.head[0]), "Centered Header");
    assert_eq!(
        cell(multi, 0, 3),
        "Highest water comes two days after the full $m$oon."
    );
    assert_eq!(cell(simple, 1, 1), "mooring");
    assert_eq!(cell(grid, 1, 2), "lamp oil, pipes |");
    assert_eq!(cell(headless, 1, 1), "signals");
    assert_eq!(simple.rows.len(), 3);
    assert_eq!(grid.rows.len(), 2);
    assert_eq!(book.notes.len(), 1);

    let epub = dir.path().join("out/tables.epub");
    assert_epubcheck_clean(&epub);
    let xhtml = epub_files(&epub, ".xhtml");
    assert_eq!(xhtml.matches("<table").count(), 4);
    assert!(
        xhtml.contains("<caption>Berths of the <em>eastern</em> harbour.</caption>"),
        "{xhtml}"
    );
    assert!(!xhtml.contains("-----") && !xhtml.contains("+==="));

    // Every word of every cell and caption in the PDF's text.
    let source = fs::read_to_string(dir.path().join("tables.md")).unwrap();
    let body = source[source.find("# Tides").unwrap()..].replace("[^surge]", "");
    let pdf = words(&pdf_text(&dir.path().join("out/tables.pdf")));
    for word in words(&body) {
        // A word may carry its note's number (`surge1`).
        let found = pdf.iter().any(|w| {
            w.strip_prefix(word.as_str())
                .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit()))
        });
        assert!(found, "{word} is not in the PDF: {pdf:?}");
    }

    // A caption is centred over its table, not over the measure (the
    // first table is far narrower than the text block).
    let pdf = dir.path().join("out/tables.pdf");
    let bbox = pdf_support::tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let edge = |word: &str, edge: &str| pdf_support::word_edge(&bbox, word, edge);
    let left = edge("Port", "xMin").min(edge("123", "xMin"));
    let right = edge("Remarks", "xMax").max(edge("sheltered", "xMax"));
    let caption = (edge("Berths", "xMin") + edge("harbour.", "xMax")) / 2.0;
    assert!(
        (caption - (left + right) / 2.0).abs() < 2.0,
        "caption centred at {caption:.1} pt, its table spans {left:.1}-{right:.1} pt"
    );
}

/// pandoc's tables inside `>` block quotes — simple, grid (in a quote in
/// a quote), pipe with a caption, multiline — are tables inside their
/// quotes in both books, with their captions, every word kept and each
/// where it was written.
#[test]
fn pandoc_tables_in_block_quotes_are_tables_in_their_quotes() {
    use bindery::model::inlines_plain_text as plain;
    let dir = tempfile::tempdir().unwrap();
    let text = "---\ntitle: Quoted tables\nlang: en\n---\n# Harbour\n\n\
        > The harbour master's board:\n>\n\
        >   Berth   Vessel\n>   -----   ------\n>   North   *Ketch*\n>   South   Schooner $m$\n>\n\
        > Table: Berths in the quote.\n\n\
        > > +--------+---------+\n> > | Tide   | Height  |\n> > +========+=========+\n\
        > > | Spring | 5.2 m   |\n> > +--------+---------+\n> > : Nested grid caption.\n\
        > Lazy words after.\n\n\
        > | Pipe | Cell |\n> |:-----|-----:|\n> | left | right |\n>\n> : Pipe in a quote.\n\n\
        > -------------------------------------\n>   Multi       Text\n>   line\n\
        > ----------- -------------------------\n>   First       Runs over\n\
        >               two lines.\n>\n>   Second      One.\n\
        > -------------------------------------\n\nClosing words.\n";
    fs::write(dir.path().join("quoted.md"), text).unwrap();
    let out = bindery(&["build", "quoted.md"], dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    // A cell's word is where it was written, after the quote's `>`.
    assert!(err.contains("quoted.md:12:22: warning: math"), "{err}");

    let (book, _) = bindery::book::load(&dir.path().join("quoted.md")).unwrap();
    let tables = tables(&book);
    let captions: Vec<String> = tables.iter().map(|t| plain(&t.caption)).collect();
    assert_eq!(
        captions,
        [
            "Berths in the quote.",
            "Nested grid caption.",
            "Pipe in a quote.",
            ""
        ]
    );
    assert_eq!(plain(&tables[0].rows[1][1]), "Schooner $m$");
    assert_eq!(plain(&tables[1].rows[0][1]), "5.2 m");
    assert_eq!(plain(&tables[3].rows[0][1]), "Runs over two lines.");
    let quoted = book.chapters[0]
        .blocks
        .iter()
        .filter(|b| {
            let mut table = false;
            bindery::model::visit::each_block(std::slice::from_ref(*b), &mut |b| {
                table |= matches!(b.kind, bindery::model::BlockKind::Table(_));
            });
            table && matches!(b.kind, bindery::model::BlockKind::BlockQuote(_))
        })
        .count();
    assert_eq!(quoted, 4, "each table in its quote");

    let epub = dir.path().join("out/quoted.epub");
    let xhtml = checked_chapter(&epub, &["<caption>Pipe in a quote.</caption>"]);
    assert_eq!(xhtml.matches("<table").count(), 4);
    for (at, _) in xhtml.match_indices("<table") {
        let before = &xhtml[..at];
        let open = before.matches("<blockquote").count() - before.matches("</blockquote>").count();
        assert!(open > 0, "a table outside any quote: {xhtml}");
    }
    assert!(!xhtml.contains("-----") && !xhtml.contains("+===") && !xhtml.contains("|:--"));

    // Every word in the PDF's text; each table inside a BlockQuote of the
    // structure tree.
    let pdf = dir.path().join("out/quoted.pdf");
    let got = words(&pdf_text(&pdf));
    let body = text[text.find("# Harbour").unwrap()..].replace("Table:", "");
    for word in words(&body) {
        assert!(got.contains(&word), "{word} is not in the PDF: {got:?}");
    }
    let json = pdf_support::qpdf_json(&pdf);
    let objs = json["qpdf"][1].as_object().unwrap();
    let in_quote = objs
        .values()
        .filter(|o| o["value"]["/S"] == "/Table")
        .filter(|o| {
            let mut parent = &o["value"]["/P"];
            while let Some(r) = parent.as_str() {
                let p = &objs[&format!("obj:{r}")]["value"];
                if p["/S"] == "/BlockQuote" {
                    return true;
                }
                parent = &p["/P"];
            }
            false
        })
        .count();
    assert_eq!(in_quote, 4, "the PDF's Tables inside BlockQuotes");
}

#[test]
fn citations_and_raw_latex_are_printed_as_written_with_a_warning_each() {
    let dir = copy_fixture("pandoc");
    let out = bindery(&["build", "citations.md"], dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let no_bib = "is printed as written: Bindery has no bibliography support";
    for (at, what) in [
        ("8:5", "citation `@doe99`"),
        ("8:25", "citation `@smith04`"),
        ("8:60", "citation `@doe99`"),
        ("8:79", "citation `@roe`"),
    ] {
        assert!(
            err.contains(&format!("citations.md:{at}: warning: {what} {no_bib}")),
            "{at} {what}: {err}"
        );
    }
    for (at, what) in [
        ("11:1", "raw LaTeX `\\newpage` is not rendered"),
        ("13:5", "raw LaTeX `\\LaTeX{}` is not rendered"),
        ("15:1", "raw LaTeX `\\begin{center}` is not rendered"),
        ("19:1", "raw `latex` block (`\\clearpage`) is not rendered"),
        (
            "27:38",
            "raw `latex` span (`\\vspace{2em}`) is not rendered",
        ),
    ] {
        assert!(
            err.contains(&format!("citations.md:{at}: warning: {what}")),
            "{at} {what}: {err}"
        );
    }
    // An e-mail address, a link's text and `\end{…}` are no such thing.
    assert_eq!(err.matches(": warning: ").count(), 9, "{err}");

    let epub = dir.path().join("out/citations.epub");
    assert_epubcheck_clean(&epub);
    let xhtml = epub_files(&epub, "ch01.xhtml");
    // The HTML raw block and span are HTML; the rest is as written.
    assert!(
        xhtml.contains("<p class=\"raw\">Raw harbour paragraph.</p>"),
        "{xhtml}"
    );
    assert!(
        xhtml.contains("<b>bold</b>") && !xhtml.contains("{=html}"),
        "{xhtml}"
    );
    let pdf = pdf_text(&dir.path().join("out/citations.pdf"));
    for (name, text) in [("EPUB", epub_text(&fs::read(&epub).unwrap())), ("PDF", pdf)] {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for written in [
            "[@doe99]",
            "@smith04",
            "[see @doe99, p. 3; also @roe, chap. 1]",
            "\\newpage",
            "\\LaTeX{}",
            "\\begin{center}",
            "\\clearpage",
            "\\vspace{2em}",
            "Raw harbour paragraph.",
        ] {
            assert!(text.contains(written), "{name} lacks {written}: {text}");
        }
    }
}

/// pandoc's bracketed spans `[…]{…}` are the `<span>` they stand for: a
/// `lang` in both books (EPUB `lang` and `xml:lang`, a PDF `Span` with its
/// `Lang`), classes and an id kept in the EPUB; a link's `{…}` is the
/// link's (its class on the `<a>`); plain brackets, an escaped `\[` and
/// unclosed braces stay as written.
#[test]
fn bracketed_spans_are_spans_with_their_language_in_both_books() {
    let dir = tempfile::tempdir().unwrap();
    let text = "---\ntitle: Spans\nlang: en\n---\n# Spans\n\n\
        She said [un *beau* texte]{lang=fr} and [Small Caps]{.smallcaps}, \
        [anchored]{#here .wide}, [a link](https://example.com){.x}, \
        [plain brackets], \\[escaped]{lang=de} and [open]{lang=fr\n\n\
        Then [ein Wort]{lang=de}.\n";
    fs::write(dir.path().join("spans.md"), text).unwrap();
    let out = bindery(&["build", "spans.md"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    checked_chapter(
        &dir.path().join("out/spans.epub"),
        &[
            "<span lang=\"fr\" xml:lang=\"fr\">un <em>beau</em> texte</span>",
            "<span class=\"smallcaps\">Small Caps</span>",
            "<span class=\"wide\" id=\"here\">anchored</span>",
            "<a href=\"https://example.com\" class=\"x\">a link</a>,",
            "[plain brackets]",
            "[escaped]{lang=de}",
            "[open]{lang=fr",
            "<span lang=\"de\" xml:lang=\"de\">ein Wort</span>",
        ],
    );

    let pdf = dir.path().join("out/spans.pdf");
    let words = pdf_text(&pdf);
    for wanted in [
        "un beau texte",
        "Small Caps",
        "anchored",
        "[escaped]{lang=de}",
        "ein Wort",
    ] {
        assert!(words.contains(wanted), "no {wanted} in the PDF: {words}");
    }
    // The structure tree's Spans with a Lang: French and German.
    let langs = span_langs(&pdf_support::qpdf_json(&pdf));
    assert_eq!(langs, ["u:de", "u:fr"], "the spans' languages in the PDF");
}

/// The languages of the PDF structure tree's Spans, sorted.
fn span_langs(json: &serde_json::Value) -> Vec<String> {
    let mut langs: Vec<String> = json["qpdf"][1]
        .as_object()
        .unwrap()
        .values()
        .filter_map(|o| {
            let v = &o["value"];
            (v["/S"] == "/Span")
                .then(|| v["/Lang"].as_str().map(str::to_string))
                .flatten()
        })
        .collect();
    langs.sort();
    langs
}

/// pandoc's link and image attributes: the id, classes and language a
/// link or image is given reach the books (the language as a span in
/// both, the id as an anchor in both), an image's width its size (the
/// `img`'s CSS); what neither book renders — a width in em, a link's
/// target, a bad id or language — is warned about
/// at the `{` it is written at; no brace is printed.
#[test]
fn link_and_image_attributes_are_kept_or_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/adversarial/images/diagram.png"),
        dir.path().join("diagram.png"),
    )
    .unwrap();
    let text = "---\ntitle: Attributes\nlang: en\n---\n# Links\n\n\
        See [the harbour](https://example.com/harbour){#harbour-link .external lang=fr},\n\
        [a plain one](https://example.com){target=_blank}, [bad](https://example.com){#1x lang=xx-!!}\n\
        and [kept](https://example.com){.x}\"quoted\" after.\n\n\
        ![A diagram of the tides](diagram.png){#tides .wide width=50%}\n\n\
        Inline ![small](diagram.png){height=2em .icon} in text, [open](https://example.com){.x \
        and `{.code}` stay.\n\n\
        Back to [the harbour](#harbour-link) and [the figure](#tides).\n";
    fs::write(dir.path().join("attrs.md"), text).unwrap();
    let out = bindery(&["build", "attrs.md"], dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    // Each warning at the `{` it is about, as `line:col`.
    let at = |written: &str| {
        let offset = text.find(written).unwrap();
        let line = text[..offset].matches('\n').count() + 1;
        let col = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1) + 1;
        format!("attrs.md:{line}:{col}: warning: ")
    };
    for (written, message) in [
        (
            "{target=_blank}",
            "`target=_blank` on this link is not rendered in either book: left out",
        ),
        ("{#1x", "`#1x` on this link is not a valid XML id"),
        (
            "{#1x",
            "`lang=xx-!!` on this link is not a language tag (BCP 47): left out",
        ),
        (
            "{height=2em",
            "`height=2em` on this image: `2em` is not a number followed by %, cm, mm, in, pt or px: left out",
        ),
    ] {
        let wanted = format!("{}{message}", at(written));
        assert!(err.contains(&wanted), "no {wanted} in {err}");
    }
    assert_eq!(err.matches(": warning: ").count(), 4, "{err}");

    let epub = dir.path().join("out/attrs.epub");
    let chapter = checked_chapter(
        &epub,
        &[
            "<a href=\"https://example.com/harbour\" id=\"harbour-link\" class=\"external\">\
             <span lang=\"fr\" xml:lang=\"fr\">the harbour</span></a>",
            "<a href=\"https://example.com\">a plain one</a>,",
            "<a href=\"https://example.com\">bad</a>",
            "<a href=\"https://example.com\" class=\"x\">kept</a>\u{201C}quoted\u{201D} after.",
            "<figure id=\"tides\" class=\"wide\">",
            "alt=\"A diagram of the tides\" style=\"width: 50%\"/>",
            "class=\"icon\"/> in text,",
            "<a href=\"https://example.com\">open</a>{.x and <code>{.code}</code>",
            "#harbour-link\">the harbour</a>",
            "#tides\">the figure</a>",
        ],
    );
    let body = &chapter[chapter.find("<body").unwrap()..];
    assert_eq!(body.matches('{').count(), 2, "{body}");

    let pdf = dir.path().join("out/attrs.pdf");
    let words = pdf_text(&pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for wanted in [
        "See the harbour,",
        "a plain one, bad",
        "kept\u{201C}quoted\u{201D} after.",
        "in text, open{.x and {.code} stay.",
    ] {
        assert!(words.contains(wanted), "no {wanted} in the PDF: {words}");
    }
    assert_eq!(words.matches('{').count(), 2, "{words}");
    let json = pdf_support::qpdf_json(&pdf);
    assert_eq!(
        span_langs(&json),
        ["u:fr"],
        "the link's language in the PDF"
    );
    // The ids are anchors: the book's last two links lead to them, the
    // first to the line of the harbour's link.
    let annots = pdf_support::link_annotations(&json);
    let harbour = annots
        .iter()
        .find(|a| a.uri.as_deref() == Some("https://example.com/harbour"))
        .unwrap();
    let [.., to_link, to_figure] = &annots[..] else {
        panic!("{annots:?}")
    };
    assert!(to_figure.dest_page.is_some(), "{annots:?}");
    assert_eq!(to_link.dest_page, Some(harbour.page), "{annots:?}");
    let y = to_link.dest_y.unwrap();
    assert!(
        (y - harbour.rect[3]).abs() < 20.0,
        "the id's destination at y {y}, its link's line at {:?}",
        harbour.rect
    );
}
