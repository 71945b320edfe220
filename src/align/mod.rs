//! Aligns the units of two versions (articles of a law, paragraphs of a report) by
//! content, not by number, and classifies every pair.
//!
//! The method, in five steps (the thresholds are [`AlignOptions`], each documented):
//!
//! 1. **Identical texts** (in comparison normal form) pair first.
//! 2. **Main pairs**, one-to-one: each candidate pair is scored by the Dice coefficient of
//!    IDF-weighted bigram bags. Order is evidence: mutual best pairs of high similarity
//!    are anchors, their longest order-preserving chain is the backbone, and a pair that
//!    falls between the backbone neighbours of its old unit gets a bonus; a pair outside
//!    that order gets a smaller one when its new unit is in the chapter where most of the
//!    old unit's chapter went (chapter context, weak evidence). Pairs are taken
//!    greedily by score. A pair is then dropped if one side lies almost wholly inside a
//!    third unit but only weakly inside its partner, or is written word for word in a
//!    third unit and nowhere else (the partner was a look-alike).
//! 3. **Flows**: every sentence of an old unit either stays in its main partner or moves
//!    to the new unit that contains most of it; likewise every sentence of a new unit
//!    comes from its main partner or from elsewhere. Copies (text that still exists in the
//!    source's own successor), look-alikes (text the destination's own source has) and
//!    stock phrasing (text other old units hold as well, or sentences made mostly of the
//!    drafting formulas laws repeat: `违反本法规定，构成犯罪的，依法追究刑事责任`) do not
//!    count as moves; a formula sentence counts only along with one of its own unit's
//!    other sentences, both found whole in the same place. A line written word for word
//!    in exactly one place of each version went there, whatever else resembles it
//!    (parallel paragraphs: `县级以上…予以公告` and `乡、民族乡、镇…予以公告`). An old
//!    sentence stays in its partner only as far as the partner holds it beyond what the
//!    old unit's sentences kept there explain (of two parallel paragraphs, one kept and
//!    one moved out, the kept one explains the words they share).
//! 4. **Extra edges** from flows, following the rules of the gold standard: a moved piece
//!    gets its own row when it is a substantial share of the old unit, when it makes up
//!    much of the new unit, or when it sets the subject (first line, or first paragraph
//!    with its list) of a new unit that has no source of its own; an old unit with no
//!    successor that sends text to a new unit it resembles as a whole (for laws, Dice of
//!    at least `orphan_dice`) is merged into it.
//! 5. **Gaps**: between two neighbouring pairs of the backbone, an old unit and a new
//!    unit that are each the only one there without a row stand in each other's place,
//!    and pair when they resemble each other as wholes (`gap_dice`).
//!
//! A placeholder of a repealed article (`第一百九十九条 （删去）`) takes part in none of
//! these steps: its words are every other placeholder's. It pairs by number with the old
//! unit in its place ([`is_placeholder`], `Matcher::placeholders`).
//!
//! Kinds follow `tests/data/gold/README.md`: an old unit with two or more rows is
//! `split`; otherwise a new unit with two or more sources is `merged`; a one-to-one pair
//! is `unchanged`, `renumbered` or `modified`.

mod features;
pub mod overrides;

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::{Kind, Unit};
use features::Corpus;
pub use overrides::{Override, Overrides};

/// Thresholds of the aligner. The defaults were derived from the rules of the gold
/// standard (see each field) and checked on the gold maps and the whole bundled corpus;
/// `tests/align_gold.rs` also tests the decision boundaries on real rows.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignOptions {
    /// Score a pair needs to become a main pair (Dice, plus the order bonus).
    /// Default 0.3: about a third of the weighted wording shared.
    pub pair_threshold: f64,
    /// Bonus for a pair that keeps the order of the backbone. Default 0.15: an in-order
    /// pair needs Dice 0.15, an out-of-order (moved) one 0.3.
    pub order_bonus: f64,
    /// Bonus for a pair off the backbone's order whose new unit is in the heading (chapter,
    /// section) that received most of the anchors of the old unit's heading: where its
    /// chapter went. Weak evidence, never a rule: default 0.05, a third of the order
    /// bonus, so that it decides between near-equal candidates only. (At 0.15, as strong
    /// as order, it starts to overrule content: company law 2018 → 2023 loses gold pairs.)
    pub chapter_bonus: f64,
    /// Dice a mutual best pair needs to be an anchor of the backbone. Default 0.5.
    pub anchor_threshold: f64,
    /// A main pair is dropped when one side lies less than this share inside its partner…
    /// Default 0.5.
    pub weak_containment: f64,
    /// …and at least this share inside a third unit. Default 0.8 (almost wholly).
    pub strong_containment: f64,
    /// A sentence is found in a unit when this share of its weight is there. Default 0.5.
    pub sentence_presence: f64,
    /// Presences closer than this are the same within the noise of bigram matching: a
    /// sentence still present this well in its own partner (or in the partner of its
    /// source) has not moved. Default 0.15.
    pub presence_slack: f64,
    /// A moved piece gets its own row when it is at least this share of the old unit.
    /// Default 0.3, the gold standard's "about 30 % of its text or more".
    pub moved_share: f64,
    /// …or when moved text makes up at least this share of the new unit. Default 0.5.
    pub source_share: f64,
    /// …or, for a new unit without a source of its own, at least this share of its first
    /// line, or of its first paragraph with the items of the list that line opens (the
    /// moved text sets its subject). Default 0.35.
    pub lead_share: f64,
    /// An old unit without a main partner (deleted, as far as the pairing goes) becomes a
    /// source of a new unit that holds one of its sentences, however small a share, as
    /// long as the two units resemble each other as wholes: Dice at least this. Default
    /// 0.1: every pair of the gold maps has more (the lowest 0.11), while an article that
    /// lent one stock clause (`由国务院…会同国务院有关部门制定`) to an unrelated one has less.
    /// For articles of laws only: see [`AlignOptions::for_kind`].
    pub orphan_dice: f64,
    /// A sentence that another old unit also holds this well (and about as well as the
    /// new unit it was found in, within `presence_slack`: `；` and `：` endings differ)
    /// is stock phrasing, no evidence of a move: the penalty formula `构成犯罪的，依法追究
    /// 刑事责任` of several old articles, found in a new general article. Default 0.85,
    /// "nearly wholly" (1 − `presence_slack`). Above 1, no sentence is stock.
    pub stock_presence: f64,
    /// A sentence at least this share of whose weight is stock drafting formulas
    /// (`违反本法规定，构成犯罪的，依法追究刑事责任`: the catch-all article many revisions
    /// add) is no evidence of a move, even where no other old unit holds it; except from an
    /// old unit without a partner, which `orphan_dice` guards. It still counts towards the
    /// share moved when it went whole where another sentence of its unit went whole (a
    /// paragraph split off as it stood). Default 0.5: mostly formula. Above 1, none is.
    pub formula_share: f64,
    /// An old and a new unit that are each the only one without a row between the same
    /// two neighbouring pairs of the backbone stand in each other's place, and pair when
    /// they resemble each other as wholes: Dice at least this. Default 0.1, the floor of
    /// `orphan_dice`. Above it, true successors the pairing missed: wildlife protection
    /// law 2018 → 2022, 56 → 61 (what becomes of confiscated wildlife; Dice 0.146);
    /// national report 2024 → 2025, 2.0.5 → 2.0.4 (the policy orientation; 0.149). Below
    /// it, articles that only took a deleted one's place: company law 2018 → 2023,
    /// 94 → 107 (0.021, the gold map's `deleted` and `added`); 3.6.4 → 3.6.4 of the
    /// reports (food security, then financial risk; 0.055). Of the 4,784 pairs of an
    /// article left deleted and one left added in the bundled laws' revisions, 106 (2 %)
    /// reach 0.1; place is the stronger evidence, the floor only keeps out articles that
    /// share nothing but stock wording. Above 1, no gap pairs.
    pub gap_dice: f64,
}

