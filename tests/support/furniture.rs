//! A corpus with known furniture, made at test time from the real fixture
//! files (nothing generated is committed).
//!
//! The shared corpus holds too few articles per outlet with a repeated
//! appeal to reach the learning thresholds, so this writes a copy of every
//! file of `fixtures/corpus/` and adds, as the last paragraph of the body
//! (after the last `</p>`), the appeals the issue measured in whole mirrors:
//! - to every third article of The Epoch Times (158 in the corpus), the
//!   banned-news2 mirror's appeal, opening `【诚征荣誉会员】` as the issue
//!   quotes it (its remaining words are written for this test);
//! - to every second RFI dump (44), waimei's `感謝您的訂閱！`, alternately in
//!   Simplified with an ASCII `!` (the "nearly the same" rule);
//! - to both NTD pages (2 articles: below the thresholds, never learned).
//!
//! Every other byte of every file is the real file's.

#![allow(dead_code)] // each includer uses part of it

use std::path::{Path, PathBuf};

/// The banned-news2 appeal, as added to Epoch Times articles.
pub const HONORARY_MEMBERS: &str = "【诚征荣誉会员】溪流汇成大海，涓滴成就江河。您的支持是我们坚持报道真相的力量。";
/// waimei's thanks, in the two spellings added to RFI dumps.
pub const THANKS: [&str; 2] = ["感謝您的訂閱！", "感谢您的订阅!"];

/// What was written.
pub struct FurnitureCorpus {
    pub dir: PathBuf,
    pub files: usize,
    /// Files given the appeal, by outlet.
    pub epoch_with_appeal: usize,
    pub rfi_with_thanks: usize,
    pub ntd_with_appeal: usize,
}

/// The paragraph to add to the `n`-th article of `outlet` (counted from 0), if any.
fn furniture_for(outlet: &str, n: usize) -> Option<&'static str> {
    match outlet {
        "The Epoch Times" if n.is_multiple_of(3) => Some(HONORARY_MEMBERS),
        "RFI" if n.is_multiple_of(2) => Some(THANKS[n / 2 % 2]),
        "NTD" => Some(HONORARY_MEMBERS),
        _ => None,
    }
}

/// Writes the corpus under `out` (emptied first), from the files of `corpus_dir`.
pub fn write_furniture_corpus(corpus_dir: &Path, out: &Path) -> FurnitureCorpus {
    let _ = std::fs::remove_dir_all(out);
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(corpus_dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != "MANIFEST.tsv")
        .map(walkdir::DirEntry::into_path)
        .collect();
    paths.sort();
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    let mut c = FurnitureCorpus {
        dir: out.to_path_buf(),
        files: 0,
        epoch_with_appeal: 0,
        rfi_with_thanks: 0,
        ntd_with_appeal: 0,
    };
    for path in paths {
        let rel = path.strip_prefix(corpus_dir).expect("under the corpus");
        let mut bytes = std::fs::read(&path).expect("reads a fixture");
        let outlet = jianbao::extract(&rel.to_string_lossy(), &bytes).as_article().and_then(|a| a.outlet.clone());
        if let Some(outlet) = outlet {
            let n = seen.entry(outlet.clone()).or_default();
            let add = furniture_for(&outlet, *n);
            *n += 1;
            let text = std::str::from_utf8(&bytes).ok();
            if let (Some(add), Some(at)) = (add, text.and_then(|t| t.rfind("</p>"))) {
                let at = at + "</p>".len();
                bytes.splice(at..at, format!("\n<p>{add}</p>").into_bytes());
                match outlet.as_str() {
                    "The Epoch Times" => c.epoch_with_appeal += 1,
                    "RFI" => c.rfi_with_thanks += 1,
                    _ => c.ntd_with_appeal += 1,
                }
            }
        }
        let target = out.join(rel);
        std::fs::create_dir_all(target.parent().expect("a parent")).expect("makes the folder");
        std::fs::write(&target, bytes).expect("writes the copy");
        c.files += 1;
    }
    c
}
