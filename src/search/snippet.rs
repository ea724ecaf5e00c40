//! Highlights and keyword-in-context snippets.
//!
//! Matches are found in normalised text and mapped back, through
//! [`Mapped`], to byte ranges of the original strings, so `<mark>` lands on the
//! article's own characters (Traditional stays Traditional). All ranges are
//! `(start, end)` **byte** offsets into the Rust string they describe
//! (`Hit::title_matches` into the article title, `Snippet::matches` into
//! `Snippet::text`), always on character boundaries, sorted and disjoint.

use super::normalize::Mapped;
use super::Snippet;

/// Characters of context on each side of a match.
pub const CONTEXT_CHARS: usize = 40;
/// Snippets per hit at most.
pub const MAX_SNIPPETS: usize = 3;

/// Byte ranges in `original` where any needle (normalised) occurs.
pub fn highlight(original: &str, needles: &[&str]) -> Vec<(usize, usize)> {
    if needles.is_empty() || original.is_empty() {
        return Vec::new();
    }
    let m = Mapped::new(original);
    let mut ranges = Vec::new();
    for needle in needles.iter().filter(|n| !n.is_empty()) {
        for (pos, _) in m.text.match_indices(*needle) {
            if let Some(r) = m.original(pos, pos + needle.len()) {
                ranges.push(r);
            }
        }
    }
    merge(ranges)
}

/// Sorts and merges overlapping or touching ranges.
pub fn merge(mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    ranges.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (a, b) in ranges {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Up to [`MAX_SNIPPETS`] snippets from `segments` (`(paragraph index or None
/// for the lead, original text, normalised text)`), preferring the first
/// occurrence of each needle, then further matches in reading order.
pub fn snippets(segments: &[(Option<usize>, &str, &str)], needles: &[&str]) -> Vec<Snippet> {
    let needles: Vec<&str> = needles.iter().copied().filter(|n| !n.is_empty()).collect();
    if needles.is_empty() {
        return Vec::new();
    }
    // (segment, normalised position, needle) of matches, in reading order.
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    for (s, (_, _, norm)) in segments.iter().enumerate() {
        for (n, needle) in needles.iter().enumerate() {
            found.extend(norm.match_indices(*needle).map(|(p, _)| (s, p, n)));
        }
    }
    if found.is_empty() {
        return Vec::new();
    }
    found.sort_unstable();
    let mut order: Vec<usize> = Vec::new();
    for n in 0..needles.len() {
        if let Some(i) = found.iter().position(|f| f.2 == n) {
            order.push(i);
        }
    }
    order.sort_unstable();
    order.dedup();
    let firsts = order.clone();
    order.extend((0..found.len()).filter(|i| !firsts.contains(i)));

    let mut mapped: Vec<Option<Mapped>> = (0..segments.len()).map(|_| None).collect();
    // Chosen windows: (segment, original start, original end).
    let mut windows: Vec<(usize, usize, usize)> = Vec::new();
    let mut out: Vec<(usize, usize, Snippet)> = Vec::new();
    for i in order {
        if out.len() >= MAX_SNIPPETS {
            break;
        }
        let (s, pos, n) = found[i];
        let (para, original, _) = segments[s];
        let m = mapped[s].get_or_insert_with(|| Mapped::new(original));
        let Some((a, b)) = m.original(pos, pos + needles[n].len()) else { continue };
        if windows.iter().any(|&(ws, wa, wb)| ws == s && a >= wa && b <= wb) {
            continue;
        }
        let start = back_chars(original, a, CONTEXT_CHARS);
        let end = forward_chars(original, b, CONTEXT_CHARS);
        windows.push((s, start, end));
        let marks: Vec<(usize, usize)> = found
            .iter()
            .filter(|f| f.0 == s)
            .filter_map(|f| m.original(f.1, f.1 + needles[f.2].len()))
            .filter(|&(ma, mb)| ma >= start && mb <= end)
            .collect();
        let mut text = String::new();
        let lead_in = if start > 0 { "…" } else { "" };
        text.push_str(lead_in);
        text.push_str(&original[start..end]);
        if end < original.len() {
            text.push('…');
        }
        let shift = lead_in.len();
        let matches = merge(marks.into_iter().map(|(ma, mb)| (ma - start + shift, mb - start + shift)).collect());
        out.push((s, start, Snippet { text, matches, paragraph: para }));
    }
    out.sort_by_key(|o| (o.0, o.1));
    out.into_iter().map(|o| o.2).collect()
}

fn back_chars(s: &str, from: usize, n: usize) -> usize {
    s[..from].char_indices().rev().take(n).last().map_or(from, |(i, _)| i)
}

fn forward_chars(s: &str, from: usize, n: usize) -> usize {
    s[from..].char_indices().nth(n).map_or(s.len(), |(i, _)| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::normalize::normalize;

    #[test]
    fn highlight_marks_traditional_text_for_a_simplified_needle() {
        let title = "布林肯與拉夫羅夫會談 烏克蘭";
        let r = highlight(title, &["乌克兰", "拉夫罗夫"]);
        let got: Vec<&str> = r.iter().map(|&(a, b)| &title[a..b]).collect();
        assert_eq!(got, vec!["拉夫羅夫", "烏克蘭"]);
    }

    #[test]
    fn snippet_has_context_ellipses_and_byte_ranges_into_its_text() {
        let body = format!("{}乌克兰{}", "前".repeat(60), "后".repeat(60));
        let norm = normalize(&body);
        let s = snippets(&[(Some(0), &body, &norm)], &["乌克兰"]);
        assert_eq!(s.len(), 1);
        let sn = &s[0];
        assert!(sn.text.starts_with('…') && sn.text.ends_with('…'));
        assert_eq!(sn.text.chars().count(), 40 + 3 + 40 + 2);
        let (a, b) = sn.matches[0];
        assert_eq!(&sn.text[a..b], "乌克兰");
        assert_eq!(sn.paragraph, Some(0));
    }

    #[test]
    fn snippets_prefer_one_per_needle_then_reading_order_and_stop_at_three() {
        let paras: Vec<String> = (0..6).map(|i| format!("第{i}段 甲 {}", if i == 5 { "乙" } else { "" })).collect();
        let norms: Vec<String> = paras.iter().map(|p| normalize(p)).collect();
        let segs: Vec<(Option<usize>, &str, &str)> =
            paras.iter().zip(&norms).enumerate().map(|(i, (p, n))| (Some(i), p.as_str(), n.as_str())).collect();
        let s = snippets(&segs, &["甲", "乙"]);
        assert_eq!(s.len(), 3);
        assert_eq!(s.iter().map(|x| x.paragraph).collect::<Vec<_>>(), vec![Some(0), Some(1), Some(5)]);
    }
}
