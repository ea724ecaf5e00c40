//! The one normaliser used for indexing, querying and highlighting.
//!
//! Text is processed cluster by cluster, a *cluster* being one character
//! followed by any characters of non-zero canonical combining class. Each
//! cluster becomes zero or more normalised characters:
//!
//! 1. Unicode NFKC of the cluster (full-width `Ａ１，` → `A1,`, compatibility
//!    ideographs → unified ones, `ｶ` → `カ`);
//! 2. lower-casing (`char::to_lowercase`, so Latin, Greek, Cyrillic fold);
//! 3. Traditional → Simplified folding, character by character, with a table
//!    generated from OpenCC ([`fold_char`]): `烏克蘭` → `乌克兰`, `裡` → `里`;
//! 4. white space (any `char::is_whitespace` after NFKC, so also U+3000) runs
//!    collapse to one `' '`, and leading/trailing white space is dropped;
//!    control characters and invisible format characters (zero-width space,
//!    joiners, BOM, soft hyphen) are dropped.
//!
//! Because the mapping works on clusters, it is a homomorphism on cluster
//! boundaries, and every normalised character knows the byte range of the
//! original cluster it came from: that is how matches found in normalised
//! text are highlighted in the article's own script.
//!
//! Tokens are defined on normalised text ([`class`]): Han characters and kana
//! ([`CharClass::Gram`]) are indexed as single characters and overlapping
//! bigrams; other alphanumeric runs ([`CharClass::Word`]) as words; everything
//! else (punctuation, space, symbols) separates tokens and is not indexed.

use super::nfkc::{canonical_combining_class, nfkc_each};
use super::t2s_table::{T2S_ASTRAL, T2S_BMP};

/// How a normalised character takes part in tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CharClass {
    /// Han ideographs and kana: unigrams and overlapping bigrams.
    Gram,
    /// Other letters and digits: maximal runs form words.
    Word,
    /// Separators: not indexed.
    Other,
}

/// The token class of a (normalised) character.
#[inline]
pub fn class(c: char) -> CharClass {
    let u = c as u32;
    if u < 0x80 {
        return if c.is_ascii_alphanumeric() { CharClass::Word } else { CharClass::Other };
    }
    if matches!(u,
        0x3005..=0x3007 | 0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF |
        0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x323AF)
    {
        CharClass::Gram
    } else if c.is_alphanumeric() {
        CharClass::Word
    } else {
        CharClass::Other
    }
}

/// Bit set over U+3400..U+9FFF of characters that have a fold (built once).
fn han_fold_bits() -> &'static [u64] {
    static BITS: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    BITS.get_or_init(|| {
        let mut bits = vec![0u64; (0xA000 - 0x3400) / 64];
        for &(t, _) in T2S_BMP.iter() {
            let i = usize::from(t).wrapping_sub(0x3400);
            if let Some(w) = bits.get_mut(i / 64) {
                *w |= 1 << (i % 64);
            }
        }
        for &(t, _) in T2S_ASTRAL.iter() {
            let i = (t as usize).wrapping_sub(0x3400);
            if let Some(w) = bits.get_mut(i / 64) {
                *w |= 1 << (i % 64);
            }
        }
        bits
    })
}

/// Traditional → Simplified for one character (identity for everything else).
#[inline]
pub fn fold_char(c: char) -> char {
    let u = c as u32;
    if u < 0x3400 {
        return c;
    }
    if u < 0xA000 {
        let i = (u - 0x3400) as usize;
        if han_fold_bits().get(i / 64).is_none_or(|w| w & (1 << (i % 64)) == 0) {
            return c;
        }
    }
    if u < 0x10000 {
        if let Ok(i) = T2S_BMP.binary_search_by_key(&(u as u16), |&(t, _)| t) {
            return char::from_u32(u32::from(T2S_BMP[i].1)).unwrap_or(c);
        }
    }
    match T2S_ASTRAL.binary_search_by_key(&u, |&(t, _)| t) {
        Ok(i) => char::from_u32(T2S_ASTRAL[i].1).unwrap_or(c),
        Err(_) => c,
    }
}

/// Characters removed outright: controls and invisible format characters.
#[inline]
fn dropped(c: char) -> bool {
    c.is_control() || matches!(c as u32, 0x00AD | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0xFEFF)
}

