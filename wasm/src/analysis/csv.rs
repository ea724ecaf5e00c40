//! CSV tables for the page's worker, written by the core's CSV rule
//! ([`jianbao::export::write_csv_row`]) so that every CSV the project makes
//! quotes the same way.

use jianbao::export::{write_csv_header, write_csv_row};
use wasm_bindgen::prelude::*;

/// A CSV file: the byte order mark, the `columns` header row, then `cells`
/// in rows of `columns.len()` (row after row), each row ended by CRLF.
#[wasm_bindgen(js_name = csvTable)]
pub fn csv_table(columns: Vec<String>, cells: Vec<String>) -> Result<String, JsError> {
    let width = columns.len();
    if width == 0 || !cells.len().is_multiple_of(width) {
        return Err(JsError::new(&format!("{} cells do not make rows of {width} columns", cells.len())));
    }
    let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    let written = write_csv_header(&mut out, &columns)
        .and_then(|()| cells.chunks(width).try_for_each(|row| write_csv_row(&mut out, row)));
    written.map_err(|e| JsError::new(&e.to_string()))?;
    // Only whole strings and ASCII punctuation went in.
    String::from_utf8(out).map_err(|e| JsError::new(&e.to_string()))
}
