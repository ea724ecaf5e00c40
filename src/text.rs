//! Text helpers shared by the readers: white-space clean-up, HTML entities,
//! canonical URLs (for stable ids) and language detection.

use crate::model::Article;
use std::sync::LazyLock;

/// The first `max_chars` characters of `text`, with `…` when it was cut
/// (cards show a paragraph this way; CSV cells are cut at their limit).
///
/// ```
/// use jianbao::text::excerpt;
/// assert_eq!(excerpt("乌克兰危机", 3), "乌克兰…");
/// assert_eq!(excerpt("短", 3), "短");
/// ```
pub fn excerpt(text: &str, max_chars: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]).into(),
        None => text.into(),
    }
}

/// Cleans text taken from (possibly pretty-printed) HTML: runs of white
/// space become one space, the ends are trimmed, and zero-width spaces,
/// joiners and BOMs go. A run disappears where it is layout rather than the
/// author's:
/// - a run with a line break, next to a CJK character (`谢尔盖‧\n  拉夫罗夫`,
///   `拉夫罗夫\n （Sergey Lavrov）`);
/// - a run on one line between two CJK characters of which one is
///   punctuation (`威胁 。`, `获奖！ 但`, `《 C2C 杂志 》` → `《 C2C 杂志》`).
///
/// A space on one line between two Han characters is a separator the author
/// wrote (`第二章 家庭`, `当暴政降临 美国人…`) and stays, as do spaces between
/// CJK and Latin text (`于 10 月 7 日`) and between Latin words.
///
/// ```
/// use jianbao::text::clean;
/// assert_eq!(clean("  拉夫罗夫\n  （Sergey   Lavrov）\n 表示 "), "拉夫罗夫（Sergey Lavrov）表示");
/// assert_eq!(clean("New\n York  Times"), "New York Times");
/// assert_eq!(clean("于 10 月 7 日"), "于 10 月 7 日");
/// assert_eq!(clean("威胁 。第二章 家庭"), "威胁。第二章 家庭");
/// ```
pub fn clean(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    // The last character written, and the white space seen since:
    // Some(the run contains a line break).
    let mut prev: Option<char> = None;
    let mut pending: Option<bool> = None;
    // Start of the run of visible text being scanned (copied in one piece).
    let mut run_start: Option<usize> = None;
    let flush = |start: usize, end: usize, out: &mut String, prev: &mut Option<char>, pending: &mut Option<bool>| {
        let run = &s[start..end];
        if let (Some(newline), Some(p), Some(c)) = (pending.take(), *prev, run.chars().next()) {
            if !space_is_layout(p, c, newline) {
                out.push(' ');
            }
        }
        out.push_str(run);
        *prev = run.chars().next_back();
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Only ASCII and the blocks of the lead bytes below hold white space or
        // invisible characters; every other byte is part of visible text.
        let (space, invisible, len, newline) = if b < 0x80 {
            (b.is_ascii_whitespace() || b == 0x0b, false, 1, b == b'\n' || b == b'\r')
        } else if matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF) {
            let c = s[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), is_invisible(c), c.len_utf8(), matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}'))
        } else {
            (false, false, 1, false)
        };
        if space || invisible {
            if let Some(start) = run_start.take() {
                flush(start, i, &mut out, &mut prev, &mut pending);
            }
            if space && prev.is_some() {
                pending = Some(pending.unwrap_or(false) || newline);
            }
        } else if run_start.is_none() {
            run_start = Some(i);
        }
        i += len;
    }
    if let Some(start) = run_start {
        flush(start, bytes.len(), &mut out, &mut prev, &mut pending);
    }
    out
}

/// Whether white space between `before` and `after` is layout (see [`clean`]).
fn space_is_layout(before: char, after: char, newline: bool) -> bool {
    let (a, b) = (is_cjk(before), is_cjk(after));
    if newline {
        a || b
    } else {
        a && b && !(is_han(before) && is_han(after))
    }
}

/// Zero-width spaces and joiners, the word joiner and the BOM: invisible,
/// and no separator.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// Collapses every run of white space to one space and trims, without the
/// CJK rule of [`clean`]: for one-line fields such as titles, where a space
/// between Chinese words is a deliberate separator (`视频 美国国务卿…`).
pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().filter(|c| !is_invisible(*c)));
    }
    out
}

/// Han characters, CJK punctuation (with the small form variants ﹐﹔﹕) and full-width forms: scripts written without spaces.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F |
        0x3190..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF |
        0xFE30..=0xFE4F | 0xFE50..=0xFE6F | 0xFF00..=0xFFEF | 0x20000..=0x3134F)
}

