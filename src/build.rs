//! One book, built or checked: load it, render every format in memory,
//! then (for `build`) write the outputs all or none with the record that
//! lets the next build skip it when nothing changed. `check` renders too,
//! writing nothing, so it reports every diagnostic `build` would.
//!
//! Progress and diagnostics go to an [`Observer`] as they happen, so a
//! caller can show them while a long book is still being typeset.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use crate::book::{self, Inputs};
use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::incremental::{Freshness, Recipe, State, freshness};
use crate::model::{Book, OutputFormat};
use crate::output::{self, safe_stem, state_file_name};

/// What to build and where.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Formats to build; `None` means what `book.toml` says (default: both).
    pub formats: Option<Vec<OutputFormat>>,
    /// Output folder; `None` means `BOOK/out/`.
    pub out_dir: Option<PathBuf>,
    /// `bindery build --stats`: the PDF backend prints typographic
    /// statistics of its layout (the book is built even when up to date).
    pub stats: bool,
    /// `--force`: build even when the outputs are up to date.
    pub force: bool,
}

/// Where a book's build stands, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Comparing the inputs with the last build's record.
    Checking,
    Loading,
    Rendering(OutputFormat),
    Writing,
    /// Finished; its report waits for the books before it.
    Done,
}

/// Follows one book's build as it happens. Every diagnostic of the book
/// is passed exactly once, in order, as soon as it is known.
pub trait Observer {
    fn phase(&mut self, _phase: Phase) {}
    fn diagnostics(&mut self, _diags: &[Diagnostic]) {}
}

/// Observes nothing.
impl Observer for () {}

/// What a build produced.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    /// The book's output files (written now, or up to date), in order.
    pub outputs: Vec<PathBuf>,
    /// Warnings from the loader and the backends (each once).
    pub warnings: Vec<Diagnostic>,
    /// The PDF layout's typographic figures, when `BuildOptions::stats` asked
    /// for them and a PDF was built.
    pub stats: Option<crate::pdf::Stats>,
    /// The PDF's page count, when there is a PDF.
    pub pages: Option<usize>,
    /// Nothing changed since the last build: nothing was written.
    pub up_to_date: bool,
    /// Why the book was built (for `--verbose`): "`essay.md` changed".
    pub reason: Option<String>,
    /// Temporary files of earlier, killed builds that were cleaned up.
    pub cleaned: Vec<String>,
    /// Every file and folder the book was made from (what `watch` watches).
    pub inputs: Vec<PathBuf>,
}

/// A book's name as the user gave it, normalised (`./a/` → `a`, `/`
/// separators), so that the same book has the same name however it was
/// typed: messages, `--shard` and incremental records use it.
pub fn book_name(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| match c {
            Component::RootDir => String::new(),
            other => other.as_os_str().to_string_lossy().into_owned(),
        })
        .collect();
    match parts.as_slice() {
        [] => ".".into(),
        [root] if root.is_empty() => "/".into(),
        _ => parts.join("/"),
    }
}

/// The file extension of a format's output.
pub fn extension(format: OutputFormat) -> &'static str {
    match format {
        OutputFormat::Epub => "epub",
        OutputFormat::Pdf => "pdf",
    }
}

/// The folder a book's outputs go to.
pub fn out_dir(book_path: &Path, options: &BuildOptions) -> PathBuf {
    match &options.out_dir {
        Some(dir) => dir.clone(),
        None => {
            let root = book::book_root(book_path);
            if root == Path::new(".") {
                PathBuf::from("out")
            } else {
                root.join("out")
            }
        }
    }
}

/// Passes each diagnostic on once, however many stages report it.
struct Reported<'o> {
    observer: &'o mut dyn Observer,
    seen: HashSet<Diagnostic>,
    all: Vec<Diagnostic>,
}

impl<'o> Reported<'o> {
    fn new(observer: &'o mut dyn Observer) -> Self {
        Reported {
            observer,
            seen: HashSet::new(),
            all: Vec::new(),
        }
    }

    fn report(&mut self, diags: Vec<Diagnostic>) {
        let fresh: Vec<Diagnostic> = diags
            .into_iter()
            .filter(|d| self.seen.insert(d.clone()))
            .collect();
        if !fresh.is_empty() {
            self.observer.diagnostics(&fresh);
            self.all.extend(fresh);
        }
    }
}

/// Builds one book (a folder with `book.toml`, or a lone `.md` file).
pub fn build(book_path: &Path, options: &BuildOptions) -> Result<BuildReport> {
    build_observed(book_path, options, &mut ())
}

