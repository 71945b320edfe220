//! Alignment maps as TSV, and scoring one map against another (a hand-checked gold map).
//!
//! A map has the header `old\tnew\tkind\tscore` (the gold files have `note` in place of
//! `score`; extra columns are ignored). Pairs are rows with both labels; added and
//! deleted rows have one side empty.
//!
//! The gold format numbers articles only, and counts a law's appendix as the end of its
//! last article. So the maps lexdiff writes list articles only, and rows of a preamble or
//! an appendix (`appendix-1\tappendix-1`) in a map written elsewhere are scored only when
//! both maps name such units; otherwise they are set aside and listed, rather than
//! counted as pairs one of them lacks.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::align::{Alignment, RowKind};
use crate::error::{Error, Location, Result};
use crate::model::{PREAMBLE_LABEL, Unit, is_appendix_label};

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
    let label = |i: Option<usize>, units: &[Unit]| i.map_or(String::new(), |i| units[i].label.clone());
    map_text(alignment.rows.iter().map(|r| (label(r.old, old), label(r.new, new), r.kind, r.score)))
}

/// A map of rows `(old label, new label, kind, score)`, the score written for pairs only.
/// Like the gold files, a map lists articles: rows of a preamble or appendices alone
/// (`appendix-1\tappendix-1`) are left out, since a scorer that reads article numbers
/// would count them as pairs its gold lacks. Every other output has them.
pub fn map_text(rows: impl IntoIterator<Item = (String, String, RowKind, f64)>) -> String {
    let mut s = String::from("old\tnew\tkind\tscore\n");
    for (o, n, kind, score) in rows {
        if beyond_articles_only(&o, &n) {
            continue;
        }
        let score = if !o.is_empty() && !n.is_empty() { format!("{score:.3}") } else { String::new() };
        let _ = writeln!(s, "{o}\t{n}\t{kind}\t{score}");
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
    /// Added and deleted rows (one label empty) of the gold that the map lacks.
    pub missing_alone: Vec<(String, String)>,
    /// Added and deleted rows of the map that the gold lacks.
    pub extra_alone: Vec<(String, String)>,
    /// Pairs in both whose kinds differ: old, new, the gold's kind, the map's.
    pub kinds_differ: Vec<(String, String, RowKind, RowKind)>,
    /// Rows of a preamble and appendices (the map's, then the gold's), which are scored
    /// only when both maps name such units.
    pub unscored: Vec<(String, String)>,
}

/// Whether a label names a unit that is no article (a preamble, an appendix).
fn beyond_articles(label: &str) -> bool {
    label == PREAMBLE_LABEL || is_appendix_label(label)
}

/// Whether a row holds only units that are no articles.
fn beyond_articles_only(old: &str, new: &str) -> bool {
    let labels = [old, new];
    labels.iter().any(|l| beyond_articles(l)) && labels.iter().all(|l| l.is_empty() || beyond_articles(l))
}

/// The (old, new) labels of rows with both sides (`pairs`) or with one (`!pairs`).
fn rows_with<'r>(rows: impl IntoIterator<Item = &'r MapRow>, pairs: bool) -> BTreeSet<(String, String)> {
    rows.into_iter()
        .filter(|r| {
            if pairs { !r.old.is_empty() && !r.new.is_empty() } else { r.old.is_empty() != r.new.is_empty() }
        })
        .map(|r| (r.old.clone(), r.new.clone()))
        .collect()
}

