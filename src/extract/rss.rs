//! RSS dumps: one feed item per file, as written by feed-archiving bots
//! (the NodeBE4/oped2 family and its forks).
//!
//! ```text
//! ---                       ┐ optional Jekyll front matter (layout, title,
//! layout: post              │ date, author, from: URL, tags, categories)
//! …                         │
//! ---                       ┘
//! <!--1711116901000-->        optional capture time, epoch milliseconds
//! [title](url)                the link text ends at the LAST `](`
//! ------
//! 日期：Sat, 27 Jun 2020 23:00:10 +0000      (older dumps, instead of a date line in the HTML)
//!
//! <div>22/03/2024 - 15:10</div><img …><p><strong>standfirst</strong></p><div><p>…</p></div>…
//! ```
//!
//! The HTML is the feed item's content, parsed once with html5ever (which
//! copes with unclosed tags), then read by structural rules shared by all
//! outlets:
//! - the first element, when it holds only a short text whose last line is
//!   a date, is the *meta line*: `DATE` (RFI, VOA, BBC, Reuters) or
//!   `AUTHOR<br>DATE` (DW, NYT); an empty one (FT) is skipped. Times without
//!   a zone are read in the outlet's zone ([`super::outlet::timezone`]) or
//!   kept date-only;
//! - the first picture is the lead image; its caption is a `figcaption`, an
//!   element with a `*caption*` class, or a `<small>` right after the image;
//! - a standfirst is an element with a `story-lead`/`standfirst` class, or a
//!   first paragraph made only of `<strong>` that precedes the body block
//!   (RFI);
//! - block elements and `<br>` delimit paragraphs; scripts, media players,
//!   share bars, ads, promo boxes (`data-selfpromo-*`), "read more" buttons,
//!   related-link lists, off-screen labels and copyright lines are dropped,
//!   then paragraphs that are feed footers (`获取更多RSS`), subscribe prompts,
//!   QR prompts, disclaimers and separator lines;
//! - `rel="tag"` links become tags; `责任编辑：`/`（编辑：…）`/Reuters'
//!   `审校` give the editor, a leading `作者：`/`文/` line the author.

use super::dates::{self, PubDate};
use super::dom;
use super::outlet;
use crate::model::{Article, Image};
use crate::problem::{Code, Problem};
use crate::text::{clean, collapse_ws, decode_entities, percent_decode};
use chrono::{DateTime, Utc};
use ego_tree::NodeRef;
use scraper::node::Element;
use scraper::{Html, Node, Selector};
use std::sync::LazyLock;

/// Jekyll front matter (`---` … `---`) as found around some dumps.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    /// The raw `date:` value (often the feed's or the capture's time, not the outlet's).
    pub date: Option<String>,
    /// The feed's name more often than a person's.
    pub author: Option<String>,
    /// `from:` — the article's URL.
    pub from: Option<String>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
}

/// Splits leading Jekyll front matter from the text. Returns `(None, text)`
/// when the text does not start with a `---` line closed by another.
pub fn split_front_matter(text: &str) -> (Option<FrontMatter>, &str) {
    let t = text.trim_start_matches('\u{feff}');
    let t = t.trim_start_matches(['\n', '\r', ' ', '\t']);
    let Some(after_open) = t.strip_prefix("---") else { return (None, text) };
    let Some(after_open) = after_open.strip_prefix('\n').or_else(|| after_open.strip_prefix("\r\n")) else {
        return (None, text);
    };
    // Find the closing `---` line (within a sane distance).
    let mut offset = 0;
    let mut fm = FrontMatter::default();
    for line in after_open.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        offset += line.len();
        if bare.trim_end() == "---" {
            return (Some(fm), &after_open[offset..]);
        }
        if offset > 16 * 1024 {
            break;
        }
        let Some((key, value)) = bare.split_once(':') else { continue };
        let value = value.trim();
        match key.trim() {
            "title" => fm.title = Some(yaml_scalar(value)),
            "date" => fm.date = Some(yaml_scalar(value)),
            "author" => fm.author = Some(yaml_scalar(value)),
            "from" => fm.from = Some(yaml_scalar(value)),
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

/// The dump's header lines.
#[derive(Debug)]
struct Header<'a> {
    /// What the `<!--…-->` capture line holds, when there is one: a number,
    /// though not necessarily a plausible epoch-milliseconds value
    /// (`16870383020000000000`, `1.7e12`).
    capture: Option<&'a str>,
    title: String,
    url: String,
    /// The `日期：` line's value, when present.
    date_line: Option<&'a str>,
    body: &'a str,
}

/// How far into the text the title line may start (past blank lines and the
/// capture line) before the text is taken for something else. The title
/// line itself may be of any length: a dump with an absurd title is still a
/// dump (the title is cut later, with a warning, by [`crate::sanitize`]).
const HEADER_LIMIT: usize = 16 * 1024;

/// Most lines the `[title](url)` link may be wrapped over.
const MAX_LINK_LINES: usize = 8;

/// The inside of a capture line that is meant as a number: digits, possibly
/// with a sign, a decimal point or an exponent. Anything else in a comment
/// before the title means the text is not a dump.
fn numeric_capture(inner: &str) -> Option<&str> {
    let v = inner.trim();
    let numeric = v.bytes().any(|b| b.is_ascii_digit())
        && v.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'));
    numeric.then_some(v)
}

fn is_rule(line: &str) -> bool {
    let l = line.trim();
    l.len() >= 3 && l.bytes().all(|b| b == b'-')
}

/// Reads `<!--ms-->`, `[title](url)`, `------` and an optional `日期：` line.
fn parse_header(text: &str) -> Option<Header<'_>> {
    let mut rest = text;
    let mut capture = None;
    let mut link_lines: Vec<&str> = Vec::new();
    // Phase 1: up to the rule.
    loop {
        if rest.is_empty() || (link_lines.is_empty() && text.len() - rest.len() > HEADER_LIMIT) {
            return None;
        }
        let (line, next) = match rest.find('\n') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, ""),
        };
        let l = line.trim();
        rest = next;
        if link_lines.is_empty() {
            if l.is_empty() {
                continue;
            }
            if let Some(inner) = l.strip_prefix("<!--").and_then(|s| s.strip_suffix("-->")) {
                if capture.is_some() {
                    return None;
                }
                capture = Some(numeric_capture(inner)?);
                continue;
            }
            if !l.starts_with('[') {
                return None;
            }
            link_lines.push(l);
        } else if is_rule(l) {
            break;
        } else {
            if link_lines.len() >= MAX_LINK_LINES {
                return None;
            }
            link_lines.push(l);
        }
    }
    let joined = link_lines.join(" ");
    let inner = joined.strip_prefix('[')?;
    let split = inner.rfind("](")?;
    let title = &inner[..split];
    let url_part = inner[split + 2..].trim();
    let url = url_part.strip_suffix(')').unwrap_or(url_part).trim();
    // Phase 2: optional `日期：` line after blank lines.
    let mut date_line = None;
    let mut body = rest;
    let mut probe = rest;
    while !probe.is_empty() {
        let (line, next) = match probe.find('\n') {
            Some(i) => (&probe[..i], &probe[i + 1..]),
            None => (probe, ""),
        };
        let l = line.trim();
        if l.is_empty() {
            probe = next;
            continue;
        }
        if let Some(v) = l.strip_prefix("日期：").or_else(|| l.strip_prefix("日期:")) {
            date_line = Some(v.trim());
            body = next;
        }
        break;
    }
    Some(Header { capture, title: title.to_string(), url: url.to_string(), date_line, body })
}

/// True when the text is an RSS dump (front matter allowed before it).
pub fn looks_like(text: &str) -> bool {
    let (_, rest) = split_front_matter(text);
    let rest = rest.trim_start_matches('\u{feff}');
    match parse_header(rest) {
        Some(h) => !h.url.is_empty(),
        None => false,
    }
}

/// Trailing ` – 法国国际广播电台 - RFI`-style site names dropped from titles.
const SITE_NAMES: &[&str] = &[
    "RFI", "法国国际广播电台", "法國國際廣播電台", "法國國際廣播電臺", "BBC", "BBC News", "BBC News 中文", "BBC中文网",
    "BBC 中文网", "BBC中文網", "VOA", "美国之音", "美國之音", "DW", "德国之声", "德國之聲", "纽约时报中文网",
    "紐約時報中文網", "FT中文网", "FT中文網", "路透", "路透中文网", "Reuters", "自由亚洲电台", "自由亞洲電台", "RFA",
    "中国数字时代", "中國數字時代", "China Digital Times", "大纪元", "大紀元", "新唐人", "新唐人电视台",
];

fn strip_site_suffix(title: &str) -> String {
    let mut t = title.trim();
    loop {
        let cut = [" – ", " — ", " - ", " | ", " _ "]
            .iter()
            .filter_map(|sep| t.rfind(sep).map(|i| (i, sep.len())))
            .max_by_key(|(i, _)| *i);
        let Some((i, len)) = cut else { break };
        let tail = t[i + len..].trim();
        if SITE_NAMES.iter().any(|s| s.eq_ignore_ascii_case(tail)) && !t[..i].trim().is_empty() {
            t = t[..i].trim_end();
        } else {
            break;
        }
    }
    t.to_string()
}

