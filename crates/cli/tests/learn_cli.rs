//! `jianbao extract --learn-boilerplate` over a corpus made at test time from
//! the real fixtures, with known appeals added (`tests/support/furniture.rs`).

use serde_json::Value;
use std::process::Command;

#[path = "../../../tests/support/furniture.rs"]
mod furniture;
use furniture::{write_furniture_corpus, HONORARY_MEMBERS, THANKS};

mod common;
use common::{fixtures, json_lines as records, scratch, BIN};

fn strings(v: &Value) -> Vec<&str> {
    v.as_array().into_iter().flatten().filter_map(Value::as_str).collect()
}

#[test]
fn learning_moves_the_appeals_to_boilerplate_and_says_how_many() {
    let fixtures = fixtures().join("corpus");
    let dir = scratch("learn-cli");
    let corpus = write_furniture_corpus(&fixtures, &dir);
    let plain = Command::new(BIN).args(["extract", "-q"]).arg(&dir).output().unwrap();
    let learned = Command::new(BIN).args(["extract", "--learn-boilerplate"]).arg(&dir).output().unwrap();
    assert!(plain.status.success() && learned.status.success());
    let (plain, stderr, learned) =
        (records(&plain.stdout), String::from_utf8_lossy(&learned.stderr), records(&learned.stdout));
    assert_eq!(plain.len(), corpus.files);
    assert_eq!(learned.len(), corpus.files, "one line per file, as without learning");
    let is_appeal = |p: &str| p == HONORARY_MEMBERS || THANKS.contains(&p);
    let mut moved = 0;
    for (before, after) in plain.iter().zip(&learned) {
        assert_eq!(before["source"]["path"], after["source"]["path"], "same order");
        assert!(before.get("boilerplate").is_none(), "no field without learning");
        let hidden = strings(&after["boilerplate"]);
        let outlet = after["outlet"].as_str().unwrap_or("");
        // Everything moved is an appeal; the paragraphs are the plain ones without it.
        assert!(hidden.iter().all(|p| is_appeal(p)), "{}: {hidden:?}", after["source"]["path"]);
        let mut expected: Vec<&str> = strings(&before["paragraphs"]);
        if outlet != "NTD" {
            expected.retain(|p| !is_appeal(p));
        }
        assert_eq!(strings(&after["paragraphs"]), expected, "{}", after["source"]["path"]);
        assert_eq!(before["authors"], after["authors"]);
        moved += hidden.len();
    }
    assert!(moved >= 60, "{moved} paragraphs moved");
    assert!(
        stderr.contains(&format!(
            "2 boilerplate paragraphs learned; {moved} paragraphs moved to \"boilerplate\" in {moved} articles"
        )),
        "{stderr}"
    );
}

#[test]
fn learning_refuses_standard_input() {
    let out = Command::new(BIN).args(["extract", "--learn-boilerplate", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("standard input"));
}
