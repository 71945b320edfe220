//! Targets and term changes of reports as terminal text and Markdown.

use std::fmt::Write as _;

use super::markdown::cell;
use crate::insights::quantity::{Change, Direction};
use crate::insights::{ReportInsights, TargetTable, TermChange, TermKind};

/// A change as one short phrase: `+1个百分点 (— → 左右)`, `+35元/月 (+7.8%); 5400元/年 =
/// 450元/月`, `unchanged`, `not comparable`.
pub fn change_text(c: &Change) -> String {
    let mut s = match (c.direction, &c.delta) {
        (Direction::Same, _) => "unchanged".to_string(),
        (Direction::Incomparable, _) => "not comparable".to_string(),
        (_, Some(d)) => d.clone(),
        (_, None) => String::new(),
    };
    if let Some(r) = &c.relative {
        let _ = write!(s, " ({r})");
    }
    if let Some(v) = &c.converted {
        let _ = write!(s, "; {v}");
    }
    if let Some(b) = &c.bound {
        let _ = write!(s, "; {b}");
    }
    s
}

/// The values of each row, one column per version, with the change into each version.
fn cells(t: &TargetTable, row: usize) -> Vec<String> {
    let r = &t.rows[row];
    r.cells
        .iter()
        .zip(&r.changes)
        .map(|(cell, change)| match (cell, change) {
            (None, _) => "—".to_string(),
            (Some(s), None) => s.quantity.text.clone(),
            (Some(s), Some(c)) => format!("{} [{}]", s.quantity.text, change_text(c)),
        })
        .collect()
}

/// The target table as Markdown.
pub fn targets_markdown(t: &TargetTable) -> String {
    let mut s = String::from("| indicator |");
    for v in &t.versions {
        let _ = write!(s, " {} |", cell(v));
    }
    s.push_str("\n| --- |");
    s.push_str(&" --- |".repeat(t.versions.len()));
    s.push('\n');
    for (i, r) in t.rows.iter().enumerate() {
        let _ = write!(s, "| {} |", cell(&r.indicator));
        for c in cells(t, i) {
            let _ = write!(s, " {} |", cell(&c));
        }
        s.push('\n');
    }
    s
}

/// The target table for a terminal: one block per indicator.
pub fn targets_text(t: &TargetTable) -> String {
    let mut s = String::new();
    for (i, r) in t.rows.iter().enumerate() {
        let _ = writeln!(s, "{}", r.indicator);
        for (v, c) in t.versions.iter().zip(cells(t, i)) {
            let _ = writeln!(s, "  {v:<8} {c}");
        }
    }
    s
}

fn terms_of(terms: &[TermChange], kind: TermKind) -> impl Iterator<Item = &TermChange> {
    terms.iter().filter(move |t| t.kind == kind)
}

fn term_count(t: &TermChange) -> u32 {
    t.old_count.max(t.new_count)
}

/// Term changes as two Markdown lists (appeared, vanished) with counts.
pub fn terms_markdown(terms: &[TermChange]) -> String {
    let mut s = String::new();
    for (kind, title) in [(TermKind::Appeared, "Appeared"), (TermKind::Vanished, "Vanished")] {
        let list: Vec<String> =
            terms_of(terms, kind).map(|t| format!("{} ×{}", cell(&t.term), term_count(t))).collect();
        let _ = writeln!(s, "- **{title}:** {}", if list.is_empty() { "—".into() } else { list.join(", ") });
    }
    s
}

/// Term changes for a terminal.
pub fn terms_text(terms: &[TermChange]) -> String {
    let mut s = String::new();
    for (kind, title) in [(TermKind::Appeared, "appeared"), (TermKind::Vanished, "vanished")] {
        let list: Vec<String> =
            terms_of(terms, kind).map(|t| format!("{} ×{}", t.term, term_count(t))).collect();
        let _ = writeln!(s, "  {title}: {}", if list.is_empty() { "—".into() } else { list.join("  ") });
    }
    s
}

/// Both parts as Markdown sections (for `lexdiff diff --format md` of reports).
pub fn markdown(i: &ReportInsights) -> String {
    format!("### Targets\n\n{}\n### Terms\n\n{}", targets_markdown(&i.targets), terms_markdown(&i.terms))
}

/// Both parts for a terminal: targets whose values changed, then terms.
pub fn text(i: &ReportInsights) -> String {
    let mut s = String::from("Targets\n");
    let changed =
        i.targets.rows.iter().enumerate().filter(|(_, r)| r.changes.iter().flatten().next().is_some());
    for (k, r) in changed {
        let _ = writeln!(s, "  {}: {}", r.indicator, cells(&i.targets, k).join(" → "));
    }
    let new_only = i.targets.rows.iter().filter(|r| r.cells.first().is_some_and(Option::is_none)).count();
    let gone = i.targets.rows.iter().filter(|r| r.cells.last().is_some_and(Option::is_none)).count();
    let _ = writeln!(s, "  ({new_only} stated only in the new version, {gone} only in the old)");
    s.push_str("Terms\n");
    s.push_str(&terms_text(&i.terms));
    s
}
