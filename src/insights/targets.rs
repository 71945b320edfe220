//! Quantitative targets of a report (`国内生产总值增长5%左右`, `赤字率拟按3%安排`) and
//! their pairing across versions by indicator.
//!
//! A statement is a quantity with the indicator it measures: the words before the number
//! in its clause, with time words, modal verbs and linking verbs trimmed (`今年赤字率拟按`
//! → `赤字率`). When a clause names no indicator of its own it borrows one from its
//! sentence, the way a reader does: `今年先发行1万亿元` continues `…发行超长期特别国债`,
//! `增长5.2%` continues `国内生产总值超过126万亿元`. A clause comparing with last year
//! (`比上年增加1000亿元`) is a note on the statement before it, not an indicator.
//!
//! Targets are the statements outside the review of past work (a top-level section whose
//! heading contains `回顾`): what a report plans, not what it reports.

use serde::Serialize;

use super::quantity::{self, Change, Quantity};
use crate::diff::tokens::{Token, TokenKind, tokenize};
use crate::model::{Document, Level};
use crate::normalize::normalize;

/// Whether a statement plans or reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A goal or plan for the coming period.
    Target,
    /// A figure from the review of past work.
    Reported,
}

/// A quantity with the indicator it measures and where it was said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Statement {
    /// `国内生产总值增长`, `赤字率`, `地方政府专项债券`.
    pub indicator: String,
    pub quantity: Quantity,
    pub role: Role,
    /// The paragraph's label (`2.0.3`) and line.
    pub unit: String,
    pub line: u32,
    /// The sentence as written.
    pub sentence: String,
    /// Comparisons the text makes itself: `比上年增加1000亿元`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// What the clause says after the value (`支持消费品以旧换新`): tells apart values of
    /// one indicator (see [`statements`]).
    #[serde(skip)]
    after: String,
}

/// Words trimmed from the front of an indicator, longest first: time, modality, verbs of
/// arranging. Trimmed repeatedly (`今年拟安排` → ``).
#[rustfmt::skip]
const LEADING: &[&str] = &[
    "进一步", "其中", "今年", "全年", "明年", "当年", "年内", "同时", "力争", "确保", "预计", "计划", "继续", "全省", "全国",
    "保持在", "控制在", "安排", "发行", "下达", "实现", "完成", "达到", "超过", "突破", "拟", "要", "将", "先", "再", "共", "约",
    "近", "使", "把", "从", "合计",
];

/// Words trimmed from the end of an indicator, longest first: linking verbs and
/// prepositions before a number (`赤字率拟按`, `粮食产量保持在`, `预期目标为`).
#[rustfmt::skip]
const TRAILING: &[&str] = &[
    "预期目标为", "预期目标是", "目标为", "目标是", "提高到", "提高至", "提升到", "提升至", "增加到", "增加至", "增长到", "增长至", "下降到",
    "下降至", "降低到", "降低至", "减少到", "减少至", "保持在", "控制在", "稳定在", "拟安排", "拟发行", "拟按", "不低于", "不少于", "不超过",
    "不高于", "每人", "安排", "达到", "超过", "突破", "接近", "约为", "分别", "累计", "合计", "按", "拟", "达", "约", "近", "为",
    "是", "到", "至", "共", "的", "在", "逾",
];

/// Indicators that are only a verb of change: the subject comes from the sentence.
const CHANGE_WORDS: &[&str] =
    &["增长", "下降", "降低", "提高", "增加", "减少", "上涨", "涨幅", "增速", "降幅", "提升"];

/// Verbs whose object names the amount in a later clause (`发行超长期特别国债，…今年先发行1万亿元`).
const OBJECT_VERBS: &[&str] = &["发行", "安排", "下达", "投入", "新增", "建设", "改造", "培训", "减免"];

/// Names of the growth of a country's or a region's GDP, and what reports also call it.
const GDP_GROWTH: &[&str] = &["国内生产总值增长", "地区生产总值增长"];
const ECONOMIC_GROWTH: &str = "经济增长";

/// Openings of a clause that compares with an earlier period.
const COMPARISONS: &[&str] = &["比上年", "比去年", "较上年", "较去年", "同比", "比年初"];

/// Quotes and brackets (in normal form), opening and closing.
const WRAPPERS: &[(char, char)] = &[('“', '”'), ('‘', '’'), ('(', ')'), ('《', '》'), ('"', '"')];

