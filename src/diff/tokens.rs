//! Word tokens for inline diffs: Chinese words from a dictionary, numbers, dates and
//! amounts as whole tokens, Latin words, punctuation.
//!
//! Chinese has no spaces, so a character diff shreds words (`保护→保障` becomes
//! `保[护→障]`). Words come from jieba's dictionary and its maximum-probability route
//! over the word graph (no HMM for unknown words: unknown characters stay single, which
//! for a diff is harmless). The dictionary is compiled into a double-array trie at build
//! time, so tokenising needs no start-up work.

use std::ops::Range;
use std::sync::OnceLock;

use yada::DoubleArray;

use super::han::{self, is_han};
use crate::normalize::is_spaced_letter;

/// The words of the dictionary made of Han characters, each character as its two-byte
/// code ([`han_code`]; build.rs).
static DICT_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dict.da"));
/// For each character of [`han::TABLE_FIRST`]..=[`han::TABLE_LAST`], 1 + its place by
/// frequency in the dictionary, or 0 when it is in no word (u16, little-endian; build.rs).
static HAN_RANK: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/han_rank.bin"));
const DICT_TOTAL: u64 = include!(concat!(env!("OUT_DIR"), "/dict_total.rs"));
/// The trie holds ln(frequency) × 2^24 (see build.rs).
const LOG_SCALE: f64 = (1u64 << 24) as f64;

fn dict() -> &'static DoubleArray<&'static [u8]> {
    static DICT: OnceLock<DoubleArray<&'static [u8]>> = OnceLock::new();
    // Validating walks all 6 MB of the trie (milliseconds at every start, and every page
    // made resident); the build script wrote it, and `the_embedded_trie_is_valid` checks it.
    // SAFETY: `DICT_BYTES` is the double array yada's builder produced in build.rs.
    DICT.get_or_init(|| unsafe { DoubleArray::new_unchecked(DICT_BYTES) })
}

/// What a token is, which decides how it may be compared and refined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A Chinese word (or single character).
    Word,
    /// A number with its prefix and unit: `第二十八条`, `三万元`, `2024年`, `5%`.
    Number,
    /// A run of letters of a spaced script: a Latin (or Cyrillic, Greek, …) word.
    Latin,
    /// Anything else, one character at a time.
    Other,
}

/// A token: a byte range of the text it was cut from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub range: Range<usize>,
    pub kind: TokenKind,
}

fn is_cn_numeral(c: char) -> bool {
    crate::numerals::is_numeral_or_yi(c)
}

/// Units and counters that belong to the number before them.
fn is_unit(c: char) -> bool {
    matches!(
        c,
        '条' | '條'
            | '款'
            | '项'
            | '項'
            | '目'
            | '章'
            | '节'
            | '節'
            | '编'
            | '編'
            | '年'
            | '月'
            | '日'
            | '时'
            | '元'
            | '倍'
            | '个'
            | '次'
            | '人'
            | '名'
            | '件'
            | '周'
            | '岁'
            | '%'
            | '‰'
            | '天'
            | '届'
            | '号'
            | '级'
            | '类'
            | '种'
            | '家'
            | '斤'
            | '吨'
    )
}

/// The characters of `text` with their byte offsets, plus `offset`, in a vector sized
/// once: collected, it grows from a guess of a quarter of the bytes, which Chinese (three
/// bytes a character) outgrows every time.
pub(crate) fn char_indices(text: &str, offset: usize) -> Vec<(usize, char)> {
    let mut out = Vec::with_capacity(text.chars().count());
    out.extend(text.char_indices().map(|(i, c)| (i + offset, c)));
    out
}

/// Byte ranges of the numbers in `text` (as [`tokenize`] would cut them), without the
/// dictionary work of cutting the words between them.
pub fn numbers(text: &str) -> Vec<Range<usize>> {
    scan(text, false)
}

