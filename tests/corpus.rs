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

/// Every bundled version, saved as a web page in the two layouts official sites use (a
/// paragraph element per line in a content container between a menu and a footer; the
/// lines of a table cell separated by `<br>`), reads back as the same units with the same
/// text (in the comparison normal form: a page collapses doubled spaces).
#[test]
fn every_bundled_version_reads_back_from_a_web_page() {
    let escape = |l: &str| l.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let mut checked = 0;
    for d in &versions().documents {
        for v in &d.meta.versions {
            let text = d.read(v.label.as_str()).unwrap().text;
            let expected = lexdiff::parse::parse(&text, d.meta.kind).unwrap().document;
            let paragraphs: String = text.lines().map(|l| format!("<p>{}</p>\n", escape(l))).collect();
            let breaks: String = text.lines().map(|l| format!("{}<br>\n", escape(l))).collect();
            let pages = [
                format!(
                    "<!DOCTYPE html><html><head><title>{}</title></head><body><div class=\"nav\"><a href=\"/\">首页</a></div>\
                     <div class=\"content\">{paragraphs}</div><div class=\"footer\"><p>版权所有</p></div></body></html>",
                    escape(&d.meta.title)
                ),
                format!(
                    "<html><body><table><tr><td><a href=\"/\">返回</a><tr><td id=\"Zoom\">{breaks}</table></body></html>"
                ),
            ];
            for page in pages {
                let read = lexdiff::input::decode(page.as_bytes(), Path::new("page.html")).unwrap();
                assert!(read.notices[0].starts_with("read from an HTML page"), "{:?}", read.notices);
                let got = lexdiff::parse::parse(&read.text, d.meta.kind).unwrap().document;
                let units = |doc: &lexdiff::model::Document| -> Vec<(String, String)> {
                    doc.units
                        .iter()
                        .map(|u| (u.label.to_string(), lexdiff::normalize::normalize(&u.text())))
                        .collect()
                };
                assert_eq!(units(&got), units(&expected), "{}@{}", d.id, v.label);
                assert_eq!(got.title, expected.title, "{}@{}", d.id, v.label);
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 81);
}
