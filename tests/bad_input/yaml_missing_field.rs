//! A missing required field is named with the entry it is missing from.

use crate::harness::Case;

#[test]
fn a_missing_adopted_date_is_named() {
    let c = Case::new();
    let line = c.yaml_line("  adopted:");
    let yaml_path = c.path().join("versions/state-secrets-law/document.yaml");
    let yaml = std::fs::read_to_string(&yaml_path).unwrap();
    let without: Vec<&str> =
        yaml.lines().enumerate().filter(|(i, _)| i + 1 != line).map(|(_, l)| l).collect();
    std::fs::write(&yaml_path, without.join("\n") + "\n").unwrap();
    c.refuses(&["import"], &["document.yaml:", "versions[0]", "missing field `adopted`"]);
}

#[test]
fn a_missing_title_is_named() {
    let c = Case::new();
    let yaml_path = c.path().join("versions/state-secrets-law/document.yaml");
    let yaml = std::fs::read_to_string(&yaml_path).unwrap();
    let without: Vec<&str> = yaml.lines().filter(|l| !l.starts_with("title:")).collect();
    std::fs::write(&yaml_path, without.join("\n") + "\n").unwrap();
    c.refuses(&["import"], &["document.yaml:", "missing field `title`"]);
}
