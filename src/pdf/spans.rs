//! A line's stretches that are elements of their own in the tagged PDF:
//! a link's words (and a note mark, a link to its note) go in a `Link`
//! with the link's annotation, a note's number in a `Lbl` (holding the
//! `Link` back to its reference), a span in another language in a `Span`
//! with its `Lang`. The drawing splits each line's runs where these
//! stretches begin and end ([`segments`]), marks each piece as content of
//! its element ([`Wraps`]), and files each link annotation in the `Link`
//! of the words it covers ([`covering`]). An image set in the line is
//! drawn where its place-holding blank is, so a reader meets its figure
//! among the line's words.

use std::collections::HashMap;
use std::ops::Range;

use super::lines::{Line, PGlyph, TagKind};
use super::tags::{TreeBuilder, Wrap};

/// Consecutive glyphs of one run that belong to the same elements.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// The run (index into the line's runs) and its glyphs.
    pub run: usize,
    pub glyphs: Range<usize>,
    /// Where the first glyph starts, from the line's left edge.
    pub x: f32,
    key: Key,
}

impl Segment {
    /// The image (index into the line's images) whose place these glyphs
    /// hold: drawn after them, as a figure of its own.
    pub fn image(&self) -> Option<usize> {
        self.key.image
    }
}

/// Which stretches a glyph is in: the note number, a link (index into
/// the line's marks then links), a language span (index into its tags).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
struct Key {
    label: bool,
    link: Option<usize>,
    lang: Option<usize>,
    image: Option<usize>,
}

/// The `x0..x1` of the line's `k`-th link: its note marks first, then its
/// links (as the link table records them).
fn link_span(line: &Line, k: usize) -> Option<(f32, f32)> {
    let marks = line.marks.len();
    match line.marks.get(k) {
        Some(m) => Some((m.x0, m.x1)),
        None => line.links.get(k - marks).map(|l| (l.x0, l.x1)),
    }
}

/// The line's runs cut where a stretch begins or ends (a glyph belongs
/// to the stretches its middle falls in); `glyphs` are the line's, as
/// [`super::glyphs::Glyphs::extend_into`] gives them back.
pub fn segments(line: &Line, glyphs: &[PGlyph]) -> Vec<Segment> {
    let links = line.marks.len() + line.links.len();
    if links == 0 && line.tags.is_empty() && line.images.is_empty() {
        // No stretch to cut at (most lines): each run is one segment,
        // without measuring its glyphs.
        return line
            .runs
            .iter()
            .enumerate()
            .filter(|(_, run)| !run.glyphs.is_empty())
            .map(|(run, r)| Segment {
                run,
                glyphs: r.glyphs.clone(),
                x: r.x,
                key: Key::default(),
            })
            .collect();
    }
    let within = |x: f32, (a, b): (f32, f32)| a <= x && x <= b;
    let mut out: Vec<Segment> = Vec::new();
    for (ri, run) in line.runs.iter().enumerate() {
        let mut x = run.x;
        for k in run.glyphs.clone() {
            let w = glyphs.get(k).map_or(0.0, |g| g.advance * run.size);
            let mid = x + w / 2.0;
            let key = Key {
                label: line
                    .tags
                    .iter()
                    .any(|t| t.kind == TagKind::Label && within(mid, (t.x0, t.x1))),
                link: (0..links).find(|&i| link_span(line, i).is_some_and(|s| within(mid, s))),
                lang: line
                    .tags
                    .iter()
                    .position(|t| matches!(t.kind, TagKind::Lang(_)) && within(mid, (t.x0, t.x1))),
                image: line
                    .images
                    .iter()
                    .position(|im| within(mid, (im.x, im.x + im.w))),
            };
            match out.last_mut() {
                Some(s) if s.run == ri && s.key == key && s.glyphs.end == k => s.glyphs.end = k + 1,
                _ => out.push(Segment {
                    run: ri,
                    glyphs: k..k + 1,
                    x,
                    key,
                }),
            }
            x += w;
        }
    }
    out
}

/// The elements a line's stretches make, each once per line, inside the
/// line's element.
#[derive(Debug)]
pub struct Wraps {
    base: usize,
    label: Option<usize>,
    links: HashMap<(bool, usize), usize>,
    langs: HashMap<Key, usize>,
    /// No segment of the line has been given its element yet.
    first: bool,
}

impl Wraps {
    /// For a line whose element is `base`.
    pub fn new(base: usize) -> Wraps {
        Wraps {
            base,
            label: None,
            links: HashMap::new(),
            langs: HashMap::new(),
            first: true,
        }
    }

