//! Terminal output: changed rows with inline changes, coloured when asked.
//!
//! Without colour, deletions read `[-…-]` and insertions `{+…+}` (as `git diff
//! --word-diff` writes them), and a renumbered cross-reference `[~old→new~]`, so the
//! output stays readable in logs and pipes.

use std::fmt::Write as _;

use super::{Flags, GroupUnit, Piece, merged_pieces, unit_name};
use crate::align::RowKind;
use crate::compare::{ComparedRow, Comparison, UnitSide};

/// Text styles; all empty when colour is off.
struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() }
    }

    fn deleted(&self, s: &str) -> String {
        if self.color { self.paint("31;9", s) } else { format!("[-{s}-]") }
    }

    fn inserted(&self, s: &str) -> String {
        if self.color { self.paint("32;4", s) } else { format!("{{+{s}+}}") }
    }

    /// A row's kind in bold, padded to the column's width before it is painted (the
    /// escape codes would count as width).
    fn kind(&self, kind: &str) -> String {
        self.paint("1", &format!("{kind:<10}"))
    }

    /// Counts written by [`super::chars_label`] (`−8 +23`), the deleted one red and the
    /// inserted one green when coloured.
    fn counts(&self, label: &str) -> String {
        let paint = |n: &str| self.paint(if n.starts_with('−') { "31" } else { "32" }, n);
        label.split(' ').filter(|n| !n.is_empty()).map(paint).collect::<Vec<_>>().join(" ")
    }

    /// A renumbered cross-reference, old and new; one of them empty in a text that shows
    /// one side (an article of a split or merge).
    fn reference(&self, a: &str, b: &str) -> String {
        match (self.color, a.is_empty(), b.is_empty()) {
            (true, ..) => {
                let paint = |code, s: &str| if s.is_empty() { String::new() } else { self.paint(code, s) };
                format!("{}{}", paint("2;9", a), paint("2;4", b))
            }
            (false, false, true) => format!("[~{a}~]"),
            (false, true, false) => format!("{{~{b}~}}"),
            (false, ..) => format!("[~{a}→{b}~]"),
        }
    }
}

/// Renders the comparison for a terminal. Unchanged rows are left out unless `all`.
pub fn render(c: &Comparison, color: bool, all: bool) -> String {
    render_with(c, &Style { color }, all, false)
}

/// The comparison's overview, as `git diff --stat` gives one: the summary, then each
/// changed row (a split or merge as one) on a line with the characters it deleted and
/// inserted (`−8 +23`), under its chapter, without the texts.
pub fn render_stat(c: &Comparison, color: bool, all: bool) -> String {
    render_with(c, &Style { color }, all, true)
}

fn render_with(c: &Comparison, st: &Style, all: bool, stat: bool) -> String {
    let mut out = String::new();
    let entries = super::entries(c);
    // The overview's counts, an entry's each, make a column before the names, as wide as
    // the widest (`−268 +1043`).
    let counts: Vec<String> = if stat {
        entries
            .iter()
            .map(|m| {
                let (d, i) = super::entry_chars(c, m);
                super::chars_label(d, i)
            })
            .collect()
    } else {
        Vec::new()
    };
    let width = counts.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    summary(&mut out, c, st);
    headings(&mut out, c, st);
    let mut heading: Option<&str> = None;
    for (k, members) in entries.iter().enumerate() {
        let row = &c.rows[members[0]];
        if !all && row.kind == RowKind::Unchanged {
            continue;
        }
        if let Some(this) = super::heading_before(row, heading) {
            let _ = writeln!(out, "\n{}", st.paint("1;36", this));
            heading = Some(this);
        }
        if stat {
            stat_line(&mut out, c, members, st, &counts[k], width);
        } else {
            entry(&mut out, c, members, st);
        }
    }
    if let Some(i) = c.insights.as_ref().filter(|_| !stat) {
        out.push('\n');
        out.push_str(&super::insights::text(i));
    }
    out
}

