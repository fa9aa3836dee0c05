//! The PDF's structure tree, built while the pages are drawn in order from
//! the labels layout gave each line and image ([`super::label`]): each
//! labelled piece becomes a marked-content leaf of the element its path
//! names, elements made on first use in reading order; a note goes into
//! the element holding its first reference; a link's words go into a
//! `Link` element with its annotation, a note's number into a `Lbl`, a
//! span in another language into a `Span` with its `Lang` (a block's
//! language goes on its own element). [`TreeBuilder::finish`] hands
//! krilla the tree, headings given their titles and kept in order (no
//! level skipped), list labels before their bodies.

use std::collections::HashMap;
use std::num::NonZeroU16;

use krilla::tagging::{
    Identifier, ListNumbering, Node, TableHeaderScope, Tag, TagGroup, TagKind, TagTree,
};

use super::label::{Elem, Label, Role};
use super::links::Target;
use crate::model::NoteId;

/// What a node of the tree is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Root,
    Role(Role),
    /// A link annotation's element.
    Link,
    /// A paragraph for content layout did not label.
    Loose,
    /// A stretch of a line in another language.
    Span,
}

#[derive(Debug)]
enum Child {
    Node(usize),
    Leaf(Identifier),
    /// A link annotation.
    Annot(Identifier),
}

/// What a stretch of a line is inside its line's element
/// ([`TreeBuilder::wrap`]).
#[derive(Debug, Clone, Copy)]
pub enum Wrap<'a> {
    /// A label (a note's number): `Lbl`.
    Label,
    /// A link's words: `Link`, which gets the link's annotation.
    Link,
    /// Text in language `lang`: a `Span` with its `Lang`.
    Lang(&'a str),
}

#[derive(Debug)]
struct TreeNode {
    kind: Kind,
    children: Vec<Child>,
    /// Text set in it (a heading's title).
    text: String,
    /// A figure's description.
    alt: Option<String>,
    /// The language the author gave it.
    lang: Option<String>,
}

impl TreeNode {
    fn new(kind: Kind) -> TreeNode {
        TreeNode {
            kind,
            children: Vec::new(),
            text: String::new(),
            alt: None,
            lang: None,
        }
    }
}

/// The structure tree as the pages are drawn.
#[derive(Debug)]
pub struct TreeBuilder {
    nodes: Vec<TreeNode>,
    index: HashMap<(usize, Elem), usize>,
    /// The element holding each note's first reference.
    note_parent: HashMap<u32, usize>,
    /// The link the last line drawn ended in: its parent element, its
    /// target and its `Link` (a link broken over lines is one element).
    trailing_link: Option<(usize, Target, usize)>,
}

impl Default for TreeBuilder {
    fn default() -> TreeBuilder {
        TreeBuilder {
            nodes: vec![TreeNode::new(Kind::Root)],
            index: HashMap::new(),
            note_parent: HashMap::new(),
            trailing_link: None,
        }
    }
}

impl TreeBuilder {
    /// The element content labelled `label` goes into, made (with the
    /// elements above it) on first use; `None` for an artifact.
    pub fn node(&mut self, label: &Label) -> Option<usize> {
        match label {
            Label::Artifact(_) => None,
            Label::Unset => Some(self.child(0, Kind::Loose)),
            Label::Content(path) => {
                let mut parent = 0;
                for (i, elem) in path.iter().enumerate() {
                    if i == 0 && elem.role == Role::Note {
                        parent = self.note_parent.get(&elem.serial).copied().unwrap_or(0);
                    }
                    parent = match self.index.get(&(parent, *elem)) {
                        Some(&n) => n,
                        None => {
                            let n = self.child(parent, Kind::Role(elem.role));
                            self.nodes[n].lang = elem.lang.map(|l| l.as_str().to_string());
                            self.index.insert((parent, *elem), n);
                            n
                        }
                    };
                }
                Some(parent)
            }
        }
    }

    fn child(&mut self, parent: usize, kind: Kind) -> usize {
        let n = self.nodes.len();
        self.nodes.push(TreeNode::new(kind));
        self.nodes[parent].children.push(Child::Node(n));
        n
    }

