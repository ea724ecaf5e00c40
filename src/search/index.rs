//! The inverted index: term dictionary, delta-varint posting lists, per-document
//! normalised text (for verification) and metadata (for filters and facets).
//!
//! - A *term* is a Han/kana unigram or bigram (keyed by its code points in a
//!   `u64`) or a word (an interned string). Term ids index `postings`.
//! - A posting list is a byte string of `(doc - previous_doc - 1, weighted tf,
//!   block mask)` entries (two LEB128 varints and one byte), in increasing
//!   document order. Documents are only ever appended with increasing numbers,
//!   so adding is an append.
//! - The block mask says in which of (at most) eight equal blocks of the
//!   document's normalised text the term occurs ([`block_size`]). Verifying a
//!   longer query then scans only the blocks where a match can start: a match
//!   starting in block k has every bigram in block k or k+1.
//! - The weighted term frequency counts an occurrence in the title
//!   [`TITLE_WEIGHT`] times, in the lead [`LEAD_WEIGHT`] times, in the body once
//!   (a simplified BM25F); the document length is weighted the same way.
//! - Removing a document clears its slot; its postings stay until the owner
//!   rebuilds (see [`Index::dead`]) and are skipped when read.

use super::normalize::{class, normalize, normalize_into, CharClass};
use crate::codec::{Reader, Writer};
use crate::model::Article;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

pub const TITLE_WEIGHT: u32 = 3;
pub const LEAD_WEIGHT: u32 = 2;
/// Value id meaning "no value".
pub const NONE: u32 = u32::MAX;

/// A small, fast, non-cryptographic hasher (FxHash) for integer and short string keys.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut a = [0u8; 8];
            a.copy_from_slice(c);
            self.add(u64::from_le_bytes(a));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

pub fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a varint at `*pos`; `None` on truncated or over-long input.
#[inline]
pub fn get_varint(bytes: &[u8], pos: &mut usize) -> Option<u32> {
    let mut v: u32 = 0;
    let mut shift = 0;
    loop {
        let b = *bytes.get(*pos)?;
        *pos += 1;
        if shift == 28 && b > 0x0F {
            return None;
        }
        v |= u32::from(b & 0x7F) << shift;
        if b < 0x80 {
            return Some(v);
        }
        shift += 7;
    }
}

/// One term's posting list.
#[derive(Default, Clone, Debug)]
pub struct Posting {
    pub bytes: Vec<u8>,
    /// `last doc + 1` (0 when empty): the base of the next delta.
    pub base: u32,
    /// Entries, including those of removed documents.
    pub count: u32,
}

/// A decoded posting: document, weighted term frequency, block mask.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cand {
    pub doc: u32,
    pub tf: u32,
    pub mask: u8,
}

/// Block size in bytes for normalised text of `len` bytes: eight blocks, at least 64 bytes each.
#[inline]
pub fn block_size(len: usize) -> usize {
    len.div_ceil(8).max(64)
}

/// Largest query (in normalised bytes) for which block masks can prune.
pub const MAX_MASKED_QUERY: usize = 64;

impl Posting {
    fn push(&mut self, doc: u32, tf: u32, mask: u8) {
        put_varint(&mut self.bytes, doc - self.base);
        put_varint(&mut self.bytes, tf);
        self.bytes.push(mask);
        self.base = doc + 1;
        self.count += 1;
    }

    /// Decodes all entries; stops quietly at corrupt data.
    pub fn decode(&self, out: &mut Vec<Cand>) {
        out.reserve(self.count as usize);
        let b = &self.bytes;
        let mut pos = 0;
        let mut base: u32 = 0;
        while pos < b.len() {
            let (Some(d), Some(tf)) = (get_varint(b, &mut pos), get_varint(b, &mut pos)) else {
                break;
            };
            let Some(&mask) = b.get(pos) else { break };
            pos += 1;
            let Some(doc) = base.checked_add(d) else { break };
            out.push(Cand { doc, tf, mask });
            base = doc.saturating_add(1);
        }
    }
}

