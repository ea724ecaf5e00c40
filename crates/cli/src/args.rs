//! The option loop every command shares: `lexopt` over the arguments, the
//! input options ([`InputOptions`]: `-j`, `--hidden`, `--max-file-size`,
//! `--max-zip-size`) and `-h/--help` taken here, every other argument handed
//! to the command's [`Command::take`], plus the value readers the commands'
//! own options use, so one flag reads (and fails) the same way everywhere.

use crate::inputs::{InputOption, InputOptions};
use lexopt::{Arg, Parser};
use std::ffi::OsString;
use std::fmt::Display;
use std::str::FromStr;

/// A command's options while its arguments are read.
pub trait Command {
    fn input(&mut self) -> &mut InputOptions;
    /// Takes one argument that is neither an input option nor help, reading
    /// its value from `p` where it has one; `Err` for one the command does not take.
    fn take(&mut self, arg: Arg<'_>, p: &mut Parser) -> Result<(), String>;
}

/// Reads `args` into `options`: `Ok(None)` when help was asked for.
pub fn parse<C: Command>(args: Vec<OsString>, mut options: C) -> Result<Option<C>, String> {
    let mut p = Parser::from_args(args);
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        if let Some(option) = InputOption::of(&arg) {
            options.input().set(option, &mut p)?;
            continue;
        }
        if matches!(arg, Arg::Short('h') | Arg::Long("help")) {
            return Ok(None);
        }
        // A long option's name borrows the parser; a copy leaves it free for the option's value.
        let name: String;
        let arg = match arg {
            Arg::Short(c) => Arg::Short(c),
            Arg::Long(long) => {
                name = long.to_owned();
                Arg::Long(&name)
            }
            Arg::Value(v) => Arg::Value(v),
        };
        options.take(arg, &mut p)?;
    }
    Ok(Some(options))
}

/// The value of the option just read.
pub fn value(p: &mut Parser) -> Result<OsString, String> {
    p.value().map_err(|e| e.to_string())
}

/// The value of the option just read, as text (bytes that are not UTF-8 replaced).
pub fn text(p: &mut Parser) -> Result<String, String> {
    Ok(value(p)?.to_string_lossy().into_owned())
}

/// The value of the option `flag` parsed by its type; `flag: why` when it does not parse.
pub fn parsed<T: FromStr>(p: &mut Parser, flag: &str) -> Result<T, String>
where
    T::Err: Display,
{
    text(p)?.parse().map_err(|e| format!("{flag}: {e}"))
}
