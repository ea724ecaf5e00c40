//! `jianbao timeline`: articles per period (and outlet) for a query, as JSON lines.

use crate::args::{self, Command};
use crate::inputs::InputOptions;
use crate::output;
use jianbao::analysis::timeline::{timeline, Period, TimelineOptions};
use std::ffi::OsString;
use std::path::PathBuf;

pub const HELP: &str = "\
Usage: jianbao timeline [OPTIONS] [--] [QUERY] PATH...
       jianbao timeline [OPTIONS] --index FILE [--] [QUERY]

Counts the articles QUERY finds (every article without QUERY, or with \"\")
per period of their publication date and prints one JSON line per period in
date order: {\"period\": \"2020-07\", \"count\": 12, \"from\", \"to\"} (from and to
bound the period, as after: and before: take them). Undated articles are one
line with \"period\": null. A period without articles between the first and
the last is a line with \"count\": 0 (and no \"outlet\"), unless that span holds
more than 12,000 periods. Date-times fall into the period of the chosen zone;
date-only values into their own day.

Options:
      --by PERIOD          day, week (ISO, 2020-W29), month (default) or year
      --split outlet       one line per period and outlet (adds \"outlet\")
      --utc-offset MINUTES the zone's offset from UTC in minutes (default 0: UTC;
                           480 for UTC+8, -300 for UTC-5)
      --index FILE         load a saved index (from jianbao search --save-index)
  -h, --help               show this help
Input options (--hidden, -j, --max-file-size, --max-zip-size) are search's.

Exit status: 0 on success, 1 when a path could not be read, 2 for usage errors
and malformed queries.
";

struct Options {
    words: Vec<OsString>,
    timeline: TimelineOptions,
    load: Option<PathBuf>,
    input: InputOptions,
}

impl Command for Options {
    fn input(&mut self) -> &mut InputOptions {
        &mut self.input
    }

    fn take(&mut self, arg: lexopt::Arg<'_>, p: &mut lexopt::Parser) -> Result<(), String> {
        use lexopt::prelude::*;
        match arg {
            Long("by") => self.timeline.by = args::parsed::<Period>(p, "--by")?,
            Long("split") => {
                let v = args::value(p)?;
                if v != "outlet" {
                    return Err(format!("--split takes outlet, not `{}`", v.to_string_lossy()));
                }
                self.timeline.split_outlet = true;
            }
            Long("utc-offset") => {
                let s = args::text(p)?;
                self.timeline.utc_offset_minutes = s
                    .parse()
                    .ok()
                    .filter(|m: &i32| m.abs() <= 18 * 60)
                    .ok_or_else(|| format!("--utc-offset takes minutes between -1080 and 1080, not `{s}`"))?;
            }
            Long("index") => self.load = Some(args::value(p)?.into()),
            Value(v) => self.words.push(v),
            Short(_) | Long(_) => return Err(arg.unexpected().to_string()),
        }
        Ok(())
    }
}

fn parse(args: Vec<OsString>) -> Result<Option<Options>, String> {
    let o =
        Options { words: Vec::new(), timeline: TimelineOptions::default(), load: None, input: InputOptions::default() };
    args::parse(args, o)
}

/// Splits `[QUERY] PATH...`: the first word is the QUERY unless it names an
/// existing file or folder (with --index every word is the QUERY's).
fn query_and_paths(words: Vec<OsString>, indexed: bool) -> Result<(String, Vec<PathBuf>), String> {
    let mut words = words.into_iter().peekable();
    let first_is_query = indexed || words.peek().is_some_and(|w| !std::path::Path::new(w).exists());
    let query = match first_is_query.then(|| words.next()).flatten() {
        Some(q) => q.into_string().map_err(|_| "the QUERY is not valid UTF-8".to_string())?,
        None => String::new(),
    };
    let paths: Vec<PathBuf> = words.map(PathBuf::from).collect();
    if paths.is_empty() && !indexed {
        return Err("no PATH given (or --index FILE)".into());
    }
    Ok((query, paths))
}

pub fn run(args: Vec<OsString>) -> i32 {
    let o = match super::options_or_exit("timeline", HELP, parse(args)) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let (query, paths) = match query_and_paths(o.words, o.load.is_some()) {
        Ok(split) => split,
        Err(e) => {
            eprintln!("jianbao timeline: {e}\n\n{HELP}");
            return 2;
        }
    };
    let (corpus, readable) = match crate::load::corpus("timeline", o.load.as_deref(), &paths, &o.input) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let buckets = match timeline(&corpus, &query, &o.timeline) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("jianbao timeline: {e}");
            return 2;
        }
    };
    if let Err(e) = output::json_lines(&buckets) {
        eprintln!("jianbao timeline: cannot write the output: {e}");
        return 1;
    }
    i32::from(!readable)
}
