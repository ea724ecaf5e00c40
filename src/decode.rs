//! Bytes to text: BOMs, UTF-8, UTF-16, and legacy Chinese encodings detected from content.
//!
//! Order of decisions:
//! 1. empty input → error;
//! 2. a byte-order mark decides (UTF-8, UTF-16LE, UTF-16BE);
//! 3. well-known binary signatures (PNG, JPEG, PDF, ZIP, …) → error naming what it is;
//! 4. UTF-16 without a BOM, recognised from where its NUL bytes fall (ASCII
//!    in UTF-16LE is `xx 00`, in UTF-16BE `00 xx`) and checked by decoding;
//! 5. more than 1 % NUL or other control bytes (trailing NUL padding aside)
//!    → binary data; a few stray NULs in text are removed, with a warning;
//! 6. valid UTF-8, or *mostly* valid UTF-8 (at least [`VALID_PER_INVALID`]
//!    valid multi-byte characters per invalid sequence) → UTF-8, bad bytes
//!    replaced by U+FFFD, with a `decoding-errors` warning;
//! 7. otherwise the legacy Chinese encodings are tried ([`guess_legacy`]):
//!    GBK/GB18030 or Big5, whichever reads as Chinese text;
//! 8. failing that, damaged UTF-8 if most non-ASCII sequences are valid,
//!    else windows-1252 (which decodes any byte).
//!
//! Line ends are normalised (`\r\n` and lone `\r` become `\n`); text that is
//! only white space is an error.
//!
//! # The decoder seam
//!
//! UTF-8, UTF-16 and windows-1252 are decoded here, in plain Rust. GB18030
//! and Big5 need large tables, so they go through a [`LegacyDecoder`]: the
//! native build uses encoding_rs (the `encoding_rs` feature, on by default);
//! the wasm build leaves the feature out and installs the browser's
//! `TextDecoder` with [`set_legacy_decoder`] (`wasm/src/decoder.rs`),
//! which saves the page about 160 KB of gzipped wasm. Both decode the WHATWG
//! way, and detection is the same code on both, so a file gives the same
//! record in the CLI and in the page. Detection needs no tables of its own:
//! it decodes a sample in each candidate and counts common characters.

use crate::problem::{Code, Problem};
use std::sync::OnceLock;

/// Text decoded from a file, with the name of the encoding used.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    /// Some bytes could not be decoded and were replaced by U+FFFD.
    pub had_errors: bool,
    /// NUL characters removed from the text (stray NULs, trailing NUL padding).
    pub nuls_removed: usize,
}

impl Decoded {
    /// What the reader of the article should be told about the decoding.
    pub fn warnings(&self) -> Vec<Problem> {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let mut warnings = Vec::new();
        if self.had_errors {
            let replaced = self.text.chars().filter(|&c| c == '\u{fffd}').count();
            warnings.push(Problem::new(
                Code::DecodingErrors,
                format!(
                    "{replaced} invalid byte sequence{} in the {} text replaced by �",
                    plural(replaced),
                    self.encoding
                ),
            ));
        }
        if self.nuls_removed > 0 {
            warnings.push(Problem::new(
                Code::ControlCharacters,
                format!("{} NUL byte{} removed from the text", self.nuls_removed, plural(self.nuls_removed)),
            ));
        }
        warnings
    }
}

/// The legacy encodings of Chinese archives, decoded through a [`LegacyDecoder`].
/// (GBK is read with the GB18030 decoder, its superset, as WHATWG does.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Legacy {
    Gb18030,
    Big5,
}

impl Legacy {
    /// In the order a tie is broken.
    pub const ALL: [Legacy; 2] = [Legacy::Gb18030, Legacy::Big5];

    /// The WHATWG label, as `TextDecoder` takes it.
    pub fn label(self) -> &'static str {
        match self {
            Legacy::Gb18030 => "gb18030",
            Legacy::Big5 => "big5",
        }
    }
}

/// Decodes the legacy encodings: the platform's part of decoding.
pub trait LegacyDecoder: Sync {
    /// `bytes` decoded as `encoding` the WHATWG way (each malformed sequence
    /// becomes one U+FFFD, a BOM is not special); `None` if it cannot.
    fn decode(&self, encoding: Legacy, bytes: &[u8]) -> Option<String>;
}

static INSTALLED: OnceLock<&'static dyn LegacyDecoder> = OnceLock::new();

/// Installs the decoder for [`Legacy`] encodings, once per process (`false`
/// if one was installed already). Without one, a build with the
/// `encoding_rs` feature uses encoding_rs, and a build without it reads no
/// GBK or Big5 (such files become `undecodable` errors).
pub fn set_legacy_decoder(decoder: &'static dyn LegacyDecoder) -> bool {
    INSTALLED.set(decoder).is_ok()
}

/// The installed decoder, else the built-in one.
fn legacy_decoder() -> Option<&'static dyn LegacyDecoder> {
    INSTALLED.get().copied().or(BUILT_IN)
}

/// `bytes` in a legacy encoding, through the installed decoder (see
/// [`set_legacy_decoder`]); `None` when this build has none.
pub fn decode_legacy(encoding: Legacy, bytes: &[u8]) -> Option<String> {
    legacy_decoder()?.decode(encoding, bytes)
}

/// encoding_rs's decoders: the native build's [`LegacyDecoder`].
#[cfg(feature = "encoding_rs")]
pub struct EncodingRs;

