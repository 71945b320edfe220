//! The draft amending decision (`diff --format decision`) on every revision of every
//! bundled law: a reader who carries out its instructions on the old text gets the new
//! text, and every change of the comparison is in it once.

mod support;

use std::collections::{BTreeMap, BTreeSet};

use lexdiff::align::{Overrides, RowKind};
use lexdiff::compare::{CompareOptions, Comparison, Header, compare};
use lexdiff::decision::{Decision, DecisionOptions, Edit, Form, Item, apply, decision};
use lexdiff::model::{Date, Kind};
use lexdiff::normalize::normalize;
use lexdiff::versions::VersionsDir;
use support::{bundled_document_ids, repo_root};

/// Every pair of consecutive versions of every bundled law, compared.
fn revisions() -> Vec<(String, Comparison)> {
    let (dir, _) = VersionsDir::open(&repo_root().join("versions"), Date::new(2100, 1, 1).unwrap()).unwrap();
    let mut out = Vec::new();
    for id in bundled_document_ids() {
        let d = dir.document(&id).unwrap();
        if d.meta.kind != Kind::Law {
            continue;
        }
        let labels: Vec<String> = d.chronological().iter().map(|v| v.label.to_string()).collect();
        for pair in labels.windows(2) {
            let (old, new) = (d.load(&pair[0]).unwrap().document, d.load(&pair[1]).unwrap().document);
            let c = compare(Header::default(), &old, &new, &Overrides::default(), &CompareOptions::default());
            out.push((format!("{id} {}→{}", pair[0], pair[1]), c));
        }
    }
    out
}

/// Which item each old and new article is in.
#[derive(Default)]
struct Places {
    old: BTreeMap<usize, Vec<&'static str>>,
    new: BTreeMap<usize, Vec<&'static str>>,
}

/// An article amended by its own item, by items it shares with others, or both.
fn amend(p: &mut Places, index: usize) {
    let at = p.old.entry(index).or_default();
    if !at.contains(&"amend") {
        at.push("amend");
    }
}

fn places(d: &Decision) -> Places {
    let mut p = Places::default();
    for item in &d.items {
        match item {
            Item::Amend { article, .. } => amend(&mut p, article.index),
            Item::Shared { edits } => edits.iter().for_each(|(a, _)| amend(&mut p, a.index)),
            Item::Restate { old, new, moved } => {
                for (side, articles) in [(&mut p.old, old), (&mut p.new, new)] {
                    for a in articles {
                        let at = side.entry(a.index).or_default();
                        at.extend(moved.then_some("move"));
                        at.push("restate");
                    }
                }
            }
            Item::Add { new } => new.iter().for_each(|a| p.new.entry(a.index).or_default().push("add")),
            Item::Delete { old } => old.iter().for_each(|a| p.old.entry(a.index).or_default().push("delete")),
            Item::Move { old, new } => {
                p.old.entry(old.index).or_default().push("move");
                p.new.entry(new.index).or_default().push("move");
            }
            Item::Title { .. } | Item::Heading { .. } => {}
        }
    }
    p
}

