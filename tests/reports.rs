//! Reports: quantitative targets and term changes on the real government work reports.

mod support;

use std::path::Path;

use lexdiff::insights::quantity::{Bound, Direction};
use lexdiff::insights::terms::term_changes;
use lexdiff::insights::{TargetRow, TargetTable, TermKind, TermOptions};
use lexdiff::model::{Date, Document};
use lexdiff::render::insights::targets_markdown;
use lexdiff::versions::VersionsDir;
use serde_json::Value;
use support::Project;

fn load(doc: &str, version: &str) -> Document {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("versions");
    let (dir, _) = VersionsDir::open(&root, Date::new(2100, 1, 1).unwrap()).unwrap();
    dir.document(doc).unwrap().load(version).unwrap().document
}

fn national_table() -> TargetTable {
    let docs: Vec<(&str, Document)> =
        ["2023", "2024", "2025"].into_iter().map(|v| (v, load("gov-work-report-national", v))).collect();
    let named: Vec<(&str, &Document)> = docs.iter().map(|(v, d)| (*v, d)).collect();
    TargetTable::build(&named)
}

fn row<'t>(t: &'t TargetTable, indicator: &str) -> &'t TargetRow {
    let rows: Vec<&TargetRow> = t.rows.iter().filter(|r| r.indicator == indicator).collect();
    assert_eq!(
        rows.len(),
        1,
        "one row for {indicator}: {:#?}",
        t.rows.iter().map(|r| &r.indicator).collect::<Vec<_>>()
    );
    rows[0]
}

/// (value in the unit, unit, bound) of each version's cell.
fn values(r: &TargetRow) -> Vec<Option<(String, String, Bound)>> {
    r.cells
        .iter()
        .map(|c| {
            c.as_ref().map(|s| (s.quantity.value.to_string(), s.quantity.unit.clone(), s.quantity.bound))
        })
        .collect()
}

fn v(value: &str, unit: &str, bound: Bound) -> Option<(String, String, Bound)> {
    Some((value.to_string(), unit.to_string(), bound))
}

#[test]
fn national_targets_2023_2024_2025_hold_the_values_the_texts_state() {
    let t = national_table();
    assert_eq!(t.versions, ["2023", "2024", "2025"]);
    // 国内生产总值增长5%左右, all three years.
    let gdp = row(&t, "国内生产总值增长");
    assert_eq!(values(gdp), vec![v("5", "%", Bound::About); 3]);
    assert!(gdp.changes[1..].iter().all(|c| c.as_ref().unwrap().direction == Direction::Same));
    // 2024 and 2025 restate it as `经济增长预期目标为5%左右`: the same target, not a row.
    assert!(t.rows.iter().all(|r| r.indicator != "经济增长"));
    // 赤字率拟按3%安排 (2023, 2024); 今年赤字率拟按4%左右安排 (2025).
    let deficit = row(&t, "赤字率");
    assert_eq!(
        values(deficit),
        [v("3", "%", Bound::Exact), v("3", "%", Bound::Exact), v("4", "%", Bound::About)]
    );
    let up = deficit.changes[2].as_ref().unwrap();
    assert_eq!((up.direction, up.delta.as_deref()), (Direction::Up, Some("+1个百分点")));
    // The text's own comparison is kept with the statement.
    assert_eq!(deficit.cells[2].as_ref().unwrap().notes, ["比上年提高1个百分点"]);
    // 城镇新增就业1200万人左右 (2023), 1200万人以上 (2024, 2025).
    let jobs = row(&t, "城镇新增就业");
    assert_eq!(
        values(jobs),
        [
            v("12000000", "人", Bound::About),
            v("12000000", "人", Bound::AtLeast),
            v("12000000", "人", Bound::AtLeast)
        ]
    );
    assert_eq!(jobs.changes[1].as_ref().unwrap().bound.as_deref(), Some("左右 → 以上"));
    // 居民消费价格涨幅3%左右, 3%左右, 2%左右.
    let cpi = row(&t, "居民消费价格涨幅");
    assert_eq!(
        values(cpi),
        [v("3", "%", Bound::About), v("3", "%", Bound::About), v("2", "%", Bound::About)]
    );
    assert_eq!(cpi.changes[2].as_ref().unwrap().delta.as_deref(), Some("-1个百分点"));
    // 粮食产量保持在1.3万亿斤以上, 1.3万亿斤以上, 1.4万亿斤左右.
    let grain = row(&t, "粮食产量");
    assert_eq!(
        values(grain),
        [
            v("1300000000000", "斤", Bound::AtLeast),
            v("1300000000000", "斤", Bound::AtLeast),
            v("1400000000000", "斤", Bound::About)
        ]
    );
    assert_eq!(grain.changes[2].as_ref().unwrap().delta.as_deref(), Some("+0.1万亿斤"));
    // Amounts: 地方政府专项债券3.8 → 3.9 → 4.4万亿元; 超长期特别国债 from 2024.
    let bonds = row(&t, "地方政府专项债券");
    assert_eq!(bonds.changes[2].as_ref().unwrap().delta.as_deref(), Some("+0.5万亿元"));
    // 2025 also earmarks 3000亿元 of them `支持消费品以旧换新`: a row of its own, named so.
    let yuan = |value: &str| v(value, "元", Bound::Exact);
    let ultra = row(&t, "超长期特别国债");
    assert_eq!(values(ultra), [None, yuan("1000000000000"), yuan("1300000000000")]);
    let earmarked = row(&t, "超长期特别国债（支持消费品以旧换新）");
    assert_eq!(values(earmarked), [None, None, yuan("300000000000")]);
    // Figures of the review sections are not targets: 2023's 财政赤字率控制在2.8% is absent.
    assert!(t.rows.iter().flat_map(|r| r.cells.iter().flatten()).all(|s| s.quantity.text != "2.8%"));
    // Each value points at the paragraph that states it.
    let cell = gdp.cells[1].as_ref().unwrap();
    assert!(cell.sentence.starts_with("今年发展主要预期目标是"), "{}", cell.sentence);
    assert!(cell.unit.starts_with("2."), "2024's targets are in section 二: {}", cell.unit);
}

