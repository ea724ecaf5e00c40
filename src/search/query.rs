//! The query language (parsing only; see [`super`] for the semantics).
//!
//! ```text
//! query   := group*                      groups are ANDed
//! group   := item ( "OR" item )*         "OR" (upper case) or "|"
//! item    := ["-"] [field ":"] value     "-" excludes; not allowed inside an OR group
//! value   := '"' chars '"' | word        also “…” and 「…」 as quotes
//! field   := title | outlet | section | tag | author | format | lang | after | before
//! ```
//! A word runs to the next white space; an unknown `name:` prefix is plain text
//! (so `http://x` or `12:30` search literally). Text values are normalised with
//! the one normaliser; dates are `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
//!
//! # Warnings
//! A query that parses may still not mean what its writer meant. It runs as
//! written, and [`Query::warnings`] says why it may find nothing:
//! - `query-unknown-field`: `foo:bar`, where `foo` is a word that is not a
//!   field, is searched as the literal text `foo:bar` (as before; a page may
//!   contain it), and the warning names the fields, with the nearest one when
//!   it looks like a typo (`titel:` → `title:`). Prefixes that are not words
//!   (`12:30`) or start a URL (`http://…`) are plain text without a warning.
//! - `query-empty-date-range`: the `after:` and `before:` filters that every
//!   result must pass leave no date between them (`after:2024 before:2020`).
//!
//! # Errors
//! A query that does not parse does not run: [`parse`] returns a
//! [`QueryError`], whose [`QueryError::code`] is a stable `query-*`
//! [`Code`] front ends translate from (with the parts a sentence needs:
//! the field, its example, the quote), and whose `Display` is the English
//! sentence.

use super::normalize::normalize;
use crate::problem::{Code, Problem};

/// One condition on an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Atom {
    /// Normalised text that must occur in title, lead or body.
    Text(String),
    /// Normalised text that must occur in the title.
    Title(String),
    /// Metadata equality on normalised values (`lang` also matches `zh` against `zh-hans`).
    Meta(MetaField, String),
    /// Published on or after this date key (`YYYYMMDDhhmmss`).
    After(u64),
    /// Published strictly before this date key.
    Before(u64),
}

/// Metadata fields that can be filtered and faceted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MetaField {
    Outlet,
    Section,
    Tag,
    Author,
    Format,
    Lang,
}

/// A group of alternatives (`a OR b`), possibly excluded (`-a`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    pub negated: bool,
    pub alts: Vec<Atom>,
}

/// A parsed query: every clause must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub clauses: Vec<Clause>,
    /// Why the query may not do what was meant (see the module docs); it runs anyway.
    pub warnings: Vec<Problem>,
}

/// Terms a query may hold at most.
pub const MAX_CLAUSES: usize = 64;

/// Why a query does not parse. Serialised as `{ code, message, field,
/// example, value, quote }` (the parts that do not apply are absent), so a
/// front end can say it in its own language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueryError {
    /// A quote that is never closed; `close` is the quote that would close it.
    UnclosedQuote { open: char, close: char },
    /// `OR` without a term on each side.
    OrWithoutTerm,
    /// `-` inside an `OR` group.
    ExcludeInOr,
    /// A `-` before no term.
    LoneMinus,
    /// `field:` with no value.
    MissingValue { field: &'static str },
    /// `after:`/`before:` with a value that is not a date.
    BadDate { field: &'static str, value: String },
    /// More than [`MAX_CLAUSES`] terms.
    TooManyTerms,
}

impl QueryError {
    /// The stable code front ends translate from.
    pub fn code(&self) -> Code {
        match self {
            QueryError::UnclosedQuote { .. } => Code::QueryUnclosedQuote,
            QueryError::OrWithoutTerm => Code::QueryOrWithoutTerm,
            QueryError::ExcludeInOr => Code::QueryExcludeInOr,
            QueryError::LoneMinus => Code::QueryLoneMinus,
            QueryError::MissingValue { .. } => Code::QueryMissingValue,
            QueryError::BadDate { .. } => Code::QueryBadDate,
            QueryError::TooManyTerms => Code::QueryTooManyTerms,
        }
    }

    /// The field the error is about, if any.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            QueryError::MissingValue { field } | QueryError::BadDate { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QueryError::UnclosedQuote { open, close } => {
                write!(f, "the quote {open} is never closed: add a closing {close}")
            }
            QueryError::OrWithoutTerm => f.write_str("OR needs a term on each side, as in: 乌克兰 OR 俄罗斯"),
            QueryError::ExcludeInOr => {
                f.write_str("'-' (exclude) cannot be used inside an OR group; exclude each term on its own")
            }
            QueryError::LoneMinus => {
                f.write_str("a lone '-' excludes nothing: write it directly before a term, as in -广告")
            }
            QueryError::MissingValue { field } => write!(f, "{field}: needs a value, as in {field}:{}", example(field)),
            QueryError::BadDate { field, value } => {
                write!(f, "{field}: expects a date like {field}:{}, not {value:?}", example(field))
            }
            QueryError::TooManyTerms => write!(f, "the query has more than {MAX_CLAUSES} terms; shorten it"),
        }
    }
}

