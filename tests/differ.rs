//! The differ on real texts: alignment rows, reference renumbering, inline diffs,
//! determinism across thread counts.

mod support;

use std::path::Path;

use lexdiff::align::{Overrides, RowKind};
use lexdiff::compare::{CompareOptions, Comparison, Header, UnitDiff, UnitSide, compare};
use lexdiff::diff::{DiffOptions, Tag, inline_diff};
use lexdiff::model::{Date, Document};
use lexdiff::versions::VersionsDir;
use support::pdf::{Pages, as_from_a_pdf};

fn load(doc: &str, version: &str) -> Document {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("versions");
    let (dir, _) = VersionsDir::open(&root, Date::new(2100, 1, 1).unwrap()).unwrap();
    dir.document(doc).unwrap().load(version).unwrap().document
}

fn comparison(doc: &str, old: &str, new: &str) -> Comparison {
    compare(
        Header::default(),
        &load(doc, old),
        &load(doc, new),
        &Overrides::default(),
        &CompareOptions::default(),
    )
}

fn rows<'c>(c: &'c Comparison, old: &str) -> Vec<&'c lexdiff::compare::ComparedRow> {
    c.rows.iter().filter(|r| r.old.as_ref().is_some_and(|u| u.label == old)).collect()
}

/// Two texts of `kind` parsed and compared.
fn compare_texts(old: &str, new: &str, kind: lexdiff::model::Kind) -> Comparison {
    let parse = |t: &str| lexdiff::parse::parse(t, kind).unwrap().document;
    compare(Header::default(), &parse(old), &parse(new), &Overrides::default(), &CompareOptions::default())
}

/// A bundled version's text.
fn text_of(doc: &str, version: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("versions/{doc}/{version}.txt")),
    )
    .unwrap()
}

/// `lexdiff diff --color never --files OLD NEW ARGS…` on two texts, written to files in a
/// folder of their own (an `-o` output goes there too): the exit code, standard output
/// and the folder.
fn diff_files(old: &str, new: &str, args: &[&str]) -> (Option<i32>, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let (o, n) = (dir.path().join("old.txt"), dir.path().join("new.txt"));
    std::fs::write(&o, old).unwrap();
    std::fs::write(&n, new).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lexdiff"))
        .args(["diff", "--color", "never", "--files"])
        .args([&o, &n])
        .args(args)
        .current_dir(dir.path())
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned(), dir)
}

/// Each row as `(old label, new label, kind)`.
fn labelled(c: &Comparison) -> Vec<(Option<&str>, Option<&str>, RowKind)> {
    c.rows
        .iter()
        .map(|r| (r.old.as_ref().map(|u| u.label.as_str()), r.new.as_ref().map(|u| u.label.as_str()), r.kind))
        .collect()
}

/// Two versions of one paragraph each: every bigram is in every unit, which must not make
/// them share nothing (an IDF of ln(N/df) weighs them all 0, and the pair was shown as one
/// paragraph deleted and another added).
#[test]
fn one_paragraph_against_one_paragraph_is_a_pair() {
    let article = |v: &str| {
        let doc = load("state-secrets-law", v);
        let unit = doc.units.iter().find(|u| u.label == "1").expect("article 1");
        unit.lines().map(|l| l.text.to_string()).collect::<Vec<_>>().join("")
    };
    let (old, new) = (article("2010"), article("2024"));
    let c = compare_texts(&old, &new, lexdiff::model::Kind::Plain);
    assert_eq!(c.rows.len(), 1, "{:?}", c.rows.iter().map(|r| r.kind).collect::<Vec<_>>());
    assert_eq!(c.rows[0].kind, RowKind::Modified);
    let (row, d) = (&c.rows[0], c.rows[0].diff.as_ref().unwrap());
    let n = &row.new.as_ref().unwrap().text;
    let inserted: Vec<&str> =
        d.ops.iter().filter(|op| op.tag == Tag::Insert).map(|op| &n[op.new.clone()]).collect();
    assert_eq!(inserted, ["现代化", "根据宪法，"]);
    assert!(d.ops.iter().all(|op| op.tag != Tag::Delete && op.tag != Tag::Replace), "{:?}", d.ops);
}

#[test]
fn secrecy_old_50_to_new_59_follows_the_renumbering_of_old_28_to_new_34() {
    let c = comparison("state-secrets-law", "2010", "2024");
    let r28 = rows(&c, "28");
    assert_eq!(r28.len(), 1);
    assert_eq!(r28[0].new.as_ref().unwrap().label, "34");
    let r50 = rows(&c, "50");
    assert_eq!(r50.len(), 1);
    let row = r50[0];
    let (o, n) = (row.old.as_ref().unwrap(), row.new.as_ref().unwrap());
    assert_eq!(n.label, "59");
    assert_eq!(row.renumbered_references, 1);
    let op = row.diff.as_ref().unwrap().ops.iter().find(|op| op.reference).unwrap();
    assert_eq!((&o.text[op.old.clone()], &n.text[op.new.clone()]), ("第二十八条", "第三十四条"));
    // The reference is not counted as a substantive change; the rest of the article is.
    assert!(!row.reference_only);
}

#[test]
fn full_width_and_ascii_colons_are_no_change() {
    // labor-contract-law 2007 has 16 ASCII colons where 2012 has '：'; only articles 57,
    // 63, 66 and 92 were amended.
    let c = comparison("labor-contract-law", "2007", "2012");
    let changed: Vec<&str> = c
        .rows
        .iter()
        .filter(|r| r.kind.is_change())
        .map(|r| r.old.as_ref().unwrap().label.as_str())
        .collect();
    assert_eq!(changed, ["57", "63", "66", "92"]);
    assert_eq!(c.stats.counts[&RowKind::Unchanged], 94);
}

