//! Catalogue builds through the real binary: many books at once, sharded,
//! incremental, with diagnostics for CI (issue 13).

mod cli_support;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::time::SystemTime;

use cli_support::{
    bindery, bindery_env, finished_books, folder_book, json_lines, names, stderr, stdout,
};

/// A chapter with a note defined and never referenced: one warning.
const WITH_WARNING: &str = "# One\n\nText.\n\n[^unused]: Never referenced.\n";

fn tiny(dir: &Path, name: &str) {
    folder_book(
        dir,
        name,
        &format!("Book {name}"),
        "# One\n\nA line of text.\n",
    );
}

#[test]
fn shards_are_disjoint_cover_the_list_and_adding_a_book_moves_only_it() {
    let tmp = tempfile::tempdir().unwrap();
    let mut books: Vec<String> = (0..9).map(|i| format!("b{i}")).collect();
    for b in &books {
        tiny(tmp.path(), b);
    }
    let slice = |books: &[String], k: u32, n: u32| -> BTreeSet<String> {
        let shard = format!("{k}/{n}");
        let mut args = vec!["build", "--format", "epub", "--message-format", "json"];
        args.extend(["--shard", &shard]);
        args.extend(books.iter().map(String::as_str));
        let out = bindery(&args, tmp.path());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        finished_books(&json_lines(&out))
            .into_iter()
            .map(|(b, _)| b)
            .collect()
    };
    let mut before = Vec::new();
    for n in 1..=5 {
        let slices: Vec<BTreeSet<String>> = (1..=n).map(|k| slice(&books, k, n)).collect();
        let total: usize = slices.iter().map(BTreeSet::len).sum();
        let union: BTreeSet<String> = slices.iter().flatten().cloned().collect();
        assert_eq!(total, books.len(), "N={n}: slices overlap: {slices:?}");
        assert_eq!(union.len(), books.len(), "N={n}: {slices:?}");
        before.push(slices);
    }
    tiny(tmp.path(), "new-book");
    books.insert(3, "new-book".into());
    for n in 1..=5u32 {
        for k in 1..=n {
            let mut after = slice(&books, k, n);
            after.remove("new-book");
            assert_eq!(after, before[n as usize - 1][k as usize - 1], "{k}/{n}");
        }
    }
}

/// Every file under `dir` with its modification time and length.
fn snapshot(dir: &Path) -> Vec<(String, SystemTime, u64)> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.is_dir() {
            files.extend(snapshot(&path));
        } else {
            let meta = fs::metadata(&path).unwrap();
            files.push((
                path.display().to_string(),
                meta.modified().unwrap(),
                meta.len(),
            ));
        }
    }
    files.sort();
    files
}

