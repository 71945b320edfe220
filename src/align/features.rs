//! Text features for alignment: IDF-weighted bags of character bigrams.
//!
//! Bigrams suit Chinese (most words are two characters) and need no dictionary. Numbers
//! are masked (`三万元以上三十万元以下` → `#万元以上#万元以下`): amounts and article
//! numbers change on revision without changing what an article is about, and masking
//! makes penalty formulas common, hence cheap, features. Weights are inverse document
//! frequencies over the units of both versions, so boilerplate shared by many articles
//! (`构成犯罪的，依法追究刑事责任`) counts little and rare wording counts much.

use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::model::Unit;
use crate::normalize::normalize_into;

/// The stock formulas of Chinese legal drafting (in comparison normal form, numbers
/// masked as the bags mask them): the penalty, liability and deference clauses laws
/// repeat in article after article. A sentence made mostly of them says nothing of where
/// an article went (see [`Corpus::formula_share`]).
const FORMULAS: &[&str] = &[
    "构成犯罪的,依法追究刑事责任",
    "尚不构成犯罪的",
    "依法给予处分",
    "依法给予行政处分",
    "违反本法规定",
    "责令改正",
    "没收违法所得",
    "情节严重的",
    "对直接负责的主管人员和其他直接责任人员",
    "构成违反治安管理行为的,依法给予治安管理处罚",
    "法律,行政法规另有规定的,依照其规定",
    // Amounts are masked whole (`五十万元` is `#元`).
    "处#元以上#元以下的罚款",
];

/// A multiset of bigram ids, sorted by id.
pub type Bag = Vec<(u32, u32)>;

/// A sentence or clause of a unit (split at `。` and `；`).
#[derive(Debug, Clone)]
pub struct Segment {
    pub bag: Bag,
    pub weight: f64,
    /// Index of the unit line (paragraph, item) it belongs to.
    pub line: usize,
}

/// The features of one unit. Sentence-level features are computed on first use: units
/// paired with an identical text never need them.
#[derive(Debug)]
pub struct Features {
    /// The unit's text in comparison normal form; shared with an old unit of the same lines.
    normal: Arc<NormalText>,
    /// The first unit (old units, then new) with the same normal text: two units have the
    /// same text exactly when they have the same `same`, which compares without reading it.
    pub same: u32,
    /// Shared by the units with the same text.
    pub bag: Arc<Bag>,
    pub weight: f64,
    sentences: OnceLock<Sentences>,
}

impl Features {
    fn lines(&self) -> impl Iterator<Item = &str> {
        let mut start = 0;
        self.normal.line_ends.iter().map(move |&end| {
            let l = &self.normal.text[start..end];
            start = end;
            l
        })
    }
}

/// Sentence-level features of a unit.
#[derive(Debug)]
pub struct Sentences {
    /// The first line: the paragraph, or the words that open its list, that sets an
    /// article's subject.
    lead: Bag,
    lead_weight: f64,
    /// The first paragraph with its items (the list a first line opens is part of the
    /// subject it sets: `职业学校的设立，应当符合下列基本条件：` and the conditions), when it
    /// has items: otherwise it is the first line.
    paragraph: Option<Bag>,
    paragraph_weight: f64,
    /// How many lines the first paragraph has.
    pub lead_lines: usize,
    pub segments: Vec<Segment>,
    /// Windows of one or two consecutive segments, to test whether a sentence is still
    /// present in a unit without mixing in words from unrelated sentences. Only a unit of
    /// one segment has a window of one: a segment's window of two holds at least as much
    /// of any sentence as the segment alone. Made on first use: only the units a sentence
    /// is looked for in need them.
    windows: OnceLock<Vec<Bag>>,
}

impl Sentences {
    /// The weight of `bag` in the first line and in the first paragraph.
    pub fn lead_overlaps(&self, bag: &Bag, idf: &[f64]) -> (f64, f64) {
        let line = overlap(bag, &self.lead, idf);
        (line, self.paragraph.as_ref().map_or(line, |p| overlap(bag, p, idf)))
    }

    /// The share of the subject that text moved in sets: the larger of its share of the
    /// first line (`line`: its weight there) and of the first paragraph (`paragraph`).
    pub fn lead_share(&self, line: f64, paragraph: f64) -> f64 {
        let share = |x: f64, w: f64| if w > 0.0 { x / w } else { 0.0 };
        share(line, self.lead_weight).max(share(paragraph, self.paragraph_weight))
    }

    /// The windows (made on the first call).
    pub fn windows(&self) -> &[Bag] {
        self.windows.get_or_init(|| match self.segments.as_slice() {
            [one] => vec![one.bag.clone()],
            more => more.windows(2).map(|w| union(&w[0].bag, &w[1].bag)).collect(),
        })
    }
}

