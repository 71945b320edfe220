//! The built-in `compare_rows.html`, written out in Rust.
//!
//! The rows of a comparison are nearly all of a report: the civil code has 1,260 of them,
//! and putting each through the template engine (serialising it into template values,
//! then interpreting the template) took three quarters of rendering the report. While
//! `compare_rows.html` is the built-in one (or an unchanged copy of it), [`section`]
//! writes the same bytes directly. A `compare_rows.html` of the user's own is rendered by
//! the template engine as before.
//!
//! The template stays the definition: a test builds the whole bundled site both ways
//! and requires the same bytes, so a change to the template that is not made here too
//! fails it.

use std::fmt::Write as _;

use crate::render::escape_html;
use crate::render::view::{BadgeView, CellView, RowView, SectionView};

/// A section's `<tbody>`, as the built-in `compare_rows.html` renders it.
pub fn section(s: &SectionView) -> String {
    let mut out = String::with_capacity(s.rows.iter().map(row_size).sum::<usize>() + 200);
    out.push_str("<tbody>");
    if let Some(h) = s.heading.as_deref().filter(|h| !h.is_empty()) {
        put(&mut out, "\n  <tr class=\"section\" id=\"", &s.anchor);
        put(&mut out, "\"><th colspan=\"3\" scope=\"rowgroup\">", h);
        out.push_str("</th></tr>");
    }
    for row in &s.rows {
        write_row(&mut out, row);
    }
    out.push_str("\n</tbody>");
    out
}

/// About the bytes a row takes, to size the output once.
fn row_size(r: &RowView) -> usize {
    let cell = |c: &Option<CellView>| c.as_ref().map_or(30, |c| c.body.len() + 250);
    cell(&r.old) + cell(&r.new) + if r.change.is_some() { 200 } else { 0 } + 40
}

fn write_row(out: &mut String, row: &RowView) {
    put(out, "\n  <tr class=\"", &row.class);
    out.push('"');
    if let Some(g) = row.group {
        // Writing to a String cannot fail.
        let _ = write!(out, " data-group=\"{g}\"");
    }
    out.push('>');
    for (side, cell, covered) in [("old", &row.old, row.old_covered), ("new", &row.new, row.new_covered)] {
        match cell {
            Some(c) => write_cell(out, side, c),
            None if !covered => {
                put(out, "<td class=\"", side);
                out.push_str(" empty\"></td>");
            }
            None => {}
        }
    }
    if let Some(c) = &row.change {
        out.push_str("\n    <td class=\"change\"");
        rowspan(out, c.rowspan);
        put(out, ">\n      <span class=\"kind ", c.kind);
        put(out, "\">", c.label);
        put(out, " <span class=\"en\">", c.kind);
        out.push_str("</span></span>");
        badges(out, &c.badges);
        if !c.chars.is_empty() {
            put(out, "<span class=\"chars\">", &c.chars);
            out.push_str("</span>");
        }
        if !c.pairs.is_empty() {
            out.push_str("<ul class=\"pairs\">");
            for p in &c.pairs {
                put(out, "<li>", p);
                out.push_str("</li>");
            }
            out.push_str("</ul>");
        }
        out.push_str("\n    </td>");
    }
    out.push_str("\n  </tr>");
}

fn write_cell(out: &mut String, side: &str, c: &CellView) {
    put(out, "\n    <td class=\"", side);
    put(out, "\" id=\"", &c.anchor);
    out.push('"');
    rowspan(out, c.rowspan);
    put(out, ">\n      <div class=\"unit-head\"><a class=\"anchor\" href=\"#", &c.anchor);
    put(out, "\" title=\"permalink\">", &c.name);
    out.push_str("</a>");
    badges(out, &c.badges);
    if let Some(h) = c.history.as_deref().filter(|h| !h.is_empty()) {
        put(out, " <a class=\"history\" href=\"", h);
        out.push_str("\" title=\"history of this article\">沿革</a>");
    }
    out.push_str("</div>");
    // Already escaped and marked up.
    out.push_str(&c.body);
    out.push_str("\n    </td>");
}

fn rowspan(out: &mut String, n: usize) {
    if n > 1 {
        let _ = write!(out, " rowspan=\"{n}\"");
    }
}

fn badges(out: &mut String, badges: &[BadgeView]) {
    for b in badges {
        put(out, " <span class=\"badge ", b.class);
        put(out, "\" title=\"", &b.title);
        put(out, "\">", &b.text);
        out.push_str("</span>");
    }
}

/// Appends `markup`, then `text` escaped as the templates' autoescape does it.
fn put(out: &mut String, markup: &str, text: &str) {
    out.push_str(markup);
    escape_html(out, text);
}
