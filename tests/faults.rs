//! Faults: `lexdiff build` and `lexdiff import` killed at random points leave the previous
//! site and store whole (and `git fsck` clean), and the next run completes; an output
//! folder that cannot be written, or fills up, gives a clear error and loses nothing.
//!
//! Kill points are drawn from a fixed seed (override with `LEXDIFF_FAULT_SEED`) over the
//! duration of an uninterrupted run measured first.

mod support;

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use support::synthetic::Lcg;
use support::{Project, git, repo_root, snapshot};

fn seed() -> u64 {
    std::env::var("LEXDIFF_FAULT_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20261129)
}

/// Kill points as fractions of a run's duration: `n` drawn at random, plus the very start.
fn kill_points(n: usize) -> Vec<f64> {
    let mut rng = Lcg::new(seed());
    let mut out = vec![0.0];
    out.extend((0..n).map(|_| rng.below(1000) as f64 / 1000.0));
    out
}

/// Runs `args` killed at each kill point, calling `check` after each run. A run that
/// finishes before its kill point was faster than the measured span: the span shrinks
/// so that later points still fall inside a run, and when fewer than `min_killed` runs
/// were killed, more points are drawn (up to twice as many again): the measured run may
/// have been slowed by a busy machine. Returns how many runs were killed.
fn interrupt(
    p: &Project,
    args: &[&str],
    mut span: Duration,
    n: usize,
    min_killed: usize,
    mut check: impl FnMut(Duration),
) -> usize {
    let mut killed = 0;
    let points = kill_points(3 * n);
    for (k, f) in points.into_iter().enumerate() {
        if k > n && killed >= min_killed {
            break;
        }
        let delay = Duration::from_micros(300) + span.mul_f64(f);
        if kill_after(p.command(args), delay) {
            killed += 1;
        } else {
            span = span.mul_f64(0.7);
        }
        check(delay);
    }
    killed
}

/// Spawns the command and SIGKILLs it after `delay` (unless it finished). Returns whether
/// it was killed.
fn kill_after(mut cmd: Command, delay: Duration) -> bool {
    let mut child = cmd.spawn().unwrap();
    let deadline = Instant::now() + delay;
    while Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let killed = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    child.wait().unwrap();
    killed
}

/// No temporary site folders (`.reports.build-…`, `.reports.old-…`) are left behind.
fn assert_no_staging_folders(p: &Project) {
    let debris = support::names_in(p.path(), |n| n.starts_with(".reports."));
    assert!(debris.is_empty(), "{debris:?}");
}

fn timed(p: &Project, args: &[&str]) -> Duration {
    let t = Instant::now();
    p.ok(args);
    t.elapsed()
}

fn refs(store: &Path) -> String {
    git(store, &["for-each-ref", "--format=%(refname) %(objectname)"])
}

const DOCS: [&str; 5] =
    ["state-secrets-law", "charity-law", "company-law", "criminal-law", "road-transport-regulations"];

#[test]
fn a_killed_build_leaves_the_previous_site_and_the_next_build_completes() {
    let p = Project::with_documents(&DOCS);
    p.ok(&["build", "-q"]);
    let before = snapshot(&p.path().join("reports"));
    // A new version, so that the next site differs from the one published.
    let text = std::fs::read_to_string(repo_root().join("versions/charity-law/2023.txt")).unwrap();
    let file = p.path().join("charity-2025.txt");
    std::fs::write(&file, text.replacen("慈善", "公益慈善", 3)).unwrap();
    p.ok(&["add", "charity-law", file.to_str().unwrap(), "--version", "2025", "--adopted", "2025-01-01"]);
    let span = timed(&p, &["build", "-q", "--out", "reports-timing"]);
    let mut seen = Vec::new();
    let killed = interrupt(&p, &["build", "-q"], span, 8, 3, |delay| {
        seen.push((delay, snapshot(&p.path().join("reports"))));
    });
    assert!(killed >= 3, "runs were interrupted ({killed}); span {span:?}");
    p.ok(&["build", "-q"]);
    let after = snapshot(&p.path().join("reports"));
    assert_ne!(before, after);
    for (delay, site) in seen {
        assert!(
            site == before || site == after,
            "killed after {delay:?}: the site is neither the old one nor the new one"
        );
    }
    assert_no_staging_folders(&p);
}

#[test]
fn a_killed_import_leaves_the_store_whole_and_the_next_import_completes() {
    // The whole bundled corpus, imported once without interruption for reference.
    let reference = Project::with_every_bundled_document();
    let span = timed(&reference, &["import", "-q"]);
    let expected = refs(&reference.store());

    let p = Project::with_every_bundled_document();
    let killed = interrupt(&p, &["import", "-q"], span, 8, 2, |_| {
        let store = p.store();
        if !store.join("HEAD").exists() {
            return; // killed before the store existed
        }
        git(&store, &["fsck", "--strict", "--no-progress"]);
        // Refs move together: none of the new ones, or all of them.
        let now = refs(&store);
        assert!(now.is_empty() || now == expected, "a partial import is visible:\n{now}");
    });
    assert!(killed >= 2, "runs were interrupted ({killed}); span {span:?}");
    p.ok(&["import", "-q"]);
    assert_eq!(refs(&p.store()), expected, "the completed import equals an uninterrupted one");
    git(&p.store(), &["fsck", "--strict", "--no-progress"]);
}

#[test]
fn an_output_folder_that_cannot_be_written_is_a_clear_error() {
    let p = Project::with_documents(&["state-secrets-law"]);
    // A folder nobody may write to: a read-only one, or /sys for root (who ignores modes).
    let root = unsafe { libc::geteuid() } == 0;
    let (out, _guard) = if root {
        (PathBuf::from("/sys/lexdiff-test-site"), None)
    } else {
        let ro = p.path().join("read-only");
        std::fs::create_dir_all(&ro).unwrap();
        std::fs::set_permissions(&ro, std::os::unix::fs::PermissionsExt::from_mode(0o555)).unwrap();
        (ro.join("site"), Some(ro))
    };
    if root && std::fs::create_dir(&out).is_ok() {
        std::fs::remove_dir(&out).unwrap();
        eprintln!("skipping: /sys is writable here");
        return;
    }
    let o = out.to_str().unwrap();
    let (code, _, err) = p.run(&["build", "--out", o]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(&format!("cannot write the site to {o}")), "{err}");
    assert!(err.contains("ermission denied") || err.contains("not permitted"), "{err}");
    assert!(!out.exists());
}

#[test]
fn a_full_disk_keeps_the_previous_site_and_leaves_no_debris() {
    let p = Project::with_documents(&["state-secrets-law"]);
    p.ok(&["build", "-q"]);
    let before = snapshot(&p.path().join("reports"));
    // A new document, imported: pages to write (unchanged ones would be linked from the
    // site).
    p.add_document("charity-law");
    p.ok(&["import", "-q"]);
    // Files may grow to 4 KiB only: writing a report fails as on a full disk (EFBIG
    // instead of ENOSPC; SIGXFSZ is ignored so the write returns the error).
    let mut cmd = p.command(&["build"]);
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit { rlim_cur: 4096, rlim_max: 4096 };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0
                || libc::signal(libc::SIGXFSZ, libc::SIG_IGN) == libc::SIG_ERR
            {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("cannot write the site to"), "{err}");
    assert!(err.contains("File too large"), "{err}");
    assert_eq!(snapshot(&p.path().join("reports")), before, "the published site is intact");
    assert_no_staging_folders(&p);
    // With room again, the build completes.
    p.ok(&["build", "-q"]);
}

#[test]
fn git_ref_locks_left_by_a_killed_writer_are_cleared() {
    let p = Project::with_documents(&["charity-law"]);
    p.ok(&["import", "-q"]);
    let store = p.store();
    // What a writer killed between locking and moving its refs leaves behind: git's lock
    // of the packed refs (lexdiff's own), and ref locks (packing refs takes them to
    // remove loose refs; git and older lexdiff versions lock refs one by one).
    std::fs::write(store.join("lexdiff.lock"), "writing 999999\n").unwrap();
    let stale = store.join("refs/heads/docs/charity-law.lock");
    std::fs::create_dir_all(stale.parent().unwrap()).unwrap();
    std::fs::write(&stale, "0000000000000000000000000000000000000000\n").unwrap();
    std::fs::write(store.join("refs/heads/main.lock"), "x").unwrap();
    let packed_lock = store.join("packed-refs.lock");
    std::fs::write(&packed_lock, "x").unwrap();
    // A new version must move exactly those refs.
    let text = std::fs::read_to_string(repo_root().join("versions/charity-law/2023.txt")).unwrap();
    let file = p.path().join("c.txt");
    std::fs::write(&file, text.replacen("慈善", "公益慈善", 1)).unwrap();
    p.ok(&["add", "charity-law", file.to_str().unwrap(), "--version", "2025", "--adopted", "2025-01-01"]);
    assert!(!stale.exists() && !packed_lock.exists());
    git(&store, &["fsck", "--strict", "--no-progress"]);
    assert!(git(&store, &["tag", "--list"]).contains("charity-law/2025"));
    // A clean release leaves the lock file empty, and nothing is removed next time.
    assert_eq!(std::fs::read_to_string(store.join("lexdiff.lock")).unwrap(), "");
}

/// Refs are published by one rename of `packed-refs`: a store never holds a loose ref
/// file that would make its refs move one by one, also when it had loose refs before
/// (written by git, or by lexdiff before refs were packed), and packed tags still peel.
#[test]
fn refs_move_in_one_rename_of_packed_refs() {
    let p = Project::with_documents(&["charity-law", "state-secrets-law"]);
    p.ok(&["import", "-q"]);
    let store = p.store();
    let loose = |store: &Path| -> Vec<PathBuf> {
        let mut out = Vec::new();
        let mut stack = vec![store.join("refs")];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                if e.path().is_dir() { stack.push(e.path()) } else { out.push(e.path()) }
            }
        }
        out
    };
    assert_eq!(loose(&store), Vec::<PathBuf>::new());
    let packed = std::fs::read_to_string(store.join("packed-refs")).unwrap();
    assert_eq!(packed.lines().filter(|l| !l.starts_with('#')).count(), refs(&store).lines().count());
    // A loose ref written by git is packed with the rest, and nothing is lost; a
    // symbolic ref stays as it is.
    git(&store, &["update-ref", "refs/heads/mine", "docs/charity-law"]);
    git(&store, &["tag", "-a", "-m", "a note", "my-tag", "charity-law/2016"]);
    git(&store, &["symbolic-ref", "refs/heads/alias", "refs/heads/main"]);
    assert_eq!(loose(&store).len(), 3);
    let text = std::fs::read_to_string(repo_root().join("versions/charity-law/2023.txt")).unwrap();
    let file = p.path().join("c.txt");
    std::fs::write(&file, text.replacen("慈善", "公益慈善", 1)).unwrap();
    p.ok(&["add", "charity-law", file.to_str().unwrap(), "--version", "2025", "--adopted", "2025-01-01"]);
    assert_eq!(loose(&store), [store.join("refs/heads/alias")]);
    let heads = git(&store, &["rev-parse", "alias", "main"]);
    assert_eq!(heads.lines().next(), heads.lines().nth(1));
    let now = refs(&store);
    assert!(now.contains("refs/heads/mine ") && now.contains("refs/tags/my-tag "), "{now}");
    assert!(now.contains("refs/tags/charity-law/2025 "), "{now}");
    let peeled = git(&store, &["rev-parse", "my-tag^{commit}", "charity-law/2016^{commit}"]);
    let lines: Vec<&str> = peeled.lines().collect();
    assert_eq!(lines[0], lines[1]);
    git(&store, &["fsck", "--strict", "--no-progress"]);
}
