//! `lexdiff ci` on a repository made with the real git CLI.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::{Project, Texts, repo_root, snapshot};

/// `lexdiff ci` and the binary, run in a repository of texts.
trait Ci {
    /// The repository's folder.
    fn root(&self) -> &Path;

    /// Runs `lexdiff ci --base HEAD~1`, requires exit `code`, and returns the output folder
    /// and the summary, checked against its schema.
    fn ci_since_last_commit(&self, code: i32) -> (PathBuf, serde_json::Value) {
        self.ci_since("HEAD~1", code)
    }

    /// As `ci_since_last_commit`, from `base`.
    fn ci_since(&self, base: &str, code: i32) -> (PathBuf, serde_json::Value) {
        let (got, _, err) = self.lexdiff(&["ci", "--base", base]);
        assert_eq!(got, code, "{err}");
        let out = self.root().join("lexdiff-ci");
        let summary: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
        validate(&summary);
        (out, summary)
    }

    /// The differ's map of two files (`diff --files OLD NEW --format map`), which differ.
    fn files_map(&self, old: &Path, new: &Path) -> String {
        let (code, map, err) = self.lexdiff(&[
            "diff",
            "--files",
            old.to_str().unwrap(),
            new.to_str().unwrap(),
            "--format",
            "map",
        ]);
        assert_eq!(code, 1, "{err}");
        map
    }

    fn lexdiff(&self, args: &[&str]) -> (i32, String, String) {
        let out =
            Command::new(env!("CARGO_BIN_EXE_lexdiff")).args(args).current_dir(self.root()).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into(),
            String::from_utf8_lossy(&out.stderr).into(),
        )
    }
}

impl Ci for Texts {
    fn root(&self) -> &Path {
        self.path()
    }
}

fn secrecy(v: &str) -> PathBuf {
    repo_root().join(format!("versions/state-secrets-law/{v}.txt"))
}

fn validate(summary: &serde_json::Value) {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("docs/ci-summary.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> =
        validator.iter_errors(summary).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "summary.json does not match the schema: {errors:?}");
}

#[test]
fn a_new_version_is_reported_with_counts_matching_the_differ() {
    let t = Texts::new();
    t.commit_file("laws/secrecy.txt", &secrecy("2010"), "2010-04-29T00:00:00+08:00", "2010 text");
    t.commit_file("laws/secrecy.txt", &secrecy("2024"), "2024-02-27T00:00:00+08:00", "2024 text");
    let (out, summary) = t.ci_since_last_commit(1);
    // The counts are the differ's.
    let p = Project::with_documents(&["state-secrets-law"]);
    let map = p.run(&["diff", "state-secrets-law", "2010", "2024", "--format", "map"]).1;
    let expected = support::kinds_in_map(&map);
    let c = &summary["documents"][0]["comparisons"][0];
    for (kind, n) in &expected {
        assert_eq!(c["counts"][kind].as_u64(), Some(*n), "{kind}");
    }
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(md.contains("### lexdiff: 1 document with new versions"), "{md}");
    let line = md.lines().find(|l| l.starts_with("**")).unwrap();
    for kind in ["renumbered", "modified", "split", "merged", "added"] {
        assert!(line.contains(&format!("{} {kind}", expected[kind])), "{kind} in {line}");
    }
    assert!(md.contains(&format!("| modified | {} |", expected["modified"])));
    assert!(md.contains("Most changed:"));
    // The report the summary links to exists.
    let href = c["href"].as_str().unwrap();
    assert!(md.contains(&format!("[Full report]({href})")));
    assert!(out.join(href).is_file(), "{href}");
}

/// A text whose front matter says it is the source's latest text, not the law as it stood
/// at its date (legalize `text_state: current`), is said so in the summary.
#[test]
fn a_text_state_is_said_in_the_summary() {
    let t = Texts::new();
    let dir = tempfile::tempdir().unwrap();
    for (v, date) in [("2010", "2023-01-01T00:00:00+08:00"), ("2024", "2025-01-01T00:00:00+08:00")] {
        let text = format!(
            "---\ntitle: 保守国家秘密法\ntext_state: current\n---\n{}",
            std::fs::read_to_string(secrecy(v)).unwrap()
        );
        let file = dir.path().join(format!("{v}.md"));
        std::fs::write(&file, text).unwrap();
        t.commit_file("cn/secrecy.md", &file, date, "fetched");
    }
    let (out, summary) = t.ci_since_last_commit(1);
    let caveats = &summary["documents"][0]["comparisons"][0]["caveats"];
    let note = "2023-01-01-";
    assert!(
        caveats[0].as_str().is_some_and(|c| c.starts_with(note) && c.ends_with("(text_state: current)")),
        "{caveats}"
    );
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(md.contains(&format!("> **Note:** {}", caveats[0].as_str().unwrap())), "{md}");
}

