//! TODO: reader for this format.

use crate::model::Article;

pub fn looks_like(_text: &str) -> bool {
    false
}

pub fn extract(_text: &str) -> Result<Article, String> {
    Err("not implemented".into())
}
