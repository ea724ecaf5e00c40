//! `jianbao search` end to end: the binary over the fixture seeds and corpus,
//! compared with the library's own answers.

mod common;
use common::{corpus_a as fixtures, corpus_a_in_the_library, jianbao};
use jianbao::corpus::Corpus;
use jianbao::search::SearchOptions;

/// The library's answer over the same folder, loaded the same way (name order).
fn library(query: &str, options: &SearchOptions) -> (Corpus, jianbao::search::SearchResults) {
    let c = corpus_a_in_the_library();
    let r = c.search(query, options).unwrap();
    (c, r)
}

#[test]
fn search_prints_one_json_line_per_hit_in_the_librarys_rank_order() {
    let (code, lines, _) = jianbao(&["search", "-q", "美国", &fixtures()]);
    assert_eq!(code, 0);
    let (c, r) = library("美国", &SearchOptions::default());
    assert_eq!(lines.len(), r.total);
    for (line, hit) in lines.iter().zip(&r.hits) {
        let a = c.get(hit.doc).and_then(|r| r.as_article()).unwrap();
        assert_eq!(line["source"]["path"], a.source.path.as_str());
        assert_eq!(line["id"], a.id.as_str());
        assert_eq!(line["title"], a.title.as_str());
        assert!(line["score"].as_f64().unwrap() > 0.0);
        assert_eq!(line["snippets"].as_array().unwrap().len(), hit.snippets.len());
    }
}

#[test]
fn limit_sort_and_facets_options_shape_the_output() {
    let (code, lines, _) =
        jianbao(&["search", "-q", "--sort", "newest", "--limit", "3", "--facets", "中国", &fixtures()]);
    assert_eq!(code, 0);
    let (_, r) = library(
        "中国",
        &SearchOptions { newest_first: Some(true), limit: Some(3), facets: true, ..Default::default() },
    );
    assert_eq!(lines.len(), 4, "three hits and a facets line");
    let ids: Vec<&str> = lines[..3].iter().map(|l| l["id"].as_str().unwrap()).collect();
    let want: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, want);
    assert_eq!(lines[3]["total"], r.total);
    let outlets: usize =
        lines[3]["facets"]["outlet"].as_array().unwrap().iter().map(|o| o["count"].as_u64().unwrap() as usize).sum();
    let expected: usize = r.facets.unwrap().outlet.iter().map(|o| o.count).sum();
    assert_eq!(outlets, expected);
}

#[test]
fn a_malformed_query_is_a_usage_error_with_a_readable_message() {
    let (code, lines, err) = jianbao(&["search", "-q", "\"美国", &fixtures()]);
    assert_eq!(code, 2);
    assert!(lines.is_empty());
    assert!(err.contains("never closed"), "{err}");
}

#[test]
fn a_saved_index_answers_like_the_files_it_was_built_from() {
    let dir = std::env::temp_dir().join(format!("jianbao-search-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let idx = dir.join("corpus.idx");
    let idx = idx.to_string_lossy();
    let (code, from_files, _) = jianbao(&["search", "-q", "--save-index", &idx, "香港 OR 台湾", &fixtures()]);
    assert_eq!(code, 0);
    let (code, from_index, _) = jianbao(&["search", "-q", "--index", &idx, "香港 OR 台湾"]);
    assert_eq!(code, 0);
    assert_eq!(from_files, from_index);
    std::fs::write(&*idx, b"garbage").unwrap();
    let (code, _, err) = jianbao(&["search", "-q", "--index", &idx, "x"]);
    assert_eq!(code, 2);
    assert!(err.contains("not a saved jianbao index"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_query_starting_with_a_dash_goes_after_double_dash() {
    let (code, lines, err) = jianbao(&["search", "-q", "-美国", &fixtures()]);
    assert_eq!(code, 2);
    assert!(lines.is_empty());
    assert!(err.contains("goes after `--`"), "{err}");
    let (code, lines, _) = jianbao(&["search", "-q", "--", "-美国", &fixtures()]);
    assert_eq!(code, 0);
    let (_, r) = library("-美国", &SearchOptions::default());
    assert!(r.total > 0);
    assert_eq!(lines.len(), r.total);
}

#[test]
fn queries_that_cannot_match_as_meant_are_warned_about_on_standard_error() {
    for (query, warning) in [("after:2024 before:2020", "leave no date in between"), ("foo:bar", "foo: is not a field")]
    {
        let (code, lines, err) = jianbao(&["search", "-q", query, &fixtures()]);
        assert_eq!((code, lines.len()), (0, 0), "{query}: the query runs and finds nothing");
        assert!(err.contains("jianbao search: warning: ") && err.contains(warning), "{query}: {err}");
    }
    let (_, _, err) = jianbao(&["search", "-q", "美国", &fixtures()]);
    assert!(!err.contains("warning"), "{err}");
    let (code, _, err) = jianbao(&["search", "--sort", "newst", "美国", &fixtures()]);
    assert_eq!(code, 2);
    assert!(err.contains("relevance, newest or oldest, not `newst`"), "{err}");
}
