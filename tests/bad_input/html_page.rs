//! A law saved from a web page: read as the paragraphs of the page's main text, in the
//! encoding the page was saved in; a page without text is refused.

use crate::harness::{Case, secrecy_2024};

/// The secrecy law as an old government page lays one out: GBK, a table for the layout,
/// the law in a cell with its lines separated by `<br>`, links and a footer around it.
fn as_old_page(law: &str) -> Vec<u8> {
    let lines: String = law.lines().map(|l| format!("&nbsp;&nbsp;{l}<br>\r\n")).collect();
    let page = format!(
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">\r\n<HTML><HEAD>\
         <META http-equiv=Content-Type content=\"text/html; charset=gb2312\"><TITLE>中华人民共和国保守国家秘密法</TITLE>\
         <SCRIPT>var a = '<td>x</td>';</SCRIPT></HEAD>\r\n<BODY><TABLE><TR><TD class=menu><A href=\"/\">首页</A> | <A href=\"/fl\">法律</A>\
         <TR><TD id=Zoom>{lines}<TR><TD class=bottom>版权所有 中国人大网</TABLE></BODY></HTML>"
    );
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&page);
    assert!(!unmappable, "the page is GBK-encodable");
    bytes.into_owned()
}

#[test]
fn a_law_saved_from_a_web_page_is_stored_as_its_text() {
    let c = Case::new();
    let law = secrecy_2024();
    let file = c.input("law.html", &as_old_page(&law));
    let (code, out, err) = c.p.run(&Case::add_args(&file, "2025"));
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("law.html: converted from GBK (as the page declares) to UTF-8"), "{err}");
    assert!(
        // Left out: `首页|法律` and `版权所有中国人大网`.
        err.contains(
            "law.html: read from an HTML page, a line per paragraph: the text of <td id=\"Zoom\">; 14 characters of menus, links and the like left out"
        ),
        "{err}"
    );
    // The text is the law's, its paragraphs a line each: nothing of the page around it.
    // (Spaces are laid out as a browser shows them: ` 第一章 总  则` is `第一章 总 则`.)
    let stored = c.stored("2025");
    assert_eq!(stored.lines().count(), law.lines().count(), "{stored}");
    for (s, l) in stored.lines().zip(law.lines()) {
        let squeezed: Vec<&str> = l.split([' ', '\u{3000}']).filter(|w| !w.is_empty()).collect();
        assert_eq!(s.split([' ', '\u{3000}']).filter(|w| !w.is_empty()).collect::<Vec<_>>(), squeezed);
    }
    let back = c.input("stored.txt", stored.as_bytes());
    let original = c.input("law.txt", law.as_bytes());
    let (code, out, err) = c.p.run(&["diff", "--files", original.to_str().unwrap(), back.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    c.fsck();
}

#[test]
fn a_page_without_text_is_refused() {
    let c = Case::new();
    let file = c.input(
        "empty.html",
        b"<!DOCTYPE html><html><head><title>x</title><script>var s = 1;</script></head><body></body></html>",
    );
    c.refuses(&Case::add_args(&file, "2025"), &["empty.html: an HTML page without text"]);
}
