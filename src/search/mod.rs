//! Full-text search over a corpus: the promise is that **a query finds every
//! article that contains it**, and only those.
//!
//! # Matching
//! Article text (title, lead, paragraphs) and query text go through the same
//! normaliser ([`normalize`]: NFKC, lower case, Traditional → Simplified,
//! white space collapsed). A text term matches an article when its normalised
//! form is a substring of one normalised title, lead or paragraph (matches never
//! span two paragraphs). Candidates come from the index (Han unigrams and
//! overlapping bigrams, words for other scripts) and are then verified against
//! the stored normalised text, so results equal a brute-force scan: no misses,
//! no articles that merely share bigrams in another order.
//!
//! # Query language
//! | syntax | meaning |
//! | --- | --- |
//! | `乌克兰 布林肯` | every term must occur (AND) |
//! | `"Sergey Lavrov"`, `“美国 国务卿”` | exact phrase, spaces included |
//! | `-广告` | exclude articles containing the term (also `-outlet:RFI`…) |
//! | `乌克兰 OR 烏克蘭 OR ukraine`, `a \| b` | any of the alternatives |
//! | `title:乌克兰` | the term occurs in the title |
//! | `outlet:RFI` `section:美国` `tag:布林肯` `author:张婷` `format:rss-dump` | metadata equals the value after normalisation (`outlet:rfi` matches `RFI`, `tag:烏克蘭` matches `乌克兰`) |
//! | `lang:zh` | language is `zh` or starts with `zh-` |
//! | `after:2023-01-01` | published on or after that day (`YYYY`, `YYYY-MM` allowed) |
//! | `before:2024-01-01` | published before that day (articles without a date never pass a date filter) |
//!
//! Field values with spaces are quoted: `outlet:"China Digital Times"`. A
//! malformed query (unclosed quote, dangling `OR`, bad date, `-` inside an OR
//! group) is an `Err(`[`QueryError`]`)`: a stable `query-*` code front ends
//! translate, and an English sentence. The empty query matches every
//! article. File errors are never search results.
//!
//! # Index and verification
//! See [`index`]: delta-varint posting lists per term with a weighted term
//! frequency and an 8-block occurrence mask per document. A query term of one
//! or two Han characters, or a single run of letters/digits, is decided by the
//! postings alone; anything longer intersects its bigrams'/words' postings
//! (rarest first, masks ANDed) and then checks each candidate with a substring
//! search restricted to the blocks where a match can start. Word fragments cut
//! by the query's edges (`ump` in `"ump 说"`) look up every indexed word that
//! ends/starts with/contains them.
//!
//! # Ranking
//! BM25 (k1 = 1.2, b = 0.75) over positive text terms, with term frequencies
//! and document lengths weighted title ×3, lead ×2, body ×1. For a term of one
//! or two Han characters or one whole word the frequency is exact; for longer
//! terms it is the smallest frequency among its bigrams/words (an upper bound),
//! and document frequency is the candidate count. Ties (and the empty query)
//! fall back to newest first, then corpus order. [`SearchOptions::newest_first`]
//! sorts by `published` instead, undated articles last.
//!
//! # Results
//! `total` counts every match; `hits` is the requested page. Offsets are byte
//! ranges into Rust strings (see [`snippet`]). With [`SearchOptions::facets`],
//! [`Facets`] counts outlet, section, tag, author, year, month, format and
//! language values over the whole result set (not only the page).

pub mod byte_rank;
pub mod index;
mod nfkc;
mod nfkc_table;
pub mod normalize;
pub mod query;
pub mod snippet;
mod t2s_table;

pub use index::IndexSizes;
pub use normalize::normalize;
pub use query::{parse, Atom, Clause, MetaField, Query, QueryError};

use crate::model::Article;
use index::{block_size, needs, Cand, FacetField, Fit, Index, Need, FACET_FIELDS, MAX_MASKED_QUERY, NONE};
use serde::Serialize;

/// The order of results, by its name in the CLI's `--sort` and the page:
/// `relevance`, `newest` (also `date`) or `oldest`. Any other name is an error,
/// never a silent fallback to relevance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Relevance,
    Newest,
    Oldest,
}

impl Sort {
    /// [`SearchOptions::newest_first`] for this order.
    pub fn newest_first(self) -> Option<bool> {
        match self {
            Sort::Relevance => None,
            Sort::Newest => Some(true),
            Sort::Oldest => Some(false),
        }
    }
}

impl std::str::FromStr for Sort {
    type Err = String;

    fn from_str(name: &str) -> Result<Sort, String> {
        match name {
            "relevance" => Ok(Sort::Relevance),
            "newest" | "date" => Ok(Sort::Newest),
            "oldest" => Ok(Sort::Oldest),
            _ => Err(format!("the sort order is relevance, newest or oldest, not `{name}`")),
        }
    }
}

/// Which results stand for one another ([`crate::stories`]): with
/// `Copies`, a group of copies is one result (its best match: the original
/// when every member matches), and so for totals and facets; with
/// `Stories`, a whole story is. By name: `none`, `copies`, `stories`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Collapse {
    #[default]
    None,
    Copies,
    Stories,
}

impl std::str::FromStr for Collapse {
    type Err = String;

    fn from_str(name: &str) -> Result<Collapse, String> {
        match name {
            "none" => Ok(Collapse::None),
            "copies" => Ok(Collapse::Copies),
            "stories" => Ok(Collapse::Stories),
            _ => Err(format!("collapse is none, copies or stories, not `{name}`")),
        }
    }
}

