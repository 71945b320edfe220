//! Recognisers for single lines: article starts, headings, items, history entries.
//!
//! Written by hand over `char`s rather than with regular expressions: the patterns are
//! few and fixed, and each recogniser returns exactly the parts the parser needs.

use std::borrow::Cow;

use crate::model::{ArticleNumber, Date, Level, TextLine};
use crate::normalize::{is_invisible, is_spaced_word_char};
use crate::numerals;

/// Trims spaces (ASCII, full-width, no-break) and zero-width characters from both ends.
pub fn clean_line(line: &str) -> &str {
    line.trim_matches(is_invisible)
}

/// The lines of a text as the parsers read them.
pub(super) struct Split {
    /// The non-empty lines, cleaned, with 1-based line numbers.
    pub lines: Vec<TextLine>,
    /// Lines left out, to be reported, in line order.
    pub left_out: Vec<(TextLine, LeftOut)>,
    /// When the text was wrapped ([`Wrapped`]): how, to be reported.
    pub wrapped: Option<Wrapped>,
}

/// Why a line of a text copied from a PDF is no part of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LeftOut {
    /// `— 3 —`, `第3页`, or, in a wrapped text, `3` ([`is_page_number`]).
    PageNumber,
    /// A line a wrapped text repeats on its pages ([`without_running_heads`]).
    RunningHead,
}

/// Splits a text into its non-empty lines, cleaned, with 1-based line numbers. Texts
/// kept as Markdown read as the plain texts they mark up ([`cleaned`]): the LawRefBook
/// collection (`# 标题`, `## 第一章 总则`, `<!-- INFO END -->`) and repositories in the
/// legalize layout (YAML front matter, `**第一条**`, `> （历史）`, `---`). Lines that are
/// only a page number are left out, and a text wrapped at a fixed width has its lines
/// joined into paragraphs again ([`wrap_width`], [`unwrap`]).
pub(super) fn split(text: &str) -> Split {
    let (mut lines, mut left_out, mut indented) = (Vec::new(), Vec::new(), Vec::new());
    for (i, raw) in body_lines(text) {
        let l = cleaned(raw);
        if l.is_empty() {
            continue;
        }
        let is_page = is_page_number(&l);
        let line = TextLine { line: i as u32 + 1, text: l.into_owned() };
        if is_page {
            left_out.push((line, LeftOut::PageNumber));
        } else {
            lines.push(line);
            let indent = &raw[..raw.len() - raw.trim_start().len()];
            indented.push(display_width(indent));
        }
    }
    let mut wrapped = None;
    if let Some(width) = wrap_width(&lines, &indented) {
        let indented = without_running_heads(&mut lines, indented, width, &mut left_out);
        left_out.sort_by_key(|(l, _)| l.line);
        wrapped = unwrap(&mut lines, &indented, width);
    }
    Split { lines, left_out, wrapped }
}

/// Takes out of a wrapped text the lines a PDF repeats on its pages: a line of digits
/// alone (a page number without dashes), and a line that comes back word for word three
/// times or more, ends no sentence and does not fill a line of the text (a running
/// head: the law's title, the gazette's name; the first line, the title, stays). In a
/// text set one paragraph per line neither is looked for. Returns the indents of the
/// lines kept.
fn without_running_heads(
    lines: &mut Vec<TextLine>,
    indents: Vec<usize>,
    width: usize,
    out: &mut Vec<(TextLine, LeftOut)>,
) -> Vec<usize> {
    let seen = line_counts(lines);
    // Not a full line: a law's stock clause (`单位犯前款罪的，对单位判处罚金，并对其直`)
    // comes back wrapped alike at the start of many paragraphs, filling its line. (A
    // head wider than the text, set in a smaller type, is no full line either.)
    let full = |t: &str| (width.saturating_sub(WRAP_SLACK)..=width).contains(&display_width(t));
    let repeated = |t: &str| seen[t] >= 3 && !ends_paragraph(t) && !full(t) && match_article(t).is_none();
    // The first line is the title, also when the pages repeat it.
    let why: Vec<Option<LeftOut>> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                None
            } else if l.text.chars().all(numerals::is_arabic_digit) {
                Some(LeftOut::PageNumber)
            } else {
                repeated(&l.text).then_some(LeftOut::RunningHead)
            }
        })
        .collect();
    let mut kept_indents = Vec::with_capacity(indents.len());
    let mut kept = Vec::with_capacity(lines.len());
    for ((l, indent), why) in lines.drain(..).zip(indents).zip(why) {
        match why {
            Some(why) => out.push((l, why)),
            None => {
                kept.push(l);
                kept_indents.push(indent);
            }
        }
    }
    *lines = kept;
    kept_indents
}

/// How a wrapped text was joined: the width of its lines, in columns (a wide character
/// takes two), and how many lines were joined to the line before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Wrapped {
    pub first_line: u32,
    pub width: usize,
    pub joined: usize,
}

/// Lines narrower than this (20 Chinese characters) are never taken for wrapped ones.
const MIN_WRAP_WIDTH: usize = 40;
/// Lines wider than this (150 Chinese characters) are never taken for wrapped ones: no
/// page is that wide.
const MAX_WRAP_WIDTH: usize = 300;
/// Room for a word of a script written with spaces: a line of it may end this many
/// columns short of the width and be no paragraph's last.
const MAX_WORD_WIDTH: usize = 16;
/// A line this many columns short of the wrap width still filled its line (justified or
/// half-width text leaves a little room).
const WRAP_SLACK: usize = 4;

/// How many times each text comes among `lines`.
fn line_counts(lines: &[TextLine]) -> rustc_hash::FxHashMap<&str, usize> {
    let mut seen: rustc_hash::FxHashMap<&str, usize> = Default::default();
    for l in lines {
        *seen.entry(l.text.as_str()).or_default() += 1;
    }
    seen
}

/// The width a text was wrapped at, if it was: copied out of a PDF, its paragraphs are
/// broken into lines of one width, most of them mid-sentence. A text set one paragraph
/// per line is not: its long lines end their paragraphs (`。`, `；`), and the lines that
/// do not (titles, headings) are short and of many widths. A text is taken as wrapped
/// when at least five lines, and a quarter of all, end mid-sentence within
/// [`WRAP_SLACK`] of one width of at least [`MIN_WRAP_WIDTH`] (within
/// [`MAX_WORD_WIDTH`] for a line that ends in a word of a script written with spaces).
fn wrap_width(lines: &[TextLine], indents: &[usize]) -> Option<usize> {
    // Most texts are set one paragraph per line and end nearly every line: they are
    // told apart at once, before any line is counted.
    let open_lines = lines.iter().filter(|l| !ends_paragraph(&l.text)).count();
    if open_lines < 5 || open_lines * 4 < lines.len() {
        return None;
    }
    // How many lines end mid-sentence at each width; not counting a line that comes
    // back three times or more: a running head wider than the text would pass for the
    // width of its lines.
    let seen = line_counts(lines);
    // Lines ending in a word of a script written with spaces apart: they fall short of
    // the width by up to a word.
    let (mut open, mut words) = (vec![0usize; MAX_WRAP_WIDTH + 1], vec![0usize; MAX_WRAP_WIDTH + 1]);
    for (l, indent) in
        lines.iter().zip(indents).filter(|(l, _)| !ends_paragraph(&l.text) && seen[l.text.as_str()] < 3)
    {
        let w = indent + display_width(&l.text);
        if w <= MAX_WRAP_WIDTH {
            let table = if l.text.ends_with(is_spaced_word_char) { &mut words } else { &mut open };
            table[w] += 1;
        }
    }
    let within =
        |table: &[usize], w: usize, room: usize| table[w.saturating_sub(room)..=w].iter().sum::<usize>();
    // The width most of them reach (within the slack, or a word's room), the widest of
    // equals.
    let (n, width) = (MIN_WRAP_WIDTH..=MAX_WRAP_WIDTH)
        .map(|w| (within(&open, w, WRAP_SLACK) + within(&words, w, MAX_WORD_WIDTH), w))
        .filter(|&(_, w)| open[w] + words[w] > 0)
        .max()?;
    (n >= 5 && n * 4 >= lines.len()).then_some(width)
}

