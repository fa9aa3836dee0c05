//! Builds a tree from the author's raw HTML and the Markdown around it.
//!
//! Markdown cuts raw HTML into pieces: `<span>` … *text* … `</span>` arrive
//! as separate inlines, and a `<div>` block may open before Markdown
//! paragraphs that its `</div>` block closes. The builder takes the pieces
//! of one run of siblings (the inlines of a paragraph, or the blocks of a
//! chapter, a quotation, a list item), the Markdown between them as atoms,
//! and nests them, as browsers would, within that run only:
//! - void elements take no content; implied end tags are inserted (`<p>`
//!   ends a `<p>`, `<li>` the previous `<li>`), stray end tags dropped,
//!   whatever is still open at the end of the run closed there — so no
//!   state of one run leaks into the next;
//! - in phrasing context (a paragraph, a `<span>`) a block element becomes
//!   a `<span>`; a link may not hold a link; table parts, list items and
//!   captions outside their parents lose their tags;
//! - between blocks, only flow containers (`<div>`, `<section>`…) stay open
//!   around the Markdown that follows a raw HTML block;
//! - an element removed with its content (`<script>`) takes everything up
//!   to its end tag; never closed, it takes nothing (inline) or only the
//!   rest of its HTML block, never the Markdown after it.

use super::elements::{CLOSES_P, FLOW_CONTAINERS, PHRASING, PHRASING_ONLY, VOID};
use super::report::Report;
use super::sanitise::Tok;
use crate::model::{Attrs, Pos};

/// A node of the built tree; `A` is the Markdown atom (an inline or a
/// block).
#[derive(Debug, Clone, PartialEq)]
pub enum Node<A> {
    Element {
        name: &'static str,
        attrs: Attrs,
        children: Vec<Node<A>>,
        pos: Pos,
    },
    Text {
        text: String,
        pos: Pos,
    },
    Atom(A),
}

/// One sibling of the run: a raw HTML piece, tokenised, or Markdown.
#[derive(Debug)]
pub enum Piece<A> {
    Html(Vec<Tok>),
    Atom(A),
}

/// Where the run stands.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context {
    /// Phrasing content only (the run is a paragraph's inlines).
    pub phrasing: bool,
    /// Inside a Markdown link: no `<a>` may open.
    pub in_link: bool,
}

struct Open<A> {
    /// The element written out.
    name: &'static str,
    /// The tag the author opened (`div` for a `<div>` written as `<span>`
    /// inside a paragraph): what its end tag names.
    tag: &'static str,
    attrs: Attrs,
    pos: Pos,
    children: Vec<Node<A>>,
}

/// Builds the tree of one run of siblings.
pub fn build<A>(pieces: Vec<Piece<A>>, ctx: Context, report: &mut Report<'_>) -> Vec<Node<A>> {
    let mut b = Builder {
        stack: Vec::new(),
        root: Vec::new(),
        ctx,
    };
    // Flattened, with each HTML piece's end marked: removals and open
    // phrasing elements end there in block context.
    let mut items: Vec<Item<A>> = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Atom(a) => items.push(Item::Atom(a)),
            Piece::Html(toks) => {
                items.extend(toks.into_iter().map(Item::Tok));
                items.push(Item::PieceEnd);
            }
        }
    }
    let mut items = items.into_iter().peekable();
    while let Some(item) = items.next() {
        match item {
            Item::Atom(a) => b.children().push(Node::Atom(a)),
            Item::PieceEnd => {
                if !ctx.phrasing {
                    b.close_non_containers();
                }
            }
            Item::Tok(Tok::Text { text, pos }) => b.text(text, pos),
            Item::Tok(Tok::Start {
                name,
                attrs,
                self_closing,
                pos,
            }) => b.start(name, attrs, self_closing, pos, report),
            Item::Tok(Tok::End { name, .. }) => b.end(name),
            Item::Tok(Tok::RemovedEnd { .. }) => {}
            Item::Tok(Tok::Removed { name, pos }) => {
                // What it holds goes with it, up to its end tag: within the
                // run for inline content, within its HTML block otherwise.
                let rest: Vec<Item<A>> = items.by_ref().collect();
                let end = rest.iter().position(|i| match i {
                    Item::Tok(Tok::RemovedEnd { name: n }) => *n == name,
                    Item::PieceEnd => !ctx.phrasing,
                    _ => false,
                });
                let closed =
                    end.is_some_and(|e| matches!(rest[e], Item::Tok(Tok::RemovedEnd { .. })));
                let resume = match (end, closed, ctx.phrasing) {
                    (Some(e), true, _) => {
                        report.warn(
                            pos,
                            format!(
                                "<{name}> removed with its content: EPUB content may not carry it"
                            ),
                        );
                        e + 1
                    }
                    (Some(e), false, _) => {
                        report.warn(
                            pos,
                            format!(
                                "<{name}> is never closed: removed with the rest of its HTML block"
                            ),
                        );
                        e
                    }
                    (None, _, true) => {
                        report.warn(
                            pos,
                            format!("<{name}> is never closed: its tag was removed, the text after it kept"),
                        );
                        0
                    }
                    (None, _, false) => {
                        report.warn(pos, format!("<{name}> removed with its content"));
                        rest.len()
                    }
                };
                let mut rest = rest
                    .into_iter()
                    .skip(resume)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .peekable();
                std::mem::swap(&mut items, &mut rest);
            }
        }
    }
    b.close_to(0);
    b.root
}

