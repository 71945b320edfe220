//! UTF-16 with a byte-order mark is converted; without one it is refused (NUL bytes).

use crate::harness::{Case, secrecy_2024};

fn utf16le(text: &str, bom: bool) -> Vec<u8> {
    let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

#[test]
fn utf16_with_a_bom_is_converted() {
    let c = Case::new();
    let text = secrecy_2024();
    let file = c.input("utf16.txt", &utf16le(&text, true));
    let (code, out, err) = c.p.run(&Case::add_args(&file, "2025"));
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("utf16.txt: converted from UTF-16LE"), "{err}");
    assert_eq!(c.stored("2025"), text);
}

#[test]
fn utf16_without_a_bom_is_refused() {
    let c = Case::new();
    let file = c.input("utf16-nobom.txt", &utf16le(&secrecy_2024(), false));
    c.refuses(
        &Case::add_args(&file, "2025"),
        &["utf16-nobom.txt:", "NUL byte", "UTF-16 without a byte-order mark"],
    );
}
