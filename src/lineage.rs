//! Lineage of units across versions, composed from the comparisons of consecutive
//! versions. Splits and merges make it a graph: a unit may have several predecessors
//! and several successors.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::align::RowKind;
use crate::compare::Comparison;

/// A unit in one version: (version index, unit index).
pub type Node = (usize, usize);

/// An edge between consecutive versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub from: Node,
    pub to: Node,
    pub kind: RowKind,
    /// Row index in the comparison `from.0 → from.0 + 1`.
    pub row: usize,
}

/// The lineage graph of one document: versions in order and the comparisons between
/// consecutive ones (`comparisons[i]` compares version `i` with `i + 1`).
pub struct Lineage<'c> {
    pub comparisons: &'c [Comparison],
}

impl<'c> Lineage<'c> {
    pub fn new(comparisons: &'c [Comparison]) -> Lineage<'c> {
        Lineage { comparisons }
    }

    /// Links from a node to its predecessors in the version before.
    pub fn predecessors(&self, (v, u): Node) -> Vec<Link> {
        if v == 0 {
            return Vec::new();
        }
        let c = &self.comparisons[v - 1];
        c.rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let (o, n) = (r.old.as_ref()?, r.new.as_ref()?);
                (n.index == u).then_some(Link { from: (v - 1, o.index), to: (v, u), kind: r.kind, row: i })
            })
            .collect()
    }

    /// Links from a node to its successors in the version after.
    pub fn successors(&self, (v, u): Node) -> Vec<Link> {
        let Some(c) = self.comparisons.get(v) else { return Vec::new() };
        c.rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let (o, n) = (r.old.as_ref()?, r.new.as_ref()?);
                (o.index == u).then_some(Link { from: (v, u), to: (v + 1, n.index), kind: r.kind, row: i })
            })
            .collect()
    }

    /// Every node an article came from, version by version back to the first
    /// (`result[v]` holds the units of version `v`), and the links between them.
    pub fn ancestry(&self, node: Node) -> (Vec<BTreeSet<usize>>, Vec<Link>) {
        let mut levels = vec![BTreeSet::new(); node.0 + 1];
        levels[node.0].insert(node.1);
        let mut links = Vec::new();
        for v in (1..=node.0).rev() {
            let units: Vec<usize> = levels[v].iter().copied().collect();
            for u in units {
                for l in self.predecessors((v, u)) {
                    levels[v - 1].insert(l.from.1);
                    links.push(l);
                }
            }
        }
        (levels, links)
    }

    /// Every node an article led to, version by version after it.
    pub fn descent(&self, node: Node) -> (Vec<BTreeSet<usize>>, Vec<Link>) {
        let versions = self.comparisons.len() + 1;
        let mut levels = vec![BTreeSet::new(); versions];
        levels[node.0].insert(node.1);
        let mut links = Vec::new();
        for v in node.0..versions - 1 {
            let units: Vec<usize> = levels[v].iter().copied().collect();
            for u in units {
                for l in self.successors((v, u)) {
                    levels[v + 1].insert(l.to.1);
                    links.push(l);
                }
            }
        }
        (levels, links)
    }
}

/// Which version introduced each byte of a unit's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blame {
    /// For every byte of the unit's text (lines joined with `\n`), the index of the
    /// version that introduced it.
    pub origins: Vec<usize>,
}

/// A run of text from one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    /// Index of the version that introduced the text.
    pub version: usize,
}

impl Blame {
    /// The text cut into runs of one origin, each within one line.
    pub fn spans(&self, text: &str) -> Vec<Span> {
        let mut out: Vec<Span> = Vec::new();
        for (i, c) in text.char_indices() {
            let v = self.origins[i];
            let end = i + c.len_utf8();
            match out.last_mut() {
                Some(s) if s.version == v && c != '\n' && !text[s.start..s.end].ends_with('\n') => {
                    s.end = end
                }
                _ => out.push(Span { start: i, end, version: v }),
            }
        }
        out
    }
}

/// Byte positions of the visible characters of `text` in `range`.
fn visible(text: &str, range: std::ops::Range<usize>) -> Vec<(usize, usize)> {
    text[range.clone()]
        .char_indices()
        .filter(|(_, c)| !crate::normalize::is_invisible(*c))
        .map(|(i, c)| (range.start + i, range.start + i + c.len_utf8()))
        .collect()
}

/// Carries the origins of `old` text onto equal stretches of `new` text: the i-th
/// visible character of the new stretch takes the origin of the i-th of the old one
/// (their normal forms are equal). When the stretches do not line up character for
/// character (a renumbered reference, an NFKC expansion), the whole new stretch takes
/// the oldest origin of the old one.
fn carry(
    old_text: &str,
    old: &[usize],
    o: std::ops::Range<usize>,
    new_text: &str,
    n: std::ops::Range<usize>,
    into: &mut [usize],
) {
    let (vo, vn) = (visible(old_text, o.clone()), visible(new_text, n.clone()));
    if vo.len() == vn.len() {
        for ((os, _), (ns, ne)) in vo.iter().zip(&vn) {
            for slot in &mut into[*ns..*ne] {
                *slot = (*slot).min(old[*os]);
            }
        }
    } else if let Some(oldest) = o.clone().map(|b| old[b]).min() {
        for b in n {
            into[b] = into[b].min(oldest);
        }
    }
}

/// Shortest run of characters recognised as moved text: six, about three words (shorter
/// shared phrases are too common to say where they came from).
pub const MIN_MOVE: usize = 6;

