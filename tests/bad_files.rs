//! Hostile and broken files: each case is an input and the outcome it must have.
//!
//! # Cases
//! A case is `fixtures/bad/<name>.expected.json`. Its input is either the file
//! `fixtures/bad/<name>` beside it (small inputs, written by
//! `scripts/gen-bad-fixtures.py` from real fixtures), or, for large ones,
//! made at test time by the generator called `<name>` in [`GENERATORS`] and
//! written to `target/tmp/bad-files/<name>` (kept there, so a failing input can
//! be handed to the CLI). Adding a case is adding files (or one generator row).
//!
//! An input that starts like a ZIP archive goes through
//! `archive::records(<name>, …)`, anything else through `jianbao::extract(<name>, …)`,
//! as the CLI does. The expected file holds only the fields that matter:
//!
//! ```json
//! { "about": "why this case exists",
//!   "pending": "owner: why it cannot pass yet",        // optional
//!   "limits": { "max_entry_bytes": 1048576 },            // optional, for ZIPs
//!   "count": 20000,                                      // optional, default: records.len()
//!   "records": [ { "article": true,                      // one matcher per record, in order (false: an error)
//!                  "path": "x.zip/a.md",                 // source.path
//!                  "code": "binary",                     // error code
//!                  "error_mentions": ["PNG"],            // case-insensitive, in `error`
//!                  "fields": { "title": "…", "source": { "format": "rss-dump" } },  // subset, as in golden.rs
//!                  "warning_codes": ["decoding-errors"], // each among `warning_codes`
//!                  "warnings_mention": ["UTF-8"],        // each in some warning
//!                  "min_paragraphs": 1,
//!                  "text_contains": ["…"],               // each in the title, lead or a paragraph
//!                  "title_starts_with": "…" } ],
//!   "every": { … } }                                     // optional: a matcher every record meets
//! ```
//! `code` and `warning_codes` are skipped (and said so) for a record that has
//! no such field, so the expected files can name codes before every reader emits them.
//!
//! # Pending
//! A case that cannot pass until someone else's fix lands says so in
//! `"pending"`. It is still run: the test reports it by name, as still failing
//! (with why) or as passing now (remove the mark), and does not fail for it.
//!
//! # How a case runs
//! Each case is a trial of its own (libtest-mimic), named by its file name:
//! `cargo test --test bad_files -- zip-` runs the ZIP cases. A trial runs its
//! case in a child process (this test binary again, with the case named in
//! `JIANBAO_BAD_FILE_CASE`), on a thread with a 2 MiB stack — the stack of a
//! `cargo test` thread — so a stack overflow is reported as that case's
//! failure instead of aborting the suite, and a deep-nesting case that passes
//! proves no walk recurses once per level (100,000 levels of even 21-byte
//! frames need more than 2 MiB). A case gets `BAD_FILES_TIMEOUT` seconds
//! (default 600; pending cases 120).
//!
//! # Cost
//! Each child also measures its case: CPU time of the thread (from
//! `/proc/thread-self/schedstat`, so other processes on the machine do not
//! count) and the peak resident memory added while reading it (`VmHWM` after
//! resetting it through `/proc/self/clear_refs`). The test prints, and writes
//! to `test-artifacts/bad-files-cost.md`, each generated case's time per MiB
//! against the real corpus's and its peak memory against its size. It never
//! asserts on them: the figures of a debug build mean little; for real ones run
//! `cargo test --release --test bad_files`.

#[path = "support/fixtures.rs"]
mod support;

use jianbao::archive::{self, Limits};
use jianbao::model::Record;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------- case files

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    #[allow(dead_code)] // documentation for the reader of the expected file
    about: String,
    #[serde(default)]
    pending: Option<String>,
    #[serde(default)]
    limits: Option<LimitsSpec>,
    #[serde(default)]
    count: Option<usize>,
    #[serde(default)]
    records: Vec<Matcher>,
    #[serde(default)]
    every: Option<Matcher>,
}

/// ZIP limits for a case; what is left out keeps `Limits::default()` (the CLI's defaults).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LimitsSpec {
    max_entry_bytes: Option<u64>,
    max_total_bytes: Option<u64>,
    max_entries: Option<usize>,
}

