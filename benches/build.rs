//! The build benchmark: `cargo bench --bench build [-- FILTER]`.
//!
//! Times the real binary (`bindery build --force`, the whole process: load,
//! model, layout, drawing, writing) on synthetic books made of the sample
//! essay repeated, one copy a chapter: 22 copies (~260 A5 pages), 30 (the
//! 30-chapter book, ~365 pages, 390 notes, ~135 k words), 165 (~2,000
//! pages) and, for the long diary, 218 copies each with
//! [`EXTRA_NOTES`] more notes than the essay's 13 (~2,650 pages, 4,578
//! notes: `x218n`). On the 30-chapter book it
//! runs, interleaved with Bindery's runs so that the shared machine's load
//! falls on both alike, Typst (`pip install typst`, see `build/typst.rs`)
//! on the same text as Typst markup, and pandoc's EPUB of the same
//! chapters when pandoc is installed, and prints the ratios.
//!
//! Every figure is the median of `BENCH_RUNS` runs (default 3): wall time,
//! CPU time (user + system) and peak resident memory, from GNU time.
//! `BENCH_TYPST_BIG=1` also runs Typst on the ~2,000-page book;
//! `BINDERY_BENCH_PANDOC=PATH` names the pandoc binary (default `pandoc`
//! on the PATH; e.g. pip's `pypandoc_binary` ships one).

#[path = "build/typst.rs"]
mod typst;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const BIN: &str = env!("CARGO_BIN_EXE_bindery");

/// One process run: wall and CPU seconds, peak resident memory in MiB.
#[derive(Debug, Clone, Copy, Default)]
struct Run {
    wall: f64,
    cpu: f64,
    mib: f64,
}

