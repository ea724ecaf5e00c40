//! Copies and stories: which articles of a corpus are the same file, the
//! same page, or the same story told again.
//!
//! # Copies (the copy rule)
//! An article is a **copy** of the first article added before it that has
//! - the same bytes (`source.sha256`): kind [`GroupKind::Identical`], or else
//! - the same canonical URL ([`crate::text::canonical_url`]) with a path
//!   beyond the host (a bare host such as `rfi.fr` names a site, not an
//!   article): kind [`GroupKind::SameUrl`], a re-dump of one page.
//!
//! The first article of a group is its **original**; every copy points at it
//! (never at another copy), so a group is the original plus its copies. This
//! is the one rule: the corpus marks `duplicate_of` with it ([`Copies`]), and
//! the CLI's `jianbao clusters` and the page's *Hide duplicates* read it back.
//!
//! # Stories (near-duplicates)
//! Two originals are the **same story** when one's text is contained in the
//! other's:
//! - the measure is the *containment* of character 5-grams,
//!   `|A ∩ B| / min(|A|, |B|)`, over the normalised body text (lead and
//!   paragraphs through the search normaliser, so Traditional and Simplified
//!   versions compare equal; only letters and digits, so white space and
//!   punctuation edits do not count);
//! - the threshold is [`NEAR_CONTAINMENT`] (0.8), and only articles with at
//!   least [`MIN_SHINGLES`] distinct 5-grams take part (shorter texts are
//!   mostly furniture and would match anything);
//! - a **template rule** keeps series apart: when the 5-grams that differ
//!   (the symmetric difference) are more than [`TEMPLATE_DIFFERENCE`] (5 %)
//!   of the union and at least [`TEMPLATE_DIGIT_SHARE`] (half) of them hold
//!   a digit, the two are the same template with different figures (Reuters'
//!   daily 人民币中间价 notes, FT's daily virus tracker), and stay apart.
//!
//! Pairs are not all compared: candidates come from an inverted index of a
//! hash sample of the 5-grams (one in [`SAMPLE_ONE_IN`] by hash, so the same
//! 5-gram is sampled in every article). A sample held by more than
//! [`COMMON_SAMPLE`] articles is a template or boilerplate and proposes no
//! pair. Two articles become a candidate when they share at least half the
//! samples of the smaller one (a contained text shares about 80 %), and each
//! candidate is then measured exactly. Stories are the connected groups of
//! the pairs that pass, with the copies of their members.
//!
//! The work is split in steps ([`Clustering::step`]) so a front end can run
//! it a slice at a time and show progress.

use crate::model::Article;
use crate::search::index::FxMap;
use crate::search::normalize::{class, CharClass};
use serde::Serialize;

/// Length of a shingle, in characters.
pub const SHINGLE: usize = 5;
/// Least containment for two articles to be the same story.
pub const NEAR_CONTAINMENT: f64 = 0.8;
/// Fewest distinct 5-grams an article needs to be compared at all.
pub const MIN_SHINGLES: usize = 100;
/// One 5-gram in this many (by hash) goes into the candidate index.
pub const SAMPLE_ONE_IN: u64 = 16;
/// A sample held by more articles than this proposes no pairs.
pub const COMMON_SAMPLE: usize = 100;
/// Share of differing 5-grams above which the template rule looks at digits.
pub const TEMPLATE_DIFFERENCE: f64 = 0.05;
/// Share of the differing 5-grams holding a digit that marks a template series.
pub const TEMPLATE_DIGIT_SHARE: f64 = 0.5;

/// How the members of a group are related.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GroupKind {
    /// Byte-identical files.
    Identical,
    /// Different files of the same canonical URL (one page dumped twice).
    SameUrl,
    /// Different pages whose texts contain one another (see the module docs).
    Near,
}

impl GroupKind {
    pub fn as_str(self) -> &'static str {
        match self {
            GroupKind::Identical => "identical",
            GroupKind::SameUrl => "same-url",
            GroupKind::Near => "near",
        }
    }
}

/// The canonical URL the copy rule compares, when it names an article (has a path).
pub fn copy_url(article: &Article) -> Option<String> {
    let url = crate::text::canonical_url(article.url.as_deref()?);
    let (_, path) = url.split_once('/')?;
    (!path.is_empty()).then_some(url)
}

/// How `copy` relates to `original` under the copy rule, or `None` when it is no copy.
pub fn copy_kind(copy: &Article, original: &Article) -> Option<GroupKind> {
    if !copy.source.sha256.is_empty() && copy.source.sha256 == original.source.sha256 {
        return Some(GroupKind::Identical);
    }
    let url = copy_url(copy)?;
    (Some(url) == copy_url(original)).then_some(GroupKind::SameUrl)
}

