//! Records that are safe to display and to follow, whatever the file held.
//!
//! Run once on every article after its reader ([`article`], called by
//! `extract`), so no reader has to remember these rules:
//!
//! - **Only web URLs.** `url` and `image.src` are kept only when they are
//!   absolute `http(s)` addresses; a protocol-relative `//host/…` becomes
//!   `https://host/…`. Anything else — `javascript:` (however it was spelled
//!   before the reader decoded its entities, and with the tabs, newlines and
//!   control characters browsers ignore), `data:`, `vbscript:`, `file:`,
//!   relative paths — is dropped with an `unsafe-url` warning naming it. A
//!   kept URL has its control and bidi-override characters percent-encoded,
//!   so it still leads to the same place but cannot reorder what is shown
//!   around it.
//! - **No control characters and no bidi overrides in text.** Every text
//!   field (title, lead, paragraphs, authors, editor, section, tags, image
//!   alt and caption) is one line: C0 and C1 controls that are white space
//!   (`\t`, `\n`, `\r`, `\v`, `\f`, NEL) become spaces, the others (NUL, ESC,
//!   DEL, …) are removed, and the embeddings, overrides and isolates
//!   U+202A–U+202E and U+2066–U+2069 are removed **always**: they exist to
//!   reorder text and are how `…exe.jpg` is made to look like a picture.
//!   Balancing them instead would keep a spoof that is balanced. The marks
//!   U+200E, U+200F and U+061C stay: they are invisible strong characters
//!   that cannot reverse a run of text, and mixed Chinese–Arabic or Hebrew
//!   text needs them. One `control-characters` warning names the fields.
//! - **Bounded titles.** A title longer than [`MAX_TITLE_CHARS`] is cut, with
//!   a `truncated` warning.
//!
//! A clean field is never copied: the common case costs one scan.

use crate::model::Article;
use crate::problem::{Code, Problem};

/// Longest title kept, in characters. Real headlines stay under 200; a
/// longer "title" is a broken header swallowing the article, which the page
/// could not show as a heading anyway.
pub const MAX_TITLE_CHARS: usize = 1000;

/// Longest excerpt of a dropped URL quoted in a warning, in characters.
const QUOTED_URL_CHARS: usize = 80;

/// Applies every rule of this module to one article.
pub fn article(article: &mut Article) {
    keep_web_urls(article);
    clean_text_fields(article);
    cap_title(article);
}

/// Why a URL is not kept in a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotWebUrl {
    /// An absolute URL of another scheme (`javascript`, `data`, …), lower-cased.
    Scheme(String),
    /// `http:` or `https:` without `//host`.
    NoHost,
    /// No scheme at all: a relative path, or text that is not a URL.
    Relative,
    /// Nothing left once white space and controls are removed.
    Empty,
}

impl std::fmt::Display for NotWebUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotWebUrl::Scheme(s) => write!(f, "a {s}: address"),
            NotWebUrl::NoHost => f.write_str("an http(s) address without a host"),
            NotWebUrl::Relative => f.write_str("not an absolute address"),
            NotWebUrl::Empty => f.write_str("empty"),
        }
    }
}

