//! `jianbao search`: load files, folders and ZIP archives (or a saved index),
//! run one query, print one JSON line per hit in rank order, or (`--format
//! jsonl|csv|md`) the matching articles themselves through the core's exporter.
//!
//! The corpus and the engine are the core's ([`jianbao::corpus::Corpus`]), so
//! the CLI and the page answer the same query the same way.

use crate::args::{self, Command};
use crate::inputs::InputOptions;
use jianbao::export::{ExportFormat, Exporter};
use jianbao::search::{Collapse, SearchOptions, Sort};
use serde::Serialize;
use std::ffi::OsString;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

pub const HELP: &str = "\
Usage: jianbao search [OPTIONS] [--] QUERY PATH...
       jianbao search [OPTIONS] --index FILE [--] QUERY

Loads files, folders (recursively, in name order) and ZIP archives (recognised
by their content; `-` reads one file or archive from standard input), indexes
every article, and prints one JSON object per matching article (JSON Lines) in
rank order: source.path, id, title, published, outlet, score, title_matches and
up to three snippets with the matched byte ranges. With --format jsonl, csv or
md it writes the matching articles themselves, in rank order, as `jianbao
extract --format` does. A summary goes to standard error.

Query language (terms are ANDed):
  乌克兰 布林肯          both terms (Simplified finds Traditional and back)
  \"Sergey Lavrov\"        exact phrase
  -广告                   exclude
  乌克兰 OR 俄罗斯        either
  title:X outlet:X section:X tag:X author:X format:X lang:X
  after:2023-01-01 before:2024-01-01   (YYYY, YYYY-MM also work)
