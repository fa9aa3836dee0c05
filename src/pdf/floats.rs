//! Floated figures (`[pdf] figures = "float"`): a figure that does not
//! fit on the page where it is called would leave that page short above
//! white space; instead it moves forward, as LaTeX's `[tbp]` floats do,
//! the text after it filling the page and the figure, its caption with
//! it, set where the page breaker finds it fits soonest (at the head of
//! the next page, most often).
//!
//! # Method
//!
//! This works on a chapter's vertical list once its pages are chosen
//! (after looseness has spliced the paragraphs' chosen lengths into the
//! flow, so the two never disagree about the list): each figure in order
//! that opens a page after a page short by [`SHORT_LINES`] lines or more
//! is tried before each legal break in the text that follows it, up to a
//! little more text than the short pages before it had room for (a
//! later figure in that text moving on with it, set after it: figures
//! keep their order), the whole
//! chapter broken again each time; the list whose pages cost least (a
//! figure set under text on its page, not at its head, costing
//! [`UNDER_TEXT_COST`] more) is kept if it costs less than the figure
//! where it was, and the figure tried again from there (at most
//! [`TRIES`] times). Moving figures is a permutation
//! of the list: the break before each stays where it was, the space
//! above and below goes with it.
//!
//! What reads the list follows the move: the pieces go with their items;
//! a marker ([`Piece::Element`]) on the first line after the figure's
//! place in the source makes its structure element there, so the tagged
//! PDF reads it in source order; the page records' runs of blocks
//! ([`BlockStart`]) resume a block cut by a figure where it left off.

use std::ops::Range;

use super::breaking::{EPSILON, INFINITE_PENALTY};
use super::chapter::ChapterFlow;
use super::frame::Piece;
use super::label::Label;
use super::pagebreak::{Page, PageSpec, Repeat, VItem, break_pages_scored};
use super::records::BlockStart;

/// Empty lines at the foot of the page before a figure from which the
/// figure floats.
pub const SHORT_LINES: f32 = 2.0;

/// Lines of text after a figure past what the short page had room for
/// among which its place is sought (the page breaker may need a line or
/// two more to keep its widows and orphans).
const SLACK_LINES: f32 = 2.0;

/// Times a figure is moved on at most.
const TRIES: usize = 3;

/// What a figure moved forward costs more when it lands below text on
/// its page rather than at its head (a line or two of a paragraph above
/// a figure reads as a fragment): about two and a half lines left empty.
const UNDER_TEXT_COST: f64 = 50.0;

/// Least saving (in the page breaker's cost units) for which a figure
/// moves.
const GAIN: f64 = 1.0;

/// Floats the figures of `set` broken as `pages` that leave a page short
/// (`leading` the body's line height); returns the pages of the list as
/// it then stands, and whether it changed (the caller counts its
/// characters again).
pub fn float_figures(
    set: &mut ChapterFlow,
    pages: Vec<Page>,
    spec: &PageSpec,
    leading: f32,
) -> (Vec<Page>, bool) {
    let floats = std::mem::take(&mut set.flow.floats);
    if floats.is_empty() || !pages.iter().any(|p| short(p, spec, leading)) {
        return (pages, false);
    }
    let repeats: Vec<Repeat> = set.flow.heads.iter().map(|h| h.repeat.clone()).collect();
    let mut list = List {
        order: (0..set.flow.items.len()).collect(),
        items: set.flow.items.clone(),
        pages,
        cost: 0.0,
    };
    list.cost = break_pages_scored(&list.items, &repeats, &set.bodies, spec).1;
    let mut moved = Vec::new();
    for (k, float) in floats.iter().enumerate() {
        // Moved, the figure may open a page after a short one again.
        for _ in 0..TRIES {
            let Some((better, carried)) = list.float(
                float,
                &floats[k + 1..],
                (&repeats, &set.bodies),
                spec,
                leading,
            ) else {
                break;
            };
            list = better;
            for f in std::iter::once(float).chain(&carried) {
                if !moved.contains(f) {
                    moved.push(f.clone());
                }
            }
        }
    }
    if moved.is_empty() {
        return (list.pages, false);
    }
    apply(set, &list.order, &moved);
    (list.pages, true)
}

