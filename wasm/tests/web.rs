//! The binding inside Chromium (`wasm-pack test --headless --chrome wasm`).
//! Included by `src/lib.rs` as a test module: a cdylib-only crate (kept so for
//! LTO and size) has no rlib for an integration test to link.

use super::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

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
    let err = corpus.search("x", bad.into()).err().expect("must fail");
    let err: JsValue = err.into();
    assert!(err.dyn_ref::<js_sys::Error>().is_some());
}

/// A ZIP archive of stored (uncompressed) entries, as `zip -0` writes them.
fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in data {
            crc ^= b as u32;
            for _ in 0..8 {
                crc = if crc & 1 != 0 { 0xedb8_8320 ^ (crc >> 1) } else { crc >> 1 };
            }
        }
        !crc
    }
    let (mut out, mut central) = (Vec::new(), Vec::new());
    for (name, data) in entries {
        let (crc, size, offset) = (crc32(data), data.len() as u32, out.len() as u32);
        let common = |v: &mut Vec<u8>| {
            v.extend_from_slice(&0x0800u16.to_le_bytes()); // UTF-8 names
            v.extend_from_slice(&0u16.to_le_bytes()); // stored
            v.extend_from_slice(&[0; 4]); // time, date
            v.extend_from_slice(&crc.to_le_bytes());
            v.extend_from_slice(&size.to_le_bytes());
            v.extend_from_slice(&size.to_le_bytes());
            v.extend_from_slice(&(name.len() as u16).to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes()); // extra
        };
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&20u16.to_le_bytes());
        common(&mut out);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&[20, 0, 20, 0]);
        common(&mut central);
        central.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let (dir_offset, dir_len) = (out.len() as u32, central.len() as u32);
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&dir_len.to_le_bytes());
    out.extend_from_slice(&dir_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

#[wasm_bindgen_test]
fn a_zip_is_read_entry_by_entry_with_archive_paths() {
    let zip = stored_zip(&[("inner/seed.txt", SEED), ("inner/picture.png", &[0x89, b'P', b'N', b'G', 0, 1, 2]), ("inner/again.txt", SEED)]);
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
