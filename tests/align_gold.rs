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

/// The rows of an alignment as `(old label, new label, kind)`.
fn labelled(doc: &str, old: &str, new: &str, opts: &AlignOptions) -> Vec<(String, String, RowKind)> {
    aligned(&load(doc, old), &load(doc, new), opts)
}

/// The rows of two documents' alignment, by label (empty for none).
fn aligned(o: &Document, n: &Document, opts: &AlignOptions) -> Vec<(String, String, RowKind)> {
    let a = align(&o.units, &n.units, opts, &Overrides::default());
    let label = |units: &[lexdiff::model::Unit], i: Option<usize>| {
        i.map_or(String::new(), |i| units[i].label.clone())
    };
    a.rows.iter().map(|r| (label(&o.units, r.old), label(&n.units, r.new), r.kind)).collect()
}

fn row(rows: &[(String, String, RowKind)], old: &str, new: &str) -> Option<RowKind> {
    rows.iter().find(|r| r.0 == old && r.1 == new).map(|r| r.2)
}

/// An old article left without a main partner becomes the source of a new article that
/// holds one of its sentences only when the two articles resemble each other as wholes
/// (`orphan_dice`). Below the floor: anti-money-laundering law 35 (who regulates specific
/// non-financial institutions) lent only `由国务院反洗钱行政主管部门会同国务院有关部门制定`
/// to new 19 (beneficial owners), Dice 0.097; women's rights law 58 only the stock
/// `可以向人民法院提起诉讼` to new 68, Dice 0.094. Above it, a true successor that keeps
/// its pair: women's rights 38 → 21 (the right to life and health), Dice 0.199. (Old 35's
/// successor is new 64, which lists the institutions it left to the State Council: the
/// two stand in each other's place, see `an_article_in_the_place_of_another_pairs_if_it_resembles_it`.)
#[test]
fn a_deleted_article_that_lent_one_stock_clause_has_no_successor() {
    let opts = AlignOptions { gap_dice: f64::INFINITY, ..AlignOptions::default() };
    let aml = labelled("anti-money-laundering-law", "2006", "2024", &opts);
    assert_eq!(row(&aml, "35", "19"), None);
    assert_eq!(row(&aml, "35", ""), Some(RowKind::Deleted));
    assert_eq!(row(&aml, "", "19"), Some(RowKind::Added));
    let aml = labelled("anti-money-laundering-law", "2006", "2024", &AlignOptions::default());
    assert_eq!(row(&aml, "35", "19"), None);
    assert_eq!(row(&aml, "", "19"), Some(RowKind::Added));
    let women = labelled("women-rights-law", "2018", "2022", &opts);
    assert_eq!(row(&women, "58", "68"), None);
    assert_eq!(row(&women, "58", ""), Some(RowKind::Deleted));
    assert_eq!(row(&women, "38", "21"), Some(RowKind::Modified));
    // Without the floor, one sentence found was enough.
    let no_floor = AlignOptions { orphan_dice: 0.0, ..opts };
    assert_eq!(
        row(&labelled("anti-money-laundering-law", "2006", "2024", &no_floor), "35", "19"),
        Some(RowKind::Modified)
    );
    assert_eq!(
        row(&labelled("women-rights-law", "2018", "2022", &no_floor), "58", "68"),
        Some(RowKind::Merged)
    );
}

