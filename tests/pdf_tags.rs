//! The tagged PDF (issue 11): the structure tree read back from the file
//! with pypdf ($PYPDF_PYTHON, as tests/run sets it) — headings in order
//! with their titles, paragraphs, notes inside the element that calls them
//! beside the reference's link, figures with their alt text, tables with
//! header cells, lists with labels — and the running heads and folios
//! marked as artifacts; every marked-content sequence drawn has its place
//! in the tree. `[pdf] standard` picks PDF/UA-1 (default), PDF/A-2a or an
//! untagged PDF, and a figure nothing describes is decoration, with a
//! warning at its place.

mod pdf_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use bindery::model::{Block, BlockKind, Book, inlines_plain_text};
use pdf_support::{load, render, sample_dir, tool, write_book_toml};
use serde_json::Value;

/// Reads the structure tree and each page's marked content.
const READ_TREE: &str = r#"
import json, sys
import pypdf
from pypdf.generic import ContentStream, DictionaryObject, ArrayObject
r = pypdf.PdfReader(sys.argv[1])
root = r.trailer["/Root"]
out = {"nodes": [], "pages": [], "marked": bool(root.get("/MarkInfo", {}).get("/Marked", False))}
# The text each marked-content sequence shows, by (page object, MCID).
shown = {}
for page in r.pages:
    stack = []
    def before(op, args, cm, tm):
        if op == b"BDC":
            props = args[1] if len(args) > 1 else None
            mcid = props.get("/MCID") if isinstance(props, dict) else None
            stack.append(None if mcid is None else (page.indirect_reference.idnum, int(mcid)))
        elif op == b"EMC" and stack:
            stack.pop()
    def text(t, cm, tm, fd, fs):
        open_ = [m for m in stack if m is not None]
        if open_:
            shown[open_[-1]] = shown.get(open_[-1], "") + t
    page.extract_text(visitor_operand_before=before, visitor_text=text)
def walk(n, depth, parent):
    n = n.get_object()
    me = len(out["nodes"])
    kids = n.get("/K", [])
    if not isinstance(kids, list):
        kids = [kids]
    mcids = 0
    links = 0
    words = ""
    order = []
    pg = n.raw_get("/Pg") if "/Pg" in n else None
    for k in kids:
        o = k.get_object() if hasattr(k, "get_object") else k
        if isinstance(o, int) or (isinstance(o, dict) and o.get("/Type") == "/MCR"):
            order.append("content")
        elif isinstance(o, dict) and "/S" in o:
            order.append(str(o["/S"]))
        if isinstance(o, int):
            mcids += 1
            if pg is not None:
                words += shown.get((pg.idnum, int(o)), "")
        elif isinstance(o, dict) and o.get("/Type") == "/MCR":
            mcids += 1
            words += shown.get((o.raw_get("/Pg").idnum, int(o["/MCID"])), "")
        elif isinstance(o, dict) and o.get("/Type") == "/OBJR":
            links += 1
    out["nodes"].append({
        "s": str(n.get("/S", "")), "t": str(n.get("/T", "")), "alt": str(n.get("/Alt", "")),
        "id": str(n.get("/ID", "")), "lang": str(n.get("/Lang", "")), "depth": depth,
        "parent": parent, "mcids": mcids, "annots": links, "text": " ".join(words.split()),
        "order": order,
    })
    for k in kids:
        o = k.get_object() if hasattr(k, "get_object") else k
        if isinstance(o, dict) and "/S" in o:
            walk(o, depth + 1, me)
walk(root["/StructTreeRoot"], 0, -1)
for page in r.pages:
    ops = ContentStream(page.get_contents(), r).operations
    headers = artifacts = mcids = 0
    # Images drawn (XObjects) inside an artifact, and inside marked content.
    stack = []
    decorative = described = 0
    for operands, op in ops:
        if op == b"EMC" and stack:
            stack.pop()
        if op == b"Do" and stack:
            if stack[-1] == "/Artifact":
                decorative += 1
            else:
                described += 1
        if op != b"BDC":
            continue
        tag, props = operands[0], operands[1]
        stack.append(str(tag))
        if isinstance(props, DictionaryObject) and "/MCID" in props:
            mcids += 1
        if tag == "/Artifact":
            artifacts += 1
            if isinstance(props, DictionaryObject) and props.get("/Subtype") == "/Header":
                headers += 1
    out["pages"].append({"headers": headers, "artifacts": artifacts, "mcids": mcids,
                         "decorative_images": decorative, "described_images": described})