/// Han ideographs only (no punctuation, no kana).
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Traditional → Simplified, character by character, with the search
/// normaliser's table ([`crate::search::normalize::fold_char`]), keeping every
/// byte offset: a character whose folded form has another UTF-8 length
/// stays as it is. Rules written once, in Simplified, match the fold; what
/// they find is cut from the original text at the same offsets
/// ([`same_span`]), so names keep the script they were written in.
///
/// ```
/// assert_eq!(jianbao::text::fold_han("大紀元記者張婷綜合報導"), "大纪元记者张婷综合报导");
/// ```
pub fn fold_han(s: &str) -> std::borrow::Cow<'_, str> {
    use crate::search::normalize::fold_char;
    let same_width = |c: char| {
        let f = fold_char(c);
        if f.len_utf8() == c.len_utf8() {
            f
        } else {
            c
        }
    };
    if s.chars().all(|c| same_width(c) == c) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(s.chars().map(same_width).collect())
}

/// The part of `original` at the byte offsets `part` has in `folded`, where
/// `folded` is [`fold_han`]`(original)` and `part` a slice of it; empty when
/// `part` is not such a slice.
pub fn same_span<'a>(original: &'a str, folded: &str, part: &str) -> &'a str {
    let start = (part.as_ptr() as usize).wrapping_sub(folded.as_ptr() as usize);
    let end = start.wrapping_add(part.len());
    if start > folded.len() || end > folded.len() {
        return "";
    }
    original.get(start..end).unwrap_or("")
}

/// Decodes HTML character references (`&amp;`, `&quot;`, `&#8230;`, `&#x4E2D;`,
/// and every named entity HTML knows) in plain text such as a title line or
/// a URL taken from Markdown. Text without `&` is returned as is.
///
/// ```
/// assert_eq!(jianbao::text::decode_entities("中方&quot;将采取&quot; &amp; &#8230;"), "中方\"将采取\" & …");
/// ```
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    // html5ever's tokenizer knows the full entity table; escape '<' so the
    // text stays text.
    let escaped = s.replace('<', "&lt;");
    let frag = scraper::Html::parse_fragment(&escaped);
    frag.root_element().text().collect()
}

/// A URL in a form that identifies the article, for stable ids: no scheme,
/// host lower-cased without `www.` and default port, no fragment, no
/// doubled slashes in the path, no trailing slash, `&amp;` decoded,
/// percent-escapes upper-cased, tracking parameters (`utm_*`, `fbclid`, …)
/// dropped. The same article reached over http or https gives the same string.
///
/// ```
/// use jianbao::text::canonical_url;
/// assert_eq!(canonical_url("http://www.rfi.fr//cn/%e4%b8%ad/x/#top"), canonical_url("https://rfi.fr/cn/%E4%B8%AD/x"));
/// ```
pub fn canonical_url(url: &str) -> String {
    let url = url.trim();
    let url = if url.contains("&amp;") { url.replace("&amp;", "&") } else { url.to_string() };
    let url = url.split('#').next().unwrap_or("");
    let rest = match url.find("://") {
        Some(i) if url[..i].bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')) => {
            &url[i + 3..]
        }
        _ => url.strip_prefix("//").unwrap_or(url),
    };
    let split = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path_query) = rest.split_at(split);
    let mut host = authority.rsplit_once('@').map_or(authority, |(_, h)| h).to_ascii_lowercase();
    if let Some(h) = host.strip_suffix(":80").or_else(|| host.strip_suffix(":443")) {
        host = h.to_string();
    }
    let host = host.trim_end_matches('.');
    let host = host.strip_prefix("www.").unwrap_or(host);
    let (path, query) = match path_query.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path_query, None),
    };
    let mut clean_path = String::with_capacity(path.len());
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        clean_path.push('/');
        clean_path.push_str(&upper_percent(seg));
    }
    let mut out = String::with_capacity(host.len() + clean_path.len() + 16);
    out.push_str(host);
    out.push_str(&clean_path);
    if let Some(q) = query {
        let kept: Vec<String> = q
            .split('&')
            .filter(|p| !p.is_empty())
            .filter(|p| {
                let key = p.split('=').next().unwrap_or("").to_ascii_lowercase();
                !(key.starts_with("utm_")
                    || matches!(key.as_str(), "fbclid" | "gclid" | "ref_src" | "spm" | "from" | "share" | "source"))
            })
            .map(upper_percent)
            .collect();
        if !kept.is_empty() {
            out.push('?');
            out.push_str(&kept.join("&"));
        }
    }
    out
}

/// Upper-cases the hex digits of percent-escapes (`%e4` → `%E4`).
fn upper_percent(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut last = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit() {
            out.push_str(&s[last..i]);
            out.push('%');
            out.push(b[i + 1].to_ascii_uppercase() as char);
            out.push(b[i + 2].to_ascii_uppercase() as char);
            i += 3;
            last = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&s[last..]);
    out
}

