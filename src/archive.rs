//! ZIP archives, read safely from any `Read + Seek` (a `File` natively, a
//! `Cursor<&[u8]>` in the browser): no I/O of its own.
//!
//! - The central directory is read once, when the archive is opened; entries
//!   then come one at a time, in directory order, so only one entry's bytes
//!   are held at once.
//! - Directories are skipped; every other entry yields exactly one [`Entry`].
//!   An archive with no files (empty, or folders only) yields one `zip-empty`
//!   error for the archive itself.
//! - Entry names: valid UTF-8 is UTF-8 (with or without the archive's UTF-8
//!   flag, which many tools do not set). Other names are decoded as file
//!   contents are ([`crate::decode::guess_legacy`], fed all of the archive's
//!   non-UTF-8 names together), and GBK/GB18030 or Big5 is used when every
//!   such name decodes cleanly in it; otherwise CP437, the ZIP format's default.
//! - Two entries with the same name are two records: the second path gets
//!   `#2` (the third `#3`…), and its article says so in a `zip-duplicate-name`
//!   warning.
//! - Entry names with `..` components or absolute paths (`/x`, `C:\x`) are
//!   reported as errors and never read. Encrypted entries are reported
//!   (`zip-encrypted`) with their names.
//! - Decompressed sizes are capped per entry and in total ([`Limits`]), so a
//!   zip bomb becomes an error record for the offending entry (the sizes in
//!   the headers are not trusted: reading stops at the cap).
//! - A ZIP archive inside the archive is not opened: it is one `archive`
//!   error (opening archives within archives multiplies what a bomb can do).
//! - A corrupt archive becomes one error for the archive itself; a directory
//!   damaged part-way yields the entries before the damage, then one error.
//!
//! Each entry's path is `archive.zip/inner/path`.

use crate::decode::Legacy;
use crate::model::{FileError, Record, Source};
use crate::problem::{Code, Problem};
use std::collections::HashSet;
use std::io::{Read, Seek};
use zip::read::ZipFileEntry;
use zip::unstable::read::ZipIterable;