fn main() {
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let runs: usize = env_num("BENCH_RUNS").unwrap_or(3).max(1);
    let work = std::env::temp_dir().join(format!("bindery-bench-{}", std::process::id()));
    fs::create_dir_all(&work).expect("temp dir");
    let essay = fs::read_to_string(Path::new(ROOT).join("book/essay.md")).expect("book/essay.md");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "Bindery build benchmark: medians of {runs} whole-process runs, {cores} cores, release profile"
    );
    println!(
        "{:<34} {:>6} {:>9} {:>9} {:>9} {:>9}",
        "what", "pages", "wall s", "cpu s", "MiB", "ms/page"
    );

    let typst_py = typst::python(Path::new(ROOT));
    let pandoc_bin = std::env::var("BINDERY_BENCH_PANDOC").unwrap_or_else(|_| "pandoc".into());
    let pandoc = Command::new(&pandoc_bin)
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .unwrap_or("pandoc")
                .to_string()
        });

    // (copies, PDF ms a page, EPUB + PDF ms a page)
    let mut per_page: Vec<(usize, f64, f64)> = Vec::new();
    for (copies, extra) in [(22usize, 0), (30, 0), (165, 0), (218, EXTRA_NOTES)] {
        let name = if extra > 0 {
            format!("x{copies}n")
        } else {
            format!("x{copies}")
        };
        if filter.as_ref().is_some_and(|f| !name.contains(f.as_str())) {
            continue;
        }
        let dir = work.join(&name);
        make_synthetic(&essay, &dir, copies, extra);
        let out = dir.join("out");
        let pdf_path = out.join(format!("synthetic-{copies}.pdf"));
        let label = |what: &str| format!("{name} ({copies} chapters) {what}");
        let reference = copies == 30 || (copies == 165 && env_num("BENCH_TYPST_BIG").is_some());

        // Bindery's PDF, then Typst on the same book, run by run in turn.
        let typst_job = reference
            .then(|| typst_py.as_ref().map(|py| (py, typst_input(&dir, &work))))
            .flatten();
        let mut bindery_pdf = Vec::new();
        let mut typst_pdf = Vec::new();
        for _ in 0..runs {
            bindery_pdf.push(bindery(&dir, &out, "pdf"));
            if let Some((py, (typ, pdf))) = &typst_job {
                typst_pdf.push(timed(
                    Command::new(py).arg(work.join("run_typst.py")).args([
                        typ,
                        pdf,
                        &Path::new(ROOT).join("fonts"),
                    ]),
                ));
            }
        }
        let pages = pdf_page_count(&fs::read(&pdf_path).expect("the PDF"));
        let pdf = median(&bindery_pdf);
        row(&label("PDF, Bindery"), pages, pdf);

        let mut bindery_epub = Vec::new();
        let mut pandoc_epub = Vec::new();
        for _ in 0..runs {
            bindery_epub.push(bindery(&dir, &out, "epub"));
            if reference && pandoc.is_some() {
                pandoc_epub.push(timed(
                    Command::new(&pandoc_bin)
                        .args(chapters(&dir))
                        .args(["--metadata", "title=Synthetic", "-o"])
                        .arg(work.join("pandoc.epub")),
                ));
            }
        }
        let epub = median(&bindery_epub);
        row(&label("EPUB, Bindery"), pages, epub);
        let both = median(
            &(0..runs)
                .map(|_| bindery(&dir, &out, "epub,pdf"))
                .collect::<Vec<_>>(),
        );
        row(&label("EPUB + PDF, Bindery"), pages, both);
        let ms_page = |r: Run| r.wall * 1000.0 / pages.max(1) as f64;
        per_page.push((copies, ms_page(pdf), ms_page(both)));

        if let Some((py, (_, typst_out))) = &typst_job {
            let t = median(&typst_pdf);
            let tpages = pdf_page_count(&fs::read(typst_out).unwrap_or_default());
            row(
                &label(&format!("PDF, Typst {}", typst::version(py))),
                tpages,
                t,
            );
            println!(
                "  ratio PDF Bindery / Typst: wall {:.3}x, cpu {:.3}x, memory {:.3}x",
                pdf.wall / t.wall,
                pdf.cpu / t.cpu,
                pdf.mib / t.mib
            );
        } else if reference {
            println!("  Typst: not available (python3 -m venv + pip install typst failed)");
        }
        if !pandoc_epub.is_empty() {
            let p = median(&pandoc_epub);
            row(
                &label(&format!("EPUB, {}", pandoc.as_deref().unwrap_or("pandoc"))),
                0,
                p,
            );
            println!(
                "  ratio EPUB Bindery / pandoc: wall {:.4}x, cpu {:.4}x",
                epub.wall / p.wall,
                epub.cpu / p.cpu
            );
        } else if reference {
            println!(
                "  pandoc: not installed (apt-get install pandoc, or BINDERY_BENCH_PANDOC=PATH): no EPUB ratio"
            );
        }
    }

    // Time per page against the ~260-page book's, measured in this run
    // (1.00 = flat: no step that grows faster than the book).
    if let Some(&(_, pdf_base, both_base)) = per_page.iter().find(|(c, ..)| *c == 22) {
        for (copies, pdf, both) in per_page.iter().filter(|(c, ..)| *c != 22) {
            println!(
                "wall time per page, x{copies} / x22: PDF {:.2}, EPUB + PDF {:.2}",
                pdf / pdf_base,
                both / both_base
            );
        }
    }
    let _ = fs::remove_dir_all(&work);
}

fn env_num(name: &str) -> Option<usize> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

fn row(what: &str, pages: usize, r: Run) {
    let per_page = if pages > 0 {
        format!("{:.3}", r.wall * 1000.0 / pages as f64)
    } else {
        "-".to_string()
    };
    println!(
        "{:<34} {:>6} {:>9.3} {:>9.3} {:>9.1} {:>9}",
        what, pages, r.wall, r.cpu, r.mib, per_page
    );
}

/// `bindery build --force --format FORMATS` of `dir`, timed.
fn bindery(dir: &Path, out: &Path, formats: &str) -> Run {
    timed(
        Command::new(BIN)
            .args(["build", "--force", "-q", "--format", formats])
            .arg(dir)
            .arg("--out")
            .arg(out)
            .env("SOURCE_DATE_EPOCH", "1220227200"),
    )
}

/// Runs `cmd` under GNU time and reads its wall, CPU and peak memory.
fn timed(cmd: &mut Command) -> Run {
    let program = cmd.get_program().to_owned();
    let args: Vec<_> = cmd.get_args().map(|a| a.to_owned()).collect();
    let envs: Vec<_> = cmd
        .get_envs()
        .filter_map(|(k, v)| Some((k.to_owned(), v?.to_owned())))
        .collect();
    let output = Command::new("/usr/bin/time")
        .args(["-f", "TIME %e %U %S %M"])
        .arg(&program)
        .args(&args)
        .envs(envs)
        .output()
        .expect("GNU time (/usr/bin/time)");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{} failed: {stderr}",
        program.to_string_lossy()
    );
    let line = stderr
        .lines()
        .rev()
        .find(|l| l.starts_with("TIME "))
        .expect("GNU time's line");
    let f: Vec<f64> = line[5..]
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    Run {
        wall: f[0],
        cpu: f[1] + f[2],
        mib: f[3] / 1024.0,
    }
}

