//! Markdown: counts, then a table of changed rows with inline changes (GitHub-flavoured:
//! `~~deleted~~` and `<ins>inserted</ins>`; a renumbered cross-reference
//! `<del>old</del><ins>new</ins>`).

use std::fmt::Write as _;

use super::{Flags, GroupUnit, Piece, merged_pieces, unit_name};
use crate::align::RowKind;
use crate::compare::{ComparedRow, Comparison, UnitSide, UnitView};

/// Escapes text for a Markdown table cell: pipes, HTML-significant characters and
/// Markdown emphasis markers; line breaks become `<br>`.
pub fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '*' | '_' | '~' | '`' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("<br>"),
            _ => out.push(c),
        }
    }
    out
}

/// The row's change as Markdown, shortened to at most `max_chars` characters of text
/// around the changes when given.
pub fn change(row: &ComparedRow, max_chars: Option<usize>) -> String {
    marked_up(merged_pieces(row), max_chars)
}

/// Pieces of text as Markdown, shortened as [`change`] says.
fn marked_up(pieces: Vec<Piece<'_>>, max_chars: Option<usize>) -> String {
    let mut out = String::new();
    let n = pieces.len();
    for (i, piece) in pieces.into_iter().enumerate() {
        match piece {
            Piece::Same(s) => {
                let s = match max_chars {
                    Some(m) => excerpt(s, m, i == 0, i + 1 == n),
                    None => s.to_string(),
                };
                out.push_str(&cell(&s));
            }
            Piece::Deleted(s) => marked(&mut out, s, "~~", "~~", max_chars),
            Piece::Inserted(s) => marked(&mut out, s, "<ins>", "</ins>", max_chars),
            // `<del>`, not `~~`: next to a deletion, `~~a~~~~b~~` is no strikethrough. One
            // side is empty in an article of a split or merge, which shows its own.
            Piece::Reference(a, b) => {
                if !a.is_empty() {
                    let _ = write!(out, "<del>{}</del>", cell(a));
                }
                if !b.is_empty() {
                    let _ = write!(out, "<ins>{}</ins>", cell(b));
                }
            }
        }
    }
    out
}

/// Writes a deleted or inserted piece between its markers. Spaces at its ends stay
/// outside (`~~ x~~` is no strikethrough), and so do the line breaks there: a paragraph
/// that starts or ends with the change still starts or ends on its own line.
fn marked(out: &mut String, s: &str, open: &str, close: &str, max_chars: Option<usize>) {
    let body = s.trim();
    // The ends' line breaks as `<br>`, their spaces as one space each side (`sale <ins>and
    // repair</ins> of`): between words of Western text they are what separates them.
    let breaks = |edge: &str| {
        let brs = "<br>".repeat(edge.matches('\n').count());
        if brs.is_empty() && !edge.is_empty() { " ".to_string() } else { brs }
    };
    if body.is_empty() {
        out.push_str(&breaks(s));
        return;
    }
    let lead = &s[..s.len() - s.trim_start().len()];
    let trail = &s[s.trim_end().len()..];
    let _ = write!(
        out,
        "{}{open}{}{close}{}",
        breaks(lead),
        cell(&shorten(body, max_chars.map(|m| m * 3))),
        breaks(trail)
    );
}

/// Cuts a change to at most `max` characters, marking the cut.
fn shorten(s: &str, max: Option<usize>) -> String {
    match max {
        Some(m) if s.chars().count() > m => format!("{}…", s.chars().take(m).collect::<String>()),
        _ => s.to_string(),
    }
}

/// Keeps context around changes: the end of the first piece, the start of the last,
/// both ends of the others.
fn excerpt(s: &str, max: usize, first: bool, last: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= max {
        return s.to_string();
    }
    let tail = |k: usize| chars[chars.len() - k..].iter().collect::<String>();
    let head = |k: usize| chars[..k].iter().collect::<String>();
    match (first, last) {
        (true, true) => format!("{}…", head(max)),
        (true, false) => format!("…{}", tail(max)),
        (false, true) => format!("{}…", head(max)),
        (false, false) => format!("{}…{}", head(max / 2), tail(max / 2)),
    }
}

/// A table of counts per kind (kinds with no rows are left out).
pub fn counts_table(c: &Comparison) -> String {
    let mut s = String::from("| kind | rows |\n| --- | ---: |\n");
    for (k, n) in c.stats.counts.iter().filter(|(_, n)| **n > 0) {
        let _ = writeln!(s, "| {k} | {n} |");
    }
    s
}

/// `kind, moved, reviewed`: a row's kind and what is said of it.
fn flagged(kind: &str, f: Flags) -> String {
    let mut s = kind.to_string();
    for (on, flag) in [
        (f.moved, "moved"),
        (f.repealed, "repealed (number kept)"),
        (f.reference_only, "references only"),
        (f.reviewed, "reviewed"),
    ] {
        if on {
            s.push_str(", ");
            s.push_str(flag);
        }
    }
    s
}

/// A split or merge as one table row: its articles in the old and new columns, and their
/// texts in the change column ([`group_change`]).
fn group(c: &Comparison, members: &[usize]) -> String {
    let (olds, news) = super::group_units(c, members);
    let names = |units: &[GroupUnit]| -> String {
        units.iter().map(|g| cell(&g.name())).collect::<Vec<_>>().join("<br>")
    };
    let kind = flagged(super::group_kind(c, members), Flags::of_group(c, members));
    let change = units_change(c, &olds, &news, None);
    format!("| {} | {} | {kind} | {change} |\n", names(&olds), names(&news))
}