impl LimitsSpec {
    fn limits(&self) -> Limits {
        let d = Limits::default();
        Limits {
            max_entry_bytes: self.max_entry_bytes.unwrap_or(d.max_entry_bytes),
            max_total_bytes: self.max_total_bytes.unwrap_or(d.max_total_bytes),
            max_entries: self.max_entries.unwrap_or(d.max_entries),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Matcher {
    /// `true`: an article; `false`: an error; left out: either.
    article: Option<bool>,
    path: Option<String>,
    code: Option<String>,
    #[serde(default)]
    error_mentions: Vec<String>,
    fields: Option<Value>,
    #[serde(default)]
    warning_codes: Vec<String>,
    #[serde(default)]
    warnings_mention: Vec<String>,
    min_paragraphs: Option<usize>,
    #[serde(default)]
    text_contains: Vec<String>,
    title_starts_with: Option<String>,
}

fn bad_dir() -> PathBuf {
    support::fixtures_dir().join("bad")
}

fn generated_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("bad-files")
}

const EXPECTED_SUFFIX: &str = ".expected.json";

/// Every case name, sorted.
fn case_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(bad_dir())
        .expect("fixtures/bad/ exists")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(EXPECTED_SUFFIX).map(str::to_string))
        .collect();
    names.sort();
    names
}

fn load_case(name: &str) -> Result<Case, String> {
    let path = bad_dir().join(format!("{name}{EXPECTED_SUFFIX}"));
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The input file of a case: the committed one, or the generator's output (written if missing or stale).
fn input_path(name: &str) -> Result<PathBuf, String> {
    let committed = bad_dir().join(name);
    let generator = GENERATORS.iter().find(|(n, _)| *n == name);
    match (committed.is_file(), generator) {
        (true, None) => Ok(committed),
        (false, Some((_, generate))) => {
            let path = generated_dir().join(name);
            std::fs::create_dir_all(generated_dir()).map_err(|e| e.to_string())?;
            let bytes = std::panic::catch_unwind(generate)
                .map_err(|p| format!("the generator {name:?} panicked: {}", panic_message(&p)))?;
            let fresh = std::fs::read(&path).is_ok_and(|old| old == bytes);
            if !fresh {
                std::fs::write(&path, &bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            }
            Ok(path)
        }
        (true, Some(_)) => Err(format!("both fixtures/bad/{name} and a generator exist: keep one")),
        (false, None) => Err(format!("no input: add fixtures/bad/{name} or a generator named {name:?}")),
    }
}

// ---------------------------------------------------------------- checking records

/// What a record must be; every failed expectation is one line.
fn check_record(m: &Matcher, got: &Value, failures: &mut Vec<String>, notes: &mut Vec<String>) {
    let path = got.pointer("/source/path").and_then(Value::as_str).unwrap_or("?").to_string();
    let mut fail = |what: String| failures.push(format!("{path}: {what}"));
    let is_article = got.get("error").is_none();
    if let Some(want_article) = m.article.filter(|&want| want != is_article) {
        let what = if is_article { "an article".to_string() } else { format!("an error ({})", short(got)) };
        fail(format!("expected {}, got {what}", if want_article { "an article" } else { "an error" }));
        return;
    }
    if let Some(want) = &m.path {
        if want != &path {
            fail(format!("expected the path {want:?}"));
        }
    }
    if let Some(want) = &m.code {
        match got.get("code").and_then(Value::as_str) {
            Some(code) if code == want => {}
            Some(code) => fail(format!("expected the code {want:?}, got {code:?} ({})", got["error"])),
            None => notes.push(format!("{path}: code {want:?} not checked: the record has no code field yet")),
        }
    }
    let error = got.get("error").and_then(Value::as_str).unwrap_or("").to_lowercase();
    for word in &m.error_mentions {
        if !error.contains(&word.to_lowercase()) {
            fail(format!("the error should mention {word:?}: {error:?}"));
        }
    }
    if let Some(want) = &m.fields {
        let mut diffs = Vec::new();
        compare("", want, Some(got), &mut diffs);
        for d in diffs {
            fail(d);
        }
    }
    match got.get("warning_codes").and_then(Value::as_array) {
        Some(codes) => {
            for want in &m.warning_codes {
                if !codes.iter().any(|c| c.as_str() == Some(want)) {
                    fail(format!("expected a {want:?} warning, got {codes:?} ({})", got["warnings"]));
                }
            }
        }
        None if !m.warning_codes.is_empty() => {
            notes.push(format!("{path}: warning codes {:?} not checked: no warning_codes field", m.warning_codes))
        }
        None => {}
    }
    let warnings: Vec<String> = strings(got.get("warnings")).map(|w| w.to_lowercase()).collect();
    for word in &m.warnings_mention {
        if !warnings.iter().any(|w| w.contains(&word.to_lowercase())) {
            fail(format!("a warning should mention {word:?}: {warnings:?}"));
        }
    }
    let paragraphs = got.get("paragraphs").and_then(Value::as_array).map_or(0, Vec::len);
    if let Some(min) = m.min_paragraphs {
        if paragraphs < min {
            fail(format!("expected at least {min} paragraphs, got {paragraphs}"));
        }
    }
    let title = got.get("title").and_then(Value::as_str).unwrap_or("");
    if let Some(prefix) = &m.title_starts_with {
        if !title.starts_with(prefix.as_str()) {
            fail(format!("the title should start with {prefix:?}: {:?}", title.chars().take(80).collect::<String>()));
        }
    }
    for needle in &m.text_contains {
        let found = std::iter::once(title)
            .chain(got.get("lead").and_then(Value::as_str))
            .chain(strings(got.get("paragraphs")))
            .any(|t| t.contains(needle.as_str()));
        if !found {
            fail(format!("no title, lead or paragraph contains {needle:?}"));
        }
    }
}

fn strings(v: Option<&Value>) -> impl Iterator<Item = &str> {
    v.and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str)
}

/// Every key of `want` must be equal in `got`, recursively (as tests/golden.rs compares).
fn compare(path: &str, want: &Value, got: Option<&Value>, diffs: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(w), Some(Value::Object(g))) => {
            for (k, wv) in w {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                compare(&p, wv, g.get(k), diffs);
            }
        }
        (w, Some(g)) if w == g => {}
        (w, g) => diffs.push(format!("{path}: expected {} / actual {}", short(w), g.map_or("(missing)".into(), short))),
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    match s.char_indices().nth(300) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s,
    }
}

