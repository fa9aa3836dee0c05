//! The fonts the EPUB embeds: only the faces the book sets text in, each
//! subset ([`super::subset`]) to the characters it sets. The characters are
//! collected by walking the model with the face the default stylesheet gives
//! each kind of text (`default.css`: `em` italic, `strong` and table
//! headers bold, `h3`–`h6` and captions italic, code in the mono face),
//! plus the text Bindery writes itself (labels, note numbers, list
//! markers). Raw HTML may set any face, so its text goes into every face;
//! so does all of the book's text when the book brings a stylesheet of its
//! own, which may restyle anything.

use std::collections::BTreeSet;

use super::css::FontFace;
use crate::model::{Block, BlockKind, Book, Inline, inlines_plain_text};

/// Which of [`super::css::faces`] a piece of text is set in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Style {
    italic: bool,
    bold: bool,
    mono: bool,
}

impl Style {
    const REGULAR: Style = Style {
        italic: false,
        bold: false,
        mono: false,
    };

    /// The index into `faces()`: regular, italic, bold, bold italic, mono.
    fn face(self) -> usize {
        match (self.mono, self.italic, self.bold) {
            (true, _, _) => 4,
            (false, false, false) => 0,
            (false, true, false) => 1,
            (false, false, true) => 2,
            (false, true, true) => 3,
        }
    }

    fn italic(self) -> Style {
        Style {
            italic: true,
            ..self
        }
    }

    fn bold(self) -> Style {
        Style { bold: true, ..self }
    }
}

/// One font the EPUB embeds: the face, where it goes, and the characters
/// it must set.
#[derive(Debug, Clone)]
pub struct Embedded<'a> {
    pub face: FontFace<'a>,
    /// Relative to the package document (`fonts/EBGaramond-Regular.ttf`).
    pub path: String,
    pub chars: BTreeSet<char>,
    /// Keep the glyphs of every `GSUB` feature (the book's stylesheet may
    /// turn any on), not only the default ones.
    pub all_features: bool,
}

impl Embedded<'_> {
    /// The font's bytes, subset; the whole font, with a message saying
    /// why, if it cannot be subset.
    pub fn data(&self) -> (Vec<u8>, Option<String>) {
        match super::subset::subset(&self.face.file.data, &self.chars, self.all_features) {
            Ok(data) => (data, None),
            Err(e) => (
                self.face.file.data.to_vec(),
                Some(format!(
                    "the font `{}` is embedded whole: it could not be subset ({e})",
                    self.face.file.name
                )),
            ),
        }
    }
}

/// The characters each of the five faces sets, in face order.
pub fn characters(book: &Book) -> [BTreeSet<char>; 5] {
    let mut c = Collector {
        labels: Some(crate::lang::labels(super::xhtml::language(book))),
        ..Collector::default()
    };
    c.generated(book);
    for chapter in &book.chapters {
        c.inlines(&chapter.title, Style::REGULAR);
        c.blocks(&chapter.blocks, Style::REGULAR);
    }
    for note in &book.notes {
        c.text(&format!("{}.", note.number), Style::REGULAR);
        c.blocks(&note.blocks, Style::REGULAR);
    }
    if book.settings.epub.stylesheet.is_some() {
        // The book's stylesheet may set any text in any face.
        let all = c.sets.iter().fold(CharSet::default(), |mut all, set| {
            all.union(set);
            all
        });
        for set in &mut c.sets {
            set.union(&all);
        }
    }
    c.sets.map(CharSet::into_set)
}

/// The faces the book sets text in, each with its path from `paths`
/// (parallel to `faces`) and its characters; a face no text is set in is
/// left out.
pub fn embedded<'a>(book: &Book, faces: &[FontFace<'a>], paths: &[String]) -> Vec<Embedded<'a>> {
    let all_features = book.settings.epub.stylesheet.is_some();
    faces
        .iter()
        .zip(paths)
        .zip(characters(book))
        .filter(|(_, chars)| chars.iter().any(|c| !c.is_whitespace()))
        .map(|((face, path), chars)| Embedded {
            face: *face,
            path: path.clone(),
            chars,
            all_features,
        })
        .collect()
}

/// A set of characters that takes the book's text a character at a time:
/// ASCII, nearly all of it, in a bit mask (a tree insertion per character
/// was a tenth of the EPUB's CPU time), the rest in a tree.
#[derive(Debug, Clone, Default)]
struct CharSet {
    ascii: u128,
    other: BTreeSet<char>,
}

impl CharSet {
    fn extend(&mut self, s: &str) {
        for c in s.chars() {
            match u8::try_from(c) {
                Ok(b) if b.is_ascii() => self.ascii |= 1u128 << b,
                _ => {
                    self.other.insert(c);
                }
            }
        }
    }

    fn union(&mut self, other: &CharSet) {
        self.ascii |= other.ascii;
        self.other.extend(other.other.iter().copied());
    }

    fn into_set(self) -> BTreeSet<char> {
        let ascii = (0u8..128)
            .filter(|&b| self.ascii & (1u128 << b) != 0)
            .map(char::from);
        let mut set = self.other;
        set.extend(ascii);
        set
    }
}

#[derive(Default)]
struct Collector {
    sets: [CharSet; 5],
    /// The book's words, for the titles of its boxes.
    labels: Option<&'static crate::lang::Labels>,
}

impl Collector {
    fn text(&mut self, s: &str, style: Style) {
        self.sets[style.face()].extend(s);
    }