/// Text the diff saw as new may have moved within the article (a clause moved to the
/// front). Runs of at least [`MIN_MOVE`] visible characters still marked `new_version`
/// that occur in the predecessor, beginning and ending on word boundaries on both sides,
/// keep the predecessor's origins, like `git blame -M`.
fn carry_moves(old_text: &str, old: &[usize], new_text: &str, into: &mut [usize], new_version: usize) {
    let vo: Vec<(char, usize)> = old_text
        .char_indices()
        .filter(|(_, c)| !crate::normalize::is_invisible(*c))
        .map(|(i, c)| (c, i))
        .collect();
    let vn: Vec<(char, usize, usize)> = new_text
        .char_indices()
        .filter(|(_, c)| !crate::normalize::is_invisible(*c))
        .map(|(i, c)| (c, i, i + c.len_utf8()))
        .collect();
    if vo.len() < MIN_MOVE || vn.len() < MIN_MOVE {
        return;
    }
    let mut index: std::collections::HashMap<[char; MIN_MOVE], Vec<usize>> = std::collections::HashMap::new();
    for p in 0..=vo.len() - MIN_MOVE {
        let key: [char; MIN_MOVE] = std::array::from_fn(|k| vo[p + k].0);
        index.entry(key).or_default().push(p);
    }
    let fresh = |i: usize, into: &[usize]| into[vn[i].1] == new_version;
    // Word boundaries, as byte offsets (`网络运营者` must not match inside `网络运营商`).
    let bounds = |t: &str| -> std::collections::BTreeSet<usize> {
        let mut b: std::collections::BTreeSet<usize> =
            crate::diff::tokens::tokenize(t).iter().map(|k| k.range.start).collect();
        b.insert(t.len());
        b
    };
    let (bo, bn) = (bounds(old_text), bounds(new_text));
    let end_of = |v: &[(char, usize)], text: &str, k: usize| v.get(k).map_or(text.len(), |x| x.1);
    let mut i = 0;
    while i + MIN_MOVE <= vn.len() {
        if !(0..MIN_MOVE).all(|k| fresh(i + k, into)) {
            i += 1;
            continue;
        }
        let key: [char; MIN_MOVE] = std::array::from_fn(|k| vn[i + k].0);
        let best = index.get(&key).and_then(|starts| {
            starts
                .iter()
                .map(|&p| {
                    let mut len = 0;
                    while p + len < vo.len()
                        && i + len < vn.len()
                        && vo[p + len].0 == vn[i + len].0
                        && fresh(i + len, into)
                    {
                        len += 1;
                    }
                    (len, p)
                })
                .max_by_key(|&(len, p)| (len, std::cmp::Reverse(p)))
        });
        // Cut the match to word boundaries on both sides.
        let best = best.and_then(|(len, p)| {
            if !bo.contains(&vo[p].1) || !bn.contains(&vn[i].1) {
                return None;
            }
            (1..=len)
                .rev()
                .find(|&l| {
                    bo.contains(&end_of(&vo, old_text, p + l))
                        && bn.contains(&vn.get(i + l).map_or(new_text.len(), |x| x.1))
                })
                .map(|l| (l, p))
        });
        match best {
            Some((len, p)) if len >= MIN_MOVE => {
                for k in 0..len {
                    let origin = old[vo[p + k].1];
                    into[vn[i + k].1..vn[i + k].2].fill(origin);
                }
                i += len;
            }
            _ => i += 1,
        }
    }
}

impl Lineage<'_> {
    /// The blame of every unit of every version: `result[v][u]`. Version texts come from
    /// `docs`; a unit with no predecessor was introduced whole in its version. Width and
    /// spacing differences are no change (the comparison normal form), and a
    /// cross-reference that only follows a renumbering keeps its origin; text moved within
    /// an article keeps its origin too (see [`MIN_MOVE`]).
    pub fn blame(&self, docs: &[crate::model::Document], diff: &crate::diff::DiffOptions) -> Vec<Vec<Blame>> {
        use crate::diff::Tag;
        let mut all: Vec<Vec<Blame>> = Vec::with_capacity(docs.len());
        for (v, doc) in docs.iter().enumerate() {
            let texts: Vec<String> = doc.units.iter().map(|u| u.text()).collect();
            let mut version: Vec<Blame> = texts.iter().map(|t| Blame { origins: vec![v; t.len()] }).collect();
            if v > 0 {
                let c = &self.comparisons[v - 1];
                for r in &c.rows {
                    let (Some(o), Some(n)) = (&r.old, &r.new) else { continue };
                    let old = &all[v - 1][o.index].origins;
                    let into = &mut version[n.index].origins;
                    let computed;
                    let d = match &r.diff {
                        Some(d) => d,
                        None => {
                            computed = crate::diff::inline_diff(&o.text, &n.text, diff);
                            &computed
                        }
                    };
                    // Start from "new here" for this predecessor, then keep the oldest
                    // origin any predecessor gives.
                    let mut mine = vec![v; n.text.len()];
                    for op in &d.ops {
                        if op.tag == Tag::Equal || op.reference {
                            carry(&o.text, old, op.old.clone(), &n.text, op.new.clone(), &mut mine);
                        }
                    }
                    carry_moves(&o.text, old, &n.text, &mut mine, v);
                    for (b, m) in into.iter_mut().zip(mine) {
                        *b = (*b).min(m);
                    }
                }
            }
            // Invisible characters (line breaks, spaces) follow the character before.
            for (u, b) in version.iter_mut().enumerate() {
                let t = &texts[u];
                let mut prev: Option<usize> = None;
                for (i, c) in t.char_indices() {
                    if crate::normalize::is_invisible(c) {
                        if let Some(p) = prev {
                            for k in i..i + c.len_utf8() {
                                b.origins[k] = p;
                            }
                        }
                    } else {
                        prev = Some(b.origins[i]);
                    }
                }
            }
            all.push(version);
        }
        all
    }
}