print(json.dumps(out))
"#;

/// The tree and pages of `pdf`, as [`READ_TREE`] gives them.
fn read_tree(pdf: &Path) -> Value {
    let python = std::env::var("PYPDF_PYTHON")
        .expect("PYPDF_PYTHON (a Python with pypdf) is required: run the tests with tests/run");
    let out = Command::new(python)
        .args(["-c", READ_TREE, pdf.to_str().unwrap()])
        .output()
        .expect("pypdf's Python runs");
    assert!(
        out.status.success(),
        "reading the tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn nodes(tree: &Value) -> &Vec<Value> {
    tree["nodes"].as_array().expect("nodes")
}

/// How many images the pages draw of a kind (`decorative_images`: inside
/// an artifact, `described_images`: inside marked content).
fn images(tree: &Value, kind: &str) -> u64 {
    tree["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[kind].as_u64().unwrap())
        .sum()
}

fn of_kind<'a>(tree: &'a Value, s: &str) -> Vec<&'a Value> {
    nodes(tree).iter().filter(|n| n["s"] == s).collect()
}

/// Every block of the book, depth first (notes' blocks after the chapters').
fn all_blocks(book: &Book) -> Vec<&Block> {
    fn walk<'a>(blocks: &'a [Block], out: &mut Vec<&'a Block>) {
        for b in blocks {
            out.push(b);
            match &b.kind {
                BlockKind::BlockQuote(inner)
                | BlockKind::Div { blocks: inner, .. }
                | BlockKind::Callout { blocks: inner, .. } => walk(inner, out),
                BlockKind::List { items, .. } => {
                    for i in items {
                        walk(&i.blocks, out);
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for c in &book.chapters {
        walk(&c.blocks, &mut out);
    }
    for n in &book.notes {
        walk(&n.blocks, &mut out);
    }
    out
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What every tagged book shows: marked, each content sequence drawn in
/// the tree exactly once, running heads as artifacts on the pages that
/// have one, and the document's language.
/// Returns how many pages have a running head.
fn check_common(name: &str, book: &Book, pdf: &Path, tree: &Value) -> usize {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Tagged:") && l.ends_with("yes")),
        "{name}: pdfinfo says the PDF is not tagged:\n{info}"
    );
    assert_eq!(tree["marked"], true, "{name}: MarkInfo /Marked");
    let pages = tree["pages"].as_array().unwrap();
    let drawn: u64 = pages.iter().map(|p| p["mcids"].as_u64().unwrap()).sum();
    let filed: u64 = nodes(tree)
        .iter()
        .map(|n| n["mcids"].as_u64().unwrap())
        .sum();
    assert!(drawn > 0, "{name}: no marked content");
    assert_eq!(drawn, filed, "{name}: marked content left out of the tree");
    // Every page but the front pages, blank pages and chapter openings has
    // a running head, and it is an artifact (with its folio).
    let lines = bindery::pdf::page_lines(book, &mut Vec::new()).unwrap();
    let mut with_head = 0;
    for (rec, p) in lines.iter().zip(pages) {
        if rec.start.is_some() && !rec.chapter_opening {
            with_head += 1;
            assert_eq!(
                p["headers"], 1,
                "{name} page {}: the running head is not one Header artifact",
                rec.number
            );
            assert!(
                p["artifacts"].as_u64().unwrap() >= 2,
                "{name} page {}: the folio is not an artifact",
                rec.number
            );
        }
    }
    let doc = nodes(tree).iter().find(|n| n["s"] == "/Document").unwrap();
    assert_eq!(
        doc["depth"], 1,
        "{name}: the Document element under the root"
    );
    // Headings never skip a level going down, and the first is H1.
    let mut prev = 0u32;
    for n in nodes(tree) {
        let s = n["s"].as_str().unwrap();
        if let Some(level) = s.strip_prefix("/H").and_then(|l| l.parse::<u32>().ok()) {
            assert!(
                level <= prev + 1,
                "{name}: {s} after H{prev} ({:?})",
                n["t"]
            );
            assert!(
                !n["t"].as_str().unwrap().is_empty(),
                "{name}: {s} without title"
            );
            prev = level;
        }
    }
    with_head
}

fn build(dir: &Path, name: &str) -> (Book, PathBuf, Value) {
    let book = load(dir);
    let out = tempfile::tempdir().unwrap().keep();
    let pdf = render(&book, &out, name);
    let tree = read_tree(&pdf);
    (book, pdf, tree)
}

#[test]
fn the_sample_has_its_headings_paragraphs_and_notes_in_the_tree() {
    let (book, pdf, tree) = build(&sample_dir(), "serge");
    assert!(
        check_common("sample", &book, &pdf, &tree) > 5,
        "running heads"
    );
    // Headings in order: the contents' title, then each chapter's title
    // and sections, as the model has them.
    let titles: Vec<String> = of_kind(&tree, "/H1")
        .into_iter()
        .chain(of_kind(&tree, "/H2"))
        .map(|n| n["t"].as_str().unwrap().to_string())
        .collect();
    let in_order: Vec<String> = nodes(&tree)
        .iter()
        .filter(|n| titles.contains(&n["t"].as_str().unwrap().to_string()))
        .filter(|n| n["s"].as_str().unwrap().starts_with("/H"))
        .map(|n| squash(n["t"].as_str().unwrap()))
        .collect();
    let mut expected = vec![bindery::lang::labels(&book.meta.language).contents.clone()];
    for b in all_blocks(&book) {
        if let BlockKind::Heading { content, .. } = &b.kind {
            expected.push(squash(&inlines_plain_text(content)));
        }
    }
    let expected: Vec<String> = expected
        .into_iter()
        .filter(|t| !t.is_empty())
        .take(in_order.len())
        .collect();
    assert!(expected.len() >= 3, "the sample has headings: {expected:?}");
    assert_eq!(in_order, expected, "headings in the tree, in order");
    assert!(of_kind(&tree, "/P").len() > 30, "paragraphs tagged");
    // Every note is a Note with an ID, in the element holding its
    // reference, beside that reference's link.
    let notes = of_kind(&tree, "/Note");
    assert_eq!(notes.len(), book.notes.len(), "every note is a Note");
    let all = nodes(&tree);
    for n in notes {
        assert!(!n["id"].as_str().unwrap().is_empty(), "a Note has an ID");
        let parent = n["parent"].as_i64().unwrap() as usize;
        assert_ne!(all[parent]["s"], "/Sect", "a note sits where it is called");
        let links = all
            .iter()
            .filter(|k| k["parent"] == parent && k["s"] == "/Link" && k["annots"] == 1)
            .count();
        assert!(
            links >= 1,
            "the note's reference is a tagged link beside it"
        );
        // The note's own text, with its number linking back.
        assert!(
            all.iter().any(|k| k["parent"].as_i64()
                == Some(all.iter().position(|x| x == n).unwrap() as i64)
                && k["s"] == "/P"),
            "a note holds its paragraphs"
        );
    }
}

#[test]
fn the_kitchen_sink_tags_figures_tables_and_lists() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kitchen-sink");
    let (book, pdf, tree) = build(&dir, "kitchen-sink");
    assert!(check_common("kitchen-sink", &book, &pdf, &tree) > 3);
    let blocks = all_blocks(&book);
    let alts: Vec<String> = blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Figure { alt, caption, .. } => Some(if alt.trim().is_empty() {
                inlines_plain_text(caption)
            } else {
                alt.clone()
            }),
            _ => None,
        })
        .collect();
    assert!(!alts.is_empty(), "the kitchen sink has figures");
    let figures: Vec<String> = of_kind(&tree, "/Figure")
        .iter()
        .map(|n| n["alt"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(figures, alts, "each figure with its alt text, in order");
    let head_cells: usize = blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Table(t) => Some(t.head.iter().filter(|c| !c.is_empty()).count()),
            _ => None,
        })
        .sum();
    assert!(head_cells > 0, "the kitchen sink has table headers");
    assert!(!of_kind(&tree, "/Table").is_empty());
    assert_eq!(
        of_kind(&tree, "/TH").len(),
        head_cells,
        "header cells are TH"
    );
    assert!(
        of_kind(&tree, "/TD").len() > head_cells,
        "data cells are TD"
    );
    let all = nodes(&tree);
    for li in of_kind(&tree, "/LI") {
        let me = all.iter().position(|x| x == li).unwrap() as i64;
        let kids: Vec<&str> = all
            .iter()
            .filter(|k| k["parent"].as_i64() == Some(me))
            .map(|k| k["s"].as_str().unwrap())
            .collect();
        assert_eq!(
            kids.first(),
            Some(&"/Lbl"),
            "a list item's label first: {kids:?}"
        );
    }
    assert!(!of_kind(&tree, "/BlockQuote").is_empty(), "quotations");
    assert!(!of_kind(&tree, "/Code").is_empty(), "code");
}

#[test]
fn french_is_tagged_in_its_language() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/french");
    let (book, pdf, tree) = build(&dir, "french");
    check_common("french", &book, &pdf, &tree);
    let xmp = tool("qpdf", &["--show-object=trailer", pdf.to_str().unwrap()]);
    assert!(!xmp.is_empty());
    let json = pdf_support::qpdf_json(&pdf);
    let catalog = json["qpdf"][1]
        .as_object()
        .unwrap()
        .values()
        .find(|o| o["value"]["/Type"] == "/Catalog")
        .unwrap();
    assert_eq!(catalog["value"]["/Lang"], "u:fr", "the catalog's language");
    assert_eq!(
        catalog["value"]["/ViewerPreferences"]["/DisplayDocTitle"], true,
        "PDF/UA: the title shown"
    );
}