/// An article that is, on each side, the only one without a row between the same two
/// neighbouring pairs took the other's place (`gap_dice`): the amending act rewrote it.
/// Above the floor, each pair below was a deleted and an added article before the rule,
/// and each is one article rewritten: animal husbandry law 40 (no farms in the listed
/// areas → none in the prohibited areas; Dice 0.103), anti-money-laundering law 35 → 64
/// (the institutions the State Council was to name → the list of them; 0.103), sports
/// law 19 → 27 (daily school exercise; 0.142), wildlife protection law 56 → 61 (what
/// becomes of confiscated wildlife; 0.146), and in the national report 2024 → 2025 the
/// policy orientation, 2.0.5 → 2.0.4 (0.149). Below it, articles that only took a
/// deleted one's place: company law 94 → 107 and 115 → 128 (0.021 and 0.016; the gold
/// map has them deleted and added), sports law 29 → 47 (athletes' registration, then
/// retired athletes; 0.033), and the reports' 3.6.4 → 3.6.4 (food security, then
/// financial risk; 0.055).
#[test]
fn an_article_in_the_place_of_another_pairs_if_it_resembles_it() {
    let opts = AlignOptions::default();
    let off = AlignOptions { gap_dice: f64::INFINITY, ..AlignOptions::default() };
    let report = AlignOptions::default().for_kind(lexdiff::model::Kind::Report);
    for (doc, old, new, a, b, opts, off) in [
        ("animal-husbandry-law", "2015", "2022", "40", "40", &opts, &off),
        ("anti-money-laundering-law", "2006", "2024", "35", "64", &opts, &off),
        ("sports-law", "2016", "2022", "19", "27", &opts, &off),
        ("wildlife-protection-law", "2018", "2022", "56", "61", &opts, &off),
        (
            "gov-work-report-national",
            "2024",
            "2025",
            "2.0.5",
            "2.0.4",
            &report,
            &AlignOptions { gap_dice: f64::INFINITY, ..report.clone() },
        ),
    ] {
        let rows = labelled(doc, old, new, opts);
        assert_eq!(row(&rows, a, b), Some(RowKind::Modified), "{doc} {a} → {b}");
        let rows = labelled(doc, old, new, off);
        assert_eq!(row(&rows, a, ""), Some(RowKind::Deleted), "{doc} {a} without the rule");
        assert_eq!(row(&rows, "", b), Some(RowKind::Added), "{doc} {b} without the rule");
    }
    let company = labelled("company-law", "2018", "2023", &opts);
    for (a, b) in [("94", "107"), ("115", "128")] {
        assert_eq!(row(&company, a, ""), Some(RowKind::Deleted), "company {a}");
        assert_eq!(row(&company, "", b), Some(RowKind::Added), "company {b}");
    }
    let sports = labelled("sports-law", "2016", "2022", &opts);
    assert_eq!(row(&sports, "29", ""), Some(RowKind::Deleted));
    assert_eq!(row(&sports, "", "47"), Some(RowKind::Added));
    let national = labelled("gov-work-report-national", "2024", "2025", &report);
    assert_eq!(row(&national, "3.6.4", "3.6.4"), None);
    // With no floor, the place alone would pair them.
    let no_floor = AlignOptions { gap_dice: 0.0, ..AlignOptions::default() };
    assert_eq!(
        row(&labelled("company-law", "2018", "2023", &no_floor), "94", "107"),
        Some(RowKind::Modified)
    );
}

/// A moved piece sets the subject of a new article without a source of its own when it
/// makes up enough of the article's first line, or of its first paragraph with the items
/// of the list that line opens (`lead_share`). Vocational education law 1996 → 2022: old
/// 24 held the conditions for founding vocational schools and, after them, those for
/// training institutions; the new law gives each its own article. Old 24's opening line
/// (`职业学校的设立，必须符合下列基本条件：`) is found almost as well in the first line of
/// its partner, new 34 (`职业培训机构的设立，应当符合…`), as in new 33's, so it counts as
/// staying; the schools' list, which went to new 33, is most of 33's first paragraph but
/// none of its first line: 24 is split into 33 and 34. Anti-money-laundering law
/// 2006 → 2024: new 29's list of when customer due diligence is due takes items (一) and
/// (三) from old 16.
#[test]
fn a_list_moved_whole_sets_the_subject_of_its_new_article() {
    let opts = AlignOptions::default();
    let vocational = labelled("vocational-education-law", "1996", "2022", &opts);
    assert_eq!(row(&vocational, "24", "33"), Some(RowKind::Split));
    assert_eq!(row(&vocational, "24", "34"), Some(RowKind::Split));
    let aml = labelled("anti-money-laundering-law", "2006", "2024", &opts);
    assert_eq!(row(&aml, "16", "29"), Some(RowKind::Split));
    assert_eq!(row(&aml, "16", "28"), Some(RowKind::Split));
}

/// Chapter context as weak evidence (`chapter_bonus`). Agricultural product quality law
/// 2018 → 2022: old 49 (preservatives and additives that break the technical rules) is
/// item (二) of new 72, out of the backbone's order. Its Dice alone did not make it a
/// pair: 49 was shown deleted and 50 split into 71 and 72. With the evidence that new
/// chapter 7 (法律责任) received the anchors of old chapter 7, 49 → 72 and 50 → 71
/// (selling products that fail the standards) are each a modified pair.
#[test]
fn chapter_context_decides_between_near_candidates() {
    let opts = AlignOptions::default();
    let law = labelled("agri-product-quality-law", "2018", "2022", &opts);
    assert_eq!(row(&law, "49", "72"), Some(RowKind::Modified));
    assert_eq!(row(&law, "50", "71"), Some(RowKind::Modified));
    assert_eq!(row(&law, "50", "72"), None);
    let without = AlignOptions { chapter_bonus: 0.0, ..AlignOptions::default() };
    let law = labelled("agri-product-quality-law", "2018", "2022", &without);
    assert_eq!(row(&law, "49", ""), Some(RowKind::Deleted));
    assert_eq!(row(&law, "50", "72"), Some(RowKind::Split));
}

