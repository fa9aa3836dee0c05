//! The page breaker's notes: which note lines a page can hold (continued
//! lines first, then the notes called on the page, split when they must),
//! and the notes-only pages a chapter's last notes may need.

use std::ops::Range;

use super::{CARRY_SHARE, Carry, Chapter, EPSILON, MIN_NOTE_LINES, NoteSlice};

/// How the notes of one page come out.
#[derive(Debug, Default)]
pub(super) struct NoteLayout {
    pub(super) height: f64,
    pub(super) carry: Carry,
    pub(super) splits: usize,
    pub(super) deferred: bool,
}

impl Chapter<'_> {
    /// Notes first referenced in the body, as a range of `order`.
    pub(super) fn own_notes(&self, (first, last_end): (usize, usize)) -> Range<usize> {
        self.introduced[first]..self.introduced[last_end]
    }

    /// Least note height a page must hold for its own notes.
    pub(super) fn least_notes(&self, own: &Range<usize>) -> f64 {
        let count = self.nonempty[own.end] - self.nonempty[own.start];
        if count == 0 {
            return 0.0;
        }
        self.separator
            + (self.least[own.end] - self.least[own.start])
            + (count - 1) as f64 * self.gap
    }

    /// Lines of note `note` from line `from` that fit in `room`.
    pub(super) fn lines_fitting(&self, note: usize, from: usize, room: f64) -> usize {
        let sums = &self.note_lines[note][from..];
        let limit = sums[0] + room + EPSILON;
        sums.partition_point(|&s| s <= limit).saturating_sub(1)
    }

    /// Places the page's notes: continued lines first (at most `cap` high),
    /// then each note referenced on the page with at least its first lines,
    /// the last ones split if need be. `None` if the page cannot hold its
    /// notes' first lines (unless `force`, which sets them anyway).
    pub(super) fn layout_notes(
        &self,
        carry: &[(usize, usize)],
        own: Range<usize>,
        avail: f64,
        cap: f64,
        force: bool,
        mut slices: Option<&mut Vec<NoteSlice>>,
    ) -> Option<NoteLayout> {
        let mut out = NoteLayout::default();
        let own_count = self.nonempty[own.end] - self.nonempty[own.start];
        if slices.is_none() {
            // Everything fits: the common case, in O(carried notes).
            let carried = self.carried_height(carry);
            let count = carry.len() + own_count;
            let total = if count == 0 {
                0.0
            } else {
                self.separator
                    + carried
                    + (self.full[own.end] - self.full[own.start])
                    + (count - 1) as f64 * self.gap
            };
            if carried <= cap + EPSILON && total <= avail + EPSILON {
                out.height = total;
                return Some(out);
            }
        }
        let mut count = 0usize;
        let overhead = |count: usize| if count == 0 { self.separator } else { self.gap };
        let mut own_least = self.least[own.end] - self.least[own.start];
        let mut own_left = own_count;
        let mut cap_left = cap;
        let mut stopped = false;
        // A pending note that gets no line on this page skips it.
        let mut skipped = false;
        for &(k, from) in carry {
            let note = self.order[k];
            let len = self.notes[note].lines.len();
            if stopped || from >= len {
                if from < len {
                    out.carry.push((k, from));
                    skipped = true;
                }
                continue;
            }
            let reserve = own_least + own_left as f64 * self.gap;
            let room = (avail - out.height - overhead(count) - reserve).min(cap_left);
            let fit = if room > 0.0 {
                self.lines_fitting(note, from, room).min(len - from)
            } else {
                0
            };
            if fit == 0 {
                stopped = true;
                skipped = true;
                out.carry.push((k, from));
                continue;
            }
            let sums = &self.note_lines[note];
            let h = sums[from + fit] - sums[from];
            out.height += overhead(count) + h;
            cap_left -= h;
            count += 1;
            if let Some(slices) = slices.as_deref_mut() {
                slices.push(NoteSlice {
                    note,
                    lines: from..from + fit,
                });
            }
            if from + fit < len {
                out.carry.push((k, from + fit));
                stopped = true;
            }
        }
        out.deferred = skipped;
        for k in own {
            let note = self.order[k];
            let sums = &self.note_lines[note];
            let len = sums.len() - 1;
            if len == 0 {
                continue;
            }
            own_least -= sums[len.min(MIN_NOTE_LINES)];
            own_left -= 1;
            let reserve = own_least + own_left as f64 * self.gap;
            let room = avail - out.height - overhead(count) - reserve;
            let need = len.min(MIN_NOTE_LINES);
            let mut fit = if room > 0.0 {
                self.lines_fitting(note, 0, room).min(len)
            } else {
                0
            };
            if fit < need {
                if !force {
                    return None;
                }
                fit = need;
            }
            out.height += overhead(count) + sums[fit];
            count += 1;
            if let Some(slices) = slices.as_deref_mut() {
                slices.push(NoteSlice {
                    note,
                    lines: 0..fit,
                });
            }
            if fit < len {
                out.carry.push((k, fit));
                out.splits += 1;
            }
        }
        Some(out)
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

    /// The notes-only pages needed after the last body line for `carry`.
    pub(super) fn tail_pages(
        &self,
        carry: &[(usize, usize)],
        mut slices: Option<&mut Vec<Vec<NoteSlice>>>,
    ) -> usize {
        let mut carry = carry.to_vec();
        let mut pages = 0;
        while !carry.is_empty() {
            let mut page = Vec::new();
            let layout = self.layout_notes(
                &carry,
                0..0,
                self.height,
                f64::INFINITY,
                true,
                Some(&mut page),
            );
            let Some(layout) = layout else { break };
            if page.is_empty() {
                // A note line taller than a page: set it alone, overfull.
                let (k, from) = carry[0];
                let note = self.order[k];
                page.push(NoteSlice {
                    note,
                    lines: from..from + 1,
                });
                carry[0].1 += 1;
                if carry[0].1 >= self.notes[note].lines.len() {
                    carry.remove(0);
                }
            } else {
                carry = layout.carry;
            }
            pages += 1;
            if let Some(slices) = slices.as_deref_mut() {
                slices.push(page);
            }
        }
        pages
    }

    /// Height of the note lines still to be set.
    pub(super) fn carried_height(&self, carry: &[(usize, usize)]) -> f64 {
        carry
            .iter()
            .map(|&(k, from)| {
                let sums = &self.note_lines[self.order[k]];
                sums[sums.len() - 1] - sums[from.min(sums.len() - 1)]
            })
            .sum()
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
