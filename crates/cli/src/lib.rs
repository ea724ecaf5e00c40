//! The `jianbao` command line: `jianbao <command> [options]`, a front end over
//! the `jianbao` library (which knows no file system). `src/main.rs` only
//! calls [`run`].
//!
//! Commands are dispatched on the first word. Each command module exposes
//! `run(args) -> exit code` and parses its own options with `lexopt`.

#![forbid(unsafe_code)]

mod args;
mod clusters;
mod concordance;
mod extract;
mod inputs;
mod load;
mod output;
mod search;
mod timeline;

use std::ffi::OsString;

pub const USAGE: &str = "\
jianbao — read scraped Chinese-language news archives into structured articles

Usage:
  jianbao extract [OPTIONS] PATH...   one JSON line per file (files, folders, .zip archives)
  jianbao search  [OPTIONS] QUERY     search extracted articles
  jianbao clusters [OPTIONS] PATH...  groups of copies and syndicated stories
  jianbao timeline [OPTIONS] [QUERY] PATH...   articles per day, week, month or year
  jianbao concordance [OPTIONS] QUERY PATH...  every occurrence in context
  jianbao help [COMMAND]              show help

Run `jianbao extract --help` for the extractor's options.
";

/// A command's parsed options, or the exit code once its help (0) or a usage
/// error followed by its help (2) has been printed.
fn options_or_exit<T>(command: &str, help: &str, parsed: Result<Option<T>, String>) -> Result<T, i32> {
    match parsed {
        Ok(Some(options)) => Ok(options),
        Ok(None) => {
            print!("{help}");
            Err(0)
        }
        Err(e) => {
            eprintln!("jianbao {command}: {e}\n\n{help}");
            Err(2)
        }
    }
}

/// Runs the tool with the arguments after the program name; returns the exit code.
pub fn run(args: Vec<OsString>) -> i32 {
    let mut args = args.into_iter();
    let Some(first) = args.next() else {
        eprint!("{USAGE}");
        return 2;
    };
    let rest: Vec<OsString> = args.collect();
    match first.to_str() {
        Some("extract") => extract::run(rest),
        Some("search") => search::run(rest),
        Some("clusters") => clusters::run(rest),
        Some("timeline") => timeline::run(rest),
        Some("concordance") => concordance::run(rest),
        Some("help" | "--help" | "-h") => match rest.first().and_then(|a| a.to_str()) {
            Some("extract") => {
                print!("{}", extract::HELP);
                0
            }
            Some("search") => search::run(vec!["--help".into()]),
            Some("clusters") => clusters::run(vec!["--help".into()]),
            Some("timeline") => timeline::run(vec!["--help".into()]),
            Some("concordance") => concordance::run(vec!["--help".into()]),
            _ => {
                print!("{USAGE}");
                0
            }
        },
        Some("--version" | "-V") => {
            println!("jianbao {}", env!("CARGO_PKG_VERSION"));
            0
        }
        _ => {
            eprintln!(
                "jianbao: unknown command `{}`; did you mean `jianbao extract {}`?\n",
                first.to_string_lossy(),
                first.to_string_lossy()
            );
            eprint!("{USAGE}");
            2
        }
    }
}