/// The articles of a split or merge (its rows, `members`), each named and with its text
/// once, marked against all its partners: text that went to any successor (or came from
/// any source) is kept, and only what none has is struck out (or inserted). Row by row, a
/// split article would be struck out in each row for the text it gave the others.
/// Shortened as [`change`] says when `max_chars` is given, leaving out the articles
/// that changed nothing and naming those after the first [`EXCERPT_UNITS`] that did.
pub fn group_change(c: &Comparison, members: &[usize], max_chars: Option<usize>) -> String {
    let (olds, news) = super::group_units(c, members);
    units_change(c, &olds, &news, max_chars)
}

/// [`group_change`] of the group's units, old and new.
fn units_change(c: &Comparison, olds: &[GroupUnit], news: &[GroupUnit], max_chars: Option<usize>) -> String {
    let mut texts: Vec<String> = olds
        .iter()
        .chain(news)
        .filter_map(|g| {
            let pieces = g.pieces(c);
            if max_chars.is_some() && pieces.iter().all(|p| matches!(p, Piece::Same(_))) {
                return None;
            }
            let arrow = if g.side == UnitSide::New { "→ " } else { "" };
            let name = cell(&g.name());
            let moved = if g.moved { ", moved" } else { "" };
            Some(format!("**{arrow}{name}**{moved}<br>{}", marked_up(pieces, max_chars)))
        })
        .collect();
    if max_chars.is_some() && texts.len() > EXCERPT_UNITS {
        let more = texts.len() - EXCERPT_UNITS;
        texts.truncate(EXCERPT_UNITS);
        let unit = if c.kind == crate::model::Kind::Law { "article" } else { "paragraph" };
        texts.push(format!("…and {more} more {unit}{} changed", if more == 1 { "" } else { "s" }));
    }
    texts.join(if max_chars.is_some() { "<br>" } else { "<br><br>" })
}

/// How many of a split's or merge's articles a shortened excerpt shows: a pull-request
/// comment lists several changes, and the report has them all.
pub const EXCERPT_UNITS: usize = 3;

/// The whole comparison as Markdown.
pub fn render(c: &Comparison) -> String {
    let h = &c.header;
    let mut s = String::new();
    let _ = writeln!(s, "## {}: {} → {}\n", cell(&h.title), cell(&h.old.label), cell(&h.new.label));
    if let Some((old, new)) = h.renamed() {
        let _ = writeln!(s, "**Renamed:** ~~{}~~ → **{}**\n", cell(old), cell(new));
    }
    for caveat in h.caveats() {
        let _ = writeln!(s, "> **Note:** {}\n", cell(&caveat));
    }
    s.push_str(&counts_table(c));
    let _ = writeln!(
        s,
        "\n{}; {} characters deleted, {} inserted.\n",
        super::sizes(c),
        c.stats.chars_deleted,
        c.stats.chars_inserted
    );
    if !c.headings.is_empty() {
        s.push_str("Headings:\n\n| old | new | kind |\n| --- | --- | --- |\n");
        for h in &c.headings {
            let side = |t: &Option<String>| t.as_deref().map(cell).unwrap_or_default();
            let _ = writeln!(s, "| {} | {} | {} |", side(&h.old), side(&h.new), h.kind.as_str());
        }
        s.push('\n');
    }
    s.push_str("| old | new | kind | change |\n| --- | --- | --- | --- |\n");
    let mut heading: Option<&str> = None;
    for members in super::entries(c) {
        let row = &c.rows[members[0]];
        if row.kind == RowKind::Unchanged {
            continue;
        }
        // The chapter as a row of its own, as the HTML report and the terminal head theirs.
        if let Some(this) = super::heading_before(row, heading) {
            let _ = writeln!(s, "| **{}** | | | |", cell(this));
            heading = Some(this);
        }
        if row.group.is_some() {
            s.push_str(&group(c, &members));
            continue;
        }
        let name =
            |u: Option<&UnitView>| u.map(|u| cell(&unit_name(&u.prefix, &u.label))).unwrap_or_default();
        let kind = flagged(row.kind.as_str(), Flags::of_row(row));
        let body = if row.kind == RowKind::Renumbered { String::new() } else { change(row, None) };
        let _ = writeln!(s, "| {} | {} | {kind} | {body} |", name(row.old.as_ref()), name(row.new.as_ref()));
    }
    if let Some(i) = &c.insights {
        s.push('\n');
        s.push_str(&super::insights::markdown(i));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_escaped() {
        assert_eq!(cell("a|b<script>\n*x*"), "a\\|b&lt;script&gt;<br>\\*x\\*");
    }

    /// A line break at the edge of a change is kept, outside the markers: new article 12
    /// of the secrecy law opens with an inserted paragraph before kept text.
    #[test]
    fn line_breaks_at_the_edges_of_a_change_stay() {
        let mut out = String::new();
        marked(&mut out, "加强人才培养。\n", "<ins>", "</ins>", None);
        marked(&mut out, "\n旧段。 ", "~~", "~~", None);
        assert_eq!(out, "<ins>加强人才培养。</ins><br><br>~~旧段。~~ ");
    }

    /// Spaces at the edges stay too, outside the markers: between words they are what
    /// separates them (`sale <ins>and repair</ins> of`, not `repair</ins>of`).
    #[test]
    fn spaces_at_the_edges_of_a_change_stay() {
        let mut out = String::from("the sale");
        marked(&mut out, " and repair ", "<ins>", "</ins>", None);
        out.push_str("of widgets");
        assert_eq!(out, "the sale <ins>and repair</ins> of widgets");
    }

    #[test]
    fn excerpts_keep_context_near_changes() {
        assert_eq!(excerpt("一二三四五六", 2, true, false), "…五六");
        assert_eq!(excerpt("一二三四五六", 2, false, true), "一二…");
        assert_eq!(excerpt("一二三", 5, true, true), "一二三");
    }
}
