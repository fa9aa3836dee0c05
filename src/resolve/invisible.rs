//! Characters that draw nothing and that no glyph may stand for: U+FEFF (a
//! zero-width no-break space, or a stray byte-order mark) and the
//! noncharacter U+FFFE. PDF/UA-1 and PDF/A refuse a glyph mapped to them
//! (krilla's validation fails the whole PDF), and XML forbids U+FFFE, so
//! they are taken out of the model once, before either backend shapes or
//! writes text: paragraphs, code blocks, titles and metadata alike. They
//! carry no word, so nothing a reader sees is lost.

use crate::model::visit::{for_each_block, for_each_inline, for_each_inline_in};
use crate::model::{Block, BlockKind, Chapter, Inline, Metadata, Note};

/// The characters left out.
const DROPPED: [char; 2] = crate::model::INVISIBLE;

/// `text` without the [`DROPPED`] characters (untouched, and not
/// reallocated, when it has none).
fn strip(text: &mut String) {
    if text.contains(DROPPED) {
        text.retain(|c| !DROPPED.contains(&c));
    }
}

fn strip_inline(inline: &mut Inline) {
    match inline {
        Inline::Text { text, .. } | Inline::Code { text, .. } => strip(text),
        Inline::Image { alt, title, .. } => {
            strip(alt);
            strip(title);
        }
        Inline::Link { title, .. } => strip(title),
        Inline::Html { html, .. } => strip(html),
        _ => {}
    }
}

/// Takes the [`DROPPED`] characters out of everything a book prints.
pub fn strip_book(meta: &mut Metadata, chapters: &mut [Chapter], notes: &mut [Note]) {
    let blocks_of = |blocks: &mut Vec<Block>| {
        for_each_inline(blocks, &mut strip_inline);
        for_each_block(blocks, &mut |b| match &mut b.kind {
            BlockKind::CodeBlock { text, .. } | BlockKind::Html(text) => strip(text),
            BlockKind::Figure { alt, .. } => strip(alt),
            _ => {}
        });
    };
    for chapter in chapters {
        blocks_of(&mut chapter.blocks);
        for_each_inline_in(&mut chapter.title, &mut strip_inline);
        if let Some(part) = &mut chapter.part {
            strip(part);
        }
    }
    for note in notes {
        blocks_of(&mut note.blocks);
    }
    strip(&mut meta.title);
    for text in meta.authors.iter_mut().chain(&mut meta.subjects) {
        strip(text);
    }
    for contributor in &mut meta.contributors {
        strip(&mut contributor.name);
    }
    for text in [
        &mut meta.subtitle,
        &mut meta.publisher,
        &mut meta.source,
        &mut meta.description,
        &mut meta.rights,
    ]
    .into_iter()
    .flatten()
    {
        strip(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_dropped_characters_go() {
        let mut s = "half\u{FEFF}word\u{FFFE} \u{2060}kept".to_string();
        strip(&mut s);
        assert_eq!(s, "halfword \u{2060}kept");
    }
}
