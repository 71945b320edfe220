//! The comparison of two versions: alignment rows with inline diffs and statistics.
//!
//! This is the owned, serialisable result every output is rendered from (terminal text,
//! JSON, Markdown, HTML). It holds each unit's display text so that the byte ranges of
//! the inline diffs can be applied without the documents.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashSet;
use serde::Serialize;

use crate::align::{AlignOptions, Alignment, Overrides, RowKind, align};
use crate::diff::{DiffOptions, InlineDiff, Tag, inline_diff, inline_diff_with, replaced, verbatim_windows};
use crate::insights::{ReportInsights, TermOptions, report_insights};
use crate::meta::VersionMeta;
use crate::model::{ArticleNumber, Date, Document, Kind, TextState, Unit};
use crate::normalize::{normalize, normalize_mapped};

/// Options of a comparison (see each part for its defaults).
#[derive(Debug, Clone, Default)]
pub struct CompareOptions {
    pub align: AlignOptions,
    pub diff: DiffOptions,
    /// Term changes of reports.
    pub terms: TermOptions,
}

/// One side of the comparison: which version it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Side {
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adopted: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amended_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// What the version's text is, as its front matter states; filled in by [`compare`]
    /// from the parsed text. Anything but point-in-time is said in every report.
    #[serde(skip_serializing_if = "TextState::is_point_in_time")]
    pub text_state: TextState,
    /// The version's title, filled in by [`compare`] on both sides when two laws' titles
    /// differ (the law was renamed: `将法律名称修改为…`); `None` when they are the same.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

impl From<&VersionMeta> for Side {
    /// The side of a version as its metadata describes it.
    fn from(v: &VersionMeta) -> Side {
        Side {
            label: v.label.to_string(),
            adopted: Some(v.adopted),
            effective: v.effective,
            amended_by: v.amended_by.clone(),
            source: Some(v.source.clone()),
            text_state: TextState::PointInTime,
            title: None,
        }
    }
}

/// What is compared: the document and the two versions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Header {
    /// Document id (`state-secrets-law`), or a file name for ad-hoc comparisons.
    pub document: String,
    pub title: String,
    pub old: Side,
    pub new: Side,
    /// BCP 47 language of the text (`zh`, `en`); empty when not known (two files).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub language: String,
}

impl Header {
    /// What a reader must know of the two texts, one line per [`TextState`] other than
    /// point-in-time: `2024-01-05 and 2024-06-01: the latest text the source published, …
    /// (text_state: current)`. Empty for texts as they stood at their dates.
    pub fn caveats(&self) -> Vec<String> {
        let (o, n) = (&self.old, &self.new);
        let sides: Vec<(String, TextState)> = if o.text_state == n.text_state {
            vec![(format!("{} and {}", o.label, n.label), o.text_state)]
        } else {
            vec![(o.label.clone(), o.text_state), (n.label.clone(), n.text_state)]
        };
        sides
            .into_iter()
            .filter_map(|(who, state)| Some(format!("{who}: {}", state.caveat_line()?)))
            .collect()
    }

    /// The old and the new title, when the document was renamed.
    pub fn renamed(&self) -> Option<(&str, &str)> {
        Some((self.old.title.as_deref()?, self.new.title.as_deref()?))
    }
}

/// The heading reports list a law's appendices under.
pub const APPENDICES: &str = "附件 Appendices";

/// A unit as a row shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitView {
    /// Index in the document's units.
    pub index: usize,
    /// `34`, `10-1`, `3.1.2`.
    pub label: String,
    /// The number as written (`第三十四条`); empty for paragraphs.
    pub prefix: String,
    /// Enclosing headings, outermost first (`第三章 保密制度`). Shared by all units under
    /// the same heading.
    pub headings: Arc<[String]>,
    pub line: u32,
    /// The text, one line per paragraph, item or sub-item; diff ranges point into it.
    pub text: String,
    /// Nesting of each line: 0 paragraph, 1 item, 2 sub-item.
    pub depths: Vec<u8>,
}

