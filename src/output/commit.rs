//! All outputs or none. A build writes every file of a book (EPUB, PDF and
//! the incremental state) to temporary files in the output folder, keeps a
//! hard link to each file it replaces, writes a journal, renames the new
//! files over the old ones, and only then deletes the journal: that is the
//! moment the new set counts. A failure before it puts every old file back;
//! a build killed before it is rolled back by the next build, which also
//! removes whatever temporaries a killed build left. So a failed or killed
//! build never leaves a new EPUB beside an old PDF.
//!
//! Every temporary is named `.bindery-<pid>-<nonce>-<n>.<part>`, so the
//! next build knows it is one, and whose: files of a process that is gone
//! are stale; those of this process (another book in flight) or of a live
//! one are left alone.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use super::prepare_dir;
use crate::error::{Error, Result};

/// The prefix of every temporary file a build makes.
const PREFIX: &str = ".bindery-";

/// One file of an interrupted commit, as the journal records it.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    /// The output's file name in the folder.
    target: String,
    /// Whether an old file was there (and kept as `<base>.<i>.old`).
    had_old: bool,
}

/// This process's tag (`<pid>-<nonce>`): the nonce tells this run from
/// an earlier process that had the same id.
fn own_tag() -> &'static str {
    static TAG: OnceLock<String> = OnceLock::new();
    TAG.get_or_init(|| {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        format!("{}-{:x}", std::process::id(), nanos & 0xffff_ffff)
    })
}

/// A fresh base name for one commit of this process.
fn new_base() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("{PREFIX}{}-{n}", own_tag())
}

fn part(dir: &Path, base: &str, i: usize, kind: &str) -> PathBuf {
    dir.join(format!("{base}.{i}.{kind}"))
}

fn journal(dir: &Path, base: &str) -> PathBuf {
    dir.join(format!("{base}.journal"))
}

/// Writes every `(file name, bytes)` into `dir`, all or none (see the
/// module's doc). Removes what earlier killed builds left first. Returns
/// the paths written, in order.
pub fn commit(dir: &Path, files: &[(String, &[u8])]) -> Result<Vec<PathBuf>> {
    prepare_dir(dir)?;
    recover(dir)?;
    let base = new_base();
    let result = stage_and_swap(dir, &base, files);
    if result.is_err() {
        // The swap rolls itself back; before it no target was touched.
        // Either way nothing of this commit may stay behind.
        remove_parts(dir, &base);
    }
    result
}

fn stage_and_swap(dir: &Path, base: &str, files: &[(String, &[u8])]) -> Result<Vec<PathBuf>> {
    // 1. Every new file, written and flushed beside its target.
    for (i, (_, bytes)) in files.iter().enumerate() {
        let tmp = part(dir, base, i, "new");
        write_synced(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    }
    // 2. A second name for every file about to be replaced.
    let mut entries = Vec::new();
    for (i, (name, _)) in files.iter().enumerate() {
        let target = dir.join(name);
        let had_old = match fs::symlink_metadata(&target) {
            Ok(meta) if meta.is_dir() => {
                return Err(Error::io(
                    &target,
                    std::io::Error::other("is a folder: the output file cannot replace it"),
                ));
            }
            Ok(_) => {
                let old = part(dir, base, i, "old");
                keep_old(&target, &old).map_err(|e| Error::io(&target, e))?;
                true
            }
            Err(_) => false,
        };
        entries.push(Entry {
            target: name.clone(),
            had_old,
        });
    }
    // 3. The journal: from here a kill is rolled back by the next build.
    let journal_path = journal(dir, base);
    let text = serde_json::to_vec(&entries).map_err(|e| Error::io(&journal_path, e.into()))?;
    let pending = dir.join(format!("{base}.journal-new"));
    write_synced(&pending, &text).map_err(|e| Error::io(&pending, e))?;
    fs::rename(&pending, &journal_path).map_err(|e| Error::io(&journal_path, e))?;
    sync_dir(dir);
    // 4. The swap.
    let mut written = Vec::new();
    for (i, (name, _)) in files.iter().enumerate() {
        let target = dir.join(name);
        if let Err(e) = fs::rename(part(dir, base, i, "new"), &target) {
            roll_back(dir, base, &entries);
            remove_parts(dir, base);
            return Err(Error::io(&target, e));
        }
        written.push(target);
    }
    sync_dir(dir);
    // 5. The commit point, then the old copies go.
    fs::remove_file(&journal_path).map_err(|e| Error::io(&journal_path, e))?;
    sync_dir(dir);
    remove_parts(dir, base);
    Ok(written)
}

/// Keeps the file being replaced under a second name: a hard link (no
/// copy, and the target never disappears), else a copy.
fn keep_old(target: &Path, old: &Path) -> std::io::Result<()> {
    match fs::hard_link(target, old) {
        Ok(()) => Ok(()),
        Err(_) => fs::copy(target, old).map(|_| ()),
    }
}

/// Puts the old files back (and removes new files that replaced nothing).
fn roll_back(dir: &Path, base: &str, entries: &[Entry]) {
    for (i, entry) in entries.iter().enumerate() {
        let target = dir.join(&entry.target);
        let old = part(dir, base, i, "old");
        let new = part(dir, base, i, "new");
        if entry.had_old && old.exists() {
            let _ = fs::rename(&old, &target);
        } else if !entry.had_old && !new.exists() {
            // The new file was renamed in and there was nothing before.
            let _ = fs::remove_file(&target);
        }
    }
    sync_dir(dir);
}

/// Removes every temporary file of one commit (the journal last).
fn remove_parts(dir: &Path, base: &str) {
    let Ok(list) = fs::read_dir(dir) else {
        return;
    };
    let prefix = format!("{base}.");
    let journal_name = format!("{base}.journal");
    for entry in list.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(&prefix) && name != journal_name {
            let _ = fs::remove_file(entry.path());
        }
    }
    let _ = fs::remove_file(journal(dir, base));
}

