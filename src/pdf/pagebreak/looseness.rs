//! Looseness in the page breaker: paragraphs that the line breaker can
//! set a line longer or shorter (TeX's `\looseness`) give the page
//! breaker other vertical lists to choose from, so a note's call can come
//! onto a page with room for the whole note, and pages stay full, without
//! stretching the space between lines (the baseline grid holds).
//!
//! # Method
//!
//! A local search over the paragraphs' settings, each judged by a whole
//! page-breaking pass ([`break_pages`]'s cost) plus what its paragraphs'
//! settings cost: starting from every paragraph at its best, the first
//! page that splits a note looks for the one paragraph, on that page or
//! the [`WINDOW`] pages before it, whose other setting lowers the
//! chapter's cost most; that setting is taken and the search starts
//! again, until no page's split can be helped (at most [`ROUNDS`]
//! settings a chapter). Then the same search fills short pages: the
//! first page (a chapter's last and one ended by a forced break aside)
//! left a whole line or more empty above its notes or at its foot looks,
//! on it and the [`WINDOW`] pages before, for the paragraph whose other
//! setting leaves the chapter's pages fewest lines short, no more notes
//! split, its pages costing at most [`FILL_COST`] more (the cheapest
//! setting of those that fill most is taken), until no short page can be
//! filled (at most [`FILL_ROUNDS`] settings a chapter): a page set full
//! is worth a paragraph set a line looser or tighter, whose spaces stay
//! within [`LOOSENESS_LIMIT`]'s. Everything is in a fixed order, so
//! the choice is deterministic.
//!
//! [`break_pages`]: super::break_pages
//! [`LOOSENESS_LIMIT`]: crate::pdf::linebreak::LOOSENESS_LIMIT

use std::ops::Range;

use super::super::breaking::INFINITE_PENALTY;
use super::{Chapter, NoteBody, Page, PageSpec, Repeat, VItem};

/// Pages before a split note's page whose paragraphs may change.
pub const WINDOW: usize = 3;

/// Most paragraphs set at another length in one chapter.
pub const ROUNDS: usize = 12;

/// Most paragraphs set at another length in one chapter to fill its
/// short pages.
pub const FILL_ROUNDS: usize = 8;

/// Most that filling a page may raise the cost of the chapter's pages
/// (their breaks' penalties and what other pages are left short, the
/// settings' own cost aside): about a hyphen at a page's foot, or a
/// page elsewhere two lines short.
pub const FILL_COST: f64 = 50.0;

/// Empty height of a page, in leadings and less a rounding, from which it
/// lacks a whole line.
const SHORT_ROUNDING: f32 = 0.05;

/// Least gain (in page-cost units) for which a paragraph's setting changes.
const GAIN: f64 = 1.0;

/// Cost of setting a paragraph a line longer or shorter, before its
/// lines' demerits: looseness is for pages that need it.
pub const LOOSE_COST: f64 = 30.0;

/// Demerits of a paragraph's other setting that cost as much as one unit
/// of a page's cost.
pub const DEMERITS_PER_COST: f64 = 100.0;

/// A paragraph the page breaker may set at another length.
#[derive(Debug, Clone, PartialEq)]
pub struct Loose {
    /// Its items in the list (its lines and the penalties between them).
    pub items: Range<usize>,
    pub variants: Vec<LooseVariant>,
}

/// One other setting of a paragraph, as the items that replace its own.
#[derive(Debug, Clone, PartialEq)]
pub struct LooseVariant {
    /// Lines more (fewer when negative) than its best setting.
    pub delta: i32,
    /// What it costs the page breaker ([`variant_cost`]).
    pub cost: f64,
    pub items: Vec<VItem>,
}

/// What a paragraph set with `demerits` more than its best costs the page
/// breaker.
pub fn variant_cost(demerits: f64) -> f64 {
    LOOSE_COST + demerits.max(0.0) / DEMERITS_PER_COST
}

