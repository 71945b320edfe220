//! Same input, same bytes: the whole bundled site and every JSON output are identical
//! across runs and across `RAYON_NUM_THREADS=1` and `=2`.

mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;

use support::{Project, snapshot};

/// Runs lexdiff with a given thread count; requires success (or exit 1 for comparisons).
fn run(p: &Project, threads: &str, args: &[&str]) -> Vec<u8> {
    let out = p.command(args).env("RAYON_NUM_THREADS", threads).output().unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "lexdiff {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Compares two snapshots and names the first differing file.
fn assert_same(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>, what: &str) {
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "{what}: different files");
    if let Some((path, _)) = a.iter().find(|(k, v)| b[*k] != **v) {
        panic!("{what}: {} differs", path.display());
    }
}

#[test]
fn the_bundled_site_is_byte_identical_with_one_and_two_threads() {
    let p = Project::with_every_bundled_document();
    run(&p, "2", &["build", "-q", "--out", "two"]);
    run(&p, "1", &["build", "-q", "--no-import", "--out", "one"]);
    run(&p, "2", &["build", "-q", "--no-import", "--out", "two-again"]);
    let two = snapshot(&p.path().join("two"));
    assert!(two.len() > 1000, "the whole corpus was built ({} files)", two.len());
    assert_same(&two, &snapshot(&p.path().join("one")), "1 vs 2 threads");
    assert_same(&two, &snapshot(&p.path().join("two-again")), "two runs");
}

/// Documents are imported in parallel: the objects, and so every ref, are the same.
#[test]
fn imports_make_the_same_commits_with_one_and_two_threads() {
    let docs =
        ["state-secrets-law", "criminal-law", "company-law", "road-transport-regulations", "charity-law"];
    let refs = |threads: &str| {
        let p = Project::with_documents(&docs);
        run(&p, threads, &["import", "-q"]);
        support::git(&p.store(), &["for-each-ref", "--format=%(objectname) %(refname)"])
    };
    let one = refs("1");
    // A branch per document, a tag per version (two each, three road-transport ones), main.
    assert_eq!(one.lines().count(), docs.len() + 11 + 1, "{one}");
    assert_eq!(one, refs("2"));
}

#[test]
fn json_outputs_are_byte_identical_with_one_and_two_threads() {
    let p = Project::with_documents(&[
        "state-secrets-law",
        "criminal-law",
        "company-law",
        "gov-work-report-national",
        "road-transport-regulations",
    ]);
    let commands: Vec<Vec<&str>> = vec![
        vec!["diff", "state-secrets-law", "2010", "2024", "--format", "json"],
        vec!["diff", "company-law", "2018", "2023", "--format", "json"],
        vec!["diff", "criminal-law", "2020", "2023", "--format", "json"],
        vec!["diff", "gov-work-report-national", "2024", "2025", "--format", "json"],
        vec!["targets", "gov-work-report-national", "--format", "json"],
        vec!["blame", "road-transport-regulations", "--format", "json"],
        vec!["history", "state-secrets-law", "--article", "34", "--format", "json"],
        vec!["show", "criminal-law", "--format", "json"],
    ];
    for args in &commands {
        let one = run(&p, "1", args);
        let two = run(&p, "2", args);
        assert!(one.len() > 100, "{args:?} printed JSON");
        serde_json::from_slice::<serde_json::Value>(&one).unwrap();
        assert!(one == two, "{args:?} differs between 1 and 2 threads");
        assert!(two == run(&p, "2", args), "{args:?} differs between runs");
    }
}