/// Byte ranges of the tokens a diff never cuts: numbers, and words of spaced scripts
/// (`partly` → `in part` is a replaced word, not `part[-ly-]`).
pub fn whole_tokens(text: &str) -> Vec<Range<usize>> {
    scan(text, true)
}

/// The numbers of `text`, and its spaced-script words when `words` is set.
fn scan(text: &str, words: bool) -> Vec<Range<usize>> {
    let chars = char_indices(text, 0);
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some(j) = number_or_reference_end(&chars, i) {
            out.push(chars[i].0..end_of(j));
            i = j;
        } else if is_spaced_letter(chars[i].1) {
            // A word is one token: a digit inside it starts no number.
            let start = i;
            while i < chars.len() && is_spaced_letter(chars[i].1) {
                i += 1;
            }
            if words {
                out.push(chars[start].0..end_of(i));
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Cuts `text` (normally in comparison normal form) into tokens covering it entirely.
pub fn tokenize(text: &str) -> Vec<Token> {
    let chars = char_indices(text, 0);
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    // At most a token a character: never grown.
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if let Some(j) = number_or_reference_end(&chars, i) {
            out.push(Token { range: start..end_of(j), kind: TokenKind::Number });
            i = j;
        } else if is_han(c) {
            let mut j = i;
            while j < chars.len() && is_han(chars[j].1) && number_end(&chars, j).is_none() {
                j += 1;
            }
            segment_han(&chars[i..j], end_of(j), &mut out);
            i = j;
        } else if is_spaced_letter(c) {
            let mut j = i;
            while j < chars.len() && is_spaced_letter(chars[j].1) {
                j += 1;
            }
            out.push(Token { range: start..end_of(j), kind: TokenKind::Latin });
            i = j;
        } else {
            out.push(Token { range: start..end_of(i + 1), kind: TokenKind::Other });
            i += 1;
        }
    }
    out
}

/// If a number starts at `i`, the index just after it. A number is a run of Arabic
/// digits (with `.` and `,` inside), or of Chinese numerals that is either two or more
/// characters long or framed by `第…` or a unit (so `一切`, `统一` stay words), optionally
/// preceded by `第` and followed by one unit and a `之X` suffix (`第十条之一`).
fn number_end(chars: &[(usize, char)], i: usize) -> Option<usize> {
    let at = |k: usize| chars.get(k).map(|c| c.1);
    // Most characters start no number: settle them with one table read.
    let first = at(i)?;
    if first != '第' && !crate::numerals::is_number_char(first) {
        return None;
    }
    let mut j = i;
    let ordinal = at(j) == Some('第');
    if ordinal {
        j += 1;
    }
    let digits_start = j;
    let arabic = at(j).is_some_and(|c| c.is_ascii_digit());
    if arabic {
        let digit = |k: usize| at(k).is_some_and(|d| d.is_ascii_digit());
        let group = |k: usize| (1..=3).all(|d| digit(k + d)) && !digit(k + 4);
        // A decimal point before a digit; a thousands comma before three digits and no
        // fourth (`1,000`, while `3,4` is two numbers of a list); a thousands space the
        // same way, after a first group of one to three digits and only between groups
        // (`EUR 10 000 000`, while `2018 100` and `1.5 000` are two numbers).
        let mut spaced = false;
        while at(j).is_some_and(|c| {
            c.is_ascii_digit()
                || (c == '.' && digit(j + 1) && !spaced)
                || (c == ',' && group(j) && !spaced)
                || (c == ' '
                    && group(j)
                    && (spaced || (j - digits_start <= 3 && (digits_start..j).all(digit))))
        }) {
            spaced |= at(j) == Some(' ');
            j += 1;
        }
    } else {
        while at(j).is_some_and(is_cn_numeral) {
            j += 1;
        }
    }
    let len = j - digits_start;
    if len == 0 {
        return None;
    }
    let unit = at(j).is_some_and(is_unit);
    if !arabic && len < 2 && !ordinal && !unit {
        return None;
    }
    if unit {
        j += 1;
        // 第十条之一
        if at(j) == Some('之') && at(j + 1).is_some_and(is_cn_numeral) {
            j += 1;
            while at(j).is_some_and(is_cn_numeral) {
                j += 1;
            }
        }
    }
    Some(j)
}

/// If a number or a Western article reference starts at `i`, the index just after it:
/// the tokens that are compared, and renumbered, whole.
fn number_or_reference_end(chars: &[(usize, char)], i: usize) -> Option<usize> {
    number_end(chars, i).or_else(|| western_reference_end(chars, i))
}

/// Words that name one article in running text besides the words that head one
/// ([`crate::parse::WESTERN_ARTICLE_WORDS`]): the lowercase forms French, Spanish and
/// Italian write in a sentence (`l'article 3`, `el artículo 3`).
const LOWERCASE_REFERENCE_WORDS: &[&str] = &["article", "artículo", "articolo", "art."];

/// Every word that names one article in running text.
fn reference_words() -> impl Iterator<Item = &'static &'static str> {
    crate::parse::WESTERN_ARTICLE_WORDS.iter().chain(LOWERCASE_REFERENCE_WORDS)
}

/// Words that name several articles and head a list: `Articles 3, 4 and 5`, `§§ 3 bis 5`.
const PLURAL_REFERENCE_WORDS: &[&str] = &[
    "Articles",
    "ARTICLES",
    "articles",
    "Artículos",
    "ARTÍCULOS",
    "artículos",
    "Articoli",
    "ARTICOLI",
    "articoli",
    "Arts.",
    "arts.",
    "§§",
];

/// Words written alike for one article and several (German `Artikel`): a list after one
/// is taken only through a joining word (`Artikel 3 und 4`), not through a comma, which
/// after one article goes on with other things (`Artikel 3, 2. Absatz`).
const SINGULAR_OR_PLURAL_WORDS: &[&str] = &["Artikel", "ARTIKEL"];

/// How every word of a Western reference begins (a test holds the lists above to it).
const REFERENCE_WORD_HEADS: &[&str] = &["Art", "ART", "art", "§"];

/// Whether `text` may name an article: it holds `第` or the beginning of a reference
/// word. Most clauses of a law name none, and this settles them without looking for
/// each word.
pub fn may_hold_reference(text: &str) -> bool {
    // One pass over the bytes (it is asked of every token of a changed clause): `第` is
    // E7 AC AC, `§` is C2 A7.
    let b = text.as_bytes();
    let at = |i: usize, s: &[u8]| b.get(i..i + s.len()) == Some(s);
    let found = (0..b.len()).any(|i| match b[i] {
        0xE7 => at(i, "第".as_bytes()),
        0xC2 => at(i, "§".as_bytes()),
        b'A' | b'a' => REFERENCE_WORD_HEADS.iter().any(|h| at(i, h.as_bytes())),
        _ => false,
    });
    debug_assert_eq!(found, text.contains('第') || REFERENCE_WORD_HEADS.iter().any(|h| text.contains(h)));
    found
}

/// Words that join the last two numbers of a list (`3 and 4`, `3 to 5`, `3 et 4`, `3 bis 5`).
const LIST_WORDS: &[&str] = &["and", "or", "to", "und", "oder", "bis", "et", "ou", "à", "y", "o", "a", "e"];

/// The article a Western reference names, and what is written before its number (the
/// word and its space: `Article `, `art.`, `§ `), when `token` is one whole reference
/// (`Article 3`, `art.12a`, `§ 4`), as [`tokenize`] cuts them.
pub fn western_reference(token: &str) -> Option<(&str, crate::model::ArticleNumber)> {
    let (word, number, len) = reference_at(token)?;
    let space = usize::from(token[word.len()..].starts_with(' '));
    (len == token.len()).then_some((&token[..word.len() + space], number))
}

/// The Western reference at the start of `text`: its word, its article and its length in
/// bytes (the word, at most one space, the number).
fn reference_at(text: &str) -> Option<(&'static str, crate::model::ArticleNumber, usize)> {
    let word = reference_words().find(|w| text.starts_with(**w))?;
    let rest = &text[word.len()..];
    let space = usize::from(rest.starts_with(' '));
    let (number, len) = crate::parse::western_article_number(&rest[space..])?;
    Some((word, number, word.len() + space + len))
}

/// If a Western article reference starts at `i` (`Article 3`, `Art.12a`, `§4`, as the
/// normal form writes them: one space after a word, none after `.` or `§`), the index
/// just after it: one token, so that it is compared and renumbered whole.
fn western_reference_end(chars: &[(usize, char)], i: usize) -> Option<usize> {
    let first = chars[i].1;
    let second = chars.get(i + 1).map(|c| c.1);
    let starts = first == '§' || (matches!(first, 'A' | 'a') && matches!(second, Some('r' | 'R')));
    if !starts || (i > 0 && is_spaced_letter(chars[i - 1].1)) {
        return None;
    }
    let text: String = chars[i..chars.len().min(i + 24)].iter().map(|c| c.1).collect();
    let (_, _, len) = reference_at(&text)?;
    Some(i + text[..len].chars().count())
}

/// Byte ranges of the article numbers listed after a plural word (`Articles 3, 4 and 5`,
/// `§§ 3 bis 5`): references each, though only the word before the first says so. The
/// list goes on through commas and ends after a joining word (`and 5`), so a number
/// after it (`Articles 3 and 4, 30 days`) is not taken in. Only plain numbers are
/// listed: they are what [`numbers`] cuts (`3a` is `3` and a word).
pub fn listed_references(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let words = || PLURAL_REFERENCE_WORDS.iter().chain(SINGULAR_OR_PLURAL_WORDS);
    if !words().any(|w| text.contains(w)) {
        return out;
    }
    let digits = |at: usize| at + text[at..].bytes().take_while(u8::is_ascii_digit).count();
    let spaces = |at: usize| at + text[at..].bytes().take_while(|b| *b == b' ').count();
    for (start, _) in text.match_indices(['A', 'a', '§']) {
        let Some(word) = words().find(|w| text[start..].starts_with(*w)) else {
            continue;
        };
        let commas = !SINGULAR_OR_PLURAL_WORDS.contains(word);
        // Inside a word (`Particles`): no reference.
        if text[..start].chars().next_back().is_some_and(is_spaced_letter) {
            continue;
        }
        let mut at = spaces(start + word.len());
        loop {
            let end = digits(at);
            if end == at {
                break;
            }
            // `3a`: a letter after the number.
            let suffix: usize =
                text[end..].chars().take_while(|c| c.is_alphanumeric()).map(char::len_utf8).sum();
            if suffix == 0 {
                out.push(at..end);
            }
            let next = spaces(end + suffix);
            if let Some(rest) = text[next..].strip_prefix(',').filter(|_| commas) {
                at = spaces(text.len() - rest.len());
                continue;
            }
            // One joining word, and the list ends after the number that follows it.
            let joined = LIST_WORDS.iter().find_map(|w| {
                let rest = text[next..].strip_prefix(w)?.strip_prefix(' ')?;
                Some(spaces(text.len() - rest.len()))
            });
            if let Some(last) = joined {
                let end = digits(last);
                if end > last && !text[end..].starts_with(|c: char| c.is_alphanumeric()) {
                    out.push(last..end);
                }
            }
            break;
        }
    }
    out
}

/// The trie code of a Han character, as build.rs gave it.
fn han_code(c: char) -> [u8; 2] {
    if !(han::TABLE_FIRST..=han::TABLE_LAST).contains(&c) {
        return han::NO_WORD;
    }
    let i = (c as usize - han::TABLE_FIRST as usize) * 2;
    let rank = u16::from_le_bytes([HAN_RANK[i], HAN_RANK[i + 1]]);
    usize::from(rank).checked_sub(1).map_or(han::NO_WORD, han::code)
}

/// Segments a run of Han characters with the dictionary: the route through the word
/// graph that maximises the product of word probabilities (jieba's `cut` without HMM).
fn segment_han(run: &[(usize, char)], run_end: usize, out: &mut Vec<Token>) {
    let n = run.len();
    let end_of = |k: usize| run.get(k).map_or(run_end, |c| c.0);
    let trie = dict();
    let log_total = (DICT_TOTAL as f64).ln();
    let key: Vec<u8> = run.iter().flat_map(|&(_, c)| han_code(c)).collect();
    // route[k] = (best log probability of run[k..], end of the first word)
    let mut route = vec![(0.0f64, n); n + 1];
    for k in (0..n).rev() {
        // An unknown single character has frequency 1.
        let mut best = (-log_total + route[k + 1].0, k + 1);
        let mut single_known = false;
        for (log_freq, len) in trie.common_prefix_search(&key[2 * k..]) {
            // Every key is two bytes a character.
            let j = k + len / 2;
            let score = f64::from(log_freq) / LOG_SCALE - log_total + route[j].0;
            if j == k + 1 && !single_known {
                single_known = true;
                best = (score, j);
            } else if score > best.0 {
                best = (score, j);
            }
        }
        route[k] = best;
    }
    let mut k = 0;
    while k < n {
        let j = route[k].1;
        out.push(Token { range: run[k].0..end_of(j), kind: TokenKind::Word });
        k = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        tokenize(s).into_iter().map(|t| &s[t.range]).collect()
    }

    #[test]
    fn every_reference_word_begins_as_the_quick_test_expects() {
        let all = reference_words().chain(PLURAL_REFERENCE_WORDS).chain(SINGULAR_OR_PLURAL_WORDS);
        for w in all {
            assert!(REFERENCE_WORD_HEADS.iter().any(|h| w.starts_with(h)), "{w}");
            assert!(may_hold_reference(&format!("see {w} 3")), "{w}");
        }
        assert!(may_hold_reference("依照本法第二十八条"));
        assert!(!may_hold_reference("国家秘密受法律保护。"));
        assert!(!may_hold_reference("Sellers shall label widgets."));
    }

    #[test]
    fn the_embedded_trie_is_valid() {
        assert!(DoubleArray::new(DICT_BYTES).is_ok());
    }

    #[test]
    fn the_code_table_spans_every_han_character() {
        assert_eq!(HAN_RANK.len(), 2 * (han::TABLE_LAST as usize - han::TABLE_FIRST as usize + 1));
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32).filter(|&c| is_han(c)) {
            assert!((han::TABLE_FIRST..=han::TABLE_LAST).contains(&c), "{c:?}");
        }
        // The most frequent characters share the first byte of their codes.
        assert_eq!(han_code('的')[0], 1);
        assert_ne!(han_code('国'), han_code('家'));
    }

    #[test]
    fn characters_in_no_word_stay_single() {
        // U+4DB5 (extension A) is in no dictionary word.
        assert_eq!(han_code('\u{4DB5}'), han::NO_WORD);
        assert_eq!(words("\u{4DB5}国家秘密"), ["\u{4DB5}", "国家", "秘密"]);
    }

    #[test]
    fn chinese_words() {
        assert_eq!(words("国家秘密受法律保护。"), ["国家", "秘密", "受", "法律", "保护", "。"]);
        assert_eq!(words("保障改革开放"), ["保障", "改革开放"]);
    }

    #[test]
    fn numbers_dates_amounts_and_references_are_whole() {
        assert_eq!(words("依照第二十八条规定"), ["依照", "第二十八条", "规定"]);
        assert_eq!(words("处三万元以上三十万元以下"), ["处", "三万元", "以上", "三十万元", "以下"]);
        assert_eq!(words("2024年2月27日"), ["2024年", "2月", "27日"]);
        assert_eq!(words("增长5.2%"), ["增长", "5.2%"]);
        assert_eq!(words("1,000,000元"), ["1,000,000元"]);
        assert_eq!(words("3,4,10"), ["3", ",", "4", ",", "10"]);
        // Thousands set off by spaces (`EUR 10 000 000`), only between groups of three
        // after a first group of one to three digits.
        assert_eq!(words("EUR 10 000 000,"), ["EUR", " ", "10 000 000", ","]);
        assert_eq!(words("in 2018 100 cases"), ["in", " ", "2018", " ", "100", " ", "cases"]);
        assert_eq!(words("1 0000"), ["1", " ", "0000"]);
        assert_eq!(words("1.5 000"), ["1.5", " ", "000"]);
        assert_eq!(words("1,000 000"), ["1,000", " ", "000"]);
        assert_eq!(words("第一百二十条之一"), ["第一百二十条之一"]);
        assert_eq!(words("十五日内"), ["十五日", "内"]);
        // Single numerals inside words stay words.
        assert_eq!(words("一切组织"), ["一切", "组织"]);
        assert_eq!(words("统一规定"), ["统一", "规定"]);
    }

    #[test]
    fn numbers_are_found_as_tokenize_finds_them() {
        for s in [
            "处三万元以上三十万元以下的罚款",
            "依照第二十八条规定，2024年2月27日增长5.2%",
            "统一规定一切RCEP15国",
            "fines of EUR 10 000 000 or 2 % in 2018 100 cases",
        ] {
            let expected: Vec<Range<usize>> =
                tokenize(s).into_iter().filter(|t| t.kind == TokenKind::Number).map(|t| t.range).collect();
            assert_eq!(numbers(s), expected, "{s}");
        }
    }

    #[test]
    fn numbers_listed_after_a_plural_article_word_are_references() {
        fn listed(s: &str) -> Vec<&str> {
            listed_references(s).into_iter().map(|r| &s[r]).collect()
        }
        assert_eq!(listed("see Articles 3,4 and 5 of"), ["3", "4", "5"]);
        assert_eq!(listed("Articles 3 and 4,30 days after"), ["3", "4"]);
        assert_eq!(listed("§§ 3 bis 5 gelten"), ["3", "5"]);
        assert_eq!(listed("les articles 12,13 et 14"), ["12", "13", "14"]);
        // `3a` is not a plain number; the list goes on after it.
        assert_eq!(listed("Articles 3a,4 or 6"), ["4", "6"]);
        assert_eq!(listed("Article 3 and 4"), Vec::<&str>::new());
        // German writes one article and several alike; only a joining word makes a list.
        assert_eq!(listed("Artikel 3 und 4"), ["3", "4"]);
        assert_eq!(listed("Artikel 3,2. Absatz"), ["3"]);
        assert_eq!(listed("Particles 3 and 4"), Vec::<&str>::new());
        assert_eq!(listed("Articles of association 3 and 4"), Vec::<&str>::new());
    }

    #[test]
    fn western_references_are_whole_tokens_in_either_case() {
        assert_eq!(words("under Article 3,"), ["under", " ", "Article 3", ","]);
        assert_eq!(words("à l'article 12a"), ["à", " ", "l", "'", "article 12a"]);
        assert_eq!(
            western_reference("artículo 7").map(|(w, n)| (w, n.western())),
            Some(("artículo ", "7".to_string()))
        );
        assert_eq!(western_reference("Articles 7"), None);
        assert_eq!(western_reference("Article 7 of"), None);
        assert_eq!(
            western_reference("art.12a").map(|(w, n)| (w, n.western())),
            Some(("art.", "12a".to_string()))
        );
    }

    #[test]
    fn latin_and_punctuation() {
        assert_eq!(words("RCEP,(一)"), ["RCEP", ",", "(", "一", ")"]);
    }

    #[test]
    fn tokens_cover_the_text() {
        let s = "第三十四条网络运营者应当加强对其用户发布的信息的管理,配合监察机关。";
        let t = tokenize(s);
        assert_eq!(t.first().unwrap().range.start, 0);
        assert_eq!(t.last().unwrap().range.end, s.len());
        assert!(t.windows(2).all(|w| w[0].range.end == w[1].range.start));
    }
}
