//! Mirrored pages: the Markdown-wrapped copies of epochtimes.com / ntdtv.com
//! articles kept in GitHub mirror repositories (easy2view/epoch-news,
//! epoch-comment, epoch-special; gfw-breaker banned-news and banned-news3).
//!
//! ```text
//! ### title
//! ---                                   (or ------------------------)
//! #### [首页](…) | [评论](…) | …          (navigation; optional, may come later)
//! <div><img …><div class="caption">…</div></div><hr/>     (optional lead image)
//! <div class="post_content" id="artbody"> … </div>       (or class="column", a bare
//!                                                          id="artbody", or bare <p>s)
//! ---
//! 原文链接（需翻墙）：https://www.epochtimes.com/gb/22/1/21/n13520753.htm
//! ```
//!
//! Variants seen in the archives, all handled by the same structural rules:
//! - epoch-news/comment/special: `---` rule, navigation line, lead image with
//!   `div.caption`, body in `div.post_content#artbody` or `div.column#artbody`
//!   (older pages wrap a title block `.arttop` and the text in `.whitebg`,
//!   Minghui reports nest `div.ar_articleContent` boxes, 2000s pages put
//!   pictures in `<table>`s with `span.bn12` captions and white-on-white
//!   watermarks), footer `原文链接（需翻墙）：` or `原文链接：`;
//! - banned-news (bcbn): `------------------------` rule, no navigation, bare
//!   `<p>`s with `<a href>` links and twitter embeds, footer `原文链接：` then a
//!   rule and a navigation line;
//! - banned-news3 (bn2, NTD): rule, navigation, video promo headings
//!   (`#### [ 🎬 …](…)`), proxy line, lead image in `div.featured_image` with
//!   `span.caption`, body in `div.post_content` without id, a QR/share block,
//!   footer `原文地址（需翻墙访问）：`.
//!
//! Links are `<a href>`, `<ok href>` or `<span href>`. Markdown lines (rules,
//! `#`-headings) outside the HTML are dropped before parsing.
//!
//! Twitter embeds: the script is dropped, the tweet text (a `<blockquote>`)
//! is kept as paragraphs, because articles quote tweets as their news content
//! (and some pages leave the blockquote unclosed around the rest of the text).

use super::html::{
    self, blocks, clean_text as clean, collapse_ws, decode_entities, figure_image, img_src, push_unique, resolve_url,
    text_of, Para,
};
use crate::model::{Article, Image};
use crate::problem::{Code, Problem};
use chrono::{Datelike, NaiveDate};
use ego_tree::NodeRef;
use scraper::{Node, Selector};
use std::sync::LazyLock;

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|_| Selector::parse("*").expect("universal selector"))
}

