//! View structs: what templates receive. Built from a [`Comparison`] (and documents),
//! they hold display-ready strings and flags only; templates never see diff internals.

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::align::RowKind;
use crate::compare::{ComparedRow, Comparison, HeadingChangeKind, Side, UnitDiff, UnitSide, UnitView};
use crate::diff::InlineDiff;
use crate::insights::quantity::Direction;
use crate::insights::{ReportInsights, Statement, TargetTable, TermKind};
use crate::model::{ArticleNumber, Kind};
use crate::render::insights::change_text;
use crate::render::{GroupUnit, Piece};

/// A labelled number for the summary.
#[derive(Debug, Clone, Serialize)]
pub struct CountView {
    pub kind: &'static str,
    pub label: &'static str,
    pub count: usize,
}

/// One bar of an inline SVG chart (coordinates in chart units).
#[derive(Debug, Clone, Serialize)]
pub struct BarView {
    pub class: String,
    pub label: String,
    pub value: usize,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// One line of a unit (paragraph, item or sub-item).
#[derive(Debug, Clone, Serialize)]
pub struct LineView {
    pub depth: u8,
    /// The line's text, escaped, with its changes marked up: `<del>`, `<ins>`, and
    /// `<span class="ref">` for a reference that follows a renumbering. Built here rather
    /// than in a template loop: a long law has thousands of lines, and marking them up in
    /// Rust takes about a quarter off rendering it. A safe string, so templates
    /// print it as it is.
    pub html: minijinja::Value,
}

/// Serialises markup as a safe string, which templates print as it is. Only templates
/// need the copy this makes: the built-in rows ([`super::rows`]) read the markup itself.
fn safe_string<S: serde::Serializer>(s: &Arc<String>, serializer: S) -> Result<S::Ok, S::Error> {
    minijinja::Value::from_safe_string(s.as_ref().clone()).serialize(serializer)
}

/// A unit shown in a table cell.
#[derive(Debug, Clone, Serialize)]
pub struct CellView {
    /// Element id, `old-34` or `new-41`.
    pub anchor: String,
    pub label: String,
    /// `第三十四条`, or `¶ 3.1.2` for report paragraphs.
    pub name: String,
    /// Badges on the unit (`原第二十八条`).
    pub badges: Vec<BadgeView>,
    /// Link to the article's history page, when there is one.
    pub history: Option<String>,
    /// The unit's lines, escaped and marked up as in [`LineView::html`], each in a
    /// `<p class="line depth-N">` (see [`cell_body`]). Templates receive it as a safe
    /// string; shared by the two cells of a row with the same text on both sides.
    #[serde(serialize_with = "safe_string")]
    pub body: Arc<String>,
    pub rowspan: usize,
    /// What the body shows, for renderers that mark it up otherwise (the Word table).
    #[serde(skip)]
    pub source: CellSource,
}

/// The changes a cell marks: its side of a pair's diff, or the pieces of a unit against
/// all its partners.
#[derive(Debug, Clone, Copy)]
pub enum Marks<'c> {
    Pair(&'c InlineDiff),
    Unit(&'c UnitDiff),
}

impl Marks<'_> {
    /// Non-space characters deleted (`old`) or inserted.
    pub fn changed_chars(self, old: bool) -> usize {
        match self {
            Marks::Pair(d) if old => d.deleted_chars,
            Marks::Pair(d) => d.inserted_chars,
            Marks::Unit(u) => u.changed_chars,
        }
    }
}

/// What a cell shows: a unit of one side, found in a row of the comparison, with the
/// changes of one diff marked (that row's, or the unit's against all its partners).
#[derive(Debug, Clone, Copy)]
pub struct CellSource {
    pub side: UnitSide,
    /// A row of [`Comparison::rows`] holding the unit on `side`.
    pub row: usize,
    /// The unit's diff against all its partners ([`Comparison::unit_diff`]) rather than
    /// the row's diff.
    pub unit_diff: bool,
    /// How the text is marked when there is no diff: `same`, or all `del` or `ins`.
    pub all_class: &'static str,
}

impl CellSource {
    /// The unit on `side` of row `row` as the report marks it: against all its partners
    /// when it has a diff of its own (a unit of a split or merge), else by its row's diff.
    pub fn of(c: &Comparison, side: UnitSide, row: usize) -> CellSource {
        let unit = match side {
            UnitSide::Old => c.rows[row].old.as_ref(),
            UnitSide::New => c.rows[row].new.as_ref(),
        };
        let unit_diff = unit.is_some_and(|u| c.unit_diff(side, u.index).is_some());
        CellSource { side, row, unit_diff, all_class: "same" }
    }

