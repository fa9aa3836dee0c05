//! The catalogue benchmark: `cargo bench --bench catalogue`.
//!
//! Generates a catalogue of 120 books of mixed sizes (most a few pages,
//! some one or two copies of the sample essay, a few six copies: ~2,000
//! pages in all), then times the real binary building all of it with
//! `-j1`, with one job per core, and once more with nothing changed, and
//! prints the three times with their ratios, measured in the same run on
//! the same (shared, noisy) machine. `BENCH_RUNS=N` sets how many times each
//! is run (median; default 3).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const BOOKS: usize = 120;

fn main() {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let work = std::env::temp_dir().join(format!("bindery-catalogue-{}", std::process::id()));
    let catalogue = work.join("catalogue");
    let essay = fs::read_to_string(Path::new(ROOT).join("book/essay.md")).expect("book/essay.md");
    let books: Vec<PathBuf> = (0..BOOKS)
        .map(|i| make_book(&catalogue, i, &essay))
        .collect();

    let build = |extra: &[&str]| -> (Duration, usize, usize) {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_bindery"));
        cmd.arg("build")
            .args(&books)
            .args(["--message-format", "json"])
            .args(extra)
            .env("SOURCE_DATE_EPOCH", "1220227200")
            .env("CI", "true");
        let start = Instant::now();
        let out = cmd.output().expect("run bindery");
        let elapsed = start.elapsed();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        let last: serde_json::Value =
            serde_json::from_str(text.lines().last().expect("a summary")).expect("json");
        let count = |k: &str| last[k].as_u64().unwrap_or(0) as usize;
        (elapsed, count("pages"), count("built"))
    };

    println!(
        "Bindery catalogue benchmark: {BOOKS} generated books, {cores} cores, median of {runs}"
    );
    let jobs = cores.to_string();
    let serial = median(runs, || build(&["--force", "-j", "1"]));
    let parallel = median(runs, || build(&["--force", "-j", &jobs]));
    let unchanged = median(runs, || build(&[]));
    assert_eq!(serial.2, BOOKS, "every book built with -j1");
    assert_eq!(parallel.2, BOOKS, "every book built with -j{cores}");
    assert_eq!(unchanged.2, 0, "nothing rebuilt when nothing changed");
    let pages = serial.1;
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("{:<36} {:>10} {:>12}", "run", "ms", "pages/s");
    for (name, (t, _, _)) in [
        ("-j1, every book built".to_string(), serial),
        (format!("-j{cores}, every book built"), parallel),
        ("unchanged, every book skipped".to_string(), unchanged),
    ] {
        println!(
            "{:<36} {:>10.0} {:>12.0}",
            name,
            ms(t),
            pages as f64 / t.as_secs_f64()
        );
    }
    println!("pages in the catalogue: {pages}");
    println!(
        "ratios: -j1 / -j{cores} = {:.2}x (speed-up); unchanged / -j1 = {:.4}; per skipped book: {:.2} ms",
        serial.0.as_secs_f64() / parallel.0.as_secs_f64(),
        unchanged.0.as_secs_f64() / serial.0.as_secs_f64(),
        ms(unchanged.0) / BOOKS as f64
    );
    let _ = fs::remove_dir_all(&work);
}

/// Runs `f` `runs` times and returns the run with the median time.
fn median<T: Copy>(runs: usize, mut f: impl FnMut() -> (Duration, T, T)) -> (Duration, T, T) {
    let mut results: Vec<(Duration, T, T)> = (0..runs).map(|_| f()).collect();
    results.sort_by_key(|r| r.0);
    results[runs / 2]
}

/// Book `i` of the catalogue: its size cycles through 20 slots — one of
/// six essays, five of two, seven of one, seven of a few paragraphs.
fn make_book(catalogue: &Path, i: usize, essay: &str) -> PathBuf {
    let dir = catalogue.join(format!("book-{i:03}"));
    fs::create_dir_all(&dir).expect("book dir");
    let copies = match i % 20 {
        0 => 6,
        1..=5 => 2,
        6..=12 => 1,
        _ => 0,
    };
    let mut summary = String::from("# Summary\n\n");
    let chapters: Vec<String> = if copies == 0 {
        let text: String = essay
            .split("\n\n")
            .filter(|p| !p.contains("[^"))
            .skip(2)
            .take(6)
            .collect::<Vec<_>>()
            .join("\n\n");
        vec![format!("# A Short Piece {i}\n\n{text}\n")]
    } else {
        (1..=copies)
            .map(|c| {
                essay.replacen(
                    "# Victor Serge and the Renewal of Socialism",
                    &format!("# Part {c} of Book {i}"),
                    1,
                )
            })
            .collect()
    };
    for (c, text) in chapters.iter().enumerate() {
        let name = format!("ch{c:02}.md");
        fs::write(dir.join(&name), text).expect("chapter");
        summary.push_str(&format!("- [Chapter {c}]({name})\n"));
    }
    fs::write(dir.join("SUMMARY.md"), summary).expect("SUMMARY.md");
    fs::write(
        dir.join("book.toml"),
        format!(
            "[book]\ntitle = \"Catalogue Book {i}\"\nauthors = [\"Bench\"]\nlanguage = \"en-US\"\n\
             identifier = \"urn:uuid:00000000-0000-4000-8000-{i:012}\"\n"
        ),
    )
    .expect("book.toml");
    dir
}
