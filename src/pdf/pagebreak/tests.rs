use super::*;
use crate::pdf::test_rng::Lcg;

const SPEC: PageSpec = PageSpec {
    height: 100.0,
    note_separator: 5.0,
    note_gap: 1.0,
    leading: 0.0,
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
    NoteBody::new(vec![height; lines])
}

/// Checks every promise of the page breaker; returns, per note, the
/// page of its first line.
fn check(
    items: &[VItem],
    notes: &[NoteBody],
    spec: &PageSpec,
    pages: &[Page],
) -> Vec<Option<usize>> {
    check_pages(items, notes, spec, pages, true)
}

/// [`check`], notes allowed to start after their reference's page unless
/// `strict`.
fn check_pages(
    items: &[VItem],
    notes: &[NoteBody],
    spec: &PageSpec,
    pages: &[Page],
    strict: bool,
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
            if slice.is_continuation() && !page.emergency {
                assert!(
                    notes[slice.note].may_break_before(slice.lines.start),
                    "page {p}: note {} split where it may not be, before line {}",
                    slice.note,
                    slice.lines.start
                );
            }
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
    // page of its first reference (when `strict`), a split note last on its
    // page and first on the next, each of its pieces two lines at least.
    let mut set: Vec<Vec<(usize, Range<usize>)>> = vec![Vec::new(); notes.len()];
    let mut sequence: Vec<usize> = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        for (i, slice) in page.notes.iter().enumerate() {
            set[slice.note].push((p, slice.lines.clone()));
            if sequence.last() != Some(&slice.note) {
                sequence.push(slice.note);
            }
            let len = notes[slice.note].lines.len();
            if slice.lines.end < len {
                assert_eq!(i + 1, page.notes.len(), "page {p}: split note not last");
            }
            if slice.lines.start > 0 {
                assert_eq!(i, 0, "page {p}: continuation not first");
            }
            if slice.lines.len() < len && !page.emergency {
                assert!(
                    slice.lines.len() >= NOTE_KEEP_LINES,
                    "page {p}: note {} split with a line alone",
                    slice.note
                );
            }
        }
    }
    // Notes come in the order of their first references, each whole
    // before the next begins.
    let mut seen = vec![false; notes.len()];
    let mut order = Vec::new();
    for item in items {
        if let VItem::Line { notes: refs, .. } = item {
            for &r in refs {
                if r < notes.len() && !seen[r] && !notes[r].lines.is_empty() {
                    order.push(r);
                }
                if r < notes.len() {
                    seen[r] = true;
                }
            }
        }
    }
    assert_eq!(sequence, order, "notes out of order");
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
        assert!(slices[0].0 >= ref_page, "note {k} before its reference");
        if strict {
            assert_eq!(
                slices[0].0, ref_page,
                "note {k} starts on its reference's page"
            );
        }
        let mut line = 0;
        let mut page = slices[0].0;
        for (p, range) in slices {
            assert_eq!(range.start, line, "note {k} in order");
            if line > 0 {
                assert_eq!(
                    *p,
                    page + 1,
                    "note {k} continues on the next page: {}",
                    summary(items, pages)
                );
            }
            page = *p;
            line = range.end;
        }
        assert_eq!(line, note.lines.len(), "note {k} complete");
    }
    first_ref_page
}

