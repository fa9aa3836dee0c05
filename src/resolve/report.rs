//! Diagnostics of the resolve pass, each at its own `file:line:col` and
//! each given once (a link repeated in a table row is one problem per
//! place, not one per backend).

use std::collections::HashSet;

use crate::diag::Diagnostic;
use crate::model::{Pos, SourceFile};

/// Where the pass reports, and what it has reported already.
pub struct Report<'a> {
    sources: &'a [SourceFile],
    diags: &'a mut Vec<Diagnostic>,
    /// What this pass reported, with where, until [`Report::finish`].
    found: Vec<(Pos, Diagnostic)>,
    seen: HashSet<(Pos, String)>,
}

impl<'a> Report<'a> {
    pub fn new(sources: &'a [SourceFile], diags: &'a mut Vec<Diagnostic>) -> Self {
        Report {
            sources,
            diags,
            found: Vec::new(),
            seen: HashSet::new(),
        }
    }

    /// Hands over what was reported, in source order (file, line,
    /// column), whatever step of the pass found it.
    pub fn finish(mut self) {
        self.found.sort_by_key(|(pos, _)| *pos);
        self.diags.extend(self.found.into_iter().map(|(_, d)| d));
    }

    /// A warning: something was not rendered as written, and why.
    pub fn warn(&mut self, pos: Pos, message: impl Into<String>) {
        self.push(pos, message.into(), false);
    }

    /// An error: the book cannot be built until it is fixed.
    pub fn error(&mut self, pos: Pos, message: impl Into<String>) {
        self.push(pos, message.into(), true);
    }

    fn push(&mut self, pos: Pos, message: String, error: bool) {
        if !self.seen.insert((pos, message.clone())) {
            return;
        }
        let file = self
            .sources
            .get(pos.source.0)
            .map_or("<unknown>", |s| s.path.as_str());
        let diag = if error {
            Diagnostic::error(file, pos.line, pos.col, message)
        } else {
            Diagnostic::warning(file, pos.line, pos.col, message)
        };
        self.found.push((pos, diag));
    }
}