impl std::error::Error for QueryError {}

/// Callers that report errors as sentences (the CLI) keep using `?`.
impl From<QueryError> for String {
    fn from(error: QueryError) -> String {
        error.to_string()
    }
}

impl serde::Serialize for QueryError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("code", &self.code())?;
        map.serialize_entry("message", &self.to_string())?;
        if let Some(field) = self.field() {
            map.serialize_entry("field", field)?;
            map.serialize_entry("example", example(field))?;
        }
        match self {
            QueryError::BadDate { value, .. } => map.serialize_entry("value", value)?,
            QueryError::UnclosedQuote { open, close } => {
                map.serialize_entry("quote", &open.to_string())?;
                map.serialize_entry("close", &close.to_string())?;
            }
            QueryError::TooManyTerms => map.serialize_entry("max", &MAX_CLAUSES)?,
            _ => {}
        }
        map.end()
    }
}

enum Lex {
    Or,
    Item { negated: bool, atom: Option<Atom> },
}

fn closing_quote(c: char) -> Option<char> {
    match c {
        '"' => Some('"'),
        '\u{201C}' => Some('\u{201D}'),
        '\u{300C}' => Some('\u{300D}'),
        '\u{300E}' => Some('\u{300F}'),
        '\u{FF02}' => Some('\u{FF02}'),
        _ => None,
    }
}

/// The field names, as the warnings list them.
const FIELDS: [&str; 9] = ["title", "outlet", "section", "tag", "author", "format", "lang", "after", "before"];

fn field(name: &str) -> Option<&'static str> {
    Some(match name.to_ascii_lowercase().as_str() {
        "title" => "title",
        "outlet" | "source" => "outlet",
        "section" => "section",
        "tag" => "tag",
        "author" => "author",
        "format" => "format",
        "lang" | "language" => "lang",
        "after" | "since" => "after",
        "before" | "until" => "before",
        _ => return None,
    })
}

/// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` into a date key `YYYYMMDD000000`,
/// or an instant `YYYY-MM-DDTHH:MM[:SS]` with `Z` or `±HH:MM` into the UTC key
/// `YYYYMMDDhhmmss` (what the timeline's bucket bounds are written as).
pub fn parse_date(s: &str) -> Option<u64> {
    if let Some((date, time)) = s.split_once(['T', 't']) {
        return parse_instant(date, time);
    }
    let mut parts = s.split('-');
    let y: u64 = parts.next().filter(|p| p.len() == 4 && p.bytes().all(|b| b.is_ascii_digit()))?.parse().ok()?;
    let mut m = 1;
    let mut d = 1;
    if let Some(p) = parts.next() {
        if p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        m = p.parse().ok()?;
        if let Some(p) = parts.next() {
            if p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            d = p.parse().ok()?;
        }
    }
    if parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(((y * 100 + m) * 100 + d) * 1_000_000)
}

