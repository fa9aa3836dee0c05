//! The words Bindery writes itself — the contents' title, the notes
//! heading, landmark names, title-page phrases — in the book's language.
//! One table for both backends: a Portuguese book says "Sumário" in the
//! EPUB's nav and in the PDF's contents alike. The words live in
//! `labels.toml` beside this file (one table per language, every field
//! required), read once; English where a language is not in it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::model::CalloutKind;

/// The table, as written: `[code]` tables of the fields of [`Labels`].
const LABELS_TOML: &str = include_str!("labels.toml");

/// Words for one language.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    /// The table of contents' title.
    pub contents: String,
    /// The heading over endnotes (EPUB) and the notes chapter.
    pub notes: String,
    /// The cover page's name in navigation.
    pub cover: String,
    pub title_page: String,
    /// The landmark for the start of the body text.
    pub start: String,
    /// The title of the EPUB's landmarks navigation.
    pub landmarks: String,
    /// The title of the EPUB's list of print pages.
    pub pages: String,
    /// Said of a footnote carried over to the next page.
    pub continued: String,
    /// Title-page phrases before a contributor's name, by MARC role.
    pub edited_by: String,
    pub translated_by: String,
    pub illustrated_by: String,
    pub introduction_by: String,
    pub afterword_by: String,
    /// Before a contributor whose role has no phrase of its own.
    pub with: String,
    /// Between the last two names of a list ("A, B and C").
    pub and: String,
    /// The titles of the five kinds of box ([`CalloutKind`]), GitHub's
    /// "Note", "Tip", "Important", "Warning", "Caution".
    pub callouts: [String; 5],
    /// What a task list's checkbox says to a screen reader: done, not done.
    pub task_done: String,
    pub task_open: String,
}

impl Labels {
    /// The title of a box of this kind.
    pub fn callout(&self, kind: CalloutKind) -> &str {
        let i = CalloutKind::ALL
            .iter()
            .position(|k| *k == kind)
            .unwrap_or(0);
        &self.callouts[i]
    }

    /// What a task's checkbox says: done or not.
    pub fn task(&self, done: bool) -> &str {
        if done {
            &self.task_done
        } else {
            &self.task_open
        }
    }

    /// The title-page phrase for a MARC relator code, if there is one.
    pub fn role_phrase(&self, role: &str) -> Option<&str> {
        Some(match role.trim() {
            "edt" => &self.edited_by,
            "trl" => &self.translated_by,
            "ill" => &self.illustrated_by,
            "aui" | "win" => &self.introduction_by,
            "aft" => &self.afterword_by,
            _ => return None,
        })
    }

    /// Every word of the table, for the font subsetter (which must keep
    /// their glyphs) and the table's own check.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        [
            &self.contents,
            &self.notes,
            &self.cover,
            &self.title_page,
            &self.start,
            &self.landmarks,
            &self.pages,
            &self.continued,
            &self.edited_by,
            &self.translated_by,
            &self.illustrated_by,
            &self.introduction_by,
            &self.afterword_by,
            &self.with,
            &self.and,
            &self.task_done,
            &self.task_open,
        ]
        .into_iter()
        .chain(&self.callouts)
        .map(String::as_str)
    }

    /// "A", "A and B", "A, B and C", with the language's "and".
    pub fn join_names(&self, names: &[String]) -> String {
        match names {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} {} {last}", rest.join(", "), self.and),
        }
    }
}

/// The table, parsed on first use. `labels.toml` is part of the binary and
/// a unit test parses it, so a parse failure is a bug in this file.
fn table() -> &'static BTreeMap<String, Labels> {
    static TABLE: OnceLock<BTreeMap<String, Labels>> = OnceLock::new();
    TABLE.get_or_init(|| toml::from_str(LABELS_TOML).expect("src/lang/labels.toml is valid"))
}

