//! A loaded corpus: every record handed in, duplicate detection, and the search index.
//!
//! Records are numbered in the order they are added (`doc`, a `u32`); numbers
//! are never reused, so a removed record leaves a hole. Every article —
//! duplicates included — is indexed as it is added; file errors are kept,
//! counted and listable ([`Corpus::errors`]) but never searchable. Removing a
//! path drops its records from results at once; the index's dead postings are
//! reclaimed by a rebuild once they outnumber the live documents.

use crate::codec::{LoadError, Reader, Writer};
use crate::model::{FileError, Record};
use crate::search::index::Index;
use crate::search::{IndexSizes, SearchOptions, SearchResults};
use std::collections::HashMap;

/// Counts for the status line: files in = articles + errors, always.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    pub files: usize,
    pub articles: usize,
    pub errors: usize,
    pub duplicates: usize,
}

/// Records by document number (`doc`), plus the index over them.
#[derive(Default)]
pub struct Corpus {
    records: Vec<Option<Record>>,
    by_sha: HashMap<String, u32>,
    index: Index,
}

impl Corpus {
    pub fn new() -> Self {
        Self::default()
    }

    /// Extracts one file and adds it; returns its document number.
    pub fn add_file(&mut self, path: &str, bytes: &[u8]) -> u32 {
        self.add_record(crate::extract(path, bytes))
    }

    /// Adds an already extracted record (marks byte-identical duplicates) and
    /// indexes it if it is an article; returns its document number.
    pub fn add_record(&mut self, mut record: Record) -> u32 {
        let doc = self.records.len() as u32;
        if let Record::Article(a) = &mut record {
            if let Some(&first) = self.by_sha.get(&a.source.sha256) {
                a.duplicate_of = self.get(first).map(|r| r.source().path.clone());
            } else {
                self.by_sha.insert(a.source.sha256.clone(), doc);
            }
            self.index.add(doc, a);
        }
        self.records.push(Some(record));
        doc
    }

    /// Removes every record whose source path is `path`; returns how many.
    pub fn remove_path(&mut self, path: &str) -> usize {
        let mut n = 0;
        for (doc, slot) in self.records.iter_mut().enumerate() {
            if slot.as_ref().is_some_and(|r| r.source().path == path) {
                *slot = None;
                self.index.remove(doc as u32);
                n += 1;
            }
        }
        if n > 0 {
            let records = &self.records;
            self.by_sha.retain(|_, doc| records.get(*doc as usize).is_some_and(Option::is_some));
            if self.index.dead > 256 && self.index.dead > self.index.live {
                self.rebuild_index();
            }
        }
        n
    }

    /// Re-creates the index from the live records (drops dead postings).
    pub fn rebuild_index(&mut self) {
        let mut index = Index::new();
        for (doc, r) in self.records.iter().enumerate() {
            if let Some(Record::Article(a)) = r {
                index.add(doc as u32, a);
            }
        }
        index.shrink();
        self.index = index;
    }

    /// Releases spare memory after a bulk load.
    pub fn shrink(&mut self) {
        self.index.shrink();
        self.records.shrink_to_fit();
    }

    pub fn get(&self, doc: u32) -> Option<&Record> {
        self.records.get(doc as usize)?.as_ref()
    }

    /// One past the highest document number given so far (holes included):
    /// where the next record goes, and the end for walking every document.
    pub fn doc_end(&self) -> u32 {
        self.records.len() as u32
    }

    /// Live records with their document numbers, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &Record)> {
        self.records.iter().enumerate().filter_map(|(i, r)| Some((i as u32, r.as_ref()?)))
    }

    /// Files that could not be read as articles, with their document numbers.
    pub fn errors(&self) -> impl Iterator<Item = (u32, &FileError)> {
        self.iter().filter_map(|(doc, r)| match r {
            Record::Error(e) => Some((doc, e)),
            Record::Article(_) => None,
        })
    }

    pub fn stats(&self) -> Stats {
        let mut s = Stats::default();
        for (_, r) in self.iter() {
            s.files += 1;
            match r {
                Record::Article(a) => {
                    s.articles += 1;
                    s.duplicates += a.duplicate_of.is_some() as usize;
                }
                Record::Error(_) => s.errors += 1,
            }
        }
        s
    }

    /// The normalised text the index holds for `doc` (title, lead, paragraphs
    /// as segments 0, 1, 2…), so views need not normalise text again to test it.
    pub(crate) fn indexed(&self, doc: u32) -> Option<&crate::search::index::DocEntry> {
        self.index.doc(doc)
    }

    /// Memory figures of the search index.
    pub fn index_sizes(&self) -> IndexSizes {
        self.index.sizes()
    }

    /// Runs a query (see [`crate::search`] for the language and the guarantees).
    /// A malformed query is an `Err` with a sentence for the user.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchResults, String> {
        crate::search::search(|doc| self.get(doc).and_then(Record::as_article), &self.index, query, options)
    }

    /// The document numbers [`Corpus::search`] would list for `query` (its
    /// page: `offset`, `limit`; its order), without building each hit's
    /// highlights and snippets: what an export of the current view walks.
    pub fn ranked(&self, query: &str, options: &SearchOptions) -> Result<Vec<u32>, String> {
        crate::search::ranked(&self.index, query, options)
    }

    /// The corpus with its index as bytes (see [`crate::codec`]). Fails only
    /// if a record cannot be serialised, which would be a bug; it is never
    /// written as something unreadable.
    pub fn to_bytes(&self) -> Result<Vec<u8>, String> {
        let mut w = Writer::new();
        w.len(self.records.len());
        for r in &self.records {
            match r {
                None => w.u8(0),
                Some(r) => {
                    w.u8(1);
                    let json = serde_json::to_vec(r)
                        .map_err(|e| format!("{}: the record cannot be stored: {e}", r.source().path))?;
                    w.bytes(&json);
                }
            }
        }
        self.index.write(&mut w);
        Ok(w.finish())
    }

    /// Reads what [`Corpus::to_bytes`] wrote. Damaged input, or bytes saved in
    /// another format version, is an `Err` saying which ([`LoadError`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<Corpus, LoadError> {
        let mut r = Reader::open(bytes)?;
        let n = r.count(1)?;
        let mut records = Vec::with_capacity(n);
        for _ in 0..n {
            if r.u8()? == 0 {
                records.push(None);
            } else {
                let rec: Record = serde_json::from_slice(r.bytes()?)
                    .map_err(|e| format!("the saved index is damaged (record: {e})"))?;
                records.push(Some(rec));
            }
        }
        let mut index = Index::read(&mut r)?;
        r.done()?;
        if index.docs.len() > records.len() {
            return Err(LoadError::Damaged("the saved index is damaged (more indexed documents than records)".into()));
        }
        let mut by_sha = HashMap::new();
        for (doc, rec) in records.iter().enumerate() {
            let indexed = index.doc(doc as u32).is_some();
            match rec {
                Some(Record::Article(a)) => {
                    if !indexed {
                        return Err(LoadError::Damaged("the saved index is damaged (article not indexed)".into()));
                    }
                    if a.duplicate_of.is_none() {
                        by_sha.entry(a.source.sha256.clone()).or_insert(doc as u32);
                    }
                    index.set_meta(doc as u32, a);
                }
                _ if indexed => {
                    return Err(LoadError::Damaged("the saved index is damaged (index entry without article)".into()))
                }
                _ => {}
            }
        }
        Ok(Corpus { records, by_sha, index })
    }
}
