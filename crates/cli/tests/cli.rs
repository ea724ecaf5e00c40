//! Runs the built `jianbao` binary over the fixtures, as a user would.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "../../../tests/support/zips.rs"]
mod zips;
use zips::{rename, zip_with};

mod common;
use common::{fixtures, json_lines, stderr, BIN};

/// A fresh folder for one test.
fn scratch(name: &str) -> PathBuf {
    common::scratch(&format!("cli-{name}"))
}

fn run(args: &[&str], cwd: &Path) -> Output {
    Command::new(BIN).args(args).current_dir(cwd).output().expect("runs the binary")
}

fn lines(out: &Output) -> Vec<Value> {
    std::str::from_utf8(&out.stdout).expect("UTF-8 output");
    json_lines(&out.stdout)
}

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89";

#[test]
fn a_folder_gives_one_line_per_file_in_name_order() {
    let out = run(&["extract", "corpus/B"], &fixtures());
    assert!(out.status.success(), "{}", stderr(&out));
    let recs = lines(&out);
    let count = std::fs::read_dir(fixtures().join("corpus/B")).unwrap().count();
    assert_eq!(count, 152);
    assert_eq!(recs.len(), count);
    let paths: Vec<&str> = recs.iter().map(|r| r["source"]["path"].as_str().unwrap()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "deterministic name order");
    assert_eq!(paths[0], "corpus/B/e2vcomm__nsc1025__n12596707.md");
    assert_eq!(recs[0]["title"], "【有冇搞错】当暴政降临 美国人有权武装反抗");
    assert_eq!(recs[0]["published"], "2020-12-05");
    assert_eq!(recs[0]["editor"], "连书华");
    assert_eq!(recs[0]["source"]["format"], "mirror-page");
    for r in &recs {
        assert!(r.get("error").is_none(), "{r}");
        assert!(!r["title"].as_str().unwrap().is_empty());
        assert!(r["url"].as_str().unwrap().starts_with("https://www.epochtimes.com/gb/"));
    }
    // Byte-identical copies of a page in two sections.
    let dup = recs.iter().find(|r| r["source"]["path"] == "corpus/B/e2vnews__ncid282__n12757501.md").unwrap();
    assert_eq!(dup["duplicate_of"], "corpus/B/e2vnews__ncid1349362__n12757501.md");
    let err = stderr(&out);
    assert!(err.contains("152 files read, 152 articles, 0 errors, 3 duplicates"), "{err}");
}

#[test]
fn output_does_not_depend_on_jobs() {
    let one = run(&["extract", "-q", "-j", "1", "corpus/B", "corpus/other", "seeds"], &fixtures());
    let four = run(&["extract", "-q", "--jobs", "4", "corpus/B", "corpus/other", "seeds"], &fixtures());
    assert!(one.status.success() && four.status.success());
    assert_eq!(one.stdout, four.stdout);
    assert!(one.stderr.is_empty(), "--quiet prints no summary");
    assert_eq!(lines(&one).len(), 152 + 25 + 5);
}

#[test]
fn a_zip_archive_is_read_entry_by_entry() {
    let dir = scratch("zip");
    let seed = std::fs::read(fixtures().join("seeds/004_d36ee75ac0d48196.txt")).unwrap();
    let zip_path = dir.join("dump.zip");
    let zip = zip_of(&[
        ("pages/", b""),
        ("pages/004.txt", &seed),
        ("pages/picture.png", PNG),
        ("../escape.md", b"### x\n---\n"),
    ]);
    std::fs::write(&zip_path, zip).unwrap();
    // The archive is recognised by its bytes, not its name.
    let renamed = dir.join("dump.bin");
    std::fs::copy(&zip_path, &renamed).unwrap();
    for name in ["dump.zip", "dump.bin"] {
        let out = run(&["extract", name], &dir);
        assert!(out.status.success(), "{}", stderr(&out));
        let recs = lines(&out);
        assert_eq!(recs.len(), 3, "directories are not records");
        assert_eq!(recs[0]["source"]["path"], format!("{name}/pages/004.txt"));
        assert_eq!(recs[0]["title"], "乌克兰危机加剧之际 布林肯与俄外长会面");
        assert_eq!(recs[0]["authors"][0], "张婷");
        assert_eq!(recs[1]["source"]["path"], format!("{name}/pages/picture.png"));
        assert_eq!(recs[1]["error"], "a PNG image, not a text article");
        assert_eq!(recs[2]["source"]["path"], format!("{name}/../escape.md"));
        assert!(recs[2]["error"].as_str().unwrap().contains("`..`"), "{}", recs[2]);
        assert!(stderr(&out).contains("3 files read, 1 articles, 2 errors"), "{}", stderr(&out));
    }
}

