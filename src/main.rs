//! The `lexdiff` command: parse arguments, call the library, print errors, exit.

mod cli;
mod process;

fn main() -> std::process::ExitCode {
    // Like other Unix tools, end quietly when the reader of a pipe goes away
    // (`lexdiff diff … | head`) instead of failing to print.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    process::tune_allocator();
    // The whole command runs on the pool's threads, not only its parallel parts. Each
    // thread allocates from its own glibc arena: the main thread rendering and writing a
    // report after a worker compared the texts touched fresh memory while the worker's
    // freed memory sat unused. On the pool, the civil code's diff takes 2,300 page faults
    // instead of 2,700, and a one-off diff is 5-15 % faster (BENCHMARKS.md). The stack is
    // a main thread's 8 MiB, for deep templates. `RAYON_NUM_THREADS` still sets the
    // number of threads. Each thread's arena gets huge pages as the thread starts.
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(8 << 20)
        .start_handler(|_| process::huge_pages_for_this_arena());
    let pool = pool.build();
    // Starting the workers and parsing the command line each take a few tenths of a
    // millisecond: the workers start while the main thread parses.
    let args = cli::args();
    match pool {
        Ok(pool) => pool.install(|| cli::main(args)),
        Err(_) => cli::main(args),
    }
}
