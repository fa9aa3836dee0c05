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

use super::breaking::{EPSILON, INFINITE_PENALTY};

/// Glue stretch at or above which glue counts as infinitely stretchable.
pub const FILL: f32 = 1.0e6;

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

/// Running totals of the items before an index.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    width: f64,
    stretch: f64,
    shrink: f64,
    /// Glues with infinite stretch.
    fill: u32,
}

/// A break on some path through the paragraph: a node of Knuth–Plass's
/// graph. Nodes live in an arena and point back to their predecessor.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// Index of the item broken at (`items.len()` for a virtual end, and
    /// `usize::MAX` for the paragraph's start).
    index: usize,
    /// First item of the line that follows (after discarded items).
    start: usize,
    /// Totals up to `start`.
    after: Sums,
    /// Number of the line that follows this break.
    line: usize,
    /// That line's measure.
    measure: f64,
    /// Whether `start` is a box (the next line is not empty).
    start_is_box: bool,
    fitness: u8,
    /// Consecutive lines ending in a flagged penalty, this one included.
    hyphens: u32,
    flagged: bool,
    forced: bool,
    total: f64,
    ratio: f32,
    prev: u32,
}

const NO_NODE: u32 = u32::MAX;

/// A possible new node at the current breakpoint.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    line: usize,
    fitness: u8,
    hyphens: u32,
    total: f64,
    ratio: f32,
    prev: u32,
}

/// A legal breakpoint's properties.
#[derive(Debug, Clone, Copy)]
struct BreakPoint {
    index: usize,
    width: f64,
    cost: f64,
    flagged: bool,
    forced: bool,
}

/// The state shared by the passes over one paragraph.
struct Breaker<'a> {
    items: &'a [Item],
    line_width: &'a dyn Fn(usize) -> f32,
    params: &'a Params,
    /// `sums[i]`: totals of `items[..i]`.
    sums: Vec<Sums>,
    has_flagged: bool,
    /// Lines numbered above this all have the same measure, so nodes that
    /// differ only in such line numbers are interchangeable (TeX's
    /// `last_special_line`); without it the emergency pass would keep one
    /// node per possible line count.
    last_special_line: usize,
    /// Whether the paragraph lacks a final forced break (one is assumed at
    /// `items.len()`).
    virtual_end: bool,
    arena: Vec<Node>,
    active: Vec<u32>,
    candidates: Vec<Candidate>,
    /// Arena size at which [`Breaker::bound`] compacts it next.
    compact_at: usize,
    /// The most active nodes seen in this pass (for the tests).
    peak_active: usize,
}

impl<'a> Breaker<'a> {
    fn new(
        items: &'a [Item],
        box_flex: &[f32],
        line_width: &'a dyn Fn(usize) -> f32,
        params: &'a Params,
    ) -> Self {
        let mut sums = Vec::with_capacity(items.len() + 1);
        let mut total = Sums::default();
        sums.push(total);
        let mut has_flagged = false;
        for (i, item) in items.iter().enumerate() {
            match *item {
                Item::Box { width } => {
                    total.width += f64::from(width);
                    let flex = f64::from(box_flex.get(i).copied().unwrap_or(0.0));
                    total.stretch += flex;
                    total.shrink += flex;
                }
                Item::Glue {
                    width,
                    stretch,
                    shrink,
                } => {
                    total.width += f64::from(width);
                    if stretch >= FILL {
                        total.fill += 1;
                    } else {
                        total.stretch += f64::from(stretch);
                    }
                    total.shrink += f64::from(shrink);
                }
                Item::Penalty { flagged, cost, .. } => {
                    has_flagged |= flagged && cost < INFINITE_PENALTY;
                }
            }
            sums.push(total);
        }
        let last_special_line = last_special_line(line_width, total.width);
        let virtual_end =
            !matches!(items.last(), Some(Item::Penalty { cost, .. }) if *cost <= -INFINITE_PENALTY);
        Breaker {
            items,
            line_width,
            params,
            sums,
            has_flagged,
            last_special_line,
            virtual_end,
            arena: Vec::new(),
            active: Vec::new(),
            candidates: Vec::new(),
            compact_at: COMPACT_AT,
            peak_active: 0,
        }
    }

