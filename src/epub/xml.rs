//! The one place where text becomes XML: escaping for text and attribute
//! values, and a tiny writer for elements. Every other file of the EPUB
//! backend writes markup through here, so nothing the author wrote can break
//! well-formedness.

/// Appends `s` as XML character data: `&`, `<`, `>` escaped, characters XML
/// 1.0 forbids (most C0 controls, U+FFFE, U+FFFF) left out.
pub fn push_text(out: &mut String, s: &str) {
    push_escaped(out, s, false);
}

/// Appends `s` as the inside of a double-quoted attribute value.
pub fn push_attr_value(out: &mut String, s: &str) {
    push_escaped(out, s, true);
}

fn push_escaped(out: &mut String, s: &str, attr: bool) {
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let replacement = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' if attr => "&quot;",
            // Newlines and tabs in attribute values would be normalised to
            // spaces by the parser; keep them as written.
            '\n' if attr => "&#10;",
            '\t' if attr => "&#9;",
            '\r' => "&#13;",
            c if !is_xml_char(c) => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(replacement);
        start = i + c.len_utf8();
    }
    out.push_str(&s[start..]);
}

/// Whether XML 1.0 allows `c` in a document.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Writes elements into a string. Start tags take their attributes as
/// `(name, value)` pairs; names are the caller's constants, values are
/// escaped here.
#[derive(Debug, Default)]
pub struct XmlWriter {
    pub out: String,
}

impl XmlWriter {
    /// A writer with the XML declaration already written.
    pub fn document() -> Self {
        Self {
            out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
        }
    }

    /// `<name a="v"…>`
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.tag(name, attrs, false);
    }

    /// `<name a="v"…/>`
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.tag(name, attrs, true);
    }

    /// `</name>`
    pub fn close(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// Escaped character data.
    pub fn text(&mut self, s: &str) {
        push_text(&mut self.out, s);
    }

    /// Markup that is already well-formed (written by this backend).
    pub fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// `<name a="v"…>text</name>`
    pub fn element(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(name, attrs);
        self.text(text);
        self.close(name);
    }

    fn tag(&mut self, name: &str, attrs: &[(&str, &str)], empty: bool) {
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attrs {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            push_attr_value(&mut self.out, value);
            self.out.push('"');
        }
        self.out.push_str(if empty { "/>" } else { ">" });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        let mut t = String::new();
        push_text(&mut t, "a < b & c > d\u{1}\u{FFFF}é");
        assert_eq!(t, "a &lt; b &amp; c &gt; dé");
        let mut s = String::new();
        push_attr_value(&mut s, "say \"hi\"\n");
        assert_eq!(s, "say &quot;hi&quot;&#10;");
    }

    #[test]
    fn writer_builds_elements() {
        let mut w = XmlWriter::default();
        w.open("p", &[("class", "x\"y")]);
        w.text("1 < 2");
        w.empty("br", &[]);
        w.close("p");
        assert_eq!(w.out, "<p class=\"x&quot;y\">1 &lt; 2<br/></p>");
    }
}
