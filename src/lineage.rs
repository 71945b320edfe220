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