/// Each page's body lines and note slices, for failure messages.
fn summary(items: &[VItem], pages: &[Page]) -> String {
    let mut out = String::new();
    for (p, page) in pages.iter().enumerate() {
        let notes: Vec<String> = page
            .notes
            .iter()
            .map(|s| format!("{}[{:?}]", s.note, s.lines))
            .collect();
        out.push_str(&format!(
            "\n{p}: {:?} {} lines {:.0}+{:.0}: {}",
            page.body,
            body_lines(items, page),
            page.body_height,
            page.notes_height,
            notes.join(" ")
        ));
    }
    out
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
    // Note 1, called with note 0, waits until note 0 has ended (it is
    // set after note 0's last line), then note 2.
    let placed = check_pages(&items, &notes, &SPEC, &pages, false);
    assert_eq!(placed[0], Some(0));
    assert_eq!(placed[1], Some(0));
    assert!(pages.iter().all(|p| !p.emergency));
    let spans = pages.iter().filter(|p| p.notes.iter().any(|s| s.note == 0));
    // 240 high, at most 69 of every page's 100 while body remains.
    assert!(spans.count() <= 4, "{}", summary(&items, &pages));
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
                let mut body = NoteBody::new(vec![8.0; len]);
                // Now and then a run of lines kept together (a table).
                if len > 6 && rng.below(2) == 0 {
                    let start = 1 + rng.below(len as u32 - 4) as usize;
                    for flag in &mut body.breaks[start..start + 3] {
                        *flag = false;
                    }
                }
                notes.push(body);
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
            leading: 0.0,
        };
        let mut emergencies = 0;
        let mut split = 0;
        let (mut away, mut total) = (0, 0);
        for case in 0..300 {
            let (items, notes) = random_chapter(&mut rng);
            let pages = break_pages(&items, &[], &notes, &spec);
            let placed = check_pages(&items, &notes, &spec, &pages, false);
            assert!(placed.iter().all(Option::is_some), "case {case}");
            emergencies += pages.iter().filter(|p| p.emergency).count();
            split += pages
                .iter()
                .flat_map(|p| &p.notes)
                .filter(|s| s.is_continuation())
                .count();
            for (p, page) in pages.iter().enumerate() {
                for s in page.notes.iter().filter(|s| !s.is_continuation()) {
                    total += 1;
                    away += usize::from(placed[s.note] != Some(p));
                }
            }
        }
        // Notes wait for an earlier one's end (several long notes called
        // close together on a short page): at 15 lines a page these
        // chapters hold about as much note as body.
        println!("height {height}: {away} of {total} notes away from their call");
        let most = if height > 200.0 {
            total / 50
        } else {
            total / 5
        };
        assert!(away <= most, "height {height}: {away} of {total} away");
        assert_eq!(emergencies, 0, "height {height}");
        assert!(split > 10, "the chapters exercise split notes: {split}");
    }
}

#[test]
fn a_note_called_under_a_continuation_waits_for_it() {
    // Note 0 (30 lines) called on line 1 cannot end on page 0; note 1 is
    // called on page 1: it comes after note 0's rest, never before.
    let mut refs = vec![&[][..]; 40];
    refs[1] = &[0];
    refs[12] = &[1];
    let items = lines(&refs);
    let notes = [note(30, 8.0), note(2, 8.0)];
    let pages = break_pages(&items, &[], &notes, &SPEC);
    check_pages(&items, &notes, &SPEC, &pages, false);
    // Note 0's pieces on consecutive pages, note 1 after its last line
    // (`check_pages` proves both), and the body not starved meanwhile.
    let note_pages: Vec<&Page> = pages.iter().filter(|p| !p.notes.is_empty()).collect();
    assert!(
        note_pages.iter().all(|p| body_lines(&items, p) >= 2),
        "{}",
        summary(&items, &pages)
    );
}

#[test]
fn a_note_is_never_split_to_leave_a_line_alone() {
    // Three-line notes called on a page's last lines: they move whole, or
    // the page breaks earlier; never 2 + 1 or 1 + 2.
    for at in 5..10 {
        let mut refs = vec![&[][..]; 25];
        refs[at] = &[0];
        refs[at.min(8) + 1] = &[1];
        let items = lines(&refs);
        let notes = [note(3, 8.0), note(3, 8.0)];
        let pages = break_pages(&items, &[], &notes, &SPEC);
        check(&items, &notes, &SPEC, &pages);
        assert!(
            pages
                .iter()
                .flat_map(|p| &p.notes)
                .all(|s| s.lines.len() == 3),
            "call on line {at}: {pages:#?}"
        );
    }
}