/// Cleans up after builds that were killed: an interrupted commit (its
/// journal is there) is rolled back, so the folder holds the old set of
/// outputs whole; every temporary of a process that is gone is removed.
/// Returns the names removed or restored, for `--verbose`.
pub fn recover(dir: &Path) -> Result<Vec<String>> {
    // One recovery at a time in this process: two books sharing an output
    // folder must not both replay the same journal.
    static RECOVERING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = RECOVERING.lock().unwrap_or_else(|e| e.into_inner());
    // A folder that cannot be listed (missing, or a file) has nothing to
    // clean; writing into it says what is wrong.
    let Ok(list) = fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut stale_bases = Vec::new();
    let mut cleaned = Vec::new();
    for entry in list.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((base, tag)) = parse_base(&name) else {
            continue;
        };
        if tag == own_tag() || is_alive(tag, &entry.path()) {
            continue;
        }
        if !stale_bases.contains(&base) {
            stale_bases.push(base);
        }
        cleaned.push(name);
    }
    for base in stale_bases {
        let journal_path = journal(dir, &base);
        if let Ok(text) = fs::read(&journal_path)
            && let Ok(entries) = serde_json::from_slice::<Vec<Entry>>(&text)
        {
            roll_back(dir, &base, &entries);
        }
        remove_parts(dir, &base);
    }
    cleaned.sort();
    Ok(cleaned)
}

/// `.bindery-<pid>-<nonce>-<n>.<rest>` → (`.bindery-<pid>-<nonce>-<n>`,
/// `<pid>-<nonce>`).
fn parse_base(name: &str) -> Option<(String, &str)> {
    let rest = name.strip_prefix(PREFIX)?;
    let (id, _) = rest.split_once('.')?;
    let mut fields = id.splitn(3, '-');
    let pid = fields.next()?;
    let nonce = fields.next()?;
    let n = fields.next()?;
    let numeric = |s: &str, radix| !s.is_empty() && u64::from_str_radix(s, radix).is_ok();
    if !numeric(pid, 10) || !numeric(nonce, 16) || !numeric(n, 10) {
        return None;
    }
    let tag = &rest[..pid.len() + 1 + nonce.len()];
    Some((format!("{PREFIX}{id}"), tag))
}

