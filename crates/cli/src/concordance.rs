//! `jianbao concordance`: every occurrence of a query in context, as JSON lines.

use crate::args::{self, Command};
use crate::inputs::InputOptions;
use crate::output;
use jianbao::analysis::concordance::{concordance, sort_rows, SortBy, DEFAULT_WIDTH};
use serde::Serialize;
use std::ffi::OsString;
use std::path::PathBuf;

pub const HELP: &str = "\
Usage: jianbao concordance [OPTIONS] [--] QUERY PATH...
       jianbao concordance [OPTIONS] --index FILE [--] QUERY

Prints one JSON line per occurrence of QUERY's terms in the articles it finds
(keyword in context): {\"path\", \"id\", \"field\", \"left\", \"match\", \"right\"}.
field is title, lead or paragraph:N; match is the text as written in the
article (國安法 finds 国安法, and 国安法 finds 國安法). Occurrences in one
title, lead or paragraph do not overlap.

Options:
  -w, --width N            characters of context either side (default 40)
      --sort ORDER         text (article and reading order, default), left or
                           right (by the neighbouring context)
      --index FILE         load a saved index (from jianbao search --save-index)
  -h, --help               show this help
Input options (--hidden, -j, --max-file-size, --max-zip-size) are search's.

Exit status: 0 on success, 1 when a path could not be read, 2 for usage errors
and malformed queries.
";

#[derive(Serialize)]
struct Line<'a> {
    path: &'a str,
    id: &'a str,
    field: String,
    left: &'a str,
    #[serde(rename = "match")]
    matched: &'a str,
    right: &'a str,
}

struct Options {
    words: Vec<OsString>,
    width: usize,
    sort: SortBy,
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
            Short('w') | Long("width") => {
                let s = args::text(p)?;
                self.width = s.parse().map_err(|_| format!("--width takes a number of characters, not `{s}`"))?;
            }
            Long("sort") => self.sort = args::parsed(p, "--sort")?,
            Long("index") => self.load = Some(args::value(p)?.into()),
            Value(v) => self.words.push(v),
            Short(_) | Long(_) => return Err(arg.unexpected().to_string()),
        }
        Ok(())
    }
}

fn parse(args: Vec<OsString>) -> Result<Option<Options>, String> {
    let o = Options {
        words: Vec::new(),
        width: DEFAULT_WIDTH,
        sort: SortBy::Text,
        load: None,
        input: InputOptions::default(),
    };
    let Some(o) = args::parse(args, o)? else { return Ok(None) };
    if o.words.is_empty() {
        return Err("no QUERY given".into());
    }
    if o.words.len() < 2 && o.load.is_none() {
        return Err("no PATH given (or --index FILE)".into());
    }
    Ok(Some(o))
}

pub fn run(args: Vec<OsString>) -> i32 {
    let o = match super::options_or_exit("concordance", HELP, parse(args)) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let mut words = o.words.into_iter();
    let Some(Ok(query)) = words.next().map(OsString::into_string) else {
        eprintln!("jianbao concordance: the QUERY is not valid UTF-8");
        return 2;
    };
    let paths: Vec<PathBuf> = words.map(PathBuf::from).collect();
    let (corpus, readable) = match crate::load::corpus("concordance", o.load.as_deref(), &paths, &o.input) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let mut rows = match concordance(&corpus, &query, o.width) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("jianbao concordance: {e}");
            return 2;
        }
    };
    sort_rows(&mut rows, o.sort);
    let lines = rows.iter().map(|r| Line {
        path: &r.path,
        id: &r.id,
        field: r.field.name(),
        left: &r.left,
        matched: &r.matched,
        right: &r.right,
    });
    if let Err(e) = output::json_lines(lines) {
        eprintln!("jianbao concordance: cannot write the output: {e}");
        return 1;
    }
    i32::from(!readable)
}
