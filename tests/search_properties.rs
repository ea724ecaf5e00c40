//! Property tests of the exact-match guarantee: for random articles and random
//! queries (substrings of the articles, 1–12 characters, in Simplified,
//! Traditional or mixed with Latin), search returns exactly the articles whose
//! normalised title, lead or paragraph contains the normalised query.

use jianbao::corpus::Corpus;
use jianbao::search::{normalize, Collapse, SearchOptions};
use jianbao::{Article, Record, Source};
use proptest::prelude::*;
use std::collections::BTreeSet;

/// A small alphabet so that bigrams recur in other orders and Simplified and
/// Traditional forms of the same characters meet.
const ALPHABET: &[&str] = &[
    "乌", "克", "兰", "美", "国", "发", "后", "台", "里", "干", "的", "中", "人", "烏", "蘭", "國", "發", "後", "臺",
    "裡", "乾", "髮", "a", "b", "ab", "Ab", "x1", "1", "Ａ", "１", " ", " ", "，", ",", "。", ".", "-", "'", "é",
    "e\u{301}",
];

/// Simplified → Traditional for the alphabet, to derive Traditional queries.
const S2T: &[(char, char)] =
    &[('乌', '烏'), ('兰', '蘭'), ('国', '國'), ('发', '發'), ('后', '後'), ('台', '臺'), ('里', '裡'), ('干', '乾')];

fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 0..max).prop_map(|v| v.concat())
}

fn nonempty_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 1..max).prop_map(|v| v.concat())
}

fn article() -> impl Strategy<Value = Article> {
    (text(10), prop::option::of(text(20)), prop::collection::vec(text(40), 0..4))
        .prop_map(|(title, lead, paragraphs)| Article { title, lead, paragraphs, ..Article::default() })
}

/// Long articles (several 64-byte blocks) so that block masks prune.
fn long_article() -> impl Strategy<Value = Article> {
    (text(8), prop::collection::vec(text(400), 1..4)).prop_map(|(title, paragraphs)| Article {
        title,
        paragraphs,
        ..Article::default()
    })
}

fn corpus(articles: &[Article]) -> Corpus {
    let mut c = Corpus::new();
    for (i, a) in articles.iter().enumerate() {
        let mut a = a.clone();
        a.id = format!("a{i}");
        a.source = Source { path: format!("doc{i}.md"), sha256: format!("{i:064}"), ..Source::default() };
        c.add_record(Record::Article(Box::new(a)));
    }
    c
}

fn brute(articles: &[Article], needle: &str) -> BTreeSet<u32> {
    let n = normalize(needle);
    articles
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            std::iter::once(a.title.as_str())
                .chain(a.lead.as_deref())
                .chain(a.paragraphs.iter().map(String::as_str))
                .any(|s| normalize(s).contains(&n))
        })
        .map(|(i, _)| i as u32)
        .collect()
}

fn found(c: &Corpus, query: &str) -> BTreeSet<u32> {
    let r = c.search(query, &SearchOptions::default()).expect("query parses");
    assert_eq!(r.total, r.hits.len());
    r.hits.iter().map(|h| h.doc).collect()
}

/// A substring of 1–12 characters of one of the articles' texts.
fn cut(articles: &[Article], pick: (usize, usize, usize, usize)) -> Option<String> {
    let a = articles.get(pick.0 % articles.len().max(1))?;
    let fields: Vec<&str> = std::iter::once(a.title.as_str())
        .chain(a.lead.as_deref())
        .chain(a.paragraphs.iter().map(String::as_str))
        .collect();
    let f: Vec<char> = fields[pick.1 % fields.len()].chars().collect();
    if f.is_empty() {
        return None;
    }
    let start = pick.2 % f.len();
    let len = 1 + pick.3 % 12;
    Some(f[start..(start + len).min(f.len())].iter().collect())
}

/// Articles that share URLs (copies whose texts differ) and dates (ties in
/// either order): where choosing a page without verifying every candidate
/// could go wrong.
fn listed_article() -> impl Strategy<Value = Article> {
    (article(), prop::option::of(0..3usize), prop::option::of(0..3usize)).prop_map(|(a, url, day)| Article {
        url: url.map(|u| format!("https://example.com/{u}")),
        published: day.map(|d| format!("2024-01-0{}T00:00:00Z", d + 1)),
        ..a
    })
}

