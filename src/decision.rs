//! A draft amending decision (修改决定): a law's comparison restated as the numbered
//! instructions a legislature adopts, `将第十二条中的“保护”修改为“保障”`, `增加一条，作为
//! 第二十一条：…`, `删去第二十四条`.
//!
//! Scholars and drafters write these by hand from a 修订对照表; this drafts one for them
//! to review. It is computed here, as an owned model that says exactly which text each
//! instruction touches ([`Edit`]), and presented by [`crate::render::decision`].
//!
//! What it follows, from how amending decisions are drafted:
//! - existing articles are named by their old numbers, added ones by their place in the
//!   new text (`作为第二十一条`); articles that only took a new number, and
//!   cross-references that followed them, are not itemised but covered by the closing
//!   sentence (`并对条文顺序作相应调整`);
//! - a few words changed in a paragraph are quoted with just enough of their context to
//!   be found once in the paragraph (款), item (项) or article named; a paragraph changed
//!   more than [`DecisionOptions::max_share`] of is restated whole (`将第五条第二款修改为`),
//!   and an article with more than [`DecisionOptions::max_edits`] word edits, or most of
//!   whose paragraphs were rewritten, added or deleted, is restated whole (`将第五条修改为`);
//! - a paragraph or item added or deleted whole is an instruction of its own
//!   (`在第五条中增加一款，作为第三款`, `删去第五条第二款`): paragraphs pair by their text,
//!   else in order, else by the words they share;
//! - a word replaced everywhere it occurs in an article is one instruction
//!   (`将第十二条中的“保护”修改为“保障”`);
//! - splits and merges restate the new articles (`将第十三条分为两条，作为第十七条、第十八条`).

use std::ops::Range;

use rayon::prelude::*;
use serde::Serialize;

use crate::align::RowKind;
use crate::compare::{ComparedRow, Comparison, HeadingChange, HeadingChangeKind, UnitView};
use crate::diff::{Op, Tag};
use crate::model::{ArticleNumber, Date, Kind, PREAMBLE_LABEL};

/// When a change is quoted word by word and when restated whole.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DecisionOptions {
    /// Most word edits in one paragraph or item before it is restated whole. Default 3.
    pub max_line_edits: usize,
    /// Most word edits in one article before it is restated whole. Default 4: a reader
    /// checks five scattered edits more slowly than one restated article.
    pub max_edits: usize,
    /// Largest share of a paragraph's characters (deleted plus inserted, against the old
    /// paragraph) changed by word edits before the paragraph is restated. Default 0.5.
    pub max_share: f64,
}

impl Default for DecisionOptions {
    fn default() -> DecisionOptions {
        DecisionOptions { max_line_edits: 3, max_edits: 4, max_share: 0.5 }
    }
}

/// A draft amending decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// The law's title as the old version has it.
    pub title: String,
    /// Written in Chinese (`第十二条`) rather than in a language with spaces (`Article 12`).
    pub chinese: bool,
    pub old_label: String,
    pub new_label: String,
    /// The new version's effective date, as the decision's own.
    pub effective: Option<Date>,
    pub items: Vec<Item>,
    /// Articles that only took a new number in the new order (not itemised).
    pub renumbered: usize,
    /// Cross-references that only followed a renumbering (not itemised).
    pub references: usize,
}

/// One instruction of the decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Item {
    /// The law was renamed.
    Title { old: String, new: String },
    /// A heading (编, 章, 节) retitled, added or deleted, with the heading it is under
    /// (`第二章` for its 第一节), as written on the side the decision names it by: the new
    /// for one added, the old otherwise.
    Heading { change: HeadingChange, within: Option<String> },
    /// An article kept in place whose wording changed: edits in its old text.
    Amend { article: Article, edits: Vec<Edit> },
    /// An article moved to another place in the order (`将第三条改为第五条`).
    Move { old: Article, new: Article },
    /// Articles restated whole: one modified beyond word edits, or the old and new
    /// articles of a split or merge. `moved`: the one article also moved to another place
    /// in the order (`将第三条改为第五条，修改为`).
    Restate { old: Vec<Article>, new: Vec<Article>, moved: bool },
    /// New articles, in a row.
    Add { new: Vec<Article> },
    /// Old articles, in a row, repealed.
    Delete { old: Vec<Article> },
    /// The same words replaced in several articles (`将第九条、第十二条中的“工商行政管理
    /// 机关”修改为“市场监督管理部门”`): each article's edit.
    Shared { edits: Vec<(Article, Edit)> },
}

/// An article as the decision names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    /// The unit's index in its version.
    pub index: usize,
    /// As written: `第十二条`, `Article 12`; a preamble or appendix by its label.
    pub name: String,
    /// Its text (the new text of a restated or added article; the old text otherwise).
    pub text: String,
}

/// A change inside an article, applied to its old text: the one occurrence of `old`
/// within `scope` becomes `new` (every occurrence, for [`Form::Everywhere`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// Where the decision says the edit is: `第二款第三项` ([`Place`]).
    pub place: Place,
    /// Byte range of the old article text the place covers.
    pub scope: Range<usize>,
    /// Byte range of `old` in the old article text (the first, for `Everywhere`).
    pub at: Range<usize>,
    pub old: String,
    pub new: String,
    pub form: Form,
    /// Only a cross-reference following a renumbering: covered by the closing sentence.
    pub reference: bool,
}

