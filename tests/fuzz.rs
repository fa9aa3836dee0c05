//! The in-suite fuzz campaign: 300 seeded books (tests/fuzz_support/books.rs)
//! built with the real binary and judged by the oracle
//! (tests/fuzz_support/mod.rs); every 25th case also runs `bindery check`
//! and compares its diagnostics, and a sample of the EPUBs goes through
//! EPUBCheck 5. A failing seed replays alone with
//! `cargo bench --bench fuzz -- --from SEED --cases 1 --keep target/fuzz`.

mod epub_support;
mod fuzz_support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use fuzz_support::{Outcome, books, judge};

const CASES: u64 = 300;
/// Seeds of the in-suite campaign start here (the long campaign starts at 0
/// by default and runs further).
const FIRST_SEED: u64 = 1_000_000;

#[test]
fn three_hundred_generated_books_pass_the_oracle() {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_bindery"));
    let work = tempfile::tempdir().expect("a temporary folder");
    let results: Mutex<Vec<(u64, Outcome, Option<PathBuf>)>> = Mutex::new(Vec::new());
    fuzz_support::each_case(CASES, 2, |worker, i| {
        let seed = FIRST_SEED + i;
        let case = books::case(seed);
        let dir = work.path().join(format!("w{worker}"));
        let judged = judge(&case, &bin, &dir, i % 25 == 0);
        // Keep every 40th EPUB for EPUBCheck.
        let kept = judged.epub.filter(|_| i % 40 == 0).map(|epub| {
            let keep = work.path().join(format!("{seed}.epub"));
            std::fs::copy(&epub, &keep).expect("keep the EPUB");
            keep
        });
        results.lock().unwrap().push((seed, judged.outcome, kept));
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|r| r.0);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for (seed, outcome, _) in &results {
        *counts.entry(outcome.kind()).or_default() += 1;
        if let Outcome::Failed(why) = outcome {
            failures.push(format!("seed {seed}: {why}"));
        }
    }
    eprintln!("{} cases: {counts:?}", results.len());
    assert!(
        failures.is_empty(),
        "{} oracle failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Most cases must build: a generator whose books are all refused tests
    // nothing past the loader.
    let built =
        counts.get("built clean").unwrap_or(&0) + counts.get("built with warnings").unwrap_or(&0);
    assert!(
        built * 2 > results.len(),
        "only {built} of {} cases built",
        results.len()
    );
    let jar = epub_support::epubcheck5_jar();
    let checked: Vec<&Path> = results.iter().filter_map(|r| r.2.as_deref()).collect();
    assert!(
        checked.len() >= 3,
        "EPUBCheck sample too small: {}",
        checked.len()
    );
    for epub in checked {
        let run = epub_support::epubcheck(&jar, epub, &[]);
        assert!(
            run.clean(),
            "EPUBCheck 5 on {}:\n{}",
            epub.display(),
            run.report
        );
    }
}
