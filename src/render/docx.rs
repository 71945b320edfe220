//! Word (`.docx`): the 修订对照表 as a Word table, for amendment reports written in Word.
//!
//! The same rows, groups and marks as the HTML report ([`compare_view`]): old text on the
//! left with deletions struck through, new text on the right with insertions in bold and
//! underlined, a cross-reference that only follows the renumbering underlined with dots,
//! and the kind of change in the third column; a split or merge spans its rows. Marks are
//! formatting, not colour alone, so that a black-and-white print keeps them. Unchanged
//! rows are left out unless asked for, as the terminal output leaves them out.

use std::fmt::Write as _;
use std::io::Write as _;

use super::escape_xml;
use super::view::{CellView, ChangeView, CompareView, InsightsView, RowView, compare_view};
use crate::compare::Comparison;

/// Column widths in twentieths of a point: old and new text, then the change (an A4 page
/// less 2 cm margins is 9,638).
const COLUMNS: [u32; 3] = [4000, 4000, 1638];

/// Renders a comparison as a Word document (the bytes of a `.docx` file). `all` keeps
/// the unchanged rows.
pub fn render(c: &Comparison, all: bool) -> Vec<u8> {
    render_view(c, &compare_view(c, &|_, _| None), all)
}

/// [`render`] from the comparison's view, when one is at hand (the site's page of it).
pub fn render_view(c: &Comparison, view: &CompareView, all: bool) -> Vec<u8> {
    package(&document(c, view, all))
}

/// `word/document.xml`.
fn document(c: &Comparison, v: &CompareView, all: bool) -> String {
    let mut out = String::with_capacity(c.rows.iter().map(|r| row_text_len(r) * 2).sum::<usize>() + 4096);
    out.push_str(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
    ));
    paragraph(&mut out, Some("Title"), &[("", &format!("{} 修订对照表", v.title))]);
    paragraph(&mut out, None, &[("b", &format!("{} → {}", v.old.label, v.new.label))]);
    for (name, side) in [("旧版 old", &v.old), ("新版 new", &v.new)] {
        let mut line = format!("{name}: {}", side.label);
        if let Some(d) = &side.adopted {
            let _ = write!(line, "; 通过 adopted {d}");
        }
        if let Some(d) = &side.effective {
            let _ = write!(line, "; 施行 effective {d}");
        }
        if let Some(act) = &side.amended_by {
            let _ = write!(line, "; {act}");
        }
        paragraph(&mut out, None, &[("", &line)]);
        if let Some(title) = &side.title {
            paragraph(&mut out, None, &[("b", "名称 title: "), ("", title)]);
        }
        if let Some(caveat) = &side.caveat {
            paragraph(&mut out, None, &[("b", "注意 Note: "), ("", caveat)]);
        }
    }
    let mut summary = format!(
        "{} → {} {}{}; {} changed; {} characters deleted, {} inserted",
        v.old_units, v.new_units, v.unit_name, v.other_units, v.changed, v.chars_deleted, v.chars_inserted
    );
    if v.reference_only > 0 {
        let _ = write!(summary, "; {} only follow renumbered references", v.reference_only);
    }
    if v.moved > 0 {
        let _ = write!(summary, "; {} moved", v.moved);
    }
    if v.reviewed > 0 {
        let _ = write!(summary, "; {} reviewed", v.reviewed);
    }
    let counts: Vec<String> = v
        .counts
        .iter()
        .filter(|k| k.count > 0)
        .map(|k| format!("{} {} {}", k.label, k.kind, k.count))
        .collect();
    paragraph(&mut out, None, &[("", &format!("{summary}. {}.", counts.join(", ")))]);
    for h in &v.headings {
        let mut runs = vec![("b", format!("章节标题 {} {}: ", h.label, h.kind))];
        match (&h.old, &h.new) {
            (Some(o), Some(n)) => runs.extend([("", o.clone()), ("", " → ".to_string()), ("", n.clone())]),
            (Some(o), None) => runs.push(("del", o.clone())),
            (None, Some(n)) => runs.push(("ins", n.clone())),
            (None, None) => {}
        }
        let runs: Vec<(&str, &str)> = runs.iter().map(|(style, text)| (*style, text.as_str())).collect();
        paragraph(&mut out, None, &runs);
    }
    paragraph(
        &mut out,
        None,
        &[
            ("", "标记 Marks: "),
            ("del", "删除的文字 deleted"),
            ("", ", "),
            ("ins", "新增的文字 inserted"),
            ("", ", "),
            ("ref", "随条号变化的引用 reference renumbered"),
            ("", "."),
        ],
    );
    if let Some(i) = &v.insights {
        insights(&mut out, i);
    }
    table(&mut out, v, c, all);
    out.push('\n');
    out.push_str(
        r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    );
    out
}

