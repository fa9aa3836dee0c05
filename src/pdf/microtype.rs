//! Margin kerning (character protrusion, as microtype and Typst do it):
//! punctuation and hyphens that end a justified line hang partly into the
//! right margin, opening quotes that start one into the left, so that the
//! margins look straight to the eye, and the line gains the room the
//! protruding glyph gives back.
//!
//! The breaker sees protrusion through Knuth's own devices, so it needs no
//! special case: a line that would end after `p` points of protrusion ends
//! at a penalty of width `-p` placed before the space; a line that would
//! start with a protruding quote starts with a box of width `-q`, whose
//! width the space before it gives back when the line does not break there.

use super::linebreak::Item;

/// The share of its advance by which `c` may hang into the right margin at
/// a line's end (microtype's defaults for a text face, rounded).
pub fn right_factor(c: char) -> f32 {
    match c {
        '.' | '-' | '\u{2010}' | '\u{AD}' => 0.7,
        ',' | '’' | '”' | '\'' | '"' => 0.5,
        ':' | ';' => 0.5,
        '!' | '?' => 0.2,
        '»' | '›' => 0.3,
        '–' => 0.2,
        '—' => 0.15,
        ')' | ']' => 0.05,
        _ => 0.0,
    }
}

/// The share of its advance by which `c` may hang into the left margin at a
/// line's start.
pub fn left_factor(c: char) -> f32 {
    match c {
        '‘' | '“' | '„' | '\'' | '"' => 0.5,
        '«' | '‹' => 0.3,
        '(' | '[' => 0.05,
        _ => 0.0,
    }
}

/// Rewrites a paragraph's items so that lines may protrude.
///
/// `right[i]`: the protrusion, in points, of a line broken at item `i` (a
/// glue after a box, or a penalty); for a penalty it is taken off the
/// penalty's width. `left[i]`: the protrusion of a line that starts with
/// box `i` after a break at the glue just before it. `none` is the payload
/// of the items this adds. Returns the new items and payloads.
pub fn apply<P: Clone>(
    items: Vec<Item>,
    payloads: Vec<P>,
    none: &P,
    right: &[f32],
    left: &[f32],
) -> (Vec<Item>, Vec<P>) {
    let mut out_items = Vec::with_capacity(items.len() + items.len() / 8);
    let mut out_payloads = Vec::with_capacity(out_items.capacity());
    let mut pending_left = 0.0f32;
    for (i, (item, payload)) in items.into_iter().zip(payloads).enumerate() {
        let p = right.get(i).copied().unwrap_or(0.0);
        let q = left.get(i).copied().unwrap_or(0.0);
        match item {
            Item::Glue {
                width,
                stretch,
                shrink,
            } => {
                if p > 0.0 {
                    // The break moves to this penalty; the glue after it is
                    // no longer a legal break (it follows a penalty).
                    out_items.push(Item::Penalty {
                        width: -p,
                        cost: 0.0,
                        flagged: false,
                    });
                    out_payloads.push(none.clone());
                }
                pending_left = left.get(i + 1).copied().unwrap_or(0.0);
                out_items.push(Item::Glue {
                    width: width + pending_left,
                    stretch,
                    shrink,
                });
                out_payloads.push(payload);
            }
            Item::Penalty {
                width,
                cost,
                flagged,
            } => {
                out_items.push(Item::Penalty {
                    width: width - p,
                    cost,
                    flagged,
                });
                out_payloads.push(payload);
            }
            Item::Box { width } => {
                if pending_left > 0.0 && q > 0.0 {
                    out_items.push(Item::Box {
                        width: -pending_left,
                    });
                    out_payloads.push(none.clone());
                }
                pending_left = 0.0;
                out_items.push(Item::Box { width });
                out_payloads.push(payload);
            }
        }
    }
    (out_items, out_payloads)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protrusion_becomes_penalties_and_compensated_boxes() {
        let glue = Item::Glue {
            width: 3.0,
            stretch: 1.5,
            shrink: 0.6,
        };
        let items = vec![Item::Box { width: 10.0 }, glue, Item::Box { width: 8.0 }];
        let (out, payloads) = apply(items, vec![1, 2, 3], &0, &[0.0, 1.0, 0.0], &[0.0, 0.0, 0.5]);
        assert_eq!(
            out,
            vec![
                Item::Box { width: 10.0 },
                Item::Penalty {
                    width: -1.0,
                    cost: 0.0,
                    flagged: false
                },
                Item::Glue {
                    width: 3.5,
                    stretch: 1.5,
                    shrink: 0.6
                },
                Item::Box { width: -0.5 },
                Item::Box { width: 8.0 },
            ]
        );
        assert_eq!(payloads, vec![1, 0, 2, 0, 3]);
        // Unbroken, the line is as wide as before.
        let width: f32 = out
            .iter()
            .map(|i| match *i {
                Item::Box { width } | Item::Glue { width, .. } => width,
                Item::Penalty { .. } => 0.0,
            })
            .sum();
        assert_eq!(width, 21.0);
    }
}