/// A one-chapter book with a figure, under `[pdf] standard = standard`.
fn figure_book(dir: &Path, standard: &str, alt: &str) {
    write_book_toml(dir, "Figures");
    let toml = std::fs::read_to_string(dir.join("book.toml")).unwrap();
    std::fs::write(
        dir.join("book.toml"),
        format!("{toml}\n[pdf]\nstandard = \"{standard}\"\n"),
    )
    .unwrap();
    let png = sample_dir().join("../tests/fixtures/kitchen-sink/images");
    let image = std::fs::read_dir(&png)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "png"))
        .expect("a PNG in the kitchen sink");
    std::fs::copy(&image, dir.join("figure.png")).unwrap();
    std::fs::write(
        dir.join("book.md"),
        format!("# A Figure\n\nSome text.\n\n![{alt}](figure.png)\n\nMore text.\n"),
    )
    .unwrap();
}

#[test]
fn the_standard_setting_picks_the_conformance_and_an_undescribed_figure_is_decoration() {
    let tmp = tempfile::tempdir().unwrap();
    // Untagged, as before, with "none".
    let none = tmp.path().join("none");
    std::fs::create_dir_all(&none).unwrap();
    figure_book(&none, "none", "");
    let book = load(&none);
    let pdf = render(&book, tmp.path(), "none");
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("Tagged:          no"), "{info}");
    // PDF/A-2a: tagged, and says so in its metadata.
    let a2 = tmp.path().join("a2");
    std::fs::create_dir_all(&a2).unwrap();
    figure_book(&a2, "a-2a", "A chart");
    let book = load(&a2);
    let pdf = render(&book, tmp.path(), "a2");
    let bytes = std::fs::read(&pdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("<pdfaid:part>2</pdfaid:part>"),
        "PDF/A-2 metadata"
    );
    assert!(text.contains("<pdfaid:conformance>A</pdfaid:conformance>"));
    let tree = read_tree(&pdf);
    assert_eq!(of_kind(&tree, "/Figure")[0]["alt"], "A chart");
    // PDF/UA-1 (the default) with a figure nothing describes (mdBook's
    // common `![](pic.png)`): decoration, an artifact, with a warning at
    // the image's place.
    let ua = tmp.path().join("ua");
    std::fs::create_dir_all(&ua).unwrap();
    figure_book(&ua, "ua-1", "");
    let book = load(&ua);
    let mut warnings = Vec::new();
    let bytes = bindery::pdf::render(&book, &mut warnings).expect("decorative, not refused");
    let said: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        said.iter().any(|w| w.contains("book.md:5:1: warning")
            && w.contains("no alt text")
            && w.contains("decorative")
            && w.contains("PDF/UA-1")),
        "{said:?}"
    );
    let pdf = tmp.path().join("ua.pdf");
    std::fs::write(&pdf, bytes).unwrap();
    let tree = read_tree(&pdf);
    assert!(
        of_kind(&tree, "/Figure").is_empty(),
        "no figure: decoration"
    );
    assert_eq!(
        (
            images(&tree, "decorative_images"),
            images(&tree, "described_images")
        ),
        (1, 0),
        "the image is drawn as an artifact"
    );
    // A bad value is refused at its key.
    std::fs::write(
        ua.join("book.toml"),
        "[book]\ntitle = \"T\"\nlanguage = \"en\"\n[pdf]\nstandard = \"ua-2\"\n",
    )
    .unwrap();
    let refused = bindery::book::load(&ua).expect_err("ua-2 is not offered");
    assert!(refused.to_string().contains("book.toml:5"), "{refused}");
}

