//! The package document (`content.opf`): metadata (Dublin Core, roles,
//! `dcterms:modified`, accessibility), the manifest and the spine.

use super::a11y::{self, Audit, CONFORMS_TO};
use super::xhtml::language;
use super::xml::XmlWriter;
use crate::model::{Book, UtcTime};

/// One manifest item.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    /// Relative to the package document.
    pub href: String,
    pub media_type: String,
    pub properties: Option<&'static str>,
    /// In the spine (reading order) when true.
    pub spine: bool,
}

/// Apple's vocabulary, for `ibooks:specified-fonts`.
const IBOOKS_PREFIX: &str =
    "ibooks: http://vocabulary.itunes.apple.com/rdf/ibooks/vocabulary-extensions-1.0/";

/// Writes `content.opf`. `items` are in manifest order; those marked
/// `spine` make the reading order in the same order.
///
/// `print_edition` names the print edition a page list was taken from: it
/// is written as a `dc:source`, the `source-of` the pagination.
pub fn package(
    book: &Book,
    identifier: &str,
    items: &[Item],
    audit: &Audit,
    print_edition: Option<&str>,
) -> String {
    let meta = &book.meta;
    let lang = language(book);
    let mut w = XmlWriter::document();
    w.open(
        "package",
        &[
            ("xmlns", "http://www.idpf.org/2007/opf"),
            ("version", "3.0"),
            ("unique-identifier", "pub-id"),
            ("xml:lang", lang),
            ("prefix", IBOOKS_PREFIX),
        ],
    );
    w.raw("\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
    w.element("dc:identifier", &[("id", "pub-id")], identifier);
    w.raw("\n");
    if let Some(isbn) = meta
        .isbn
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let urn = if isbn.starts_with("urn:") {
            isbn.to_string()
        } else {
            format!("urn:isbn:{}", isbn.replace([' ', '-'], ""))
        };
        if urn != identifier {
            w.element("dc:identifier", &[("id", "isbn")], &urn);
            w.raw("\n");
        }
    }
    let title = meta.shown_title();
    w.element("dc:title", &[("id", "title")], title);
    w.raw("\n<meta refines=\"#title\" property=\"title-type\">main</meta>\n");
    if let Some(subtitle) = meta.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
        w.element("dc:title", &[("id", "subtitle")], subtitle);
        w.raw("\n<meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>\n");
    }
    let people = meta
        .authors
        .iter()
        .map(|a| ("dc:creator", a.as_str(), "aut"))
        .chain(
            meta.contributors
                .iter()
                .map(|c| ("dc:contributor", c.name.as_str(), c.role.as_str())),
        );
    for (n, (element, name, role)) in people.enumerate() {
        let id = format!("creator{}", n + 1);
        w.element(element, &[("id", &id)], name);
        w.raw("\n");
        if !role.trim().is_empty() {
            let refines = format!("#{id}");
            w.element(
                "meta",
                &[
                    ("refines", &refines),
                    ("property", "role"),
                    ("scheme", "marc:relators"),
                ],
                role.trim(),
            );
            w.raw("\n");
        }
    }
    w.element("dc:language", &[], lang);
    w.raw("\n");
    let optional = [
        ("dc:publisher", &meta.publisher),
        ("dc:source", &meta.source),
        ("dc:date", &meta.date),
        ("dc:description", &meta.description),
        ("dc:rights", &meta.rights),
    ];
    for (element, value) in optional {
        if let Some(value) = value.as_deref().filter(|v| !v.trim().is_empty()) {
            w.element(element, &[], value);
            w.raw("\n");
        }
    }
    if let Some(edition) = print_edition {
        w.element("dc:source", &[("id", "print-edition")], edition);
        w.raw("\n");
    }
    for subject in &meta.subjects {
        w.element("dc:subject", &[], subject);
        w.raw("\n");
    }
    w.element(
        "meta",
        &[("property", "dcterms:modified")],
        &UtcTime::from_unix(meta.modified).to_string(),
    );
    w.raw("\n");
    accessibility(&mut w, audit);
    if print_edition.is_some() {
        // The `dc:source` the page-break markers come from. (The draft
        // `pageBreakSource` property, which EPUBCheck 5 accepts, is an
        // error for EPUBCheck 4.2.6: OPF-027.)
        w.raw("<meta refines=\"#print-edition\" property=\"source-of\">pagination</meta>\n");
    }
    // Apple Books sets its own fonts unless told the book's are wanted.
    w.element("meta", &[("property", "ibooks:specified-fonts")], "true");
    w.raw("\n");
    if items.iter().any(|i| i.properties == Some("cover-image")) {
        w.empty("meta", &[("name", "cover"), ("content", "cover-image")]);
        w.raw("\n");
    }
    w.raw("</metadata>\n<manifest>\n");
    for item in items {
        let mut attrs = vec![
            ("id", item.id.as_str()),
            ("href", item.href.as_str()),
            ("media-type", item.media_type.as_str()),
        ];
        if let Some(p) = item.properties {
            attrs.push(("properties", p));
        }
        w.empty("item", &attrs);
        w.raw("\n");
    }
    w.raw("</manifest>\n<spine toc=\"ncx\">\n");
    for item in items.iter().filter(|i| i.spine) {
        w.empty("itemref", &[("idref", &item.id)]);
        w.raw("\n");
    }
    w.raw("</spine>\n</package>\n");
    w.out
}

/// schema.org accessibility metadata, claiming only what the audit found:
/// `alternativeText` only when every image has one, `printPageNumbers` only
/// with a page list, `conformsTo` only when every checked rule holds.
fn accessibility(w: &mut XmlWriter, audit: &Audit) {
    let mut prop = |property: &str, value: &str| {
        w.element("meta", &[("property", property)], value);
        w.raw("\n");
    };
    let visual = audit.images > 0;
    let all_described = audit.images_without_alt == 0;
    prop("schema:accessMode", "textual");
    if visual {
        prop("schema:accessMode", "visual");
    }
    if all_described {
        prop("schema:accessModeSufficient", "textual");
    }
    if visual {
        prop("schema:accessModeSufficient", "textual,visual");
    }
    for feature in [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ] {
        prop("schema:accessibilityFeature", feature);
    }
    if visual && all_described {
        prop("schema:accessibilityFeature", "alternativeText");
    }
    if audit.features.page_list {
        prop("schema:accessibilityFeature", "printPageNumbers");
        prop("schema:accessibilityFeature", "pageNavigation");
    }
    if audit.features.may_flash {
        prop("schema:accessibilityHazard", "unknownFlashingHazard");
        prop("schema:accessibilityHazard", "noMotionSimulationHazard");
        prop("schema:accessibilityHazard", "noSoundHazard");
    } else {
        prop("schema:accessibilityHazard", "none");
    }
    w.element(
        "meta",
        &[
            ("property", "schema:accessibilitySummary"),
            ("xml:lang", "en"),
        ],
        &a11y::summary(audit),
    );
    w.raw("\n");
    if audit.conforms() {
        w.element("meta", &[("property", "dcterms:conformsTo")], CONFORMS_TO);
        w.raw("\n");
    }
}
