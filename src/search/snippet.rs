//! Highlights and keyword-in-context snippets.
//!
//! Matches are found in normalised text and mapped back, through
//! [`map_ranges`] (the normaliser re-run over the original up to the last
//! match), to byte ranges of the original strings, so `<mark>` lands on the
//! article's own characters (Traditional stays Traditional). All ranges are
//! `(start, end)` **byte** offsets into the Rust string they describe
//! (`Hit::title_matches` into the article title, `Snippet::matches` into
//! `Snippet::text`), always on character boundaries, sorted and disjoint.
//! A snippet is a verbatim slice of its lead or paragraph, about
//! [`CONTEXT_CHARS`] characters either side of the match, with `…` added where
//! it was cut; `paragraph` says where it came from. Windows that overlap or
//! touch are merged into one snippet, so no text is shown twice.

use super::normalize::map_ranges;
use super::Snippet;

/// Characters of context on each side of a match.
pub const CONTEXT_CHARS: usize = 40;
/// Snippets per hit at most.
pub const MAX_SNIPPETS: usize = 3;
/// Occurrences of one needle looked at per text, at most.
const MAX_OCCURRENCES: usize = 64;

/// Start offsets of `needle` in `hay`, overlapping ones included, at most `cap`.
pub fn find_all(hay: &str, needle: &str, cap: usize) -> Vec<usize> {
    let mut out = Vec::new();
    if needle.is_empty() {
        return out;
    }
    let finder = super::byte_rank::finder(needle.as_bytes());
    let step = needle.chars().next().map_or(1, char::len_utf8);
    let mut from = 0;
    while out.len() < cap {
        let Some(rel) = hay.as_bytes().get(from..).and_then(|h| finder.find(h)) else { break };
        out.push(from + rel);
        from += rel + step;
    }
    out
}

/// Byte ranges in `original` where any needle occurs; `norm` is `normalize(original)`.
pub fn highlight(original: &str, norm: &str, needles: &[&str]) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    for needle in needles.iter().filter(|n| !n.is_empty()) {
        ranges.extend(find_all(norm, needle, MAX_OCCURRENCES).into_iter().map(|p| (p, p + needle.len())));
    }
    if ranges.is_empty() {
        return ranges;
    }
    merge(map_ranges(original, &ranges).into_iter().flatten().collect())
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
    // (segment, normalised start, normalised end, needle) in reading order.
    let mut found: Vec<(usize, usize, usize, usize)> = Vec::new();
    for (s, (_, _, norm)) in segments.iter().enumerate() {
        for (n, needle) in needles.iter().enumerate() {
            found.extend(find_all(norm, needle, MAX_OCCURRENCES).into_iter().map(|p| (s, p, p + needle.len(), n)));
        }
    }
    if found.is_empty() {
        return Vec::new();
    }
    found.sort_unstable();
    let mut order: Vec<usize> = (0..needles.len()).filter_map(|n| found.iter().position(|f| f.3 == n)).collect();
    order.sort_unstable();
    order.dedup();
    let firsts = order.clone();
    order.extend((0..found.len()).filter(|i| !firsts.contains(i)));

    // Choose matches whose (normalised) windows do not already show them.
    let mut chosen: Vec<usize> = Vec::new();
    let mut windows: Vec<(usize, usize, usize)> = Vec::new();
    for i in order {
        if chosen.len() >= MAX_SNIPPETS {
            break;
        }
        let (s, a, b, _) = found[i];
        if windows.iter().any(|&(ws, wa, wb)| ws == s && a >= wa && b <= wb) {
            continue;
        }
        let norm = segments[s].2;
        windows.push((s, back_chars(norm, a, CONTEXT_CHARS), forward_chars(norm, b, CONTEXT_CHARS)));
        chosen.push(i);
    }
    chosen.sort_unstable();

    // Map every match of each chosen segment back to the original at once,
    // cut a window around each chosen match, and merge windows that overlap
    // or touch, so no text is shown twice and no snippet ends where the next
    // begins.
    let mut out = Vec::with_capacity(chosen.len());
    let mut k = 0;
    while k < chosen.len() {
        let s = found[chosen[k]].0;
        let group: Vec<usize> = chosen[k..].iter().copied().take_while(|&i| found[i].0 == s).collect();
        k += group.len();
        let (para, original, _) = segments[s];
        let picked = group.len();
        let ranges: Vec<(usize, usize)> = group
            .iter()
            .map(|&i| (found[i].1, found[i].2))
            .chain(found.iter().filter(|f| f.0 == s).map(|f| (f.1, f.2)))
            .collect();
        let mapped = map_ranges(original, &ranges);
        let mut windows: Vec<(usize, usize)> = mapped[..picked]
            .iter()
            .flatten()
            .map(|&(a, b)| (back_chars(original, a, CONTEXT_CHARS), forward_chars(original, b, CONTEXT_CHARS)))
            .collect();
        windows = merge(windows);
        for (start, end) in windows {
            let lead_in = if start > 0 { "…" } else { "" };
            let mut text = String::with_capacity(end - start + 6);
            text.push_str(lead_in);
            text.push_str(&original[start..end]);
            if end < original.len() {
                text.push('…');
            }
            let shift = lead_in.len();
            let matches = merge(
                mapped[picked..]
                    .iter()
                    .flatten()
                    .filter(|&&(ma, mb)| ma >= start && mb <= end)
                    .map(|&(ma, mb)| (ma - start + shift, mb - start + shift))
                    .collect(),
            );
            out.push(Snippet { text, matches, paragraph: para });
        }
    }
    out
}

