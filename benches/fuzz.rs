//! The long fuzz campaign: `cargo bench --bench fuzz -- [--cases N]
//! [--from SEED] [--jobs J] [--keep DIR]` builds N generated books (seeds
//! SEED.., default 5,000 from 0) with the real binary, judges each with the
//! oracle of tests/fuzz_support, and prints the counts by outcome and each
//! failure's seed. `--keep DIR` copies every failing book there to replay.

#[path = "../tests/fuzz_support/mod.rs"]
mod fuzz_support;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

use fuzz_support::{Outcome, books, judge};

fn main() {
    let mut cases = 5_000u64;
    let mut from = 0u64;
    let mut jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut keep: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().expect("a value after the option");
        match arg.as_str() {
            "--cases" => cases = value().parse().expect("a number of cases"),
            "--from" => from = value().parse().expect("a seed"),
            "--jobs" => jobs = value().parse().expect("a number of jobs"),
            "--keep" => keep = Some(PathBuf::from(value())),
            _ => {} // cargo bench passes --bench
        }
    }
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_bindery"));
    let work = tempfile::tempdir().expect("a temporary folder");
    let results: Mutex<Vec<(u64, Outcome)>> = Mutex::new(Vec::new());
    let refusals: Mutex<BTreeMap<String, usize>> = Mutex::new(BTreeMap::new());
    let start = Instant::now();
    fuzz_support::each_case(cases, jobs, |worker, i| {
        let seed = from + i;
        let case = books::case(seed);
        let dir = work.path().join(format!("w{worker}"));
        let judged = judge(&case, &bin, &dir, seed.is_multiple_of(10));
        if let (Outcome::Failed(why), Some(keep)) = (&judged.outcome, &keep) {
            let dest = keep.join(format!("seed-{seed}"));
            let _ = std::fs::remove_dir_all(&dest);
            copy_tree(&dir.join("book"), &dest);
            let _ = std::fs::write(dest.join("WHY.txt"), why);
        }
        if judged.outcome == Outcome::Refused
            && let Some(error) = judged.diagnostics.iter().find(|d| d.level == "error")
        {
            *refusals
                .lock()
                .unwrap()
                .entry(shape(&error.message))
                .or_default() += 1;
        }
        let done = {
            let mut r = results.lock().unwrap();
            r.push((seed, judged.outcome));
            r.len()
        };
        if done % 500 == 0 {
            eprintln!(
                "{done}/{cases} cases, {:.0} s",
                start.elapsed().as_secs_f64()
            );
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|r| r.0);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (seed, outcome) in &results {
        *counts.entry(outcome.kind()).or_default() += 1;
        if let Outcome::Failed(why) = outcome {
            println!("seed {seed}: {why}");
        }
    }
    println!(
        "fuzz: {} cases (seeds {from}..{}), {jobs} jobs, {:.1} s",
        results.len(),
        from + cases,
        start.elapsed().as_secs_f64()
    );
    for (kind, n) in counts {
        println!("  {kind:32} {n:6}");
    }
    let mut refusals: Vec<(String, usize)> = refusals.into_inner().unwrap().into_iter().collect();
    refusals.sort_by_key(|r| std::cmp::Reverse(r.1));
    println!("refusals by first error:");
    for (shape, n) in refusals.iter().take(12) {
        println!("  {n:6}  {shape}");
    }
}

/// A message with its quoted parts blanked, so that like errors count
/// together.
fn shape(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in message.chars() {
        if c == '`' {
            quoted = !quoted;
            out.push_str(if quoted { "`…" } else { "`" });
        } else if !quoted {
            out.push(c);
        }
    }
    out.chars().take(110).collect()
}

fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from).into_iter().flatten().flatten() {
        let dest = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &dest);
        } else {
            std::fs::create_dir_all(to).expect("make the folder");
            std::fs::copy(entry.path(), dest).expect("copy");
        }
    }
}
