//! `jianbao search`: load files, folders and ZIP archives (or a saved index),
//! run one query, print one JSON line per hit in rank order.
//!
//! The corpus and the engine are the core's ([`jianbao::corpus::Corpus`]), so
//! the CLI and the page answer the same query the same way.

use jianbao::archive::{self, Limits};
use jianbao::corpus::Corpus;
use jianbao::search::SearchOptions;
use serde::Serialize;
use std::ffi::OsString;
use std::fs;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

pub const HELP: &str = "\
Usage: jianbao search [OPTIONS] QUERY PATH...
       jianbao search [OPTIONS] --index FILE QUERY

Loads files, folders (recursively, in name order) and ZIP archives, indexes
every article, and prints one JSON object per matching article (JSON Lines) in
rank order: source.path, id, title, published, outlet, score, title_matches and
up to three snippets with the matched byte ranges. A summary goes to standard
error.

Query language (terms are ANDed):
  乌克兰 布林肯          both terms (Simplified finds Traditional and back)
  \"Sergey Lavrov\"        exact phrase
  -广告                   exclude
  乌克兰 OR 俄罗斯        either
  title:X outlet:X section:X tag:X author:X format:X lang:X
  after:2023-01-01 before:2024-01-01   (YYYY, YYYY-MM also work)
An empty QUERY (\"\") lists every article.

Options:
      --sort ORDER         relevance (default), newest, oldest (date = newest)
  -n, --limit N            print at most N hits (default: all)
      --facets             also print a line {\"total\", \"facets\"} with value counts
      --save-index FILE    save the loaded corpus and its index to FILE
      --index FILE         load a saved index instead of reading PATHs
      --hidden             also read hidden files and folders
  -q, --quiet              no summary on standard error
  -h, --help               show this help

Exit status: 0 on success (also when nothing matches), 1 when a path could not
be read, 2 for usage errors and malformed queries.
";

#[derive(Default, Debug)]
struct Options {
    query: Option<String>,
    paths: Vec<PathBuf>,
    newest_first: Option<bool>,
    limit: Option<usize>,
    facets: bool,
    save: Option<PathBuf>,
    load: Option<PathBuf>,
    hidden: bool,
    quiet: bool,
}

fn parse(args: Vec<OsString>) -> Result<Option<Options>, String> {
    use lexopt::prelude::*;
    let mut o = Options::default();
    let mut p = lexopt::Parser::from_args(args);
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Short('h') | Long("help") => return Ok(None),
            Long("sort") => {
                let v = p.value().map_err(|e| e.to_string())?;
                o.newest_first = match v.to_str() {
                    Some("relevance") => None,
                    Some("newest" | "date") => Some(true),
                    Some("oldest") => Some(false),
                    _ => {
                        return Err(format!("--sort takes relevance, newest or oldest, not `{}`", v.to_string_lossy()))
                    }
                };
            }
            Short('n') | Long("limit") => {
                let v = p.value().map_err(|e| e.to_string())?;
                let s = v.to_string_lossy();
                o.limit = Some(s.parse().map_err(|_| format!("--limit takes a number, not `{s}`"))?);
            }
            Long("facets") => o.facets = true,
            Long("save-index") => o.save = Some(p.value().map_err(|e| e.to_string())?.into()),
            Long("index") => o.load = Some(p.value().map_err(|e| e.to_string())?.into()),
            Long("hidden") => o.hidden = true,
            Short('q') | Long("quiet") => o.quiet = true,
            Value(v) => {
                if o.query.is_none() {
                    o.query = Some(v.into_string().map_err(|_| "the QUERY is not valid UTF-8".to_string())?);
                } else {
                    o.paths.push(v.into());
                }
            }
            _ => return Err(arg.unexpected().to_string()),
        }
    }
    if o.query.is_none() {
        return Err("no QUERY given (use \"\" to list everything)".into());
    }
    if o.paths.is_empty() && o.load.is_none() {
        return Err("no PATH given (or --index FILE)".into());
    }
    Ok(Some(o))
}

