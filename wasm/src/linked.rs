//! The article a link names (the page's URL fragment, `doc=<id>`), found in
//! the index worker: the page holds only the cards it lists, so it cannot
//! look the id up itself.

use crate::WasmCorpus;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl WasmCorpus {
    /// The document number of the live article whose `id` is `id` (the
    /// first, when copies share it), or `undefined`.
    #[wasm_bindgen(js_name = docOfId)]
    pub fn doc_of_id(&self, id: &str) -> Option<u32> {
        self.inner.iter().find(|(_, r)| r.as_article().is_some_and(|a| a.id == id)).map(|(doc, _)| doc)
    }
}
