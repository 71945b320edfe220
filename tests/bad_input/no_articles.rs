//! A law without articles (a wrong file, a report given as a law).

use crate::harness::Case;

#[test]
fn a_law_without_articles_is_refused() {
    let c = Case::new();
    let file = c.input("notes.txt", "中华人民共和国保守国家秘密法\n读书笔记：本法很重要。\n".as_bytes());
    c.refuses(&Case::add_args(&file, "2025"), &["notes.txt:", "no articles found"]);
}
