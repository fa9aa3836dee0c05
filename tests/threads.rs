//! Chapters are laid out at once on several threads (issue 14): the
//! outputs and the messages must not depend on how many. A multi-chapter
//! book (long chapters of the sample essay, a part, links forward and back
//! across chapters, notes, and a character no font has in several chapters)
//! is built with one rayon thread, with two and with three, and the PDF,
//! the EPUB and the messages are compared byte for byte.

mod cli_support;

use std::fs;
use std::path::Path;

use cli_support::{bindery_env, stderr};

/// A book whose chapters differ in length, so threads finish out of order.
fn book(dir: &Path) {
    let essay = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("book/essay.md"))
        .expect("book/essay.md");
    let mut summary = String::from("# Summary\n\n# Part One\n\n");
    for i in 1..=7usize {
        let name = format!("ch{i}.md");
        let text = if i % 3 == 1 {
            // A long chapter: the essay under its own title.
            essay.replacen(
                "# Victor Serge and the Renewal of Socialism",
                &format!("# Chapter {i}"),
                1,
            )
        } else {
            format!(
                "# Chapter {i}\n\nA short chapter that points on to [the last](ch7.md) and \
                 back to [the first](ch1.md), with a private-use mark \u{E000} no font \
                 has, twice: \u{E000}.[^n]\n\n[^n]: Its note, with the mark \u{E000} too.\n"
            )
        };
        fs::write(dir.join(&name), text).unwrap();
        if i == 5 {
            summary.push_str("\n# Part Two\n\n");
        }
        summary.push_str(&format!("- [Chapter {i}]({name})\n"));
    }
    fs::write(dir.join("SUMMARY.md"), summary).unwrap();
    fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"Threads\"\nauthors = [\"A. Writer\"]\nlanguage = \"en\"\n\
         identifier = \"urn:uuid:00000000-0000-5000-8000-000000000014\"\n\n\
         [output]\nname = \"threads\"\n",
    )
    .unwrap();
}

#[test]
fn one_two_or_three_threads_give_the_same_bytes_and_messages() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("b");
    fs::create_dir_all(&dir).unwrap();
    book(&dir);
    let mut builds = Vec::new();
    for threads in ["1", "2", "3"] {
        let out_dir = tmp.path().join(format!("out{threads}"));
        let out = bindery_env(
            &["build", "b", "--out", out_dir.to_str().unwrap()],
            tmp.path(),
            &[("RAYON_NUM_THREADS", threads), ("SOURCE_DATE_EPOCH", "0")],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        // The diagnostics (the summary lines carry the time taken).
        let messages: String = stderr(&out)
            .lines()
            .filter(|l| l.contains(": warning:") || l.contains(": error:"))
            .map(|l| format!("{l}\n"))
            .collect();
        let pdf = fs::read(out_dir.join("threads.pdf")).unwrap();
        let epub = fs::read(out_dir.join("threads.epub")).unwrap();
        builds.push((threads, pdf, epub, messages));
    }
    let (_, pdf, epub, messages) = &builds[0];
    // A real multi-chapter book: three copies of the essay (about twelve
    // A5 pages each), four short chapters on rectos, two part pages.
    let pages = pages(pdf);
    assert!(pages > 40, "{pages} pages");
    // The missing character is reported in each chapter that sets it (once
    // a chapter, however often), at the chapter's own file.
    for i in [2, 3, 5, 6] {
        assert!(
            messages.contains(&format!("ch{i}.md:3:")) && messages.contains("U+E000"),
            "chapter {i} not reported:\n{messages}"
        );
    }
    for (threads, p, e, m) in &builds[1..] {
        assert!(
            p == pdf,
            "{threads} threads: the PDF differs from one thread's"
        );
        assert!(
            e == epub,
            "{threads} threads: the EPUB differs from one thread's"
        );
        assert_eq!(m, messages, "{threads} threads: other messages");
    }
}

/// The page count of the root page tree (`/Count N`, the largest).
fn pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Count ")
        .filter_map(|(i, _)| {
            text[i + 7..]
                .split(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|d| d.parse().ok())
        })
        .max()
        .unwrap_or(0)
}