#[test]
fn a_missing_path_is_reported_and_the_rest_still_read() {
    let out = run(&["extract", "no/such/file.md", "seeds/004_d36ee75ac0d48196.txt"], &fixtures());
    assert_eq!(out.status.code(), Some(1));
    let recs = lines(&out);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["source"]["path"], "no/such/file.md");
    assert_eq!(recs[0]["error"], "no such file or folder");
    assert_eq!(recs[1]["title"], "乌克兰危机加剧之际 布林肯与俄外长会面");
}

#[test]
fn images_and_empty_files_are_error_records() {
    let dir = scratch("binary");
    std::fs::write(dir.join("a.png"), PNG).unwrap();
    std::fs::write(dir.join("b.txt"), b"").unwrap();
    std::fs::write(dir.join("c.txt"), b"  \n\r\n").unwrap();
    std::fs::write(dir.join(".hidden.md"), b"x").unwrap();
    let out = run(&["extract", "."], &dir);
    assert_eq!(out.status.code(), Some(0));
    let recs = lines(&out);
    let errors: Vec<&str> = recs.iter().map(|r| r["error"].as_str().unwrap()).collect();
    assert_eq!(errors, ["a PNG image, not a text article", "empty file", "the file contains only white space"]);
    assert_eq!(recs[0]["source"]["bytes"], PNG.len());
    assert_eq!(recs[0]["source"]["path"], "./a.png");
    let err = stderr(&out);
    assert!(err.contains("3 files read, 0 articles, 3 errors"), "{err}");
    assert!(err.contains("1 hidden entries skipped"), "{err}");
    // --hidden reads it.
    let out = run(&["extract", "--hidden", "--errors-only", "."], &dir);
    assert_eq!(lines(&out).len(), 4);
}

#[test]
fn filters_and_output_file() {
    let dir = scratch("filters");
    let seeds = fixtures().join("seeds");
    std::fs::write(dir.join("x.png"), PNG).unwrap();
    let target = dir.join("out.jsonl");
    let out = Command::new(BIN)
        .arg("extract")
        .arg("--no-errors")
        .arg("-o")
        .arg(&target)
        .arg(seeds.join("004_d36ee75ac0d48196.txt"))
        .arg(dir.join("x.png"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let written = std::fs::read_to_string(&target).unwrap();
    assert_eq!(written.lines().count(), 1);
    assert!(stderr(&out).contains("2 files read, 1 articles, 1 errors"), "{}", stderr(&out));
    let out = Command::new(BIN)
        .arg("extract")
        .arg("--errors-only")
        .arg(dir.join("x.png"))
        .arg(seeds.join("004_d36ee75ac0d48196.txt"))
        .output()
        .unwrap();
    let recs = lines(&out);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["error"], "a PNG image, not a text article");
}

#[test]
fn help_and_usage_errors() {
    let out = run(&["extract", "--help"], &fixtures());
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("Usage: jianbao extract [OPTIONS] PATH..."));
    assert!(help.contains("--jobs"));
    let out = run(&["--help"], &fixtures());
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("jianbao extract"));
    for bad in [&["extract"][..], &["extract", "--frobnicate", "x"], &["extract", "-j", "0", "x"], &["frobnicate"], &[]]
    {
        let out = run(bad, &fixtures());
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(out.stdout.is_empty());
        assert!(!stderr(&out).is_empty());
    }
}

#[test]
fn a_panic_while_reading_one_file_becomes_its_error_record() {
    let out = Command::new(BIN)
        .args(["extract", "-j", "2", "seeds"])
        .current_dir(fixtures())
        .env("JIANBAO_TEST_PANIC_ON", "002_98ab6192b286a1e9.txt")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let recs = lines(&out);
    assert_eq!(recs.len(), 5, "the run goes on");
    assert_eq!(recs[2]["source"]["path"], "seeds/002_98ab6192b286a1e9.txt");
    assert_eq!(recs[2]["source"]["bytes"], 4437);
    assert_eq!(recs[2]["source"]["sha256"].as_str().unwrap().len(), 64);
    assert!(recs[2]["error"].as_str().unwrap().starts_with("internal error while reading this file"), "{}", recs[2]);
    assert!(recs[3]["title"].is_string());
    assert!(stderr(&out).contains("5 files read, 4 articles, 1 errors"), "{}", stderr(&out));
}

#[test]
fn standard_input_is_one_file() {
    use std::process::Stdio;
    let seed = std::fs::read(fixtures().join("seeds/004_d36ee75ac0d48196.txt")).unwrap();
    let mut child = Command::new(BIN)
        .args(["extract", "-q", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&seed).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let recs = lines(&out);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["source"]["path"], "-");
    assert_eq!(recs[0]["editor"], "林妍");
}

