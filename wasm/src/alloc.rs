//! The wasm build's allocator: dlmalloc, the allocator Rust's std uses on
//! wasm32 anyway, set to take memory from the engine 16 MiB at a time
//! instead of 64 KiB.
//!
//! Why: each `memory.grow` is a call into the engine, and V8 counts every
//! one as new external memory, which drives garbage collections of the JS
//! heap. Indexing grows memory to hundreds of megabytes (gigabytes for a
//! 65k-page archive), so the 64 KiB steps meant tens of thousands of grows,
//! and the profile of the index worker's work was a third garbage collector
//! and a fifth `malloc` (see the README, "Archive scale"). The cost of the
//! larger step: at most 16 MiB taken and not yet used.
//!
//! The worker that runs this module is single-threaded (no shared memory),
//! so the one allocator needs no lock.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;

/// Bytes asked of the engine at a time (a power of two, as dlmalloc requires).
const STEP: usize = 16 << 20;

pub struct SteppedDlmalloc(UnsafeCell<dlmalloc::Dlmalloc>);

// SAFETY: wasm32-unknown-unknown without the atomics feature runs one thread.
unsafe impl Sync for SteppedDlmalloc {}

impl SteppedDlmalloc {
    const fn new() -> Self {
        let mut inner = dlmalloc::Dlmalloc::new();
        assert!(inner.set_granularity(STEP));
        SteppedDlmalloc(UnsafeCell::new(inner))
    }
}

// SAFETY: each call has exclusive use of the allocator (one thread, and no
// call re-enters another), and passes on GlobalAlloc's contract unchanged.
unsafe impl GlobalAlloc for SteppedDlmalloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        (*self.0.get()).malloc(layout.size(), layout.align())
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        (*self.0.get()).calloc(layout.size(), layout.align())
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        (*self.0.get()).free(ptr, layout.size(), layout.align())
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        (*self.0.get()).realloc(ptr, layout.size(), layout.align(), new_size)
    }
}

#[global_allocator]
static ALLOCATOR: SteppedDlmalloc = SteppedDlmalloc::new();

#[cfg(test)]
mod tests {
    use super::STEP;
    use core::arch::wasm32::memory_size;
    use wasm_bindgen_test::*;

    const PAGE: usize = 64 << 10;

    /// Memory grows a whole step at a time, not a 64 KiB page at a time, and
    /// what was taken is used before more is asked for.
    #[wasm_bindgen_test]
    fn memory_grows_a_step_at_a_time() {
        let before = memory_size(0);
        // Small blocks well past what is free now, kept alive.
        let blocks: Vec<Vec<u8>> = (0..2 * STEP / 4096).map(|i| vec![i as u8; 4096]).collect();
        let grown = memory_size(0) - before;
        assert!(grown > 0, "2 steps' worth of blocks grew nothing");
        assert_eq!(grown % (STEP / PAGE), 0, "grew {grown} pages, not whole steps of {}", STEP / PAGE);
        assert!(grown <= 3 * STEP / PAGE, "grew {grown} pages for 2 steps' worth");
        assert!(blocks.iter().enumerate().all(|(i, b)| b[4095] == i as u8));
        drop(blocks);
        // Freed memory is reused: the same again grows nothing more.
        let after_free = memory_size(0);
        let again: Vec<Vec<u8>> = (0..2 * STEP / 4096).map(|i| vec![i as u8; 4096]).collect();
        assert_eq!(memory_size(0), after_free, "freed memory was not reused");
        drop(again);
    }
}
