//! Page breaking with footnotes: body lines and note lines compete for each
//! page; notes are set in the order of their calls, as TeX keeps its
//! insertions, a note too long for its page continuing first at the foot of
//! the next.
//!
//! Like the line breaker, this knows only heights: the flow layer turns
//! typeset blocks into [`VItem`]s and draws the chosen pages.
//!
//! # Method
//!
//! A total-fit pass over the legal page breaks, like Knuth–Plass over line
//! breaks: each candidate page (from one break to the next) costs
//! `10000 × (unused height / page height)²` (nothing for a chapter's last
//! page or a page ended by a forced break; the body's height short of
//! [`BODY_SHARE`] of the page counts as unused) plus the break's penalty, plus
//! what its notes cost: [`SPLIT_COST`] for a note split (and
//! [`RESPLIT_COST`] more when that note had already begun on an earlier
//! page: it will span three pages), [`CARRIED_LINE_COST`] per note line
//! left for later pages, [`DEFERRED_COST`] when a pending continuation
//! gets no line, and [`WAITING_COST`] per note whose call is set but whose
//! text is not begun. The state of a break is its position and where the
//! notes stand (the first note not finished and its first line not set:
//! notes are set in order, so that is all); at each position the best path
//! per state is kept. A start stays active until the body alone overflows
//! a page, so the work is linear in the number of items times the breaks
//! per page.
//!
//! # Rules
//!
//! - Legal breaks: a `Glue` right after a `Line`, a `Penalty` below
//!   [`INFINITE_PENALTY`] (at or below its negative forces a break). Glue and
//!   penalties at the top of a page are discarded. The flow gives the break
//!   after a line ending in a hyphen [`BROKEN_PENALTY`], so a page ends on
//!   a hyphen only when every other break costs more.
//! - Notes are set in the order of their first calls, none before an
//!   earlier one has ended: a page's note area holds the rest of the note
//!   left pending (first), then whole notes, then possibly the first part of
//!   one more note — a split note is the last of its page's notes and the
//!   first of the next page's.
//! - A note is split only with [`NOTE_KEEP_LINES`] lines at least on each
//!   side (no note line stands alone at a page's foot or head), and only
//!   before a line its [`NoteBody::breaks`] allows (not inside a short
//!   table, nor under a table's header row).
//! - A note whose call is on a page starts there unless nothing else can be
//!   done ([`WAITING_COST`]): it then waits, in order, for the next page.
//! - Continued note lines take at most [`CARRY_SHARE`] of a page's height
//!   while body lines remain after that page, so notes never push the body
//!   off a page; after the last body line, notes fill whole pages.
//! - A note referenced twice is set once, at its first reference.
//! - If no legal break avoids an overflow (a line taller than the page, or
//!   forbidden breaks for longer than a page), the page is broken where the
//!   most fits and marked [`Page::emergency`].
//!
//! # Interface
//!
//! [`break_pages`] takes a chapter's vertical list, the material repeated
//! at page tops, the notes' line heights and the page geometry, and returns
//! the pages in order: each page's body as a range of the list (the ranges
//! partition it) and its notes as [`NoteSlice`]s (line ranges of notes, in
//! order). It holds no state between chapters. [`break_pages_loose`] does
//! the same choosing among paragraphs' other lengths ([`looseness`]).

pub mod looseness;
mod notes;
#[cfg(test)]
mod tests;

pub use looseness::{Loose, LooseVariant, break_pages_loose};

use std::ops::Range;

use super::breaking::{EPSILON, INFINITE_PENALTY};

/// Lines of a note kept together on each side of a split.
pub const NOTE_KEEP_LINES: usize = 2;

/// Largest share of a page that continued note lines may take while body
/// text remains.
pub const CARRY_SHARE: f32 = 0.7;

/// Share of a page the body should keep while more body follows: a page
/// whose notes leave it less costs as if the difference were left empty
/// (so continued notes do not take every page they can).
pub const BODY_SHARE: f64 = 0.5;

