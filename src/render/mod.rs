//! Views of a [`Comparison`]: terminal text, Markdown, JSON, the alignment map, HTML,
//! Word.
//!
//! Renderers only present: everything they show was computed by the differ.

pub mod docx;
pub mod html;
pub mod insights;
pub mod markdown;
pub mod rows;
pub mod text;
pub mod view;

use crate::compare::{ComparedRow, Comparison};
use crate::diff::Tag;
use crate::model::Kind;

/// Appends `text` escaped for HTML exactly as the templates' autoescape does it
/// (minijinja's `HtmlEscape`: `& < > " ' /`). Written out because every unit's text
/// goes through it, and through `Display` each piece cost a formatter's round trip:
/// report text has few characters to escape, so runs between them are copied whole.
pub fn escape_html(out: &mut String, text: &str) {
    let mut from = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#x27;",
            b'/' => "&#x2f;",
            _ => continue,
        };
        out.push_str(&text[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&text[from..]);
}

/// A piece of a rendered line: text and what happened to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Same(&'a str),
    Deleted(&'a str),
    Inserted(&'a str),
    /// A renumbered cross-reference: old and new text.
    Reference(&'a str, &'a str),
}

/// The row's inline diff as one merged sequence of pieces (deletions before
/// insertions), or the plain text of the side that exists.
pub fn merged_pieces(row: &ComparedRow) -> Vec<Piece<'_>> {
    match (&row.old, &row.new, &row.diff) {
        (Some(o), Some(n), Some(d)) => {
            let mut out = Vec::new();
            for op in &d.ops {
                let (a, b) = (&o.text[op.old.clone()], &n.text[op.new.clone()]);
                // A deleted line keeps a line of its own: the line break before it is the
                // old text's, which the equal text shown (the new side's) may not have.
                let deletes_line = matches!(op.tag, Tag::Delete | Tag::Replace) && !op.reference;
                if deletes_line && o.text[..op.old.start].ends_with('\n') && !out.last().is_none_or(ends_line)
                {
                    out.push(Piece::Same("\n"));
                }
                match op.tag {
                    Tag::Equal => out.push(Piece::Same(b)),
                    Tag::Delete => out.push(Piece::Deleted(a)),
                    Tag::Insert => out.push(Piece::Inserted(b)),
                    Tag::Replace if op.reference => out.push(Piece::Reference(a, b)),
                    Tag::Replace => {
                        out.push(Piece::Deleted(a));
                        out.push(Piece::Inserted(b));
                    }
                }
            }
            out
        }
        (_, Some(n), _) => vec![Piece::Same(&n.text)],
        (Some(o), None, _) => vec![Piece::Same(&o.text)],
        (None, None, _) => Vec::new(),
    }
}

/// Whether a piece ends its line (or the whole text so far).
fn ends_line(p: &Piece<'_>) -> bool {
    match p {
        Piece::Same(s) | Piece::Deleted(s) | Piece::Inserted(s) | Piece::Reference(_, s) => s.ends_with('\n'),
    }
}

/// `第九条 (9)` or `¶ 3.1.2`.
pub fn unit_name(prefix: &str, label: &str) -> String {
    if prefix.is_empty() { format!("¶ {label}") } else { format!("{prefix} ({label})") }
}

/// How many preambles and how many appendices each side of a comparison has, as
/// `((old, new), (old, new))`: units of a law that are no articles, with rows of their own.
fn other_units(c: &Comparison) -> ((usize, usize), (usize, usize)) {
    use std::collections::BTreeSet;
    let count = |keep: &dyn Fn(&str) -> bool| {
        let (mut old, mut new) = (BTreeSet::new(), BTreeSet::new());
        for r in &c.rows {
            old.extend(r.old.as_ref().filter(|u| keep(&u.label)).map(|u| u.index));
            new.extend(r.new.as_ref().filter(|u| keep(&u.label)).map(|u| u.index));
        }
        (old.len(), new.len())
    };
    (count(&|l| l == crate::model::PREAMBLE_LABEL), count(&crate::model::is_appendix_label))
}

/// A law's units that are no articles, beside its article count: `+ a preamble + 2
/// appendices`, `+ 2 → 1 appendices` when two sides differ; in the reports' bilingual
/// style (`+ 序言 preamble + 2 附件 appendices`) when `chinese`. Empty when there are none.
/// `preambles` and `appendices` are counts (old, new); one document's are the same twice.
pub fn other_units_phrase(preambles: (usize, usize), appendices: (usize, usize), chinese: bool) -> String {
    let kinds = [
        (preambles, "序言 ", "a ", "preamble", "preambles"),
        (appendices, "附件 ", "an ", "appendix", "appendices"),
    ];
    let mut s = String::new();
    for ((o, n), zh, article, one, many) in kinds {
        let name = if chinese { zh } else { "" };
        let noun = if o.max(n) == 1 { one } else { many };
        match (o, n) {
            (0, 0) => {}
            (1, 1) => s.push_str(&format!(" + {}{noun}", if chinese { zh } else { article })),
            (o, n) if o == n => s.push_str(&format!(" + {o} {name}{noun}")),
            (o, n) => s.push_str(&format!(" + {o} → {n} {name}{noun}")),
        }
    }
    s
}

/// [`other_units_phrase`] of a comparison.
pub fn compared_other_units(c: &Comparison, chinese: bool) -> String {
    let (preambles, appendices) = other_units(c);
    other_units_phrase(preambles, appendices, chinese)
}

/// [`other_units_phrase`] of one document.
pub fn document_other_units(d: &crate::model::Document, chinese: bool) -> String {
    let (preambles, appendices) = d.other_units();
    other_units_phrase((preambles, preambles), (appendices, appendices), chinese)
}

/// What a summary's counts count: `505 → 505 articles + 2 appendices`. A law's article
/// counts leave out its preamble and appendices, which have rows of their own; naming them
/// makes the rows add up.
pub fn sizes(c: &Comparison) -> String {
    if c.kind != Kind::Law {
        return format!("{} → {} paragraphs", c.stats.old_units, c.stats.new_units);
    }
    format!("{} → {} articles{}", c.stats.old_units, c.stats.new_units, compared_other_units(c, false))
}

/// The alignment map (`old\tnew\tkind\tscore`) of a comparison.
pub fn map(c: &Comparison) -> String {
    use std::fmt::Write as _;
    let mut s = String::from("old\tnew\tkind\tscore\n");
    for r in &c.rows {
        let o = r.old.as_ref().map_or("", |u| u.label.as_str());
        let n = r.new.as_ref().map_or("", |u| u.label.as_str());
        let score =
            if r.old.is_some() && r.new.is_some() { format!("{:.3}", r.score) } else { String::new() };
        let _ = writeln!(s, "{o}\t{n}\t{}\t{score}", r.kind);
    }
    s
}

/// The comparison as pretty JSON.
pub fn json(c: &Comparison) -> String {
    let mut s = serde_json::to_string_pretty(c).expect("the comparison serialises");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_escaped_as_the_templates_escape_it() {
        let texts = [
            "",
            "第一条 为了保守国家秘密，制定本法。",
            r#"<script>alert("x")</script> & 'y' / z"#,
            "&&<<>>\"\"''//",
            "a<b",
            "《中华人民共和国刑法》第2条&第3条/款",
        ];
        for text in texts {
            let mut ours = String::from("prefix ");
            escape_html(&mut ours, text);
            assert_eq!(ours, format!("prefix {}", minijinja::HtmlEscape(text)), "{text}");
        }
    }
}
