//! Unknown fields are refused (a typo must not silently drop a date or a source).

use crate::harness::Case;

#[test]
fn an_unknown_field_is_named_with_its_line() {
    let c = Case::new();
    c.edit_yaml("  source:", "  sourse:");
    let line = c.yaml_line("sourse:");
    c.refuses(
        &["import"],
        &[
            &format!("versions/state-secrets-law/document.yaml:{line}:"),
            "versions[0]",
            "unknown field `sourse`",
        ],
    );
}

#[test]
fn an_unknown_top_level_field_is_named() {
    let c = Case::new();
    c.edit_yaml("kind:", "kidn:");
    c.refuses(&["import"], &["document.yaml:", "unknown field `kidn`"]);
}
