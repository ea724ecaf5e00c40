//! Reading the commands' inputs: one walker over files, folders, ZIP archives
//! and `-` (standard input), and one parallel, order-preserving extraction.
//!
//! [`walk`] turns paths into archive [`Entry`]s (bytes to extract, or a
//! problem) in a deterministic order: paths in the order given, folders
//! recursively in byte order of the names (walkdir), archive entries in
//! archive order. [`Extraction`] extracts them on a rayon pool of `jobs`
//! threads and hands the records on in the same order, whatever `jobs` is;
//! [`extract_paths`] does both. A file that cannot be read, or whose
//! extraction panics, becomes an error record.
//!
//! # Hostile inputs
//! - Only regular files are read. A FIFO, socket or device (given directly,
//!   or reached through a symbolic link) is one `not-regular-file` row and is
//!   never opened; a file is opened non-blocking and checked again once open,
//!   so one swapped for a FIFO in between cannot hang the run.
//! - A symbolic link to a folder inside a folder is one `not-followed` row.
//! - Sizes are capped while reading: at most `--max-file-size` + 1 bytes are
//!   read from any file or from standard input (at most `--max-zip-size` + 1
//!   when standard input holds a ZIP archive), whatever the metadata says.
//!
//! # Memory
//! Entries stream: the walker reads one file (one archive entry) at a time
//! and waits while too much is in flight, i.e. read but not yet written out.
//! At most `jobs` entries of any size, or more only while their bytes fit in
//! [`WINDOW_BYTES`], so peak memory is about `jobs` × the largest entry's
//! cost, never the sum of an archive.

use jianbao::archive::{self, Entry, Limits};
use jianbao::model::Record;
use jianbao::problem::{Code, Problem};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::io::{self, Read, Seek};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

/// What the walker reads.
#[derive(Clone, Copy, Debug)]
pub struct WalkOptions {
    /// Also read names starting with `.`.
    pub hidden: bool,
    /// Largest plain file to read (archives are capped by `limits`).
    pub max_file_bytes: u64,
    pub limits: Limits,
}

impl Default for WalkOptions {
    fn default() -> Self {
        WalkOptions { hidden: false, max_file_bytes: 64 << 20, limits: Limits::default() }
    }
}

/// The options every command that reads inputs takes: `-j/--jobs`,
/// `--hidden`, `--max-file-size`, `--max-zip-size`.
#[derive(Debug)]
pub struct InputOptions {
    /// Extraction threads (default: all cores).
    pub jobs: usize,
    pub walk: WalkOptions,
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions { jobs: std::thread::available_parallelism().map_or(1, |n| n.get()), walk: WalkOptions::default() }
    }
}

/// Which of the [`InputOptions`] an argument is (owns nothing, so the parser is free again).
#[derive(Clone, Copy)]
pub enum InputOption {
    Jobs,
    Hidden,
    MaxFileSize,
    MaxZipSize,
}

impl InputOption {
    pub fn of(arg: &lexopt::Arg) -> Option<InputOption> {
        use lexopt::Arg::{Long, Short};
        match arg {
            Short('j') | Long("jobs") => Some(InputOption::Jobs),
            Long("hidden") => Some(InputOption::Hidden),
            Long("max-file-size") => Some(InputOption::MaxFileSize),
            Long("max-zip-size") => Some(InputOption::MaxZipSize),
            _ => None,
        }
    }
}

impl InputOptions {
    /// Applies `option`, taking its value from `p` where it has one.
    pub fn set(&mut self, option: InputOption, p: &mut lexopt::Parser) -> Result<(), String> {
        let mut value = || p.value().map_err(|e| e.to_string());
        match option {
            InputOption::Jobs => {
                let v = value()?;
                let s = v.to_string_lossy();
                self.jobs = s
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("--jobs must be a positive number, not `{s}`"))?;
            }
            InputOption::Hidden => self.walk.hidden = true,
            InputOption::MaxFileSize => {
                let n = parse_mib(value()?, "--max-file-size")?;
                self.walk.max_file_bytes = n;
                self.walk.limits.max_entry_bytes = n;
            }
            InputOption::MaxZipSize => self.walk.limits.max_total_bytes = parse_mib(value()?, "--max-zip-size")?,
        }
        Ok(())
    }
}

