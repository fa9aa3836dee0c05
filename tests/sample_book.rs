//! The sample book in `book/` is Susan Weissman's essay in
//! `tests/fixtures/serge-essay.txt`, turned into Markdown by hand. These tests
//! load it through the real loader and check that nothing was lost or
//! invented on the way: the notes, the section headings, the metadata, and the
//! text word for word. Every expectation about the text is derived from the
//! fixture file, never written out here.

use std::path::{Path, PathBuf};

use bindery::model::{
    Block, BlockKind, Book, ChapterKind, Inline, NoteNumbering, NoteRefId, inlines_plain_text,
};

/// The first line of the fixture's trailer (the magazine issue), after which
/// only a reader's comment follows; neither is part of the essay.
const TRAILER: &str = "ATC 136, September-October 2008";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Loads `book/`, insisting that it loads with no diagnostic at all.
fn load_sample() -> Book {
    let path = repo().join("book");
    let (book, warnings) = match bindery::book::load(&path) {
        Ok(loaded) => loaded,
        Err(e) => panic!("the sample book does not load:\n{e}"),
    };
    let warnings: Vec<String> = warnings.iter().map(|d| d.to_string()).collect();
    assert!(
        warnings.is_empty(),
        "the sample book loads with warnings:\n{}",
        warnings.join("\n")
    );
    book
}

/// The fixture, taken apart the way the sample book was made from it.
struct Fixture {
    /// The byline's name ("— Susan Weissman").
    author: String,
    /// The bio paragraph and the essay with its headings, the `(N)` markers
    /// removed, one entry per non-empty line.
    text_lines: Vec<String>,
    /// The `(N)` markers' numbers, in the order they stand in the text.
    markers: Vec<u32>,
    /// The note definitions' texts, in the order of their numbers, with the
    /// leading `N.` removed.
    notes: Vec<String>,
}

fn fixture() -> Fixture {
    let path = repo().join("tests/fixtures/serge-essay.txt");
    let source = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut lines = source.lines();
    let byline = lines.next().expect("the fixture is empty");
    let author = byline
        .strip_prefix("— ")
        .unwrap_or_else(|| panic!("the fixture's first line is not a byline: {byline:?}"))
        .trim()
        .to_string();

    let mut text_lines = Vec::new();
    let mut markers = Vec::new();
    let mut notes = Vec::new();
    let mut saw_trailer = false;
    for line in lines {
        if line.trim() == TRAILER {
            saw_trailer = true;
            break; // the reader's comment follows: not part of the essay
        }
        if line.trim().is_empty() {
            continue;
        }
        if let Some((number, text)) = note_definition(line) {
            assert_eq!(
                number as usize,
                notes.len() + 1,
                "fixture note definitions out of order at {line:?}"
            );
            notes.push(text.to_string());
        } else {
            assert!(
                notes.is_empty(),
                "text after the note definitions in the fixture: {line:?}"
            );
            text_lines.push(remove_markers(line, &mut markers));
        }
    }
    assert!(saw_trailer, "the fixture has no {TRAILER:?} line");
    Fixture {
        author,
        text_lines,
        markers,
        notes,
    }
}

/// `  12. Workers individual rights…` → `(12, "Workers individual rights…")`.
fn note_definition(line: &str) -> Option<(u32, &str)> {
    if !line.starts_with(' ') {
        return None;
    }
    let rest = line.trim_start();
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let text = rest[digits..].strip_prefix(". ")?;
    Some((rest[..digits].parse().ok()?, text))
}

