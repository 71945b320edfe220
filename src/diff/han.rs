//! Han characters and their trie codes, shared by build.rs (which writes the dictionary's
//! trie) and the tokenizer (which reads it).

/// The Han characters the tokenizer groups into runs: the unified ideographs and
/// extension A, all three bytes long in UTF-8.
pub fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// The span of the table of places: every Han character lies in it.
pub const TABLE_FIRST: char = '\u{3400}';
pub const TABLE_LAST: char = '\u{9FFF}';

/// The trie code of the character at `place` (from 0, most frequent first): two bytes
/// from 1 to 255, as yada ends keys with 0. Common characters share a first byte.
pub fn code(place: usize) -> [u8; 2] {
    [(place / 255 + 1) as u8, (place % 255 + 1) as u8]
}

/// The code of a character in no word: no key starts with 255 (build.rs checks it).
pub const NO_WORD: [u8; 2] = [255, 255];