/// Interned metadata values of one facet field: display form and normalised key.
#[derive(Default, Clone, Debug)]
pub struct ValueTable {
    pub values: Vec<String>,
    pub by_norm: FxMap<String, u32>,
    /// Values as given, seen before: most articles repeat their outlet's,
    /// section's, language's values, and a restore interns every article's,
    /// so each distinct value is normalised once.
    by_raw: FxMap<String, u32>,
}

impl ValueTable {
    pub fn intern(&mut self, value: &str) -> u32 {
        if let Some(&id) = self.by_raw.get(value) {
            return id;
        }
        let key = normalize(value);
        let id = if key.is_empty() {
            NONE
        } else if let Some(&id) = self.by_norm.get(&key) {
            id
        } else {
            let id = self.values.len() as u32;
            self.values.push(value.trim().to_string());
            self.by_norm.insert(key, id);
            id
        };
        self.by_raw.insert(value.to_string(), id);
        id
    }

    /// Ids whose normalised value equals `key`, or (when `prefix`) starts with `key-`.
    pub fn lookup(&self, key: &str, prefix: bool) -> Vec<u32> {
        if !prefix {
            return self.by_norm.get(key).copied().into_iter().collect();
        }
        let dashed = format!("{key}-");
        let mut ids: Vec<u32> =
            self.by_norm.iter().filter(|(k, _)| *k == key || k.starts_with(&dashed)).map(|(_, &v)| v).collect();
        ids.sort_unstable();
        ids
    }
}

/// Facet fields, in output order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FacetField {
    Outlet = 0,
    Section,
    Tag,
    Author,
    Format,
    Lang,
    Year,
    Month,
}

pub const FACET_FIELDS: usize = 8;

/// What filters and facets need of one article, as interned value ids.
#[derive(Clone, Debug, Default)]
pub struct DocMeta {
    /// `[outlet, section, format, lang, year, month]` value ids ([`NONE`] when absent).
    pub single: [u32; 6],
    pub tags: Box<[u32]>,
    pub authors: Box<[u32]>,
    /// `YYYYMMDDhhmmss` of `published`, 0 when unknown.
    pub date: u64,
}

/// One indexed article.
#[derive(Clone, Debug)]
pub struct DocEntry {
    /// Normalised segments (title, lead — possibly empty —, paragraphs) joined by `'\n'`.
    pub norm: Box<str>,
    /// Byte offset of each segment in `norm`.
    pub segs: Box<[u32]>,
    /// Weighted token count.
    pub len: u32,
    pub meta: DocMeta,
}

impl DocEntry {
    /// Normalised text of segment `k`.
    pub fn seg(&self, k: usize) -> &str {
        let Some(&start) = self.segs.get(k) else { return "" };
        let end = self.segs.get(k + 1).map_or(self.norm.len(), |&e| (e as usize).saturating_sub(1));
        self.norm.get(start as usize..end).unwrap_or("")
    }

    /// Which segment holds byte `pos` of `norm`.
    pub fn seg_of(&self, pos: usize) -> usize {
        match self.segs.binary_search(&(pos as u32)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }
}

/// `YYYYMMDDhhmmss` from `YYYY-MM-DD[THH:MM[:SS]…]`, 0 when it does not parse.
pub fn date_key(published: &str) -> u64 {
    let b = published.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u64> {
        let s = b.get(r)?;
        if s.iter().all(u8::is_ascii_digit) {
            Some(s.iter().fold(0u64, |a, &d| a * 10 + u64::from(d - b'0')))
        } else {
            None
        }
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else { return 0 };
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return 0;
    }
    let mut key = ((y * 100 + m) * 100 + d) * 1_000_000;
    if b.get(10) == Some(&b'T') {
        if let (Some(h), Some(mi)) = (num(11..13), num(14..16)) {
            key += h * 10_000 + mi * 100 + num(17..19).unwrap_or(0);
        }
    }
    key
}

/// Sorted word list for fragment look-ups (words cut by the query's edges).
#[derive(Debug, Default)]
pub struct WordDict {
    /// Every word, each preceded by `'\u{1}'`.
    blob: String,
    /// Start of each word in `blob` (after its separator), sorted.
    starts: Vec<u32>,
    ids: Vec<u32>,
}

/// How a word-run of the query must sit in an indexed word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fit {
    Exact,
    Prefix,
    Suffix,
    Infix,
}