/// Cost of a page break after a line that ends in a hyphen (TeX's
/// `\brokenpenalty`): as dear as leaving some three lines of the page
/// empty, so a page ends on a whole word unless that costs more.
pub const BROKEN_PENALTY: f32 = 100.0;

/// Cost of each whole body line a page's text block is left empty
/// ([`PageSpec::leading`]): the page would face a full one across the
/// spread. Dearer than a hyphen at a page's foot, cheaper than a note
/// split; the squared unused height alone makes a line of 35 cost 8.
pub const SHORT_LINE_COST: f64 = 100.0;

/// Empty height of a page, in leadings, from which it lacks a whole line
/// (as `bindery build --stats` counts: a heading's space off the grid,
/// or a note area's, is less).
pub const SHORT_LINE: f64 = 0.95;

/// Cost of splitting a note over pages (about the cost of leaving 4 of 33
/// lines empty).
pub const SPLIT_COST: f64 = 150.0;

/// Further cost of splitting a note again (a note over three pages).
pub const RESPLIT_COST: f64 = 600.0;

/// Cost of each note line carried over to a later page.
pub const CARRIED_LINE_COST: f64 = 4.0;

/// Cost of a page on which a pending continuation gets no line (as dear
/// as a page more: only a body that cannot break leaves no room).
pub const DEFERRED_COST: f64 = 5000.0;

/// Cost of each note left waiting at a page's end with its call already
/// set (it will start away from its call).
pub const WAITING_COST: f64 = 3000.0;

/// Cost of each notes-only page after a chapter's last body line (its
/// notes' costs come on top).
const TAIL_PAGE_COST: f64 = 5000.0;

/// Cost of a page made by breaking where no legal break would do.
const EMERGENCY_COST: f64 = 1.0e9;

/// Candidate states kept per break position (notes standing differently).
const STATES_PER_BREAK: usize = 3;

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

/// Material set again at the top of every page that starts inside `items`
/// (a table's header row over the rows that follow it): such a page holds
/// `height` less of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct Repeat {
    pub items: Range<usize>,
    pub height: f32,
}

/// A typeset note, as line heights (its lines may split across pages)
/// and where it may split.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteBody {
    pub lines: Vec<f32>,
    /// `breaks[i]`: the note may be split before line `i` (not inside a
    /// table kept whole, nor between a table's header and its first row).
    /// Lines past its end may split.
    pub breaks: Vec<bool>,
}

impl NoteBody {
    /// A note that may split before any line (the rule of
    /// [`NOTE_KEEP_LINES`] aside).
    pub fn new(lines: Vec<f32>) -> NoteBody {
        let breaks = vec![true; lines.len()];
        NoteBody { lines, breaks }
    }

    /// Whether the note may be split before line `i`.
    pub fn may_break_before(&self, i: usize) -> bool {
        self.breaks.get(i).copied().unwrap_or(true)
    }
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
    /// The body's leading: a page (a chapter's last and one ended by a
    /// forced break aside) whose text block is left a whole one of these
    /// empty or more costs [`SHORT_LINE_COST`] a line; 0 counts no line.
    pub leading: f32,
}

/// The note lines on a page: lines `lines` of note `note`.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteSlice {
    pub note: usize,
    pub lines: Range<usize>,
}

impl NoteSlice {
    /// Whether this slice continues a note begun on an earlier page.
    pub fn is_continuation(&self) -> bool {
        self.lines.start > 0
    }
}

/// One page: body items `body` (discardable glue at the edges included in
/// the range, to be skipped when drawing), then its notes in order.
///
/// The pages' body ranges partition the item list in order: a page ends
/// with the glue or penalty it broke at; pages holding only continued notes
/// after the chapter's last line have an empty range at its end.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub body: Range<usize>,
    pub notes: Vec<NoteSlice>,
    /// Natural height of the body, from its first to its last line (and
    /// the material repeated above it).
    pub body_height: f32,
    /// Height of the notes, separator and gaps included (0 without notes).
    pub notes_height: f32,
    /// Broken where the penalties forbid, or taller than the page: no legal
    /// break could avoid it. The caller should report it.
    pub emergency: bool,
}