enum Item<A> {
    Tok(Tok),
    Atom(A),
    PieceEnd,
}

struct Builder<A> {
    stack: Vec<Open<A>>,
    root: Vec<Node<A>>,
    ctx: Context,
}

impl<A> Builder<A> {
    fn children(&mut self) -> &mut Vec<Node<A>> {
        match self.stack.last_mut() {
            Some(open) => &mut open.children,
            None => &mut self.root,
        }
    }

    fn is_open(&self, name: &str) -> bool {
        self.stack.iter().any(|o| o.name == name)
    }

    fn text(&mut self, text: String, pos: Pos) {
        let children = self.children();
        match children.last_mut() {
            Some(Node::Text { text: prev, .. }) => prev.push_str(&text),
            _ => children.push(Node::Text { text, pos }),
        }
    }

    fn start(
        &mut self,
        name: &'static str,
        attrs: Attrs,
        self_closing: bool,
        pos: Pos,
        report: &mut Report<'_>,
    ) {
        self.close_implied(name);
        let tag = name;
        let mut name = name;
        if let Some(parent) = required_parent(name)
            && !parent.iter().any(|p| self.is_open(p))
        {
            report.warn(
                pos,
                format!(
                    "<{name}> outside <{}>: its tag was removed, its content kept",
                    parent[0]
                ),
            );
            return;
        }
        let phrasing_here =
            self.ctx.phrasing || self.stack.iter().any(|o| PHRASING_ONLY.contains(&o.name));
        if name == "a" && (self.ctx.in_link || self.is_open("a")) {
            report.warn(pos, "<a> inside a link cannot nest: written as <span>");
            name = "span";
        } else if phrasing_here && !PHRASING.contains(&name) {
            if VOID.contains(&name) {
                report.warn(
                    pos,
                    format!("<{name}> cannot stand inside a paragraph: removed"),
                );
                return;
            }
            report.warn(
                pos,
                format!("<{name}> cannot stand inside a paragraph: written as <span>"),
            );
            name = "span";
        }
        if VOID.contains(&name) || self_closing {
            self.children().push(Node::Element {
                name,
                attrs,
                children: Vec::new(),
                pos,
            });
        } else {
            self.stack.push(Open {
                name,
                tag,
                attrs,
                pos,
                children: Vec::new(),
            });
        }
    }

    fn end(&mut self, name: &str) {
        // A stray end tag, or one whose element opened outside this run,
        // is dropped: the output must nest.
        if let Some(index) = self.stack.iter().rposition(|o| o.tag == name) {
            self.close_to(index);
        }
    }

    /// The end tags HTML implies before `name` opens.
    fn close_implied(&mut self, name: &str) {
        let (targets, barriers): (&[&str], &[&str]) = match name {
            "li" => (&["li"], &["ul", "ol"]),
            "dt" | "dd" => (&["dt", "dd"], &["dl"]),
            "td" | "th" => (&["td", "th"], &["tr", "table"]),
            "tr" => (&["tr"], &["table", "thead", "tbody", "tfoot"]),
            "thead" | "tbody" | "tfoot" => (&["thead", "tbody", "tfoot"], &["table"]),
            "a" => (&["a"], &[]),
            _ if CLOSES_P.contains(&name) => (&["p"], &[]),
            _ => return,
        };
        for i in (0..self.stack.len()).rev() {
            let open = self.stack[i].name;
            if targets.contains(&open) {
                self.close_to(i);
                return;
            }
            if barriers.contains(&open) || (targets == ["p"] && !PHRASING.contains(&open)) {
                return;
            }
        }
    }

    /// After an HTML block: closes what Markdown blocks may not stand in (a
    /// `<span>` or `<ul>` left open), keeping flow containers open around
    /// the Markdown that follows.
    fn close_non_containers(&mut self) {
        if let Some(i) = self
            .stack
            .iter()
            .position(|o| !FLOW_CONTAINERS.contains(&o.name))
        {
            self.close_to(i);
        }
    }

