//! Jekyll front matter, as found before some RSS dumps and HTML pages:
//!
//! ```text
//! ---
//! layout: post
//! title: "[兩岸] 被控 \"x\""
//! date: 2020-07-22T00:15:00.000Z
//! author: RTI 中央廣播電臺
//! from: https://www.rti.org.tw/news/view/id/2073012
//! tags: [ RTI 中央廣播電臺 ]
//! ---
//! ```
//!
//! Only the YAML the dump bots write is read: one `key: value` per line,
//! values plain, "double-quoted" (with `\"`, `\\`, `\n` escapes) or
//! 'single-quoted', lists as `[a, b]`. Other lines (continuations, comments,
//! lines a bad copy damaged) are passed over: a damaged key must not make a
//! dump unreadable.

/// The fields of front matter the readers use.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    /// The raw `date:` value (often the feed's or the capture's time, not the outlet's).
    pub date: Option<String>,
    /// The feed's name more often than a person's.
    pub author: Option<String>,
    /// The article's URL: `from:` (the dump bots' key), `url:` or `link:`.
    pub from: Option<String>,
    pub url: Option<String>,
    pub link: Option<String>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
}

impl FrontMatter {
    /// The article's URL, by the keys in the order the bots use them.
    pub fn article_url(&self) -> Option<&str> {
        [&self.from, &self.url, &self.link].into_iter().flatten().map(|u| u.trim()).find(|u| !u.is_empty())
    }
}

/// How far the closing `---` may be.
const LIMIT: usize = 16 * 1024;

/// Splits leading front matter from the text. Returns `(None, text)` when
/// the text does not open with a `---` line closed by another within 16 KiB.
pub fn split(text: &str) -> (Option<FrontMatter>, &str) {
    let t = text.trim_start_matches('\u{feff}').trim_start_matches(['\n', '\r', ' ', '\t']);
    let Some(after_open) = t.strip_prefix("---") else { return (None, text) };
    let Some(after_open) = after_open.strip_prefix('\n').or_else(|| after_open.strip_prefix("\r\n")) else {
        return (None, text);
    };
    let mut offset = 0;
    let mut fm = FrontMatter::default();
    for line in after_open.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        offset += line.len();
        if bare.trim_end() == "---" {
            return (Some(fm), &after_open[offset..]);
        }
        if offset > LIMIT {
            break;
        }
        // Continuations, comments and lines a bad copy damaged are passed over.
        let Some((key, value)) = bare.split_once(':') else { continue };
        let value = value.trim();
        let scalar = || Some(yaml_scalar(value));
        match key.trim().to_ascii_lowercase().as_str() {
            "title" => fm.title = scalar(),
            "date" => fm.date = scalar(),
            "author" => fm.author = scalar(),
            "from" => fm.from = scalar(),
            "url" => fm.url = scalar(),
            "link" => fm.link = scalar(),
            "tags" => fm.tags = yaml_list(value),
            "categories" => fm.categories = yaml_list(value),
            _ => {}
        }
    }
    (None, text)
}

/// A YAML scalar as written by the dump bots: plain, "double-quoted" (with
/// `\"` and `\\` escapes) or 'single-quoted'.
fn yaml_scalar(v: &str) -> String {
    let v = v.trim();
    if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') {
        let inner = &v[1..v.len() - 1];
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(other) => out.push(other),
                    None => out.push('\\'),
                }
            } else {
                out.push(c);
            }
        }
        out
    } else if v.len() >= 2 && v.starts_with('\'') && v.ends_with('\'') {
        v[1..v.len() - 1].replace("''", "'")
    } else {
        v.to_string()
    }
}

/// `[ a, b ]` → `["a", "b"]`.
fn yaml_list(v: &str) -> Vec<String> {
    let v = v.trim();
    let inner = v.strip_prefix('[').and_then(|s| s.strip_suffix(']')).unwrap_or(v);
    inner.split(',').map(yaml_scalar).filter(|s| !s.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dump_bots_front_matter() {
        let text = "---\nlayout: post\ntitle: \"[兩岸] 被控 \\\"x\\\"\"\ndate: 2020-07-22T00:15:00.000Z\nauthor: RTI 中央廣播電臺\nfrom: https://www.rti.org.tw/news/view/id/2073012\ntags: [ RTI 中央廣播電臺 ]\n---\n<!--1595376900000-->\n";
        let (fm, rest) = split(text);
        let fm = fm.unwrap();
        assert_eq!(fm.title.as_deref(), Some("[兩岸] 被控 \"x\""));
        assert_eq!(fm.date.as_deref(), Some("2020-07-22T00:15:00.000Z"));
        assert_eq!(fm.article_url(), Some("https://www.rti.org.tw/news/view/id/2073012"));
        assert_eq!(fm.tags, ["RTI 中央廣播電臺"]);
        assert_eq!(rest, "<!--1595376900000-->\n");
    }

    #[test]
    fn lists_comments_crlf_and_damaged_lines() {
        let text = "\u{feff}---\r\nTitle: '它''s'\r\n# a comment\r\ncategories:\r\n  - 新闻\r\n- 评论\r\ncategori\u{fffd}s: [x]\r\nurl: https://x.org/a\r\n---\r\n正文";
        let (fm, rest) = split(text);
        let fm = fm.unwrap();
        assert_eq!(fm.title.as_deref(), Some("它's"));
        assert_eq!(fm.article_url(), Some("https://x.org/a"));
        assert_eq!(rest, "正文");
    }

    #[test]
    fn a_markdown_rule_is_not_front_matter() {
        assert_eq!(split("---\nno end").0, None);
        assert_eq!(split("--- x\n---\n").0, None);
        assert_eq!(split("### 标题\n---\n").0, None);
        let far = format!("---\n{}---\n", "a: b\n".repeat(LIMIT / 5 + 1));
        assert_eq!(split(&far).0, None);
    }
}
