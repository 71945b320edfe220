//! Inline diffs inside an aligned pair, readable for Chinese and for Western text.
//!
//! 1. Both texts are compared in the comparison normal form (`：` and `:` are equal,
//!    spaces do not count), while the result points into the original texts.
//! 2. The normal forms are diffed clause by clause (punctuation never falls inside a
//!    word), then changed clauses are cut into word tokens ([`tokens`]) and diffed with
//!    Myers' algorithm (short sequences through the `myers` module), words only one side
//!    has set aside first: they can only be deleted or inserted, and the search runs on
//!    what can match. List items pair by what they say, not by their numbers (`（三）`): a deleted item
//!    goes whole, and the items after it keep their text and show only their new number.
//! 3. **Refinement**: a replaced stretch is diffed again by character, and character runs
//!    of at least [`DiffOptions::min_equal`] that match are kept equal, unless they cut
//!    a number (`三十万元` → `五十万元` stays one replaced amount) or a word of a spaced
//!    script (`partly` → `in part` is replaced whole: Western text is diffed by word).
//! 4. **Semantic clean-up**: an equal island no longer than the changes on both sides is
//!    absorbed into them, so a rewritten sentence reads as one replacement rather than a
//!    shred of small matches; wording kept [`VERBATIM_RUN`] characters long or more is
//!    never absorbed: it was kept on purpose, not by coincidence. Text kept between
//!    insertions only (or deletions only) is not absorbed: nothing around it was
//!    rewritten, and absorbing it would show unchanged text as deleted and inserted
//!    again. The clean-up stays within a paragraph: an island holding a paragraph break
//!    is kept, and the changes around an island count only on its own line (otherwise
//!    absorbing grows the changes, which then absorb larger islands, until rewritten and
//!    kept paragraphs read as one block).
//! 5. **Paragraphs and stops**: where a change could stand in several places, it moves to
//!    where it deletes or inserts whole paragraphs and whole clauses; paragraphs added or
//!    deleted after a changed one go whole, each with its stop.
//! 6. **Spaces**: in the originals, two insertions (or deletions) that only a kept space
//!    separates are joined when the space can slide to their end: a phrase set off by
//!    commas (`shall, where appropriate, implement`) is one insertion.
//!
//! The result is an owned list of [`Op`]s (ranges and tags), rendered elsewhere.

mod han;
pub use han::is_han;
mod myers;
pub mod tokens;

use std::borrow::Cow;
use std::ops::Range;

use rustc_hash::FxHashMap;
use serde::Serialize;
use similar::DiffOp;

use crate::model::ArticleNumber;
use crate::normalize::{Mapped, normalize_mapped_words};
use tokens::{Token, tokenize};

/// The shortest run of characters (not counting spaces) two texts are taken to share
/// on purpose, not by coincidence: the length of borrowed wording by which the gold maps'
/// `added` and `deleted` articles were checked (`../shared/gold/README.md`, step 6).
/// The clean-up never absorbs a kept run this long, and between an article and the ones
/// it was split into or merged from, a run this long is the partner's wording. Measured
/// by [`verbatim_thirds`]: eight Han characters, or twenty-four letters of a text written
/// with spaces.
pub const VERBATIM_RUN: usize = 8;

/// The length of `s` in thirds of the measure of [`VERBATIM_RUN`]: a letter of an
/// alphabet (Latin, Greek, Cyrillic) counts one third, white space nothing, any other
/// character (a Han character, a digit, a mark) one. Eight Han characters are four or
/// five Chinese words; eight letters are two English ones (`shall not`), a stock phrase
/// any two articles share, and twenty-four letters about as many words as eight Han
/// characters.
pub fn verbatim_thirds(s: &str) -> usize {
    s.chars().map(verbatim_weight).sum()
}

/// One character's share of [`verbatim_thirds`].
fn verbatim_weight(c: char) -> usize {
    // ASCII and Han characters, nearly all of any law, without Unicode's tables.
    if c.is_ascii() {
        return if c.is_ascii_alphabetic() {
            1
        } else if c.is_ascii_whitespace() {
            0
        } else {
            3
        };
    }
    let alphabet = c < '\u{0530}' || ('\u{1E00}'..='\u{1FFF}').contains(&c);
    if alphabet && c.is_alphabetic() {
        1
    } else if !is_han(c) && c.is_whitespace() {
        0
    } else {
        3
    }
}

/// Whether kept wording `s` is [`VERBATIM_RUN`] long.
pub fn is_verbatim(s: &str) -> bool {
    let mut thirds = 0;
    s.chars().any(|c| {
        thirds += verbatim_weight(c);
        thirds >= VERBATIM_RUN * 3
    })
}

/// The shortest windows of `s`, a text in comparison normal form (no white space), that
/// are [`VERBATIM_RUN`] long, one from each character that has one, as byte ranges;
/// their ends never go back.
pub fn verbatim_windows(s: &str) -> Vec<Range<usize>> {
    // No letter of an alphabet (whose UTF-8 starts with an ASCII letter or a byte from
    // 0xC3 to 0xD4, or 0xE1) and no space: every character counts whole, and a window
    // is eight of them.
    let lettered =
        |b: u8| b.is_ascii_alphabetic() || b.is_ascii_whitespace() || (0xC3..=0xD4).contains(&b) || b == 0xE1;
    if !s.bytes().any(lettered) {
        let starts: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
        return starts.windows(VERBATIM_RUN + 1).map(|w| w[0]..w[VERBATIM_RUN]).collect();
    }
    let need = VERBATIM_RUN * 3;
    let mut out = Vec::with_capacity(s.len() / 3);
    let mut ahead = s.char_indices();
    let (mut end, mut thirds) = (0, 0);
    for (start, c) in s.char_indices() {
        while thirds < need {
            let Some((i, d)) = ahead.next() else { return out };
            thirds += verbatim_weight(d);
            end = i + d.len_utf8();
        }
        out.push(start..end);
        thirds -= verbatim_weight(c);
    }
    out
}

/// Settings of the inline diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiffOptions {
    /// Shortest character run kept equal when refining a replacement. Default 2: one
    /// shared character (`保` in `保护→保障`) is a coincidence, two are a word.
    pub min_equal: usize,
    /// Absorb equal islands not longer than the changes around them. Default true.
    pub semantic_cleanup: bool,
}

impl Default for DiffOptions {
    fn default() -> DiffOptions {
        DiffOptions { min_equal: 2, semantic_cleanup: true }
    }
}

/// What an [`Op`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tag {
    Equal,
    Delete,
    Insert,
    Replace,
}

/// One operation: byte ranges into the old and the new text (empty on the side it does
/// not touch).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Op {
    pub tag: Tag,
    pub old: Range<usize>,
    pub new: Range<usize>,
    /// A replacement that only follows the renumbering of a referenced article
    /// (`第二十八条` → `第三十四条` where old 28 is new 34).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reference: bool,
}

/// The inline diff of two texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InlineDiff {
    pub ops: Vec<Op>,
    /// Non-space characters deleted (in deletions and replacements).
    pub deleted_chars: usize,
    /// Non-space characters inserted.
    pub inserted_chars: usize,
}

impl InlineDiff {
    /// Whether the texts are equal in the normal form.
    pub fn is_equal(&self) -> bool {
        self.ops.iter().all(|o| o.tag == Tag::Equal)
    }

    /// Whether every change is a reference renumbering.
    pub fn only_references(&self) -> bool {
        !self.is_equal() && self.ops.iter().all(|o| o.tag == Tag::Equal || o.reference)
    }
}

/// A stretch of the normal forms: equal, or changed (either side may be empty).
#[derive(Debug, Clone)]
struct Seg {
    equal: bool,
    old: Range<usize>,
    new: Range<usize>,
    /// Equal once the old text's cross-references are renumbered (`第二十八条` →
    /// `第三十四条`): shown as a replacement, but never absorbed into a change.
    reference: bool,
}

impl Seg {
    fn new(equal: bool, old: Range<usize>, new: Range<usize>) -> Seg {
        Seg { equal, old, new, reference: false }
    }
}

/// The new number of an old article under the new numbering (old 28 is new 34), for
/// following the old text's cross-references (`第二十八条` → `第三十四条`); `None` when it
/// has no single successor.
pub type Renumbering<'a> = &'a (dyn Fn(ArticleNumber) -> Option<ArticleNumber> + Sync);

