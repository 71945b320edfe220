//! Views of a [`Comparison`]: terminal text, Markdown, JSON, the alignment map, HTML,
//! Word.
//!
//! Renderers only present: everything they show was computed by the differ.

pub mod decision;
pub mod docx;
pub mod html;
pub mod insights;
pub mod markdown;
pub mod rows;
pub mod text;
pub mod view;

use std::collections::BTreeMap;

use crate::compare::{ComparedRow, Comparison, UnitSide, UnitView};
use crate::diff::Tag;
use crate::model::Kind;
use view::{CellSource, Marks};

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

/// Appends text escaped for an XML text node. Characters XML 1.0 does not allow (most
/// control characters) become U+FFFD: a text may hold them, a document may not.
pub fn escape_xml(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(ch),
            '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            _ => out.push(ch),
        }
    }
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

/// Calls `f` with each piece of one side of a unit, in order, as `marks` mark it: the
/// old side shows deletions and the new side insertions, each next to the text kept. A
/// renumbered reference is a [`Piece::Reference`] with the other side's text empty.
/// Without marks the whole text is one piece, made by `whole` (`Piece::Same` for text
/// that stayed, `Piece::Deleted` for an article deleted whole). Empty pieces are left out.
pub fn side_pieces<'a>(
    u: &'a UnitView,
    marks: Option<Marks<'_>>,
    old: bool,
    whole: fn(&'a str) -> Piece<'a>,
    mut f: impl FnMut(Piece<'a>),
) {
    let mut piece = |tag: Tag, reference: bool, range: std::ops::Range<usize>| {
        let s = &u.text[range];
        if s.is_empty() {
            return;
        }
        f(match (tag, reference, old) {
            (Tag::Equal, _, _) => Piece::Same(s),
            (_, true, true) => Piece::Reference(s, ""),
            (_, true, false) => Piece::Reference("", s),
            (_, false, true) => Piece::Deleted(s),
            (_, false, false) => Piece::Inserted(s),
        });
    };
    match marks {
        None if u.text.is_empty() => {}
        None => f(whole(&u.text)),
        Some(Marks::Pair(d)) => {
            for op in &d.ops {
                piece(op.tag, op.reference, if old { op.old.clone() } else { op.new.clone() });
            }
        }
        Some(Marks::Unit(d)) => {
            for p in &d.pieces {
                piece(p.tag, p.reference, p.range.clone());
            }
        }
    }
}

/// The rows of a comparison as reports list them, in order: a row on its own, or all the
/// rows of a split or merge together where the first of them stands (indexes into
/// [`Comparison::rows`]). A split's rows need not be next to each other: a successor out
/// of order has its row where it stands in the new text.
pub fn entries(c: &Comparison) -> Vec<Vec<usize>> {
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, r) in c.rows.iter().enumerate() {
        if let Some(g) = r.group {
            groups.entry(g).or_default().push(i);
        }
    }
    c.rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| match r.group {
            None => Some(vec![i]),
            // The first of the group's rows takes them all.
            Some(g) => groups.remove(&g),
        })
        .collect()
}

/// A unit of a split or merge group, shown once however many of the group's rows hold it.
#[derive(Debug, Clone, Copy)]
pub struct GroupUnit<'c> {
    pub unit: &'c UnitView,
    pub side: UnitSide,
    /// The first of the group's rows holding it (an index into [`Comparison::rows`]).
    pub row: usize,
    /// Every row holding it is out of the order: a successor of a split that went
    /// elsewhere is moved, the split article itself only when all its successors did.
    pub moved: bool,
}

impl<'c> GroupUnit<'c> {
    /// What its cell shows: the unit's text against all its partners when it has a diff
    /// of its own, else its row's diff.
    pub fn source(&self, c: &Comparison) -> CellSource {
        CellSource::of(c, self.side, self.row)
    }

    /// Its changes, as [`Self::source`] marks them.
    pub fn marks(&self, c: &'c Comparison) -> Option<Marks<'c>> {
        self.source(c).marks(c)
    }

    /// Non-space characters it lost (an old unit) or gained (a new one).
    pub fn changed_chars(&self, c: &Comparison) -> usize {
        self.marks(c).map_or(0, |m| m.changed_chars(self.side == UnitSide::Old))
    }

    /// `第十三条 (13)`, as [`unit_name`] names it.
    pub fn name(&self) -> String {
        unit_name(&self.unit.prefix, &self.unit.label)
    }

    /// Its text in pieces, as [`Self::marks`] mark them ([`side_pieces`]).
    pub fn pieces(&self, c: &'c Comparison) -> Vec<Piece<'c>> {
        let mut pieces = Vec::new();
        side_pieces(self.unit, self.marks(c), self.side == UnitSide::Old, Piece::Same, |p| pieces.push(p));
        pieces
    }
}

/// The heading to print before `row` when the heading printed last is `current`: the
/// row's own (its new unit's, else its old one's), when it differs. As in the HTML report,
/// a deleted unit stays under the heading before it: its old chapter's name between two
/// rows of the new one would only interrupt them.
pub fn heading_before<'c>(row: &'c ComparedRow, current: Option<&str>) -> Option<&'c str> {
    let this = row.new.as_ref().or(row.old.as_ref())?.group()?;
    (Some(this) != current && (row.new.is_some() || current.is_none())).then_some(this)
}

