//! The parsed structure of one version of a document.
//!
//! A [`Document`] is what every later stage works on: the differ aligns its [`Unit`]s
//! (articles of a law, paragraphs of a report), the renderer shows them. It is plain
//! owned data, serialisable, and knows nothing of files, git or HTML.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What kind of text a document is; decides how it is parsed and what its units are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Articles `第X条` under 编/分编/章/节 headings.
    Law,
    /// Sections `一、`, subsections `（一）` and paragraphs (government work reports).
    Report,
    /// Paragraphs only.
    Plain,
}

impl Kind {
    /// The name used in YAML, JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Law => "law",
            Kind::Report => "report",
            Kind::Plain => "plain",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A calendar date as legal texts state it (no time, no zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date(time::Date);

impl Date {
    /// Builds a date, or `None` when it does not exist (2023-02-30).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let month = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day).ok().map(Date)
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let mut parts = s.trim().splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    pub fn month(self) -> u8 {
        self.0.month() as u8
    }

    pub fn day(self) -> u8 {
        self.0.day()
    }

    /// Seconds since the Unix epoch of this date's midnight at `offset_minutes` east of UTC.
    pub fn unix_midnight(self, offset_minutes: i32) -> i64 {
        self.0.midnight().assume_utc().unix_timestamp() - i64::from(offset_minutes) * 60
    }

    /// The date in a given Unix time at `offset_minutes` east of UTC.
    pub fn from_unix(secs: i64, offset_minutes: i32) -> Option<Date> {
        let t = time::OffsetDateTime::from_unix_timestamp(secs + i64::from(offset_minutes) * 60).ok()?;
        Some(Date(t.date()))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year(), self.month(), self.day())
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One entry of a law's history block (题注): when it was adopted, amended, revised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    /// 1-based line where the entry starts.
    pub line: u32,
    /// The date the entry begins with, when it has one.
    pub date: Option<Date>,
    /// The entry's text, wrapped lines joined, without enclosing brackets.
    pub text: String,
}

/// A line kept as written, with its 1-based line number.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TextLine {
    pub line: u32,
    pub text: String,
}

/// The level of a heading. Laws nest 编 > 分编 > 章 > 节; reports 一、 > （一）.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 编 (a part of a code, e.g. 物权编).
    Part,
    /// 分编.
    Subpart,
    /// 章.
    Chapter,
    /// 节.
    Section,
    /// A report section `一、…`.
    Heading,
    /// A report subsection `（一）…`.
    Subheading,
}

impl Level {
    /// Nesting depth among the levels of the same kind of document (0 = outermost).
    pub fn depth(self) -> u8 {
        match self {
            Level::Part | Level::Heading => 0,
            Level::Subpart | Level::Subheading => 1,
            Level::Chapter => 2,
            Level::Section => 3,
        }
    }

    /// The character that names this level in a law heading (`第X章`).
    pub fn suffix(self) -> &'static str {
        match self {
            Level::Part => "编",
            Level::Subpart => "分编",
            Level::Chapter => "章",
            Level::Section => "节",
            Level::Heading | Level::Subheading => "",
        }
    }
}

/// A structural heading (第二章 国家秘密的范围和密级, 物权编, 三、2025年政府工作任务).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: Level,
    /// The heading's own number (第二章 → 2); `None` for unnumbered headings (物权编, 附则).
    pub number: Option<u32>,
    /// The title without the number, internal spacing removed (`总  则` → `总则`).
    pub title: String,
    /// The heading as written (wrapped lines joined), trimmed.
    pub text: String,
    pub line: u32,
    /// Index of the enclosing heading in [`Document::headings`].
    pub parent: Option<usize>,
}

impl Heading {
    /// The heading as it should be displayed: `第一章 总则`, `物权编`, `三、…`, `（一）…`,
    /// whatever spacing the source used.
    pub fn display(&self) -> String {
        // A heading of a law written with spaces (`CHAPTER I General provisions`), as written.
        if self.number.is_some() && self.text.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return self.text.clone();
        }
        match (self.level, self.number) {
            (Level::Heading, Some(n)) => format!("{}、{}", crate::numerals::format(n), self.title),
            (Level::Subheading, Some(n)) => {
                format!("（{}）{}", crate::numerals::format(n), self.title)
            }
            (level, Some(n)) => format!("第{}{} {}", crate::numerals::format(n), level.suffix(), self.title),
            (_, None) => self.title.clone(),
        }
    }
}