/// Whether a page's body and notes end [`SHORT_LINES`] or more short of
/// the text block's foot.
fn short(page: &Page, spec: &PageSpec, leading: f32) -> bool {
    spec.height - page.body_height - page.notes_height >= SHORT_LINES * leading - EPSILON as f32
}

/// A chapter's list with some figures moved, and its pages.
struct List {
    /// The source index of each item.
    order: Vec<usize>,
    items: Vec<VItem>,
    pages: Vec<Page>,
    cost: f64,
}

impl List {
    /// Where the item of source index `i` stands now.
    fn position(&self, i: usize) -> Option<usize> {
        self.order.iter().position(|&o| o == i)
    }

    /// The list with figure `float` (source indices) moved to where it
    /// costs least, if it opens a page after a short one and moving it
    /// saves, and the figures of `later` (source ranges) it passed, which
    /// move on with it, set after it in their order.
    fn float(
        &self,
        float: &Range<usize>,
        later: &[Range<usize>],
        (repeats, notes): (&[Repeat], &[super::pagebreak::NoteBody]),
        spec: &PageSpec,
        leading: f32,
    ) -> Option<(List, Vec<Range<usize>>)> {
        let s = self.position(float.start)?;
        let e = s + float.len();
        let image = (s..e).find(|&i| matches!(self.items[i], VItem::Line { .. }))?;
        let p = self.pages.iter().position(|pg| pg.body.contains(&image))?;
        let opens = self.pages[p]
            .body
            .clone()
            .find(|&i| matches!(self.items[i], VItem::Line { .. }));
        if p == 0 || opens != Some(image) || !short(&self.pages[p - 1], spec, leading) {
            return None;
        }
        // The room on the page before and on the short pages before it
        // (the page breaker spreads what a figure leaves empty).
        let room: f32 = self.pages[..p]
            .iter()
            .rev()
            .map(|pg| spec.height - pg.body_height - pg.notes_height)
            .take_while(|&r| r >= leading - EPSILON as f32)
            .sum();
        let reach = room + SLACK_LINES * leading;
        // The later figures where they stand now, with their source ranges.
        let mut ahead: Vec<(Range<usize>, Range<usize>)> = later
            .iter()
            .filter_map(|f| self.position(f.start).map(|q| (q..q + f.len(), f.clone())))
            .filter(|(q, _)| q.start >= e)
            .collect();
        ahead.sort_by_key(|(q, _)| q.start);
        let mut ahead = ahead.into_iter().peekable();
        let mut carried: Vec<(Range<usize>, Range<usize>)> = Vec::new();
        let mut best: Option<(List, f64, usize)> = None;
        let mut text = 0.0;
        let mut j = e;
        while j < self.items.len() {
            // A later figure in the text is passed and goes along.
            if let Some((q, _)) = ahead.peek()
                && q.start == j
            {
                let (q, f) = ahead.next().expect("peeked");
                // The break before it stays in the text.
                j = q.end;
                carried.push((q, f));
                continue;
            }
            match &self.items[j] {
                VItem::Line { height, .. } => {
                    text += height;
                    if text > reach {
                        break;
                    }
                }
                VItem::Penalty { cost } if *cost < INFINITE_PENALTY && text > 0.0 => {
                    let figures: Vec<Range<usize>> = std::iter::once(s..e)
                        .chain(carried.iter().map(|(q, _)| q.clone()))
                        .collect();
                    let order = moved_before(&self.order, &figures, j);
                    let Some(moved) = moved_repeats(repeats, &order) else {
                        j += 1;
                        continue;
                    };
                    let items = moved_before(&self.items, &figures, j);
                    let (pages, cost) = break_pages_scored(&items, &moved, notes, spec);
                    // Where it lands: opening a page, or under text.
                    let carried_len: usize = carried.iter().map(|(q, _)| q.len()).sum();
                    let image = s + (j - e - carried_len) + (image - s);
                    let heads = pages.iter().any(|pg| {
                        pg.body
                            .clone()
                            .find(|&i| matches!(items[i], VItem::Line { .. }))
                            == Some(image)
                    });
                    let judged = if heads { cost } else { cost + UNDER_TEXT_COST };
                    if judged < best.as_ref().map_or(self.cost - GAIN, |b| b.1) {
                        best = Some((
                            List {
                                order,
                                items,
                                pages,
                                cost,
                            },
                            judged,
                            carried.len(),
                        ));
                    }
                }
                _ => {}
            }
            j += 1;
        }
        best.map(|(list, _, n)| (list, carried.into_iter().take(n).map(|(_, f)| f).collect()))
    }
}

