//! A document kind lexdiff does not know.

use crate::harness::Case;

#[test]
fn an_unknown_kind_lists_the_known_ones() {
    let c = Case::new();
    let line = c.yaml_line("kind: law");
    c.edit_yaml("kind: law", "kind: statute");
    c.refuses(
        &["import"],
        &[&format!("document.yaml:{line}:"), "unknown variant `statute`", "`law`, `report`"],
    );
}
