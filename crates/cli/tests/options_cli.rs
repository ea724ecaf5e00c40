//! The option handling every command shares (`crates/cli/src/args.rs`): help,
//! an unknown option, and the input options, each said the same way by every
//! command that reads inputs.

mod common;
use common::{corpus_a, BIN};
use std::process::Command;

const COMMANDS: [&str; 5] = ["extract", "search", "clusters", "timeline", "concordance"];

/// Exit code, standard output and standard error of `jianbao command args... PATH`.
fn run(command: &str, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).arg(command).args(args).arg(corpus_a()).output().expect("runs the binary");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

#[test]
fn help_is_the_commands_usage_on_standard_output() {
    for command in COMMANDS {
        for flag in ["-h", "--help"] {
            let (code, out, err) = run(command, &[flag]);
            assert_eq!((code, err.as_str()), (0, ""), "{command} {flag}");
            assert!(out.starts_with(&format!("Usage: jianbao {command} ")), "{command} {flag}: {out}");
        }
    }
}

#[test]
fn an_unknown_option_is_named_then_the_usage_follows_with_exit_code_2() {
    for command in COMMANDS {
        let (code, out, err) = run(command, &["--bogus", "q"]);
        assert_eq!((code, out.as_str()), (2, ""), "{command}");
        let first = err.lines().next().unwrap_or("");
        assert!(first.starts_with(&format!("jianbao {command}: invalid option '--bogus'")), "{command}: {err}");
        assert!(err.contains(&format!("\n\nUsage: jianbao {command} ")), "{command}: the usage follows: {err}");
    }
    let (_, _, err) = run("search", &["-x", "q"]);
    assert!(err.contains("invalid option '-x'; a QUERY (or PATH) that starts with `-` goes after `--`"), "{err}");
}

#[test]
fn the_input_options_are_checked_alike_by_every_command() {
    for command in COMMANDS {
        for (args, message) in [
            (&["-j", "0", "q"][..], "--jobs must be a positive number, not `0`"),
            (&["--jobs", "many", "q"], "--jobs must be a positive number, not `many`"),
            (&["--max-file-size", "0", "q"], "--max-file-size must be a positive number of MiB, not `0`"),
            (&["--max-zip-size", "lots", "q"], "--max-zip-size must be a positive number of MiB, not `lots`"),
        ] {
            let (code, _, err) = run(command, args);
            assert_eq!(code, 2, "{command} {args:?}");
            assert!(err.starts_with(&format!("jianbao {command}: {message}\n")), "{command} {args:?}: {err}");
        }
    }
}
