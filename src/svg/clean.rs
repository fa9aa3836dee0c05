//! The SVG document written back from its parsed tree with only what a
//! still picture needs: SVG elements (shapes, text, paint servers, clips,
//! masks, markers, filters), their attributes, local references and
//! checked raster data URLs. Everything else is left out; what a reader
//! would have seen or run is named in a note (one per kind, with a count).

use std::collections::{BTreeMap, HashSet};

use base64::Engine as _;
use roxmltree::{Document, Node};

use super::SVG_NS;
use super::css::{is_local_ref, style_attribute, style_sheet, value_is_local};
use crate::epub::xml::{push_attr_value, push_text};

const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// The SVG elements kept: the static drawing vocabulary of SVG 1.1 and 2.
const KEPT: &[&str] = &[
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "title",
    "desc",
    "switch",
    "a",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    "linearGradient",
    "radialGradient",
    "stop",
    "pattern",
    "clipPath",
    "mask",
    "marker",
    "image",
    "style",
    "filter",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feImage",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
];
/// Elements that animate: a book's picture is still, and `<set>` could
/// write a `javascript:` link.
const ANIMATION: &[&str] = &[
    "animate",
    "animateMotion",
    "animateTransform",
    "set",
    "mpath",
    "discard",
];
/// Namespaces of editors' own data (layers, guides, export settings): not
/// part of the drawing, dropped without a note.
const EDITOR_NS: &[&str] = &[
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.bohemiancoding.com/sketch/ns",
    "http://www.serif.com/",
];

/// `doc` written back, and what was left out (completing "image `x`: …").
pub fn document(
    doc: &Document,
    raster: &mut dyn FnMut(&[u8]) -> Result<&'static str, String>,
) -> (String, Vec<String>) {
    let mut writer = Writer {
        out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
        removed: BTreeMap::new(),
        ids: HashSet::new(),
        raster,
    };
    writer.element(doc.root_element(), true);
    writer.out.push('\n');
    let removed = writer
        .removed
        .into_iter()
        .map(|(what, n)| {
            if n > 1 {
                format!("{what} ({n} times)")
            } else {
                what
            }
        })
        .collect();
    (writer.out, removed)
}

struct Writer<'r> {
    out: String,
    /// Each note, with how many times it applied.
    removed: BTreeMap<String, usize>,
    /// The ids written so far: EPUB readers (and EPUBCheck) want each once.
    ids: HashSet<String>,
    raster: &'r mut dyn FnMut(&[u8]) -> Result<&'static str, String>,
}

