//! The fixture files tests and benchmarks read, in a fixed order: the one
//! walker every test binary and bench includes (`#[path]`), so "which files
//! are the corpus" has one answer.

#![allow(dead_code)] // each includer uses part of it

use std::path::{Path, PathBuf};

/// The repository's `fixtures/` folder.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Every file under `fixtures/<dir>` (the corpus's MANIFEST.tsv aside), sorted by path.
pub fn fixture_files(dir: &str) -> Vec<PathBuf> {
    files_under(&fixtures_dir().join(dir))
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "MANIFEST.tsv"))
        .collect()
}

/// Every file under `dir`, recursively, sorted by path (nothing when `dir` is missing).
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    out.sort();
    out
}
