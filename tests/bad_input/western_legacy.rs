//! A Western legacy encoding is refused rather than guessed.

use crate::harness::Case;

#[test]
fn windows_1252_is_refused_not_guessed() {
    let c = Case::new();
    let text =
        "Loi sur le secret\nArticle premier. La présente loi régit la protection des secrets d'État.\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let file = c.input("latin.txt", &bytes);
    c.refuses(&Case::add_args(&file, "2025"), &["latin.txt:2:", "not UTF-8", "convert the file to UTF-8"]);
}
