//! Knuth–Plass total-fit line breaking over boxes, glue and penalties.
//!
//! The breaker knows only widths: the inline layer (`inline.rs`) turns shaped
//! text into [`Item`]s and maps the chosen breaks back to glyphs.
//!
//! # Conventions
//!
//! - A glue is a legal break when the item before it is a box; a penalty is
//!   a legal break when its cost is below [`INFINITE_PENALTY`]; a cost at or
//!   below `-INFINITE_PENALTY` forces a break.
//! - After a break, the glue and (unforced) penalties that follow are
//!   discarded up to the next box.
//! - A paragraph is finished, as in TeX, with `Penalty{0, +inf}`,
//!   `Glue{0, huge stretch, 0}`, `Penalty{0, -inf}`; the last break is then
//!   that final penalty's index. Without such an ending the breaker behaves
//!   as if it were there and the last break's index is `items.len()`.
//! - A line ending at a forced break (the last line, a hard line break) is
//!   set at its natural width when it is shorter than its measure (ratio 0),
//!   as if a fill glue stood before the break.
//! - Glue stretch at or above [`FILL`] (or infinite) counts as infinitely
//!   stretchable.
//!
//! # Passes
//!
//! 1. Without hyphenation (flagged penalties are not breaks) at
//!    `params.pretolerance`.
//! 2. With hyphenation at `params.tolerance`.
//! 3. Emergency: any stretch is accepted (badness grows with the cube of the
//!    ratio, so looseness is spread over several lines rather than piled on
//!    one); exceeding `max_consecutive_hyphens` costs more than anything but
//!    an overfull line. Shrink never goes beyond the glue's shrink, so a
//!    line sticks out only when an unbreakable run is wider than its
//!    measure; [`break_lines_report`] names those lines.
//!
//! Cost is linear in the number of items times the number of active
//! breakpoints (those within one line of the current item); prefix sums
//! make each line's width O(1), and the hot loop does not allocate.

mod breaker;

use super::breaking::{EPSILON, INFINITE_PENALTY};
use breaker::{BreakPoint, Breaker};

/// Glue stretch at or above which glue counts as infinitely stretchable.
pub const FILL: f32 = 1.0e6;

/// Largest adjustment ratio of a line in a paragraph set a line longer
/// or shorter than its best ([`line_count_variants`]): such lines are
/// not to look looser than the loosest twentieth of ordinary ones (word
/// spaces 1.65 times natural at most, issue 12's 95th percentile; at 1.0
/// so few paragraphs could be set a line longer that chapter openings
/// stayed short).
pub const LOOSENESS_LIMIT: f32 = 1.3;

/// Badness given to a line that cannot stretch at all but is short: only the
/// emergency pass accepts it.
const BADNESS_LIMIT: f64 = 1.0e8;

/// Demerits added when the emergency pass has to exceed the consecutive
/// hyphen limit (only to avoid an overfull line).
const HYPHEN_LIMIT_DEMERITS: f64 = 1.0e20;

/// Demerits added for an overfull line made by the emergency rescue.
const OVERFULL_DEMERITS: f64 = 1.0e30;

/// Most active breakpoints kept: ten times the most the benchmark's book
/// ever has (37). Text reaches it only when a line can hold hundreds of
/// breakpoints (zero-width characters between break opportunities); the
/// worst ones then go, so a paragraph costs linear time, however built.
const MAX_ACTIVE: usize = 400;

/// Nodes the arena holds before it is first compacted (see
/// [`Breaker::bound`]).
const COMPACT_AT: usize = 1 << 14;

/// One element of a paragraph, in Knuth and Plass's terms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    /// Unbreakable material (a shaped word fragment) of fixed width.
    Box { width: f32 },
    /// Stretchable/shrinkable space; a legal break when it follows a box.
    Glue {
        width: f32,
        stretch: f32,
        shrink: f32,
    },
    /// A possible break with a cost; `width` is added to the line if the
    /// break is taken (a hyphen's width). `cost` of `f32::INFINITY` forbids a
    /// break, `f32::NEG_INFINITY` forces one. `flagged` marks hyphen breaks,
    /// so consecutive hyphenated lines can be penalised and limited.
    Penalty {
        width: f32,
        cost: f32,
        flagged: bool,
    },
}

