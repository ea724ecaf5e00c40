#![no_main]
// The body is shared with the stable replay test (tests/fuzz_regressions.rs).
libfuzzer_sys::fuzz_target!(|data: &[u8]| jianbao_fuzz::query(data));
