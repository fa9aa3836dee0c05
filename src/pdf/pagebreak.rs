//! Page breaking with footnotes: body lines and note lines compete for each
//! page; every note starts on the page of its reference, a note too long for
//! its page continues at the foot of the next.
//!
//! Like the line breaker, this knows only heights: the flow layer turns
//! typeset blocks into [`VItem`]s and draws the chosen pages.
//!
//! # Method
//!
//! A total-fit pass over the legal page breaks, like Knuth–Plass over line
//! breaks: each candidate page (from one break to the next) costs
//! `10000 × (unused height / page height)²` (nothing for a chapter's last
//! page or a page ended by a forced break) plus the break's penalty, plus
//! [`SPLIT_COST`] per note split and [`DEFERRED_COST`] when a continued note
//! gets no line on a page. The state of a break is its position and the
//! note lines still to be carried over; at each position the best path per
//! carried state is kept. A start stays active until the body alone (plus
//! the first lines its notes need) overflows a page, so the work is linear
//! in the number of items times the breaks per page.
//!
//! # Rules
//!
//! - Legal breaks: a `Glue` right after a `Line`, a `Penalty` below
//!   [`INFINITE_PENALTY`] (at or below its negative forces a break). Glue and
//!   penalties at the top of a page are discarded.
//! - On each page, note lines are placed in reading order: first the lines
//!   continued from earlier pages, then the notes first referenced on this
//!   page. Every note gets at least its first [`MIN_NOTE_LINES`] lines (all
//!   of a shorter note) on its reference's page; if that cannot fit with the
//!   referencing line, the page breaks earlier.
//! - Continued note lines take at most [`CARRY_SHARE`] of a page's height
//!   while body lines remain after that page, so notes never push the body
//!   off a page; the rest continues on the following pages. After the last
//!   body line, continuations fill whole pages.
//! - A note referenced twice is set once, at its first reference.
//! - If no legal break avoids an overflow (a line taller than the page, or
//!   forbidden breaks for longer than a page), the page is broken where the
//!   most fits and marked [`Page::emergency`].

mod notes;

use std::ops::Range;

use super::breaking::{EPSILON, INFINITE_PENALTY};
use notes::NoteLayout;

/// Lines of a note that must stand on its reference's page.
pub const MIN_NOTE_LINES: usize = 2;

/// Largest share of a page that continued note lines may take while body
/// text remains.
pub const CARRY_SHARE: f32 = 0.5;

/// Cost of splitting a note over pages (about the cost of leaving 3 of 25
/// lines empty).
pub const SPLIT_COST: f64 = 150.0;

/// Cost of a page on which a pending note gets no line.
pub const DEFERRED_COST: f64 = 1000.0;

/// Cost of each notes-only page after a chapter's last body line.
const TAIL_PAGE_COST: f64 = 5000.0;

/// Cost of a page made by breaking where no legal break would do.
const EMERGENCY_COST: f64 = 1.0e9;

/// Candidate states kept per break position (different carried notes).
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
    let chapter = Chapter::new(items, repeats, notes, spec);
    chapter.break_pages()
}

