//! Every link resolved once into a [`LinkTarget`], so that the same link
//! reaches the same place in the EPUB and in the PDF.
//!
//! A link written in a chapter is read as mdBook and pandoc readers expect:
//! relative to that chapter's file (`../part2/intro.md`, `intro.md#start`,
//! `chapter.html` for the `.md` file of that name, `#id` for an anchor
//! anywhere in the book), or an external address. A link that leads
//! nowhere — no such chapter, image or anchor, a script URL, a scheme the
//! book may not carry (`data:`, `file:`), an address that is not a valid
//! URL — is warned about at its own column, once, and becomes its text.
//! Note references inside a link move just after it: a note mark is a link
//! of its own, and links do not nest.

use std::collections::HashMap;

use super::ids::Anchors;
use super::report::Report;
use super::sanitise::{UrlVerdict, url_verdict};
use crate::model::{Chapter, Inline, LinkTarget, Pos, SourceFile};

/// What links resolve against: the book's files and anchors.
pub struct Targets<'a> {
    anchors: &'a Anchors,
    /// Normalised source path → the chapters made from it, in order.
    by_source: HashMap<String, Vec<usize>>,
    /// Folder of each chapter's source (`book/part/`), for relative links.
    dirs: Vec<String>,
    /// Normalised asset href (relative to the book folder) → asset index.
    assets: HashMap<String, usize>,
}

impl<'a> Targets<'a> {
    /// `hrefs` are the assets' paths inside the book folder, by index.
    pub fn new(
        chapters: &[Chapter],
        sources: &[SourceFile],
        hrefs: &[String],
        anchors: &'a Anchors,
    ) -> Self {
        let mut by_source: HashMap<String, Vec<usize>> = HashMap::new();
        let mut dirs = Vec::new();
        for (i, chapter) in chapters.iter().enumerate() {
            let path = sources
                .get(chapter.source.0)
                .map(|s| normalise(&s.path))
                .unwrap_or_default();
            dirs.push(match path.rfind('/') {
                Some(slash) => path[..=slash].to_string(),
                None => String::new(),
            });
            by_source.entry(path).or_default().push(i);
        }
        let assets = hrefs
            .iter()
            .enumerate()
            .map(|(i, href)| (normalise(href), i))
            .collect();
        Targets {
            anchors,
            by_source,
            dirs,
            assets,
        }
    }

    /// Resolves every link of a run of inlines written in `chapter`, and
    /// moves note references out of links.
    pub fn run(&self, inlines: &mut Vec<Inline>, chapter: usize, report: &mut Report<'_>) {
        let mut out = Vec::with_capacity(inlines.len());
        for mut inline in std::mem::take(inlines) {
            if let Some(children) = inline.children_mut() {
                self.run(children, chapter, report);
            }
            let is_link = matches!(inline, Inline::Link { .. })
                || matches!(inline, Inline::Element { name: "a", .. });
            let mut moved = Vec::new();
            if is_link && let Some(children) = inline.children_mut() {
                take_note_refs(children, &mut moved);
            }
            match inline {
                Inline::Link {
                    target: LinkTarget::Unresolved(url),
                    title,
                    content,
                    attrs,
                    pos,
                } => match self.resolve(&url, chapter, pos, report) {
                    Some(target) => out.push(Inline::Link {
                        target,
                        title,
                        content,
                        attrs,
                        pos,
                    }),
                    None => out.extend(content),
                },
                other => out.push(other),
            }
            out.extend(moved);
        }
        *inlines = out;
    }

