//! Date lines in every outlet's style, converted to UTC (or kept date-only).
//!
//! Every parser returns a [`PubDate`]: a UTC instant when the source states a
//! time *and* its zone is known (stated in the text, or a zone the caller
//! knows the outlet uses), a bare calendar date when only the date is known.
//! Nothing here invents precision: a naive time with no known zone becomes a
//! date, never a guessed instant. `PubDate::to_string()` gives the record's
//! format (`2024-03-22T14:10:00Z` or `2022-01-21`).
//!
//! Styles understood (see the unit tests for one example of each):
//! - RFC 2822: `Mon, 20 Jul 2020 05:34:29 GMT`, `Sat, 27 Jun 2020 23:00:10 +0000` (VOA, `日期：` lines)
//! - ISO 8601 with zone: `2020-07-20T13:01:53.252Z`, `2014-11-28T14:03:05+01:00` (DW, front matter)
//! - ISO 8601 / `YYYY-MM-DD HH:MM[:SS]` without zone, read in a given zone (Reuters = UTC, NYT Chinese = Asia/Shanghai)
//! - `DD/MM/YYYY - HH:MM` in a given zone (RFI, Europe/Paris, daylight saving included)
//! - `YYYY年M月D日` with optional spaces (BBC `2020年 7月 17日`), full-width
//!   digits or Chinese numerals (`二零二一年四月十九日`), date only
//! - Chinese datelines `【大纪元2022年01月21日讯】`, `【大纪元8月18日讯】` (the
//!   year then comes from the URL), date only ([`dateline`], [`CnDate`])
//! - dates in article URLs: `/gb/22/1/21/n13520753.htm`, `/2020/06/28/`, `/20240322-…` ([`url_date`])
//! - machine-readable attributes (`<time datetime>`, `article:published_time`,
//!   JSON-LD `datePublished`, front matter `date:`): [`parse_timestamp`]
//! - epoch milliseconds (`<!--1711116901000-->`)
//!
//! Every reader goes through this module for every date it records.

use chrono::{DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use std::fmt;

/// A publication or capture date as precise as the source allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PubDate {
    /// An instant, in UTC (printed `YYYY-MM-DDTHH:MM:SSZ`).
    DateTime(DateTime<Utc>),
    /// A calendar date only (printed `YYYY-MM-DD`).
    Date(NaiveDate),
}

impl PubDate {
    /// The calendar date (in UTC for instants).
    pub fn date(&self) -> NaiveDate {
        match self {
            PubDate::DateTime(dt) => dt.date_naive(),
            PubDate::Date(d) => *d,
        }
    }

    /// True when this date lies after `instant` for certain: an instant later
    /// than it, or a date later than its UTC date plus one day (a date-only
    /// value may be in a zone east of UTC).
    pub fn is_after(&self, instant: &DateTime<Utc>) -> bool {
        match self {
            PubDate::DateTime(dt) => dt > instant,
            PubDate::Date(d) => d.pred_opt().is_some_and(|prev| prev > instant.date_naive()),
        }
    }
}

impl fmt::Display for PubDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PubDate::DateTime(dt) => {
                write_date(f, dt.date_naive())?;
                // As chrono's `%S`: a leap second (nanoseconds past 10⁹) shows as 60.
                let second = dt.second() + dt.nanosecond() / 1_000_000_000;
                write!(f, "T{:02}:{:02}:{second:02}Z", dt.hour(), dt.minute())
            }
            PubDate::Date(d) => write_date(f, *d),
        }
    }
}

/// `YYYY-MM-DD` as chrono's `%Y-%m-%d` writes it (a year outside 0–9999
/// gets a sign and at least four digits), without chrono's strftime
/// machinery, which is 12 KB of the browser build.
fn write_date(f: &mut fmt::Formatter<'_>, d: NaiveDate) -> fmt::Result {
    let year = d.year();
    if (0..10_000).contains(&year) {
        write!(f, "{year:04}")?;
    } else {
        write!(f, "{year:+05}")?;
    }
    write!(f, "-{:02}-{:02}", d.month(), d.day())
}

/// Formats an instant the way records store it: `2024-03-22T14:15:01Z`.
pub fn format_utc(dt: &DateTime<Utc>) -> String {
    PubDate::DateTime(*dt).to_string()
}

