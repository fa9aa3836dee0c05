//! `bindery watch BOOK`: build, then build again whenever one of the
//! book's files changes (changes are debounced: an editor's burst of
//! writes is one rebuild). Each rebuild prints its diagnostics; a failed
//! one leaves the last good outputs in place, since outputs are only ever
//! replaced all together ([`crate::output::commit`]).
//!
//! What is watched is what the loader read: the book's folder (all of it,
//! so a new chapter or image is seen) and the folder of each input outside
//! it (a cover in `../covers/`). The output folder and Bindery's own
//! temporaries are ignored, or every build would start the next.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{DebounceEventResult, new_debouncer};

use crate::build;
use crate::catalogue::{self, BookResult, CatalogueOptions, Outcome, Plan, Sink, Summary};
use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::output::STATE_SUFFIX;

/// How long a burst of changes may last before the rebuild starts.
const DEBOUNCE: Duration = Duration::from_millis(250);

/// Passes events on and keeps the book's last result.
struct Keep<'s> {
    sink: &'s mut dyn Sink,
    last: Option<BookResult>,
}

impl Sink for Keep<'_> {
    fn phase(&mut self, book: usize, name: &str, phase: build::Phase) {
        self.sink.phase(book, name, phase);
    }

    fn diagnostics(&mut self, book: usize, name: &str, diags: &[Diagnostic]) {
        self.sink.diagnostics(book, name, diags);
    }

    fn finished(&mut self, book: usize, result: &BookResult) {
        self.sink.finished(book, result);
        self.last = Some(result.clone());
    }
}

/// Builds `book`, then rebuilds it on every change, forever (until the
/// process is stopped or watching fails). `after` is called with each
/// build's summary.
pub fn watch(
    book: &Path,
    options: &CatalogueOptions,
    sink: &mut dyn Sink,
    mut after: impl FnMut(&Summary),
) -> Result<()> {
    let watch_error = |e: notify_debouncer_mini::notify::Error| {
        Error::Backend(format!("cannot watch {}: {e}", book.display()))
    };
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, tx).map_err(watch_error)?;
    let root = absolute(&crate::book::book_root(book));
    let out_dir = absolute(&build::out_dir(book, &options.build));
    let lone_file = book.is_file();
    let plan = Plan {
        books: vec![book.to_path_buf()],
        elsewhere: 0,
    };
    let mut watched: BTreeSet<PathBuf> = BTreeSet::new();
    let mut inputs: BTreeSet<PathBuf> = BTreeSet::new();
    loop {
        let mut keep = Keep { sink, last: None };
        let summary = catalogue::run(&plan, options, &mut keep);
        after(&summary);
        let failed = match keep.last.as_ref().map(|r| &r.outcome) {
            Some(Outcome::Built(r) | Outcome::UpToDate(r)) => {
                inputs = r.inputs.iter().map(|p| absolute(p)).collect();
                false
            }
            _ => true,
        };
        let mut wanted: BTreeSet<PathBuf> = BTreeSet::new();
        wanted.insert(root.clone());
        for input in &inputs {
            if !input.starts_with(&root)
                && let Some(parent) = input.parent()
            {
                wanted.insert(parent.to_path_buf());
            }
        }
        for gone in watched.difference(&wanted) {
            let _ = debouncer.watcher().unwatch(gone);
        }
        for new in wanted.difference(&watched) {
            let mode = if *new == root && !lone_file {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            debouncer.watcher().watch(new, mode).map_err(watch_error)?;
        }
        watched = wanted;
        // Wait for a change that matters.
        loop {
            let events = match rx.recv() {
                Ok(Ok(events)) => events,
                Ok(Err(e)) => return Err(watch_error(e)),
                Err(_) => return Ok(()),
            };
            let relevant = events.iter().any(|e| {
                let path = absolute(&e.path);
                !is_ours(&path, &out_dir)
                    && (failed
                        || inputs.contains(&path)
                        || crate::book::is_markdown_name(&path)
                        || !lone_file)
            });
            if relevant {
                break;
            }
        }
        // Let a burst finish (an editor writing several files, a change
        // that came in while the last build ran) before reading the files.
        while let Ok(more) = rx.recv_timeout(DEBOUNCE) {
            if let Err(e) = more {
                return Err(watch_error(e));
            }
        }
    }
}

/// Whether a changed path is Bindery's own doing: the outputs, their
/// record, or a temporary.
fn is_ours(path: &Path, out_dir: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.starts_with(out_dir) || name.starts_with(".bindery-") || name.ends_with(STATE_SUFFIX)
}

/// A path made absolute and, where it exists, resolved, so paths from the
/// watcher compare equal to the loader's.
fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}
