//! Loading a book from disk: `book.toml` + `SUMMARY.md` (mdBook's layout,
//! read with mdBook's own parser, `[book] src` and all), a folder with one
//! Markdown file, a lone Markdown file with YAML front matter or a pandoc
//! `%` title block, or the render context `mdbook build` hands a renderer.
//! The only module that reads the book's files.
//!
//! The loader collects every error it can before giving up, so one run of
//! `bindery check` lists them all.

mod assets;
mod files;
mod include;
mod lone;
mod mdbook;
mod pandoc;
mod plan;
mod summary;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::config::{self, Config};
use crate::diag::Diagnostic;
use crate::diag::positions;
use crate::error::{Error, Result};
use crate::markdown::{self, Document};
use crate::model::{Book, Chapter, ChapterKind, Inline, Settings, SourceFile, SourceId};
use assets::AssetStore;
use include::Mapped;

pub use mdbook::load_rendered;

/// Reads and parses a book. Returns the book and its warnings (and notes);
/// errors come back as [`Error::Book`] with every diagnostic found.
pub fn load(path: &Path) -> Result<(Book, Vec<Diagnostic>)> {
    load_tracked(path).0
}

/// Every path the loader looked at to make the book: what an incremental
/// build hashes to tell whether the book changed, without guessing which
/// files matter. Whoever adds a read to the loader records it here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    /// Files read, and files whose absence the loader relied on
    /// (`SUMMARY.md`, `style.css`), in the order first looked at.
    pub files: Vec<PathBuf>,
    /// Folders whose Markdown files were listed to find the one chapter
    /// (a book folder without `SUMMARY.md`).
    pub listed: Vec<PathBuf>,
}

/// [`load`], also returning the [`Inputs`] it looked at (whether or not
/// the book loaded). `build` and `check` call this one: every pass of a
/// load belongs here, not in [`load`].
pub fn load_tracked(path: &Path) -> (Result<(Book, Vec<Diagnostic>)>, Inputs) {
    let mut loader = Loader::new(path, book_root(path));
    let book = loader.load();
    loader.finish(book, path)
}

/// The stem the loader gives the book's output files (`out/<stem>.epub`),
/// from `book.toml` or the lone file's name alone, without reading the
/// chapters: a catalogue build checks with it that no two books write the
/// same file before building any. `None` when `book.toml` cannot be read
/// or parsed (loading the book says why).
pub fn output_stem(path: &Path) -> Option<String> {
    if path.is_file() {
        return Some(output_name(lone_file_stem(path), ""));
    }
    let text = fs::read_to_string(path.join("book.toml")).ok()?;
    let config = config::parse(&text, "book.toml").0?;
    Some(output_name(config.output_name, &config.meta.title))
}

/// A lone file's outputs are named after it.
fn lone_file_stem(path: &Path) -> Option<String> {
    path.file_stem().map(|s| s.to_string_lossy().into_owned())
}

/// `[output] name` (or the lone file's stem), else a slug of the title.
fn output_name(name: Option<String>, title: &str) -> String {
    name.unwrap_or_else(|| markdown::slug::file_slug(title))
}

/// The folder a book lives in: the folder itself, or a lone file's parent.
pub fn book_root(path: &Path) -> PathBuf {
    if path.is_file() {
        path.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf()
    } else {
        path.to_path_buf()
    }
}

/// A chapter file to read, before parsing.
struct Planned {
    /// Relative to the book root.
    rel: PathBuf,
    kind: ChapterKind,
    /// From SUMMARY.md; `None` for single-file books.
    title: Option<Vec<Inline>>,
    /// mdBook's section number (`1.2.`), when SUMMARY.md nests chapters.
    number: Option<String>,
    depth: u8,
    /// The part this chapter opens.
    part: Option<String>,
    /// The text as mdBook's preprocessors left it (a render context), to
    /// parse as it is instead of reading the file and expanding its
    /// directives.
    given: Option<String>,
    /// Where the Markdown starts in the file: after a pandoc title block.
    start: usize,
}

impl Planned {
    /// A chapter of a book without SUMMARY.md: the whole book, cut at its
    /// level-1 headings.
    fn whole(rel: PathBuf) -> Self {
        Planned {
            rel,
            kind: ChapterKind::Body,
            title: None,
            number: None,
            depth: 0,
            part: None,
            given: None,
            start: 0,
        }
    }
}