/// The copy rule applied as articles are added: who is whose copy.
#[derive(Default, Debug, Clone)]
pub struct Copies {
    // FxHash, not SipHash: a restore rebuilds these for every article, and
    // SipHash over 64-character hashes and URLs was a visible part of it in wasm.
    by_sha: FxMap<String, u32>,
    by_url: FxMap<String, u32>,
    original_of: FxMap<u32, u32>,
    copies_of: FxMap<u32, Vec<u32>>,
}

impl Copies {
    /// Registers article `doc` (numbers increase); returns the original it is a copy of.
    pub fn add(&mut self, doc: u32, article: &Article) -> Option<u32> {
        let url = copy_url(article);
        let sha = &article.source.sha256;
        let by_sha = if sha.is_empty() { None } else { self.by_sha.get(sha).copied() };
        let found = by_sha.or_else(|| url.as_ref().and_then(|u| self.by_url.get(u).copied()));
        let root = found.unwrap_or(doc);
        if !sha.is_empty() {
            // A third file with the bytes of a same-URL copy is a copy of the original too.
            self.by_sha.entry(sha.clone()).or_insert(root);
        }
        if let Some(url) = url {
            self.by_url.entry(url).or_insert(root);
        }
        let original = found?;
        self.original_of.insert(doc, original);
        self.copies_of.entry(original).or_default().push(doc);
        Some(original)
    }

    /// The original `doc` is a copy of.
    pub fn original(&self, doc: u32) -> Option<u32> {
        self.original_of.get(&doc).copied()
    }

    /// The copies of original `doc`, in the order added (empty for a copy or a loner).
    pub fn copies(&self, doc: u32) -> &[u32] {
        self.copies_of.get(&doc).map_or(&[], Vec::as_slice)
    }

    /// The original of `doc`'s group (`doc` itself when it is no copy).
    pub fn root(&self, doc: u32) -> u32 {
        self.original(doc).unwrap_or(doc)
    }

    /// Every group of two or more, as `(original, copies)`, by original.
    pub fn groups(&self) -> Vec<(u32, &[u32])> {
        let mut v: Vec<(u32, &[u32])> = self.copies_of.iter().map(|(&o, c)| (o, c.as_slice())).collect();
        v.sort_unstable_by_key(|g| g.0);
        v
    }
}