impl AlignOptions {
    /// The options for units of `kind`. The paragraphs of reports and plain texts are
    /// long and rewritten wholesale from one version to the next, and a true successor can
    /// share less wording than any floor for articles allows (national report 2024 → 2025,
    /// 3.4.4 → 3.4.4 on fiscal and financial reform: Dice 0.0998): for them
    /// `orphan_dice` is 0, one sentence found is enough.
    pub fn for_kind(&self, kind: Kind) -> AlignOptions {
        match kind {
            Kind::Law => self.clone(),
            Kind::Report | Kind::Plain => AlignOptions { orphan_dice: 0.0, ..self.clone() },
        }
    }
}

impl Default for AlignOptions {
    fn default() -> AlignOptions {
        AlignOptions {
            pair_threshold: 0.3,
            order_bonus: 0.15,
            chapter_bonus: 0.05,
            anchor_threshold: 0.5,
            weak_containment: 0.5,
            strong_containment: 0.8,
            sentence_presence: 0.5,
            presence_slack: 0.15,
            moved_share: 0.3,
            source_share: 0.5,
            lead_share: 0.35,
            orphan_dice: 0.1,
            stock_presence: 0.85,
            formula_share: 0.5,
            gap_dice: 0.1,
        }
    }
}

/// The kind of a row, with exactly the meanings of the gold standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RowKind {
    Unchanged,
    Renumbered,
    Modified,
    Split,
    Merged,
    Added,
    Deleted,
}

impl RowKind {
    pub const ALL: [RowKind; 7] = [
        RowKind::Unchanged,
        RowKind::Renumbered,
        RowKind::Modified,
        RowKind::Split,
        RowKind::Merged,
        RowKind::Added,
        RowKind::Deleted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RowKind::Unchanged => "unchanged",
            RowKind::Renumbered => "renumbered",
            RowKind::Modified => "modified",
            RowKind::Split => "split",
            RowKind::Merged => "merged",
            RowKind::Added => "added",
            RowKind::Deleted => "deleted",
        }
    }

    pub fn parse(s: &str) -> Option<RowKind> {
        RowKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether the row is a change (anything but `unchanged`).
    pub fn is_change(self) -> bool {
        self != RowKind::Unchanged
    }
}

impl std::fmt::Display for RowKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row of an alignment: a pair, or an added or deleted unit. Indices point into the
/// two documents' `units`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub old: Option<usize>,
    pub new: Option<usize>,
    pub kind: RowKind,
    /// Dice similarity of the pair (1 for identical texts, 0 for added/deleted).
    pub score: f64,
    /// The pair is off the longest order-preserving chain.
    pub moved: bool,
    /// The row comes from a reviewed override file.
    pub reviewed: bool,
}

/// The result of aligning two versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alignment {
    /// Rows ordered by new unit; a deleted unit comes right after the successor of the
    /// old unit before it (as in the gold maps).
    pub rows: Vec<Row>,
    /// Which units of each side are placeholders of repealed articles
    /// ([`is_placeholder`]), by index: the diff of their rows replaces text whole.
    #[serde(skip)]
    pub old_placeholder: Vec<bool>,
    #[serde(skip)]
    pub new_placeholder: Vec<bool>,
}

/// Aligns two sequences of units.
pub fn align(old: &[Unit], new: &[Unit], opts: &AlignOptions, overrides: &Overrides) -> Alignment {
    let corpus = Corpus::new(old, new);
    let mut m = Matcher::new(&corpus, old, new, opts, overrides);
    m.identical();
    m.score_pairs();
    m.main_pairs();
    m.drop_lookalikes();
    let mut edges = m.flows();
    m.placeholders(&mut edges);
    m.gaps(&mut edges);
    m.rows(edges, old, new)
}

/// What stands in place of an article's text once it was repealed, so that the articles
/// after it keep their numbers, in the languages written with spaces (`§ 5 (weggefallen)`,
/// `Artículo 5. (Sin contenido)`), compared without brackets, punctuation and case.
const PLACEHOLDERS: &[&str] = &[
    "repealed",
    "deleted",
    "omitted",
    "revoked",
    "spent",
    "reserved",
    "weggefallen",
    "aufgehoben",
    "derogado",
    "derogada",
    "sincontenido",
    "suprimido",
    "suprimida",
    "abrogé",
    "abrogée",
    "abrogato",
    "soppresso",
];

/// A Chinese placeholder: `删去`, `删除` or `废止`, in simplified or traditional
/// characters, with the words that may frame it (`（本条已被删除）`, `（删去本条）`).
fn is_chinese_placeholder(word: &str) -> bool {
    let mut w = word;
    for lead in ["本条", "本條", "该条", "該條", "此条", "此條", "已被", "已", "被"] {
        w = w.strip_prefix(lead).unwrap_or(w);
    }
    let w = w.strip_suffix("本条").or_else(|| w.strip_suffix("本條")).unwrap_or(w);
    matches!(w, "删去" | "删除" | "删" | "废止" | "刪去" | "刪除" | "廢止")
}

