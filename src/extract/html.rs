//! The generic HTML reader, and the HTML helpers the other readers share.
//!
//! Shared helpers ([`blocks`], [`decode_entities`], [`percent_decode`],
//! [`resolve_url`], [`tag_from_href`]) turn a parsed subtree into cleaned
//! paragraphs while dropping what is not the article's text: scripts, embeds,
//! share bars, ads, related-article boxes, hidden (white-on-white) watermarks,
//! and figures (whose first image and caption are kept aside as candidates
//! for the record's `image`).
//!
//! The generic reader ([`looks_like`], [`extract`]) reads any other page:
//! Jekyll front matter, `og:`/`article:` meta, JSON-LD `NewsArticle`,
//! `<title>`, `<time datetime>`, and the main text block (the element with
//! the most paragraph text). It always says in `warnings` that it is less
//! precise than the dedicated readers.

use crate::model::{Article, Image};
use crate::problem::{Code, Problem};
use ego_tree::NodeRef;
use scraper::node::Element;
use scraper::{Node, Selector};
use std::collections::HashMap;
use std::sync::LazyLock;

/// The warning every record read by the generic reader carries.
pub const GENERIC_WARNING: &str =
    "read by the generic HTML reader, which is less precise than the dedicated readers: check the title, date and text";

// ---------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------

/// Cleans text taken from (possibly pretty-printed) HTML: white space that
/// contains a line break is layout, so it disappears next to a CJK character
/// (`拉夫罗夫\n  （Sergey Lavrov）` → `拉夫罗夫（Sergey Lavrov）`) and becomes one
/// space elsewhere; spaces written on one line are the author's and stay (as one
/// space). The result is trimmed.
pub fn clean_text(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut prev: Option<char> = None;
    let mut pending: Option<bool> = None; // Some(contains a line break)
    let mut run_start: Option<usize> = None;
    let mut i = 0;
    // Copies whole runs of non-space text at once; only space is looked at char by char.
    let flush_run =
        |start: usize, end: usize, out: &mut String, prev: &mut Option<char>, pending: &mut Option<bool>| {
            let run = &s[start..end];
            let first = run.chars().next();
            if let (Some(newline), Some(p), Some(c)) = (pending.take(), *prev, first) {
                if !(newline && (crate::text::is_cjk(p) || crate::text::is_cjk(c))) {
                    out.push(' ');
                }
            }
            out.push_str(run);
            *prev = run.chars().next_back();
        };
    while i < bytes.len() {
        let b = bytes[i];
        let (is_space, len, newline) = if b < 0x80 {
            (b.is_ascii_whitespace() || b == 0x0b, 1, b == b'\n' || b == b'\r')
        } else if matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3) {
            let c = s[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8(), c == '\u{2028}' || c == '\u{2029}' || c == '\u{85}')
        } else {
            // Any other lead or continuation byte: part of a non-space character.
            (false, 1, false)
        };
        if is_space {
            if let Some(start) = run_start.take() {
                flush_run(start, i, &mut out, &mut prev, &mut pending);
            }
            if prev.is_some() {
                pending = Some(pending.unwrap_or(false) || newline);
            }
        } else if run_start.is_none() {
            run_start = Some(i);
        }
        i += len;
    }
    if let Some(start) = run_start {
        flush_run(start, bytes.len(), &mut out, &mut prev, &mut pending);
    }
    out
}

/// Collapses runs of white space to one space and trims (for one-line fields such as titles).
pub fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One block of text from a page, cleaned.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Para {
    pub text: String,
    /// Share of the text that sits inside ordinary links (not keyword/tag links).
    pub link_ratio: f32,
    /// Came from `<h1>`…`<h6>`.
    pub heading: bool,
}

/// An image found inside a figure (or an image table) of the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Figure {
    pub image: Image,
    /// How many paragraphs came before it.
    pub after_paras: usize,
}

#[derive(Debug, Default)]
pub(crate) struct Blocks {
    pub paras: Vec<Para>,
    pub figures: Vec<Figure>,
}

/// What to do with an element met while walking a text.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Treat {
    Walk,
    /// Not text: skip the whole subtree.
    Drop,
    /// A figure: keep its image aside, skip the subtree.
    Figure,
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "caption"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "main"
            | "figure"
            | "figcaption"
            | "hr"
            | "center"
            | "address"
            | "details"
            | "summary"
            | "fieldset"
            | "br"
    )
}

fn is_dropped_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "iframe"
            | "object"
            | "embed"
            | "video"
            | "audio"
            | "source"
            | "button"
            | "form"
            | "input"
            | "select"
            | "textarea"
            | "svg"
            | "canvas"
            | "template"
            | "aside"
            | "nav"
            | "map"
            | "head"
            | "title"
            | "link"
            | "meta"
            | "picture"
            | "track"
    )
}

/// Whole class/id tokens that mark non-text boxes.
const DROP_TOKENS: &[&str] = &[
    "below_article_ad",
    "video_fit_container",
    "player-container",
    "epoch_player",
    "jfk-bubble",
    "gtx-bubble",
    "gtx-anchor",
    "element-invisible",
    "sr-only",
    "screen-reader-text",
    "innity-in-post",
    "m-interstitial",
    "o-self-promo",
    "hidden",
    "single_ad",
    "fb-like",
    "fb-share-button",
    "inline_share",
    "sharing_bottom",
    "tags",
    "bottomArticleBanner",
    "print-only",
];

