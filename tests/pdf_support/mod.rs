//! Helpers shared by the PDF navigation and footnote tests: real tools
//! (pdftotext, qpdf) read the built PDF; a missing tool fails the test.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use bindery::model::{Block, BlockKind, Book, Inline, NoteId};
use bindery::pdf::{PageLines, Stats};
use serde_json::Value;

pub mod prose;
pub mod spreads;

pub fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("book")
}

/// The build benchmark's synthetic book: `copies` copies of the sample
/// essay, each its own chapter, written to `dir`.
pub fn synthetic_book(dir: &Path, copies: usize) {
    let essay = std::fs::read_to_string(sample_dir().join("essay.md")).unwrap();
    let mut summary = String::from("# Summary\n\n");
    for i in 1..=copies {
        let name = format!("ch{i:03}.md");
        let text = essay.replacen(
            "# Victor Serge and the Renewal of Socialism",
            &format!("# Chapter {i}"),
            1,
        );
        std::fs::write(dir.join(&name), text).unwrap();
        summary.push_str(&format!("- [Chapter {i}]({name})\n"));
    }
    std::fs::write(dir.join("SUMMARY.md"), summary).unwrap();
    std::fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"Synthetic\"\nauthors = [\"Bench\"]\nlanguage = \"en-US\"\n\
         identifier = \"urn:uuid:00000000-0000-4000-8000-000000000300\"\n",
    )
    .unwrap();
}

pub fn load(dir: &Path) -> Book {
    let (book, _) = bindery::book::load(dir).expect("the book loads");
    book
}

/// Writes a `book.toml` for a test book: `title`, one author, English.
pub fn write_book_toml(dir: &Path, title: &str) {
    std::fs::write(
        dir.join("book.toml"),
        format!(
            "[book]\ntitle = \"{title}\"\nauthors = [\"T\"]\nlanguage = \"en\"\n\
             identifier = \"urn:uuid:00000000-0000-4000-8000-000000000515\"\n"
        ),
    )
    .unwrap();
}

