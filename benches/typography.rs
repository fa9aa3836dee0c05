//! The line-breaking benchmark: `cargo bench --bench typography`.
//!
//! Line breaking must stay linear in a paragraph's length whatever the
//! paragraph holds (issue 15: 400,000 CJK characters in one paragraph took
//! 38 s). Builds the PDF of three one-chapter books of about 1.2 MB each,
//! in the same run: English prose (the sample essay's paragraphs, repeated),
//! the same prose as one paragraph, and one unbroken paragraph of CJK
//! ideographs (no spaces: every break comes from UAX #14; the built-in
//! fonts have no CJK glyphs, so it prints as U+FFFD with a warning, and the
//! timing is what matters: hostile input must not hang). Prints each time,
//! the pages, and the CJK / English ratio, which must stay under 2.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// Bytes of text in each book.
const SIZE: usize = 1_200_000;

fn main() {
    let work = std::env::temp_dir().join(format!("bindery-typography-{}", std::process::id()));
    let essay = fs::read_to_string(Path::new(ROOT).join("book/essay.md")).expect("book/essay.md");
    // The essay's paragraphs without its title, footnote definitions or
    // note references, repeated to SIZE bytes.
    let paragraphs: Vec<String> = essay
        .split("\n\n")
        .filter(|p| !p.starts_with('#') && !p.starts_with("[^") && !p.trim().is_empty())
        .map(|p| strip_note_refs(p).replace('\n', " "))
        .collect();
    let mut prose = String::new();
    'fill: loop {
        for p in &paragraphs {
            if prose.len() >= SIZE {
                break 'fill;
            }
            prose.push_str(p);
            prose.push_str("\n\n");
        }
    }
    let one_paragraph = prose.replace("\n\n", " ");
    let ideographs: Vec<char> = "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳云腾致雨露结为霜金生丽水玉出昆冈"
        .chars()
        .collect();
    let mut cjk = String::with_capacity(SIZE + 4);
    let mut i = 0;
    while cjk.len() < SIZE {
        // A full stop every 40 characters, as a text would have.
        cjk.push(if i % 40 == 39 {
            '。'
        } else {
            ideographs[i % ideographs.len()]
        });
        i += 1;
    }

    println!("Bindery line-breaking benchmark (median of 3 runs after a warm-up; release profile)");
    println!(
        "{:<34} {:>10} {:>8} {:>10}",
        "book (one chapter)", "bytes", "pages", "PDF ms"
    );
    let mut times = Vec::new();
    for (name, text) in [
        ("English prose, paragraphs", &prose),
        ("English prose, one paragraph", &one_paragraph),
        ("CJK, one unbroken paragraph", &cjk),
    ] {
        let dir = work.join(name.replace([' ', ','], "-"));
        write_book(&dir, text);
        let (time, (_, stats)) = median(3, || {
            let (book, mut warnings) = bindery::book::load(&dir).expect("the book loads");
            bindery::pdf::render_with_stats(&book, &mut warnings).expect("the PDF renders")
        });
        println!(
            "{:<34} {:>10} {:>8} {:>10.0}",
            name,
            text.len(),
            stats.pages,
            ms(time)
        );
        times.push(time);
    }
    println!(
        "CJK paragraph / English prose: {:.2} (must stay under 2); one English paragraph / English prose: {:.2}",
        times[2].as_secs_f64() / times[0].as_secs_f64(),
        times[1].as_secs_f64() / times[0].as_secs_f64()
    );
    let _ = fs::remove_dir_all(&work);
}

/// `text[^3]` → `text`.
fn strip_note_refs(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    let mut rest = p;
    while let Some(at) = rest.find("[^") {
        out.push_str(&rest[..at]);
        match rest[at..].find(']') {
            Some(end) => rest = &rest[at + end + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn write_book(dir: &Path, text: &str) {
    fs::create_dir_all(dir).expect("book dir");
    fs::write(dir.join("text.md"), format!("# Text\n\n{text}\n")).expect("text.md");
    fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"Typography bench\"\nlanguage = \"en-US\"\n\
         identifier = \"urn:uuid:00000000-0000-4000-8000-000000000015\"\n",
    )
    .expect("book.toml");
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