/// The number of an article: 第三十四条 is `34`, 第一百二十条之一 is `120-1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ArticleNumber {
    pub main: u32,
    /// The 之X suffix, 0 when absent.
    pub sub: u32,
}

impl ArticleNumber {
    /// The Arabic label used in JSON, anchors and alignment maps: `34`, `10-1`.
    pub fn label(self) -> String {
        self.to_string()
    }

    /// Parses a label (`34`, `120-1`) or a written article number (`第三十四条`,
    /// `第一百二十条之一`, `三十四`, `Article 12a`, `12a`).
    pub fn parse(s: &str) -> Option<ArticleNumber> {
        let s = s.trim();
        if let Some((main, sub)) = s.split_once('-') {
            return Some(ArticleNumber { main: main.parse().ok()?, sub: sub.parse().ok()? });
        }
        // `12a`, `Article 12a`, `§ 4`: as laws written with spaces number them.
        if let Some(a) =
            crate::parse::match_article(s).filter(|a| a.rest.is_empty() && !Self::written_in_chinese(s))
        {
            return Some(a.number);
        }
        if let Some((n, _)) = crate::parse::western_article_number(s).filter(|&(_, len)| len == s.len()) {
            return Some(n);
        }
        let s = s.strip_prefix('第').unwrap_or(s);
        let (main, sub) = match s.split_once("条之").or_else(|| s.split_once("條之")) {
            Some((m, sub)) => (m, crate::numerals::parse(sub)?),
            None => (s.strip_suffix(['条', '條']).unwrap_or(s), 0),
        };
        Some(ArticleNumber { main: crate::numerals::parse(main)?, sub })
    }

    /// Whether an article number as written (a unit's `prefix`, a reference) is the
    /// Chinese kind, `第三十四条`, rather than a word and a number (`Article 34`, `§ 4`):
    /// the two kinds of law number their paragraphs, points and references differently.
    pub fn written_in_chinese(written: &str) -> bool {
        written.starts_with('第')
    }

    /// The number as a law writes it: `第三十四条`, `第一百二十条之一`.
    pub fn chinese(self) -> String {
        let mut s = format!("第{}条", crate::numerals::format(self.main));
        if self.sub > 0 {
            s.push('之');
            s.push_str(&crate::numerals::format(self.sub));
        }
        s
    }
}

impl ArticleNumber {
    /// The number as laws with spaces write it: `12`, `12a` for the first inserted after 12.
    pub fn western(self) -> String {
        match (self.sub, crate::numerals::letter(self.sub)) {
            (0, _) => self.main.to_string(),
            (_, Some(letter)) => format!("{}{letter}", self.main),
            (sub, None) => format!("{}-{sub}", self.main),
        }
    }
}

impl fmt::Display for ArticleNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.sub == 0 { write!(f, "{}", self.main) } else { write!(f, "{}-{}", self.main, self.sub) }
    }
}

/// A sub-item `1.` of an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subitem {
    pub line: u32,
    pub number: u32,
    /// The line as written, marker included.
    pub text: String,
}

/// An item `（一）` of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    pub line: u32,
    pub number: u32,
    /// The line as written, marker included.
    pub text: String,
    pub subitems: Vec<Subitem>,
}

/// A paragraph (款): one line of text, with the items that follow it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    pub line: u32,
    /// The text; for an article's first paragraph, without the `第X条` prefix.
    pub text: String,
    pub items: Vec<Item>,
}

/// One line of a unit's text, flattened from paragraphs, items and sub-items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitLine<'a> {
    pub line: u32,
    pub text: &'a str,
    /// 0 for a paragraph, 1 for an item, 2 for a sub-item.
    pub depth: u8,
    /// Index of the paragraph this line belongs to.
    pub paragraph: usize,
}

/// The label of a law's preamble (the Constitution's `序言`): a unit compared like an
/// article, though it is none.
pub const PREAMBLE_LABEL: &str = "preamble";

/// The label of a text appended to a law (`附件`), and the stem of `appendix-2` (`附件二`):
/// units compared like articles, though they are none.
pub const APPENDIX_LABEL: &str = "appendix";

/// Whether a unit's label is an appendix's (`appendix`, `appendix-2`): no article's,
/// preamble's or paragraph's label is.
pub fn is_appendix_label(label: &str) -> bool {
    label.strip_prefix(APPENDIX_LABEL).is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
}