/// Epoch milliseconds (as in `<!--1711116901000-->`) to a UTC instant.
/// Rejects values before 1990 or after 2100: they are not capture times.
pub fn from_epoch_ms(ms: i64) -> Option<DateTime<Utc>> {
    // 1990-01-01 .. 2100-01-01
    if !(631_152_000_000..4_102_444_800_000).contains(&ms) {
        return None;
    }
    DateTime::from_timestamp_millis(ms)
}

/// A local wall-clock time in `tz` to UTC. In the autumn hour that occurs
/// twice the earlier instant is taken; a time inside the spring gap (which
/// no clock showed) is read with the offset in force before the gap.
pub fn local_to_utc(naive: NaiveDateTime, tz: Tz) -> Option<DateTime<Utc>> {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(dt) => Some(dt.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, _) => Some(a.with_timezone(&Utc)),
        LocalResult::None => {
            let before = naive.checked_sub_signed(chrono::Duration::hours(3))?;
            let offset = tz.offset_from_local_datetime(&before).earliest()?;
            let fixed = chrono::offset::Offset::fix(&offset);
            fixed.from_local_datetime(&naive).single().map(|dt| dt.with_timezone(&Utc))
        }
    }
}

/// RFC 2822 (`Mon, 20 Jul 2020 05:34:29 GMT`, `… +0000`).
pub fn parse_rfc2822(s: &str) -> Option<PubDate> {
    let s = s.trim();
    DateTime::parse_from_rfc2822(s).ok().map(|dt| PubDate::DateTime(dt.with_timezone(&Utc)))
}

/// ISO 8601 / RFC 3339 and the common `YYYY-MM-DD HH:MM[:SS]` form.
///
/// With a zone (`Z`, `+01:00`, `+0100`) the instant is exact. Without one it
/// is read in `naive_tz` when given, else only the date is kept. A bare
/// `YYYY-MM-DD` is a date. Fractions of a second are dropped.
pub fn parse_iso(s: &str, naive_tz: Option<Tz>) -> Option<PubDate> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 10 || !s.is_char_boundary(10) {
        return None;
    }
    let date = NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d").ok()?;
    let rest = &s[10..];
    if rest.trim().is_empty() {
        return Some(PubDate::Date(date));
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    // Time: HH:MM[:SS][.fff]
    let time_len = rest.bytes().take_while(|c| c.is_ascii_digit() || *c == b':').count();
    let time_str = &rest[..time_len];
    let time = NaiveTime::parse_from_str(time_str, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(time_str, "%H:%M"))
        .ok()?;
    let mut zone = &rest[time_len..];
    if let Some(frac) = zone.strip_prefix(['.', ',']) {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        zone = &frac[n..];
    }
    let zone = zone.trim();
    let naive = date.and_time(time);
    if zone.is_empty() {
        return Some(match naive_tz {
            Some(tz) => PubDate::DateTime(local_to_utc(naive, tz)?),
            None => PubDate::Date(date),
        });
    }
    let offset_secs = parse_offset(zone)?;
    let fixed = chrono::FixedOffset::east_opt(offset_secs)?;
    let dt = fixed.from_local_datetime(&naive).single()?;
    Some(PubDate::DateTime(dt.with_timezone(&Utc)))
}

