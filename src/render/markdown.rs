//! Markdown: counts, then a table of changed rows with inline changes (GitHub-flavoured:
//! `~~deleted~~` and `<ins>inserted</ins>`).

use std::fmt::Write as _;

use super::{Piece, merged_pieces, unit_name};
use crate::align::RowKind;
use crate::compare::{ComparedRow, Comparison};

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
    let mut out = String::new();
    let pieces = merged_pieces(row);
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
            Piece::Reference(a, b) => {
                let _ = write!(out, "~~{}~~<ins>{}</ins>", cell(a), cell(b));
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
    for row in c.rows.iter().filter(|r| r.kind != RowKind::Unchanged) {
        let name = |u: Option<&crate::compare::UnitView>| {
            u.map(|u| cell(&unit_name(&u.prefix, &u.label))).unwrap_or_default()
        };
        let mut kind = row.kind.to_string();
        if row.moved {
            kind.push_str(", moved");
        }
        if row.repealed {
            kind.push_str(", repealed (number kept)");
        }
        if row.reference_only {
            kind.push_str(", references only");
        }
        if row.reviewed {
            kind.push_str(", reviewed");
        }
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