/// How an edit is worded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    /// `将…中的“old”修改为“new”`.
    Replace,
    /// `删去…中的“old”`.
    Delete,
    /// `在…中的“anchor”后增加“…”`: `old` is the anchor, `new` the anchor and what follows it.
    InsertAfter,
    /// `在…中的“anchor”前增加“…”`: `new` is what precedes the anchor and the anchor.
    InsertBefore,
    /// `将…中的“old”修改为“new”` for each of the `n` times it occurs in the article.
    Everywhere { n: usize },
    /// The whole paragraph or item restated: `将第五条第二款修改为：…`.
    Line,
    /// A paragraph or item added (`在第五条中增加一款，作为第三款：…`), at its place in
    /// the new article; `at` is where it goes in the old text, `new` it with its line
    /// break.
    AddLine,
    /// A paragraph or item deleted (`删去第五条第二款`); `at` covers it with a line break.
    DeleteLine,
}

/// Where in an article an edit is: numbers counted from 1; `None` where the decision
/// need not name that level (an article of one paragraph has no 第一款).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Place {
    pub paragraph: Option<usize>,
    pub item: Option<usize>,
    pub subitem: Option<usize>,
}

/// Fewest letters or ideographs a quoted fragment holds: fewer is hard to find by eye.
const MIN_QUOTED: usize = 3;

/// Drafts the decision for a comparison of two versions of a law; `None` for reports
/// and plain texts, which are not amended by decisions.
pub fn decision(c: &Comparison, opts: &DecisionOptions) -> Option<Decision> {
    if c.kind != Kind::Law {
        return None;
    }
    let chinese = c
        .rows
        .iter()
        .flat_map(|r| [&r.old, &r.new])
        .flatten()
        .find(|u| !u.prefix.is_empty())
        .is_none_or(|u| ArticleNumber::written_in_chinese(&u.prefix));
    let mut d = Decision {
        title: c.header.old.title.clone().unwrap_or_else(|| c.header.title.clone()),
        chinese,
        old_label: c.header.old.label.clone(),
        new_label: c.header.new.label.clone(),
        effective: c.header.new.effective,
        items: Vec::new(),
        renumbered: 0,
        references: 0,
    };
    if let Some((old, new)) = c.header.renamed() {
        d.items.push(Item::Title { old: old.to_string(), new: new.to_string() });
    }
    let mut done_groups = Vec::new();
    // Each heading change goes before the first row under the heading.
    let mut headings: Vec<(usize, Item)> = c
        .headings
        .iter()
        .map(|h| (first_row_under(c, h), Item::Heading { change: h.clone(), within: within(c, h) }))
        .collect();
    headings.sort_by_key(|(at, _)| *at);
    let mut headings = headings.into_iter().peekable();
    // The articles' edits, on all cores (`None` where there are none to draft).
    let mut drafted: Vec<Option<Option<Vec<Edit>>>> = c
        .rows
        .par_iter()
        .map(|r| match (r.kind, &r.old, &r.new) {
            (RowKind::Modified, Some(o), Some(n)) if !r.repealed => {
                Some(edits(o, n, r.diff.as_ref().map_or(&[][..], |x| &x.ops[..]), opts))
            }
            _ => None,
        })
        .collect();
    for (i, row) in c.rows.iter().enumerate() {
        while let Some((_, h)) = headings.next_if(|(at, _)| *at <= i) {
            d.items.push(h);
        }
        match (row.kind, &row.old, &row.new) {
            (RowKind::Split | RowKind::Merged, ..) => {
                let Some(g) = row.group else { continue };
                if done_groups.contains(&g) {
                    continue;
                }
                done_groups.push(g);
                let group: Vec<&ComparedRow> = c.rows.iter().filter(|r| r.group == Some(g)).collect();
                let side = |pick: fn(&ComparedRow) -> Option<&UnitView>| {
                    let mut units: Vec<&UnitView> = group.iter().filter_map(|r| pick(r)).collect();
                    units.sort_by_key(|u| u.index);
                    units.dedup_by_key(|u| u.index);
                    units.into_iter().map(article).collect()
                };
                d.items.push(Item::Restate {
                    old: side(|r| r.old.as_ref()),
                    new: side(|r| r.new.as_ref()),
                    moved: false,
                });
            }
            (RowKind::Added, _, Some(n)) => match d.items.last_mut() {
                Some(Item::Add { new }) if c.rows[i - 1].kind == RowKind::Added => new.push(article(n)),
                _ => d.items.push(Item::Add { new: vec![article(n)] }),
            },
            (RowKind::Deleted, Some(o), _) => delete(&mut d, c, i, o),
            (_, Some(o), Some(_)) if row.repealed => delete(&mut d, c, i, o),
            (RowKind::Unchanged | RowKind::Renumbered, Some(o), Some(n)) => {
                if row.moved && o.label != n.label {
                    d.items.push(Item::Move { old: article(o), new: article(n) });
                } else if o.label != n.label {
                    d.renumbered += 1;
                }
            }
            (RowKind::Modified, Some(o), Some(n)) => {
                let moved = row.moved && o.label != n.label;
                let ops = row.diff.as_ref().map_or(&[][..], |x| &x.ops[..]);
                d.references += ops.iter().filter(|op| op.reference).count();
                let edits = drafted[i].take().expect("drafted above for every modified row");
                if !moved && o.label != n.label {
                    d.renumbered += 1;
                }
                if moved && edits.is_some() {
                    d.items.push(Item::Move { old: article(o), new: article(n) });
                }
                match edits {
                    Some(edits) if edits.is_empty() => {}
                    Some(edits) => d.items.push(Item::Amend { article: article(o), edits }),
                    None => {
                        d.items.push(Item::Restate { old: vec![article(o)], new: vec![article(n)], moved })
                    }
                }
            }
            _ => {}
        }
    }
    d.items.extend(headings.map(|(_, h)| h));
    share(&mut d.items);
    Some(d)
}