/// `list` with its items in `ranges` (in order, not overlapping, all
/// before `to`) moved to stand before item `to`, in their order, what
/// lies between them closing up.
fn moved_before<T: Clone>(list: &[T], ranges: &[Range<usize>], to: usize) -> Vec<T> {
    let mut out = Vec::with_capacity(list.len());
    let mut at = 0;
    for r in ranges {
        out.extend_from_slice(&list[at..r.start]);
        at = r.end;
    }
    out.extend_from_slice(&list[at..to]);
    for r in ranges {
        out.extend_from_slice(&list[r.clone()]);
    }
    out.extend_from_slice(&list[to..]);
    out
}

/// Where `order` puts each source index.
fn inverse(order: &[usize]) -> Vec<usize> {
    let mut at = vec![0; order.len()];
    for (q, &i) in order.iter().enumerate() {
        at[i] = q;
    }
    at
}

/// The repeated rows' ranges in the list `order` makes, or `None` if a
/// move would cut one.
fn moved_repeats(repeats: &[Repeat], order: &[usize]) -> Option<Vec<Repeat>> {
    let at = inverse(order);
    repeats
        .iter()
        .map(|r| {
            let start = at.get(r.items.start).copied().unwrap_or(order.len());
            let whole = r
                .items
                .clone()
                .enumerate()
                .all(|(t, i)| at.get(i).is_none_or(|&q| q == start + t));
            whole.then(|| Repeat {
                items: start..start + r.items.len(),
                height: r.height,
            })
        })
        .collect()
}

/// Rearranges the chapter's flow as `order` says (the source index of
/// each item), the figures `moved` (source ranges) marked at their places
/// in the source.
fn apply(set: &mut ChapterFlow, order: &[usize], moved: &[Range<usize>]) {
    let flow = &mut set.flow;
    let n = flow.items.len();
    // Each source item's top-level block and the characters of it set
    // before the item (the records count in source order).
    let mut block: Vec<Option<(usize, usize)>> = vec![None; n];
    for (k, start) in set.block_starts.iter().enumerate() {
        let end = set.block_starts.get(k + 1).map_or(n, |s| s.item);
        for (i, slot) in block.iter_mut().enumerate().take(end).skip(start.item) {
            let set_before = set.chars[i] - set.chars[start.item];
            *slot = Some((start.block, start.before + set_before));
        }
    }
    for float in moved {
        let label = flow.pieces[float.clone()]
            .iter()
            .flatten()
            .find_map(|p| match p {
                Piece::Image { label, .. } if matches!(label, Label::Content(_)) => {
                    Some(label.clone())
                }
                _ => None,
            });
        let after = (float.end..n).find(|&i| {
            matches!(flow.items[i], VItem::Line { .. }) && !moved.iter().any(|m| m.contains(&i))
        });
        if let (Some(label), Some(i)) = (label, after) {
            flow.pieces[i].insert(0, Piece::Element(label));
        }
    }
    let mut pieces: Vec<Option<Vec<Piece>>> = flow.pieces.drain(..).map(Some).collect();
    flow.pieces = order
        .iter()
        .map(|&i| pieces[i].take().unwrap_or_default())
        .collect();
    let mut items: Vec<Option<VItem>> = flow.items.drain(..).map(Some).collect();
    flow.items = order.iter().filter_map(|&i| items[i].take()).collect();
    let at = inverse(order);
    for head in &mut flow.heads {
        let r = &head.repeat.items;
        let start = at.get(r.start).copied().unwrap_or(r.start);
        head.repeat.items = start..start + r.len();
    }
    set.block_starts.clear();
    for (q, &i) in order.iter().enumerate() {
        let Some((b, before)) = block[i] else {
            continue;
        };
        let resumes = q > 0 && order[q - 1] + 1 == i && block[order[q - 1]].map(|x| x.0) == Some(b);
        if !resumes {
            set.block_starts.push(BlockStart {
                item: q,
                block: b,
                before,
            });
        }
    }
}