/// How to run a search. `Default` is relevance order, no limit, no facets.
#[derive(Clone, Debug, Default)]
pub struct SearchOptions {
    /// `None`: by relevance; `Some(true)`: newest first; `Some(false)`: oldest first
    /// (what [`Sort::newest_first`] gives).
    pub newest_first: Option<bool>,
    /// Hits to return at most (after `offset`); `None` returns all.
    pub limit: Option<usize>,
    /// Hits to skip (paging).
    pub offset: usize,
    /// Compute [`Facets`] over the whole result set.
    pub facets: bool,
    /// One result per group of copies or per story (see [`Collapse`]).
    pub collapse: Collapse,
    /// A page of hits without verifying every candidate beyond it: `total`
    /// may then be an upper bound ([`SearchResults::estimated_total`]). For a
    /// list that shows its first page at once and its exact count a moment
    /// later (the page's facet request counts exactly). Ignored with `facets`.
    pub quick_total: bool,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct SearchResults {
    /// Number of matching articles (hits may be truncated by `limit`).
    pub total: usize,
    /// `total` is an upper bound, not the count: [`SearchOptions::quick_total`]
    /// left candidates beyond the page unverified.
    pub estimated_total: bool,
    pub hits: Vec<Hit>,
    /// Present when [`SearchOptions::facets`] was set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
    /// The query's warnings ([`Query::warnings`]): why it may find nothing.
    pub warnings: Vec<crate::problem::Problem>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    pub doc: u32,
    pub id: String,
    /// BM25 score; 0 when the query has no text terms.
    pub score: f32,
    /// Byte ranges of matches in the article's title.
    pub title_matches: Vec<(usize, usize)>,
    pub snippets: Vec<Snippet>,
}

/// A keyword-in-context excerpt; `matches` are byte ranges within `text`.
/// `text` starts/ends with `…` when it was cut.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Snippet {
    pub text: String,
    pub matches: Vec<(usize, usize)>,
    /// Index into `paragraphs`, or `None` for the lead.
    pub paragraph: Option<usize>,
}

/// A value and how many results carry it.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct FacetCount {
    pub value: String,
    pub count: usize,
    /// The query term that narrows results to this value (`tag:"白 宫"`,
    /// `after:2020 before:2021`): front ends add it to the query rather than
    /// writing filters of their own.
    pub filter: String,
    /// The query already holds this filter (as a term of its own, not negated).
    pub active: bool,
}

/// Value counts over the result set; a facet that the query filters on
/// (`outlet:RFI`, `outlet:RFI OR outlet:VOA`) is counted over the results of
/// the query without that filter. Years and months are listed newest
/// first (a timeline, not a ranking); every other list by count
/// (descending), then value.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Facets {
    pub outlet: Vec<FacetCount>,
    pub section: Vec<FacetCount>,
    pub tag: Vec<FacetCount>,
    pub author: Vec<FacetCount>,
    pub year: Vec<FacetCount>,
    pub month: Vec<FacetCount>,
    pub format: Vec<FacetCount>,
    pub language: Vec<FacetCount>,
}

const K1: f32 = 1.2;
const B: f32 = 0.75;

/// A query atom prepared against the index.
#[allow(clippy::large_enum_variant)] // a handful per query; boxing buys nothing
enum Prepared<'q> {
    /// Text (`title_only` for `title:`); `cands` sorted by document, or `None`
    /// for "any document"; `exact`: the postings decide without verification.
    /// A candidate's mask holds the blocks where a match may start. `seen`:
    /// how many of `cands` lie before the last document tested.
    Text {
        finder: memchr::memmem::Finder<'q>,
        title_only: bool,
        cands: Option<Vec<Cand>>,
        seen: std::cell::Cell<usize>,
        exact: bool,
        idf: f32,
    },
    Meta {
        field: MetaField,
        ids: Vec<u32>,
    },
    After(u64),
    Before(u64),
}

/// Decodes what `need` matches, masks as stored (fragments: OR over the words).
fn decode_need(index: &Index, need: &Need, buf: &mut Vec<Cand>) -> Option<Vec<Cand>> {
    match need {
        Need::Gram(key) => {
            let id = *index.grams.get(key)?;
            let mut v = Vec::new();
            index.postings[id as usize].decode(&mut v);
            Some(v)
        }
        Need::Word(w, Fit::Exact) => {
            let id = *index.words.get(w.as_str())?;
            let mut v = Vec::new();
            index.postings[id as usize].decode(&mut v);
            Some(v)
        }
        Need::Word(w, fit) => {
            buf.clear();
            for id in index.dict().find(w, *fit) {
                index.postings[id as usize].decode(buf);
            }
            if buf.is_empty() {
                return None;
            }
            buf.sort_unstable_by_key(|c| c.doc);
            // A word is masked where it starts; one that the match ends in may
            // start blocks earlier, so suffix and infix fragments cannot prune.
            if matches!(fit, Fit::Suffix | Fit::Infix) {
                buf.iter_mut().for_each(|c| c.mask = 0xFF);
            }
            let mut v: Vec<Cand> = Vec::with_capacity(buf.len());
            for &c in buf.iter() {
                match v.last_mut() {
                    Some(last) if last.doc == c.doc => {
                        last.tf = last.tf.saturating_add(c.tf);
                        last.mask |= c.mask;
                    }
                    _ => v.push(c),
                }
            }
            Some(v)
        }
    }
}

fn need_len(index: &Index, need: &Need) -> usize {
    let id = match need {
        Need::Gram(key) => index.grams.get(key),
        Need::Word(w, Fit::Exact) => index.words.get(w.as_str()),
        Need::Word(..) => return usize::MAX / 2,
    };
    id.map_or(0, |&id| index.postings[id as usize].count as usize)
}

/// Turns "blocks where the term occurs" into "blocks where a match can start".
#[inline]
fn start_blocks(mask: u8, query_len: usize) -> u8 {
    if query_len > MAX_MASKED_QUERY {
        0xFF
    } else {
        mask | (mask >> 1)
    }
}

/// Candidate documents for normalised text `t`: `None` means "every document".
fn candidates(index: &Index, t: &str) -> (Option<Vec<Cand>>, bool) {
    let (mut ns, exact) = needs(t);
    if ns.is_empty() {
        return (None, false);
    }
    crate::small_sort::stable_sort_by_key(&mut ns, |n| need_len(index, n) as u64);
    let mut buf = Vec::new();
    let mut cur: Option<Vec<Cand>> = None;
    let mut complete = true;
    for n in &ns {
        if let Some(c) = &cur {
            if c.is_empty() {
                break;
            }
            // Small enough: verification is cheaper than decoding a long list.
            let len = need_len(index, n);
            if c.len() * 64 < len && len != usize::MAX / 2 {
                complete = false;
                break;
            }
        }
        let Some(mut list) = decode_need(index, n, &mut buf) else {
            return (Some(Vec::new()), true);
        };
        for c in &mut list {
            c.mask = start_blocks(c.mask, t.len());
        }
        cur = Some(match cur {
            None => list,
            Some(c) => intersect(&c, &list),
        });
    }
    (cur, exact && complete)
}