/// Note lines still to be set: (position in first-reference order, first
/// line not yet set), in reading order.
type Carry = Vec<(usize, usize)>;

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
    carry: Carry,
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
    /// Prefix sums over `order`: full heights, first-lines heights, and
    /// count of notes with lines.
    full: Vec<f64>,
    least: Vec<f64>,
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
        let mut least = vec![0.0];
        let mut nonempty = vec![0];
        for &note in &order {
            let sums = &note_lines[note];
            let len = sums.len() - 1;
            full.push(full[full.len() - 1] + sums[len]);
            least.push(least[least.len() - 1] + sums[len.min(MIN_NOTE_LINES)]);
            nonempty.push(nonempty[nonempty.len() - 1] + usize::from(len > 0));
        }
        Chapter {
            items,
            notes,
            height: f64::from(spec.height),
            separator: f64::from(spec.note_separator),
            gap: f64::from(spec.note_gap),
            heights,
            shrinks,
            repeated,
            next_line,
            prev_line_end,
            order,
            introduced,
            full,
            least,
            nonempty,
            note_lines,
        }
    }

    /// A node whose next page starts at item `pos`.
    fn node(&self, pos: usize, carry: Carry, cost: f64, prev: usize, emergency: bool) -> Node {
        let first = self.next_line[pos.min(self.items.len())];
        Node {
            pos,
            first,
            top_height: self.heights[first] - self.repeated_at(first),
            top_shrink: self.shrinks[first],
            top_intro: self.introduced[first],
            carry,
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

    fn break_pages(&self) -> Vec<Page> {
        let n = self.items.len();
        let mut arena = vec![self.node(0, Vec::new(), 0.0, usize::MAX, false)];
        let mut active: Vec<usize> = vec![0];
        let mut candidates: Vec<(Carry, f64, usize)> = Vec::new();
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
                    let own = a.top_intro..end_intro;
                    if least + self.least_notes(&own) > self.height + EPSILON {
                        if rescue.is_none_or(|r| arena[r].pos < a.pos) {
                            rescue = Some(id);
                        }
                        continue;
                    }
                    let layout = if a.carry.is_empty() && own.is_empty() {
                        Some(NoteLayout::default())
                    } else {
                        self.layout_notes(&a.carry, own, self.height - least, cap, false, None)
                    };
                    if let Some(layout) = layout {
                        let unused = (self.height - natural - layout.height).max(0.0);
                        let mut cost = a.cost + penalty;
                        if !forced {
                            cost += 10000.0 * (unused / self.height).powi(2);
                        }
                        cost += SPLIT_COST * layout.splits as f64;
                        if layout.deferred {
                            cost += DEFERRED_COST;
                        }
                        offer(&mut candidates, layout.carry, cost, id);
                    } else if rescue.is_none_or(|r| arena[r].pos < a.pos) {
                        rescue = Some(id);
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
            for (carry, cost, prev) in candidates.drain(..) {
                let carried = self.carried_height(&carry);
                if kept == STATES_PER_BREAK || carried >= least_carried - EPSILON {
                    continue;
                }
                least_carried = carried;
                kept += 1;
                arena.push(self.node((e + 1).min(n), carry, cost, prev, false));
                active.push(arena.len() - 1);
            }
        }
        // Finish: the paths that have set every line, plus their tails.
        let best = active
            .iter()
            .copied()
            .filter(|&id| self.next_line[arena[id].pos.min(n)] >= n)
            .min_by(|&a, &b| {
                let cost = |id: usize| {
                    arena[id].cost + TAIL_PAGE_COST * self.tail_pages(&arena[id].carry, None) as f64
                };
                cost(a).total_cmp(&cost(b))
            });
        let Some(best) = best else {
            return vec![self.page(&[], 0..n, n, false)];
        };
        self.pages_of(&arena, best)
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
                let body = (first, i + 1);
                let (_, least) = self.body_heights(body);
                if least + self.least_notes(&self.own_notes(body)) > self.height + EPSILON {
                    break;
                }
                end = i + 1;
            }
            i += 1;
        }
        let body = (first, end);
        let (natural, least) = self.body_heights(body);
        let layout = self
            .layout_notes(
                &from.carry,
                self.own_notes(body),
                self.height - least,
                self.carry_cap(end),
                true,
                None,
            )
            .unwrap_or_default();
        let unused = (self.height - natural - layout.height).max(0.0);
        let cost = from.cost + EMERGENCY_COST + 10000.0 * (unused / self.height).powi(2);
        self.node(end, layout.carry, cost, id, true)
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
            pages.push(self.page(&a.carry, a.pos..end, b.pos, b.emergency));
        }
        if pages.is_empty() && n > 0 {
            pages.push(self.page(&[], 0..n, n, false));
        }
        let mut tails = Vec::new();
        self.tail_pages(&arena[last].carry, Some(&mut tails));
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
    /// before `next` (the next page's first item).
    fn page(
        &self,
        carry: &[(usize, usize)],
        body: Range<usize>,
        next: usize,
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
        let mut notes = Vec::new();
        let layout = self
            .layout_notes(
                carry,
                self.own_notes(span),
                self.height - least,
                self.carry_cap(next),
                true,
                Some(&mut notes),
            )
            .unwrap_or_default();
        Page {
            body,
            notes,
            body_height: natural as f32,
            notes_height: layout.height as f32,
            emergency: emergency || least + layout.height > self.height + EPSILON,
        }
    }
}