/// Diffs two texts (see the module documentation).
pub fn inline_diff(old: &str, new: &str, opts: &DiffOptions) -> InlineDiff {
    inline_diff_with(old, new, opts, None)
}

/// The diff that replaces one text by the other whole: for texts that have nothing in
/// common worth showing (an article and the placeholder that stands for it once it was
/// repealed, whose brackets a diff would match).
pub fn replaced(old: &str, new: &str) -> InlineDiff {
    let count = |s: &str| s.chars().filter(|c| !crate::normalize::is_invisible(*c)).count();
    let tag = match (old.is_empty(), new.is_empty()) {
        (false, false) => Tag::Replace,
        (false, true) => Tag::Delete,
        (true, false) => Tag::Insert,
        (true, true) => return InlineDiff { ops: Vec::new(), deleted_chars: 0, inserted_chars: 0 },
    };
    let op = Op { tag, old: 0..old.len(), new: 0..new.len(), reference: false };
    InlineDiff { ops: vec![op], deleted_chars: count(old), inserted_chars: count(new) }
}

/// Diffs two texts, comparing the old text's cross-references under the new numbering:
/// a reference that only follows the renumbering is an [`Op`] with `reference` set.
pub fn inline_diff_with(
    old: &str,
    new: &str,
    opts: &DiffOptions,
    renumber: Option<Renumbering<'_>>,
) -> InlineDiff {
    let mo = normalize_mapped_words(old);
    let mn = normalize_mapped_words(new);
    let mut segs = word_segments((&mo, old), (&mn, new), renumber);
    segs = split_references(segs, &mo.text, &mn.text);
    segs = refine(segs, &mo.text, &mn.text, opts.min_equal);
    if opts.semantic_cleanup {
        segs = cleanup(segs, (&mo, old), (&mn, new));
    }
    paragraphs_bound_changes(&mut segs, (&mo, old), (&mn, new));
    paragraphs_keep_their_stops(&mut segs, (&mo, old), (&mn, new));
    stops_end_changes(&mut segs, &mo.text, &mn.text);
    to_ops(&segs, &mo, &mn, old, new)
}

/// Ends a clause: punctuation of the normal form.
fn is_clause_end(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '。' | '、' | '!' | '?' | '(' | ')' | '“' | '”' | '《' | '》')
}

