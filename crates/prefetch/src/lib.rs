//! A cache-prefetch hint for hot loops that read memory in an order the processor cannot guess:
//! the tagger's feature table (one lookup per token and template) and facet counting (each
//! match's column entries). Asking a few steps ahead hides most of the memory latency. It lives
//! in its own crate because both the entities and the search crate use it and neither should
//! depend on the other for it.
#![warn(missing_docs)]

/// The size of a cache line on the processors this runs on.
const CACHE_LINE: usize = 64;

/// Asks the processor to start loading every cache line of `value` without waiting for it (a
/// hint: it changes no result, only when the memory arrives). A no-op off x86-64.
#[inline(always)]
pub fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        let start = (value as *const T).cast::<i8>();
        let misalignment = start as usize % CACHE_LINE;
        for offset in (0..misalignment + std::mem::size_of::<T>()).step_by(CACHE_LINE) {
            // SAFETY: a prefetch never faults and reads nothing the program can observe; every
            // address lies in a cache line that `value`, borrowed for the call, overlaps.
            unsafe {
                _mm_prefetch::<_MM_HINT_T0>(start.wrapping_sub(misalignment).wrapping_add(offset))
            };
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}

#[cfg(test)]
mod tests {
    use super::prefetch;

    /// A prefetch has no result to check; what can go wrong is the address arithmetic: the
    /// hint must stay within the lines `value` overlaps, at every alignment and size, even zero
    /// (a fault or a sanitizer report fails the test).
    #[test]
    fn prefetching_any_size_at_any_alignment_touches_nothing_outside_the_value() {
        let bytes: Vec<u8> = (0..=255).collect();
        for start in 0..64 {
            prefetch(&bytes[start]);
            prefetch(&[bytes[start], bytes[start + 1], bytes[start + 2]]);
        }
        prefetch(&[7u64; 40]);
        prefetch(&());
    }
}