/// Documents in both lists: smaller tf, start blocks allowed by both.
fn intersect(a: &[Cand], b: &[Cand]) -> Vec<Cand> {
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].doc.cmp(&b[j].doc) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                let mask = a[i].mask & b[j].mask;
                if mask != 0 {
                    out.push(Cand { doc: a[i].doc, tf: a[i].tf.min(b[j].tf), mask });
                }
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// Whether `finder`'s needle occurs in `text` at a start inside the blocks of `mask`.
fn verify_blocks(text: &str, finder: &memchr::memmem::Finder, mask: u8) -> bool {
    let hay = text.as_bytes();
    let n = finder.needle().len();
    if mask == 0xFF || n > MAX_MASKED_QUERY {
        return finder.find(hay).is_some();
    }
    let bs = block_size(hay.len());
    let mut k = 0usize;
    while k < 8 {
        if mask & (1 << k) == 0 {
            k += 1;
            continue;
        }
        let first = k;
        while k < 8 && mask & (1 << k) != 0 {
            k += 1;
        }
        let start = first * bs;
        if start >= hay.len() {
            break;
        }
        let end = if k >= 8 { hay.len() } else { (k * bs + n - 1).min(hay.len()) };
        if finder.find(&hay[start..end]).is_some() {
            return true;
        }
    }
    false
}

fn meta_field(f: MetaField) -> FacetField {
    match f {
        MetaField::Outlet => FacetField::Outlet,
        MetaField::Section => FacetField::Section,
        MetaField::Tag => FacetField::Tag,
        MetaField::Author => FacetField::Author,
        MetaField::Format => FacetField::Format,
        MetaField::Lang => FacetField::Lang,
    }
}

fn prepare<'q>(index: &Index, atom: &'q Atom) -> Prepared<'q> {
    let n = index.live.max(1) as f32;
    match atom {
        Atom::Text(t) | Atom::Title(t) => {
            let (cands, exact) = candidates(index, t);
            let df = cands.as_ref().map_or(n, |c| c.len() as f32).min(n);
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            let finder = byte_rank::finder(t.as_bytes());
            Prepared::Text {
                finder,
                title_only: matches!(atom, Atom::Title(_)),
                cands,
                seen: std::cell::Cell::new(0),
                exact,
                idf,
            }
        }
        Atom::Meta(f, v) => {
            let table = &index.facets[meta_field(*f) as usize];
            Prepared::Meta { field: *f, ids: table.lookup(v, *f == MetaField::Lang) }
        }
        Atom::After(k) => Prepared::After(*k),
        Atom::Before(k) => Prepared::Before(*k),
    }
}

impl Prepared<'_> {
    /// Whether `doc` satisfies this atom, and its BM25 contribution. Documents
    /// are tested in ascending order (see [`matching`]). With `defer`, a text
    /// candidate is not verified: the flag says it still needs
    /// [`Prepared::confirm`] (its score does not depend on it).
    fn test(&self, index: &Index, doc: u32, avgdl: f32, defer: bool) -> Option<(f32, bool)> {
        let entry = index.doc(doc)?;
        match self {
            Prepared::Text { finder, title_only, cands, seen, exact, idf } => {
                let (tf, mask) = match cands {
                    Some(c) => {
                        let p = next_candidate(c, seen, doc)?;
                        (p.tf, p.mask)
                    }
                    None => (1, 0xFF),
                };
                let deferred = defer && !*exact;
                let verified = deferred
                    || if *title_only {
                        finder.find(entry.seg(0).as_bytes()).is_some()
                    } else {
                        *exact || verify_blocks(&entry.norm, finder, mask)
                    };
                if !verified {
                    return None;
                }
                let tf = tf as f32;
                let norm = 1.0 - B + B * entry.len as f32 / avgdl;
                Some((idf * tf * (K1 + 1.0) / (tf + K1 * norm), deferred))
            }
            Prepared::Meta { field, ids } => {
                let m = &entry.meta;
                let hit = match field {
                    MetaField::Outlet => ids.contains(&m.single[0]),
                    MetaField::Section => ids.contains(&m.single[1]),
                    MetaField::Format => ids.contains(&m.single[2]),
                    MetaField::Lang => ids.contains(&m.single[3]),
                    MetaField::Tag => m.tags.iter().any(|t| ids.contains(t)),
                    MetaField::Author => m.authors.iter().any(|t| ids.contains(t)),
                };
                hit.then_some((0.0, false))
            }
            Prepared::After(k) => (entry.meta.date != 0 && entry.meta.date >= *k).then_some((0.0, false)),
            Prepared::Before(k) => (entry.meta.date != 0 && entry.meta.date < *k).then_some((0.0, false)),
        }
    }

    /// Whether a text candidate [`Prepared::test`] deferred really holds the
    /// text (anywhere: the blocks it may start in are not kept).
    fn confirm(&self, index: &Index, doc: u32) -> bool {
        let Some(entry) = index.doc(doc) else { return false };
        match self {
            Prepared::Text { exact: true, .. } => true,
            Prepared::Text { finder, title_only: true, .. } => finder.find(entry.seg(0).as_bytes()).is_some(),
            Prepared::Text { finder, .. } => finder.find(entry.norm.as_bytes()).is_some(),
            _ => true,
        }
    }

    fn docs(&self) -> Option<impl Iterator<Item = u32> + '_> {
        match self {
            Prepared::Text { cands: Some(c), .. } => Some(c.iter().map(|p| p.doc)),
            _ => None,
        }
    }
}

