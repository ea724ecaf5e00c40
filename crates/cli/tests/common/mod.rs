//! What the CLI test files share: where the fixtures are, running the built
//! binary, reading its JSON Lines, and the library's own view of a fixture
//! folder to compare the binary with.
//!
//! Each test file is its own crate and uses a part of this module, so the
//! parts one file leaves unused are not dead code.
#![allow(dead_code)]

use jianbao::corpus::Corpus;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_jianbao");

/// The repository's `fixtures/` folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

/// `fixtures/corpus/A`, as an argument for the binary.
pub fn corpus_a() -> String {
    fixtures().join("corpus/A").to_string_lossy().into_owned()
}

/// A fresh, empty folder named for one test (and this process).
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every line of `stdout` as JSON; fails the test on a line that is not.
pub fn json_lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// Runs the binary with `args`; its exit code, standard output as JSON lines
/// and standard error.
pub fn jianbao(args: &[&str]) -> (i32, Vec<Value>, String) {
    let out = Command::new(BIN).args(args).output().expect("runs the binary");
    (out.status.code().unwrap_or(-1), json_lines(&out.stdout), stderr(&out))
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The library's corpus of `fixtures/corpus/A`, loaded as the binary loads a
/// folder (name order).
pub fn corpus_a_in_the_library() -> Corpus {
    let mut files: Vec<_> = std::fs::read_dir(corpus_a()).unwrap().flatten().map(|e| e.path()).collect();
    files.sort();
    let mut c = Corpus::new();
    for f in files {
        c.add_file(&f.to_string_lossy(), &std::fs::read(&f).unwrap());
    }
    c
}
