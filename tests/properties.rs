//! Property tests (a short run in `cargo test`; the long runs are the cargo-fuzz targets
//! in `fuzz/`): the parser and the decoder never panic on any input, nor does reading a
//! report's targets (whose values quote their sentences), inline diffs cover
//! both texts exactly, the Word report of any two texts reads back, and the aligner
//! recovers the true mapping of random revisions of real laws.

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use lexdiff::align::{AlignOptions, Overrides, RowKind, align};
use lexdiff::compare::{CompareOptions, Header, compare};
use lexdiff::diff::{DiffOptions, Tag, inline_diff};
use lexdiff::input::decode;
use lexdiff::model::Kind;
use lexdiff::numerals;
use lexdiff::parse::parse;
use proptest::prelude::*;
use support::repo_root;
use support::synthetic::{Fate, edit};

/// Article numbers, mostly valid, sometimes odd (`零`, `十十`, very large).
fn numeral() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (1u32..3000).prop_map(numerals::format),
        1 => prop::sample::select(vec!["零", "十十", "一百零", "两", "廿", "〇"]).prop_map(String::from),
        1 => (0u32..u32::MAX).prop_map(numerals::format),
    ]
}

fn words() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "国家",
            "秘密",
            "应当",
            "第",
            "条",
            "章",
            "节",
            "编",
            "之一",
            "（",
            "）",
            "、",
            "。",
            "：",
            " ",
            "\u{3000}",
            "1.",
            "总则",
            "附则",
            "目录",
            "。（一）",
            "各位代表",
            "一、",
            "RCEP",
            "5%",
            "\t",
            "Article 3",
            "Art.",
            "§",
            "–",
            "règlement",
            "Shall",
            "a",
            ".",
            ",",
            "10",
            "000",
            "\n",
        ]),
        0..12,
    )
    .prop_map(|w| w.concat())
}

/// Paragraphs of a few words from a small vocabulary, each ending with a stop: texts
/// whose changes run over paragraph breaks and repeat the stops and words beside them,
/// which the diff's slides and its giving paragraphs their stops back move around.
fn paragraphs() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec!["国家", "秘密", "应当", "保守", "机关", "、", "，", "的", "（一）"]);
    let stop = prop::sample::select(vec!["。", "；", "：", ";", ""]);
    let paragraph = (prop::collection::vec(word, 0..6), stop).prop_map(|(w, s)| format!("{}{s}", w.concat()));
    prop::collection::vec(paragraph, 0..6).prop_map(|p| p.join("\n"))
}

/// A line of something law- or report-like.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (numeral(), words()).prop_map(|(n, w)| format!("第{n}条 {w}")),
        1 => (numeral(), words()).prop_map(|(n, w)| format!("第{n}条之{n}{w}")),
        1 => (numeral(), words()).prop_map(|(n, w)| format!("第{n}章 {w}")),
        1 => (numeral(), words()).prop_map(|(n, w)| format!("第{n}节{w}")),
        1 => (numeral(), words()).prop_map(|(n, w)| format!("（{n}）{w}")),
        1 => (numeral(), words()).prop_map(|(n, w)| format!("{n}、{w}")),
        1 => (1u32..30, words()).prop_map(|(n, w)| format!("{n}.{w}")),
        // Laws written with spaces: `Article 12a – …`, `§ 3 …`, `CHAPTER IV`.
        1 => (prop::sample::select(vec!["Article ", "Art. ", "§ ", "ARTICLE ", "CHAPTER ", "Title "]),
            prop::sample::select(vec!["1", "2", "12a", "IV", "0", "x", "99999999999"]),
            prop::sample::select(vec!["", " ", " – ", ". ", ": ", "—"]), words())
            .prop_map(|(a, n, sep, w)| format!("{a}{n}{sep}{w}")),
        2 => words(),
        1 => "\\PC{0,40}",
        1 => Just(String::new()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(line(), 0..40).prop_map(|l| l.join("\n"))
}

