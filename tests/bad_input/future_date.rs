//! A version cannot be adopted after today, nor take effect before it was adopted.

use crate::harness::{Case, secrecy_2024};

#[test]
fn a_future_date_is_refused_in_yaml_and_on_the_command_line() {
    let c = Case::new();
    let line = c.yaml_line("adopted: '2024-02-27'");
    c.edit_yaml("adopted: '2024-02-27'", "adopted: '2099-02-27'");
    c.refuses(&["import"], &[&format!("document.yaml:{line}:"), "versions[1].adopted", "is in the future"]);
    c.edit_yaml("adopted: '2099-02-27'", "adopted: '2024-02-27'");
    let file = c.input("x.txt", secrecy_2024().as_bytes());
    let f = file.to_str().unwrap();
    c.refuses(
        &["add", "state-secrets-law", f, "--version", "2099", "--adopted", "2099-01-01"],
        &["--adopted 2099-01-01 is in the future"],
    );
    c.refuses(
        &[
            "add",
            "state-secrets-law",
            f,
            "--version",
            "2025",
            "--adopted",
            "2025-01-01",
            "--effective",
            "2024-12-31",
        ],
        &["--effective 2024-12-31 is before --adopted 2025-01-01"],
    );
}
