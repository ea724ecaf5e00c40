//! Search benchmark: `cargo bench --bench search`.
//!
//! The fixture corpus repeated to 10,000 distinct articles; measures index
//! build time and query latency per query length (1, 2, 3, 4, 8 characters,
//! Simplified and Traditional, cut from the text; relevance order, 20 hits with
//! highlights and snippets). Percentiles and the index-size ratio are printed
//! by `cargo run --release --example search_bench` (criterion reports means).

#[path = "support/search_corpus.rs"]
mod search_corpus;

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion};
use jianbao::search::SearchOptions;
use search_corpus::*;
use std::time::Duration;

const ARTICLES: usize = 10_000;

fn bench(c: &mut Criterion) {
    let base = fixture_articles();
    let records = repeated(&base, ARTICLES);
    let corpus = build(&records);
    let sizes = corpus.index_sizes();
    let text = text_bytes(&records);
    eprintln!(
        "search corpus: {ARTICLES} articles, {:.1} MiB text, postings {:.1} MiB ({:.2} x text)",
        text as f64 / 1048576.0,
        sizes.posting_bytes as f64 / 1048576.0,
        sizes.posting_bytes as f64 / text as f64
    );

    let mut g = c.benchmark_group("search-build");
    g.sample_size(10).measurement_time(Duration::from_secs(60));
    g.bench_function("index 10k articles", |b| {
        b.iter_batched(|| records.clone(), |r| black_box(build(&r)), BatchSize::LargeInput)
    });
    g.finish();

    let qs = queries(&base);
    let opts = SearchOptions { limit: Some(20), ..SearchOptions::default() };
    let mut g = c.benchmark_group("search-query");
    g.sample_size(20).measurement_time(Duration::from_secs(5));
    for &len in &LENGTHS {
        for trad in [false, true] {
            let mine: Vec<&String> = qs.iter().filter(|q| q.0 == len && q.1 == trad).map(|q| &q.2).collect();
            if mine.is_empty() {
                continue;
            }
            let name = format!("{len} chars {} (x{})", if trad { "traditional" } else { "simplified" }, mine.len());
            g.bench_function(name, |b| {
                b.iter(|| {
                    for q in &mine {
                        black_box(corpus.search(q, &opts).map(|r| r.total).unwrap_or(0));
                    }
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
