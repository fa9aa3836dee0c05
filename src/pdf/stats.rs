//! `bindery build --stats`: typographic figures from the engine's own line
//! data (not from the PDF), so they can be compared with other engines.

use std::fmt;

use super::frame::PageLines;
use super::inline::TRACKING;

/// Word spaces below this multiple of the natural space make a cramped
/// line: TeX lets EB Garamond's spaces shrink to about 0.8 of their width.
pub const TIGHT: f32 = 0.8;

/// Spacing, hyphenation and page figures of one layout.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    pub pages: usize,
    /// Body lines (justified text, headings excluded).
    pub lines: usize,
    /// Interword space relative to the natural space, over justified body
    /// lines with at least one space: median and 95th percentile.
    pub space_p50: f32,
    pub space_p95: f32,
    /// Justified lines whose spaces exceed twice the natural width.
    pub loose_lines: usize,
    /// Justified body lines with at least one space: the lines the spacing
    /// figures are about.
    pub justified_lines: usize,
    /// Justified lines whose spaces are squeezed below [`TIGHT`] times the
    /// natural width (cramped lines).
    pub tight_lines: usize,
    /// The narrowest and the widest interword space of any justified line,
    /// relative to the natural space.
    pub space_min: f32,
    pub space_max: f32,
    /// Letter spacing justified lines took (their adjustment ratio times
    /// [`TRACKING`]), in ems per glyph, either way: 95th percentile.
    pub letter_space_p95: f32,
    /// Share of body lines ending in an inserted hyphen, in percent.
    pub hyphenated_percent: f32,
    pub max_consecutive_hyphens: usize,
    /// Lines wider than their measure, anywhere (body, notes, code...).
    pub overfull: usize,
    /// Last lines of paragraphs alone at the top of a page.
    pub widows: usize,
    /// First lines of paragraphs alone at the bottom of a page.
    pub orphans: usize,
    /// Pages whose text block is left [`SHORT`] leadings or more empty
    /// (above their notes, or at the foot), a chapter's last page aside:
    /// a printed page ends on the block's last line.
    pub short_pages: usize,
    /// The leadings those pages lack, together.
    pub lines_short: f32,
}

/// Empty height, in leadings, from which a page counts as short (a
/// heading's space off the grid is less).
pub const SHORT: f32 = 0.95;

impl Stats {
    /// Computes the figures from a layout.
    pub fn from_pages(pages: &[PageLines]) -> Stats {
        let mut s = Stats {
            pages: pages.len(),
            ..Stats::default()
        };
        let mut factors = Vec::new();
        let mut letter_spaces = Vec::new();
        let mut hyphenated = 0usize;
        let mut run = 0usize;
        for (i, page) in pages.iter().enumerate() {
            let next = pages.get(i + 1);
            let chapter_end = next.is_none_or(|n| n.lines.is_empty() || n.chapter_opening);
            if !page.lines.is_empty() && !chapter_end && page.lines_short >= SHORT {
                s.short_pages += 1;
                s.lines_short += page.lines_short;
            }
            for l in page.lines.iter().chain(&page.notes) {
                if l.overfull {
                    s.overfull += 1;
                }
            }
            let body: Vec<_> = page.lines.iter().filter(|l| l.body).collect();
            for l in &body {
                s.lines += 1;
                if l.justified && l.spaces > 0 {
                    factors.push(l.space_factor);
                    letter_spaces.push(l.ratio.abs() * TRACKING);
                    if l.space_factor > 2.0 {
                        s.loose_lines += 1;
                    }
                    // Rounding: a space set at exactly the shrink limit is
                    // not cramped.
                    if l.space_factor < TIGHT - 1e-4 {
                        s.tight_lines += 1;
                    }
                }
                if l.hyphenated {
                    hyphenated += 1;
                    run += 1;
                    s.max_consecutive_hyphens = s.max_consecutive_hyphens.max(run);
                } else {
                    run = 0;
                }
            }
            if let Some(first) = body.first()
                && first.para_lines > 1
                && first.para_line + 1 == first.para_lines
            {
                s.widows += 1;
            }
            if let Some(last) = body.last()
                && last.para_lines > 1
                && last.para_line == 0
            {
                s.orphans += 1;
            }
        }
        factors.sort_by(f32::total_cmp);
        s.justified_lines = factors.len();
        letter_spaces.sort_by(f32::total_cmp);
        s.letter_space_p95 = percentile(&letter_spaces, 0.95).unwrap_or(0.0);
        s.space_min = factors.first().copied().unwrap_or(1.0);
        s.space_max = factors.last().copied().unwrap_or(1.0);
        s.space_p50 = percentile(&factors, 0.5).unwrap_or(1.0);
        s.space_p95 = percentile(&factors, 0.95).unwrap_or(1.0);
        s.hyphenated_percent = if s.lines > 0 {
            hyphenated as f32 * 100.0 / s.lines as f32
        } else {
            0.0
        };
        s
    }

    /// Share of justified lines that are cramped ([`Stats::tight_lines`]),
    /// in percent.
    pub fn tight_percent(&self) -> f32 {
        if self.justified_lines == 0 {
            0.0
        } else {
            self.tight_lines as f32 * 100.0 / self.justified_lines as f32
        }
    }
}

/// The `p` quantile of sorted values (nearest rank); `None` when empty.
fn percentile(sorted: &[f32], p: f32) -> Option<f32> {
    let last = sorted.len().checked_sub(1)?;
    sorted.get((last as f32 * p).round() as usize).copied()
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "pages                     {}", self.pages)?;
        writeln!(f, "body lines                {}", self.lines)?;
        writeln!(
            f,
            "word space p50 / p95      {:.2}x / {:.2}x natural",
            self.space_p50, self.space_p95
        )?;
        writeln!(
            f,
            "word space min / max      {:.2}x / {:.2}x natural",
            self.space_min, self.space_max
        )?;
        writeln!(
            f,
            "lines below {TIGHT:.1}x          {} of {} justified ({:.1}%)",
            self.tight_lines,
            self.justified_lines,
            self.tight_percent()
        )?;
        writeln!(f, "lines above 2.0x          {}", self.loose_lines)?;
        writeln!(
            f,
            "letter spacing p95        ±{:.4} em",
            self.letter_space_p95
        )?;
        writeln!(
            f,
            "hyphenated lines          {:.1}%",
            self.hyphenated_percent
        )?;
        writeln!(
            f,
            "max consecutive hyphens   {}",
            self.max_consecutive_hyphens
        )?;
        writeln!(f, "overfull lines            {}", self.overfull)?;
        writeln!(
            f,
            "short pages               {} ({:.1} lines; chapter ends aside)",
            self.short_pages, self.lines_short
        )?;
        write!(
            f,
            "widows / orphans          {} / {}",
            self.widows, self.orphans
        )
    }
}
