//! The print edition's page breaks in the EPUB: an invisible
//! `<span epub:type="pagebreak" role="doc-pagebreak">` where each PDF page
//! begins, and the page list that links to them (the nav's `page-list`,
//! the NCX's `pageList`).
//!
//! The pages come from the PDF's own layout as [`PrintPage`]s: a page
//! begins `offset` characters into a top-level block of a chapter (or into
//! a note, for a page of notes only), counted by [`counts`] — what is not
//! whitespace, note marks and list markers left out. The XHTML writer
//! counts the same characters as it writes a block's text, and the marker
//! goes in before the word that holds the page's first character (a word
//! hyphenated across two pages is marked before its first half, so that no
//! marker splits a word). Pages that show no text of the chapters are
//! marked where the EPUB has their counterpart: every page before the
//! first chapter's first page (the title page, its verso, the contents, a
//! blank verso after them) at the head of the title page, a later blank
//! verso or a part's title page at the head of the chapter that follows.

use std::collections::HashMap;

use super::layout::{Layout, TITLE_PAGE};
use super::xml::{push_attr_value, push_text};
use crate::model::{Book, NoteId, NotePlacement, PagePlace, PrintPage, counted, counts};

/// Where a page's marker is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Spot {
    /// At the head of the title page.
    Front,
    /// At the head of a chapter's section.
    ChapterStart(usize),
    /// Inside a chapter's top-level block (the offset with the mark).
    Block(usize, usize),
    /// At the end of a chapter's body, before its notes.
    ChapterEnd(usize),
    /// Inside a note's text.
    Note(NoteId),
}

/// One page's marker: its label and the characters before it.
#[derive(Debug, Clone)]
struct Mark {
    offset: usize,
    label: String,
}

/// Every page's marker, by where it goes, and the page list in page order.
#[derive(Debug, Default)]
pub struct PageBreaks {
    spots: HashMap<Spot, Vec<Mark>>,
    /// `(label, href)` of each page, in page order.
    pub list: Vec<(String, String)>,
}

impl PageBreaks {
    /// The markers of `pages` in `book`, whose files `layout` names.
    pub fn new(book: &Book, layout: &Layout, pages: &[PrintPage]) -> Self {
        let mut breaks = PageBreaks::default();
        for page in pages {
            let (spot, offset) = match &page.place {
                PagePlace::Front => (Spot::Front, 0),
                PagePlace::Before(c) if *c < book.chapters.len() => (Spot::ChapterStart(*c), 0),
                PagePlace::Before(_) => continue,
                PagePlace::Text(t) => match t.block.first() {
                    Some(&b) if t.chapter < book.chapters.len() => {
                        if b < book.chapters[t.chapter].blocks.len() {
                            (Spot::Block(t.chapter, b), t.offset)
                        } else {
                            (Spot::ChapterEnd(t.chapter), 0)
                        }
                    }
                    _ => continue,
                },
                PagePlace::Note { note, offset } => match book.notes.get(note.0) {
                    // Notes gathered at the end of the book: a page of one
                    // chapter's notes is marked at its chapter's end, in
                    // reading order with the other pages.
                    Some(n) if book.settings.note_placement == NotePlacement::Book => {
                        (Spot::ChapterEnd(n.chapter), 0)
                    }
                    Some(_) => (Spot::Note(*note), *offset),
                    None => continue,
                },
            };
            let file = match spot {
                Spot::Front => TITLE_PAGE,
                Spot::ChapterStart(c) | Spot::Block(c, _) | Spot::ChapterEnd(c) => {
                    layout.chapter_file(c)
                }
                Spot::Note(n) => layout.note_file(n),
            };
            let label = page.label.clone();
            breaks
                .list
                .push((label.clone(), format!("{file}#{}", id(&label))));
            breaks
                .spots
                .entry(spot)
                .or_default()
                .push(Mark { offset, label });
        }
        breaks
    }