/// A size option given in MiB (`what` names it in the message), in bytes.
fn parse_mib(v: OsString, what: &str) -> Result<u64, String> {
    let s = v.to_string_lossy().into_owned();
    s.parse::<u64>()
        .ok()
        .filter(|n| *n > 0)
        .map(|n| n.saturating_mul(1 << 20))
        .ok_or_else(|| format!("{what} must be a positive number of MiB, not `{s}`"))
}

/// What a walk found besides the entries.
#[derive(Debug, Default)]
pub struct Walked {
    /// Hidden files and folders passed over (without `hidden`).
    pub hidden_skipped: usize,
    /// For each top-level path walked, in order: whether it could be read.
    /// Shorter than the paths when the sink stopped the walk.
    pub readable: Vec<bool>,
}

impl Walked {
    pub fn all_readable(&self) -> bool {
        self.readable.iter().all(|r| *r)
    }
}

/// Hands every input under `paths` to `sink` as an [`Entry`], in order; `-`
/// as a top-level path reads standard input. Stops soon after `sink` breaks.
pub fn walk(paths: &[PathBuf], opts: &WalkOptions, sink: &mut dyn FnMut(Entry) -> ControlFlow<()>) -> Walked {
    let mut w = Walker { opts, sink, stopped: false, walked: Walked::default() };
    for path in paths {
        let ok = w.top_level(path);
        w.walked.readable.push(ok);
        if w.stopped {
            break;
        }
    }
    w.walked
}

struct Walker<'a> {
    opts: &'a WalkOptions,
    sink: &'a mut dyn FnMut(Entry) -> ControlFlow<()>,
    stopped: bool,
    walked: Walked,
}

/// A problem with a path, as an entry.
fn failed(path: String, size: u64, error: Problem) -> Entry {
    Entry::Error { path, size, error }
}

