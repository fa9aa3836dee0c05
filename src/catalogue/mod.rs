//! Building (or checking) many books at once, as a publisher's CI does:
//! books are built concurrently by `jobs` workers (so at most `jobs` books
//! are in memory), each book's diagnostics are handed on together and in
//! the order the books were given, whatever the threads' timing, as soon
//! as the books before it are done; one failing book does not stop the
//! others. Before anything is built, the list is made: folders of books
//! expanded, duplicates dropped, the `--shard` slice taken, and two books
//! that would write the same file refused.

pub mod print;
pub mod shard;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::build::{
    self, BuildOptions, BuildReport, Observer, Phase, book_name, build_observed, check_observed,
};
use crate::diag::{Diagnostic, Severity};
use crate::error::Error;
use crate::output::safe_stem;
pub use shard::Shard;

/// `build` writes the outputs; `check` renders them in memory only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Build,
    Check,
}

/// How to go through a catalogue.
#[derive(Debug, Clone)]
pub struct CatalogueOptions {
    pub mode: Mode,
    pub build: BuildOptions,
    /// Books built at once (at least 1).
    pub jobs: usize,
    pub shard: Option<Shard>,
}

/// The books to go through, in the order given.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub books: Vec<PathBuf>,
    /// Books left to other shards.
    pub elsewhere: usize,
}

/// Makes the list of books: each folder without `book.toml` whose
/// sub-folders are books stands for them (sorted), a book named twice is
/// built once, `--shard` keeps its slice. In build mode, two books that
/// would write the same output file are errors, before anything is built.
pub fn plan(books: &[PathBuf], options: &CatalogueOptions) -> Result<Plan, Vec<Diagnostic>> {
    let mut seen = std::collections::HashSet::new();
    let mut plan = Plan::default();
    for book in books.iter().flat_map(|b| expand(b)) {
        if !seen.insert(book_name(&book)) {
            continue;
        }
        if let Some(shard) = options.shard
            && !shard.contains(&book_name(&book))
        {
            plan.elsewhere += 1;
            continue;
        }
        plan.books.push(book);
    }
    if options.mode == Mode::Build {
        collisions(&plan.books, &options.build)?;
    }
    Ok(plan)
}

/// A folder of books (no `book.toml`, sub-folders that have one) as its
/// books; anything else as itself.
fn expand(path: &Path) -> Vec<PathBuf> {
    if !path.is_dir() || path.join("book.toml").exists() {
        return vec![path.to_path_buf()];
    }
    let mut books: Vec<PathBuf> = std::fs::read_dir(path)
        .map(|list| {
            list.flatten()
                .map(|e| e.path())
                .filter(|p| p.join("book.toml").is_file())
                .collect()
        })
        .unwrap_or_default();
    if books.is_empty() {
        return vec![path.to_path_buf()];
    }
    books.sort();
    books
}

/// Refuses books whose outputs would land on the same files (the same
/// name in the same folder, compared without case, as a case-insensitive
/// file system would).
fn collisions(books: &[PathBuf], options: &BuildOptions) -> Result<(), Vec<Diagnostic>> {
    let mut owners: HashMap<(PathBuf, String), &Path> = HashMap::new();
    let mut diags = Vec::new();
    for book in books {
        let Some(stem) = crate::book::output_stem(book) else {
            continue; // it cannot be read: building it says why
        };
        let stem = safe_stem(&stem).0;
        let dir = build::out_dir(book, options);
        let dir = std::fs::canonicalize(&dir)
            .or_else(|_| std::path::absolute(&dir))
            .unwrap_or(dir);
        let key = (dir, stem.to_lowercase());
        if let Some(first) = owners.get(&key) {
            let shown = build::out_dir(book, options).join(format!("{stem}.*"));
            diags.push(
                Diagnostic::error(
                    book_name(book),
                    0,
                    0,
                    format!(
                        "writes {}, as the book `{}` does: give one of them another `[output] name` (or --out folder); nothing was built",
                        shown.display(),
                        book_name(first)
                    ),
                )
                .with_code("output-collision"),
            );
        } else {
            owners.insert(key, book);
        }
    }
    if diags.is_empty() { Ok(()) } else { Err(diags) }
}