/// Hunan 2024 says `散居和集中养育孤儿补贴标准分别提高到1150元/月和1600元/月`, 2025
/// `…提高到不低于1200元/月和1700元/月`: each value is its own subject's, so each follows
/// its own (read as one indicator, 1150 was set against 1700), and `不低于` is said of both.
/// 2025's `城乡低保标准提高到不低于740元/月和485元/月` names urban and rural: the urban
/// one follows 2024's `城市低保标准提高到700元/月`.
#[test]
fn hunan_listed_allowances_follow_their_own_subjects() {
    let docs: Vec<(&str, Document)> =
        ["2024", "2025"].into_iter().map(|v| (v, load("gov-work-report-hunan", v))).collect();
    let named: Vec<(&str, &Document)> = docs.iter().map(|(v, d)| (*v, d)).collect();
    let t = TargetTable::build(&named);
    assert_eq!(
        values(row(&t, "散居养育孤儿补贴标准")),
        [v("1150", "元/月", Bound::Exact), v("1200", "元/月", Bound::AtLeast)]
    );
    assert_eq!(
        values(row(&t, "集中养育孤儿补贴标准")),
        [v("1600", "元/月", Bound::Exact), v("1700", "元/月", Bound::AtLeast)]
    );
    let urban = row(&t, "城镇低保标准");
    assert_eq!(values(urban), [v("700", "元/月", Bound::Exact), v("740", "元/月", Bound::AtLeast)]);
    assert_eq!(urban.changes[1].as_ref().unwrap().delta.as_deref(), Some("+40元/月"));
    // 2024 states the rural standard per year, 2025 per month: one row, compared per month.
    let rural = row(&t, "农村低保标准");
    assert_eq!(values(rural), [v("5400", "元/年", Bound::AtLeast), v("485", "元/月", Bound::AtLeast)]);
    let change = rural.changes[1].as_ref().unwrap();
    assert_eq!(
        (change.delta.as_deref(), change.relative.as_deref(), change.converted.as_deref()),
        (Some("+35元/月"), Some("+7.8%"), Some("5400元/年 = 450元/月"))
    );
    // 2024's `净增高新技术企业1000家以上` is an increase, 2025's `高新技术企业总量突破1.8万家`
    // a total: alike in name, not the same indicator.
    assert_eq!(values(row(&t, "高新技术企业总量")), [None, v("18000", "家", Bound::MoreThan)]);
    assert_eq!(values(row(&t, "净增高新技术企业")), [v("1000", "家", Bound::AtLeast), None]);
    // 2024's `新建和提质改造高标准农田300万亩以上` is 2025's
    // `新增建设和改造提升高标准农田300万亩以上`: reworded verbs, the same farmland.
    let farmland: Vec<&TargetRow> = t.rows.iter().filter(|r| r.indicator.ends_with("高标准农田")).collect();
    assert_eq!(farmland.len(), 1, "{:#?}", farmland.iter().map(|r| &r.indicator).collect::<Vec<_>>());
    assert_eq!(values(farmland[0]), [v("3000000", "亩", Bound::AtLeast), v("3000000", "亩", Bound::AtLeast)]);
}

