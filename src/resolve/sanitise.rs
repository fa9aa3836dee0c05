//! The allow-lists for the author's raw HTML: which elements are kept,
//! renamed, unwrapped or removed with their content, which attributes each
//! may carry and what their values may be (URL schemes, numbers, styles).
//! [`tokens`] applies them while tokenising with `html5gum`, so that the
//! tree builder only ever sees allowed elements and attributes, and every
//! removal is reported once, at its own line.

use std::collections::BTreeMap;

use html5gum::{DefaultEmitter, HtmlString, Spanned, Token, Tokenizer};

use super::elements::{Kind, VOID, allowed_attribute, classify};
use super::report::Report;
use crate::model::{Attrs, Pos, is_xml_id};

/// One token of sanitised HTML, with where it stands in the source.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// A start tag of a kept element, its attributes filtered.
    Start {
        name: &'static str,
        attrs: Attrs,
        self_closing: bool,
        pos: Pos,
    },
    /// An end tag of a kept element.
    End { name: &'static str, pos: Pos },
    /// The start of an element removed with its content (`<script>`).
    Removed { name: &'static str, pos: Pos },
    /// The end tag of an element removed with its content.
    RemovedEnd { name: &'static str },
    /// Text, entities decoded.
    Text { text: String, pos: Pos },
}

/// Tokenises `html` (written at `at`), sanitising as it goes.
pub fn tokens(html: &str, at: Pos, report: &mut Report<'_>) -> Vec<Tok> {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // Script and style content is raw text, not tags.
    emitter.naively_switch_states(true);
    let mut out = Vec::new();
    // Inside an element removed with its content: what it holds is not
    // reported on (it goes with it).
    let mut removed: Vec<&'static str> = Vec::new();
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let pos = pos_in(html, at, tag.span.start);
                let raw = lossy(&tag.name).to_ascii_lowercase();
                let kind = classify(&raw);
                if !removed.is_empty() && !matches!(kind, Some(Kind::Removed(_))) {
                    if let Some(Kind::Kept(name)) = kind {
                        out.push(Tok::Start {
                            name,
                            attrs: Attrs::new(),
                            self_closing: tag.self_closing,
                            pos,
                        });
                    }
                    continue;
                }
                match kind {
                    None => report.warn(
                        pos,
                        format!("<{raw}> is not an XHTML element: its tag was removed, its content kept"),
                    ),
                    Some(Kind::Unwrapped(name)) => report.warn(
                        pos,
                        format!("<{name}> does not belong in a chapter: its tag was removed, its content kept"),
                    ),
                    Some(Kind::Removed(name)) => {
                        if VOID.contains(&name) || tag.self_closing {
                            if removed.is_empty() {
                                report.warn(pos, format!("<{name}> removed: EPUB content may not carry it"));
                            }
                        } else {
                            removed.push(name);
                            out.push(Tok::Removed { name, pos });
                        }
                    }
                    Some(Kind::Kept(name)) => {
                        let attrs = attributes(name, &tag.attributes, pos, report);
                        out.push(Tok::Start {
                            name,
                            attrs,
                            self_closing: tag.self_closing,
                            pos,
                        });
                    }
                }
            }
            Token::EndTag(tag) => {
                let raw = lossy(&tag.name).to_ascii_lowercase();
                match classify(&raw) {
                    Some(Kind::Kept(name)) => out.push(Tok::End {
                        name,
                        pos: pos_in(html, at, tag.span.start),
                    }),
                    Some(Kind::Removed(name)) => {
                        if let Some(i) = removed.iter().rposition(|r| *r == name) {
                            removed.truncate(i);
                        }
                        out.push(Tok::RemovedEnd { name })
                    }
                    // Its start tag was dropped, with a warning.
                    _ => {}
                }
            }
            Token::String(s) => {
                let pos = pos_in(html, at, s.span.start);
                let text = lossy(&s.value).into_owned();
                match out.last_mut() {
                    Some(Tok::Text { text: prev, .. }) => prev.push_str(&text),
                    _ => out.push(Tok::Text { text, pos }),
                }
            }
            // Comments and doctypes are not content; the tokenizer recovers
            // from its own errors.
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    out
}

/// The source position of byte `offset` of `html`, which starts at `at`.
fn pos_in(html: &str, at: Pos, offset: usize) -> Pos {
    let before = html.get(..offset.min(html.len())).unwrap_or(html);
    match before.rfind('\n') {
        None => Pos {
            col: at.col + before.chars().count() as u32,
            ..at
        },
        Some(nl) => Pos {
            line: at.line + before.matches('\n').count() as u32,
            col: before[nl + 1..].chars().count() as u32 + 1,
            ..at
        },
    }
}

/// The attributes `element` keeps, in name order (the tokenizer's map is
/// ordered), each removal reported.
fn attributes(
    element: &'static str,
    raw: &BTreeMap<HtmlString, Spanned<HtmlString, usize>>,
    pos: Pos,
    report: &mut Report<'_>,
) -> Attrs {
    let mut attrs = Attrs::new();
    for (key, value) in raw {
        let key = lossy(key).to_ascii_lowercase();
        let value = lossy(value);
        if let Some((k, v)) = attribute(element, &key, &value, pos, report) {
            attrs.0.push((k, v));
        }
    }
    // `lang` wins over `xml:lang`; the EPUB writes both from it.
    if let Some(xml) = attrs.remove("xml:lang")
        && attrs.get("lang").is_none()
    {
        attrs.set("lang", xml);
    }
    attrs
}

/// The attribute to keep, or `None` if it is dropped (with a warning).
fn attribute(
    element: &str,
    key: &str,
    value: &str,
    pos: Pos,
    report: &mut Report<'_>,
) -> Option<(String, String)> {
    let mut drop = |why: String| {
        report.warn(pos, why);
        None
    };
    if key.starts_with("on") {
        return drop(format!("event handler `{key}` removed from <{element}>"));
    }
    if let Some(rest) = key
        .strip_prefix("data-")
        .or_else(|| key.strip_prefix("aria-"))
    {
        let valid = !rest.is_empty()
            && rest.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.')
            });
        return if valid {
            Some((key.to_string(), value.to_string()))
        } else {
            drop(format!("attribute `{key}` has an invalid name: removed"))
        };
    }
    let Some(key) = allowed_attribute(element, key) else {
        return drop(format!(
            "attribute `{key}` is not allowed on <{element}> in EPUB XHTML: removed"
        ));
    };
    let trimmed = value.trim();
    let kept = |v: &str| Some((key.to_string(), v.to_string()));
    match key {
        "href" | "src" | "cite" => match url_verdict(trimmed) {
            UrlVerdict::Allowed => kept(trimmed),
            UrlVerdict::Script => drop(format!("script URL in `{key}` on <{element}> removed")),
            UrlVerdict::Scheme(scheme) => drop(format!(
                "`{scheme}:` URL in `{key}` on <{element}> removed: only http, https, mailto and paths inside the book are kept"
            )),
        },
        "id" if !is_xml_id(trimmed) => drop(format!("invalid id `{value}` removed")),
        "width" | "height" | "colspan" | "rowspan" | "span"
            if trimmed.is_empty() || !trimmed.bytes().all(|b| b.is_ascii_digit()) =>
        {
            drop(format!(
                "`{key}=\"{value}\"` on <{element}> is not a whole number: removed"
            ))
        }
        "start" | "value" if trimmed.parse::<i64>().is_err() => drop(format!(
            "`{key}=\"{value}\"` on <{element}> is not a number: removed"
        )),
        "dir" if !matches!(trimmed, "ltr" | "rtl" | "auto") => {
            drop(format!("`dir=\"{value}\"` removed"))
        }
        "lang" | "xml:lang" if !crate::lang::is_language_tag(trimmed) => drop(format!(
            "`{key}=\"{value}\"` is not a language tag (BCP 47): removed"
        )),
        "style" => {
            let (safe, dropped) = safe_style(value);
            if !dropped.is_empty() {
                report.warn(
                    pos,
                    format!(
                        "style on <{element}>: {} removed (only plain typographic properties, without url() or expressions, are kept)",
                        dropped.join(", ")
                    ),
                );
            }
            (!safe.is_empty()).then(|| (key.to_string(), safe))
        }
        "class" => {
            let classes = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
            (!classes.is_empty()).then(|| (key.to_string(), classes))
        }
        _ => kept(value),
    }
}

