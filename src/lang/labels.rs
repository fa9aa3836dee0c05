//! The words Bindery writes itself — the contents' title, the notes
//! heading, landmark names, title-page phrases — in the book's language.
//! One table for both backends: a Portuguese book says "Sumário" in the
//! EPUB's nav and in the PDF's contents alike. English where a language is
//! not in the table.

use crate::model::CalloutKind;

/// Words for one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Labels {
    /// The table of contents' title.
    pub contents: &'static str,
    /// The heading over endnotes (EPUB) and the notes chapter.
    pub notes: &'static str,
    /// The cover page's name in navigation.
    pub cover: &'static str,
    pub title_page: &'static str,
    /// The landmark for the start of the body text.
    pub start: &'static str,
    /// The title of the EPUB's landmarks navigation.
    pub landmarks: &'static str,
    /// The title of the EPUB's list of print pages.
    pub pages: &'static str,
    /// Said of a footnote carried over to the next page.
    pub continued: &'static str,
    /// Title-page phrases before a contributor's name, by MARC role.
    pub edited_by: &'static str,
    pub translated_by: &'static str,
    pub illustrated_by: &'static str,
    pub introduction_by: &'static str,
    pub afterword_by: &'static str,
    /// Before a contributor whose role has no phrase of its own.
    pub with: &'static str,
    /// Between the last two names of a list ("A, B and C").
    pub and: &'static str,
    /// The titles of the five kinds of box ([`CalloutKind`]), GitHub's
    /// "Note", "Tip", "Important", "Warning", "Caution".
    pub callouts: [&'static str; 5],
    /// What a task list's checkbox says to a screen reader: done, not done.
    pub task_done: &'static str,
    pub task_open: &'static str,
}

impl Labels {
    /// The title of a box of this kind.
    pub fn callout(&self, kind: CalloutKind) -> &'static str {
        let i = CalloutKind::ALL
            .iter()
            .position(|k| *k == kind)
            .unwrap_or(0);
        self.callouts[i]
    }

    /// What a task's checkbox says: done or not.
    pub fn task(&self, done: bool) -> &'static str {
        if done { self.task_done } else { self.task_open }
    }

    /// The title-page phrase for a MARC relator code, if there is one.
    pub fn role_phrase(&self, role: &str) -> Option<&'static str> {
        Some(match role.trim() {
            "edt" => self.edited_by,
            "trl" => self.translated_by,
            "ill" => self.illustrated_by,
            "aui" | "win" => self.introduction_by,
            "aft" => self.afterword_by,
            _ => return None,
        })
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

/// The labels for a BCP 47 tag, chosen by its primary language (and script,
/// for Serbian); English otherwise.
pub fn labels(tag: &str) -> &'static Labels {
    let primary = super::primary(tag);
    let latin = super::subtags(tag).iter().any(|s| s == "latn");
    let key = match primary.as_str() {
        "sr" if latin => "sr-latn",
        "sh" => "sr-latn",
        "no" => "nb",
        other => other,
    };
    TABLE
        .iter()
        .find(|(code, _)| *code == key)
        .map_or(&EN, |(_, labels)| labels)
}

const EN: Labels = Labels {
    contents: "Contents",
    notes: "Notes",
    cover: "Cover",
    title_page: "Title Page",
    start: "Start of Content",
    landmarks: "Landmarks",
    pages: "Pages",
    continued: "continued",
    edited_by: "Edited by",
    translated_by: "Translated by",
    illustrated_by: "Illustrated by",
    introduction_by: "Introduction by",
    afterword_by: "Afterword by",
    with: "With",
    and: "and",
    callouts: ["Note", "Tip", "Important", "Warning", "Caution"],
    task_done: "Done",
    task_open: "Not done",
};

