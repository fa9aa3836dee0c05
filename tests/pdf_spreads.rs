//! Balanced spreads in French and German (issue 12): on test books of
//! several dozen pages in each language, both pages of every spread end
//! on the same baseline, a chapter's last page aside. The English
//! 30-chapter book has the same test in tests/pdf.rs.

mod pdf_support;

use pdf_support::{load, prose::prose_book, spreads::spreads};

fn check(lang: &str) {
    let dir = tempfile::tempdir().unwrap();
    prose_book(dir.path(), lang, 8);
    let book = load(dir.path());
    let mut warnings = Vec::new();
    let pages = bindery::pdf::page_lines(&book, &mut warnings).unwrap();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join(format!("{lang}.pdf"));
    std::fs::write(&path, bindery::pdf::render(&book, &mut Vec::new()).unwrap()).unwrap();
    let found = spreads(&pages, &path);
    println!(
        "{lang}: {} pages, {} spreads checked, {} unequal: {:?}",
        pages.len(),
        found.checked,
        found.unequal.len(),
        found.unequal
    );
    assert!(
        found.checked >= 20,
        "only {} spreads checked",
        found.checked
    );
    assert!(
        found.unequal.is_empty(),
        "{lang}: spreads ending apart: {:?}",
        found.unequal
    );
}

#[test]
fn german_spreads_end_on_one_baseline() {
    check("de");
}

#[test]
fn french_spreads_end_on_one_baseline() {
    check("fr");
}