/// The candidate of `doc` in `cands` (sorted by document), looked for from
/// `seen` on, which it then moves past every candidate before `doc`. As the
/// documents tested only ascend, the one a list drives the search with (most
/// often the only one) is always the next: no binary search per document
/// over tens of thousands of candidates for a one-character query.
fn next_candidate(cands: &[Cand], seen: &std::cell::Cell<usize>, doc: u32) -> Option<Cand> {
    let rest = cands.get(seen.get()..).unwrap_or_default();
    // Most often `doc` is the candidate after the one tested last (which
    // `seen` still points at): one step, not a binary search.
    let before = match rest {
        [first, ..] if first.doc >= doc => 0,
        [_, second, ..] if second.doc >= doc => 1,
        _ => rest.partition_point(|p| p.doc < doc),
    };
    seen.set(seen.get() + before);
    rest.get(before).filter(|p| p.doc == doc).copied()
}

/// A query's matching documents with their scores, unsorted; those in
/// `pending` (ascending) are candidates whose text is still to be verified
/// ([`Matching::confirm`]).
struct Matching<'q> {
    prepared: Vec<(bool, Vec<Prepared<'q>>)>,
    found: Vec<(u32, f32)>,
    pending: Vec<u32>,
}

impl Matching<'_> {
    /// Whether a pending document holds the text of every clause it was
    /// let through without.
    fn confirm(&self, index: &Index, doc: u32) -> bool {
        self.prepared
            .iter()
            .filter(|(negated, alts)| defers(*negated, alts))
            .all(|(_, alts)| alts.iter().all(|p| p.confirm(index, doc)))
    }

    /// Verifies every pending document: `found` is then exactly the matches.
    fn settle(&mut self, index: &Index) {
        if self.pending.is_empty() {
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        let mut found = std::mem::take(&mut self.found);
        found.retain(|&(doc, _)| pending.binary_search(&doc).is_err() || self.confirm(index, doc));
        self.found = found;
    }
}

/// Whether a clause's text may go unverified until asked: a clause that must
/// hold, with one alternative (with several, which of them hold decides the
/// score; an excluded text must be verified to exclude).
fn defers(negated: bool, alts: &[Prepared]) -> bool {
    !negated && alts.len() == 1
}

/// The matching documents of `query` with scores, unsorted. Tests the
/// documents in ascending order ([`Prepared::test`] relies on it). With
/// `defer`, candidates of clauses that [`defers`] allows are let through
/// unverified, as `pending`.
fn matching<'q>(index: &Index, query: &'q Query, defer: bool) -> Matching<'q> {
    let avgdl = index.avg_len();
    let prepared: Vec<(bool, Vec<Prepared>)> =
        query.clauses.iter().map(|c| (c.negated, c.alts.iter().map(|a| prepare(index, a)).collect())).collect();
    // The driving set: the smallest candidate union among positive clauses.
    let mut driver: Option<Vec<u32>> = None;
    for (negated, alts) in &prepared {
        if *negated {
            continue;
        }
        let mut union: Vec<u32> = Vec::new();
        let mut bounded = true;
        for p in alts {
            match p.docs() {
                Some(it) => union.extend(it),
                None => {
                    bounded = false;
                    break;
                }
            }
        }
        if bounded {
            if alts.len() > 1 {
                union.sort_unstable();
                union.dedup();
            }
            if driver.as_ref().is_none_or(|d| union.len() < d.len()) {
                driver = Some(union);
            }
        }
    }
    let docs: Box<dyn Iterator<Item = u32>> = match driver {
        Some(d) => Box::new(d.into_iter()),
        None => Box::new(
            index
                .docs
                .iter()
                .enumerate()
                .filter(|(_, d)| d.is_some())
                .map(|(i, _)| i as u32)
                .collect::<Vec<_>>()
                .into_iter(),
        ),
    };
    let mut found = Vec::new();
    let mut pending = Vec::new();
    'doc: for doc in docs {
        if index.doc(doc).is_none() {
            continue;
        }
        let mut score = 0.0f32;
        let mut unverified = false;
        for (negated, alts) in &prepared {
            let defer_here = defer && defers(*negated, alts);
            let mut any = false;
            for p in alts {
                if let Some((s, deferred)) = p.test(index, doc, avgdl, defer_here) {
                    any = true;
                    if *negated {
                        break;
                    }
                    score += s;
                    unverified |= deferred;
                }
            }
            if any == *negated {
                continue 'doc;
            }
        }
        found.push((doc, score));
        if unverified {
            pending.push(doc);
        }
    }
    Matching { prepared, found, pending }
}

/// The matching documents of `query` with scores, unsorted, every one verified.
fn matches(index: &Index, query: &Query) -> Vec<(u32, f32)> {
    matching(index, query, false).found
}

fn facet_filter(field: FacetField, value: &str) -> String {
    let quoted = if value.contains(char::is_whitespace) || value.contains('"') || value.contains(':') {
        format!("\"{}\"", value.replace('"', ""))
    } else {
        value.to_string()
    };
    let next = |s: &str, width: usize| -> Option<String> {
        let (head, last) = s.rsplit_once('-').unwrap_or(("", s));
        let n: u32 = last.parse().ok()?;
        Some(match (width, head) {
            (4, _) => format!("{:04}", n + 1),
            (_, h) if n == 12 => format!("{:04}-01", h.parse::<u32>().ok()? + 1),
            (_, h) => format!("{h}-{:02}", n + 1),
        })
    };
    match field {
        FacetField::Outlet => format!("outlet:{quoted}"),
        FacetField::Section => format!("section:{quoted}"),
        FacetField::Tag => format!("tag:{quoted}"),
        FacetField::Author => format!("author:{quoted}"),
        FacetField::Format => format!("format:{quoted}"),
        FacetField::Lang => format!("lang:{quoted}"),
        FacetField::Year => next(value, 4).map_or_else(String::new, |n| format!("after:{value} before:{n}")),
        FacetField::Month => next(value, 7).map_or_else(String::new, |n| format!("after:{value} before:{n}")),
    }
}