/// Removes the `(N)` note markers from a line, recording their numbers.
fn remove_markers(line: &str, markers: &mut Vec<u32>) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('(') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with(')') {
            markers.push(after[..digits].parse().expect("digits"));
            rest = &after[digits + 1..];
        } else {
            out.push('(');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The words of a text: maximal runs of letters and digits. Punctuation,
/// quotes, dashes and spacing are not words, so typography (curly quotes,
/// ellipses, emphasis) can differ while the words must not.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The text of blocks, each ending a line. Level-1 headings (chapter titles,
/// which come from book.toml's title, not the fixture) are left out.
fn push_blocks(blocks: &[Block], out: &mut String) {
    for block in blocks {
        match &block.kind {
            BlockKind::Paragraph(inlines) | BlockKind::Plain(inlines) => {
                out.push_str(&inlines_plain_text(inlines))
            }
            BlockKind::Heading { level: 1, .. } => {}
            BlockKind::Heading { content, .. } => out.push_str(&inlines_plain_text(content)),
            BlockKind::BlockQuote(inner)
            | BlockKind::Div { blocks: inner, .. }
            | BlockKind::Callout { blocks: inner, .. } => push_blocks(inner, out),
            BlockKind::List { items, .. } => {
                for item in items {
                    push_blocks(&item.blocks, out);
                }
            }
            BlockKind::DefinitionList(entries) => {
                for entry in entries {
                    out.push_str(&inlines_plain_text(&entry.term));
                    for detail in &entry.details {
                        push_blocks(detail, out);
                    }
                }
            }
            BlockKind::CodeBlock { text, .. } | BlockKind::Html(text) => out.push_str(text),
            BlockKind::Table(table) => {
                for cell in table.head.iter().chain(table.rows.iter().flatten()) {
                    out.push_str(&inlines_plain_text(cell));
                    out.push(' ');
                }
            }
            BlockKind::Figure { alt, caption, .. } => {
                out.push_str(alt);
                out.push(' ');
                out.push_str(&inlines_plain_text(caption));
            }
            BlockKind::ThematicBreak => {}
        }
        out.push('\n');
    }
}

fn blocks_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    push_blocks(blocks, &mut out);
    out
}

/// Every note reference in the blocks, in reading order.
fn collect_refs(blocks: &[Block], out: &mut Vec<NoteRefId>) {
    fn inlines(list: &[Inline], out: &mut Vec<NoteRefId>) {
        for inline in list {
            match inline {
                Inline::NoteRef(r) => out.push(*r),
                Inline::Emphasis(c)
                | Inline::Strong(c)
                | Inline::Strikethrough(c)
                | Inline::Link { content: c, .. } => inlines(c, out),
                _ => {}
            }
        }
    }
    for block in blocks {
        match &block.kind {
            BlockKind::Paragraph(list) | BlockKind::Heading { content: list, .. } => {
                inlines(list, out)
            }
            BlockKind::BlockQuote(inner) => collect_refs(inner, out),
            BlockKind::List { items, .. } => {
                for item in items {
                    collect_refs(&item.blocks, out);
                }
            }
            BlockKind::Table(table) => {
                for cell in table.head.iter().chain(table.rows.iter().flatten()) {
                    inlines(cell, out);
                }
            }
            BlockKind::Figure { caption, .. } => inlines(caption, out),
            _ => {}
        }
    }
}

/// Asserts two word sequences are equal; when they are not, shows the first
/// differing position with the words around it on both sides.
fn assert_same_words(what: &str, expected: &[String], actual: &[String]) {
    if expected == actual {
        return;
    }
    let at = expected
        .iter()
        .zip(actual)
        .position(|(e, a)| e != a)
        .unwrap_or(expected.len().min(actual.len()));
    let context = |ws: &[String]| {
        let from = at.saturating_sub(12);
        let to = (at + 12).min(ws.len());
        let before = ws[from..at.min(ws.len())].join(" ");
        let after = ws[at.min(ws.len())..to].join(" ");
        format!("… {before} ⟦{}⟧ …", after)
    };
    panic!(
        "{what}: the words differ at word {at} (fixture has {} words, book has {}):\n  fixture: {}\n  book:    {}",
        expected.len(),
        actual.len(),
        context(expected),
        context(actual),
    );
}

