//! Chinese numerals as they appear in article, chapter and item numbers.
//!
//! Legal texts number everything in Chinese (`第一千二百六十条`, `（十一）`), while lexdiff
//! labels articles with Arabic numbers everywhere (`1260`). Only the forms used for
//! counting are handled: digits 零〇一二两三四五六七八九 with the units 十百千万, and
//! ASCII or full-width Arabic digits.

/// Value of a single Chinese digit.
fn digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn unit(c: char) -> Option<u32> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        '万' => 10_000,
        _ => return None,
    })
}

/// Classes of the characters numbers are written with (bits of [`number_class`]).
const CHINESE: u8 = 1;
/// `亿`, which writes amounts (`三亿元`) but is no counting unit here.
const YI: u8 = 2;
/// ASCII digits and the decimal point.
const ARABIC: u8 = 4;

const NUMBER_CHARS: [(char, u8); 28] = [
    ('零', CHINESE),
    ('〇', CHINESE),
    ('一', CHINESE),
    ('二', CHINESE),
    ('两', CHINESE),
    ('三', CHINESE),
    ('四', CHINESE),
    ('五', CHINESE),
    ('六', CHINESE),
    ('七', CHINESE),
    ('八', CHINESE),
    ('九', CHINESE),
    ('十', CHINESE),
    ('百', CHINESE),
    ('千', CHINESE),
    ('万', CHINESE),
    ('亿', YI),
    ('0', ARABIC),
    ('1', ARABIC),
    ('2', ARABIC),
    ('3', ARABIC),
    ('4', ARABIC),
    ('5', ARABIC),
    ('6', ARABIC),
    ('7', ARABIC),
    ('8', ARABIC),
    ('9', ARABIC),
    ('.', ARABIC),
];

/// Multiplier of a perfect hash of [`NUMBER_CHARS`] into 64 slots (found by search;
/// `number_classes_match_their_definitions` checks it).
const MUL: u32 = 0x9d7c_d4f7;

const fn slot(c: u32) -> usize {
    (c.wrapping_mul(MUL) >> 26) as usize
}

/// `(char, classes)` at the slot of each character of [`NUMBER_CHARS`].
static TABLE: [(u32, u8); 64] = {
    let mut t = [(u32::MAX, 0); 64];
    let mut i = 0;
    while i < NUMBER_CHARS.len() {
        let (c, class) = NUMBER_CHARS[i];
        t[slot(c as u32)] = (c as u32, class);
        i += 1;
    }
    t
};

/// The classes of `c` (0 for a character that writes no number). These tests run for
/// nearly every character of both versions; a `match` over the scattered code points
/// compiled to a chain of unpredictable branches that took several times as long as
/// decoding the text, where one table read settles it.
fn number_class(c: char) -> u8 {
    let (k, class) = TABLE[slot(c as u32)];
    if k == c as u32 { class } else { 0 }
}

/// Is `c` a character that can be part of a Chinese numeral?
pub fn is_numeral_char(c: char) -> bool {
    number_class(c) & CHINESE != 0
}

/// A Chinese numeral character or `亿`.
pub fn is_numeral_or_yi(c: char) -> bool {
    number_class(c) & (CHINESE | YI) != 0
}

/// Any character of a number: Chinese numerals, `亿`, ASCII digits and `.`.
pub fn is_number_char(c: char) -> bool {
    number_class(c) != 0
}

/// Is `c` an ASCII or full-width Arabic digit?
pub fn is_arabic_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// The number a lowercase letter stands for where letters number things: the points of
/// a law written with spaces (`(b)` is point 2) and inserted articles (`12a` is the
/// first after 12).
pub fn letter_value(c: char) -> Option<u32> {
    c.is_ascii_lowercase().then(|| u32::from(c) - u32::from('a') + 1)
}

/// The letter for a number from 1 to 26, the inverse of [`letter_value`].
pub fn letter(n: u32) -> Option<char> {
    (1..=26).contains(&n).then(|| char::from(b'a' + (n - 1) as u8))
}

