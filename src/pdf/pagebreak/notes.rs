//! The page breaker's notes: how a page's note area fills in the order of
//! the notes (the pending continuation first, then whole notes, the last
//! perhaps split with lines kept together on both sides), what that costs,
//! and the notes-only pages a chapter's last notes may need.

use std::ops::Range;

use super::{
    CARRIED_LINE_COST, CARRY_SHARE, Chapter, DEFERRED_COST, EPSILON, NOTE_KEEP_LINES, NoteSlice,
    Queue, RESPLIT_COST, SPLIT_COST, TAIL_PAGE_COST, WAITING_COST,
};

/// How the notes of one page come out.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct NoteLayout {
    /// Height of the note area, separator and gaps included.
    pub(super) height: f64,
    /// Where the notes stand after this page.
    pub(super) queue: Queue,
    /// The last note is split.
    pub(super) split: bool,
    /// …and it had begun on an earlier page.
    pub(super) resplit: bool,
    /// The pending continuation got no line on this page.
    pub(super) deferred: bool,
    /// Notes called on the page whose text has not begun.
    pub(super) waiting: usize,
    /// Note lines called so far and not yet set.
    pub(super) carried_lines: usize,
}

impl NoteLayout {
    /// What these notes add to the page's cost.
    pub(super) fn cost(&self) -> f64 {
        let mut cost = CARRIED_LINE_COST * self.carried_lines as f64;
        cost += WAITING_COST * self.waiting as f64;
        if self.split {
            cost += SPLIT_COST;
        }
        if self.resplit {
            cost += RESPLIT_COST;
        }
        if self.deferred {
            cost += DEFERRED_COST;
        }
        cost
    }
}