fn essay_index(book: &Book) -> usize {
    let body: Vec<usize> = (0..book.chapters.len())
        .filter(|&i| book.chapters[i].kind == ChapterKind::Body)
        .collect();
    assert_eq!(body.len(), 1, "the sample book has one body chapter");
    body[0]
}

#[test]
fn fixture_is_as_the_book_was_made_from() {
    // Guards the other tests' reading of the fixture: if the fixture changed
    // shape, they would compare the book against the wrong thing.
    let fx = fixture();
    assert_eq!(fx.author, "Susan Weissman");
    assert_eq!(fx.markers, (1..=13).collect::<Vec<u32>>());
    assert_eq!(fx.notes.len(), 13);
    assert!(
        fx.text_lines[0].starts_with("Suzi (Susan) Weissman is the author"),
        "the bio comes first: {:?}",
        fx.text_lines[0]
    );
}

#[test]
fn chapters_are_the_bio_then_the_essay() {
    let book = load_sample();
    let kinds: Vec<ChapterKind> = book.chapters.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, [ChapterKind::Front, ChapterKind::Body]);

    let about = &book.chapters[0];
    assert_eq!(inlines_plain_text(&about.title), "About the Author");
    assert!(
        !about
            .blocks
            .iter()
            .any(|b| matches!(b.kind, BlockKind::Heading { .. })),
        "the bio has no heading"
    );
    let fx = fixture();
    assert_eq!(
        words(&blocks_text(&about.blocks)),
        words(&fx.text_lines[0]),
        "about.md is the fixture's bio paragraph"
    );

    let essay = &book.chapters[1];
    match essay.blocks.first().map(|b| &b.kind) {
        Some(BlockKind::Heading {
            level: 1, content, ..
        }) => assert_eq!(inlines_plain_text(content), book.meta.title),
        other => panic!("the essay should open with its title as a level-1 heading, not {other:?}"),
    }
}

#[test]
fn thirteen_notes_each_referenced_once_in_order() {
    let book = load_sample();
    let essay = essay_index(&book);
    assert_eq!(book.notes.len(), 13, "the essay has 13 notes");

    let mut refs = Vec::new();
    collect_refs(&book.chapters[essay].blocks, &mut refs);
    assert_eq!(refs.len(), 13, "13 note references in the text");
    for (i, r) in refs.iter().enumerate() {
        let note = book.note(r.note);
        let n = i as u32 + 1;
        assert_eq!(note.number, n, "reference {n} shows the note's number");
        assert_eq!(note.label, n.to_string(), "note {n} keeps its label");
        assert_eq!(note.chapter, essay, "note {n} belongs to the essay");
        assert_eq!(r.occurrence, 0, "note {n} is referenced once");
        assert_eq!(note.refs.len(), 1, "note {n} has exactly one reference");
        assert!(!note.blocks.is_empty(), "note {n} has content");
    }
    let mut distinct: Vec<_> = refs.iter().map(|r| r.note).collect();
    distinct.dedup();
    assert_eq!(distinct.len(), 13, "each reference points at its own note");
}

#[test]
fn each_note_says_what_the_fixture_says() {
    let book = load_sample();
    let fx = fixture();
    let essay = essay_index(&book);
    let notes: Vec<_> = book.chapter_notes(essay).collect();
    assert_eq!(notes.len(), fx.notes.len());
    for (note, expected) in notes.iter().zip(&fx.notes) {
        let got = words(&blocks_text(&note.blocks));
        let want = words(expected);
        let start = want.len().min(6);
        assert_eq!(
            got.get(..start),
            Some(&want[..start]),
            "note {} starts as in the fixture",
            note.number
        );
        assert_same_words(&format!("note {}", note.number), &want, &got);
    }
}

