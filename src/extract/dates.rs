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
//! - `YYYY年M月D日` with optional spaces (BBC `2020年 7月 17日`), date only
//! - Chinese datelines `【大纪元2022年01月21日讯】`, date only
//! - epoch milliseconds (`<!--1711116901000-->`)

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
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
            PubDate::DateTime(dt) => write!(f, "{}", dt.format("%Y-%m-%dT%H:%M:%SZ")),
            PubDate::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
        }
    }
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
    let time = NaiveTime::parse_from_str(t, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M:%S"))
        .ok()?;
    Some(match tz {
        Some(tz) => PubDate::DateTime(local_to_utc(date.and_time(time), tz)?),
        None => PubDate::Date(date),
    })
}

/// Finds a `YYYY年M月D日` date in `s` (spaces allowed around the numbers,
/// full-width digits accepted) and returns it with the byte range it spans.
pub fn find_cjk_date(s: &str) -> Option<(NaiveDate, std::ops::Range<usize>)> {
    let mut search_from = 0;
    while let Some(pos) = s[search_from..].find('年') {
        let nian = search_from + pos;
        search_from = nian + '年'.len_utf8();
        // Year: up to 4 digits right before 年 (spaces allowed).
        let before = s[..nian].trim_end();
        let year_digits: String = before.chars().rev().take_while(|c| ascii_digit(*c).is_some()).collect();
        if year_digits.chars().count() != 4 {
            continue;
        }
        let start = before.len() - year_digits.len();
        let year: i32 = year_digits.chars().rev().filter_map(ascii_digit).collect::<String>().parse().ok()?;
        let mut rest = &s[search_from..];
        let month = take_number(&mut rest, '月');
        let Some(month) = month else { continue };
        let day = take_number(&mut rest, '日').or_else(|| take_number(&mut rest, '号'));
        let Some(day) = day else { continue };
        let end = s.len() - rest.len();
        if let Some(d) = NaiveDate::from_ymd_opt(year, month, day) {
            return Some((d, start..end));
        }
    }
    None
}

fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

/// Reads ` 7 月` style numbers: optional spaces, 1–2 digits, optional spaces, `unit`.
fn take_number(rest: &mut &str, unit: char) -> Option<u32> {
    let t = rest.trim_start();
    let digits: String = t.chars().map_while(ascii_digit).collect();
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let consumed: usize = t.chars().take(digits.chars().count()).map(char::len_utf8).sum();
    let after = t[consumed..].trim_start();
    let after = after.strip_prefix(unit)?;
    *rest = after;
    digits.parse().ok()
}

/// `YYYY年M月D日` (BBC: `2020年 7月 17日`): a date only, even if a time follows.
pub fn parse_cjk_date(s: &str) -> Option<PubDate> {
    find_cjk_date(s).map(|(d, _)| PubDate::Date(d))
}

/// A Chinese news dateline such as `【大纪元2022年01月21日讯】` or
/// `【新唐人2020年6月26日讯】`: the date inside the first `【…讯】` bracket.
pub fn parse_dateline(s: &str) -> Option<NaiveDate> {
    let open = s.find('【')?;
    let inner_start = open + '【'.len_utf8();
    let close = s[inner_start..].find('】')? + inner_start;
    let inner = &s[inner_start..close];
    if !inner.ends_with('讯') && !inner.ends_with('訊') {
        return None;
    }
    find_cjk_date(inner).map(|(d, _)| d)
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
    parse_iso(s, naive_tz)
        .or_else(|| parse_dmy_hm(s, naive_tz))
        .or_else(|| {
            if s.contains('年') {
                // A dateline or a bare Chinese date, but only when it is the whole line.
                let (d, range) = find_cjk_date(s)?;
                let rest = format!("{}{}", &s[..range.start], &s[range.end..]);
                (rest.trim().chars().count() <= 3).then_some(PubDate::Date(d))
            } else {
                None
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
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
        assert_eq!(
            parse_dateline("【大纪元2022年01月21日讯】（大纪元记者张婷综合报导）美国国务卿"),
            NaiveDate::from_ymd_opt(2022, 1, 21)
        );
        assert_eq!(parse_dateline("【新唐人2020年6月26日讯】"), NaiveDate::from_ymd_opt(2020, 6, 26));
        assert_eq!(parse_dateline("【禁闻】2020年6月26日"), None);
        assert_eq!(parse_dateline("no bracket"), None);
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
        for t in ["年", "2020年", "2020年月日", "９９９９年", "【讯】", "【", "é2020-01-01", "2020-01-0é", "+99:99", "01/01/2020 - ", "2020-07-20T10:00:00+99:00"] {
            let _ = parse_any(t, Some(Europe::Paris));
            let _ = parse_dateline(t);
            let _ = find_cjk_date(t);
        }
    }
}
