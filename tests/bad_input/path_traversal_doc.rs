//! Document ids become path segments (store files, branches, site folders): anything that
//! could climb out of a folder or hide in a terminal is refused.

use crate::harness::{Case, secrecy_2024};

#[test]
fn unsafe_document_ids_are_refused() {
    let c = Case::new();
    let file = c.input("x.txt", secrecy_2024().as_bytes());
    let f = file.to_str().unwrap();
    for (id, why) in [
        ("../evil", "it contains `..`"),
        ("..", "it contains `..`"),
        ("a/b", "only lowercase ASCII letters, digits and `-` are allowed"),
        ("a\\b", "only lowercase ASCII letters, digits and `-` are allowed"),
        ("a\u{7}b", "only lowercase ASCII letters, digits and `-` are allowed"),
        ("/etc", "it must start with a letter or digit"),
        ("", "empty"),
    ] {
        c.refuses(
            &["add", id, f, "--version", "1", "--adopted", "2020-01-01", "--title", "x"],
            &["invalid DocId", why],
        );
    }
    let parent = c.path().parent().unwrap();
    assert!(!parent.join("evil").exists() && !parent.join("evil.txt").exists());
}

#[test]
fn a_versions_folder_with_an_unsafe_name_is_refused() {
    let c = Case::new();
    let bad = c.path().join("versions/Secrets..Law");
    std::fs::create_dir_all(&bad).unwrap();
    for f in ["document.yaml", "2010.txt", "2024.txt"] {
        std::fs::copy(c.path().join("versions/state-secrets-law").join(f), bad.join(f)).unwrap();
    }
    c.refuses(&["import"], &["Secrets..Law", "invalid DocId"]);
}