#[test]
fn carrying_out_the_decision_on_every_bundled_law_gives_the_new_text() {
    let mut forms: BTreeMap<&str, usize> = BTreeMap::new();
    let mut amended = 0;
    let mut shared = 0;
    for (name, c) in revisions() {
        let d = decision(&c, &DecisionOptions::default()).unwrap();
        let p = places(&d);
        let mut edits: BTreeMap<usize, Vec<Edit>> = BTreeMap::new();
        for item in &d.items {
            match item {
                Item::Amend { article, edits: e } => {
                    edits.entry(article.index).or_default().extend(e.iter().cloned())
                }
                Item::Shared { edits: e } => {
                    for (a, e) in e {
                        edits.entry(a.index).or_default().push(e.clone());
                    }
                    shared += 1;
                }
                _ => {}
            }
        }
        for row in &c.rows {
            let (o, n) = (row.old.as_ref(), row.new.as_ref());
            let at_old = |o: &lexdiff::compare::UnitView| p.old.get(&o.index).cloned().unwrap_or_default();
            let at_new = |n: &lexdiff::compare::UnitView| p.new.get(&n.index).cloned().unwrap_or_default();
            let context =
                format!("{name}: {:?} {:?} → {:?}", row.kind, o.map(|u| &u.label), n.map(|u| &u.label));
            match row.kind {
                RowKind::Added => assert_eq!(at_new(n.unwrap()), ["add"], "{context}"),
                RowKind::Deleted => assert_eq!(at_old(o.unwrap()), ["delete"], "{context}"),
                RowKind::Split | RowKind::Merged => {
                    assert_eq!(at_old(o.unwrap()), ["restate"], "{context}");
                    assert_eq!(at_new(n.unwrap()), ["restate"], "{context}");
                }
                _ if row.repealed => assert_eq!(at_old(o.unwrap()), ["delete"], "{context}"),
                RowKind::Unchanged | RowKind::Renumbered | RowKind::Modified => {
                    let (o, n) = (o.unwrap(), n.unwrap());
                    let mut kinds = at_old(o);
                    // A restated article is named on both sides; amended, only by its old number.
                    let on_new: Vec<&str> = kinds.iter().copied().filter(|&k| k != "amend").collect();
                    assert_eq!(at_new(n), on_new, "{context}");
                    if row.moved && o.label != n.label {
                        assert!(kinds.contains(&"move"), "{context}");
                        kinds.retain(|&k| k != "move");
                    }
                    match kinds.as_slice() {
                        [] => assert_eq!(normalize(&o.text), normalize(&n.text), "{context}: left out"),
                        ["restate"] => assert!(row.kind == RowKind::Modified, "{context}"),
                        ["amend"] => {
                            let applied = apply(&o.text, &edits[&o.index])
                                .unwrap_or_else(|e| panic!("{context}: {e}\n{:#?}", edits[&o.index]));
                            assert_eq!(
                                normalize(&applied),
                                normalize(&n.text),
                                "{context}\n{:#?}",
                                edits[&o.index]
                            );
                            amended += 1;
                            for e in &edits[&o.index] {
                                let form = match e.form {
                                    Form::Replace => "replace",
                                    Form::Delete => "delete",
                                    Form::InsertAfter => "insert after",
                                    Form::InsertBefore => "insert before",
                                    Form::Everywhere { .. } => "everywhere",
                                    Form::Line => "line",
                                    Form::AddLine => "add line",
                                    Form::DeleteLine => "delete line",
                                };
                                *forms.entry(form).or_default() += 1;
                            }
                        }
                        other => panic!("{context}: in {other:?}"),
                    }
                }
            }
        }
        // Nothing is said of an article that did not change.
        let changed: BTreeSet<usize> = c
            .rows
            .iter()
            .filter(|r| r.kind.is_change())
            .filter_map(|r| r.old.as_ref().map(|u| u.index))
            .collect();
        for old in p.old.keys() {
            assert!(changed.contains(old), "{name}: old unit {old} is in the decision but did not change");
        }
    }
    // The corpus exercises every wording, and many articles are amended word by word.
    for form in [
        "replace",
        "delete",
        "insert after",
        "insert before",
        "everywhere",
        "line",
        "add line",
        "delete line",
    ] {
        assert!(forms.get(form).copied().unwrap_or(0) > 0, "no edit worded as {form}: {forms:?}");
    }
    assert!(shared > 10, "{shared} replacements shared by several articles");
    assert!(amended > 600, "{amended} articles amended word by word");
}

