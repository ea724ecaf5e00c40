//! Reading the commands' inputs: one walker over files, folders, ZIP archives
//! and `-` (standard input), and one parallel, order-preserving extraction.
//!
//! [`walk`] turns paths into [`Work`] in a deterministic order (paths in the
//! order given, folders recursively in byte order of the names, archive
//! entries in archive order). [`Batches`] extracts that work on `jobs` threads
//! and hands the records on in the same order, whatever `jobs` is;
//! [`extract_paths`] does both. A file that cannot be read, or whose
//! extraction panics, becomes an error record.

use jianbao::archive::{self, Limits};
use jianbao::model::Record;
use jianbao::problem::{Code, Problem};
use std::ffi::OsString;
use std::fs;
use std::io::{self, Read};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// One unit of work: bytes to extract, or a problem found while reading.
pub enum Work {
    Bytes { path: String, bytes: Vec<u8> },
    Failed { path: String, size: u64, error: Problem },
}

impl Work {
    fn weight(&self) -> usize {
        match self {
            Work::Bytes { bytes, .. } => bytes.len(),
            Work::Failed { .. } => 0,
        }
    }
}

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
        InputOptions {
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            walk: WalkOptions::default(),
        }
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

/// What a walk found besides the work.
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

/// Hands every input under `paths` to `sink` as [`Work`], in order; `-` as a
/// top-level path reads standard input. Stops soon after `sink` breaks.
pub fn walk(paths: &[PathBuf], opts: &WalkOptions, sink: &mut dyn FnMut(Work) -> ControlFlow<()>) -> Walked {
    let mut w = Walker { opts, sink, stopped: false, walked: Walked::default() };
    for path in paths {
        let ok = w.input(path, true);
        w.walked.readable.push(ok);
        if w.stopped {
            break;
        }
    }
    w.walked
}

struct Walker<'a> {
    opts: &'a WalkOptions,
    sink: &'a mut dyn FnMut(Work) -> ControlFlow<()>,
    stopped: bool,
    walked: Walked,
}

impl Walker<'_> {
    fn push(&mut self, work: Work) {
        if (self.sink)(work).is_break() {
            self.stopped = true;
        }
    }

    /// Reads a path (file, folder, archive). Returns false when a top-level path cannot be read.
    fn input(&mut self, path: &Path, top: bool) -> bool {
        let shown = path.to_string_lossy().into_owned();
        if top && shown == "-" {
            return self.stdin();
        }
        let meta = match fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                self.push(Work::Failed { path: shown, size: 0, error: io_reason(&e) });
                return false;
            }
        };
        if meta.is_dir() {
            let mut entries: Vec<(OsString, PathBuf, bool)> = match fs::read_dir(path) {
                Ok(rd) => rd
                    .filter_map(|e| e.ok())
                    .map(|e| {
                        let is_link = e.file_type().map(|t| t.is_symlink()).unwrap_or(false);
                        (e.file_name(), e.path(), is_link)
                    })
                    .collect(),
                Err(e) => {
                    self.push(Work::Failed { path: shown, size: 0, error: io_reason(&e) });
                    return !top;
                }
            };
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            for (name, child, is_link) in entries {
                if self.stopped {
                    return true;
                }
                if !self.opts.hidden && name.to_string_lossy().starts_with('.') {
                    self.walked.hidden_skipped += 1;
                    continue;
                }
                if is_link && child.is_dir() {
                    self.push(Work::Failed {
                        path: child.to_string_lossy().into_owned(),
                        size: 0,
                        error: Problem::new(Code::NotFollowed, "a symbolic link to a folder (not followed, to avoid loops)"),
                    });
                    continue;
                }
                self.input(&child, false);
            }
            return true;
        }
        let is_zip = looks_like_zip_file(path);
        if meta.len() > self.opts.max_file_bytes && !is_zip {
            self.push(Work::Failed {
                path: shown,
                size: meta.len(),
                error: Problem::new(
                    Code::TooLarge,
                    format!(
                        "not read: {} bytes is more than the {} MiB limit (--max-file-size)",
                        meta.len(),
                        self.opts.max_file_bytes >> 20
                    ),
                ),
            });
            return true;
        }
        if is_zip {
            return self.archive(path, shown, meta.len(), top);
        }
        match fs::read(path) {
            Ok(bytes) => self.push(Work::Bytes { path: shown, bytes }),
            Err(e) => {
                self.push(Work::Failed { path: shown, size: meta.len(), error: io_reason(&e) });
                return !top;
            }
        }
        true
    }

    /// `-`: one file (or one ZIP archive) read from standard input.
    fn stdin(&mut self) -> bool {
        let mut bytes = Vec::new();
        if let Err(e) = io::stdin().lock().take(self.opts.limits.max_total_bytes).read_to_end(&mut bytes) {
            self.push(Work::Failed { path: "-".into(), size: 0, error: io_reason(&e) });
            return false;
        }
        if archive::is_zip(&bytes) {
            let entries: Vec<archive::Entry> =
                archive::entries("-", io::Cursor::new(&bytes[..]), self.opts.limits).collect();
            for entry in entries {
                self.push(entry.into());
            }
        } else {
            self.push(Work::Bytes { path: "-".into(), bytes });
        }
        true
    }

    fn archive(&mut self, path: &Path, shown: String, size: u64, top: bool) -> bool {
        let file = match fs::File::open(path) {
            Ok(f) => f,
            Err(e) => {
                self.push(Work::Failed { path: shown, size, error: io_reason(&e) });
                return !top;
            }
        };
        for entry in archive::entries(&shown, io::BufReader::new(file), self.opts.limits) {
            self.push(entry.into());
            if self.stopped {
                break;
            }
        }
        true
    }
}

