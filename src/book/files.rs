//! The files `book.toml` names besides the chapters — fonts and the
//! stylesheet — and the book's modification time.

use std::fs;
use std::path::Path;
use std::time::UNIX_EPOCH;

use super::{Loader, assets};
use crate::config::{Config, ConfigPath};
use crate::default_fonts::{default_fonts, font_problem};
use crate::diag::Diagnostic;
use crate::model::FontFile;

impl Loader<'_> {
    /// The default fonts with the faces `[fonts]` replaces.
    pub(super) fn fonts(
        &mut self,
        config: &Config,
        config_file: &str,
        config_dir: &Path,
    ) -> Option<crate::model::FontSettings> {
        let mut fonts = default_fonts();
        let f = &config.fonts;
        let mut ok = true;
        for (slot, path, key) in [
            (&mut fonts.regular, &f.regular, "regular"),
            (&mut fonts.italic, &f.italic, "italic"),
            (&mut fonts.bold, &f.bold, "bold"),
            (&mut fonts.bold_italic, &f.bold_italic, "bold-italic"),
            (&mut fonts.mono, &f.mono, "mono"),
        ] {
            if let Some(p) = path {
                self.inputs.files.push(config_dir.join(&p.path));
                match read_font(config_dir, p, key) {
                    Ok(file) => *slot = file,
                    Err(msg) => {
                        self.diags
                            .push(Diagnostic::error(config_file, p.line, p.col, msg));
                        ok = false;
                    }
                }
            }
        }
        if let Some(p) = &f.fallback {
            self.inputs.files.push(config_dir.join(&p.path));
            match read_font(config_dir, p, "fallback") {
                Ok(file) => fonts.fallback = Some(file),
                Err(msg) => {
                    self.diags
                        .push(Diagnostic::error(config_file, p.line, p.col, msg));
                    ok = false;
                }
            }
        }
        ok.then_some(fonts)
    }

    /// The user's stylesheet: `[epub] stylesheet`, else `style.css` in the
    /// book folder if there is one.
    pub(super) fn stylesheet(
        &mut self,
        config: &Config,
        config_file: &str,
        config_dir: &Path,
    ) -> Option<String> {
        let path = match &config.stylesheet {
            Some(p) => config_dir.join(&p.path),
            None => self.root.join("style.css"),
        };
        self.inputs.files.push(path);
        match &config.stylesheet {
            Some(p) => match assets::read_regular(&config_dir.join(&p.path)) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(css) => Some(css),
                    Err(_) => {
                        self.error(
                            config_file,
                            p.line,
                            p.col,
                            format!("stylesheet `{}` is not UTF-8 text", p.path),
                        );
                        None
                    }
                },
                Err(e) => {
                    self.error(
                        config_file,
                        p.line,
                        p.col,
                        format!("stylesheet `{}` cannot be read: {e}", p.path),
                    );
                    None
                }
            },
            None => {
                // The default stylesheet is a file of the book: read as one
                // (inside the folder, UTF-8, reported when it is not).
                let rel = Path::new("style.css");
                if self.root.join(rel).is_file() {
                    self.read_text(rel)
                } else {
                    None
                }
            }
        }
    }

    /// `SOURCE_DATE_EPOCH` if set, else the newest source file's mtime.
    pub(super) fn modified(&mut self) -> Option<i64> {
        if let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH").filter(|v| !v.is_empty()) {
            let text = value.to_string_lossy();
            return match text.trim().parse::<i64>() {
                Ok(secs) if (FIRST_DATE..=LAST_DATE).contains(&secs) => Some(secs),
                Ok(_) => {
                    self.error(
                        "SOURCE_DATE_EPOCH",
                        0,
                        0,
                        format!("`{text}` is outside the years 0001–9999 that EPUB and PDF dates can hold"),
                    );
                    None
                }
                Err(_) => {
                    self.error(
                        "SOURCE_DATE_EPOCH",
                        0,
                        0,
                        format!("must be a whole number of seconds since 1970, not `{text}`"),
                    );
                    None
                }
            };
        }
        let newest = self
            .mtimes
            .iter()
            .filter_map(|rel| fs::metadata(self.root.join(rel)).ok()?.modified().ok())
            .filter_map(|t| t.duration_since(UNIX_EPOCH).ok())
            .map(|d| {
                i64::try_from(d.as_secs())
                    .unwrap_or(i64::MAX)
                    .min(LAST_DATE)
            })
            .max();
        Some(newest.unwrap_or(0))
    }
}

/// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z in seconds since 1970:
/// the dates `dcterms:modified` (xsd:dateTime, four-digit years) and the
/// PDF's `D:YYYY…` can write.
const FIRST_DATE: i64 = -62_135_596_800;
const LAST_DATE: i64 = 253_402_300_799;

fn read_font(config_dir: &Path, p: &ConfigPath, key: &str) -> Result<FontFile, String> {
    let path = config_dir.join(&p.path);
    let data = assets::read_regular(&path)
        .map_err(|e| format!("[fonts] {key}: cannot read `{}`: {e}", p.path))?;
    if let Some(why) = font_problem(&data) {
        return Err(format!("[fonts] {key}: `{}` {why}", p.path));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| format!("{key}.ttf"));
    Ok(FontFile {
        name,
        data: std::sync::Arc::new(data),
    })
}
