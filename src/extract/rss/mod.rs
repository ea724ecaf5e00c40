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
//!
//! [`header`] reads the lines before the HTML, [`body`] walks the HTML;
//! credits, boilerplate and dates are read by the modules every reader
//! shares ([`super::credits`], [`super::boilerplate`], [`super::dates`]).

mod body;
mod header;

use super::dates::{self, PubDate};
use super::{credits, dom, front_matter, outlet};
use crate::model::Article;
use crate::problem::{Code, Problem};
use crate::search::normalize;
use crate::text::{clean, collapse_ws, decode_entities, percent_decode, resolve_url};
use chrono::{DateTime, Utc};
use header::parse_header;

/// True when the text is an RSS dump (front matter allowed before it).
pub fn looks_like(text: &str) -> bool {
    let (_, rest) = front_matter::split(text);
    let rest = rest.trim_start_matches('\u{feff}');
    match parse_header(rest) {
        Some(h) => !h.url.is_empty() || h.cut,
        None => false,
    }
}

/// Trailing ` – 法国国际广播电台 - RFI`-style site names dropped from titles,
/// as folded by the search normaliser (lower case, Simplified).
const SITE_NAMES: &[&str] = &[
    "rfi",
    "法国国际广播电台",
    "bbc",
    "bbc news",
    "bbc news 中文",
    "bbc中文网",
    "bbc 中文网",
    "voa",
    "美国之音",
    "dw",
    "德国之声",
    "纽约时报中文网",
    "ft中文网",
    "路透",
    "路透中文网",
    "reuters",
    "自由亚洲电台",
    "rfa",
    "中国数字时代",
    "china digital times",
    "大纪元",
    "新唐人",
    "新唐人电视台",
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
        if SITE_NAMES.contains(&normalize(tail).as_str()) && !t[..i].trim().is_empty() {
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
    let (fm, rest) = front_matter::split(text);
    let rest = rest.trim_start_matches('\u{feff}');
    let header = parse_header(rest).ok_or_else(|| {
        Problem::new(Code::NotArticle, "not an RSS dump: no `[title](url)` line followed by a `------` rule")
    })?;
    let mut art = Article::default();
    let mut warnings = Vec::new();
    if header.cut {
        warnings.push(Problem::new(
            Code::Truncated,
            "the dump ends inside its header: it has a title but no body, and a URL only if the link was complete",
        ));
    }

    // Title and URL.
    let mut title = strip_site_suffix(&collapse_ws(&decode_entities(&header.title)));
    if title.is_empty() {
        if let Some(t) = fm.as_ref().and_then(|f| f.title.as_deref()) {
            title = collapse_ws(&decode_entities(t));
            warnings.push(Problem::new(
                Code::FromFrontMatter,
                "title taken from the front matter (the title line is empty)",
            ));
        }
    }
    let mut url = decode_entities(header.url.trim()).trim().to_string();
    if url.is_empty() {
        if let Some(u) = fm.as_ref().and_then(|f| f.article_url()) {
            url = u.to_string();
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
    let mut body = body::read(dom::fragment_pieces(header.body), tz);
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
        published = body.time.take();
    }
    if published.is_none() {
        if let Some(d) = fm.as_ref().and_then(|f| f.date.as_deref()) {
            if let Some(p) = dates::parse_timestamp(d) {
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
                format!(
                    "publication date {p} is after the capture time {}; one of them is wrong",
                    dates::format_utc(c)
                ),
            ));
        }
    }
    art.published = published.map(|p| p.to_string());

    art.title = title;
    art.url = (!url.is_empty()).then_some(url);
    art.authors = body.authors;
    art.editor = body.editor;
    art.image = body.image.map(|mut img| {
        img.src = resolve_url(&img.src, art.url.as_deref());
        img
    });
    // A reporter named in the opening dateline (`（中央社記者王承中台北6日電）`).
    if art.authors.is_empty() {
        if let Some(first) = body.paragraphs.first() {
            art.authors = credits::dateline_reporters(first);
        }
    }
    art.lead = body.lead;
    // A first heading that repeats the title is not text.
    if let Some(first) = body.paragraphs.first() {
        if *first == art.title {
            body.paragraphs.remove(0);
            body.headings.retain(|&h| h != 0);
            body.headings.iter_mut().for_each(|h| *h -= 1);
        }
    }
    art.paragraphs = body.paragraphs;
    art.headings = body.headings;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subheadings_are_marked_and_bold_sentences_are_not() {
        let text = "<!--1711116901000-->\n[标题](https://www.bbc.com/zhongwen/simp/a)\n------\n\n\
             <p>第一段。</p><h2>小标题一</h2><p>第二段。</p><p><strong>小标题二</strong></p>\
             <p><b>加粗的一整句话也是正文。</b></p><p>第三段。</p>";
        let a = extract(text).unwrap();
        assert_eq!(
            a.paragraphs,
            ["第一段。", "小标题一", "第二段。", "小标题二", "加粗的一整句话也是正文。", "第三段。"]
        );
        assert_eq!(a.headings, [1, 3], "<h2> and a whole-line <strong>; a bold sentence stays a paragraph");
    }

    #[test]
    fn a_heading_repeating_the_title_goes_and_the_others_move_up() {
        let text = "<!--1711116901000-->\n[标题](https://www.bbc.com/zhongwen/simp/a)\n------\n\n\
             <h1>标题</h1><p>第一段。</p><h2>小标题</h2><p>第二段。</p>";
        let a = extract(text).unwrap();
        assert_eq!(a.paragraphs, ["第一段。", "小标题", "第二段。"]);
        assert_eq!(a.headings, [1]);
    }

    #[test]
    fn a_long_body_read_in_pieces_reads_as_one() {
        let paragraphs: Vec<String> = (0..60_000).map(|i| format!("第{i}段。")).collect();
        let body: String = paragraphs.iter().map(|p| format!("<p>{p}")).collect();
        assert!(body.len() > 3 * dom::PIECE_BYTES, "the body is read in several pieces");
        let text = format!(
            "<!--1711116901000-->\n[长文](https://www.rfi.fr/cn/a)\n------\n\n<div>22/03/2024 - 15:10</div>\
             <p><time datetime=\"2020-01-01\">x</time>导语。{body}<p>（责编：李四）"
        );
        let a = extract(&text).unwrap();
        assert_eq!(a.published.as_deref(), Some("2024-03-22T14:10:00Z"), "the meta line of the first piece");
        assert_eq!(a.editor.as_deref(), Some("李四"), "the credit line of the last piece");
        assert_eq!(&a.paragraphs[1..], &paragraphs[..]);
        assert!(a.warnings.is_empty(), "{:?}", a.warnings);
    }

    #[test]
    fn front_matter_before_the_dump() {
        let text = "---\nlayout: post\ntitle: \"标题\"\nfrom: https://www.rti.org.tw/news/view/id/2073012\n---\n<!--1595376900000-->\n[](https://www.rti.org.tw/news/view/id/2073012)\n------\n<p>正文。</p>";
        assert!(looks_like(text));
        let a = extract(text).unwrap();
        assert_eq!(a.title, "标题");
        assert_eq!(a.warning_codes, [Code::FromFrontMatter]);
    }

    #[test]
    fn titles_lose_site_suffixes_only() {
        assert_eq!(strip_site_suffix("疫情又升温  亚股下挫 – 法国国际广播电台 - RFI"), "疫情又升温  亚股下挫");
        assert_eq!(strip_site_suffix("美中交恶，美国华人选边 - 美国专栏"), "美中交恶，美国华人选边 - 美国专栏");
        assert_eq!(strip_site_suffix("Coronavirus - 美国卫生高官发出预警"), "Coronavirus - 美国卫生高官发出预警");
        assert_eq!(strip_site_suffix("RFI"), "RFI");
        assert_eq!(strip_site_suffix("标题 - 法國國際廣播電臺 - rfi"), "标题");
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
            let _ = crate::extract::dates::dateline(&text);
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
        let far = format!("{}[t](https://x.org/a)\n------\n", "\n".repeat(header::HEADER_LIMIT + 1));
        assert!(!looks_like(&far));
    }

    #[test]
    fn an_unreadable_capture_time_is_a_warning_not_a_different_format() {
        for raw in ["16870383020000000000", "1.7e12", "-1", "12", "9223372036854775807"] {
            let text = format!(
                "<!--{raw}-->\n[标题](https://www.rfi.fr/cn/x)\n------\n\n<div>17/06/2023 - 23:11</div><p>正文。</p>"
            );
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
        for t in [
            "",
            "[",
            "[](",
            "[]()\n---",
            "<!--1-->\n[a](b)\n---\n<",
            "[a](b)\n------\n<p>",
            "---\n---\n[é](é)\n----\n\u{0}",
            "[a](b)\n---\n日期：",
        ] {
            let _ = looks_like(t);
            let _ = extract(t);
        }
    }
}
