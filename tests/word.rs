//! The comparison as a Word document (`diff -o report.docx`): the 修订对照表 as a table
//! whose marks are Word formatting, read back from the file itself.

mod support;

use std::io::Read;

use support::Project;

/// Runs `diff` on the secrecy law into a .docx (extra arguments after), returning the
/// file's bytes.
fn secrecy_docx(p: &Project, extra: &[&str]) -> Vec<u8> {
    let out = p.path().join("report.docx");
    let args =
        [&["diff", "state-secrets-law", "2010", "2024", "-o", out.to_str().unwrap()][..], extra].concat();
    let (code, _, err) = p.run(&args);
    assert_eq!(code, 1, "{err}");
    std::fs::read(&out).unwrap()
}

/// The main part of a Word document, checked to be well-formed XML.
fn document_xml(docx: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip file");
    for part in ["[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/styles.xml"] {
        assert!(zip.index_for_name(part).is_some(), "{part} is in the package");
    }
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("word/document.xml is not well-formed at {}: {e}", reader.error_position()),
        }
    }
    xml
}

/// The table row (`<w:tr>…</w:tr>`) holding `text`.
fn row_with<'x>(xml: &'x str, text: &str) -> &'x str {
    let at = xml.find(text).unwrap_or_else(|| panic!("{text} is in the document"));
    row_at(xml, at)
}