/// A law in traditional characters, in Taiwan's layout (`第 1-1 條` alone on its line,
/// the text on the next): articles pair by content, and a reference that only follows the
/// renumbering (`第三條` → `第四條`) is marked so, in the characters it is written in. An
/// illustrative text.
#[test]
fn a_law_in_traditional_characters_is_aligned_by_article() {
    let old = "某某法\n第 一 章 總則\n第 1 條\n為規範管理，特制定本法。\n第 2 條\n主管機關應依第三條規定辦理登記。\n\
               第 3 條\n登記事項由主管機關公告之。\n";
    let new = "某某法\n第 一 章 總則\n第 1 條\n為規範管理，特制定本法。\n第 1-1 條\n本法所稱主管機關，為內政部。\n\
               第 2 條\n主管機關應依第四條規定辦理登記。\n第 3 條\n前條登記應於三十日內為之。\n第 4 條\n登記事項由主管機關公告之。\n";
    let c = compare_texts(old, new, lexdiff::model::Kind::Law);
    assert_eq!(
        labelled(&c),
        [
            (Some("1"), Some("1"), RowKind::Unchanged),
            (None, Some("1-1"), RowKind::Added),
            (Some("2"), Some("2"), RowKind::Modified),
            (None, Some("3"), RowKind::Added),
            (Some("3"), Some("4"), RowKind::Renumbered)
        ]
    );
    assert!(c.rows[2].reference_only, "{:?}", c.rows[2]);
    assert_eq!(c.rows[4].new.as_ref().unwrap().prefix, "第 4 條");
    assert_eq!(c.stats.reference_only, 1);
}

/// A preamble (`序言`, as the Constitution has one) is compared like an article: each of
/// its amendments is a change, not front matter passed over. An illustrative text.
#[test]
fn a_change_in_a_preamble_is_a_change() {
    let text = |preamble: &str| {
        format!(
            "某某法\n目　　录\n　　序　言\n　　第一章　总则\n序　　言\n　　{preamble}\n　　本法规定基本原则。\n\
             第一章　总则\n　　第一条　本法适用于全国。\n"
        )
    };
    let c = compare_texts(
        &text("甲乙丙丁各方共同协商。"),
        &text("甲乙丙丁各方共同平等协商。"),
        lexdiff::model::Kind::Law,
    );
    assert_eq!(
        labelled(&c),
        [(Some("preamble"), Some("preamble"), RowKind::Modified), (Some("1"), Some("1"), RowKind::Unchanged)]
    );
    let row = &c.rows[0];
    let (d, new) = (row.diff.as_ref().unwrap(), &row.new.as_ref().unwrap().text);
    let inserted: Vec<&str> =
        d.ops.iter().filter(|op| op.tag == Tag::Insert).map(|op| &new[op.new.clone()]).collect();
    assert_eq!(inserted, ["平等"]);
    // The summary counts articles: the preamble is none.
    assert_eq!((c.stats.old_units, c.stats.new_units), (1, 1));
}

/// The criminal law keeps a repealed article's number with a placeholder (`第一百九十九条
/// （删去）`). An article repealed the same way pairs with the placeholder that took its
/// place, shown deleted whole; the placeholders, word for word alike, pair by number and
/// not with each other.
#[test]
fn an_article_repealed_in_place_pairs_with_its_placeholder() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("versions/criminal-law/2023.txt"))
            .unwrap();
    assert!(text.contains("\n第一百九十九条 （删去）\n"));
    // Article 198 (insurance fraud) repealed as article 199 was: its paragraphs give way
    // to the placeholder.
    let start = text.find("\n第一百九十八条").unwrap() + 1;
    let end = text.find("\n第一百九十九条").unwrap() + 1;
    let repealed = format!("{}第一百九十八条 （删去）\n{}", &text[..start], &text[end..]);
    let c = compare_texts(&text, &repealed, lexdiff::model::Kind::Law);
    let changed: Vec<_> = labelled(&c).into_iter().filter(|r| r.2 != RowKind::Unchanged).collect();
    assert_eq!(changed, [(Some("198"), Some("198"), RowKind::Modified)]);
    assert!(
        rows(&c, "199")
            .iter()
            .all(|r| r.new.as_ref().unwrap().label == "199" && r.kind == RowKind::Unchanged)
    );
    assert!(rows(&c, "198")[0].repealed && c.rows.iter().filter(|r| r.repealed).count() == 1);
    let shown = lexdiff::render::text::render(&c, false, false);
    assert!(shown.contains("modified   第一百九十八条 (198) (repealed, number kept)\n"), "{shown}");
    let md = lexdiff::render::markdown::render(&c);
    assert!(md.contains("| modified, repealed (number kept) |"), "{md}");
    let diff = rows(&c, "198")[0].diff.as_ref().unwrap();
    assert_eq!(diff.ops.len(), 1, "deleted whole, no bracket kept: {:?}", diff.ops);
    assert_eq!((diff.ops[0].tag, diff.inserted_chars), (Tag::Replace, "（删去）".chars().count()));
    // Back the other way, a placeholder whose number holds an article again is deleted,
    // and the article added: it was not that article.
    let c = compare_texts(&repealed, &text, lexdiff::model::Kind::Law);
    let changed: Vec<_> = labelled(&c).into_iter().filter(|r| r.2 != RowKind::Unchanged).collect();
    assert_eq!(
        changed,
        [(Some("198"), None, RowKind::Deleted), (None, Some("198"), RowKind::Added)],
        "{changed:?}"
    );
}

#[test]
fn a_replaced_word_is_one_replacement() {
    // state-secrets-law 2024, article 5, with 保护 replaced by 保障.
    let old = "国家秘密受法律保护。";
    let new = "国家秘密受法律保障。";
    let d = inline_diff(old, new, &DiffOptions::default());
    let changes: Vec<(&str, &str)> = d
        .ops
        .iter()
        .filter(|o| o.tag != Tag::Equal)
        .map(|o| (&old[o.old.clone()], &new[o.new.clone()]))
        .collect();
    assert_eq!(changes, [("保护", "保障")]);
}

#[test]
fn company_law_splits_and_merges_from_the_gold_map_are_found() {
    let c = comparison("company-law", "2018", "2023");
    let pair = |o: &str, n: &str| {
        c.rows
            .iter()
            .find(|r| {
                r.old.as_ref().is_some_and(|u| u.label == o) && r.new.as_ref().is_some_and(|u| u.label == n)
            })
            .map(|r| r.kind)
    };
    // Gold: old 22 is split into new 25, 26 and 28 (void and revocable resolutions,
    // revocation of registration).
    for n in ["25", "26", "28"] {
        assert_eq!(pair("22", n), Some(RowKind::Split), "22→{n}");
    }
    // Gold: old 88 and old 136 are merged into new 156.
    assert_eq!(pair("88", "156"), Some(RowKind::Merged));
    assert_eq!(pair("136", "156"), Some(RowKind::Merged));
    // Split and merge rows are grouped.
    let g = |o: &str, n: &str| {
        c.rows
            .iter()
            .find(|r| {
                r.old.as_ref().is_some_and(|u| u.label == o) && r.new.as_ref().is_some_and(|u| u.label == n)
            })
            .and_then(|r| r.group)
    };
    assert!(g("22", "25").is_some());
    assert_eq!(g("22", "25"), g("22", "28"));
    assert_ne!(g("22", "25"), g("88", "156"));
}