/// Byte ranges of the clauses of a text, each ending with its punctuation. A thousands
/// comma (`10,000,000`: a digit before, three after) ends none: the amount is one token.
fn clauses(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    let digit = |k: usize| b.get(k).is_some_and(u8::is_ascii_digit);
    let thousands = |i: usize| i > 0 && digit(i - 1) && (1..=3).all(|k| digit(i + k)) && !digit(i + 4);
    for (i, c) in text.char_indices() {
        if is_clause_end(c) && !(c == ',' && thousands(i)) {
            let end = i + c.len_utf8();
            out.push(start..end);
            start = end;
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// The comparison key of the piece `range` of the old text: its references renumbered,
/// the numbers of `listed` (see [`tokens::listed_references`]) among them.
fn renumbered<'t>(
    old: &'t str,
    range: Range<usize>,
    renumber: Option<Renumbering<'_>>,
    listed: &[Range<usize>],
) -> Cow<'t, str> {
    let text = &old[range.clone()];
    let Some(f) = renumber else { return Cow::Borrowed(text) };
    let listed = &listed[listed.partition_point(|r| r.start < range.start)..];
    let listed = &listed[..listed.partition_point(|r| r.end <= range.end)];
    if listed.is_empty() && !tokens::may_hold_reference(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut changed = false;
    for r in tokens::numbers(text) {
        let piece = &text[r.clone()];
        let is_listed = listed.binary_search_by_key(&(r.start + range.start), |l| l.start).is_ok();
        // A listed number is the number alone, as written.
        let new = if is_listed {
            piece.parse().ok().and_then(|main| f(ArticleNumber { main, sub: 0 })).map(ArticleNumber::western)
        } else {
            renumber_reference(piece, f)
        };
        if let Some(n) = new
            && n != piece
        {
            out.push_str(&text[at..r.start]);
            out.push_str(&n);
            at = r.end;
            changed = true;
        }
    }
    if !changed {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// The new form of a cross-reference token (`第二十八条` → `第三十四条`, `Article 28` →
/// `Article 34`) under the renumbering, written as the old one is; `None` when the token
/// is not a reference or its article has no single successor.
fn renumber_reference(token: &str, f: Renumbering<'_>) -> Option<String> {
    if !ArticleNumber::written_in_chinese(token) {
        // `Article 28`, `art.28a`, `§28`: the word as written, the new number.
        let (written, number) = tokens::western_reference(token)?;
        return Some(format!("{written}{}", f(number)?.western()));
    }
    let m = crate::parse::match_article(token)?;
    if !m.rest.is_empty() {
        return None;
    }
    let new = f(m.number)?;
    let arabic = token.chars().any(|c| c.is_ascii_digit());
    let written = match (arabic, new.sub) {
        (false, _) => new.chinese(),
        (true, 0) => format!("第{}条", new.main),
        (true, sub) => format!("第{}条之{sub}", new.main),
    };
    // In traditional characters as the reference is.
    Some(if token.contains('條') { written.replace('条', "條") } else { written })
}

/// Keys of clauses for the clause-level diff. A list item's marker (`（三）`: the clauses
/// `(` and `三)`, since brackets end clauses) is keyed by the item's first clause instead
/// of its number, so an item pairs with the item that says the same: when one is deleted
/// it goes whole, and the items after it keep their text and show only their new number.
fn item_keys(mut keys: Vec<Cow<'_, str>>) -> Vec<Cow<'_, str>> {
    let is_number = |k: &str| k.strip_suffix(')').is_some_and(is_item_number);
    for i in (0..keys.len()).rev() {
        if is_number(&keys[i]) {
            let first = keys.get(i + 1).map_or(String::new(), |k| k.to_string());
            if i > 0 && keys[i - 1] == "(" {
                keys[i - 1] = Cow::Owned(format!("({first}"));
            }
            keys[i] = Cow::Owned(format!("#){first}"));
        }
    }
    keys
}

/// A number as list items are numbered (`三`, `十二`, `3`, or a letter: `b`): what the
/// parser reads in an item marker.
fn is_item_number(s: &str) -> bool {
    let mut chars = s.chars();
    let letter = chars.next().and_then(crate::numerals::letter_value).is_some() && chars.next().is_none();
    letter || crate::numerals::parse(s).is_some()
}

/// Diffs clause by clause, then word by word inside changed clauses. Old text is
/// compared with its references renumbered.
fn word_segments(
    (mo, old_original): (&Mapped, &str),
    (mn, new_original): (&Mapped, &str),
    renumber: Option<Renumbering<'_>>,
) -> Vec<Seg> {
    let (old, new) = (mo.text.as_str(), mn.text.as_str());
    let (co, cn) = (clauses(old), clauses(new));
    let listed = if renumber.is_some() { tokens::listed_references(old) } else { Vec::new() };
    let ko = item_keys(co.iter().map(|r| renumbered(old, r.clone(), renumber, &listed)).collect());
    let kn = item_keys(cn.iter().map(|r| Cow::Borrowed(&new[r.clone()])).collect());
    let ko: Vec<&str> = ko.iter().map(|k| k.as_ref()).collect();
    let kn: Vec<&str> = kn.iter().map(|k| k.as_ref()).collect();
    let span = |v: &[Range<usize>], i: usize, len: usize, end: usize| -> Range<usize> {
        let s = v.get(i).map_or(end, |r| r.start);
        if len == 0 { s..s } else { s..v[i + len - 1].end }
    };
    let mut segs = Vec::new();
    for op in diff_keys(&ko, &kn) {
        let (oi, ol, ni, nl) = op_parts(&op);
        let or = span(&co, oi, ol, old.len());
        let nr = span(&cn, ni, nl, new.len());
        if matches!(op, DiffOp::Equal { .. }) {
            push(&mut segs, Seg::new(true, or, nr));
            continue;
        }
        // Clauses only deleted or only inserted: their words would all be one change.
        if or.is_empty() || nr.is_empty() {
            push(&mut segs, Seg::new(false, or, nr));
            continue;
        }
        let offset = |t: Vec<Token>, by: usize| -> Vec<Token> {
            t.into_iter()
                .map(|t| Token { range: t.range.start + by..t.range.end + by, kind: t.kind })
                .collect()
        };
        // Spaces join the words before them, and keys leave them out, where there are any.
        let (old_spaced, new_spaced) = (old[or.clone()].contains(' '), new[nr.clone()].contains(' '));
        let to = offset(tokenize(&old[or.clone()]), or.start);
        let tn = offset(tokenize(&new[nr.clone()]), nr.start);
        let to = if old_spaced { spaces_join_words(to, (mo, old_original)) } else { to };
        let tn = if new_spaced { spaces_join_words(tn, (mn, new_original)) } else { tn };
        // A stretch that names no article keys its tokens by their text, without asking
        // each token (most changed clauses name none).
        let names_none = listed.iter().all(|l| l.end <= or.start || l.start >= or.end)
            && !tokens::may_hold_reference(&old[or.clone()]);
        let key =
            |text: &str, r: &Range<usize>, spaced: bool| if spaced { key_range(text, r) } else { r.clone() };
        let ko: Vec<Cow<'_, str>> = if names_none {
            to.iter().map(|t| Cow::Borrowed(&old[key(old, &t.range, old_spaced)])).collect()
        } else {
            to.iter().map(|t| renumbered(old, key(old, &t.range, old_spaced), renumber, &listed)).collect()
        };
        let ko: Vec<&str> = ko.iter().map(|k| k.as_ref()).collect();
        let kn: Vec<&str> = tn.iter().map(|t| &new[key(new, &t.range, new_spaced)]).collect();
        for s in token_segments(&diff_keys(&ko, &kn), &to, &tn, or.end, nr.end) {
            push(&mut segs, s);
        }
    }
    segs
}

/// The tokens of `text` with each space joined to the token before it. A space is no
/// evidence that two texts match: a Western sentence has one between every two words,
/// and as tokens of their own the spaces drew Myers to align words by their places
/// (`shall label widgets` against `shall keep records`, every space matched) rather than
/// by the words both texts have (`Importers shall keep records of every import`, moved
/// behind a new sentence). Chinese text has no spaces in its normal form. A line break
/// (a space of the normal form) stays a token: paragraphs are matched as such.
fn spaces_join_words(tokens: Vec<Token>, (m, original): (&Mapped, &str)) -> Vec<Token> {
    let text = m.text.as_str();
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    for t in tokens {
        let space = text[t.range.clone()].chars().all(char::is_whitespace) && {
            let (a, b) = m.original_range(t.range.start, t.range.end);
            !original[a..b].contains('\n')
        };
        match out.last_mut() {
            Some(last) if space && last.range.end == t.range.start => last.range.end = t.range.end,
            _ => out.push(t),
        }
    }
    out
}

/// The part of a token's range that is its key: without the spaces joined to it (see
/// [`spaces_join_words`]), unless it is only spaces.
fn key_range(text: &str, r: &Range<usize>) -> Range<usize> {
    let trimmed = text[r.clone()].trim_end().len();
    if trimmed == 0 { r.clone() } else { r.start..r.start + trimmed }
}

/// Myers diff of two sequences of strings, compared as interned ids: the algorithm
/// compares elements many times over, and integers compare faster than text.
fn diff_keys<'k>(old: &[&'k str], new: &[&'k str]) -> Vec<DiffOp> {
    // Sized once: growing it rehashed every key several times over.
    let mut ids: FxHashMap<&'k str, u32> =
        FxHashMap::with_capacity_and_hasher(old.len() + new.len(), Default::default());
    let mut intern = |k: &[&'k str]| -> Vec<u32> {
        k.iter()
            .map(|s| {
                let n = ids.len() as u32;
                *ids.entry(s).or_insert(n)
            })
            .collect()
    };
    let (a, b) = (intern(old), intern(new));
    myers::diff_matchable(&a, &b, ids.len())
}

/// `(old_index, old_len, new_index, new_len)` of an op.
fn op_parts(op: &DiffOp) -> (usize, usize, usize, usize) {
    match *op {
        DiffOp::Equal { old_index, new_index, len } => (old_index, len, new_index, len),
        DiffOp::Delete { old_index, old_len, new_index } => (old_index, old_len, new_index, 0),
        DiffOp::Insert { old_index, new_index, new_len } => (old_index, 0, new_index, new_len),
        DiffOp::Replace { old_index, old_len, new_index, new_len } => {
            (old_index, old_len, new_index, new_len)
        }
    }
}

fn token_range(tokens: &[Token], start: usize, len: usize, text_len: usize) -> Range<usize> {
    let s = tokens.get(start).map_or(text_len, |t| t.range.start);
    let e = if len == 0 { s } else { tokens[start + len - 1].range.end };
    s..e
}

/// Converts token ops into byte segments, merging adjacent changes. `lo` and `ln` are
/// where an empty range at the end of the token lists falls.
fn token_segments(ops: &[DiffOp], to: &[Token], tn: &[Token], lo: usize, ln: usize) -> Vec<Seg> {
    let mut segs: Vec<Seg> = Vec::new();
    for op in ops {
        let (oi, ol, ni, nl) = op_parts(op);
        push(
            &mut segs,
            Seg::new(
                matches!(op, DiffOp::Equal { .. }),
                token_range(to, oi, ol, lo),
                token_range(tn, ni, nl, ln),
            ),
        );
    }
    segs
}

/// Appends a segment, merging it with the previous one when both are changes or both
/// are equal.
fn push(segs: &mut Vec<Seg>, s: Seg) {
    if s.old.is_empty() && s.new.is_empty() {
        return;
    }
    if let Some(last) = segs.last_mut()
        && last.equal == s.equal
        && !last.reference
        && !s.reference
        && last.old.end == s.old.start
        && last.new.end == s.new.start
    {
        last.old.end = s.old.end;
        last.new.end = s.new.end;
        return;
    }
    segs.push(s);
}

/// Splits equal segments whose texts differ (they matched only after renumbering the
/// old references, or under list items' numbers) into equal runs and reference (or item
/// number) replacements, token by token.
fn split_references(segs: Vec<Seg>, old: &str, new: &str) -> Vec<Seg> {
    let mut out = Vec::with_capacity(segs.len());
    for s in segs {
        if !s.equal || old[s.old.clone()] == new[s.new.clone()] {
            push(&mut out, s);
            continue;
        }
        let to = tokenize(&old[s.old.clone()]);
        let tn = tokenize(&new[s.new.clone()]);
        if to.len() != tn.len() {
            push(&mut out, Seg::new(false, s.old, s.new));
            continue;
        }
        for (a, b) in to.iter().zip(&tn) {
            let (or, nr) = (
                a.range.start + s.old.start..a.range.end + s.old.start,
                b.range.start + s.new.start..b.range.end + s.new.start,
            );
            let differs = old[or.clone()] != new[nr.clone()];
            // A list item's own number (`（四）` → `（三）`) is a plain change, not a reference.
            let item =
                |t: &str, r: &Range<usize>| is_item_number(&t[r.clone()]) && t[r.end..].starts_with(')');
            if differs && item(old, &or) && item(new, &nr) {
                push(&mut out, Seg::new(false, or, nr));
            } else {
                push(&mut out, Seg { equal: true, old: or, new: nr, reference: differs });
            }
        }
    }
    out
}

/// Refines each replacement by characters (see the module documentation).
fn refine(segs: Vec<Seg>, old: &str, new: &str, min_equal: usize) -> Vec<Seg> {
    let mut out = Vec::with_capacity(segs.len());
    for s in segs {
        if s.equal || s.old.is_empty() || s.new.is_empty() {
            push(&mut out, s);
            continue;
        }
        let whole = |text: &str, r: &Range<usize>| -> Vec<Range<usize>> {
            tokens::whole_tokens(&text[r.clone()])
                .into_iter()
                .map(|t| t.start + r.start..t.end + r.start)
                .collect()
        };
        let (on, nn) = (whole(old, &s.old), whole(new, &s.new));
        let oc = tokens::char_indices(&old[s.old.clone()], s.old.start);
        let nc = tokens::char_indices(&new[s.new.clone()], s.new.start);
        // Characters as small ids, for the table of which side has each.
        let mut ids: FxHashMap<char, u32> =
            FxHashMap::with_capacity_and_hasher(oc.len() + nc.len(), Default::default());
        let mut id = |c: &(usize, char)| {
            let n = ids.len() as u32;
            *ids.entry(c.1).or_insert(n)
        };
        let ko: Vec<u32> = oc.iter().map(&mut id).collect();
        let kn: Vec<u32> = nc.iter().map(&mut id).collect();
        let at = |v: &[(usize, char)], i: usize, end: usize| v.get(i).map_or(end, |c| c.0);
        for op in myers::diff_matchable(&ko, &kn, ids.len()) {
            let (oi, ol, ni, nl) = op_parts(&op);
            let equal = matches!(op, DiffOp::Equal { .. });
            let mut or = at(&oc, oi, s.old.end)..at(&oc, oi + ol, s.old.end);
            let mut nr = at(&nc, ni, s.new.end)..at(&nc, ni + nl, s.new.end);
            if equal {
                // Keep the equal run only where it does not cut a number or a word.
                let (ot, nt) = (trim_to_whole_tokens(&or, &on), trim_to_whole_tokens(&nr, &nn));
                if ol < min_equal || ot.len() != or.len() || nt.len() != nr.len() {
                    push(&mut out, Seg::new(false, or, nr));
                    continue;
                }
                or = ot;
                nr = nt;
            }
            push(&mut out, Seg::new(equal, or, nr));
        }
    }
    out
}

/// Shrinks a range so that it does not end or start inside a whole token (a number, a
/// spaced-script word).
fn trim_to_whole_tokens(r: &Range<usize>, whole: &[Range<usize>]) -> Range<usize> {
    let mut start = r.start;
    let mut end = r.end;
    for t in whole {
        if t.start < start && start < t.end {
            start = t.end.min(end);
        }
        if t.start < end && end < t.end {
            end = t.start.max(start);
        }
    }
    start..end
}

/// The original text of a range of the normal form (with the spaces that follow it).
fn original<'t>((m, t): (&Mapped, &'t str), r: &Range<usize>) -> &'t str {
    &t[m.origin[r.start] as usize..m.origin[r.end] as usize]
}

