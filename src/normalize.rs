//! The comparison normal form: what two texts are compared in, never what is shown.
//!
//! Transcriptions of the same law differ in ways no legislature made: full-width against
//! ASCII punctuation (`：` / `:`), doubled or ideographic spaces, zero-width characters left
//! by web pages. Comparing in NFKC with all whitespace and zero-width characters removed
//! makes those invisible, exactly as the gold maps' README defines "unchanged".

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

/// Characters that render as nothing and carry no meaning in a legal text.
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Whether `c` is a letter of a script that separates words with spaces: Latin with its
/// accents (`règlement`, `Straße`), Greek, Cyrillic, Arabic, Hebrew, Hangul. Han, kana,
/// Thai and the other scripts written without spaces are not: a space there carries no
/// meaning, and their words come from elsewhere (a dictionary, or single characters).
pub fn is_spaced_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    // The range test first: the alphabetic table is a slow lookup, and CJK punctuation
    // (`，`, `、`, `。`), which is most of what reaches here in Chinese text, needs none.
    !is_unspaced_script(c) && c.is_alphabetic()
}

/// A letter or digit of a spaced script: the characters between which a space separates
/// words (`brown fox` is not `brownfox`, `Article 3` is not `Article3`).
pub fn is_spaced_word_char(c: char) -> bool {
    c.is_ascii_digit() || is_spaced_letter(c)
}

/// Scripts written without spaces between words: Thai, Lao, Tibetan, Myanmar, Khmer, and
/// the CJK blocks (radicals, kana, bopomofo, ideographs and their extensions, Yi,
/// compatibility ideographs, half- and full-width forms).
fn is_unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0FFF}'
        | '\u{1000}'..='\u{109F}'
        | '\u{1780}'..='\u{17FF}'
        | '\u{2E80}'..='\u{A4CF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{3FFFF}')
}

/// Characters NFKC leaves unchanged and that need no lookup: ASCII (except whitespace,
/// handled separately) and the CJK unified ideographs, which make up almost all of a text.
fn is_stable(c: char) -> bool {
    c.is_ascii()
        || ('\u{4E00}'..='\u{9FFF}').contains(&c)
        // CJK punctuation and general punctuation NFKC keeps as is (、。《》“”—·‰).
        || matches!(c, '\u{3001}'..='\u{3035}' | '\u{3037}' | '\u{303B}'..='\u{303F}')
        || matches!(c, '\u{2010}' | '\u{2012}'..='\u{2016}' | '\u{2018}'..='\u{2023}' | '\u{2030}' | '\u{00B7}')
}

/// Full-width ASCII (`：`, `，`, `（`, `１`), which NFKC folds to ASCII: the commonest
/// punctuation of Chinese legal text, mapped without a table lookup.
fn fullwidth_ascii(c: char) -> Option<char> {
    ('\u{FF01}'..='\u{FF5E}').contains(&c).then(|| char::from_u32(c as u32 - 0xFEE0)).flatten()
}

/// Returns the comparison normal form of `s`.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalize_into(s, &mut out);
    out
}

/// Appends the comparison normal form of `s` to `out`.
pub fn normalize_into(s: &str, out: &mut String) {
    // Runs of characters the normal form keeps as they are (nearly all of a Chinese
    // text) are copied whole; anything else goes through `for_each_segment`. Printable
    // ASCII and ideographs followed by a character that cannot be a combining mark are
    // recognised from their bytes, without decoding.
    let b = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < b.len() {
        let len = stable_len(b, i);
        if len > 0 && starter_at(b, i + len) {
            i += len;
            continue;
        }
        let mut chars = s[i..].char_indices().peekable();
        let Some((_, c)) = chars.next() else { break };
        if !is_invisible(c) && is_stable(c) && next_starts(&mut chars) {
            i += c.len_utf8();
            continue;
        }
        out.push_str(&s[run..i]);
        let end = i + segment_end(&mut chars, c.len_utf8());
        for_each_segment(&s[i..end], |_, norm| out.push_str(norm));
        run = end;
        i = end;
    }
    out.push_str(&s[run..]);
}

