//! Bounds on the work an SVG file can ask for, checked before anything
//! expands it: entities (the "billion laughs"), external entities, element
//! nesting, and `<use>` references that multiply the drawing.

use std::collections::HashMap;

use roxmltree::{Document, Node, NodeId};

/// The most nodes roxmltree builds for one file.
pub const MAX_NODES: u32 = 1_000_000;
/// The deepest element nesting accepted (editors stay far below).
const MAX_DEPTH: usize = 128;
/// The most elements the drawing may have once `<use>` references are
/// expanded, as a renderer expands them.
const MAX_EXPANDED: u64 = 250_000;
/// The most text entity references may add to the document.
const MAX_ENTITY_TEXT: usize = 4 * 1024 * 1024;

/// Refuses external and parameter entities, entities defined by other
/// entities (the "billion laughs" pattern), and entity references that
/// would add more than [`MAX_ENTITY_TEXT`] bytes.
pub fn entities(text: &str) -> Result<(), String> {
    let Some(start) = text.find("<!DOCTYPE") else {
        return Ok(());
    };
    let mut sizes: HashMap<&str, usize> = HashMap::new();
    let mut rest = &text[start..];
    while let Some(at) = rest.find("<!ENTITY") {
        rest = &rest[at + "<!ENTITY".len()..];
        let mut words = rest.trim_start();
        if words.starts_with('%') {
            return Err(
                "declares a parameter entity (<!ENTITY % …>): remove the DOCTYPE's entities".into(),
            );
        }
        let name_end = words
            .find(|c: char| c.is_whitespace())
            .unwrap_or(words.len());
        let name = &words[..name_end];
        words = words[name_end..].trim_start();
        let quote = words.chars().next();
        let Some(quote @ ('"' | '\'')) = quote else {
            return Err(format!(
                "declares an external entity `{name}` (SYSTEM or PUBLIC): Bindery reads no file an SVG names"
            ));
        };
        let body = &words[1..];
        let value = &body[..body.find(quote).unwrap_or(body.len())];
        if value.replace("&#", "").contains('&') {
            return Err(format!(
                "defines entity `{name}` with other entities (the \"billion laughs\" pattern): remove the DOCTYPE's entities"
            ));
        }
        sizes.insert(name, value.len());
        rest = &body[value.len().min(body.len())..];
    }
    let mut added = 0usize;
    for (name, size) in &sizes {
        let uses = text.matches(&format!("&{name};")).count();
        added = added.saturating_add(uses.saturating_mul(*size));
    }
    if added > MAX_ENTITY_TEXT {
        return Err(format!(
            "expands its entities to {} MiB of text (the limit is {} MiB)",
            added.div_ceil(1024 * 1024),
            MAX_ENTITY_TEXT / (1024 * 1024)
        ));
    }
    Ok(())
}

/// Refuses elements nested deeper than [`MAX_DEPTH`], `<use>` cycles, and
/// drawings that `<use>` expands past [`MAX_EXPANDED`] elements.
pub fn structure(doc: &Document) -> Result<(), String> {
    let ids: HashMap<&str, Node> = doc
        .descendants()
        .filter(|n| n.is_element())
        .filter_map(|n| Some((n.attribute("id")?, n)))
        .collect();
    let mut weights = Weights {
        ids,
        done: HashMap::new(),
        active: Vec::new(),
    };
    let total = weights.of(doc.root_element(), 0)?;
    if total > MAX_EXPANDED {
        return Err(format!(
            "expands to more than {MAX_EXPANDED} elements through <use> references"
        ));
    }
    Ok(())
}

/// Each element's size once its `<use>` references are expanded.
struct Weights<'a, 'i> {
    ids: HashMap<&'a str, Node<'a, 'i>>,
    done: HashMap<NodeId, u64>,
    /// The elements being weighed, outermost first (a cycle returns to one).
    active: Vec<NodeId>,
}

impl<'a, 'i> Weights<'a, 'i> {
    /// `depth` counts both nesting and `<use>` hops, so a long chain of
    /// references is bounded like deep nesting.
    fn of(&mut self, node: Node<'a, 'i>, depth: usize) -> Result<u64, String> {
        if depth > MAX_DEPTH {
            return Err(format!(
                "nests elements or <use> references more than {MAX_DEPTH} deep"
            ));
        }
        if let Some(w) = self.done.get(&node.id()) {
            return Ok(*w);
        }
        if self.active.contains(&node.id()) {
            return Err("has a <use> reference to itself (a cycle)".into());
        }
        self.active.push(node.id());
        let mut weight = 1u64;
        for child in node.children().filter(|c| c.is_element()) {
            weight = weight.saturating_add(self.of(child, depth + 1)?);
            if weight > MAX_EXPANDED {
                break;
            }
        }
        if node.tag_name().name() == "use"
            && let Some(target) = href(node)
                .and_then(|h| h.strip_prefix('#'))
                .and_then(|id| self.ids.get(id).copied())
        {
            weight = weight.saturating_add(self.of(target, depth + 1)?);
        }
        self.active.pop();
        self.done.insert(node.id(), weight);
        Ok(weight)
    }
}

/// An element's `href` or `xlink:href`.
pub fn href<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    node.attributes()
        .find(|a| {
            a.name() == "href"
                && matches!(a.namespace(), None | Some("http://www.w3.org/1999/xlink"))
        })
        .map(|a| a.value().trim())
}
