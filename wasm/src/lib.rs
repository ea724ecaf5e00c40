//! wasm-bindgen layer over the jianbao core, hosted by the page's Web Workers:
//! the extraction workers (`www/extract-worker.js`) turn file bytes into
//! records ([`extract_file`], [`WasmZip`]); the index worker
//! (`www/index-worker.js`) holds a [`WasmCorpus`] and adds those records
//! ([`WasmCorpus::add_records`]) and writes exports of a view in chunks
//! ([`WasmCorpus::start_export`], [`WasmCorpus::export_chunk`]).
//!
//! Records travel between the workers as *record lines*: one record per line,
//! serialised exactly as `jianbao extract` prints it (serde_json, no newline
//! inside), joined with `\n`. That costs one serialisation and one parse per
//! file, and the page can keep the bytes to refill a fresh index worker.
//!
//! Thin on purpose: extraction, duplicate detection and search live in the
//! core ([`jianbao::corpus::Corpus`]). This layer only
//! - moves records in and out as record lines,
//! - shapes records into the small *summaries* the card list needs,
//! - converts the core's byte offsets into UTF-16 code units (what JS strings index),
//! - turns every failure into a JS error or an error record, never a panic,
//! - moves the stored corpus ([`Corpus::to_bytes`]) between wasm memory and an
//!   OPFS file through web-sys's `FileSystemSyncAccessHandle`, a piece at a
//!   time (`src/opfs.rs`: `WasmCorpus::save_to`, `WasmCorpus::load_from`). The worker's JS
//!   opens the handle (three awaited calls; the directory walk, the slots and
//!   the IndexedDB fallback are in `www/store.js`); the bytes, hundreds of
//!   megabytes for a large archive, are read and written here, straight from
//!   and into wasm memory, never copied into a JS buffer.

#[cfg(target_arch = "wasm32")]
mod alloc;
mod analysis;
mod decoder;
mod learn;
mod linked;
mod opfs;
mod reader_marks;
mod stories;

use jianbao::archive;
use jianbao::codec::LoadError;
use jianbao::corpus::Corpus;
use jianbao::export::{ExportFormat, Exporter};
use jianbao::model::{Article, FileError, Image, Record};
use jianbao::problem::{Code, Problem};
use jianbao::search::{Facets, SearchOptions, SearchResults};
use serde::{Deserialize, Serialize};
use std::io::Cursor;
use wasm_bindgen::prelude::*;

/// The serializer every value leaving this crate goes through: plain objects
/// (not `Map`s) and `null` for missing values, so results survive
/// `postMessage` and read like the CLI's JSON.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    let serializer =
        serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true).serialize_maps_as_objects(true);
    value.serialize(&serializer).map_err(|e| JsError::new(&e.to_string()))
}

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
    decoder::install();
}

/// The core's version, shown in the page's footer.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The search normaliser (NFKC, case folding, Traditional → Simplified, white
/// space collapsed): what queries and article text are compared in. Used by
/// the in-browser benchmark (`benches/browser/`) for its brute-force ground truth.
#[wasm_bindgen]
pub fn normalize(text: &str) -> String {
    jianbao::search::normalize(text)
}

/// What a card shows: one per input file, articles and problems alike.
#[derive(Serialize)]
struct Summary<'a> {
    doc: u32,
    path: &'a str,
    bytes: u64,
    format: Option<&'static str>,
    id: Option<&'a str>,
    title: Option<&'a str>,
    url: Option<&'a str>,
    outlet: Option<&'a str>,
    section: Option<&'a str>,
    published: Option<&'a str>,
    captured: Option<&'a str>,
    image: Option<&'a Image>,
    /// The lead, else the start of the first paragraph.
    lead: Option<String>,
    tags: &'a [String],
    language: Option<&'a str>,
    duplicate_of: Option<&'a str>,
    /// Set (and every article field empty) when the file is not an article.
    error: Option<&'a str>,
    /// The error's stable code (`empty`, `binary`, `zip-empty`…), with `error`.
    code: Option<&'static str>,
}

/// Longest excerpt a card shows when an article has no lead, in characters.
const EXCERPT_CHARS: usize = 240;

fn excerpt(text: &str) -> String {
    jianbao::text::excerpt(text, EXCERPT_CHARS).into_owned()
}

