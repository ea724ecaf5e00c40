//! `jianbao` — the command-line tool. The logic lives in the `jianbao_cli` library.

#![forbid(unsafe_code)]

fn main() {
    let code = jianbao_cli::run(std::env::args_os().skip(1).collect());
    std::process::exit(code);
}