fn shown(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

impl Walker<'_> {
    fn push(&mut self, entry: Entry) {
        if (self.sink)(entry).is_break() {
            self.stopped = true;
        }
    }

    /// A path from the command line. Returns false when it could not be read.
    fn top_level(&mut self, path: &Path) -> bool {
        if path.as_os_str() == "-" {
            return self.stdin();
        }
        // A link given by name is followed: the user asked for its target.
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => self.folder(path),
            Ok(meta) if meta.is_file() => self.file(path),
            Ok(meta) => {
                self.push(failed(shown(path), 0, not_regular(&meta.file_type())));
                false
            }
            Err(e) => {
                self.push(failed(shown(path), 0, io_reason(&e)));
                false
            }
        }
    }

    /// Every file under `root`, recursively, in byte order of the names.
    fn folder(&mut self, root: &Path) -> bool {
        let hidden = self.opts.hidden;
        let mut hidden_skipped = 0;
        let mut root_readable = true;
        let tree = walkdir::WalkDir::new(root).follow_links(false).sort_by_file_name().into_iter().filter_entry(|e| {
            let skip = e.depth() > 0 && !hidden && e.file_name().as_encoded_bytes().starts_with(b".");
            hidden_skipped += usize::from(skip);
            !skip
        });
        for item in tree {
            if self.stopped {
                break;
            }
            let entry = match item {
                Ok(entry) => entry,
                Err(e) => {
                    root_readable &= e.depth() > 0;
                    let path = e.path().map_or_else(|| shown(root), shown);
                    let error = e.io_error().map_or_else(|| Problem::new(Code::Unreadable, e.to_string()), io_reason);
                    self.push(failed(path, 0, error));
                    continue;
                }
            };
            let mut kind = entry.file_type();
            if kind.is_dir() {
                continue;
            }
            if kind.is_symlink() {
                // Links are not followed while walking: the target's kind decides, and a folder is not entered.
                match fs::metadata(entry.path()) {
                    Ok(meta) => kind = meta.file_type(),
                    Err(e) => {
                        self.push(failed(shown(entry.path()), 0, io_reason(&e)));
                        continue;
                    }
                }
            }
            if kind.is_file() {
                self.file(entry.path());
            } else if kind.is_dir() {
                let problem =
                    Problem::new(Code::NotFollowed, "a symbolic link to a folder (not followed, to avoid loops)");
                self.push(failed(shown(entry.path()), 0, problem));
            } else {
                self.push(failed(shown(entry.path()), 0, not_regular(&kind)));
            }
        }
        self.walked.hidden_skipped += hidden_skipped;
        root_readable
    }

    /// A regular file: an archive's entries, or its bytes. Returns false when
    /// it could not be opened or read at all.
    fn file(&mut self, path: &Path) -> bool {
        let mut file = match open_regular(path) {
            Ok(file) => file,
            Err(error) => {
                self.push(failed(shown(path), 0, error));
                return false;
            }
        };
        let size = file.metadata().map_or(0, |m| m.len());
        let mut bytes = Vec::new();
        if let Err(e) = (&mut file).take(4).read_to_end(&mut bytes) {
            self.push(failed(shown(path), size, io_reason(&e)));
            return false;
        }
        if archive::is_zip(&bytes) {
            return match file.rewind() {
                Ok(()) => self.archive(&shown(path), io::BufReader::new(file)),
                Err(e) => {
                    self.push(failed(shown(path), size, io_reason(&e)));
                    false
                }
            };
        }
        let cap = self.opts.max_file_bytes;
        // The metadata spares reading a file that is plainly too large; the
        // capped read below catches one whose metadata lies (or that grows).
        if size > cap {
            self.push(failed(shown(path), size, too_large(Some(size), cap)));
            return true;
        }
        match (&mut file).take(cap.saturating_add(1) - bytes.len() as u64).read_to_end(&mut bytes) {
            Ok(_) if bytes.len() as u64 > cap => self.push(failed(shown(path), size, too_large(None, cap))),
            Ok(_) => self.push(Entry::File { path: shown(path), bytes, warning: None }),
            Err(e) => {
                self.push(failed(shown(path), size, io_reason(&e)));
                return false;
            }
        }
        true
    }

    /// `-`: one file (or one ZIP archive) read from standard input.
    fn stdin(&mut self) -> bool {
        let mut input = io::stdin().lock();
        let mut bytes = Vec::new();
        if let Err(e) = (&mut input).take(4).read_to_end(&mut bytes) {
            self.push(failed("-".into(), 0, io_reason(&e)));
            return false;
        }
        let zip = archive::is_zip(&bytes);
        let cap = if zip { self.opts.limits.max_total_bytes } else { self.opts.max_file_bytes };
        if let Err(e) =
            (&mut input).take(cap.saturating_add(1).saturating_sub(bytes.len() as u64)).read_to_end(&mut bytes)
        {
            self.push(failed("-".into(), bytes.len() as u64, io_reason(&e)));
            return false;
        }
        if bytes.len() as u64 > cap {
            let error = if zip {
                let message = format!(
                    "not read: the ZIP archive on standard input is larger than the {} MiB limit (--max-zip-size)",
                    cap >> 20
                );
                Problem::new(Code::ZipTooLarge, message)
            } else {
                too_large(None, cap)
            };
            self.push(failed("-".into(), bytes.len() as u64, error));
        } else if zip {
            self.archive("-", io::Cursor::new(&bytes[..]));
        } else {
            self.push(Entry::File { path: "-".into(), bytes, warning: None });
        }
        true
    }

    /// Every entry of an archive, one at a time.
    fn archive<R: Read + Seek>(&mut self, shown: &str, reader: R) -> bool {
        for entry in archive::entries(shown, reader, self.opts.limits) {
            self.push(entry);
            if self.stopped {
                break;
            }
        }
        true
    }
}

/// Opens a regular file for reading, without ever blocking on a FIFO (see the
/// module docs); anything else is the problem to report.
fn open_regular(path: &Path) -> Result<fs::File, Problem> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| io_reason(&e))?;
    let meta = file.metadata().map_err(|e| io_reason(&e))?;
    if !meta.is_file() {
        return Err(not_regular(&meta.file_type()));
    }
    Ok(file)
}