/// [`build`], telling `observer` what happens as it happens. Every
/// diagnostic goes to the observer; an [`Error::Book`] holds them all too.
pub fn build_observed(
    book_path: &Path,
    options: &BuildOptions,
    observer: &mut dyn Observer,
) -> Result<BuildReport> {
    let out_dir = out_dir(book_path, options);
    let root = book::book_root(book_path);
    let name = book_name(book_path);
    let cleaned = output::recover(&out_dir)?;
    let mut reason = None;
    if options.force {
        reason = Some("--force".to_string());
    } else if options.stats {
        reason = Some("--stats".to_string());
    } else if let Some(stem) = book::output_stem(book_path) {
        observer.phase(Phase::Checking);
        let stem = safe_stem(&stem).0;
        let formats = match &options.formats {
            Some(f) => f.clone(),
            None => formats_from_toml(book_path),
        };
        let recipe = Recipe {
            book: &name,
            root: &root,
            formats: &formats,
        };
        match freshness(&out_dir, &stem, recipe) {
            Freshness::Fresh(state) => {
                let warnings = state.diagnostics();
                if !warnings.is_empty() {
                    observer.diagnostics(&warnings);
                }
                return Ok(BuildReport {
                    outputs: state.output_files().map(|f| out_dir.join(f)).collect(),
                    inputs: state.input_paths(&root),
                    warnings,
                    pages: state.pages,
                    up_to_date: true,
                    cleaned,
                    ..BuildReport::default()
                });
            }
            Freshness::Stale(why) => reason = Some(why),
        }
    }
    let mut reported = Reported::new(observer);
    let (book, inputs, formats, rendered) = load_and_render(book_path, options, &mut reported)?;
    let stem = safe_stem(&book.settings.output_name).0;
    reported.observer.phase(Phase::Writing);
    let mut files: Vec<(String, &[u8])> = rendered
        .outputs
        .iter()
        .map(|(format, bytes)| (format!("{stem}.{}", extension(*format)), bytes.as_slice()))
        .collect();
    let recipe = Recipe {
        book: &name,
        root: &root,
        formats: &formats,
    };
    let state = State::record(recipe, &inputs, &files, rendered.pages, &reported.all);
    let state_bytes = state.to_bytes();
    files.push((state_file_name(&stem), &state_bytes));
    let mut outputs = output::commit(&out_dir, &files)?;
    outputs.pop(); // the state file is no output
    Ok(BuildReport {
        outputs,
        warnings: reported.all,
        stats: options.stats.then_some(rendered.stats).flatten(),
        pages: rendered.pages,
        up_to_date: false,
        reason,
        cleaned,
        inputs: inputs.files.into_iter().chain(inputs.listed).collect(),
    })
}

/// Loads and lints one book and renders every format it would build in
/// memory, writing nothing: every diagnostic `build` would report, each
/// once. Returns the warnings; errors come back as [`Error::Book`].
pub fn check(book_path: &Path, options: &BuildOptions) -> Result<Vec<Diagnostic>> {
    check_observed(book_path, options, &mut ())
}

/// [`check`], telling `observer` what happens as it happens.
pub fn check_observed(
    book_path: &Path,
    options: &BuildOptions,
    observer: &mut dyn Observer,
) -> Result<Vec<Diagnostic>> {
    let mut reported = Reported::new(observer);
    load_and_render(book_path, options, &mut reported)?;
    Ok(reported.all)
}

/// Loads the book and renders the formats asked for (or its own).
fn load_and_render(
    book_path: &Path,
    options: &BuildOptions,
    reported: &mut Reported<'_>,
) -> Result<(Book, Inputs, Vec<OutputFormat>, Rendered)> {
    let (book, inputs) = load(book_path, reported)?;
    let (stem, shortened) = safe_stem(&book.settings.output_name);
    if shortened {
        let message = format!(
            "the output name is longer than {} bytes: the files are named `{stem}.*`",
            output::MAX_STEM_BYTES
        );
        let warning = Diagnostic::warning(book_name(book_path), 0, 0, message);
        reported.report(vec![warning.with_code("output-name-shortened")]);
    }
    let formats = options
        .formats
        .clone()
        .unwrap_or_else(|| book.settings.formats.clone());
    let rendered = render(&book, &formats, reported)?;
    Ok((book, inputs, formats, rendered))
}

fn load(book_path: &Path, reported: &mut Reported<'_>) -> Result<(Book, Inputs)> {
    reported.observer.phase(Phase::Loading);
    let (loaded, inputs) = book::load_tracked(book_path);
    match loaded {
        Ok((book, warnings)) => {
            reported.report(warnings);
            Ok((book, inputs))
        }
        Err(Error::Book(diags)) => {
            reported.report(diags);
            Err(Error::Book(std::mem::take(&mut reported.all)))
        }
        Err(e) => Err(e),
    }
}