impl WordDict {
    fn build(words: &FxMap<Box<str>, u32>) -> Self {
        let mut all: Vec<(&str, u32)> = words.iter().map(|(w, &id)| (&**w, id)).collect();
        all.sort_unstable();
        let mut d = WordDict::default();
        for (w, id) in all {
            d.blob.push('\u{1}');
            d.starts.push(d.blob.len() as u32);
            d.ids.push(id);
            d.blob.push_str(w);
        }
        d
    }

    /// Term ids of words in which `frag` sits as `fit` says.
    pub fn find(&self, frag: &str, fit: Fit) -> Vec<u32> {
        let mut out = Vec::new();
        let step = frag.chars().next().map_or(1, char::len_utf8);
        let mut from = 0;
        // Overlapping occurrences: `11` sits twice in `111`.
        while let Some(rel) = self.blob.get(from..).and_then(|rest| rest.find(frag)) {
            let pos = from + rel;
            from = pos + step;
            let i = match self.starts.binary_search(&(pos as u32)) {
                Ok(i) => i,
                Err(i) => i.saturating_sub(1),
            };
            let start = self.starts[i] as usize;
            let end = self.starts.get(i + 1).map_or(self.blob.len(), |&s| s as usize - 1);
            let ok = match fit {
                Fit::Exact => pos == start && pos + frag.len() == end,
                Fit::Prefix => pos == start,
                Fit::Suffix => pos + frag.len() == end,
                Fit::Infix => true,
            };
            if ok && out.last() != Some(&self.ids[i]) {
                out.push(self.ids[i]);
            }
        }
        out
    }
}

/// A term of a query's text, as the index can look it up.
#[derive(Clone, Debug)]
pub enum Need {
    Gram(u64),
    Word(String, Fit),
}

#[inline]
pub fn gram_key(a: char, b: Option<char>) -> u64 {
    match b {
        None => u64::from(a as u32),
        Some(b) => (1u64 << 42) | (u64::from(a as u32) << 21) | u64::from(b as u32),
    }
}

/// Splits normalised text into index tokens, calling `gram(key, byte offset)`
/// and `word(str, byte offset)`; a bigram's offset is that of its first character.
pub fn tokens<'a>(s: &'a str, mut gram: impl FnMut(u64, usize), mut word: impl FnMut(&'a str, usize)) {
    let mut prev: Option<(char, usize)> = None;
    let mut word_start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        match class(c) {
            CharClass::Gram => {
                if let Some(ws) = word_start.take() {
                    word(&s[ws..i], ws);
                }
                gram(gram_key(c, None), i);
                if let Some((p, pi)) = prev {
                    gram(gram_key(p, Some(c)), pi);
                }
                prev = Some((c, i));
            }
            CharClass::Word => {
                prev = None;
                if word_start.is_none() {
                    word_start = Some(i);
                }
            }
            CharClass::Other => {
                prev = None;
                if let Some(ws) = word_start.take() {
                    word(&s[ws..i], ws);
                }
            }
        }
    }
    if let Some(ws) = word_start {
        word(&s[ws..], ws);
    }
}

