//! Loading a corpus for the commands that query one (`search`, `timeline`,
//! `concordance`): a saved index, then files, folders and archives added to it.

use crate::inputs::{self, InputOptions};
use jianbao::corpus::Corpus;
use std::fs;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

/// The loaded corpus and whether every path could be read; `Err(2)` (after a
/// message naming `command`) when the saved index cannot be loaded.
pub fn corpus(
    command: &str,
    saved: Option<&Path>,
    paths: &[PathBuf],
    input: &InputOptions,
) -> Result<(Corpus, bool), i32> {
    let mut corpus = match saved {
        Some(file) => match fs::read(file)
            .map_err(|e| e.to_string())
            .and_then(|b| Corpus::from_bytes(&b).map_err(|e| e.to_string()))
        {
            Ok(c) => c,
            Err(e) => {
                eprintln!("jianbao {command}: cannot load {}: {e}", file.display());
                return Err(2);
            }
        },
        None => Corpus::new(),
    };
    let walked = inputs::extract_paths(paths, input, |record| {
        corpus.add_record(record);
        ControlFlow::Continue(())
    });
    corpus.shrink();
    Ok((corpus, walked.all_readable()))
}