struct Loader<'p> {
    path: &'p Path,
    root: PathBuf,
    diags: Vec<Diagnostic>,
    /// Every file whose modification time counts toward `Metadata::modified`.
    mtimes: Vec<PathBuf>,
    /// The files read so far (chapters and the files they include), indexed
    /// by [`SourceId`].
    sources: Vec<SourceFile>,
    /// Included files already read, by path relative to the root.
    source_ids: HashMap<PathBuf, SourceId>,
    /// Each source's folder relative to the root, indexed like `sources`:
    /// where the images its raw HTML names are found.
    source_dirs: Vec<PathBuf>,
    /// Every path looked at, for incremental builds.
    inputs: Inputs,
}

impl<'p> Loader<'p> {
    fn new(path: &'p Path, root: PathBuf) -> Self {
        Loader {
            path,
            root,
            diags: Vec::new(),
            mtimes: Vec::new(),
            sources: Vec::new(),
            source_ids: HashMap::new(),
            source_dirs: Vec::new(),
            inputs: Inputs::default(),
        }
    }

    /// The book, or every diagnostic when there were errors; and the paths
    /// looked at either way.
    fn finish(self, book: Option<Book>, path: &Path) -> (Result<(Book, Vec<Diagnostic>)>, Inputs) {
        let diags = self.diags;
        let mut inputs = self.inputs;
        let mut seen = std::collections::HashSet::new();
        inputs.files.retain(|p| seen.insert(p.clone()));
        let result = match book {
            Some(book) if !diags.iter().any(Diagnostic::is_error) => Ok((book, diags)),
            _ => {
                if !diags.iter().any(Diagnostic::is_error) {
                    // Defensive: a failed load always says why.
                    Err(Error::at(display(path), 0, 0, "the book could not be read"))
                } else {
                    Err(Error::Book(diags))
                }
            }
        };
        (result, inputs)
    }

    fn error(&mut self, file: impl Into<String>, line: u32, col: u32, msg: impl Into<String>) {
        self.diags.push(Diagnostic::error(file, line, col, msg));
    }

    /// The display path of a file relative to the book root: the book path
    /// as the user gave it, joined with the file.
    fn show(&self, rel: &Path) -> String {
        display(&self.root.join(rel))
    }

    fn load(&mut self) -> Option<Book> {
        if !self.path.exists() {
            let shown = display(self.path);
            self.error(shown, 0, 0, "no such book: not a folder or a Markdown file");
            return None;
        }
        if self.path.is_file() {
            return self.load_lone_file();
        }
        let toml_rel = Path::new("book.toml");
        if !self.root.join(toml_rel).is_file() {
            let shown = self.show(toml_rel);
            self.error(
                shown,
                0,
                0,
                "not a book folder: no book.toml here (`bindery init DIR` makes a new book)",
            );
            return None;
        }
        let toml_file = self.show(toml_rel);
        let text = self.read_text(toml_rel)?;
        let (config, diags) = config::parse(&text, &toml_file);
        self.diags.extend(diags);
        let config = config?;
        let planned = self.plan_folder(&config, &toml_file)?;
        self.assemble(config, planned, &toml_file, &self.root.clone())
    }

