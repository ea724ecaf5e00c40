//! Binary form of a corpus and its index ([`crate::corpus::Corpus::to_bytes`]):
//! the primitives both write and read with, so neither owns the other's format.
//!
//! ```text
//! "JIANBAO-CORPUS\n" (15 bytes) | version u32 LE | body | CRC-32 of everything before, u32 LE
//! body: records: count, then per slot 0 (removed) or 1 + JSON of the record
//!       grams:   count, then (key u64, term id u32)
//!       words:   count, then (utf-8 string, term id u32)
//!       postings: count, then (base u32, count u32, bytes)
//!       docs:    count, then per slot 0 or 1 + normalised text + segment offsets + length u32
//! ```
//! Counts and lengths are u32 LE. Reading checks the magic, then the version,
//! then the checksum and every bound; anything wrong is an `Err`, never a
//! panic. The version comes before the checksum on purpose: bytes written by
//! another version (whose layout, trailer included, may differ) are reported
//! as [`LoadError::Version`], so a front end can say "stored by another
//! version" instead of "damaged", and never reads them as this layout.
//! Bump [`VERSION`] whenever the body's layout changes.
//! Metadata for filters and facets is rebuilt from the records on load.

pub const MAGIC: &[u8; 15] = b"JIANBAO-CORPUS\n";
pub const VERSION: u32 = 1;

/// Why saved bytes could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// The bytes do not start like a saved corpus at all.
    NotACorpus,
    /// A saved corpus in a format version this build does not read.
    Version { found: u32, supported: u32 },
    /// This build's format, but damaged (truncated, checksum, bounds).
    Damaged(String),
}

impl LoadError {
    /// A stable code for front ends to branch on: `not-a-corpus`, `version`, `damaged`.
    pub fn code(&self) -> &'static str {
        match self {
            LoadError::NotACorpus => "not-a-corpus",
            LoadError::Version { .. } => "version",
            LoadError::Damaged(_) => "damaged",
        }
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::NotACorpus => f.write_str("not a saved jianbao index"),
            LoadError::Version { found, supported } => {
                write!(f, "the saved index has format version {found}; this build reads version {supported}")
            }
            LoadError::Damaged(what) => f.write_str(what),
        }
    }
}

impl std::error::Error for LoadError {}

impl From<String> for LoadError {
    fn from(what: String) -> Self {
        LoadError::Damaged(what)
    }
}

#[derive(Default)]
pub struct Writer {
    pub buf: Vec<u8>,
}

impl Writer {
    pub fn new() -> Self {
        let mut w = Writer { buf: Vec::new() };
        w.buf.extend_from_slice(MAGIC);
        w.u32(VERSION);
        w
    }
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }
    pub fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        self.buf.extend_from_slice(b);
    }
    pub fn finish(mut self) -> Vec<u8> {
        let mut crc = flate2::Crc::new();
        crc.update(&self.buf);
        let sum = crc.sum();
        self.u32(sum);
        self.buf
    }
}

/// The format version saved bytes declare, read from the header alone
/// (nothing else is checked), or `None` when they do not start like a saved corpus.
pub fn stored_version(bytes: &[u8]) -> Option<u32> {
    let header = bytes.get(..MAGIC.len() + 4)?;
    if &header[..MAGIC.len()] != MAGIC {
        return None;
    }
    let mut version = [0u8; 4];
    version.copy_from_slice(&header[MAGIC.len()..]);
    Some(u32::from_le_bytes(version))
}

pub struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

fn corrupt(what: &str) -> String {
    format!("the saved index is damaged or from another version ({what})")
}

impl<'a> Reader<'a> {
    /// Checks magic, version and checksum (in that order); positions after the header.
    pub fn open(bytes: &'a [u8]) -> Result<Self, LoadError> {
        let found = stored_version(bytes).ok_or(LoadError::NotACorpus)?;
        if found != VERSION {
            return Err(LoadError::Version { found, supported: VERSION });
        }
        if bytes.len() < MAGIC.len() + 8 {
            return Err(LoadError::Damaged(corrupt("truncated")));
        }
        let (body, tail) = bytes.split_at(bytes.len() - 4);
        let mut crc = flate2::Crc::new();
        crc.update(body);
        let mut sum = [0u8; 4];
        sum.copy_from_slice(tail);
        if crc.sum() != u32::from_le_bytes(sum) {
            return Err(LoadError::Damaged(corrupt("checksum mismatch")));
        }
        Ok(Reader { b: body, pos: MAGIC.len() + 4 })
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.b.len()).ok_or_else(|| corrupt("truncated"))?;
        let s = &self.b[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    pub fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    pub fn u32(&mut self) -> Result<u32, String> {
        let mut a = [0u8; 4];
        a.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(a))
    }
    pub fn u64(&mut self) -> Result<u64, String> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(a))
    }
    /// A count, checked against the bytes left (each item takes at least `min_item` bytes).
    pub fn count(&mut self, min_item: usize) -> Result<usize, String> {
        let n = self.u32()? as usize;
        if n.saturating_mul(min_item.max(1)) > self.b.len() - self.pos {
            return Err(corrupt("count beyond end"));
        }
        Ok(n)
    }
    pub fn bytes(&mut self) -> Result<&'a [u8], String> {
        let n = self.u32()? as usize;
        self.take(n)
    }
    pub fn str(&mut self) -> Result<&'a str, String> {
        std::str::from_utf8(self.bytes()?).map_err(|_| corrupt("invalid text"))
    }
    /// Bytes read so far, header included.
    pub fn position(&self) -> usize {
        self.pos
    }
    pub fn done(&self) -> Result<(), String> {
        if self.pos == self.b.len() {
            Ok(())
        } else {
            Err(corrupt("trailing bytes"))
        }
    }
}
