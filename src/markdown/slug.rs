//! Output file stems made from titles (ASCII). Heading ids are the resolve
//! pass's (`crate::resolve`).

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
