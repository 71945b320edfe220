//! Finding words in every version of a document: the distinct texts of its units and its
//! distinct headings, and a query matched against them. `lexdiff search` prints what it
//! finds; the site's search page gets the same texts as a script and matches them in the
//! browser alike.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::ops::Range;

use crate::model::{Document, Unit};

/// One text of a unit, under one label, as one or more versions have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text<'a> {
    /// The unit as the newest of `versions` has it.
    pub unit: &'a Unit,
    /// Indices of the versions with this text under this label, oldest first.
    pub versions: Vec<usize>,
    /// The unit's lines, joined by `\n`.
    pub text: String,
}

/// Every distinct text of each unit of `docs` (the versions of one document, oldest
/// first): the newest version's units first, in their order, then what only earlier
/// versions had, newest first. A text kept word for word under the same label is one
/// entry, whatever number of versions kept it.
pub fn texts(docs: &[Document]) -> Vec<Text<'_>> {
    distinct(docs, |d| {
        d.units.iter().map(|u| {
            let text = u.lines().map(|line| line.text).collect::<Vec<_>>().join("\n");
            ((u.label.as_str(), text.clone()), (u, text), ())
        })
    })
    .into_iter()
    .map(|((unit, text), seen)| Text { unit, versions: seen.into_iter().map(|(v, ())| v).collect(), text })
    .collect()
}

/// One heading as one or more versions have it: the same words under the same
/// enclosing headings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingText {
    /// The heading as displayed (`第一节 一般规定`, see [`crate::model::Heading::display`]).
    pub text: String,
    /// The headings enclosing it, displayed, outermost first (`第一编 总则`, `第三章 法人`).
    pub path: Vec<String>,
    /// Indices of the versions with it, oldest first.
    pub versions: Vec<usize>,
    /// Its index in [`Document::headings`] of each of those versions, in their order
    /// (version pages anchor heading `i` as `h-{i + 1}`).
    pub indices: Vec<usize>,
}

/// Every distinct heading of `docs` (the versions of one document, oldest first), in
/// the order of [`texts`]. A heading is the same in two versions when it and the headings
/// enclosing it read alike: the civil code's many `第一节 一般规定` are each one heading,
/// told apart by their chapters. (Were one version to repeat a heading under the same
/// headings, its second is told from its first by being the second.)
pub fn headings(docs: &[Document]) -> Vec<HeadingText> {
    distinct(docs, |d| {
        let mut repeats: HashMap<Vec<String>, usize> = HashMap::new();
        d.headings.iter().enumerate().map(move |(i, h)| {
            let mut path: Vec<String> =
                d.heading_chain(h.parent).into_iter().map(|p| d.headings[p].display()).collect();
            path.push(h.display());
            let repeat = repeats.entry(path.clone()).or_default();
            *repeat += 1;
            let key = (path.clone(), *repeat);
            let text = path.pop().unwrap_or_default();
            (key, (text, path), i)
        })
    })
    .into_iter()
    .map(|((text, path), seen)| {
        let (versions, indices) = seen.into_iter().unzip();
        HeadingText { text, path, versions, indices }
    })
    .collect()
}

/// The distinct items of the versions `docs` (oldest first), as `items` lists each
/// version's `(key, item, detail)`: for each key, its item in the newest version that
/// has it and, oldest first, each version with it and the detail it had there. Items of
/// the newest version come first, in its order, then what only earlier versions had,
/// newest first.
fn distinct<'d, K, T, X, I>(
    docs: &'d [Document],
    items: impl Fn(&'d Document) -> I,
) -> Vec<(T, Vec<(usize, X)>)>
where
    K: std::hash::Hash + Eq,
    I: Iterator<Item = (K, T, X)>,
{
    let mut out: Vec<(T, Vec<(usize, X)>)> = Vec::new();
    let mut seen: HashMap<K, usize> = HashMap::new();
    for (v, d) in docs.iter().enumerate().rev() {
        for (key, item, detail) in items(d) {
            match seen.entry(key) {
                Entry::Occupied(e) => out[*e.get()].1.push((v, detail)),
                Entry::Vacant(e) => {
                    e.insert(out.len());
                    out.push((item, vec![(v, detail)]));
                }
            }
        }
    }
    for (_, versions) in &mut out {
        versions.reverse();
    }
    out
}

/// A character as searches compare it (see [`fold`]).
pub(crate) fn fold_char(c: char) -> char {
    // Most characters of Chinese law have no case and no full-width form.
    if ('\u{3400}'..='\u{9FFF}').contains(&c) {
        return c;
    }
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    };
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// `text` as searches compare it: each character in lower case (when that is one
/// character), full-width forms (`（`, `Ａ`, `１`) as ASCII, the ideographic space as a
/// space. One character for one, so a match's place in the folded text is its place in
/// the text.
pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// Words that must all be found in one unit, its name or its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    words: Vec<String>,
}