fn not_regular(kind: &fs::FileType) -> Problem {
    #[cfg(unix)]
    let what = {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            "a named pipe (FIFO)"
        } else if kind.is_socket() {
            "a socket"
        } else if kind.is_char_device() {
            "a character device"
        } else if kind.is_block_device() {
            "a block device"
        } else {
            "a special file"
        }
    };
    #[cfg(not(unix))]
    let what = if kind.is_dir() { "a folder" } else { "a special file" };
    Problem::new(Code::NotRegularFile, format!("not read: {what}, not a regular file"))
}

/// Over `--max-file-size`: by `size` bytes when the metadata said so, or as found while reading.
fn too_large(size: Option<u64>, cap: u64) -> Problem {
    let mib = cap >> 20;
    let message = match size {
        Some(size) => format!("not read: {size} bytes is more than the {mib} MiB limit (--max-file-size)"),
        None => format!("not read: it is larger than the {mib} MiB limit (--max-file-size)"),
    };
    Problem::new(Code::TooLarge, message)
}

fn io_reason(e: &io::Error) -> Problem {
    let message = match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => format!("cannot be read: {e}"),
    };
    Problem::new(Code::Unreadable, message)
}

/// Bytes of entries that may be in flight beyond one per thread.
pub const WINDOW_BYTES: usize = 64 << 20;
/// Entries that may be in flight at most (many small files keep every thread busy).
const WINDOW_ENTRIES: usize = 1024;
/// Small entries go to the pool in chunks of up to this many entries or
/// bytes, and their records come back together: handing work to a thread and
/// waking the emitting one then costs once per chunk, not once per file
/// (on 10,000 small files: 3-6 % less CPU time than one job per file). An
/// entry of [`CHUNK_BYTES`] or more goes on its own.
const CHUNK_ENTRIES: usize = 8;
const CHUNK_BYTES: usize = 1 << 20;
/// Stack of each extraction thread: as the main thread's, so `-j` never
/// changes which inputs are too deep to read.
const STACK_BYTES: usize = 8 << 20;

/// Records extracted on the pool: (each one's place in the input order, the
/// record, the bytes its entry held), for one chunk.
type Done = Vec<(usize, Record, usize)>;

/// Extracts [`Entry`]s on a pool of `jobs` threads and hands the records to
/// `emit` in the order the entries were pushed. Once `emit` breaks, later
/// entries are dropped. See the module docs for the memory bound.
pub struct Extraction<F: FnMut(Record) -> ControlFlow<()>> {
    pool: Option<rayon::ThreadPool>,
    jobs: usize,
    emit: F,
    done_tx: mpsc::Sender<Done>,
    done_rx: mpsc::Receiver<Done>,
    /// Place of the next entry pushed, and of the next record to emit.
    pushed: usize,
    emitted: usize,
    /// Records done before an earlier one, waiting for their turn.
    waiting: BTreeMap<usize, (Record, usize)>,
    /// Bytes of the entries pushed and not emitted yet.
    in_flight_bytes: usize,
    /// Entries pushed but not handed to the pool yet (one chunk), and their bytes.
    chunk: Vec<(usize, Entry, usize)>,
    chunk_bytes: usize,
    stopped: bool,
}

impl<F: FnMut(Record) -> ControlFlow<()>> Extraction<F> {
    pub fn new(jobs: usize, emit: F) -> Self {
        let jobs = jobs.max(1);
        // Without a pool (it could not start threads) entries are extracted on this thread.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .stack_size(STACK_BYTES)
            .thread_name(|i| format!("jianbao-extract-{i}"))
            .build()
            .ok();
        let (done_tx, done_rx) = mpsc::channel();
        Extraction {
            pool,
            jobs,
            emit,
            done_tx,
            done_rx,
            pushed: 0,
            emitted: 0,
            waiting: BTreeMap::new(),
            in_flight_bytes: 0,
            chunk: Vec::new(),
            chunk_bytes: 0,
            stopped: false,
        }
    }

    fn in_flight(&self) -> usize {
        self.pushed - self.emitted
    }

    fn has_room(&self, bytes: usize) -> bool {
        let n = self.in_flight();
        n < self.jobs || (n < WINDOW_ENTRIES && self.in_flight_bytes + bytes <= WINDOW_BYTES)
    }

