//! Paragraphs that are not the article: feed footers, share bars, subscribe,
//! QR and donation prompts, disclaimers, related-article labels, copyright
//! lines, separators and end marks.
//!
//! Every phrase is written once, in Simplified Chinese and lower case, as the
//! search normaliser ([`crate::search::normalize`]: NFKC, lower case,
//! Traditional → Simplified) folds text. Rather than fold every paragraph
//! (that cost a tenth of the whole extraction), a trie is built once
//! from every spelling the normaliser folds to each phrase — `獲取更多RSS：`
//! for `获取更多rss:` — character by character, ASCII case ignored. One
//! pass over a paragraph as written ([`PhraseTrie::hits`]) then finds what a
//! pass over its fold would. The rules ask which *cues* were found (anywhere,
//! opening the paragraph, or as all of it) and how long the paragraph is.

use super::trie::PhraseTrie;
use crate::search::normalize::{self, fold_char};
use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

/// What a phrase tells about a paragraph. A phrase may give several cues.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
enum Cue {
    /// `分享 :`: a share bar's label (opening the line).
    Share,
    /// `©`, `版权所有`, `Post tags:` (opening the line).
    Credits,
    /// `相关阅读`, `延伸阅读`…: the label of a related-articles list.
    Related,
    /// `更多报道`, `Related`: a link line's label (opening the line).
    MoreLinks,
    /// A programme's schedule: `敬请收看`…
    Schedule,
    /// `播出`.
    Airs,
    /// Feed footers, "read on" buttons, player placeholders, feed plugins.
    Footer,
    /// `订阅`.
    Subscribe,
    /// `点击`, `欢迎`, `请`: an invitation.
    Invite,
    /// `二维码`, `扫码`, `扫描`.
    Qr,
    /// `关注`, `下载`, `订阅`, `加入`, `添加`: what a QR prompt asks.
    QrAction,
    /// `仅代表作者`.
    AuthorsOwnView,
    /// `不代表`.
    NotRepresenting,
    /// `观点`, `立场`, `之音`, `本台`, `本网`: whose view is not represented.
    Stance,
    /// A wire story's end mark standing alone: `（完）`, `【完】`.
    EndMark,
    /// Mirrored pages' disclaimers and copy prompts (opening the line).
    PageNotice,
    /// Mirrored pages' subscribe, donate and download prompts.
    Promo,
}

use Cue::*;

