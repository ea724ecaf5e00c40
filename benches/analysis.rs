//! Analysis benchmark: `cargo bench --bench analysis`.
//!
//! The fixture corpus repeated to 10,000 distinct articles (made at run time,
//! never committed); measures the timeline (whole corpus, by month and by day
//! split by outlet; a query's), a five-term trend, and the concordance of a
//! common and a rare term.

#[path = "support/search_corpus.rs"]
#[allow(dead_code)]
mod search_corpus;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use jianbao::analysis::concordance::{concordance, sort_rows, SortBy};
use jianbao::analysis::timeline::{timeline, trends, Period, TimelineOptions};
use search_corpus::*;
use std::time::Duration;

const ARTICLES: usize = 10_000;

fn bench(c: &mut Criterion) {
    let records = repeated(&fixture_articles(), ARTICLES);
    let corpus = build(&records);
    let rows = concordance(&corpus, "美国", 40).map(|r| r.len()).unwrap_or(0);
    eprintln!("analysis corpus: {ARTICLES} articles; concordance of 美国: {rows} rows");

    let mut g = c.benchmark_group("analysis-10k");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    let month = TimelineOptions::default();
    let day_split =
        TimelineOptions { by: Period::Day, split_outlet: true, utc_offset_minutes: 480, ..Default::default() };
    g.bench_function("timeline by month, all articles", |b| b.iter(|| black_box(timeline(&corpus, "", &month))));
    g.bench_function("timeline by day split by outlet, UTC+8", |b| {
        b.iter(|| black_box(timeline(&corpus, "", &day_split)))
    });
    g.bench_function("timeline of 美国 by month", |b| b.iter(|| black_box(timeline(&corpus, "美国", &month))));
    let terms = ["美国", "中国", "乌克兰", "香港", "台湾"];
    g.bench_function("trends of 5 terms by month", |b| b.iter(|| black_box(trends(&corpus, "", &terms, &month))));
    g.bench_function("concordance of 美国, width 40", |b| b.iter(|| black_box(concordance(&corpus, "美国", 40))));
    g.bench_function("concordance of 美国 sorted by left", |b| {
        b.iter(|| {
            let mut rows = concordance(&corpus, "美国", 40).unwrap_or_default();
            sort_rows(&mut rows, SortBy::Left);
            black_box(rows.len())
        })
    });
    g.bench_function("concordance of 布林肯", |b| b.iter(|| black_box(concordance(&corpus, "布林肯", 40))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
