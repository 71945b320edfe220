//! Reports (government work reports): title and lead-in, sections `一、`, subsections
//! `（一）`, paragraphs.
//!
//! A subsection marker may stand on its own line (`（一）着力推动经济持续回升向好`) or open
//! a paragraph whose first sentence is the heading (`（一）着力扩大国内需求。把恢复…`); in
//! the second case the line is both a heading and a paragraph.

use super::Output;
use super::lines::{Marker, ends_with_punctuation, match_marker};
use crate::model::{Document, Heading, Kind, Level, Paragraph, TextLine, Unit};

/// A heading line is at most this long (characters) and holds no sentence end.
const MAX_HEADING: usize = 50;

/// How many lines at the top may be title, date line and speaker before the speech.
const MAX_LEAD_LINES: usize = 6;

pub(super) fn parse(lines: &[TextLine], out: &mut Output) -> Document {
    let mut doc = Document::empty(Kind::Report);
    let mut i = 0;
    if let Some(first) = lines.first()
        && is_title(&first.text)
    {
        doc.title = Some(first.text.clone());
        i = 1;
    }
    // The speech opens with the salutation (各位代表); what precedes it is the lead-in.
    if let Some(k) = lines.iter().take(MAX_LEAD_LINES).position(|l| l.text.starts_with("各位代表"))
        && k >= i
    {
        doc.front.extend(lines[i..k].iter().cloned());
        i = k;
    }
    let mut section: (u32, Option<usize>) = (0, None);
    let mut subsection: (u32, Option<usize>) = (0, None);
    let mut count = 0u32;
    for l in &lines[i..] {
        let (level, number, rest) = match match_marker(&l.text) {
            Some((Marker::Enumeration(n), rest)) => (Level::Heading, n, rest),
            Some((Marker::Paren(n), rest)) if section.1.is_some() => (Level::Subheading, n, rest),
            _ => {
                count += 1;
                let heading = subsection.1.or(section.1);
                push_paragraph(&mut doc, l, (section.0, subsection.0, count), heading);
                continue;
            }
        };
        let (expected, parent) = match level {
            Level::Heading => (section.0 + 1, None),
            _ => (subsection.0 + 1, section.1),
        };
        if number < expected {
            // A number already used (or 零) cannot start a new section: its paragraphs
            // would share labels with the earlier one's. Read it as text.
            out.warn(
                l.line,
                format!(
                    "{} follows number {}: read as a paragraph",
                    marker_text(level, number),
                    expected - 1
                ),
            );
            count += 1;
            push_paragraph(&mut doc, l, (section.0, subsection.0, count), subsection.1.or(section.1));
            continue;
        }
        if number != expected {
            out.warn(l.line, format!("{} follows number {}", marker_text(level, number), expected - 1));
        }
        let (title, inline) = heading_title(rest);
        let marker_len = l.text.len() - rest.len();
        doc.headings.push(Heading {
            level,
            number: Some(number),
            title: title.to_string(),
            text: format!("{}{}", &l.text[..marker_len], title),
            line: l.line,
            parent,
        });
        let index = doc.headings.len() - 1;
        if level == Level::Heading {
            section = (number, Some(index));
            subsection = (0, None);
        } else {
            subsection = (number, Some(index));
        }
        count = 0;
        if inline {
            count += 1;
            push_paragraph(&mut doc, l, (section.0, subsection.0, count), Some(index));
        }
    }
    if doc.units.is_empty() {
        out.error(lines.last().map_or(1, |l| l.line), "no paragraphs found");
    }
    doc
}

/// A first line that names the report rather than speaking: short, no sentence end.
fn is_title(t: &str) -> bool {
    t.chars().count() <= 40 && !ends_with_punctuation(t) && !t.contains('。') && match_marker(t).is_none()
}

/// Splits a heading line's text after the marker: a standalone heading, or the first
/// sentence of a paragraph (then `inline` is true).
fn heading_title(rest: &str) -> (&str, bool) {
    let standalone = rest.chars().count() <= MAX_HEADING && !rest.contains(['。', '！', '？', '；']);
    if standalone {
        return (rest, false);
    }
    match rest.find('。') {
        Some(end) => (&rest[..end], true),
        None => (rest, true),
    }
}

fn marker_text(level: Level, n: u32) -> String {
    let n = crate::numerals::format(n);
    if level == Level::Heading { format!("{n}、") } else { format!("（{n}）") }
}

/// Adds a paragraph labelled `section.subsection.n`.
fn push_paragraph(
    doc: &mut Document,
    l: &TextLine,
    (section, subsection, n): (u32, u32, u32),
    heading: Option<usize>,
) {
    doc.units.push(Unit {
        label: format!("{section}.{subsection}.{n}"),
        number: None,
        heading,
        line: l.line,
        prefix: String::new(),
        paragraphs: vec![Paragraph { line: l.line, text: l.text.clone(), items: Vec::new() }],
    });
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use crate::model::{Kind, Level};

    #[test]
    fn national_report_structure() {
        // gov-work-report-national 2024, lines 1–6, 37–39 (abridged).
        let text = "政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n国务院总理　李　强\n各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议。\n一、2023年工作回顾\n过去一年，是全面贯彻党的二十大精神的开局之年。\n三、2024年政府工作任务\n各位代表！\n（一）大力推进现代化产业体系建设，加快发展新质生产力。充分发挥创新主导作用。\n推动产业链供应链优化升级。\n";
        let p = parse(text, Kind::Report).unwrap();
        let d = &p.document;
        assert_eq!(d.title.as_deref(), Some("政府工作报告"));
        assert_eq!(d.front.len(), 2);
        let labels: Vec<_> = d.units.iter().map(|u| u.label.as_str()).collect();
        assert_eq!(labels, ["0.0.1", "0.0.2", "1.0.1", "3.0.1", "3.1.1", "3.1.2"]);
        let sub = &d.headings[2];
        assert_eq!(
            (sub.level, sub.title.as_str()),
            (Level::Subheading, "大力推进现代化产业体系建设，加快发展新质生产力")
        );
        assert_eq!(sub.parent, Some(1));
        // "三、" after "一、": numbering gap is a warning.
        assert!(p.warnings[0].message.contains("三、 follows number 1"));
    }

    #[test]
    fn standalone_subsection_heading() {
        // gov-work-report-hunan 2025, line 34.
        let p = parse("一、关于2025年工作\n（一）全力推动经济持续回升向好\n坚持稳中求进。\n", Kind::Report)
            .unwrap();
        let d = &p.document;
        assert_eq!(d.headings[1].title, "全力推动经济持续回升向好");
        assert_eq!(d.units.len(), 1);
        assert_eq!(d.units[0].label, "1.1.1");
    }

    #[test]
    fn report_without_title() {
        // gov-work-report-national 2025 starts directly with the salutation.
        let p = parse("各位代表：\n现在，我代表国务院。\n", Kind::Report).unwrap();
        assert_eq!(p.document.title, None);
        assert_eq!(p.document.units.len(), 2);
    }
}
