//! mdBook books as they come: `tests/fixtures/mdbook-guide` (a `src/`
//! folder, parts, nesting, a draft, prefix and suffix chapters, includes
//! with ranges and anchors, `rustdoc_include`, hidden lines, `.html`
//! links, mdBook's and other renderers' tables) built by `bindery build`
//! and by mdBook itself (`mdbook-driver`, mdBook's own library, running
//! `mdbook-bindery` as its renderer); EPUBCheck clean, every word of the
//! sources after mdBook's own expansion of the includes in both books, in
//! order. Then the loader's mdBook rules one by one, each at its line.

mod book_support;
mod cli_support;
mod epub_support;
mod pdf_support;

use std::fs;
use std::path::{Path, PathBuf};

use bindery::Diagnostic;
use bindery::model::{BlockKind, ChapterKind, inlines_plain_text};
use book_support::{
    assert_epubcheck_clean, assert_in_order, copy_fixture, epub_text, markdown_words, pdf_text,
    words,
};
use cli_support::{bindery, stderr};
use mdbook_driver::MDBook;
use mdbook_driver::book::BookItem;

const FIXTURE: &str = "mdbook-guide";

/// A renderer that renders nothing, to ask mdBook for the chapters as its
/// preprocessors leave them for a renderer named `bindery`.
struct Probe;

impl mdbook_renderer::Renderer for Probe {
    fn name(&self) -> &str {
        "bindery"
    }
    fn render(&self, _: &mdbook_renderer::RenderContext) -> mdbook_renderer::errors::Result<()> {
        Ok(())
    }
}

/// What the chapters say after mdBook's own `links` preprocessor, in
/// reading order: the oracle for both books. Lines mdBook hides in Rust
/// blocks (`# …`) are dropped, as mdBook's HTML hides them.
fn expected_words(root: &Path) -> (Vec<String>, Vec<String>) {
    let md = MDBook::load(root).expect("mdBook loads the fixture");
    let (book, _) = md.preprocess_book(&Probe).expect("mdBook preprocesses it");
    let mut body = Vec::new();
    let mut notes = Vec::new();
    for item in book.iter() {
        if let BookItem::Chapter(ch) = item
            && ch.path.is_some()
        {
            assert!(!ch.content.contains("{{#"), "mdBook left a directive");
            let (b, n) = markdown_words(&without_hidden_lines(&ch.content));
            body.extend(b);
            notes.extend(n);
        }
    }
    (body, notes)
}

