//! A UTF-8 byte-order mark is dropped: the stored text starts with the title.

use crate::harness::{Case, secrecy_2024};

#[test]
fn a_utf8_bom_is_dropped() {
    let c = Case::new();
    let text = secrecy_2024();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    let file = c.input("bom.txt", &bytes);
    let (code, out, err) = c.p.run(&Case::add_args(&file, "2025"));
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(c.stored("2025"), text);
    assert!(!c.stored("2025").starts_with('\u{FEFF}'));
}

#[test]
fn invalid_utf8_after_a_bom_names_the_line() {
    let c = Case::new();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice("中华人民共和国保守国家秘密法\n第一条 为了\n".as_bytes());
    bytes.extend_from_slice(b"\xFF\xFE\xFD\n");
    let file = c.input("bad-bom.txt", &bytes);
    c.refuses(
        &Case::add_args(&file, "2025"),
        &["bad-bom.txt:3:", "invalid UTF-8 after a UTF-8 byte-order mark"],
    );
}