/// Primary subtag (or `sr-latn`) → labels.
const TABLE: &[(&str, Labels)] = &[
    ("en", EN),
    (
        "fr",
        Labels {
            contents: "Table des matières",
            notes: "Notes",
            cover: "Couverture",
            title_page: "Page de titre",
            start: "Début du texte",
            landmarks: "Repères",
            pages: "Pages",
            continued: "suite",
            edited_by: "Édité par",
            translated_by: "Traduit par",
            illustrated_by: "Illustré par",
            introduction_by: "Introduction de",
            afterword_by: "Postface de",
            with: "Avec",
            and: "et",
            callouts: [
                "Remarque",
                "Astuce",
                "Important",
                "Avertissement",
                "Attention",
            ],
            task_done: "Fait",
            task_open: "À faire",
        },
    ),
    (
        "de",
        Labels {
            contents: "Inhalt",
            notes: "Anmerkungen",
            cover: "Umschlag",
            title_page: "Titelseite",
            start: "Textbeginn",
            landmarks: "Orientierungspunkte",
            pages: "Seiten",
            continued: "Fortsetzung",
            edited_by: "Herausgegeben von",
            translated_by: "Übersetzt von",
            illustrated_by: "Illustriert von",
            introduction_by: "Mit einer Einleitung von",
            afterword_by: "Mit einem Nachwort von",
            with: "Mit",
            and: "und",
            callouts: ["Hinweis", "Tipp", "Wichtig", "Warnung", "Vorsicht"],
            task_done: "Erledigt",
            task_open: "Offen",
        },
    ),
    (
        "es",
        Labels {
            contents: "Índice",
            notes: "Notas",
            cover: "Cubierta",
            title_page: "Portadilla",
            start: "Inicio del texto",
            landmarks: "Puntos de referencia",
            pages: "Páginas",
            continued: "continuación",
            edited_by: "Edición de",
            translated_by: "Traducción de",
            illustrated_by: "Ilustraciones de",
            introduction_by: "Introducción de",
            afterword_by: "Epílogo de",
            with: "Con",
            and: "y",
            callouts: ["Nota", "Consejo", "Importante", "Advertencia", "Precaución"],
            task_done: "Hecho",
            task_open: "Pendiente",
        },
    ),
    (
        "it",
        Labels {
            contents: "Indice",
            notes: "Note",
            cover: "Copertina",
            title_page: "Frontespizio",
            start: "Inizio del testo",
            landmarks: "Punti di riferimento",
            pages: "Pagine",
            continued: "continua",
            edited_by: "A cura di",
            translated_by: "Traduzione di",
            illustrated_by: "Illustrazioni di",
            introduction_by: "Introduzione di",
            afterword_by: "Postfazione di",
            with: "Con",
            and: "e",
            callouts: ["Nota", "Suggerimento", "Importante", "Avviso", "Attenzione"],
            task_done: "Fatto",
            task_open: "Da fare",
        },
    ),
    (
        "pt",
        Labels {
            contents: "Sumário",
            notes: "Notas",
            cover: "Capa",
            title_page: "Folha de rosto",
            start: "Início do texto",
            landmarks: "Pontos de referência",
            pages: "Páginas",
            continued: "continuação",
            edited_by: "Edição de",
            translated_by: "Tradução de",
            illustrated_by: "Ilustrações de",
            introduction_by: "Introdução de",
            afterword_by: "Posfácio de",
            with: "Com",
            and: "e",
            callouts: ["Nota", "Dica", "Importante", "Aviso", "Cuidado"],
            task_done: "Feito",
            task_open: "A fazer",
        },
    ),
    (
        "nl",
        Labels {
            contents: "Inhoud",
            notes: "Noten",
            cover: "Omslag",
            title_page: "Titelpagina",
            start: "Begin van de tekst",
            landmarks: "Oriëntatiepunten",
            pages: "Pagina’s",
            continued: "vervolg",
            edited_by: "Bezorgd door",
            translated_by: "Vertaald door",
            illustrated_by: "Geïllustreerd door",
            introduction_by: "Met een inleiding van",
            afterword_by: "Met een nawoord van",
            with: "Met",
            and: "en",
            callouts: ["Opmerking", "Tip", "Belangrijk", "Waarschuwing", "Let op"],
            task_done: "Gedaan",
            task_open: "Te doen",
        },
    ),
    (
        "pl",
        Labels {
            contents: "Spis treści",
            notes: "Przypisy",
            cover: "Okładka",
            title_page: "Strona tytułowa",
            start: "Początek tekstu",
            landmarks: "Punkty orientacyjne",
            pages: "Strony",
            continued: "ciąg dalszy",
            edited_by: "Redakcja",
            translated_by: "Przekład",
            illustrated_by: "Ilustracje",
            introduction_by: "Wstęp",
            afterword_by: "Posłowie",
            with: "Współpraca",
            and: "i",
            callouts: ["Uwaga", "Wskazówka", "Ważne", "Ostrzeżenie", "Przestroga"],
            task_done: "Zrobione",
            task_open: "Do zrobienia",
        },
    ),
    (
        "ru",
        Labels {
            contents: "Содержание",
            notes: "Примечания",
            cover: "Обложка",
            title_page: "Титульный лист",
            start: "Начало текста",
            landmarks: "Ориентиры",
            pages: "Страницы",
            continued: "продолжение",
            edited_by: "Под редакцией",
            translated_by: "Перевод",
            illustrated_by: "Иллюстрации",
            introduction_by: "Вступительная статья",
            afterword_by: "Послесловие",
            with: "При участии",
            and: "и",
            callouts: [
                "Примечание",
                "Совет",
                "Важно",
                "Предупреждение",
                "Осторожно",
            ],
            task_done: "Выполнено",
            task_open: "Не выполнено",
        },
    ),
];

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
    }

    #[test]
    fn table_has_each_language_once() {
        let mut codes: Vec<&str> = TABLE.iter().map(|(c, _)| *c).collect();
        let n = codes.len();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), n);
    }
}
