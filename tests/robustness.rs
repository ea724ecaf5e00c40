//! The core never panics, whatever the bytes: random input and random
//! mutations of real files go through `extract`, which must always return
//! exactly one record describing the input.

use jianbao::model::Record;
use proptest::prelude::*;

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(rel)).unwrap()
}

fn check(bytes: &[u8]) {
    let rec = jianbao::extract("x/y.md", bytes);
    let src = rec.source();
    assert_eq!(src.path, "x/y.md");
    assert_eq!(src.bytes, bytes.len() as u64);
    assert_eq!(src.sha256.len(), 64);
    if let Record::Article(a) = &rec {
        // Records always serialise.
        serde_json::to_string(a).unwrap();
    }
}

#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Truncate(usize),
    Splice(usize, &'static str),
}

const SNIPPETS: &[&str] = &[
    "<",
    ">",
    "</p>",
    "<p>",
    "<div id=\"artbody\">",
    "</div>",
    "【",
    "】",
    "责任编辑：",
    "（大纪元记者",
    "&#x",
    "&amp",
    "%E5%",
    "<ok href=\"/tag/%E5%.html\">",
    "\n---\n",
    "原文链接：http",
    "### ",
    "\r",
    "\0",
    "<script>",
    "<table><img src=x>",
    "年13月45日",
    "<!--",
    "---\nlayout: post\n",
    "<font color=\"#ffffff\">",
];

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Flip(i, b)),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..8)).prop_map(|(i, v)| Edit::Insert(i, v)),
        (any::<usize>(), 1usize..200).prop_map(|(i, n)| Edit::Delete(i, n)),
        any::<usize>().prop_map(Edit::Truncate),
        (any::<usize>(), proptest::sample::select(SNIPPETS)).prop_map(|(i, s)| Edit::Splice(i, s)),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let len = bytes.len().max(1);
        match e {
            Edit::Flip(i, b) => {
                if !bytes.is_empty() {
                    let i = i % bytes.len();
                    bytes[i] ^= b | 1;
                }
            }
            Edit::Insert(i, v) => {
                let i = i % len;
                let i = i.min(bytes.len());
                bytes.splice(i..i, v.iter().copied());
            }
            Edit::Delete(i, n) => {
                if !bytes.is_empty() {
                    let i = i % bytes.len();
                    let end = (i + n).min(bytes.len());
                    bytes.drain(i..end);
                }
            }
            Edit::Truncate(i) => bytes.truncate(i % len),
            Edit::Splice(i, s) => {
                let i = (i % len).min(bytes.len());
                bytes.splice(i..i, s.bytes());
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        check(&bytes);
    }

    #[test]
    fn random_text_never_panics(s in "\\PC{0,600}") {
        check(s.as_bytes());
        check(format!("### {s}\n---\n{s}\n原文链接：http://x/{s}").as_bytes());
        check(format!("<html><p>{s}</p></html>").as_bytes());
    }

    #[test]
    fn mutated_mirror_pages_never_panic(edits in proptest::collection::vec(edit(), 1..12), which in 0usize..3) {
        let file = ["seeds/004_d36ee75ac0d48196.txt", "corpus/other/bn2__prog1138__a102881511.md", "corpus/B/e2vcomm__nsc424__n120580.md"][which];
        check(&apply(fixture(file), &edits));
    }

    #[test]
    fn mutated_html_pages_never_panic(edits in proptest::collection::vec(edit(), 1..12)) {
        check(&apply(fixture("corpus/other/oped2h__2020-01-19-新的旅行.md"), &edits));
    }

    #[test]
    fn archives_never_panic(edits in proptest::collection::vec(edit(), 1..6)) {
        use std::io::Write;
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        w.start_file("a/004.txt", opts).unwrap();
        w.write_all(&fixture("seeds/004_d36ee75ac0d48196.txt")).unwrap();
        w.start_file("b.md", opts).unwrap();
        w.write_all(b"### t\n---\n<p>x</p>").unwrap();
        let zip = w.finish().unwrap().into_inner();
        let zip = apply(zip, &edits);
        let recs = jianbao::archive::records("m.zip", &zip, jianbao::archive::Limits::default());
        for r in &recs {
            prop_assert!(r.source().path.starts_with("m.zip"));
        }
    }
}