An empty QUERY (\"\") lists every article. A QUERY that starts with `-` goes
after `--` (jianbao search -- -广告 PATH), or it is taken for an option.
A query that runs but cannot mean what it says (an unknown field such as
foo:bar, searched as text; after:2024 before:2020) gets a warning on standard
error.

Options:
      --sort ORDER         relevance (default), newest, oldest (date = newest)
  -n, --limit N            print at most N hits (default: all)
  -f, --format FORMAT      hits (default: the lines above), or the whole articles
                           as jsonl (extract's records), csv or md (Markdown)
      --collapse WHAT      none (default), copies (one hit per group of copies:
                           same bytes or same canonical URL) or stories (one hit
                           per story, near-duplicates grouped; see `jianbao
                           clusters`); totals and facets follow
      --facets             also print a line {\"total\", \"facets\"} with value counts
      --save-index FILE    save the loaded corpus and its index to FILE
      --index FILE         load a saved index instead of reading PATHs
      --hidden             also read hidden files and folders
  -j, --jobs N             extract on N threads (default: all cores; results do
                           not depend on N)
      --max-file-size N    largest file, archive entry or standard input to read,
                           in MiB (default 64)
      --max-zip-size N     largest total an archive may expand to (and largest ZIP
                           archive on standard input), in MiB (default 4096)
  -q, --quiet              no summary on standard error (warnings still show)
  -h, --help               show this help

Exit status: 0 on success (also when nothing matches), 1 when a path could not
be read, 2 for usage errors and malformed queries.
";

#[derive(Debug)]
struct Options {
    query: Option<String>,
    paths: Vec<PathBuf>,
    sort: Sort,
    limit: Option<usize>,
    /// `None`: the hit lines; else the articles, exported.
    format: Option<ExportFormat>,
    facets: bool,
    collapse: Collapse,
    save: Option<PathBuf>,
    load: Option<PathBuf>,
    quiet: bool,
    input: InputOptions,
}

impl Command for Options {
    fn input(&mut self) -> &mut InputOptions {
        &mut self.input
    }

    fn take(&mut self, arg: lexopt::Arg<'_>, p: &mut lexopt::Parser) -> Result<(), String> {
        use lexopt::prelude::*;
        match arg {
            Long("sort") => self.sort = args::parsed(p, "--sort")?,
            Short('n') | Long("limit") => {
                let s = args::text(p)?;
                self.limit = Some(s.parse().map_err(|_| format!("--limit takes a number, not `{s}`"))?);
            }
            Long("facets") => self.facets = true,
            Long("collapse") => self.collapse = args::parsed(p, "--collapse")?,
            Short('f') | Long("format") => {
                self.format = match args::text(p)?.as_str() {
                    "hits" => None,
                    name => Some(name.parse().map_err(|_: String| {
                        let names: Vec<&str> = ExportFormat::ALL.iter().map(|f| f.name()).collect();
                        format!("--format is hits (the default), {}, not `{name}`", names.join(", "))
                    })?),
                };
            }
            Long("save-index") => self.save = Some(args::value(p)?.into()),
            Long("index") => self.load = Some(args::value(p)?.into()),
            Short('q') | Long("quiet") => self.quiet = true,
            Value(v) => {
                if self.query.is_none() {
                    self.query = Some(v.into_string().map_err(|_| "the QUERY is not valid UTF-8".to_string())?);
                } else {
                    self.paths.push(v.into());
                }
            }
            Short(_) | Long(_) => {
                let hint =
                    "a QUERY (or PATH) that starts with `-` goes after `--`, as in: jianbao search -- -广告 PATH";
                return Err(format!("{}; {hint}", arg.unexpected()));
            }
        }
        Ok(())
    }
}

fn parse(args: Vec<OsString>) -> Result<Option<Options>, String> {
    let o = Options {
        query: None,
        paths: Vec::new(),
        sort: Sort::default(),
        limit: None,
        format: None,
        facets: false,
        collapse: Collapse::None,
        save: None,
        load: None,
        quiet: false,
        input: InputOptions::default(),
    };
    let Some(o) = args::parse(args, o)? else { return Ok(None) };
    if o.query.is_none() {
        return Err("no QUERY given (use \"\" to list everything)".into());
    }
    if o.paths.is_empty() && o.load.is_none() {
        return Err("no PATH given (or --index FILE)".into());
    }
    if o.facets && o.format.is_some() {
        return Err("--facets adds a line to the hits output; it does not go with --format jsonl, csv or md".into());
    }
    Ok(Some(o))
}

#[derive(Serialize)]
struct SourceOut<'a> {
    path: &'a str,
}

#[derive(Serialize)]
struct HitOut<'a> {
    source: SourceOut<'a>,
    id: &'a str,
    title: &'a str,
    published: Option<&'a str>,
    outlet: Option<&'a str>,
    score: f32,
    title_matches: &'a [(usize, usize)],
    snippets: &'a [jianbao::search::Snippet],
}

pub fn run(args: Vec<OsString>) -> i32 {
    let o = match super::options_or_exit("search", HELP, parse(args)) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let started = Instant::now();
    let mut exit = 0;
    let (mut corpus, readable) = match crate::load::corpus("search", o.load.as_deref(), &o.paths, &o.input) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    if !readable {
        exit = 1;
    }
    let loaded = started.elapsed();
    if let Some(file) = &o.save {
        if let Err(e) = corpus.to_bytes().and_then(|bytes| fs::write(file, bytes).map_err(|e| e.to_string())) {
            eprintln!("jianbao search: cannot write {}: {e}", file.display());
            exit = 1;
        }
    }
    let query = o.query.as_deref().unwrap_or("");
    if o.collapse == Collapse::Stories {
        corpus.cluster();
    }
    let options = SearchOptions {
        newest_first: o.sort.newest_first(),
        limit: o.limit,
        offset: 0,
        facets: o.facets,
        collapse: o.collapse,
        // The count printed is the count.
        quick_total: false,
    };
    let t = Instant::now();
    let results = match corpus.search(query, &options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("jianbao search: {e}");
            return 2;
        }
    };
    let took = t.elapsed();
    for warning in &results.warnings {
        eprintln!("jianbao search: warning: {warning}");
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let write = || -> io::Result<()> {
        if let Some(format) = o.format {
            let mut exporter = Exporter::new(format, out)?;
            for h in &results.hits {
                if let Some(record) = corpus.get(h.doc) {
                    exporter.write(record)?;
                }
            }
            return exporter.finish()?.flush();
        }
        for h in &results.hits {
            let Some(a) = corpus.get(h.doc).and_then(|r| r.as_article()) else { continue };
            let line = HitOut {
                source: SourceOut { path: &a.source.path },
                id: &h.id,
                title: &a.title,
                published: a.published.as_deref(),
                outlet: a.outlet.as_deref(),
                score: h.score,
                title_matches: &h.title_matches,
                snippets: &h.snippets,
            };
            serde_json::to_writer(&mut out, &line).map_err(io::Error::other)?;
            out.write_all(b"\n")?;
        }
        if let Some(f) = &results.facets {
            serde_json::to_writer(&mut out, &serde_json::json!({ "total": results.total, "facets": f }))
                .map_err(io::Error::other)?;
            out.write_all(b"\n")?;
        }
        out.flush()
    };
    if let Err(e) = write() {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("jianbao search: cannot write the output: {e}");
            return 1;
        }
    }
    if !o.quiet {
        let s = corpus.stats();
        eprintln!(
            "jianbao: {} matches ({} shown) among {} articles ({} files, {} errors); loaded in {:.2} s, searched in {:.2} ms",
            results.total,
            results.hits.len(),
            s.articles,
            s.files,
            s.errors,
            loaded.as_secs_f64(),
            took.as_secs_f64() * 1000.0
        );
    }
    exit
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    #[test]
    fn options_parse_sort_limit_facets_and_paths() {
        let o = parse(args(&["--sort", "newest", "--limit", "5", "--facets", "乌克兰", "a", "b"])).unwrap().unwrap();
        assert_eq!(o.sort, Sort::Newest);
        assert_eq!(o.limit, Some(5));
        assert!(o.facets);
        assert_eq!(o.query.as_deref(), Some("乌克兰"));
        assert_eq!(o.paths.len(), 2);
        let o = parse(args(&["-j", "3", "--max-file-size", "2", "--max-zip-size", "5", "--hidden", "q", "p"]))
            .unwrap()
            .unwrap();
        let w = &o.input.walk;
        assert_eq!(o.input.jobs, 3);
        assert_eq!((w.max_file_bytes, w.limits.max_entry_bytes), (2 << 20, 2 << 20));
        assert_eq!(w.limits.max_total_bytes, 5 << 20);
        assert!(w.hidden);
    }

    #[test]
    fn a_query_starting_with_a_dash_goes_after_double_dash() {
        let o = parse(args(&["--sort", "oldest", "--", "-广告", "p"])).unwrap().unwrap();
        assert_eq!((o.query.as_deref(), o.sort), (Some("-广告"), Sort::Oldest));
        assert_eq!(o.paths, [PathBuf::from("p")]);
        let err = parse(args(&["-广告", "p"])).unwrap_err();
        assert!(err.contains("goes after `--`"), "{err}");
        assert!(parse(args(&["--sort", "newst", "q", "p"])).unwrap_err().contains("relevance, newest or oldest"));
    }

    #[test]
    fn bad_options_are_usage_errors() {
        assert!(parse(args(&["--sort", "sideways", "q", "p"])).is_err());
        assert!(parse(args(&["--limit", "many", "q", "p"])).is_err());
        assert!(parse(args(&["-j", "0", "q", "p"])).is_err());
        assert!(parse(args(&["--max-file-size", "lots", "q", "p"])).is_err());
        assert!(parse(args(&["q"])).is_err());
        assert!(parse(args(&[])).is_err());
    }
}