    /// Adds marked content (lines, an image) to element `node`.
    pub fn content(&mut self, node: usize, id: Identifier) {
        self.nodes[node].children.push(Child::Leaf(id));
    }

    /// Notes that a line of element `node` reads `text` (a heading's
    /// lines make its title).
    pub fn text(&mut self, node: usize, text: &str) {
        let n = &mut self.nodes[node];
        if matches!(n.kind, Kind::Role(Role::Heading(_))) {
            if !n.text.is_empty() {
                n.text.push(' ');
            }
            n.text.push_str(text.trim());
        }
    }

    /// Gives figure `node` its description (an image in a line of text
    /// is content of the line's element, which keeps its own).
    pub fn describe(&mut self, node: usize, alt: &str) {
        let n = &mut self.nodes[node];
        if n.kind == Kind::Role(Role::Figure) {
            n.alt = Some(alt.to_string());
        }
    }

    /// Notes `note`'s first reference is in element `node`: the note goes
    /// there.
    pub fn called(&mut self, note: NoteId, node: usize) {
        self.note_parent.entry(note.0 as u32).or_insert(node);
    }

    /// A link annotation in element `node` (the top level when `None`),
    /// in a `Link` of its own.
    pub fn link(&mut self, node: Option<usize>, id: Identifier) {
        let link = self.child(node.unwrap_or(0), Kind::Link);
        self.link_into(link, id);
    }

    /// A link annotation into `link`, the `Link` element of its words.
    pub fn link_into(&mut self, link: usize, id: Identifier) {
        self.nodes[link].children.push(Child::Annot(id));
    }

    /// A new element inside `parent` for a stretch of a line: a note's
    /// number, a link's words, a span in another language.
    pub fn wrap(&mut self, parent: usize, wrap: Wrap<'_>) -> usize {
        let (kind, lang) = match wrap {
            Wrap::Label => (Kind::Role(Role::ListLabel), None),
            Wrap::Link => (Kind::Link, None),
            Wrap::Lang(lang) => (Kind::Span, Some(lang.to_string())),
        };
        let n = self.child(parent, kind);
        self.nodes[n].lang = lang;
        n
    }

    /// The `Link` in `parent` to `target` that the last line drawn ended
    /// in, which a line opening with the same link goes on with.
    pub fn continued_link(&self, parent: usize, target: &Target) -> Option<usize> {
        match &self.trailing_link {
            Some((p, t, link)) if *p == parent && t == target => Some(*link),
            _ => None,
        }
    }

    /// Notes what the line being drawn ends in so far: the `Link` (in
    /// `parent`, to `target`) of its last words, or none.
    pub fn ends_in(&mut self, link: Option<(usize, &Target, usize)>) {
        self.trailing_link = link.map(|(p, t, l)| (p, t.clone(), l));
    }

    /// The tree for krilla, in `lang`.
    pub fn finish(mut self, lang: &str) -> TagTree {
        self.gather_entry_links();
        self.order();
        let mut tree = TagTree::new().with_lang((!lang.is_empty()).then(|| lang.to_string()));
        let roots = std::mem::take(&mut self.nodes[0].children);
        for c in roots {
            if let Some(node) = self.build(c) {
                tree.push(node);
            }
        }
        tree
    }

    /// A contents entry is one link over its whole row (title, leaders,
    /// folio): its words go inside its `Link`, beside the annotation.
    fn gather_entry_links(&mut self) {
        for n in 0..self.nodes.len() {
            if self.nodes[n].kind != Kind::Role(Role::TocItem) {
                continue;
            }
            let links: Vec<usize> = self.nodes[n]
                .children
                .iter()
                .filter_map(|c| match c {
                    Child::Node(k) if self.nodes[*k].kind == Kind::Link => Some(*k),
                    _ => None,
                })
                .collect();
            let [link] = links[..] else {
                continue;
            };
            let kids = std::mem::take(&mut self.nodes[n].children);
            let (words, rest): (Vec<Child>, Vec<Child>) =
                kids.into_iter().partition(|c| matches!(c, Child::Leaf(_)));
            let annots = std::mem::take(&mut self.nodes[link].children);
            self.nodes[link].children = words.into_iter().chain(annots).collect();
            self.nodes[n].children = rest;
        }
    }