/// mdBook's rule (`^(\s*)#(.?)(.*)$` in ```rust blocks: hidden when the
/// next character is a space or nothing; `##` shows one `#`).
fn without_hidden_lines(text: &str) -> String {
    let mut out = String::new();
    let mut in_rust = false;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("```") {
            in_rust = !in_rust && t.trim_start_matches('`').starts_with("rust");
        } else if in_rust && let Some(rest) = t.strip_prefix('#') {
            if rest.is_empty() || rest.starts_with(' ') {
                continue;
            }
            if let Some(kept) = rest.strip_prefix('#') {
                out.push_str(&format!("#{kept}\n"));
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Both books hold every word, in order; no directive is left; hidden
/// lines are gone.
fn assert_books_hold_the_sources(epub: &Path, pdf: &Path, root: &Path) {
    assert_epubcheck_clean(epub);
    let (body, notes) = expected_words(root);
    assert!(body.len() > 250, "the oracle found {} words", body.len());
    let epub_words = words(&epub_text(&fs::read(epub).unwrap()));
    let pdf_raw = pdf_text(pdf);
    let pdf_words = words(&pdf_raw);
    assert_in_order(&body, &epub_words, "EPUB body");
    assert_in_order(&notes, &epub_words, "EPUB notes");
    assert_in_order(&body, &pdf_words, "PDF body");
    assert_in_order(&notes, &pdf_words, "PDF notes");
    let epub_raw = epub_text(&fs::read(epub).unwrap());
    for (name, text) in [("EPUB", &epub_raw), ("PDF", &pdf_raw)] {
        assert!(!text.contains("{{#"), "{name} holds a directive");
        assert!(!text.contains("ANCHOR"), "{name} holds an anchor comment");
        // Hidden lines: the `use` lines, the hidden field, the listing's
        // main function around the included greeting.
        for hidden in ["Duration", "fuel", "Hallstatt", "fmt::Write"] {
            assert!(!text.contains(hidden), "{name} shows the hidden `{hidden}`");
        }
        assert!(text.contains("# not hidden"), "{name} lost the `##` line");
        assert!(text.contains("#[derive(Debug)]"), "{name} hid an attribute");
    }
}

#[test]
fn an_mdbook_book_builds_as_it_comes() {
    let dir = copy_fixture(FIXTURE);
    let out = bindery(&["build", "."], dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("error:"), "{err}");
    // One note for each table that is not Bindery's, a warning for the draft.
    for note in [
        "book.toml:10:2: note: [build] is mdBook's, not Bindery's: left alone",
        "book.toml:14:2: note: [rust] is mdBook's, not Bindery's: left alone",
        "book.toml:17:9: note: [output.html] is for mdBook's `html` renderer, not Bindery: left alone",
        "book.toml:28:15: note: [preprocessor.links] is mdBook's built-in",
        "src/SUMMARY.md:9:7: warning: draft chapter `Polishing the Lens` has no file: left out of the book",
    ] {
        assert!(err.contains(note), "expected {note:?} in:\n{err}");
    }
    assert_eq!(
        err.matches("[output.html").count(),
        1,
        "one line for [output.html.*]: {err}"
    );
    // Notes only say what Bindery did: the summary counts the draft alone.
    assert!(err.contains("; 1 warning;"), "{err}");
    // `.html` links, as mdBook authors write them, reach their chapters.
    let files =
        epub_support::text_files(&fs::read(dir.path().join("out/lighthouse.epub")).unwrap());
    for (text, target) in [
        ("trimming the wick", ".xhtml"),
        ("the log", ".xhtml#entries"),
    ] {
        let href = files.values().find_map(|x| {
            let end = x.find(&format!("\">{text}</a>"))?;
            let start = x[..end].rfind("href=\"")? + "href=\"".len();
            Some(x[start..end].to_string())
        });
        assert!(
            href.as_deref()
                .is_some_and(|h| h.ends_with(target) && !h.contains(".html")),
            "`{text}` links {href:?}, not a chapter of the EPUB"
        );
    }
    let epub = dir.path().join("out/lighthouse.epub");
    let pdf = dir.path().join("out/lighthouse.pdf");
    assert_books_hold_the_sources(&epub, &pdf, dir.path());
}

#[test]
fn chapters_carry_mdbook_numbers_parts_and_nesting() {
    let dir = copy_fixture(FIXTURE);
    let (book, _) = bindery::book::load(dir.path()).expect("loads");
    let got: Vec<_> = book
        .chapters
        .iter()
        .map(|c| {
            (
                inlines_plain_text(&c.title),
                c.kind,
                c.number.clone(),
                c.depth,
                c.part.clone(),
            )
        })
        .collect();
    let s = |t: &str| t.to_string();
    assert_eq!(
        got,
        vec![
            (s("Introduction"), ChapterKind::Front, None, 0, None),
            (
                s("Lighting the Lamp"),
                ChapterKind::Body,
                Some(s("1.")),
                0,
                Some(s("Part One: The Lamp"))
            ),
            (
                s("Trimming the Wick"),
                ChapterKind::Body,
                Some(s("1.1.")),
                1,
                None
            ),
            (
                s("Keeping the Log"),
                ChapterKind::Body,
                Some(s("2.")),
                0,
                None
            ),
            (
                s("Reading the Sky"),
                ChapterKind::Body,
                Some(s("3.")),
                0,
                Some(s("Part Two: The Weather"))
            ),
            (s("Afterword"), ChapterKind::Back, None, 0, None),
        ]
    );
    // Included text keeps the positions of its own file: the list comes
    // from lines 3–5 of listings/rules.md.
    let wick = &book.chapters[2];
    let list = wick
        .blocks
        .iter()
        .find(|b| matches!(b.kind, BlockKind::List { .. }))
        .expect("the included list");
    let file = &book.sources[list.pos.source.0].path;
    assert!(file.ends_with("listings/rules.md"), "{file}");
    assert_eq!((list.pos.line, list.pos.col), (3, 1));
    // Metadata from [book] and [output.bindery.book], name from
    // [output.bindery].
    assert_eq!(
        book.meta.subtitle.as_deref(),
        Some("Lamps, Logs and Lenses")
    );
    assert_eq!(book.meta.date.as_deref(), Some("2024-05"));
    assert_eq!(book.settings.output_name, "lighthouse");
}

#[test]
fn mdbook_builds_both_books_with_bindery_as_its_renderer() {
    // mdBook's own library (what `mdbook build` runs): it loads the book,
    // runs its preprocessors, writes the HTML, and runs mdbook-bindery with
    // the render context on stdin.
    let dir = copy_fixture(FIXTURE);
    let mut config = mdbook_driver::config::Config::from_disk(dir.path().join("book.toml"))
        .expect("mdBook reads the fixture's book.toml");
    config
        .set(
            "output.bindery.command",
            env!("CARGO_BIN_EXE_mdbook-bindery"),
        )
        .unwrap();
    let md = MDBook::load_with_config(dir.path(), config).expect("mdBook loads the book");
    md.build().expect("mdbook build succeeds");
    let out = dir.path().join("book/bindery");
    assert!(
        dir.path().join("book/html/index.html").is_file(),
        "mdBook wrote its HTML"
    );
    let epub = out.join("lighthouse.epub");
    let pdf = out.join("lighthouse.pdf");
    assert!(
        epub.is_file() && pdf.is_file(),
        "both books in {}",
        out.display()
    );
    assert_books_hold_the_sources(&epub, &pdf, dir.path());
}

#[test]
fn mdbook_reports_the_renderers_errors() {
    // A chapter with a note reference and no note: mdbook-bindery prints
    // the error at its line and exits 1, so `mdbook build` fails.
    let dir = copy_fixture(FIXTURE);
    fs::write(
        dir.path().join("src/afterword.md"),
        "# Afterword\n\nDangling[^x].\n",
    )
    .unwrap();
    let mut config =
        mdbook_driver::config::Config::from_disk(dir.path().join("book.toml")).unwrap();
    config
        .set(
            "output.bindery.command",
            env!("CARGO_BIN_EXE_mdbook-bindery"),
        )
        .unwrap();
    let md = MDBook::load_with_config(dir.path(), config).unwrap();
    assert!(md.build().is_err(), "the build fails");
    assert!(!dir.path().join("book/bindery/lighthouse.epub").exists());
    // Run by hand on mdBook's render context, it says why.
    let (book, _) = md.preprocess_book(&Probe).unwrap();
    let ctx = mdbook_renderer::RenderContext::new(
        dir.path(),
        book,
        md.config.clone(),
        dir.path().join("book/bindery"),
    );
    let out = run_renderer(&serde_json::to_vec(&ctx).unwrap(), dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("src/afterword.md:3:9: error: note reference [^x] has no definition"),
        "{}",
        stderr(&out)
    );
    // mdBook keeps no positions; the draft is still found at its line.
    assert!(
        stderr(&out).contains("src/SUMMARY.md:9:7: warning: draft chapter `Polishing the Lens`"),
        "{}",
        stderr(&out)
    );
    // Anything but a render context is refused with a word of explanation.
    let out = run_renderer(b"{\"not\": \"a context\"}", dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("not mdBook's render context"),
        "{}",
        stderr(&out)
    );
}

fn run_renderer(stdin: &[u8], cwd: &Path) -> std::process::Output {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mdbook-bindery"))
        .current_dir(cwd)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("mdbook-bindery runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

// ---- the loader's mdBook rules -------------------------------------------

const TOML: &str = "[book]\ntitle = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nidentifier = \"urn:uuid:00000000-0000-5000-8000-000000000000\"\n";

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

/// A book with `src/SUMMARY.md` listing `chapter.md` (holding `chapter`)
/// and `files`.
fn src_book(chapter: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            ("book.toml", &format!("{TOML}src = \"src\"\n")),
            ("src/SUMMARY.md", "- [Chapter](chapter.md)\n"),
            ("src/chapter.md", chapter),
        ],
    );
    write(dir.path(), files);
    dir
}

fn diags_of(dir: &Path) -> Vec<Diagnostic> {
    match bindery::book::load(dir) {
        Ok((_, diags)) => diags,
        Err(bindery::Error::Book(diags)) => diags,
        Err(e) => panic!("{e}"),
    }
}

/// Every diagnostic as printed, with the temporary folder cut off.
fn printed(dir: &Path) -> String {
    let prefix = format!("{}/", dir.display());
    diags_of(dir)
        .iter()
        .map(|d| d.to_string().replace(&prefix, ""))
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_has(all: &str, line: &str) {
    assert!(all.contains(line), "expected {line:?} in:\n{all}");
}

#[test]
fn every_book_toml_error_in_one_run_in_file_order() {
    // Unknown keys were reported one per run, in alphabetical order
    // (line 40 before line 10), with no hint.
    let dir = tempfile::tempdir().unwrap();
    let toml = "[book]\ntitle = \"T\"\nauthor = [\"A\"]\nlanguage = \"en\"\nmultilingual = false\nidentifier = \"x\"\n\n[pdf]\nfontsize = 11\ntrim = 3\n\n[colours]\nink = \"red\"\n\n[output.bindery.pdf]\nleading = 14\n\n[output.bindery.book]\ntitel = \"y\"\n";
    write(dir.path(), &[("book.toml", toml), ("one.md", "# One\n")]);
    let all = printed(dir.path());
    let lines: Vec<&str> = all.lines().collect();
    let expected = [
        "book.toml:3:1: error: unknown key `author` in [book]: did you mean `authors`?",
        "book.toml:5:1: note: [book] multilingual is mdBook's, not Bindery's: left alone",
        "book.toml:9:1: error: unknown key `fontsize` in [pdf]: did you mean `font-size`?",
        "book.toml:10:8: error: [pdf] trim must be a name",
        "book.toml:12:2: error: unknown table `colours` in book.toml",
        "book.toml:19:1: error: unknown key `titel` in [output.bindery.book]: did you mean `title`?",
    ];
    assert_eq!(lines.len(), expected.len(), "{all}");
    for (line, want) in lines.iter().zip(expected) {
        assert!(
            line.starts_with(want),
            "expected {want:?}, got {line:?}\n{all}"
        );
    }
}

#[test]
fn bindery_settings_may_live_under_output_bindery() {
    let dir = tempfile::tempdir().unwrap();
    let toml = "[book]\ntitle = \"T\"\nlanguage = \"fr\"\n\n[output.html]\n\n[output.bindery]\ncommand = \"mdbook-bindery\"\noptional = true\nname = \"livre\"\nformats = [\"epub\"]\n\n[output.bindery.book]\nidentifier = \"urn:isbn:9780000000002\"\nauthors = [\"Anne\"]\n\n[output.bindery.notes]\nnumbering = \"book\"\n\n[output.bindery.pdf]\nfont-size = 11\n\n[pdf]\nfont-size = 12\n";
    write(
        dir.path(),
        &[("book.toml", toml), ("one.md", "# Un\n\nTexte.\n")],
    );
    let all = printed(dir.path());
    assert_has(
        &all,
        "book.toml:24:1: error: [pdf] font-size is set twice, here and on line 21",
    );
    let fixed = toml.replace("\n[pdf]\nfont-size = 12\n", "");
    fs::write(dir.path().join("book.toml"), fixed).unwrap();
    let (book, diags) = bindery::book::load(dir.path()).expect("loads");
    assert_eq!(book.settings.output_name, "livre");
    assert_eq!(book.meta.authors, ["Anne"]);
    assert_eq!(book.meta.identifier, "urn:isbn:9780000000002");
    assert_eq!(book.settings.pdf.font_size, 11.0);
    assert_eq!(book.settings.formats, [bindery::model::OutputFormat::Epub]);
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
}

#[test]
fn a_summary_under_src_never_builds_the_readme_instead() {
    // With `src` not written, mdBook looks in src/: a README beside
    // book.toml used to be built alone, as a 6-page book, exit 0.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &[
            ("book.toml", TOML),
            ("README.md", "# The Repository\n\nHow to build this book.\n"),
            ("src/SUMMARY.md", "- [Real](real.md)\n"),
            ("src/real.md", "# The Real Chapter\n\nText.\n"),
        ],
    );
    let (book, _) = bindery::book::load(dir.path()).expect("loads");
    assert_eq!(book.chapters.len(), 1);
    let file = &book.sources[book.chapters[0].source.0].path;
    assert!(file.ends_with("src/real.md"), "{file}");
    // `src` naming a folder without SUMMARY.md is an error at the key, not
    // a fallback to the README.
    write(
        dir.path(),
        &[("book.toml", &format!("{TOML}src = \"docs\"\n"))],
    );
    fs::create_dir(dir.path().join("docs")).unwrap();
    assert_has(
        &printed(dir.path()),
        "book.toml:6:7: error: [book] src `docs` has no SUMMARY.md",
    );
    write(
        dir.path(),
        &[("book.toml", &format!("{TOML}src = \"../elsewhere\"\n"))],
    );
    assert_has(
        &printed(dir.path()),
        "book.toml:6:7: error: [book] src `../elsewhere` leaves the book folder",
    );
}

#[test]
fn summary_mistakes_are_mdbooks_refusals_at_their_line() {
    let dir = src_book("# C\n\nText.\n", &[]);
    let summary = |text: &str| {
        fs::write(dir.path().join("src/SUMMARY.md"), text).unwrap();
        printed(dir.path())
    };
    assert_has(
        &summary("# Summary\n\n- [Chapter](chapter.md)\n- To do, later\n"),
        "src/SUMMARY.md:4:3: error: this list item is not a chapter link",
    );
    assert_has(
        &summary("- [Chapter](chapter.md)\n- [Again](chapter.md)\n"),
        "src/SUMMARY.md:2:3: error: `chapter.md` is already listed on line 1",
    );
    assert_has(
        &summary("- [Chapter](chapter.md)\n\n[Back](chapter2.md)\n\n- [Late](late.md)\n"),
        "src/SUMMARY.md:5:1: error: a list after the suffix chapters",
    );
    assert_has(
        &summary("- [Chapter](chapter.md)\n- [Gone](gone.md)\n"),
        "src/SUMMARY.md:2:3: error: chapter file `gone.md` not found",
    );
    let all = summary("# Summary\n\n# Empty Part\n\n# Full Part\n\n- [Chapter](chapter.md)\n");
    assert_has(
        &all,
        "src/SUMMARY.md:3: warning: part `Empty Part` has no chapters",
    );
}

#[test]
fn includes_take_mdbooks_ranges_and_anchors() {
    let listing = "// ANCHOR: all\nfn one() {}\n// ANCHOR: two\nfn two() {}\n// ANCHOR_END: two\nfn three() {}\n// ANCHOR_END: all\n";
    let chapter = "# C\n\n```rust\n{{#include code.rs:2:2}}\n```\n\n```rust\n{{#include code.rs:two}}\n```\n\n```rust\n{{#include code.rs:all}}\n```\n\n```rust\n{{#include code.rs::2}}\n```\n\n```rust\n{{#include code.rs:6:}}\n```\n\n```rust\n{{#rustdoc_include code.rs:4}}\n```\n\nEscaped: \\{{#include code.rs}}\n";
    let dir = src_book(chapter, &[("src/code.rs", listing)]);
    let (book, diags) = bindery::book::load(dir.path()).expect("loads");
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    let code: Vec<String> = book.chapters[0]
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::CodeBlock { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        code,
        [
            "fn one() {}\n",
            "fn two() {}\n",
            "fn one() {}\nfn two() {}\nfn three() {}\n",
            "// ANCHOR: all\nfn one() {}\n",
            "fn three() {}\n// ANCHOR_END: all\n",
            // rustdoc_include: the rest of the file is hidden, as in mdBook.
            "fn two() {}\n",
        ]
    );
    let last = book.chapters[0].blocks.last().unwrap();
    match &last.kind {
        BlockKind::Paragraph(inlines) => {
            assert_eq!(inlines_plain_text(inlines), "Escaped: {{#include code.rs}}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn include_mistakes_are_reported_at_the_directive() {
    let dir = src_book(
        "# C\n\nA {{#include missing.md}} here.\n\n{{#include ../../outside.md}}\n\n{{#include part.md}}\n\n{{#include code.rs:nowhere}}\n\n{{#youtube abc123}} and {{#include}}\n",
        &[
            ("src/part.md", "Included text.\n\n{{#include part.md}}\n"),
            ("src/code.rs", "fn main() {}\n"),
        ],
    );
    let all = printed(dir.path());
    assert_has(
        &all,
        "src/chapter.md:3:3: error: included file `missing.md` not found",
    );
    assert_has(
        &all,
        "src/chapter.md:5:1: error: included file `../../outside.md` leaves the book folder",
    );
    // A file that includes itself: the error is in the file, at its line.
    assert_has(
        &all,
        "src/part.md:3:1: error: includes nest more than 10 deep: does `part.md` include itself?",
    );
    assert_has(
        &all,
        "src/chapter.md:9:1: warning: `{{#include code.rs:nowhere}}`: `code.rs` has no `ANCHOR: nowhere`",
    );
    assert_has(
        &all,
        "src/chapter.md:11:1: warning: `{{#youtube abc123}}`: Bindery knows no `{{#youtube}}` directive",
    );
    assert_has(
        &all,
        "src/chapter.md:11:25: warning: `{{#include}}` names no file",
    );
}

#[test]
fn positions_in_included_files_are_their_own() {
    // A mistake in an included file is reported at its own line.
    let dir = src_book(
        "# C\n\nFirst.\n\n{{#include part.md}}\n\nLast[^gone].\n",
        &[("src/part.md", "Line one.\n\nLine three[^nope].\n")],
    );
    let all = printed(dir.path());
    assert_has(
        &all,
        "src/part.md:3:11: error: note reference [^nope] has no definition",
    );
    assert_has(
        &all,
        "src/chapter.md:7:5: error: note reference [^gone] has no definition",
    );
}

#[test]
fn hidden_rust_lines_are_left_out_only_in_rust_blocks() {
    let dir = src_book(
        "# C\n\n```rust,editable\n# use std::io;\n#\nfn main() {\n    # let hidden = 1;\n    ## shown\n    #[allow(unused)]\n    let x = 1;\n}\n```\n\n```python\n# a Python comment\n```\n",
        &[],
    );
    let (book, _) = bindery::book::load(dir.path()).expect("loads");
    let code: Vec<(Option<String>, String)> = book.chapters[0]
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::CodeBlock { lang, text, .. } => Some((lang.clone(), text.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        code,
        [
            (
                Some("rust".into()),
                "fn main() {\n    # shown\n    #[allow(unused)]\n    let x = 1;\n}\n".into()
            ),
            (Some("python".into()), "# a Python comment\n".into()),
        ]
    );
}

#[test]
fn the_rendered_path_and_the_direct_path_agree() {
    // The same fixture through mdBook's render context and straight from
    // disk gives the same chapters, numbers and text.
    let dir = copy_fixture(FIXTURE);
    let (direct, _) = bindery::book::load(dir.path()).expect("loads");
    let md = MDBook::load(dir.path()).unwrap();
    let (book, _) = md.preprocess_book(&Probe).unwrap();
    let ctx = mdbook_renderer::RenderContext::new(
        dir.path(),
        book,
        md.config.clone(),
        PathBuf::from("unused"),
    );
    let (rendered, _) = bindery::book::load_rendered(&ctx).expect("loads from the context");
    let shape = |b: &bindery::model::Book| {
        b.chapters
            .iter()
            .map(|c| {
                (
                    c.kind,
                    c.number.clone(),
                    c.depth,
                    c.part.clone(),
                    c.blocks.len(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(shape(&direct), shape(&rendered));
    let undated = |b: &bindery::model::Book| bindery::model::Metadata {
        modified: 0,
        ..b.meta.clone()
    };
    assert_eq!(undated(&direct), undated(&rendered));
}