/// Runs the binary, feeding `stdin` from a thread (the binary may stop
/// reading early); fails the test instead of hanging when the run outlives
/// `limit`.
fn run_within(args: &[&str], cwd: &Path, stdin: Option<Vec<u8>>, limit: std::time::Duration) -> Output {
    use std::process::Stdio;
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs the binary");
    if let (Some(bytes), Some(mut pipe)) = (stdin, child.stdin.take()) {
        // A broken pipe is the binary refusing the rest: what some tests want.
        std::thread::spawn(move || drop(pipe.write_all(&bytes)));
    }
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    match rx.recv_timeout(limit) {
        Ok(out) => out.expect("the binary ran"),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("jianbao {args:?} still running after {limit:?}");
        }
    }
}

const LIMIT: std::time::Duration = std::time::Duration::from_secs(120);

fn code(record: &Value) -> &str {
    record["code"].as_str().unwrap_or("")
}

fn seed() -> Vec<u8> {
    std::fs::read(fixtures().join("seeds/004_d36ee75ac0d48196.txt")).unwrap()
}

#[cfg(unix)]
#[test]
fn special_files_are_one_row_each_and_never_read() {
    let dir = scratch("special");
    std::fs::write(dir.join("a.md"), seed()).unwrap();
    let made = Command::new("mkfifo").arg(dir.join("b.pipe")).status().expect("mkfifo runs");
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", dir.join("c-zero")).unwrap();
    std::fs::create_dir(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub/x.md"), seed()).unwrap();
    std::os::unix::fs::symlink(dir.join("sub"), dir.join("d-folder-link")).unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(dir.join("e.sock")).unwrap();
    std::fs::write(dir.join("f.md"), seed()).unwrap();

    let out = run_within(&["extract", "-j", "2", "."], &dir, None, LIMIT);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recs = lines(&out);
    let got: Vec<(&str, &str)> = recs.iter().map(|r| (r["source"]["path"].as_str().unwrap(), code(r))).collect();
    assert_eq!(
        got,
        [
            ("./a.md", ""),
            ("./b.pipe", "not-regular-file"),
            ("./c-zero", "not-regular-file"),
            ("./d-folder-link", "not-followed"),
            ("./e.sock", "not-regular-file"),
            ("./f.md", ""),
            ("./sub/x.md", ""),
        ]
    );
    assert!(recs[1]["error"].as_str().unwrap().contains("named pipe (FIFO)"), "{}", recs[1]);
    assert!(recs[2]["error"].as_str().unwrap().contains("character device"), "{}", recs[2]);

    // Given directly: one row, exit status 1 (the path could not be read), and the run goes on.
    for special in ["/dev/zero", "b.pipe"] {
        let out = run_within(&["extract", "--max-file-size", "1", special, "a.md"], &dir, None, LIMIT);
        assert_eq!(out.status.code(), Some(1), "{special}: {}", stderr(&out));
        let recs = lines(&out);
        assert_eq!(recs.len(), 2, "{special}");
        assert_eq!((recs[0]["source"]["path"].as_str(), code(&recs[0])), (Some(special), "not-regular-file"));
        assert_eq!(recs[1]["title"], "乌克兰危机加剧之际 布林肯与俄外长会面");
    }
}

#[test]
fn standard_input_is_capped_at_the_size_limits() {
    let dir = scratch("stdin-cap");
    let big = vec![b'a'; 3 << 20];
    let out = run_within(&["extract", "--max-file-size", "1", "-"], &dir, Some(big), LIMIT);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recs = lines(&out);
    assert_eq!(recs.len(), 1);
    assert_eq!((recs[0]["source"]["path"].as_str(), code(&recs[0])), (Some("-"), "too-large"));
    assert!(recs[0]["error"].as_str().unwrap().contains("1 MiB limit (--max-file-size)"), "{}", recs[0]);

    // A ZIP archive on standard input: read entry by entry, and capped at --max-zip-size.
    let small = zip_of(&[("a.md", &seed()), ("b.png", PNG)]);
    let out = run_within(&["extract", "-"], &dir, Some(small), LIMIT);
    let paths: Vec<String> = lines(&out).iter().map(|r| r["source"]["path"].as_str().unwrap().to_string()).collect();
    assert_eq!(paths, ["-/a.md", "-/b.png"]);
    // Stored, so the archive itself is over the 1 MiB cap (not just what it expands to).
    let large = zip_with(zip::CompressionMethod::Stored, &[("big.txt", &vec![b'a'; 3 << 20])]);
    let out = run_within(&["extract", "--max-zip-size", "1", "-"], &dir, Some(large), LIMIT);
    let recs = lines(&out);
    assert_eq!(recs.len(), 1);
    assert_eq!((recs[0]["source"]["path"].as_str(), code(&recs[0])), (Some("-"), "zip-too-large"));
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    zip_with(zip::CompressionMethod::Deflated, entries)
}

#[test]
fn zip_names_duplicates_encrypted_and_nested_archives() {
    use zip::unstable::write::FileOptionsExt;
    let dir = scratch("zip-names");
    let seed = seed();
    let gbk_name: &[u8] = b"\xd0\xc2\xce\xc5/\xce\xda\xbf\xcb\xc0\xbc.txt"; // 新闻/乌克兰.txt in GBK
    let placeholder = "n".repeat(gbk_name.len());
    let inner = zip_of(&[("inner.md", &seed)]);
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let plain = zip::write::SimpleFileOptions::default();
    for (name, data) in
        [(placeholder.as_str(), &seed), ("dup/a.txt", &seed), ("dup/b.txt", &seed), ("nested.zip", &inner)]
    {
        w.start_file(name, plain).unwrap();
        w.write_all(data).unwrap();
    }
    w.start_file("秘密.txt", plain.with_deprecated_encryption(b"secret").unwrap()).unwrap();
    w.write_all(&seed).unwrap();
    let zip = w.finish().unwrap().into_inner();
    let zip = rename(rename(zip, placeholder.as_bytes(), gbk_name), b"dup/b.txt", b"dup/a.txt");
    std::fs::write(dir.join("names.zip"), zip).unwrap();

    let out = run_within(&["extract", "names.zip"], &dir, None, LIMIT);
    assert!(out.status.success(), "{}", stderr(&out));
    let recs = lines(&out);
    let got: Vec<(&str, &str)> = recs.iter().map(|r| (r["source"]["path"].as_str().unwrap(), code(r))).collect();
    assert_eq!(
        got,
        [
            ("names.zip/新闻/乌克兰.txt", ""),
            ("names.zip/dup/a.txt", ""),
            ("names.zip/dup/a.txt#2", ""),
            ("names.zip/nested.zip", "archive"),
            ("names.zip/秘密.txt", "zip-encrypted"),
        ]
    );
    assert_eq!(recs[2]["warning_codes"], serde_json::json!(["zip-duplicate-name"]), "{}", recs[2]);
    assert!(recs[3]["error"].as_str().unwrap().starts_with("a ZIP archive inside an archive: not opened"));
    assert!(stderr(&out).contains("5 files read, 3 articles, 2 errors, 2 duplicates"), "{}", stderr(&out));
}

#[test]
fn twenty_thousand_entries_are_twenty_thousand_lines() {
    let dir = scratch("many");
    let names: Vec<String> = (0..20_000).map(|i| format!("p/{i:05}.md")).collect();
    let files: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"### t\n"[..])).collect();
    std::fs::write(dir.join("many.zip"), zip_of(&files)).unwrap();
    let started = std::time::Instant::now();
    let out = run_within(&["extract", "-q", "many.zip"], &dir, None, LIMIT);
    assert!(out.status.success(), "{}", stderr(&out));
    let recs = lines(&out);
    assert_eq!(recs.len(), 20_000);
    assert_eq!(recs[19_999]["source"]["path"], "many.zip/p/19999.md");
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}

