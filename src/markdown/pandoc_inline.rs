//! pandoc's inline syntax that pulldown-cmark leaves as text: inline notes
//! `^[a note written in place]`, and sub- and superscripts inside a word
//! (`H~2~O`, `2^10^`), which pulldown-cmark only sees between spaces.
//!
//! Both are read from the event stream, never from a second parse: the
//! events between `^[` and its `]` are already the note's inlines, and an
//! escaped `\~` or `\^` starts its own text event after the backslash, so
//! it is never taken for a delimiter. Before parsing, the `^` of each `^[`
//! becomes [`CARET`] (one byte, so offsets are kept): pulldown-cmark would
//! otherwise open a superscript there and close it at the note's first `^`.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::events::{Converter, PENDING};
use super::inlines::{is_inline, push_text};
use super::{FootnoteDef, PendingRef};
use crate::model::{Block, BlockKind, Inline, NoteId, NoteRefId};

/// What the `^` of an inline note's `^[` is while parsing: a byte no
/// Markdown syntax gives a meaning to (a file already holding one is not
/// marked).
pub const CARET: char = '\u{1}';

/// `text` with the `^` of every unescaped `^[` turned into [`CARET`], every
/// byte offset kept; `None` when there is none (or the text holds a
/// [`CARET`] of its own).
pub fn mark_inline_notes(text: &str) -> Option<String> {
    if text.contains(CARET) || !text.contains("^[") {
        return None;
    }
    let bytes = text.as_bytes();
    let mut marked = text.as_bytes().to_vec();
    let mut any = false;
    for i in 0..bytes.len().saturating_sub(1) {
        if bytes[i] == b'^' && bytes[i + 1] == b'[' {
            let backslashes = bytes[..i].iter().rev().take_while(|&&b| b == b'\\').count();
            if backslashes % 2 == 0 {
                marked[i] = CARET as u8;
                any = true;
            }
        }
    }
    // Only an ASCII byte was replaced by another: still UTF-8.
    any.then(|| String::from_utf8(marked).expect("ASCII for ASCII"))
}