/// Parts of class/id tokens (split at `-`/`_`) that mark non-text boxes.
const DROP_PARTS: &[&str] = &[
    "ad",
    "ads",
    "adslot",
    "advert",
    "advertisement",
    "dfp",
    "share",
    "sharing",
    "social",
    "relate",
    "related",
    "recommend",
    "sidebar",
    "comment",
    "comments",
    "subscribe",
    "newsletter",
    "promo",
    "banner",
    "breadcrumb",
    "breadcrumbs",
    "pagination",
    "popup",
    "modal",
    "cookie",
    "readmore",
];

/// Class/id tokens of boxes that hold an image and its caption.
const FIGURE_TOKENS: &[&str] =
    &["caption", "wp-caption", "imgtxt", "featured_image", "arttop", "fullPic", "floatImg", "picinfo"];

fn token_matches(token: &str) -> Treat {
    if FIGURE_TOKENS.contains(&token) {
        return Treat::Figure;
    }
    if DROP_TOKENS.contains(&token) {
        return Treat::Drop;
    }
    if token.split(['-', '_']).any(|part| DROP_PARTS.contains(&part)) {
        return Treat::Drop;
    }
    Treat::Walk
}

fn treat(el: &Element) -> Treat {
    let name = el.name();
    if is_dropped_tag(name) {
        return Treat::Drop;
    }
    // A `<figcaption>` standing outside its `<figure>` (Reuters puts it next to the
    // figure inside an image box) is a caption too, not article text.
    if name == "figure" || name == "figcaption" {
        return Treat::Figure;
    }
    let mut verdict = Treat::Walk;
    for token in el.classes().chain(el.id()) {
        match token_matches(token) {
            Treat::Drop => return Treat::Drop,
            Treat::Figure => verdict = Treat::Figure,
            Treat::Walk => {}
        }
    }
    if verdict == Treat::Walk && hidden(el) {
        return Treat::Drop;
    }
    verdict
}

/// White-on-white watermarks (`<font color="#ffffff">(http://www.dajiyuan.com)</font>`) and hidden boxes.
fn hidden(el: &Element) -> bool {
    if let Some(color) = el.attr("color") {
        let c = color.trim().to_ascii_lowercase();
        if matches!(c.as_str(), "#ffffff" | "#fff" | "white") {
            return true;
        }
    }
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(style) = el.attr("style") {
        let s: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        if s.contains("display:none")
            || s.contains("visibility:hidden")
            || s.split(';').any(|d| matches!(d, "color:#fff" | "color:#ffffff" | "color:white"))
        {
            return true;
        }
    }
    false
}

/// Links that mark keywords (`/tag/布林肯.html`, NTD's `/gb/申纪兰.htm`) rather than point elsewhere.
fn keyword_link(href: &str, node: NodeRef<'_, Node>) -> Option<String> {
    if let Some(tag) = tag_from_href(href) {
        return Some(tag);
    }
    let last = last_segment(href)?;
    if last.chars().count() > 20 || last.is_ascii() {
        return None;
    }
    let text = text_of(node);
    (last == text).then_some(text)
}

fn last_segment(href: &str) -> Option<String> {
    let path = href.split(['?', '#']).next()?.trim_end_matches('/');
    let seg = path.rsplit('/').next()?;
    let seg = seg.strip_suffix(".html").or_else(|| seg.strip_suffix(".htm")).unwrap_or(seg);
    let decoded = percent_decode(seg);
    (!decoded.is_empty() && !decoded.chars().all(|c| c.is_ascii_digit())).then_some(decoded)
}

/// The keyword of a tag link: `…/tag/%E5%B8%83%E6%9E%97%E8%82%AF.html` → `布林肯`.
pub(crate) fn tag_from_href(href: &str) -> Option<String> {
    let path = href.trim().split(['?', '#']).next()?;
    let idx = path.match_indices('/').map(|(i, _)| i).find(|&i| path[i..].starts_with("/tag/"))?;
    let rest = path[idx + 5..].trim_end_matches('/');
    let rest = rest.split('/').next()?;
    let rest = rest.strip_suffix(".html").or_else(|| rest.strip_suffix(".htm")).unwrap_or(rest);
    let tag = clean_text(&percent_decode(rest).replace('+', " "));
    (!tag.is_empty()).then_some(tag)
}

