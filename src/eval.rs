//! Alignment maps as TSV, and scoring one map against another (a hand-checked gold map).
//!
//! A map has the header `old\tnew\tkind\tscore` (the gold files have `note` in place of
//! `score`; extra columns are ignored). Pairs are rows with both labels; added and
//! deleted rows have one side empty.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::align::{Alignment, RowKind};
use crate::error::{Error, Location, Result};
use crate::model::Unit;

/// One row of a map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapRow {
    pub old: String,
    pub new: String,
    pub kind: Option<RowKind>,
}

/// Reads a map (TSV with a header row).
pub fn read_map(text: &str, path: &Path) -> Result<Vec<MapRow>> {
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if i == 0 || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 2 {
            return Err(Error::Meta {
                location: Location { path: path.into(), line: Some(i + 1) },
                field: "row".into(),
                message: "expected tab-separated columns old, new, kind".into(),
            });
        }
        let kind = match cols.get(2).map(|k| k.trim()).filter(|k| !k.is_empty()) {
            None => None,
            Some(k) => Some(RowKind::parse(k).ok_or_else(|| Error::Meta {
                location: Location { path: path.into(), line: Some(i + 1) },
                field: "kind".into(),
                message: format!("unknown kind `{k}`"),
            })?),
        };
        rows.push(MapRow { old: cols[0].trim().to_string(), new: cols[1].trim().to_string(), kind });
    }
    Ok(rows)
}

/// Writes an alignment as a map (`old\tnew\tkind\tscore`).
pub fn write_map(alignment: &Alignment, old: &[Unit], new: &[Unit]) -> String {
    let mut s = String::from("old\tnew\tkind\tscore\n");
    for r in &alignment.rows {
        let o = r.old.map_or("", |i| old[i].label.as_str());
        let n = r.new.map_or("", |i| new[i].label.as_str());
        let score =
            if r.old.is_some() && r.new.is_some() { format!("{:.3}", r.score) } else { String::new() };
        let _ = writeln!(s, "{o}\t{n}\t{}\t{score}", r.kind);
    }
    s
}

/// Precision, recall and F1 of one set against another.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn of<T: Ord>(gold: &BTreeSet<T>, predicted: &BTreeSet<T>) -> Prf {
        let tp = gold.intersection(predicted).count() as f64;
        // An empty set is perfectly predicted by an empty set.
        let precision = if predicted.is_empty() { 1.0 } else { tp / predicted.len() as f64 };
        let recall = if gold.is_empty() { 1.0 } else { tp / gold.len() as f64 };
        let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        Prf { precision, recall, f1 }
    }
}

/// How a map compares with a gold map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// Pairs (rows with both sides).
    pub pairs: Prf,
    /// Added and deleted rows together.
    pub added_deleted: Prf,
    /// Among pairs found in both, the share with the same kind (when both give kinds).
    pub kind_agreement: f64,
    pub gold_pairs: usize,
    pub predicted_pairs: usize,
    /// Gold pairs the map misses.
    pub missing: Vec<(String, String)>,
    /// Pairs the map has and the gold does not.
    pub extra: Vec<(String, String)>,
}

/// Scores `predicted` against `gold`.
pub fn evaluate(gold: &[MapRow], predicted: &[MapRow]) -> Evaluation {
    let pairs = |rows: &[MapRow]| -> BTreeSet<(String, String)> {
        rows.iter()
            .filter(|r| !r.old.is_empty() && !r.new.is_empty())
            .map(|r| (r.old.clone(), r.new.clone()))
            .collect()
    };
    let one_sided = |rows: &[MapRow]| -> BTreeSet<(String, String)> {
        rows.iter()
            .filter(|r| r.old.is_empty() != r.new.is_empty())
            .map(|r| (r.old.clone(), r.new.clone()))
            .collect()
    };
    let (gp, pp) = (pairs(gold), pairs(predicted));
    let mut agree = 0;
    let mut compared = 0;
    for g in gold.iter().filter(|r| !r.old.is_empty() && !r.new.is_empty()) {
        if let Some(p) = predicted.iter().find(|p| p.old == g.old && p.new == g.new)
            && let (Some(gk), Some(pk)) = (g.kind, p.kind)
        {
            compared += 1;
            agree += usize::from(gk == pk);
        }
    }
    let order = |(o, n): &(String, String)| (label_key(n), label_key(o));
    let mut missing: Vec<_> = gp.difference(&pp).cloned().collect();
    missing.sort_by_key(order);
    let mut extra: Vec<_> = pp.difference(&gp).cloned().collect();
    extra.sort_by_key(order);
    Evaluation {
        pairs: Prf::of(&gp, &pp),
        added_deleted: Prf::of(&one_sided(gold), &one_sided(predicted)),
        kind_agreement: if compared > 0 { agree as f64 / compared as f64 } else { 1.0 },
        gold_pairs: gp.len(),
        predicted_pairs: pp.len(),
        missing,
        extra,
    }
}

/// Sort key for labels: numeric parts compared as numbers (`10-1` after `10`).
fn label_key(l: &str) -> Vec<u64> {
    l.split(['-', '.']).map(|p| p.parse().unwrap_or(u64::MAX)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(v: &[(&str, &str)]) -> Vec<MapRow> {
        v.iter().map(|(o, n)| MapRow { old: o.to_string(), new: n.to_string(), kind: None }).collect()
    }

    #[test]
    fn scores_pairs_and_one_sided_rows() {
        let gold = rows(&[("1", "1"), ("2", "3"), ("3", ""), ("", "2")]);
        let pred = rows(&[("1", "1"), ("2", "2"), ("3", "")]);
        let e = evaluate(&gold, &pred);
        assert_eq!(e.pairs.precision, 0.5);
        assert_eq!(e.pairs.recall, 0.5);
        assert_eq!(e.added_deleted.precision, 1.0);
        assert_eq!(e.added_deleted.recall, 0.5);
        assert_eq!(e.missing, vec![("2".to_string(), "3".to_string())]);
        assert_eq!(e.extra, vec![("2".to_string(), "2".to_string())]);
    }
}
