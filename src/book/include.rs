//! mdBook's directives in a chapter's text, expanded as mdBook's `links`
//! preprocessor does: `{{#include file}}` with a line range (`:2:10`,
//! `:5:`, `::8`, `:3`) or an anchor (`:name`, between `ANCHOR: name` and
//! `ANCHOR_END: name` comments), `{{#rustdoc_include …}}` (the lines outside
//! the range kept behind `# `, which hides them in a Rust block),
//! `{{#playground file}}`, `{{#title …}}` and `\{{#…}}` escapes.
//!
//! Unlike mdBook's preprocessor, which splices plain strings, every byte of
//! the expanded text remembers the file and offset it came from
//! ([`Mapped`]), so the Markdown parser's positions name the included
//! file's own lines; a missing file or a path out of the book folder is an
//! error at the directive, and a directive Bindery does not know is a
//! warning there, never printed in silence.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use super::Loader;
use super::assets::contained_path;
use crate::diag::Diagnostic;
use crate::diag::positions::{LineIndex, Segment, SourceMap};
use crate::model::{SourceFile, SourceId};

/// How deep includes may nest (mdBook's own limit): deeper is an include
/// cycle.
const MAX_DEPTH: usize = 10;

/// mdBook's pattern for a directive, with a third branch for a directive
/// with no argument (`{{#include}}`), which mdBook prints as it is.
static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        \\\{\{\#.*\}\}                          # an escaped directive
        | \{\{\s*\#([a-zA-Z0-9_]+)\s+([^}]+)\}\}  # a directive and its argument
        | \{\{\s*\#([a-zA-Z0-9_]*)\s*\}\}         # a directive without one",
    )
    .expect("a valid pattern")
});
static ANCHOR_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"ANCHOR:\s*(?P<anchor_name>[\w_-]+)").expect("a valid pattern"));
static ANCHOR_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"ANCHOR_END:\s*(?P<anchor_name>[\w_-]+)").expect("a valid pattern")
});

/// A run of a [`Mapped`] text copied from one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Run {
    /// Where the run starts in the mapped text.
    start: usize,
    /// Where it starts in its source file's text.
    origin: usize,
    source: SourceId,
}

/// A text made of runs of source files, each byte knowing where it came
/// from: a chapter after its includes are expanded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Mapped {
    pub text: String,
    runs: Vec<Run>,
}

impl Mapped {
    /// A whole file's text (from `origin` on, e.g. after a title block).
    pub(super) fn file(text: &str, origin: usize, source: SourceId) -> Mapped {
        let mut mapped = Mapped::default();
        mapped.push(&text[origin.min(text.len())..], origin, source);
        mapped
    }

    /// Appends `text`, which came from `source` at `origin`; joins the
    /// previous run when it continues it.
    fn push(&mut self, text: &str, origin: usize, source: SourceId) {
        if text.is_empty() {
            return;
        }
        let start = self.text.len();
        let continues = self.runs.last().is_some_and(|last| {
            last.source == source && last.origin + (start - last.start) == origin
        });
        if !continues {
            self.runs.push(Run {
                start,
                origin,
                source,
            });
        }
        self.text.push_str(text);
    }

    /// Appends bytes `range` of `other`, keeping where they came from.
    fn push_from(&mut self, other: &Mapped, range: Range<usize>) {
        let mut at = range.start;
        while at < range.end {
            let k = other
                .runs
                .partition_point(|r| r.start <= at)
                .saturating_sub(1);
            let Some(run) = other.runs.get(k) else {
                return;
            };
            let end = other
                .runs
                .get(k + 1)
                .map_or(range.end, |next| next.start.min(range.end));
            let origin = run.origin + (at - run.start);
            self.push(&other.text[at..end], origin, run.source);
            at = end;
        }
    }

    /// The source file and offset in it of byte `offset`.
    fn origin(&self, offset: usize) -> (SourceId, usize) {
        let k = self
            .runs
            .partition_point(|r| r.start <= offset)
            .saturating_sub(1);
        self.runs.get(k).map_or((SourceId(0), 0), |r| {
            (r.source, r.origin + offset.saturating_sub(r.start))
        })
    }

