//! Malformed YAML names the file and the line; nothing is imported from it.

use crate::harness::Case;

#[test]
fn malformed_yaml_names_file_and_line() {
    let c = Case::new();
    c.edit_yaml("title: ", "title: \"unclosed ");
    c.refuses(&["import"], &["versions/state-secrets-law/document.yaml:", "did not find expected"]);
    // Other commands reading the folder say the same.
    c.refuses(&["check"], &["document.yaml:"]);
}

#[test]
fn a_tab_indented_yaml_names_its_line() {
    let c = Case::new();
    c.edit_yaml("\n  adopted:", "\n\tadopted:");
    let line = c.yaml_line("\tadopted:");
    c.refuses(&["import"], &[&format!("document.yaml:{line}:")]);
}
