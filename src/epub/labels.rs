//! The few words the EPUB writes itself (the notes heading, the contents
//! title, landmark names), in the book's language where we know it;
//! English otherwise.

/// Words for one language.
#[derive(Debug, Clone, Copy)]
pub struct Labels {
    pub notes: &'static str,
    pub contents: &'static str,
    pub title_page: &'static str,
    pub cover: &'static str,
    pub start: &'static str,
    pub landmarks: &'static str,
}

const EN: Labels = Labels {
    notes: "Notes",
    contents: "Contents",
    title_page: "Title Page",
    cover: "Cover",
    start: "Start of Content",
    landmarks: "Landmarks",
};

/// The labels for a BCP 47 tag (its primary language); English otherwise.
pub fn for_language(tag: &str) -> Labels {
    let primary = tag
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match primary.as_str() {
        "fr" => Labels {
            notes: "Notes",
            contents: "Table des matières",
            title_page: "Page de titre",
            cover: "Couverture",
            start: "Début du texte",
            landmarks: "Repères",
        },
        "de" => Labels {
            notes: "Anmerkungen",
            contents: "Inhalt",
            title_page: "Titelseite",
            cover: "Umschlag",
            start: "Textbeginn",
            landmarks: "Orientierungspunkte",
        },
        "es" => Labels {
            notes: "Notas",
            contents: "Índice",
            title_page: "Portadilla",
            cover: "Cubierta",
            start: "Inicio del texto",
            landmarks: "Puntos de referencia",
        },
        "it" => Labels {
            notes: "Note",
            contents: "Indice",
            title_page: "Frontespizio",
            cover: "Copertina",
            start: "Inizio del testo",
            landmarks: "Punti di riferimento",
        },
        _ => EN,
    }
}