/// Adds every file under `path` to the corpus; false when `path` itself cannot be read.
fn load(corpus: &mut Corpus, path: &Path, hidden: bool) -> bool {
    let shown = path.to_string_lossy().into_owned();
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            corpus.add_record(archive::error_record(shown, 0, e.to_string()));
            return false;
        }
    };
    if meta.is_dir() {
        let mut entries: Vec<(OsString, PathBuf)> = match fs::read_dir(path) {
            Ok(rd) => rd.filter_map(Result::ok).map(|e| (e.file_name(), e.path())).collect(),
            Err(e) => {
                corpus.add_record(archive::error_record(shown, 0, e.to_string()));
                return false;
            }
        };
        entries.sort();
        for (name, child) in entries {
            if !hidden && name.to_string_lossy().starts_with('.') {
                continue;
            }
            if fs::symlink_metadata(&child).is_ok_and(|m| m.file_type().is_symlink()) && child.is_dir() {
                continue;
            }
            load(corpus, &child, hidden);
        }
        return true;
    }
    let mut prefix = [0u8; 4];
    let is_zip = fs::File::open(path).and_then(|mut f| f.read_exact(&mut prefix)).is_ok() && archive::is_zip(&prefix);
    if is_zip {
        match fs::File::open(path) {
            Ok(f) => {
                for entry in archive::entries(&shown, io::BufReader::new(f), Limits::default()) {
                    corpus.add_record(entry.into_record());
                }
            }
            Err(e) => {
                corpus.add_record(archive::error_record(shown, meta.len(), e.to_string()));
                return false;
            }
        }
        return true;
    }
    match fs::read(path) {
        Ok(bytes) => {
            corpus.add_file(&shown, &bytes);
            true
        }
        Err(e) => {
            corpus.add_record(archive::error_record(shown, meta.len(), e.to_string()));
            false
        }
    }
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
    let o = match parse(args) {
        Ok(Some(o)) => o,
        Ok(None) => {
            print!("{HELP}");
            return 0;
        }
        Err(e) => {
            eprintln!("jianbao search: {e}\n\n{HELP}");
            return 2;
        }
    };
    let started = Instant::now();
    let mut exit = 0;
    let mut corpus = match &o.load {
        Some(file) => match fs::read(file).map_err(|e| e.to_string()).and_then(|b| Corpus::from_bytes(&b)) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("jianbao search: cannot load {}: {e}", file.display());
                return 2;
            }
        },
        None => Corpus::new(),
    };
    for path in &o.paths {
        if !load(&mut corpus, path, o.hidden) {
            exit = 1;
        }
    }
    corpus.shrink();
    let loaded = started.elapsed();
    if let Some(file) = &o.save {
        if let Err(e) = fs::write(file, corpus.to_bytes()) {
            eprintln!("jianbao search: cannot write {}: {e}", file.display());
            exit = 1;
        }
    }
    let query = o.query.as_deref().unwrap_or("");
    let options = SearchOptions { newest_first: o.newest_first, limit: o.limit, offset: 0, facets: o.facets };
    let t = Instant::now();
    let results = match corpus.search(query, &options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("jianbao search: {e}");
            return 2;
        }
    };
    let took = t.elapsed();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut write = || -> io::Result<()> {
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
        assert_eq!(o.newest_first, Some(true));
        assert_eq!(o.limit, Some(5));
        assert!(o.facets);
        assert_eq!(o.query.as_deref(), Some("乌克兰"));
        assert_eq!(o.paths.len(), 2);
    }

    #[test]
    fn bad_options_are_usage_errors() {
        assert!(parse(args(&["--sort", "sideways", "q", "p"])).is_err());
        assert!(parse(args(&["--limit", "many", "q", "p"])).is_err());
        assert!(parse(args(&["q"])).is_err());
        assert!(parse(args(&[])).is_err());
    }
}
