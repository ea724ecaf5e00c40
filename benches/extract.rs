//! Extraction throughput over the whole real corpus (`fixtures/corpus` and
//! `fixtures/seeds`), one core: `cargo bench --bench extract`.
//!
//! Two views of the same work: bytes per second (criterion prints MiB/s) and
//! files per second (elements/s).

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
#[path = "../tests/support/fixtures.rs"]
mod fixtures;

use fixtures::fixture_files;

fn corpus() -> Vec<(String, Vec<u8>)> {
    let mut paths = fixture_files("corpus");
    paths.extend(fixture_files("seeds"));
    paths
        .into_iter()
        .map(|p| (p.to_string_lossy().into_owned(), std::fs::read(&p).expect("fixture readable")))
        .collect()
}

/// Nanoseconds this thread has spent on a CPU (Linux), so the figure does not
/// depend on other processes competing for the cores.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn bench(c: &mut Criterion) {
    let files = corpus();
    // For instruction counts under `valgrind --tool=callgrind` (load-independent):
    // JIANBAO_BENCH_ONCE=extract|parse runs one pass and returns.
    if let Ok(mode) = std::env::var("JIANBAO_BENCH_ONCE") {
        let only = std::env::var("JIANBAO_BENCH_ONLY").unwrap_or_default();
        for (path, data) in files.iter().filter(|(p, _)| p.contains(&only)) {
            if mode == "parse" {
                let text = String::from_utf8_lossy(data);
                black_box(scraper::Html::parse_document(&text));
            } else {
                black_box(jianbao::extract(path, data));
            }
        }
        return;
    }
    let bytes: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
    eprintln!("corpus: {} files, {} bytes ({:.2} MiB)", files.len(), bytes, bytes as f64 / (1 << 20) as f64);
    // CPU-time throughput on one core (robust on a busy machine), next to
    // html5ever alone parsing the same files as a yardstick.
    let passes = 20u64;
    let cpu_rate = |label: &str, work: &dyn Fn()| {
        let Some(start) = thread_cpu_ns() else { return };
        for _ in 0..passes {
            work();
        }
        if let Some(end) = thread_cpu_ns() {
            let secs = (end - start) as f64 / 1e9;
            eprintln!(
                "{label}: {:.1} MiB/s, {:.0} files/s on one core ({passes} passes, {:.2} s CPU time)",
                (bytes * passes) as f64 / (1 << 20) as f64 / secs,
                (files.len() as u64 * passes) as f64 / secs,
                secs,
            );
        }
    };
    cpu_rate("html5ever parse only", &|| {
        for (_, data) in &files {
            black_box(scraper::Html::parse_document(&String::from_utf8_lossy(data)));
        }
    });
    cpu_rate("jianbao::extract", &|| {
        for (path, data) in &files {
            black_box(jianbao::extract(path, data));
        }
    });
    let run = || {
        for (path, data) in &files {
            black_box(jianbao::extract(path, data));
        }
    };
    let mut g = c.benchmark_group("extract");
    g.sample_size(20);
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("corpus-bytes", |b| b.iter(run));
    g.throughput(Throughput::Elements(files.len() as u64));
    g.bench_function("corpus-files", |b| b.iter(run));
    g.finish();

    // Mirrored pages alone (the format this work adds), for comparison.
    let mirrors: Vec<&(String, Vec<u8>)> = files.iter().filter(|(p, _)| p.contains("/corpus/B/")).collect();
    let mbytes: u64 = mirrors.iter().map(|(_, b)| b.len() as u64).sum();
    let mut g = c.benchmark_group("extract-mirror");
    g.sample_size(20);
    g.throughput(Throughput::Bytes(mbytes));
    g.bench_function("B-bytes", |b| {
        b.iter(|| {
            for (path, data) in &mirrors {
                black_box(jianbao::extract(path, data));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