/// Gathers the replacements made alike in several articles into one item, where the
/// first of them was; articles left with no edit of their own drop out.
fn share(items: &mut Vec<Item>) {
    let key = |e: &Edit| {
        (matches!(e.form, Form::Replace | Form::Everywhere { .. }) && !e.reference)
            .then(|| (e.old.clone(), e.new.clone()))
    };
    let mut seen: std::collections::HashMap<(String, String), usize> = Default::default();
    for item in items.iter() {
        if let Item::Amend { edits, .. } = item {
            for k in edits.iter().filter_map(key) {
                *seen.entry(k).or_default() += 1;
            }
        }
    }
    // What is replaced by what, and in which articles.
    type Shared = ((String, String), Vec<(Article, Edit)>);
    let mut shared: Vec<Shared> = Vec::new();
    let mut first_at: Vec<usize> = Vec::new();
    let mut kept = Vec::with_capacity(items.len());
    for item in std::mem::take(items) {
        let Item::Amend { article, edits } = item else {
            kept.push(item);
            continue;
        };
        let (mine, alike): (Vec<Edit>, Vec<Edit>) =
            edits.into_iter().partition(|e| key(e).is_none_or(|k| seen[&k] < 2));
        for e in alike {
            let k = key(&e).expect("only keyed edits are shared");
            match shared.iter_mut().find(|(x, _)| *x == k) {
                Some((_, list)) => list.push((article.clone(), e)),
                None => {
                    first_at.push(kept.len());
                    shared.push((k, vec![(article.clone(), e)]));
                }
            }
        }
        if !mine.is_empty() {
            kept.push(Item::Amend { article, edits: mine });
        }
    }
    // Inserted from the last, so that the earlier places still hold.
    for ((_, edits), at) in shared.into_iter().zip(first_at).rev() {
        kept.insert(at, Item::Shared { edits });
    }
    *items = kept;
}

/// Adds an old article to the repealed ones, joining the previous item when it repealed
/// the article just before.
fn delete(d: &mut Decision, c: &Comparison, i: usize, o: &UnitView) {
    let follows = |r: &ComparedRow| r.kind == RowKind::Deleted || r.repealed;
    match d.items.last_mut() {
        Some(Item::Delete { old }) if i > 0 && follows(&c.rows[i - 1]) => old.push(article(o)),
        _ => d.items.push(Item::Delete { old: vec![article(o)] }),
    }
}

/// The first row under a heading that changed (the new heading's, else the old's);
/// past the end when none is.
fn first_row_under(c: &Comparison, h: &HeadingChange) -> usize {
    let under = |u: &Option<UnitView>, title: &Option<String>| {
        u.as_ref().zip(title.as_ref()).is_some_and(|(u, t)| u.headings.iter().any(|x| x == t))
    };
    c.rows
        .iter()
        .position(|r| under(&r.new, &h.new) || (h.new.is_none() && under(&r.old, &h.old)))
        .unwrap_or(c.rows.len())
}

/// The heading a changed heading is under ([`Item::Heading`]), from the heading path of
/// an article under it.
fn within(c: &Comparison, h: &HeadingChange) -> Option<String> {
    let (title, new) = match (&h.new, &h.old) {
        (Some(t), _) if h.kind == HeadingChangeKind::Added => (t, true),
        (_, Some(t)) => (t, false),
        _ => return None,
    };
    c.rows.iter().find_map(|r| {
        let u = if new { r.new.as_ref() } else { r.old.as_ref() }?;
        let at = u.headings.iter().position(|x| x == title)?;
        Some(u.headings[..at].last()?.clone())
    })
}

fn article(u: &UnitView) -> Article {
    let name = if !u.prefix.is_empty() {
        u.prefix.clone()
    } else if u.label == PREAMBLE_LABEL {
        "序言".to_string()
    } else {
        u.label.clone()
    };
    Article { index: u.index, name, text: u.text.clone() }
}

/// The lines of an article's text: byte range, depth and place.
struct Lines {
    ranges: Vec<Range<usize>>,
    depths: Vec<u8>,
    places: Vec<Place>,
}

impl Lines {
    fn of(u: &UnitView) -> Lines {
        let mut ranges = Vec::new();
        let mut start = 0;
        for line in u.text.split('\n') {
            ranges.push(start..start + line.len());
            start += line.len() + 1;
        }
        let depths: Vec<u8> = (0..ranges.len()).map(|i| u.depths.get(i).copied().unwrap_or(0)).collect();
        let paragraphs = depths.iter().filter(|&&d| d == 0).count();
        let (mut p, mut it, mut sub) = (0, 0, 0);
        let places = depths
            .iter()
            .map(|&d| {
                match d {
                    0 => (p, it, sub) = (p + 1, 0, 0),
                    1 => (it, sub) = (it + 1, 0),
                    _ => sub += 1,
                }
                Place {
                    paragraph: (paragraphs > 1).then_some(p.max(1)),
                    item: (d >= 1).then_some(it.max(1)),
                    subitem: (d >= 2).then_some(sub),
                }
            })
            .collect();
        Lines { ranges, depths, places }
    }

