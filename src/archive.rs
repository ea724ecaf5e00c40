//! ZIP archives, read safely from any `Read + Seek` (a `File` natively, a
//! `Cursor<&[u8]>` in the browser): no I/O of its own.
//!
//! - Directories are skipped; every other entry yields exactly one [`Entry`].
//! - Entry names with `..` components or absolute paths (`/x`, `C:\x`) are
//!   reported as errors and never read.
//! - Decompressed sizes are capped per entry and in total ([`Limits`]), so a
//!   zip bomb becomes an error record for the offending entry (the sizes in
//!   the headers are not trusted: reading stops at the cap).
//! - A corrupt archive becomes one error for the archive itself.
//!
//! Each entry's path is `archive.zip/inner/path`.

use crate::model::{FileError, Record, Source};
use crate::problem::{Code, Problem};
use std::io::{Read, Seek};

/// Caps on what an archive may expand to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest decompressed size of one entry, in bytes.
    pub max_entry_bytes: u64,
    /// Largest decompressed size of all entries together, in bytes.
    pub max_total_bytes: u64,
    /// Most entries read from one archive.
    pub max_entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_entry_bytes: 64 << 20, max_total_bytes: 4 << 30, max_entries: 1_000_000 }
    }
}

/// One entry of an archive: its bytes, or why it was not read.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    File { path: String, bytes: Vec<u8> },
    Error { path: String, size: u64, error: Problem },
}

impl Entry {
    pub fn path(&self) -> &str {
        match self {
            Entry::File { path, .. } | Entry::Error { path, .. } => path,
        }
    }

    /// Extracts the entry (or turns its problem into an error record).
    pub fn into_record(self) -> Record {
        match self {
            Entry::File { path, bytes } => crate::extract(&path, &bytes),
            Entry::Error { path, size, error } => error_record(path, size, error),
        }
    }
}

/// An error record for something that could not be read at all.
pub fn error_record(path: String, size: u64, error: Problem) -> Record {
    let source = Source { path, bytes: size, sha256: String::new(), format: None, encoding: None };
    Record::Error(FileError::new(source, error))
}

/// True when the bytes start like a ZIP archive (local file header or empty-archive record).
pub fn is_zip(prefix: &[u8]) -> bool {
    prefix.starts_with(b"PK\x03\x04") || prefix.starts_with(b"PK\x05\x06") || prefix.starts_with(b"PK\x07\x08")
}

/// Iterates the entries of an archive; see the module docs for the rules.
pub struct Entries<R: Read + Seek> {
    archive_path: String,
    zip: Option<zip::ZipArchive<R>>,
    opened: Option<Problem>,
    index: usize,
    total: u64,
    limits: Limits,
    /// Entries yielded so far; an archive that yields none is reported as empty.
    yielded: usize,
    done: bool,
}

/// Opens `reader` as a ZIP archive whose own path is `archive_path`.
pub fn entries<R: Read + Seek>(archive_path: &str, reader: R, limits: Limits) -> Entries<R> {
    let (zip, opened) = match zip::ZipArchive::new(reader) {
        Ok(z) => (Some(z), None),
        Err(e) => (None, Some(Problem::new(Code::ZipDamaged, format!("not a readable ZIP archive: {e}")))),
    };
    Entries {
        archive_path: archive_path.trim_end_matches('/').to_string(),
        zip,
        opened,
        index: 0,
        total: 0,
        limits,
        yielded: 0,
        done: false,
    }
}

impl<R: Read + Seek> Entries<R> {
    /// Entries not read yet, directories included: an upper bound for progress bars.
    pub fn remaining(&self) -> usize {
        if self.done {
            return 0;
        }
        match &self.zip {
            Some(zip) => zip.len().saturating_sub(self.index),
            None => usize::from(self.opened.is_some()),
        }
    }
}

/// Reads every entry of an in-memory archive into records, in archive order.
pub fn records(archive_path: &str, bytes: &[u8], limits: Limits) -> Vec<Record> {
    entries(archive_path, std::io::Cursor::new(bytes), limits).map(Entry::into_record).collect()
}