/// The marks of the unit labelled `label` on `side`, part of a split or a merge: its
/// pieces, and the texts of those marked changed.
fn unit_marks<'c>(c: &'c Comparison, side: UnitSide, label: &str) -> (&'c UnitDiff, Vec<&'c str>) {
    let unit = |index: usize| {
        c.rows
            .iter()
            .find_map(|r| {
                match side {
                    UnitSide::Old => r.old.as_ref(),
                    UnitSide::New => r.new.as_ref(),
                }
                .filter(|u| u.index == index)
            })
            .expect("a unit of a row")
    };
    let u = c
        .unit_diffs
        .iter()
        .find(|u| u.side == side && unit(u.index).label == label)
        .unwrap_or_else(|| panic!("{label} is part of a split or a merge"));
    let text = &unit(u.index).text;
    (u, u.pieces.iter().filter(|p| p.tag != Tag::Equal).map(|p| &text[p.range.clone()]).collect())
}

/// The text of a unit with several partners is deleted (or inserted) only where no
/// partner keeps it. Secrecy law old 13 is split into new 17 and 18: new 18 takes the
/// first sentence of its third paragraph (`机关、单位执行上级确定的国家秘密事项…`) from
/// between text new 17 keeps. Against 17 and 18 joined in that order, a diff had to drop
/// either the sentence or what follows it, and old 13's cell struck the sentence out,
/// counting 51 characters deleted for 8. (The joined diff still counts: pair diffs can
/// match a word an article repeats in the wrong place, as old 43 → new 49 of the
/// supervision law matches `监察机关采取` at its start, not in its third paragraph.)
#[test]
fn text_a_split_article_gave_to_any_successor_is_not_deleted() {
    let c = comparison("state-secrets-law", "2010", "2024");
    let (thirteen, deleted) = unit_marks(&c, UnitSide::Old, "13");
    assert_eq!(deleted, ["市、自治州一级的"]);
    assert_eq!(thirteen.changed_chars, 8, "{deleted:?}");
    // Pieces cover the text in order, and no unit loses more than against its partners
    // joined or any one of them, in every split and merge of the secrecy and company laws.
    for c in [c.clone(), comparison("company-law", "2018", "2023")] {
        assert!(!c.unit_diffs.is_empty());
        for u in &c.unit_diffs {
            let old = u.side == UnitSide::Old;
            let rows: Vec<_> = c
                .rows
                .iter()
                .filter(|r| {
                    if old { r.old.as_ref() } else { r.new.as_ref() }.is_some_and(|x| x.index == u.index)
                })
                .collect();
            let me = if old { &rows[0].old } else { &rows[0].new }.as_ref().unwrap();
            let ends: Vec<usize> = u.pieces.iter().map(|p| p.range.end).collect();
            let starts: Vec<usize> = u.pieces.iter().map(|p| p.range.start).collect();
            assert_eq!(starts[0], 0);
            assert_eq!(&starts[1..], &ends[..ends.len() - 1]);
            assert_eq!(ends.last(), Some(&me.text.len()));
            let count = |d: &lexdiff::diff::InlineDiff| if old { d.deleted_chars } else { d.inserted_chars };
            let partners: Vec<&str> = rows
                .iter()
                .map(|r| if old { &r.new } else { &r.old }.as_ref().unwrap().text.as_str())
                .collect();
            let joined = partners.join("\n");
            let (a, b) = if old { (&me.text, &joined) } else { (&joined, &me.text) };
            let against_joined = count(&inline_diff(a, b, &DiffOptions::default()));
            let fewest =
                rows.iter().map(|r| r.diff.as_ref().map_or(0, count)).chain([against_joined]).min().unwrap();
            assert!(u.changed_chars <= fewest, "{}: {} > {fewest}", me.label, u.changed_chars);
        }
    }
    // Supervision law old 43, whose three paragraphs went in order to new 47, 48 and 49,
    // loses nothing.
    let c = comparison("supervision-law", "2018", "2024");
    let (u, _) = unit_marks(&c, UnitSide::Old, "43");
    assert_eq!(u.changed_chars, 0, "{:?}", u.pieces);
    // The report's cell and count follow.
    let (code, html, _dir) = diff_files(
        &text_of("state-secrets-law", "2010"),
        &text_of("state-secrets-law", "2024"),
        &["--format", "html"],
    );
    assert_eq!(code, Some(1));
    assert!(!html.contains("<del>机关、单位执行上级确定"), "old 13's moved sentence is struck out");
    assert!(html.contains("−8 +"), "old 13's group counts 8 characters deleted");
}

/// The texts between each `open` and the `close` after it.
fn between<'s>(mut s: &'s str, open: &str, close: &str) -> Vec<&'s str> {
    let mut found = Vec::new();
    while let Some((_, rest)) = s.split_once(open) {
        let Some((inside, after)) = rest.split_once(close) else { break };
        found.push(inside);
        s = after;
    }
    found
}

