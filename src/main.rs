//! The `bindery` command line: a thin layer over the library.
//!
//! Exit codes: 0 success; 1 a book has errors (each printed as
//! `file:line:col: error: message`), could not be written, or had warnings
//! under `--deny-warnings`; 2 a usage error (clap's own).

use std::path::PathBuf;
use std::process::ExitCode;

use bindery::catalogue::print::{Printer, Verbosity};
use bindery::catalogue::{self, CatalogueOptions, Mode, Shard, Summary};
use bindery::diag::format::MessageFormat;
use bindery::model::OutputFormat;
use bindery::{BuildOptions, Error};
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Markdown in; a reflowable EPUB 3 and a typeset print PDF out.
#[derive(Parser)]
#[command(name = "bindery", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build books into EPUB and/or PDF (default: BOOK/out/<name>.{epub,pdf}).
    Build {
        /// Book folders (with book.toml), lone .md files with YAML front
        /// matter, or folders of book folders.
        #[arg(default_value = ".")]
        books: Vec<PathBuf>,
        #[command(flatten)]
        target: Target,
        /// Print typographic statistics of the PDF layout.
        #[arg(long)]
        stats: bool,
        /// Build even the books whose outputs are up to date.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        many: Many,
        #[command(flatten)]
        report: Report,
    },
    /// Read, lint and render books in memory, writing nothing: every
    /// diagnostic `build` would print.
    Check {
        #[arg(default_value = ".")]
        books: Vec<PathBuf>,
        /// Formats to render, comma-separated (default: book.toml's [output] formats).
        #[arg(long, value_delimiter = ',')]
        format: Option<Vec<Format>>,
        #[command(flatten)]
        many: Many,
        #[command(flatten)]
        report: Report,
    },
    /// Build a book, then rebuild it whenever one of its files changes.
    Watch {
        #[arg(default_value = ".")]
        book: PathBuf,
        #[command(flatten)]
        target: Target,
        #[command(flatten)]
        report: Report,
    },
    /// Make a new book in DIR (default: the current folder), which must
    /// not exist or be empty.
    Init { dir: Option<PathBuf> },
}

/// What to make and where.
#[derive(Args)]
struct Target {
    /// Formats to build, comma-separated (default: book.toml's [output] formats).
    #[arg(long, value_delimiter = ',')]
    format: Option<Vec<Format>>,
    /// Output folder (default: BOOK/out).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Going through many books.
#[derive(Args)]
struct Many {
    /// Books built at once (default: the number of cores).
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    jobs: Option<u32>,
    /// Only the K-th of N slices of the books (stable: a book's slice
    /// depends on its path alone), for a CI matrix.
    #[arg(long, value_name = "K/N")]
    shard: Option<Shard>,
}

/// How to report.
#[derive(Args)]
struct Report {
    /// How to print diagnostics: human, short (one line with its code),
    /// json (one object per line on stdout), github (workflow commands).
    #[arg(long, value_enum, default_value = "human")]
    message_format: FormatArg,
    /// Fail (exit 1) when there are warnings.
    #[arg(long)]
    deny_warnings: bool,
    /// Print only diagnostics.
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print why each book was built and what was cleaned up.
    #[arg(short, long)]
    verbose: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Epub,
    Pdf,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Human,
    Short,
    Json,
    Github,
}

fn main() -> ExitCode {
    one_heap();
    let cli = Cli::parse();
    match run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("bindery: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Keeps glibc's malloc to one heap (arena). The layout's threads build
/// the pages in heaps of their own; the drawing, on the main thread, frees
/// them page by page while krilla's buffers grow, and with a heap a thread
/// the freed memory cannot be reused there: a 2,650-page book peaked at
/// 260-365 MiB resident, nondeterministically, against 217-221 MiB in one
/// heap, at the same CPU time (`MALLOC_ARENA_MAX=1`, 3 runs each).
/// `MALLOC_ARENA_MAX` in the environment still wins.
fn one_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const M_ARENA_MAX: std::ffi::c_int = -8;
        unsafe extern "C" {
            fn mallopt(param: std::ffi::c_int, value: std::ffi::c_int) -> std::ffi::c_int;
        }
        if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
            // SAFETY: mallopt only sets a tunable; called before any
            // other thread exists.
            unsafe {
                mallopt(M_ARENA_MAX, 1);
            }
        }
    }
}

