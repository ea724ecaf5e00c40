//! Readable publisher names from URL hosts.