/// The row of a unit's cell, by the unit's name (`第十八条`), which opens the cell in a
/// run of its own (a split's change column names it too, inside a longer run).
fn row_of_unit<'x>(xml: &'x str, name: &str) -> &'x str {
    row_with(xml, &format!(r#"<w:t xml:space="preserve">{name}</w:t>"#))
}

fn row_at(xml: &str, at: usize) -> &str {
    let start = xml[..at].rfind("<w:tr>").unwrap();
    let end = at + xml[at..].find("</w:tr>").unwrap();
    &xml[start..end]
}

#[test]
fn the_word_report_marks_changes_as_formatting() {
    let p = Project::with_documents(&["state-secrets-law"]);
    let docx = secrecy_docx(&p, &[]);
    let xml = document_xml(&docx);
    // Inserted text is bold and underlined, deleted text struck through, and a reference
    // that only follows the renumbering (old 50 → new 59: 第二十八条 → 第三十四条) is
    // underlined with dots.
    let ins = r#"<w:rPr><w:b/><w:color w:val="0050A0"/><w:u w:val="single"/></w:rPr><w:t xml:space="preserve">现代化</w:t>"#;
    assert!(row_with(&xml, "保障改革开放和社会主义").contains(ins), "article 1 gains 现代化");
    let del = r#"<w:rPr><w:strike/><w:color w:val="C00000"/></w:rPr><w:t xml:space="preserve">市、自治州一级的</w:t>"#;
    assert!(xml.contains(del), "article 13 loses 市、自治州一级的");
    let reference = r#"<w:rPr><w:u w:val="dotted"/></w:rPr><w:t xml:space="preserve">第三十四条</w:t>"#;
    assert!(row_of_unit(&xml, "第五十九条").contains(reference));
    assert!(row_of_unit(&xml, "第五十九条").contains("[原第五十条]"));
    // A split spans its rows: old 13 is shown once, beside new 17 and 18.
    let split = row_of_unit(&xml, "第十八条");
    assert!(split.contains("<w:vMerge/>") && !split.contains("应当遵守定密权限"), "{split}");
    assert!(row_of_unit(&xml, "第十七条").contains(r#"<w:vMerge w:val="restart"/>"#));
    // The unchanged article 2 is left out, as in the terminal output; --all keeps it.
    assert!(!xml.contains("国家秘密是关系国家安全和利益"));
    let all = document_xml(&secrecy_docx(&p, &["--all"]));
    assert!(all.contains("国家秘密是关系国家安全和利益") && all.contains("未修改 unchanged"));

    // Read back as text, the table holds both versions' wording.
    let text = p.ok(&["-q", "text", p.path().join("report.docx").to_str().unwrap()]);
    assert!(text.starts_with("中华人民共和国保守国家秘密法 修订对照表\n2010 → 2024\n"), "{text}");
    assert!(text.contains("第三条　坚持中国共产党对保守国家秘密（以下简称保密）工作的领导。"), "{text}");
}

/// The same comparison gives the same bytes, on one thread or two: a .docx written
/// again is not a change to commit or publish.
#[test]
fn the_word_report_is_the_same_bytes_every_time() {
    let p = Project::with_documents(&["state-secrets-law"]);
    let run = |threads: &str| {
        let out = p.path().join(format!("report-{threads}.docx"));
        let status = p
            .command(&[
                "diff",
                "state-secrets-law",
                "2010",
                "2024",
                "-f",
                "docx",
                "-o",
                out.to_str().unwrap(),
            ])
            .env("RAYON_NUM_THREADS", threads)
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(1));
        std::fs::read(&out).unwrap()
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    assert_eq!(one, run("1"));
}

/// The document part of the Word report of a bundled document's two versions.
fn report_xml(id: &str, old: &str, new: &str) -> String {
    let p = Project::with_documents(&[id]);
    let out = p.path().join("r.docx");
    let (code, _, err) = p.run(&["diff", id, old, new, "-o", out.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    document_xml(&std::fs::read(&out).unwrap())
}

/// The document part of a small revision, a line per paragraph and row.
#[test]
fn word_report_snapshot() {
    insta::assert_snapshot!(report_xml("road-transport-regulations", "2022", "2023"));
}

/// The site offers each comparison as a Word file beside its page: the report `diff`
/// writes, byte for byte, linked from the page's downloads.
#[test]
fn the_site_offers_the_word_report() {
    let p = Project::with_documents(&["state-secrets-law"]);
    p.ok(&["build", "-q"]);
    let compare = p.path().join("reports/state-secrets-law/compare");
    let from_site = std::fs::read(compare.join("2010..2024.docx")).unwrap();
    assert_eq!(from_site, secrecy_docx(&p, &[]));
    let page = std::fs::read_to_string(compare.join("2010..2024.html")).unwrap();
    assert!(page.contains(r#"<a href="2010..2024.docx" download>Word</a>"#), "the page links it");
}

/// LibreOffice, a word processor other than the one lexdiff is, reads the Word report
/// lexdiff writes, and writes a Word file lexdiff reads as the text it came from. Needs
/// `soffice`; skipped when it is missing, unless LEXDIFF_OFFICE_TESTS=1 (set by .ci/run)
/// makes that a failure.
#[test]
fn libreoffice_reads_the_report_and_writes_a_text_lexdiff_reads() {
    let soffice = std::env::var("SOFFICE").unwrap_or_else(|_| "soffice".into());
    let found =
        std::process::Command::new(&soffice).arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        assert!(std::env::var_os("LEXDIFF_OFFICE_TESTS").is_none(), "LibreOffice (soffice) is missing");
        eprintln!("skipping the LibreOffice test: soffice missing");
        return;
    }
    let p = Project::with_documents(&["state-secrets-law"]);
    secrecy_docx(&p, &[]);
    // A profile of its own: LibreOffice refuses to share one between running instances.
    let profile = format!("-env:UserInstallation=file://{}", p.path().join("lo-profile").display());
    let convert = |file: &str, to: &str, filter: &[&str]| {
        let out = std::process::Command::new(&soffice)
            .args([profile.as_str(), "--headless"])
            .args(filter)
            .args(["--convert-to", to, "--outdir", p.path().to_str().unwrap(), file])
            .output()
            .unwrap();
        assert!(out.status.success(), "soffice: {}", String::from_utf8_lossy(&out.stderr));
    };
    convert(p.path().join("report.docx").to_str().unwrap(), "txt:Text (encoded):UTF8", &[]);
    let text = std::fs::read_to_string(p.path().join("report.txt")).unwrap();
    for expected in
        ["中华人民共和国保守国家秘密法 修订对照表", "说明 Change", "拆分 split", "第三条　坚持中国共产党"]
    {
        assert!(text.contains(expected), "LibreOffice read no {expected:?}:\n{text}");
    }

    let plain = p.path().join("versions/state-secrets-law/2024.txt");
    convert(plain.to_str().unwrap(), "docx", &["--infilter=Text (encoded):UTF8"]);
    let written = p.path().join("2024.docx");
    let (code, out, err) = p.run(&["diff", "--files", plain.to_str().unwrap(), written.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("65 unchanged"), "{out}");
}

/// A government work report's Word report opens with its targets, paired by indicator,
/// and the terms that appeared and vanished, as its HTML report does.
#[test]
fn a_reports_word_report_has_its_targets_and_terms() {
    let xml = report_xml("gov-work-report-national", "2024", "2025");
    let targets = xml.find("量化指标 Targets").expect("a targets heading");
    let table = xml.find("说明 Change").expect("the comparison table");
    assert!(targets < table, "targets come first");
    let gdp = row_with(&xml, "国内生产总值增长");
    assert!(gdp.contains("5%左右") && gdp.contains("unchanged"), "{gdp}");
    let prices = row_with(&xml, "居民消费价格涨幅");
    assert!(prices.contains("3%左右") && prices.contains("2%左右"), "{prices}");
    assert!(xml.contains("新出现 Appeared: ") && xml.contains("已消失 Vanished: "));
}

/// Text formatted alike is one run however many pieces it came in: no two runs in a row
/// of a paragraph have the same properties (the company law's report, with headings
/// retitled, splits and renumbered references, had 824 such pairs among its 5,014 runs).
#[test]
fn runs_formatted_alike_are_written_as_one() {
    let xml = report_xml("company-law", "2018", "2023");
    let mut runs_seen = 0;
    for paragraph in xml.split("<w:p>").skip(1) {
        let paragraph = paragraph.split("</w:p>").next().unwrap();
        let props: Vec<&str> = paragraph
            .split("<w:r>")
            .skip(1)
            .map(|r| if r.starts_with("<w:rPr>") { &r[..r.find("</w:rPr>").unwrap()] } else { "" })
            .collect();
        runs_seen += props.len();
        for (k, pair) in props.windows(2).enumerate() {
            let tab = paragraph.split("<w:r>").nth(k + 2).unwrap().contains("<w:tab/>");
            assert!(pair[0] != pair[1] || tab, "two runs formatted alike in a row: {paragraph}");
        }
    }
    assert!(runs_seen > 2000, "{runs_seen} runs");
}
