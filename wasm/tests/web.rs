//! The binding inside Chromium (`wasm-pack test --headless --chrome wasm`).
//! Included by `src/lib.rs` as a test module: a cdylib-only crate (kept so for
//! LTO and size) has no rlib for an integration test to link.

use super::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

#[path = "../../tests/support/zips.rs"]
mod zips;
use zips::{rename, stored_zip};

wasm_bindgen_test_configure!(run_in_browser);

const SEED: &[u8] = include_bytes!("../../fixtures/seeds/000_73b89bec0a353237.txt");

/// The seed's title, read from its `[title](url)` line the way a person would.
fn seed_title() -> String {
    let text = std::str::from_utf8(SEED).unwrap();
    let line = text.lines().find(|l| l.starts_with('[')).unwrap();
    line[1..line.rfind("](").unwrap()].to_string()
}

fn field(value: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(name)).unwrap()
}

#[wasm_bindgen_test]
fn a_seed_read_from_bytes_becomes_an_article_card() {
    let mut corpus = WasmCorpus::new();
    let card = corpus.add_file("000_73b89bec0a353237.txt", SEED).unwrap();
    assert_eq!(field(&card, "error"), JsValue::NULL, "seed must extract");
    assert_eq!(field(&card, "title").as_string().unwrap(), seed_title());
    assert_eq!(field(&card, "path").as_string().unwrap(), "000_73b89bec0a353237.txt");
    assert_eq!(field(&card, "doc").as_f64().unwrap(), 0.0);

    let full = corpus.get(0).unwrap();
    assert_eq!(field(&full, "title").as_string().unwrap(), seed_title());
    assert!(js_sys::Array::is_array(&field(&full, "paragraphs")));
}

#[wasm_bindgen_test]
fn bad_bytes_become_an_error_record_not_a_panic() {
    let mut corpus = WasmCorpus::new();
    let png = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff, 0xfe, 0x00];
    for (path, bytes) in [("picture.png", &png[..]), ("empty.txt", &[][..])] {
        let card = corpus.add_file(path, bytes).unwrap();
        assert!(field(&card, "error").as_string().is_some_and(|e| !e.is_empty()), "{path}: no error reason");
        assert_eq!(field(&card, "title"), JsValue::NULL);
    }
    let stats = corpus.stats().unwrap();
    assert_eq!(field(&stats, "files").as_f64(), Some(2.0));
    assert_eq!(field(&stats, "errors").as_f64(), Some(2.0));
}

#[wasm_bindgen_test]
fn search_marks_are_utf16_offsets_into_the_title() {
    let mut corpus = WasmCorpus::new();
    corpus.add_file("seed.txt", SEED).unwrap();
    let title = seed_title();
    let query: String = title.chars().skip(3).take(4).collect();
    let results = corpus.search(&query, JsValue::UNDEFINED).unwrap();
    assert_eq!(field(&results, "total").as_f64(), Some(1.0));
    let hit = js_sys::Array::from(&field(&results, "hits")).get(0);
    let mark = js_sys::Array::from(&js_sys::Array::from(&field(&hit, "title_marks")).get(0));
    let (start, end) = (mark.get(0).as_f64().unwrap() as u32, mark.get(1).as_f64().unwrap() as u32);
    let js_title = js_sys::JsString::from(title.as_str());
    assert_eq!(String::from(js_title.substring(start, end)), query);
}

#[wasm_bindgen_test]
fn a_malformed_option_is_a_js_error_not_a_panic() {
    let corpus = WasmCorpus::new();
    let bad = js_sys::Object::new();
    js_sys::Reflect::set(&bad, &"limit".into(), &"many".into()).unwrap();
    let err = corpus.search("x", bad.into()).expect_err("must fail");
    let err: JsValue = err.into();
    assert!(err.dyn_ref::<js_sys::Error>().is_some());
}

