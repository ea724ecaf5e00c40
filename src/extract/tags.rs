//! Tags from links: the keyword a link stands for.
//!
//! Two kinds of links name keywords rather than point elsewhere:
//! - *tag links*, with a `/tag/` folder (`…/gb/tag/%E4%B9%8C%E5%85%8B%E5%85%B0.html`,
//!   `…/chinese/tag/%e7%9f%b3%e5%a2%a8/`): the slug is the keyword;
//! - *keyword links* whose last path segment is the link's own text
//!   (NTD's `/gb/申纪兰.htm` around `申纪兰`).
//!
//! Besides giving tags, this tells the paragraph walker ([`super::blocks`])
//! which links are not navigation: text in keyword links is article text.

use super::dom::text_of;
use crate::text::{clean, percent_decode, push_unique};
use ego_tree::NodeRef;
use scraper::Node;

/// Longest keyword (in characters) a keyword link may stand for.
const MAX_KEYWORD_CHARS: usize = 20;

/// The keyword of a tag link: `…/tag/%E5%B8%83%E6%9E%97%E8%82%AF.html` → `布林肯`.
pub fn tag_from_href(href: &str) -> Option<String> {
    let path = href.trim().split(['?', '#']).next()?;
    let idx = path.find("/tag/")?;
    let rest = path[idx + 5..].trim_end_matches('/');
    let rest = rest.split('/').next()?;
    let rest = strip_page_suffix(rest);
    let tag = clean(&percent_decode(rest).replace('+', " "));
    (!tag.is_empty()).then_some(tag)
}

/// The keyword a link under `node` stands for: a tag link's slug, or the
/// text of a keyword link (see the module docs).
pub fn keyword_link(href: &str, node: NodeRef<'_, Node>) -> Option<String> {
    if let Some(tag) = tag_from_href(href) {
        return Some(tag);
    }
    let last = last_segment(href)?;
    if last.chars().count() > MAX_KEYWORD_CHARS || last.is_ascii() {
        return None;
    }
    let text = text_of(node);
    (last == text).then_some(text)
}

/// The last path segment of a link, decoded, without `.html`, when it may
/// name a keyword: not empty, not a number (an article id), not plain ASCII.
fn last_segment(href: &str) -> Option<String> {
    let path = href.split(['?', '#']).next()?.trim_end_matches('/');
    let seg = strip_page_suffix(path.rsplit('/').next()?);
    if seg.is_ascii() && !seg.contains('%') {
        // Most links: an ASCII slug or id, which no keyword is. Settled without a copy.
        return None;
    }
    let decoded = percent_decode(seg);
    (!decoded.is_empty() && !decoded.chars().all(|c| c.is_ascii_digit())).then_some(decoded)
}

fn strip_page_suffix(seg: &str) -> &str {
    seg.strip_suffix(".html").or_else(|| seg.strip_suffix(".htm")).unwrap_or(seg)
}

/// Which name a tag link gives its keyword.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum TagName {
    /// The slug in the link (`/tag/布林肯.html` → `布林肯`); keyword links count too.
    Slug,
    /// The link's text, the keyword's readable name (the slug when the text
    /// is empty or too long); only tag links count.
    Text,
}

/// The keywords of every link under `root`, in document order, each once.
pub fn keyword_tags(root: NodeRef<'_, Node>, name: TagName) -> Vec<String> {
    let mut tags = Vec::new();
    for n in root.descendants() {
        let Node::Element(el) = n.value() else { continue };
        let Some(href) = el.attr("href") else { continue };
        let tag = match name {
            TagName::Slug => keyword_link(href, n),
            TagName::Text => tag_from_href(href).map(|slug| {
                let text = text_of(n);
                if text.is_empty() || text.chars().count() > 30 {
                    slug
                } else {
                    text
                }
            }),
        };
        if let Some(tag) = tag {
            push_unique(&mut tags, tag);
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    #[test]
    fn tag_links() {
        assert_eq!(
            tag_from_href("https://www.epochtimes.com/gb/tag/%E4%B9%8C%E5%85%8B%E5%85%B0.html").as_deref(),
            Some("乌克兰")
        );
        assert_eq!(
            tag_from_href("https://chinadigitaltimes.net/chinese/tag/%e7%9f%b3%e5%a2%a8/").as_deref(),
            Some("石墨")
        );
        assert_eq!(tag_from_href("https://x.org/tag/new+york?x=1").as_deref(), Some("new york"));
        assert_eq!(tag_from_href("https://example.com/a/b.html"), None);
        assert_eq!(tag_from_href("https://x.org/tag/"), None);
    }

    #[test]
    fn keyword_links_name_their_own_text() {
        let html = Html::parse_fragment(
            "<p><a href=\"https://www.ntdtv.com/gb/申纪兰.htm\">申纪兰</a>\
             <a href=\"https://www.ntdtv.com/gb/%E7%BE%8E%E5%9B%BD/\">美国</a>\
             <a href=\"https://x.org/gb/别的.htm\">不同的字</a><a href=\"https://x.org/a/123.htm\">123</a>\
             <a href=\"https://x.org/tag/%E9%A6%99%E6%B8%AF.html\">香港特区</a></p>",
        );
        let root = *html.root_element();
        assert_eq!(keyword_tags(root, TagName::Slug), ["申纪兰", "美国", "香港"]);
        assert_eq!(keyword_tags(root, TagName::Text), ["香港特区"]);
    }
}
