//! Raw HTML from the Markdown, re-serialised as well-formed EPUB XHTML.
//!
//! The author's HTML is tokenised with `html5gum` (entities resolved,
//! attributes parsed as browsers do) and written back through a small tree
//! keeper: void elements are closed, implied end tags inserted, unclosed
//! elements closed at the end of their scope, stray end tags dropped.
//! Scripts, `<style>`, event handlers and `javascript:` URLs are removed with a
//! warning; elements and attributes XHTML does not allow are unwrapped or
//! dropped with a warning. Text is never dropped silently.
//!
//! One [`HtmlState`] lives for a whole XHTML document, because Markdown cuts
//! inline HTML into pieces (`<span>` … text … `</span>` arrive separately):
//! the caller opens a scope for each Markdown element ([`HtmlState::enter`]),
//! and whatever raw HTML opened inside it is closed when it ends
//! ([`HtmlState::leave`]), so the output always nests.

use std::collections::BTreeMap;

use html5gum::{DefaultEmitter, HtmlString, Spanned, Token, Tokenizer};

use super::xml::{is_ncname, push_attr_value, push_text};

/// What the sanitiser needs from the document it writes into.
pub trait Host {
    /// Reports a problem at the position of the HTML being fed.
    fn warn(&mut self, message: String);
    /// The `href` to write for a link as written, or `None` (with a warning
    /// given by the host) when it points nowhere in the book.
    fn link(&mut self, href: &str) -> Option<String>;
    /// The package path of an image as written in `src`, if the book has it.
    fn image(&mut self, src: &str) -> Option<String>;
    /// Records an `id`; false if the document already has it.
    fn claim_id(&mut self, id: &str) -> bool;
    /// An `<img>` came without alternative text.
    fn image_without_alt(&mut self);
}

/// Where the HTML stands in the surrounding Markdown output.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context {
    /// Inside a paragraph, heading or other element that admits only
    /// phrasing content.
    pub phrasing: bool,
    /// Inside a Markdown link (no `<a>` may nest in it).
    pub in_link: bool,
}

#[derive(Debug)]
struct Open {
    name: &'static str,
    /// Only phrasing content may go inside.
    phrasing_inside: bool,
}

/// The raw-HTML elements open in one XHTML document.
#[derive(Debug, Default)]
pub struct HtmlState {
    open: Vec<Open>,
    /// Elements below this index belong to enclosing scopes.
    floor: usize,
    /// Inside a removed element (`<script>`): its name, and how deep.
    skipping: Option<(&'static str, usize)>,
}

impl HtmlState {
    /// Starts a scope (a Markdown element); returns what [`Self::leave`] needs.
    pub fn enter(&mut self) -> usize {
        std::mem::replace(&mut self.floor, self.open.len())
    }

    /// Ends a scope: closes the raw HTML elements opened inside it.
    pub fn leave(&mut self, saved: usize, out: &mut String) {
        self.close_to(self.floor, out);
        self.floor = saved;
        if self
            .skipping
            .is_some_and(|(_, depth)| depth >= self.open.len())
        {
            self.skipping = None;
        }
    }

    /// After an HTML block: closes what Markdown blocks may not stand in
    /// (a `<span>` or `<ul>` left open), keeping flow containers such as
    /// `<div>` or `<blockquote>` open around the Markdown that follows.
    pub fn close_non_containers(&mut self, out: &mut String) {
        if let Some(i) = self.open[self.floor..]
            .iter()
            .position(|o| !FLOW_CONTAINERS.contains(&o.name) || o.phrasing_inside)
        {
            self.close_to(self.floor + i, out);
        }
    }

    /// Inside a removed element: Markdown text here is part of the script
    /// and must not be written either.
    pub fn suppressing(&self) -> bool {
        self.skipping.is_some()
    }

    /// Whether a raw `<a>` is open (a note reference must not nest in it).
    pub fn in_anchor(&self) -> bool {
        self.open.iter().any(|o| o.name == "a")
    }

