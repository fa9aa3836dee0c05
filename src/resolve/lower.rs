//! Raw HTML lowered into the model: the pieces of each run of siblings are
//! built into a tree ([`super::tree`]), then the tree becomes model nodes —
//! the kinds both backends know wherever the HTML says the same thing as
//! Markdown would (`<p>` a paragraph, `<h2>` a heading, `<ul>` a list,
//! `<pre>` code, a regular `<table>` a table, `<figure><img>` a figure,
//! `<img>` an image of the book, `<a href>` a link), generic elements
//! otherwise ([`Inline::Element`], [`BlockKind::Div`]). After this no raw
//! HTML string is left in the book.

use super::AssetLoader;
use super::elements::PHRASING;
use super::lower_figure::lone_figure;
use super::report::Report;
use super::sanitise::{Tok, tokens};
use super::tree::{self, Context, Node, Piece};
use crate::model::{
    Attrs, Block, BlockKind, Definition, ImageSize, Inline, LinkTarget, ListItem, Pos, Table,
    inlines_plain_text,
};

/// Lowers the raw HTML of one chapter's (or note's) content.
pub struct Lowering<'a, 'r> {
    pub report: &'a mut Report<'r>,
    pub assets: &'a mut dyn AssetLoader,
}

impl Lowering<'_, '_> {
    /// Lowers a list of blocks and everything inside them.
    pub fn blocks(&mut self, blocks: Vec<Block>) -> Vec<Block> {
        if !blocks.iter().any(|b| matches!(b.kind, BlockKind::Html(_))) {
            return blocks.into_iter().map(|b| self.inside_block(b)).collect();
        }
        let mut pieces = Vec::new();
        let mut after_html = false;
        for block in blocks {
            match block.kind {
                BlockKind::Html(html) => {
                    let mut toks = tokens(&html, block.pos, self.report);
                    // The blank line between two HTML blocks, which ends
                    // a run of phrasing content (see `flow`).
                    if after_html {
                        let text = "\n\n".to_string();
                        toks.insert(
                            0,
                            Tok::Text {
                                text,
                                pos: block.pos,
                            },
                        );
                    }
                    pieces.push(Piece::Html(toks));
                    after_html = true;
                }
                _ => {
                    pieces.push(Piece::Atom(self.inside_block(block)));
                    after_html = false;
                }
            }
        }
        let nodes = tree::build(pieces, Context::default(), self.report);
        self.flow(nodes)
    }

    /// Lowers what a block holds (its inlines, the blocks inside it).
    fn inside_block(&mut self, mut block: Block) -> Block {
        let kind = std::mem::replace(&mut block.kind, BlockKind::ThematicBreak);
        block.kind = match kind {
            BlockKind::Paragraph(i) => BlockKind::Paragraph(self.inlines(i, false)),
            BlockKind::Plain(i) => BlockKind::Plain(self.inlines(i, false)),
            BlockKind::Heading { level, id, content } => BlockKind::Heading {
                level,
                id,
                content: self.inlines(content, false),
            },
            BlockKind::BlockQuote(inner) => BlockKind::BlockQuote(self.blocks(inner)),
            BlockKind::List {
                start,
                tight,
                items,
            } => BlockKind::List {
                start,
                tight,
                items: items
                    .into_iter()
                    .map(|i| ListItem {
                        blocks: self.blocks(i.blocks),
                        task: i.task,
                    })
                    .collect(),
            },
            BlockKind::Table(t) => BlockKind::Table(Table {
                align: t.align,
                head: t.head.into_iter().map(|c| self.inlines(c, false)).collect(),
                rows: t
                    .rows
                    .into_iter()
                    .map(|r| r.into_iter().map(|c| self.inlines(c, false)).collect())
                    .collect(),
                caption: self.inlines(t.caption, false),
            }),
            BlockKind::Figure {
                asset,
                alt,
                caption,
                size,
            } => BlockKind::Figure {
                asset,
                alt,
                caption: self.inlines(caption, false),
                size,
            },
            BlockKind::Div { name, blocks } => BlockKind::Div {
                name,
                blocks: self.blocks(blocks),
            },
            BlockKind::Callout { kind, blocks } => BlockKind::Callout {
                kind,
                blocks: self.blocks(blocks),
            },
            BlockKind::DefinitionList(entries) => BlockKind::DefinitionList(
                entries
                    .into_iter()
                    .map(|e| Definition {
                        term: self.inlines(e.term, false),
                        details: e.details.into_iter().map(|d| self.blocks(d)).collect(),
                    })
                    .collect(),
            ),
            other => other,
        };
        block
    }

