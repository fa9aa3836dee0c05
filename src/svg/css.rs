//! CSS inside SVG (`style` attributes, `<style>` elements, presentation
//! attributes such as `fill="url(#g)"`): parsed with simplecss and written
//! back with only the declarations that refer inside the file.

/// Whether a CSS value refers to nothing outside the file: every `url()`
/// names a local `#id`, and nothing else fetches, runs or escapes
/// (`image-set()`, `expression()`, bindings, `\` escapes, at-rules).
pub fn value_is_local(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let fetching = [
        "\\",
        "@",
        "expression(",
        "javascript:",
        "image-set(",
        "image(",
        "cross-fade(",
        "element(",
        "src(",
        "binding",
    ];
    if fetching.iter().any(|bad| lower.contains(bad)) {
        return false;
    }
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        let inside = rest[..rest.find(')').unwrap_or(rest.len())].trim();
        let target = inside.trim_matches(|c| c == '"' || c == '\'').trim();
        if !is_local_ref(target) {
            return false;
        }
    }
    true
}

/// A reference to an element of the same file: `#id`, nothing more.
pub fn is_local_ref(href: &str) -> bool {
    href.strip_prefix('#').is_some_and(|id| {
        !id.is_empty()
            && !id
                .chars()
                .any(|c| c.is_whitespace() || matches!(c, '(' | ')' | ':' | '/' | '\\'))
    })
}

/// A `style` attribute with only its local declarations, and the names of
/// those left out.
pub fn style_attribute(style: &str) -> (String, Vec<String>) {
    let mut kept = String::new();
    let mut removed = Vec::new();
    for d in simplecss::DeclarationTokenizer::from(style) {
        if value_is_local(d.value) {
            push_declaration(&mut kept, &d);
        } else {
            removed.push(d.name.to_string());
        }
    }
    (kept, removed)
}

/// A `<style>` sheet re-serialised with only local declarations, the names
/// of those left out, and whether at-rules (`@import`, `@font-face`,
/// `@media`…) were dropped: simplecss does not keep them.
pub fn style_sheet(text: &str) -> (String, Vec<String>, bool) {
    let mut sheet = simplecss::StyleSheet::parse(text);
    let mut removed = Vec::new();
    for rule in &mut sheet.rules {
        rule.declarations.retain(|d| {
            let local = value_is_local(d.value);
            if !local {
                removed.push(d.name.to_string());
            }
            local
        });
    }
    sheet.rules.retain(|r| !r.declarations.is_empty());
    (sheet.to_string(), removed, text.contains('@'))
}

fn push_declaration(out: &mut String, d: &simplecss::Declaration) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(d.name);
    out.push(':');
    out.push_str(d.value);
    if d.important {
        out.push_str(" !important");
    }
    out.push(';');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_references_stay() {
        assert!(value_is_local("url(#grad) red"));
        assert!(value_is_local("url( '#a' )"));
        assert!(!value_is_local("url(http://x/y.png)"));
        assert!(!value_is_local("url(#a) url(other.svg#b)"));
        assert!(!value_is_local("u\\72l(x)"));
        assert!(!value_is_local("image-set('a.png' 1x)"));
        let (kept, removed) =
            style_attribute("fill: url(#g); stroke: url(evil.svg#x); opacity:0.5 !important");
        assert_eq!(kept, "fill:url(#g); opacity:0.5 !important;");
        assert_eq!(removed, ["stroke"]);
        let (sheet, removed, at_rules) = style_sheet(
            "@import url(x.css); .a { fill: url(https://t/x); stroke: blue } .b { fill: url(http://y) }",
        );
        // simplecss writes `.a` as the selector it means.
        assert_eq!(sheet, "*[class~='a'] { stroke:blue; }");
        assert!(!sheet.contains("import"), "{sheet}");
        assert_eq!(removed, ["fill", "fill"]);
        assert!(at_rules);
    }
}
