//! Terms that appear or vanish between two versions of a report (`新质生产力` in 2024).
//!
//! Candidates are runs of one to four dictionary words (the differ's tokenizer) that hold
//! no function word, neither start with a verb of exhortation (`加快`, `推动`: they
//! precede a priority, they are not one) nor end with a particle. The dictionary predates
//! new coinages, so `新质生产力` arrives as `新` `质` `生产力`; taking word n-grams, and
//! dropping every candidate that never occurs outside a longer one (`质生产力` only ever
//! occurs inside `新质生产力`), recovers the coinage whole.
//!
//! A report names its priorities in its headings, so an occurrence in a heading weighs
//! [`TermOptions::heading_weight`] occurrences; a term is listed once its weight reaches
//! [`TermOptions::min_weight`], which keeps phrases used once in passing out.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::diff::tokens::{TokenKind, tokenize};
use crate::model::Document;
use crate::normalize::normalize;

/// Options of term extraction.
#[derive(Debug, Clone)]
pub struct TermOptions {
    /// Weight of an occurrence in a heading. Default 3.
    pub heading_weight: u32,
    /// Weight a term needs in the version where it occurs to be listed. Default 2.
    pub min_weight: u32,
    /// Longest candidate, in words. Default 4.
    pub max_words: usize,
    /// Longest candidate, in characters. Default 10.
    pub max_chars: usize,
    /// Terms listed per direction (appeared, vanished). Default 40.
    pub limit: usize,
}

impl Default for TermOptions {
    fn default() -> Self {
        TermOptions { heading_weight: 3, min_weight: 2, max_words: 4, max_chars: 10, limit: 40 }
    }
}

/// Whether a term is new or gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TermKind {
    Appeared,
    Vanished,
}

/// A term that appears in only one of two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermChange {
    pub term: String,
    pub kind: TermKind,
    /// Occurrences in each version (0 on one side).
    pub old_count: u32,
    pub new_count: u32,
    /// Occurrences in headings of the version where it occurs.
    pub in_headings: u32,
}

/// Words that never start or end a term and are never one: particles, conjunctions,
/// prepositions, pronouns, time words.
#[rustfmt::skip]
const FUNCTION_WORDS: &[&str] = &[
    "的", "地", "得", "了", "着", "过", "和", "与", "及", "以及", "或", "或者", "并", "并且", "而", "而且", "也", "都",
    "还", "又", "就", "是", "在", "对", "把", "将", "被", "为", "以", "从", "向", "于", "由", "按", "等", "之", "其",
    "这", "那", "此", "各", "每", "该", "我们", "我", "你们", "大家", "要", "更", "更加", "很", "最", "好", "不", "没有",
    "有", "中", "上", "下", "里", "今年", "去年", "明年", "上年", "全年", "过去", "当前", "目前", "一年", "年来", "一些", "一批",
    "一个", "通过", "围绕", "作为", "同时", "进一步", "持续", "不断", "继续", "积极", "大力", "切实", "着力", "扎实", "坚决", "全面",
    "深入", "努力", "主要", "重点", "重要", "各位", "代表", "同志", "方面", "工作", "问题", "情况", "有关", "相关", "到", "至",
    "需要", "以上", "以下", "左右", "仍然", "认真", "顺利", "令人", "确定", "应该", "应当", "必须", "可以", "能够", "已经", "正在",
    "还要", "一定", "所有", "许多", "不少",
];

/// Verbs of exhortation: they introduce a priority (`加快发展新质生产力`) but neither
/// start a term nor are one. A term may end with one (`高质量发展`).
#[rustfmt::skip]
const LEADING_VERBS: &[&str] = &[
    "加快", "加强", "推动", "推进", "促进", "发展", "实施", "提高", "提升", "完善", "深化", "坚持", "支持", "落实", "扩大", "健全",
    "强化", "优化", "保持", "做好", "抓好", "加大", "建立", "构建", "开展", "实现", "增强", "巩固", "稳定", "培育", "打造", "建设",
    "引导", "鼓励", "保障", "统筹", "防范", "化解", "推广",
];

fn is_function_word(w: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| FUNCTION_WORDS.iter().copied().collect()).contains(w)
}

fn is_leading_verb(w: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| LEADING_VERBS.iter().copied().collect()).contains(w)
}