/// Joins the lines of a text wrapped at `width` ([`wrap_width`]) back into its
/// paragraphs. Every line that fills that width is joined with the next, unless the next
/// starts an article, a heading, an item or an appendix (`附件二`), or is indented where
/// other lines are not (a paragraph's first line, as PDFs of Chinese documents set them).
/// A full line that ends a sentence is joined too when it reaches the width: inside a
/// long paragraph sentences end at a line's end often, while a paragraph ends exactly
/// there rarely (and then, without indents to tell, is joined to the next).
fn unwrap(lines: &mut Vec<TextLine>, indents: &[usize], width: usize) -> Option<Wrapped> {
    // A line filled its line when it reaches the width, within the slack if it ends
    // mid-sentence and within a column (a half-width character) if it ends a sentence
    // (else it is taken for the last line of its paragraph). The indent takes its place
    // on the line.
    let reaches = |l: &str, indent: usize| {
        let slack = if ends_paragraph(l) { 1 } else { WRAP_SLACK };
        indent + display_width(l) + slack >= width
    };
    // Or when the next line's first word would not have fitted after it: text written
    // with spaces is wrapped word by word and leaves lines short by up to a word.
    let full_before = |l: &str, indent: usize, next: &str| {
        let spaced = spaced_join(l, next);
        let word = if spaced {
            next.split(' ').next().map_or(0, display_width) + 1
        } else {
            next.chars().next().map_or(0, |c| display_width(c.encode_utf8(&mut [0; 4])))
        };
        reaches(l, indent) || indent + display_width(l) + word > width
    };
    // Indents mark paragraphs when some lines have them and others do not (in a text
    // of many short paragraphs most lines may have them; when all do, they tell nothing).
    let indented = indents.iter().filter(|&&i| i > 0).count();
    let marks_paragraphs = indented * 20 >= lines.len() && (lines.len() - indented) * 10 >= lines.len();
    // After a line that broke mid-sentence, `第X条` run on into its text is a
    // cross-reference, not an article (`…未依照本法` / `第四十条规定履行…`), and a full
    // line is text, not a heading (`…应当依照本法` / `第一编第六章第三节和本编的有关规定`).
    let starts_unit = |last: &str, t: &str, indent: usize| {
        let broke = !ends_paragraph(last);
        (marks_paragraphs && indent > 0)
            || match_article(t).is_some_and(|a| a.separated || !broke)
            || match_heading(t).is_some_and(|_| !broke || indent + display_width(t) + WRAP_SLACK < width)
            || match_marker(t).is_some()
            || is_appendix(t)
    };
    // After a full line that ends a sentence, a continuation either is long or ends its
    // paragraph: a short line that does neither is a heading or a title (`合同编`) after
    // a paragraph that ended at the end of a line. After a line that broke mid-sentence,
    // any line goes on (the rest of a wrapped heading: `取向`).
    let long = |l: &TextLine, indent: usize| {
        let room = if l.text.ends_with(is_spaced_word_char) { MAX_WORD_WIDTH } else { WRAP_SLACK };
        indent + display_width(&l.text) + room >= width
    };
    let continues = |last: &str, l: &TextLine, indent: usize| {
        !starts_unit(last, &l.text, indent)
            && (!ends_paragraph(last) || long(l, indent) || ends_paragraph(&l.text))
    };
    // Words of the text, to tell a word broken at a line's end from a compound (read only
    // when some line ends with a hyphen).
    let words = lines.iter().any(|l| hyphen_at_end(&l.text).is_some()).then(|| words_of(lines));
    let mut out: Vec<TextLine> = Vec::with_capacity(lines.len());
    let mut joined = 0;
    let mut first_line = None;
    // The length of the last line read, which ends the last line out, and its indent.
    let mut previous = (0, 0);
    for (l, &indent) in lines.drain(..).zip(indents) {
        let (length, previous_indent) = previous;
        let join = out.last().is_some_and(|last| {
            let p = &last.text[last.text.len() - length..];
            full_before(p, previous_indent, &l.text) && continues(p, &l, indent)
        });
        previous = (l.text.len(), indent);
        match out.last_mut() {
            Some(last) if join => {
                let spaced = spaced_join(&last.text, &l.text);
                if words.as_ref().is_some_and(|w| broke_word(&last.text, &l.text, w)) {
                    last.text.pop();
                } else if spaced {
                    last.text.push(' ');
                }
                last.text.push_str(&l.text);
                first_line.get_or_insert(last.line);
                joined += 1;
            }
            _ => out.push(l),
        }
    }
    *lines = out;
    first_line.map(|first_line| Wrapped { first_line, width, joined })
}

/// Whether a line broken before `next` was broken at a space: between words of a spaced
/// script, or after their punctuation (`conservación,` / `salvaguarda`). Never in Chinese,
/// whose punctuation is full-width.
fn spaced_join(line: &str, next: &str) -> bool {
    let before = line
        .chars()
        .next_back()
        .is_some_and(|c| is_spaced_word_char(c) || (c.is_ascii_punctuation() && !matches!(c, '-' | '/')));
    before && (next.starts_with(is_spaced_word_char) || next.starts_with(['(', '"', '\'']))
}

/// The letters before a hyphen that ends a line (`regu-` → `regu`).
fn hyphen_at_end(line: &str) -> Option<&str> {
    let head = line.strip_suffix('-')?;
    let word = &head[head.trim_end_matches(char::is_alphabetic).len()..];
    (!word.is_empty()).then_some(word)
}

/// The words (runs of letters) of a text's lines, in lower case.
fn words_of(lines: &[TextLine]) -> rustc_hash::FxHashSet<String> {
    let mut words = rustc_hash::FxHashSet::default();
    for l in lines {
        for w in l.text.split(|c: char| !c.is_alphabetic()).filter(|w| w.len() > 1) {
            words.insert(w.to_lowercase());
        }
    }
    words
}