fn summary(doc: u32, record: &Record) -> Summary<'_> {
    let source = record.source();
    let mut s = Summary {
        doc,
        path: &source.path,
        bytes: source.bytes,
        format: source.format.map(|f| f.as_str()),
        id: None,
        title: None,
        url: None,
        outlet: None,
        section: None,
        published: None,
        captured: None,
        image: None,
        lead: None,
        tags: &[],
        language: None,
        duplicate_of: None,
        error: None,
        code: None,
    };
    match record {
        Record::Article(a) => {
            s.id = Some(&a.id);
            s.title = Some(&a.title);
            s.url = a.url.as_deref();
            s.outlet = a.outlet.as_deref();
            s.section = a.section.as_deref();
            s.published = a.published.as_deref();
            s.captured = a.captured.as_deref();
            s.image = a.image.as_ref();
            s.lead = a.lead.clone().or_else(|| a.paragraphs.first().map(|p| excerpt(p)));
            s.tags = &a.tags;
            s.language = a.language.as_deref();
            s.duplicate_of = a.duplicate_of.as_deref();
        }
        Record::Error(e) => {
            s.error = Some(&e.error);
            s.code = Some(e.code.as_str());
        }
    }
    s
}

/// Converts byte ranges within `text` into UTF-16 code unit ranges, dropping
/// any range that does not fall on character boundaries.
fn utf16_ranges(text: &str, ranges: &[(usize, usize)]) -> Vec<(u32, u32)> {
    let at = |byte: usize| -> Option<u32> { text.get(..byte).map(|prefix| prefix.encode_utf16().count() as u32) };
    ranges.iter().filter(|(start, end)| start < end).filter_map(|&(start, end)| Some((at(start)?, at(end)?))).collect()
}

/// Snippets a card shows at most.
const CARD_SNIPPETS: usize = 2;

/// Options the page passes to [`WasmCorpus::search`]; every field optional.
#[derive(Deserialize, Default)]
#[serde(default)]
struct JsSearchOptions {
    /// `"relevance"` (default), `"newest"` or `"oldest"`.
    sort: Option<String>,
    limit: Option<usize>,
    offset: usize,
    /// Count outlet/section/tag/… values over the whole result set.
    facets: bool,
    /// `"none"` (default), `"copies"` or `"stories"` ([`jianbao::search::Collapse`]).
    collapse: Option<String>,
    /// The page at once, the total perhaps an upper bound (`estimatedTotal`
    /// in the reply): [`SearchOptions::quick_total`].
    #[serde(rename = "quickTotal")]
    quick_total: bool,
}

/// The core's collapse from its name (`none` when absent); an unknown name throws.
fn collapse_of(name: Option<&str>) -> Result<jianbao::search::Collapse, JsError> {
    name.unwrap_or("none").parse().map_err(|e: String| JsError::new(&e))
}

#[derive(Serialize)]
struct JsSnippet {
    text: String,
    /// UTF-16 ranges within `text`.
    marks: Vec<(u32, u32)>,
}

#[derive(Serialize)]
struct JsHit<'a> {
    doc: u32,
    /// What the hit's card shows: the list gets cards with its hits, a page
    /// at a time, so no card crosses to the page before it is listed.
    card: Summary<'a>,
    score: f32,
    /// UTF-16 ranges within the article's title.
    title_marks: Vec<(u32, u32)>,
    /// The snippets a card shows, joined into one line by the core
    /// ([`jianbao::search::snippet::join`]); absent when there are none.
    snippet: Option<JsSnippet>,
    /// Articles in this hit's group of copies (1: no copies).
    copies: usize,
    /// Articles in its story, copies included (1: none known).
    story: usize,
}

/// What [`WasmCorpus::search`] returns for a malformed query: `{ error: { code, message, … } }`.
#[derive(Serialize)]
struct JsQueryError {
    error: jianbao::search::QueryError,
}

#[derive(Serialize)]
struct JsResults<'a> {
    total: usize,
    #[serde(rename = "estimatedTotal")]
    estimated_total: bool,
    hits: Vec<JsHit<'a>>,
    facets: Option<&'a Facets>,
}

