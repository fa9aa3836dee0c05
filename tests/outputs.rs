//! Writing outputs (issue 15): all formats or none, what killed builds
//! leave cleaned up by the next one, safe names, and `check` reporting
//! every diagnostic `build` would.

mod cli_support;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use cli_support::{bindery, bindery_env, folder_book, names, stderr, stdout};

#[test]
fn a_pdf_that_cannot_be_written_leaves_the_old_epub_and_pdf_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let book = folder_book(tmp.path(), "b", "Pair", "# One\n\nFirst text.\n");
    let out = bindery(&["build", "b"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let epub = fs::read(book.join("out/pair.epub")).unwrap();
    let pdf = fs::read(book.join("out/pair.pdf")).unwrap();
    fs::write(book.join("one.md"), "# One\n\nSecond text.\n").unwrap();
    // The PDF's path becomes a folder (with the old PDF inside, to keep
    // its bytes for the comparison): the EPUB must stay the old one.
    fs::rename(book.join("out/pair.pdf"), tmp.path().join("old.pdf")).unwrap();
    fs::create_dir(book.join("out/pair.pdf")).unwrap();
    let out = bindery(&["build", "b"], tmp.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("pair.pdf"), "{}", stderr(&out));
    assert_eq!(fs::read(book.join("out/pair.epub")).unwrap(), epub);
    assert_eq!(fs::read(tmp.path().join("old.pdf")).unwrap(), pdf);
    assert_eq!(
        names(&book.join("out")),
        [".pair.bindery.json", "pair.epub", "pair.pdf"]
    );
}

/// A book that takes a while to build (so kills land in every phase).
fn slow_book(dir: &Path, version: &str) -> std::path::PathBuf {
    let paragraph = format!("Version {version} of the text, set at length. ");
    let mut text = String::from("# One\n\n");
    for i in 0..200 {
        text.push_str(&paragraph.repeat(8));
        text.push_str(&format!("[^n{i}]\n\n[^n{i}]: Note {i}.\n\n"));
    }
    folder_book(dir, "b", "Killed", &text)
}

/// A tiny deterministic generator (xorshift), so a failing run replays.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn builds_killed_at_random_moments_never_leave_a_mixed_pair_or_a_temporary() {
    let tmp = tempfile::tempdir().unwrap();
    let env = [("SOURCE_DATE_EPOCH", "1220227200")];
    // The two versions' outputs, built apart.
    let mut pairs = Vec::new();
    for version in ["A", "B"] {
        let dir = tmp.path().join(format!("ref-{version}"));
        let book = slow_book(&dir, version);
        let out = bindery_env(&["build", "b"], &dir, &env);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        pairs.push((
            fs::read(book.join("out/killed.epub")).unwrap(),
            fs::read(book.join("out/killed.pdf")).unwrap(),
        ));
    }
    let start = Instant::now();
    let book = slow_book(tmp.path(), "A");
    let out = bindery_env(&["build", "b"], tmp.path(), &env);
    assert_eq!(out.status.code(), Some(0));
    let full = start.elapsed();
    let seed = 0x5eed_u64;
    let mut rng = Rng(seed);
    let out_dir = book.join("out");
    let pair_now = || {
        let epub = fs::read(out_dir.join("killed.epub")).unwrap();
        let pdf = fs::read(out_dir.join("killed.pdf")).unwrap();
        pairs.iter().position(|(e, p)| *e == epub && *p == pdf)
    };
    let mut killed_mid_build = 0;
    for round in 0..24 {
        let version = if round % 2 == 0 { "B" } else { "A" };
        slow_book(tmp.path(), version);
        let mut child = Command::new(env!("CARGO_BIN_EXE_bindery"))
            .args(["build", "b", "--force"])
            .current_dir(tmp.path())
            .env("SOURCE_DATE_EPOCH", "1220227200")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let wait = full.as_micros() as u64 * 12 / 10;
        std::thread::sleep(Duration::from_micros(rng.below(wait.max(1))));
        let _ = child.kill();
        let status = child.wait().unwrap();
        if !status.success() {
            killed_mid_build += 1;
        }
        // The next build fails (a broken chapter): it must still leave a
        // whole pair, old or new, and no temporary.
        fs::write(book.join("one.md"), "# One\n\nBroken.[^gone]\n").unwrap();
        let out = bindery_env(&["build", "b"], tmp.path(), &env);
        assert_eq!(
            out.status.code(),
            Some(1),
            "round {round}: {}",
            stderr(&out)
        );
        assert!(
            pair_now().is_some(),
            "round {round} (seed {seed:#x}): the EPUB and the PDF are of different builds"
        );
        let leftovers: Vec<String> = names(&out_dir)
            .into_iter()
            .filter(|n| n.starts_with(".bindery-"))
            .collect();
        assert!(leftovers.is_empty(), "round {round}: {leftovers:?}");
    }
    assert!(
        killed_mid_build >= 10,
        "only {killed_mid_build} kills landed during a build"
    );
}

