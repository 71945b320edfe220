//! lexdiff side by side with the tools people use today, and at corpus scale.
//!
//! Run with `cargo bench --bench compare` (add `-- --quick` for a short run without the
//! ×100 corpus, `-- --pairs` for the pairs table alone). Everything is timed as a
//! process, wall clock, in the same run:
//!
//! 1. **Pairs**: `lexdiff diff --format html` (the full article-aligned report) against
//!    `git diff --no-index --word-diff=porcelain --word-diff-regex=.` (a character diff,
//!    no alignment) and Python's `difflib.HtmlDiff().make_file` (interpreter start
//!    included, as a user runs it), each writing to stdout (`/dev/null`), alternating
//!    A B C B C A C A B (each tool in each place of the order in turn); medians and
//!    ratios. Peak memory of lexdiff on the civil-code pair with GNU time.
//! 2. **Site**: `lexdiff build` of the bundled corpus, cold (fresh store and site) and
//!    warm (second build), on one and two threads.
//! 3. **Scale**: the corpus copied under new ids ×10 and ×100, built cold on two threads;
//!    cost per document against the ×1 run.
//!
//! Targets (issue 10) are printed next to the figures; the run fails when one is missed.
//! `LEXDIFF_BIN=path` times another build of lexdiff (a static one, say) instead of the
//! bench's own.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod synthetic {
    include!("../tests/support/synthetic.rs");
}

/// The binary timed: the bench's own release build, or the one `LEXDIFF_BIN` names (a
/// build made differently, such as the static one in the README, timed the same way).
///
/// It is timed where the linker left it, not as a fresh copy: a file just written by
/// `cp` runs with fewer page faults than the linker's output or a binary read back from
/// disk, an advantage an installed binary does not keep (BENCHMARKS.md, sixteenth round).
fn lexdiff() -> &'static str {
    static BIN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    BIN.get_or_init(|| {
        std::env::var("LEXDIFF_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_lexdiff").to_string())
    })
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs a command to completion and returns its wall time. Its output goes to
/// `/dev/null`: the three tools of the pairs table each write their whole output there,
/// and none leaves the kernel writing a file to disk while the next tool is timed (a
/// report of megabytes written to a file slowed whichever process came next; see
/// BENCHMARKS.md, sixteenth round).
fn time(cmd: &mut Command) -> Duration {
    cmd.stdout(Stdio::null()).stderr(Stdio::null());
    let t = Instant::now();
    let status = cmd.status().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    let elapsed = t.elapsed();
    // `lexdiff diff` and `git diff` exit 1 when the texts differ.
    assert!(matches!(status.code(), Some(0 | 1)), "{cmd:?} failed: {status}");
    elapsed
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn available(program: &str, arg: &str) -> bool {
    Command::new(program).arg(arg).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok()
}

/// difflib's report, written to stdout like the other two tools' (see [`time`]).
const DIFFLIB: &str = "import difflib, sys\n\
a = open(sys.argv[1], encoding='utf-8').read().splitlines()\n\
b = open(sys.argv[2], encoding='utf-8').read().splitlines()\n\
sys.stdout.write(difflib.HtmlDiff().make_file(a, b))\n";

struct Pair {
    name: &'static str,
    old: PathBuf,
    new: PathBuf,
    report: bool,
}

fn version(doc: &str, v: &str) -> PathBuf {
    root().join("versions").join(doc).join(format!("{v}.txt"))
}

/// Copies `versions/` into `dir`, `copies` times (copy k > 0 of `doc` is `doc-xk`).
fn corpus(dir: &Path, copies: usize) {
    let src = root().join("versions");
    for e in std::fs::read_dir(&src).unwrap() {
        let e = e.unwrap();
        if !e.path().is_dir() {
            continue;
        }
        let id = e.file_name().to_string_lossy().into_owned();
        for k in 0..copies {
            let name = if k == 0 { id.clone() } else { format!("{id}-x{k}") };
            let to = dir.join("versions").join(&name);
            std::fs::create_dir_all(&to).unwrap();
            for f in std::fs::read_dir(e.path()).unwrap() {
                let f = f.unwrap();
                if f.path().is_file() {
                    std::fs::copy(f.path(), to.join(f.file_name())).unwrap();
                }
            }
        }
    }
}

fn lexdiff_in(dir: &Path, threads: usize, args: &[&str]) -> Command {
    let mut c = Command::new(lexdiff());
    c.args(args).current_dir(dir).env("RAYON_NUM_THREADS", threads.to_string()).env("CI", "1");
    c
}

/// The orders of the three tools (0 lexdiff, 1 git, 2 difflib), one per round in turn.
const ORDERS: [[usize; 3]; 6] = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];

