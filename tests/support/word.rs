//! Word documents (.docx) for tests, written with the zip crate: the main part and the
//! package relationships, each line of a text a paragraph split into two runs (as Word
//! splits a paragraph at every change of formatting).

use std::io::Write;

/// A zip archive holding `entries` (name, content), stored uncompressed.
pub fn zip(entries: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A Word document whose paragraphs are the lines of `text`.
pub fn document(text: &str) -> Vec<u8> {
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let run = |s: &str| format!("<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>", escape(s));
    let body: String = text
        .lines()
        .map(|line| {
            let cut = line.char_indices().nth(line.chars().count() / 2).map_or(line.len(), |(i, _)| i);
            format!("<w:p>{}{}</w:p>", run(&line[..cut]), run(&line[cut..]))
        })
        .collect();
    let main = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    zip(&[("_rels/.rels", rels), ("word/document.xml", &main)])
}
