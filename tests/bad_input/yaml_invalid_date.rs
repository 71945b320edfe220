//! Dates that do not exist, in YAML and on the command line.

use crate::harness::{Case, secrecy_2024};

#[test]
fn a_date_that_does_not_exist_names_file_line_and_field() {
    let c = Case::new();
    let line = c.yaml_line("adopted: '2024-02-27'");
    c.edit_yaml("adopted: '2024-02-27'", "adopted: '2024-02-30'");
    c.refuses(
        &["import"],
        &[&format!("document.yaml:{line}:"), "versions[1].adopted", "invalid date `2024-02-30`"],
    );
}

#[test]
fn a_malformed_date_on_the_command_line_is_refused() {
    let c = Case::new();
    let file = c.input("x.txt", secrecy_2024().as_bytes());
    let f = file.to_str().unwrap();
    for bad in ["2023-02-30", "2024/01/01", "yesterday", "2024-1-1"] {
        c.refuses(
            &["add", "state-secrets-law", f, "--version", "2025", "--adopted", bad],
            &["--adopted", bad, "YYYY-MM-DD"],
        );
    }
}
