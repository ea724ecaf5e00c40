//! The fixture files the benchmarks read, in a fixed order.

use std::path::{Path, PathBuf};

/// Every file under `fixtures/<dir>` (the corpus's MANIFEST.tsv aside), sorted by path.
pub fn fixture_files(dir: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    collect(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(dir), &mut out);
    out
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect()).unwrap_or_default();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if p.file_name().is_some_and(|n| n != "MANIFEST.tsv") {
            out.push(p);
        }
    }
}
