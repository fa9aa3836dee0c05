//! pandoc's link and image attributes, `[text](url){#id .class lang=fr}`
//! and `![alt](src){width=50%}`: what pulldown-cmark leaves as text right
//! after the link or image. What the model carries is kept — the id (an
//! anchor in both books), the classes (the EPUB's stylesheet), the
//! language (a link's text is a `span` with it, so that both books set it
//! in that language; an image's is its alt text's), an image's `width` and
//! `height` (its [`ImageSize`]) — and the rest, which neither book renders
//! (a `target`, a width in `em`), is reported at its `file:line:col` and
//! left out, never printed as braces.

use pulldown_cmark::{CowStr, Event};

use super::events::Converter;
use super::fences::{FenceAttrs, attributes};
use crate::model::{Attrs, ImageSize, Inline, is_xml_id};

impl Converter<'_, '_> {
    /// The attributes `{…}` written right after the link or image that
    /// ends at byte `end` of the text, taken out of the text events that
    /// follow it, and the `{`'s offset; `None` (nothing taken) when none
    /// are written there. The events taken become empty text, so that the
    /// event indices a caller holds (an inline note's end) stay right.
    fn trailing_attributes(&mut self, end: usize) -> Option<(FenceAttrs, usize)> {
        let inner = self.text.get(end..)?.strip_prefix('{')?;
        let len = inner.find(['}', '\n'])?;
        if inner.as_bytes()[len] != b'}' {
            return None;
        }
        let attrs = attributes(&inner[..len])?;
        let close = end + len + 2;
        let stop = self.text_stop.min(self.events.len());
        let mut k = self.next;
        let mut tail = None;
        loop {
            let Some((Event::Text(t), r)) = self.events.get(k).filter(|_| k < stop) else {
                return None;
            };
            if (k == self.next && r.start != end) || r.start >= close {
                return None;
            }
            k += 1;
            if r.end == close {
                break;
            }
            if r.end > close {
                // The event runs on after the `}`: its text as written.
                let written = self.text.get(r.clone()).filter(|w| *w == t.as_ref())?;
                tail = Some((written[close - r.start..].to_string(), close..r.end));
                break;
            }
        }
        for j in self.next..k {
            self.events[j] = (Event::Text(CowStr::from("")), close..close);
        }
        if let Some((text, range)) = tail {
            self.events[k - 1] = (Event::Text(CowStr::from(text)), range);
        }
        Some((attrs, end))
    }

    /// What `{…}` written at byte `at` on a link or an image (`what`)
    /// says that the model carries: its id, classes and language, an
    /// image's size; a warning for each of the rest, left out.
    fn kept_attributes(
        &mut self,
        written: FenceAttrs,
        at: usize,
        what: &str,
    ) -> (Attrs, ImageSize) {
        let mut attrs = Attrs::new();
        let mut size = ImageSize::default();
        if let Some(id) = written.id {
            if is_xml_id(&id) {
                attrs.set("id", id);
            } else {
                self.warn_at(
                    at,
                    format!(
                        "`#{id}` on this {what} is not a valid XML id (start with a letter, then \
                         use letters, digits, `-`, `_` or `.`): left out"
                    ),
                );
            }
        }
        if !written.classes.is_empty() {
            attrs.set("class", written.classes.join(" "));
        }
        for (key, value) in written.pairs {
            let message = match key.as_str() {
                "lang" if crate::lang::is_language_tag(&value) => {
                    attrs.set("lang", value);
                    continue;
                }
                "lang" => format!("`lang={value}` on this {what} is not a language tag (BCP 47)"),
                "width" | "height" if what == "image" => match size.set(key == "height", &value) {
                    Ok(()) => continue,
                    Err(e) => format!("`{key}={value}` on this image: {e}"),
                },
                _ => format!("`{key}={value}` on this {what} is not rendered in either book"),
            };
            self.warn_at(at, format!("{message}: left out"));
        }
        (attrs, size)
    }

    /// The attributes written after the link ending at byte `end`, whose
    /// text is `content`: its id and classes, and its text put in a `span`
    /// of its language.
    pub(super) fn link_attributes(&mut self, end: usize, content: &mut Vec<Inline>) -> Attrs {
        let Some((written, at)) = self.trailing_attributes(end) else {
            return Attrs::new();
        };
        let (mut attrs, _) = self.kept_attributes(written, at, "link");
        if let Some(lang) = attrs.remove("lang") {
            *content = vec![Inline::Element {
                name: "span",
                attrs: Attrs(vec![("lang".to_string(), lang)]),
                content: std::mem::take(content),
            }];
        }
        attrs
    }

    /// The attributes written after the image ending at byte `end`, and
    /// the size they ask it to be drawn at.
    pub(super) fn image_attributes(&mut self, end: usize) -> (Attrs, ImageSize) {
        match self.trailing_attributes(end) {
            Some((written, at)) => self.kept_attributes(written, at, "image"),
            None => (Attrs::new(), ImageSize::default()),
        }
    }
}