    /// The breakpoint at `index`, if it is one in this pass.
    fn breakpoint(&self, index: usize, hyphenate: bool) -> Option<BreakPoint> {
        match self.items.get(index) {
            None => self.virtual_end.then_some(BreakPoint {
                index,
                width: 0.0,
                cost: f64::NEG_INFINITY,
                flagged: false,
                forced: true,
            }),
            Some(Item::Box { .. }) => None,
            Some(Item::Glue { .. }) => (index > 0
                && matches!(self.items[index - 1], Item::Box { .. }))
            .then_some(BreakPoint {
                index,
                width: 0.0,
                cost: 0.0,
                flagged: false,
                forced: false,
            }),
            Some(&Item::Penalty {
                width,
                cost,
                flagged,
            }) => {
                if cost >= INFINITE_PENALTY || cost.is_nan() || (flagged && !hyphenate) {
                    return None;
                }
                let forced = cost <= -INFINITE_PENALTY;
                Some(BreakPoint {
                    index,
                    width: f64::from(width),
                    cost: if forced {
                        f64::NEG_INFINITY
                    } else {
                        f64::from(cost)
                    },
                    flagged,
                    forced,
                })
            }
        }
    }

    /// First item of the line after a break at `index`: glue and unforced
    /// penalties are discarded up to the next box or forced break.
    fn line_start(&self, index: usize) -> usize {
        let mut j = index + 1;
        while let Some(item) = self.items.get(j) {
            match *item {
                Item::Box { .. } => break,
                Item::Penalty { cost, .. } if cost <= -INFINITE_PENALTY => break,
                _ => j += 1,
            }
        }
        j.min(self.items.len())
    }

    /// One pass; `None` if it finds no feasible breaks.
    fn run(&mut self, pass: Pass, tolerance: f64) -> Option<Vec<Break>> {
        let hyphenate = pass != Pass::Unhyphenated;
        let emergency = pass == Pass::Emergency;
        self.arena.clear();
        self.active.clear();
        self.compact_at = COMPACT_AT;
        self.peak_active = 0;
        self.arena.push(Node {
            index: usize::MAX,
            start: 0,
            after: self.sums[0],
            line: 0,
            measure: f64::from((self.line_width)(0)),
            start_is_box: matches!(self.items.first(), Some(Item::Box { .. })),
            fitness: 2,
            hyphens: 0,
            flagged: false,
            forced: true,
            total: 0.0,
            ratio: 0.0,
            prev: NO_NODE,
        });
        self.active.push(0);
        let last = self.items.len();
        for index in 0..=last {
            let Some(point) = self.breakpoint(index, hyphenate) else {
                continue;
            };
            let is_end = index == last || (index + 1 == last && !self.virtual_end);
            if !self.try_break(&point, is_end, tolerance, emergency) {
                return None;
            }
            if is_end {
                break;
            }
        }
        // The end is a forced break: only nodes made there are still active.
        let best = self.active.iter().copied().min_by(|&a, &b| {
            self.arena[a as usize]
                .total
                .total_cmp(&self.arena[b as usize].total)
        })?;
        let mut breaks = Vec::new();
        let mut node = best;
        while node != NO_NODE && self.arena[node as usize].index != usize::MAX {
            let n = &self.arena[node as usize];
            breaks.push(Break {
                index: n.index,
                ratio: n.ratio,
            });
            node = n.prev;
        }
        breaks.reverse();
        Some(breaks)
    }