/// Whether `query` already holds `filter` as terms of its own, or (a
/// metadata filter) as one alternative of an OR group of that field's
/// filters (`outlet:RFI OR outlet:VOA`: both chips are on).
fn filter_is_active(query: &Query, filter: &str) -> bool {
    let Ok(wanted) = parse(filter) else { return false };
    !wanted.clauses.is_empty()
        && wanted.clauses.iter().all(|w| {
            query.clauses.contains(w)
                || match w.alts.as_slice() {
                    [atom @ Atom::Meta(field, _)] => {
                        query.clauses.iter().any(|c| filters_only(c, meta_field(*field)) && c.alts.contains(atom))
                    }
                    _ => false,
                }
        })
}

/// Whether `clause` is a filter on facet `field` alone (`outlet:RFI`, `outlet:RFI OR outlet:VOA`).
fn filters_only(clause: &Clause, field: FacetField) -> bool {
    !clause.negated && clause.alts.iter().all(|a| matches!(a, Atom::Meta(m, _) if meta_field(*m) == field))
}

/// Adds the values of `only` (every field when `None`) of `docs` to `counts`.
fn count_values(index: &Index, docs: &[(u32, f32)], only: Option<FacetField>, counts: &mut [Vec<usize>]) {
    let mut bump = |f: FacetField, id: u32| {
        if id != NONE && only.is_none_or(|o| o == f) {
            if let Some(c) = counts[f as usize].get_mut(id as usize) {
                *c += 1;
            }
        }
    };
    for &(doc, _) in docs {
        let Some(e) = index.doc(doc) else { continue };
        let m = &e.meta;
        bump(FacetField::Outlet, m.single[0]);
        bump(FacetField::Section, m.single[1]);
        bump(FacetField::Format, m.single[2]);
        bump(FacetField::Lang, m.single[3]);
        bump(FacetField::Year, m.single[4]);
        bump(FacetField::Month, m.single[5]);
        for &t in m.tags.iter() {
            bump(FacetField::Tag, t);
        }
        for &a in m.authors.iter() {
            bump(FacetField::Author, a);
        }
    }
}

fn facets(index: &Index, docs: &[(u32, f32)], query: &Query) -> Facets {
    let mut counts: Vec<Vec<usize>> = index.facets.iter().map(|t| vec![0; t.values.len()]).collect();
    count_values(index, docs, None, &mut counts);
    // A facet with a filter of its own is counted without that filter (as
    // Pagefind does), so its other values show what choosing them as well
    // (`outlet:RFI OR outlet:VOA`) would add, instead of dropping to 0.
    for field in [
        FacetField::Outlet,
        FacetField::Section,
        FacetField::Tag,
        FacetField::Author,
        FacetField::Format,
        FacetField::Lang,
    ] {
        if !query.clauses.iter().any(|c| filters_only(c, field)) {
            continue;
        }
        let others = Query {
            clauses: query.clauses.iter().filter(|c| !filters_only(c, field)).cloned().collect(),
            warnings: vec![],
        };
        counts[field as usize].iter_mut().for_each(|c| *c = 0);
        count_values(index, &matches(index, &others), Some(field), &mut counts);
    }
    let list = |f: FacetField| -> Vec<FacetCount> {
        let mut v: Vec<FacetCount> = counts[f as usize]
            .iter()
            .enumerate()
            .filter(|(_, &c)| c > 0)
            .map(|(i, &c)| {
                let value = index.facets[f as usize].values[i].clone();
                let filter = facet_filter(f, &value);
                let active = filter_is_active(query, &filter);
                FacetCount { value, count: c, filter, active }
            })
            .collect();
        // Dates newest first, everything else most frequent first. One
        // comparator, so one instantiation of the sort (each is kilobytes of wasm).
        let by_date = matches!(f, FacetField::Year | FacetField::Month);
        v.sort_by(|a, b| {
            if by_date {
                b.value.cmp(&a.value)
            } else {
                b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value))
            }
        });
        v
    };
    debug_assert_eq!(counts.len(), FACET_FIELDS);
    Facets {
        outlet: list(FacetField::Outlet),
        section: list(FacetField::Section),
        tag: list(FacetField::Tag),
        author: list(FacetField::Author),
        year: list(FacetField::Year),
        month: list(FacetField::Month),
        format: list(FacetField::Format),
        language: list(FacetField::Lang),
    }
}

/// Runs `query` over `index`; `article` looks up the article a document
/// number stands for (the caller owns the records: see [`crate::corpus`]).
pub(crate) fn search<'a>(
    article: impl Fn(u32) -> Option<&'a Article>,
    group: impl Fn(u32) -> u32,
    index: &Index,
    query: &str,
    options: &SearchOptions,
) -> Result<SearchResults, QueryError> {
    let q = parse(query)?;
    let Ranked { total, estimated, found, facets } = rank(index, &group, &q, options);
    let page = &found[options.offset.min(found.len())..];

    let (title_needles, body_needles) = needles(&q);
    let hits = page
        .iter()
        .filter_map(|&(doc, score)| {
            let a = article(doc)?;
            let entry = index.doc(doc)?;
            Some(hit(doc, score, a, entry, &title_needles, &body_needles))
        })
        .collect();
    Ok(SearchResults { total, estimated_total: estimated, hits, facets, warnings: q.warnings })
}

/// The normalised terms a match is marked for: in titles (text and `title:`
/// terms), and in leads and paragraphs (text terms). Excluded terms mark nothing.
fn needles(q: &Query) -> (Vec<&str>, Vec<&str>) {
    let mut title_needles: Vec<&str> = Vec::new();
    let mut body_needles: Vec<&str> = Vec::new();
    for c in q.clauses.iter().filter(|c| !c.negated) {
        for a in &c.alts {
            match a {
                Atom::Text(t) => {
                    body_needles.push(t);
                    title_needles.push(t);
                }
                Atom::Title(t) => title_needles.push(t),
                _ => {}
            }
        }
    }
    (title_needles, body_needles)
}

/// Where `query`'s text terms occur in each of `texts` (a lead, paragraphs,
/// as the reader shows them): sorted, disjoint byte ranges into each text,
/// found in normalised text as search finds them, so `國安法` marks
/// `国安法` and a match in the reader is a match the search counted.
pub fn text_marks<'t>(
    query: &str,
    texts: impl IntoIterator<Item = &'t str>,
) -> Result<Vec<Vec<(usize, usize)>>, QueryError> {
    let q = parse(query)?;
    let (_, body_needles) = needles(&q);
    Ok(texts
        .into_iter()
        .map(|text| {
            if body_needles.is_empty() {
                Vec::new()
            } else {
                snippet::highlight(text, &normalize(text), &body_needles)
            }
        })
        .collect())
}

