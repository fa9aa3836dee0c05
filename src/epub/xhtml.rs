//! Chapters as XHTML content documents: blocks and inlines of the model
//! written as EPUB 3 XHTML, note references linked to endnotes, and the
//! endnotes themselves (at the end of each chapter, or on one notes page).

use std::collections::HashSet;

use super::html::{Context, Host, HtmlState};
use super::layout::{Layout, LinkTarget, STYLESHEET};
use super::xml::{XmlWriter, push_attr_value, push_text};
use crate::diag::Diagnostic;
use crate::model::{
    Align, Block, BlockKind, Book, ChapterKind, Inline, Note, NotePlacement, NoteRefId, Pos,
    inlines_plain_text,
};

/// What the accessibility metadata needs to know about the content, and the
/// ids the author's raw HTML took (unique across the whole book).
#[derive(Debug, Default, Clone)]
pub struct Findings {
    pub images: usize,
    pub images_without_alt: usize,
    raw_ids: HashSet<String>,
}

/// One XHTML document being written.
pub struct Doc<'a> {
    book: &'a Book,
    layout: &'a Layout,
    /// The chapter whose source links are resolved against.
    chapter: Option<usize>,
    out: String,
    html: HtmlState,
    ids: HashSet<String>,
    /// The source position warnings are reported at.
    pos: Pos,
    warnings: &'a mut Vec<Diagnostic>,
    findings: &'a mut Findings,
    /// Inside a Markdown link: note references wait until it ends.
    in_link: bool,
    pending_refs: Vec<NoteRefId>,
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
        warnings: &'a mut Vec<Diagnostic>,
        findings: &'a mut Findings,
    ) -> Self {
        let mut w = start_document(language(book), title);
        w.open("body", &[("epub:type", body_type)]);
        w.raw("\n");
        Self {
            book,
            layout,
            chapter: None,
            out: w.out,
            html: HtmlState::default(),
            ids: HashSet::new(),
            pos: Pos::default(),
            warnings,
            findings,
            in_link: false,
            pending_refs: Vec::new(),
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
        push_text(&mut self.out, s);
    }

    fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            self.out.push(' ');
            self.out.push_str(k);
            self.out.push_str("=\"");
            push_attr_value(&mut self.out, v);
            self.out.push('"');
        }
        self.out.push('>');
    }

    fn close(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    fn warn(&mut self, message: String) {
        let file = self
            .book
            .sources
            .get(self.pos.source.0)
            .map_or("<unknown>", |s| s.path.as_str());
        self.warnings.push(Diagnostic::warning(
            file,
            self.pos.line,
            self.pos.col,
            message,
        ));
    }

    /// Writes blocks as flow content, closing any raw HTML they leave open.
    pub fn blocks(&mut self, blocks: &[Block]) {
        let scope = self.html.enter();
        for block in blocks {
            self.block(block);
        }
        self.html.leave(scope, &mut self.out);
    }

    fn block(&mut self, block: &Block) {
        self.pos = block.pos;
        match &block.kind {
            BlockKind::Paragraph(inlines) => {
                self.out.push_str("<p>");
                self.phrasing(inlines);
                self.out.push_str("</p>\n");
            }
            BlockKind::Heading { level, id, content } => {
                let tag = format!("h{}", level.clamp(&1, &6));
                if self.ids.insert(id.clone()) {
                    self.open(&tag, &[("id", id)]);
                } else {
                    self.open(&tag, &[]);
                }
                self.phrasing(content);
                self.close(&tag);
                self.out.push('\n');
            }
            BlockKind::BlockQuote(inner) => {
                self.out.push_str("<blockquote>\n");
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
                    Some(n) if *n != 1 => self.open(tag, &[("start", &n.to_string())]),
                    _ => self.open(tag, &[]),
                }
                self.out.push('\n');
                for item in items {
                    self.out.push_str("<li>");
                    let scope = self.html.enter();
                    for b in &item.blocks {
                        match &b.kind {
                            BlockKind::Paragraph(inlines) if *tight => {
                                self.pos = b.pos;
                                self.phrasing(inlines);
                            }
                            _ => self.block(b),
                        }
                    }
                    self.html.leave(scope, &mut self.out);
                    self.out.push_str("</li>\n");
                }
                self.close(tag);
                self.out.push('\n');
            }
            BlockKind::CodeBlock { lang, text } => {
                self.out.push_str("<pre>");
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
                self.text(text);
                self.out.push_str("</code></pre>\n");
            }
            BlockKind::Table(table) => {
                self.out.push_str("<table>\n<thead>\n<tr>");
                for (i, cell) in table.head.iter().enumerate() {
                    self.cell("th", table.align.get(i), cell);
                }
                self.out.push_str("</tr>\n</thead>\n<tbody>\n");
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
            } => {
                self.out.push_str("<figure>\n");
                self.image(*asset, alt, "");
                if !caption.is_empty() {
                    self.out.push_str("\n<figcaption>");
                    self.phrasing(caption);
                    self.out.push_str("</figcaption>");
                }
                self.out.push_str("\n</figure>\n");
            }
            BlockKind::ThematicBreak => self.out.push_str("<hr/>\n"),
            BlockKind::Html(html) => {
                self.feed_html(html, Context::default());
                self.html.close_non_containers(&mut self.out);
                self.out.push('\n');
            }
        }
    }

    /// Writes raw HTML through the sanitiser at the current position.
    fn feed_html(&mut self, html: &str, ctx: Context) {
        let mut out = std::mem::take(&mut self.out);
        let mut state = std::mem::take(&mut self.html);
        state.feed(html, ctx, &mut out, &mut DocHost { doc: self });
        self.html = state;
        self.out = out;
    }

    fn cell(&mut self, tag: &str, align: Option<&Align>, content: &[Inline]) {
        match align {
            Some(Align::Left) => self.open(tag, &[("class", "align-left")]),
            Some(Align::Center) => self.open(tag, &[("class", "align-center")]),
            Some(Align::Right) => self.open(tag, &[("class", "align-right")]),
            _ => self.open(tag, &[]),
        }
        self.phrasing(content);
        self.close(tag);
    }

    /// Inline content of one element, its raw HTML balanced, and note
    /// references that had to wait (inside a link) written at its end.
    fn phrasing(&mut self, inlines: &[Inline]) {
        let scope = self.html.enter();
        self.inlines(inlines);
        self.html.leave(scope, &mut self.out);
        if !self.in_link {
            for r in std::mem::take(&mut self.pending_refs) {
                self.noteref(r);
            }
        }
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            if self.html.suppressing() && !matches!(inline, Inline::Html { .. }) {
                continue; // the content of a removed <script>
            }
            match inline {
                Inline::Text(t) => self.text(t),
                Inline::Emphasis(c) => self.wrapped("em", c),
                Inline::Strong(c) => self.wrapped("strong", c),
                Inline::Strikethrough(c) => self.wrapped("s", c),
                Inline::Code(t) => {
                    self.out.push_str("<code>");
                    self.text(t);
                    self.out.push_str("</code>");
                }
                Inline::Link {
                    url,
                    title,
                    content,
                } => self.link(url, title, content),
                Inline::Image { asset, alt, title } => self.image(*asset, alt, title),
                Inline::NoteRef(r) => {
                    if self.in_link || self.html.in_anchor() {
                        self.pending_refs.push(*r);
                    } else {
                        self.noteref(*r);
                    }
                }
                Inline::SoftBreak => self.out.push('\n'),
                Inline::HardBreak => self.out.push_str("<br/>"),
                Inline::Html { html, pos } => {
                    self.pos = *pos;
                    let ctx = Context {
                        phrasing: true,
                        in_link: self.in_link,
                    };
                    self.feed_html(html, ctx);
                }
            }
        }
    }

    fn wrapped(&mut self, tag: &str, content: &[Inline]) {
        self.open(tag, &[]);
        let scope = self.html.enter();
        self.inlines(content);
        self.html.leave(scope, &mut self.out);
        self.close(tag);
    }

    fn link(&mut self, url: &str, title: &str, content: &[Inline]) {
        if self.in_link || self.html.in_anchor() {
            self.wrapped("span", content);
            return;
        }
        let href = match self.layout.resolve_link(url, self.chapter) {
            LinkTarget::Href(href) => href,
            LinkTarget::Script => {
                self.warn(format!("script URL `{url}` removed from a link"));
                return self.wrapped("span", content);
            }
            LinkTarget::Missing => {
                self.warn(format!(
                    "link target `{url}` is no chapter, image, heading or anchor of the book: written as plain text"
                ));
                return self.wrapped("span", content);
            }
        };
        if title.is_empty() {
            self.open("a", &[("href", &href)]);
        } else {
            self.open("a", &[("href", &href), ("title", title)]);
        }
        self.in_link = true;
        let scope = self.html.enter();
        self.inlines(content);
        self.html.leave(scope, &mut self.out);
        self.in_link = false;
        self.close("a");
        for r in std::mem::take(&mut self.pending_refs) {
            self.noteref(r);
        }
    }

    fn image(&mut self, asset: usize, alt: &str, title: &str) {
        self.findings.images += 1;
        if alt.trim().is_empty() {
            self.findings.images_without_alt += 1;
        }
        let Some(src) = self.layout.image_paths.get(asset).cloned() else {
            self.warn(format!("image {asset} is not in the book's assets"));
            return self.text(alt);
        };
        let mut attrs = vec![("src", src.as_str()), ("alt", alt)];
        if !title.is_empty() {
            attrs.push(("title", title));
        }
        let mut w = XmlWriter::default();
        w.empty("img", &attrs);
        self.out.push_str(&w.out);
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
        self.ids.insert(id.clone());
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

    /// An `endnotes` section with id `id` holding `notes`, with a heading of
    /// `level`. The id is what the nav's `endnotes` landmark points at.
    pub fn endnotes<'n>(
        &mut self,
        id: &str,
        notes: impl IntoIterator<Item = &'n Note>,
        title: &str,
        level: u8,
    ) {
        self.open(
            "section",
            &[
                ("id", id),
                ("class", "endnotes"),
                ("epub:type", "endnotes"),
                ("role", "doc-endnotes"),
            ],
        );
        self.out.push('\n');
        let tag = format!("h{level}");
        self.open(&tag, &[("class", "endnotes-title")]);
        self.text(title);
        self.close(&tag);
        self.out.push_str("\n<ol class=\"endnotes\">\n");
        for note in notes {
            self.endnote(note);
        }
        self.out.push_str("</ol>\n</section>\n");
    }

    fn endnote(&mut self, note: &Note) {
        let id = Layout::note_id(note.id);
        self.ids.insert(id.clone());
        self.open(
            "li",
            &[
                ("id", &id),
                ("class", "endnote"),
                // `role="doc-endnote"` is deprecated in DPUB-ARIA 1.1 and
                // EPUBCheck warns on it: the list inside `doc-endnotes`
                // carries the semantics.
                ("epub:type", "endnote"),
            ],
        );
        self.out.push('\n');
        let saved_chapter = self.chapter.replace(note.chapter);
        let mut backlinks = String::new();
        let ref_file = self.layout.noteref_file(note.id);
        let count = note.refs.len().max(1);
        for occurrence in 0..count {
            let target = Layout::noteref_id(NoteRefId {
                note: note.id,
                occurrence,
            });
            if count > 1 && occurrence == 0 {
                backlinks.push_str(&format!(
                    "<span class=\"note-number\">{}.</span> ",
                    note.number
                ));
            }
            backlinks.push_str("<a class=\"backlink\" role=\"doc-backlink\" href=\"");
            push_attr_value(&mut backlinks, &format!("{ref_file}#{target}"));
            backlinks.push_str("\">");
            if count == 1 {
                backlinks.push_str(&format!("{}.", note.number));
            } else {
                backlinks.push_str(&occurrence_label(occurrence));
            }
            backlinks.push_str("</a> ");
        }
        let scope = self.html.enter();
        match note.blocks.split_first() {
            Some((first, rest)) if matches!(first.kind, BlockKind::Paragraph(_)) => {
                if let BlockKind::Paragraph(inlines) = &first.kind {
                    self.pos = first.pos;
                    self.out.push_str("<p>");
                    self.out.push_str(&backlinks);
                    self.phrasing(inlines);
                    self.out.push_str("</p>\n");
                }
                for block in rest {
                    self.block(block);
                }
            }
            _ => {
                self.out.push_str("<p class=\"note-backlinks\">");
                self.out.push_str(backlinks.trim_end());
                self.out.push_str("</p>\n");
                for block in &note.blocks {
                    self.block(block);
                }
            }
        }
        self.html.leave(scope, &mut self.out);
        self.chapter = saved_chapter;
        self.out.push_str("</li>\n");
    }
}