impl UnitView {
    /// The view of a document's unit.
    pub fn for_unit(doc: &Document, index: usize) -> UnitView {
        let headings = doc.heading_path(&doc.units[index]).into_iter().map(|h| h.display()).collect();
        UnitView::with_headings(doc, index, headings)
    }

    /// The view of a unit whose heading path is already known.
    fn with_headings(doc: &Document, index: usize, headings: Arc<[String]>) -> UnitView {
        let u = &doc.units[index];
        UnitView {
            index,
            label: u.label.clone(),
            prefix: u.prefix.clone(),
            headings,
            line: u.line,
            text: u.text(),
            depths: u.lines().map(|l| l.depth).collect(),
        }
    }

    /// The heading a report lists the unit under: its innermost heading, or, for an
    /// appendix, which no heading encloses, [`APPENDICES`].
    pub fn group(&self) -> Option<&str> {
        if crate::model::is_appendix_label(&self.label) {
            return Some(APPENDICES);
        }
        self.headings.last().map(String::as_str)
    }

    /// Non-space characters of the text.
    pub fn char_count(&self) -> usize {
        self.text.chars().filter(|c| !c.is_whitespace()).count()
    }
}

/// The heading path of every heading of a document, as displayed: units under one
/// heading share it, and formatting the numbers of `第三章` once per unit adds up.
fn heading_paths(doc: &Document) -> Vec<Arc<[String]>> {
    let names: Vec<String> = doc.headings.iter().map(|h| h.display()).collect();
    (0..doc.headings.len())
        .map(|i| doc.heading_chain(Some(i)).into_iter().map(|h| names[h].clone()).collect())
        .collect()
}

/// One row of the comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparedRow {
    pub kind: RowKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<UnitView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<UnitView>,
    /// Similarity of the pair (Dice of weighted bigrams; 1 for identical texts).
    pub score: f64,
    /// The pair is off the longest order-preserving chain.
    pub moved: bool,
    /// The article was repealed in place: its number is kept by a placeholder
    /// (`（删去）`), its row's new side ([`crate::align::is_placeholder`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub repealed: bool,
    /// Decided by a reviewed override file.
    pub reviewed: bool,
    /// The only changes are cross-references following a renumbering.
    pub reference_only: bool,
    /// Cross-references changed only because their target was renumbered
    /// (`第二十八条` → `第三十四条` where old 28 is new 34).
    pub renumbered_references: usize,
    /// Rows of one split or merge share a group number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<usize>,
    /// The inline diff of a pair whose texts differ.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<InlineDiff>,
}

/// The units a summary counts ([`Stats::old_units`]).
fn counted_units(doc: &Document) -> usize {
    match doc.kind {
        Kind::Law => doc.units.iter().filter(|u| u.number.is_some()).count(),
        Kind::Report | Kind::Plain => doc.units.len(),
    }
}

/// Counts over the whole comparison.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Rows per kind, every kind present (0 when none).
    pub counts: BTreeMap<RowKind, usize>,
    /// Articles of a law (a preamble is a unit but no article), paragraphs of other texts.
    pub old_units: usize,
    pub new_units: usize,
    /// Non-space characters deleted and inserted (deleted units count whole).
    pub chars_deleted: usize,
    pub chars_inserted: usize,
    /// Pairs whose only change is a renumbered cross-reference.
    pub reference_only: usize,
    /// Pairs off the order-preserving chain.
    pub moved: usize,
    /// Rows decided by reviewed overrides.
    pub reviewed: usize,
}

/// Two versions compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub header: Header,
    pub kind: Kind,
    pub stats: Stats,
    pub rows: Vec<ComparedRow>,
    /// Diffs of split sources and merge targets against all their partners.
    pub unit_diffs: Vec<UnitDiff>,
    /// Targets and term changes, for reports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub insights: Option<ReportInsights>,
    /// Headings (编, 章, 节; a report's sections) retitled, added or deleted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headings: Vec<HeadingChange>,
}

/// What happened to a heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HeadingChangeKind {
    /// Another title in the same place (`将第三章的章名修改为…`).
    Retitled,
    Added,
    Deleted,
}

impl HeadingChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            HeadingChangeKind::Retitled => "retitled",
            HeadingChangeKind::Added => "added",
            HeadingChangeKind::Deleted => "deleted",
        }
    }
}

