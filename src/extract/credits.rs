//! Who wrote and who edited an article, from the lines that say so.
//!
//! Every reader meets the same few shapes of credit, in both scripts:
//! - a byline opening the text: `作者：伯罗奔尼撒`, `文/六神磊磊`,
//!   `撰写：王小明` ([`byline`]); names in a date line or byline block:
//!   `黄安伟,黄安伟`, `叶宣（综合报道）` ([`split_names`]);
//! - a reporter in the opening dateline: `（中央社記者王承中台北6日電）`,
//!   `（大纪元记者张婷综合报导）` ([`dateline_reporters`], [`reporter_names`]);
//! - a credit line: `自由亚洲电台记者 夏小华 台北报导 责编 许书婷、何平 网编 瑞哲`,
//!   `（记者：韩洁 责编：申铧）`, `编译 张明钧/杜明霞; 审校 徐文焰/张荻`
//!   ([`parse_credits`]), or one closing a paragraph: `…已有改善。（译者：陈家伦/核稿：张佑之）`
//!   ([`split_trailing_credits`]);
//! - an editor's label: `责任编辑：林妍#`, `（转自看中国/责任编辑：张莉）` ([`split_editor`]);
//! - a sign-off: `杨威廉/张慈 (法新社)`, `李澄欣（综合报导）` ([`sign_off`]).
//!
//! Every list of words here (roles, places, labels) is written once, in
//! Simplified: the rules match the text folded to Simplified
//! ([`crate::text::fold_han`]), and names are cut from the text as written.

use crate::search::normalize::fold_char;
use crate::text::{clean, fold_han, is_cjk, is_han, push_unique, same_span};

/// People credited: reporters and editors.
#[derive(Debug, Default, PartialEq)]
pub struct Credits {
    pub authors: Vec<String>,
    pub editors: Vec<String>,
}

