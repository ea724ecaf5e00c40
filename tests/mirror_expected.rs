//! Hand-checked expectations for mirrored pages and generic HTML pages
//! (fixtures/expected/…): every
//! key of each expected record must equal what `extract` gives for the file.
//! (The general golden harness, tests/golden.rs, checks all expected files;
//! this one keeps the mirror cases honest on their own.)

use serde_json::Value;
use std::path::Path;

fn cases() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/expected");
    let mut out = vec!["seeds/004_d36ee75ac0d48196.txt".to_string()];
    for dir in ["corpus/B", "corpus/other"] {
        let Ok(rd) = std::fs::read_dir(root.join(dir)) else { continue };
        let mut names: Vec<String> = rd
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| ["e2v", "bcbn__", "bn2__", "oped2h__"].iter().any(|p| n.starts_with(p)))
            .filter_map(|n| n.strip_suffix(".json").map(|s| format!("{dir}/{s}")))
            .collect();
        names.sort();
        out.extend(names);
    }
    out
}

#[test]
fn mirrored_and_html_pages_match_their_expected_records() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let cases = cases();
    assert!(cases.len() >= 20, "{cases:?}");
    let mut failures = Vec::new();
    for rel in &cases {
        let bytes = std::fs::read(fixtures.join(rel)).unwrap();
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(fixtures.join("expected").join(format!("{rel}.json"))).unwrap()).unwrap();
        let got = serde_json::to_value(jianbao::extract(rel, &bytes)).unwrap();
        for (key, want) in expected.as_object().unwrap() {
            if got.get(key) != Some(want) {
                failures.push(format!("{rel}: `{key}`\n  expected {want}\n  got      {}", got.get(key).unwrap_or(&Value::Null)));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
