//! Shared by `benches/search.rs` and `examples/search_bench.rs`: the fixture
//! corpus repeated to N articles, and a fixed list of queries cut from its text.

use jianbao::corpus::Corpus;
use jianbao::search::normalize;
use jianbao::{Article, Record};
#[path = "../../tests/support/fixtures.rs"]
mod fixtures;

use fixtures::fixture_files;

/// The articles of `fixtures/corpus`, extracted once.
pub fn fixture_articles() -> Vec<Article> {
    fixture_files("corpus")
        .iter()
        .filter_map(|p| match jianbao::extract(&p.to_string_lossy(), &std::fs::read(p).ok()?) {
            Record::Article(a) => Some(*a),
            Record::Error(_) => None,
        })
        .collect()
}

/// `n` distinct records cycling through `base` (ids, paths and hashes vary per copy).
pub fn repeated(base: &[Article], n: usize) -> Vec<Record> {
    (0..n)
        .map(|i| {
            let mut a = base[i % base.len()].clone();
            let copy = i / base.len();
            a.id = format!("{}-{copy}", a.id);
            a.source.path = format!("copy{copy}/{}", a.source.path);
            a.source.sha256 = format!("{:016x}{}", i, a.source.sha256.get(16..).unwrap_or(""));
            Record::Article(Box::new(a))
        })
        .collect()
}

pub fn build(records: &[Record]) -> Corpus {
    let mut c = Corpus::new();
    for r in records {
        c.add_record(r.clone());
    }
    c.shrink();
    c
}

/// UTF-8 bytes of the indexed text (title, lead, paragraphs).
pub fn text_bytes(records: &[Record]) -> usize {
    records
        .iter()
        .filter_map(Record::as_article)
        .map(|a| {
            a.title.len() + a.lead.as_ref().map_or(0, String::len) + a.paragraphs.iter().map(String::len).sum::<usize>()
        })
        .sum()
}

/// Query lengths measured.
pub const LENGTHS: [usize; 5] = [1, 2, 3, 4, 8];

/// For each length, 20 queries cut from Simplified text and up to 20 from text
/// that Traditional → Simplified folding changes; deterministic. Queries are Han-only
/// runs (no punctuation or spaces), as a reader would type them.
pub fn queries(base: &[Article]) -> Vec<(usize, bool, String)> {
    let texts: Vec<Vec<char>> = base
        .iter()
        .flat_map(|a| a.paragraphs.iter())
        .map(|p| p.chars().collect::<Vec<char>>())
        .filter(|p| p.len() >= 16)
        .collect();
    let han = |c: &char| matches!(*c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF);
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed as usize
    };
    let mut out = Vec::new();
    for &len in &LENGTHS {
        for traditional in [false, true] {
            let mut got = 0;
            for _ in 0..200_000 {
                if got == 20 {
                    break;
                }
                let t = &texts[next() % texts.len()];
                let start = next() % (t.len() - len);
                let q: String = t[start..start + len].iter().collect();
                if !q.chars().all(|c| han(&c)) {
                    continue;
                }
                let is_trad = normalize(&q) != q;
                if is_trad != traditional || out.iter().any(|(_, _, x)| *x == q) {
                    continue;
                }
                out.push((len, traditional, q));
                got += 1;
            }
        }
    }
    out
}