#[wasm_bindgen_test]
fn an_export_in_chunks_is_the_core_exporters_file_of_the_view() {
    let mut corpus = WasmCorpus::new();
    let other = String::from_utf8_lossy(SEED).replace("美国", "法国");
    for (path, bytes) in [("a.txt", SEED), ("photo.png", &b"\x89PNG\r\n\x1a\n"[..]), ("b.txt", other.as_bytes())] {
        corpus.add_file(path, bytes).unwrap();
    }
    for format in ["jsonl", "csv", "md"] {
        let mut export = corpus.start_export("", "oldest", format, None).unwrap();
        assert_eq!(export.total(), 2, "the view: articles only");
        let mut file = Vec::new();
        loop {
            let chunk = corpus.export_chunk(&mut export, 1).unwrap();
            if chunk.is_empty() {
                break;
            }
            file.extend(chunk);
        }
        assert_eq!(export.done(), 2);
        let mut expected = Exporter::new(format.parse().unwrap(), Vec::new()).unwrap();
        for doc in corpus.inner.ranked("", &SearchOptions { newest_first: Some(false), ..Default::default() }).unwrap()
        {
            expected.write(corpus.inner.get(doc).unwrap()).unwrap();
        }
        assert_eq!(file, expected.finish().unwrap(), "{format}");
    }
    assert_eq!(corpus.start_export("法国", "relevance", "jsonl", None).unwrap().total(), 1);
    for (query, sort, format) in [("\"x", "relevance", "csv"), ("", "sideways", "csv"), ("", "newest", "xlsx")] {
        let err: JsValue = corpus.start_export(query, sort, format, None).err().expect("must fail").into();
        assert!(err.dyn_ref::<js_sys::Error>().is_some());
    }
    assert_eq!(
        export_file_name("香港 outlet:RFI", "2024-03-22", "md").unwrap(),
        "jianbao-香港_outlet_RFI-2024-03-22.md"
    );
}

#[wasm_bindgen_test]
fn a_zip_is_read_entry_by_entry_with_archive_paths() {
    let zip = stored_zip(&[
        ("inner/seed.txt", SEED),
        ("inner/picture.png", &[0x89, b'P', b'N', b'G', 0, 1, 2]),
        ("inner/again.txt", SEED),
    ]);
    let mut corpus = WasmCorpus::new();
    let mut archive = open_zip("dump.zip", zip);
    let first = js_sys::Array::from(&corpus.add_zip_entries(&mut archive, 2).unwrap());
    assert_eq!(first.length(), 2, "at most `max` entries per step");
    assert_eq!(field(&first.get(0), "path").as_string().unwrap(), "dump.zip/inner/seed.txt");
    assert_eq!(field(&first.get(0), "title").as_string().unwrap(), seed_title());
    assert!(field(&first.get(1), "error").as_string().is_some());
    let rest = js_sys::Array::from(&corpus.add_zip_entries(&mut archive, 2).unwrap());
    assert_eq!(rest.length(), 1);
    assert_eq!(field(&rest.get(0), "duplicate_of").as_string().unwrap(), "dump.zip/inner/seed.txt");
    assert_eq!(js_sys::Array::from(&corpus.add_zip_entries(&mut archive, 2).unwrap()).length(), 0);
    let stats = corpus.stats().unwrap();
    assert_eq!(field(&stats, "files").as_f64(), Some(3.0));
    assert_eq!(field(&stats, "articles").as_f64(), Some(2.0));
}

#[wasm_bindgen_test]
fn a_corrupt_zip_is_one_error_record() {
    let mut corpus = WasmCorpus::new();
    let zip = stored_zip(&[("a.txt", SEED)]);
    let cut = zip[..zip.len() / 2].to_vec();
    let summaries = js_sys::Array::from(&corpus.add_zip("cut.zip", cut).unwrap());
    assert_eq!(summaries.length(), 1);
    assert_eq!(field(&summaries.get(0), "path").as_string().unwrap(), "cut.zip");
    assert!(field(&summaries.get(0), "error").as_string().is_some_and(|e| !e.is_empty()));
}

/// Record lines of `files`, as an extraction worker batches them.
fn record_batch(files: &[(&str, &[u8])]) -> Vec<u8> {
    let lines: Vec<Vec<u8>> =
        files.iter().map(|(path, bytes)| extract_file(path.to_string(), bytes.to_vec(), None, None)).collect();
    lines.join(&b'\n')
}