/// Whether a line of the original starts at byte `i` of the normal form (or the text
/// ends there).
fn line_starts_at((m, t): (&Mapped, &str), i: usize) -> bool {
    i == 0 || i == m.text.len() || t[m.origin[i - 1] as usize..m.origin[i] as usize].contains('\n')
}

/// Slides a deletion (or insertion) between kept text to where it deletes whole
/// paragraphs, when its text repeats the kept text beside it so that it could stand in
/// several places: of `甲。[-乙。\n甲。-]丙。` (paragraphs `甲。乙。` and `甲。丙。`, the second
/// kept), Myers keeps the first `甲。`, and the deletion then takes the end of one
/// paragraph and the start of the next; `[-甲。乙。-]\n甲。丙。` says the same, a paragraph
/// deleted. A place where the change starts and ends at paragraph breaks wins over one
/// where it does either, which wins over the place Myers chose.
fn paragraphs_bound_changes(segs: &mut Vec<Seg>, old: (&Mapped, &str), new: (&Mapped, &str)) {
    for i in 1..segs.len().saturating_sub(1) {
        let Some(Lone { on_old, change, before: kept_before, after: kept_after }) = lone_change(segs, i)
        else {
            continue;
        };
        let side = if on_old { old } else { new };
        let t = side.0.text.as_str();
        let score = |r: &Range<usize>| {
            u8::from(line_starts_at(side, r.start)) + u8::from(line_starts_at(side, r.end))
        };
        // Every place the change can stand: moved back while it ends as the kept text
        // before it does, forward while it starts as the kept text after it does.
        let (mut best, mut best_score) = (change.clone(), score(&change));
        let mut r = change.clone();
        while r.start > kept_before.start {
            let Some(c) = t[..r.end].chars().next_back().filter(|&c| t[..r.start].ends_with(c)) else {
                break;
            };
            r = r.start - c.len_utf8()..r.end - c.len_utf8();
            if score(&r) > best_score {
                (best, best_score) = (r.clone(), score(&r));
            }
        }
        let mut r = change.clone();
        while r.end < kept_after.end {
            let Some(c) = t[r.start..].chars().next().filter(|&c| t[r.end..].starts_with(c)) else { break };
            r = r.start + c.len_utf8()..r.end + c.len_utf8();
            if score(&r) > best_score {
                (best, best_score) = (r.clone(), score(&r));
            }
        }
        if best != change {
            slide(segs, i, best.start as isize - change.start as isize);
        }
    }
    rejoin(segs);
}

/// A deletion or insertion alone between two kept stretches ([`lone_change`]).
struct Lone {
    /// A deletion (on the old side), or an insertion.
    on_old: bool,
    /// Its range, and the kept ranges before and after it, on its side.
    change: Range<usize>,
    before: Range<usize>,
    after: Range<usize>,
}

/// `segs[i]` when it is a deletion or insertion alone between two kept stretches (no
/// renumbered references among the three), which a slide may move.
fn lone_change(segs: &[Seg], i: usize) -> Option<Lone> {
    let (before, me, after) = (segs.get(i.checked_sub(1)?)?, segs.get(i)?, segs.get(i + 1)?);
    if !before.equal || !after.equal || before.reference || after.reference || me.equal || me.reference {
        return None;
    }
    match (me.old.is_empty(), me.new.is_empty()) {
        (false, true) => Some(Lone {
            on_old: true,
            change: me.old.clone(),
            before: before.old.clone(),
            after: after.old.clone(),
        }),
        (true, false) => Some(Lone {
            on_old: false,
            change: me.new.clone(),
            before: before.new.clone(),
            after: after.new.clone(),
        }),
        _ => None,
    }
}

/// Moves the lone change `segs[i]` by `delta` bytes (back when negative), on both sides
/// (the other side's empty range moves with it), and the bounds of the kept stretches
/// beside it: the text slid over is the same on both sides.
fn slide(segs: &mut [Seg], i: usize, delta: isize) {
    let shift = |x: usize| x.checked_add_signed(delta).expect("a slide stays within the text");
    let [b, m, a] = &mut segs[i - 1..=i + 1] else { unreachable!("three segments") };
    b.old.end = shift(b.old.end);
    b.new.end = shift(b.new.end);
    m.old = shift(m.old.start)..shift(m.old.end);
    m.new = shift(m.new.start)..shift(m.new.end);
    a.old.start = shift(a.old.start);
    a.new.start = shift(a.new.start);
}

/// Drops the kept stretches a slide emptied, and joins the ones around them.
fn rejoin(segs: &mut Vec<Seg>) {
    let mut joined = Vec::with_capacity(segs.len());
    for s in segs.drain(..) {
        push(&mut joined, s);
    }
    *segs = joined;
}

/// Gives a paragraph its own stop back where a change runs over a paragraph break and
/// Myers matched the stop of the last paragraph: of `[-计划-]{+规划。\n县级…预算+}。`
/// (the new text ends `…规划。\n县级…预算。`, the old one `…计划。`), the kept `。` is the
/// old paragraph's, and so the changed paragraph's, and the change reads
/// `[-计划-]{+规划+}。{+\n县级…预算。+}`: the added paragraphs whole, with their stops.
/// On the side whose change holds a paragraph break (the new side first), the stop
/// before the first break moves to the kept text, and the kept stop, which must end its
/// own paragraph, goes to the change after the break. Kept text must follow the stop,
/// or the text end there: a change right after it would join the change after the break
/// across the kept paragraph break.
fn paragraphs_keep_their_stops(segs: &mut Vec<Seg>, old: (&Mapped, &str), new: (&Mapped, &str)) {
    let stop = |c: char| matches!(c, '。' | ';' | ':' | '!' | '?');
    let mut out: Vec<Seg> = Vec::with_capacity(segs.len() + 4);
    let mut i = 0;
    while i < segs.len() {
        let me = &segs[i];
        // (on the old side, the first break's position, the stop's length)
        let found = segs
            .get(i + 1)
            .filter(|n| n.equal && !n.reference && !me.equal && !me.reference)
            .and_then(|next| {
                let sides = [(false, &me.new, &next.new, new), (true, &me.old, &next.old, old)];
                let found = sides.into_iter().find_map(|(on_old, r, kept, side)| {
                    let t = side.0.text.as_str();
                    let brk =
                        (r.start + 1..r.end).find(|&p| t.is_char_boundary(p) && line_starts_at(side, p))?;
                    let c = t[r.start..brk].chars().next_back().filter(|&c| stop(c))?;
                    let after = kept.start + c.len_utf8();
                    let ends = t[kept.clone()].starts_with(c) && line_starts_at(side, after);
                    ends.then_some((on_old, brk, c.len_utf8()))
                });
                found.filter(|&(.., len)| i + 2 == segs.len() || next.old.len() > len)
            });
        let Some((on_old, brk, len)) = found else {
            push(&mut out, me.clone());
            i += 1;
            continue;
        };
        let next = &segs[i + 1];
        // The change before the stop, the stop kept, the change after the break with the
        // kept stop, the rest kept.
        let (k_old, k_new) = (next.old.start, next.new.start);
        let (a, b, c) = if on_old {
            (
                Seg::new(false, me.old.start..brk - len, me.new.clone()),
                Seg::new(true, brk - len..brk, k_new..k_new + len),
                Seg::new(false, brk..me.old.end + len, k_new + len..k_new + len),
            )
        } else {
            (
                Seg::new(false, me.old.clone(), me.new.start..brk - len),
                Seg::new(true, k_old..k_old + len, brk - len..brk),
                Seg::new(false, k_old + len..k_old + len, brk..me.new.end + len),
            )
        };
        let rest = Seg::new(true, next.old.start + len..next.old.end, next.new.start + len..next.new.end);
        for s in [a, b, c, rest] {
            push(&mut out, s);
        }
        i += 2;
    }
    *segs = out;
}

