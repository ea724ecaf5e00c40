//! The article record: what one input file becomes.
//!
//! Field names are a public contract (users script against the JSON Lines the
//! CLI prints and the page exports); add fields, never rename them.

use crate::problem::{Code, Problem};
use serde::{Deserialize, Serialize};

/// Which reader understood a file.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// `<!--epoch-ms-->`, `[title](url)`, `------`, then the article's HTML.
    RssDump,
    /// `### title`, `---`, navigation, HTML body, `---`, `原文链接…：url`.
    MirrorPage,
    /// Any other HTML page, read by the generic fallback.
    Html,
}

impl Format {
    /// The name used in JSON and in `format:` search filters.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::RssDump => "rss-dump",
            Format::MirrorPage => "mirror-page",
            Format::Html => "html",
        }
    }
}

/// Where a record came from: the file as it was handed in.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Source {
    /// The path as given, or `archive.zip/inner/path` for archive entries.
    pub path: String,
    /// Size of the raw file in bytes.
    pub bytes: u64,
    /// Lower-case hex SHA-256 of the raw bytes (byte-identical duplicates share it).
    pub sha256: String,
    /// `None` when no reader recognised the file.
    pub format: Option<Format>,
    /// The character encoding the text was decoded from (`UTF-8`, `GBK`, `Big5`, `UTF-16LE`…).
    pub encoding: Option<String>,
}

/// The article's lead image.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Image {
    pub src: String,
    pub alt: Option<String>,
    pub caption: Option<String>,
}

/// One article, extracted from one file.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Article {
    pub source: Source,
    /// Stable id: derived from the canonical URL, else from the content.
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    /// Readable publisher name (from the URL's host), e.g. `RFI`, `The Epoch Times`.
    pub outlet: Option<String>,
    pub section: Option<String>,
    /// UTC RFC 3339 (`2024-03-22T14:10:00Z`) when a time is known,
    /// `YYYY-MM-DD` when only the date is, `None` when unknown.
    pub published: Option<String>,
    /// When the dump was taken (`<!--epoch-ms-->`), UTC RFC 3339.
    pub captured: Option<String>,
    pub authors: Vec<String>,
    pub editor: Option<String>,
    pub image: Option<Image>,
    pub lead: Option<String>,
    pub paragraphs: Vec<String>,
    /// Which paragraphs are subheadings (`<h2>`…`<h6>` in the page), as
    /// ascending indexes into `paragraphs`, which stays a list of strings.
    /// Absent when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headings: Vec<usize>,
    /// Paragraphs learned from the corpus to be the outlet's furniture
    /// (subscription appeals, recurring footers: see [`crate::learn`]), moved
    /// out of `paragraphs` so that search, snippets and statistics skip them;
    /// kept here so a reader can show them. Empty unless learning ran.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boilerplate: Vec<String>,
    pub tags: Vec<String>,
    /// BCP 47 tag guessed from the text: `zh-Hans`, `zh-Hant`, `en`…
    pub language: Option<String>,
    /// Anything the reader was unsure of, in English (see `warning_codes`).
    pub warnings: Vec<String>,
    /// The stable code of each warning, in the same order as `warnings`.
    #[serde(default)]
    pub warning_codes: Vec<Code>,
    /// Set by a corpus when an earlier file had the same bytes: that file's path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
}

/// A file that could not be read as an article.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct FileError {
    pub source: Source,
    /// What is wrong, in words a user understands.
    pub error: String,
    /// What is wrong, as a stable code (see [`crate::problem`]).
    #[serde(default)]
    pub code: Code,
}

impl FileError {
    pub fn new(source: Source, problem: Problem) -> Self {
        FileError { source, error: problem.message, code: problem.code }
    }
}

impl Article {
    /// Records a warning: its sentence in `warnings`, its code in `warning_codes`.
    pub fn warn(&mut self, problem: Problem) {
        self.warnings.push(problem.message);
        self.warning_codes.push(problem.code);
    }

    /// Records a warning unless one with the same code is there already.
    pub fn warn_once(&mut self, problem: Problem) {
        if !self.warning_codes.contains(&problem.code) {
            self.warn(problem);
        }
    }
}

/// What one input file becomes: exactly one of these, never nothing.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(untagged)]
pub enum Record {
    Article(Box<Article>),
    Error(FileError),
}

impl Record {
    pub fn source(&self) -> &Source {
        match self {
            Record::Article(a) => &a.source,
            Record::Error(e) => &e.source,
        }
    }

    pub fn as_article(&self) -> Option<&Article> {
        match self {
            Record::Article(a) => Some(a),
            Record::Error(_) => None,
        }
    }
}