/// One record as a record line: the CLI's JSON, without a newline.
fn record_line(record: &Record) -> Vec<u8> {
    // Serialising strings, numbers and lists cannot fail; should it ever, the
    // file still becomes one (error) line, so files in = articles + problems.
    serde_json::to_vec(record).unwrap_or_else(|e| {
        let source = record.source();
        let problem = Problem::new(Code::Internal, format!("internal error: the record could not be serialised ({e})"));
        let fallback = archive::error_record(source.path.clone(), source.bytes, problem);
        serde_json::to_vec(&fallback).unwrap_or_else(|_| b"{}".to_vec())
    })
}

/// Reads one record line back. Articles are tried first (the common case,
/// and an error line fails that attempt within its few bytes); a line that
/// is neither becomes an error record keeping whatever path it names, so it
/// is still one file accounted for.
fn parse_record_line(line: &[u8]) -> Record {
    if let Ok(article) = serde_json::from_slice::<Box<Article>>(line) {
        return Record::Article(article);
    }
    if let Ok(error) = serde_json::from_slice::<FileError>(line) {
        return Record::Error(error);
    }
    let value: serde_json::Value = serde_json::from_slice(line).unwrap_or_default();
    let path = value.pointer("/source/path").and_then(|p| p.as_str()).unwrap_or("(unknown file)");
    let bytes = value.pointer("/source/bytes").and_then(|b| b.as_u64()).unwrap_or(0);
    let problem = Problem::new(Code::Internal, "internal error: the extracted record could not be read back");
    archive::error_record(path.to_string(), bytes, problem)
}

/// The lines of a batch of record lines (none for an empty batch).
fn record_lines(batch: &[u8]) -> impl Iterator<Item = &[u8]> {
    batch.split(|&b| b == b'\n').filter(move |_| !batch.is_empty())
}

/// Extracts one file (not a ZIP archive) into its record line: the work of
/// an extraction worker. Never fails: a file that is not an article is an
/// error record. A ZIP entry comes with what the archive reader noticed about
/// it (`warning_code` and `warning_message`, from [`WasmZip::next_entry`]),
/// which its article then carries.
#[wasm_bindgen(js_name = extractFile)]
pub fn extract_file(
    path: String,
    bytes: Vec<u8>,
    warning_code: Option<String>,
    warning_message: Option<String>,
) -> Vec<u8> {
    let warning = warning_message.map(|message| {
        // A code this build does not know reads as `other`, as in any record.
        let code = serde_json::from_value(serde_json::Value::String(warning_code.unwrap_or_default()));
        Problem::new(code.unwrap_or(Code::Other), message)
    });
    record_line(&archive::Entry::File { path, bytes, warning }.into_record())
}

/// A ZIP archive being read entry by entry (so the page can show progress,
/// spread the entries over its extraction workers and cancel between
/// entries). Made by [`open_zip`].
#[wasm_bindgen]
pub struct WasmZip {
    entries: archive::Entries<Cursor<Vec<u8>>>,
    files: usize,
}

#[wasm_bindgen]
impl WasmZip {
    /// Entries not read yet (directories included).
    pub fn remaining(&self) -> usize {
        self.entries.remaining()
    }

    /// Records this archive yields in all, counted when it was opened: its
    /// files (every entry of a repeated name, no folders), plus one for a
    /// problem that ends the listing, or 1 for an archive that is empty or
    /// cannot be opened. The progress bar's total.
    pub fn files(&self) -> usize {
        self.files
    }