/// Stock phrasing is no move (`stock_presence`, `formula_share`). National defence
/// education law 2018 → 2024: old 35, 36 and 37 (three offences) each end in the penalty
/// formula `构成犯罪的，依法追究刑事责任`; the new law drops it from their successors (38, 39,
/// 40) and states it once, in the new general article 41 (`违反本法规定，构成犯罪的，依法追究
/// 刑事责任`). The formula has no one source: each of the three stays one-to-one, and 41,
/// all formula, is added. Counter-espionage law 2014 → 2023: old 29 and 31, merged into the
/// list of new 60, are not also sources of new 53 (`实施间谍行为，构成犯罪的，依法追究刑事
/// 责任`). State secrets law 2010 → 2024: old 51 ends in the formula with `。`, old 48 with
/// `：`; 51 → 61 stays one-to-one, and the new general article 62 is added.
#[test]
fn a_penalty_formula_found_in_several_old_articles_is_no_move() {
    let opts = AlignOptions::default();
    let nde = labelled("national-defense-education-law", "2018", "2024", &opts);
    for (old, new) in [("35", "38"), ("36", "39"), ("37", "40")] {
        assert_eq!(row(&nde, old, new), Some(RowKind::Modified), "{old} → {new}");
        assert_eq!(row(&nde, old, "41"), None, "{old} → 41");
    }
    assert_eq!(row(&nde, "34", "41"), None);
    assert_eq!(row(&nde, "", "41"), Some(RowKind::Added));
    let ce = labelled("counter-espionage-law", "2014", "2023", &opts);
    for old in ["29", "31"] {
        assert_eq!(row(&ce, old, "53"), None, "{old} → 53");
        assert_eq!(row(&ce, old, "60"), Some(RowKind::Merged), "{old} → 60");
    }
    let secrets = labelled("state-secrets-law", "2010", "2024", &opts);
    assert_eq!(row(&secrets, "51", "61"), Some(RowKind::Modified));
    assert_eq!(row(&secrets, "", "62"), Some(RowKind::Added));
    // Marine environment law 2017 → 2023: new 119 (the public-order and criminal formulas)
    // is not the last paragraph of old 90 (`…构成犯罪的，依法追究刑事责任`).
    let marine = labelled("marine-environment-law", "2017", "2023", &opts);
    assert_eq!(row(&marine, "", "119"), Some(RowKind::Added));
    assert_eq!(row(&marine, "90", "115"), Some(RowKind::Modified));
    // With the rule on stock phrasing held by several old articles only, old 34, which
    // alone also opens with `违反本法规定`, holds the new text best and sends it there.
    let stock_only = AlignOptions { formula_share: f64::INFINITY, ..AlignOptions::default() };
    let nde = labelled("national-defense-education-law", "2018", "2024", &stock_only);
    assert_eq!(row(&nde, "34", "41"), Some(RowKind::Split));
    // Without either rule, every article that had the formula sent it to the new one.
    let without = AlignOptions { stock_presence: f64::INFINITY, ..stock_only };
    let nde = labelled("national-defense-education-law", "2018", "2024", &without);
    for old in ["35", "36", "37"] {
        assert_eq!(row(&nde, old, "41"), Some(RowKind::Split), "{old} → 41");
    }
    let ce = labelled("counter-espionage-law", "2014", "2023", &without);
    assert_eq!(row(&ce, "29", "53"), Some(RowKind::Split));
}

/// A law and the same law with the paragraph that begins with `second` made an article of
/// its own, `label-1` (`将第X条第二款改为第X条之一`), and `edit` (once) applied to the new
/// text.
fn split_off(
    doc: &str,
    version: &str,
    label: &str,
    second: &str,
    edit: Option<(&str, &str)>,
) -> (Document, Document) {
    let text =
        std::fs::read_to_string(root().join("versions").join(doc).join(format!("{version}.txt"))).unwrap();
    assert_eq!(text.matches(second).count(), 1, "{second}");
    let number = lexdiff::numerals::format(label.parse().unwrap());
    let mut split = text.replace(second, &format!("第{number}条之一 {second}"));
    if let Some((from, to)) = edit {
        assert_eq!(split.matches(from).count(), 1, "{from}");
        split = split.replace(from, to);
    }
    let parse = |t: &str| lexdiff::parse::parse(t, lexdiff::model::Kind::Law).unwrap().document;
    (parse(&text), parse(&split))
}

