//! `jianbao extract`: files, folders and ZIP archives in; JSON Lines out.
//!
//! Every input file (every archive entry) gives exactly one line, in a
//! deterministic order (arguments in the order given, folders recursively in
//! byte order of the names, archive entries in archive order), whatever
//! `--jobs` is. A file that cannot be read, or whose extraction panics,
//! becomes an error record; the run goes on.

use jianbao::archive::{self, Limits};
use jianbao::model::Record;
use std::collections::HashMap;
use std::ffi::OsString;
use std::fs;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

pub const HELP: &str = "\
Usage: jianbao extract [OPTIONS] PATH...

Reads files, folders (recursively, in name order) and ZIP archives (recognised
by their content; `-` reads one file or archive from standard input) and
writes one JSON object per file to standard output
(JSON Lines). Files that cannot be read as articles give a record with an
\"error\" field instead, so every file gives exactly one line. A summary goes
to standard error.

Options:
  -o, --output FILE        write the JSON lines to FILE instead of standard output
      --errors-only        print only the records of files that could not be read
      --no-errors          print only articles (errors are still counted)
  -j, --jobs N             extract on N threads (default: all cores; output order
                           does not depend on N)
      --hidden             also read hidden files and folders (names starting with
                           `.`, such as `.git`), which are skipped by default
      --max-file-size N    largest file or archive entry to read, in MiB (default 64)
      --max-zip-size N     largest total an archive may expand to, in MiB (default 4096)
  -q, --quiet              no summary on standard error
  -h, --help               show this help

Exit status: 0 when every path on the command line could be read (even if some
files inside are not articles), 1 when a path given could not be read, 2 for
usage errors.

Examples:
  jianbao extract ~/mirrors/epoch-news > articles.jsonl
  jianbao extract --no-errors dump.zip | jq -r .title
  jianbao extract --errors-only -q corpus/ | jq -r '.source.path + \": \" + .error'
";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Show {
    All,
    ErrorsOnly,
    ArticlesOnly,
}

#[derive(Debug)]
struct Options {
    paths: Vec<PathBuf>,
    output: Option<PathBuf>,
    show: Show,
    jobs: usize,
    hidden: bool,
    quiet: bool,
    max_file_bytes: u64,
    limits: Limits,
}

fn parse(args: Vec<OsString>) -> Result<Option<Options>, String> {
    use lexopt::prelude::*;
    let mut o = Options {
        paths: Vec::new(),
        output: None,
        show: Show::All,
        jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
        hidden: false,
        quiet: false,
        max_file_bytes: 64 << 20,
        limits: Limits::default(),
    };
    let mut p = lexopt::Parser::from_args(args);
    let mib = |v: OsString, what: &str| -> Result<u64, String> {
        let s = v.to_string_lossy().into_owned();
        s.parse::<u64>()
            .ok()
            .filter(|n| *n > 0)
            .map(|n| n.saturating_mul(1 << 20))
            .ok_or_else(|| format!("{what} must be a positive number of MiB, not `{s}`"))
    };
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Short('h') | Long("help") => return Ok(None),
            Short('o') | Long("output") => o.output = Some(p.value().map_err(|e| e.to_string())?.into()),
            Long("errors-only") => o.show = Show::ErrorsOnly,
            Long("no-errors") => o.show = Show::ArticlesOnly,
            Short('j') | Long("jobs") => {
                let v = p.value().map_err(|e| e.to_string())?;
                let s = v.to_string_lossy();
                o.jobs = s
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("--jobs must be a positive number, not `{s}`"))?;
            }
            Long("hidden") => o.hidden = true,
            Short('q') | Long("quiet") => o.quiet = true,
            Long("max-file-size") => {
                let n = mib(p.value().map_err(|e| e.to_string())?, "--max-file-size")?;
                o.max_file_bytes = n;
                o.limits.max_entry_bytes = n;
            }
            Long("max-zip-size") => {
                o.limits.max_total_bytes = mib(p.value().map_err(|e| e.to_string())?, "--max-zip-size")?;
            }
            Value(v) => o.paths.push(v.into()),
            _ => return Err(arg.unexpected().to_string()),
        }
    }
    if o.paths.is_empty() {
        return Err("no PATH given".into());
    }
    Ok(Some(o))
}

