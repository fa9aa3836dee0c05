//! The EPUB container (OCF): a zip whose first entry is `mimetype`, stored
//! uncompressed, then the other files deflated, all with one fixed timestamp
//! and in the order given, so the same book always gives the same bytes.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::error::{Error, Result};

/// One file of the package, under its path in the zip.
#[derive(Debug)]
pub struct Entry {
    pub path: String,
    pub data: Vec<u8>,
    /// Already-compressed data (JPEG, PNG, WOFF2) gains nothing from deflate:
    /// store it and save the time.
    pub compress: bool,
}

/// `META-INF/container.xml`, pointing reading systems at the package document.
pub fn container_xml(opf_path: &str) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n\
         <rootfiles>\n<rootfile full-path=\"",
    );
    super::xml::push_attr_value(&mut s, opf_path);
    s.push_str("\" media-type=\"application/oebps-package+xml\"/>\n</rootfiles>\n</container>\n");
    s
}

/// Zips `entries` after the `mimetype` entry.
pub fn zip(entries: &[Entry]) -> Result<Vec<u8>> {
    let total: usize = entries.iter().map(|e| e.data.len()).sum();
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(total / 2 + 4096)));
    // 1980-01-01 00:00, the zip epoch: no clock.
    let fixed = SimpleFileOptions::default()
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let stored = fixed.compression_method(CompressionMethod::Stored);
    let deflated = fixed
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6));
    let fail = |e: &dyn std::fmt::Display| Error::Backend(format!("writing the EPUB zip: {e}"));
    zip.start_file("mimetype", stored).map_err(|e| fail(&e))?;
    zip.write_all(b"application/epub+zip")
        .map_err(|e| fail(&e))?;
    for entry in entries {
        let options = if entry.compress { deflated } else { stored };
        zip.start_file(entry.path.as_str(), options)
            .map_err(|e| fail(&e))?;
        zip.write_all(&entry.data).map_err(|e| fail(&e))?;
    }
    Ok(zip.finish().map_err(|e| fail(&e))?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mimetype_comes_first_uncompressed_without_extra_fields() {
        let bytes = zip(&[Entry {
            path: "a.txt".into(),
            data: b"hello hello hello".to_vec(),
            compress: true,
        }])
        .unwrap();
        // Local file header: signature, then at 26 the name length, at 28 the
        // extra length, at 30 the name, then the data.
        assert_eq!(&bytes[0..4], b"PK\x03\x04");
        assert_eq!(&bytes[8..10], &[0, 0], "stored");
        assert_eq!(&bytes[28..30], &[0, 0], "no extra field");
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..58], b"application/epub+zip");
        assert_eq!(
            bytes,
            zip(&[Entry {
                path: "a.txt".into(),
                data: b"hello hello hello".to_vec(),
                compress: true
            }])
            .unwrap()
        );
    }
}
