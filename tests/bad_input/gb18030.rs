//! GB18030 with a character outside GBK (four bytes in GB18030): converted losslessly.

use crate::harness::{Case, secrecy_2024};

#[test]
fn gb18030_four_byte_characters_survive_conversion() {
    let c = Case::new();
    // 𠮷 (U+20BB7) is not in GBK; GB18030 encodes it in four bytes.
    let text = secrecy_2024().replacen("国家秘密", "国家秘密𠮷", 1);
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    let file = c.input("gb18030.txt", &bytes);
    let (code, out, err) = c.p.run(&Case::add_args(&file, "2025"));
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("converted from gb18030 to UTF-8"), "{err}");
    assert!(c.stored("2025").contains("国家秘密𠮷"));
    assert_eq!(c.stored("2025"), text);
}