/// What a query's text needs from the index, and whether the postings alone
/// decide it (no verification needed).
pub fn needs(t: &str) -> (Vec<Need>, bool) {
    let chars: Vec<(usize, char, CharClass)> = t.char_indices().map(|(i, c)| (i, c, class(c))).collect();
    let mut out: Vec<Need> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, _, cl) = chars[i];
        let mut j = i;
        while j < chars.len() && chars[j].2 == cl {
            j += 1;
        }
        match cl {
            CharClass::Gram => {
                if j - i == 1 {
                    out.push(Need::Gram(gram_key(chars[i].1, None)));
                } else {
                    for k in i..j - 1 {
                        let key = gram_key(chars[k].1, Some(chars[k + 1].1));
                        if !out.iter().any(|n| matches!(n, Need::Gram(g) if *g == key)) {
                            out.push(Need::Gram(key));
                        }
                    }
                }
            }
            CharClass::Word => {
                let end = chars.get(j).map_or(t.len(), |c| c.0);
                let fit = match (i == 0, j == chars.len()) {
                    (false, false) => Fit::Exact,
                    (true, false) => Fit::Suffix,
                    (false, true) => Fit::Prefix,
                    (true, true) => Fit::Infix,
                };
                out.push(Need::Word(t[start..end].to_string(), fit));
            }
            CharClass::Other => {}
        }
        i = j;
    }
    let exact = match chars.as_slice() {
        [(_, _, CharClass::Gram)] | [(_, _, CharClass::Gram), (_, _, CharClass::Gram)] => true,
        cs => !cs.is_empty() && cs.iter().all(|c| c.2 == CharClass::Word),
    };
    (out, exact)
}

/// The whole index.
#[derive(Default, Debug)]
pub struct Index {
    pub grams: FxMap<u64, u32>,
    pub words: FxMap<Box<str>, u32>,
    pub postings: Vec<Posting>,
    pub docs: Vec<Option<DocEntry>>,
    pub live: u32,
    /// Sum of weighted lengths of live documents.
    pub total_len: u64,
    /// Removed documents whose postings are still present.
    pub dead: u32,
    /// `[outlet, section, tag, author, format, lang, year, month]`.
    pub facets: [ValueTable; FACET_FIELDS],
    dict: OnceLock<WordDict>,
    /// Build scratch: BMP unigram → term id (a direct table, no hashing).
    uni: Vec<u32>,
    /// Build scratch, by term id: the document (+1) that last touched it, and
    /// its running (weighted tf, block mask) in that document.
    stamp: Vec<u32>,
    acc: Vec<(u32, u8)>,
    touched: Vec<u32>,
}

impl Index {
    pub fn new() -> Self {
        Self::default()
    }

    /// The word dictionary (rebuilt lazily after changes).
    pub fn dict(&self) -> &WordDict {
        self.dict.get_or_init(|| WordDict::build(&self.words))
    }

    pub fn doc(&self, doc: u32) -> Option<&DocEntry> {
        self.docs.get(doc as usize)?.as_ref()
    }

    fn meta_of(&mut self, a: &Article) -> DocMeta {
        let mut single = [NONE; 6];
        let f = &mut self.facets;
        single[0] = a.outlet.as_deref().map_or(NONE, |v| f[FacetField::Outlet as usize].intern(v));
        single[1] = a.section.as_deref().map_or(NONE, |v| f[FacetField::Section as usize].intern(v));
        single[2] = a.source.format.map_or(NONE, |v| f[FacetField::Format as usize].intern(v.as_str()));
        single[3] = a.language.as_deref().map_or(NONE, |v| f[FacetField::Lang as usize].intern(v));
        let date = a.published.as_deref().map_or(0, date_key);
        if date > 0 {
            let ymd = date / 1_000_000;
            single[4] = f[FacetField::Year as usize].intern(&format!("{:04}", ymd / 10_000));
            single[5] = f[FacetField::Month as usize].intern(&format!("{:04}-{:02}", ymd / 10_000, ymd / 100 % 100));
        }
        let mut list = |field: FacetField, values: &[String]| -> Box<[u32]> {
            let mut ids: Vec<u32> = values.iter().map(|v| f[field as usize].intern(v)).filter(|&i| i != NONE).collect();
            ids.sort_unstable();
            ids.dedup();
            ids.into_boxed_slice()
        };
        let tags = list(FacetField::Tag, &a.tags);
        let authors = list(FacetField::Author, &a.authors);
        DocMeta { single, tags, authors, date }
    }