/// The URL as a browser would follow it, if it is an absolute http(s) one.
///
/// Leading and trailing spaces and C0 controls are removed and tabs and
/// newlines anywhere are ignored, as the WHATWG URL parser does (which is how
/// `java\tscript:` still runs in a browser); `//host/…` becomes `https://…`.
///
/// ```
/// use jianbao::sanitize::{web_url, NotWebUrl};
/// assert_eq!(web_url(" //rfi.fr/cn/x ").as_deref(), Ok("https://rfi.fr/cn/x"));
/// assert_eq!(web_url("java\nscript:alert(1)"), Err(NotWebUrl::Scheme("javascript".into())));
/// ```
pub fn web_url(raw: &str) -> Result<String, NotWebUrl> {
    let trimmed = raw.trim_matches(|c: char| c <= ' ');
    let url: String = trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    if url.is_empty() {
        return Err(NotWebUrl::Empty);
    }
    let (scheme, rest) = match url.strip_prefix("//") {
        Some(rest) => ("https".to_string(), rest),
        None => {
            let Some((scheme, after)) = split_scheme(&url) else { return Err(NotWebUrl::Relative) };
            let scheme = scheme.to_ascii_lowercase();
            if scheme != "http" && scheme != "https" {
                return Err(NotWebUrl::Scheme(scheme));
            }
            (scheme, after.strip_prefix("//").ok_or(NotWebUrl::NoHost)?)
        }
    };
    let host_end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    if rest[..host_end].is_empty() {
        return Err(NotWebUrl::NoHost);
    }
    let mut out = String::with_capacity(scheme.len() + 3 + rest.len());
    out.push_str(&scheme);
    out.push_str("://");
    for c in rest.chars() {
        if is_hidden_control(c) {
            let mut utf8 = [0u8; 4];
            for b in c.encode_utf8(&mut utf8).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

/// `scheme:` per RFC 3986 (a letter, then letters, digits, `+`, `-`, `.`).
fn split_scheme(url: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some((scheme, rest))
}

fn keep_web_urls(article: &mut Article) {
    let mut dropped = Vec::new();
    if let Some(url) = article.url.take() {
        match web_url(&url) {
            Ok(kept) => article.url = Some(kept),
            Err(why) => dropped.push(("url", why, url)),
        }
    }
    if let Some(image) = article.image.take() {
        match web_url(&image.src) {
            Ok(src) => article.image = Some(crate::model::Image { src, ..image }),
            // Without a picture, alt and caption describe nothing.
            Err(why) => dropped.push(("image.src", why, image.src)),
        }
    }
    for (field, why, url) in dropped {
        article.warn(Problem::new(
            Code::UnsafeUrl,
            format!("{field} dropped, {why}: only http(s) addresses are kept (`{}`)", quote(&url)),
        ));
    }
}

/// A display-safe excerpt of a dropped URL for a warning.
fn quote(url: &str) -> String {
    let line = one_line(url).unwrap_or_else(|| url.to_string());
    match line.char_indices().nth(QUOTED_URL_CHARS) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

/// Controls (C0, DEL, C1) and the bidi embeddings, overrides and isolates.
fn is_hidden_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The field as one safe line, or `None` when it is clean already (no copy).
///
/// White-space controls are white space to [`crate::text::clean`] (runs
/// collapse to one space; a line break next to a Chinese character goes);
/// other controls and bidi overrides are removed.
fn one_line(text: &str) -> Option<String> {
    if !text.chars().any(is_hidden_control) {
        return None;
    }
    // White-space controls stay for `clean`, which tells line breaks (layout
    // between Chinese characters) from spaces; it does not count the vertical
    // tab as white space, so that one becomes a space here.
    let mapped: String = text
        .chars()
        .filter_map(|c| match c {
            '\u{0B}' => Some(' '),
            c if c.is_whitespace() || !is_hidden_control(c) => Some(c),
            _ => None,
        })
        .collect();
    Some(crate::text::clean(&mapped))
}

fn clean_text_fields(article: &mut Article) {
    let mut fields: Vec<&'static str> = Vec::new();
    let mut changed = |field: &'static str| {
        if !fields.contains(&field) {
            fields.push(field);
        }
    };
    if let Some(t) = one_line(&article.title) {
        article.title = t;
        changed("title");
    }
    clean_optional(&mut article.lead, "lead", &mut changed);
    clean_paragraphs(article, &mut changed);
    clean_list(&mut article.authors, "authors", &mut changed);
    clean_optional(&mut article.editor, "editor", &mut changed);
    clean_optional(&mut article.section, "section", &mut changed);
    clean_list(&mut article.tags, "tags", &mut changed);
    if let Some(image) = &mut article.image {
        clean_optional(&mut image.alt, "image.alt", &mut changed);
        clean_optional(&mut image.caption, "image.caption", &mut changed);
    }
    if !fields.is_empty() {
        article.warn(Problem::new(
            Code::ControlCharacters,
            format!("control or bidi-override characters removed from {}", fields.join(", ")),
        ));
    }
}

/// An optional field that is empty once cleaned becomes `None`.
fn clean_optional(field: &mut Option<String>, name: &'static str, changed: &mut impl FnMut(&'static str)) {
    if let Some(clean) = field.as_deref().and_then(one_line) {
        *field = (!clean.is_empty()).then_some(clean);
        changed(name);
    }
}

/// Paragraphs as [`clean_list`] cleans a list, with `headings` following
/// the paragraphs they name; a heading index past the end is dropped.
fn clean_paragraphs(article: &mut Article, changed: &mut impl FnMut(&'static str)) {
    let mut headings = std::mem::take(&mut article.headings);
    headings.sort_unstable();
    headings.dedup();
    let mut next_heading = headings.iter().copied().peekable();
    let mut any = false;
    let mut kept_index = 0;
    let mut index = 0;
    article.paragraphs.retain_mut(|item| {
        let at = index;
        index += 1;
        if let Some(clean) = one_line(item) {
            any = true;
            *item = clean;
        }
        while next_heading.next_if(|&h| h < at).is_some() {}
        let keep = !item.is_empty();
        if keep {
            if next_heading.next_if_eq(&at).is_some() {
                article.headings.push(kept_index);
            }
            kept_index += 1;
        }
        keep
    });
    if any {
        changed("paragraphs");
    }
}

/// A list entry that is empty once cleaned is removed.
fn clean_list(list: &mut Vec<String>, name: &'static str, changed: &mut impl FnMut(&'static str)) {
    let mut any = false;
    list.retain_mut(|item| {
        let Some(clean) = one_line(item) else { return true };
        any = true;
        *item = clean;
        !item.is_empty()
    });
    if any {
        changed(name);
    }
}

fn cap_title(article: &mut Article) {
    if let Some((cut, _)) = article.title.char_indices().nth(MAX_TITLE_CHARS) {
        let total = article.title.chars().count();
        article.title.truncate(cut);
        article.title.push('…');
        article.warn(Problem::new(
            Code::Truncated,
            format!("the title was cut to its first {MAX_TITLE_CHARS} of {total} characters"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Image;

    fn dropped(raw: &str) -> NotWebUrl {
        web_url(raw).expect_err(raw)
    }

    #[test]
    fn web_urls_are_kept_as_browsers_read_them() {
        let kept = |raw: &str| web_url(raw).unwrap_or_else(|e| panic!("{raw}: {e}"));
        assert_eq!(kept("https://www.rfi.fr/cn/美国/x"), "https://www.rfi.fr/cn/美国/x");
        assert_eq!(kept("http://example.com"), "http://example.com");
        assert_eq!(kept("HTTPS://Example.com/A"), "https://Example.com/A", "the scheme is lower-cased, nothing else");
        assert_eq!(kept("  https://a.b/c \n"), "https://a.b/c");
        assert_eq!(kept("//i.epochtimes.com/x.jpg"), "https://i.epochtimes.com/x.jpg");
        assert_eq!(kept("https://a.b/x\ty\nz"), "https://a.b/xyz", "tabs and newlines are ignored");
        assert_eq!(kept("https://a.b/\u{202e}gpj.exe"), "https://a.b/%E2%80%AEgpj.exe");
        assert_eq!(kept("https://a.b/\u{1b}[31m"), "https://a.b/%1B[31m");
    }

    #[test]
    fn every_other_scheme_is_dropped() {
        let scheme = |s: &str| NotWebUrl::Scheme(s.into());
        assert_eq!(dropped("javascript:alert(1)"), scheme("javascript"));
        assert_eq!(dropped("JaVaScRiPt:alert(1)"), scheme("javascript"));
        assert_eq!(dropped(" \u{1}\u{8}javascript:alert(1)"), scheme("javascript"), "leading controls are stripped");
        assert_eq!(dropped("java\tscr\nipt\r:alert(1)"), scheme("javascript"));
        assert_eq!(dropped("data:text/html,<script>alert(1)</script>"), scheme("data"));
        assert_eq!(dropped("data:image/gif;base64,R0lGODlhAQABAAAAACw="), scheme("data"));
        assert_eq!(dropped("vbscript:msgbox(1)"), scheme("vbscript"));
        assert_eq!(dropped("file:///etc/passwd"), scheme("file"));
        assert_eq!(dropped("ftp://example.com/x"), scheme("ftp"));
        assert_eq!(dropped("mailto:a@b.c"), scheme("mailto"));
    }

    #[test]
    fn undecoded_entities_relative_paths_and_hostless_urls_are_dropped() {
        // A reader that did not decode `&#106;` leaves no scheme: not a web address either.
        assert_eq!(dropped("&#106;avascript:alert(1)"), NotWebUrl::Relative);
        assert_eq!(dropped("java\u{1}script:alert(1)"), NotWebUrl::Relative, "browsers do not run this one");
        assert_eq!(dropped("../images/a.jpg"), NotWebUrl::Relative);
        assert_eq!(dropped("/gb/22/1/21/n13520753.htm"), NotWebUrl::Relative);
        assert_eq!(dropped("https:evil.example"), NotWebUrl::NoHost);
        assert_eq!(dropped("https:///path"), NotWebUrl::NoHost);
        assert_eq!(dropped("http://"), NotWebUrl::NoHost);
        assert_eq!(dropped(" \t\n"), NotWebUrl::Empty);
    }

    fn article_with(url: &str, src: &str) -> Article {
        Article {
            title: "标题".into(),
            url: Some(url.into()),
            image: Some(Image { src: src.into(), alt: Some("图".into()), caption: None }),
            ..Article::default()
        }
    }

    #[test]
    fn dropped_urls_are_named_in_warnings() {
        let mut a = article_with("javascript:alert(document.domain)", &format!("data:text/html,{}", "x".repeat(500)));
        article(&mut a);
        assert_eq!(a.url, None);
        assert_eq!(a.image, None);
        assert_eq!(a.warning_codes, [Code::UnsafeUrl, Code::UnsafeUrl]);
        assert_eq!(
            a.warnings[0],
            "url dropped, a javascript: address: only http(s) addresses are kept (`javascript:alert(document.domain)`)"
        );
        assert!(a.warnings[1].starts_with("image.src dropped, a data: address"), "{}", a.warnings[1]);
        assert!(a.warnings[1].chars().count() < 200, "a long URL is quoted in part: {}", a.warnings[1]);
    }

    #[test]
    fn web_urls_pass_without_warnings() {
        let mut a = article_with("https://www.rfi.fr/cn/x", "//s.rfi.fr/a.jpg");
        article(&mut a);
        assert_eq!(a.url.as_deref(), Some("https://www.rfi.fr/cn/x"));
        assert_eq!(a.image.as_ref().map(|i| i.src.as_str()), Some("https://s.rfi.fr/a.jpg"));
        assert_eq!(a.image.as_ref().and_then(|i| i.alt.as_deref()), Some("图"));
        assert!(a.warnings.is_empty(), "{:?}", a.warnings);
    }

    #[test]
    fn controls_and_bidi_overrides_leave_every_text_field() {
        let mut a = Article {
            title: "\u{1b}[31m红色\u{1b}[0m标题\u{7}".into(),
            lead: Some("\u{202e}gpj.exe\u{202c}".into()),
            paragraphs: vec!["第一\n段".into(), "a\tb\u{0}c\u{0B}d".into(), "\u{2067}\u{2069}".into(), "正常".into()],
            authors: vec!["张\u{85}婷".into()],
            editor: Some("\u{9b}林妍".into()),
            section: Some("\u{2066}美国\u{2069}".into()),
            tags: vec!["乌克兰".into(), "\u{7f}".into()],
            image: Some(Image {
                src: "https://a.b/c.jpg".into(),
                alt: Some("x\u{1}y".into()),
                caption: Some("\u{202d}".into()),
            }),
            ..Article::default()
        };
        article(&mut a);
        assert_eq!(a.title, "[31m红色[0m标题", "ESC goes, the printable rest stays as text");
        assert_eq!(a.lead.as_deref(), Some("gpj.exe"));
        assert_eq!(a.paragraphs, ["第一段", "a bc d", "正常"], "an emptied paragraph is dropped");
        assert_eq!(a.authors, ["张婷"]);
        assert_eq!(a.editor.as_deref(), Some("林妍"));
        assert_eq!(a.section.as_deref(), Some("美国"));
        assert_eq!(a.tags, ["乌克兰"]);
        let image = a.image.as_ref().expect("image kept");
        assert_eq!((image.alt.as_deref(), image.caption.as_deref()), (Some("xy"), None));
        assert_eq!(a.warning_codes, [Code::ControlCharacters]);
        assert_eq!(
            a.warnings[0],
            "control or bidi-override characters removed from title, lead, paragraphs, authors, editor, section, tags, image.alt, image.caption"
        );
    }

    #[test]
    fn marks_and_clean_text_are_left_alone() {
        let mut a = Article {
            title: "视频 美国国务卿到访以色列".into(),
            paragraphs: vec!["مرحبا\u{200f} (RTL mark) and \u{200e}LTR mark, \u{61c}ALM".into()],
            ..Article::default()
        };
        let before = a.clone();
        article(&mut a);
        assert_eq!(a, before);
    }

    #[test]
    fn absurd_titles_are_cut() {
        let mut a = Article { title: "视".repeat(100_000), ..Article::default() };
        article(&mut a);
        assert_eq!(a.title.chars().count(), MAX_TITLE_CHARS + 1);
        assert!(a.title.ends_with("视…"));
        assert_eq!(a.warning_codes, [Code::Truncated]);
        assert_eq!(a.warnings[0], "the title was cut to its first 1000 of 100000 characters");

        let mut a = Article { title: "视".repeat(MAX_TITLE_CHARS), ..Article::default() };
        article(&mut a);
        assert_eq!(a.title.chars().count(), MAX_TITLE_CHARS, "a title at the limit is kept whole");
        assert!(a.warnings.is_empty());
    }

    #[test]
    fn headings_follow_their_paragraphs_when_an_emptied_one_is_dropped() {
        let mut a = Article {
            paragraphs: vec!["第一段".into(), "\u{2067}\u{2069}".into(), "小标题".into(), "第三段".into()],
            headings: vec![2, 2, 9],
            ..Article::default()
        };
        article(&mut a);
        assert_eq!(a.paragraphs, ["第一段", "小标题", "第三段"]);
        assert_eq!(a.headings, [1], "the index moves with its paragraph; a repeated or stray one is dropped");
    }
}