    /// The map the Markdown parser reports positions through.
    pub(super) fn source_map<'s>(&self, sources: &'s [SourceFile]) -> SourceMap<'s> {
        let mut indexes: HashMap<SourceId, LineIndex<'s>> = HashMap::new();
        let segments = self
            .runs
            .iter()
            .filter_map(|run| {
                let file = sources.get(run.source.0)?;
                let index = indexes
                    .entry(run.source)
                    .or_insert_with(|| LineIndex::new(&file.text))
                    .clone();
                Some(Segment {
                    start: run.start,
                    origin: run.origin,
                    source: run.source,
                    file: &file.path,
                    index,
                })
            })
            .collect();
        SourceMap::spliced(segments)
    }
}

/// What a directive asks for.
enum Directive<'t> {
    /// `\{{#…}}`: the text without its backslash.
    Escaped,
    Include {
        path: &'t str,
        lines: Lines,
        rustdoc: bool,
    },
    Playground {
        path: &'t str,
        attrs: Vec<&'t str>,
    },
    Title(&'t str),
    Unknown(&'t str),
}

/// Which lines of a file an include takes (0-based, end exclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Lines {
    Range(usize, Option<usize>),
    Anchor(String),
}

/// Parses `file.rs:2:10`, `file.rs:name`… as mdBook does
/// (`parse_range_or_anchor`): `:N` is line N alone, `:N:` from N on,
/// `::M` up to M, `:N:M` N to M, a non-number an anchor.
fn parse_target(target: &str) -> (&str, Lines) {
    let (path, rest) = target.split_once(':').unwrap_or((target, ""));
    let mut parts = rest.splitn(3, ':');
    let first = parts.next().unwrap_or("");
    let start = match first.parse::<usize>() {
        Ok(n) => Some(n.saturating_sub(1)),
        Err(_) if first.is_empty() => None,
        Err(_) => return (path, Lines::Anchor(first.to_string())),
    };
    let end = parts.next().map(str::parse::<usize>);
    let lines = match (start, end) {
        (Some(s), Some(Ok(e))) => Lines::Range(s, Some(e)),
        (Some(s), Some(Err(_))) => Lines::Range(s, None),
        (Some(s), None) => Lines::Range(s, Some(s + 1)),
        (None, Some(Ok(e))) => Lines::Range(0, Some(e)),
        (None, _) => Lines::Range(0, None),
    };
    (path, lines)
}

fn directive<'t>(caps: &regex::Captures<'t>) -> Directive<'t> {
    if let Some(name) = caps.get(3) {
        return Directive::Unknown(name.as_str());
    }
    let (Some(kind), Some(arg)) = (caps.get(1), caps.get(2)) else {
        return Directive::Escaped;
    };
    let arg = arg.as_str();
    let mut words = arg.split_whitespace();
    let first = words.next().unwrap_or("");
    match kind.as_str() {
        "title" => Directive::Title(arg.trim()),
        "include" | "rustdoc_include" => {
            let (path, lines) = parse_target(first);
            Directive::Include {
                path,
                lines,
                rustdoc: kind.as_str() == "rustdoc_include",
            }
        }
        "playground" | "playpen" => Directive::Playground {
            path: first,
            attrs: words.collect(),
        },
        other => Directive::Unknown(other),
    }
}

/// A file's lines as (start, end without the line ending, end with it),
/// split as `str::lines` splits them.
fn line_spans(text: &str) -> Vec<(usize, usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let full = start + piece.len();
        let body = piece.strip_suffix('\n').unwrap_or(piece);
        let body = body.strip_suffix('\r').unwrap_or(body);
        spans.push((start, start + body.len(), full));
        start = full;
    }
    spans
}

/// What an include takes from a file: for each line, whether it is shown
/// (`true`) or hidden behind `# ` (`false`, `rustdoc_include` only).
fn take(text: &str, lines: &Lines, rustdoc: bool) -> (Vec<(usize, bool)>, bool) {
    let spans = line_spans(text);
    let mut taken = Vec::new();
    let mut found = true;
    match lines {
        Lines::Range(start, end) => {
            let end = end.unwrap_or(usize::MAX);
            for i in 0..spans.len() {
                let inside = i >= *start && i < end;
                if inside || rustdoc {
                    taken.push((i, inside));
                }
            }
        }
        Lines::Anchor(name) => {
            let is = |re: &Regex, l: &str| {
                re.captures(l)
                    .is_some_and(|c| &c["anchor_name"] == name.as_str())
            };
            let mut inside = false;
            found = false;
            for (i, &(s, e, _)) in spans.iter().enumerate() {
                let line = &text[s..e];
                if inside {
                    if ANCHOR_END.is_match(line) {
                        if is(&ANCHOR_END, line) {
                            inside = false;
                            if !rustdoc {
                                break;
                            }
                        }
                    } else if !ANCHOR_START.is_match(line) {
                        taken.push((i, true));
                    }
                } else if is(&ANCHOR_START, line) {
                    inside = true;
                    found = true;
                } else if rustdoc && !ANCHOR_START.is_match(line) && !ANCHOR_END.is_match(line) {
                    taken.push((i, false));
                }
            }
        }
    }
    (taken, found)
}