/// `Z`, `UTC`, `GMT`, `+08:00`, `+0800`, `+08` → seconds east of UTC.
fn parse_offset(zone: &str) -> Option<i32> {
    if matches!(zone, "Z" | "z" | "UTC" | "GMT") {
        return Some(0);
    }
    let (sign, digits) = match zone.as_bytes().first()? {
        b'+' => (1, &zone[1..]),
        b'-' => (-1, &zone[1..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match digits.len() {
        2 => (digits.parse::<i32>().ok()?, 0),
        4 => (digits[..2].parse::<i32>().ok()?, digits[2..].parse::<i32>().ok()?),
        _ => return None,
    };
    if h > 14 || m > 59 {
        return None;
    }
    Some(sign * (h * 3600 + m * 60))
}

/// `DD/MM/YYYY - HH:MM` (RFI) in the zone `tz`; `DD/MM/YYYY` alone is a date.
pub fn parse_dmy_hm(s: &str, tz: Option<Tz>) -> Option<PubDate> {
    let s = s.trim();
    let (date_part, time_part) = match s.split_once(" - ") {
        Some((d, t)) => (d.trim(), Some(t.trim())),
        None => match s.split_once(' ') {
            Some((d, t)) => (d.trim(), Some(t.trim())),
            None => (s, None),
        },
    };
    let date = NaiveDate::parse_from_str(date_part, "%d/%m/%Y").ok()?;
    let Some(t) = time_part else { return Some(PubDate::Date(date)) };
    let time = NaiveTime::parse_from_str(t, "%H:%M").or_else(|_| NaiveTime::parse_from_str(t, "%H:%M:%S")).ok()?;
    Some(match tz {
        Some(tz) => PubDate::DateTime(local_to_utc(date.and_time(time), tz)?),
        None => PubDate::Date(date),
    })
}

/// A date written in Chinese. The year may be missing (`8月18日`): datelines
/// of the same year often leave it out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CnDate {
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
}

impl CnDate {
    /// The calendar date, with `fallback_year` where the text gives no year.
    pub fn date(&self, fallback_year: Option<i32>) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year.or(fallback_year)?, self.month, self.day)
    }
}

/// Years a publication date may plausibly have.
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

fn cn_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        '〇' | '零' | '○' => Some(0),
        '一' => Some(1),
        '二' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

fn is_num_char(c: char) -> bool {
    cn_digit(c).is_some() || c == '十'
}

/// Value of a run of digits or Chinese numerals (`2022`, `０１`, `二零二一`, `十九`, `二十三`).
fn cn_number(chars: &[char]) -> Option<u32> {
    if chars.is_empty() || chars.len() > 4 {
        return None;
    }
    if let Some(ten) = chars.iter().position(|&c| c == '十') {
        let tens = if ten == 0 { 1 } else { cn_digit(chars[0])? };
        let ones = match chars.get(ten + 1) {
            Some(&c) => cn_digit(c)?,
            None => 0,
        };
        return (ten <= 1 && chars.len() <= ten + 2).then_some(tens * 10 + ones);
    }
    chars.iter().try_fold(0u32, |acc, &c| Some(acc * 10 + cn_digit(c)?))
}

/// Finds the first Chinese date in `s` — `2022年01月21日`, `2020年 7月 17日`,
/// `２０２０年７月９日`, `二零二一年四月十九日`, `8月18日` (day marked `日`, `号`
/// or `號`; two-digit years are 20xx) — with the byte range it spans. Spaces
/// may stand between the parts. Impossible dates (`2021年2月30日`) and years
/// outside 1900–2200 are not dates.
pub fn find_cn_date(s: &str) -> Option<(CnDate, std::ops::Range<usize>)> {
    // The characters other than white space, with their byte offsets.
    let at: Vec<(usize, char)> = s.char_indices().filter(|(_, c)| !c.is_whitespace()).collect();
    let chars: Vec<char> = at.iter().map(|&(_, c)| c).collect();
    for (m_pos, _) in chars.iter().enumerate().filter(|(_, c)| **c == '月') {
        let mut m_start = m_pos;
        while m_start > 0 && is_num_char(chars[m_start - 1]) && m_pos - m_start < 2 {
            m_start -= 1;
        }
        let Some(month) = cn_number(&chars[m_start..m_pos]) else { continue };
        let mut d_end = m_pos + 1;
        while d_end < chars.len() && is_num_char(chars[d_end]) && d_end - m_pos <= 3 {
            d_end += 1;
        }
        if !matches!(chars.get(d_end), Some('日' | '号' | '號')) {
            continue;
        }
        let Some(day) = cn_number(&chars[m_pos + 1..d_end]) else { continue };
        let mut year = None;
        let mut start = m_start;
        if m_start > 0 && chars[m_start - 1] == '年' {
            let y_end = m_start - 1;
            let mut y_start = y_end;
            while y_start > 0 && cn_digit(chars[y_start - 1]).is_some() && y_end - y_start < 4 {
                y_start -= 1;
            }
            year = cn_number(&chars[y_start..y_end]).map(|y| if y < 100 { 2000 + y as i32 } else { y as i32 });
            if year.is_some() {
                start = y_start;
            }
        }
        let check_year = year.unwrap_or(2000);
        if NaiveDate::from_ymd_opt(check_year, month, day).is_some() && PLAUSIBLE_YEARS.contains(&check_year) {
            let end = at[d_end].0 + at[d_end].1.len_utf8();
            return Some((CnDate { year, month, day }, at[start].0..end));
        }
    }
    None
}