/// Trims quotes and brackets from both ends of an indicator, but not one whose partner is
/// inside it: `“徐特立项目”` loses its quotes, `“五类”研发企业(中心)` stays whole.
fn trim_wrappers(mut s: &str) -> &str {
    loop {
        let before = s;
        // Wrapped whole: `“徐特立项目”`.
        let whole = WRAPPERS.iter().find_map(|&(open, close)| {
            let inner = s.strip_prefix(open)?.strip_suffix(close)?;
            (!inner.contains(open) && !inner.contains(close)).then_some(inner)
        });
        if let Some(inner) = whole {
            s = inner;
        }
        if let Some(first) = s.chars().next() {
            let rest = &s[first.len_utf8()..];
            let partnered = WRAPPERS.iter().any(|&(open, close)| first == open && rest.contains(close));
            if !partnered && WRAPPERS.iter().any(|&(open, close)| first == open || first == close) {
                s = rest;
            }
        }
        if let Some(last) = s.chars().next_back() {
            let rest = &s[..s.len() - last.len_utf8()];
            let partnered = WRAPPERS.iter().any(|&(open, close)| last == close && rest.contains(open));
            if !partnered && WRAPPERS.iter().any(|&(open, close)| last == open || last == close) {
                s = rest;
            }
        }
        if s == before {
            return s;
        }
    }
}

/// Trims [`LEADING`] and [`TRAILING`] words, but only whole words: `先进制造业` keeps its
/// `先`, `行为` its `为`.
fn trim_indicator(raw: &str) -> &str {
    // List numbers (`①` is `1` in normal form) and punctuation are not part of a name.
    let mut s = raw.trim_start_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation());
    s = trim_wrappers(s);
    loop {
        let before = s;
        let bounds: Vec<usize> = tokenize(s).iter().map(|t| t.range.end).collect();
        let is_bound = |b: usize| b == 0 || bounds.contains(&b);
        // A word that a conjunction follows is a subject (`全国和自由贸易试验区…`).
        let is_conjunction = |rest: &str| ["和", "与", "及"].iter().any(|c| rest.starts_with(c));
        if let Some(p) =
            LEADING.iter().find(|p| s.starts_with(*p) && is_bound(p.len()) && !is_conjunction(&s[p.len()..]))
        {
            s = &s[p.len()..];
        } else if let Some(p) = TRAILING.iter().find(|p| s.ends_with(*p) && is_bound(s.len() - p.len())) {
            s = &s[..s.len() - p.len()];
        }
        s = trim_wrappers(s);
        if s == before {
            return s;
        }
    }
}

/// The indicator without a trailing verb of change: `国内生产总值增长` → `国内生产总值`.
fn subject(indicator: &str) -> &str {
    CHANGE_WORDS.iter().find_map(|w| indicator.strip_suffix(w)).filter(|s| !s.is_empty()).unwrap_or(indicator)
}

/// Splits into sentences at `。！？`, keeping the terminator.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(['。', '！', '？']).filter(|s| !s.trim().is_empty())
}

/// Ends a clause: `、`, `。` and the NFKC forms of `，；：！？`.
fn is_clause_end(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '、' | '。' | '!' | '?')
}

/// Splits a normalised sentence into clauses, each with its byte offset in the sentence.
fn clauses(sentence: &str) -> impl Iterator<Item = (usize, &str)> {
    sentence
        .split_inclusive(is_clause_end)
        .scan(0, |at, piece| {
            let start = *at;
            *at += piece.len();
            Some((start, piece.strip_suffix(is_clause_end).unwrap_or(piece)))
        })
        .filter(|(_, c)| !c.is_empty())
}

/// `分别` (respectively): the values that follow go one to each of the subjects before.
const RESPECTIVELY: &str = "分别";

/// Where a subject may be found named in full: the texts of the versions a table
/// compares, in the normal form of their sentences. Made on first use: only a list whose
/// shared words the text does not mark asks (see `subjects`).
pub struct Evidence<'d> {
    docs: Vec<&'d Document>,
    text: std::cell::OnceCell<String>,
}

