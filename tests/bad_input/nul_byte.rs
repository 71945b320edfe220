//! A NUL byte means a binary file: refused, naming the line.

use crate::harness::{Case, secrecy_2024};

#[test]
fn a_nul_byte_is_refused_with_its_line() {
    let c = Case::new();
    let text = secrecy_2024().replacen("第三条", "第三\0条", 1);
    let line = text.lines().position(|l| l.contains('\0')).unwrap() + 1;
    let file = c.input("nul.txt", text.as_bytes());
    c.refuses(&Case::add_args(&file, "2025"), &[&format!("nul.txt:{line}:"), "contains a NUL byte"]);
}