/// One unit of work: bytes to extract, or a problem found while reading.
enum Work {
    Bytes { path: String, bytes: Vec<u8> },
    Failed { path: String, size: u64, error: String },
}

impl Work {
    fn weight(&self) -> usize {
        match self {
            Work::Bytes { bytes, .. } => bytes.len(),
            Work::Failed { .. } => 0,
        }
    }
}

#[derive(Default)]
struct Counts {
    files: usize,
    articles: usize,
    errors: usize,
    duplicates: usize,
    hidden_skipped: usize,
}

pub fn run(args: Vec<OsString>) -> i32 {
    let opts = match parse(args) {
        Ok(Some(o)) => o,
        Ok(None) => {
            print!("{HELP}");
            return 0;
        }
        Err(e) => {
            eprintln!("jianbao extract: {e}\n\n{HELP}");
            return 2;
        }
    };
    let started = Instant::now();
    let out: Box<dyn Write> = match &opts.output {
        Some(path) => match fs::File::create(path) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("jianbao extract: cannot write {}: {e}", path.display());
                return 2;
            }
        },
        None => Box::new(io::stdout().lock()),
    };
    let mut run = Runner {
        out: BufWriter::with_capacity(1 << 16, out),
        opts: &opts,
        counts: Counts::default(),
        first_of: HashMap::new(),
        batch: Vec::new(),
        batch_weight: 0,
        broken_pipe: false,
    };
    let mut exit = 0;
    for path in &opts.paths {
        if !run.input(path, true) {
            exit = 1;
        }
        if run.broken_pipe {
            break;
        }
    }
    run.flush_batch();
    if let Err(e) = run.out.flush() {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("jianbao extract: cannot write the output: {e}");
            exit = 1;
        }
    }
    if !opts.quiet {
        let c = &run.counts;
        let hidden = if c.hidden_skipped > 0 {
            format!(", {} hidden entries skipped (--hidden reads them)", c.hidden_skipped)
        } else {
            String::new()
        };
        eprintln!(
            "jianbao: {} files read, {} articles, {} errors, {} duplicates{hidden}, {:.2} s",
            c.files,
            c.articles,
            c.errors,
            c.duplicates,
            started.elapsed().as_secs_f64()
        );
    }
    exit
}

struct Runner<'a> {
    out: BufWriter<Box<dyn Write + 'a>>,
    opts: &'a Options,
    counts: Counts,
    /// sha256 → path of the first article with those bytes.
    first_of: HashMap<String, String>,
    batch: Vec<Work>,
    batch_weight: usize,
    broken_pipe: bool,
}

const BATCH_FILES: usize = 512;
const BATCH_BYTES: usize = 64 << 20;

