//! Accessibility that is checked, not declared: the rules Bindery can test
//! on the EPUB it writes (a text alternative on every image, headings in
//! order, a language on every document, no colours of unchecked contrast),
//! and the schema.org metadata that follows from what was found.
//!
//! The checks read the XHTML as written (after the author's raw HTML was
//! sanitised), so that headings and images written in raw HTML count too.
//! The conformance claim (`dcterms:conformsTo`) is written only when every
//! rule holds; otherwise a warning says what is missing.

use html5gum::{Token, Tokenizer};

use crate::diag::Diagnostic;

/// The conformance claim written when the book meets every rule Bindery
/// checks.
pub const CONFORMS_TO: &str = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA";

/// One XHTML document of the package, as written.
pub struct Document<'a> {
    /// Its path in the package (`ch01.xhtml`).
    pub href: &'a str,
    pub text: &'a str,
    /// The source file it was made from, for the warning; `None` for pages
    /// made from the metadata (title page, nav).
    pub source: Option<&'a str>,
    /// The cover page: its image is the cover, described by its label, and
    /// does not make the book's content visual.
    pub is_cover: bool,
}

/// What the book has, beyond what the checks find, for the metadata.
#[derive(Debug, Clone, Copy, Default)]
pub struct Features {
    /// How many notes the book has (linked both ways).
    pub notes: usize,
    /// The EPUB has a `page-list` nav with the print edition's page breaks.
    /// (Set by the page-list work; `false` until the EPUB has one.)
    pub page_list: bool,
    /// A GIF may be animated, and Bindery does not check how it flashes.
    pub may_flash: bool,
}

/// One rule the book breaks, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The source file (or package file) concerned.
    pub file: String,
    pub what: String,
}

/// What the checks found.
#[derive(Debug, Clone, Default)]
pub struct Audit {
    /// Content images (the cover aside).
    pub images: usize,
    /// Content images with no or an empty `alt`.
    pub images_without_alt: usize,
    /// Every rule broken; empty when the conformance claim is earned.
    pub problems: Vec<Problem>,
    pub features: Features,
}

impl Audit {
    /// True when the book meets every rule Bindery checks.
    pub fn conforms(&self) -> bool {
        self.problems.is_empty()
    }

    /// The warning printed when the claim is not made, naming what is
    /// missing; `None` when the book conforms.
    pub fn warning(&self) -> Option<Diagnostic> {
        let first = self.problems.first()?;
        let mut message = format!(
            "the EPUB does not claim conformance to {CONFORMS_TO} (dcterms:conformsTo): {}",
            first.what
        );
        if self.problems.len() > 1 {
            let others: Vec<String> = self.problems[1..]
                .iter()
                .map(|p| format!("{}: {}", p.file, p.what))
                .collect();
            message.push_str(&format!("; also {}", others.join("; ")));
        }
        Some(Diagnostic::warning(first.file.clone(), 0, 0, message))
    }
}

