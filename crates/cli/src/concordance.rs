//! `jianbao concordance`: every occurrence of a query in context, as JSON lines.

use crate::inputs::{InputOption, InputOptions};
use jianbao::analysis::concordance::{concordance, sort_rows, SortBy, DEFAULT_WIDTH};
use serde::Serialize;
use std::ffi::OsString;
use std::io::{self, BufWriter, Write};
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

fn parse(args: Vec<OsString>) -> Result<Option<Options>, String> {
    use lexopt::prelude::*;
    let mut o = Options {
        words: Vec::new(),
        width: DEFAULT_WIDTH,
        sort: SortBy::Text,
        load: None,
        input: InputOptions::default(),
    };
    let mut p = lexopt::Parser::from_args(args);
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        if let Some(option) = InputOption::of(&arg) {
            o.input.set(option, &mut p)?;
            continue;
        }
        match arg {
            Short('h') | Long("help") => return Ok(None),
            Short('w') | Long("width") => {
                let v = p.value().map_err(|e| e.to_string())?;
                let s = v.to_string_lossy();
                o.width = s.parse().map_err(|_| format!("--width takes a number of characters, not `{s}`"))?;
            }
            Long("sort") => {
                let v = p.value().map_err(|e| e.to_string())?;
                o.sort = v.to_string_lossy().parse().map_err(|e| format!("--sort: {e}"))?;
            }
            Long("index") => o.load = Some(p.value().map_err(|e| e.to_string())?.into()),
            Value(v) => o.words.push(v),
            Short(_) | Long(_) => return Err(arg.unexpected().to_string()),
        }
    }
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
    let mut out = BufWriter::new(io::stdout().lock());
    let mut write = || -> io::Result<()> {
        for r in &rows {
            let line = Line {
                path: &r.path,
                id: &r.id,
                field: r.field.name(),
                left: &r.left,
                matched: &r.matched,
                right: &r.right,
            };
            serde_json::to_writer(&mut out, &line).map_err(io::Error::other)?;
            out.write_all(b"\n")?;
        }
        out.flush()
    };
    if let Err(e) = write() {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("jianbao concordance: cannot write the output: {e}");
            return 1;
        }
    }
    i32::from(!readable)
}