    /// Reads a file under the root as UTF-8, reporting a missing file, a
    /// symbolic link out of the book folder or the first invalid byte.
    fn read_text(&mut self, rel: &Path) -> Option<String> {
        let shown = self.show(rel);
        self.inputs.files.push(self.root.join(rel));
        if assets::leaves_through_link(&self.root, rel) {
            self.error(shown, 0, 0, assets::LEAVES_THROUGH_LINK);
            return None;
        }
        let bytes = match fs::read(self.root.join(rel)) {
            Ok(b) => b,
            Err(e) => {
                self.error(shown, 0, 0, format!("cannot read: {e}"));
                return None;
            }
        };
        self.mtimes.push(rel.to_path_buf());
        match String::from_utf8(bytes) {
            Ok(mut text) => {
                if text.starts_with('\u{feff}') {
                    text.remove(0);
                }
                let text = positions::normalize_line_ends(text);
                if let Some(at) = text.find('\0') {
                    // Never in a text file: a UTF-16 file or a binary one.
                    let index = positions::LineIndex::new(&text);
                    let (line, col) = index.line_col(at);
                    self.error(
                        shown,
                        line,
                        col,
                        "contains a NUL byte: this is not UTF-8 text (a UTF-16 or binary file?); save it as UTF-8",
                    );
                    return None;
                }
                Some(text)
            }
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let (line, col) = positions::invalid_utf8_position(e.as_bytes(), valid);
                self.error(
                    shown,
                    line,
                    col,
                    "invalid UTF-8: save the file as UTF-8 text",
                );
                None
            }
        }
    }

    /// Keeps a file's text as a source of the book.
    fn add_source(&mut self, rel: &Path, text: String) -> SourceId {
        let id = SourceId(self.sources.len());
        self.source_dirs
            .push(rel.parent().unwrap_or(Path::new("")).to_path_buf());
        self.sources.push(SourceFile {
            path: self.show(rel),
            text,
        });
        id
    }

    /// Parses the planned chapter files and puts the book together.
    fn assemble(
        &mut self,
        config: Config,
        planned: Vec<Planned>,
        config_file: &str,
        config_dir: &Path,
    ) -> Option<Book> {
        let mut documents: Vec<Option<Document>> = Vec::new();
        let mut chapters: Vec<Chapter> = Vec::new();
        let mut store = AssetStore::new(self.root.clone());
        let single_file = planned.iter().all(|p| p.title.is_none());
        for plan in planned {
            let (text, expand) = match plan.given {
                Some(text) => (text, false),
                None => match self.read_text(&plan.rel) {
                    Some(text) => (text, true),
                    None => continue,
                },
            };
            let source = self.add_source(&plan.rel, text);
            let shown = self.sources[source.0].path.clone();
            let base = plan.rel.parent().unwrap_or(Path::new("")).to_path_buf();
            let whole = Mapped::file(&self.sources[source.0].text, plan.start, source);
            let mapped = if expand {
                // `{{#title}}` names mdBook's HTML page; a book has none.
                let mut page_title = None;
                self.expand(&whole, &base, &mut page_title, 0)
            } else {
                whole
            };
            let doc = {
                let mut resolver = store.resolver(&base, &shown);
                let map = mapped.source_map(&self.sources);
                let doc = markdown::parse(&mapped.text, &map, &mut resolver, &mut self.diags);
                self.diags.append(&mut resolver.diags);
                doc
            };
            if single_file {
                let parts = markdown::split_at_level_one(doc.blocks.clone());
                for blocks in parts {
                    let title = markdown::first_heading_title(&blocks);
                    let kind = if title.is_none() {
                        ChapterKind::Front
                    } else {
                        ChapterKind::Body
                    };
                    chapters.push(Chapter {
                        title: title.unwrap_or_default(),
                        id: String::new(),
                        kind,
                        blocks,
                        source,
                        number: None,
                        depth: 0,
                        part: None,
                    });
                }
            } else {
                let title = plan
                    .title
                    .filter(|t| !markdown::without_note_refs(t).is_empty())
                    .or_else(|| markdown::first_heading_title(&doc.blocks));
                chapters.push(Chapter {
                    title: title.unwrap_or_default(),
                    id: String::new(),
                    kind: plan.kind,
                    blocks: doc.blocks.clone(),
                    source,
                    number: plan.number,
                    depth: plan.depth,
                    part: plan.part,
                });
            }
            // Documents are indexed by source, like the chapters' `source`;
            // included files have none of their own.
            documents.resize(self.sources.len(), None);
            documents[source.0] = Some(doc);
        }
        documents.resize(self.sources.len(), None);
        let documents: Vec<Document> = documents
            .into_iter()
            .map(|d| d.unwrap_or_else(empty_document))
            .collect();
        let refused = self.diags.iter().any(Diagnostic::is_error);
        if refused {
            // A file refused whole (e.g. nested too deep) has no blocks:
            // that is not an empty book, and its error already says why.
        } else if chapters.iter().all(|c| c.blocks.is_empty()) && !self.sources.is_empty() {
            let where_ = self
                .sources
                .first()
                .map(|s| s.path.clone())
                .unwrap_or_default();
            self.error(
                where_,
                0,
                0,
                "the book is empty: its chapter files have no content",
            );
        } else if chapters.is_empty() {
            let summary = self.show(Path::new("SUMMARY.md"));
            self.error(
                summary,
                0,
                0,
                "the book is empty: SUMMARY.md lists no chapters",
            );
        } else {
            for c in chapters.iter().filter(|c| c.blocks.is_empty()) {
                let file = self.sources.get(c.source.0).map(|s| s.path.clone());
                self.diags.push(Diagnostic::warning(
                    file.unwrap_or_default(),
                    0,
                    0,
                    "the chapter file is empty: left out of the book",
                ));
            }
        }
        chapters.retain(|c| !c.blocks.is_empty());
        name_chapters(&mut chapters, &config.meta.title);
        let notes = markdown::notes::resolve(
            &mut chapters,
            &documents,
            &self.sources,
            config.note_numbering,
            &mut self.diags,
        );

        if let Some(c) = &config.cover {
            self.inputs.files.push(config_dir.join(&c.path));
        }
        let cover = config
            .cover
            .as_ref()
            .and_then(|c| store.read_cover(config_dir, c, config_file, &mut self.diags));
        let fonts = self.fonts(&config, config_file, config_dir);
        let stylesheet = self.stylesheet(&config, config_file, config_dir);
        let modified = self.modified();
        let Config {
            mut meta,
            formats,
            output_name,
            note_numbering,
            note_placement,
            note_continued,
            pdf,
            mut hyphenation,
            page_list,
            ..
        } = config;
        meta.modified = modified?;
        if hyphenation.language.is_empty() {
            hyphenation.language = meta.language.clone();
        }
        if hyphenation.enabled && crate::lang::hyphenation_language(&hyphenation.language).is_none()
        {
            self.diags.push(Diagnostic::warning(
                config_file,
                0,
                0,
                format!(
                    "no hyphenation patterns for language `{}`: the PDF is set without \
                     hyphenation (set [hyphenation] language, or enabled = false)",
                    hyphenation.language
                ),
            ));
        }
        let output_name = self::output_name(output_name, &meta.title);
        let settings = Settings {
            formats,
            output_name,
            note_numbering,
            note_placement,
            note_continued,
            pdf,
            epub: crate::model::EpubSettings {
                stylesheet,
                page_list,
            },
            hyphenation,
            fonts: fonts?,
        };
        let sources = std::mem::take(&mut self.sources);
        let files = sources.iter().map(|s| s.path.clone()).collect();
        let mut book = Book {
            meta,
            settings,
            chapters,
            notes,
            assets: Vec::new(),
            cover,
            sources,
        };
        let bases = std::mem::take(&mut self.source_dirs);
        let mut loader = assets::RawHtmlImages {
            store: &mut store,
            bases: &bases,
            files,
            diags: Vec::new(),
        };
        crate::resolve::resolve(&mut book, &mut loader, &mut self.diags);
        self.diags.append(&mut loader.diags);
        // Markdown's images and those raw HTML names: all inputs of the book.
        book.assets = store.into_assets();
        let root = &self.root;
        let images = book.assets.iter().map(|a| root.join(&a.href));
        self.inputs.files.extend(images);
        Some(book)
    }
}