/// Each figure's median over the runs.
fn median(runs: &[Run]) -> Run {
    let pick = |f: fn(&Run) -> f64| {
        let mut v: Vec<f64> = runs.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    Run {
        wall: pick(|r| r.wall),
        cpu: pick(|r| r.cpu),
        mib: pick(|r| r.mib),
    }
}

/// The book's `.typ` (from the same model Bindery reads) and where Typst
/// writes its PDF.
fn typst_input(dir: &Path, work: &Path) -> (PathBuf, PathBuf) {
    let (book, _) = bindery::book::load(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let typ_dir = work.join(format!(
        "typst-{}",
        dir.file_name().unwrap().to_string_lossy()
    ));
    fs::create_dir_all(&typ_dir).expect("typst dir");
    let typ = typst::write(&book, &typ_dir);
    fs::write(work.join("run_typst.py"), typst::RUNNER).expect("runner");
    (typ, typ_dir.join("book.pdf"))
}

/// Notes added to each chapter of the long book beyond the essay's 13:
/// 218 chapters of 21 make the issue's ~4,500-note diary.
const EXTRA_NOTES: usize = 8;

/// A book of `copies` chapters, each the sample essay under its own title,
/// with `extra` more notes called from its first paragraphs.
fn make_synthetic(essay: &str, dir: &Path, copies: usize, extra: usize) {
    fs::create_dir_all(dir).expect("synthetic dir");
    let mut summary = String::from("# Summary\n\n");
    for i in 1..=copies {
        let name = format!("ch{i:04}.md");
        let text = with_notes(
            &essay.replacen(
                "# Victor Serge and the Renewal of Socialism",
                &format!("# Chapter {i}"),
                1,
            ),
            extra,
        );
        fs::write(dir.join(&name), text).expect("chapter");
        summary.push_str(&format!("- [Chapter {i}]({name})\n"));
    }
    fs::write(dir.join("SUMMARY.md"), summary).expect("SUMMARY.md");
    fs::write(
        dir.join("book.toml"),
        format!(
            "[book]\ntitle = \"Synthetic {copies}\"\nauthors = [\"Bench\"]\nlanguage = \"en-US\"\n\
             identifier = \"urn:uuid:00000000-0000-4000-8000-{copies:012}\"\n\n\
             [output]\nname = \"synthetic-{copies}\"\n"
        ),
    )
    .expect("book.toml");
}

/// `text` with a note called at the end of each of its first `extra` body
/// paragraphs (not headings, not note definitions), the notes defined at
/// the end: a diary's editorial glosses, a line or two each.
fn with_notes(text: &str, extra: usize) -> String {
    let mut out = String::with_capacity(text.len() + extra * 200);
    let mut added = 0;
    for para in text.split("\n\n") {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(para);
        let body = !para.starts_with('#') && !para.starts_with("[^") && !para.trim().is_empty();
        if body && added < extra {
            added += 1;
            out.push_str(&format!("[^gloss{added}]"));
        }
    }
    for n in 1..=added {
        out.push_str(&format!(
            "\n\n[^gloss{n}]: Gloss {n}: the editor's note on this passage, with the \
             letters of the same month and the entry where the matter comes up again."
        ));
    }
    out.push('\n');
    out
}

/// The book's chapter files in order (pandoc's input).
fn chapters(dir: &Path) -> Vec<PathBuf> {
    let mut chapters: Vec<PathBuf> = fs::read_dir(dir)
        .expect("book dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md") && !p.ends_with("SUMMARY.md"))
        .collect();
    chapters.sort();
    chapters
}

/// The largest `/Count N` in the file: the root page tree's page count.
fn pdf_page_count(pdf: &[u8]) -> usize {
    let needle = b"/Count ";
    let mut best = 0;
    let mut i = 0;
    while let Some(pos) = pdf[i..].windows(needle.len()).position(|w| w == needle) {
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
