//! `SUMMARY.md`, read by mdBook's own parser (`mdbook-summary`): prefix
//! chapters (front matter), numbered chapters in parts and nested lists
//! (the body), suffix chapters (back matter), separators and drafts, exactly
//! as `mdbook build` reads them. mdBook's parser keeps no positions, so
//! each of its links is matched, in order, with the link pulldown-cmark
//! finds in the same text, and every message names its line.

use mdbook_summary::{Link, SummaryItem};
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::diag::Diagnostic;
use crate::diag::positions::LineIndex;
use crate::model::ChapterKind;

/// One chapter link in `SUMMARY.md`, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub title: String,
    /// As written, relative to the folder of `SUMMARY.md`.
    pub path: String,
    pub kind: ChapterKind,
    /// mdBook's section number (`1.2.`) when the numbered chapters nest.
    pub number: Option<String>,
    /// 0 for a top-level chapter, 1 for a sub-chapter…
    pub depth: u8,
    /// The part title (`# Part I`) that this chapter opens.
    pub part: Option<String>,
    pub line: u32,
    pub col: u32,
}

/// A link as pulldown-cmark finds it: destination and position.
struct Found {
    dest: String,
    line: u32,
    col: u32,
}

/// Reads the chapters of `SUMMARY.md` as mdBook does. Drafts (`[Title]()`)
/// are left out with a warning at their link (their title is not printed); mdBook's refusals (a list item that is not a
/// link, a chapter listed twice…) are errors at their line.
pub fn parse(text: &str, file: &str, diags: &mut Vec<Diagnostic>) -> Vec<Entry> {
    let index = LineIndex::new(text);
    let mut found: Vec<Found> = Vec::new();
    let mut headings: Vec<(String, u32)> = Vec::new();
    let mut heading: Option<(String, u32)> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let (line, col) = index.line_col(range.start);
                found.push(Found {
                    dest: dest_url.replace("%20", " "),
                    line,
                    col,
                });
            }
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => heading = Some((String::new(), index.line_col(range.start).0)),
            Event::Text(t) | Event::Code(t) => {
                if let Some((title, _)) = &mut heading {
                    title.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => headings.extend(heading.take()),
            _ => {}
        }
    }
    let summary = match mdbook_summary::parse_summary(text) {
        Ok(summary) => summary,
        Err(e) => {
            diags.push(refusal(&e, &found, file));
            return Vec::new();
        }
    };
    let nests = summary
        .numbered_chapters
        .iter()
        .any(|item| matches!(item, SummaryItem::Link(link) if !link.nested_items.is_empty()));
    let mut walk = Walk {
        found: &found,
        next: 0,
        headings: &headings,
        file,
        diags,
        entries: Vec::new(),
        part: None,
        nests,
    };
    walk.items(&summary.prefix_chapters, ChapterKind::Front, 0);
    walk.items(&summary.numbered_chapters, ChapterKind::Body, 0);
    if let Some((title, line)) = walk.part.take() {
        walk.diags.push(Diagnostic::warning(
            file,
            line,
            0,
            format!("part `{title}` has no chapters: left out of the book"),
        ));
    }
    walk.items(&summary.suffix_chapters, ChapterKind::Back, 0);
    walk.entries
}

/// mdBook's refusal as a located error. Its parse errors carry "line L,
/// column C" in their text; a duplicate is found again here.
fn refusal(e: &anyhow::Error, found: &[Found], file: &str) -> Diagnostic {
    let messages: Vec<String> = e.chain().map(|c| c.to_string()).collect();
    let root = messages.last().cloned().unwrap_or_default();
    if let Some(dup) = root
        .strip_prefix("Duplicate file in SUMMARY.md: ")
        .map(|p| p.trim_matches('"').to_string())
    {
        let mut places = found.iter().filter(|f| f.dest.trim() == dup);
        let first = places.next();
        let second = places.next().or(first);
        let (line, col) = second.map_or((0, 0), |f| (f.line, f.col));
        let first_line = first.map_or(0, |f| f.line);
        return Diagnostic::error(
            file,
            line,
            col,
            format!("`{dup}` is already listed on line {first_line}: a chapter is listed once"),
        );
    }
    if let Some((line, col, what)) = located(&root) {
        let message = if what.contains("must only contain a hyperlink") {
            "this list item is not a chapter link: write `- [Title](file.md)`, or `- [Title]()` for a draft".to_string()
        } else if what.contains("Suffix chapters cannot be followed by a list") {
            "a list after the suffix chapters: chapters after the numbered list are back matter and cannot be numbered".to_string()
        } else {
            format!("SUMMARY.md is not as mdBook reads it: {what}")
        };
        return Diagnostic::error(file, line, col, message);
    }
    Diagnostic::error(file, 0, 0, format!("SUMMARY.md: {}", messages.join(": ")))
}

/// `(line, column, message)` from mdBook's "failed to parse SUMMARY.md line
/// L, column C: message". mdBook counts the first line's columns from 0.
fn located(message: &str) -> Option<(u32, u32, String)> {
    let rest = message.split_once("SUMMARY.md line ")?.1;
    let (line, rest) = rest.split_once(", column ")?;
    let (col, what) = rest.split_once(": ")?;
    let line: u32 = line.trim().parse().ok()?;
    let col: u32 = col.trim().parse().ok()?;
    let col = if line == 1 { col + 1 } else { col.max(1) };
    Some((line, col, what.to_string()))
}

