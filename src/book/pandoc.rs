//! pandoc's title block: up to three lines starting with `%` at the very
//! top of a lone file — the title, the authors (separated by `;`), the
//! date — each possibly continued on lines that start with a space, an
//! empty `%` leaving a field out (pandoc's `pandoc_title_block`).

use crate::diag::Diagnostic;
use crate::model::Metadata;

/// What a title block says, and where the Markdown after it starts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TitleBlock {
    pub title: Option<String>,
    pub authors: Vec<String>,
    /// The date as written, with its line.
    pub date: Option<(String, u32)>,
    /// The byte offset where the text after the block starts.
    pub end: usize,
}

/// The title block at the start of `text`, if it has one.
pub fn title_block(text: &str) -> Option<TitleBlock> {
    if !text.starts_with('%') {
        return None;
    }
    // Fields: the lines of each, with the line number of the first.
    let mut fields: Vec<(Vec<&str>, u32)> = Vec::new();
    let mut end = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let body = line.trim_end_matches(['\n', '\r']);
        if let Some(rest) = body.strip_prefix('%') {
            if fields.len() == 3 {
                break;
            }
            fields.push((vec![rest.trim()], u32::try_from(n + 1).unwrap_or(u32::MAX)));
        } else if body.starts_with([' ', '\t']) && !body.trim().is_empty() && !fields.is_empty() {
            if let Some((lines, _)) = fields.last_mut() {
                lines.push(body.trim());
            }
        } else {
            break;
        }
        end += line.len();
    }
    let field = |i: usize| fields.get(i).map(|(lines, line)| (lines.as_slice(), *line));
    let mut block = TitleBlock {
        end,
        ..TitleBlock::default()
    };
    if let Some((lines, _)) = field(0) {
        let title = lines.join(" ").trim().to_string();
        block.title = (!title.is_empty()).then_some(title);
    }
    if let Some((lines, _)) = field(1) {
        block.authors = lines
            .iter()
            .flat_map(|l| l.split(';'))
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect();
    }
    if let Some((lines, line)) = field(2) {
        let date = lines.join(" ").trim().to_string();
        block.date = (!date.is_empty()).then_some((date, line));
    }
    Some(block)
}

impl TitleBlock {
    /// Fills in what the front matter left empty (pandoc lets YAML
    /// metadata win). A date Bindery cannot use is left out with a warning
    /// at its line.
    pub fn fill(self, meta: &mut Metadata, file: &str, diags: &mut Vec<Diagnostic>) {
        if meta.title.is_empty()
            && let Some(title) = self.title
        {
            meta.title = title;
        }
        if meta.authors.is_empty() {
            meta.authors = self.authors;
        }
        if meta.date.is_none()
            && let Some((date, line)) = self.date
        {
            if crate::model::is_valid_date(&date) {
                meta.date = Some(date);
            } else {
                diags.push(Diagnostic::warning(
                    file,
                    line,
                    1,
                    format!(
                        "the title block's date `{date}` is not YYYY, YYYY-MM or YYYY-MM-DD: left out of the book's metadata"
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_fields_with_continuations() {
        let text = "% A Title\n  Continued\n% Ann One; Bob Two\n  Cy Three\n% 2008-09\n\n# Body\n";
        let b = title_block(text).unwrap();
        assert_eq!(b.title.as_deref(), Some("A Title Continued"));
        assert_eq!(b.authors, ["Ann One", "Bob Two", "Cy Three"]);
        assert_eq!(b.date, Some(("2008-09".into(), 5)));
        assert_eq!(&text[b.end..], "\n# Body\n");
    }

    #[test]
    fn empty_fields_and_no_block() {
        let b = title_block("%\n% Jane Doe\n\nText\n").unwrap();
        assert_eq!((b.title, b.authors), (None, vec!["Jane Doe".to_string()]));
        assert!(title_block("# Not one\n% x\n").is_none());
    }
}
