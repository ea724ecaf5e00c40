//! GB18030 and Big5 through the browser's `TextDecoder`, so the wasm build
//! carries no decoding tables of its own (the core is built without its
//! `encoding_rs` feature; see `src/decode.rs` in the core, "The decoder seam").
//!
//! `TextDecoder` implements the same WHATWG Encoding Standard as encoding_rs,
//! so a file decodes to the same text, and the same record, in the page as in
//! the CLI. The core detects the encoding itself, by decoding samples through
//! this decoder.

use jianbao::decode::{Legacy, LegacyDecoder};
use web_sys::TextDecoder;

/// The browser's decoders (zero-sized: `TextDecoder`s live in a thread-local cache).
pub struct BrowserDecoder;

thread_local! {
    /// One decoder per encoding, made on first use (`decode` without `stream`
    /// resets it after each call, so it can be reused).
    static DECODERS: [Option<TextDecoder>; 2] = Legacy::ALL.map(|e| TextDecoder::new_with_label(e.label()).ok());
}

impl LegacyDecoder for BrowserDecoder {
    fn decode(&self, encoding: Legacy, bytes: &[u8]) -> Option<String> {
        let index = Legacy::ALL.iter().position(|&e| e == encoding)?;
        DECODERS.with(|decoders| decoders[index].as_ref()?.decode_with_u8_array(bytes).ok())
    }
}

/// Makes the core decode legacy encodings with [`BrowserDecoder`]; called at
/// start-up (a second call changes nothing).
pub fn install() {
    jianbao::decode::set_legacy_decoder(&BrowserDecoder);
}

#[cfg(test)]
mod tests {
    use super::*;
    use jianbao::decode::decode;
    use wasm_bindgen_test::wasm_bindgen_test;

    // Bytes written by encoders outside this build (Python's codecs), so the
    // test does not depend on the decoder it checks:
    // "美国国务卿布林肯周五在日内瓦会见俄罗斯外长。" in GBK,
    const GBK: &[u8] = b"\xc3\xc0\xb9\xfa\xb9\xfa\xce\xf1\xc7\xe4\xb2\xbc\xc1\xd6\xbf\xcf\xd6\xdc\xce\xe5\xd4\xda\xc8\xd5\xc4\xda\xcd\xdf\xbb\xe1\xbc\xfb\xb6\xed\xc2\xde\xcb\xb9\xcd\xe2\xb3\xa4\xa1\xa3";
    // "美國國務卿布林肯週五在日內瓦會見俄羅斯外長。" in Big5,
    const BIG5: &[u8] = b"\xac\xfc\xb0\xea\xb0\xea\xb0\xc8\xad\xeb\xa5\xac\xaa\x4c\xaa\xd6\xb6\x67\xa4\xad\xa6\x62\xa4\xe9\xa4\xba\xa5\xcb\xb7\x7c\xa8\xa3\xab\x58\xc3\xb9\xb4\xb5\xa5\x7e\xaa\xf8\xa1\x43";
    // and "中文€𠀀" in GB18030 (𠀀 takes one of its four-byte codes).
    const GB18030: &[u8] = b"\xd6\xd0\xce\xc4\xa2\xe3\x95\x32\x82\x36";

    #[wasm_bindgen_test]
    fn the_browser_decodes_gb18030_and_big5() {
        let decoder = BrowserDecoder;
        assert_eq!(
            decoder.decode(Legacy::Gb18030, GBK).as_deref(),
            Some("美国国务卿布林肯周五在日内瓦会见俄罗斯外长。")
        );
        assert_eq!(decoder.decode(Legacy::Big5, BIG5).as_deref(), Some("美國國務卿布林肯週五在日內瓦會見俄羅斯外長。"));
        assert_eq!(decoder.decode(Legacy::Gb18030, GB18030).as_deref(), Some("中文€𠀀"));
        // Malformed input: one U+FFFD per bad sequence, as encoding_rs gives natively.
        assert_eq!(decoder.decode(Legacy::Big5, b"\xa4\xa4\xff\xa4").as_deref(), Some("中\u{fffd}\u{fffd}"));
    }

    #[wasm_bindgen_test]
    fn files_in_legacy_encodings_are_detected_and_read_in_the_page() {
        install();
        let text = |bytes: &[u8]| {
            let decoded = decode(bytes).expect("readable");
            (decoded.encoding, decoded.text)
        };
        let gbk = [GBK; 8].concat();
        assert_eq!(text(&gbk), ("GBK", "美国国务卿布林肯周五在日内瓦会见俄罗斯外长。".repeat(8)));
        let big5 = [BIG5; 8].concat();
        assert_eq!(text(&big5), ("Big5", "美國國務卿布林肯週五在日內瓦會見俄羅斯外長。".repeat(8)));
        let gb18030 = [GBK, GB18030].concat();
        assert_eq!(text(&gb18030).0, "GB18030");
    }
}