#[test]
fn temporaries_of_a_killed_build_are_removed_by_the_next_build() {
    let tmp = tempfile::tempdir().unwrap();
    let book = folder_book(tmp.path(), "b", "Stale", "# One\n\nText.\n");
    let out_dir = book.join("out");
    fs::create_dir(&out_dir).unwrap();
    // What a build with a process id no process has left: a half-written
    // EPUB. The next build cleans it up even when nothing needs building.
    fs::write(out_dir.join(".bindery-4194999-ab-0.0.new"), vec![0; 4096]).unwrap();
    let out = bindery(&["build", "b", "-v"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Removed .bindery-4194999-ab-0.0.new"),
        "{}",
        stderr(&out)
    );
    fs::write(out_dir.join(".bindery-4194999-ab-1.0.new"), b"x").unwrap();
    let out = bindery(&["build", "b"], tmp.path());
    assert!(stderr(&out).contains("Up to date b"), "{}", stderr(&out));
    assert_eq!(
        names(&out_dir),
        [".stale.bindery.json", "stale.epub", "stale.pdf"]
    );
}

#[test]
fn a_very_long_title_gives_a_short_file_name() {
    let tmp = tempfile::tempdir().unwrap();
    let title = "A Title That Goes On ".repeat(40);
    folder_book(tmp.path(), "b", title.trim(), "# One\n\nText.\n");
    let out = bindery(&["build", "b", "--format", "epub"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written = stdout(&out);
    let name = written.trim().rsplit('/').next().unwrap();
    assert!(name.starts_with("a-title-that-goes-on-a-title"), "{name}");
    assert!(name.len() <= 90, "{name}");
}

#[test]
fn a_hidden_lone_file_makes_visible_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join(".notes.md"),
        "---\ntitle: Notes\nlang: en\n---\n\n# Notes\n\nText.\n",
    )
    .unwrap();
    let out = bindery(&["build", ".notes.md", "--format", "epub"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "out/notes.epub\n");
    assert!(tmp.path().join("out/notes.epub").is_file());
}

#[test]
fn bidi_and_control_characters_in_names_are_escaped_when_printed() {
    let tmp = tempfile::tempdir().unwrap();
    let book = folder_book(tmp.path(), "b", "Evil", "# One\n\nText.\n");
    let mut toml = fs::read_to_string(book.join("book.toml")).unwrap();
    toml.push_str("\n[output]\nname = \"evil\u{202E}fdp\"\n");
    fs::write(book.join("book.toml"), toml).unwrap();
    let out = bindery(&["build", "b", "--format", "epub"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let printed = stdout(&out) + &stderr(&out);
    assert!(!printed.contains('\u{202E}'), "{printed:?}");
    assert!(
        stdout(&out).contains("b/out/evil\\u{202E}fdp.epub"),
        "{printed}"
    );
    // The file itself keeps the name asked for.
    assert!(book.join("out/evil\u{202E}fdp.epub").is_file());
    // In a diagnostic too: a chapter path with ESC in it.
    fs::write(
        book.join("SUMMARY.md"),
        "# Summary\n\n- [One](o%1B[2Jne.md)\n",
    )
    .unwrap();
    let out = bindery(&["check", "b"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(!stderr(&out).contains('\u{1b}'), "{:?}", stderr(&out));
    assert!(
        stderr(&out).contains("o\\u{001B}[2Jne.md"),
        "{}",
        stderr(&out)
    );
}

#[cfg(unix)]
#[test]
fn a_dangling_out_link_is_named_as_one() {
    let tmp = tempfile::tempdir().unwrap();
    let book = folder_book(tmp.path(), "b", "Linked", "# One\n\nText.\n");
    std::os::unix::fs::symlink(tmp.path().join("nowhere"), book.join("out")).unwrap();
    let out = bindery(&["build", "b"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("b/out: is a symbolic link to"), "{err}");
    assert!(err.contains("which does not exist"), "{err}");
    assert!(!err.contains("File exists"), "{err}");
}

#[test]
fn check_reports_the_backends_warnings_once_each_as_build_does() {
    let tmp = tempfile::tempdir().unwrap();
    // A private-use character no font has: the PDF backend warns.
    folder_book(
        tmp.path(),
        "b",
        "Glyphs",
        "# One\n\nA mark \u{E000} here and \u{E000} there.\n\n[^unused]: x\n",
    );
    let check = bindery(&["check", "b"], tmp.path());
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let warnings = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.contains(": warning: "))
            .map(str::to_string)
            .collect()
    };
    let from_check = warnings(&stderr(&check));
    assert!(
        from_check
            .iter()
            .any(|w| w.contains("no font has a glyph for U+E000")),
        "{from_check:?}"
    );
    assert!(
        from_check.iter().any(|w| w.contains("never referenced")),
        "{from_check:?}"
    );
    let unique: std::collections::BTreeSet<_> = from_check.iter().collect();
    assert_eq!(unique.len(), from_check.len(), "each once: {from_check:?}");
    let build = bindery(&["build", "b"], tmp.path());
    assert_eq!(warnings(&stderr(&build)), from_check);
    assert!(!tmp.path().join("b/out").join("x").exists());
}

#[test]
fn check_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    folder_book(tmp.path(), "b", "Quiet", "# One\n\nText.\n");
    let out = bindery(&["check", "b"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!((stdout(&out), stderr(&out)), (String::new(), String::new()));
    assert!(!tmp.path().join("b/out").exists());
}

#[test]
fn a_lone_file_with_a_very_long_name_builds_under_a_shortened_name_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let stem = "n".repeat(240);
    fs::write(
        tmp.path().join(format!("{stem}.md")),
        "---\ntitle: Long\nlang: en\n---\n\n# Long\n\nText.\n",
    )
    .unwrap();
    let file = format!("{stem}.md");
    let expected = "warning: the output name is longer than 200 bytes";
    let check = bindery(&["check", &file], tmp.path());
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(stderr(&check).contains(expected), "{}", stderr(&check));
    let out = bindery(&["build", &file, "--format", "epub"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains(expected), "{}", stderr(&out));
    assert!(
        tmp.path()
            .join("out")
            .join(format!("{}.epub", "n".repeat(200)))
            .is_file()
    );
}
