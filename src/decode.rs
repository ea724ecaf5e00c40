//! Bytes to text: BOMs, UTF-8, UTF-16, and legacy Chinese encodings detected from content.

/// Text decoded from a file, with the name of the encoding used.
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Decodes a file's bytes; `Err` explains, for a user, why the file is not text.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    // TODO: BOM sniffing, binary detection, chardetng for legacy encodings, \r normalisation.
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Decoded { text: s.replace("\r\n", "\n").replace('\r', "\n"), encoding: "UTF-8" }),
        Err(_) => Err("not UTF-8 text".into()),
    }
}
