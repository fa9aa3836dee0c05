//! Raw HTML figures lowered into the model's figure: a `<figure>` holding
//! one `<img>` and an optional `<figcaption>`, or an `<img>` standing alone
//! between blocks. The model's figure has one set of attributes (its
//! block's), so the image's and the caption's are put where both books
//! render them: the image's on the figure (its id is the figure's anchor
//! in both books, its classes join the figure's), the caption's on a span
//! round the caption's words; what cannot go there is removed with a
//! warning at the element.

use super::lower::Lowering;
use super::tree::Node;
use crate::model::{Attrs, Block, BlockKind, Inline, Pos};

impl Lowering<'_, '_> {
    /// `<figure>` with one image and an optional `<figcaption>` is the
    /// model's figure, the image's attributes joined to the figure's
    /// (`attrs`); anything else a container whose caption is moved to its
    /// end (XHTML wants it first or last).
    pub(super) fn figure(
        &mut self,
        children: Vec<Node<Block>>,
        attrs: &mut Attrs,
        pos: Pos,
    ) -> BlockKind {
        let mut image = None;
        let mut caption = None;
        let mut other = false;
        for (i, child) in children.iter().enumerate() {
            match child {
                Node::Element { name: "img", .. } if image.is_none() => image = Some(i),
                Node::Element {
                    name: "figcaption", ..
                } if caption.is_none() => caption = Some(i),
                Node::Element { name: "br", .. } => {}
                Node::Text { text, .. } if text.trim().is_empty() => {}
                _ => other = true,
            }
        }
        if let (Some(i), false) = (image, other)
            && let Node::Element {
                attrs: img_attrs,
                pos: ipos,
                ..
            } = &children[i]
            && let ipos = *ipos
            && let Inline::Image {
                asset,
                alt,
                size,
                title,
                attrs: img_attrs,
                ..
            } = self.image(img_attrs.clone(), ipos)
        {
            let caption = match caption {
                Some(c) => match children.into_iter().nth(c) {
                    Some(Node::Element {
                        children,
                        attrs: cap_attrs,
                        pos: cpos,
                        ..
                    }) => {
                        let content = self.inline_content(children, pos);
                        if content.is_empty() && !cap_attrs.is_empty() {
                            self.report
                                .warn(cpos, "the attributes of an empty <figcaption>: removed");
                        }
                        spanned(content, cap_attrs)
                    }
                    _ => Vec::new(),
                },
                None => Vec::new(),
            };
            // Without a caption the image's title is the caption, as
            // Markdown's is; with one it is the figure's title.
            let caption = if caption.is_empty() {
                title_caption(&title, ipos)
            } else {
                if !title.trim().is_empty() {
                    self.join_attr(attrs, ("title".into(), title), ipos);
                }
                caption
            };
            for attr in img_attrs.0 {
                if matches!(attr.0.as_str(), "lang" | "dir") && !caption.is_empty() {
                    let (key, value) = attr;
                    self.report.warn(
                        ipos,
                        format!(
                            "`{key}=\"{value}\"` on the <img> of a figure: removed (on the \
                             figure it would be its caption's too)"
                        ),
                    );
                    continue;
                }
                self.join_attr(attrs, attr, ipos);
            }
            return BlockKind::Figure {
                asset,
                alt,
                caption,
                size,
            };
        }
        let mut children = children;
        if let Some(c) = caption {
            let cap = children.remove(c);
            children.push(cap);
        }
        BlockKind::Div {
            name: "figure",
            blocks: self.flow(children),
        }
    }

    /// Puts one attribute of a figure's `<img>` (at `pos`) on the figure:
    /// classes and styles join the figure's, another attribute goes over
    /// if the figure has none of its name; a different value of one it
    /// has, and a role (an image's is not its figure's), are removed
    /// with a warning.
    fn join_attr(&mut self, figure: &mut Attrs, (key, value): (String, String), pos: Pos) {
        let why = match (key.as_str(), figure.get(&key)) {
            ("role", _) => ": an image's role is not its figure's".to_string(),
            (_, None) => {
                figure.0.push((key, value));
                return;
            }
            (_, Some(own)) if own == value => return,
            ("class", Some(own)) => {
                let mut classes: Vec<&str> = own.split_whitespace().collect();
                for c in value.split_whitespace() {
                    if !classes.contains(&c) {
                        classes.push(c);
                    }
                }
                let joined = classes.join(" ");
                figure.set("class", joined);
                return;
            }
            ("style", Some(own)) => {
                let joined = format!("{own}; {value}");
                figure.set("style", joined);
                return;
            }
            (_, Some(own)) => format!(": its <figure> has its own, {key}=\"{own}\""),
        };
        self.report.warn(
            pos,
            format!("`{key}=\"{value}\"` on the <img> of a figure: removed{why}"),
        );
    }
}

/// A lone image between blocks as a figure: its title the caption, its
/// attributes the figure's, as a Markdown image alone in its paragraph.
pub(super) fn lone_figure(image: Inline, pos: Pos) -> Option<Block> {
    let Inline::Image {
        asset,
        alt,
        title,
        attrs,
        size,
        pos: ipos,
    } = image
    else {
        return None;
    };
    let kind = BlockKind::Figure {
        asset,
        alt,
        caption: title_caption(&title, ipos),
        size,
    };
    Some(Block { pos, kind, attrs })
}

/// A `<figcaption>`'s words in a span that keeps its attributes (an id
/// links lead to, a class, a language), when it has any.
fn spanned(content: Vec<Inline>, attrs: Attrs) -> Vec<Inline> {
    if attrs.is_empty() || content.is_empty() {
        return content;
    }
    vec![Inline::Element {
        name: "span",
        attrs,
        content,
    }]
}

/// An image's title as its figure's caption (none for a blank title).
fn title_caption(title: &str, pos: Pos) -> Vec<Inline> {
    let text = title.trim();
    if text.is_empty() {
        return Vec::new();
    }
    vec![Inline::Text {
        text: text.to_string(),
        pos,
    }]
}