#[cfg(feature = "encoding_rs")]
impl LegacyDecoder for EncodingRs {
    fn decode(&self, encoding: Legacy, bytes: &[u8]) -> Option<String> {
        let encoding = match encoding {
            Legacy::Gb18030 => encoding_rs::GB18030,
            Legacy::Big5 => encoding_rs::BIG5,
        };
        Some(encoding.decode_without_bom_handling(bytes).0.into_owned())
    }
}

#[cfg(feature = "encoding_rs")]
const BUILT_IN: Option<&'static dyn LegacyDecoder> = Some(&EncodingRs);
#[cfg(not(feature = "encoding_rs"))]
const BUILT_IN: Option<&'static dyn LegacyDecoder> = None;

/// Decodes a file's bytes; `Err` explains, for a user, why the file is not text.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Problem> {
    if bytes.is_empty() {
        return Err(Problem::new(Code::Empty, "empty file"));
    }
    // A byte-order mark is the strongest evidence there is.
    if let Some(body) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let (text, had_errors) = utf8_lossy(body);
        return finish(text, "UTF-8", had_errors);
    }
    for order in [ByteOrder::Little, ByteOrder::Big] {
        if let Some(body) = bytes.strip_prefix(&order.bom()) {
            let (text, had_errors) = decode_utf16(body, order);
            return finish(text, order.name(), had_errors);
        }
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(kind);
    }
    if let Some(order) = utf16_without_bom(bytes) {
        let (text, had_errors) = decode_utf16(bytes, order);
        return finish(text, order.name(), had_errors);
    }
    if let Some(problem) = control_bytes(bytes) {
        return Err(problem);
    }
    let counts = match std::str::from_utf8(bytes) {
        Ok(s) => return finish(s.to_string(), "UTF-8", false),
        Err(e) => Utf8Counts::of(bytes, e),
    };
    if counts.mostly_valid() {
        let (text, had_errors) = utf8_lossy(bytes);
        return finish(text, "UTF-8", had_errors);
    }
    if legacy_decoder().is_none() {
        return Err(Problem::new(
            Code::Undecodable,
            "not readable text: not UTF-8, and this build cannot decode GBK or Big5",
        ));
    }
    if let Some(encoding) = guess_legacy(bytes) {
        if let Some(text) = decode_legacy(encoding, bytes) {
            let had_errors = text.contains('\u{fffd}');
            return finish(text, legacy_name(encoding, bytes), had_errors);
        }
    }
    // Not Chinese: damaged UTF-8 when most of it is UTF-8 (windows-1252 text
    // almost never contains a valid multi-byte sequence), else windows-1252.
    if counts.valid > counts.invalid {
        let (text, had_errors) = utf8_lossy(bytes);
        return finish(text, "UTF-8", had_errors);
    }
    finish(windows_1252(bytes), "windows-1252", false)
}

/// The name `source.encoding` gives: `GB18030` only when the file uses the
/// four-byte codes GBK lacks, `GBK` otherwise.
fn legacy_name(encoding: Legacy, bytes: &[u8]) -> &'static str {
    match encoding {
        Legacy::Big5 => "Big5",
        Legacy::Gb18030 if has_four_byte_codes(bytes) => "GB18030",
        Legacy::Gb18030 => "GBK",
    }
}

