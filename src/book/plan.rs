//! Which files of a book folder are its chapters, in order: those
//! `SUMMARY.md` lists (in the folder `[book] src` names, or mdBook's
//! default `src/`, or beside `book.toml`), else the folder's one Markdown
//! file.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::assets::contained_path;
use super::{Loader, Planned, is_chapter_name, is_markdown_name, summary};
use crate::config::Config;
use crate::model::Inline;

/// mdBook's default `[book] src`.
const MDBOOK_SRC: &str = "src";

impl Loader<'_> {
    /// The chapters of a book folder.
    pub(super) fn plan_folder(&mut self, config: &Config, toml_file: &str) -> Option<Vec<Planned>> {
        let summary = Path::new("SUMMARY.md");
        // Where SUMMARY.md may be: its absence there is relied on too.
        self.inputs.files.push(self.root.join(summary));
        if let Some(src) = &config.src {
            let rel = match contained_path(&self.root, Path::new(""), &src.path) {
                Ok(rel) => rel,
                Err(why) => {
                    self.error(
                        toml_file,
                        src.line,
                        src.col,
                        format!("[book] src `{}` {why}", src.path),
                    );
                    return None;
                }
            };
            if !self.root.join(&rel).is_dir() {
                let shown = self.show(&rel);
                self.error(
                    toml_file,
                    src.line,
                    src.col,
                    format!("[book] src `{}` is not a folder ({shown})", src.path),
                );
                return None;
            }
            self.inputs.files.push(self.root.join(&rel).join(summary));
            if !self.root.join(&rel).join(summary).is_file() {
                let shown = self.show(&rel.join(summary));
                self.error(
                    toml_file,
                    src.line,
                    src.col,
                    format!(
                        "[book] src `{}` has no SUMMARY.md ({shown}): it lists the chapters, as in mdBook",
                        src.path
                    ),
                );
                return None;
            }
            return self.plan_from_summary(&rel);
        }
        if self.root.join(summary).is_file() {
            return self.plan_from_summary(Path::new(""));
        }
        // mdBook's layout without `src` written: `src/SUMMARY.md`. Never
        // fall back to a lone README beside it.
        let default_src = Path::new(MDBOOK_SRC);
        self.inputs
            .files
            .push(self.root.join(default_src).join(summary));
        if self.root.join(default_src).join(summary).is_file() {
            return self.plan_from_summary(default_src);
        }
        self.plan_single_file(toml_file)
    }

    /// A folder with book.toml and no SUMMARY.md: exactly one Markdown file.
    fn plan_single_file(&mut self, toml_file: &str) -> Option<Vec<Planned>> {
        self.inputs.listed.push(self.root.clone());
        let mut found: Vec<String> = match fs::read_dir(&self.root) {
            Ok(entries) => entries
                .filter_map(|e| e.ok())
                .filter(|e| e.path().is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| is_markdown_name(Path::new(n)))
                .collect(),
            Err(e) => {
                self.error(
                    super::display(&self.root),
                    0,
                    0,
                    format!("cannot list the folder: {e}"),
                );
                return None;
            }
        };
        found.sort();
        if found.len() > 1 {
            found.retain(|n| !n.eq_ignore_ascii_case("README.md"));
        }
        match found.len() {
            0 => {
                self.error(
                    toml_file,
                    0,
                    0,
                    "the book is empty: no SUMMARY.md (beside book.toml or in src/) and no Markdown file beside book.toml",
                );
                None
            }
            1 => Some(vec![Planned::whole(PathBuf::from(&found[0]))]),
            _ => {
                self.error(
                    toml_file,
                    0,
                    0,
                    format!(
                        "found {} Markdown files ({}) and no SUMMARY.md: add a SUMMARY.md listing the chapters in order",
                        found.len(),
                        found.join(", ")
                    ),
                );
                None
            }
        }
    }

    /// The chapters `SUMMARY.md` in folder `src` (relative to the root)
    /// lists; their paths are relative to it.
    fn plan_from_summary(&mut self, src: &Path) -> Option<Vec<Planned>> {
        let rel = src.join("SUMMARY.md");
        let shown = self.show(&rel);
        let text = self.read_text(&rel)?;
        let entries = summary::parse(&text, &shown, &mut self.diags);
        let mut planned = Vec::new();
        let mut seen: HashMap<PathBuf, u32> = HashMap::new();
        for entry in entries {
            let target = match contained_path(&self.root, src, &entry.path) {
                Ok(p) => p,
                Err(why) => {
                    self.error(
                        &shown,
                        entry.line,
                        entry.col,
                        format!("chapter `{}` {why}", entry.path),
                    );
                    continue;
                }
            };
            let problem = if self.root.join(&target).is_dir() {
                Some(format!(
                    "chapter `{}` is a folder: link a Markdown file",
                    entry.path
                ))
            } else if !is_chapter_name(&target) {
                Some(format!(
                    "chapter `{}` is not a Markdown file: chapters end in `.md`, `.markdown` or `.txt`",
                    entry.path
                ))
            } else if target == rel {
                Some("SUMMARY.md lists itself: it is the table of contents, not a chapter".into())
            } else if !self.root.join(&target).is_file() {
                let missing = self.show(&target);
                Some(format!(
                    "chapter file `{}` not found ({missing})",
                    entry.path
                ))
            } else {
                seen.insert(target.clone(), entry.line)
                    .map(|first| format!("`{}` is already listed on line {first}", entry.path))
            };
            if let Some(message) = problem {
                self.error(&shown, entry.line, entry.col, message);
                continue;
            }
            planned.push(Planned {
                rel: target,
                kind: entry.kind,
                title: Some(vec![Inline::text(entry.title)]),
                number: entry.number,
                depth: entry.depth,
                part: entry.part,
                given: None,
                start: 0,
            });
        }
        Some(planned)
    }
}
