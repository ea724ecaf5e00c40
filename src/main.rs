//! `jianbao` — the command-line tool. The logic lives in `cli/`.

mod cli;

fn main() {
    let code = cli::run(std::env::args_os().skip(1).collect());
    std::process::exit(code);
}