/// The ellipsis a snippet carries where its text was cut.
const CUT: &str = "…";
/// What stands between two snippets shown as one line.
const BETWEEN: &str = " … ";

/// Up to `max` snippets as one line, the way a card shows them: a snippet
/// whose text an earlier one already shows is left out, and snippets are
/// joined by one ` … ` in place of their own ellipses, so the line never
/// shows an ellipsis run (`… … …`) or the same words twice.
pub fn join(snippets: &[Snippet], max: usize) -> Option<Snippet> {
    // (text without its ellipses, its byte offset in the snippet, the snippet)
    let mut kept: Vec<(&str, usize, &Snippet)> = Vec::new();
    for snippet in snippets {
        if kept.len() >= max {
            break;
        }
        let start = if snippet.text.starts_with(CUT) { CUT.len() } else { 0 };
        let end = snippet.text.strip_suffix(CUT).map_or(snippet.text.len(), str::len).max(start);
        let words = &snippet.text[start..end];
        if words.trim().is_empty() || kept.iter().any(|(shown, ..)| shown.contains(words)) {
            continue;
        }
        kept.push((words, start, snippet));
    }
    let (_, _, first) = *kept.first()?;
    let mut text = String::new();
    let mut matches = Vec::new();
    for (i, &(words, start, snippet)) in kept.iter().enumerate() {
        text.push_str(match (i, start) {
            (0, 0) => "",
            (0, _) => CUT,
            _ => BETWEEN,
        });
        let shift = text.len();
        matches.extend(
            snippet
                .matches
                .iter()
                .filter(|&&(a, b)| a >= start && b <= start + words.len())
                .map(|&(a, b)| (a - start + shift, b - start + shift)),
        );
        text.push_str(words);
    }
    if let Some(&(words, start, last)) = kept.last() {
        if start + words.len() < last.text.len() {
            text.push_str(CUT);
        }
    }
    Some(Snippet { text, matches, paragraph: first.paragraph })
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
    fn find_all_counts_overlapping_occurrences() {
        assert_eq!(find_all("aaa", "aa", 10), vec![0, 1]);
        assert_eq!(find_all("中中中", "中中", 10), vec![0, 3]);
        assert_eq!(find_all("abc", "", 10), Vec::<usize>::new());
    }

    #[test]
    fn highlight_marks_traditional_text_for_a_simplified_needle() {
        let title = "布林肯與拉夫羅夫會談 烏克蘭";
        let r = highlight(title, &normalize(title), &["乌克兰", "拉夫罗夫"]);
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

    fn snippet(text: &str, marked: &str) -> Snippet {
        let a = text.find(marked).unwrap();
        Snippet { text: text.into(), matches: vec![(a, a + marked.len())], paragraph: Some(0) }
    }

    #[test]
    fn joined_snippets_have_one_ellipsis_between_and_no_repeated_text() {
        // The line: a snippet cut at both ends, then the same words again.
        let one = snippet("…迈向自由环境的一步。23年前香港…", "香港");
        let again = snippet("…还被看作是迈向自由环境的一步。23年前香港…", "香港");
        let other = snippet("…北京宣布新的法律…", "北京");
        let line = join(&[one.clone(), again.clone(), other], 3).unwrap();
        assert_eq!(
            line.text,
            "…迈向自由环境的一步。23年前香港 … 还被看作是迈向自由环境的一步。23年前香港 … 北京宣布新的法律…"
        );
        assert!(!line.text.contains("… …") && !line.text.contains("……"), "{}", line.text);
        let marked: Vec<&str> = line.matches.iter().map(|&(a, b)| &line.text[a..b]).collect();
        assert_eq!(marked, ["香港", "香港", "北京"]);
        // A snippet whose words another already shows is left out.
        let line = join(&[again, one], 3).unwrap();
        assert_eq!(line.text, "…还被看作是迈向自由环境的一步。23年前香港…");
        // Uncut ends stay without an ellipsis; `max` bounds the count.
        let whole = snippet("乌克兰局势", "乌克兰");
        let line = join(&[whole.clone(), snippet("…俄罗斯说…", "俄罗斯")], 1).unwrap();
        assert_eq!(line.text, "乌克兰局势");
        assert_eq!(join(&[], 2), None);
    }

    #[test]
    fn overlapping_windows_merge_into_one_snippet_without_repeated_text() {
        // Two needles 60 characters apart: each is outside the other's
        // 40-character window, but the windows overlap by 20 characters.
        let body = format!("{}迈向自由{}香港回归{}", "前".repeat(50), "中".repeat(60), "后".repeat(50));
        let norm = normalize(&body);
        let s = snippets(&[(Some(0), &body, &norm)], &["迈向自由", "香港回归"]);
        assert_eq!(s.len(), 1, "{s:?}");
        let text = &s[0].text;
        assert_eq!(text.matches("迈向自由").count(), 1);
        assert_eq!(text.matches('中').count(), 60, "the shared context appears once: {text}");
        assert!(!text.contains("……"), "{text}");
        let marked: Vec<&str> = s[0].matches.iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(marked, ["迈向自由", "香港回归"]);
    }
}