impl<'d> Evidence<'d> {
    pub fn of(docs: &[&'d Document]) -> Evidence<'d> {
        Evidence { docs: docs.to_vec(), text: std::cell::OnceCell::new() }
    }

    /// Whether one of the texts writes `name`.
    fn names(&self, name: &str) -> bool {
        let text = self.text.get_or_init(|| {
            let lines = self.docs.iter().flat_map(|d| d.units.iter()).flat_map(|u| u.lines());
            lines.map(|l| normalize(l.text)).collect::<Vec<_>>().join("\n")
        });
        text.contains(name)
    }
}

/// Listed values that each measure their own subject, as (the value's byte offset in
/// `sentence`, its indicator):
///
/// - `高技术制造业、装备制造业增加值分别增长8.9%、7.7%` (`分别`, respectively): the first
///   value is `高技术制造业增加值增长`, the second `装备制造业增加值增长`. Read clause by
///   clause, the first value would be the second subject's, and the first subject lost.
/// - `散居和集中养育孤儿补贴标准提高到1200元/月和1700元/月`: `散居养育孤儿补贴标准` and
///   `集中养育孤儿补贴标准`, the same reading without the word.
///
/// Where values and subjects do not match one to one (`居民收入分别增长4.1%、7%`), or
/// the subjects joined by a conjunction may share words that neither the text marks nor
/// the `evidence` names (see [`subjects`]), nothing: those values are read the usual way.
fn listed_values(sentence: &str, evidence: &Evidence<'_>) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    // The clause around `分别`, which `、` does not end: its subjects and its values.
    let is_end = |c: char| is_clause_end(c) && c != '、';
    for (at, _) in sentence.match_indices(RESPECTIVELY) {
        let from = sentence[..at]
            .char_indices()
            .rev()
            .find(|&(_, c)| is_end(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let start = at + RESPECTIVELY.len();
        let end = sentence[start..].find(is_end).map_or(sentence.len(), |i| start + i);
        let predicate = &sentence[start..end];
        let found = quantity::find(predicate);
        let Some(names) = is_list(predicate, &found)
            .then(|| subjects(&sentence[from..at], found.len(), evidence))
            .flatten()
        else {
            continue;
        };
        let verb = trim_indicator(&predicate[..found[0].start]);
        for (f, name) in found.iter().zip(names) {
            // `全国` alone would be trimmed away as a scope word: here it is the subject.
            let name = Some(trim_indicator(&name)).filter(|n| !n.is_empty()).unwrap_or(name.trim());
            out.push((start + f.start, format!("{name}{verb}")));
        }
    }
    for (offset, clause) in clauses(sentence).filter(|(_, c)| !c.contains(RESPECTIVELY)) {
        let found = quantity::find(clause);
        if !is_list(clause, &found) {
            continue;
        }
        let subject = trim_indicator(&clause[..found[0].start]);
        if let Some(names) = subjects(subject, found.len(), evidence) {
            out.extend(found.iter().zip(names).map(|(f, name)| (offset + f.start, name)));
        }
    }
    out
}

/// Two or more values joined by `、` or a conjunction only: `8.9%、7.7%`, `30元和5元`.
fn is_list(text: &str, found: &[quantity::Found]) -> bool {
    found.len() >= 2 && found.windows(2).all(|w| quantity::joins_list(&text[w[0].end..w[1].start]))
}

/// The `n` subjects of listed values: split at `、`, or else also at conjunctions (`和`,
/// `与`, `及` as words of their own, so `和平` stays whole). A head that the last subject
/// carries for all is added to the others (see [`shared_head`]). Subjects joined by a
/// conjunction are taken only when each has such a head or ends like the last
/// (`零售额和餐饮营业额`), or when the `evidence` names one in full:
/// `居民医保和基本公共卫生服务经费人均财政补助标准` does not say whether
/// `人均财政补助标准` belongs to both, but a version that writes
/// `居民医保人均财政补助标准` does. One subject names two when it begins with a word of
/// [`PAIRS`] (`城乡`).
fn subjects(text: &str, n: usize, evidence: &Evidence<'_>) -> Option<Vec<String>> {
    let listed: Vec<&str> = text.split('、').collect();
    let marked = listed.len() == n;
    let parts: Vec<&str> =
        if marked { listed } else { listed.into_iter().flat_map(split_at_conjunctions).collect() };
    if parts.len() == 1 && n == 2 {
        return pair_of(parts[0]);
    }
    if parts.len() != n || parts.iter().any(|p| p.trim().is_empty()) {
        return None;
    }
    let last = parts[n - 1];
    let last_tokens = tokenize(last);
    let mut out = Vec::with_capacity(n);
    for p in &parts[..n - 1] {
        let mut head = shared_head(p, last, &last_tokens);
        if !marked && head.is_empty() && p.chars().last() != last.chars().last() {
            head = named_head(p, last, &last_tokens, evidence)?;
        }
        out.push(format!("{p}{head}"));
    }
    out.push(last.to_string());
    Some(out)
}

/// Words that name two subjects at once, and the two: `城乡居民收入分别增长4.1%、7%` is
/// the income of urban and of rural residents, `进出口` imports and exports.
const PAIRS: &[(&str, [&str; 2])] = &[("城乡", ["城镇", "农村"]), ("进出口", ["进口", "出口"])];

/// The two subjects of one that begins with a word of [`PAIRS`]: `城乡低保标准` →
/// `城镇低保标准`, `农村低保标准`.
fn pair_of(subject: &str) -> Option<Vec<String>> {
    let subject = trim_indicator(subject);
    PAIRS.iter().find_map(|(both, each)| {
        let rest = subject.strip_prefix(both)?;
        Some(each.iter().map(|e| format!("{e}{rest}")).collect())
    })
}

/// Splits at conjunctions that are words of their own.
fn split_at_conjunctions(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut from = 0;
    for t in tokenize(text) {
        if quantity::CONJUNCTIONS.contains(&&text[t.range.clone()]) {
            out.push(&text[from..t.range.start]);
            from = t.range.end;
        }
    }
    out.push(&text[from..]);
    out
}

/// The words the last subject of a list carries for all (`高技术制造业、装备制造业增加值`:
/// `增加值`), to be added to an earlier `subject`: what follows, in the last subject, the
/// word `subject` ends with; or, when `subject` is one word and the last subject starts
/// with a word as long (`刑事、治安案件`, `进口、出口通关时间`), what follows that word.
/// Otherwise nothing: `居民医保和基本公共卫生服务经费人均财政补助标准` does not say which
/// of its words are shared.
fn shared_head<'t>(subject: &str, last: &'t str, last_tokens: &[Token]) -> &'t str {
    let tokens = tokenize(subject);
    let word = |t: &Token, s: &'t str| -> &'t str { &s[t.range.clone()] };
    let Some(end) = tokens.last().map(|t| &subject[t.range.clone()]) else {
        return "";
    };
    if let Some(t) = last_tokens.iter().rev().find(|t| word(t, last) == end) {
        return &last[t.range.end..];
    }
    match (tokens.as_slice(), last_tokens) {
        ([only], [first, second, ..])
            if only.kind == TokenKind::Word && word(first, last).chars().count() == end.chars().count() =>
        {
            &last[second.range.start..]
        }
        _ => "",
    }
}

/// The words of the last subject that `subject` shares, when the `evidence` names the
/// two together: the longest run of the last subject's final words (not all of them)
/// such that `subject` followed by it is written somewhere.
fn named_head<'t>(
    subject: &str,
    last: &'t str,
    last_tokens: &[Token],
    evidence: &Evidence<'_>,
) -> Option<&'t str> {
    let subject = subject.trim();
    last_tokens
        .iter()
        .skip(1)
        .map(|t| &last[t.range.start..])
        .find(|head| evidence.names(&format!("{subject}{head}")))
}