#[test]
fn national_target_table_snapshot() {
    insta::assert_snapshot!(targets_markdown(&national_table()));
}

#[test]
fn new_quality_productive_forces_are_new_in_2024() {
    let (old, new) = (load("gov-work-report-national", "2023"), load("gov-work-report-national", "2024"));
    let listed = term_changes(&old, &new, &TermOptions::default());
    let top: Vec<&str> = listed.iter().map(|c| c.term.as_str()).collect();
    assert!(top.contains(&"新质生产力"), "in the default listing: {top:?}");
    let changes = term_changes(&old, &new, &TermOptions { limit: usize::MAX, ..TermOptions::default() });
    let new: Vec<&str> =
        changes.iter().filter(|c| c.kind == TermKind::Appeared).map(|c| c.term.as_str()).collect();
    assert!(new.contains(&"新质生产力"), "{new:?}");
    // The coinage is found whole, not as a fragment, and verbs are not terms.
    assert!(!new.iter().any(|t| *t == "质生产力" || *t == "新质" || t.starts_with("发展")), "{new:?}");
    let term = changes.iter().find(|c| c.term == "新质生产力").unwrap();
    assert_eq!((term.old_count, term.in_headings), (0, 1));
    // And gone the other way round: what 2023 said that 2024 no longer does.
    let gone: Vec<&str> =
        changes.iter().filter(|c| c.kind == TermKind::Vanished).map(|c| c.term.as_str()).collect();
    assert!(gone.contains(&"市场主体"), "{gone:?}"); // renamed 经营主体 in 2024
    assert!(new.contains(&"经营主体"), "{new:?}");
}