    /// Queues one entry (waiting, and emitting, while too much is in flight); breaks once `emit` has.
    pub fn push(&mut self, entry: Entry) -> ControlFlow<()> {
        let bytes = match &entry {
            Entry::File { bytes, .. } => bytes.len(),
            Entry::Error { .. } => 0,
        };
        while !self.stopped && self.in_flight() > 0 && !self.has_room(bytes) {
            self.wait_for_one();
        }
        if self.stopped {
            return ControlFlow::Break(());
        }
        self.chunk.push((self.pushed, entry, bytes));
        self.pushed += 1;
        self.in_flight_bytes += bytes;
        self.chunk_bytes += bytes;
        if self.chunk.len() >= CHUNK_ENTRIES || self.chunk_bytes >= CHUNK_BYTES {
            self.send_chunk();
        }
        ControlFlow::Continue(())
    }

    /// Extracts what is queued and hands on the records.
    pub fn finish(mut self) {
        while !self.stopped && self.in_flight() > 0 {
            self.wait_for_one();
        }
    }

    /// Hands the entries held back to the pool (or, without one, extracts them here).
    fn send_chunk(&mut self) {
        let chunk = std::mem::take(&mut self.chunk);
        self.chunk_bytes = 0;
        let extract = |chunk: Vec<(usize, Entry, usize)>| -> Done {
            chunk.into_iter().map(|(place, entry, bytes)| (place, extract_one(entry), bytes)).collect()
        };
        match &self.pool {
            Some(pool) => {
                let done = self.done_tx.clone();
                // The receiver outlives every job unless the run stopped early; then no one waits.
                pool.spawn(move || {
                    let _ = done.send(extract(chunk));
                });
            }
            None => self.done(extract(chunk)),
        }
    }

    /// Waits for one chunk of records, first handing on the entries held back.
    fn wait_for_one(&mut self) {
        if !self.chunk.is_empty() {
            self.send_chunk();
            if self.pool.is_none() {
                return;
            }
        }
        // `done_tx` lives in `self`, so the channel never disconnects while we wait.
        if let Ok(records) = self.done_rx.recv() {
            self.done(records);
        }
    }

    /// Takes finished records and emits every record whose turn has come.
    fn done(&mut self, records: Done) {
        for (place, record, bytes) in records {
            self.waiting.insert(place, (record, bytes));
        }
        while let Some((record, bytes)) = self.waiting.remove(&self.emitted) {
            self.emitted += 1;
            self.in_flight_bytes -= bytes;
            if !self.stopped && (self.emit)(record).is_break() {
                self.stopped = true;
            }
        }
    }
}

/// Walks `paths` and extracts everything found on `opts.jobs` threads, handing
/// the records to `emit` in walk order.
pub fn extract_paths(paths: &[PathBuf], opts: &InputOptions, emit: impl FnMut(Record) -> ControlFlow<()>) -> Walked {
    let mut extraction = Extraction::new(opts.jobs, emit);
    let walked = walk(paths, &opts.walk, &mut |entry| extraction.push(entry));
    extraction.finish();
    walked
}