    /// Calls `f(class, text, starts_a_line)` for each piece of the cell's text, as the
    /// HTML body marks it up (`same`, `del`, `ins`, `ref`).
    pub fn for_each_piece(&self, c: &Comparison, f: impl FnMut(&'static str, &str, bool)) {
        let Some(u) = self.unit(c) else { return };
        for_each_piece(u, self.marks(c), self.side == UnitSide::Old, self.all_class, f);
    }

    /// The changes shown, if any.
    pub fn marks<'c>(&self, c: &'c Comparison) -> Option<Marks<'c>> {
        let u = self.unit(c)?;
        if self.unit_diff {
            c.unit_diff(self.side, u.index).map(Marks::Unit)
        } else {
            c.rows[self.row].diff.as_ref().map(Marks::Pair)
        }
    }

    /// The unit shown.
    pub fn unit<'c>(&self, c: &'c Comparison) -> Option<&'c UnitView> {
        let row = &c.rows[self.row];
        match self.side {
            UnitSide::Old => row.old.as_ref(),
            UnitSide::New => row.new.as_ref(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct BadgeView {
    pub class: &'static str,
    pub text: String,
    pub title: String,
}

/// The change column of a row (or of a whole split/merge group).
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    pub kind: &'static str,
    pub label: &'static str,
    pub badges: Vec<BadgeView>,
    /// `−12 +30` characters, empty when nothing changed.
    pub chars: String,
    /// For groups: one line per pair (`第二十二条 → 第二十五条`).
    pub pairs: Vec<String>,
    pub rowspan: usize,
}

/// A table row. A cell that another row's cell spans over is `None` with `covered`.
#[derive(Debug, Clone, Serialize)]
pub struct RowView {
    /// CSS classes: the kind, `same-text` for rows without text change, `moved`…
    pub class: String,
    pub old: Option<CellView>,
    pub new: Option<CellView>,
    pub old_covered: bool,
    pub new_covered: bool,
    pub change: Option<ChangeView>,
    pub group: Option<usize>,
}

/// Rows under one heading.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    pub heading: Option<String>,
    pub anchor: String,
    /// The rows, until they are rendered into `html`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<RowView>,
    /// The section's `<tbody>` from `compare_rows.html`, once rendered.
    pub html: minijinja::Value,
}

/// A line of the table of contents: a heading, indented by its level, linked to the
/// first section under it (the table heads its sections with their innermost heading
/// only: a chapter of sections, `第二章` over `第一节`, links to its first section).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContentsEntry {
    /// 0 for the outermost heading.
    pub depth: usize,
    pub title: String,
    pub anchor: String,
    /// Rows changed under the heading, its subheadings included, counted as the summary
    /// counts them (a split's rows each; its group is listed under its first row's heading).
    pub changed: usize,
}

/// The table of contents of the sections: `paths[i]` is the heading path of section `i`
/// (outermost first), `changed[i]` its changes. A heading the sections before did not
/// open (a part, a chapter above a section) gets a line of its own, counting the changes
/// under it. Sections without a heading (text before the first) are left out.
pub fn contents(sections: &[SectionView], paths: &[Vec<String>], changed: &[usize]) -> Vec<ContentsEntry> {
    let mut out: Vec<ContentsEntry> = Vec::new();
    // The entries of the headings open at each level, for their counts.
    let mut open: Vec<usize> = Vec::new();
    let mut prev: &[String] = &[];
    for ((s, path), &n) in sections.iter().zip(paths).zip(changed) {
        if path.is_empty() {
            continue;
        }
        let shared = path.iter().zip(prev).take_while(|(a, b)| a == b).count().min(path.len() - 1);
        open.truncate(shared);
        for (depth, title) in path.iter().enumerate().skip(shared) {
            open.push(out.len());
            out.push(ContentsEntry { depth, title: title.clone(), anchor: s.anchor.clone(), changed: 0 });
        }
        for &e in &open {
            out[e].changed += n;
        }
        prev = path;
    }
    out
}

