//! Endnotes in the EPUB: a chapter's `endnotes` section, or the one notes
//! page of a book that gathers them at its end, each note a pop-up
//! `footnote` with a backlink to every reference to it.

use super::layout::Layout;
use super::pagebreaks::Cursor;
use super::xhtml::{Doc, Findings, chapter_title, language};
use super::xml::push_attr_value;
use crate::model::{BlockKind, Book, Note, NoteRefId};

impl Doc<'_> {
    /// An `endnotes` section with id `id` holding `notes`, with a heading of
    /// `level`. The id is what the nav's `endnotes` landmark points at.
    pub fn endnotes<'n>(
        &mut self,
        id: &str,
        notes: impl IntoIterator<Item = &'n Note>,
        title: &str,
        level: u8,
    ) {
        self.open(
            "section",
            &[
                ("id", id),
                ("class", "endnotes"),
                ("epub:type", "endnotes"),
                ("role", "doc-endnotes"),
            ],
        );
        self.out.push('\n');
        let tag = format!("h{level}");
        self.open(&tag, &[("class", "endnotes-title")]);
        self.text(title);
        self.close(&tag);
        self.out.push_str("\n<ol class=\"endnotes\">\n");
        for note in notes {
            self.endnote(note);
        }
        self.out.push_str("</ol>\n</section>\n");
    }

    pub(super) fn endnote(&mut self, note: &Note) {
        let id = Layout::note_id(note.id);
        self.cursor = self.breaks.map(|b| b.note(note.id)).unwrap_or_default();
        let start = self.out.len();
        // `footnote`, not `endnote`: EPUBCheck's `--usage` reports `endnote`
        // as deprecated (OPF-086b), and `footnote` is what reading systems
        // document for pop-up notes (Apple Books Asset Guide 5.2.7: on a
        // `div` or `p` the note pops up and stays in the text; Kobo's
        // epub-spec, "Footnotes/Endnotes"; Kindle's converter guesses from
        // the link either way). On a `div` inside the `li`, not on the `li`:
        // Ace wants the matching role `doc-footnote`, which HTML does not
        // allow on an `li` (EPUBCheck: RSC-005), and `doc-endnote` is
        // deprecated. The `div` is the noteref's target, so that it is what
        // pops up.
        self.out.push_str("<li>");
        self.open(
            "div",
            &[
                ("id", &id),
                ("class", "endnote"),
                ("epub:type", "footnote"),
                ("role", "doc-footnote"),
            ],
        );
        self.out.push('\n');
        let mut backlinks = String::new();
        let ref_file = self.layout.noteref_file(note.id);
        let count = note.refs.len().max(1);
        for occurrence in 0..count {
            let target = Layout::noteref_id(NoteRefId {
                note: note.id,
                occurrence,
            });
            if count > 1 && occurrence == 0 {
                backlinks.push_str(&format!(
                    "<span class=\"note-number\">{}.</span> ",
                    note.number
                ));
            }
            backlinks.push_str("<a class=\"backlink\" role=\"doc-backlink\" href=\"");
            push_attr_value(&mut backlinks, &format!("{ref_file}#{target}"));
            backlinks.push_str("\">");
            if count == 1 {
                backlinks.push_str(&format!("{}.", note.number));
            } else {
                backlinks.push_str(&occurrence_label(occurrence));
            }
            backlinks.push_str("</a> ");
        }
        match note.blocks.split_first() {
            Some((first, rest)) if matches!(first.kind, BlockKind::Paragraph(_)) => {
                if let BlockKind::Paragraph(inlines) = &first.kind {
                    self.open_with("p", &[], &first.attrs);
                    self.out.push_str(&backlinks);
                    self.inlines(inlines);
                    self.out.push_str("</p>\n");
                }
                for block in rest {
                    self.block(block);
                }
            }
            _ => {
                self.out.push_str("<p class=\"note-backlinks\">");
                self.out.push_str(backlinks.trim_end());
                self.out.push_str("</p>\n");
                for block in &note.blocks {
                    self.block(block);
                }
            }
        }
        self.cursor.finish(&mut self.out, start);
        self.cursor = Cursor::default();
        self.out.push_str("</div></li>\n");
    }
}

/// `a`, `b`, … `z`, `aa`, `ab`…: the labels of a note's several backlinks.
fn occurrence_label(mut n: usize) -> String {
    let mut label = Vec::new();
    loop {
        label.push(b'a' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    label.reverse();
    String::from_utf8_lossy(&label).into_owned()
}

/// The notes page, for books that gather their notes at the end: one
/// endnotes section, the notes grouped under their chapters' titles.
pub fn notes_page(book: &Book, layout: &Layout, findings: &mut Findings) -> String {
    let notes_title = &crate::lang::labels(language(book)).notes;
    let mut doc = Doc::new(book, layout, notes_title, "backmatter", findings);
    doc.raw("<section class=\"endnotes\" epub:type=\"endnotes\" role=\"doc-endnotes\">\n<h1 class=\"endnotes-title\">");
    doc.text(notes_title);
    doc.raw("</h1>\n");
    for index in 0..book.chapters.len() {
        let mut notes = book.chapter_notes(index).peekable();
        if notes.peek().is_none() {
            continue;
        }
        doc.raw("<h2>");
        doc.text(&chapter_title(book, index));
        doc.raw("</h2>\n<ol class=\"endnotes\">\n");
        for note in notes {
            doc.endnote(note);
        }
        doc.raw("</ol>\n");
    }
    doc.raw("</section>\n");
    doc.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurrence_labels_run_a_to_z_then_aa() {
        assert_eq!(occurrence_label(0), "a");
        assert_eq!(occurrence_label(25), "z");
        assert_eq!(occurrence_label(26), "aa");
        assert_eq!(occurrence_label(27), "ab");
    }
}