/// A fixed seed, so that CI runs are reproducible; `PROPTEST_RNG_SEED` (or
/// `PROPTEST_CASES`) explores further.
fn config(cases: u32) -> ProptestConfig {
    let mut c = ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() };
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        c.rng_seed = proptest::test_runner::RngSeed::Fixed(20261129);
    }
    if let Some(n) = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()) {
        c.cases = n;
    }
    c
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn the_parser_never_panics_and_its_output_is_consistent(text in text()) {
        for kind in [Kind::Law, Kind::Report, Kind::Plain] {
            if let Ok(p) = parse(&text, kind) {
                let labels: BTreeSet<&str> = p.document.units.iter().map(|u| u.label.as_str()).collect();
                prop_assert_eq!(labels.len(), p.document.units.len(), "unit labels are unique");
                prop_assert!(p.document.units.windows(2).all(|w| w[0].line < w[1].line), "units in text order");
                prop_assert!(p.document.units.iter().all(|u| !u.label.is_empty()));
            }
        }
    }

    #[test]
    fn decoding_never_panics_and_yields_clean_text(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        if let Ok(d) = decode(&bytes, Path::new("fuzz.txt")) {
            prop_assert!(!d.text.contains('\0') && !d.text.contains('\r'));
        }
    }

    #[test]
    fn report_targets_never_panic_and_quote_their_sentences(
        a in prop::collection::vec(report_sentence(), 1..6),
        b in prop::collection::vec(report_sentence(), 1..6),
    ) {
        let doc = |sentences: &[String]| parse(&format!("一、今年工作\n{}", sentences.concat()), Kind::Report);
        if let (Ok(a), Ok(b)) = (doc(&a), doc(&b)) {
            let opts = lexdiff::insights::TermOptions::default();
            let i = lexdiff::insights::report_insights(("a", &a.document), ("b", &b.document), &opts);
            for row in &i.targets.rows {
                prop_assert!(!row.indicator.is_empty());
                for s in row.cells.iter().flatten() {
                    prop_assert!(!s.indicator.is_empty());
                    prop_assert!(lexdiff::normalize::normalize(&s.sentence).contains(&s.quantity.text));
                }
            }
        }
    }

    #[test]
    fn inline_diffs_cover_both_texts_exactly(a in words(), b in words()) {
        covers_both_texts(&a, &b)?;
    }

    #[test]
    fn inline_diffs_of_paragraphs_cover_both_texts_exactly(a in paragraphs(), b in paragraphs()) {
        covers_both_texts(&a, &b)?;
    }
}

/// The inline diff's operations cover both texts in order, each saying truly what it does.
fn covers_both_texts(a: &str, b: &str) -> Result<(), TestCaseError> {
    let d = inline_diff(a, b, &DiffOptions::default());
    let (mut old_at, mut new_at) = (0, 0);
    for op in &d.ops {
        prop_assert_eq!(op.old.start, old_at);
        prop_assert_eq!(op.new.start, new_at);
        // Each operation says truly what it does.
        let norm = |s: &str| lexdiff::normalize::normalize(s);
        match op.tag {
            Tag::Equal => prop_assert_eq!(norm(&a[op.old.clone()]), norm(&b[op.new.clone()])),
            Tag::Insert => prop_assert!(op.old.is_empty() && !op.new.is_empty()),
            Tag::Delete => prop_assert!(op.new.is_empty() && !op.old.is_empty()),
            Tag::Replace => prop_assert!(op.reference || !op.old.is_empty() && !op.new.is_empty()),
        }
        old_at = op.old.end;
        new_at = op.new.end;
    }
    prop_assert_eq!((old_at, new_at), (a.len(), b.len()));
    prop_assert_eq!(d.is_equal(), lexdiff::normalize::normalize(a) == lexdiff::normalize::normalize(b));
    Ok(())
}

proptest! {
    #![proptest_config(config(64))]

    /// Whatever two texts are compared, the Word report of them (every row) is a Word
    /// document lexdiff's own reader takes, holding every line of every unit: what lexdiff
    /// writes, it can read.
    #[test]
    fn the_word_report_of_any_texts_reads_back_with_every_line(a in text(), b in text()) {
        let document = |t: &str| parse(t, Kind::Law).or_else(|_| parse(t, Kind::Plain)).ok().map(|p| p.document);
        let (Some(old), Some(new)) = (document(&a), document(&b)) else { return Ok(()) };
        let c = compare(Header::default(), &old, &new, &Overrides::default(), &CompareOptions::default());
        let docx = lexdiff::render::docx::render(&c, true);
        let read = decode(&docx, Path::new("report.docx"));
        prop_assert!(read.is_ok(), "{:?}", read.err());
        let text = read.map(|d| d.text).unwrap_or_default();
        // XML 1.0 has no room for most control characters: the report writes U+FFFD.
        let xml_safe = |l: &str| -> String {
            l.chars().map(|ch| if ch < ' ' && ch != '\t' { '\u{FFFD}' } else { ch }).collect()
        };
        for u in c.rows.iter().flat_map(|r| [&r.old, &r.new]).flatten() {
            for line in u.text.split('\n') {
                prop_assert!(text.contains(&xml_safe(line)), "{line:?} is not in the report:\n{text}");
            }
        }
    }
}