    /// Lowers a run of inlines and the runs inside them.
    pub fn inlines(&mut self, inlines: Vec<Inline>, in_link: bool) -> Vec<Inline> {
        let mut pieces = Vec::with_capacity(inlines.len());
        let mut raw = false;
        for mut inline in inlines {
            if let Inline::Html { html, pos } = &inline {
                pieces.push(Piece::Html(tokens(html, *pos, self.report)));
                raw = true;
                continue;
            }
            let link = in_link || matches!(inline, Inline::Link { .. });
            if let Some(children) = inline.children_mut() {
                *children = self.inlines(std::mem::take(children), link);
            }
            pieces.push(Piece::Atom(inline));
        }
        if !raw {
            return pieces
                .into_iter()
                .filter_map(|p| match p {
                    Piece::Atom(a) => Some(a),
                    Piece::Html(_) => None,
                })
                .collect();
        }
        let ctx = Context {
            phrasing: true,
            in_link,
        };
        let nodes = tree::build(pieces, ctx, self.report);
        let mut out = Vec::new();
        self.phrasing(nodes, &mut out, &mut |inline: Inline| vec![inline]);
        merge_text(out)
    }

    /// Phrasing nodes as inlines; `atom` says what a Markdown atom becomes.
    fn phrasing<A>(
        &mut self,
        nodes: Vec<Node<A>>,
        out: &mut Vec<Inline>,
        atom: &mut dyn FnMut(A) -> Vec<Inline>,
    ) {
        for node in nodes {
            match node {
                Node::Atom(a) => out.extend(atom(a)),
                Node::Text { text, pos } => out.push(Inline::Text { text, pos }),
                Node::Element {
                    name,
                    mut attrs,
                    children,
                    pos,
                } => match name {
                    "br" => out.push(Inline::HardBreak),
                    "img" => out.push(self.image(attrs, pos)),
                    "a" if attrs.get("href").is_some() => {
                        let href = attrs.remove("href").unwrap_or_default();
                        let title = attrs.remove("title").unwrap_or_default();
                        let mut content = Vec::new();
                        self.phrasing(children, &mut content, atom);
                        out.push(Inline::Link {
                            target: LinkTarget::Unresolved(href),
                            title,
                            content,
                            attrs,
                            pos,
                        });
                    }
                    _ => {
                        let mut content = Vec::new();
                        self.phrasing(children, &mut content, atom);
                        out.push(Inline::Element {
                            name,
                            attrs,
                            content,
                        });
                    }
                },
            }
        }
    }

