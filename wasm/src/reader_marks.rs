//! The query's matches in the reader's text: the core finds them (with the
//! search's normaliser, so `國安法` marks `国安法`); the page only wraps the
//! ranges it is given in `<mark>`.

use crate::{to_js, utf16_ranges, WasmCorpus};
use jianbao::model::Record;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[derive(Serialize)]
struct BodyMarks {
    /// UTF-16 ranges in the lead (only when `start` is 0).
    lead: Vec<(u32, u32)>,
    /// UTF-16 ranges in each paragraph from `start`, one list per paragraph.
    paragraphs: Vec<Vec<(u32, u32)>>,
}

#[wasm_bindgen]
impl WasmCorpus {
    /// Where `query`'s text terms occur in `doc`'s lead (when `start` is 0)
    /// and in at most `max` of its paragraphs from `start`:
    /// `{ lead, paragraphs }` of UTF-16 ranges. A malformed query, or a
    /// document that is not an article, marks nothing.
    #[wasm_bindgen(js_name = bodyMarks)]
    pub fn body_marks(&self, doc: u32, query: &str, start: usize, max: usize) -> Result<JsValue, JsError> {
        let Some(article) = self.inner.get(doc).and_then(Record::as_article) else {
            return to_js(&BodyMarks { lead: Vec::new(), paragraphs: Vec::new() });
        };
        let start = start.min(article.paragraphs.len());
        let end = start.saturating_add(max).min(article.paragraphs.len());
        let paragraphs = &article.paragraphs[start..end];
        let lead = article.lead.as_deref().filter(|_| start == 0);
        let texts = lead.into_iter().chain(paragraphs.iter().map(String::as_str));
        let mut marks = jianbao::search::text_marks(query, texts).unwrap_or_default().into_iter();
        let lead = lead.map_or_else(Vec::new, |text| utf16_ranges(text, &marks.next().unwrap_or_default()));
        let paragraphs = paragraphs.iter().map(|text| utf16_ranges(text, &marks.next().unwrap_or_default())).collect();
        to_js(&BodyMarks { lead, paragraphs })
    }
}
