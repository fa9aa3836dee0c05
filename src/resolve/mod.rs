//! The resolve pass: finishes the model between the Markdown front-end and
//! the backends, so that the EPUB and the PDF only render, and render the
//! same thing.
//!
//! In order:
//! 1. raw HTML is tokenised, sanitised and lowered into model nodes once
//!    ([`lower`]: allow-lists in [`sanitise`], nesting in [`tree`]); scripts,
//!    handlers and hostile URLs are removed there, with one warning each;
//!    then the characters no glyph may stand for are taken out
//!    ([`invisible`]);
//! 2. every id is made final ([`ids`]): heading slugs, the author's raw
//!    ids, Bindery's own reserved names;
//! 3. every link is resolved into a target ([`links`]), or turned into its
//!    text with a warning at its own column;
//! 4. the language's typography is applied ([`typography`]);
//! 5. code blocks that name a language are highlighted
//!    ([`crate::highlight`]): both backends render the same tokens;
//! 6. table columns of figures are right-aligned ([`tables`]) unless the
//!    author aligned them.
//!
//! Labels ("Contents", "Notes"…) come from one table, [`crate::lang`].
//! It runs at the end of [`crate::book::load`], so `bindery check` reports
//! everything it finds.

mod elements;
mod ids;
mod invisible;
mod links;
mod lower;
mod lower_figure;
mod lower_table;
mod report;
mod sanitise;
mod tables;
mod tree;
mod typography;

use crate::diag::Diagnostic;
use crate::model::visit::{for_each_block, for_each_run};
use crate::model::{Block, BlockKind, Book, Pos, SourceId};

pub use ids::is_reserved;
pub use links::normalise;

/// How the resolve pass reads the images the author's raw HTML names
/// (`<img src>`): the loader's asset store, which does the I/O.
pub trait AssetLoader {
    /// Reads (once) the image `src` written in `source` at `pos`, and
    /// returns its index in the book's assets; `None` after reporting why
    /// it cannot be used.
    fn image(&mut self, source: SourceId, src: &str, pos: Pos) -> Option<usize>;
    /// The href (relative to the book folder) of every asset read so far,
    /// by index.
    fn hrefs(&self) -> Vec<String>;
}

/// Finishes `book`: see the module documentation. Diagnostics go to
/// `diags`; errors among them mean the book must not be built.
pub fn resolve(book: &mut Book, assets: &mut dyn AssetLoader, diags: &mut Vec<Diagnostic>) {
    let Book {
        meta,
        chapters,
        notes,
        sources,
        ..
    } = book;
    let mut report = report::Report::new(sources, diags);

    let mut lowering = lower::Lowering {
        report: &mut report,
        assets,
    };
    for chapter in chapters.iter_mut() {
        chapter.blocks = lowering.blocks(std::mem::take(&mut chapter.blocks));
        chapter.title = lowering.inlines(std::mem::take(&mut chapter.title), false);
    }
    for note in notes.iter_mut() {
        note.blocks = lowering.blocks(std::mem::take(&mut note.blocks));
    }
    let hrefs = lowering.assets.hrefs();
    invisible::strip_book(meta, chapters, notes);

    let anchors = ids::assign(chapters, notes, &mut report);

    let targets = links::Targets::new(chapters, sources, &hrefs, &anchors);
    for (ci, chapter) in chapters.iter_mut().enumerate() {
        for_each_run(&mut chapter.blocks, &mut |run| {
            targets.run(run, ci, &mut report)
        });
        targets.run(&mut chapter.title, ci, &mut report);
    }
    for note in notes.iter_mut() {
        let ci = note.chapter;
        for_each_run(&mut note.blocks, &mut |run| {
            targets.run(run, ci, &mut report)
        });
    }

    if crate::lang::uses_french_spacing(&meta.language) {
        for chapter in chapters.iter_mut() {
            for_each_run(&mut chapter.blocks, &mut |run| typography::french_run(run));
            typography::french_run(&mut chapter.title);
        }
        for note in notes.iter_mut() {
            for_each_run(&mut note.blocks, &mut |run| typography::french_run(run));
        }
        meta.title = typography::french_spacing(&meta.title, false);
        for text in [&mut meta.subtitle, &mut meta.description, &mut meta.rights]
            .into_iter()
            .flatten()
        {
            *text = typography::french_spacing(text, false);
        }
    }
    let mut finish = |block: &mut Block| {
        highlight(block);
        tables::align_figures(block);
    };
    for chapter in chapters.iter_mut() {
        for_each_block(&mut chapter.blocks, &mut finish);
    }
    for note in notes.iter_mut() {
        for_each_block(&mut note.blocks, &mut finish);
    }
    report.finish();
}

/// Fills a code block's tokens from its language, if it names one.
fn highlight(block: &mut Block) {
    if let BlockKind::CodeBlock {
        lang: Some(lang),
        text,
        tokens,
    } = &mut block.kind
    {
        *tokens = crate::highlight::tokens(lang, text);
    }
}
