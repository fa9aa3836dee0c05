//! The fuzz campaign shared by `tests/fuzz.rs` (a few hundred seeded cases
//! in the test suite) and `benches/fuzz.rs` (thousands, counted by
//! outcome): `books` makes a book from a seed, `judge` builds it with the real
//! binary and applies the oracle.
//!
//! The oracle, per case: no panic, no hang (60 s), no other exit than 0 or 1;
//! exit 1 only with an error located at `file:line`, and no output written;
//! exit 0 with exactly an EPUB and a PDF and no stray file beside them; every
//! XML file of the EPUB well-formed, with no script, event handler or
//! `javascript:` left; `qpdf --check` clean; every marker word of the
//! sources in the EPUB's text and in `pdftotext`'s, unless a diagnostic at
//! the line that explains it (an unclosed `<script>`…) says why; and, when
//! asked, `bindery check` printing exactly the diagnostics `build` printed.

#![allow(dead_code)]

pub mod books;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use books::Case;

/// The verdict on one case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Exit 0, no diagnostic.
    Clean,
    /// Exit 0 with warnings.
    Warned,
    /// Exit 1 with a located error.
    Refused,
    /// The oracle failed; why.
    Failed(String),
}

impl Outcome {
    /// The outcome's name, for counts.
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Clean => "built clean",
            Outcome::Warned => "built with warnings",
            Outcome::Refused => "refused with a located error",
            Outcome::Failed(_) => "ORACLE FAILURE",
        }
    }
}

/// One diagnostic of `--message-format json`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diag {
    pub level: String,
    pub file: String,
    pub line: u64,
    pub column: u64,
    pub message: String,
}

/// What judging a case gave.
pub struct Judged {
    pub outcome: Outcome,
    /// The EPUB written, when there is one (for EPUBCheck on a sample).
    pub epub: Option<PathBuf>,
    pub diagnostics: Vec<Diag>,
}

/// Runs `bin args` in `cwd` with a deadline; `None` when it had to be killed.
fn run(bin: &Path, args: &[&str], cwd: &Path, deadline: Duration) -> Option<(i32, String, String)> {
    let mut child = Command::new(bin)
        .args(args)
        .current_dir(cwd)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env("CI", "true")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run bindery");
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if start.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stdout = String::from_utf8_lossy(&reader.join().expect("reader")).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().expect("reader")).into_owned();
    let status = status?;
    Some((status.code().unwrap_or(-1), stdout, stderr))
}

fn diagnostics(stdout: &str) -> Result<Vec<Diag>, String> {
    let mut out = Vec::new();
    for line in stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| format!("a JSON line that does not parse ({e}): {line}"))?;
        if v["reason"] != "diagnostic" {
            continue;
        }
        out.push(Diag {
            level: v["level"].as_str().unwrap_or("").to_string(),
            file: v["file"].as_str().unwrap_or("").to_string(),
            line: v["line"].as_u64().unwrap_or(0),
            column: v["column"].as_u64().unwrap_or(0),
            message: v["message"].as_str().unwrap_or("").to_string(),
        });
    }
    Ok(out)
}

/// Text nodes of every XHTML document of the EPUB, and the first reason
/// its XML breaks the oracle's rules.
fn epub_text(bytes: &[u8]) -> Result<String, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("EPUB is no zip: {e}"))?;
    let mut text = String::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(|e| e.to_string())?;
        let name = file.name().map_err(|e| e.to_string())?.into_owned();
        if ![".xhtml", ".opf", ".ncx", ".xml", ".svg"]
            .iter()
            .any(|e| name.ends_with(e))
        {
            continue;
        }
        let mut data = String::new();
        file.read_to_string(&mut data)
            .map_err(|e| format!("{name} is not UTF-8: {e}"))?;
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        let doc = roxmltree::Document::parse_with_options(&data, options)
            .map_err(|e| format!("{name} is not well-formed XML: {e}"))?;
        for node in doc.descendants() {
            if node.is_element() {
                let tag = node.tag_name().name();
                if tag == "script" {
                    return Err(format!("{name} holds a <script>"));
                }
                for a in node.attributes() {
                    let value = a.value().trim_start().to_ascii_lowercase();
                    if a.name().to_ascii_lowercase().starts_with("on") {
                        return Err(format!("{name}: <{tag}> keeps the handler {}", a.name()));
                    }
                    if value.starts_with("javascript:")
                        || value.starts_with("data:text")
                        || value.starts_with("file:")
                    {
                        return Err(format!(
                            "{name}: <{tag} {}> keeps {:?}",
                            a.name(),
                            a.value()
                        ));
                    }
                }
            } else if node.is_text() && name.ends_with(".xhtml") {
                text.push_str(node.text().unwrap_or(""));
                text.push(' ');
            }
        }
    }
    Ok(text)
}