/// The unit the differ aligns: an article of a law, a paragraph of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    /// Stable label: `34`, `10-1` for articles; `3.1.2` (section, subsection, paragraph)
    /// for report paragraphs; `7` for plain paragraphs.
    pub label: String,
    /// The article number (laws only).
    pub number: Option<ArticleNumber>,
    /// Index of the innermost enclosing heading.
    pub heading: Option<usize>,
    pub line: u32,
    /// The article number as written (`第三十四条`); empty for paragraphs.
    pub prefix: String,
    pub paragraphs: Vec<Paragraph>,
}

impl Unit {
    /// The unit's name as reports show it: `第三十四条`, or `¶ 3.1.2` for a paragraph.
    pub fn name(&self) -> String {
        if self.prefix.is_empty() { format!("¶ {}", self.label) } else { self.prefix.clone() }
    }

    /// Whether this is a law's preamble.
    pub fn is_preamble(&self) -> bool {
        self.number.is_none() && self.label == PREAMBLE_LABEL
    }

    /// Whether this is a text appended to a law.
    pub fn is_appendix(&self) -> bool {
        self.number.is_none() && is_appendix_label(&self.label)
    }

    /// Every line of the unit in order, paragraphs with their items and sub-items.
    pub fn lines(&self) -> impl Iterator<Item = UnitLine<'_>> {
        self.paragraphs.iter().enumerate().flat_map(|(p, para)| {
            std::iter::once(UnitLine { line: para.line, text: para.text.as_str(), depth: 0, paragraph: p })
                .chain(para.items.iter().flat_map(move |item| {
                    std::iter::once(UnitLine {
                        line: item.line,
                        text: item.text.as_str(),
                        depth: 1,
                        paragraph: p,
                    })
                    .chain(item.subitems.iter().map(move |sub| UnitLine {
                        line: sub.line,
                        text: sub.text.as_str(),
                        depth: 2,
                        paragraph: p,
                    }))
                }))
        })
    }

    /// The unit's text, one line per paragraph, item or sub-item, without the article
    /// number: renumbering an article does not change its text.
    pub fn text(&self) -> String {
        let mut s = String::with_capacity(self.lines().map(|l| l.text.len() + 1).sum());
        for (i, l) in self.lines().enumerate() {
            if i > 0 {
                s.push('\n');
            }
            s.push_str(l.text);
        }
        s
    }

    /// The unit as written: the article number followed by its text.
    pub fn full_text(&self) -> String {
        let text = self.text();
        if self.prefix.is_empty() { text } else { format!("{} {}", self.prefix, text) }
    }
}

/// One version of a document, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    pub kind: Kind,
    /// The title line, when the text has one.
    pub title: Option<String>,
    /// The history block (题注).
    pub history: Vec<HistoryEntry>,
    /// Other lines before the body: promulgation order, a report's date and speaker.
    pub front: Vec<TextLine>,
    /// A table of contents, recognised and kept out of the body.
    pub toc: Vec<TextLine>,
    pub headings: Vec<Heading>,
    pub units: Vec<Unit>,
    /// Editorial footnotes (① …), which are not part of the legal text.
    pub notes: Vec<TextLine>,
    /// What the body is, as its front matter states (see [`TextState`]).
    #[serde(skip_serializing_if = "TextState::is_point_in_time")]
    pub text_state: TextState,
    /// The legal status its front matter states, when it is not in force (`repealed`,
    /// `expired`, …: the legalize layout's `status`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// What a text's body is, as the `text_state` field of a legalize front matter states it.
/// Comparing two versions means what a reader expects only of texts as they stood at
/// their dates; the other two states are said in every report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextState {
    /// The law as in force at the version's date: what a versions folder holds, and
    /// what a front matter without the field means.
    #[default]
    PointInTime,
    /// The latest text the source published when the file was fetched, whatever the
    /// commit's date: a version's date is not when its text was law.
    Current,
    /// The act as first published: amendments are separate files, so the versions of
    /// one file differ in metadata only.
    AsEnacted,
}

