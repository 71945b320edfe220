//! Word documents (.docx) for tests, written with the zip crate: the main part, the
//! package relationships and the lists, each line of a text a paragraph split into two
//! runs (as Word splits a paragraph at every change of formatting).

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
    package(text, |_| None)
}

/// A Word document as a law drafted with Word's lists has it: the numbers of articles
/// (`第一条 `) and of their items (`（一）`) are not in the text but drawn by a list
/// (`第%1条` and `（%2）`, Chinese numerals).
pub fn numbered_document(text: &str) -> Vec<u8> {
    const NUMERALS: &str = "一二三四五六七八九十百千零";
    package(text, |line| {
        let number_end = |open: &str, close: char| -> Option<usize> {
            let rest = line.strip_prefix(open)?;
            let digits = rest.find(|c: char| !NUMERALS.contains(c))?;
            (digits > 0 && rest[digits..].starts_with(close)).then(|| open.len() + digits + close.len_utf8())
        };
        if let Some(end) = number_end("第", '条') {
            // The list draws the space after the number.
            Some((0, line[end..].trim_start().len(), line.len()))
        } else {
            number_end("（", '）').map(|end| (1, line.len() - end, line.len()))
        }
    })
}

/// The package of `text`, a paragraph per line. `list(line)` says which lines a list
/// numbers: `(level, length of the text after the number, length of the line)`.
fn package(text: &str, list: impl Fn(&str) -> Option<(u8, usize, usize)>) -> Vec<u8> {
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let run = |s: &str| format!("<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>", escape(s));
    let body: String = text
        .lines()
        .map(|line| {
            let (props, line) = match list(line) {
                Some((level, rest, len)) => (
                    format!(
                        r#"<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr></w:pPr>"#
                    ),
                    &line[len - rest..],
                ),
                None => (String::new(), line),
            };
            let cut = line.char_indices().nth(line.chars().count() / 2).map_or(line.len(), |(i, _)| i);
            format!("<w:p>{props}{}{}</w:p>", run(&line[..cut]), run(&line[cut..]))
        })
        .collect();
    let main = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let numbering = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1条"/><w:suff w:val="space"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;
    zip(&[("_rels/.rels", rels), ("word/document.xml", &main), ("word/numbering.xml", numbering)])
}