/// A bag whose postings together hold at least one entry for every DENSE units is added
/// up without listing the units it reaches (see [`Corpus::accumulate`]).
const DENSE: usize = 2;

/// Scratch space for searching one side's units: an accumulator per unit (all 0 between
/// searches) and the units touched.
pub struct Scratch {
    acc: Vec<f64>,
    touched: Vec<usize>,
}

impl Scratch {
    pub fn new(units: usize) -> Scratch {
        Scratch { acc: vec![0.0; units], touched: Vec::new() }
    }
}

/// Features of both versions with shared bigram ids and weights.
pub struct Corpus {
    pub old: Vec<Features>,
    pub new: Vec<Features>,
    pub idf: Vec<f64>,
    /// For each bigram id, the new units containing it with counts.
    pub new_postings: Postings,
    /// For each bigram id, the old units containing it with counts.
    pub old_postings: Postings,
    ids: FxHashMap<(char, char), u32>,
    /// The bigram ids of [`FORMULAS`].
    formula_ids: Vec<u32>,
    /// The lines of each side with a given text (by hash), counted on first use.
    line_census: OnceLock<FxHashMap<u64, Census>>,
}

/// How many lines of each side (old, new) have one text, and the unit of the last.
#[derive(Default)]
struct Census {
    count: [u32; 2],
    unit: [u32; 2],
}

/// An inverted index: for each bigram id, the units holding it with their counts, in
/// unit order. Stored as one array with offsets (thousands of small vectors would cost
/// more to allocate than to fill).
pub struct Postings {
    offsets: Vec<u32>,
    entries: Vec<(u32, u32)>,
}