#[test]
fn diff_json_and_markdown_of_reports_carry_targets_and_terms() {
    let p = Project::with_documents(&["gov-work-report-national"]);
    let (code, out, err) = p.run(&["diff", "gov-work-report-national", "2023", "2024", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    let rows = json["insights"]["targets"]["rows"].as_array().unwrap();
    let gdp = rows.iter().find(|r| r["indicator"] == "国内生产总值增长").unwrap();
    assert_eq!(gdp["cells"][0]["quantity"]["text"], "5%左右");
    assert_eq!(gdp["cells"][0]["quantity"]["value"], 5.0);
    assert_eq!(gdp["cells"][0]["quantity"]["bound"], "about");
    let terms = json["insights"]["terms"].as_array().unwrap();
    assert!(terms.iter().any(|t| t["term"] == "新质生产力" && t["kind"] == "appeared"));

    let (_, md, _) = p.run(&["diff", "gov-work-report-national", "2024", "2025", "--format", "md"]);
    assert!(md.contains("### Targets"), "{md}");
    assert!(md.contains("| 居民消费价格涨幅 | 3%左右 | 2%左右 \\[-1个百分点\\] |"), "{md}");
    assert!(md.contains("### Terms"), "{md}");

    // Laws carry none.
    let p = Project::with_documents(&["state-secrets-law"]);
    let (_, out, _) = p.run(&["diff", "state-secrets-law", "2010", "2024", "--format", "json"]);
    assert!(serde_json::from_str::<Value>(&out).unwrap().get("insights").is_none());
}

#[test]
fn targets_command_follows_indicators_across_all_versions() {
    let p = Project::with_documents(&["gov-work-report-national", "state-secrets-law"]);
    let json: Value =
        serde_json::from_str(&p.ok(&["targets", "gov-work-report-national", "-f", "json"])).unwrap();
    assert_eq!(json["versions"], serde_json::json!(["2023", "2024", "2025"]));
    let text = p.ok(&["targets", "gov-work-report-national", "2025", "2023"]);
    assert!(text.contains("赤字率\n  2023     3%\n  2025     4%左右 [+1个百分点; — → 左右]"), "{text}");
    let (code, _, err) = p.run(&["targets", "state-secrets-law"]);
    assert_eq!(code, 2);
    assert!(err.contains("`state-secrets-law` is a law document"), "{err}");
    let (code, _, err) = p.run(&["targets", "gov-work-report-national", "2022"]);
    assert_eq!(code, 2);
    assert!(err.contains("2022"), "{err}");
}

#[test]
fn hunan_report_page_renders_targets_and_term_changes() {
    let p = Project::with_documents(&["gov-work-report-hunan"]);
    p.ok(&["build"]);
    let html =
        std::fs::read_to_string(p.path().join("reports/gov-work-report-hunan/compare/2024..2025.html"))
            .unwrap();
    assert!(html.contains("量化指标 Targets"), "targets section");
    // 地区生产总值增长6%左右 (2024) → 5.5%左右 (2025), with the change in percentage points.
    let start = html.find("<th scope=\"row\">地区生产总值增长</th>").expect("the GDP row");
    let gdp_row = &html[start..start + html[start..].find("</tr>").unwrap()];
    assert!(gdp_row.contains(">6%左右</a>") && gdp_row.contains(">5.5%左右</a>"), "{gdp_row}");
    assert!(gdp_row.contains("-0.5个百分点"), "{gdp_row}");
    // Each value links to a paragraph anchor that exists on the page.
    let href = gdp_row.split("href=\"#").nth(2).unwrap().split('"').next().unwrap();
    assert!(href.starts_with("new-"), "{href}");
    assert!(html.contains(&format!("id=\"{href}\"")), "anchor {href} exists");
    // Term changes, both ways.
    assert!(html.contains("用语变化 Terms"));
    assert!(html.contains("<ol class=\"terms appeared\"><li><ins>"), "appeared terms listed");
    assert!(html.contains("<ol class=\"terms vanished\"><li><del>"), "vanished terms listed");
    // The document page follows the targets across versions, linking to version pages.
    let doc = std::fs::read_to_string(p.path().join("reports/gov-work-report-hunan/index.html")).unwrap();
    assert!(doc.contains("<th scope=\"row\">粮食产量</th>"), "grain row on the document page");
    assert!(doc.contains("href=\"versions&#x2f;2025.html#a-"), "links to the version text");
}

/// The terminal report names each heading once, in the new version's order, as the HTML
/// report does: a deleted paragraph stays under the heading before it instead of bringing
/// back its old section's name (`一、2023年工作回顾` between rows of `一、2024年工作回顾`).
#[test]
fn terminal_report_names_each_heading_once() {
    let p = Project::with_documents(&["gov-work-report-national"]);
    let (code, out, err) = p.run(&["diff", "gov-work-report-national", "2024", "2025", "--color", "never"]);
    assert_eq!(code, 1, "{err}");
    // The rows' headings, after the list of headings retitled, added or deleted.
    let rows = out.split_once("\nheadings\n").map_or(out.as_str(), |(_, rest)| rest);
    let rows = rows.split_once("\n\n").map_or(rows, |(_, rest)| rest);
    let headings: Vec<&str> = rows.lines().filter(|l| !l.is_empty() && !l.starts_with(' ')).collect();
    assert_eq!(headings.first(), Some(&"一、2024年工作回顾"), "{headings:?}");
    let mut seen = std::collections::HashSet::new();
    assert!(headings.iter().all(|h| seen.insert(*h)), "a heading twice: {headings:?}");
    assert!(!headings.contains(&"一、2023年工作回顾"), "{headings:?}");
    // The deleted paragraph of 2024's review is still listed.
    assert!(out.contains("deleted    ¶ 1.0.3"), "{out}");
}
