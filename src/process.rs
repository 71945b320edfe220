//! Tuning of the process's memory allocator (glibc on Linux; elsewhere nothing is done).
//! A one-off diff lasts milliseconds, and much of that went to the kernel: heap growth
//! in small steps and page faults. Figures in BENCHMARKS.md.

/// Sets glibc's heap growth step. Call before any thread starts.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn tune_allocator() {
    // glibc grows a heap only 128 KiB beyond each request (brk on the main thread,
    // mprotect in the worker threads' arenas) and gives memory back once 128 KiB are free
    // at its top. A diff allocates and frees tens of MiB within milliseconds: hundreds of
    // system calls (criminal law: 464 mprotect), and pages faulted in again. Growing and
    // keeping 32 MiB at a time makes a one-off diff 4-10 % faster for about 1 MiB more
    // resident memory (BENCHMARKS.md).
    // SAFETY: mallopt only sets a tuning parameter; no thread has started yet.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 32 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn tune_allocator() {}

/// Asks the kernel for transparent huge pages (2 MiB) for the calling thread's glibc arena.
///
/// A one-off diff faults in every page it touches: a thousand 4 KiB page faults on the
/// criminal law, two thousand on the civil code, a tenth to a fifth of the run. glibc
/// would ask for huge pages itself with `GLIBC_TUNABLES=glibc.malloc.hugetlb=1`, but reads
/// that only from the environment at start-up, so the binary does here what that does:
/// advise the arena's heap, and fill the rest of its first 2 MiB (already faulted in as
/// small pages by glibc's own header) with a block that is never used, so that what the
/// thread allocates next lies in huge pages. The block costs address space, not memory.
/// Where an assumption about glibc does not hold, nothing breaks: the pages stay small.
#[cfg(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64"))]
pub fn huge_pages_for_this_arena() {
    /// glibc reserves each thread arena's heap at this size and alignment (on 64-bit).
    const HEAP_MAX: usize = 64 << 20;
    const HUGE_PAGE: usize = 2 << 20;
    // SAFETY: plain malloc and free; madvise only gives advice about memory of this
    // process, and the block kept is never read or written.
    unsafe {
        // Larger than glibc's per-thread cache holds, so it comes from this thread's
        // arena, not from a chunk another thread freed here (black_box: the compiler
        // must not drop a malloc whose result is only looked at).
        let probe = std::hint::black_box(libc::malloc(4096));
        if probe.is_null() {
            return;
        }
        let addr = probe as usize;
        libc::free(probe);
        // Above the main heap's break: a thread arena, aligned to HEAP_MAX.
        if addr <= libc::sbrk(0) as usize {
            return;
        }
        let heap = addr & !(HEAP_MAX - 1);
        if libc::madvise(heap as *mut libc::c_void, HEAP_MAX, libc::MADV_HUGEPAGE) != 0 {
            return;
        }
        // Up to the next 2 MiB boundary, less room for the chunk headers. It is cut from
        // the top of the arena (32 MiB, see `tune_allocator`), not mapped apart, although
        // it is larger than glibc's threshold for mapping blocks apart: that applies only
        // when the top is too small.
        let next = (addr | (HUGE_PAGE - 1)) + 1;
        if let Some(spacer) = (next - addr).checked_sub(64).filter(|&n| n > 0) {
            std::hint::black_box(libc::malloc(spacer));
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64")))]
pub fn huge_pages_for_this_arena() {}