    /// Considers every active node as the start of a line ending at
    /// `point`, records the best new nodes and deactivates nodes that can
    /// no longer start a line reaching this far. Returns false when the
    /// pass has no way to continue.
    fn try_break(
        &mut self,
        point: &BreakPoint,
        is_end: bool,
        tolerance: f64,
        emergency: bool,
    ) -> bool {
        let params = self.params;
        let before = self.sums[point.index.min(self.items.len())];
        self.candidates.clear();
        // The node removed here whose line would be shortest: the emergency
        // pass breaks after it, overfull, if nothing else remains.
        let mut rescue: Option<u32> = None;
        let mut keep = 0;
        for k in 0..self.active.len() {
            let id = self.active[k];
            let a = self.arena[id as usize];
            let natural = before.width - a.after.width + point.width;
            let stretch = before.stretch - a.after.stretch;
            let shrink = before.shrink - a.after.shrink;
            let fill = before.fill - a.after.fill;
            let measure = a.measure;
            let overfull = natural - shrink > measure + EPSILON;
            let deactivate = overfull || point.forced;
            if overfull {
                let better = rescue.is_none_or(|r| {
                    let r = &self.arena[r as usize];
                    a.start > r.start || (a.start == r.start && a.total < r.total)
                });
                if better {
                    rescue = Some(id);
                }
            } else if !emergency
                && fill == 0
                && !point.forced
                && measure - natural > tolerance * stretch + EPSILON
            {
                // Too loose for this pass (the common case, checked
                // without dividing): the node stays active.
            } else if self.allows_line(&a, point) {
                let (ratio, badness) =
                    adjustment(natural, measure, stretch, shrink, fill, point.forced);
                if ratio <= tolerance || emergency {
                    let limit = params.max_consecutive_hyphens as u32;
                    // Counts past the limit are all alike (only the
                    // emergency pass reaches them).
                    let hyphens = if point.flagged {
                        (a.hyphens + 1).min(limit + 1)
                    } else {
                        0
                    };
                    if hyphens <= limit || emergency {
                        let mut demerits = demerits(params, badness, point);
                        if point.flagged && a.flagged {
                            demerits += f64::from(params.double_hyphen_demerits);
                        }
                        if is_end && a.flagged {
                            demerits += f64::from(params.final_hyphen_demerits);
                        }
                        if hyphens > limit {
                            demerits += HYPHEN_LIMIT_DEMERITS;
                        }
                        let fitness = fitness_class(ratio, badness);
                        if fitness.abs_diff(a.fitness) > 1 {
                            demerits += f64::from(params.fitness_demerits);
                        }
                        self.offer(Candidate {
                            line: (a.line + 1).min(self.last_special_line + 1),
                            fitness,
                            hyphens,
                            total: a.total + demerits,
                            ratio: ratio as f32,
                            prev: id,
                        });
                    }
                }
            } else if point.forced && rescue.is_none() {
                rescue = Some(id);
            }
            if !deactivate {
                self.active[keep] = id;
                keep += 1;
            }
        }
        self.active.truncate(keep);
        if self.candidates.is_empty() && self.active.is_empty() {
            if !emergency {
                return false;
            }
            let Some(r) = rescue else {
                return false;
            };
            let a = self.arena[r as usize];
            self.candidates.push(Candidate {
                line: (a.line + 1).min(self.last_special_line + 1),
                fitness: 3,
                hyphens: if point.flagged { a.hyphens + 1 } else { 0 },
                total: a.total + OVERFULL_DEMERITS,
                ratio: -1.0,
                prev: r,
            });
        }
        self.insert_candidates(point);
        self.bound();
        true
    }

    /// Whether a line from `a` may end at `point`: no empty lines, except
    /// between forced breaks.
    fn allows_line(&self, a: &Node, point: &BreakPoint) -> bool {
        let has_box = a.start < point.index && a.start_is_box;
        has_box || (point.forced && a.forced)
    }

    /// Keeps the best candidate per (line, fitness, hyphen count).
    fn offer(&mut self, candidate: Candidate) {
        let same = self.candidates.iter_mut().find(|c| {
            c.line == candidate.line
                && c.fitness == candidate.fitness
                && c.hyphens == candidate.hyphens
        });
        match same {
            Some(c) if c.total > candidate.total => *c = candidate,
            Some(_) => {}
            None => self.candidates.push(candidate),
        }
    }

    /// Turns the surviving candidates into active nodes. A candidate is
    /// dropped when another one for the same line number, with no more
    /// consecutive hyphens, is cheaper by more than `fitness_demerits`: it
    /// can never win (TeX's rule, extended to the hyphen count), or is
    /// cheaper at all in the same fitness class.
    fn insert_candidates(&mut self, point: &BreakPoint) {
        let slack = f64::from(self.params.fitness_demerits);
        let start = self.line_start(point.index);
        let after = self.sums[start];
        let start_is_box = matches!(self.items.get(start), Some(Item::Box { .. }));
        for i in 0..self.candidates.len() {
            let c = self.candidates[i];
            let dominated = self.candidates.iter().enumerate().any(|(j, o)| {
                j != i
                    && o.line == c.line
                    && o.hyphens <= c.hyphens
                    && (o.total + slack < c.total
                        || (o.fitness == c.fitness && o.hyphens < c.hyphens && o.total <= c.total))
            });
            if dominated {
                continue;
            }
            let id = self.arena.len() as u32;
            self.arena.push(Node {
                index: point.index,
                start,
                after,
                line: c.line,
                measure: f64::from((self.line_width)(c.line)),
                start_is_box,
                fitness: c.fitness,
                hyphens: c.hyphens,
                flagged: point.flagged,
                forced: point.forced,
                total: c.total,
                ratio: c.ratio,
                prev: c.prev,
            });
            self.active.push(id);
        }
    }