#[test]
fn the_notes_fixture_has_every_note_beside_its_reference() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/footnotes");
    let (book, pdf, tree) = build(&dir, "footnotes");
    assert!(check_common("footnotes", &book, &pdf, &tree) > 3);
    let notes = of_kind(&tree, "/Note");
    assert_eq!(notes.len(), book.notes.len(), "every note is a Note");
    let all = nodes(&tree);
    for n in notes {
        let parent = n["parent"].as_i64().unwrap();
        assert!(
            all.iter()
                .any(|k| k["parent"].as_i64() == Some(parent) && k["s"] == "/Link"),
            "note {:?}: its reference's link beside it",
            n["id"]
        );
    }
    // Notes called from chapter titles sit in the H1.
    assert!(
        of_kind(&tree, "/Note")
            .iter()
            .any(|n| all[n["parent"].as_i64().unwrap() as usize]["s"] == "/H1"),
        "a note called from a title"
    );
}

#[test]
fn an_image_in_a_line_is_a_figure_in_its_paragraph_or_decoration() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("inline");
    std::fs::create_dir_all(&dir).unwrap();
    figure_book(&dir, "ua-1", "unused");
    std::fs::write(
        dir.join("book.md"),
        "# Inline Images\n\nThe sign ![a small chart](figure.png) stands in the line.\n\n\
         A bare one ![](figure.png) is decoration.\n",
    )
    .unwrap();
    let book = load(&dir);
    let mut warnings = Vec::new();
    let bytes = bindery::pdf::render(&book, &mut warnings).expect("the PDF renders");
    let said: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    let decorative: Vec<&String> = said.iter().filter(|w| w.contains("decorative")).collect();
    assert_eq!(decorative.len(), 1, "{said:?}");
    assert!(decorative[0].contains("book.md:5:12: warning"), "{said:?}");
    let pdf = tmp.path().join("inline.pdf");
    std::fs::write(&pdf, bytes).unwrap();
    let tree = read_tree(&pdf);
    let all = nodes(&tree);
    let figures = of_kind(&tree, "/Figure");
    assert_eq!(figures.len(), 1, "one described image");
    assert_eq!(figures[0]["alt"], "a small chart");
    let parent = figures[0]["parent"].as_i64().unwrap() as usize;
    assert_eq!(all[parent]["s"], "/P", "the figure is inside its paragraph");
    // Where it stands among the line's words: after "The sign", before
    // "stands in the line".
    assert_eq!(
        all[parent]["order"],
        serde_json::json!(["content", "/Figure", "content"]),
        "{:?}",
        all[parent]
    );
    assert!(
        figures[0]["mcids"].as_u64().unwrap() >= 1,
        "it holds the drawing"
    );
    assert_eq!(
        (
            images(&tree, "described_images"),
            images(&tree, "decorative_images")
        ),
        (1, 1),
        "one image marked as the figure's content, one as an artifact"
    );
}

