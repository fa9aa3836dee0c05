//! Running the real `bindery` binary, for the command-line tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `bindery ARGS` in `cwd`, with no `SOURCE_DATE_EPOCH` from the
/// environment (tests that want one set it themselves).
pub fn bindery(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bindery"))
        .args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run bindery")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `bindery ARGS` in `cwd` with extra environment variables.
pub fn bindery_env(args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bindery"));
    cmd.args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run bindery")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A book folder `dir/name` titled `title` with one chapter `text` (and a
/// SUMMARY.md), language and identifier set so it builds without warnings.
pub fn folder_book(dir: &Path, name: &str, title: &str, text: &str) -> std::path::PathBuf {
    let root = dir.join(name);
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(
        root.join("book.toml"),
        format!(
            "[book]\ntitle = \"{title}\"\nauthors = [\"A. Writer\"]\nlanguage = \"en\"\n\
             identifier = \"urn:uuid:00000000-0000-5000-8000-000000000000\"\n"
        ),
    )
    .unwrap();
    std::fs::write(root.join("SUMMARY.md"), "# Summary\n\n- [One](one.md)\n").unwrap();
    std::fs::write(root.join("one.md"), text).unwrap();
    root
}

/// The JSON objects of `--message-format json` output, one per line;
/// panics on a line that is not one.
pub fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// The `book` of each `book-finished` object, with its `status`.
pub fn finished_books(lines: &[serde_json::Value]) -> Vec<(String, String)> {
    lines
        .iter()
        .filter(|v| v["reason"] == "book-finished")
        .map(|v| {
            (
                v["book"].as_str().unwrap().to_string(),
                v["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The names in a folder, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Builds `formats` of `book` into `out` with the binary, run from the
/// repository with `env` set; asserts it succeeded and returns the files
/// it wrote (the paths it prints on stdout) and what it printed on stderr.
pub fn build_outputs(
    book: &Path,
    out: &Path,
    formats: &str,
    env: &[(&str, &str)],
) -> (Vec<PathBuf>, String) {
    let args = [
        "build",
        book.to_str().unwrap(),
        "--format",
        formats,
        "--out",
        out.to_str().unwrap(),
    ];
    let result = bindery_env(&args, Path::new(env!("CARGO_MANIFEST_DIR")), env);
    assert!(
        result.status.success(),
        "build failed:\n{}",
        stderr(&result)
    );
    let written = stdout(&result)
        .lines()
        .map(|l| PathBuf::from(l.trim()))
        .collect();
    (written, stderr(&result))
}
