//! The PDF's text layer, read back by two extractors that work differently
//! — poppler's `pdftotext -layout` (which honours `/ActualText`) and pypdf (which
//! reads only the fonts' ToUnicode maps) — gives back every word of the
//! sources whole: a hyphen the line breaker inserted reads as U+00AD at the
//! line's end and vanishes when the lines are joined, a real hyphen reads
//! as `-` wherever it falls, ligatures, small capitals and superior
//! figures as their letters and digits.

mod pdf_support;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use bindery::model::{Block, BlockKind, Book, Inline};
use pdf_support::{dehyphenate, load, render, sample_dir, tool};

/// The Python that has pypdf (`tests/run` exports it).
fn pypdf_python() -> PathBuf {
    std::env::var_os("PYPDF_PYTHON").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-tools/venv/bin/python"),
        PathBuf::from,
    )
}

/// Every page's text as pypdf extracts it, pages separated by newlines.
fn pypdf_text(pdf: &Path) -> String {
    let python = pypdf_python();
    let script = "import sys, pypdf\n\
                  r = pypdf.PdfReader(sys.argv[1])\n\
                  sys.stdout.write('\\n'.join(p.extract_text() for p in r.pages))\n";
    tool(
        python.to_str().unwrap(),
        &["-c", script, pdf.to_str().unwrap()],
    )
}

/// The book's words as the PDF sets them (note numbers where their
/// marks stand, each note opening with its number), code left out.
fn source_words(book: &Book) -> BTreeSet<String> {
    let mut text = String::new();
    for chapter in &book.chapters {
        blocks_text(book, &chapter.blocks, &mut text);
    }
    for note in &book.notes {
        {
            text.push_str(&format!(" {}. ", note.number));
            blocks_text(book, &note.blocks, &mut text);
        }
    }
    tokens(&text)
}

fn blocks_text(book: &Book, blocks: &[Block], out: &mut String) {
    for b in blocks {
        match &b.kind {
            BlockKind::Paragraph(i)
            | BlockKind::Plain(i)
            | BlockKind::Heading { content: i, .. } => {
                inline_text(book, i, out);
            }
            BlockKind::BlockQuote(inner) | BlockKind::Div { blocks: inner, .. } => {
                blocks_text(book, inner, out)
            }
            BlockKind::List { items, .. } => {
                for it in items {
                    blocks_text(book, &it.blocks, out);
                }
            }
            BlockKind::Table(t) => {
                for cell in t.head.iter().chain(t.rows.iter().flatten()) {
                    inline_text(book, cell, out);
                    out.push(' ');
                }
            }
            BlockKind::Figure { caption, .. } => inline_text(book, caption, out),
            _ => {}
        }
        out.push(' ');
    }
}

fn inline_text(book: &Book, inlines: &[Inline], out: &mut String) {
    for i in inlines {
        match i {
            Inline::Text { text, .. } => out.push_str(text),
            Inline::Code { .. } => out.push(' '),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::NoteRef(r) => out.push_str(&book.note(r.note).number.to_string()),
            Inline::SoftBreak | Inline::HardBreak => out.push(' '),
            other => inline_text(book, other.children(), out),
        }
    }
}

/// Words split at white space and dashes, outer punctuation trimmed
/// (inner hyphens, apostrophes and soft hyphens kept, so a wrong one
/// shows); only those with a letter.
fn tokens(text: &str) -> BTreeSet<String> {
    text.split(|c: char| c.is_whitespace() || c == '—' || c == '–')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\u{AD}'))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .map(str::to_string)
        .collect()
}

