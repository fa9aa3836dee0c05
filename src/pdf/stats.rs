//! `bindery build --stats`: typographic figures from the engine's own line
//! data (not from the PDF), so they can be compared with other engines.

use std::fmt;

use super::frame::PageLines;

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
    /// Share of body lines ending in an inserted hyphen, in percent.
    pub hyphenated_percent: f32,
    pub max_consecutive_hyphens: usize,
    /// Lines wider than their measure, anywhere (body, notes, code...).
    pub overfull: usize,
    /// Last lines of paragraphs alone at the top of a page.
    pub widows: usize,
    /// First lines of paragraphs alone at the bottom of a page.
    pub orphans: usize,
}

impl Stats {
    /// Computes the figures from a layout.
    pub fn from_pages(pages: &[PageLines]) -> Stats {
        let mut s = Stats {
            pages: pages.len(),
            ..Stats::default()
        };
        let mut factors = Vec::new();
        let mut hyphenated = 0usize;
        let mut run = 0usize;
        for page in pages {
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
                    if l.space_factor > 2.0 {
                        s.loose_lines += 1;
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
        let pct = |p: f32| -> f32 {
            if factors.is_empty() {
                return 1.0;
            }
            let i = ((factors.len() - 1) as f32 * p).round() as usize;
            factors[i]
        };
        s.space_p50 = pct(0.5);
        s.space_p95 = pct(0.95);
        s.hyphenated_percent = if s.lines > 0 {
            hyphenated as f32 * 100.0 / s.lines as f32
        } else {
            0.0
        };
        s
    }
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
        writeln!(f, "lines above 2.0x          {}", self.loose_lines)?;
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
        write!(
            f,
            "widows / orphans          {} / {}",
            self.widows, self.orphans
        )
    }
}
