//! Deterministic synthetic restructurings of a real law, with the true alignment map.
//!
//! Where `synthetic` edits, deletes and inserts articles, this moves them about as
//! revisions do: a paragraph split off into an article of its own (`split`; mostly the
//! next article, one time in three far away), two neighbouring articles joined
//! (`merged`), an article moved far away (`moved`), with a few edits, deletions and
//! insertions around them. Every new article is renumbered from one. A part split off,
//! the part left and the second of two merged articles are each reworded a little one
//! time in two. The truth follows the gold rules (`tests/data/gold/README.md`): a
//! split-off part is a whole paragraph, at least a quarter of its article and the first
//! paragraph of its new article, so it gets a row of its own.

use std::collections::BTreeSet;

use lexdiff::align::RowKind;
use lexdiff::eval::MapRow;
use lexdiff::model::{Kind, Unit};
use lexdiff::numerals;

use super::synthetic::{Lcg, edit_text, head, new_article};

/// What a restructuring made that its map does not tell: the old articles moved far
/// away (by label).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Made {
    pub moved: Vec<String>,
}

/// One article of the new text, with the old articles it comes from.
struct Entry {
    lines: Vec<String>,
    sources: Vec<String>,
    kind: Option<RowKind>,
    edited: bool,
}

enum Item {
    Heading(String),
    Article(Entry),
}

/// The unit's lines, each paragraph's first line marked.
fn lines_of(u: &Unit) -> Vec<(bool, String)> {
    u.lines().map(|l| (l.depth == 0, l.text.to_string())).collect()
}

fn chars(lines: &[(bool, String)]) -> usize {
    lines.iter().map(|(_, l)| l.chars().count()).sum()
}

/// Where to split an article: the first line of a later paragraph, leaving at least a
/// quarter of the text on each side, the part split off written nowhere else in the law
/// (so that its source is a fact, not a guess).
fn split_point(units: &[Unit], i: usize) -> Option<usize> {
    let lines = lines_of(&units[i]);
    let total = chars(&lines);
    (1..lines.len()).find(|&k| {
        lines[k].0
            && chars(&lines[..k]) * 4 >= total
            && chars(&lines[k..]) * 4 >= total
            && lines[k].1.chars().count() >= 15
            && units.iter().enumerate().all(|(j, u)| {
                j == i || !u.lines().map(|l| l.text).collect::<String>().contains(lines[k].1.as_str())
            })
    })
}

/// A place at least a quarter of the law away from `from`, before an article.
fn far_from(items: &[(Option<usize>, Item)], from: usize, rng: &mut Lcg) -> usize {
    let far: Vec<usize> = (0..items.len())
        .filter(|&t| t.abs_diff(from) * 4 >= items.len() && matches!(items[t].1, Item::Article(_)))
        .collect();
    far[rng.below(far.len())]
}

