//! Where each printed page begins in the document model, so that other
//! outputs can cite print page numbers (the EPUB's page-list will).
//!
//! A page's start is `(chapter, block, offset)`:
//! - `chapter` indexes [`crate::model::Book::chapters`];
//! - `block` is the path of block indices from the chapter's block list down
//!   to the block holding the page's first line. The page builder sets
//!   top-level blocks, so today the path has one element (a line inside a
//!   block quote or list counts within the top-level block that holds it);
//! - `offset` counts the characters of that block's text that were set
//!   before the page's first line: non-whitespace characters only, note
//!   reference marks, list markers and inserted hyphens left out. Counting
//!   only what is not whitespace makes the figure independent of how lines
//!   were broken and of spaces collapsed by either output.

use super::frame::{PageLines, PageStart, Piece};
use super::lines::Line;
use crate::model::{Book, NoteId, PagePlace, PrintPage, TextPlace, counted, counts};

/// The print edition's pages for another output (the EPUB's page list):
/// each page's folio and where it begins. A page with no start of its own
/// is front matter before the first chapter's first page, or stands before
/// the next chapter that has one (a blank verso, a part's title page); a
/// page with no body line begins with the first note slice at its foot.
pub fn print_pages(records: &[PageLines]) -> Vec<PrintPage> {
    let first = records.iter().position(|p| p.start.is_some());
    let mut next_chapter = None;
    let mut places: Vec<PagePlace> = Vec::with_capacity(records.len());
    for (i, page) in records.iter().enumerate().rev() {
        let place = match (&page.start, page.note_slices.first()) {
            (Some(_), Some(slice)) if page.lines.is_empty() => PagePlace::Note {
                note: slice.note,
                offset: slice.before,
            },
            (Some(start), _) => PagePlace::Text(TextPlace {
                chapter: start.chapter,
                block: start.block.clone(),
                offset: start.offset,
            }),
            (None, _) => match next_chapter {
                Some(chapter) if first.is_some_and(|f| i > f) => PagePlace::Before(chapter),
                _ => PagePlace::Front,
            },
        };
        if let Some(start) = &page.start {
            next_chapter = Some(start.chapter);
        }
        places.push(place);
    }
    records
        .iter()
        .zip(places.into_iter().rev())
        .map(|(page, place)| PrintPage {
            label: page.folio.text(),
            front: matches!(page.folio, super::Folio::Roman(_)),
            place,
        })
        .collect()
}

/// The characters a note's line adds to the note's text, as
/// [`PagePlace::Note`] counts them: its text lines, less the note's own
/// number on its first line (`N.`, which the EPUB writes as a backlink).
pub fn note_line_chars(book: &Book, note: NoteId, line: usize, pieces: &[Piece]) -> usize {
    let n = counted_chars(book, pieces);
    if line == 0 {
        n.saturating_sub(counted(&format!("{}.", book.note(note).number)))
    } else {
        n
    }
}

/// Where a run of a chapter's items from one top-level block begins: at
/// item `item`, with `before` characters of block `block` set before it
/// in the source (0 where the block begins; more where a floated figure
/// cut the block and the run resumes it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockStart {
    pub item: usize,
    pub block: usize,
    pub before: usize,
}

/// Where a page of chapter `chapter` begins, its first line being item
/// `first_line`: `block_starts` lists where each run of a top-level
/// block's items begins (in item order), `chars` the characters counted
/// before each item.
pub fn page_start(
    chapter: usize,
    block_starts: &[BlockStart],
    chars: &[usize],
    first_line: usize,
) -> PageStart {
    let k = block_starts.partition_point(|s| s.item <= first_line);
    match k.checked_sub(1).and_then(|k| block_starts.get(k)) {
        Some(s) => PageStart {
            chapter,
            block: vec![s.block],
            offset: s.before + chars.get(first_line).copied().unwrap_or(0)
                - chars.get(s.item).copied().unwrap_or(0),
        },
        None => PageStart {
            chapter,
            block: vec![0],
            offset: 0,
        },
    }
}

/// The characters a vertical item adds to its block's text, as `offset`
/// counts them: its text lines, less list markers (a line after the first
/// on a slot that is not part of a paragraph).
pub fn counted_chars(book: &Book, pieces: &[Piece]) -> usize {
    let mut n = 0;
    let mut first = true;
    for piece in pieces {
        if let Piece::Text { line, .. } = piece {
            if first || line.info.para_lines > 0 {
                n += line_chars(book, line);
            }
            first = false;
        }
    }
    n
}

/// Non-whitespace characters of a line, less soft hyphens and note marks.
pub fn line_chars(book: &Book, line: &Line) -> usize {
    let all = line.text.chars().filter(|&c| counts(c)).count();
    let marks: usize = line
        .notes
        .iter()
        .map(|r| book.note(r.note).number.to_string().len())
        .sum();
    all.saturating_sub(marks)
}
