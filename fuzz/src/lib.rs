//! The fuzzing harness: one function per cargo-fuzz target, each feeding
//! arbitrary bytes to the core and checking what the core promises.
//!
//! The targets in `fuzz/fuzz_targets/` call these functions under libFuzzer
//! (nightly), and `tests/fuzz_regressions.rs` includes this file with
//! `#[path]` to replay `fuzz/regressions/` and `fuzz/corpus-min/` through the
//! same functions on stable, in `cargo test`. So this file uses nothing but
//! `jianbao`, `serde_json` (a dependency of both crates) and `std`.
//!
//! A failed check panics, which libFuzzer reports as a crash.
//!
//! - [`extract`]: any bytes → one record describing them, whose JSON reads
//!   back equal; added to a corpus, the article is found by text cut from its
//!   own title, lead and first paragraph exactly when the normalised text holds
//!   it (the search promise), and the corpus survives `to_bytes`/`from_bytes`.
//! - [`query`]: any text → the query parser and a search over a fixed corpus
//!   of real fixture files; the parser and the search agree on what is
//!   malformed, results are consistent across sort orders and pages, highlight
//!   ranges land on character boundaries, and queries made only of text terms
//!   return exactly the articles a brute-force scan finds.
//! - [`zip`]: any bytes → the ZIP reader with small limits; every archive gives
//!   at least one entry, no entry or total goes past the limits, every path is
//!   inside the archive, and reading twice gives the same records.

#![forbid(unsafe_code)]

use jianbao::archive::{self, Entry, Limits};
use jianbao::corpus::Corpus;
use jianbao::model::{Article, Record};
use jianbao::search::{normalize, parse, Atom, Query, SearchOptions, SearchResults};
use std::collections::BTreeSet;
use std::io::Cursor;
use std::sync::OnceLock;

const INPUT_PATH: &str = "fuzz/input.md";
const ARCHIVE_PATH: &str = "fuzz/input.zip";

/// Small caps, so that one fuzz input costs milliseconds even when it inflates.
const ZIP_LIMITS: Limits = Limits { max_entry_bytes: 256 << 10, max_total_bytes: 1 << 20, max_entries: 64 };

/// Longest text probe cut from an article, in characters.
const PROBE_CHARS: usize = 8;

// ---------------------------------------------------------------- extract

/// Target `extract`: arbitrary bytes through `jianbao::extract`, then into a corpus and its index.
pub fn extract(data: &[u8]) {
    let record = jianbao::extract(INPUT_PATH, data);
    check_source(&record, INPUT_PATH, data.len() as u64);
    check_json_round_trip(&record);

    let mut corpus = Corpus::new();
    let doc = corpus.add_record(record.clone());
    let everything = search_all(&corpus, "");
    assert_eq!(everything.total, usize::from(record.as_article().is_some()), "the empty query lists every article");
    check_hits(&corpus, &everything);

    let probes: Vec<String> = record.as_article().map(probes).unwrap_or_default();
    let expected: Vec<bool> =
        probes.iter().map(|p| record.as_article().is_some_and(|a| brute_force_contains(a, p))).collect();
    for (probe, &contains) in probes.iter().zip(&expected) {
        let results = search_all(&corpus, &phrase(probe));
        check_hits(&corpus, &results);
        let found = results.hits.iter().any(|h| h.doc == doc);
        assert_eq!(found, contains, "search for {probe:?} disagrees with a scan of the normalised text");
    }

    let restored =
        Corpus::from_bytes(&corpus.to_bytes().expect("a corpus serialises")).expect("a saved corpus loads again");
    assert_eq!(restored.stats(), corpus.stats(), "a saved corpus keeps its counts");
    assert_eq!(search_all(&restored, "").total, everything.total);
    for (probe, &contains) in probes.iter().zip(&expected) {
        let found = search_all(&restored, &phrase(probe)).hits.iter().any(|h| h.doc == doc);
        assert_eq!(found, contains, "a reloaded index disagrees on {probe:?}");
    }
}

/// Every record describes the input it came from.
fn check_source(record: &Record, path: &str, bytes: u64) {
    let source = record.source();
    assert_eq!(source.path, path);
    assert_eq!(source.bytes, bytes);
    assert!(
        source.sha256.is_empty() || (source.sha256.len() == 64 && source.sha256.bytes().all(|b| b.is_ascii_hexdigit())),
        "sha256 is 64 hex digits (or empty for what was never read): {:?}",
        source.sha256
    );
    match record {
        Record::Article(a) => {
            assert!(source.format.is_some(), "an article names the reader that understood it");
            assert_eq!(a.warnings.len(), a.warning_codes.len(), "each warning has its code");
        }
        Record::Error(e) => assert!(!e.error.trim().is_empty(), "an error says what is wrong"),
    }
}