/// The normalised form of a lone common character, without the NFKC machinery:
/// ASCII (lower-cased), unified ideographs, CJK punctuation and quotes that
/// NFKC keeps, and full-width ASCII forms (mapped to ASCII). `None`: take the
/// general path. (`fast_path_agrees_with_nfkc` checks every character here.)
#[inline]
fn fast(c: char) -> Option<char> {
    let u = c as u32;
    match u {
        0..=0x7F => Some(c.to_ascii_lowercase()),
        0x3400..=0x4DBF | 0x4E00..=0x9FFF => Some(c),
        0x3001..=0x3003
        | 0x3008..=0x3011
        | 0x3014..=0x301B
        | 0x2010
        | 0x2013..=0x2015
        | 0x2018..=0x201F
        | 0x00B7
        | 0x2022 => Some(c),
        0xFF01..=0xFF5E => char::from_u32(u - 0xFEE0).map(|a| a.to_ascii_lowercase()),
        _ => None,
    }
}

/// Runs the normaliser over `s`, calling `sink(char, orig_start, orig_end)` for
/// every normalised character with the byte range of the cluster it came from.
/// A collapsed space reports the range of the first white-space character.
pub fn normalize_each(s: &str, mut sink: impl FnMut(char, usize, usize)) {
    normalize_until(s, |c, a, b| {
        sink(c, a, b);
        true
    });
}

/// [`normalize_each`] that stops as soon as `sink` returns false.
pub fn normalize_until(s: &str, mut sink: impl FnMut(char, usize, usize) -> bool) {
    let mut emitted = false;
    let stop = std::cell::Cell::new(false);
    let mut pending: Option<(usize, usize)> = None;
    let mut emit = |c: char, start: usize, end: usize| {
        if c.is_whitespace() {
            if pending.is_none() {
                pending = Some((start, end));
            }
        } else if !dropped(c) {
            if let Some((ps, pe)) = pending.take() {
                if emitted && !sink(' ', ps, pe) {
                    stop.set(true);
                    return;
                }
            }
            emitted = true;
            if !sink(c, start, end) {
                stop.set(true);
            }
        }
    };
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if stop.get() {
            break;
        }
        let mut end = i + c.len_utf8();
        let single_end = end;
        while let Some(&(j, d)) = it.peek() {
            if (d as u32) >= 0x300 && canonical_combining_class(d) != 0 {
                end = j + d.len_utf8();
                it.next();
            } else {
                break;
            }
        }
        if let Some(f) = (end == single_end).then(|| fast(c)).flatten() {
            emit(fold_char(f), i, end);
        } else {
            nfkc_each(&s[i..end], &mut |n| {
                for l in n.to_lowercase() {
                    emit(fold_char(l), i, end);
                }
            });
        }
    }
}

/// The normalised form of `s` (see the module docs).
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalize_each(s, |c, _, _| out.push(c));
    out
}

/// Appends the normalised form of `s` to `out`.
pub fn normalize_into(s: &str, out: &mut String) {
    normalize_each(s, |c, _, _| out.push(c));
}

/// Maps byte ranges of `normalize(original)` (on character boundaries) back to
/// byte ranges of `original`, without building the normalised string; stops
/// after the last range. Ranges that do not fall on boundaries give `None`.
pub fn map_ranges(original: &str, ranges: &[(usize, usize)]) -> Vec<Option<(usize, usize)>> {
    let mut starts: Vec<(usize, usize)> = ranges.iter().enumerate().map(|(i, r)| (r.0, i)).collect();
    let mut ends: Vec<(usize, usize)> = ranges.iter().enumerate().map(|(i, r)| (r.1, i)).collect();
    starts.sort_unstable();
    ends.sort_unstable();
    let mut got: Vec<(Option<usize>, Option<usize>)> = vec![(None, None); ranges.len()];
    let last = ends.last().map_or(0, |e| e.0);
    let (mut si, mut ei) = (0, 0);
    let mut pos = 0usize;
    normalize_until(original, |c, a, b| {
        while si < starts.len() && starts[si].0 < pos {
            si += 1;
        }
        while si < starts.len() && starts[si].0 == pos {
            got[starts[si].1].0 = Some(a);
            si += 1;
        }
        pos += c.len_utf8();
        while ei < ends.len() && ends[ei].0 < pos {
            ei += 1;
        }
        while ei < ends.len() && ends[ei].0 == pos {
            got[ends[ei].1].1 = Some(b);
            ei += 1;
        }
        pos < last
    });
    got.into_iter()
        .map(|g| match g {
            (Some(a), Some(b)) if a < b => Some((a, b)),
            _ => None,
        })
        .collect()
}