impl From<archive::Entry> for Work {
    fn from(entry: archive::Entry) -> Work {
        match entry {
            archive::Entry::File { path, bytes } => Work::Bytes { path, bytes },
            archive::Entry::Error { path, size, error } => Work::Failed { path, size, error },
        }
    }
}

const BATCH_FILES: usize = 512;
const BATCH_BYTES: usize = 64 << 20;

/// Queues [`Work`] and extracts it in batches on `jobs` threads, handing the
/// records to `emit` in queue order. Once `emit` breaks, the rest of that
/// batch is still handed on, later work is dropped.
pub struct Batches<F: FnMut(Record) -> ControlFlow<()>> {
    jobs: usize,
    emit: F,
    batch: Vec<Work>,
    weight: usize,
    stopped: bool,
}

impl<F: FnMut(Record) -> ControlFlow<()>> Batches<F> {
    pub fn new(jobs: usize, emit: F) -> Self {
        Batches { jobs, emit, batch: Vec::new(), weight: 0, stopped: false }
    }

    /// Queues one item; breaks once `emit` has.
    pub fn push(&mut self, work: Work) -> ControlFlow<()> {
        if self.stopped {
            return ControlFlow::Break(());
        }
        self.weight += work.weight();
        self.batch.push(work);
        if self.batch.len() >= BATCH_FILES || self.weight >= BATCH_BYTES {
            self.flush();
        }
        if self.stopped {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }

    /// Extracts what is queued and hands on the records.
    pub fn finish(mut self) {
        self.flush();
    }

    fn flush(&mut self) {
        let batch = std::mem::take(&mut self.batch);
        self.weight = 0;
        if batch.is_empty() || self.stopped {
            return;
        }
        for record in extract_in_order(batch, self.jobs) {
            if (self.emit)(record).is_break() {
                self.stopped = true;
            }
        }
    }
}

/// Walks `paths` and extracts everything found on `opts.jobs` threads, handing
/// the records to `emit` in walk order.
pub fn extract_paths(
    paths: &[PathBuf],
    opts: &InputOptions,
    emit: impl FnMut(Record) -> ControlFlow<()>,
) -> Walked {
    let mut batches = Batches::new(opts.jobs, emit);
    let walked = walk(paths, &opts.walk, &mut |work| batches.push(work));
    batches.finish();
    walked
}

/// Extracts `batch` on up to `jobs` threads; the records come back in batch order.
fn extract_in_order(batch: Vec<Work>, jobs: usize) -> Vec<Record> {
    let jobs = jobs.min(batch.len()).max(1);
    if jobs == 1 {
        return batch.into_iter().map(extract_one).collect();
    }
    let next = AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<Work>>> = batch.into_iter().map(|w| std::sync::Mutex::new(Some(w))).collect();
    let mut results: Vec<Option<Record>> = (0..slots.len()).map(|_| None).collect();
    let parts: Vec<Vec<(usize, Record)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..jobs)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= slots.len() {
                            break;
                        }
                        let work = slots[i].lock().ok().and_then(|mut g| g.take());
                        if let Some(work) = work {
                            mine.push((i, extract_one(work)));
                        }
                    }
                    mine
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_default()).collect()
    });
    for (i, r) in parts.into_iter().flatten() {
        results[i] = Some(r);
    }
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| archive::error_record(String::new(), 0, Problem::new(Code::Internal, "internal error: lost record"))))
        .collect()
}

