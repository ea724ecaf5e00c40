//! Binary form of a corpus and its index ([`crate::corpus::Corpus::to_bytes`]):
//! the primitives both write and read with, so neither owns the other's format.
//!
//! ```text
//! "JIANBAO-CORPUS\n" (15 bytes) | version u32 LE | body | XXH64 of everything before, u64 LE
//! body: records:  count, then per slot a record in binary (crate::record_bytes)
//!       learned:  0, or 1 + paragraphs learned (the last boilerplate learning, valid for these records)
//!       grams:    count, then (key u64, term id u32)
//!       words:    count, then (utf-8 string, term id u32)
//!       postings: count, then (base u32, count u32, bytes)
//!       docs:     count, then per slot 0 or 1 + normalised text + segment offsets + length u32
//!       dead u32
//! ```
//! Counts and lengths are u32 LE. Writing and reading go a piece
//! ([`PIECE`]) at a time through `std::io`, so an image of a gigabyte never
//! sits whole in memory beside the corpus. Reading checks the magic, then
//! the version, then every bound as it goes, and the checksum at the end;
//! anything wrong is an `Err`, never a panic, and nothing read is used
//! unless the checksum matched. The version comes first on purpose: bytes
//! written by another version (whose layout, trailer included, may differ)
//! are reported as [`LoadError::Version`], so a front end can say "stored
//! by another version" instead of "damaged", and never reads them as this
//! layout. Bump [`VERSION`] whenever the body's layout changes (version 1
//! kept the records as JSON; version 2 ended in a CRC-32, which in wasm ran
//! at about 0.8 GB/s and was a sixth of restoring a 65k-page archive).
//! The checksum guards against truncation and damage, not an attacker, so
//! a fast non-cryptographic 64-bit hash is the right tool.
//! Metadata for filters and facets is rebuilt from the records on load.

pub const MAGIC: &[u8; 15] = b"JIANBAO-CORPUS\n";
pub const VERSION: u32 = 3;

/// Bytes of the trailing checksum.
const SUM_LEN: usize = 8;

fn new_sum() -> xxhash_rust::xxh64::Xxh64 {
    xxhash_rust::xxh64::Xxh64::new(0)
}

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

/// How many bytes a [`Writer`] gathers before handing them to its sink, and
/// a [`Reader`] asks of its source at a time: big enough that a file system
/// call per piece costs nothing, small enough that no whole image is ever
/// held beside the corpus.
pub const PIECE: usize = 4 << 20;

/// Writes the format to any [`std::io::Write`] in pieces of about [`PIECE`]
/// bytes (call [`Writer::piece`] between items), keeping the running
/// checksum, so a saved corpus never exists whole in memory.
pub struct Writer<W: std::io::Write> {
    out: W,
    buf: Vec<u8>,
    sum: xxhash_rust::xxh64::Xxh64,
}