/// Non-space characters an entry (a row, or a split or merge group: `members`) deleted
/// and inserted, as the report's change column counts them: a pair by its diff, an added
/// or deleted unit whole, a group by its units each marked against all its partners.
pub fn entry_chars(c: &Comparison, members: &[usize]) -> (usize, usize) {
    let row = &c.rows[members[0]];
    if row.group.is_some() {
        let (olds, news) = group_units(c, members);
        return (
            olds.iter().map(|g| g.changed_chars(c)).sum(),
            news.iter().map(|g| g.changed_chars(c)).sum(),
        );
    }
    match (&row.old, &row.new, &row.diff) {
        (Some(_), Some(_), Some(diff)) => (diff.deleted_chars, diff.inserted_chars),
        (Some(o), None, _) => (o.char_count(), 0),
        (None, Some(n), _) => (0, n.char_count()),
        _ => (0, 0),
    }
}

/// `−8 +23`, `+101`, `−30`; empty when nothing changed.
pub fn chars_label(deleted: usize, inserted: usize) -> String {
    match (deleted, inserted) {
        (0, 0) => String::new(),
        (d, 0) => format!("−{d}"),
        (0, i) => format!("+{i}"),
        (d, i) => format!("−{d} +{i}"),
    }
}

/// The units of a split or merge group (its rows, `members`), each once in the order of
/// the rows: the old ones, then the new ones.
pub fn group_units<'c>(c: &'c Comparison, members: &[usize]) -> (Vec<GroupUnit<'c>>, Vec<GroupUnit<'c>>) {
    let (mut olds, mut news): (Vec<GroupUnit>, Vec<GroupUnit>) = (Vec::new(), Vec::new());
    for &i in members {
        let r = &c.rows[i];
        for (side, unit, units) in [(UnitSide::Old, &r.old, &mut olds), (UnitSide::New, &r.new, &mut news)] {
            let Some(unit) = unit else { continue };
            match units.iter_mut().find(|g| g.unit.index == unit.index) {
                Some(g) => g.moved &= r.moved,
                None => units.push(GroupUnit { unit, side, row: i, moved: r.moved }),
            }
        }
    }
    (olds, news)
}

/// What a report says of a row, or of a split or merge group, beside its kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flags {
    pub moved: bool,
    pub repealed: bool,
    pub reference_only: bool,
    /// Cross-references renumbered.
    pub references: usize,
    pub reviewed: bool,
}

impl Flags {
    pub fn of_row(r: &ComparedRow) -> Flags {
        Flags {
            moved: r.moved,
            repealed: r.repealed,
            reference_only: r.reference_only,
            references: r.renumbered_references,
            reviewed: r.reviewed,
        }
    }

    /// A group's, from its rows: what any says, except that only renumbered references
    /// are all a group changed when each row says so. Being moved is said of a group's
    /// units ([`GroupUnit::moved`]), not of the whole.
    pub fn of_group(c: &Comparison, members: &[usize]) -> Flags {
        let rows = || members.iter().map(|&i| &c.rows[i]);
        Flags {
            moved: false,
            repealed: rows().any(|r| r.repealed),
            reference_only: rows().all(|r| r.reference_only),
            references: rows().map(|r| r.renumbered_references).sum(),
            reviewed: rows().any(|r| r.reviewed),
        }
    }
}

/// The kind of a split or merge group: `split`, `merged`, or `split+merged` when one of
/// its articles was split and another merged with a part of it.
pub fn group_kind(c: &Comparison, members: &[usize]) -> &'static str {
    use crate::align::RowKind;
    let has = |k: RowKind| members.iter().any(|&i| c.rows[i].kind == k);
    match (has(RowKind::Split), has(RowKind::Merged)) {
        (true, true) => "split+merged",
        (false, true) => "merged",
        _ => "split",
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

/// The alignment map (`old\tnew\tkind\tscore`) of a comparison: its articles' rows
/// ([`crate::eval::map_text`]).
pub fn map(c: &Comparison) -> String {
    let label = |u: &Option<UnitView>| u.as_ref().map_or(String::new(), |u| u.label.clone());
    crate::eval::map_text(c.rows.iter().map(|r| (label(&r.old), label(&r.new), r.kind, r.score)))
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