/// The distinct 5-grams of `text` as hashes, sorted. A hash's lowest bit is
/// set when its 5-gram holds a digit (what the template rule counts). Only
/// letters and digits are read.
pub fn shingles(text: &str) -> Vec<u64> {
    // Letters and digits as the search's tokenizer sees them (its fast path
    // for Han, which `char::is_alphanumeric` looks up slowly).
    let chars: Vec<char> = text.chars().filter(|&c| class(c) != CharClass::Other).collect();
    let mut out: Vec<u64> = chars
        .windows(SHINGLE)
        .map(|w| {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for &c in w {
                h = (h ^ u64::from(c as u32)).wrapping_mul(0x0100_0000_01b3);
                h ^= h >> 29;
            }
            h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
            h ^= h >> 32;
            (h & !1) | u64::from(w.iter().any(char::is_ascii_digit))
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether shingle hash `h` is in the candidate sample (the same everywhere).
#[inline]
fn sampled(h: u64) -> bool {
    (h >> 1).is_multiple_of(SAMPLE_ONE_IN)
}

/// The candidate index's key of a sampled shingle: 32 of its hash bits
/// (a rare collision only proposes a pair, which is then measured exactly).
#[inline]
fn sample_key(h: u64) -> u32 {
    (h >> 32) as u32
}

/// What comparing two shingle sets gives.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Comparison {
    /// `|A ∩ B| / min(|A|, |B|)`.
    pub containment: f64,
    /// Differing 5-grams (symmetric difference) over the union.
    pub difference: f64,
    /// Share of the differing 5-grams that hold a digit.
    pub digit_share: f64,
}

impl Comparison {
    /// The story rule: contained enough, and not a template series.
    pub fn same_story(&self) -> bool {
        self.containment >= NEAR_CONTAINMENT
            && !(self.difference > TEMPLATE_DIFFERENCE && self.digit_share >= TEMPLATE_DIGIT_SHARE)
    }
}

/// Compares two sorted shingle sets ([`shingles`]).
pub fn compare(a: &[u64], b: &[u64]) -> Comparison {
    let (mut i, mut j, mut both, mut differ, mut differ_digits) = (0, 0, 0usize, 0usize, 0usize);
    while i < a.len() || j < b.len() {
        let (x, y) = (a.get(i), b.get(j));
        match (x, y) {
            (Some(x), Some(y)) if x == y => {
                both += 1;
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x < y => {
                differ += 1;
                differ_digits += (x & 1) as usize;
                i += 1;
            }
            (Some(_), Some(y)) | (None, Some(y)) => {
                differ += 1;
                differ_digits += (y & 1) as usize;
                j += 1;
            }
            (Some(x), None) => {
                differ += 1;
                differ_digits += (x & 1) as usize;
                i += 1;
            }
            (None, None) => break,
        }
    }
    let smaller = a.len().min(b.len()).max(1);
    let union = (both + differ).max(1);
    Comparison {
        containment: both as f64 / smaller as f64,
        difference: differ as f64 / union as f64,
        digit_share: if differ == 0 { 0.0 } else { differ_digits as f64 / differ as f64 },
    }
}

/// One group of two or more articles.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Group {
    pub kind: GroupKind,
    /// 1 for copies; for a story, the least containment among the pairs that joined it.
    pub similarity: f64,
    /// Document numbers, ascending.
    pub members: Vec<u32>,
}

/// Stories found over a corpus: which story each document belongs to.
#[derive(Clone, Debug, Default)]
pub struct Stories {
    /// Near groups (kind [`GroupKind::Near`]); members include the copies of their originals.
    pub groups: Vec<Group>,
    /// Document → index into `groups`.
    pub group_of: FxMap<u32, u32>,
}

impl Stories {
    /// The story `doc` belongs to, if it is grouped with another article.
    pub fn group(&self, doc: u32) -> Option<&Group> {
        self.groups.get(*self.group_of.get(&doc)? as usize)
    }
}

/// A clustering under way, over the originals `docs` (copies are not
/// compared: they join their original's story). Run [`Clustering::step`]
/// until it returns `true`, then take [`Clustering::finish`].
pub struct Clustering {
    docs: Vec<u32>,
    /// Phase 1 (sampling) position, then phase 2 (pairing) position.
    sampled: usize,
    paired: usize,
    /// `(sample hash, position in docs)` for every sample, sorted once
    /// sampling is done: one flat list (8 bytes a sample) rather than a map
    /// of lists, so 65,000 articles cost tens of MB, not hundreds.
    index: Vec<(u32, u32)>,
    /// Where the keys sharing their top bits start in `index` (a counting
    /// directory, built with the sort), so finding a key's holders is a
    /// search among a handful of neighbours instead of one over the whole
    /// list (whose first steps each miss the cache at 65,000 articles).
    directory: Vec<u32>,
    /// `key >> directory_shift` is a key's slot in `directory`.
    directory_shift: u32,
    /// Samples per position (0: too short to compare).
    samples: Vec<u32>,
    /// Union-find parents over positions, and the least similarity per root.
    parent: Vec<u32>,
    edges: Vec<(u32, u32, f64)>,
}

impl Clustering {
    pub fn new(docs: Vec<u32>) -> Self {
        let n = docs.len();
        Clustering {
            docs,
            sampled: 0,
            paired: 0,
            index: Vec::new(),
            directory: Vec::new(),
            directory_shift: 32,
            samples: vec![0; n],
            parent: (0..n as u32).collect(),
            edges: Vec::new(),
        }
    }

    /// Work units in all (each document is sampled once and paired once).
    pub fn total(&self) -> usize {
        self.docs.len() * 2
    }

    /// Work units done.
    pub fn done(&self) -> usize {
        self.sampled + self.paired
    }

    /// Does up to `budget` units; `text(doc)` is a document's normalised
    /// body text. Returns `true` once everything is done.
    pub fn step<'t>(&mut self, budget: usize, text: impl Fn(u32) -> Option<&'t str>) -> bool {
        let mut left = budget.max(1);
        while left > 0 && self.sampled < self.docs.len() {
            let pos = self.sampled;
            let set = text(self.docs[pos]).map(shingles).unwrap_or_default();
            if set.len() >= MIN_SHINGLES {
                let mut n = 0;
                for &h in set.iter().filter(|&&h| sampled(h)) {
                    self.index.push((sample_key(h), pos as u32));
                    n += 1;
                }
                self.samples[pos] = n;
            }
            self.sampled += 1;
            left -= 1;
            if self.sampled == self.docs.len() {
                self.index.sort_unstable();
                self.build_directory();
            }
        }
        let mut shared: FxMap<u32, u32> = FxMap::default();
        while left > 0 && self.sampled == self.docs.len() && self.paired < self.docs.len() {
            let pos = self.paired;
            self.paired += 1;
            left -= 1;
            if self.samples[pos] == 0 {
                continue;
            }
            let set = text(self.docs[pos]).map(shingles).unwrap_or_default();
            shared.clear();
            for &h in set.iter().filter(|&&h| sampled(h)) {
                let holders = self.holders(sample_key(h));
                if holders.len() > COMMON_SAMPLE {
                    continue;
                }
                // Earlier positions only (each pair is looked at once); a
                // sample's holders are sorted by position.
                for &(_, other) in holders.iter().take_while(|e| (e.1 as usize) < pos) {
                    *shared.entry(other).or_default() += 1;
                }
            }
            let mut candidates: Vec<u32> = shared
                .iter()
                .filter(|(&o, &n)| {
                    let smaller = self.samples[pos].min(self.samples[o as usize]);
                    n >= 2 && 2 * n >= smaller
                })
                .map(|(&o, _)| o)
                .collect();
            candidates.sort_unstable();
            for other in candidates {
                // Already in one story through other pairs: measuring this
                // one would change no group (stories are connected groups).
                if self.find(other) == self.find(pos as u32) {
                    continue;
                }
                let other_set = text(self.docs[other as usize]).map(shingles).unwrap_or_default();
                let c = compare(&set, &other_set);
                if c.same_story() {
                    self.edges.push((other, pos as u32, c.containment));
                    self.union(other, pos as u32);
                }
            }
        }
        self.done() == self.total()
    }

    /// Sizes the directory to about eight index entries a slot (at most 2²²
    /// slots, 16 MiB) and fills it: `directory[p]` is the first entry whose
    /// key's top bits are `p` or more.
    fn build_directory(&mut self) {
        let bits = (usize::BITS - (self.index.len() / 8).max(1).leading_zeros()).clamp(4, 22);
        self.directory_shift = 32 - bits;
        let mut directory = vec![0u32; (1 << bits) + 1];
        for &(key, _) in &self.index {
            directory[(key >> self.directory_shift) as usize + 1] += 1;
        }
        for slot in 1..directory.len() {
            directory[slot] += directory[slot - 1];
        }
        self.directory = directory;
    }

    /// The `(key, position)` entries of `key`, in position order.
    fn holders(&self, key: u32) -> &[(u32, u32)] {
        let slot = (key >> self.directory_shift) as usize;
        let run = &self.index[self.directory[slot] as usize..self.directory[slot + 1] as usize];
        let from = run.partition_point(|e| e.0 < key);
        let to = from + run[from..].partition_point(|e| e.0 == key);
        &run[from..to]
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let up = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = up;
            x = up;
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            self.parent[hi as usize] = lo;
        }
    }

    /// The stories; `copies` adds each original's copies to its story.
    pub fn finish(mut self, copies: &Copies) -> Stories {
        let mut by_root: FxMap<u32, usize> = FxMap::default();
        let mut groups: Vec<Group> = Vec::new();
        let edges = std::mem::take(&mut self.edges);
        for &(a, b, similarity) in &edges {
            let root = self.find(a);
            let i = *by_root.entry(root).or_insert_with(|| {
                groups.push(Group { kind: GroupKind::Near, similarity: 1.0, members: Vec::new() });
                groups.len() - 1
            });
            let g = &mut groups[i];
            g.similarity = g.similarity.min(similarity);
            for pos in [a, b] {
                let doc = self.docs[pos as usize];
                g.members.push(doc);
                g.members.extend_from_slice(copies.copies(doc));
            }
        }
        let mut group_of = FxMap::default();
        for g in &mut groups {
            g.members.sort_unstable();
            g.members.dedup();
            g.similarity = (g.similarity * 1000.0).round() / 1000.0;
        }
        crate::small_sort::stable_sort_by_key(&mut groups, |g| g.members.first().map_or(0, |&m| u64::from(m)));
        for (i, g) in groups.iter().enumerate() {
            for &m in &g.members {
                group_of.insert(m, i as u32);
            }
        }
        Stories { groups, group_of }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingles_skip_punctuation_and_mark_digits() {
        assert_eq!(shingles("一二三，四五"), shingles("一二三四 五"));
        let s = shingles("abcde1");
        assert_eq!(s.len(), 2);
        assert_eq!(s.iter().filter(|h| *h & 1 == 1).count(), 1);
        assert!(shingles("短").is_empty());
    }

    #[test]
    fn comparison_of_identical_and_disjoint_sets() {
        let a = shingles(&"天安门广场今日举行升旗仪式".repeat(3));
        let c = compare(&a, &a);
        assert_eq!((c.containment, c.difference), (1.0, 0.0));
        let b = shingles("完全不同的另外一段文字内容");
        assert_eq!(compare(&a, &b).containment, 0.0);
    }
}