/// Breaks a chapter's vertical list into pages, `repeats` set again at
/// the top of the pages that start inside them.
pub fn break_pages(
    items: &[VItem],
    repeats: &[Repeat],
    notes: &[NoteBody],
    spec: &PageSpec,
) -> Vec<Page> {
    Chapter::new(items, repeats, notes, spec).break_pages().0
}

/// [`break_pages`], with what the pages cost: for a caller choosing
/// between lists (a figure floated to one place or another).
pub fn break_pages_scored(
    items: &[VItem],
    repeats: &[Repeat],
    notes: &[NoteBody],
    spec: &PageSpec,
) -> (Vec<Page>, f64) {
    Chapter::new(items, repeats, notes, spec).break_pages()
}

/// Where the notes stand at a page break: the notes before `next` (in
/// first-call order) are set, note `next` is set up to line `from`, the
/// notes after it not at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Queue {
    next: usize,
    from: usize,
}

/// A page break on some path through the chapter.
#[derive(Debug, Clone)]
struct Node {
    /// First item of the next page (before discarding).
    pos: usize,
    /// The next page's first line, and the prefix sums there (cached: the
    /// node is tried against every break of a page).
    first: usize,
    top_height: f64,
    top_shrink: f64,
    top_intro: usize,
    queue: Queue,
    cost: f64,
    prev: usize,
    emergency: bool,
}

/// The chapter's items and notes with the prefix sums that make each
/// candidate page O(1) in the common case.
struct Chapter<'a> {
    items: &'a [VItem],
    notes: &'a [NoteBody],
    height: f64,
    separator: f64,
    gap: f64,
    leading: f64,
    /// `heights[i]`: natural height of `items[..i]` (lines and glue).
    heights: Vec<f64>,
    /// `shrinks[i]`: glue shrink in `items[..i]`.
    shrinks: Vec<f64>,
    /// `repeated[i]`: the height repeated above item `i` when a page
    /// starts with it (empty when nothing repeats).
    repeated: Vec<f64>,
    /// First `Line` at or after `i` (`items.len()` if none).
    next_line: Vec<usize>,
    /// Last `Line` before `i`, plus one (0 if none).
    prev_line_end: Vec<usize>,
    /// Notes in order of first reference.
    order: Vec<usize>,
    /// `introduced[i]`: notes first referenced by `items[..i]`.
    introduced: Vec<usize>,
    /// Prefix sums over `order`: full heights, line counts and count of
    /// notes with lines.
    full: Vec<f64>,
    line_count: Vec<usize>,
    nonempty: Vec<usize>,
    /// Per note, prefix sums of its line heights.
    note_lines: Vec<Vec<f64>>,
}