/// The walk over mdBook's items, in reading order.
struct Walk<'a> {
    found: &'a [Found],
    /// Level-1 headings (the summary's title, part titles) and their lines.
    headings: &'a [(String, u32)],
    /// The next of `found` to match.
    next: usize,
    file: &'a str,
    diags: &'a mut Vec<Diagnostic>,
    entries: Vec<Entry>,
    /// A part title waiting for its first chapter, with its line.
    part: Option<(String, u32)>,
    /// Whether the numbered chapters nest (then they carry numbers).
    nests: bool,
}

impl Walk<'_> {
    fn items(&mut self, items: &[SummaryItem], kind: ChapterKind, depth: u8) {
        for item in items {
            match item {
                SummaryItem::Link(link) => self.link(link, kind, depth),
                SummaryItem::PartTitle(title) => {
                    if let Some((empty, line)) = self.part.take() {
                        self.diags.push(Diagnostic::warning(
                            self.file,
                            line,
                            0,
                            format!("part `{empty}` has no chapters: left out of the book"),
                        ));
                    }
                    let line = self.part_line(title);
                    self.part = Some((title.clone(), line));
                }
                // A line in mdBook's sidebar; nothing to print.
                SummaryItem::Separator => {}
                _ => {}
            }
        }
    }

    fn link(&mut self, link: &Link, kind: ChapterKind, depth: u8) {
        let written = link
            .location
            .as_ref()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (line, col) = self.place(&written);
        match &link.location {
            None => self.diags.push(Diagnostic::warning(
                self.file,
                line,
                col,
                format!(
                    "draft chapter `{}` has no file: left out of the book",
                    link.name
                ),
            )),
            Some(_) => {
                let number = link
                    .number
                    .as_ref()
                    .filter(|_| self.nests)
                    .map(|n| n.to_string());
                let part = self.part.take().map(|(title, _)| title);
                self.entries.push(Entry {
                    title: link.name.trim().to_string(),
                    path: written.trim().to_string(),
                    kind,
                    number,
                    depth,
                    part,
                    line,
                    col,
                });
            }
        }
        self.items(&link.nested_items, kind, depth.saturating_add(1));
    }

    /// The position of the next link to `dest`, in the order written.
    fn place(&mut self, dest: &str) -> (u32, u32) {
        let at = self.found[self.next.min(self.found.len())..]
            .iter()
            .position(|f| f.dest == dest);
        match at {
            Some(k) => {
                let f = &self.found[self.next + k];
                self.next += k + 1;
                (f.line, f.col)
            }
            None => (0, 0),
        }
    }

    /// The line of a part title: the last level-1 heading with its text
    /// before the next link.
    fn part_line(&self, title: &str) -> u32 {
        let before = self.found.get(self.next).map_or(u32::MAX, |f| f.line);
        self.headings
            .iter()
            .filter(|(text, line)| text.trim() == title.trim() && *line <= before)
            .map(|(_, line)| *line)
            .next_back()
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<Entry>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let entries = parse(text, "SUMMARY.md", &mut diags);
        (entries, diags)
    }

    #[test]
    fn prefix_parts_nesting_suffix() {
        let text = "# Summary\n\n[About](about.md)\n\n# Part One\n\n- [One](one.md)\n  - [One A](sub/a.md)\n  - [Draft]()\n- [Two](two.md)\n\n---\n\n# Part Two\n\n- [Three](three.md)\n\n[Afterword](after.md)\n";
        let (entries, diags) = read(text);
        let got: Vec<_> = entries
            .iter()
            .map(|e| {
                (
                    e.path.as_str(),
                    e.kind,
                    e.number.as_deref(),
                    e.depth,
                    e.part.as_deref(),
                    e.line,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("about.md", ChapterKind::Front, None, 0, None, 3),
                (
                    "one.md",
                    ChapterKind::Body,
                    Some("1."),
                    0,
                    Some("Part One"),
                    7
                ),
                ("sub/a.md", ChapterKind::Body, Some("1.1."), 1, None, 8),
                ("two.md", ChapterKind::Body, Some("2."), 0, None, 10),
                (
                    "three.md",
                    ChapterKind::Body,
                    Some("3."),
                    0,
                    Some("Part Two"),
                    16
                ),
                ("after.md", ChapterKind::Back, None, 0, None, 18),
            ]
        );
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!((diags[0].line, diags[0].col), (9, 5));
        assert!(diags[0].message.contains("draft chapter `Draft`"));
    }

    #[test]
    fn flat_lists_carry_no_numbers() {
        let (entries, _) = read("- [One](one.md)\n- [Two](two.md)\n");
        assert!(entries.iter().all(|e| e.number.is_none() && e.depth == 0));
    }

    #[test]
    fn mdbook_refusals_are_located() {
        let (_, diags) = read("# Summary\n\n- [One](one.md)\n- Two, to do\n");
        assert_eq!((diags[0].line, diags[0].col), (4, 3), "{diags:?}");
        assert!(diags[0].message.contains("not a chapter link"));
        let (_, diags) = read("- [One](one.md)\n- [Again](one.md)\n");
        assert_eq!((diags[0].line, diags[0].col), (2, 3), "{diags:?}");
        assert!(diags[0].message.contains("already listed on line 1"));
    }
}
