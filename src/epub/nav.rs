//! The table of contents as a tree (shared by the EPUB 3 nav document and
//! the EPUB 2 NCX), and the nav document itself: the nested `toc` and the
//! `landmarks`, and the print edition's `page-list` when there is one.

use super::layout::{COVER_PAGE, Layout, NAV, TITLE_PAGE};
use super::pagebreaks::PageBreaks;
use super::xhtml::{chapter_title, language, start_document};
use super::xml::XmlWriter;
use crate::model::{Block, BlockKind, Book, ChapterKind, inlines_plain_text};

/// One entry of the table of contents.
#[derive(Debug, Clone, PartialEq)]
pub struct TocEntry {
    /// Plain text: note references and HTML tags left out.
    pub label: String,
    pub href: String,
    pub children: Vec<TocEntry>,
}

/// Headings deeper than this stay out of the contents.
const MAX_HEADING_LEVEL: u8 = 3;

/// The title page, every chapter with its headings nested by level, and the
/// notes page if there is one.
pub fn toc(book: &Book, layout: &Layout) -> Vec<TocEntry> {
    let words = crate::lang::labels(language(book));
    let mut entries = vec![TocEntry {
        label: words.title_page.clone(),
        href: TITLE_PAGE.into(),
        children: Vec::new(),
    }];
    for (index, chapter) in book.chapters.iter().enumerate() {
        let file = layout.chapter_file(index);
        let mut entry = TocEntry {
            label: chapter_title(book, index),
            href: file.to_string(),
            children: Vec::new(),
        };
        // The chapter's own level-1 heading is the entry itself.
        let mut headings: Vec<(u8, TocEntry)> = Vec::new();
        let mut seen_title = false;
        for block in &chapter.blocks {
            if let Some((level, heading)) = heading_entry(block, file) {
                if level == 1 && !seen_title {
                    seen_title = true;
                    continue;
                }
                if level <= MAX_HEADING_LEVEL {
                    headings.push((level, heading));
                }
            }
        }
        entry.children = nest(headings);
        entries.push(entry);
    }
    if let Some(notes) = &layout.notes_file {
        entries.push(TocEntry {
            label: words.notes.clone(),
            href: notes.clone(),
            children: Vec::new(),
        });
    }
    entries
}

fn heading_entry(block: &Block, file: &str) -> Option<(u8, TocEntry)> {
    let BlockKind::Heading { level, id, content } = &block.kind else {
        return None;
    };
    let label = inlines_plain_text(content)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let label = if label.is_empty() { id.clone() } else { label };
    Some((
        *level,
        TocEntry {
            label,
            href: format!("{file}#{id}"),
            children: Vec::new(),
        },
    ))
}

/// Nests headings by level: each goes under the nearest earlier heading of a
/// smaller level (a skipped level does not create empty entries).
fn nest(headings: Vec<(u8, TocEntry)>) -> Vec<TocEntry> {
    // A stack of (level, entry) whose last element receives deeper headings.
    let mut roots: Vec<TocEntry> = Vec::new();
    let mut stack: Vec<(u8, TocEntry)> = Vec::new();
    for (level, entry) in headings {
        while stack.last().is_some_and(|(l, _)| *l >= level) {
            pop_into(&mut stack, &mut roots);
        }
        stack.push((level, entry));
    }
    while !stack.is_empty() {
        pop_into(&mut stack, &mut roots);
    }
    roots
}

fn pop_into(stack: &mut Vec<(u8, TocEntry)>, roots: &mut Vec<TocEntry>) {
    if let Some((_, done)) = stack.pop() {
        match stack.last_mut() {
            Some((_, parent)) => parent.children.push(done),
            None => roots.push(done),
        }
    }
}