/// Whether the process that made a temporary may still be writing it. On
/// Linux, whether its process id is running (a reused id keeps its files
/// one build longer, never less); elsewhere, whether the file is younger
/// than an hour.
fn is_alive(tag: &str, path: &Path) -> bool {
    let pid = tag.split('-').next().unwrap_or("");
    if cfg!(target_os = "linux") {
        return Path::new("/proc").join(pid).exists();
    }
    fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age.as_secs() < 3600)
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Makes the folder's renames durable (where the platform allows it).
fn sync_dir(dir: &Path) {
    if cfg!(unix)
        && let Ok(d) = fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn files<'a>(pairs: &'a [(&str, &'a [u8])]) -> Vec<(String, &'a [u8])> {
        pairs.iter().map(|(n, b)| (n.to_string(), *b)).collect()
    }

    #[test]
    fn replaces_the_set_and_leaves_no_temporary() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        commit(&dir, &files(&[("b.epub", b"e1"), ("b.pdf", b"p1")])).unwrap();
        let written = commit(&dir, &files(&[("b.epub", b"e2"), ("b.pdf", b"p2")])).unwrap();
        assert_eq!(written, vec![dir.join("b.epub"), dir.join("b.pdf")]);
        assert_eq!(fs::read(dir.join("b.epub")).unwrap(), b"e2");
        assert_eq!(fs::read(dir.join("b.pdf")).unwrap(), b"p2");
        assert_eq!(names(&dir), ["b.epub", "b.pdf"]);
    }

    #[test]
    fn a_failing_file_leaves_every_old_file_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        commit(&dir, &files(&[("b.epub", b"old epub")])).unwrap();
        // The PDF's path is a folder: the EPUB must not be replaced.
        fs::create_dir(dir.join("b.pdf")).unwrap();
        let err = commit(&dir, &files(&[("b.epub", b"new"), ("b.pdf", b"new")])).unwrap_err();
        assert!(err.to_string().contains("b.pdf"), "{err}");
        assert_eq!(fs::read(dir.join("b.epub")).unwrap(), b"old epub");
        assert_eq!(names(&dir), ["b.epub", "b.pdf"]);
    }

    /// The state a build killed between its two renames leaves: the
    /// journal, the EPUB already new, the PDF not yet.
    fn killed_mid_swap(dir: &Path, dead: &str) {
        fs::create_dir_all(dir).unwrap();
        fs::write(dir.join("b.epub"), b"new epub").unwrap();
        fs::write(dir.join("b.pdf"), b"old pdf").unwrap();
        let base = format!("{PREFIX}{dead}-0");
        fs::write(part(dir, &base, 0, "old"), b"old epub").unwrap();
        fs::write(part(dir, &base, 1, "old"), b"old pdf").unwrap();
        fs::write(part(dir, &base, 1, "new"), b"new pdf").unwrap();
        let entries = [
            Entry {
                target: "b.epub".into(),
                had_old: true,
            },
            Entry {
                target: "b.pdf".into(),
                had_old: true,
            },
        ];
        fs::write(journal(dir, &base), serde_json::to_vec(&entries).unwrap()).unwrap();
    }

    /// A process id no process has (above Linux's largest).
    const DEAD: &str = "4194999-abc";

    #[test]
    fn a_commit_killed_mid_swap_is_rolled_back_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        killed_mid_swap(&dir, DEAD);
        let cleaned = recover(&dir).unwrap();
        assert_eq!(cleaned.len(), 4, "{cleaned:?}");
        assert_eq!(fs::read(dir.join("b.epub")).unwrap(), b"old epub");
        assert_eq!(fs::read(dir.join("b.pdf")).unwrap(), b"old pdf");
        assert_eq!(names(&dir), ["b.epub", "b.pdf"]);
    }

    #[test]
    fn leftovers_without_a_journal_are_removed_and_live_ones_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        fs::write(dir.join("b.epub"), b"epub").unwrap();
        fs::write(dir.join(format!("{PREFIX}{DEAD}-3.0.new")), b"half").unwrap();
        let live = format!("{PREFIX}{}-1.0.new", own_tag());
        fs::write(dir.join(&live), b"in flight").unwrap();
        fs::write(dir.join(".bindery-notes.txt"), b"not ours").unwrap();
        recover(dir).unwrap();
        let mut expected = vec![".bindery-notes.txt".to_string(), live, "b.epub".into()];
        expected.sort();
        assert_eq!(names(dir), expected);
    }

    #[test]
    fn a_new_output_with_nothing_before_is_removed_on_roll_back() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let base = format!("{PREFIX}{DEAD}-0");
        fs::write(dir.join("b.epub"), b"new, renamed in").unwrap();
        fs::write(part(dir, &base, 1, "new"), b"new pdf, not yet").unwrap();
        let entries = [
            Entry {
                target: "b.epub".into(),
                had_old: false,
            },
            Entry {
                target: "b.pdf".into(),
                had_old: false,
            },
        ];
        fs::write(journal(dir, &base), serde_json::to_vec(&entries).unwrap()).unwrap();
        recover(dir).unwrap();
        assert!(names(dir).is_empty(), "{:?}", names(dir));
    }

    #[test]
    fn base_names_parse() {
        assert_eq!(
            parse_base(".bindery-12-ab-3.0.new"),
            Some((".bindery-12-ab-3".to_string(), "12-ab"))
        );
        assert_eq!(parse_base(".bindery-x-ab-3.0.new"), None);
        assert_eq!(parse_base("b.epub"), None);
    }
}
