//! CRLF and lone CR line ends become LF: the same text with other line ends is the same
//! version, not a change.

use crate::harness::{Case, secrecy_2024};

#[test]
fn crlf_and_cr_line_ends_are_the_same_text() {
    let c = Case::new();
    let text = secrecy_2024();
    let path = c.path().join("versions/state-secrets-law/2024.txt");
    for ends in ["\r\n", "\r"] {
        std::fs::write(&path, text.replace('\n', ends)).unwrap();
        let before = c.state();
        let out = c.p.ok(&["import"]);
        assert!(out.contains("up to date: no new commit"), "{ends:?}: {out}");
        assert_eq!(c.state(), before);
    }
    // Added as a new version, the text is stored with LF.
    let file = c.input("crlf.txt", text.replace('\n', "\r\n").as_bytes());
    let (code, out, err) = c.p.run(&Case::add_args(&file, "2025"));
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("line ends converted to LF"), "{err}");
    assert_eq!(c.stored("2025"), text);
}
