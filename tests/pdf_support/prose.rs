//! Test books in French and German: chapters of paragraphs drawn from a
//! bank of original sentences (tests/fixtures/prose/LANG.txt), with notes
//! (LANG-notes.txt), a section heading and a block quote now and then,
//! so that page breaking meets the shapes of a real book in that language:
//! its hyphenation, its punctuation, paragraphs of every length.

use std::path::Path;

/// The words a chapter and its section are called in `lang`.
fn names(lang: &str) -> (&'static str, &'static str) {
    match lang {
        "de" => ("Kapitel", "Abschnitt"),
        "fr" => ("Chapitre", "Section"),
        _ => panic!("no prose bank for {lang}"),
    }
}

/// Writes a book of `chapters` chapters in `lang` ("de" or "fr") to `dir`,
/// about 2,900 words each; the same arguments always give the same book.
pub fn prose_book(dir: &Path, lang: &str, chapters: usize) {
    let bank = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/prose");
    let read = |name: String| -> Vec<String> {
        std::fs::read_to_string(bank.join(name))
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect()
    };
    let sentences = read(format!("{lang}.txt"));
    let notes = read(format!("{lang}-notes.txt"));
    let (chapter, section) = names(lang);
    // A fixed linear congruential sequence: varied, and the same each run.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % n
    };
    let mut summary = String::from("# Summary\n\n");
    for c in 1..=chapters {
        let mut text = format!("# {chapter} {c}\n\n");
        let mut note = 0;
        for p in 0..44 {
            if p == 22 {
                text.push_str(&format!("## {section} {c}.2\n\n"));
            }
            let quote = p % 9 == 7;
            if quote {
                text.push_str("> ");
            }
            let count = if quote { 2 } else { 1 + next(7) };
            for s in 0..count {
                text.push_str(&sentences[next(sentences.len())]);
                if p % 5 == 2 && s == 0 {
                    note += 1;
                    text.push_str(&format!("[^{note}]"));
                }
                text.push(' ');
            }
            text.push_str("\n\n");
        }
        for n in 1..=note {
            text.push_str(&format!("[^{n}]: {}\n\n", notes[(c + n) % notes.len()]));
        }
        let name = format!("k{c:02}.md");
        std::fs::write(dir.join(&name), text).unwrap();
        summary.push_str(&format!("- [{chapter} {c}]({name})\n"));
    }
    std::fs::write(dir.join("SUMMARY.md"), summary).unwrap();
    std::fs::write(
        dir.join("book.toml"),
        format!(
            "[book]\ntitle = \"Prosa {lang}\"\nauthors = [\"Bindery\"]\nlanguage = \"{lang}\"\n\
             identifier = \"urn:uuid:00000000-0000-4000-8000-0000000007{}\"\n",
            if lang == "de" { "de" } else { "f0" }
        ),
    )
    .unwrap();
}