/// The terminal and Markdown reports show a split or merge once, as the HTML report does:
/// each article's text once, marked against all its partners. Row by row, secrecy law
/// old 13's row to new 18 struck out the two paragraphs 13 gave new 17, and old 36's row
/// to new 43 marked all of 43 inserted.
#[test]
fn terminal_and_markdown_show_a_split_once_marked_against_all_partners() {
    let c = comparison("state-secrets-law", "2010", "2024");
    let text = lexdiff::render::text::render(&c, false, false);
    let title = "\n  split      第十三条 (13) → 第十七条 (17), 第十八条 (18)\n      第十三条 (13)\n";
    assert!(text.contains(title), "{text}");
    assert_eq!(text.matches("\n      第十三条 (13)\n").count(), 1, "old 13's text once: {text}");
    assert!(text.contains("\n      → 第十八条 (18) (moved)\n"), "{text}");
    assert!(text.contains("\n  merged     第三十五条 (35), 第三十六条 (36) → 第四十三条 (43)\n"), "{text}");
    let (_, group) = text.split_once(title).unwrap();
    let (thirteen, successors) = group.split_once("\n      → 第十七条 (17)\n").unwrap();
    assert_eq!(between(thirteen, "[-", "-]"), ["市、自治州一级的"]);
    assert!(
        thirteen.contains("\n          机关、单位执行上级确定的国家秘密事项，需要定密的，"),
        "{thirteen}"
    );
    let (seventeen, _) = successors.split_once("\n      → 第十八条").unwrap();
    assert_eq!(between(seventeen, "[-", "-]"), Vec::<&str>::new());
    assert!(between(seventeen, "{+", "+}").contains(&"市级"), "{seventeen}");
    // Old 36's wording stays in 43 unmarked: only its own is struck out.
    let (_, merge) = text.split_once("\n      第三十六条 (36) (moved)\n").unwrap();
    let (thirty_six, forty_three) = merge.split_once("\n      → 第四十三条 (43)\n").unwrap();
    assert!(thirty_six.contains("经过保密教育培训，"), "{thirty_six}");
    assert!(
        !between(forty_three, "{+", "+}").iter().any(|s| s.contains("经过保密教育培训")),
        "{forty_three}"
    );

    // Markdown: one table row, with each article's text in the change column.
    let md = lexdiff::render::markdown::render(&c);
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| 第十三条 (13) |")).collect();
    assert_eq!(rows.len(), 1, "{md}");
    let start = "| 第十三条 (13) | 第十七条 (17)<br>第十八条 (18) | split | **第十三条 (13)**<br>";
    assert!(rows[0].starts_with(start), "{}", rows[0]);
    let (thirteen, rest) = rows[0][start.len()..].split_once("<br><br>**→ 第十七条 (17)**<br>").unwrap();
    assert_eq!(between(thirteen, "~~", "~~"), ["市、自治州一级的"]);
    assert!(rest.contains("<br><br>**→ 第十八条 (18)**, moved<br>"), "{rest}");
    assert!(md.contains("\n| 第三十五条 (35)<br>第三十六条 (36) | 第四十三条 (43) | merged | "), "{md}");

    // A cross-reference that only follows the renumbering, in the text of one article of
    // a split, shows its own side: company law old 183 → new 232 and 233 refers to old
    // 180, now 229.
    let c = comparison("company-law", "2018", "2023");
    let text = lexdiff::render::text::render(&c, false, false);
    assert!(text.contains("公司因本法[~第一百八十条~]"), "{text}");
    assert!(text.contains("公司因本法{~第二百二十九条~}"), "{text}");
    let md = lexdiff::render::markdown::render(&c);
    assert!(md.contains("公司因本法<del>第一百八十条</del>"), "{md}");
    assert!(md.contains("公司因本法<ins>第二百二十九条</ins>"), "{md}");
}

/// Wording a partner has word for word (eight characters or more) is kept even where the
/// diffs' clean-up gave it up, in the cells of split and merged articles. Secrecy law new 43 merges old 35 with old 36, whose short
/// text is set into 43's third paragraph: old 36's pair diff is one replacement (its
/// common phrases are islands shorter than the changes around them), and 43's cell
/// marked `经过保密教育培训` and `保密知识技能，签订保密承诺书，严格遵守` inserted. Company law
/// old 14's second paragraph went to new 13 with one comma made a full stop, and was
/// struck out whole.
#[test]
fn wording_a_merged_article_took_from_a_source_is_not_inserted() {
    let changed = |c: &Comparison, side: UnitSide, label: &str| -> Vec<String> {
        unit_marks(c, side, label).1.into_iter().map(String::from).collect()
    };
    let secrecy = comparison("state-secrets-law", "2010", "2024");
    let inserted = changed(&secrecy, UnitSide::New, "43");
    assert_eq!(
        inserted,
        [
            "国家",
            "具备",
            "和",
            "国家保密规定，承担保密责任",
            "对因保密原因合法权益受到影响和限制的涉密人员，按照国家有关规定给予相应待遇或者补偿"
        ]
    );
    // Old 36's own cell says the same.
    let deleted = changed(&secrecy, UnitSide::Old, "36");
    assert_eq!(deleted, ["涉密人员上岗应当", "掌握", "保密规章制度，不得以任何方式泄露国家秘密"]);
    // A partner's wording counts once: new 18 repeats `确定的国家秘密事项`, which old 13
    // has once, already matched with new 18's first.
    let inserted = changed(&secrecy, UnitSide::New, "18");
    assert!(inserted.contains(&"或者办理其他机关、单位确定的国家秘密事项".to_string()), "{inserted:?}");
    let company = comparison("company-law", "2018", "2023");
    assert_eq!(changed(&company, UnitSide::Old, "14"), ["，"]);
}

#[test]
fn output_is_identical_for_one_and_two_threads() {
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| {
            let c = comparison("company-law", "2018", "2023");
            serde_json::to_string(&c).unwrap()
        })
    };
    let (one, two) = (run(1), run(2));
    assert!(one == two, "1-thread and 2-thread comparisons differ");
}

#[test]
fn report_paragraphs_are_paired_by_content() {
    // gov-work-report-national 2024→2025: the task section moved from subsection 3 to 1
    // (扩大国内需求 comes first in 2025).
    let c = comparison("gov-work-report-national", "2024", "2025");
    let r = rows(&c, "3.3.1");
    assert_eq!(r[0].new.as_ref().unwrap().label, "3.1.1");
    assert!(r[0].moved || r[0].kind == RowKind::Modified);
    assert!(c.stats.counts[&RowKind::Modified] > 40);
    // A paragraph rewritten wholesale keeps its successor although the two share little
    // wording (Dice 0.0998): the floor for deleted articles' successors is for laws only.
    let r = rows(&c, "3.4.4");
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].new.as_ref().unwrap().label, "3.4.4");
    assert_eq!(r[0].kind, RowKind::Modified);
}