/// Records are written as JSON by the CLI and the page: it must read back equal.
fn check_json_round_trip(record: &Record) {
    let json = match serde_json::to_string(record) {
        Ok(j) => j,
        Err(e) => panic!("a record does not serialise: {e}"),
    };
    let back: Record = match serde_json::from_str(&json) {
        Ok(r) => r,
        Err(e) => panic!("a record's JSON does not read back ({e}): {json}"),
    };
    assert_eq!(&back, record, "a record's JSON reads back as a different record");
}

/// Text cut from the article's own fields: the first run of letters and
/// digits (at most [`PROBE_CHARS`]) of the title, the lead and the first paragraph.
fn probes(article: &Article) -> Vec<String> {
    let fields =
        [Some(article.title.as_str()), article.lead.as_deref(), article.paragraphs.first().map(String::as_str)];
    let mut out: Vec<String> = fields
        .into_iter()
        .flatten()
        .filter_map(|text| {
            let start = text.find(char::is_alphanumeric)?;
            let probe: String = text[start..].chars().take_while(|c| c.is_alphanumeric()).take(PROBE_CHARS).collect();
            (!normalize(&probe).is_empty()).then_some(probe)
        })
        .collect();
    out.dedup();
    out
}

/// A probe as a quoted phrase, so that words like `OR` or a leading `-` stay text.
fn phrase(probe: &str) -> String {
    format!("\"{probe}\"")
}

/// The search promise, checked the slow way: does one normalised field hold the normalised needle?
fn brute_force_contains(article: &Article, needle: &str) -> bool {
    let needle = normalize(needle);
    segments(article).any(|s| normalize(s).contains(&needle))
}

/// The fields a text term is matched against (title, lead, each paragraph), separately.
fn segments(article: &Article) -> impl Iterator<Item = &str> {
    std::iter::once(article.title.as_str())
        .chain(article.lead.as_deref())
        .chain(article.paragraphs.iter().map(String::as_str))
}

fn search_all(corpus: &Corpus, query: &str) -> SearchResults {
    match corpus.search(query, &SearchOptions { facets: true, ..SearchOptions::default() }) {
        Ok(r) => r,
        Err(e) => panic!("the query {query:?} should parse: {e}"),
    }
}

/// Hits point at live articles, and every highlight range lies inside its text on character boundaries.
fn check_hits(corpus: &Corpus, results: &SearchResults) {
    assert!(results.hits.len() <= results.total, "more hits than the total");
    let mut seen = BTreeSet::new();
    for hit in &results.hits {
        assert!(seen.insert(hit.doc), "document {} listed twice", hit.doc);
        let Some(article) = corpus.get(hit.doc).and_then(Record::as_article) else {
            panic!("hit {} is not an article of the corpus", hit.doc)
        };
        assert_eq!(hit.id, article.id);
        assert!(hit.score.is_finite(), "score {} for document {}", hit.score, hit.doc);
        check_ranges(&article.title, &hit.title_matches, "title");
        for snippet in &hit.snippets {
            check_ranges(&snippet.text, &snippet.matches, "snippet");
            if let Some(p) = snippet.paragraph {
                assert!(p < article.paragraphs.len(), "snippet of paragraph {p} of {}", article.paragraphs.len());
            }
        }
    }
}

fn check_ranges(text: &str, ranges: &[(usize, usize)], what: &str) {
    for &(start, end) in ranges {
        assert!(
            start <= end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end),
            "{what} range {start}..{end} does not fit {text:?}"
        );
    }
}

// ---------------------------------------------------------------- query

/// The fixed corpus the `query` target searches: real files of each format,
/// Simplified and Traditional, several outlets and dates.
const QUERY_FIXTURES: &[(&str, &[u8])] = &[
    ("seeds/000.txt", include_bytes!("../../fixtures/seeds/000_73b89bec0a353237.txt")),
    ("seeds/001.txt", include_bytes!("../../fixtures/seeds/001_e886f203c780aee1.txt")),
    ("seeds/002.txt", include_bytes!("../../fixtures/seeds/002_98ab6192b286a1e9.txt")),
    ("seeds/003.txt", include_bytes!("../../fixtures/seeds/003_4ba2f7dca09c31a3.txt")),
    ("seeds/004.txt", include_bytes!("../../fixtures/seeds/004_d36ee75ac0d48196.txt")),
    ("corpus/dw.md", include_bytes!("../../fixtures/corpus/A/oped2__德国之声__1048008_正在凋零的俄羅斯農村.md")),
    (
        "corpus/bbc.md",
        include_bytes!("../../fixtures/corpus/A/oped2__BBC__1048050_中国制裁美国军火商 稀土断供成为焦点.md"),
    ),
    ("corpus/epoch.md", include_bytes!("../../fixtures/corpus/B/e2vnews__ncid283__n13503136.md")),
];

struct QueryCorpus {
    corpus: Corpus,
    /// Each article's normalised title and fields, computed once.
    normalised: Vec<(u32, String, Vec<String>)>,
}

