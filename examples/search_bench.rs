//! Prints the search benchmark figures (criterion does not print percentiles):
//! `cargo run --release --example search_bench [-- N [RUNS]]` (default 10000 articles, 5 runs per query).
//!
//! Loads `fixtures/corpus`, repeats it to N distinct articles, builds the index,
//! reports build time and index size against the UTF-8 text, then times a fixed
//! list of 1-, 2-, 3-, 4- and 8-character queries (Simplified and Traditional,
//! cut from the text), each run as the page runs it (relevance order, 20 hits
//! with highlights and snippets), and checks every answer against a brute-force scan.

#[path = "../benches/support/search_corpus.rs"]
mod search_corpus;

use jianbao::search::{normalize, SearchOptions};
use search_corpus::*;
use std::time::Instant;

fn pct(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let runs: usize = std::env::args().nth(2).and_then(|s| s.parse().ok()).unwrap_or(5);
    let base = fixture_articles();
    let records = repeated(&base, n);
    let text = text_bytes(&records);
    let t = Instant::now();
    let corpus = build(&records);
    let build_s = t.elapsed().as_secs_f64();
    let sizes = corpus.index_sizes();
    println!("articles: {n} ({} distinct fixture articles repeated)", base.len());
    println!("indexed text: {:.1} MiB UTF-8", text as f64 / 1048576.0);
    println!("index build: {:.2} s ({:.0} articles/s)", build_s, n as f64 / build_s);
    println!(
        "postings: {:.1} MiB = {:.2} x text; dictionary ~{:.1} MiB ({} terms); stored normalised text {:.1} MiB",
        sizes.posting_bytes as f64 / 1048576.0,
        sizes.posting_bytes as f64 / text as f64,
        sizes.dictionary_bytes as f64 / 1048576.0,
        sizes.terms,
        sizes.normalized_text_bytes as f64 / 1048576.0
    );
    let t = Instant::now();
    let bytes = corpus.to_bytes().expect("serialises");
    println!("saved index: {:.1} MiB in {:.2} s", bytes.len() as f64 / 1048576.0, t.elapsed().as_secs_f64());

    let qs = queries(&base);
    let opts = SearchOptions { limit: Some(20), ..SearchOptions::default() };
    // Brute-force sets over the normalised text, for recall and precision.
    let norm_docs: Vec<Vec<String>> = corpus
        .iter()
        .filter_map(|(_, r)| r.as_article())
        .map(|a| {
            std::iter::once(a.title.as_str())
                .chain(a.lead.as_deref())
                .chain(a.paragraphs.iter().map(String::as_str))
                .map(normalize)
                .collect()
        })
        .collect();
    let mut exact = 0;
    let check = std::env::var_os("SEARCH_BENCH_NO_CHECK").is_none();
    for (_, _, q) in qs.iter().filter(|_| check) {
        let nq = normalize(q);
        let expected = norm_docs.iter().filter(|segs| segs.iter().any(|s| s.contains(&nq))).count();
        let all = corpus.search(q, &SearchOptions::default()).expect("query parses");
        exact += (all.total == expected && all.hits.len() == expected) as usize;
    }
    if check {
        println!("exact answers vs brute force: {exact}/{} queries", qs.len());
    }

    println!("\nlatency per query (relevance, 20 hits with snippets), {runs} runs each:");
    println!("(best-of: each query's fastest run, which leaves out time lost to other processes on a busy machine)");
    println!(
        "{:>4} {:>6} {:>8} {:>10} {:>10} {:>10} {:>13} {:>12}",
        "len", "script", "queries", "median ms", "p95 ms", "max ms", "best-of p95", "avg results"
    );
    let mut all_best = Vec::new();
    let mut all_times = Vec::new();
    for &len in &LENGTHS {
        for trad in [false, true] {
            let mine: Vec<&String> = qs.iter().filter(|q| q.0 == len && q.1 == trad).map(|q| &q.2).collect();
            if mine.is_empty() {
                continue;
            }
            let mut times = Vec::new();
            let mut best = vec![f64::MAX; mine.len()];
            let mut results = 0;
            for _ in 0..runs {
                for (i, q) in mine.iter().enumerate() {
                    let t = Instant::now();
                    let r = corpus.search(q, &opts).expect("query parses");
                    let ms = t.elapsed().as_secs_f64() * 1000.0;
                    times.push(ms);
                    best[i] = best[i].min(ms);
                    results += r.total;
                }
            }
            times.sort_by(f64::total_cmp);
            best.sort_by(f64::total_cmp);
            all_best.extend(best.iter().copied());
            all_times.extend(times.iter().copied());
            println!(
                "{:>4} {:>6} {:>8} {:>10.3} {:>10.3} {:>10.3} {:>13.3} {:>12.0}",
                len,
                if trad { "trad" } else { "simp" },
                mine.len(),
                pct(&times, 0.5),
                pct(&times, 0.95),
                times.last().copied().unwrap_or(0.0),
                pct(&best, 0.95),
                results as f64 / times.len() as f64
            );
        }
    }
    all_times.sort_by(f64::total_cmp);
    all_best.sort_by(f64::total_cmp);
    println!(
        "all: median {:.3} ms, p95 {:.3} ms; best-of p95 {:.3} ms",
        pct(&all_times, 0.5),
        pct(&all_times, 0.95),
        pct(&all_best, 0.95)
    );
    let la = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average during the run: {}", la.split_whitespace().take(3).collect::<Vec<_>>().join(" "));
}
