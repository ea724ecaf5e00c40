//! Search over the real fixture corpus: exactness against a brute-force scan,
//! ranking order, snippets, facets, the query language, incremental updates
//! and serialisation. Every expected value is computed from the data itself.

use jianbao::codec::{self, LoadError};
use jianbao::corpus::Corpus;
use jianbao::search::{normalize, SearchOptions, SearchResults};
use jianbao::{Article, Record};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

#[path = "support/fixtures.rs"]
mod fixtures;

/// The fixture corpus, extracted once per test binary.
fn records() -> &'static Vec<Record> {
    static R: OnceLock<Vec<Record>> = OnceLock::new();
    R.get_or_init(|| {
        fixtures::fixture_files("corpus")
            .iter()
            .map(|p| jianbao::extract(&p.to_string_lossy(), &std::fs::read(p).expect("fixture readable")))
            .collect()
    })
}

/// A fresh corpus of every fixture record (for tests that change it).
fn corpus() -> Corpus {
    let mut c = Corpus::new();
    for r in records() {
        c.add_record(r.clone());
    }
    c
}

/// One shared corpus for the read-only tests (indexing is slow in debug builds).
fn shared() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(corpus)
}

fn segments(a: &Article) -> impl Iterator<Item = &str> {
    std::iter::once(a.title.as_str()).chain(a.lead.as_deref()).chain(a.paragraphs.iter().map(String::as_str))
}

/// Normalised segments of every live article, by document number.
fn normalised(c: &Corpus) -> Vec<(u32, Vec<String>)> {
    c.iter().filter_map(|(d, r)| Some((d, segments(r.as_article()?).map(normalize).collect()))).collect()
}

/// Brute force: the articles with a normalised segment containing the normalised needle.
fn brute(norm: &[(u32, Vec<String>)], needle: &str) -> BTreeSet<u32> {
    let n = normalize(needle);
    norm.iter().filter(|(_, segs)| segs.iter().any(|s| s.contains(&n))).map(|(d, _)| *d).collect()
}

fn docs(r: &SearchResults) -> BTreeSet<u32> {
    r.hits.iter().map(|h| h.doc).collect()
}

fn run(c: &Corpus, q: &str) -> SearchResults {
    c.search(q, &SearchOptions::default()).unwrap_or_else(|e| panic!("{q}: {e}"))
}

/// Deterministic substrings (1–30 characters) cut from the corpus's paragraphs.
fn cut_queries(c: &Corpus, n: usize) -> Vec<String> {
    let texts: Vec<Vec<char>> = c
        .iter()
        .filter_map(|(_, r)| r.as_article())
        .flat_map(|a| a.paragraphs.iter().map(|p| p.chars().collect::<Vec<char>>()))
        .filter(|p| p.len() > 40)
        .collect();
    assert!(!texts.is_empty(), "fixtures have paragraphs");
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    (0..n)
        .map(|i| {
            let t = &texts[next() % texts.len()];
            let len = 1 + i % 30;
            let start = next() % (t.len() - len);
            t[start..start + len].iter().collect::<String>()
        })
        .filter(|q| !q.contains('"') && !normalize(q).is_empty())
        .collect()
}

#[test]
fn substrings_of_real_articles_find_exactly_the_brute_force_set() {
    let c = shared();
    let norm = normalised(c);
    for q in cut_queries(c, 400) {
        let expected = brute(&norm, &q);
        assert!(!expected.is_empty(), "{q:?} was cut from the corpus");
        let r = run(c, &format!("\"{q}\""));
        assert_eq!(r.total, expected.len(), "{q:?}");
        assert_eq!(docs(&r), expected, "{q:?}");
    }
}

#[test]
fn simplified_and_traditional_spellings_of_a_query_find_the_same_articles() {
    let c = shared();
    // Queries cut from Traditional text fold to Simplified; both spellings must agree.
    let mut checked = 0;
    for q in cut_queries(c, 600) {
        let simplified = normalize(&q);
        if simplified == q.to_lowercase() {
            continue;
        }
        checked += 1;
        assert_eq!(docs(&run(c, &format!("\"{q}\""))), docs(&run(c, &format!("\"{simplified}\""))), "{q:?}");
    }
    assert!(checked > 0, "the fixtures contain text that folding changes");
}

