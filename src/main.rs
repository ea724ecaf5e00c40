//! `jianbao` — the command-line extractor. TODO: see issue 2.

fn main() {
    eprintln!("jianbao: not implemented yet");
    std::process::exit(2);
}
