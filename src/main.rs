//! The `lexdiff` command: parse arguments, call the library, print errors, exit.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