/// The RFI section from the URL path (`/cn/美国/2024…` → `美国`); the
/// generic `contenu` ("content") folder is not a section.
fn section_from_url(outlet: Option<&str>, url: &str) -> Option<String> {
    if outlet != Some("RFI") {
        return None;
    }
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.split_once('/').map_or("", |(_, p)| p);
    let path = path.split(['?', '#']).next().unwrap_or("");
    let mut segs = path.split('/').filter(|s| !s.is_empty());
    let lang = segs.next()?;
    if !matches!(lang, "cn" | "tw" | "zh") {
        return None;
    }
    let seg = segs.next()?;
    // The article slug itself (`20240322-…`) is not a section: a section
    // is followed by more path.
    segs.next()?;
    let decoded = clean(&percent_decode(seg));
    let is_date_slug = decoded.len() >= 8 && decoded.as_bytes()[..8].iter().all(u8::is_ascii_digit);
    (!decoded.is_empty() && !is_date_slug && !decoded.eq_ignore_ascii_case("contenu")).then_some(decoded)
}

/// Reads one RSS dump.
pub fn extract(text: &str) -> Result<Article, Problem> {
    let normalised;
    let text = if text.contains('\r') {
        normalised = text.replace("\r\n", "\n").replace('\r', "\n");
        normalised.as_str()
    } else {
        text
    };
    let (fm, rest) = split_front_matter(text);
    let rest = rest.trim_start_matches('\u{feff}');
    let header = parse_header(rest).ok_or_else(|| {
        Problem::new(Code::NotArticle, "not an RSS dump: no `[title](url)` line followed by a `------` rule")
    })?;
    let mut art = Article::default();
    let mut warnings = Vec::new();

    // Title and URL.
    let mut title = strip_site_suffix(&collapse_ws(&decode_entities(&header.title)));
    if title.is_empty() {
        if let Some(t) = fm.as_ref().and_then(|f| f.title.as_deref()) {
            title = collapse_ws(&decode_entities(t));
            warnings.push(Problem::new(Code::FromFrontMatter, "title taken from the front matter (the title line is empty)"));
        }
    }
    let mut url = decode_entities(header.url.trim()).trim().to_string();
    if url.is_empty() {
        if let Some(u) = fm.as_ref().and_then(|f| f.from.as_deref()).filter(|u| !u.is_empty()) {
            url = u.trim().to_string();
            warnings.push(Problem::new(Code::FromFrontMatter, "URL taken from the front matter's `from:`"));
        }
    }
    art.outlet = if url.is_empty() { None } else { outlet::from_url(&url) };
    art.section = section_from_url(art.outlet.as_deref(), &url);
    let tz = art.outlet.as_deref().and_then(outlet::timezone);

    // Capture time.
    let captured: Option<DateTime<Utc>> = match header.capture {
        Some(raw) => {
            let c = raw.parse::<i64>().ok().and_then(dates::from_epoch_ms);
            if c.is_none() {
                let shown: String = raw.chars().take(40).collect();
                let cut = if shown.len() < raw.len() { "…" } else { "" };
                warnings.push(Problem::new(
                    Code::BadCaptureTime,
                    format!("capture time <!--{shown}{cut}--> is not a plausible epoch-milliseconds value; ignored"),
                ));
            }
            c
        }
        None => None,
    };
    art.captured = captured.as_ref().map(dates::format_utc);

    // The HTML body.
    let parsed = dom::parse_fragment(header.body);
    warnings.extend(parsed.warning());
    let doc = parsed.html;
    let mut body = read_body(&doc, tz);
    warnings.append(&mut body.warnings);

    // Publication date: the meta line, else the `日期：` line, else a
    // `<time datetime>`, else (flagged) the front matter.
    let mut published: Option<PubDate> = body.date;
    if published.is_none() {
        if let Some(line) = header.date_line {
            published = dates::parse_any(line, tz);
            if published.is_none() {
                warnings.push(Problem::new(Code::BadDate, format!("date line `日期：{line}` not understood")));
            }
        }
    }
    if published.is_none() {
        published = time_element(&doc);
    }
    if published.is_none() {
        if let Some(d) = fm.as_ref().and_then(|f| f.date.as_deref()) {
            if let Some(p) = dates::parse_any(d, None) {
                published = Some(p);
                warnings.push(Problem::new(
                    Code::FromFrontMatter,
                    "published taken from the front matter's `date:` (the dump states no date; this may be the feed's time rather than the outlet's)",
                ));
            }
        }
    }
    if let (Some(p), Some(c)) = (&published, &captured) {
        if p.is_after(c) {
            warnings.push(Problem::new(
                Code::DateAfterCapture,
                format!("publication date {p} is after the capture time {}; one of them is wrong", dates::format_utc(c)),
            ));
        }
    }
    art.published = published.map(|p| p.to_string());

    art.title = title;
    art.url = (!url.is_empty()).then_some(url);
    art.authors = body.authors;
    art.editor = body.editor;
    art.image = body.image.map(|mut img| {
        img.src = resolve_url(&img.src, art.url.as_deref().unwrap_or(""));
        img
    });
    // A reporter named in the opening dateline (`（中央社記者王承中台北6日電）`).
    if art.authors.is_empty() {
        if let Some(name) = body.paragraphs.first().and_then(|p| dateline_reporter(p)) {
            art.authors.push(name);
        }
    }
    art.lead = body.lead;
    // A first heading that repeats the title is not text.
    if let Some(first) = body.paragraphs.first() {
        if *first == art.title {
            body.paragraphs.remove(0);
        }
    }
    art.paragraphs = body.paragraphs;
    art.tags = body.tags;
    if art.title.is_empty() {
        warnings.push(Problem::new(Code::NoTitle, "the dump has an empty title"));
    }
    if art.paragraphs.is_empty() {
        if let Some(lead) = art.lead.take() {
            art.paragraphs.push(lead);
        } else {
            warnings.push(Problem::new(Code::NoBody, "no article text found in the dump"));
        }
    }
    for w in warnings {
        art.warn(w);
    }
    Ok(art)
}

/// Resolves a scheme-relative (`//host/x`) or root-relative (`/x`) link
/// against the article's URL; other links are returned unchanged.
fn resolve_url(src: &str, base: &str) -> String {
    let Some((scheme, rest)) = base.split_once("://") else { return src.to_string() };
    if let Some(r) = src.strip_prefix("//") {
        return format!("{scheme}://{r}");
    }
    if src.starts_with('/') {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        if !host.is_empty() {
            return format!("{scheme}://{host}{src}");
        }
    }
    src.to_string()
}

/// `（中央社記者王承中台北6日電）…`, `（大纪元记者张婷综合报导）…` → the reporter.
fn dateline_reporter(p: &str) -> Option<String> {
    let inner = p.strip_prefix('（').or_else(|| p.strip_prefix('('))?;
    let close = inner.find(['）', ')'])?;
    let inner = &inner[..close];
    if inner.chars().count() > 30 {
        return None;
    }
    let at = inner.find("记者").or_else(|| inner.find("記者"))?;
    let mut rest = &inner[at + "记者".len()..];
    // Trailing `6日電` / `综合报导` / `报道`.
    for suffix in ["综合报导", "綜合報導", "综合报道", "綜合報道", "报导", "報導", "报道", "報道", "讯", "訊", "电", "電"] {
        if let Some(r) = rest.strip_suffix(suffix) {
            rest = r;
            break;
        }
    }
    let rest = rest.trim_end_matches('日').trim_end_matches(|c: char| c.is_ascii_digit());
    let rest = PLACES.iter().find_map(|pl| rest.strip_suffix(pl)).unwrap_or(rest).trim();
    let ok = (2..=4).contains(&rest.chars().count()) && rest.chars().all(crate::text::is_han);
    ok.then(|| rest.to_string())
}

/// What the HTML part of a dump yields.
#[derive(Default, Debug)]
struct Body {
    date: Option<PubDate>,
    authors: Vec<String>,
    editor: Option<String>,
    image: Option<Image>,
    lead: Option<String>,
    paragraphs: Vec<String>,
    tags: Vec<String>,
    warnings: Vec<Problem>,
}

static SEL_TIME: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("time[datetime]").expect("static selector `time[datetime]` parses"));