/// Keeps the cheapest candidate (carried notes, cost, predecessor) per
/// carried state.
fn offer(candidates: &mut Vec<(Carry, f64, usize)>, carry: Carry, cost: f64, prev: usize) {
    match candidates.iter_mut().find(|c| c.0 == carry) {
        Some(c) if c.1 > cost => *c = (carry, cost, prev),
        Some(_) => {}
        None => candidates.push((carry, cost, prev)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: PageSpec = PageSpec {
        height: 100.0,
        note_separator: 5.0,
        note_gap: 1.0,
    };

    fn line(notes: &[usize]) -> VItem {
        VItem::Line {
            height: 10.0,
            notes: notes.to_vec(),
        }
    }

    fn penalty(cost: f32) -> VItem {
        VItem::Penalty { cost }
    }

    /// Lines of height 10, breakable between any two; `refs[i]` are the
    /// notes referenced on line `i`.
    fn lines(refs: &[&[usize]]) -> Vec<VItem> {
        let mut items = Vec::new();
        for (i, r) in refs.iter().enumerate() {
            if i > 0 {
                items.push(penalty(0.0));
            }
            items.push(line(r));
        }
        items
    }

    fn note(lines: usize, height: f32) -> NoteBody {
        NoteBody {
            lines: vec![height; lines],
        }
    }

    /// Checks every promise of the page breaker; returns, per note, the
    /// page of its first line.
    fn check(
        items: &[VItem],
        notes: &[NoteBody],
        spec: &PageSpec,
        pages: &[Page],
    ) -> Vec<Option<usize>> {
        let n = items.len();
        let height = f64::from(spec.height);
        // Ranges partition the items in order.
        let mut next = 0;
        for (p, page) in pages.iter().enumerate() {
            assert_eq!(
                page.body.start, next,
                "page {p} starts where the last ended"
            );
            assert!(page.body.start <= page.body.end);
            next = page.body.end;
        }
        assert_eq!(next, n, "pages cover the items");
        let is_line = |i: usize| matches!(items[i], VItem::Line { .. });
        let last_line = (0..n).rev().find(|&i| is_line(i));
        // Which page holds each line, first references, heights.
        let mut page_of_line = vec![usize::MAX; n];
        let mut first_ref_page: Vec<Option<usize>> = vec![None; notes.len()];
        for (p, page) in pages.iter().enumerate() {
            let lines: Vec<usize> = page.body.clone().filter(|&i| is_line(i)).collect();
            let body_has_more = last_line.is_some_and(|l| l >= page.body.end);
            if body_has_more {
                assert!(
                    !lines.is_empty(),
                    "page {p} has no body line but body remains"
                );
            }
            let mut body = 0.0f64;
            if let (Some(&first), Some(&last)) = (lines.first(), lines.last()) {
                for item in &items[first..=last] {
                    match item {
                        VItem::Line { height, .. } => body += f64::from(*height),
                        VItem::Glue { height, shrink, .. } => body += f64::from(height - shrink),
                        VItem::Penalty { .. } => {}
                    }
                }
            }
            for &i in &lines {
                page_of_line[i] = p;
                if let VItem::Line { notes: refs, .. } = &items[i] {
                    for &r in refs {
                        if r < notes.len() && first_ref_page[r].is_none() {
                            first_ref_page[r] = Some(p);
                        }
                    }
                }
            }
            let mut foot = 0.0f64;
            let mut seen_own = false;
            for (k, slice) in page.notes.iter().enumerate() {
                foot += f64::from(if k == 0 {
                    spec.note_separator
                } else {
                    spec.note_gap
                });
                foot += notes[slice.note].lines[slice.lines.clone()]
                    .iter()
                    .map(|&h| f64::from(h))
                    .sum::<f64>();
                assert!(!slice.lines.is_empty(), "page {p}: empty slice");
                if slice.is_continuation() {
                    assert!(!seen_own, "page {p}: continuation after a new note");
                } else {
                    seen_own = true;
                }
            }
            assert!(
                (f64::from(page.notes_height) - foot).abs() < 1e-3,
                "page {p} notes height"
            );
            if body_has_more {
                let carried: f64 = page
                    .notes
                    .iter()
                    .filter(|s| s.is_continuation())
                    .map(|s| {
                        notes[s.note].lines[s.lines.clone()]
                            .iter()
                            .map(|&h| f64::from(h))
                            .sum::<f64>()
                    })
                    .sum();
                let cap = height * f64::from(CARRY_SHARE);
                assert!(carried <= cap + 1e-3, "page {p}: continued notes take over");
            }
            assert!(
                (f64::from(page.body_height) - body).abs() < 1e-3,
                "page {p} body height"
            );
            if !page.emergency {
                assert!(
                    body + foot <= height + 1e-3,
                    "page {p}: {body} + {foot} > {height}"
                );
            }
            // Breaks only where allowed (the last page ends the chapter).
            if p + 1 < pages.len() && page.body.end < n && page.body.end > 0 && !page.emergency {
                match &items[page.body.end - 1] {
                    VItem::Penalty { cost } => assert!(*cost < INFINITE_PENALTY, "page {p}"),
                    VItem::Glue { .. } => assert!(is_line(page.body.end - 2), "page {p}"),
                    VItem::Line { .. } => panic!("page {p} broken between two lines"),
                }
            }
        }
        // Forced breaks are taken: no page's lines straddle one.
        for (i, item) in items.iter().enumerate() {
            if matches!(item, VItem::Penalty { cost } if *cost <= -INFINITE_PENALTY) {
                let before = (0..i).rev().find(|&j| is_line(j));
                let after = (i..n).find(|&j| is_line(j));
                if let (Some(b), Some(a)) = (before, after) {
                    assert_ne!(
                        page_of_line[b], page_of_line[a],
                        "forced break at {i} ignored"
                    );
                }
            }
        }
        // Every note: all its lines exactly once, in order, starting on the
        // page of its first reference with at least two lines there.
        let mut set: Vec<Vec<(usize, Range<usize>)>> = vec![Vec::new(); notes.len()];
        for (p, page) in pages.iter().enumerate() {
            for slice in &page.notes {
                set[slice.note].push((p, slice.lines.clone()));
            }
        }
        for (k, note) in notes.iter().enumerate() {
            let Some(ref_page) = first_ref_page[k] else {
                assert!(set[k].is_empty(), "unreferenced note {k} set");
                continue;
            };
            if note.lines.is_empty() {
                continue;
            }
            let slices = &set[k];
            assert!(!slices.is_empty(), "note {k} not set");
            assert_eq!(
                slices[0].0, ref_page,
                "note {k} starts on its reference's page"
            );
            assert!(
                slices[0].1.len() >= note.lines.len().min(MIN_NOTE_LINES),
                "note {k}"
            );
            let mut line = 0;
            let mut page = ref_page;
            for (p, range) in slices {
                assert_eq!(range.start, line, "note {k} in order");
                assert!(*p >= page, "note {k} pages in order");
                page = *p;
                line = range.end;
            }
            assert_eq!(line, note.lines.len(), "note {k} complete");
        }
        first_ref_page
    }

    fn body_lines(items: &[VItem], page: &Page) -> usize {
        page.body
            .clone()
            .filter(|&i| matches!(items[i], VItem::Line { .. }))
            .count()
    }

    #[test]
    fn fills_pages_without_notes() {
        let refs = vec![&[][..]; 35];
        let items = lines(&refs);
        let pages = break_pages(&items, &[], &[], &SPEC);
        check(&items, &[], &SPEC, &pages);
        let counts: Vec<usize> = pages.iter().map(|p| body_lines(&items, p)).collect();
        assert_eq!(counts, vec![10, 10, 10, 5]);
        assert!(pages.iter().all(|p| p.notes.is_empty() && !p.emergency));
    }

    #[test]
    fn repeated_material_takes_room_on_the_pages_it_starts() {
        // 35 lines; lines 3.. (items 4..) repeat 20 units above them (a
        // header row of two lines over a table's rows).
        let refs = vec![&[][..]; 35];
        let items = lines(&refs);
        let repeats = [Repeat {
            items: 4..items.len(),
            height: 20.0,
        }];
        let pages = break_pages(&items, &repeats, &[], &SPEC);
        let counts: Vec<usize> = pages.iter().map(|p| body_lines(&items, p)).collect();
        assert_eq!(counts, vec![10, 8, 8, 8, 1]);
        // The body height counts the repeated material: full pages.
        let heights: Vec<f32> = pages.iter().map(|p| p.body_height).collect();
        assert_eq!(heights, vec![100.0, 100.0, 100.0, 100.0, 30.0]);
        assert!(pages.iter().all(|p| !p.emergency));
    }

    #[test]
    fn empty_chapter() {
        assert!(break_pages(&[], &[], &[], &SPEC).is_empty());
        let items = [penalty(0.0)];
        let pages = break_pages(&items, &[], &[], &SPEC);
        assert_eq!(pages.len(), 1);
        check(&items, &[], &SPEC, &pages);
    }

    #[test]
    fn note_called_on_a_full_pages_last_line() {
        // Line 9 (the tenth, last that fits) calls a 2-line note: the page
        // cannot hold ten lines plus the note, so it breaks earlier and the
        // note still lands with its call.
        let mut refs = vec![&[][..]; 25];
        refs[9] = &[0];
        let items = lines(&refs);
        let notes = [note(2, 8.0)];
        let pages = break_pages(&items, &[], &notes, &SPEC);
        let placed = check(&items, &notes, &SPEC, &pages);
        let page = placed[0].expect("note set");
        assert!(pages[page].body.contains(&(2 * 9)), "the calling line");
        assert!(
            body_lines(&items, &pages[page]) <= 7,
            "7×10 + 5 + 16 ≤ 100 < 8×10 + 21"
        );
        assert_eq!(pages[page].notes.len(), 1);
    }

    #[test]
    fn many_notes_on_one_page() {
        // Six one-line notes called on consecutive lines.
        let mut refs = vec![&[][..]; 30];
        let calls: Vec<[usize; 1]> = (0..6).map(|k| [k]).collect();
        for (k, c) in calls.iter().enumerate() {
            refs[2 + k] = c;
        }
        let items = lines(&refs);
        let notes: Vec<NoteBody> = (0..6).map(|_| note(1, 6.0)).collect();
        let pages = break_pages(&items, &[], &notes, &SPEC);
        let placed = check(&items, &notes, &SPEC, &pages);
        assert!(placed.iter().all(Option::is_some), "{placed:?}");
        assert!(pages.iter().any(|p| p.notes.len() >= 4), "{pages:?}");
    }

    #[test]
    fn two_notes_from_one_line() {
        let mut refs = vec![&[][..]; 20];
        refs[3] = &[0, 1];
        let items = lines(&refs);
        let notes = [note(3, 8.0), note(2, 8.0)];
        let pages = break_pages(&items, &[], &notes, &SPEC);
        let placed = check(&items, &notes, &SPEC, &pages);
        assert_eq!(placed, vec![Some(0), Some(0)]);
    }

    #[test]
    fn long_note_splits_over_pages() {
        // A 20-line note (160 high) called on line 5: two or more lines on
        // page 0, the rest at the foot of the following pages, never more
        // than half a page while body lines remain.
        let mut refs = vec![&[][..]; 40];
        refs[5] = &[0];
        let items = lines(&refs);
        let notes = [note(20, 8.0)];
        let pages = break_pages(&items, &[], &notes, &SPEC);
        let placed = check(&items, &notes, &SPEC, &pages);
        assert_eq!(placed[0], Some(0));
        let pages_with_note = pages.iter().filter(|p| !p.notes.is_empty()).count();
        assert!(pages_with_note >= 2, "{pages:?}");
        for p in &pages[1..] {
            if let Some(s) = p.notes.first() {
                assert!(s.is_continuation());
                let more_body = p.body.end < items.len();
                if more_body {
                    let h: f32 = s.lines.len() as f32 * 8.0;
                    assert!(h <= SPEC.height * CARRY_SHARE, "{p:?}");
                }
            }
        }
    }

    #[test]
    fn note_longer_than_a_page_with_a_second_call_on_its_line() {
        let mut refs = vec![&[][..]; 30];
        refs[2] = &[0, 1];
        refs[12] = &[2];
        let items = lines(&refs);
        let notes = [note(30, 8.0), note(2, 8.0), note(3, 8.0)];
        let pages = break_pages(&items, &[], &notes, &SPEC);
        let placed = check(&items, &notes, &SPEC, &pages);
        assert_eq!(placed[0], Some(0));
        assert_eq!(placed[1], Some(0));
        assert!(pages.iter().all(|p| !p.emergency));
    }

    #[test]
    fn notes_continue_after_the_last_line() {
        let mut refs = vec![&[][..]; 4];
        refs[3] = &[0];
        let items = lines(&refs);
        let notes = [note(30, 8.0)];
        let pages = break_pages(&items, &[], &notes, &SPEC);
        check(&items, &notes, &SPEC, &pages);
        assert!(pages.len() >= 3);
        assert_eq!(
            pages.last().map(|p| p.body.clone()),
            Some(items.len()..items.len())
        );
    }

    #[test]
    fn forced_breaks_and_glue_at_page_tops() {
        let mut items = lines(&[&[], &[], &[]]);
        items.push(VItem::Glue {
            height: 12.0,
            stretch: 0.0,
            shrink: 0.0,
        });
        items.push(penalty(f32::NEG_INFINITY));
        items.push(VItem::Glue {
            height: 12.0,
            stretch: 0.0,
            shrink: 0.0,
        });
        items.extend(lines(&[&[], &[]]));
        let pages = break_pages(&items, &[], &[], &SPEC);
        check(&items, &[], &SPEC, &pages);
        let counts: Vec<usize> = pages.iter().map(|p| body_lines(&items, p)).collect();
        assert_eq!(counts, vec![3, 2]);
        assert_eq!(pages[1].body_height, 20.0, "glue at the top is discarded");
    }

    #[test]
    fn infinite_penalties_are_respected() {
        // 14 lines; breaks forbidden everywhere except after line 5 and 11.
        let mut items = Vec::new();
        for i in 0..14 {
            if i > 0 {
                let allowed = i == 6 || i == 12;
                items.push(penalty(if allowed { 0.0 } else { f32::INFINITY }));
            }
            items.push(line(&[]));
        }
        let pages = break_pages(&items, &[], &[], &SPEC);
        check(&items, &[], &SPEC, &pages);
        let counts: Vec<usize> = pages.iter().map(|p| body_lines(&items, p)).collect();
        assert_eq!(counts, vec![6, 8]);
    }

    #[test]
    fn total_fit_balances_pages() {
        // Lines of 10 on pages of 100, breaks allowed only between blocks
        // of 4 and 6 lines: greedy fills 4+6, 4+6... the total fit keeps
        // every page within the legal set and prefers full pages.
        let blocks = [4, 6, 4, 6, 5, 5, 3];
        let mut items = Vec::new();
        for (b, &len) in blocks.iter().enumerate() {
            for i in 0..len {
                if b > 0 || i > 0 {
                    items.push(penalty(if i == 0 { 0.0 } else { f32::INFINITY }));
                }
                items.push(line(&[]));
            }
        }
        let pages = break_pages(&items, &[], &[], &SPEC);
        check(&items, &[], &SPEC, &pages);
        let counts: Vec<usize> = pages.iter().map(|p| body_lines(&items, p)).collect();
        assert_eq!(counts, vec![10, 10, 10, 3]);
    }

    #[test]
    fn a_line_taller_than_the_page_is_an_emergency() {
        let mut items = lines(&[&[], &[]]);
        items.push(penalty(0.0));
        items.push(VItem::Line {
            height: 150.0,
            notes: Vec::new(),
        });
        items.push(penalty(0.0));
        items.extend(lines(&[&[], &[]]));
        let pages = break_pages(&items, &[], &[], &SPEC);
        check(&items, &[], &SPEC, &pages);
        assert_eq!(pages.iter().filter(|p| p.emergency).count(), 1);
    }

    /// A fixed-seed linear congruential generator (Knuth's MMIX constants).
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: u32) -> u32 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) as u32) % n
        }
    }

    /// A random chapter: paragraphs of lines (no widow/orphan: INFINITY
    /// after the first and before the last line), headings kept with the
    /// next lines, occasional forced breaks, 0–3 calls per line.
    fn random_chapter(rng: &mut Lcg) -> (Vec<VItem>, Vec<NoteBody>) {
        let mut items = Vec::new();
        let mut notes = Vec::new();
        let paragraphs = 1 + rng.below(40);
        for p in 0..paragraphs {
            if p > 0 {
                items.push(VItem::Glue {
                    height: 4.0,
                    stretch: 0.0,
                    shrink: 0.0,
                });
                if rng.below(25) == 0 {
                    items.push(penalty(f32::NEG_INFINITY));
                }
            }
            if rng.below(8) == 0 {
                items.push(VItem::Line {
                    height: 16.0,
                    notes: Vec::new(),
                });
                items.push(penalty(f32::INFINITY));
                items.push(VItem::Glue {
                    height: 6.0,
                    stretch: 0.0,
                    shrink: 0.0,
                });
            }
            let count = 1 + rng.below(14) as usize;
            for i in 0..count {
                if i > 0 {
                    let widow_orphan = i == 1 || i + 1 == count;
                    items.push(penalty(if widow_orphan { f32::INFINITY } else { 0.0 }));
                }
                let mut refs = Vec::new();
                let calls = match rng.below(10) {
                    0 => 1,
                    1 => 2 + rng.below(2),
                    _ => 0,
                };
                for _ in 0..calls {
                    let len = match rng.below(10) {
                        0 => 8 + rng.below(25),
                        1..=3 => 2 + rng.below(4),
                        _ => 1,
                    } as usize;
                    refs.push(notes.len());
                    notes.push(NoteBody {
                        lines: vec![8.0; len],
                    });
                }
                items.push(VItem::Line {
                    height: 10.0,
                    notes: refs,
                });
            }
        }
        (items, notes)
    }

    #[test]
    fn invariants_hold_on_random_chapters() {
        let mut rng = Lcg(1905);
        for height in [300.0, 150.0] {
            let spec = PageSpec {
                height,
                note_separator: 6.0,
                note_gap: 2.0,
            };
            let mut emergencies = 0;
            let mut split = 0;
            for case in 0..300 {
                let (items, notes) = random_chapter(&mut rng);
                let pages = break_pages(&items, &[], &notes, &spec);
                let placed = check(&items, &notes, &spec, &pages);
                assert!(placed.iter().all(Option::is_some), "case {case}");
                emergencies += pages.iter().filter(|p| p.emergency).count();
                split += pages
                    .iter()
                    .flat_map(|p| &p.notes)
                    .filter(|s| s.is_continuation())
                    .count();
            }
            assert_eq!(emergencies, 0, "height {height}");
            assert!(split > 10, "the chapters exercise split notes: {split}");
        }
    }
}
