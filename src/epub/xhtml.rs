//! Chapters as XHTML content documents: blocks and inlines of the model
//! written as EPUB 3 XHTML, note references linked to endnotes, and the
//! endnotes themselves (at the end of each chapter, or on one notes page).

use super::layout::{Layout, STYLESHEET};
use super::pagebreaks::{Cursor, PageBreaks};
use super::xml::{XmlWriter, push_attr_value};
use crate::model::{
    Align, Attrs, Block, BlockKind, Book, ChapterKind, ImageSize, Inline, LinkTarget,
    NotePlacement, NoteRefId, Token, inlines_plain_text,
};

/// What the accessibility metadata needs to know about the content.
#[derive(Debug, Default, Clone)]
pub struct Findings {
    pub images: usize,
    pub images_without_alt: usize,
}

/// One XHTML document being written.
pub struct Doc<'a> {
    pub(super) book: &'a Book,
    pub(super) layout: &'a Layout,
    pub(super) out: String,
    findings: &'a mut Findings,
    /// The print edition's page breaks, and a cursor over those of the
    /// block or note being written.
    pub(super) breaks: Option<&'a PageBreaks>,
    pub(super) cursor: Cursor,
}

/// The start of every XHTML file of the book: XML declaration, doctype,
/// `<html>` with the language, and a `<head>` with the title and the
/// stylesheet. The caller opens `<body>`.
pub fn start_document(lang: &str, title: &str) -> XmlWriter {
    let mut w = XmlWriter::document();
    w.raw("<!DOCTYPE html>\n");
    w.open(
        "html",
        &[
            ("xmlns", "http://www.w3.org/1999/xhtml"),
            ("xmlns:epub", "http://www.idpf.org/2007/ops"),
            ("lang", lang),
            ("xml:lang", lang),
        ],
    );
    w.raw("\n<head>\n");
    w.element("title", &[], title);
    w.raw("\n");
    w.empty(
        "link",
        &[
            ("rel", "stylesheet"),
            ("type", "text/css"),
            ("href", STYLESHEET),
        ],
    );
    w.raw("\n</head>\n");
    w
}

impl<'a> Doc<'a> {
    /// Starts a document: XML declaration, `<head>` with `title`, and
    /// `<body>` with the given `epub:type`.
    pub fn new(
        book: &'a Book,
        layout: &'a Layout,
        title: &str,
        body_type: &str,
        findings: &'a mut Findings,
    ) -> Self {
        let mut w = start_document(language(book), title);
        w.open("body", &[("epub:type", body_type)]);
        w.raw("\n");
        Self {
            book,
            layout,
            out: w.out,
            findings,
            breaks: None,
            cursor: Cursor::default(),
        }
    }

    /// Closes `<body>` and `<html>` and returns the document.
    pub fn finish(mut self) -> String {
        self.out.push_str("</body>\n</html>\n");
        self.out
    }

    /// Markup written by this backend.
    pub fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// Escaped text.
    pub fn text(&mut self, s: &str) {
        self.cursor.text(&mut self.out, s);
    }

