//! Articles per period, and term trends.
//!
//! # Buckets
//! An article falls into the period (day, ISO week, month or year) of its
//! `published` value in the chosen zone: UTC by default, or a fixed offset
//! from UTC (the page passes the user's current offset and says so). A
//! date-time is shifted into that zone first; a date-only value has no time
//! to shift and falls into its own calendar day. Articles without a
//! readable date are one bucket of their own (`period: None`), never
//! dropped: the counts always add up to the number of articles found.
//!
//! Each bucket carries `from` and `to`, its bounds as instants in the zone
//! (`2020-07-01T00:00+08:00`), which `after:` and `before:` accept, so a
//! front end narrows the search to a run of bars without date rules of its own.
//!
//! # Trends
//! For each term (at most [`MAX_TERMS`]), per period: how many of the
//! period's articles the term, added to the query, finds, and that as hits
//! per 1,000 of the period's articles.

use crate::corpus::Corpus;
use crate::model::Article;
use crate::search::{parse, Collapse, SearchOptions};
use serde::Serialize;
use std::collections::BTreeMap;

/// Terms a trend compares at most.
pub const MAX_TERMS: usize = 5;

/// The width of a bucket.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Period {
    Day,
    Week,
    #[default]
    Month,
    Year,
}

impl std::str::FromStr for Period {
    type Err = String;
    fn from_str(name: &str) -> Result<Period, String> {
        match name {
            "day" => Ok(Period::Day),
            "week" => Ok(Period::Week),
            "month" => Ok(Period::Month),
            "year" => Ok(Period::Year),
            _ => Err(format!("the period is day, week, month or year, not `{name}`")),
        }
    }
}

#[derive(Clone, Copy, Debug, Default)]
pub struct TimelineOptions {
    pub by: Period,
    /// The zone's offset from UTC in minutes (east positive); 0 is UTC.
    pub utc_offset_minutes: i32,
    /// One bucket per period and outlet.
    pub split_outlet: bool,
    /// Counts one article per group of copies or per story, as the search's
    /// total does with the same collapse (so a page's bars add up to its list).
    pub collapse: Collapse,
}

/// One bar: a period (and outlet, when split) and its article count.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bucket {
    /// `2020-07-14`, `2020-W29`, `2020-07`, `2020`; `None` for undated articles.
    pub period: Option<String>,
    /// Present when split by outlet (`None` inside: no outlet known).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet: Option<Option<String>>,
    pub count: usize,
    /// The period's first instant, in the zone, as `after:` takes it.
    pub from: Option<String>,
    /// The instant after the period, as `before:` takes it.
    pub to: Option<String>,
}

/// One term's figure in one period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TrendPoint {
    pub term: String,
    pub period: Option<String>,
    /// Articles of the period the term finds.
    pub hits: usize,
    /// Articles of the period.
    pub articles: usize,
    pub per_1000: f64,
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

/// The day (since 1970-01-01) an article falls on in the zone, if dated.
fn local_day(published: &str, offset_minutes: i32) -> Option<i64> {
    let key = crate::search::index::date_key(published);
    if key == 0 {
        return None;
    }
    let ymd = key / 1_000_000;
    let (y, m, d) = ((ymd / 10_000) as i64, (ymd / 100 % 100) as u32, (ymd % 100) as u32);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let day = days_from_civil(y, m, d);
    if published.len() <= 10 {
        return Some(day);
    }
    let hms = key % 1_000_000;
    let minutes = day * 1440 + (hms / 10_000) as i64 * 60 + (hms / 100 % 100) as i64 + i64::from(offset_minutes);
    Some(minutes.div_euclid(1440))
}

/// The first day of the period holding `day`, and the first day after it.
fn period_days(day: i64, by: Period) -> (i64, i64) {
    let (y, m, _) = civil_from_days(day);
    match by {
        Period::Day => (day, day + 1),
        // 1970-01-01 was a Thursday: Monday-based weeks.
        Period::Week => {
            let monday = day - (day + 3).rem_euclid(7);
            (monday, monday + 7)
        }
        Period::Month => {
            let next = if m == 12 { days_from_civil(y + 1, 1, 1) } else { days_from_civil(y, m + 1, 1) };
            (days_from_civil(y, m, 1), next)
        }
        Period::Year => (days_from_civil(y, 1, 1), days_from_civil(y + 1, 1, 1)),
    }
}