/// Whether the hyphen ending `line` broke a word at the end of the line (`regu-` /
/// `lation`): the halves are a word the text writes whole elsewhere. The hyphen of a
/// compound (`well-` / `known`) stays, and so does one the text gives no evidence about:
/// dropping a hyphen that belongs to the word would change the text.
fn broke_word(line: &str, next: &str, words: &rustc_hash::FxHashSet<String>) -> bool {
    let Some(head) = hyphen_at_end(line) else {
        return false;
    };
    let tail = next.split(|c: char| !c.is_alphabetic()).next().unwrap_or_default();
    tail.starts_with(char::is_lowercase) && words.contains(&(head.to_lowercase() + &tail.to_lowercase()))
}

/// Whether a line ends as a paragraph does: with a sentence's or a clause's end, or a
/// closing bracket or quotation mark. A wrapped line ends wherever the width ran out.
fn ends_paragraph(line: &str) -> bool {
    line.ends_with([
        '。', '；', ';', '：', ':', '！', '!', '？', '?', '…', '）', ')', '」', '』', '”', '》', '.',
    ])
}

/// The columns a line takes on a page, as a Chinese font sets it: two for a wide
/// character, and for the punctuation East Asian fonts set wide too (`“”`, `——`, `…`,
/// `·`: Unicode's ambiguous width, wide in a CJK context), one for the rest.
fn display_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width_cjk(s)
}

/// The first line [`split`] would give.
pub(super) fn first_line(text: &str) -> Option<Cow<'_, str>> {
    body_lines(text).map(|(_, l)| cleaned(l)).find(|l| !l.is_empty() && !is_page_number(l))
}

/// The lines of a text with their 0-based index, after its YAML front matter if it has
/// one: a block at the very top between two `---` lines (the second may be `...`),
/// opening with a `key:` line, as Jekyll, Hugo and the legalize repositories write it.
/// It holds metadata (title, dates, source), not the text, so no line of it is read as
/// a title, a paragraph or a change.
fn body_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n').enumerate().skip(front_matter_lines(text))
}

/// The YAML of a text's front matter (the lines between its delimiters), if it has one.
/// Its first line is line 2 of the text.
pub fn front_matter(text: &str) -> Option<&str> {
    let n = front_matter_lines(text);
    if n == 0 {
        return None;
    }
    // The delimiters are whole lines: the block runs from after the first to the start
    // of the last.
    let start = text.find('\n')? + 1;
    let end = text.split_inclusive('\n').take(n - 1).map(str::len).sum::<usize>();
    Some(&text[start..end])
}

/// How many lines the front matter takes, its two delimiters included; 0 without one.
fn front_matter_lines(text: &str) -> usize {
    let mut lines = text.split('\n').map(clean_line);
    if lines.next() != Some("---") {
        return 0;
    }
    let opens_with_key = lines.next().is_some_and(|l| {
        let key = l.split(':').next().unwrap_or_default().trim_matches(['"', '\'']);
        l.contains(':')
            && !key.is_empty()
            && key.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-'))
    });
    if !opens_with_key {
        return 0;
    }
    lines.position(|l| l == "---" || l == "...").map_or(0, |k| k + 3)
}

/// Whether a line is only a page number, as official documents print them: `— 3 —`
/// (GB/T 9704, the layout of Chinese official documents), `- 3 -`, `－３－`, `第3页`,
/// `第 3 页 共 20 页`. A text copied out of a PDF keeps them between its paragraphs,
/// where they are no part of the text.
pub fn is_page_number(line: &str) -> bool {
    // Every line of a text is asked: most are settled by their length.
    if line.len() > 48 {
        return false;
    }
    let is_dash = |c: char| matches!(c, '—' | '―' | '–' | '‒' | '-' | '－' | '─');
    let digits = |s: &str| !s.is_empty() && s.chars().all(numerals::is_arabic_digit);
    let inner = line.trim_matches(|c: char| is_dash(c) || is_space(c));
    if line.starts_with(is_dash) && line.ends_with(is_dash) && digits(inner) {
        return true;
    }
    let compact: String = line.chars().filter(|&c| !is_space(c)).collect();
    // `第N页`, then optionally `共M页` (after `,`, `，` or `/`).
    let page = |s: &str| s.strip_prefix('第')?.strip_suffix('页').filter(|n| digits(n)).map(drop);
    let total = |s: &str| s.strip_prefix('共')?.strip_suffix('页').filter(|n| digits(n)).map(drop);
    match compact.find('页') {
        Some(end) => {
            let (first, rest) = compact.split_at(end + '页'.len_utf8());
            let rest = rest.trim_start_matches([',', '，', '/', '／']);
            page(first).is_some() && (rest.is_empty() || total(rest).is_some())
        }
        None => false,
    }
}

/// A line as the parsers read it: trimmed ([`clean_line`]), and for Markdown, the text
/// without its marks ([`strip_markdown`]).
fn cleaned(line: &str) -> Cow<'_, str> {
    let l = clean_line(strip_markdown(clean_line(line)));
    // `**第一条**`, `**发布机关**: …`: strong emphasis marks, in pairs. Official texts
    // have no `**` of their own. (`__` is left alone: forms draw blanks with it.)
    let mut out = Cow::Borrowed(l);
    if l.contains("**") && l.matches("**").count().is_multiple_of(2) {
        out = Cow::Owned(clean_line(&l.split("**").collect::<String>()).to_string());
    }
    // Markdown escapes: `1\. Las Administraciones…` (legalize-es) is `1. Las …`.
    if out.contains('\\') {
        out = Cow::Owned(unescape_markdown(&out));
    }
    out
}

/// `\` before ASCII punctuation is Markdown's escape: the punctuation alone is the text.
fn unescape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(char::is_ascii_punctuation) {
            continue;
        }
        out.push(c);
    }
    out
}

/// A Markdown line's text without its block marks: a heading's `#`s, a quotation's
/// `>`s; nothing of a thematic break (`---`, `***`) or of an HTML comment line.
fn strip_markdown(line: &str) -> &str {
    if line.starts_with("<!--") && line.ends_with("-->") {
        return "";
    }
    if is_thematic_break(line) {
        return "";
    }
    let quoted = prefix_len(line, |c| c == '>' || is_space(c));
    if quoted > 0 && line.starts_with('>') {
        return &line[quoted..];
    }
    let hashes = prefix_len(line, |c| c == '#');
    match line[hashes..].chars().next() {
        Some(c) if hashes > 0 && hashes <= 6 && is_space(c) => &line[hashes..],
        _ => line,
    }
}

/// `---`, `***`, `___`, `- - -`: three or more of one of these, spaces allowed between.
fn is_thematic_break(line: &str) -> bool {
    let Some(mark) = line.chars().next().filter(|c| matches!(c, '-' | '*' | '_')) else {
        return false;
    };
    let mut n = 0;
    for c in line.chars() {
        match c {
            c if c == mark => n += 1,
            ' ' | '\t' => {}
            _ => return false,
        }
    }
    n >= 3
}