/// Runs one case in this process and checks it (the child's work).
fn run_case(name: &str, input: &Path) -> Outcome {
    let mut outcome = Outcome::default();
    let case = match load_case(name) {
        Ok(c) => c,
        Err(e) => {
            outcome.failures.push(e);
            return outcome;
        }
    };
    let bytes = match std::fs::read(input) {
        Ok(b) => b,
        Err(e) => {
            outcome.failures.push(format!("cannot read {}: {e}", input.display()));
            return outcome;
        }
    };
    outcome.input_bytes = bytes.len() as u64;
    let limits = case.limits.as_ref().map_or_else(Limits::default, LimitsSpec::limits);

    let meter = Meter::start();
    let records = if archive::is_zip(&bytes) {
        archive::records(name, &bytes, limits)
    } else {
        vec![jianbao::extract(name, &bytes)]
    };
    meter.stop(&mut outcome);
    drop(bytes);

    outcome.records = records.len();
    let want = case.count.unwrap_or(case.records.len().max(1));
    if records.len() != want {
        outcome.failures.push(format!("expected {want} records, got {}", records.len()));
    }
    if case.records.is_empty() && case.every.is_none() {
        outcome.failures.push("the expected file names no records and no `every`".into());
    }
    let values: Vec<Value> = records.iter().map(to_value).collect();
    for (i, m) in case.records.iter().enumerate() {
        match values.get(i) {
            Some(got) => check_record(m, got, &mut outcome.failures, &mut outcome.notes),
            None => outcome.failures.push(format!("record {i} is missing")),
        }
    }
    if let Some(m) = &case.every {
        for got in &values {
            check_record(m, got, &mut outcome.failures, &mut outcome.notes);
        }
    }
    outcome.failures.truncate(20);
    outcome
}

fn to_value(record: &Record) -> Value {
    serde_json::to_value(record).unwrap_or_else(|e| Value::String(format!("the record does not serialise: {e}")))
}

// ---------------------------------------------------------------- measuring

/// What a child reports back.
#[derive(Serialize, Deserialize, Default)]
struct Outcome {
    failures: Vec<String>,
    notes: Vec<String>,
    records: usize,
    input_bytes: u64,
    /// CPU time of the reading thread, when the kernel reports it.
    cpu_seconds: Option<f64>,
    wall_seconds: f64,
    /// Peak resident memory added while reading, when the kernel reports it.
    peak_extra_bytes: Option<u64>,
}

struct Meter {
    started: Instant,
    cpu_ns: Option<u64>,
    rss: Option<u64>,
}

impl Meter {
    fn start() -> Meter {
        // Resetting the high-water mark makes VmHWM the peak from here on.
        let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
        Meter { started: Instant::now(), cpu_ns: thread_cpu_ns(), rss: reset.then(|| status_bytes("VmRSS")).flatten() }
    }