/// Scores `predicted` against `gold`.
pub fn evaluate(gold: &[MapRow], predicted: &[MapRow]) -> Evaluation {
    // Rows of units that are no articles count only where both maps name such units.
    let names_more =
        |rows: &[MapRow]| rows.iter().any(|r| beyond_articles(&r.old) || beyond_articles(&r.new));
    let set_aside = !(names_more(gold) && names_more(predicted));
    let unscored_row = |r: &&MapRow| set_aside && beyond_articles_only(&r.old, &r.new);
    let (unscored, predicted): (Vec<&MapRow>, Vec<&MapRow>) = predicted.iter().partition(unscored_row);
    let (unscored_gold, gold): (Vec<&MapRow>, Vec<&MapRow>) = gold.iter().partition(unscored_row);
    let (gp, pp) = (rows_with(gold.iter().copied(), true), rows_with(predicted.iter().copied(), true));
    let order = |(o, n): &(String, String)| (label_key(n), label_key(o));
    let mut compared = 0;
    let mut kinds_differ = Vec::new();
    for g in gold.iter().filter(|r| !r.old.is_empty() && !r.new.is_empty()) {
        if let Some(p) = predicted.iter().find(|p| p.old == g.old && p.new == g.new)
            && let (Some(gk), Some(pk)) = (g.kind, p.kind)
        {
            compared += 1;
            if gk != pk {
                kinds_differ.push((g.old.clone(), g.new.clone(), gk, pk));
            }
        }
    }
    kinds_differ.sort_by_key(|(o, n, ..)| order(&(o.clone(), n.clone())));
    let sorted = |mut v: Vec<(String, String)>| {
        v.sort_by_key(order);
        v
    };
    let (ga, pa) = (rows_with(gold.iter().copied(), false), rows_with(predicted.iter().copied(), false));
    Evaluation {
        pairs: Prf::of(&gp, &pp),
        added_deleted: Prf::of(&ga, &pa),
        kind_agreement: if compared > 0 {
            (compared - kinds_differ.len()) as f64 / compared as f64
        } else {
            1.0
        },
        gold_pairs: gp.len(),
        predicted_pairs: pp.len(),
        missing: sorted(gp.difference(&pp).cloned().collect()),
        extra: sorted(pp.difference(&gp).cloned().collect()),
        missing_alone: sorted(ga.difference(&pa).cloned().collect()),
        extra_alone: sorted(pa.difference(&ga).cloned().collect()),
        kinds_differ,
        unscored: unscored.iter().chain(&unscored_gold).map(|r| (r.old.clone(), r.new.clone())).collect(),
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
        assert_eq!(e.missing_alone, vec![(String::new(), "2".to_string())]);
        assert!(e.extra_alone.is_empty() && e.unscored.is_empty());
    }

    /// Pairs in both with different kinds are listed, gold's kind first.
    #[test]
    fn pairs_whose_kinds_differ_are_listed() {
        let kinded = |v: &[(&str, &str, RowKind)]| -> Vec<MapRow> {
            v.iter()
                .map(|(o, n, k)| MapRow { old: o.to_string(), new: n.to_string(), kind: Some(*k) })
                .collect()
        };
        let gold =
            kinded(&[("1", "1", RowKind::Modified), ("2", "2", RowKind::Split), ("2", "3", RowKind::Split)]);
        let pred = kinded(&[
            ("1", "1", RowKind::Modified),
            ("2", "2", RowKind::Modified),
            ("", "3", RowKind::Added),
        ]);
        let e = evaluate(&gold, &pred);
        assert_eq!(
            e.kinds_differ,
            vec![("2".to_string(), "2".to_string(), RowKind::Split, RowKind::Modified)]
        );
        assert_eq!(e.kind_agreement, 0.5);
        assert_eq!(e.extra_alone, vec![(String::new(), "3".to_string())]);
    }

    /// A law's appendix rows are no pairs a gold of articles lacks, nor missing from a map
    /// of articles; an article paired with an appendix still is a pair, and two maps that
    /// both name appendices score them.
    #[test]
    fn appendix_rows_are_scored_only_when_both_maps_name_appendices() {
        let gold = rows(&[("1", "1"), ("2", "2")]);
        let pred = rows(&[("1", "1"), ("2", "2"), ("appendix-1", "appendix-1"), ("", "appendix-2")]);
        let e = evaluate(&gold, &pred);
        assert_eq!((e.pairs.f1, e.added_deleted.f1, e.predicted_pairs), (1.0, 1.0, 2));
        assert_eq!(e.unscored.len(), 2);
        let e = evaluate(&gold, &rows(&[("1", "1"), ("2", "appendix-1")]));
        assert_eq!(e.extra, vec![("2".to_string(), "appendix-1".to_string())]);
        let gold = rows(&[("1", "1"), ("2", "2"), ("appendix-1", "appendix-1"), ("", "appendix-2")]);
        let e = evaluate(&gold, &rows(&[("1", "1"), ("2", "2")]));
        assert_eq!((e.gold_pairs, e.predicted_pairs, e.pairs.f1, e.unscored.len()), (2, 2, 1.0, 2));
        let e = evaluate(&gold, &rows(&[("1", "1"), ("2", "2"), ("appendix-1", "appendix-2")]));
        assert_eq!((e.gold_pairs, e.predicted_pairs), (3, 3));
        assert_eq!(e.added_deleted.recall, 0.0);
    }

    /// The maps lexdiff writes list articles only, as the gold files do; a row pairing an
    /// article with an appendix stays, since the article needs its row.
    #[test]
    fn maps_leave_out_rows_of_preambles_and_appendices() {
        let row = |o: &str, n: &str| (o.to_string(), n.to_string(), RowKind::Modified, 0.5);
        let map = map_text([
            row("preamble", "preamble"),
            row("1", "1"),
            row("appendix-1", "appendix-1"),
            row("", "appendix-2"),
            row("2", "appendix-3"),
        ]);
        assert_eq!(map, "old\tnew\tkind\tscore\n1\t1\tmodified\t0.500\n2\tappendix-3\tmodified\t0.500\n");
    }
}
