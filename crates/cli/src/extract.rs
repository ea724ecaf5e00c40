//! `jianbao extract`: files, folders and ZIP archives in; JSON Lines (or CSV,
//! or Markdown, through the core's exporter) out.
//!
//! Every input file (every archive entry) gives exactly one JSON line, in a
//! deterministic order (arguments in the order given, folders recursively in
//! byte order of the names, archive entries in archive order), whatever
//! `--jobs` is. A file that cannot be read, or whose extraction panics,
//! becomes an error record; the run goes on. CSV and Markdown describe
//! articles only: error records are counted in the summary, not written.

use crate::args::{self, Command};
use crate::inputs::{self, InputOptions};
use jianbao::export::{ExportFormat, Exporter};
use jianbao::learn::{Learned, Learner};
use jianbao::model::Record;
use jianbao::stories::Copies;
use std::collections::HashMap;
use std::ffi::OsString;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::time::Instant;

pub const HELP: &str = "\
Usage: jianbao extract [OPTIONS] PATH...

Reads files, folders (recursively, in name order) and ZIP archives (recognised
by their content; `-` reads one file or archive from standard input) and
writes one JSON object per file to standard output
(JSON Lines). Files that cannot be read as articles give a record with an
\"error\" field instead, so every file gives exactly one line. A summary goes
to standard error.

Only regular files are read: a FIFO, socket or device is one error line
(never opened for reading), and a link to a folder inside a folder is one
error line (not followed). Sizes are checked while reading, not only from
what the file system says. A ZIP inside a ZIP is one error line (not opened).

Options:
  -o, --output FILE        write the JSON lines to FILE instead of standard output
  -f, --format FORMAT      jsonl (default: one JSON object per file), csv (one row
                           per article, for spreadsheets) or md (Markdown, one
                           section per article); csv and md leave out the files
                           that are not articles (the summary counts them)
      --learn-boilerplate  read the inputs twice: first learn each outlet's recurring
                           paragraphs (appeals, footers: in at least 10 and 5 % of
                           an outlet's articles, outlets of 20 articles or more;
                           credit lines never), then write the records with them
                           moved from \"paragraphs\" to \"boilerplate\"; the count
                           goes to standard error (not with `-`)
      --errors-only        print only the records of files that could not be read
      --no-errors          print only articles (errors are still counted)
  -j, --jobs N             extract on N threads (default: all cores; output order
                           does not depend on N)
      --hidden             also read hidden files and folders (names starting with
                           `.`, such as `.git`), which are skipped by default
      --max-file-size N    largest file, archive entry or standard input to read,
                           in MiB (default 64)
      --max-zip-size N     largest total an archive may expand to (and largest ZIP
                           archive on standard input), in MiB (default 4096)
  -q, --quiet              no summary on standard error
  -h, --help               show this help

Exit status: 0 when every path on the command line could be read (even if some
files inside are not articles), 1 when a path given could not be read, 2 for
usage errors.

Examples:
  jianbao extract ~/mirrors/epoch-news > articles.jsonl
  jianbao extract --no-errors dump.zip | jq -r .title
  jianbao extract --errors-only -q corpus/ | jq -r '.source.path + \": \" + .error'
  jianbao extract --format csv -o articles.csv ~/mirrors/rfi
";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Show {
    All,
    ErrorsOnly,
    ArticlesOnly,
}

#[derive(Debug)]
struct Options {
    paths: Vec<PathBuf>,
    output: Option<PathBuf>,
    show: Show,
    format: ExportFormat,
    quiet: bool,
    learn_boilerplate: bool,
    input: InputOptions,
}

impl Command for Options {
    fn input(&mut self) -> &mut InputOptions {
        &mut self.input
    }

    fn take(&mut self, arg: lexopt::Arg<'_>, p: &mut lexopt::Parser) -> Result<(), String> {
        use lexopt::prelude::*;
        match arg {
            Short('o') | Long("output") => self.output = Some(args::value(p)?.into()),
            Long("errors-only") => self.show = Show::ErrorsOnly,
            Long("no-errors") => self.show = Show::ArticlesOnly,
            Short('f') | Long("format") => self.format = args::parsed(p, "--format")?,
            Short('q') | Long("quiet") => self.quiet = true,
            Long("learn-boilerplate") => self.learn_boilerplate = true,
            Value(v) => self.paths.push(v.into()),
            _ => return Err(arg.unexpected().to_string()),
        }
        Ok(())
    }
}

fn parse(args: Vec<OsString>) -> Result<Option<Options>, String> {
    let o = Options {
        paths: Vec::new(),
        output: None,
        show: Show::All,
        format: ExportFormat::default(),
        quiet: false,
        learn_boilerplate: false,
        input: InputOptions::default(),
    };
    let Some(o) = args::parse(args, o)? else { return Ok(None) };
    if o.paths.is_empty() {
        return Err("no PATH given".into());
    }
    if o.show == Show::ErrorsOnly && !o.format.keeps_errors() {
        return Err(format!(
            "--errors-only: {} has no place for files that are not articles; use jsonl",
            o.format.name()
        ));
    }
    if o.learn_boilerplate && o.paths.iter().any(|p| p.as_os_str() == "-") {
        return Err("--learn-boilerplate reads the inputs twice; standard input (`-`) can be read only once".into());
    }
    Ok(Some(o))
}