/// A GB18030 four-byte code: a lead byte, then a digit (GBK's trail bytes are 0x40 and up).
fn has_four_byte_codes(bytes: &[u8]) -> bool {
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if (0x81..=0xFE).contains(&b) {
            if matches!(bytes.get(i + 1), Some(0x30..=0x39)) {
                return true;
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}

fn finish(text: String, encoding: &'static str, had_errors: bool) -> Result<Decoded, Problem> {
    let (text, nuls_removed) = remove_nuls(normalise_newlines(text));
    if text.chars().all(|c| c.is_whitespace() || c == '\u{feff}') {
        return Err(if text.is_empty() {
            Problem::new(Code::Empty, "empty file")
        } else {
            Problem::new(Code::Blank, "the file contains only white space")
        });
    }
    if had_errors && replacement_ratio_too_high(&text) {
        return Err(Problem::new(
            Code::Undecodable,
            format!("not readable text: most of it cannot be decoded (tried {encoding})"),
        ));
    }
    Ok(Decoded { text, encoding, had_errors, nuls_removed })
}

/// `\r\n` → `\n`, lone `\r` → `\n`; no copy when there is no `\r`.
pub fn normalise_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    // Byte-wise: '\r' and '\n' never occur inside a multi-byte UTF-8 sequence.
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' => {
                out.push(b'\n');
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Removes U+0000, which no reader wants (HTML parsers turn it into U+FFFD
/// or drop it) and which only appears in text by accident; no copy without one.
fn remove_nuls(text: String) -> (String, usize) {
    let count = text.bytes().filter(|&b| b == 0).count();
    if count == 0 {
        return (text, 0);
    }
    (text.replace('\0', ""), count)
}

/// UTF-8 with each maximal invalid subsequence replaced by U+FFFD (the
/// WHATWG decoder's rule), and whether any was.
fn utf8_lossy(bytes: &[u8]) -> (String, bool) {
    match String::from_utf8_lossy(bytes) {
        std::borrow::Cow::Borrowed(s) => (s.to_string(), false),
        std::borrow::Cow::Owned(s) => (s, true),
    }
}

/// Valid multi-byte characters per invalid sequence above which invalid
/// UTF-8 is read as damaged UTF-8 even though it might be a legacy encoding:
/// 4 (80 % valid). Text in GBK, GB18030 or Big5 stays far below, because
/// their two-byte codes rarely form valid UTF-8 by chance: every file of the
/// real corpus re-encoded has at most 25 % (and `tests/decoding.rs` checks
/// that each is read in its encoding, not as UTF-8).
pub const VALID_PER_INVALID: usize = 4;

/// How much of a file is valid UTF-8, counted in non-ASCII sequences.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Utf8Counts {
    /// Valid multi-byte characters.
    valid: usize,
    /// Invalid sequences (each one U+FFFD), not counting a character cut off at the end.
    invalid: usize,
}

impl Utf8Counts {
    /// Counts, stopping early once the valid ones can no longer be a majority.
    fn of(bytes: &[u8], first: std::str::Utf8Error) -> Self {
        let mut counts = Utf8Counts { valid: 0, invalid: 0 };
        let mut rest = bytes;
        let mut error = Some(first);
        loop {
            let (good, error_len) = match error.take() {
                Some(e) => (e.valid_up_to(), e.error_len()),
                None => match std::str::from_utf8(rest) {
                    Ok(_) => (rest.len(), None),
                    Err(e) => (e.valid_up_to(), e.error_len()),
                },
            };
            // Lead bytes count characters: each multi-byte character has exactly one.
            counts.valid += rest[..good].iter().filter(|&&b| b >= 0xC0).count();
            // No error length: the end, or a last character cut short (not damage).
            let Some(error_len) = error_len else { return counts };
            counts.invalid += 1;
            rest = &rest[good + error_len..];
            // Each further character takes at least two bytes.
            if counts.valid + rest.len() / 2 <= counts.invalid {
                return counts;
            }
        }
    }

    fn mostly_valid(self) -> bool {
        self.valid >= VALID_PER_INVALID * self.invalid
    }
}

fn replacement_ratio_too_high(text: &str) -> bool {
    let mut total = 0usize;
    let mut bad = 0usize;
    for c in text.chars() {
        total += 1;
        bad += (c == '\u{fffd}') as usize;
    }
    total > 0 && bad * 4 > total
}

/// How much of a file [`guess_legacy`] decodes to choose.
const GUESS_SAMPLE: usize = 64 * 1024;

/// The legacy encoding the bytes read as Chinese in, if any: a sample is
/// decoded in GB18030 and in Big5, and a reading counts if at least half of
/// its Han characters are among the [`COMMON_HAN`] (folded to Simplified, so
/// Traditional text counts too) and under 2 % of its non-ASCII characters are
/// replacement, private-use or C1 control characters. On the real corpus
/// re-encoded, the right reading scores 67–100 % (over 75 % past a few dozen
/// characters) and the wrong one, random characters, 0–40 % (under 34 % past
/// a few dozen). The better reading wins; a tie goes to GB18030.
///
/// Also what ZIP entry names are decoded with (all of an archive's names at once).
pub fn guess_legacy(bytes: &[u8]) -> Option<Legacy> {
    let sample = sample_of(bytes);
    let mut best: Option<(Legacy, Reading)> = None;
    for encoding in Legacy::ALL {
        let Some(text) = decode_legacy(encoding, sample) else { continue };
        let reading = Reading::of(&text);
        if reading.is_chinese() && best.as_ref().is_none_or(|(_, b)| reading.rank() > b.rank()) {
            best = Some((encoding, reading));
        }
    }
    best.map(|(encoding, _)| encoding)
}

/// The first [`GUESS_SAMPLE`] bytes, cut after a byte below 0x30, which is
/// never part of a GBK, GB18030 or Big5 code (so no character is cut in two).
fn sample_of(bytes: &[u8]) -> &[u8] {
    if bytes.len() <= GUESS_SAMPLE {
        return bytes;
    }
    let window = &bytes[..GUESS_SAMPLE];
    window.iter().rposition(|&b| b < 0x30).map_or(window, |i| &window[..=i])
}

/// What a candidate decoding looks like.
#[derive(Clone, Copy, Debug)]
struct Reading {
    non_ascii: usize,
    han: usize,
    common: usize,
    /// Replacement characters, private-use characters (GB18030's user areas) and C1 controls.
    suspicious: usize,
}

impl Reading {
    fn of(text: &str) -> Self {
        let mut r = Reading { non_ascii: 0, han: 0, common: 0, suspicious: 0 };
        for c in text.chars().filter(|c| !c.is_ascii()) {
            r.non_ascii += 1;
            match c as u32 {
                0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF => {
                    r.han += 1;
                    r.common += is_common_han(crate::search::normalize::fold_char(c)) as usize;
                }
                0xFFFD | 0xE000..=0xF8FF | 0x80..=0x9F => r.suspicious += 1,
                _ => {}
            }
        }
        r
    }

    fn is_chinese(&self) -> bool {
        self.han > 0 && self.common * 100 >= self.han * 50 && self.suspicious * 50 < self.non_ascii.max(1)
    }

    fn rank(&self) -> i64 {
        self.common as i64 - 4 * self.suspicious as i64
    }
}

/// About 1,200 of the most frequent Simplified characters of modern Chinese
/// (after Jun Da's frequency list): 92 % of the Han characters of the real
/// corpus, and a few percent of random ones.
const COMMON_HAN: &str = "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康虑幸均销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶玉镇雪午练迫爷篇肉嘴馆遍凡础洞卷坦牛宁纸诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖弄雄稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰虚玩析窗醒妻透购替塞努休虎扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃抱鼓植纯夏忍页杰筑折郑贝尊吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵尺浪巧晓肩佳贴纷乘彩鞋弗哭夺卢奖桌郎宏宾旦炼搬刷慧";

fn is_common_han(c: char) -> bool {
    static SET: OnceLock<Vec<u64>> = OnceLock::new();
    let set = SET.get_or_init(|| {
        let mut bits = vec![0u64; (0xA000 - 0x4E00) / 64];
        for c in COMMON_HAN.chars() {
            let i = (c as usize).wrapping_sub(0x4E00);
            if let Some(word) = bits.get_mut(i / 64) {
                *word |= 1 << (i % 64);
            }
        }
        bits
    });
    let i = (c as usize).wrapping_sub(0x4E00);
    set.get(i / 64).is_some_and(|word| word & (1 << (i % 64)) != 0)
}

/// windows-1252 as WHATWG defines it: Latin-1, with 0x80–0x9F mostly typographic.
fn windows_1252(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}', '\u{2C6}',
        '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}',
        '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}', '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}',
        '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ByteOrder {
    Little,
    Big,
}

impl ByteOrder {
    fn bom(self) -> [u8; 2] {
        match self {
            ByteOrder::Little => [0xFF, 0xFE],
            ByteOrder::Big => [0xFE, 0xFF],
        }
    }

    fn name(self) -> &'static str {
        match self {
            ByteOrder::Little => "UTF-16LE",
            ByteOrder::Big => "UTF-16BE",
        }
    }

    fn unit(self, pair: &[u8]) -> u16 {
        match self {
            ByteOrder::Little => u16::from_le_bytes([pair[0], pair[1]]),
            ByteOrder::Big => u16::from_be_bytes([pair[0], pair[1]]),
        }
    }
}