/// Whether a unit is only a placeholder for a repealed article (`（删去）`, `(repealed)`,
/// …). Its text says nothing of what the article was: placeholders are never paired by
/// content (each is word for word every other), only by number (see
/// `Matcher::placeholders`).
pub fn is_placeholder(u: &Unit) -> bool {
    let mut lines = u.lines();
    let (Some(line), None) = (lines.next(), lines.next()) else { return false };
    if line.text.len() > 48 {
        return false;
    }
    let word: String = crate::normalize::normalize(line.text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    PLACEHOLDERS.contains(&word.as_str()) || is_chinese_placeholder(&word)
}

/// Pair scores: overlap, Dice, and the shares of each side inside the other.
#[derive(Debug, Clone, Copy)]
struct Score {
    dice: f64,
    in_new: f64,
    in_old: f64,
}

/// A one-to-one pairing of old and new units, indexed from both sides. Every unit is
/// looked up several times while aligning, and indexing beats searching sorted maps.
#[derive(Debug, Clone)]
struct Pairing {
    new_of: Vec<Option<usize>>,
    old_of: Vec<Option<usize>>,
}

impl Pairing {
    fn new(n_old: usize, n_new: usize) -> Pairing {
        Pairing { new_of: vec![None; n_old], old_of: vec![None; n_new] }
    }

    /// The partner of old unit `a` (`None` also for an index out of range).
    fn get(&self, a: usize) -> Option<usize> {
        self.new_of.get(a).copied().flatten()
    }

    /// The partner of new unit `b`.
    fn rev(&self, b: usize) -> Option<usize> {
        self.old_of.get(b).copied().flatten()
    }

    fn has(&self, a: usize) -> bool {
        self.get(a).is_some()
    }

    fn has_rev(&self, b: usize) -> bool {
        self.rev(b).is_some()
    }

    /// Pairs `a` with `b`; callers pair only units that are both free.
    fn insert(&mut self, a: usize, b: usize) {
        debug_assert!(self.new_of[a].is_none() && self.old_of[b].is_none(), "{a} or {b} is paired");
        self.new_of[a] = Some(b);
        self.old_of[b] = Some(a);
    }

    fn remove(&mut self, a: usize) {
        if let Some(b) = self.new_of[a].take() {
            self.old_of[b] = None;
        }
    }

    /// The pairs in old-unit order.
    fn iter(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.new_of.iter().enumerate().filter_map(|(a, b)| Some((a, (*b)?)))
    }
}

/// Where a sentence of an old unit went: the new unit, the weight of the sentence found
/// there, and, when that unit has no source of its own, the weight found in its first line
/// and in its first paragraph (see [`features::Sentences::lead_share`]).
type Move = (usize, f64, (f64, f64));

/// Where a sentence of a new unit came from: the old unit, the weight of the sentence
/// found there, and whether the sentence is in the new unit's first line and in its first
/// paragraph (counted only when the new unit has no main partner).
type Source = (usize, f64, (bool, bool));

struct Matcher<'a> {
    c: &'a Corpus,
    opts: &'a AlignOptions,
    overrides: &'a Overrides,
    /// Scores of every pair sharing a bigram.
    scores: HashMap<(usize, usize), Score>,
    /// For each old unit, candidate new units in index order; same from the new side.
    by_old: Vec<Vec<usize>>,
    by_new: Vec<Vec<usize>>,
    main: Pairing,
    /// The main pairs of identical texts.
    identical: Pairing,
    old_labels: Vec<&'a str>,
    new_labels: Vec<&'a str>,
    /// Each unit's innermost heading.
    old_headings: Vec<Option<usize>>,
    new_headings: Vec<Option<usize>>,
    /// Which units are placeholders of repealed articles ([`is_placeholder`]).
    old_placeholder: Vec<bool>,
    new_placeholder: Vec<bool>,
}

