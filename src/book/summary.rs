//! `SUMMARY.md`, mdBook's table of contents: links before the first list are
//! prefix chapters (front matter), list items (nested lists flattened in
//! order) the numbered chapters (body), links after the last list suffix
//! chapters (back matter). Headings (`# Summary`, part titles) and `---`
//! separators are allowed and carry no chapters.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::diag::Diagnostic;
use crate::diag::positions::LineIndex;
use crate::model::ChapterKind;

/// One chapter link in `SUMMARY.md`.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub title: String,
    /// As written (relative to the book folder).
    pub path: String,
    pub kind: ChapterKind,
    pub line: u32,
    pub col: u32,
}

/// Reads the chapter links in order, with warnings for draft chapters
/// (links without a file), which are skipped.
pub fn parse(text: &str, file: &str, diags: &mut Vec<Diagnostic>) -> Vec<Entry> {
    let index = LineIndex::new(text);
    // (in a list?, entry) in order; kinds are decided once the lists are known.
    let mut found: Vec<(bool, Entry)> = Vec::new();
    let mut list_depth = 0usize;
    let mut link: Option<(String, usize, String)> = None;
    // Open list items: (start offset, has a link, has text of its own).
    let mut items: Vec<(usize, bool, bool)> = Vec::new();
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::List(_)) => list_depth += 1,
            Event::End(TagEnd::List(_)) => list_depth = list_depth.saturating_sub(1),
            Event::Start(Tag::Item) => items.push((range.start, false, false)),
            Event::End(TagEnd::Item) => {
                if let Some((start, false, true)) = items.pop() {
                    let (line, col) = index.line_col(start);
                    diags.push(Diagnostic::error(
                        file,
                        line,
                        col,
                        "this list item is not a chapter link: write `- [Title](file.md)`, or `- [Title]()` for a draft",
                    ));
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(item) = items.last_mut() {
                    item.1 = true;
                }
                link = Some((dest_url.to_string(), range.start, String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, title)) = &mut link {
                    title.push_str(&t);
                } else if !t.trim().is_empty()
                    && let Some(item) = items.last_mut()
                {
                    item.2 = true;
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, _, title)) = &mut link {
                    title.push(' ');
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some((path, start, title)) = link.take() {
                    let (line, col) = index.line_col(start);
                    let title = title.trim().to_string();
                    if path.trim().is_empty() {
                        diags.push(Diagnostic::warning(
                            file,
                            line,
                            col,
                            format!("draft chapter `{title}` has no file: skipped"),
                        ));
                        continue;
                    }
                    found.push((
                        list_depth > 0,
                        Entry {
                            title,
                            path: path.trim().to_string(),
                            kind: ChapterKind::Body,
                            line,
                            col,
                        },
                    ));
                }
            }
            _ => {}
        }
    }
    let first_list = found.iter().position(|(in_list, _)| *in_list);
    let last_list = found.iter().rposition(|(in_list, _)| *in_list);
    found
        .into_iter()
        .enumerate()
        .map(|(i, (_, mut entry))| {
            entry.kind = match (first_list, last_list) {
                (Some(first), _) if i < first => ChapterKind::Front,
                (_, Some(last)) if i > last => ChapterKind::Back,
                (None, _) => ChapterKind::Front,
                _ => ChapterKind::Body,
            };
            entry
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_numbered_suffix() {
        let text = "# Summary\n\n[About](about.md)\n\n- [One](one.md)\n  - [One A](sub/a.md)\n- [Draft]()\n\n[Afterword](after.md)\n";
        let mut diags = Vec::new();
        let entries = parse(text, "SUMMARY.md", &mut diags);
        let kinds: Vec<_> = entries
            .iter()
            .map(|e| (e.path.as_str(), e.kind, e.line))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("about.md", ChapterKind::Front, 3),
                ("one.md", ChapterKind::Body, 5),
                ("sub/a.md", ChapterKind::Body, 6),
                ("after.md", ChapterKind::Back, 9),
            ]
        );
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, 7);
    }
}
