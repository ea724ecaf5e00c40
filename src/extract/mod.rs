//! From one file's bytes to one [`Record`].
//!
//! The entry point is [`extract`]. It decodes the bytes ([`crate::decode`]),
//! recognises the format from the content (never from the file name alone),
//! and hands the text to the matching reader. It never panics and never
//! touches the file system or the clock: callers hand in bytes.
//!
//! The readers ([`rss`], [`mirror`], [`generic`]) share one toolkit, one
//! module per job: tree helpers ([`dom`]), the paragraph walker
//! ([`blocks`]), tags from links ([`tags`]), dates ([`dates`]), credits and
//! bylines ([`credits`]), boilerplate ([`boilerplate`]), front matter
//! ([`front_matter`]) and outlets ([`outlet`]); text helpers are in
//! [`crate::text`].

pub mod blocks;
pub mod boilerplate;
pub mod credits;
pub mod dates;
pub mod dom;
pub mod front_matter;
pub mod generic;
pub mod mirror;
pub mod outlet;
pub mod rss;
pub mod select;
pub mod tags;
pub mod trie;

use crate::model::{Article, FileError, Format, Record, Source};
use crate::problem::{Code, Problem};
use sha2::{Digest, Sha256};

/// Reads one file. `path` is only recorded (and used as a hint for error
/// messages); the format is recognised from the content.
pub fn extract(path: &str, bytes: &[u8]) -> Record {
    let mut source = Source {
        path: path.to_string(),
        bytes: bytes.len() as u64,
        sha256: sha256_hex(bytes),
        format: None,
        encoding: None,
    };
    let (text, decoding_warnings) = match crate::decode::decode(bytes) {
        Ok(decoded) => {
            source.encoding = Some(decoded.encoding.to_string());
            let warnings = decoded.warnings();
            (decoded.text, warnings)
        }
        Err(problem) => return Record::Error(FileError::new(source, problem)),
    };
    let Some(format) = detect_format(&text) else {
        return Record::Error(FileError::new(
            source,
            Problem::new(
                Code::NotArticle,
                "not a news article: the text is neither an RSS dump, a mirrored page nor an HTML page",
            ),
        ));
    };
    source.format = Some(format);
    let result = match format {
        Format::RssDump => rss::extract(&text),
        Format::MirrorPage => mirror::extract(&text),
        Format::Html => generic::extract(&text),
    };
    match result {
        Ok(mut article) => {
            article.source = source;
            for warning in decoding_warnings {
                article.warn(warning);
            }
            finish(&mut article);
            Record::Article(Box::new(article))
        }
        Err(problem) => Record::Error(FileError::new(source, problem)),
    }
}

/// Recognises the format from the decoded text.
pub fn detect_format(text: &str) -> Option<Format> {
    if rss::looks_like(text) {
        Some(Format::RssDump)
    } else if mirror::looks_like(text) {
        Some(Format::MirrorPage)
    } else if generic::looks_like(text) {
        Some(Format::Html)
    } else {
        None
    }
}

/// Fills the fields every format derives the same way, after the record is
/// made safe to show and follow ([`crate::sanitize`]: web URLs only, no
/// control or bidi-override characters, bounded title).
fn finish(article: &mut Article) {
    crate::sanitize::article(article);
    if article.id.is_empty() {
        article.id = article_id(article);
    }
    if article.language.is_none() {
        article.language = crate::text::detect_language(article);
    }
}

/// A stable id: from the canonical URL when there is one, else from the text.
fn article_id(article: &Article) -> String {
    let mut hasher = Sha256::new();
    match article.url.as_deref().map(crate::text::canonical_url) {
        Some(url) if !url.is_empty() => hasher.update(url.as_bytes()),
        _ => {
            hasher.update(article.title.as_bytes());
            for p in &article.paragraphs {
                hasher.update(b"\n");
                hasher.update(p.as_bytes());
            }
        }
    }
    hex(&hasher.finalize()[..8])
}

/// Lower-case hex SHA-256 of a file's bytes, as recorded in `source.sha256`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