    /// Indexes article `a` as document `doc`, which must be greater than every
    /// document added before (the corpus numbers records in order).
    pub fn add(&mut self, doc: u32, a: &Article) {
        if (doc as usize) < self.docs.len() {
            return; // not in order: ignore rather than corrupt postings
        }
        let meta = self.meta_of(a);
        let mut norm = String::new();
        let mut segs = Vec::with_capacity(a.paragraphs.len() + 2);
        let fields = std::iter::once(a.title.as_str())
            .chain(std::iter::once(a.lead.as_deref().unwrap_or("")))
            .chain(a.paragraphs.iter().map(String::as_str));
        for (k, text) in fields.enumerate() {
            if k > 0 {
                norm.push('\n');
            }
            segs.push(norm.len() as u32);
            normalize_into(text, &mut norm);
        }
        let mut touched = std::mem::take(&mut self.touched);
        touched.clear();
        let mut len: u32 = 0;
        let bs = block_size(norm.len());
        let block = |p: usize| 1u8 << (p / bs).min(7);
        let mut grams_seen: Vec<(u64, usize)> = Vec::new();
        let mut words_seen: Vec<(&str, usize)> = Vec::new();
        for k in 0..segs.len() {
            let start = segs[k] as usize;
            let end = segs.get(k + 1).map_or(norm.len(), |&e| e as usize - 1);
            let w = match k {
                0 => TITLE_WEIGHT,
                1 => LEAD_WEIGHT,
                _ => 1,
            };
            grams_seen.clear();
            words_seen.clear();
            tokens(&norm[start..end], |g, p| grams_seen.push((g, start + p)), |wd, p| words_seen.push((wd, start + p)));
            for &(g, p) in &grams_seen {
                let id = self.gram_id(g);
                self.bump(id, doc, w, block(p), &mut touched);
                len = len.saturating_add(w);
            }
            for &(wd, p) in &words_seen {
                let id = match self.words.get(wd) {
                    Some(&id) => id,
                    None => {
                        let id = self.postings.len() as u32;
                        self.postings.push(Posting::default());
                        self.words.insert(wd.into(), id);
                        self.dict = OnceLock::new();
                        id
                    }
                };
                self.bump(id, doc, w, block(p), &mut touched);
                len = len.saturating_add(w);
            }
        }
        for &id in &touched {
            let (tf, mask) = self.acc[id as usize];
            self.postings[id as usize].push(doc, tf, mask);
        }
        self.touched = touched;
        self.docs.resize(doc as usize, None);
        self.docs.push(Some(DocEntry { norm: norm.into_boxed_str(), segs: segs.into_boxed_slice(), len, meta }));
        self.live += 1;
        self.total_len += u64::from(len);
    }

    /// The term id of a gram, created when new.
    #[inline]
    fn gram_id(&mut self, g: u64) -> u32 {
        if g < 0x10000 {
            if self.uni.is_empty() {
                self.uni = vec![NONE; 0x10000];
                for (&k, &id) in &self.grams {
                    if k < 0x10000 {
                        self.uni[k as usize] = id;
                    }
                }
            }
            let id = self.uni[g as usize];
            if id != NONE {
                return id;
            }
        }
        let next = self.postings.len() as u32;
        let id = *self.grams.entry(g).or_insert(next);
        if id == next {
            self.postings.push(Posting::default());
        }
        if g < 0x10000 {
            self.uni[g as usize] = id;
        }
        id
    }

    /// Counts one occurrence of term `id` in document `doc`.
    #[inline]
    fn bump(&mut self, id: u32, doc: u32, weight: u32, block: u8, touched: &mut Vec<u32>) {
        let i = id as usize;
        if i >= self.stamp.len() {
            let n = self.postings.len().max(i + 1).next_power_of_two();
            self.stamp.resize(n, 0);
            self.acc.resize(n, (0, 0));
        }
        if self.stamp[i] != doc + 1 {
            self.stamp[i] = doc + 1;
            self.acc[i] = (0, 0);
            touched.push(id);
        }
        let a = &mut self.acc[i];
        a.0 = a.0.saturating_add(weight);
        a.1 |= block;
    }

    /// Forgets document `doc` (its postings are skipped from now on).
    pub fn remove(&mut self, doc: u32) -> bool {
        let Some(slot) = self.docs.get_mut(doc as usize) else { return false };
        let Some(entry) = slot.take() else { return false };
        self.live -= 1;
        self.dead += 1;
        self.total_len -= u64::from(entry.len);
        true
    }

