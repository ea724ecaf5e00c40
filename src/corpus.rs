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
use crate::stories::{Clustering, Copies, Group, GroupKind, Stories};

/// Counts for the status line: files in = articles + errors, always.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    pub files: usize,
    pub articles: usize,
    pub errors: usize,
    pub duplicates: usize,
}

/// What [`Corpus::learn_boilerplate`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Learning {
    /// Distinct paragraphs learned to be furniture, over all outlets.
    pub learned: usize,
    /// Paragraphs moved to `boilerplate` by this call.
    pub hidden: usize,
    /// Articles that had any moved.
    pub articles: usize,
}

/// Records by document number (`doc`), plus the index over them.
#[derive(Default)]
pub struct Corpus {
    records: Vec<Option<Record>>,
    /// The copy rule's groups ([`crate::stories`]), kept as records are added.
    copies: Copies,
    /// Stories from the last finished [`Corpus::start_clustering`]; dropped
    /// when the corpus changes.
    stories: Option<Stories>,
    index: Index,
    /// What the last [`Corpus::learn_boilerplate`] learned (distinct
    /// paragraphs), kept until the corpus changes: learning again over the
    /// same articles learns the same and moves nothing, so it is skipped.
    /// Saved with the corpus, so a restore does not count every paragraph again.
    learned: Option<usize>,
}

impl Corpus {
    pub fn new() -> Self {
        Self::default()
    }

    /// Extracts one file and adds it; returns its document number.
    pub fn add_file(&mut self, path: &str, bytes: &[u8]) -> u32 {
        self.add_record(crate::extract(path, bytes))
    }

    /// Adds an already extracted record (marks copies of earlier articles,
    /// [`crate::stories`]'s copy rule) and indexes it if it is an article;
    /// returns its document number.
    pub fn add_record(&mut self, mut record: Record) -> u32 {
        let doc = self.records.len() as u32;
        if let Record::Article(a) = &mut record {
            a.duplicate_of = self.copies.add(doc, a).and_then(|first| self.get(first)).map(|r| r.source().path.clone());
            self.index.add(doc, a);
            self.stories = None;
            self.learned = None;
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
            self.copies = mark_copies(&mut self.records);
            self.stories = None;
            self.learned = None;
            if self.index.dead > 256 && self.index.dead > self.index.live {
                self.rebuild_index();
            }
        }
        n
    }

    /// Learns each outlet's furniture from every live article ([`crate::learn`])
    /// and moves it to the articles' `boilerplate`, out of search; re-indexes
    /// when anything moved. Learning again over the same articles moves
    /// nothing, so calling this after every load costs one counting pass,
    /// and nothing at all when no article was added or removed since the
    /// last call (this corpus's or, for a restored one, the saved corpus's).
    pub fn learn_boilerplate(&mut self) -> Learning {
        if let Some(learned) = self.learned {
            return Learning { learned, ..Learning::default() };
        }
        let learned = crate::learn::Learned::from_articles(self.iter().filter_map(|(_, r)| r.as_article()));
        let mut report = Learning { learned: learned.len(), ..Learning::default() };
        for slot in self.records.iter_mut() {
            if let Some(Record::Article(a)) = slot {
                let moved = learned.apply(a);
                report.hidden += moved;
                report.articles += (moved > 0) as usize;
            }
        }
        if report.hidden > 0 {
            self.rebuild_index();
        }
        self.learned = Some(report.learned);
        report
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
    /// A malformed query is an `Err` saying why ([`crate::search::QueryError`]).
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchResults, crate::search::QueryError> {
        let group = |doc| self.group_key(doc, options.collapse);
        crate::search::search(|doc| self.get(doc).and_then(Record::as_article), group, &self.index, query, options)
    }

    /// The document numbers [`Corpus::search`] would list for `query` (its
    /// page: `offset`, `limit`; its order), without building each hit's
    /// highlights and snippets: what an export of the current view walks.
    pub fn ranked(&self, query: &str, options: &SearchOptions) -> Result<Vec<u32>, crate::search::QueryError> {
        crate::search::ranked(&self.index, |doc| self.group_key(doc, options.collapse), query, options)
    }

    /// The corpus with its index as bytes (see [`crate::codec`]).
    pub fn to_bytes(&self) -> Result<Vec<u8>, String> {
        self.write_to(Vec::new()).map_err(|e| format!("the corpus could not be stored: {e}"))
    }

    /// Writes what [`Corpus::to_bytes`] makes to `out`, a piece
    /// ([`crate::codec::PIECE`]) at a time, so the image never exists whole in
    /// memory; returns `out`. Fails only when `out` does.
    pub fn write_to<W: std::io::Write>(&self, out: W) -> std::io::Result<W> {
        let mut w = Writer::new(out);
        w.len(self.records.len());
        for r in &self.records {
            crate::record_bytes::write(&mut w, r.as_ref());
            w.piece()?;
        }
        match self.learned {
            None => w.u8(0),
            Some(n) => {
                w.u8(1);
                w.len(n);
            }
        }
        self.index.write(&mut w)?;
        w.finish()
    }

    /// Reads what [`Corpus::to_bytes`] wrote. Damaged input, or bytes saved in
    /// another format version, is an `Err` saying which ([`LoadError`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<Corpus, LoadError> {
        Self::read_from(bytes, bytes.len() as u64)
    }

