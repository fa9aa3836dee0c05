//! The NCX: the EPUB 2 table of contents, for older readers (and some
//! Kindle conversions) that do not read the nav document.

use super::nav::TocEntry;
use super::pagebreaks::PageBreaks;
use super::xml::XmlWriter;

/// `toc.ncx` for the same tree as the nav document, with the print
/// edition's `pageList` when there is one (`pages_title` its heading).
pub fn ncx(
    identifier: &str,
    title: &str,
    toc: &[TocEntry],
    breaks: &PageBreaks,
    pages_title: &str,
) -> String {
    let mut w = XmlWriter::document();
    w.open(
        "ncx",
        &[
            ("xmlns", "http://www.daisy.org/z3986/2005/ncx/"),
            ("version", "2005-1"),
        ],
    );
    w.raw("\n<head>\n");
    w.empty("meta", &[("name", "dtb:uid"), ("content", identifier)]);
    w.empty(
        "meta",
        &[("name", "dtb:depth"), ("content", &depth(toc).to_string())],
    );
    // DAISY's NCX: the number of pages, and the highest arabic folio.
    let total = breaks.list.len().to_string();
    let max = breaks
        .list
        .iter()
        .filter_map(|(label, _)| label.parse::<u32>().ok())
        .max()
        .unwrap_or(0)
        .to_string();
    w.empty(
        "meta",
        &[("name", "dtb:totalPageCount"), ("content", &total)],
    );
    w.empty("meta", &[("name", "dtb:maxPageNumber"), ("content", &max)]);
    w.raw("\n</head>\n<docTitle>");
    w.element("text", &[], title);
    w.raw("</docTitle>\n<navMap>\n");
    let mut order = 0;
    points(&mut w, toc, &mut order);
    w.raw("</navMap>\n");
    if !breaks.is_empty() {
        w.raw("<pageList>\n<navLabel>");
        w.element("text", &[], pages_title);
        w.raw("</navLabel>\n");
        for (label, href) in &breaks.list {
            order += 1;
            let id = format!("pt{order}");
            let kind = if label.parse::<u32>().is_ok() {
                "normal"
            } else {
                "front"
            };
            let mut attrs = vec![("id", id.as_str()), ("type", kind)];
            let order = order.to_string();
            if kind == "normal" {
                attrs.push(("value", label));
            }
            attrs.push(("playOrder", &order));
            w.open("pageTarget", &attrs);
            w.raw("<navLabel>");
            w.element("text", &[], label);
            w.raw("</navLabel>");
            w.empty("content", &[("src", href)]);
            w.raw("</pageTarget>\n");
        }
        w.raw("</pageList>\n");
    }
    w.raw("</ncx>\n");
    w.out
}

fn points(w: &mut XmlWriter, entries: &[TocEntry], order: &mut usize) {
    for entry in entries {
        *order += 1;
        let id = format!("np{order}");
        w.open(
            "navPoint",
            &[("id", &id), ("playOrder", &order.to_string())],
        );
        w.raw("<navLabel>");
        w.element("text", &[], &entry.label);
        w.raw("</navLabel>");
        w.empty("content", &[("src", &entry.href)]);
        w.raw("\n");
        points(w, &entry.children, order);
        w.raw("</navPoint>\n");
    }
}

fn depth(entries: &[TocEntry]) -> usize {
    entries
        .iter()
        .map(|e| 1 + depth(&e.children))
        .max()
        .unwrap_or(0)
        .max(1)
}