impl Loader<'_> {
    /// Expands the directives of `text` (a chapter, or a file it includes,
    /// in folder `base` relative to the book root). `{{#title}}` sets
    /// `title`.
    pub(super) fn expand(
        &mut self,
        text: &Mapped,
        base: &Path,
        title: &mut Option<String>,
        depth: usize,
    ) -> Mapped {
        let mut out = Mapped::default();
        let mut copied = 0;
        let captures: Vec<_> = DIRECTIVE.captures_iter(&text.text).collect();
        for caps in &captures {
            let whole = caps.get(0).expect("a match");
            let range = whole.range();
            out.push_from(text, copied..range.start);
            copied = range.end;
            match directive(caps) {
                Directive::Escaped => out.push_from(text, range.start + 1..range.end),
                Directive::Title(t) => *title = Some(t.to_string()),
                Directive::Unknown(name) => {
                    let shown = whole.as_str();
                    let message = if name == "include" || name == "rustdoc_include" {
                        format!("`{shown}` names no file: printed as it is")
                    } else {
                        format!(
                            "`{shown}`: Bindery knows no `{{{{#{name}}}}}` directive (only include, rustdoc_include, playground and title): printed as it is"
                        )
                    };
                    self.warn_at(text, range.start, message);
                    out.push_from(text, range.clone());
                }
                Directive::Include {
                    path,
                    lines,
                    rustdoc,
                } => {
                    if let Some((rel, source)) =
                        self.include_file(text, range.start, base, path, depth)
                    {
                        let file_text = self.sources[source.0].text.clone();
                        let (taken, found) = take(&file_text, &lines, rustdoc);
                        if !found && let Lines::Anchor(name) = &lines {
                            self.warn_at(
                                text,
                                range.start,
                                format!(
                                    "`{}`: `{path}` has no `ANCHOR: {name}`: nothing included",
                                    whole.as_str()
                                ),
                            );
                        } else if taken.iter().all(|(_, shown)| !shown) {
                            self.warn_at(
                                text,
                                range.start,
                                format!("`{}`: those lines of `{path}` are empty or past its end: nothing included", whole.as_str()),
                            );
                        }
                        let fragment = lines_of(&file_text, &taken, source);
                        let inner_base = rel.parent().unwrap_or(Path::new("")).to_path_buf();
                        let expanded = self.expand(&fragment, &inner_base, title, depth + 1);
                        out.push_from(&expanded, 0..expanded.text.len());
                    } else {
                        out.push_from(text, range.clone());
                    }
                }
                Directive::Playground { path, attrs } => {
                    if let Some((_, source)) =
                        self.include_file(text, range.start, base, path, depth)
                    {
                        let file_text = self.sources[source.0].text.clone();
                        let (at_source, at) = text.origin(range.start);
                        let fence = if attrs.is_empty() {
                            "```rust\n".to_string()
                        } else {
                            format!("```rust,{}\n", attrs.join(","))
                        };
                        out.push(&fence, at, at_source);
                        out.push(&file_text, 0, source);
                        if !file_text.ends_with('\n') {
                            out.push("\n", at, at_source);
                        }
                        out.push("```\n", at, at_source);
                    } else {
                        out.push_from(text, range.clone());
                    }
                }
            }
        }
        out.push_from(text, copied..text.text.len());
        out
    }

    /// Reads a file a directive names (relative to `base`), once per book:
    /// its path relative to the root and its source. `None` after an error
    /// at the directive.
    fn include_file(
        &mut self,
        text: &Mapped,
        at: usize,
        base: &Path,
        path: &str,
        depth: usize,
    ) -> Option<(PathBuf, SourceId)> {
        if depth >= MAX_DEPTH {
            self.error_at(
                text,
                at,
                format!("includes nest more than {MAX_DEPTH} deep: does `{path}` include itself?"),
            );
            return None;
        }
        let rel = match contained_path(&self.root, base, path) {
            Ok(rel) => rel,
            Err(why) => {
                self.error_at(text, at, format!("included file `{path}` {why}"));
                return None;
            }
        };
        if let Some(&source) = self.source_ids.get(&rel) {
            return Some((rel, source));
        }
        let full = self.root.join(&rel);
        if !full.is_file() {
            let what = if full.is_dir() {
                "is a folder"
            } else {
                "not found"
            };
            let shown = self.show(&rel);
            self.error_at(text, at, format!("included file `{path}` {what} ({shown})"));
            return None;
        }
        let content = self.read_text(&rel)?;
        let source = self.add_source(&rel, content);
        Some((rel, source))
    }

    fn error_at(&mut self, text: &Mapped, at: usize, message: String) {
        let (file, line, col) = self.place(text, at);
        self.diags.push(Diagnostic::error(file, line, col, message));
    }

    fn warn_at(&mut self, text: &Mapped, at: usize, message: String) {
        let (file, line, col) = self.place(text, at);
        self.diags
            .push(Diagnostic::warning(file, line, col, message));
    }

    /// `file`, line and column of byte `at` of a mapped text.
    fn place(&self, text: &Mapped, at: usize) -> (String, u32, u32) {
        let (source, offset) = text.origin(at);
        match self.sources.get(source.0) {
            Some(file) => {
                let (line, col) = LineIndex::new(&file.text).line_col(offset);
                (file.path.clone(), line, col)
            }
            None => (String::new(), 0, 0),
        }
    }
}