/// UTF-16 with unpaired surrogates and a dangling last byte replaced by U+FFFD.
fn decode_utf16(bytes: &[u8], order: ByteOrder) -> (String, bool) {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut had_errors = false;
    for unit in char::decode_utf16(bytes.chunks_exact(2).map(|pair| order.unit(pair))) {
        text.push(unit.unwrap_or_else(|_| {
            had_errors = true;
            '\u{fffd}'
        }));
    }
    // A dangling last byte is an error, one with a high surrogate just before
    // it (already replaced): WHATWG reports what is left at the end once.
    let dangling_surrogate = bytes.len() >= 3 && (0xD800..0xDC00).contains(&order.unit(&bytes[bytes.len() - 3..]));
    if bytes.len() % 2 == 1 && !dangling_surrogate {
        text.push('\u{fffd}');
        had_errors = true;
    }
    (text, had_errors)
}

/// How much of a file is looked at to recognise UTF-16 without a BOM.
const UTF16_SAMPLE: usize = 64 * 1024;

/// UTF-16 without a byte-order mark: ASCII characters (markup, digits, line
/// breaks) put a NUL on one side of their code unit and CJK characters almost
/// never do, so NULs fall on odd offsets in UTF-16LE and on even ones in
/// UTF-16BE. The guess is kept only if the sample then decodes to plausible
/// text (no unpaired surrogates, at least 95 % letters, CJK, punctuation).
fn utf16_without_bom(bytes: &[u8]) -> Option<ByteOrder> {
    let sample = &bytes[..bytes.len().min(UTF16_SAMPLE) & !1];
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even += (pair[0] == 0) as usize;
        odd += (pair[1] == 0) as usize;
    }
    // CJK code units with a zero byte (U+4E00 一, U+5100…) are 1 in 256: allow some.
    let (order, ascii, stray) = if odd > even { (ByteOrder::Little, odd, even) } else { (ByteOrder::Big, even, odd) };
    if ascii < 4 || stray * 4 > ascii {
        return None;
    }
    let (mut total, mut plausible) = (0usize, 0usize);
    let last = sample.len() / 2;
    for (i, unit) in char::decode_utf16(sample.chunks_exact(2).map(|pair| order.unit(pair))).enumerate() {
        total += 1;
        match unit {
            Ok(c) => plausible += plausible_text(c) as usize,
            // The sample may cut a surrogate pair in two.
            Err(_) if i + 1 >= last => total -= 1,
            Err(_) => return None,
        }
    }
    (total > 0 && plausible * 100 >= total * 95).then_some(order)
}

/// Characters that make up the text of these archives: ASCII, Latin, Greek
/// and Cyrillic, punctuation and symbols, CJK and its punctuation, kana,
/// Hangul, full-width forms, supplementary ideographs and emoji.
fn plausible_text(c: char) -> bool {
    matches!(c as u32,
        0x09 | 0x0A | 0x0D | 0x20..=0x7E | 0xA0..=0x52F | 0x2000..=0x2BFF | 0x2E80..=0x9FFF |
        0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0xFFFD |
        0x1F000..=0x1FAFF | 0x20000..=0x3134F)
}