/// Percent-decodes a URL path segment (`%E7%BE%8E%E5%9B%BD` → `美国`).
/// Escapes whose bytes are not UTF-8 stay as they were written, next to
/// the decoded rest (`%E7%BE%8E%E5` → `美%E5`): a broken link shows what
/// it holds, neither a replacement character nor a wholly undecoded slug.
/// Invalid escapes (`100%`, `%zz`) are text.
///
/// ```
/// use jianbao::text::percent_decode;
/// assert_eq!(percent_decode("%E5%B8%83%E6%9E%97%E8%82%AF"), "布林肯");
/// assert_eq!(percent_decode("%E7%BE%8E%e5"), "美%e5");
/// ```
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    // The decoded bytes, and for each the offset in `s` where it was written.
    let mut bytes = Vec::with_capacity(b.len());
    let mut origin = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |k: usize| b.get(k).and_then(|&c| (c as char).to_digit(16));
        let escaped = match (b[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(high), Some(low)) => Some((high * 16 + low) as u8),
            _ => None,
        };
        origin.push(i);
        match escaped {
            Some(byte) => {
                bytes.push(byte);
                i += 3;
            }
            None => {
                bytes.push(b[i]);
                i += 1;
            }
        }
    }
    let mut out = String::with_capacity(bytes.len());
    let mut at = 0;
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        at += chunk.valid().len();
        let bad = chunk.invalid();
        if !bad.is_empty() {
            // Bytes that are not UTF-8 can only come from escapes (the input is
            // a `str`): copy those escapes from the input.
            let (from, to) = (origin[at], origin.get(at + bad.len()).copied().unwrap_or(s.len()));
            out.push_str(&s[from..to]);
            at += bad.len();
        }
    }
    out
}