/// What stands next to every occurrence of a candidate on one side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Side<'a> {
    #[default]
    Unseen,
    /// Always this word: the candidate is a cut of something longer.
    Always(&'a str),
    /// A boundary (punctuation, a function word) or different words: the term ends here.
    Closed,
}

impl<'a> Side<'a> {
    fn see(&mut self, next: Option<&'a str>) {
        *self = match (*self, next) {
            (Side::Unseen, Some(w)) => Side::Always(w),
            (Side::Always(a), Some(w)) if a == w => Side::Always(a),
            _ => Side::Closed,
        };
    }
}

/// A candidate's occurrences in one version.
#[derive(Debug, Clone, Copy, Default)]
struct Stat<'a> {
    count: u32,
    in_headings: u32,
    left: Side<'a>,
    right: Side<'a>,
}

type Counts<'a> = FxHashMap<&'a str, Stat<'a>>;

/// Where a text is: what an occurrence in it adds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Occurrence {
    Body,
    /// A heading on its own line.
    Heading,
    /// A heading that opens the paragraph it heads (`（一）…。充分发挥…`): its words were
    /// counted with the paragraph; only the heading weight is added.
    HeadingInBody,
}

/// Normalised texts of a document with where they stand.
fn texts(doc: &Document) -> Vec<(String, Occurrence)> {
    let mut out = Vec::new();
    let mut lines: Vec<u32> = Vec::new();
    for unit in &doc.units {
        for line in unit.lines() {
            lines.push(line.line);
            out.push((normalize(line.text), Occurrence::Body));
        }
    }
    lines.sort_unstable();
    for h in &doc.headings {
        let at = if lines.binary_search(&h.line).is_ok() {
            Occurrence::HeadingInBody
        } else {
            Occurrence::Heading
        };
        out.push((normalize(&h.title), at));
    }
    out
}

/// Candidate terms of some texts with their occurrences.
fn candidates<'a>(texts: &'a [(String, Occurrence)], opts: &TermOptions) -> Counts<'a> {
    let mut counts = Counts::default();
    for (text, at) in texts {
        // Runs of words between punctuation and numbers. A run right after a number
        // starts with its measure word (`19` `万公里`, `40` `多年`), which is no term.
        let mut run: Vec<Word<'a>> = Vec::new();
        let mut after_number = false;
        for t in tokenize(text) {
            match t.kind {
                TokenKind::Word | TokenKind::Latin => run.push(Word::new(text, t.range)),
                kind => {
                    add_run(text, &run, after_number, *at, opts, &mut counts);
                    run.clear();
                    after_number = kind == TokenKind::Number;
                }
            }
        }
        add_run(text, &run, after_number, *at, opts, &mut counts);
    }
    counts
}

/// A word of a run, classified once.
struct Word<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    chars: usize,
    function: bool,
    leading: bool,
}