/// A heading that is not in both versions as it was, displayed as written
/// (`第三章 保密制度`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeadingChange {
    pub kind: HeadingChangeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
}

/// The headings of two versions compared by level and title, in order. A heading that
/// only took a new number (a chapter inserted before it: company law 2023's 第二章 公司登记
/// made 第二章 有限责任公司的设立和组织机构 the third) is the same heading. Where the two
/// sides differ, headings of one level whose titles share much of their wording pair
/// first (`similar_titles`), in order; between those, the rest pair in order, retitled,
/// while their levels agree, and a heading deeper than the other side's next one was
/// added or deleted.
fn heading_changes(old: &Document, new: &Document) -> Vec<HeadingChange> {
    let key = |d: &Document| -> Vec<(crate::model::Level, String)> {
        d.headings.iter().map(|h| (h.level, normalize(&h.title))).collect()
    };
    let (ko, kn) = (key(old), key(new));
    let change = |kind, o: Option<usize>, n: Option<usize>| HeadingChange {
        kind,
        old: o.map(|i| old.headings[i].display()),
        new: n.map(|j| new.headings[j].display()),
    };
    let mut out = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &ko, &kn) {
        if matches!(op, similar::DiffOp::Equal { .. }) {
            continue;
        }
        let (o, n) = (op.old_range(), op.new_range());
        let (mut i, mut j) = (o.start, n.start);
        for (a, b) in similar_titles(&ko[o.clone()], &kn[n.clone()])
            .into_iter()
            .map(|(a, b)| (a + o.start, b + n.start))
            .chain([(o.end, n.end)])
        {
            // In order between two pairs of similar titles.
            while i < a && j < b {
                let (x, y) = (old.headings[i].level, new.headings[j].level);
                if x == y {
                    out.push(change(HeadingChangeKind::Retitled, Some(i), Some(j)));
                    (i, j) = (i + 1, j + 1);
                } else if x.depth() < y.depth() {
                    out.push(change(HeadingChangeKind::Added, None, Some(j)));
                    j += 1;
                } else {
                    out.push(change(HeadingChangeKind::Deleted, Some(i), None));
                    i += 1;
                }
            }
            out.extend((i..a).map(|i| change(HeadingChangeKind::Deleted, Some(i), None)));
            out.extend((j..b).map(|j| change(HeadingChangeKind::Added, None, Some(j))));
            if a < o.end && ko[a].1 != kn[b].1 {
                out.push(change(HeadingChangeKind::Retitled, Some(a), Some(b)));
            }
            (i, j) = (a + 1, b + 1);
        }
    }
    out
}