#[test]
fn an_unchanged_catalogue_is_skipped_and_one_changed_chapter_rebuilds_only_its_book() {
    let tmp = tempfile::tempdir().unwrap();
    for b in ["a", "b", "c"] {
        tiny(tmp.path(), b);
    }
    let args = ["build", "a", "b", "c", "--message-format", "json"];
    let out = bindery(&args, tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let statuses = finished_books(&json_lines(&out));
    assert!(statuses.iter().all(|(_, s)| s == "built"), "{statuses:?}");
    let before = snapshot(tmp.path());

    let out = bindery(&args, tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let statuses = finished_books(&json_lines(&out));
    assert!(
        statuses.iter().all(|(_, s)| s == "up-to-date"),
        "{statuses:?}"
    );
    assert_eq!(snapshot(tmp.path()), before, "nothing written");

    // Human output says so too, and still lists the outputs on stdout.
    let out = bindery(&["build", "a", "b", "c"], tmp.path());
    assert!(stderr(&out).contains("Up to date b"), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("b/out/book-b.pdf"),
        "{}",
        stdout(&out)
    );

    fs::write(tmp.path().join("b/one.md"), "# One\n\nA changed line.\n").unwrap();
    let out = bindery(&args, tmp.path());
    let statuses = finished_books(&json_lines(&out));
    assert_eq!(
        statuses,
        [
            ("a".to_string(), "up-to-date".to_string()),
            ("b".into(), "built".into()),
            ("c".into(), "up-to-date".into())
        ]
    );

    // --force rebuilds; a different format list is a different build.
    let forced = bindery(
        &["build", "a", "--force", "--message-format", "json"],
        tmp.path(),
    );
    assert_eq!(finished_books(&json_lines(&forced))[0].1, "built");
    let epub_only = bindery(
        &["build", "a", "--format", "epub", "--message-format", "json"],
        tmp.path(),
    );
    assert_eq!(finished_books(&json_lines(&epub_only))[0].1, "built");
    // Deleting an output rebuilds the book.
    fs::remove_file(tmp.path().join("c/out/book-c.pdf")).unwrap();
    let out = bindery(&["build", "c", "--message-format", "json"], tmp.path());
    assert_eq!(finished_books(&json_lines(&out))[0].1, "built");
    assert!(tmp.path().join("c/out/book-c.pdf").is_file());
}

#[test]
fn a_skipped_book_still_reports_its_warnings_and_deny_warnings_fails_on_them() {
    let tmp = tempfile::tempdir().unwrap();
    folder_book(tmp.path(), "w", "Warned", WITH_WARNING);
    let expected = "w/one.md:5:1: warning: note [^unused] is defined but never referenced";
    for round in ["built", "up to date"] {
        let out = bindery(&["build", "w", "--format", "epub"], tmp.path());
        assert_eq!(out.status.code(), Some(0), "{round}: {}", stderr(&out));
        assert_eq!(
            stderr(&out).matches(expected).count(),
            1,
            "{round}: {}",
            stderr(&out)
        );
        let out = bindery(
            &["build", "w", "--format", "epub", "--deny-warnings"],
            tmp.path(),
        );
        assert_eq!(out.status.code(), Some(1), "{round}: {}", stderr(&out));
        assert!(stderr(&out).contains("--deny-warnings"), "{}", stderr(&out));
    }
    let out = bindery(&["check", "w", "--deny-warnings"], tmp.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    tiny(tmp.path(), "clean");
    let out = bindery(&["check", "clean", "--deny-warnings"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// Two books: `w` with a warning at w/one.md:5:1, `e` with an error at
/// e/one.md:3:17.
fn warned_and_broken() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    folder_book(tmp.path(), "w", "Warned", WITH_WARNING);
    folder_book(
        tmp.path(),
        "e",
        "Broken",
        "# One\n\nA dangling call.[^gone]\n",
    );
    tmp
}

#[test]
fn json_lines_parse_and_locate_each_diagnostic() {
    let tmp = warned_and_broken();
    let out = bindery(
        &[
            "build",
            "w",
            "e",
            "--format",
            "epub",
            "--message-format",
            "json",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "", "json goes to stdout, nothing else");
    let lines = json_lines(&out);
    let diags: Vec<_> = lines
        .iter()
        .filter(|v| v["reason"] == "diagnostic")
        .collect();
    assert_eq!(diags.len(), 2, "{lines:?}");
    let warning = diags[0];
    assert_eq!(warning["level"], "warning");
    assert_eq!(warning["book"], "w");
    assert_eq!(warning["file"], "w/one.md");
    assert_eq!(warning["line"], 5);
    assert_eq!(warning["column"], 1);
    assert!(warning["code"].as_str().is_some_and(|c| !c.is_empty()));
    assert!(
        warning["message"]
            .as_str()
            .unwrap()
            .contains("never referenced")
    );
    let error = diags[1];
    assert_eq!(error["level"], "error");
    assert_eq!(error["book"], "e");
    assert_eq!(
        (&error["file"], &error["line"], &error["column"]),
        (&"e/one.md".into(), &3.into(), &17.into())
    );
    let last = lines.last().unwrap();
    assert_eq!(last["reason"], "build-finished");
    assert_eq!(last["success"], false);
    assert_eq!((&last["built"], &last["failed"]), (&1.into(), &1.into()));
}

/// Whether `line` is a GitHub Actions workflow command for a located
/// problem: `::error file=F,line=L,col=C,title=T::message`.
fn is_workflow_command(line: &str) -> bool {
    let Some(rest) = line
        .strip_prefix("::error ")
        .or_else(|| line.strip_prefix("::warning "))
    else {
        return false;
    };
    let Some((props, message)) = rest.split_once("::") else {
        return false;
    };
    let props: Vec<(&str, &str)> = props.split(',').filter_map(|p| p.split_once('=')).collect();
    let keys: Vec<&str> = props.iter().map(|(k, _)| *k).collect();
    let numeric = |key: &str| {
        props
            .iter()
            .find(|(k, _)| *k == key)
            .is_some_and(|(_, v)| v.parse::<u32>().is_ok())
    };
    keys == ["file", "line", "col", "title"]
        && numeric("line")
        && numeric("col")
        && !message.is_empty()
        && !message.contains(['\n', '\r'])
}

#[test]
fn github_output_is_workflow_commands() {
    let tmp = warned_and_broken();
    let out = bindery(
        &["check", "w", "e", "--message-format", "github"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let commands: Vec<&str> = text.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(commands.len(), 2, "{text}");
    assert!(commands.iter().all(|l| is_workflow_command(l)), "{text}");
    assert!(
        commands[0].starts_with("::warning file=w/one.md,line=5,col=1,title=bindery"),
        "{text}"
    );
    assert!(
        commands[1].starts_with("::error file=e/one.md,line=3,col=17,"),
        "{text}"
    );
}

#[test]
fn books_report_in_the_order_given_whatever_the_threads_do() {
    let tmp = tempfile::tempdir().unwrap();
    // A long book first: with two jobs the short ones finish before it.
    let long = format!(
        "# Long\n\n{}\n\n[^unused]: x\n",
        "Words and more words. ".repeat(3000)
    );
    folder_book(tmp.path(), "long", "Long", &long);
    folder_book(tmp.path(), "s1", "Short One", WITH_WARNING);
    folder_book(
        tmp.path(),
        "bad",
        "Bad",
        "# One\n\nA dangling call.[^gone]\n",
    );
    folder_book(tmp.path(), "s2", "Short Two", WITH_WARNING);
    let run = |jobs: &str| {
        let out = bindery(
            &[
                "build",
                "long",
                "s1",
                "bad",
                "s2",
                "--force",
                "--message-format",
                "short",
                "-j",
                jobs,
            ],
            tmp.path(),
        );
        assert_eq!(out.status.code(), Some(1), "one failing book: exit 1");
        let err = stderr(&out);
        // The summary's time differs between runs; the rest may not.
        let lines: Vec<String> = err
            .lines()
            .filter(|l| !l.trim_start().starts_with("Finished"))
            .map(str::to_string)
            .collect();
        (lines, stdout(&out))
    };
    let (serial, serial_out) = run("1");
    let files: Vec<&str> = serial
        .iter()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(
        files,
        ["long/one.md", "s1/one.md", "bad/one.md", "s2/one.md"],
        "{serial:?}"
    );
    for _ in 0..3 {
        assert_eq!(run("4"), (serial.clone(), serial_out.clone()));
    }
    // The failing book stopped nothing.
    for b in ["long", "s1", "s2"] {
        assert!(tmp.path().join(b).join("out").is_dir(), "{b}");
    }
    assert!(!tmp.path().join("bad/out").exists());
}

#[test]
fn two_books_writing_the_same_files_are_refused_before_either_is_built() {
    let tmp = tempfile::tempdir().unwrap();
    for b in ["a", "b"] {
        fs::create_dir(tmp.path().join(b)).unwrap();
        fs::write(
            tmp.path().join(b).join("README.md"),
            "---\ntitle: Read Me\nlang: en\n---\n\n# Read Me\n\nText.\n",
        )
        .unwrap();
    }
    let out = bindery(
        &["build", "a/README.md", "b/README.md", "--out", "out"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("b/README.md: error: writes out/README.*, as the book `a/README.md` does"),
        "{err}"
    );
    assert!(!tmp.path().join("out").exists(), "nothing written");
    // Same titles in one --out folder collide too; apart they do not.
    folder_book(tmp.path(), "x", "Same Title", "# One\n\nText.\n");
    folder_book(tmp.path(), "y", "Same Title", "# One\n\nText.\n");
    let out = bindery(&["build", "x", "y", "--out", "dist"], tmp.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!tmp.path().join("dist").exists());
    let out = bindery(&["build", "x", "y", "--format", "epub"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The same book named twice is one book.
    let out = bindery(
        &["build", "x", "./x/", "--message-format", "json"],
        tmp.path(),
    );
    assert_eq!(finished_books(&json_lines(&out)).len(), 1);
}

#[test]
fn a_folder_of_books_builds_each_and_the_summary_counts_them() {
    let tmp = tempfile::tempdir().unwrap();
    let shelf = tmp.path().join("shelf");
    for b in ["one", "two"] {
        tiny(&shelf, b);
    }
    let out = bindery(&["build", "shelf", "--format", "epub"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "shelf/one/out/book-one.epub\nshelf/two/out/book-two.epub\n"
    );
    let err = stderr(&out);
    assert!(
        err.contains("Finished 2 books: 2 built, 0 up to date, 0 failed"),
        "{err}"
    );
    // -q prints diagnostics only.
    let out = bindery(&["build", "shelf", "--format", "epub", "-q"], tmp.path());
    assert_eq!((stdout(&out), stderr(&out)), (String::new(), String::new()));
    // -v says why a book is built.
    fs::write(shelf.join("two/one.md"), "# One\n\nNew text.\n").unwrap();
    let out = bindery(&["build", "shelf", "--format", "epub", "-v"], tmp.path());
    assert!(
        stderr(&out).contains("`one.md` changed"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn ci_set_means_no_progress_display() {
    let tmp = tempfile::tempdir().unwrap();
    tiny(tmp.path(), "a");
    let out = bindery_env(
        &["build", "a", "--format", "epub"],
        tmp.path(),
        &[("CI", "true")],
    );
    assert_eq!(out.status.code(), Some(0));
    // No cursor movements or carriage returns: plain lines only.
    let all = stdout(&out) + &stderr(&out);
    assert!(!all.contains('\r') && !all.contains('\u{1b}'), "{all:?}");
}

#[test]
fn init_without_a_folder_scaffolds_the_current_one_if_empty() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("my-novel");
    fs::create_dir(&dir).unwrap();
    let out = bindery(&["init"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(names(&dir), ["SUMMARY.md", "book.toml", "chapter-1.md"]);
    let toml = fs::read_to_string(dir.join("book.toml")).unwrap();
    assert!(toml.contains("title = \"My Novel\""), "{toml}");
    let out = bindery(&["check"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = bindery(&["init"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not empty"), "{}", stderr(&out));
}