/// The EPUB 3 navigation document.
pub fn nav_document(
    book: &Book,
    layout: &Layout,
    toc: &[TocEntry],
    breaks: &PageBreaks,
    has_cover: bool,
) -> String {
    let lang = language(book);
    let words = crate::lang::labels(lang);
    let mut w = start_document(lang, &book.meta.title);
    w.raw("<body>\n");
    w.open(
        "nav",
        &[("epub:type", "toc"), ("id", "toc"), ("role", "doc-toc")],
    );
    w.raw("\n");
    w.element("h1", &[], &words.contents);
    w.raw("\n");
    list(&mut w, toc);
    w.raw("</nav>\n");

    w.open(
        "nav",
        &[
            ("epub:type", "landmarks"),
            ("id", "landmarks"),
            ("hidden", "hidden"),
        ],
    );
    w.raw("\n");
    w.element("h2", &[], &words.landmarks);
    w.raw("\n<ol>\n");
    let mut landmark = |epub_type: &str, href: &str, label: &str| {
        w.raw("<li>");
        w.open("a", &[("epub:type", epub_type), ("href", href)]);
        w.text(label);
        w.raw("</a></li>\n");
    };
    if has_cover {
        landmark("cover", COVER_PAGE, &words.cover);
    }
    landmark("titlepage", TITLE_PAGE, &words.title_page);
    let body = book
        .chapters
        .iter()
        .position(|c| c.kind == ChapterKind::Body)
        .or(if book.chapters.is_empty() {
            None
        } else {
            Some(0)
        });
    if let Some(index) = body {
        landmark("bodymatter", layout.chapter_file(index), &words.start);
    }
    landmark("toc", &format!("{NAV}#toc"), &words.contents);
    // Every notes section: one notes page, or one per chapter with notes.
    if let Some(notes) = &layout.notes_file {
        landmark("endnotes", notes, &words.notes);
    } else {
        let chapters = note_chapters(book);
        for &index in &chapters {
            let href = format!(
                "{}#{}",
                layout.chapter_file(index),
                Layout::endnotes_id(&book.chapters[index].id)
            );
            let label = if chapters.len() > 1 {
                format!("{} ({})", words.notes, chapter_title(book, index))
            } else {
                words.notes.to_string()
            };
            landmark("endnotes", &href, &label);
        }
    }
    w.raw("</ol>\n</nav>\n");
    if !breaks.is_empty() {
        // Hidden: reading systems offer it as "go to page"; shown, it would
        // be a list of every page number.
        w.open(
            "nav",
            &[
                ("epub:type", "page-list"),
                ("id", "page-list"),
                ("role", "doc-pagelist"),
                ("hidden", "hidden"),
            ],
        );
        w.raw("\n");
        w.element("h2", &[], &words.pages);
        w.raw("\n<ol>\n");
        for (label, href) in &breaks.list {
            w.raw("<li>");
            w.element("a", &[("href", href)], label);
            w.raw("</li>\n");
        }
        w.raw("</ol>\n</nav>\n");
    }
    w.raw("</body>\n</html>\n");
    w.out
}

/// The chapters that hold endnotes of their own, in order.
fn note_chapters(book: &Book) -> Vec<usize> {
    let mut chapters: Vec<usize> = book.notes.iter().map(|n| n.chapter).collect();
    chapters.sort_unstable();
    chapters.dedup();
    chapters
}

fn list(w: &mut XmlWriter, entries: &[TocEntry]) {
    w.raw("<ol>\n");
    for entry in entries {
        w.raw("<li>");
        w.element("a", &[("href", &entry.href)], &entry.label);
        if !entry.children.is_empty() {
            w.raw("\n");
            list(w, &entry.children);
        }
        w.raw("</li>\n");
    }
    w.raw("</ol>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(label: &str) -> TocEntry {
        TocEntry {
            label: label.into(),
            href: String::new(),
            children: Vec::new(),
        }
    }

    #[test]
    fn headings_nest_by_level_and_skips_do_not_make_empty_entries() {
        let tree = nest(vec![
            (2, e("a")),
            (3, e("a1")),
            (2, e("b")),
            (4, e("b1")),
            (3, e("b2")),
        ]);
        assert_eq!(tree.len(), 2);
        assert_eq!(tree[0].children, vec![e("a1")]);
        assert_eq!(tree[1].children.len(), 2);
        assert_eq!(tree[1].children[0].label, "b1");
    }
}