    /// The next entry, or `undefined` once the archive is exhausted:
    /// `{ path, bytes, warning }` for a file to extract (`bytes` a
    /// `Uint8Array`; `warning`, if any, `{ code, message }` for
    /// [`extract_file`]), or `{ path, record }` (a record line) for an entry
    /// that could not be read.
    #[wasm_bindgen(js_name = nextEntry)]
    pub fn next_entry(&mut self) -> Result<JsValue, JsError> {
        let Some(entry) = self.entries.next() else { return Ok(JsValue::UNDEFINED) };
        let item = js_sys::Object::new();
        let set = |key: &str, value: &JsValue| {
            js_sys::Reflect::set(&item, &JsValue::from_str(key), value)
                .map(|_| ())
                .map_err(|_| JsError::new("could not build a ZIP entry object"))
        };
        set("path", &JsValue::from_str(entry.path()))?;
        match entry {
            archive::Entry::File { bytes, warning, .. } => {
                set("bytes", &js_sys::Uint8Array::from(&bytes[..]).into())?;
                if let Some(warning) = warning {
                    let object = js_sys::Object::new();
                    let (code, message) =
                        (JsValue::from_str(warning.code.as_str()), JsValue::from_str(&warning.message));
                    for (key, value) in [("code", code), ("message", message)] {
                        js_sys::Reflect::set(&object, &JsValue::from_str(key), &value)
                            .map_err(|_| JsError::new("could not build a ZIP entry object"))?;
                    }
                    set("warning", &object.into())?;
                }
            }
            unread => set("record", &js_sys::Uint8Array::from(&record_line(&unread.into_record())[..]).into())?,
        }
        Ok(item.into())
    }
}

/// True when `prefix` (the first bytes of a file) starts like a ZIP archive.
#[wasm_bindgen(js_name = isZip)]
pub fn is_zip(prefix: &[u8]) -> bool {
    archive::is_zip(prefix)
}

/// Opens an archive held in memory; entry paths read `name/inner/path`. A
/// corrupt or empty archive yields a single error entry for `name` itself.
#[wasm_bindgen(js_name = openZip)]
pub fn open_zip(name: &str, bytes: Vec<u8>) -> WasmZip {
    let entries = archive::entries(name, Cursor::new(bytes), archive::Limits::default());
    WasmZip { files: entries.records_remaining(), entries }
}

/// The reader's first page of an article: a record with at most
/// `max_paragraphs` paragraphs and about `max_bytes` of paragraph text (at
/// least one paragraph, however long), plus `paragraph_count`.
#[derive(Serialize)]
struct ReaderRecord<'a> {
    #[serde(flatten)]
    record: &'a Record,
    paragraph_count: usize,
}

/// How many paragraphs from `start` fit in a page of `max_paragraphs` and
/// `max_bytes` of text; always at least one when any is left.
fn page_end(paragraphs: &[String], start: usize, max_paragraphs: usize, max_bytes: usize) -> usize {
    let start = start.min(paragraphs.len());
    let mut end = start;
    let mut bytes = 0;
    for p in &paragraphs[start..] {
        if end > start && (end - start >= max_paragraphs || bytes + p.len() > max_bytes) {
            break;
        }
        bytes += p.len();
        end += 1;
    }
    end
}

/// An export of a view being written (made by [`WasmCorpus::start_export`]):
/// the view's document numbers, fixed when it started, and the core's
/// exporter, drained by each [`WasmCorpus::export_chunk`].
#[wasm_bindgen]
pub struct WasmExport {
    docs: Vec<u32>,
    next: usize,
    format: ExportFormat,
    exporter: Exporter<Vec<u8>>,
}

#[wasm_bindgen]
impl WasmExport {
    /// Articles in the view: what the export holds when it is done.
    pub fn total(&self) -> usize {
        self.docs.len()
    }

    /// Articles written so far.
    pub fn done(&self) -> usize {
        self.next
    }

    /// The file's media type (for its Blob), e.g. `text/csv; charset=utf-8`.
    #[wasm_bindgen(js_name = mediaType)]
    pub fn media_type(&self) -> String {
        self.format.media_type().to_string()
    }
}

/// The name of an export file of the view `query`, made on `date`
/// (`YYYY-MM-DD`): `jianbao-香港-2024-03-22.jsonl` (the core's rule, [`jianbao::export::file_name`]).
#[wasm_bindgen(js_name = exportFileName)]
pub fn export_file_name(query: &str, date: &str, format: &str) -> Result<String, JsError> {
    let format: ExportFormat = format.parse().map_err(|e: String| JsError::new(&e))?;
    Ok(jianbao::export::file_name(query, date, format))
}

/// A corpus living in the worker: files go in as bytes, summaries, articles
/// and search results come out as plain JS objects.
#[wasm_bindgen]
pub struct WasmCorpus {
    inner: Corpus,
}

impl Default for WasmCorpus {
    fn default() -> Self {
        Self::new()
    }
}

#[wasm_bindgen]
impl WasmCorpus {
    #[wasm_bindgen(constructor)]
    pub fn new() -> WasmCorpus {
        WasmCorpus { inner: Corpus::new() }
    }