impl Postings {
    /// The postings of the units `keep` accepts.
    fn build(n_ids: usize, units: &[Features], keep: impl Fn(usize) -> bool) -> Postings {
        let kept = || units.iter().enumerate().filter(|(i, _)| keep(*i));
        let mut offsets = vec![0u32; n_ids + 1];
        for (_, f) in kept() {
            for &(id, _) in f.bag.iter() {
                offsets[id as usize + 1] += 1;
            }
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut next: Vec<u32> = offsets[..n_ids].to_vec();
        let mut entries = vec![(0u32, 0u32); offsets[n_ids] as usize];
        for (i, f) in kept() {
            for &(id, c) in f.bag.iter() {
                let slot = &mut next[id as usize];
                entries[*slot as usize] = (i as u32, c);
                *slot += 1;
            }
        }
        Postings { offsets, entries }
    }

    /// The units holding bigram `id`.
    pub fn get(&self, id: u32) -> &[(u32, u32)] {
        let i = id as usize;
        &self.entries[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

/// Replaces runs of numerals (Chinese or Arabic, with decimal points) by `#`.
#[cfg(test)]
fn mask_numbers(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_number = false;
    for c in s.chars() {
        if is_maskable(c) {
            if !in_number {
                out.push('#');
            }
            in_number = true;
        } else {
            in_number = false;
            out.push(c);
        }
    }
    out
}

/// Splits a normalised line into sentences and clauses: each piece ends with `。` or
/// `;` (the normal form of `；`). Pieces of one character are dropped.
fn split_segments(line: &str) -> impl Iterator<Item = &str> {
    line.split_inclusive(['。', ';']).flat_map(western_sentences).filter(|s| s.chars().count() > 1)
}

/// Splits at a full stop that ends a sentence of Western text: in the normal form, which
/// drops spaces, one followed by a capital (`widgets.Sellers`), not by a digit (`1.5`,
/// `Art.3`) or a lowercase letter (`e.g.the`).
fn western_sentences(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let cut = rest
            .match_indices('.')
            .map(|(i, _)| i + 1)
            .find(|&i| rest[i..].starts_with(char::is_uppercase))
            .unwrap_or(rest.len());
        let (head, tail) = rest.split_at(cut);
        rest = tail;
        Some(head)
    })
}

/// Bigram ids, assigned in order of first appearance.
struct Interner {
    ids: FxHashMap<(char, char), u32>,
    counter: Counter,
}

/// Whether a character is masked as (part of) a number.
fn is_maskable(c: char) -> bool {
    crate::numerals::is_number_char(c)
}

/// Builds a bag from a text: ids of its bigrams, each run of numerals masked as one `#`.
fn bag_with(text: &str, mut id: impl FnMut((char, char)) -> Option<u32>, counter: &mut Counter) -> Bag {
    let mut prev: Option<char> = None;
    for c in text.chars() {
        let c = if is_maskable(c) {
            if prev == Some('#') {
                continue;
            }
            '#'
        } else {
            c
        };
        if let Some(p) = prev
            && let Some(i) = id((p, c))
        {
            counter.push(i);
        }
        prev = Some(c);
    }
    counter.bag()
}

/// Counts the ids of a text into a bag. Ids are dense, so a count for each id and a
/// two-level bitmap of the ids present give the bag in id order without sorting (sorting
/// each unit's ids was half the cost of its bag).
#[derive(Default)]
struct Counter {
    /// The ids being counted, in text order.
    ids: Vec<u32>,
    /// One past the largest of `ids`, kept as they are pushed (a pass of its own cost
    /// as much as a tenth of the bag).
    end: usize,
    counts: Vec<u32>,
    /// Bit `i % 64` of word `i / 64` is set when id `i` has a count.
    present: Vec<u64>,
    /// Bit `w % 64` of word `w / 64` is set when word `w` of `present` is not zero.
    summary: Vec<u64>,
}

impl Counter {
    fn push(&mut self, id: u32) {
        self.ids.push(id);
        self.end = self.end.max(id as usize + 1);
    }

    /// The bag of the ids pushed; every table is left cleared for the next one.
    fn bag(&mut self) -> Bag {
        let n = std::mem::take(&mut self.end);
        if n == 0 {
            return Bag::new();
        }
        if self.counts.len() < n {
            self.counts.resize(n, 0);
            self.present.resize(n.div_ceil(64), 0);
            self.summary.resize(n.div_ceil(64 * 64), 0);
        }
        let mut distinct = 0;
        for &i in &self.ids {
            let i = i as usize;
            if self.counts[i] == 0 {
                self.present[i / 64] |= 1 << (i % 64);
                self.summary[i / 4096] |= 1 << (i / 64 % 64);
                distinct += 1;
            }
            self.counts[i] += 1;
        }
        let mut bag: Bag = Vec::with_capacity(distinct);
        for s in 0..n.div_ceil(4096) {
            let mut words = std::mem::take(&mut self.summary[s]);
            while words != 0 {
                let w = s * 64 + words.trailing_zeros() as usize;
                words &= words - 1;
                let mut bits = std::mem::take(&mut self.present[w]);
                while bits != 0 {
                    let i = w * 64 + bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    bag.push((i as u32, std::mem::take(&mut self.counts[i])));
                }
            }
        }
        self.ids.clear();
        bag
    }
}

impl Interner {
    fn bag(&mut self, text: &str) -> Bag {
        let ids = &mut self.ids;
        bag_with(
            text,
            |pair| {
                let next = ids.len() as u32;
                Some(*ids.entry(pair).or_insert(next))
            },
            &mut self.counter,
        )
    }
}

/// A unit's text in comparison normal form.
#[derive(Debug)]
struct NormalText {
    /// The lines concatenated.
    text: String,
    /// Where each line ends in `text`.
    line_ends: Vec<usize>,
    /// How many lines the first paragraph has: its text and its items.
    lead_lines: usize,
}

/// The [`NormalText`] of a unit.
fn normal_text(unit: &Unit) -> Arc<NormalText> {
    let mut text = String::with_capacity(unit.lines().map(|l| l.text.len()).sum());
    let mut ends = Vec::new();
    let mut lead_lines = 0;
    for l in unit.lines() {
        normalize_into(l.text, &mut text);
        ends.push(text.len());
        lead_lines += usize::from(l.paragraph == 0);
    }
    Arc::new(NormalText { text, line_ends: ends, lead_lines })
}

/// A hash of a unit's lines (line breaks count).
fn lines_hash(u: &Unit) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    u.lines().for_each(|l| l.text.hash(&mut h));
    h.finish()
}

fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    text.hash(&mut h);
    h.finish()
}

/// Weighted size of a bag.
pub fn weight(bag: &Bag, idf: &[f64]) -> f64 {
    bag.iter().map(|&(id, n)| idf[id as usize] * f64::from(n)).sum()
}

/// Weighted size of the multiset intersection of two bags.
pub fn overlap(a: &Bag, b: &Bag, idf: &[f64]) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += idf[a[i].0 as usize] * f64::from(a[i].1.min(b[j].1));
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// `a` without what `b` holds (multiset difference).
pub fn subtract(a: &Bag, b: &Bag) -> Bag {
    let mut out = Vec::with_capacity(a.len());
    let mut j = 0;
    for &(id, n) in a {
        while j < b.len() && b[j].0 < id {
            j += 1;
        }
        let m = if j < b.len() && b[j].0 == id { b[j].1 } else { 0 };
        if n > m {
            out.push((id, n - m));
        }
    }
    out
}