/// About the characters a row's two texts have.
fn row_text_len(r: &crate::compare::ComparedRow) -> usize {
    r.old.as_ref().map_or(0, |u| u.text.len()) + r.new.as_ref().map_or(0, |u| u.text.len())
}

/// The comparison table: a header row repeated on every page, a full-width row for each
/// heading (chapter, section), then the rows under it.
fn table(out: &mut String, v: &CompareView, c: &Comparison, all: bool) {
    table_start(out, &COLUMNS);
    header_row(out, &COLUMNS, [v.old.label.as_str(), v.new.label.as_str(), "说明 Change"], None);
    for s in &v.sections {
        let shown: Vec<&RowView> = s.rows.iter().filter(|r| all || !is_unchanged(r)).collect();
        if shown.is_empty() {
            continue;
        }
        if let Some(h) = s.heading.as_deref().filter(|h| !h.is_empty()) {
            out.push_str("\n<w:tr>");
            cell_start(out, 0, "", Some("F2F2F2"), 3);
            paragraph(out, None, &[("b", h)]);
            out.push_str("</w:tc></w:tr>");
        }
        for row in shown {
            // Rows may break across pages: Word clips a row that may not and is taller
            // than a page (long articles with many items).
            out.push_str("\n<w:tr>");
            for (i, (cell, covered)) in
                [(&row.old, row.old_covered), (&row.new, row.new_covered)].into_iter().enumerate()
            {
                match cell {
                    Some(cell) => unit_cell(out, i, cell, c),
                    None if covered => continued(out, i),
                    None => {
                        cell_start(out, i, "", None, 1);
                        out.push_str("<w:p/></w:tc>");
                    }
                }
            }
            match &row.change {
                Some(change) => change_cell(out, change),
                None => continued(out, 2),
            }
            out.push_str("</w:tr>");
        }
    }
    out.push_str("\n</w:tbl>\n<w:p/>");
}