    /// What Bindery writes besides the book's text: the title page, the
    /// labels of the contents and notes, note numbers and backlink letters
    /// (printable ASCII covers digits, letters and punctuation).
    fn generated(&mut self, book: &Book) {
        let meta = &book.meta;
        self.text(&(' '..='~').collect::<String>(), Style::REGULAR);
        let words = crate::lang::labels(super::xhtml::language(book));
        for label in words.all() {
            self.text(label, Style::REGULAR);
        }
        self.text(&meta.title, Style::REGULAR);
        if let Some(subtitle) = &meta.subtitle {
            self.text(subtitle, Style::REGULAR.italic());
        }
        for name in meta
            .authors
            .iter()
            .chain(meta.contributors.iter().map(|c| &c.name))
        {
            self.text(name, Style::REGULAR);
        }
        for value in [&meta.publisher, &meta.source, &meta.date, &meta.rights]
            .into_iter()
            .flatten()
        {
            self.text(value, Style::REGULAR);
        }
    }

    fn inlines(&mut self, list: &[Inline], style: Style) {
        for inline in list {
            match inline {
                Inline::Text { text, .. } => self.text(text, style),
                Inline::Emphasis(c) => self.inlines(c, style.italic()),
                Inline::Strong(c) => self.inlines(c, style.bold()),
                Inline::Strikethrough(c) | Inline::Link { content: c, .. } => {
                    self.inlines(c, style)
                }
                Inline::Code { text, .. } => self.text(
                    text,
                    Style {
                        mono: true,
                        ..style
                    },
                ),
                // The number is in the generated digits.
                Inline::NoteRef(_) => {}
                // The author's raw HTML, lowered by the resolve pass: the
                // faces reading systems give these elements by default.
                Inline::Element { name, content, .. } => {
                    let inner = match *name {
                        "em" | "i" | "cite" | "var" | "dfn" => style.italic(),
                        "strong" | "b" => style.bold(),
                        "code" | "kbd" | "samp" => Style {
                            mono: true,
                            ..style
                        },
                        _ => style,
                    };
                    self.inlines(content, inner);
                }
                // Breaks, images (whose alt text is set only if the image is
                // missing) and any kind added later: their plain text, in
                // the surrounding face.
                other => self.text(&inlines_plain_text(std::slice::from_ref(other)), style),
            }
        }
    }

    fn blocks(&mut self, blocks: &[Block], style: Style) {
        for block in blocks {
            match &block.kind {
                BlockKind::Paragraph(c) | BlockKind::Plain(c) => self.inlines(c, style),
                BlockKind::Heading { level, content, .. } => {
                    // `h1`, `h2` upright, deeper headings italic; never bold.
                    let heading = Style {
                        italic: *level >= 3,
                        bold: false,
                        mono: false,
                    };
                    self.inlines(content, heading);
                }
                BlockKind::BlockQuote(b) | BlockKind::Div { blocks: b, .. } => {
                    self.blocks(b, style)
                }
                BlockKind::Callout { kind, blocks } => {
                    if let Some(labels) = self.labels {
                        self.text(labels.callout(*kind), style.bold());
                    }
                    self.blocks(blocks, style)
                }
                BlockKind::DefinitionList(entries) => {
                    for entry in entries {
                        self.inlines(&entry.term, style.bold());
                        for detail in &entry.details {
                            self.blocks(detail, style);
                        }
                    }
                }
                BlockKind::List { items, .. } => {
                    // The reading system draws the markers in the item's face.
                    self.text("•◦▪", style);
                    for item in items {
                        self.blocks(&item.blocks, style);
                    }
                }
                BlockKind::CodeBlock { text, .. } => self.text(
                    text,
                    Style {
                        mono: true,
                        ..style
                    },
                ),
                BlockKind::Table(table) => {
                    self.inlines(&table.caption, style.italic());
                    for cell in &table.head {
                        self.inlines(cell, style.bold());
                    }
                    for cell in table.rows.iter().flatten() {
                        self.inlines(cell, style);
                    }
                }
                BlockKind::Figure { alt, caption, .. } => {
                    // The caption, or the alt text in its place, is italic.
                    self.text(alt, style.italic());
                    self.inlines(caption, style.italic());
                }
                // A thematic break sets no text; a kind of block added to the
                // model later needs its own arm above.
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_char_set_holds_ascii_and_the_rest_alike() {
        let mut a = CharSet::default();
        a.extend("ba\u{0}\u{7f}é");
        let mut b = CharSet::default();
        b.extend("€a~");
        a.union(&b);
        let set: String = a.into_set().into_iter().collect();
        assert_eq!(set, "\u{0}ab~\u{7f}é€");
    }

    #[test]
    fn each_face_gets_the_text_set_in_it() {
        let mut c = Collector::default();
        let para = vec![
            Inline::text("a"),
            Inline::Emphasis(vec![
                Inline::text("b"),
                Inline::Strong(vec![Inline::text("c")]),
            ]),
            Inline::Strong(vec![Inline::text("d")]),
            Inline::Code {
                text: "e".into(),
                pos: Default::default(),
            },
            Inline::Element {
                name: "b",
                attrs: Default::default(),
                content: vec![Inline::text("é")],
            },
        ];
        c.inlines(&para, Style::REGULAR);
        let sets: Vec<String> = c.sets.map(|s| s.into_set().into_iter().collect()).into();
        assert_eq!(sets, ["a", "b", "dé", "c", "e"]);
    }
}