/// A law written with spaces (an illustrative text in the layout of EU regulations): an
/// article inserted, the ones after it renumbered, and a cross-reference that only follows
/// the renumbering (`Article 3` → `Article 4`) is marked as such.
#[test]
fn a_law_written_with_spaces_is_aligned_by_article() {
    let old = "Regulation on widgets\nCHAPTER I\nGeneral provisions\nArticle 1\nSubject matter\n\
        This Regulation lays down rules on the sale of widgets.\nArticle 2\nDefinitions\n\
        'Widget' means any small mechanical device.\nCHAPTER II\nObligations\nArticle 3\n\
        Sellers shall label widgets clearly.\nArticle 4\nPenalties\n\
        Member States shall lay down penalties for breaches of Article 3.\n";
    let new = "Regulation on widgets\nCHAPTER I\nGeneral provisions\nArticle 1\nSubject matter\n\
        This Regulation lays down rules on the sale and repair of widgets.\nArticle 2\nScope\n\
        This Regulation does not apply to widgets used for research.\nArticle 3\nDefinitions\n\
        'Widget' means any small mechanical device.\nCHAPTER II\nObligations\nArticle 4\n\
        Sellers shall label widgets clearly.\nArticle 5\nPenalties\n\
        Member States shall lay down penalties for breaches of Article 4.\n";
    let c = compare_texts(old, new, lexdiff::model::Kind::Law);
    assert_eq!(
        labelled(&c),
        [
            (Some("1"), Some("1"), RowKind::Modified),
            (None, Some("2"), RowKind::Added),
            (Some("2"), Some("3"), RowKind::Renumbered),
            (Some("3"), Some("4"), RowKind::Renumbered),
            (Some("4"), Some("5"), RowKind::Modified),
        ]
    );
    let last = &c.rows[4];
    assert!(last.reference_only, "{:?}", last.diff);
    let d = last.diff.as_ref().unwrap();
    let (o, n) = (&last.old.as_ref().unwrap().text, &last.new.as_ref().unwrap().text);
    let refs: Vec<(&str, &str)> =
        d.ops.iter().filter(|op| op.reference).map(|op| (&o[op.old.clone()], &n[op.new.clone()])).collect();
    assert_eq!(refs, [("Article 3", "Article 4")]);
}

/// A law written with spaces whose articles are headed by `word`; the new version
/// inserts `inserted` as its second article and rewrites the last as `last`. The last
/// row's labels, whether it only follows the renumbering, and how many references do.
fn last_row_after_an_insertion(
    word: &str,
    old: &[&str],
    inserted: &str,
    last: &str,
) -> ((String, String), bool, usize) {
    let law = |articles: &[&str]| {
        let mut t = String::from("Title\n");
        for (i, a) in articles.iter().enumerate() {
            t.push_str(&format!("{word} {}\n{a}\n", i + 1));
        }
        t
    };
    let mut new = vec![old[0], inserted];
    new.extend(&old[1..old.len() - 1]);
    new.push(last);
    let c = compare_texts(&law(old), &law(&new), lexdiff::model::Kind::Law);
    let row = c.rows.last().unwrap();
    let label = |u: &Option<lexdiff::compare::UnitView>| u.as_ref().unwrap().label.clone();
    ((label(&row.old), label(&row.new)), row.reference_only, row.renumbered_references)
}

/// References that only follow the renumbering, in the forms laws written with spaces
/// use in a sentence: a list after a plural word (`Articles 2, 3 and 4`, where only the
/// first number has the word), the lowercase word of French (`l'article 3`), and a German
/// list after a word written alike for one article and several (`Artikel 1 und 2`).
#[test]
fn listed_and_lowercase_western_references_follow_the_renumbering() {
    let english: &[&str] = &[
        "This Regulation lays down rules on the sale of widgets.",
        "Sellers shall label widgets clearly.",
        "Importers shall keep records of imports.",
        "Repairers shall keep spare parts for ten years.",
        "Breaches of Articles 2, 3 and 4, and of Article 4 alone, are punished within 30 days.",
    ];
    let french: &[&str] = &[
        "Le présent règlement fixe les règles.",
        "Les vendeurs étiquettent les produits.",
        "Les sanctions de l'article 2 et des articles 1 et 2 s'appliquent.",
    ];
    let german: &[&str] = &[
        "Dieses Gesetz regelt den Verkauf.",
        "Verkäufer kennzeichnen Waren.",
        "Verstöße gegen Artikel 1 und 2 werden geahndet.",
    ];
    // (word, old articles, inserted second article, new last article, last row, references)
    let cases = [
        (
            "Article",
            english,
            "This Regulation does not apply to widgets used for research.",
            // `30` after the list is no reference: it is unchanged anyway, and stays so.
            "Breaches of Articles 3, 4 and 5, and of Article 5 alone, are punished within 30 days.",
            ("5", "6"),
            4,
        ),
        (
            "Article",
            french,
            "Il ne s'applique pas à la recherche.",
            "Les sanctions de l'article 3 et des articles 1 et 3 s'appliquent.",
            ("3", "4"),
            2,
        ),
        (
            "Artikel",
            german,
            "Es gilt nicht für die Forschung.",
            "Verstöße gegen Artikel 1 und 3 werden geahndet.",
            ("3", "4"),
            1,
        ),
    ];
    for (word, old, inserted, last, (o, n), references) in cases {
        let row = last_row_after_an_insertion(word, old, inserted, last);
        assert_eq!(row, ((o.to_string(), n.to_string()), true, references), "{last}");
    }
}

/// A sentence of a law written with spaces that moved to another article is followed
/// there (an illustrative text): sentences end at a full stop before a capital.
#[test]
fn a_sentence_moved_between_articles_written_with_spaces_is_a_split() {
    let old = "Act\nArticle 1\nThis Act lays down rules on widgets.\nArticle 2\nSellers shall label widgets \
        clearly and visibly. Sellers shall keep records of every sale for five years. Labels shall be shown \
        to inspectors on request.\nArticle 3\nImporters shall keep records of imports and their origin.\n";
    let new = "Act\nArticle 1\nThis Act lays down rules on widgets.\nArticle 2\nSellers shall label widgets \
        clearly and visibly. Labels shall be shown to inspectors on request.\nArticle 3\nImporters shall keep \
        records of imports and their origin. Sellers shall keep records of every sale for five years.\n";
    let c = compare_texts(old, new, lexdiff::model::Kind::Law);
    assert_eq!(
        labelled(&c),
        [
            (Some("1"), Some("1"), RowKind::Unchanged),
            (Some("2"), Some("2"), RowKind::Split),
            (Some("2"), Some("3"), RowKind::Split),
            (Some("3"), Some("3"), RowKind::Merged),
        ]
    );
}

