//! Inline events → model inlines: text runs, code, math, breaks, raw
//! HTML, note references, emphasis, links and images, for the block
//! walker in [`super::events`]. pandoc's inline syntax that pulldown-cmark
//! leaves as text is read by [`super::pandoc_inline`],
//! [`super::pandoc_spans`] and [`super::pandoc_raw`].

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag};

use super::PendingRef;
use super::events::{Converter, PENDING};
use crate::model::{Attrs, Inline, LinkTarget, NoteId, NoteRefId, Pos, inlines_plain_text};

impl Converter<'_, '_> {
    /// Inlines up to the enclosing `End` (consumed).
    pub(super) fn inlines(&mut self) -> Vec<Inline> {
        let mut out = Vec::new();
        while let Some(event) = self.peek() {
            if matches!(event, Event::End(_)) {
                self.next += 1;
                break;
            }
            if !is_inline(event) {
                // A block inside inline content cannot happen in
                // CommonMark; skip it rather than loop.
                self.next += 1;
                continue;
            }
            self.inline(&mut out);
        }
        out
    }

    /// Consumes one inline event (with its contents) onto `out`.
    pub(super) fn inline(&mut self, out: &mut Vec<Inline>) {
        let Some((event, range)) = self.bump() else {
            return;
        };
        match event {
            Event::Text(t) => self.text_run(out, &t, range.start, range.end),
            Event::Code(c) => self.code_span(&c, range, out),
            Event::InlineMath(_) | Event::DisplayMath(_) => {
                // Printed as written, delimiters and all, so no word is
                // lost and the reader sees it is TeX.
                let written = self.text.get(range.clone()).unwrap_or_default();
                let written = written.replace(super::pandoc_inline::CARET, "^");
                let shown: String = written.chars().take(40).collect();
                let more = if shown.len() < written.len() {
                    "…"
                } else {
                    ""
                };
                self.warn_at(
                    range.start,
                    format!("math is not typeset yet: `{shown}{more}` is printed as written"),
                );
                let pos = self.pos(range.start);
                push_text(out, written, pos)
            }
            Event::SoftBreak => out.push(Inline::SoftBreak),
            Event::HardBreak => out.push(Inline::HardBreak),
            Event::InlineHtml(html) | Event::Html(html) => out.push(Inline::Html {
                html: html.to_string(),
                pos: self.pos(range.start),
            }),
            Event::FootnoteReference(label) => {
                let pos = self.pos(range.start);
                if self.in_note {
                    self.error_at(
                        range.start,
                        format!("note reference [^{label}] inside a note: notes cannot reference other notes"),
                    );
                    return;
                }
                out.push(Inline::NoteRef(NoteRefId {
                    note: NoteId(self.references.len()),
                    occurrence: PENDING,
                }));
                self.references.push(PendingRef {
                    label: label.to_string(),
                    pos,
                });
            }
            Event::Start(Tag::Emphasis) => out.push(Inline::Emphasis(self.inlines())),
            Event::Start(Tag::Strong) => out.push(Inline::Strong(self.inlines())),
            Event::Start(Tag::Strikethrough) => out.push(Inline::Strikethrough(self.inlines())),
            Event::Start(Tag::Superscript) => out.push(Inline::Superscript(self.inlines())),
            Event::Start(Tag::Subscript) => out.push(Inline::Subscript(self.inlines())),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let was = std::mem::replace(&mut self.in_link, true);
                let mut content = self.inlines();
                self.in_link = was;
                let attrs = if matches!(link_type, LinkType::Autolink | LinkType::Email) {
                    Attrs::new()
                } else {
                    self.link_attributes(range.end, &mut content)
                };
                out.push(Inline::Link {
                    target: LinkTarget::Unresolved(dest_url.to_string()),
                    title: title.to_string(),
                    content,
                    attrs,
                    pos: self.pos(range.start),
                })
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let pos = self.pos(range.start);
                let alt = inlines_plain_text(&self.inlines());
                let (attrs, size) = self.image_attributes(range.end);
                match self.images.resolve(&dest_url, pos) {
                    Some(asset) => out.push(Inline::Image {
                        asset,
                        alt,
                        title: title.to_string(),
                        attrs,
                        size,
                        pos,
                    }),
                    None => push_text(out, alt, pos),
                }
            }
            Event::Start(_) => out.extend(self.inlines()),
            _ => {}
        }
    }

    /// With GFM footnotes, pulldown-cmark leaves a reference to an
    /// undefined note as plain text; find those `[^label]` in the source.
    pub(super) fn check_undefined_refs(&mut self, range: Range<usize>) {
        let Some(slice) = self.text.get(range.clone()) else {
            return;
        };
        let mut found = Vec::new();
        for (i, _) in slice.match_indices("[^") {
            if i > 0 && slice.as_bytes()[i - 1] == b'\\' {
                continue;
            }
            let rest = &slice[i + 2..];
            let Some(close) = rest.find(']') else {
                continue;
            };
            let label = &rest[..close];
            if label.is_empty() || label.contains(|c: char| c.is_whitespace() || c == '[') {
                continue;
            }
            found.push((range.start + i, label.to_string()));
        }
        for (offset, label) in found {
            self.error_at(
                offset,
                format!("note reference [^{label}] has no definition"),
            );
        }
    }
}

/// Whether an event belongs to running text rather than starting a block.
pub(super) fn is_inline(event: &Event) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineMath(_)
        | Event::DisplayMath(_)
        | Event::InlineHtml(_)
        | Event::FootnoteReference(_)
        | Event::SoftBreak
        | Event::HardBreak => true,
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        _ => false,
    }
}

/// Appends text, merging with a preceding text run (which keeps its
/// position: the merged run starts there).
pub(super) fn push_text(out: &mut Vec<Inline>, text: String, pos: Pos) {
    if let Some(Inline::Text { text: prev, .. }) = out.last_mut() {
        prev.push_str(&text);
    } else if !text.is_empty() {
        out.push(Inline::Text { text, pos });
    }
}