/// Restructures a law (every unit an article). Returns the new text, the true map and
/// what was made.
pub fn restructure(text: &str, seed: u64) -> (String, Vec<MapRow>, Made) {
    let doc = lexdiff::parse::parse(text, Kind::Law).expect("the source law parses").document;
    let units = &doc.units;
    assert!(units.iter().all(|u| u.number.is_some()), "articles only");
    let n = units.len();
    let mut rng = Lcg::new(seed);
    // Articles already given an operation, and their neighbours, so that operations do
    // not touch one another.
    let mut taken = BTreeSet::new();
    let take = |taken: &mut BTreeSet<usize>, i: usize, span: usize| {
        (i.saturating_sub(1)..=i + span).all(|j| !taken.contains(&j)) && {
            taken.extend(i.saturating_sub(1)..=i + span);
            true
        }
    };
    let heading_between =
        |a: usize, b: usize| doc.headings.iter().any(|h| h.line > units[a].line && h.line < units[b].line);
    let want = |per: usize| (n / per).max(1);
    let (mut splits, mut merges, mut moves, mut deletions) = (vec![], vec![], vec![], vec![]);
    for _ in 0..20 * n {
        let i = rng.below(n);
        if let Some(k) = (splits.len() < want(20)).then(|| split_point(units, i)).flatten()
            && take(&mut taken, i, 0)
        {
            splits.push((i, k));
        } else if merges.len() < want(25) && i + 1 < n && !heading_between(i, i + 1) && take(&mut taken, i, 1)
        {
            merges.push(i);
        } else if moves.len() < want(30) && take(&mut taken, i, 0) {
            moves.push(i);
        } else if deletions.len() < 2 && take(&mut taken, i, 0) {
            deletions.push(i);
        }
    }
    // The old text as headings and articles, then the operations on it.
    let mut items = Vec::new();
    let mut next_heading = 0;
    for (i, u) in units.iter().enumerate() {
        while next_heading < doc.headings.len() && doc.headings[next_heading].line < u.line {
            items.push((None, Item::Heading(doc.headings[next_heading].text.clone())));
            next_heading += 1;
        }
        let lines: Vec<String> = u.lines().map(|l| l.text.to_string()).collect();
        let edited = !taken.contains(&i) && rng.below(10) == 0;
        let lines = if edited {
            let mut lines = lines;
            lines[0] = edit_text(&lines[0], &mut rng);
            lines
        } else {
            lines
        };
        let entry = Entry { lines, sources: vec![u.label.clone()], kind: None, edited };
        items.push((Some(i), Item::Article(entry)));
    }
    for h in &doc.headings[next_heading..] {
        items.push((None, Item::Heading(h.text.clone())));
    }
    let position = |items: &[(Option<usize>, Item)], i: usize| {
        items.iter().position(|(o, _)| *o == Some(i)).expect("each old article is an item")
    };
    for &i in &merges {
        // Before any part split off lands far away, perhaps between the two.
        let at = position(&items, i);
        assert_eq!(position(&items, i + 1), at + 1, "no heading between neighbours to merge");
        let (_, Item::Article(second)) = items.remove(at + 1) else { unreachable!("an article") };
        let Item::Article(e) = &mut items[at].1 else { unreachable!() };
        let mut lines = second.lines;
        if rng.below(2) == 0 {
            lines[0] = edit_text(&lines[0], &mut rng);
        }
        e.lines.extend(lines);
        e.sources.extend(second.sources);
        e.kind = Some(RowKind::Merged);
    }
    for &(i, k) in &splits {
        let at = position(&items, i);
        let Item::Article(e) = &mut items[at].1 else { unreachable!() };
        let mut tail = e.lines.split_off(k);
        e.kind = Some(RowKind::Split);
        // Either part may be reworded a little on the way.
        for lines in [&mut e.lines, &mut tail] {
            if rng.below(2) == 0 {
                lines[0] = edit_text(&lines[0], &mut rng);
            }
        }
        let part =
            Entry { lines: tail, sources: e.sources.clone(), kind: Some(RowKind::Split), edited: false };
        // Mostly into the article after; one time in three far away (`移作第Y条`).
        let to = if rng.below(3) == 0 { far_from(&items, at, &mut rng) } else { at + 1 };
        items.insert(to, (None, Item::Article(part)));
    }
    for &i in &moves {
        let from = position(&items, i);
        let item = items.remove(from);
        let to = far_from(&items, from, &mut rng);
        items.insert(to, item);
    }
    for &i in &deletions {
        let at = position(&items, i);
        items.remove(at);
    }
    for _ in 0..2 {
        let at = rng.below(items.len());
        let e = Entry { lines: vec![new_article(&mut rng)], sources: vec![], kind: None, edited: false };
        items.insert(at, (None, Item::Article(e)));
    }
    // Number, write, and the truth in the gold's order (by new article).
    let mut out = head(&doc);
    let mut truth = Vec::new();
    let mut number = 0u32;
    for (_, item) in &items {
        match item {
            Item::Heading(h) => {
                out.push_str(h);
                out.push('\n');
            }
            Item::Article(e) => {
                number += 1;
                for (k, line) in e.lines.iter().enumerate() {
                    if k == 0 {
                        out.push_str(&format!("第{}条 ", numerals::format(number)));
                    }
                    out.push_str(line);
                    out.push('\n');
                }
                let new = number.to_string();
                if e.sources.is_empty() {
                    truth.push(MapRow { old: String::new(), new, kind: Some(RowKind::Added) });
                    continue;
                }
                for old in &e.sources {
                    let kind = e.kind.unwrap_or(match (e.edited, *old == new) {
                        (true, _) => RowKind::Modified,
                        (false, true) => RowKind::Unchanged,
                        (false, false) => RowKind::Renumbered,
                    });
                    truth.push(MapRow { old: old.clone(), new: new.clone(), kind: Some(kind) });
                }
            }
        }
    }
    for &i in &deletions {
        truth.push(MapRow { old: units[i].label.clone(), new: String::new(), kind: Some(RowKind::Deleted) });
    }
    let moved = moves.iter().map(|&i| units[i].label.clone()).collect();
    let made = Made { moved };
    (out, truth, made)
}
