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
    cli::main()
}
