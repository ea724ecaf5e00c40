//! Full-text search over a corpus. STUB (issue 4 replaces it).

use crate::corpus::Corpus;
use serde::Serialize;

#[derive(Clone, Debug, Default)]
pub struct SearchOptions {
    /// `None`: by relevance; `Some(true)`: newest first; `Some(false)`: oldest first.
    pub newest_first: Option<bool>,
    pub limit: Option<usize>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct SearchResults {
    /// Number of matching articles (hits may be truncated by `limit`).
    pub total: usize,
    pub hits: Vec<Hit>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    pub doc: u32,
    pub id: String,
    pub score: f32,
    /// Byte ranges of matches in the title.
    pub title_matches: Vec<(usize, usize)>,
    pub snippets: Vec<Snippet>,
}

/// A keyword-in-context excerpt; `matches` are byte ranges within `text`.
#[derive(Clone, Debug, Serialize)]
pub struct Snippet {
    pub text: String,
    pub matches: Vec<(usize, usize)>,
}

pub(crate) fn naive_search(corpus: &Corpus, query: &str, options: &SearchOptions) -> Result<SearchResults, String> {
    let q = query.trim();
    let mut hits = Vec::new();
    for (doc, r) in corpus.iter() {
        let Some(a) = r.as_article() else { continue };
        let found = q.is_empty() || a.title.contains(q) || a.paragraphs.iter().any(|p| p.contains(q));
        if found {
            let title_matches = if q.is_empty() { vec![] } else { a.title.match_indices(q).map(|(i, m)| (i, i + m.len())).collect() };
            hits.push(Hit { doc, id: a.id.clone(), score: 1.0, title_matches, snippets: vec![] });
        }
    }
    let total = hits.len();
    if let Some(l) = options.limit {
        hits.truncate(l);
    }
    Ok(SearchResults { total, hits })
}