    /// Whether the book has a page list.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The markers to write at the head of the title page.
    pub fn front(&self) -> String {
        self.markup(Spot::Front)
    }

    /// The markers to write at the head of chapter `c`.
    pub fn chapter_start(&self, c: usize) -> String {
        self.markup(Spot::ChapterStart(c))
    }

    /// The markers to write at the end of chapter `c`'s body.
    pub fn chapter_end(&self, c: usize) -> String {
        self.markup(Spot::ChapterEnd(c))
    }

    fn markup(&self, spot: Spot) -> String {
        let mut out = String::new();
        for mark in self.spots.get(&spot).into_iter().flatten() {
            marker(&mut out, &mark.label);
        }
        out
    }

    /// A cursor over the markers of chapter `c`'s top-level block `b`.
    pub fn block(&self, c: usize, b: usize) -> Cursor {
        Cursor::new(self.spots.get(&Spot::Block(c, b)))
    }

    /// A cursor over the markers inside note `note`'s text.
    pub fn note(&self, note: NoteId) -> Cursor {
        Cursor::new(self.spots.get(&Spot::Note(note)))
    }
}

/// The id of a page's marker: `page.LABEL` (the resolve pass keeps the
/// `page.` prefix for Bindery's own ids).
pub fn id(label: &str) -> String {
    format!("page.{label}")
}

/// Writes one page-break marker: empty, so it shows nothing, and labelled,
/// so assistive technology can announce the page.
fn marker(out: &mut String, label: &str) {
    out.push_str("<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"");
    push_attr_value(out, &id(label));
    out.push_str("\" aria-label=\"");
    push_attr_value(out, label);
    out.push_str("\"></span>");
}

/// Elements that do not end a word: markup inside a word
/// (`Bol<em>she</em>vism`) leaves it one word.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strong", "sub", "sup", "u", "var",
];

/// Counts a block's characters as the XHTML writer writes its text, and
/// puts each page's marker in before the word holding the page's first
/// character.
#[derive(Debug, Default)]
pub struct Cursor {
    /// The markers still to write, first last.
    pending: Vec<Mark>,
    /// Characters written so far.
    count: usize,
    /// Where in the output the word being written began, if it is one.
    word_start: Option<usize>,
    /// Where the output stood after the last text written.
    text_end: usize,
}

impl Cursor {
    fn new(marks: Option<&Vec<Mark>>) -> Self {
        let mut pending: Vec<Mark> = marks.cloned().unwrap_or_default();
        pending.sort_by_key(|m| std::cmp::Reverse(m.offset));
        Cursor {
            pending,
            ..Cursor::default()
        }
    }

    /// Appends `s` as text to `out`, with the markers that fall in it.
    pub fn text(&mut self, out: &mut String, s: &str) {
        if self.pending.is_empty() {
            self.count += counted(s);
            push_text(out, s);
            return;
        }
        // A word goes on from the text before only through inline markup.
        if self.word_start.is_some() && !joins(&out[self.text_end.min(out.len())..]) {
            self.word_start = None;
        }
        let mut from = 0;
        for (i, c) in s.char_indices() {
            if c.is_whitespace() {
                self.word_start = None;
                continue;
            }
            if !counts(c) {
                continue;
            }
            if self.word_start.is_none() {
                push_text(out, &s[from..i]);
                from = i;
                self.word_start = Some(out.len());
            }
            while self.pending.last().is_some_and(|m| m.offset <= self.count) {
                push_text(out, &s[from..i]);
                from = i;
                let mark = self.pending.pop().unwrap_or_else(|| unreachable!());
                let mut span = String::new();
                marker(&mut span, &mark.label);
                let at = self.word_start.unwrap_or(out.len()).min(out.len());
                out.insert_str(at, &span);
                self.word_start = Some(at + span.len());
            }
            self.count += 1;
        }
        push_text(out, &s[from..]);
        self.text_end = out.len();
    }

