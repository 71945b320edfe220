//! Version labels become file names, tags and page names: unsafe ones are refused.

use crate::harness::{Case, secrecy_2024};

#[test]
fn unsafe_version_labels_are_refused_on_the_command_line() {
    let c = Case::new();
    let file = c.input("x.txt", secrecy_2024().as_bytes());
    for (label, why) in [
        ("../x", "it contains `..`"),
        ("a/b", "only ASCII letters, digits, `.`, `_` and `-` are allowed"),
        ("a\\b", "only ASCII letters, digits, `.`, `_` and `-` are allowed"),
        ("a\u{1b}[31mb", "only ASCII letters, digits, `.`, `_` and `-` are allowed"),
        ("2025\n", "only ASCII letters, digits, `.`, `_` and `-` are allowed"),
    ] {
        c.refuses(&Case::add_args(&file, label), &["invalid VersionLabel", why]);
    }
    assert!(!c.path().join("versions/x.txt").exists());
}

#[test]
fn unsafe_version_labels_are_refused_in_yaml() {
    let c = Case::new();
    let line = c.yaml_line("- label: '2024'");
    c.edit_yaml("- label: '2024'", "- label: '../../2024'");
    c.refuses(&["import"], &[&format!("document.yaml:{line}:"), "versions[1].label", "it contains `..`"]);
}
