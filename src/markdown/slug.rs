//! Identifiers made from text: heading ids (Unicode-aware, XML-safe, unique
//! across the book) and output file stems (ASCII).

/// A heading id from its text: lowercase letters and digits of any script,
/// words joined by `-`, other punctuation dropped; prefixed with `h-` when
/// it would not start with a letter (an XML name must not).
pub fn heading_slug(text: &str) -> String {
    let mut slug = String::new();
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '–' || c == '—' {
            pending_dash = true;
        }
    }
    if slug.is_empty() {
        return "section".into();
    }
    if slug.starts_with(|c: char| c.is_alphabetic()) {
        slug
    } else {
        format!("h-{slug}")
    }
}

/// The longest file stem made from a title, in bytes: a whole title of a
/// few hundred words made a name the file system refused ("File name too
/// long") after `check` had passed.
pub const MAX_FILE_SLUG: usize = 80;

/// An output file stem from a title: ASCII-folded (`é` → `e`), lowercase,
/// words joined by `-`, the first words up to [`MAX_FILE_SLUG`] bytes.
pub fn file_slug(title: &str) -> String {
    let ascii = deunicode::deunicode(title).to_ascii_lowercase();
    let mut slug = String::new();
    for word in ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let sep = usize::from(!slug.is_empty());
        if slug.len() + sep + word.len() > MAX_FILE_SLUG {
            if slug.is_empty() {
                slug.push_str(&word[..MAX_FILE_SLUG]);
            }
            break;
        }
        if sep == 1 {
            slug.push('-');
        }
        slug.push_str(word);
    }
    if slug.is_empty() { "book".into() } else { slug }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_slugs() {
        assert_eq!(
            heading_slug("From Serge’s “Present” to Ours"),
            "from-serges-present-to-ours"
        );
        assert_eq!(heading_slug("1917 and After"), "h-1917-and-after");
        assert_eq!(heading_slug("Überblick — Été"), "überblick-été");
        assert_eq!(heading_slug("!!!"), "section");
    }

    #[test]
    fn file_slugs() {
        assert_eq!(
            file_slug("Victor Serge and the Renewal of Socialism"),
            "victor-serge-and-the-renewal-of-socialism"
        );
        assert_eq!(file_slug("Éloge de l’ombre"), "eloge-de-l-ombre");
        assert_eq!(file_slug("“…”"), "book");
        let long = "a long title ".repeat(100);
        let slug = file_slug(&long);
        assert!(slug.len() <= MAX_FILE_SLUG && slug.starts_with("a-long-title-a-long"));
        assert!(!slug.ends_with('-'), "{slug}");
        assert_eq!(file_slug(&"x".repeat(500)).len(), MAX_FILE_SLUG);
    }
}