impl TextState {
    /// The name the front matter uses.
    pub fn as_str(self) -> &'static str {
        match self {
            TextState::PointInTime => "point_in_time",
            TextState::Current => "current",
            TextState::AsEnacted => "as_enacted",
        }
    }

    pub fn is_point_in_time(&self) -> bool {
        *self == TextState::PointInTime
    }

    /// What a reader of a comparison must know of a version in this state, in English;
    /// `None` for a text as it stood at its date.
    pub fn caveat(self) -> Option<&'static str> {
        match self {
            TextState::PointInTime => None,
            TextState::Current => Some(
                "the latest text the source published, whatever the version's date: not necessarily the law as it stood then",
            ),
            TextState::AsEnacted => {
                Some("the act as enacted: its amendments are separate texts and are not incorporated")
            }
        }
    }

    /// The caveat with the front matter's own words: `… (text_state: current)`.
    pub fn caveat_line(self) -> Option<String> {
        self.caveat().map(|c| format!("{c} (text_state: {})", self.as_str()))
    }
}

impl Document {
    /// A document of `kind` with nothing in it yet, as the parsers start one.
    pub fn empty(kind: Kind) -> Document {
        Document {
            kind,
            title: None,
            history: Vec::new(),
            front: Vec::new(),
            toc: Vec::new(),
            headings: Vec::new(),
            units: Vec::new(),
            notes: Vec::new(),
            text_state: TextState::PointInTime,
            status: None,
        }
    }

    /// The unit with this label. Also accepts written article numbers (`第三十四条`).
    pub fn unit(&self, label: &str) -> Option<&Unit> {
        if let Some(u) = self.units.iter().find(|u| u.label == label) {
            return Some(u);
        }
        let number = ArticleNumber::parse(label)?;
        self.units.iter().find(|u| u.number == Some(number))
    }

    /// Articles without a 之X suffix.
    pub fn article_count(&self) -> usize {
        self.units.iter().filter(|u| u.number.is_some_and(|n| n.sub == 0)).count()
    }

    /// How many of its units are a preamble and how many are appendices: a law's units
    /// that are no articles.
    pub fn other_units(&self) -> (usize, usize) {
        (
            self.units.iter().filter(|u| u.is_preamble()).count(),
            self.units.iter().filter(|u| u.is_appendix()).count(),
        )
    }

    /// Articles with a 之X suffix (第一百二十条之一).
    pub fn sub_article_count(&self) -> usize {
        self.units.iter().filter(|u| u.number.is_some_and(|n| n.sub > 0)).count()
    }

    /// Chapter headings written with their number (第X章).
    pub fn numbered_chapter_count(&self) -> usize {
        self.headings.iter().filter(|h| h.level == Level::Chapter && h.number.is_some()).count()
    }

    /// Headings of a level.
    pub fn count_headings(&self, level: Level) -> usize {
        self.headings.iter().filter(|h| h.level == level).count()
    }

    /// The headings enclosing a unit, outermost first.
    pub fn heading_path(&self, unit: &Unit) -> Vec<&Heading> {
        self.heading_chain(unit.heading).into_iter().map(|i| &self.headings[i]).collect()
    }

    /// Indices of heading `innermost` and of the headings enclosing it, outermost first.
    pub fn heading_chain(&self, innermost: Option<usize>) -> Vec<usize> {
        let mut path = Vec::new();
        let mut next = innermost;
        while let Some(i) = next {
            path.push(i);
            next = self.headings[i].parent;
        }
        path.reverse();
        path
    }

    /// Total characters of unit text (whitespace excluded), a measure of size.
    pub fn char_count(&self) -> usize {
        self.units
            .iter()
            .flat_map(|u| u.lines())
            .map(|l| l.text.chars().filter(|c| !c.is_whitespace()).count())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::ArticleNumber;

    #[test]
    fn article_numbers_parse_as_users_write_them() {
        let n = |main, sub| Some(ArticleNumber { main, sub });
        assert_eq!(ArticleNumber::parse("34"), n(34, 0));
        assert_eq!(ArticleNumber::parse("120-1"), n(120, 1));
        assert_eq!(ArticleNumber::parse("第一百二十条之一"), n(120, 1));
        assert_eq!(ArticleNumber::parse("三十四"), n(34, 0));
        assert_eq!(ArticleNumber::parse("12a"), n(12, 1));
        assert_eq!(ArticleNumber::parse("Article 12b"), n(12, 2));
        assert_eq!(ArticleNumber::parse("§ 4"), n(4, 0));
        assert_eq!(ArticleNumber::parse("Article 3 shall"), None);
        assert_eq!(n(12, 1).map(ArticleNumber::western).as_deref(), Some("12a"));
        assert_eq!(n(12, 0).map(ArticleNumber::western).as_deref(), Some("12"));
        assert_eq!(n(12, 27).map(ArticleNumber::western).as_deref(), Some("12-27"));
    }
}