impl<'a> Word<'a> {
    fn new(text: &'a str, range: std::ops::Range<usize>) -> Word<'a> {
        let w = &text[range.clone()];
        Word {
            text: w,
            start: range.start,
            end: range.end,
            chars: w.chars().count(),
            function: is_function_word(w),
            leading: is_leading_verb(w),
        }
    }

    /// A single character the dictionary did not join to its neighbour: two of them in
    /// a row are likely one word it does not know (`守` `牢`, `新` `质`).
    fn single(&self) -> bool {
        self.chars == 1
    }
}

fn add_run<'a>(
    text: &'a str,
    run: &[Word<'a>],
    after_number: bool,
    at: Occurrence,
    opts: &TermOptions,
    counts: &mut Counts<'a>,
) {
    for i in usize::from(after_number)..run.len() {
        if run[i].function || run[i].leading || (i > 0 && run[i].single() && run[i - 1].single()) {
            continue;
        }
        // What could extend a candidate: a word that may start (left) or end (right) one.
        let left = (i > 0 && !run[i - 1].function && !run[i - 1].leading).then(|| run[i - 1].text);
        let mut chars = 0;
        for j in i..run.len().min(i + opts.max_words) {
            if run[j].function {
                break;
            }
            chars += run[j].chars;
            if chars > opts.max_chars {
                break;
            }
            if chars < 2 || (run[j].single() && run.get(j + 1).is_some_and(Word::single)) {
                continue;
            }
            let right = run.get(j + 1).filter(|w| !w.function).map(|w| w.text);
            // The words of a run are consecutive in the text: the candidate is a slice.
            let stat = counts.entry(&text[run[i].start..run[j].end]).or_default();
            match at {
                Occurrence::Body => stat.count += 1,
                Occurrence::Heading => {
                    stat.count += 1;
                    stat.in_headings += 1;
                }
                Occurrence::HeadingInBody => {
                    stat.in_headings += 1;
                    continue;
                }
            }
            stat.left.see(left);
            stat.right.see(right);
        }
    }
}

/// Terms that appear in `new` but not in `old`, and the reverse, each list ranked by
/// weight (most used first), then longer terms first, then by the term itself.
///
/// A candidate is left out when it is a cut of something longer: when every occurrence
/// has the same word beside it (`因地制宜发展新质` is always followed by `生产力`), or
/// when it never occurs outside one longer candidate (`质生产力` inside `新质生产力`).
pub fn term_changes(old: &Document, new: &Document, opts: &TermOptions) -> Vec<TermChange> {
    let (old_texts, new_texts) = rayon::join(|| texts(old), || texts(new));
    let (a, b) = rayon::join(|| candidates(&old_texts, opts), || candidates(&new_texts, opts));
    let weight = |s: &Stat<'_>| s.count + s.in_headings * opts.heading_weight.saturating_sub(1);
    let mut out = Vec::new();
    for (kind, here, there) in [(TermKind::Appeared, &b, &a), (TermKind::Vanished, &a, &b)] {
        // Candidates absent from the other version, by count. Whatever contains one of
        // them is absent from the other version too, so a longer candidate that always
        // surrounds a term is in the same group.
        let mut novel: FxHashMap<u32, Vec<&str>> = FxHashMap::default();
        for (term, s) in here.iter().filter(|(term, _)| !there.contains_key(*term)) {
            novel.entry(s.count).or_default().push(term);
        }
        let inside_longer = |term: &str, count: u32| {
            novel[&count].iter().any(|other| other.len() > term.len() && other.contains(term))
        };
        let mut list: Vec<(u32, &str, &Stat<'_>)> = novel
            .values()
            .flatten()
            .map(|&term| (term, &here[term]))
            .filter(|&(term, s)| {
                weight(s) >= opts.min_weight
                    && !matches!(s.left, Side::Always(_))
                    && !matches!(s.right, Side::Always(_))
                    && !is_function_word(term)
                    && !is_leading_verb(term)
                    && !inside_longer(term, s.count)
            })
            .map(|(term, s)| (weight(s), term, s))
            .collect();
        list.sort_by(|x, y| {
            y.0.cmp(&x.0).then(y.1.chars().count().cmp(&x.1.chars().count())).then(x.1.cmp(y.1))
        });
        out.extend(list.into_iter().take(opts.limit).map(|(_, term, s)| {
            let (old_count, new_count) = if kind == TermKind::Appeared { (0, s.count) } else { (s.count, 0) };
            TermChange { term: term.to_string(), kind, old_count, new_count, in_headings: s.in_headings }
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use crate::parse::parse;

    fn doc(text: &str) -> Document {
        parse(text, Kind::Report).unwrap().document
    }

    #[test]
    fn a_new_coinage_is_found_whole_and_verbs_are_not_terms() {
        let old = doc("一、工作任务\n（一）加快建设现代化产业体系。推动产业升级。\n");
        let new = doc("一、工作任务\n（一）加快发展新质生产力。推动产业升级，发展新质生产力。\n");
        let changes = term_changes(&old, &new, &TermOptions::default());
        let appeared: Vec<&str> =
            changes.iter().filter(|c| c.kind == TermKind::Appeared).map(|c| c.term.as_str()).collect();
        assert_eq!(appeared.first(), Some(&"新质生产力"), "{appeared:?}");
        assert!(!appeared.iter().any(|t| t.starts_with("发展") || *t == "质生产力"), "{appeared:?}");
        let vanished: Vec<&str> =
            changes.iter().filter(|c| c.kind == TermKind::Vanished).map(|c| c.term.as_str()).collect();
        assert!(vanished.contains(&"现代化产业体系"), "{vanished:?}");
    }
}