/// Length in bytes of the longest prefix of `s` whose characters satisfy `f`.
fn prefix_len(s: &str, f: impl Fn(char) -> bool) -> usize {
    s.char_indices().find(|&(_, c)| !f(c)).map_or(s.len(), |(i, _)| i)
}

/// A character of an article or heading number: a Chinese numeral or an Arabic digit
/// (ASCII or full-width). Not [`numerals::is_number_char`], which also takes `亿` and `.`.
fn is_numeral_or_digit(c: char) -> bool {
    numerals::is_numeral_char(c) || numerals::is_arabic_digit(c)
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// An article start `第X条` / `第X条之Y` at the beginning of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleStart<'a> {
    pub number: ArticleNumber,
    /// The number as written (`第三十四条`).
    pub prefix: &'a str,
    /// The rest of the line, leading spaces removed.
    pub rest: &'a str,
    /// Whether spaces (or nothing) follow the number. `第三十四条网络运营者` is an article
    /// without the space; `第三十一条的决定》` is a wrapped reference. The parser decides
    /// between the two with the numbering sequence.
    pub separated: bool,
}

/// Words that open an article in laws written with spaces (`Article 12`, `Art. 3`,
/// `ARTICLE 5`, `§ 4`, `Artikel 7`, `Artículo 2`, `Articolo 9`).
pub const WESTERN_ARTICLE_WORDS: &[&str] = &[
    "Article",
    "ARTICLE",
    "Artikel",
    "ARTIKEL",
    "Artículo",
    "ARTÍCULO",
    "Articolo",
    "ARTICOLO",
    "Art.",
    "§",
];

/// The number after `第` at the start of `s`: numerals or digits, which a text copied
/// from a PDF may space out (`第 一 条`, `第 十 一 章`). Its value and the length it
/// takes, the spaces before and inside it included.
fn spaced_number(s: &str) -> Option<(u32, usize)> {
    // Written without spaces (nearly always), the number is read where it stands.
    let n = prefix_len(s, is_numeral_or_digit);
    if !s[n..].starts_with(is_space) {
        return Some((numerals::parse(&s[..n])?, n));
    }
    let mut digits = String::new();
    let mut end = 0;
    for (i, c) in s.char_indices() {
        if is_numeral_or_digit(c) {
            digits.push(c);
            end = i + c.len_utf8();
        } else if !is_space(c) {
            break;
        }
    }
    Some((numerals::parse(&digits)?, end))
}

/// Recognises `第X条` (optionally `之Y`), or a Western article start (`Article 12a`), at
/// the start of `line`. Laws in traditional characters write `第X條`, and Taiwan's number
/// an inserted article `第 15-1 條`.
pub fn match_article(line: &str) -> Option<ArticleStart<'_>> {
    if !line.starts_with('第') {
        return match_western_article(line);
    }
    let after = line.strip_prefix('第')?;
    let (main, n) = spaced_number(after)?;
    let mut rest = after[n..].trim_start_matches(is_space);
    let mut sub = 0;
    if let Some(s) = rest.strip_prefix(['-', '－']) {
        let m = prefix_len(s, numerals::is_arabic_digit);
        sub = numerals::parse(&s[..m]).filter(|&v| v > 0)?;
        rest = s[m..].trim_start_matches(is_space);
    }
    let mut rest = rest.strip_prefix(['条', '條'])?;
    if let Some(s) = rest.strip_prefix('之') {
        let m = prefix_len(s, is_numeral_or_digit);
        if let Some(v) = numerals::parse(&s[..m]) {
            sub = v;
            rest = &s[m..];
        }
    }
    let prefix = &line[..line.len() - rest.len()];
    let trimmed = rest.trim_start_matches(is_space);
    Some(ArticleStart {
        number: ArticleNumber { main, sub },
        prefix,
        separated: trimmed.len() != rest.len() || rest.is_empty(),
        rest: trimmed,
    })
}

/// An article number as laws with spaces write it, after the word that names it: `12`,
/// `12a` (the first inserted article after 12, like `之一`). Returns the number and the
/// length it takes.
pub fn western_article_number(s: &str) -> Option<(ArticleNumber, usize)> {
    let n = prefix_len(s, |c| c.is_ascii_digit());
    let main: u32 = s[..n].parse().ok().filter(|&m| m > 0)?;
    let mut len = n;
    let mut sub = 0;
    let mut rest = s[n..].chars();
    if let Some(inserted) = rest.next().and_then(numerals::letter_value)
        && !rest.next().is_some_and(|d| d.is_alphanumeric())
    {
        sub = inserted;
        len += 1;
    }
    Some((ArticleNumber { main, sub }, len))
}

/// `Article 12`, `Art. 3a`, `§ 4` at the start of a line, alone or followed by a
/// separator (`Article 1. This Regulation…`, `Article 2 – Definitions`) or by a title
/// with a capital (`§ 1 Anwendungsbereich`). A lowercase word after the number is a
/// sentence that starts with a reference (`Article 3 shall apply…`), not an article.
fn match_western_article(line: &str) -> Option<ArticleStart<'_>> {
    let after = WESTERN_ARTICLE_WORDS.iter().find_map(|w| line.strip_prefix(w))?;
    let spaced = after.trim_start_matches(is_space);
    if spaced.len() == after.len() && !line.starts_with('§') {
        return None;
    }
    let (number, len) = western_article_number(spaced)?;
    let rest = &spaced[len..];
    // A Spanish ordinal is part of the number: `Artículo 1.º`, `Artículo 2º`.
    let rest = [".º", "º"].iter().find_map(|o| rest.strip_prefix(o)).unwrap_or(rest);
    let prefix = &line[..line.len() - rest.len()];
    let text = rest.trim_start_matches(is_space);
    let text = match text.chars().next() {
        None => text,
        Some(c @ ('.' | ':' | '–' | '—' | '-')) => text[c.len_utf8()..].trim_start_matches(is_space),
        Some(c) if c.is_uppercase() && text.len() < rest.len() => text,
        Some(_) => return None,
    };
    Some(ArticleStart { number, prefix, separated: true, rest: text })
}

/// Heading words of laws written with spaces, and their levels.
#[rustfmt::skip]
const WESTERN_HEADINGS: &[(&str, Level)] = &[
    ("PART", Level::Part), ("Part", Level::Part), ("PARTIE", Level::Part), ("Partie", Level::Part),
    ("TEIL", Level::Part), ("Teil", Level::Part), ("LIBRO", Level::Part), ("Libro", Level::Part),
    ("TITLE", Level::Subpart), ("Title", Level::Subpart), ("TITRE", Level::Subpart), ("Titre", Level::Subpart),
    ("TITEL", Level::Subpart), ("Titel", Level::Subpart), ("TÍTULO", Level::Subpart),
    ("Título", Level::Subpart), ("TITOLO", Level::Subpart), ("Titolo", Level::Subpart),
    ("CHAPTER", Level::Chapter), ("Chapter", Level::Chapter), ("CHAPITRE", Level::Chapter),
    ("Chapitre", Level::Chapter), ("KAPITEL", Level::Chapter), ("Kapitel", Level::Chapter),
    ("CAPÍTULO", Level::Chapter), ("Capítulo", Level::Chapter),
    ("SECTION", Level::Section), ("Section", Level::Section), ("ABSCHNITT", Level::Section),
    ("Abschnitt", Level::Section), ("SECCIÓN", Level::Section), ("Sección", Level::Section),
    ("SEZIONE", Level::Section), ("Sezione", Level::Section),
];