/// Checks one extractor's text against the book's words.
fn check(name: &str, book: &str, extracted: &str, words: &BTreeSet<String>) {
    let joined = dehyphenate(&extracted.lines().collect::<Vec<_>>());
    let mut got = tokens(&joined);
    let with_soft: Vec<&String> = got.iter().filter(|w| w.contains('\u{AD}')).collect();
    assert!(
        with_soft.is_empty(),
        "{name} on {book}: U+00AD left inside words once the lines are joined: {with_soft:?}"
    );
    // A word hyphenated at the foot of a page goes on after the notes and
    // the next running head: what follows its line is another text, whose
    // first word is whole on its own line.
    got.extend(
        tokens(&extracted.replace('\u{AD}', "\u{AD} "))
            .into_iter()
            .filter(|w| !w.contains('\u{AD}')),
    );
    // A word hyphenated on a page's last line goes on at the next page's
    // first body line, after the notes: its two parts, the first ending in
    // the inserted hyphen, the second opening a line.
    let lines: Vec<&str> = extracted.lines().collect();
    let heads: Vec<String> = lines
        .iter()
        .filter_map(|l| l.trim_end().strip_suffix('\u{AD}'))
        .filter_map(|l| l.rsplit(char::is_whitespace).next())
        .map(str::to_string)
        .collect();
    let tails: BTreeSet<String> = lines
        .iter()
        .filter_map(|l| tokens(l).into_iter().next())
        .collect();
    let split_at_page = |w: &String| {
        heads.iter().any(|h| {
            w.strip_prefix(h.as_str())
                .is_some_and(|t| tails.contains(t))
        })
    };
    let missing: Vec<&String> = words
        .iter()
        .filter(|w| !got.contains(*w) && !split_at_page(w))
        .collect();
    assert!(
        missing.is_empty(),
        "{name} on {book}: {} of {} source words not given back whole: {missing:?}",
        missing.len(),
        words.len()
    );
}

/// Builds the book in `dir` and checks both extractors; returns how many
/// lines of the PDF end in an inserted hyphen and in a real one.
fn check_book(dir: &Path, name: &str) -> (usize, usize) {
    let book = load(dir);
    let out = tempfile::tempdir().unwrap();
    let pdf = render(&book, out.path(), name);
    let words = source_words(&book);
    assert!(words.len() > 20, "{name}: too few words to test");
    // `-layout`: poppler's default reading-order mode joins a line ending
    // in U+002D to the next and drops the hyphen, whatever the PDF says
    // (its own guess that a line-final `-` was inserted), and `-raw` drops
    // the spaces of tightly set lines; the layout mode reports what the
    // text layer holds.
    let poppler = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    check("pdftotext", name, &poppler, &words);
    let pypdf = pypdf_text(&pdf);
    check("pypdf", name, &pypdf, &words);
    let ends = |suffix: char| {
        poppler
            .lines()
            .filter(|l| l.trim_end().ends_with(suffix))
            .count()
    };
    (ends('\u{AD}'), ends('-'))
}

#[test]
fn the_sample_book_copies_word_for_word() {
    let (soft, _) = check_book(&sample_dir(), "sample");
    assert!(soft > 5, "the sample should have hyphenated lines: {soft}");
}

#[test]
fn the_french_fixture_copies_word_for_word() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/french");
    let (soft, _) = check_book(&dir, "french");
    assert!(soft > 0, "the French fixture should have a hyphenated line");
}

/// The notes fixture: compounds (long-standing, fourteen-day, well-known)
/// in the body and in long notes, broken after their real hyphens too.
#[test]
fn the_footnotes_fixture_copies_word_for_word() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/footnotes");
    let (soft, hard) = check_book(&dir, "footnotes");
    assert!(
        soft > 0 && hard > 0,
        "the notes fixture should have lines ending at inserted ({soft}) and real ({hard}) hyphens"
    );
}

