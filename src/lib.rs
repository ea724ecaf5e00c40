//! # jianbao — read scraped Chinese-language news archives
//!
//! A platform-free core: it never touches the file system, the network or the
//! clock. Callers (the native CLI, the wasm binding) hand in bytes and get
//! [`Record`]s back.
//!
//! - [`extract`] turns one file into one record ([`model`]).
//! - [`archive`] lists and reads ZIP entries safely.
//! - [`export`] writes records as JSON Lines, CSV or Markdown.
//! - [`learn`] finds each outlet's recurring paragraphs (furniture) across a corpus.
//! - [`search`] is the full-text index; [`corpus`] ties records, duplicates and the index together.
//! - [`stories`] is the copy rule and the grouping of near-duplicate stories.

#![forbid(unsafe_code)]

pub mod analysis;
pub mod archive;
pub mod codec;
pub mod corpus;
pub mod decode;
pub mod export;
pub mod extract;
pub mod learn;
pub mod model;
pub mod problem;
pub mod record_bytes;
pub mod sanitize;
pub mod search;
mod small_sort;
pub mod stories;
pub mod text;

pub use extract::extract;
pub use model::{Article, FileError, Format, Image, Record, Source};
pub use problem::{Code, Problem};