    fn stop(self, outcome: &mut Outcome) {
        outcome.wall_seconds = self.started.elapsed().as_secs_f64();
        outcome.cpu_seconds = self.cpu_ns.zip(thread_cpu_ns()).map(|(a, b)| b.saturating_sub(a) as f64 / 1e9);
        outcome.peak_extra_bytes =
            self.rss.zip(status_bytes("VmHWM")).map(|(before, peak)| peak.saturating_sub(before));
    }
}

/// Nanoseconds this thread has run on a CPU.
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat").ok()?.split_whitespace().next()?.parse().ok()
}

/// A `kB` line of /proc/self/status, in bytes.
fn status_bytes(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key) && l[key.len()..].starts_with(':'))?;
    let kb: u64 = line[key.len() + 1..].trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kb * 1024)
}

/// The normal cost: every real fixture file read one after the other.
fn run_baseline() -> Outcome {
    let files = support::fixture_files("corpus").into_iter().chain(support::fixture_files("seeds"));
    let inputs: Vec<(String, Vec<u8>)> =
        files.filter_map(|p| Some((p.display().to_string(), std::fs::read(&p).ok()?))).collect();
    let mut outcome = Outcome { input_bytes: inputs.iter().map(|(_, b)| b.len() as u64).sum(), ..Outcome::default() };
    let meter = Meter::start();
    outcome.records =
        inputs.iter().map(|(path, bytes)| jianbao::extract(path, bytes)).filter(|r| r.as_article().is_some()).count();
    meter.stop(&mut outcome);
    outcome
}

// ---------------------------------------------------------------- parent and child

const CHILD_CASE: &str = "JIANBAO_BAD_FILE_CASE";
const CHILD_INPUT: &str = "JIANBAO_BAD_FILE_INPUT";
const RESULT_PREFIX: &str = "bad-file-outcome:";
const BASELINE: &str = "(real corpus)";
/// The stack of a `cargo test` thread.
const TEST_THREAD_STACK: usize = 2 << 20;

/// One trial per case, named by its file name (`cargo test --test bad_files -- zip-` runs
/// the ZIP cases). Started with [`CHILD_CASE`] set, the binary is a child instead: it
/// runs that one case and prints its [`Outcome`].
fn main() {
    if let Ok(name) = std::env::var(CHILD_CASE) {
        child(name, std::env::var_os(CHILD_INPUT).map(PathBuf::from));
        return;
    }
    let args = libtest_mimic::Arguments::from_args();
    let names = case_names();
    assert!(names.len() >= 40, "fixtures/bad/ holds only {} cases", names.len());
    for (generator, _) in GENERATORS {
        assert!(names.iter().any(|n| n == generator), "generator {generator:?} has no {generator}{EXPECTED_SUFFIX}");
    }
    let ran: &'static Mutex<Vec<Ran>> = Box::leak(Box::default());
    let trials =
        names.into_iter().map(|name| libtest_mimic::Trial::test(name.clone(), move || run_trial(&name, ran))).collect();
    let conclusion = libtest_mimic::run(&args, trials);

    let mut ran = std::mem::take(&mut *ran.lock().unwrap_or_else(|e| e.into_inner()));
    ran.sort_by(|a, b| a.name.cmp(&b.name));
    for r in &ran {
        match (&r.pending, r.outcome.failures.is_empty()) {
            (Some(why), true) => println!("PENDING {} ({why}) passes now: remove its \"pending\" mark", r.name),
            (Some(why), false) => println!("PENDING {} ({why}): {}", r.name, r.outcome.failures.join("; ")),
            (None, _) => {}
        }
        for note in &r.outcome.notes {
            println!("note {}: {note}", r.name);
        }
    }
    if ran.iter().any(|r| r.generated) {
        let cost = cost_table(&ran, &run_child(BASELINE, None, timeout(false)));
        print!("{cost}");
        let artifacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-artifacts");
        if std::fs::create_dir_all(&artifacts).is_ok() {
            let _ = std::fs::write(artifacts.join("bad-files-cost.md"), cost);
        }
    }
    if let Ok(copy) = child_exe() {
        let _ = std::fs::remove_file(copy);
    }
    conclusion.exit();
}

/// The child's side: the case (or the baseline, without an input) on a thread with a test thread's stack.
fn child(name: String, input: Option<PathBuf>) {
    let worker =
        std::thread::Builder::new().name(name.clone()).stack_size(TEST_THREAD_STACK).spawn(move || match input {
            Some(input) => run_case(&name, &input),
            None => run_baseline(),
        });
    let outcome = match worker.map(|w| w.join()) {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(panic)) => failed(format!("panicked: {}", panic_message(&panic))),
        Err(e) => failed(format!("cannot start the thread: {e}")),
    };
    let line = serde_json::to_string(&outcome).unwrap_or_else(|e| format!("{{\"failures\":[\"{e}\"]}}"));
    println!("{RESULT_PREFIX}{line}");
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