impl<'a> Chapter<'a> {
    fn new(items: &'a [VItem], repeats: &[Repeat], notes: &'a [NoteBody], spec: &PageSpec) -> Self {
        let n = items.len();
        let mut repeated = Vec::new();
        for r in repeats {
            if repeated.is_empty() {
                repeated = vec![0.0; n + 1];
            }
            for slot in repeated
                .get_mut(r.items.start.min(n)..r.items.end.min(n))
                .into_iter()
                .flatten()
            {
                *slot = f64::from(r.height.max(0.0));
            }
        }
        let mut heights = Vec::with_capacity(n + 1);
        let mut shrinks = Vec::with_capacity(n + 1);
        let mut introduced = Vec::with_capacity(n + 1);
        let mut prev_line_end = Vec::with_capacity(n + 1);
        let (mut h, mut s, mut last) = (0.0, 0.0, 0);
        let mut seen = vec![false; notes.len()];
        let mut order = Vec::new();
        for (i, item) in items.iter().enumerate() {
            heights.push(h);
            shrinks.push(s);
            introduced.push(order.len());
            prev_line_end.push(last);
            match item {
                VItem::Line {
                    height,
                    notes: refs,
                } => {
                    h += f64::from(*height);
                    last = i + 1;
                    for &r in refs {
                        if r < seen.len() && !seen[r] {
                            seen[r] = true;
                            order.push(r);
                        }
                    }
                }
                VItem::Glue { height, shrink, .. } => {
                    h += f64::from(*height);
                    s += f64::from(*shrink);
                }
                VItem::Penalty { .. } => {}
            }
        }
        heights.push(h);
        shrinks.push(s);
        introduced.push(order.len());
        prev_line_end.push(last);
        let mut next_line = vec![n; n + 1];
        for i in (0..n).rev() {
            next_line[i] = if matches!(items[i], VItem::Line { .. }) {
                i
            } else {
                next_line[i + 1]
            };
        }
        let note_lines: Vec<Vec<f64>> = notes
            .iter()
            .map(|note| {
                let mut sums = Vec::with_capacity(note.lines.len() + 1);
                let mut t = 0.0;
                sums.push(t);
                for &line in &note.lines {
                    t += f64::from(line.max(0.0));
                    sums.push(t);
                }
                sums
            })
            .collect();
        let mut full = vec![0.0];
        let mut line_count = vec![0];
        let mut nonempty = vec![0];
        for &note in &order {
            let len = note_lines[note].len() - 1;
            full.push(full[full.len() - 1] + note_lines[note][len]);
            line_count.push(line_count[line_count.len() - 1] + len);
            nonempty.push(nonempty[nonempty.len() - 1] + usize::from(len > 0));
        }
        Chapter {
            items,
            notes,
            height: f64::from(spec.height),
            separator: f64::from(spec.note_separator),
            gap: f64::from(spec.note_gap),
            leading: f64::from(spec.leading),
            heights,
            shrinks,
            repeated,
            next_line,
            prev_line_end,
            order,
            introduced,
            full,
            line_count,
            nonempty,
            note_lines,
        }
    }

    /// A node whose next page starts at item `pos`.
    fn node(&self, pos: usize, queue: Queue, cost: f64, prev: usize, emergency: bool) -> Node {
        let first = self.next_line[pos.min(self.items.len())];
        Node {
            pos,
            first,
            top_height: self.heights[first] - self.repeated_at(first),
            top_shrink: self.shrinks[first],
            top_intro: self.introduced[first],
            queue,
            cost,
            prev,
            emergency,
        }
    }

    /// The break at `index`, as (forced, cost), if it is a legal one.
    fn breakpoint(&self, index: usize) -> Option<(bool, f64)> {
        match self.items.get(index) {
            None => Some((true, 0.0)),
            Some(VItem::Line { .. }) => None,
            Some(VItem::Glue { .. }) => (index > 0
                && matches!(self.items[index - 1], VItem::Line { .. }))
            .then_some((false, 0.0)),
            Some(VItem::Penalty { cost }) => {
                if *cost >= INFINITE_PENALTY || cost.is_nan() {
                    None
                } else if *cost <= -INFINITE_PENALTY {
                    Some((true, 0.0))
                } else {
                    Some((false, f64::from(*cost)))
                }
            }
        }
    }

    /// Body of a page from `pos` to `end` (exclusive): (first line, end of
    /// last line), or `None` if it holds no line.
    fn body(&self, pos: usize, end: usize) -> Option<(usize, usize)> {
        let first = self.next_line[pos.min(self.items.len())];
        let last_end = self.prev_line_end[end];
        (first < end && first < last_end).then_some((first, last_end))
    }

    /// Whole body lines a page left `unused` height empty could still
    /// hold ([`PageSpec::leading`]; none without one).
    fn short_lines(&self, unused: f64) -> f64 {
        if self.leading <= 0.0 {
            return 0.0;
        }
        (unused / self.leading + 1.0 - SHORT_LINE).max(0.0).floor()
    }

    /// The height repeated at the top of a page whose first line is item
    /// `first`.
    fn repeated_at(&self, first: usize) -> f64 {
        self.repeated.get(first).copied().unwrap_or(0.0)
    }

