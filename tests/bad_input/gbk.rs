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

#[test]
fn import_tells_which_texts_in_versions_were_converted() {
    let c = Case::new();
    let text = secrecy_2024();
    let (bytes, _, _) = encoding_rs::GBK.encode(&text);
    std::fs::write(c.path().join("versions/state-secrets-law/2025.txt"), &bytes).unwrap();
    let yaml = c.path().join("versions/state-secrets-law/document.yaml");
    let mut meta = std::fs::read_to_string(&yaml).unwrap();
    meta.push_str("- label: '2025'\n  adopted: '2025-01-01'\n  source: a GBK copy of the 2024 text\n");
    std::fs::write(&yaml, meta).unwrap();
    let (code, out, err) = c.p.run(&["import"]);
    assert_eq!(code, 0, "{out}{err}");
    let said = "state-secrets-law/2025.txt: converted from gb18030 to UTF-8";
    assert!(err.contains(said), "{err}");
    assert!(!err.contains("2024.txt"), "only converted texts are named: {err}");
    assert_eq!(c.stored("2025"), text);
    // Told once, when the version is stored: the next import has nothing to say.
    let (code, out, err) = c.p.run(&["import"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!err.contains("converted"), "{err}");
    c.fsck();
}