#[test]
fn relevance_scores_never_increase_down_the_list() {
    let c = shared();
    for q in cut_queries(c, 60).iter().filter(|q| q.chars().count() <= 3) {
        let r = run(c, q);
        for w in r.hits.windows(2) {
            assert!(w[0].score >= w[1].score, "{q:?}: {} then {}", w[0].score, w[1].score);
        }
        assert!(r.hits.iter().all(|h| h.score > 0.0), "{q:?}: matching documents score above zero");
    }
}

#[test]
fn date_sorts_order_by_published_with_undated_last() {
    let c = shared();
    let key = |doc: u32| c.get(doc).and_then(Record::as_article).and_then(|a| a.published.clone());
    for newest in [true, false] {
        let r = c.search("", &SearchOptions { newest_first: Some(newest), ..SearchOptions::default() }).unwrap();
        assert_eq!(r.total, c.stats().articles, "the empty query lists every article");
        let keys: Vec<Option<String>> = r.hits.iter().map(|h| key(h.doc)).collect();
        let dated: Vec<&String> = keys.iter().flatten().collect();
        let first_undated = keys.iter().position(Option::is_none).unwrap_or(keys.len());
        assert!(keys[first_undated..].iter().all(Option::is_none), "undated articles come last");
        for w in dated.windows(2) {
            // Same-day date-only values may sit beside timed ones; compare the day.
            let (a, b) = (&w[0][..10.min(w[0].len())], &w[1][..10.min(w[1].len())]);
            assert!(if newest { a >= b } else { a <= b }, "{a} then {b}");
        }
    }
}

#[test]
fn snippets_show_the_match_in_context_with_byte_ranges() {
    let c = shared();
    for q in cut_queries(c, 80).iter().filter(|q| q.chars().count() >= 2) {
        let nq = normalize(q);
        let r = run(c, &format!("\"{q}\""));
        for h in r.hits.iter().take(10) {
            assert!(!h.snippets.is_empty() || !h.title_matches.is_empty(), "{q:?}: a hit shows where it matched");
            assert!(h.snippets.len() <= 3);
            for s in &h.snippets {
                // One window is 40 characters either side of a match; windows
                // that overlap merge, and a hit shows at most three.
                let window = 2 * 40 + q.chars().count() * 2;
                assert!(s.text.chars().count() <= 3 * window + 2, "{:?}", s.text);
                for &(a, b) in &s.matches {
                    assert!(normalize(&s.text[a..b]).contains(&nq), "{:?} marks {:?}", q, &s.text[a..b]);
                }
                let a = c.get(h.doc).and_then(Record::as_article).unwrap();
                let body = s.text.trim_start_matches('…').trim_end_matches('…');
                let source = match s.paragraph {
                    Some(i) => &a.paragraphs[i],
                    None => a.lead.as_ref().unwrap(),
                };
                assert!(source.contains(body), "a snippet is a verbatim slice of its paragraph");
            }
        }
    }
}

#[test]
fn facets_count_the_whole_result_set() {
    let c = shared();
    for q in ["", "中国", "美国"] {
        let r = c.search(q, &SearchOptions { facets: true, limit: Some(3), ..SearchOptions::default() }).unwrap();
        let f = r.facets.expect("facets requested");
        let mut outlets: BTreeMap<String, usize> = BTreeMap::new();
        let mut years: BTreeMap<String, usize> = BTreeMap::new();
        let mut formats: BTreeMap<String, usize> = BTreeMap::new();
        let all = c.search(q, &SearchOptions::default()).unwrap();
        assert_eq!(all.total, r.total);
        for h in &all.hits {
            let a = c.get(h.doc).and_then(Record::as_article).unwrap();
            if let Some(o) = &a.outlet {
                *outlets.entry(o.clone()).or_default() += 1;
            }
            if let Some(p) = a.published.as_deref().filter(|p| p.len() >= 10) {
                *years.entry(p[..4].to_string()).or_default() += 1;
            }
            if let Some(fm) = a.source.format {
                *formats.entry(fm.as_str().to_string()).or_default() += 1;
            }
        }
        let as_map = |v: &[jianbao::search::FacetCount]| {
            v.iter().map(|x| (x.value.clone(), x.count)).collect::<BTreeMap<_, _>>()
        };
        assert_eq!(as_map(&f.outlet), outlets, "{q}");
        assert_eq!(as_map(&f.year), years, "{q}");
        assert_eq!(as_map(&f.format), formats, "{q}");
        assert!(f.outlet.windows(2).all(|w| w[0].count >= w[1].count));
    }
}

