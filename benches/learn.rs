//! Boilerplate learning benchmark: `cargo bench --bench learn`.
//!
//! The fixture corpus repeated to 10,000 articles (`support/search_corpus.rs`),
//! each copy made a different article for learning (its number added to its
//! title and to every paragraph, so no real paragraph repeats), with waimei's
//! appeal `感謝您的訂閱！` added as the last paragraph of every fifth RFI
//! article. Measures:
//! - counting alone (`Learned::from_articles`, the first pass);
//! - `Corpus::learn_boilerplate` on a corpus it has already learned from and
//!   that has not changed since (the corpus remembers, so this is a check:
//!   what a restore pays); after a load that added articles it is a count
//!   again, which the first figure measures;
//! - `Corpus::learn_boilerplate` on a fresh corpus: counting, moving the
//!   appeals, and re-indexing.

#[path = "support/search_corpus.rs"]
#[allow(dead_code)] // the search queries are the search bench's
mod search_corpus;

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion};
use jianbao::learn::Learned;
use jianbao::Record;
use search_corpus::*;
use std::time::Duration;

const ARTICLES: usize = 10_000;

fn bench(c: &mut Criterion) {
    let mut records = repeated(&fixture_articles(), ARTICLES);
    let mut rfi = 0;
    for (i, r) in records.iter_mut().enumerate() {
        if let Record::Article(a) = r {
            a.title = format!("{} {i}", a.title);
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
        "learn corpus: {ARTICLES} articles, {:.1} MiB text; learned {} paragraphs, {} hidden in {} articles",
        text_bytes(&records) as f64 / 1048576.0,
        first.learned,
        first.hidden,
        first.articles
    );

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
