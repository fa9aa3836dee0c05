//! Knuth–Plass total-fit line breaking over boxes, glue and penalties.
//!
//! The breaker knows only widths: the inline layer (`inline.rs`) turns shaped
//! text into [`Item`]s and maps the chosen breaks back to glyphs.

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
}

impl Default for Params {
    fn default() -> Self {
        Params {
            tolerance: 2.0,
            double_hyphen_demerits: 3000.0,
            fitness_demerits: 3000.0,
            line_penalty: 10.0,
            max_consecutive_hyphens: 2,
        }
    }
}

/// A chosen break: the index of the item broken at (a glue or penalty, or
/// `items.len()` for the paragraph's end) and the line's adjustment ratio
/// (negative when shrunk, 0 natural, 1.0 fully stretched).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    pub index: usize,
    pub ratio: f32,
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
    // Placeholder until the total-fit breaker lands: first-fit.
    let _ = params;
    let mut breaks = Vec::new();
    let mut width = 0.0;
    let mut last_ok: Option<(usize, f32)> = None;
    let mut i = 0;
    while i < items.len() {
        match items[i] {
            Item::Box { width: w } => width += w,
            Item::Glue { width: w, .. } => {
                if i > 0 && matches!(items[i - 1], Item::Box { .. }) {
                    last_ok = Some((i, width));
                }
                width += w;
            }
            Item::Penalty { cost, .. } => {
                if cost == f32::NEG_INFINITY {
                    breaks.push(Break {
                        index: i,
                        ratio: 0.0,
                    });
                    width = 0.0;
                    last_ok = None;
                }
            }
        }
        if width > line_width(breaks.len())
            && let Some((b, _)) = last_ok.take()
        {
            breaks.push(Break {
                index: b,
                ratio: 0.0,
            });
            width = 0.0;
            i = b + 1;
            continue;
        }
        i += 1;
    }
    if breaks.last().map(|b| b.index) != Some(items.len()) {
        breaks.push(Break {
            index: items.len(),
            ratio: 0.0,
        });
    }
    breaks
}