/// The header of a version.
#[derive(Debug, Clone, Serialize)]
pub struct SideView {
    pub label: String,
    pub adopted: Option<String>,
    pub effective: Option<String>,
    pub amended_by: Option<String>,
    pub source: Option<String>,
    /// What the text is when it is not the law as it stood at its date
    /// ([`crate::model::TextState::caveat`]), with the front matter's own words.
    pub caveat: Option<String>,
    /// The version's title, when the other version's differs (see [`Side::title`]).
    pub title: Option<String>,
}

impl From<&Side> for SideView {
    fn from(s: &Side) -> SideView {
        SideView {
            label: s.label.clone(),
            adopted: s.adopted.map(|d| d.to_string()),
            effective: s.effective.map(|d| d.to_string()),
            amended_by: s.amended_by.clone(),
            source: s.source.clone(),
            caveat: s.text_state.caveat_line(),
            title: s.title.clone(),
        }
    }
}

/// Everything the comparison report template needs.
#[derive(Debug, Clone, Serialize)]
pub struct CompareView {
    pub document: String,
    pub title: String,
    pub kind: &'static str,
    pub unit_name: &'static str,
    /// A law's preamble and appendices, beside its article counts (`+ 2 附件 appendices`);
    /// empty when it has none.
    pub other_units: String,
    pub old: SideView,
    pub new: SideView,
    pub counts: Vec<CountView>,
    pub bars: Vec<BarView>,
    pub chart_width: f64,
    pub chart_height: f64,
    pub old_units: usize,
    pub new_units: usize,
    pub chars_deleted: usize,
    pub chars_inserted: usize,
    pub reference_only: usize,
    pub moved: usize,
    pub reviewed: usize,
    pub changed: usize,
    pub sections: Vec<SectionView>,
    /// The headings of the sections, as a table of contents ([`contents`]).
    pub contents: Vec<ContentsEntry>,
    /// Targets and term changes, for reports.
    pub insights: Option<InsightsView>,
    /// The same comparison in other formats, beside the page on a site (none on a page
    /// written alone).
    pub downloads: Vec<Download>,
    /// Headings retitled, added or deleted.
    pub headings: Vec<HeadingChangeView>,
}

/// A heading retitled, added or deleted.
#[derive(Debug, Clone, Serialize)]
pub struct HeadingChangeView {
    /// `retitled`, `added`, `deleted`.
    pub kind: &'static str,
    /// `修改标题`, `新增`, `删除`.
    pub label: &'static str,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The Chinese name of what happened to a heading.
pub fn heading_change_label(k: HeadingChangeKind) -> &'static str {
    match k {
        HeadingChangeKind::Retitled => "修改标题",
        HeadingChangeKind::Added => "新增",
        HeadingChangeKind::Deleted => "删除",
    }
}

/// A link to the comparison in another format.
#[derive(Debug, Clone, Serialize)]
pub struct Download {
    /// `Markdown`, `JSON`.
    pub name: &'static str,
    pub href: String,
}

/// One value of a target table.
#[derive(Debug, Clone, Serialize)]
pub struct TargetCellView {
    /// `1.3万亿斤以上`; empty where the version states no value.
    pub text: String,
    /// Link to the sentence (`#new-2.0.3` in a report, a version page on a document page).
    pub href: Option<String>,
    /// The sentence, for a tooltip.
    pub sentence: String,
    /// The change from the previous stated value: `+1个百分点 (…)`, `unchanged`.
    pub change: String,
    /// `up`, `down`, `same`, `incomparable`, or empty for a first value.
    pub direction: &'static str,
    /// `▲`, `▼`, `=`: the direction without relying on colour.
    pub arrow: &'static str,
    /// Comparisons the text makes itself (`比上年增加1000亿元`).
    pub notes: Vec<String>,
}

/// One indicator of a target table.
#[derive(Debug, Clone, Serialize)]
pub struct TargetRowView {
    pub indicator: String,
    /// Whether any stated value differs from the one before.
    pub changed: bool,
    pub cells: Vec<TargetCellView>,
}

/// Targets across versions.
#[derive(Debug, Clone, Serialize)]
pub struct TargetsView {
    pub versions: Vec<String>,
    pub rows: Vec<TargetRowView>,
}