/// Runs every check on `documents` and the book's own stylesheet (`user_css`,
/// appended after Bindery's, whose colours are checked by a test: it sets
/// none).
pub fn audit(documents: &[Document<'_>], user_css: Option<&str>, features: Features) -> Audit {
    let mut audit = Audit {
        features,
        ..Audit::default()
    };
    for doc in documents {
        let file = doc.source.unwrap_or(doc.href).to_string();
        let scan = scan(doc.text);
        if !doc.is_cover {
            audit.images += scan.images;
            audit.images_without_alt += scan.images_without_alt;
            if scan.images_without_alt > 0 {
                audit.problems.push(Problem {
                    file: file.clone(),
                    what: format!(
                        "{} image{} without a text alternative (alt) in {}",
                        scan.images_without_alt,
                        if scan.images_without_alt == 1 {
                            ""
                        } else {
                            "s"
                        },
                        doc.href
                    ),
                });
            }
        }
        if let Some((from, to)) = scan.heading_skip {
            audit.problems.push(Problem {
                file: file.clone(),
                what: format!("headings skip a level in {} (h{from} then h{to})", doc.href),
            });
        }
        if !scan.has_language {
            audit.problems.push(Problem {
                file,
                what: format!("{} has no language (set [book] language)", doc.href),
            });
        }
    }
    if let Some(property) = user_css.and_then(sets_colour) {
        audit.problems.push(Problem {
            file: "the book's stylesheet".into(),
            what: format!(
                "it sets `{property}`, and Bindery does not check the contrast of the book's own colours"
            ),
        });
    }
    audit
}

/// What one document shows.
#[derive(Debug, Default, PartialEq)]
struct Scan {
    images: usize,
    images_without_alt: usize,
    /// The first place a heading goes deeper by more than one level.
    heading_skip: Option<(u8, u8)>,
    /// The root element has a `lang` and an `xml:lang` naming a language.
    has_language: bool,
}

fn scan(xhtml: &str) -> Scan {
    let mut scan = Scan::default();
    let mut last_heading: Option<u8> = None;
    for token in Tokenizer::new(xhtml).flatten() {
        let Token::StartTag(tag) = token else {
            continue;
        };
        let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
        let attr = |key: &str| {
            tag.attributes
                .get(key.as_bytes())
                .map(|v| String::from_utf8_lossy(v).trim().to_string())
        };
        match name.as_str() {
            "html" => {
                let named = |v: Option<String>| v.is_some_and(|v| !v.is_empty() && v != "und");
                scan.has_language = named(attr("lang")) && named(attr("xml:lang"));
            }
            "img" => {
                scan.images += 1;
                if attr("alt").is_none_or(|alt| alt.is_empty()) {
                    scan.images_without_alt += 1;
                }
            }
            _ => {
                if let Some(level) = heading_level(&name) {
                    // The first heading of a document may be of any level.
                    if let Some(last) = last_heading
                        && level > last + 1
                        && scan.heading_skip.is_none()
                    {
                        scan.heading_skip = Some((last, level));
                    }
                    last_heading = Some(level);
                }
            }
        }
    }
    scan
}

fn heading_level(name: &str) -> Option<u8> {
    match name.as_bytes() {
        [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
        _ => None,
    }
}

/// The first colour property a stylesheet sets (`color`, `background`,
/// `background-color`, `border-color`…), if any; `currentColor` and
/// `inherit` are no colours of their own.
pub fn sets_colour(css: &str) -> Option<String> {
    let css = strip_comments(css);
    for declaration in css.split([';', '{', '}']) {
        let Some((property, value)) = declaration.split_once(':') else {
            continue;
        };
        let property = property.trim().to_ascii_lowercase();
        let value = value.trim().to_ascii_lowercase();
        let colourful = property == "color"
            || property.starts_with("background")
            || property.ends_with("-color")
            || property == "fill"
            || property == "stroke";
        let neutral = matches!(
            value.as_str(),
            "currentcolor" | "inherit" | "initial" | "unset" | "transparent" | "none"
        );
        if colourful && !neutral {
            return Some(property);
        }
    }
    None
}

fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = match rest[start + 2..].find("*/") {
            Some(end) => &rest[start + 2 + end + 2..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// A plain-language account of the book's accessibility, from the audit:
/// what it has, what it lacks. Written in English (its `xml:lang` says so).
pub fn summary(audit: &Audit) -> String {
    let mut s = String::from(
        "Reflowable text whose font, size, colours and spacing the reading system may change, \
         with a table of contents, headings and a logical reading order.",
    );
    let notes = audit.features.notes;
    if notes > 0 {
        s.push_str(&format!(
            " {} linked from {} reference{} in the text and back.",
            if notes == 1 {
                "Its note is".to_string()
            } else {
                format!("Its {notes} notes are")
            },
            if notes == 1 { "its" } else { "their" },
            if notes == 1 { "" } else { "s" },
        ));
    }
    match (audit.images, audit.images_without_alt) {
        (0, _) => s.push_str(" It has no images besides the cover."),
        (n, 0) => s.push_str(&format!(
            " {} a text alternative.",
            if n == 1 {
                "Its image has"
            } else {
                "Every image has"
            }
        )),
        (n, k) => s.push_str(&format!(
            " {k} of its {n} images {} no text alternative.",
            if k == 1 { "has" } else { "have" }
        )),
    }
    if audit.features.page_list {
        s.push_str(" Page numbers of the print edition are marked and listed.");
    }
    if audit.conforms() {
        s.push_str(&format!(
            " It meets {CONFORMS_TO} as far as automated checks can tell."
        ));
    } else {
        let missing: Vec<&str> = audit.problems.iter().map(|p| p.what.as_str()).collect();
        s.push_str(&format!(
            " It does not claim conformance to {CONFORMS_TO}: {}.",
            missing.join("; ")
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Scan {
        scan(text)
    }

    #[test]
    fn headings_images_and_language_are_read_from_the_markup() {
        let s = doc(
            "<?xml version=\"1.0\"?><html lang=\"fr\" xml:lang=\"fr\"><body><h1>a</h1><h2>b</h2>\
             <h4>c</h4><img src=\"x\" alt=\"\"/><img src=\"y\" alt=\"A cat\"/><h2>d</h2></body></html>",
        );
        assert_eq!(
            s,
            Scan {
                images: 2,
                images_without_alt: 1,
                heading_skip: Some((2, 4)),
                has_language: true,
            }
        );
        let s = doc("<html lang=\"und\" xml:lang=\"und\"><body><h2>x</h2><h3>y</h3></body></html>");
        assert!(!s.has_language);
        assert_eq!(s.heading_skip, None, "the first heading may be any level");
    }

    #[test]
    fn colours_in_a_stylesheet_are_found_and_neutral_values_are_not() {
        assert_eq!(sets_colour("p { color: currentColor; }"), None);
        assert_eq!(
            sets_colour("/* color: red */ hr { border-top: 1px solid currentColor }"),
            None
        );
        assert_eq!(sets_colour("a{color:#777}"), Some("color".into()));
        assert_eq!(
            sets_colour("body { margin: 0; background-color: black }"),
            Some("background-color".into())
        );
    }

    #[test]
    fn the_claim_needs_every_rule_and_the_warning_names_the_file() {
        let good = Document {
            href: "ch01.xhtml",
            text: "<html lang=\"en\" xml:lang=\"en\"><body><h1>T</h1><img alt=\"x\"/></body></html>",
            source: Some("one.md"),
            is_cover: false,
        };
        let bare_cover = Document {
            href: "cover.xhtml",
            text: "<html lang=\"en\" xml:lang=\"en\"><body><img src=\"c\"/></body></html>",
            source: None,
            is_cover: true,
        };
        let audit = super::audit(&[good, bare_cover], None, Features::default());
        assert!(audit.conforms(), "{:?}", audit.problems);
        assert_eq!((audit.images, audit.images_without_alt), (1, 0));
        assert!(audit.warning().is_none());
        assert!(summary(&audit).contains("meets"));

        let bad = Document {
            href: "ch02.xhtml",
            text: "<html lang=\"en\" xml:lang=\"en\"><body><img src=\"x\"/></body></html>",
            source: Some("two.md"),
            is_cover: false,
        };
        let audit = super::audit(&[bad], Some("p { color: grey }"), Features::default());
        assert!(!audit.conforms());
        let warning = audit.warning().unwrap();
        assert_eq!(warning.file, "two.md");
        assert!(
            warning
                .message
                .contains("1 image without a text alternative")
        );
        assert!(
            warning.message.contains("sets `color`"),
            "{}",
            warning.message
        );
        assert!(summary(&audit).contains("1 of its 1 images has no text alternative"));
    }
}