    /// Counts `s`, which the PDF sets and the EPUB does not write as text
    /// (the quotation marks of a `<q>`): a marker falling in it goes
    /// before.
    pub fn skip(&mut self, out: &mut String, s: &str) {
        let n = counted(s);
        if n == 0 {
            return;
        }
        while self
            .pending
            .last()
            .is_some_and(|m| m.offset < self.count + n)
        {
            let mark = self.pending.pop().unwrap_or_else(|| unreachable!());
            marker(out, &mark.label);
        }
        self.count += n;
        self.word_start = None;
    }

    /// Writes the markers the text did not reach (a page that begins past
    /// the last character the EPUB wrote): at the end of the block, or
    /// before it when it wrote no text at all (a figure whose alt text the
    /// PDF sets as its caption). `start` is where the block began in `out`.
    pub fn finish(&mut self, out: &mut String, start: usize) {
        let mut spans = String::new();
        while let Some(mark) = self.pending.pop() {
            marker(&mut spans, &mark.label);
        }
        if self.count == 0 && start <= out.len() {
            out.insert_str(start, &spans);
        } else {
            out.push_str(&spans);
        }
    }
}

/// Whether the markup between two texts leaves a word whole: only tags of
/// inline elements, no text, no line break.
fn joins(between: &str) -> bool {
    let mut rest = between;
    while !rest.is_empty() {
        let Some(tag) = rest.strip_prefix('<') else {
            return false;
        };
        let Some(end) = tag.find('>') else {
            return false;
        };
        let name = tag[..end]
            .trim_start_matches('/')
            .split([' ', '/'])
            .next()
            .unwrap_or("");
        if !INLINE.contains(&name) {
            return false;
        }
        rest = &tag[end + 1..];
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursor(marks: &[(usize, &str)]) -> Cursor {
        let marks: Vec<Mark> = marks
            .iter()
            .map(|&(offset, label)| Mark {
                offset,
                label: label.into(),
            })
            .collect();
        Cursor::new(Some(&marks))
    }

    fn span(label: &str) -> String {
        let mut s = String::new();
        marker(&mut s, label);
        s
    }

    #[test]
    fn a_marker_goes_before_the_word_of_its_character() {
        let mut out = String::new();
        let mut c = cursor(&[(3, "2"), (0, "1"), (7, "3")]);
        c.text(&mut out, "one two three");
        // "two" starts at counted character 3, "three" holds character 7.
        assert_eq!(
            out,
            format!("{}one {}two {}three", span("1"), span("2"), span("3"))
        );
    }

    #[test]
    fn a_word_split_by_inline_markup_is_marked_before_its_start() {
        let mut out = String::from("<p>");
        let mut c = cursor(&[(3, "7")]);
        c.text(&mut out, "Bol");
        out.push_str("<em>");
        c.text(&mut out, "shevism");
        assert_eq!(out, format!("<p>{}Bol<em>shevism", span("7")));
    }

    #[test]
    fn block_markup_ends_a_word() {
        let mut out = String::new();
        let mut c = cursor(&[(3, "4")]);
        c.text(&mut out, "one");
        out.push_str("</li>\n<li>");
        c.text(&mut out, "two");
        assert_eq!(out, format!("one</li>\n<li>{}two", span("4")));
    }

    #[test]
    fn skipped_text_and_the_end_take_their_markers() {
        let mut out = String::new();
        let mut c = cursor(&[(2, "a"), (9, "b")]);
        c.text(&mut out, "xy");
        c.skip(&mut out, "alt");
        c.finish(&mut out, 0);
        assert_eq!(out, format!("xy{}{}", span("a"), span("b")));
    }

    #[test]
    fn a_block_without_text_is_marked_before_it() {
        let mut out = String::from("<p>x</p>");
        let mut c = cursor(&[(0, "5")]);
        out.push_str("<figure><img/></figure>");
        c.finish(&mut out, 8);
        assert_eq!(out, format!("<p>x</p>{}<figure><img/></figure>", span("5")));
    }
}