    /// Keeps the pass linear in the paragraph's length and its memory in
    /// the paragraph's line count: at most [`MAX_ACTIVE`] active nodes (the
    /// cheapest; ties go to the later break, so the choice is
    /// deterministic), and an arena compacted to the nodes that active ones
    /// still lead back to whenever it has doubled since the last time.
    fn bound(&mut self) {
        if self.active.len() > MAX_ACTIVE {
            let arena = &self.arena;
            self.active.select_nth_unstable_by(MAX_ACTIVE, |a, b| {
                let (na, nb) = (&arena[*a as usize], &arena[*b as usize]);
                na.total.total_cmp(&nb.total).then(b.cmp(a))
            });
            self.active.truncate(MAX_ACTIVE);
            self.active.sort_unstable();
        }
        self.peak_active = self.peak_active.max(self.active.len());
        if self.arena.len() < self.compact_at {
            return;
        }
        let mut keep = vec![false; self.arena.len()];
        for &id in &self.active {
            let mut node = id;
            while node != NO_NODE && !keep[node as usize] {
                keep[node as usize] = true;
                node = self.arena[node as usize].prev;
            }
        }
        // Ids in creation order, so every node still comes after the one
        // it points back to.
        let mut new_id = vec![NO_NODE; self.arena.len()];
        let mut next = 0u32;
        for (old, kept) in keep.iter().enumerate() {
            if *kept {
                new_id[old] = next;
                next += 1;
            }
        }
        let mut write = 0;
        for (old, kept) in keep.iter().enumerate() {
            if *kept {
                let mut node = self.arena[old];
                if node.prev != NO_NODE {
                    node.prev = new_id[node.prev as usize];
                }
                self.arena[write] = node;
                write += 1;
            }
        }
        self.arena.truncate(write);
        for id in &mut self.active {
            *id = new_id[*id as usize];
        }
        self.compact_at = (2 * self.arena.len()).max(COMPACT_AT);
    }

    /// Lines whose width fully shrunk still exceeds the measure.
    fn overfull_lines(&self, breaks: &[Break]) -> Vec<usize> {
        let mut start = 0;
        let mut from = self.sums[0];
        let mut overfull = Vec::new();
        for (line, b) in breaks.iter().enumerate() {
            let index = b.index.min(self.items.len());
            let mut natural = self.sums[index].width - from.width;
            if let Some(Item::Penalty { width, .. }) = self.items.get(index) {
                natural += f64::from(*width);
            }
            let shrink = self.sums[index].shrink - from.shrink;
            let measure = f64::from((self.line_width)(line));
            if start < index && natural - shrink > measure + EPSILON {
                overfull.push(line);
            }
            start = self.line_start(index);
            from = self.sums[start];
        }
        overfull
    }

    /// One line per forced break: only for inputs the passes cannot handle.
    fn fallback(&self) -> Vec<Break> {
        let mut breaks: Vec<Break> = self
            .items
            .iter()
            .enumerate()
            .filter(|(_, item)| matches!(item, Item::Penalty { cost, .. } if *cost <= -INFINITE_PENALTY))
            .map(|(index, _)| Break { index, ratio: 0.0 })
            .collect();
        if self.virtual_end {
            breaks.push(Break {
                index: self.items.len(),
                ratio: 0.0,
            });
        }
        breaks
    }
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

    /// A fixed-seed linear congruential generator (Knuth's MMIX constants).
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u32 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) as u32
        }
        fn below(&mut self, n: u32) -> u32 {
            self.next() % n
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
            breaker.arena.len() < 4 * COMPACT_AT,
            "{}",
            breaker.arena.len()
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
}