/// Slides a deletion (or insertion) that starts with a stop (`。`, `；`, `，`…) one
/// character on where the text kept after it starts with the same stop: `确定[-。下级…确定-]。`
/// reads `确定。[-下级…确定。-]`. Both say the same; the second deletes whole clauses, as a
/// reader counts them, where Myers may have matched the stop after the change instead of
/// the one before it.
fn stops_end_changes(segs: &mut Vec<Seg>, old: &str, new: &str) {
    let stop = |c: char| matches!(c, '。' | ';' | ',' | ':' | '、' | '!' | '?');
    for i in 1..segs.len().saturating_sub(1) {
        let Some(Lone { on_old, change, after, .. }) = lone_change(segs, i) else { continue };
        let t = if on_old { old } else { new };
        let Some(c) = t[change].chars().next().filter(|&c| stop(c)) else { continue };
        if t[after].starts_with(c) {
            slide(segs, i, c.len_utf8() as isize);
        }
    }
    rejoin(segs);
}

/// Absorbs small equal islands into the changes around them (see the module
/// documentation). Segments are ranges of the normal forms; paragraph breaks, which the
/// normal forms drop, are read in the originals (`(mapping, original)` of each side).
fn cleanup(mut segs: Vec<Seg>, old: (&Mapped, &str), new: (&Mapped, &str)) -> Vec<Seg> {
    let count = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
    loop {
        let mut changed = false;
        for i in 1..segs.len().saturating_sub(1) {
            if !segs[i].equal || segs[i].reference || segs[i - 1].equal || segs[i + 1].equal {
                continue;
            }
            // Text kept between insertions only (or deletions only) was not rewritten:
            // absorbing it would show unchanged text as deleted and inserted again.
            let (before, after) = (&segs[i - 1], &segs[i + 1]);
            let deletes = !before.old.is_empty() || !after.old.is_empty();
            let inserts = !before.new.is_empty() || !after.new.is_empty();
            if !(deletes && inserts) {
                continue;
            }
            // Within one paragraph: a kept paragraph break is structure, and changes on
            // other lines do not make this line's kept text small.
            let (io, inn) = (original(old, &segs[i].old), original(new, &segs[i].new));
            if io.trim_end().contains('\n') || inn.trim_end().contains('\n') {
                continue;
            }
            let ends_line = io.contains('\n') || inn.contains('\n');
            let on_line_before =
                |r: &Range<usize>, side| count(original(side, r).rsplit('\n').next().unwrap_or(""));
            let on_line_after = |r: &Range<usize>, side| {
                if ends_line { 0 } else { count(original(side, r).split('\n').next().unwrap_or("")) }
            };
            let before = on_line_before(&before.old, old).max(on_line_before(&before.new, new));
            let after = on_line_after(&after.old, old).max(on_line_after(&after.new, new));
            // Wording kept this long was kept on purpose, however much changed around it
            // (road transport regulations 2019 → 2022, art. 10: `依照本条第二款规定颁发道路
            // 运输经营许可证前，应当与运输线路目的地的` between two rewritten bodies).
            let len = count(io);
            if !is_verbatim(io) && len <= before && len <= after {
                segs[i].equal = false;
                changed = true;
            }
        }
        if !changed {
            return segs;
        }
        let mut merged: Vec<Seg> = Vec::with_capacity(segs.len());
        for s in segs {
            push(&mut merged, s);
        }
        segs = merged;
    }
}

/// Maps segments of the normal forms to operations on the original texts.
fn to_ops(segs: &[Seg], mo: &Mapped, mn: &Mapped, old: &str, new: &str) -> InlineDiff {
    let mut ops = Vec::with_capacity(segs.len());
    let (mut deleted, mut inserted) = (0, 0);
    let count = |s: &str| s.chars().filter(|c| !crate::normalize::is_invisible(*c)).count();
    for (i, s) in segs.iter().enumerate() {
        let (mut os, oe) = mo.original_range(s.old.start, s.old.end);
        let (mut ns, ne) = mn.original_range(s.new.start, s.new.end);
        if i == 0 {
            // Cover leading spaces the normal form dropped.
            os = 0;
            ns = 0;
        }
        if s.reference {
            ops.push(Op { tag: Tag::Replace, old: os..oe, new: ns..ne, reference: true });
            continue;
        }
        let tag = match (s.equal, os == oe, ns == ne) {
            (true, _, _) => Tag::Equal,
            (false, false, true) => Tag::Delete,
            (false, true, false) => Tag::Insert,
            (false, false, false) => Tag::Replace,
            (false, true, true) => continue,
        };
        if tag != Tag::Equal {
            deleted += count(&old[os..oe]);
            inserted += count(&new[ns..ne]);
        }
        ops.push(Op { tag, old: os..oe, new: ns..ne, reference: false });
    }
    if ops.is_empty() && (!old.is_empty() || !new.is_empty()) {
        ops.push(Op { tag: Tag::Equal, old: 0..old.len(), new: 0..new.len(), reference: false });
    }
    join_across_spaces(&mut ops, old, new);
    spaces_outside_replacements(&mut ops, old, new);
    InlineDiff { ops, deleted_chars: deleted, inserted_chars: inserted }
}

/// Joins two insertions (or two deletions) that only a kept space separates, when the
/// space can slide to the end (or start) of them: `shall, where appropriate, implement`
/// inserted into `shall implement` reads `shall[+, where appropriate,] implement`, not
/// `shall[+, where] [+appropriate, ]implement`. The normal form drops a space after a
/// comma, so the one kept space matched the only space left inside the insertion; in the
/// originals the insertion also ends with a space, which can be the kept one. Counts do
/// not change (spaces are not counted), and a line break never moves.
fn join_across_spaces(ops: &mut Vec<Op>, old: &str, new: &str) {
    let space = |c: char| c.is_whitespace() && c != '\n';
    let blank = |s: &str| !s.is_empty() && s.chars().all(space);
    let mut i = 1;
    while i + 1 < ops.len() {
        let (kept, first, second) = (&ops[i], &ops[i - 1], &ops[i + 1]);
        let inserts = first.tag == Tag::Insert && second.tag == Tag::Insert;
        let deletes = first.tag == Tag::Delete && second.tag == Tag::Delete;
        if kept.tag != Tag::Equal
            || !(inserts || deletes)
            || !blank(&old[kept.old.clone()])
            || !blank(&new[kept.new.clone()])
        {
            i += 1;
            continue;
        }
        // `changed`: the side the two changes are on; `other`: where the space is kept
        // on the other side, which the joined change touches at one end.
        let side = |op: &Op| if inserts { op.new.clone() } else { op.old.clone() };
        let (text, other) = if inserts { (new, kept.old.clone()) } else { (old, kept.new.clone()) };
        let (first, second) = (side(first), side(second));
        let trailing = text[second.clone()].len() - text[second.clone()].trim_end_matches(space).len();
        let leading = text[first.clone()].len() - text[first.clone()].trim_start_matches(space).len();
        // (the joined change, the space kept in the changed side, whether it comes first)
        let (change, here, space_first) = if trailing > 0 && trailing < second.len() {
            (first.start..second.end - trailing, second.end - trailing..second.end, false)
        } else if leading > 0 && leading < first.len() {
            (first.start + leading..second.end, first.start..first.start + leading, true)
        } else {
            i += 1;
            continue;
        };
        let at = if space_first { other.end..other.end } else { other.start..other.start };
        let (change, equal) = if inserts {
            (
                Op { tag: Tag::Insert, old: at, new: change, reference: false },
                Op { tag: Tag::Equal, old: other, new: here, reference: false },
            )
        } else {
            (
                Op { tag: Tag::Delete, old: change, new: at, reference: false },
                Op { tag: Tag::Equal, old: here, new: other, reference: false },
            )
        };
        let joined = if space_first { [equal, change] } else { [change, equal] };
        ops.splice(i - 1..=i + 1, joined);
        // Looked at again from the joined change: another space and change may follow.
    }
    merge_equal_neighbours(ops);
}

