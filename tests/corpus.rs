//! Data-driven: every bundled text parses, and its counts match its `document.yaml`
//! (which carries the corpus manifest's numbers, counted independently of lexdiff).

use std::path::Path;

use lexdiff::model::{Date, Kind};
use lexdiff::versions::{VersionsDir, check_counts};

fn versions() -> VersionsDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("versions");
    let (dir, errors) = VersionsDir::open(&root, Date::new(2100, 1, 1).unwrap()).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    dir
}

#[test]
fn every_bundled_version_parses_with_the_expected_counts() {
    let dir = versions();
    assert_eq!(dir.documents.len(), 40);
    let mut checked = 0;
    let mut failures = Vec::new();
    for d in &dir.documents {
        for v in &d.meta.versions {
            let label = v.label.as_str();
            let text = d.read(label).unwrap();
            let parsed = match d.load(label) {
                Ok(p) => p,
                Err(e) => {
                    failures.push(format!("{e}"));
                    continue;
                }
            };
            let expect = v.expect.as_ref().unwrap_or_else(|| panic!("{}@{label}: no expect", d.id));
            for m in check_counts(&parsed.document, expect, &text.text) {
                failures.push(format!(
                    "{}@{label}: {}: expected {}, found {}",
                    d.id, m.field, m.expected, m.found
                ));
            }
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(checked, 81);
}

#[test]
fn every_law_has_a_title_and_a_dated_history() {
    for d in versions().documents.iter().filter(|d| d.meta.kind == Kind::Law) {
        for v in &d.meta.versions {
            let p = d.load(v.label.as_str()).unwrap();
            let doc = &p.document;
            assert!(
                doc.title.as_deref().is_some_and(|t| t.starts_with("中华人民共和国")),
                "{}@{}",
                d.id,
                v.label
            );
            assert!(doc.history.iter().all(|h| h.date.is_some()), "{}@{}: {:?}", d.id, v.label, doc.history);
            // No history entry postdates the version (the history may lag: the 2019 road
            // transport regulations list amendments up to 2016 only).
            // Entries saying when the text took effect (施行) are bounded by that date instead.
            let latest = doc
                .history
                .iter()
                .filter(|h| !h.text.ends_with("施行"))
                .filter_map(|h| h.date)
                .max()
                .unwrap();
            for h in doc.history.iter().filter(|h| h.text.ends_with("施行")) {
                assert_eq!(h.date, v.effective, "{}@{}: {}", d.id, v.label, h.text);
            }
            assert!(latest <= v.adopted, "{}@{}: history dated {latest} after {}", d.id, v.label, v.adopted);
        }
    }
}
