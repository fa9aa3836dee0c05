//! Note resolution: turns the front-end's placeholder references into
//! first-class [`Note`]s, numbered in order of first reference, per chapter
//! or through the book.
//!
//! A note belongs to the chapter that references it: the same label in two
//! chapters is two notes (each file, or each level-1 section of a
//! single-file book, has its own). A note referenced twice in one chapter is
//! one note with two references. Notes may not reference other notes: the
//! front-end reports that as an error (a footnote inside a footnote has no
//! good place on a printed page).

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use super::Document;
use super::events::PENDING;
use crate::diag::Diagnostic;
use crate::model::visit::for_each_inline;
use crate::model::{Chapter, Inline, Note, NoteId, NoteNumbering, NoteRefId, SourceFile};

/// Resolves every placeholder reference in `chapters` (whose `source`
/// indexes `documents`) and returns the book's notes. Reports labels
/// defined twice in one file (error, at the second) and definitions never
/// referenced (warning).
pub fn resolve(
    chapters: &mut [Chapter],
    documents: &[Document],
    sources: &[SourceFile],
    numbering: NoteNumbering,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Note> {
    let file = |source: usize| sources.get(source).map_or("", |s| s.path.as_str());
    // The first definition of each label, per document.
    // Labels match case-insensitively, as in pulldown-cmark and GitHub.
    let mut defs: Vec<HashMap<String, usize>> = Vec::new();
    for (d, doc) in documents.iter().enumerate() {
        let mut map = HashMap::new();
        for (i, def) in doc.definitions.iter().enumerate() {
            match map.entry(def.label.to_lowercase()) {
                Entry::Occupied(_) => diags.push(Diagnostic::error(
                    file(d),
                    def.pos.line,
                    def.pos.col,
                    format!("note [^{}] is defined twice", def.label),
                )),
                Entry::Vacant(slot) => {
                    slot.insert(i);
                }
            }
        }
        defs.push(map);
    }
    let mut notes: Vec<Note> = Vec::new();
    let mut used: HashSet<(usize, String)> = HashSet::new();
    let mut book_number = 0u32;
    for (chapter_index, chapter) in chapters.iter_mut().enumerate() {
        let doc_index = chapter.source.0;
        let Some(doc) = documents.get(doc_index) else {
            continue;
        };
        let mut by_label: HashMap<String, NoteId> = HashMap::new();
        let mut chapter_number = 0u32;
        let mut visit = |inline: &mut Inline| {
            let Inline::NoteRef(r) = inline else {
                return;
            };
            if r.occurrence != PENDING {
                return;
            }
            let Some(pending) = doc.references.get(r.note.0) else {
                return;
            };
            let key = pending.label.to_lowercase();
            let Some(&def_index) = defs[doc_index].get(&key) else {
                // pulldown-cmark only makes references to defined notes;
                // anything else was reported as text already.
                return;
            };
            used.insert((doc_index, key.clone()));
            let id = match by_label.get(&key) {
                Some(&id) => id,
                None => {
                    chapter_number += 1;
                    book_number += 1;
                    let def = &doc.definitions[def_index];
                    let id = NoteId(notes.len());
                    notes.push(Note {
                        id,
                        number: match numbering {
                            NoteNumbering::PerChapter => chapter_number,
                            NoteNumbering::PerBook => book_number,
                        },
                        label: def.label.clone(),
                        chapter: chapter_index,
                        blocks: def.blocks.clone(),
                        refs: Vec::new(),
                        pos: def.pos,
                    });
                    by_label.insert(key, id);
                    id
                }
            };
            let note = &mut notes[id.0];
            *r = NoteRefId {
                note: id,
                occurrence: note.refs.len(),
            };
            note.refs.push(pending.pos);
        };
        for_each_inline(&mut chapter.blocks, &mut visit);
    }
    for (d, doc) in documents.iter().enumerate() {
        for def in &doc.definitions {
            if !used.contains(&(d, def.label.to_lowercase())) {
                diags.push(Diagnostic::warning(
                    file(d),
                    def.pos.line,
                    def.pos.col,
                    format!("note [^{}] is defined but never referenced", def.label),
                ));
            }
        }
    }
    notes
}
