//! A raw HTML `<table>` lowered into the model's table when it is a
//! regular one: rows of cells of phrasing content, no spans, at most one
//! header row, and a `<caption>` (the table's caption in both books).

use super::lower::{Lowering, is_phrasing};
use super::tree::Node;
use crate::model::{Block, Inline, Table};

impl Lowering<'_, '_> {
    /// A regular table (rows of cells holding phrasing content, no spans;
    /// a `<caption>` of phrasing content its caption) as the model's
    /// table; `None` when it is not one.
    pub(super) fn table(&mut self, children: &[Node<Block>]) -> Option<Table> {
        let mut head_rows: Vec<&[Node<Block>]> = Vec::new();
        let mut body_rows: Vec<&[Node<Block>]> = Vec::new();
        let mut caption = None;
        for child in children {
            match child {
                Node::Element {
                    name: "caption",
                    children,
                    pos,
                    ..
                } if caption.is_none() && children.iter().all(is_phrasing) => {
                    caption = Some((children, *pos));
                }
                Node::Element {
                    name: "tr",
                    children,
                    ..
                } => body_rows.push(children),
                Node::Element {
                    name: section @ ("thead" | "tbody" | "tfoot"),
                    children,
                    ..
                } => {
                    for row in children {
                        match row {
                            Node::Element {
                                name: "tr",
                                children,
                                ..
                            } if *section == "thead" => head_rows.push(children),
                            Node::Element {
                                name: "tr",
                                children,
                                ..
                            } => body_rows.push(children),
                            Node::Text { text, .. } if text.trim().is_empty() => {}
                            _ => return None,
                        }
                    }
                }
                Node::Text { text, .. } if text.trim().is_empty() => {}
                _ => return None,
            }
        }
        if head_rows.len() > 1 {
            return None;
        }
        let all_th = |row: &[Node<Block>]| {
            row.iter().all(|c| match c {
                Node::Element { name, .. } => *name == "th",
                Node::Text { text, .. } => text.trim().is_empty(),
                Node::Atom(_) => false,
            })
        };
        if head_rows.is_empty() && body_rows.first().is_some_and(|r| all_th(r)) {
            head_rows.push(body_rows.remove(0));
        }
        let mut cells_of = |row: &[Node<Block>]| -> Option<Vec<Vec<Inline>>> {
            let mut cells = Vec::new();
            for cell in row {
                match cell {
                    Node::Element {
                        name: "td" | "th",
                        attrs,
                        children,
                        pos,
                    } => {
                        let spans = attrs.get("colspan").is_some_and(|v| v != "1")
                            || attrs.get("rowspan").is_some_and(|v| v != "1");
                        if spans || !children.iter().all(is_phrasing) {
                            return None;
                        }
                        cells.push(self.inline_content(children.clone(), *pos));
                    }
                    Node::Text { text, .. } if text.trim().is_empty() => {}
                    _ => return None,
                }
            }
            Some(cells)
        };
        let head = match head_rows.first() {
            Some(r) => cells_of(r)?,
            None => Vec::new(),
        };
        let rows = body_rows
            .into_iter()
            .map(&mut cells_of)
            .collect::<Option<Vec<_>>>()?;
        let caption = match caption {
            Some((children, pos)) => self.inline_content(children.clone(), pos),
            None => Vec::new(),
        };
        let cols = head.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
        Some(Table {
            align: vec![crate::model::Align::None; cols],
            head,
            rows,
            caption,
        })
    }
}