/// `CHAPTER II`, `Chapter 3 Definitions`, `TITLE I — GENERAL PROVISIONS`: the number in
/// Arabic or Roman numerals, then nothing (the title may follow on the next line) or a
/// title.
fn match_western_heading(line: &str) -> Option<HeadingStart> {
    let (after, level) = WESTERN_HEADINGS.iter().find_map(|&(w, l)| Some((line.strip_prefix(w)?, l)))?;
    let spaced = after.trim_start_matches(is_space);
    if spaced.len() == after.len() {
        return None;
    }
    let n = prefix_len(spaced, |c| c.is_ascii_alphanumeric());
    let number = spaced[..n].parse().ok().or_else(|| roman(&spaced[..n])).filter(|&m| m > 0)?;
    // A Spanish ordinal: `Sección 1.ª`, `Capítulo 2º`.
    let after_number = &spaced[n..];
    let after_number =
        ["ª", "º", ".ª", ".º"].iter().find_map(|o| after_number.strip_prefix(o)).unwrap_or(after_number);
    let rest = after_number.trim_start_matches(is_space);
    let title = rest.trim_start_matches(['.', ':', '–', '—', '-']).trim_start_matches(is_space);
    if !looks_like_title(title) || (title.len() == rest.len() && title.starts_with(char::is_lowercase)) {
        return None;
    }
    Some(HeadingStart { level, number, title: squeeze(title) })
}

/// A Roman numeral (`IV`, `xii`) up to 3999.
fn roman(s: &str) -> Option<u32> {
    let value = |c: char| match c.to_ascii_uppercase() {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let digits: Vec<u32> = s.chars().map(value).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, &d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|&next| next > d) {
            total -= d as i64;
        } else {
            total += d as i64;
        }
    }
    u32::try_from(total).ok().filter(|&t| t > 0 && t < 4000)
}

/// A numbered law heading `第X编|分编|章|节 title`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingStart {
    pub level: Level,
    pub number: u32,
    pub title: String,
}

/// Recognises a numbered heading. Headings are short and carry no sentence punctuation,
/// which tells `第二章 国家秘密的范围和密级` from a paragraph starting `第二章规定的…`.
pub fn match_heading(line: &str) -> Option<HeadingStart> {
    if !line.starts_with('第') {
        return match_western_heading(line);
    }
    let after = line.strip_prefix('第')?;
    let (number, n) = spaced_number(after)?;
    let rest = after[n..].trim_start_matches(is_space);
    // Traditional characters too: 編, 節.
    let (level, title) = if let Some(t) = rest.strip_prefix("分编").or_else(|| rest.strip_prefix("分編"))
    {
        (Level::Subpart, t)
    } else if let Some(t) = rest.strip_prefix(['编', '編']) {
        (Level::Part, t)
    } else if let Some(t) = rest.strip_prefix('章') {
        (Level::Chapter, t)
    } else if let Some(t) = rest.strip_prefix(['节', '節']) {
        (Level::Section, t)
    } else {
        return None;
    };
    if !looks_like_title(title) {
        return None;
    }
    Some(HeadingStart { level, number, title: squeeze(title) })
}

/// Short, and not a sentence. Commas are allowed: a real heading reads
/// `第三章 审查和批准决算，听取和审议国民经济和…` (standing-committee-supervision-law 2006).
pub fn looks_like_title(s: &str) -> bool {
    s.chars().count() <= 60 && !s.contains(['。', '；', ';', '：', ':'])
}

