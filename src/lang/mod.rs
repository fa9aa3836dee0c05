//! Languages: BCP 47 tags, the hyphenation patterns a tag selects, and the
//! words Bindery writes itself in the book's language. The loader, the
//! resolve pass and both backends read them from here, so the EPUB and the
//! PDF never disagree on a label or a language.

mod labels;

pub use labels::{Labels, labels};

use hyphenation::Language;

/// Whether `tag` is a well-formed BCP 47 (RFC 5646) language tag: `en`,
/// `en-US`, `sr-Latn-RS`, private-use `x-klingon`, grandfathered
/// `i-klingon`. Checked by `oxilangtag`, which implements the RFC's grammar.
pub fn is_language_tag(tag: &str) -> bool {
    oxilangtag::LanguageTag::parse(tag).is_ok()
}

/// The primary language subtag, lowercased (`pt-BR` → `pt`).
pub fn primary(tag: &str) -> String {
    tag.trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The tag's subtags after the primary one, lowercased (`sr-Latn-RS` →
/// `["latn", "rs"]`).
fn subtags(tag: &str) -> Vec<String> {
    tag.trim()
        .split(['-', '_'])
        .skip(1)
        .map(|s| s.to_ascii_lowercase())
        .collect()
}

/// Whether text in this language takes French spacing (a narrow no-break
/// space before `; : ! ?` and inside guillemets).
pub fn uses_french_spacing(tag: &str) -> bool {
    primary(tag) == "fr"
}

/// Maps a BCP 47 tag to the crate's pattern set: exact crate codes first
/// (`de-1901`, `sr-cyrl`, `la-x-classic`), then the primary language with
/// its regional variants (`en-AU` → British, `de-AT` → German 1996,
/// `pt-BR` → Portuguese). `None` for languages without patterns.
pub fn hyphenation_language(tag: &str) -> Option<Language> {
    let code = tag.trim().replace('_', "-").to_ascii_lowercase();
    if let Some(language) = Language::try_from_code(&code) {
        return Some(language);
    }
    let primary = primary(tag);
    let rest = subtags(tag);
    let has = |s: &str| rest.iter().any(|r| r == s);
    let language = match primary.as_str() {
        "en" => {
            const BRITISH: [&str; 7] = ["gb", "uk", "au", "nz", "ie", "za", "in"];
            if BRITISH.iter().any(|r| has(r)) {
                Language::EnglishGB
            } else {
                Language::EnglishUS
            }
        }
        "de" => match (has("1901"), has("ch")) {
            (true, true) => Language::GermanSwiss,
            (true, false) => Language::German1901,
            _ => Language::German1996,
        },
        "el" => {
            if has("polyton") {
                Language::GreekPoly
            } else {
                Language::GreekMono
            }
        }
        "sr" => {
            if has("latn") {
                Language::SerbocroatianLatin
            } else {
                Language::SerbianCyrillic
            }
        }
        "sh" => {
            if has("cyrl") {
                Language::SerbocroatianCyrillic
            } else {
                Language::SerbocroatianLatin
            }
        }
        "no" | "nb" => Language::NorwegianBokmal,
        "nn" => Language::NorwegianNynorsk,
        "mn" => Language::Mongolian,
        "zh" => return None,
        other => return Language::try_from_code(other),
    };
    Some(language)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_language_tags() {
        assert_eq!(hyphenation_language("en-US"), Some(Language::EnglishUS));
        assert_eq!(hyphenation_language("en"), Some(Language::EnglishUS));
        assert_eq!(hyphenation_language("en-GB"), Some(Language::EnglishGB));
        assert_eq!(hyphenation_language("en_AU"), Some(Language::EnglishGB));
        assert_eq!(hyphenation_language("fr-CA"), Some(Language::French));
        assert_eq!(hyphenation_language("de"), Some(Language::German1996));
        assert_eq!(hyphenation_language("de-DE"), Some(Language::German1996));
        assert_eq!(hyphenation_language("de-AT"), Some(Language::German1996));
        assert_eq!(hyphenation_language("de-1901"), Some(Language::German1901));
        assert_eq!(hyphenation_language("es-MX"), Some(Language::Spanish));
        assert_eq!(hyphenation_language("it"), Some(Language::Italian));
        assert_eq!(hyphenation_language("pt-BR"), Some(Language::Portuguese));
        assert_eq!(hyphenation_language("ru-RU"), Some(Language::Russian));
        assert_eq!(hyphenation_language("pl"), Some(Language::Polish));
        assert_eq!(hyphenation_language("nl-BE"), Some(Language::Dutch));
        assert_eq!(
            hyphenation_language("sr-Latn"),
            Some(Language::SerbocroatianLatin)
        );
        assert_eq!(hyphenation_language("xx"), None);
        assert_eq!(hyphenation_language("zh-CN"), None);
        assert_eq!(hyphenation_language(""), None);
        assert_eq!(hyphenation_language("tlh"), None);
    }

    #[test]
    fn tags_and_primaries() {
        assert!(is_language_tag("en-US") && is_language_tag("sr-Latn-RS"));
        assert!(!is_language_tag("e") && !is_language_tag("en_US") && !is_language_tag(""));
        // Private use and grandfathered tags are BCP 47 too.
        assert!(is_language_tag("x-klingon") && is_language_tag("i-klingon"));
        assert!(is_language_tag("de-CH-1996") && is_language_tag("en-US-x-twain"));
        assert!(!is_language_tag("en--US") && !is_language_tag("toolongtag"));
        assert_eq!(primary("pt-BR"), "pt");
        assert_eq!(subtags("sr-Latn-RS"), ["latn", "rs"]);
        assert!(uses_french_spacing("fr-CA") && !uses_french_spacing("en"));
    }
}