fn read_body(doc: &Html, tz: Option<chrono_tz::Tz>) -> Body {
    let mut body = Body::default();
    let root = content_root(doc.tree.root());

    // The meta line: the first element, looking inside leading wrappers.
    let mut meta_id = None;
    if let Some(first) = first_leaf_block(root) {
        if let Node::Element(el) = first.value() {
            if el.name() == "div" && !has_descendant(first, &["p", "img", "figure", "video", "table", "ul", "ol"]) {
                let lines = lines_of(first);
                if lines.is_empty() {
                    meta_id = Some(first.id());
                } else if lines.iter().map(|l| l.chars().count()).sum::<usize>() <= 200 {
                    if let Some(last) = lines.last() {
                        if let Some(d) = dates::parse_any(last, tz) {
                            meta_id = Some(first.id());
                            if tz.is_none() && matches!(d, PubDate::Date(_)) && has_clock_time(last) {
                                body.warnings.push(Problem::new(
                                    Code::DateWithoutZone,
                                    format!("the date line `{last}` gives a time without a time zone; only the date is kept"),
                                ));
                            }
                            body.date = Some(d);
                            for l in &lines[..lines.len() - 1] {
                                for name in split_names(l) {
                                    push_unique(&mut body.authors, name);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    let mut w = Walker { meta_id, ..Walker::default() };
    w.walk(root);
    w.flush();

    // Lead image and its caption.
    let mut items = w.items;
    let mut image_at = None;
    for (i, item) in items.iter().enumerate() {
        if let Item::Image(_) = item {
            image_at = Some(i);
            break;
        }
    }
    if let Some(i) = image_at {
        let caption = items.get(i + 1).and_then(|it| match it {
            Item::Caption(c) => Some(c.clone()),
            _ => None,
        });
        if let Item::Image(img) = &mut items[i] {
            let mut img = img.clone();
            img.caption = caption;
            body.image = Some(img);
        }
    }

    // Paragraphs with boilerplate removed; bylines and editor notes read.
    let mut paragraphs = Vec::new();
    for item in items {
        match item {
            Item::Para(p, raw, ratio) => paragraphs.push((p, raw, ratio)),
            Item::Lead(l) if body.lead.is_none() => body.lead = Some(l),
            Item::Lead(l) => paragraphs.push((l.clone(), l, 0.0)),
            Item::Image(_) | Item::Caption(_) => {}
        }
    }
    let paragraphs: Vec<(String, String)> = paragraphs
        .into_iter()
        .filter(|(p, _, ratio)| !is_boilerplate(p) && !is_link_line(p, *ratio))
        .map(|(p, raw, _)| if raw.is_empty() { (p.clone(), p) } else { (p, raw) })
        .collect();
    let n = paragraphs.len();
    let mut kept: Vec<String> = Vec::with_capacity(n);
    let mut credits = Credits::default();
    for (i, (p, raw)) in paragraphs.into_iter().enumerate() {
        // Credit lines open or close an article; in the middle they are quoted text.
        let at_edge = i < 2 || i + 3 >= n;
        // `作者：X` / `文/X` at the start.
        if kept.len() < 2 && body.authors.is_empty() {
            if let Some(names) = byline(&p) {
                body.authors = names;
                continue;
            }
        }
        // A whole credit line (`记者：X 责编：Y 网编：Z`), or one closing the paragraph.
        if at_edge {
            if let Some(c) = parse_credits(&raw) {
                credits.merge(c);
                continue;
            }
        }
        match split_trailing_credits(&raw).filter(|_| i + 3 >= n) {
            Some((_, c)) => {
                credits.merge(c);
                let text = strip_trailing_group(&p);
                if !text.is_empty() {
                    kept.push(text);
                }
            }
            None => kept.push(p),
        }
    }
    // A closing sign-off `作者/编辑（来源）` (`杨威廉/张慈 (法新社)`, `李澄欣（综合报导）`).
    if let Some((authors, editor)) = kept.last().and_then(|l| sign_off(l)) {
        kept.pop();
        credits.authors.extend(authors);
        if let Some(e) = editor {
            credits.editors.push(e);
        }
    }
    // Section labels left without their content at the end (`Related Reading:`).
    while kept.last().is_some_and(|l| l.chars().count() <= 30 && (l.ends_with(':') || l.ends_with('：'))) {
        kept.pop();
    }
    // Reuters' attribution block.
    if let Some(attr) = &w.attribution {
        if let Some(c) = parse_credits(attr) {
            credits.merge(c);
        }
    }
    for a in credits.authors {
        push_unique(&mut body.authors, a);
    }
    if body.authors.is_empty() {
        for a in w.bylines {
            push_unique(&mut body.authors, a);
        }
    }
    if !credits.editors.is_empty() {
        body.editor = Some(credits.editors.join("、"));
    }
    body.paragraphs = kept;
    body.tags = w.tags;
    body
}

/// A `<time datetime>` anywhere (generic feeds); midnight UTC means a date.
fn time_element(doc: &Html) -> Option<PubDate> {
    let dt = doc.select(&SEL_TIME).next()?.value().attr("datetime")?;
    dates::parse_any(dt, None).map(|d| match d {
        PubDate::DateTime(x) if x.time() == chrono::NaiveTime::MIN => PubDate::Date(x.date_naive()),
        other => other,
    })
}

/// Descends through wrappers: while the node has a single element child
/// (and no text of its own) that is a plain container, that child.
fn content_root(mut node: NodeRef<'_, Node>) -> NodeRef<'_, Node> {
    loop {
        let mut elements = node.children().filter(|c| match c.value() {
            Node::Element(_) => true,
            Node::Text(t) => !t.trim().is_empty(),
            _ => false,
        });
        let (Some(only), None) = (elements.next(), elements.next()) else { return node };
        match only.value() {
            Node::Element(el) if matches!(el.name(), "html" | "body") => node = only,
            // A lone wrapper is entered only when it holds blocks: a body that
            // is nothing but the meta line (`<div><i>DATE</i></div>`) stays
            // one level up, so that line is still seen as the meta line.
            Node::Element(el)
                if matches!(el.name(), "div" | "section" | "article" | "main")
                    && has_descendant(only, &["p", "div", "img", "figure", "video", "table", "ul", "ol", "h1", "h2", "h3", "h4", "blockquote"]) =>
            {
                node = only
            }
            _ => return node,
        }
    }
}

/// The first significant child of `node`, descending into containers
/// that hold the article (so a wrapped `<div><div>DATE</div>…</div>` is seen).
fn first_leaf_block(node: NodeRef<'_, Node>) -> Option<NodeRef<'_, Node>> {
    let mut node = node;
    for _ in 0..8 {
        let first = node.children().find(|c| match c.value() {
            Node::Element(_) => true,
            Node::Text(t) => !t.trim().is_empty(),
            _ => false,
        })?;
        match first.value() {
            Node::Element(el)
                if matches!(el.name(), "div" | "section" | "article" | "main")
                    && has_descendant(first, &["p", "img", "figure", "video", "table", "ul", "ol"]) =>
            {
                node = first;
            }
            _ => return Some(first),
        }
    }
    None
}

fn has_descendant(node: NodeRef<'_, Node>, names: &[&str]) -> bool {
    node.descendants().skip(1).any(|d| matches!(d.value(), Node::Element(e) if names.contains(&e.name())))
}

/// The text of a node split into lines at `<br>` and block boundaries, cleaned.
fn lines_of(node: NodeRef<'_, Node>) -> Vec<String> {
    let mut raw = String::new();
    for d in node.descendants() {
        match d.value() {
            Node::Text(t) => raw.push_str(t),
            Node::Element(e) if e.name() == "br" || is_block(e.name()) => raw.push('\n'),
            _ => {}
        }
    }
    raw.split('\n').map(clean).filter(|l| !l.is_empty()).collect()
}

fn has_clock_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(3).any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit())
}

/// `黄安伟,黄安伟` / `叶宣（综合报道）` / `苗子(摘编)` → names, roles removed.
fn split_names(line: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in line.split([',', '，', '、', ';', '；', '/']) {
        let mut name = strip_parenthetical(part);
        for prefix in ["作者：", "作者:", "记者", "記者", "文／", "文/", "By ", "by "] {
            if let Some(rest) = name.strip_prefix(prefix) {
                name = rest.trim().to_string();
            }
        }
        if !name.is_empty() && name.chars().count() <= 40 {
            push_unique(&mut out, name);
        }
    }
    out
}

/// Removes `（…）` / `(…)` groups and trims.
fn strip_parenthetical(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    clean(&out)
}

fn push_unique(list: &mut Vec<String>, s: String) {
    if !s.is_empty() && !list.contains(&s) {
        list.push(s);
    }
}

/// `作者：伯罗奔尼撒`, `文/六神磊磊`, `作者：本刊记者 卫毅 发自北京` → names.
fn byline(p: &str) -> Option<Vec<String>> {
    if p.chars().count() > 40 {
        return None;
    }
    let rest = ["作者：", "作者:", "文/", "文／", "撰文：", "撰文:", "作者 | ", "作者|"]
        .iter()
        .find_map(|pre| p.strip_prefix(pre))?;
    let mut rest = rest.trim();
    for pre in ["本刊记者", "本报记者", "本刊記者", "本報記者", "记者", "記者", "特约撰稿人"] {
        if let Some(r) = rest.strip_prefix(pre) {
            rest = r.trim();
        }
    }
    let rest = match rest.find("发自").or_else(|| rest.find("發自")) {
        Some(i) => rest[..i].trim(),
        None => rest,
    };
    let names: Vec<String> = rest
        .split([' ', '、', ',', '，'])
        .map(strip_parenthetical)
        .filter(|n| !n.is_empty())
        .collect();
    (!names.is_empty()).then_some(names)
}

/// People credited in a line: reporters and editors.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Credits {
    pub(crate) authors: Vec<String>,
    pub(crate) editors: Vec<String>,
}

impl Credits {
    fn merge(&mut self, other: Credits) {
        for a in other.authors {
            push_unique(&mut self.authors, a);
        }
        for e in other.editors {
            push_unique(&mut self.editors, e);
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Role {
    Author,
    Editor,
    Other,
}

/// Credit markers, longest first where one contains another.
const ROLES: &[(&str, Role)] = &[
    ("责任编辑", Role::Editor),
    ("責任編輯", Role::Editor),
    ("记者", Role::Author),
    ("記者", Role::Author),
    ("作者", Role::Author),
    ("撰稿", Role::Author),
    ("发稿", Role::Author),
    ("發稿", Role::Author),
    ("编译", Role::Author),
    ("編譯", Role::Author),
    ("责编", Role::Editor),
    ("責編", Role::Editor),
    ("编辑", Role::Editor),
    ("編輯", Role::Editor),
    ("核稿", Role::Editor),
    ("审校", Role::Editor),
    ("審校", Role::Editor),
    ("网编", Role::Other),
    ("摄影", Role::Other),
    ("攝影", Role::Other),
    ("網編", Role::Other),
    ("译者", Role::Other),
    ("譯者", Role::Other),
    ("翻译", Role::Other),
    ("翻譯", Role::Other),
];

/// Places in `夏小华 台北报导` / `蔡凌巴黎报道` sign-offs.
const PLACES: &[&str] = &[
    "华盛顿", "華盛頓", "旧金山", "洛杉矶", "纽约", "紐約", "台北", "臺北", "香港", "巴黎", "伦敦", "倫敦", "东京", "東京",
    "首尔", "首爾", "北京", "柏林", "悉尼", "多伦多", "温哥华", "曼谷", "达兰萨拉", "布鲁塞尔", "日内瓦", "澳门", "澳門",
];

/// Reads a credit line such as `自由亚洲电台记者 夏小华 台北报导 责编 许书婷、何平 网编 瑞哲`,
/// `（记者：韩洁 责编：申铧 网编：洪伟）`, `发稿 韩笑; 审校 吴云凌` or `翻译：纽约时报中文网`.
/// `None` unless the whole line is credits (at most 80 characters, at most a
/// short label such as the outlet's name before the first role).
pub(crate) fn parse_credits(line: &str) -> Option<Credits> {
    let line = line.trim().trim_start_matches(['（', '(']).trim_end_matches(['）', ')']).trim();
    if line.is_empty() || line.chars().count() > 80 {
        return None;
    }
    // Role positions.
    let mut marks: Vec<(usize, usize, Role)> = Vec::new();
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        if let Some((name, role)) = ROLES.iter().find(|(name, _)| rest.starts_with(name)) {
            marks.push((i, i + name.len(), *role));
            i += name.len();
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    let first = marks.first()?;
    let prefix = &line[..first.0];
    // Before the first role: nothing, or the outlet (`自由亚洲电台记者 …`).
    let prefix = prefix.trim();
    let outlet_like = ["电台", "電台", "电视台", "社", "报", "報", "网", "網", "之音", "之声", "之聲"].iter().any(|e| prefix.ends_with(e));
    if !(prefix.is_empty() || (outlet_like && prefix.chars().count() <= 8)) || line.contains(['，', '。', '！', '？', '!', '?']) {
        return None;
    }
    let mut credits = Credits::default();
    let mut named = 0;
    for (k, &(_, end, role)) in marks.iter().enumerate() {
        let seg_end = marks.get(k + 1).map_or(line.len(), |m| m.0);
        let seg = line[end..seg_end].trim().trim_start_matches(['：', ':']).trim();
        if seg.is_empty() {
            return None; // a role without names: ordinary text mentioning it
        }
        for token in seg.split(|c: char| c.is_whitespace() || matches!(c, '、' | '/' | '／' | ',' | '，' | ';' | '；')) {
            let Some(name) = credit_name(token) else { continue };
            named += 1;
            match role {
                Role::Author => push_unique(&mut credits.authors, name),
                Role::Editor => push_unique(&mut credits.editors, name),
                Role::Other => {}
            }
        }
    }
    (named > 0).then_some(credits)
}

/// One credited name: `（…）` groups removed, `台北报导`-style place sign-offs
/// dropped, names glued to a known place (`蔡凌巴黎报道`) cut free.
fn credit_name(token: &str) -> Option<String> {
    let t = strip_parenthetical(token);
    let t = t.trim_matches(|c: char| c.is_whitespace() || matches!(c, '：' | ':' | '）' | ')' | '（' | '('));
    if t.is_empty() {
        return None;
    }
    let name = match ["报道", "报导", "報導", "報道"].iter().find_map(|s| t.strip_suffix(s)) {
        Some(before) => {
            let place = PLACES.iter().find(|p| before.ends_with(*p))?;
            before[..before.len() - place.len()].trim()
        }
        None => t,
    };
    let ok = !name.is_empty()
        && name.chars().count() <= 20
        && !name.chars().any(|c| c.is_ascii_digit() || matches!(c, '.' | '/' | ':' | '@' | '#'));
    ok.then(|| name.to_string())
}

/// A sign-off line closing an article: `NAME/EDITOR（sources）` or
/// `NAME（综合报导）`, names of 2–4 Han characters.
fn sign_off(line: &str) -> Option<(Vec<String>, Option<String>)> {
    let t = line.trim();
    let open = t.find(['（', '('])?;
    let group = t[open..].trim_start_matches(['（', '(']);
    let group = group.strip_suffix('）').or_else(|| group.strip_suffix(')'))?;
    if group.contains(['（', '(', '）', ')']) || group.chars().count() > 20 {
        return None;
    }
    // `文山/王凡/(香港电台、苹果日报等)`: a separator may also close the names.
    let names = t[..open].trim().trim_end_matches(['/', '／']).trim_end();
    let is_name = |n: &str| (2..=4).contains(&n.chars().count()) && n.chars().all(crate::text::is_han);
    match names.split_once(['/', '／']) {
        Some((a, e)) => {
            let (a, e) = (a.trim(), e.trim());
            (is_name(a) && is_name(e)).then(|| (vec![a.to_string()], Some(e.to_string())))
        }
        None => {
            let role = ["综合报导", "綜合報導", "综合报道", "綜合報道", "摘编", "摘編", "编译", "編譯"].contains(&group.trim());
            (role && is_name(names)).then(|| (vec![names.to_string()], None))
        }
    }
}

/// A credit group closing a paragraph: `…已有改善。（译者：陈家伦/核稿：张佑之）`,
/// `…並積極推動」。（編輯：楊凱翔）1091006`.
fn split_trailing_credits(p: &str) -> Option<(usize, Credits)> {
    let t = p.trim_end().trim_end_matches(|c: char| c.is_ascii_digit()).trim_end();
    let t = t.strip_suffix('）').or_else(|| t.strip_suffix(')'))?;
    let open = t.rfind(['（', '('])?;
    let inner = &t[open..];
    let inner = inner.trim_start_matches(['（', '(']);
    if !ROLES.iter().any(|(r, _)| inner.trim_start().starts_with(r)) {
        return None;
    }
    parse_credits(inner).map(|c| (open, c))
}

/// The paragraph without its closing `（…）` group (and trailing code number).
fn strip_trailing_group(p: &str) -> String {
    let t = p.trim_end().trim_end_matches(|c: char| c.is_ascii_digit()).trim_end();
    let Some(t) = t.strip_suffix('）').or_else(|| t.strip_suffix(')')) else { return p.to_string() };
    match t.rfind(['（', '(']) {
        Some(open) => clean(&t[..open]),
        None => p.to_string(),
    }
}

/// Paragraph-level boilerplate: feed footers, share bars, subscribe and QR
/// prompts, disclaimers, separators and copyright lines.
fn is_boilerplate(p: &str) -> bool {
    const STARTS: &[&str] = &["分享 :", "分享:", "分享：", "分享本文", "©", "Copyright ©", "版权所有", "版權所有", "Post tags:"];
    const LABELS: &[&str] = &["相关阅读", "相關閱讀", "延伸阅读", "延伸閱讀", "相关文章", "相關文章", "推荐阅读", "推薦閱讀", "相关新闻", "相關新聞", "相关报道", "相關報導"];
    let t = p.trim();
    // One pass: length, and which trigger characters occur (each rule below
    // needs its trigger, so most lines are settled without any search).
    let mut n = 0usize;
    let mut alnum = false;
    let (mut feed, mut more, mut cont, mut click, mut device, mut sub, mut qr, mut disc, mut http) =
        (false, false, false, false, false, false, false, false, false);
    for c in t.chars() {
        n += 1;
        if n > 200 {
            // Every pattern below is a short line; long paragraphs are text.
            return false;
        }
        if !alnum {
            alnum = c.is_ascii_alphanumeric() || crate::text::is_han(c) || (!c.is_ascii() && c.is_alphanumeric());
        }
        match c {
            'f' | 'F' | 'g' => feed = true,
            '获' | '獲' => more = true,
            '继' | '繼' => cont = true,
            '点' | '點' => click = true,
            '器' => device = true,
            '订' | '訂' => sub = true,
            '维' | '維' | '扫' | '掃' => qr = true,
            '代' => disc = true,
            'h' => http = true,
            _ => {}
        }
    }
    let label = t.trim_end_matches(['：', ':', ' ']);
    if t == "分享" || LABELS.contains(&label) || STARTS.iter().any(|m| t.starts_with(m)) {
        return true;
    }
    // A programme's schedule line (`时事大家谈每星期一到四，星期六北京时间晚上九点播出，敬请收看。`).
    if n <= 60 && (has(t, "敬请收看") || has(t, "敬請收看") || has(t, "敬请收听") || has(t, "敬請收聽")) && has(t, "播出") {
        return true;
    }
    // A wire story's end mark standing alone (`（完）`); glued to text it stays.
    if matches!(t, "（完）" | "(完)" | "【完】" | "（全文完）" | "(全文完)") {
        return true;
    }
    // Separator lines: nothing but punctuation or symbols.
    if !alnum {
        return true;
    }
    // Feed footers, "read on" buttons, video placeholders, feed plugins.
    if (feed && (has(t, "feedx.net") || has(t, "feedx.xyz") || has(t, "Feed enhanced by") || has(t, "get_post_time(")))
        || (more && (has(t, "获取更多RSS") || has(t, "獲取更多RSS")))
        || (cont && (has(t, "继续浏览后续") || has(t, "繼續瀏覽後續")))
        || (click && (has(t, "点击查看本文英文版") || has(t, "點擊查看本文英文版")))
        || (device && (has(t, "你的器材不支持播放") || has(t, "你的器材不支援播放")))
    {
        return true;
    }
    // Subscribe / follow prompts.
    if sub && (has(t, "订阅") || has(t, "訂閱")) && ["点击", "點擊", "欢迎", "歡迎", "请", "請"].iter().any(|m| has(t, m)) {
        return true;
    }
    // QR prompts.
    if qr
        && n <= 80
        && ["二维码", "二維碼", "扫码", "掃碼", "扫描", "掃描"].iter().any(|m| has(t, m))
        && ["关注", "關注", "下载", "下載", "订阅", "訂閱", "加入", "添加"].iter().any(|m| has(t, m))
    {
        return true;
    }
    // Disclaimers: `…仅代表作者或专家个人立场`, `…并不代表美国之音`, `不代表本台立场`.
    if disc && n <= 100 && (has(t, "仅代表作者") || has(t, "僅代表作者")) {
        return true;
    }
    if disc
        && n <= 80
        && has(t, "不代表")
        && ["观点", "觀點", "立场", "立場", "之音", "本台", "本网", "本網"].iter().any(|m| has(t, m))
    {
        return true;
    }
    // `label：URL` promo lines (`《时事大家谈》YouTube播放列表：http://bit.ly/…`).
    if http && n <= 80 {
        if let Some(i) = t.rfind("http") {
            let before = t[..i].trim_end();
            let url = &t[i..];
            if (before.ends_with('：') || before.ends_with(':')) && !url.contains(char::is_whitespace) {
                return true;
            }
        }
    }
    false
}

/// Navigation and related-article lines: (almost) all link text, or a
/// `相关报道` label followed by a link.
fn is_link_line(p: &str, link_ratio: f32) -> bool {
    if link_ratio >= 0.9 {
        return true;
    }
    const LABELS: &[&str] = &["相关报道", "相關報導", "相关阅读", "相關閱讀", "延伸阅读", "延伸閱讀", "相关文章", "相關文章", "推荐阅读", "推薦閱讀", "相关新闻", "相關新聞", "更多报道", "Related"];
    link_ratio >= 0.4 && LABELS.iter().any(|l| p.starts_with(l))
}

/// One unit of the body, in document order.
#[derive(Debug)]
enum Item {
    /// Cleaned text, and the text with white space only collapsed (credit
    /// lines separate CJK names with spaces that `clean` removes).
    /// The last value is the share of the text inside links.
    Para(String, String, f32),
    Lead(String),
    Image(Image),
    Caption(String),
}

#[derive(Default)]
struct Walker {
    items: Vec<Item>,
    cur: String,
    tags: Vec<String>,
    meta_id: Option<ego_tree::NodeId>,
    attribution: Option<String>,
    /// Inside how many `<a>` elements the walk is.
    link_depth: usize,
    /// Non-blank characters of `cur` that sit inside links.
    cur_linked: usize,
    /// Text has been emitted (paragraph or lead) — the standfirst rule only applies before.
    seen_text: bool,
    /// Names read from a byline block (`<div class="…Byline…">`).
    bylines: Vec<String>,
    /// A dropped player (`<video>`, `<audio>`) came last: the
    /// feed's `<div><small>` caption after it goes with it.
    after_media: bool,
    /// How many elements deep the walk is (see [`MAX_WALK_DEPTH`]).
    depth: usize,
}

/// How deep the body walker recurses. Below that (only hostile or badly
/// broken files get there: article bodies nest 10–40 levels), a subtree's
/// text is taken as it is, so the stack needed stays small even in wasm.
const MAX_WALK_DEPTH: usize = 96;

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div" | "section" | "article" | "header" | "footer" | "main" | "aside" | "blockquote" | "ul" | "ol"
            | "li" | "dl" | "dt" | "dd" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "table" | "thead" | "tbody"
            | "tfoot" | "tr" | "td" | "th" | "caption" | "figure" | "figcaption" | "pre" | "address" | "hr"
            | "center" | "details" | "summary" | "fieldset" | "nav" | "form" | "hgroup" | "body" | "html"
    )
}

/// Subtrees that are never article text.
fn is_skipped(el: &Element) -> bool {
    if matches!(
        el.name(),
        "script" | "style" | "noscript" | "template" | "svg" | "iframe" | "video" | "audio" | "object" | "embed"
            | "button" | "form" | "input" | "select" | "textarea" | "nav" | "canvas" | "map" | "source" | "track"
            | "link" | "meta" | "head" | "title" | "aside" | "share-button" | "share-modal" | "picture-source"
    ) {
        return true;
    }
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(style) = el.attr("style") {
        let s: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    for (name, _) in el.attrs() {
        if name.starts_with("data-selfpromo") || name.starts_with("data-root-share") || name.starts_with("data-readmore") {
            return true;
        }
    }
    if el.id() == Some("zoomattribute") {
        return true;
    }
    el.classes().any(|c| {
        let c = component_name(c);
        let lower;
        let c = if c.bytes().any(|b| b.is_ascii_uppercase()) {
            lower = c.to_ascii_lowercase();
            lower.as_str()
        } else {
            c
        };
        has(c, "visuallyhidden")
            || has(c, "self-promo")
            || has(c, "share")
            || has(c, "social")
            || has(c, "advert")
            || c == "ads"
            || c.starts_with("o-ads")
            || c.starts_with("ad-")
            || c.ends_with("-ad")
            || has(c, "-ad-")
            || c.starts_with("m-block-ad")
            || has(c, "adslot")
            || has(c, "dfp")
            || has(c, "bbccom_")
            || has(c, "interstitial")
            || has(c, "trustbadge")
            || has(c, "off-screen")
            || has(c, "offscreen")
            || has(c, "element-hidden")
            || has(c, "element-invisible")
            || has(c, "visually-hidden")
            || has(c, "sr-only")
            || has(c, "newsletter")
            || has(c, "related")
            || has(c, "morearticle")
            || has(c, "more-article")
            || has(c, "recommend")
            || c.ends_with("copyright")
            || has(c, "player")
            || c == "wp-embedded-content"
            || has(c, "banner")
    })
}

/// A styled-components class (`Copyright-sc-11lgtw-0`, `Figure-sc-6a3dhy-0`)
/// names its component before `-sc-`; other classes are returned whole.
fn component_name(c: &str) -> &str {
    match c.find("-sc-") {
        Some(i) if i > 0 => &c[..i],
        _ => c,
    }
}

/// A `<a rel="tag">` inside: the subtree must be walked for its tags.
fn has_tag_link(node: NodeRef<'_, Node>) -> bool {
    node.descendants().any(|d| {
        matches!(d.value(), Node::Element(e) if e.name() == "a"
            && e.attr("rel").is_some_and(|r| r.split_whitespace().any(|t| t.eq_ignore_ascii_case("tag"))))
    })
}

/// A byline block: a class naming it (`StyledByline-uounnc-2`, `byline`).
fn is_byline_el(el: &Element) -> bool {
    el.classes().any(|c| c.to_ascii_lowercase().contains("byline"))
}

/// The names in a short byline block: its `Name` parts when it marks them
/// (`<li class="Name-sc-…">安德鲁•沃克（Andrew Walker）</li><li class="Title-sc-…">BBC记者</li>`),
/// else its first line; `None` when the block is too long to be a byline.
fn byline_names(node: NodeRef<'_, Node>) -> Option<Vec<String>> {
    let lines = lines_of(node);
    if lines.is_empty() || lines.iter().map(|l| l.chars().count()).sum::<usize>() > 120 {
        return None;
    }
    let marked: Vec<String> = node
        .descendants()
        .filter(|d| {
            matches!(d.value(), Node::Element(e) if e.classes().any(|c| component_name(c).eq_ignore_ascii_case("name")))
        })
        .map(|d| clean(&d.descendants().filter_map(|t| t.value().as_text().map(|t| &**t)).collect::<String>()))
        .filter(|t| !t.is_empty())
        .collect();
    let source = if marked.is_empty() { vec![lines[0].clone()] } else { marked };
    let names: Vec<String> = source.iter().flat_map(|l| split_names(l)).collect();
    (!names.is_empty()).then_some(names)
}

/// Inside a figure (`<figure>` or a `Figure` component), a few levels up.
fn in_figure(node: NodeRef<'_, Node>) -> bool {
    node.ancestors().take(6).any(|a| match a.value() {
        Node::Element(e) => e.name() == "figure" || e.classes().any(|c| component_name(c).eq_ignore_ascii_case("figure")),
        _ => false,
    })
}

/// A block holding nothing but a `<time>` element: a date stamp, not text.
fn time_only(node: NodeRef<'_, Node>) -> bool {
    let mut found = false;
    for c in node.children() {
        match c.value() {
            Node::Text(t) if t.trim().is_empty() => {}
            Node::Element(e) if e.name() == "time" => found = true,
            Node::Comment(_) => {}
            _ => return false,
        }
    }
    found
}

/// Substring test for short strings (class names, short lines): a plain
/// scan, cheaper there than `str::contains`' searcher set-up.
fn has(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = n.split_first() else { return true };
    if h.len() < n.len() {
        return false;
    }
    let last_start = h.len() - n.len();
    let mut i = 0;
    while i <= last_start {
        // Compare the rest only where the first byte matches.
        if h[i] == first && h[i + 1..i + n.len()] == *rest {
            return true;
        }
        i += 1;
    }
    false
}

fn is_caption_el(el: &Element) -> bool {
    el.name() == "figcaption"
        || el.classes().any(|c| {
            let c = c.to_ascii_lowercase();
            (c.ends_with("caption") && !c.starts_with("has-") && !c.starts_with("no-") && c != "captioned")
                || has(&c, "caption__text")
                || has(&c, "caption-text")
                || c == "picinfo"
                || c == "pic-caption"
        })
}

fn is_lead_el(el: &Element) -> bool {
    el.classes().any(|c| {
        ["story-lead", "standfirst", "article-lead", "lead", "summary", "article-summary", "dek"].iter().any(|k| c.eq_ignore_ascii_case(k))
    })
}

/// A paragraph whose text is all inside `<strong>`/`<b>`.
fn strong_only(node: NodeRef<'_, Node>) -> bool {
    let mut any = false;
    for c in node.children() {
        match c.value() {
            Node::Text(t) if t.trim().is_empty() => {}
            Node::Text(_) => return false,
            Node::Element(e)
                if matches!(e.name(), "strong" | "b")
                    && c.descendants().any(|d| matches!(d.value(), Node::Text(t) if !t.trim().is_empty())) =>
            {
                any = true;
            }
            Node::Element(e) if matches!(e.name(), "strong" | "b") => {}
            Node::Element(e) if e.name() == "br" => {}
            Node::Element(_) => return false,
            _ => {}
        }
    }
    any
}

/// A list whose every item's text is link text (related-article lists).
fn links_only_list(node: NodeRef<'_, Node>) -> bool {
    let mut items = 0;
    for li in node.children() {
        let Node::Element(e) = li.value() else { continue };
        if e.name() != "li" {
            continue;
        }
        items += 1;
        let mut all = String::new();
        let mut linked = String::new();
        for d in li.descendants() {
            if let Node::Text(t) = d.value() {
                all.push_str(t);
                if d.ancestors().any(|a| matches!(a.value(), Node::Element(x) if x.name() == "a")) {
                    linked.push_str(t);
                }
            }
        }
        if clean(&all) != clean(&linked) || clean(&linked).is_empty() {
            return false;
        }
    }
    items > 0
}

/// `<div><small>caption</small></div>` (the feed's caption right after an image).
fn small_only(node: NodeRef<'_, Node>) -> bool {
    let mut found = false;
    for c in node.children() {
        match c.value() {
            Node::Text(t) if t.trim().is_empty() => {}
            Node::Element(e) if e.name() == "small" => found = true,
            _ => return false,
        }
    }
    found
}

fn image_of(el: &Element) -> Option<Image> {
    let src = ["src", "data-src", "data-original", "data-lazy-src"]
        .iter()
        .filter_map(|a| el.attr(a))
        .map(str::trim)
        .find(|s| !s.is_empty() && !s.starts_with("data:"))?;
    let lower = src.to_ascii_lowercase();
    if lower.contains("/icon") || lower.contains("icon-") || lower.contains("/graphics/") || lower.contains("logo") || lower.contains("pixel") || lower.contains("spacer") {
        return None;
    }
    if el.attr("width") == Some("1") || el.attr("height") == Some("1") {
        return None;
    }
    let alt = el.attr("alt").map(clean).filter(|a| !a.is_empty());
    Some(Image { src: src.to_string(), alt, caption: None })
}

impl Walker {
    fn flush(&mut self) {
        if self.cur.is_empty() {
            return;
        }
        let text = clean(&self.cur);
        // Credit lines (short, or closing a paragraph with `（…）`) are read
        // from the text with its spaces; other paragraphs need no copy.
        let short = text.len() <= 240;
        let raw = if short || text.ends_with(['）', ')']) || text.ends_with(|c: char| c.is_ascii_digit()) {
            collapse_ws(&self.cur)
        } else {
            String::new()
        };
        let total = text.chars().filter(|c| !c.is_whitespace()).count().max(1);
        let ratio = (self.cur_linked as f32 / total as f32).min(1.0);
        self.cur.clear();
        self.cur_linked = 0;
        if !text.is_empty() {
            self.items.push(Item::Para(text, raw, ratio));
            self.seen_text = true;
        }
    }

    fn last_is_image(&self) -> bool {
        matches!(self.items.last(), Some(Item::Image(_)))
    }

    fn text_of(&mut self, node: NodeRef<'_, Node>) -> String {
        let saved = std::mem::take(&mut self.cur);
        let saved_items = self.items.len();
        self.walk(node);
        // Blocks inside are joined with spaces.
        let mut parts: Vec<String> = Vec::new();
        for it in self.items.drain(saved_items..) {
            match it {
                Item::Para(p, _, _) | Item::Lead(p) | Item::Caption(p) => parts.push(p),
                Item::Image(_) => {}
            }
        }
        let tail = clean(&self.cur);
        if !tail.is_empty() {
            parts.push(tail);
        }
        self.cur = saved;
        clean(&parts.join(" "))
    }

    fn walk(&mut self, node: NodeRef<'_, Node>) {
        if self.depth >= MAX_WALK_DEPTH {
            for text in node.descendants().filter_map(|d| d.value().as_text()) {
                self.cur.push_str(text);
            }
            return;
        }
        self.depth += 1;
        self.walk_children(node);
        self.depth -= 1;
    }

    fn walk_children(&mut self, node: NodeRef<'_, Node>) {
        for child in node.children() {
            match child.value() {
                Node::Text(t) => {
                    if self.link_depth > 0 {
                        self.cur_linked += t.chars().filter(|c| !c.is_whitespace()).count();
                    }
                    self.cur.push_str(t)
                }
                Node::Element(el) => self.element(child, el),
                _ => {}
            }
        }
    }

    fn element(&mut self, node: NodeRef<'_, Node>, el: &Element) {
        if Some(node.id()) == self.meta_id {
            return;
        }
        let name = el.name();
        if name == "a" && el.attr("rel").is_some_and(|r| r.split_whitespace().any(|t| t.eq_ignore_ascii_case("tag"))) {
            let t = clean(&node.descendants().filter_map(|d| d.value().as_text().map(|t| &**t)).collect::<String>());
            push_unique(&mut self.tags, t);
        }
        if el.classes().any(|c| c.eq_ignore_ascii_case("Attribution_container") || c.eq_ignore_ascii_case("Attribution_content")) {
            self.flush();
            let t = collapse_ws(&node.descendants().filter_map(|d| d.value().as_text().map(|t| &**t)).collect::<String>());
            if !t.is_empty() {
                self.attribution = Some(t);
            }
            return;
        }
        if is_skipped(el) {
            if matches!(name, "video" | "audio") && self.cur.trim().is_empty() {
                self.after_media = true;
            }
            return;
        }
        match name {
            "br" | "hr" => self.flush(),
            "img" => {
                if let Some(img) = image_of(el) {
                    self.flush();
                    self.items.push(Item::Image(img));
                }
            }
            "small" if self.last_is_image() && self.cur.trim().is_empty() => {
                let t = self.text_of(node);
                if !t.is_empty() {
                    self.items.push(Item::Caption(t));
                }
            }
            _ if is_block(name) => {
                self.flush();
                if time_only(node) {
                    return;
                }
                if small_only(node) && self.after_media && !has_descendant(node, &["a"]) {
                    return;
                }
                self.after_media = false;
                if is_byline_el(el) && !has_tag_link(node) {
                    if let Some(names) = byline_names(node) {
                        self.bylines.extend(names);
                        return;
                    }
                }
                let caption = (is_caption_el(el) || (name == "p" && in_figure(node)))
                    && !has_descendant(node, &["img", "picture", "video"]);
                if caption || (self.last_is_image() && small_only(node)) {
                    // A caption belongs to the picture right before it; one
                    // without a picture (of a dropped video, say) is dropped.
                    let t = self.text_of(node);
                    if !t.is_empty() && self.last_is_image() {
                        self.items.push(Item::Caption(t));
                    }
                    return;
                }
                if matches!(name, "ul" | "ol") && links_only_list(node) {
                    return;
                }
                if is_lead_el(el) && !has_descendant(node, &["img", "figure", "video"]) {
                    let t = self.text_of(node);
                    if !t.is_empty() {
                        self.items.push(Item::Lead(t));
                        self.seen_text = true;
                    }
                    return;
                }
                if name == "p" && !self.seen_text && strong_only(node) && followed_by_body_block(node) {
                    let t = self.text_of(node);
                    if !t.is_empty() {
                        self.items.push(Item::Lead(t));
                        self.seen_text = true;
                    }
                    return;
                }
                self.walk(node);
                self.flush();
            }
            "a" => {
                self.link_depth += 1;
                self.walk(node);
                self.link_depth -= 1;
            }
            _ => self.walk(node),
        }
    }
}

/// The RFI standfirst is followed by the block that holds the body text.
fn followed_by_body_block(node: NodeRef<'_, Node>) -> bool {
    node.next_siblings()
        .find(|s| matches!(s.value(), Node::Element(_)))
        .is_some_and(|s| matches!(s.value(), Node::Element(e) if e.name() == "div") && has_descendant(s, &["p"]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_variants() {
        let h = parse_header("<!--1711116901000-->\n[[视频] a [b] (c)](https://x.org/a?b=(1))\n------\n\n<p>x</p>").unwrap();
        assert_eq!(h.capture, Some("1711116901000"));
        assert_eq!(h.title, "[视频] a [b] (c)");
        assert_eq!(h.url, "https://x.org/a?b=(1)");
        assert_eq!(h.body.trim(), "<p>x</p>");
        let h = parse_header("[t](https://x.org/a)\n------\n日期：Sat, 27 Jun 2020 23:00:10 +0000\n\n<p>x</p>").unwrap();
        assert_eq!(h.capture, None);
        assert_eq!(h.date_line, Some("Sat, 27 Jun 2020 23:00:10 +0000"));
        assert!(parse_header("### title\n---\n").is_none());
        assert!(parse_header("[t](u)\nno rule").is_none());
        assert!(parse_header("<!--x-->\n[t](u)\n------\n").is_none());
        assert!(parse_header("").is_none());
    }

    #[test]
    fn front_matter() {
        let text = "---\nlayout: post\ntitle: \"[兩岸] 被控 \\\"x\\\"\"\ndate: 2020-07-22T00:15:00.000Z\nauthor: RTI 中央廣播電臺\nfrom: https://www.rti.org.tw/news/view/id/2073012\ntags: [ RTI 中央廣播電臺 ]\n---\n<!--1595376900000-->\n[t](https://www.rti.org.tw/news/view/id/2073012)\n------\n";
        let (fm, rest) = split_front_matter(text);
        let fm = fm.unwrap();
        assert_eq!(fm.title.as_deref(), Some("[兩岸] 被控 \"x\""));
        assert_eq!(fm.date.as_deref(), Some("2020-07-22T00:15:00.000Z"));
        assert_eq!(fm.from.as_deref(), Some("https://www.rti.org.tw/news/view/id/2073012"));
        assert_eq!(fm.tags, vec!["RTI 中央廣播電臺".to_string()]);
        assert!(rest.starts_with("<!--1595376900000-->"));
        assert!(looks_like(text));
        assert_eq!(split_front_matter("---\nno end").0, None);
        assert_eq!(split_front_matter("--- x\n---\n").0, None);
    }

    #[test]
    fn titles_lose_site_suffixes_only() {
        assert_eq!(strip_site_suffix("疫情又升温  亚股下挫 – 法国国际广播电台 - RFI"), "疫情又升温  亚股下挫");
        assert_eq!(strip_site_suffix("美中交恶，美国华人选边 - 美国专栏"), "美中交恶，美国华人选边 - 美国专栏");
        assert_eq!(strip_site_suffix("Coronavirus - 美国卫生高官发出预警"), "Coronavirus - 美国卫生高官发出预警");
        assert_eq!(strip_site_suffix("RFI"), "RFI");
        assert!(has("o-self-promo", "self-promo") && has("abc", "") && !has("ab", "abc") && has("获取更多RSS：", "RSS") && !has("获取", "取获"));
    }

    #[test]
    fn rfi_sections() {
        let s = |u: &str| section_from_url(Some("RFI"), u);
        assert_eq!(s("https://www.rfi.fr/cn/%E7%BE%8E%E5%9B%BD/20240322-x").as_deref(), Some("美国"));
        assert_eq!(s("http://www.rfi.fr//cn/%E4%B8%AD%E5%9B%BD/20200718-x").as_deref(), Some("中国"));
        assert_eq!(s("http://www.rfi.fr//cn/contenu/20200718-x"), None);
        assert_eq!(s("http://www.rfi.fr/cn/20200718-x"), None);
        assert_eq!(section_from_url(Some("BBC"), "http://www.bbc.com/zhongwen/simp/world-1"), None);
    }

    #[test]
    fn names_and_notes() {
        assert_eq!(split_names("黄安伟,黄安伟"), vec!["黄安伟"]);
        assert_eq!(split_names("  叶宣（综合报道）"), vec!["叶宣"]);
        assert_eq!(split_names("苗子(摘编)"), vec!["苗子"]);
        assert_eq!(split_names("STEVEN LEE MYERS"), vec!["STEVEN LEE MYERS"]);
        assert_eq!(byline("作者：本刊记者 卫毅 发自北京"), Some(vec!["卫毅".to_string()]));
        assert_eq!(byline("文/六神磊磊"), Some(vec!["六神磊磊".to_string()]));
        assert_eq!(byline("作者说了很多话"), None);
        let c = |s: &str| parse_credits(s).map(|c| (c.authors, c.editors));
        let v = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(c("自由亚洲电台记者 夏小华 \u{a0}台北报导 责编 许书婷、何平\u{a0} 网编 瑞哲"), Some((v(&["夏小华"]), v(&["许书婷", "何平"]))));
        assert_eq!(c("自由亚洲电台记者蔡凌巴黎报道 责编：何平 网编：瑞哲"), Some((v(&["蔡凌"]), v(&["何平"]))));
        assert_eq!(c("（记者：韩洁 责编：申铧 网编：洪伟）"), Some((v(&["韩洁"]), v(&["申铧"]))));
        assert_eq!(c("编译 张明钧/杜明霞; 审校 徐文焰/张荻"), Some((v(&["张明钧", "杜明霞"]), v(&["徐文焰", "张荻"]))));
        assert_eq!(c("发稿 沈燕;审校 屈桂娟"), Some((v(&["沈燕"]), v(&["屈桂娟"]))));
        assert_eq!(c("责任编辑：林妍"), Some((vec![], v(&["林妍"]))));
        assert_eq!(c("翻译：纽约时报中文网"), Some((vec![], vec![])));
        assert_eq!(c("他在接受记者采访时说，编辑部很忙。"), None);
        assert_eq!(c("记者"), None);
        assert_eq!(sign_off("杨威廉/张慈 (法新社)"), Some((v(&["杨威廉"]), Some("张慈".to_string()))));
        assert_eq!(sign_off("张平/ 凝炼（法新社）"), Some((v(&["张平"]), Some("凝炼".to_string()))));
        assert_eq!(sign_off("李澄欣（综合报导）"), Some((v(&["李澄欣"]), None)));
        assert_eq!(sign_off("文山/王凡/(香港电台、苹果日报等)"), Some((v(&["文山"]), Some("王凡".to_string()))));
        assert_eq!(sign_off("美国（AFP）"), None);
        assert_eq!(sign_off("这是一个很长的句子（综合报导）"), None);
        assert_eq!(dateline_reporter("（中央社記者王承中台北6日電）國民黨立法院黨團今天").as_deref(), Some("王承中"));
        assert_eq!(dateline_reporter("（大纪元记者张婷综合报导）美国国务卿").as_deref(), Some("张婷"));
        assert_eq!(dateline_reporter("（法新社阿克拉17日综合外电报导）西非国家"), None);
        assert_eq!(dateline_reporter("（德国之声中文网）英国电信"), None);
        assert_eq!(resolve_url("//s3.reutersmedia.net/a.jpg", "https://cn.reuters.com/article/x"), "https://s3.reutersmedia.net/a.jpg");
        assert_eq!(resolve_url("/a/1.jpg", "https://www.rfa.org/mandarin/x.html"), "https://www.rfa.org/a/1.jpg");
        assert_eq!(resolve_url("https://x.org/a.jpg", "https://www.rfa.org/"), "https://x.org/a.jpg");
        let (_, t) = split_trailing_credits("因为防护装具和训练已有改善。（译者：陈家伦/核稿：张佑之）").unwrap();
        assert_eq!(t.editors, v(&["张佑之"]));
        assert_eq!(strip_trailing_group("两案均获通过。（編輯：楊凱翔）1091006"), "两案均获通过。");
        assert!(split_trailing_credits("他说（编辑部）之后又说了别的").is_none());
        assert!(split_trailing_credits("美国（AFP）").is_none());
    }

    #[test]
    fn boilerplate_lines() {
        for b in [
            "分享 :",
            "获取更多RSS： https://feedx.net https://feedx.xyz",
            "继续浏览后续",
            "==========================================",
            "（欢迎点击此处订阅时报中文简报。更多关于新冠疫情的消息，欢迎关注时报英文版实时更新报道。）",
            "嘉宾和观众听众发表的都是个人观点，并不代表美国之音。",
            "《时事大家谈》YouTube播放列表：http://bit.ly/VOAIO-youtube",
            "© 2020 AFP",
            "扫描二维码关注我们",
        ] {
            assert!(is_boilerplate(b), "{b}");
        }
        assert!(is_boilerplate("（完）"));
        assert!(is_boilerplate("节目每星期一到五北京时间晚上九点播出，敬请收看。"));
        assert!(!is_boilerplate("他说，这部纪录片将在明年播出，并表示一定会守在电视前收看。"));
        assert!(is_boilerplate("(完)"));
        for p in ["美国国务卿布林肯于3月22日抵达以色列访问。", "他说：“订阅量下降了。”", "2020", "会议议程已审议完毕。（完）", "完"] {
            assert!(!is_boilerplate(p), "{p}");
        }
    }

    #[test]
    fn minimal_dump() {
        let text = "<!--1711116901000-->\n[标题 &amp; 副题](https://www.rfi.fr/cn/%E7%BE%8E%E5%9B%BD/20240322-x)\n------\n\n<div>22/03/2024 - 15:10</div><img src=\"https://s.rfi.fr/a.jpg\"><p><strong>导语。  </strong></p><div><p>第一段\n  文字。</p><p></p><p>第二段。</p><div data-selfpromo-newsletter>订阅</div></div><div><div>分享 :</div></div>";
        let a = extract(text).unwrap();
        assert_eq!(a.title, "标题 & 副题");
        assert_eq!(a.section.as_deref(), Some("美国"));
        assert_eq!(a.outlet.as_deref(), Some("RFI"));
        assert_eq!(a.published.as_deref(), Some("2024-03-22T14:10:00Z"));
        assert_eq!(a.captured.as_deref(), Some("2024-03-22T14:15:01Z"));
        assert_eq!(a.lead.as_deref(), Some("导语。"));
        assert_eq!(a.paragraphs, vec!["第一段文字。", "第二段。"]);
        assert_eq!(a.image.as_ref().map(|i| i.src.as_str()), Some("https://s.rfi.fr/a.jpg"));
        assert!(a.warnings.is_empty(), "{:?}", a.warnings);
    }

    #[test]
    fn body_is_only_the_meta_line() {
        // A dump whose whole body is the wrapped date line: that is the date, not text.
        let text = "<!--1602242594000-->\n[标题](https://cn.reuters.com/article/x-idCNKBS1)\n------\n\n<div><i>2020-10-09T10:32:14Z</i></div>\n";
        let a = extract(text).unwrap();
        assert_eq!(a.published.as_deref(), Some("2020-10-09T10:32:14Z"));
        assert!(a.paragraphs.is_empty(), "{:?}", a.paragraphs);
        assert!(a.warnings.iter().any(|w| w.contains("no article text")), "{:?}", a.warnings);
    }

    #[test]
    fn styled_component_layout() {
        // Class names of the form `Name-sc-hash-0`: a time-only block, a copyright
        // credit, figure captions (of an image, and of a dropped video).
        let text = "<!--1602067601000-->\n[标题](https://www.bbc.com/zhongwen/simp/world-1)\n------\n\n<main role=\"main\">\
<div class=\"Grid-sc-1-2 a\"><time dateTime=\"2020-10-06\">2020年10月6日</time></div>\
<div class=\"Grid-sc-1-5 b\"><div class=\"Figure-sc-6a-0 c\"><div><div><img src=\"https://x.org/a.jpg\" alt=\"钻石\"/>\
<p role=\"text\" class=\"Copyright-sc-11-0 d\"><span class=\"VisuallyHiddenText-sc-1y-0 e\">图像来源，</span><span>AFP</span></p></div>\
<div><p>图片说明。</p></div></div></div></div>\
<div class=\"Grid-sc-1-2 a\"><p class=\"Paragraph-k8-0 f\">第一段。</p></div>\
<div class=\"Grid-sc-1-5 b\"><div class=\"Figure-sc-6a-0 c\"><div><iframe src=\"https://x.org/v\"></iframe></div><p>视频说明。</p></div></div>\
<div class=\"Grid-sc-1-2 a\"><p class=\"Paragraph-k8-0 f\">第二段。</p></div></main>";
        let a = extract(text).unwrap();
        assert_eq!(a.published.as_deref(), Some("2020-10-06"));
        assert_eq!(a.paragraphs, vec!["第一段。", "第二段。"]);
        let img = a.image.unwrap();
        assert_eq!(img.caption.as_deref(), Some("图片说明。"));
        assert_eq!(img.alt.as_deref(), Some("钻石"));
    }

    #[test]
    fn byline_block_names_the_author() {
        let text = "[标题](https://www.bbc.com/zhongwen/simp/world-2)\n------\n\n<main>\
<div class=\"Grid-sc-1-2 a StyledByline-u-2 b\"><ul class=\"Person-sc-1-2\"><li class=\"Name-sc-1-3\">王小明（Wang Xiaoming）</li><li class=\"Title-sc-1-4\">本台记者</li></ul></div>\
<div><p>正文第一段。</p><p>正文第二段。</p></div></main>";
        let a = extract(text).unwrap();
        assert_eq!(a.authors, vec!["王小明"]);
        assert_eq!(a.paragraphs, vec!["正文第一段。", "正文第二段。"]);
        // Without marked names, the first line of the byline block.
        let text = "[标题](https://x.org/a)\n------\n\n<div class=\"byline\">李四<br>特约记者</div><p>正文。</p><p>又一段。</p>";
        let a = extract(text).unwrap();
        assert_eq!(a.authors, vec!["李四"]);
        assert_eq!(a.paragraphs, vec!["正文。", "又一段。"]);
    }

    #[test]
    fn caption_of_a_dropped_player_is_dropped() {
        let text = "[节目：标题](https://www.voachinese.com/a/x/1.html)\n------\n\n<div><i>Sat, 10 Oct 2020 04:00:58 GMT</i></div>\
<video poster=\"https://x.org/p.jpg\" src=\"https://x.org/v.mp4\" controls></video><div><small style=\"color: #999;\">节目：视频说明</small></div>\
<audio src=\"https://x.org/a.mp3\" controls></audio><div><small style=\"color: #999;\">节目：音频说明</small></div>\
<p>第一段。</p><img src=\"https://x.org/i.jpg\"><div><small>图片说明</small></div><p>第二段。</p>";
        let a = extract(text).unwrap();
        assert_eq!(a.paragraphs, vec!["第一段。", "第二段。"]);
        assert_eq!(a.image.and_then(|i| i.caption).as_deref(), Some("图片说明"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config { cases: 400, ..Default::default() })]
        /// Dumps stitched from the format's own pieces and random text never panic.
        #[test]
        fn random_dumps_never_panic(parts in proptest::collection::vec(proptest::prop_oneof![
            proptest::strategy::Just("<!--1711116901000-->\n".to_string()),
            proptest::strategy::Just("[".to_string()),
            proptest::strategy::Just("](".to_string()),
            proptest::strategy::Just(")\n".to_string()),
            proptest::strategy::Just("------\n".to_string()),
            proptest::strategy::Just("---\ntitle: \"x\"\n---\n".to_string()),
            proptest::strategy::Just("日期：Sat, 27 Jun 2020 23:00:10 +0000\n".to_string()),
            proptest::strategy::Just("<div>22/03/2024 - 15:10</div>".to_string()),
            proptest::strategy::Just("<p><strong>导语</strong></p><div><p>".to_string()),
            proptest::strategy::Just("<img src=\"//x/y.jpg\"><div><small>图</small></div>".to_string()),
            proptest::strategy::Just("（记者：某某 责编：".to_string()),
            proptest::strategy::Just("【大纪元2022年01月21日讯】".to_string()),
            "\\PC{0,12}",
        ], 0..24)) {
            let text: String = parts.concat();
            let _ = looks_like(&text);
            let _ = extract(&text);
            let _ = crate::extract::dates::parse_any(&text, Some(chrono_tz::Europe::Paris));
            let _ = crate::extract::dates::parse_dateline(&text);
        }
    }

    #[test]
    fn a_title_line_of_any_length_is_still_a_header() {
        for chars in [4_000, 10_000, 100_000] {
            let title = "很长的标题".repeat(chars / 5);
            let text = format!("<!--1711116901000-->\n[{title}](https://www.rfi.fr/cn/x)\n------\n\n<p>正文。</p>");
            assert!(looks_like(&text), "{chars} characters");
            let a = extract(&text).unwrap();
            assert_eq!(a.title.chars().count(), chars);
            assert_eq!(a.paragraphs, ["正文。"]);
        }
        // What comes before the title line is still bounded.
        let far = format!("{}[t](https://x.org/a)\n------\n", "\n".repeat(HEADER_LIMIT + 1));
        assert!(!looks_like(&far));
    }

    #[test]
    fn an_unreadable_capture_time_is_a_warning_not_a_different_format() {
        for raw in ["16870383020000000000", "1.7e12", "-1", "12", "9223372036854775807"] {
            let text = format!("<!--{raw}-->\n[标题](https://www.rfi.fr/cn/x)\n------\n\n<div>17/06/2023 - 23:11</div><p>正文。</p>");
            assert!(looks_like(&text), "{raw}");
            let a = extract(&text).unwrap();
            assert_eq!((a.title.as_str(), a.url.as_deref()), ("标题", Some("https://www.rfi.fr/cn/x")), "{raw}");
            assert_eq!(a.captured, None, "{raw}");
            assert_eq!(a.published.as_deref(), Some("2023-06-17T21:11:00Z"), "{raw}");
            assert_eq!(a.warning_codes, [Code::BadCaptureTime], "{raw}");
        }
        // A comment that is not a number still means "not a dump".
        assert!(!looks_like("<!-- generated -->\n[t](https://x.org/a)\n------\n"));
        let long = format!("<!--{}-->\n[t](https://x.org/a)\n------\n<p>x</p>", "9".repeat(500));
        let a = extract(&long).unwrap();
        assert!(a.warnings[0].len() < 200, "the warning quotes a bounded part: {}", a.warnings[0]);
    }

    #[test]
    fn never_panics() {
        for t in ["", "[", "[](", "[]()\n---", "<!--1-->\n[a](b)\n---\n<", "[a](b)\n------\n<p>", "---\n---\n[é](é)\n----\n\u{0}", "[a](b)\n---\n日期："] {
            let _ = looks_like(t);
            let _ = extract(t);
        }
    }
}
