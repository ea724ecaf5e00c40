//! ZIP archives for tests, made with `zip::ZipWriter`, and the one edit no
//! writer makes: renaming an entry after the fact, which is how archives with
//! names no writer produces (legacy GBK bytes, two entries of one name) are
//! built. Shared by the core's, the CLI's and the binding's tests.
#![allow(dead_code)] // each test crate uses what it needs

use std::io::Write;

/// A ZIP of `entries` compressed with `method`; a name ending in `/` is a
/// folder entry.
pub fn zip_with(method: zip::CompressionMethod, entries: &[(&str, &[u8])]) -> Vec<u8> {
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        if name.ends_with('/') {
            zip.add_directory(*name, options).unwrap();
        } else {
            zip.start_file(*name, options).unwrap();
            zip.write_all(data).unwrap();
        }
    }
    zip.finish().unwrap().into_inner()
}

/// A ZIP of stored (uncompressed) entries, as `zip -0` writes them.
pub fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    zip_with(zip::CompressionMethod::Stored, entries)
}

/// `zip` with every entry named `from` renamed `to` (of the same length) in
/// both of its headers, the local one and the central directory's.
pub fn rename(mut zip: Vec<u8>, from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len(), "a rename keeps the name's length");
    let mut at = 0;
    let mut found = 0;
    while let Some(i) = zip[at..].windows(from.len()).position(|w| w == from) {
        zip[at + i..at + i + from.len()].copy_from_slice(to);
        at += i + from.len();
        found += 1;
    }
    assert_eq!(found % 2, 0, "a name is in the local and the central header");
    assert!(found > 0, "no entry is named {:?}", String::from_utf8_lossy(from));
    zip
}