    /// Releases spare capacity and build scratch (call after a bulk load).
    pub fn shrink(&mut self) {
        self.uni = Vec::new();
        self.stamp = Vec::new();
        self.acc = Vec::new();
        self.touched = Vec::new();
        for p in &mut self.postings {
            p.bytes.shrink_to_fit();
        }
        self.postings.shrink_to_fit();
        self.docs.shrink_to_fit();
    }

    pub fn avg_len(&self) -> f32 {
        if self.live == 0 {
            1.0
        } else {
            (self.total_len as f64 / f64::from(self.live)).max(1.0) as f32
        }
    }

    /// Re-derives the filter/facet metadata of live document `doc` (after loading).
    pub fn set_meta(&mut self, doc: u32, a: &Article) {
        let meta = self.meta_of(a);
        if let Some(Some(e)) = self.docs.get_mut(doc as usize) {
            e.meta = meta;
        }
    }

    /// Appends the index's binary form (see [`crate::codec`]).
    pub fn write<W: std::io::Write>(&self, w: &mut Writer<W>) -> std::io::Result<()> {
        let mut grams: Vec<(u64, u32)> = self.grams.iter().map(|(&k, &v)| (k, v)).collect();
        grams.sort_unstable();
        w.len(grams.len());
        for (k, v) in grams {
            w.u64(k);
            w.u32(v);
            w.piece()?;
        }
        let mut words: Vec<(&str, u32)> = self.words.iter().map(|(k, &v)| (&**k, v)).collect();
        words.sort_unstable();
        w.len(words.len());
        for (k, v) in words {
            w.bytes(k.as_bytes());
            w.u32(v);
            w.piece()?;
        }
        w.len(self.postings.len());
        for p in &self.postings {
            w.u32(p.base);
            w.u32(p.count);
            w.bytes(&p.bytes);
            w.piece()?;
        }
        w.len(self.docs.len());
        for d in &self.docs {
            match d {
                None => w.u8(0),
                Some(d) => {
                    w.u8(1);
                    w.bytes(d.norm.as_bytes());
                    w.len(d.segs.len());
                    for &s in d.segs.iter() {
                        w.u32(s);
                    }
                    w.u32(d.len);
                }
            }
            w.piece()?;
        }
        w.u32(self.dead);
        Ok(())
    }

    /// Reads what [`Index::write`] wrote; metadata is left empty (see [`Index::set_meta`]).
    pub fn read<R: std::io::Read>(r: &mut Reader<R>) -> Result<Index, String> {
        let bad = |what: &str| format!("the saved index is damaged ({what})");
        let mut ix = Index::new();
        let n = r.count(12)?;
        let mut ids: Vec<u32> = Vec::with_capacity(n);
        ix.grams.reserve(n);
        for _ in 0..n {
            let k = r.u64()?;
            let v = r.u32()?;
            ids.push(v);
            ix.grams.insert(k, v);
        }
        let n = r.count(8)?;
        ix.words.reserve(n);
        for _ in 0..n {
            let k: Box<str> = r.str()?.into();
            let v = r.u32()?;
            ids.push(v);
            ix.words.insert(k, v);
        }
        let n = r.count(12)?;
        if ids.iter().any(|&i| i as usize >= n) || ix.grams.len() + ix.words.len() != n {
            return Err(bad("term ids"));
        }
        ix.postings.reserve(n);
        for _ in 0..n {
            let base = r.u32()?;
            let count = r.u32()?;
            let bytes = r.bytes()?.to_vec();
            ix.postings.push(Posting { bytes, base, count });
        }
        let n = r.count(1)?;
        for _ in 0..n {
            if r.u8()? == 0 {
                ix.docs.push(None);
                continue;
            }
            let norm: Box<str> = r.str()?.into();
            let k = r.count(4)?;
            let mut segs = Vec::with_capacity(k);
            for _ in 0..k {
                let s = r.u32()?;
                if s as usize > norm.len() || !norm.is_char_boundary(s as usize) || segs.last().is_some_and(|&l| l > s)
                {
                    return Err(bad("segment offsets"));
                }
                segs.push(s);
            }
            let len = r.u32()?;
            ix.live += 1;
            ix.total_len += u64::from(len);
            ix.docs.push(Some(DocEntry { norm, segs: segs.into_boxed_slice(), len, meta: DocMeta::default() }));
        }
        if ix.postings.iter().any(|p| p.base as usize > ix.docs.len()) {
            return Err(bad("posting range"));
        }
        ix.dead = r.u32()?;
        Ok(ix)
    }