/// Walks a subtree and returns its text as paragraphs (see the module docs).
/// Iterative, so arbitrarily deep documents cannot overflow the stack.
pub(crate) fn blocks(root: NodeRef<'_, Node>) -> Blocks {
    let mut out = Blocks::default();
    let mut cur = String::new();
    let mut cur_chars = 0usize;
    let mut cur_link_chars = 0usize;
    let mut cur_heading = false;
    let mut link_depth = 0usize;
    let mut link_stack: Vec<ego_tree::NodeId> = Vec::new();

    let flush = |cur: &mut String, chars: &mut usize, link: &mut usize, heading: &mut bool, out: &mut Blocks| {
        if !cur.is_empty() {
            let text = clean_text(cur);
            if !text.is_empty() {
                *chars = if *link == 0 { 0 } else { text.chars().filter(|c| *c != ' ').count() };
                let ratio = if *chars == 0 { 0.0 } else { *link as f32 / *chars as f32 };
                out.paras.push(Para { text, link_ratio: ratio.min(1.0), heading: *heading });
            }
            cur.clear();
        }
        *chars = 0;
        *link = 0;
        *heading = false;
    };

    let mut node = root;
    'walk: loop {
        // Open `node`; decide whether to descend.
        let mut descend = false;
        match node.value() {
            Node::Text(t) => {
                cur.push_str(&t.text);
                if link_depth > 0 {
                    cur_link_chars += t.text.chars().filter(|c| !c.is_whitespace()).count();
                }
            }
            Node::Element(el) => {
                let name = el.name();
                let verdict = if node == root { Treat::Walk } else { treat(el) };
                match verdict {
                    Treat::Drop => {}
                    Treat::Figure => {
                        if let Some(image) = figure_image(node) {
                            out.figures.push(Figure { image, after_paras: out.paras.len() });
                        } else if name == "figcaption" {
                            // The caption of the figure just before it, if that one has none.
                            let text = text_of(node);
                            if let Some(f) = out.figures.last_mut().filter(|f| f.image.caption.is_none()) {
                                if !text.is_empty() {
                                    f.image.caption = Some(text);
                                }
                            }
                        }
                    }
                    Treat::Walk if name == "table" && has_img(node) => {
                        flush(&mut cur, &mut cur_chars, &mut cur_link_chars, &mut cur_heading, &mut out);
                        if let Some(image) = figure_image(node) {
                            out.figures.push(Figure { image, after_paras: out.paras.len() });
                        }
                    }
                    Treat::Walk => {
                        if is_block(name) {
                            flush(&mut cur, &mut cur_chars, &mut cur_link_chars, &mut cur_heading, &mut out);
                            if matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                                cur_heading = true;
                            }
                        }
                        if let Some(href) = el.attr("href") {
                            if keyword_link(href, node).is_none() {
                                link_depth += 1;
                                link_stack.push(node.id());
                            }
                        }
                        descend = true;
                    }
                }
            }
            _ => {}
        }
        if descend {
            if let Some(child) = node.first_child() {
                node = child;
                continue 'walk;
            }
        }
        // Close `node` and the ancestors whose last child it is.
        loop {
            if let Node::Element(el) = node.value() {
                if link_stack.last() == Some(&node.id()) {
                    link_stack.pop();
                    link_depth -= 1;
                }
                if is_block(el.name()) {
                    flush(&mut cur, &mut cur_chars, &mut cur_link_chars, &mut cur_heading, &mut out);
                }
            }
            if node == root {
                break 'walk;
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                continue 'walk;
            }
            match node.parent() {
                Some(parent) => node = parent,
                None => break 'walk,
            }
        }
    }
    flush(&mut cur, &mut cur_chars, &mut cur_link_chars, &mut cur_heading, &mut out);
    out
}

fn has_img(node: NodeRef<'_, Node>) -> bool {
    node.descendants().any(|n| matches!(n.value(), Node::Element(e) if e.name() == "img"))
}

/// Number of non-space characters below `node`.
pub(crate) fn text_len(node: NodeRef<'_, Node>) -> usize {
    node.descendants()
        .map(|n| match n.value() {
            Node::Text(t) => t.text.chars().filter(|c| !c.is_whitespace()).count(),
            _ => 0,
        })
        .sum()
}

/// All text below `node`, cleaned.
pub(crate) fn text_of(node: NodeRef<'_, Node>) -> String {
    let mut s = String::new();
    for n in node.descendants() {
        if let Node::Text(t) = n.value() {
            s.push_str(&t.text);
        }
    }
    clean_text(&s)
}

/// The source of an `<img>`, preferring the real one over lazy-loading placeholders.
pub(crate) fn img_src(el: &Element) -> Option<String> {
    let src = el.attr("src").map(str::trim).filter(|s| !s.is_empty());
    let lazy = el
        .attr("data-src")
        .or_else(|| el.attr("data-original"))
        .or_else(|| el.attr("data-lazy-src"))
        .map(str::trim)
        .filter(|s| !s.is_empty());
    match (src, lazy) {
        (Some(s), Some(l)) if s.starts_with("data:") || s.contains("white.png") || s.contains("blank.") => {
            Some(l.to_string())
        }
        (Some(s), _) => Some(s.to_string()),
        (None, l) => l.map(str::to_string),
    }
}

/// The first image of a figure-like box and its caption.
pub(crate) fn figure_image(node: NodeRef<'_, Node>) -> Option<Image> {
    let mut image: Option<Image> = None;
    let mut caption: Option<String> = None;
    for n in node.descendants() {
        let Node::Element(el) = n.value() else { continue };
        if image.is_none() && el.name() == "img" {
            if let Some(src) = img_src(el) {
                let alt = el.attr("alt").map(clean_text).filter(|a| !a.is_empty());
                image = Some(Image { src, alt, caption: None });
            }
        }
        if caption.is_none()
            && (el.name() == "figcaption"
                || el.classes().any(|c| matches!(c, "caption" | "wp-caption-text" | "bn12" | "imgtxt" | "picinfo")))
        {
            let text = text_of(n);
            if !text.is_empty() {
                caption = Some(text);
            }
        }
    }
    let mut image = image?;
    if caption.is_none() && matches!(node.value(), Node::Element(e) if e.name() == "table") {
        let text = text_of(node);
        if !text.is_empty() && text.chars().count() <= 200 {
            caption = Some(text);
        }
    }
    image.caption = caption;
    Some(image)
}