    /// Extracts one file and adds it. Returns its summary: an article's card
    /// fields, or `error` with the reason the file is not an article.
    #[wasm_bindgen(js_name = addFile)]
    pub fn add_file(&mut self, path: &str, bytes: &[u8]) -> Result<JsValue, JsError> {
        let doc = self.inner.add_file(path, bytes);
        self.summary(doc)
    }

    /// Reads a whole ZIP archive held in memory and adds every entry (paths
    /// read `name/inner/path`). Returns one summary per entry; an archive that
    /// cannot be opened becomes a single error summary.
    #[wasm_bindgen(js_name = addZip)]
    pub fn add_zip(&mut self, name: &str, bytes: Vec<u8>) -> Result<JsValue, JsError> {
        self.add_zip_entries(&mut open_zip(name, bytes), usize::MAX)
    }

    /// Adds up to `max` more entries of `zip`; returns their summaries (an
    /// empty array once the archive is exhausted).
    #[wasm_bindgen(js_name = addZipEntries)]
    pub fn add_zip_entries(&mut self, zip: &mut WasmZip, max: usize) -> Result<JsValue, JsError> {
        let docs: Vec<u32> =
            zip.entries.by_ref().take(max).map(|entry| self.inner.add_record(entry.into_record())).collect();
        self.summaries(&docs)
    }

    /// Adds a batch of record lines (from [`extract_file`] and
    /// [`WasmZip::next_entry`]); returns one summary per line, in order.
    #[wasm_bindgen(js_name = addRecords)]
    pub fn add_records(&mut self, batch: &[u8]) -> Result<JsValue, JsError> {
        let docs: Vec<u32> = record_lines(batch).map(|line| self.inner.add_record(parse_record_line(line))).collect();
        self.summaries(&docs)
    }

    fn summaries(&self, docs: &[u32]) -> Result<JsValue, JsError> {
        let summaries: Vec<Summary> = docs.iter().filter_map(|&doc| Some(summary(doc, self.inner.get(doc)?))).collect();
        to_js(&summaries)
    }

    /// What the reader opens with: the record of `doc` (as [`WasmCorpus::get`])
    /// with only a first page of paragraphs (at most `max_paragraphs`, about
    /// `max_bytes` of text, at least one), and `paragraph_count`, the total;
    /// [`WasmCorpus::paragraphs`] serves the rest. `null` when there is none.
    /// So an article of a million paragraphs reaches the page a page at a time.
    #[wasm_bindgen(js_name = getHead)]
    pub fn get_head(&self, doc: u32, max_paragraphs: usize, max_bytes: usize) -> Result<JsValue, JsError> {
        let Some(record) = self.inner.get(doc) else { return Ok(JsValue::NULL) };
        let Record::Article(article) = record else { return to_js(&ReaderRecord { record, paragraph_count: 0 }) };
        let paragraph_count = article.paragraphs.len();
        let end = page_end(&article.paragraphs, 0, max_paragraphs, max_bytes);
        if end == paragraph_count {
            return to_js(&ReaderRecord { record, paragraph_count });
        }
        // Only articles longer than a page get here and pay for one copy (the
        // corpus lends its records immutably); the page's JS then holds a page,
        // not the whole article.
        let mut head = (**article).clone();
        head.paragraphs.truncate(end);
        to_js(&ReaderRecord { record: &Record::Article(Box::new(head)), paragraph_count })
    }

    /// Paragraphs of `doc` from `start`: at most `max_paragraphs`, about
    /// `max_bytes` of text, at least one while any is left (an empty array
    /// past the end, or for a document that is not an article).
    pub fn paragraphs(
        &self,
        doc: u32,
        start: usize,
        max_paragraphs: usize,
        max_bytes: usize,
    ) -> Result<JsValue, JsError> {
        let paragraphs = self.inner.get(doc).and_then(Record::as_article).map_or(&[][..], |a| &a.paragraphs[..]);
        let start = start.min(paragraphs.len());
        to_js(&paragraphs[start..page_end(paragraphs, start, max_paragraphs, max_bytes)])
    }