/// Pairs of headings, in order on both sides, of one level and titles whose character
/// bigrams' Dice is at least 0.4 (`股东大会` / `股东会`; `防治倾倒废弃物对海洋环境的污染损害` /
/// `废弃物倾倒污染防治`), as many as can be, then as similar as can be.
fn similar_titles(
    old: &[(crate::model::Level, String)],
    new: &[(crate::model::Level, String)],
) -> Vec<(usize, usize)> {
    let bigrams = |t: &str| -> Vec<(char, char)> {
        let c: Vec<char> = t.chars().collect();
        let mut b: Vec<(char, char)> = c.windows(2).map(|w| (w[0], w[1])).collect();
        b.sort_unstable();
        b
    };
    let dice = |a: &[(char, char)], b: &[(char, char)]| {
        let (mut x, mut y, mut shared) = (0, 0, 0);
        while x < a.len() && y < b.len() {
            match a[x].cmp(&b[y]) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => (x, y, shared) = (x + 1, y + 1, shared + 1),
            }
        }
        if a.is_empty() && b.is_empty() { 0.0 } else { 2.0 * shared as f64 / (a.len() + b.len()) as f64 }
    };
    let (bo, bn): (Vec<_>, Vec<_>) =
        (old.iter().map(|k| bigrams(&k.1)).collect(), new.iter().map(|k| bigrams(&k.1)).collect());
    // best[i][j]: the best pairing of the first i old and j new headings (a pair counts
    // 1 plus its Dice, so more pairs win first).
    let (m, n) = (old.len(), new.len());
    let mut best = vec![vec![0.0f64; n + 1]; m + 1];
    for i in 1..=m {
        for j in 1..=n {
            let mut v = best[i - 1][j].max(best[i][j - 1]);
            if old[i - 1].0 == new[j - 1].0 {
                let d = dice(&bo[i - 1], &bn[j - 1]);
                if d >= 0.4 {
                    v = v.max(best[i - 1][j - 1] + 1.0 + d);
                }
            }
            best[i][j] = v;
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (m, n);
    while i > 0 && j > 0 {
        if best[i][j] == best[i - 1][j] {
            i -= 1;
        } else if best[i][j] == best[i][j - 1] {
            j -= 1;
        } else {
            pairs.push((i - 1, j - 1));
            (i, j) = (i - 1, j - 1);
        }
    }
    pairs.reverse();
    pairs
}

impl Comparison {
    /// The pieces of a unit against all its partners, when it is part of a split or a
    /// merge.
    pub fn unit_diff(&self, side: UnitSide, index: usize) -> Option<&UnitDiff> {
        self.unit_diffs.iter().find(|u| u.side == side && u.index == index)
    }
}

impl Comparison {
    /// Whether anything differs: the title, a heading, or any row other than `unchanged`.
    pub fn has_changes(&self) -> bool {
        self.header.renamed().is_some()
            || !self.headings.is_empty()
            || self.rows.iter().any(|r| r.kind.is_change())
    }
}

/// Aligns two documents and diffs every pair.
pub fn compare(
    header: Header,
    old: &Document,
    new: &Document,
    overrides: &Overrides,
    opts: &CompareOptions,
) -> Comparison {
    assemble(header, old, new, opts, || {
        let kind = if old.kind == new.kind { new.kind } else { Kind::Plain };
        let alignment = align(&old.units, &new.units, &opts.align.for_kind(kind), overrides);
        diff_rows(old, new, &alignment, opts)
    })
}

/// Builds the comparison from an alignment.
pub fn build(
    header: Header,
    old: &Document,
    new: &Document,
    alignment: &Alignment,
    opts: &CompareOptions,
) -> Comparison {
    assemble(header, old, new, opts, || diff_rows(old, new, alignment, opts))
}

/// The rows with their diffs, the diffs of units with several partners, and the
/// characters deleted and inserted.
type Diffed = (Vec<ComparedRow>, Vec<UnitDiff>, usize, usize);

fn diff_rows(old: &Document, new: &Document, alignment: &Alignment, opts: &CompareOptions) -> Diffed {
    let rows = compared_rows(old, new, alignment, opts);
    let (unit_diffs, deleted, inserted) = unit_diffs(&rows, opts);
    (rows, unit_diffs, deleted, inserted)
}

/// The comparison from `diff` (alignment and row diffs) and, for reports, the insights,
/// which need only the two documents and are worked out alongside: they fill the time
/// the other side spends in its sequential parts.
fn assemble(
    mut header: Header,
    old: &Document,
    new: &Document,
    opts: &CompareOptions,
    diff: impl FnOnce() -> Diffed + Send,
) -> Comparison {
    header.old.text_state = old.text_state;
    header.new.text_state = new.text_state;
    // A law's name is part of its text, changed only by an amending act; a report's title
    // line names its year (`2024年湖南省政府工作报告`), or is left out of a transcription.
    if old.kind == Kind::Law
        && new.kind == Kind::Law
        && let (Some(o), Some(n)) = (&old.title, &new.title)
        && normalize(o) != normalize(n)
    {
        header.old.title = Some(o.clone());
        header.new.title = Some(n.clone());
    }
    let want_insights = old.kind == Kind::Report && new.kind == Kind::Report;
    let (insights, (rows, unit_diffs, deleted, inserted)) = rayon::join(
        || {
            want_insights
                .then(|| report_insights((&header.old.label, old), (&header.new.label, new), &opts.terms))
        },
        diff,
    );
    let mut stats = Stats {
        counts: RowKind::ALL.iter().map(|&k| (k, 0)).collect(),
        old_units: counted_units(old),
        new_units: counted_units(new),
        chars_deleted: deleted,
        chars_inserted: inserted,
        ..Stats::default()
    };
    for r in &rows {
        *stats.counts.entry(r.kind).or_insert(0) += 1;
        stats.reference_only += usize::from(r.reference_only);
        stats.moved += usize::from(r.moved);
        stats.reviewed += usize::from(r.reviewed);
    }
    let headings = heading_changes(old, new);
    Comparison { header, kind: old.kind, stats, rows, unit_diffs, insights, headings }
}

/// The rows of an alignment with the inline diffs of their pairs.
fn compared_rows(
    old: &Document,
    new: &Document,
    alignment: &Alignment,
    opts: &CompareOptions,
) -> Vec<ComparedRow> {
    let renumbering = renumbering(alignment, &old.units, &new.units);
    let groups = groups(alignment);
    let (old_paths, new_paths) = (heading_paths(old), heading_paths(new));
    let (old_placeholder, new_placeholder) = (&alignment.old_placeholder, &alignment.new_placeholder);
    alignment
        .rows
        .par_iter()
        .zip(groups.par_iter())
        .map(|(r, &group)| {
            let view = |doc: &Document, paths: &[Arc<[String]>], i: usize| {
                let path = doc.units[i].heading.map_or_else(|| Arc::from([]), |h| paths[h].clone());
                UnitView::with_headings(doc, i, path)
            };
            let ov = r.old.map(|i| view(old, &old_paths, i));
            let nv = r.new.map(|i| view(new, &new_paths, i));
            let diff = match (&ov, &nv) {
                (Some(o), Some(n)) if r.kind != RowKind::Unchanged && r.kind != RowKind::Renumbered => {
                    let d = if old_placeholder[o.index] || new_placeholder[n.index] {
                        replaced(&o.text, &n.text)
                    } else {
                        let renumber = |n: ArticleNumber| renumbering.get(&n).copied();
                        inline_diff_with(&o.text, &n.text, &opts.diff, Some(&renumber))
                    };
                    (!d.is_equal()).then_some(d)
                }
                _ => None,
            };
            let repealed =
                matches!((r.old, r.new), (Some(a), Some(b)) if new_placeholder[b] && !old_placeholder[a]);
            ComparedRow {
                kind: r.kind,
                repealed,
                reference_only: diff.as_ref().is_some_and(InlineDiff::only_references),
                renumbered_references: diff
                    .as_ref()
                    .map_or(0, |d| d.ops.iter().filter(|o| o.reference).count()),
                old: ov,
                new: nv,
                score: r.score,
                moved: r.moved,
                reviewed: r.reviewed,
                group,
                diff,
            }
        })
        .collect()
}

/// Which side of a comparison a unit is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitSide {
    Old,
    New,
}

