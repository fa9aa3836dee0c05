//! Incremental builds: a book whose inputs are unchanged since its last
//! successful build is not built again. What counts as an input is what
//! the loader says it looked at ([`crate::book::Inputs`]: sources, images,
//! cover, fonts, stylesheet, `book.toml`, the files whose absence mattered)
//! plus the formats asked for, `SOURCE_DATE_EPOCH`, the book's path as
//! given and Bindery's own build. Each is hashed (BLAKE3); the state file
//! beside the outputs (`.<stem>.bindery.json`) keeps those hashes, a hash
//! of each output, and the build's warnings, so a skipped book still
//! reports them (and `--deny-warnings` still fails on them).
//!
//! File modification times are not inputs: touching a file rebuilds
//! nothing, and a skipped book keeps its outputs, dates included.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use serde::{Deserialize, Serialize};

use crate::book::Inputs;
use crate::diag::Diagnostic;
use crate::model::OutputFormat;
use crate::output::state_file_name;

/// Bumped whenever the state file or a hash changes meaning.
const STATE_VERSION: u32 = 1;

/// What a successful build recorded, beside its outputs.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct State {
    version: u32,
    /// The hash of the build request (see [`Recipe`]), hex.
    recipe: String,
    /// The loader's inputs, relative to the book's folder, with the hash
    /// of each (of its bytes, or of its absence).
    inputs: Vec<Record>,
    /// Folders whose Markdown files the loader listed, with a hash of
    /// that list.
    listed: Vec<Record>,
    /// Each output's file name and content hash.
    outputs: Vec<Record>,
    /// The PDF's page count, when one was built.
    pub pages: Option<usize>,
    diagnostics: Vec<StoredDiagnostic>,
}

/// A path and the hash of what it held.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct Record {
    path: String,
    hash: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct StoredDiagnostic {
    error: bool,
    code: String,
    file: String,
    line: u32,
    col: u32,
    message: String,
}

/// The parts of a build request that change its outputs, besides the
/// files the loader reads.
#[derive(Debug, Clone, Copy)]
pub struct Recipe<'a> {
    /// The book as the user named it, normalised (diagnostics name files
    /// through it).
    pub book: &'a str,
    /// The book's folder, which the recorded inputs are relative to.
    pub root: &'a Path,
    pub formats: &'a [OutputFormat],
}

impl Recipe<'_> {
    fn hash(&self) -> String {
        let mut h = blake3::Hasher::new();
        h.update(b"bindery incremental\0");
        h.update(tool_identity().as_bytes());
        h.update(b"\0");
        h.update(self.book.as_bytes());
        h.update(b"\0");
        for f in self.formats {
            h.update(crate::build::extension(*f).as_bytes());
            h.update(b",");
        }
        match std::env::var_os("SOURCE_DATE_EPOCH").filter(|v| !v.is_empty()) {
            Some(v) => h.update(v.to_string_lossy().as_bytes()),
            None => h.update(b"\0unset"),
        };
        h.finalize().to_hex().to_string()
    }
}

/// Whether a book's outputs are up to date.
#[derive(Debug, Clone, PartialEq)]
pub enum Freshness {
    /// Nothing changed: the recorded state, whose outputs are intact.
    Fresh(State),
    /// Why the book must be built.
    Stale(String),
}

/// Compares the state recorded in `out_dir` for outputs named `stem`
/// with the inputs as they are now. Reads only the recorded inputs and
/// outputs: no loading, no parsing.
pub fn freshness(out_dir: &Path, stem: &str, recipe: Recipe<'_>) -> Freshness {
    let stale = |why: &str| Freshness::Stale(why.to_string());
    let Ok(bytes) = fs::read(out_dir.join(state_file_name(stem))) else {
        return stale("not built before");
    };
    let Ok(state) = serde_json::from_slice::<State>(&bytes) else {
        return stale("its build record is unreadable");
    };
    if state.version != STATE_VERSION || state.recipe != recipe.hash() {
        return stale("Bindery, the formats asked for or SOURCE_DATE_EPOCH changed");
    }
    for input in &state.inputs {
        if hash_input(&recipe.root.join(&input.path)) != input.hash {
            return Freshness::Stale(format!("`{}` changed", input.path));
        }
    }
    for folder in &state.listed {
        if hash_listing(&recipe.root.join(&folder.path)) != folder.hash {
            return Freshness::Stale(format!("the Markdown files in `{}` changed", folder.path));
        }
    }
    for output in &state.outputs {
        if hash_input(&out_dir.join(&output.path)) != output.hash {
            return Freshness::Stale(format!(
                "output `{}` is missing or was changed",
                output.path
            ));
        }
    }
    Freshness::Fresh(state)
}

