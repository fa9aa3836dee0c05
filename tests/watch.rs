//! `bindery watch`: rebuilds on change, prints each rebuild's diagnostics,
//! keeps the last good outputs when a rebuild fails.

mod cli_support;

use std::fs;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use cli_support::folder_book;

/// Kills the watcher however the test ends.
struct Watcher(Child);

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Reads lines until one contains `needle`; returns every line read.
fn until(lines: &mpsc::Receiver<String>, needle: &str) -> Vec<String> {
    let mut seen = Vec::new();
    loop {
        match lines.recv_timeout(Duration::from_secs(90)) {
            Ok(line) => {
                let done = line.contains(needle);
                seen.push(line);
                if done {
                    return seen;
                }
            }
            Err(e) => panic!("no `{needle}` ({e}); got {seen:#?}"),
        }
    }
}

#[test]
fn watch_rebuilds_on_change_and_keeps_the_last_good_outputs_on_failure() {
    let tmp = tempfile::tempdir().unwrap();
    let book = folder_book(tmp.path(), "b", "Watched", "# One\n\nFirst text.\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_bindery"))
        .args(["watch", "b", "--format", "epub"])
        .current_dir(tmp.path())
        .env_remove("SOURCE_DATE_EPOCH")
        .env("CI", "true")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let _watcher = Watcher(child);
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    until(&lines, "Built b");
    let epub = book.join("out/watched.epub");
    let first = fs::read(&epub).unwrap();

    // A change with a warning: rebuilt, the warning printed.
    std::thread::sleep(Duration::from_millis(300));
    fs::write(
        book.join("one.md"),
        "# One\n\nSecond text.\n\n[^unused]: Never referenced.\n",
    )
    .unwrap();
    let seen = until(&lines, "Built b");
    assert!(
        seen.iter()
            .any(|l| l
                .contains("b/one.md:5:1: warning: note [^unused] is defined but never referenced")),
        "{seen:#?}"
    );
    let second = fs::read(&epub).unwrap();
    assert_ne!(first, second, "the EPUB was rebuilt");

    // A broken change: the error printed, the last good EPUB kept.
    fs::write(book.join("one.md"), "# One\n\nBroken.[^gone]\n").unwrap();
    let seen = until(&lines, "Failed b");
    assert!(
        seen.iter().any(|l| l.contains("b/one.md:3:8: error:")),
        "{seen:#?}"
    );
    assert_eq!(fs::read(&epub).unwrap(), second);

    // Fixed again: built again.
    fs::write(book.join("one.md"), "# One\n\nThird text.\n").unwrap();
    until(&lines, "Built b");
    assert_ne!(fs::read(&epub).unwrap(), second);
}
