//! `--format` of `jianbao extract` and `jianbao search`: the binary's bytes
//! against the core's exporter fed the records the binary itself printed as
//! JSON Lines, so both commands provably write through the one exporter.

use jianbao::export::{ExportFormat, Exporter};
use jianbao::model::Record;
use std::path::PathBuf;
use std::process::{Command, Output};

mod common;
use common::{corpus_a, scratch, BIN};

fn jianbao(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("runs the binary")
}

/// A folder of its own for test `name`: real articles plus an image (one error record).
fn input(name: &str) -> PathBuf {
    let dir = scratch(&format!("export-cli-{name}"));
    for entry in std::fs::read_dir(corpus_a()).unwrap().flatten().take(40) {
        std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    std::fs::write(dir.join("photo.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    dir
}

fn records(jsonl: &[u8]) -> Vec<Record> {
    std::str::from_utf8(jsonl).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn exported(format: ExportFormat, records: &[Record]) -> Vec<u8> {
    let mut exporter = Exporter::new(format, Vec::new()).unwrap();
    for r in records {
        exporter.write(r).unwrap();
    }
    exporter.finish().unwrap()
}

#[test]
fn extract_writes_each_format_through_the_core_exporter() {
    let dir = input("each_format");
    let dir = dir.to_str().unwrap();
    let default = jianbao(&["extract", dir]);
    assert!(default.status.success());
    let recs = records(&default.stdout);
    assert_eq!(recs.len(), 41);
    assert_eq!(recs.iter().filter(|r| r.as_article().is_none()).count(), 1);
    let jsonl = jianbao(&["extract", "--format", "jsonl", dir]);
    assert_eq!(jsonl.stdout, default.stdout, "jsonl is the default, unchanged");
    for (flag, format) in [("csv", ExportFormat::Csv), ("md", ExportFormat::Markdown)] {
        let out = jianbao(&["extract", "-f", flag, dir]);
        assert!(out.status.success());
        assert_eq!(out.stdout, exported(format, &recs), "{flag}");
        let summary = String::from_utf8_lossy(&out.stderr);
        assert!(summary.contains("41 files read, 40 articles, 1 errors (not in the"), "{summary}");
    }
    let csv = jianbao(&["extract", "-f", "csv", dir]).stdout;
    assert!(csv.starts_with("\u{feff}id,title,".as_bytes()));
}

#[test]
fn extract_writes_csv_to_an_output_file() {
    let dir = input("output_file");
    let file = dir.with_extension("csv");
    let out = jianbao(&["extract", "-q", "--format", "csv", "-o", file.to_str().unwrap(), dir.to_str().unwrap()]);
    assert!(out.status.success() && out.stdout.is_empty() && out.stderr.is_empty());
    let all = records(&jianbao(&["extract", dir.to_str().unwrap()]).stdout);
    let written = std::fs::read(&file).unwrap();
    let articles: Vec<Record> = all.into_iter().filter(|r| r.as_article().is_some()).collect();
    assert_eq!(written, exported(ExportFormat::Csv, &articles));
}

#[test]
fn search_exports_the_matching_articles_in_rank_order() {
    let dir = input("rank_order");
    let dir = dir.to_str().unwrap();
    let hits = jianbao(&["search", "-q", "--sort", "newest", "美国", dir]);
    let ids: Vec<String> = std::str::from_utf8(&hits.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.len() > 3, "the query finds several articles");
    let jsonl = jianbao(&["search", "-q", "--sort", "newest", "--format", "jsonl", "美国", dir]);
    let recs = records(&jsonl.stdout);
    let export_ids: Vec<&str> = recs.iter().map(|r| r.as_article().unwrap().id.as_str()).collect();
    assert_eq!(export_ids, ids, "the hits' articles, in the hits' order");
    assert!(recs.iter().all(|r| !r.as_article().unwrap().paragraphs.is_empty()), "whole records");
    for (flag, format) in [("csv", ExportFormat::Csv), ("md", ExportFormat::Markdown)] {
        let out = jianbao(&["search", "-q", "--sort", "newest", "-f", flag, "美国", dir]);
        assert_eq!(out.stdout, exported(format, &recs), "{flag}");
    }
    let limited = records(&jianbao(&["search", "-q", "-n", "2", "-f", "jsonl", "美国", dir]).stdout);
    assert_eq!(limited.len(), 2);
    let hits_again = jianbao(&["search", "-q", "--sort", "newest", "-f", "hits", "美国", dir]);
    assert_eq!(hits_again.stdout, hits.stdout);
}

#[test]
fn unknown_formats_and_formats_that_cannot_hold_the_output_are_usage_errors() {
    let dir = input("usage");
    let dir = dir.to_str().unwrap();
    let cases: [(&[&str], &str); 4] = [
        (&["extract", "--format", "xlsx", dir], "jsonl, csv or md, not `xlsx`"),
        (&["search", "--format", "xlsx", "q", dir], "hits (the default), jsonl, csv, md, not `xlsx`"),
        (&["extract", "--errors-only", "--format", "csv", dir], "use jsonl"),
        (&["search", "--facets", "--format", "md", "q", dir], "--facets"),
    ];
    for (args, message) in cases {
        let out = jianbao(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{args:?}: {err}");
    }
}