fn query_corpus() -> &'static QueryCorpus {
    static CORPUS: OnceLock<QueryCorpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let mut corpus = Corpus::new();
        for (path, bytes) in QUERY_FIXTURES {
            corpus.add_file(path, bytes);
        }
        let normalised = corpus
            .iter()
            .filter_map(|(doc, r)| {
                r.as_article().map(|a| (doc, normalize(&a.title), segments(a).map(normalize).collect()))
            })
            .collect();
        QueryCorpus { corpus, normalised }
    })
}

/// Target `query`: arbitrary text (invalid UTF-8 replaced) through the parser and the search.
pub fn query(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let qc = query_corpus();
    let parsed = parse(&text);
    let orders = [
        SearchOptions { facets: true, ..SearchOptions::default() },
        SearchOptions { newest_first: Some(true), limit: Some(3), offset: 1, ..SearchOptions::default() },
        SearchOptions { newest_first: Some(false), limit: Some(2), ..SearchOptions::default() },
    ];
    let mut totals = Vec::new();
    for options in &orders {
        match (qc.corpus.search(&text, options), &parsed) {
            (Ok(results), Ok(_)) => {
                check_hits(&qc.corpus, &results);
                let page = results.total.saturating_sub(options.offset).min(options.limit.unwrap_or(usize::MAX));
                assert_eq!(results.hits.len(), page, "a page holds min(limit, total - offset) hits");
                totals.push(results.total);
            }
            (Err(e), Err(p)) => {
                assert_eq!(&e, p, "search reports the parser's message");
                assert!(!e.to_string().trim().is_empty(), "a malformed query gets a readable message");
            }
            (Ok(_), Err(e)) => panic!("the parser rejects {text:?} ({e}) but the search accepts it"),
            (Err(e), Ok(_)) => panic!("the parser accepts {text:?} but the search fails: {e}"),
        }
    }
    assert!(totals.windows(2).all(|w| w[0] == w[1]), "the total depends on the sort order: {totals:?}");

    if let Ok(query) = &parsed {
        if let Some(expected) = brute_force_matches(query, &qc.normalised) {
            let results = qc.corpus.search(&text, &SearchOptions::default()).unwrap_or_default();
            let found: BTreeSet<u32> = results.hits.iter().map(|h| h.doc).collect();
            assert_eq!(found, expected, "{text:?} (parsed as {query:?}) differs from a brute-force scan");
        }
    }
}

/// The documents a query of text terms matches, by scanning; `None` when the
/// query filters on metadata or dates (not modelled here).
fn brute_force_matches(query: &Query, normalised: &[(u32, String, Vec<String>)]) -> Option<BTreeSet<u32>> {
    let text_only = query.clauses.iter().flat_map(|c| &c.alts).all(|a| matches!(a, Atom::Text(_) | Atom::Title(_)));
    if !text_only {
        return None;
    }
    let holds = |atom: &Atom, title: &str, fields: &[String]| match atom {
        Atom::Text(t) => fields.iter().any(|f| f.contains(t.as_str())),
        Atom::Title(t) => title.contains(t.as_str()),
        _ => false,
    };
    Some(
        normalised
            .iter()
            .filter(|(_, title, fields)| {
                query.clauses.iter().all(|c| c.alts.iter().any(|a| holds(a, title, fields)) != c.negated)
            })
            .map(|(doc, _, _)| *doc)
            .collect(),
    )
}

// ---------------------------------------------------------------- zip

/// Target `zip`: arbitrary bytes through the archive reader with small limits.
pub fn zip(data: &[u8]) {
    let mut entries = archive::entries(ARCHIVE_PATH, Cursor::new(data), ZIP_LIMITS);
    let mut remaining = entries.remaining();
    let mut total: u64 = 0;
    let mut records = Vec::new();
    while let Some(entry) = entries.next() {
        assert!(
            records.len() <= ZIP_LIMITS.max_entries,
            "more than {} entries and the too-many-entries record came out",
            ZIP_LIMITS.max_entries
        );
        let path = entry.path().to_string();
        assert!(
            path == ARCHIVE_PATH || path.starts_with(&format!("{ARCHIVE_PATH}/")),
            "entry path {path:?} is not inside the archive"
        );
        if let Entry::File { bytes, .. } = &entry {
            assert!(
                bytes.len() as u64 <= ZIP_LIMITS.max_entry_bytes,
                "an entry of {} bytes passed the cap",
                bytes.len()
            );
            total += bytes.len() as u64;
            assert!(total <= ZIP_LIMITS.max_total_bytes, "the archive expanded to {total} bytes, past the cap");
        }
        let now = entries.remaining();
        assert!(now <= remaining, "remaining() grew from {remaining} to {now}");
        remaining = now;
        let record = entry.into_record();
        assert_eq!(record.source().path, path, "the record keeps the entry's path");
        check_json_round_trip(&record);
        records.push(record);
    }
    assert!(!records.is_empty(), "an archive gives at least one record (files in = articles + problems)");
    assert_eq!(archive::records(ARCHIVE_PATH, data, ZIP_LIMITS), records, "reading the archive twice differs");
}