/// Every phrase, once, with its cues.
const PHRASES: &[(&str, &[Cue])] = &[
    ("分享 :", &[Share]),
    ("分享:", &[Share]),
    ("分享本文", &[Share]),
    ("©", &[Credits]),
    ("copyright ©", &[Credits]),
    ("版权所有", &[Credits]),
    ("post tags:", &[Credits]),
    ("相关阅读", &[Related]),
    ("相关文章", &[Related]),
    ("相关新闻", &[Related]),
    ("相关报道", &[Related]),
    ("相关报导", &[Related]),
    ("相关链接", &[Related]),
    ("相关视频", &[Related]),
    ("延伸阅读", &[Related]),
    ("推荐阅读", &[Related]),
    ("更多相关", &[Related]),
    ("更多报道", &[MoreLinks]),
    ("related", &[MoreLinks]),
    ("敬请收看", &[Schedule]),
    ("敬请收听", &[Schedule]),
    ("播出", &[Airs]),
    ("feedx.net", &[Footer]),
    ("feedx.xyz", &[Footer]),
    ("feed enhanced by", &[Footer]),
    ("get_post_time(", &[Footer]),
    ("获取更多rss", &[Footer]),
    ("继续浏览后续", &[Footer]),
    ("点击查看本文英文版", &[Footer]),
    ("你的器材不支持播放", &[Footer]),
    ("你的器材不支援播放", &[Footer]),
    ("订阅", &[Subscribe, QrAction, Promo]),
    ("点击", &[Invite]),
    ("欢迎", &[Invite]),
    ("请", &[Invite]),
    ("二维码", &[Qr]),
    ("扫码", &[Qr, Promo]),
    ("扫描", &[Qr]),
    ("关注", &[QrAction]),
    ("下载", &[QrAction]),
    ("加入", &[QrAction]),
    ("添加", &[QrAction]),
    ("仅代表作者", &[AuthorsOwnView]),
    ("不代表", &[NotRepresenting]),
    ("观点", &[Stance]),
    ("立场", &[Stance]),
    ("之音", &[Stance]),
    ("本台", &[Stance]),
    ("本网", &[Stance]),
    ("(完)", &[EndMark]),
    ("【完】", &[EndMark]),
    ("(全文完)", &[EndMark]),
    ("本文只代表作者", &[PageNotice]),
    ("本文仅代表作者", &[PageNotice]),
    ("(版权归大纪元", &[PageNotice]),
    ("版权归大纪元", &[PageNotice]),
    ("(大纪元版权所有", &[PageNotice]),
    ("手机上长按并复制", &[PageNotice]),
    ("大纪元每日更新", &[PageNotice]),
    ("点阅【", &[PageNotice]),
    ("我们的标准:", &[PageNotice]),
    ("小铃铛", &[Promo]),
    ("支持大纪元", &[Promo]),
    ("支持大宇", &[Promo]),
    ("donorbox", &[Promo]),
    ("donate.", &[Promo]),
    ("点击下载", &[Promo]),
    ("看完整影片", &[Promo]),
    ("扫描二维码", &[Promo]),
    ("下载app", &[Promo]),
    ("优惠", &[Promo]),
    ("欢迎转发", &[Promo]),
    ("加入会员", &[Promo]),
];

/// Every spelling of every phrase, each with its cues as a bit set.
struct Matcher {
    spellings: PhraseTrie,
}

/// Most spellings one phrase may have (a phrase of six characters with a
/// Traditional form each has 64).
const MAX_SPELLINGS: usize = 256;

/// For each character of the phrases, the other characters the search
/// normaliser folds to it (`獲` for `获`, `：` for `:`; ASCII letters differ
/// only in case, which the trie ignores). The Han blocks of the Basic
/// Multilingual Plane, compatibility ideographs, CJK punctuation and
/// full-width forms are looked through once.
fn other_spellings(targets: &BTreeSet<char>) -> HashMap<char, Vec<char>> {
    let mut others: HashMap<char, Vec<char>> = HashMap::new();
    let mut add = |from: char, to: char| {
        // Full-width Latin letters and digits are left out: no feed spells
        // `feedx.net` in them, and each would double a phrase's spellings.
        if from != to && targets.contains(&to) && !to.is_ascii_alphanumeric() {
            others.entry(to).or_default().push(from);
        }
    };
    // Unified ideographs: NFKC leaves them as they are, so the fold is the table's.
    for c in ('\u{3400}'..='\u{4DBF}').chain('\u{4E00}'..='\u{9FFF}') {
        add(c, fold_char(c));
    }
    let compat = ('\u{F900}'..='\u{FAFF}').chain('\u{3000}'..='\u{303F}').chain('\u{FF00}'..='\u{FFEF}');
    for c in compat.chain('\u{A0}'..='\u{FF}') {
        let folded = normalize::normalize(c.encode_utf8(&mut [0; 4]));
        let mut chars = folded.chars();
        if let (Some(to), None) = (chars.next(), chars.next()) {
            add(c, to);
        }
    }
    others
}

/// Every spelling of `phrase` (itself first), up to [`MAX_SPELLINGS`].
fn spellings(phrase: &str, others: &HashMap<char, Vec<char>>) -> Vec<String> {
    let mut all = vec![String::new()];
    for c in phrase.chars() {
        let alternatives: Vec<char> = std::iter::once(c).chain(others.get(&c).into_iter().flatten().copied()).collect();
        all = all
            .iter()
            .flat_map(|prefix| alternatives.iter().map(move |a| format!("{prefix}{a}")))
            .take(MAX_SPELLINGS)
            .collect();
    }
    all
}