/// The object of `verb` in the last earlier clause that has one.
fn object_of(verb: &str, earlier: &[&str]) -> Option<String> {
    earlier.iter().rev().find_map(|c| {
        let at = c.rfind(verb)?;
        let object = trim_indicator(&c[at + verb.len()..]);
        (object.chars().count() >= 2).then(|| object.to_string())
    })
}

/// Words that join values (`30元和5元`) and name nothing.
fn is_function_word_only(s: &str) -> bool {
    matches!(s, "" | "和" | "与" | "及" | "或" | "的" | "以及")
}

/// Every statement of a document, in text order.
pub fn statements(doc: &Document) -> Vec<Statement> {
    statements_among(doc, &Evidence::of(&[doc]))
}

/// Every statement of a document, reading subjects it lists without naming them in full
/// with the help of `evidence` (the versions it is tabulated with).
pub fn statements_among(doc: &Document, evidence: &Evidence<'_>) -> Vec<Statement> {
    let mut out = Vec::new();
    for unit in &doc.units {
        let role = match doc.heading_path(unit).into_iter().find(|h| h.level == Level::Heading) {
            Some(h) if h.title.contains("回顾") => Role::Reported,
            _ => Role::Target,
        };
        for line in unit.lines() {
            for sentence in sentences(line.text) {
                sentence_statements(sentence, role, &unit.label, line.line, evidence, &mut out);
            }
        }
    }
    // Economic growth is what the report measures as the growth of its GDP
    // (`经济增长预期目标为5%左右` after `国内生产总值增长5%左右`; in a province's report
    // `地区生产总值增长`): it goes by that name.
    let gdp = out.iter().find(|s| GDP_GROWTH.contains(&s.indicator.as_str())).map(|s| s.indicator.clone());
    if let Some(gdp) = gdp {
        out.iter_mut().filter(|s| s.indicator == ECONOMIC_GROWTH).for_each(|s| s.indicator.clone_from(&gdp));
    }
    // A report often restates a target to explain it (`城镇调查失业率5.5%左右，体现了…`):
    // the same value under the same indicator is one statement, the first.
    let mut seen = rustc_hash::FxHashSet::default();
    out.retain(|s| {
        let q = &s.quantity;
        seen.insert((s.role, s.indicator.clone(), q.value, q.unit.clone(), q.bound))
    });
    // One indicator with several values (`超长期特别国债`: 1.3万亿元, and 3000亿元 that
    // `支持消费品以旧换新`): a later value is told apart by what its clause says after it.
    let mut named = rustc_hash::FxHashSet::default();
    for s in &mut out {
        if !named.insert((s.role, s.indicator.clone())) && !s.after.is_empty() {
            s.indicator = format!("{}（{}）", s.indicator, s.after);
        }
    }
    out
}