/// The document of a file that is no chapter of its own (an included file).
fn empty_document() -> Document {
    Document {
        blocks: Vec::new(),
        definitions: Vec::new(),
        references: Vec::new(),
    }
}

/// Chapter ids (`front01`, `ch01`, `back01`) and titles for chapters that
/// have none (the book's title).
fn name_chapters(chapters: &mut [Chapter], book_title: &str) {
    let mut counts = [0u32; 3];
    for c in chapters {
        let (slot, prefix) = match c.kind {
            ChapterKind::Front => (0, "front"),
            ChapterKind::Body => (1, "ch"),
            ChapterKind::Back => (2, "back"),
        };
        counts[slot] += 1;
        c.id = format!("{prefix}{:02}", counts[slot]);
        if c.title.is_empty() {
            c.title = vec![Inline::text(book_title)];
        }
    }
}

/// Whether a path names a Markdown file (`.md` or `.markdown`, in any
/// case: `README.MD` is one). Incremental builds list a one-chapter
/// folder by the same rule.
pub fn is_markdown_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Whether a path can be a chapter: a Markdown file, or a `.txt` file read
/// as Markdown (as pandoc reads one).
fn is_chapter_name(path: &Path) -> bool {
    is_markdown_name(path)
        || path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

/// A path for messages, without a leading `./`.
fn display(path: &Path) -> String {
    let shown = path.display().to_string();
    shown
        .strip_prefix("./")
        .map(str::to_string)
        .unwrap_or(shown)
}
