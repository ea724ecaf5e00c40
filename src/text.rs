//! Text clean-up shared by the readers.

use crate::model::Article;

/// Collapses runs of white space to one space, drops white space between two
/// CJK characters (pretty-printed HTML breaks lines inside sentences), trims.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            let prev = out.chars().next_back().unwrap_or(' ');
            if !(is_cjk(prev) || is_cjk(c)) {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// Han characters, CJK punctuation and full-width forms: scripts written without spaces.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F |
        0x3190..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF |
        0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3134F)
}

/// A URL in a form that identifies the article: scheme-less host lower-cased,
/// no fragment, no trailing slash, no doubled slashes in the path.
pub fn canonical_url(url: &str) -> String {
    // TODO: percent-decoding case, tracking parameters.
    let url = url.trim();
    let url = url.split('#').next().unwrap_or("");
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let mut path = path.to_string();
    while path.contains("//") {
        path = path.replace("//", "/");
    }
    format!("{}/{}", host.to_ascii_lowercase(), path.trim_end_matches('/'))
}

/// Guesses the language from the title and text.
pub fn detect_language(_article: &Article) -> Option<String> {
    None // TODO
}