#[test]
fn three_sections_with_their_exact_headings() {
    let book = load_sample();
    let fx = fixture();
    let essay = &book.chapters[essay_index(&book)];
    let headings: Vec<(u8, String)> = essay
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Heading { level, content, .. } => {
                Some((*level, inlines_plain_text(content)))
            }
            _ => None,
        })
        .collect();
    let sections: Vec<(u8, String)> = [
        "Defeat, Renewal and Democracy",
        "From Serge’s “Present” to Ours",
        "The Heart of Socialism",
    ]
    .iter()
    .map(|s| {
        assert!(
            fx.text_lines.iter().any(|l| l == s),
            "{s:?} is a line of its own in the fixture"
        );
        (2, s.to_string())
    })
    .collect();
    assert_eq!(headings[0], (1, book.meta.title.clone()));
    assert_eq!(&headings[1..], &sections[..]);
}

#[test]
fn metadata_is_what_book_toml_says() {
    let book = load_sample();
    let fx = fixture();
    let path = repo().join("book/book.toml");
    let text = std::fs::read_to_string(&path).expect("book/book.toml");
    let toml: toml::Table = toml::from_str(&text).expect("book.toml is TOML");
    let table = toml["book"].as_table().expect("[book]");
    let string = |key: &str| {
        table
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_else(|| panic!("book.toml has no [book] {key}"))
            .to_string()
    };

    let meta = &book.meta;
    assert_eq!(meta.title, string("title"));
    assert_eq!(
        meta.authors,
        std::slice::from_ref(&fx.author),
        "the byline is the author"
    );
    assert_eq!(meta.language, "en-US");
    assert_eq!(meta.identifier, string("identifier"));
    assert!(
        meta.identifier.starts_with("urn:uuid:") && meta.identifier.len() == 9 + 36,
        "a fixed urn:uuid identifier: {}",
        meta.identifier
    );
    assert_eq!(meta.publisher.as_deref(), Some("Against the Current"));
    assert_eq!(meta.source, Some(string("source")));
    let source = meta.source.as_deref().unwrap_or_default();
    assert!(
        source.contains("ATC 136") && source.contains("2008"),
        "the source names the magazine issue: {source}"
    );
    assert_eq!(meta.date.as_deref(), Some("2008-09"));
    assert_eq!(meta.description, Some(string("description")));
    assert_eq!(meta.rights, Some(string("rights")));

    assert_eq!(book.settings.output_name, "serge");
    assert_eq!(book.settings.note_numbering, NoteNumbering::PerChapter);
    let cover = book.cover.as_ref().expect("the sample book has a cover");
    assert_eq!(cover.media_type, "image/jpeg");
    assert_eq!((cover.width, cover.height), (1600, 2560));
}

#[test]
fn the_book_has_the_fixtures_words_in_order() {
    let book = load_sample();
    let fx = fixture();

    let mut expected: Vec<String> = fx.text_lines.iter().flat_map(|l| words(l)).collect();
    expected.extend(fx.notes.iter().flat_map(|n| words(n)));

    let mut text = String::new();
    for (i, chapter) in book.chapters.iter().enumerate() {
        push_blocks(&chapter.blocks, &mut text);
        for note in book.chapter_notes(i) {
            push_blocks(&note.blocks, &mut text);
        }
    }
    assert_same_words("the sample book", &expected, &words(&text));
}

#[test]
fn the_reader_comment_is_left_out() {
    // The fixture's trailer holds a reader's comment; a word only it has must
    // not reach the book (the whole-text comparison would say where, this
    // says why).
    let fx_text =
        std::fs::read_to_string(repo().join("tests/fixtures/serge-essay.txt")).expect("fixture");
    let trailer = &fx_text[fx_text.find(TRAILER).expect("trailer")..];
    assert!(trailer.contains("critizising"));
    for file in ["about.md", "essay.md"] {
        let md =
            std::fs::read_to_string(Path::new(&repo()).join("book").join(file)).expect("book file");
        assert!(
            !md.contains("critizising"),
            "{file} holds the reader comment"
        );
        assert!(!md.contains(TRAILER), "{file} holds the trailer line");
    }
}
