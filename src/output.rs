//! Where a book's outputs go and how they are named: the output folder is
//! made ready (a file or a dangling symbolic link in its place is a clear
//! error), and file names are safe on every file system (no leading dot,
//! short enough). Writing them, all or none, is [`commit`].

pub mod commit;

use std::fs;
use std::path::Path;

use crate::error::{Error, Result};

pub use commit::{commit, recover};

/// The longest output stem, in bytes: file systems allow 255 bytes a name,
/// and the extension and the hidden state file (`.<stem>.bindery.json`)
/// need room beside it.
pub const MAX_STEM_BYTES: usize = 200;

/// A book's output stem made safe as a file name: no leading dots (a lone
/// `.notes.md` must not make hidden outputs), at most [`MAX_STEM_BYTES`]
/// (cut at a character boundary), never empty. Returns the stem and
/// whether it had to be shortened.
pub fn safe_stem(stem: &str) -> (String, bool) {
    let trimmed = stem.trim().trim_start_matches('.');
    let mut end = trimmed.len().min(MAX_STEM_BYTES);
    while !trimmed.is_char_boundary(end) {
        end -= 1;
    }
    let cut = trimmed[..end].trim_end_matches(['-', ' ', '.']);
    let shortened = end < trimmed.len();
    if cut.is_empty() {
        ("book".into(), shortened)
    } else {
        (cut.to_string(), shortened)
    }
}

/// How the name of a book's build record ends.
pub const STATE_SUFFIX: &str = ".bindery.json";

/// The name of the file that records what a book was built from (see
/// [`crate::incremental`]), beside its outputs: hidden, so that uploading
/// the output folder as a CI artifact leaves it out.
pub fn state_file_name(stem: &str) -> String {
    format!(".{stem}{STATE_SUFFIX}")
}

/// Makes `dir` exist as a folder. A file in its way, or a symbolic link
/// pointing nowhere (which `mkdir -p` reports as "File exists"), is an
/// error that says so.
pub fn prepare_dir(dir: &Path) -> Result<()> {
    // Walk up to the first part that exists, refusing a dangling link on
    // the way: creating through it fails with a confusing EEXIST.
    let mut probe = Some(dir);
    while let Some(p) = probe.filter(|p| !p.as_os_str().is_empty()) {
        match fs::metadata(p) {
            Ok(meta) if meta.is_dir() => break,
            Ok(_) => {
                return Err(Error::io(
                    p,
                    std::io::Error::other("is a file, not a folder: the output goes into a folder"),
                ));
            }
            Err(_) => {
                if let Ok(link) = fs::read_link(p) {
                    return Err(Error::io(
                        p,
                        std::io::Error::other(format!(
                            "is a symbolic link to `{}`, which does not exist: create that folder or remove the link",
                            link.display()
                        )),
                    ));
                }
            }
        }
        probe = p.parent();
    }
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_safe_file_names() {
        assert_eq!(safe_stem("serge"), ("serge".into(), false));
        assert_eq!(safe_stem(".hidden"), ("hidden".into(), false));
        assert_eq!(safe_stem("..."), ("book".into(), false));
        let long = "é".repeat(300);
        let (stem, shortened) = safe_stem(&long);
        assert!(shortened);
        assert!(stem.len() <= MAX_STEM_BYTES && stem.chars().all(|c| c == 'é'));
        assert!(state_file_name(&stem).len() + ".epub".len() < 255);
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_link_is_named_not_file_exists() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        std::os::unix::fs::symlink(tmp.path().join("gone"), &out).unwrap();
        let err = prepare_dir(&out).unwrap_err().to_string();
        assert!(err.contains("symbolic link to"), "{err}");
        assert!(err.contains("does not exist"), "{err}");
        let nested = out.join("deeper");
        let err = prepare_dir(&nested).unwrap_err().to_string();
        assert!(err.contains("symbolic link to"), "{err}");
    }

    #[test]
    fn a_file_in_the_way_is_named() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("taken"), b"x").unwrap();
        let err = prepare_dir(&tmp.path().join("taken")).unwrap_err();
        assert!(err.to_string().contains("is a file, not a folder"), "{err}");
        prepare_dir(&tmp.path().join("a/b")).unwrap();
        assert!(tmp.path().join("a/b").is_dir());
    }
}