/// Concatenation of two bags (counts added).
fn union(a: &Bag, b: &Bag) -> Bag {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if j >= b.len() || (i < a.len() && a[i].0 < b[j].0) {
            out.push(a[i]);
            i += 1;
        } else if i >= a.len() || b[j].0 < a[i].0 {
            out.push(b[j]);
            j += 1;
        } else {
            out.push((a[i].0, a[i].1 + b[j].1));
            i += 1;
            j += 1;
        }
    }
    out
}

impl Corpus {
    /// Computes the features of two versions' units. Ids are assigned in reading order
    /// (old units, then new), so everything downstream is deterministic.
    pub fn new(old: &[Unit], new: &[Unit]) -> Corpus {
        let mut interner = Interner { ids: FxHashMap::default(), counter: Counter::default() };
        let old_text: Vec<Arc<NormalText>> = old.par_iter().map(normal_text).collect();
        // Most units of a revision are unchanged: normalise only texts the old version
        // does not have word for word, and share those it has (with the old unit's index).
        // Keyed by a hash of the lines (joining them would copy every text), checked
        // line by line on a hit.
        let old_raw: FxHashMap<u64, usize> =
            old.iter().enumerate().map(|(i, u)| (lines_hash(u), i)).collect();
        let new_text: Vec<(Arc<NormalText>, Option<usize>)> = new
            .par_iter()
            .map(|u| match old_raw.get(&lines_hash(u)) {
                Some(&i) if old[i].lines().map(|l| l.text).eq(u.lines().map(|l| l.text)) => {
                    (Arc::clone(&old_text[i]), Some(i))
                }
                _ => (normal_text(u), None),
            })
            .collect();
        drop(old_raw);
        // Most units of a revision are unchanged: compute each distinct text's bag once.
        let mut first: FxHashMap<&str, usize> = FxHashMap::default();
        let mut bags: Vec<Arc<Bag>> = Vec::with_capacity(old.len() + new.len());
        let mut same: Vec<u32> = Vec::with_capacity(old.len() + new.len());
        let texts = old_text.iter().map(|t| (t, None)).chain(new_text.iter().map(|(t, twin)| (t, *twin)));
        for (k, (t, twin)) in texts.enumerate() {
            // The text of an old unit's lines needs no looking up.
            let known = twin.map(|i| same[i] as usize).or_else(|| first.get(t.text.as_str()).copied());
            match known {
                Some(j) => {
                    let b = Arc::clone(&bags[j]);
                    bags.push(b);
                    same.push(j as u32);
                }
                None => {
                    first.insert(&t.text, k);
                    bags.push(Arc::new(interner.bag(&t.text)));
                    same.push(k as u32);
                }
            }
        }
        drop(first);
        let n_ids = interner.ids.len();
        let mut df = vec![0u32; n_ids];
        for bag in &bags {
            for &(id, _) in bag.iter() {
                df[id as usize] += 1;
            }
        }
        let n = (old.len() + new.len()) as f64;
        // ln((N + 1) / df) for each possible df, computed once. The 1 keeps a bigram that
        // every unit has from weighing nothing: when the versions are a paragraph each,
        // that is every bigram, and the two would share nothing at all.
        let table: Vec<f64> =
            (0..=old.len() + new.len()).map(|d| ((n + 1.0) / d.max(1) as f64).ln()).collect();
        let idf: Vec<f64> = df.iter().map(|&d| table[d as usize]).collect();
        let mut old_bags = bags;
        let new_bags = old_bags.split_off(old.len());
        let new_same = same.split_off(old.len());
        let finish = |((normal, bag), same): ((Arc<NormalText>, Arc<Bag>), u32)| Features {
            weight: weight(&bag, &idf),
            normal,
            same,
            bag,
            sentences: OnceLock::new(),
        };
        let old: Vec<Features> = old_text.into_par_iter().zip(old_bags).zip(same).map(finish).collect();
        let new: Vec<Features> =
            new_text.into_par_iter().map(|(t, _)| t).zip(new_bags).zip(new_same).map(finish).collect();
        let (new_postings, old_postings) =
            rayon::join(|| Postings::build(n_ids, &new, |_| true), || Postings::build(n_ids, &old, |_| true));
        let mut formula_ids: Vec<u32> = FORMULAS
            .iter()
            .flat_map(|f| {
                let chars: Vec<char> = f.chars().collect();
                chars.windows(2).filter_map(|w| interner.ids.get(&(w[0], w[1])).copied()).collect::<Vec<_>>()
            })
            .collect();
        formula_ids.sort_unstable();
        formula_ids.dedup();
        Corpus {
            new_postings,
            old_postings,
            old,
            new,
            idf,
            ids: interner.ids,
            formula_ids,
            line_census: OnceLock::new(),
        }
    }

