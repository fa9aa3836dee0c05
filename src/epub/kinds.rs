//! Stylesheet rules for the kinds of block only some books use — task
//! lists, definition lists, titled boxes, highlighted code. They are added
//! to the stylesheet only when the book uses the kind, so every other book's
//! stylesheet stays as small as it was, byte for byte.

use std::fmt::Write;

use crate::highlight::STYLES;
use crate::model::visit::each_block;
use crate::model::{BlockKind, Book};

/// The rules, one section per kind (split at its `/* ` comment heading).
const KINDS_CSS: &str = include_str!("kinds.css");

/// Which of the optional kinds a book uses.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Used {
    pub tasks: bool,
    pub definitions: bool,
    pub callouts: bool,
    pub tokens: bool,
}

impl Used {
    /// Looks through every chapter and note.
    pub fn of(book: &Book) -> Used {
        let mut used = Used::default();
        let mut look = |b: &crate::model::Block| match &b.kind {
            BlockKind::List { items, .. } => used.tasks |= items.iter().any(|i| i.task.is_some()),
            BlockKind::DefinitionList(_) => used.definitions = true,
            BlockKind::Callout { .. } => used.callouts = true,
            BlockKind::CodeBlock { tokens, .. } => used.tokens |= !tokens.is_empty(),
            _ => {}
        };
        for chapter in &book.chapters {
            each_block(&chapter.blocks, &mut look);
        }
        for note in &book.notes {
            each_block(&note.blocks, &mut look);
        }
        used
    }
}

/// The rules for the kinds `used`, empty when none.
pub fn rules(used: Used) -> String {
    let mut css = String::new();
    let sections: Vec<&str> = KINDS_CSS
        .split("\n/* ")
        .map(|s| s.trim_start_matches("/* "))
        .collect();
    for (section, wanted) in sections
        .iter()
        .zip([used.tasks, used.definitions, used.callouts])
    {
        if wanted {
            css.push_str("\n/* ");
            css.push_str(section.trim_end());
            css.push('\n');
        }
    }
    if used.tokens {
        css.push_str(
            "\n/* Highlighted code: keywords and tags bold, comments italic, so that\n   \
             code reads on e-ink; the colours, of equal luminance, keep 4.5:1\n   \
             against white and black, in day and night modes alike. */\n",
        );
        for s in STYLES {
            let _ = writeln!(
                css,
                "code .{} {{ color: #{:02x}{:02x}{:02x};{}{} }}",
                s.class,
                s.rgb[0],
                s.rgb[1],
                s.rgb[2],
                if s.bold { " font-weight: bold;" } else { "" },
                if s.italic { " font-style: italic;" } else { "" },
            );
        }
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_kinds_used_get_rules() {
        assert_eq!(rules(Used::default()), "");
        let tasks = rules(Used {
            tasks: true,
            ..Used::default()
        });
        assert!(
            tasks.contains("li.task {") && !tasks.contains("dt {") && !tasks.contains("callout")
        );
        let all = rules(Used {
            tasks: true,
            definitions: true,
            callouts: true,
            tokens: true,
        });
        assert!(all.contains("dd {") && all.contains("p.callout-title"));
        assert!(all.contains("code .tok-keyword { color: #bf38bf; font-weight: bold; }"));
    }
}
