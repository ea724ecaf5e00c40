//! wasm-bindgen layer over the jianbao core, hosted by the page's Web Worker. TODO (issue 3).
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