/// A term that appeared or vanished.
#[derive(Debug, Clone, Serialize)]
pub struct TermView {
    pub term: String,
    pub count: u32,
    pub in_headings: u32,
}

/// Targets and term changes of a report comparison.
#[derive(Debug, Clone, Serialize)]
pub struct InsightsView {
    pub targets: TargetsView,
    pub appeared: Vec<TermView>,
    pub vanished: Vec<TermView>,
}

/// The view of a target table; `href(version, statement)` links a value to its sentence.
pub fn targets_view(t: &TargetTable, href: &dyn Fn(usize, &Statement) -> Option<String>) -> TargetsView {
    let rows = t
        .rows
        .iter()
        .map(|r| {
            let cells: Vec<TargetCellView> = r
                .cells
                .iter()
                .zip(&r.changes)
                .enumerate()
                .map(|(v, (cell, change))| {
                    let (direction, arrow) = match change.as_ref().map(|c| c.direction) {
                        None => ("", ""),
                        Some(Direction::Up) => ("up", "▲"),
                        Some(Direction::Down) => ("down", "▼"),
                        Some(Direction::Same) => ("same", "="),
                        Some(Direction::Incomparable) => ("incomparable", "≠"),
                    };
                    match cell {
                        None => TargetCellView {
                            text: String::new(),
                            href: None,
                            sentence: String::new(),
                            change: String::new(),
                            direction: "",
                            arrow: "",
                            notes: Vec::new(),
                        },
                        Some(s) => TargetCellView {
                            text: s.quantity.text.clone(),
                            href: href(v, s),
                            sentence: s.sentence.clone(),
                            change: change.as_ref().map(change_text).unwrap_or_default(),
                            direction,
                            arrow,
                            notes: s.notes.clone(),
                        },
                    }
                })
                .collect();
            let changed =
                r.changes.iter().flatten().any(|c| c.direction != Direction::Same || c.bound.is_some());
            TargetRowView { indicator: r.indicator.clone(), changed, cells }
        })
        .collect();
    TargetsView { versions: t.versions.clone(), rows }
}

fn insights_view(i: &ReportInsights) -> InsightsView {
    let terms = |kind: TermKind| {
        i.terms
            .iter()
            .filter(|t| t.kind == kind)
            .map(|t| TermView {
                term: t.term.clone(),
                count: t.old_count.max(t.new_count),
                in_headings: t.in_headings,
            })
            .collect()
    };
    let href = |v: usize, s: &Statement| Some(format!("#{}-{}", if v == 0 { "old" } else { "new" }, s.unit));
    InsightsView {
        targets: targets_view(&i.targets, &href),
        appeared: terms(TermKind::Appeared),
        vanished: terms(TermKind::Vanished),
    }
}

/// Chinese and English names of the kinds.
pub fn kind_label(k: RowKind) -> &'static str {
    match k {
        RowKind::Unchanged => "未修改",
        RowKind::Renumbered => "仅条号变化",
        RowKind::Modified => "修改",
        RowKind::Split => "拆分",
        RowKind::Merged => "合并",
        RowKind::Added => "新增",
        RowKind::Deleted => "删除",
    }
}

/// The name of a unit (`第三十四条`, `¶ 3.1.2`).
pub fn name(u: &UnitView) -> String {
    if u.prefix.is_empty() { format!("¶ {}", u.label) } else { u.prefix.clone() }
}

/// Lines of a unit with the changes of one side of a diff marked up (the `old` side
/// shows deletions, the new side insertions); the plain text when there is no diff.
/// `all_class` marks up the whole text when there is no diff (`same` or `ins`).
pub fn lines(
    u: &UnitView,
    marks: Option<Marks<'_>>,
    old_side: bool,
    all_class: &'static str,
) -> Vec<LineView> {
    let mut out: Vec<String> = vec![String::new()];
    for_each_piece(u, marks, old_side, all_class, |class, part, new_line| {
        if new_line {
            out.push(String::new());
        }
        if !part.is_empty() {
            markup(out.last_mut().expect("a line"), class, part);
        }
    });
    let depths = u.depths.iter().copied().chain(std::iter::repeat(0));
    out.into_iter()
        .zip(depths)
        .map(|(html, depth)| LineView { depth, html: minijinja::Value::from_safe_string(html) })
        .collect()
}