    /// Heading levels never skip one going down (a chapter's `###` after
    /// its title is read as H2), list labels come before their bodies, and
    /// notes after the rest of the element holding their reference (its
    /// text and the reference's link), where a reader meets them once the
    /// sentence is done.
    fn order(&mut self) {
        let mut prev = 0u8;
        let mut stack = vec![0usize];
        while let Some(n) = stack.pop() {
            if let Kind::Role(Role::Heading(level)) = self.nodes[n].kind {
                let level = level.clamp(1, prev + 1);
                self.nodes[n].kind = Kind::Role(Role::Heading(level));
                prev = level;
            }
            let rank = |c: &Child| match c {
                Child::Node(k) => match self.nodes[*k].kind {
                    Kind::Role(Role::ListLabel) => 0,
                    Kind::Role(Role::Note) => 2,
                    _ => 1,
                },
                Child::Leaf(_) | Child::Annot(_) => 1,
            };
            let ranks: Vec<u8> = self.nodes[n].children.iter().map(rank).collect();
            if ranks.windows(2).any(|w| w[0] > w[1]) {
                let mut keyed: Vec<(u8, Child)> = ranks
                    .into_iter()
                    .zip(self.nodes[n].children.drain(..))
                    .collect();
                keyed.sort_by_key(|(k, _)| *k);
                self.nodes[n].children = keyed.into_iter().map(|(_, c)| c).collect();
            }
            for c in self.nodes[n].children.iter().rev() {
                if let Child::Node(k) = c {
                    stack.push(*k);
                }
            }
        }
    }

    fn build(&mut self, child: Child) -> Option<Node> {
        let n = match child {
            Child::Leaf(id) | Child::Annot(id) => return Some(Node::Leaf(id)),
            Child::Node(n) => n,
        };
        let kids = std::mem::take(&mut self.nodes[n].children);
        // A link's words whose link led nowhere placed (no annotation)
        // are a plain span.
        if self.nodes[n].kind == Kind::Link && !kids.iter().any(|c| matches!(c, Child::Annot(_))) {
            self.nodes[n].kind = Kind::Span;
        }
        let children: Vec<Node> = kids.into_iter().filter_map(|c| self.build(c)).collect();
        if children.is_empty() {
            return None;
        }
        let node = &self.nodes[n];
        let tag: TagKind = match node.kind {
            Kind::Root | Kind::Loose => Tag::P.into(),
            Kind::Link => Tag::Link.into(),
            Kind::Span => Tag::Span.into(),
            Kind::Role(role) => match role {
                Role::Section => Tag::Section.into(),
                Role::Part => Tag::Part.into(),
                Role::Front | Role::Div => Tag::Div.into(),
                Role::Toc => Tag::TOC.into(),
                Role::TocItem => Tag::TOCI.into(),
                Role::Heading(level) => {
                    let title = if node.text.is_empty() {
                        "\u{2014}".to_string()
                    } else {
                        node.text.clone()
                    };
                    Tag::Hn(
                        NonZeroU16::new(u16::from(level.max(1))).unwrap_or(NonZeroU16::MIN),
                        Some(title),
                    )
                    .into()
                }
                Role::Paragraph => Tag::P.into(),
                Role::List(numbered) => Tag::L(if numbered {
                    ListNumbering::Decimal
                } else {
                    ListNumbering::Disc
                })
                .into(),
                Role::ListItem => Tag::LI.into(),
                Role::ListLabel => Tag::Lbl.into(),
                Role::ListBody => Tag::LBody.into(),
                Role::BlockQuote => Tag::BlockQuote.into(),
                Role::Code => Tag::Code.into(),
                Role::Table => Tag::Table.into(),
                Role::TableRow => Tag::TR.into(),
                Role::TableHeader => Tag::TH(TableHeaderScope::Column).into(),
                Role::TableCell => Tag::TD.into(),
                Role::Figure => Tag::Figure(node.alt.clone().filter(|a| !a.is_empty())).into(),
                Role::Caption => Tag::Caption.into(),
                Role::Note => Tag::Note.into(),
            },
        };
        let tag = tag.with_lang(node.lang.clone());
        Some(Node::Group(TagGroup::with_children(tag, children)))
    }
}
