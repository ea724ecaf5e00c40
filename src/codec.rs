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
//! Counts and lengths are u32 LE. Reading checks the magic, the version, the
//! checksum and every bound; anything wrong is an `Err`, never a panic.
//! Metadata for filters and facets is rebuilt from the records on load.

pub const MAGIC: &[u8; 15] = b"JIANBAO-CORPUS\n";
pub const VERSION: u32 = 1;

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

pub struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

fn corrupt(what: &str) -> String {
    format!("the saved index is damaged or from another version ({what})")
}

impl<'a> Reader<'a> {
    /// Checks magic, version and checksum; positions after the header.
    pub fn open(bytes: &'a [u8]) -> Result<Self, String> {
        if bytes.len() < MAGIC.len() + 8 || &bytes[..MAGIC.len()] != MAGIC {
            return Err("not a saved jianbao index".into());
        }
        let (body, tail) = bytes.split_at(bytes.len() - 4);
        let mut crc = flate2::Crc::new();
        crc.update(body);
        let mut sum = [0u8; 4];
        sum.copy_from_slice(tail);
        if crc.sum() != u32::from_le_bytes(sum) {
            return Err(corrupt("checksum mismatch"));
        }
        let mut r = Reader { b: body, pos: MAGIC.len() };
        let v = r.u32()?;
        if v != VERSION {
            return Err(format!("the saved index has format version {v}; this build reads version {VERSION}"));
        }
        Ok(r)
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
    pub fn done(&self) -> Result<(), String> {
        if self.pos == self.b.len() {
            Ok(())
        } else {
            Err(corrupt("trailing bytes"))
        }
    }
}
