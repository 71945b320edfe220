//! A corrupted object in the store: reading it is a clear error naming the store and the
//! object, and no command makes things worse.

use std::os::unix::fs::PermissionsExt;

use crate::harness::Case;
use crate::support::git;

#[test]
fn a_corrupted_blob_is_reported_and_nothing_is_written() {
    let c = Case::new();
    let store = c.p.store();
    let blob = git(&store, &["rev-parse", "state-secrets-law/2024:state-secrets-law.txt"]).trim().to_string();
    let path = store.join("objects").join(&blob[..2]).join(&blob[2..]);
    assert!(path.is_file(), "the blob is a loose object");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::write(&path, b"this is not a zlib stream").unwrap();
    // Reading from the store only.
    c.refuses_keeping(&["--versions", "none", "show", "state-secrets-law@2024"], &["store", &blob[..7]]);
    c.refuses_keeping(&["--versions", "none", "diff", "state-secrets-law", "2010", "2024"], &[&blob[..7]]);
    // Importing compares texts by their hashes, which the damage does not change: it
    // writes nothing and does not spread the damage.
    let before = c.state();
    let out = c.p.ok(&["import"]);
    assert!(out.contains("up to date"), "{out}");
    assert_eq!(c.state(), before);
    // `git fsck` finds the damage lexdiff reported.
    let fsck = std::process::Command::new("git")
        .arg("-C")
        .arg(&store)
        .args(["fsck", "--no-progress"])
        .output()
        .unwrap();
    assert!(!fsck.status.success());
}