/// The lines of a unit as [`lines`] marks them up, each in a
/// `<p class="line depth-N">` on its own indented line: what a table cell shows, built
/// as one string (a long law has thousands of lines, and a template loop over them was
/// the largest cost of rendering its comparison).
pub fn cell_body(
    u: &UnitView,
    marks: Option<Marks<'_>>,
    old_side: bool,
    all_class: &'static str,
) -> Arc<String> {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(u.text.len() * 5 / 4 + 40 * u.depths.len().max(1));
    let mut depths = u.depths.iter().copied();
    let mut open = |out: &mut String| {
        // Writing to a String cannot fail.
        let _ = write!(out, "\n      <p class=\"line depth-{}\">", depths.next().unwrap_or(0));
    };
    open(&mut out);
    for_each_piece(u, marks, old_side, all_class, |class, part, new_line| {
        if new_line {
            out.push_str("</p>");
            open(&mut out);
        }
        if !part.is_empty() {
            markup(&mut out, class, part);
        }
    });
    out.push_str("</p>");
    Arc::new(out)
}

/// Calls `f(class, text, starts_a_line)` for each piece of a unit's text in order, split
/// at line breaks (a change spanning lines is closed and reopened). Pieces may be empty.
fn for_each_piece<'u>(
    u: &'u UnitView,
    marks: Option<Marks<'_>>,
    old_side: bool,
    all_class: &'static str,
    mut f: impl FnMut(&'static str, &str, bool),
) {
    let whole: fn(&'u str) -> Piece<'u> = match all_class {
        "del" => Piece::Deleted,
        "ins" => Piece::Inserted,
        _ => Piece::Same,
    };
    super::side_pieces(u, marks, old_side, whole, |p| {
        let (class, text) = match p {
            Piece::Same(s) => ("same", s),
            Piece::Deleted(s) => ("del", s),
            Piece::Inserted(s) => ("ins", s),
            Piece::Reference(a, b) => ("ref", if old_side { a } else { b }),
        };
        for (i, part) in text.split('\n').enumerate() {
            f(class, part, i > 0);
        }
    });
}

/// Appends a piece of text, escaped, in the markup of its class.
fn markup(out: &mut String, class: &str, text: &str) {
    let (open, close) = match class {
        "del" => ("<del>", "</del>"),
        "ins" => ("<ins>", "</ins>"),
        "ref" => (r#"<span class="ref" title="cross-reference renumbered">"#, "</span>"),
        _ => ("", ""),
    };
    out.push_str(open);
    super::escape_html(out, text);
    out.push_str(close);
}

/// Builds the comparison view. `history` gives the link to a new unit's history page.
/// Links to history pages: `history(side, unit)`.
pub type HistoryLink<'a> = &'a (dyn Fn(UnitSide, &UnitView) -> Option<String> + Sync);

pub fn compare_view(c: &Comparison, history: HistoryLink<'_>) -> CompareView {
    let counts: Vec<CountView> = RowKind::ALL
        .iter()
        .map(|&k| CountView {
            kind: k.as_str(),
            label: kind_label(k),
            count: c.stats.counts.get(&k).copied().unwrap_or(0),
        })
        .collect();
    let (bars, chart_width, chart_height) = kind_chart(&counts);
    // Which rows go where (in order), then the rows' views on all cores: a long law has
    // thousands of cells to mark up.
    let mut sections: Vec<SectionView> = Vec::new();
    let mut items: Vec<(usize, Vec<usize>)> = Vec::new(); // (section, a row or a group)
    // Each section's heading path and changes, for the table of contents.
    let (mut paths, mut section_changes): (Vec<Vec<String>>, Vec<usize>) = (Vec::new(), Vec::new());
    for members in super::entries(c) {
        let row = &c.rows[members[0]];
        let unit = row.new.as_ref().or(row.old.as_ref());
        let heading = unit.and_then(|u| u.group().map(str::to_string));
        let start_section = match sections.last() {
            None => true,
            Some(s) => row.new.is_some() && heading.is_some() && s.heading != heading,
        };
        if start_section {
            let anchor = format!("s{}", sections.len() + 1);
            // An appendix's group is no heading of the text: it stands alone.
            let path = match (unit, &heading) {
                (Some(u), Some(h)) if u.headings.last() == Some(h) => u.headings.to_vec(),
                (_, Some(h)) => vec![h.clone()],
                _ => Vec::new(),
            };
            paths.push(path);
            section_changes.push(0);
            sections.push(SectionView {
                heading: heading.clone(),
                anchor,
                rows: Vec::new(),
                html: minijinja::Value::UNDEFINED,
            });
        }
        section_changes[sections.len() - 1] +=
            members.iter().filter(|&&i| c.rows[i].kind.is_change()).count();
        items.push((sections.len() - 1, members));
    }
    let contents = contents(&sections, &paths, &section_changes);
    let views: Vec<Vec<RowView>> = items
        .par_iter()
        .map(|(_, members)| match members.as_slice() {
            [i] if c.rows[*i].group.is_none() => vec![single_row(c, *i, history)],
            _ => group_rows(c, members, history),
        })
        .collect();
    for ((section, _), rows) in items.iter().zip(views) {
        sections[*section].rows.extend(rows);
    }
    let changed = c.rows.iter().filter(|r| r.kind.is_change()).count();
    CompareView {
        document: c.header.document.clone(),
        title: c.header.title.clone(),
        kind: c.kind.as_str(),
        unit_name: if c.kind == Kind::Law { "条" } else { "段" },
        other_units: super::compared_other_units(c, true),
        old: (&c.header.old).into(),
        new: (&c.header.new).into(),
        counts,
        bars,
        chart_width,
        chart_height,
        old_units: c.stats.old_units,
        new_units: c.stats.new_units,
        chars_deleted: c.stats.chars_deleted,
        chars_inserted: c.stats.chars_inserted,
        reference_only: c.stats.reference_only,
        moved: c.stats.moved,
        reviewed: c.stats.reviewed,
        changed,
        sections,
        contents,
        insights: c.insights.as_ref().map(insights_view),
        downloads: Vec::new(),
        headings: c
            .headings
            .iter()
            .map(|h| HeadingChangeView {
                kind: h.kind.as_str(),
                label: heading_change_label(h.kind),
                old: h.old.clone(),
                new: h.new.clone(),
            })
            .collect(),
    }
}

/// A horizontal bar per kind, with room for labels on the left.
fn kind_chart(counts: &[CountView]) -> (Vec<BarView>, f64, f64) {
    let bars = counts.iter().map(|c| (c.kind.to_string(), format!("{} {}", c.label, c.kind), c.count));
    bar_chart(bars, 170.0, 220.0, 40.0)
}

/// A horizontal bar chart of (class, label, value): `label_width` for the labels, then
/// the bars, the longest `bar_width` wide (any bar above 0 at least 1), then `margin` for
/// the value. Returns the bars, the chart's width and its height.
pub fn bar_chart(
    bars: impl Iterator<Item = (String, String, usize)>,
    label_width: f64,
    bar_width: f64,
    margin: f64,
) -> (Vec<BarView>, f64, f64) {
    const ROW: f64 = 18.0;
    let bars: Vec<(String, String, usize)> = bars.collect();
    let max = bars.iter().map(|b| b.2).max().unwrap_or(0).max(1) as f64;
    let views: Vec<BarView> = bars
        .into_iter()
        .enumerate()
        .map(|(i, (class, label, value))| BarView {
            class,
            label,
            value,
            x: label_width,
            y: i as f64 * ROW,
            width: (bar_width * value as f64 / max).max(if value > 0 { 1.0 } else { 0.0 }),
            height: ROW - 4.0,
        })
        .collect();
    let height = views.len() as f64 * ROW;
    (views, label_width + bar_width + margin, height)
}

fn badges_for_new(row: &ComparedRow) -> Vec<BadgeView> {
    let mut b = Vec::new();
    if let (Some(o), Some(n)) = (&row.old, &row.new)
        && o.label != n.label
        && !o.prefix.is_empty()
    {
        // `原第二十八条`; in a law written with spaces, `formerly Article 28`.
        let text = if ArticleNumber::written_in_chinese(&o.prefix) {
            let was = ArticleNumber::parse(&o.label).map_or_else(|| o.prefix.clone(), |x| x.chinese());
            format!("原{was}")
        } else {
            format!("formerly {}", o.prefix)
        };
        b.push(BadgeView { class: "was", text, title: format!("old article {}", o.label) });
    }
    if row.moved {
        b.push(BadgeView {
            class: "moved",
            text: "移动".into(),
            title: "moved: out of the original order".into(),
        });
    }
    b
}

fn change_badges(row: &ComparedRow) -> Vec<BadgeView> {
    let mut b = Vec::new();
    if row.repealed {
        b.push(BadgeView {
            class: "repealed",
            text: "删去 保留条号".into(),
            title: "repealed in place: the number is kept by a placeholder".into(),
        });
    }
    if row.reference_only {
        b.push(BadgeView {
            class: "ref-only",
            text: "仅引用条号".into(),
            title: "only cross-references changed, following the renumbering".into(),
        });
    } else if row.renumbered_references > 0 {
        b.push(BadgeView {
            class: "ref",
            text: format!("引用条号 ×{}", row.renumbered_references),
            title: "cross-references renumbered".into(),
        });
    }
    if row.reviewed {
        b.push(BadgeView {
            class: "reviewed",
            text: "已审核".into(),
            title: "pair fixed by a reviewed override".into(),
        });
    }
    b
}

fn row_class(kinds: &[RowKind], moved: bool, reference_only: bool) -> String {
    let mut c: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
    c.sort_unstable();
    c.dedup();
    let mut s = c.join(" ");
    if kinds.iter().all(|k| matches!(k, RowKind::Unchanged | RowKind::Renumbered)) {
        s.push_str(" same-text");
    }
    if moved {
        s.push_str(" moved");
    }
    if reference_only {
        s.push_str(" ref-only");
    }
    s
}

fn cell(
    u: &UnitView,
    source: CellSource,
    body: Arc<String>,
    badges: Vec<BadgeView>,
    history: Option<String>,
    rowspan: usize,
) -> CellView {
    let side = match source.side {
        UnitSide::Old => "old",
        UnitSide::New => "new",
    };
    CellView {
        anchor: format!("{side}-{}", u.label),
        label: u.label.clone(),
        name: name(u),
        badges,
        history,
        body,
        rowspan,
        source,
    }
}

fn single_row(c: &Comparison, index: usize, history: HistoryLink<'_>) -> RowView {
    let row = &c.rows[index];
    let same = if matches!(row.kind, RowKind::Deleted) {
        "del"
    } else if matches!(row.kind, RowKind::Added) {
        "ins"
    } else {
        "same"
    };
    let old_body = row.old.as_ref().map(|u| cell_body(u, row.diff.as_ref().map(Marks::Pair), true, same));
    let new_body = row.new.as_ref().map(|u| match (&row.old, &old_body) {
        // Most rows of a revision show the same text on both sides: mark it up once.
        (Some(o), Some(body)) if row.diff.is_none() && o.text == u.text && o.depths == u.depths => {
            body.clone()
        }
        _ => cell_body(u, row.diff.as_ref().map(Marks::Pair), false, same),
    });
    let old = row.old.as_ref().zip(old_body).map(|(u, body)| {
        let source = CellSource { side: UnitSide::Old, row: index, unit_diff: false, all_class: same };
        cell(u, source, body, Vec::new(), history(UnitSide::Old, u), 1)
    });
    let new = row.new.as_ref().zip(new_body).map(|(u, body)| {
        let source = CellSource { side: UnitSide::New, row: index, unit_diff: false, all_class: same };
        cell(u, source, body, badges_for_new(row), history(UnitSide::New, u), 1)
    });
    let (d, i) = super::entry_chars(c, &[index]);
    RowView {
        class: row_class(&[row.kind], row.moved, row.reference_only),
        old,
        new,
        old_covered: false,
        new_covered: false,
        change: Some(ChangeView {
            kind: row.kind.as_str(),
            label: kind_label(row.kind),
            badges: change_badges(row),
            chars: super::chars_label(d, i),
            pairs: Vec::new(),
            rowspan: 1,
        }),
        group: None,
    }
}

/// Rows of a split or merge group: each old unit and each new unit shown once, spread
/// over as many rows as the larger side has units, the change column spanning them all.
fn group_rows(c: &Comparison, members: &[usize], history: HistoryLink<'_>) -> Vec<RowView> {
    let rows: Vec<&ComparedRow> = members.iter().map(|&i| &c.rows[i]).collect();
    let (olds, news) = super::group_units(c, members);
    let height = olds.len().max(news.len());
    let kinds: Vec<RowKind> = rows.iter().map(|r| r.kind).collect();
    let group = rows[0].group;
    let pairs: Vec<String> = rows
        .iter()
        .filter_map(|r| {
            Some(format!("{} → {} {}", name(r.old.as_ref()?), name(r.new.as_ref()?), kind_label(r.kind)))
        })
        .collect();
    let (deleted, inserted) = super::entry_chars(c, members);
    let main_kind = if kinds.contains(&RowKind::Split) { RowKind::Split } else { RowKind::Merged };
    // A column's cells by row: each unit's where it starts, spanning its share of the
    // group's rows (the remainder on the last); `None` where a cell above covers the row.
    let column = |units: &[GroupUnit]| -> Vec<Option<CellView>> {
        let each = height / units.len().max(1);
        let mut cells: Vec<Option<CellView>> = (0..height).map(|_| None).collect();
        let mut at = 0;
        for (i, g) in units.iter().enumerate() {
            let span = if i + 1 == units.len() { height - at } else { each };
            let s = g.source(c);
            let badges = match g.side {
                UnitSide::Old => Vec::new(),
                UnitSide::New => badges_for_new(&c.rows[s.row]),
            };
            let body = cell_body(g.unit, s.marks(c), g.side == UnitSide::Old, "same");
            cells[at] = Some(cell(g.unit, s, body, badges, history(g.side, g.unit), span));
            at += span;
        }
        cells
    };
    let mut change = Some(ChangeView {
        kind: main_kind.as_str(),
        label: kind_label(main_kind),
        badges: rows.iter().flat_map(|r| change_badges(r)).collect(),
        chars: super::chars_label(deleted, inserted),
        pairs,
        rowspan: height,
    });
    let class = row_class(&kinds, rows.iter().any(|r| r.moved), false);
    column(&olds)
        .into_iter()
        .zip(column(&news))
        .map(|(old, new)| RowView {
            class: class.clone(),
            old_covered: old.is_none(),
            new_covered: new.is_none(),
            old,
            new,
            // The change column spans the group from its first row.
            change: change.take(),
            group,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{DiffOptions, inline_diff};

    fn unit(text: &str, depths: Vec<u8>) -> UnitView {
        UnitView {
            index: 0,
            label: "5".into(),
            prefix: "第五条".into(),
            headings: Vec::new().into(),
            line: 1,
            text: text.into(),
            depths,
        }
    }

    /// A cell's body is its lines, one `<p>` each, as history pages show them: a change
    /// that spans a line break is closed and reopened, and text is escaped.
    #[test]
    fn cell_body_is_the_lines_in_paragraphs() {
        let old = unit("国家秘密受法律保护。\n（一）甲<乙>；", vec![0, 1]);
        let new = unit("国家秘密受法律保障，\n必须保守。\n（一）甲<乙>；", vec![0, 0, 1]);
        let d = inline_diff(&old.text, &new.text, &DiffOptions::default());
        for (u, old_side) in [(&old, true), (&new, false)] {
            let joined: String = lines(u, Some(Marks::Pair(&d)), old_side, "same")
                .iter()
                .map(|l| format!("\n      <p class=\"line depth-{}\">{}</p>", l.depth, l.html))
                .collect();
            assert_eq!(cell_body(u, Some(Marks::Pair(&d)), old_side, "same").to_string(), joined);
        }
        let body = cell_body(&new, Some(Marks::Pair(&d)), false, "same").to_string();
        assert_eq!(body.matches("<p class=\"line depth-0\">").count(), 2, "{body}");
        assert!(
            body.contains("<ins>保障，</ins></p>\n      <p class=\"line depth-0\"><ins>必须保守</ins>"),
            "{body}"
        );
        assert!(body.contains("甲&lt;乙&gt;"), "{body}");
        let plain = cell_body(&old, None, true, "del").to_string();
        assert!(plain.starts_with("\n      <p class=\"line depth-0\"><del>国家秘密"), "{plain}");
    }
}
