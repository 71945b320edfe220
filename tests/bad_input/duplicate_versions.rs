//! The same version label twice.

use crate::harness::{Case, secrecy_2024};

#[test]
fn a_duplicate_label_in_yaml_is_named() {
    let c = Case::new();
    c.edit_yaml("- label: '2024'", "- label: '2010'");
    let line = c.yaml_line("- label: '2010'");
    let err = c.refuses(&["import"], &["document.yaml:", "versions[1].label", "duplicate version `2010`"]);
    assert!(!err.contains(&format!("document.yaml:{line}:")), "points at the second entry, not the first");
}

#[test]
fn adding_an_existing_label_is_refused() {
    let c = Case::new();
    let file = c.input("x.txt", secrecy_2024().as_bytes());
    let mut args = Case::add_args(&file, "2024");
    c.refuses(&args, &["state-secrets-law already has a version `2024`"]);
    // Also when only the store has it.
    args.push("--store-only");
    c.refuses(&args, &["already has a version `2024`"]);
}