/// Runs one case (or the baseline, with no input) in a child process, within `timeout`.
fn run_child(name: &str, input: Option<&Path>, timeout: Duration) -> Outcome {
    let exe = match child_exe() {
        Ok(e) => e,
        Err(e) => return failed(e.clone()),
    };
    let mut command = Command::new(exe);
    command.env(CHILD_CASE, name).env_remove(CHILD_INPUT);
    if let Some(input) = input {
        command.env(CHILD_INPUT, input);
    }
    let mut child = match command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn() {
        Ok(c) => c,
        Err(e) => return failed(format!("cannot start the child: {e}")),
    };
    // Drain both pipes while waiting, so a chatty child never blocks.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_string(&mut text);
            }
            text
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return failed(format!("cannot wait for the child: {e}")),
        }
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    if let Some(line) = stdout.lines().find_map(|l| l.strip_prefix(RESULT_PREFIX)) {
        return serde_json::from_str(line).unwrap_or_else(|e| failed(format!("unreadable outcome ({e}): {line}")));
    }
    let last_lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    let tail = last_lines[last_lines.len().saturating_sub(2)..].join(" / ");
    match status {
        None => failed(format!("took more than {} s (killed)", timeout.as_secs())),
        Some(status) => failed(format!("the process died ({status}): {tail}")),
    }
}

/// A private copy of this test binary for the children: another `cargo test`
/// on the shared target folder may relink the original while cases run.
fn child_exe() -> &'static Result<PathBuf, String> {
    static EXE: std::sync::OnceLock<Result<PathBuf, String>> = std::sync::OnceLock::new();
    EXE.get_or_init(|| {
        let original = std::env::current_exe().map_err(|e| format!("cannot find the test binary: {e}"))?;
        let copy = generated_dir().join(format!("runner-{}", std::process::id()));
        std::fs::create_dir_all(generated_dir()).map_err(|e| e.to_string())?;
        std::fs::copy(&original, &copy).map_err(|e| format!("cannot copy the test binary: {e}"))?;
        Ok(copy)
    })
}

fn failed(why: String) -> Outcome {
    Outcome { failures: vec![why], ..Outcome::default() }
}

fn timeout(pending: bool) -> Duration {
    let default = if pending { 120 } else { 600 };
    Duration::from_secs(std::env::var("BAD_FILES_TIMEOUT").ok().and_then(|s| s.parse().ok()).unwrap_or(default))
}

struct Ran {
    name: String,
    generated: bool,
    pending: Option<String>,
    outcome: Outcome,
}

/// One case: its child's outcome, kept for the summary; a pending case never fails its trial.
fn run_trial(name: &str, ran: &Mutex<Vec<Ran>>) -> Result<(), libtest_mimic::Failed> {
    let generated = GENERATORS.iter().any(|(n, _)| *n == name);
    let case = load_case(name);
    let pending = case.as_ref().ok().and_then(|c| c.pending.clone());
    let outcome = match (case, input_path(name)) {
        (Err(e), _) | (_, Err(e)) => failed(e),
        (Ok(_), Ok(input)) => run_child(name, Some(&input), timeout(pending.is_some())),
    };
    let result =
        if outcome.failures.is_empty() || pending.is_some() { Ok(()) } else { Err(outcome.failures.join("\n").into()) };
    ran.lock().unwrap_or_else(|e| e.into_inner()).push(Ran { name: name.to_string(), generated, pending, outcome });
    result
}