/// The node's children, in order.
fn kids<'a>(tree: &'a Value, node: &Value) -> Vec<&'a Value> {
    let all = nodes(tree);
    let me = all.iter().position(|x| x == node).unwrap() as i64;
    all.iter()
        .filter(|k| k["parent"].as_i64() == Some(me))
        .collect()
}

/// A book of one file, `text`, titled `title`, in a folder of `tmp`.
fn one_file_book(tmp: &Path, title: &str, text: &str) -> PathBuf {
    let dir = tmp.join("book");
    std::fs::create_dir_all(&dir).unwrap();
    write_book_toml(&dir, title);
    std::fs::write(dir.join("book.md"), text).unwrap();
    dir
}

#[test]
fn links_note_numbers_and_languages_are_elements_of_their_own() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = one_file_book(
        tmp.path(),
        "Spans",
        "# Spans\n\nRead [the long guide here](https://example.com/guide) and \
         <span lang=\"fr\">un texte français</span> today.[^1]\n\n\
         Or <a href=\"https://example.com/it\" lang=\"it\">un collegamento</a>.\n\n\
         <blockquote lang=\"de\">Ein deutsches Zitat.</blockquote>\n\n\
         [^1]: A note of its own.\n",
    );
    let (book, pdf, tree) = build(&dir, "spans");
    check_common("spans", &book, &pdf, &tree);
    let all = nodes(&tree);
    let parent = |n: &Value| &all[n["parent"].as_i64().unwrap() as usize];
    // The link's words are the Link's content, beside its annotation.
    let links = of_kind(&tree, "/Link");
    let guide = links
        .iter()
        .find(|l| l["text"] == "the long guide here")
        .unwrap_or_else(|| panic!("the link's words in its Link: {links:?}"));
    assert_eq!(guide["annots"], 1, "with its annotation");
    assert_eq!(parent(guide)["s"], "/P");
    // So is the note's mark.
    assert!(
        links
            .iter()
            .any(|l| l["text"] == "1" && l["annots"] == 1 && parent(l)["s"] == "/P"),
        "the note mark is its Link's content: {links:?}"
    );
    // A span in another language: a Span with its Lang, in the paragraph.
    let spans: Vec<&Value> = of_kind(&tree, "/Span")
        .into_iter()
        .filter(|s| s["lang"] != "")
        .collect();
    // Each language's one Span: its words and the element holding it.
    let only = |lang: &str| {
        let found: Vec<&Value> = spans
            .iter()
            .copied()
            .filter(|s| s["lang"] == lang)
            .collect();
        assert_eq!(found.len(), 1, "{lang}: {spans:?}");
        (found[0]["text"].clone(), parent(found[0])["s"].clone())
    };
    assert_eq!(only("fr"), ("un texte français".into(), "/P".into()));
    // A link in another language: its words a Span with that Lang, in
    // the Link.
    assert_eq!(only("it"), ("un collegamento".into(), "/Link".into()));
    // A quotation in another language: its own element has the Lang.
    let quotes = of_kind(&tree, "/BlockQuote");
    assert!(
        quotes.iter().any(|q| q["lang"] == "de"),
        "the quotation's language: {quotes:?}"
    );
    let langs: Vec<(&str, &str)> = nodes(&tree)
        .iter()
        .filter(|n| n["lang"] != "")
        .map(|n| (n["s"].as_str().unwrap(), n["lang"].as_str().unwrap()))
        .collect();
    assert_eq!(
        langs,
        [
            ("/Document", "en"),
            ("/Span", "fr"),
            ("/Span", "it"),
            ("/BlockQuote", "de")
        ],
        "the book's language once, on the document, and the author's"
    );
    // The note's number is a label, first in the note, holding the link
    // back to its reference.
    let note = of_kind(&tree, "/Note")[0];
    let first = kids(&tree, note)[0];
    assert_eq!(first["s"], "/P");
    let label = kids(&tree, first)[0];
    assert_eq!(label["s"], "/Lbl", "{:?}", kids(&tree, first));
    let back = kids(&tree, label);
    assert_eq!(back.len(), 1);
    assert_eq!(
        (
            back[0]["s"].as_str(),
            back[0]["annots"].as_u64(),
            back[0]["text"].as_str()
        ),
        (Some("/Link"), Some(1), Some("1.")),
        "the number links back"
    );
}