/// Text compared for markers: no whitespace, no continuation marks or soft
/// hyphens (line ends may fall anywhere), case folded (small capitals).
fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{21aa}' | '\u{ad}'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Runs `job(worker, i)` for every case index `0..cases` on `jobs` threads,
/// each taking the next index until none is left — so the in-suite test and
/// the campaign bench share one scheduler. `worker` names the thread's own
/// scratch folder.
pub fn each_case(cases: u64, jobs: usize, job: impl Fn(usize, u64) + Sync) {
    let next = std::sync::atomic::AtomicU64::new(0);
    std::thread::scope(|scope| {
        for worker in 0..jobs {
            let (next, job) = (&next, &job);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if i >= cases {
                        break;
                    }
                    job(worker, i);
                }
            });
        }
    });
}

/// Builds `case` in `work` with `bin` and judges the result.
pub fn judge(case: &Case, bin: &Path, work: &Path, compare_check: bool) -> Judged {
    let book = work.join("book");
    let out_dir = work.join("out");
    let _ = std::fs::remove_dir_all(work);
    for (path, bytes) in &case.files {
        let full = book.join(path);
        std::fs::create_dir_all(full.parent().expect("a parent")).expect("make folders");
        std::fs::write(&full, bytes).expect("write a source");
    }
    let out_arg = out_dir.to_string_lossy().into_owned();
    let verdict = |outcome, diagnostics, epub| Judged {
        outcome,
        epub,
        diagnostics,
    };
    let fail =
        |why: String, diagnostics: Vec<Diag>| verdict(Outcome::Failed(why), diagnostics, None);
    let args = [
        "build",
        case.target.as_str(),
        "--out",
        out_arg.as_str(),
        "--message-format",
        "json",
    ];
    let Some((code, stdout, stderr)) = run(bin, &args, &book, Duration::from_secs(60)) else {
        return fail("build did not finish within 60 s".into(), Vec::new());
    };
    let diags = match diagnostics(&stdout) {
        Ok(d) => d,
        Err(why) => return fail(why, Vec::new()),
    };
    if stderr.contains("panicked") || code == 101 {
        return fail(format!("panic: {}", stderr.trim()), diags);
    }
    let outputs: Vec<String> = std::fs::read_dir(&out_dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    match code {
        1 => {
            let located = diags
                .iter()
                .any(|d| d.level == "error" && !d.file.is_empty() && d.line > 0);
            if !located {
                return fail(
                    format!("exit 1 with no located error: {diags:?} {}", stderr.trim()),
                    diags,
                );
            }
            if outputs
                .iter()
                .any(|n| n.ends_with(".epub") || n.ends_with(".pdf"))
            {
                return fail(
                    format!("refused, yet outputs were written: {outputs:?}"),
                    diags,
                );
            }
            verdict(Outcome::Refused, diags, None)
        }
        0 => judge_outputs(case, bin, &book, &out_dir, &outputs, diags, compare_check),
        other => fail(format!("exit {other}: {}", stderr.trim()), diags),
    }
}

fn judge_outputs(
    case: &Case,
    bin: &Path,
    book: &Path,
    out_dir: &Path,
    outputs: &[String],
    diags: Vec<Diag>,
    compare_check: bool,
) -> Judged {
    let fail = |why: String, diags: Vec<Diag>| Judged {
        outcome: Outcome::Failed(why),
        epub: None,
        diagnostics: diags,
    };
    let epubs: Vec<&String> = outputs.iter().filter(|n| n.ends_with(".epub")).collect();
    let pdfs: Vec<&String> = outputs.iter().filter(|n| n.ends_with(".pdf")).collect();
    let stray: Vec<&String> = outputs
        .iter()
        .filter(|n| !n.ends_with(".epub") && !n.ends_with(".pdf") && !n.ends_with(".bindery.json"))
        .collect();
    if epubs.len() != 1 || pdfs.len() != 1 || !stray.is_empty() {
        return fail(format!("exit 0 but the outputs are {outputs:?}"), diags);
    }
    let epub = out_dir.join(epubs[0]);
    let pdf = out_dir.join(pdfs[0]);
    let bytes = std::fs::read(&epub).expect("read the EPUB");
    let epub_text = match epub_text(&bytes) {
        Ok(t) => squeeze(&t),
        Err(why) => return fail(why, diags),
    };
    let qpdf = Command::new("qpdf")
        .arg("--check")
        .arg(&pdf)
        .output()
        .expect("qpdf (tests/run installs it)");
    if !qpdf.status.success() {
        return fail(
            format!("qpdf --check: {}", String::from_utf8_lossy(&qpdf.stdout)),
            diags,
        );
    }
    let text = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (tests/run installs it)");
    let pdf_text = squeeze(&String::from_utf8_lossy(&text.stdout));
    let mut pdf_words: Option<Vec<Vec<Word>>> = None;
    for marker in &case.markers {
        let word = marker.word.to_lowercase();
        let in_epub = epub_text.contains(&word);
        let in_pdf = pdf_text.contains(&word)
            || broken_in_a_column(pdf_words.get_or_insert_with(|| words_on_pages(&pdf)), &word);
        if in_epub && in_pdf {
            continue;
        }
        let excused = marker.excused_at.is_some_and(|line| {
            diags
                .iter()
                .any(|d| d.line == line as u64 && Path::new(&d.file).ends_with(&marker.file))
        });
        if !excused {
            let missing = match (in_epub, in_pdf) {
                (false, false) => "EPUB and PDF",
                (false, true) => "EPUB",
                _ => "PDF",
            };
            return fail(
                format!(
                    "`{}` ({}:{}) is missing from the {missing} with no warning saying why",
                    marker.word, marker.file, marker.line
                ),
                diags,
            );
        }
    }
    if compare_check {
        let args = ["check", case.target.as_str(), "--message-format", "json"];
        let Some((_, stdout, _)) = run(bin, &args, book, Duration::from_secs(60)) else {
            return fail("check did not finish within 60 s".into(), diags);
        };
        let checked = match diagnostics(&stdout) {
            Ok(d) => d,
            Err(why) => return fail(why, diags),
        };
        let count = |list: &[Diag]| {
            let mut m: BTreeMap<Diag, usize> = BTreeMap::new();
            for d in list {
                *m.entry(d.clone()).or_default() += 1;
            }
            m
        };
        if count(&checked) != count(&diags) {
            return fail(
                format!("check printed {checked:?}, build printed {diags:?}"),
                diags,
            );
        }
    }
    let outcome = if diags.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Warned
    };
    Judged {
        outcome,
        epub: Some(epub),
        diagnostics: diags,
    }
}