static MATCHER: LazyLock<Matcher> = LazyLock::new(|| {
    let targets: BTreeSet<char> = PHRASES.iter().flat_map(|(p, _)| p.chars()).collect();
    let others = other_spellings(&targets);
    let spelled = PHRASES.iter().flat_map(|(phrase, cues)| {
        let bits = cues.iter().fold(0u32, |b, c| b | 1 << *c as u8);
        spellings(phrase, &others).into_iter().map(move |spelling| (spelling, bits))
    });
    Matcher { spellings: PhraseTrie::new(spelled) }
});

/// The cues of one paragraph.
struct Found {
    /// Cues of phrases anywhere in it.
    anywhere: u32,
    /// Cues of phrases opening it.
    opening: u32,
    /// Cues of phrases that are all of it (up to a trailing colon).
    whole: u32,
}

impl Found {
    /// The cues in `text` (trimmed by the caller).
    fn of(text: &str) -> Found {
        let m = &*MATCHER;
        let label_len = label(text).len();
        let mut found = Found { anywhere: 0, opening: 0, whole: 0 };
        for hit in m.spellings.hits(text) {
            found.anywhere |= hit.bits;
            if hit.start == 0 {
                found.opening |= hit.bits;
                if hit.end == text.len() || hit.end == label_len {
                    found.whole |= hit.bits;
                }
            }
        }
        found
    }

    fn has(&self, cue: Cue) -> bool {
        self.anywhere & (1 << cue as u8) != 0
    }

    fn opens(&self, cue: Cue) -> bool {
        self.opening & (1 << cue as u8) != 0
    }

    fn is(&self, cue: Cue) -> bool {
        self.whole & (1 << cue as u8) != 0
    }
}

/// A line without its closing colon: `相关文章：` → `相关文章`.
fn label(t: &str) -> &str {
    t.trim_end_matches(['：', ':', ' '])
}

/// The first `chars` characters of `t`.
fn opening(t: &str, chars: usize) -> &str {
    &t[..t.char_indices().nth(chars).map_or(t.len(), |(i, _)| i)]
}

/// A `label：URL` promo line (`《时事大家谈》YouTube播放列表：http://bit.ly/…`,
/// `石山视点： https://…`): a short label, a colon, then only links.
fn label_and_links(t: &str, max_label_chars: usize) -> bool {
    let Some(pos) = t.find("http") else { return false };
    let label = t[..pos].trim_end();
    let links_only = t[pos..].split_whitespace().all(|w| w.starts_with("http"));
    links_only && (label.ends_with('：') || label.ends_with(':')) && label.chars().count() <= max_label_chars
}

/// Paragraph-level boilerplate of RSS dumps: feed footers, share bars,
/// subscribe and QR prompts, disclaimers, programme schedules, separators,
/// related-article labels, end marks and copyright lines.
pub fn is_feed_boilerplate(p: &str) -> bool {
    let t = p.trim();
    let n = t.chars().count();
    // Every rule below is about a short line; long paragraphs are text.
    if n > 200 {
        return false;
    }
    // Separator lines: nothing but punctuation or symbols.
    if !t.chars().any(|c| c.is_alphanumeric()) {
        return true;
    }
    let f = Found::of(t);
    if label(t) == "分享" || f.is(Related) || f.is(EndMark) || f.opens(Share) || f.opens(Credits) || f.has(Footer) {
        return true;
    }
    (n <= 60 && f.has(Schedule) && f.has(Airs))
        || (f.has(Subscribe) && f.has(Invite))
        || (n <= 80 && f.has(Qr) && f.has(QrAction))
        || (n <= 100 && f.has(AuthorsOwnView))
        || (n <= 80 && f.has(NotRepresenting) && f.has(Stance))
        || (n <= 80
            && t.rfind("http").is_some_and(|i| {
                let before = t[..i].trim_end();
                (before.ends_with('：') || before.ends_with(':')) && !t[i..].contains(char::is_whitespace)
            }))
}

