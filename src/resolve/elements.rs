//! What HTML's elements are to Bindery: which are kept, renamed, unwrapped
//! or removed with their content, which attributes each may carry, and the
//! content-model classes (void, phrasing, flow containers) the tree builder
//! needs to nest the author's markup as an HTML parser would.

/// What becomes of an element.
pub(super) enum Kind {
    Kept(&'static str),
    /// Removed with everything inside it.
    Removed(&'static str),
    /// Tag dropped, content kept.
    Unwrapped(&'static str),
}

/// What to do with an element; `None` for names HTML does not know.
pub(super) fn classify(name: &str) -> Option<Kind> {
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
pub(super) fn allowed_attribute(element: &str, key: &str) -> Option<&'static str> {
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

/// Elements kept as they are (after the renames in [`classify`]).
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

/// Elements that never have content.
pub const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements that are phrasing content (may stand inside a paragraph).
pub const PHRASING: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "i", "img",
    "ins", "kbd", "mark", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong", "sub",
    "sup", "time", "u", "var", "wbr",
];

/// Elements whose content may only be phrasing content.
pub const PHRASING_ONLY: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "dt",
    "summary",
    "caption",
    "figcaption",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "cite",
    "code",
    "data",
    "dfn",
    "em",
    "i",
    "kbd",
    "mark",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
    "var",
    "a",
    "del",
    "ins",
];

/// Elements that may hold Markdown blocks (paragraphs, lists…) between
/// raw HTML blocks.
pub const FLOW_CONTAINERS: &[&str] = &[
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
pub const CLOSES_P: &[&str] = &[
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