    /// A raw `<img>`: an image of the book, or its alt text (with a warning)
    /// when it is not one. Its `width` and `height` (whole pixels, as the
    /// sanitiser left them) are its size.
    pub(super) fn image(&mut self, mut attrs: Attrs, pos: Pos) -> Inline {
        let alt = attrs.remove("alt").unwrap_or_default();
        let title = attrs.remove("title").unwrap_or_default();
        let src = attrs.remove("src").unwrap_or_default();
        let mut size = ImageSize::default();
        for key in ["width", "height"] {
            if let Some(value) = attrs.remove(key)
                && let Err(e) = size.set(key == "height", &value)
            {
                self.report
                    .warn(pos, format!("`{key}=\"{value}\"` on <img>: {e}: removed"));
            }
        }
        // A width or height in the style is the image's size too (it wins
        // over the attributes, as in CSS): the PDF draws it, the EPUB
        // writes it back from the size.
        if let Some(i) = attrs.0.iter().position(|(k, _)| k == "style") {
            let (rest, warnings) = style_size(&attrs.0[i].1, &mut size);
            for warning in warnings {
                self.report.warn(pos, warning);
            }
            if rest.is_empty() {
                attrs.0.remove(i);
            } else {
                attrs.0[i].1 = rest;
            }
        }
        let src = src.trim();
        let fallback = |alt: String| Inline::Text { text: alt, pos };
        if src.is_empty() {
            self.report
                .warn(pos, "<img> without a src: replaced by its alt text");
            return fallback(alt);
        }
        let lower = src.to_ascii_lowercase();
        if ["http:", "https:", "mailto:", "//"]
            .iter()
            .any(|p| lower.starts_with(p))
        {
            self.report.warn(
                pos,
                format!("image `{src}` is not a file of the book (only images inside the book folder are embedded): replaced by its alt text"),
            );
            return fallback(alt);
        }
        match self.assets.image(pos.source, src, pos) {
            Some(asset) => Inline::Image {
                asset,
                alt,
                title,
                attrs,
                size,
                pos,
            },
            None => fallback(alt),
        }
    }

    /// Flow nodes as blocks: runs of phrasing content become [`BlockKind::Plain`].
    pub(super) fn flow(&mut self, nodes: Vec<Node<Block>>) -> Vec<Block> {
        let mut out = Vec::new();
        let mut run: Vec<Node<Block>> = Vec::new();
        for node in nodes {
            match node {
                Node::Atom(b) => {
                    self.flush(&mut run, &mut out);
                    out.push(b);
                }
                // A blank line between HTML blocks ends a run: two lone
                // `<img>`s a blank line apart are two figures, not two
                // images in a line.
                Node::Text { ref text, .. } if text.trim().is_empty() && text.contains("\n\n") => {
                    self.flush(&mut run, &mut out)
                }
                Node::Text { .. } => run.push(node),
                Node::Element { name, .. } if PHRASING.contains(&name) => run.push(node),
                Node::Element {
                    name,
                    attrs,
                    children,
                    pos,
                } => {
                    self.flush(&mut run, &mut out);
                    let block = self.element_block(name, attrs, children, pos);
                    out.extend(block);
                }
            }
        }
        self.flush(&mut run, &mut out);
        out
    }

    /// Ends a run of phrasing nodes between blocks: a lone image is a
    /// figure, other content a [`BlockKind::Plain`]; blank text is nothing.
    fn flush(&mut self, run: &mut Vec<Node<Block>>, out: &mut Vec<Block>) {
        if run.is_empty() {
            return;
        }
        let nodes = std::mem::take(run);
        let pos = node_pos(&nodes).unwrap_or_default();
        let mut inlines = Vec::new();
        self.phrasing(nodes, &mut inlines, &mut |b: Block| block_text(b, pos));
        let inlines = merge_text(inlines);
        let meaningful: Vec<&Inline> = inlines.iter().filter(|i| !is_blank(i)).collect();
        match meaningful.as_slice() {
            [] => {}
            [Inline::Image { .. }] => {
                let image = inlines.into_iter().find(|i| !is_blank(i));
                out.extend(image.and_then(|i| lone_figure(i, pos)));
            }
            _ => out.push(Block::new(pos, BlockKind::Plain(trim_run(inlines)))),
        }
    }

