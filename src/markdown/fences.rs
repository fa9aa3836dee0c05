//! pandoc's fenced divs (`::: warning` … `:::`), which pulldown-cmark does
//! not parse. Before the file is parsed, each fence line outside code and
//! HTML blocks is overwritten, byte for byte, with a thematic break
//! (`*****`): pulldown-cmark then ends the paragraph or list before it and
//! emits a `Rule` event at its offset, which the converter looks up here
//! to open or close a div. The text keeps its length, so every offset (and
//! so every `file:line:col`) stays where it was.

use std::collections::HashMap;

use pulldown_cmark::{Event, Tag};

/// What a fence line says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fence {
    /// `::: name` or `::: {#id .class lang=fr}`: a div opens.
    Open(FenceAttrs),
    /// A bare `:::` (three or more colons): the innermost div closes.
    Close,
}

/// The attributes of an opening fence, as written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FenceAttrs {
    pub id: Option<String>,
    pub classes: Vec<String>,
    /// `key=value` pairs, in order.
    pub pairs: Vec<(String, String)>,
}

/// The text with its fence lines overwritten, and each fence by the offset
/// of its rewritten line's first `*`. `None` when the text has no fence
/// (the usual case: the text is parsed as it is).
pub fn mark(
    text: &str,
    options: pulldown_cmark::Options,
) -> Option<(String, HashMap<usize, Fence>)> {
    if !text.contains(":::") {
        return None;
    }
    let candidates = candidates(text);
    if candidates.is_empty() {
        return None;
    }
    // Fence lines inside code and HTML blocks are their text.
    let verbatim = verbatim(text, options);
    let mut bytes = text.as_bytes().to_vec();
    let mut fences = HashMap::new();
    for (start, end, fence) in candidates {
        if verbatim.iter().any(|r| r.contains(&start)) {
            continue;
        }
        let indent = text[start..end].len() - text[start..end].trim_start_matches(' ').len();
        for b in &mut bytes[start + indent..end] {
            *b = b'*';
        }
        fences.insert(start + indent, fence);
    }
    if fences.is_empty() {
        return None;
    }
    // Only ASCII bytes of whole lines were replaced by ASCII.
    let text = String::from_utf8(bytes).ok()?;
    Some((text, fences))
}

/// The byte ranges of the code and HTML blocks of `text`, where lines that
/// look like pandoc's syntax (fences, tables) are text.
pub fn verbatim(text: &str, options: pulldown_cmark::Options) -> Vec<std::ops::Range<usize>> {
    let mut verbatim = Vec::new();
    let mut open = None;
    for (event, range) in pulldown_cmark::Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => open = Some(range.start),
            Event::End(_) if open.is_some() => {
                if let Some(start) = open.take() {
                    verbatim.push(start..range.end.max(start + 1));
                }
            }
            Event::Html(_) if open.is_none() => verbatim.push(range),
            _ => {}
        }
    }
    verbatim
}

/// Every line that reads as a fence: its byte range (without the line
/// ending) and what it says.
fn candidates(text: &str) -> Vec<(usize, usize, Fence)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        if let Some(fence) = parse_line(body) {
            out.push((start, start + body.len(), fence));
        }
    }
    out
}

/// A fence line: up to three spaces, three or more colons, then nothing
/// (a closing fence) or attributes — one class name, or `{…}` — and
/// optionally more colons.
pub fn parse_line(line: &str) -> Option<Fence> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let colons = rest.len() - rest.trim_start_matches(':').len();
    if colons < 3 {
        return None;
    }
    let rest = rest[colons..].trim_matches([' ', '\t']);
    let rest = rest.trim_end_matches(':').trim_end_matches([' ', '\t']);
    if rest.is_empty() {
        return Some(Fence::Close);
    }
    if let Some(inner) = rest.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
        return attributes(inner).map(Fence::Open);
    }
    if rest.chars().all(is_name_char) {
        return Some(Fence::Open(FenceAttrs {
            classes: vec![rest.to_string()],
            ..FenceAttrs::default()
        }));
    }
    None
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// pandoc's attribute syntax: `#id`, `.class`, `key=value`,
/// `key="quoted value"`, separated by spaces. `None` if it is not that.
pub(super) fn attributes(inner: &str) -> Option<FenceAttrs> {
    let mut attrs = FenceAttrs::default();
    let mut rest = inner.trim();
    while !rest.is_empty() {
        let word_end = |s: &str| s.find([' ', '\t']).unwrap_or(s.len());
        if let Some(r) = rest.strip_prefix('#') {
            let end = word_end(r);
            attrs.id = Some(r[..end].to_string());
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('.') {
            let end = word_end(r);
            if end == 0 {
                return None;
            }
            attrs.classes.push(r[..end].to_string());
            rest = &r[end..];
        } else {
            let eq = rest.find('=')?;
            let key = &rest[..eq];
            if key.is_empty() || !key.chars().all(is_name_char) {
                return None;
            }
            let r = &rest[eq + 1..];
            let (value, after) = if let Some(q) = r.strip_prefix('"') {
                let close = q.find('"')?;
                (&q[..close], &q[close + 1..])
            } else {
                let end = word_end(r);
                (&r[..end], &r[end..])
            };
            attrs.pairs.push((key.to_string(), value.to_string()));
            rest = after;
        }
        rest = rest.trim_start();
    }
    Some(attrs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fence_lines_and_what_they_say() {
        assert_eq!(parse_line(":::"), Some(Fence::Close));
        assert_eq!(parse_line("  ::::::  "), Some(Fence::Close));
        assert_eq!(parse_line("    :::"), None);
        assert_eq!(parse_line("::"), None);
        let Some(Fence::Open(a)) = parse_line("::: warning :::") else {
            panic!()
        };
        assert_eq!(a.classes, ["warning"]);
        let Some(Fence::Open(a)) = parse_line(r#"::: {#w1 .note .wide lang=fr title="Two words"}"#)
        else {
            panic!()
        };
        assert_eq!(a.id.as_deref(), Some("w1"));
        assert_eq!(a.classes, ["note", "wide"]);
        assert_eq!(
            a.pairs,
            [
                ("lang".to_string(), "fr".to_string()),
                ("title".to_string(), "Two words".to_string())
            ]
        );
        // Prose that starts with colons is not a fence.
        assert_eq!(parse_line("::: this is prose"), None);
        assert_eq!(parse_line("::: {unclosed"), None);
    }

    #[test]
    fn fences_in_code_stay_text_and_offsets_are_kept() {
        let text = "::: note\nText.\n:::\n\n```\n:::\n```\n";
        let (marked, fences) = mark(text, crate::markdown::options()).unwrap();
        assert_eq!(marked.len(), text.len());
        assert_eq!(&marked[..9], "********\n");
        assert!(marked.contains("```\n:::\n```"));
        assert_eq!(fences.len(), 2);
        assert_eq!(fences[&15], Fence::Close);
        assert!(mark("no fences here", crate::markdown::options()).is_none());
    }
}
