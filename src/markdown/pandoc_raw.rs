//! pandoc syntax Bindery reads but cannot render, each kept as written
//! with a warning at its `file:line:col` (nothing lost in silence):
//! citations (`[@key]`, `@key`, `[see @key, p. 3]`: there is no
//! bibliography), raw LaTeX in the text (`\newpage`, `\LaTeX{}`,
//! `\begin{center}`) and raw blocks or spans of a format other than HTML
//! (```` ```{=latex} ````, `` `\clearpage`{=latex} ``). Raw HTML
//! (```` ```{=html} ````, `` `<br>`{=html} ``) goes through the raw HTML
//! path like any HTML in the Markdown.

use std::ops::Range;

use pulldown_cmark::Event;

use super::events::Converter;
use crate::model::{BlockKind, Inline};

/// How much of a construct a warning quotes.
const QUOTED: usize = 40;

impl Converter<'_, '_> {
    /// Warns about the citations and raw LaTeX commands written at `range`
    /// (a run of text events), which stay in the text as written.
    pub(super) fn unrendered_syntax(&mut self, range: Range<usize>) {
        let Some(slice) = self.text.get(range.clone()) else {
            return;
        };
        let mut found = Vec::new();
        let bytes = self.text.as_bytes();
        // Only `@` and a backslash open what is warned about (most
        // text holds neither).
        for (i, c) in slice.match_indices(['@', '\\']) {
            let c = if c == "@" { '@' } else { '\\' };
            let at = range.start + i;
            let escaped = bytes[..at]
                .iter()
                .rev()
                .take_while(|&&b| b == b'\\')
                .count()
                % 2
                == 1;
            if escaped {
                continue;
            }
            let rest = &slice[i..];
            if c == '@' && !self.in_link {
                let before = self.text[..at].chars().next_back();
                if before.is_some_and(|b| b.is_alphanumeric() || b == '_') {
                    continue;
                }
                if let Some(key) = citation_key(&rest[1..]) {
                    found.push((
                        at,
                        format!(
                            "citation `@{key}` is printed as written: Bindery has no \
                             bibliography support"
                        ),
                    ));
                }
            } else if c == '\\'
                && let Some(command) = tex_command(rest)
                && !command.starts_with("\\end")
            {
                found.push((
                    at,
                    format!(
                        "raw LaTeX `{}` is not rendered: it is printed as written (Bindery \
                         does not read TeX)",
                        quoted(command)
                    ),
                ));
            }
        }
        for (at, message) in found {
            self.warn_at(at, message);
        }
    }

    /// A fenced raw block (```` ```{=format} ````): HTML goes through the
    /// raw HTML path; any other format is printed as written, as code,
    /// with a warning.
    pub(super) fn raw_block(&mut self, format: &str, text: String, offset: usize) -> BlockKind {
        if format.eq_ignore_ascii_case("html") {
            return BlockKind::Html(text);
        }
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        self.warn_at(
            offset,
            format!(
                "raw `{format}` block (`{}`) is not rendered: it is printed as written, as code",
                quoted(first.trim())
            ),
        );
        BlockKind::CodeBlock {
            lang: None,
            text,
            tokens: Vec::new(),
        }
    }

    /// A code span, or pandoc's raw span when `{=format}` follows it: HTML
    /// as raw HTML, another format printed as written with a warning.
    pub(super) fn code_span(&mut self, code: &str, range: Range<usize>, out: &mut Vec<Inline>) {
        let pos = self.pos(range.start);
        let format = match self.events.get(self.next) {
            Some((Event::Text(t), r)) if r.start == range.end => {
                raw_attribute(t).map(str::to_string)
            }
            _ => None,
        };
        let Some(format) = format else {
            out.push(Inline::Code {
                text: code.to_string(),
                pos,
            });
            return;
        };
        self.drop_attribute(format.len());
        if format.eq_ignore_ascii_case("html") {
            out.push(Inline::Html {
                html: code.to_string(),
                pos,
            });
            return;
        }
        self.warn_at(
            range.start,
            format!(
                "raw `{format}` span (`{}`) is not rendered: it is printed as written, as code",
                quoted(code)
            ),
        );
        out.push(Inline::Code {
            text: code.to_string(),
            pos,
        });
    }

    /// Takes the `{=format}` (`format` bytes long) off the start of the
    /// next text event.
    fn drop_attribute(&mut self, format: usize) {
        if let Some((Event::Text(t), r)) = self.events.get(self.next).cloned() {
            let cut = format + 3;
            let rest = t[cut..].to_string();
            if rest.is_empty() {
                self.next += 1;
            } else {
                self.events[self.next] = (Event::Text(rest.into()), r.start + cut..r.end);
            }
        }
    }
}

/// The format of a raw attribute `{=format}` starting `text`.
fn raw_attribute(text: &str) -> Option<&str> {
    let inner = text.strip_prefix("{=")?;
    let end = inner.find('}')?;
    let format = &inner[..end];
    (!format.is_empty()
        && format
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_'))
    .then_some(format)
}

/// pandoc's citation key after an `@`: letters, digits and `_`, with
/// internal punctuation (`:.#$%&-+?<>~/`) followed by one of them; or
/// `{…}`.
fn citation_key(s: &str) -> Option<&str> {
    if let Some(inner) = s.strip_prefix('{') {
        return inner.find('}').map(|e| &s[..e + 2]).filter(|k| k.len() > 2);
    }
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut end = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if word(c) {
            end = i + c.len_utf8();
        } else if ":.#$%&-+?<>~/".contains(c) && chars.peek().is_some_and(|&(_, n)| word(n)) {
            continue;
        } else {
            break;
        }
    }
    (end > 0).then(|| &s[..end])
}

/// A LaTeX command starting `s` (`\name` and its `{…}` or `[…]`
/// arguments right after it), as written.
fn tex_command(s: &str) -> Option<&str> {
    let name = s[1..]
        .find(|c: char| !c.is_ascii_alphabetic())
        .map_or(s.len(), |e| e + 1);
    if name < 3 {
        return None;
    }
    let mut end = name;
    while let Some(open) = s[end..].chars().next().filter(|c| *c == '{' || *c == '[') {
        let close = if open == '{' { '}' } else { ']' };
        match s[end..].find(close) {
            Some(k) => end += k + 1,
            None => break,
        }
    }
    Some(&s[..end])
}

/// At most [`QUOTED`] characters of `s`, with an ellipsis when cut.
fn quoted(s: &str) -> String {
    let mut q: String = s.chars().take(QUOTED).collect();
    if q.len() < s.len() {
        q.push('…');
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_commands_and_attributes() {
        assert_eq!(citation_key("doe99, p. 3]"), Some("doe99"));
        assert_eq!(citation_key("smith:2004.b says"), Some("smith:2004.b"));
        assert_eq!(citation_key("{Doe 99} x"), Some("{Doe 99}"));
        assert_eq!(citation_key(" alone"), None);
        assert_eq!(tex_command("\\LaTeX{} here"), Some("\\LaTeX{}"));
        assert_eq!(tex_command("\\begin{center}\nx"), Some("\\begin{center}"));
        assert_eq!(tex_command("\\newpage"), Some("\\newpage"));
        assert_eq!(tex_command("\\a b"), None);
        assert_eq!(raw_attribute("{=html} after"), Some("html"));
        assert_eq!(raw_attribute("{.class}"), None);
    }
}