#[test]
fn the_secrecy_laws_decision_reads_as_drafted() {
    let p = support::Project::with_documents(&["state-secrets-law"]);
    let (code, out, err) = p.run(&["diff", "state-secrets-law", "2010", "2024", "--format", "decision"]);
    assert_eq!(code, 1, "{err}");
    // Old numbers for what was there, new ones for what is added; the renumbered
    // cross-reference of old 50 (now 59) is not an instruction of its own.
    assert!(
        out.contains("\n一、在第一条中的“社会主义”后增加“现代化”；在“顺利进行，”后增加“根据宪法，”。\n"),
        "{out}"
    );
    assert!(out.contains("\n二、增加一条，作为第三条：\n“坚持中国共产党对保守国家秘密"), "{out}");
    assert!(
        out.contains("将第十三条分为两条，作为第十七条、第十八条，修改为：\n“第十七条　确定国家秘密的密级"),
        "{out}"
    );
    assert!(out.contains("将第三十五条、第三十六条合并，作为第四十三条，修改为："), "{out}");
    // Moved and rewritten: one instruction; moved alone: one of its own.
    assert!(out.contains("、将第二十四条改为第三十一条，修改为：\n“机关、单位应当加强对信息系统"), "{out}");
    assert!(out.contains("、将第三条改为第五条。\n"), "{out}");
    // Paragraphs and items added whole, the words of the others quoted.
    assert!(out.contains("、将第二十五条第四项中的“邮寄、托运”修改为“寄递、托运”；将第二十五条第五项中的“载体出境。”修改为“载体出境；”；在第二十五条中增加一项，作为第六项：\n“（六）其他违反国家秘密载体保密规定的行为。”\n"), "{out}");
    assert!(out.contains("、在第三十三条中的“军事禁区”后增加“、军事管理区”；在第三十三条中增加一款，作为第二款：\n“涉密军事设施"), "{out}");
    assert!(out.contains("本决定自2024年5月1日起施行。"), "{out}");
    assert!(out.contains("（未逐项列出：42 条仅条文序号变化，1 处引用的条文序号随之变化。）"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn replacements_made_alike_in_several_articles_are_one_instruction() {
    let p = support::Project::with_documents(&["road-transport-regulations"]);
    let (code, out, err) =
        p.run(&["diff", "road-transport-regulations", "2019", "2022", "--format", "decision"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains(
            "\n三、将第十条第一款、第二十四条第一款中的“工商行政管理机关”修改为“市场监督管理部门”。\n"
        ),
        "{out}"
    );
    assert!(out.contains("\n六、将第十二条第一款、第六十三条、第六十四条、第六十六条、"), "{out}");
    // Each replacement is said once.
    assert_eq!(out.matches("“工商行政管理机关”修改为").count(), 1, "{out}");
}

#[test]
fn a_law_written_with_spaces_gets_its_decision_in_english() {
    let p = support::Project::empty();
    std::fs::write(
        p.path().join("old.txt"),
        "Data Act\nArticle 1 This Act protects personal data.\nArticle 2 A controller shall keep records.\nA processor shall keep records too.\nArticle 3 This Act enters into force on 1 January.\n",
    )
    .unwrap();
    std::fs::write(
        p.path().join("new.txt"),
        "Data Act\nArticle 1 This Act protects personal data.\nArticle 2 A controller shall keep written records.\nA processor shall keep records too.\nArticle 3 Each controller shall appoint a data protection officer.\nArticle 4 This Act enters into force on 1 January.\n",
    )
    .unwrap();
    let (code, out, err) = p.run(&["diff", "--files", "old.txt", "new.txt", "--format", "decision"]);
    assert_eq!(code, 1, "{err}");
    insta::assert_snapshot!(out);
}

#[test]
fn a_report_has_no_decision() {
    let p = support::Project::with_documents(&["gov-work-report-national"]);
    let (code, out, err) =
        p.run(&["diff", "gov-work-report-national", "2024", "2025", "--format", "decision"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains("a draft amending decision is for laws; these texts are compared as report"),
        "{err}"
    );
}

#[test]
fn headings_are_named_with_the_heading_they_are_under() {
    let p =
        support::Project::with_documents(&["administrative-reconsideration-law", "agri-product-quality-law"]);
    let out =
        p.run(&["diff", "administrative-reconsideration-law", "2017", "2023", "--format", "decision"]).1;
    assert!(out.contains("、在第二章中增加一节，作为第一节，节名为“行政复议范围”。\n"), "{out}");
    assert!(out.contains("、增加一章，作为第四章，章名为“行政复议审理”。\n"), "{out}");
    assert!(out.contains("、删去第二章“行政复议范围”的章名。\n"), "{out}");
    let out = p.run(&["diff", "agri-product-quality-law", "2018", "2022", "--format", "decision"]).1;
    assert!(
        out.contains("、将第二章“农产品质量安全标准”的章名修改为“农产品质量安全风险管理和标准制定”。\n"),
        "{out}"
    );
}

#[test]
fn the_decision_as_json_holds_what_the_text_says() {
    let p = support::Project::with_documents(&["state-secrets-law"]);
    let (code, out, err) = p.run(&["diff", "state-secrets-law", "2010", "2024", "--format", "decision-json"]);
    assert_eq!(code, 1, "{err}");
    let d: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!((d["old_label"].as_str(), d["new_label"].as_str()), (Some("2010"), Some("2024")));
    assert_eq!((d["renumbered"].as_u64(), d["references"].as_u64()), (Some(42), Some(1)));
    let items = d["items"].as_array().unwrap();
    // Every numbered instruction of the text is an item; an article amended only by a
    // renumbered cross-reference is an item the text leaves to its closing sentence.
    let text = p.run(&["diff", "state-secrets-law", "2010", "2024", "--format", "decision"]).1;
    let numbered = text
        .lines()
        .filter(|l| {
            l.contains('、')
                && l.split('、')
                    .next()
                    .is_some_and(|n| !n.is_empty() && n.chars().all(lexdiff::numerals::is_numeral_char))
        })
        .count();
    let silent = items
        .iter()
        .filter(|i| {
            i["kind"] == "amend" && i["edits"].as_array().unwrap().iter().all(|e| e["reference"] == true)
        })
        .count();
    assert_eq!(items.len(), numbered + silent, "{out}");
    let first = &items[0];
    assert_eq!(first["kind"], "amend");
    assert_eq!(first["article"]["name"], "第一条");
    assert_eq!(first["edits"][0]["form"], "insert_after");
    assert_eq!(
        (first["edits"][0]["old"].as_str(), first["edits"][0]["new"].as_str()),
        (Some("社会主义"), Some("社会主义现代化"))
    );
}
