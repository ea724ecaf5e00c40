//! Keyword in context: **every** occurrence of a query's text terms in the
//! articles the query finds, with its left and right context.
//!
//! Occurrences are found with the search engine's normaliser
//! ([`crate::search::normalize`]), so `國安法` finds `国安法` and a match
//! across collapsed white space or invisible characters still matches; each
//! is mapped back to the article's own text, so `match`, `left` and `right`
//! are verbatim. Within one segment ([`super::text::segments`]) occurrences
//! are non-overlapping, taken leftmost first (the longest term wins a tie):
//! the row count of an article is the number of non-overlapping occurrences
//! in its title, lead and paragraphs (`tests/analysis_properties.rs`).
//! `title:` terms count in the title only; metadata and date filters choose
//! articles but match no text.

use super::text::{segments, Field};
use crate::corpus::Corpus;
use crate::search::normalize::{normalize, Mapped};
use crate::search::{parse, Atom, SearchOptions};
use serde::Serialize;

/// Characters of context either side of a match by default.
pub const DEFAULT_WIDTH: usize = 40;

/// One occurrence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    /// The article's document number in the corpus.
    pub doc: u32,
    pub path: String,
    pub id: String,
    pub field: Field,
    /// Byte offset of the match in its segment (to open the article there).
    pub start: usize,
    pub left: String,
    #[serde(rename = "match")]
    pub matched: String,
    pub right: String,
}

/// The orders the table offers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    /// Article order, then reading order.
    #[default]
    Text,
    /// By the context just left of the match, nearest character first.
    Left,
    /// By the context just right of the match.
    Right,
}

impl std::str::FromStr for SortBy {
    type Err = String;
    fn from_str(name: &str) -> Result<SortBy, String> {
        match name {
            "text" => Ok(SortBy::Text),
            "left" => Ok(SortBy::Left),
            "right" => Ok(SortBy::Right),
            _ => Err(format!("the concordance sorts by text, left or right, not `{name}`")),
        }
    }
}

/// Byte ranges of `text` where a needle (normalised) occurs: non-overlapping,
/// leftmost first, the longer needle first at one position.
pub fn occurrences(text: &str, needles: &[String]) -> Vec<(usize, usize)> {
    let needles: Vec<&String> = needles.iter().filter(|n| !n.is_empty()).collect();
    if needles.is_empty() {
        return Vec::new();
    }
    let mapped = Mapped::new(text);
    let mut found: Vec<(usize, usize)> = Vec::new();
    for needle in needles {
        let finder = crate::search::byte_rank::finder(needle.as_bytes());
        found.extend(finder.find_iter(mapped.text.as_bytes()).map(|p| (p, p + needle.len())));
    }
    found.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut taken_to = 0;
    let mut out = Vec::new();
    for (a, b) in found {
        if a < taken_to {
            continue;
        }
        taken_to = b;
        if let Some(range) = mapped.original(a, b) {
            out.push(range);
        }
    }
    out
}

fn last_chars(s: &str, n: usize) -> &str {
    let cut = s.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
    if n == 0 {
        ""
    } else {
        &s[cut..]
    }
}

fn first_chars(s: &str, n: usize) -> &str {
    let cut = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    &s[..cut]
}

/// Every occurrence of `query`'s text terms in the articles it finds, in
/// document order, with `width` characters of context either side.
pub fn concordance(corpus: &Corpus, query: &str, width: usize) -> Result<Vec<Row>, String> {
    let q = parse(query)?;
    let mut body: Vec<String> = Vec::new();
    let mut title: Vec<String> = Vec::new();
    for atom in q.clauses.iter().filter(|c| !c.negated).flat_map(|c| &c.alts) {
        match atom {
            Atom::Text(t) => {
                body.push(t.clone());
                title.push(t.clone());
            }
            Atom::Title(t) => title.push(t.clone()),
            _ => {}
        }
    }
    let mut docs = corpus.ranked(query, &SearchOptions::default())?;
    docs.sort_unstable();
    let mut rows = Vec::new();
    for doc in docs {
        let Some(a) = corpus.get(doc).and_then(|r| r.as_article()) else { continue };
        let entry = corpus.indexed(doc);
        for (field, text) in segments(a) {
            let needles = if field == Field::Title { &title } else { &body };
            // The index's normalised copy says cheaply whether the segment
            // holds a needle at all; only those are normalised again, with offsets.
            let k = match field {
                Field::Title => 0,
                Field::Lead => 1,
                Field::Paragraph(i) => i.saturating_add(2),
            };
            if let Some(norm) = entry.map(|e| e.seg(k)) {
                if !needles.iter().any(|n| !n.is_empty() && norm.contains(n.as_str())) {
                    continue;
                }
            }
            for (s, e) in occurrences(text, needles) {
                rows.push(Row {
                    doc,
                    path: a.source.path.clone(),
                    id: a.id.clone(),
                    field,
                    start: s,
                    left: last_chars(&text[..s], width).to_string(),
                    matched: text[s..e].to_string(),
                    right: first_chars(&text[e..], width).to_string(),
                });
            }
        }
    }
    Ok(rows)
}

/// Sorts rows in place; ties keep article and reading order. Contexts are
/// compared normalised, so Traditional and Simplified neighbours sort together.
pub fn sort_rows(rows: &mut [Row], by: SortBy) {
    match by {
        SortBy::Text => rows.sort_by_key(|r| (r.doc, r.field_order(), r.start)),
        SortBy::Left => rows.sort_by_cached_key(|r| (normalize(&r.left).chars().rev().collect::<String>(), r.doc)),
        SortBy::Right => rows.sort_by_cached_key(|r| (normalize(&r.right), r.doc)),
    }
}

impl Row {
    fn field_order(&self) -> usize {
        match self.field {
            Field::Title => 0,
            Field::Lead => 1,
            Field::Paragraph(i) => i.saturating_add(2),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_finds_simplified_and_match_is_verbatim() {
        let text = "香港國安法生效，国安法";
        let got = occurrences(text, &[normalize("國安法")]);
        let words: Vec<&str> = got.iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(words, ["國安法", "国安法"]);
    }

    #[test]
    fn occurrences_do_not_overlap_and_span_invisible_characters() {
        assert_eq!(occurrences("aaaa", &["aa".into()]).len(), 2);
        let text = "国\u{200B}安法";
        assert_eq!(occurrences(text, &["国安法".into()]), [(0, text.len())]);
    }

    #[test]
    fn contexts_are_cut_to_width_in_characters() {
        assert_eq!(last_chars("一二三四", 2), "三四");
        assert_eq!(last_chars("一", 5), "一");
        assert_eq!(last_chars("一", 0), "");
        assert_eq!(first_chars("一二三四", 3), "一二三");
    }
}
