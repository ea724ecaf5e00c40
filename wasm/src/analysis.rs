//! The analysis views for the page's worker: timeline, trends and
//! concordance, straight from the core ([`jianbao::analysis`]).

use crate::{collapse_of, to_js, WasmCorpus};
use jianbao::analysis::{concordance, timeline};
use wasm_bindgen::prelude::*;

mod csv;

fn timeline_options(
    by: &str,
    utc_offset_minutes: i32,
    split_outlet: bool,
    collapse: Option<&str>,
) -> Result<timeline::TimelineOptions, JsError> {
    let by = by.parse::<timeline::Period>().map_err(|e| JsError::new(&e))?;
    Ok(timeline::TimelineOptions { by, utc_offset_minutes, split_outlet, collapse: collapse_of(collapse)? })
}

#[wasm_bindgen]
impl WasmCorpus {
    /// Bars for `query`: `[{period, outlet?, count, from, to}]` (see the core),
    /// collapsed as the list is (`collapse`: `none`, the default, `copies` or `stories`).
    pub fn timeline(
        &self,
        query: &str,
        by: &str,
        utc_offset_minutes: i32,
        split_outlet: bool,
        collapse: Option<String>,
    ) -> Result<JsValue, JsError> {
        let options = timeline_options(by, utc_offset_minutes, split_outlet, collapse.as_deref())?;
        to_js(&timeline::timeline(&self.inner, query, &options).map_err(|e| JsError::new(&e))?)
    }

    /// Hits per 1,000 articles per period for up to five terms:
    /// `[{term, period, hits, articles, per_1000}]`, collapsed as the list is.
    pub fn trends(
        &self,
        query: &str,
        terms: Vec<String>,
        by: &str,
        utc_offset_minutes: i32,
        collapse: Option<String>,
    ) -> Result<JsValue, JsError> {
        let options = timeline_options(by, utc_offset_minutes, false, collapse.as_deref())?;
        let terms: Vec<&str> = terms.iter().map(String::as_str).collect();
        to_js(&timeline::trends(&self.inner, query, &terms, &options).map_err(|e| JsError::new(&e))?)
    }

    /// Every occurrence of `query` in context, sorted by `sort` (`text`,
    /// `left` or `right`): `[{doc, path, id, field, start, left, match, right}]`.
    pub fn concordance(&self, query: &str, width: usize, sort: &str) -> Result<JsValue, JsError> {
        let by = sort.parse::<concordance::SortBy>().map_err(|e| JsError::new(&e))?;
        let mut rows = concordance::concordance(&self.inner, query, width).map_err(|e| JsError::new(&e))?;
        concordance::sort_rows(&mut rows, by);
        to_js(&rows)
    }
}