/// The rows `rows` of a comparison as [`render`] shows them, without the summary and the
/// headings: a row of a split or merge brings its whole group (`lexdiff history --patch`).
pub fn render_rows(c: &Comparison, rows: &[usize], color: bool) -> String {
    let st = Style { color };
    let mut out = String::new();
    for members in super::entries(c) {
        if members.iter().any(|m| rows.contains(m)) {
            entry(&mut out, c, &members, &st);
        }
    }
    out
}

/// A row, or a split or merge whole, on one line: its kind, its `counts` in a column
/// `width` wide, and its units.
fn stat_line(out: &mut String, c: &Comparison, members: &[usize], st: &Style, counts: &str, width: usize) {
    let row = &c.rows[members[0]];
    let (kind, title) = match row.group {
        Some(_) => (super::group_kind(c, members), group_title(c, members, &super::group_units(c, members))),
        None => (row.kind.as_str(), row_title(row)),
    };
    let pad = width - counts.chars().count();
    let _ = writeln!(out, "  {} {}{:pad$} {title}", st.kind(kind), st.counts(counts), "");
}

/// A row, or a split or merge whole: its title line, then its text with the changes.
fn entry(out: &mut String, c: &Comparison, members: &[usize], st: &Style) {
    let row = &c.rows[members[0]];
    if row.group.is_some() {
        group(out, c, members, st);
        return;
    }
    let _ = writeln!(out, "  {} {}", st.kind(row.kind.as_str()), row_title(row));
    if matches!(row.kind, RowKind::Unchanged | RowKind::Renumbered) {
        return;
    }
    for l in row_lines(row, st) {
        let _ = writeln!(out, "      {l}");
    }
}

/// The title line, the renaming and caveats, and the counts.
fn summary(out: &mut String, c: &Comparison, st: &Style) {
    let h = &c.header;
    let _ = writeln!(out, "{}  {} → {}", st.paint("1", &h.title), h.old.label, h.new.label);
    if let Some((old, new)) = h.renamed() {
        let _ = writeln!(out, "{} {} → {}", st.paint("1", "renamed:"), st.deleted(old), st.inserted(new));
    }
    for caveat in h.caveats() {
        let _ = writeln!(out, "{} {caveat}", st.paint("33", "note:"));
    }
    let counts: Vec<String> =
        c.stats.counts.iter().filter(|(_, n)| **n > 0).map(|(k, n)| format!("{n} {k}")).collect();
    let _ = writeln!(
        out,
        "{}: {}; {} chars deleted, {} inserted{}",
        super::sizes(c),
        counts.join(", "),
        c.stats.chars_deleted,
        c.stats.chars_inserted,
        if c.stats.reference_only > 0 {
            format!("; {} only renumber references", c.stats.reference_only)
        } else {
            String::new()
        }
    );
}

/// The headings retitled, added or deleted, if any.
fn headings(out: &mut String, c: &Comparison, st: &Style) {
    if c.headings.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", st.paint("1;36", "headings"));
    for h in &c.headings {
        let text = match (&h.old, &h.new) {
            (Some(o), Some(n)) => format!("{} → {}", st.deleted(o), st.inserted(n)),
            (Some(o), None) => st.deleted(o),
            (None, Some(n)) => st.inserted(n),
            (None, None) => String::new(),
        };
        let _ = writeln!(out, "  {} {text}", st.kind(h.kind.as_str()));
    }
}

/// A row's units (`第五条 → 第六条`) and its flags: moved, repealed, references, reviewed.
fn row_title(row: &ComparedRow) -> String {
    let old = row.old.as_ref().map(|u| unit_name(&u.prefix, &u.label));
    let new = row.new.as_ref().map(|u| unit_name(&u.prefix, &u.label));
    let names = match (old, new) {
        (Some(o), Some(n)) if o == n => o,
        (Some(o), Some(n)) => format!("{o} → {n}"),
        (Some(o), None) => o,
        (None, Some(n)) => n,
        (None, None) => String::new(),
    };
    flagged(names, Flags::of_row(row))
}

