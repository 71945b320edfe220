//! Parse + align + diff, release build, in process.
//!
//! Run with `cargo bench --bench pipeline`. Each case is timed over many iterations after
//! a warm-up and reported as the median, with the ratio to a baseline measured in the
//! same run: a plain character diff of the same two texts with `similar` (no parsing, no
//! alignment, no words). Cases run on a rayon pool of one thread and of two threads.
//!
//! Targets (issue 4): secrecy 2010→2024, company 2018→2023 and criminal 2020→2023 under
//! 5 ms each on one thread; the civil code against a synthetic edit of itself under 30 ms.
//! The process-level comparison with git and difflib is `benches/compare.rs`; figures for
//! both are in BENCHMARKS.md.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use lexdiff::align::Overrides;
use lexdiff::compare::{CompareOptions, Header, compare};
use lexdiff::model::Kind;
use lexdiff::parse::parse;

mod synthetic {
    include!("../tests/support/synthetic.rs");
}

fn read(doc: &str, version: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("versions").join(doc).join(format!("{version}.txt"));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn pipeline(old: &str, new: &str, kind: Kind) -> usize {
    let o = parse(old, kind).expect("parses").document;
    let n = parse(new, kind).expect("parses").document;
    let c = compare(Header::default(), &o, &n, &Overrides::default(), &CompareOptions::default());
    c.rows.len()
}

fn baseline(old: &str, new: &str) -> usize {
    similar::TextDiff::configure().algorithm(similar::Algorithm::Myers).diff_chars(old, new).ops().len()
}

/// Median time of `f` over enough iterations to fill about `budget`.
fn median(budget: Duration, mut f: impl FnMut() -> usize) -> Duration {
    for _ in 0..3 {
        black_box(f());
    }
    let start = Instant::now();
    black_box(f());
    let one = start.elapsed().max(Duration::from_micros(1));
    let n = (budget.as_secs_f64() / one.as_secs_f64()).clamp(11.0, 2001.0) as usize;
    let mut times: Vec<Duration> = (0..n)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed()
        })
        .collect();
    times.sort();
    times[n / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    // `cargo test --benches` runs benches with `--bench` absent; keep that quick.
    let quick = !std::env::args().any(|a| a == "--bench");
    let budget = if quick { Duration::from_millis(20) } else { Duration::from_secs(2) };
    // `cargo bench --bench pipeline -- company`: only the cases whose name holds `company`
    // (for a profiler, or a quicker look at one case).
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let civil = read("civil-code", "2020");
    let civil_edit = synthetic::edit_law(&civil, 2024);
    let cases: Vec<(&str, String, String, Kind, f64)> = vec![
        (
            "state-secrets-law 2010→2024",
            read("state-secrets-law", "2010"),
            read("state-secrets-law", "2024"),
            Kind::Law,
            5.0,
        ),
        ("company-law 2018→2023", read("company-law", "2018"), read("company-law", "2023"), Kind::Law, 5.0),
        (
            "criminal-law 2020→2023",
            read("criminal-law", "2020"),
            read("criminal-law", "2023"),
            Kind::Law,
            5.0,
        ),
        (
            "gov-work-report-national 2024→2025",
            read("gov-work-report-national", "2024"),
            read("gov-work-report-national", "2025"),
            Kind::Report,
            f64::INFINITY,
        ),
        ("civil-code 2020→synthetic edit", civil, civil_edit, Kind::Law, 30.0),
    ];
    let pools: Vec<(usize, rayon::ThreadPool)> = [1, 2]
        .into_iter()
        .map(|n| (n, rayon::ThreadPoolBuilder::new().num_threads(n).build().expect("thread pool")))
        .collect();
    println!(
        "{:<36} {:>10} {:>10} {:>10} {:>9} {:>9} {:>8}  target (1 thread)",
        "case", "baseline", "1 thread", "2 threads", "1t/base", "1t/2t", ""
    );
    let mut failed = false;
    for (name, old, new, kind, target) in &cases {
        if filter.as_ref().is_some_and(|f| !name.contains(f.as_str())) {
            continue;
        }
        let base = median(budget, || baseline(old, new));
        let times: Vec<Duration> = pools
            .iter()
            .map(|(_, pool)| pool.install(|| median(budget, || pipeline(old, new, *kind))))
            .collect();
        let (t1, t2) = (ms(times[0]), ms(times[1]));
        let ok = t1 < *target;
        failed |= !ok;
        let target = if target.is_finite() {
            format!("< {target} ms {}", if ok { "ok" } else { "MISSED" })
        } else {
            "-".into()
        };
        println!(
            "{name:<36} {:>8.3}ms {t1:>8.3}ms {t2:>8.3}ms {:>9.2} {:>9.2} {:>8}  {target}",
            ms(base),
            t1 / ms(base),
            t1 / t2,
            ""
        );
    }
    if let Some(f) = &filter
        && !cases.iter().any(|c| c.0.contains(f.as_str()))
    {
        eprintln!("no case's name holds {f:?}");
        std::process::exit(2);
    }
    if failed && !quick {
        std::process::exit(1);
    }
}