#[test]
fn every_note_number_is_a_label_and_every_link_holds_its_words() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/footnotes");
    let (book, _pdf, tree) = build(&dir, "footnotes");
    let all = nodes(&tree);
    let mut labelled = 0;
    for note in of_kind(&tree, "/Note") {
        let first = kids(&tree, note)
            .into_iter()
            .find(|k| k["s"] != "/Note")
            .unwrap();
        // The number is in the first paragraph (also inside a raw `<div>`
        // that opens the note), or the note's own first element when it
        // hangs before the quotation the note opens with.
        let mut p = first;
        while p["s"] == "/Div" {
            p = kids(&tree, p)[0];
        }
        let label = if p["s"] == "/Lbl" {
            p
        } else {
            kids(&tree, p)[0]
        };
        if label["s"] == "/Lbl" {
            let link = kids(&tree, label)[0];
            assert_eq!((&link["s"], &link["annots"]), (&"/Link".into(), &1.into()));
            let number = link["text"].as_str().unwrap();
            assert!(
                number.ends_with('.')
                    && number.len() > 1
                    && number[..number.len() - 1]
                        .chars()
                        .all(|c| c.is_ascii_digit()),
                "the label reads as the note's number: {link:?}"
            );
            labelled += 1;
        }
    }
    assert_eq!(labelled, book.notes.len(), "every note's number is a Lbl");
    // Every link (note marks, the numbers' links back, the contents'
    // entries) holds the words it covers.
    let text_links: Vec<&Value> = all.iter().filter(|n| n["s"] == "/Link").collect();
    assert!(
        text_links.len() >= 2 * book.notes.len(),
        "{}",
        text_links.len()
    );
    let entries = of_kind(&tree, "/TOCI");
    assert!(!entries.is_empty(), "the contents");
    for e in entries {
        let k = kids(&tree, e);
        assert_eq!(k.len(), 1, "a contents entry is its link: {e:?}");
        assert!(
            k[0]["text"].as_str().unwrap().starts_with("Chapter"),
            "{:?}",
            k[0]
        );
    }
    for l in text_links {
        assert_eq!(l["annots"], 1, "{l:?}");
        assert!(
            l["mcids"].as_u64().unwrap() >= 1 && !l["text"].as_str().unwrap().is_empty(),
            "a link without its words: {l:?}"
        );
    }
}

