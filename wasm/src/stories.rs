//! Copies and stories for the page ([`jianbao::stories`]): the links the
//! reader shows, and the grouping into stories run a slice at a time in the
//! index worker (`www/index-stories.js`), so searches go on meanwhile and
//! the page shows progress.

use crate::{to_js, WasmCorpus};
use jianbao::model::Record;
use jianbao::stories::Clustering;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// A grouping into stories under way (made by [`WasmCorpus::start_clustering`]).
#[wasm_bindgen]
pub struct WasmClustering {
    job: Option<Clustering>,
    total: usize,
}

#[wasm_bindgen]
impl WasmClustering {
    /// Work units in all.
    pub fn total(&self) -> usize {
        self.total
    }

    /// Work units done.
    pub fn done(&self) -> usize {
        self.job.as_ref().map_or(self.total, Clustering::done)
    }
}

/// Another article of the same group, as the reader links it.
#[derive(Serialize)]
struct Link<'a> {
    doc: u32,
    id: &'a str,
    title: &'a str,
    outlet: Option<&'a str>,
    path: &'a str,
}

/// What the reader shows of `doc`'s group.
#[derive(Serialize)]
struct Links<'a> {
    /// The original, when `doc` is a copy.
    original: Option<Link<'a>>,
    /// The copies, when `doc` is an original.
    copies: Vec<Link<'a>>,
    /// The other originals of its story (near-duplicates), when grouped.
    story: Vec<Link<'a>>,
}

#[wasm_bindgen]
impl WasmCorpus {
    /// Starts grouping the corpus into stories; run [`WasmCorpus::cluster_step`].
    #[wasm_bindgen(js_name = startClustering)]
    pub fn start_clustering(&self) -> WasmClustering {
        let job = self.inner.start_clustering();
        WasmClustering { total: job.total(), job: Some(job) }
    }

    /// Does up to `budget` units of `job`; `true` once the stories are the corpus's.
    #[wasm_bindgen(js_name = clusterStep)]
    pub fn cluster_step(&mut self, job: &mut WasmClustering, budget: usize) -> bool {
        self.inner.cluster_step(&mut job.job, budget)
    }

    /// Whether stories are known for the corpus as it is now.
    #[wasm_bindgen(js_name = hasStories)]
    pub fn has_stories(&self) -> bool {
        self.inner.stories().is_some()
    }

    /// `{ original, copies, story }`: the articles of `doc`'s group, each
    /// `{ doc, id, title, outlet, path }`.
    #[wasm_bindgen(js_name = groupLinks)]
    pub fn group_links(&self, doc: u32) -> Result<JsValue, JsError> {
        let link = |d: u32| {
            let a = self.inner.get(d).and_then(Record::as_article)?;
            Some(Link { doc: d, id: &a.id, title: &a.title, outlet: a.outlet.as_deref(), path: &a.source.path })
        };
        let copies = self.inner.copies();
        let root = copies.root(doc);
        let story = self.inner.stories().and_then(|s| s.group(root)).map_or(Vec::new(), |g| {
            g.members.iter().filter(|&&m| m != root && copies.original(m).is_none()).filter_map(|&m| link(m)).collect()
        });
        let links = Links {
            original: copies.original(doc).and_then(link),
            copies: copies.copies(doc).iter().filter_map(|&c| link(c)).collect(),
            story,
        };
        to_js(&links)
    }
}