/// A law or a report copied out of a PDF reads as the text it was set from: its lines
/// joined into paragraphs again, its page numbers left out.
#[test]
fn texts_copied_from_a_pdf_read_as_their_paragraphs() {
    use lexdiff::model::Kind;
    let read = |doc: &str, version: &str| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("versions/{doc}/{version}.txt"));
        std::fs::read_to_string(path).unwrap()
    };
    for (doc, version, kind, indent, pages) in [
        ("state-secrets-law", "2010", Kind::Law, false, Pages::Dashed),
        ("company-law", "2023", Kind::Law, true, Pages::NumberAndTitle),
        // Stock clauses, wrapped alike, start many paragraphs: no running heads.
        ("criminal-law", "2023", Kind::Law, false, Pages::NumberAndTitle),
        // A title wider than the lines of the text, over every page.
        ("deputies-law", "2025", Kind::Law, false, Pages::NumberAndTitle),
        ("gov-work-report-national", "2025", Kind::Report, true, Pages::Dashed),
        ("gov-work-report-hunan", "2025", Kind::Report, true, Pages::NumberAndTitle),
    ] {
        let text = read(doc, version);
        for width in [40, 56, 70] {
            let pdf = as_from_a_pdf(&text, width, indent, pages);
            let parsed = lexdiff::parse::parse(&pdf, kind).unwrap();
            assert!(
                parsed.warnings.iter().any(|w| w.message.starts_with("the text is wrapped at")),
                "{doc} at {width}: {:?}",
                parsed.warnings.first()
            );
            let original = lexdiff::parse::parse(&text, kind).unwrap().document;
            assert_eq!(parsed.document.title, original.title, "{doc} at {width}");
            assert_eq!(parsed.document.headings.len(), original.headings.len(), "{doc} at {width}");
            let c = compare_texts(&text, &pdf, kind);
            let changed: Vec<_> = labelled(&c).into_iter().filter(|r| r.2 != RowKind::Unchanged).collect();
            assert!(changed.is_empty(), "{doc} at {width} columns: {changed:?}");
        }
    }
}

/// Every bundled law, set as a PDF at two widths and read back, has the articles of the
/// text it was set from: the joining holds for laws in general, not for the few above.
#[test]
fn every_bundled_law_copied_from_a_pdf_reads_as_itself() {
    use lexdiff::model::Kind;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("versions");
    let (dir, _) = VersionsDir::open(&root, Date::new(2100, 1, 1).unwrap()).unwrap();
    let mut checked = 0;
    for d in dir.documents.iter().filter(|d| d.meta.kind == Kind::Law) {
        let latest = d.meta.versions.iter().map(|v| v.label.as_str()).max().unwrap();
        let text = std::fs::read_to_string(d.text_path(latest)).unwrap();
        let original = lexdiff::parse::parse(&text, Kind::Law).unwrap().document;
        for (width, indent, pages) in [(48, false, Pages::Dashed), (66, true, Pages::NumberAndTitle)] {
            let pdf = as_from_a_pdf(&text, width, indent, pages);
            let read = lexdiff::parse::parse(&pdf, Kind::Law).unwrap().document;
            // With indents to mark them, paragraphs and items come back line for line;
            // without, a paragraph whose last line is full may run on into the next.
            let articles = |doc: &Document| -> Vec<(String, Vec<String>)> {
                let lines = |u: &lexdiff::model::Unit| -> Vec<String> {
                    if indent {
                        u.lines().map(|l| lexdiff::normalize::normalize(l.text)).collect()
                    } else {
                        vec![lexdiff::normalize::normalize(&u.text())]
                    }
                };
                doc.units.iter().map(|u| (u.label.clone(), lines(u))).collect()
            };
            assert_eq!(articles(&read), articles(&original), "{} at {width} columns", d.id);
            checked += 1;
        }
    }
    assert!(checked >= 60, "{checked}");
}

/// The texts appended to a law (the criminal law's 附件一, the acts it repealed, and
/// 附件二, those it kept) are compared like articles, each a unit of its own: two versions
/// that differ only there differ, in the report and in the exit code.
#[test]
fn an_appendix_is_compared_like_an_article() {
    use lexdiff::model::Kind;
    let law = text_of("criminal-law", "2023");
    let c = compare_texts(&law, &law, Kind::Law);
    let appendices: Vec<_> =
        labelled(&c).into_iter().filter(|r| r.0.is_some_and(|l| l.starts_with("appendix"))).collect();
    assert_eq!(
        appendices,
        [
            (Some("appendix-1"), Some("appendix-1"), RowKind::Unchanged),
            (Some("appendix-2"), Some("appendix-2"), RowKind::Unchanged),
        ]
    );
    // An act moved from the kept to the repealed: only the appendices change.
    let kept = "8．关于惩治虚开、伪造和非法出售增值税专用发票犯罪的决定\n";
    assert!(law.contains(kept));
    let amended = law.replace(kept, "").replace(
        "15．关于处理逃跑或者重新犯罪的劳改犯和劳教人员的决定\n",
        "15．关于处理逃跑或者重新犯罪的劳改犯和劳教人员的决定\n16．关于惩治虚开、伪造和非法出售增值税专用发票犯罪的决定\n",
    );
    let c = compare_texts(&law, &amended, Kind::Law);
    assert!(c.has_changes());
    let changed: Vec<_> = labelled(&c).into_iter().filter(|r| r.2 != RowKind::Unchanged).collect();
    assert_eq!(
        changed,
        [
            (Some("appendix-1"), Some("appendix-1"), RowKind::Modified),
            (Some("appendix-2"), Some("appendix-2"), RowKind::Modified),
        ]
    );
    let row = c.rows.iter().find(|r| r.old.as_ref().is_some_and(|u| u.label == "appendix-2")).unwrap();
    assert_eq!(row.new.as_ref().unwrap().prefix, "附件二");
    assert_eq!(c.stats.old_units, c.stats.new_units, "appendices are no articles");
    // The command line says so too: exit 1, the appendix named.
    let (code, stdout, _dir) = diff_files(&law, &amended, &[]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("\n附件 Appendices\n  modified   附件一 (appendix-1)\n"), "{stdout}");
    assert!(stdout.contains("modified   附件二 (appendix-2)"), "{stdout}");
    // The summary names the appendices beside the articles, so that its rows add up.
    assert!(stdout.contains("\n505 → 505 articles + 2 appendices: 505 unchanged, 2 modified;"), "{stdout}");
    let (_, html, _dir) = diff_files(&law, &amended, &["--format", "html"]);
    assert!(html.contains("505 → 505 条 + 2 附件 appendices; 2 changed;"), "{html}");
    let without_second = &law[..law.find("\n附件二").expect("附件二") + 1];
    let c = compare_texts(&law, without_second, Kind::Law);
    assert_eq!(lexdiff::render::sizes(&c), "505 → 505 articles + 2 → 1 appendices");
    let without_any = &law[..law.find("\n附件一").expect("附件一") + 1];
    let c = compare_texts(without_any, without_second, Kind::Law);
    assert_eq!(lexdiff::render::sizes(&c), "505 → 505 articles + 0 → 1 appendix");
    // The deleted last line keeps a line of its own, as the added one does.
    assert!(stdout.contains("7．关于惩治破坏金融秩序犯罪的决定\n      [-8．关于惩治虚开、伪造和非法出售增值税专用发票犯罪的决定-]\n"), "{stdout}");
    assert!(
        stdout.contains("\n      {+16．关于惩治虚开、伪造和非法出售增值税专用发票犯罪的决定+}\n"),
        "{stdout}"
    );
}