/// The table key for a BCP 47 tag: its primary language, with Serbian and
/// Serbo-Croatian by script (`sr` Cyrillic unless `-Latn`, `sh` Latin
/// unless `-Cyrl`), Norwegian as Bokmål, and Church Slavonic, whose
/// editions carry Russian front matter, as Russian.
fn key(tag: &str) -> String {
    let primary = super::primary(tag);
    let script = |s: &str| super::subtags(tag).iter().any(|t| t == s);
    match primary.as_str() {
        "sr" if script("latn") => "sr-latn".into(),
        "sh" if script("cyrl") => "sr".into(),
        "sh" => "sr-latn".into(),
        "no" => "nb".into(),
        "cu" => "ru".into(),
        _ => primary,
    }
}

/// The labels for a BCP 47 tag, chosen by its primary language (and script,
/// for Serbian); English otherwise.
pub fn labels(tag: &str) -> &'static Labels {
    let table = table();
    table
        .get(&key(tag))
        .or_else(|| table.get("en"))
        .expect("labels.toml has English")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_by_primary_language() {
        assert_eq!(labels("pt-BR").contents, "Sumário");
        assert_eq!(labels("de-AT").notes, "Anmerkungen");
        assert_eq!(labels("xx").contents, "Contents");
        assert_eq!(labels("").contents, "Contents");
        assert_eq!(labels("en").role_phrase("trl"), Some("Translated by"));
        assert_eq!(labels("en").role_phrase("xyz"), None);
        let names = ["A".to_string(), "B".to_string(), "C".to_string()];
        assert_eq!(labels("en").join_names(&names), "A, B and C");
        assert_eq!(labels("fr").join_names(&names[..2]), "A et B");
        assert_eq!(labels("de").callout(CalloutKind::Warning), "Warnung");
        assert_eq!(labels("en").callout(CalloutKind::Caution), "Caution");
        assert_eq!(labels("pt-BR").task(true), "Feito");
        assert_eq!(labels("sr").contents, "Садржај");
        assert_eq!(labels("sr-Latn-RS").contents, "Sadržaj");
        assert_eq!(labels("sh").contents, "Sadržaj");
        assert_eq!(labels("no").contents, labels("nb").contents);
    }

    /// Every language whose hyphenation patterns Bindery uses and that is
    /// written in Latin or Cyrillic script has its own words (issue 8).
    #[test]
    fn every_latin_and_cyrillic_pattern_language_has_labels() {
        let patterned = [
            "af",
            "sq",
            "eu",
            "be",
            "bg",
            "ca",
            "hr",
            "cs",
            "da",
            "nl",
            "en-GB",
            "en-US",
            "eo",
            "et",
            "fi",
            "fr",
            "fur",
            "gl",
            "de-1901",
            "de-1996",
            "de-CH-1901",
            "hu",
            "is",
            "id",
            "ia",
            "ga",
            "it",
            "kmr",
            "la",
            "lv",
            "lt",
            "mk",
            "mn-Cyrl",
            "nb",
            "nn",
            "oc",
            "pms",
            "pl",
            "pt",
            "ro",
            "rm",
            "ru",
            "sr-Cyrl",
            "sh-Cyrl",
            "sh-Latn",
            "sk",
            "sl",
            "es",
            "sv",
            "tr",
            "tk",
            "uk",
            "hsb",
            "cy",
            "cu",
        ];
        let english = labels("en");
        for tag in patterned {
            assert!(
                crate::lang::hyphenation_language(tag).is_some(),
                "{tag} has hyphenation patterns"
            );
            let words = labels(tag);
            if super::super::primary(tag) != "en" {
                assert_ne!(words.contents, english.contents, "{tag} has its own words");
            }
        }
        // The table's languages are known ones, each field filled in.
        for (code, words) in table() {
            assert!(crate::lang::is_language_tag(code), "{code}");
            for field in words.all() {
                assert!(!field.trim().is_empty(), "{code} has an empty label");
            }
        }
    }
}