/// Names well-known binary formats; `None` for anything that may be text.
pub fn binary_kind(bytes: &[u8]) -> Option<Problem> {
    use Code::{Archive, Binary, Document, Image, Media, Program};
    const SIGNATURES: &[(&[u8], Code, &str)] = &[
        (b"\x89PNG\r\n\x1a\n", Image, "a PNG image"),
        (b"\xff\xd8\xff", Image, "a JPEG image"),
        (b"GIF87a", Image, "a GIF image"),
        (b"GIF89a", Image, "a GIF image"),
        (b"%PDF-", Document, "a PDF document"),
        (b"PK\x03\x04", Archive, "a ZIP archive"),
        (b"PK\x05\x06", Archive, "an empty ZIP archive"),
        (b"PK\x07\x08", Archive, "a ZIP archive"),
        (b"\x1f\x8b", Archive, "a gzip-compressed file"),
        (b"BZh", Archive, "a bzip2-compressed file"),
        (b"\xfd7zXZ\x00", Archive, "an xz-compressed file"),
        (b"(\xb5/\xfd", Archive, "a zstd-compressed file"),
        (b"7z\xbc\xaf\x27\x1c", Archive, "a 7-Zip archive"),
        (b"Rar!\x1a\x07", Archive, "a RAR archive"),
        (b"\x7fELF", Program, "a program (ELF executable)"),
        (b"MZ", Program, "a Windows program"),
        (b"\x00asm", Program, "a WebAssembly module"),
        (b"SQLite format 3\x00", Binary, "an SQLite database"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", Document, "an old Microsoft Office document"),
        (b"II*\x00", Image, "a TIFF image"),
        (b"MM\x00*", Image, "a TIFF image"),
        (b"ID3", Media, "an MP3 audio file"),
        (b"OggS", Media, "an Ogg audio/video file"),
        (b"fLaC", Media, "a FLAC audio file"),
        (b"wOFF", Binary, "a web font"),
        (b"wOF2", Binary, "a web font"),
        (b"\x00\x00\x01\x00", Image, "an icon image"),
    ];
    for &(magic, code, name) in SIGNATURES {
        if bytes.starts_with(magic) {
            // "MZ" and "BZh"/"ID3" are also plausible starts of text: require binary evidence.
            let weak = matches!(magic, b"MZ" | b"BZh" | b"ID3");
            if !weak || control_bytes(bytes).is_some() {
                return Some(describe(code, name, magic == b"PK\x03\x04" || magic == b"PK\x05\x06"));
            }
        }
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" {
        let kind = match &bytes[8..12] {
            b"WEBP" => ("a WebP image", Image),
            b"WAVE" => ("a WAV audio file", Media),
            b"AVI " => ("an AVI video", Media),
            _ => ("a RIFF media file", Media),
        };
        return Some(describe(kind.1, kind.0, false));
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        let kind = match &bytes[8..12] {
            b"heic" | b"heix" | b"mif1" | b"avif" => ("an HEIC/AVIF image", Image),
            _ => ("an MP4/QuickTime video", Media),
        };
        return Some(describe(kind.1, kind.0, false));
    }
    None
}

fn describe(code: Code, kind: &str, zip: bool) -> Problem {
    let message = if zip {
        format!("{kind}, not a text article (give the archive itself to `jianbao extract` or the web page to read the files inside)")
    } else {
        format!("{kind}, not a text article")
    };
    Problem::new(code, message)
}

/// Control bytes allowed in text: tab, line feed, form feed, carriage return.
fn is_binary_control(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r')) || b == 0x7f
}

/// Binary data: more than 1 % of the bytes are NULs or other control bytes
/// (text has none; random or compressed data has 11 %). A run of NULs at
/// the end is padding, not content, and is left out of the count; a file of
/// nothing but NULs is binary. (Called after UTF-16, whose ASCII is half NULs.)
fn control_bytes(bytes: &[u8]) -> Option<Problem> {
    let content = &bytes[..bytes.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1)];
    let controls = content.iter().filter(|&&b| is_binary_control(b)).count();
    if !content.is_empty() && controls * 100 <= content.len() {
        return None;
    }
    let what = if content.is_empty() || content.contains(&0) { "NUL" } else { "control" };
    Some(Problem::new(Code::Binary, format!("binary data (it contains {what} bytes), not a text article")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{BIG5, GBK};

    const SNIPPET: &str = "【大纪元2022年01月21日讯】（大纪元记者张婷综合报导）美国国务卿布林肯周五（1月21日）在日内瓦召开的会议上，告诉俄罗斯外交部长谢尔盖·拉夫罗夫（Sergey Lavrov），如果莫斯科进一步侵略乌克兰，华盛顿将做出“统一、迅速和严厉的回应”。两位外长周五进行了大约一个半小时的双边会谈。在此期间，美方试图说服俄方缓和乌克兰边境的局势。";

    const SNIPPET_HANT: &str = "路透社21日報導，在美國發佈的侵犯新疆人權黑名單中，被控進行遺傳分析、以推動對中國少數民族維吾爾人鎮壓，因而被祭出制裁的2家企業，其中國母公司發表聲明否認有任何犯行。華大基因科技集團21日發表聲明說，他們並未從事不道德行為，也未提供基因技術來監控維吾爾人。";

    #[test]
    fn utf8_plain_and_with_bom() {
        let d = decode(SNIPPET.as_bytes()).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.text, SNIPPET);
        let mut with_bom = b"\xef\xbb\xbf".to_vec();
        with_bom.extend_from_slice(SNIPPET.as_bytes());
        let d = decode(&with_bom).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.text, SNIPPET, "the BOM is not part of the text");
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let text = "### 标题\r\n---\r\nLine two";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
            be.extend_from_slice(&unit.to_be_bytes());
        }
        let d = decode(&le).unwrap();
        assert_eq!(d.encoding, "UTF-16LE");
        assert_eq!(d.text, "### 标题\n---\nLine two");
        let d = decode(&be).unwrap();
        assert_eq!(d.encoding, "UTF-16BE");
        assert_eq!(d.text, "### 标题\n---\nLine two");
    }

    #[test]
    fn gbk_detected_from_content() {
        let (bytes, _, unmappable) = GBK.encode(SNIPPET);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&bytes).is_err());
        let d = decode(&bytes).unwrap();
        assert!(matches!(d.encoding, "GBK" | "GB18030"), "{}", d.encoding);
        assert_eq!(d.text, SNIPPET);
        assert!(!d.had_errors);
    }

    #[test]
    fn big5_detected_from_content() {
        let (bytes, _, unmappable) = BIG5.encode(SNIPPET_HANT);
        assert!(!unmappable);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "Big5");
        assert_eq!(d.text, SNIPPET_HANT);
    }

    #[test]
    fn newlines_normalised() {
        let d = decode(b"a\r\nb\rc\n\rd").unwrap();
        assert_eq!(d.text, "a\nb\nc\n\nd");
    }

    #[test]
    fn empty_and_blank_files_are_errors() {
        let code = |bytes: &[u8]| decode(bytes).unwrap_err().code;
        assert_eq!(code(b""), Code::Empty);
        assert_eq!(code(b" \n\t\r\n "), Code::Blank);
        assert_eq!(code("\u{3000}\n".as_bytes()), Code::Blank);
        assert_eq!(code(b"\xef\xbb\xbf"), Code::Empty);
    }

    #[test]
    fn binary_files_are_named() {
        let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01";
        let problem = decode(png).unwrap_err();
        assert_eq!((problem.code, problem.message.as_str()), (Code::Image, "a PNG image, not a text article"));
        let named = |bytes: &[u8], code: Code, name: &str| {
            let problem = decode(bytes).unwrap_err();
            assert_eq!(problem.code, code, "{problem}");
            assert!(problem.message.starts_with(name), "{problem}");
        };
        named(b"\xff\xd8\xff\xe0\x00\x10JFIF", Code::Image, "a JPEG image");
        named(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", Code::Document, "a PDF document");
        named(b"PK\x03\x04\x14\x00\x00\x00", Code::Archive, "a ZIP archive");
        named(b"hello\x00world", Code::Binary, "binary data (it contains NUL bytes)");
        named(b"RIFF\x10\x00\x00\x00WEBPVP8 ", Code::Image, "a WebP image");
        // Text that merely starts like a weak signature is still text.
        assert_eq!(decode(b"MZ is a river").unwrap().text, "MZ is a river");
    }

    #[test]
    fn truncated_utf8_is_still_utf8() {
        let mut bytes = SNIPPET.as_bytes().to_vec();
        bytes.truncate(bytes.len() - 1); // cuts the final "。"
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.had_errors);
        assert!(d.text.starts_with("【大纪元2022年01月21日讯】"));
    }

    #[test]
    fn one_stray_byte_in_utf8_text_keeps_utf8() {
        let mut bytes = SNIPPET.repeat(10).into_bytes();
        bytes.insert(300, 0xFF);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.contains('\u{fffd}'));
    }

    /// `text` as UTF-16 code units in either byte order, without a BOM.
    fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
        text.encode_utf16().flat_map(|u| if little_endian { u.to_le_bytes() } else { u.to_be_bytes() }).collect()
    }

    /// Deterministic pseudo-random bytes (xorshift), for binary inputs.
    fn noise(len: usize) -> Vec<u8> {
        let mut x = 0x2545_f491_4f6c_dd1d_u64;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect()
    }

    #[test]
    fn damaged_utf8_is_utf8_with_replacements_and_a_warning() {
        // One bad byte after every fifth character: far more than a stray byte,
        // but still 5 valid characters per invalid sequence.
        let mut bytes = Vec::new();
        for (i, c) in SNIPPET.repeat(20).chars().enumerate() {
            let mut buf = [0; 4];
            bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            if i % 5 == 4 {
                bytes.push(0xFF);
            }
        }
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.had_errors);
        assert!(d.text.starts_with("【大纪元2\u{fffd}022年0\u{fffd}1月21日\u{fffd}讯】"), "{}", d.text);
        let warnings = d.warnings();
        assert_eq!(warnings.iter().map(|w| w.code).collect::<Vec<_>>(), [Code::DecodingErrors]);
        let bad = d.text.matches('\u{fffd}').count();
        assert_eq!(warnings[0].message, format!("{bad} invalid byte sequences in the UTF-8 text replaced by �"));
    }

    #[test]
    fn the_utf8_threshold_is_four_valid_characters_per_invalid_sequence() {
        // `n` valid characters, then one invalid byte, repeated.
        let counts = |valid_per_invalid: usize| {
            let unit = [&"三".repeat(valid_per_invalid).into_bytes()[..], b"\xFF "].concat();
            let bytes = unit.repeat(200);
            Utf8Counts::of(&bytes, std::str::from_utf8(&bytes).unwrap_err())
        };
        assert_eq!(counts(VALID_PER_INVALID), Utf8Counts { valid: 200 * VALID_PER_INVALID, invalid: 200 });
        assert!(counts(VALID_PER_INVALID).mostly_valid());
        assert!(!counts(VALID_PER_INVALID - 1).mostly_valid());
        // A character cut off at the very end is not damage.
        let cut = &SNIPPET.as_bytes()[..SNIPPET.len() - 1];
        assert_eq!(Utf8Counts::of(cut, std::str::from_utf8(cut).unwrap_err()).invalid, 0);
    }

    #[test]
    fn gbk_and_big5_are_never_mistaken_for_damaged_utf8() {
        for (text, encoding, name) in [(SNIPPET, GBK, "GBK"), (SNIPPET_HANT, BIG5, "Big5")] {
            let (bytes, _, _) = encoding.encode(text);
            let counts = Utf8Counts::of(&bytes, std::str::from_utf8(&bytes).unwrap_err());
            assert!(!counts.mostly_valid(), "{name}: {counts:?}");
            assert!(counts.valid <= counts.invalid, "{name}: {counts:?}");
        }
    }

    #[test]
    fn a_stray_nul_in_text_is_removed_with_a_warning() {
        let mut bytes = SNIPPET.as_bytes().to_vec();
        bytes.insert(SNIPPET.find('（').unwrap(), 0);
        let d = decode(&bytes).unwrap();
        assert_eq!((d.encoding, d.text.as_str(), d.nuls_removed), ("UTF-8", SNIPPET, 1));
        let warnings = d.warnings();
        assert_eq!(warnings.iter().map(|w| w.code).collect::<Vec<_>>(), [Code::ControlCharacters]);
        assert_eq!(warnings[0].message, "1 NUL byte removed from the text");
        // Trailing NUL padding (a pre-allocated download) is not content either.
        let mut padded = SNIPPET.as_bytes().to_vec();
        padded.resize(padded.len() + 100_000, 0);
        let d = decode(&padded).unwrap();
        assert_eq!((d.text.as_str(), d.nuls_removed), (SNIPPET, 100_000));
    }

    #[test]
    fn a_few_nuls_on_odd_offsets_do_not_make_utf8_text_utf16() {
        let mut bytes = SNIPPET.repeat(3).into_bytes();
        for at in [101, 301, 501, 701, 901] {
            bytes[at] = 0;
        }
        let d = decode(&bytes).unwrap();
        assert_eq!((d.encoding, d.nuls_removed), ("UTF-8", 5));
    }

    #[test]
    fn nul_or_control_heavy_data_is_binary() {
        let binary = |bytes: &[u8]| {
            let problem = decode(bytes).unwrap_err();
            assert_eq!(problem.code, Code::Binary, "{problem}");
            problem.message
        };
        assert_eq!(binary(&[0; 1000]), "binary data (it contains NUL bytes), not a text article");
        assert_eq!(binary(&noise(1 << 20)), "binary data (it contains NUL bytes), not a text article");
        // Text with 2 % NULs spread through it is damaged beyond reading.
        let mut sparse = SNIPPET.repeat(10).into_bytes();
        for i in (0..sparse.len()).step_by(50) {
            sparse[i] = 0;
        }
        binary(&sparse);
        // Escape sequences and other controls count as well.
        assert_eq!(
            binary(&b"\x1b[31mred\x1b[0m\x01\x02".repeat(100)),
            "binary data (it contains control bytes), not a text article"
        );
        // Tabs, form feeds and line breaks are text.
        assert!(decode(&b"a\tb\x0cc\r\n".repeat(100)).is_ok());
        // A weak signature needs binary evidence: "MZ" text with one NUL is still text.
        let mut mz = b"MZ is a river. ".repeat(20);
        mz.push(0);
        assert_eq!(decode(&mz).unwrap().nuls_removed, 1);
    }

    #[test]
    fn utf16_without_bom_is_recognised_in_both_orders() {
        let page =
            "### 乌克兰危机加剧之际 布林肯与俄外长会面\n---\n<p>【大纪元2022年01月21日讯】美国国务卿布林肯周五。</p>\n";
        for (little_endian, name) in [(true, "UTF-16LE"), (false, "UTF-16BE")] {
            let d = decode(&utf16(page, little_endian)).unwrap();
            assert_eq!((d.encoding, d.text.as_str(), d.had_errors), (name, page, false));
            // Chinese prose with only its line breaks as ASCII.
            let prose = format!("{SNIPPET}\n{SNIPPET_HANT}\n").repeat(3);
            let d = decode(&utf16(&prose, little_endian)).unwrap();
            assert_eq!((d.encoding, d.text.as_str()), (name, prose.as_str()));
            // Cut in the middle of a code unit: still UTF-16, the half unit replaced.
            let mut cut = utf16(page, little_endian);
            cut.pop();
            let d = decode(&cut).unwrap();
            assert_eq!((d.encoding, d.had_errors), (name, true));
        }
    }

    #[test]
    fn binary_with_nuls_on_one_side_is_not_utf16() {
        // Little-endian 16-bit counters: NULs on odd offsets, but controls, not text.
        let counters: Vec<u8> = (0u16..4000).flat_map(|i| (i % 200 + 1).to_le_bytes()).collect();
        assert_eq!(decode(&counters).unwrap_err().code, Code::Binary);
    }

    #[test]
    fn the_rust_decoders_agree_with_encoding_rs() {
        for (b, c) in (0..=255u8)
            .zip(encoding_rs::WINDOWS_1252.decode_without_bom_handling(&(0..=255).collect::<Vec<u8>>()).0.chars())
        {
            assert_eq!(windows_1252(&[b]), c.to_string(), "windows-1252 byte {b:#04x}");
        }
        // Random bytes, with enough high and surrogate-range bytes to hit every error path.
        for seed in 0..200 {
            let bytes: Vec<u8> = noise(64 + seed).iter().map(|&b| if b % 3 == 0 { b | 0xD8 } else { b }).collect();
            let bytes = &bytes[seed % 7..];
            assert_eq!(
                utf8_lossy(bytes).0,
                encoding_rs::UTF_8.decode_without_bom_handling(bytes).0,
                "UTF-8, seed {seed}"
            );
            for (order, encoding) in
                [(ByteOrder::Little, encoding_rs::UTF_16LE), (ByteOrder::Big, encoding_rs::UTF_16BE)]
            {
                let (ours, ours_errors) = decode_utf16(bytes, order);
                let (theirs, theirs_errors) = encoding.decode_without_bom_handling(bytes);
                assert_eq!((ours.as_str(), ours_errors), (&*theirs, theirs_errors), "{order:?}, seed {seed}");
            }
        }
    }

    #[test]
    fn the_legacy_guess_reads_chinese_and_nothing_else() {
        let (gbk, _, _) = GBK.encode(SNIPPET);
        let (big5, _, _) = BIG5.encode(SNIPPET_HANT);
        assert_eq!(guess_legacy(&gbk), Some(Legacy::Gb18030));
        assert_eq!(guess_legacy(&big5), Some(Legacy::Big5));
        // Short texts too: a ZIP entry name, a title.
        assert_eq!(guess_legacy(&GBK.encode("新闻/乌克兰危机加剧之际.md").0), Some(Legacy::Gb18030));
        assert_eq!(guess_legacy(&BIG5.encode("新聞/烏克蘭危機加劇之際.md").0), Some(Legacy::Big5));
        // Latin-1 text, random bytes and UTF-8 are no Chinese encoding.
        assert_eq!(guess_legacy("Ils se sont rencontrés à Genève, où il a été reçu.".as_bytes()), None);
        assert_eq!(guess_legacy(&encoding_rs::WINDOWS_1252.encode("Genève, où il a été reçu").0), None);
        assert_eq!(guess_legacy(&noise(4096)), None);
        assert_eq!(guess_legacy(SNIPPET.as_bytes()), None);
    }

    #[test]
    fn gbk_is_named_gb18030_only_when_it_uses_four_byte_codes() {
        let (gbk, _, _) = GBK.encode(SNIPPET);
        assert_eq!(decode(&gbk).unwrap().encoding, "GBK");
        // 𠀀 has no two-byte GBK code: GB18030 writes it in four bytes.
        let text = format!("{SNIPPET}𠀀");
        let (gb18030, _, _) = encoding_rs::GB18030.encode(&text);
        let d = decode(&gb18030).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), ("GB18030", text.as_str()));
    }

    #[test]
    fn text_that_is_neither_utf8_nor_chinese_is_windows_1252() {
        let (latin, _, _) = encoding_rs::WINDOWS_1252.encode("Genève – “où il a été reçu”.");
        let d = decode(&latin).unwrap();
        assert_eq!(
            (d.encoding, d.text.as_str(), d.had_errors),
            ("windows-1252", "Genève – “où il a été reçu”.", false)
        );
    }

    #[test]
    fn damaged_utf8_that_is_not_chinese_stays_utf8_below_the_threshold() {
        // English with a few curly quotes and as many damaged bytes as valid
        // characters would be windows-1252 mojibake; with 2 valid per bad it is UTF-8.
        let text = "He said “yes” — and left. ".repeat(20);
        let mut bytes = text.into_bytes();
        for i in (10..bytes.len()).step_by(70) {
            bytes[i] = 0xFF;
        }
        let d = decode(&bytes).unwrap();
        assert_eq!((d.encoding, d.had_errors), ("UTF-8", true));
        assert!(d.text.contains("“yes”"));
    }

    #[test]
    fn an_installed_decoder_is_the_one_used() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        /// encoding_rs, counting its calls: behaves exactly like the built-in one.
        struct Counting(AtomicUsize);
        impl LegacyDecoder for Counting {
            fn decode(&self, encoding: Legacy, bytes: &[u8]) -> Option<String> {
                self.0.fetch_add(1, Ordering::Relaxed);
                EncodingRs.decode(encoding, bytes)
            }
        }
        static COUNTING: Counting = Counting(AtomicUsize::new(0));
        assert!(set_legacy_decoder(&COUNTING), "no other test installs a decoder");
        assert!(!set_legacy_decoder(&EncodingRs), "the first installation stays");
        let before = COUNTING.0.load(Ordering::Relaxed);
        let (big5, _, _) = BIG5.encode(SNIPPET_HANT);
        assert_eq!(decode(&big5).unwrap().text, SNIPPET_HANT);
        assert!(COUNTING.0.load(Ordering::Relaxed) > before);
    }
}