/// Every format of a book, rendered in memory.
struct Rendered {
    outputs: Outputs,
    stats: Option<crate::pdf::Stats>,
    pages: Option<usize>,
}

/// Rendered formats, each with its bytes, in the order asked for.
pub type Outputs = Vec<(OutputFormat, Vec<u8>)>;

/// Renders `formats` of `book` in memory (the PDF layout once for both
/// books, as [`render`] does), with every diagnostic of the backends:
/// what `mdbook-bindery` writes. Errors come back as [`Error::Book`].
pub fn render_formats(book: &Book, formats: &[OutputFormat]) -> Result<(Outputs, Vec<Diagnostic>)> {
    let mut observer = ();
    let mut reported = Reported::new(&mut observer);
    let rendered = render(book, formats, &mut reported)?;
    Ok((rendered.outputs, reported.all))
}

/// Renders each format, reporting each backend's warnings as soon as it
/// is done. Nothing is written: a backend that fails leaves the previous
/// outputs as they were.
///
/// The book is laid out once: the PDF's layout gives the EPUB its page
/// list. An EPUB built without its PDF has one only when `page-list =
/// true` asks for it: then the layout runs (not the drawing), its own
/// warnings, about a PDF that is not being made, are left out, and a
/// layout that fails leaves the EPUB without a page list, with a warning.
fn render(book: &Book, formats: &[OutputFormat], reported: &mut Reported<'_>) -> Result<Rendered> {
    let mut rendered = Rendered {
        outputs: Vec::new(),
        stats: None,
        pages: None,
    };
    let epub = formats.contains(&OutputFormat::Epub);
    let page_list = book
        .settings
        .epub
        .page_list
        .unwrap_or(formats.contains(&OutputFormat::Pdf));
    let mut pdf = None;
    let mut print_pages = Vec::new();
    if formats.contains(&OutputFormat::Pdf) {
        reported.observer.phase(Phase::Rendering(OutputFormat::Pdf));
        let mut warnings = Vec::new();
        let result = crate::pdf::render_full(book, &mut warnings);
        reported.report(warnings);
        let full = backend_result(result, reported)?;
        rendered.pages = Some(full.stats.pages);
        rendered.stats = Some(full.stats);
        print_pages = full.pages;
        pdf = Some(full.pdf);
    } else if epub && page_list {
        reported
            .observer
            .phase(Phase::Rendering(OutputFormat::Epub));
        match crate::pdf::print_pages(book, &mut Vec::new()) {
            Ok(pages) => print_pages = pages,
            Err(_) => reported.report(vec![
                Diagnostic::warning(
                    book.sources
                        .first()
                        .map_or("book.toml", |s| s.path.as_str()),
                    0,
                    0,
                    "the EPUB has no page list: the print layout it is taken from \
                     fails (build the PDF to see why)",
                )
                .with_code("no-page-list"),
            ]),
        }
    }
    if !page_list {
        print_pages.clear();
    }
    for &format in formats {
        let bytes = match format {
            OutputFormat::Pdf => pdf.take().unwrap_or_default(),
            OutputFormat::Epub => {
                reported.observer.phase(Phase::Rendering(format));
                let mut warnings = Vec::new();
                let result = crate::epub::render_with_pages(book, &print_pages, &mut warnings);
                reported.report(warnings);
                backend_result(result, reported)?
            }
        };
        rendered.outputs.push((format, bytes));
    }
    Ok(rendered)
}

/// A backend's result, its errors reported with every diagnostic so far.
fn backend_result<T>(result: Result<T>, reported: &mut Reported<'_>) -> Result<T> {
    match result {
        Err(Error::Book(diags)) => {
            reported.report(diags);
            Err(Error::Book(std::mem::take(&mut reported.all)))
        }
        other => other,
    }
}

/// The formats `book.toml` asks for, read without loading the book (for
/// the up-to-date check); the defaults when it cannot be read.
fn formats_from_toml(book_path: &Path) -> Vec<OutputFormat> {
    let default = vec![OutputFormat::Epub, OutputFormat::Pdf];
    if book_path.is_file() {
        return default;
    }
    std::fs::read_to_string(book_path.join("book.toml"))
        .ok()
        .and_then(|text| crate::config::parse(&text, "book.toml").0)
        .map_or(default, |c| c.formats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn book_names_are_normalised() {
        assert_eq!(book_name(Path::new("./a/b/")), "a/b");
        assert_eq!(book_name(Path::new("a/./b")), "a/b");
        assert_eq!(book_name(Path::new(".")), ".");
        assert_eq!(book_name(Path::new("/x/y")), "/x/y");
        assert_eq!(book_name(Path::new("/")), "/");
    }
}