/// A word of `pdftotext -bbox`, lower-cased.
pub struct Word {
    text: String,
    x: f64,
    x_max: f64,
    y: f64,
    height: f64,
}

fn attr(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    tag.find(&key)
        .and_then(|at| {
            let rest = &tag[at + key.len()..];
            rest[..rest.find('"')?].parse().ok()
        })
        .unwrap_or(0.0)
}

/// The words of each page with their positions.
fn words_on_pages(pdf: &Path) -> Vec<Vec<Word>> {
    let out = Command::new("pdftotext")
        .args(["-bbox", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut pages: Vec<Vec<Word>> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            pages.push(Vec::new());
        } else if let (Some(rest), Some(page)) = (line.strip_prefix("<word "), pages.last_mut()) {
            let Some(close) = rest.find('>') else {
                continue;
            };
            let tag = &rest[..close];
            let body = rest[close + 1..].trim_end_matches("</word>");
            let body = body
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"");
            let y = attr(tag, "yMin");
            page.push(Word {
                // A word broken at a line's end keeps its inserted hyphen
                // (U+00AD): left out, as `squeeze` leaves it out.
                text: body.replace('\u{ad}', "").to_lowercase(),
                x: attr(tag, "xMin"),
                x_max: attr(tag, "xMax"),
                y,
                height: attr(tag, "yMax") - y,
            });
        }
    }
    pages
}

/// Whether `marker` is on a page broken over lines of a narrow column (a
/// table cell): a word ending with its start, and on the lines below it,
/// starting no further right than that word ends (cells may be right-aligned
/// or centred), words that make up the rest. pdftotext reads such a table
/// row by row, so the pieces are not adjacent in its text.
fn broken_in_a_column(pages: &[Vec<Word>], marker: &str) -> bool {
    /// Whether `rest` continues below `from` on page `at`, or at the top of
    /// the next page (a row split across pages).
    fn rest_below(pages: &[Vec<Word>], at: usize, from: &Word, rest: &str, depth: usize) -> bool {
        if rest.is_empty() {
            return true;
        }
        if depth > 8 {
            return false;
        }
        let in_column = |w: &Word| w.x <= from.x_max + 1.0 && from.x - w.x < 200.0;
        let continues = |w: &Word, at: usize| {
            w.text.starts_with(rest)
                || (!w.text.is_empty()
                    && rest.starts_with(&w.text)
                    && rest_below(pages, at, w, &rest[w.text.len()..], depth + 1))
        };
        let below = pages[at].iter().any(|w| {
            let dy = w.y - from.y;
            dy > 0.3 * from.height && dy < 2.6 * from.height && in_column(w) && continues(w, at)
        });
        below
            || pages
                .get(at + 1)
                .is_some_and(|next| next.iter().any(|w| in_column(w) && continues(w, at + 1)))
    }
    pages.iter().enumerate().any(|(at, page)| {
        page.iter().any(|w| {
            (1..marker.len()).any(|k| {
                marker.is_char_boundary(k)
                    && w.text.ends_with(&marker[..k])
                    && rest_below(pages, at, w, &marker[k..], 0)
            })
        })
    })
}