/// Is this entry name safe to use as a relative path?
fn unsafe_name(name: &str) -> Option<&'static str> {
    let n = name.replace('\\', "/");
    if n.starts_with('/') || n.as_bytes().get(1) == Some(&b':') {
        return Some("an absolute path");
    }
    if n.split('/').any(|c| c == "..") {
        return Some("a `..` component that points outside the archive");
    }
    if n.contains('\0') {
        return Some("a NUL byte in its name");
    }
    None
}

impl<R: Read + Seek> Iterator for Entries<R> {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        let entry = self.next_entry();
        self.yielded += entry.is_some() as usize;
        if entry.is_none() && self.yielded == 0 {
            // Nothing, or only folders: still one record, so files in = articles + problems.
            self.yielded = 1;
            return Some(Entry::Error {
                path: self.archive_path.clone(),
                size: 0,
                error: Problem::new(Code::ZipEmpty, "an empty ZIP archive (no files inside)"),
            });
        }
        entry
    }
}

impl<R: Read + Seek> Entries<R> {
    fn next_entry(&mut self) -> Option<Entry> {
        if self.done {
            return None;
        }
        if let Some(err) = self.opened.take() {
            self.done = true;
            return Some(Entry::Error { path: self.archive_path.clone(), size: 0, error: err });
        }
        let zip = self.zip.as_mut()?;
        loop {
            if self.index >= zip.len() {
                self.done = true;
                return None;
            }
            let i = self.index;
            self.index += 1;
            let base = &self.archive_path;
            if i >= self.limits.max_entries {
                self.done = true;
                return Some(Entry::Error {
                    path: base.clone(),
                    size: 0,
                    error: Problem::new(
                        Code::ZipTooManyEntries,
                        format!("the archive has more than {} entries; the rest were not read", self.limits.max_entries),
                    ),
                });
            }
            let mut file = match zip.by_index(i) {
                Ok(f) => f,
                Err(e) => {
                    return Some(Entry::Error {
                        path: format!("{base}/#{i}"),
                        size: 0,
                        error: Problem::new(Code::ZipDamaged, format!("a damaged archive entry: {e}")),
                    })
                }
            };
            let name = match file.name() {
                Ok(n) => n.into_owned(),
                Err(e) => {
                    return Some(Entry::Error {
                        path: format!("{base}/#{i}"),
                        size: 0,
                        error: Problem::new(Code::ZipDamaged, format!("an archive entry with an unreadable name: {e}")),
                    })
                }
            };
            let path = format!("{base}/{}", name.trim_start_matches("./"));
            if file.is_dir() {
                continue;
            }
            let declared = file.size();
            if let Some(why) = unsafe_name(&name) {
                return Some(Entry::Error {
                    path,
                    size: declared,
                    error: Problem::new(Code::ZipUnsafePath, format!("not read: the entry name has {why}")),
                });
            }
            if file.encrypted() {
                return Some(Entry::Error {
                    path,
                    size: declared,
                    error: Problem::new(Code::ZipEncrypted, "an encrypted archive entry (no password support)"),
                });
            }
            let entry_cap = self.limits.max_entry_bytes;
            let total_left = self.limits.max_total_bytes.saturating_sub(self.total);
            if declared > entry_cap {
                return Some(Entry::Error {
                    path,
                    size: declared,
                    error: Problem::new(
                        Code::ZipTooLarge,
                        format!("not read: it expands to {declared} bytes, more than the {entry_cap}-byte limit per file"),
                    ),
                });
            }
            if declared > total_left {
                return Some(Entry::Error {
                    path,
                    size: declared,
                    error: Problem::new(
                        Code::ZipTooLarge,
                        format!(
                            "not read: the archive expands to more than the {}-byte limit in total",
                            self.limits.max_total_bytes
                        ),
                    ),
                });
            }
            // Never trust the header: read at most one byte past the cap.
            let cap = entry_cap.min(total_left);
            let mut bytes = Vec::with_capacity(declared.min(cap).min(16 << 20) as usize);
            let read = (&mut file).take(cap + 1).read_to_end(&mut bytes);
            if let Err(e) = read {
                return Some(Entry::Error { path, size: declared, error: Problem::new(Code::ZipDamaged, format!("a damaged archive entry: {e}")) });
            }
            self.total += bytes.len() as u64;
            if bytes.len() as u64 > cap {
                let message = if cap == entry_cap {
                    format!("not read: it expands to more than the {entry_cap}-byte limit per file (its header claimed {declared} bytes)")
                } else {
                    format!(
                        "not read: the archive expands to more than the {}-byte limit in total",
                        self.limits.max_total_bytes
                    )
                };
                return Some(Entry::Error { path, size: declared, error: Problem::new(Code::ZipTooLarge, message) });
            }
            return Some(Entry::File { path, bytes });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};
    use zip::write::SimpleFileOptions;

    fn build(entries: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = SimpleFileOptions::default().compression_method(method);
        for (name, data) in entries {
            if name.ends_with('/') {
                w.add_directory(*name, opts).unwrap();
            } else {
                w.start_file(*name, opts).unwrap();
                w.write_all(data).unwrap();
            }
        }
        w.finish().unwrap().into_inner()
    }

    const PAGE: &str = "### 标题\n\n---\n\n<div class=\"post_content\" id=\"artbody\"><p>【大纪元2022年01月21日讯】正文。</p></div>\n\n---\n\n原文链接：https://www.epochtimes.com/gb/22/1/21/n1.htm\n";

    #[test]
    fn reads_entries_in_order_skipping_directories() {
        let zip = build(
            &[("pages/", b""), ("pages/a.md", PAGE.as_bytes()), ("pages/b.png", b"\x89PNG\r\n\x1a\n\0\0")],
            zip::CompressionMethod::Stored,
        );
        assert!(is_zip(&zip));
        let recs = records("dump.zip", &zip, Limits::default());
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].source().path, "dump.zip/pages/a.md");
        assert_eq!(recs[0].as_article().map(|a| a.title.as_str()), Some("标题"));
        assert_eq!(recs[1].source().path, "dump.zip/pages/b.png");
        assert!(matches!(&recs[1], Record::Error(e) if e.error.starts_with("a PNG image")));
    }

    #[test]
    fn remaining_counts_down_to_zero_as_entries_are_read() {
        let zip = build(&[("d/", b""), ("d/a.md", PAGE.as_bytes()), ("d/b.md", PAGE.as_bytes())], zip::CompressionMethod::Stored);
        let mut it = entries("r.zip", Cursor::new(&zip[..]), Limits::default());
        assert_eq!(it.remaining(), 3);
        assert_eq!(it.next().map(|e| e.path().to_string()).as_deref(), Some("r.zip/d/a.md"));
        assert_eq!(it.remaining(), 1);
        assert!(it.next().is_some());
        assert_eq!(it.remaining(), 0);
        assert!(it.next().is_none());
        let mut broken = entries("bad.zip", Cursor::new(&b"PK\x03\x04 not really"[..]), Limits::default());
        assert_eq!(broken.remaining(), 1);
        assert!(broken.next().is_some());
        assert_eq!(broken.remaining(), 0);
    }

    #[test]
    fn deflated_entries_are_read() {
        let zip = build(&[("a.md", PAGE.as_bytes())], zip::CompressionMethod::Deflated);
        let got: Vec<Entry> = entries("x.zip", Cursor::new(&zip[..]), Limits::default()).collect();
        assert_eq!(got, [Entry::File { path: "x.zip/a.md".into(), bytes: PAGE.as_bytes().to_vec() }]);
    }

    #[test]
    fn traversal_and_absolute_names_are_reported_not_read() {
        let zip = build(
            &[("../evil.md", b"x"), ("/etc/passwd", b"x"), ("ok/../../up.md", b"x"), ("fine.md", PAGE.as_bytes())],
            zip::CompressionMethod::Stored,
        );
        let got: Vec<Entry> = entries("t.zip", Cursor::new(&zip[..]), Limits::default()).collect();
        assert_eq!(got.len(), 4);
        for e in &got[..3] {
            match e {
                Entry::Error { error, .. } => assert_eq!(error.code, Code::ZipUnsafePath, "{error}"),
                other => panic!("read an unsafe entry: {other:?}"),
            }
        }
        assert!(matches!(&got[3], Entry::File { path, .. } if path == "t.zip/fine.md"));
    }

    #[test]
    fn zip_bomb_entries_are_capped() {
        let big = vec![b'a'; 200_000];
        let zip = build(&[("bomb.txt", &big), ("small.md", PAGE.as_bytes())], zip::CompressionMethod::Deflated);
        assert!(zip.len() < 5_000, "compresses well: {}", zip.len());
        let limits = Limits { max_entry_bytes: 100_000, max_total_bytes: 1 << 30, max_entries: 10 };
        let got: Vec<Entry> = entries("b.zip", Cursor::new(&zip[..]), limits).collect();
        assert!(matches!(&got[0], Entry::Error { error, .. } if error.code == Code::ZipTooLarge && error.message.contains("100000-byte limit per file")));
        assert!(matches!(&got[1], Entry::File { .. }));
        // Total cap.
        let limits = Limits { max_entry_bytes: 1 << 20, max_total_bytes: 150_000, max_entries: 10 };
        let zip = build(&[("a.txt", &big[..100_000]), ("b.txt", &big[..100_000])], zip::CompressionMethod::Deflated);
        let got: Vec<Entry> = entries("t.zip", Cursor::new(&zip[..]), limits).collect();
        assert!(matches!(&got[0], Entry::File { .. }));
        assert!(matches!(&got[1], Entry::Error { error, .. } if error.code == Code::ZipTooLarge && error.message.contains("limit in total")));
    }

    #[test]
    fn lying_headers_do_not_bypass_the_cap() {
        // Stored entry whose header claims 10 bytes; rewrite both size fields to a small
        // number is not needed: the cap is enforced on what is actually read.
        let data = vec![b'x'; 5_000];
        let zip = build(&[("x.txt", &data)], zip::CompressionMethod::Stored);
        let limits = Limits { max_entry_bytes: 1_000, max_total_bytes: 1 << 20, max_entries: 10 };
        let got: Vec<Entry> = entries("l.zip", Cursor::new(&zip[..]), limits).collect();
        assert!(matches!(&got[0], Entry::Error { .. }));
    }

    #[test]
    fn corrupt_archive_is_one_error() {
        let recs = records("bad.zip", b"PK\x03\x04 this is not really a zip", Limits::default());
        assert_eq!(recs.len(), 1);
        match &recs[0] {
            Record::Error(e) => {
                assert_eq!(e.source.path, "bad.zip");
                assert!(e.error.starts_with("not a readable ZIP archive"), "{}", e.error);
            }
            _ => panic!("expected an error"),
        }
        // Truncated real archive.
        let zip = build(&[("a.md", PAGE.as_bytes())], zip::CompressionMethod::Deflated);
        let recs = records("cut.zip", &zip[..zip.len() / 2], Limits::default());
        assert_eq!(recs.len(), 1);
        assert!(matches!(&recs[0], Record::Error(_)));
    }

    #[test]
    fn empty_and_folder_only_archives_are_one_problem() {
        for zip in [build(&[], zip::CompressionMethod::Stored), build(&[("a/", b""), ("a/b/", b"")], zip::CompressionMethod::Stored)] {
            let recs = records("e.zip", &zip, Limits::default());
            assert_eq!(recs.len(), 1, "{recs:?}");
            match &recs[0] {
                Record::Error(e) => assert_eq!((e.source.path.as_str(), e.code), ("e.zip", Code::ZipEmpty)),
                other => panic!("{other:?}"),
            }
        }
    }
}