/// Navigation and related-article lines of a feed: (almost) all link text,
/// or a `相关报道` label followed by a link.
pub fn is_link_line(p: &str, link_ratio: f32) -> bool {
    if link_ratio >= 0.9 {
        return true;
    }
    if link_ratio < 0.4 {
        return false;
    }
    let f = Found::of(opening(p.trim(), 16));
    f.opens(Related) || f.opens(MoreLinks)
}

/// The heading of a related-articles list (`相关文章：`, `延伸閱讀`).
pub fn is_related_heading(text: &str) -> bool {
    let t = text.trim();
    t.len() <= 48 && Found::of(t).is(Related)
}

/// Boilerplate of mirrored pages: the outlet's notices (`本文只代表作者…`,
/// `（版权归大纪元所有）`, `手机上长按并复制…`), bare links, and subscribe,
/// donate and channel prompts.
pub fn is_page_boilerplate(text: &str) -> bool {
    let t = text.trim();
    let short = t.chars().count() <= 90;
    let f = Found::of(if short { t } else { opening(t, 16) });
    f.opens(PageNotice) || is_bare_url(t) || (short && (f.has(Promo) || label_and_links(t, 30)))
}

fn is_bare_url(text: &str) -> bool {
    let t = text.trim_matches(['(', ')', '（', '）', ' ']);
    (t.starts_with("http://") || t.starts_with("https://") || t.starts_with("//") || t.starts_with("www."))
        && !t.contains(' ')
}

/// Links old mirrored pages stamp into the text as watermarks.
const WATERMARKS: &[&str] = &["(http://www.dajiyuan.com)", "(http://www.epochtimes.com)"];

/// The text without watermarks, when it had any.
pub fn strip_watermarks(text: &str) -> Option<String> {
    if !text.contains("(http://www.") || !WATERMARKS.iter().any(|w| text.contains(w)) {
        return None;
    }
    let mut out = text.to_string();
    for w in WATERMARKS {
        out = out.replace(w, " ");
    }
    Some(crate::text::clean(&out))
}

/// Serial notes that follow an end mark: `…。#（待续）` keeps the note, drops the mark.
const SERIAL_NOTES: &[&str] =
    &["（待续）", "（待續）", "（未完待续）", "（未完待續）", "（续完）", "（續完）", "（完）"];

