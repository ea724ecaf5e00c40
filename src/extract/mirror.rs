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

use super::blocks::{blocks, figure_image, Para};
use super::dates::{self, CnDate, PubDate};
use super::select::{select, selector, Selector};
use super::tags::{keyword_tags, TagName};
use super::{boilerplate, credits, dom, outlet};
use crate::model::{Article, Image};
use crate::problem::{Code, Problem};
use crate::text::{collapse_ws, decode_entities, fold_han, is_rule, push_unique, resolve_url};
use chrono::Datelike;
use dom::text_of;
use ego_tree::NodeRef;
use scraper::Node;
use std::sync::LazyLock;

static SEL_BODIES: LazyLock<[Selector; 5]> = LazyLock::new(|| {
    let sel = selector;
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
    // The address starts at `http`; failing that, it is whatever follows the
    // label's colon (a `data:` or `javascript:` link, which the sanitiser
    // then drops with an `unsafe-url` warning rather than a silent `no-url`).
    let start = l
        .find("http")
        .or_else(|| l.find(['：', ':']).map(|colon| colon + l[colon..].chars().next().map_or(0, char::len_utf8)));
    let Some(start) = start else { return Some(None) };
    let url = l[start..].split_whitespace().next().unwrap_or("").trim_end_matches(['<', '>']);
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
    let parsed = dom::parse_fragment(&body_html);
    if let Some(w) = parsed.warning() {
        a.warn(w);
    }
    let doc = parsed.html;
    let root = *doc.root_element();
    let body = SEL_BODIES.iter().find_map(|s| select(&doc, s).next()).map(|e| *e).unwrap_or(root);

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
    }
    b.paras.retain(|p| !(p.heading && p.text == a.title));
    let tidy = tidy(b.paras);
    a.paragraphs = tidy.paragraphs;
    a.headings = tidy.headings;
    a.editor = tidy.editor;
    a.lead = tidy.lead;
    for name in tidy.authors {
        push_unique(&mut a.authors, name);
    }

    // Tags: tag and keyword links anywhere on the page (body, tag box), in order.
    a.tags = keyword_tags(root, TagName::Slug);

    // Date: dateline, checked against the date in the URL.
    let url_date = a.url.as_deref().and_then(dates::url_date);
    let published = match tidy.dateline {
        Some(dateline) => dateline.date(url_date.map(|u| u.year())),
        None => url_date,
    };
    if let (Some(p), Some(u)) = (published, url_date) {
        if (p - u).num_days().abs() > 2 {
            a.warn(Problem::new(
                Code::DateConflict,
                format!("the dateline says {p} but the URL says {u}; using the dateline"),
            ));
        }
    }
    a.published = published.map(|d| PubDate::Date(d).to_string());
    a.outlet = a.url.as_deref().and_then(outlet::from_url);

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
            image = dom::image(el);
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
    /// Indexes of the subheadings among `paragraphs`.
    headings: Vec<usize>,
    lead: Option<String>,
    editor: Option<String>,
    authors: Vec<String>,
    /// The date of a `【大纪元2022年01月21日讯】` dateline.
    dateline: Option<CnDate>,
}

fn tidy(paras: Vec<Para>) -> Tidy {
    let mut t = Tidy::default();
    let mut kept: Vec<String> = Vec::with_capacity(paras.len());
    let mut in_related = false;
    // Whether each kept paragraph came from a heading element (changed with `kept`).
    let mut is_heading: Vec<bool> = Vec::with_capacity(paras.len());
    for p in paras {
        let heading = p.heading;
        let mut text = boilerplate::strip_watermarks(&p.text).unwrap_or(p.text);
        if text.is_empty() {
            continue;
        }
        // First, because unclosed links can make it look like a link line.
        // 责任编辑：name (possibly inside "（记者X报导/责任编辑：Y）").
        if let Some((editor, rest)) = credits::split_editor(&text) {
            if t.editor.is_none() && !editor.is_empty() {
                t.editor = Some(editor);
            }
            text = rest;
            if text.is_empty() {
                continue;
            }
        }
        // Related-article lists: a heading, then link lines.
        if boilerplate::is_related_heading(&text) {
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
        if let Some(inner) = credits::parenthesised(&text) {
            if fold_han(inner).contains("记者") {
                let names = credits::reporter_names(inner);
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
        text = boilerplate::strip_end_marks(&text);
        if text.is_empty() || boilerplate::is_page_boilerplate(&text) {
            continue;
        }
        is_heading.push(heading);
        kept.push(text);
    }

    // Dateline, byline and lead in the first paragraphs.
    if let Some(k) = kept.iter().take(4).position(|p| dates::dateline(p).is_some()) {
        let (date, after) = dates::dateline(&kept[k]).map_or((None, ""), |(d, rest)| (Some(d), rest));
        t.dateline = date;
        let mut rest = after.trim_start();
        if let Some((inner, tail)) = credits::leading_parenthesised(rest) {
            let names = credits::reporter_names(inner);
            // A byline names a reporter or the newsroom in a few words; an editor's note
            // "（编者按：…大纪元…）" right after the dateline is text.
            let folded = fold_han(inner);
            let note = folded.starts_with("编者按") || inner.chars().count() > 60;
            if !note && (!names.is_empty() || folded.contains("大纪元") || folded.contains("记者")) {
                for n in names {
                    push_unique(&mut t.authors, n);
                }
                rest = tail;
            }
        }
        if rest.trim().is_empty() {
            kept.remove(k);
            is_heading.remove(k);
        }
        if k > 0 {
            is_heading.drain(..k);
            let lead: Vec<String> = kept.drain(..k).collect();
            t.lead = Some(lead.join("\n"));
        }
    }
    // A closing credit line in the wire-service style: "编译 张明钧; 审校 李春喜".
    if let Some(last) = kept.last() {
        if last.chars().count() <= 40 {
            if let Some(c) = credits::parse_credits(last) {
                for n in c.authors {
                    push_unique(&mut t.authors, n);
                }
                if t.editor.is_none() {
                    t.editor = c.editors.into_iter().next();
                }
                kept.pop();
                is_heading.pop();
            }
        }
    }
    // A byline "作者：章阁" at the top, or "撰写：俞晓薇" at the end (what was left of
    // "撰写：俞晓薇，责任编辑：谢秀捷" once the editor was lifted out).
    let n = kept.len();
    let is_byline = |p: &String| credits::byline(p).is_some();
    let at = kept
        .iter()
        .take(3)
        .position(is_byline)
        .or_else(|| (n.saturating_sub(2)..n).rev().find(|&k| is_byline(&kept[k])));
    if let Some(k) = at {
        is_heading.remove(k);
        for name in credits::byline(&kept.remove(k)).unwrap_or_default() {
            push_unique(&mut t.authors, name);
        }
    }
    t.headings = is_heading.iter().enumerate().filter(|(_, &h)| h).map(|(i, _)| i).collect();
    t.paragraphs = kept;
    t
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let page =
            page.replace("<p>第四段。</p>", "<p>作者：这一段很长很长很长很长很长很长很长很长很长很长，是正文。</p>");
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
}
