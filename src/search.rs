//! Finding words in every version of a document: the distinct texts of its units, and
//! a query matched against them. `lexdiff search` prints what it finds; the site's
//! search page gets the same texts as a script and matches them in the browser alike.

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
    let mut out: Vec<Text<'_>> = Vec::new();
    let mut seen: HashMap<(&str, String), usize> = HashMap::new();
    for (v, d) in docs.iter().enumerate().rev() {
        for u in &d.units {
            let text = u.lines().map(|line| line.text).collect::<Vec<_>>().join("\n");
            match seen.entry((u.label.as_str(), text)) {
                Entry::Occupied(e) => out[*e.get()].versions.push(v),
                Entry::Vacant(e) => {
                    out.push(Text { unit: u, versions: vec![v], text: e.key().1.clone() });
                    e.insert(out.len() - 1);
                }
            }
        }
    }
    for t in &mut out {
        t.versions.reverse();
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

    #[test]
    fn overlapping_words_are_marked_once() {
        let line = "国家秘密的密级";
        let marks = Query::new("国家秘密 秘密的 密级").marks(line);
        let marked: Vec<&str> = marks.iter().map(|r| &line[r.clone()]).collect();
        assert_eq!(marked, ["国家秘密的", "密级"]);
    }
}