    /// The unit of the other side that has every line of `unit` word for word (see
    /// [`Corpus::line_twin`]), when one does.
    pub fn twins(&self, old: bool, unit: usize) -> Option<usize> {
        let mut twins = self.side(old)[unit].lines().map(|l| self.twin_of(old, l));
        let first = twins.next()??;
        twins.all(|t| t == Some(first)).then_some(first)
    }

    /// The unit of the other side that has line `line` of unit `unit` (of the old side
    /// when `old`) word for word (in comparison normal form), when that line is written
    /// in exactly one line of each version. Wherever such a line is found, it went there:
    /// no other text can be its source, however much of it is stock wording, and no
    /// look-alike holds it as well.
    pub fn line_twin(&self, old: bool, unit: usize, line: usize) -> Option<usize> {
        self.twin_of(old, self.side(old)[unit].lines().nth(line)?)
    }

    fn side(&self, old: bool) -> &[Features] {
        if old { &self.old } else { &self.new }
    }

    /// The unit of the other side whose one line is `text`, written once on each side.
    fn twin_of(&self, old: bool, text: &str) -> Option<usize> {
        let census = self.line_census.get_or_init(|| {
            let mut census: FxHashMap<u64, Census> = FxHashMap::default();
            for (side, units) in [&self.old, &self.new].into_iter().enumerate() {
                for (u, f) in units.iter().enumerate() {
                    for l in f.lines() {
                        let c = census.entry(text_hash(l)).or_default();
                        c.count[side] += 1;
                        c.unit[side] = u as u32;
                    }
                }
            }
            census
        });
        let c = census.get(&text_hash(text))?;
        (c.count == [1, 1]).then_some(c.unit[usize::from(old)] as usize)
    }

