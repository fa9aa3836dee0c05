//! Footnotes in the PDF: every note's text starts at the foot of the page
//! that holds its reference mark, a note too long for that page continues
//! at the foot of the next page(s) before that page's own notes, and the
//! notes' words come back whole and in order. Checked on the sample book and
//! on a long synthetic book with many notes per page, from both the
//! engine's layout data and the PDF's text (`pdftotext -layout`).

mod pdf_support;

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use bindery::model::{Block, BlockKind, Book, Inline, NoteId};
use bindery::pdf::{PageLines, Stats};
use pdf_support::*;

/// For each note's first reference: the end of the word the mark follows
/// (up to four letters) and the mark, as pdftotext gives them back run
/// together (`…tion1`).
fn mark_tails(book: &Book) -> HashMap<NoteId, String> {
    fn inlines(book: &Book, list: &[Inline], cur: &mut String, out: &mut HashMap<NoteId, String>) {
        for i in list {
            match i {
                Inline::Text { text: t, .. } | Inline::Code { text: t, .. } => {
                    for c in t.chars() {
                        if c.is_whitespace() || c == '—' || c == '–' {
                            cur.clear();
                        } else if c.is_alphanumeric() {
                            cur.extend(c.to_lowercase());
                        }
                    }
                }
                Inline::Emphasis(c)
                | Inline::Strong(c)
                | Inline::Strikethrough(c)
                | Inline::Link { content: c, .. } => inlines(book, c, cur, out),
                Inline::NoteRef(r) => {
                    let number = book.note(r.note).number.to_string();
                    if r.occurrence == 0 && !cur.is_empty() {
                        let tail: String = {
                            let chars: Vec<char> = cur.chars().collect();
                            chars[chars.len().saturating_sub(4)..].iter().collect()
                        };
                        out.insert(r.note, tail + &number);
                    }
                    cur.push_str(&number);
                }
                Inline::SoftBreak | Inline::HardBreak => cur.clear(),
                _ => {}
            }
        }
    }
    fn blocks(book: &Book, list: &[Block], out: &mut HashMap<NoteId, String>) {
        for b in list {
            let mut cur = String::new();
            match &b.kind {
                BlockKind::Paragraph(i) | BlockKind::Heading { content: i, .. } => {
                    inlines(book, i, &mut cur, out)
                }
                BlockKind::BlockQuote(inner) => blocks(book, inner, out),
                BlockKind::List { items, .. } => {
                    for it in items {
                        blocks(book, &it.blocks, out);
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = HashMap::new();
    for ch in &book.chapters {
        blocks(book, &ch.blocks, &mut out);
    }
    out
}

/// What the check found, for the callers' own assertions.
#[derive(Debug, Default)]
struct Found {
    notes: usize,
    split: Vec<u32>,
    /// Most notes starting on one page.
    most_on_a_page: usize,
    /// Notes called from the last body line of their page.
    called_from_last_line: usize,
    /// Pages a note's text spans, at most.
    longest_span: usize,
    /// Pages that open their notes with a continuation (each checked
    /// for its "(continued)" mark).
    marked: usize,
    /// Notes whose continuation skips a page (the page breaker allows it,
    /// at a cost, when the next page has no room).
    deferred: Vec<u32>,
}

/// Every note: its first lines at the foot of its call's page (engine and
/// PDF text), continuations first on the following pages, its words whole.
fn check_notes(name: &str, book: &Book, pages: &[PageLines], texts: &[String]) -> Found {
    let mut found = Found::default();
    let mut call_page: HashMap<NoteId, usize> = HashMap::new();
    for (pi, p) in pages.iter().enumerate() {
        for c in &p.calls {
            if c.note.occurrence == 0 {
                call_page.entry(c.note.note).or_insert(pi);
                if c.line + 1 == p.lines.len() {
                    found.called_from_last_line += 1;
                }
            }
        }
    }
    let tails = mark_tails(book);
    let mut set_lines: HashMap<NoteId, Vec<String>> = HashMap::new();
    let mut pages_of: HashMap<NoteId, Vec<usize>> = HashMap::new();
    let mut next_line: HashMap<NoteId, usize> = HashMap::new();
    for (pi, p) in pages.iter().enumerate() {
        let label = p.folio.text();
        let k: usize = p.note_slices.iter().map(|s| s.lines.len()).sum();
        let lines: Vec<&str> = texts[pi].lines().filter(|l| !l.trim().is_empty()).collect();
        assert!(
            lines.len() >= k,
            "{name} page {label}: {k} note lines set, the PDF text has {} lines",
            lines.len()
        );
        let (body, foot) = lines.split_at(lines.len() - k);
        let body_words = words(&dehyphenate(body));
        let mut at = 0;
        let mut starting = 0;
        let numbers: Vec<u32> = p
            .note_slices
            .iter()
            .map(|s| book.note(s.note).number)
            .collect();
        assert!(
            numbers.windows(2).all(|w| w[0] < w[1]),
            "{name} page {label}: the notes are not in increasing order: {numbers:?}"
        );
        if p.note_slices.first().is_some_and(|s| s.lines.start > 0) {
            assert!(
                texts[pi].contains("(continued)"),
                "{name} page {label}: a continued note without its (continued) mark"
            );
            found.marked += 1;
        }
        for (i, s) in p.note_slices.iter().enumerate() {
            let number = book.note(s.note).number;
            let split = s.lines.start > 0 || s.lines.end < s.total;
            assert!(
                !split || s.lines.len() >= 2,
                "{name} page {label}: a piece of note {number} of {} line(s) alone",
                s.lines.len()
            );
            assert!(
                s.lines.end == s.total || i + 1 == p.note_slices.len(),
                "{name} page {label}: note {number} continues but is not the page's last note"
            );
            assert!(
                s.lines.start == 0 || i == 0,
                "{name} page {label}: note {number}'s continuation is not the page's first note"
            );
        }
        for s in &p.note_slices {
            let number = book.note(s.note).number;
            let part = &foot[at..at + s.lines.len()];
            at += s.lines.len();
            assert_eq!(
                next_line.get(&s.note).copied().unwrap_or(0),
                s.lines.start,
                "{name} page {label}: note {number} resumes at the wrong line"
            );
            next_line.insert(s.note, s.lines.end);
            pages_of.entry(s.note).or_default().push(pi);
            if s.lines.start == 0 {
                starting += 1;
                assert_eq!(
                    call_page.get(&s.note),
                    Some(&pi),
                    "{name}: note {number} starts on page {label}, away from its call"
                );
                assert!(
                    s.lines.len() >= s.total.min(2),
                    "{name} page {label}: note {number} starts with {} of {} lines",
                    s.lines.len(),
                    s.total
                );
                assert!(
                    part[0].trim_start().starts_with(&format!("{number}.")),
                    "{name} page {label}: the foot's note {number} begins {:?}",
                    part[0]
                );
                assert!(
                    part[0].trim() != format!("{number}."),
                    "{name} page {label}: note {number}'s number stands alone on its line"
                );
                if let Some(tail) = tails.get(&s.note) {
                    // A word hyphenated over the page break shows only
                    // its end at the page's top.
                    let digits = number.to_string().len();
                    let continued = body_words
                        .iter()
                        .take(12)
                        .any(|w| w.len() > digits && tail.ends_with(w.as_str()));
                    assert!(
                        continued || body_words.iter().any(|w| w.contains(tail.as_str())),
                        "{name} page {label}: no mark {number} ({tail}) in the page's text: {body:#?}"
                    );
                }
            } else {
                assert_eq!(
                    starting, 0,
                    "{name} page {label}: note {number}'s continuation follows a note that starts here"
                );
                let prev = pages_of[&s.note].iter().rev().nth(1).copied();
                if prev != Some(pi - 1) {
                    found.deferred.push(number);
                }
                found.split.push(number);
            }
            set_lines
                .entry(s.note)
                .or_default()
                .extend(part.iter().map(|l| l.to_string()));
        }
        found.most_on_a_page = found.most_on_a_page.max(starting);
    }
    found.split.dedup();
    found.deferred.dedup();
    for note in &book.notes {
        if note.refs.is_empty() {
            continue;
        }
        let lines = set_lines
            .get(&note.id)
            .unwrap_or_else(|| panic!("{name}: note {} is never set", note.number));
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        assert_eq!(
            words(&dehyphenate(&refs)),
            note_words(book, note.id),
            "{name}: note {}'s text in the PDF differs from the book's",
            note.number
        );
        assert_eq!(
            next_line.get(&note.id).copied(),
            pages
                .iter()
                .flat_map(|p| &p.note_slices)
                .find(|s| s.note == note.id)
                .map(|s| s.total),
            "{name}: note {} is not set to its end",
            note.number
        );
        found.longest_span = found.longest_span.max(pages_of[&note.id].len());
        found.notes += 1;
    }
    for p in pages {
        assert!(
            !p.emergency,
            "{name} page {}: an emergency break",
            p.folio.text()
        );
    }
    found
}

/// Pages of a chapter that hold only notes come after all its body pages.
fn check_no_empty_bodied_pages(name: &str, pages: &[PageLines]) {
    let mut chapter_has_body_left = false;
    for (i, p) in pages.iter().enumerate().rev() {
        if p.chapter_opening || p.start.is_none() {
            chapter_has_body_left = false;
            if p.start.is_none() {
                continue;
            }
        }
        if p.lines.is_empty() {
            assert!(
                !chapter_has_body_left || p.note_slices.is_empty(),
                "{name} page {} (#{i}): notes took the whole page while body text follows",
                p.folio.text()
            );
        } else {
            chapter_has_body_left = true;
        }
    }
}

#[test]
fn every_sample_note_starts_on_its_calls_page() {
    let book = load(&sample_dir());
    let pages = bindery::pdf::page_lines(&book, &mut Vec::new()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pdf = render(&book, dir.path(), "sample");
    let texts = page_texts(&pdf, pages.len());
    let found = check_notes("sample", &book, &pages, &texts);
    println!("sample: {found:?}");
    assert_eq!(found.notes, 13, "the sample book has 13 notes");
    assert!(found.deferred.is_empty(), "{found:?}");
    assert!(
        !found.split.is_empty(),
        "no note of the sample book is split at A5 (notes 4 and 10 are long)"
    );
    check_no_empty_bodied_pages("sample", &pages);
}

/// A deterministic word stream.
struct Words(u64);

impl Words {
    fn next(&mut self) -> &'static str {
        const VOCAB: [&str; 24] = [
            "the",
            "revolution",
            "of",
            "democracy",
            "workers",
            "and",
            "their",
            "councils",
            "opposition",
            "in",
            "exile",
            "writing",
            "history",
            "against",
            "a",
            "party",
            "freedom",
            "socialism",
            "was",
            "never",
            "conscience",
            "the",
            "renewal",
            "power",
        ];
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        VOCAB[(self.0 >> 33) as usize % VOCAB.len()]
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next();
        (self.0 >> 40) % n
    }
    fn sentence(&mut self, n: usize) -> String {
        let mut s: Vec<&str> = (0..n).map(|_| self.next()).collect();
        s[0] = "Then";
        s.join(" ") + "."
    }
}

/// A book of `chapters` chapters with 3–6 notes in many paragraphs, two
/// notes called from one word, calls in a block quote and a list, and one
/// note longer than a page per chapter.
fn synthetic(dir: &Path, chapters: usize) {
    let mut w = Words(7);
    let mut summary = String::from("# Summary\n\n");
    for c in 1..=chapters {
        let mut text = format!("# Chapter {c}\n\n");
        let mut defs = String::new();
        let mut n = 0usize;
        let mut note = |w: &mut Words, defs: &mut String, long: bool| {
            n += 1;
            let sentences = if long { 45 } else { 1 + w.below(5) as usize };
            let body: Vec<String> = (0..sentences).map(|_| w.sentence(14)).collect();
            defs.push_str(&format!("[^n{n}]: Note {n} says: {}\n\n", body.join(" ")));
            format!("[^n{n}]")
        };
        for p in 0..14 {
            let mut para = Vec::new();
            let calls = match p % 4 {
                0 => 0,
                1 => 3,
                2 => 6,
                _ => 4,
            };
            let len = 90 + w.below(60) as usize;
            let call_at: Vec<usize> = (0..calls).map(|_| w.below(len as u64) as usize).collect();
            for i in 0..len {
                let mut word = w.next().to_string();
                for _ in call_at.iter().filter(|&&k| k == i) {
                    let long = p == 5 && !para.iter().any(|x: &String| x.contains("[^"));
                    word.push_str(&note(&mut w, &mut defs, long));
                }
                para.push(word);
            }
            if p == 3 {
                // Two notes called from one word.
                let a = note(&mut w, &mut defs, false);
                let b = note(&mut w, &mut defs, false);
                para.push(format!("councils{a}{b}"));
            }
            text.push_str(&(para.join(" ") + ".\n\n"));
            if p == 7 {
                let q = note(&mut w, &mut defs, false);
                text.push_str(&format!(
                    "> {} quoted{q} {}\n\n",
                    w.sentence(30),
                    w.sentence(20)
                ));
                let l1 = note(&mut w, &mut defs, false);
                let l2 = note(&mut w, &mut defs, false);
                text.push_str(&format!(
                    "- {} listed{l1}\n- {} listed{l2} {}\n\n",
                    w.sentence(12),
                    w.sentence(25),
                    w.sentence(9)
                ));
            }
        }
        text.push_str(&defs);
        let name = format!("ch{c:02}.md");
        fs::write(dir.join(&name), text).unwrap();
        summary.push_str(&format!("- [Chapter {c}]({name})\n"));
    }
    fs::write(dir.join("SUMMARY.md"), summary).unwrap();
    fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"Notes\"\nauthors = [\"Test\"]\nlanguage = \"en-US\"\n\
         identifier = \"urn:uuid:00000000-0000-4000-8000-000000000555\"\n",
    )
    .unwrap();
}

#[test]
fn every_note_of_a_long_book_with_many_notes_starts_on_its_calls_page() {
    let dir = tempfile::tempdir().unwrap();
    synthetic(dir.path(), 8);
    let book = load(dir.path());
    let pages = bindery::pdf::page_lines(&book, &mut Vec::new()).unwrap();
    let pdf = render(&book, dir.path(), "notes");
    let texts = page_texts(&pdf, pages.len());
    let found = check_notes("synthetic", &book, &pages, &texts);
    println!("synthetic, {} pages: {found:?}", pages.len());
    assert!(found.notes >= 200, "only {} notes", found.notes);
    assert!(found.most_on_a_page >= 3, "{found:?}");
    assert!(
        found.called_from_last_line >= 1,
        "no call on a page's last line: {found:?}"
    );
    // The long notes (about 40 lines) run over a page and end on the next.
    assert_eq!(found.longest_span, 2, "{found:?}");
    assert!(
        found.deferred.is_empty(),
        "continuations skip a page: {found:?}"
    );
    check_no_empty_bodied_pages("synthetic", &pages);
    let stats = Stats::from_pages(&pages);
    assert_eq!(stats.widows, 0, "{stats}");
    assert_eq!(stats.orphans, 0, "{stats}");
}

/// Every note of the book is placed at the foot of some page, wherever it is
/// called from: a table cell, a list item, a block quote, a heading.
#[test]
fn notes_called_from_tables_lists_quotes_and_headings_are_all_placed() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("book.toml"),
        "[book]\ntitle = \"Placed\"\nauthors = [\"A\"]\nlanguage = \"en-US\"\n\
         identifier = \"urn:uuid:00000000-0000-4000-8000-00000000000a\"\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("one.md"),
        "# One\n\n## A heading with a note[^h]\n\nText.\n\n\
         | Term | Gloss |\n|---|---|\n| a cell with a note[^t] | two |\n\n\
         - an item with a note[^l]\n\n> a quotation with a note[^q]\n\n\
         [^h]: The heading's note.\n[^t]: The table's note.\n\
         [^l]: The list's note.\n[^q]: The quotation's note.\n",
    )
    .unwrap();
    let (book, _) = bindery::book::load(dir.path()).unwrap();
    assert_eq!(book.notes.len(), 4);
    let mut warnings = Vec::new();
    let pages = bindery::pdf::page_lines(&book, &mut warnings).unwrap();
    for note in &book.notes {
        let placed = pages
            .iter()
            .any(|p| p.note_slices.iter().any(|s| s.note == note.id));
        assert!(
            placed,
            "note {} ({}) is never placed",
            note.number, note.label
        );
    }
}

/// The fixture of the shapes that broke (tests/fixtures/footnotes): notes
/// called from chapter titles, notes opening with a block quote, notes of
/// 30–80 lines among short ones, tables in notes, three calls on one line.
/// Read back page by page: every note present and in order, a note that
/// continues last on its page and first on the next, no piece of one line,
/// every continuation marked, no note number alone on its line.
#[test]
fn the_footnotes_fixture_keeps_its_notes_in_order() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/footnotes");
    let book = load(&dir);
    let mut warnings = Vec::new();
    let pages = bindery::pdf::page_lines(&book, &mut warnings).unwrap();
    let out = tempfile::tempdir().unwrap();
    let pdf = render(&book, out.path(), "footnotes");
    let texts = page_texts(&pdf, pages.len());
    let found = check_notes("footnotes", &book, &pages, &texts);
    println!("footnotes, {} pages: {found:?}", pages.len());
    assert_eq!(found.notes, book.notes.len(), "{found:?}");
    // The chapter titles' notes are each chapter's note 1, on its first page.
    for ci in 0..2 {
        let opening = pages.iter().filter(|p| p.chapter_opening).nth(ci).unwrap();
        let first = opening
            .note_slices
            .first()
            .map(|s| book.note(s.note).number);
        assert_eq!(first, Some(1), "chapter {}'s title note", ci + 1);
    }
    // Long notes (30–80 lines) among short ones: some split, none over
    // more than two pages.
    let longest = book
        .notes
        .iter()
        .filter_map(|n| {
            pages
                .iter()
                .flat_map(|p| &p.note_slices)
                .find(|s| s.note == n.id)
                .map(|s| s.total)
        })
        .max()
        .unwrap();
    assert!(
        (30..=80).contains(&longest),
        "the longest note has {longest} lines"
    );
    assert!(!found.split.is_empty() && found.marked > 0, "{found:?}");
    assert_eq!(found.longest_span, 2, "{found:?}");
    assert!(found.most_on_a_page >= 3, "{found:?}");
    assert!(found.deferred.is_empty(), "{found:?}");
}

/// A small table inside a note is never split over pages (it used to be
/// split after its header row): 24 notes of a few lines of text, a table
/// of a header and four rows, and two more lines, called at every shift
/// of the page. Read back with pdftotext, each table's header and its
/// rows are on one page; some notes split, before or after their table.
#[test]
fn a_small_table_in_a_note_stays_on_one_page() {
    let dir = tempfile::tempdir().unwrap();
    write_book_toml(dir.path(), "Tables in notes");
    let filler = "The clerks of the yard kept their books in a fair hand, and every \
                  payment went down with the name of the ship, the quarter and the sum.";
    let mut text = String::from("# Tables in notes\n\n");
    let mut defs = String::new();
    for k in 1..=24 {
        for p in 0..(2 + k % 3) {
            text.push_str(filler);
            if p == 0 {
                text.push_str(&format!(" The accounts of year {k}.[^t{k}]"));
            }
            text.push_str("\n\n");
        }
        defs.push_str(&format!(
            "[^t{k}]: Sums paid in year {k}, quarterly, by the yard, as the clerks entered \
             them in the great book of the office, in pounds:\n\n\
             \x20   | Head{k} | Ships | Pounds |\n    |---|---:|---:|\n\
             \x20   | First{k} | 12 | 1,204 |\n    | Second{k} | 9 | 987 |\n\
             \x20   | Third{k} | 15 | 12,310 |\n    | Fourth{k} | 7 | 64 |\n\n\
             \x20   The sums of the fourth quarter were paid late, after the fleet came \
             home, and the clerks of the yard entered them in the year that followed.\n\n"
        ));
    }
    fs::write(dir.path().join("tables.md"), format!("{text}{defs}")).unwrap();
    let book = load(dir.path());
    let pages = bindery::pdf::page_lines(&book, &mut Vec::new()).unwrap();
    let out = tempfile::tempdir().unwrap();
    let pdf = render(&book, out.path(), "tables");
    let texts = page_texts(&pdf, pages.len());
    for k in 1..=24 {
        let cells = [
            format!("head{k}"),
            format!("first{k}"),
            format!("second{k}"),
            format!("third{k}"),
            format!("fourth{k}"),
        ];
        let on: Vec<Vec<usize>> = cells
            .iter()
            .map(|c| {
                (0..texts.len())
                    .filter(|&p| words(&texts[p]).iter().any(|w| w == c))
                    .collect()
            })
            .collect();
        assert!(
            on.iter().all(|p| p.len() == 1 && *p == on[0]),
            "table {k}: header and rows on pages {on:?}"
        );
    }
    let split = pages
        .iter()
        .flat_map(|p| &p.note_slices)
        .filter(|s| s.lines.start > 0)
        .count();
    println!(
        "tables in notes: {} pages, {split} notes split",
        pages.len()
    );
    assert!(split > 0, "no note splits: the test shows nothing");
}