/// A law renamed (`将法律名称修改为…`) differs from its old text even when no article
/// does; a title written with other punctuation widths is the same title.
#[test]
fn a_renamed_law_differs() {
    use lexdiff::model::Kind;
    let law = text_of("state-secrets-law", "2024");
    let renamed = law.replacen("中华人民共和国保守国家秘密法\n", "中华人民共和国国家秘密保护法\n", 1);
    let c = compare_texts(&law, &renamed, Kind::Law);
    assert_eq!(c.header.renamed(), Some(("中华人民共和国保守国家秘密法", "中华人民共和国国家秘密保护法")));
    assert!(c.rows.iter().all(|r| r.kind == RowKind::Unchanged));
    assert!(c.has_changes());
    let text = lexdiff::render::text::render(&c, false, false);
    assert!(
        text.contains("renamed: [-中华人民共和国保守国家秘密法-] → {+中华人民共和国国家秘密保护法+}"),
        "{text}"
    );
    let md = lexdiff::render::markdown::render(&c);
    assert!(
        md.contains("**Renamed:** ~~中华人民共和国保守国家秘密法~~ → **中华人民共和国国家秘密保护法**"),
        "{md}"
    );
    // A report's title line names its year, or a transcription leaves it out: no renaming
    // (Hunan 2024 `2024年湖南省政府工作报告` → 2025 `政府工作报告`).
    assert_eq!(comparison("gov-work-report-hunan", "2024", "2025").header.renamed(), None);
    // Not a renaming: the same title with a full-width space inside.
    let spaced = law.replacen("中华人民共和国保守国家秘密法\n", "中华人民共和国　保守国家秘密法\n", 1);
    let c = compare_texts(&law, &spaced, Kind::Law);
    assert_eq!(c.header.renamed(), None);
    assert!(!c.has_changes());
}

/// Headings are compared by level and title, in order. Company law 2018 → 2023: a
/// chapter on registration and one on state-funded companies were added, the sections
/// on one-person and wholly state-owned companies went, and 股东大会 became 股东会; the
/// chapters after 第二章 only took new numbers, which is no change. A chapter retitled in
/// a text where no article changed is a difference.
#[test]
fn headings_retitled_added_or_deleted_are_listed() {
    use lexdiff::compare::HeadingChangeKind::{Added, Deleted, Retitled};
    fn listed(c: &Comparison) -> Vec<(lexdiff::compare::HeadingChangeKind, &str, &str)> {
        c.headings
            .iter()
            .map(|h| (h.kind, h.old.as_deref().unwrap_or(""), h.new.as_deref().unwrap_or("")))
            .collect()
    }
    let c = comparison("company-law", "2018", "2023");
    assert_eq!(
        listed(&c),
        [
            (Added, "", "第二章 公司登记"),
            (Deleted, "第三节 一人有限责任公司的特别规定", ""),
            (Deleted, "第四节 国有独资公司的特别规定", ""),
            (Retitled, "第二节 股东大会", "第二节 股东会"),
            (Added, "", "第七章 国家出资公司组织机构的特别规定"),
        ]
    );
    // Marine environment law 2017 → 2023: chapters 4–8 were renamed and two of them merged.
    // Titles that share their wording pair first, so each chapter is set against its
    // successor, not the one in its place: 防治倾倒废弃物… becomes 废弃物倾倒污染防治 (the
    // sixth chapter, where 防治海洋工程建设项目… was).
    let c = comparison("marine-environment-law", "2017", "2023");
    assert_eq!(
        listed(&c),
        [
            (Retitled, "第四章 防治陆源污染物对海洋环境的污染损害", "第四章 陆源污染物污染防治"),
            (Retitled, "第五章 防治海岸工程建设项目对海洋环境的污染损害", "第五章 工程建设项目污染防治"),
            (Deleted, "第六章 防治海洋工程建设项目对海洋环境的污染损害", ""),
            (Retitled, "第七章 防治倾倒废弃物对海洋环境的污染损害", "第六章 废弃物倾倒污染防治"),
            (
                Retitled,
                "第八章 防治船舶及有关作业活动对海洋环境的污染损害",
                "第七章 船舶及有关作业活动污染防治"
            ),
        ]
    );
    use lexdiff::model::Kind;
    let law = text_of("state-secrets-law", "2024");
    let retitled = law.replacen("\n第三章 保密制度\n", "\n第三章 保密管理制度\n", 1);
    assert_ne!(law, retitled);
    let c = compare_texts(&law, &retitled, Kind::Law);
    assert!(c.rows.iter().all(|r| r.kind == RowKind::Unchanged));
    assert!(c.has_changes());
    let text = lexdiff::render::text::render(&c, false, false);
    assert!(
        text.contains("\nheadings\n  retitled   [-第三章 保密制度-] → {+第三章 保密管理制度+}\n"),
        "{text}"
    );
    let md = lexdiff::render::markdown::render(&c);
    assert!(md.contains("| 第三章 保密制度 | 第三章 保密管理制度 | retitled |"), "{md}");
    let same = compare_texts(&law, &law, Kind::Law);
    assert!(same.headings.is_empty() && !same.has_changes());
    // The HTML report lists them under the summary.
    let (code, _, dir) = diff_files(&law, &retitled, &["-o", "report.html"]);
    assert_eq!(code, Some(1));
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.contains("<caption>章节标题 Headings</caption>"), "{html}");
    assert!(html.contains("<tr class=\"retitled\"><td>第三章 保密制度</td>"), "{html}");
}