static SEL_BODIES: LazyLock<[Selector; 5]> = LazyLock::new(|| {
    [sel("#artbody"), sel(".post_content"), sel(r#"[itemprop="articleBody"]"#), sel("div.column"), sel("div#storytext")]
});

/// A `### title` line followed by a rule of dashes.
pub fn looks_like(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let Some(first) = lines.next() else { return false };
    let first = first.trim_start_matches('\u{feff}');
    if !first.starts_with("### ") {
        return false;
    }
    lines.next().is_some_and(is_rule)
}

fn is_rule(line: &str) -> bool {
    let l = line.trim();
    l.len() >= 3 && l.bytes().all(|b| b == b'-')
}

/// Markdown outside the HTML: rules and `#`-headings at the start of a line
/// (navigation, video promos, proxy links).
fn is_markdown_line(line: &str) -> bool {
    if is_rule(line) && !line.starts_with(' ') {
        return true;
    }
    let b = line.as_bytes();
    b.first() == Some(&b'#') && matches!(b.get(1), Some(b'#') | Some(b' '))
}

const FOOTER_LABELS: &[&str] = &["原文链接", "原文地址", "原文網址", "原文网址", "原文連結"];

fn footer_url(line: &str) -> Option<Option<String>> {
    if line.starts_with([' ', '\t']) {
        return None;
    }
    let mut l = line.trim();
    // `<br/>原文链接：…` (banned-news copies of Reuters pages): skip leading tags.
    while l.starts_with('<') {
        let Some(e) = l.find('>') else { break };
        l = l[e + 1..].trim_start();
    }
    if !FOOTER_LABELS.iter().any(|p| l.starts_with(p)) {
        return None;
    }
    let Some(pos) = l.find("http") else { return Some(None) };
    let url = l[pos..].split_whitespace().next().unwrap_or("").trim_end_matches(['<', '>']);
    Some((!url.is_empty()).then(|| decode_entities(url)))
}

/// Reads a mirrored page.
pub fn extract(text: &str) -> Result<Article, Problem> {
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() && lines[i].trim().is_empty() {
        i += 1;
    }
    let title_line = lines.get(i).ok_or_else(|| Problem::new(Code::NotArticle, "an empty mirrored page"))?;
    let title = collapse_ws(&decode_entities(title_line.trim().trim_start_matches('\u{feff}').trim_start_matches('#')));
    let mut a = Article { title, ..Article::default() };

    // Footer: the last unindented `原文链接…：url` line.
    let mut end = lines.len();
    for (idx, line) in lines.iter().enumerate().rev() {
        if let Some(url) = footer_url(line) {
            a.url = url;
            end = idx;
            break;
        }
    }
    if a.url.is_none() {
        a.warn(Problem::new(Code::NoUrl, "no source URL: the page has no `原文链接：` footer"));
    }

    // The HTML between header and footer, without Markdown lines.
    let mut body_html = String::with_capacity(text.len());
    for line in lines.get(i + 1..end).unwrap_or(&[]) {
        if !is_markdown_line(line) {
            body_html.push_str(line);
            body_html.push('\n');
        }
    }
    let parsed = super::dom::parse_fragment(&body_html);
    if let Some(w) = parsed.warning() {
        a.warn(w);
    }
    let doc = parsed.html;
    let root = *doc.root_element();
    let body = SEL_BODIES.iter().find_map(|s| doc.select(s).next()).map(|e| *e).unwrap_or(root);

    // Lead image: the first image before the body, with its caption.
    let base = a.url.clone();
    a.image = lead_image(root, body);

    // Text.
    let mut b = blocks(body);
    if a.image.is_none() {
        a.image = b.figures.iter().find(|f| f.after_paras <= 1).map(|f| f.image.clone());
    }
    if let Some(img) = a.image.as_mut() {
        img.src = resolve_url(&img.src, base.as_deref());
        if img.alt.as_deref() == Some(a.title.as_str()) {
            // The alt text only repeats the title; keep it, it is what the page says.
        }
    }
    b.paras.retain(|p| !(p.heading && p.text == a.title));
    let tidy = tidy(b.paras);
    a.paragraphs = tidy.paragraphs;
    a.editor = tidy.editor;
    a.lead = tidy.lead;
    for name in tidy.authors {
        push_unique(&mut a.authors, name);
    }

    // Tags: tag links anywhere on the page (body, tag box), in order.
    for n in root.descendants() {
        let Node::Element(el) = n.value() else { continue };
        let Some(href) = el.attr("href") else { continue };
        let tag = html::tag_from_href(href).or_else(|| {
            // NTD-style keyword links: /gb/申纪兰.htm whose text is the keyword.
            let seg = href.split(['?', '#']).next()?.rsplit('/').next()?;
            let seg = seg.strip_suffix(".htm").or_else(|| seg.strip_suffix(".html"))?;
            let seg = html::percent_decode(seg);
            if seg.is_ascii() || seg.chars().count() > 20 {
                return None;
            }
            let t = text_of(n);
            (seg == t).then_some(t)
        });
        if let Some(tag) = tag {
            push_unique(&mut a.tags, tag);
        }
    }

    // Date: dateline, checked against the date in the URL.
    let url_date = a.url.as_deref().and_then(url_date);
    let published = match (tidy.dateline, url_date) {
        (Some((Some(y), m, d)), _) => NaiveDate::from_ymd_opt(y, m, d),
        (Some((None, m, d)), Some(u)) => NaiveDate::from_ymd_opt(u.year(), m, d),
        (_, u) => u,
    };
    if let (Some(p), Some(u)) = (published, url_date) {
        if (p - u).num_days().abs() > 2 {
            a.warn(Problem::new(
                Code::DateConflict,
                format!("the dateline says {p} but the URL says {u}; using the dateline"),
            ));
        }
    }
    a.published = published.map(|d| d.format("%Y-%m-%d").to_string());
    a.outlet = a.url.as_deref().and_then(super::outlet::from_url);

    if a.paragraphs.is_empty() {
        a.warn(Problem::new(
            Code::NoBody,
            if b.figures.is_empty() {
                "no article text: the mirrored page has an empty body"
            } else {
                "no article text: the body holds only pictures"
            },
        ));
    }
    if a.title.is_empty() {
        a.warn(Problem::new(Code::NoTitle, "no title"));
    }
    Ok(a)
}

/// The first `<img>` that comes before the body, with the first caption box before the body.
fn lead_image(root: NodeRef<'_, Node>, body: NodeRef<'_, Node>) -> Option<Image> {
    if body == root {
        return None;
    }
    let mut image: Option<Image> = None;
    let mut caption: Option<String> = None;
    for n in root.descendants() {
        if n == body {
            break;
        }
        let Node::Element(el) = n.value() else { continue };
        if image.is_none() && el.name() == "img" {
            if let Some(src) = img_src(el) {
                let alt = el.attr("alt").map(clean).filter(|s| !s.is_empty());
                image = Some(Image { src, alt, caption: None });
            }
        } else if caption.is_none()
            && (el.classes().any(|c| c == "caption" || c == "imgtxt")
                || el.id().is_some_and(|i| i.ends_with("imgcaption")))
        {
            let t = text_of(n);
            if !t.is_empty() {
                caption = Some(t);
            }
        } else if image.is_none() && el.name() == "figure" {
            if let Some(img) = figure_image(n) {
                caption = caption.or(img.caption.clone());
                image = Some(img);
            }
        }
    }
    let mut image = image?;
    image.caption = caption.or(image.caption);
    Some(image)
}

/// Paragraphs after boilerplate removal, plus what was lifted out of them.
#[derive(Debug, Default)]
struct Tidy {
    paragraphs: Vec<String>,
    lead: Option<String>,
    editor: Option<String>,
    authors: Vec<String>,
    /// `(year?, month, day)` from a `【大纪元2022年01月21日讯】` dateline.
    dateline: Option<(Option<i32>, u32, u32)>,
}

const RELATED_HEADINGS: &[&str] = &[
    "相关文章",
    "相关新闻",
    "相关报导",
    "相关报道",
    "相关阅读",
    "相关链接",
    "延伸阅读",
    "推荐阅读",
    "相關文章",
    "相關新聞",
    "相關報導",
    "延伸閱讀",
    "推薦閱讀",
    "更多相关",
    "相关视频",
];

const BOILERPLATE_PREFIXES: &[&str] = &[
    "本文只代表作者",
    "本文仅代表作者",
    "本文僅代表作者",
    "(版权归大纪元",
    "（版权归大纪元",
    "版权归大纪元",
    "(版權歸大紀元",
    "（版權歸大紀元",
    "(大纪元版权所有",
    "（大纪元版权所有",
    "手机上长按并复制",
    "大纪元每日更新",
    "点阅【",
    "我们的标准：",
];

const PROMO_WORDS: &[&str] = &[
    "订阅",
    "訂閱",
    "小铃铛",
    "支持大纪元",
    "支持大宇",
    "donorbox",
    "donate.",
    "点击下载",
    "看完整影片",
    "扫描二维码",
    "扫码",
    "下载APP",
    "优惠",
    "欢迎转发",
    "加入会员",
];

const WATERMARKS: &[&str] = &["(http://www.dajiyuan.com)", "(http://www.epochtimes.com)"];

fn tidy(paras: Vec<Para>) -> Tidy {
    let mut t = Tidy::default();
    let mut kept: Vec<String> = Vec::with_capacity(paras.len());
    let mut in_related = false;
    for p in paras {
        let mut text = p.text;
        if text.contains("(http://www.") {
            for w in WATERMARKS {
                if text.contains(w) {
                    text = clean(&text.replace(w, " "));
                }
            }
        }
        if text.is_empty() {
            continue;
        }
        // First, because unclosed links can make it look like a link line.
        // 责任编辑：name (possibly inside "（记者X报导/责任编辑：Y）").
        if let Some((editor, rest)) = split_editor(&text) {
            if t.editor.is_none() && !editor.is_empty() {
                t.editor = Some(editor);
            }
            text = rest;
            if text.is_empty() {
                continue;
            }
        }
        // Related-article lists: a heading, then link lines.
        let bare = text.trim_end_matches(['：', ':', ' ']);
        if RELATED_HEADINGS.contains(&bare) {
            in_related = true;
            continue;
        }
        if in_related {
            if p.link_ratio >= 0.5 {
                continue;
            }
            in_related = false;
        }
        // Navigation/promo links standing alone.
        if p.link_ratio >= 0.7 && text.chars().count() <= 60 {
            continue;
        }
        // A closing byline "（记者何雅婷综合报导）".
        if let Some(inner) = parenthesised(&text) {
            if inner.contains("记者") || inner.contains("記者") {
                let names = byline_names(inner);
                if !names.is_empty() {
                    for n in names {
                        push_unique(&mut t.authors, n);
                    }
                    continue;
                }
            }
        }
        // Markdown bold left in the HTML (`**投资者保护**`, a Reuters subheading): unwrap it
        // before the end marks go, or the closing `**` would be taken for one.
        if text.len() > 4 && text.starts_with("**") && text.ends_with("**") {
            text = text[2..text.len() - 2].trim().to_string();
        }
        text = strip_end_marks(&text);
        if text.is_empty()
            || BOILERPLATE_PREFIXES.iter().any(|b| text.starts_with(b))
            || is_bare_url(&text)
            || is_promo(&text)
        {
            continue;
        }
        kept.push(text);
    }

    // Dateline, byline and lead in the first paragraphs.
    if let Some(k) = kept.iter().take(4).position(|p| dateline(p).is_some()) {
        let (date, after) = dateline(&kept[k]).unwrap_or((None, ""));
        t.dateline = date;
        let mut rest = after.trim_start();
        if let Some((inner, tail)) = leading_parenthesised(rest) {
            let names = byline_names(inner);
            // A byline names a reporter or the newsroom in a few words; an editor's note
            // "（编者按：…大纪元…）" right after the dateline is text.
            let note = inner.starts_with("编者按") || inner.starts_with("編者按") || inner.chars().count() > 60;
            if !note
                && (!names.is_empty() || inner.contains("大纪元") || inner.contains("記者") || inner.contains("记者"))
            {
                for n in names {
                    push_unique(&mut t.authors, n);
                }
                rest = tail;
            }
        }
        if rest.trim().is_empty() {
            kept.remove(k);
        }
        if k > 0 {
            let lead: Vec<String> = kept.drain(..k).collect();
            t.lead = Some(lead.join("\n"));
        }
    }
    // A credit line "作者：章阁" at the top, or "撰写：俞晓薇" at the end (what was left of
    // "撰写：俞晓薇，责任编辑：谢秀捷" once the editor was lifted out).
    let is_credit = |p: &String| {
        CREDIT_LABELS.iter().any(|l| p.starts_with(l) && p[l.len()..].starts_with(['：', ':']))
            && p.chars().count() <= 24
    };
    // A closing credit line in the wire-service style: "编译 张明钧; 审校 李春喜".
    if let Some(last) = kept.last() {
        if last.chars().count() <= 40 {
            if let Some(c) = super::rss::parse_credits(last) {
                for n in c.authors {
                    push_unique(&mut t.authors, n);
                }
                if t.editor.is_none() {
                    t.editor = c.editors.into_iter().next();
                }
                kept.pop();
            }
        }
    }
    let n = kept.len();
    if let Some(k) = kept
        .iter()
        .take(3)
        .position(is_credit)
        .or_else(|| (n.saturating_sub(2)..n).rev().find(|&k| is_credit(&kept[k])))
    {
        let name = clean(kept[k].split_once(['：', ':']).map_or("", |(_, n)| n));
        if !name.is_empty() {
            for n in name.split(['、', '，', ',', ' ']).map(str::trim).filter(|n| !n.is_empty()) {
                push_unique(&mut t.authors, n.to_string());
            }
            kept.remove(k);
        }
    }
    t.paragraphs = kept;
    t
}

/// Labels of a credit line naming the writer.
const CREDIT_LABELS: &[&str] = &["作者", "撰写", "撰文", "撰寫"];

/// Serial notes that follow an end mark: `…。#（待续）` keeps the note, drops the mark.
const SERIAL_NOTES: &[&str] = &["（待续）", "（待續）", "（未完待续）", "（未完待續）", "（续完）", "（續完）", "（完）"];

/// End-of-article marks (`#`, `＃`, `◇`, `@*`) at the end of a paragraph,
/// also when a serial note such as `（待续）` follows them.
fn strip_end_marks(text: &str) -> String {
    for note in SERIAL_NOTES {
        if let Some(body) = text.strip_suffix(note) {
            let stripped = strip_marks_at_end(body);
            if stripped.len() < body.len() {
                return stripped + note;
            }
        }
    }
    strip_marks_at_end(text)
}

fn strip_marks_at_end(text: &str) -> String {
    let trimmed = text.trim_end_matches(['#', '＃', '◇', '@', '*', ' ']);
    if trimmed.len() == text.len() {
        return text.to_string();
    }
    match trimmed.chars().next_back() {
        None => String::new(),
        Some(c) if !c.is_ascii_alphanumeric() => trimmed.to_string(),
        Some(_) => text.to_string(),
    }
}

fn is_bare_url(text: &str) -> bool {
    let t = text.trim_matches(['(', ')', '（', '）', ' ']);
    (t.starts_with("http://") || t.starts_with("https://") || t.starts_with("//") || t.starts_with("www."))
        && !t.contains(' ')
}

/// Subscribe/donate prompts and `label：URL` channel links.
fn is_promo(text: &str) -> bool {
    let n = text.chars().count();
    if n > 90 {
        return false;
    }
    if PROMO_WORDS.iter().any(|w| text.contains(w)) {
        return true;
    }
    // "石山视点： https://…", "观看视频： https://…"
    if let Some(pos) = text.find("http") {
        let label = text[..pos].trim_end();
        let urls_only = text[pos..].split_whitespace().all(|w| w.starts_with("http"));
        if urls_only && (label.ends_with('：') || label.ends_with(':')) && label.chars().count() <= 30 {
            return true;
        }
    }
    false
}

/// `（…）` around the whole text → its inside.
fn parenthesised(text: &str) -> Option<&str> {
    let (inner, tail) = leading_parenthesised(text)?;
    tail.trim().is_empty().then_some(inner)
}

/// A leading `（…）`/`(…)`/`（…〕` group → (inside, rest).
fn leading_parenthesised(text: &str) -> Option<(&str, &str)> {
    let t = text.trim_start();
    let open = t.chars().next()?;
    if !matches!(open, '（' | '(' | '〔') {
        return None;
    }
    let body = &t[open.len_utf8()..];
    let close = body.find(['）', ')', '〕'])?;
    let close_len = body[close..].chars().next().map_or(1, char::len_utf8);
    Some((&body[..close], &body[close + close_len..]))
}

/// `责任编辑` and its short form `责编` (the label must be followed by a colon).
const EDITOR_LABELS: &[&str] = &["责任编辑", "責任編輯", "责编", "責編"];

/// Lifts `责任编辑：name` out of a short paragraph: → (name, what remains).
fn split_editor(text: &str) -> Option<(String, String)> {
    if text.chars().count() > 60 {
        return None;
    }
    let (pos, label_len) = EDITOR_LABELS.iter().find_map(|l| text.find(l).map(|p| (p, l.len())))?;
    let after = text[pos + label_len..].trim_start_matches(' ');
    // Without a colon, "责任编辑" is a word in a sentence.
    let after = after.strip_prefix(['：', ':'])?.trim_start_matches(' ');
    let name_end = after
        .find(['#', '＃', '◇', '@', '*', '）', ')', '；', ';', '，', ',', '/', '／', '|', ' ', '。'])
        .unwrap_or(after.len());
    let name = clean(&after[..name_end]);
    let tail = after[name_end..].trim_start_matches(['#', '＃', '◇', '@', '*', ' ']);
    let mut before = text[..pos].trim_end_matches([' ', '/', '／', '；', ';', '，', ',', '|']).to_string();
    let mut tail = tail.to_string();
    if (before.ends_with('（') || before.ends_with('(')) && (tail.starts_with('）') || tail.starts_with(')')) {
        before.pop();
        tail.remove(0);
    } else if (before.starts_with('（') || before.starts_with('(')) && (tail.starts_with('）') || tail.starts_with(')'))
    {
        // "（转自看中国/责任编辑：张莉）" → "（转自看中国）": the group stays balanced.
    }
    let rest = clean(&format!("{before}{tail}"));
    let rest = if rest.chars().all(|c| matches!(c, '（' | '）' | '(' | ')' | '#' | '＃' | '◇')) {
        String::new()
    } else {
        rest
    };
    Some((name, rest))
}

/// `(year?, month, day)` as written in a Chinese dateline.
type CnDate = (Option<i32>, u32, u32);

/// `【大纪元2022年01月21日讯】…` → (date, text after the bracket).
fn dateline(p: &str) -> Option<(Option<CnDate>, &str)> {
    let start = p.find('【')?;
    if p[..start].chars().count() > 2 {
        return None;
    }
    let inner_start = start + '【'.len_utf8();
    let close = p[inner_start..].find('】')? + inner_start;
    let inner = &p[inner_start..close];
    if inner.chars().count() > 40 {
        return None;
    }
    let date = parse_cn_date(inner)?;
    Some((Some(date), &p[close + '】'.len_utf8()..]))
}

fn cn_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        '〇' | '零' | '○' => Some(0),
        '一' => Some(1),
        '二' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

/// Value of a run of digits or Chinese numerals (`2022`, `０１`, `二零二一`, `十九`, `二十三`).
fn cn_number(chars: &[char]) -> Option<u32> {
    if chars.is_empty() || chars.len() > 4 {
        return None;
    }
    if let Some(ten) = chars.iter().position(|&c| c == '十') {
        let tens = if ten == 0 { 1 } else { cn_digit(chars[0])? };
        let ones = match chars.get(ten + 1) {
            Some(&c) => cn_digit(c)?,
            None => 0,
        };
        return (ten <= 1 && chars.len() <= ten + 2).then_some(tens * 10 + ones);
    }
    chars.iter().try_fold(0u32, |acc, &c| Some(acc * 10 + cn_digit(c)?))
}

fn is_num_char(c: char) -> bool {
    cn_digit(c).is_some() || c == '十'
}

/// `2022年01月21日`, `8月18日`, `二零二一年四月十九日` → (year?, month, day).
pub(crate) fn parse_cn_date(s: &str) -> Option<(Option<i32>, u32, u32)> {
    let chars: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    for (m_pos, _) in chars.iter().enumerate().filter(|(_, c)| **c == '月') {
        let mut m_start = m_pos;
        while m_start > 0 && is_num_char(chars[m_start - 1]) && m_pos - m_start < 2 {
            m_start -= 1;
        }
        let Some(month) = cn_number(&chars[m_start..m_pos]) else { continue };
        let mut d_end = m_pos + 1;
        while d_end < chars.len() && is_num_char(chars[d_end]) && d_end - m_pos <= 3 {
            d_end += 1;
        }
        if !matches!(chars.get(d_end), Some('日') | Some('号') | Some('號')) {
            continue;
        }
        let Some(day) = cn_number(&chars[m_pos + 1..d_end]) else { continue };
        let mut year = None;
        if m_start > 0 && chars[m_start - 1] == '年' {
            let y_end = m_start - 1;
            let mut y_start = y_end;
            while y_start > 0 && cn_digit(chars[y_start - 1]).is_some() && y_end - y_start < 4 {
                y_start -= 1;
            }
            year = cn_number(&chars[y_start..y_end]).map(|y| if y < 100 { 2000 + y as i32 } else { y as i32 });
        }
        let check_year = year.unwrap_or(2000);
        if NaiveDate::from_ymd_opt(check_year, month, day).is_some() && (1900..=2200).contains(&check_year) {
            return Some((year, month, day));
        }
    }
    None
}

/// The date in an article URL: `/gb/22/1/21/n13520753.htm`, `/gb/2020/06/28/a1.html`, `/20240322-…`.
pub(crate) fn url_date(url: &str) -> Option<NaiveDate> {
    let path = url.split_once("://").map_or(url, |(_, r)| r);
    let path = path.split(['?', '#']).next().unwrap_or("");
    let segs: Vec<&str> = path.split('/').skip(1).collect();
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
    };
    for w in segs.windows(3) {
        let (Some(y), Some(m), Some(d)) = (num(w[0]), num(w[1]), num(w[2])) else { continue };
        let year = match w[0].len() {
            1 | 2 => 2000 + y as i32,
            4 => y as i32,
            _ => continue,
        };
        if w[1].len() > 2 || w[2].len() > 2 {
            continue;
        }
        if let Some(date) = NaiveDate::from_ymd_opt(year, m, d) {
            return Some(date);
        }
    }
    for s in &segs {
        let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
        if digits.len() == 8 {
            if let Ok(d) = NaiveDate::parse_from_str(&digits, "%Y%m%d") {
                return Some(d);
            }
        }
    }
    None
}

const LOCATIONS: &[&str] = &[
    "台湾",
    "臺灣",
    "台北",
    "臺北",
    "新北",
    "台中",
    "台南",
    "高雄",
    "桃园",
    "新竹",
    "基隆",
    "嘉义",
    "屏东",
    "宜兰",
    "花莲",
    "台东",
    "纽约",
    "洛杉矶",
    "旧金山",
    "华盛顿",
    "美国",
    "加拿大",
    "多伦多",
    "温哥华",
    "蒙特利尔",
    "渥太华",
    "卡尔加里",
    "香港",
    "澳门",
    "东京",
    "大阪",
    "首尔",
    "悉尼",
    "墨尔本",
    "澳洲",
    "新西兰",
    "奥克兰",
    "伦敦",
    "英国",
    "巴黎",
    "法国",
    "柏林",
    "德国",
    "慕尼黑",
    "法兰克福",
    "罗马",
    "马德里",
    "日内瓦",
    "瑞士",
    "维也纳",
    "布拉格",
    "斯德哥尔摩",
    "芝加哥",
    "休斯顿",
    "波士顿",
    "费城",
    "亚特兰大",
    "西雅图",
    "达拉斯",
    "圣地亚哥",
    "硅谷",
    "新泽西",
    "加州",
    "德州",
    "佛州",
    "迈阿密",
    "拉斯维加斯",
    "底特律",
    "丹佛",
    "凤凰城",
    "圣路易斯",
    "匹兹堡",
    "巴尔的摩",
    "北京",
    "上海",
    "广州",
    "深圳",
    "大陆",
    "中国",
    "日本",
    "韩国",
    "新加坡",
    "马来西亚",
    "印尼",
    "泰国",
    "越南",
    "菲律宾",
    "印度",
    "以色列",
    "乌克兰",
    "俄罗斯",
    "欧洲",
    "布鲁塞尔",
    "海外",
    "综合",
    "编译",
    "采访",
    // Traditional-script spellings (big5 editions).
    "紐約",
    "洛杉磯",
    "舊金山",
    "華盛頓",
    "美國",
    "加拿大",
    "多倫多",
    "溫哥華",
    "墨爾本",
    "倫敦",
    "德國",
    "法國",
    "英國",
    "韓國",
    "臺中",
    "臺南",
    "新北",
    "綜合",
    "編譯",
    "採訪",
];

const BYLINE_SUFFIXES: &[&str] = &[
    "综合报导",
    "综合报道",
    "綜合報導",
    "綜合報道",
    "採訪報導",
    "采访报导",
    "采访报道",
    "编译报导",
    "编译报道",
    "編譯報導",
    "整理报导",
    "专访报导",
    "專訪報導",
    "报导",
    "报道",
    "報導",
    "報道",
    "编译",
    "編譯",
    "撰文",
    "采访",
    "採訪",
    "整理",
    "综合",
    "綜合",
    "电",
    "電",
];

const BYLINE_MARKERS: &[&str] = &["记者", "記者", "作家", "撰稿人", "特约作者", "通讯员"];

/// Names in a byline: `大纪元记者张婷综合报导` → [张婷];
/// `英文大纪元记者Emel Akan报导/谢佳宣编译` → [Emel Akan, 谢佳宣];
/// `大纪元记者姜琳达、李善禾洛杉矶报导` → [姜琳达, 李善禾].
pub(crate) fn byline_names(inner: &str) -> Vec<String> {
    let mut names = Vec::new();
    for part in inner.split(['/', '／', '╱']) {
        let part = clean(part);
        let marker = BYLINE_MARKERS.iter().filter_map(|m| part.rfind(m).map(|p| (p, m.len()))).max_by_key(|(p, _)| *p);
        let rest = match marker {
            Some((p, len)) => &part[p + len..],
            None => {
                // "谢佳宣编译" after a slash: a translator/compiler without a marker.
                if ["编译", "編譯", "翻译", "整理"].iter().any(|s| part.ends_with(s)) && !part.contains("大纪元")
                {
                    part.as_str()
                } else {
                    continue;
                }
            }
        };
        // "（特约记者：冰凌）": the marker may be a label with a colon.
        let mut s = rest.trim().trim_start_matches(['：', ':']).trim_start().to_string();
        loop {
            let before = s.len();
            for suf in BYLINE_SUFFIXES {
                if let Some(stripped) = s.strip_suffix(suf) {
                    s = stripped.trim_end().to_string();
                }
            }
            if s.len() == before {
                break;
            }
        }
        for cand in s.split(['、', '，', ',', '和', '及']) {
            if let Some(name) = person_name(cand.trim()) {
                push_unique(&mut names, name);
            }
        }
    }
    names
}

/// A person's name, with a trailing place (`林紫馨台湾台北` → `林紫馨`) removed.
fn person_name(cand: &str) -> Option<String> {
    if cand.is_empty() {
        return None;
    }
    let has_cjk = cand.chars().any(crate::text::is_cjk);
    if !has_cjk {
        let ok = cand.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '-' | '\''))
            && cand.chars().count() <= 40;
        return ok.then(|| cand.to_string());
    }
    let chars: Vec<char> = cand.chars().collect();
    if chars.len() < 2 {
        return None;
    }
    let is_place = |rest: &[char]| {
        let r: String = rest.iter().collect();
        LOCATIONS.iter().any(|l| r.starts_with(l))
            || (rest.len() <= 5
                && rest.len() >= 2
                && matches!(rest.last(), Some('州') | Some('市') | Some('县') | Some('省')))
    };
    let name_len =
        if chars.len() <= 3 {
            chars.len()
        } else {
            (2..=chars.len().min(4))
                .find(|&i| i < chars.len() && is_place(&chars[i..]))
                .unwrap_or(if chars.len() == 4 { 4 } else { 3 })
        };
    let name: String = chars[..name_len].iter().collect();
    (!LOCATIONS.contains(&name.as_str()) && name.chars().all(crate::text::is_cjk)).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_marks_go_also_before_a_serial_note() {
        assert_eq!(strip_end_marks("理念回归。#（待续）"), "理念回归。（待续）");
        assert_eq!(strip_end_marks("理念回归。＃"), "理念回归。");
        assert_eq!(strip_end_marks("第一集（待续）"), "第一集（待续）");
        assert_eq!(strip_end_marks("C#"), "C#");
    }

    #[test]
    fn a_gbk_copy_reads_like_the_utf8_original() {
        let utf8 = include_bytes!("../../fixtures/seeds/004_d36ee75ac0d48196.txt");
        let text = std::str::from_utf8(utf8).unwrap().replace('\n', "\r\n");
        let (gbk, _, unmappable) = encoding_rs::GB18030.encode(&text);
        assert!(!unmappable);
        let a = crate::extract("a.txt", utf8);
        let b = crate::extract("b.txt", &gbk);
        let (a, b) = (a.as_article().unwrap(), b.as_article().unwrap());
        assert!(matches!(b.source.encoding.as_deref(), Some("GBK" | "GB18030")), "{:?}", b.source.encoding);
        assert_eq!(a.title, b.title);
        assert_eq!(a.paragraphs, b.paragraphs);
        assert_eq!((&a.authors, &a.editor, &a.tags, &a.published), (&b.authors, &b.editor, &b.tags, &b.published));
    }

    #[test]
    fn an_unseen_layout_is_read_by_the_same_rules() {
        // Bare id="artbody", <span href> links, figure lead image, traditional script,
        // an ad box, a related list and the 原文地址 footer.
        let page = "### 測試標題　副題\n------------------------\n\n#### [首頁](../..) | [翻牆](x)\n\n\
            <figure><img src=\"//i.example.com/a.jpg\" alt=\"\"><figcaption>圖說 文字</figcaption></figure>\n\
            <div id=\"artbody\">\n <p>【大紀元2023年3月5日訊】（大紀元記者王小明紐約報導）第一段\n  <span href=\"https://www.epochtimes.com/b5/tag/%E7%B4%90%E7%B4%84.html\">\n   紐約\n  </span>\n  文字。</p>\n\
            <div class=\"ad-box\">廣告</div>\n <p>第二段 Latin words stay.#</p>\n <p>相關文章：</p>\n\
            <ul><li><a href=\"/b5/23/3/1/n1.htm\">另一篇文章標題</a></li></ul>\n <p>責任編輯：李四</p>\n</div>\n\n---\n\n\
            原文地址（需翻墙访问）：https://www.epochtimes.com/b5/23/3/5/n14000000.htm\n";
        assert!(looks_like(page));
        let a = extract(page).unwrap();
        assert_eq!(a.title, "測試標題 副題", "an ideographic space in a title becomes one space");
        assert_eq!(a.url.as_deref(), Some("https://www.epochtimes.com/b5/23/3/5/n14000000.htm"));
        assert_eq!(a.published.as_deref(), Some("2023-03-05"));
        assert_eq!(a.authors, ["王小明"]);
        assert_eq!(a.editor.as_deref(), Some("李四"));
        assert_eq!(a.tags, ["紐約"]);
        assert_eq!(
            a.paragraphs,
            ["【大紀元2023年3月5日訊】（大紀元記者王小明紐約報導）第一段紐約文字。", "第二段 Latin words stay."]
        );
        let img = a.image.unwrap();
        assert_eq!(img.src, "https://i.example.com/a.jpg");
        assert_eq!(img.caption.as_deref(), Some("圖說 文字"));
        assert!(a.warnings.is_empty(), "{:?}", a.warnings);
    }

    #[test]
    fn a_storytext_page_with_a_header_image() {
        // Body in div#storytext, lead image in div#headerimg with a caption box named by id,
        // paragraphs split by <br/><br/>, a QR/share block, and no date but an RFA URL stamp.
        let page = "### 专栏 | 测试标题\n------------------------\n\n#### [首页](x) | [翻墙](y)\n\n\
            <div id=\"headerimg\">\n <img alt=\"图说。（资料图）\" src=\"https://example.org/a.jpg\"/>\n\
             <div id=\"headerimgcontents\"><div id=\"headerimgcaption\"><span>\n  图说。（资料图）\n </span></div></div>\n</div>\n\
            <hr/>\n<div id=\"storytext\">\n <p>\n  第一段\n  文字。\n  <br/>\n  <br/>\n  第二段。\n </p>\n <p>（特约记者：王五；责编：赵六）</p>\n</div>\n\n<hr/>\n\
            手机上长按并复制下列链接或二维码分享本文章：<br/>\nhttps://github.com/x/y/blob/master/pages/a.md <br/>\n\
            原文地址（需翻墙访问）：https://www.rfa.org/mandarin/zhuanlan/x/abcd-07102019155732.html\n";
        let a = extract(page).unwrap();
        assert_eq!(a.paragraphs, ["第一段文字。", "第二段。"]);
        let img = a.image.expect("lead image");
        assert_eq!(img.src, "https://example.org/a.jpg");
        assert_eq!(img.caption.as_deref(), Some("图说。（资料图）"));
        assert_eq!(a.published, None);
        assert_eq!(a.authors, ["王五"]);
        assert_eq!(a.editor.as_deref(), Some("赵六"));
        assert_eq!(a.outlet.as_deref(), Some("RFA"));
    }

    #[test]
    fn a_closing_credit_line_names_the_writer() {
        let page = "### 标题\n\n---\n\n<div class=\"post_content\" id=\"artbody\">\n\
            <p>第一段。</p>\n<p>第二段。</p>\n<p>第三段。</p>\n<p>第四段。</p>\n<p>撰写：王小明，责任编辑：李四</p>\n</div>\n\n---\n\n\
            原文链接：https://www.epochtimes.com/gb/16/8/2/n1.htm\n";
        let a = extract(page).unwrap();
        assert_eq!(a.authors, ["王小明"]);
        assert_eq!(a.editor.as_deref(), Some("李四"));
        assert_eq!(a.paragraphs, ["第一段。", "第二段。", "第三段。", "第四段。"]);
        // A sentence that merely starts with the word is text.
        let page = page.replace("<p>第四段。</p>", "<p>作者：这一段很长很长很长很长很长很长很长很长很长很长，是正文。</p>");
        let a = extract(&page).unwrap();
        assert_eq!(a.paragraphs.len(), 4);
    }

    #[test]
    fn a_wire_page_with_a_tagged_footer_and_credits() {
        let page = "### 标题\n------------------------\n\n<div class=\"StandardArticleBody_body\">\n\
            <p>路透北京8月29日 - 第一段。</p>\n<p>**小标题**</p>\n<p>第二段。(完)</p>\n\
            <div class=\"Attribution_container\"><p>编译 张三; 审校 李四</p></div>\n\
            <div><span>我们的标准：</span><span><a href=\"https://example.com/a.pdf\">信任原则</a></span></div>\n</div>\n\
            <br/>原文链接：https://cn.reuters.com/article/x-idCNKCS1LE0IX?feedType=RSS\n\n\n------------------------\n\
            #### [首页](x)\n";
        let a = extract(page).unwrap();
        assert_eq!(a.url.as_deref(), Some("https://cn.reuters.com/article/x-idCNKCS1LE0IX?feedType=RSS"));
        assert_eq!(a.paragraphs, ["路透北京8月29日 - 第一段。", "小标题", "第二段。(完)"]);
        assert_eq!(a.authors, ["张三"]);
        assert_eq!(a.editor.as_deref(), Some("李四"));
        assert!(a.warnings.is_empty(), "{:?}", a.warnings);
    }

    #[test]
    fn an_editors_note_after_the_dateline_is_text() {
        let page = "### 标题\n\n---\n\n<div class=\"post_content\" id=\"artbody\">\n\
            <p>【大纪元2018年02月20日讯】（编者按：本书由大纪元翻译连载。）</p>\n<p>正文。</p>\n\
            <p>译者：王五，责任编辑：李四</p>\n</div>\n\n---\n\n原文链接：https://www.epochtimes.com/gb/18/2/20/n1.htm\n";
        let a = extract(page).unwrap();
        assert_eq!(a.paragraphs, ["【大纪元2018年02月20日讯】（编者按：本书由大纪元翻译连载。）", "正文。"]);
        assert_eq!(a.editor.as_deref(), Some("李四"));
        assert_eq!(a.published.as_deref(), Some("2018-02-20"));
        // The reporter's byline still goes.
        let page = page.replace("（编者按：本书由大纪元翻译连载。）", "（大纪元记者张三报导）");
        let a = extract(&page).unwrap();
        assert_eq!(a.paragraphs, ["正文。"]);
        assert_eq!(a.authors, ["张三"]);
    }

    #[test]
    fn recognises_mirrors_only() {
        assert!(looks_like("### 标题\n\n---\n\n#### [首页](..)"));
        assert!(looks_like("### 标题\n------------------------\n\n<p>x</p>"));
        assert!(!looks_like("<!--1711116901000-->\n[t](u)\n------\n"));
        assert!(!looks_like("### 标题\n正文"));
        assert!(!looks_like(""));
    }

    #[test]
    fn dates_from_datelines_and_urls() {
        assert_eq!(parse_cn_date("大纪元2022年01月21日讯"), Some((Some(2022), 1, 21)));
        assert_eq!(parse_cn_date("大纪元8月18日讯"), Some((None, 8, 18)));
        assert_eq!(parse_cn_date("明慧网二零二一年四月十九日"), Some((Some(2021), 4, 19)));
        assert_eq!(parse_cn_date("新唐人北京时间2020年06月28日讯"), Some((Some(2020), 6, 28)));
        assert_eq!(parse_cn_date("2021年2月30日"), None);
        assert_eq!(parse_cn_date("有冇搞错"), None);
        assert_eq!(
            url_date("https://www.epochtimes.com/gb/22/1/21/n13520753.htm"),
            NaiveDate::from_ymd_opt(2022, 1, 21)
        );
        assert_eq!(url_date("https://www.epochtimes.com/gb/1/8/18/n120580.htm"), NaiveDate::from_ymd_opt(2001, 8, 18));
        assert_eq!(
            url_date("https://www.ntdtv.com/gb/2020/06/28/a102881511.html"),
            NaiveDate::from_ymd_opt(2020, 6, 28)
        );
        assert_eq!(
            url_date("https://www.rfi.fr/cn/%E7%BE%8E/20240322-%E8%A7%86"),
            NaiveDate::from_ymd_opt(2024, 3, 22)
        );
        // RFA's `name-MMDDYYYYhhmmss.html` stamp is not the publication date (a 2019
        // story sits at 0122wul01-03132015102751.html): no date from it.
        assert_eq!(url_date("https://www.rfa.org/mandarin/guojishijiao/0122wul01-03132015102751.html"), None);
        assert_eq!(url_date("https://example.com/a/b"), None);
    }

    #[test]
    fn bylines() {
        let cases: &[(&str, &[&str])] = &[
            ("大纪元记者张婷综合报导", &["张婷"]),
            ("大纪元记者林紫馨台湾台北报导", &["林紫馨"]),
            ("大纪元记者钟元台北报导", &["钟元"]),
            ("大纪元记者施萍密苏里州报导", &["施萍"]),
            ("大纪元记者李辰美国华盛顿DC报导", &["李辰"]),
            ("大纪元记者姜琳达、李善禾洛杉矶报导", &["姜琳达", "李善禾"]),
            ("大纪元记者徐简、戴芙若、李言综合报导", &["徐简", "戴芙若", "李言"]),
            ("英文大纪元记者Emel Akan报导/谢佳宣编译", &["Emel Akan", "谢佳宣"]),
            ("特约记者：冰凌", &["冰凌"]),
            ("大纪元专栏作家Milton Ezrati撰文／曲志卓编译", &["Milton Ezrati", "曲志卓"]),
            ("希望之声记者/大纪元特约记者林佳采访报导", &["林佳"]),
            ("大纪元时报记者赵晓慧╱台北报导", &["赵晓慧"]),
            ("大纪元纽约记者站报导", &[]),
            ("大纪元 澳洲 墨尔本 记者站报导", &[]),
            ("大纪元讯", &[]),
            ("记者何雅婷综合报导", &["何雅婷"]),
            ("大紀元記者林紫馨臺灣臺北報導", &["林紫馨"]),
            ("大紀元記者張婷綜合報導", &["張婷"]),
        ];
        for (inner, want) in cases {
            assert_eq!(byline_names(inner), *want, "{inner}");
        }
    }

    #[test]
    fn editor_lines() {
        assert_eq!(split_editor("责任编辑：林妍#"), Some(("林妍".into(), String::new())));
        assert_eq!(split_editor("责任编辑：高静 #◇"), Some(("高静".into(), String::new())));
        assert_eq!(split_editor("（责任编辑：简阳）"), Some(("简阳".into(), String::new())));
        assert_eq!(split_editor("文字整理：李洁思；责任编辑：高静#"), Some(("高静".into(), "文字整理：李洁思".into())));
        assert_eq!(split_editor("（转自看中国/责任编辑：张莉）"), Some(("张莉".into(), "（转自看中国）".into())));
        assert_eq!(split_editor("责任编辑："), Some((String::new(), String::new())));
        assert_eq!(split_editor("他是该报责任编辑"), None);
        assert_eq!(split_editor("责编: 胡力汉"), Some(("胡力汉".into(), String::new())));
        assert_eq!(split_editor("（責編：王五）"), Some(("王五".into(), String::new())));
        assert_eq!(split_editor("他做过责编工作"), None);
    }

    #[test]
    fn end_marks_and_promos() {
        assert_eq!(strip_end_marks("正确的事。#"), "正确的事。");
        assert_eq!(strip_end_marks("答案。◇"), "答案。");
        assert_eq!(strip_end_marks("＃"), "");
        assert_eq!(strip_end_marks("I love C#"), "I love C#");
        assert!(is_promo("订阅YouTube： https://bit.ly/3jLx38F"));
        assert!(is_promo("石山视点： https://www.youtube.com/channel/UCft7MI1Jn6L5W0nz5rZn29g"));
        assert!(!is_promo("他说：“我们欢迎公平竞争。”"));
        assert!(is_bare_url("https://donate.epochtimes.com"));
    }
}