/// How one book ended.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Built now (or, in check mode, checked).
    Built(BuildReport),
    /// Nothing changed since the last build.
    UpToDate(BuildReport),
    /// It has errors, or could not be written.
    Failed,
}

/// One book's result, handed on in the order the books were given.
#[derive(Debug, Clone)]
pub struct BookResult {
    pub book: PathBuf,
    /// [`book_name`] of the book.
    pub name: String,
    pub outcome: Outcome,
    pub errors: usize,
    pub warnings: usize,
    pub elapsed: Duration,
}

impl BookResult {
    /// The report of a book that did not fail.
    pub fn report(&self) -> Option<&BuildReport> {
        match &self.outcome {
            Outcome::Built(r) | Outcome::UpToDate(r) => Some(r),
            Outcome::Failed => None,
        }
    }
}

/// What the whole run came to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub built: usize,
    pub up_to_date: usize,
    pub failed: usize,
    pub pages: usize,
    pub errors: usize,
    pub warnings: usize,
    pub elapsed: Duration,
}

/// Receives a run's events on the calling thread. `phase` comes as it
/// happens, in any order between books (for a progress display);
/// `diagnostics` and `finished` come book by book, in the given order.
pub trait Sink {
    fn phase(&mut self, _book: usize, _name: &str, _phase: Phase) {}
    fn diagnostics(&mut self, book: usize, name: &str, diags: &[Diagnostic]);
    fn finished(&mut self, book: usize, result: &BookResult);
}

/// A worker's message to the calling thread.
enum Message {
    Phase(usize, Phase),
    Diagnostics(usize, Vec<Diagnostic>),
    Finished(usize, Box<BookResult>),
}

/// Sends one book's events to the calling thread.
struct Relay<'a> {
    book: usize,
    tx: &'a mpsc::Sender<Message>,
    errors: usize,
    warnings: usize,
}

impl Observer for Relay<'_> {
    fn phase(&mut self, phase: Phase) {
        let _ = self.tx.send(Message::Phase(self.book, phase));
    }

    fn diagnostics(&mut self, diags: &[Diagnostic]) {
        let errors = diags.iter().filter(|d| d.is_error()).count();
        self.errors += errors;
        // Notes only say what Bindery did: they are no warnings.
        self.warnings += diags
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        let _ = self
            .tx
            .send(Message::Diagnostics(self.book, diags.to_vec()));
    }
}

