//! A book that is one Markdown file: its YAML front matter or pandoc `%`
//! title block is the metadata, its first level-1 heading the title when
//! neither gives one.

use std::path::{Path, PathBuf};

use super::assets::{self, contained_path};
use super::{Loader, Planned, display, is_chapter_name, lone_file_stem, pandoc};
use crate::config::{self, Config, ConfigPath};
use crate::diag::{Diagnostic, positions};
use crate::markdown::{self, front_matter};
use crate::model::{Book, SourceId};

impl Loader<'_> {
    /// A lone Markdown file: its YAML front matter, or its pandoc `%` title
    /// block, is the metadata.
    pub(super) fn load_lone_file(&mut self) -> Option<Book> {
        let file_name = PathBuf::from(self.path.file_name()?);
        let shown = display(self.path);
        if !is_chapter_name(&file_name) {
            self.error(
                shown,
                0,
                0,
                "a book is a folder with book.toml, or a Markdown file ending in `.md`, `.markdown` or `.txt`",
            );
            return None;
        }
        let text = self.read_text(&file_name)?;
        let fm = front_matter::parse(&text, &shown, &mut self.diags).unwrap_or_default();
        let mut meta = fm.meta;
        let mut start = 0;
        if let Some(block) = pandoc::title_block(&text) {
            start = block.end;
            block.fill(&mut meta, &shown, &mut self.diags);
        }
        // Title: the front matter's, else the first level-1 heading's,
        // else the file name.
        if meta.title.is_empty() {
            meta.title = first_h1_text(&text[start..]).unwrap_or_else(|| {
                file_name
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            });
        }
        if meta.language.is_empty() {
            self.diags.push(Diagnostic::warning(
                &shown,
                fm.line,
                0,
                "no `lang:` in the front matter: assuming `en`",
            ));
            meta.language = "en".into();
        }
        if meta.identifier.is_empty() {
            meta.identifier = config::derived_identifier(&meta.title, &meta.authors);
        }
        let mut config = Config::with_meta(meta);
        config.output_name = lone_file_stem(&file_name);
        // Unlike book.toml's, a front-matter cover is written in the book's
        // own text: it stays inside the book folder like an image.
        config.cover = fm.cover.and_then(|(path, line)| {
            match contained_path(&self.root, Path::new(""), &path) {
                Ok(_) => Some(ConfigPath { path, line, col: 1 }),
                Err(why) => {
                    self.error(&shown, line, 1, format!("cover-image `{path}` {why}"));
                    None
                }
            }
        });
        let planned = vec![Planned {
            start,
            ..Planned::whole(file_name)
        }];
        self.assemble(config, planned, &shown, &self.root.clone())
    }
}

/// The text of the first level-1 heading, for a lone file with no title.
fn first_h1_text(text: &str) -> Option<String> {
    let mut diags = Vec::new();
    let mut no_images = assets::NoImages;
    let map = positions::SourceMap::single(text, SourceId(0), "");
    let doc = markdown::parse(text, &map, &mut no_images, &mut diags);
    markdown::first_heading_title(&doc.blocks).map(|t| crate::model::inlines_plain_text(&t))
}
