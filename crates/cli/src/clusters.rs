//! `jianbao clusters`: the groups of copies and the syndicated stories of
//! a corpus, one JSON line per group of two or more articles.
//!
//! The rules are the core's ([`jianbao::stories`]): copies by the copy rule
//! (same bytes: `identical`; same canonical URL: `same-url`), stories by
//! 5-gram containment (`near`), the same the page uses for *Hide duplicates*
//! and *One card per story*.

use crate::args::{self, Command};
use crate::inputs::{self, InputOptions};
use crate::output;
use jianbao::corpus::Corpus;
use jianbao::stories::Group;
use serde::Serialize;
use std::ffi::OsString;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::time::Instant;

pub const HELP: &str = "\
Usage: jianbao clusters [OPTIONS] PATH...

Reads files, folders and ZIP archives as `jianbao extract` does and prints one
JSON line per group of two or more articles:

  {\"kind\": \"identical\", \"similarity\": 1.0, \"members\": [\"a.md\", \"b.md\"]}

kind is `identical` (the same bytes), `same-url` (the same canonical URL: one
page dumped twice) or `near` (the same story: the character 5-grams of one
article's normalised body text are at least 80 % contained in the other's,
and they are not one template with different figures). similarity is 1 for
copies and, for a story, the least containment among the pairs that joined
it. members are source paths, the original (first read) first. Copy groups
come first, then stories; a story lists the copies of its members too.

Options:
      --hidden             also read hidden files and folders
  -j, --jobs N             extract on N threads (default: all cores)
      --max-file-size N    largest file, archive entry or standard input to read,
                           in MiB (default 64)
      --max-zip-size N     largest total an archive may expand to, in MiB
                           (default 4096)
  -q, --quiet              no summary on standard error
  -h, --help               show this help

Exit status: 0 on success, 1 when a path could not be read, 2 for usage errors.
";

struct Options {
    paths: Vec<PathBuf>,
    quiet: bool,
    input: InputOptions,
}

impl Command for Options {
    fn input(&mut self) -> &mut InputOptions {
        &mut self.input
    }

    fn take(&mut self, arg: lexopt::Arg<'_>, _: &mut lexopt::Parser) -> Result<(), String> {
        use lexopt::prelude::*;
        match arg {
            Short('q') | Long("quiet") => self.quiet = true,
            Value(v) => self.paths.push(v.into()),
            _ => return Err(arg.unexpected().to_string()),
        }
        Ok(())
    }
}

fn parse(args: Vec<OsString>) -> Result<Option<Options>, String> {
    let o = Options { paths: Vec::new(), quiet: false, input: InputOptions::default() };
    let Some(o) = args::parse(args, o)? else { return Ok(None) };
    if o.paths.is_empty() {
        return Err("no PATH given".into());
    }
    Ok(Some(o))
}

#[derive(Serialize)]
struct GroupOut<'a> {
    kind: &'static str,
    similarity: f64,
    members: Vec<&'a str>,
}

pub fn run(args: Vec<OsString>) -> i32 {
    let o = match super::options_or_exit("clusters", HELP, parse(args)) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let started = Instant::now();
    let mut corpus = Corpus::new();
    let walked = inputs::extract_paths(&o.paths, &o.input, |record| {
        corpus.add_record(record);
        ControlFlow::Continue(())
    });
    let loaded = started.elapsed();
    let copies = corpus.copy_groups();
    let clustering = Instant::now();
    let stories = corpus.cluster().groups.clone();
    let clustered = clustering.elapsed();
    let path = |doc: u32| corpus.get(doc).map_or("", |r| r.source().path.as_str());
    let line = |g: &Group| GroupOut {
        kind: g.kind.as_str(),
        similarity: g.similarity,
        members: g.members.iter().map(|&d| path(d)).collect(),
    };
    if let Err(e) = output::json_lines(copies.iter().chain(&stories).map(line)) {
        eprintln!("jianbao clusters: {e}");
        return 1;
    }
    if !o.quiet {
        let s = corpus.stats();
        eprintln!(
            "jianbao clusters: {} articles, {} copy groups, {} stories; read in {:.2?}, grouped in {:.2?}",
            s.articles,
            copies.len(),
            stories.len(),
            loaded,
            clustered
        );
    }
    if walked.all_readable() {
        0
    } else {
        1
    }
}
