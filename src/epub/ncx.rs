//! The NCX: the EPUB 2 table of contents, for older readers (and some
//! Kindle conversions) that do not read the nav document.

use super::nav::TocEntry;
use super::xml::XmlWriter;

/// `toc.ncx` for the same tree as the nav document.
pub fn ncx(identifier: &str, title: &str, toc: &[TocEntry]) -> String {
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
    w.raw("<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n<docTitle>");
    w.element("text", &[], title);
    w.raw("</docTitle>\n<navMap>\n");
    let mut order = 0;
    points(&mut w, toc, &mut order);
    w.raw("</navMap>\n</ncx>\n");
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
