//! The build benchmark: `cargo bench --bench build`.
//!
//! Times Bindery's whole pipeline (load → model → EPUB, load → model → PDF)
//! on the sample book and on synthetic books made of the sample chapter
//! repeated, from ~10 to ~3,000 pages, and prints pages per second, time per
//! page (which must stay flat: no quadratic step), and the peak memory of the
//! real binary on the ~300-page book. Where pandoc is installed it is run on
//! the same ~300-page book as a baseline, so figures can be read as ratios
//! measured in the same session on the same (shared, noisy) machine.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use bindery::Diagnostic;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn main() {
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let sample = Path::new(ROOT).join("book");
    let work = std::env::temp_dir().join(format!("bindery-bench-{}", std::process::id()));
    fs::create_dir_all(&work).expect("temp dir");

    println!("Bindery build benchmark (median of several runs; release profile)");
    println!(
        "{:<28} {:>7} {:>10} {:>10} {:>10} {:>12}",
        "book", "pages", "epub ms", "pdf ms", "ms/page", "pages/s"
    );
    let mut rows = vec![("sample book".to_string(), sample.clone())];
    let mut per_page: Vec<(String, f64)> = Vec::new();
    for copies in [1usize, 22, 220] {
        let dir = work.join(format!("synthetic-{copies}"));
        make_synthetic(&sample, &dir, copies);
        rows.push((format!("synthetic x{copies}"), dir));
    }
    for (name, dir) in &rows {
        if let Some(f) = &filter
            && !name.contains(f.as_str())
        {
            continue;
        }
        let runs = if name.contains("x220") { 3 } else { 9 };
        let (epub, _) = median(runs, || {
            let (book, mut w) = load(dir);
            bindery::epub::render(&book, &mut w).expect("epub").len()
        });
        let (pdf, bytes) = median(runs, || {
            let (book, mut w) = load(dir);
            bindery::pdf::render(&book, &mut w).expect("pdf").len()
        });
        let pages = count_pages(dir);
        let _ = bytes;
        per_page.push((name.clone(), ms(pdf) / pages.max(1) as f64));
        println!(
            "{:<28} {:>7} {:>10.1} {:>10.1} {:>10.3} {:>12.0}",
            name,
            pages,
            ms(epub),
            ms(pdf),
            ms(pdf) / pages.max(1) as f64,
            pages as f64 / pdf.as_secs_f64()
        );
    }

    // Flatness: time per page of the long books relative to the ~300-page
    // one, measured in this same run (1.00 = flat, no quadratic step).
    let base = per_page
        .iter()
        .find(|(n, _)| n.ends_with("x22"))
        .map(|r| r.1);
    if let Some(base) = base {
        for (name, t) in per_page.iter().filter(|(n, _)| n.starts_with("synthetic")) {
            println!("PDF time per page, {name} / synthetic x22: {:.2}", t / base);
        }
    }

    let big = work.join("synthetic-22");
    if let Some(kib) = peak_rss_kib(&big) {
        println!(
            "peak memory, `bindery build` (EPUB + PDF) of synthetic x22: {:.1} MiB",
            kib as f64 / 1024.0
        );
    }
    if let Some(t) = pandoc_epub(&big, &work) {
        let (epub, _) = median(5, || {
            let (book, mut w) = load(&big);
            bindery::epub::render(&book, &mut w).expect("epub").len()
        });
        let (pdf, _) = median(5, || {
            let (book, mut w) = load(&big);
            bindery::pdf::render(&book, &mut w).expect("pdf").len()
        });
        println!(
            "baseline: pandoc EPUB of synthetic x22: {:.0} ms; Bindery EPUB {:.1} ms = {:.4}x pandoc's time; \
             Bindery PDF (typeset) {:.1} ms = {:.3}x pandoc's EPUB time",
            ms(t),
            ms(epub),
            epub.as_secs_f64() / t.as_secs_f64(),
            ms(pdf),
            pdf.as_secs_f64() / t.as_secs_f64()
        );
    } else {
        println!("baseline: pandoc not installed (apt-get install pandoc) — no ratio printed");
    }
    let _ = fs::remove_dir_all(&work);
}

fn load(dir: &Path) -> (bindery::model::Book, Vec<Diagnostic>) {
    bindery::book::load(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Runs `f` `runs` times (after one warm-up) and returns the median time.
fn median<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut out = f();
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        out = std::hint::black_box(f());
        times.push(start.elapsed());
    }
    times.sort();
    (times[runs / 2], out)
}

/// A book of `copies` copies of the sample book's essay chapter.
fn make_synthetic(sample: &Path, dir: &Path, copies: usize) {
    fs::create_dir_all(dir).expect("synthetic dir");
    let essay = fs::read_to_string(sample.join("essay.md")).expect("book/essay.md");
    let mut summary = String::from("# Summary\n\n");
    for i in 1..=copies {
        let name = format!("ch{i:04}.md");
        let text = essay.replacen(
            "# Victor Serge and the Renewal of Socialism",
            &format!("# Chapter {i}"),
            1,
        );
        fs::write(dir.join(&name), text).expect("chapter");
        summary.push_str(&format!("- [Chapter {i}]({name})\n"));
    }
    fs::write(dir.join("SUMMARY.md"), summary).expect("SUMMARY.md");
    fs::write(
        dir.join("book.toml"),
        format!(
            "[book]\ntitle = \"Synthetic {copies}\"\nauthors = [\"Bench\"]\nlanguage = \"en-US\"\n\
             identifier = \"urn:uuid:00000000-0000-4000-8000-{copies:012}\"\n"
        ),
    )
    .expect("book.toml");
}

/// Pages in the book's PDF, as counted by the page tree's `/Count`.
fn count_pages(dir: &Path) -> usize {
    let (book, mut w) = load(dir);
    let pdf = bindery::pdf::render(&book, &mut w).expect("pdf");
    pdf_page_count(&pdf)
}

/// The largest `/Count N` in the file: the root page tree's page count.
fn pdf_page_count(pdf: &[u8]) -> usize {
    let mut best = 0;
    let needle = b"/Count ";
    let mut i = 0;
    while let Some(pos) = find(&pdf[i..], needle) {
        let start = i + pos + needle.len();
        let digits: String = pdf[start..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .map(|&b| b as char)
            .collect();
        best = best.max(digits.parse().unwrap_or(0));
        i = start;
    }
    best
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Peak resident memory of the real binary building `dir`, via GNU time.
fn peak_rss_kib(dir: &Path) -> Option<u64> {
    let out_dir = dir.join("out");
    let output = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(env!("CARGO_BIN_EXE_bindery"))
        .arg("build")
        .arg(dir)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .ok()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    stderr.lines().last()?.trim().parse().ok()
}

/// pandoc's time to make an EPUB of the same chapters, if pandoc is here.
fn pandoc_epub(dir: &Path, work: &Path) -> Option<Duration> {
    Command::new("pandoc").arg("--version").output().ok()?;
    let mut chapters: Vec<PathBuf> = fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md") && !p.ends_with("SUMMARY.md"))
        .collect();
    chapters.sort();
    let out = work.join("pandoc.epub");
    let mut times = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        let status = Command::new("pandoc")
            .args(&chapters)
            .args(["--metadata", "title=Synthetic", "-o"])
            .arg(&out)
            .status()
            .ok()?;
        if !status.success() {
            return None;
        }
        times.push(start.elapsed());
    }
    times.sort();
    Some(times[1])
}