/// What of a unit of a split or a merge went nowhere, or came from nowhere: its text in
/// pieces, each kept by its partners or by none. Text that went to any one partner counts
/// as kept, in whatever order the partners come, and only text no partner keeps as
/// deleted (or inserted).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitDiff {
    pub side: UnitSide,
    /// Index in that side's units.
    pub index: usize,
    /// The unit's text, in order, in pieces that cover it.
    pub pieces: Vec<UnitPiece>,
    /// Non-space characters that no partner keeps: deleted from an old unit, inserted
    /// into a new one.
    pub changed_chars: usize,
}

/// A piece of a unit's text ([`UnitDiff`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitPiece {
    /// `equal` where a partner keeps the text; where none does, `delete` on the old side
    /// and `insert` on the new.
    pub tag: Tag,
    /// Byte range in the unit's text.
    pub range: Range<usize>,
    /// No partner keeps the text as written, but one only renumbers a cross-reference in
    /// it (see [`crate::diff::Op::reference`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reference: bool,
}

/// The pieces of `text` as the diffs with its partners mark it (on the old side when
/// `old`): kept where any diff keeps it or one of the stretches of its partners that
/// the diffs left unmatched (`free`) has it word for word (a run
/// [`VERBATIM_RUN`](crate::diff::VERBATIM_RUN) long or more, in comparison normal form:
/// what a diff's clean-up gave up as an island in rewritten text), a renumbered reference where none keeps it and one
/// renumbers it, changed where none does either. `None` stands for a partner with the
/// same text. Returns the pieces and the non-space characters changed.
fn unit_pieces<'d>(
    text: &str,
    free: &[&str],
    diffs: impl Iterator<Item = Option<&'d InlineDiff>>,
    old: bool,
) -> (Vec<UnitPiece>, usize) {
    const CHANGED: u8 = 0;
    const REFERENCE: u8 = 1;
    const KEPT: u8 = 2;
    let mut marks = vec![CHANGED; text.len()];
    for d in diffs {
        let Some(d) = d else {
            marks.fill(KEPT);
            continue;
        };
        for op in &d.ops {
            let mark = match (op.tag, op.reference) {
                (Tag::Equal, _) => KEPT,
                (_, true) => REFERENCE,
                _ => continue,
            };
            let range = if old { op.old.clone() } else { op.new.clone() };
            for m in &mut marks[range] {
                *m = (*m).max(mark);
            }
        }
    }
    // Runs a partner has word for word change only what no diff keeps.
    if marks.contains(&CHANGED) {
        for range in verbatim_runs(text, free, |b| marks[b] == CHANGED) {
            marks[range].fill(KEPT);
        }
    }
    let changed_tag = if old { Tag::Delete } else { Tag::Insert };
    let mut changed = 0;
    let pieces = runs(&marks)
        .map(|(mark, range)| {
            let (tag, reference) = match mark {
                KEPT => (Tag::Equal, false),
                REFERENCE => (changed_tag, true),
                _ => {
                    changed +=
                        text[range.clone()].chars().filter(|c| !crate::normalize::is_invisible(*c)).count();
                    (changed_tag, false)
                }
            };
            UnitPiece { tag, range, reference }
        })
        .collect();
    (pieces, changed)
}