#[wasm_bindgen_test]
fn records_extracted_apart_and_added_in_a_batch_equal_files_added_directly() {
    let png: &[u8] = &[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d];
    let files: [(&str, &[u8]); 3] = [("seed.txt", SEED), ("picture.png", png), ("again.txt", SEED)];
    let mut direct = WasmCorpus::new();
    for (path, bytes) in files {
        direct.add_file(path, bytes).unwrap();
    }
    let mut batched = WasmCorpus::new();
    let summaries = js_sys::Array::from(&batched.add_records(&record_batch(&files)).unwrap());
    assert_eq!(summaries.length(), 3, "one summary per line");
    for doc in 0..3 {
        // The same record, duplicate marks included, whichever way it came in.
        let (a, b) = (direct.get(doc).unwrap(), batched.get(doc).unwrap());
        assert_eq!(js_sys::JSON::stringify(&a).unwrap(), js_sys::JSON::stringify(&b).unwrap(), "doc {doc}");
    }
    assert_eq!(field(&summaries.get(1), "code").as_string().unwrap(), "image");
    assert_eq!(field(&summaries.get(2), "duplicate_of").as_string().unwrap(), "seed.txt");
    assert_eq!(
        js_sys::JSON::stringify(&direct.stats().unwrap()).unwrap(),
        js_sys::JSON::stringify(&batched.stats().unwrap()).unwrap()
    );
}

#[wasm_bindgen_test]
fn an_empty_batch_adds_nothing_and_a_damaged_line_is_still_one_problem() {
    let mut corpus = WasmCorpus::new();
    assert_eq!(js_sys::Array::from(&corpus.add_records(b"").unwrap()).length(), 0);
    let mut batch = extract_file("seed.txt".into(), SEED.to_vec(), None, None);
    // JSON of another shape keeps the path it names; a cut line cannot.
    batch.extend_from_slice(b"\n{\"source\":{\"path\":\"odd.txt\",\"bytes\":12},\"title\":5}");
    batch.extend_from_slice(b"\n{\"source\":{\"path\":\"cut.txt\",\"bytes\":12},\"err");
    let summaries = js_sys::Array::from(&corpus.add_records(&batch).unwrap());
    assert_eq!(summaries.length(), 3);
    assert_eq!(field(&summaries.get(0), "title").as_string().unwrap(), seed_title());
    assert_eq!(field(&summaries.get(1), "path").as_string().unwrap(), "odd.txt");
    assert_eq!(field(&summaries.get(1), "bytes").as_f64(), Some(12.0));
    assert_eq!(field(&summaries.get(1), "code").as_string().unwrap(), "internal");
    assert_eq!(field(&summaries.get(2), "path").as_string().unwrap(), "(unknown file)");
    let stats = corpus.stats().unwrap();
    assert_eq!((field(&stats, "files").as_f64(), field(&stats, "errors").as_f64()), (Some(3.0), Some(2.0)));
}

#[wasm_bindgen_test]
fn zip_entries_come_out_as_files_to_extract_or_ready_error_records() {
    let zip = stored_zip(&[("inner/", b""), ("inner/seed.txt", SEED), ("../escape.txt", SEED), ("inner/sub/", b"")]);
    let mut archive = open_zip("dump.zip", zip);
    assert_eq!(archive.files(), 2, "folders are not counted");
    let first = archive.next_entry().unwrap();
    assert_eq!(field(&first, "path").as_string().unwrap(), "dump.zip/inner/seed.txt");
    let bytes = js_sys::Uint8Array::new(&field(&first, "bytes")).to_vec();
    assert_eq!(bytes, SEED);
    let second = archive.next_entry().unwrap();
    assert!(field(&second, "bytes").is_undefined());
    let line = js_sys::Uint8Array::new(&field(&second, "record")).to_vec();
    let mut corpus = WasmCorpus::new();
    let summary = js_sys::Array::from(&corpus.add_records(&line).unwrap()).get(0);
    assert_eq!(field(&summary, "code").as_string().unwrap(), "zip-unsafe-path");
    assert!(archive.next_entry().unwrap().is_undefined());
}

#[wasm_bindgen_test]
fn an_empty_or_folder_only_zip_is_one_record_and_counts_as_one() {
    for entries in [&[][..], &[("a/", &b""[..]), ("a/b/", &b""[..])][..]] {
        let mut archive = open_zip("e.zip", stored_zip(entries));
        assert_eq!(archive.files(), 1);
        let only = archive.next_entry().unwrap();
        assert_eq!(field(&only, "path").as_string().unwrap(), "e.zip");
        let line = js_sys::Uint8Array::new(&field(&only, "record")).to_vec();
        let summary = js_sys::Array::from(&WasmCorpus::new().add_records(&line).unwrap()).get(0);
        assert_eq!(field(&summary, "code").as_string().unwrap(), "zip-empty");
        assert!(archive.next_entry().unwrap().is_undefined());
    }
}

