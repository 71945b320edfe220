//! An empty (or blank) file is not a version.

use crate::harness::Case;

#[test]
fn an_empty_file_is_refused() {
    let c = Case::new();
    for (name, bytes) in [("empty.txt", &b""[..]), ("blank.txt", &b"\n  \n\t\n"[..])] {
        let file = c.input(name, bytes);
        c.refuses(&Case::add_args(&file, "2025"), &[&format!("{name}:1:"), "the text is empty"]);
    }
}
