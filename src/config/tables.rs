//! Which tables of `book.toml` are Bindery's, which are mdBook's (or
//! another renderer's) and left alone, and where Bindery's own settings
//! may also live: under `[output.bindery]`, so that one `book.toml` serves
//! both tools. Every key is checked before anything is read, so one run
//! reports every unknown key, in file order, with a "did you mean".

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue, ValueDeserializer};

use super::Reporter;

/// Bindery's tables and their keys.
const TABLES: &[(&str, &[&str])] = &[
    (
        "book",
        &[
            "title",
            "subtitle",
            "authors",
            "contributors",
            "language",
            "identifier",
            "isbn",
            "publisher",
            "source",
            "description",
            "rights",
            "date",
            "subjects",
            "cover",
            "src",
        ],
    ),
    ("output", &["formats", "name"]),
    ("notes", &["numbering", "placement"]),
    (
        "pdf",
        &[
            "trim",
            "font-size",
            "leading",
            "margins",
            "lead-in",
            "lead-in-words",
            "chapter-start",
            "figures",
            "toc-depth",
            "standard",
        ],
    ),
    (
        "fonts",
        &[
            "regular",
            "italic",
            "bold",
            "bold-italic",
            "mono",
            "fallback",
        ],
    ),
    ("hyphenation", &["enabled", "language", "exceptions"]),
    ("epub", &["stylesheet", "page-list"]),
];

/// mdBook's own top-level tables, which Bindery leaves to it.
const MDBOOK_TABLES: &[&str] = &["build", "rust", "preprocessor"];

/// Keys of mdBook's `[book]` that Bindery has no use for (`multilingual`
/// is mdBook 0.4's).
const MDBOOK_BOOK_KEYS: &[&str] = &["text-direction", "multilingual"];

/// Keys mdBook itself reads in a renderer's table (`[output.bindery]`).
const MDBOOK_RENDERER_KEYS: &[&str] = &["command", "optional"];

/// The name of Bindery's table under `[output]` when it runs as an mdBook
/// renderer.
const RENDERER: &str = "bindery";

/// Bindery's tables, each with the place of its header, merged from the top
/// level and `[output.bindery]`.
pub(super) struct BinderyTables<'i> {
    tables: Vec<(&'static str, Spanned<DeTable<'i>>)>,
}

impl<'i> BinderyTables<'i> {
    /// Takes one table out, to be deserialized.
    pub(super) fn take(&mut self, name: &str) -> Option<Spanned<DeTable<'i>>> {
        let at = self.tables.iter().position(|(n, _)| *n == name)?;
        Some(self.tables.remove(at).1)
    }
}

/// Sorts the document's tables: Bindery's are kept (their unknown keys
/// reported and removed), mdBook's and other renderers' get one note each,
/// anything else is an error with a suggestion.
pub(super) fn sort_out<'i>(doc: DeTable<'i>, r: &mut Reporter) -> BinderyTables<'i> {
    let mut out = BinderyTables { tables: Vec::new() };
    for (key, value) in in_file_order(doc) {
        let name = key.get_ref().as_ref();
        let at = key.span().start;
        if name == "preprocessor"
            && let DeValue::Table(preprocessors) = value.get_ref()
        {
            let mut named: Vec<_> = preprocessors.keys().collect();
            named.sort_by_key(|k| k.span().start);
            for k in named {
                let p = k.get_ref().as_ref();
                let message = match p {
                    "links" => "[preprocessor.links] is mdBook's built-in `links` preprocessor: Bindery expands the same {{#include}} directives itself".to_string(),
                    "index" => "[preprocessor.index] is mdBook's built-in `index` preprocessor (README.md as index.html): nothing for a book to do".to_string(),
                    _ => format!(
                        "[preprocessor.{p}] is an mdBook preprocessor: Bindery does not run it (`mdbook build` with [output.bindery] does)"
                    ),
                };
                r.note(k.span().start, message);
            }
            continue;
        }
        if MDBOOK_TABLES.contains(&name) {
            r.note(
                at,
                format!("[{name}] is mdBook's, not Bindery's: left alone"),
            );
            continue;
        }
        let Some(&(table_name, _)) = TABLES.iter().find(|(t, _)| *t == name) else {
            let known: Vec<&str> = TABLES
                .iter()
                .map(|(t, _)| *t)
                .chain(MDBOOK_TABLES.iter().copied())
                .collect();
            r.error(
                at,
                unknown("table", name, "book.toml", &known, |k| format!("[{k}]")),
            );
            continue;
        };
        let Some(table) = as_table(value, table_name, r) else {
            continue;
        };
        if table_name == "output" {
            split_output(table, &mut out, r);
        } else {
            merge(&mut out, table_name, table, "", r);
        }
    }
    out
}