/// Puts back the `^` of every [`CARET`] outside running text (code, raw
/// HTML, URLs, math, attributes): only text events may open an inline note.
pub fn restore_carets(events: &mut [(Event<'_>, std::ops::Range<usize>)]) {
    fn put_back(s: &mut CowStr<'_>) {
        if s.contains(CARET) {
            *s = CowStr::from(s.replace(CARET, "^"));
        }
    }
    let mut in_code = 0usize;
    for (event, _) in events {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code += 1;
                if let CodeBlockKind::Fenced(info) = kind {
                    put_back(info);
                }
            }
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Text(t) if in_code > 0 => put_back(t),
            Event::Text(_) => {}
            Event::Code(s)
            | Event::InlineMath(s)
            | Event::DisplayMath(s)
            | Event::Html(s)
            | Event::InlineHtml(s)
            | Event::FootnoteReference(s) => put_back(s),
            Event::Start(Tag::Link {
                dest_url, title, ..
            })
            | Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                put_back(dest_url);
                put_back(title);
            }
            Event::Start(Tag::Heading {
                id, classes, attrs, ..
            }) => {
                if let Some(id) = id {
                    put_back(id);
                }
                classes.iter_mut().for_each(put_back);
                for (key, value) in attrs {
                    put_back(key);
                    if let Some(value) = value {
                        put_back(value);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The label an inline note gets: no `[^label]` written in a source can
/// name it (labels cannot hold control characters).
fn inline_label(n: usize) -> String {
    format!("\u{1}inline-{n}")
}

impl Converter<'_, '_> {
    /// A run of text events from the one just consumed (`text`, written at
    /// `start..end`) onward, with pandoc's inline notes and in-word sub- and
    /// superscripts taken out of it, onto `out`.
    pub(super) fn text_run(&mut self, out: &mut Vec<Inline>, text: &str, start: usize, end: usize) {
        // A bracketed span `[…]{…}` opening here.
        if text.starts_with('[') {
            self.next -= 1;
            if self.bracketed_span(out) {
                return;
            }
            self.next += 1;
        }
        let mut pieces = vec![(text.to_string(), self.is_escape(start..end))];
        let mut end = end;
        loop {
            if pieces.last().is_some_and(|(t, _)| t.ends_with(CARET)) {
                if self.opens_inline_note(end) {
                    pieces.last_mut().expect("a piece").0.pop();
                    self.check_undefined_refs(start..end);
                    self.unrendered_syntax(start..end);
                    self.push_scripts(out, &pieces, start);
                    self.inline_note(out, end - 1);
                    return;
                }
                // An unclosed `^[`: printed as written.
                let last = pieces.last_mut().expect("a piece");
                last.0.pop();
                last.0.push('^');
            }
            match self.events.get(self.next) {
                // A bracketed span is the next inline's.
                Some((Event::Text(more), _)) if more.starts_with('[') && self.opens_span() => break,
                Some((Event::Text(more), r)) if self.next < self.text_stop => {
                    let (more, r) = (more.to_string(), r.clone());
                    pieces.push((more, self.is_escape(r.clone())));
                    end = r.end;
                    self.next += 1;
                }
                _ => break,
            }
        }
        self.check_undefined_refs(start..end);
        self.unrendered_syntax(start..end);
        self.push_scripts(out, &pieces, start);
    }

    /// Whether the first character of the text event written at `range`
    /// was escaped: pulldown-cmark starts a new event after the backslash,
    /// which no event covers.
    fn is_escape(&self, range: std::ops::Range<usize>) -> bool {
        range.start > 0 && self.text.as_bytes().get(range.start - 1) == Some(&b'\\')
    }

    /// Whether a `^` ending at `end` opens an inline note: the next event
    /// is text starting with `[` right there, and a `]` closes it within
    /// the same paragraph.
    fn opens_inline_note(&self, end: usize) -> bool {
        matches!(self.events.get(self.next), Some((Event::Text(t), r)) if r.start == end && t.starts_with('['))
            && self.inline_note_close().is_some()
    }

    /// The event holding the `]` that closes the `[` starting the next
    /// event, and the byte of that `]` in the event's text.
    pub(super) fn inline_note_close(&self) -> Option<(usize, usize)> {
        let mut depth = 0usize;
        for k in self.next..self.events.len() {
            let (event, range) = &self.events[k];
            match event {
                Event::Text(t) => {
                    let escaped = self.is_escape(range.clone());
                    for (i, c) in t.char_indices() {
                        if i == 0 && escaped {
                            continue;
                        }
                        match c {
                            '[' => depth += 1,
                            ']' => {
                                depth -= 1;
                                if depth == 0 {
                                    return Some((k, i));
                                }
                            }
                            _ => {}
                        }
                    }
                }
                Event::Start(_) if !is_inline(event) => return None,
                Event::End(tag) if !is_inline_end(tag) => return None,
                _ => {}
            }
        }
        None
    }

    /// Consumes `[…]` (the `^` at `caret` already taken) and pushes the
    /// reference of a note holding what stood between the brackets.
    fn inline_note(&mut self, out: &mut Vec<Inline>, caret: usize) {
        let Some((k, at)) = self.inline_note_close() else {
            return;
        };
        // Split the closing event around its `]`, then drop the opening `[`.
        let (event, range) = self.events[k].clone();
        let Event::Text(t) = event else { return };
        let cut = (range.start + at).min(range.end);
        let after = t[at + 1..].to_string();
        self.events[k] = (
            Event::Text(CowStr::from(t[..at].to_string())),
            range.start..cut,
        );
        let stop = if after.is_empty() {
            k + 1
        } else {
            let resume = (cut + 1).min(range.end);
            self.events
                .insert(k + 1, (Event::Text(CowStr::from(after)), resume..range.end));
            k + 1
        };
        if let Some((Event::Text(first), r)) = self.events.get(self.next).cloned() {
            self.events[self.next] = (Event::Text(CowStr::from(first[1..].to_string())), r);
        }
        let pos = self.pos(caret);
        if self.in_note {
            self.error_at(
                caret,
                "inline note ^[…] inside a note: notes cannot reference other notes".to_string(),
            );
        }
        let was_in_note = std::mem::replace(&mut self.in_note, true);
        let outer_stop = std::mem::replace(&mut self.text_stop, stop);
        let mut inlines = Vec::new();
        while self.next < stop {
            self.inline(&mut inlines);
        }
        self.text_stop = outer_stop;
        self.in_note = was_in_note;
        if was_in_note {
            return;
        }
        let label = inline_label(self.definitions.len());
        self.definitions.push(FootnoteDef {
            label: label.clone(),
            blocks: vec![Block::new(pos, BlockKind::Paragraph(inlines))],
            pos,
        });
        let note = NoteId(self.references.len());
        self.references.push(PendingRef { label, pos });
        out.push(Inline::NoteRef(NoteRefId {
            note,
            occurrence: PENDING,
        }));
    }

    /// Pushes the text of `pieces` (each with whether it was an escape),
    /// which starts at `start`, with `~sub~` and `^super^` inside words set
    /// as sub- and superscripts.
    fn push_scripts(&self, out: &mut Vec<Inline>, pieces: &[(String, bool)], start: usize) {
        let pos = self.pos(start);
        if !pieces.iter().any(|(p, _)| p.contains(['~', '^'])) {
            // No delimiter: the text as it stands (most text).
            let text: String = pieces.iter().map(|(p, _)| p.as_str()).collect();
            push_text(out, text, pos);
            return;
        }
        let mut text = String::new();
        let mut delimiter = Vec::new();
        for (piece, escaped) in pieces {
            for (i, c) in piece.chars().enumerate() {
                delimiter.push(!(i == 0 && *escaped) && (c == '~' || c == '^'));
                text.push(c);
            }
        }
        let chars: Vec<char> = text.chars().collect();
        let mut plain = String::new();
        let mut i = 0;
        while i < chars.len() {
            if delimiter[i]
                && let Some(close) = script_close(&chars, &delimiter, i)
            {
                push_text(out, std::mem::take(&mut plain), pos);
                let inner: String = chars[i + 1..close].iter().collect();
                let content = vec![Inline::Text { text: inner, pos }];
                out.push(if chars[i] == '~' {
                    Inline::Subscript(content)
                } else {
                    Inline::Superscript(content)
                });
                i = close + 1;
                continue;
            }
            plain.push(chars[i]);
            i += 1;
        }
        push_text(out, plain, pos);
    }
}

/// The index of the delimiter closing the sub- or superscript that the
/// delimiter at `open` would start, as pandoc reads them: the same
/// character, unescaped, with at least one character between and no space
/// (nor another delimiter) in it.
fn script_close(chars: &[char], delimiter: &[bool], open: usize) -> Option<usize> {
    let mark = chars[open];
    // `~~` is strikethrough's, never an empty subscript.
    if chars.get(open + 1) == Some(&mark) || (open > 0 && chars[open - 1] == mark) {
        return None;
    }
    let mut j = open + 1;
    while j < chars.len() {
        let c = chars[j];
        if c.is_whitespace() {
            return None;
        }
        if delimiter[j] {
            return (c == mark && j > open + 1 && chars.get(j + 1) != Some(&mark)).then_some(j);
        }
        j += 1;
    }
    None
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}