    pub(super) fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.open_with(name, attrs, &Attrs::new());
    }

    /// A start tag with this backend's attributes, then the author's.
    pub(super) fn open_with(&mut self, name: &str, attrs: &[(&str, &str)], author: &Attrs) {
        self.out.push('<');
        self.out.push_str(name);
        self.attrs(attrs, author);
        self.out.push('>');
    }

    fn attrs(&mut self, attrs: &[(&str, &str)], author: &Attrs) {
        let one = |out: &mut String, k: &str, v: &str| {
            out.push(' ');
            out.push_str(k);
            out.push_str("=\"");
            push_attr_value(out, v);
            out.push('"');
        };
        for (k, v) in attrs {
            one(&mut self.out, k, v);
        }
        for (k, v) in author.iter() {
            if attrs.iter().any(|(a, _)| *a == k) {
                continue;
            }
            one(&mut self.out, k, v);
            if k == "lang" {
                one(&mut self.out, "xml:lang", v);
            }
        }
    }

    pub(super) fn close(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// Writes blocks as flow content.
    pub fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            self.block(block);
        }
    }

    pub(super) fn block(&mut self, block: &Block) {
        let attrs = &block.attrs;
        match &block.kind {
            BlockKind::Paragraph(inlines) => {
                self.open_with("p", &[], attrs);
                self.inlines(inlines);
                self.out.push_str("</p>\n");
            }
            BlockKind::Plain(inlines) => {
                self.inlines(inlines);
                self.out.push('\n');
            }
            BlockKind::Heading { level, id, content } => {
                let tag = format!("h{}", level.clamp(&1, &6));
                self.open_with(&tag, &[("id", id)], attrs);
                self.inlines(content);
                self.close(&tag);
                self.out.push('\n');
            }
            BlockKind::BlockQuote(inner) => {
                self.open_with("blockquote", &[], attrs);
                self.out.push('\n');
                self.blocks(inner);
                self.out.push_str("</blockquote>\n");
            }
            BlockKind::List {
                start,
                tight,
                items,
            } => {
                let tag = if start.is_some() { "ol" } else { "ul" };
                match start {
                    Some(n) if *n != 1 => self.open_with(tag, &[("start", &n.to_string())], attrs),
                    _ => self.open_with(tag, &[], attrs),
                }
                self.out.push('\n');
                for item in items {
                    let mut task = item.task;
                    match task {
                        Some(_) => self.out.push_str("<li class=\"task\">"),
                        None => self.out.push_str("<li>"),
                    }
                    if !matches!(item.blocks.first(), Some(b) if matches!(b.kind, BlockKind::Paragraph(_)))
                    {
                        self.task_box(task.take());
                    }
                    for b in &item.blocks {
                        match &b.kind {
                            BlockKind::Paragraph(inlines) if *tight && b.attrs.is_empty() => {
                                self.task_box(task.take());
                                self.inlines(inlines)
                            }
                            BlockKind::Paragraph(inlines) if task.is_some() => {
                                self.open_with("p", &[], &b.attrs);
                                self.task_box(task.take());
                                self.inlines(inlines);
                                self.out.push_str("</p>\n");
                            }
                            _ => self.block(b),
                        }
                    }
                    self.out.push_str("</li>\n");
                }
                self.close(tag);
                self.out.push('\n');
            }
            BlockKind::CodeBlock { lang, text, tokens } => {
                self.open_with("pre", &[], attrs);
                match lang {
                    Some(lang) if !lang.is_empty() => {
                        let class: String = lang
                            .chars()
                            .map(|c| {
                                if c.is_alphanumeric() || c == '-' {
                                    c
                                } else {
                                    '_'
                                }
                            })
                            .collect();
                        self.open("code", &[("class", &format!("language-{class}"))]);
                    }
                    _ => self.out.push_str("<code>"),
                }
                self.code_text(text, tokens);
                self.out.push_str("</code></pre>\n");
            }
            BlockKind::DefinitionList(entries) => {
                self.open_with("dl", &[], attrs);
                self.out.push('\n');
                for entry in entries {
                    self.out.push_str("<dt>");
                    self.inlines(&entry.term);
                    self.out.push_str("</dt>\n");
                    for detail in &entry.details {
                        self.out.push_str("<dd>");
                        match detail.as_slice() {
                            [one] if one.attrs.is_empty() => match &one.kind {
                                BlockKind::Paragraph(inlines) => self.inlines(inlines),
                                _ => self.block(one),
                            },
                            blocks => self.blocks(blocks),
                        }
                        self.out.push_str("</dd>\n");
                    }
                }
                self.out.push_str("</dl>\n");
            }
            BlockKind::Callout { kind, blocks } => {
                let mut class = format!("callout callout-{}", kind.name());
                if let Some(own) = attrs.get("class") {
                    class.push(' ');
                    class.push_str(own);
                }
                self.open_with("div", &[("class", &class), ("role", "note")], attrs);
                self.out.push_str("\n<p class=\"callout-title\">");
                let title = crate::lang::labels(language(self.book)).callout(*kind);
                self.text(title);
                self.out.push_str("</p>\n");
                self.blocks(blocks);
                self.out.push_str("</div>\n");
            }
            BlockKind::Table(table) => {
                self.open_with("table", &[], attrs);
                self.out.push('\n');
                if !table.caption.is_empty() {
                    self.out.push_str("<caption>");
                    self.inlines(&table.caption);
                    self.out.push_str("</caption>\n");
                }
                if !table.head.is_empty() {
                    self.out.push_str("<thead>\n<tr>");
                    for (i, cell) in table.head.iter().enumerate() {
                        self.cell("th", table.align.get(i), cell);
                    }
                    self.out.push_str("</tr>\n</thead>\n");
                }
                self.out.push_str("<tbody>\n");
                for row in &table.rows {
                    self.out.push_str("<tr>");
                    for (i, cell) in row.iter().enumerate() {
                        self.cell("td", table.align.get(i), cell);
                    }
                    self.out.push_str("</tr>\n");
                }
                self.out.push_str("</tbody>\n</table>\n");
            }
            BlockKind::Figure {
                asset,
                alt,
                caption,
                size,
            } => {
                self.open_with("figure", &[], attrs);
                self.out.push('\n');
                self.image(*asset, (alt, ""), &Attrs::new(), size);
                if !caption.is_empty() {
                    self.out.push_str("\n<figcaption>");
                    self.inlines(caption);
                    self.out.push_str("</figcaption>");
                }
                self.out.push_str("\n</figure>\n");
            }
            BlockKind::ThematicBreak => self.out.push_str("<hr/>\n"),
            BlockKind::Div { name, blocks } => {
                self.open_with(name, &[], attrs);
                self.out.push('\n');
                self.blocks(blocks);
                self.close(name);
                self.out.push('\n');
            }
            // Lowered by the resolve pass: never reaches a backend.
            BlockKind::Html(_) => {}
        }
    }

    /// A task item's checkbox, if `task` says it is one: ☑ or ☐, with
    /// what it means for screen readers in the book's language.
    fn task_box(&mut self, task: Option<bool>) {
        let Some(done) = task else { return };
        let label = crate::lang::labels(language(self.book)).task(done);
        self.open(
            "span",
            &[
                ("class", "task-box"),
                ("role", "img"),
                ("aria-label", label),
            ],
        );
        self.out
            .push_str(if done { "\u{2611}" } else { "\u{2610}" });
        self.out.push_str("</span> ");
    }

    /// A code block's text, its highlighted tokens in spans of their
    /// kind's class.
    fn code_text(&mut self, text: &str, tokens: &[Token]) {
        let mut at = 0;
        for token in tokens {
            let (Some(before), Some(inner)) = (
                text.get(at..token.range.start),
                text.get(token.range.clone()),
            ) else {
                continue;
            };
            self.text(before);
            let class = crate::highlight::style_of(token.kind).class;
            self.open("span", &[("class", class)]);
            self.text(inner);
            self.out.push_str("</span>");
            at = token.range.end;
        }
        self.text(text.get(at..).unwrap_or_default());
    }

    fn cell(&mut self, tag: &str, align: Option<&Align>, content: &[Inline]) {
        match align {
            Some(Align::Left) => self.open(tag, &[("class", "align-left")]),
            Some(Align::Center) => self.open(tag, &[("class", "align-center")]),
            Some(Align::Right) => self.open(tag, &[("class", "align-right")]),
            _ => self.open(tag, &[]),
        }
        self.inlines(content);
        self.close(tag);
    }

    pub(super) fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Text { text, .. } => self.text(text),
                Inline::Emphasis(c) => self.wrapped("em", c),
                Inline::Strong(c) => self.wrapped("strong", c),
                Inline::Strikethrough(c) => self.wrapped("s", c),
                Inline::Superscript(c) => self.wrapped("sup", c),
                Inline::Subscript(c) => self.wrapped("sub", c),
                Inline::Code { text, .. } => {
                    self.out.push_str("<code>");
                    self.text(text);
                    self.out.push_str("</code>");
                }
                Inline::Link {
                    target,
                    title,
                    content,
                    attrs,
                    ..
                } => self.link(target, title, content, attrs),
                Inline::Image {
                    asset,
                    alt,
                    title,
                    attrs,
                    size,
                    ..
                } => self.image(*asset, (alt, title), attrs, size),
                Inline::NoteRef(r) => self.noteref(*r),
                Inline::SoftBreak => self.out.push('\n'),
                Inline::HardBreak => self.out.push_str("<br/>"),
                Inline::Element {
                    name,
                    attrs,
                    content,
                } => {
                    if content.is_empty() && *name == "wbr" {
                        self.out.push_str("<wbr");
                        self.attrs(&[], attrs);
                        self.out.push_str("/>");
                    } else {
                        // The PDF sets a `<q>`'s quotation marks as text,
                        // where the EPUB leaves them to CSS.
                        let q = if *name == "q" { "\u{201C}" } else { "" };
                        self.cursor.skip(&mut self.out, q);
                        self.open_with(name, &[], attrs);
                        self.inlines(content);
                        self.close(name);
                        self.cursor.skip(&mut self.out, q);
                    }
                }
                // Lowered by the resolve pass: never reaches a backend.
                Inline::Html { .. } => {}
            }
        }
    }

    fn wrapped(&mut self, tag: &str, content: &[Inline]) {
        self.open(tag, &[]);
        self.inlines(content);
        self.close(tag);
    }

    fn link(&mut self, target: &LinkTarget, title: &str, content: &[Inline], attrs: &Attrs) {
        let href = match target {
            LinkTarget::External(url) => url.clone(),
            LinkTarget::Chapter(c) => self.layout.chapter_file(*c).to_string(),
            LinkTarget::Anchor { chapter, id, note } => {
                let file = match note {
                    Some(n) => self.layout.note_file(*n),
                    None => self.layout.chapter_file(*chapter),
                };
                format!("{file}#{id}")
            }
            // The resolve pass resolves every link.
            LinkTarget::Unresolved(_) => return self.inlines(content),
        };
        if title.is_empty() {
            self.open_with("a", &[("href", &href)], attrs);
        } else {
            self.open_with("a", &[("href", &href), ("title", title)], attrs);
        }
        self.inlines(content);
        self.close("a");
    }

    fn image(
        &mut self,
        asset: usize,
        (alt, title): (&str, &str),
        author: &Attrs,
        size: &ImageSize,
    ) {
        self.findings.images += 1;
        if alt.trim().is_empty() {
            self.findings.images_without_alt += 1;
        }
        let Some(src) = self.layout.image_paths.get(asset).cloned() else {
            return self.text(alt);
        };
        self.out.push_str("<img");
        let mut attrs = vec![("src", src.as_str()), ("alt", alt)];
        if !title.is_empty() {
            attrs.push(("title", title));
        }
        let style = super::css::image_size_style(size, author.get("style"));
        if !style.is_empty() {
            attrs.push(("style", &style));
        }
        self.attrs(&attrs, author);
        self.out.push_str("/>");
    }

    /// `<a epub:type="noteref">N</a>`: superscript by CSS, not `<sup>`
    /// (which breaks Apple Books' pop-ups).
    fn noteref(&mut self, r: NoteRefId) {
        let Some(note) = self.book.notes.get(r.note.0) else {
            return;
        };
        let id = Layout::noteref_id(r);
        let href = format!(
            "{}#{}",
            self.layout.note_file(r.note),
            Layout::note_id(r.note)
        );
        self.open(
            "a",
            &[
                ("class", "noteref"),
                ("epub:type", "noteref"),
                ("role", "doc-noteref"),
                ("href", &href),
                ("id", &id),
            ],
        );
        self.out.push_str(&note.number.to_string());
        self.out.push_str("</a>");
    }
}