    /// The sentence-level features of a unit, computed once.
    pub fn sentences<'f>(&self, f: &'f Features) -> &'f Sentences {
        thread_local! {
            static COUNTER: RefCell<Counter> = RefCell::new(Counter::default());
        }
        f.sentences.get_or_init(|| {
            COUNTER.with_borrow_mut(|counter| {
                // Every bigram of a line is a bigram of the unit, so all ids exist.
                let mut bag = |t: &str| bag_with(t, |pair| self.ids.get(&pair).copied(), counter);
                let mut segments = Vec::new();
                for (i, line) in f.lines().enumerate() {
                    for seg in split_segments(line) {
                        let b = bag(seg);
                        segments.push(Segment { weight: weight(&b, &self.idf), bag: b, line: i });
                    }
                }
                let lead = f.lines().next().map(&mut bag).unwrap_or_default();
                let lead_lines = f.normal.lead_lines;
                let paragraph =
                    (lead_lines > 1).then(|| bag(&f.normal.text[..f.normal.line_ends[lead_lines - 1]]));
                let lead_weight = weight(&lead, &self.idf);
                Sentences {
                    lead_weight,
                    lead,
                    paragraph_weight: paragraph.as_ref().map_or(lead_weight, |p| weight(p, &self.idf)),
                    paragraph,
                    lead_lines,
                    segments,
                    windows: OnceLock::new(),
                }
            })
        })
    }

    /// Calls `visit(unit, overlap)` for every unit of `postings` that shares a bigram with
    /// `bag`, in unit order, without listing them first: most callers keep only a few.
    /// `scratch` is of that side's length (and left clear).
    pub fn for_each_overlap(
        &self,
        bag: &Bag,
        postings: &Postings,
        scratch: &mut Scratch,
        mut visit: impl FnMut(usize, f64),
    ) {
        let Scratch { acc, touched } = scratch;
        let dense = self.accumulate(bag, postings, acc, touched);
        // Read out in unit order. Common bigrams reach nearly every unit, and then one
        // pass over all of them is much cheaper than sorting the touched ones.
        if dense || touched.len() * 32 >= acc.len() {
            for (u, x) in acc.iter_mut().enumerate() {
                let v = std::mem::take(x);
                if v > 0.0 {
                    visit(u, v);
                }
            }
            touched.clear();
            return;
        }
        // A bigram in every unit weighs 0 and leaves a unit untouched: it can be listed twice.
        touched.sort_unstable();
        touched.dedup();
        for u in touched.drain(..) {
            let v = std::mem::take(&mut acc[u]);
            if v > 0.0 {
                visit(u, v);
            }
        }
    }

    /// Adds the overlap of `bag` with each unit of `postings` into `acc`, and lists in
    /// `touched` the units it reached that were at 0, unless the bag reaches so many that
    /// reading every unit costs less than listing them: then it returns true and lists none.
    fn accumulate(&self, bag: &Bag, postings: &Postings, acc: &mut [f64], touched: &mut Vec<usize>) -> bool {
        let reach: usize = bag.iter().map(|&(id, _)| postings.get(id).len()).sum();
        if reach * DENSE >= acc.len() {
            // The test of each unit for 0 is a branch no predictor guesses.
            for &(id, c) in bag {
                let w = self.idf[id as usize];
                for &(unit, uc) in postings.get(id) {
                    acc[unit as usize] += w * f64::from(c.min(uc));
                }
            }
            return true;
        }
        for &(id, c) in bag {
            let w = self.idf[id as usize];
            for &(unit, uc) in postings.get(id) {
                let u = unit as usize;
                if acc[u] == 0.0 {
                    touched.push(u);
                }
                acc[u] += w * f64::from(c.min(uc));
            }
        }
        false
    }

    /// Where `bag` is most present among the units of `postings`: the unit other than
    /// `skip` with the largest overlap, as `(unit, overlap)`, and the overlap with `skip`
    /// (0 when none). Ties go to the unit nearest `reference`, then to the lower index: the
    /// answer of reading [`Corpus::for_each_overlap`] in unit order, without visiting every unit
    /// (common bigrams reach nearly all of them, and each sentence searched for where it
    /// went would list them all).
    pub fn best_overlap(
        &self,
        bag: &Bag,
        postings: &Postings,
        scratch: &mut Scratch,
        skip: Option<usize>,
        reference: f64,
    ) -> (Option<(usize, f64)>, f64) {
        let Scratch { acc, touched } = scratch;
        let dense = self.accumulate(bag, postings, acc, touched);
        let mut best: Option<(usize, f64)> = None;
        let mut skipped = 0.0;
        let mut consider = |u: usize, x: f64| {
            if x <= 0.0 {
                return;
            }
            if Some(u) == skip {
                skipped = x;
                return;
            }
            let better = best.is_none_or(|(bu, bx)| {
                let (d, bd) = ((u as f64 - reference).abs(), (bu as f64 - reference).abs());
                x > bx || (x == bx && (d < bd || (d == bd && u < bu)))
            });
            if better {
                best = Some((u, x));
            }
        };
        // The best is the same in any order. A unit can be listed twice (see
        // `for_each_overlap`): it compares equal to itself.
        if dense {
            for (u, x) in acc.iter_mut().enumerate() {
                consider(u, std::mem::take(x));
            }
        } else {
            for u in touched.drain(..) {
                consider(u, std::mem::take(&mut acc[u]));
            }
        }
        (best, skipped)
    }

    /// The share of a segment's weight in the bigrams of stock formulas ([`FORMULAS`]).
    pub fn formula_share(&self, seg: &Segment) -> f64 {
        if seg.weight <= 0.0 || self.formula_ids.is_empty() {
            return 0.0;
        }
        let stock: f64 = seg
            .bag
            .iter()
            .filter(|(id, _)| self.formula_ids.binary_search(id).is_ok())
            .map(|&(id, n)| self.idf[id as usize] * f64::from(n))
            .sum();
        stock / seg.weight
    }

    /// Dice of old unit `a` and new unit `b` on their whole bags.
    pub fn dice(&self, a: usize, b: usize) -> f64 {
        let (fa, fb) = (&self.old[a], &self.new[b]);
        let total = fa.weight + fb.weight;
        if total > 0.0 { 2.0 * overlap(&fa.bag, &fb.bag, &self.idf) / total } else { 0.0 }
    }

    /// Postings over a subset of units (the others are left out of the lists).
    pub fn postings_of(&self, units: &[Features], keep: impl Fn(usize) -> bool) -> Postings {
        Postings::build(self.idf.len(), units, keep)
    }

    /// How much of a segment is present in a unit, judged on windows of one or two
    /// consecutive sentences of that unit (0 when absent).
    pub fn presence(&self, seg: &Segment, unit: &Features) -> f64 {
        if seg.weight <= 0.0 {
            return 0.0;
        }
        let best = self
            .sentences(unit)
            .windows()
            .iter()
            .map(|w| overlap(&seg.bag, w, &self.idf))
            .fold(0.0, f64::max);
        best / seg.weight
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn western_sentences_end_at_a_full_stop_before_a_capital() {
        fn split(s: &str) -> Vec<&str> {
            split_segments(s).collect()
        }
        // Normal form: spaces dropped.
        assert_eq!(
            split("Sellersshalllabelwidgets.Recordsarekept."),
            ["Sellersshalllabelwidgets.", "Recordsarekept."]
        );
        assert_eq!(split("SeeArt.3and1.5,e.g.this."), ["SeeArt.3and1.5,e.g.this."]);
        assert_eq!(split("国家秘密受法律保护。一切国家机关。"), ["国家秘密受法律保护。", "一切国家机关。"]);
    }

    use super::*;

    #[test]
    fn numbers_are_masked() {
        assert_eq!(mask_numbers("处三万元以上三十万元以下的罚款"), "处#元以上#元以下的罚款");
        assert_eq!(mask_numbers("第二十八条第1.5项"), "第#条第#项");
    }

    #[test]
    fn subtract_is_a_multiset_difference() {
        let a: Bag = vec![(1, 2), (3, 1), (5, 4), (9, 1)];
        let b: Bag = vec![(0, 7), (1, 1), (5, 4), (8, 2), (9, 3)];
        assert_eq!(subtract(&a, &b), vec![(1, 1), (3, 1)]);
        assert_eq!(subtract(&a, &Vec::new()), a);
        assert_eq!(subtract(&Vec::new(), &b), Vec::new());
    }

    #[test]
    fn segments_split_at_full_stops_and_semicolons() {
        let s: Vec<_> = split_segments("甲乙。丙丁;戊。").collect();
        assert_eq!(s, ["甲乙。", "丙丁;", "戊。"]);
    }

    /// A bigram in every unit weighs nothing and leaves the units it reaches at zero: they
    /// must still be listed once each, in order, whether the scores are read out by a
    /// pass over all units or by sorting the few touched.
    #[test]
    fn overlaps_list_each_unit_once_in_order() {
        // Articles `本法XY。`, XY a pair of ideographs of their own (no numerals among them).
        let law = |n: u32| {
            let mut t = String::from("法\n");
            for i in 1..=n {
                let unique: String =
                    [0x6C00 + 2 * i, 0x6C01 + 2 * i].iter().filter_map(|&c| char::from_u32(c)).collect();
                t.push_str(&format!("第{}条 本法{unique}。\n", crate::numerals::format(i)));
            }
            crate::parse::parse(&t, crate::model::Kind::Law).expect("parses").document
        };
        let (old, new) = (law(120), law(120));
        let c = Corpus::new(&old.units, &new.units);
        let mut scratch = Scratch::new(c.new.len());
        let mut overlaps = |postings: &Postings| {
            let mut out = Vec::new();
            c.for_each_overlap(&c.old[3].bag, postings, &mut scratch, |u, x| out.push((u, x)));
            out
        };
        // Against every new unit (a pass over all), and against two of them (sorting).
        let all = overlaps(&c.new_postings);
        let few = c.postings_of(&c.new, |b| b == 3 || b == 7);
        let some = overlaps(&few);
        for out in [&all, &some] {
            assert!(out.windows(2).all(|w| w[0].0 < w[1].0), "{out:?}");
        }
        // Unit 7 shares only `本法`, which every unit has: it weighs little, not nothing.
        assert_eq!(some.iter().map(|x| x.0).collect::<Vec<_>>(), [3, 7]);
        assert!(some[1].1 * 100.0 < some[0].1, "{some:?}");
        assert!(all.iter().any(|x| x.0 == 3));
        assert!(scratch.acc.iter().all(|&x| x == 0.0) && scratch.touched.is_empty());
    }

    /// The best unit is the one a reading of all overlaps in unit order finds: largest
    /// overlap, then nearest the reference, then the first; the skipped unit only reports
    /// its own overlap. Both when the bag reaches most units (all are read) and when it
    /// reaches few (only those are).
    #[test]
    fn best_overlap_is_the_first_best_in_unit_order() {
        let text = |articles: &[String]| {
            let mut t = String::from("法\n");
            for (i, a) in articles.iter().enumerate() {
                t.push_str(&format!("第{}条 {a}\n", crate::numerals::format(i as u32 + 1)));
            }
            crate::parse::parse(&t, crate::model::Kind::Law).expect("parses").document
        };
        let old = text(&["甲乙丙丁戊己。".to_string()]);
        let near = ["甲乙丙。", "庚辛壬。", "甲乙丙。", "丁戊己。", "甲乙丙。", "癸子丑。", "丁戊己。"];
        let near: Vec<String> = near.iter().map(|s| s.to_string()).collect();
        let mut far = near.clone();
        // Units of their own ideographs (no numerals among them), sharing nothing.
        far.extend((0..40).map(|i| (0..3).filter_map(|k| char::from_u32(0x6C00 + 3 * i + k)).collect()));
        for (new, dense) in [(text(&near), true), (text(&far), false)] {
            let c = Corpus::new(&old.units, &new.units);
            let bag = &c.old[0].bag;
            let reach: usize = bag.iter().map(|&(id, _)| c.new_postings.get(id).len()).sum();
            assert_eq!(reach * DENSE >= c.new.len(), dense);
            let mut all = Vec::new();
            let mut scratch = Scratch::new(c.new.len());
            c.for_each_overlap(bag, &c.new_postings, &mut scratch, |u, x| all.push((u, x)));
            for skip in [None, Some(0), Some(2), Some(3), Some(5)] {
                for reference in [-1.0, 0.0, 1.0, 2.0, 2.5, 3.0, 3.5, 4.5, 6.0, 9.0] {
                    let mut expected: Option<(usize, f64)> = None;
                    for &(u, x) in all.iter().filter(|&&(u, _)| Some(u) != skip) {
                        let d = |v: usize| (v as f64 - reference).abs();
                        if expected.is_none_or(|(bu, bx)| x > bx || (x == bx && d(u) < d(bu))) {
                            expected = Some((u, x));
                        }
                    }
                    let in_skip = all.iter().find(|&&(u, _)| Some(u) == skip).map_or(0.0, |&(_, x)| x);
                    let got = c.best_overlap(bag, &c.new_postings, &mut scratch, skip, reference);
                    assert_eq!(got, (expected, in_skip), "skip {skip:?}, reference {reference}");
                    assert!(scratch.acc.iter().all(|&x| x == 0.0) && scratch.touched.is_empty());
                }
            }
        }
    }

    /// Presence is the best window of one or two consecutive segments, although only
    /// windows of two are kept for a unit of several segments.
    #[test]
    fn presence_is_the_best_window_of_one_or_two_segments() {
        let law = |articles: &[&str]| {
            let mut t = String::from("法\n");
            for (i, a) in articles.iter().enumerate() {
                t.push_str(&format!("第{}条 {a}\n", crate::numerals::format(i as u32 + 1)));
            }
            crate::parse::parse(&t, crate::model::Kind::Law).expect("parses").document
        };
        let old = law(&["公司应当依法纳税。公司股东依法享有权利；董事会对股东会负责。", "甲乙丙丁。"]);
        let new = law(&[
            "公司依法纳税。股东会行使职权；董事会对股东会负责；监事会监督。",
            "公司股东享有资产收益。",
        ]);
        let c = Corpus::new(&old.units, &new.units);
        for unit in c.new.iter() {
            let segs = &c.sentences(unit).segments;
            let mut windows: Vec<Bag> = segs.iter().map(|s| s.bag.clone()).collect();
            windows.extend(segs.windows(2).map(|w| union(&w[0].bag, &w[1].bag)));
            for f in &c.old {
                for seg in &c.sentences(f).segments {
                    let best = windows.iter().map(|w| overlap(&seg.bag, w, &c.idf)).fold(0.0, f64::max);
                    assert_eq!(c.presence(seg, unit), best / seg.weight);
                }
            }
        }
        assert_eq!(c.sentences(&c.new[1]).windows().len(), 1);
        assert_eq!(c.sentences(&c.new[0]).windows().len(), 3);
    }

    #[test]
    fn bags_overlap_as_multisets() {
        let idf = vec![1.0, 2.0, 3.0];
        let a: Bag = vec![(0, 2), (1, 1)];
        let b: Bag = vec![(0, 1), (2, 4)];
        assert_eq!(overlap(&a, &b, &idf), 1.0);
        assert_eq!(weight(&a, &idf), 4.0);
        assert_eq!(union(&a, &b), vec![(0, 3), (1, 1), (2, 4)]);
    }

    #[test]
    fn counter_gives_bags_in_id_order_and_resets() {
        // Ids past one summary word (4,096), repeats, and a smaller bag after a larger one.
        let mut c = Counter::default();
        let mut bag = |ids: &[u32]| {
            ids.iter().for_each(|&i| c.push(i));
            c.bag()
        };
        assert_eq!(
            bag(&[9000, 3, 70, 3, 4095, 4096, 9000, 3]),
            vec![(3, 3), (70, 1), (4095, 1), (4096, 1), (9000, 2)]
        );
        assert_eq!(bag(&[70, 5, 70]), vec![(5, 1), (70, 2)]);
        assert_eq!(bag(&[]), Bag::new());
        assert!(c.counts.iter().all(|&n| n == 0) && c.present.iter().chain(&c.summary).all(|&w| w == 0));
    }
}