/// `[output]`: Bindery's own keys, `[output.bindery]` (Bindery's settings
/// as an mdBook renderer), and other renderers' tables, left alone.
fn split_output<'i>(table: Spanned<DeTable<'i>>, out: &mut BinderyTables<'i>, r: &mut Reporter) {
    let span = table.span();
    let mut own = DeTable::new();
    for (key, value) in in_file_order(table.into_inner()) {
        let name = key.get_ref().as_ref();
        let at = key.span().start;
        if name == RENDERER {
            if let Some(renderer) = as_table(value, "output.bindery", r) {
                renderer_table(renderer, out, r);
            }
        } else if value.get_ref().is_table() {
            r.note(
                at,
                format!(
                    "[output.{name}] is for mdBook's `{name}` renderer, not Bindery: left alone"
                ),
            );
        } else {
            own.insert(key, value);
        }
    }
    merge(out, "output", Spanned::new(span, own), "", r);
}

/// `[output.bindery]`: `formats` and `name` as in `[output]`, the tables of
/// a Bindery `book.toml` below it (`[output.bindery.pdf]`…), and the keys
/// mdBook reads to run a renderer.
fn renderer_table<'i>(table: Spanned<DeTable<'i>>, out: &mut BinderyTables<'i>, r: &mut Reporter) {
    let span = table.span();
    let mut own = DeTable::new();
    for (key, value) in in_file_order(table.into_inner()) {
        let name = key.get_ref().as_ref();
        let at = key.span().start;
        if MDBOOK_RENDERER_KEYS.contains(&name) {
            continue;
        }
        match TABLES.iter().find(|(t, _)| *t == name && *t != "output") {
            Some(&(table_name, _)) => {
                let path = format!("output.bindery.{table_name}");
                if let Some(sub) = as_table(value, &path, r) {
                    merge(out, table_name, sub, "output.bindery.", r);
                }
            }
            None if value.get_ref().is_table() => {
                let known: Vec<&str> = TABLES
                    .iter()
                    .map(|(t, _)| *t)
                    .filter(|t| *t != "output")
                    .collect();
                r.error(
                    at,
                    unknown("table", name, "[output.bindery]", &known, |k| {
                        format!("[output.bindery.{k}]")
                    }),
                );
            }
            None => {
                own.insert(key, value);
            }
        }
    }
    merge(out, "output", Spanned::new(span, own), "output.bindery.", r);
}

/// Adds `table`'s known keys to Bindery's table `name` (a key set in both
/// places is an error at the second), reporting unknown keys.
fn merge<'i>(
    out: &mut BinderyTables<'i>,
    name: &'static str,
    table: Spanned<DeTable<'i>>,
    prefix: &str,
    r: &mut Reporter,
) {
    let allowed = TABLES
        .iter()
        .find(|(t, _)| *t == name)
        .map_or(&[][..], |(_, keys)| *keys);
    let span = table.span();
    let at = match out.tables.iter().position(|(n, _)| *n == name) {
        Some(at) => at,
        None => {
            out.tables
                .push((name, Spanned::new(span.clone(), DeTable::new())));
            out.tables.len() - 1
        }
    };
    for (key, value) in in_file_order(table.into_inner()) {
        let k = key.get_ref().as_ref();
        let key_at = key.span().start;
        if name == "book" && MDBOOK_BOOK_KEYS.contains(&k) {
            r.note(
                key_at,
                format!("[{prefix}book] {k} is mdBook's, not Bindery's: left alone"),
            );
            continue;
        }
        if !allowed.contains(&k) {
            let table = format!("[{prefix}{name}]");
            r.error(
                key_at,
                unknown("key", k, &table, allowed, |k| format!("`{k}`")),
            );
            continue;
        }
        let target = out.tables[at].1.get_mut();
        if let Some((first, _)) = target.get_key_value(k) {
            // Reported at the later of the two, naming the earlier.
            let (early, late) = if first.span().start < key_at {
                (first.span().start, key_at)
            } else {
                (key_at, first.span().start)
            };
            let (line, _) = r.line_col(early);
            r.error(
                late,
                format!("[{name}] {k} is set twice, here and on line {line} ([{name}] and [output.bindery.{name}] are one table): keep one"),
            );
            continue;
        }
        target.insert(key, value);
    }
}