/// Breaks a chapter into pages as [`super::break_pages`] does, choosing
/// for each paragraph of `loose` (in list order, not overlapping) its
/// best setting or another (`leading` the height of a body line, what a
/// short page lacks is counted in): returns the pages of the list with
/// the chosen settings, and per paragraph the lines more (or fewer)
/// chosen.
pub fn break_pages_loose(
    items: &[VItem],
    repeats: &[Repeat],
    notes: &[NoteBody],
    spec: &PageSpec,
    loose: &[Loose],
    leading: f32,
) -> (Vec<Page>, Vec<i32>) {
    let ctx = Context {
        items,
        repeats,
        notes,
        spec,
        loose,
        leading,
    };
    // Which setting each paragraph takes: 0 its own, v its variant v - 1.
    let mut choice = vec![0usize; loose.len()];
    let mut best = ctx.evaluate(&choice);
    let mut hopeless: Vec<usize> = Vec::new();
    let mut rounds = 0;
    while rounds < ROUNDS {
        let Some((page, note)) = first_split(&best.pages, notes, &hopeless) else {
            break;
        };
        let window = best.pages[page.saturating_sub(WINDOW)].body.start..best.pages[page].body.end;
        let mut found: Option<(Trial, usize, usize)> = None;
        for (p, para) in loose.iter().enumerate() {
            let at = &best.ranges[p];
            if choice[p] != 0 || at.end <= window.start || at.start >= window.end {
                continue;
            }
            for v in 1..=para.variants.len() {
                choice[p] = v;
                let trial = ctx.evaluate(&choice);
                let bar = found.as_ref().map_or(best.cost - GAIN, |f| f.0.cost);
                if trial.cost < bar {
                    found = Some((trial, p, v));
                }
            }
            choice[p] = 0;
        }
        match found {
            Some((trial, p, v)) => {
                choice[p] = v;
                best = trial;
                rounds += 1;
            }
            None => hopeless.push(note),
        }
    }
    ctx.fill(&mut choice, &mut best);
    let deltas = choice
        .iter()
        .zip(loose)
        .map(|(&c, para)| c.checked_sub(1).map_or(0, |v| para.variants[v].delta))
        .collect();
    (best.pages, deltas)
}

/// A chapter broken with some paragraphs' settings.
struct Trial {
    pages: Vec<Page>,
    /// The pages' cost and the settings'.
    cost: f64,
    /// The pages' alone.
    pages_cost: f64,
    /// Where each paragraph stands in the list so set.
    ranges: Vec<Range<usize>>,
    /// Per page, the whole lines it is left short ([`short_lines`]).
    short: Vec<u32>,
    /// Notes split over pages.
    splits: usize,
}

/// What every trial of a chapter reads.
struct Context<'a> {
    items: &'a [VItem],
    repeats: &'a [Repeat],
    notes: &'a [NoteBody],
    spec: &'a PageSpec,
    loose: &'a [Loose],
    leading: f32,
}

