//! The stored corpus between wasm memory and an OPFS file, through a
//! `FileSystemSyncAccessHandle` that the index worker's JS opened
//! (`www/store.js`). The core writes and reads the image a piece at a time
//! ([`jianbao::codec::PIECE`], 4 MiB) through `std::io::Write` and `Read`, so
//! neither a save nor a restore holds the whole image beside the corpus:
//! at 65,000 articles that image is over a gigabyte, and wasm32 has 4 GB.

use crate::{load_error, WasmCorpus};
use jianbao::codec::{LoadError, Reader};
use jianbao::corpus::Corpus;
use jianbao::search::index::Index;
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
    /// Milliseconds spent in the browser's reads (for [`last_load_timings`]).
    reading: f64,
}

impl<'a> HandleFile<'a> {
    fn new(handle: &'a FileSystemSyncAccessHandle) -> Self {
        HandleFile { handle, at: 0.0, thrown: None, reading: 0.0 }
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
        let start = js_sys::Date::now();
        let read = self.handle.read_with_u8_array_and_options(buf, &self.options()).map_err(|e| self.keep(e));
        self.reading += js_sys::Date::now() - start;
        let read = read?;
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
    /// read, or what the browser throws. Where the time went is kept for
    /// [`last_load_timings`].
    #[wasm_bindgen(js_name = loadFrom)]
    pub fn load_from(handle: &FileSystemSyncAccessHandle) -> Result<WasmCorpus, JsValue> {
        let size = handle.get_size()?;
        let mut file = HandleFile::new(handle);
        let mut timings = LoadTimings::default();
        match load_timed(&mut file, size as u64, &mut timings) {
            Ok(inner) => {
                timings.file_reads = file.reading;
                LAST_LOAD.with(|last| last.set(Some(timings)));
                Ok(WasmCorpus { inner })
            }
            Err(error) => Err(file.thrown.take().unwrap_or_else(|| load_error(error))),
        }
    }
}

/// Where the last [`WasmCorpus::load_from`] spent its time, in milliseconds.
/// Each step includes the file reads and the checksum of the bytes it
/// consumed; `file_reads` is the browser's reads alone, over all steps.
#[derive(Clone, Copy, Default, serde::Serialize)]
struct LoadTimings {
    records: f64,
    index: f64,
    end: f64,
    assemble: f64,
    file_reads: f64,
}

thread_local! {
    static LAST_LOAD: std::cell::Cell<Option<LoadTimings>> = const { std::cell::Cell::new(None) };
}

/// [`Corpus::read_from`], step by step, with the time of each step.
fn load_timed(file: &mut HandleFile, size: u64, timings: &mut LoadTimings) -> Result<Corpus, LoadError> {
    let now = js_sys::Date::now;
    let start = now();
    let mut r = Reader::open(file, size)?;
    let (records, learned) = Corpus::read_records(&mut r)?;
    let records_read = now();
    let index = Index::read(&mut r)?;
    let index_read = now();
    r.done()?;
    let ended = now();
    let corpus = Corpus::assemble(records, learned, index)?;
    *timings = LoadTimings {
        records: records_read - start,
        index: index_read - records_read,
        end: ended - index_read,
        assemble: now() - ended,
        file_reads: 0.0,
    };
    Ok(corpus)
}

/// `{ records, index, end, assemble, file_reads }` in milliseconds for the
/// last stored corpus read in this worker (`null` before one): what the
/// restore benchmark (`tests/e2e/restore-bench.mjs`) and the browser's
/// performance panel show.
#[wasm_bindgen(js_name = lastLoadTimings)]
pub fn last_load_timings() -> Result<JsValue, JsError> {
    crate::to_js(&LAST_LOAD.with(|last| last.get()))
}
