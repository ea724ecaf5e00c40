//! A record's binary form inside a saved corpus ([`crate::codec`]): the
//! record's fields in declaration order, strings as length and UTF-8 bytes,
//! so restoring is copying text out, with none of JSON's parsing and escaping.
//!
//! ```text
//! record:  0 (removed) | 1 article | 2 file error
//! article: source, id, title, url?, outlet?, section?, published?, captured?,
//!          authors*, editor?, image? (src, alt?, caption?), lead?, paragraphs*,
//!          headings (count, u32 each), boilerplate*, tags*, language?,
//!          warnings*, warning codes*
//! error:   source, error, code
//! source:  path, bytes u64, sha256, format (0 none, 1 rss-dump, 2 mirror-page, 3 html), encoding?
//! ```
//! `x?` is 0, or 1 and `x`; `x*` a count, then each. Problem codes are kept
//! by name, so a code added later never shifts the others; a name this build
//! does not know reads as [`Code::Other`], as in JSON. `duplicate_of` is not
//! stored: the corpus re-derives it on load from the copy rule.
//!
//! Writing destructures every struct without `..`, so a field added to the
//! record does not compile until it is stored here too (and [`crate::codec::VERSION`] bumped).

use crate::codec::{Reader, Writer};
use crate::model::{Article, FileError, Format, Image, Record, Source};
use crate::problem::Code;
use std::io::{Read, Write};

const REMOVED: u8 = 0;
const ARTICLE: u8 = 1;
const ERROR: u8 = 2;

fn damaged(what: &str) -> String {
    format!("the saved index is damaged ({what})")
}

/// Appends one record slot (`None`: a removed record).
pub fn write<W: Write>(w: &mut Writer<W>, record: Option<&Record>) {
    match record {
        None => w.u8(REMOVED),
        Some(Record::Article(a)) => {
            w.u8(ARTICLE);
            write_article(w, a);
        }
        Some(Record::Error(e)) => {
            w.u8(ERROR);
            let FileError { source, error, code } = e;
            write_source(w, source);
            w.str(error);
            w.str(code.as_str());
        }
    }
}

fn write_article<W: Write>(w: &mut Writer<W>, a: &Article) {
    let Article {
        source,
        id,
        title,
        url,
        outlet,
        section,
        published,
        captured,
        authors,
        editor,
        image,
        lead,
        paragraphs,
        headings,
        boilerplate,
        tags,
        language,
        warnings,
        warning_codes,
        duplicate_of: _, // re-derived on load
    } = a;
    write_source(w, source);
    w.str(id);
    w.str(title);
    for field in [url, outlet, section, published, captured] {
        w.opt_str(field.as_deref());
    }
    w.strs(authors);
    w.opt_str(editor.as_deref());
    match image {
        None => w.u8(0),
        Some(Image { src, alt, caption }) => {
            w.u8(1);
            w.str(src);
            w.opt_str(alt.as_deref());
            w.opt_str(caption.as_deref());
        }
    }
    w.opt_str(lead.as_deref());
    w.strs(paragraphs);
    w.len(headings.len());
    for &h in headings {
        w.len(h);
    }
    w.strs(boilerplate);
    w.strs(tags);
    w.opt_str(language.as_deref());
    w.strs(warnings);
    w.len(warning_codes.len());
    for code in warning_codes {
        w.str(code.as_str());
    }
}

fn write_source<W: Write>(w: &mut Writer<W>, s: &Source) {
    let Source { path, bytes, sha256, format, encoding } = s;
    w.str(path);
    w.u64(*bytes);
    w.str(sha256);
    w.u8(match format {
        None => 0,
        Some(Format::RssDump) => 1,
        Some(Format::MirrorPage) => 2,
        Some(Format::Html) => 3,
    });
    w.opt_str(encoding.as_deref());
}

/// Reads one record slot as [`write`] wrote it.
pub fn read<R: Read>(r: &mut Reader<R>) -> Result<Option<Record>, String> {
    match r.u8()? {
        REMOVED => Ok(None),
        ARTICLE => Ok(Some(Record::Article(Box::new(read_article(r)?)))),
        ERROR => {
            let source = read_source(r)?;
            let error = r.string()?;
            let code = code(r.str()?);
            Ok(Some(Record::Error(FileError { source, error, code })))
        }
        _ => Err(damaged("record kind")),
    }
}

