//! Golden tests: real files and their hand-checked records.
//!
//! A case is an expected record at `fixtures/expected/<input path>.json`,
//! where `<input path>` is the input's path relative to `fixtures/` (for
//! example `fixtures/expected/seeds/000_73b89bec0a353237.txt.json` checks
//! `fixtures/seeds/000_73b89bec0a353237.txt`). The test runs
//! `jianbao::extract(<input path>, bytes)` and compares field by field: every
//! key present in the expected JSON must be equal in the actual record,
//! recursively (keys the expected file leaves out are not checked). Each
//! case is a test of its own, named by its input path, and its failure lists
//! every differing field.
//!
//! Re-blessing (write expected files from the actual output; check the diff
//! by hand before committing):
//! - `BLESS=1 cargo test --test golden` rewrites every existing case
//!   (`GOLDEN_FILTER=substring` limits it to matching cases);
//! - `cargo test --test golden -- substring` checks matching cases only;
//! - `BLESS=1 GOLDEN_ADD='corpus/A/x.md,seeds/y.txt' cargo test --test golden`
//!   creates new cases (paths relative to `fixtures/`, comma- or
//!   newline-separated) — only after checking the output by hand.

use serde_json::Value;
use std::path::{Path, PathBuf};

#[path = "support/fixtures.rs"]
mod support;

use support::fixtures_dir as fixtures;

/// The case name (input path relative to `fixtures/`) of an expected file.
fn case_name(expected: &Path) -> Option<String> {
    let rel = expected.strip_prefix(fixtures().join("expected")).ok()?;
    let rel = rel.to_str()?.replace('\\', "/");
    rel.strip_suffix(".json").map(str::to_string)
}

fn actual(case: &str) -> Result<Value, String> {
    let bytes =
        std::fs::read(fixtures().join(case)).map_err(|e| format!("cannot read the input fixtures/{case}: {e}"))?;
    serde_json::to_value(jianbao::extract(case, &bytes)).map_err(|e| e.to_string())
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 300 {
        let cut: String = s.chars().take(300).collect();
        format!("{cut}…")
    } else {
        s
    }
}

/// Compares `want` (the expected JSON) with `got`, pushing one line per
/// differing leaf: `field: expected … / actual …`.
fn compare(path: &str, want: &Value, got: Option<&Value>, diffs: &mut Vec<String>) {
    let missing = Value::Null;
    match (want, got) {
        (Value::Object(w), Some(Value::Object(g))) => {
            for (k, wv) in w {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                match g.get(k) {
                    Some(gv) => compare(&p, wv, Some(gv), diffs),
                    None => diffs.push(format!("  {p}: expected {} / actual (missing)", short(wv))),
                }
            }
        }
        (Value::Array(w), Some(Value::Array(g))) => {
            if w.len() != g.len() {
                diffs.push(format!("  {path}: expected {} items / actual {} items", w.len(), g.len()));
            }
            for i in 0..w.len().max(g.len()) {
                let p = format!("{path}[{i}]");
                match (w.get(i), g.get(i)) {
                    (Some(wv), Some(gv)) => compare(&p, wv, Some(gv), diffs),
                    (Some(wv), None) => diffs.push(format!("  {p}: expected {} / actual (missing)", short(wv))),
                    (None, Some(gv)) => diffs.push(format!("  {p}: expected (nothing) / actual {}", short(gv))),
                    (None, None) => {}
                }
            }
        }
        (w, Some(g)) if w == g => {}
        (w, g) => diffs.push(format!("  {path}: expected {} / actual {}", short(w), short(g.unwrap_or(&missing)))),
    }
}

/// Writes the record for `case` as its expected file, fields in record order.
fn write_expected(case: &str) {
    let bytes =
        std::fs::read(fixtures().join(case)).unwrap_or_else(|e| panic!("cannot read the input fixtures/{case}: {e}"));
    let record = jianbao::extract(case, &bytes);
    let path = fixtures().join("expected").join(format!("{case}.json"));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create the expected-file folder");
    }
    let mut text = serde_json::to_string_pretty(&record).expect("records serialise");
    text.push('\n');
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// One trial per case, named by its input path, so a failure names the file
/// (`cargo test --test golden -- seeds/004` runs matching cases only).
fn main() {
    let args = libtest_mimic::Arguments::from_args();
    let bless = std::env::var("BLESS").is_ok_and(|v| v == "1");
    let files: Vec<PathBuf> = support::files_under(&fixtures().join("expected"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    assert!(!files.is_empty(), "no golden cases under fixtures/expected/");

    if bless {
        if let Ok(add) = std::env::var("GOLDEN_ADD") {
            for case in add.split([',', '\n']).map(str::trim).filter(|c| !c.is_empty()) {
                write_expected(case);
            }
        }
        let filter = std::env::var("GOLDEN_FILTER").ok();
        for case in files.iter().filter_map(|f| case_name(f)) {
            if filter.as_deref().is_none_or(|f| case.contains(f)) {
                write_expected(&case);
            }
        }
        return;
    }

    let mut trials: Vec<libtest_mimic::Trial> = files
        .into_iter()
        .map(|file| {
            let name = case_name(&file).unwrap_or_else(|| file.display().to_string());
            libtest_mimic::Trial::test(name.clone(), move || check_case(&name, &file))
        })
        .collect();
    trials.push(libtest_mimic::Trial::test("comparison_reports_every_differing_field", || {
        comparison_reports_every_differing_field();
        Ok(())
    }));
    libtest_mimic::run(&args, trials).exit();
}

/// Compares one case; the error lists every differing field.
fn check_case(case: &str, expected: &Path) -> Result<(), libtest_mimic::Failed> {
    let got = actual(case)?;
    let want: Value = std::fs::read_to_string(expected)
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
        .map_err(|e| format!("unreadable expected file: {e}"))?;
    let mut diffs = Vec::new();
    compare("", &want, Some(&got), &mut diffs);
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(format!("{case} differs (BLESS=1 rewrites it; check by hand first):\n{}", diffs.join("\n")).into())
    }
}

fn comparison_reports_every_differing_field() {
    let want: Value =
        serde_json::json!({"title": "a", "image": {"src": "x", "caption": "c"}, "paragraphs": ["p1", "p2"]});
    let got: Value =
        serde_json::json!({"title": "b", "image": {"src": "x", "caption": null}, "paragraphs": ["p1"], "extra": 1});
    let mut diffs = Vec::new();
    compare("", &want, Some(&got), &mut diffs);
    let text = diffs.join("\n");
    assert!(text.contains("title: expected \"a\" / actual \"b\""), "{text}");
    assert!(text.contains("image.caption: expected \"c\" / actual null"), "{text}");
    assert!(text.contains("paragraphs: expected 2 items / actual 1 items"), "{text}");
    assert!(text.contains("paragraphs[1]: expected \"p2\" / actual (missing)"), "{text}");
    assert!(!text.contains("extra"), "{text}");
}