/// Decodes HTML character references (`&amp;`, `&nbsp;`, `&#20013;`, `&#x4E2D;`).
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        let end = after.find(';').filter(|&e| e > 0 && e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let c = if let Some(num) = name.strip_prefix('#') {
                let n = if let Some(hex) = num.strip_prefix(['x', 'X']) {
                    u32::from_str_radix(hex, 16).ok()
                } else {
                    num.parse::<u32>().ok()
                };
                n.and_then(char::from_u32)
            } else {
                match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" | "#39" => Some('\''),
                    "nbsp" => Some('\u{a0}'),
                    "ensp" => Some('\u{2002}'),
                    "emsp" => Some('\u{2003}'),
                    "mdash" => Some('—'),
                    "ndash" => Some('–'),
                    "hellip" => Some('…'),
                    "middot" => Some('·'),
                    "ldquo" => Some('“'),
                    "rdquo" => Some('”'),
                    "lsquo" => Some('‘'),
                    "rsquo" => Some('’'),
                    "laquo" => Some('«'),
                    "raquo" => Some('»'),
                    "copy" => Some('©'),
                    "reg" => Some('®'),
                    "times" => Some('×'),
                    _ => None,
                }
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Percent-decoding (`%E5%B8%83` → `布`); invalid UTF-8 is replaced, never a panic.
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hi = (bytes[i + 1] as char).to_digit(16);
            let lo = (bytes[i + 2] as char).to_digit(16);
            if let (Some(h), Some(l)) = (hi, lo) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Makes `src` absolute against `base` (handles `//host/…` and `/path`).
pub(crate) fn resolve_url(src: &str, base: Option<&str>) -> String {
    let src = src.trim();
    if src.contains("://") || src.starts_with("data:") {
        return src.to_string();
    }
    let Some(base) = base else { return src.to_string() };
    let Some((scheme, rest)) = base.split_once("://") else { return src.to_string() };
    let host = rest.split('/').next().unwrap_or("");
    if let Some(r) = src.strip_prefix("//") {
        return format!("{scheme}://{r}");
    }
    if src.starts_with('/') {
        return format!("{scheme}://{host}{src}");
    }
    src.to_string()
}

/// Pushes `tag` unless already present.
pub(crate) fn push_unique(list: &mut Vec<String>, tag: String) {
    if !tag.is_empty() && !list.contains(&tag) {
        list.push(tag);
    }
}

/// Keyword tags of every link under `root`, in document order, deduplicated.
pub(crate) fn keyword_tags(root: NodeRef<'_, Node>, strict: bool) -> Vec<String> {
    let mut tags = Vec::new();
    for n in root.descendants() {
        let Node::Element(el) = n.value() else { continue };
        let Some(href) = el.attr("href") else { continue };
        let tag = if strict {
            // A tag link's text is the tag's readable name; the slug is the fallback.
            tag_from_href(href).map(|slug| {
                let text = text_of(n);
                if text.is_empty() || text.chars().count() > 30 {
                    slug
                } else {
                    text
                }
            })
        } else {
            keyword_link(href, n)
        };
        if let Some(tag) = tag {
            push_unique(&mut tags, tag);
        }
    }
    tags
}

/// `YYYY-MM-DD`, or a full timestamp with offset converted to UTC (`…Z`).
/// A timestamp without a zone is kept as its date only (no invented zone).
pub(crate) fn normalise_date(s: &str) -> Option<String> {
    let s = s.trim();
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(dt.with_timezone(&chrono::Utc).format("%Y-%m-%dT%H:%M:%SZ").to_string());
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(dt.with_timezone(&chrono::Utc).format("%Y-%m-%dT%H:%M:%SZ").to_string());
    }
    // "2019-04-16T03:30:37+0800", "2019-04-16 03:30:37 +08:00"
    for fmt in ["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S%z", "%Y-%m-%d %H:%M:%S %z", "%Y-%m-%dT%H:%M:%S%.f%z"] {
        if let Ok(dt) = chrono::DateTime::parse_from_str(s, fmt) {
            return Some(dt.with_timezone(&chrono::Utc).format("%Y-%m-%dT%H:%M:%SZ").to_string());
        }
    }
    let head: String = s.chars().take(10).collect();
    chrono::NaiveDate::parse_from_str(&head, "%Y-%m-%d").ok().map(|d| d.format("%Y-%m-%d").to_string())
}

// ---------------------------------------------------------------------------
// The generic reader
// ---------------------------------------------------------------------------

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|_| Selector::parse("*").expect("universal selector"))
}

