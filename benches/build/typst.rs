//! The Typst side of the build benchmark: the same book as Typst markup
//! (same text, same notes as footnotes, A5, EB Garamond at the same size
//! and leading, justified and hyphenated, chapters on rectos, a contents
//! page), and the Typst compiler found as the `typst` Python module
//! (`pip install typst`) in a venv under `target/bench-tools`, installed
//! there on first use when PyPI can be reached.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use bindery::model::{Block, BlockKind, Book, Inline};

/// The venv's Python, once `import typst` works in it; `None` when Typst
/// cannot be had (no network, no Python).
pub fn python(root: &Path) -> Option<PathBuf> {
    let venv = root.join("target/bench-tools/venv");
    let py = venv.join("bin/python");
    let works = |py: &Path| {
        Command::new(py)
            .args(["-c", "import typst"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if works(&py) {
        return Some(py);
    }
    let made = Command::new("python3")
        .arg("-m")
        .arg("venv")
        .arg(&venv)
        .status()
        .is_ok_and(|s| s.success())
        && Command::new(venv.join("bin/pip"))
            .args(["install", "-q", "typst"])
            .status()
            .is_ok_and(|s| s.success());
    (made && works(&py)).then_some(py)
}

/// The version of the `typst` module.
pub fn version(py: &Path) -> String {
    Command::new(py)
        .args([
            "-c",
            "import importlib.metadata as m; print(m.version('typst'))",
        ])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

/// A script compiling `argv[1]` to `argv[2]` with the fonts of `argv[3]`
/// only (no system fonts: the same faces Bindery embeds).
pub const RUNNER: &str = "import sys, typst\n\
typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]], ignore_system_fonts=True)\n";

/// The book as one Typst document.
pub fn document(book: &Book) -> String {
    let pdf = &book.settings.pdf;
    let m = &pdf.margins;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "#set page(width: {}pt, height: {}pt, margin: (top: {}pt, bottom: {}pt, inside: {}pt, outside: {}pt), numbering: \"1\")",
        pdf.trim.width, pdf.trim.height, m.top, m.bottom, m.inner, m.outer
    );
    let lang = book.meta.language.split('-').next().unwrap_or("en");
    let _ = writeln!(
        out,
        "#set text(font: \"EB Garamond\", size: {}pt, lang: \"{lang}\", hyphenate: true)",
        pdf.font_size
    );
    // Typst's leading is the gap between lines, not baseline to baseline.
    let _ = writeln!(
        out,
        "#set par(justify: true, first-line-indent: 1em, leading: {}pt, spacing: {}pt)",
        pdf.grid_leading() - pdf.font_size * 0.7,
        pdf.grid_leading() - pdf.font_size * 0.7
    );
    out.push_str("#show heading.where(level: 1): it => { pagebreak(to: \"odd\", weak: true); v(20%); align(center, text(size: 1.6em, it.body)); v(2em) }\n");
    let _ = writeln!(
        out,
        "#align(center + horizon, text(size: 2em)[{}])\n#pagebreak()\n#outline()",
        escape(&book.meta.title)
    );
    for chapter in &book.chapters {
        blocks(book, &chapter.blocks, &mut out);
    }
    out
}

fn blocks(book: &Book, list: &[Block], out: &mut String) {
    for block in list {
        match &block.kind {
            BlockKind::Paragraph(i) | BlockKind::Plain(i) => {
                inlines(book, i, out);
                out.push_str("\n\n");
            }
            BlockKind::Heading { level, content, .. } => {
                out.push_str(&"=".repeat(usize::from(*level)));
                out.push(' ');
                inlines(book, content, out);
                out.push_str("\n\n");
            }
            BlockKind::BlockQuote(inner) => {
                out.push_str("#quote(block: true)[\n");
                blocks(book, inner, out);
                out.push_str("]\n\n");
            }
            BlockKind::List { start, items, .. } => {
                let mark = if start.is_some() { "+ " } else { "- " };
                for item in items {
                    out.push_str(mark);
                    out.push('[');
                    blocks(book, &item.blocks, out);
                    out.push_str("]\n");
                }
                out.push('\n');
            }
            BlockKind::CodeBlock { text, .. } => {
                let _ = writeln!(out, "#raw(block: true, \"{}\")\n", text.escape_default());
            }
            BlockKind::Div { blocks: inner, .. } | BlockKind::Callout { blocks: inner, .. } => {
                blocks(book, inner, out)
            }
            BlockKind::ThematicBreak => out.push_str("#line(length: 25%)\n\n"),
            // The synthetic books have none of these.
            BlockKind::Table(_)
            | BlockKind::Figure { .. }
            | BlockKind::DefinitionList(_)
            | BlockKind::Html(_) => {}
        }
    }
}

fn inlines(book: &Book, list: &[Inline], out: &mut String) {
    for inline in list {
        match inline {
            Inline::Text { text, .. } => out.push_str(&escape(text)),
            Inline::Code { text, .. } => {
                let _ = write!(out, "#raw(\"{}\")", text.escape_default());
            }
            Inline::NoteRef(r) => {
                out.push_str("#footnote[");
                let note = book.note(r.note);
                blocks(book, &note.blocks, out);
                out.push(']');
            }
            Inline::SoftBreak => out.push(' '),
            Inline::HardBreak => out.push_str(" \\\n"),
            Inline::Emphasis(c) => wrapped(book, "emph", c, out),
            Inline::Strong(c) => wrapped(book, "strong", c, out),
            Inline::Strikethrough(c) => wrapped(book, "strike", c, out),
            Inline::Superscript(c) => wrapped(book, "super", c, out),
            Inline::Subscript(c) => wrapped(book, "sub", c, out),
            Inline::Image { alt, .. } => out.push_str(&escape(alt)),
            other => inlines(book, other.children(), out),
        }
    }
}

fn wrapped(book: &Book, func: &str, content: &[Inline], out: &mut String) {
    let _ = write!(out, "#{func}[");
    inlines(book, content, out);
    out.push(']');
}

/// Text with Typst's markup characters escaped.
fn escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\#*_`$[]<>@~=-+/'\"".contains(c) {
            s.push('\\');
        }
        s.push(c);
    }
    s
}

/// Writes the document beside the runner script; returns the `.typ` path.
pub fn write(book: &Book, dir: &Path) -> PathBuf {
    let typ = dir.join("book.typ");
    fs::write(&typ, document(book)).expect("book.typ");
    fs::write(dir.join("run_typst.py"), RUNNER).expect("run_typst.py");
    typ
}
