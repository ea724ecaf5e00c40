//! Decoding on real text: every file of the corpus (all UTF-8) re-encoded the
//! ways archives are found in — GBK, GB18030, Big5, UTF-16 without a BOM —
//! is recognised and decodes back to the same text, and damaged UTF-8 stays
//! UTF-8.

use encoding_rs::{Encoding, BIG5, GB18030, GBK};
use jianbao::decode::decode;
use std::path::{Path, PathBuf};

fn corpus() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for path in entries.filter_map(|e| e.ok()).map(|e| e.path()) {
            if path.is_dir() {
                walk(&path, out);
            } else if path.file_name().is_some_and(|n| n != "MANIFEST.tsv") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut paths = Vec::new();
    walk(&root.join("corpus"), &mut paths);
    walk(&root.join("seeds"), &mut paths);
    paths.sort();
    assert!(paths.len() >= 300, "the corpus is missing: {} files", paths.len());
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("corpus files are UTF-8");
            (p.display().to_string(), jianbao::decode::normalise_newlines(text))
        })
        .collect()
}

/// Han characters in the text: a file with too few says nothing about detection.
fn han_count(text: &str) -> usize {
    text.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count()
}

/// Re-encodes every corpus file with enough Chinese and checks the encoding
/// `decode` names and the text it returns. Characters the encoding cannot
/// represent become numeric references (`&#…;`), as encoders write them.
fn check_legacy(encoding: &'static Encoding, expected_names: &[&str]) {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (path, text) in corpus() {
        if han_count(&text) < 20 {
            continue;
        }
        let (bytes, _, _) = encoding.encode(&text);
        let (expected, _) = encoding.decode_without_bom_handling(&bytes);
        checked += 1;
        match decode(&bytes) {
            Ok(d) if expected_names.contains(&d.encoding) && d.text == expected && !d.had_errors => {}
            Ok(d) => failures.push(format!("{path}: decoded as {} (errors: {})", d.encoding, d.had_errors)),
            Err(e) => failures.push(format!("{path}: {e}")),
        }
    }
    assert!(checked >= 250, "only {checked} files checked");
    assert!(failures.is_empty(), "{} of {checked} files:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn the_corpus_in_gbk_is_read_as_gbk() {
    check_legacy(GBK, &["GBK", "GB18030"]);
}

#[test]
fn the_corpus_in_gb18030_is_read_as_gb18030() {
    check_legacy(GB18030, &["GBK", "GB18030"]);
}

#[test]
fn the_corpus_in_big5_is_read_as_big5() {
    check_legacy(BIG5, &["Big5"]);
}

#[test]
fn the_corpus_in_utf16_without_a_bom_is_read_as_utf16() {
    for (path, text) in corpus() {
        for (little_endian, name) in [(true, "UTF-16LE"), (false, "UTF-16BE")] {
            let bytes: Vec<u8> = text
                .encode_utf16()
                .flat_map(|u| if little_endian { u.to_le_bytes() } else { u.to_be_bytes() })
                .collect();
            let d = decode(&bytes).unwrap_or_else(|e| panic!("{path} in {name}: {e}"));
            assert_eq!(d.encoding, name, "{path}");
            assert!(d.text == text, "{path} in {name}: the text differs");
        }
    }
}

#[test]
fn damaged_corpus_files_stay_utf8_and_say_so() {
    // One byte in 500 overwritten with an invalid one (0xFF), as a bad copy does.
    for (path, text) in corpus() {
        let mut bytes = text.into_bytes();
        for i in (250..bytes.len()).step_by(500) {
            bytes[i] = 0xFF;
        }
        let d = decode(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(d.encoding, "UTF-8", "{path}");
        assert_eq!(d.had_errors, bytes.len() > 250, "{path}");
        if d.had_errors {
            let record = jianbao::extract(&path, &bytes);
            let article = record.as_article().unwrap_or_else(|| panic!("{path}: {record:?}"));
            assert!(article.warning_codes.contains(&jianbao::Code::DecodingErrors), "{path}: {:?}", article.warnings);
        }
    }
}