impl<'a> Matcher<'a> {
    fn new(
        c: &'a Corpus,
        old: &'a [Unit],
        new: &'a [Unit],
        opts: &'a AlignOptions,
        overrides: &'a Overrides,
    ) -> Matcher<'a> {
        Matcher {
            c,
            opts,
            overrides,
            scores: HashMap::default(),
            by_old: vec![Vec::new(); old.len()],
            by_new: vec![Vec::new(); new.len()],
            main: Pairing::new(old.len(), new.len()),
            identical: Pairing::new(old.len(), new.len()),
            old_labels: old.iter().map(|u| u.label.as_str()).collect(),
            new_labels: new.iter().map(|u| u.label.as_str()).collect(),
            old_headings: old.iter().map(|u| u.heading).collect(),
            new_headings: new.iter().map(|u| u.heading).collect(),
            old_placeholder: old.iter().map(is_placeholder).collect(),
            new_placeholder: new.iter().map(is_placeholder).collect(),
        }
    }

    /// Placeholders of repealed articles pair by number only: content says nothing of
    /// them. Edges that reached one through its text are dropped (unless pinned), and each
    /// new placeholder left without a partner takes the old unit of its number, when that
    /// one has no partner either: `（删去）` stays `（删去）` (unchanged), and an article
    /// repealed since keeps its row against the placeholder that replaced it (modified),
    /// rather than a deleted article and an added placeholder. An old placeholder whose
    /// number now holds a new article was not that article: it is deleted, the article
    /// added.
    fn placeholders(&self, edges: &mut BTreeSet<(usize, usize)>) {
        let (po, pn) = (&self.old_placeholder, &self.new_placeholder);
        if !po.contains(&true) && !pn.contains(&true) {
            return;
        }
        let pinned = |a: usize, b: usize| {
            self.overrides.pinned().any(|(o, n)| o == self.old_labels[a] && n == self.new_labels[b])
        };
        edges.retain(|&(a, b)| !(po[a] || pn[b]) || pinned(a, b));
        let (mut out_degree, mut in_degree) = degrees(edges, po.len(), pn.len());
        let new_by_label: HashMap<&str, usize> =
            self.new_labels.iter().enumerate().map(|(b, l)| (*l, b)).collect();
        for (a, label) in self.old_labels.iter().enumerate() {
            let Some(&b) = new_by_label.get(label) else { continue };
            let allowed = !self.overrides.forbids(label, self.new_labels[b])
                && !self.overrides.blocks_old(label)
                && !self.overrides.blocks_new(self.new_labels[b]);
            if pn[b] && out_degree[a] == 0 && in_degree[b] == 0 && allowed {
                edges.insert((a, b));
                out_degree[a] += 1;
                in_degree[b] += 1;
            }
        }
    }

    /// Scores every pair that shares a bigram and involves a unit not yet paired with an
    /// identical text (pairs of two such units are settled already). Each side's free
    /// units are scored against all units of the other side through the inverted index.
    fn score_pairs(&mut self) {
        let c = self.c;
        let free_old: Vec<usize> = (0..c.old.len()).filter(|&a| !self.main.has(a)).collect();
        let free_new: Vec<usize> = (0..c.new.len()).filter(|&b| !self.main.has_rev(b)).collect();
        // From the new side only pairs with paired old units are missing. When most old
        // units are paired (a light revision), walking all of them and dropping the free
        // ones costs less than indexing the paired ones apart.
        let main = &self.main;
        let subset;
        let paired_old = if free_old.len() * 2 <= c.old.len() {
            &c.old_postings
        } else {
            subset = c.postings_of(&c.old, |a| main.has(a));
            &subset
        };
        // Pairs below both floors cannot take part in any decision: main pairs need
        // Dice ≥ pair_threshold − order_bonus, anchors more, and the look-alike test
        // strong containment. They are dropped as each row is scored: a row holds nearly
        // every unit of the other side (common bigrams), and keeping whole rows until all
        // were scored was the largest part of the civil code's peak memory.
        let floor = (self.opts.pair_threshold - self.opts.order_bonus).min(self.opts.anchor_threshold);
        let strong = self.opts.strong_containment;
        let score = |a: usize, b: usize, o: f64| -> Option<Score> {
            let (wa, wb) = (c.old[a].weight, c.new[b].weight);
            let s = Score { dice: 2.0 * o / (wa + wb), in_new: o / wa, in_old: o / wb };
            (s.dice >= floor || s.in_new >= strong || s.in_old >= strong).then_some(s)
        };
        let old_rows: Vec<Vec<(usize, usize, Score)>> = free_old
            .par_iter()
            .map_init(
                || features::Scratch::new(c.new.len()),
                |scratch, &a| {
                    let mut row = Vec::new();
                    c.for_each_overlap(&c.old[a].bag, &c.new_postings, scratch, |b, o| {
                        row.extend(score(a, b, o).map(|s| (a, b, s)));
                    });
                    row
                },
            )
            .collect();
        // Pairs of two free units were scored from the old side already.
        let new_rows: Vec<Vec<(usize, usize, Score)>> = free_new
            .par_iter()
            .map_init(
                || features::Scratch::new(c.old.len()),
                |scratch, &b| {
                    let mut row = Vec::new();
                    c.for_each_overlap(&c.new[b].bag, paired_old, scratch, |a, o| {
                        if main.has(a) {
                            row.extend(score(a, b, o).map(|s| (a, b, s)));
                        }
                    });
                    row
                },
            )
            .collect();
        let mut pairs: Vec<(usize, usize, Score)> = old_rows.into_iter().chain(new_rows).flatten().collect();
        pairs.sort_unstable_by_key(|&(a, b, _)| (a, b));
        self.scores.reserve(pairs.len());
        for (a, b, s) in pairs {
            if self.overrides.forbids(self.old_labels[a], self.new_labels[b])
                || self.old_placeholder[a]
                || self.new_placeholder[b]
            {
                continue;
            }
            self.scores.insert((a, b), s);
            self.by_old[a].push(b);
            self.by_new[b].push(a);
        }
    }

    fn dice(&self, a: usize, b: usize) -> f64 {
        self.scores.get(&(a, b)).map_or(0.0, |s| s.dice)
    }

    fn pair(&mut self, a: usize, b: usize) {
        self.main.insert(a, b);
    }

    fn unpair(&mut self, a: usize) {
        self.main.remove(a);
    }

    /// Pins from the override file first, then identical texts, each new unit taken by
    /// the first old unit with the same text.
    fn identical(&mut self) {
        let pins: Vec<(usize, usize)> = self
            .overrides
            .pinned()
            .filter_map(|(o, n)| {
                let a = self.old_labels.iter().position(|l| *l == o)?;
                let b = self.new_labels.iter().position(|l| *l == n)?;
                Some((a, b))
            })
            .collect();
        for (a, b) in pins {
            if !self.main.has(a) && !self.main.has_rev(b) {
                self.pair(a, b);
            }
        }
        let mut by_text: HashMap<u32, Vec<usize>> = HashMap::default();
        for (b, f) in self.c.new.iter().enumerate() {
            by_text.entry(f.same).or_default().push(b);
        }
        for (a, f) in self.c.old.iter().enumerate() {
            if self.main.has(a) || self.overrides.blocks_old(self.old_labels[a]) || self.old_placeholder[a] {
                continue;
            }
            let Some(bs) = by_text.get(&f.same) else {
                continue;
            };
            let free = bs.iter().copied().find(|b| {
                !self.main.has_rev(*b)
                    && !self.new_placeholder[*b]
                    && !self.overrides.blocks_new(self.new_labels[*b])
                    && !self.overrides.forbids(self.old_labels[a], self.new_labels[*b])
            });
            if let Some(b) = free {
                self.pair(a, b);
                self.identical.insert(a, b);
            }
        }
    }

    /// The best partner of each unit by Dice (ties: lowest index).
    fn best(&self) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
        let pick = |cands: &[usize], score: &dyn Fn(usize) -> f64| -> Option<usize> {
            let mut best: Option<(usize, f64)> = None;
            for &x in cands {
                let s = score(x);
                if best.is_none_or(|(_, bs)| s > bs) {
                    best = Some((x, s));
                }
            }
            best.map(|(x, _)| x)
        };
        let best_new = (0..self.by_old.len())
            .map(|a| self.identical.get(a).or_else(|| pick(&self.by_old[a], &|b| self.dice(a, b))))
            .collect();
        let best_old = (0..self.by_new.len())
            .map(|b| self.identical.rev(b).or_else(|| pick(&self.by_new[b], &|a| self.dice(a, b))))
            .collect();
        (best_new, best_old)
    }

    /// One-to-one main pairs: anchors, backbone, order bonus, greedy.
    fn main_pairs(&mut self) {
        let (best_new, best_old) = self.best();
        let mut anchors: Vec<(usize, usize)> = self.main.iter().collect();
        for (a, b) in best_new.iter().enumerate() {
            let Some(b) = *b else { continue };
            if best_old[b] == Some(a)
                && !self.main.has(a)
                && !self.main.has_rev(b)
                && self.dice(a, b) >= self.opts.anchor_threshold
            {
                anchors.push((a, b));
            }
        }
        anchors.sort_unstable();
        let backbone = longest_chain(&anchors);
        let window = Window::new(&backbone, self.c.new.len());
        let went = self.successor_headings(&anchors);
        let mut cands: Vec<(f64, f64, usize, usize)> = Vec::new();
        for (&(a, b), s) in &self.scores {
            if self.main.has(a) || self.main.has_rev(b) {
                continue;
            }
            if self.overrides.blocks_old(self.old_labels[a]) || self.overrides.blocks_new(self.new_labels[b])
            {
                continue;
            }
            let bonus = if window.contains(a, b) {
                self.opts.order_bonus
            } else if self.old_headings[a].is_some_and(|h| went.get(&h) == self.new_headings[b].as_ref()) {
                self.opts.chapter_bonus
            } else {
                0.0
            };
            let score = s.dice + bonus;
            if score >= self.opts.pair_threshold {
                cands.push((score, s.dice, a, b));
            }
        }
        // Highest score first; ties by Dice, then by position (deterministic).
        cands.sort_by(|x, y| {
            y.0.total_cmp(&x.0).then(y.1.total_cmp(&x.1)).then(x.2.cmp(&y.2)).then(x.3.cmp(&y.3))
        });
        for (_, _, a, b) in cands {
            if !self.main.has(a) && !self.main.has_rev(b) {
                self.pair(a, b);
            }
        }
    }

    /// For each old heading, the new heading holding most of the partners of its units
    /// among `anchors` (ties: the first), when at least two anchors agree.
    fn successor_headings(&self, anchors: &[(usize, usize)]) -> HashMap<usize, usize> {
        let mut votes: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for &(a, b) in anchors {
            if let (Some(ha), Some(hb)) = (self.old_headings[a], self.new_headings[b]) {
                *votes.entry((ha, hb)).or_default() += 1;
            }
        }
        let mut best: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
        for ((ha, hb), n) in votes {
            if best.get(&ha).is_none_or(|&(m, _)| n > m) {
                best.insert(ha, (n, hb));
            }
        }
        best.into_iter().filter(|(_, (n, _))| *n >= 2).map(|(ha, (_, hb))| (ha, hb)).collect()
    }

    /// Drops main pairs whose one side lies almost wholly inside a third unit but only
    /// weakly inside its partner: the partner merely resembled it. Unless the third unit
    /// has that text from its own partner (a sentence two articles share, like the
    /// supervisors' costs clause of both kinds of company): then it is no evidence. Also
    /// drops those whose one side is written word for word, every line, in a third unit
    /// and nowhere else: the partner resembled it only once numbers were masked (two
    /// articles that each apply a list of other articles to companies limited by shares).
    fn drop_lookalikes(&mut self) {
        // For each unit, the third unit on the other side that contains most of it.
        let mut in_other_old = vec![(0.0f64, usize::MAX); self.c.new.len()];
        let mut in_other_new = vec![(0.0f64, usize::MAX); self.c.old.len()];
        for (&(a, b), s) in &self.scores {
            if self.main.get(a) != Some(b) {
                if s.in_old > in_other_old[b].0 || (s.in_old == in_other_old[b].0 && a < in_other_old[b].1) {
                    in_other_old[b] = (s.in_old, a);
                }
                if s.in_new > in_other_new[a].0 || (s.in_new == in_other_new[a].0 && b < in_other_new[a].1) {
                    in_other_new[a] = (s.in_new, b);
                }
            }
        }
        let c = self.c;
        let contained = |x: &features::Features, y: &features::Features| {
            ratio(features::overlap(&x.bag, &y.bag, &c.idf), x.weight)
        };
        let pairs: Vec<(usize, usize)> = self.main.iter().collect();
        let mut drop = Vec::new();
        for (a, b) in pairs {
            if self.identical.get(a) == Some(b) || self.overrides.pins(self.old_labels[a], self.new_labels[b])
            {
                continue;
            }
            let Some(s) = self.scores.get(&(a, b)) else {
                continue;
            };
            let o = self.opts;
            // new b inside old t, unless t's partner holds b's text as well.
            let (x, t) = in_other_old[b];
            let old_side = s.in_old < o.weak_containment
                && x >= o.strong_containment
                && !self.main.get(t).is_some_and(|q| contained(&c.new[b], &c.new[q]) >= o.strong_containment);
            // old a inside new t, unless t's partner holds a's text as well.
            let (x, t) = in_other_new[a];
            let new_side = s.in_new < o.weak_containment
                && x >= o.strong_containment
                && !self.main.rev(t).is_some_and(|p| contained(&c.old[a], &c.old[p]) >= o.strong_containment);
            // Every line of one side written word for word in one third unit, and nowhere
            // else: the partner, however alike once numbers are masked, is another text.
            let twin_elsewhere =
                || c.twins(false, b).is_some_and(|u| u != a) || c.twins(true, a).is_some_and(|u| u != b);
            if old_side || new_side || twin_elsewhere() {
                drop.push(a);
            }
        }
        for a in drop {
            self.unpair(a);
        }
    }

    /// Sentence flows and the edges they justify (main pairs included): first where the
    /// text of each old unit went, then, knowing every old unit's successors, where the
    /// text of each new unit came from.
    fn flows(&self) -> BTreeSet<(usize, usize)> {
        let o = self.opts;
        let c = self.c;
        let mut main_pairs: Vec<(usize, usize)> = self.main.iter().collect();
        main_pairs.sort_unstable();
        let chain = longest_chain(&main_pairs);
        let fwd = Window::new(&chain, c.new.len());
        let mut rev_chain: Vec<(usize, usize)> = chain.iter().map(|&(a, b)| (b, a)).collect();
        rev_chain.sort_unstable();
        let back = Window::new(&rev_chain, c.old.len());

        let mut edges: BTreeSet<(usize, usize)> = main_pairs.iter().copied().collect();
        let mut successors: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for &(a, b) in &main_pairs {
            successors.entry(a).or_default().insert(b);
        }

        let moves: Vec<Vec<Move>> = (0..c.old.len())
            .into_par_iter()
            .map_init(
                || (features::Scratch::new(c.new.len()), features::Scratch::new(c.old.len())),
                |(scratch, scratch_old), a| self.moves(a, &fwd, scratch, scratch_old),
            )
            .collect();
        for (a, moves) in self.one_source_per_copy(moves, &back).iter().enumerate() {
            for (b, (x, line, paragraph)) in totals(moves.iter().copied()) {
                let lead_share = c.sentences(&c.new[b]).lead_share(line, paragraph);
                if ratio(x, c.old[a].weight) >= o.moved_share || lead_share >= o.lead_share {
                    edges.insert((a, b));
                    successors.entry(a).or_default().insert(b);
                }
            }
        }

        let sources: Vec<Vec<Source>> = (0..c.new.len())
            .into_par_iter()
            .map_init(
                || features::Scratch::new(c.old.len()),
                |scratch, b| self.sources(b, &back, &successors, scratch),
            )
            .collect();
        for (b, sources) in sources.iter().enumerate() {
            // The lead's weight counts only what lies in it.
            let weighed = sources.iter().map(|&(a, x, (line, paragraph))| {
                (a, x, (if line { x } else { 0.0 }, if paragraph { x } else { 0.0 }))
            });
            for (a, (x, line, paragraph)) in totals(weighed) {
                // An old unit left without a main partner: any of its text counts, in a
                // new unit that resembles it.
                let orphan = !self.main.has(a) && x > 0.0 && c.dice(a, b) >= o.orphan_dice;
                if orphan
                    || ratio(x, c.new[b].weight) >= o.source_share
                    || c.sentences(&c.new[b]).lead_share(line, paragraph) >= o.lead_share
                {
                    edges.insert((a, b));
                }
            }
        }
        edges
    }

    /// Where the sentences of old unit `a` went, other than its main partner: to the new
    /// unit that holds most of each, unless that is no evidence of a move (the sentence
    /// stays about as well in the partner, the destination's own source has it, or it is
    /// stock). `fwd` places an old unit without a partner among the new units.
    fn moves(
        &self,
        a: usize,
        fwd: &Window,
        scratch: &mut features::Scratch,
        scratch_old: &mut features::Scratch,
    ) -> Vec<Move> {
        let (o, c) = (self.opts, self.c);
        let partner = self.main.get(a);
        let reference = partner.map_or_else(|| fwd.middle(a), |b| b as f64);
        let mut out = Flows::default();
        if partner.is_some_and(|b| self.identical.get(a) == Some(b)) {
            return Vec::new(); // every sentence stays in the identical partner
        }
        let segments = &c.sentences(&c.old[a]).segments;
        // Each sentence's share in the partner, computed when first asked.
        let in_partner = std::cell::OnceCell::new();
        for (k, seg) in segments.iter().enumerate() {
            if seg.weight <= 0.0 {
                continue;
            }
            let beyond_kept = || {
                let p = partner?;
                let presence = in_partner.get_or_init(|| presences(segments, &c.new[p].bag, &c.idf));
                unexplained(segments, k, presence, 1.0 - o.presence_slack, &c.new[p].bag, &c.idf)
            };
            // A formula sentence of an old unit without a partner may still show where it
            // went: the unit is then joined to the new one only if the two resemble each
            // other as wholes (`orphan_dice`).
            let twin = c.line_twin(true, a, seg.line);
            let formula = twin.is_none() && partner.is_some() && c.formula_share(seg) >= o.formula_share;
            let found = match twin {
                Some(b) => (partner != Some(b)).then_some((b, seg.weight, 1.0)),
                None => {
                    self.moved_to(seg, (&c.new, &c.new_postings), partner, beyond_kept, reference, scratch)
                }
            };
            let Some((b, amount, presence)) = found else {
                continue;
            };
            let source = self.main.rev(b);
            // Both measured the same way (best window): a whole long unit holds many of a
            // sentence's bigrams by chance.
            if let Some(s) = source
                && c.presence(seg, &c.old[s]) >= c.presence(seg, &c.new[b]).min(presence) - o.presence_slack
            {
                continue; // the destination's own source has this text
            }
            if twin.is_none() && self.stock(seg, a, presence - o.presence_slack, scratch_old) {
                continue; // other old units hold this text as well
            }
            let lead = if source.is_none() {
                c.sentences(&c.new[b]).lead_overlaps(&seg.bag, &c.idf)
            } else {
                (0.0, 0.0)
            };
            out.push((b, amount, lead), formula, presence >= 1.0 - o.presence_slack);
        }
        out.into_flows()
    }

    /// Where the sentences of new unit `b` came from, other than its main partner: from
    /// the old unit that holds most of each, unless that is no evidence (the sentence is
    /// about as native to the partner, it still exists in a successor of the old unit, or
    /// it is stock). `back` places a new unit without a partner among the old units.
    fn sources(
        &self,
        b: usize,
        back: &Window,
        successors: &BTreeMap<usize, BTreeSet<usize>>,
        scratch: &mut features::Scratch,
    ) -> Vec<Source> {
        let (o, c) = (self.opts, self.c);
        let partner = self.main.rev(b);
        let reference = partner.map_or_else(|| back.middle(b), |a| a as f64);
        let mut out = Flows::default();
        if partner.is_some_and(|a| self.identical.get(a) == Some(b)) {
            return Vec::new();
        }
        let sentences = c.sentences(&c.new[b]);
        let lead_lines = sentences.lead_lines;
        for seg in &sentences.segments {
            if seg.weight <= 0.0 {
                continue;
            }
            let twin = c.line_twin(false, b, seg.line);
            let formula = twin.is_none() && c.formula_share(seg) >= o.formula_share;
            let found = match twin {
                Some(a) => (partner != Some(a)).then_some((a, seg.weight, 1.0)),
                None => self.moved_to(seg, (&c.old, &c.old_postings), partner, || None, reference, scratch),
            };
            let Some((a, amount, presence)) = found else {
                continue;
            };
            // `presence` is the source's whole unit: the successor is measured by its
            // whole unit too, or by its best window (see `presence`).
            let floor = presence - o.presence_slack;
            let copy = successors.get(&a).is_some_and(|succ| {
                succ.iter().any(|&x| {
                    features::overlap(&seg.bag, &c.new[x].bag, &c.idf) / seg.weight >= floor
                        || c.presence(seg, &c.new[x]) >= floor
                })
            });
            if copy {
                continue; // the text still exists in the source's successor
            }
            if twin.is_none() && self.stock(seg, a, presence - o.presence_slack, scratch) {
                continue; // the text has more than one source
            }
            let lead = (partner.is_none() && seg.line == 0, partner.is_none() && seg.line < lead_lines);
            out.push((a, amount, lead), formula, presence >= 1.0 - o.presence_slack);
        }
        out.into_flows()
    }

    /// The unit of the other side (`others`: its units, and their postings) that holds
    /// most of `seg`, with the weight found there and its share of the sentence, when the
    /// sentence left its unit's `partner` for it. It stayed when it is (almost) wholly
    /// present in the partner (no other unit can hold it better by more than the slack),
    /// when it is found nowhere with `sentence_presence`, or in the partner about as well;
    /// as far as the partner holds it beyond what `unexplained` says its unit's kept
    /// sentences explain.
    fn moved_to(
        &self,
        seg: &features::Segment,
        (others, postings): (&[features::Features], &features::Postings),
        partner: Option<usize>,
        unexplained: impl Fn() -> Option<f64>,
        reference: f64,
        scratch: &mut features::Scratch,
    ) -> Option<(usize, f64, f64)> {
        let (o, c) = (self.opts, self.c);
        // What the partner holds of the sentence beyond what its unit's other sentences
        // explain, asked only where it could change the answer (it seldom can).
        let mut beyond = None;
        let mut stays_beyond = |whole: f64| *beyond.get_or_insert_with(|| unexplained().unwrap_or(whole));
        if let Some(p) = partner {
            let whole = features::overlap(&seg.bag, &others[p].bag, &c.idf) / seg.weight;
            if whole >= 1.0 - o.presence_slack && stays_beyond(whole) >= 1.0 - o.presence_slack {
                return None;
            }
        }
        let (best, in_partner) = c.best_overlap(&seg.bag, postings, scratch, partner, reference);
        let (u, amount) = best?;
        let presence = amount / seg.weight;
        let stays = in_partner / seg.weight;
        let moved = |stays: f64| presence >= o.sentence_presence && stays < presence - o.presence_slack;
        (moved(stays) || (presence >= o.sentence_presence && moved(stays_beyond(stays))))
            .then_some((u, amount, presence))
    }

    /// The longest order-preserving chain of the main pairs that are still edges.
    fn backbone(&self, edges: &BTreeSet<(usize, usize)>) -> Vec<(usize, usize)> {
        let mut pairs: Vec<(usize, usize)> = self.main.iter().filter(|p| edges.contains(p)).collect();
        pairs.sort_unstable();
        longest_chain(&pairs)
    }

    /// Units that stand in each other's place. Between two neighbouring pairs of the
    /// backbone (or before the first, or after the last), when exactly one old unit and
    /// exactly one new unit have no row at all, the new one took the old one's place: the
    /// amending act rewrote the article (`将第五十七条修改为`). They pair, as `modified`,
    /// when they also resemble each other as wholes (`gap_dice`); an article that merely
    /// stands where a deleted one stood, sharing nothing with it, stays `added`.
    fn gaps(&self, edges: &mut BTreeSet<(usize, usize)>) {
        let (n_old, n_new) = (self.c.old.len(), self.c.new.len());
        let (out_degree, in_degree) = degrees(edges, n_old, n_new);
        let mut from = (0, 0); // the first units after the previous neighbour
        for (to_old, to_new) in self.backbone(edges).into_iter().chain([(n_old, n_new)]) {
            let mut free_old = (from.0..to_old).filter(|&a| out_degree[a] == 0 && !self.old_placeholder[a]);
            let mut free_new = (from.1..to_new).filter(|&b| in_degree[b] == 0 && !self.new_placeholder[b]);
            if let (Some(a), None, Some(b), None) =
                (free_old.next(), free_old.next(), free_new.next(), free_new.next())
                && self.c.dice(a, b) >= self.opts.gap_dice
            {
                edges.insert((a, b));
            }
            from = (to_old + 1, to_new + 1);
        }
    }

    /// Whether an old unit other than `a` (and not a copy of it) holds `seg` at least
    /// `floor` of its weight and nearly wholly (`stock_presence`). Such a sentence is stock
    /// phrasing (a penalty formula, `由国务院规定`): it has no one source, and finding it
    /// in a new unit says nothing about where `a`'s text went. The gold standard leaves
    /// such pieces unexplained rather than give them rows. Copies of `a` itself are left
    /// to [`Matcher::one_source_per_copy`].
    fn stock(&self, seg: &features::Segment, a: usize, floor: f64, scratch: &mut features::Scratch) -> bool {
        let c = self.c;
        let floor = floor.max(self.opts.stock_presence);
        let mut found = false;
        c.for_each_overlap(&seg.bag, &c.old_postings, scratch, |u, x| {
            // Confirmed on windows, like `presence`: a long unit holds many bigrams by chance.
            found = found
                || (c.old[u].same != c.old[a].same
                    && x / seg.weight >= floor
                    && c.presence(seg, &c.old[u]) >= floor);
        });
        found
    }

    /// Old units with the same text (a report's repeated `各位代表！`) that send it to the
    /// same new unit are one text arriving once: only the unit nearest the destination's
    /// place in the old order keeps the move, the others were deleted.
    fn one_source_per_copy(&self, mut moves: Vec<Vec<Move>>, back: &Window) -> Vec<Vec<Move>> {
        let c = self.c;
        let mut by_text: HashMap<u32, Vec<usize>> = HashMap::default();
        for (a, m) in moves.iter().enumerate() {
            if !m.is_empty() {
                by_text.entry(c.old[a].same).or_default().push(a);
            }
        }
        let mut groups: Vec<Vec<usize>> = by_text.into_values().filter(|g| g.len() > 1).collect();
        groups.sort_unstable();
        for group in groups {
            let dests: BTreeSet<usize> = group.iter().flat_map(|&a| moves[a].iter().map(|m| m.0)).collect();
            for b in dests {
                let reference = self.main.rev(b).map_or_else(|| back.middle(b), |a| a as f64);
                let senders = group.iter().copied().filter(|&a| moves[a].iter().any(|m| m.0 == b));
                let keep = senders.min_by(|&x, &y| {
                    (x as f64 - reference).abs().total_cmp(&(y as f64 - reference).abs()).then(x.cmp(&y))
                });
                for &a in &group {
                    if Some(a) != keep {
                        moves[a].retain(|m| m.0 != b);
                    }
                }
            }
        }
        moves
    }

    /// Applies the overrides' pins and bans, classifies and orders the rows.
    fn rows(&self, mut edges: BTreeSet<(usize, usize)>, old: &[Unit], new: &[Unit]) -> Alignment {
        let ov = self.overrides;
        edges.retain(|&(a, b)| {
            !ov.forbids(old[a].label.as_str(), new[b].label.as_str())
                && !ov.blocks_old(old[a].label.as_str())
                && !ov.blocks_new(new[b].label.as_str())
        });
        for (o, n) in ov.pinned() {
            if let (Some(a), Some(b)) =
                (old.iter().position(|u| u.label == o), new.iter().position(|u| u.label == n))
            {
                edges.insert((a, b));
            }
        }
        let (out_degree, in_degree) = degrees(&edges, old.len(), new.len());
        let chain = self.backbone(&edges);
        let on_chain: BTreeSet<(usize, usize)> = chain.iter().copied().collect();
        let window = Window::new(&chain, new.len());
        let mut rows = Vec::new();
        for &(a, b) in &edges {
            let same_text = self.c.old[a].same == self.c.new[b].same;
            let kind = if out_degree[a] >= 2 {
                RowKind::Split
            } else if in_degree[b] >= 2 {
                RowKind::Merged
            } else if same_text {
                if old[a].label == new[b].label { RowKind::Unchanged } else { RowKind::Renumbered }
            } else {
                RowKind::Modified
            };
            let score = if same_text { 1.0 } else { self.c.dice(a, b) };
            let moved = !on_chain.contains(&(a, b)) && !window.contains(a, b);
            rows.push(Row {
                old: Some(a),
                new: Some(b),
                kind,
                score,
                moved,
                reviewed: ov.reviews(old[a].label.as_str(), new[b].label.as_str()),
            });
        }
        for (a, u) in old.iter().enumerate() {
            if out_degree[a] == 0 {
                rows.push(Row {
                    old: Some(a),
                    new: None,
                    kind: RowKind::Deleted,
                    score: 0.0,
                    moved: false,
                    reviewed: ov.reviews(u.label.as_str(), ""),
                });
            }
        }
        for (b, u) in new.iter().enumerate() {
            if in_degree[b] == 0 {
                rows.push(Row {
                    old: None,
                    new: Some(b),
                    kind: RowKind::Added,
                    score: 0.0,
                    moved: false,
                    reviewed: ov.reviews("", u.label.as_str()),
                });
            }
        }
        order_rows(&mut rows, &edges);
        Alignment {
            rows,
            old_placeholder: self.old_placeholder.clone(),
            new_placeholder: self.new_placeholder.clone(),
        }
    }
}