/// A normalised string with, for each of its characters, the original byte range.
pub struct Mapped {
    pub text: String,
    /// `(normalised byte offset, original start, original end)` per normalised char.
    pub map: Vec<(u32, u32, u32)>,
}

impl Mapped {
    pub fn new(s: &str) -> Self {
        let mut text = String::with_capacity(s.len());
        let mut map = Vec::with_capacity(s.len() / 2);
        normalize_each(s, |c, a, b| {
            map.push((text.len() as u32, a as u32, b as u32));
            text.push(c);
        });
        Mapped { text, map }
    }

    /// The original byte range covering normalised bytes `start..end`
    /// (both on normalised character boundaries), or `None` if empty/out of range.
    pub fn original(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        if start >= end {
            return None;
        }
        let first = self.map.binary_search_by_key(&(start as u32), |m| m.0).ok()?;
        let last = match self.map.binary_search_by_key(&(end as u32), |m| m.0) {
            Ok(i) => i.checked_sub(1)?,
            Err(i) if i == self.map.len() && end == self.text.len() => i.checked_sub(1)?,
            Err(_) => return None,
        };
        let (_, a, _) = self.map[first];
        let (_, _, b) = *self.map.get(last)?;
        (a < b).then_some((a as usize, b as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn traditional_folds_to_simplified() {
        assert_eq!(normalize("烏克蘭"), "乌克兰");
        assert_eq!(normalize("乌克兰"), "乌克兰");
        assert_eq!(normalize("臺灣"), "台湾");
        assert_eq!(normalize("裡"), normalize("裏"));
    }

    #[test]
    fn full_width_and_case_fold_to_ascii_lower() {
        assert_eq!(normalize("ＢＢＣ　中文，２０２０"), "bbc 中文,2020");
        assert_eq!(normalize("Blinken"), "blinken");
    }

    #[test]
    fn white_space_collapses_and_trims_and_invisibles_drop() {
        assert_eq!(normalize("  a \n\t b  "), "a b");
        assert_eq!(normalize("中\u{200B}国"), "中国");
    }

    #[test]
    fn combining_sequences_compose_and_map_to_whole_cluster() {
        let m = Mapped::new("Cafe\u{301} x");
        assert_eq!(m.text, "café x");
        let e = m.text.find('é').unwrap();
        assert_eq!(m.original(e, e + 'é'.len_utf8()), Some((3, 6)));
    }

    #[test]
    fn mapping_points_back_at_original_bytes() {
        let src = "在 烏克蘭 ＡＢ";
        let m = Mapped::new(src);
        let at = m.text.find("乌克兰").unwrap();
        let (a, b) = m.original(at, at + "乌克兰".len()).unwrap();
        assert_eq!(&src[a..b], "烏克蘭");
        let at = m.text.find("ab").unwrap();
        let (a, b) = m.original(at, at + 2).unwrap();
        assert_eq!(&src[a..b], "ＡＢ");
    }

    #[test]
    fn fast_path_agrees_with_nfkc() {
        for u in (0..0x80)
            .chain(0x3400..0xA000)
            .chain(0x2000..0x2030)
            .chain(0x3000..0x3020)
            .chain(0xFF00..0xFF60)
            .chain([0xB7])
        {
            let Some(c) = char::from_u32(u) else { continue };
            if let Some(f) = fast(c) {
                let slow: String = c.to_string().nfkc().flat_map(char::to_lowercase).collect();
                assert_eq!(f.to_string(), slow, "U+{u:04X}");
            }
        }
    }

    #[test]
    fn map_ranges_agrees_with_the_full_map() {
        let src = "Ａ 臺灣，烏克蘭  e\u{301}x 中";
        let m = Mapped::new(src);
        let mut ranges = Vec::new();
        let cuts: Vec<usize> = m.text.char_indices().map(|(i, _)| i).chain([m.text.len()]).collect();
        for (i, &a) in cuts.iter().enumerate() {
            for &b in &cuts[i + 1..] {
                ranges.push((a, b));
            }
        }
        let fast = map_ranges(src, &ranges);
        for (r, f) in ranges.iter().zip(fast) {
            assert_eq!(f, m.original(r.0, r.1), "{r:?}");
        }
    }

    #[test]
    fn fold_table_is_idempotent_and_sorted() {
        for w in T2S_BMP.windows(2) {
            assert!(w[0].0 < w[1].0);
        }
        for &(_, s) in T2S_BMP.iter() {
            let c = char::from_u32(u32::from(s)).unwrap();
            assert_eq!(fold_char(c), c);
        }
    }
}
