//! The loader and Markdown front-end: one test per diagnostic (message and
//! line), and the note, heading and metadata rules of the model.

use std::fs;
use std::path::Path;

use bindery::model::{
    Attrs, Block, BlockKind, Book, ChapterKind, Inline, LinkTarget, NoteId, NoteNumbering,
    NoteRefId, Pos, SourceId, inlines_plain_text,
};
use bindery::{Diagnostic, Error};

const TOML: &str = "[book]\ntitle = \"Test Book\"\nauthors = [\"A. Writer\"]\nlanguage = \"en\"\nidentifier = \"urn:uuid:00000000-0000-5000-8000-000000000000\"\n";

/// Writes `files` (path, contents) into a fresh folder.
fn write_book(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, data) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, data).unwrap();
    }
    dir
}

/// A book with book.toml, a SUMMARY.md listing `chapters`, and the chapters.
fn summary_book(chapters: &[(&str, &str)]) -> tempfile::TempDir {
    let mut summary = String::from("# Summary\n\n");
    for (name, _) in chapters {
        summary.push_str(&format!("- [{name}]({name})\n"));
    }
    let mut files: Vec<(&str, &[u8])> = vec![("book.toml", TOML.as_bytes())];
    files.push(("SUMMARY.md", summary.as_bytes()));
    for (name, text) in chapters {
        files.push((name, text.as_bytes()));
    }
    write_book(&files)
}

fn load_ok(dir: &Path) -> (Book, Vec<Diagnostic>) {
    match bindery::book::load(dir) {
        Ok(loaded) => loaded,
        Err(e) => panic!("expected the book to load, got:\n{e}"),
    }
}

fn load_err(dir: &Path) -> Vec<Diagnostic> {
    match bindery::book::load(dir) {
        Ok(_) => panic!("expected errors"),
        Err(Error::Book(diags)) => diags,
        Err(e) => panic!("expected Error::Book, got {e}"),
    }
}

/// The one diagnostic whose message contains `needle`.
fn find<'a>(diags: &'a [Diagnostic], needle: &str) -> &'a Diagnostic {
    let found: Vec<_> = diags
        .iter()
        .filter(|d| d.message.contains(needle))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one diagnostic with {needle:?} in {diags:#?}"
    );
    found[0]
}

fn paragraph_text(block: &Block) -> String {
    match &block.kind {
        BlockKind::Paragraph(inlines) => inlines_plain_text(inlines),
        other => panic!("not a paragraph: {other:?}"),
    }
}

/// A real PNG of the given size.
fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::new(width, height);
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

// ---- diagnostics -------------------------------------------------------

#[test]
fn invalid_utf8_names_the_line() {
    let dir = write_book(&[
        ("book.toml", TOML.as_bytes()),
        ("SUMMARY.md", b"- [One](one.md)\n"),
        ("one.md", b"# One\n\nfine\ncaf\xe9 latin-1\n"),
    ]);
    let diags = load_err(dir.path());
    let d = find(&diags, "invalid UTF-8");
    assert!(d.is_error());
    assert!(d.file.ends_with("one.md"), "{d}");
    assert_eq!((d.line, d.col), (4, 4));
}

#[test]
fn empty_book_is_an_error() {
    let dir = summary_book(&[("one.md", ""), ("two.md", "\n\n")]);
    let diags = load_err(dir.path());
    let d = find(&diags, "the book is empty");
    assert!(d.is_error());
    assert_eq!(d.line, 0);

    let dir = write_book(&[
        ("book.toml", TOML.as_bytes()),
        ("SUMMARY.md", b"# Summary\n"),
    ]);
    let diags = load_err(dir.path());
    find(&diags, "the book is empty");
}

#[test]
fn summary_entry_with_missing_file() {
    let dir = write_book(&[
        ("book.toml", TOML.as_bytes()),
        (
            "SUMMARY.md",
            b"# Summary\n\n- [One](one.md)\n- [Two](two.md)\n",
        ),
        ("one.md", b"# One\n"),
    ]);
    let diags = load_err(dir.path());
    let d = find(&diags, "chapter file `two.md` not found");
    assert!(d.file.ends_with("SUMMARY.md"));
    assert_eq!((d.line, d.col), (4, 3));
}

#[test]
fn bad_toml_names_the_line() {
    let dir = write_book(&[
        (
            "book.toml",
            b"[book]\ntitle = \"Unclosed\nlanguage = \"en\"\n",
        ),
        ("one.md", b"# One\n"),
    ]);
    let diags = load_err(dir.path());
    let d = find(&diags, "invalid book.toml");
    assert!(d.file.ends_with("book.toml"));
    assert_eq!(d.line, 2);
}