impl Chapter<'_> {
    /// Lines of note `note` from line `from` that fit in `room`.
    pub(super) fn lines_fitting(&self, note: usize, from: usize, room: f64) -> usize {
        let sums = &self.note_lines[note][from..];
        let limit = sums[0] + room + EPSILON;
        sums.partition_point(|&s| s <= limit).saturating_sub(1)
    }

    /// The ways a page whose body calls notes `called` (first calls, in
    /// first-call order) can set them and those before, from where `queue`
    /// says they stand,
    /// in `avail` height (continued lines at most `cap`): as many as fit,
    /// the last split if it can be; and, when that splits a note, the same
    /// with that note held back whole for the next page.
    pub(super) fn layouts(
        &self,
        queue: Queue,
        called: Range<usize>,
        avail: f64,
        cap: f64,
    ) -> (NoteLayout, Option<NoteLayout>) {
        let end = called.end;
        if queue.next >= end {
            return (
                NoteLayout {
                    queue,
                    ..NoteLayout::default()
                },
                None,
            );
        }
        // Everything fits: the common case, in O(1).
        let pending = &self.note_lines[self.order[queue.next]];
        let done = pending[queue.from.min(pending.len() - 1)];
        let count = self.nonempty[end] - self.nonempty[queue.next];
        let rest = pending[pending.len() - 1] - done;
        let total = self.separator + (self.full[end] - self.full[queue.next]) - done
            + count.saturating_sub(1) as f64 * self.gap;
        if total <= avail + EPSILON && (queue.from == 0 || rest <= cap + EPSILON) {
            let layout = NoteLayout {
                height: if count == 0 { 0.0 } else { total },
                queue: Queue { next: end, from: 0 },
                ..NoteLayout::default()
            };
            return (layout, None);
        }
        let first = self.walk(queue, called.clone(), avail, cap, true, None);
        let second = first
            .split
            .then(|| self.walk(queue, called, avail, cap, false, None));
        (first, second)
    }

    /// Sets the notes in order as [`Self::layouts`] says, splitting the
    /// first that does not fit whole if `split` (and it can be split),
    /// holding it back otherwise; the slices set go to `slices`.
    pub(super) fn walk(
        &self,
        queue: Queue,
        called: Range<usize>,
        avail: f64,
        cap: f64,
        split: bool,
        mut slices: Option<&mut Vec<NoteSlice>>,
    ) -> NoteLayout {
        let end = called.end;
        let mut out = NoteLayout::default();
        let mut count = 0usize;
        let (mut next, mut from) = (queue.next, queue.from);
        while next < end {
            let note = self.order[next];
            let sums = &self.note_lines[note];
            let len = sums.len() - 1;
            if from >= len {
                next += 1;
                from = 0;
                continue;
            }
            let overhead = if count == 0 { self.separator } else { self.gap };
            let mut room = avail - out.height - overhead;
            if from > 0 {
                room = room.min(cap);
            }
            let rest = sums[len] - sums[from];
            let fit = if rest <= room + EPSILON {
                len - from
            } else {
                let most = (len - from).saturating_sub(NOTE_KEEP_LINES);
                let mut fit = self.lines_fitting(note, from, room.max(0.0)).min(most);
                let body = &self.notes[note];
                while fit >= NOTE_KEEP_LINES && !body.may_break_before(from + fit) {
                    fit -= 1;
                }
                if !split || fit < NOTE_KEEP_LINES {
                    break;
                }
                fit
            };
            out.height += overhead + sums[from + fit] - sums[from];
            count += 1;
            if let Some(slices) = slices.as_deref_mut() {
                slices.push(NoteSlice {
                    note,
                    lines: from..from + fit,
                });
            }
            if from + fit < len {
                out.split = true;
                out.resplit = from > 0;
                from += fit;
                break;
            }
            next += 1;
            from = 0;
        }
        out.queue = Queue { next, from };
        out.deferred = queue.from > 0 && out.queue == queue;
        if next < end {
            // Notes called here that have not begun: charged once, on the
            // page of their call.
            let unbegun = if from == 0 { next } else { next + 1 };
            let first = unbegun.max(called.start).min(end);
            out.waiting = self.nonempty[end] - self.nonempty[first];
            out.carried_lines = self.line_count[end] - self.line_count[next] - from;
        }
        out
    }

    /// Height that continued notes may take on a page whose next page
    /// starts at item `next`: limited while body lines remain.
    pub(super) fn carry_cap(&self, next: usize) -> f64 {
        if self.next_line[next.min(self.items.len())] < self.items.len() {
            self.height * f64::from(CARRY_SHARE)
        } else {
            f64::INFINITY
        }
    }

    /// The notes-only pages needed after the last body line for the notes
    /// standing at `queue`, and what they cost.
    pub(super) fn tail_pages(
        &self,
        mut queue: Queue,
        mut slices: Option<&mut Vec<Vec<NoteSlice>>>,
    ) -> f64 {
        let end = self.order.len();
        let mut cost = 0.0;
        while queue.next < end {
            let mut page = Vec::new();
            let layout = self.walk(
                queue,
                end..end,
                self.height,
                f64::INFINITY,
                true,
                Some(&mut page),
            );
            if layout.queue == queue {
                // A note whose lines cannot split as the rules ask on an
                // empty page (lines taller than a page): set what fits, at
                // least a line, overfull if need be.
                let note = self.order[queue.next];
                let len = self.notes[note].lines.len();
                let fit = self
                    .lines_fitting(note, queue.from, self.height - self.separator)
                    .clamp(1, len - queue.from);
                page = vec![NoteSlice {
                    note,
                    lines: queue.from..queue.from + fit,
                }];
                queue.from += fit;
                if queue.from >= len {
                    queue = Queue {
                        next: queue.next + 1,
                        from: 0,
                    };
                }
            } else {
                queue = layout.queue;
            }
            cost += TAIL_PAGE_COST + layout.cost();
            if let Some(slices) = slices.as_deref_mut() {
                slices.push(page);
            }
        }
        cost
    }

    /// Height of the note lines called before `end` not yet set.
    pub(super) fn carried_height(&self, queue: Queue, end: usize) -> f64 {
        if queue.next >= end {
            return 0.0;
        }
        let sums = &self.note_lines[self.order[queue.next]];
        self.full[end] - self.full[queue.next] - sums[queue.from.min(sums.len() - 1)]
    }

    pub(super) fn slices_height(&self, slices: &[NoteSlice]) -> f64 {
        slices
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let sums = &self.note_lines[s.note];
                (if i == 0 { self.separator } else { self.gap }) + sums[s.lines.end]
                    - sums[s.lines.start]
            })
            .sum()
    }
}
