//! Myers' diff of short sequences of integers, with exactly the edit script of similar's
//! `Algorithm::Myers`.
//!
//! The inline diffs run thousands of small Myers diffs (clauses, words, characters of a
//! replaced stretch): on the company law they were 44 % of the inline diffs' time. similar
//! serves any sequence of any length under an optional time limit, so its search reads
//! elements through a generic `Index`, checks the deadline and its heuristics at every
//! step, and runs a preflight before it. This is the same search written for short `u32`
//! slices: the same prefix and suffix trimming, front anchors and middle snakes, taken in
//! the same order, so the same script comes out; similar's own hooks then compact it and
//! group it into replacements exactly as `capture_diff_slices` does. Property tests check
//! the result against similar's on random sequences.
//!
//! [`diff_matchable`] runs it on what can match: elements only one side has are set aside
//! first and come back as deletions and insertions (a script as short, not always the
//! same one). The inline diffs use it.
//!
//! Only the exact search is written here: on longer inputs (together more than
//! [`MAX_TOTAL`] elements) similar switches to heuristics for expensive searches, and
//! those inputs go to similar itself.

use std::convert::Infallible;
use std::ops::Range;

use similar::algorithms::{Capture, Compact, DiffHook, Replace};
use similar::{Algorithm, DiffOp, capture_diff_slices};

/// Longest total length diffed here. similar's Myers departs from the exact search only
/// from a search depth of 256 (`HEURISTIC_MIN_COST`, `HEURISTIC_MIN_MAX_COST`), which a
/// middle-snake search over 510 elements never reaches (its depth stays below half the
/// total plus one), and its other shortcuts need a side of 512 elements.
const MAX_TOTAL: usize = 510;

/// similar's front anchor: at most this many elements skipped on the larger side…
const ANCHOR_MAX_SKIP: usize = 4;
/// …before a common run of at least this many.
const ANCHOR_MIN_COMMON: usize = 96;

/// The ops of the Myers diff of `old` and `new`, as `similar::capture_diff_slices` with
/// `Algorithm::Myers` returns them.
pub fn diff(old: &[u32], new: &[u32]) -> Vec<DiffOp> {
    if old.len() + new.len() > MAX_TOTAL {
        return capture_diff_slices(Algorithm::Myers, old, new);
    }
    let mut hook = Compact::new(Replace::new(Capture::new()), old, new);
    let Ok(()) = run(&mut hook, old, new);
    hook.into_inner().into_inner().into_ops()
}

/// The Myers diff of `old` and `new` (elements below `n_ids`) with the elements only one
/// side has set aside first, as GNU diff discards lines without a match: they can only be
/// deleted or inserted, and in a rewritten sentence most words are. The search then runs
/// on what can match, which shrinks both its length and its depth. The common
/// subsequence found is a longest one of the whole sequences (every common element is
/// kept), so the script is as short as the plain search's; among scripts of that length
/// it may pick another, which similar's compaction then shifts as usual.
pub fn diff_matchable(old: &[u32], new: &[u32], n_ids: usize) -> Vec<DiffOp> {
    let mut sides = vec![0u8; n_ids];
    for &x in old {
        sides[x as usize] |= 1;
    }
    for &x in new {
        sides[x as usize] |= 2;
    }
    let kept =
        |seq: &[u32]| -> Vec<usize> { (0..seq.len()).filter(|&i| sides[seq[i] as usize] == 3).collect() };
    let (ko, kn) = (kept(old), kept(new));
    if ko.len() == old.len() && kn.len() == new.len() {
        return diff(old, new);
    }
    let reduced = |seq: &[u32], k: &[usize]| -> Vec<u32> { k.iter().map(|&i| seq[i]).collect() };
    let ops = diff(&reduced(old, &ko), &reduced(new, &kn));
    let mut d = Compact::new(Replace::new(Capture::new()), old, new);
    // Matched elements in the original positions; what lies between them is deleted and
    // inserted.
    let (mut o, mut n) = (0, 0);
    let mut run: Option<(usize, usize, usize)> = None;
    let emit_gap =
        |d: &mut Compact<'_, '_, [u32], [u32], Replace<Capture>>, o: usize, n: usize, x: usize, y: usize| {
            if x > o {
                let Ok(()) = d.delete(o, x - o, n);
            }
            if y > n {
                let Ok(()) = d.insert(x, n, y - n);
            }
        };
    for op in ops {
        let DiffOp::Equal { old_index, new_index, len } = op else { continue };
        for k in 0..len {
            let (x, y) = (ko[old_index + k], kn[new_index + k]);
            if x > o || y > n {
                if let Some((ro, rn, rl)) = run.take() {
                    let Ok(()) = d.equal(ro, rn, rl);
                }
                emit_gap(&mut d, o, n, x, y);
            }
            run = Some(match run {
                Some((ro, rn, rl)) => (ro, rn, rl + 1),
                None => (x, y, 1),
            });
            (o, n) = (x + 1, y + 1);
        }
    }
    if let Some((ro, rn, rl)) = run {
        let Ok(()) = d.equal(ro, rn, rl);
    }
    emit_gap(&mut d, o, n, old.len(), new.len());
    let Ok(()) = d.finish();
    d.into_inner().into_inner().into_ops()
}