/// The length of the character at `i` when it is printable ASCII (1) or a CJK unified
/// ideograph U+4E00–U+9FFF (3: lead byte E4 with a second byte from B8, or E5–E9), which
/// are [`is_stable`] and not [`is_invisible`]; otherwise 0.
fn stable_len(b: &[u8], i: usize) -> usize {
    match b[i] {
        0x21..=0x7E => 1,
        0xE4 if b.get(i + 1).is_some_and(|&x| x >= 0xB8) => 3,
        0xE5..=0xE9 => 3,
        _ => 0,
    }
}

/// Whether the character at `i` (if any) is certainly no combining mark: ASCII, or
/// U+4000–U+9FFF (lead bytes E4–E9), where no character combines.
fn starter_at(b: &[u8], i: usize) -> bool {
    b.get(i).is_none_or(|&x| x < 0x80 || (0xE4..=0xE9).contains(&x))
}

/// The normal form together with, for every byte of it, the byte offset in `s` of the
/// character it came from. Lets a diff computed on normal forms be shown on the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapped {
    /// The normal form.
    pub text: String,
    /// `origin[i]` is the byte offset in the original of the segment that produced byte
    /// `i` of `text`; one extra entry holds the original's length.
    pub origin: Vec<u32>,
}

impl Mapped {
    /// Maps a byte range of the normal form back to a byte range of the original. The end
    /// is extended over any characters the normal form dropped (spaces), so consecutive
    /// ranges cover the original without gaps.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        (self.origin[start] as usize, self.origin[end] as usize)
    }
}

/// Normalises `s` and keeps the byte mapping back to it (see [`Mapped`]).
pub fn normalize_mapped(s: &str) -> Mapped {
    mapped(s, false)
}

/// Like [`normalize_mapped`], but a run of whitespace between two letters or digits of
/// spaced scripts ([`is_spaced_word_char`]) becomes one space: in Western text spaces
/// separate words (`brown fox` is not `brownfox`), while in Chinese they carry no meaning.
pub fn normalize_mapped_words(s: &str) -> Mapped {
    mapped(s, true)
}

fn mapped(s: &str, word_spaces: bool) -> Mapped {
    let b = s.as_bytes();
    let mut m = Builder {
        s,
        word_spaces,
        text: String::with_capacity(s.len()),
        origin: Vec::with_capacity(s.len() + 1),
        gap: None,
    };
    // As in `normalize_into`: runs of characters the normal form keeps (nearly all of a
    // Chinese text) are copied whole, the rest goes segment by segment.
    let mut i = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() {
            let len = stable_len(b, i);
            if len == 0 || !starter_at(b, i + len) {
                break;
            }
            i += len;
        }
        if i > start {
            m.push_run(start, i);
            continue;
        }
        let mut chars = s[i..].char_indices().peekable();
        let Some((_, c)) = chars.next() else { break };
        let end = i + segment_end(&mut chars, c.len_utf8());
        for_each_segment(&s[i..end], |at, norm| m.push(i + at, norm));
        i = end;
    }
    // The end sentinel: a range reaching the end of the normal form reaches the end of
    // the original, trailing spaces included.
    m.origin.push(s.len() as u32);
    Mapped { text: m.text, origin: m.origin }
}

/// The normal form and its origins as `mapped` builds them.
struct Builder<'s> {
    s: &'s str,
    word_spaces: bool,
    text: String,
    origin: Vec<u32>,
    /// Where a run of dropped spaces may start: just after the last character written.
    gap: Option<usize>,
}