/// A table's value, or an error at it when it is not a table.
fn as_table<'i>(
    value: Spanned<DeValue<'i>>,
    name: &str,
    r: &mut Reporter,
) -> Option<Spanned<DeTable<'i>>> {
    let span = value.span();
    match value.into_inner() {
        DeValue::Table(t) => Some(Spanned::new(span, t)),
        other => {
            r.error(
                span.start,
                format!(
                    "{name} must be a table ([{name}]), not a {}",
                    other.type_str()
                ),
            );
            None
        }
    }
}

/// A table's entries in the order they were written.
fn in_file_order(table: DeTable<'_>) -> Vec<(Spanned<DeString<'_>>, Spanned<DeValue<'_>>)> {
    let mut entries: Vec<_> = table.into_iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

/// "unknown key `fontsize` in [pdf]: did you mean `font-size`? (the keys
/// are …)".
fn unknown(
    what: &str,
    name: &str,
    place: &str,
    known: &[&str],
    show: impl Fn(&str) -> String,
) -> String {
    let list = known.iter().map(|k| show(k)).collect::<Vec<_>>().join(", ");
    let plural = if what == "key" { "keys" } else { "tables" };
    match did_you_mean(name, known) {
        Some(near) => format!(
            "unknown {what} `{name}` in {place}: did you mean {}? (the {plural} are {list})",
            show(near)
        ),
        None => format!("unknown {what} `{name}` in {place} (the {plural} are {list})"),
    }
}

/// The known name nearest a misspelt one, if it is near enough to be what
/// was meant: `author` → `authors`, `font_size` → `font-size`.
pub(super) fn did_you_mean<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    let plain = |s: &str| s.to_ascii_lowercase().replace(['-', '_'], "");
    let wanted = plain(name);
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&wanted, &plain(k)), *k))
        .filter(|(distance, k)| *distance <= (k.len() / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, k)| k)
}

/// Deserializes one of Bindery's tables, reporting every key whose value
/// has the wrong type or shape (each error removes its key, and the rest
/// is read again). A missing table gives the defaults.
pub(super) fn read<T>(name: &str, table: Option<Spanned<DeTable<'_>>>, r: &mut Reporter) -> T
where
    T: for<'de> Deserialize<'de> + Default,
{
    let Some(table) = table else {
        return T::default();
    };
    let span = table.span();
    let mut table = table.into_inner();
    loop {
        let value = Spanned::new(span.clone(), DeValue::Table(table.clone()));
        let error = match T::deserialize(ValueDeserializer::from(value)) {
            Ok(v) => return v,
            Err(e) => e,
        };
        let at = error.span().map_or(span.start, |s| s.start);
        let key = table
            .iter()
            .find(|(k, v)| k.span().contains(&at) || v.span().contains(&at) || v.span().end == at)
            .map(|(k, _)| k.clone());
        let message = error.message().trim().replace('\n', " ");
        match key {
            Some(key) => {
                r.error(
                    at,
                    format!("[{name}] {}: {message}", key.get_ref().as_ref()),
                );
                table.remove(&key);
            }
            None => {
                r.error(at, format!("[{name}]: {message}"));
                return T::default();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses() {
        let book = TABLES[0].1;
        assert_eq!(did_you_mean("author", book), Some("authors"));
        assert_eq!(did_you_mean("titel", book), Some("title"));
        assert_eq!(did_you_mean("font_size", TABLES[3].1), Some("font-size"));
        assert_eq!(did_you_mean("fontsize", TABLES[3].1), Some("font-size"));
        assert_eq!(did_you_mean("colour", book), None);
    }
}