/// `YYYY年M月D日` (BBC: `2020年 7月 17日`): a date only, even if a time follows.
pub fn parse_cjk_date(s: &str) -> Option<PubDate> {
    let (cn, _) = find_cn_date(s)?;
    cn.date(None).map(PubDate::Date)
}

/// A Chinese news dateline opening a paragraph — `【大纪元2022年01月21日讯】`,
/// `【新唐人2020年6月26日讯】`, `【明慧网二零二一年四月十九日】`, `【大纪元8月18日讯】` —
/// and the text after its bracket. The bracket must open the paragraph
/// (at most two characters before it) and be short.
pub fn dateline(p: &str) -> Option<(CnDate, &str)> {
    let start = p.find('【')?;
    if p[..start].chars().count() > 2 {
        return None;
    }
    let inner_start = start + '【'.len_utf8();
    let close = p[inner_start..].find('】')? + inner_start;
    let inner = &p[inner_start..close];
    if inner.chars().count() > 40 {
        return None;
    }
    let (date, _) = find_cn_date(inner)?;
    Some((date, &p[close + '】'.len_utf8()..]))
}

/// The date in an article URL: `/gb/22/1/21/n13520753.htm`, `/gb/2020/06/28/a1.html`,
/// `/20240322-…`. RFA's `name-MMDDYYYYhhmmss.html` stamp is not a
/// publication date and gives none.
pub fn url_date(url: &str) -> Option<NaiveDate> {
    let path = url.split_once("://").map_or(url, |(_, r)| r);
    let path = path.split(['?', '#']).next().unwrap_or("");
    let segs: Vec<&str> = path.split('/').skip(1).collect();
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
    };
    for w in segs.windows(3) {
        let (Some(y), Some(m), Some(d)) = (num(w[0]), num(w[1]), num(w[2])) else { continue };
        let year = match w[0].len() {
            1 | 2 => 2000 + y as i32,
            4 => y as i32,
            _ => continue,
        };
        if w[1].len() > 2 || w[2].len() > 2 {
            continue;
        }
        if let Some(date) = NaiveDate::from_ymd_opt(year, m, d) {
            return Some(date);
        }
    }
    for s in &segs {
        let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
        if digits.len() == 8 {
            if let Ok(d) = NaiveDate::parse_from_str(&digits, "%Y%m%d") {
                return Some(d);
            }
        }
    }
    None
}

/// A machine-readable timestamp: a `<time datetime>`, `article:published_time`,
/// JSON-LD `datePublished` or front matter `date:` value. Any style
/// [`parse_any`] reads (without a zone for naive times), RFC 2822 without its
/// weekday, or a value that merely starts with `YYYY-MM-DD` (that date).
pub fn parse_timestamp(s: &str) -> Option<PubDate> {
    let s = s.trim();
    parse_any(s, None).or_else(|| parse_rfc2822(s)).or_else(|| {
        let head = s.get(..10)?;
        NaiveDate::parse_from_str(head, "%Y-%m-%d").ok().map(PubDate::Date)
    })
}

/// A `<time datetime>` value ([`parse_timestamp`]); exactly midnight UTC is
/// how feeds write a bare date, so it means the date.
pub fn parse_time_element(s: &str) -> Option<PubDate> {
    parse_timestamp(s).map(|d| match d {
        PubDate::DateTime(x) if x.time() == NaiveTime::MIN => PubDate::Date(x.date_naive()),
        other => other,
    })
}