/// What a URL in an attribute (or a Markdown link) may be.
#[derive(Debug, PartialEq, Eq)]
pub enum UrlVerdict {
    /// `http:`, `https:`, `mailto:`, or no scheme (a path or a fragment).
    Allowed,
    /// `javascript:` and its kin.
    Script,
    /// Any other scheme (`data:`, `file:`…), named.
    Scheme(String),
}

/// Judges a URL by its scheme, as browsers read it (tabs, newlines and
/// control characters inside the scheme ignored, case folded).
pub fn url_verdict(url: &str) -> UrlVerdict {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    let Some(colon) = cleaned.find(':') else {
        return UrlVerdict::Allowed;
    };
    let scheme = &cleaned[..colon];
    let is_scheme = scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // `a.md#b:c` or `c:x` (one letter: a Windows drive, refused later as a
    // path) have no scheme.
    if !is_scheme || cleaned[..colon].contains(['/', '#', '?']) {
        return UrlVerdict::Allowed;
    }
    match scheme.to_ascii_lowercase().as_str() {
        "http" | "https" | "mailto" => UrlVerdict::Allowed,
        "javascript" | "vbscript" | "livescript" => UrlVerdict::Script,
        other => UrlVerdict::Scheme(other.to_string()),
    }
}

/// The declarations of a `style` attribute that are safe to keep, and the
/// names of those dropped.
fn safe_style(style: &str) -> (String, Vec<String>) {
    const SAFE: &[&str] = &[
        "color",
        "background-color",
        "font-style",
        "font-weight",
        "font-variant",
        "font-size",
        "font-family",
        "line-height",
        "letter-spacing",
        "word-spacing",
        "text-align",
        "text-indent",
        "text-decoration",
        "text-transform",
        "vertical-align",
        "white-space",
        "margin",
        "margin-top",
        "margin-bottom",
        "margin-left",
        "margin-right",
        "padding",
        "padding-top",
        "padding-bottom",
        "padding-left",
        "padding-right",
        "border",
        "border-top",
        "border-bottom",
        "border-left",
        "border-right",
        "list-style-type",
        "width",
        "max-width",
        "height",
        "display",
    ];
    let mut safe = Vec::new();
    let mut dropped = Vec::new();
    for decl in style.split(';') {
        let Some((prop, value)) = decl.split_once(':') else {
            if !decl.trim().is_empty() {
                dropped.push(format!("`{}`", decl.trim()));
            }
            continue;
        };
        let prop = prop.trim().to_ascii_lowercase();
        let value = value.trim();
        let lower = value.to_ascii_lowercase();
        let hostile = [
            "url(",
            "expression(",
            "javascript:",
            "\\",
            "@",
            "<",
            "/*",
            "image-set(",
            "binding",
        ]
        .iter()
        .any(|bad| lower.contains(bad));
        if SAFE.contains(&prop.as_str()) && !hostile && !value.is_empty() {
            safe.push(format!("{prop}: {value}"));
        } else {
            dropped.push(format!("`{prop}`"));
        }
    }
    (safe.join("; "), dropped)
}

