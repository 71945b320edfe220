//! A 50 MB file is refused before it is read: the error states the limit, and memory stays
//! far below the file's size.

use std::path::Path;

use crate::harness::Case;

#[test]
fn a_50_mb_file_is_refused_in_bounded_memory() {
    let c = Case::new();
    let file = c.path().join("inputs/huge.txt");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::File::create(&file).unwrap().set_len(50 * 1024 * 1024).unwrap();
    let err = c.refuses(
        &Case::add_args(&file, "2025"),
        &["huge.txt: file is 50.0 MiB; texts larger than 16 MiB are refused"],
    );
    assert!(!err.contains("NUL"), "refused for its size, before its bytes are looked at");
    // Peak memory, measured by GNU time: a child's own rusage would include the test
    // process it was forked from. CI installs `time`; without it this part is skipped.
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        eprintln!("skipping the memory bound: /usr/bin/time is not installed");
        return;
    }
    let mut args = vec!["-f", "%M", env!("CARGO_BIN_EXE_lexdiff")];
    args.extend(Case::add_args(&file, "2025"));
    let out = std::process::Command::new(time).args(&args).current_dir(c.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let kib: u64 =
        stderr.lines().last().and_then(|l| l.trim().parse().ok()).expect("time prints the peak RSS");
    // Reading the file would take 50 MiB; refusing it takes what the program needs anyway.
    assert!(kib < 25 * 1024, "peak RSS {kib} KiB");
}