/// Tuning of the breaker; the defaults are TeX's plus a hard limit on
/// consecutive hyphenated lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Largest adjustment ratio accepted in the normal passes (TeX's
    /// `tolerance`/100 scale: 1.0 means fully stretched).
    pub tolerance: f32,
    /// Added demerits when two consecutive lines end in flagged penalties.
    pub double_hyphen_demerits: f32,
    /// Added demerits when adjacent lines' fitness classes differ by > 1.
    pub fitness_demerits: f32,
    /// TeX's `\linepenalty`.
    pub line_penalty: f32,
    /// Never more than this many consecutive lines ending in a hyphen.
    pub max_consecutive_hyphens: usize,
    /// Largest ratio accepted by the first pass, which does not hyphenate
    /// (TeX's `\pretolerance`/100); negative skips that pass.
    pub pretolerance: f32,
    /// Added demerits when the last line but one ends with a hyphen (TeX's
    /// `\finalhyphendemerits`).
    pub final_hyphen_demerits: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            tolerance: 2.0,
            double_hyphen_demerits: 3000.0,
            fitness_demerits: 3000.0,
            line_penalty: 10.0,
            max_consecutive_hyphens: 2,
            pretolerance: 1.0,
            final_hyphen_demerits: 5000.0,
        }
    }
}

/// A chosen break: the index of the item broken at (a glue or penalty, or
/// `items.len()` for the paragraph's end) and the line's adjustment ratio
/// (negative when shrunk, 0 natural, 1.0 fully stretched).
///
/// The ratio is 0 for a line set at its natural width (last line, forced
/// break, fill glue, or a short line without any stretch) and -1 for an
/// overfull line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    pub index: usize,
    pub ratio: f32,
}

/// Which pass of the breaker found the lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// Without hyphenation, within `pretolerance`.
    Unhyphenated,
    /// With hyphenation, within `tolerance`.
    Hyphenated,
    /// Looser than `tolerance` (or overfull where unavoidable).
    Emergency,
}

/// The breaks of a paragraph with what the caller must report.
#[derive(Debug, Clone, PartialEq)]
pub struct Breaking {
    pub breaks: Vec<Break>,
    /// Lines (indices into `breaks`) wider than their measure even fully
    /// shrunk: each holds an unbreakable run wider than the measure, which
    /// the caller should report (or fix, e.g. by shrinking the font).
    pub overfull: Vec<usize>,
    /// The pass that succeeded.
    pub pass: Pass,
}

/// Breaks a paragraph into lines. `line_width(n)` is the measure of line `n`
/// (0-based), so indented first lines and run-arounds work. Always returns
/// breaks covering the whole paragraph: if no feasible set exists within
/// `params.tolerance`, an emergency pass accepts looser lines rather than
/// letting one stick out.
pub fn break_lines(
    items: &[Item],
    line_width: &dyn Fn(usize) -> f32,
    params: &Params,
) -> Vec<Break> {
    break_lines_report(items, line_width, params).breaks
}

/// [`break_lines`], also telling which lines are overfull (an unbreakable
/// run wider than the measure) and which pass found the breaks. An empty
/// paragraph has no lines.
pub fn break_lines_report(
    items: &[Item],
    line_width: &dyn Fn(usize) -> f32,
    params: &Params,
) -> Breaking {
    break_lines_flexible(items, &[], line_width, params)
}

