//! The `bindery` binary: exit codes and messages as a user and CI see them.

mod cli_support;

use std::fs;
use std::process::Command;

use cli_support::{bindery, stderr};

#[test]
fn init_makes_a_book_that_checks_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let out = bindery(&["init", "my-book"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for f in ["book.toml", "SUMMARY.md", "chapter-1.md"] {
        assert!(tmp.path().join("my-book").join(f).is_file(), "{f}");
    }
    let toml = fs::read_to_string(tmp.path().join("my-book/book.toml")).unwrap();
    assert!(toml.contains("title = \"My Book\""), "{toml}");
    assert!(toml.contains("identifier = \"urn:uuid:"), "{toml}");

    let out = bindery(&["check", "my-book"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "no warnings either");

    // A second init into the now non-empty folder is refused.
    let out = bindery(&["init", "my-book"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not empty"), "{}", stderr(&out));
}

#[test]
fn init_book_builds() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(bindery(&["init", "b"], tmp.path()).status.success());
    let out = bindery(&["build", "b", "--out", "dist"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let printed = String::from_utf8_lossy(&out.stdout);
    let paths: Vec<&str> = printed.lines().collect();
    assert_eq!(paths, vec!["dist/b.epub", "dist/b.pdf"]);
    for p in paths {
        assert!(fs::metadata(tmp.path().join(p)).unwrap().len() > 0, "{p}");
    }
}

#[test]
fn broken_book_exits_1_with_file_line_col() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(bindery(&["init", "b"], tmp.path()).status.success());
    fs::write(
        tmp.path().join("b/chapter-1.md"),
        "# One\n\nA dangling reference.[^missing]\n",
    )
    .unwrap();
    for cmd in ["check", "build"] {
        let out = bindery(&[cmd, "b"], tmp.path());
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        let err = stderr(&out);
        assert!(
            err.contains("b/chapter-1.md:3:22: error: note reference [^missing] has no definition"),
            "{cmd}: {err}"
        );
    }
    assert!(!tmp.path().join("b/out").exists(), "nothing written");
}

#[test]
fn warnings_do_not_fail_check() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(bindery(&["init", "b"], tmp.path()).status.success());
    let chapter = tmp.path().join("b/chapter-1.md");
    let mut text = fs::read_to_string(&chapter).unwrap();
    text.push_str("\n[^unused]: Never referenced.\n");
    fs::write(&chapter, text).unwrap();
    let out = bindery(&["check", "b"], tmp.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains(
            "b/chapter-1.md:13:1: warning: note [^unused] is defined but never referenced"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn usage_errors_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    for args in [
        &["build", "--frobnicate"][..],
        &["build", "--format", "mobi"],
        &["build", "--jobs", "0"],
        &["build", "--shard", "4/3"],
        &["build", "--message-format", "xml"],
        &["build", "-q", "-v"],
        &["init", "a", "b"],
        &["publish"],
    ] {
        let out = bindery(args, tmp.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn source_date_epoch_is_honoured_and_checked() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(bindery(&["init", "b"], tmp.path()).status.success());
    let run = |value: &str| {
        Command::new(env!("CARGO_BIN_EXE_bindery"))
            .args(["check", "b"])
            .current_dir(tmp.path())
            .env("SOURCE_DATE_EPOCH", value)
            .output()
            .unwrap()
    };
    assert_eq!(run("1220227200").status.code(), Some(0));
    // The EPUB's dcterms:modified is the given time, not the clock's.
    let out = Command::new(env!("CARGO_BIN_EXE_bindery"))
        .args(["build", "b", "--format", "epub", "--out", "dist"])
        .current_dir(tmp.path())
        .env("SOURCE_DATE_EPOCH", "1220227200")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let epub = fs::File::open(tmp.path().join("dist/b.epub")).unwrap();
    let mut zip = zip::ZipArchive::new(epub).unwrap();
    let opf_name = zip
        .file_names()
        .filter_map(Result::ok)
        .find(|n| n.ends_with(".opf"))
        .expect("an OPF")
        .to_string();
    let mut opf = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(&opf_name).unwrap(), &mut opf).unwrap();
    assert!(opf.contains(">2008-09-01T00:00:00Z<"), "{opf}");
    let out = run("yesterday");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("SOURCE_DATE_EPOCH: error: must be a whole number of seconds"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn missing_book_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let out = bindery(&["check", "nowhere"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("nowhere: error: no such book"),
        "{}",
        stderr(&out)
    );
}