/// A split or merge is one change among the most changed, counted as the report counts
/// it: what its articles lost and gained against all their partners. Row by row, company
/// law 148's rows to 183 and 184 (2018 → 2023) each counted as deleted the text it gave
/// the other successors, and came second and fifth.
#[test]
fn a_split_is_one_change_among_the_most_changed() {
    let t = Texts::new();
    let company = |v: &str| repo_root().join(format!("versions/company-law/{v}.txt"));
    t.commit_file("laws/company.txt", &company("2018"), "2018-10-26T00:00:00+08:00", "2018 text");
    t.commit_file("laws/company.txt", &company("2023"), "2023-12-29T00:00:00+08:00", "2023 text");
    let (_, summary) = t.ci_since_last_commit(1);
    let top = summary["documents"][0]["comparisons"][0]["top"].as_array().unwrap().clone();
    // The differ's groups, with their articles' counts.
    let (code, json, err) = t.lexdiff(&[
        "diff",
        "--files",
        company("2018").to_str().unwrap(),
        company("2023").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "{err}");
    let c: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rows = c["rows"].as_array().unwrap();
    let changed = |side: &str, index: &serde_json::Value| -> u64 {
        let unit =
            c["unit_diffs"].as_array().unwrap().iter().find(|u| u["side"] == side && &u["index"] == index);
        unit.unwrap()["changed_chars"].as_u64().unwrap()
    };
    let mut groups: std::collections::BTreeMap<u64, (Vec<String>, Vec<String>, u64, u64)> =
        Default::default();
    for r in rows.iter().filter(|r| r["group"].is_u64()) {
        let g = groups.entry(r["group"].as_u64().unwrap()).or_default();
        for (side, labels, count) in [("old", &mut g.0, &mut g.2), ("new", &mut g.1, &mut g.3)] {
            let label = r[side]["label"].as_str().unwrap().to_string();
            if !labels.contains(&label) {
                labels.push(label);
                *count += changed(side, &r[side]["index"]);
            }
        }
    }
    let listed: Vec<(String, String)> = groups.values().map(|g| (g.0.join(", "), g.1.join(", "))).collect();
    let mut seen = 0;
    for change in &top {
        let (old, new) = (change["old"].as_str().unwrap_or(""), change["new"].as_str().unwrap_or(""));
        if !matches!(change["kind"].as_str(), Some("split" | "merged")) {
            continue;
        }
        seen += 1;
        let g = groups.values().find(|g| g.0.join(", ") == old && g.1.join(", ") == new);
        let g = g.unwrap_or_else(|| panic!("{old} → {new} is no whole group: {listed:?}"));
        assert_eq!(
            (change["chars_deleted"].as_u64(), change["chars_inserted"].as_u64()),
            (Some(g.2), Some(g.3)),
            "{change}"
        );
        // The excerpt names the articles that changed, the first three of them.
        let excerpt = change["excerpt"].as_str().unwrap();
        assert!(excerpt.starts_with("**第"), "{excerpt}");
        let named = excerpt.matches("**第").count();
        assert!(named <= lexdiff::render::markdown::EXCERPT_UNITS, "{excerpt}");
        if old == "147, 148" {
            // Six of its seven articles changed.
            assert!(excerpt.ends_with("…and 3 more articles changed"), "{excerpt}");
        }
    }
    assert!(seen >= 2, "the company law's splits are among its most changed: {top:?}");
}

/// The version at base is labelled by the commit that brought its text, however many
/// commits since changed other files beside it or elsewhere.
#[test]
fn the_version_at_base_is_the_commit_that_brought_it() {
    let t = Texts::new();
    t.commit_file("laws/secrecy.txt", &secrecy("2010"), "2010-04-29T00:00:00+08:00", "2010 text");
    let brought = support::git(t.path(), &["rev-parse", "HEAD"]).trim().to_string();
    let charity = repo_root().join("versions/charity-law/2016.txt");
    t.commit_file("laws/charity.txt", &charity, "2016-03-16T00:00:00+08:00", "beside it");
    t.commit_file("other/README.md", &charity, "2017-01-01T00:00:00+08:00", "elsewhere");
    t.commit_file("laws/secrecy.txt", &secrecy("2024"), "2024-02-27T00:00:00+08:00", "2024 text");
    let (_, summary) = t.ci_since_last_commit(1);
    let docs = summary["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1, "{summary}");
    let base = &docs[0]["versions"][0];
    assert_eq!(base["commit"], brought.as_str(), "{summary}");
    assert_eq!(base["label"], format!("2010-04-29-{}", &brought[..7]).as_str(), "{summary}");
}

/// The labels ci prints name the versions in `--repo` commands: a tag gives the label
/// `--repo` reads (another document's `<doc>/<version>` tag gives none), and a
/// `<date>-<commit>` label finds its commit.
#[test]
fn ci_labels_name_the_versions_in_repo_commands() {
    let t = Texts::new();
    t.commit_file("laws/secrecy.txt", &secrecy("2010"), "2010-04-29T00:00:00+08:00", "2010 text");
    t.git(&["tag", "charity-law/2016"], "2010-04-29T00:00:00+08:00");
    t.commit_file("laws/secrecy.txt", &secrecy("2024"), "2024-02-27T00:00:00+08:00", "2024 text");
    t.git(&["tag", "v2024"], "2024-02-27T00:00:00+08:00");
    let (_, summary) = t.ci_since_last_commit(1);
    let doc = &summary["documents"][0];
    let id = doc["id"].as_str().unwrap();
    let labels: Vec<&str> =
        doc["versions"].as_array().unwrap().iter().map(|v| v["label"].as_str().unwrap()).collect();
    let first = support::git(t.path(), &["rev-parse", "HEAD~1"]).trim().to_string();
    let dated = format!("2010-04-29-{}", &first[..7]);
    assert_eq!(labels, [dated.as_str(), "v2024"], "{summary}");
    // `--repo` lists the versions as 2010-04-29 and v2024, and takes ci's labels for them.
    let (code, list, err) = t.lexdiff(&["--repo", ".", "list"]);
    assert_eq!(code, 0, "{err}");
    assert!(list.contains("2010-04-29 ") && list.contains("v2024 "), "{list}");
    let map = |old: &str, new: &str| {
        let (code, out, err) = t.lexdiff(&["--repo", ".", "diff", id, old, new, "--format", "map"]);
        assert_eq!(code, 1, "{old} {new}: {err}");
        out
    };
    let by_list = map("2010-04-29", "v2024");
    assert_eq!(map(&dated, "v2024"), by_list);
    assert_eq!(map(&first[..10], "v2024"), by_list);
    // A date that is not the commit's, or a commit of no version, is no version.
    for wrong in [format!("2011-04-29-{}", &first[..7]), "0000000".to_string()] {
        let (code, _, err) = t.lexdiff(&["--repo", ".", "diff", id, &wrong, "v2024"]);
        assert_eq!(code, 2, "{wrong}");
        assert!(err.contains(&format!("has no version `{wrong}`")), "{err}");
    }
}

/// A text moved in the commits reported is compared with its text at base under the old
/// name, not reported as a new document beside a deleted one; a move alone is no version.
#[test]
fn a_renamed_text_is_compared_with_its_old_name() {
    let t = Texts::new();
    t.commit_file("secrecy.txt", &secrecy("2010"), "2010-04-29T00:00:00+08:00", "2010 text");
    std::fs::create_dir_all(t.path().join("laws")).unwrap();
    t.git(&["mv", "secrecy.txt", "laws/secrecy.txt"], "2020-01-01T00:00:00+08:00");
    t.git(&["commit", "-q", "-m", "into laws/"], "2020-01-01T00:00:00+08:00");
    // Revised after the move: the texts at base and head are too unlike for git to see
    // a rename between them; each commit is followed instead.
    t.commit_file("laws/secrecy.txt", &secrecy("2024"), "2024-02-27T00:00:00+08:00", "2024 text");
    let (out, summary) = t.ci_since("HEAD~2", 1);
    let docs = summary["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1, "{summary}");
    assert_eq!(docs[0]["path"], "laws/secrecy.txt");
    assert_eq!(docs[0]["renamed_from"], "secrecy.txt");
    assert_eq!(docs[0]["versions"].as_array().unwrap().len(), 2, "{summary}");
    // The comparison is the differ's on the two texts.
    let map = t.files_map(&secrecy("2010"), &secrecy("2024"));
    let c = &docs[0]["comparisons"][0];
    let kinds = support::kinds_in_map(&map);
    for kind in ["modified", "split", "added"] {
        let n = kinds.get(kind).copied().unwrap_or(0);
        assert!(n > 0, "{kind}: {map}");
        assert_eq!(c["counts"][kind].as_u64(), Some(n), "{kind}: {c}");
    }
    assert!(summary["skipped"].as_array().unwrap().is_empty(), "{summary}");
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(md.contains("(`laws/secrecy.txt`, renamed from `secrecy.txt`)"), "{md}");

    // Moved again, text kept: nothing to compare, and said so.
    t.git(&["mv", "laws/secrecy.txt", "laws/state-secrets.txt"], "2025-01-01T00:00:00+08:00");
    t.git(&["commit", "-q", "-m", "renamed"], "2025-01-01T00:00:00+08:00");
    let (_, summary) = t.ci_since_last_commit(0);
    assert!(summary["documents"].as_array().unwrap().is_empty(), "{summary}");
    assert_eq!(summary["skipped"][0]["path"], "laws/state-secrets.txt");
    assert_eq!(summary["skipped"][0]["reason"], "renamed from laws/secrecy.txt, text unchanged");
}

/// Files named in Chinese (as in the LawRefBook collection) each get a document of their
/// own: their ids once all folded to `document`, and their pages overwrote each other.
#[test]
fn files_named_in_chinese_stay_apart() {
    let t = Texts::new();
    let (a, b) = ("行政法/保守国家秘密法.txt", "行政法/保密法副本.txt");
    t.commit_file(a, &secrecy("2010"), "2010-04-29T00:00:00+08:00", "2010 text");
    t.commit_file(b, &secrecy("2010"), "2010-04-29T00:00:00+08:00", "a copy");
    for file in [a, b] {
        std::fs::copy(secrecy("2024"), t.path().join(file)).unwrap();
    }
    t.git(&["add", "-A"], "2024-02-27T00:00:00+08:00");
    t.git(&["commit", "-q", "-m", "2024 texts"], "2024-02-27T00:00:00+08:00");
    let (out, summary) = t.ci_since_last_commit(1);
    let docs = summary["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2);
    let hrefs: Vec<&str> = docs.iter().map(|d| d["comparisons"][0]["href"].as_str().unwrap()).collect();
    let folder = |h: &str| h.split('/').nth(1).unwrap().to_string();
    assert_ne!(folder(hrefs[0]), folder(hrefs[1]), "{hrefs:?}");
    for h in hrefs {
        assert!(out.join(h).is_file(), "{h}");
    }
}

#[test]
fn an_unrelated_commit_changes_nothing() {
    let t = Texts::new();
    t.commit_file("laws/secrecy.txt", &secrecy("2010"), "2010-04-29T00:00:00+08:00", "2010 text");
    std::fs::write(t.path().join("README.md"), "# Laws\n\nA collection.\n").unwrap();
    std::fs::write(t.path().join("notes.txt"), "to do: find the 1988 text\n").unwrap();
    t.git(&["add", "-A"], "2011-01-01T00:00:00+08:00");
    t.git(&["commit", "-q", "-m", "readme"], "2011-01-01T00:00:00+08:00");
    let (out, summary) = t.ci_since_last_commit(0);
    assert_eq!(summary["documents"].as_array().unwrap().len(), 0);
    assert_eq!(summary["changed"], false);
    // Texts with neither articles nor numbered sections are listed, not compared.
    let skipped = summary["skipped"].as_array().unwrap();
    let paths: Vec<&str> = skipped.iter().map(|s| s["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["README.md", "notes.txt"]);
    for s in skipped {
        assert!(s["reason"].as_str().unwrap().starts_with("no articles and no numbered sections"), "{s}");
    }
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(md.starts_with("### lexdiff: no legal text changed"), "{md}");
}

/// A work report has no articles: it is compared as a report (sections and paragraphs),
/// as `lexdiff diff --files` would, without `--kind`.
#[test]
fn a_report_without_articles_is_compared_as_a_report() {
    let t = Texts::new();
    let report = |v: &str| repo_root().join(format!("versions/gov-work-report-national/{v}.txt"));
    t.commit_file("reports/national.txt", &report("2024"), "2024-03-05T00:00:00+08:00", "2024 report");
    t.commit_file("reports/national.txt", &report("2025"), "2025-03-05T00:00:00+08:00", "2025 report");
    let (out, summary) = t.ci_since_last_commit(1);
    assert_eq!(summary["skipped"].as_array().unwrap().len(), 0, "{summary}");
    let c = &summary["documents"][0]["comparisons"][0];
    // The same rows as the differ's on the two files.
    let map = t.files_map(&report("2024"), &report("2025"));
    let expected = support::kinds_in_map(&map);
    assert!(expected["modified"] > 10, "{expected:?}");
    for (kind, n) in &expected {
        assert_eq!(c["counts"][kind].as_u64(), Some(*n), "{kind}");
    }
    assert!(out.join(c["href"].as_str().unwrap()).is_file());
    // The 2025 report has no title line: the title is the 2024 report's.
    assert_eq!(summary["documents"][0]["title"], "政府工作报告", "{summary}");
}

/// `--path` limits the run to files at or under the paths given: a report changed in the
/// same commit as a law is not looked at when only `laws/` is asked for.
#[test]
fn paths_limit_the_files_reported() {
    let t = Texts::new();
    let report = |v: &str| repo_root().join(format!("versions/gov-work-report-national/{v}.txt"));
    std::fs::create_dir_all(t.path().join("reports")).unwrap();
    std::fs::copy(report("2024"), t.path().join("reports/national.txt")).unwrap();
    t.commit_file("laws/secrecy.txt", &secrecy("2010"), "2010-04-29T00:00:00+08:00", "2010");
    std::fs::copy(report("2025"), t.path().join("reports/national.txt")).unwrap();
    t.commit_file("laws/secrecy.txt", &secrecy("2024"), "2024-02-27T00:00:00+08:00", "2024");
    let r = t.path().to_str().unwrap();
    let documents = |args: &[&str]| {
        let (code, _, err) = t.lexdiff(&[&["ci", "--base", "HEAD~1"][..], args].concat());
        assert_eq!(code, 1, "{err}");
        let summary: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(t.path().join("lexdiff-ci/summary.json")).unwrap())
                .unwrap();
        let paths: Vec<String> = summary["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["path"].as_str().unwrap().to_string())
            .collect();
        paths
    };
    assert_eq!(documents(&[]), ["laws/secrecy.txt", "reports/national.txt"]);
    assert_eq!(documents(&["--repo", r, "--path", "laws/"]), ["laws/secrecy.txt"]);
    assert_eq!(documents(&["--repo", r, "--path", "reports/national.txt"]), ["reports/national.txt"]);
    assert_eq!(documents(&["--repo", r, "--path", "."]).len(), 2);
    // Without --path, the whole repository (docs/ci.md: `lexdiff ci --repo .lexdiff/store …`).
    assert_eq!(documents(&["--repo", r]).len(), 2);
    // `law` is no folder of `laws/secrecy.txt`.
    let (code, _, err) = t.lexdiff(&["ci", "--base", "HEAD~1", "--repo", r, "--path", "law"]);
    assert_eq!(code, 0, "{err}");
}

/// A placeholder replaced by a law: the file was not one document all along, and there
/// is no earlier law to compare with.
#[test]
fn a_placeholder_replaced_by_a_law_is_skipped_with_the_reason() {
    let t = Texts::new();
    std::fs::create_dir_all(t.path().join("laws")).unwrap();
    std::fs::write(t.path().join("laws/secrecy.txt"), "to do: the text\n").unwrap();
    t.git(&["add", "-A"], "2010-01-01T00:00:00+08:00");
    t.git(&["commit", "-q", "-m", "placeholder"], "2010-01-01T00:00:00+08:00");
    t.commit_file("laws/secrecy.txt", &secrecy("2024"), "2024-02-27T00:00:00+08:00", "2024 text");
    let (_, summary) = t.ci_since_last_commit(0);
    assert_eq!(summary["documents"].as_array().unwrap().len(), 0);
    let reason = summary["skipped"][0]["reason"].as_str().unwrap();
    assert!(reason.starts_with("the newest version is a law, but laws/secrecy.txt@"), "{reason}");
    assert!(reason.ends_with("has no articles (give --kind to compare it anyway)"), "{reason}");
}

/// A changed text that does not parse fails the run (exit 2) with its file and line, once
/// the other changed texts are reported: it is listed among the files not compared.
#[test]
fn a_text_that_does_not_parse_is_an_error_naming_file_and_line() {
    let t = Texts::new();
    t.commit_file("laws/secrecy.txt", &secrecy("2010"), "2010-04-29T00:00:00+08:00", "2010 text");
    let elsewhere = tempfile::tempdir().unwrap();
    let broken = elsewhere.path().join("broken.txt");
    let text = std::fs::read_to_string(secrecy("2024")).unwrap().replace("第六条 ", "第五条 ");
    std::fs::write(&broken, text).unwrap();
    std::fs::copy(secrecy("2024"), t.path().join("laws/secrecy-copy.txt")).unwrap();
    t.commit_file("laws/secrecy.txt", &broken, "2024-02-27T00:00:00+08:00", "2024 text, mistyped");
    let (code, _, err) = t.lexdiff(&["ci", "--base", "HEAD~1"]);
    assert_eq!(code, 2);
    assert!(err.contains("laws/secrecy.txt@") && err.contains(": duplicate article 第五条"), "{err}");
    assert!(err.contains("1 changed file(s) could not be read; the others are reported"), "{err}");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(t.path().join("lexdiff-ci/summary.json")).unwrap())
            .unwrap();
    validate(&summary);
    assert_eq!(summary["documents"][0]["path"], "laws/secrecy-copy.txt");
    let skipped = &summary["skipped"][0];
    assert_eq!(skipped["path"], "laws/secrecy.txt");
    assert!(skipped["reason"].as_str().unwrap().starts_with("does not read: laws/secrecy.txt@"), "{skipped}");
}

#[test]
fn three_shards_merged_equal_one_run() {
    let t = Texts::new();
    let docs = [
        "state-secrets-law",
        "charity-law",
        "road-transport-regulations",
        "labor-contract-law",
        "statistics-law",
    ];
    let versions = |d: &str| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(repo_root().join("versions").join(d))
            .unwrap()
            .filter_map(|e| e.unwrap().file_name().to_string_lossy().strip_suffix(".txt").map(str::to_string))
            .collect();
        v.sort();
        v
    };
    for d in docs {
        let v = versions(d);
        t.commit_file(
            &format!("{d}.txt"),
            &repo_root().join(format!("versions/{d}/{}.txt", v[0])),
            "2001-01-01T00:00:00+08:00",
            d,
        );
    }
    t.git(&["tag", "base"], "2001-01-01T00:00:00+08:00");
    for d in docs {
        let v = versions(d);
        for later in &v[1..] {
            t.commit_file(
                &format!("{d}.txt"),
                &repo_root().join(format!("versions/{d}/{later}.txt")),
                "2020-01-01T00:00:00+08:00",
                &format!("{d} {later}"),
            );
        }
    }
    let (code, _, err) = t.lexdiff(&["ci", "--base", "base", "--out", "one"]);
    assert_eq!(code, 1, "{err}");
    for k in 1..=3 {
        let (code, _, err) = t.lexdiff(&[
            "ci",
            "--base",
            "base",
            "--shard",
            &format!("{k}/3"),
            "--out",
            &format!("shard-{k}"),
        ]);
        assert!(code == 0 || code == 1, "{err}");
    }
    let (code, _, err) = t.lexdiff(&["site", "merge", "shard-1", "shard-2", "shard-3", "--out", "merged"]);
    assert_eq!(code, 1, "{err}");
    let (one, merged) = (snapshot(&t.path().join("one")), snapshot(&t.path().join("merged")));
    assert_eq!(one.keys().collect::<Vec<_>>(), merged.keys().collect::<Vec<_>>());
    for (path, bytes) in &one {
        assert!(merged[path] == *bytes, "{path:?} differs");
    }
    // The merged site's search index lists every document (the same bytes as one run's,
    // checked above), and each document's script is there.
    let index = String::from_utf8(one[&std::path::PathBuf::from("site/_search/index.js")].clone()).unwrap();
    let index: serde_json::Value = serde_json::from_str(
        index.strip_prefix("window.lexdiffIndex = ").and_then(|s| s.strip_suffix(";\n")).unwrap(),
    )
    .unwrap();
    let listed: Vec<&str> =
        index["documents"].as_array().unwrap().iter().map(|d| d[0].as_str().unwrap()).collect();
    assert_eq!(listed.len(), docs.len(), "{listed:?}");
    for id in listed {
        let script = std::path::Path::new("site").join(id).join("search.js");
        assert!(merged.contains_key(&script), "{} missing", script.display());
    }
    // Each shard took some documents, and none twice.
    let total: usize = (1..=3)
        .map(|k| {
            let s: serde_json::Value = serde_json::from_str(
                &std::fs::read_to_string(t.path().join(format!("shard-{k}/summary.json"))).unwrap(),
            )
            .unwrap();
            s["documents"].as_array().unwrap().len()
        })
        .sum();
    assert_eq!(total, docs.len());
}

/// A commit that changes only a law's title (`将法律名称修改为…`) is a change: the
/// summary names both titles, and the run exits 1.
#[test]
fn a_renamed_law_is_a_change() {
    let t = Texts::new();
    t.commit_file("laws/secrecy.txt", &secrecy("2024"), "2024-02-27T00:00:00+08:00", "2024 text");
    let text = std::fs::read_to_string(secrecy("2024")).unwrap();
    let renamed = text.replacen("中华人民共和国保守国家秘密法\n", "中华人民共和国国家秘密保护法\n", 1);
    assert_ne!(renamed, text);
    std::fs::write(t.path().join("laws/secrecy.txt"), renamed).unwrap();
    t.commit_all("2025-01-01T00:00:00+08:00", "renamed");
    let (out, summary) = t.ci_since_last_commit(1);
    assert_eq!(summary["changed"], true);
    let c = &summary["documents"][0]["comparisons"][0];
    assert_eq!(c["changed_rows"], 0);
    assert_eq!(c["title_changed"]["old"], "中华人民共和国保守国家秘密法");
    assert_eq!(c["title_changed"]["new"], "中华人民共和国国家秘密保护法");
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(
        md.contains(": renamed ~~中华人民共和国保守国家秘密法~~ → 中华人民共和国国家秘密保护法;"),
        "{md}"
    );
    // The report shows both titles.
    let html = std::fs::read_to_string(out.join(c["href"].as_str().unwrap())).unwrap();
    assert!(
        html.contains(r#"<dd class="renamed">名称 title: <del>中华人民共和国保守国家秘密法</del></dd>"#),
        "{html}"
    );
    assert!(html.contains(r#"<dd class="renamed">名称 title: <ins>中华人民共和国国家秘密保护法</ins></dd>"#));
    assert!(html.contains("<p>Renamed; 65 → 65 条; 0 changed;"));
    // So does the site's index, where no row changed.
    let index = std::fs::read_to_string(out.join("site/index.html")).unwrap();
    assert!(
        index.contains(
            r#"<span class="changes"><span class="renamed" title="renamed">名称修改</span></span>"#
        ),
        "{index}"
    );
}

/// A lexdiff project commits its versions folder (`versions/<doc>/document.yaml` and a file
/// per version, as `lexdiff add` writes them). There a version is a file: the one `add`
/// wrote is a new version of its document, compared with the one before it, with the
/// folder's reviewed alignments, as `lexdiff build` compares them.
#[test]
fn a_version_added_to_a_versions_folder_is_compared_with_the_one_before() {
    let t = Texts::new();
    std::fs::write(t.path().join(".gitignore"), ".lexdiff/\nlexdiff-ci/\nsite/\n").unwrap();
    let add = |v: &str, adopted: &str| {
        let file = secrecy(v);
        let (code, _, err) = t.lexdiff(&[
            "add",
            "state-secrets-law",
            file.to_str().unwrap(),
            "--version",
            v,
            "--adopted",
            adopted,
            "--kind",
            "law",
        ]);
        assert_eq!(code, 0, "{err}");
    };
    add("2010", "2010-04-29");
    t.commit_all("2010-04-29T00:00:00+08:00", "2010 text");
    add("2024", "2024-02-27");
    // A reviewed override for the new pair, as `build` would apply it: 8 → 12 forbidden.
    let map = t.files_map(&secrecy("2010"), &secrecy("2024"));
    assert!(map.lines().any(|r| r.starts_with("8\t12\t")), "{map}");
    let alignments = t.path().join("versions/state-secrets-law/alignments");
    std::fs::create_dir_all(&alignments).unwrap();
    std::fs::write(alignments.join("2010..2024.tsv"), "old\tnew\tkind\n8\t12\tforbid\n").unwrap();
    t.commit_all("2024-02-27T00:00:00+08:00", "2024 text");
    let (out, summary) = t.ci_since_last_commit(1);
    let docs = summary["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1, "{summary}");
    let d = &docs[0];
    assert_eq!(
        (d["id"].as_str(), d["path"].as_str()),
        (Some("state-secrets-law"), Some("versions/state-secrets-law"))
    );
    let labels: Vec<&str> =
        d["versions"].as_array().unwrap().iter().map(|v| v["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["2010", "2024"]);
    assert_eq!(d["versions"][1]["adopted"], "2024-02-27");
    // Each version names the commit that brought its text.
    let commit = |rev: &str| support::git(t.path(), &["rev-parse", rev]).trim().to_string();
    assert_eq!(d["versions"][0]["commit"], commit("HEAD~1"));
    assert_eq!(d["versions"][1]["commit"], commit("HEAD"));
    // The same report as `build` makes of the project.
    let (code, _, err) = t.lexdiff(&["build", "--out", "site"]);
    assert_eq!(code, 0, "{err}");
    let page = "state-secrets-law/compare/2010..2024.html";
    let c = &d["comparisons"][0];
    assert_eq!(c["href"], format!("site/{page}"));
    let ci_page = std::fs::read_to_string(out.join("site").join(page)).unwrap();
    let built = std::fs::read_to_string(t.path().join("site").join(page)).unwrap();
    // A pull request's reports are not a publication: no feeds, where `build` has them.
    assert!(
        t.path().join("site/feed.xml").is_file()
            && t.path().join("site/state-secrets-law/feed.xml").is_file()
    );
    assert!(!out.join("site/feed.xml").exists() && !out.join("site/state-secrets-law/feed.xml").exists());
    assert!(!ci_page.contains("application/atom+xml") && built.contains("application/atom+xml"));
    let rows = |html: &str| html.matches("<tr").count();
    assert!(rows(&ci_page) > 60 && rows(&ci_page) == rows(&built), "{} and {}", rows(&ci_page), rows(&built));
    // The override is applied: old 8 has no successor (it had none but new 12).
    assert_eq!(c["counts"]["deleted"], 1, "{c}");
    // The counts are the differ's with the override.
    let (_, map, _) = t.lexdiff(&["diff", "state-secrets-law", "2010", "2024", "--format", "map"]);
    assert!(!map.lines().any(|r| r.starts_with("8\t12\t")), "{map}");
    for (kind, n) in support::kinds_in_map(&map) {
        assert_eq!(c["counts"][&kind].as_u64(), Some(n), "{kind}");
    }
    // `--repo` reads the folder so too: one document, its versions as `document.yaml` has them.
    let (code, repo_map, err) =
        t.lexdiff(&["--repo", ".", "diff", "state-secrets-law", "2010", "2024", "--format", "map"]);
    assert_eq!((code, repo_map.as_str()), (1, map.as_str()), "{err}");
    // Its reviewed alignments are the repository's, wherever the command runs.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_lexdiff"))
        .args([
            "--repo",
            t.path().to_str().unwrap(),
            "diff",
            "state-secrets-law",
            "2010",
            "2024",
            "--format",
            "map",
        ])
        .current_dir(elsewhere.path())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), map);
    let (_, list, _) = t.lexdiff(&["--repo", ".", "list"]);
    let listed: Vec<&str> = list.lines().map(|l| l.split_whitespace().next().unwrap()).collect();
    assert_eq!(listed, ["state-secrets-law", "2010", "2024"], "{list}");
    // A corrected text of the older version is compared again with the one after it.
    let corrected =
        std::fs::read_to_string(secrecy("2010")).unwrap().replacen("保守国家秘密", "保守国家的秘密", 1);
    std::fs::write(t.path().join("versions/state-secrets-law/2010.txt"), corrected).unwrap();
    t.commit_all("2025-01-01T00:00:00+08:00", "2010 text corrected");
    let (_, summary) = t.ci_since_last_commit(1);
    let d = &summary["documents"][0];
    let compared: Vec<(&str, &str)> = d["comparisons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["old"].as_str().unwrap(), c["new"].as_str().unwrap()))
        .collect();
    assert_eq!(compared, [("2010", "2024")]);
    assert_eq!(d["versions"][0]["commit"], commit("HEAD"));
    // A commit that only touches the metadata brings no version.
    let yaml = t.path().join("versions/state-secrets-law/document.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, text + "# reviewed\n").unwrap();
    t.commit_all("2025-01-02T00:00:00+08:00", "a comment");
    let (_, summary) = t.ci_since_last_commit(0);
    assert_eq!(summary["documents"].as_array().unwrap().len(), 0, "{summary}");
    // A text that `document.yaml` does not list is no version: said, not compared.
    std::fs::copy(secrecy("2024"), t.path().join("versions/state-secrets-law/2030.txt")).unwrap();
    t.commit_all("2025-01-02T12:00:00+08:00", "a text without metadata");
    let (_, summary) = t.ci_since_last_commit(0);
    assert_eq!(summary["skipped"][0]["path"], "versions/state-secrets-law", "{summary}");
    let reason = summary["skipped"][0]["reason"].as_str().unwrap();
    assert_eq!(reason, "versions/state-secrets-law/document.yaml lists no version named 2030");
    // Metadata that does not read fails the run, naming the file and the line.
    let text = std::fs::read_to_string(&yaml).unwrap();
    assert!(text.contains("adopted: 2024-02-27"), "{text}");
    std::fs::write(&yaml, text.replace("adopted: 2024-02-27", "adopted: 2024-02-30")).unwrap();
    let v2024 = t.path().join("versions/state-secrets-law/2024.txt");
    let text = std::fs::read_to_string(&v2024).unwrap();
    std::fs::write(&v2024, text.replacen("保守国家秘密", "保守国家的秘密", 1)).unwrap();
    t.commit_all("2025-01-03T00:00:00+08:00", "a mistyped date");
    let (code, _, err) = t.lexdiff(&["ci", "--base", "HEAD~1"]);
    assert_eq!(code, 2, "{err}");
    let line =
        std::fs::read_to_string(&yaml).unwrap().lines().position(|l| l.contains("2024-02-30")).unwrap() + 1;
    assert!(err.contains(&format!("versions/state-secrets-law/document.yaml:{line}:")), "{err}");
}

/// A project that publishes its reports from the repository commits the site lexdiff
/// built. Its Markdown and Word reports are lexdiff's output: set aside as the site they
/// are, not read as texts (with every article in them twice, they would not parse), in
/// `ci` and in `--repo` alike.
#[test]
fn a_committed_report_site_is_set_aside() {
    let t = Texts::new();
    t.commit_file("laws/secrecy.txt", &secrecy("2010"), "2010-04-29T00:00:00+08:00", "2010 text");
    t.commit_file("laws/secrecy.txt", &secrecy("2024"), "2024-02-27T00:00:00+08:00", "2024 text");
    let (code, _, err) = t.lexdiff(&["--repo", ".", "build", "--out", "docs"]);
    assert_eq!(code, 0, "{err}");
    let reports = support::names_in(&t.path().join("docs/secrecy/compare"), |n| {
        n.ends_with(".md") || n.ends_with(".docx")
    });
    assert_eq!(reports.len(), 2, "{reports:?}");
    t.commit_all("2024-03-01T00:00:00+08:00", "reports");
    let (_, summary) = t.ci_since("HEAD~2", 1);
    let paths: Vec<&str> =
        summary["documents"].as_array().unwrap().iter().map(|d| d["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["laws/secrecy.txt"]);
    let skipped = summary["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{summary}");
    assert_eq!(skipped[0]["path"], "docs/");
    assert!(skipped[0]["reason"].as_str().unwrap().starts_with("a report site lexdiff built"), "{summary}");
    // A later build changes the site only: nothing to report.
    std::fs::write(t.path().join("docs/secrecy/compare/notes.md"), "第一条 甲。\n第一条 乙。\n").unwrap();
    t.commit_all("2024-03-02T00:00:00+08:00", "a note in the site");
    let (_, summary) = t.ci_since_last_commit(0);
    assert_eq!(summary["documents"].as_array().unwrap().len(), 0, "{summary}");
    // `--repo` reads the one law.
    let (code, list, err) = t.lexdiff(&["--repo", ".", "list"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(list.lines().filter(|l| !l.starts_with(' ')).count(), 1, "{list}");
    assert!(err.contains("left out docs/: a report site lexdiff built"), "{err}");
}

/// A `document.yaml` that is not lexdiff's (no `versions:` list) beside texts leaves them
/// texts of their own, each file a document whose commits are its versions.
#[test]
fn another_document_yaml_makes_no_versions_folder() {
    let t = Texts::new();
    std::fs::create_dir_all(t.path().join("laws")).unwrap();
    std::fs::write(t.path().join("laws/document.yaml"), "collection: laws of the PRC\nmaintainer: t\n")
        .unwrap();
    t.commit_file("laws/secrecy.txt", &secrecy("2010"), "2010-04-29T00:00:00+08:00", "2010 text");
    t.commit_file("laws/secrecy.txt", &secrecy("2024"), "2024-02-27T00:00:00+08:00", "2024 text");
    let (_, summary) = t.ci_since_last_commit(1);
    let d = &summary["documents"][0];
    assert_eq!(
        (d["id"].as_str(), d["path"].as_str()),
        (Some("laws-secrecy"), Some("laws/secrecy.txt")),
        "{summary}"
    );
    assert_eq!(d["comparisons"].as_array().unwrap().len(), 1, "{summary}");
}