/// The flows of one unit's sentences, gathered as they are found. A sentence made mostly
/// of drafting formulas is no evidence of a move on its own (see
/// [`AlignOptions::formula_share`]), but a paragraph split off as it stood
/// (`机关、单位违反本法规定，发生重大泄露国家秘密案件的，依法对……给予处分。不适用处分的人员，
/// 由……予以处理。`) is measured whole, not by its one sentence without formulas: a formula
/// sentence found whole counts where an ordinary sentence of its unit was found whole too.
/// Formula sentences only partly found (a penalty clause with other amounts) never count.
struct Flows<T> {
    ordinary: Vec<(usize, f64, T)>,
    formulas: Vec<(usize, f64, T)>,
    /// Units an ordinary sentence was found whole in.
    whole: BTreeSet<usize>,
}

impl<T> Default for Flows<T> {
    fn default() -> Self {
        Flows { ordinary: Vec::new(), formulas: Vec::new(), whole: BTreeSet::new() }
    }
}

impl<T> Flows<T> {
    /// Adds a sentence's flow; a formula sentence's only when it was found `whole`.
    fn push(&mut self, flow: (usize, f64, T), formula: bool, whole: bool) {
        if !formula {
            if whole {
                self.whole.insert(flow.0);
            }
            self.ordinary.push(flow);
        } else if whole {
            self.formulas.push(flow);
        }
    }