    /// The card summary of document `doc`, or `null` when there is none.
    pub fn summary(&self, doc: u32) -> Result<JsValue, JsError> {
        match self.inner.get(doc) {
            Some(record) => to_js(&summary(doc, record)),
            None => Ok(JsValue::NULL),
        }
    }

    /// The full record of document `doc` (the CLI's JSON), or `null`.
    pub fn get(&self, doc: u32) -> Result<JsValue, JsError> {
        match self.inner.get(doc) {
            Some(record) => to_js(record),
            None => Ok(JsValue::NULL),
        }
    }

    /// Removes every record read from `path`; returns how many.
    pub fn remove(&mut self, path: &str) -> usize {
        self.inner.remove_path(path)
    }

    /// Runs a query in the core's query language.
    /// `options`: `{ sort: "relevance" | "newest" | "oldest", limit, offset, facets, collapse, quickTotal }`.
    /// A malformed query returns `{ error: { code, message, field, example,
    /// value, quote, close, max } }` (see [`jianbao::search::QueryError`]).
    pub fn search(&self, query: &str, options: JsValue) -> Result<JsValue, JsError> {
        let options: JsSearchOptions = if options.is_undefined() || options.is_null() {
            JsSearchOptions::default()
        } else {
            serde_wasm_bindgen::from_value(options).map_err(|e| JsError::new(&format!("search options: {e}")))?
        };
        // The core's one rule for sort names: an unknown name throws, never means relevance.
        let sort: jianbao::search::Sort =
            options.sort.as_deref().unwrap_or("relevance").parse().map_err(|e: String| JsError::new(&e))?;
        let core_options = SearchOptions {
            newest_first: sort.newest_first(),
            limit: options.limit,
            offset: options.offset,
            facets: options.facets,
            collapse: collapse_of(options.collapse.as_deref())?,
            quick_total: options.quick_total,
        };
        let results: SearchResults = match self.inner.search(query, &core_options) {
            Ok(results) => results,
            // A malformed query is an answer, not a failure: its stable code
            // and parts let the page say it in the reader's language.
            Err(error) => return to_js(&JsQueryError { error }),
        };
        let hits = results
            .hits
            .iter()
            .filter_map(|hit| {
                let record = self.inner.get(hit.doc)?;
                let title = record.as_article().map_or("", |a| a.title.as_str());
                let copies = self.inner.copies();
                let root = copies.root(hit.doc);
                Some(JsHit {
                    card: summary(hit.doc, record),
                    copies: 1 + copies.copies(root).len(),
                    story: self.inner.stories().and_then(|s| s.group(root)).map_or(1, |g| g.members.len()),
                    doc: hit.doc,
                    score: hit.score,
                    title_marks: utf16_ranges(title, &hit.title_matches),
                    snippet: jianbao::search::snippet::join(&hit.snippets, CARD_SNIPPETS)
                        .map(|s| JsSnippet { marks: utf16_ranges(&s.text, &s.matches), text: s.text }),
                })
            })
            .collect();
        to_js(&JsResults {
            total: results.total,
            estimated_total: results.estimated_total,
            hits,
            facets: results.facets.as_ref(),
        })
    }

    /// Starts exporting the view `query` sorted by `sort` (as [`WasmCorpus::search`]
    /// lists it: every article when the query is empty) in `format` (`jsonl`,
    /// `csv` or `md`), collapsed as the list is (`collapse`: `none`, `copies`
    /// or `stories`; absent is `none`). A malformed query, sort, format or
    /// collapse throws a readable `Error`.
    #[wasm_bindgen(js_name = startExport)]
    pub fn start_export(
        &self,
        query: &str,
        sort: &str,
        format: &str,
        collapse: Option<String>,
    ) -> Result<WasmExport, JsError> {
        let format: ExportFormat = format.parse().map_err(|e: String| JsError::new(&e))?;
        let sort: jianbao::search::Sort = sort.parse().map_err(|e: String| JsError::new(&e))?;
        let options = SearchOptions {
            newest_first: sort.newest_first(),
            collapse: collapse_of(collapse.as_deref())?,
            ..SearchOptions::default()
        };
        let docs = self.inner.ranked(query, &options).map_err(|e| JsError::new(&e.to_string()))?;
        let exporter = Exporter::new(format, Vec::new()).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(WasmExport { docs, next: 0, format, exporter })
    }