/// Extracts one work item; a panic inside the extractor becomes an error record.
fn extract_one(work: Work) -> Record {
    match work {
        Work::Failed { path, size, error } => archive::error_record(path, size, error),
        Work::Bytes { path, bytes } => {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                // Test hook (the `test-hooks` feature only): make extraction panic for one file.
                #[cfg(feature = "test-hooks")]
                if std::env::var_os("JIANBAO_TEST_PANIC_ON").is_some_and(|p| path.ends_with(&*p.to_string_lossy())) {
                    panic!("test panic requested for {path}");
                }
                jianbao::extract(&path, &bytes)
            }));
            match result {
                Ok(r) => r,
                Err(panic) => {
                    let msg = panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "unknown".into());
                    let mut rec = archive::error_record(
                        path,
                        bytes.len() as u64,
                        Problem::new(
                            Code::Internal,
                            format!("internal error while reading this file (please report it): {msg}"),
                        ),
                    );
                    if let Record::Error(e) = &mut rec {
                        e.source.sha256 = jianbao::extract::sha256_hex(&bytes);
                    }
                    rec
                }
            }
        }
    }
}


fn looks_like_zip_file(path: &Path) -> bool {
    let mut head = [0u8; 4];
    fs::File::open(path).and_then(|mut f| f.read_exact(&mut head)).map(|_| archive::is_zip(&head)).unwrap_or(false)
}

fn io_reason(e: &io::Error) -> Problem {
    let message = match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => format!("cannot be read: {e}"),
    };
    Problem::new(Code::Unreadable, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(paths: &[PathBuf], opts: &WalkOptions) -> (Vec<String>, Walked) {
        let mut seen = Vec::new();
        let walked = walk(paths, opts, &mut |w| {
            seen.push(match w {
                Work::Bytes { path, .. } => path,
                Work::Failed { path, error, .. } => format!("{path}: {error}"),
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

    #[test]
    fn batches_keep_the_order_whatever_the_jobs() {
        let work = || (0..40).map(|i| Work::Bytes { path: format!("f{i}.txt"), bytes: format!("正文 {i}").into_bytes() });
        let paths = |jobs| {
            let mut out = Vec::new();
            let mut b = Batches::new(jobs, |r: Record| {
                out.push(r.source().path.clone());
                ControlFlow::Continue(())
            });
            for w in work() {
                let _ = b.push(w);
            }
            b.finish();
            out
        };
        let one = paths(1);
        assert_eq!(one.len(), 40);
        assert_eq!(one, paths(4));
    }
}
