//! Boilerplate learning benchmark: `cargo bench --bench learn`.
//!
//! The fixture corpus repeated to 10,000 articles (`support/search_corpus.rs`;
//! `JIANBAO_LEARN_ARTICLES=65525` for another size),
//! each copy made a different article for learning (its number added to its
//! title and to every paragraph, and a query to its address, so no real
//! paragraph repeats and no copy is a copy under the copy rule), with waimei's
//! appeal `感謝您的訂閱！` added as the last paragraph of every fifth RFI
//! article. Measures:
//! - counting alone (`Learned::from_articles`, the first pass);
//! - `Corpus::learn_boilerplate` on a corpus it has already learned from and
//!   that has not changed since (the corpus remembers, so this is a check:
//!   what a restore pays); after a load that added articles it is a count
//!   again, which the first figure measures;
//! - `Corpus::learn_boilerplate` on a fresh corpus: counting, moving the
//!   appeals, and re-indexing.
//!
//! Above 10,000 articles one sample of the last takes about a minute (most of
//! it building the corpus again), so each measure is timed three times by hand
//! and the median printed, instead of criterion's ten samples or more.

#[path = "support/search_corpus.rs"]
#[allow(dead_code)] // the search queries are the search bench's
mod search_corpus;

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion};
use jianbao::learn::Learned;
use jianbao::Record;
use search_corpus::*;
use std::time::{Duration, Instant};

/// Criterion's size; larger sizes are timed by hand ([`median_of_three`]).
const DEFAULT_ARTICLES: usize = 10_000;

fn articles_wanted() -> usize {
    std::env::var("JIANBAO_LEARN_ARTICLES").ok().and_then(|n| n.parse().ok()).unwrap_or(DEFAULT_ARTICLES)
}

/// The median of three timed runs of `run` (each given a fresh `setup()`), printed.
fn median_of_three<T, R>(label: &str, mut setup: impl FnMut() -> T, mut run: impl FnMut(T) -> R) {
    let mut times: Vec<Duration> = (0..3)
        .map(|_| {
            let input = setup();
            let start = Instant::now();
            black_box(run(input));
            start.elapsed()
        })
        .collect();
    times.sort();
    eprintln!("{label}: median {:.2?} (of {:.2?}, {:.2?}, {:.2?})", times[1], times[0], times[1], times[2]);
}

fn bench(c: &mut Criterion) {
    let count = articles_wanted();
    let mut records = repeated(&fixture_articles(), count);
    let mut rfi = 0;
    for (i, r) in records.iter_mut().enumerate() {
        if let Record::Article(a) = r {
            a.title = format!("{} {i}", a.title);
            // Its own address too, or the copy rule would count it as a copy.
            if let Some(url) = &mut a.url {
                let glue = if url.contains('?') { '&' } else { '?' };
                url.push_str(&format!("{glue}copy={i}"));
            }
            for p in &mut a.paragraphs {
                p.push_str(&format!(" {i}"));
            }
            if a.outlet.as_deref() == Some("RFI") {
                rfi += 1;
                if rfi % 5 == 0 {
                    a.paragraphs.push("感謝您的訂閱！".into());
                }
            }
        }
    }
    let articles: Vec<_> = records.iter().filter_map(Record::as_article).cloned().collect();
    let mut learned_corpus = build(&records);
    let first = learned_corpus.learn_boilerplate();
    eprintln!(
        "learn corpus: {count} articles, {:.1} MiB text; learned {} paragraphs, {} hidden in {} articles",
        text_bytes(&records) as f64 / 1048576.0,
        first.learned,
        first.hidden,
        first.articles
    );

    if count > DEFAULT_ARTICLES {
        median_of_three("count", || (), |()| Learned::from_articles(&articles).len());
        median_of_three("learn again, nothing new", || (), |()| learned_corpus.learn_boilerplate());
        median_of_three("learn, move and re-index", || build(&records), |mut corpus| corpus.learn_boilerplate());
        return;
    }
    let mut g = c.benchmark_group("learn");
    g.sample_size(10).measurement_time(Duration::from_secs(30));
    g.bench_function("count 10k articles", |b| b.iter(|| black_box(Learned::from_articles(&articles).len())));
    g.bench_function("learn again, corpus unchanged (10k)", |b| {
        b.iter(|| black_box(learned_corpus.learn_boilerplate()))
    });
    g.bench_function("learn, move and re-index (10k)", |b| {
        b.iter_batched(|| build(&records), |mut corpus| black_box(corpus.learn_boilerplate()), BatchSize::LargeInput)
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