impl Context<'_> {
    /// Fills short pages with other settings of the paragraphs `choice`
    /// leaves at their own, `best` the chapter so set.
    fn fill(&self, choice: &mut [usize], best: &mut Trial) {
        let mut hopeless: Vec<usize> = Vec::new();
        let mut rounds = 0;
        while rounds < FILL_ROUNDS {
            let Some(page) =
                (0..best.short.len()).find(|&i| best.short[i] > 0 && !hopeless.contains(&i))
            else {
                break;
            };
            let window =
                best.pages[page.saturating_sub(WINDOW)].body.start..best.pages[page].body.end;
            let lacking: u32 = best.short.iter().sum();
            let mut found: Option<(Trial, usize, usize)> = None;
            for (p, para) in self.loose.iter().enumerate() {
                let at = &best.ranges[p];
                if choice[p] != 0 || at.end <= window.start || at.start >= window.end {
                    continue;
                }
                for v in 1..=para.variants.len() {
                    choice[p] = v;
                    let trial = self.evaluate(choice);
                    let short: u32 = trial.short.iter().sum();
                    let fills = short < lacking
                        && trial.splits <= best.splits
                        && trial.pages_cost <= best.pages_cost + FILL_COST;
                    let better = found.as_ref().is_none_or(|f| {
                        let least: u32 = f.0.short.iter().sum();
                        short < least || (short == least && trial.cost < f.0.cost)
                    });
                    if fills && better {
                        found = Some((trial, p, v));
                    }
                }
                choice[p] = 0;
            }
            match found {
                Some((trial, p, v)) => {
                    choice[p] = v;
                    *best = trial;
                    rounds += 1;
                }
                None => hopeless.push(page),
            }
        }
    }

    /// Sets the paragraphs as `choice` says and breaks the list into pages.
    fn evaluate(&self, choice: &[usize]) -> Trial {
        let Context {
            items,
            repeats,
            notes,
            spec,
            loose,
            leading,
        } = *self;
        let mut list = Vec::with_capacity(items.len() + loose.len());
        let mut ranges = Vec::with_capacity(loose.len());
        // Per paragraph set otherwise: (end of its items, shift after it).
        let mut shifts: Vec<(usize, isize)> = Vec::new();
        let mut shift = 0isize;
        let mut cost = 0.0;
        let mut at = 0;
        for (para, &c) in loose.iter().zip(choice) {
            let own = para.items.start.min(items.len())..para.items.end.min(items.len());
            if own.start < at {
                ranges.push(list.len()..list.len());
                continue;
            }
            list.extend_from_slice(&items[at..own.start]);
            let start = list.len();
            match c.checked_sub(1).and_then(|v| para.variants.get(v)) {
                Some(variant) => {
                    list.extend_from_slice(&variant.items);
                    cost += variant.cost;
                    shift += variant.items.len() as isize - own.len() as isize;
                    shifts.push((own.end, shift));
                }
                None => list.extend_from_slice(&items[own.clone()]),
            }
            ranges.push(start..list.len());
            at = own.end;
        }
        list.extend_from_slice(&items[at..]);
        let moved = |i: usize| {
            let k = shifts.partition_point(|&(end, _)| end <= i);
            let by = k.checked_sub(1).map_or(0, |k| shifts[k].1);
            i.saturating_add_signed(by)
        };
        let repeats: Vec<Repeat> = repeats
            .iter()
            .map(|r| Repeat {
                items: moved(r.items.start)..moved(r.items.end),
                height: r.height,
            })
            .collect();
        let (pages, pages_cost) = Chapter::new(&list, &repeats, notes, spec).break_pages();
        let short = short_lines(&pages, &list, spec, leading);
        let splits = pages
            .iter()
            .filter_map(|page| page.notes.last())
            .filter(|s| {
                notes
                    .get(s.note)
                    .is_some_and(|n| s.lines.end < n.lines.len())
            })
            .count();
        Trial {
            pages,
            cost: cost + pages_cost,
            pages_cost,
            ranges,
            short,
            splits,
        }
    }
}

/// Per page of `list`, the whole lines its text block is left empty
/// (above its notes or at its foot): none on the last page, nor on one
/// ended by a forced break, which end where their text does.
fn short_lines(pages: &[Page], list: &[VItem], spec: &PageSpec, leading: f32) -> Vec<u32> {
    let last = pages.iter().rposition(|p| !p.body.is_empty());
    pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let forced = page
                .body
                .end
                .checked_sub(1)
                .and_then(|e| list.get(e))
                .is_some_and(
                    |item| matches!(item, VItem::Penalty { cost } if *cost <= -INFINITE_PENALTY),
                );
            if Some(i) >= last || forced || page.body.is_empty() || leading <= 0.0 {
                return 0;
            }
            let empty = (spec.height - page.body_height - page.notes_height) / leading;
            (empty + SHORT_ROUNDING).max(0.0).floor() as u32
        })
        .collect()
}

