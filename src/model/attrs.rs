//! Attributes of elements the author wrote as raw HTML, kept so that the
//! EPUB can write them back (a `class` the book's stylesheet styles, an
//! `id` a link points at, a `lang` for a quotation in another language).

/// Sanitised attributes: allowed names only, values checked, in a fixed
/// order (so that builds are reproducible).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Attrs(pub Vec<(String, String)>);

impl Attrs {
    /// No attributes.
    pub const fn new() -> Attrs {
        Attrs(Vec::new())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of an attribute, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Sets an attribute, replacing its value if present.
    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        let value = value.into();
        match self.0.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = value,
            None => self.0.push((name.to_string(), value)),
        }
    }

    /// Removes an attribute, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<String> {
        let i = self.0.iter().position(|(k, _)| k == name)?;
        Some(self.0.remove(i).1)
    }

    /// The `id`, if any.
    pub fn id(&self) -> Option<&str> {
        self.get("id")
    }

    /// The `lang` (or `xml:lang`), if any.
    pub fn lang(&self) -> Option<&str> {
        self.get("lang").or_else(|| self.get("xml:lang"))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_get_remove() {
        let mut a = Attrs::new();
        a.set("class", "x");
        a.set("id", "y");
        a.set("class", "z");
        assert_eq!(a.get("class"), Some("z"));
        assert_eq!(a.id(), Some("y"));
        assert_eq!(a.remove("id").as_deref(), Some("y"));
        assert_eq!(a.iter().collect::<Vec<_>>(), [("class", "z")]);
    }
}