/// Time per MiB against the real corpus's, and peak memory against input size, per generated case.
fn cost_table(ran: &[Ran], baseline: &Outcome) -> String {
    let mib = |b: u64| b as f64 / (1 << 20) as f64;
    let seconds = |o: &Outcome| o.cpu_seconds.unwrap_or(o.wall_seconds);
    let base_per_mib = seconds(baseline) / mib(baseline.input_bytes).max(1e-9);
    let profile = if cfg!(debug_assertions) { "debug build: take the ratios loosely" } else { "release build" };
    let mut out = format!(
        "\n## Cost of the generated cases ({profile})\n\n\
         Baseline: the real corpus, {:.2} MiB in {:.3} s of CPU = {:.3} s/MiB. Time is the reading thread's CPU time; \
         peak is the resident memory added while reading. Ratios are left out below {SMALL_INPUT_KIB} KiB of input, \
         where fixed costs and page granularity dominate.\n\n\
         | case | input MiB | s CPU | s/MiB | × baseline | peak extra MiB | × input |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n",
        mib(baseline.input_bytes),
        seconds(baseline),
        base_per_mib
    );
    for r in ran.iter().filter(|r| r.generated) {
        let o = &r.outcome;
        if o.input_bytes == 0 {
            out += &format!("| {} | – | – | – | – | – | – |\n", r.name);
            continue;
        }
        let big = o.input_bytes >= SMALL_INPUT_KIB << 10;
        let per_mib = seconds(o) / mib(o.input_bytes);
        let time_ratio = if big { format!("{:.1}", per_mib / base_per_mib) } else { "–".into() };
        let peak = o.peak_extra_bytes.map_or("–".into(), |p| format!("{:.1}", mib(p)));
        let peak_ratio = match o.peak_extra_bytes {
            Some(p) if big => format!("{:.1}", p as f64 / o.input_bytes as f64),
            _ => "–".into(),
        };
        out += &format!(
            "| {} | {:.2} | {:.3} | {} | {time_ratio} | {peak} | {peak_ratio} |\n",
            r.name,
            mib(o.input_bytes),
            seconds(o),
            if big { format!("{per_mib:.3}") } else { "–".into() },
        );
    }
    out
}

/// Below this input size the cost ratios are not meaningful.
const SMALL_INPUT_KIB: u64 = 256;

// ---------------------------------------------------------------- generators

/// Makes one large input.
type Generator = fn() -> Vec<u8>;

/// Large inputs, made at test time (never committed). Each name is a case.
const GENERATORS: &[(&str, Generator)] = &[
    ("random-50mb.bin", || random_bytes(50 << 20, 0x5eed)),
    ("dump-20mb.txt", || dump(TITLE, &repeat_until(PARAGRAPHS, 20 << 20))),
    ("title-100k-chars.txt", || dump(&"很长的标题".repeat(20_000), PARAGRAPHS)),
    ("unclosed-p-1m.txt", || dump(TITLE, &format!("{}{INNER}", "<p>段落".repeat(1_000_000)))),
    ("br-lines-1m.txt", || dump(TITLE, &format!("{}{INNER}", "一行<br>".repeat(1_000_000)))),
    ("attributes-100k.txt", || {
        let attributes: String = (0..100_000).map(|i| format!(" data-a{i}=\"x\"")).collect();
        dump(TITLE, &format!("<p{attributes}>{INNER}</p>"))
    }),
    ("nested-div-dump.txt", || dump(TITLE, &nested(&["div"], 100_000, true))),
    ("nested-span-in-p-dump.txt", || dump(TITLE, &format!("<p>{}</p>", nested(&["span"], 100_000, true)))),
    ("nested-b-i-dump.txt", || dump(TITLE, &nested(&["b", "i"], 100_000, false))),
    ("nested-table-dump.txt", || dump(TITLE, &nested(&["table", "tr", "td"], 100_000, true))),
    ("nested-ul-li-dump.txt", || dump(TITLE, &nested(&["ul", "li"], 100_000, false))),
    ("nested-font-dump.txt", || dump(TITLE, &nested(&["font"], 100_000, false))),
    ("nested-div-mirror.txt", || mirror_page(TITLE, &nested(&["div"], 100_000, true))),
    ("nested-div-html.html", || html_page(TITLE, &nested(&["div"], 100_000, true))),
    ("nested-span-in-p-html.html", || html_page(TITLE, &format!("<p>{}</p>", nested(&["span"], 100_000, false)))),
    ("zip-unsafe-names.zip", || {
        zip_of(&[("../evil.md", PAGE), ("/etc/passwd.md", PAGE), ("C:\\Windows\\x.md", PAGE), ("ok.md", PAGE)])
    }),
    ("zip-encrypted.zip", || {
        let mut zip = zip_of(&[("secret.md", PAGE), ("open.md", PAGE)]);
        set_zip_flags(&mut zip, b"secret.md", 0x0001);
        zip
    }),
    ("zip-bomb.zip", || zip_deflated(&[("bomb.txt", &vec![b'0'; 10 << 20]), ("after.md", PAGE.as_bytes())])),
    ("zip-bomb-lying-size.zip", || {
        let mut zip = zip_deflated(&[("liar.txt", &vec![b'0'; 10 << 20]), ("after.md", PAGE.as_bytes())]);
        set_zip_uncompressed_size(&mut zip, b"liar.txt", 1_000);
        zip
    }),
    ("zip-total-too-large.zip", || {
        let chunk = vec![b'x'; 600 << 10];
        zip_deflated(&[("a.txt", &chunk), ("b.txt", &chunk), ("c.md", PAGE.as_bytes())])
    }),
    ("zip-truncated.zip", || {
        let zip = zip_of(&[("a.md", PAGE), ("b.md", PAGE)]);
        zip[..zip.len() / 2].to_vec()
    }),
    ("zip-corrupt-entry.zip", || {
        let page = PAGE.repeat(20);
        let mut zip = zip_deflated(&[("broken.md", page.as_bytes()), ("fine.md", PAGE.as_bytes())]);
        // Overwrite the middle of the first entry's compressed data.
        let start = 30 + "broken.md".len() + 40;
        zip[start..start + 64].fill(0xA5);
        zip
    }),
    ("zip-20000-entries.zip", || {
        let names: Vec<String> = (0..20_000).map(|i| format!("dump/{i:05}.md")).collect();
        let entries: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), SMALL_DUMP)).collect();
        zip_of(&entries)
    }),
    ("zip-nested.zip", || {
        let inner = zip_of(&[("inner.md", PAGE)]);
        zip_deflated(&[("inner.zip", &inner), ("outer.md", PAGE.as_bytes())])
    }),
    ("zip-gbk-names.zip", || {
        let names = ["新闻/报道一.md", "新闻/報導二.md"];
        let gbk: Vec<Vec<u8>> = names.iter().map(|n| encoding_rs::GBK.encode(n).0.into_owned()).collect();
        // Written under ASCII stand-ins of the same length (so no UTF-8 flag), then renamed in place.
        let stand_ins: Vec<String> =
            gbk.iter().enumerate().map(|(i, g)| format!("{i}{}", "_".repeat(g.len() - 1))).collect();
        let entries: Vec<(&str, &str)> = stand_ins.iter().map(|n| (n.as_str(), PAGE)).collect();
        let mut zip = zip_of(&entries);
        for (stand_in, name) in stand_ins.iter().zip(&gbk) {
            rename_zip_entry(&mut zip, stand_in.as_bytes(), name);
        }
        zip
    }),
    ("zip-dirs-only.zip", || zip_with_dirs(&["a/", "a/b/", "c/"])),
    ("zip-empty.zip", || zip_of(&[])),
    ("zip-duplicate-names.zip", || {
        // ZipWriter refuses a duplicate name: write another, then rename it in place.
        let mut zip = zip_of(&[("same.md", PAGE), ("samf.md", SMALL_DUMP)]);
        rename_zip_entry(&mut zip, b"samf.md", b"same.md");
        zip
    }),
];