    /// Where `url`, written in `chapter` at `pos`, leads; `None` (after a
    /// warning) when it leads nowhere.
    fn resolve(
        &self,
        url: &str,
        chapter: usize,
        pos: Pos,
        report: &mut Report<'_>,
    ) -> Option<LinkTarget> {
        let url = url.trim();
        match url_verdict(url) {
            UrlVerdict::Script => {
                report.warn(
                    pos,
                    format!("script URL `{url}` removed from a link: written as plain text"),
                );
                return None;
            }
            UrlVerdict::Scheme(scheme) => {
                report.warn(
                    pos,
                    format!("`{scheme}:` link `{url}` removed: only http, https and mailto addresses and the book's own files are linked; written as plain text"),
                );
                return None;
            }
            UrlVerdict::Allowed => {}
        }
        if has_scheme(url) || url.starts_with("//") {
            return match external(url) {
                Some(u) => Some(LinkTarget::External(u)),
                None => {
                    report.warn(
                        pos,
                        format!("link `{url}` is not a valid address: written as plain text"),
                    );
                    None
                }
            };
        }
        let (path, fragment) = match url.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (url, None),
        };
        let missing = |report: &mut Report<'_>| {
            report.warn(
                pos,
                format!("link target `{url}` is no chapter, image, heading or anchor of the book: written as plain text"),
            );
            None
        };
        if path.is_empty() {
            return match self.anchor(fragment.unwrap_or("")) {
                Some(t) => Some(t),
                None => missing(report),
            };
        }
        let dir = self.dirs.get(chapter).map_or("", String::as_str);
        let target = normalise(&format!("{dir}{}", percent_decode(path)));
        if let Some(chapters) = self.chapters_of(&target) {
            return match fragment.filter(|f| !f.is_empty()) {
                // The heading may stand in a later chapter cut from the
                // same file (a single-file book), or anywhere: ids are
                // unique in the book.
                Some(f) => match self.anchor(f) {
                    Some(t) => Some(t),
                    None => missing(report),
                },
                None => chapters.first().map(|&c| LinkTarget::Chapter(c)),
            };
        }
        if self.asset(&target).is_some() {
            // EPUB readers open only the book's pages (EPUBCheck: RSC-010),
            // and a print page has nowhere to go.
            report.warn(
                pos,
                format!("link to the image file `{url}`: readers open only the book's pages, so it is written as plain text (show the image with ![text]({url}))"),
            );
            return None;
        }
        missing(report)
    }

    /// The chapters made from the file at `target`, read as mdBook readers
    /// write it: `chapter.md`, `chapter.html` for it, a folder's `index.html`
    /// for its `README.md` or `index.md`.
    fn chapters_of(&self, target: &str) -> Option<&[usize]> {
        let mut candidates = vec![target.to_string()];
        let stem = target
            .strip_suffix(".html")
            .or_else(|| target.strip_suffix(".htm"));
        if let Some(stem) = stem {
            candidates.push(format!("{stem}.md"));
            candidates.push(format!("{stem}.markdown"));
            if let Some(folder) = stem.strip_suffix("index") {
                candidates.push(format!("{folder}README.md"));
            }
        }
        candidates
            .iter()
            .find_map(|c| self.by_source.get(c))
            .map(Vec::as_slice)
    }

    /// An anchor by id (following a rename of the author's id).
    fn anchor(&self, id: &str) -> Option<LinkTarget> {
        let id = self.anchors.renamed.get(id).map_or(id, String::as_str);
        let place = self.anchors.places.get(id)?;
        Some(LinkTarget::Anchor {
            chapter: place.chapter,
            id: id.to_string(),
            note: place.note,
        })
    }

    /// Asset hrefs are relative to the book folder, source paths to the
    /// current folder: match on the path's tail.
    fn asset(&self, target: &str) -> Option<usize> {
        if let Some(&i) = self.assets.get(target) {
            return Some(i);
        }
        let mut rest = target;
        while let Some((_, tail)) = rest.split_once('/') {
            if let Some(&i) = self.assets.get(tail) {
                return Some(i);
            }
            rest = tail;
        }
        None
    }
}

/// Moves note references out of a link's content (depth first, in order).
fn take_note_refs(inlines: &mut Vec<Inline>, out: &mut Vec<Inline>) {
    let mut kept = Vec::with_capacity(inlines.len());
    for mut inline in std::mem::take(inlines) {
        if matches!(inline, Inline::NoteRef(_)) {
            out.push(inline);
            continue;
        }
        if let Some(children) = inline.children_mut() {
            take_note_refs(children, out);
        }
        kept.push(inline);
    }
    *inlines = kept;
}

