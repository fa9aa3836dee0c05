//! Code blocks: monospace lines as written, wrapped when too long for the
//! measure.

use super::{Blocks, Flow, Region};
use crate::pdf::frame::{BASELINE, Piece};
use crate::pdf::inline::{CODE_SCALE, Style};
use crate::pdf::lines::Line;
use crate::pdf::pagebreak::VItem;

impl Blocks<'_, '_, '_> {
    /// Code: monospace at the inline-code size, indented one em, never
    /// hyphenated; a line too long for the measure wraps after a space or
    /// punctuation near its end (else at any character), its continuation
    /// indented two characters past the source line's own indentation.
    pub(super) fn code(&mut self, flow: &mut Flow, text: &str, region: &Region) {
        let style = Style {
            mono: true,
            ..Style::new(region.size * CODE_SCALE)
        };
        let indent = region.size;
        let measure = region.measure - indent;
        let advance = self.ts.measure("0", style).max(0.1);
        let per_line = ((measure / advance).floor() as usize).max(8);
        let mut lines = Vec::new();
        for src in text.trim_end_matches('\n').split('\n') {
            let src = src.replace('\t', "    ");
            let chars: Vec<char> = src.chars().collect();
            if chars.is_empty() {
                lines.push(Line::default());
                continue;
            }
            let lead = chars.iter().take_while(|c| **c == ' ').count();
            let hang = (lead + 2).min(per_line / 3);
            let mut from = 0usize;
            let mut cont = false;
            while from < chars.len() {
                let room = if cont { per_line - hang } else { per_line };
                let mut to = (from + room).min(chars.len());
                if to < chars.len() {
                    // Prefer a break after a space or punctuation in the
                    // last third of the room.
                    let floor = from + room * 2 / 3;
                    if let Some(k) = (floor..to)
                        .rev()
                        .find(|&k| matches!(chars[k - 1], ' ' | ',' | ';' | '(' | '.' | '|'))
                    {
                        to = k;
                    }
                }
                let s: String = chars[from..to].iter().collect();
                let mut line = self.raw_line(&s, style);
                line.x = indent + if cont { hang as f32 * advance } else { 0.0 };
                line.info.measure = measure - if cont { hang as f32 * advance } else { 0.0 };
                line.info.overfull = line.info.width > line.info.measure + 0.01;
                lines.push(line);
                from = to;
                cont = true;
            }
        }
        let n = lines.len();
        for (i, mut line) in lines.into_iter().enumerate() {
            if i >= 2 && i + 2 <= n {
                flow.push(VItem::Penalty { cost: 0.0 }, Vec::new());
            }
            line.x += region.x;
            flow.push(
                VItem::Line {
                    height: region.leading,
                    notes: Vec::new(),
                },
                vec![Piece::Text {
                    line,
                    baseline: region.leading * BASELINE,
                }],
            );
        }
    }
}