/// similar's `diff_deadline_pretrimmed` after its preflight, which for short inputs only
/// trims the common prefix and suffix.
fn run<D: DiffHook<Error = Infallible>>(d: &mut D, old: &[u32], new: &[u32]) -> Result<(), Infallible> {
    let prefix = common_prefix(old, new);
    let suffix = common_suffix(&old[prefix..], &new[prefix..]);
    let (old_range, new_range) = (prefix..old.len() - suffix, prefix..new.len() - suffix);
    if prefix > 0 {
        d.equal(0, 0, prefix)?;
    }
    match (old_range.is_empty(), new_range.is_empty()) {
        (true, true) => {}
        (true, false) => d.insert(old_range.start, new_range.start, new_range.len())?,
        (false, true) => d.delete(old_range.start, old_range.len(), new_range.start)?,
        (false, false) => {
            let max_d = max_d(old_range.len(), new_range.len());
            // Diagonals -max_d..=max_d: the middle snake reads both neighbours of every
            // diagonal it visits, the outermost ones included.
            let mut v = V {
                forward: vec![0; 2 * max_d + 1],
                backward: vec![0; 2 * max_d + 1],
                offset: max_d as isize,
            };
            conquer(d, old, old_range, new, new_range, &mut v)?;
        }
    }
    if suffix > 0 {
        d.equal(old.len() - suffix, new.len() - suffix, suffix)?;
    }
    d.finish()
}

/// The furthest x reached on each diagonal, forward and backward.
struct V {
    forward: Vec<usize>,
    backward: Vec<usize>,
    offset: isize,
}

fn max_d(n: usize, m: usize) -> usize {
    (n + m).div_ceil(2) + 1
}

fn common_prefix(a: &[u32], b: &[u32]) -> usize {
    // An indexed loop: the middle snakes call this on every diagonal, and the iterator
    // chain (zip, take_while, count) compiles to a slower one.
    let n = a.len().min(b.len());
    let mut i = 0;
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

fn common_suffix(a: &[u32], b: &[u32]) -> usize {
    a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count()
}

fn conquer<D: DiffHook<Error = Infallible>>(
    d: &mut D,
    old: &[u32],
    mut old_range: Range<usize>,
    new: &[u32],
    mut new_range: Range<usize>,
    v: &mut V,
) -> Result<(), Infallible> {
    let prefix = common_prefix(&old[old_range.clone()], &new[new_range.clone()]);
    if prefix > 0 {
        d.equal(old_range.start, new_range.start, prefix)?;
    }
    old_range.start += prefix;
    new_range.start += prefix;
    let suffix = common_suffix(&old[old_range.clone()], &new[new_range.clone()]);
    old_range.end -= suffix;
    new_range.end -= suffix;
    let suffix_at = (old_range.end, new_range.end);

    while !old_range.is_empty() && !new_range.is_empty() {
        let before = (old_range.start, new_range.start);
        front_anchor(d, old, &mut old_range, new, &mut new_range)?;
        if (old_range.start, new_range.start) == before {
            break;
        }
    }

    match (old_range.is_empty(), new_range.is_empty()) {
        (true, true) => {}
        (false, true) => d.delete(old_range.start, old_range.len(), new_range.start)?,
        (true, false) => d.insert(old_range.start, new_range.start, new_range.len())?,
        (false, false) => {
            // The exact search always meets in the middle (similar gives up only past a
            // deadline, or on the heuristics this module leaves to it).
            let (x, y) = middle_snake(old, old_range.clone(), new, new_range.clone(), v);
            conquer(d, old, old_range.start..x, new, new_range.start..y, v)?;
            conquer(d, old, x..old_range.end, new, y..new_range.end, v)?;
        }
    }

    if suffix > 0 {
        d.equal(suffix_at.0, suffix_at.1, suffix)?;
    }
    Ok(())
}

/// similar's `try_emit_front_anchor`: when one side is at least twice the other and both
/// are long, a long common run just after a few elements of the larger side is taken
/// as it is.
fn front_anchor<D: DiffHook<Error = Infallible>>(
    d: &mut D,
    old: &[u32],
    old_range: &mut Range<usize>,
    new: &[u32],
    new_range: &mut Range<usize>,
) -> Result<(), Infallible> {
    let (n, m) = (old_range.len(), new_range.len());
    if n <= ANCHOR_MIN_COMMON || m <= ANCHOR_MIN_COMMON || n.max(m) < n.min(m).saturating_mul(2) {
        return Ok(());
    }
    let max_old_skip = (n - 1).min(ANCHOR_MAX_SKIP);
    let max_new_skip = (m - 1).min(ANCHOR_MAX_SKIP);
    let mut best: Option<(usize, usize, usize)> = None;
    'search: for old_skip in 0..=max_old_skip {
        for new_skip in 0..=max_new_skip {
            // Only one-sided skips, and only on the larger side.
            if (old_skip == 0) == (new_skip == 0) || (m > n && old_skip != 0) || (n > m && new_skip != 0) {
                continue;
            }
            let (o, w) = (old_range.start + old_skip, new_range.start + new_skip);
            if new[w] != old[o] {
                continue;
            }
            let common = common_prefix(&old[o..old_range.end], &new[w..new_range.end]);
            if common >= ANCHOR_MIN_COMMON {
                if common >= ANCHOR_MIN_COMMON * 8 {
                    best = Some((old_skip, new_skip, common));
                    break 'search;
                }
                let key = |(os, ns, c): (usize, usize, usize)| (c, std::cmp::Reverse(os.max(ns)), os, ns);
                if best.is_none_or(|b| key((old_skip, new_skip, common)) > key(b)) {
                    best = Some((old_skip, new_skip, common));
                }
            }
        }
    }
    let Some((old_skip, new_skip, common)) = best else { return Ok(()) };
    if new_skip > 0 {
        d.insert(old_range.start, new_range.start, new_skip)?;
    } else if old_skip > 0 {
        d.delete(old_range.start, old_skip, new_range.start)?;
    }
    d.equal(old_range.start + old_skip, new_range.start + new_skip, common)?;
    old_range.start += old_skip + common;
    new_range.start += new_skip + common;
    Ok(())
}