impl State {
    /// The state of a build that just succeeded with `outputs` (file name
    /// and bytes). Hashes the inputs as they are now, right after loading.
    pub fn record(
        recipe: Recipe<'_>,
        inputs: &Inputs,
        outputs: &[(String, &[u8])],
        pages: Option<usize>,
        warnings: &[Diagnostic],
    ) -> State {
        let relative = |p: &PathBuf| {
            p.strip_prefix(recipe.root)
                .unwrap_or(p)
                .to_string_lossy()
                .into_owned()
        };
        State {
            version: STATE_VERSION,
            recipe: recipe.hash(),
            inputs: inputs
                .files
                .iter()
                .map(|p| Record {
                    path: relative(p),
                    hash: hash_input(p),
                })
                .collect(),
            listed: inputs
                .listed
                .iter()
                .map(|p| Record {
                    path: relative(p),
                    hash: hash_listing(p),
                })
                .collect(),
            outputs: outputs
                .iter()
                .map(|(file, bytes)| Record {
                    path: file.clone(),
                    hash: blake3::hash(bytes).to_hex().to_string(),
                })
                .collect(),
            pages,
            diagnostics: warnings
                .iter()
                .map(|d| StoredDiagnostic {
                    error: d.is_error(),
                    code: d.code.to_string(),
                    file: d.file.clone(),
                    line: d.line,
                    col: d.col,
                    message: d.message.clone(),
                })
                .collect(),
        }
    }

    /// The recorded warnings, to report again for a skipped book.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.diagnostics
            .iter()
            .map(|d| {
                let make = if d.error {
                    Diagnostic::error
                } else {
                    Diagnostic::warning
                };
                make(d.file.clone(), d.line, d.col, d.message.clone()).with_code(intern(&d.code))
            })
            .collect()
    }

    /// The output files' names, in the order built.
    pub fn output_files(&self) -> impl Iterator<Item = &str> {
        self.outputs.iter().map(|o| o.path.as_str())
    }

    /// The recorded inputs (files, then listed folders), under `root`.
    pub fn input_paths(&self, root: &Path) -> Vec<PathBuf> {
        let files = self.inputs.iter().chain(&self.listed);
        files.map(|r| root.join(&r.path)).collect()
    }

    /// The state file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }
}

/// The hash of a file's bytes, or a fixed word for a path that holds no
/// readable file (so a file appearing or vanishing is a change too).
fn hash_input(path: &Path) -> String {
    let hashed = fs::File::open(path).and_then(|f| {
        if f.metadata()?.is_dir() {
            return Err(std::io::Error::other("a folder"));
        }
        let mut h = blake3::Hasher::new();
        h.update_reader(f)?;
        Ok(h.finalize().to_hex().to_string())
    });
    hashed.unwrap_or_else(|_| "absent".into())
}

/// The hash of the sorted names of a folder's Markdown files (the files
/// among which the loader looks for a book's one chapter).
fn hash_listing(dir: &Path) -> String {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|list| {
            list.flatten()
                .filter(|e| e.path().is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| crate::book::is_markdown_name(Path::new(n)))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    blake3::hash(names.join("\n").as_bytes())
        .to_hex()
        .to_string()
}

/// Bindery's version and the identity of this very executable (its size
/// and modification time: a rebuilt or reinstalled binary rebuilds every
/// book once, without hashing tens of megabytes on every run).
fn tool_identity() -> &'static str {
    static ID: OnceLock<String> = OnceLock::new();
    ID.get_or_init(|| {
        let exe = std::env::current_exe()
            .and_then(fs::metadata)
            .map(|m| {
                let modified = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                format!("{}:{modified}", m.len())
            })
            .unwrap_or_default();
        format!("{} {exe}", env!("CARGO_PKG_VERSION"))
    })
}