impl Credits {
    pub fn merge(&mut self, other: Credits) {
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
    ("记者", Role::Author),
    ("作者", Role::Author),
    ("撰稿", Role::Author),
    ("发稿", Role::Author),
    ("编译", Role::Author),
    ("责编", Role::Editor),
    ("编辑", Role::Editor),
    ("核稿", Role::Editor),
    ("审校", Role::Editor),
    ("网编", Role::Other),
    ("摄影", Role::Other),
    ("译者", Role::Other),
    ("翻译", Role::Other),
];

/// Places reporters file from, and words that follow a name in a byline
/// like a place does (`张婷综合报导`): cut off names (`林紫馨台湾台北` → `林紫馨`,
/// `蔡凌巴黎报道` → `蔡凌`), and never names themselves.
const PLACES: &[&str] = &[
    "台湾",
    "台北",
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
    "曼谷",
    "达兰萨拉",
    "海外",
    "综合",
    "编译",
    "采访",
];

/// Folds `s` to Simplified as a `String` (for comparing short pieces).
fn folded(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// The longest place `s` ends with, in characters.
fn place_suffix_chars(s: &str) -> Option<usize> {
    let f = folded(s);
    PLACES.iter().filter(|p| f.ends_with(*p)).map(|p| p.chars().count()).max()
}

/// `s` without its last `n` characters.
fn drop_last_chars(s: &str, n: usize) -> &str {
    match n.checked_sub(1).and_then(|k| s.char_indices().rev().nth(k)) {
        Some((i, _)) => &s[..i],
        None => "",
    }
}

/// Removes `（…）` / `(…)` groups and cleans.
pub fn strip_parenthetical(s: &str) -> String {
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

/// `黄安伟,黄安伟` / `叶宣（综合报道）` / `苗子(摘编)` / `記者 王五` → names, roles removed.
pub fn split_names(line: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in line.split([',', '，', '、', ';', '；', '/']) {
        let mut name = strip_parenthetical(part);
        for prefix in ["作者：", "作者:", "记者", "文／", "文/", "By ", "by "] {
            let f = fold_han(&name);
            if f.starts_with(prefix) {
                name = name[prefix.len()..].trim().to_string();
            }
        }
        if !name.is_empty() && name.chars().count() <= 40 {
            push_unique(&mut out, name);
        }
    }
    out
}

/// Labels that open a byline.
const BYLINE_LABELS: &[&str] =
    &["作者：", "作者:", "撰写：", "撰写:", "撰文：", "撰文:", "文/", "文／", "作者 | ", "作者|"];

/// A byline opening or closing the text — `作者：伯罗奔尼撒`, `文/六神磊磊`,
/// `作者：本刊记者 卫毅 发自北京`, `撰写：王小明` — → its names. A line longer than
/// 40 characters, or one that ends a sentence, is text that starts with the word.
pub fn byline(p: &str) -> Option<Vec<String>> {
    if p.chars().count() > 40 || p.contains(['。', '！', '？', '!', '?']) {
        return None;
    }
    let f = fold_han(p);
    let label = BYLINE_LABELS.iter().find(|l| f.starts_with(*l))?;
    let mut rest = p[label.len()..].trim();
    for pre in ["本刊记者", "本报记者", "记者", "特约撰稿人"] {
        if fold_han(rest).starts_with(pre) {
            rest = rest[pre.len()..].trim();
        }
    }
    let f = fold_han(rest);
    if let Some(i) = f.find("发自") {
        rest = rest[..i].trim();
    }
    let names: Vec<String> =
        rest.split([' ', '、', ',', '，']).map(strip_parenthetical).filter(|n| !n.is_empty()).collect();
    (!names.is_empty()).then_some(names)
}

/// Reads a credit line such as `自由亚洲电台记者 夏小华 台北报导 责编 许书婷、何平 网编 瑞哲`,
/// `（记者：韩洁 责编：申铧 网编：洪伟）`, `发稿 韩笑; 审校 吴云凌` or `翻译：纽约时报中文网`.
/// `None` unless the whole line is credits (at most 80 characters, at most a
/// short label such as the outlet's name before the first role).
pub fn parse_credits(line: &str) -> Option<Credits> {
    let line = line.trim().trim_start_matches(['（', '(']).trim_end_matches(['）', ')']).trim();
    if line.is_empty() || line.chars().count() > 80 {
        return None;
    }
    // Role positions, found in the fold (same offsets as the line).
    let f = fold_han(line);
    let mut marks: Vec<(usize, usize, Role)> = Vec::new();
    let mut i = 0;
    while i < f.len() {
        let rest = &f[i..];
        if let Some((name, role)) = ROLES.iter().find(|(name, _)| rest.starts_with(name)) {
            marks.push((i, i + name.len(), *role));
            i += name.len();
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    let first = marks.first()?;
    // Before the first role: nothing, or the outlet (`自由亚洲电台记者 …`).
    let prefix = f[..first.0].trim();
    let outlet_like = ["电台", "电视台", "社", "报", "网", "之音", "之声"].iter().any(|e| prefix.ends_with(e));
    if !(prefix.is_empty() || (outlet_like && prefix.chars().count() <= 8))
        || line.contains(['，', '。', '！', '？', '!', '?'])
    {
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
        for token in seg.split(|c: char| c.is_whitespace() || matches!(c, '、' | '/' | '／' | ',' | '，' | ';' | '；'))
        {
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
    let name = match ["报道", "报导"].iter().find(|s| fold_han(t).ends_with(*s)) {
        Some(suffix) => {
            let before = &t[..t.len() - suffix.len()];
            drop_last_chars(before, place_suffix_chars(before)?).trim()
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
pub fn sign_off(line: &str) -> Option<(Vec<String>, Option<String>)> {
    let t = line.trim();
    let open = t.find(['（', '('])?;
    let group = t[open..].trim_start_matches(['（', '(']);
    let group = group.strip_suffix('）').or_else(|| group.strip_suffix(')'))?;
    if group.contains(['（', '(', '）', ')']) || group.chars().count() > 20 {
        return None;
    }
    // `文山/王凡/(香港电台、苹果日报等)`: a separator may also close the names.
    let names = t[..open].trim().trim_end_matches(['/', '／']).trim_end();
    let is_name = |n: &str| (2..=4).contains(&n.chars().count()) && n.chars().all(is_han);
    match names.split_once(['/', '／']) {
        Some((a, e)) => {
            let (a, e) = (a.trim(), e.trim());
            (is_name(a) && is_name(e)).then(|| (vec![a.to_string()], Some(e.to_string())))
        }
        None => {
            let role = ["综合报导", "综合报道", "摘编", "编译"].contains(&&*fold_han(group.trim()));
            (role && is_name(names)).then(|| (vec![names.to_string()], None))
        }
    }
}

/// A credit group closing a paragraph: `…已有改善。（译者：陈家伦/核稿：张佑之）`,
/// `…並積極推動」。（編輯：楊凱翔）1091006` → where the group opens, and its credits.
pub fn split_trailing_credits(p: &str) -> Option<(usize, Credits)> {
    let t = p.trim_end().trim_end_matches(|c: char| c.is_ascii_digit()).trim_end();
    let t = t.strip_suffix('）').or_else(|| t.strip_suffix(')'))?;
    let open = t.rfind(['（', '('])?;
    let inner = t[open..].trim_start_matches(['（', '(']);
    let starts_with_role = {
        let f = fold_han(inner.trim_start());
        ROLES.iter().any(|(r, _)| f.starts_with(r))
    };
    if !starts_with_role {
        return None;
    }
    parse_credits(inner).map(|c| (open, c))
}

/// The paragraph without its closing `（…）` group (and trailing code number).
pub fn strip_trailing_group(p: &str) -> String {
    let t = p.trim_end().trim_end_matches(|c: char| c.is_ascii_digit()).trim_end();
    let Some(t) = t.strip_suffix('）').or_else(|| t.strip_suffix(')')) else { return p.to_string() };
    match t.rfind(['（', '(']) {
        Some(open) => clean(&t[..open]),
        None => p.to_string(),
    }
}

/// `（…）` around the whole text → its inside.
pub fn parenthesised(text: &str) -> Option<&str> {
    let (inner, tail) = leading_parenthesised(text)?;
    tail.trim().is_empty().then_some(inner)
}

/// A leading `（…）`/`(…)`/`〔…〕` group → (inside, rest).
pub fn leading_parenthesised(text: &str) -> Option<(&str, &str)> {
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
const EDITOR_LABELS: &[&str] = &["责任编辑", "责编"];

/// Lifts `责任编辑：name` out of a short paragraph: → (name, what remains).
pub fn split_editor(text: &str) -> Option<(String, String)> {
    // Every label holds 编 (編 as written in Traditional): without it, no fold is needed.
    if text.len() > 240 || !text.contains(['编', '編']) || text.chars().count() > 60 {
        return None;
    }
    let f = fold_han(text);
    let (pos, label_len) = EDITOR_LABELS.iter().find_map(|l| f.find(l).map(|p| (p, l.len())))?;
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
    // "（责任编辑：简阳）" loses its empty group; "（转自看中国/责任编辑：张莉）"
    // keeps a balanced "（转自看中国）".
    if (before.ends_with('（') || before.ends_with('(')) && (tail.starts_with('）') || tail.starts_with(')')) {
        before.pop();
        tail.remove(0);
    }
    let rest = clean(&format!("{before}{tail}"));
    let rest = if rest.chars().all(|c| matches!(c, '（' | '）' | '(' | ')' | '#' | '＃' | '◇')) {
        String::new()
    } else {
        rest
    };
    Some((name, rest))
}

/// What follows a reporter's name in a byline: `综合报导`, `采访报道`, `电`…
const BYLINE_SUFFIXES: &[&str] = &[
    "综合报导",
    "综合报道",
    "采访报导",
    "采访报道",
    "编译报导",
    "编译报道",
    "整理报导",
    "专访报导",
    "报导",
    "报道",
    "编译",
    "撰文",
    "采访",
    "整理",
    "综合",
    "讯",
    "电",
];

/// What precedes a reporter's name in a byline.
const BYLINE_MARKERS: &[&str] = &["记者", "作家", "撰稿人", "特约作者", "通讯员"];

/// Names in a byline: `大纪元记者张婷综合报导` → [张婷];
/// `英文大纪元记者Emel Akan报导/谢佳宣编译` → [Emel Akan, 谢佳宣];
/// `大纪元记者姜琳达、李善禾洛杉矶报导` → [姜琳达, 李善禾];
/// `中央社記者王承中台北6日電` → [王承中].
pub fn reporter_names(inner: &str) -> Vec<String> {
    let mut names = Vec::new();
    for part in inner.split(['/', '／', '╱']) {
        let part = clean(part);
        let f = fold_han(&part);
        let marker = BYLINE_MARKERS.iter().filter_map(|m| f.rfind(m).map(|p| (p, m.len()))).max_by_key(|(p, _)| *p);
        let mut s: &str = match marker {
            Some((p, len)) => &f[p + len..],
            // "谢佳宣编译" after a slash: a translator/compiler without a marker.
            None if ["编译", "翻译", "整理"].iter().any(|s| f.ends_with(s)) && !f.contains("大纪元") => &f,
            None => continue,
        };
        // "（特约记者：冰凌）": the marker may be a label with a colon.
        s = s.trim().trim_start_matches(['：', ':']).trim_start();
        // `…台北6日电`: the day of a wire dateline goes with its suffix.
        loop {
            let before = s.len();
            for suf in BYLINE_SUFFIXES {
                if let Some(stripped) = s.strip_suffix(suf) {
                    s = stripped.trim_end();
                    if *suf == "电" || *suf == "讯" {
                        s = s.trim_end_matches('日').trim_end_matches(|c: char| c.is_ascii_digit());
                    }
                }
            }
            if s.len() == before {
                break;
            }
        }
        for cand in s.split(['、', '，', ',', '和', '及']) {
            if let Some(name) = person_name(same_span(&part, &f, cand.trim())) {
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
    if !cand.chars().any(is_cjk) {
        let ok = cand.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '-' | '\''))
            && cand.chars().count() <= 40;
        return ok.then(|| cand.to_string());
    }
    let chars: Vec<char> = cand.chars().collect();
    if chars.len() < 2 {
        return None;
    }
    let is_place = |rest: &[char]| {
        let r = folded(&rest.iter().collect::<String>());
        PLACES.iter().any(|l| r.starts_with(l))
            || ((2..=5).contains(&rest.len()) && matches!(rest.last(), Some('州' | '市' | '县' | '縣' | '省')))
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
    (!PLACES.contains(&folded(&name).as_str()) && name.chars().all(is_cjk)).then_some(name)
}

/// The reporters an opening dateline group names: `（中央社記者王承中台北6日電）…`,
/// `（大纪元记者张婷综合报导）…` → [王承中], [张婷]; none unless the group is
/// short and names a 记者.
pub fn dateline_reporters(p: &str) -> Vec<String> {
    match leading_parenthesised(p) {
        Some((inner, _)) if inner.chars().count() <= 30 && fold_han(inner).contains("记者") => reporter_names(inner),
        _ => Vec::new(),
    }
}

/// Words that make a short line a credit (`文字整理：李洁思`,
/// `《新闻看点》制作组`, `来源：美国之音`) rather than text or furniture.
const CREDIT_WORDS: &[&str] = &[
    "整理", "制作", "记者", "编辑", "责编", "作者", "撰稿", "撰文", "编译", "翻译", "译者", "审校", "核稿", "摄影",
    "主持", "来源", "出品", "监制", "供稿", "报道", "报导", "综合",
];

/// Whether a paragraph credits someone: a byline, a credit line, an
/// editor's label, a dateline's reporter, a sign-off, a short line with a
/// credit word, or a short parenthesised source such as `（中央社）` or
/// `（转自看中国）`. Such lines repeat across an outlet's articles but are not
/// its furniture: corpus learning ([`crate::learn`]) never hides them.
pub fn is_credit_line(p: &str) -> bool {
    let t = p.trim();
    let n = t.chars().count();
    if n == 0 || n > 80 {
        return false;
    }
    if parenthesised(t).is_some_and(|inner| inner.chars().count() <= 8) {
        return true;
    }
    // A credit is a label, not a sentence: `坚持报道真相。` is text that uses the word.
    let sentence = t.contains(['。', '！', '？', '!', '?', '；']);
    (n <= 40 && !sentence && CREDIT_WORDS.iter().any(|w| fold_han(t).contains(w)))
        || byline(t).is_some()
        || parse_credits(t).is_some()
        || split_editor(t).is_some()
        || !dateline_reporters(t).is_empty()
        || sign_off(t).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn names_and_bylines() {
        assert_eq!(split_names("黄安伟,黄安伟"), ["黄安伟"]);
        assert_eq!(split_names("  叶宣（综合报道）"), ["叶宣"]);
        assert_eq!(split_names("苗子(摘编)"), ["苗子"]);
        assert_eq!(split_names("STEVEN LEE MYERS"), ["STEVEN LEE MYERS"]);
        assert_eq!(split_names("記者 王五"), ["王五"]);
        assert_eq!(byline("作者：本刊记者 卫毅 发自北京"), Some(v(&["卫毅"])));
        assert_eq!(byline("文/六神磊磊"), Some(v(&["六神磊磊"])));
        assert_eq!(byline("撰寫：王小明、李四"), Some(v(&["王小明", "李四"])));
        assert_eq!(byline("作者說了很多話"), None);
        assert_eq!(byline("作者：这一段很长很长很长很长很长，是正文。"), None);
    }

    #[test]
    fn credit_lines() {
        let c = |s: &str| parse_credits(s).map(|c| (c.authors, c.editors));
        assert_eq!(
            c("自由亚洲电台记者 夏小华 \u{a0}台北报导 责编 许书婷、何平\u{a0} 网编 瑞哲"),
            Some((v(&["夏小华"]), v(&["许书婷", "何平"])))
        );
        assert_eq!(c("自由亚洲电台记者蔡凌巴黎报道 责编：何平 网编：瑞哲"), Some((v(&["蔡凌"]), v(&["何平"]))));
        assert_eq!(c("自由亞洲電台記者蔡凌巴黎報道 責編：何平"), Some((v(&["蔡凌"]), v(&["何平"]))));
        assert_eq!(c("（记者：韩洁 责编：申铧 网编：洪伟）"), Some((v(&["韩洁"]), v(&["申铧"]))));
        assert_eq!(c("编译 张明钧/杜明霞; 审校 徐文焰/张荻"), Some((v(&["张明钧", "杜明霞"]), v(&["徐文焰", "张荻"]))));
        assert_eq!(c("发稿 沈燕;审校 屈桂娟"), Some((v(&["沈燕"]), v(&["屈桂娟"]))));
        assert_eq!(c("责任编辑：林妍"), Some((vec![], v(&["林妍"]))));
        assert_eq!(c("翻译：纽约时报中文网"), Some((vec![], vec![])));
        assert_eq!(c("他在接受记者采访时说，编辑部很忙。"), None);
        assert_eq!(c("记者"), None);
        let (_, t) = split_trailing_credits("因为防护装具和训练已有改善。（译者：陈家伦/核稿：张佑之）").unwrap();
        assert_eq!(t.editors, v(&["张佑之"]));
        assert_eq!(strip_trailing_group("两案均获通过。（編輯：楊凱翔）1091006"), "两案均获通过。");
        assert!(split_trailing_credits("他说（编辑部）之后又说了别的").is_none());
        assert!(split_trailing_credits("美国（AFP）").is_none());
    }

    #[test]
    fn sign_offs() {
        assert_eq!(sign_off("杨威廉/张慈 (法新社)"), Some((v(&["杨威廉"]), Some("张慈".to_string()))));
        assert_eq!(sign_off("张平/ 凝炼（法新社）"), Some((v(&["张平"]), Some("凝炼".to_string()))));
        assert_eq!(sign_off("李澄欣（综合报导）"), Some((v(&["李澄欣"]), None)));
        assert_eq!(sign_off("李澄欣（綜合報導）"), Some((v(&["李澄欣"]), None)));
        assert_eq!(sign_off("文山/王凡/(香港电台、苹果日报等)"), Some((v(&["文山"]), Some("王凡".to_string()))));
        assert_eq!(sign_off("美国（AFP）"), None);
        assert_eq!(sign_off("这是一个很长的句子（综合报导）"), None);
    }

    #[test]
    fn dateline_groups() {
        assert_eq!(dateline_reporters("（中央社記者王承中台北6日電）國民黨立法院黨團今天"), ["王承中"]);
        assert_eq!(dateline_reporters("（大纪元记者张婷综合报导）美国国务卿"), ["张婷"]);
        assert!(dateline_reporters("（法新社阿克拉17日综合外电报导）西非国家").is_empty());
        assert!(dateline_reporters("（德国之声中文网）英国电信").is_empty());
        assert!(dateline_reporters("正文（记者张婷报导）").is_empty());
    }

    #[test]
    fn reporters_in_bylines() {
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
            ("中央社記者王承中台北6日電", &["王承中"]),
        ];
        for (inner, want) in cases {
            assert_eq!(reporter_names(inner), *want, "{inner}");
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
        assert_eq!(split_editor("責任編輯：李四"), Some(("李四".into(), String::new())));
        assert_eq!(split_editor("他做过责编工作"), None);
    }

    #[test]
    fn credit_lines_are_recognised_in_both_scripts() {
        for c in [
            "文字整理：李洁思",
            "（中央社）",
            "(法新社)",
            "《新闻看点》制作组",
            "《新聞看點》製作組",
            "（转自看中国）",
            "责任编辑：林妍",
        ] {
            assert!(is_credit_line(c), "{c}");
        }
        for t in [
            "感謝您的訂閱！",
            "结语",
            "您的支持是我们坚持报道真相的力量。",
            "（听更多请至“听纪元”平台）",
            "美国国务卿布林肯于3月22日抵达以色列访问。",
        ] {
            assert!(!is_credit_line(t), "{t}");
        }
    }
}
