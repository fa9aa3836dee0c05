//! No invalid EPUB with exit 0 from any CommonMark input: the 652 examples
//! of the CommonMark spec 0.31.2 (the version pulldown-cmark 0.13 follows,
//! `tests/fixtures/commonmark/spec.txt`, CC-BY-SA 4.0, John MacFarlane) are
//! built with `bindery build --format epub` as one book, a chapter per
//! example (so that EPUBCheck starts once, not 652 times), and the EPUB
//! written is checked by EPUBCheck 5.3 and 4.2.6.
//!
//! An example may be refused (exit 1) with an error at its file's line; it
//! is reported by number and the book is built again without it.
//! A refusal without a located error, or an EPUB EPUBCheck rejects, fails
//! the test, each named by its example number.

mod cli_support;
mod epub_support;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use cli_support::{bindery, stderr};
use epub_support::{epubcheck, epubcheck4_jar, epubcheck5_jar, text_files};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One example of the spec.
#[derive(Debug, Clone)]
struct Example {
    number: usize,
    markdown: String,
}

/// The examples of `spec.txt`, read as the spec's own tools read them: a
/// fence of 32 backticks and `example` opens one, a `.` line ends its
/// Markdown, `→` is a tab.
fn examples(spec: &str) -> Vec<Example> {
    let fence = "`".repeat(32);
    let open = format!("{fence} example");
    let mut out = Vec::new();
    let mut lines = spec.lines();
    while let Some(line) = lines.next() {
        if line.starts_with("<!-- END TESTS -->") {
            break;
        }
        if line == open {
            let mut markdown = String::new();
            for l in lines.by_ref() {
                if l == "." {
                    break;
                }
                markdown.push_str(l);
                markdown.push('\n');
            }
            for l in lines.by_ref() {
                if l == fence {
                    break;
                }
            }
            out.push(Example {
                number: out.len() + 1,
                markdown: markdown.replace('→', "\t"),
            });
        }
    }
    out
}

/// What building the examples showed.
#[derive(Default)]
struct SectionReport {
    /// Refused examples, with the error that names them.
    refused: Vec<(usize, String)>,
    /// Examples whose EPUB EPUBCheck rejected, with its messages; or a
    /// refusal that named no example.
    invalid: Vec<(usize, String)>,
}

/// Writes the book of `examples` into `dir`: one chapter per example.
fn write_book(dir: &Path, title: &str, examples: &[&Example]) {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir).unwrap();
    fs::write(
        dir.join("book.toml"),
        format!(
            "[book]\ntitle = \"CommonMark spec: {}\"\nauthors = [\"John MacFarlane\"]\n\
             language = \"en\"\nrights = \"CC-BY-SA 4.0\"\n\
             identifier = \"urn:uuid:6c0b3a55-7d1e-4c83-9a41-0000000c0a{:02}\"\n",
            title.replace('"', "'"),
            examples.first().map_or(0, |e| e.number % 100),
        ),
    )
    .unwrap();
    let mut summary = String::from("# Summary\n\n");
    for example in examples {
        let file = format!("ex{:04}.md", example.number);
        summary.push_str(&format!("- [Example {}]({file})\n", example.number));
        fs::write(dir.join(&file), &example.markdown).unwrap();
    }
    fs::write(dir.join("SUMMARY.md"), summary).unwrap();
}

