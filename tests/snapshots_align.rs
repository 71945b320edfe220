//! Snapshots of alignment maps: any change in how real revisions are aligned shows up as
//! a reviewed snapshot diff (`cargo insta review`, or INSTA_UPDATE=always).

use std::path::Path;

use lexdiff::align::Overrides;
use lexdiff::compare::{CompareOptions, Header, compare};
use lexdiff::model::Date;
use lexdiff::render;
use lexdiff::versions::VersionsDir;

fn map(doc: &str, old: &str, new: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("versions");
    let (dir, _) = VersionsDir::open(&root, Date::new(2100, 1, 1).unwrap()).unwrap();
    let d = dir.document(doc).unwrap();
    let (o, n) = (d.load(old).unwrap().document, d.load(new).unwrap().document);
    render::map(&compare(Header::default(), &o, &n, &Overrides::default(), &CompareOptions::default()))
}

#[test]
fn state_secrets_law_2010_to_2024() {
    insta::assert_snapshot!(map("state-secrets-law", "2010", "2024"));
}

#[test]
fn road_transport_regulations_2022_to_2023() {
    insta::assert_snapshot!(map("road-transport-regulations", "2022", "2023"));
}

#[test]
fn gov_work_report_hunan_2024_to_2025() {
    insta::assert_snapshot!(map("gov-work-report-hunan", "2024", "2025"));
}