/// `a`, `b`, … `z`, `aa`, `ab`…: the labels of a note's several backlinks.
fn occurrence_label(mut n: usize) -> String {
    let mut label = Vec::new();
    loop {
        label.push(b'a' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    label.reverse();
    String::from_utf8_lossy(&label).into_owned()
}

/// The raw-HTML sanitiser's view of the document.
struct DocHost<'d, 'a> {
    doc: &'d mut Doc<'a>,
}

impl Host for DocHost<'_, '_> {
    fn warn(&mut self, message: String) {
        self.doc.warn(message);
    }

    fn link(&mut self, href: &str) -> Option<String> {
        match self.doc.layout.resolve_link(href, self.doc.chapter) {
            LinkTarget::Href(h) => Some(h),
            LinkTarget::Script => {
                self.doc.warn(format!("script URL `{href}` removed"));
                None
            }
            LinkTarget::Missing => {
                self.doc.warn(format!(
                    "link target `{href}` is no chapter, image, heading or anchor of the book: href removed"
                ));
                None
            }
        }
    }

    fn image(&mut self, src: &str) -> Option<String> {
        self.doc.findings.images += 1;
        self.doc
            .layout
            .resolve_image(src, self.doc.chapter)
            .map(str::to_string)
    }

    fn claim_id(&mut self, id: &str) -> bool {
        // Ids this backend generates (headings, notes) are taken first.
        let generated = id.starts_with("note.")
            || id.starts_with("noteref.")
            || self.doc.layout.heading_chapter(id).is_some();
        !generated
            && !self.doc.ids.contains(id)
            && self.doc.findings.raw_ids.insert(id.to_string())
            && self.doc.ids.insert(id.to_string())
    }

    fn image_without_alt(&mut self) {
        self.doc.findings.images_without_alt += 1;
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
    index: usize,
    warnings: &mut Vec<Diagnostic>,
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
    let mut doc = Doc::new(book, layout, &title, body_type, warnings, findings);
    doc.chapter = Some(index);
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
    doc.blocks(&chapter.blocks);
    if book.settings.note_placement == NotePlacement::Chapter {
        let mut notes = book.chapter_notes(index).peekable();
        if notes.peek().is_some() {
            let id = Layout::endnotes_id(&chapter.id);
            doc.endnotes(&id, notes, crate::lang::labels(language(book)).notes, 2);
        }
    }
    doc.raw("</section>\n");
    doc.finish()
}

/// The notes page, for books that gather their notes at the end: one
/// endnotes section, the notes grouped under their chapters' titles.
pub fn notes_page(
    book: &Book,
    layout: &Layout,
    warnings: &mut Vec<Diagnostic>,
    findings: &mut Findings,
) -> String {
    let notes_title = crate::lang::labels(language(book)).notes;
    let mut doc = Doc::new(book, layout, notes_title, "backmatter", warnings, findings);
    doc.raw("<section class=\"endnotes\" epub:type=\"endnotes\" role=\"doc-endnotes\">\n<h1 class=\"endnotes-title\">");
    doc.text(notes_title);
    doc.raw("</h1>\n");
    for index in 0..book.chapters.len() {
        let mut notes = book.chapter_notes(index).peekable();
        if notes.peek().is_none() {
            continue;
        }
        doc.raw("<h2>");
        doc.text(&chapter_title(book, index));
        doc.raw("</h2>\n<ol class=\"endnotes\">\n");
        for note in notes {
            doc.endnote(note);
        }
        doc.raw("</ol>\n");
    }
    doc.raw("</section>\n");
    doc.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Chapter, FontFile, FontSettings, HyphenationSettings, Margins, Metadata, Note, NoteId,
        NoteNumbering, PdfSettings, Settings, SourceFile, SourceId, TrimSize,
    };
    use std::sync::Arc;

    fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    fn html(s: &str, col: u32) -> Inline {
        Inline::Html {
            html: s.into(),
            pos: Pos {
                source: SourceId(0),
                line: 3,
                col,
            },
        }
    }

    fn block(kind: BlockKind) -> Block {
        Block {
            pos: Pos::default(),
            kind,
        }
    }

    fn noteref(note: usize, occurrence: usize) -> Inline {
        Inline::NoteRef(NoteRefId {
            note: NoteId(note),
            occurrence,
        })
    }

    /// A one-chapter book built by hand: a note referenced from a heading
    /// and twice from a link's text, and inline HTML cut into pieces.
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
                html("<span class=\"x\">", 1),
                Inline::Emphasis(vec![text("a"), html("</span>", 9), html("<b>", 16)]),
                Inline::Link {
                    url: "#start".into(),
                    title: String::new(),
                    content: vec![text("link"), noteref(0, 1)],
                },
                html("<script>", 30),
                text("alert(1)"),
                html("</script>", 40),
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
    fn notes_in_links_wait_and_inline_html_balances() {
        let book = book(NotePlacement::Chapter);
        let layout = Layout::new(&book);
        let mut warnings = Vec::new();
        let mut findings = Findings::default();
        let out = chapter(&book, &layout, 0, &mut warnings, &mut findings);
        roxmltree::Document::parse_with_options(
            &out,
            roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            },
        )
        .expect("well-formed");
        assert!(out.contains(
            "<p><span class=\"x\"><em>a<b></b></em><a href=\"start.xhtml#start\">link</a><a class=\"noteref\""
        ), "{out}");
        assert!(
            out.contains("id=\"noteref.1.2\">1</a> end</span></p>"),
            "{out}"
        );
        assert!(!out.contains("alert"));
        // The note starts with a backlink to each reference, then its list.
        assert!(out.contains("<p class=\"note-backlinks\"><span class=\"note-number\">1.</span> <a class=\"backlink\" role=\"doc-backlink\" href=\"start.xhtml#noteref.1.1\">a</a> <a class=\"backlink\" role=\"doc-backlink\" href=\"start.xhtml#noteref.1.2\">b</a></p>"), "{out}");
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings[0].to_string(),
            "book/start.md:3:30: warning: <script> removed: EPUB content may not carry it"
        );
    }

    #[test]
    fn book_placement_links_to_the_notes_page() {
        let book = book(NotePlacement::Book);
        let layout = Layout::new(&book);
        let (mut warnings, mut findings) = (Vec::new(), Findings::default());
        let out = chapter(&book, &layout, 0, &mut warnings, &mut findings);
        assert!(out.contains("href=\"notes.xhtml#note.1\""));
        assert!(!out.contains("endnotes"));
        let notes = notes_page(&book, &layout, &mut warnings, &mut findings);
        assert!(notes.contains("<li id=\"note.1\""));
        assert!(notes.contains("href=\"start.xhtml#noteref.1.2\""));
    }

    #[test]
    fn occurrence_labels_run_a_to_z_then_aa() {
        assert_eq!(occurrence_label(0), "a");
        assert_eq!(occurrence_label(25), "z");
        assert_eq!(occurrence_label(26), "aa");
        assert_eq!(occurrence_label(27), "ab");
    }
}