#[test]
fn clusters_prints_copies_and_a_syndicated_story_as_json_lines() {
    let out = run(&["clusters", "-q", "corpus/A", "corpus/B"], &fixtures());
    assert!(out.status.success(), "{}", stderr(&out));
    let groups: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let kinds: Vec<&str> = groups.iter().map(|g| g["kind"].as_str().unwrap()).collect();
    assert!(kinds.iter().filter(|k| **k == "identical").count() >= 3, "{kinds:?}");
    assert!(kinds.contains(&"same-url"), "{kinds:?}");
    let near = groups.iter().find(|g| g["kind"] == "near").expect("a story");
    let members: Vec<&str> = near["members"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
    assert!(members.iter().any(|m| m.contains("法广__1047756")) && members.iter().any(|m| m.contains("路透__1047952")));
    let similarity = near["similarity"].as_f64().unwrap();
    assert!((0.8..=1.0).contains(&similarity), "{similarity}");
    for g in &groups {
        assert!(g["members"].as_array().unwrap().len() >= 2, "{g}");
    }
}

#[test]
fn search_collapse_copies_counts_each_group_once() {
    let all = run(&["search", "-q", "", "corpus/B"], &fixtures());
    let collapsed = run(&["search", "-q", "--collapse", "copies", "", "corpus/B"], &fixtures());
    let lines = |o: &std::process::Output| String::from_utf8_lossy(&o.stdout).lines().count();
    assert_eq!(lines(&all) - lines(&collapsed), 3, "three identical pairs in corpus/B");
    let bad = run(&["search", "--collapse", "some", "", "corpus/B"], &fixtures());
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("none, copies or stories"), "{}", stderr(&bad));
}
