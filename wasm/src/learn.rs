//! Boilerplate learned from the loaded corpus ([`jianbao::learn`]), for the
//! index worker (`www/index-learn.js`), which asks after each load and
//! after a restore.

use crate::{to_js, WasmCorpus};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl WasmCorpus {
    /// Learns each outlet's furniture from every article and moves it to the
    /// articles' `boilerplate`, out of search (re-indexing when anything
    /// moved): `{ learned, hidden, articles }` (see `jianbao::corpus::Learning`).
    #[wasm_bindgen(js_name = learnBoilerplate)]
    pub fn learn_boilerplate(&mut self) -> Result<JsValue, JsError> {
        to_js(&self.inner.learn_boilerplate())
    }
}