/// The rows of old `label` and new `label` and `label-1`.
fn rows_around(
    o: &Document,
    n: &Document,
    label: &str,
    opts: &AlignOptions,
) -> Vec<(String, String, RowKind)> {
    let sub = format!("{label}-1");
    aligned(o, n, opts).into_iter().filter(|r| r.0 == label || r.1 == label || r.1 == sub).collect()
}

fn split_rows(label: &str) -> Vec<(String, String, RowKind)> {
    vec![(label.into(), label.into(), RowKind::Split), (label.into(), format!("{label}-1"), RowKind::Split)]
}

/// A paragraph split off whole into an article of its own is measured whole, formula
/// sentences included, once its other wording shows it went there. State secrets law 2024,
/// article 58, its second paragraph made an article `58-1`; the first paragraph, left in
/// 58 with one word added (so that it is no longer the old line word for word), is a
/// formula sentence (`机关、单位违反本法规定，发生重大泄露国家秘密案件的，依法对……给予
/// 处分`) and a sentence of its own (`不适用处分的人员，由……予以处理`). Counting the latter
/// alone, it was 16 % of old 58 and 34 % of the new article's first line, under both bars,
/// and new 58 came out `added`.
#[test]
fn a_paragraph_split_off_whole_counts_its_formula_sentences() {
    let (o, n) = split_off(
        "state-secrets-law",
        "2024",
        "58",
        "机关、单位违反本法规定，对应当定密的事项不定密",
        Some(("督促其主管部门予以处理", "督促其主管部门依法予以处理")),
    );
    assert_eq!(rows_around(&o, &n, "58", &AlignOptions::default()), split_rows("58"));
    // With no sentence taken for a formula, the same rows: the formula sentence counts
    // as any other would.
    let no_formulas = AlignOptions { formula_share: f64::INFINITY, ..AlignOptions::default() };
    assert_eq!(rows_around(&o, &n, "58", &no_formulas), split_rows("58"));
}

/// A line written word for word in one place of each version went there, however much its
/// wording resembles other text. Deputies law 2025, article 63: its two paragraphs are
/// parallel (`县级以上的各级人民代表大会代表资格的终止，由代表资格审查委员会报本级人民
/// 代表大会常务委员会…` and `乡、民族乡、镇的人民代表大会代表资格的终止，…报本级人民
/// 代表大会…`). With the second made an article `63-1`, the first looked as present in its
/// partner 63-1 as in new 63 (within the noise of bigram matching), so it had not moved,
/// and new 63 came out `added`.
#[test]
fn a_line_found_word_for_word_in_one_place_went_there() {
    let (o, n) = split_off("deputies-law", "2025", "63", "乡、民族乡、镇的人民代表大会代表资格的终止", None);
    assert_eq!(rows_around(&o, &n, "63", &AlignOptions::default()), split_rows("63"));
}

/// A paragraph that moved out while a parallel one stayed is found. Accounting law
/// 2017 → 2024, article 8: its second paragraph (`国务院有关部门可以依照本法和国家统一的
/// 会计制度制定…具体办法…报国务院财政部门审核批准`) stays in new 8; its third, the army's
/// (`中国人民解放军总后勤部可以依照本法和国家统一的会计制度制定军队实施…具体办法`),
/// became new 49 in the supplementary provisions (`中央军事委员会有关部门可以…`). The
/// second paragraph, kept in new 8, held most of the third's words, and the third looked
/// as if it had stayed: new 49 came out `added`.
#[test]
fn a_paragraph_that_moved_while_a_parallel_one_stayed_is_found() {
    let rows = labelled("accounting-law", "2017", "2024", &AlignOptions::default());
    assert_eq!(row(&rows, "8", "8"), Some(RowKind::Split));
    assert_eq!(row(&rows, "8", "49"), Some(RowKind::Split));
}