    /// Natural height and least height (glue fully shrunk) of a body, the
    /// material repeated above it included.
    fn body_heights(&self, (first, last_end): (usize, usize)) -> (f64, f64) {
        let natural = self.heights[last_end] - self.heights[first] + self.repeated_at(first);
        let shrink = self.shrinks[last_end] - self.shrinks[first];
        (natural, natural - shrink)
    }

    /// The best pages and what they cost.
    fn break_pages(&self) -> (Vec<Page>, f64) {
        let n = self.items.len();
        let mut arena = vec![self.node(0, Queue::default(), 0.0, usize::MAX, false)];
        let mut active: Vec<usize> = vec![0];
        let mut candidates: Vec<(Queue, f64, usize)> = Vec::new();
        for e in 0..=n {
            let Some((forced, penalty)) = self.breakpoint(e) else {
                continue;
            };
            // What every page ending here shares.
            let last_end = self.prev_line_end[e];
            let end_height = self.heights[last_end];
            let end_shrink = self.shrinks[last_end];
            let end_intro = self.introduced[last_end];
            let cap = self.carry_cap(e + 1);
            loop {
                candidates.clear();
                let mut rescue: Option<usize> = None;
                let mut keep = 0;
                for k in 0..active.len() {
                    let id = active[k];
                    let a = &arena[id];
                    if a.first >= e || a.first >= last_end {
                        // No line yet: the page has not begun.
                        active[keep] = id;
                        keep += 1;
                        continue;
                    }
                    let natural = end_height - a.top_height;
                    let least = natural - (end_shrink - a.top_shrink);
                    if least > self.height + EPSILON {
                        if rescue.is_none_or(|r| arena[r].pos < a.pos) {
                            rescue = Some(id);
                        }
                        continue;
                    }
                    let (first, second) =
                        self.layouts(a.queue, a.top_intro..end_intro, self.height - least, cap);
                    for layout in std::iter::once(first).chain(second) {
                        let unused = (self.height - natural - layout.height).max(0.0);
                        let mut cost = a.cost + penalty + layout.cost();
                        if !forced {
                            let starved = (BODY_SHARE * self.height - natural).max(0.0);
                            cost += 10000.0 * ((unused + starved) / self.height).powi(2);
                            cost += SHORT_LINE_COST * self.short_lines(unused);
                        }
                        offer(&mut candidates, layout.queue, cost, id);
                    }
                    if !forced {
                        active[keep] = id;
                        keep += 1;
                    } else if rescue.is_none_or(|r| arena[r].pos < a.pos) {
                        rescue = Some(id);
                    }
                }
                active.truncate(keep);
                if !candidates.is_empty() || !active.is_empty() {
                    break;
                }
                let Some(r) = rescue else { break };
                let node = self.rescue(&arena[r], r, e);
                arena.push(node);
                active.push(arena.len() - 1);
            }
            // Keep the states no other beats on both cost and carried
            // height (a cheaper path with less left to carry is better),
            // at most STATES_PER_BREAK of them.
            candidates.sort_by(|a, b| a.1.total_cmp(&b.1));
            let mut least_carried = f64::INFINITY;
            let mut kept = 0;
            for &(queue, cost, prev) in &candidates {
                let carried = self.carried_height(queue, end_intro);
                if kept == STATES_PER_BREAK || carried >= least_carried - EPSILON {
                    continue;
                }
                least_carried = carried;
                kept += 1;
                arena.push(self.node((e + 1).min(n), queue, cost, prev, false));
                active.push(arena.len() - 1);
            }
        }
        // Finish: the paths that have set every line, plus their tails.
        let best = active
            .iter()
            .copied()
            .filter(|&id| self.next_line[arena[id].pos.min(n)] >= n)
            .min_by(|&a, &b| {
                let cost = |id: usize| arena[id].cost + self.tail_pages(arena[id].queue, None);
                cost(a).total_cmp(&cost(b))
            });
        let Some(best) = best else {
            let page = self.page(Queue::default(), 0..n, n, None, false);
            return (vec![page], EMERGENCY_COST);
        };
        let cost = arena[best].cost + self.tail_pages(arena[best].queue, None);
        (self.pages_of(&arena, best), cost)
    }

