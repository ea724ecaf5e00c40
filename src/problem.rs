//! Problems: why a file is not an article, or what a reader was unsure of.
//!
//! Every problem has a stable, machine-readable [`Code`] beside its English
//! sentence. Front ends branch on the code and translate from it (the page
//! shows Chinese or English); scripts filter on it
//! (`jq 'select(.code == "binary")'`). The sentence may carry details (a
//! byte count, the date that was not understood) that the code does not.
//!
//! Codes are a public contract like the record's field names: add codes,
//! never rename one. The README lists them all.

use serde::{Deserialize, Serialize};

macro_rules! codes {
    ($($(#[doc = $doc:literal])* $variant:ident => $name:literal,)*) => {
        /// What kind of problem it is. Serialised in kebab-case (`zip-unsafe-path`);
        /// a code this version does not know reads as [`Code::Other`].
        #[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
        pub enum Code {
            $($(#[doc = $doc])* #[serde(rename = $name)] $variant,)*
            /// A code this version does not know (read from a newer record).
            #[default]
            #[serde(other, rename = "other")]
            Other,
        }

        impl Code {
            /// Every code but [`Code::Other`], in declaration order (the README's table).
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as written in JSON.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                    Code::Other => "other",
                }
            }

            /// What the code means, in English (its doc comment: the README's table is checked against it).
            pub fn description(self) -> &'static str {
                match self {
                    $(Code::$variant => concat!($($doc),*).trim_ascii(),)*
                    Code::Other => "A code this version does not know (read from a newer record).",
                }
            }
        }
    };
}

codes! {
    // --- Files that are not articles (error records).
    /// A file of zero bytes.
    Empty => "empty",
    /// A file holding only white space.
    Blank => "blank",
    /// An image (PNG, JPEG, GIF, WebP, TIFF, icon…).
    Image => "image",
    /// A document format that is not text (PDF, old Office).
    Document => "document",
    /// Audio or video.
    Media => "media",
    /// A compressed file or an archive other than a ZIP given where an article was expected.
    Archive => "archive",
    /// An executable or WebAssembly module.
    Program => "program",
    /// Binary data of no kind in particular (NUL bytes, a font, a database…).
    Binary => "binary",
    /// Text that cannot be decoded in any supported encoding.
    Undecodable => "undecodable",
    /// Readable text that is neither an RSS dump, a mirrored page nor HTML.
    NotArticle => "not-article",
    /// An HTML page with neither a title nor any text.
    NoText => "no-text",
    /// A ZIP archive that cannot be opened, or a damaged entry.
    ZipDamaged => "zip-damaged",
    /// A ZIP archive with no files in it (nothing, or only folders).
    ZipEmpty => "zip-empty",
    /// A ZIP entry named with `..` or an absolute path: never read.
    ZipUnsafePath => "zip-unsafe-path",
    /// A ZIP entry (or the archive in total) that expands past the size limits.
    ZipTooLarge => "zip-too-large",
    /// A ZIP archive with more entries than the limit; the rest were not read.
    ZipTooManyEntries => "zip-too-many-entries",
    /// A password-protected ZIP entry.
    ZipEncrypted => "zip-encrypted",
    /// A file larger than the size limit.
    TooLarge => "too-large",
    /// Something that is not a regular file (a FIFO, a device, a socket).
    NotRegularFile => "not-regular-file",
    /// A link that is not followed (a symbolic link to a folder).
    NotFollowed => "not-followed",
    /// The operating system refused to read it (permissions, vanished, I/O error).
    Unreadable => "unreadable",
    /// A bug in jianbao stopped the reader on this file; nothing else was lost.
    Internal => "internal",

    // --- Warnings on articles.
    /// The generic HTML reader was used; it is less precise than the archive readers.
    GenericReader => "generic-reader",
    /// The article has no title.
    NoTitle => "no-title",
    /// The article has no body text.
    NoBody => "no-body",
    /// The article has no source URL.
    NoUrl => "no-url",
    /// A field was taken from Jekyll front matter rather than the dump itself.
    FromFrontMatter => "from-front-matter",
    /// A capture time (`<!--epoch-ms-->`) that is not a plausible epoch-milliseconds value.
    BadCaptureTime => "bad-capture-time",
    /// A date that could not be understood.
    BadDate => "bad-date",
    /// A date line with a time of day but no time zone: only the date is kept.
    DateWithoutZone => "date-without-zone",
    /// The publication date is after the capture time.
    DateAfterCapture => "date-after-capture",
    /// Two sources of the publication date disagree.
    DateConflict => "date-conflict",
    /// Some bytes could not be decoded and were replaced (U+FFFD).
    DecodingErrors => "decoding-errors",
    /// A URL that is not http(s) (`javascript:`, `data:`…) was dropped.
    UnsafeUrl => "unsafe-url",
    /// The HTML nests deeper than the readers follow; deeper elements were flattened.
    DeepNesting => "deep-nesting",
    /// A field was cut because it was absurdly long.
    Truncated => "truncated",
    /// NUL bytes, other control characters or bidi overrides were removed from the text.
    ControlCharacters => "control-characters",
    /// Another entry of the same ZIP archive has the same name; this one's path ends in `#2`, `#3`…
    ZipDuplicateName => "zip-duplicate-name",

    // --- Warnings on search queries (the query still runs).
    /// `name:value` where `name` is not a field: searched as the literal text `name:value`.
    QueryUnknownField => "query-unknown-field",
    /// Date filters that no date can pass (`after:2024 before:2020`).
    QueryEmptyDateRange => "query-empty-date-range",

    // --- Malformed search queries (the query does not run; see `search::QueryError`).
    /// A quote (`"`, `“`, `「`…) that is never closed.
    QueryUnclosedQuote => "query-unclosed-quote",
    /// `OR` without a term on each side.
    QueryOrWithoutTerm => "query-or-without-term",
    /// `-` (exclude) inside an `OR` group.
    QueryExcludeInOr => "query-exclude-in-or",
    /// A `-` that stands alone, before no term.
    QueryLoneMinus => "query-lone-minus",
    /// A field with nothing after its colon (`title:`).
    QueryMissingValue => "query-missing-value",
    /// `after:` or `before:` with something that is not a date.
    QueryBadDate => "query-bad-date",
    /// More terms than a query may hold.
    QueryTooManyTerms => "query-too-many-terms",
}

/// A problem: its code and a sentence for a person (serialised as
/// `{"code", "message"}`, as search warnings reach the page).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub code: Code,
    pub message: String,
}

impl Problem {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Problem { code, message: message.into() }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_names_are_the_code_names() {
        for &code in Code::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), serde_json::Value::String(code.as_str().into()));
            let back: Code = serde_json::from_value(serde_json::Value::String(code.as_str().into())).unwrap();
            assert_eq!(back, code);
        }
    }

    #[test]
    fn unknown_codes_read_as_other() {
        let c: Code = serde_json::from_str("\"from-the-future\"").unwrap();
        assert_eq!(c, Code::Other);
    }
}