    /// The next bytes of `export`: up to `max_articles` more articles (the
    /// first chunk also holds the format's start, e.g. CSV's header), or an
    /// empty array once every article is written. A document removed since
    /// the export started is skipped.
    #[wasm_bindgen(js_name = exportChunk)]
    pub fn export_chunk(&self, export: &mut WasmExport, max_articles: usize) -> Result<Vec<u8>, JsError> {
        let end = export.next.saturating_add(max_articles.max(1)).min(export.docs.len());
        for &doc in &export.docs[export.next..end] {
            if let Some(record) = self.inner.get(doc) {
                export.exporter.write(record).map_err(|e| JsError::new(&e.to_string()))?;
            }
        }
        export.next = end;
        Ok(export.exporter.take_bytes())
    }

    /// `{ files, articles, errors, duplicates }`: files = articles + errors.
    pub fn stats(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.stats())
    }

    /// Summaries of the files numbered from `start` that are not articles
    /// (problems), at most `max` of them (`[]` past the last), as one JSON
    /// array: what a restore sends the page's problem list, a chunk at a time.
    /// Articles' cards come with the hits that list them ([`WasmCorpus::search`]),
    /// so restoring 65,000 articles sends none. JSON rather than JS objects
    /// because a chunk crosses to the page whole: one string to post and one
    /// `JSON.parse` there cost a third of building and cloning the objects.
    #[wasm_bindgen(js_name = problemsFrom)]
    pub fn problems_from(&self, start: u32, max: usize) -> Result<String, JsError> {
        let summaries: Vec<Summary> = self
            .inner
            .errors()
            .filter(|&(doc, _)| doc >= start)
            .take(max)
            .filter_map(|(doc, _)| Some(summary(doc, self.inner.get(doc)?)))
            .collect();
        serde_json::to_string(&summaries).map_err(|e| JsError::new(&e.to_string()))
    }

    /// One past the highest document number (holes included).
    #[wasm_bindgen(js_name = docEnd)]
    pub fn doc_end(&self) -> u32 {
        self.inner.doc_end()
    }

    /// The corpus with its index as bytes ([`Corpus::to_bytes`]), for a store
    /// that needs them in JS (the IndexedDB fallback).
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Result<Vec<u8>, JsError> {
        self.inner.to_bytes().map_err(|e| JsError::new(&e))
    }

    /// Reads what [`WasmCorpus::to_bytes`] made. Throws a load error (see
    /// [`load_error`]) on bytes it cannot read.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> Result<WasmCorpus, JsValue> {
        Corpus::from_bytes(bytes).map(|inner| WasmCorpus { inner }).map_err(load_error)
    }
}

/// A JS `Error` for saved bytes the core cannot read, with `code`
/// (`version`, `damaged` or `not-a-corpus`, [`LoadError::code`]) and, for
/// another format version, `found` and `supported`: the page says which,
/// and offers to clear what it cannot read.
pub(crate) fn load_error(error: LoadError) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    js.set_name("LoadError");
    let set = |key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(&js, &JsValue::from_str(key), &value);
    };
    set("code", JsValue::from_str(error.code()));
    if let LoadError::Version { found, supported } = error {
        set("found", JsValue::from(found));
        set("supported", JsValue::from(supported));
    }
    js.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_ranges_count_code_units_not_bytes() {
        // "布林肯" is 9 bytes and 3 UTF-16 units; "𠀀" is 4 bytes and 2 units.
        let text = "𠀀 布林肯 Blinken";
        let start = text.find("布林肯").unwrap();
        let latin = text.find("Blinken").unwrap();
        assert_eq!(utf16_ranges(text, &[(start, start + 9), (latin, latin + 7)]), vec![(3, 6), (7, 14)]);
    }

    #[test]
    fn utf16_ranges_drop_ranges_off_char_boundaries() {
        assert_eq!(utf16_ranges("布林肯", &[(1, 3), (0, 99), (3, 3)]), vec![]);
    }

    #[test]
    fn excerpt_cuts_on_characters() {
        let long = "字".repeat(EXCERPT_CHARS + 5);
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), EXCERPT_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(excerpt("短"), "短");
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
#[path = "../tests/web.rs"]
mod web;