#[test]
fn unknown_key_is_an_error_with_a_hint() {
    let toml = format!("{TOML}colour = \"red\"\n");
    let dir = write_book(&[("book.toml", toml.as_bytes()), ("one.md", b"# One\n")]);
    let diags = load_err(dir.path());
    let d = find(&diags, "unknown key `colour` in [book]");
    assert!(!d.message.contains("did you mean"), "{d}");
    assert!(
        d.message.contains("`title`"),
        "the hint lists the keys: {d}"
    );
    assert_eq!((d.line, d.col), (6, 1));

    let toml = format!("{TOML}\n[pdf]\ntrim = \"a5\"\nfontsize = 11\n");
    let dir = write_book(&[("book.toml", toml.as_bytes()), ("one.md", b"# One\n")]);
    let diags = load_err(dir.path());
    let d = find(&diags, "unknown key `fontsize` in [pdf]");
    assert!(d.message.contains("did you mean `font-size`?"), "{d}");
    assert_eq!(d.line, 9);
}

#[test]
fn bad_values_in_book_toml() {
    let toml = "[book]\ntitle = \"T\"\nlanguage = \"en\"\nidentifier = \"x\"\ndate = \"Sept 2008\"\n\n[pdf]\ntrim = \"b7\"\nmargins = { top = \"2 furlongs\" }\n";
    let dir = write_book(&[("book.toml", toml.as_bytes()), ("one.md", b"# One\n")]);
    let diags = load_err(dir.path());
    assert_eq!(find(&diags, "date `Sept 2008`").line, 5);
    assert_eq!(find(&diags, "trim `b7` is unknown").line, 8);
    assert_eq!(find(&diags, "margins top must be a length").line, 9);
}

#[test]
fn image_leaving_the_book_folder() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    fs::create_dir(&book).unwrap();
    fs::write(dir.path().join("outside.png"), png(2, 2)).unwrap();
    fs::write(book.join("book.toml"), TOML).unwrap();
    fs::write(
        book.join("one.md"),
        "# One\n\nText.\n\n![up](../outside.png)\n\n![abs](/etc/x.png)\n",
    )
    .unwrap();
    let diags = load_err(&book);
    let d = find(&diags, "image `../outside.png` leaves the book folder");
    assert!(d.file.ends_with("one.md"));
    assert_eq!((d.line, d.col), (5, 1));
    let d = find(&diags, "image `/etc/x.png` is an absolute path");
    assert_eq!(d.line, 7);
}

#[cfg(unix)]
#[test]
fn image_symlink_pointing_out_of_the_book() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    fs::create_dir(&book).unwrap();
    fs::write(dir.path().join("secret.png"), png(2, 2)).unwrap();
    std::os::unix::fs::symlink(dir.path().join("secret.png"), book.join("link.png")).unwrap();
    fs::write(book.join("book.toml"), TOML).unwrap();
    fs::write(book.join("one.md"), "# One\n\nSee ![l](link.png) here.\n").unwrap();
    let diags = load_err(&book);
    let d = find(&diags, "through a symbolic link");
    assert_eq!((d.line, d.col), (3, 5));
}

#[test]
fn missing_and_corrupt_images() {
    let mut corrupt = b"\x89PNG\r\n\x1a\n".to_vec();
    corrupt.extend_from_slice(b"this is not a PNG chunk stream");
    let dir = write_book(&[
        ("book.toml", TOML.as_bytes()),
        (
            "one.md",
            b"# One\n\n![gone](img/gone.png)\n\n![bad](img/bad.png)\n\n![text](img/notes.png)\n",
        ),
        ("img/bad.png", &corrupt),
        ("img/notes.png", b"plain text, not an image"),
    ]);
    let diags = load_err(dir.path());
    assert_eq!(find(&diags, "image `img/gone.png` not found").line, 3);
    assert_eq!(find(&diags, "image `img/bad.png` is corrupt").line, 5);
    assert_eq!(
        find(&diags, "image `img/notes.png` is not an image").line,
        7
    );
}

/// The CRC-32 of PNG chunks, to hand-make a header.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
    out
}

#[test]
fn decompression_bomb_is_refused_from_its_header() {
    // A PNG header claiming 100000 × 100000 pixels: 40 GB decoded.
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut bomb = b"\x89PNG\r\n\x1a\n".to_vec();
    bomb.extend(png_chunk(b"IHDR", &ihdr));
    bomb.extend(png_chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00]));
    bomb.extend(png_chunk(b"IEND", &[]));
    let dir = write_book(&[
        ("book.toml", TOML.as_bytes()),
        ("one.md", b"# One\n\n![bomb](bomb.png)\n"),
        ("bomb.png", &bomb),
    ]);
    let diags = load_err(dir.path());
    let d = find(&diags, "image `bomb.png`");
    assert_eq!(d.line, 3);
    assert!(
        d.message.contains("too large") || d.message.contains("limit"),
        "{d}"
    );
}

