//! The generated secrecy-law report, the site's search, and the site on a phone and in a
//! dark colour scheme, in headless Chromium (tests/browser/report.mjs, search.mjs,
//! search-old-page.mjs, search-long.mjs, phone.mjs and colors.mjs).
//!
//! Needs `node`, `/usr/bin/chromium` and `tests/browser/node_modules` (npm ci). Locally it
//! is skipped when they are missing; with LEXDIFF_BROWSER_TESTS=1 (set by .ci/run) a
//! missing prerequisite fails the test.

mod support;

use std::path::Path;
use std::process::Command;

use support::{Project, repo_root};

/// Chromium's path when the browser tests can run here; `None` (the test skipped) when a
/// prerequisite is missing, unless LEXDIFF_BROWSER_TESTS=1 requires them.
fn chromium() -> Option<String> {
    let required = std::env::var_os("LEXDIFF_BROWSER_TESTS").is_some_and(|v| v == "1");
    let browser_dir = repo_root().join("tests/browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let ready = Path::new(&chromium).exists()
        && browser_dir.join("node_modules/playwright-core").is_dir()
        && Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if !ready {
        assert!(
            !required,
            "browser test prerequisites missing: chromium at {chromium}, node, tests/browser/node_modules"
        );
        eprintln!("skipping the browser test: chromium, node or tests/browser/node_modules missing");
        return None;
    }
    Some(chromium)
}

/// Runs `tests/browser/<script>` on `target` (and `args`), keeping its screenshot as
/// `target/browser/<shot>`.
fn run_script(chromium: &str, script: &str, target: &Path, shot: &str, args: &[&str]) {
    let shots = repo_root().join("target/browser");
    std::fs::create_dir_all(&shots).unwrap();
    let shot = shots.join(shot);
    let out = Command::new("node")
        .arg(repo_root().join("tests/browser").join(script))
        .arg(target)
        .arg(&shot)
        .args(args)
        .env("CHROMIUM", chromium)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(shot.is_file());
}

#[test]
fn secrecy_report_in_chromium() {
    let Some(chromium) = chromium() else { return };
    let p = Project::with_documents(&["state-secrets-law"]);
    p.ok(&["build"]);
    let report = p.path().join("reports/state-secrets-law/compare/2010..2024.html");
    run_script(&chromium, "report.mjs", &report, "state-secrets-law-2010-2024.png", &[]);
}

/// The site's search page (tests/browser/search.mjs), opened from disk as a reader would.
/// The civil code for its many headings of the same words.
#[test]
fn site_search_in_chromium() {
    let Some(chromium) = chromium() else { return };
    let p = Project::with_documents(&["state-secrets-law", "road-transport-regulations", "civil-code"]);
    p.ok(&["build"]);
    run_script(&chromium, "search.mjs", &p.path().join("reports"), "search.png", &[]);
}

/// A search page of one's own from before the search index (it loads every document's
/// script and no index) still finds words with the built-in search.js
/// (tests/browser/search-old-page.mjs).
#[test]
fn an_old_search_page_of_ones_own_still_searches_in_chromium() {
    let Some(chromium) = chromium() else { return };
    let p = Project::with_documents(&["state-secrets-law", "road-transport-regulations"]);
    let templates = repo_root().join("tests/data/old-templates");
    p.ok(&["--templates", templates.to_str().unwrap(), "build"]);
    let page = std::fs::read_to_string(p.path().join("reports/search.html")).unwrap();
    assert!(page.contains("state-secrets-law&#x2f;search.js") && !page.contains("_search"), "{page}");
    run_script(&chromium, "search-old-page.mjs", &p.path().join("reports"), "search-old-page.png", &[]);
}

/// A query of many characters, on a site of many shards (every bundled document: 16),
/// loads the index a few shards at a time and stops when few documents are left: a
/// sentence of the secrecy law loads 4 shards, not the 14 its pairs are in
/// (tests/browser/search-long.mjs). What the page finds is what `lexdiff search` finds.
#[test]
fn a_long_query_loads_a_few_shards_in_chromium() {
    let Some(chromium) = chromium() else { return };
    let p = Project::with_every_bundled_document();
    p.ok(&["build"]);
    let queries = [
        "机关、单位应当依法对拟公开的信息进行保密审查，遵守国家保密规定。",
        "中华人民共和国",
        "野生动物 保护 罚款",
    ];
    let mut expected = serde_json::Map::new();
    for q in queries {
        let words: Vec<&str> = q.split(' ').collect();
        let json = p.ok(&[&["search"][..], &words, &["--format", "json"]].concat());
        let found: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
        let units = found.iter().filter(|f| f["kind"] == "unit").count();
        let headings = found.len() - units;
        expected.insert(q.to_string(), serde_json::json!([headings, units]));
    }
    let expected = serde_json::Value::Object(expected).to_string();
    run_script(&chromium, "search-long.mjs", &p.path().join("reports"), "search-long.png", &[&expected]);
}

/// Every page fits a phone's screen, 390 pixels wide (tests/browser/phone.mjs): the
/// report's summary, its chart and the change column, a version's long source address,
/// a report's targets, the search results. The civil code for its long source address,
/// the national report for its headings and targets.
#[test]
fn pages_fit_a_phones_screen_in_chromium() {
    let Some(chromium) = chromium() else { return };
    let ids = ["state-secrets-law", "road-transport-regulations", "civil-code", "gov-work-report-national"];
    let p = Project::with_documents(&ids);
    p.ok(&["build"]);
    let site = p.path().join("reports");
    let mut pages: Vec<String> =
        vec!["index.html".into(), "search.html?q=国家秘密".into(), "search.html?q=一般规定".into()];
    for id in ids {
        pages.push(format!("{id}/index.html"));
        // (The civil code, of one version, has no comparison.)
        for folder in ["compare", "versions"].into_iter().filter(|f| site.join(id).join(f).is_dir()) {
            let mut files = support::names_in(&site.join(id).join(folder), |n| n.ends_with(".html"));
            files.sort();
            pages.extend(files.into_iter().map(|f| format!("{id}/{folder}/{f}")));
        }
    }
    // The history of a split article, and of one of a report's paragraphs.
    pages.extend([
        "state-secrets-law/articles/2024/17.html".into(),
        "gov-work-report-national/articles/2025/3.1.1.html".into(),
    ]);
    for page in &pages {
        assert!(site.join(page.split('?').next().unwrap()).is_file(), "{page}");
    }
    // The comparisons first: the screenshot is of the first one.
    pages.sort_by_key(|p| !p.contains("/compare/"));
    let args: Vec<&str> = pages.iter().map(String::as_str).collect();
    run_script(&chromium, "phone.mjs", &site, "phone.png", &args);
}

/// The site reads in a light and a dark colour scheme (tests/browser/colors.mjs): in
/// each, the background is light or dark as the reader's system asks, and text, links,
/// deletions, insertions, badges, blame, targets' changes and search marks keep WCAG's
/// 4.5:1 contrast.
#[test]
fn pages_read_in_light_and_dark_in_chromium() {
    let Some(chromium) = chromium() else { return };
    let p = Project::with_documents(&[
        "state-secrets-law",
        "road-transport-regulations",
        "gov-work-report-national",
    ]);
    p.ok(&["build"]);
    let site = p.path().join("reports");
    let d = "state-secrets-law";
    let checks = [
        (
            format!("{d}/compare/2010..2024.html"),
            "main p,main a,td.old del,td.new ins,.badge.was,.kind .en,span.ref",
        ),
        (
            format!("{d}/versions/2024.html"),
            "a.badge.change.modified,a.badge.change.added,a.badge.change.split,a.badge.change.renumbered,p.source",
        ),
        (format!("{d}/versions/2010.html"), "a.badge.change.next.modified,a.badge.change.next.split"),
        (format!("{d}/articles/2024/17.html"), "span.blame.b0,span.blame.b1"),
        ("search.html?q=保密审查".to_string(), "mark,ol.search-results a"),
        (format!("{d}/index.html"), "main a,.compare-link"),
        // Article 63 of the regulations, rewritten in both revisions: three versions' tints.
        (
            "road-transport-regulations/articles/2023/63.html".to_string(),
            "span.blame.b0,span.blame.b1,span.blame.b2",
        ),
        // The report's targets across versions, and how each moved.
        ("gov-work-report-national/index.html".to_string(), "table.targets td,.delta.up,.delta.down,.delta"),
    ];
    let args: Vec<&str> = checks.iter().flat_map(|(page, sel)| [page.as_str(), *sel]).collect();
    run_script(&chromium, "colors.mjs", &site, "colors-dark.png", &args);
}