impl Builder<'_> {
    /// Writes one space where the spaces dropped between the last segment and the one at
    /// `start` separated two words of a spaced script.
    fn word_space(&mut self, start: usize, norm: &str) {
        if self.word_spaces
            && let Some(g) = self.gap.take()
            && g < start
            && self.text.ends_with(is_spaced_word_char)
            && norm.starts_with(is_spaced_word_char)
            && self.s[g..start].chars().all(char::is_whitespace)
        {
            self.text.push(' ');
            self.origin.push(g as u32);
        }
    }

    /// Writes the normal form `norm` of the segment at `start`.
    fn push(&mut self, start: usize, norm: &str) {
        self.word_space(start, norm);
        self.text.push_str(norm);
        self.origin.extend(std::iter::repeat_n(start as u32, norm.len()));
        self.gap = Some(start + self.s[start..].chars().next().map_or(0, char::len_utf8));
    }

    /// Writes `s[start..end]`, a run of printable ASCII and ideographs ([`stable_len`]),
    /// which is its own normal form.
    fn push_run(&mut self, start: usize, end: usize) {
        let run = &self.s[start..end];
        self.word_space(start, run);
        self.text.push_str(run);
        // Each byte's origin is where its character starts: the last byte that is no
        // UTF-8 continuation byte.
        let mut at = start as u32;
        self.origin.extend(run.bytes().zip(start as u32..).map(|(x, i)| {
            if x & 0xC0 != 0x80 {
                at = i;
            }
            at
        }));
        self.gap = Some(end);
    }
}

type Chars<'s> = std::iter::Peekable<std::str::CharIndices<'s>>;

/// Whether the next character (if any) starts a new segment (is no combining mark).
fn next_starts(chars: &mut Chars<'_>) -> bool {
    // Ideographs (most of a Chinese text) are no marks; only others need the table.
    chars.peek().is_none_or(|&(_, n)| {
        n.is_ascii() || ('\u{4E00}'..='\u{9FFF}').contains(&n) || canonical_combining_class(n) == 0
    })
}

/// Consumes the combining marks that follow a character ending at `end`; returns where
/// the segment ends.
fn segment_end(chars: &mut Chars<'_>, mut end: usize) -> usize {
    while !next_starts(chars) {
        let (j, n) = chars.next().expect("a mark was peeked");
        end = j + n.len_utf8();
    }
    end
}