    /// The ordinary flows, then the formula sentences that go with them.
    fn into_flows(self) -> Vec<(usize, f64, T)> {
        let Flows { mut ordinary, formulas, whole } = self;
        ordinary.extend(formulas.into_iter().filter(|f| whole.contains(&f.0)));
        ordinary
    }
}

/// The share of each segment found in `partner`'s bag.
fn presences(segments: &[features::Segment], partner: &features::Bag, idf: &[f64]) -> Vec<f64> {
    segments.iter().map(|s| ratio(features::overlap(&s.bag, partner, idf), s.weight)).collect()
}

/// The share of segment `k` found in `partner` beyond what the sentences of its unit kept
/// there (found at least `kept`, and better than `k`) hold: two parallel paragraphs
/// (`外国法院请求人民法院…`, `人民法院请求外国法院…`), one kept and one moved out, share
/// most of their words, and the one kept explains them. `None` when no other sentence
/// was kept there.
fn unexplained(
    segments: &[features::Segment],
    k: usize,
    presence: &[f64],
    kept: f64,
    partner: &features::Bag,
    idf: &[f64],
) -> Option<f64> {
    let better: Vec<usize> =
        (0..segments.len()).filter(|&t| t != k && presence[t] > presence[k] && presence[t] >= kept).collect();
    if better.is_empty() {
        return None;
    }
    let mut rest = partner.clone();
    for t in better {
        rest = features::subtract(&rest, &segments[t].bag);
    }
    Some(ratio(features::overlap(&segments[k].bag, &rest, idf), segments[k].weight))
}