fn label(first_day: i64, by: Period) -> String {
    let (y, m, d) = civil_from_days(first_day);
    match by {
        Period::Day => format!("{y:04}-{m:02}-{d:02}"),
        Period::Week => {
            // ISO 8601: the week belongs to the year of its Thursday.
            let thursday = first_day + 3;
            let (ty, _, _) = civil_from_days(thursday);
            let week = (thursday - days_from_civil(ty, 1, 1)) / 7 + 1;
            format!("{ty:04}-W{week:02}")
        }
        Period::Month => format!("{y:04}-{m:02}"),
        Period::Year => format!("{y:04}"),
    }
}

/// `2020-07-01T00:00+08:00` (or `…Z` in UTC): the start of `day` in the zone.
fn instant(day: i64, offset_minutes: i32) -> String {
    let (y, m, d) = civil_from_days(day);
    let zone = if offset_minutes == 0 {
        "Z".to_string()
    } else {
        let sign = if offset_minutes < 0 { '-' } else { '+' };
        let a = offset_minutes.unsigned_abs();
        format!("{sign}{:02}:{:02}", a / 60, a % 60)
    };
    format!("{y:04}-{m:02}-{d:02}T00:00{zone}")
}

type Key = (Option<i64>, Option<Option<String>>);

fn count<'a>(articles: impl Iterator<Item = &'a Article>, options: &TimelineOptions) -> BTreeMap<Key, usize> {
    let mut counts: BTreeMap<Key, usize> = BTreeMap::new();
    for a in articles {
        let first = a
            .published
            .as_deref()
            .and_then(|p| local_day(p, options.utc_offset_minutes))
            .map(|day| period_days(day, options.by).0);
        let outlet = options.split_outlet.then(|| a.outlet.clone());
        *counts.entry((first, outlet)).or_default() += 1;
    }
    counts
}

fn articles<'c>(
    corpus: &'c Corpus,
    query: &str,
    collapse: Collapse,
) -> Result<impl Iterator<Item = &'c Article>, String> {
    let docs = corpus.ranked(query, &SearchOptions { collapse, ..SearchOptions::default() })?;
    Ok(docs.into_iter().filter_map(|doc| corpus.get(doc).and_then(|r| r.as_article())))
}

/// Periods from the first dated bar to the last that [`timeline`] fills in
/// with empty bars; a wider span (a stray 1900 date in a day chart) keeps only
/// the periods that have articles, since tens of thousands of empty bars help
/// no reader.
pub const MAX_FILLED_PERIODS: usize = 12_000;

fn bucket(first: Option<i64>, outlet: Option<Option<String>>, count: usize, options: &TimelineOptions) -> Bucket {
    let bounds = first.map(|f| (f, period_days(f, options.by).1));
    Bucket {
        period: first.map(|f| label(f, options.by)),
        outlet,
        count,
        from: bounds.map(|(f, _)| instant(f, options.utc_offset_minutes)),
        to: bounds.map(|(_, t)| instant(t, options.utc_offset_minutes)),
    }
}

/// The first day of every period from `first` to `last` (both first days),
/// if there are at most [`MAX_FILLED_PERIODS`] of them.
fn every_period(first: i64, last: i64, by: Period) -> Option<Vec<i64>> {
    let mut days = vec![first];
    while let Some(&day) = days.last().filter(|&&day| day < last) {
        if days.len() == MAX_FILLED_PERIODS {
            return None;
        }
        days.push(period_days(day, by).1);
    }
    Some(days)
}

/// The bars for the articles `query` finds (all, when empty): periods in
/// date order, undated last; within a period, outlets by name. A period
/// without articles between the first and the last is an empty bar (count 0,
/// and no `outlet` when split), so the bars keep time's proportions.
pub fn timeline(corpus: &Corpus, query: &str, options: &TimelineOptions) -> Result<Vec<Bucket>, String> {
    let counts = count(articles(corpus, query, options.collapse)?, options);
    // BTreeMap puts the undated (None) first; they go last.
    let (undated, dated): (Vec<_>, Vec<_>) = counts.into_iter().partition(|((first, _), _)| first.is_none());
    let span = dated.first().zip(dated.last()).map(|(((first, _), _), ((last, _), _))| (*first, *last));
    let periods = match span {
        Some((Some(first), Some(last))) => every_period(first, last, options.by),
        _ => None,
    };
    let mut out = Vec::with_capacity(dated.len() + undated.len());
    let mut counted = dated.into_iter().peekable();
    for day in periods.into_iter().flatten() {
        let before = out.len();
        while let Some(((first, outlet), count)) = counted.next_if(|((first, _), _)| *first == Some(day)) {
            out.push(bucket(first, outlet, count, options));
        }
        if out.len() == before {
            out.push(bucket(Some(day), None, 0, options));
        }
    }
    out.extend(counted.chain(undated).map(|((first, outlet), count)| bucket(first, outlet, count, options)));
    Ok(out)
}