    /// Reads an image of `len` bytes from `src`, a piece at a time (see
    /// [`Corpus::from_bytes`]). Nothing is returned before the checksum over
    /// the whole image matched.
    pub fn read_from<R: std::io::Read>(src: R, len: u64) -> Result<Corpus, LoadError> {
        let mut r = Reader::open(src, len)?;
        let (records, learned) = Self::read_records(&mut r)?;
        let index = Index::read(&mut r)?;
        r.done()?;
        Self::assemble(records, learned, index)
    }

    /// The records part of what [`Corpus::to_bytes`] wrote, read from `r`
    /// (positioned after the header), with what was learned. One step of
    /// [`Corpus::from_bytes`], public so the restore benchmark
    /// (`benches/restore.rs`) can time it.
    pub fn read_records<R: std::io::Read>(
        r: &mut Reader<R>,
    ) -> Result<(Vec<Option<Record>>, Option<usize>), LoadError> {
        let n = r.count(1)?;
        let mut records = Vec::with_capacity(n);
        for _ in 0..n {
            records.push(crate::record_bytes::read(r)?);
        }
        let learned = match r.u8()? {
            0 => None,
            1 => Some(r.u32()? as usize),
            _ => return Err(LoadError::Damaged("the saved index is damaged (learning)".into())),
        };
        Ok((records, learned))
    }

    /// The last step of [`Corpus::from_bytes`]: checks that `index` covers
    /// exactly the articles of `records`, and re-derives what is not stored
    /// (the copy rule's groups, the filters' metadata).
    pub fn assemble(
        mut records: Vec<Option<Record>>,
        learned: Option<usize>,
        mut index: Index,
    ) -> Result<Corpus, LoadError> {
        if index.docs.len() > records.len() {
            return Err(LoadError::Damaged("the saved index is damaged (more indexed documents than records)".into()));
        }
        for (doc, rec) in records.iter().enumerate() {
            let indexed = index.doc(doc as u32).is_some();
            match rec {
                Some(Record::Article(a)) => {
                    if !indexed {
                        return Err(LoadError::Damaged("the saved index is damaged (article not indexed)".into()));
                    }
                    index.set_meta(doc as u32, a);
                }
                _ if indexed => {
                    return Err(LoadError::Damaged("the saved index is damaged (index entry without article)".into()))
                }
                _ => {}
            }
        }
        let copies = mark_copies(&mut records);
        Ok(Corpus { records, copies, stories: None, index, learned })
    }

    /// The copy rule's groups.
    pub fn copies(&self) -> &Copies {
        &self.copies
    }