/// An RSS dump of `n` numbered paragraphs.
fn long_dump(n: usize) -> Vec<u8> {
    let mut text = String::from("<!--1711116901000-->\n[很长的文章](https://www.rfi.fr/cn/long-article)\n------\n\n<div>22/03/2024 - 15:10</div>");
    for i in 0..n {
        text.push_str(&format!("<p>第{i}段。</p>"));
    }
    text.into_bytes()
}

#[wasm_bindgen_test]
fn the_reader_gets_a_long_article_a_page_at_a_time() {
    let mut corpus = WasmCorpus::new();
    corpus.add_file("long.txt", &long_dump(1_000)).unwrap();
    let count = js_sys::Array::from(&field(&corpus.get(0).unwrap(), "paragraphs")).length() as usize;
    assert!(count >= 1_000, "{count} paragraphs");
    let head = corpus.get_head(0, 100, 1 << 20).unwrap();
    assert_eq!(field(&head, "paragraph_count").as_f64(), Some(count as f64));
    assert_eq!(field(&head, "title").as_string().unwrap(), "很长的文章");
    let mut seen: Vec<String> =
        js_sys::Array::from(&field(&head, "paragraphs")).iter().map(|p| p.as_string().unwrap()).collect();
    assert_eq!(seen.len(), 100);
    while seen.len() < count {
        // A byte budget smaller than one paragraph still yields one.
        let page = js_sys::Array::from(&corpus.paragraphs(0, seen.len(), 300, 1).unwrap());
        assert_eq!(page.length(), 1);
        seen.extend(page.iter().map(|p| p.as_string().unwrap()));
    }
    let full: Vec<String> = js_sys::Array::from(&field(&corpus.get(0).unwrap(), "paragraphs"))
        .iter()
        .map(|p| p.as_string().unwrap())
        .collect();
    assert_eq!(seen, full, "the pages add up to the article");
    assert_eq!(js_sys::Array::from(&corpus.paragraphs(0, count, 10, 1 << 20).unwrap()).length(), 0);
    // A short article comes whole; an error record has no paragraphs.
    corpus.add_file("seed.txt", SEED).unwrap();
    let short = corpus.get_head(1, 100, 1 << 20).unwrap();
    let n = js_sys::Array::from(&field(&short, "paragraphs")).length();
    assert_eq!(field(&short, "paragraph_count").as_f64(), Some(n as f64));
    corpus.add_file("empty.txt", b"").unwrap();
    assert_eq!(field(&corpus.get_head(2, 100, 1 << 20).unwrap(), "paragraph_count").as_f64(), Some(0.0));
    assert_eq!(corpus.get_head(99, 100, 1 << 20).unwrap(), JsValue::NULL);
}

#[wasm_bindgen_test]
fn what_the_archive_noticed_about_an_entry_reaches_its_article() {
    let mut archive = open_zip(
        "dump.zip",
        rename(stored_zip(&[("a/seed.txt", SEED), ("a/seed.tx_", SEED)]), b"a/seed.tx_", b"a/seed.txt"),
    );
    assert_eq!(archive.files(), 2, "both entries of the name count");
    let mut corpus = WasmCorpus::new();
    for expected_warning in [None, Some("zip-duplicate-name")] {
        let item = archive.next_entry().unwrap();
        let warning = field(&item, "warning");
        let (code, message) = match warning.is_undefined() {
            true => (None, None),
            false => (field(&warning, "code").as_string(), field(&warning, "message").as_string()),
        };
        assert_eq!(code.as_deref(), expected_warning);
        let bytes = js_sys::Uint8Array::new(&field(&item, "bytes")).to_vec();
        let line = extract_file(field(&item, "path").as_string().unwrap(), bytes, code, message);
        let doc = field(&js_sys::Array::from(&corpus.add_records(&line).unwrap()).get(0), "doc").as_f64().unwrap();
        let codes = js_sys::Array::from(&field(&corpus.get(doc as u32).unwrap(), "warning_codes"));
        let has = codes.iter().any(|c| c.as_string().as_deref() == Some("zip-duplicate-name"));
        assert_eq!(has, expected_warning.is_some());
    }
}

