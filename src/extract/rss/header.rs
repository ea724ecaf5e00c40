//! The header of an RSS dump: the optional capture line, the `[title](url)`
//! link (wrapped over up to eight lines), the `------` rule and the optional
//! `日期：` line (see the format in [`super`]).

use crate::text::is_rule;

/// The dump's header lines.
#[derive(Debug)]
pub(super) struct Header<'a> {
    /// What the `<!--…-->` capture line holds, when there is one: a number,
    /// though not necessarily a plausible epoch-milliseconds value
    /// (`16870383020000000000`, `1.7e12`).
    pub(super) capture: Option<&'a str>,
    pub(super) title: String,
    pub(super) url: String,
    /// The `日期：` line's value, when present.
    pub(super) date_line: Option<&'a str>,
    pub(super) body: &'a str,
    /// The text ends inside the header, after a capture line and a complete
    /// title: a dump cut short in transfer. It has no body, and its URL is
    /// kept only when the link's closing `)` survived.
    pub(super) cut: bool,
}

/// How far into the text the title line may start (past blank lines and the
/// capture line) before the text is taken for something else. The title
/// line itself may be of any length: a dump with an absurd title is still a
/// dump (the title is cut later, with a warning, by [`crate::sanitize`]).
pub(super) const HEADER_LIMIT: usize = 16 * 1024;

/// Most lines the `[title](url)` link may be wrapped over.
const MAX_LINK_LINES: usize = 8;

/// The inside of a capture line that is meant as a number: digits, possibly
/// with a sign, a decimal point or an exponent. Anything else in a comment
/// before the title means the text is not a dump.
fn numeric_capture(inner: &str) -> Option<&str> {
    let v = inner.trim();
    let numeric = v.bytes().any(|b| b.is_ascii_digit())
        && v.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'));
    numeric.then_some(v)
}

/// Reads `<!--ms-->`, `[title](url)`, `------` and an optional `日期：` line.
pub(super) fn parse_header(text: &str) -> Option<Header<'_>> {
    let mut rest = text;
    let mut capture = None;
    let mut link_lines: Vec<&str> = Vec::new();
    let mut cut = false;
    // Phase 1: up to the rule.
    loop {
        if rest.is_empty() && capture.is_some() && !link_lines.is_empty() {
            cut = true;
            break;
        }
        if rest.is_empty() || (link_lines.is_empty() && text.len() - rest.len() > HEADER_LIMIT) {
            return None;
        }
        let (line, next) = match rest.find('\n') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, ""),
        };
        let l = line.trim();
        rest = next;
        if link_lines.is_empty() {
            if l.is_empty() {
                continue;
            }
            if let Some(inner) = l.strip_prefix("<!--").and_then(|s| s.strip_suffix("-->")) {
                if capture.is_some() {
                    return None;
                }
                capture = Some(numeric_capture(inner)?);
                continue;
            }
            if !l.starts_with('[') {
                return None;
            }
            link_lines.push(l);
        } else if is_rule(l) {
            break;
        } else {
            if link_lines.len() >= MAX_LINK_LINES {
                return None;
            }
            link_lines.push(l);
        }
    }
    let joined = link_lines.join(" ");
    let inner = joined.strip_prefix('[')?;
    let split = inner.rfind("](")?;
    let title = &inner[..split];
    let url_part = inner[split + 2..].trim();
    let url = match url_part.strip_suffix(')') {
        Some(closed) => closed.trim(),
        None if cut => "",
        None => url_part,
    };
    // Phase 2: optional `日期：` line after blank lines.
    let mut date_line = None;
    let mut body = rest;
    let mut probe = rest;
    while !probe.is_empty() {
        let (line, next) = match probe.find('\n') {
            Some(i) => (&probe[..i], &probe[i + 1..]),
            None => (probe, ""),
        };
        let l = line.trim();
        if l.is_empty() {
            probe = next;
            continue;
        }
        if let Some(v) = l.strip_prefix("日期：").or_else(|| l.strip_prefix("日期:")) {
            date_line = Some(v.trim());
            body = next;
        }
        break;
    }
    Some(Header { capture, title: title.to_string(), url: url.to_string(), date_line, body, cut })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_variants() {
        let h = parse_header("<!--1711116901000-->\n[[视频] a [b] (c)](https://x.org/a?b=(1))\n------\n\n<p>x</p>")
            .unwrap();
        assert_eq!(h.capture, Some("1711116901000"));
        assert_eq!(h.title, "[视频] a [b] (c)");
        assert_eq!(h.url, "https://x.org/a?b=(1)");
        assert_eq!(h.body.trim(), "<p>x</p>");
        let h =
            parse_header("[t](https://x.org/a)\n------\n日期：Sat, 27 Jun 2020 23:00:10 +0000\n\n<p>x</p>").unwrap();
        assert_eq!(h.capture, None);
        assert_eq!(h.date_line, Some("Sat, 27 Jun 2020 23:00:10 +0000"));
        let h = parse_header("[很长的\n标题](https://x.org/a\n)\n------\n").unwrap();
        assert_eq!((h.title.as_str(), h.url.as_str()), ("很长的 标题", "https://x.org/a"));
        assert!(parse_header("### title\n---\n").is_none());
        assert!(parse_header("[t](u)\nno rule").is_none());
        assert!(parse_header("<!--x-->\n[t](u)\n------\n").is_none());
        assert!(parse_header(&format!("[t]{}\n------\n", "\n(u)".repeat(MAX_LINK_LINES))).is_none());
        assert!(parse_header("").is_none());
    }

    #[test]
    fn a_dump_cut_inside_its_header() {
        let h = parse_header("<!--1711116901000-->\n[标题](https://www.rfi.fr/cn/a").unwrap();
        assert!(h.cut);
        assert_eq!((h.title.as_str(), h.url.as_str(), h.body), ("标题", "", ""));
        let h = parse_header("<!--1711116901000-->\n[标题](https://www.rfi.fr/cn/a)\n").unwrap();
        assert_eq!((h.cut, h.url.as_str()), (true, "https://www.rfi.fr/cn/a"));
        // Without the capture line, or before the title is complete, it is not taken for a dump.
        assert!(parse_header("[标题](https://www.rfi.fr/cn/a").is_none());
        assert!(parse_header("<!--1711116901000-->\n[标题").is_none());
        assert!(parse_header("<!--1711116901000-->\n").is_none());
    }

    #[test]
    fn capture_lines_that_are_numbers() {
        for raw in ["1711116901000", "16870383020000000000", "1.7e12", "-1", "+5"] {
            let text = format!("<!-- {raw} -->\n[t](u)\n------\n");
            assert_eq!(parse_header(&text).unwrap().capture, Some(raw));
        }
        for not_a_number in ["", "x", "e", "--", "generated by bot"] {
            let text = format!("<!--{not_a_number}-->\n[t](u)\n------\n");
            assert!(parse_header(&text).is_none(), "{not_a_number}");
        }
        assert!(parse_header("<!--1-->\n<!--2-->\n[t](u)\n------\n").is_none(), "one capture line");
    }
}