    fn close_to(&mut self, index: usize) {
        while self.stack.len() > index {
            let Some(open) = self.stack.pop() else {
                break;
            };
            let node = Node::Element {
                name: open.name,
                attrs: open.attrs,
                children: open.children,
                pos: open.pos,
            };
            self.children().push(node);
        }
    }
}

/// The elements one of which must be open for `name` to open.
fn required_parent(name: &str) -> Option<&'static [&'static str]> {
    Some(match name {
        "li" => &["ul", "ol"],
        "dt" | "dd" => &["dl"],
        "tr" | "thead" | "tbody" | "tfoot" | "caption" | "colgroup" => &["table"],
        "td" | "th" => &["tr"],
        "col" => &["colgroup", "table"],
        "figcaption" => &["figure"],
        "summary" => &["details"],
        "rt" | "rp" => &["ruby"],
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceFile;

    fn start(name: &'static str) -> Tok {
        Tok::Start {
            name,
            attrs: Attrs::new(),
            self_closing: false,
            pos: Pos::default(),
        }
    }
    fn end(name: &'static str) -> Tok {
        Tok::End {
            name,
            pos: Pos::default(),
        }
    }
    fn text(t: &str) -> Tok {
        Tok::Text {
            text: t.into(),
            pos: Pos::default(),
        }
    }

    fn names(nodes: &[Node<&'static str>]) -> String {
        nodes
            .iter()
            .map(|n| match n {
                Node::Element { name, children, .. } => format!("{name}({})", names(children)),
                Node::Text { text, .. } => format!("'{text}'"),
                Node::Atom(a) => a.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn run(pieces: Vec<Piece<&'static str>>, phrasing: bool) -> (String, usize) {
        let sources = [SourceFile {
            path: "x.md".into(),
            text: String::new(),
        }];
        let mut diags = Vec::new();
        let mut report = Report::new(&sources, &mut diags);
        let ctx = Context {
            phrasing,
            in_link: false,
        };
        let tree = build(pieces, ctx, &mut report);
        report.finish();
        (names(&tree), diags.len())
    }

    #[test]
    fn inline_pieces_nest_across_markdown() {
        let (tree, _) = run(
            vec![
                Piece::Html(vec![start("span")]),
                Piece::Atom("em"),
                Piece::Html(vec![end("span")]),
                Piece::Atom("after"),
            ],
            true,
        );
        assert_eq!(tree, "span(em) after");
    }

    #[test]
    fn unclosed_elements_close_at_the_end_of_their_run() {
        let (tree, _) = run(vec![Piece::Html(vec![start("b"), text("x")])], true);
        assert_eq!(tree, "b('x')");
    }

    #[test]
    fn removed_elements_take_their_content_but_never_what_follows() {
        let style = Tok::Removed {
            name: "style",
            pos: Pos::default(),
        };
        // Inline, closed: its content goes.
        let (tree, warnings) = run(
            vec![
                Piece::Html(vec![style.clone()]),
                Piece::Atom("css"),
                Piece::Html(vec![Tok::RemovedEnd { name: "style" }]),
                Piece::Atom("text"),
            ],
            true,
        );
        assert_eq!((tree.as_str(), warnings), ("text", 1));
        // Inline, never closed: only the tag goes.
        let (tree, _) = run(
            vec![Piece::Html(vec![style.clone()]), Piece::Atom("words")],
            true,
        );
        assert_eq!(tree, "words");
        // A block, never closed: the rest of its HTML block goes, not the
        // Markdown after it.
        let (tree, _) = run(
            vec![
                Piece::Html(vec![style, text("p {}")]),
                Piece::Atom("paragraph"),
            ],
            false,
        );
        assert_eq!(tree, "paragraph");
    }

    #[test]
    fn flow_containers_stay_open_around_markdown_blocks() {
        let (tree, _) = run(
            vec![
                Piece::Html(vec![
                    start("div"),
                    start("ul"),
                    start("li"),
                    start("span"),
                    text("x"),
                ]),
                Piece::Atom("para"),
                Piece::Html(vec![end("div")]),
            ],
            false,
        );
        assert_eq!(tree, "div(ul(li(span('x'))) para)");
    }

    #[test]
    fn block_elements_in_phrasing_become_spans_and_parts_need_parents() {
        let (tree, warnings) = run(
            vec![Piece::Html(vec![
                start("div"),
                text("a"),
                end("div"),
                start("td"),
                text("b"),
            ])],
            true,
        );
        assert_eq!((tree.as_str(), warnings), ("span('a') 'b'", 2));
        let (tree, _) = run(
            vec![Piece::Html(vec![
                start("ul"),
                start("li"),
                text("1"),
                start("li"),
                text("2"),
                start("p"),
                text("a"),
                start("p"),
                text("b"),
            ])],
            false,
        );
        assert_eq!(tree, "ul(li('1') li('2' p('a') p('b')))");
    }
}