const TITLE: &str = "布林肯访华前与日韩外长通话";
const INNER: &str = "最深处的一句话。";
const PARAGRAPHS: &str = "<p>美国国务卿布林肯周六分别与日本和韩国外长通电话，讨论即将进行的访华行程。</p>\
<p>双方强调在印太地区维持和平与稳定的重要性，并同意保持密切沟通。</p>\
<p>分析人士认为，此次访问将为美中关系的缓和带来契机。</p>\n";
const PAGE: &str =
    "<!--1687038302000-->\n[布林肯访华前与日韩外长通话](https://www.rfi.fr/cn/中国/20230617-布林肯访华)\n------\n\n\
<div>17/06/2023 - 23:40</div><p>美国国务卿布林肯周六分别与日本和韩国外长通电话。</p><p>双方同意保持密切沟通。</p>\n";
const SMALL_DUMP: &str =
    "<!--1687038302000-->\n[小标题](https://www.rfi.fr/cn/中国/20230617-x)\n------\n\n<p>一段很短的正文。</p>\n";

/// An RFI-style RSS dump with the given title and HTML body.
fn dump(title: &str, body: &str) -> Vec<u8> {
    format!("<!--1687038302000-->\n[{title}](https://www.rfi.fr/cn/中国/20230617-布林肯访华)\n------\n\n<div>17/06/2023 - 23:40</div>{body}\n")
        .into_bytes()
}