#[derive(Default)]
struct Counts {
    files: usize,
    articles: usize,
    errors: usize,
    duplicates: usize,
    hidden_skipped: usize,
    boilerplate_hidden: usize,
    boilerplate_articles: usize,
}

pub fn run(args: Vec<OsString>) -> i32 {
    let opts = match super::options_or_exit("extract", HELP, parse(args)) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let started = Instant::now();
    // The first reading: learn (the second, below, writes).
    let learned = opts.learn_boilerplate.then(|| {
        let mut learner = Learner::new();
        inputs::extract_paths(&opts.paths, &opts.input, |record| {
            if let Record::Article(a) = &record {
                learner.add(a);
            }
            ControlFlow::Continue(())
        });
        learner.finish()
    });
    let out: Box<dyn Write> = match &opts.output {
        Some(path) => match fs::File::create(path) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("jianbao extract: cannot write {}: {e}", path.display());
                return 2;
            }
        },
        None => Box::new(io::stdout().lock()),
    };
    let out = match Exporter::new(opts.format, BufWriter::with_capacity(1 << 16, out)) {
        Ok(exporter) => exporter,
        Err(e) => {
            eprintln!("jianbao extract: cannot write the output: {e}");
            return 1;
        }
    };
    let mut run = Writer {
        out,
        show: opts.show,
        counts: Counts::default(),
        copies: Copies::default(),
        originals: HashMap::new(),
        broken_pipe: false,
        learned: learned.as_ref(),
    };
    let walked = inputs::extract_paths(&opts.paths, &opts.input, |record| run.emit(record));
    run.counts.hidden_skipped = walked.hidden_skipped;
    let mut exit = if walked.all_readable() { 0 } else { 1 };
    if let Err(e) = run.out.get_mut().flush() {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("jianbao extract: cannot write the output: {e}");
            exit = 1;
        }
    }
    if !opts.quiet {
        let c = &run.counts;
        let hidden = if c.hidden_skipped > 0 {
            format!(", {} hidden entries skipped (--hidden reads them)", c.hidden_skipped)
        } else {
            String::new()
        };
        let left_out = if c.errors > 0 && !opts.format.keeps_errors() {
            format!(" (not in the {} output; jsonl keeps them)", opts.format.name())
        } else {
            String::new()
        };
        eprintln!(
            "jianbao: {} files read, {} articles, {} errors{left_out}, {} duplicates{hidden}, {:.2} s",
            c.files,
            c.articles,
            c.errors,
            c.duplicates,
            started.elapsed().as_secs_f64()
        );
        if let Some(learned) = &learned {
            eprintln!(
                "jianbao: {} boilerplate paragraphs learned; {} paragraphs moved to \"boilerplate\" in {} articles",
                learned.len(),
                c.boilerplate_hidden,
                c.boilerplate_articles
            );
        }
    }
    exit
}

/// Counts, marks duplicates and writes the records, in the order they come.
struct Writer<'a> {
    out: Exporter<BufWriter<Box<dyn Write + 'a>>>,
    show: Show,
    counts: Counts,
    /// The core's copy rule (same bytes, or same canonical URL).
    copies: Copies,
    /// Paths of the articles that are no copy, by record number.
    originals: HashMap<u32, String>,
    broken_pipe: bool,
    /// What `--learn-boilerplate`'s first reading learned.
    learned: Option<&'a Learned>,
}

impl Writer<'_> {
    /// Breaks once the output cannot be written any more.
    fn emit(&mut self, mut record: Record) -> ControlFlow<()> {
        let doc = self.counts.files as u32;
        self.counts.files += 1;
        match &mut record {
            Record::Article(a) => {
                self.counts.articles += 1;
                if let Some(learned) = self.learned {
                    let moved = learned.apply(a);
                    self.counts.boilerplate_hidden += moved;
                    self.counts.boilerplate_articles += (moved > 0) as usize;
                }
                match self.copies.add(doc, a) {
                    Some(first) => {
                        a.duplicate_of = self.originals.get(&first).cloned();
                        self.counts.duplicates += 1;
                    }
                    None => {
                        self.originals.insert(doc, a.source.path.clone());
                    }
                }
            }
            Record::Error(_) => self.counts.errors += 1,
        }
        let show = matches!(
            (&record, self.show),
            (_, Show::All) | (Record::Error(_), Show::ErrorsOnly) | (Record::Article(_), Show::ArticlesOnly)
        );
        if show && !self.broken_pipe {
            if let Err(e) = self.out.write(&record) {
                if e.kind() != io::ErrorKind::BrokenPipe {
                    eprintln!("jianbao extract: cannot write the output: {e}");
                }
                self.broken_pipe = true;
            }
        }
        if self.broken_pipe {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }
}