/// similar's `find_middle_snake` without its heuristics: where the forward and backward
/// searches for a shortest edit script first overlap.
fn middle_snake(
    old: &[u32],
    old_range: Range<usize>,
    new: &[u32],
    new_range: Range<usize>,
    v: &mut V,
) -> (usize, usize) {
    let (os, ns) = (old_range.start, new_range.start);
    let old = &old[old_range];
    let new = &new[new_range];
    let (n, m) = (old.len(), new.len());
    let delta = n as isize - m as isize;
    let odd = delta & 1 == 1;
    // Diagonal k is at index k + offset of both arrays.
    let offset = v.offset;
    let (forward, backward) = (&mut v.forward[..], &mut v.backward[..]);
    let max_d = max_d(n, m) as isize;
    // Every diagonal read or written below is within max_d of 0 (k ± 1 with |k| <= d <
    // max_d), at index k + offset: the unchecked accesses rely on this.
    assert!(offset >= max_d && forward.len().min(backward.len()) > (offset + max_d) as usize);
    forward[(1 + offset) as usize] = 0;
    backward[(1 + offset) as usize] = 0;
    for d in 0..max_d {
        let mut k = d;
        while k >= -d {
            let i = (k + offset) as usize;
            // SAFETY: i - 1 and i + 1 are in bounds (the assertion above).
            let (lo, hi) = unsafe { (*forward.get_unchecked(i - 1), *forward.get_unchecked(i + 1)) };
            let mut x = if k == -d || (k != d && lo < hi) { hi } else { lo + 1 };
            let y = (x as isize - k) as usize;
            let (x0, y0) = (x, y);
            if x < n && y < m {
                x += common_prefix(&old[x..], &new[y..]);
            }
            forward[i] = x;
            if odd && (k - delta).abs() < d && x + backward[(delta - k + offset) as usize] >= n {
                return (x0 + os, y0 + ns);
            }
            k -= 2;
        }
        let mut k = d;
        while k >= -d {
            let i = (k + offset) as usize;
            // SAFETY: as above.
            let (lo, hi) = unsafe { (*backward.get_unchecked(i - 1), *backward.get_unchecked(i + 1)) };
            let mut x = if k == -d || (k != d && lo < hi) { hi } else { lo + 1 };
            let mut y = (x as isize - k) as usize;
            if x < n && y < m {
                let advance = common_suffix(&old[..n - x], &new[..m - y]);
                x += advance;
                y += advance;
            }
            backward[i] = x;
            if !odd && (k - delta).abs() <= d && x + forward[(delta - k + offset) as usize] >= n {
                return (n - x + os, m - y + ns);
            }
            k -= 2;
        }
    }
    unreachable!("the forward and backward searches of Myers' algorithm always meet")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn similar_ops(old: &[u32], new: &[u32]) -> Vec<DiffOp> {
        capture_diff_slices(Algorithm::Myers, old, new)
    }

    /// Sequences over a small alphabet (many equal elements, hence many ties between
    /// edit scripts of the same length) or a larger one, up to the length diffed here.
    fn sequence(max: usize) -> impl Strategy<Value = Vec<u32>> {
        prop_oneof![prop::collection::vec(0u32..3, 0..max), prop::collection::vec(0u32..40, 0..max)]
    }

    /// How many elements a script keeps equal, after checking that it covers both
    /// sequences in order and that its equal runs are equal.
    fn kept(ops: &[DiffOp], old: &[u32], new: &[u32]) -> usize {
        let (mut o, mut n, mut kept) = (0, 0, 0);
        for op in ops {
            let (oi, ol, ni, nl) = match *op {
                DiffOp::Equal { old_index, new_index, len } => {
                    assert_eq!(old[old_index..old_index + len], new[new_index..new_index + len]);
                    kept += len;
                    (old_index, len, new_index, len)
                }
                DiffOp::Delete { old_index, old_len, new_index } => (old_index, old_len, new_index, 0),
                DiffOp::Insert { old_index, new_index, new_len } => (old_index, 0, new_index, new_len),
                DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                    (old_index, old_len, new_index, new_len)
                }
            };
            assert_eq!((oi, ni), (o, n), "{ops:?}");
            (o, n) = (oi + ol, ni + nl);
        }
        assert_eq!((o, n), (old.len(), new.len()), "{ops:?}");
        kept
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Setting aside the elements one side lacks keeps a longest common subsequence:
        /// the script is as short as the plain search's.
        #[test]
        fn discarding_unmatched_elements_keeps_the_script_minimal(
            // Overlapping alphabets: a third of the elements on each side has no match.
            old in prop::collection::vec(0u32..60, 0..200),
            new in prop::collection::vec(30u32..90, 0..200),
        ) {
            let plain = diff(&old, &new);
            let discarded = diff_matchable(&old, &new, 90);
            prop_assert_eq!(kept(&discarded, &old, &new), kept(&plain, &old, &new));
        }

        #[test]
        fn the_script_is_similars(old in sequence(260), new in sequence(250)) {
            prop_assert_eq!(diff(&old, &new), similar_ops(&old, &new));
        }

        /// Edits of one sequence: long common runs, as in real texts.
        #[test]
        fn edits_give_similars_script(
            base in prop::collection::vec(0u32..30, 0..240),
            edits in prop::collection::vec((0usize..240, 0usize..4, prop::collection::vec(0u32..30, 0..4)), 0..12),
        ) {
            let mut new = base.clone();
            for (at, remove, insert) in edits {
                let at = at.min(new.len());
                let end = (at + remove).min(new.len());
                new.splice(at..end, insert);
            }
            prop_assert_eq!(diff(&base, &new), similar_ops(&base, &new));
        }
    }

    /// Inputs where similar's front anchor applies (both sides over 96 elements, one more
    /// than twice the other, and a common run of 97 or more a few elements into both),
    /// from a small alphabet so that the anchor often picks another script than the
    /// middle snakes would.
    fn anchored() -> impl Strategy<Value = (Vec<u32>, Vec<u32>)> {
        (2u32..8, 97usize..140)
            .prop_flat_map(|(alpha, len)| {
                let junk = move |n: Range<usize>| prop::collection::vec(0..alpha + 2, n);
                (
                    prop::collection::vec(0..alpha, len),
                    junk(0..5),
                    junk(len..len + 80),
                    junk(0..3),
                    97..=len,
                    junk(0..6),
                )
            })
            .prop_map(|(run, old_head, old_tail, new_head, kept, new_tail)| {
                let old = [old_head, run.clone(), old_tail].concat();
                let new = [new_head, run[..kept].to_vec(), new_tail].concat();
                (old, new)
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn front_anchors_are_taken_as_similar_takes_them((old, new) in anchored()) {
            prop_assert_eq!(diff(&old, &new), similar_ops(&old, &new));
            prop_assert_eq!(diff(&new, &old), similar_ops(&new, &old));
        }
    }

    #[test]
    fn longer_inputs_go_to_similar() {
        let old: Vec<u32> = (0..400).map(|i| i % 13).collect();
        let new: Vec<u32> = (0..300).map(|i| i % 11).collect();
        assert_eq!(diff(&old, &new), similar_ops(&old, &new));
    }
}
