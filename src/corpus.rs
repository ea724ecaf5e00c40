//! A loaded corpus: every record handed in, duplicate detection, and the search index.
//!
//! STUB API (owned by the search work, issue 4): the signatures below are what the
//! wasm binding and the CLI build against. Internals will be replaced.

use crate::model::Record;
use crate::search::{SearchOptions, SearchResults};
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
}

impl Corpus {
    pub fn new() -> Self {
        Self::default()
    }

    /// Extracts one file and adds it; returns its document number.
    pub fn add_file(&mut self, path: &str, bytes: &[u8]) -> u32 {
        self.add_record(crate::extract(path, bytes))
    }

    /// Adds an already extracted record (marks byte-identical duplicates); returns its document number.
    pub fn add_record(&mut self, mut record: Record) -> u32 {
        let doc = self.records.len() as u32;
        if let Record::Article(a) = &mut record {
            if let Some(&first) = self.by_sha.get(&a.source.sha256) {
                a.duplicate_of = self.get(first).map(|r| r.source().path.clone());
            } else {
                self.by_sha.insert(a.source.sha256.clone(), doc);
            }
        }
        self.records.push(Some(record));
        doc
    }

    /// Removes every record whose source path is `path`; returns how many.
    pub fn remove_path(&mut self, path: &str) -> usize {
        let mut n = 0;
        for slot in &mut self.records {
            if slot.as_ref().is_some_and(|r| r.source().path == path) {
                *slot = None;
                n += 1;
            }
        }
        n
    }

    pub fn get(&self, doc: u32) -> Option<&Record> {
        self.records.get(doc as usize)?.as_ref()
    }

    /// Live records with their document numbers, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &Record)> {
        self.records.iter().enumerate().filter_map(|(i, r)| Some((i as u32, r.as_ref()?)))
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

    /// Runs a query (see [`crate::search`] for the language).
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchResults, String> {
        crate::search::naive_search(self, query, options)
    }
}
