//! Hostile and odd input through the `bindery` binary: each case must end in
//! a clear `file:line:col` error (exit 1) or a good build, never a panic, a
//! crash, a hang or a half-written output.

mod cli_support;
mod epub_support;

use std::fs;
use std::path::Path;
use std::process::Command;

use cli_support::{bindery, bindery_env, stderr};

const TOML: &str = "[book]\ntitle = \"Odd\"\nauthors = [\"A. Writer\"]\nlanguage = \"en\"\nidentifier = \"urn:uuid:00000000-0000-5000-8000-000000000000\"\n";

/// A book folder with book.toml (plus `toml_extra`), a SUMMARY.md listing
/// chapter.md, and chapter.md holding `chapter`.
fn book(toml_extra: &str, chapter: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("book.toml"), format!("{TOML}{toml_extra}")).unwrap();
    fs::write(
        dir.path().join("SUMMARY.md"),
        "# Summary\n\n- [Chapter](chapter.md)\n",
    )
    .unwrap();
    fs::write(dir.path().join("chapter.md"), chapter).unwrap();
    dir
}

/// Runs `bindery CMD .` in `dir` and asserts a clean failure: exit 1, no
/// panic, and `expected` (a `file:line:col: error: …` prefix) in stderr.
fn fails_with(dir: &Path, cmd: &str, expected: &str) -> String {
    let out = bindery(&[cmd, "."], dir);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{cmd}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains(expected),
        "{cmd}: expected `{expected}` in:\n{err}"
    );
    err
}

#[test]
fn nesting_thousands_deep_is_an_error_not_a_stack_overflow() {
    // 10,000 block quotes: the recursive stages would overflow the stack.
    let mut text = b"# Deep\n\n".to_vec();
    text.extend(std::iter::repeat_n(b'>', 10_000));
    text.extend(b" deep\n");
    let dir = book("", &text);
    for cmd in ["check", "build"] {
        let err = fails_with(
            dir.path(),
            cmd,
            "chapter.md:3:101: error: nested more than 100 levels deep",
        );
        assert!(!err.contains("the book is empty"), "{err}");
    }
    assert!(!dir.path().join("out").exists(), "nothing written");

    // Emphasis nested 50,000 deep, inside a paragraph.
    let deep = format!("# Deep\n\n{}x{}\n", "*".repeat(50_000), "*".repeat(50_000));
    let dir = book("", deep.as_bytes());
    fails_with(dir.path(), "check", "chapter.md:3:");
}

