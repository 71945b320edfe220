//! The aligner against the hand-checked gold maps (copied from the shared data into
//! tests/data/gold). Requirements: pair-F1 ≥ 0.97 and added/deleted F1 ≥ 0.9 on both.

use std::path::Path;

use lexdiff::align::{AlignOptions, Overrides, RowKind, align};
use lexdiff::eval::{MapRow, evaluate, read_map, write_map};
use lexdiff::model::{Date, Document};
use lexdiff::versions::VersionsDir;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn load(doc: &str, version: &str) -> Document {
    let (dir, _) = VersionsDir::open(&root().join("versions"), Date::new(2100, 1, 1).unwrap()).unwrap();
    dir.document(doc).unwrap().load(version).unwrap().document
}

fn gold(name: &str) -> Vec<MapRow> {
    let path = root().join("tests/data/gold").join(name);
    read_map(&std::fs::read_to_string(&path).unwrap(), &path).unwrap()
}

fn check(doc: &str, old: &str, new: &str) -> lexdiff::eval::Evaluation {
    let (o, n) = (load(doc, old), load(doc, new));
    let a = align(&o.units, &n.units, &AlignOptions::default(), &Overrides::default());
    let map = write_map(&a, &o.units, &n.units);
    let predicted = read_map(&map, Path::new("predicted")).unwrap();
    let e = evaluate(&gold(&format!("{doc}_{old}_to_{new}.tsv")), &predicted);
    eprintln!(
        "{doc} {old}→{new}: pair P {:.3} R {:.3} F1 {:.3}; added/deleted F1 {:.3}; kinds {:.3}\n  missing {:?}\n  extra {:?}",
        e.pairs.precision,
        e.pairs.recall,
        e.pairs.f1,
        e.added_deleted.f1,
        e.kind_agreement,
        e.missing,
        e.extra
    );
    e
}

#[test]
fn charity_law_2016_to_2023_matches_gold() {
    let e = check("charity-law", "2016", "2023");
    assert!(e.pairs.f1 >= 0.97, "pair F1 {:.3}", e.pairs.f1);
    assert!(e.added_deleted.f1 >= 0.9, "added/deleted F1 {:.3}", e.added_deleted.f1);
}

#[test]
fn company_law_2018_to_2023_matches_gold() {
    let e = check("company-law", "2018", "2023");
    assert!(e.pairs.f1 >= 0.97, "pair F1 {:.3}", e.pairs.f1);
    assert!(e.added_deleted.f1 >= 0.9, "added/deleted F1 {:.3}", e.added_deleted.f1);
}

/// A new article's first paragraph that shares only stock wording with an old article
/// (`有下列情形之一的`, `股东会`, `董事会会议决议`, scattered over the whole old article)
/// is no move when the old article's own successor holds that wording the same way.
/// Gold: company new 27 (决议不成立) is `added`; old 142 (share buy-back) → new 162 is
/// a one-to-one `modified`.
#[test]
fn stock_wording_scattered_over_an_article_is_not_a_move() {
    let (o, n) = (load("company-law", "2018"), load("company-law", "2023"));
    let a = align(&o.units, &n.units, &AlignOptions::default(), &Overrides::default());
    let rows_of =
        |label: &str, side: fn(&lexdiff::align::Row) -> Option<usize>, units: &[lexdiff::model::Unit]| {
            a.rows
                .iter()
                .filter(|r| side(r).is_some_and(|i| units[i].label == label))
                .cloned()
                .collect::<Vec<_>>()
        };
    let new_27 = rows_of("27", |r| r.new, &n.units);
    assert_eq!(new_27.len(), 1, "{new_27:?}");
    assert_eq!((new_27[0].old, new_27[0].kind), (None, RowKind::Added));
    let old_142 = rows_of("142", |r| r.old, &o.units);
    assert_eq!(old_142.len(), 1, "{old_142:?}");
    assert_eq!(n.units[old_142[0].new.expect("paired")].label, "162");
    assert_eq!(old_142[0].kind, RowKind::Modified);
}