fn sentence_statements(
    sentence: &str,
    role: Role,
    unit: &str,
    line: u32,
    evidence: &Evidence<'_>,
    out: &mut Vec<Statement>,
) {
    let norm = normalize(sentence);
    let (offsets, clause_list): (Vec<usize>, Vec<&str>) = clauses(&norm).unzip();
    let listed = listed_values(&norm, evidence);
    let first_here = out.len();
    for (ci, clause) in clause_list.iter().enumerate() {
        let found = quantity::find(clause);
        if found.is_empty() {
            continue;
        }
        if COMPARISONS.iter().any(|c| clause.starts_with(c)) {
            if out.len() > first_here
                && let Some(last) = out.last_mut()
            {
                last.notes.push(clause.to_string());
            }
            continue;
        }
        let mut from = 0;
        let ends: Vec<usize> = found.iter().skip(1).map(|f| f.start).chain([clause.len()]).collect();
        for (f, next) in found.into_iter().zip(ends) {
            let raw = &clause[from..f.start];
            from = f.end;
            // `分别` (respectively) says how values go to subjects and names nothing. Here
            // the subjects could not be told apart (see `listed_values`): the values share
            // the list as their indicator.
            let unlisted = raw.replace(RESPECTIVELY, "");
            let own = trim_indicator(&unlisted);
            // The thing counted may follow the number: `建设300所乡镇标准化寄宿制学校`.
            let counted = trim_indicator(&clause[f.end..next]);
            let (own, after) = if quantity::is_count(&f.quantity.unit) && counted.chars().count() >= 2 {
                let verb = if is_function_word_only(own) { "" } else { own };
                (std::borrow::Cow::Owned(format!("{verb}{counted}")), "")
            } else {
                (std::borrow::Cow::Borrowed(own), counted)
            };
            let own = own.as_ref();
            let previous = out[first_here..].last().map(|s: &Statement| s.indicator.clone());
            let own_subject = listed.iter().find(|(at, _)| *at == offsets[ci] + f.start);
            let indicator = if let Some((_, indicator)) = own_subject {
                indicator.clone()
            } else if own.chars().count() >= 2 && !CHANGE_WORDS.contains(&own) {
                own.to_string()
            } else if let Some(object) = (own.is_empty())
                .then(|| OBJECT_VERBS.iter().find(|v| raw.contains(*v)))
                .flatten()
                .and_then(|v| object_of(v, &clause_list[..ci]))
            {
                object
            } else if let Some(prev) = previous {
                // `增长5.2%` after `国内生产总值超过126万亿元`; a bare number (`30元和5元`)
                // continues the last.
                if CHANGE_WORDS.contains(&own) { format!("{}{own}", subject(&prev)) } else { prev }
            } else {
                continue;
            };
            out.push(Statement {
                indicator,
                quantity: f.quantity,
                role,
                unit: unit.to_string(),
                line,
                sentence: sentence.trim().to_string(),
                notes: Vec::new(),
                after: after.to_string(),
            });
        }
    }
}

/// One indicator followed across versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetRow {
    /// The indicator as the newest version holding it names it.
    pub indicator: String,
    /// One cell per version of the table, `None` where that version states no value.
    pub cells: Vec<Option<Statement>>,
    /// `changes[i]`: from the closest earlier stated value to `cells[i]`; `None` for the
    /// first stated value.
    pub changes: Vec<Option<Change>>,
}

/// Targets of several versions, paired by indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetTable {
    /// The versions, oldest first.
    pub versions: Vec<String>,
    pub rows: Vec<TargetRow>,
}