/// Removes all whitespace: `总  则` → `总则`, `第一章\u{3000}总则` → `第一章总则`. Words
/// of spaced scripts (Latin, Cyrillic, …) keep one space between them.
pub fn squeeze(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if is_invisible(c) {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space && is_spaced_word_char(c) && out.ends_with(is_spaced_word_char) {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

/// An enumerated marker at the start of a line: `（一）`, `(一)`, `一、`, `1.`, `１．`, `1、`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// `（一）` — an item (项) in a law, a subsection in a report.
    Paren(u32),
    /// `一、` — a report section.
    Enumeration(u32),
    /// `1.` — a sub-item (目).
    Digit(u32),
}

/// Recognises a marker and returns it with the rest of the line.
pub fn match_marker(line: &str) -> Option<(Marker, &str)> {
    if let Some(after) = line.strip_prefix(['（', '(']) {
        // `(a)`: the points of a law written with spaces, numbered by letter.
        if let Some(rest) = after.get(1..).and_then(|r| r.strip_prefix(')'))
            && let Some(point) = after.chars().next().and_then(numerals::letter_value)
        {
            return Some((Marker::Paren(point), rest));
        }
        let n = prefix_len(after, numerals::is_numeral_char);
        let value = numerals::parse(&after[..n])?;
        let rest = after[n..].strip_prefix(['）', ')'])?;
        return Some((Marker::Paren(value), rest));
    }
    let n = prefix_len(line, numerals::is_arabic_digit);
    if n > 0 {
        let value = numerals::parse(&line[..n])?;
        let rest = line[n..].strip_prefix(['.', '．', '、'])?;
        // "1.5万亿元" is a number, not a marker.
        if rest.starts_with(|c: char| c.is_ascii_digit() || numerals::is_arabic_digit(c)) {
            return None;
        }
        return Some((Marker::Digit(value), rest));
    }
    let n = prefix_len(line, numerals::is_numeral_char);
    if n > 0 {
        let value = numerals::parse(&line[..n])?;
        let rest = line[n..].strip_prefix('、')?;
        return Some((Marker::Enumeration(value), rest));
    }
    None
}

/// An editorial footnote (`① 刑法、历次刑法修正案…`).
pub fn is_footnote(line: &str) -> bool {
    line.starts_with(|c: char| ('\u{2460}'..='\u{2473}').contains(&c))
}

/// The start of an appendix, a line of its own: `附件`, `附件一`, `附件1：`, `附：`, and the
/// schedules and annexes some laws append (`附表二`, `附录`).
pub fn is_appendix(line: &str) -> bool {
    appendix_number(line).is_some()
}

/// The number of an appendix's title line (`附件二` → `Some(Some(2))`, `附：` →
/// `Some(None)`); `None` when the line is no appendix's title.
pub fn appendix_number(line: &str) -> Option<Option<u32>> {
    let rest = line.strip_prefix('附')?;
    let rest = rest.strip_prefix(['件', '表', '录']).unwrap_or(rest);
    let numeral = &rest[..rest.len() - rest.trim_start_matches(is_numeral_or_digit).len()];
    let after = &rest[numeral.len()..];
    (after.is_empty() || matches!(after, "：" | ":")).then(|| numerals::parse(numeral))
}

/// A table of contents heading (`目录`, `目  录`).
pub fn is_toc(line: &str) -> bool {
    squeeze(line) == "目录"
}

/// The heading of a preamble: `序言` (the Constitution's, set `序　　言`), `Preamble`.
pub fn is_preamble(line: &str) -> bool {
    let s = squeeze(line);
    s == "序言" || s.eq_ignore_ascii_case("preamble")
}

/// Parses a date written `2010年4月29日` at the start of `s` (Arabic digits, ASCII or
/// full-width). Returns the date and the rest.
pub fn match_date(s: &str) -> Option<(Date, &str)> {
    let mut rest = s;
    let mut parts = [0u32; 3];
    for (i, unit) in ['年', '月', '日'].into_iter().enumerate() {
        let n = prefix_len(rest, numerals::is_arabic_digit);
        if n == 0 {
            return None;
        }
        parts[i] = numerals::parse(&rest[..n])?;
        rest = rest[n..].strip_prefix(unit)?;
    }
    let date =
        Date::new(i32::try_from(parts[0]).ok()?, u8::try_from(parts[1]).ok()?, u8::try_from(parts[2]).ok()?)?;
    Some((date, rest))
}

/// Ends a sentence or clause: text ending with one of these is not a heading.
pub fn ends_with_punctuation(s: &str) -> bool {
    s.ends_with(['。', '；', ';', '：', ':', '，', ',', '！', '!', '？', '?', '、'])
}

#[cfg(test)]
mod tests {
    #[test]
    fn western_articles_and_headings() {
        fn a(l: &str) -> Option<(String, &str, &str)> {
            match_article(l).map(|a| (a.number.to_string(), a.prefix, a.rest))
        }
        assert_eq!(a("Article 12"), Some(("12".into(), "Article 12", "")));
        assert_eq!(a("Article 12a – Scope"), Some(("12-1".into(), "Article 12a", "Scope")));
        assert_eq!(a("Art. 3: Definitions"), Some(("3".into(), "Art. 3", "Definitions")));
        assert_eq!(a("§ 4 Anwendungsbereich"), Some(("4".into(), "§ 4", "Anwendungsbereich")));
        assert_eq!(a("ARTICLE 5. The parties agree."), Some(("5".into(), "ARTICLE 5", "The parties agree.")));
        // Sentences that begin with a reference, and words that only start alike.
        assert_eq!(
            a("Artikel 7 Begriffsbestimmungen"),
            Some(("7".into(), "Artikel 7", "Begriffsbestimmungen"))
        );
        assert_eq!(a("Article 3 shall apply to sellers."), None);
        assert_eq!(a("Articles 3 and 4 apply."), None);
        assert_eq!(a("Article12"), None);
        assert_eq!(a("Article 12and"), None);
        let h = |l: &str| match_heading(l).map(|h| (h.level, h.number, h.title));
        assert_eq!(h("CHAPTER IV"), Some((Level::Chapter, 4, String::new())));
        assert_eq!(h("Chapter 2 Definitions"), Some((Level::Chapter, 2, "Definitions".into())));
        assert_eq!(h("TITLE XII — FINAL PROVISIONS"), Some((Level::Subpart, 12, "FINAL PROVISIONS".into())));
        assert_eq!(h("Abschnitt 2 Pflichten"), Some((Level::Section, 2, "Pflichten".into())));
        assert_eq!(h("CHAPITRE III"), Some((Level::Chapter, 3, String::new())));
        // Spanish and Italian, as the legalize-es repository writes them (`## TÍTULO I. …`).
        assert_eq!(
            h("TÍTULO I. Disposiciones generales"),
            Some((Level::Subpart, 1, "Disposiciones generales".into()))
        );
        assert_eq!(h("Capítulo II"), Some((Level::Chapter, 2, String::new())));
        assert_eq!(h("SECCIÓN 3.ª"), Some((Level::Section, 3, String::new())));
        let art = |l: &'static str| match_article(l).map(|a| (a.number.label(), a.prefix, a.rest));
        assert_eq!(art("Artículo 1.º Objeto."), Some(("1".into(), "Artículo 1.º", "Objeto.")));
        assert_eq!(art("Artículo 2º"), Some(("2".into(), "Artículo 2º", "")));
        assert_eq!(
            h("Sección 1.ª Disposiciones comunes"),
            Some((Level::Section, 1, "Disposiciones comunes".into()))
        );
        assert_eq!(h("Sección de la ley"), None);
        assert_eq!(h("Sezione 1 Principi"), Some((Level::Section, 1, "Principi".into())));
        assert_eq!(h("Section 5 of the Act applies."), None);
        assert_eq!(h("Part of the budget"), None);
        assert_eq!((roman("MCMXCIV"), roman("iv"), roman("")), (Some(1994), Some(4), None));
    }

    use super::*;

    /// The texts of the lines [`split`] gives, and how the text was wrapped.
    fn joined(text: &str) -> (Vec<String>, Option<Wrapped>) {
        let Split { lines, wrapped, .. } = split(text);
        (lines.into_iter().map(|l| l.text).collect(), wrapped)
    }

    #[test]
    fn a_wrapped_text_is_joined_into_its_paragraphs() {
        // Lines of 40 columns (20 Chinese characters), as a PDF sets them. Articles and
        // headings start lines of their own; a full line that ends a sentence goes on;
        // a short line without punctuation after a full one is a heading.
        let text = "某某法\n\
            第一条　为了规范某某管理工作，保障某某事\n\
            业的顺利进行，根据宪法，制定本法。\n\
            第二条　本法所称某某，是指依照法定程序确\n\
            定的事项。某某工作坚持依法依规管理原则。\n\
            国家鼓励某某工作的科学研究和技术创新，推\n\
            动某某事业高质量发展。\n\
            第二章　管理\n\
            第三条　某某管理部门主管全国的某某工作，\n\
            县级以上地方各级部门主管本行政区域的工作\n\
            ，并接受同级人民代表大会常务委员会监督。\n\
            分则编\n\
            第四条　本法自公布之日起施行。\n";
        let Split { lines, wrapped, .. } = split(text);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "某某法",
                "第一条　为了规范某某管理工作，保障某某事业的顺利进行，根据宪法，制定本法。",
                "第二条　本法所称某某，是指依照法定程序确定的事项。某某工作坚持依法依规管理原则。\
                 国家鼓励某某工作的科学研究和技术创新，推动某某事业高质量发展。",
                "第二章　管理",
                "第三条　某某管理部门主管全国的某某工作，县级以上地方各级部门主管本行政区域的工作，\
                 并接受同级人民代表大会常务委员会监督。",
                "分则编",
                "第四条　本法自公布之日起施行。",
            ]
        );
        assert_eq!(lines.iter().map(|l| l.line).collect::<Vec<_>>(), [1, 2, 4, 8, 9, 12, 13]);
        assert_eq!(wrapped, Some(Wrapped { first_line: 2, width: 40, joined: 6 }));
        // Set one paragraph per line, the same text is left as it is.
        let Split { lines, wrapped, .. } = split(&texts.join("\n"));
        assert_eq!(lines.len(), 7);
        assert_eq!(wrapped, None);
        // Indents, where most lines have none, start paragraphs: the full line before
        // the second paragraph does not take it in.
        let text = "某某报告\n\
            \u{3000}\u{3000}今年工作的总体要求是：坚持稳中求进，\n\
            完善宏观调控，推动高质量发展各项工作取得\n\
            新进展。各地区各部门要切实担负主体责任。\n\
            \u{3000}\u{3000}我们要坚定信心，迎难而上，奋发有为，\n\
            努力完成全年经济社会发展目标任务，以优异\n\
            成绩迎接新的历史节点。\n\
            \u{3000}\u{3000}各位代表，新征程任务艰巨、使命光荣。\n\
            让我们紧密团结在一起，共同努力，不断开创\n\
            新局面。\n";
        let Split { lines, wrapped, .. } = split(text);
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert!(lines[1].text.ends_with("主体责任。") && lines[2].text.starts_with("我们要"), "{lines:?}");
        assert!(lines[3].text.starts_with("各位代表") && lines[3].text.ends_with("新局面。"), "{lines:?}");
        assert_eq!(wrapped.map(|w| w.joined), Some(6));
    }

    #[test]
    fn a_wrapped_western_text_is_joined_word_by_word() {
        // Wrapped at 44 columns word by word: a line is full when the next line's first
        // word would not have fitted after it.
        let text = "Regulation on widgets\n\
            Article 1\n\
            Member States shall ensure that the\n\
            competent authorities provide information to\n\
            natural or legal persons concerning any\n\
            measure adopted under this Regulation.\n\
            Such information shall be provided within a\n\
            reasonable period and in accordance with\n\
            national law.\n\
            Article 2\n\
            This Regulation shall enter into force on\n\
            the twentieth day following that of its\n\
            publication.\n\
            Member States shall notify those rules,\n\
            without delay, to the Commission.\n";
        let (texts, wrapped) = joined(text);
        assert_eq!(
            texts,
            [
                "Regulation on widgets",
                "Article 1",
                "Member States shall ensure that the competent authorities provide information to \
                 natural or legal persons concerning any measure adopted under this Regulation.",
                "Such information shall be provided within a reasonable period and in accordance \
                 with national law.",
                "Article 2",
                "This Regulation shall enter into force on the twentieth day following that of its \
                 publication.",
                // Broken after a comma: joined with a space.
                "Member States shall notify those rules, without delay, to the Commission.",
            ]
        );
        assert_eq!(wrapped.map(|w| w.width), Some(44));
    }

    /// A hyphen at a line's end is dropped when the halves make a word the text writes
    /// whole elsewhere (`regu-` / `lation`), and kept otherwise: a compound the text
    /// hyphenates (`well-` / `known`), and a word it gives no evidence about (`co-` /
    /// `operation`).
    #[test]
    fn a_word_broken_at_a_line_end_is_joined_and_a_compound_keeps_its_hyphen() {
        let text = "Regulation on widgets\n\
            Article 1\n\
            This Regulation lays down rules for the regu-\n\
            lation of widgets by the competent authorities\n\
            of every Member State, which shall publish a\n\
            well-known register of widgets and ensure co-\n\
            operation with each other in their regulation.\n\
            Article 2\n\
            The register shall list each widget and its\n\
            maker, and the date of first sale as a well-\n\
            known fact, to be kept for at least ten years.\n";
        let (texts, wrapped) = joined(text);
        assert!(wrapped.is_some());
        assert_eq!(
            texts,
            [
                "Regulation on widgets",
                "Article 1",
                "This Regulation lays down rules for the regulation of widgets by the competent \
                 authorities of every Member State, which shall publish a well-known register of \
                 widgets and ensure co-operation with each other in their regulation.",
                "Article 2",
                "The register shall list each widget and its maker, and the date of first sale as \
                 a well-known fact, to be kept for at least ten years.",
            ]
        );
    }

    #[test]
    fn page_numbers_are_told_from_text() {
        for page in [
            "— 3 —",
            "—3—",
            "- 12 -",
            "－３－",
            "– 7 –",
            "第3页",
            "第 3 页 共 20 页",
            "第3页，共20页",
            "第3页/共20页",
        ] {
            assert!(is_page_number(page), "{page}");
        }
        for text in [
            "第三条 国家秘密受法律保护。",
            "3",
            "— 附则 —",
            "-3",
            "第3页的内容",
            "共20页",
            "第页",
            "—",
            "第3条",
            "第3页共页",
        ] {
            assert!(!is_page_number(text), "{text}");
        }
        let Split { lines, left_out, .. } =
            split("第一条 为了规范管理，制定本法。\n— 1 —\n第二条 本法所称……\n第 2 页 共 9 页\n");
        assert_eq!(lines.iter().map(|l| l.line).collect::<Vec<_>>(), [1, 3]);
        assert_eq!(
            left_out.iter().map(|(l, why)| (l.line, l.text.as_str(), *why)).collect::<Vec<_>>(),
            [(2, "— 1 —", LeftOut::PageNumber), (4, "第 2 页 共 9 页", LeftOut::PageNumber)]
        );
    }

    fn art(line: &str) -> (String, &str, bool) {
        let a = match_article(line).unwrap();
        (a.number.label(), a.rest, a.separated)
    }

    /// Laws in traditional characters (Taiwan's layout: `第 15-1 條` alone on its line).
    #[test]
    fn traditional_characters_and_hyphenated_numbers() {
        assert_eq!(art("第 15-1 條"), ("15-1".into(), "", true));
        assert_eq!(art("第2－1條　內容"), ("2-1".into(), "內容", true));
        assert_eq!(art("第十五條之一 內容"), ("15-1".into(), "內容", true));
        assert_eq!(art("第 1 條 為規範管理，特制定本法。"), ("1".into(), "為規範管理，特制定本法。", true));
        assert!(match_article("第 2-0 條").is_none());
        assert!(match_article("第 2- 條").is_none());
        let levels: Vec<_> = ["第 一 章 總則", "第二編 物權", "第一分編 通則", "第一節 通則"]
            .into_iter()
            .map(|l| match_heading(l).map(|h| (h.level, h.title)))
            .collect();
        assert_eq!(
            levels,
            [
                Some((Level::Chapter, "總則".to_string())),
                Some((Level::Part, "物權".to_string())),
                Some((Level::Subpart, "通則".to_string())),
                Some((Level::Section, "通則".to_string()))
            ]
        );
        assert_eq!(ArticleNumber::parse("第十五條之一").map(|n| n.label()).as_deref(), Some("15-1"));
    }

    /// A text copied from a PDF may space out an article's or a heading's number.
    #[test]
    fn spaced_out_numbers_are_read() {
        assert_eq!(art("第 十 一 条　国家秘密受法律保护。"), ("11".into(), "国家秘密受法律保护。", true));
        assert_eq!(art("第 3 条之一 内容"), ("3-1".into(), "内容", true));
        assert_eq!(art("第十一条 内容"), ("11".into(), "内容", true));
        let h = match_heading("第 一 章　总　则").unwrap();
        assert_eq!((h.level, h.number, h.title.as_str()), (Level::Chapter, 1, "总则"));
        assert!(match_article("第 次会议").is_none());
        assert!(match_article("第一 次会议通过").is_none());
    }

    /// LawRefBook's Markdown files read like the plain texts.
    #[test]
    fn markdown_heading_marks_and_comments_are_dropped() {
        let Split { lines, .. } = split(
            "# 中华人民共和国某某法\n\n<!-- INFO END -->\n## 第一章 总则\n第一条 #号 不是标题。\n#不是标题\n",
        );
        let texts: Vec<(u32, &str)> = lines.iter().map(|l| (l.line, l.text.as_str())).collect();
        assert_eq!(
            texts,
            [(1, "中华人民共和国某某法"), (4, "第一章 总则"), (5, "第一条 #号 不是标题。"), (6, "#不是标题")]
        );
    }

    /// The legalize layout: front matter, bold, quotations and rules are markup.
    #[test]
    fn front_matter_and_markdown_marks_are_dropped() {
        let text = "---\ntitle: \"某某法\"\nstatus: 有效\n---\n# 某某法\n\n**发布机关**: 全国人大常委会\n\n---\n\n\
                    > （2024年2月27日通过）\n\n**第一条**　内容，**强调**。\n\n* * *\n第二条 1**2 不成对。\n";
        let Split { lines, .. } = split(text);
        let texts: Vec<(u32, &str)> = lines.iter().map(|l| (l.line, l.text.as_str())).collect();
        assert_eq!(
            texts,
            [
                (5, "某某法"),
                (7, "发布机关: 全国人大常委会"),
                (11, "（2024年2月27日通过）"),
                (13, "第一条　内容，强调。"),
                (16, "第二条 1**2 不成对。")
            ]
        );
        let texts = |t: &str| split(t).lines.into_iter().map(|l| l.text).collect::<Vec<_>>();
        assert_eq!(texts("1\\. Las personas \\*no\\* C:\\dir\\\\x\n"), ["1. Las personas *no* C:\\dir\\x"]);
        assert_eq!(first_line(text).as_deref(), Some("某某法"));
    }

    /// Only a block at the very top that opens with a key and is closed is front matter.
    #[test]
    fn front_matter_needs_a_key_and_a_closing_line() {
        let texts = |t: &str| split(t).lines.into_iter().map(|l| l.text).collect::<Vec<_>>();
        // Not closed: the rule is dropped, the lines stay.
        assert_eq!(texts("---\ntitle: 某某法\n第一条 内容。\n"), ["title: 某某法", "第一条 内容。"]);
        // A rule above a title is no front matter.
        assert_eq!(texts("---\n某某法\n---\n第一条 内容。\n"), ["某某法", "第一条 内容。"]);
        // `...` closes it too; a Windows line end is no obstacle.
        assert_eq!(texts("---\r\ndate: 2024-01-01\r\n...\r\n某某法\r\n"), ["某某法"]);
        assert_eq!(texts("——\n___\n- - -\n--\n"), ["——", "--"]);
    }

    #[test]
    fn article_starts_from_real_lines() {
        // state-secrets-law 2024, line 79: no space after the number.
        assert_eq!(
            art("第三十四条网络运营者应当加强对其用户发布的信息的管理"),
            ("34".into(), "网络运营者应当加强对其用户发布的信息的管理", false)
        );
        // criminal-law 2020: a sub-article.
        assert_eq!(art("第一百二十条之一 以提供资助的方式"), ("120-1".into(), "以提供资助的方式", true));
        // civil-code 2020: the last article.
        assert_eq!(art("第一千二百六十条 本法自2021年1月1日起施行。").0, "1260");
        // cultural-relics-law 2017, line 5: a wrapped history line, not an article.
        assert_eq!(art("第三十一条的决定》第一次修正"), ("31".into(), "的决定》第一次修正", false));
        // 之 not followed by a numeral belongs to the text.
        assert_eq!(art("第五条之规定").1, "之规定");
        assert!(match_article("第一章 总则").is_none());
        assert!(match_article("第 六十五 号").is_none());
    }

    #[test]
    fn headings_from_real_lines() {
        // state-secrets-law 2024, line 3 (leading space and doubled space, once cleaned).
        let h = match_heading(clean_line(" 第一章 总  则")).unwrap();
        assert_eq!((h.level, h.number, h.title.as_str()), (Level::Chapter, 1, "总则"));
        // npcsc-procedure-rules 2009: a full-width space inside the heading.
        let h = match_heading("第二章\u{3000}会议的召开").unwrap();
        assert_eq!((h.level, h.number, h.title.as_str()), (Level::Chapter, 2, "会议的召开"));
        // civil-code 2020: a 分编 heading with a doubled ASCII space.
        let h = match_heading("第一分编  通则").unwrap();
        assert_eq!((h.level, h.number, h.title.as_str()), (Level::Subpart, 1, "通则"));
        let h = match_heading("第一编 总则").unwrap();
        assert_eq!(h.level, Level::Part);
        let h = match_heading("第二节 定密").unwrap();
        assert_eq!(h.level, Level::Section);
        assert!(match_heading("第二章规定的事项，由国务院决定。").is_none());
    }

    #[test]
    fn markers() {
        assert_eq!(
            match_marker("（一）良种繁育、栽培、肥料施用和养殖技术；"),
            Some((Marker::Paren(1), "良种繁育、栽培、肥料施用和养殖技术；"))
        );
        assert_eq!(match_marker("(十二)其他").unwrap().0, Marker::Paren(12));
        assert_eq!(match_marker("10．关于惩治劫持航空器犯罪分子的决定").unwrap().0, Marker::Digit(10));
        assert_eq!(match_marker("三、2025年政府工作任务").unwrap().0, Marker::Enumeration(3));
        assert_eq!(match_marker("1.5万亿元"), None);
        assert_eq!(match_marker("2024年"), None);
        assert_eq!(match_marker("一切"), None);
    }

    #[test]
    fn dates_and_small_recognisers() {
        let (d, rest) = match_date("2010年4月29日 第十一届全国人民代表大会").unwrap();
        assert_eq!(d.to_string(), "2010-04-29");
        assert_eq!(rest, " 第十一届全国人民代表大会");
        assert!(match_date("2010年2月30日").is_none());
        assert!(is_footnote("① 刑法、历次刑法修正案"));
        assert!(is_appendix("附件一"));
        assert!(is_appendix("附件"));
        assert!(!is_appendix("附则"));
        assert!(!is_appendix("附件二的决定予以保留"));
        assert_eq!(appendix_number("附件二"), Some(Some(2)));
        assert_eq!(appendix_number("附件1："), Some(Some(1)));
        assert_eq!(appendix_number("附表三"), Some(Some(3)));
        assert_eq!(appendix_number("附录"), Some(None));
        assert_eq!(appendix_number("附："), Some(None));
        assert!(is_toc("目  录"));
        assert_eq!(clean_line("\u{200B}\u{3000}第一条\u{3000}"), "第一条");
    }
}