/// Runs a command; `Ok(false)` when it failed and has said why.
fn run(cli: Cli) -> anyhow::Result<bool> {
    match cli.command {
        Command::Build {
            books,
            target,
            stats,
            force,
            many,
            report,
        } => {
            let build = BuildOptions {
                formats: formats(target.format),
                out_dir: target.out,
                stats,
                force,
            };
            Ok(many_books(&books, Mode::Build, build, &many, &report))
        }
        Command::Check {
            books,
            format,
            many,
            report,
        } => {
            let build = BuildOptions {
                formats: formats(format),
                ..BuildOptions::default()
            };
            Ok(many_books(&books, Mode::Check, build, &many, &report))
        }
        Command::Watch {
            book,
            target,
            report,
        } => {
            let options = CatalogueOptions {
                mode: Mode::Build,
                build: BuildOptions {
                    formats: formats(target.format),
                    out_dir: target.out,
                    ..BuildOptions::default()
                },
                jobs: 1,
                shard: None,
            };
            let mut printer = printer(&report, Mode::Build);
            bindery::watch::watch(&book, &options, &mut printer, |_| {})?;
            Ok(true)
        }
        Command::Init { dir } => {
            let dir = dir.unwrap_or_else(|| PathBuf::from("."));
            match bindery::init::init(&dir) {
                Ok(files) => {
                    for f in files {
                        println!(
                            "{}",
                            bindery::diag::escape_for_terminal(&f.display().to_string())
                        );
                    }
                    Ok(true)
                }
                Err(Error::Book(diags)) => {
                    let mut printer = printer(&Report::default(), Mode::Build);
                    printer.report(&diags);
                    Ok(false)
                }
                Err(e) => Err(e.into()),
            }
        }
    }
}

impl Default for Report {
    fn default() -> Self {
        Report {
            message_format: FormatArg::Human,
            deny_warnings: false,
            quiet: false,
            verbose: false,
        }
    }
}

fn formats(list: Option<Vec<Format>>) -> Option<Vec<OutputFormat>> {
    list.map(|fs| {
        let mut list: Vec<OutputFormat> = fs
            .into_iter()
            .map(|f| match f {
                Format::Epub => OutputFormat::Epub,
                Format::Pdf => OutputFormat::Pdf,
            })
            .collect();
        list.sort();
        list.dedup();
        list
    })
}

fn printer(report: &Report, mode: Mode) -> Printer {
    let format = match report.message_format {
        FormatArg::Human => MessageFormat::Human,
        FormatArg::Short => MessageFormat::Short,
        FormatArg::Json => MessageFormat::Json,
        FormatArg::Github => MessageFormat::Github,
    };
    let verbosity = if report.quiet {
        Verbosity::Quiet
    } else if report.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    Printer::new(format, verbosity, mode)
}

/// `build` or `check` of a catalogue; whether it succeeded.
fn many_books(
    books: &[PathBuf],
    mode: Mode,
    build: BuildOptions,
    many: &Many,
    report: &Report,
) -> bool {
    let jobs = many.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        |j| j as usize,
    );
    let options = CatalogueOptions {
        mode,
        build,
        jobs,
        shard: many.shard,
    };
    let mut printer = printer(report, mode);
    let plan = match catalogue::plan(books, &options) {
        Ok(plan) => plan,
        Err(diags) => {
            printer.report(&diags);
            let summary = Summary {
                failed: diags.len(),
                errors: diags.len(),
                ..Summary::default()
            };
            printer.finish(&summary, false, false);
            return false;
        }
    };
    if let Some(shard) = many.shard {
        printer.note(&format!(
            "shard {shard}: {} of {} books",
            plan.books.len(),
            plan.books.len() + plan.elsewhere
        ));
    }
    printer.start(plan.books.len());
    let summary = catalogue::run(&plan, &options, &mut printer);
    let denied = report.deny_warnings && summary.warnings > 0;
    let success = summary.failed == 0 && !denied;
    printer.finish(&summary, success, denied);
    success
}
