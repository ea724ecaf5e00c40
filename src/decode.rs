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
//! 6. valid UTF-8, or *mostly* valid UTF-8 ([`mostly_utf8`]: at least 80 % of
//!    the non-ASCII sequences valid) → UTF-8, bad bytes replaced by U+FFFD,
//!    with a `decoding-errors` warning;
//! 7. otherwise `chardetng` guesses the legacy encoding (GBK/GB18030, Big5, …) from the content.
//!
//! Line ends are normalised (`\r\n` and lone `\r` become `\n`); text that is
//! only white space is an error.

use crate::problem::{Code, Problem};
use encoding_rs::{Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};

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
        let mut warnings = Vec::new();
        if self.had_errors {
            let replaced = self.text.chars().filter(|&c| c == '\u{fffd}').count();
            warnings.push(Problem::new(
                Code::DecodingErrors,
                format!(
                    "{replaced} invalid byte sequence{} in the {} text replaced by �",
                    if replaced == 1 { "" } else { "s" },
                    self.encoding
                ),
            ));
        }
        if self.nuls_removed > 0 {
            warnings.push(Problem::new(
                Code::ControlCharacters,
                format!(
                    "{} NUL byte{} removed from the text",
                    self.nuls_removed,
                    if self.nuls_removed == 1 { "" } else { "s" }
                ),
            ));
        }
        warnings
    }
}

/// Decodes a file's bytes; `Err` explains, for a user, why the file is not text.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Problem> {
    if bytes.is_empty() {
        return Err(Problem::new(Code::Empty, "empty file"));
    }
    // A byte-order mark is the strongest evidence there is.
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let (text, had_errors) = encoding.decode_without_bom_handling(body);
        return finish(text.into_owned(), encoding_name(encoding), had_errors);
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(kind);
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
        return finish(text.into_owned(), encoding_name(encoding), had_errors);
    }
    if let Some(problem) = control_bytes(bytes) {
        return Err(problem);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => return finish(s.to_string(), "UTF-8", false),
        Err(e) if mostly_utf8(bytes, e) => {
            let (text, _) = UTF_8.decode_without_bom_handling(bytes);
            return finish(text.into_owned(), "UTF-8", true);
        }
        Err(_) => {}
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let guess = detector.guess(None, false);
    // GBK is decoded as its superset GB18030 (the WHATWG behaviour) but named as guessed.
    let decoder = if guess == GBK { GB18030 } else { guess };
    let (text, had_errors) = decoder.decode_without_bom_handling(bytes);
    finish(text.into_owned(), encoding_name(guess), had_errors)
}

/// Human-facing encoding names (`UTF-8`, `UTF-16LE`, `GBK`, `Big5`, …).
fn encoding_name(encoding: &'static Encoding) -> &'static str {
    if encoding == UTF_8 {
        "UTF-8"
    } else if encoding == UTF_16LE {
        "UTF-16LE"
    } else if encoding == UTF_16BE {
        "UTF-16BE"
    } else if encoding == GBK {
        "GBK"
    } else if encoding == GB18030 {
        "GB18030"
    } else if encoding == BIG5 {
        "Big5"
    } else {
        encoding.name()
    }
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

/// Share of valid multi-byte sequences among all non-ASCII sequences above
/// which invalid UTF-8 is read as damaged UTF-8 rather than as a legacy
/// encoding: 4 valid for 1 invalid (80 %). Text in GBK, GB18030 or Big5
/// stays far below: re-encoded, the real corpus reaches at most 25 %
/// (`tests/decoding.rs` checks every file), because their two-byte codes
/// rarely form valid UTF-8 by chance.
const VALID_PER_INVALID: usize = 4;

/// Invalid UTF-8 that is still best read as UTF-8: a truncated final
/// character, or at least [`VALID_PER_INVALID`] valid multi-byte characters
/// for each invalid sequence.
fn mostly_utf8(bytes: &[u8], first: std::str::Utf8Error) -> bool {
    if first.error_len().is_none() {
        return true; // cut off in the middle of the last character
    }
    let mut valid = 0usize;
    let mut invalid = 0usize;
    let mut rest = bytes;
    loop {
        let (good, error_len) = match std::str::from_utf8(rest) {
            Ok(_) => (rest.len(), None),
            Err(e) => (e.valid_up_to(), e.error_len()),
        };
        // Lead bytes count characters: each multi-byte character has exactly one.
        valid += rest[..good].iter().filter(|&&b| b >= 0xC0).count();
        let Some(error_len) = error_len else { break };
        invalid += 1;
        rest = &rest[good + error_len..];
        // Stop as soon as even an all-valid remainder could not reach the ratio.
        if valid + rest.len() / 2 < VALID_PER_INVALID * invalid {
            return false;
        }
    }
    valid >= VALID_PER_INVALID * invalid
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

/// How much of a file is looked at to recognise UTF-16 without a BOM.
const UTF16_SAMPLE: usize = 64 * 1024;

/// UTF-16 without a byte-order mark: ASCII characters (markup, digits, line
/// breaks) put a NUL on one side of their code unit and CJK characters almost
/// never do, so NULs fall on odd offsets in UTF-16LE and on even ones in
/// UTF-16BE. The guess is kept only if the sample then decodes to plausible
/// text (no unpaired surrogates, at least 95 % letters, CJK, punctuation).
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(UTF16_SAMPLE) & !1];
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even += (pair[0] == 0) as usize;
        odd += (pair[1] == 0) as usize;
    }
    // CJK code units with a zero byte (U+4E00 一, U+5100…) are 1 in 256: allow some.
    let (encoding, ascii, stray) = if odd > even { (UTF_16LE, odd, even) } else { (UTF_16BE, even, odd) };
    if ascii < 4 || stray * 4 > ascii {
        return None;
    }
    let units = sample.chunks_exact(2).map(|p| {
        if encoding == UTF_16LE {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    let (mut total, mut plausible) = (0usize, 0usize);
    let last = sample.len() / 2;
    for (i, unit) in char::decode_utf16(units).enumerate() {
        total += 1;
        match unit {
            Ok(c) => plausible += plausible_text(c) as usize,
            // The sample may cut a surrogate pair in two.
            Err(_) if i + 1 >= last => total -= 1,
            Err(_) => return None,
        }
    }
    (total > 0 && plausible * 100 >= total * 95).then_some(encoding)
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
        // `n` valid characters (三 is valid UTF-8 and no legacy double-byte code)
        // then one invalid byte, repeated.
        let text_with = |valid_per_invalid: usize| {
            let unit = [&"三".repeat(valid_per_invalid).into_bytes()[..], b"\xFF "].concat();
            unit.repeat(200)
        };
        assert_eq!(decode(&text_with(VALID_PER_INVALID)).unwrap().encoding, "UTF-8");
        assert_ne!(decode(&text_with(VALID_PER_INVALID - 1)).unwrap().encoding, "UTF-8");
    }

    #[test]
    fn gbk_and_big5_are_never_mistaken_for_damaged_utf8() {
        for (text, encoding, name) in [(SNIPPET, GBK, "GBK"), (SNIPPET_HANT, BIG5, "Big5")] {
            let (bytes, _, _) = encoding.encode(text);
            let first = std::str::from_utf8(&bytes).unwrap_err();
            assert!(!mostly_utf8(&bytes, first), "{name}");
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
}