/// The book's language for `lang` attributes.
pub fn language(book: &Book) -> &str {
    if book.meta.language.trim().is_empty() {
        "und"
    } else {
        book.meta.language.trim()
    }
}

/// The chapter's title as plain text (navigation, `<title>`).
pub fn chapter_title(book: &Book, index: usize) -> String {
    let Some(chapter) = book.chapters.get(index) else {
        return String::new();
    };
    let title = inlines_plain_text(&chapter.title);
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        chapter.id.clone()
    } else {
        title
    }
}

/// One chapter's XHTML document, its notes at its end unless the book
/// gathers them on a notes page.
pub fn chapter(
    book: &Book,
    layout: &Layout,
    breaks: &PageBreaks,
    index: usize,
    findings: &mut Findings,
) -> String {
    let chapter = &book.chapters[index];
    let title = chapter_title(book, index);
    let (body_type, section_attrs): (&str, &[(&str, &str)]) = match chapter.kind {
        ChapterKind::Front => ("frontmatter", &[("class", "chapter front")]),
        ChapterKind::Body => (
            "bodymatter",
            &[
                ("class", "chapter"),
                ("epub:type", "chapter"),
                ("role", "doc-chapter"),
            ],
        ),
        ChapterKind::Back => ("backmatter", &[("class", "chapter back")]),
    };
    let mut doc = Doc::new(book, layout, &title, body_type, findings);
    doc.breaks = Some(breaks);
    let has_title = chapter
        .blocks
        .iter()
        .any(|b| matches!(b.kind, BlockKind::Heading { level: 1, .. }));
    let mut attrs = section_attrs.to_vec();
    if !has_title {
        attrs.push(("aria-label", &title));
    }
    doc.open("section", &attrs);
    doc.raw("\n");
    doc.raw(&breaks.chapter_start(index));
    for (b, block) in chapter.blocks.iter().enumerate() {
        doc.cursor = breaks.block(index, b);
        let start = doc.out.len();
        doc.block(block);
        doc.cursor.finish(&mut doc.out, start);
    }
    doc.cursor = Cursor::default();
    doc.raw(&breaks.chapter_end(index));
    if book.settings.note_placement == NotePlacement::Chapter {
        let mut notes = book.chapter_notes(index).peekable();
        if notes.peek().is_some() {
            let id = Layout::endnotes_id(&chapter.id);
            doc.endnotes(&id, notes, &crate::lang::labels(language(book)).notes, 2);
        }
    }
    doc.raw("</section>\n");
    doc.finish()
}