/// The first page that splits a note not in `hopeless`: (page, note).
fn first_split(pages: &[Page], notes: &[NoteBody], hopeless: &[usize]) -> Option<(usize, usize)> {
    pages.iter().enumerate().find_map(|(i, page)| {
        let last = page.notes.last()?;
        let len = notes.get(last.note)?.lines.len();
        (last.lines.end < len && !hopeless.contains(&last.note)).then_some((i, last.note))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A paragraph of `n` lines 1 high as the flow sets it (no break
    /// after its first line or before its last), note `call` on line `at`.
    fn paragraph(n: usize, call: Option<(usize, usize)>) -> Vec<VItem> {
        let mut items = Vec::new();
        for i in 0..n {
            if i >= 2 && i + 2 <= n {
                items.push(VItem::Penalty { cost: 0.0 });
            }
            let notes = call.filter(|c| c.1 == i).map(|c| vec![c.0]);
            items.push(VItem::Line {
                height: 1.0,
                notes: notes.unwrap_or_default(),
            });
        }
        items
    }

    fn splits(pages: &[Page], notes: &[NoteBody]) -> usize {
        pages
            .iter()
            .filter_map(|p| p.notes.last())
            .filter(|s| s.lines.end < notes[s.note].lines.len())
            .count()
    }

    /// A chapter of paragraphs `lengths` (each may be set a line longer or
    /// shorter) on pages 12 lines high, one note of `note` lines called
    /// on line `at` of the last paragraph: (pages and splits without
    /// looseness, with it, and the lengths chosen).
    fn chapter(lengths: &[usize], note: usize, at: usize) -> (usize, usize, Vec<i32>) {
        let notes = vec![NoteBody::new(vec![1.0; note])];
        let spec = PageSpec {
            height: 12.0,
            note_separator: 1.0,
            note_gap: 0.0,
            leading: 0.0,
        };
        let last = lengths.len() - 1;
        let mut items = Vec::new();
        let mut loose = Vec::new();
        for (k, &n) in lengths.iter().enumerate() {
            if k > 0 {
                items.push(VItem::Penalty { cost: 0.0 });
            }
            let call = (k == last).then_some((0, at));
            let start = items.len();
            items.extend(paragraph(n, call));
            let variants = [-1i32, 1]
                .into_iter()
                .map(|delta| LooseVariant {
                    delta,
                    cost: variant_cost(500.0),
                    items: paragraph((n as i32 + delta) as usize, call),
                })
                .collect();
            loose.push(Loose {
                items: start..items.len(),
                variants,
            });
        }
        let plain = super::super::break_pages(&items, &[], &notes, &spec);
        // Leading 0: no page counts short, the splits alone choose.
        let (pages, deltas) = break_pages_loose(&items, &[], &notes, &spec, &loose, 0.0);
        // The pages partition the list set at the lengths chosen.
        let lines: i32 =
            lengths.iter().map(|&n| n as i32).sum::<i32>() + deltas.iter().sum::<i32>();
        let set: usize = lengths
            .iter()
            .zip(&deltas)
            .map(|(&n, &d)| paragraph((n as i32 + d) as usize, None).len())
            .sum();
        let total = set + lengths.len() - 1;
        assert_eq!(pages.last().map(|p| p.body.end), Some(total));
        assert!(pages.windows(2).all(|w| w[0].body.end == w[1].body.start));
        assert!(lines > 0);
        (splits(&plain, &notes), splits(&pages, &notes), deltas)
    }

    #[test]
    fn a_paragraph_set_at_another_length_saves_a_note_split() {
        let (mut helped, mut worse) = (0, 0);
        for a in 6..14 {
            for b in 5..10 {
                for at in 2..b - 1 {
                    let (plain, loose, deltas) = chapter(&[a, b], 6, at);
                    if loose < plain {
                        helped += 1;
                    }
                    if loose > plain {
                        worse += 1;
                    }
                    if plain == 0 {
                        assert!(deltas.iter().all(|&d| d == 0), "{a} {b} {at}: {deltas:?}");
                    }
                }
            }
        }
        assert!(helped > 0, "no chapter was helped");
        assert_eq!(worse, 0);
    }
}