impl Runner<'_> {
    /// Queues a path (file, folder, archive). Returns false when a top-level path cannot be read.
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
                if self.broken_pipe {
                    return true;
                }
                if !self.opts.hidden && name.to_string_lossy().starts_with('.') {
                    self.counts.hidden_skipped += 1;
                    continue;
                }
                if is_link && child.is_dir() {
                    self.push(Work::Failed {
                        path: child.to_string_lossy().into_owned(),
                        size: 0,
                        error: "a symbolic link to a folder (not followed, to avoid loops)".into(),
                    });
                    continue;
                }
                self.input(&child, false);
            }
            return true;
        }
        if meta.len() > self.opts.max_file_bytes && !looks_like_zip_file(path) {
            self.push(Work::Failed {
                path: shown,
                size: meta.len(),
                error: format!(
                    "not read: {} bytes is more than the {} MiB limit (--max-file-size)",
                    meta.len(),
                    self.opts.max_file_bytes >> 20
                ),
            });
            return true;
        }
        if looks_like_zip_file(path) {
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
            if entries.is_empty() {
                self.push(Work::Failed {
                    path: "-".into(),
                    size: bytes.len() as u64,
                    error: "an empty ZIP archive (no files inside)".into(),
                });
            }
            for entry in entries {
                match entry {
                    archive::Entry::File { path, bytes } => self.push(Work::Bytes { path, bytes }),
                    archive::Entry::Error { path, size, error } => self.push(Work::Failed { path, size, error }),
                }
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
        let mut any = false;
        for entry in archive::entries(&shown, io::BufReader::new(file), self.opts.limits) {
            any = true;
            match entry {
                archive::Entry::File { path, bytes } => self.push(Work::Bytes { path, bytes }),
                archive::Entry::Error { path, size, error } => self.push(Work::Failed { path, size, error }),
            }
            if self.broken_pipe {
                break;
            }
        }
        if !any {
            self.push(Work::Failed { path: shown, size, error: "an empty ZIP archive (no files inside)".into() });
        }
        true
    }

    fn push(&mut self, work: Work) {
        self.batch_weight += work.weight();
        self.batch.push(work);
        if self.batch.len() >= BATCH_FILES || self.batch_weight >= BATCH_BYTES {
            self.flush_batch();
        }
    }

    /// Extracts the queued work on `jobs` threads, then writes the records in queue order.
    fn flush_batch(&mut self) {
        let batch = std::mem::take(&mut self.batch);
        self.batch_weight = 0;
        if batch.is_empty() || self.broken_pipe {
            return;
        }
        let jobs = self.opts.jobs.min(batch.len()).max(1);
        let records: Vec<Record> = if jobs == 1 {
            batch.into_iter().map(extract_one).collect()
        } else {
            let next = AtomicUsize::new(0);
            let slots: Vec<std::sync::Mutex<Option<Work>>> =
                batch.into_iter().map(|w| std::sync::Mutex::new(Some(w))).collect();
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
                .map(|r| {
                    r.unwrap_or_else(|| archive::error_record(String::new(), 0, "internal error: lost record".into()))
                })
                .collect()
        };
        for record in records {
            self.emit(record);
        }
    }

    fn emit(&mut self, mut record: Record) {
        self.counts.files += 1;
        match &mut record {
            Record::Article(a) => {
                self.counts.articles += 1;
                match self.first_of.get(&a.source.sha256) {
                    Some(first) => {
                        a.duplicate_of = Some(first.clone());
                        self.counts.duplicates += 1;
                    }
                    None => {
                        self.first_of.insert(a.source.sha256.clone(), a.source.path.clone());
                    }
                }
            }
            Record::Error(_) => self.counts.errors += 1,
        }
        let show = matches!(
            (&record, self.opts.show),
            (_, Show::All) | (Record::Error(_), Show::ErrorsOnly) | (Record::Article(_), Show::ArticlesOnly)
        );
        if !show || self.broken_pipe {
            return;
        }
        let res = serde_json::to_writer(&mut self.out, &record)
            .map_err(io::Error::from)
            .and_then(|_| self.out.write_all(b"\n"));
        if let Err(e) = res {
            if e.kind() != io::ErrorKind::BrokenPipe {
                eprintln!("jianbao extract: cannot write the output: {e}");
            }
            self.broken_pipe = true;
        }
    }
}

/// Extracts one work item; a panic inside the extractor becomes an error record.
fn extract_one(work: Work) -> Record {
    match work {
        Work::Failed { path, size, error } => archive::error_record(path, size, error),
        Work::Bytes { path, bytes } => {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                // Test hook (debug builds only): make extraction panic for one file.
                #[cfg(debug_assertions)]
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
                        format!("internal error while reading this file (please report it): {msg}"),
                    );
                    if let Record::Error(e) = &mut rec {
                        e.source.sha256 = sha256_hex(&bytes);
                    }
                    rec
                }
            }
        }
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn looks_like_zip_file(path: &Path) -> bool {
    let mut head = [0u8; 4];
    fs::File::open(path).and_then(|mut f| f.read_exact(&mut head)).map(|_| archive::is_zip(&head)).unwrap_or(false)
}

fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => format!("cannot be read: {e}"),
    }
}