static SEL_META: LazyLock<Selector> = LazyLock::new(|| sel("meta"));
static SEL_LDJSON: LazyLock<Selector> = LazyLock::new(|| sel(r#"script[type="application/ld+json"]"#));
static SEL_TITLE: LazyLock<Selector> = LazyLock::new(|| sel("title"));
static SEL_H1: LazyLock<Selector> = LazyLock::new(|| sel("h1"));
static SEL_TIME: LazyLock<Selector> = LazyLock::new(|| sel("time[datetime]"));
static SEL_CANONICAL: LazyLock<Selector> = LazyLock::new(|| sel(r#"link[rel="canonical"]"#));
static SEL_P: LazyLock<Selector> = LazyLock::new(|| sel("p"));
static SEL_AUTHOR: LazyLock<Selector> =
    LazyLock::new(|| sel(r#"[rel="author"], [itemprop="author"] [itemprop="name"], .byline .author"#));
static SEL_CONTAINERS: LazyLock<Selector> = LazyLock::new(|| {
    sel(r#"[itemprop="articleBody"], .entry-content, .post-content, .article-content, article, main"#)
});
static SEL_BODY: LazyLock<Selector> = LazyLock::new(|| sel("body"));
static SEL_HTML: LazyLock<Selector> = LazyLock::new(|| sel("html"));

/// Splits off Jekyll front matter (`---\nkey: value\n---`), returning its fields and the rest.
pub(crate) fn front_matter(text: &str) -> (Vec<(String, String)>, &str) {
    let t = text.trim_start_matches('\u{feff}');
    let Some(rest) = t.strip_prefix("---\n") else { return (Vec::new(), text) };
    let Some(end) = rest.find("\n---") else { return (Vec::new(), text) };
    let head = &rest[..end];
    // Every non-empty line must look like `key: value` for this to be front matter.
    let mut fields = Vec::new();
    for line in head.lines() {
        if line.trim().is_empty() {
            continue;
        }
        let Some((k, v)) = line.split_once(':') else { return (Vec::new(), text) };
        let k = k.trim();
        if k.is_empty() || !k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            return (Vec::new(), text);
        }
        let v = v.trim().trim_matches('"').trim_matches('\'').trim().to_string();
        fields.push((k.to_ascii_lowercase(), v));
    }
    let after = &rest[end + 4..];
    let after = after.strip_prefix('\n').unwrap_or(after);
    (fields, after)
}

/// Content that is plainly HTML (after optional front matter): it starts with a tag
/// and contains document or text elements.
pub fn looks_like(text: &str) -> bool {
    let (_, body) = front_matter(text);
    let body = body.trim_start_matches(['\u{feff}', ' ', '\t', '\n']);
    if !body.starts_with('<') {
        return false;
    }
    let end = body.char_indices().nth(4096).map_or(body.len(), |(i, _)| i);
    let head = body[..end].to_ascii_lowercase();
    [
        "<html",
        "<!doctype html",
        "<head",
        "<body",
        "<p",
        "<div",
        "<article",
        "<section",
        "<title",
        "<main",
        "<span",
        "<table",
        "<h1",
        "<h2",
    ]
    .iter()
    .any(|t| head.contains(t))
}

fn ld_type_matches(v: &serde_json::Value) -> bool {
    let ok = |s: &str| {
        matches!(
            s,
            "NewsArticle"
                | "Article"
                | "BlogPosting"
                | "ReportageNewsArticle"
                | "AnalysisNewsArticle"
                | "OpinionNewsArticle"
                | "WebPage"
                | "Report"
        )
    };
    match v.get("@type") {
        Some(serde_json::Value::String(s)) => ok(s),
        Some(serde_json::Value::Array(a)) => a.iter().any(|t| t.as_str().is_some_and(ok)),
        _ => false,
    }
}

fn find_ld_article(v: &serde_json::Value) -> Option<&serde_json::Value> {
    let mut stack = vec![v];
    let mut fallback = None;
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
            serde_json::Value::Object(map) => {
                if ld_type_matches(v) {
                    if v.get("@type").and_then(|t| t.as_str()) == Some("WebPage") {
                        fallback.get_or_insert(v);
                    } else {
                        return Some(v);
                    }
                }
                if let Some(g) = map.get("@graph") {
                    stack.push(g);
                }
            }
            _ => {}
        }
    }
    fallback
}

fn ld_names(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::String(s) => vec![clean_text(s)],
        serde_json::Value::Object(o) => o.get("name").map(ld_names).unwrap_or_default(),
        serde_json::Value::Array(a) => a.iter().flat_map(ld_names).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect()
}

fn ld_url(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.trim().to_string()),
        serde_json::Value::Object(o) => o.get("url").and_then(ld_url),
        serde_json::Value::Array(a) => a.iter().find_map(ld_url),
        _ => None,
    }
}

fn bcp47(lang: &str) -> Option<String> {
    let l = lang.trim().to_ascii_lowercase().replace('_', "-");
    if l.is_empty() {
        return None;
    }
    Some(match l.as_str() {
        "zh-tw" | "zh-hk" | "zh-mo" | "zh-hant" | "zh-hant-tw" | "zh-hant-hk" => "zh-Hant".into(),
        "zh" | "zh-cn" | "zh-sg" | "zh-hans" | "zh-hans-cn" => "zh-Hans".into(),
        _ if l.starts_with("en") => "en".into(),
        _ => l.split('-').next().unwrap_or(&l).to_string(),
    })
}

/// Reads a page with the generic rules (see the module docs).
pub fn extract(text: &str) -> Result<Article, Problem> {
    let (fm, body) = front_matter(text);
    let parsed = super::dom::parse_document(body);
    let mut a = Article::default();
    a.warn(Problem::new(Code::GenericReader, GENERIC_WARNING));
    if let Some(w) = parsed.warning() {
        a.warn(w);
    }
    let doc = parsed.html;
    let fm_get = |k: &str| fm.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).filter(|v| !v.is_empty());

    // <meta> tags.
    let mut meta: HashMap<String, String> = HashMap::new();
    let mut meta_tags: Vec<String> = Vec::new();
    for m in doc.select(&SEL_META) {
        let el = m.value();
        let key = el.attr("property").or_else(|| el.attr("name")).or_else(|| el.attr("itemprop"));
        let (Some(key), Some(content)) = (key, el.attr("content")) else { continue };
        let key = key.trim().to_ascii_lowercase();
        let content = content.trim();
        if content.is_empty() {
            continue;
        }
        if key == "article:tag" || key == "news_keywords" {
            for t in content.split([',', '，']) {
                push_unique(&mut meta_tags, clean_text(t));
            }
            continue;
        }
        meta.entry(key).or_insert_with(|| content.to_string());
    }
    let meta_get = |k: &str| meta.get(k).map(|s| clean_text(&decode_entities(s))).filter(|s| !s.is_empty());

    // JSON-LD.
    let mut ld: Option<serde_json::Value> = None;
    for s in doc.select(&SEL_LDJSON) {
        let raw: String = s.text().collect();
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(raw.trim()) {
            if let Some(found) = find_ld_article(&v) {
                ld = Some(found.clone());
                break;
            }
        }
    }
    let ld_str = |k: &str| {
        ld.as_ref()
            .and_then(|v| v.get(k))
            .and_then(|v| v.as_str())
            .map(|s| clean_text(&decode_entities(s)))
            .filter(|s| !s.is_empty())
    };

    // Title.
    let h1 = doc.select(&SEL_H1).map(|h| text_of(*h)).find(|t| !t.is_empty());
    let title_tag = doc.select(&SEL_TITLE).map(|t| text_of(*t)).find(|t| !t.is_empty());
    a.title = fm_get("title")
        .map(|t| clean_text(&decode_entities(&t)))
        .or_else(|| ld_str("headline"))
        .or_else(|| meta_get("og:title"))
        .or(h1)
        .or(title_tag)
        .unwrap_or_default();

    // URL.
    let canonical = doc
        .select(&SEL_CANONICAL)
        .filter_map(|l| l.value().attr("href"))
        .map(|h| h.trim().to_string())
        .find(|h| h.contains("://"));
    a.url = fm_get("from")
        .or_else(|| fm_get("url"))
        .or_else(|| fm_get("link"))
        .or(canonical)
        .or_else(|| meta.get("og:url").cloned())
        .or_else(|| ld.as_ref().and_then(|v| v.get("url")).and_then(ld_url))
        .filter(|u| u.contains("://"));

    // Published.
    let time_attr = doc.select(&SEL_TIME).filter_map(|t| t.value().attr("datetime")).find_map(normalise_date);
    a.published = ld_str("datePublished")
        .and_then(|d| normalise_date(&d))
        .or_else(|| meta.get("article:published_time").and_then(|d| normalise_date(d)))
        .or_else(|| fm_get("date").and_then(|d| normalise_date(&d)))
        .or(time_attr);

    // Authors: JSON-LD, meta author, byline links.
    if let Some(v) = ld.as_ref().and_then(|v| v.get("author")) {
        for n in ld_names(v) {
            push_unique(&mut a.authors, n);
        }
    }
    if a.authors.is_empty() {
        if let Some(m) = meta_get("author").filter(|m| !m.contains("://")) {
            push_unique(&mut a.authors, m);
        }
    }
    if a.authors.is_empty() {
        for el in doc.select(&SEL_AUTHOR) {
            let t = text_of(*el);
            if !t.is_empty() && t.chars().count() <= 40 {
                push_unique(&mut a.authors, t);
            }
        }
    }

    // Outlet: the site's own name, else the publisher known from the URL's host.
    a.outlet = meta_get("og:site_name").or_else(|| a.url.as_deref().and_then(super::outlet::from_url));
    let site_names: Vec<String> = a.outlet.iter().cloned().chain(fm_get("author")).collect();

    // "Title - Site": drop the site name when it is the outlet's.
    'strip: for site in &site_names {
        for sep in [" - ", " | ", " – ", " — ", "_"] {
            if let Some(t) = a.title.strip_suffix(&format!("{sep}{site}")) {
                if !t.trim().is_empty() {
                    a.title = t.trim().to_string();
                    break 'strip;
                }
            }
        }
    }

    // Main text block: the element whose direct <p> children hold the most text.
    let mut score: HashMap<ego_tree::NodeId, usize> = HashMap::new();
    for p in doc.select(&SEL_P) {
        let n = text_len(*p);
        if let Some(parent) = p.parent() {
            *score.entry(parent.id()).or_default() += n;
        }
    }
    let best = score.iter().max_by_key(|(id, n)| (**n, std::cmp::Reverse(**id))).map(|(id, n)| (*id, *n));
    let root = match best {
        Some((id, n)) if n >= 200 => doc.tree.get(id),
        _ => doc.select(&SEL_CONTAINERS).next().map(|e| *e).or_else(|| doc.select(&SEL_BODY).next().map(|e| *e)),
    }
    .unwrap_or_else(|| *doc.root_element());
    let mut blocks = blocks(root);
    blocks.paras.retain(|p| !(p.heading && p.text == a.title));
    let mut seen = std::collections::HashSet::new();
    a.paragraphs = blocks
        .paras
        .iter()
        .filter(|p| !(p.link_ratio > 0.8 && p.text.chars().count() < 80))
        // Repeated blocks (teasers, author boxes) are page furniture.
        .filter(|p| seen.insert(p.text.as_str()))
        .map(|p| p.text.clone())
        .collect();

    // Lead: a description that is not simply the start of the text.
    if let Some(desc) = meta_get("og:description").or_else(|| meta_get("description")) {
        let probe: String = desc.chars().take(20).collect();
        let in_text = a.paragraphs.iter().take(3).any(|p| p.contains(&probe));
        if !in_text {
            a.lead = Some(desc);
        }
    }

    // Image.
    let base = a.url.clone();
    a.image = meta
        .get("og:image")
        .cloned()
        .or_else(|| ld.as_ref().and_then(|v| v.get("image")).and_then(ld_url))
        .map(|src| Image { src: resolve_url(&src, base.as_deref()), alt: None, caption: None })
        .or_else(|| {
            blocks.figures.first().map(|f| {
                let mut img = f.image.clone();
                img.src = resolve_url(&img.src, base.as_deref());
                img
            })
        });

    // Tags.
    a.tags = meta_tags;
    if let Some(serde_json::Value::String(k)) = ld.as_ref().and_then(|v| v.get("keywords")) {
        for t in k.split([',', '，']) {
            push_unique(&mut a.tags, clean_text(t));
        }
    }
    for t in keyword_tags(*doc.root_element(), true) {
        push_unique(&mut a.tags, t);
    }

    a.language = doc.select(&SEL_HTML).next().and_then(|h| h.value().attr("lang")).and_then(bcp47);

    if a.title.is_empty() && a.paragraphs.is_empty() {
        return Err(Problem::new(Code::NoText, "an HTML page without a title or any text"));
    }
    if a.title.is_empty() {
        a.warn(Problem::new(Code::NoTitle, "no title found"));
    }
    if a.paragraphs.is_empty() {
        a.warn(Problem::new(Code::NoBody, "no article text found"));
    }
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    #[test]
    fn cleaning_keeps_authors_spaces_and_drops_layout() {
        assert_eq!(clean_text("\n  拉夫罗夫\n  \n  （Sergey Lavrov）"), "拉夫罗夫（Sergey Lavrov）");
        assert_eq!(clean_text("拉夫罗夫\n  （Sergey   Lavrov）"), "拉夫罗夫（Sergey Lavrov）");
        assert_eq!(clean_text("迹象 ."), "迹象 .");
        assert_eq!(clean_text("Omicron 在粤语中"), "Omicron 在粤语中");
        assert_eq!(clean_text("Spaces\n between\tLatin"), "Spaces between Latin");
        assert_eq!(clean_text("\u{3000}\u{3000}正文\u{a0}x\u{2003}"), "正文 x");
        assert_eq!(clean_text("  "), "");
        assert_eq!(clean_text("中\n\n文"), "中文");
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp; b &lt;c&gt; &#20013;&#x6587; &nbsp;x &bogus; &"),
            "a & b <c> 中文 \u{a0}x &bogus; &"
        );
        assert_eq!(decode_entities("&#xFFFFFFF;"), "&#xFFFFFFF;");
    }

    #[test]
    fn percent() {
        assert_eq!(percent_decode("%E5%B8%83%E6%9E%97%E8%82%AF"), "布林肯");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%E5%"), "\u{fffd}%");
        assert_eq!(
            tag_from_href("https://www.epochtimes.com/gb/tag/%E4%B9%8C%E5%85%8B%E5%85%B0.html").as_deref(),
            Some("乌克兰")
        );
        assert_eq!(
            tag_from_href("https://chinadigitaltimes.net/chinese/tag/%e7%9f%b3%e5%a2%a8/").as_deref(),
            Some("石墨")
        );
        assert_eq!(tag_from_href("https://example.com/a/b.html"), None);
    }

    #[test]
    fn dates() {
        assert_eq!(normalise_date("2014-11-28T14:03:05+01:00").as_deref(), Some("2014-11-28T13:03:05Z"));
        assert_eq!(normalise_date("2020-04-09T06:13:00.000Z").as_deref(), Some("2020-04-09T06:13:00Z"));
        assert_eq!(normalise_date("2020-04-09").as_deref(), Some("2020-04-09"));
        assert_eq!(normalise_date("2020-04-09T06:13:00").as_deref(), Some("2020-04-09"));
        assert_eq!(normalise_date("yesterday"), None);
    }

    #[test]
    fn resolves_urls() {
        assert_eq!(
            resolve_url("/i6/a.gif", Some("https://www.epochtimes.com/gb/6/4/11/n1.htm")),
            "https://www.epochtimes.com/i6/a.gif"
        );
        assert_eq!(resolve_url("//cdn.x/a.jpg", Some("https://h/p")), "https://cdn.x/a.jpg");
        assert_eq!(resolve_url("a.jpg", None), "a.jpg");
    }

    #[test]
    fn a_caption_beside_its_figure_is_not_text() {
        let html = Html::parse_fragment(
            "<div><p>第一段。</p><div class=\"box\"><figure><div><img src=\"a.jpg\"></div></figure>\
             <figcaption><div><span>\n 图说文字。\n</span></div></figcaption></div><p>第二段。</p>\
             <figcaption>无图的说明</figcaption></div>",
        );
        let b = blocks(*html.root_element());
        let texts: Vec<&str> = b.paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["第一段。", "第二段。"]);
        assert_eq!(b.figures.len(), 1);
        assert_eq!(b.figures[0].image.caption.as_deref(), Some("图说文字。"));
    }

    #[test]
    fn walker_drops_boxes_and_joins_cjk_lines() {
        let html = Html::parse_fragment(
            "<div><p>\n 谢尔盖‧\n <a href=\"https://x/tag/%E6%8B%89.html\">\n  拉夫罗夫\n </a>\n （Sergey Lavrov）说\n</p>\
             <script>var x=1;</script><div class=\"sharing_bottom\">分享</div>\
             <p>Spaces between <b>Latin</b> words stay.<br>Second line</p>\
             <figure><img src=\"a.jpg\" alt=\"A\"><figcaption>图说</figcaption></figure>\
             <p><font color=\"#ffffff\">(http://www.dajiyuan.com)</font></p>\
             <p><a href=\"https://x/y.htm\">相关文章链接</a></p></div>",
        );
        let b = blocks(*html.root_element());
        let texts: Vec<&str> = b.paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            ["谢尔盖‧拉夫罗夫（Sergey Lavrov）说", "Spaces between Latin words stay.", "Second line", "相关文章链接"]
        );
        assert_eq!(b.paras[0].link_ratio, 0.0, "tag links are not navigation");
        assert!(b.paras[3].link_ratio > 0.99);
        assert_eq!(b.figures.len(), 1);
        assert_eq!(b.figures[0].image.caption.as_deref(), Some("图说"));
        assert_eq!(b.figures[0].after_paras, 3);
    }

    #[test]
    fn walker_survives_deep_nesting() {
        let deep = "<div>".repeat(3_000) + "深" + &"</div>".repeat(3_000);
        let html = Html::parse_fragment(&deep);
        let b = blocks(*html.root_element());
        assert_eq!(b.paras.len(), 1);
    }

    #[test]
    fn generic_reader_uses_meta_and_json_ld() {
        let page = r#"<!doctype html><html lang="zh-CN"><head>
            <title>标题 - 网站</title>
            <meta property="og:title" content="OG 标题">
            <meta property="og:url" content="https://example.com/news/1.html">
            <meta property="og:image" content="/img/1.jpg">
            <meta property="og:site_name" content="示例网">
            <meta property="article:published_time" content="2021-05-01T10:00:00+08:00">
            <meta property="article:tag" content="香港">
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
              "headline":"新闻标题","datePublished":"2021-05-01T09:30:00+08:00",
              "author":[{"@type":"Person","name":"王小明"}],"image":{"url":"https://example.com/a.jpg"}}</script>
            </head><body><nav><a href="/">首页</a></nav>
            <article><h1>新闻标题</h1><p>第一段文字，内容足够长，用来测试正文块的识别是否正确，这里还有更多的字。</p>
            <p>第二段文字，同样足够长，确保这个容器得分最高，而不是导航或者页脚里的文字。</p>
            <p>第三段文字，继续补充长度，让总字数超过两百个字符的门槛，这样就会选中这个元素作为正文。再多写一些字，让它更长一点，更长一点，更长一点，更长一点。</p></article>
            <footer><p>版权所有</p></footer></body></html>"#;
        assert!(looks_like(page));
        let a = extract(page).unwrap();
        assert_eq!(a.title, "新闻标题");
        assert_eq!(a.url.as_deref(), Some("https://example.com/news/1.html"));
        assert_eq!(a.published.as_deref(), Some("2021-05-01T01:30:00Z"));
        assert_eq!(a.authors, ["王小明"]);
        assert_eq!(a.outlet.as_deref(), Some("示例网"));
        assert_eq!(a.image.as_ref().map(|i| i.src.as_str()), Some("https://example.com/img/1.jpg"));
        assert_eq!(a.paragraphs.len(), 3);
        assert!(a.paragraphs[0].starts_with("第一段文字"));
        assert_eq!(a.tags, ["香港"]);
        assert_eq!(a.language.as_deref(), Some("zh-Hans"));
        assert_eq!(a.warnings, [GENERIC_WARNING]);
    }

    #[test]
    fn generic_reader_without_meta() {
        let page =
            "<html><head><title>Only a title</title></head><body><div><time datetime=\"2020-01-02\">Jan 2</time>\
                    <p>Short text.</p></div></body></html>";
        let a = extract(page).unwrap();
        assert_eq!(a.title, "Only a title");
        assert_eq!(a.published.as_deref(), Some("2020-01-02"));
        assert_eq!(a.paragraphs, ["Jan 2", "Short text."]);
        assert!(a.warnings[0].contains("generic"));
    }

    #[test]
    fn front_matter_page() {
        let page = "---\nlayout: post\ntitle: \"新的旅行\"\ndate: 2020-01-19T19:59:30+00:00\nauthor: Nei.st\nfrom: https://nei.st/travel/new-travel\n---\n\n<article><p>对科学家来说，世界还是充满未知的。</p></article>";
        assert!(looks_like(page));
        let a = extract(page).unwrap();
        assert_eq!(a.title, "新的旅行");
        assert_eq!(a.url.as_deref(), Some("https://nei.st/travel/new-travel"));
        assert_eq!(a.published.as_deref(), Some("2020-01-19T19:59:30Z"));
        assert_eq!(a.outlet.as_deref(), Some("nei.st"));
        assert_eq!(a.paragraphs, ["对科学家来说，世界还是充满未知的。"]);
    }

    #[test]
    fn not_html() {
        assert!(!looks_like("just some text\n<p>later</p>"));
        assert!(!looks_like("### title\n---\n"));
        assert!(looks_like("  <div>x</div>"));
    }
}