fn read_article<R: Read>(r: &mut Reader<R>) -> Result<Article, String> {
    let source = read_source(r)?;
    let id = r.string()?;
    let title = r.string()?;
    let url = r.opt_string()?;
    let outlet = r.opt_string()?;
    let section = r.opt_string()?;
    let published = r.opt_string()?;
    let captured = r.opt_string()?;
    let authors = r.strings()?;
    let editor = r.opt_string()?;
    let image = match r.u8()? {
        0 => None,
        1 => Some(Image { src: r.string()?, alt: r.opt_string()?, caption: r.opt_string()? }),
        _ => return Err(damaged("image")),
    };
    let lead = r.opt_string()?;
    let paragraphs = r.strings()?;
    let n = r.count(4)?;
    let headings = (0..n).map(|_| r.u32().map(|h| h as usize)).collect::<Result<Vec<_>, _>>()?;
    let boilerplate = r.strings()?;
    let tags = r.strings()?;
    let language = r.opt_string()?;
    let warnings = r.strings()?;
    let n = r.count(4)?;
    let warning_codes = (0..n).map(|_| r.str().map(code)).collect::<Result<Vec<_>, _>>()?;
    Ok(Article {
        source,
        id,
        title,
        url,
        outlet,
        section,
        published,
        captured,
        authors,
        editor,
        image,
        lead,
        paragraphs,
        headings,
        boilerplate,
        tags,
        language,
        warnings,
        warning_codes,
        duplicate_of: None,
    })
}

fn read_source<R: Read>(r: &mut Reader<R>) -> Result<Source, String> {
    let path = r.string()?;
    let bytes = r.u64()?;
    let sha256 = r.string()?;
    let format = match r.u8()? {
        0 => None,
        1 => Some(Format::RssDump),
        2 => Some(Format::MirrorPage),
        3 => Some(Format::Html),
        _ => return Err(damaged("format")),
    };
    let encoding = r.opt_string()?;
    Ok(Source { path, bytes, sha256, format, encoding })
}

/// The code named `name`; [`Code::Other`] for a name this build does not know.
fn code(name: &str) -> Code {
    Code::ALL.iter().copied().find(|c| c.as_str() == name).unwrap_or(Code::Other)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(record: Option<&Record>) -> Option<Record> {
        let mut w = Writer::new(Vec::new());
        write(&mut w, record);
        let bytes = w.finish().expect("a Vec takes every byte");
        let mut r = Reader::open_bytes(&bytes).expect("the header reads");
        let back = read(&mut r).expect("the record reads");
        r.done().expect("nothing trails, the checksum matches");
        back
    }

    #[test]
    fn every_field_of_an_article_round_trips() {
        let article = Article {
            source: Source {
                path: "a/文章.html".into(),
                bytes: 1 << 40,
                sha256: "ab".repeat(32),
                format: Some(Format::MirrorPage),
                encoding: Some("GBK".into()),
            },
            id: "id-1".into(),
            title: "标题".into(),
            url: Some("https://example.org/1".into()),
            outlet: Some("RFI".into()),
            section: Some("国际".into()),
            published: Some("2024-03-22T14:10:00Z".into()),
            captured: Some("2024-03-23T00:00:00Z".into()),
            authors: vec!["甲".into(), "乙".into()],
            editor: Some("丙".into()),
            image: Some(Image { src: "https://example.org/i.jpg".into(), alt: None, caption: Some("图".into()) }),
            lead: Some("导语".into()),
            paragraphs: vec!["第一段".into(), String::new(), "小标题".into()],
            headings: vec![2],
            boilerplate: vec!["感谢您的订阅".into()],
            tags: vec!["t".into()],
            language: Some("zh-Hans".into()),
            warnings: vec!["no date".into(), "later".into()],
            warning_codes: vec![Code::ALL[0], Code::Other],
            duplicate_of: None,
        };
        let record = Record::Article(Box::new(article));
        assert_eq!(round_trip(Some(&record)), Some(record));
    }

    #[test]
    fn errors_removed_slots_and_empty_articles_round_trip() {
        let error = Record::Error(FileError {
            source: Source { path: "x.bin".into(), ..Source::default() },
            error: "binary".into(),
            code: Code::ALL[Code::ALL.len() - 1],
        });
        assert_eq!(round_trip(Some(&error)), Some(error));
        assert_eq!(round_trip(None), None);
        let empty = Record::Article(Box::default());
        assert_eq!(round_trip(Some(&empty)), Some(empty));
    }

    #[test]
    fn an_unknown_record_kind_is_damage_not_a_panic() {
        let mut w = Writer::new(Vec::new());
        w.u8(9);
        let bytes = w.finish().unwrap();
        let mut r = Reader::open_bytes(&bytes).unwrap();
        assert!(read(&mut r).is_err());
    }
}