    /// Size figures: `(posting bytes incl. dictionary, normalised text bytes)`.
    pub fn sizes(&self) -> IndexSizes {
        let posting_bytes: usize = self.postings.iter().map(|p| p.bytes.len()).sum();
        let overhead = self.postings.len() * std::mem::size_of::<Posting>()
            + self.grams.len() * (8 + 4)
            + self.words.keys().map(|w| w.len() + 16 + 4).sum::<usize>();
        let norm_bytes = self.docs.iter().flatten().map(|d| d.norm.len() + d.segs.len() * 4).sum();
        IndexSizes {
            terms: self.postings.len(),
            posting_bytes,
            dictionary_bytes: overhead,
            normalized_text_bytes: norm_bytes,
        }
    }
}

/// Memory figures of an index.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct IndexSizes {
    /// Distinct terms (grams and words).
    pub terms: usize,
    /// Encoded posting lists.
    pub posting_bytes: usize,
    /// Term dictionary and per-term bookkeeping (estimated from entry sizes).
    pub dictionary_bytes: usize,
    /// Stored normalised text used for verification.
    pub normalized_text_bytes: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip_and_reject_truncation() {
        let mut b = Vec::new();
        for v in [0, 1, 127, 128, 300, u32::MAX] {
            put_varint(&mut b, v);
        }
        let mut pos = 0;
        for v in [0, 1, 127, 128, 300, u32::MAX] {
            assert_eq!(get_varint(&b, &mut pos), Some(v));
        }
        assert_eq!(get_varint(&[0x80], &mut 0), None);
        assert_eq!(get_varint(&[0xFF, 0xFF, 0xFF, 0xFF, 0x7F], &mut 0), None);
    }

    #[test]
    fn needs_mark_only_unigrams_bigrams_and_single_words_as_exact() {
        assert!(needs("中").1);
        assert!(needs("中国").1);
        assert!(!needs("中国人").1);
        assert!(needs("lavrov").1);
        assert!(!needs("lavrov 说").1);
        let (n, _) = needs("x ab 中");
        assert!(matches!(&n[0], Need::Word(w, Fit::Suffix) if w == "x"));
        assert!(matches!(&n[1], Need::Word(w, Fit::Exact) if w == "ab"));
    }

    #[test]
    fn date_keys_sort_and_reject_garbage() {
        assert_eq!(date_key("2024-03-22T14:10:00Z"), 20240322141000);
        assert_eq!(date_key("2022-01-21"), 20220121000000);
        assert_eq!(date_key("yesterday"), 0);
        assert_eq!(date_key("2022-1-2"), 0);
    }

    #[test]
    fn word_dict_finds_prefix_suffix_infix_exact() {
        let mut words: FxMap<Box<str>, u32> = FxMap::default();
        for (i, w) in ["trump", "lavrov", "rump", "trumpet", "111"].iter().enumerate() {
            words.insert((*w).into(), i as u32);
        }
        let d = WordDict::build(&words);
        let f = |s, fit| {
            let mut v = d.find(s, fit);
            v.sort();
            v
        };
        assert_eq!(f("rump", Fit::Exact), vec![2]);
        assert_eq!(f("rump", Fit::Suffix), vec![0, 2]);
        assert_eq!(f("trump", Fit::Prefix), vec![0, 3]);
        assert_eq!(f("rum", Fit::Infix), vec![0, 2, 3]);
        // Overlapping occurrences count: "11" ends "111".
        assert_eq!(f("11", Fit::Suffix), vec![4]);
    }
}