/// The taken lines of a file as a mapped text, joined with `\n` as mdBook
/// joins them; hidden ones behind `# `.
fn lines_of(text: &str, taken: &[(usize, bool)], source: SourceId) -> Mapped {
    let spans = line_spans(text);
    let mut out = Mapped::default();
    for (n, &(i, shown)) in taken.iter().enumerate() {
        let Some(&(start, end, full)) = spans.get(i) else {
            continue;
        };
        if !shown {
            out.push("# ", start, source);
        }
        out.push(&text[start..end], start, source);
        if n + 1 < taken.len() {
            // The file's own `\n` when it has one (a contiguous run).
            let newline_at = if full > end { full - 1 } else { end };
            out.push("\n", newline_at, source);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str, target: &str, rustdoc: bool) -> String {
        let (_, lines) = parse_target(target);
        let (taken, _) = take(text, &lines, rustdoc);
        lines_of(text, &taken, SourceId(0)).text
    }

    #[test]
    fn ranges_as_mdbook_takes_them() {
        let s = "Lorem\nipsum\ndolor\nsit\namet";
        assert_eq!(shown(s, "f:2:3", false), "ipsum\ndolor");
        assert_eq!(shown(s, "f:4:", false), "sit\namet");
        assert_eq!(shown(s, "f::3", false), "Lorem\nipsum\ndolor");
        assert_eq!(shown(s, "f", false), s);
        assert_eq!(shown(s, "f:2", false), "ipsum");
        assert_eq!(shown(s, "f:5:4", false), "");
        assert_eq!(shown(s, "f::100", false), s);
    }

    #[test]
    fn anchors_as_mdbook_takes_them() {
        let s = "a\n// ANCHOR: x\nb\n// ANCHOR: y\nc\n// ANCHOR_END: y\nd\n// ANCHOR_END: x\ne\n";
        assert_eq!(shown(s, "f:x", false), "b\nc\nd");
        assert_eq!(shown(s, "f:y", false), "c");
        assert_eq!(shown(s, "f:none", false), "");
        assert_eq!(shown(s, "f:y", true), "# a\n# b\nc\n# d\n# e");
    }

    #[test]
    fn rustdoc_include_hides_the_rest() {
        let s = "use x;\nfn main() {\n    run();\n}\n";
        assert_eq!(
            shown(s, "f:3", true),
            "# use x;\n# fn main() {\n    run();\n# }"
        );
    }

    #[test]
    fn mapped_runs_keep_their_origins() {
        let s = "one\ntwo\r\nthree\n";
        let (_, lines) = parse_target("f:2:3");
        let (taken, _) = take(s, &lines, false);
        let m = lines_of(s, &taken, SourceId(3));
        assert_eq!(m.text, "two\nthree");
        assert_eq!(m.origin(0), (SourceId(3), 4));
        assert_eq!(m.origin(4), (SourceId(3), 9));
        let mut joined = Mapped::default();
        joined.push("ab", 10, SourceId(1));
        joined.push_from(&m, 2..6);
        assert_eq!(joined.text, "abo\nth");
        assert_eq!(joined.origin(5), (SourceId(3), 10));
    }
}
