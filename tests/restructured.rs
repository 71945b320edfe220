//! The aligner on synthetic restructurings of every bundled law (`support::revision`):
//! paragraphs split off into articles of their own, neighbouring articles merged,
//! articles moved far away, with the true map known. Unlike the two gold maps, this
//! measures the aligner on laws it was not tuned on, and on the kinds of change the gold
//! maps hold few of.

mod support;

use std::path::Path;

use lexdiff::align::{AlignOptions, Overrides, RowKind, align};
use lexdiff::eval::{MapRow, evaluate, read_map, write_map};
use lexdiff::model::{Date, Kind};
use lexdiff::parse::parse;
use lexdiff::versions::VersionsDir;
use support::revision::restructure;
use support::{bundled_document_ids, repo_root};

/// The latest text of every bundled law whose units are all articles (no preamble or
/// appendix, which a restructuring leaves alone).
fn laws() -> Vec<(String, String)> {
    let (dir, _) = VersionsDir::open(&repo_root().join("versions"), Date::new(2100, 1, 1).unwrap()).unwrap();
    bundled_document_ids()
        .into_iter()
        .filter_map(|id| {
            let d = dir.document(&id)?;
            let latest = d.chronological().last()?.label.clone();
            let text = d.read(latest.as_str()).unwrap().text;
            let doc = parse(&text, d.meta.kind).unwrap().document;
            (d.meta.kind == Kind::Law && doc.units.iter().all(|u| u.number.is_some()))
                .then(|| (format!("{id}/{latest}"), text))
        })
        .collect()
}

fn rows_of(truth: &[MapRow], kind: RowKind) -> Vec<(String, String)> {
    truth.iter().filter(|r| r.kind == Some(kind)).map(|r| (r.old.clone(), r.new.clone())).collect()
}

/// Found and wanted, summed over the restructurings.
#[derive(Default)]
struct Tally {
    found: usize,
    wanted: usize,
}

impl Tally {
    fn add(&mut self, found: usize, wanted: usize) {
        self.found += found;
        self.wanted += wanted;
    }

    fn share(&self) -> f64 {
        self.found as f64 / self.wanted as f64
    }
}

/// Two restructurings of each of over 30 laws (about 9,400 pairs, 430 articles split and
/// 330 merges). Each must reach the pair-F1 the gold maps require (0.97); over all of
/// them, split and merged rows are found at least 98 % of the time, pairs are right at
/// least 99.5 % of the time, and every moved article is found with its successor and
/// marked `moved`. (Measured when written: every split and merged row found, one wrong
/// pair: company law 107, `本法第四十四条……的规定，适用于股份有限公司`, merged into the
/// article after it, paired instead with the article that says the same of other
/// articles, its references masked like every number.)
#[test]
fn restructured_laws_are_aligned() {
    let laws = laws();
    assert!(laws.len() >= 30, "{} laws", laws.len());
    let (mut split, mut merged, mut precise) = (Tally::default(), Tally::default(), Tally::default());
    for (name, text) in &laws {
        for seed in [1, 2] {
            let (new_text, truth, made) = restructure(text, seed);
            let o = parse(text, Kind::Law).unwrap().document;
            let n = parse(&new_text, Kind::Law).unwrap().document;
            let a = align(&o.units, &n.units, &AlignOptions::default(), &Overrides::default());
            let predicted = read_map(&write_map(&a, &o.units, &n.units), Path::new("predicted")).unwrap();
            let e = evaluate(&truth, &predicted);
            let context = format!(
                "{name}, seed {seed}: pair F1 {:.3}, missing {:?}, extra {:?}",
                e.pairs.f1, e.missing, e.extra
            );
            assert!(e.pairs.f1 >= 0.97, "{context}");
            for (tally, kind) in [(&mut split, RowKind::Split), (&mut merged, RowKind::Merged)] {
                let rows = rows_of(&truth, kind);
                tally.add(rows.iter().filter(|r| !e.missing.contains(r)).count(), rows.len());
            }
            precise.add(e.predicted_pairs - e.extra.len(), e.predicted_pairs);
            for label in &made.moved {
                let row = a.rows.iter().find(|r| r.old.is_some_and(|i| o.units[i].label == *label));
                assert!(row.is_some_and(|r| r.new.is_some() && r.moved), "{label} moved: {row:?}; {context}");
            }
        }
    }
    assert!(split.share() >= 0.98, "split rows found {}/{}", split.found, split.wanted);
    assert!(merged.share() >= 0.98, "merged rows found {}/{}", merged.found, merged.wanted);
    assert!(precise.share() >= 0.995, "pairs right {}/{}", precise.found, precise.wanted);
}