/// `HH:MM[:SS]` then `Z` or `±HH:MM` after a `YYYY-MM-DD`, as a UTC date key.
fn parse_instant(date: &str, time: &str) -> Option<u64> {
    use crate::analysis::timeline::{civil_from_days, days_from_civil};
    if date.len() != 10 {
        return None;
    }
    let day_key = parse_date(date)? / 1_000_000;
    let (clock, offset) = if let Some(c) = time.strip_suffix(['Z', 'z']) {
        (c, 0i64)
    } else {
        let at = time.rfind(['+', '-'])?;
        let (c, zone) = time.split_at(at);
        let (h, m) = zone[1..].split_once(':')?;
        let minutes = two_digits(h)? * 60 + two_digits(m)?;
        (c, if zone.starts_with('-') { -minutes } else { minutes })
    };
    let mut parts = clock.split(':');
    let h = two_digits(parts.next()?)?;
    let mi = two_digits(parts.next()?)?;
    let sec = parts.next().map_or(Some(0), two_digits)?;
    if parts.next().is_some() || h > 23 || mi > 59 || sec > 59 || offset.abs() > 18 * 60 {
        return None;
    }
    let (y, m, d) = ((day_key / 10_000) as i64, (day_key / 100 % 100) as u32, (day_key % 100) as u32);
    let minutes = days_from_civil(y, m, d) * 1440 + h * 60 + mi - offset;
    let (y, m, d) = civil_from_days(minutes.div_euclid(1440));
    let within = minutes.rem_euclid(1440);
    let ymd = (y.max(0) as u64 * 100 + u64::from(m)) * 100 + u64::from(d);
    Some(ymd * 1_000_000 + (within / 60 * 10_000 + within % 60 * 100 + sec) as u64)
}

