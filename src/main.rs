//! The `lexdiff` command: parse arguments, call the library, print errors, exit.

mod cli;

fn main() -> std::process::ExitCode {
    // Like other Unix tools, end quietly when the reader of a pipe goes away
    // (`lexdiff diff … | head`) instead of failing to print.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // glibc grows a heap only 128 KiB beyond each request (brk on the main thread,
    // mprotect in the worker threads' arenas) and gives memory back once 128 KiB are free
    // at its top. A diff allocates and frees tens of MiB within milliseconds: hundreds of
    // system calls (criminal law: 464 mprotect), and pages faulted in again. Growing and
    // keeping 32 MiB at a time makes a one-off diff 4-10 % faster for about 1 MiB more
    // resident memory (BENCHMARKS.md).
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tuning parameter; no thread has started yet.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 32 << 20);
    }
    // The whole command runs on the pool's threads, not only its parallel parts. Each
    // thread allocates from its own glibc arena: the main thread rendering and writing a
    // report after a worker compared the texts touched fresh memory while the worker's
    // freed memory sat unused. On the pool, the civil code's diff takes 2,300 page faults
    // instead of 2,700, and a one-off diff is 5-15 % faster (BENCHMARKS.md). The stack is
    // a main thread's 8 MiB, for deep templates. `RAYON_NUM_THREADS` still sets the
    // number of threads.
    match rayon::ThreadPoolBuilder::new().stack_size(8 << 20).build() {
        Ok(pool) => pool.install(cli::main),
        Err(_) => cli::main(),
    }
}