/// A search's documents in result order: `found` holds the page and
/// everything before it (`offset + limit`); `total` counts them all (an upper
/// bound when `estimated`, see [`SearchOptions::quick_total`]).
struct Ranked {
    total: usize,
    estimated: bool,
    found: Vec<(u32, f32)>,
    facets: Option<Facets>,
}

type Order<'i> = Box<dyn Fn(&(u32, f32), &(u32, f32)) -> std::cmp::Ordering + 'i>;

/// The result order: by relevance (then newest, then document number), or
/// by date, undated last (then relevance, then document number).
fn result_order(index: &Index, newest_first: Option<bool>) -> Order<'_> {
    let date = move |doc: u32| index.doc(doc).map_or(0, |e| e.meta.date);
    match newest_first {
        None => Box::new(move |a, b| {
            b.1.total_cmp(&a.1).then_with(|| date(b.0).cmp(&date(a.0))).then_with(|| a.0.cmp(&b.0))
        }),
        Some(newest) => Box::new(move |a, b| {
            let (da, db) = (date(a.0), date(b.0));
            (da == 0)
                .cmp(&(db == 0))
                .then_with(|| if newest { db.cmp(&da) } else { da.cmp(&db) })
                .then_with(|| b.1.total_cmp(&a.1))
                .then_with(|| a.0.cmp(&b.0))
        }),
    }
}

/// Keeps the first `want` of `v` in `order`, ordered (a selection, not a
/// sort of everything).
fn first_in_order(v: &mut Vec<(u32, f32)>, want: usize, order: &Order) {
    if want == 0 {
        v.clear();
        return;
    }
    if want.saturating_mul(8) < v.len() {
        // A page of 40 out of 50,000: one pass keeping the best so far (most
        // items lose to the worst kept in one comparison) instead of a selection
        // that compares each item several times.
        *v = best_few(v, want, order);
    } else if want < v.len() {
        v.select_nth_unstable_by(want - 1, order);
        v.truncate(want);
    }
    v.sort_unstable_by(order);
}

/// The first `want` (≥ 1) of `items` in `order`, unordered: a heap whose top is the worst kept.
fn best_few(items: &[(u32, f32)], want: usize, order: &Order) -> Vec<(u32, f32)> {
    let mut heap: Vec<(u32, f32)> = Vec::with_capacity(want);
    let worse = |a: &(u32, f32), b: &(u32, f32)| order(a, b).is_gt();
    for &item in items {
        if heap.len() < want {
            // Sift up.
            heap.push(item);
            let mut i = heap.len() - 1;
            while i > 0 {
                let parent = (i - 1) / 2;
                if !worse(&heap[i], &heap[parent]) {
                    break;
                }
                heap.swap(i, parent);
                i = parent;
            }
        } else if order(&item, &heap[0]).is_lt() {
            // Replace the worst kept, sift down.
            heap[0] = item;
            let mut i = 0;
            loop {
                let (l, r) = (2 * i + 1, 2 * i + 2);
                let mut top = i;
                if l < heap.len() && worse(&heap[l], &heap[top]) {
                    top = l;
                }
                if r < heap.len() && worse(&heap[r], &heap[top]) {
                    top = r;
                }
                if top == i {
                    break;
                }
                heap.swap(i, top);
                i = top;
            }
        }
    }
    heap
}

/// The matching documents with their scores, in result order, up to
/// `offset + limit`, the total and, if asked for, the facets: what [`search`]
/// and [`ranked`] share, so a list and its export are in the same order.
fn rank(index: &Index, group: &dyn Fn(u32) -> u32, q: &Query, options: &SearchOptions) -> Ranked {
    let order = result_order(index, options.newest_first);
    let quick = options.quick_total && !options.facets && options.limit.is_some_and(|l| l > 0);
    let mut matching = matching(index, q, quick);
    if quick && !matching.pending.is_empty() {
        if let Some(ranked) = quick_page(index, group, &mut matching, options, &order) {
            return ranked;
        }
    }
    matching.settle(index);
    let mut found = matching.found;
    if options.collapse != Collapse::None {
        found = one_per_group(found, group, None).0;
    }
    let total = found.len();
    let facets = options.facets.then(|| facets(index, &found, q));
    let want = options.limit.map_or(total, |l| options.offset.saturating_add(l).min(total));
    // Counts and facets only (the page's facet request) order nothing.
    first_in_order(&mut found, want, &order);
    Ranked { total, estimated: false, found, facets }
}

/// Rounds of [`quick_page`] before it verifies everything instead: each
/// round drops the page's candidates that failed verification.
const QUICK_ROUNDS: usize = 4;

/// The page of a query with pending candidates, verifying only those the
/// page would show. Exact: a pending document that fails is dropped and the
/// page chosen again, and a document can only lose its place by failing.
/// With groups, that holds when every group's best match is also its first
/// in result order (copies: one text, one date); otherwise `None`, and the
/// caller verifies everything.
fn quick_page(
    index: &Index,
    group: &dyn Fn(u32) -> u32,
    matching: &mut Matching,
    options: &SearchOptions,
    order: &Order,
) -> Option<Ranked> {
    let collapse = options.collapse != Collapse::None;
    for _ in 0..QUICK_ROUNDS {
        let (mut page, mixed) = if collapse {
            one_per_group(matching.found.clone(), group, Some(order))
        } else {
            (matching.found.clone(), false)
        };
        // A group kept by a member that is not its first in order could move
        // up once that member fails: not known without verifying them all.
        if mixed {
            return None;
        }
        let total = page.len();
        let want = options.offset.saturating_add(options.limit.unwrap_or(0)).min(total);
        first_in_order(&mut page, want, order);
        let mut unverified_shown = 0;
        let mut failed = Vec::new();
        for &(doc, _) in &page {
            if matching.pending.binary_search(&doc).is_ok() {
                unverified_shown += 1;
                if !matching.confirm(index, doc) {
                    failed.push(doc);
                }
            }
        }
        if failed.is_empty() {
            let estimated = matching.pending.len() > unverified_shown;
            return Some(Ranked { total, estimated, found: page, facets: None });
        }
        failed.sort_unstable();
        let kept = |doc: &u32| failed.binary_search(doc).is_err();
        matching.found.retain(|(doc, _)| kept(doc));
        matching.pending.retain(kept);
    }
    None
}