/// Calls `f(byte_offset, normalized)` for each segment of `s` (a character with its
/// combining marks), skipping invisible characters.
fn for_each_segment(s: &str, mut f: impl FnMut(usize, &str)) {
    let mut buf = String::new();
    let mut chars = s.char_indices().peekable();
    let mut utf8 = [0u8; 4];
    while let Some((i, c)) = chars.next() {
        if is_invisible(c) {
            continue;
        }
        let starts = next_starts(&mut chars);
        if starts && is_stable(c) {
            f(i, c.encode_utf8(&mut utf8));
            continue;
        }
        if starts && let Some(a) = fullwidth_ascii(c) {
            f(i, a.encode_utf8(&mut utf8));
            continue;
        }
        let end = segment_end(&mut chars, i + c.len_utf8());
        buf.clear();
        buf.extend(s[i..end].nfkc().filter(|&c| !is_invisible(c)));
        if !buf.is_empty() {
            f(i, &buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_and_drops_spaces() {
        // Real lines: state-secrets-law 2010 uses ASCII ':' where 2024 has '：'.
        assert_eq!(normalize("包括:"), normalize("包括："));
        assert_eq!(normalize(" 第一章 总  则"), "第一章总则");
        assert_eq!(normalize("第一章\u{3000}总则"), "第一章总则");
        assert_eq!(normalize("１２３"), "123");
        assert_eq!(normalize("a\u{200B}b\u{FEFF}"), "ab");
    }

    #[test]
    fn fast_paths_agree_with_nfkc() {
        for c in ('\u{3001}'..='\u{303F}')
            .chain('\u{FF01}'..='\u{FF5E}')
            .chain('\u{2000}'..='\u{206F}')
            .chain(['\u{B7}'])
        {
            let s = c.to_string();
            let slow: String = s.nfkc().filter(|&c| !is_invisible(c)).collect();
            assert_eq!(normalize(&s), slow, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn runs_and_segments_give_the_reference_form() {
        let reference = |s: &str| -> String { s.nfkc().filter(|&c| !is_invisible(c)).collect() };
        for s in [
            "第一条　国家秘密受法律保护（一）：１２３。",
            "e\u{301}a\u{300}\u{301}b 中\u{200B}文\u{FEFF}",
            "\u{301}开头的组合符号",
            "ﬁ ㈠ ①…™ ＡＢ",
            "中\u{301}文\u{302A}字 a\u{301}b 㐀䷀丁 \u{7F}x\u{9FFF}",
            "",
        ] {
            assert_eq!(normalize(s), reference(s), "{s:?}");
            let mut with_prefix = String::from("前");
            normalize_into(s, &mut with_prefix);
            assert_eq!(with_prefix, format!("前{}", reference(s)));
        }
    }

    #[test]
    fn bundled_texts_give_the_reference_form() {
        // The byte-level fast path against NFKC on every line of every bundled version.
        let versions = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("versions");
        let mut lines = 0;
        for doc in std::fs::read_dir(versions).unwrap() {
            for file in std::fs::read_dir(doc.unwrap().path()).unwrap() {
                let path = file.unwrap().path();
                if path.extension().is_some_and(|e| e == "txt") {
                    for l in std::fs::read_to_string(&path).unwrap().lines() {
                        let reference: String = l.nfkc().filter(|&c| !is_invisible(c)).collect();
                        assert_eq!(normalize(l), reference, "{}: {l}", path.display());
                        lines += 1;
                    }
                }
            }
        }
        assert!(lines > 10_000, "{lines} lines");
    }

    #[test]
    fn composes_combining_marks() {
        assert_eq!(normalize("e\u{301}"), normalize("\u{e9}"));
    }

    #[test]
    fn word_spaces_are_kept_between_latin_words_only() {
        assert_eq!(normalize_mapped_words("The  quick\u{3000}fox").text, "The quick fox");
        assert_eq!(normalize_mapped_words("第一章 总  则 RCEP 协定").text, "第一章总则RCEP协定");
        let m = normalize_mapped_words("a  b");
        assert_eq!(m.origin, vec![0, 1, 3, 4]);
    }

    /// `mapped` as it was written before its fast path: segment by segment.
    fn mapped_by_segments(s: &str, word_spaces: bool) -> Mapped {
        let mut m = Builder { s, word_spaces, text: String::new(), origin: Vec::new(), gap: None };
        for_each_segment(s, |start, norm| m.push(start, norm));
        m.origin.push(s.len() as u32);
        Mapped { text: m.text, origin: m.origin }
    }

    #[test]
    fn mapped_runs_agree_with_segments() {
        let versions = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("versions");
        let mut texts: Vec<String> = [
            "The  quick\u{3000}fox, 10 000 000 yuan",
            "第一条 国家：秘密（一）１２３。",
            "e\u{301}a\u{300}\u{301}b 中\u{200B}文\u{FEFF} x",
            "\u{301}开头 ﬁ ㈠ ①…™ ＡＢ a\u{301}b 㐀䷀丁 \u{7F}x\u{9FFF}",
            " a b ",
            "",
        ]
        .map(String::from)
        .into();
        for doc in std::fs::read_dir(versions).unwrap() {
            for file in std::fs::read_dir(doc.unwrap().path()).unwrap() {
                let path = file.unwrap().path();
                if path.extension().is_some_and(|e| e == "txt") {
                    texts.push(std::fs::read_to_string(&path).unwrap());
                }
            }
        }
        assert!(texts.len() > 80, "{} texts", texts.len());
        for t in &texts {
            for words in [false, true] {
                assert_eq!(
                    mapped(t, words),
                    mapped_by_segments(t, words),
                    "{words}: {}",
                    &t[..t.len().min(40)]
                );
            }
        }
    }

    #[test]
    fn maps_back_to_the_original() {
        let s = "第一条 国家：秘密";
        let m = normalize_mapped(s);
        assert_eq!(m.text, "第一条国家:秘密");
        let colon = m.text.find(':').unwrap();
        let (a, b) = m.original_range(colon, colon + 1);
        assert_eq!(&s[a..b], "：");
        let (a, b) = m.original_range(0, m.text.len());
        assert_eq!(&s[a..b], s);
    }
}
