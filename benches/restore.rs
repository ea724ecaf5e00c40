//! Where a restore's time goes, natively: `cargo bench --bench restore [-- N...]`
//! (default 10,000 and 65,525 articles, the archive).
//!
//! The fixture corpus repeated to N distinct articles (ids, paths and hashes
//! vary per copy; see `support/search_corpus.rs`), made at run time. Prints,
//! with the sizes: building the corpus (what a re-read costs beyond
//! extraction), learning its boilerplate (the page does before it stores),
//! `Corpus::to_bytes` (what a store costs) and the stored size per article,
//! then `Corpus::from_bytes` step by step: the records, the index (term
//! dictionary, postings, normalised text), the end (checksum) and assembling
//! (checks, duplicate hashes, filter metadata), and the learning the page
//! asks for after a restore. The browser's wasm is slower than this build by
//! a roughly constant factor, so the shares, not the seconds, say what to fix.

// Only the corpus half of the helper (not its queries) is used here.
#[path = "support/search_corpus.rs"]
#[allow(dead_code)]
mod search_corpus;

use jianbao::codec::Reader;
use jianbao::corpus::Corpus;
use jianbao::search::index::Index;
use search_corpus::*;
use std::hint::black_box;
use std::time::Instant;

fn seconds(since: Instant) -> f64 {
    since.elapsed().as_secs_f64()
}

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.replace(['_', ','], "").parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![10_000, 65_525] } else { sizes };
    let base = fixture_articles();
    for n in sizes {
        let records = repeated(&base, n);
        let text = text_bytes(&records);
        let t = Instant::now();
        let mut corpus = build(&records);
        let built = seconds(t);
        drop(records);
        let t = Instant::now();
        black_box(corpus.learn_boilerplate());
        let learned = seconds(t);

        let t = Instant::now();
        let bytes = corpus.to_bytes().expect("the corpus serialises");
        let stored = seconds(t);
        let sizes = corpus.index_sizes();
        drop(corpus);

        let t = Instant::now();
        let mut r = Reader::open_bytes(&bytes).expect("the image opens");
        let (records, was_learned) = Corpus::read_records(&mut r).expect("the records read");
        let records_read = seconds(t);
        let record_bytes = r.position() as usize;
        let t = Instant::now();
        let index = Index::read(&mut r).expect("the index reads");
        let index_read = seconds(t);
        let t = Instant::now();
        r.done().expect("nothing trails, the checksum matches");
        let checked = seconds(t);
        let t = Instant::now();
        let mut restored = Corpus::assemble(records, was_learned, index).expect("the corpus assembles");
        let assembled = seconds(t);
        let t = Instant::now();
        black_box(restored.learn_boilerplate());
        let relearned = seconds(t);
        black_box(&restored);
        let total = records_read + index_read + checked + assembled;

        let mb = |b: usize| b as f64 / 1e6;
        println!("{n} articles, {:.1} MB of text:", mb(text));
        println!("  build (index every article): {built:.2} s; learn boilerplate: {learned:.2} s");
        println!(
            "  to_bytes: {stored:.2} s, {:.1} MB = {} bytes per article (records {:.1} MB, postings {:.1} MB, normalised text {:.1} MB)",
            mb(bytes.len()),
            bytes.len() / n,
            mb(record_bytes),
            mb(sizes.posting_bytes),
            mb(sizes.normalized_text_bytes)
        );
        let share = |s: f64| 100.0 * s / total;
        println!("  from_bytes: {total:.2} s =");
        println!("    records (header, binary records): {records_read:.2} s ({:.0} %)", share(records_read));
        println!("    index (dictionary, postings, normalised text): {index_read:.2} s ({:.0} %)", share(index_read));
        println!("    end (checksum): {checked:.3} s ({:.0} %)", share(checked));
        println!("    assemble (checks, copy groups, filter metadata): {assembled:.2} s ({:.0} %)", share(assembled));
        println!("  learning after the restore (the page asks): {relearned:.3} s");
    }
}