/// A link broken over lines is one `Link` element: the words of both
/// lines its content, each line's annotation in it (PDF/UA: one `Link`
/// per link, an OBJR per annotation).
#[test]
fn a_link_broken_over_lines_is_one_link_with_each_lines_annotation() {
    let tmp = tempfile::tempdir().unwrap();
    let words = "the account of the navy office kept by the clerk of the acts, \
                 with every payment and every ship named in the books of the yard";
    let dir = one_file_book(
        tmp.path(),
        "Broken link",
        &format!(
            "# Broken link\n\nThe diary tells of the office, and then of \
             [{words}](https://example.com/acts) and of nothing more.\n"
        ),
    );
    let (book, pdf, tree) = build(&dir, "broken");
    check_common("broken", &book, &pdf, &tree);
    let uris: Vec<_> = pdf_support::link_annotations(&pdf_support::qpdf_json(&pdf))
        .into_iter()
        .filter(|a| a.uri.as_deref() == Some("https://example.com/acts"))
        .collect();
    assert!(uris.len() >= 2, "the link is broken over lines: {uris:?}");
    // The contents' entry aside, one Link.
    let links: Vec<&Value> = of_kind(&tree, "/Link")
        .into_iter()
        .filter(|l| l["text"] != "Broken link 1")
        .collect();
    assert_eq!(links.len(), 1, "one Link for the one link: {links:?}");
    assert_eq!(links[0]["text"], squash(words).as_str(), "{links:?}");
    assert_eq!(
        links[0]["annots"].as_u64(),
        Some(uris.len() as u64),
        "every line's annotation in the Link"
    );
}