fn two_digits(s: &str) -> Option<i64> {
    (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

/// Parses a query; the error says why it does not (see [`QueryError`]).
pub fn parse(input: &str) -> Result<Query, QueryError> {
    let mut warnings = Vec::new();
    let lexes = lex(input, &mut warnings)?;
    let mut clauses: Vec<Clause> = Vec::new();
    let mut i = 0;
    while i < lexes.len() {
        let Lex::Item { negated, atom } = &lexes[i] else {
            return Err(QueryError::OrWithoutTerm);
        };
        let mut group_negated = *negated;
        let mut alts: Vec<Atom> = atom.iter().cloned().collect();
        let mut in_group = false;
        i += 1;
        while i < lexes.len() && matches!(lexes[i], Lex::Or) {
            match lexes.get(i + 1) {
                Some(Lex::Item { negated, atom }) => {
                    if *negated || group_negated {
                        return Err(QueryError::ExcludeInOr);
                    }
                    in_group = true;
                    alts.extend(atom.iter().cloned());
                    i += 2;
                }
                _ => return Err(QueryError::OrWithoutTerm),
            }
        }
        if in_group {
            group_negated = false;
        }
        if !alts.is_empty() {
            clauses.push(Clause { negated: group_negated, alts });
        }
    }
    if clauses.len() > MAX_CLAUSES {
        return Err(QueryError::TooManyTerms);
    }
    warnings.extend(empty_date_range(&clauses));
    Ok(Query { clauses, warnings })
}

/// The warning for `after:`/`before:` filters that leave no date, if they do.
/// Only filters every result must pass count (not excluded, not in an OR group).
fn empty_date_range(clauses: &[Clause]) -> Option<Problem> {
    let required = clauses.iter().filter(|c| !c.negated && c.alts.len() == 1).map(|c| &c.alts[0]);
    let (mut after, mut before) = (None, None);
    for atom in required {
        match *atom {
            Atom::After(key) => after = after.max(Some(key)),
            Atom::Before(key) => before = Some(before.map_or(key, |b: u64| b.min(key))),
            _ => {}
        }
    }
    let (after, before) = (after?, before?);
    let day = |key: u64| {
        let d = key / 1_000_000;
        format!("{:04}-{:02}-{:02}", d / 10_000, d / 100 % 100, d % 100)
    };
    (after >= before).then(|| {
        Problem::new(
            Code::QueryEmptyDateRange,
            format!("after:{} and before:{} leave no date in between, so nothing can match", day(after), day(before)),
        )
    })
}

/// The warning for `name:value` where `name` looks like a field name but is not one.
fn unknown_field(name: &str, word: &str) -> Option<Problem> {
    let word_like = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic());
    let (_, value) = word.split_once([':', '：'])?;
    if !word_like || value.is_empty() || value.starts_with("//") {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    let nearest =
        FIELDS.iter().copied().filter(|f| edit_distance(f, &lower) <= 2).min_by_key(|f| edit_distance(f, &lower));
    let hint = nearest.map_or_else(String::new, |f| format!(" (did you mean {f}:?)"));
    Some(Problem::new(
        Code::QueryUnknownField,
        format!(
            "{name}: is not a field{hint}, so {word} was searched as text; the fields are {}",
            FIELDS.map(|f| format!("{f}:")).join(" ")
        ),
    ))
}

/// Levenshtein distance between two short ASCII words.
fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substituted = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substituted.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

fn lex(input: &str, warnings: &mut Vec<Problem>) -> Result<Vec<Lex>, QueryError> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        // A bare word up to white space (quotes handled below).
        let word_end = |from: usize| {
            let mut j = from;
            while j < chars.len() && !chars[j].is_whitespace() {
                j += 1;
            }
            j
        };
        let end = word_end(i);
        let word: String = chars[i..end].iter().collect();
        if word == "OR" || word == "|" {
            out.push(Lex::Or);
            i = end;
            continue;
        }
        let mut j = i;
        let mut negated = false;
        if chars[j] == '-' && j + 1 < chars.len() && !chars[j + 1].is_whitespace() {
            negated = true;
            j += 1;
        } else if chars[j] == '-' && end == i + 1 {
            return Err(QueryError::LoneMinus);
        }
        // field:
        let mut fname = None;
        if let Some(colon) = chars[j..end].iter().position(|&c| c == ':' || c == '：') {
            let name: String = chars[j..j + colon].iter().collect();
            if let Some(f) = field(&name) {
                fname = Some(f);
                j += colon + 1;
            } else if let Some(warning) = unknown_field(&name, &chars[j..end].iter().collect::<String>()) {
                warnings.push(warning);
            }
        }
        // value
        let value: String;
        if j < chars.len() && closing_quote(chars[j]).is_some() {
            let close = closing_quote(chars[j]).unwrap_or('"');
            let open = chars[j];
            let start = j + 1;
            let Some(rel) = chars[start..].iter().position(|&c| c == close) else {
                return Err(QueryError::UnclosedQuote { open, close });
            };
            value = chars[start..start + rel].iter().collect();
            i = start + rel + 1;
        } else {
            value = chars[j..end].iter().collect();
            i = end;
        }
        let atom = match fname {
            None => {
                let t = normalize(&value);
                (!t.is_empty()).then_some(Atom::Text(t))
            }
            Some(f) => {
                let t = normalize(&value);
                if t.is_empty() {
                    return Err(QueryError::MissingValue { field: f });
                }
                Some(match f {
                    "title" => Atom::Title(t),
                    "outlet" => Atom::Meta(MetaField::Outlet, t),
                    "section" => Atom::Meta(MetaField::Section, t),
                    "tag" => Atom::Meta(MetaField::Tag, t),
                    "author" => Atom::Meta(MetaField::Author, t),
                    "format" => Atom::Meta(MetaField::Format, t),
                    "lang" => Atom::Meta(MetaField::Lang, t),
                    "after" | "before" => {
                        let Some(key) = parse_date(value.trim()) else {
                            return Err(QueryError::BadDate { field: f, value });
                        };
                        if f == "after" {
                            Atom::After(key)
                        } else {
                            Atom::Before(key)
                        }
                    }
                    _ => Atom::Text(t),
                })
            }
        };
        out.push(Lex::Item { negated, atom });
    }
    Ok(out)
}