/// Builds (or checks) every book of the plan on `options.jobs` threads,
/// handing events to `sink` in order (see [`Sink`]).
pub fn run(plan: &Plan, options: &CatalogueOptions, sink: &mut dyn Sink) -> Summary {
    let start = Instant::now();
    let names: Vec<String> = plan.books.iter().map(|b| book_name(b)).collect();
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel();
    let mut summary = Summary::default();
    std::thread::scope(|scope| {
        for _ in 0..options.jobs.clamp(1, plan.books.len().max(1)) {
            let tx = tx.clone();
            let next = &next;
            let names = &names;
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(book) = plan.books.get(i) else { break };
                    let result = one_book(i, book, &names[i], options, &tx);
                    if tx.send(Message::Finished(i, Box::new(result))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut order = InOrder::new(plan.books.len());
        for message in rx {
            if let Message::Phase(i, phase) = message {
                sink.phase(i, &names[i], phase);
                continue;
            }
            if let Message::Finished(i, _) = &message {
                let i = *i;
                sink.phase(i, &names[i], Phase::Done);
            }
            for ready in order.push(message) {
                match ready {
                    Message::Diagnostics(i, diags) => sink.diagnostics(i, &names[i], &diags),
                    Message::Finished(i, result) => {
                        tally(&mut summary, &result);
                        sink.finished(i, &result);
                    }
                    Message::Phase(..) => {}
                }
            }
        }
    });
    summary.elapsed = start.elapsed();
    summary
}

fn tally(summary: &mut Summary, result: &BookResult) {
    match &result.outcome {
        Outcome::Built(r) => {
            summary.built += 1;
            summary.pages += r.pages.unwrap_or(0);
        }
        Outcome::UpToDate(r) => {
            summary.up_to_date += 1;
            summary.pages += r.pages.unwrap_or(0);
        }
        Outcome::Failed => summary.failed += 1,
    }
    summary.errors += result.errors;
    summary.warnings += result.warnings;
}

/// Holds back the events of books whose turn has not come.
struct InOrder {
    current: usize,
    waiting: Vec<Vec<Message>>,
}

impl InOrder {
    fn new(books: usize) -> Self {
        InOrder {
            current: 0,
            waiting: (0..books).map(|_| Vec::new()).collect(),
        }
    }

    /// The events that may be handed on now, in order.
    fn push(&mut self, message: Message) -> Vec<Message> {
        let book = match &message {
            Message::Diagnostics(i, _) | Message::Finished(i, _) | Message::Phase(i, _) => *i,
        };
        if book != self.current {
            self.waiting[book].push(message);
            return Vec::new();
        }
        let mut ready = Vec::new();
        let mut finished = matches!(message, Message::Finished(..));
        ready.push(message);
        while finished {
            self.current += 1;
            finished = false;
            let Some(held) = self.waiting.get_mut(self.current) else {
                break;
            };
            for m in std::mem::take(held) {
                finished |= matches!(m, Message::Finished(..));
                ready.push(m);
            }
        }
        ready
    }
}

/// Builds or checks one book on a worker thread; a panic is that book's
/// failure, not the run's.
fn one_book(
    index: usize,
    book: &Path,
    name: &str,
    options: &CatalogueOptions,
    tx: &mpsc::Sender<Message>,
) -> BookResult {
    let start = Instant::now();
    let mut relay = Relay {
        book: index,
        tx,
        errors: 0,
        warnings: 0,
    };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match options.mode {
        Mode::Build => build_observed(book, &options.build, &mut relay),
        Mode::Check => {
            check_observed(book, &options.build, &mut relay).map(|warnings| BuildReport {
                warnings,
                ..BuildReport::default()
            })
        }
    }));
    let outcome = match outcome {
        Ok(Ok(report)) if report.up_to_date => Outcome::UpToDate(report),
        Ok(Ok(report)) => Outcome::Built(report),
        Ok(Err(Error::Book(_))) => Outcome::Failed, // already reported
        Ok(Err(e)) => {
            let code = match e {
                Error::Io { .. } => "io",
                _ => "backend",
            };
            relay.diagnostics(&[Diagnostic::error(name, 0, 0, e.to_string()).with_code(code)]);
            Outcome::Failed
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            relay.diagnostics(&[Diagnostic::error(
                name,
                0,
                0,
                format!("internal error (a bug in Bindery, please report it): {what}"),
            )
            .with_code("internal")]);
            Outcome::Failed
        }
    };
    BookResult {
        book: book.to_path_buf(),
        name: name.to_string(),
        outcome,
        errors: relay.errors,
        warnings: relay.warnings,
        elapsed: start.elapsed(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(i: usize) -> Message {
        Message::Diagnostics(i, vec![Diagnostic::warning(format!("{i}"), 0, 0, "w")])
    }

    fn finished(i: usize) -> Message {
        Message::Finished(
            i,
            Box::new(BookResult {
                book: PathBuf::new(),
                name: String::new(),
                outcome: Outcome::Failed,
                errors: 0,
                warnings: 0,
                elapsed: Duration::ZERO,
            }),
        )
    }

    fn books_of(ms: &[Message]) -> Vec<(usize, bool)> {
        ms.iter()
            .map(|m| match m {
                Message::Diagnostics(i, _) => (*i, false),
                Message::Finished(i, _) => (*i, true),
                Message::Phase(i, _) => (*i, false),
            })
            .collect()
    }

    #[test]
    fn events_come_out_in_book_order_whatever_order_they_arrive_in() {
        let mut order = InOrder::new(3);
        assert!(order.push(diag(2)).is_empty());
        assert!(order.push(finished(2)).is_empty());
        assert!(order.push(diag(1)).is_empty());
        // Book 0 streams as it goes.
        assert_eq!(books_of(&order.push(diag(0))), [(0, false)]);
        assert_eq!(
            books_of(&order.push(finished(0))),
            [(0, true), (1, false)],
            "book 1's held diagnostic follows at once"
        );
        assert_eq!(
            books_of(&order.push(finished(1))),
            [(1, true), (2, false), (2, true)]
        );
    }
}