impl TargetTable {
    /// Builds the table from versions given oldest first.
    pub fn build(versions: &[(&str, &Document)]) -> TargetTable {
        let docs: Vec<&Document> = versions.iter().map(|(_, d)| *d).collect();
        let evidence = Evidence::of(&docs);
        let per_version: Vec<Vec<Statement>> = versions
            .iter()
            .map(|(_, d)| {
                statements_among(d, &evidence).into_iter().filter(|s| s.role == Role::Target).collect()
            })
            .collect();
        // Chains of (version, statement index), extended pairwise from one version to the next.
        let mut chains: Vec<Vec<(usize, usize)>> = Vec::new();
        let mut open: Vec<Option<usize>> = Vec::new(); // chain of each statement of the last version
        for (v, stmts) in per_version.iter().enumerate() {
            let mut next_open = vec![None; stmts.len()];
            let pairs = if v == 0 { Vec::new() } else { pair(&per_version[v - 1], stmts) };
            let mut paired = vec![false; stmts.len()];
            for (i, j) in pairs {
                if let Some(c) = open[i] {
                    chains[c].push((v, j));
                    next_open[j] = Some(c);
                    paired[j] = true;
                }
            }
            for j in (0..stmts.len()).filter(|&j| !paired[j]) {
                chains.push(vec![(v, j)]);
                next_open[j] = Some(chains.len() - 1);
            }
            open = next_open;
        }
        let chains = rejoin(chains, &per_version);
        let mut rows: Vec<(usize, usize, TargetRow)> = chains
            .into_iter()
            .map(|chain| {
                let &(last_v, last_i) = chain.last().expect("chains are never empty");
                let mut cells = vec![None; versions.len()];
                for &(v, i) in &chain {
                    cells[v] = Some(per_version[v][i].clone());
                }
                let mut changes = vec![None; versions.len()];
                for w in chain.windows(2) {
                    let (a, b) = (&per_version[w[0].0][w[0].1], &per_version[w[1].0][w[1].1]);
                    changes[w[1].0] = Some(quantity::change(&a.quantity, &b.quantity));
                }
                let indicator = per_version[last_v][last_i].indicator.clone();
                (last_v, last_i, TargetRow { indicator, cells, changes })
            })
            .collect();
        // Rows the newest version states come first, in its order; then the rest, newest first.
        rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        TargetTable {
            versions: versions.iter().map(|(l, _)| l.to_string()).collect(),
            rows: rows.into_iter().map(|r| r.2).collect(),
        }
    }
}

/// Chains with the same indicator that do not overlap in time become one: an indicator
/// a report skipped one year is still the same indicator.
fn rejoin(chains: Vec<Vec<(usize, usize)>>, per_version: &[Vec<Statement>]) -> Vec<Vec<(usize, usize)>> {
    let mut out: Vec<Vec<(usize, usize)>> = Vec::new();
    for chain in chains {
        let (first_v, first_i) = chain[0];
        let key = &per_version[first_v][first_i].indicator;
        let earlier = out.iter_mut().find(|c| {
            let &(lv, li) = c.last().expect("chains are never empty");
            lv + 1 < first_v
                && &per_version[lv][li].indicator == key
                && per_version[lv][li].quantity.comparable(&per_version[first_v][first_i].quantity)
        });
        match earlier {
            Some(c) => c.extend(chain),
            None => out.push(chain),
        }
    }
    out
}

/// Below this similarity (Dice of character bigrams) two differently named indicators
/// are not paired. `单位国内生产总值能耗降低` / `单位GDP能耗降低` share half their bigrams;
/// unrelated indicators of the same unit rarely share a third.
pub const MIN_INDICATOR_SIMILARITY: f64 = 0.5;