/// The runs of one value in `marks`, as `(value, range)`, in order. Marks set over the
/// ranges of diff ops, which end on character boundaries, give runs that do too.
fn runs<T: Copy + PartialEq>(marks: &[T]) -> impl Iterator<Item = (T, Range<usize>)> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        let value = *marks.get(start)?;
        let end = marks[start..].iter().position(|&m| m != value).map_or(marks.len(), |k| start + k);
        let run = start..end;
        start = end;
        Some((value, run))
    })
}

/// A row's unit on `which` side, and its partner.
fn sides(r: &ComparedRow, which: UnitSide) -> (Option<&UnitView>, Option<&UnitView>) {
    match which {
        UnitSide::Old => (r.old.as_ref(), r.new.as_ref()),
        UnitSide::New => (r.new.as_ref(), r.old.as_ref()),
    }
}

/// The stretches of a unit's text (on the old side when `old`) that none of the diffs of
/// its rows matched; none when one of its rows has no diff (the same text on both sides).
fn unmatched<'t>(text: &'t str, rows: &[&ComparedRow], old: bool) -> Vec<&'t str> {
    let mut taken = vec![false; text.len()];
    for r in rows {
        let Some(d) = &r.diff else { return Vec::new() };
        for op in d.ops.iter().filter(|op| op.tag == Tag::Equal || op.reference) {
            taken[if old { op.old.clone() } else { op.new.clone() }].fill(true);
        }
    }
    runs(&taken).filter(|&(taken, _)| !taken).map(|(_, r)| &text[r]).collect()
}