/// The example numbers a failed build's errors name (`ex0123.md:…: error:`).
fn refused_numbers(stderr: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for line in stderr.lines().filter(|l| l.contains(": error:")) {
        let Some(at) = line.find("ex") else { continue };
        let digits: String = line[at + 2..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let located = line[at + 2 + digits.len()..].starts_with(".md:");
        if let (Ok(n), true) = (digits.parse(), located)
            && !out.iter().any(|(m, _)| *m == n)
        {
            out.push((n, line.to_string()));
        }
    }
    out
}

/// Builds `examples` until the book builds, dropping refused examples,
/// then checks the EPUB.
fn check_section(work: &Path, title: &str, examples: &[&Example]) -> SectionReport {
    let mut report = SectionReport::default();
    let mut kept: Vec<&Example> = examples.to_vec();
    let dir = work.join("book");
    let out = work.join("out");
    loop {
        if kept.is_empty() {
            return report;
        }
        write_book(&dir, title, &kept);
        let result = bindery(
            &[
                "build",
                dir.to_str().unwrap(),
                "--format",
                "epub",
                "--out",
                out.to_str().unwrap(),
            ],
            &repo(),
        );
        if result.status.success() {
            break;
        }
        let errors = stderr(&result);
        let refused = refused_numbers(&errors);
        if refused.is_empty() {
            // Refused with no error at an example's line: every example of
            // the section is suspect.
            for e in &kept {
                report.invalid.push((
                    e.number,
                    format!("refused without a located error: {errors}"),
                ));
            }
            return report;
        }
        kept.retain(|e| !refused.iter().any(|(n, _)| *n == e.number));
        report.refused.extend(refused);
    }
    let epub = fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "epub"))
        .expect("an EPUB was written");
    let mut run = epubcheck(&epubcheck5_jar(), &epub, &[]);
    let four = epubcheck(&epubcheck4_jar(), &epub, &[]);
    if !four.clean() {
        run.success = false;
        run.report.push_str(&four.report);
    }
    if !run.clean() {
        // Messages name the chapter file; the nav says which example each
        // file holds (empty examples are left out of the book, so the
        // files' numbers are not the examples').
        let files = text_files(&fs::read(&epub).unwrap());
        let nav = &files["OEBPS/nav.xhtml"];
        let example_of = |file: &str| -> usize {
            let Some(at) = nav.find(&format!("href=\"{file}\"")) else {
                return 0;
            };
            let after = &nav[at..];
            after
                .find("Example ")
                .map(|k| &after[k + 8..])
                .map(|t| {
                    t.chars()
                        .take_while(char::is_ascii_digit)
                        .collect::<String>()
                })
                .and_then(|d| d.parse().ok())
                .unwrap_or(0)
        };
        let mut by_example: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for line in run.report.lines().filter(|l| {
            l.starts_with("ERROR") || l.starts_with("WARNING") || l.starts_with("FATAL")
        }) {
            let number = line
                .find("/OEBPS/")
                .map(|at| &line[at + 7..])
                .and_then(|rest| rest.split(['(', ':']).next())
                .map_or(0, example_of);
            let message = match line.find(".epub/") {
                Some(at) => format!(
                    "{}{}",
                    &line[..line.find('/').unwrap_or(0)],
                    &line[at + 5..]
                ),
                None => line.to_string(),
            };
            by_example.entry(number).or_default().push(message);
        }
        if by_example.is_empty() {
            by_example.insert(0, vec![run.report.clone()]);
        }
        for (number, messages) in by_example {
            report.invalid.push((number, messages.join("\n    ")));
        }
    }
    fs::remove_file(&epub).unwrap();
    report
}

#[test]
fn every_commonmark_example_builds_a_valid_epub_or_is_refused_at_its_line() {
    let spec = fs::read_to_string(repo().join("tests/fixtures/commonmark/spec.txt"))
        .expect("the spec is committed");
    let all = examples(&spec);
    assert_eq!(all.len(), 652, "CommonMark 0.31.2 has 652 examples");
    // One book, a chapter per example: Bindery reports every refused
    // example of a build at once, so two or three builds and one EPUBCheck
    // run cover the spec (a book per section started EPUBCheck 26 times and
    // took 12 minutes of a loaded CI machine).
    let work = tempfile::tempdir().unwrap();
    let refs: Vec<&Example> = all.iter().collect();
    let report = check_section(work.path(), "every example", &refs);
    let (refused, invalid) = (report.refused, report.invalid);
    for (number, error) in &refused {
        eprintln!("example {number}: refused: {error}");
    }
    for (number, messages) in &invalid {
        eprintln!("example {number}: INVALID EPUB written with exit 0:\n    {messages}");
    }
    eprintln!(
        "{} examples: {} refused with a located error, {} with an invalid EPUB",
        all.len(),
        refused.len(),
        invalid.len()
    );
    let numbers: Vec<usize> = invalid.iter().map(|(n, _)| *n).collect();
    assert!(
        numbers.is_empty(),
        "examples whose EPUB EPUBCheck rejects (see the messages above): {numbers:?}"
    );
}