    /// Whether a decision can name line `l` on its own (`第二款`, `第三项`): not the
    /// only paragraph of an article, nor the lead-in of one with items.
    fn names(&self, l: usize) -> bool {
        self.places[l].paragraph.is_some() || self.places[l].item.is_some()
    }

    fn line_of(&self, byte: usize) -> usize {
        self.ranges.iter().position(|r| byte <= r.end).unwrap_or(self.ranges.len() - 1)
    }

    /// What the place of line `l` covers: the article when it names no level, else the
    /// paragraph or item with the lines under it.
    fn scope(&self, l: usize, whole: usize) -> Range<usize> {
        let p = self.places[l];
        if p.paragraph.is_none() && p.item.is_none() {
            return 0..whole;
        }
        let depth = self.depths[l];
        let end = (l + 1..self.ranges.len()).find(|&k| self.depths[k] <= depth).unwrap_or(self.ranges.len());
        self.ranges[l].start..self.ranges[end - 1].end
    }
}

/// The edits that turn an old article into the new one; `None` when it is better
/// restated whole.
fn edits(o: &UnitView, n: &UnitView, ops: &[Op], opts: &DecisionOptions) -> Option<Vec<Edit>> {
    let out = edits_with(o, n, ops, opts, true)?;
    // A word replaced everywhere, in a paragraph also restated: each said where it is.
    let lines: Vec<&Range<usize>> = out.iter().filter(|e| e.form == Form::Line).map(|e| &e.at).collect();
    let clash = out.iter().any(|e| {
        matches!(e.form, Form::Everywhere { .. })
            && o.text.match_indices(&e.old).any(|(at, _)| lines.iter().any(|l| l.start <= at && at < l.end))
    });
    if clash { edits_with(o, n, ops, opts, false) } else { Some(out) }
}

fn edits_with(
    o: &UnitView,
    n: &UnitView,
    ops: &[Op],
    opts: &DecisionOptions,
    everywhere_too: bool,
) -> Option<Vec<Edit>> {
    let (ot, nt) = (o.text.as_str(), n.text.as_str());
    let (lo, ln) = (Lines::of(o), Lines::of(n));
    let (pairs, line_ops) = if same_lines(&lo, &ln, ot, nt, ops) {
        ((0..lo.ranges.len()).map(|l| (Some(l), Some(l))).collect(), ops.to_vec())
    } else {
        let (pairs, keys) = paired_lines(&lo, &ln, ot, nt);
        // Most paragraphs added or deleted: restated, without diffing the rest.
        let whole = pairs.iter().filter(|(l, k)| l.is_none() || k.is_none()).count();
        if whole >= lo.ranges.len().max(2) {
            return None;
        }
        let line_ops = line_diffs(&pairs, &keys, &lo, &ln, ot, nt, ops);
        (pairs, line_ops)
    };
    let ops = &line_ops[..];
    let changes: Vec<usize> = (0..ops.len()).filter(|&k| ops[k].tag != Tag::Equal).collect();
    let mut out = Vec::new();
    let mut taken = vec![false; ops.len()];
    if everywhere_too {
        everywhere(o, ot, nt, ops, &changes, &mut taken, &mut out);
    }
    let mut rewritten = 0;
    // Where in the old text the next added paragraph goes: after the last old line seen.
    let mut after: Option<usize> = None;
    for &pair in &pairs {
        let (l, k) = match pair {
            (Some(l), Some(k)) => (l, k),
            (Some(l), None) => {
                // A paragraph or item deleted whole: `删去第五条第二款`.
                if !lo.names(l) {
                    return None;
                }
                let r = lo.ranges[l].clone();
                let at = if r.start > 0 { r.start - 1..r.end } else { r.start..(r.end + 1).min(ot.len()) };
                out.push(Edit {
                    place: lo.places[l],
                    scope: r.clone(),
                    old: ot[at.clone()].to_string(),
                    at,
                    new: String::new(),
                    form: Form::DeleteLine,
                    reference: false,
                });
                after = Some(l);
                continue;
            }
            (None, Some(k)) => {
                // A paragraph or item added: `在第五条中增加一款，作为第三款`.
                if !ln.names(k) {
                    return None;
                }
                let text = &nt[ln.ranges[k].clone()];
                let (at, new) = match after {
                    Some(l) => (lo.ranges[l].end, format!("\n{text}")),
                    None => (0, format!("{text}\n")),
                };
                out.push(Edit {
                    place: ln.places[k],
                    scope: at..at,
                    at: at..at,
                    old: String::new(),
                    new,
                    form: Form::AddLine,
                    reference: false,
                });
                continue;
            }
            (None, None) => continue,
        };
        after = Some(l);
        let here: Vec<usize> =
            changes.iter().copied().filter(|&c| !taken[c] && lo.line_of(ops[c].old.start) == l).collect();
        if here.is_empty() {
            continue;
        }
        let substantive: Vec<usize> = here.iter().copied().filter(|&c| !ops[c].reference).collect();
        let chars = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
        let changed: usize = substantive
            .iter()
            .map(|&c| chars(&ot[ops[c].old.clone()]) + chars(&nt[ops[c].new.clone()]))
            .sum();
        let line_len = chars(&ot[lo.ranges[l].clone()]);
        let scope = lo.scope(l, ot.len());
        // A lead-in no level names (an article of one paragraph with items) is restated
        // with its article.
        let named = lo.names(l);
        if substantive.len() > opts.max_line_edits || changed as f64 > opts.max_share * line_len as f64 {
            if !named {
                return None;
            }
            out.push(line_edit(ot, nt, &lo, &ln, (l, k), scope));
            rewritten += 1;
            continue;
        }
        // Each edit quotes text after the one before it.
        let mut floor = lo.ranges[l].start;
        let words: Option<Vec<Edit>> = here
            .iter()
            .map(|&c| {
                let e = word_edit(ot, nt, ops, c, floor..lo.ranges[l].end, scope.clone(), lo.places[l])?;
                floor = e.at.end;
                Some(e)
            })
            .collect();
        match words {
            Some(words) => out.extend(words),
            // A word found elsewhere in its paragraph however it is widened.
            None if !named => return None,
            None => {
                out.push(line_edit(ot, nt, &lo, &ln, (l, k), scope));
                rewritten += 1;
            }
        }
    }
    let lines = out.iter().filter(|e| matches!(e.form, Form::AddLine | Form::DeleteLine)).count();
    let words = out.iter().filter(|e| !e.reference && e.form != Form::Line).count();
    if words > opts.max_edits || rewritten + lines >= lo.ranges.len().max(2) {
        return None;
    }
    out.sort_by_key(|e| (e.at.start, e.at.end));
    // Edits a reader could not carry out in any order are left to a restatement.
    apply(ot, &out).ok()?;
    Some(out)
}