#[test]
fn nesting_under_the_limit_builds() {
    let text = format!("# Deep\n\n{} deep quote\n", ">".repeat(99));
    let dir = book("", text.as_bytes());
    let out = bindery(&["build", ".", "--format", "epub"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// The text `pdftotext` reads from a PDF.
fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn deep_quotes_and_lists_keep_their_text_in_the_pdf() {
    // Each level used to take its indent from the measure until nothing
    // was left: words were set a letter a line, then dropped off the page.
    let mut text = format!("# Deep\n\n{} deep quote here\n\n", ">".repeat(60));
    for i in 0..48 {
        text.push_str(&format!("{}- item{i} words\n", "  ".repeat(i)));
    }
    let dir = book("", text.as_bytes());
    let out = bindery(&["build", ".", "--format", "pdf"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = pdf_text(&dir.path().join("out/odd.pdf"));
    assert!(text.contains("deep quote here"), "{text}");
    for i in 0..48 {
        assert!(text.contains(&format!("item{i} words")), "item{i}: {text}");
    }
}

#[test]
fn thematic_breaks_around_a_quote_keep_the_quote() {
    // pulldown-cmark's metadata blocks were enabled for the front matter;
    // it also took `> ---` … `---` for one, and the quote between vanished
    // from both books without a word.
    let text = "# Rules\n\n> ---\n>\n> quoted words stay\n\n---\n\nafter the rule\n";
    let dir = book("", text.as_bytes());
    let out = bindery(&["build", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdf = pdf_text(&dir.path().join("out/odd.pdf"));
    let epub = fs::read(dir.path().join("out/odd.epub")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    let mut chapter = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("OEBPS/ch01.xhtml").unwrap(),
        &mut chapter,
    )
    .unwrap();
    for words in ["quoted words stay", "after the rule"] {
        assert!(pdf.contains(words), "PDF lacks {words:?}: {pdf}");
        assert!(chapter.contains(words), "EPUB lacks {words:?}: {chapter}");
    }
}

#[test]
fn images_differing_in_case_and_links_to_images_give_a_valid_epub() {
    // `Pic.png` and `pic.png` were packaged under those names (EPUBCheck
    // OPF-060: names must differ after case folding), and a link to an
    // image file became `<a href="images/…">` (RSC-010).
    let text =
        "# Pictures\n\nSee [the picture](Pic.png).\n\n![Upper](Pic.png)\n\n![Lower](pic.png)\n";
    let dir = book("", text.as_bytes());
    fs::write(dir.path().join("Pic.png"), png()).unwrap();
    fs::write(dir.path().join("pic.png"), solid_png(4)).unwrap();
    let out = bindery(&["build", "."], dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("chapter.md:3:5: warning: link to the image file `Pic.png`"),
        "{err}"
    );
    let epub = fs::read(dir.path().join("out/odd.epub")).unwrap();
    let names: Vec<String> = epub_support::unzip(&epub)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert!(
        names.contains(&"OEBPS/images/Pic.png".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"OEBPS/images/pic-2.png".to_string()),
        "{names:?}"
    );
    let chapter = &epub_support::text_files(&epub)["OEBPS/ch01.xhtml"];
    assert!(chapter.contains("See the picture."), "{chapter}");
    epub_support::assert_epubcheck_clean(&epub, "cases");
}

#[test]
fn a_source_date_past_the_year_9999_is_refused() {
    // It gave `dcterms:modified` 10000-01-01T00:00:00Z, which no reader
    // can parse.
    let dir = book("", b"# One\n\nText.\n");
    let out = bindery_env(
        &["build", "."],
        dir.path(),
        &[("SOURCE_DATE_EPOCH", "253402300800")],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("SOURCE_DATE_EPOCH: error: `253402300800` is outside the years 0001–9999"),
        "{err}"
    );
    assert!(!dir.path().join("out").exists(), "nothing written");
    let out = bindery_env(
        &["build", "."],
        dir.path(),
        &[("SOURCE_DATE_EPOCH", "253402300799")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// A whole 64×48 PNG with varied pixels (so its data does not compress to
/// a few bytes).
fn png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 48, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 5) as u8, ((x * y) % 251) as u8])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    img.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    bytes.into_inner()
}

#[test]
fn truncated_image_is_an_error_at_its_line_before_anything_is_written() {
    // The header is whole, so the size reads fine; the pixels stop halfway.
    // This used to pass `check`, write the EPUB, then fail the PDF with
    // "writing the PDF failed: Image(Image(ImageRepr {..}), …)".
    let whole = png();
    let dir = book("", b"# Pictures\n\nText.\n\n![A plot](plot.png)\n");
    fs::write(dir.path().join("plot.png"), &whole[..whole.len() / 2]).unwrap();
    for cmd in ["check", "build"] {
        fails_with(
            dir.path(),
            cmd,
            "chapter.md:5:1: error: image `plot.png` is corrupt or unreadable",
        );
    }
    assert!(!dir.path().join("out").exists(), "nothing written");

    // The same file as the cover: the error is at book.toml's key.
    let dir = book("cover = \"cover.png\"\n", b"# One\n\nText.\n");
    fs::write(dir.path().join("cover.png"), &whole[..whole.len() - 30]).unwrap();
    fails_with(
        dir.path(),
        "check",
        "book.toml:6:9: error: cover `cover.png` is corrupt or unreadable",
    );
}

#[cfg(unix)]
#[test]
fn a_pipe_or_folder_named_as_an_image_is_refused_not_read_forever() {
    let dir = book("", b"# One\n\n![a](pipe.png)\n\n![b](folder.png)\n");
    let status = Command::new("mkfifo")
        .arg(dir.path().join("pipe.png"))
        .status()
        .expect("mkfifo");
    assert!(status.success());
    fs::create_dir(dir.path().join("folder.png")).unwrap();
    let err = fails_with(
        dir.path(),
        "check",
        "chapter.md:3:1: error: image `pipe.png` cannot be read: it is not a regular file",
    );
    assert!(
        err.contains("chapter.md:5:1: error: image `folder.png` cannot be read: it is a folder"),
        "{err}"
    );
}

#[test]
fn a_truncated_font_is_refused_at_its_key() {
    // Its table directory is whole, so it used to load: every glyph then
    // came from the fallback face with no word said.
    let garamond = fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fonts/EBGaramond-Regular.ttf"
    ))
    .unwrap();
    let dir = book("\n[fonts]\nregular = \"cut.ttf\"\n", b"# One\n\nText.\n");
    fs::write(dir.path().join("cut.ttf"), &garamond[..5000]).unwrap();
    for cmd in ["check", "build"] {
        fails_with(
            dir.path(),
            cmd,
            "book.toml:8:11: error: [fonts] regular: `cut.ttf` is truncated or damaged",
        );
    }
    assert!(!dir.path().join("out").exists(), "nothing written");
}

/// `bindery check` on a one-chapter book whose book.toml ends with `pdf`
/// (which starts on line 6) fails with `expected`.
fn pdf_settings_fail(pdf: &str, expected: &str) {
    let dir = book(pdf, b"# One\n\nText.\n");
    fails_with(dir.path(), "check", expected);
}

#[test]
fn page_settings_that_cannot_hold_text_are_refused_at_their_key() {
    // Each of these used to build, with words set past the page's edge
    // (pdftotext found 1,000 words outside the page at font-size 72).
    pdf_settings_fail(
        "[pdf]\ntrim = \"a5\"\nfont-size = 72\n",
        "book.toml:8:13: error: [pdf] font-size 72 pt is too large for a text area 329 pt wide: a line must hold 12 ems, so the font size can be at most 27.4 pt",
    );
    pdf_settings_fail(
        "[pdf]\nfont-size = 4\nleading = 144\n",
        "book.toml:8:11: error: [pdf] a leading of 144 pt fits only 3.5 lines in a text area 502 pt tall",
    );
    pdf_settings_fail(
        "[pdf]\ntrim = \"6x9\"\nfont-size = 18\n",
        "book.toml:7:8: error: [pdf] a top margin of 42.5 pt leaves no room for the running head",
    );
    // Margins larger than the page: reported at the margin, not at 1:1.
    pdf_settings_fail(
        "[pdf]\ntrim = \"a5\"\n[pdf.margins]\ntop = \"300mm\"\n",
        "book.toml:9:7: error: [pdf] the margins leave a text area of 329×-306 pt",
    );
    pdf_settings_fail(
        "[pdf]\ntrim = { width = \"1mm\", height = \"1mm\" }\n",
        "book.toml:7:8: error: [pdf] the margins leave a text area of -88×-91 pt",
    );
    pdf_settings_fail(
        "[pdf]\nfont-size = 1e300\n",
        "book.toml:7:13: error: [pdf] font-size 1e300 is outside 4–72 pt",
    );
}

#[test]
fn large_print_that_fits_builds_with_every_word_on_the_page() {
    let dir = book(
        "[pdf]\ntrim = \"6x9\"\nfont-size = 18\n[pdf.margins]\ntop = \"20mm\"\n",
        b"# One\n\nLarge print: every word of this paragraph stays on the page.\n",
    );
    let out = bindery(&["build", ".", "--format", "pdf"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = pdf_text(&dir.path().join("out/odd.pdf"));
    assert!(text.contains("every word of this paragraph"), "{text}");
}

#[test]
fn out_pointing_at_a_file_is_refused_once_and_clearly() {
    let dir = book("", b"# One\n\nText.\n");
    fs::write(dir.path().join("taken"), b"keep me").unwrap();
    let out = bindery(&["build", ".", "--out", "taken"], dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("taken: is a file, not a folder"),
        "the message said `File exists` twice: {err}"
    );
    assert_eq!(err.matches("os error").count(), 0, "{err}");
    assert_eq!(fs::read(dir.path().join("taken")).unwrap(), b"keep me");
}

#[test]
fn a_failed_build_leaves_the_last_good_outputs_untouched() {
    let dir = book("", b"# One\n\nText.\n");
    let out = bindery(&["build", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let epub = fs::read(dir.path().join("out/odd.epub")).unwrap();
    let pdf = fs::read(dir.path().join("out/odd.pdf")).unwrap();
    fs::write(dir.path().join("chapter.md"), b"# One\n\nBroken.[^gone]\n").unwrap();
    let out = bindery(&["build", "."], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(fs::read(dir.path().join("out/odd.epub")).unwrap(), epub);
    assert_eq!(fs::read(dir.path().join("out/odd.pdf")).unwrap(), pdf);
    let mut names: Vec<_> = fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // The outputs and their build record (for incremental builds), no temporary.
    assert_eq!(names, [".odd.bindery.json", "odd.epub", "odd.pdf"]);
}

/// `bindery check` on a book whose SUMMARY.md is `summary` (chapter.md and
/// a folder `part/` exist) fails with `expected`.
fn summary_fails(summary: &str, expected: &str) {
    let dir = book("", b"# One\n\nText.\n");
    fs::create_dir(dir.path().join("part")).unwrap();
    fs::write(dir.path().join("SUMMARY.md"), summary).unwrap();
    fails_with(dir.path(), "check", expected);
}

#[test]
fn summary_entries_that_are_not_chapters_are_refused_at_their_line() {
    // Each of these used to build: the TOML and SUMMARY.md itself were set
    // as chapters, a plain item vanished, a folder was "not found".
    summary_fails(
        "# Summary\n\n- [One](chapter.md)\n- [Settings](book.toml)\n",
        "SUMMARY.md:4:3: error: chapter `book.toml` is not a Markdown file",
    );
    summary_fails(
        "# Summary\n\n- [One](chapter.md)\n- [Contents](SUMMARY.md)\n",
        "SUMMARY.md:4:3: error: SUMMARY.md lists itself",
    );
    summary_fails(
        "# Summary\n\n- [Part](part)\n- [One](chapter.md)\n",
        "SUMMARY.md:3:3: error: chapter `part` is a folder",
    );
    summary_fails(
        "# Summary\n\n- [One](chapter.md)\n- Chapter two, to do\n",
        "SUMMARY.md:4:3: error: this list item is not a chapter link",
    );
}

#[test]
fn nul_bytes_are_refused_with_their_position() {
    // A file of NULs used to build into a page of replacement marks.
    let dir = book("", &[0u8; 1000]);
    fails_with(
        dir.path(),
        "check",
        "chapter.md:1:1: error: contains a NUL byte",
    );
    // UTF-16 text without a byte-order mark is valid UTF-8, NULs and all.
    let utf16: Vec<u8> = "# Title\n\nText.\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let dir = book("", &utf16);
    let err = fails_with(
        dir.path(),
        "check",
        "chapter.md:1:2: error: contains a NUL byte",
    );
    assert!(err.contains("UTF-16"), "{err}");
    let dir = book("", b"# T\n\nok\n\nbad \0 here\n");
    fails_with(
        dir.path(),
        "build",
        "chapter.md:5:5: error: contains a NUL byte",
    );
}

#[test]
fn glyph_warnings_never_write_control_characters_to_the_terminal() {
    // ESC would start a terminal escape sequence and U+202E would reverse
    // the rest of the line: the warning names them by code point only.
    let dir = book(
        "",
        "# T\n\nRed \u{1b}[31m and \u{202e}reversed.\n".as_bytes(),
    );
    let out = bindery(&["build", ".", "--format", "pdf"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("chapter.md:3:5: warning: no font has a glyph for U+001B; it prints as a replacement mark"),
        "{err}"
    );
    assert!(
        !err.contains('\u{1b}') && !err.contains('\u{202e}'),
        "{err:?}"
    );
}

#[test]
fn deeply_bracketed_front_matter_is_refused_at_once() {
    // 100,000 nested `[` in a lone file's YAML kept `check` busy for
    // minutes before the YAML parser hit its own limit.
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "---\ntitle: {}{}\n---\n\n# Hi\n\nText.\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    fs::write(dir.path().join("essay.md"), text).unwrap();
    let out = bindery(&["check", "essay.md"], dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("essay.md:2:136: error: invalid YAML front matter: brackets nested more than 128 levels deep"),
        "{err}"
    );
}

/// Runs `bindery ARGS` in `dir` and asserts exit 0; returns stderr.
fn succeeds(dir: &Path, args: &[&str]) -> String {
    let out = bindery(args, dir);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    err
}

#[test]
fn a_front_matter_cover_stays_inside_the_book_folder() {
    // `cover-image: ../../secret.jpg` used to be read and packaged.
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("a/b");
    fs::create_dir_all(&book).unwrap();
    fs::write(dir.path().join("secret.png"), png()).unwrap();
    let secret = dir.path().join("secret.png");
    for (cover, expected) in [
        (
            "../../secret.png".to_string(),
            "essay.md:4:1: error: cover-image `../../secret.png` leaves the book folder",
        ),
        (
            secret.display().to_string(),
            "essay.md:4:1: error: cover-image",
        ),
    ] {
        fs::write(
            book.join("essay.md"),
            format!("---\ntitle: Essay\nlang: en\ncover-image: {cover}\n---\n\n# Essay\n\nText.\n"),
        )
        .unwrap();
        let out = bindery(&["build", "essay.md"], &book);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains(expected), "expected {expected:?} in {err}");
        assert!(!book.join("out").exists(), "nothing written");
    }
    // A symbolic link inside the folder to the file outside is refused too.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, book.join("cover.png")).unwrap();
        fs::write(
            book.join("essay.md"),
            "---\ntitle: Essay\nlang: en\ncover-image: cover.png\n---\n\n# Essay\n\nText.\n",
        )
        .unwrap();
        let out = bindery(&["check", "essay.md"], &book);
        assert!(
            stderr(&out)
                .contains("cover-image `cover.png` leaves the book folder through a symbolic link"),
            "{}",
            stderr(&out)
        );
    }
}

#[cfg(unix)]
#[test]
fn chapters_and_style_css_that_link_out_of_the_book_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("private.txt");
    fs::write(&outside, "# Private\n\nA private key.\n").unwrap();
    // A folder with no SUMMARY.md: its one Markdown file is a link out.
    let book = dir.path().join("book");
    fs::create_dir(&book).unwrap();
    fs::write(book.join("book.toml"), TOML).unwrap();
    std::os::unix::fs::symlink(&outside, book.join("chapter.md")).unwrap();
    fails_with(
        &book,
        "check",
        "chapter.md: error: leaves the book folder through a symbolic link",
    );
    // style.css linking out used to be copied verbatim into the EPUB.
    let dir2 = self::book("", b"# One\n\nText.\n");
    std::os::unix::fs::symlink(&outside, dir2.path().join("style.css")).unwrap();
    fails_with(
        dir2.path(),
        "build",
        "style.css: error: leaves the book folder through a symbolic link",
    );
    assert!(!dir2.path().join("out").exists(), "nothing written");
    // A link that stays inside the folder is fine.
    fs::remove_file(dir2.path().join("style.css")).unwrap();
    fs::write(dir2.path().join("real.css"), "p { margin: 0 }\n").unwrap();
    std::os::unix::fs::symlink("real.css", dir2.path().join("style.css")).unwrap();
    succeeds(dir2.path(), &["check", "."]);
}

#[test]
fn a_book_file_named_readme_in_capitals_is_accepted() {
    // `README.MD` gave "the book is empty" (a folder) or "not a Markdown
    // file" (a lone file), with no line.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("book.toml"), TOML).unwrap();
    fs::write(dir.path().join("README.MD"), "# Read Me\n\nSome text.\n").unwrap();
    succeeds(dir.path(), &["build", "."]);
    assert!(dir.path().join("out/odd.epub").is_file());
    let lone = tempfile::tempdir().unwrap();
    fs::write(
        lone.path().join("README.MD"),
        "---\ntitle: Read\nlang: en\n---\n\n# Read Me\n\nText.\n",
    )
    .unwrap();
    succeeds(lone.path(), &["build", "README.MD"]);
    assert!(lone.path().join("out/README.pdf").is_file());
}

#[test]
fn carriage_return_line_endings_keep_notes_and_lines() {
    // Old Mac line endings (a lone CR) hid the note definition ("no
    // definition", twice) and put every message on line 1.
    let text = "# T\r\rText[^1] more.\r\r[^1]: The note.\r\r![missing](nope.png)\r";
    let dir = book("", text.as_bytes());
    let err = fails_with(
        dir.path(),
        "check",
        "chapter.md:7:1: error: image `nope.png` not found",
    );
    assert!(!err.contains("no definition"), "{err}");
    let dir = book("", text.replace("![missing](nope.png)", "End.").as_bytes());
    let err = succeeds(dir.path(), &["check", "."]);
    assert!(!err.contains("no definition"), "{err}");
}

#[test]
fn a_private_use_language_tag_is_accepted() {
    let dir = book("", b"# Tlhngan\n\nText.\n");
    let toml = TOML.replace("language = \"en\"", "language = \"x-klingon\"");
    fs::write(dir.path().join("book.toml"), toml).unwrap();
    let err = succeeds(dir.path(), &["build", "."]);
    assert!(!err.contains("BCP 47"), "{err}");
    let lone = tempfile::tempdir().unwrap();
    fs::write(
        lone.path().join("k.md"),
        "---\ntitle: K\nlang: x-klingon\n---\n\n# K\n\nText.\n",
    )
    .unwrap();
    succeeds(lone.path(), &["check", "k.md"]);
}

/// A solid-colour PNG of `side` × `side` pixels: small on disk, large
/// decoded.
fn solid_png(side: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(side, side, image::Rgb([200, 120, 40]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    let encoder = image::codecs::png::PngEncoder::new_with_quality(
        &mut bytes,
        image::codecs::png::CompressionType::Fast,
        image::codecs::png::FilterType::NoFilter,
    );
    img.write_with_encoder(encoder).unwrap();
    bytes.into_inner()
}

#[test]
fn the_book_has_a_total_limit_on_decoded_image_pixels() {
    // Six 0.5 MB PNGs took 66 s and 2.1 GB: each was under the limit of
    // one image, but there was no limit for the book. 121 Mpx each: the
    // fourth crosses 400 Mpx.
    let big = solid_png(11_000);
    let text = "# Plates\n\n![1](p1.png)\n\n![2](p2.png)\n\n![3](p3.png)\n\n![4](p4.png)\n";
    let dir = book("", text.as_bytes());
    for i in 1..=4 {
        fs::write(dir.path().join(format!("p{i}.png")), &big).unwrap();
    }
    let err = fails_with(
        dir.path(),
        "check",
        "chapter.md:9:1: error: image `p4.png` (11000×11000 px) brings the book's images to 484 million pixels, over the limit of 400 million",
    );
    assert_eq!(err.matches("error:").count(), 1, "{err}");
}

/// A title that shows nothing — only a U+FEFF, which the resolve pass takes
/// out — is no title: in book.toml an error at its key (fuzz seed 2487 was
/// refused by PDF/UA-1 with "the book has no title" at no line); in a lone
/// file's front matter both books say "Untitled", as the OPF always did.
#[test]
fn a_title_of_invisible_characters_is_no_title() {
    let dir = tempfile::tempdir().unwrap();
    let toml = TOML.replace("\"Odd\"", "\"\u{feff}\"");
    fs::write(dir.path().join("book.toml"), toml).unwrap();
    fs::write(dir.path().join("SUMMARY.md"), "- [C](chapter.md)\n").unwrap();
    fs::write(dir.path().join("chapter.md"), "# C\n\nText.\n").unwrap();
    fails_with(
        dir.path(),
        "build",
        "book.toml:2:9: error: [book] title is empty",
    );

    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("lone.md"),
        "---\ntitle: \"\u{feff}\"\nlang: en\n---\n\n# C\n\nText.\n",
    )
    .unwrap();
    succeeds(dir.path(), &["build", "lone.md"]);
    let pdf = fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .expect("a PDF");
    let info = pdf_text_info(&pdf);
    assert!(info.contains("Title:           Untitled"), "{info}");
}

fn pdf_text_info(pdf: &Path) -> String {
    let out = std::process::Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}
