//! The print edition's pages, as another output cites them: where each page
//! of the PDF begins in the model and the folio it carries. The PDF layout
//! fills this in (`pdf::records::print_pages`), the EPUB writer reads it for
//! its page list and page-break markers, so that neither depends on the
//! other's internals and both count characters by [`counts`].

use super::NoteId;

/// One page of the print edition, in page order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintPage {
    /// The folio as printed on the page and shown as its PDF page label
    /// (`iii`, `12`): the page list's label.
    pub label: String,
    /// Numbered in the front matter's roman folios.
    pub front: bool,
    /// Where the page begins.
    pub place: PagePlace,
}

/// Where a printed page begins, in the model's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PagePlace {
    /// Before the first chapter's first page: the title page, its verso,
    /// the contents, a blank verso after them.
    Front,
    /// A page that shows none of chapter `.0`'s text but stands before it:
    /// a blank verso, a part's title page.
    Before(usize),
    /// A page whose first line is text of a chapter.
    Text(TextPlace),
    /// A page whose first line is the text of a note (a page of notes only,
    /// after its chapter's last line): `offset` characters of the note, as
    /// [`counts`] counts them, were set before it.
    Note { note: NoteId, offset: usize },
}

/// A place in a chapter's text: `block` is the path of block indices from
/// the chapter's block list down to the block holding the place, `offset`
/// the characters of that block (as [`counts`] counts them: note marks and
/// list markers left out) before it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextPlace {
    pub chapter: usize,
    pub block: Vec<usize>,
    pub offset: usize,
}

/// Whether a character counts in an offset: what is not whitespace and not
/// a soft hyphen, so that the figure depends neither on where lines broke
/// (and which hyphens were inserted) nor on spaces either output collapsed.
pub fn counts(c: char) -> bool {
    !c.is_whitespace() && c != '\u{AD}'
}

/// The characters of `text` that [`counts`] counts.
pub fn counted(text: &str) -> usize {
    text.chars().filter(|&c| counts(c)).count()
}