/// Whether the two articles have their paragraphs and items one for one, and every
/// change stays inside one of them.
fn same_lines(lo: &Lines, ln: &Lines, ot: &str, nt: &str, ops: &[Op]) -> bool {
    lo.ranges.len() == ln.ranges.len()
        && ops.iter().filter(|op| op.tag != Tag::Equal).all(|op| {
            !ot[op.old.clone()].contains('\n')
                && !nt[op.new.clone()].contains('\n')
                && lo.line_of(op.old.start) == ln.line_of(op.new.start)
        })
}

/// A line of each side (or of one), paired.
type LinePair = (Option<usize>, Option<usize>);

/// The paragraphs and items of two articles paired, in order: lines with the same
/// normal text first, then, between those, as many one for one as both sides have, or,
/// where one side has more, each old line with the first later new line that shares
/// [`SAME_LINE`] of its characters. Also the lines' normal forms, old and new.
fn paired_lines(lo: &Lines, ln: &Lines, ot: &str, nt: &str) -> (Vec<LinePair>, [Vec<String>; 2]) {
    let key = |t: &str, r: &Range<usize>| crate::normalize::normalize(&t[r.clone()]);
    let ko: Vec<String> = lo.ranges.iter().map(|r| key(ot, r)).collect();
    let kn: Vec<String> = ln.ranges.iter().map(|r| key(nt, r)).collect();
    let mut pairs = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &ko, &kn) {
        let (a, b) = (op.old_range(), op.new_range());
        if matches!(op, similar::DiffOp::Equal { .. }) || a.len() == b.len() {
            pairs.extend(a.zip(b).map(|(l, k)| (Some(l), Some(k))));
            continue;
        }
        let mut next = b.start;
        for l in a {
            match (next..b.end).find(|&k| similar_lines(&ko[l], &kn[k])) {
                Some(k) => {
                    pairs.extend((next..k).map(|k| (None, Some(k))));
                    pairs.push((Some(l), Some(k)));
                    next = k + 1;
                }
                None => pairs.push((Some(l), None)),
            }
        }
        pairs.extend((next..b.end).map(|k| (None, Some(k))));
    }
    (pairs, [ko, kn])
}

/// The diffs of the paired lines that differ, in article offsets; a change that repeats
/// one of the article's renumbered cross-references (`ops`) is one too.
fn line_diffs(
    pairs: &[LinePair],
    [ko, kn]: &[Vec<String>; 2],
    lo: &Lines,
    ln: &Lines,
    ot: &str,
    nt: &str,
    ops: &[Op],
) -> Vec<Op> {
    let references: Vec<(&str, &str)> =
        ops.iter().filter(|op| op.reference).map(|op| (&ot[op.old.clone()], &nt[op.new.clone()])).collect();
    let mut line_ops = Vec::new();
    for &(l, k) in pairs {
        let (Some(l), Some(k)) = (l, k) else { continue };
        let (ro, rn) = (lo.ranges[l].clone(), ln.ranges[k].clone());
        if ko[l] == kn[k] {
            continue;
        }
        let diff = crate::diff::inline_diff(&ot[ro.clone()], &nt[rn.clone()], &Default::default());
        line_ops.extend(diff.ops.into_iter().map(|op| {
            let (old, new) = (
                op.old.start + ro.start..op.old.end + ro.start,
                op.new.start + rn.start..op.new.end + rn.start,
            );
            let reference =
                op.tag == Tag::Replace && references.contains(&(&ot[old.clone()], &nt[new.clone()]));
            Op { old, new, reference, ..op }
        }));
    }
    line_ops
}