/// Makes a link absolute against the article's URL: scheme-relative
/// (`//host/x`) and root-relative (`/x`) links; absolute links, `data:` URLs,
/// other relative links and links without a usable base are returned as
/// they are (trimmed). The host of the base ends at the first `/`, `?` or `#`.
///
/// ```
/// use jianbao::text::resolve_url;
/// assert_eq!(resolve_url("/a/1.jpg", Some("https://www.rfa.org/mandarin/x.html")), "https://www.rfa.org/a/1.jpg");
/// assert_eq!(resolve_url("/a.jpg", Some("https://x.org?p=1")), "https://x.org/a.jpg");
/// ```
pub fn resolve_url(src: &str, base: Option<&str>) -> String {
    let src = src.trim();
    if src.contains("://") || src.starts_with("data:") {
        return src.to_string();
    }
    let Some((scheme, rest)) = base.and_then(|b| b.trim().split_once("://")) else { return src.to_string() };
    if let Some(r) = src.strip_prefix("//") {
        return format!("{scheme}://{r}");
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if src.starts_with('/') && !host.is_empty() {
        return format!("{scheme}://{host}{src}");
    }
    src.to_string()
}

/// Appends `item` unless it is empty or already in `list` (names, tags: the
/// lists are short, so a scan is cheaper than a set).
pub fn push_unique(list: &mut Vec<String>, item: String) {
    if !item.is_empty() && !list.contains(&item) {
        list.push(item);
    }
}

/// A Markdown rule line: three or more dashes, nothing else but spaces around.
pub fn is_rule(line: &str) -> bool {
    let l = line.trim();
    l.len() >= 3 && l.bytes().all(|b| b == b'-')
}

/// Characters written only in Simplified Chinese, paired position by
/// position with their Traditional forms below (the most frequent
/// distinguishing characters of news text; characters shared by both
/// scripts, or used in both for other words, are left out).
const SIMPLIFIED: &str = "这说国们时为会对发东来个过还进经关长开问现实动学见间么车电书话马门兴头让认记论议语读谈该请调资体机乐边无产业从众华协单卫历压县参双变号团围图场报声处备复导岁师带并广应张强总战权条极构样欢气没济热爱独环确种称线组织结给统维网联节苏获虽观规视计设证评识诉试详财责质购贸费转轮软较辆运远选邮钟钱铁银错阳际陆随难预领题风飞饭验鱼鸟黄龙齐达亿传伤伦侦军农击刘则剧办务劳势医区卢厂吗员响园坏块坚墙夺奋妇宁宝审宪将层岛币帮庆录彻忆态怀恶拥择护担拟损据挥摄敌断旧显杀杂毕汇汉沟测渐满灭灵灾点烟状献疗盖监盘码础离穷笔级纪纳纸练细终绍继续绝绩罗罚职聪肃胜脑艺药营蓝虑补装觉誉讨训许访诗询谁谢贝负贵贷赛赞赵踪轨辑迁迟适遗邓郑释钢销锁镇闭闻阵阶险隐须顾额饮馆驱鲁鸡麦齿别够乡买卖亚仅价众优会伟传债倾党兰关兹养写冲况净减凤凭击创剑劝动勋华协卖卫却厅历厉县参双发叠台叶号叹吓吴呜员咏哑哗响唤啰喷坛坝垒埘墙壮声壳处备复够头夹夺奖妆娱婴宽实宫宾寝对寻导寿将尔尘尝层属岁岗岭峡崭巩币帅师帐带帮广庄庆庐库应庙废开异弃张弥弯归当录彦径忧怜总恋恳恼悦惊惧惩惫惯愤戏战户执扩扫扬扰抚抛抢护报担拟拢拣拥拦拨择挂挡挣挤挥损换捣据掳掷揽搀携摄摆摇摊撑撵擞攒敌敛数斋斗斩断无旧时旷昙昼显晋晒晓晕暂术朴机杀杂权条来杨杰构枪柜栏树栖样桥桩梦检椭楼横欢欧歼殴毁毕毙气氢汇汉污汤沟没沦沧沪泞泪泼泽洁洒浅浆浇浊测济浏浑浓涂涛涝涡润涨渊渍渐渔渗温湾湿溃滚滞满滤滥滨滩潇潜澜濒灯灵灶灾灿炉炖炜点炼烁烂烛烟烦烧烫热焕爱爷牍牵牺犊状犹狈独狭狮狰猎猫献獭玛环现玺珐珑琐琼瑶璎电画畅疗疮疯痒痪痫瘫瘾癣皑皱盏盐监盖盘着睁瞒矫矶矿码砖砚础硕确碍碱礼祷祸禅离秃秆种积称秽税稳穷窃窍窑窜窝窥竖竞笃笋笔笼筑筛筝筹签简粮粹紧纠红纤约级纪纬纯纱纲纳纵纷纸纹纺线练组细织终绍经绑绒结绕绘给络绝绞统绢绣继绩绪续绰绳维绵绸综绽绿缀缅缆缓编缘缚缝缠缩缴罗罚罢羁翘耸耻聂聋职联聪肃肠肤肾肿胀胁胜胶脉脏脑脓脚脱脸腊腻腾舆舰舱艰艳艺节芜苇苍苏茧荐荡荣荫药莱获莹莺萝营萧萨蓝蔼蕴虏虑虚虫虽虾蚀蚁蚂蛊蛮蜗蝇蝉蝎蝼融衅补衬衔袄袜袭装裤见观规视览觉誊誉计订认讥讨让训议讯记讲讳讶许论讼讽设访诀证评诅识诈诉诊词译试诗诚话诞诡询诣该详诫语误诱说诵请诸诺读课谁调谅谈谊谋谍谎谐谓谜谢谣谦谨谬谭谱谴贝贞负贡财责贤败账货质贩贪贫贬购贮贯贱贴贵贷贸费贺贼贾贿赁资赋赌赎赏赐赔赖赚赛赞赠赢赵赶趋跃践踊踪蹑蹿躏车轧轨轩转轮软轰轻载轿较辅辆辈辉辐辑输辖辙辞辩辫边辽达迁过迈运还这进远违连迟迹选逊递逻遗遥邓邮邻郁郑酝酱酿释里鉴针钉钓钝钞钟钢钥钦钧钩钮钱钻铁铃铅铜铝铭铲银铸铺链销锁锄锅锈锋锐错锡锣锤锦键锯锻镀镇镑镜镶长门闪闭问闯闰闲间闷闸闹闺闻阀阁阅阐阔队阳阴阵阶际陆陈陕陨险随隐隶难雏雾霉静韦韧韩页顶项顺须顽顾顿颁颂预领颇颈频颖颗题颜额颠颤风飘飞饥饭饮饰饱饲饶饺饼馁馅馆馈馏馒驮驯驰驱驳驴驶驹驻驼驾骂骄骆骇验骏骑骗骚骤髅鱼鲁鲜鲤鲸鳄鸟鸡鸣鸥鸦鸭鸽鸿鹅鹊鹏鹤鹰麦黄黉齐齿龄龙龚龟";

const TRADITIONAL: &str = "這說國們時為會對發東來個過還進經關長開問現實動學見間麼車電書話馬門興頭讓認記論議語讀談該請調資體機樂邊無產業從眾華協單衛歷壓縣參雙變號團圍圖場報聲處備復導歲師帶並廣應張強總戰權條極構樣歡氣沒濟熱愛獨環確種稱線組織結給統維網聯節蘇獲雖觀規視計設證評識訴試詳財責質購貿費轉輪軟較輛運遠選郵鐘錢鐵銀錯陽際陸隨難預領題風飛飯驗魚鳥黃龍齊達億傳傷倫偵軍農擊劉則劇辦務勞勢醫區盧廠嗎員響園壞塊堅牆奪奮婦寧寶審憲將層島幣幫慶錄徹憶態懷惡擁擇護擔擬損據揮攝敵斷舊顯殺雜畢匯漢溝測漸滿滅靈災點煙狀獻療蓋監盤碼礎離窮筆級紀納紙練細終紹繼續絕績羅罰職聰肅勝腦藝藥營藍慮補裝覺譽討訓許訪詩詢誰謝貝負貴貸賽贊趙蹤軌輯遷遲適遺鄧鄭釋鋼銷鎖鎮閉聞陣階險隱須顧額飲館驅魯雞麥齒別夠鄉買賣亞僅價眾優會偉傳債傾黨蘭關茲養寫衝況淨減鳳憑擊創劍勸動勳華協賣衛卻廳歷厲縣參雙發疊臺葉號嘆嚇吳嗚員詠啞嘩響喚囉噴壇壩壘塒牆壯聲殼處備復夠頭夾奪獎妝娛嬰寬實宮賓寢對尋導壽將爾塵嘗層屬歲崗嶺峽嶄鞏幣帥師帳帶幫廣莊慶廬庫應廟廢開異棄張彌彎歸當錄彥徑憂憐總戀懇惱悅驚懼懲憊慣憤戲戰戶執擴掃揚擾撫拋搶護報擔擬攏揀擁攔撥擇掛擋掙擠揮損換搗據擄擲攬攙攜攝擺搖攤撐攆擻攢敵斂數齋鬥斬斷無舊時曠曇晝顯晉曬曉暈暫術樸機殺雜權條來楊傑構槍櫃欄樹棲樣橋樁夢檢橢樓橫歡歐殲毆毀畢斃氣氫匯漢汙湯溝沒淪滄滬濘淚潑澤潔灑淺漿澆濁測濟瀏渾濃塗濤澇渦潤漲淵漬漸漁滲溫灣濕潰滾滯滿濾濫濱灘瀟潛瀾瀕燈靈灶災燦爐燉煒點煉爍爛燭煙煩燒燙熱煥愛爺牘牽犧犢狀猶狽獨狹獅猙獵貓獻獺瑪環現璽琺瓏瑣瓊瑤瓔電畫暢療瘡瘋癢瘓癇癱癮癬皚皺盞鹽監蓋盤著睜瞞矯磯礦碼磚硯礎碩確礙鹼禮禱禍禪離禿稈種積稱穢稅穩窮竊竅窯竄窩窺豎競篤筍筆籠築篩箏籌簽簡糧粹緊糾紅纖約級紀緯純紗綱納縱紛紙紋紡線練組細織終紹經綁絨結繞繪給絡絕絞統絹繡繼績緒續綽繩維綿綢綜綻綠綴緬纜緩編緣縛縫纏縮繳羅罰罷羈翹聳恥聶聾職聯聰肅腸膚腎腫脹脅勝膠脈臟腦膿腳脫臉臘膩騰輿艦艙艱豔藝節蕪葦蒼蘇繭薦蕩榮蔭藥萊獲瑩鶯蘿營蕭薩藍藹蘊虜慮虛蟲雖蝦蝕蟻螞蠱蠻蝸蠅蟬蠍螻融釁補襯銜襖襪襲裝褲見觀規視覽覺謄譽計訂認譏討讓訓議訊記講諱訝許論訟諷設訪訣證評詛識詐訴診詞譯試詩誠話誕詭詢詣該詳誡語誤誘說誦請諸諾讀課誰調諒談誼謀諜謊諧謂謎謝謠謙謹謬譚譜譴貝貞負貢財責賢敗賬貨質販貪貧貶購貯貫賤貼貴貸貿費賀賊賈賄賃資賦賭贖賞賜賠賴賺賽贊贈贏趙趕趨躍踐踴蹤躡躥躪車軋軌軒轉輪軟轟輕載轎較輔輛輩輝輻輯輸轄轍辭辯辮邊遼達遷過邁運還這進遠違連遲跡選遜遞邏遺遙鄧郵鄰鬱鄭醞醬釀釋裡鑒針釘釣鈍鈔鐘鋼鑰欽鈞鉤鈕錢鑽鐵鈴鉛銅鋁銘鏟銀鑄鋪鏈銷鎖鋤鍋銹鋒銳錯錫鑼錘錦鍵鋸鍛鍍鎮鎊鏡鑲長門閃閉問闖閏閒間悶閘鬧閨聞閥閣閱闡闊隊陽陰陣階際陸陳陝隕險隨隱隸難雛霧黴靜韋韌韓頁頂項順須頑顧頓頒頌預領頗頸頻穎顆題顏額顛顫風飄飛飢飯飲飾飽飼饒餃餅餒餡館饋餾饅馱馴馳驅駁驢駛駒駐駝駕罵驕駱駭驗駿騎騙騷驟髏魚魯鮮鯉鯨鱷鳥雞鳴鷗鴉鴨鴿鴻鵝鵲鵬鶴鷹麥黃黌齊齒齡龍龔龜";

/// Bit sets over the Han block U+3400..U+9FFF: (simplified-only, traditional-only).
struct ScriptTables {
    simplified: Vec<u64>,
    traditional: Vec<u64>,
}

const TABLE_BASE: u32 = 0x3400;
const TABLE_LEN: usize = (0xA000 - 0x3400) / 64;

impl ScriptTables {
    fn lookup(bits: &[u64], c: char) -> bool {
        let Some(i) = (c as u32).checked_sub(TABLE_BASE) else { return false };
        bits.get((i / 64) as usize).is_some_and(|w| w & (1u64 << (i % 64)) != 0)
    }
    fn is_simplified(&self, c: char) -> bool {
        Self::lookup(&self.simplified, c)
    }
    fn is_traditional(&self, c: char) -> bool {
        Self::lookup(&self.traditional, c)
    }
}

static SCRIPT_TABLES: LazyLock<ScriptTables> = LazyLock::new(|| {
    // Characters Traditional text also uses (台灣, 公里, 北斗, 周杰倫…) or
    // Simplified text also uses (著名) are no evidence either way.
    const AMBIGUOUS: &str = "台里范斗朴郁涂杰彦于余干才面后系只几松云准制出表借划著";
    let simp: Vec<char> = SIMPLIFIED.chars().filter(|c| !AMBIGUOUS.contains(*c)).collect();
    let trad: Vec<char> = TRADITIONAL.chars().filter(|c| !AMBIGUOUS.contains(*c)).collect();
    let mut t = ScriptTables { simplified: vec![0; TABLE_LEN], traditional: vec![0; TABLE_LEN] };
    let set = |bits: &mut Vec<u64>, c: char| {
        if let Some(i) = (c as u32).checked_sub(TABLE_BASE) {
            if let Some(w) = bits.get_mut((i / 64) as usize) {
                *w |= 1u64 << (i % 64);
            }
        }
    };
    for &c in &simp {
        // A character in both lists tells nothing.
        if !trad.contains(&c) {
            set(&mut t.simplified, c);
        }
    }
    for &c in &trad {
        if !simp.contains(&c) {
            set(&mut t.traditional, c);
        }
    }
    t
});

/// Counts of script evidence in a text.
#[derive(Default, Debug, Clone, Copy)]
struct ScriptCounts {
    han: usize,
    kana: usize,
    hangul: usize,
    latin: usize,
    simplified: usize,
    traditional: usize,
}

impl ScriptCounts {
    fn add(&mut self, s: &str) {
        let tables = &*SCRIPT_TABLES;
        for c in s.chars() {
            if c.is_ascii_alphabetic() || matches!(c as u32, 0xC0..=0x24F) {
                self.latin += 1;
            } else if is_han(c) {
                self.han += 1;
                if tables.is_simplified(c) {
                    self.simplified += 1;
                } else if tables.is_traditional(c) {
                    self.traditional += 1;
                }
            } else if matches!(c as u32, 0x3041..=0x30FF) {
                self.kana += 1;
            } else if matches!(c as u32, 0xAC00..=0xD7AF | 0x1100..=0x11FF) {
                self.hangul += 1;
            }
        }
    }
}

/// Guesses the language of a text: `zh-Hans`, `zh-Hant`, `ja`, `ko`, `en`
/// (any Latin-script text), `zh` (Chinese without a telling character), or
/// `None` when there is too little text.
pub fn detect_language_of(texts: &[&str]) -> Option<String> {
    const BUDGET: usize = 4_000; // bytes (~1,300 Han characters): enough evidence, bounded cost
    let mut counts = ScriptCounts::default();
    let mut used = 0;
    for t in texts {
        if used >= BUDGET {
            break;
        }
        let mut end = t.len().min(BUDGET - used);
        while !t.is_char_boundary(end) {
            end -= 1;
        }
        counts.add(&t[..end]);
        used += end;
    }
    let c = counts;
    // Latin letters: about 5 per word, a Han character is about a word's worth.
    let cjk = c.han + c.kana + c.hangul;
    if cjk == 0 && c.latin == 0 {
        return None;
    }
    if c.latin > 3 * cjk.max(1) && c.latin >= 10 {
        return Some("en".into());
    }
    if c.hangul > c.han / 2 && c.hangul > c.kana {
        return Some("ko".into());
    }
    if c.kana * 5 > c.han && c.kana >= 5 {
        return Some("ja".into());
    }
    if c.han == 0 {
        return if c.latin > 0 { Some("en".into()) } else { None };
    }
    Some(
        match c.simplified.cmp(&c.traditional) {
            std::cmp::Ordering::Greater => "zh-Hans",
            std::cmp::Ordering::Less => "zh-Hant",
            std::cmp::Ordering::Equal => "zh",
        }
        .into(),
    )
}

/// Guesses the language from the title and text (see [`detect_language_of`]).
pub fn detect_language(article: &Article) -> Option<String> {
    let mut texts: Vec<&str> = Vec::with_capacity(article.paragraphs.len() + 2);
    texts.push(&article.title);
    if let Some(lead) = &article.lead {
        texts.push(lead);
    }
    texts.extend(article.paragraphs.iter().map(String::as_str));
    detect_language_of(&texts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_drops_layout_and_keeps_the_authors_spaces() {
        // Line breaks next to CJK are layout.
        assert_eq!(clean("两位外长\n  周五进行了"), "两位外长周五进行了");
        assert_eq!(clean("拉夫罗夫\n （Sergey Lavrov）"), "拉夫罗夫（Sergey Lavrov）");
        assert_eq!(clean("\n  拉夫罗夫\n  \n  （Sergey Lavrov）"), "拉夫罗夫（Sergey Lavrov）");
        assert_eq!(clean("谢尔盖‧\n  拉夫罗夫"), "谢尔盖‧拉夫罗夫");
        assert_eq!(clean("中\n\n文"), "中文");
        // On one line, a space touching CJK punctuation goes (also the small
        // form variants ﹐﹔﹕ of older pages)…
        assert_eq!(clean("威胁 。"), "威胁。");
        assert_eq!(clean("与善同在！ 但不幸的是"), "与善同在！但不幸的是");
        assert_eq!(clean("《 C2C 杂志 》"), "《 C2C 杂志》");
        assert_eq!(clean("站了起来﹔ 建政﹐ 中共"), "站了起来﹔建政﹐中共");
        // …and one between Han characters is the author's separator.
        assert_eq!(clean("第二章 家庭对文化的传承"), "第二章 家庭对文化的传承");
        assert_eq!(clean("20年劳改 手上还留有石头"), "20年劳改 手上还留有石头");
        // Latin text and mixed text keep their spaces, as one space.
        assert_eq!(clean("the  quick\n\tbrown fox"), "the quick brown fox");
        assert_eq!(clean("Spaces\n between\tLatin"), "Spaces between Latin");
        assert_eq!(clean("于 10 月 7 日"), "于 10 月 7 日");
        assert_eq!(clean("Omicron 在粤语中"), "Omicron 在粤语中");
        assert_eq!(clean("迹象 ."), "迹象 .");
        assert_eq!(clean("Rafkat Abzaloy是"), "Rafkat Abzaloy是");
        // Every kind of white space; invisible characters go without separating.
        assert_eq!(clean("\u{a0}\u{3000} 标题 \u{200b}"), "标题");
        assert_eq!(clean("\u{3000}\u{3000}正文\u{a0}x\u{2003}"), "正文 x");
        assert_eq!(clean("387,6\u{200b}\u{200b}00"), "387,600");
        assert_eq!(clean("a\u{b}b\u{85}c"), "a b c");
        assert_eq!(clean("  "), "");
        assert_eq!(clean(""), "");
    }

    #[test]
    fn collapsing_keeps_every_separator() {
        assert_eq!(collapse_ws(" 视频  美国国务卿\n到访\u{200b}以色列 "), "视频 美国国务卿 到访以色列");
        assert_eq!(collapse_ws(""), "");
    }

    #[test]
    fn entities() {
        assert_eq!(decode_entities("a &amp; b"), "a & b");
        assert_eq!(decode_entities("&lt;b&gt; &#x4E2D;&#25991; &nbsp;x"), "<b> 中文 \u{a0}x");
        assert_eq!(decode_entities("<script>x</script>"), "<script>x</script>");
        assert_eq!(decode_entities("no entity"), "no entity");
        assert_eq!(decode_entities("AT&T"), "AT&T");
        // The whole HTML table, not a hand-picked list; references out of
        // range become U+FFFD, as in a browser.
        assert_eq!(decode_entities("&hellip;&mdash;&thinsp;&Ouml;&eacute;&larr;"), "…—\u{2009}Öé←");
        assert_eq!(decode_entities("a &bogus; &"), "a &bogus; &");
        assert_eq!(decode_entities("&#xFFFFFFF;"), "\u{fffd}");
    }

    #[test]
    fn canonical_urls_identify_articles() {
        let a = canonical_url("https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/20231106-x");
        for b in [
            "http://www.rfi.fr//cn/%E4%B8%AD%E5%9B%BD/20231106-x",
            "https://rfi.fr/cn/%e4%b8%ad%e5%9b%bd/20231106-x/",
            "https://WWW.RFI.FR:443/cn/%E4%B8%AD%E5%9B%BD/20231106-x#comments",
            " https://www.rfi.fr/cn//%E4%B8%AD%E5%9B%BD//20231106-x?utm_source=rss ",
        ] {
            assert_eq!(canonical_url(b), a, "{b}");
        }
        assert_eq!(a, "rfi.fr/cn/%E4%B8%AD%E5%9B%BD/20231106-x");
        // Different articles stay different; meaningful queries stay.
        assert_ne!(
            canonical_url("https://cn.ft.com/story/001088570?full=y"),
            canonical_url("https://cn.ft.com/story/001088571?full=y")
        );
        assert_eq!(
            canonical_url("https://cn.ft.com/story/001088570?full=y&amp;utm_medium=x"),
            "cn.ft.com/story/001088570?full=y"
        );
        assert_eq!(canonical_url("https://www.youtube.com/watch?v=2wmfGgGeURA"), "youtube.com/watch?v=2wmfGgGeURA");
        // Odd input does not panic.
        for s in ["", "%", "%e", "http://", "://", "?", "#", "%zz/%4"] {
            let _ = canonical_url(s);
        }
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("%E7%BE%8E%E5%9B%BD"), "美国");
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("%"), "%");
        assert_eq!(percent_decode("%E7%BE"), "%E7%BE");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        // What is UTF-8 is decoded; the escapes of what is not stay as written.
        assert_eq!(percent_decode("%E5%"), "%E5%");
        assert_eq!(percent_decode("%e7%be%8e%E5-x"), "美%E5-x");
        assert_eq!(percent_decode("%E4%B8中%ff"), "%E4%B8中%ff");
        assert_eq!(percent_decode("%E5%B8%83%E6%9E%97%E8%82%AF"), "布林肯");
    }

    #[test]
    fn links_resolve_against_the_article() {
        let r = |src: &str, base: &str| resolve_url(src, Some(base));
        assert_eq!(
            r("//s3.reutersmedia.net/a.jpg", "https://cn.reuters.com/article/x"),
            "https://s3.reutersmedia.net/a.jpg"
        );
        assert_eq!(r("/a/1.jpg", "https://www.rfa.org/mandarin/x.html"), "https://www.rfa.org/a/1.jpg");
        assert_eq!(
            r("/i6/a.gif", "https://www.epochtimes.com/gb/6/4/11/n1.htm"),
            "https://www.epochtimes.com/i6/a.gif"
        );
        assert_eq!(r(" https://x.org/a.jpg ", "https://www.rfa.org/"), "https://x.org/a.jpg");
        // The host ends at `?` and `#` too.
        assert_eq!(r("/a.jpg", "https://x.org?p=1"), "https://x.org/a.jpg");
        assert_eq!(r("/a.jpg", "https://x.org#top"), "https://x.org/a.jpg");
        // Nothing to resolve against.
        assert_eq!(r("/a.jpg", "https:///p"), "/a.jpg");
        assert_eq!(r("a.jpg", "https://x.org/p/"), "a.jpg");
        assert_eq!(resolve_url("/a.jpg", None), "/a.jpg");
        assert_eq!(r("data:image/png;base64,xx", "https://x.org/"), "data:image/png;base64,xx");
    }

    #[test]
    fn small_helpers() {
        let mut list = vec!["a".to_string()];
        push_unique(&mut list, "a".into());
        push_unique(&mut list, String::new());
        push_unique(&mut list, "b".into());
        assert_eq!(list, ["a", "b"]);
        assert!(is_rule("---") && is_rule(" ------------------------ ") && !is_rule("--") && !is_rule("--- x"));
    }

    #[test]
    fn languages() {
        let l = |s: &str| detect_language_of(&[s]);
        assert_eq!(
            l("美国国务卿布林肯于3月22日抵达以色列访问，这是他们第六次在该地区进行穿梭外交。").as_deref(),
            Some("zh-Hans")
        );
        assert_eq!(
            l("美國國務卿布林肯於3月22日抵達以色列訪問，這是他們第六次在該地區進行穿梭外交。").as_deref(),
            Some("zh-Hant")
        );
        assert_eq!(l("藍營提台美復交及助台抗中決議 立院無異議通過").as_deref(), Some("zh-Hant"));
        assert_eq!(l("Jacinda Ardern’s quiet competence triumphs in New Zealand").as_deref(), Some("en"));
        assert_eq!(l("英国《泰晤士报》the Times reported that").as_deref(), Some("en"));
        assert_eq!(l("日本の首相は東京で記者会見を行いました。").as_deref(), Some("ja"));
        assert_eq!(l("대한민국 정부는 오늘 발표했다").as_deref(), Some("ko"));
        assert_eq!(l("中文").as_deref(), Some("zh"));
        assert_eq!(l("").as_deref(), None);
        assert_eq!(l("2020 …").as_deref(), None);
    }

    #[test]
    fn script_tables_are_consistent() {
        let t = &*SCRIPT_TABLES;
        assert!(t.is_simplified('这') && t.is_traditional('這'));
        assert!(!t.is_simplified('這') && !t.is_traditional('这'));
        assert!(!t.is_simplified('台') && !t.is_traditional('著'));
        assert!(!t.is_simplified('a') && !t.is_traditional('𠀀'));
        let count = |bits: &[u64]| bits.iter().map(|w| w.count_ones()).sum::<u32>();
        assert!(count(&t.simplified) > 300 && count(&t.traditional) > 300);
    }
}