    /// Tokenises `html` and writes it as XHTML into `out`.
    pub fn feed(&mut self, html: &str, ctx: Context, out: &mut String, host: &mut dyn Host) {
        let mut emitter = DefaultEmitter::default();
        emitter.naively_switch_states(true);
        for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
            match token {
                Token::StartTag(tag) => {
                    let name = lossy(&tag.name);
                    self.start_tag(&name, &tag.attributes, tag.self_closing, ctx, out, host);
                }
                Token::EndTag(tag) => self.end_tag(&lossy(&tag.name), out),
                Token::String(s) => {
                    if self.skipping.is_none() {
                        push_text(out, &lossy(&s));
                    }
                }
                // Comments and doctypes are not content; tokenizer errors
                // are recovered from by the tokenizer itself.
                Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
            }
        }
    }

    fn start_tag(
        &mut self,
        raw_name: &str,
        attributes: &BTreeMap<HtmlString, Spanned<HtmlString, ()>>,
        self_closing: bool,
        ctx: Context,
        out: &mut String,
        host: &mut dyn Host,
    ) {
        if self.skipping.is_some() {
            return; // inside a removed element only its end tag matters
        }
        let Some(kind) = classify(raw_name) else {
            host.warn(format!(
                "<{raw_name}> is not an XHTML element: its tag was removed, its content kept"
            ));
            return;
        };
        let mut name = match kind {
            Kind::Removed(name) => {
                host.warn(format!("<{name}> removed: EPUB content may not carry it"));
                if !VOID.contains(&name) && !self_closing {
                    self.skipping = Some((name, self.open.len()));
                }
                return;
            }
            Kind::Unwrapped(name) => {
                host.warn(format!(
                    "<{name}> does not belong in a chapter: its tag was removed, its content kept"
                ));
                return;
            }
            Kind::Kept(name) => name,
        };
        self.close_implied(name, out);
        let phrasing_here = ctx.phrasing || self.open.iter().any(|o| o.phrasing_inside);
        if name == "a" && ctx.in_link {
            host.warn("<a> inside a link cannot nest: written as <span>".into());
            name = "span";
        } else if phrasing_here && !PHRASING.contains(&name) {
            if VOID.contains(&name) {
                host.warn(format!(
                    "<{name}> cannot stand inside a paragraph in XHTML: removed"
                ));
                return;
            }
            host.warn(format!(
                "<{name}> cannot stand inside a paragraph in XHTML: written as <span>"
            ));
            name = "span";
        }

        let mut attrs: Vec<(&'static str, String)> = Vec::new();
        let mut alt = None;
        for (key, value) in attributes {
            let key = lossy(key);
            let value = lossy(value);
            if let Some(kept) = self.attribute(name, &key, &value, host) {
                if kept.0 == "alt" {
                    alt = Some(kept.1.clone());
                }
                attrs.push(kept);
            } else if name == "img" && key == "src" {
                // The image is not in the book: keep its alt text.
                if let Some(text) = attributes.get(b"alt".as_slice()) {
                    push_text(out, &lossy(text));
                }
                return;
            }
        }
        let dynamic_names: Vec<(String, String)> = data_and_aria(attributes, host);
        if name == "img" {
            if !attrs.iter().any(|(k, _)| *k == "src") {
                host.warn("<img> without a src removed".into());
                return;
            }
            if alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
                host.warn("<img> without alt text: readers who cannot see it get nothing".into());
                host.image_without_alt();
            }
            if alt.is_none() {
                attrs.push(("alt", String::new()));
            }
        }
        out.push('<');
        out.push_str(name);
        for (key, value) in attrs
            .iter()
            .map(|(k, v)| (*k, v.as_str()))
            .chain(dynamic_names.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        {
            out.push(' ');
            out.push_str(key);
            out.push_str("=\"");
            push_attr_value(out, value);
            out.push('"');
        }
        if VOID.contains(&name) {
            out.push_str("/>");
        } else if self_closing {
            // `<span/>` in HTML is an open tag; in XHTML an empty element is
            // what the author meant.
            out.push_str("></");
            out.push_str(name);
            out.push('>');
        } else {
            out.push('>');
            self.open.push(Open {
                name,
                phrasing_inside: phrasing_here || PHRASING_CONTENT.contains(&name),
            });
        }
    }

    fn end_tag(&mut self, raw_name: &str, out: &mut String) {
        if let Some((skipped, _)) = self.skipping {
            if raw_name == skipped {
                self.skipping = None;
            }
            return;
        }
        let Some(Kind::Kept(name)) = classify(raw_name) else {
            return; // its start tag was dropped (with a warning)
        };
        // A stray end tag, or one for an element opened outside this
        // Markdown element (closed where that scope ends), is dropped: the
        // output must nest.
        if let Some(index) = self.open[self.floor..].iter().rposition(|o| o.name == name) {
            self.close_to(self.floor + index, out);
        }
    }

    /// The end tags HTML implies before `name` opens (`<p>` ends a `<p>`,
    /// `<li>` the previous `<li>`...).
    fn close_implied(&mut self, name: &str, out: &mut String) {
        let (targets, barriers): (&[&str], &[&str]) = match name {
            "li" => (&["li"], &["ul", "ol"]),
            "dt" | "dd" => (&["dt", "dd"], &["dl"]),
            "td" | "th" => (&["td", "th"], &["tr", "table"]),
            "tr" => (&["tr"], &["table", "thead", "tbody", "tfoot"]),
            "thead" | "tbody" | "tfoot" => (&["thead", "tbody", "tfoot"], &["table"]),
            "a" => (&["a"], &[]),
            _ if CLOSES_P.contains(&name) => (&["p"], &[]),
            _ => return,
        };
        for i in (self.floor..self.open.len()).rev() {
            let open = self.open[i].name;
            if targets.contains(&open) {
                self.close_to(i, out);
                return;
            }
            if barriers.contains(&open) || (targets == ["p"] && !PHRASING.contains(&open)) {
                return;
            }
        }
    }

    fn close_to(&mut self, index: usize, out: &mut String) {
        while self.open.len() > index {
            if let Some(open) = self.open.pop() {
                out.push_str("</");
                out.push_str(open.name);
                out.push('>');
            }
        }
    }

    /// The attribute to write, or `None` if it is dropped (with a warning).
    fn attribute(
        &mut self,
        element: &str,
        key: &str,
        value: &str,
        host: &mut dyn Host,
    ) -> Option<(&'static str, String)> {
        if key.starts_with("on") {
            host.warn(format!("event handler `{key}` removed from <{element}>"));
            return None;
        }
        if key.starts_with("data-") || key.starts_with("aria-") {
            return None; // written by `data_and_aria`
        }
        let Some(key) = allowed_attribute(element, key) else {
            host.warn(format!(
                "attribute `{key}` is not allowed on <{element}> in EPUB XHTML: removed"
            ));
            return None;
        };
        let trimmed = value.trim();
        match key {
            "href" | "src" | "cite" if is_script_url(trimmed) => {
                host.warn(format!("script URL in `{key}` on <{element}> removed"));
                None
            }
            "href" => host.link(trimmed).map(|href| (key, href)),
            "src" => match host.image(trimmed) {
                Some(path) => Some((key, path)),
                None => {
                    host.warn(format!(
                        "image `{trimmed}` is not among the book's images: <img> replaced by its alt text"
                    ));
                    None
                }
            },
            "id" => {
                if !is_ncname(value) {
                    host.warn(format!("invalid id `{value}` removed"));
                    None
                } else if !host.claim_id(value) {
                    host.warn(format!("duplicate id `{value}` removed"));
                    None
                } else {
                    Some((key, value.to_string()))
                }
            }
            "width" | "height" | "colspan" | "rowspan" | "span"
                if trimmed.is_empty() || !trimmed.bytes().all(|b| b.is_ascii_digit()) =>
            {
                host.warn(format!(
                    "`{key}=\"{value}\"` on <{element}> is not a whole number: removed"
                ));
                None
            }
            "start" | "value" if trimmed.parse::<i64>().is_err() => {
                host.warn(format!(
                    "`{key}=\"{value}\"` on <{element}> is not a number: removed"
                ));
                None
            }
            "dir" if !matches!(trimmed, "ltr" | "rtl" | "auto") => {
                host.warn(format!("`dir=\"{value}\"` removed"));
                None
            }
            _ => Some((key, value.to_string())),
        }
    }
}

/// `data-*` and `aria-*` attributes whose names XML accepts, sorted (the
/// tokenizer's map is ordered, so output is deterministic).
fn data_and_aria(
    attributes: &BTreeMap<HtmlString, Spanned<HtmlString, ()>>,
    host: &mut dyn Host,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (key, value) in attributes {
        let key = lossy(key);
        let Some(rest) = key
            .strip_prefix("data-")
            .or_else(|| key.strip_prefix("aria-"))
        else {
            continue;
        };
        let valid = !rest.is_empty()
            && rest.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.')
            });
        if valid {
            out.push((key.into_owned(), lossy(value).into_owned()));
        } else {
            host.warn(format!("attribute `{key}` has an invalid name: removed"));
        }
    }
    out
}