/// Caps on what an archive may expand to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest decompressed size of one entry, in bytes.
    pub max_entry_bytes: u64,
    /// Largest decompressed size of all entries together, in bytes.
    pub max_total_bytes: u64,
    /// Most entries (folders included) read from one archive.
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
    /// A file to extract. `warning` is what the archive reader noticed about
    /// the entry (a name shared with an earlier entry); [`Entry::into_record`]
    /// adds it to the article.
    File {
        path: String,
        bytes: Vec<u8>,
        warning: Option<Problem>,
    },
    Error {
        path: String,
        size: u64,
        error: Problem,
    },
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
            Entry::Error { path, size, error } => error_record(path, size, error),
            file => file.to_record(),
        }
    }

    /// [`Entry::into_record`], keeping the entry (a caller that catches a
    /// panic in the extractor still has the bytes).
    pub fn to_record(&self) -> Record {
        match self {
            Entry::File { path, bytes, warning } => {
                let mut record = crate::extract(path, bytes);
                if let (Record::Article(article), Some(warning)) = (&mut record, warning) {
                    article.warn(warning.clone());
                }
                record
            }
            Entry::Error { path, size, error } => error_record(path.clone(), *size, error.clone()),
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
    reader: R,
    /// The central directory, in order, read when the archive was opened.
    listed: std::vec::IntoIter<ZipFileEntry<'static>>,
    /// How names that are not UTF-8 are decoded (`None`: CP437).
    legacy_names: Option<Legacy>,
    /// A problem found while opening the archive or reading its directory,
    /// reported once the entries listed before it have been read.
    trailing: Option<Problem>,
    /// Decompressed bytes read so far, for [`Limits::max_total_bytes`].
    total: u64,
    limits: Limits,
    /// Paths handed out so far, to tell entries that share a name apart.
    paths: HashSet<String>,
    /// Entries yielded so far; an archive that yields none is reported as empty.
    yielded: usize,
}

/// Opens `reader` as a ZIP archive whose own path is `archive_path`.
pub fn entries<R: Read + Seek>(archive_path: &str, mut reader: R, limits: Limits) -> Entries<R> {
    let (listed, trailing) = list(&mut reader, limits.max_entries);
    let legacy_names = legacy_name_encoding(&listed);
    Entries {
        archive_path: archive_path.trim_end_matches('/').to_string(),
        reader,
        listed: listed.into_iter(),
        legacy_names,
        trailing,
        total: 0,
        limits,
        paths: HashSet::new(),
        yielded: 0,
    }
}

/// Reads the central directory: at most `max_entries` entries, and the
/// problem that ended the listing early, if one did.
fn list<R: Read + Seek>(reader: &mut R, max_entries: usize) -> (Vec<ZipFileEntry<'static>>, Option<Problem>) {
    let damaged = |e: zip::result::ZipError| Problem::new(Code::ZipDamaged, format!("not a readable ZIP archive: {e}"));
    let mut zip = match ZipIterable::try_new(reader, zip::read::Config::default()) {
        Ok(zip) => zip,
        Err(e) => return (Vec::new(), Some(damaged(e))),
    };
    let files = match zip.files() {
        Ok(files) => files,
        Err(e) => return (Vec::new(), Some(damaged(e))),
    };
    let mut listed = Vec::with_capacity(files.len().min(max_entries).min(1 << 16));
    for file in files {
        let file = match file {
            Ok(file) => file,
            Err(e) if listed.is_empty() => return (listed, Some(damaged(e))),
            Err(e) => {
                let message = format!("the archive's directory is damaged after {} entries: {e}", listed.len());
                return (listed, Some(Problem::new(Code::ZipDamaged, message)));
            }
        };
        if listed.len() == max_entries {
            let message = format!("the archive has more than {max_entries} entries; the rest were not read");
            return (listed, Some(Problem::new(Code::ZipTooManyEntries, message)));
        }
        listed.push(file);
    }
    (listed, None)
}

/// The legacy encoding of the archive's names that are not UTF-8, when one
/// reads all of them cleanly (see the module docs); `None` means CP437.
fn legacy_name_encoding(listed: &[ZipFileEntry<'static>]) -> Option<Legacy> {
    let legacy: Vec<&[u8]> = listed.iter().map(|e| e.name_raw()).filter(|n| std::str::from_utf8(n).is_err()).collect();
    if legacy.is_empty() {
        return None;
    }
    // The same guess `decode` makes for file contents, fed every name at once:
    // one name is short, an archive's names share one encoding.
    let guess = crate::decode::guess_legacy(&legacy.join(&b'\n'))?;
    legacy.iter().all(|n| decode_name(guess, n).is_some()).then_some(guess)
}

/// A name in a legacy encoding, if it decodes without a single error.
fn decode_name(encoding: Legacy, raw: &[u8]) -> Option<String> {
    crate::decode::decode_legacy(encoding, raw).filter(|text| !text.contains('\u{fffd}'))
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

impl<R: Read + Seek> Entries<R> {
    /// Entries not read yet, directories included: an upper bound for progress bars.
    pub fn remaining(&self) -> usize {
        self.listed.len() + usize::from(self.trailing.is_some())
    }

    /// Records still to come, exactly: the files left (folders yield none),
    /// one for a problem that ends the listing, or one for an archive that
    /// turns out to hold no files. A progress bar's total, read at the start.
    pub fn records_remaining(&self) -> usize {
        let files = self.listed.as_slice().iter().filter(|e| !e.is_dir()).count();
        let last = usize::from(self.trailing.is_some() || (self.yielded == 0 && files == 0));
        files + last
    }

    /// The entry's name as text (see the module docs).
    fn name(&self, entry: &ZipFileEntry<'_>) -> String {
        let raw = entry.name_raw();
        if let Ok(utf8) = std::str::from_utf8(raw) {
            return utf8.to_string();
        }
        if let Some(text) = self.legacy_names.and_then(|e| decode_name(e, raw)) {
            return text;
        }
        match entry.name() {
            Ok(cp437) => cp437.into_owned(),
            Err(_) => String::from_utf8_lossy(raw).into_owned(),
        }
    }

    /// `path`, or `path#2`, `path#3`… when an earlier entry already has it.
    fn unique_path(&mut self, path: String) -> (String, Option<Problem>) {
        if self.paths.insert(path.clone()) {
            return (path, None);
        }
        let (n, unique) = (2..)
            .map(|n| (n, format!("{path}#{n}")))
            .find(|(_, candidate)| !self.paths.contains(candidate))
            .unwrap_or_else(|| (0, format!("{path}#")));
        self.paths.insert(unique.clone());
        let warning = Problem::new(
            Code::ZipDuplicateName,
            format!(
                "the archive has another entry named {path}; this one, number {n} of that name, is read as {unique}"
            ),
        );
        (unique, Some(warning))
    }

    /// The next entry, or `None` once the directory is exhausted.
    fn next_entry(&mut self) -> Option<Entry> {
        loop {
            let Some(file) = self.listed.next() else {
                let error = self.trailing.take()?;
                return Some(Entry::Error { path: self.archive_path.clone(), size: 0, error });
            };
            if file.is_dir() {
                continue;
            }
            let name = self.name(&file);
            let (path, warning) = self.unique_path(format!("{}/{}", self.archive_path, name.trim_start_matches("./")));
            return Some(self.read(file, &name, path, warning));
        }
    }

    /// Reads one listed file within the limits.
    fn read(&mut self, file: ZipFileEntry<'static>, name: &str, path: String, warning: Option<Problem>) -> Entry {
        let declared = file.size();
        let error = |error: Problem| Entry::Error { path: path.clone(), size: declared, error };
        if let Some(why) = unsafe_name(name) {
            return error(Problem::new(Code::ZipUnsafePath, format!("not read: the entry name has {why}")));
        }
        if file.encrypted() {
            return error(Problem::new(
                Code::ZipEncrypted,
                "an encrypted (password-protected) archive entry: not read",
            ));
        }
        let entry_cap = self.limits.max_entry_bytes;
        let total_cap = self.limits.max_total_bytes;
        let total_left = total_cap.saturating_sub(self.total);
        let too_large_total =
            || format!("not read: the archive expands to more than the {total_cap}-byte limit in total");
        if declared > entry_cap {
            let message =
                format!("not read: it expands to {declared} bytes, more than the {entry_cap}-byte limit per file");
            return error(Problem::new(Code::ZipTooLarge, message));
        }
        if declared > total_left {
            return error(Problem::new(Code::ZipTooLarge, too_large_total()));
        }
        let damaged =
            |e: &dyn std::fmt::Display| Problem::new(Code::ZipDamaged, format!("a damaged archive entry: {e}"));
        let mut data = match file.with_reader(&mut self.reader, zip::ZipReadOptions::new()) {
            Ok(data) => data,
            Err(e) => return error(damaged(&e)),
        };
        // Never trust the header: read at most one byte past the cap.
        let cap = entry_cap.min(total_left);
        let mut bytes = Vec::with_capacity(declared.min(cap).min(16 << 20) as usize);
        if let Err(e) = (&mut data).take(cap + 1).read_to_end(&mut bytes) {
            return error(damaged(&e));
        }
        self.total += bytes.len() as u64;
        if bytes.len() as u64 > cap {
            let message = if cap == entry_cap {
                format!("not read: it expands to more than the {entry_cap}-byte limit per file (its header claimed {declared} bytes)")
            } else {
                too_large_total()
            };
            return error(Problem::new(Code::ZipTooLarge, message));
        }
        if is_zip(&bytes) {
            let problem = Problem::new(
                Code::Archive,
                "a ZIP archive inside an archive: not opened (extract it to read the files inside)",
            );
            return Entry::Error { path, size: bytes.len() as u64, error: problem };
        }
        Entry::File { path, bytes, warning }
    }
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

/// Reads every entry of an in-memory archive into records, in archive order.
pub fn records(archive_path: &str, bytes: &[u8], limits: Limits) -> Vec<Record> {
    entries(archive_path, std::io::Cursor::new(bytes), limits).map(Entry::into_record).collect()
}

#[cfg(test)]
#[path = "../tests/support/zips.rs"]
mod test_zips;

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};
    use test_zips::rename;
    use zip::write::SimpleFileOptions;

    fn build(entries: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
        test_zips::zip_with(method, entries)
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
        let zip = build(
            &[("d/", b""), ("d/a.md", PAGE.as_bytes()), ("d/b.md", PAGE.as_bytes())],
            zip::CompressionMethod::Stored,
        );
        let mut it = entries("r.zip", Cursor::new(&zip[..]), Limits::default());
        assert_eq!((it.remaining(), it.records_remaining()), (3, 2));
        assert_eq!(it.next().map(|e| e.path().to_string()).as_deref(), Some("r.zip/d/a.md"));
        assert_eq!((it.remaining(), it.records_remaining()), (1, 1));
        assert!(it.next().is_some());
        assert_eq!(it.remaining(), 0);
        assert!(it.next().is_none());
        let mut broken = entries("bad.zip", Cursor::new(&b"PK\x03\x04 not really"[..]), Limits::default());
        assert_eq!(broken.records_remaining(), 1);
        assert_eq!(broken.remaining(), 1);
        assert!(broken.next().is_some());
        assert_eq!(broken.remaining(), 0);
    }

    #[test]
    fn deflated_entries_are_read() {
        let zip = build(&[("a.md", PAGE.as_bytes())], zip::CompressionMethod::Deflated);
        let got: Vec<Entry> = entries("x.zip", Cursor::new(&zip[..]), Limits::default()).collect();
        assert_eq!(got, [Entry::File { path: "x.zip/a.md".into(), bytes: PAGE.as_bytes().to_vec(), warning: None }]);
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
        assert!(
            matches!(&got[0], Entry::Error { error, .. } if error.code == Code::ZipTooLarge && error.message.contains("100000-byte limit per file"))
        );
        assert!(matches!(&got[1], Entry::File { .. }));
        // Total cap.
        let limits = Limits { max_entry_bytes: 1 << 20, max_total_bytes: 150_000, max_entries: 10 };
        let zip = build(&[("a.txt", &big[..100_000]), ("b.txt", &big[..100_000])], zip::CompressionMethod::Deflated);
        let got: Vec<Entry> = entries("t.zip", Cursor::new(&zip[..]), limits).collect();
        assert!(matches!(&got[0], Entry::File { .. }));
        assert!(
            matches!(&got[1], Entry::Error { error, .. } if error.code == Code::ZipTooLarge && error.message.contains("limit in total"))
        );
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
    fn records_remaining_counts_what_will_come_out() {
        let cases = [
            build(&[], zip::CompressionMethod::Stored),
            build(&[("a/", b""), ("a/b/", b"")], zip::CompressionMethod::Stored),
            build(&[("a/", b""), ("a/x.md", b"x"), ("a/y.md", b"y")], zip::CompressionMethod::Stored),
        ];
        for zip in cases {
            let it = entries("c.zip", Cursor::new(&zip[..]), Limits::default());
            let promised = it.records_remaining();
            assert_eq!(promised, it.count());
        }
        let names: Vec<String> = (0..10).map(|i| format!("{i}.md")).collect();
        let files: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
        let zip = build(&files, zip::CompressionMethod::Stored);
        let limits = Limits { max_entries: 4, ..Limits::default() };
        let it = entries("c.zip", Cursor::new(&zip[..]), limits);
        assert_eq!(it.records_remaining(), 5, "four files and the too-many-entries record");
    }

    #[test]
    fn empty_and_folder_only_archives_are_one_problem() {
        for zip in [
            build(&[], zip::CompressionMethod::Stored),
            build(&[("a/", b""), ("a/b/", b"")], zip::CompressionMethod::Stored),
        ] {
            let recs = records("e.zip", &zip, Limits::default());
            assert_eq!(recs.len(), 1, "{recs:?}");
            match &recs[0] {
                Record::Error(e) => assert_eq!((e.source.path.as_str(), e.code), ("e.zip", Code::ZipEmpty)),
                other => panic!("{other:?}"),
            }
        }
    }

    fn paths(entries: &[Entry]) -> Vec<&str> {
        entries.iter().map(Entry::path).collect()
    }

    #[test]
    fn legacy_chinese_names_are_detected_like_file_contents() {
        let (gbk_name, _, _) = encoding_rs::GBK.encode("新闻/乌克兰危机加剧之际.md");
        let (big5_name, _, _) = encoding_rs::BIG5.encode("新聞/烏克蘭危機加劇之際.md");
        for (name, want) in [(gbk_name, "新闻/乌克兰危机加剧之际.md"), (big5_name, "新聞/烏克蘭危機加劇之際.md")]
        {
            let placeholder = vec![b'x'; name.len()];
            let zip =
                build(&[(std::str::from_utf8(&placeholder).unwrap(), PAGE.as_bytes())], zip::CompressionMethod::Stored);
            let zip = rename(zip, &placeholder, &name);
            let got: Vec<Entry> = entries("n.zip", Cursor::new(&zip[..]), Limits::default()).collect();
            assert_eq!(paths(&got), [format!("n.zip/{want}")]);
        }
        // UTF-8 names stay UTF-8, and bytes no CJK encoding reads are CP437, the ZIP default.
        let zip = build(
            &[("中文/名字.md", PAGE.as_bytes()), ("caf\u{e9}.md", PAGE.as_bytes())],
            zip::CompressionMethod::Stored,
        );
        assert_eq!(
            paths(&entries("u.zip", Cursor::new(&zip[..]), Limits::default()).collect::<Vec<_>>()),
            ["u.zip/中文/名字.md", "u.zip/café.md"]
        );
        let zip =
            rename(build(&[("xy.md", PAGE.as_bytes())], zip::CompressionMethod::Stored), b"xy.md", b"\x82\xff.md");
        assert_eq!(
            paths(&entries("c.zip", Cursor::new(&zip[..]), Limits::default()).collect::<Vec<_>>()),
            ["c.zip/é\u{a0}.md"]
        );
    }

    #[test]
    fn encrypted_entries_keep_their_names() {
        use zip::unstable::write::FileOptionsExt;
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let secret = SimpleFileOptions::default().with_deprecated_encryption(b"password").unwrap();
        w.start_file("秘密/文章.md", secret).unwrap();
        w.write_all(PAGE.as_bytes()).unwrap();
        w.start_file("open.md", SimpleFileOptions::default()).unwrap();
        w.write_all(PAGE.as_bytes()).unwrap();
        let zip = w.finish().unwrap().into_inner();
        let got: Vec<Entry> = entries("e.zip", Cursor::new(&zip[..]), Limits::default()).collect();
        assert!(
            matches!(&got[0], Entry::Error { path, error, .. } if path == "e.zip/秘密/文章.md" && error.code == Code::ZipEncrypted),
            "{got:?}"
        );
        assert!(matches!(&got[1], Entry::File { path, .. } if path == "e.zip/open.md"));
    }

    #[test]
    fn entries_sharing_a_name_are_each_one_record() {
        let other = PAGE.replace("标题", "另一个标题");
        let zip = build(
            &[("d/a.md", PAGE.as_bytes()), ("d/b.md", other.as_bytes()), ("d/c.md", PAGE.as_bytes())],
            zip::CompressionMethod::Deflated,
        );
        let zip = rename(rename(zip, b"d/b.md", b"d/a.md"), b"d/c.md", b"d/a.md");
        let recs = records("s.zip", &zip, Limits::default());
        let got: Vec<(&str, &str)> =
            recs.iter().map(|r| (r.source().path.as_str(), r.as_article().map_or("", |a| a.title.as_str()))).collect();
        assert_eq!(got, [("s.zip/d/a.md", "标题"), ("s.zip/d/a.md#2", "另一个标题"), ("s.zip/d/a.md#3", "标题")]);
        let warned = |i: usize| recs[i].as_article().unwrap().warning_codes.contains(&Code::ZipDuplicateName);
        assert_eq!((warned(0), warned(1), warned(2)), (false, true, true));
    }

    #[test]
    fn a_zip_inside_a_zip_is_one_record_not_opened() {
        let inner = build(&[("a.md", PAGE.as_bytes())], zip::CompressionMethod::Deflated);
        let zip = build(&[("inner.zip", &inner), ("b.md", PAGE.as_bytes())], zip::CompressionMethod::Deflated);
        let got: Vec<Entry> = entries("o.zip", Cursor::new(&zip[..]), Limits::default()).collect();
        assert_eq!(paths(&got), ["o.zip/inner.zip", "o.zip/b.md"]);
        assert!(
            matches!(&got[0], Entry::Error { error, size, .. } if error.code == Code::Archive && *size == inner.len() as u64),
            "{got:?}"
        );
    }

    #[test]
    fn twenty_thousand_entries_are_each_one_record() {
        let names: Vec<String> = (0..20_000).map(|i| format!("p/{i:05}.md")).collect();
        let files: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
        let zip = build(&files, zip::CompressionMethod::Stored);
        let started = std::time::Instant::now();
        let got: Vec<Entry> = entries("m.zip", Cursor::new(&zip[..]), Limits::default()).collect();
        assert_eq!(got.len(), 20_000);
        assert_eq!(got[19_999].path(), "m.zip/p/19999.md");
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        let limits = Limits { max_entries: 100, ..Limits::default() };
        let got: Vec<Entry> = entries("m.zip", Cursor::new(&zip[..]), limits).collect();
        assert_eq!(got.len(), 101);
        assert!(
            matches!(&got[100], Entry::Error { path, error, .. } if path == "m.zip" && error.code == Code::ZipTooManyEntries)
        );
    }
}