#[test]
fn or_and_exclusion_combine_brute_force_sets() {
    let c = shared();
    let norm = normalised(c);
    let qs = cut_queries(c, 40);
    for pair in qs.chunks(2).filter(|p| p.len() == 2) {
        let (a, b) = (&pair[0], &pair[1]);
        let (sa, sb) = (brute(&norm, a), brute(&norm, b));
        let or = docs(&run(c, &format!("\"{a}\" OR \"{b}\"")));
        assert_eq!(or, sa.union(&sb).copied().collect());
        let minus = docs(&run(c, &format!("\"{a}\" -\"{b}\"")));
        assert_eq!(minus, sa.difference(&sb).copied().collect());
        let and = docs(&run(c, &format!("\"{a}\" \"{b}\"")));
        assert_eq!(and, sa.intersection(&sb).copied().collect());
    }
}

#[test]
fn metadata_filters_select_the_articles_carrying_the_value() {
    let c = shared();
    let articles: Vec<(u32, &Article)> = c.iter().filter_map(|(d, r)| Some((d, r.as_article()?))).collect();
    if let Some(outlet) = articles.iter().find_map(|(_, a)| a.outlet.clone()) {
        let expected: BTreeSet<u32> =
            articles.iter().filter(|(_, a)| a.outlet.as_ref() == Some(&outlet)).map(|(d, _)| *d).collect();
        assert_eq!(docs(&run(c, &format!("outlet:\"{outlet}\""))), expected);
    }
    if let Some(tag) = articles.iter().find_map(|(_, a)| a.tags.first().cloned()) {
        let expected: BTreeSet<u32> = articles.iter().filter(|(_, a)| a.tags.contains(&tag)).map(|(d, _)| *d).collect();
        assert_eq!(docs(&run(c, &format!("tag:\"{tag}\""))), expected);
    }
    let dated: Vec<(u32, String)> = articles.iter().filter_map(|(d, a)| Some((*d, a.published.clone()?))).collect();
    if let Some((_, p)) = dated.get(dated.len() / 2) {
        let day = p.get(..10).unwrap_or(p);
        let after: BTreeSet<u32> =
            dated.iter().filter(|(_, q)| q.get(..10).unwrap_or(q) >= day).map(|(d, _)| *d).collect();
        let before: BTreeSet<u32> =
            dated.iter().filter(|(_, q)| q.get(..10).unwrap_or(q) < day).map(|(d, _)| *d).collect();
        assert_eq!(docs(&run(c, &format!("after:{day}"))), after);
        assert_eq!(docs(&run(c, &format!("before:{day}"))), before);
    }
    let titled: Vec<&(u32, &Article)> = articles.iter().filter(|(_, a)| a.title.chars().count() >= 2).collect();
    if let Some((_, a)) = titled.first() {
        let word: String = a.title.chars().take(2).collect();
        let nw = normalize(&word);
        let expected: BTreeSet<u32> =
            articles.iter().filter(|(_, a)| normalize(&a.title).contains(&nw)).map(|(d, _)| *d).collect();
        assert_eq!(docs(&run(c, &format!("title:\"{word}\""))), expected);
    }
}

#[test]
fn removing_files_gives_the_same_answers_as_never_adding_them() {
    let mut c = corpus();
    let paths: Vec<String> = records().iter().map(|r| r.source().path.clone()).collect();
    let mut fresh = Corpus::new();
    for (i, r) in records().iter().enumerate() {
        if i % 3 == 0 {
            c.remove_path(&paths[i]);
        } else {
            fresh.add_record(r.clone());
        }
    }
    let path_set = |c: &Corpus, r: &SearchResults| -> BTreeSet<String> {
        r.hits.iter().map(|h| c.get(h.doc).unwrap().source().path.clone()).collect()
    };
    assert_eq!(c.stats().files, fresh.stats().files);
    for q in cut_queries(&c, 60) {
        let q = format!("\"{q}\"");
        assert_eq!(path_set(&c, &run(&c, &q)), path_set(&fresh, &run(&fresh, &q)), "{q}");
    }
    c.rebuild_index();
    for q in cut_queries(&c, 20) {
        let q = format!("\"{q}\"");
        assert_eq!(path_set(&c, &run(&c, &q)), path_set(&fresh, &run(&fresh, &q)), "{q}");
    }
}

#[test]
fn errors_are_counted_and_listed_but_never_found() {
    let c = shared();
    let s = c.stats();
    assert_eq!(s.files, s.articles + s.errors);
    assert_eq!(c.errors().count(), s.errors);
    let all = c.search("", &SearchOptions::default()).unwrap();
    assert_eq!(all.total, s.articles);
    let error_docs: BTreeSet<u32> = c.errors().map(|(d, _)| d).collect();
    assert!(all.hits.iter().all(|h| !error_docs.contains(&h.doc)));
}