    /// One block-level element of raw HTML as blocks.
    fn element_block(
        &mut self,
        name: &'static str,
        mut attrs: Attrs,
        children: Vec<Node<Block>>,
        pos: Pos,
    ) -> Vec<Block> {
        let kind = match name {
            "p" => BlockKind::Paragraph(self.inline_content(children, pos)),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading {
                level: name.as_bytes()[1] - b'0',
                // The id stays in the attributes: the ids pass checks it
                // with the author's other raw ids.
                id: String::new(),
                content: self.inline_content(children, pos),
            },
            "blockquote" => BlockKind::BlockQuote(self.flow(children)),
            "ul" | "ol" => self.list(name, &mut attrs, children),
            "pre" => {
                let lang = attrs
                    .get("class")
                    .and_then(|c| {
                        c.split_whitespace()
                            .find_map(|c| c.strip_prefix("language-").or(c.strip_prefix("lang-")))
                    })
                    .map(str::to_string);
                let mut text = String::new();
                push_node_text(&children, &mut text);
                // HTML drops a newline right after `<pre>`.
                let text = text.strip_prefix('\n').unwrap_or(&text).to_string();
                BlockKind::CodeBlock {
                    lang,
                    text,
                    tokens: Vec::new(),
                }
            }
            "hr" => BlockKind::ThematicBreak,
            "table" => match self.table(&children) {
                Some(table) => BlockKind::Table(table),
                None => BlockKind::Div {
                    name,
                    blocks: self.flow(children),
                },
            },
            "figure" => self.figure(children, &mut attrs, pos),
            _ => BlockKind::Div {
                name,
                blocks: self.flow(children),
            },
        };
        vec![Block { pos, kind, attrs }]
    }

    /// An element's content that may only be phrasing (a `<p>`, an `<h2>`).
    pub(super) fn inline_content(&mut self, children: Vec<Node<Block>>, pos: Pos) -> Vec<Inline> {
        let mut out = Vec::new();
        self.phrasing(children, &mut out, &mut |b: Block| block_text(b, pos));
        merge_text(out)
    }

    fn list(&mut self, name: &str, attrs: &mut Attrs, children: Vec<Node<Block>>) -> BlockKind {
        let start = (name == "ol").then(|| {
            attrs
                .remove("start")
                .and_then(|s| s.trim().parse::<u64>().ok())
                .unwrap_or(1)
        });
        let mut items = Vec::new();
        for child in children {
            match child {
                Node::Element {
                    name: "li",
                    children,
                    ..
                } => items.push(ListItem::new(self.flow(children))),
                Node::Text { ref text, .. } if text.trim().is_empty() => {}
                other => items.push(ListItem::new(self.flow(vec![other]))),
            }
        }
        let tight = items.iter().all(|i| {
            i.blocks
                .iter()
                .all(|b| matches!(b.kind, BlockKind::Plain(_)))
        });
        // Tight lists hold their items' text as paragraphs, as Markdown's do.
        if tight {
            for item in &mut items {
                for b in &mut item.blocks {
                    if let BlockKind::Plain(i) = &mut b.kind {
                        b.kind = BlockKind::Paragraph(std::mem::take(i));
                    }
                }
            }
        }
        BlockKind::List {
            start,
            tight,
            items,
        }
    }
}

/// Reads the `width` and `height` of a raw `<img>`'s (sanitised) `style`
/// into `size`, so that the PDF draws the image at the size the EPUB's CSS
/// gives it. Returns the style's other declarations, and a warning for
/// each size that cannot be drawn alike in both books (`3em`, a height in
/// percent, a `max-width` other than the stylesheet's 100%): those are
/// removed. `auto` is the natural size both books draw anyway.
fn style_size(style: &str, size: &mut ImageSize) -> (String, Vec<String>) {
    let mut kept = Vec::new();
    let mut warnings = Vec::new();
    for decl in style.split(';') {
        let Some((prop, value)) = decl.split_once(':') else {
            continue;
        };
        let (prop, value) = (prop.trim(), value.trim());
        match prop {
            "width" | "height" if value.eq_ignore_ascii_case("auto") => {}
            "width" | "height" => {
                if let Err(e) = size.set(prop == "height", value) {
                    warnings.push(format!(
                        "`{prop}: {value}` in the style of <img>: {e}: removed"
                    ));
                }
            }
            "max-width" if value == "100%" => {}
            "max-width" => warnings.push(format!(
                "`{prop}: {value}` in the style of <img> is not drawn in the PDF (give the \
                 image a width instead): removed"
            )),
            _ => kept.push(format!("{prop}: {value}")),
        }
    }
    (kept.join("; "), warnings)
}