impl Writer<'_> {
    fn note(&mut self, what: String) {
        *self.removed.entry(what).or_default() += 1;
    }

    fn element(&mut self, node: Node, root: bool) {
        let tag = node.tag_name();
        let name = tag.name();
        match tag.namespace() {
            Some(SVG_NS) => {}
            Some(ns) if EDITOR_NS.iter().any(|e| ns.starts_with(e)) => return,
            _ => {
                self.note(format!(
                    "<{name}> removed: it is not SVG, and only SVG drawing is kept"
                ));
                return;
            }
        }
        match name {
            "metadata" => return,
            "script" => {
                self.note("<script> removed: scripts never run in the book".into());
                return;
            }
            "foreignObject" => {
                self.note(
                    "<foreignObject> removed: only SVG drawing is kept, not embedded HTML".into(),
                );
                return;
            }
            n if ANIMATION.contains(&n) => {
                self.note(format!("<{n}> removed: the book's pictures do not move"));
                return;
            }
            n if !KEPT.contains(&n) => {
                self.note(format!(
                    "<{n}> removed: it is not an SVG drawing element Bindery keeps"
                ));
                return;
            }
            _ => {}
        }
        let mut attrs: Vec<(String, String)> = Vec::new();
        if root {
            attrs.push(("xmlns".into(), SVG_NS.into()));
            attrs.push(("xmlns:xlink".into(), XLINK_NS.into()));
        }
        for a in node.attributes() {
            let (key, value) = (a.name(), a.value());
            match a.namespace() {
                None if key.len() > 2 && key[..2].eq_ignore_ascii_case("on") => {
                    self.note(format!(
                        "event handler `{key}` removed: scripts never run in the book"
                    ));
                }
                None if key == "href" => {
                    if let Some(keep) = self.href(name, value) {
                        attrs.push(("xlink:href".into(), keep));
                    } else if matches!(name, "use" | "image" | "feImage") {
                        return;
                    }
                }
                None if key == "id" => {
                    if !is_xml_name(value) {
                        self.note(format!("id `{value}` removed: an id must be an XML name"));
                    } else if !self.ids.insert(value.to_string()) {
                        self.note(format!(
                            "id `{value}` removed where it is used again (the first element keeps it)"
                        ));
                    } else {
                        attrs.push((key.into(), value.into()));
                    }
                }
                // A link's target window: links are not kept.
                None if key == "target" && name == "a" => {}
                None if key == "style" => {
                    let (kept, removed) = style_attribute(value);
                    for property in removed {
                        self.note(css_note(&property));
                    }
                    if !kept.is_empty() {
                        attrs.push((key.into(), kept));
                    }
                }
                None => {
                    if value_is_local(value) {
                        attrs.push((key.into(), value.into()));
                    } else {
                        self.note(css_note(key));
                    }
                }
                Some(XLINK_NS) if key == "href" => {
                    if let Some(keep) = self.href(name, value) {
                        attrs.push(("xlink:href".into(), keep));
                    } else if matches!(name, "use" | "image" | "feImage") {
                        return;
                    }
                }
                Some(XML_NS) if matches!(key, "space" | "lang") => {
                    attrs.push((format!("xml:{key}"), value.into()));
                }
                Some(XML_NS) if key == "base" => {
                    self.note("`xml:base` removed: references stay inside the file".into());
                }
                // xlink:title, editors' attributes: not drawn.
                Some(_) => {}
            }
        }
        // A link is kept as the group it also is: links inside an image
        // lead nowhere in a reader (EPUBCheck refuses them, RSC-011).
        let name = if name == "a" { "g" } else { name };
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in &attrs {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            push_attr_value(&mut self.out, value);
            self.out.push('"');
        }
        let open_end = self.out.len();
        self.out.push('>');
        if name == "style" {
            let text: String = node.children().filter_map(|c| c.text()).collect();
            let (sheet, removed, at_rules) = style_sheet(&text);
            for property in removed {
                self.note(css_note(&property));
            }
            if at_rules {
                self.note(
                    "CSS at-rules (@import, @font-face, @media…) removed from <style>".into(),
                );
            }
            push_text(&mut self.out, &sheet);
        } else {
            for child in node.children() {
                if child.is_element() {
                    self.element(child, false);
                } else if let Some(text) = child.text().filter(|_| child.is_text()) {
                    push_text(&mut self.out, text);
                }
            }
        }
        if self.out.len() == open_end + 1 {
            self.out.truncate(open_end);
            self.out.push_str("/>");
        } else {
            self.out.push_str("</");
            self.out.push_str(name);
            self.out.push('>');
        }
    }

    /// The reference an element may keep: a local `#id`, or on `<image>` a
    /// raster data URL whose image passes the book's checks (re-encoded
    /// from its decoded bytes). `None` after noting why it was left out.
    fn href(&mut self, element: &str, value: &str) -> Option<String> {
        let value = value.trim();
        if is_local_ref(value) && element != "a" {
            return Some(value.to_string());
        }
        if element == "image"
            && let Ok(url) = data_url::DataUrl::process(value)
        {
            let checked = url
                .decode_to_vec()
                .map_err(|_| "its base64 data is damaged".to_string())
                .and_then(|(bytes, _)| {
                    let media_type = (self.raster)(&bytes)?;
                    Ok(format!(
                        "data:{media_type};base64,{}",
                        base64::engine::general_purpose::STANDARD.encode(&bytes)
                    ))
                });
            return match checked {
                Ok(keep) => Some(keep),
                Err(why) => {
                    self.note(format!("an embedded image (data URL) removed: it {why}"));
                    None
                }
            };
        }
        let shown: String = value.chars().take(60).collect();
        let what = match element {
            "image" | "feImage" => format!(
                "<{element}> of `{shown}` removed: an SVG image must hold its pictures itself (embed them as data URLs)"
            ),
            "a" => format!("link to `{shown}` removed: links inside images are not followed"),
            _ => format!(
                "reference to `{shown}` on <{element}> removed: references stay inside the file"
            ),
        };
        self.note(what);
        None
    }
}

fn css_note(property: &str) -> String {
    format!("`{property}` removed: it refers outside the file (only url(#id) is kept)")
}

/// Whether `id` is an XML name without colons (an NCName), as ids must be.
fn is_xml_name(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '\u{B7}'))
}
