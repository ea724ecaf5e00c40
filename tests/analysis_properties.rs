//! Property tests of the analysis views against brute force:
//! - the concordance of a term has, per article, exactly as many rows as
//!   there are non-overlapping occurrences of the normalised term in the
//!   normalised title, lead and paragraphs, each counted on its own;
//! - the timeline's buckets add up to the number of articles, undated ones
//!   included, whatever the period, zone and split.

use jianbao::analysis::concordance::concordance;
use jianbao::analysis::timeline::{timeline, Period, TimelineOptions};
use jianbao::corpus::Corpus;
use jianbao::search::{normalize, Collapse, SearchOptions};
use jianbao::{Article, Record};
use proptest::prelude::*;
use std::collections::BTreeMap;

const ALPHABET: &[&str] =
    &["国", "安", "法", "國", "发", "發", "a", "A", "aa", "Ａ", " ", "\u{200B}", "，", "e\u{301}", "é", "港"];

fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 0..max).prop_map(|v| v.concat())
}

fn published() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some("not a date".to_string())),
        (1990i32..2030, 1u32..13, 1u32..29).prop_map(|(y, m, d)| Some(format!("{y:04}-{m:02}-{d:02}"))),
        (1990i32..2030, 1u32..13, 1u32..29, 0u32..24, 0u32..60)
            .prop_map(|(y, m, d, h, mi)| Some(format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:00Z"))),
    ]
}

fn article() -> impl Strategy<Value = Article> {
    (text(8), prop::option::of(text(16)), prop::collection::vec(text(30), 0..4), published(), prop::option::of(0..3u8))
        .prop_map(|(title, lead, paragraphs, published, outlet)| Article {
            title,
            lead,
            paragraphs,
            published,
            outlet: outlet.map(|o| format!("outlet{o}")),
            ..Article::default()
        })
}

fn corpus(articles: &[Article]) -> Corpus {
    let mut c = Corpus::new();
    for (i, a) in articles.iter().enumerate() {
        let mut a = a.clone();
        a.source.path = format!("a{i}");
        a.source.sha256 = format!("{i}");
        c.add_record(Record::Article(Box::new(a)));
    }
    c
}

fn brute_count(a: &Article, needle: &str) -> usize {
    std::iter::once(a.title.as_str())
        .chain(a.lead.as_deref())
        .chain(a.paragraphs.iter().map(String::as_str))
        .map(|t| normalize(t).matches(needle).count())
        .sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn concordance_rows_per_article_equal_brute_force(
        articles in prop::collection::vec(article(), 1..8),
        term in prop::sample::select(vec!["国安法", "國安", "aa", "a", "法 发", "é", "安法国"]),
    ) {
        let c = corpus(&articles);
        let needle = normalize(term);
        let rows = concordance(&c, &format!("\"{term}\""), 5).unwrap();
        let mut per_doc: BTreeMap<u32, usize> = BTreeMap::new();
        for r in &rows {
            *per_doc.entry(r.doc).or_default() += 1;
            prop_assert_eq!(normalize(&r.matched), needle.clone());
            prop_assert!(r.left.chars().count() <= 5 && r.right.chars().count() <= 5);
        }
        for (doc, a) in articles.iter().enumerate() {
            let want = brute_count(a, &needle);
            prop_assert_eq!(per_doc.get(&(doc as u32)).copied().unwrap_or(0), want, "article {:?}", a);
        }
    }

    #[test]
    fn timeline_buckets_add_up_to_the_articles(
        articles in prop::collection::vec(article(), 0..12),
        by in prop::sample::select(vec![Period::Day, Period::Week, Period::Month, Period::Year]),
        offset in -720i32..=840,
        split in any::<bool>(),
    ) {
        let c = corpus(&articles);
        let options = TimelineOptions { by, utc_offset_minutes: offset, split_outlet: split, ..Default::default() };
        let buckets = timeline(&c, "", &options).unwrap();
        prop_assert_eq!(buckets.iter().map(|b| b.count).sum::<usize>(), articles.len());
        // Collapsed, the bars add up to the search's collapsed total.
        for collapse in [Collapse::Copies, Collapse::Stories] {
            let collapsed = timeline(&c, "", &TimelineOptions { collapse, ..options }).unwrap();
            let total = c.search("", &SearchOptions { collapse, ..Default::default() }).unwrap().total;
            prop_assert_eq!(collapsed.iter().map(|b| b.count).sum::<usize>(), total);
        }
        // The dated bars follow one another without a gap (empty periods are
        // empty bars), unless the span is too wide to fill.
        let dated: Vec<_> = buckets.iter().filter(|b| b.period.is_some()).collect();
        let consecutive = dated.windows(2).all(|w| w[0].to == w[1].from || w[0].from == w[1].from);
        prop_assert!(consecutive || dated.iter().all(|b| b.count > 0), "{:?}", dated);
        let undated = articles.iter().filter(|a| a.published.as_deref().is_none_or(|p| !p.starts_with(['1', '2']))).count();
        prop_assert_eq!(buckets.iter().filter(|b| b.period.is_none()).map(|b| b.count).sum::<usize>(), undated);
        // Each dated bar's bounds, as a query, find at least its own articles
        // when every article carries a time (date-only values sit at 00:00 UTC).
        for b in buckets.iter().filter(|b| b.period.is_some() && !split) {
            let q = format!("after:{} before:{}", b.from.as_ref().unwrap(), b.to.as_ref().unwrap());
            let timed = c.search(&q, &Default::default()).unwrap();
            if offset == 0 {
                prop_assert_eq!(timed.total, b.count, "{}", q);
            }
        }
    }
}