/// `x / total`, 0 when the total is 0.
fn ratio(x: f64, total: f64) -> f64 {
    if total > 0.0 { x / total } else { 0.0 }
}

/// The amount and the two lead weights of moved text, summed per unit it moved to (or
/// came from), in unit order.
fn totals(flows: impl Iterator<Item = Move>) -> BTreeMap<usize, (f64, f64, f64)> {
    let mut sum: BTreeMap<usize, (f64, f64, f64)> = BTreeMap::new();
    for (u, x, (line, paragraph)) in flows {
        let e = sum.entry(u).or_insert((0.0, 0.0, 0.0));
        e.0 += x;
        e.1 += line;
        e.2 += paragraph;
    }
    sum
}

/// How many edges leave each old unit and reach each new unit.
fn degrees(edges: &BTreeSet<(usize, usize)>, n_old: usize, n_new: usize) -> (Vec<usize>, Vec<usize>) {
    let (mut out, mut into) = (vec![0; n_old], vec![0; n_new]);
    for &(a, b) in edges {
        out[a] += 1;
        into[b] += 1;
    }
    (out, into)
}

/// The longest chain of pairs increasing in both indices (pairs sorted by old index).
/// Ties prefer the pairs seen last, like a patience sort.
fn longest_chain(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut tails: Vec<usize> = Vec::new(); // new index at the end of chains of each length
    let mut tail_at: Vec<usize> = Vec::new(); // pair index ending those chains
    let mut prev: Vec<Option<usize>> = vec![None; pairs.len()];
    for (k, &(_, b)) in pairs.iter().enumerate() {
        let pos = tails.partition_point(|&t| t < b);
        if pos == tails.len() {
            tails.push(b);
            tail_at.push(k);
        } else {
            tails[pos] = b;
            tail_at[pos] = k;
        }
        prev[k] = if pos > 0 { Some(tail_at[pos - 1]) } else { None };
    }
    let mut out = Vec::new();
    let mut k = tail_at.last().copied();
    while let Some(i) = k {
        out.push(pairs[i]);
        k = prev[i];
    }
    out.reverse();
    out
}