    /// A page broken before the first line that no longer fits after
    /// `from` (at least one line), when no legal break can do.
    fn rescue(&self, from: &Node, id: usize, e: usize) -> Node {
        let n = self.items.len();
        let first = self.next_line[from.pos.min(n)];
        let mut end = first + 1;
        let mut i = first + 1;
        while i < e {
            if matches!(self.items[i], VItem::Line { .. }) {
                let (_, least) = self.body_heights((first, i + 1));
                if least > self.height + EPSILON {
                    break;
                }
                end = i + 1;
            }
            i += 1;
        }
        let body = (first, end);
        let (natural, least) = self.body_heights(body);
        let (layout, _) = self.layouts(
            from.queue,
            self.introduced[first]..self.introduced[end],
            (self.height - least).max(0.0),
            self.carry_cap(end),
        );
        let unused = (self.height - natural - layout.height).max(0.0);
        let cost =
            from.cost + EMERGENCY_COST + layout.cost() + 10000.0 * (unused / self.height).powi(2);
        self.node(end, layout.queue, cost, id, true)
    }

    /// The pages along the path ending at `last`.
    fn pages_of(&self, arena: &[Node], last: usize) -> Vec<Page> {
        let n = self.items.len();
        let mut path = Vec::new();
        let mut id = last;
        while id != usize::MAX {
            path.push(id);
            id = arena[id].prev;
        }
        path.reverse();
        let mut pages = Vec::with_capacity(path.len() + 1);
        for pair in path.windows(2) {
            let (a, b) = (&arena[pair[0]], &arena[pair[1]]);
            let end = if pair[1] == last { n } else { b.pos };
            pages.push(self.page(a.queue, a.pos..end, b.pos, Some(b.queue), b.emergency));
        }
        if pages.is_empty() && n > 0 {
            pages.push(self.page(Queue::default(), 0..n, n, None, false));
        }
        let mut tails = Vec::new();
        self.tail_pages(arena[last].queue, Some(&mut tails));
        for notes in tails {
            let notes_height = self.slices_height(&notes);
            pages.push(Page {
                body: n..n,
                notes,
                body_height: 0.0,
                notes_height: notes_height as f32,
                emergency: false,
            });
        }
        pages
    }

    /// Lays out one page of the chosen path: items `body`, whose lines end
    /// before `next` (the next page's first item), its notes leaving them
    /// standing at `after` (the first way of setting them if `None`).
    fn page(
        &self,
        queue: Queue,
        body: Range<usize>,
        next: usize,
        after: Option<Queue>,
        emergency: bool,
    ) -> Page {
        let Some(span) = self.body(body.start, next.max(body.start)) else {
            return Page {
                body,
                notes: Vec::new(),
                body_height: 0.0,
                notes_height: 0.0,
                emergency,
            };
        };
        let (natural, least) = self.body_heights(span);
        let avail = (self.height - least).max(0.0);
        let called = self.introduced[span.0]..self.introduced[span.1];
        let cap = self.carry_cap(next);
        let (first, second) = self.layouts(queue, called.clone(), avail, cap);
        // The first way splits a note if it must; the second holds it back.
        let held = second.is_some_and(|s| Some(s.queue) == after);
        let split = first.split && !held;
        let mut notes = Vec::new();
        let layout = self.walk(queue, called, avail, cap, split, Some(&mut notes));
        Page {
            body,
            notes,
            body_height: natural as f32,
            notes_height: layout.height as f32,
            emergency: emergency || least + layout.height > self.height + EPSILON,
        }
    }
}

/// Keeps the cheapest candidate (note state, cost, predecessor) per state.
fn offer(candidates: &mut Vec<(Queue, f64, usize)>, queue: Queue, cost: f64, prev: usize) {
    match candidates.iter_mut().find(|c| c.0 == queue) {
        Some(c) if c.1 > cost => *c = (queue, cost, prev),
        Some(_) => {}
        None => candidates.push((queue, cost, prev)),
    }
}
