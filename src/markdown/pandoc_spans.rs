//! pandoc's bracketed spans, `[un texte]{lang=fr}` (also `{.smallcaps}`,
//! `{#id}`): what pulldown-cmark leaves as text when no link is made of
//! the brackets. The span becomes the raw `<span>` it stands for, so the
//! resolve pass lowers, sanitises and warns about it exactly as about a
//! `<span>` the author wrote: its `lang` for both books, its classes kept
//! in the EPUB. A link (`[text](url){…}`) is a `Link` event, never text,
//! so its attributes are not taken for a span.

use pulldown_cmark::{CowStr, Event};

use super::events::Converter;
use super::fences::{FenceAttrs, attributes};
use crate::model::Inline;

/// Where a bracketed span's `]` and attributes are: the event holding the
/// `]`, the `]`'s byte in the source, where the attributes (`{…}`) end in
/// the source, and what they say.
struct Close {
    event: usize,
    at: usize,
    end: usize,
    attrs: FenceAttrs,
}

impl Converter<'_, '_> {
    /// Whether the event at `self.next` (text, unescaped, starting with
    /// `[`) opens a bracketed span, and where it closes.
    fn span_close(&self) -> Option<Close> {
        let (Event::Text(t), r) = self.events.get(self.next)? else {
            return None;
        };
        if !t.starts_with('[')
            || (r.start > 0 && self.text.as_bytes().get(r.start - 1) == Some(&b'\\'))
        {
            return None;
        }
        let (event, i) = self.inline_note_close()?;
        let r = self.events[event].1.clone();
        let at = r.start + i;
        // The attributes as written right after the `]`, on its line.
        let source = self.text.get(at..)?;
        let braces = source.strip_prefix("]{")?;
        let len = braces.find(['}', '\n'])?;
        if braces.as_bytes()[len] != b'}' {
            return None;
        }
        let attrs = attributes(&braces[..len])?;
        let end = at + len + 3;
        // They are text events as written, one after the other, from the
        // `]` on (typography would have changed them otherwise).
        let mut reached = at;
        for (e, r) in &self.events[event..] {
            let Event::Text(t) = e else { return None };
            if self.text.get(r.clone()) != Some(t.as_ref()) || r.start > reached.max(at) {
                return None;
            }
            reached = r.end;
            if reached >= end {
                return Some(Close {
                    event,
                    at,
                    end,
                    attrs,
                });
            }
        }
        None
    }

    /// Whether the next event opens a bracketed span.
    pub(super) fn opens_span(&self) -> bool {
        self.span_close().is_some()
    }

    /// A bracketed span opening at the next event: consumed, and its
    /// content pushed onto `out` between the raw `<span …>` and `</span>`
    /// it stands for. `false` (nothing consumed) when there is none.
    pub(super) fn bracketed_span(&mut self, out: &mut Vec<Inline>) -> bool {
        let Some(close) = self.span_close() else {
            return false;
        };
        // The closing event ends before its `]`; the events of `]{…}` give
        // up what they hold of it (all text as written).
        let k = close.event;
        let r = self.events[k].1.clone();
        let text = |s: &Self, range: std::ops::Range<usize>| {
            (
                Event::Text(CowStr::from(s.text[range.clone()].to_string())),
                range,
            )
        };
        self.events[k] = text(self, r.start..close.at);
        let j = k + 1;
        if r.end > close.end {
            self.events.insert(j, text(self, close.end..r.end));
        } else {
            while let Some((_, r)) = self.events.get(j).cloned() {
                if r.end <= close.end {
                    self.events.remove(j);
                    continue;
                }
                self.events[j] = text(self, r.start.max(close.end)..r.end);
                break;
            }
        }
        let stop = close.event + 1;
        let (Event::Text(first), r) = self.events[self.next].clone() else {
            return false;
        };
        let open = r.start;
        self.events[self.next] = (
            Event::Text(CowStr::from(first[1..].to_string())),
            r.start + 1..r.end,
        );
        let outer_stop = std::mem::replace(&mut self.text_stop, stop);
        let mut content = Vec::new();
        while self.next < stop {
            self.inline(&mut content);
        }
        self.text_stop = outer_stop;
        out.push(Inline::Html {
            html: start_tag(&close.attrs),
            pos: self.pos(open),
        });
        out.extend(content);
        out.push(Inline::Html {
            html: "</span>".to_string(),
            pos: self.pos(close.at),
        });
        true
    }
}

/// The `<span>` start tag pandoc's attributes stand for.
fn start_tag(attrs: &FenceAttrs) -> String {
    let mut tag = String::from("<span");
    let mut put = |key: &str, value: &str| {
        tag.push_str(&format!(" {key}=\"{}\"", escape(value)));
    };
    if let Some(id) = &attrs.id {
        put("id", id);
    }
    if !attrs.classes.is_empty() {
        put("class", &attrs.classes.join(" "));
    }
    for (key, value) in &attrs.pairs {
        put(key, value);
    }
    tag.push('>');
    tag
}

/// An attribute value as HTML writes it between double quotes.
fn escape(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_make_the_span_they_stand_for() {
        let attrs = attributes(r#"#x .smallcaps .wide lang=fr title="a & <b>""#).unwrap();
        assert_eq!(
            start_tag(&attrs),
            r#"<span id="x" class="smallcaps wide" lang="fr" title="a &amp; &lt;b>">"#
        );
    }
}
