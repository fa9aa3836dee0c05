//! The search of Knuth–Plass's graph of breaks: the active list, the
//! candidates at each legal breakpoint, the bound that keeps the list short,
//! and the walk back from the best final node. The cost model (badness,
//! demerits, fitness) is in the parent module.

use super::{
    Break, COMPACT_AT, EPSILON, FILL, HYPHEN_LIMIT_DEMERITS, INFINITE_PENALTY, Item, MAX_ACTIVE,
    OVERFULL_DEMERITS, Params, Pass, adjustment, demerits, fitness_class, last_special_line,
};

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
pub(super) struct BreakPoint {
    pub(super) index: usize,
    pub(super) width: f64,
    pub(super) cost: f64,
    pub(super) flagged: bool,
    pub(super) forced: bool,
}

/// The state shared by the passes over one paragraph.
pub(super) struct Breaker<'a> {
    items: &'a [Item],
    line_width: &'a dyn Fn(usize) -> f32,
    params: &'a Params,
    /// `sums[i]`: totals of `items[..i]`.
    sums: Vec<Sums>,
    pub(super) has_flagged: bool,
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
    pub(super) peak_active: usize,
}

impl<'a> Breaker<'a> {
    /// How many nodes the arena holds (for the tests of its compaction).
    #[cfg(test)]
    pub(super) fn arena_len(&self) -> usize {
        self.arena.len()
    }

    pub(super) fn new(
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
    pub(super) fn run(&mut self, pass: Pass, tolerance: f64) -> Option<Vec<Break>> {
        if !self.forward(pass, tolerance) {
            return None;
        }
        // The end is a forced break: only nodes made there are still active.
        let best = self.active.iter().copied().min_by(|&a, &b| {
            self.arena[a as usize]
                .total
                .total_cmp(&self.arena[b as usize].total)
        })?;
        Some(self.breaks_to(best))
    }

    /// One pass counting lines exactly (TeX's `\looseness`: no line
    /// number is merged with the next), giving for each line count `lines`
    /// asks for the best breaks and their demerits (`None` where the pass
    /// finds no such set).
    pub(super) fn run_counts(
        &mut self,
        pass: Pass,
        tolerance: f64,
        lines: &[usize],
    ) -> Vec<Option<(Vec<Break>, f64)>> {
        let special = self.last_special_line;
        self.last_special_line = usize::MAX / 2;
        let done = self.forward(pass, tolerance);
        self.last_special_line = special;
        lines
            .iter()
            .map(|&count| {
                let best = self
                    .active
                    .iter()
                    .copied()
                    .filter(|&a| done && self.arena[a as usize].line == count)
                    .min_by(|&a, &b| {
                        self.arena[a as usize]
                            .total
                            .total_cmp(&self.arena[b as usize].total)
                    })?;
                Some((self.breaks_to(best), self.arena[best as usize].total))
            })
            .collect()
    }

    /// The forward search of one pass; false if it finds no feasible
    /// breaks. The active nodes left are those made at the paragraph's end.
    fn forward(&mut self, pass: Pass, tolerance: f64) -> bool {
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
                return false;
            }
            if is_end {
                break;
            }
        }
        true
    }

    /// The breaks on the path ending at node `best`, in order.
    fn breaks_to(&self, best: u32) -> Vec<Break> {
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
        breaks
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
    pub(super) fn overfull_lines(&self, breaks: &[Break]) -> Vec<usize> {
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
    pub(super) fn fallback(&self) -> Vec<Break> {
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
