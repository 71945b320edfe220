//! The text of a Word document (`.docx`, Office Open XML). The national database of laws
//! (flk.npc.gov.cn) gives each law as a Word file: reading one saves copying its text out
//! by hand, which is where lines get joined and characters lost.
//!
//! One line per paragraph, as the plain texts have it. Read is what Word shows: the text
//! runs of the main document part, tracked insertions included, tracked deletions and
//! moved-away text left out, a text box once (not its fallback copy). Footnotes, headers
//! and comments live in other parts and are not read.

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

/// A docx (like every zip file) starts with a local file header.
pub(super) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// The most XML read from the document part. The civil code, the longest law, is about
/// 5 MiB of it; much more is a zip bomb or not a law.
const MAX_XML_BYTES: u64 = 64 << 20;

/// The text of a docx, and what a reader should know about it.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct DocxText {
    pub text: String,
    /// Paragraphs numbered by Word's automatic numbering: their numbers (`第一条`,
    /// `（一）`) are not in the text, so they read as unnumbered.
    pub auto_numbered: usize,
}

/// Reads the text of the main document part of a docx. Errors are messages for the user.
pub(super) fn read(bytes: &[u8]) -> Result<DocxText, String> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("not a readable zip file: {e}"))?;
    let part = main_part(&mut zip)?;
    let mut xml = String::new();
    let file = zip.by_name(&part).map_err(|e| format!("cannot read {part}: {e}"))?;
    file.take(MAX_XML_BYTES + 1).read_to_string(&mut xml).map_err(|e| format!("cannot read {part}: {e}"))?;
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(format!("{part} holds more than {} MiB of XML", MAX_XML_BYTES >> 20));
    }
    let doc = paragraphs(&xml).map_err(|e| format!("{part}: {e}"))?;
    if doc.text.len() as u64 > super::MAX_TEXT_BYTES {
        return Err(format!("its text is larger than {} MiB", super::MAX_TEXT_BYTES >> 20));
    }
    Ok(doc)
}

/// The name of the main document part: `word/document.xml` in every Word, WPS and
/// LibreOffice file seen, else where the package's relationships point.
fn main_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<String, String> {
    const USUAL: &str = "word/document.xml";
    if zip.index_for_name(USUAL).is_some() {
        return Ok(USUAL.into());
    }
    let what = |zip: &zip::ZipArchive<_>| {
        if zip.index_for_name("content.xml").is_some() {
            "an OpenDocument file (.odt): save it as .docx or as plain text"
        } else if zip.index_for_name("xl/workbook.xml").is_some() {
            "a spreadsheet, not a text"
        } else {
            "a zip archive but not a Word document (no word/document.xml)"
        }
    };
    let mut rels = String::new();
    if let Ok(f) = zip.by_name("_rels/.rels") {
        f.take(1 << 20).read_to_string(&mut rels).map_err(|e| format!("cannot read _rels/.rels: {e}"))?;
    }
    office_document(&rels).filter(|p| zip.index_for_name(p).is_some()).ok_or_else(|| what(zip).into())
}