/// A code read back from a state file, as the `&'static str` diagnostics
/// carry (each distinct code is kept once for the process).
fn intern(code: &str) -> &'static str {
    static CODES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut codes = CODES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(known) = codes.get(code) {
        return known;
    }
    let leaked: &'static str = Box::leak(code.to_string().into_boxed_str());
    codes.insert(leaked);
    leaked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recipe(root: &Path) -> Recipe<'_> {
        Recipe {
            book: "b",
            root,
            formats: &[OutputFormat::Epub],
        }
    }

    fn setup() -> (tempfile::TempDir, Inputs) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        fs::write(root.join("book.toml"), b"[book]\ntitle = \"T\"\n").unwrap();
        fs::write(root.join("ch.md"), b"# One\n").unwrap();
        let inputs = Inputs {
            files: vec![
                root.join("book.toml"),
                root.join("ch.md"),
                root.join("style.css"),
            ],
            listed: vec![root.to_path_buf()],
        };
        (tmp, inputs)
    }

    fn write_state(root: &Path, recipe: Recipe<'_>, inputs: &Inputs) {
        let out = root.join("out");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("t.epub"), b"epub").unwrap();
        let warning = Diagnostic::warning("ch.md", 1, 1, "w").with_code("note-unused");
        let outputs = [("t.epub".to_string(), &b"epub"[..])];
        let state = State::record(recipe, inputs, &outputs, Some(3), &[warning]);
        fs::write(out.join(state_file_name("t")), state.to_bytes()).unwrap();
    }

    #[test]
    fn unchanged_is_fresh_and_replays_its_warnings() {
        let (tmp, inputs) = setup();
        let root = tmp.path();
        let recipe = recipe(root);
        write_state(root, recipe, &inputs);
        let Freshness::Fresh(state) = freshness(&root.join("out"), "t", recipe) else {
            panic!("not fresh");
        };
        assert_eq!(state.pages, Some(3));
        assert_eq!(state.diagnostics()[0].code, "note-unused");
        assert_eq!(state.output_files().collect::<Vec<_>>(), ["t.epub"]);
    }

    #[test]
    fn every_kind_of_change_is_seen() {
        let (tmp, inputs) = setup();
        let root = tmp.path();
        let recipe = recipe(root);
        let out = root.join("out");
        let is_stale = |recipe| matches!(freshness(&out, "t", recipe), Freshness::Stale(_));
        write_state(root, recipe, &inputs);
        let both = [OutputFormat::Epub, OutputFormat::Pdf];
        assert!(is_stale(Recipe {
            formats: &both,
            ..recipe
        }));
        assert!(is_stale(Recipe {
            book: "./other",
            ..recipe
        }));
        // A file the loader relied on being absent appears.
        fs::write(root.join("style.css"), b"p {}").unwrap();
        assert!(is_stale(recipe));
        write_state(root, recipe, &inputs);
        assert!(!is_stale(recipe));
        // A new Markdown file in a folder the loader listed.
        fs::write(root.join("other.md"), b"x").unwrap();
        assert!(is_stale(recipe));
        write_state(root, recipe, &inputs);
        // An output changed by hand.
        fs::write(out.join("t.epub"), b"edited").unwrap();
        assert!(is_stale(recipe));
        write_state(root, recipe, &inputs);
        // A source changed; its modification time alone is no change.
        let ch = fs::File::options()
            .append(true)
            .open(root.join("ch.md"))
            .unwrap();
        ch.set_modified(std::time::SystemTime::UNIX_EPOCH).unwrap();
        assert!(!is_stale(recipe));
        fs::write(root.join("ch.md"), b"# Two\n").unwrap();
        let Freshness::Stale(why) = freshness(&out, "t", recipe) else {
            panic!("fresh");
        };
        assert_eq!(why, "`ch.md` changed");
    }
}
