//! GBK (the common Windows encoding of Chinese): converted, with a notice, stored exactly.

use crate::harness::{Case, secrecy_2024};

#[test]
fn gbk_text_is_converted_with_a_notice_and_stored_exactly() {
    let c = Case::new();
    let text = secrecy_2024();
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable, "the law is GBK-encodable");
    assert!(std::str::from_utf8(&bytes).is_err(), "the input really is not UTF-8");
    let file = c.input("gbk.txt", &bytes);
    let (code, out, err) = c.p.run(&Case::add_args(&file, "2025"));
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("gbk.txt: converted from gb18030 to UTF-8"), "{err}");
    assert_eq!(c.stored("2025"), text);
    let copy = std::fs::read(c.path().join("versions/state-secrets-law/2025.txt")).unwrap();
    assert_eq!(copy, text.as_bytes(), "versions/ holds the UTF-8 text");
    c.fsck();
}