/// Byte ranges of `text` that one of the texts `theirs` has word for word,
/// [`VERBATIM_RUN`](crate::diff::VERBATIM_RUN) long or more (eight Han characters, or
/// twenty-four letters: [`crate::diff::verbatim_thirds`]), compared in normal form: of
/// the windows that long that hold a byte for which `wanted` holds (the rest of the text
/// is kept already), those found in `theirs`, joined where they overlap and cut back to
/// whole words (a run found in `监事、高级管理人员` begins after `董事`, not in it).
fn verbatim_runs(text: &str, theirs: &[&str], wanted: impl Fn(usize) -> bool) -> Vec<Range<usize>> {
    let theirs: Vec<String> = theirs.iter().map(|p| normalize(p)).collect();
    // A window is the shortest text from a character on that is VERBATIM_RUN long, so
    // the same words make the same window on either side.
    let mut windows: FxHashSet<&str> = FxHashSet::default();
    for t in &theirs {
        windows.extend(verbatim_windows(t).into_iter().map(|w| &t[w]));
    }
    if windows.is_empty() {
        return Vec::new();
    }
    let mine = normalize_mapped(text);
    // How many bytes of the normal form before each come from wanted bytes.
    let mut hot = Vec::with_capacity(mine.text.len() + 1);
    hot.push(0u32);
    for &o in &mine.origin[..mine.text.len()] {
        hot.push(hot.last().copied().unwrap_or(0) + u32::from(wanted(o as usize)));
    }
    // The longest runs, as byte ranges of the normal form: overlapping windows join.
    let mut runs: Vec<Range<usize>> = Vec::new();
    for Range { start: a, end: b } in verbatim_windows(&mine.text) {
        if hot[b] == hot[a] || !windows.contains(&mine.text[a..b]) {
            continue;
        }
        match runs.last_mut() {
            Some(last) if last.end >= a => last.end = b,
            _ => runs.push(a..b),
        }
    }
    if runs.is_empty() {
        return runs;
    }
    let words: Vec<usize> = crate::diff::tokens::tokenize(&mine.text).iter().map(|t| t.range.start).collect();
    runs.into_iter()
        .filter_map(|r| {
            let start = words[words.partition_point(|&b| b < r.start)..].first().copied().unwrap_or(r.end);
            let end = words[..words.partition_point(|&b| b <= r.end)].last().copied().unwrap_or(0);
            // A run that reaches the end of the text ends there, not at the last word's start.
            let end = if r.end == mine.text.len() { r.end } else { end };
            (start < end).then(|| {
                let (start, end) = mine.original_range(start, end);
                start..end
            })
        })
        .collect()
}

/// The pieces of the units of splits and merges ([`UnitDiff`]), and the characters
/// deleted from old units and inserted into new units.
///
/// A unit's text is kept where its diff against all its partners joined keeps it, the
/// diff of any one pair does, or a partner has it word for word
/// ([`VERBATIM_RUN`](crate::diff::VERBATIM_RUN)). The joined diff finds what went to
/// each partner in order, however the pair diffs place words the unit repeats; the pair
/// diffs find text that went to one partner from between text another keeps, which a
/// diff against the partners in any one order cannot; and the runs a partner has word for word are what both diffs' clean-up may
/// have given up as islands in rewritten text.
fn unit_diffs(rows: &[ComparedRow], opts: &CompareOptions) -> (Vec<UnitDiff>, usize, usize) {
    let mut by_old: BTreeMap<usize, Vec<&ComparedRow>> = BTreeMap::new();
    let mut by_new: BTreeMap<usize, Vec<&ComparedRow>> = BTreeMap::new();
    for r in rows {
        if let Some(o) = &r.old {
            by_old.entry(o.index).or_default().push(r);
        }
        if let Some(n) = &r.new {
            by_new.entry(n.index).or_default().push(r);
        }
    }
    let units = by_old
        .iter()
        .map(|(i, rs)| (UnitSide::Old, *i, rs))
        .chain(by_new.iter().map(|(i, rs)| (UnitSide::New, *i, rs)));
    let units: Vec<(UnitSide, usize, &Vec<&ComparedRow>)> = units.collect();
    // Each unit: its own count, or its pieces against its partners (in parallel).
    let results: Vec<(usize, Option<UnitDiff>)> = units
        .par_iter()
        .map(|&(which, index, rs)| {
            let old = which == UnitSide::Old;
            let me = sides(rs[0], which).0.expect("grouped by this side");
            let paired: Vec<&ComparedRow> =
                rs.iter().copied().filter(|r| sides(r, which).1.is_some()).collect();
            let grouped = paired.iter().any(|r| matches!(r.kind, RowKind::Split | RowKind::Merged));
            match paired.len() {
                0 => (me.char_count(), None),
                1 if !grouped => (
                    paired[0]
                        .diff
                        .as_ref()
                        .map_or(0, |d| if old { d.deleted_chars } else { d.inserted_chars }),
                    None,
                ),
                _ => {
                    let partners: Vec<&str> =
                        paired.iter().filter_map(|r| sides(r, which).1).map(|p| p.text.as_str()).collect();
                    let joined = (partners.len() > 1).then(|| {
                        let joined = partners.join("\n");
                        match which {
                            UnitSide::Old => inline_diff(&me.text, &joined, &opts.diff),
                            UnitSide::New => inline_diff(&joined, &me.text, &opts.diff),
                        }
                    });
                    // A partner's wording counts once: what the diffs of its rows matched
                    // (with this unit or another) is taken.
                    let theirs = if old { &by_new } else { &by_old };
                    let free: Vec<&str> = paired
                        .iter()
                        .filter_map(|r| sides(r, which).1)
                        .flat_map(|p| unmatched(&p.text, &theirs[&p.index], !old))
                        .collect();
                    let diffs = paired.iter().map(|r| r.diff.as_ref()).chain(joined.as_ref().map(Some));
                    let (pieces, changed) = unit_pieces(&me.text, &free, diffs, old);
                    (changed, Some(UnitDiff { side: which, index, pieces, changed_chars: changed }))
                }
            }
        })
        .collect();
    let (mut deleted, mut inserted) = (0, 0);
    let mut diffs = Vec::new();
    for (&(which, _, _), (n, d)) in units.iter().zip(results) {
        match which {
            UnitSide::Old => deleted += n,
            UnitSide::New => inserted += n,
        }
        diffs.extend(d);
    }
    (diffs, deleted, inserted)
}

