//! A book as `mdbook build` hands it to a renderer: the render context
//! (`mdbook-renderer`'s `RenderContext`, JSON on the renderer's stdin) holds
//! every chapter's text after mdBook's preprocessors (`{{#include}}` already
//! expanded, and whatever `[preprocessor.*]` the book uses). Bindery reads
//! the chapters from it, and `book.toml`, images and fonts from the book's
//! folder as it always does.

use std::path::Path;

use mdbook_renderer::RenderContext;
use mdbook_renderer::book::BookItem;

use super::assets::contained_path;
use super::{Loader, Planned, summary};
use crate::config;
use crate::diag::Diagnostic;
use crate::error::Result;
use crate::model::{ChapterKind, Inline};

/// Loads the book of an mdBook render context: chapters (with mdBook's
/// numbers, parts and nesting) from the context, `book.toml` from the
/// book's root (its `[output.bindery]` table included).
pub fn load_rendered(ctx: &RenderContext) -> Result<(crate::model::Book, Vec<Diagnostic>)> {
    let root = ctx.root.clone();
    let mut loader = Loader::new(&ctx.root, root);
    let book = loader.load_context(ctx);
    loader.finish(book, &ctx.root).0
}

impl Loader<'_> {
    fn load_context(&mut self, ctx: &RenderContext) -> Option<crate::model::Book> {
        let toml_rel = Path::new("book.toml");
        let toml_file = self.show(toml_rel);
        // The file itself when there is one, so that messages name its
        // lines; else mdBook's reading of it.
        let text = if self.root.join(toml_rel).is_file() {
            self.read_text(toml_rel)?
        } else {
            match toml::to_string(&ctx.config) {
                Ok(text) => text,
                Err(e) => {
                    self.error(
                        &toml_file,
                        0,
                        0,
                        format!("mdBook's configuration cannot be read: {e}"),
                    );
                    return None;
                }
            }
        };
        let (config, diags) = config::parse(&text, &toml_file);
        self.diags.extend(diags);
        let config = config?;
        let src_written = ctx.config.book.src.to_string_lossy().into_owned();
        let src = match contained_path(&self.root, Path::new(""), &src_written) {
            Ok(src) => src,
            Err(why) => {
                self.error(
                    &toml_file,
                    0,
                    0,
                    format!("[book] src `{src_written}` {why}"),
                );
                return None;
            }
        };
        let summary = self.show(&src.join("SUMMARY.md"));
        let mut walk = ContextWalk {
            src: &src,
            summary: &summary,
            planned: Vec::new(),
            notes: Vec::new(),
            part: None,
            nests: ctx.book.items.iter().any(|item| {
                matches!(item, BookItem::Chapter(c) if c.number.is_some() && !c.sub_items.is_empty())
            }),
        };
        walk.items(&ctx.book.items, 0);
        let ContextWalk {
            mut planned, notes, ..
        } = walk;
        // mdBook keeps no positions: SUMMARY.md, read again, says where the
        // drafts and empty parts are (mdBook has already accepted it, so
        // only its warnings are taken).
        let summary_rel = src.join("SUMMARY.md");
        let located = if self.root.join(&summary_rel).is_file() {
            self.read_text(&summary_rel).map(|text| {
                let mut diags = Vec::new();
                summary::parse(&text, &summary, &mut diags);
                diags.retain(|d| !d.is_error());
                diags
            })
        } else {
            None
        };
        self.diags.extend(located.unwrap_or(notes));
        // The chapters were read by mdBook: their files still date the book.
        self.mtimes
            .extend(planned.iter().map(|(p, _)| p.rel.clone()));
        assign_kinds(&mut planned);
        self.assemble(
            config,
            planned.into_iter().map(|(p, _)| p).collect(),
            &toml_file,
            &self.root.clone(),
        )
    }
}

/// The walk over mdBook's book items, depth first as mdBook orders them.
struct ContextWalk<'a> {
    src: &'a Path,
    summary: &'a str,
    /// Each chapter, with whether mdBook numbered it.
    planned: Vec<(Planned, bool)>,
    /// Drafts left out, without positions (used when SUMMARY.md cannot be
    /// read again).
    notes: Vec<Diagnostic>,
    part: Option<String>,
    nests: bool,
}

impl ContextWalk<'_> {
    fn items(&mut self, items: &[BookItem], depth: u8) {
        for item in items {
            match item {
                BookItem::Chapter(ch) => {
                    match ch.source_path.as_ref().or(ch.path.as_ref()) {
                        None => self.notes.push(Diagnostic::warning(
                            self.summary,
                            0,
                            0,
                            format!(
                                "draft chapter `{}` has no file: left out of the book",
                                ch.name
                            ),
                        )),
                        Some(path) => {
                            let numbered = ch.number.is_some();
                            self.planned.push((
                                Planned {
                                    rel: self.src.join(path),
                                    kind: ChapterKind::Body,
                                    title: Some(vec![Inline::text(ch.name.clone())]),
                                    number: ch
                                        .number
                                        .as_ref()
                                        .filter(|_| self.nests)
                                        .map(ToString::to_string),
                                    depth,
                                    part: self.part.take(),
                                    given: Some(ch.content.clone()),
                                    start: 0,
                                },
                                numbered,
                            ));
                        }
                    }
                    self.items(&ch.sub_items, depth.saturating_add(1));
                }
                BookItem::PartTitle(title) => self.part = Some(title.clone()),
                BookItem::Separator => {}
            }
        }
    }
}

/// mdBook's prefix chapters (unnumbered, before the first numbered one) are
/// front matter, its suffix chapters back matter.
fn assign_kinds(planned: &mut [(Planned, bool)]) {
    let first = planned.iter().position(|(_, numbered)| *numbered);
    let last = planned.iter().rposition(|(_, numbered)| *numbered);
    for (i, (plan, numbered)) in planned.iter_mut().enumerate() {
        plan.kind = match (first, last) {
            _ if *numbered => ChapterKind::Body,
            (Some(f), _) if i < f => ChapterKind::Front,
            (_, Some(l)) if i > l => ChapterKind::Back,
            (None, _) => ChapterKind::Front,
            _ => ChapterKind::Body,
        };
    }
}