/// Spaces that both sides of a replacement end (or begin) with are kept text, given to
/// the equal text next to it: `[2 % →4 % ]of` reads `[2 %→4 %] of`. The normal form
/// drops the space after `%`, so a change there reached up to the next word. A side
/// that is only those spaces is then empty, and the replacement an insertion (or a
/// deletion): `shall[ →, where appropriate, ]implement` reads `shall[+, where
/// appropriate,] implement`. A line break stays where it is.
fn spaces_outside_replacements(ops: &mut [Op], old: &str, new: &str) {
    let space = |c: char| c.is_whitespace() && c != '\n';
    let blank = |s: &str| !s.is_empty() && s.chars().all(space);
    let trailing = |s: &str| s.len() - s.trim_end_matches(space).len();
    let leading = |s: &str| s.len() - s.trim_start_matches(space).len();
    // The bytes of spaces both sides end with (`at_end`, else begin with): all of a side
    // that is only spaces, when the other ends with it, else the spaces the old side ends
    // with, when the new ends with just the same.
    let shared = |o: &str, n: &str, at_end: bool| -> usize {
        let has = |s: &str, part: &str| if at_end { s.ends_with(part) } else { s.starts_with(part) };
        let spaces = |s: &str| if at_end { trailing(s) } else { leading(s) };
        if o.trim().is_empty() && n.trim().is_empty() {
            0
        } else if blank(o) || blank(n) {
            let (b, other) = if blank(o) { (o, n) } else { (n, o) };
            if has(other, b) { b.len() } else { 0 }
        } else {
            let k = spaces(o);
            let part = if at_end { &o[o.len() - k..] } else { &o[..k] };
            if k > 0 && spaces(n) == k && has(n, part) { k } else { 0 }
        }
    };
    for i in 0..ops.len() {
        if ops[i].tag != Tag::Replace || ops[i].reference {
            continue;
        }
        let (o, n) = (&old[ops[i].old.clone()], &new[ops[i].new.clone()]);
        let k = shared(o, n, true);
        if i + 1 < ops.len() && ops[i + 1].tag == Tag::Equal && k > 0 {
            ops[i].old.end -= k;
            ops[i].new.end -= k;
            ops[i + 1].old.start -= k;
            ops[i + 1].new.start -= k;
        }
        let (o, n) = (&old[ops[i].old.clone()], &new[ops[i].new.clone()]);
        let k = shared(o, n, false);
        if i > 0 && ops[i - 1].tag == Tag::Equal && k > 0 {
            ops[i].old.start += k;
            ops[i].new.start += k;
            ops[i - 1].old.end += k;
            ops[i - 1].new.end += k;
        }
        ops[i].tag = match (ops[i].old.is_empty(), ops[i].new.is_empty()) {
            (true, false) => Tag::Insert,
            (false, true) => Tag::Delete,
            _ => ops[i].tag,
        };
    }
}