/// `names (moved, 2 renumbered references)`, or the names alone.
fn flagged(names: String, f: Flags) -> String {
    let mut flags: Vec<String> = Vec::new();
    if f.moved {
        flags.push("moved".into());
    }
    if f.repealed {
        flags.push("repealed, number kept".into());
    }
    if f.reference_only {
        flags.push("only renumbered references".into());
    } else if f.references > 0 {
        let s = if f.references == 1 { "" } else { "s" };
        flags.push(format!("{} renumbered reference{s}", f.references));
    }
    if f.reviewed {
        flags.push("reviewed".into());
    }
    if flags.is_empty() { names } else { format!("{names} ({})", flags.join(", ")) }
}

/// A split or merge, whole: its articles on a title line, then each article's text once,
/// marked against all its partners. Text that went to any successor (or came from any
/// source) is kept; only what none has is marked deleted (or inserted). Row by row, a
/// split's article would be struck out in one row for the text it gave the other.
fn group(out: &mut String, c: &Comparison, members: &[usize], st: &Style) {
    let units = super::group_units(c, members);
    let title = group_title(c, members, &units);
    let (olds, news) = units;
    let _ = writeln!(out, "  {} {title}", st.kind(super::group_kind(c, members)));
    for g in olds.iter().chain(&news) {
        let name = g.name();
        let arrow = if g.side == UnitSide::New { "→ " } else { "" };
        let flags = Flags { moved: g.moved, ..Flags::default() };
        let _ = writeln!(out, "      {arrow}{}", flagged(name, flags));
        for l in lines(g.pieces(c), st) {
            let _ = writeln!(out, "          {l}");
        }
    }
}

/// A group's units (`第十三条 (13) → 第十七条 (17), 第十八条 (18)`, from
/// [`super::group_units`]) and its flags.
fn group_title(c: &Comparison, members: &[usize], (olds, news): &(Vec<GroupUnit>, Vec<GroupUnit>)) -> String {
    let names =
        |units: &[GroupUnit]| -> String { units.iter().map(GroupUnit::name).collect::<Vec<_>>().join(", ") };
    flagged(format!("{} → {}", names(olds), names(news)), Flags::of_group(c, members))
}

/// A row's text with its changes marked, a line per paragraph. Each line's fragment is
/// styled separately so that styles never span lines.
fn row_lines(row: &ComparedRow, st: &Style) -> Vec<String> {
    let pieces = merged_pieces(row).into_iter().map(|p| match (row.kind, p) {
        (RowKind::Deleted, Piece::Same(s)) => Piece::Deleted(s),
        (RowKind::Added, Piece::Same(s)) => Piece::Inserted(s),
        (_, p) => p,
    });
    lines(pieces, st)
}

/// Pieces of text styled, a line per paragraph.
fn lines<'a>(pieces: impl IntoIterator<Item = Piece<'a>>, st: &Style) -> Vec<String> {
    let mut lines = vec![String::new()];
    for piece in pieces {
        let (text, style): (&str, &dyn Fn(&str) -> String) = match piece {
            Piece::Same(s) => (s, &|x: &str| x.to_string()),
            Piece::Deleted(s) => (s, &|x: &str| st.deleted(x)),
            Piece::Inserted(s) => (s, &|x: &str| st.inserted(x)),
            Piece::Reference(a, b) => {
                lines.last_mut().expect("non-empty").push_str(&st.reference(a, b));
                continue;
            }
        };
        for (i, frag) in text.split('\n').enumerate() {
            if i > 0 {
                lines.push(String::new());
            }
            if !frag.is_empty() {
                lines.last_mut().expect("non-empty").push_str(&style(frag));
            }
        }
    }
    lines
}