/// Parses a Chinese numeral (`一千二百六十` → 1260, `十一` → 11, `一百零五` → 105) or a
/// run of Arabic digits (ASCII or full-width). Returns `None` for an empty string, any
/// other character, or a value that does not fit in `u32`.
pub fn parse(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    if s.chars().all(is_arabic_digit) {
        return s.chars().try_fold(0u32, |acc, c| {
            let d = if c.is_ascii_digit() { c as u32 - '0' as u32 } else { c as u32 - '０' as u32 };
            acc.checked_mul(10)?.checked_add(d)
        });
    }
    let mut total: u32 = 0; // completed groups of 万
    let mut section: u32 = 0; // value below 万
    let mut pending: Option<u32> = None; // a digit waiting for its unit
    let mut last_unit = u32::MAX;
    for c in s.chars() {
        if let Some(d) = digit(c) {
            if pending.is_some_and(|p| p != 0) {
                // Two digits in a row ("一二") is not a counting numeral.
                return None;
            }
            pending = Some(d);
        } else if let Some(u) = unit(c) {
            if u == 10_000 {
                section = section.checked_add(pending.take().unwrap_or(0))?;
                total = total.checked_add(section)?.checked_mul(10_000)?;
                section = 0;
                last_unit = u32::MAX;
                continue;
            }
            if u >= last_unit {
                return None; // 十百, 百百: units must decrease
            }
            // A bare 十 means 一十 ("十一" = 11); other bare units are malformed.
            let d = match pending.take() {
                Some(d) => d,
                None if u == 10 => 1,
                None => return None,
            };
            section = section.checked_add(d.checked_mul(u)?)?;
            last_unit = u;
        } else {
            return None;
        }
    }
    section = section.checked_add(pending.unwrap_or(0))?;
    total.checked_add(section)
}

/// Formats `n` the way legal texts write it: 28 → 二十八, 105 → 一百零五,
/// 110 → 一百一十, 1260 → 一千二百六十. Numbers from 10 to 19 drop the leading 一 (十一).
pub fn format(n: u32) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    if n == 0 {
        return "零".to_string();
    }
    if n >= 10_000 {
        let (high, low) = (n / 10_000, n % 10_000);
        let mut s = format(high);
        s.push('万');
        if low > 0 {
            if low < 1000 {
                s.push('零');
            }
            s.push_str(&format_below_10k(low, &DIGITS, false));
        }
        return s;
    }
    format_below_10k(n, &DIGITS, true)
}

fn format_below_10k(n: u32, digits: &[char; 10], leading: bool) -> String {
    let parts = [(n / 1000, '千'), (n / 100 % 10, '百'), (n / 10 % 10, '十')];
    let mut s = String::new();
    let mut zero_pending = false;
    for (d, u) in parts {
        if d == 0 {
            zero_pending = !s.is_empty();
            continue;
        }
        if zero_pending {
            s.push('零');
            zero_pending = false;
        }
        if !(u == '十' && d == 1 && s.is_empty() && leading) {
            s.push(digits[d as usize]);
        }
        s.push(u);
    }
    let ones = n % 10;
    if ones > 0 {
        if zero_pending {
            s.push('零');
        }
        s.push(digits[ones as usize]);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_number_from_one() {
        assert_eq!(letter_value('a'), Some(1));
        assert_eq!(letter_value('z'), Some(26));
        assert_eq!(letter_value('A'), None);
        assert_eq!(letter_value('1'), None);
        assert_eq!(letter(2), Some('b'));
        assert_eq!((letter(0), letter(27)), (None, None));
        assert!((1..=26).all(|n| letter(n).and_then(letter_value) == Some(n)));
    }

    #[test]
    fn number_classes_match_their_definitions() {
        let slots: std::collections::BTreeSet<usize> =
            NUMBER_CHARS.iter().map(|&(c, _)| slot(c as u32)).collect();
        assert_eq!(slots.len(), NUMBER_CHARS.len(), "the hash is perfect");
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let chinese = digit(c).is_some() || unit(c).is_some();
            assert_eq!(is_numeral_char(c), chinese, "U+{:04X}", c as u32);
            assert_eq!(is_numeral_or_yi(c), chinese || c == '亿', "U+{:04X}", c as u32);
            assert_eq!(
                is_number_char(c),
                chinese || c == '亿' || c.is_ascii_digit() || c == '.',
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn parses_the_forms_legal_texts_use() {
        let cases = [
            ("一", 1),
            ("十", 10),
            ("十一", 11),
            ("二十", 20),
            ("二十八", 28),
            ("一百", 100),
            ("一百零五", 105),
            ("一百一十", 110),
            ("一百二十", 120),
            ("四百五十二", 452),
            ("一千零五", 1005),
            ("一千二百六十", 1260),
            ("两", 2),
            ("〇", 0),
            ("12", 12),
            ("１２", 12),
        ];
        for (s, n) in cases {
            assert_eq!(parse(s), Some(n), "{s}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_counting_numeral() {
        for s in ["", "一二", "百", "十百", "第一", "一a", "千千"] {
            assert_eq!(parse(s), None, "{s}");
        }
    }

    #[test]
    fn formats_round_trip() {
        for n in (0..=1300).chain([9999, 10_000, 10_001, 12_345]) {
            assert_eq!(parse(&format(n)), Some(n), "{n} → {}", format(n));
        }
        assert_eq!(format(28), "二十八");
        assert_eq!(format(105), "一百零五");
        assert_eq!(format(110), "一百一十");
        assert_eq!(format(1260), "一千二百六十");
        assert_eq!(format(1005), "一千零五");
        assert_eq!(format(15), "十五");
    }
}
