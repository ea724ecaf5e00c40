//! Writing a command's JSON Lines to standard output (`clusters`,
//! `concordance`, `timeline`).

use serde::Serialize;
use std::io::{self, BufWriter, Write};

/// Writes one JSON line per item to standard output. A reader that stops
/// early (a broken pipe: `| head`) is no error.
pub fn json_lines<T: Serialize>(items: impl IntoIterator<Item = T>) -> io::Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    let written = items.into_iter().try_for_each(|item| {
        serde_json::to_writer(&mut out, &item).map_err(io::Error::other)?;
        out.write_all(b"\n")
    });
    match written.and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