#[test]
fn images_are_read_once_per_file() {
    let dir = write_book(&[
        ("book.toml", TOML.as_bytes()),
        (
            "one.md",
            b"# One\n\n![A figure](img/a.png \"The caption\")\n\nInline ![a](./img/a.png) and ![b](img/../img/a.png).\n",
        ),
        ("img/a.png", &png(3, 2)),
    ]);
    let (book, _) = load_ok(dir.path());
    assert_eq!(book.assets.len(), 1);
    let asset = &book.assets[0];
    assert_eq!(asset.href, "img/a.png");
    assert_eq!(asset.media_type, "image/png");
    assert_eq!((asset.width, asset.height), (3, 2));
    assert_eq!(asset.pos.line, 3);
    let blocks = &book.chapters[0].blocks;
    assert_eq!(
        blocks[1].kind,
        BlockKind::Figure {
            asset: 0,
            alt: "A figure".into(),
            caption: vec![Inline::Text {
                text: "The caption".into(),
                pos: Pos {
                    source: SourceId(0),
                    line: 3,
                    col: 1,
                },
            }],
            size: Default::default(),
        }
    );
    let BlockKind::Paragraph(inlines) = &blocks[2].kind else {
        panic!("{:?}", blocks[2]);
    };
    let images = inlines
        .iter()
        .filter(|i| matches!(i, Inline::Image { asset: 0, .. }))
        .count();
    assert_eq!(images, 2);
}

#[test]
fn cover_and_fonts_missing_are_reported_at_their_keys() {
    let toml = format!(
        "{TOML}cover = \"covers/none.jpg\"\n\n[fonts]\nregular = \"fonts/None.ttf\"\nmono = \"not-a-font.ttf\"\n"
    );
    let dir = write_book(&[
        ("book.toml", toml.as_bytes()),
        ("one.md", b"# One\n"),
        ("not-a-font.ttf", b"hello"),
    ]);
    let diags = load_err(dir.path());
    let d = find(&diags, "cover `covers/none.jpg` cannot be read");
    assert_eq!((d.line, d.col), (6, 9));
    assert_eq!(
        find(&diags, "[fonts] regular: cannot read `fonts/None.ttf`").line,
        9
    );
    assert_eq!(find(&diags, "is not a TrueType or OpenType font").line, 10);
}

#[test]
fn cover_outside_the_book_folder_is_allowed_in_book_toml() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    fs::create_dir_all(dir.path().join("covers")).unwrap();
    fs::create_dir(&book).unwrap();
    fs::write(dir.path().join("covers/c.png"), png(4, 6)).unwrap();
    fs::write(
        book.join("book.toml"),
        format!("{TOML}cover = \"../covers/c.png\"\n"),
    )
    .unwrap();
    fs::write(book.join("one.md"), "# One\n\nText.\n").unwrap();
    let (book, _) = load_ok(&book);
    let cover = book.cover.expect("cover");
    assert_eq!(
        (cover.width, cover.height, cover.media_type.as_str()),
        (4, 6, "image/png")
    );
    assert_eq!(cover.href, "cover.png");
}

#[test]
fn note_reference_without_definition() {
    let dir = summary_book(&[(
        "one.md",
        "# One\n\nFine.[^a]\n\nMissing here.[^nope]\n\n[^a]: A.\n",
    )]);
    let diags = load_err(dir.path());
    let d = find(&diags, "note reference [^nope] has no definition");
    assert!(d.is_error());
    assert_eq!((d.line, d.col), (5, 14));
}

#[test]
fn escaped_note_marker_is_just_text() {
    let dir = summary_book(&[("one.md", "# One\n\nLiteral \\[^x] here.\n")]);
    let (book, warnings) = load_ok(dir.path());
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        paragraph_text(&book.chapters[0].blocks[1]),
        "Literal [^x] here."
    );
}

#[test]
fn unreferenced_definition_is_a_warning() {
    let dir = summary_book(&[(
        "one.md",
        "# One\n\nText.[^a]\n\n[^a]: Used.\n\n[^b]: Never used.\n",
    )]);
    let (book, warnings) = load_ok(dir.path());
    let d = find(&warnings, "note [^b] is defined but never referenced");
    assert!(!d.is_error());
    assert_eq!((d.line, d.col), (7, 1));
    assert_eq!(book.notes.len(), 1);
}

#[test]
fn label_defined_twice_in_one_chapter() {
    let dir = summary_book(&[(
        "one.md",
        "# One\n\nText.[^a]\n\n[^a]: First.\n\n[^a]: Second.\n",
    )]);
    let diags = load_err(dir.path());
    let d = find(&diags, "note [^a] is defined twice");
    assert_eq!(d.line, 7);
}

#[test]
fn note_reference_inside_a_note_is_refused() {
    let dir = summary_book(&[(
        "one.md",
        "# One\n\nText.[^a]\n\n[^a]: See also.[^b]\n\n[^b]: Other.\n",
    )]);
    let diags = load_err(dir.path());
    let d = find(&diags, "inside a note");
    assert_eq!((d.line, d.col), (5, 16));
}

#[test]
fn duplicate_explicit_heading_id() {
    let dir = summary_book(&[
        ("one.md", "# One {#start}\n\nText.\n"),
        ("two.md", "# Two\n\n## Again {#start}\n"),
    ]);
    let diags = load_err(dir.path());
    let d = find(&diags, "heading id `start` is used twice");
    assert!(d.file.ends_with("two.md"));
    assert_eq!(d.line, 3);
}