/// Article number → article number, for old articles with exactly one successor.
fn renumbering(alignment: &Alignment, old: &[Unit], new: &[Unit]) -> BTreeMap<ArticleNumber, ArticleNumber> {
    let mut succ: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for r in &alignment.rows {
        if let (Some(a), Some(b)) = (r.old, r.new) {
            succ.entry(a).or_default().push(b);
        }
    }
    succ.into_iter()
        .filter(|(_, bs)| bs.len() == 1)
        .filter_map(|(a, bs)| Some((old[a].number?, new[bs[0]].number?)))
        .collect()
}

/// Group numbers for split and merge clusters (connected through shared units), in row
/// order; `None` for one-to-one rows.
fn groups(alignment: &Alignment) -> Vec<Option<usize>> {
    let rows = &alignment.rows;
    let clustered: Vec<bool> =
        rows.iter().map(|r| matches!(r.kind, RowKind::Split | RowKind::Merged)).collect();
    let mut group = vec![None; rows.len()];
    let mut next = 0;
    for start in 0..rows.len() {
        if !clustered[start] || group[start].is_some() {
            continue;
        }
        let mut olds: BTreeSet<usize> = BTreeSet::new();
        let mut news: BTreeSet<usize> = BTreeSet::new();
        olds.extend(rows[start].old);
        news.extend(rows[start].new);
        loop {
            let mut grew = false;
            for (i, r) in rows.iter().enumerate() {
                if clustered[i]
                    && group[i].is_none()
                    && (r.old.is_some_and(|a| olds.contains(&a)) || r.new.is_some_and(|b| news.contains(&b)))
                {
                    group[i] = Some(next);
                    olds.extend(r.old);
                    news.extend(r.new);
                    grew = true;
                }
            }
            if !grew {
                break;
            }
        }
        group[start] = Some(next);
        next += 1;
    }
    group
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_follow_the_renumbering() {
        let n = |m| ArticleNumber { main: m, sub: 0 };
        let map: BTreeMap<_, _> = [(n(28), n(34)), (n(29), n(35))].into_iter().collect();
        let d = inline_diff_with(
            "违反本法第二十八条、第二十九条规定的",
            "违反本法第三十四条、第三十五条规定的",
            &DiffOptions::default(),
            Some(&|a: ArticleNumber| map.get(&a).copied()),
        );
        assert!(d.only_references(), "{d:?}");
        assert_eq!(d.deleted_chars + d.inserted_chars, 0);
    }
}