/// Runs a tool and returns whether it succeeded and its stdout + stderr;
/// panics (fails the test) when it is not installed.
pub fn run_tool(name: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is required (tests/run installs it): {e}"));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

/// Runs a tool that must succeed; returns its stdout.
pub fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is required (tests/run installs it): {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every font `pdffonts` lists is embedded, subset and has a ToUnicode map
/// (`emb sub uni` all `yes`); returns the font lines.
pub fn assert_fonts_embedded_and_subset(pdf: &Path) -> Vec<String> {
    let (ok, out) = run_tool("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(ok, "pdffonts failed: {out}");
    let fonts: Vec<String> = out
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    assert!(!fonts.is_empty(), "no fonts listed:\n{out}");
    for f in &fonts {
        let cols: Vec<&str> = f.split_whitespace().collect();
        let n = cols.len();
        // ... emb sub uni object ID
        assert!(n >= 7, "unexpected pdffonts line: {f}");
        assert_eq!(
            (cols[n - 5], cols[n - 4], cols[n - 3]),
            ("yes", "yes", "yes"),
            "font not embedded, subset and mapped: {f}"
        );
    }
    fonts
}

/// The engine's own line data holds the layout rules: no line wider than
/// its measure, no `.notdef` glyph drawn, at most 2 hyphenated lines in a
/// row, no widows or orphans. Prints and returns the figures.
pub fn check_layout(name: &str, pages: &[PageLines]) -> Stats {
    let stats = Stats::from_pages(pages);
    println!("{name}:\n{stats}");
    for page in pages {
        for l in page.lines.iter().chain(&page.notes) {
            assert!(
                l.width <= l.measure + 0.01,
                "{name} page {}: a line {:.2}pt wide in a {:.2}pt measure",
                page.number,
                l.width,
                l.measure
            );
            assert_eq!(
                l.notdef, 0,
                "{name} page {}: a .notdef glyph drawn",
                page.number
            );
        }
    }
    assert_eq!(stats.overfull, 0, "{name}: overfull lines");
    assert!(
        stats.max_consecutive_hyphens <= 2,
        "{name}: {} consecutive hyphenated lines",
        stats.max_consecutive_hyphens
    );
    assert_eq!(stats.widows, 0, "{name}: widows");
    assert_eq!(stats.orphans, 0, "{name}: orphans");
    stats
}

/// Renders `book` to `dir/name.pdf`.
pub fn render(book: &Book, dir: &Path, name: &str) -> PathBuf {
    let pdf = bindery::pdf::render(book, &mut Vec::new()).expect("the PDF renders");
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).unwrap();
    path
}

/// The text of each page (`pdftotext -layout`), first page first.
pub fn page_texts(pdf: &Path, pages: usize) -> Vec<String> {
    let p = pdf.to_str().unwrap();
    let all = tool("pdftotext", &["-layout", p, "-"]);
    let texts: Vec<String> = all.split('\u{c}').map(str::to_string).collect();
    assert!(
        texts.len() >= pages,
        "pdftotext gave {} pages, the layout has {pages}",
        texts.len()
    );
    texts.into_iter().take(pages).collect()
}

/// `qpdf --json` of the file.
pub fn qpdf_json(pdf: &Path) -> Value {
    let out = tool("qpdf", &["--json", pdf.to_str().unwrap()]);
    serde_json::from_str(&out).expect("qpdf --json is JSON")
}

/// The label a viewer shows for each page, from `/PageLabels`.
pub fn page_labels(json: &Value, pages: usize) -> Vec<String> {
    let ranges = json["pagelabels"].as_array().expect("page labels");
    assert!(!ranges.is_empty(), "no /PageLabels");
    (0..pages)
        .map(|i| {
            let r = ranges
                .iter()
                .rev()
                .find(|r| r["index"].as_u64().unwrap() as usize <= i)
                .expect("a label range covers every page");
            let n = i - r["index"].as_u64().unwrap() as usize
                + r["label"]["/St"].as_u64().unwrap_or(1) as usize;
            match r["label"]["/S"].as_str() {
                Some("/r") => bindery::pdf::folio::roman(n as u32),
                Some("/D") => n.to_string(),
                other => panic!("unexpected label style {other:?}"),
            }
        })
        .collect()
}

/// A link annotation as the file has it.
#[derive(Debug, Clone)]
pub struct Annot {
    /// 1-based page holding the annotation.
    pub page: usize,
    /// Left, bottom, right, top in PDF units (y up).
    pub rect: [f64; 4],
    /// 1-based page its destination is on, for internal links.
    pub dest_page: Option<usize>,
    /// Destination's y (PDF units, y up).
    pub dest_y: Option<f64>,
    pub uri: Option<String>,
}

fn deref<'a>(objs: &'a Value, v: &'a Value) -> &'a Value {
    match v.as_str() {
        Some(r) if r.ends_with(" R") => &objs[format!("obj:{r}")]["value"],
        _ => v,
    }
}

/// Every `/Link` annotation of the file, page by page.
pub fn link_annotations(json: &Value) -> Vec<Annot> {
    let objs = &json["qpdf"][1];
    let pages = json["pages"].as_array().expect("pages");
    let page_of: std::collections::HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p["object"].as_str().unwrap().to_string(), i + 1))
        .collect();
    let mut out = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        let page = &objs[format!("obj:{}", p["object"].as_str().unwrap())]["value"];
        let Some(annots) = deref(objs, &page["/Annots"]).as_array() else {
            continue;
        };
        for a in annots {
            let a = deref(objs, a);
            if a["/Subtype"] != "/Link" {
                continue;
            }
            let rect: Vec<f64> = a["/Rect"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_f64().unwrap())
                .collect();
            let mut annot = Annot {
                page: i + 1,
                rect: [rect[0], rect[1], rect[2], rect[3]],
                dest_page: None,
                dest_y: None,
                uri: None,
            };
            let dest = deref(objs, &a["/Dest"]);
            if let Some(arr) = dest.as_array() {
                annot.dest_page = arr[0].as_str().and_then(|r| page_of.get(r)).copied();
                annot.dest_y = arr.get(3).and_then(Value::as_f64);
            }
            let action = deref(objs, &a["/A"]);
            if let Some(uri) = action["/URI"].as_str() {
                annot.uri = Some(uri.trim_start_matches("u:").to_string());
            }
            out.push(annot);
        }
    }
    out
}

