//! A lone Markdown file's YAML front matter (pandoc's keys), which stands in
//! for `book.toml`'s `[book]` table.

use serde_norway::Value;

use crate::diag::Diagnostic;
use crate::diag::positions::LineIndex;
use crate::model::Metadata;

/// What the front matter says. Missing values stay empty; the loader fills
/// in defaults (title from the first heading, language `en`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FrontMatter {
    pub meta: Metadata,
    /// `cover-image`, relative to the Markdown file, with its line.
    pub cover: Option<(String, u32)>,
    /// The line of the opening `---`, for messages about the block.
    pub line: u32,
}

/// The YAML text of the front matter and the byte offset where it starts,
/// if the file opens with a `---` line closed by `---` or `...`.
pub fn find(text: &str) -> Option<(&str, usize)> {
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let body_start = first_end + 1;
    let mut offset = body_start;
    for line in text[body_start..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Some((&text[body_start..offset], body_start));
        }
        offset += line.len();
    }
    None
}

/// How deeply `[` and `{` may nest in the front matter. The YAML parser
/// refuses 128 levels anyway, but only after scanning in time quadratic in
/// the depth (100,000 levels took minutes), so deeper is refused first.
const MAX_FLOW_DEPTH: usize = 128;

/// Where the front matter's brackets first nest deeper than
/// [`MAX_FLOW_DEPTH`] (counting every bracket, quoted or not: a real title
/// never opens a hundred), as a byte offset into `yaml`.
fn too_deep_flow(yaml: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in yaml.bytes().enumerate() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Parses the front matter of `text`, reporting YAML errors and wrong types
/// at their line in `file`. `None` when the file has no front matter.
pub fn parse(text: &str, file: &str, diags: &mut Vec<Diagnostic>) -> Option<FrontMatter> {
    let (yaml, start) = find(text)?;
    let index = LineIndex::new(text);
    let (first_line, _) = index.line_col(start);
    let mut fm = FrontMatter {
        line: first_line.saturating_sub(1).max(1),
        ..FrontMatter::default()
    };
    if let Some(offset) = too_deep_flow(yaml) {
        let (line, col) = index.line_col(start + offset);
        diags.push(Diagnostic::error(
            file,
            line,
            col,
            format!(
                "invalid YAML front matter: brackets nested more than {MAX_FLOW_DEPTH} levels deep"
            ),
        ));
        return Some(fm);
    }
    let value: Value = match serde_norway::from_str(yaml) {
        Ok(v) => v,
        Err(e) => {
            let (line, col) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
            diags.push(Diagnostic::error(
                file,
                first_line + u32::try_from(line.saturating_sub(1)).unwrap_or(0),
                u32::try_from(col).unwrap_or(0),
                format!("invalid YAML front matter: {e}"),
            ));
            return Some(fm);
        }
    };
    let Value::Mapping(map) = value else {
        if !value.is_null() {
            diags.push(Diagnostic::error(
                file,
                fm.line,
                1,
                "the YAML front matter must be a mapping of keys such as `title:`",
            ));
        }
        return Some(fm);
    };
    // The line of a key, found by scanning the YAML text.
    let key_line = |key: &str| {
        yaml.lines()
            .position(|l| l.starts_with(key) && l[key.len()..].trim_start().starts_with(':'))
            .map_or(fm.line, |i| first_line + u32::try_from(i).unwrap_or(0))
    };
    for (key, value) in &map {
        let Some(key) = key.as_str() else {
            continue;
        };
        let mut wrong = |what: &str| {
            diags.push(Diagnostic::error(
                file,
                key_line(key),
                1,
                format!("front matter `{key}` must be {what}"),
            ));
        };
        let meta = &mut fm.meta;
        match key {
            "title" => match scalar(value) {
                Some(s) => meta.title = s,
                None => wrong("text"),
            },
            "subtitle" => meta.subtitle = scalar(value),
            "author" | "authors" => match list(value) {
                Some(l) => meta.authors = l,
                None => wrong("a name or a list of names"),
            },
            "lang" | "language" => match scalar(value) {
                Some(s) if crate::lang::is_language_tag(&s) => meta.language = s,
                _ => wrong("a BCP 47 language tag such as `en-US`"),
            },
            "date" => match scalar(value) {
                Some(s) if crate::model::is_valid_date(&s) => meta.date = Some(s),
                _ => wrong("a date as YYYY, YYYY-MM or YYYY-MM-DD"),
            },
            "description" | "abstract" => meta.description = scalar(value),
            "rights" | "copyright" => meta.rights = scalar(value),
            "publisher" => meta.publisher = scalar(value),
            "source" => meta.source = scalar(value),
            "isbn" => meta.isbn = scalar(value),
            "identifier" => match scalar(value) {
                Some(s) => meta.identifier = s,
                None => wrong("text"),
            },
            "subject" | "subjects" | "keywords" => match list(value) {
                Some(l) => meta.subjects = l,
                None => wrong("a word or a list of words"),
            },
            "cover-image" => match scalar(value) {
                Some(s) => fm.cover = Some((s, key_line(key))),
                None => wrong("a file path"),
            },
            _ => diags.push(Diagnostic::warning(
                file,
                key_line(key),
                1,
                format!("front matter key `{key}` is not used by Bindery"),
            )),
        }
    }
    Some(fm)
}

/// A scalar as trimmed text (numbers too: `date: 2008`).
fn scalar(value: &Value) -> Option<String> {
    let s = match value {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        // pandoc allows `author: [{name: …}]`-style maps; take the name.
        Value::Mapping(m) => return m.get("name").and_then(scalar),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// One value or a list of them.
fn list(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Sequence(items) => items.iter().map(scalar).collect(),
        other => scalar(other).map(|s| vec![s]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pandoc_keys() {
        let text =
            "---\ntitle: An Essay\nauthor: [A, B]\nlang: fr\ncover-image: c.png\n---\n\n# One\n";
        let mut diags = Vec::new();
        let fm = parse(text, "essay.md", &mut diags).unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(fm.meta.title, "An Essay");
        assert_eq!(fm.meta.authors, vec!["A", "B"]);
        assert_eq!(fm.meta.language, "fr");
        assert_eq!(fm.cover, Some(("c.png".into(), 5)));
    }

    #[test]
    fn yaml_error_line_is_in_the_file() {
        let text = "---\ntitle: x\nauthor: [a\n---\n";
        let mut diags = Vec::new();
        parse(text, "e.md", &mut diags);
        assert_eq!(diags.len(), 1);
        assert!(diags[0].line >= 3, "{:?}", diags[0]);
    }
}