/// The document numbers of a search's page (`offset`, `limit`, order as
/// [`search`]), without building hits: what an export of a view walks.
pub(crate) fn ranked(
    index: &Index,
    group: impl Fn(u32) -> u32,
    query: &str,
    options: &SearchOptions,
) -> Result<Vec<u32>, QueryError> {
    let q = parse(query)?;
    let found = rank(index, &group, &q, &SearchOptions { facets: false, ..options.clone() }).found;
    Ok(found.get(options.offset..).unwrap_or(&[]).iter().map(|&(doc, _)| doc).collect())
}

/// The best match of each group (`group(doc)`: the group's key): highest
/// score, then lowest document number (the original, when all match). With
/// `order`, also whether some group's kept match is not its first in that order.
fn one_per_group(found: Vec<(u32, f32)>, group: &dyn Fn(u32) -> u32, order: Option<&Order>) -> (Vec<(u32, f32)>, bool) {
    // Group keys are document numbers: a table by key, not a hash map (which
    // was a fifth of a one-character query at 65,000 articles).
    const NO_GROUP: u32 = u32::MAX;
    let mut best: Vec<u32> = Vec::new();
    let mut out: Vec<(u32, f32)> = Vec::with_capacity(found.len());
    // By group, when `order` is given and the group has several members: its first in that order.
    let mut firsts: index::FxMap<usize, (u32, f32)> = index::FxMap::default();
    for (doc, score) in found {
        let key = group(doc) as usize;
        if key >= best.len() {
            best.resize((key + 1).max(best.len() * 2), NO_GROUP);
        }
        if best[key] == NO_GROUP {
            best[key] = out.len() as u32;
            out.push((doc, score));
            continue;
        }
        let at = best[key] as usize;
        let kept = &mut out[at];
        if let Some(order) = order {
            let first = firsts.entry(at).or_insert(*kept);
            if order(&(doc, score), first).is_lt() {
                *first = (doc, score);
            }
        }
        if score > kept.1 || (score == kept.1 && doc < kept.0) {
            *kept = (doc, score);
        }
    }
    let mixed = firsts.iter().any(|(&at, first)| first.0 != out[at].0);
    (out, mixed)
}

