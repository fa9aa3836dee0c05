//! `bindery build`: load a book, run the backends, write the outputs
//! atomically.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::error::Result;
use crate::model::OutputFormat;
use crate::output::write_atomic;

/// What to build and where.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Formats to build; `None` means what `book.toml` says (default: both).
    pub formats: Option<Vec<OutputFormat>>,
    /// Output folder; `None` means `BOOK/out/`.
    pub out_dir: Option<PathBuf>,
    /// `bindery build --stats`: the PDF backend prints typographic
    /// statistics of its layout.
    pub stats: bool,
}

/// What a build produced.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    /// Files written, in the order written.
    pub outputs: Vec<PathBuf>,
    /// Warnings from the loader and the backends.
    pub warnings: Vec<Diagnostic>,
    /// The PDF layout's typographic figures, when `BuildOptions::stats` asked
    /// for them and a PDF was built.
    pub stats: Option<crate::pdf::Stats>,
}

/// Builds one book (a folder with `book.toml`, or a lone `.md` file).
pub fn build(book_path: &Path, options: &BuildOptions) -> Result<BuildReport> {
    let (book, mut warnings) = crate::book::load(book_path)?;
    let formats = options
        .formats
        .clone()
        .unwrap_or_else(|| book.settings.formats.clone());
    let out_dir = match &options.out_dir {
        Some(dir) => dir.clone(),
        None => crate::book::book_root(book_path).join("out"),
    };
    // Every format is rendered before any is written: a backend that fails
    // leaves the previous outputs as they were, never a new EPUB beside
    // an old PDF.
    let mut rendered = Vec::new();
    let mut stats = None;
    for format in formats {
        let (ext, bytes) = match format {
            OutputFormat::Epub => ("epub", crate::epub::render(&book, &mut warnings)?),
            OutputFormat::Pdf if options.stats => {
                let (pdf, figures) = crate::pdf::render_with_stats(&book, &mut warnings)?;
                stats = Some(figures);
                ("pdf", pdf)
            }
            OutputFormat::Pdf => ("pdf", crate::pdf::render(&book, &mut warnings)?),
        };
        let path = out_dir.join(format!("{}.{ext}", book.settings.output_name));
        rendered.push((path, bytes));
    }
    let mut outputs = Vec::new();
    for (path, bytes) in rendered {
        write_atomic(&path, &bytes)?;
        outputs.push(path);
    }
    Ok(BuildReport {
        outputs,
        warnings,
        stats,
    })
}