/// An external address as the EPUB may write it: checked by a URL parser
/// (`None` when it is no URL at all, or an `http(s)` URL without a real
/// host), then with every character RFC 3986 does not allow there
/// percent-encoded (`\`, `[`, `]`, spaces… — EPUBCheck rejects them, RSC-020).
fn external(url: &str) -> Option<String> {
    let absolute = if url.starts_with("//") {
        format!("https:{url}")
    } else {
        url.to_string()
    };
    let parsed = url::Url::parse(&absolute).ok()?;
    if matches!(parsed.scheme(), "http" | "https")
        && parsed
            .host_str()
            .is_none_or(|h| h.is_empty() || h.split('.').any(str::is_empty))
    {
        return None;
    }
    // WHATWG hosts may hold `` ` ``, `{`, `!`…, RFC 3986's reg-names (and
    // EPUBCheck) only letters, digits, `-`, `.`, `_` and `~`.
    if let Some(url::Host::Domain(domain)) = parsed.host()
        && !domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~'))
    {
        return None;
    }
    let plain = absolute.chars().all(|c| {
        c.is_ascii_graphic() && !matches!(c, '\\' | '"' | '<' | '>' | '{' | '}' | '|' | '^' | '`')
    });
    let written = if plain { absolute } else { parsed.to_string() };
    Some(strict(&written))
}

/// `url` with the characters RFC 3986 forbids after its authority (or
/// after the scheme, for `mailto:`) percent-encoded, and a `%` that starts
/// no escape written as `%25`.
fn strict(url: &str) -> String {
    let scheme_end = url.find(':').map_or(0, |i| i + 1);
    let rest = &url[scheme_end..];
    let authority_end = match rest.strip_prefix("//") {
        Some(after) => scheme_end + 2 + after.find(['/', '?', '#']).unwrap_or(after.len()),
        None => scheme_end,
    };
    let (head, tail) = url.split_at(authority_end);
    let mut out = String::with_capacity(url.len() + 8);
    out.push_str(head);
    let bytes = tail.as_bytes();
    for (i, c) in tail.char_indices() {
        let escape_start = c == '%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        match c {
            '%' if !escape_start => out.push_str("%25"),
            '[' | ']' | '\\' | '{' | '}' | '|' | '^' | '`' | '"' | '<' | '>' | ' ' => {
                out.push_str(&format!("%{:02X}", c as u32))
            }
            c if c.is_ascii_control() => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(colon) => {
            let scheme = &url[..colon];
            scheme.len() > 1
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// `a/./b/../c` → `a/c`; leading `./` removed; backslashes as slashes.
pub fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalise_and_decode() {
        assert_eq!(normalise("book/./a/../b.md"), "book/b.md");
        assert_eq!(normalise("./x.png"), "x.png");
        assert_eq!(percent_decode("my%20file.md"), "my file.md");
        assert_eq!(percent_decode("100%"), "100%");
        assert!(has_scheme("https://x"));
        assert!(!has_scheme("c:x") && !has_scheme("a.md#b:c"));
    }

    #[test]
    fn external_addresses_are_checked() {
        assert_eq!(
            external("https://example.org/a#b").as_deref(),
            Some("https://example.org/a#b")
        );
        assert_eq!(
            external("https://example.org/a b\\c").as_deref(),
            Some("https://example.org/a%20b/c")
        );
        assert_eq!(
            external("mailto:someone@example.org").as_deref(),
            Some("mailto:someone@example.org")
        );
        assert_eq!(
            external("https://example.com/?find=\\*").as_deref(),
            Some("https://example.com/?find=%5C*")
        );
        assert_eq!(
            external("https://example.com//[/?q=](x)#a]").as_deref(),
            Some("https://example.com//%5B/?q=%5D(x)#a%5D")
        );
        assert_eq!(
            external("https://x.org/100%").as_deref(),
            Some("https://x.org/100%25")
        );
        assert_eq!(external("https://../"), None);
        assert_eq!(external("https://foo.bar.`baz/"), None);
        assert_eq!(external("http://"), None);
    }
}