/// The Python interpreter itself. `python3` may be a version manager's shim (pyenv's, a
/// shell script, here added about 60 ms to every run), which is not part of difflib's
/// cost.
fn python_interpreter() -> Option<PathBuf> {
    let out = Command::new("python3").args(["-c", "import sys; print(sys.executable)"]).output().ok()?;
    let path = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
    (out.status.success() && path.is_absolute()).then_some(path)
}

/// Peak resident memory (KiB) and minor page faults of a command, by GNU time (None when
/// it is not installed).
fn memory(cmd: &[&str], dir: &Path) -> Option<(u64, u64)> {
    let out =
        Command::new("/usr/bin/time").arg("-f").arg("%M %R").args(cmd).current_dir(dir).output().ok()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut fields = stderr.lines().last()?.split_whitespace().map(|f| f.parse().ok());
    Some((fields.next()??, fields.next()??))
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick") || !std::env::args().any(|a| a == "--bench");
    // Twelve rounds: each of the six orders of the three tools twice (see below).
    let rounds = if quick { 3 } else { 12 };
    // `--pairs`: the pairs table only. The scale run writes and deletes gigabytes, and the
    // volume stays busy for a while after it: a pairs run right after one is slowed.
    let pairs_only = std::env::args().any(|a| a == "--pairs");
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    // A binary cargo has just linked (60 MB) is written out now, not by the kernel while
    // the first pairs are timed.
    let _ = Command::new("sync").status();
    let mut missed: Vec<String> = Vec::new();

    // The synthetic civil-code pair: 1260 articles, 10% edited, 20 moved in and out.
    let civil = std::fs::read_to_string(version("civil-code", "2020")).unwrap();
    std::fs::write(t.join("civil-old.txt"), &civil).unwrap();
    std::fs::write(t.join("civil-new.txt"), synthetic::edit_law(&civil, 2024)).unwrap();
    let pairs = vec![
        Pair {
            name: "state-secrets-law 2010→2024",
            old: version("state-secrets-law", "2010"),
            new: version("state-secrets-law", "2024"),
            report: false,
        },
        Pair {
            name: "company-law 2018→2023",
            old: version("company-law", "2018"),
            new: version("company-law", "2023"),
            report: false,
        },
        Pair {
            name: "criminal-law 2020→2023",
            old: version("criminal-law", "2020"),
            new: version("criminal-law", "2023"),
            report: false,
        },
        Pair {
            name: "civil-procedure-law 2021→2023",
            old: version("civil-procedure-law", "2021"),
            new: version("civil-procedure-law", "2023"),
            report: false,
        },
        Pair {
            name: "gov-work-report-national 2024→2025",
            old: version("gov-work-report-national", "2024"),
            new: version("gov-work-report-national", "2025"),
            report: true,
        },
        Pair {
            name: "civil-code 2020→synthetic edit",
            old: t.join("civil-old.txt"),
            new: t.join("civil-new.txt"),
            report: false,
        },
    ];
    let have_git = available("git", "--version");
    let python = python_interpreter();
    if std::env::var_os("LEXDIFF_BIN").is_some() {
        println!("Timing `{}` (LEXDIFF_BIN).\n", lexdiff());
    }

    println!(
        "## Pairs: medians of {rounds} rounds, alternating lexdiff / git / difflib (each order of the three in turn)\n"
    );
    println!("| pair | lexdiff HTML | git word-diff | difflib HtmlDiff | lexdiff/git | difflib/lexdiff |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for p in &pairs {
        let (mut a, mut b, mut c) = (Vec::new(), Vec::new(), Vec::new());
        let mut lx = Command::new(lexdiff());
        lx.arg("diff").arg("--files").arg(&p.old).arg(&p.new).args(["--format", "html"]);
        if p.report {
            lx.args(["--kind", "report"]);
        }
        let mut g = Command::new("git");
        g.args(["diff", "--no-index", "--word-diff=porcelain", "--word-diff-regex=."])
            .arg(&p.old)
            .arg(&p.new);
        let mut py = python.as_deref().map(|python| {
            let mut py = Command::new(python);
            py.args(["-c", DIFFLIB]).arg(&p.old).arg(&p.new);
            py
        });
        for r in 0..rounds {
            // A process that follows a Python process runs slower here (see
            // BENCHMARKS.md). Rotating one order (a b c, b c a, c a b) would keep who
            // follows whom, so the rounds take the six orders in turn: lexdiff and git
            // each follow the Python process equally often.
            for tool in ORDERS[r % ORDERS.len()] {
                match tool {
                    0 => a.push(time(&mut lx)),
                    1 if have_git => b.push(time(&mut g)),
                    2 => {
                        if let Some(py) = &mut py {
                            c.push(time(py));
                        }
                    }
                    _ => {}
                }
            }
        }
        let a = median(a);
        let cell = |v: Vec<Duration>| if v.is_empty() { None } else { Some(median(v)) };
        let (b, c) = (cell(b), cell(c));
        let vs_git = b.map(|b| ms(a) / ms(b));
        let vs_difflib = c.map(|c| ms(c) / ms(a));
        let show = |d: Option<Duration>| d.map_or("-".into(), |d| format!("{:.1} ms", ms(d)));
        let ratio = |r: Option<f64>| r.map_or("-".into(), |r| format!("{r:.2}"));
        println!(
            "| {} | {:.1} ms | {} | {} | {} | {} |",
            p.name,
            ms(a),
            show(b),
            show(c),
            ratio(vs_git),
            ratio(vs_difflib)
        );
        if vs_git.is_some_and(|r| r >= 1.0) {
            missed.push(format!("{}: lexdiff/git {:.2} (target < 1)", p.name, vs_git.unwrap_or_default()));
        }
        if vs_difflib.is_some_and(|r| r < 10.0) {
            missed.push(format!(
                "{}: difflib/lexdiff {:.1} (target ≥ 10)",
                p.name,
                vs_difflib.unwrap_or_default()
            ));
        }
        if p.name.starts_with("civil-code") && ms(a) >= 30.0 {
            missed.push(format!("civil-code pair end to end {:.1} ms (target < 30 ms)", ms(a)));
        }
    }
    let bin = lexdiff();
    let civil_cmd =
        [bin, "diff", "--files", "civil-old.txt", "civil-new.txt", "--format", "html", "-o", "out.html"];
    match memory(&civil_cmd, t) {
        Some((kib, faults)) => {
            println!(
                "\nPeak RSS of lexdiff on the civil-code pair: {:.1} MiB (target < 50 MiB); {faults} page faults",
                kib as f64 / 1024.0
            );
            if kib >= 50 * 1024 {
                missed.push(format!("civil-code peak RSS {:.1} MiB", kib as f64 / 1024.0));
            }
        }
        None => println!("\nPeak RSS: /usr/bin/time (GNU time) is not installed"),
    }
    if pairs_only {
        return report(&missed, tmp);
    }

    // The bundled site, cold and warm, on one and two threads.
    println!("\n## The bundled site (`lexdiff build`)\n");
    println!("| threads | cold | warm |");
    println!("| ---: | ---: | ---: |");
    // One and two threads alternate (in turn first), each cold build in a fresh folder,
    // and every cold build runs before any warm build or deletion. After thousands of
    // files are deleted, ext4 takes minutes to hand their inodes out again: its allocator
    // steps over recently freed ones (`recently_deleted`), and a cold build, which creates
    // thousands, then spends seconds in the kernel instead of a tenth. So cold figures
    // are only meaningful on a volume that has not just deleted many files: not right
    // after another run of this bench, which deletes over a million as it ends. Within a
    // run nothing is deleted until the end (the ×100 corpus with its sites takes a few
    // GB), so that no cold build, here or at scale, follows a deletion.
    let runs: Vec<(usize, std::path::PathBuf)> = (0..rounds.min(3))
        .flat_map(|r| {
            let order = if r % 2 == 0 { [1, 2] } else { [2, 1] };
            order.map(|threads| (threads, t.join(format!("site-{threads}-{r}"))))
        })
        .collect();
    for (_, dir) in &runs {
        corpus(dir, 1);
    }
    let mut cold: [Vec<Duration>; 2] = [Vec::new(), Vec::new()];
    let mut warm: [Vec<Duration>; 2] = [Vec::new(), Vec::new()];
    for (threads, dir) in &runs {
        // Nothing left waiting to be written: the import syncs the file system before it
        // publishes refs (`syncfs`), and would otherwise also write out the pages of the
        // build before, whichever thread count that was.
        let _ = Command::new("sync").status();
        cold[threads - 1].push(time(&mut lexdiff_in(dir, *threads, &["build", "-q"])));
    }
    for (threads, dir) in &runs {
        warm[threads - 1].push(time(&mut lexdiff_in(dir, *threads, &["build", "-q"])));
    }
    let mut cold_by_threads = Vec::new();
    for (threads, (cold, warm)) in [1, 2].into_iter().zip(cold.into_iter().zip(warm)) {
        let (cold, warm) = (median(cold), median(warm));
        println!("| {threads} | {:.2} s | {:.2} s |", cold.as_secs_f64(), warm.as_secs_f64());
        cold_by_threads.push(cold);
    }
    let speedup = cold_by_threads[0].as_secs_f64() / cold_by_threads[1].as_secs_f64();
    println!(
        "\nCold build on two threads: {:.2} s (target < 3 s); speed-up 1→2 threads {speedup:.2}× (target ≥ 1.7×)",
        cold_by_threads[1].as_secs_f64()
    );
    if cold_by_threads[1] >= Duration::from_secs(3) {
        missed.push(format!("cold site build {:.2} s", cold_by_threads[1].as_secs_f64()));
    }
    if speedup < 1.7 {
        missed.push(format!("site build speed-up {speedup:.2}×"));
    }

    // Scale: the corpus copied under new ids.
    let factors: &[usize] = if quick { &[1, 3] } else { &[1, 10, 100] };
    println!("\n## Scale: the corpus ×N, built cold on two threads\n");
    println!("| copies | documents | build | per document | vs ×1 per document | peak RSS |");
    println!("| ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut base: Option<f64> = None;
    for &n in factors {
        let dir = t.join(format!("scale-{n}"));
        corpus(&dir, n);
        let docs = std::fs::read_dir(dir.join("versions")).unwrap().count();
        let d = time(&mut lexdiff_in(&dir, 2, &["import", "-q"]))
            + time(&mut lexdiff_in(&dir, 2, &["build", "-q", "--no-import", "--out", "site-a"]));
        let rss =
            memory(&[lexdiff(), "build", "-q", "--no-import", "--out", "site-b"], &dir).map(|(kib, _)| kib);
        let per = d.as_secs_f64() / docs as f64;
        let rel = per / *base.get_or_insert(per);
        println!(
            "| ×{n} | {docs} | {:.2} s | {:.2} ms | {rel:.2} | {} |",
            d.as_secs_f64(),
            per * 1e3,
            rss.map_or("-".into(), |k| format!("{:.0} MiB", k as f64 / 1024.0))
        );
        if rel > 1.3 {
            missed.push(format!("×{n} corpus: {rel:.2}× the cost per document of ×1 (target within 1.3×)"));
        }
    }
    report(&missed, tmp);
}

/// Prints the targets missed, deletes the run's folder and exits with 1 if a target was
/// missed (`exit` skips destructors: runs that missed one used to leave their scale
/// corpora behind, gigabytes each).
fn report(missed: &[String], tmp: tempfile::TempDir) {
    if missed.is_empty() {
        println!("\nAll targets met.");
    } else {
        println!("\nTargets missed:");
        for m in missed {
            println!("- {m}");
        }
    }
    drop(tmp);
    if !missed.is_empty() {
        std::process::exit(1);
    }
}