// ---- notes -----------------------------------------------------------------

const NOTES_ONE: &str = "# One\n\nA[^x] b[^y] c[^x].\n\n[^y]: Why.\n\n[^x]: Ex.\n";
const NOTES_TWO: &str = "# Two\n\nD[^x] e[^z].\n\n[^x]: Another ex.\n\n[^z]: Zed.\n";

#[test]
fn notes_numbered_per_chapter_by_first_reference() {
    let dir = summary_book(&[("one.md", NOTES_ONE), ("two.md", NOTES_TWO)]);
    let (book, warnings) = load_ok(dir.path());
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(book.settings.note_numbering, NoteNumbering::PerChapter);
    let summary: Vec<_> = book
        .notes
        .iter()
        .map(|n| (n.label.as_str(), n.number, n.chapter, n.refs.len()))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("x", 1, 0, 2),
            ("y", 2, 0, 1),
            ("x", 1, 1, 1),
            ("z", 2, 1, 1)
        ]
    );
    // The same label in two chapters is two notes with their own bodies.
    assert_eq!(paragraph_text(&book.notes[0].blocks[0]), "Ex.");
    assert_eq!(paragraph_text(&book.notes[2].blocks[0]), "Another ex.");
    assert_eq!(book.chapter_notes(1).count(), 2);
}

#[test]
fn notes_numbered_through_the_book() {
    let toml = format!("{TOML}\n[notes]\nnumbering = \"book\"\n");
    let dir = write_book(&[
        ("book.toml", toml.as_bytes()),
        ("SUMMARY.md", b"- [One](one.md)\n- [Two](two.md)\n"),
        ("one.md", NOTES_ONE.as_bytes()),
        ("two.md", NOTES_TWO.as_bytes()),
    ]);
    let (book, _) = load_ok(dir.path());
    let numbers: Vec<_> = book.notes.iter().map(|n| n.number).collect();
    assert_eq!(numbers, vec![1, 2, 3, 4]);
}

#[test]
fn note_referenced_twice_is_one_note_with_two_references() {
    let dir = summary_book(&[("one.md", NOTES_ONE)]);
    let (book, _) = load_ok(dir.path());
    let note = &book.notes[0];
    assert_eq!(note.label, "x");
    assert_eq!(note.refs.len(), 2);
    assert_eq!((note.refs[0].line, note.refs[0].col), (3, 2));
    assert_eq!((note.refs[1].line, note.refs[1].col), (3, 14));
    assert_eq!((note.pos.line, note.pos.col), (7, 1));
    let BlockKind::Paragraph(inlines) = &book.chapters[0].blocks[1].kind else {
        panic!()
    };
    let refs: Vec<NoteRefId> = inlines
        .iter()
        .filter_map(|i| match i {
            Inline::NoteRef(r) => Some(*r),
            _ => None,
        })
        .collect();
    assert_eq!(
        refs,
        vec![
            NoteRefId {
                note: NoteId(0),
                occurrence: 0
            },
            NoteRefId {
                note: NoteId(1),
                occurrence: 0
            },
            NoteRefId {
                note: NoteId(0),
                occurrence: 1
            },
        ]
    );
}

#[test]
fn note_reference_in_a_heading_stays_out_of_its_text() {
    let dir = summary_book(&[(
        "one.md",
        "# A Title[^t]\n\n## Section *two*[^t]\n\nText.\n\n[^t]: On the title.\n",
    )]);
    let (book, _) = load_ok(dir.path());
    let chapter = &book.chapters[0];
    assert_eq!(inlines_plain_text(&chapter.title), "one.md");
    let BlockKind::Heading { id, content, .. } = &chapter.blocks[0].kind else {
        panic!()
    };
    assert!(content.iter().any(|i| matches!(i, Inline::NoteRef(_))));
    assert_eq!(inlines_plain_text(content), "A Title");
    assert_eq!(id, "a-title");
    let BlockKind::Heading { id, content, .. } = &chapter.blocks[1].kind else {
        panic!()
    };
    assert_eq!(inlines_plain_text(content), "Section two");
    assert_eq!(id, "section-two");
    assert_eq!(book.notes[0].refs.len(), 2);

    // Without SUMMARY.md the title comes from the heading, minus the note.
    let dir = write_book(&[
        ("book.toml", TOML.as_bytes()),
        ("one.md", b"# A Title[^t]\n\nText.\n\n[^t]: On the title.\n"),
    ]);
    let (book, _) = load_ok(dir.path());
    assert_eq!(inlines_plain_text(&book.chapters[0].title), "A Title");
}

// ---- headings, chapters, single files --------------------------------------