#[cfg(test)]
mod tests {
    use super::super::endnotes::notes_page;
    use super::*;
    use crate::model::{
        Chapter, FontFile, FontSettings, HyphenationSettings, Margins, Metadata, Note, NoteId,
        NoteNumbering, PdfSettings, Pos, Settings, SourceFile, SourceId, TrimSize,
    };
    use std::sync::Arc;

    fn text(s: &str) -> Inline {
        Inline::text(s)
    }

    fn block(kind: BlockKind) -> Block {
        Block::new(Pos::default(), kind)
    }

    fn noteref(note: usize, occurrence: usize) -> Inline {
        Inline::NoteRef(NoteRefId {
            note: NoteId(note),
            occurrence,
        })
    }

    /// A one-chapter book built by hand, as the resolve pass leaves it: a
    /// note referenced from a heading and after a link, and raw HTML
    /// lowered into elements.
    fn book(placement: NotePlacement) -> Book {
        let font = FontFile {
            name: "F.ttf".into(),
            data: Arc::new(Vec::new()),
        };
        let blocks = vec![
            block(BlockKind::Heading {
                level: 1,
                id: "start".into(),
                content: vec![text("Start"), noteref(0, 0)],
            }),
            block(BlockKind::Paragraph(vec![
                Inline::Element {
                    name: "span",
                    attrs: Attrs(vec![
                        ("class".into(), "x".into()),
                        ("lang".into(), "fr".into()),
                    ]),
                    content: vec![Inline::Emphasis(vec![
                        text("a"),
                        Inline::Element {
                            name: "b",
                            attrs: Attrs::new(),
                            content: Vec::new(),
                        },
                    ])],
                },
                Inline::Link {
                    target: LinkTarget::Anchor {
                        chapter: 0,
                        id: "start".into(),
                        note: None,
                    },
                    title: String::new(),
                    content: vec![text("link")],
                    attrs: Attrs::new(),
                    pos: Pos::default(),
                },
                noteref(0, 1),
                text(" end"),
            ])),
        ];
        Book {
            meta: Metadata {
                title: "T".into(),
                language: "en".into(),
                ..Metadata::default()
            },
            settings: Settings {
                formats: Vec::new(),
                output_name: "t".into(),
                note_numbering: NoteNumbering::PerChapter,
                note_placement: placement,
                note_continued: crate::model::ContinuedMark::Both,
                pdf: PdfSettings {
                    trim: TrimSize {
                        width: 1.0,
                        height: 1.0,
                    },
                    margins: Margins {
                        top: 0.0,
                        bottom: 0.0,
                        inner: 0.0,
                        outer: 0.0,
                    },
                    font_size: 10.0,
                    leading: 12.0,
                    options: Default::default(),
                },
                epub: Default::default(),
                hyphenation: HyphenationSettings {
                    enabled: false,
                    language: "en".into(),
                    exceptions: Vec::new(),
                },
                fonts: FontSettings {
                    regular: font.clone(),
                    italic: font.clone(),
                    bold: font.clone(),
                    bold_italic: font.clone(),
                    mono: font,
                    fallback: None,
                },
            },
            chapters: vec![Chapter {
                title: vec![text("Start")],
                id: "start".into(),
                kind: ChapterKind::Body,
                blocks,
                source: SourceId(0),
                number: None,
                depth: 0,
                part: None,
            }],
            notes: vec![Note {
                id: NoteId(0),
                number: 1,
                label: "n".into(),
                chapter: 0,
                blocks: vec![block(BlockKind::List {
                    start: None,
                    tight: true,
                    items: Vec::new(),
                })],
                refs: vec![Pos::default(), Pos::default()],
                pos: Pos::default(),
            }],
            assets: Vec::new(),
            cover: None,
            sources: vec![SourceFile {
                path: "book/start.md".into(),
                text: String::new(),
            }],
        }
    }