/// Merges neighbouring equal operations (a space slid next to kept text).
fn merge_equal_neighbours(ops: &mut Vec<Op>) {
    let mut merged: Vec<Op> = Vec::with_capacity(ops.len());
    for op in ops.drain(..) {
        match merged.last_mut() {
            Some(last) if last.tag == Tag::Equal && op.tag == Tag::Equal => {
                last.old.end = op.old.end;
                last.new.end = op.new.end;
            }
            _ => merged.push(op),
        }
    }
    *ops = merged;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(old: &str, new: &str) -> String {
        let d = inline_diff(old, new, &DiffOptions::default());
        let mut s = String::new();
        for op in &d.ops {
            match op.tag {
                Tag::Equal => s.push_str(&old[op.old.clone()]),
                Tag::Delete => s.push_str(&format!("[-{}]", &old[op.old.clone()])),
                Tag::Insert => s.push_str(&format!("[+{}]", &new[op.new.clone()])),
                Tag::Replace => s.push_str(&format!("[{}→{}]", &old[op.old.clone()], &new[op.new.clone()])),
            }
        }
        s
    }

    #[test]
    fn reference_tokens_are_written_anew_as_the_old_ones_are() {
        let n = |m| ArticleNumber { main: m, sub: 0 };
        let map =
            |a: ArticleNumber| [(n(28), n(34)), (n(29), n(35))].into_iter().find(|p| p.0 == a).map(|p| p.1);
        assert_eq!(renumber_reference("第二十八条", &map).as_deref(), Some("第三十四条"));
        assert_eq!(renumber_reference("第28条", &map).as_deref(), Some("第34条"));
        assert_eq!(renumber_reference("Article 29", &map).as_deref(), Some("Article 35"));
        assert_eq!(renumber_reference("art.28", &map).as_deref(), Some("art.34"));
        assert_eq!(renumber_reference("§ 29", &map).as_deref(), Some("§ 35"));
        assert_eq!(renumber_reference("第30条", &map), None);
        assert_eq!(renumber_reference("保护", &map), None);
    }

    #[test]
    fn a_changed_word_is_one_replacement() {
        // state-secrets-law 2010 → 2024, article 1.
        assert_eq!(show("保护改革开放", "保障改革开放"), "[保护→保障]改革开放");
    }

    #[test]
    fn width_and_spacing_are_no_change() {
        let d = inline_diff("包括:\n（一）甲", "包括：\n（一） 甲", &DiffOptions::default());
        assert!(d.is_equal(), "{d:?}");
        assert_eq!(d.deleted_chars + d.inserted_chars, 0);
    }

    #[test]
    fn amounts_are_replaced_whole() {
        assert_eq!(show("处三十万元以下的罚款", "处五十万元以下的罚款"), "处[三十万元→五十万元]以下的罚款");
    }

    #[test]
    fn insertions_and_deletions() {
        assert_eq!(
            show("中央国家机关在其职权范围内，管理", "中央国家机关在其职权范围内管理"),
            "中央国家机关在其职权范围内[-，]管理"
        );
        assert_eq!(show("国家秘密受法律保护。", "国家秘密依法受法律保护。"), "国家秘密[+依法]受法律保护。");
    }

    #[test]
    fn small_islands_do_not_shred_a_rewrite() {
        let s = show("由有关主管部门对直接负责的主管人员处以罚款", "由公司登记机关责令改正并处以罚款");
        assert!(!s.contains("[-") || s.matches('[').count() <= 2, "{s}");
    }

    /// Wording kept eight characters long or more is shown kept, however much was
    /// rewritten around it: a run that long is kept on purpose ([`VERBATIM_RUN`]).
    #[test]
    fn long_kept_wording_is_not_absorbed_into_a_rewrite() {
        // Road transport regulations 2019 → 2022, art. 10: the clean-up absorbed the 33
        // characters kept in the middle, and with them the whole sentence.
        let old = "对从事跨省、自治区、直辖市行政区域客运经营的申请，有关省、自治区、直辖市道路运输管理机构依照本条第二款规定颁发道路运输经营许可证前，应当与运输线路目的地的省、自治区、直辖市道路运输管理机构协商；协商不成的，应当报国务院交通主管部门决定。";
        let new = "对从事省际和市际客运经营的申请，收到申请的交通运输主管部门依照本条第二款规定颁发道路运输经营许可证前，应当与运输线路目的地的相应交通运输主管部门协商，协商不成的，应当按程序报省、自治区、直辖市人民政府交通运输主管部门协商决定。对从事设区的市内毗邻县客运经营的申请，有关交通运输主管部门应当进行协商，协商不成的，报所在地市级人民政府交通运输主管部门决定。";
        let shown = show(old, new);
        assert!(
            shown.starts_with("对从事[跨省、自治区、直辖市行政区域→省际和市际]客运经营的申请，"),
            "{shown}"
        );
        assert!(
            shown.contains("]依照本条第二款规定颁发道路运输经营许可证前，应当与运输线路目的地的["),
            "{shown}"
        );
        // Secrecy law 2010 → 2024, art. 4: the principles kept among new ones.
        let old = "保守国家秘密的工作（以下简称保密工作），实行积极防范、突出重点、依法管理的方针，既确保国家秘密安全，又便利信息资源合理利用。";
        let new = "保密工作坚持总体国家安全观，遵循党管保密、依法管理，积极防范、突出重点，技管并重、创新发展的原则，既确保国家秘密安全，又便利信息资源合理利用。";
        assert!(show(old, new).contains("]积极防范、突出重点["), "{}", show(old, new));
        // Shorter islands are still absorbed: `small_islands_do_not_shred_a_rewrite`.
    }

    /// Paragraphs added after a changed one are inserted whole, each with its stop, and
    /// the kept stop ends the changed paragraph: Myers matched the old paragraph's stop
    /// with the last added paragraph's.
    #[test]
    fn added_paragraphs_are_inserted_with_their_stops() {
        // Women's rights law 2018 → 2022, art. 3 → 5, second paragraph.
        let old = "县级以上地方各级人民政府根据中国妇女发展纲要，制定本行政区域的妇女发展规划，并将其纳入国民经济和社会发展计划。";
        let new = "县级以上地方各级人民政府根据中国妇女发展纲要，制定和组织实施本行政区域的妇女发展规划，将其纳入国民经济和社会发展规划。\n县级以上人民政府应当将妇女权益保障所需经费列入本级预算。";
        let shown = show(old, new);
        // (`show` prints kept text as the old side has it, without the new line break.)
        assert!(
            shown.ends_with("发展[计划→规划]。[+县级以上人民政府应当将妇女权益保障所需经费列入本级预算。]"),
            "{shown}"
        );
        // Company law 2018 → 2023, art. 33 → 57: three paragraphs added.
        let old = "公司拒绝提供查阅的，股东可以请求人民法院要求公司提供查阅。";
        let new = "公司拒绝提供查阅的，股东可以向人民法院提起诉讼。\n股东查阅前款规定的材料，可以委托会计师事务所、律师事务所等中介机构进行。\n股东要求查阅、复制公司全资子公司相关材料的，适用前四款的规定。";
        let shown = show(old, new);
        assert!(shown.contains("[要求公司提供查阅→提起诉讼]。[+股东查阅前款"), "{shown}");
        assert!(shown.ends_with("适用前四款的规定。]"), "{shown}");
        // The same on the old side: a deleted paragraph goes with its stop.
        let shown = show(new, old);
        assert!(shown.contains("[提起诉讼→要求公司提供查阅]。\n[-股东查阅前款"), "{shown}");
    }

    /// Secrecy law article 11 → 15: rewriting the first paragraph and deleting the third
    /// must not sweep the kept second one into one block: the clean-up stays in a line.
    #[test]
    fn clean_up_stays_within_a_paragraph() {
        let old = "国家秘密及其密级的具体范围，由国家保密行政管理部门分别会同外交、公安、国家安全和其他中央有关机关规定。\n军事方面的国家秘密及其密级的具体范围，由中央军事委员会规定。\n国家秘密及其密级的具体范围的规定，应当在有关范围内公布，并根据情况变化及时调整。";
        let new = "国家秘密及其密级的具体范围（以下简称保密事项范围），由国家保密行政管理部门单独或者会同有关中央国家机关规定。\n军事方面的保密事项范围，由中央军事委员会规定。";
        let shown = show(old, new);
        assert!(shown.contains("机关规定。\n军事方面的["), "{shown}");
        assert!(shown.contains("范围，由中央军事委员会规定。\n[-国家秘密"), "{shown}");
    }

    /// Road transport regulations art. 69 → 68 (2023): item (二) deleted, the items
    /// after it kept and renumbered; they pair with themselves, not with the items that
    /// now bear their old numbers.
    #[test]
    fn items_after_a_deleted_item_keep_their_text_and_change_their_number() {
        let old = "（一）不按规定的线路行驶的；\n（二）强行招揽旅客、货物的；\n（三）在旅客运输途中擅自变更运输车辆的；\n（四）未报告原许可机关，擅自终止客运经营的。";
        let new = "（一）不按规定的线路行驶的；\n（二）在旅客运输途中擅自变更运输车辆的；\n（三）未报告原许可机关，擅自终止客运经营的。";
        let shown = show(old, new);
        assert!(shown.contains("[-（二）强行招揽旅客、货物的；\n]（[三→二]）在旅客运输途中"), "{shown}");
        assert!(shown.contains("（[四→三]）未报告原许可机关"), "{shown}");
        let d = inline_diff(old, new, &DiffOptions::default());
        assert!(d.ops.iter().all(|o| !o.reference), "an item's number is no cross-reference: {shown}");
    }

    /// Items pair by what they say, not by their numbers: with numbers that stay, an item
    /// dropped at the start and one added at the end leave the others paired; items
    /// numbered `1）` without an opening bracket are no cross-references either.
    #[test]
    fn items_pair_by_their_text() {
        let shown = show("1）甲；2）乙；3）丙。", "2）乙；3）丙；4）丁。");
        assert!(shown.starts_with("[-1）甲；]2）乙；3）丙"), "{shown}");
        let old = "有下列情形之一的：1）甲；2）乙；3）丙。";
        let new = "有下列情形之一的：1）乙；2）丙。";
        let d = inline_diff(old, new, &DiffOptions::default());
        assert!(d.ops.iter().all(|o| !o.reference), "{}", show(old, new));
    }

    /// Labor contract law 2007 → 2012, article 63: a sentence inserted before one that is
    /// kept, and a paragraph after it. Nothing is deleted, and the kept sentence is shown
    /// kept, although it is shorter than the insertions on both sides.
    #[test]
    fn text_kept_between_insertions_is_not_shown_as_rewritten() {
        let old = "被派遣劳动者享有与用工单位的劳动者同工同酬的权利。用工单位无同类岗位劳动者的，参照用工单位所在地相同或者相近岗位劳动者的劳动报酬确定。";
        let new = "被派遣劳动者享有与用工单位的劳动者同工同酬的权利。用工单位应当按照同工同酬原则，对被派遣劳动者与本单位同类岗位的劳动者实行相同的劳动报酬分配办法。用工单位无同类岗位劳动者的，参照用工单位所在地相同或者相近岗位劳动者的劳动报酬确定。\n劳务派遣单位与被派遣劳动者订立的劳动合同和与用工单位订立的劳务派遣协议，载明或者约定的向被派遣劳动者支付的劳动报酬应当符合前款规定。";
        let d = inline_diff(old, new, &DiffOptions::default());
        assert_eq!(d.deleted_chars, 0, "{}", show(old, new));
        assert!(d.ops.iter().all(|o| matches!(o.tag, Tag::Equal | Tag::Insert)), "{}", show(old, new));
        assert!(show(old, new).contains("分配办法。]用工单位无同类岗位劳动者的"), "{}", show(old, new));
    }

    #[test]
    fn a_deleted_paragraph_is_deleted_whole_where_its_opening_repeats() {
        // Civil code article 1073: two paragraphs opening with the same clause. Without the
        // first, Myers kept the first paragraph's opening and deleted the rest of it with
        // the second's opening.
        let old = "对亲子关系有异议且有正当理由的，父或者母可以向人民法院提起诉讼，请求确认或者否认亲子关系。\n对亲子关系有异议且有正当理由的，成年子女可以向人民法院提起诉讼，请求确认亲子关系。";
        let new = "对亲子关系有异议且有正当理由的，成年子女可以向人民法院提起诉讼，请求确认亲子关系。";
        let d = inline_diff(old, new, &DiffOptions::default());
        assert_eq!(d.ops[0].tag, Tag::Delete, "{}", show(old, new));
        assert_eq!(
            &old[d.ops[0].old.clone()],
            "对亲子关系有异议且有正当理由的，父或者母可以向人民法院提起诉讼，请求确认或者否认亲子关系。\n"
        );
        assert_eq!(d.ops.len(), 2, "{}", show(old, new));
        // And an insertion the same.
        let d = inline_diff(new, old, &DiffOptions::default());
        assert_eq!(
            &old[d.ops[0].new.clone()],
            "对亲子关系有异议且有正当理由的，父或者母可以向人民法院提起诉讼，请求确认或者否认亲子关系。\n"
        );
    }

    #[test]
    fn a_deleted_clause_ends_with_its_stop() {
        // State secrets law 2010, article 13 (third and fourth paragraphs), against new 18,
        // which keeps the first sentence: Myers matches new 18's last `。` with the old
        // text's last, and the deletion started with the kept sentence's `。`.
        let old = "机关、单位执行上级确定的国家秘密事项，需要定密的，根据所执行的国家秘密事项的密级确定。下级机关、单位认为本机关、本单位产生的有关定密事项属于上级机关、单位的定密权限，应当先行采取保密措施，并立即报请上级机关、单位确定；没有上级机关、单位的，应当立即提请有相应定密权限的业务主管部门或者保密行政管理部门确定。\n公安、国家安全机关在其工作范围内按照规定的权限确定国家秘密的密级。";
        let new = "机关、单位执行上级确定的国家秘密事项或者办理其他机关、单位确定的国家秘密事项，需要派生定密的，应当根据所执行、办理的国家秘密事项的密级确定。";
        let shown = show(old, new);
        assert!(shown.contains("[+、办理]的国家秘密事项的密级确定。[-下级机关"), "{shown}");
        assert!(shown.ends_with("的密级。]"), "{shown}");
    }

    #[test]
    fn ranges_cover_both_texts() {
        let (old, new) = ("  甲乙丙\n丁戊", "甲乙己\n丁戊庚 ");
        let d = inline_diff(old, new, &DiffOptions::default());
        assert_eq!(d.ops.first().unwrap().old.start, 0);
        assert_eq!(d.ops.last().unwrap().old.end, old.len());
        assert_eq!(d.ops.last().unwrap().new.end, new.len());
        assert!(d.ops.windows(2).all(|w| w[0].old.end == w[1].old.start && w[0].new.end == w[1].new.start));
    }

    #[test]
    fn western_text_is_diffed_by_word() {
        assert_eq!(show("The quick brown fox", "The quick red fox"), "The quick [brown→red] fox");
        // A word is replaced whole, never refined into shared letters.
        assert_eq!(show("rules partly apply", "rules in part apply"), "rules [partly→in part] apply");
        assert_eq!(
            show("Die Verordnung schützt Personen", "Die Verordnung schützte Personen"),
            "Die Verordnung [schützt→schützte] Personen"
        );
    }

    /// Amounts with thousands separators are replaced whole, as Chinese amounts are; the
    /// thousands comma ends no clause. Spaces both sides of a replacement end with are
    /// kept text (`%` drops the space after it from the normal form).
    #[test]
    fn western_amounts_are_replaced_whole() {
        assert_eq!(
            show(
                "Fines up to EUR 10 000 000, or 2 % of turnover",
                "Fines up to EUR 20 000 000, or 4 % of turnover"
            ),
            "Fines up to EUR [10 000 000→20 000 000], or [2 %→4 %] of turnover"
        );
        assert_eq!(
            show("Fines up to EUR 10,000,000 or more", "Fines up to EUR 20,000,000 or more"),
            "Fines up to EUR [10,000,000→20,000,000] or more"
        );
        assert_eq!(show("In 2018 100 cases", "In 2019 100 cases"), "In [2018→2019] 100 cases");
        // A list of numbers still ends clauses at its commas.
        assert_eq!(clauses("3,4,10").len(), 3);
        assert_eq!(clauses("1,000,000,12").len(), 2);
    }

    /// A phrase set off by commas, inserted or deleted: one change, not two around the
    /// one space the old text had (the normal form drops the spaces after the commas).
    #[test]
    fn a_phrase_between_commas_is_one_change() {
        let (old, new) = (
            "The controller shall implement measures.",
            "The controller shall, where appropriate, implement measures.",
        );
        assert_eq!(show(old, new), "The controller shall[+, where appropriate,] implement measures.");
        assert_eq!(show(new, old), "The controller shall[-, where appropriate,] implement measures.");
        let longer = "The controller shall, where appropriate, and, if needed, at once, implement measures.";
        assert_eq!(
            show(old, longer),
            "The controller shall[+, where appropriate, and, if needed, at once,] implement measures."
        );
        let d = inline_diff(old, new, &DiffOptions::default());
        assert_eq!((d.deleted_chars, d.inserted_chars), (0, 18));
        assert!(d.ops.windows(2).all(|w| w[0].old.end == w[1].old.start && w[0].new.end == w[1].new.start));
        assert_eq!((d.ops.last().unwrap().old.end, d.ops.last().unwrap().new.end), (old.len(), new.len()));
        // A kept line break stays where it is: the paragraphs are structure.
        assert_eq!(
            show(
                "The controller shall\nimplement measures.",
                "The controller shall, where\nappropriate, implement measures."
            ),
            "The controller shall[+, where]\n[+appropriate, ]implement measures."
        );
    }

    #[test]
    fn points_numbered_by_letter_pair_by_their_text() {
        // A point inserted before `(b)`: the old `(b)` keeps its text as `(c)`.
        assert_eq!(
            show("(a) widget;\n(b) seller.", "(a) widget;\n(b) importer;\n(c) seller."),
            "(a) widget;\n[+(b) importer;\n]([b→c]) seller."
        );
    }

    /// Spaces are no evidence that two Western texts match: a sentence kept behind a new
    /// one is shown kept, not replaced whole because the spaces of the two first
    /// sentences lined up (an illustrative text).
    #[test]
    fn a_sentence_kept_behind_a_new_one_is_kept() {
        let old = "Importers shall keep records of every import and shall not destroy them.";
        let new = "Sellers shall label widgets clearly and visibly in the market. \
                   Importers shall keep records of every import.";
        assert_eq!(
            show(old, new),
            "[+Sellers shall label widgets clearly and visibly in the market. ]\
             Importers shall keep records of every import[- and shall not destroy them]."
        );
        // A line break is still matched as one: paragraphs are structure.
        assert_eq!(
            show("Sellers shall label widgets.\nImporters keep records.", "Importers keep records."),
            "[-Sellers shall label widgets.\n]Importers keep records."
        );
    }

    /// Borrowed wording is measured alike in both scripts: eight Han characters, or
    /// twenty-four letters, about as many words; two English words (`shall not`) are a
    /// stock phrase, not borrowed wording.
    #[test]
    fn verbatim_runs_are_as_long_in_words_in_either_script() {
        assert!(is_verbatim("保守国家秘密工作"));
        assert!(!is_verbatim("保守国家秘密"));
        assert!(!is_verbatim("shall not"));
        assert!(!is_verbatim("shall keep records"));
        assert!(is_verbatim("shall keep records of every sale"));
        assert_eq!(verbatim_thirds("第5条 Article"), 3 * 3 + 7);
        let text = "国家秘密的范围和密级";
        let windows: Vec<&str> = verbatim_windows(text).into_iter().map(|w| &text[w]).collect();
        assert_eq!(windows, ["国家秘密的范围和", "家秘密的范围和密", "秘密的范围和密级"]);
        let text = "records of every sale kept there";
        let windows: Vec<&str> = verbatim_windows(text).into_iter().map(|w| &text[w]).collect();
        assert_eq!(windows[0], "records of every sale kept th");
    }

    #[test]
    fn accented_and_non_latin_words_keep_their_spaces() {
        // Spaces between `règlement` and `établit` separate words as between ASCII ones.
        assert_eq!(
            show("Le règlement établit des règles", "Le règlement fixe des règles"),
            "Le règlement [établit→fixe] des règles"
        );
        assert_eq!(show("Закон вступает в силу", "Закон вступил в силу"), "Закон [вступает→вступил] в силу");
        assert_eq!(show("Ο νόμος ισχύει", "Ο νέος νόμος ισχύει"), "Ο [+νέος ]νόμος ισχύει");
    }
}