/// Opens a table with ruled cells and fixed columns of these widths.
fn table_start(out: &mut String, columns: &[u32]) {
    out.push('\n');
    // Properties in the order the schema gives them: Word may refuse a file that does not.
    out.push_str(r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>"#);
    for edge in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        let _ = write!(out, r#"<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="auto"/>"#);
    }
    out.push_str(r#"</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>"#);
    for w in columns {
        let _ = write!(out, r#"<w:gridCol w:w="{w}"/>"#);
    }
    out.push_str("</w:tblGrid>");
}

/// A table's header row, repeated on every page: a shaded cell of each width, its title
/// in bold.
fn header_row<'t>(
    out: &mut String,
    widths: &[u32],
    titles: impl IntoIterator<Item = &'t str>,
    style: Option<&str>,
) {
    out.push_str("\n<w:tr><w:trPr><w:tblHeader/></w:trPr>");
    for (width, title) in widths.iter().zip(titles) {
        cell_open(out, *width, "", Some("D9D9D9"), 1);
        paragraph(out, style, &[("b", title)]);
        out.push_str("</w:tc>");
    }
    out.push_str("</w:tr>");
}

/// For reports: the quantitative targets of both versions paired by indicator (a table:
/// indicator, then each version's value with its change), then the terms that appeared
/// and vanished, as the HTML report has them.
fn insights(out: &mut String, i: &InsightsView) {
    let t = &i.targets;
    if !t.rows.is_empty() {
        paragraph(out, None, &[("b", "量化指标 Targets")]);
        let first = 2400;
        let rest = (COLUMNS.iter().sum::<u32>() - first) / t.versions.len().max(1) as u32;
        let widths: Vec<u32> = std::iter::once(first).chain(t.versions.iter().map(|_| rest)).collect();
        table_start(out, &widths);
        let titles = std::iter::once("指标 Indicator").chain(t.versions.iter().map(String::as_str));
        header_row(out, &widths, titles, Some("Narrow"));
        for row in &t.rows {
            out.push_str("\n<w:tr>");
            cell_open(out, widths[0], "", None, 1);
            paragraph(out, Some("Narrow"), &[("b", &row.indicator)]);
            out.push_str("</w:tc>");
            for (k, c) in row.cells.iter().enumerate() {
                cell_open(out, widths[k + 1], "", None, 1);
                let value = if c.text.is_empty() { "—" } else { c.text.as_str() };
                let change =
                    if c.change.is_empty() { String::new() } else { format!(" {} {}", c.arrow, c.change) };
                let notes = c.notes.iter().map(|n| format!(" ({n})")).collect::<String>();
                paragraph(out, Some("Narrow"), &[("", value), ("b", &change), ("", &notes)]);
                out.push_str("</w:tc>");
            }
            out.push_str("</w:tr>");
        }
        out.push_str("\n</w:tbl>\n<w:p/>");
    }
    for (title, class, terms) in
        [("新出现 Appeared: ", "ins", &i.appeared), ("已消失 Vanished: ", "del", &i.vanished)]
    {
        if terms.is_empty() {
            continue;
        }
        let mut runs: Vec<(&str, String)> = vec![("b", title.to_string())];
        for (k, term) in terms.iter().enumerate() {
            runs.push((class, term.term.clone()));
            runs.push(("", format!(" ×{}{}", term.count, if k + 1 < terms.len() { "、" } else { "" })));
        }
        let runs: Vec<(&str, &str)> = runs.iter().map(|(c, t)| (*c, t.as_str())).collect();
        paragraph(out, None, &runs);
    }
}

/// A single row whose texts are the same (a split or merge is never unchanged).
fn is_unchanged(r: &RowView) -> bool {
    r.group.is_none() && r.change.as_ref().is_some_and(|c| c.kind == "unchanged")
}

/// Opens column `i`'s cell, `merge` being its vertical merge (`restart`, or empty).
fn cell_start(out: &mut String, i: usize, merge: &str, fill: Option<&str>, span: usize) {
    cell_open(out, COLUMNS[i..i + span].iter().sum(), merge, fill, span);
}

/// Opens a cell `width` twips wide spanning `span` grid columns.
fn cell_open(out: &mut String, width: u32, merge: &str, fill: Option<&str>, span: usize) {
    let _ = write!(out, r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>"#);
    if span > 1 {
        let _ = write!(out, r#"<w:gridSpan w:val="{span}"/>"#);
    }
    if !merge.is_empty() {
        let _ = write!(out, r#"<w:vMerge w:val="{merge}"/>"#);
    }
    if let Some(fill) = fill {
        let _ = write!(out, r#"<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>"#);
    }
    out.push_str("</w:tcPr>");
}

/// The cell of column `i` that a cell above spans over.
fn continued(out: &mut String, i: usize) {
    let _ = write!(
        out,
        r#"<w:tc><w:tcPr><w:tcW w:w="{}" w:type="dxa"/><w:vMerge/></w:tcPr><w:p/></w:tc>"#,
        COLUMNS[i]
    );
}

fn merge(rowspan: usize) -> &'static str {
    if rowspan > 1 { "restart" } else { "" }
}

/// A unit's cell: its name (and badges) in bold, then its text a paragraph per line,
/// indented by depth, the changes marked.
fn unit_cell(out: &mut String, i: usize, cell: &CellView, c: &Comparison) {
    cell_start(out, i, merge(cell.rowspan), None, 1);
    let depths = cell.source.unit(c).map_or(&[][..], |u| &u.depths[..]);
    let mut depth = depths.iter().copied();
    paragraph_start(out, depth.next().unwrap_or(0));
    let mut runs = Runs::default();
    runs.push(out, "b", &cell.name);
    for b in &cell.badges {
        runs.push(out, "", &format!(" [{}]", b.text));
    }
    runs.push(out, "", "　");
    cell.source.for_each_piece(c, |class, text, new_line| {
        if new_line {
            runs.flush(out);
            out.push_str("</w:p>");
            paragraph_start(out, depth.next().unwrap_or(0));
        }
        runs.push(out, class, text);
    });
    runs.flush(out);
    out.push_str("</w:p></w:tc>");
}

/// The change column: the kind, its badges, the characters changed, and for a split or
/// merge the pairs it is made of.
fn change_cell(out: &mut String, change: &ChangeView) {
    cell_start(out, 2, merge(change.rowspan), None, 1);
    // Short lines in a narrow column: aligned left, not justified (`仅 条 号 变 化`).
    let style = Some("Narrow");
    paragraph(out, style, &[("b", &format!("{} {}", change.label, change.kind))]);
    for b in &change.badges {
        paragraph(out, style, &[("", &b.text)]);
    }
    if !change.chars.is_empty() {
        paragraph(out, style, &[("", &change.chars)]);
    }
    for p in &change.pairs {
        paragraph(out, style, &[("", p)]);
    }
    out.push_str("</w:tc>");
}

/// Opens a paragraph indented by `depth` (items, sub-items). Every paragraph and row
/// starts a line of the XML (Word ignores the line breaks between elements), so that two
/// reports can be compared as text.
fn paragraph_start(out: &mut String, depth: u8) {
    if depth == 0 {
        out.push_str("\n<w:p>");
    } else {
        let _ = write!(out, "\n<w:p><w:pPr><w:ind w:left=\"{}\"/></w:pPr>", u32::from(depth) * 420);
    }
}

/// A paragraph of runs (class, text), in a paragraph style when given.
fn paragraph(out: &mut String, style: Option<&str>, runs: &[(&str, &str)]) {
    match style {
        Some(s) => {
            let _ = write!(out, "\n<w:p><w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>");
        }
        None => out.push_str("\n<w:p>"),
    }
    let mut buffer = Runs::default();
    for (class, text) in runs {
        buffer.push(out, class, text);
    }
    buffer.flush(out);
    out.push_str("</w:p>");
}

/// The runs of one paragraph as they are written: pieces formatted alike in a row
/// (`第二节 股东大会`, ` → `, `第二节 股东会`; the space after an article's number and its
/// kept text) make one run, as a word processor writes them, not one each.
#[derive(Default)]
struct Runs {
    props: &'static str,
    text: String,
}

impl Runs {
    fn push(&mut self, out: &mut String, class: &str, text: &str) {
        if text.is_empty() {
            return;
        }
        let props = props(class);
        if props != self.props {
            self.flush(out);
            self.props = props;
        }
        self.text.push_str(text);
    }

    /// Writes the run pending; call it before the paragraph ends.
    fn flush(&mut self, out: &mut String) {
        run(out, self.props, &self.text);
        self.text.clear();
    }
}

/// The run properties of a class: `del` struck through, `ins` bold and underlined, `ref`
/// underlined with dots, `b` bold, any other plain (run properties, like all of
/// WordprocessingML's, in schema order).
fn props(class: &str) -> &'static str {
    match class {
        "del" => r#"<w:rPr><w:strike/><w:color w:val="C00000"/></w:rPr>"#,
        "ins" => r#"<w:rPr><w:b/><w:color w:val="0050A0"/><w:u w:val="single"/></w:rPr>"#,
        "ref" => r#"<w:rPr><w:u w:val="dotted"/></w:rPr>"#,
        "b" => "<w:rPr><w:b/></w:rPr>",
        _ => "",
    }
}

/// A run of text with the given run properties ([`props`]).
fn run(out: &mut String, props: &str, text: &str) {
    if text.is_empty() {
        return;
    }
    // A tab is an element of its own in a run.
    for (k, part) in text.split('\t').enumerate() {
        out.push_str("<w:r>");
        out.push_str(props);
        if k > 0 {
            out.push_str("<w:tab/>");
        }
        if !part.is_empty() {
            out.push_str(r#"<w:t xml:space="preserve">"#);
            escape_xml(out, part);
            out.push_str("</w:t>");
        }
        out.push_str("</w:r>");
    }
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// Body text 10.5 pt (五号) in 宋体 for Chinese, justified; a title of 16 pt (三号); the
/// change column's short lines aligned left.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="SimSun" w:cs="Times New Roman"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="60" w:line="276" w:lineRule="auto"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="240"/><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:eastAsia="SimHei"/><w:b/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Narrow"><w:name w:val="Narrow"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="left"/></w:pPr></w:style></w:styles>"#;

/// The zip package around the document part. Entries carry a fixed date (1980-01-01,
/// zip's epoch), so the same comparison gives the same bytes.
fn package(document: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(document.len() / 4 + 4096)));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        // The fastest level: a report is made for every comparison of a site, and the
        // XML of a law compresses about tenfold even so.
        .compression_level(Some(1))
        .last_modified_time(zip::DateTime::default());
    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", STYLES),
        ("word/document.xml", document),
    ];
    for (name, content) in parts {
        // Writing to memory cannot fail but for a zip too large, which these are not.
        zip.start_file(name, options).expect("a zip entry in memory");
        zip.write_all(content.as_bytes()).expect("writing to memory");
    }
    zip.finish().expect("a zip in memory").into_inner()
}
