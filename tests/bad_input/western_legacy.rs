//! A Western legacy encoding is refused rather than guessed.

use crate::harness::Case;

#[test]
fn windows_1252_is_refused_not_guessed() {
    let c = Case::new();
    let text =
        "Loi sur le secret\nArticle premier. La présente loi régit la protection des secrets d'État.\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let file = c.input("latin.txt", &bytes);
    c.refuses(&Case::add_args(&file, "2025"), &["latin.txt:2:", "not UTF-8", "convert the file to UTF-8"]);
}

/// A web page that declares its encoding is read in it: that is no guess.
#[test]
fn a_page_in_the_windows_1252_it_declares_is_read() {
    let c = Case::new();
    let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head>\
        <body><p>Loi sur le secret</p><p>Article premier. La présente loi régit la protection des secrets d'État.</p></body></html>";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(page);
    assert!(std::str::from_utf8(&bytes).is_err(), "the page really is not UTF-8");
    let file = c.input("latin.html", &bytes);
    let (code, out, err) = c.p.run(&["-q", "text", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "Loi sur le secret\nArticle premier. La présente loi régit la protection des secrets d'État.\n"
    );
    let (_, _, told) = c.p.run(&["text", file.to_str().unwrap()]);
    assert!(
        told.contains("latin.html: converted from windows-1252 (as the page declares) to UTF-8"),
        "{told}"
    );
    // A page that says it is in an encoding it is not is refused.
    let (bytes, _, _) = encoding_rs::GBK
        .encode("<html><meta charset=\"shift_jis\"><p>第一条 国家秘密受法律保护。</p></html>");
    let file = c.input("wrong.html", &bytes);
    let (code, _, err) = c.p.run(&["text", file.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("wrong.html: not valid Shift_JIS, the encoding the page declares"), "{err}");
}
