//! ZIP archives: entries read safely (no `..`, no absolute paths, capped sizes). TODO.