/// Lowercased alphanumeric tokens, split at whitespace and dashes.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '—' || c == '–')
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Lines joined as a reader copies them: after an inserted hyphen
/// (U+00AD, removed) the word goes on, after a real hyphen or a dash too
/// (keeping it: `long-` `standing` is one word), elsewhere a line end is a
/// space.
pub fn dehyphenate(lines: &[&str]) -> String {
    let mut out = String::new();
    for line in lines {
        let t = line.trim();
        if let Some(stem) = t.strip_suffix('\u{AD}') {
            out.push_str(stem);
        } else if t.ends_with(['-', '—', '–']) {
            out.push_str(t);
        } else {
            out.push_str(t);
            out.push(' ');
        }
    }
    out
}

/// The words of a note as the PDF sets it: its number, then its text.
pub fn note_words(book: &Book, id: NoteId) -> Vec<String> {
    let note = book.note(id);
    let mut text = format!("{} ", note.number);
    blocks_text(&note.blocks, &mut text);
    words(&text)
}

fn blocks_text(blocks: &[Block], out: &mut String) {
    for b in blocks {
        match &b.kind {
            BlockKind::Paragraph(i) | BlockKind::Heading { content: i, .. } => {
                inline_text(i, out);
                out.push(' ');
            }
            BlockKind::BlockQuote(inner) => blocks_text(inner, out),
            BlockKind::List { items, .. } => {
                for it in items {
                    blocks_text(&it.blocks, out);
                }
            }
            BlockKind::CodeBlock { text, .. } => {
                out.push_str(text);
                out.push(' ');
            }
            BlockKind::Table(table) => {
                for cell in std::iter::once(&table.head).chain(&table.rows).flatten() {
                    inline_text(cell, out);
                    out.push(' ');
                }
            }
            _ => {}
        }
    }
}

fn inline_text(inlines: &[Inline], out: &mut String) {
    for i in inlines {
        match i {
            Inline::Text { text, .. } | Inline::Code { text, .. } => out.push_str(text),
            Inline::SoftBreak | Inline::HardBreak => out.push(' '),
            Inline::Image { .. } | Inline::NoteRef(_) | Inline::Html { .. } => {}
            other => inline_text(other.children(), out),
        }
    }
}

/// A page rendered by pdftoppm: `channels` bytes a pixel (1 grey, 3 RGB),
/// rows top to bottom.
pub struct Pixels {
    pub width: usize,
    pub height: usize,
    pub channels: usize,
    pub data: Vec<u8>,
}

/// Page `page` of `pdf` rendered at `dpi` (in grey when `grey`) into
/// `dir`, read back from pdftoppm's binary PGM/PPM ("P5"/"P6", width,
/// height, 255, then the pixels).
pub fn page_pixels(pdf: &Path, page: usize, dpi: u32, grey: bool, dir: &Path) -> Pixels {
    let stem = dir.join(format!("page-{page}-{dpi}"));
    let (n, r) = (page.to_string(), dpi.to_string());
    let mut args = vec!["-r", &r, "-f", &n, "-l", &n, "-singlefile"];
    if grey {
        args.push("-gray");
    }
    args.extend([pdf.to_str().unwrap(), stem.to_str().unwrap()]);
    tool("pdftoppm", &args);
    let bytes = std::fs::read(stem.with_extension(if grey { "pgm" } else { "ppm" })).unwrap();
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).to_string());
    }
    assert_eq!(fields[0], if grey { "P5" } else { "P6" });
    Pixels {
        width: fields[1].parse().unwrap(),
        height: fields[2].parse().unwrap(),
        channels: if grey { 1 } else { 3 },
        data: bytes[at + 1..].to_vec(),
    }
}

/// An edge (`xMin`, `xMax`, `yMin`, `yMax`) of the first word `word` in
/// `pdftotext -bbox` output.
pub fn word_edge(bbox: &str, word: &str, edge: &str) -> f32 {
    let line = bbox
        .lines()
        .find(|l| l.ends_with(&format!(">{word}</word>")))
        .unwrap_or_else(|| panic!("no {word} in {bbox}"));
    let at = line.find(&format!("{edge}=\"")).unwrap() + edge.len() + 2;
    line[at..].split('"').next().unwrap().parse().unwrap()
}