fn example(field: &str) -> &'static str {
    match field {
        "title" => "乌克兰",
        "outlet" => "RFI",
        "section" => "美国",
        "tag" => "布林肯",
        "author" => "张婷",
        "format" => "rss-dump",
        "lang" => "zh-Hant",
        "after" => "2023-01-01",
        _ => "2024-01-01",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Atom {
        Atom::Text(s.into())
    }

    #[test]
    fn plain_terms_are_anded_and_normalised() {
        let q = parse("烏克蘭  Blinken").unwrap();
        assert_eq!(q.clauses.len(), 2);
        assert_eq!(q.clauses[0].alts, vec![text("乌克兰")]);
        assert_eq!(q.clauses[1].alts, vec![text("blinken")]);
        assert!(!q.clauses[0].negated);
    }

    #[test]
    fn quoted_phrase_keeps_spaces_and_curly_quotes_work() {
        let q = parse("\"Sergey  Lavrov\" “美国 国务卿”").unwrap();
        assert_eq!(q.clauses[0].alts, vec![text("sergey lavrov")]);
        assert_eq!(q.clauses[1].alts, vec![text("美国 国务卿")]);
    }

    #[test]
    fn or_groups_alternatives_and_minus_excludes() {
        let q = parse("乌克兰 OR 俄罗斯 -广告 美国").unwrap();
        assert_eq!(q.clauses.len(), 3);
        assert_eq!(q.clauses[0].alts, vec![text("乌克兰"), text("俄罗斯")]);
        assert!(q.clauses[1].negated);
        assert_eq!(q.clauses[1].alts, vec![text("广告")]);
        assert_eq!(parse("a | b").unwrap().clauses[0].alts.len(), 2);
    }

    #[test]
    fn field_filters_parse_with_normalised_values() {
        let q = parse("title:\"美 国\" outlet:ＲＦＩ tag:布林肯 author:張婷 section:美国 format:html lang:zh-Hant after:2023-01 before:2024").unwrap();
        let atoms: Vec<_> = q.clauses.iter().map(|c| c.alts[0].clone()).collect();
        assert_eq!(atoms[0], Atom::Title("美 国".into()));
        assert_eq!(atoms[1], Atom::Meta(MetaField::Outlet, "rfi".into()));
        assert_eq!(atoms[2], Atom::Meta(MetaField::Tag, "布林肯".into()));
        assert_eq!(atoms[3], Atom::Meta(MetaField::Author, "张婷".into()));
        assert_eq!(atoms[6], Atom::Meta(MetaField::Lang, "zh-hant".into()));
        assert_eq!(atoms[7], Atom::After(20230101000000));
        assert_eq!(atoms[8], Atom::Before(20240101000000));
    }

    #[test]
    fn unknown_field_prefix_is_literal_text() {
        let q = parse("http://rfi.fr 12:30 时间：12").unwrap();
        assert_eq!(q.clauses[0].alts, vec![text("http://rfi.fr")]);
        assert_eq!(q.clauses[1].alts, vec![text("12:30")]);
        assert!(q.warnings.is_empty(), "URLs, times and non-word prefixes are text: {:?}", q.warnings);
    }

    fn codes(q: &Query) -> Vec<Code> {
        q.warnings.iter().map(|w| w.code).collect()
    }

    #[test]
    fn an_unknown_field_is_searched_as_text_and_warned_about() {
        let q = parse("foo:bar 乌克兰").unwrap();
        assert_eq!(q.clauses[0].alts, vec![text("foo:bar")]);
        assert_eq!(codes(&q), [Code::QueryUnknownField]);
        assert!(
            q.warnings[0].message.starts_with("foo: is not a field, so foo:bar was searched as text"),
            "{}",
            q.warnings[0]
        );
        let typo = parse("-Titel:乌克兰").unwrap();
        assert!(typo.clauses[0].negated);
        assert_eq!(typo.clauses[0].alts, vec![text("titel:乌克兰")]);
        assert!(typo.warnings[0].message.contains("(did you mean title:?)"), "{}", typo.warnings[0]);
        // A field name with nothing after the colon is still text, not a claim to be a field.
        assert!(parse("foo:").unwrap().warnings.is_empty());
    }

    #[test]
    fn date_filters_that_leave_no_date_are_warned_about() {
        let q = parse("after:2024 before:2020 乌克兰").unwrap();
        assert_eq!(q.clauses.len(), 3, "the query still runs as written");
        assert_eq!(codes(&q), [Code::QueryEmptyDateRange]);
        assert_eq!(
            q.warnings[0].message,
            "after:2024-01-01 and before:2020-01-01 leave no date in between, so nothing can match"
        );
        assert_eq!(codes(&parse("after:2024-03 before:2024-03").unwrap()), [Code::QueryEmptyDateRange]);
        // A range with room, an excluded filter or an OR group is not a contradiction.
        for fine in [
            "after:2020 before:2024",
            "after:2024 -before:2020",
            "after:2024 OR before:2020",
            "after:2024",
            "before:2020",
        ] {
            assert!(parse(fine).unwrap().warnings.is_empty(), "{fine}");
        }
    }

    #[test]
    fn date_filters_take_instants_with_a_zone() {
        assert_eq!(parse_date("2020-07-01T00:00+08:00"), Some(20200630160000));
        assert_eq!(parse_date("2020-07-01T00:00Z"), Some(20200701000000));
        assert_eq!(parse_date("2020-12-31T22:30:15-05:30"), Some(20210101040015));
        for bad in ["2020-07-01T25:00Z", "2020-07-01T00:00", "2020-7-01T00:00Z", "2020-07-01T00:00+8"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        let q = parse("after:2020-07-01T00:00+08:00").unwrap();
        assert_eq!(q.clauses[0].alts, vec![Atom::After(20200630160000)]);
    }

    #[test]
    fn empty_and_blank_queries_have_no_clauses() {
        assert!(parse("").unwrap().clauses.is_empty());
        assert!(parse("  \u{3000} ").unwrap().clauses.is_empty());
    }

    #[test]
    fn malformed_queries_give_readable_errors() {
        for (q, needle) in [
            ("\"unclosed", "never closed"),
            ("“未闭合", "never closed"),
            ("OR 乌克兰", "OR needs a term"),
            ("乌克兰 OR", "OR needs a term"),
            ("a OR OR b", "OR needs a term"),
            ("a OR -b", "cannot be used inside an OR"),
            ("- a", "lone '-'"),
            ("title:", "needs a value"),
            ("after:yesterday", "expects a date"),
            ("before:2024-13-01", "expects a date"),
            ("after:2024-01-01-01", "expects a date"),
        ] {
            let err = parse(q).unwrap_err().to_string();
            assert!(err.contains(needle), "{q:?} gave {err:?}");
        }
    }

    #[test]
    fn malformed_queries_carry_stable_codes_and_the_parts_a_translation_needs() {
        for (q, code) in [
            ("\"unclosed", "query-unclosed-quote"),
            ("「未闭合", "query-unclosed-quote"),
            ("OR 乌克兰", "query-or-without-term"),
            ("a OR OR b", "query-or-without-term"),
            ("a OR -b", "query-exclude-in-or"),
            ("- a", "query-lone-minus"),
            ("title:", "query-missing-value"),
            ("after:yesterday", "query-bad-date"),
            (&"x ".repeat(MAX_CLAUSES + 1), "query-too-many-terms"),
        ] {
            assert_eq!(parse(q).unwrap_err().code().as_str(), code, "{q:?}");
        }
        let json = serde_json::to_value(parse("title:").unwrap_err()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "query-missing-value", "message": "title: needs a value, as in title:乌克兰",
                "field": "title", "example": "乌克兰"})
        );
        let json = serde_json::to_value(parse("before:2024-13-01").unwrap_err()).unwrap();
        assert_eq!((json["code"].as_str(), json["value"].as_str()), (Some("query-bad-date"), Some("2024-13-01")));
        let json = serde_json::to_value(parse("「未闭合").unwrap_err()).unwrap();
        assert_eq!((json["quote"].as_str(), json["close"].as_str()), (Some("「"), Some("」")));
    }

    #[test]
    fn arbitrary_input_never_panics() {
        for q in
            ["\"", "-", "-\"", ":", "title:\"", "OR", "|", "-OR", "\u{0}", "after:", "\"\"", "--x", "a:b:c", "𠀀:\""]
        {
            let _ = parse(q);
        }
    }
}