#[test]
fn saved_index_round_trips_and_damage_is_an_error() {
    let c = shared();
    let bytes = c.to_bytes().expect("serialises");
    let back = Corpus::from_bytes(&bytes).expect("round trip");
    assert_eq!(back.stats(), c.stats());
    for q in cut_queries(c, 30) {
        let q = format!("\"{q}\"");
        assert_eq!(docs(&run(&back, &q)), docs(&run(c, &q)));
    }
    let mut damaged = bytes.clone();
    let mid = damaged.len() / 2;
    damaged[mid] ^= 0x55;
    assert!(Corpus::from_bytes(&damaged).is_err());
    assert!(Corpus::from_bytes(&bytes[..bytes.len() - 1]).is_err());
    assert!(Corpus::from_bytes(b"not an index").is_err());
}

/// `bytes` with its format version replaced by `version` and, when
/// `reseal`, a checksum recomputed over the result (what another version's
/// writer would have produced, were its body the same).
fn with_version(bytes: &[u8], version: u32, reseal: bool) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let at = codec::MAGIC.len();
    out[at..at + 4].copy_from_slice(&version.to_le_bytes());
    if reseal {
        let body = out.len() - 8;
        let sum = xxhash_rust::xxh64::xxh64(&out[..body], 0);
        out[body..].copy_from_slice(&sum.to_le_bytes());
    }
    out
}

#[test]
fn bytes_saved_in_another_format_version_are_refused_as_such_never_read() {
    let bytes = shared().to_bytes().expect("serialises");
    assert_eq!(codec::stored_version(&bytes), Some(codec::VERSION));
    for version in [0, codec::VERSION + 1, u32::MAX] {
        for reseal in [false, true] {
            let other = with_version(&bytes, version, reseal);
            assert_eq!(codec::stored_version(&other), Some(version));
            let error = Corpus::from_bytes(&other).err().expect("another version is refused");
            assert_eq!(error, LoadError::Version { found: version, supported: codec::VERSION });
            assert_eq!(error.code(), "version");
        }
    }
    // A header alone (a newer writer's body may be anything) is still told apart.
    let header = &with_version(&bytes, codec::VERSION + 1, false)[..codec::MAGIC.len() + 4];
    assert_eq!(Corpus::from_bytes(header).err().map(|e| e.code()), Some("version"));
    // Not a corpus at all, and this version damaged, are different answers.
    assert_eq!(Corpus::from_bytes(b"not an index").err(), Some(LoadError::NotACorpus));
    let mut damaged = bytes.clone();
    let mid = damaged.len() / 2;
    damaged[mid] ^= 0x55;
    assert_eq!(Corpus::from_bytes(&damaged).err().map(|e| e.code()), Some("damaged"));
    assert_eq!(Corpus::from_bytes(&bytes[..codec::MAGIC.len() + 6]).err().map(|e| e.code()), Some("damaged"));
}

#[test]
fn index_is_smaller_than_the_text_it_indexes() {
    let c = shared();
    let text: usize =
        c.iter().filter_map(|(_, r)| r.as_article()).map(|a| segments(a).map(str::len).sum::<usize>()).sum();
    let sizes = c.index_sizes();
    assert!(sizes.posting_bytes < text, "postings {} vs text {}", sizes.posting_bytes, text);
}

#[test]
fn a_loaded_index_keeps_growing_and_shrinking_incrementally() {
    let all = records();
    let half = all.len() / 2;
    let mut first = Corpus::new();
    for r in &all[..half] {
        first.add_record(r.clone());
    }
    let mut c = Corpus::from_bytes(&first.to_bytes().expect("serialises")).expect("round trip");
    for r in &all[half..] {
        c.add_record(r.clone());
    }
    let whole = corpus();
    let norm = normalised(&whole);
    for q in cut_queries(&whole, 60) {
        let quoted = format!("\"{q}\"");
        assert_eq!(docs(&run(&c, &quoted)), brute(&norm, &q), "{q:?}");
    }
    let gone = all[half].source().path.clone();
    assert_eq!(c.remove_path(&gone), 1);
    assert!(run(&c, "").hits.iter().all(|h| c.get(h.doc).is_some_and(|r| r.source().path != gone)));
}
