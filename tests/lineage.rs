//! Lineage and blame across versions (`lexdiff history`, `lexdiff blame`).

mod support;

use serde_json::Value;
use support::{Project, repo_root};

fn json(p: &Project, args: &[&str]) -> Value {
    let out = p.ok(args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// (version of the span, text) for an article's blame.
fn spans(blame: &Value) -> Vec<(String, String)> {
    blame["articles"][0]["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["version"].as_str().unwrap().to_string(), s["text"].as_str().unwrap().to_string()))
        .collect()
}

/// The version the blame gives for the span containing `phrase`.
fn origin_of(blame: &Value, phrase: &str) -> String {
    let s = spans(blame);
    s.iter()
        .find(|(_, t)| t.contains(phrase))
        .map(|(v, _)| v.clone())
        .unwrap_or_else(|| panic!("`{phrase}` is not within one span: {s:?}"))
}

#[test]
fn secrecy_article_34_blames_new_words_on_2024_and_kept_words_on_2010() {
    let p = Project::with_documents(&["state-secrets-law"]);
    let b = json(&p, &["blame", "state-secrets-law@2024", "--article", "34", "--format", "json"]);
    assert_eq!(origin_of(&b, "网络运营者"), "2024");
    for kept in ["应当立即停止传输", "保存有关记录", "删除涉及泄露国家秘密的信息"]
    {
        assert_eq!(origin_of(&b, kept), "2010", "{kept}");
    }
    // The text output says the same.
    let text = p.ok(&["blame", "state-secrets-law@2024", "--article", "34"]);
    assert!(text.starts_with("第三十四条 (34)\n  2024  网络运营者"), "{text}");
}

#[test]
fn road_transport_regulations_across_three_versions() {
    let p = Project::with_documents(&["road-transport-regulations"]);
    let h = json(&p, &["history", "road-transport-regulations", "--article", "10", "--format", "json"]);
    let nodes: Vec<(String, String)> = h["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["version"].as_str().unwrap().into(), n["label"].as_str().unwrap().into()))
        .collect();
    assert_eq!(
        nodes,
        [("2019".into(), "10".into()), ("2022".into(), "10".into()), ("2023".into(), "10".into())]
    );
    let kinds: Vec<&str> =
        h["edges"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["modified", "unchanged"]);
    let b = json(&p, &["blame", "road-transport-regulations@2023", "--article", "10", "--format", "json"]);
    // 工商行政管理机关 became 市场监督管理部门 in 2022; the rest of the sentence is from 2019.
    assert_eq!(origin_of(&b, "市场监督管理部门"), "2022");
    assert_eq!(origin_of(&b, "申请从事客运经营的，应当依法向"), "2019");
    // Item (三) was rewritten in 2022; its number was kept.
    assert_eq!(origin_of(&b, "在直辖市"), "2022");
    assert_eq!(spans(&b).iter().filter(|(_, t)| t.starts_with("（三）")).count(), 1);
    // Article 63 was amended in 2023.
    let h63 = json(&p, &["history", "road-transport-regulations", "--article", "63", "--format", "json"]);
    let last = h63["edges"].as_array().unwrap().last().unwrap();
    assert_eq!(last["to"]["version"], "2023");
    assert_eq!(last["kind"], "modified");
}

#[test]
fn national_reports_across_three_years() {
    let p = Project::with_documents(&["gov-work-report-national"]);
    let h = json(&p, &["history", "gov-work-report-national", "--article", "1.0.1", "--format", "json"]);
    let versions: Vec<&str> =
        h["nodes"].as_array().unwrap().iter().map(|n| n["version"].as_str().unwrap()).collect();
    assert_eq!(versions, ["2023", "2024", "2025"]);
    // 新质生产力 entered the reports in 2024; the 2025 tasks paragraph keeps that origin.
    let b = json(&p, &["blame", "gov-work-report-national@2025", "--article", "3.2.1", "--format", "json"]);
    assert_eq!(origin_of(&b, "发展新质生产力"), "2024");
    assert_eq!(origin_of(&b, "因地制宜"), "2025");
}

#[test]
fn splits_and_merges_make_a_graph() {
    // The 2024 secrecy law plus a third version written by the test: article 5 split in
    // two (its first paragraph stays), articles 13 and 14 merged, the rest renumbered.
    let p = Project::with_documents(&["state-secrets-law"]);
    let text = std::fs::read_to_string(repo_root().join("versions/state-secrets-law/2024.txt")).unwrap();
    let doc = lexdiff::parse::parse(&text, lexdiff::model::Kind::Law).unwrap().document;
    let mut out = String::from("中华人民共和国保守国家秘密法\n");
    let mut n = 0u32;
    let mut heading = 0;
    let mut held: Option<String> = None;
    for u in &doc.units {
        while heading < doc.headings.len() && doc.headings[heading].line < u.line {
            out.push_str(&doc.headings[heading].text);
            out.push('\n');
            heading += 1;
        }
        let lines: Vec<&str> = u.lines().map(|l| l.text).collect();
        let mut emit = |body: &[&str], out: &mut String| {
            n += 1;
            out.push_str(&format!("第{}条 {}\n", lexdiff::numerals::format(n), body.join("\n")));
        };
        match u.label.as_str() {
            "5" => {
                emit(&lines[..1], &mut out);
                emit(&lines[1..], &mut out);
            }
            "13" => held = Some(lines.join("")),
            "14" => {
                let merged = format!("{}{}", held.take().unwrap(), lines.join(""));
                emit(&[&merged], &mut out);
            }
            _ => emit(&lines, &mut out),
        }
    }
    let file = p.path().join("2030.txt");
    std::fs::write(&file, out).unwrap();
    p.ok(&[
        "add",
        "state-secrets-law",
        file.to_str().unwrap(),
        "--version",
        "2025x",
        "--adopted",
        "2025-06-01",
        "--source",
        "made by the test",
    ]);
    // Old article 5 (2024) feeds new 5 and 6. The version is named with --at, or with the
    // document as `show` names it.
    let h = json(&p, &["history", "state-secrets-law", "--article", "5", "--at", "2024", "--format", "json"]);
    for named in ["state-secrets-law@2024", "state-secrets-law/2024"] {
        assert_eq!(json(&p, &["history", named, "5", "--format", "json"]), h, "{named}");
    }
    let (code, _, err) = p.run(&["history", "state-secrets-law@2010", "5", "--at", "2024"]);
    assert_eq!(code, 2);
    assert!(err.contains("name two versions"), "{err}");
    let children: Vec<String> = h["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["from"]["version"] == "2024")
        .map(|e| format!("{} {}", e["to"]["label"].as_str().unwrap(), e["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(children, ["5 split", "6 split"]);
    // New article 14 (old 13 + 14) has two parents in 2024 and reaches back to 2010.
    let h = json(&p, &["history", "state-secrets-law", "--article", "14", "--format", "json"]);
    let parents: Vec<String> = h["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["to"]["version"] == "2025x")
        .map(|e| format!("{} {}", e["from"]["label"].as_str().unwrap(), e["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(parents, ["13 merged", "14 merged"]);
    let versions: std::collections::BTreeSet<&str> =
        h["nodes"].as_array().unwrap().iter().map(|n| n["version"].as_str().unwrap()).collect();
    assert!(versions.contains("2010"), "{versions:?}");
    // Blame follows through the merge: wording unchanged since 2010 stays 2010.
    let b = json(&p, &["blame", "state-secrets-law@2025x", "--article", "6", "--format", "json"]);
    assert_eq!(origin_of(&b, "任何危害国家秘密安全的行为"), "2010");
    assert_eq!(origin_of(&b, "和各人民"), "2024");
}

#[test]
fn an_earlier_version_added_later_rethreads_lineage_and_blame() {
    let src = repo_root().join("versions/road-transport-regulations");
    let p = Project::empty();
    let add = |v: &str, date: &str, extra: &[&str]| {
        let f = src.join(format!("{v}.txt"));
        let mut args =
            vec!["add", "road-transport-regulations", f.to_str().unwrap(), "--version", v, "--adopted", date];
        args.extend_from_slice(extra);
        p.ok(&args);
    };
    add("2022", "2022-03-29", &["--title", "中华人民共和国道路运输条例"]);
    add("2023", "2023-07-20", &[]);
    let b = json(&p, &["blame", "road-transport-regulations@2023", "--article", "10", "--format", "json"]);
    assert_eq!(origin_of(&b, "申请从事客运经营的，应当依法向"), "2022");
    add("2019", "2019-03-02", &[]);
    let b = json(&p, &["blame", "road-transport-regulations@2023", "--article", "10", "--format", "json"]);
    assert_eq!(origin_of(&b, "申请从事客运经营的，应当依法向"), "2019");
    assert_eq!(origin_of(&b, "市场监督管理部门"), "2022");
    let h = json(&p, &["history", "road-transport-regulations", "--article", "10", "--format", "json"]);
    assert_eq!(h["versions"], serde_json::json!(["2019", "2022", "2023"]));
    assert_eq!(h["nodes"].as_array().unwrap().len(), 3);
}

#[test]
fn history_pages_show_lineage_and_blame() {
    let p = Project::with_documents(&["state-secrets-law"]);
    p.ok(&["build"]);
    let html =
        std::fs::read_to_string(p.path().join("reports/state-secrets-law/articles/2024/34.html")).unwrap();
    assert!(html.contains("沿革 Lineage") && html.contains("来源标注 Blame"));
    // (minijinja escapes `/` in HTML as `&#x2f;`.)
    assert!(
        html.contains(r#"<a href="..&#x2f;2010&#x2f;28.html">第二十八条</a>"#),
        "lineage links the 2010 article"
    );
    assert!(
        html.contains(r#"<span class="blame b1" title="since 2024"><sup>2024</sup>网络运营者"#),
        "blame spans carry labels"
    );
    // The comparison report links articles on both sides to their histories.
    let report =
        std::fs::read_to_string(p.path().join("reports/state-secrets-law/compare/2010..2024.html")).unwrap();
    assert!(report.contains(r#"href="..&#x2f;articles&#x2f;2010&#x2f;28.html""#));
    assert!(report.contains(r#"href="..&#x2f;articles&#x2f;2024&#x2f;34.html""#));
}

/// The `<del>` and `<ins>` texts of a piece of a page, in order.
fn marked<'h>(html: &'h str, tag: &str) -> Vec<&'h str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    html.split(open.as_str()).skip(1).map(|p| p.split(close.as_str()).next().unwrap()).collect()
}

/// Each step of an article's history that changed its text shows what it came from, with
/// what the version deleted struck out, beside the text with what it inserted, as the
/// comparison report shows the pair; a split article's source strikes out only the text
/// none of its successors kept.
#[test]
fn history_steps_show_what_each_version_deleted() {
    let p = Project::with_documents(&["road-transport-regulations", "state-secrets-law"]);
    p.ok(&["build", "-q"]);
    let page = |path: &str| std::fs::read_to_string(p.path().join("reports").join(path)).unwrap();
    let steps = |html: &str| -> Vec<String> {
        let start = html.find(r#"<ol class="steps">"#).unwrap();
        html[start..].split(r#"<li class="step">"#).skip(1).map(str::to_string).collect()
    };
    // Road transport regulations art. 63, rewritten in 2022 and in 2023.
    let h63 = steps(&page("road-transport-regulations/articles/2023/63.html"));
    assert_eq!(h63.len(), 3);
    let (before, after) = h63[0].split_once(r#"<div class="after">"#).expect("2023 changed it");
    assert!(before.contains(r#"<p class="was">2022 第六十三条</p>"#), "{before}");
    assert_eq!(marked(before, "ins"), Vec::<&str>::new());
    assert_eq!(
        marked(before, "del"),
        [
            "运输经营的，由县级以上地方人民政府交通运输主管部门责令停止经营；有违法所得",
            "；构成犯罪的，依法追究刑事责任"
        ]
    );
    assert_eq!(marked(after, "del"), Vec::<&str>::new());
    assert!(marked(after, "ins").len() >= 4, "{after}");
    let (before, _) = h63[1].split_once(r#"<div class="after">"#).expect("2022 changed it");
    assert_eq!(marked(before, "del"), ["道路运输管理机构"]);
    assert!(!h63[2].contains("before-after"), "the first version has nothing before it");
    // State secrets law 2024 art. 17, split from 2010 art. 13 with art. 18: 13's third
    // paragraph went to 18 and is not struck out.
    let h17 = steps(&page("state-secrets-law/articles/2024/17.html"));
    let (before, _) = h17[0].split_once(r#"<div class="after">"#).unwrap();
    assert!(before.contains(r#"<p class="was">2010 第十三条</p>"#), "{before}");
    assert!(before.contains("机关、单位执行上级确定的国家秘密事项"));
    assert_eq!(marked(before, "del"), ["市、自治州一级的"]);
    // A step that only renumbered shows the text once.
    let h6 = steps(&page("state-secrets-law/articles/2024/6.html"));
    assert!(h6[0].contains("仅条号变化") && !h6[0].contains("before-after"), "{}", h6[0]);
}

/// `history --patch` prints, after the lineage, what each version changed along it,
/// entry for entry as `diff` prints that comparison (a split with its whole group).
#[test]
fn history_patch_prints_each_versions_changes_as_diff_does() {
    let p = Project::with_documents(&["road-transport-regulations", "state-secrets-law"]);
    p.ok(&["import", "-q"]);
    let out = p.ok(&["history", "road-transport-regulations", "63", "--patch", "--color", "never"]);
    let (table, patch) = out.split_once("\n\n").unwrap();
    assert_eq!(table, p.ok(&["history", "road-transport-regulations", "63", "--color", "never"]).trim_end());
    let steps: Vec<&str> = patch.split("\n\n").collect();
    assert_eq!(steps.len(), 2, "{patch}");
    for (step, (old, new)) in steps.iter().zip([("2019", "2022"), ("2022", "2023")]) {
        let (title, entry) = step.split_once('\n').unwrap();
        assert_eq!(title, format!("{old} → {new}"));
        let (_, diff, _) = p.run(&["diff", "road-transport-regulations", old, new, "--color", "never"]);
        assert!(entry.starts_with("  modified   第六十三条 (63)\n"), "{entry}");
        assert!(diff.contains(entry.trim_end()), "{entry}");
    }
    assert!(steps[0].contains("[-道路运输管理机构-]{+地方人民政府交通运输主管部门+}"));
    assert!(steps[1].contains("[-；构成犯罪的，依法追究刑事责任-]"));
    // A split article brings its group: secrecy law 2024 art. 17 came from 2010 art. 13,
    // which art. 18 shares.
    let out = p.ok(&["history", "state-secrets-law", "17", "-p", "--color", "never"]);
    assert!(
        out.contains("\n2010 → 2024\n  split      第十三条 (13) → 第十七条 (17), 第十八条 (18)\n"),
        "{out}"
    );
    let (code, _, err) = p.run(&["history", "state-secrets-law", "17", "-p", "--format", "json"]);
    assert_eq!(code, 2);
    assert!(err.contains("--patch prints text"), "{err}");
}