    /// The copy groups of two or more, each with its kind (`identical` when
    /// every copy has the original's bytes, else `same-url`).
    pub fn copy_groups(&self) -> Vec<Group> {
        let article = |doc| self.get(doc).and_then(Record::as_article);
        self.copies
            .groups()
            .into_iter()
            .map(|(original, copies)| {
                let identical = copies.iter().all(|&c| {
                    let (a, o) = (article(c), article(original));
                    a.zip(o).is_some_and(|(a, o)| crate::stories::copy_kind(a, o) == Some(GroupKind::Identical))
                });
                let mut members = vec![original];
                members.extend_from_slice(copies);
                let kind = if identical { GroupKind::Identical } else { GroupKind::SameUrl };
                Group { kind, similarity: 1.0, members }
            })
            .collect()
    }

    /// The normalised body text (lead and paragraphs) of article `doc`: what stories compare.
    pub fn normalized_body(&self, doc: u32) -> Option<&str> {
        let entry = self.index.doc(doc)?;
        let start = *entry.segs.get(1)? as usize;
        entry.norm.get(start..)
    }

    /// Starts grouping the corpus's originals into stories (see
    /// [`crate::stories`]); run [`Corpus::cluster_step`] until it is done.
    pub fn start_clustering(&self) -> Clustering {
        let originals = self
            .iter()
            .filter(|(doc, r)| r.as_article().is_some() && self.copies.original(*doc).is_none())
            .map(|(doc, _)| doc)
            .collect();
        Clustering::new(originals)
    }

    /// Does up to `budget` units of `clustering`; once it is done the stories
    /// are the corpus's ([`Corpus::stories`]) and `true` is returned. A
    /// clustering started before the corpus last changed is wasted work: its
    /// result would not cover what was added, so keep calling until done and
    /// start again if the corpus changed meanwhile.
    pub fn cluster_step(&mut self, clustering: &mut Option<Clustering>, budget: usize) -> bool {
        let Some(c) = clustering.as_mut() else { return self.stories.is_some() };
        let index = &self.index;
        let text = |doc: u32| {
            let entry = index.doc(doc)?;
            entry.norm.get(*entry.segs.get(1)? as usize..)
        };
        if c.step(budget, text) {
            if let Some(done) = clustering.take() {
                self.stories = Some(done.finish(&self.copies));
            }
            return true;
        }
        false
    }

    /// Groups the whole corpus into stories at once.
    pub fn cluster(&mut self) -> &Stories {
        let mut clustering = Some(self.start_clustering());
        while !self.cluster_step(&mut clustering, usize::MAX) {}
        self.stories.get_or_insert_with(Stories::default)
    }

    /// The stories, once clustered since the corpus last changed.
    pub fn stories(&self) -> Option<&Stories> {
        self.stories.as_ref()
    }

    /// The document `doc` stands for when results collapse as `collapse` says.
    pub fn group_key(&self, doc: u32, collapse: crate::search::Collapse) -> u32 {
        use crate::search::Collapse;
        let root = self.copies.root(doc);
        match collapse {
            Collapse::None => doc,
            Collapse::Copies => root,
            Collapse::Stories => self
                .stories
                .as_ref()
                .and_then(|s| s.group(root))
                .and_then(|g| g.members.first().copied())
                .unwrap_or(root),
        }
    }
}

/// Applies the copy rule to `records` in order, setting each article's
/// `duplicate_of`; returns the groups.
fn mark_copies(records: &mut [Option<Record>]) -> Copies {
    let mut copies = Copies::default();
    let mut paths: Vec<(u32, String)> = Vec::new();
    for (doc, r) in records.iter().enumerate() {
        if let Some(Record::Article(a)) = r {
            paths.push((doc as u32, a.source.path.clone()));
        }
    }
    let path_of = |doc: u32| paths.binary_search_by_key(&doc, |p| p.0).ok().map(|i| paths[i].1.clone());
    for (doc, r) in records.iter_mut().enumerate() {
        if let Some(Record::Article(a)) = r {
            a.duplicate_of = copies.add(doc as u32, a).and_then(path_of);
        }
    }
    copies
}