/// [`break_lines_report`] for boxes that can stretch and shrink too:
/// `box_flex[i]` is how much box `i` may stretch, and shrink, at an
/// adjustment ratio of 1 (the letter spacing a justified line may take,
/// shared with its spaces at the same ratio); missing entries are 0.
/// Boxes are never discarded at a break, so a line's flexibility is that
/// of all its spaces and all its boxes.
pub fn break_lines_flexible(
    items: &[Item],
    box_flex: &[f32],
    line_width: &dyn Fn(usize) -> f32,
    params: &Params,
) -> Breaking {
    if items.is_empty() {
        return Breaking {
            breaks: Vec::new(),
            overfull: Vec::new(),
            pass: Pass::Unhyphenated,
        };
    }
    let mut breaker = Breaker::new(items, box_flex, line_width, params);
    let passes = [
        (Pass::Unhyphenated, f64::from(params.pretolerance)),
        (Pass::Hyphenated, f64::from(params.tolerance)),
        (Pass::Emergency, f64::INFINITY),
    ];
    for (pass, tolerance) in passes {
        if tolerance < 0.0 || tolerance.is_nan() {
            continue;
        }
        if pass == Pass::Hyphenated
            && !breaker.has_flagged
            && params.tolerance <= params.pretolerance
        {
            continue;
        }
        if let Some(breaks) = breaker.run(pass, tolerance) {
            let overfull = breaker.overfull_lines(&breaks);
            return Breaking {
                breaks,
                overfull,
                pass,
            };
        }
    }
    // The emergency pass always succeeds; this is only reached if it could
    // not (a NaN width): one line per forced break rather than a panic.
    let breaks = breaker.fallback();
    let overfull = breaker.overfull_lines(&breaks);
    Breaking {
        breaks,
        overfull,
        pass: Pass::Emergency,
    }
}

/// A paragraph's breaks with another number of lines than its best
/// (TeX's `\looseness`): the page breaker may take it to fill a page or
/// to bring a note's call onto a page with room for the note.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Lines more (or fewer, when negative) than the best breaks.
    pub delta: i32,
    pub breaks: Vec<Break>,
    /// Demerits more than the best breaks with the best's line count in
    /// the same search.
    pub demerits: f64,
}

/// The best breaks of a paragraph set one line longer and one line
/// shorter than `best` (found by [`break_lines_flexible`] with the same
/// arguments), every line stretched at most `limit` and hyphenation
/// allowed: none when `best` needed the emergency pass or has a single
/// line, or when no such breaks exist within `limit`.
pub fn line_count_variants(
    items: &[Item],
    box_flex: &[f32],
    line_width: &dyn Fn(usize) -> f32,
    params: &Params,
    best: &Breaking,
    limit: f32,
) -> Vec<Variant> {
    let n = best.breaks.len();
    if n < 2 || best.pass == Pass::Emergency || !best.overfull.is_empty() {
        return Vec::new();
    }
    let mut breaker = Breaker::new(items, box_flex, line_width, params);
    let tolerance = f64::from(limit.min(params.tolerance));
    let found = breaker.run_counts(Pass::Hyphenated, tolerance, &[n, n - 1, n + 1]);
    let base = found[0].as_ref().map_or(0.0, |(_, total)| *total);
    found
        .into_iter()
        .zip([0, -1, 1])
        .skip(1)
        .filter_map(|(found, delta)| {
            let (breaks, total) = found?;
            Some(Variant {
                delta,
                breaks,
                demerits: (total - base).max(0.0),
            })
        })
        .collect()
}

/// The last line whose measure differs from the next one's, probing as many
/// lines as the paragraph could plausibly take (at least 16, at most 256):
/// measures are assumed constant after that.
fn last_special_line(line_width: &dyn Fn(usize) -> f32, total_width: f64) -> usize {
    let first = f64::from(line_width(0)).max(1.0);
    let estimate = (total_width / first).ceil();
    let probe = if estimate.is_finite() {
        (2.0 * estimate + 16.0).min(256.0) as usize
    } else {
        256
    };
    let mut last = 0;
    let mut previous = line_width(0);
    for n in 1..=probe {
        let width = line_width(n);
        if width != previous {
            last = n;
        }
        previous = width;
    }
    last
}

/// The adjustment ratio and badness of a line of natural width `natural`
/// set to `measure`. Short lines ending at a forced break, or holding fill
/// glue, are set at their natural width.
fn adjustment(
    natural: f64,
    measure: f64,
    stretch: f64,
    shrink: f64,
    fill: u32,
    forced: bool,
) -> (f64, f64) {
    let diff = measure - natural;
    if diff.abs() <= EPSILON {
        (0.0, 0.0)
    } else if diff > 0.0 {
        if fill > 0 || forced {
            (0.0, 0.0)
        } else if stretch > 0.0 {
            let ratio = diff / stretch;
            (ratio, (100.0 * ratio.powi(3)).min(BADNESS_LIMIT))
        } else {
            // Cannot stretch at all: the shorter the gap, the better.
            (
                f64::INFINITY,
                BADNESS_LIMIT * (1.0 + diff / measure.max(1.0)),
            )
        }
    } else if shrink > 0.0 {
        let ratio = (diff / shrink).max(-1.0);
        (ratio, 100.0 * (-ratio).powi(3))
    } else {
        // Only within EPSILON of the measure (overfull lines are rejected
        // before): treat as exact.
        (0.0, 0.0)
    }
}

