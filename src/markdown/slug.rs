//! Identifiers made from text: heading ids (Unicode-aware, XML-safe, unique
//! across the book) and output file stems (ASCII).

use std::collections::HashSet;

use crate::diag::Diagnostic;
use crate::model::{Block, BlockKind, Chapter, Note, SourceFile, inlines_plain_text};

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

/// Whether `id` is an XML NCName made of the characters Bindery accepts in
/// an explicit `{#id}`: a letter or `_` first, then letters, digits, `-`,
/// `_`, `.`.
pub fn is_xml_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Gives every heading of the book its final id. The front-end leaves an
/// explicit `{#id}` in place and an empty id where none was written; this
/// pass checks explicit ids for duplicates (an error at the second) and then
/// slugs the others, adding `-2`, `-3`… to keep all ids unique. Chapter ids
/// are reserved too, since the PDF uses both as destinations.
pub fn assign_heading_ids(
    chapters: &mut [Chapter],
    notes: &mut [Note],
    sources: &[SourceFile],
    diags: &mut Vec<Diagnostic>,
) {
    let mut used: HashSet<String> = chapters.iter().map(|c| c.id.clone()).collect();
    let file = |b: &Block| {
        sources
            .get(b.pos.source.0)
            .map_or_else(String::new, |s| s.path.clone())
    };
    let mut explicit = |b: &mut Block| {
        if let BlockKind::Heading { id, .. } = &b.kind
            && !id.is_empty()
        {
            if !is_xml_id(id) {
                diags.push(Diagnostic::error(
                    file(b),
                    b.pos.line,
                    b.pos.col,
                    format!("heading id `{id}` is not a valid XML id: start with a letter, then use letters, digits, `-`, `_` or `.`"),
                ));
            } else if !used.insert(id.clone()) {
                diags.push(Diagnostic::error(
                    file(b),
                    b.pos.line,
                    b.pos.col,
                    format!(
                        "heading id `{id}` is used twice (ids must be unique in the whole book)"
                    ),
                ));
            }
        }
    };
    for c in chapters.iter_mut() {
        for_each_block(&mut c.blocks, &mut explicit);
    }
    for n in notes.iter_mut() {
        for_each_block(&mut n.blocks, &mut explicit);
    }
    let mut automatic = |b: &mut Block| {
        if let BlockKind::Heading { id, content, .. } = &mut b.kind
            && id.is_empty()
        {
            let base = heading_slug(&inlines_plain_text(content));
            let mut candidate = base.clone();
            let mut n = 2;
            while used.contains(&candidate) {
                candidate = format!("{base}-{n}");
                n += 1;
            }
            used.insert(candidate.clone());
            *id = candidate;
        }
    };
    for c in chapters.iter_mut() {
        for_each_block(&mut c.blocks, &mut automatic);
    }
    for n in notes.iter_mut() {
        for_each_block(&mut n.blocks, &mut automatic);
    }
}

/// Visits every block, depth first, in document order.
pub fn for_each_block(blocks: &mut [Block], f: &mut dyn FnMut(&mut Block)) {
    for b in blocks {
        f(b);
        match &mut b.kind {
            BlockKind::BlockQuote(inner) => for_each_block(inner, f),
            BlockKind::List { items, .. } => {
                for item in items {
                    for_each_block(&mut item.blocks, f);
                }
            }
            _ => {}
        }
    }
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

    #[test]
    fn xml_ids() {
        assert!(is_xml_id("intro"));
        assert!(is_xml_id("été-2"));
        assert!(!is_xml_id("2nd"));
        assert!(!is_xml_id("a b"));
    }
}