/// An Epoch Times mirrored page with the given HTML inside its `post_content`.
fn mirror_page(title: &str, body: &str) -> Vec<u8> {
    format!(
        "### {title}\n\n---\n\n#### [首页](../../..) &nbsp;|&nbsp; [禁闻](../../../epoch-news)\n\n\
         <div class=\"post_content\" id=\"artbody\"><p>【大纪元2023年06月17日讯】{INNER}</p>{body}</div>\n\n---\n\n\
         原文链接（需翻墙）：https://www.epochtimes.com/gb/23/6/17/n1.htm\n"
    )
    .into_bytes()
}

/// A generic HTML page.
fn html_page(title: &str, body: &str) -> Vec<u8> {
    format!("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body><article>{body}</article></body></html>\n")
        .into_bytes()
}

/// `depth` elements nested by cycling through `tags`, with [`INNER`] innermost,
/// then (when `close`) every end tag and a paragraph after them.
fn nested(tags: &[&str], depth: usize, close: bool) -> String {
    let mut out = String::with_capacity(depth * 12);
    for i in 0..depth {
        out.push('<');
        out.push_str(tags[i % tags.len()]);
        out.push('>');
    }
    out.push_str(INNER);
    if close {
        for i in (0..depth).rev() {
            out.push_str("</");
            out.push_str(tags[i % tags.len()]);
            out.push('>');
        }
        out.push_str("<p>嵌套之后的段落。</p>");
    }
    out
}

fn repeat_until(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len() + 1)
}

/// Reproducible noise (SplitMix64).
fn random_bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        out.extend_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    out.truncate(len);
    out
}

fn zip_writer_finish(w: zip::ZipWriter<std::io::Cursor<Vec<u8>>>) -> Vec<u8> {
    w.finish().expect("the archive is written in memory").into_inner()
}

fn zip_with(entries: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, data) in entries {
        w.start_file(*name, options).expect("start an entry");
        w.write_all(data).expect("write an entry");
    }
    zip_writer_finish(w)
}

/// A ZIP of stored text entries.
fn zip_of(entries: &[(&str, &str)]) -> Vec<u8> {
    let entries: Vec<(&str, &[u8])> = entries.iter().map(|(n, d)| (*n, d.as_bytes())).collect();
    zip_with(&entries, zip::CompressionMethod::Stored)
}

fn zip_deflated(entries: &[(&str, &[u8])]) -> Vec<u8> {
    zip_with(entries, zip::CompressionMethod::Deflated)
}

fn zip_with_dirs(dirs: &[&str]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for dir in dirs {
        w.add_directory(*dir, zip::write::SimpleFileOptions::default()).expect("add a folder");
    }
    zip_writer_finish(w)
}

/// The local and central headers of the entry named `name`, as (offset of the
/// header, offset of its general-purpose flags, offset of its uncompressed size).
fn zip_headers(zip: &[u8], name: &[u8]) -> Vec<(usize, usize, usize)> {
    let u16_at = |i: usize| usize::from(u16::from_le_bytes([zip[i], zip[i + 1]]));
    let mut found = Vec::new();
    for i in 0..zip.len().saturating_sub(46) {
        // (signature, flags, uncompressed size, name length, name) offsets of a local and a central header.
        let layout = match &zip[i..i + 4] {
            b"PK\x03\x04" => (6, 22, 26, 30),
            b"PK\x01\x02" => (8, 24, 28, 46),
            _ => continue,
        };
        let (flags, size, name_len, name_at) = layout;
        let len = u16_at(i + name_len);
        if zip.get(i + name_at..i + name_at + len) == Some(name) {
            found.push((i, i + flags, i + size));
        }
    }
    assert_eq!(found.len(), 2, "entry {:?} has a local and a central header", String::from_utf8_lossy(name));
    found
}

fn set_zip_flags(zip: &mut [u8], name: &[u8], bits: u16) {
    for (_, flags, _) in zip_headers(zip, name) {
        let old = u16::from_le_bytes([zip[flags], zip[flags + 1]]);
        zip[flags..flags + 2].copy_from_slice(&(old | bits).to_le_bytes());
    }
}

fn set_zip_uncompressed_size(zip: &mut [u8], name: &[u8], size: u32) {
    for (_, _, at) in zip_headers(zip, name) {
        zip[at..at + 4].copy_from_slice(&size.to_le_bytes());
    }
}

/// Replaces an entry's name by raw bytes of the same length (both headers).
fn rename_zip_entry(zip: &mut [u8], from: &[u8], to: &[u8]) {
    assert_eq!(from.len(), to.len());
    for (header, _, _) in zip_headers(zip, from) {
        let name_at = header + if &zip[header..header + 4] == b"PK\x03\x04" { 30 } else { 46 };
        zip[name_at..name_at + to.len()].copy_from_slice(to);
    }
}