/// A sentence of a report made of the words its targets are read from.
fn report_sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "国内生产总值",
            "增长",
            "5%",
            "左右",
            "以上",
            "和",
            "与",
            "、",
            "，",
            "；",
            "：",
            "分别",
            "提高到",
            "不低于",
            "740元/月",
            "485元/月",
            "1.3万亿斤",
            "10.6万",
            "平方公里",
            "2.2个",
            "3.7个百分点",
            "比上年增加",
            "3000亿元",
            "安排",
            "超长期特别国债",
            "支持消费品以旧换新",
            "今年",
            "全国",
            "散居",
            "集中养育孤儿补贴标准",
            "刑事",
            "治安案件",
            "下降",
            "第",
            "之",
        ]),
        0..24,
    )
    .prop_map(|w| format!("{}。", w.concat()))
}

/// The text of the unit labelled `label`.
fn text_of(units: &[lexdiff::model::Unit], label: &str) -> String {
    units.iter().find(|u| u.label == label).map(|u| u.lines().map(|l| l.text).collect()).unwrap_or_default()
}

/// The share of the distinct character bigrams of `from` that `to` still has.
fn bigrams_kept(from: &str, to: &str) -> f64 {
    let bigrams = |t: &str| {
        let chars: Vec<char> = t.chars().collect();
        chars.windows(2).map(|w| (w[0], w[1])).collect::<BTreeSet<_>>()
    };
    let (f, t) = (bigrams(from), bigrams(to));
    if f.is_empty() { 1.0 } else { f.intersection(&t).count() as f64 / f.len() as f64 }
}

/// Real laws of different sizes and styles.
fn law(id: &str, version: &str) -> String {
    std::fs::read_to_string(repo_root().join("versions").join(id).join(format!("{version}.txt"))).unwrap()
}

proptest! {
    #![proptest_config(config(12))]

    #[test]
    fn the_aligner_recovers_the_mapping_of_random_revisions(
        which in 0usize..3,
        seed in any::<u64>(),
    ) {
        let text = match which {
            0 => law("state-secrets-law", "2024"),
            1 => law("charity-law", "2023"),
            _ => law("company-law", "2023"),
        };
        let (edited, fates) = edit(&text, seed);
        let old = parse(&text, Kind::Law).unwrap().document;
        let new = parse(&edited, Kind::Law).unwrap().document;
        let a = align(&old.units, &new.units, &AlignOptions::default(), &Overrides::default());
        let label = |units: &[lexdiff::model::Unit], i: Option<usize>| i.map(|i| units[i].label.clone());
        let rows: BTreeSet<(Option<String>, Option<String>, RowKind)> =
            a.rows.iter().map(|r| (label(&old.units, r.old), label(&new.units, r.new), r.kind)).collect();
        let paired = |o: &str, n: &str| rows.iter().any(|r| r.0.as_deref() == Some(o) && r.1.as_deref() == Some(n));
        for f in &fates {
            match f {
                // Every kept article is found; an unedited one as renumbered (all are).
                // Not one the random edit mostly rewrote (a short article keeping fewer
                // than half its bigrams: `公司债券应当为记名债券` → `公司债当制度名监督`).
                Fate::Kept { old: o, new: n, edited } => {
                    if *edited && bigrams_kept(&text_of(&old.units, o), &text_of(&new.units, n)) < 0.5 {
                        continue;
                    }
                    prop_assert!(paired(o, n), "old {} should pair with new {}", o, n);
                    if !edited {
                        prop_assert!(rows.contains(&(Some(o.clone()), Some(n.clone()), RowKind::Renumbered)));
                    }
                }
                // A deleted article pairs with no kept one's successor by mistake; it may
                // be merged where a random edit made a sentence look like its own.
                Fate::Deleted { old: o } => {
                    let partners: Vec<_> = rows.iter().filter(|r| r.0.as_deref() == Some(o.as_str())).collect();
                    prop_assert!(
                        partners.iter().all(|r| r.2 == RowKind::Deleted || r.2 == RowKind::Merged),
                        "old {} deleted: {:?}", o, partners
                    );
                }
                // An inserted article (made of unrelated words) comes from nowhere.
                Fate::Added { new: n } => {
                    prop_assert!(rows.contains(&(None, Some(n.clone()), RowKind::Added)), "new {} added", n);
                }
            }
        }
        let kept_pairs = fates.iter().filter(|f| matches!(f, Fate::Kept { .. })).count();
        let extra = rows.len().saturating_sub(fates.len());
        prop_assert!(extra * 50 <= kept_pairs, "at most one spurious row in 50 ({} extra)", extra);
    }
}
