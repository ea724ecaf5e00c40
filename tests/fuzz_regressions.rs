//! Replays fuzzer inputs on stable, through the very functions the cargo-fuzz
//! targets run (`fuzz/src/lib.rs`, included here), so CI keeps every crash the
//! fuzzer ever found fixed without a nightly toolchain.
//!
//! Per target (`extract`, `query`, `zip`) it runs:
//! - `fuzz/regressions/<target>/*`: minimised inputs that once crashed, hung
//!   or ran out of memory (see `scripts/fuzz.sh`);
//! - `fuzz/corpus-min/<target>/*`: the committed minimised corpus
//!   (`scripts/fuzz.sh --cmin`), without the fixture files it grew from;
//! - for `extract`, those fixture files too (`fixtures/corpus`, `fixtures/seeds`).

#[path = "../fuzz/src/lib.rs"]
mod harness;
#[path = "support/fixtures.rs"]
mod support;

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs every input of `target` through `run`; all failures are reported together.
fn replay(target: &str, run: fn(&[u8]), extra_dirs: &[&str]) {
    let mut inputs = Vec::new();
    for dir in [format!("fuzz/regressions/{target}"), format!("fuzz/corpus-min/{target}")] {
        inputs.extend(support::files_under(&root().join(dir)));
    }
    for dir in extra_dirs {
        inputs.extend(support::fixture_files(dir));
    }
    assert!(!inputs.is_empty(), "no inputs to replay for the {target} target");
    let mut failures = Vec::new();
    for path in &inputs {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        if let Err(panic) = std::panic::catch_unwind(|| run(&bytes)) {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            let rel = path.strip_prefix(root()).unwrap_or(path);
            failures.push(format!("{}: {message}", rel.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} {target} inputs fail:\n{}",
        failures.len(),
        inputs.len(),
        failures.join("\n")
    );
}

#[test]
fn extract_target_inputs_pass() {
    replay("extract", harness::extract, &["corpus", "seeds"]);
}

#[test]
fn query_target_inputs_pass() {
    replay("query", harness::query, &[]);
}

#[test]
fn zip_target_inputs_pass() {
    replay("zip", harness::zip, &[]);
}
