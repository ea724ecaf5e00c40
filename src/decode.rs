//! Bytes to text: BOMs, UTF-8, UTF-16, and legacy Chinese encodings detected from content.
//!
//! Order of decisions:
//! 1. empty input → error;
//! 2. a byte-order mark decides (UTF-8, UTF-16LE, UTF-16BE);
//! 3. well-known binary signatures (PNG, JPEG, PDF, ZIP, …) and NUL bytes → error naming what it is;
//! 4. valid UTF-8 (or UTF-8 with a truncated last character / a handful of stray bytes) → UTF-8;
//! 5. otherwise `chardetng` guesses the legacy encoding (GBK/GB18030, Big5, …) from the content.
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
    let text = normalise_newlines(text);
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
    Ok(Decoded { text, encoding, had_errors })
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

/// Invalid UTF-8 that is still best read as UTF-8: only a truncated final
/// character, or very few bad bytes in an otherwise valid file.
fn mostly_utf8(bytes: &[u8], first: std::str::Utf8Error) -> bool {
    if first.error_len().is_none() {
        return true; // cut off in the middle of the last character
    }
    // Count invalid sequences; a couple per kB is corruption, not a legacy encoding.
    let mut bad = 0usize;
    let mut valid_multibyte = 0usize;
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid_multibyte += s.bytes().filter(|b| *b >= 0xC0).count();
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                valid_multibyte += rest[..good].iter().filter(|b| **b >= 0xC0).count();
                bad += 1;
                match e.error_len() {
                    Some(n) => rest = &rest[good + n..],
                    None => break,
                }
            }
        }
        if bad > 64 {
            return false;
        }
    }
    valid_multibyte >= 20 * bad && bad * 500 <= bytes.len().max(2000)
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
            if !weak || has_nul(bytes) {
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
    if has_nul(bytes) {
        return Some(Problem::new(Binary, "binary data (it contains NUL bytes), not a text article"));
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

fn has_nul(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(8192)].contains(&0)
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
}