/// Hits per 1,000 articles per period for each term (at most [`MAX_TERMS`]),
/// within what `query` finds. Periods without articles are left out.
pub fn trends(
    corpus: &Corpus,
    query: &str,
    terms: &[&str],
    options: &TimelineOptions,
) -> Result<Vec<TrendPoint>, String> {
    if terms.len() > MAX_TERMS {
        return Err(format!("a trend compares at most {MAX_TERMS} terms"));
    }
    let by_period = TimelineOptions { split_outlet: false, ..*options };
    let base = count(articles(corpus, query, options.collapse)?, &by_period);
    let mut out = Vec::new();
    for term in terms {
        let term_query = parse(term)?;
        if term_query.clauses.is_empty() {
            return Err(format!("the trend term {term:?} has nothing to search for"));
        }
        // The term's clauses are ANDed with the query's, as one query.
        let combined = format!("{query} {term}");
        let hits = count(articles(corpus, &combined, options.collapse)?, &by_period);
        for ((first, _), &articles) in &base {
            let h = hits.get(&(*first, None)).copied().unwrap_or(0);
            out.push(TrendPoint {
                term: term.to_string(),
                period: first.map(|f| label(f, options.by)),
                hits: h,
                articles,
                per_1000: h as f64 * 1000.0 / articles as f64,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_round_trip() {
        for z in [-800_000, -1, 0, 1, 18_000, 2_932_896] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(days_from_civil(2020, 2, 29)), (2020, 2, 29));
    }

    #[test]
    fn date_times_shift_into_the_zone_and_dates_stay_on_their_day() {
        let day = |s, off| local_day(s, off).map(civil_from_days);
        assert_eq!(day("2020-06-30T17:00:00Z", 8 * 60), Some((2020, 7, 1)));
        assert_eq!(day("2020-06-30T17:00:00Z", 0), Some((2020, 6, 30)));
        assert_eq!(day("2020-07-01T03:00:00Z", -5 * 60), Some((2020, 6, 30)));
        assert_eq!(day("2020-07-01", -5 * 60), Some((2020, 7, 1)));
        assert_eq!(day("someday", 0), None);
    }

    #[test]
    fn labels_and_bounds() {
        let d = days_from_civil(2021, 1, 3); // a Sunday: ISO week 2020-W53
        let (first, next) = period_days(d, Period::Week);
        assert_eq!(label(first, Period::Week), "2020-W53");
        assert_eq!(next - first, 7);
        let (first, next) = period_days(days_from_civil(2020, 12, 31), Period::Month);
        assert_eq!((label(first, Period::Month), instant(next, 0)), ("2020-12".into(), "2021-01-01T00:00Z".into()));
        assert_eq!(instant(first, 480), "2020-12-01T00:00+08:00");
        assert_eq!(instant(first, -330), "2020-12-01T00:00-05:30");
    }

    #[test]
    fn every_period_steps_by_the_period_and_stops_at_the_cap() {
        let first = days_from_civil(2020, 11, 1);
        let months = every_period(first, days_from_civil(2021, 2, 1), Period::Month).unwrap();
        let labels: Vec<_> = months.iter().map(|&d| label(d, Period::Month)).collect();
        assert_eq!(labels, ["2020-11", "2020-12", "2021-01", "2021-02"]);
        assert_eq!(every_period(first, first, Period::Day), Some(vec![first]));
        let last = first + MAX_FILLED_PERIODS as i64 - 1;
        assert_eq!(every_period(first, last, Period::Day).map(|d| d.len()), Some(MAX_FILLED_PERIODS));
        assert_eq!(every_period(first, last + 1, Period::Day), None);
    }
}