/// Share of a line's distinct characters another line has too for the two to pair.
const SAME_LINE: f64 = 0.5;

/// Whether two lines (normal forms) share [`SAME_LINE`] of the shorter one's distinct
/// characters.
fn similar_lines(a: &str, b: &str) -> bool {
    let set = |s: &str| s.chars().collect::<std::collections::BTreeSet<char>>();
    let (sa, sb) = (set(a), set(b));
    let shared = sa.intersection(&sb).count();
    shared as f64 >= SAME_LINE * sa.len().min(sb.len()).max(1) as f64
}

/// Old line `l` restated whole as new line `k`.
fn line_edit(
    ot: &str,
    nt: &str,
    lo: &Lines,
    ln: &Lines,
    (l, k): (usize, usize),
    scope: Range<usize>,
) -> Edit {
    let (r, nr) = (lo.ranges[l].clone(), ln.ranges[k].clone());
    Edit {
        place: lo.places[l],
        scope,
        at: r.clone(),
        old: ot[r].to_string(),
        new: nt[nr].to_string(),
        form: Form::Line,
        reference: false,
    }
}

/// A word replaced the same way everywhere it occurs in the article, at least twice: one
/// edit for all, at the article's scope.
fn everywhere(
    o: &UnitView,
    ot: &str,
    nt: &str,
    ops: &[Op],
    changes: &[usize],
    taken: &mut [bool],
    out: &mut Vec<Edit>,
) {
    for (i, &k) in changes.iter().enumerate() {
        let op = &ops[k];
        if taken[k] || op.reference || op.old.is_empty() || op.new.is_empty() {
            continue;
        }
        let (a, b) = (&ot[op.old.clone()], &nt[op.new.clone()]);
        let same: Vec<usize> = changes[i..]
            .iter()
            .copied()
            .filter(|&j| !ops[j].reference && &ot[ops[j].old.clone()] == a && &nt[ops[j].new.clone()] == b)
            .collect();
        let starts: Vec<usize> = ot.match_indices(a).map(|(at, _)| at).collect();
        if same.len() < 2
            || starts.len() != same.len()
            || starts.iter().zip(&same).any(|(s, &j)| *s != ops[j].old.start)
        {
            continue;
        }
        for &j in &same {
            taken[j] = true;
        }
        out.push(Edit {
            place: Place { paragraph: None, item: None, subitem: None },
            scope: 0..o.text.len(),
            at: op.old.clone(),
            old: a.to_string(),
            new: b.to_string(),
            form: Form::Everywhere { n: same.len() },
            reference: false,
        });
    }
}

/// The edit of change `k`, widened with the equal text around it (as far as the next
/// changes, within `line`) until what it quotes occurs once in its scope; `None` when it
/// cannot be.
fn word_edit(
    ot: &str,
    nt: &str,
    ops: &[Op],
    k: usize,
    line: Range<usize>,
    scope: Range<usize>,
    place: Place,
) -> Option<Edit> {
    // Found once, and long enough to read as words (`社会主义`, not `义`).
    let unique = |s: usize, e: usize| {
        let needle = &ot[s..e];
        needle.chars().filter(|c| c.is_alphanumeric()).count() >= MIN_QUOTED
            && ot[scope.clone()].match_indices(needle).nth(1).is_none()
    };
    let op = &ops[k];
    let (s0, e0) = (op.old.start, op.old.end);
    let left_bound =
        ops[..k].iter().rev().find(|p| p.tag != Tag::Equal).map_or(line.start, |p| p.old.end).max(line.start);
    let right_bound =
        ops[k + 1..].iter().find(|p| p.tag != Tag::Equal).map_or(line.end, |p| p.old.start).min(line.end);
    // Widened a word at a time.
    // The words of the equal text around, cut only when the change alone is not enough.
    let words = std::cell::OnceCell::new();
    let bounds = || -> &Vec<usize> {
        words.get_or_init(|| {
            crate::diff::tokens::tokenize(&ot[left_bound..right_bound])
                .into_iter()
                .flat_map(|t| [t.range.start + left_bound, t.range.end + left_bound])
                .collect()
        })
    };
    let prev = |at: usize| bounds().iter().rev().copied().find(|&b| b < at).unwrap_or(left_bound).min(at);
    let next = |at: usize| bounds().iter().copied().find(|&b| b > at).unwrap_or(right_bound).max(at);
    let (s, e, form) = if op.old.is_empty() {
        // An insertion: the words before it, else the words after it, else both.
        let mut s = s0;
        while !unique(s, s0) && s > left_bound {
            s = prev(s);
        }
        let mut e = e0;
        while !unique(s0, e) && e < right_bound {
            e = next(e);
        }
        if unique(s, s0) {
            (s, s0, Form::InsertAfter)
        } else if unique(s0, e) {
            (s0, e, Form::InsertBefore)
        } else {
            (s, e, Form::Replace)
        }
    } else {
        let (mut s, mut e) = (s0, e0);
        let mut left = true;
        // Words read better than punctuation: `邮寄、托运`, not `四）邮寄、`.
        let wordy = |r: Range<usize>| ot[r].chars().any(char::is_alphanumeric);
        while !unique(s, e) && (s > left_bound || e < right_bound) {
            let (can_left, can_right) = (s > left_bound, e < right_bound);
            let go_left = match (can_left && wordy(prev(s)..s), can_right && wordy(e..next(e))) {
                (true, false) => true,
                (false, true) => false,
                (true, true) => (left && can_left) || !can_right,
                // Punctuation both sides: the words after it (an item's `（四）` is before).
                (false, false) => !can_right,
            };
            if go_left {
                s = prev(s);
            } else {
                e = next(e);
            }
            left = !left;
        }
        let form = if op.new.is_empty() && (s, e) == (s0, e0) { Form::Delete } else { Form::Replace };
        (s, e, form)
    };
    if !unique(s, e) {
        return None;
    }
    let mut new = format!("{}{}{}", &ot[s..s0], &nt[op.new.clone()], &ot[e0.max(s)..e.max(e0)]);
    // Spaces both sides keep at the edges are not quoted (`“keep”`, not `“keep ”`).
    let (mut s, mut e) = (s, e);
    while let Some(c) = ot[s..e].chars().next_back().filter(|c| c.is_whitespace() && new.ends_with(*c)) {
        if !unique(s, e - c.len_utf8()) {
            break;
        }
        e -= c.len_utf8();
        new.pop();
    }
    while let Some(c) = ot[s..e].chars().next().filter(|c| c.is_whitespace() && new.starts_with(*c)) {
        if !unique(s + c.len_utf8(), e) {
            break;
        }
        s += c.len_utf8();
        new.remove(0);
    }
    Some(Edit { place, scope, at: s..e, old: ot[s..e].to_string(), new, form, reference: op.reference })
}