/// Compounds and long words on a narrow page: lines end after real
/// hyphens and at inserted ones, and a real hyphen is drawn often before
/// and after the first inserted one (the first use of a glyph once decided
/// its text for the whole file).
#[test]
fn a_book_of_hyphenated_words_copies_word_for_word() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("book.toml"),
        "[book]\ntitle = \"Compounds\"\nauthors = [\"T\"]\nlanguage = \"en-GB\"\n\
         identifier = \"urn:uuid:00000000-0000-4000-8000-000000001101\"\n\
         [pdf]\ntrim = { width = \"95mm\", height = \"150mm\" }\n\
         margins = { top = \"14mm\", bottom = \"14mm\", inner = \"12mm\", outer = \"12mm\" }\n",
    )
    .unwrap();
    fs::write(d.join("SUMMARY.md"), "# Summary\n\n- [One](one.md)\n").unwrap();
    let compounds = [
        "English-speaking",
        "fifteen-day",
        "well-known",
        "twenty-first-century",
        "counter-revolutionary",
        "self-sufficiency",
        "long-established",
        "anti-authoritarian",
        "post-industrial",
        "mother-in-law",
    ];
    let long = [
        "incomprehensibility",
        "internationalisation",
        "characteristically",
        "uncharacteristically",
        "disproportionately",
        "telecommunications",
    ];
    let mut text = String::from("# One\n\n");
    for p in 0..8 {
        for s in 0..6 {
            let c = compounds[(p * 3 + s) % compounds.len()];
            let l = long[(p + s) % long.len()];
            text.push_str(&format!(
                "The {c} reader found the {l} of the {} argument, and said so. ",
                compounds[(p + s * 7) % compounds.len()]
            ));
        }
        text.push_str("\n\n");
    }
    fs::write(d.join("one.md"), text).unwrap();
    let (soft, hard) = check_book(d, "compounds");
    assert!(soft >= 5, "lines ending in an inserted hyphen: {soft}");
    assert!(hard >= 3, "lines ending in a real hyphen: {hard}");
}

/// A word wider than its column (fuzz seed 597: a 6-column table in a
/// list item) or than the measure breaks between two glyphs at an
/// emergency break: marked with an inserted hyphen, read back as U+00AD,
/// so the word is whole once the lines are joined; a URL and code break
/// there without one.
#[test]
fn a_word_broken_at_an_emergency_break_gets_a_hyphen_and_reads_whole() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!("qz{}", "597w394k".repeat(14));
    let url = format!(
        "https://example.com/{}/x",
        "averyverylongpathsegment".repeat(4)
    );
    let code = format!("code{}", "x".repeat(90));
    let cell = "qz597w394kqz597w394k";
    fs::write(
        dir.path().join("long.md"),
        format!(
            "---\ntitle: Long\nlang: en\n---\n# Long\n\nA word {long} ends here.\n\n\
             - Item:\n\n  | a | b | c | d | e | f |\n  |---|---|---|---|---|---|\n  \
             | {cell} | {cell} | {cell} | {cell} | {cell} | {cell} |\n\n\
             See {url} and `{code}` end.\n"
        ),
    )
    .unwrap();
    let (book, mut diags) = bindery::book::load(&dir.path().join("long.md")).unwrap();
    let pdf = dir.path().join("long.pdf");
    fs::write(&pdf, bindery::pdf::render(&book, &mut diags).unwrap()).unwrap();
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let lines: Vec<&str> = text.lines().collect();
    let joined = dehyphenate(&lines);
    assert!(joined.contains(&long), "{joined}");
    // The table cell: the line of the cell ends with an inserted hyphen
    // after a piece of the word.
    let bbox = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let pieces: Vec<&str> = bbox
        .lines()
        .filter_map(|l| l.trim().strip_suffix("</word>"))
        .filter_map(|l| l.rsplit('>').next())
        .collect();
    assert!(
        pieces.iter().any(|p| p
            .strip_suffix('\u{AD}')
            .is_some_and(|stem| stem.len() > 2 && cell.starts_with(stem))),
        "{pieces:?}"
    );
    // The URL and the code break with no hyphen.
    let soft: Vec<&&str> = pieces.iter().filter(|p| p.ends_with('\u{AD}')).collect();
    assert!(
        soft.iter()
            .all(|p| p.starts_with("qz") || p.starts_with("597")),
        "{soft:?}"
    );
    assert!(joined.contains("averyverylongpathsegment"), "{joined}");
}
