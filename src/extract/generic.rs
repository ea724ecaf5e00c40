//! The generic HTML reader, for any page that is neither an RSS dump nor a
//! mirrored page: Jekyll front matter, `og:`/`article:` meta, JSON-LD
//! `NewsArticle`, `<title>`, `<time datetime>`, and the main text block (the
//! element whose `<p>` children hold the most text), walked by the shared
//! paragraph walker ([`super::blocks`]). It always says in `warnings` that it
//! is less precise than the dedicated readers.

use super::blocks::blocks;
use super::dates::{self, PubDate};
use super::front_matter;
use super::select::{select, selector as sel, Selector};
use super::tags::{keyword_tags, TagName};
use super::{dom, outlet};
use crate::model::{Article, Image};
use crate::problem::{Code, Problem};
use crate::text::{clean, decode_entities, push_unique, resolve_url};
use dom::{text_len, text_of};
use std::collections::HashMap;
use std::sync::LazyLock;

/// The warning every record read by the generic reader carries.
pub const GENERIC_WARNING: &str =
    "read by the generic HTML reader, which is less precise than the dedicated readers: check the title, date and text";

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

/// Content that is plainly HTML (after optional front matter): it starts with a tag
/// and contains document or text elements.
pub fn looks_like(text: &str) -> bool {
    let (_, body) = front_matter::split(text);
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
        serde_json::Value::String(s) => vec![clean(s)],
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
    let (fm, body) = front_matter::split(text);
    let fm = fm.unwrap_or_default();
    let parsed = dom::parse_document(body);
    let mut a = Article::default();
    a.warn(Problem::new(Code::GenericReader, GENERIC_WARNING));
    if let Some(w) = parsed.warning() {
        a.warn(w);
    }
    let doc = parsed.html;

    // <meta> tags.
    let mut meta: HashMap<String, String> = HashMap::new();
    let mut meta_tags: Vec<String> = Vec::new();
    for m in select(&doc, &SEL_META) {
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
                push_unique(&mut meta_tags, clean(t));
            }
            continue;
        }
        meta.entry(key).or_insert_with(|| content.to_string());
    }
    let meta_get = |k: &str| meta.get(k).map(|s| clean(&decode_entities(s))).filter(|s| !s.is_empty());

    // JSON-LD.
    let mut ld: Option<serde_json::Value> = None;
    for s in select(&doc, &SEL_LDJSON) {
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
            .map(|s| clean(&decode_entities(s)))
            .filter(|s| !s.is_empty())
    };

    // Title.
    let h1 = select(&doc, &SEL_H1).map(|h| text_of(*h)).find(|t| !t.is_empty());
    let title_tag = select(&doc, &SEL_TITLE).map(|t| text_of(*t)).find(|t| !t.is_empty());
    a.title = nonempty(&fm.title)
        .map(|t| clean(&decode_entities(t)))
        .or_else(|| ld_str("headline"))
        .or_else(|| meta_get("og:title"))
        .or(h1)
        .or(title_tag)
        .unwrap_or_default();

    // URL.
    let canonical = select(&doc, &SEL_CANONICAL)
        .filter_map(|l| l.value().attr("href"))
        .map(|h| h.trim().to_string())
        .find(|h| h.contains("://"));
    a.url = fm
        .article_url()
        .map(str::to_string)
        .or(canonical)
        .or_else(|| meta.get("og:url").cloned())
        .or_else(|| ld.as_ref().and_then(|v| v.get("url")).and_then(ld_url))
        .filter(|u| u.contains("://"));

    // Published.
    let time_attr =
        select(&doc, &SEL_TIME).filter_map(|t| t.value().attr("datetime")).find_map(dates::parse_time_element);
    let published: Option<PubDate> = ld_str("datePublished")
        .and_then(|d| dates::parse_timestamp(&d))
        .or_else(|| meta.get("article:published_time").and_then(|d| dates::parse_timestamp(d)))
        .or_else(|| nonempty(&fm.date).and_then(dates::parse_timestamp))
        .or(time_attr);
    a.published = published.map(|p| p.to_string());

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
        for el in select(&doc, &SEL_AUTHOR) {
            let t = text_of(*el);
            if !t.is_empty() && t.chars().count() <= 40 {
                push_unique(&mut a.authors, t);
            }
        }
    }

    // Outlet: the site's own name, else the publisher known from the URL's host.
    a.outlet = meta_get("og:site_name").or_else(|| a.url.as_deref().and_then(outlet::from_url));
    let site_names: Vec<String> = a.outlet.iter().cloned().chain(nonempty(&fm.author).map(str::to_string)).collect();

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
    for p in select(&doc, &SEL_P) {
        let n = text_len(*p);
        if let Some(parent) = p.parent() {
            *score.entry(parent.id()).or_default() += n;
        }
    }
    let best = score.iter().max_by_key(|(id, n)| (**n, std::cmp::Reverse(**id))).map(|(id, n)| (*id, *n));
    let root = match best {
        Some((id, n)) if n >= 200 => doc.tree.get(id),
        _ => select(&doc, &SEL_CONTAINERS).next().map(|e| *e).or_else(|| select(&doc, &SEL_BODY).next().map(|e| *e)),
    }
    .unwrap_or_else(|| *doc.root_element());
    let mut blocks = blocks(root);
    blocks.paras.retain(|p| !(p.heading && p.text == a.title));
    let mut seen = std::collections::HashSet::new();
    let text: Vec<&super::blocks::Para> = blocks
        .paras
        .iter()
        .filter(|p| !(p.link_ratio > 0.8 && p.text.chars().count() < 80))
        // Repeated blocks (teasers, author boxes) are page furniture.
        .filter(|p| seen.insert(p.text.as_str()))
        .collect();
    a.headings = text.iter().enumerate().filter(|(_, p)| p.heading).map(|(i, _)| i).collect();
    a.paragraphs = text.into_iter().map(|p| p.text.clone()).collect();

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
            push_unique(&mut a.tags, clean(t));
        }
    }
    for t in keyword_tags(*doc.root_element(), TagName::Text) {
        push_unique(&mut a.tags, t);
    }

    a.language = select(&doc, &SEL_HTML).next().and_then(|h| h.value().attr("lang")).and_then(bcp47);

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

/// A front-matter value that says something.
fn nonempty(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

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