fn traditional(s: &str) -> String {
    s.chars().map(|c| S2T.iter().find(|p| p.0 == c).map_or(c, |p| p.1)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn phrase_search_equals_brute_force_for_substrings(
        articles in prop::collection::vec(article(), 1..16),
        pick in (any::<usize>(), any::<usize>(), any::<usize>(), any::<usize>()),
        to_traditional in any::<bool>(),
    ) {
        let c = corpus(&articles);
        let Some(q) = cut(&articles, pick) else { return Ok(()) };
        let q = if to_traditional { traditional(&q) } else { q };
        prop_assume!(!normalize(&q).is_empty());
        let expected = brute(&articles, &q);
        prop_assert_eq!(found(&c, &format!("\"{q}\"")), expected, "query {:?}", q);
    }

    #[test]
    fn phrase_search_equals_brute_force_in_long_articles(
        articles in prop::collection::vec(long_article(), 1..8),
        picks in prop::collection::vec((any::<usize>(), any::<usize>(), any::<usize>(), any::<usize>()), 1..6),
    ) {
        let c = corpus(&articles);
        for pick in picks {
            let Some(q) = cut(&articles, pick) else { continue };
            if normalize(&q).is_empty() {
                continue;
            }
            prop_assert_eq!(found(&c, &format!("\"{q}\"")), brute(&articles, &q), "query {:?}", q);
        }
    }

    #[test]
    fn phrase_search_equals_brute_force_for_random_strings(
        articles in prop::collection::vec(article(), 1..16),
        q in nonempty_text(7),
    ) {
        let c = corpus(&articles);
        prop_assume!(!normalize(&q).is_empty());
        prop_assert_eq!(found(&c, &format!("\"{q}\"")), brute(&articles, &q), "query {:?}", q);
    }

    #[test]
    fn and_of_terms_equals_intersection_of_brute_force(
        articles in prop::collection::vec(article(), 1..16),
        p1 in (any::<usize>(), any::<usize>(), any::<usize>(), any::<usize>()),
        p2 in (any::<usize>(), any::<usize>(), any::<usize>(), any::<usize>()),
    ) {
        let c = corpus(&articles);
        let (Some(a), Some(b)) = (cut(&articles, p1), cut(&articles, p2)) else { return Ok(()) };
        let terms: Vec<String> = a.split_whitespace().chain(b.split_whitespace()).map(String::from)
            .filter(|t| !normalize(t).is_empty() && !t.starts_with('-') && t != "OR" && t != "|").collect();
        prop_assume!(!terms.is_empty());
        let mut expected: BTreeSet<u32> = (0..articles.len() as u32).collect();
        for t in &terms {
            expected = expected.intersection(&brute(&articles, t)).copied().collect();
        }
        let quoted: Vec<String> = terms.iter().map(|t| format!("\"{t}\"")).collect();
        prop_assert_eq!(found(&c, &quoted.join(" ")), expected);
    }

    #[test]
    fn exclusion_removes_exactly_the_brute_force_set(
        articles in prop::collection::vec(article(), 1..16),
        pick in (any::<usize>(), any::<usize>(), any::<usize>(), any::<usize>()),
    ) {
        let c = corpus(&articles);
        let Some(q) = cut(&articles, pick) else { return Ok(()) };
        prop_assume!(!normalize(&q).is_empty());
        let all: BTreeSet<u32> = (0..articles.len() as u32).collect();
        let expected: BTreeSet<u32> = all.difference(&brute(&articles, &q)).copied().collect();
        prop_assert_eq!(found(&c, &format!("-\"{q}\"")), expected);
    }

    #[test]
    fn highlights_and_snippets_cover_text_that_normalises_to_the_query(
        articles in prop::collection::vec(article(), 1..8),
        pick in (any::<usize>(), any::<usize>(), any::<usize>(), any::<usize>()),
    ) {
        let c = corpus(&articles);
        let Some(q) = cut(&articles, pick) else { return Ok(()) };
        let nq = normalize(&q);
        prop_assume!(!nq.is_empty());
        let r = c.search(&format!("\"{q}\""), &SearchOptions::default()).unwrap();
        for h in &r.hits {
            let a = &articles[h.doc as usize];
            for &(s, e) in &h.title_matches {
                prop_assert!(normalize(&a.title[s..e]).contains(&nq));
            }
            for sn in &h.snippets {
                prop_assert!(!sn.matches.is_empty());
                for &(s, e) in &sn.matches {
                    prop_assert!(normalize(&sn.text[s..e]).contains(&nq), "{:?} in {:?}", &sn.text[s..e], sn.text);
                }
            }
        }
    }

    /// The page a list asks for with `quick_total` (verifying only the
    /// candidates it shows) is the page of the exact search, in every order,
    /// collapsed or not; its total is an upper bound, the count itself unless
    /// it says it is estimated.
    #[test]
    fn a_quick_page_is_the_exact_page(
        articles in prop::collection::vec(listed_article(), 1..24),
        picks in prop::collection::vec((any::<usize>(), any::<usize>(), any::<usize>(), any::<usize>()), 1..3),
        sort in prop::sample::select(vec![None, Some(true), Some(false)]),
        collapse in prop::sample::select(vec![Collapse::None, Collapse::Copies]),
        offset in 0..4usize,
        limit in 1..4usize,
    ) {
        let c = corpus(&articles);
        let terms: Vec<String> = picks.into_iter().filter_map(|p| cut(&articles, p)).filter(|q| !normalize(q).is_empty()).collect();
        prop_assume!(!terms.is_empty());
        let query = terms.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(" ");
        let options = SearchOptions { newest_first: sort, collapse, offset, limit: Some(limit), ..SearchOptions::default() };
        let exact = c.search(&query, &options).unwrap();
        let quick = c.search(&query, &SearchOptions { quick_total: true, ..options }).unwrap();
        let docs = |r: &jianbao::search::SearchResults| r.hits.iter().map(|h| (h.doc, h.score)).collect::<Vec<_>>();
        prop_assert_eq!(docs(&quick), docs(&exact), "query {:?}", query);
        prop_assert!(!exact.estimated_total);
        prop_assert!(quick.total >= exact.total);
        if !quick.estimated_total {
            prop_assert_eq!(quick.total, exact.total);
        }
    }

    #[test]
    fn serialised_index_answers_like_the_original(
        articles in prop::collection::vec(article(), 1..10),
        pick in (any::<usize>(), any::<usize>(), any::<usize>(), any::<usize>()),
    ) {
        let c = corpus(&articles);
        let back = Corpus::from_bytes(&c.to_bytes().unwrap()).unwrap();
        let Some(q) = cut(&articles, pick) else { return Ok(()) };
        let q = format!("\"{q}\"");
        prop_assert_eq!(found(&back, &q), found(&c, &q));
    }

    #[test]
    fn corrupted_bytes_are_an_error_or_a_valid_corpus_never_a_panic(
        articles in prop::collection::vec(article(), 1..4),
        flips in prop::collection::vec((any::<usize>(), any::<u8>()), 1..4),
        cut_at in any::<usize>(),
    ) {
        let bytes = corpus(&articles).to_bytes().unwrap();
        let mut damaged = bytes.clone();
        // One flip per position: two flips of one byte by the same value
        // would cancel out and leave the bytes undamaged.
        let mut flipped = std::collections::BTreeSet::new();
        for (i, v) in flips {
            let i = i % damaged.len();
            if flipped.insert(i) {
                damaged[i] ^= v | 1;
            }
        }
        prop_assert!(Corpus::from_bytes(&damaged).is_err());
        prop_assert!(Corpus::from_bytes(&bytes[..cut_at % bytes.len()]).is_err());
    }

    #[test]
    fn arbitrary_queries_never_panic(q in "\\PC{0,30}") {
        let c = corpus(&[Article { title: "标题 Title".into(), paragraphs: vec!["正文 body".into()], ..Article::default() }]);
        let _ = c.search(&q, &SearchOptions { facets: true, limit: Some(5), ..SearchOptions::default() });
    }
}
