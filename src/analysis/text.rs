//! The searchable text of an article, segment by segment: the one source the
//! analysis views read (see [`super`]).

use crate::model::Article;
use serde::Serialize;

/// Where a segment of text sits in its article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Title,
    Lead,
    /// A body paragraph, by its index in `paragraphs`.
    Paragraph(usize),
}

impl Field {
    /// The name printed in JSON and CSV: `title`, `lead`, `paragraph:3`.
    pub fn name(self) -> String {
        match self {
            Field::Title => "title".into(),
            Field::Lead => "lead".into(),
            Field::Paragraph(i) => format!("paragraph:{i}"),
        }
    }
}

/// Title, lead (when there is one) and paragraphs, in reading order, each
/// with where it sits. Matches never span two segments, as in search.
pub fn segments(article: &Article) -> impl Iterator<Item = (Field, &str)> {
    std::iter::once((Field::Title, article.title.as_str()))
        .chain(article.lead.as_deref().map(|l| (Field::Lead, l)))
        .chain(article.paragraphs.iter().enumerate().map(|(i, p)| (Field::Paragraph(i), p.as_str())))
}
