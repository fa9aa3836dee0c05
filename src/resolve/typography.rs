//! Language typography, applied once to the model so that both books set
//! the same characters. (Curly quotes and dashes come from the Markdown
//! front-end's smart punctuation.)
//!
//! French: a narrow no-break space (U+202F) before `; : ! ?` and `»` and
//! after `«`, replacing an ordinary space where one was typed — also across
//! inline boundaries (`*mot* ;`, a note call before `;`). Code is left as
//! written.

use crate::model::Inline;

const NNBSP: char = '\u{202F}';

/// Applies French spacing to a run of inlines.
pub fn french_run(inlines: &mut [Inline]) {
    let mut after_content = false;
    walk(inlines, &mut after_content);
}

/// `after_content`: the last thing set before this point was visible
/// (a word, a note call), not a space or the start of the run.
fn walk(inlines: &mut [Inline], after_content: &mut bool) {
    for inline in inlines {
        match inline {
            Inline::Text { text, .. } => {
                *text = french_spacing(text, *after_content);
                *after_content = text.chars().next_back().is_some_and(|c| !c.is_whitespace())
                    || (text.is_empty() && *after_content);
            }
            Inline::Code { .. } | Inline::NoteRef(_) | Inline::Image { .. } => {
                *after_content = true
            }
            Inline::SoftBreak | Inline::HardBreak => *after_content = false,
            other => {
                if let Some(children) = other.children_mut() {
                    walk(children, after_content);
                }
            }
        }
    }
}

/// French spacing in one string; `after_content` says whether visible
/// content precedes it (so that a leading ` ;` gets its space too).
pub fn french_spacing(text: &str, after_content: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ';' | ':' | '!' | '?' | '»' => {
                let trimmed = out.trim_end_matches([' ', '\u{A0}', NNBSP]).len();
                let typed_space = trimmed < out.len() || (out.is_empty() && !after_content);
                // A mark inside a token (`https://`, `10:30`, `page?id=1`)
                // is no punctuation of the sentence: left as it is.
                let ends_token = chars
                    .peek()
                    .is_none_or(|n| n.is_whitespace() || "»)]}.,;:!?\"'”’…".contains(*n));
                if c != '»' && !typed_space && !ends_token {
                    out.push(c);
                    continue;
                }
                let had_text = trimmed > 0 || after_content;
                out.truncate(trimmed);
                // `?!`, `!!`: one space before the first mark only.
                let after_mark = c != '»' && out.ends_with([';', ':', '!', '?']);
                if had_text && !after_mark {
                    out.push(NNBSP);
                }
                out.push(c);
            }
            '«' => {
                out.push(c);
                while chars
                    .peek()
                    .is_some_and(|n| matches!(*n, ' ' | '\u{A0}' | NNBSP))
                {
                    chars.next();
                }
                out.push(NNBSP);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NoteId, NoteRefId};

    #[test]
    fn french_spacing_inserts_narrow_no_break_spaces() {
        assert_eq!(
            french_spacing("Quoi ? « Oui » dit-il ; non!", false),
            "Quoi\u{202F}? «\u{202F}Oui\u{202F}» dit-il\u{202F}; non\u{202F}!"
        );
        assert_eq!(french_spacing("a: b", false), "a\u{202F}: b");
        assert_eq!(french_spacing(" ; suite", false), "; suite");
        assert_eq!(french_spacing(" ; suite", true), "\u{202F}; suite");
        assert_eq!(
            french_spacing("Voir https://example.org à 10:30, page?id=1 ; oui?!", false),
            "Voir https://example.org à 10:30, page?id=1\u{202F}; oui\u{202F}?!"
        );
    }

    #[test]
    fn spacing_reaches_across_note_calls_and_emphasis() {
        let mut run = vec![
            Inline::text("la placarde"),
            Inline::NoteRef(NoteRefId {
                note: NoteId(0),
                occurrence: 0,
            }),
            Inline::text(" ; puis "),
            Inline::Emphasis(vec![Inline::text("mot")]),
            Inline::text(" !"),
        ];
        french_run(&mut run);
        let texts: Vec<String> = run
            .iter()
            .filter_map(|i| match i {
                Inline::Text { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, ["la placarde", "\u{202F}; puis ", "\u{202F}!"]);
    }
}