/// Tries every style above on one line. `naive_tz` is the zone to read
/// times without a stated zone in (the outlet's, when known).
pub fn parse_any(s: &str, naive_tz: Option<Tz>) -> Option<PubDate> {
    let s = s.trim();
    if s.is_empty() || s.len() > 80 {
        return None;
    }
    let first = s.as_bytes()[0];
    if first.is_ascii_alphabetic() {
        return parse_rfc2822(s);
    }
    parse_iso(s, naive_tz).or_else(|| parse_dmy_hm(s, naive_tz)).or_else(|| {
        if s.contains('年') {
            // A dateline or a bare Chinese date, but only when it is the whole line.
            let (cn, range) = find_cn_date(s)?;
            let rest = format!("{}{}", &s[..range.start], &s[range.end..]);
            (rest.trim().chars().count() <= 3).then_some(PubDate::Date(cn.date(None)?))
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_dates_as_chrono_formats_them() {
        let years = [-262_000, -10_000, -1, 0, 1, 999, 1000, 1990, 2024, 9999, 10_000, 262_000];
        for year in years {
            for (month, day, h, m, s, ns) in
                [(1, 1, 0, 0, 0, 0), (2, 29, 23, 59, 59, 999_999_999), (12, 31, 9, 5, 59, 1_500_000_000)]
            {
                let Some(date) = NaiveDate::from_ymd_opt(year, month, day) else { continue };
                let dt = date.and_hms_nano_opt(h, m, s, ns).expect("valid time").and_utc();
                assert_eq!(PubDate::DateTime(dt).to_string(), dt.format("%Y-%m-%dT%H:%M:%SZ").to_string());
                assert_eq!(PubDate::Date(date).to_string(), date.format("%Y-%m-%d").to_string());
            }
        }
    }

    use chrono_tz::{Asia, Europe};

    fn s(d: Option<PubDate>) -> String {
        d.map(|d| d.to_string()).unwrap_or_else(|| "None".into())
    }

    #[test]
    fn rfc2822_voa_and_date_lines() {
        assert_eq!(s(parse_rfc2822("Mon, 20 Jul 2020 05:34:29 GMT")), "2020-07-20T05:34:29Z");
        assert_eq!(s(parse_rfc2822("Sat, 27 Jun 2020 23:00:10 +0000")), "2020-06-27T23:00:10Z");
        assert_eq!(s(parse_rfc2822("Sat, 27 Jun 2020 23:00:10 +0800")), "2020-06-27T15:00:10Z");
        assert_eq!(parse_rfc2822("not a date"), None);
    }

    #[test]
    fn iso_with_and_without_zone() {
        assert_eq!(s(parse_iso("2020-07-20T13:01:53.252Z", None)), "2020-07-20T13:01:53Z");
        assert_eq!(s(parse_iso("2014-11-28T14:03:05+01:00", None)), "2014-11-28T13:03:05Z");
        assert_eq!(s(parse_iso("2014-11-28T14:03:05+0100", None)), "2014-11-28T13:03:05Z");
        // Reuters: naive, UTC.
        assert_eq!(s(parse_iso("2020-07-17T05:32:29", Some(chrono_tz::UTC))), "2020-07-17T05:32:29Z");
        // NYT Chinese: naive, Beijing time.
        assert_eq!(s(parse_iso("2020-07-20 11:27:37", Some(Asia::Shanghai))), "2020-07-20T03:27:37Z");
        // No zone known: the date only, never a guessed instant.
        assert_eq!(s(parse_iso("2020-07-20 11:27:37", None)), "2020-07-20");
        assert_eq!(s(parse_iso("2020-07-20", None)), "2020-07-20");
        assert_eq!(parse_iso("2020-13-20", None), None);
        assert_eq!(parse_iso("2020-07-20Tjunk", None), None);
        assert_eq!(parse_iso("2020年7月20日", None), None);
    }

    #[test]
    fn rfi_paris_time_with_daylight_saving() {
        // Winter (CET, UTC+1): 22 March 2024 is before the switch on 31 March.
        assert_eq!(s(parse_dmy_hm("22/03/2024 - 15:10", Some(Europe::Paris))), "2024-03-22T14:10:00Z");
        // Summer (CEST, UTC+2).
        assert_eq!(s(parse_dmy_hm("20/07/2020 - 17:50", Some(Europe::Paris))), "2020-07-20T15:50:00Z");
        assert_eq!(s(parse_dmy_hm("07/11/2023 - 13:11", Some(Europe::Paris))), "2023-11-07T12:11:00Z");
        // Day before and after the spring switch (31 March 2024, 02:00 → 03:00).
        assert_eq!(s(parse_dmy_hm("30/03/2024 - 12:00", Some(Europe::Paris))), "2024-03-30T11:00:00Z");
        assert_eq!(s(parse_dmy_hm("31/03/2024 - 12:00", Some(Europe::Paris))), "2024-03-31T10:00:00Z");
        // A time in the gap is read with the winter offset; the doubled autumn hour takes the first.
        assert_eq!(s(parse_dmy_hm("31/03/2024 - 02:30", Some(Europe::Paris))), "2024-03-31T01:30:00Z");
        assert_eq!(s(parse_dmy_hm("27/10/2024 - 02:30", Some(Europe::Paris))), "2024-10-27T00:30:00Z");
        // Crossing midnight into the previous UTC day.
        assert_eq!(s(parse_dmy_hm("19/07/2020 - 00:19", Some(Europe::Paris))), "2020-07-18T22:19:00Z");
        assert_eq!(s(parse_dmy_hm("19/07/2020 - 00:19", None)), "2020-07-19");
        assert_eq!(parse_dmy_hm("32/07/2020 - 00:19", Some(Europe::Paris)), None);
    }

    #[test]
    fn cjk_dates_and_datelines() {
        assert_eq!(s(parse_cjk_date("2020年 7月 17日")), "2020-07-17");
        assert_eq!(s(parse_cjk_date("2020年7月9日")), "2020-07-09");
        assert_eq!(s(parse_cjk_date("２０２０年７月９日")), "2020-07-09");
        assert_eq!(parse_cjk_date("7月17日"), None);
        assert_eq!(parse_cjk_date("2020年13月1日"), None);
        assert_eq!(parse_cjk_date("1850年1月1日"), None, "not a publication year");
        let date = |s: &str| dateline(s).and_then(|(d, _)| d.date(Some(1999)));
        let (d, rest) = dateline("【大纪元2022年01月21日讯】（大纪元记者张婷综合报导）美国国务卿").unwrap();
        assert_eq!(d, CnDate { year: Some(2022), month: 1, day: 21 });
        assert_eq!(rest, "（大纪元记者张婷综合报导）美国国务卿");
        assert_eq!(date("【新唐人2020年6月26日讯】"), NaiveDate::from_ymd_opt(2020, 6, 26));
        assert_eq!(date("【新唐人北京时间2020年06月28日讯】"), NaiveDate::from_ymd_opt(2020, 6, 28));
        assert_eq!(date("【明慧网二零二一年四月十九日】"), NaiveDate::from_ymd_opt(2021, 4, 19));
        // No year: the caller's (from the URL).
        assert_eq!(dateline("【大纪元8月18日讯】").map(|(d, _)| d.year), Some(None));
        assert_eq!(date("【大纪元8月18日讯】"), NaiveDate::from_ymd_opt(1999, 8, 18));
        assert_eq!(date("【禁闻】2020年6月26日"), None);
        assert_eq!(date("这是正文【大纪元2022年01月21日讯】"), None, "a dateline opens the paragraph");
        assert_eq!(date("no bracket"), None);
        fn find(s: &str) -> Option<(Option<i32>, u32, u32, &str)> {
            find_cn_date(s).map(|(d, r)| (d.year, d.month, d.day, &s[r]))
        }
        assert_eq!(find("大纪元2022年01月21日讯"), Some((Some(2022), 1, 21, "2022年01月21日")));
        assert_eq!(find("于 2020 年 7 月 17 日抵达"), Some((Some(2020), 7, 17, "2020 年 7 月 17 日")));
        assert_eq!(find("二十三日"), None);
        assert_eq!(find("十二月二十三号"), Some((None, 12, 23, "十二月二十三号")));
        assert_eq!(find("2021年2月30日"), None);
        assert_eq!(find("有冇搞错"), None);
    }

    #[test]
    fn dates_in_urls() {
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(url_date("https://www.epochtimes.com/gb/22/1/21/n13520753.htm"), ymd(2022, 1, 21));
        assert_eq!(url_date("https://www.epochtimes.com/gb/1/8/18/n120580.htm"), ymd(2001, 8, 18));
        assert_eq!(url_date("https://www.ntdtv.com/gb/2020/06/28/a102881511.html"), ymd(2020, 6, 28));
        assert_eq!(url_date("https://www.rfi.fr/cn/%E7%BE%8E/20240322-%E8%A7%86"), ymd(2024, 3, 22));
        // RFA's `name-MMDDYYYYhhmmss.html` stamp is not the publication date (a 2019
        // story sits at 0122wul01-03132015102751.html): no date from it.
        assert_eq!(url_date("https://www.rfa.org/mandarin/guojishijiao/0122wul01-03132015102751.html"), None);
        assert_eq!(url_date("https://example.com/a/b"), None);
    }

    #[test]
    fn machine_readable_timestamps() {
        assert_eq!(s(parse_timestamp("2014-11-28T14:03:05+01:00")), "2014-11-28T13:03:05Z");
        assert_eq!(s(parse_timestamp("2020-04-09T06:13:00.000Z")), "2020-04-09T06:13:00Z");
        assert_eq!(s(parse_timestamp("2019-04-16 03:30:37 +08:00")), "2019-04-15T19:30:37Z");
        assert_eq!(s(parse_timestamp("2020-04-09")), "2020-04-09");
        assert_eq!(s(parse_timestamp("2020-04-09T06:13:00")), "2020-04-09", "no zone: the date");
        assert_eq!(s(parse_timestamp("20 Jul 2020 05:34:29 GMT")), "2020-07-20T05:34:29Z");
        assert_eq!(s(parse_timestamp("2020-04-09 (updated)")), "2020-04-09");
        assert_eq!(parse_timestamp("yesterday"), None);
        assert_eq!(s(parse_time_element("2020-10-06T00:00:00Z")), "2020-10-06");
        assert_eq!(s(parse_time_element("2020-10-06T00:00:01Z")), "2020-10-06T00:00:01Z");
    }

    #[test]
    fn epoch_ms() {
        assert_eq!(from_epoch_ms(1_711_116_901_000).map(|d| format_utc(&d)).as_deref(), Some("2024-03-22T14:15:01Z"));
        assert_eq!(from_epoch_ms(12), None);
        assert_eq!(from_epoch_ms(i64::MAX), None);
    }

    #[test]
    fn any_style() {
        let paris = Some(Europe::Paris);
        assert_eq!(s(parse_any("Mon, 20 Jul 2020 05:34:29 GMT", None)), "2020-07-20T05:34:29Z");
        assert_eq!(s(parse_any("20/07/2020 - 17:50", paris)), "2020-07-20T15:50:00Z");
        assert_eq!(s(parse_any("2020年 7月 17日", None)), "2020-07-17");
        assert_eq!(s(parse_any("2020-07-20T13:01:53.252Z", None)), "2020-07-20T13:01:53Z");
        assert_eq!(parse_any("美国国务卿于2020年7月17日抵达以色列访问", None), None);
        assert_eq!(parse_any("", None), None);
        assert_eq!(parse_any("我", None), None);
    }

    #[test]
    fn after_capture() {
        let cap = from_epoch_ms(1_711_116_901_000).unwrap(); // 2024-03-22T14:15:01Z
        assert!(!parse_dmy_hm("22/03/2024 - 15:10", Some(Europe::Paris)).unwrap().is_after(&cap));
        assert!(parse_dmy_hm("22/03/2024 - 16:10", Some(Europe::Paris)).unwrap().is_after(&cap));
        assert!(!PubDate::Date(NaiveDate::from_ymd_opt(2024, 3, 23).unwrap()).is_after(&cap));
        assert!(PubDate::Date(NaiveDate::from_ymd_opt(2024, 3, 24).unwrap()).is_after(&cap));
    }

    #[test]
    fn never_panics_on_odd_input() {
        for t in [
            "年",
            "2020年",
            "2020年月日",
            "９９９９年",
            "【讯】",
            "【",
            "é2020-01-01",
            "2020-01-0é",
            "+99:99",
            "01/01/2020 - ",
            "2020-07-20T10:00:00+99:00",
        ] {
            let _ = parse_any(t, Some(Europe::Paris));
            let _ = dateline(t);
            let _ = find_cn_date(t);
            let _ = parse_timestamp(t);
            let _ = url_date(t);
        }
    }
}