fn lossy(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_schemes() {
        assert_eq!(url_verdict("https://x.org/a"), UrlVerdict::Allowed);
        assert_eq!(url_verdict("MAILTO:a@b"), UrlVerdict::Allowed);
        assert_eq!(url_verdict("essay.md#a:b"), UrlVerdict::Allowed);
        assert_eq!(url_verdict("#intro"), UrlVerdict::Allowed);
        assert_eq!(url_verdict(" Java\tScript:alert(1)"), UrlVerdict::Script);
        assert_eq!(
            url_verdict("data:text/html,x"),
            UrlVerdict::Scheme("data".into())
        );
        assert_eq!(
            url_verdict("file:///etc/passwd"),
            UrlVerdict::Scheme("file".into())
        );
    }

    #[test]
    fn styles_keep_plain_typography_only() {
        let (safe, dropped) = safe_style(
            "color: red; background: url(http://x/t.gif); width: expression(alert(1)); -moz-binding: url(x); font-style:italic",
        );
        assert_eq!(safe, "color: red; font-style: italic");
        assert_eq!(dropped.len(), 3);
    }

    #[test]
    fn positions_inside_a_piece() {
        let at = Pos {
            line: 3,
            col: 5,
            ..Pos::default()
        };
        assert_eq!(
            (pos_in("ab<x>", at, 2).line, pos_in("ab<x>", at, 2).col),
            (3, 7)
        );
        let p = pos_in("a\n  <x>", at, 4);
        assert_eq!((p.line, p.col), (4, 3));
    }
}