/// Whether a node may stand in phrasing content.
pub(super) fn is_phrasing<A>(node: &Node<A>) -> bool {
    match node {
        Node::Text { .. } => true,
        Node::Element { name, children, .. } => {
            PHRASING.contains(name) && children.iter().all(is_phrasing)
        }
        Node::Atom(_) => false,
    }
}

fn node_pos<A>(nodes: &[Node<A>]) -> Option<Pos> {
    nodes.iter().find_map(|n| match n {
        Node::Element { pos, .. } | Node::Text { pos, .. } => Some(*pos),
        Node::Atom(_) => None,
    })
}

/// The text content of nodes (for `<pre>`).
fn push_node_text(nodes: &[Node<Block>], out: &mut String) {
    for n in nodes {
        match n {
            Node::Text { text, .. } => out.push_str(text),
            Node::Element { name: "br", .. } => out.push('\n'),
            Node::Element { children, .. } => push_node_text(children, out),
            Node::Atom(b) => {
                for run in crate::model::visit::inline_runs(&b.kind) {
                    out.push_str(&inlines_plain_text(run));
                }
            }
        }
    }
}

/// A Markdown block that ended up where only phrasing may stand keeps its
/// words (it cannot, by construction of the tree, but nothing is dropped).
fn block_text(block: Block, pos: Pos) -> Vec<Inline> {
    let mut text = String::new();
    for run in crate::model::visit::inline_runs(&block.kind) {
        text.push_str(&inlines_plain_text(run));
    }
    vec![Inline::Text { text, pos }]
}

fn is_blank(inline: &Inline) -> bool {
    match inline {
        Inline::Text { text, .. } => text.trim().is_empty(),
        Inline::SoftBreak | Inline::HardBreak => true,
        _ => false,
    }
}

/// Blank text at the ends of a run between blocks is layout, not content.
fn trim_run(mut inlines: Vec<Inline>) -> Vec<Inline> {
    while inlines.first().is_some_and(is_blank) {
        inlines.remove(0);
    }
    while inlines.last().is_some_and(is_blank) {
        inlines.pop();
    }
    if let Some(Inline::Text { text, .. }) = inlines.first_mut() {
        *text = text.trim_start().to_string();
    }
    if let Some(Inline::Text { text, .. }) = inlines.last_mut() {
        *text = text.trim_end().to_string();
    }
    inlines
}

/// Adjacent text runs joined (the first keeps its position), so that a
/// word cut by an entity or a removed tag is one word again.
fn merge_text(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        match (out.last_mut(), inline) {
            (Some(Inline::Text { text: prev, .. }), Inline::Text { text, .. }) => {
                prev.push_str(&text)
            }
            (_, Inline::Text { text, .. }) if text.is_empty() => {}
            (_, inline) => out.push(inline),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Length;

    #[test]
    fn an_img_style_width_and_height_are_its_size() {
        let mut size = ImageSize::default();
        size.set(false, "12").unwrap();
        let (rest, warnings) = style_size(
            "color: red; width: 8cm; height: 3em; max-width: 50%; max-width: 100%",
            &mut size,
        );
        assert_eq!(rest, "color: red");
        let cm8 = 8.0 * 72.0 / 2.54;
        assert!(matches!(size.width, Some(Length::Points(p)) if (p - cm8).abs() < 1e-3));
        assert_eq!(size.height, None);
        assert_eq!(
            warnings,
            [
                "`height: 3em` in the style of <img>: `3em` is not a number followed by %, cm, mm, in, pt or px: removed",
                "`max-width: 50%` in the style of <img> is not drawn in the PDF (give the image a width instead): removed",
            ]
        );
        // `auto` is the natural size: nothing to say, nothing to keep.
        let mut size = ImageSize::default();
        let (rest, warnings) = style_size("width: auto; height: 2in", &mut size);
        assert_eq!((rest.as_str(), warnings.len()), ("", 0));
        assert_eq!(size.height, Some(Length::Points(144.0)));
        assert_eq!(size.width, None);
    }
}