/// Extracts one entry; a panic inside the extractor becomes an error record.
fn extract_one(entry: Entry) -> Record {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // Test hook (the `test-hooks` feature only): make extraction panic for one file.
        #[cfg(feature = "test-hooks")]
        if std::env::var_os("JIANBAO_TEST_PANIC_ON").is_some_and(|p| entry.path().ends_with(&*p.to_string_lossy())) {
            panic!("test panic requested for {}", entry.path());
        }
        entry.to_record()
    }));
    result.unwrap_or_else(|panic| {
        let msg = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into());
        let problem =
            Problem::new(Code::Internal, format!("internal error while reading this file (please report it): {msg}"));
        let (path, bytes) = match entry {
            Entry::File { path, bytes, .. } => (path, bytes),
            Entry::Error { path, .. } => (path, Vec::new()),
        };
        let mut record = archive::error_record(path, bytes.len() as u64, problem);
        if let Record::Error(e) = &mut record {
            e.source.sha256 = jianbao::extract::sha256_hex(&bytes);
        }
        record
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(paths: &[PathBuf], opts: &WalkOptions) -> (Vec<String>, Walked) {
        let mut seen = Vec::new();
        let walked = walk(paths, opts, &mut |entry| {
            seen.push(match entry {
                Entry::File { path, .. } => path,
                Entry::Error { path, error, .. } => format!("{path}: {error}"),
            });
            ControlFlow::Continue(())
        });
        (seen, walked)
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("jianbao-inputs-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("sub")).unwrap();
        fs::write(dir.join("b.txt"), b"b").unwrap();
        fs::write(dir.join("a.txt"), b"a").unwrap();
        fs::write(dir.join(".hidden"), b"h").unwrap();
        fs::write(dir.join("sub/c.txt"), b"c").unwrap();
        dir
    }

    #[test]
    fn walk_is_sorted_skips_hidden_and_reports_missing_paths() {
        let dir = scratch("walk");
        let missing = dir.join("missing");
        let (seen, walked) = collect(&[dir.clone(), missing.clone()], &WalkOptions::default());
        let d = dir.to_string_lossy();
        assert_eq!(
            seen,
            [
                format!("{d}/a.txt"),
                format!("{d}/b.txt"),
                format!("{d}/sub/c.txt"),
                format!("{}: no such file or folder", missing.display())
            ]
        );
        assert_eq!(walked.hidden_skipped, 1);
        assert_eq!(walked.readable, [true, false]);
        let hidden = WalkOptions { hidden: true, ..WalkOptions::default() };
        let (seen, walked) = collect(std::slice::from_ref(&dir), &hidden);
        assert_eq!(seen.len(), 4);
        assert_eq!(walked.hidden_skipped, 0);
        // A hidden folder named on the command line is read.
        let (seen, _) = collect(&[dir.join(".hidden")], &WalkOptions::default());
        assert_eq!(seen, [format!("{d}/.hidden")]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_size_cap_holds_while_reading() {
        let dir = scratch("cap");
        fs::write(dir.join("big.txt"), vec![b'x'; 3 << 20]).unwrap();
        let opts = WalkOptions { max_file_bytes: 1 << 20, ..WalkOptions::default() };
        let (seen, _) = collect(&[dir.join("big.txt"), dir.join("a.txt")], &opts);
        assert!(seen[0].contains("more than the 1 MiB limit"), "{seen:?}");
        assert_eq!(seen[1], format!("{}", dir.join("a.txt").display()));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_breaking_sink_stops_the_walk() {
        let dir = scratch("stop");
        let mut n = 0;
        let walked = walk(&[dir.clone(), dir.clone()], &WalkOptions::default(), &mut |_| {
            n += 1;
            ControlFlow::Break(())
        });
        assert_eq!(n, 1);
        assert_eq!(walked.readable, [true]);
        fs::remove_dir_all(&dir).unwrap();
    }

    /// The paths of the records of `n` entries (some large) extracted on `jobs` threads.
    fn extracted(jobs: usize, n: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut extraction = Extraction::new(jobs, |r: Record| {
            out.push(r.source().path.clone());
            ControlFlow::Continue(())
        });
        for i in 0..n {
            let size = if i % 7 == 3 { 200_000 } else { 100 };
            let bytes = format!("正文 {i} ").into_bytes().repeat(size / 10);
            let _ = extraction.push(Entry::File { path: format!("f{i}.txt"), bytes, warning: None });
        }
        extraction.finish();
        out
    }

    #[test]
    fn extraction_keeps_the_order_whatever_the_jobs() {
        let one = extracted(1, 60);
        assert_eq!(one, (0..60).map(|i| format!("f{i}.txt")).collect::<Vec<_>>());
        assert_eq!(one, extracted(4, 60));
    }

    #[test]
    fn extraction_stops_once_emit_breaks() {
        let mut out = 0;
        let mut extraction = Extraction::new(2, |_| {
            out += 1;
            ControlFlow::Break(())
        });
        // More than the window holds, so pushing has to wait for (and emit) the first records.
        let entries = WINDOW_ENTRIES * 2;
        let mut pushed = 0;
        for i in 0..entries {
            let entry = Entry::File { path: format!("f{i}.txt"), bytes: b"text".to_vec(), warning: None };
            if extraction.push(entry).is_break() {
                break;
            }
            pushed += 1;
        }
        extraction.finish();
        assert_eq!(out, 1);
        assert!(pushed < entries, "the pushing stopped");
    }
}
