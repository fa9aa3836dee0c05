//! What `bindery build` and `check` print: diagnostics in the chosen
//! `--message-format`, a status line per book, the files written on
//! stdout, a closing summary, and — on a terminal, outside CI — a
//! progress display (indicatif) of the books in flight and of the whole
//! catalogue, cleared when done. Everything from a book is printed
//! escaped ([`escape_for_terminal`]): a title or a file name cannot act on
//! the terminal.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

use super::{BookResult, Mode, Outcome, Sink, Summary};
use crate::build::Phase;
use crate::diag::format::{self, MessageFormat};
use crate::diag::{Diagnostic, escape_for_terminal};

/// `-q`, nothing, or `-v`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Verbosity {
    /// Diagnostics only.
    Quiet,
    #[default]
    Normal,
    /// Also why each book was built and what was cleaned up.
    Verbose,
}

/// Where a line goes.
#[derive(Clone, Copy)]
enum Stream {
    Out,
    Err,
}

/// Prints a run's events (see the module's doc).
pub struct Printer {
    format: MessageFormat,
    verbosity: Verbosity,
    mode: Mode,
    out: Box<dyn Write>,
    err: Box<dyn Write>,
    progress: Option<Progress>,
}

/// The progress display: one spinner per book in flight, one bar for all.
struct Progress {
    multi: MultiProgress,
    /// Hidden until [`Printer::start`] adds it.
    total: ProgressBar,
    started: bool,
    books: HashMap<usize, ProgressBar>,
}

impl Printer {
    /// A printer to the process's stdout and stderr. The progress display
    /// is shown only when both are terminals and `CI` is not set.
    pub fn new(format: MessageFormat, verbosity: Verbosity, mode: Mode) -> Printer {
        let interactive = std::io::stdout().is_terminal()
            && std::io::stderr().is_terminal()
            && std::env::var_os("CI").is_none()
            && verbosity > Verbosity::Quiet
            && format != MessageFormat::Json;
        Printer {
            format,
            verbosity,
            mode,
            out: Box::new(std::io::stdout()),
            err: Box::new(std::io::stderr()),
            progress: interactive.then(|| Progress {
                multi: MultiProgress::new(),
                total: ProgressBar::hidden(),
                started: false,
                books: HashMap::new(),
            }),
        }
    }

    /// A printer to the given writers, never with progress (for tests).
    pub fn to_writers(
        format: MessageFormat,
        verbosity: Verbosity,
        mode: Mode,
        out: Box<dyn Write>,
        err: Box<dyn Write>,
    ) -> Printer {
        Printer {
            format,
            verbosity,
            mode,
            out,
            err,
            progress: None,
        }
    }

    /// Starts the catalogue's progress bar for `books` books.
    pub fn start(&mut self, books: usize) {
        if let Some(p) = &mut self.progress {
            let style =
                ProgressStyle::with_template("{prefix:>12} [{bar:30}] {pos}/{len} books {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> ");
            p.total = p
                .multi
                .add(ProgressBar::new(books as u64).with_style(style));
            p.total.enable_steady_tick(Duration::from_millis(250));
            p.started = true;
            p.total.set_prefix(match self.mode {
                Mode::Build => "Building",
                Mode::Check => "Checking",
            });
        }
    }

    fn emit(&mut self, stream: Stream, line: &str) {
        let target: &mut dyn Write = match stream {
            Stream::Out => &mut *self.out,
            Stream::Err => &mut *self.err,
        };
        let mut write = || {
            let _ = writeln!(target, "{line}");
            let _ = target.flush();
        };
        match &self.progress {
            Some(p) => p.multi.suspend(write),
            None => write(),
        }
    }

    /// A message of the run itself (not of a book), e.g. which shard.
    pub fn note(&mut self, text: &str) {
        if self.verbosity >= Verbosity::Verbose && self.format != MessageFormat::Json {
            self.emit(Stream::Err, text);
        }
    }

    /// Diagnostics that belong to no book being built (a collision found
    /// while planning, a usage problem).
    pub fn report(&mut self, diags: &[Diagnostic]) {
        for d in diags {
            // Such a diagnostic names the book it is about as its file.
            self.diagnostics(usize::MAX, &d.file, std::slice::from_ref(d));
        }
    }

