//! The stored corpus between wasm memory and an OPFS file, through a
//! `FileSystemSyncAccessHandle` that the index worker's JS opened
//! (`www/store.js`). The core writes and reads the image a piece at a time
//! ([`jianbao::codec::PIECE`], 4 MiB) through `std::io::Write` and `Read`, so
//! neither a save nor a restore holds the whole image beside the corpus:
//! at 65,000 articles that image is over a gigabyte, and wasm32 has 4 GB.

use crate::{load_error, WasmCorpus};
use jianbao::corpus::Corpus;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{FileSystemReadWriteOptions, FileSystemSyncAccessHandle};

/// A sync access handle as a file read or written from its start. What the
/// browser throws is kept whole in `thrown` (its name, e.g.
/// `QuotaExceededError`, is what the page explains), since `std::io::Error`
/// carries only words.
struct HandleFile<'a> {
    handle: &'a FileSystemSyncAccessHandle,
    at: f64,
    thrown: Option<JsValue>,
}

impl<'a> HandleFile<'a> {
    fn new(handle: &'a FileSystemSyncAccessHandle) -> Self {
        HandleFile { handle, at: 0.0, thrown: None }
    }

    fn options(&self) -> FileSystemReadWriteOptions {
        let options = FileSystemReadWriteOptions::new();
        options.set_at(self.at);
        options
    }

    fn keep(&mut self, thrown: JsValue) -> std::io::Error {
        let words = thrown.dyn_ref::<js_sys::Error>().map_or_else(|| format!("{thrown:?}"), |e| e.message().into());
        self.thrown = Some(thrown);
        std::io::Error::other(words)
    }
}

impl std::io::Write for HandleFile<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.handle.write_with_u8_array_and_options(buf, &self.options()).map_err(|e| self.keep(e))?;
        // Chromium answers a write it refused for want of space with a count
        // past what was asked (its error code −8, "no space", as unsigned),
        // not always with an exception.
        if !(0.0..=buf.len() as f64).contains(&written) {
            return Err(std::io::Error::other(format!(
                "the browser took no more bytes ({written} reported written of {}): out of space or over quota",
                buf.len()
            )));
        }
        self.at += written;
        Ok(written as usize)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.handle.flush().map_err(|e| self.keep(e))
    }
}

impl std::io::Read for HandleFile<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.handle.read_with_u8_array_and_options(buf, &self.options()).map_err(|e| self.keep(e))?;
        if !(0.0..=buf.len() as f64).contains(&read) {
            return Err(std::io::Error::other(format!("the browser read {read} bytes of {}", buf.len())));
        }
        self.at += read;
        Ok(read as usize)
    }
}

#[wasm_bindgen]
impl WasmCorpus {
    /// Writes the corpus with its index to the file behind `handle` (from the
    /// start; the file is cut to the new length) and flushes it. Returns the
    /// bytes written. Throws what the browser throws (a `QuotaExceededError`
    /// when the origin is out of space); the file is then incomplete, which
    /// is why `www/store.js` writes into the slot that is not current.
    #[wasm_bindgen(js_name = saveTo)]
    pub fn save_to(&self, handle: &FileSystemSyncAccessHandle) -> Result<f64, JsValue> {
        handle.truncate_with_f64(0.0)?;
        let mut file = HandleFile::new(handle);
        match self.inner.write_to(&mut file) {
            Ok(file) => Ok(file.at),
            Err(error) => Err(file.thrown.take().unwrap_or_else(|| JsError::new(&error.to_string()).into())),
        }
    }

    /// Reads a corpus from the file behind `handle`, as [`WasmCorpus::save_to`]
    /// wrote it. Throws a load error ([`load_error`]) on a file it cannot
    /// read, or what the browser throws.
    #[wasm_bindgen(js_name = loadFrom)]
    pub fn load_from(handle: &FileSystemSyncAccessHandle) -> Result<WasmCorpus, JsValue> {
        let size = handle.get_size()?;
        let mut file = HandleFile::new(handle);
        match Corpus::read_from(&mut file, size as u64) {
            Ok(inner) => Ok(WasmCorpus { inner }),
            Err(error) => Err(file.thrown.take().unwrap_or_else(|| load_error(error))),
        }
    }
}