#[test]
fn a_split_note_is_the_last_of_its_page() {
    // Notes 0 (12 lines) and 1 (2 lines) called on one line near a page's
    // end: if note 0 splits, note 1 does not come between its pieces.
    let mut refs = vec![&[][..]; 30];
    refs[6] = &[0, 1];
    let items = lines(&refs);
    let notes = [note(12, 8.0), note(2, 8.0)];
    let pages = break_pages(&items, &[], &notes, &SPEC);
    check_pages(&items, &notes, &SPEC, &pages, false);
}

#[test]
fn long_notes_end_within_two_pages_when_they_can() {
    // A 14-line note (112 high, more than a page) called early: its rest
    // fits the next page, so it spans exactly two pages.
    let mut refs = vec![&[][..]; 40];
    refs[1] = &[0];
    let items = lines(&refs);
    let notes = [note(14, 8.0)];
    let pages = break_pages(&items, &[], &notes, &SPEC);
    check(&items, &notes, &SPEC, &pages);
    let spanned = pages.iter().filter(|p| !p.notes.is_empty()).count();
    assert_eq!(spanned, 2, "{pages:#?}");
}

#[test]
fn a_note_splits_only_where_it_may() {
    // A 12-line note whose lines 3-8 are a table kept whole (a header row
    // and five rows), called where the page has room for about 4 of its
    // lines: unchecked it would split after the header; it splits before
    // the table or after it.
    let kept = 4..9;
    let mut refs = vec![&[][..]; 30];
    refs[5] = &[0];
    let items = lines(&refs);
    let free = [note(12, 8.0)];
    let pages = break_pages(&items, &[], &free, &SPEC);
    check(&items, &free, &SPEC, &pages);
    let split_at = |pages: &[Page]| {
        pages
            .iter()
            .flat_map(|p| &p.notes)
            .find(|s| s.is_continuation())
            .map(|s| s.lines.start)
    };
    assert!(
        split_at(&pages).is_some_and(|at| kept.contains(&at)),
        "the unchecked note splits inside the table: {pages:#?}"
    );
    let mut table = note(12, 8.0);
    for i in kept.clone() {
        table.breaks[i] = false;
    }
    let notes = [table];
    let pages = break_pages(&items, &[], &notes, &SPEC);
    check(&items, &notes, &SPEC, &pages);
    let at = split_at(&pages);
    assert!(
        at.is_none_or(|at| !kept.contains(&at)),
        "split before line {at:?}: {pages:#?}"
    );
}

#[test]
fn a_page_ends_on_a_hyphen_only_when_nothing_cheaper_will_do() {
    // 50 lines of 10 on pages of 33; line 32 (the last that fits on the
    // first page) ends in a hyphen, so the break after it costs
    // BROKEN_PENALTY.
    let spec = PageSpec {
        height: 330.0,
        ..SPEC
    };
    let refs = vec![&[][..]; 50];
    let plain = lines(&refs);
    let pages = break_pages(&plain, &[], &[], &spec);
    assert_eq!(body_lines(&plain, &pages[0]), 33);
    // Item 2k is line k, item 2k - 1 the break before it.
    let mut hyphen = plain.clone();
    hyphen[2 * 33 - 1] = penalty(BROKEN_PENALTY);
    let pages = break_pages(&hyphen, &[], &[], &spec);
    check(&hyphen, &[], &spec, &pages);
    let first = body_lines(&hyphen, &pages[0]);
    assert!((30..33).contains(&first), "{first} lines on the first page");
    // A cost, not a rule: the only break a page can take is taken.
    let mut only = hyphen.clone();
    for (i, item) in only.iter_mut().enumerate() {
        if matches!(item, VItem::Penalty { .. }) && i != 2 * 33 - 1 && i < 2 * 40 {
            *item = penalty(INFINITE_PENALTY);
        }
    }
    let pages = break_pages(&only, &[], &[], &spec);
    assert_eq!(body_lines(&only, &pages[0]), 33);
    assert!(!pages[0].emergency);
}