#[test]
fn heading_ids_are_unique_and_xml_safe() {
    let dir = summary_book(&[
        (
            "one.md",
            "# Intro\n\n## Intro\n\n## 1917\n\n## Été {#summer}\n",
        ),
        ("two.md", "# Intro\n"),
    ]);
    let (book, _) = load_ok(dir.path());
    let ids: Vec<String> = book
        .chapters
        .iter()
        .flat_map(|c| &c.blocks)
        .filter_map(|b| match &b.kind {
            BlockKind::Heading { id, .. } => Some(id.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(ids, vec!["intro", "intro-2", "h-1917", "summer", "intro-3"]);
}

#[test]
fn summary_prefix_numbered_and_suffix_chapters() {
    let dir = write_book(&[
        ("book.toml", TOML.as_bytes()),
        (
            "SUMMARY.md",
            b"# Summary\n\n[Preface](pre.md)\n\n- [First](a.md)\n  - [Nested](sub/b.md)\n\n[Afterword](post.md)\n",
        ),
        ("pre.md", b"Just a note, no heading.\n"),
        ("a.md", b"# Chapter A\n\nA.\n"),
        ("sub/b.md", b"# Chapter B\n\nB.\n"),
        ("post.md", b"# After\n\nEnd.\n"),
    ]);
    let (book, _) = load_ok(dir.path());
    let chapters: Vec<_> = book
        .chapters
        .iter()
        .map(|c| (c.id.as_str(), c.kind, inlines_plain_text(&c.title)))
        .collect();
    assert_eq!(
        chapters,
        vec![
            ("front01", ChapterKind::Front, "Preface".to_string()),
            ("ch01", ChapterKind::Body, "First".to_string()),
            ("ch02", ChapterKind::Body, "Nested".to_string()),
            ("back01", ChapterKind::Back, "Afterword".to_string()),
        ]
    );
    let dir_name = dir.path().display().to_string();
    assert_eq!(book.sources[2].path, format!("{dir_name}/sub/b.md"));
}

#[test]
fn folder_with_one_markdown_file_splits_at_level_one_headings() {
    let dir = write_book(&[
        ("book.toml", TOML.as_bytes()),
        (
            "essay.md",
            b"An opening note.\n\n# First\n\nOne.\n\n# Second\n\nTwo.\n",
        ),
    ]);
    let (book, _) = load_ok(dir.path());
    let chapters: Vec<_> = book
        .chapters
        .iter()
        .map(|c| {
            (
                c.id.as_str(),
                c.kind,
                inlines_plain_text(&c.title),
                c.blocks.len(),
            )
        })
        .collect();
    assert_eq!(
        chapters,
        vec![
            ("front01", ChapterKind::Front, "Test Book".to_string(), 1),
            ("ch01", ChapterKind::Body, "First".to_string(), 2),
            ("ch02", ChapterKind::Body, "Second".to_string(), 2),
        ]
    );
    assert_eq!(book.settings.output_name, "test-book");
}

#[test]
fn folder_with_several_markdown_files_needs_a_summary() {
    let dir = write_book(&[
        ("book.toml", TOML.as_bytes()),
        ("a.md", b"# A\n"),
        ("b.md", b"# B\n"),
    ]);
    let diags = load_err(dir.path());
    let d = find(&diags, "add a SUMMARY.md");
    assert!(d.message.contains("a.md, b.md"), "{d}");
}

#[test]
fn lone_markdown_file_with_yaml_front_matter() {
    let dir = write_book(&[(
        "My Essay.md",
        "---\ntitle: \"Über Alles\"\nsubtitle: A Test\nauthor:\n  - One\n  - Two\nlang: de\ndate: 2020-02-29\nsubject: [a, b]\n---\n\n# Part One\n\nText.[^1]\n\n[^1]: A note.\n\n# Part Two\n\nMore.\n".as_bytes(),
    )]);
    let file = dir.path().join("My Essay.md");
    let (book, warnings) = load_ok(&file);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(book.meta.title, "Über Alles");
    assert_eq!(book.meta.subtitle.as_deref(), Some("A Test"));
    assert_eq!(book.meta.authors, vec!["One", "Two"]);
    assert_eq!(book.meta.language, "de");
    assert_eq!(book.meta.date.as_deref(), Some("2020-02-29"));
    assert_eq!(book.meta.subjects, vec!["a", "b"]);
    assert!(book.meta.identifier.starts_with("urn:uuid:"));
    assert_eq!(book.settings.hyphenation.language, "de");
    assert_eq!(book.settings.output_name, "My Essay");
    assert_eq!(book.chapters.len(), 2);
    assert_eq!(book.chapters[0].blocks[0].pos.line, 12);
    assert_eq!(book.notes.len(), 1);
    assert_eq!(book.sources[0].path, file.display().to_string());
}

#[test]
fn lone_file_front_matter_errors_have_lines() {
    let dir = write_book(&[("e.md", b"---\ntitle: T\nlang: English please\n---\n\n# T\n")]);
    let diags = load_err(&dir.path().join("e.md"));
    let d = find(&diags, "front matter `lang` must be a BCP 47");
    assert_eq!(d.line, 3);
}

// ---- the Markdown dialect ----------------------------------------------------

#[test]
fn every_block_and_inline_kind() {
    let text = "# Kinds\n\nSoft\nbreak, hard  \nbreak, *em*, **strong**, ~~gone~~, `code`, [link](https://example.org \"T\"), <span>html</span>, \"quotes\" -- and --- dashes...\n\n> Quoted.\n\n- tight\n- list\n\n3. loose\n\n4. list\n\n```rust\nfn main() {}\n```\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n***\n\n<div class=\"x\">\nraw\n</div>\n";
    let dir = summary_book(&[("one.md", text)]);
    let (book, _) = load_ok(dir.path());
    let blocks = &book.chapters[0].blocks;
    let BlockKind::Paragraph(p) = &blocks[1].kind else {
        panic!("{:?}", blocks[1])
    };
    assert!(p.contains(&Inline::SoftBreak));
    assert!(p.contains(&Inline::HardBreak));
    let unplaced = unplaced(p);
    assert!(unplaced.contains(&Inline::Emphasis(vec![Inline::text("em")])));
    assert!(unplaced.contains(&Inline::Strong(vec![Inline::text("strong")])));
    assert!(unplaced.contains(&Inline::Strikethrough(vec![Inline::text("gone")])));
    assert!(unplaced.contains(&Inline::Code {
        text: "code".into(),
        pos: Default::default()
    }));
    assert!(unplaced.contains(&Inline::Link {
        target: LinkTarget::External("https://example.org".into()),
        title: "T".into(),
        content: vec![Inline::text("link")],
        attrs: Attrs::new(),
        pos: Default::default(),
    }));
    // Raw HTML is lowered into elements by the resolve pass.
    assert!(unplaced.contains(&Inline::Element {
        name: "span",
        attrs: Attrs::new(),
        content: vec![Inline::text("html")],
    }));
    let link_pos = p
        .iter()
        .find_map(|i| match i {
            Inline::Link { pos, .. } => Some(*pos),
            _ => None,
        })
        .expect("link");
    assert_eq!((link_pos.line, link_pos.col), (5, 44));
    let text = inlines_plain_text(p);
    assert!(text.ends_with("“quotes” – and — dashes…"), "{text}");
    assert!(matches!(blocks[2].kind, BlockKind::BlockQuote(ref b) if b.len() == 1));
    assert!(matches!(
        blocks[3].kind,
        BlockKind::List { start: None, tight: true, ref items } if items.len() == 2
    ));
    assert!(matches!(
        blocks[4].kind,
        BlockKind::List { start: Some(3), tight: false, ref items } if items.len() == 2
    ));
    let BlockKind::CodeBlock { lang, text, tokens } = &blocks[5].kind else {
        panic!("{:?}", blocks[5])
    };
    assert_eq!(
        (lang.as_deref(), text.as_str()),
        (Some("rust"), "fn main() {}\n")
    );
    // Highlighted by the resolve pass: `fn` is a keyword.
    assert_eq!(&text[tokens[0].range.clone()], "fn");
    assert_eq!(tokens[0].kind, bindery::model::TokenKind::Keyword);
    let BlockKind::Table(table) = &blocks[6].kind else {
        panic!("{:?}", blocks[6])
    };
    assert_eq!(
        table.align,
        vec![bindery::model::Align::Left, bindery::model::Align::Right]
    );
    assert_eq!(table.head.len(), 2);
    let rows: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| r.iter().map(|c| inlines_plain_text(c)).collect())
        .collect();
    assert_eq!(rows, [["1", "2"]]);
    assert_eq!(blocks[7].kind, BlockKind::ThematicBreak);
    let BlockKind::Div {
        name: "div",
        blocks: inner,
    } = &blocks[8].kind
    else {
        panic!("{:?}", blocks[8])
    };
    assert_eq!(blocks[8].attrs.get("class"), Some("x"));
    assert!(matches!(&inner[0].kind, BlockKind::Plain(i) if inlines_plain_text(i) == "raw"));
    assert_eq!(blocks[8].pos.line, 26);
}

#[test]
fn curly_quotes_and_dashes_in_the_source_are_kept() {
    let dir = summary_book(&[("one.md", "# T\n\nSerge’s “Present” — as ‘is’.\n")]);
    let (book, _) = load_ok(dir.path());
    assert_eq!(
        paragraph_text(&book.chapters[0].blocks[1]),
        "Serge’s “Present” — as ‘is’."
    );
}

// ---- metadata ----------------------------------------------------------------

#[test]
fn modified_is_the_newest_source_mtime() {
    // No test sets SOURCE_DATE_EPOCH in this process (tests/cli.rs checks it
    // through the binary), so the loader falls back to file times.
    if std::env::var_os("SOURCE_DATE_EPOCH").is_some() {
        return;
    }
    let dir = summary_book(&[("one.md", "# One\n\nText.\n")]);
    let at = |secs: u64| std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs);
    for (name, secs) in [
        ("book.toml", 1_000_000_000u64),
        ("SUMMARY.md", 1_100_000_000),
        ("one.md", 1_200_000_000),
    ] {
        let f = fs::File::options()
            .write(true)
            .open(dir.path().join(name))
            .unwrap();
        f.set_modified(at(secs)).unwrap();
    }
    let (book, _) = load_ok(dir.path());
    assert_eq!(book.meta.modified, 1_200_000_000);
}

#[test]
fn defaults_and_warnings_for_missing_metadata() {
    let dir = write_book(&[
        ("book.toml", b"[book]\ntitle = \"Bare\"\n"),
        ("one.md", b"# One\n"),
    ]);
    let (book, warnings) = load_ok(dir.path());
    assert_eq!(book.meta.language, "en");
    assert_eq!(book.settings.hyphenation.language, "en");
    assert!(book.meta.identifier.starts_with("urn:uuid:"));
    find(&warnings, "language is not set");
    find(&warnings, "identifier is not set");
    // The built-in fonts are there.
    assert_eq!(book.settings.fonts.regular.name, "EBGaramond-Regular.ttf");
    // A5 in points.
    assert!((book.settings.pdf.trim.width - 419.53).abs() < 0.01);
}

#[test]
fn note_labels_match_case_insensitively() {
    let dir = summary_book(&[("one.md", "# One\n\nText.[^Note]\n\n[^note]: Body.\n")]);
    let (book, warnings) = load_ok(dir.path());
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(book.notes.len(), 1);
    assert_eq!(book.notes[0].refs.len(), 1);
}

#[test]
fn an_empty_chapter_file_is_left_out_with_a_warning() {
    let dir = summary_book(&[("one.md", "# One\n\nText.\n"), ("two.md", "\n")]);
    let (book, warnings) = load_ok(dir.path());
    assert_eq!(book.chapters.len(), 1);
    let d = find(&warnings, "the chapter file is empty");
    assert!(d.file.ends_with("two.md"));
}

#[test]
fn empty_formats_list_is_an_error() {
    let toml = format!("{TOML}\n[output]\nformats = []\n");
    let dir = write_book(&[("book.toml", toml.as_bytes()), ("one.md", b"# One\n")]);
    let diags = load_err(dir.path());
    assert_eq!(find(&diags, "[output] formats is empty").line, 8);
}

#[test]
fn summary_entry_leaving_the_book_folder() {
    let dir = write_book(&[
        ("book.toml", TOML.as_bytes()),
        ("SUMMARY.md", b"# Summary\n\n- [Out](../elsewhere.md)\n"),
    ]);
    let diags = load_err(dir.path());
    let d = find(&diags, "chapter `../elsewhere.md` leaves the book folder");
    assert_eq!((d.line, d.col), (3, 3));
}

#[test]
fn stylesheet_and_hyphenation_settings() {
    let toml = format!(
        "{TOML}\n[hyphenation]\nenabled = false\nexceptions = [\"Bol-she-vism\"]\n\n[epub]\nstylesheet = \"missing.css\"\n"
    );
    let dir = write_book(&[("book.toml", toml.as_bytes()), ("one.md", b"# One\n")]);
    let diags = load_err(dir.path());
    assert_eq!(
        find(&diags, "stylesheet `missing.css` cannot be read").line,
        12
    );

    // Without [epub] stylesheet, style.css in the book folder is used.
    let toml = format!("{TOML}\n[hyphenation]\nenabled = false\nexceptions = [\"Bol-she-vism\"]\n");
    let dir = write_book(&[
        ("book.toml", toml.as_bytes()),
        ("one.md", b"# One\n"),
        ("style.css", b"p { color: black }\n"),
    ]);
    let (book, _) = load_ok(dir.path());
    assert_eq!(
        book.settings.epub.stylesheet.as_deref(),
        Some("p { color: black }\n")
    );
    assert!(!book.settings.hyphenation.enabled);
    assert_eq!(book.settings.hyphenation.exceptions, vec!["Bol-she-vism"]);
    assert_eq!(book.settings.hyphenation.language, "en");
}

#[test]
fn not_a_book() {
    let dir = write_book(&[("notes.rtf", b"hello")]);
    let diags = load_err(dir.path());
    find(&diags, "no book.toml here");
    let diags = load_err(&dir.path().join("notes.rtf"));
    find(&diags, "a Markdown file ending in `.md`");
}

#[test]
fn a_language_without_hyphenation_patterns_is_a_warning() {
    let toml = TOML.replace("language = \"en\"", "language = \"ja\"");
    let dir = write_book(&[
        ("book.toml", toml.as_bytes()),
        ("one.md", b"# One\n\nText.\n"),
    ]);
    let (book, warnings) = load_ok(dir.path());
    assert_eq!(book.settings.hyphenation.language, "ja");
    let w = find(&warnings, "no hyphenation patterns for language `ja`");
    assert!(w.file.ends_with("book.toml"), "{w}");

    let toml = TOML.replace("language = \"en\"", "language = \"ja\"")
        + "\n[hyphenation]\nenabled = false\n";
    let dir = write_book(&[
        ("book.toml", toml.as_bytes()),
        ("one.md", b"# One\n\nText.\n"),
    ]);
    let (_, warnings) = load_ok(dir.path());
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// Inlines with their source positions cleared, to compare with ones
/// written out by hand.
fn unplaced(inlines: &[Inline]) -> Vec<Inline> {
    inlines
        .iter()
        .map(|i| {
            let mut i = i.clone();
            match &mut i {
                Inline::Text { pos, .. }
                | Inline::Code { pos, .. }
                | Inline::Link { pos, .. }
                | Inline::Image { pos, .. } => *pos = Default::default(),
                _ => {}
            }
            if let Some(children) = i.children_mut() {
                *children = unplaced(children);
            }
            i
        })
        .collect()
}

#[test]
fn task_items_definitions_alerts_and_fenced_divs_become_model_kinds() {
    let text = "# T\n\n- [x] done\n- [ ] open\n- plain\n\nTerm\n: One.\n: Two.\n\n\
                > [!WARNING]\n> Careful.\n\n::: {.note #n1}\nInside.\n\n::: aside\nDeeper.\n:::\n:::\n\n\
                ```\n:::\n```\n";
    let dir = summary_book(&[("one.md", text)]);
    let (book, diags) = load_ok(dir.path());
    let blocks = &book.chapters[0].blocks;
    let BlockKind::List { items, .. } = &blocks[1].kind else {
        panic!("{:?}", blocks[1])
    };
    let tasks: Vec<Option<bool>> = items.iter().map(|i| i.task).collect();
    assert_eq!(tasks, [Some(true), Some(false), None]);
    assert_eq!(paragraph_text(&items[0].blocks[0]), "done");
    let BlockKind::DefinitionList(entries) = &blocks[2].kind else {
        panic!("{:?}", blocks[2])
    };
    assert_eq!(inlines_plain_text(&entries[0].term), "Term");
    assert_eq!(entries[0].details.len(), 2);
    assert!(matches!(
        blocks[3].kind,
        BlockKind::Callout {
            kind: bindery::model::CalloutKind::Warning,
            ..
        }
    ));
    // `::: {.note #n1}` is a note box with its id; the div nested in it
    // keeps its class; the `:::` inside the code block is code.
    let BlockKind::Callout {
        kind,
        blocks: inner,
    } = &blocks[4].kind
    else {
        panic!("{:?}", blocks[4])
    };
    assert_eq!(*kind, bindery::model::CalloutKind::Note);
    assert_eq!(blocks[4].attrs.id(), Some("n1"));
    assert!(matches!(&inner[1].kind, BlockKind::Div { name: "div", .. }));
    assert_eq!(inner[1].attrs.get("class"), Some("aside"));
    assert!(matches!(&blocks[5].kind, BlockKind::CodeBlock { text, .. } if text == ":::\n"));
    assert_eq!(blocks.len(), 6);
    let d = find(&diags, "fenced div class `aside`");
    assert_eq!((d.line, d.col), (17, 1));
}

#[test]
fn stray_and_unclosed_fences_are_reported_and_math_is_kept_as_written() {
    let text = "# T\n\n:::\n\nText $x^2$ here.\n\n::: tip\nNever closed.\n";
    let dir = summary_book(&[("one.md", text)]);
    let (book, diags) = load_ok(dir.path());
    let d = find(&diags, "closing `:::` fence without an opening one");
    assert_eq!((d.line, d.col), (3, 1));
    let d = find(&diags, "math is not typeset yet: `$x^2$`");
    assert_eq!((d.line, d.col), (5, 6));
    let d = find(&diags, "never closed");
    assert_eq!((d.line, d.col), (7, 1));
    let blocks = &book.chapters[0].blocks;
    assert_eq!(paragraph_text(&blocks[1]), "Text $x^2$ here.");
    assert!(matches!(&blocks[2].kind, BlockKind::Callout { blocks, .. } if blocks.len() == 1));
}

#[test]
fn table_cells_past_the_header_are_warned_about_where_they_start() {
    let text = "# T\n\n| a | b |\n| - | - |\n| x | y | qzextra |\n| x \\| y | z |\n| x | y | |\n\n> | a | b |\n> |---|---|\n> c | d | `e|f`\n\n| a | b |\n|---|---|\n| x | y | qzcap |\n\nTable: Caption.\n";
    let dir = summary_book(&[("one.md", text)]);
    let (_, warnings) = load_ok(dir.path());
    let found: Vec<_> = warnings
        .iter()
        .filter(|d| d.message.contains("table cells not rendered"))
        .map(|d| (d.line, d.col, d.message.as_str()))
        .collect();
    let message = |cells| {
        format!(
            "table cells not rendered: this row has {cells} cells, more than the header (2 columns); add header cells or join these into the last one"
        )
    };
    let (three, four) = (message(3), message(4));
    assert_eq!(
        found,
        vec![
            (5, 11, three.as_str()),
            (11, 11, four.as_str()),
            (15, 11, three.as_str())
        ],
        "{warnings:#?}"
    );
}