    /// The element segment `seg` of `line` goes in, made on first use; a
    /// new `Link` is recorded in `link_words` with where its words are
    /// on the page (the line's left edge and baseline at `origin`).
    pub fn node(
        &mut self,
        tree: &mut TreeBuilder,
        line: &Line,
        seg: &Segment,
        origin: (f32, f32),
        link_words: &mut Vec<(usize, [f32; 4])>,
    ) -> usize {
        let mut n = self.base;
        let size = line.runs.iter().map(|r| r.size).fold(1.0f32, f32::max);
        let rect = |(x0, x1): (f32, f32)| {
            [
                origin.0 + x0,
                origin.1 - size,
                origin.0 + x1,
                origin.1 + size * 0.35,
            ]
        };
        if seg.key.label {
            n = match self.label {
                Some(l) => l,
                None => {
                    // The number links back to its reference: its Link
                    // inside the label.
                    let lbl = tree.wrap(n, Wrap::Label);
                    let link = tree.wrap(lbl, Wrap::Link);
                    if let Some(t) = line.tags.iter().find(|t| t.kind == TagKind::Label) {
                        link_words.push((link, rect((t.x0, t.x1))));
                    }
                    self.label = Some(link);
                    link
                }
            };
        }
        let mut ends_in = None;
        if let Some(k) = seg.key.link {
            let parent = n;
            // A Markdown link's target (a note mark's is never broken).
            let target = k
                .checked_sub(line.marks.len())
                .and_then(|i| line.links.get(i))
                .map(|l| &l.target);
            n = match self.links.get(&(seg.key.label, k)) {
                Some(&l) => l,
                None => {
                    // The line opens with the link the last line ended in:
                    // the same `Link`, which gets this line's annotation too.
                    let l = target
                        .filter(|_| self.first)
                        .and_then(|t| tree.continued_link(parent, t))
                        .unwrap_or_else(|| tree.wrap(parent, Wrap::Link));
                    if let Some(span) = link_span(line, k) {
                        link_words.push((l, rect(span)));
                    }
                    self.links.insert((seg.key.label, k), l);
                    l
                }
            };
            ends_in = target.map(|t| (parent, t, n));
        }
        self.first = false;
        tree.ends_in(ends_in);
        if let Some(j) = seg.key.lang
            && let Some(TagKind::Lang(lang)) = line.tags.get(j).map(|t| &t.kind)
        {
            n = match self.langs.get(&seg.key) {
                Some(&s) => s,
                None => {
                    let s = tree.wrap(n, Wrap::Lang(lang));
                    self.langs.insert(seg.key, s);
                    s
                }
            };
        }
        n
    }
}

/// The `Link` whose words a link annotation over `rect` covers (its
/// centre inside their box), taken from `link_words`: each gets one.
pub fn covering(link_words: &mut Vec<(usize, [f32; 4])>, rect: [f32; 4]) -> Option<usize> {
    let (cx, cy) = ((rect[0] + rect[2]) / 2.0, (rect[1] + rect[3]) / 2.0);
    let i = link_words
        .iter()
        .position(|(_, r)| r[0] <= cx && cx <= r[2] && r[1] <= cy && cy <= r[3])?;
    Some(link_words.remove(i).0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::lines::{LinkSpan, PGlyph, Run};

    /// A line of `n` glyphs 1 pt wide in one run.
    fn line(n: usize) -> Line {
        let mut l = Line {
            text: "x".repeat(n),
            ..Line::default()
        };
        for k in 0..n {
            l.glyphs.push(PGlyph::new(1, k..k + 1, 0.1, 0.0, 0.0));
        }
        l.runs.push(Run {
            face: 0,
            size: 10.0,
            x: 0.0,
            rise: 0.0,
            glyphs: 0..n,
            ink: None,
        });
        l
    }

    #[test]
    fn runs_are_cut_where_links_and_languages_begin_and_end() {
        let mut l = line(10);
        l.links.push(LinkSpan {
            x0: 2.0,
            x1: 5.0,
            target: crate::pdf::links::Target::Uri("https://a.example".into()),
        });
        l.tag(TagKind::Lang("fr".into()), 4.0, 8.0);
        let segs = segments(&l, &l.glyphs.to_vec());
        let cuts: Vec<Range<usize>> = segs.iter().map(|s| s.glyphs.clone()).collect();
        assert_eq!(cuts, [0..2, 2..4, 4..5, 5..8, 8..10]);
        assert_eq!(segs[2].x, 4.0);
        assert_eq!(
            (segs[2].key.link, segs[2].key.lang),
            (Some(0), Some(0)),
            "in both"
        );
    }

    #[test]
    fn a_line_without_stretches_is_one_segment_a_run() {
        let mut l = line(6);
        l.runs[0].glyphs = 0..4;
        l.runs.push(Run {
            face: 1,
            size: 10.0,
            x: 4.0,
            rise: 0.0,
            glyphs: 4..6,
            ink: None,
        });
        // An empty run draws nothing.
        l.runs.push(Run {
            face: 0,
            size: 10.0,
            x: 6.0,
            rise: 0.0,
            glyphs: 6..6,
            ink: None,
        });
        let segs = segments(&l, &l.glyphs.to_vec());
        let got: Vec<(usize, Range<usize>, f32)> = segs
            .iter()
            .map(|s| (s.run, s.glyphs.clone(), s.x))
            .collect();
        assert_eq!(got, [(0, 0..4, 0.0), (1, 4..6, 4.0)]);
        assert!(segs.iter().all(|s| s.key == Key::default()));
        // A language span anywhere in the line takes the measuring path,
        // which cuts the same runs where the span begins.
        l.tag(TagKind::Lang("fr".into()), 2.0, 3.0);
        let cut: Vec<Range<usize>> = segments(&l, &l.glyphs.to_vec())
            .iter()
            .map(|s| s.glyphs.clone())
            .collect();
        assert_eq!(cut, [0..2, 2..3, 3..4, 4..6]);
    }

    #[test]
    fn an_annotation_goes_to_the_link_it_covers_once() {
        let mut words = vec![(7, [0.0, 0.0, 10.0, 10.0]), (9, [20.0, 0.0, 30.0, 10.0])];
        assert_eq!(covering(&mut words, [21.0, 2.0, 29.0, 8.0]), Some(9));
        assert_eq!(covering(&mut words, [21.0, 2.0, 29.0, 8.0]), None);
        assert_eq!(covering(&mut words, [1.0, 2.0, 9.0, 8.0]), Some(7));
    }
}
