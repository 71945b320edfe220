//! A store path that is a file, or a folder that is not a git repository.

use crate::harness::Case;

#[test]
fn a_store_path_that_is_a_file_is_a_clear_error() {
    let c = Case::new();
    let file = c.input("not-a-store", b"x");
    let f = file.to_str().unwrap();
    c.refuses(&["--store", f, "import"], &["is a file, not a store"]);
    c.refuses(&["--store", f, "log", "state-secrets-law"], &["is a file, not a store"]);
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
}

#[test]
fn a_folder_that_is_not_a_store_is_not_taken_over() {
    let c = Case::new();
    let dir = c.path().join("photos");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("cat.jpg"), b"meow").unwrap();
    c.refuses(&["--store", dir.to_str().unwrap(), "import"], &["photos", "not a lexdiff store"]);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
}