/// End-of-article marks (`#`, `＃`, `◇`, `@*`) at the end of a paragraph,
/// also when a serial note such as `（待续）` follows them. A mark glued to a
/// Latin letter or digit is text (`C#`).
pub fn strip_end_marks(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phrase_is_written_once_and_folded() {
        let mut seen = BTreeSet::new();
        for (phrase, _) in PHRASES {
            assert_eq!(normalize::normalize(phrase), *phrase, "phrases are written folded: {phrase}");
            assert!(seen.insert(*phrase), "written twice: {phrase}");
        }
    }

    #[test]
    fn the_trie_knows_every_spelling_the_normaliser_folds() {
        let targets: BTreeSet<char> = PHRASES.iter().flat_map(|(p, _)| p.chars()).collect();
        let others = other_spellings(&targets);
        for (phrase, _) in PHRASES {
            let all = spellings(phrase, &others);
            assert!(all.len() < MAX_SPELLINGS, "{phrase}: {} spellings", all.len());
            for s in &all {
                assert_eq!(normalize::normalize(s), *phrase, "{s} folds to {phrase}");
            }
        }
        let s = |p: &str| spellings(p, &others);
        assert!(s("继续浏览后续").contains(&"繼續瀏覽後續".to_string()));
        assert!(s("(全文完)").contains(&"（全文完）".to_string()));
        assert!(s("我们的标准:").contains(&"我們的標準：".to_string()));
    }

    #[test]
    fn feed_boilerplate_in_both_scripts() {
        for b in [
            "分享 :",
            "分享：",
            "获取更多RSS： https://feedx.net https://feedx.xyz",
            "獲取更多RSS：",
            "继续浏览后续",
            "繼續瀏覽後續",
            "==========================================",
            "（欢迎点击此处订阅时报中文简报。更多关于新冠疫情的消息，欢迎关注时报英文版实时更新报道。）",
            "（歡迎點擊此處訂閱時報中文簡報。）",
            "嘉宾和观众听众发表的都是个人观点，并不代表美国之音。",
            "嘉賓和觀眾聽眾發表的都是個人觀點，並不代表美國之音。",
            "《时事大家谈》YouTube播放列表：http://bit.ly/VOAIO-youtube",
            "© 2020 AFP",
            "Copyright © 2020",
            "扫描二维码关注我们",
            "掃描二維碼關注我們",
            "相關閱讀：",
            "（完）",
            "(完)",
            "节目每星期一到五北京时间晚上九点播出，敬请收看。",
            "你的器材不支援播放",
        ] {
            assert!(is_feed_boilerplate(b), "{b}");
        }
        for p in [
            "美国国务卿布林肯于3月22日抵达以色列访问。",
            "他说：“订阅量下降了。”",
            "2020",
            "会议议程已审议完毕。（完）",
            "完",
            "他说，这部纪录片将在明年播出，并表示一定会守在电视前收看。",
            "相关阅读的人很多，他说。",
        ] {
            assert!(!is_feed_boilerplate(p), "{p}");
        }
        assert!(!is_feed_boilerplate(&"很长的段落提到订阅和点击".repeat(20)), "long paragraphs are text");
    }

    #[test]
    fn link_lines_and_related_headings() {
        assert!(is_link_line("任何文字", 0.95));
        assert!(is_link_line("相關報導：某某", 0.5));
        assert!(is_link_line("Related: x", 0.5));
        assert!(!is_link_line("相关报道：某某", 0.3));
        assert!(!is_link_line("正文", 0.5));
        assert!(is_related_heading("相关文章："));
        assert!(is_related_heading("延伸閱讀"));
        assert!(!is_related_heading("相关文章说"));
    }

    #[test]
    fn page_boilerplate() {
        assert!(is_page_boilerplate("（版權歸大紀元所有）"));
        assert!(is_page_boilerplate("本文只代表作者的观点。"));
        assert!(is_page_boilerplate("订阅YouTube： https://bit.ly/3jLx38F"));
        assert!(is_page_boilerplate("石山视点： https://www.youtube.com/channel/UCft7MI1Jn6L5W0nz5rZn29g"));
        assert!(is_page_boilerplate("https://donate.epochtimes.com"));
        assert!(!is_page_boilerplate("他说：“我们欢迎公平竞争。”"));
        assert_eq!(strip_watermarks("正文(http://www.dajiyuan.com)").as_deref(), Some("正文"));
        assert_eq!(strip_watermarks("正文"), None);
    }

    #[test]
    fn end_marks() {
        assert_eq!(strip_end_marks("正确的事。#"), "正确的事。");
        assert_eq!(strip_end_marks("答案。◇"), "答案。");
        assert_eq!(strip_end_marks("＃"), "");
        assert_eq!(strip_end_marks("I love C#"), "I love C#");
        assert_eq!(strip_end_marks("理念回归。#（待续）"), "理念回归。（待续）");
        assert_eq!(strip_end_marks("理念回归。＃"), "理念回归。");
        assert_eq!(strip_end_marks("第一集（待续）"), "第一集（待续）");
        assert_eq!(strip_end_marks("C#"), "C#");
    }
}
