//! Files that are no text, or a Word document that does not read: refused with what they
//! are and what to do, naming the file, and nothing stored.

use crate::harness::Case;
use crate::support::word::zip;

#[test]
fn pdf_doc_and_odt_files_are_refused_with_what_they_are() {
    let c = Case::new();
    let odt = zip(&[
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("content.xml", "<office:document/>"),
    ]);
    for (name, bytes, what) in [
        ("law.pdf", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n".to_vec(), "a PDF file"),
        (
            "law.doc",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0".to_vec(),
            "an old Word document (.doc): save it as .docx",
        ),
        ("law.odt", odt, "an OpenDocument file (.odt)"),
    ] {
        let file = c.input(name, &bytes);
        c.refuses(&Case::add_args(&file, "2025"), &[&format!("{name}: {what}")]);
    }
}

#[test]
fn a_word_document_that_does_not_read_is_refused() {
    let c = Case::new();
    let broken = zip(&[(
        "word/document.xml",
        "<w:document><w:body><w:p><w:r><w:t>第一条 未闭合</w:r></w:p></w:body></w:document>",
    )]);
    let file = c.input("broken.docx", &broken);
    c.refuses(&Case::add_args(&file, "2025"), &["broken.docx: word/document.xml: malformed XML at byte"]);
    let truncated = &zip(&[("word/document.xml", "<w:document/>")])[..30];
    let file = c.input("truncated.docx", truncated);
    c.refuses(&Case::add_args(&file, "2025"), &["truncated.docx: not a readable zip file"]);
}