/// Pairs the statements of two versions: equal indicators first (in order, so the n-th
/// `超长期特别国债` pairs with the n-th), then the most similar remaining indicators of
/// the same unit, alike by name or by what they build (see [`built`]).
fn pair(old: &[Statement], new: &[Statement]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut old_used = vec![false; old.len()];
    let mut new_used = vec![false; new.len()];
    for (j, n) in new.iter().enumerate() {
        if let Some(i) = (0..old.len()).find(|&i| {
            !old_used[i] && old[i].indicator == n.indicator && old[i].quantity.comparable(&n.quantity)
        }) {
            old_used[i] = true;
            new_used[j] = true;
            out.push((i, j));
        }
    }
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (i, o) in old.iter().enumerate().filter(|(i, _)| !old_used[*i]) {
        for (j, n) in new.iter().enumerate().filter(|(j, _)| !new_used[*j]) {
            if !o.quantity.comparable(&n.quantity) || is_increase(&o.indicator) != is_increase(&n.indicator) {
                continue;
            }
            let s = dice(&o.indicator, &n.indicator).max(dice(built(&o.indicator), built(&n.indicator)));
            if s >= MIN_INDICATOR_SIMILARITY {
                candidates.push((s, i, j));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, i, j) in candidates {
        if !old_used[i] && !new_used[j] {
            old_used[i] = true;
            new_used[j] = true;
            out.push((i, j));
        }
    }
    out.sort_unstable();
    out
}

/// Whether an indicator counts what a period adds (`净增高新技术企业`, `新建充电桩`) rather
/// than a level (`高新技术企业总量`): the two are never paired for looking alike.
fn is_increase(indicator: &str) -> bool {
    ["新增", "净增", "新建"].iter().any(|w| indicator.starts_with(w))
}

/// Verbs of building and renewing, longest first, that reports reword from year to year
/// around the same object: `新建和提质改造高标准农田` (Hunan 2024),
/// `新增建设和改造提升高标准农田` (2025).
#[rustfmt::skip]
const BUILDING: &[&str] = &[
    "新增建设", "提质改造", "改造提升", "新改建", "新建", "改建", "建设", "改造", "提质", "提升", "新增",
];

/// What an indicator builds: the words after its verbs of building and the conjunctions
/// between them (`高标准农田`), or the whole indicator when it opens with none.
fn built(indicator: &str) -> &str {
    let verb = |s: &str| BUILDING.iter().find(|w| s.starts_with(**w) && s.len() > w.len()).map(|w| w.len());
    let mut s = indicator;
    while let Some(n) = verb(s) {
        s = &s[n..];
        // `新建和改造`: a conjunction joins two verbs.
        if let Some(rest) = ["和", "及", "与"].iter().find_map(|c| s.strip_prefix(c))
            && verb(rest).is_some()
        {
            s = rest;
        }
    }
    s
}

/// Dice coefficient of the character bigram sets of two short strings.
fn dice(a: &str, b: &str) -> f64 {
    let grams = |s: &str| -> Vec<(char, char)> {
        let cs: Vec<char> = s.chars().collect();
        let mut g: Vec<(char, char)> = cs.windows(2).map(|w| (w[0], w[1])).collect();
        g.sort_unstable();
        g.dedup();
        g
    };
    let (ga, gb) = (grams(a), grams(b));
    if ga.is_empty() || gb.is_empty() {
        return 0.0;
    }
    let common = ga.iter().filter(|g| gb.binary_search(g).is_ok()).count();
    2.0 * common as f64 / (ga.len() + gb.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indicators(sentence: &str) -> Vec<(String, String)> {
        indicators_among(sentence, &[])
    }

    /// The indicators of a sentence of a report tabulated with versions that say `others`.
    fn indicators_among(sentence: &str, others: &[&str]) -> Vec<(String, String)> {
        let docs: Vec<Document> = others
            .iter()
            .map(|t| {
                crate::parse::parse(&format!("报告\n{t}\n"), crate::model::Kind::Report).unwrap().document
            })
            .collect();
        let evidence = Evidence::of(&docs.iter().collect::<Vec<_>>());
        let mut out = Vec::new();
        sentence_statements(sentence, Role::Target, "1", 1, &evidence, &mut out);
        out.into_iter().map(|s| (s.indicator, s.quantity.text)).collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn indicators_are_trimmed_to_what_is_measured() {
        assert_eq!(indicators("赤字率拟按3%安排。"), pairs(&[("赤字率", "3%")]));
        assert_eq!(
            indicators("今年赤字率拟按4%左右安排、比上年提高1个百分点，赤字规模5.66万亿元。"),
            pairs(&[("赤字率", "4%左右"), ("赤字规模", "5.66万亿元")])
        );
        assert_eq!(
            indicators(
                "今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上；粮食产量保持在1.3万亿斤以上。"
            ),
            pairs(&[
                ("国内生产总值增长", "5%左右"),
                ("城镇新增就业", "1200万人以上"),
                ("粮食产量", "1.3万亿斤以上")
            ])
        );
    }

    #[test]
    fn quotes_and_brackets_are_trimmed_only_without_their_partner() {
        // Hunan 2025.
        assert_eq!(
            indicators("力争“五类”研发企业（中心）达到200家以上。"),
            pairs(&[("“五类”研发企业(中心)", "200家以上")])
        );
        assert_eq!(trim_wrappers("“徐特立项目”"), "徐特立项目");
        assert_eq!(trim_wrappers("(中心"), "中心");
    }

    #[test]
    fn clauses_without_an_indicator_borrow_one_from_their_sentence() {
        assert_eq!(
            indicators(
                "从今年开始拟连续几年发行超长期特别国债，专项用于国家重大战略实施，今年先发行1万亿元。"
            ),
            pairs(&[("超长期特别国债", "1万亿元")])
        );
        assert_eq!(
            indicators("国内生产总值超过126万亿元，增长5.2%。"),
            pairs(&[("国内生产总值", "126万亿元"), ("国内生产总值增长", "5.2%")])
        );
    }

    #[test]
    fn comparisons_with_last_year_are_notes() {
        let mut out = Vec::new();
        sentence_statements(
            "拟安排地方政府专项债券3.9万亿元、比上年增加1000亿元。",
            Role::Target,
            "1",
            1,
            &Evidence::of(&[]),
            &mut out,
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].indicator, "地方政府专项债券");
        assert_eq!(out[0].notes, ["比上年增加1000亿元"]);
    }

    // Sentences of the bundled reports (Hunan 2024 and 2025, national 2025).
    #[test]
    fn verbs_of_building_are_not_what_is_built() {
        assert_eq!(built("新建和提质改造高标准农田"), "高标准农田");
        assert_eq!(built("新增建设和改造提升高标准农田"), "高标准农田");
        assert_eq!(built("新建电动汽车公共充电桩"), "电动汽车公共充电桩");
        // Nothing but a verb: the verb stays (`新增` of `新增1200万人`).
        assert_eq!(built("新增"), "新增");
        assert_eq!(built("国内生产总值增长"), "国内生产总值增长");
        // A conjunction only between verbs: `和平` is no `和`.
        assert_eq!(built("和平利用设施"), "和平利用设施");
        assert_eq!(built("新建和平台"), "和平台");
        assert!(is_increase("新建高标准农田") && !is_increase("高标准农田总面积"));
    }

    #[test]
    fn respectively_gives_each_value_its_own_subject() {
        assert_eq!(
            indicators("高技术制造业、装备制造业增加值分别增长8.9%、7.7%，新能源汽车年产量突破1300万辆。"),
            pairs(&[
                ("高技术制造业增加值增长", "8.9%"),
                ("装备制造业增加值增长", "7.7%"),
                ("新能源汽车年产量", "1300万辆")
            ])
        );
        assert_eq!(
            indicators("信息传输软件和信息技术服务业、租赁和商务服务业增加值分别增长10.9%、10.4%。"),
            pairs(&[
                ("信息传输软件和信息技术服务业增加值增长", "10.9%"),
                ("租赁和商务服务业增加值增长", "10.4%")
            ])
        );
        assert_eq!(
            indicators("推进通关便利化，进口、出口通关时间分别压减67%和92%，进出口环节合规成本明显下降。"),
            pairs(&[("进口通关时间压减", "67%"), ("出口通关时间压减", "92%")])
        );
        assert_eq!(
            indicators("散居和集中养育孤儿补贴标准分别提高到1150元/月和1600元/月。"),
            pairs(&[("散居养育孤儿补贴标准", "1150元/月"), ("集中养育孤儿补贴标准", "1600元/月")])
        );
    }

    #[test]
    fn listed_values_without_respectively_go_to_listed_subjects() {
        assert_eq!(
            indicators("散居和集中养育孤儿补贴标准提高到不低于1200元/月和1700元/月。"),
            pairs(&[("散居养育孤儿补贴标准", "1200元/月"), ("集中养育孤儿补贴标准", "1700元/月")])
        );
        // `城乡` names two subjects: urban and rural.
        assert_eq!(
            indicators("城乡低保标准提高到不低于740元/月和485元/月。"),
            pairs(&[("城镇低保标准", "740元/月"), ("农村低保标准", "485元/月")])
        );
        assert_eq!(
            indicators("城镇新增就业76.5万人，城乡居民收入分别增长4.1%、7%。"),
            pairs(&[("城镇新增就业", "76.5万人"), ("城镇居民收入增长", "4.1%"), ("农村居民收入增长", "7%")])
        );
        // One subject for two values, and no word that names two: nothing to distribute.
        assert_eq!(
            indicators("居民收入分别增长4.1%、7%。"),
            pairs(&[("居民收入增长", "4.1%"), ("居民收入增长", "7%")])
        );
    }

    #[test]
    fn subjects_that_cannot_be_told_apart_share_the_list() {
        // Whether `人均财政补助标准` belongs to both subjects, the text does not say.
        let sentence = "居民医保和基本公共卫生服务经费人均财政补助标准分别再提高30元和5元。";
        let both = "居民医保和基本公共卫生服务经费人均财政补助标准再提高";
        assert_eq!(indicators(sentence), pairs(&[(both, "30元"), (both, "5元")]));
        // Another version (the 2024 report) names the first subject in full.
        assert_eq!(
            indicators_among(sentence, &["居民医保人均财政补助标准提高30元。"]),
            pairs(&[
                ("居民医保人均财政补助标准提高", "30元"),
                ("基本公共卫生服务经费人均财政补助标准提高", "5元")
            ])
        );
        // The subject named elsewhere with other words says nothing about these.
        assert_eq!(
            indicators_among(sentence, &["居民医保参保率稳定在95%。"]),
            pairs(&[(both, "30元"), (both, "5元")])
        );
    }
}