/// An article written word for word into another is no look-alike's partner. Company law
/// 2023, article 107 (`本法第四十四条、第四十九条第三款……的规定，适用于股份有限公司`)
/// merged with 108, and the second paragraph of 120, which says the same of other articles
/// (`本法第六十七条、第六十八条第一款……`), made an article `120-1`: with numbers masked,
/// 107 resembled 120-1 more (Dice 0.93) than the merged article it is the first line of
/// (0.46), and was paired with it.
#[test]
fn an_article_found_word_for_word_elsewhere_is_not_paired_with_a_look_alike() {
    let text = std::fs::read_to_string(root().join("versions/company-law/2023.txt")).unwrap();
    let (merge, split) = ("\n第一百零八条 ", "本法第六十七条、第六十八条第一款、第七十条、第七十一条的规定");
    assert_eq!((text.matches(merge).count(), text.matches(split).count()), (1, 1));
    let new_text = text.replace(merge, "\n").replace(split, &format!("第一百二十条之一 {split}"));
    // Article 108 is gone: read as `diff --files` reads, numbers that skip allowed.
    let lenient = lexdiff::parse::ParseOptions { lenient_numbering: true };
    let parse = |t: &str| lexdiff::parse::parse_with(t, lexdiff::model::Kind::Law, lenient).unwrap().document;
    let (o, n) = (parse(&text), parse(&new_text));
    let mut rows = rows_around(&o, &n, "107", &AlignOptions::default());
    rows.extend(rows_around(&o, &n, "120", &AlignOptions::default()));
    rows.sort();
    rows.dedup();
    let expected = [
        ("107", "107", RowKind::Merged),
        ("108", "107", RowKind::Merged),
        ("120", "120", RowKind::Split),
        ("120", "120-1", RowKind::Split),
    ];
    assert_eq!(rows, expected.map(|(o, n, k)| (o.to_string(), n.to_string(), k)));
}

/// `lexdiff eval`, as a user runs it on a map `diff` wrote: the same scores as the
/// library's; exit 1 while the map and the gold disagree, 0 when they agree. Maps list
/// articles only, as the gold files do.
#[test]
fn eval_scores_a_map_written_by_diff() {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_lexdiff"))
            .args(args)
            .current_dir(root())
            .output()
            .expect("run lexdiff");
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("company.tsv");
    let map = map.to_str().unwrap();
    assert_eq!(run(&["diff", "company-law", "2018", "2023", "-o", map]).0, Some(1));
    let (code, out) = run(&["eval", "tests/data/gold/company-law_2018_to_2023.tsv", map]);
    let e = check("company-law", "2018", "2023");
    assert_eq!(code, Some(1), "{out}");
    let first = format!(
        "pairs: precision {:.3}, recall {:.3}, F1 {:.3} ({} gold, {} in map)",
        e.pairs.precision, e.pairs.recall, e.pairs.f1, e.gold_pairs, e.predicted_pairs
    );
    assert_eq!(out.lines().next(), Some(first.as_str()), "{out}");
    let lines = |what: &str| out.lines().filter(|l| l.starts_with(what)).count();
    assert_eq!(lines("missing\t"), e.missing.len() + e.missing_alone.len());
    assert_eq!(lines("extra\t"), e.extra.len() + e.extra_alone.len());
    assert_eq!(lines("kind\t"), e.kinds_differ.len());
    // Each row is named: the map's old 29 deleted, which the gold pairs with new 30.
    let alone =
        e.missing_alone.iter().map(|r| ("missing", r)).chain(e.extra_alone.iter().map(|r| ("extra", r)));
    for (what, (o, n)) in alone {
        assert!(out.contains(&format!("\n{what}\t{o}\t{n}\n")), "{what} {o} {n}: {out}");
    }
    assert!(e.extra_alone.contains(&("29".to_string(), String::new())), "{out}");
    assert!(!e.kinds_differ.is_empty());
    for (o, n, gold, map) in &e.kinds_differ {
        assert!(out.contains(&format!("\nkind\t{o}\t{n}\t{gold}\t{map}\n")), "{out}");
    }

    // The criminal law's map lists its 505 article rows, not its two appendices' rows; a
    // map written elsewhere with them scores against it on the articles alone, and two
    // such maps score their appendices too.
    let map = dir.path().join("criminal.tsv");
    let map = map.to_str().unwrap();
    assert_eq!(run(&["diff", "criminal-law", "2020", "2023", "-o", map]).0, Some(1));
    let written = std::fs::read_to_string(map).unwrap();
    assert!(!written.contains("appendix"), "{written}");
    assert_eq!(written.lines().count(), 1 + 505, "{written}");
    let with_appendices = format!(
        "{written}appendix-1\tappendix-1\tunchanged\t1.000\nappendix-2\tappendix-2\tunchanged\t1.000\n"
    );
    let gold = dir.path().join("with-appendices.tsv");
    std::fs::write(&gold, with_appendices).unwrap();
    let gold = gold.to_str().unwrap();
    let (code, out) = run(&["eval", gold, map]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("F1 1.000 (505 gold, 505 in map)"), "{out}");
    assert!(out.contains("appendix-1→appendix-1, appendix-2→appendix-2"), "{out}");
    let (code, out) = run(&["eval", gold, gold]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("(507 gold, 507 in map)") && !out.contains("not scored"), "{out}");
}