/// The target of the package relationship of type `officeDocument`, as a part name.
fn office_document(rels: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(rels);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == "Relationship"
                    && attribute(&e, "Type").is_some_and(|t| t.ends_with("/officeDocument")) =>
            {
                return attribute(&e, "Target").map(|t| t.trim_start_matches('/').to_string());
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// The value of an attribute, by local name (`w:val` is `val`).
fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

/// The paragraphs of a WordprocessingML document, a line each. Elements are matched by
/// local name: the `w:` prefix is a convention, not a rule.
fn paragraphs(xml: &str) -> Result<DocxText, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut text = String::with_capacity(xml.len() / 8);
    // Inside a text run (`w:t`); inside content Word does not show (depth).
    let (mut in_text, mut hidden) = (false, 0usize);
    let (mut numbered, mut auto_numbered) = (false, 0);
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("malformed XML at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "t" => in_text = true,
                // Deleted text moved elsewhere; the fallback copy of a text box.
                "moveFrom" | "Fallback" => hidden += 1,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "moveFrom" | "Fallback" => hidden = hidden.saturating_sub(1),
                "p" if hidden == 0 => {
                    auto_numbered += usize::from(std::mem::take(&mut numbered));
                    text.push('\n');
                }
                _ => {}
            },
            Event::Empty(e) if hidden == 0 => match e.local_name().as_ref() {
                "tab" => text.push('\t'),
                "br" | "cr" => text.push('\n'),
                "noBreakHyphen" => text.push('-'),
                // `w:numId w:val="0"` takes a style's numbering away.
                "numId" => numbered = attribute(&e, "val").is_some_and(|v| v != "0"),
                "p" => text.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text && hidden == 0 => text.push_str(&t.xml10_content()),
            Event::CData(t) if in_text && hidden == 0 => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text && hidden == 0 => match r.resolve_char_ref() {
                Ok(Some(c)) => text.push(c),
                Ok(None) => match quick_xml::escape::resolve_predefined_entity(&r) {
                    Some(s) => text.push_str(s),
                    None => return Err(format!("unknown entity &{};", &*r)),
                },
                Err(e) => return Err(format!("bad character reference &{};: {e}", &*r)),
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(DocxText { text, auto_numbered })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A docx holding `body` as the body of its main part (and the other parts Word writes).
    pub(crate) fn docx(body: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let parts = [
            ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#.to_string()),
            ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string()),
            ("word/document.xml", format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}</w:body></w:document>"#)),
        ];
        for (name, content) in parts {
            zip.start_file(name, opts).expect("zip entry");
            zip.write_all(content.as_bytes()).expect("zip write");
        }
        zip.finish().expect("zip").into_inner()
    }

    fn p(runs: &str) -> String {
        format!("<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr>{runs}</w:p>")
    }

    fn r(text: &str) -> String {
        format!("<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
    }

    #[test]
    fn one_line_per_paragraph_from_the_runs_word_shows() {
        let body = [
            p(&r("中华人民共和国保守国家秘密法")),
            p(""),
            // A paragraph split into runs, with an entity and a character reference.
            p(&format!("{}{}{}", r("第一条　为了保守国家秘密，"), r("维护国家安全&amp;利益"), r("&#x3002;"))),
            // Tracked changes: the deletion is not read, the insertion is.
            p(&format!(
                "{}<w:del><w:r><w:delText>保护</w:delText></w:r></w:del><w:ins>{}</w:ins>{}",
                r("第二条　国家秘密受法律"),
                r("保障"),
                r("。")
            )),
            // Text moved away is gone from here; a text box is read once.
            p(&format!("<w:moveFrom>{}</w:moveFrom>{}", r("旧文"), r("第三条　新文。"))),
            p(&format!(
                "<mc:AlternateContent><mc:Choice>{}</mc:Choice><mc:Fallback>{}</mc:Fallback></mc:AlternateContent>",
                r("框中文字"),
                r("框中文字")
            )),
            // A line break inside a paragraph, and a field's instruction left out.
            p(&format!(
                "{}<w:r><w:br/></w:r>{}<w:r><w:instrText> PAGE </w:instrText></w:r>",
                r("第四条　甲；"),
                r("乙。")
            )),
        ]
        .concat();
        let got = read(&docx(&body)).expect("reads");
        assert_eq!(
            got.text,
            "中华人民共和国保守国家秘密法\n\n第一条　为了保守国家秘密，维护国家安全&利益。\n\
             第二条　国家秘密受法律保障。\n第三条　新文。\n框中文字\n第四条　甲；\n乙。\n"
        );
        assert_eq!(got.auto_numbered, 0);
    }

    #[test]
    fn automatic_numbering_is_counted() {
        let numbered = |id: &str| {
            format!(
                "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{id}\"/></w:numPr></w:pPr>{}</w:p>",
                r("条文")
            )
        };
        let body = [numbered("3"), numbered("3"), numbered("0"), p(&r("正文"))].concat();
        let got = read(&docx(&body)).expect("reads");
        assert_eq!(got.text, "条文\n条文\n条文\n正文\n");
        assert_eq!(got.auto_numbered, 2);
    }

    #[test]
    fn a_zip_that_is_not_a_word_document_is_named() {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("content.xml", zip::write::SimpleFileOptions::default()).expect("entry");
        zip.write_all(b"<office:document/>").expect("write");
        let odt = zip.finish().expect("zip").into_inner();
        assert_eq!(read(&odt).unwrap_err(), "an OpenDocument file (.odt): save it as .docx or as plain text");
        assert!(read(b"PK\x03\x04 truncated").unwrap_err().starts_with("not a readable zip file"));
        let broken = docx("<w:p><w:r><w:t>未闭合</w:r></w:p>");
        let err = read(&broken).unwrap_err();
        assert!(err.starts_with("word/document.xml: malformed XML at byte"), "{err}");
    }

    /// A main part named elsewhere is found through the package relationships.
    #[test]
    fn the_main_part_is_found_through_the_relationships() {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        zip.start_file("_rels/.rels", opts).expect("entry");
        zip.write_all(br#"<Relationships><Relationship Id="r" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>"#).expect("write");
        zip.start_file("word/document2.xml", opts).expect("entry");
        zip.write_all(
            "<w:document><w:body><w:p><w:r><w:t>正文</w:t></w:r></w:p></w:body></w:document>".as_bytes(),
        )
        .expect("write");
        let bytes = zip.finish().expect("zip").into_inner();
        assert_eq!(read(&bytes).expect("reads").text, "正文\n");
    }
}