    #[test]
    fn elements_links_and_notes_are_written_as_xhtml() {
        let book = book(NotePlacement::Chapter);
        let layout = Layout::new(&book);
        let mut findings = Findings::default();
        let out = chapter(&book, &layout, &PageBreaks::default(), 0, &mut findings);
        roxmltree::Document::parse_with_options(
            &out,
            roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            },
        )
        .expect("well-formed");
        assert!(out.contains(
            "<p><span class=\"x\" lang=\"fr\" xml:lang=\"fr\"><em>a<b></b></em></span><a href=\"start.xhtml#start\">link</a><a class=\"noteref\""
        ), "{out}");
        assert!(out.contains("id=\"noteref.1.2\">1</a> end</p>"), "{out}");
        // The note starts with a backlink to each reference, then its list.
        assert!(out.contains("<p class=\"note-backlinks\"><span class=\"note-number\">1.</span> <a class=\"backlink\" role=\"doc-backlink\" href=\"start.xhtml#noteref.1.1\">a</a> <a class=\"backlink\" role=\"doc-backlink\" href=\"start.xhtml#noteref.1.2\">b</a></p>"), "{out}");
    }

    #[test]
    fn book_placement_links_to_the_notes_page() {
        let book = book(NotePlacement::Book);
        let layout = Layout::new(&book);
        let mut findings = Findings::default();
        let out = chapter(&book, &layout, &PageBreaks::default(), 0, &mut findings);
        assert!(out.contains("href=\"notes.xhtml#note.1\""));
        assert!(!out.contains("endnotes"));
        let notes = notes_page(&book, &layout, &mut findings);
        assert!(notes.contains("<li><div id=\"note.1\""));
        assert!(notes.contains("href=\"start.xhtml#noteref.1.2\""));
    }
}