/// TeX's demerits for a line of `badness` ending at `point`.
fn demerits(params: &Params, badness: f64, point: &BreakPoint) -> f64 {
    let base = (f64::from(params.line_penalty) + badness).powi(2);
    if point.forced {
        base
    } else if point.cost >= 0.0 {
        base + point.cost.powi(2)
    } else {
        base - point.cost.powi(2)
    }
}

/// TeX's fitness classes: 0 very loose, 1 loose, 2 decent, 3 tight.
fn fitness_class(ratio: f64, badness: f64) -> u8 {
    if ratio > 0.0 && badness > 99.0 {
        0
    } else if ratio > 0.0 && badness > 12.0 {
        1
    } else if ratio < 0.0 && badness > 12.0 {
        3
    } else {
        2
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::test_rng::Lcg;

    const SPACE: Item = Item::Glue {
        width: 1.0,
        stretch: 1.0,
        shrink: 0.0,
    };

    /// TeX's paragraph ending.
    fn finish(items: &mut Vec<Item>) {
        items.push(Item::Penalty {
            width: 0.0,
            cost: f32::INFINITY,
            flagged: false,
        });
        items.push(Item::Glue {
            width: 0.0,
            stretch: 1.0e5,
            shrink: 0.0,
        });
        items.push(Item::Penalty {
            width: 0.0,
            cost: f32::NEG_INFINITY,
            flagged: false,
        });
    }

    /// Words of the given widths separated by `space`, finished.
    fn paragraph(widths: &[f32], space: Item) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, &width) in widths.iter().enumerate() {
            if i > 0 {
                items.push(space);
            }
            items.push(Item::Box { width });
        }
        finish(&mut items);
        items
    }

    /// Words written with `-` at hyphenation points, each character one
    /// unit wide; hyphens are one unit, cost 50.
    fn text(words: &str) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, word) in words.split(' ').enumerate() {
            if i > 0 {
                items.push(SPACE);
            }
            for (j, part) in word.split('-').enumerate() {
                if j > 0 {
                    items.push(Item::Penalty {
                        width: 1.0,
                        cost: 50.0,
                        flagged: true,
                    });
                }
                items.push(Item::Box {
                    width: part.chars().count() as f32,
                });
            }
        }
        finish(&mut items);
        items
    }

    /// Boxes per line.
    fn boxes_per_line(items: &[Item], breaks: &[Break]) -> Vec<usize> {
        let mut start = 0;
        breaks
            .iter()
            .map(|b| {
                let end = b.index.min(items.len());
                let n = items[start..end]
                    .iter()
                    .filter(|i| matches!(i, Item::Box { .. }))
                    .count();
                start = end;
                n
            })
            .collect()
    }

    /// (natural width, stretch, shrink) of each line.
    fn line_metrics(items: &[Item], breaks: &[Break]) -> Vec<(f32, f32, f32)> {
        let mut start = 0;
        let mut out = Vec::new();
        for b in breaks {
            let end = b.index.min(items.len());
            while start < end && !matches!(items[start], Item::Box { .. }) {
                start += 1;
            }
            let (mut w, mut st, mut sh) = (0.0, 0.0, 0.0);
            for item in &items[start..end] {
                match *item {
                    Item::Box { width } => w += width,
                    Item::Glue {
                        width,
                        stretch,
                        shrink,
                    } => {
                        w += width;
                        st += stretch;
                        sh += shrink;
                    }
                    Item::Penalty { .. } => {}
                }
            }
            if let Some(Item::Penalty { width, .. }) = items.get(end) {
                w += width;
            }
            out.push((w, st, sh));
            start = end + 1;
        }
        out
    }

    fn ends_hyphenated(items: &[Item], breaks: &[Break]) -> Vec<bool> {
        breaks
            .iter()
            .map(|b| {
                matches!(
                    items.get(b.index),
                    Some(Item::Penalty { flagged: true, .. })
                )
            })
            .collect()
    }

    /// Words per line when each line takes as many words as fit.
    fn first_fit(widths: &[f32], measure: f32) -> Vec<usize> {
        let mut lines = Vec::new();
        let (mut width, mut count) = (0.0, 0);
        for &w in widths {
            if count > 0 && width + 1.0 + w <= measure {
                width += 1.0 + w;
                count += 1;
            } else {
                if count > 0 {
                    lines.push(count);
                }
                width = w;
                count = 1;
            }
        }
        lines.push(count);
        lines
    }

    #[test]
    fn total_fit_differs_from_first_fit() {
        // Measure 10, spaces 1 + 1 stretch. First fit takes "2 2 2 1"
        // (exactly 10) and leaves "5 1" (7 wide, one space: ratio 3, beyond
        // the tolerance). Total fit sets "2 2 2" (ratio 1.0) and "1 5 1"
        // (ratio 0.5).
        let widths = [2.0, 2.0, 2.0, 1.0, 5.0, 1.0, 3.0];
        assert_eq!(first_fit(&widths, 10.0), vec![4, 2, 1]);
        let items = paragraph(&widths, SPACE);
        let report = break_lines_report(&items, &|_| 10.0, &Params::default());
        assert_eq!(boxes_per_line(&items, &report.breaks), vec![3, 3, 1]);
        let ratios: Vec<f32> = report.breaks.iter().map(|b| b.ratio).collect();
        assert_eq!(ratios, vec![1.0, 0.5, 0.0]);
        assert_eq!(report.pass, Pass::Unhyphenated);
        assert!(report.overfull.is_empty());
        // The last break is the final forced penalty.
        assert_eq!(report.breaks.last().map(|b| b.index), Some(items.len() - 1));
    }

    #[test]
    fn paragraph_without_ending_is_finished_virtually() {
        let widths = [2.0, 2.0, 2.0, 1.0, 5.0, 1.0, 3.0];
        let mut items = paragraph(&widths, SPACE);
        items.truncate(items.len() - 3);
        let breaks = break_lines(&items, &|_| 10.0, &Params::default());
        assert_eq!(boxes_per_line(&items, &breaks), vec![3, 3, 1]);
        assert_eq!(breaks.last().map(|b| b.index), Some(items.len()));
        // The last line is not stretched.
        assert_eq!(breaks.last().map(|b| b.ratio), Some(0.0));
    }

    #[test]
    fn hyphenates_only_when_needed() {
        // Fits without hyphens within the pretolerance: no hyphen.
        let items = text("the quick brown fox jumps over the lazy dog");
        let report = break_lines_report(&items, &|_| 15.0, &Params::default());
        assert_eq!(report.pass, Pass::Unhyphenated);
        // "the in-com-pre-hen-" is exactly 16 with its hyphen; without
        // hyphenation "the" would stand alone on a line it cannot fill.
        let items = text("the in-com-pre-hen-si-bil-i-ties");
        let report = break_lines_report(&items, &|_| 16.0, &Params::default());
        assert_eq!(report.pass, Pass::Hyphenated);
        assert!(report.overfull.is_empty());
        assert_eq!(boxes_per_line(&items, &report.breaks), vec![5, 4]);
        assert_eq!(ends_hyphenated(&items, &report.breaks), vec![true, false]);
        assert_eq!(report.breaks[0].ratio, 0.0);
    }

    #[test]
    fn emergency_pass_stretches_rather_than_overflows() {
        // Two 17-unit words in a 20-unit measure: each line is 3 short and
        // has no glue to stretch, so only the emergency pass can set them.
        let items = paragraph(&[17.0, 17.0, 17.0], SPACE);
        let report = break_lines_report(&items, &|_| 20.0, &Params::default());
        assert_eq!(report.pass, Pass::Emergency);
        assert_eq!(boxes_per_line(&items, &report.breaks), vec![1, 1, 1]);
        assert!(report.overfull.is_empty());
    }

    #[test]
    fn emergency_pass_spreads_looseness() {
        // 12 words of 3 in a 14 measure with rigid 1-unit spaces plus 0.1
        // stretch: 3 words = 11 (3 short on 2 spaces: ratio 15) — beyond
        // any tolerance, yet no line may overflow.
        let space = Item::Glue {
            width: 1.0,
            stretch: 0.1,
            shrink: 0.0,
        };
        let items = paragraph(&[3.0; 12], space);
        let report = break_lines_report(&items, &|_| 14.0, &Params::default());
        assert_eq!(report.pass, Pass::Emergency);
        assert!(report.overfull.is_empty());
        for (w, _, _) in line_metrics(&items, &report.breaks) {
            assert!(w <= 14.0);
        }
        assert_eq!(boxes_per_line(&items, &report.breaks), vec![3, 3, 3, 3]);
    }

    #[test]
    fn reports_a_box_wider_than_the_measure() {
        let items = paragraph(&[4.0, 4.0, 30.0, 4.0, 4.0], SPACE);
        let report = break_lines_report(&items, &|_| 10.0, &Params::default());
        assert_eq!(report.pass, Pass::Emergency);
        let per_line = boxes_per_line(&items, &report.breaks);
        let wide = per_line
            .iter()
            .scan(0, |seen, &n| {
                *seen += n;
                Some(*seen)
            })
            .position(|seen| seen >= 3)
            .expect("the wide box is set");
        assert_eq!(report.overfull, vec![wide]);
        assert_eq!(per_line[wide], 1, "the wide box stands alone: {per_line:?}");
        for (line, (w, _, _)) in line_metrics(&items, &report.breaks).into_iter().enumerate() {
            assert_eq!(w > 10.0, line == wide);
        }
    }

    #[test]
    fn shrink_is_never_exceeded() {
        // Rigid spaces that may shrink by half: 5 words of 2 are 14 wide
        // and 12 fully shrunk; 4 words are 11 and cannot stretch.
        let space = Item::Glue {
            width: 1.0,
            stretch: 0.0,
            shrink: 0.5,
        };
        let items = paragraph(&[2.0; 10], space);
        let report = break_lines_report(&items, &|_| 12.0, &Params::default());
        assert_eq!(boxes_per_line(&items, &report.breaks), vec![5, 5]);
        assert_eq!(report.breaks[0].ratio, -1.0);
        // A hair narrower and five words no longer fit, even shrunk: the
        // emergency pass sets short lines instead.
        let report = break_lines_report(&items, &|_| 11.9, &Params::default());
        assert_eq!(report.pass, Pass::Emergency);
        assert!(report.overfull.is_empty());
        assert_eq!(boxes_per_line(&items, &report.breaks), vec![4, 4, 2]);
        for (b, (w, _, sh)) in report
            .breaks
            .iter()
            .zip(line_metrics(&items, &report.breaks))
        {
            assert!(b.ratio >= -1.0);
            assert!(w - sh <= 11.9 + 1e-4);
        }
    }

    #[test]
    fn forced_breaks_are_taken_and_set_ragged() {
        let mut items = Vec::new();
        for &w in &[3.0, 3.0] {
            items.push(Item::Box { width: w });
            items.push(SPACE);
        }
        items.pop();
        items.push(Item::Penalty {
            width: 0.0,
            cost: f32::NEG_INFINITY,
            flagged: false,
        });
        let forced = items.len() - 1;
        for &w in &[4.0, 4.0, 4.0, 4.0] {
            items.push(Item::Box { width: w });
            items.push(SPACE);
        }
        items.pop();
        finish(&mut items);
        let breaks = break_lines(&items, &|_| 10.0, &Params::default());
        assert_eq!(breaks[0].index, forced);
        assert_eq!(breaks[0].ratio, 0.0);
        assert_eq!(boxes_per_line(&items, &breaks), vec![2, 2, 2]);
    }

    #[test]
    fn per_line_widths() {
        // A 4-unit indent on the first line only (measure 6 then 10).
        let widths = [3.0; 8];
        let items = paragraph(&widths, SPACE);
        let measure = |n: usize| if n == 0 { 6.0 } else { 10.0 };
        let breaks = break_lines(&items, &measure, &Params::default());
        let per_line = boxes_per_line(&items, &breaks);
        assert_eq!(per_line[0], 1, "{per_line:?}");
        for (n, (w, _, sh)) in line_metrics(&items, &breaks).into_iter().enumerate() {
            assert!(w - sh <= measure(n), "line {n}: {w}");
        }
        // The same text at a uniform 10 takes fewer lines at the start.
        let uniform = break_lines(&items, &|_| 10.0, &Params::default());
        assert_eq!(boxes_per_line(&items, &uniform)[0], 2);
    }

    #[test]
    fn consecutive_hyphens_are_limited() {
        // Long hyphenatable words and a measure that makes hyphenating every
        // line attractive; double-hyphen demerits off so only the limit acts.
        let words = "ab-cd-ef-gh-ij ab-cd-ef-gh-ij ab-cd-ef-gh-ij ab-cd-ef-gh-ij \
                     ab-cd-ef-gh-ij ab-cd-ef-gh-ij ab-cd-ef-gh-ij ab-cd-ef-gh-ij";
        let items = text(words);
        let loose = Params {
            double_hyphen_demerits: 0.0,
            final_hyphen_demerits: 0.0,
            max_consecutive_hyphens: 99,
            pretolerance: -1.0,
            ..Params::default()
        };
        let run = |params: &Params| {
            let breaks = break_lines(&items, &|_| 13.0, params);
            ends_hyphenated(&items, &breaks)
                .split(|h| !h)
                .map(<[bool]>::len)
                .max()
                .unwrap_or(0)
        };
        let unlimited = run(&loose);
        assert!(
            unlimited > 2,
            "the test must tempt the breaker: {unlimited}"
        );
        for limit in [1, 2] {
            let params = Params {
                max_consecutive_hyphens: limit,
                ..loose.clone()
            };
            assert!(run(&params) <= limit);
        }
    }

    #[test]
    fn never_overfull_on_random_paragraphs() {
        let mut rng = Lcg(2024);
        let params = Params::default();
        for case in 0..400 {
            let measure = 20.0 + rng.below(60) as f32;
            let words = 1 + rng.below(120);
            let mut items = Vec::new();
            for i in 0..words {
                if i > 0 {
                    items.push(Item::Glue {
                        width: 1.0,
                        stretch: 0.5 + rng.below(3) as f32 * 0.25,
                        shrink: rng.below(3) as f32 * 0.15,
                    });
                }
                let fragments = 1 + rng.below(4);
                for f in 0..fragments {
                    if f > 0 {
                        items.push(Item::Penalty {
                            width: 0.7,
                            cost: 50.0,
                            flagged: true,
                        });
                    }
                    // Never wider than the measure, so nothing may overflow.
                    let width = 1.0 + rng.below(90) as f32 / 10.0;
                    items.push(Item::Box {
                        width: width.min(measure / fragments as f32),
                    });
                }
            }
            if rng.below(2) == 0 {
                finish(&mut items);
            }
            let report = break_lines_report(&items, &|_| measure, &params);
            assert!(report.overfull.is_empty(), "case {case}");
            let mut previous = None;
            for (b, (w, _, sh)) in report
                .breaks
                .iter()
                .zip(line_metrics(&items, &report.breaks))
            {
                assert!(
                    w - sh <= measure + 1e-3,
                    "case {case}: {w} - {sh} > {measure}"
                );
                assert!(b.ratio >= -1.0, "case {case}");
                assert!(previous.is_none_or(|p| p < b.index), "case {case}");
                previous = Some(b.index);
            }
            let last = report.breaks.last().map(|b| b.index);
            assert!(last == Some(items.len()) || last == Some(items.len() - 1));
            let hyphens = ends_hyphenated(&items, &report.breaks);
            let run = hyphens.split(|h| !h).map(<[bool]>::len).max().unwrap_or(0);
            assert!(run <= params.max_consecutive_hyphens, "case {case}");
        }
    }

    #[test]
    fn active_list_and_arena_stay_bounded() {
        // 200,000 breakpoints that all fit on one line (zero-width boxes):
        // without a bound every one of them would stay active.
        let mut items = Vec::new();
        for _ in 0..200_000 {
            items.push(Item::Box { width: 0.0 });
            items.push(Item::Penalty {
                width: 0.0,
                cost: 0.0,
                flagged: false,
            });
        }
        items.push(Item::Box { width: 30.0 });
        finish(&mut items);
        let params = Params::default();
        let width = |_: usize| 20.0;
        let mut breaker = Breaker::new(&items, &[], &width, &params);
        let breaks = breaker.run(Pass::Emergency, f64::INFINITY).expect("breaks");
        assert!(breaker.peak_active <= MAX_ACTIVE, "{}", breaker.peak_active);
        assert!(
            breaker.arena_len() < 4 * COMPACT_AT,
            "{}",
            breaker.arena_len()
        );
        assert_eq!(breaks.last().map(|b| b.index), Some(items.len() - 1));
        // Ordinary text never reaches the bound.
        let words = "the quick brown fox jumps over the lazy dog ".repeat(200);
        let items = text(&words);
        let mut breaker = Breaker::new(&items, &[], &width, &params);
        breaker.run(Pass::Emergency, f64::INFINITY).expect("breaks");
        assert!(
            breaker.peak_active < MAX_ACTIVE / 4,
            "{}",
            breaker.peak_active
        );
    }

    #[test]
    fn flexible_boxes_share_the_ratio() {
        // Two 9-unit words, a rigid 1-unit space: 19 in a 20 measure.
        // Boxes that may stretch by 0.5 each set the line at ratio 1.
        let rigid = Item::Glue {
            width: 1.0,
            stretch: 0.0,
            shrink: 0.0,
        };
        let mut items = paragraph(&[9.0, 9.0, 9.0], rigid);
        let report = break_lines_report(&items, &|_| 19.5, &Params::default());
        assert_eq!(report.pass, Pass::Emergency);
        let flex: Vec<f32> = items
            .iter()
            .map(|i| {
                if matches!(i, Item::Box { .. }) {
                    0.25
                } else {
                    0.0
                }
            })
            .collect();
        let report = break_lines_flexible(&items, &flex, &|_| 19.5, &Params::default());
        assert_eq!(report.pass, Pass::Unhyphenated);
        assert_eq!(report.breaks[0].ratio, 1.0);
        // Shrinking works the same way: 29 in a 28.5 measure.
        items.truncate(items.len() - 3);
        finish(&mut items);
        let report = break_lines_flexible(&items, &flex, &|_| 28.5, &Params::default());
        assert_eq!(boxes_per_line(&items, &report.breaks), vec![3]);
    }

    #[test]
    fn empty_paragraphs() {
        assert!(break_lines(&[], &|_| 10.0, &Params::default()).is_empty());
        let mut items = Vec::new();
        finish(&mut items);
        // Only the ending: one empty line.
        assert_eq!(break_lines(&items, &|_| 10.0, &Params::default()).len(), 1);
    }

    #[test]
    fn variants_have_a_line_more_or_fewer_within_the_limit() {
        let mut rng = Lcg(77);
        let params = Params::default();
        let (mut longer, mut shorter) = (0, 0);
        for _ in 0..200 {
            let words = 60 + rng.below(150);
            let mut items = Vec::new();
            for i in 0..words {
                if i > 0 {
                    items.push(Item::Glue {
                        width: 1.0,
                        stretch: 1.0,
                        shrink: 0.4,
                    });
                }
                items.push(Item::Box {
                    width: 2.0 + rng.below(40) as f32 / 10.0,
                });
            }
            finish(&mut items);
            let width = |_| 30.0;
            let best = break_lines_report(&items, &width, &params);
            let variants = line_count_variants(&items, &[], &width, &params, &best, 1.0);
            for v in &variants {
                let n = best.breaks.len() as i32;
                assert_eq!(v.breaks.len() as i32, n + v.delta);
                assert!(v.demerits >= 0.0);
                assert!(v.breaks.iter().all(|b| b.ratio <= 1.0 + 1e-6), "{v:?}");
                assert_eq!(
                    v.breaks.last().map(|b| b.index),
                    best.breaks.last().map(|b| b.index)
                );
                if v.delta > 0 {
                    longer += 1;
                } else {
                    shorter += 1;
                }
            }
        }
        println!("{longer} longer, {shorter} shorter");
        assert!(
            longer > 20 && shorter > 5,
            "{longer} longer, {shorter} shorter"
        );
    }
}