impl<W: std::io::Write> Writer<W> {
    /// Starts the image (magic and version) for `out`.
    pub fn new(out: W) -> Self {
        let mut w = Writer { out, buf: Vec::with_capacity(PIECE + (PIECE >> 2)), sum: new_sum() };
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
    pub fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    /// An optional string: 0, or 1 and the string.
    pub fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
        }
    }
    /// A list of strings: count, then each.
    pub fn strs(&mut self, list: &[String]) {
        self.len(list.len());
        for s in list {
            self.str(s);
        }
    }
    /// Hands what is gathered to the sink once it reaches [`PIECE`] bytes.
    pub fn piece(&mut self) -> std::io::Result<()> {
        if self.buf.len() >= PIECE {
            self.sum.update(&self.buf);
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }
    /// Writes the rest and the checksum, flushes, and hands the sink back.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.sum.update(&self.buf);
        let sum = self.sum.digest();
        self.u64(sum);
        self.out.write_all(&self.buf)?;
        self.out.flush()?;
        Ok(self.out)
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

/// Reads the format from any [`std::io::Read`] of known length, a
/// [`PIECE`] at a time. Every read is bounded by the length; the checksum
/// is summed as the bytes pass and compared by [`Reader::done`], so
/// nothing read is to be trusted before that returns `Ok`.
pub struct Reader<R: std::io::Read> {
    src: R,
    buf: Vec<u8>,
    /// `buf[at..filled]` is read from the source but not yet taken.
    at: usize,
    filled: usize,
    /// Bytes of the image taken so far (header included).
    pos: u64,
    /// Bytes read from the source so far.
    fetched: u64,
    /// Length of everything before the checksum.
    body: u64,
    sum: xxhash_rust::xxh64::Xxh64,
}

fn corrupt(what: &str) -> String {
    format!("the saved index is damaged or from another version ({what})")
}

fn io_error(e: std::io::Error) -> String {
    format!("the saved index could not be read ({e})")
}

impl<'a> Reader<&'a [u8]> {
    /// A reader over bytes in memory.
    pub fn open_bytes(bytes: &'a [u8]) -> Result<Self, LoadError> {
        Reader::open(bytes, bytes.len() as u64)
    }
}

impl<R: std::io::Read> Reader<R> {
    /// Reads and checks the magic and the version (in that order) of an image
    /// of `len` bytes; positions after the header. The checksum is checked
    /// at the end ([`Reader::done`]).
    pub fn open(mut src: R, len: u64) -> Result<Self, LoadError> {
        let header = MAGIC.len() + 4;
        if len < header as u64 {
            return Err(LoadError::NotACorpus);
        }
        // Read on its own, so a header alone still tells its version.
        let mut head = [0u8; MAGIC.len() + 4];
        src.read_exact(&mut head).map_err(|_| LoadError::NotACorpus)?;
        let found = stored_version(&head).ok_or(LoadError::NotACorpus)?;
        if found != VERSION {
            return Err(LoadError::Version { found, supported: VERSION });
        }
        if len < (header + SUM_LEN) as u64 {
            return Err(LoadError::Damaged(corrupt("truncated")));
        }
        let mut sum = new_sum();
        sum.update(&head);
        Ok(Reader {
            src,
            buf: Vec::new(),
            at: 0,
            filled: 0,
            pos: header as u64,
            fetched: header as u64,
            body: len - SUM_LEN as u64,
            sum,
        })
    }

    /// Fetches from the source until `n` bytes are waiting (never past the body).
    fn fill(&mut self, n: usize) -> Result<(), String> {
        if (self.body - self.pos) < n as u64 {
            return Err(corrupt("truncated"));
        }
        self.buf.copy_within(self.at..self.filled, 0);
        self.filled -= self.at;
        self.at = 0;
        let want = n.max(PIECE);
        if self.buf.len() < want {
            self.buf.resize(want, 0);
        }
        while self.filled < n {
            let room =
                (self.buf.len() - self.filled).min(usize::try_from(self.body - self.fetched).unwrap_or(usize::MAX));
            let got = self.src.read(&mut self.buf[self.filled..self.filled + room]).map_err(io_error)?;
            if got == 0 {
                return Err(corrupt("truncated"));
            }
            self.sum.update(&self.buf[self.filled..self.filled + got]);
            self.filled += got;
            self.fetched += got as u64;
        }
        Ok(())
    }
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        if self.filled - self.at < n {
            self.fill(n)?;
        }
        let s = &self.buf[self.at..self.at + n];
        self.at += n;
        self.pos += n as u64;
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
        if (n as u64).saturating_mul(min_item.max(1) as u64) > self.body - self.pos {
            return Err(corrupt("count beyond end"));
        }
        Ok(n)
    }
    /// Length-prefixed bytes, lent until the next read.
    pub fn bytes(&mut self) -> Result<&[u8], String> {
        let n = self.u32()? as usize;
        self.take(n)
    }
    /// A length-prefixed UTF-8 string, lent until the next read.
    pub fn str(&mut self) -> Result<&str, String> {
        std::str::from_utf8(self.bytes()?).map_err(|_| corrupt("invalid text"))
    }
    pub fn string(&mut self) -> Result<String, String> {
        self.str().map(str::to_owned)
    }
    /// What [`Writer::opt_str`] wrote.
    pub fn opt_string(&mut self) -> Result<Option<String>, String> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.string().map(Some),
            _ => Err(corrupt("optional text")),
        }
    }
    /// What [`Writer::strs`] wrote.
    pub fn strings(&mut self) -> Result<Vec<String>, String> {
        let n = self.count(4)?;
        (0..n).map(|_| self.string()).collect()
    }
    /// Bytes read so far, header included.
    pub fn position(&self) -> u64 {
        self.pos
    }
    /// Checks that the body ends here and that its checksum matches.
    pub fn done(mut self) -> Result<(), String> {
        if self.pos != self.body {
            return Err(corrupt("trailing bytes"));
        }
        let sum = self.sum.digest();
        // The source was never read past the body, so the checksum comes next.
        let mut tail = [0u8; SUM_LEN];
        self.src.read_exact(&mut tail).map_err(|_| corrupt("truncated"))?;
        if sum != u64::from_le_bytes(tail) {
            return Err(corrupt("checksum mismatch"));
        }
        Ok(())
    }
}