#[wasm_bindgen_test]
fn a_stored_corpus_round_trips_and_another_format_version_is_a_load_error_with_its_code() {
    let mut corpus = WasmCorpus::new();
    corpus.add_file("000_73b89bec0a353237.txt", SEED).unwrap();
    corpus.add_file("empty.txt", b"").unwrap();
    let bytes = corpus.to_bytes().unwrap();
    let back = WasmCorpus::from_bytes(&bytes).unwrap();
    assert_eq!(field(&back.summary(0).unwrap(), "title").as_string().unwrap(), seed_title());
    // A restore sends the page only the problem rows (articles come with hits).
    let problems: serde_json::Value = serde_json::from_str(&back.problems_from(0, 10).unwrap()).unwrap();
    let problems = problems.as_array().unwrap();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0]["path"], "empty.txt");

    let mut newer = bytes.clone();
    let at = jianbao::codec::MAGIC.len();
    newer[at..at + 4].copy_from_slice(&(jianbao::codec::VERSION + 1).to_le_bytes());
    let error = WasmCorpus::from_bytes(&newer).err().expect("another version is refused");
    assert_eq!(field(&error, "code").as_string().as_deref(), Some("version"));
    assert_eq!(field(&error, "found").as_f64(), Some(f64::from(jianbao::codec::VERSION + 1)));
    assert_eq!(field(&error, "supported").as_f64(), Some(f64::from(jianbao::codec::VERSION)));
    let damaged = WasmCorpus::from_bytes(&bytes[..bytes.len() - 1]).err().expect("a cut corpus is refused");
    assert_eq!(field(&damaged, "code").as_string().as_deref(), Some("damaged"));
}

#[wasm_bindgen_test]
fn copies_collapse_in_search_and_link_both_ways() {
    let mut corpus = WasmCorpus::new();
    corpus.add_file("one/seed.txt", SEED).unwrap();
    corpus.add_file("two/seed.txt", SEED).unwrap();
    let options = |collapse: &str| {
        let o = js_sys::Object::new();
        js_sys::Reflect::set(&o, &"collapse".into(), &collapse.into()).unwrap();
        JsValue::from(o)
    };
    let total = |collapse: &str| field(&corpus.search("", options(collapse)).unwrap(), "total").as_f64().unwrap();
    assert_eq!((total("none"), total("copies")), (2.0, 1.0));
    let hits = field(&corpus.search("", options("copies")).unwrap(), "hits");
    let hit = js_sys::Array::from(&hits).get(0);
    assert_eq!(field(&hit, "copies").as_f64(), Some(2.0));
    assert!(corpus.search("", options("all")).is_err(), "an unknown collapse throws");
    let from_original = corpus.group_links(0).unwrap();
    let copies = js_sys::Array::from(&field(&from_original, "copies"));
    assert_eq!(field(&copies.get(0), "path").as_string().as_deref(), Some("two/seed.txt"));
    let from_copy = corpus.group_links(1).unwrap();
    assert_eq!(field(&field(&from_copy, "original"), "doc").as_f64(), Some(0.0));
    let mut job = corpus.start_clustering();
    while !corpus.cluster_step(&mut job, 1) {}
    assert!(corpus.has_stories());
    assert_eq!(corpus.start_export("", "relevance", "jsonl", Some("copies".into())).unwrap().total(), 1);
}

#[wasm_bindgen_test]
fn timeline_and_concordance_answer_through_the_binding() {
    let mut corpus = WasmCorpus::new();
    corpus.add_file("000_73b89bec0a353237.txt", SEED).unwrap();
    let bars = corpus.timeline("", "month", 480, false, None).unwrap();
    let bars = js_sys::Array::from(&bars);
    let total: f64 = bars.iter().map(|b| field(&b, "count").as_f64().unwrap()).sum();
    assert_eq!(total, 1.0, "the one article is in one bar");
    assert!(corpus.timeline("", "month", 480, false, Some("copies".into())).is_ok());
    assert!(corpus.timeline("", "month", 480, false, Some("all".into())).is_err(), "an unknown collapse throws");
    let word: String = seed_title().chars().take(2).collect();
    let rows = js_sys::Array::from(&corpus.concordance(&word, 10, "right").unwrap());
    assert!(rows.length() >= 1, "the title's first characters occur at least in the title");
    assert_eq!(field(&rows.get(0), "match").as_string().unwrap(), word);
    assert!(corpus.concordance(&word, 10, "sideways").is_err());
}