/// Where an old unit is expected in the new version, given a chain of pairs.
struct Window {
    olds: Vec<usize>,
    news: Vec<usize>,
    len: usize,
}

impl Window {
    fn new(chain: &[(usize, usize)], len: usize) -> Window {
        Window { olds: chain.iter().map(|p| p.0).collect(), news: chain.iter().map(|p| p.1).collect(), len }
    }

    /// The open interval between the chain neighbours of `a` (or exactly its partner).
    fn bounds(&self, a: usize) -> (isize, isize) {
        let k = self.olds.partition_point(|&x| x < a);
        if k < self.olds.len() && self.olds[k] == a {
            return (self.news[k] as isize, self.news[k] as isize);
        }
        let lo = if k > 0 { self.news[k - 1] as isize } else { -1 };
        let hi = if k < self.news.len() { self.news[k] as isize } else { self.len as isize };
        (lo + 1, hi - 1)
    }

    fn contains(&self, a: usize, b: usize) -> bool {
        let (lo, hi) = self.bounds(a);
        lo <= b as isize && b as isize <= hi
    }

    /// The middle of the gap where `a` is expected (for tie-breaking by position).
    fn middle(&self, a: usize) -> f64 {
        let k = self.olds.partition_point(|&x| x < a);
        let lo = if k > 0 { self.news[k - 1] } else { 0 };
        let hi = if k < self.news.len() { self.news[k] } else { self.len };
        (lo + hi) as f64 / 2.0
    }
}

/// Orders rows by new unit; a deleted unit follows the rows of the new unit that succeeds
/// the nearest preceding old unit that has a successor.
fn order_rows(rows: &mut [Row], edges: &BTreeSet<(usize, usize)>) {
    let mut succ_of: BTreeMap<usize, usize> = BTreeMap::new();
    for &(a, b) in edges {
        let e = succ_of.entry(a).or_insert(b);
        *e = (*e).max(b);
    }
    let key = |r: &Row| -> (usize, usize, usize, usize) {
        match (r.old, r.new) {
            (_, Some(b)) => (b, 0, r.old.unwrap_or(0), 0),
            (Some(a), None) => {
                let anchor = succ_of.range(..a).next_back().map(|(_, &b)| b);
                match anchor {
                    Some(b) => (b, 1, a, 0),
                    None => (0, 0, 0, a + 1),
                }
            }
            (None, None) => (usize::MAX, 0, 0, 0),
        }
    };
    rows.sort_by_key(|r| {
        let (b, after, a, lead) = key(r);
        // Deleted units before any successor sort first, in old order.
        if lead > 0 { (0, 0, 0, lead) } else { (1, b, after, a) }
    });
}

impl Alignment {
    /// Pairs (rows with both sides) as label pairs.
    pub fn pairs<'u>(&self, old: &'u [Unit], new: &'u [Unit]) -> Vec<(&'u str, &'u str)> {
        self.rows
            .iter()
            .filter_map(|r| Some((old[r.old?].label.as_str(), new[r.new?].label.as_str())))
            .collect()
    }

    /// Counts rows per kind.
    pub fn counts(&self) -> BTreeMap<RowKind, usize> {
        let mut m = BTreeMap::new();
        for r in &self.rows {
            *m.entry(r.kind).or_insert(0) += 1;
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_the_words_of_a_repeal_alone() {
        let unit = |text: &str| Unit {
            label: "1".into(),
            number: None,
            heading: None,
            line: 1,
            prefix: String::new(),
            paragraphs: vec![crate::model::Paragraph { line: 1, text: text.into(), items: Vec::new() }],
        };
        for p in [
            "（删去）",
            "[删除]",
            "删去。",
            "(Repealed)",
            "[Repealed.]",
            "(weggefallen)",
            "（已废止）",
            "【删除】",
            "（本条已被删除）",
            "（删去本条）",
            "(Sin contenido)",
            "[Reserved]",
        ] {
            assert!(is_placeholder(&unit(p)), "{p}");
        }
        for t in
            ["删去第十条。", "Repealed by the Act of 2020.", "本法自公布之日起施行。", "本法同时废止。", ""]
        {
            assert!(!is_placeholder(&unit(t)), "{t}");
        }
    }

    #[test]
    fn longest_chain_is_increasing() {
        let pairs = [(0, 0), (1, 5), (2, 1), (3, 2), (4, 3)];
        assert_eq!(longest_chain(&pairs), vec![(0, 0), (2, 1), (3, 2), (4, 3)]);
        assert!(longest_chain(&[]).is_empty());
    }

    #[test]
    fn windows_lie_between_chain_neighbours() {
        let w = Window::new(&[(0, 0), (5, 9)], 12);
        assert_eq!(w.bounds(0), (0, 0));
        assert_eq!(w.bounds(3), (1, 8));
        assert_eq!(w.bounds(7), (10, 11));
        assert!(w.contains(3, 4));
        assert!(!w.contains(3, 10));
    }
}