/// `diff --format json` matches its published schema (`docs/comparison.schema.json`) on
/// real comparisons of every shape: a law with splits, merges and renumbered references,
/// one with appendices and heading changes, a renamed law, a report with its targets and
/// terms, and plain paragraphs.
#[test]
fn the_json_output_matches_its_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/comparison.schema.json"))
            .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let check = |c: &Comparison, what: &str| {
        let value: serde_json::Value = serde_json::from_str(&lexdiff::render::json(c)).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&value).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{what}: {errors:?}");
        value
    };
    let secrecy = check(&comparison("state-secrets-law", "2010", "2024"), "secrecy law");
    assert!(
        secrecy["rows"].as_array().unwrap().iter().any(|r| r["diff"]["ops"]
            .as_array()
            .is_some_and(|ops| ops.iter().any(|o| o["reference"] == true)))
    );
    let company = check(&comparison("company-law", "2018", "2023"), "company law");
    assert!(company["headings"].as_array().is_some_and(|h| !h.is_empty()));
    assert!(!company["unit_diffs"].as_array().unwrap().is_empty());
    check(&comparison("gov-work-report-hunan", "2024", "2025"), "Hunan report");
    check(&comparison("gov-work-report-national", "2023", "2024"), "national report 2023 → 2024");
    let report = check(&comparison("gov-work-report-national", "2024", "2025"), "national report");
    assert!(report["insights"]["targets"]["rows"].as_array().is_some_and(|r| !r.is_empty()));
    use lexdiff::model::Kind;
    let law = text_of("criminal-law", "2023");
    let amended = law.replacen("中华人民共和国刑法\n", "中华人民共和国刑事法\n", 1).replacen(
        "1．关于禁毒的决定\n",
        "",
        1,
    );
    let criminal =
        check(&compare_texts(&law, &amended, Kind::Law), "criminal law, renamed, an appendix changed");
    assert_eq!(criminal["header"]["new"]["title"], "中华人民共和国刑事法");
    let plain = "第一段。\n第二段。\n";
    check(&compare_texts(plain, "第一段。\n第三段。\n", Kind::Plain), "plain paragraphs");
}

/// Revisions of every shape: few changes in a long code, a renumbering revision with
/// splits and merges, a rewrite with 48 split and 16 merged rows, and a report.
const SAMPLES: [(&str, &str, &str); 4] = [
    ("criminal-law", "2020", "2023"),
    ("state-secrets-law", "2010", "2024"),
    ("company-law", "2018", "2023"),
    ("gov-work-report-national", "2024", "2025"),
];

/// `diff --stat` gives each changed entry a line, its counts in a column before its
/// units; the counts of the lines add up to the summary's.
#[test]
fn the_stat_overview_counts_what_the_summary_counts() {
    for (doc, old, new) in SAMPLES {
        let c = comparison(doc, old, new);
        let stat = lexdiff::render::text::render_stat(&c, false, false);
        let (mut deleted, mut inserted, mut entries) = (0, 0, 0);
        // Blocks: the title and summary, the headings changed, then a block per chapter.
        let rows = stat.split("\n\n").skip(1).filter(|b| !b.starts_with("headings\n"));
        for line in rows.flat_map(str::lines).filter(|l| l.starts_with("  ")) {
            let counts: Vec<&str> =
                line.split_whitespace().skip(1).take_while(|w| w.starts_with(['−', '+'])).collect();
            for n in counts {
                let value: usize = n.trim_start_matches(['−', '+']).parse().unwrap();
                if n.starts_with('−') { deleted += value } else { inserted += value }
            }
            entries += 1;
        }
        assert_eq!((deleted, inserted), (c.stats.chars_deleted, c.stats.chars_inserted), "{doc}");
        let changes = lexdiff::render::entries(&c)
            .iter()
            .filter(|m| m.iter().any(|&i| c.rows[i].kind != RowKind::Unchanged))
            .count();
        assert_eq!(entries, changes, "{doc}: a line per changed entry\n{stat}");
    }
    let stat =
        lexdiff::render::text::render_stat(&comparison("state-secrets-law", "2010", "2024"), false, false);
    for line in [
        "  modified   −17 +23   第三条 (3) → 第五条 (5) (moved)\n",
        "  renumbered           第五条 (5) → 第六条 (6)\n",
        "  split      −8 +93    第十三条 (13) → 第十七条 (17), 第十八条 (18)\n",
    ] {
        assert!(stat.contains(line), "{line}{stat}");
    }
    assert!(!stat.contains("国家秘密受法律保护"), "no texts");
}

/// The Markdown table heads each chapter's changes with a row of its own, as the terminal
/// and the HTML report do: the same headings, in the same order (criminal law 2020 →
/// 2023: its two sections of changes), a deleted article staying under the heading before.
#[test]
fn markdown_rows_are_headed_by_their_chapters_as_in_the_terminal() {
    for (doc, old, new) in SAMPLES {
        let c = comparison(doc, old, new);
        let md = lexdiff::render::markdown::render(&c);
        let in_md: Vec<&str> =
            md.lines().filter_map(|l| l.strip_prefix("| **")?.strip_suffix("** | | | |")).collect();
        let text = lexdiff::render::text::render(&c, false, false);
        // (A report's targets and terms follow its rows.)
        let text = text.split("\n\nTargets").next().unwrap();
        let in_text: Vec<&str> = text
            .split("\n\n")
            .skip(1)
            .filter_map(|b| b.lines().next())
            .filter(|l| *l != "headings")
            .collect();
        assert_eq!(in_md, in_text, "{doc}");
        if doc == "criminal-law" {
            assert_eq!(in_md, ["第三节 妨害对公司、企业的管理秩序罪", "第八章 贪污贿赂罪"]);
        }
    }
}

/// Colour changes no column: the coloured overview, its escape codes taken out, is the
/// plain one (the kinds were padded with their codes counted as width, so that in colour
/// the counts and names started wherever a kind ended).
#[test]
fn colour_keeps_the_columns_of_the_overview() {
    let c = comparison("state-secrets-law", "2010", "2024");
    let coloured = lexdiff::render::text::render_stat(&c, true, false);
    assert!(coloured.contains("\x1b[1m"), "coloured");
    let mut plain = String::new();
    let mut rest = coloured.as_str();
    while let Some(at) = rest.find('\x1b') {
        plain.push_str(&rest[..at]);
        rest = &rest[at + rest[at..].find('m').unwrap() + 1..];
    }
    plain.push_str(rest);
    assert_eq!(plain, lexdiff::render::text::render_stat(&c, false, false));
}