    /// The closing summary; `success` is the run's verdict (it also counts
    /// `--deny-warnings`).
    pub fn finish(&mut self, summary: &Summary, success: bool, denied_warnings: bool) {
        if let Some(p) = self.progress.take() {
            p.total.finish_and_clear();
            let _ = p.multi.clear();
        }
        if denied_warnings {
            let n = summary.warnings;
            let text = format!("{n} warning{} and --deny-warnings: failing", plural(n));
            match self.format {
                MessageFormat::Json => {}
                MessageFormat::Github => {
                    self.emit(Stream::Out, &format!("::error title=bindery::{text}"))
                }
                _ => self.emit(Stream::Err, &format!("bindery: error: {text}")),
            }
        }
        let seconds = summary.elapsed.as_secs_f64();
        if self.format == MessageFormat::Json {
            let line = serde_json::json!({
                "reason": "build-finished",
                "success": success,
                "built": summary.built,
                "up_to_date": summary.up_to_date,
                "failed": summary.failed,
                "pages": summary.pages,
                "errors": summary.errors,
                "warnings": summary.warnings,
                "seconds": seconds,
            });
            self.emit(Stream::Out, &line.to_string());
            return;
        }
        if self.verbosity == Verbosity::Quiet {
            return;
        }
        let books = summary.built + summary.up_to_date + summary.failed;
        if self.mode == Mode::Check && books <= 1 && self.verbosity < Verbosity::Verbose {
            return;
        }
        let mut parts = vec![];
        if self.mode == Mode::Build {
            parts.push(format!("{} built", summary.built));
            parts.push(format!("{} up to date", summary.up_to_date));
        }
        parts.push(format!("{} failed", summary.failed));
        let mut line = format!(
            "{:>12} {books} book{}: {}",
            "Finished",
            plural(books),
            parts.join(", ")
        );
        if summary.pages > 0 {
            line.push_str(&format!("; {} pages", summary.pages));
        }
        // Counts only when there are some: a clean run's summary says
        // neither "error" nor "warning".
        for (n, what) in [(summary.errors, "error"), (summary.warnings, "warning")] {
            if n > 0 {
                line.push_str(&format!("; {n} {what}{}", plural(n)));
            }
        }
        line.push_str(&format!("; {}", seconds_text(summary.elapsed)));
        self.emit(Stream::Err, &line);
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn seconds_text(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn phase_label(phase: Phase) -> &'static str {
    match phase {
        Phase::Checking => "checking for changes",
        Phase::Loading => "reading the sources",
        Phase::Rendering(crate::model::OutputFormat::Epub) => "making the EPUB",
        Phase::Rendering(crate::model::OutputFormat::Pdf) => "typesetting the PDF",
        Phase::Writing => "writing",
        Phase::Done => "done",
    }
}

impl Sink for Printer {
    fn phase(&mut self, book: usize, name: &str, phase: Phase) {
        let Some(p) = &mut self.progress else {
            return;
        };
        if phase == Phase::Done {
            if let Some(bar) = p.books.remove(&book) {
                bar.finish_and_clear();
                p.multi.remove(&bar);
            }
            p.total.inc(1);
            return;
        }
        let bar = p.books.entry(book).or_insert_with(|| {
            let style = ProgressStyle::with_template("{spinner} {prefix}: {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
            let spinner = ProgressBar::new_spinner();
            let bar = if p.started {
                p.multi.insert_before(&p.total, spinner)
            } else {
                p.multi.add(spinner)
            };
            bar.set_style(style);
            bar.set_prefix(escape_for_terminal(name).into_owned());
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        bar.set_message(phase_label(phase));
    }

    fn diagnostics(&mut self, _book: usize, name: &str, diags: &[Diagnostic]) {
        for d in diags {
            let (stream, line) = match self.format {
                MessageFormat::Human => (Stream::Err, format::human(d)),
                MessageFormat::Short => (Stream::Err, format::short(d)),
                MessageFormat::Json => (Stream::Out, format::json(d, name)),
                MessageFormat::Github => (Stream::Out, format::github(d)),
            };
            self.emit(stream, &line);
        }
    }

    fn finished(&mut self, _book: usize, result: &BookResult) {
        let name = escape_for_terminal(&result.name).into_owned();
        let report = result.report();
        let outputs: Vec<String> = report
            .map(|r| r.outputs.iter().map(|p| p.display().to_string()).collect())
            .unwrap_or_default();
        if self.format == MessageFormat::Json {
            let status = match (&result.outcome, self.mode) {
                (Outcome::Failed, _) => "failed",
                (Outcome::UpToDate(_), _) => "up-to-date",
                (Outcome::Built(_), Mode::Build) => "built",
                (Outcome::Built(_), Mode::Check) => "checked",
            };
            let line = serde_json::json!({
                "reason": "book-finished",
                "book": result.name,
                "status": status,
                "outputs": outputs,
                "pages": report.and_then(|r| r.pages),
                "errors": result.errors,
                "warnings": result.warnings,
                "seconds": result.elapsed.as_secs_f64(),
            });
            self.emit(Stream::Out, &line.to_string());
            return;
        }
        if self.verbosity == Verbosity::Quiet {
            return;
        }
        if self.verbosity >= Verbosity::Verbose
            && let Some(r) = report
        {
            for cleaned in r.cleaned.clone() {
                self.emit(
                    Stream::Err,
                    &format!(
                        "{:>12} {} (left by a build that was stopped)",
                        "Removed",
                        escape_for_terminal(&cleaned)
                    ),
                );
            }
        }
        let status = match (&result.outcome, self.mode) {
            (Outcome::Failed, _) => Some(format!(
                "{:>12} {name} ({} error{})",
                "Failed",
                result.errors,
                plural(result.errors)
            )),
            (Outcome::UpToDate(_), _) => Some(format!("{:>12} {name}", "Up to date")),
            (Outcome::Built(r), Mode::Build) => {
                let mut line = format!("{:>12} {name} (", "Built");
                if let Some(pages) = r.pages {
                    line.push_str(&format!("{pages} pages, "));
                }
                line.push_str(&seconds_text(result.elapsed));
                line.push(')');
                if self.verbosity >= Verbosity::Verbose
                    && let Some(why) = &r.reason
                {
                    line.push_str(&format!(": {}", escape_for_terminal(why)));
                }
                Some(line)
            }
            (Outcome::Built(_), Mode::Check) => {
                (self.verbosity >= Verbosity::Verbose).then(|| format!("{:>12} {name}", "Checked"))
            }
        };
        let stats = report.and_then(|r| r.stats.clone());
        for path in outputs {
            self.emit(Stream::Out, &escape_for_terminal(&path));
        }
        if let Some(stats) = stats {
            self.emit(Stream::Out, &stats.to_string());
        }
        if let Some(status) = status
            && self.format != MessageFormat::Short
        {
            self.emit(Stream::Err, &status);
        }
    }
}