impl Query {
    /// The words of `query`, separated by white space (the ideographic space too).
    pub fn new(query: &str) -> Query {
        Query { words: fold(query).split_whitespace().map(str::to_string).collect() }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether every word is in `name` or in `text`.
    pub fn matches(&self, name: &str, text: &str) -> bool {
        let (name, text) = (fold(name), fold(text));
        self.words.iter().all(|w| text.contains(w.as_str()) || name.contains(w.as_str()))
    }

    /// The byte ranges of `line` where a word is, in order and not overlapping.
    pub fn marks(&self, line: &str) -> Vec<Range<usize>> {
        // Folding keeps characters one for one but not their lengths in bytes (`（` is
        // three, `(` one): the folded line's offsets are mapped back.
        let folded = fold(line);
        let mut to_line: Vec<usize> = Vec::with_capacity(folded.len() + 1);
        for (c, (at, _)) in folded.chars().zip(line.char_indices()) {
            to_line.extend(std::iter::repeat_n(at, c.len_utf8()));
        }
        to_line.push(line.len());
        let mut found: Vec<Range<usize>> = self
            .words
            .iter()
            .flat_map(|w| folded.match_indices(w.as_str()).map(|(at, w)| to_line[at]..to_line[at + w.len()]))
            .collect();
        found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        let mut out: Vec<Range<usize>> = Vec::with_capacity(found.len());
        for r in found {
            match out.last_mut() {
                Some(last) if r.start < last.end => last.end = last.end.max(r.end),
                _ => out.push(r),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_and_ascii_forms_and_cases_find_each_other() {
        let q = Query::new("（以下简称保密）　Article");
        assert!(q.matches("", "中央(以下简称保密)工作 ARTICLE 3"));
        assert!(!q.matches("", "中央（以下简称保密）工作"));
        assert!(q.matches("Article 3", "中央（以下简称保密）工作"));
        let line = "坚持（以下简称保密）和(以下简称保密)";
        let marks = Query::new("(以下简称保密)").marks(line);
        let marked: Vec<&str> = marks.iter().map(|r| &line[r.clone()]).collect();
        assert_eq!(marked, ["（以下简称保密）", "(以下简称保密)"]);
    }

    /// A heading is the same in two versions when it reads alike under headings that
    /// read alike; one repeated under the same headings is told apart by its place.
    #[test]
    fn headings_are_matched_by_their_words_and_place() {
        let parse = |t: &str| crate::parse::parse(t, crate::model::Kind::Law).unwrap().document;
        let old = parse(
            "第一章 总则\n第一条 甲。\n第二章 管理\n第一节 一般规定\n第二条 乙。\n第二节 一般规定\n第三条 丙。\n",
        );
        let new = parse(
            "第一章 总则\n第一条 甲。\n第二章 监督\n第一节 一般规定\n第二条 乙。\n第二节 一般规定\n第三条 丁。\n",
        );
        let found: Vec<(String, String, Vec<usize>, Vec<usize>)> = headings(&[old, new])
            .into_iter()
            .map(|h| (h.path.join(" › "), h.text, h.versions, h.indices))
            .collect();
        let row = |path: &str, text: &str, versions: Vec<usize>, indices: Vec<usize>| {
            (path.to_string(), text.to_string(), versions, indices)
        };
        assert_eq!(
            found,
            [
                row("", "第一章 总则", vec![0, 1], vec![0, 0]),
                row("", "第二章 监督", vec![1], vec![1]),
                row("第二章 监督", "第一节 一般规定", vec![1], vec![2]),
                row("第二章 监督", "第二节 一般规定", vec![1], vec![3]),
                row("", "第二章 管理", vec![0], vec![1]),
                row("第二章 管理", "第一节 一般规定", vec![0], vec![2]),
                row("第二章 管理", "第二节 一般规定", vec![0], vec![3]),
            ]
        );
        let twice = parse("第一章 总则\n第一条 甲。\n第一章 总则\n第二条 乙。\n");
        let once = parse("第一章 总则\n第一条 甲。\n第二条 乙。\n");
        let found: Vec<(Vec<usize>, Vec<usize>)> =
            headings(&[twice, once]).into_iter().map(|h| (h.versions, h.indices)).collect();
        assert_eq!(found, [(vec![0, 1], vec![0, 0]), (vec![0], vec![1])]);
    }

    #[test]
    fn overlapping_words_are_marked_once() {
        let line = "国家秘密的密级";
        let marks = Query::new("国家秘密 秘密的 密级").marks(line);
        let marked: Vec<&str> = marks.iter().map(|r| &line[r.clone()]).collect();
        assert_eq!(marked, ["国家秘密的", "密级"]);
    }
}