fn is_script_url(url: &str) -> bool {
    // Browsers ignore tabs and newlines inside the scheme.
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .take_while(|&c| c != ':')
        .collect::<String>()
        .to_ascii_lowercase();
    url.contains(':') && matches!(scheme.as_str(), "javascript" | "vbscript" | "livescript")
}

fn lossy(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(bytes)
}

enum Kind {
    Kept(&'static str),
    /// Removed with everything inside it.
    Removed(&'static str),
    /// Tag dropped, content kept.
    Unwrapped(&'static str),
}

/// What to do with an element; `None` for names HTML does not know.
fn classify(name: &str) -> Option<Kind> {
    if let Some(&kept) = KEPT.iter().find(|&&k| k == name) {
        return Some(Kind::Kept(kept));
    }
    let renamed = match name {
        "center" => "div",
        "font" | "big" | "blink" => "span",
        "tt" => "code",
        "strike" => "s",
        "acronym" => "abbr",
        _ => "",
    };
    if !renamed.is_empty() {
        return Some(Kind::Kept(renamed));
    }
    if let Some(&removed) = REMOVED.iter().find(|&&k| k == name) {
        return Some(Kind::Removed(removed));
    }
    UNWRAPPED
        .iter()
        .find(|&&k| k == name)
        .map(|&k| Kind::Unwrapped(k))
}

/// The attribute's canonical name if `element` may carry it.
fn allowed_attribute(element: &str, key: &str) -> Option<&'static str> {
    const GLOBAL: &[&str] = &[
        "id",
        "class",
        "title",
        "lang",
        "xml:lang",
        "dir",
        "style",
        "hidden",
        "role",
        "epub:type",
        "translate",
    ];
    if let Some(&k) = GLOBAL.iter().find(|&&k| k == key) {
        return Some(k);
    }
    let specific: &[&'static str] = match element {
        "a" => &["href", "hreflang", "rel", "type"],
        "img" => &["src", "alt", "width", "height"],
        "td" => &["colspan", "rowspan", "headers"],
        "th" => &["colspan", "rowspan", "headers", "scope", "abbr"],
        "ol" => &["start", "reversed", "type"],
        "li" => &["value"],
        "blockquote" | "q" => &["cite"],
        "del" | "ins" => &["cite", "datetime"],
        "time" => &["datetime"],
        "data" => &["value"],
        "col" | "colgroup" => &["span"],
        "details" => &["open"],
        _ => &[],
    };
    specific.iter().find(|&&k| k == key).copied()
}

const KEPT: &[&str] = &[
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Removed with their content: active or external content an EPUB must not
/// carry, and `<style>` (CSS belongs in the book's stylesheet).
const REMOVED: &[&str] = &[
    "script", "style", "iframe", "object", "embed", "applet", "frame", "frameset", "template",
    "link", "meta", "base", "param", "svg", "math", "audio", "video", "source", "track", "input",
    "textarea", "select", "button", "canvas", "map", "area",
];

/// Document-level or obsolete wrappers: the tag goes, the content stays.
const UNWRAPPED: &[&str] = &[
    "html", "head", "body", "title", "noscript", "main", "nav", "form", "label", "fieldset",
    "legend", "option", "optgroup", "dialog", "search", "picture", "noembed", "noframes",
    "marquee", "nobr", "menu", "dir", "slot",
];

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements that are phrasing content (may stand inside a paragraph).
const PHRASING: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "i", "img",
    "ins", "kbd", "mark", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong", "sub",
    "sup", "time", "u", "var", "wbr",
];

/// Elements whose content may only be phrasing content.
const PHRASING_CONTENT: &[&str] = &[
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "summary", "abbr", "b", "bdi", "bdo",
    "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q", "rp", "rt", "ruby", "s", "samp",
    "small", "span", "strong", "sub", "sup", "time", "u", "var", "a", "del", "ins",
];

/// Elements that may hold Markdown blocks (paragraphs, lists...).
const FLOW_CONTAINERS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "dd",
    "details",
    "div",
    "figure",
    "footer",
    "header",
    "li",
    "section",
    "td",
    "th",
];

/// Elements whose start tag ends an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct TestHost {
        warnings: Vec<String>,
        ids: Vec<String>,
        missing_alt: usize,
    }

    impl Host for TestHost {
        fn warn(&mut self, message: String) {
            self.warnings.push(message);
        }
        fn link(&mut self, href: &str) -> Option<String> {
            Some(href.replace(".md", ".xhtml"))
        }
        fn image(&mut self, src: &str) -> Option<String> {
            (src == "pic.png").then(|| "images/pic.png".to_string())
        }
        fn claim_id(&mut self, id: &str) -> bool {
            if self.ids.iter().any(|i| i == id) {
                return false;
            }
            self.ids.push(id.to_string());
            true
        }
        fn image_without_alt(&mut self) {
            self.missing_alt += 1;
        }
    }

    fn flow(html: &str) -> (String, TestHost) {
        let mut host = TestHost::default();
        let mut state = HtmlState::default();
        let mut out = String::new();
        let scope = state.enter();
        state.feed(html, Context::default(), &mut out, &mut host);
        state.leave(scope, &mut out);
        (out, host)
    }

    #[test]
    fn closes_voids_and_unclosed_tags_and_resolves_entities() {
        let (out, host) = flow(
            "<div class=note><p>a &amp; b &eacute;&#x2014;<br>c<img src=pic.png alt='x'><b>bold",
        );
        assert_eq!(
            out,
            "<div class=\"note\"><p>a &amp; b é—<br/>c<img alt=\"x\" src=\"images/pic.png\"/><b>bold</b></p></div>"
        );
        assert!(host.warnings.is_empty(), "{:?}", host.warnings);
    }

    #[test]
    fn removes_scripts_handlers_and_script_urls_with_warnings() {
        let (out, host) = flow(
            "<p onclick=\"evil()\">x<script>alert('<b>')</script><a href=\" JavaScript:alert(1)\">y</a><style>p{}</style></p>",
        );
        assert_eq!(out, "<p>x<a>y</a></p>");
        assert_eq!(host.warnings.len(), 4, "{:?}", host.warnings);
    }

    #[test]
    fn drops_stray_end_tags_and_implies_closing() {
        let (out, _) = flow("</span><ul><li>one<li>two</ul><p>a<p>b</div>");
        assert_eq!(out, "<ul><li>one</li><li>two</li></ul><p>a</p><p>b</p>");
    }

    #[test]
    fn inline_pieces_balance_across_scopes() {
        let mut host = TestHost::default();
        let mut state = HtmlState::default();
        let mut out = String::new();
        let ctx = Context {
            phrasing: true,
            in_link: false,
        };
        let paragraph = state.enter();
        state.feed("<span class=\"x\">", ctx, &mut out, &mut host);
        out.push_str("<em>");
        let em = state.enter();
        // `</span>` inside the emphasis does not close the outer span…
        state.feed("</span><i>", ctx, &mut out, &mut host);
        state.leave(em, &mut out);
        out.push_str("</em>");
        state.feed("<div>block</div>", ctx, &mut out, &mut host);
        state.leave(paragraph, &mut out);
        // …which closes at the paragraph's end instead.
        assert_eq!(
            out,
            "<span class=\"x\"><em><i></i></em><span>block</span></span>"
        );
    }

    #[test]
    fn unknown_elements_and_attributes_are_unwrapped_with_warnings() {
        let (out, host) = flow(
            "<html><body><foo bar=1>text</foo><p align=center id=\"a b\" data-x=1>t</p></body></html>",
        );
        assert_eq!(out, "text<p data-x=\"1\">t</p>");
        assert_eq!(host.warnings.len(), 5, "{:?}", host.warnings);
    }

    #[test]
    fn html_blocks_leave_only_flow_containers_open() {
        let mut host = TestHost::default();
        let mut state = HtmlState::default();
        let mut out = String::new();
        let scope = state.enter();
        state.feed(
            "<div class=\"box\"><ul><li><span>x",
            Context::default(),
            &mut out,
            &mut host,
        );
        state.close_non_containers(&mut out);
        out.push_str("<p>markdown</p>");
        state.feed("</div>", Context::default(), &mut out, &mut host);
        state.leave(scope, &mut out);
        assert_eq!(
            out,
            "<div class=\"box\"><ul><li><span>x</span></li></ul><p>markdown</p></div>"
        );
    }

    /// Tag soup built from nasty pieces, fed in pieces to several scopes:
    /// the output must always be well-formed XML.
    #[test]
    fn any_tag_soup_comes_out_well_formed() {
        const PIECES: &[&str] = &[
            "<p",
            "<div class=x>",
            "</span>",
            "&amp",
            "&bogus;",
            "<script>",
            "</script>",
            "<a href='javascript:x'>",
            "<a href=x.md#y>",
            "</a>",
            "<br>",
            "text",
            "<",
            ">",
            "\"",
            "'",
            "<img src=pic.png>",
            "<img>",
            "<table><tr><td>",
            "</td>",
            "<!--",
            "-->",
            "<![CDATA[x]]>",
            "<?php ?>",
            "<svg><g>",
            "<math>",
            "\u{0}\u{b}",
            "<x:y>",
            "<a:b c:d=1 epub:type=z>",
            "<p id=1 id=2>",
            "<p id=dup>",
            "<ul><li>",
            "<li>",
            "<dl><dt>",
            "<em>",
            "</em>",
            "<b><i>",
            "</b>",
            "<pre>",
            "<textarea>",
            "</textarea>",
            "<style>",
            "<title>",
            "<html><body>",
            "</body>",
            "<span/>",
            "<hr/>",
            "<h1 onclick=x>",
            "é&eacute;",
            "<p data-X=1 aria-hidden=true data-ok=2>",
            "<font size=2>",
            "<td colspan=x>",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % n
        };
        for round in 0..2000 {
            let mut host = TestHost::default();
            let mut state = HtmlState::default();
            let mut out = String::new();
            let ctx = Context {
                phrasing: round % 2 == 1,
                in_link: round % 4 == 3,
            };
            let outer = state.enter();
            for _ in 0..3 {
                out.push_str("<em>");
                let inner = state.enter();
                let mut fragment = String::new();
                for _ in 0..next(8) {
                    fragment.push_str(PIECES[next(PIECES.len())]);
                }
                state.feed(&fragment, ctx, &mut out, &mut host);
                state.leave(inner, &mut out);
                out.push_str("</em>");
                let fragment = PIECES[next(PIECES.len())];
                state.feed(fragment, ctx, &mut out, &mut host);
            }
            state.leave(outer, &mut out);
            let doc = format!("<r xmlns:epub=\"http://www.idpf.org/2007/ops\">{out}</r>");
            assert!(
                roxmltree::Document::parse(&doc).is_ok(),
                "round {round}: not well-formed: {out}"
            );
            assert!(
                !out.contains("<script") && !out.contains("=\"javascript:"),
                "round {round}: {out}"
            );
        }
    }

    #[test]
    fn missing_images_keep_their_alt_text() {
        let (out, host) = flow("<p><img src=\"gone.png\" alt=\"A map\"><img src=pic.png></p>");
        assert_eq!(out, "<p>A map<img src=\"images/pic.png\" alt=\"\"/></p>");
        assert_eq!(host.missing_alt, 1);
    }
}