/// Applies an article's edits to its old text, as a reader of the decision would: each
/// finds what it quotes in its scope, which must be there once (`n` times for
/// [`Form::Everywhere`]), and must not be in what another edit in that scope writes, so
/// that the order they are carried out in does not matter (`在“国务院”后增加“卫生健康、”；
/// 删去“卫生健康、”` is refused). `Err` names the edit that cannot be applied.
pub fn apply(old: &str, edits: &[Edit]) -> Result<String, String> {
    let mut spans: Vec<(Range<usize>, &str)> = Vec::new();
    for (i, e) in edits.iter().enumerate() {
        // A whole paragraph is found by its number, not by quoting.
        if matches!(e.form, Form::AddLine | Form::DeleteLine) {
            let on_line_breaks = |b: usize| {
                b == 0
                    || b == old.len()
                    || old.as_bytes().get(b) == Some(&b'\n')
                    || old.as_bytes().get(b.wrapping_sub(1)) == Some(&b'\n')
            };
            if e.at.end > old.len() || !on_line_breaks(e.at.start) || !on_line_breaks(e.at.end) {
                return Err(format!("a whole paragraph at {:?} is not between lines", e.at));
            }
            spans.push((e.at.clone(), e.new.as_str()));
            continue;
        }
        let written = edits.iter().enumerate().find(|&(j, f)| {
            j != i
                && f.at.start < e.scope.end
                && e.scope.start <= f.at.end
                && f.new.contains(&e.old)
                && !f.old.contains(&e.old)
        });
        if let Some((_, f)) = written {
            return Err(format!("“{}” is also in what another edit writes (“{}”)", e.old, f.new));
        }
        let scope = old.get(e.scope.clone()).ok_or_else(|| format!("scope {:?} out of the text", e.scope))?;
        let found: Vec<usize> = scope.match_indices(&e.old).map(|(at, _)| at + e.scope.start).collect();
        let wanted = match e.form {
            Form::Everywhere { n } => n,
            _ => 1,
        };
        if e.old.is_empty() || found.len() != wanted {
            return Err(format!("“{}” is found {} times in its scope, not {wanted}", e.old, found.len()));
        }
        spans.extend(found.into_iter().map(|at| (at..at + e.old.len(), e.new.as_str())));
    }
    // A paragraph added where one is deleted goes first.
    spans.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(old.len());
    let mut at = 0;
    for (r, new) in spans {
        if r.start < at {
            return Err(format!("edits overlap at byte {}", r.start));
        }
        out.push_str(&old[at..r.start]);
        out.push_str(new);
        at = r.end;
    }
    out.push_str(&old[at..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Overrides;
    use crate::compare::{CompareOptions, Header, compare};

    fn draft(old: &str, new: &str) -> Decision {
        let parse = |t: &str| crate::parse::parse(t, Kind::Law).unwrap().document;
        let c = compare(
            Header::default(),
            &parse(old),
            &parse(new),
            &Overrides::default(),
            &CompareOptions::default(),
        );
        decision(&c, &DecisionOptions::default()).unwrap()
    }

    fn only_edits(d: &Decision) -> &[Edit] {
        match d.items.as_slice() {
            [Item::Amend { edits, .. }] => edits,
            other => panic!("{other:#?}"),
        }
    }

    #[test]
    fn a_word_replaced_wherever_it_occurs_is_one_edit() {
        let d = draft(
            "某法\n第一条 国家保护公民的通信自由，保护公民的个人信息。\n第二条 本法自公布之日起施行。\n",
            "某法\n第一条 国家保障公民的通信自由，保障公民的个人信息。\n第二条 本法自公布之日起施行。\n",
        );
        let edits = only_edits(&d);
        assert_eq!(edits.len(), 1);
        assert_eq!((edits[0].old.as_str(), edits[0].new.as_str()), ("保护", "保障"));
        assert_eq!(edits[0].form, Form::Everywhere { n: 2 });
    }

    #[test]
    fn quoted_words_are_found_once_in_their_paragraph() {
        let old = "某法\n第一条 机关应当公开信息。\n机关应当及时公开信息。\n第二条 本法自公布之日起施行。\n";
        let new =
            "某法\n第一条 机关应当公开信息。\n机关应当及时、准确公开信息。\n第二条 本法自公布之日起施行。\n";
        let d = draft(old, new);
        let edits = only_edits(&d);
        assert_eq!(edits.len(), 1);
        let e = &edits[0];
        assert_eq!(e.place, Place { paragraph: Some(2), item: None, subitem: None });
        // `及时` alone is two characters: widened to a word more.
        assert_eq!(e.form, Form::InsertAfter);
        assert!(e.old.ends_with("及时") && e.old.chars().count() >= MIN_QUOTED, "{e:?}");
        assert_eq!(e.new, format!("{}、准确", e.old));
        assert_eq!(
            apply("机关应当公开信息。\n机关应当及时公开信息。", edits).unwrap(),
            "机关应当公开信息。\n机关应当及时、准确公开信息。"
        );
    }

    #[test]
    fn paragraphs_added_or_deleted_whole_have_instructions_of_their_own() {
        let old = "某法\n第一条 机关应当公开信息。\n第二条 本法自公布之日起施行。\n";
        let new = "某法\n第一条 机关应当公开信息。\n公开的信息应当准确。\n第二条 本法自公布之日起施行。\n";
        let d = draft(old, new);
        let edits = only_edits(&d);
        assert_eq!(edits.len(), 1);
        assert_eq!(edits[0].form, Form::AddLine);
        assert_eq!(edits[0].place, Place { paragraph: Some(2), item: None, subitem: None });
        let (o, n) = ("机关应当公开信息。", "机关应当公开信息。\n公开的信息应当准确。");
        assert_eq!(apply(o, edits).unwrap(), n);
        // And back: the second paragraph deleted.
        let d = draft(new, old);
        let edits = only_edits(&d);
        assert_eq!(edits[0].form, Form::DeleteLine);
        assert_eq!(edits[0].place, Place { paragraph: Some(2), item: None, subitem: None });
        assert_eq!(apply(n, edits).unwrap(), o);
        // Most paragraphs new: the article is restated.
        let d = draft(
            old,
            "某法\n第一条 机关应当及时公开各类信息。\n公开的信息应当准确。\n信息应当便于查询。\n第二条 本法自公布之日起施行。\n",
        );
        assert!(
            matches!(d.items.as_slice(), [Item::Restate { old, new, .. }] if old.len() == 1 && new.len() == 1),
            "{d:#?}"
        );
    }

    #[test]
    fn a_rewritten_lead_in_restates_its_article() {
        let d = draft(
            "某法\n第一条 有下列情形之一的，予以警告：\n（一）迟报的；\n（二）漏报的。\n第二条 施行。\n",
            "某法\n第一条 单位或者个人违反规定，情节较轻的，由主管部门责令改正：\n（一）迟报的；\n（二）漏报的。\n第二条 施行。\n",
        );
        assert!(matches!(d.items.as_slice(), [Item::Restate { .. }]), "{d:#?}");
    }

    #[test]
    fn edits_that_quote_text_elsewhere_in_scope_are_refused() {
        let e = Edit {
            place: Place { paragraph: None, item: None, subitem: None },
            scope: 0..6,
            at: 0..3,
            old: "甲".into(),
            new: "乙".into(),
            form: Form::Replace,
            reference: false,
        };
        assert!(apply("甲甲", std::slice::from_ref(&e)).is_err());
        assert_eq!(apply("甲丙", &[Edit { scope: 0..6, ..e.clone() }]).unwrap(), "乙丙");
        // `在“国务院”后增加“卫生健康、”；删去“卫生健康、”`: which one is deleted depends
        // on the order a reader goes in.
        let text = "国务院科学技术、卫生健康、自然资源主管部门";
        let insert = Edit {
            scope: 0..text.len(),
            at: 0..9,
            old: "国务院".into(),
            new: "国务院卫生健康、".into(),
            form: Form::InsertAfter,
            ..e.clone()
        };
        let at = text.find("卫生健康、").unwrap();
        let delete = Edit {
            scope: 0..text.len(),
            at: at..at + "卫生健康、".len(),
            old: "卫生健康、".into(),
            new: String::new(),
            form: Form::Delete,
            ..e
        };
        assert_eq!(
            apply(text, std::slice::from_ref(&insert)).unwrap(),
            "国务院卫生健康、科学技术、卫生健康、自然资源主管部门"
        );
        let err = apply(text, &[insert, delete]).unwrap_err();
        assert!(err.contains("also in what another edit writes"), "{err}");
    }

    #[test]
    fn reports_have_no_decision() {
        let parse = |t: &str| crate::parse::parse(t, Kind::Report).unwrap().document;
        let (o, n) = (parse("报告\n一、总体\n今年很好。\n"), parse("报告\n一、总体\n今年更好。\n"));
        let c = compare(Header::default(), &o, &n, &Overrides::default(), &CompareOptions::default());
        assert!(decision(&c, &DecisionOptions::default()).is_none());
    }
}