fn hit(
    doc: u32,
    score: f32,
    a: &Article,
    entry: &index::DocEntry,
    title_needles: &[&str],
    body_needles: &[&str],
) -> Hit {
    let title_matches = snippet::highlight(&a.title, entry.seg(0), title_needles);
    // Only the lead and paragraphs that hold a match are looked at.
    // Per needle, scanning stops once three segments hold it: enough for
    // three snippets, whatever the other needles do.
    let mut seg_ids: Vec<usize> = Vec::new();
    for n in body_needles.iter().filter(|n| !n.is_empty()) {
        let finder = byte_rank::finder(n.as_bytes());
        let hay = entry.norm.as_bytes();
        let mut from = 0;
        let mut mine: Vec<usize> = Vec::new();
        while mine.len() < snippet::MAX_SNIPPETS {
            let Some(rel) = hay.get(from..).and_then(|h| finder.find(h)) else { break };
            let k = entry.seg_of(from + rel);
            if k > 0 && mine.last() != Some(&k) {
                mine.push(k);
            }
            // Jump to the next segment: the snippet code finds the rest in this one.
            from = entry.segs.get(k + 1).map_or(hay.len(), |&s| s as usize);
        }
        seg_ids.extend(mine);
    }
    seg_ids.sort_unstable();
    seg_ids.dedup();
    let segs: Vec<(Option<usize>, &str, &str)> = seg_ids
        .into_iter()
        .filter_map(|k| match k {
            0 => None,
            1 => Some((None, a.lead.as_deref()?, entry.seg(1))),
            _ => Some((Some(k - 2), a.paragraphs.get(k - 2)?.as_str(), entry.seg(k))),
        })
        .collect();
    let snippets = snippet::snippets(&segs, body_needles);
    Hit { doc, id: a.id.clone(), score, title_matches, snippets }
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_marks_find_every_text_term_in_each_text_across_scripts() {
        let texts = ["香港《國安法》实施，国安法", "没有匹配", "國安法"];
        let marks = super::text_marks("国安法 -广告 title:无关", texts).unwrap();
        let got: Vec<Vec<&str>> =
            marks.iter().zip(texts).map(|(m, t)| m.iter().map(|&(a, b)| &t[a..b]).collect()).collect();
        assert_eq!(got, vec![vec!["國安法", "国安法"], vec![], vec!["國安法"]]);
        assert!(super::text_marks("", texts).unwrap().iter().all(Vec::is_empty));
        assert!(super::text_marks("\"open", texts).is_err());
    }

    use crate::corpus::Corpus;
    use crate::model::{Article, Record};
    use crate::search::{FacetCount, SearchOptions};

    fn corpus() -> Corpus {
        let mut c = Corpus::new();
        let tagged = |title: &str, tags: &[&str], published: &str| Article {
            title: title.into(),
            paragraphs: vec![format!("{title}的正文")],
            tags: tags.iter().map(|t| t.to_string()).collect(),
            published: Some(published.into()),
            ..Article::default()
        };
        for (i, a) in [
            tagged("一", &["美国"], "2019-05-01"),
            tagged("二", &["美国大选"], "2020-01-02"),
            tagged("三", &["美国大选", "白 宫"], "2020-12-31"),
            tagged("四", &["方菲訪談"], "2021-03-04"),
            tagged("五", &["方菲访谈"], "2021-03-05"),
        ]
        .into_iter()
        .enumerate()
        {
            let mut a = a;
            a.source.sha256 = format!("{i}");
            c.add_record(Record::Article(Box::new(a)));
        }
        c
    }

    fn facet(c: &Corpus, query: &str, pick: fn(&crate::search::Facets) -> &Vec<FacetCount>) -> Vec<FacetCount> {
        let options = SearchOptions { facets: true, limit: Some(0), ..SearchOptions::default() };
        pick(&c.search(query, &options).unwrap().facets.unwrap()).clone()
    }

    #[test]
    fn a_page_chosen_in_one_pass_is_the_head_of_the_sorted_list() {
        let index = super::index::Index::new();
        let order = super::result_order(&index, None);
        // Scores with many ties (then document numbers decide), in a scrambled order.
        let items: Vec<(u32, f32)> = (0..5000u32).map(|i| ((i * 7919) % 5000, ((i * 31) % 97) as f32)).collect();
        let mut sorted = items.clone();
        sorted.sort_unstable_by(&order);
        for want in [1, 2, 40, 600] {
            let mut page = items.clone();
            super::first_in_order(&mut page, want, &order);
            assert_eq!(page, sorted[..want], "want {want}");
        }
    }

    #[test]
    fn sort_names_parse_and_unknown_ones_are_errors() {
        use crate::search::Sort;
        let names = ["relevance", "newest", "date", "oldest"].map(|n| n.parse::<Sort>());
        assert_eq!(names, [Ok(Sort::Relevance), Ok(Sort::Newest), Ok(Sort::Newest), Ok(Sort::Oldest)]);
        assert!("newst".parse::<Sort>().unwrap_err().contains("relevance, newest or oldest"));
        let order = |sort: Sort| {
            let options = SearchOptions { newest_first: sort.newest_first(), ..SearchOptions::default() };
            let c = corpus();
            let r = c.search("", &options).unwrap();
            r.hits
                .iter()
                .map(|h| c.get(h.doc).and_then(Record::as_article).map_or("", |a| a.title.as_str()).to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(order(Sort::Oldest), ["一", "二", "三", "四", "五"]);
        assert_eq!(order(Sort::Newest), ["五", "四", "三", "二", "一"]);
    }

    #[test]
    fn results_carry_the_querys_warnings() {
        let r = corpus().search("after:2021 before:2020", &SearchOptions::default()).unwrap();
        assert_eq!((r.total, r.warnings.len()), (0, 1));
        assert_eq!(r.warnings[0].code, crate::problem::Code::QueryEmptyDateRange);
        assert!(corpus().search("一", &SearchOptions::default()).unwrap().warnings.is_empty());
    }

    #[test]
    fn facet_values_carry_their_filter_and_whether_it_is_active() {
        let c = corpus();
        let tags = facet(&c, "tag:美国", |f| &f.tag);
        let active: Vec<&str> = tags.iter().filter(|t| t.active).map(|t| t.value.as_str()).collect();
        assert_eq!(active, ["美国"], "tag:美国 is not active inside tag:美国大选: {tags:?}");
        let all = facet(&c, "", |f| &f.tag);
        let quoted = all.iter().find(|t| t.value == "白 宫").unwrap();
        assert_eq!(quoted.filter, "tag:\"白 宫\"");
        // Every filter, run as a query, finds exactly its count.
        for t in &all {
            assert_eq!(c.search(&t.filter, &SearchOptions::default()).unwrap().total, t.count, "{t:?}");
        }
    }

    #[test]
    fn a_facet_is_counted_without_its_own_filter_and_or_groups_of_it_are_active() {
        let c = corpus();
        let all = facet(&c, "", |f| &f.tag);
        let us = all.iter().find(|t| t.value == "美国").unwrap().clone();
        let chosen = facet(&c, &us.filter, |f| &f.tag);
        // Only articles tagged 美国 match, yet every tag keeps its count over the
        // corpus: adding it to the OR group would add those articles.
        assert_eq!(
            chosen.iter().map(|t| (&t.value, t.count)).collect::<Vec<_>>(),
            all.iter().map(|t| (&t.value, t.count)).collect::<Vec<_>>()
        );
        let other = all.iter().find(|t| t.value != "美国").unwrap();
        let both = format!("{} OR {}", us.filter, other.filter);
        let tags = facet(&c, &both, |f| &f.tag);
        let active: Vec<&str> = tags.iter().filter(|t| t.active).map(|t| t.value.as_str()).collect();
        assert_eq!(active.len(), 2, "{tags:?}");
        let union = c.search(&both, &SearchOptions::default()).unwrap().total;
        assert!(union >= us.count.max(other.count));
        // Other facets are counted over the results as before.
        let years = facet(&c, &both, |f| &f.year);
        assert_eq!(years.iter().map(|y| y.count).sum::<usize>(), union);
    }

    #[test]
    fn traditional_and_simplified_tags_are_one_chip() {
        let tags = facet(&corpus(), "", |f| &f.tag);
        let fang: Vec<&FacetCount> = tags.iter().filter(|t| t.value.starts_with("方菲")).collect();
        assert_eq!(fang.len(), 1, "{tags:?}");
        assert_eq!(fang[0].count, 2);
    }

    #[test]
    fn years_and_months_are_in_date_order_and_filter_their_period() {
        let c = corpus();
        let years = facet(&c, "", |f| &f.year);
        assert_eq!(years.iter().map(|y| y.value.as_str()).collect::<Vec<_>>(), ["2021", "2020", "2019"]);
        assert_eq!(years[1].filter, "after:2020 before:2021");
        let months = facet(&c, "", |f| &f.month);
        let december = months.iter().find(|m| m.value == "2020-12").unwrap();
        assert_eq!(december.filter, "after:2020-12 before:2021-01");
        for period in years.iter().chain(&months) {
            assert_eq!(c.search(&period.filter, &SearchOptions::default()).unwrap().total, period.count, "{period:?}");
        }
        let active = facet(&c, "正文 after:2020 before:2021", |f| &f.year);
        assert!(active.iter().find(|y| y.value == "2020").unwrap().active);
        assert!(!active.iter().any(|y| y.value != "2020" && y.active));
    }
}
