//! The `bindery` command line: a thin layer over the library.
//!
//! Exit codes: 0 success; 1 the book has errors (each printed as
//! `file:line:col: error: message`) or the build failed for another reason
//! (I/O, a backend), said on stderr; 2 a usage error (clap's own).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use bindery::model::OutputFormat;
use bindery::{BuildOptions, Diagnostic, Error};
use clap::{Parser, Subcommand, ValueEnum};

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
        /// Book folders (with book.toml) or lone .md files with YAML front matter.
        #[arg(default_value = ".")]
        books: Vec<PathBuf>,
        /// Formats to build, comma-separated (default: book.toml's [output] formats).
        #[arg(long, value_delimiter = ',')]
        format: Option<Vec<Format>>,
        /// Output folder (default: BOOK/out).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Print typographic statistics of the PDF layout.
        #[arg(long)]
        stats: bool,
    },
    /// Parse and lint books without writing anything.
    Check {
        #[arg(default_value = ".")]
        books: Vec<PathBuf>,
    },
    /// Make a new book in DIR (which must not exist or be empty).
    Init { dir: PathBuf },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Epub,
    Pdf,
}

/// How a command ended.
enum Outcome {
    Ok,
    /// The book has errors (already printed).
    BookErrors,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::BookErrors) => ExitCode::from(1),
        Err(e) => {
            eprintln!("bindery: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Build {
            books,
            format,
            out,
            stats,
        } => {
            let options = BuildOptions {
                formats: format.map(|fs| {
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
                }),
                out_dir: out,
                stats,
            };
            let mut outcome = Outcome::Ok;
            for book in &books {
                match bindery::build(book, &options) {
                    Ok(report) => {
                        print_diagnostics(&report.warnings);
                        for path in &report.outputs {
                            println!("{}", path.display());
                        }
                        if let Some(stats) = &report.stats {
                            println!("{stats}");
                        }
                    }
                    Err(Error::Book(diags)) => {
                        print_diagnostics(&diags);
                        outcome = Outcome::BookErrors;
                    }
                    Err(e) => {
                        return Err(e).with_context(|| format!("building {}", book.display()));
                    }
                }
            }
            Ok(outcome)
        }
        Command::Check { books } => {
            let mut outcome = Outcome::Ok;
            for book in &books {
                match bindery::book::load(book) {
                    Ok((_, warnings)) => print_diagnostics(&warnings),
                    Err(Error::Book(diags)) => {
                        print_diagnostics(&diags);
                        outcome = Outcome::BookErrors;
                    }
                    Err(e) => {
                        return Err(e).with_context(|| format!("checking {}", book.display()));
                    }
                }
            }
            Ok(outcome)
        }
        Command::Init { dir } => match bindery::init::init(&dir) {
            Ok(files) => {
                for f in files {
                    println!("{}", f.display());
                }
                Ok(Outcome::Ok)
            }
            Err(Error::Book(diags)) => {
                print_diagnostics(&diags);
                Ok(Outcome::BookErrors)
            }
            Err(e) => Err(e.into()),
        },
    }
}

fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}
