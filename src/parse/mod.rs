//! Text → [`Document`]: recognise the structure of a law, a report or plain text.
//!
//! Input is one paragraph per line (as the corpus and official releases have it). The
//! parser never panics and never guesses silently: what it cannot place is reported as a
//! [`Diagnostic`], either a warning (the text is usable, e.g. a chapter heading without
//! its number) or an error (the text cannot be aligned reliably, e.g. two articles with
//! the same number). See the README for the full list.

mod law;
mod lines;
mod report;

use serde::Serialize;

use crate::meta::{FrontMatter, YamlError};
use crate::model::{Document, Kind, TextLine, Unit};

use lines::front_matter;
pub use lines::{WESTERN_ARTICLE_WORDS, clean_line, match_article, western_article_number};

/// Something the parser noticed at a line of the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// 1-based line number.
    pub line: u32,
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// A successfully parsed text and the warnings raised on the way.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub document: Document,
    pub warnings: Vec<Diagnostic>,
}

/// How strictly a text is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// Whether a law whose article numbers skip some (`第二条`, then `第四条`), go back or
    /// repeat is still read, with a warning for each such place. Default false: such a text is
    /// refused, for storing it would record a law that never existed (and a version in a
    /// repository with articles missing is what a CI job is there to catch). Comparing
    /// two files the user has (`diff --files`) reads them leniently: the comparison is
    /// still right about what is there. There, a second article with a number already
    /// read is compared too, labelled by its occurrence (`15~2`): labels name articles in
    /// every output.
    pub lenient_numbering: bool,
}

/// Parses `text` as a document of `kind`. Errors are returned all at once, in line order.
pub fn parse(text: &str, kind: Kind) -> Result<Parsed, Vec<Diagnostic>> {
    parse_with(text, kind, ParseOptions::default())
}

/// [`parse`] with options.
pub fn parse_with(text: &str, kind: Kind, opts: ParseOptions) -> Result<Parsed, Vec<Diagnostic>> {
    let lines::Split { mut lines, left_out, wrapped } = lines::split(text);
    if lines.is_empty() {
        return Err(vec![Diagnostic { line: 1, message: "the text is empty".into() }]);
    }
    let mut out = Output { opts, ..Output::default() };
    // One warning for each kind, at its first line: a PDF has one on every page.
    for why in [lines::LeftOut::PageNumber, lines::LeftOut::RunningHead] {
        let all: Vec<&TextLine> = left_out.iter().filter(|(_, w)| *w == why).map(|(l, _)| l).collect();
        let Some(first) = all.first() else { continue };
        let what = match why {
            lines::LeftOut::PageNumber => "a page number",
            lines::LeftOut::RunningHead => "a running head, repeated on the pages",
        };
        let more = match all.len() {
            1 => String::new(),
            n => format!(" (and {} more lines like it, the last at line {})", n - 1, all[n - 1].line),
        };
        out.warn(
            first.line,
            format!("`{}` is {what} of a text copied from a PDF{more}: left out", first.text),
        );
    }
    if let Some(w) = wrapped {
        out.warn(
            w.first_line,
            format!(
                "the text is wrapped at {} columns (copied from a PDF?): {} lines joined to the paragraphs they continue",
                w.width, w.joined
            ),
        );
    }
    let mut document = match kind {
        Kind::Law => law::parse(&mut lines, &mut out),
        Kind::Report => report::parse(&lines, &mut out),
        Kind::Plain => parse_plain(&lines),
    };
    let front = front_matter_fields(text, &mut out);
    document.text_state = front.text_state;
    document.status = front.status.filter(|s| is_out_of_force(s));
    if !out.errors.is_empty() {
        out.errors.sort_by_key(|d| d.line);
        return Err(out.errors);
    }
    out.warnings.sort_by_key(|d| d.line);
    Ok(Parsed { document, warnings: out.warnings })
}

/// Parses a text of unknown kind: a law when it has articles; else a report when it has
/// numbered sections (`一、`, `二、`: at least two); else plain paragraphs. A law's other
/// errors (two articles with the same number, …) are returned as they are.
pub fn parse_detecting(text: &str) -> (Kind, Result<Parsed, Vec<Diagnostic>>) {
    parse_detecting_with(text, ParseOptions::default())
}

/// [`parse_detecting`] with options.
pub fn parse_detecting_with(text: &str, opts: ParseOptions) -> (Kind, Result<Parsed, Vec<Diagnostic>>) {
    match parse_with(text, Kind::Law, opts) {
        Err(e) if no_articles(&e) => {}
        other => return (Kind::Law, other),
    }
    if let Ok(p) = parse_with(text, Kind::Report, opts)
        && p.document.count_headings(crate::model::Level::Heading) >= 2
    {
        return (Kind::Report, Ok(p));
    }
    (Kind::Plain, parse_with(text, Kind::Plain, opts))
}

/// A text copied from a PDF, set again one paragraph per line: see [`reflow`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reflowed {
    /// The lines the parser reads, one paragraph each, with a final newline.
    pub text: String,
    /// The width the text was wrapped at (columns; a Chinese character takes two), and
    /// how many of its lines were joined to the line before.
    pub wrapped: Option<(usize, usize)>,
    /// Page numbers and running heads left out.
    pub left_out: usize,
}

/// The text as the parser reads it, one paragraph per line, when its layout differs: a
/// text copied from a PDF, with its wrapped lines joined and its page numbers and
/// running heads left out. `None` for a text already set one paragraph per line. Stored
/// this way, a version diffs and blames by paragraph in git, and parses as it did.
pub fn reflow(text: &str) -> Option<Reflowed> {
    let lines::Split { lines, left_out, wrapped } = lines::split(text);
    if wrapped.is_none() && left_out.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    for l in &lines {
        out.push_str(&l.text);
        out.push('\n');
    }
    Some(Reflowed { text: out, wrapped: wrapped.map(|w| (w.width, w.joined)), left_out: left_out.len() })
}

/// Whether a law's parse failed because the text has no articles at all (it is some
/// other kind of text), rather than for an error inside a law.
pub fn no_articles(errors: &[Diagnostic]) -> bool {
    errors.iter().any(|d| d.message.starts_with(law::NO_ARTICLES))
}

/// The title a law text gives itself: its first line, read as the parser reads lines
/// (invisible characters, front matter and Markdown marks dropped), unless that line
/// already opens the body. For listing a text without parsing all of it.
pub fn law_title(text: &str) -> Option<String> {
    let first = lines::first_line(text)?;
    let opens_body = match_article(&first).is_some() || lines::match_heading(&first).is_some();
    (!opens_body).then(|| first.into_owned())
}

/// Collected diagnostics.
#[derive(Default)]
struct Output {
    opts: ParseOptions,
    warnings: Vec<Diagnostic>,
    errors: Vec<Diagnostic>,
}

impl Output {
    /// A gap or a step back in the article numbers: an error, or a warning when the
    /// numbering is read leniently ([`ParseOptions::lenient_numbering`]).
    fn numbering(&mut self, line: u32, message: String) {
        if self.opts.lenient_numbering {
            self.warn(line, format!("{message}; compared as written"));
        } else {
            self.error(line, message);
        }
    }

    fn warn(&mut self, line: u32, message: impl Into<String>) {
        self.warnings.push(Diagnostic { line, message: message.into() });
    }

    fn error(&mut self, line: u32, message: impl Into<String>) {
        self.errors.push(Diagnostic { line, message: message.into() });
    }
}

/// Whether a front matter's `status` says the law is no longer (or not yet) in force: the
/// legalize layout's values, and the Chinese ones of the national database (Legalize-CN
/// writes `有效` for a law in force, which is no news).
fn is_out_of_force(status: &str) -> bool {
    matches!(
        status.trim(),
        "repealed"
            | "partially_repealed"
            | "annulled"
            | "expired"
            | "已废止"
            | "废止"
            | "失效"
            | "已失效"
            | "部分失效"
            | "尚未生效"
    )
}

/// What a text's front matter states ([`crate::meta::FrontMatter`]), if it has one. An
/// error's line counts from the start of the text, as every line a message names does.
pub fn read_front_matter(text: &str) -> Option<Result<FrontMatter, YamlError>> {
    let yaml = front_matter(text)?;
    // The block starts at line 2.
    Some(FrontMatter::read(yaml).map_err(|e| YamlError { line: Some(e.line.map_or(1, |l| l + 1)), ..e }))
}

/// What a front matter states. One lexdiff cannot read is warned of, and the text read
/// as a point-in-time text, as one without the field is.
fn front_matter_fields(text: &str, out: &mut Output) -> FrontMatter {
    match read_front_matter(text) {
        None => FrontMatter::default(),
        Some(read) => read.unwrap_or_else(|e| {
            out.warn(
                e.line.unwrap_or(1) as u32,
                format!("front matter: {}: {}; read as `text_state: point_in_time`", e.field, e.message),
            );
            FrontMatter::default()
        }),
    }
}

/// Plain text: every line is a paragraph, labelled by its position.
fn parse_plain(lines: &[TextLine]) -> Document {
    let units = lines
        .iter()
        .enumerate()
        .map(|(i, l)| Unit {
            label: (i + 1).to_string(),
            number: None,
            heading: None,
            line: l.line,
            prefix: String::new(),
            paragraphs: vec![crate::model::Paragraph {
                line: l.line,
                text: l.text.clone(),
                items: Vec::new(),
            }],
        })
        .collect();
    Document { units, ..Document::empty(Kind::Plain) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TextState;

    #[test]
    fn empty_text_is_an_error() {
        let err = parse("\n \u{3000}\n\u{200B}\n", Kind::Law).unwrap_err();
        assert_eq!(err[0].message, "the text is empty");
    }

    /// The front matter's `text_state`, its other fields ignored; a value the legalize
    /// layout does not define is warned of at its line, and read as the default.
    #[test]
    fn the_front_matter_states_what_the_text_is() {
        let text = |fields: &str| format!("---\ntitle: 某某法\ntags: [a, b]\n{fields}---\n第一条 内容。\n");
        let state = |fields: &str| parse(&text(fields), Kind::Law).unwrap();
        assert_eq!(state("").document.text_state, TextState::PointInTime);
        assert_eq!(state("text_state: \"as_enacted\"\n").document.text_state, TextState::AsEnacted);
        assert_eq!(state("text_state:\n").document.text_state, TextState::PointInTime);
        assert_eq!(state("text_state:\n").warnings, []);
        let p = state("text_state: current\n");
        assert_eq!((p.document.text_state, p.warnings.len()), (TextState::Current, 0));
        // The legal status, when the law is not in force.
        assert_eq!(state("status: \"repealed\"\n").document.status.as_deref(), Some("repealed"));
        assert_eq!(state("status: 已废止\n").document.status.as_deref(), Some("已废止"));
        assert_eq!(state("status: in_force\n").document.status, None);
        assert_eq!(state("status: 有效\n").document.status, None);
        let p = state("text_state: consolidated\n");
        assert_eq!(p.document.text_state, TextState::PointInTime);
        assert_eq!(p.warnings.len(), 1);
        assert_eq!(p.warnings[0].line, 4);
        assert!(
            p.warnings[0].message.starts_with("front matter: text_state: unknown variant `consolidated`")
        );
        // The block is the lines between the delimiters; a text without one has none.
        assert_eq!(front_matter(&text("")), Some("title: 某某法\ntags: [a, b]\n"));
        assert_eq!(front_matter("---\n...\n第一条 内容。\n"), None);
        assert_eq!(front_matter("第一条 内容。\n"), None);
    }

    #[test]
    fn page_numbers_are_left_out_with_a_warning() {
        let text = "某某法\n第一条 为了规范管理，制定本法。\n— 1 —\n第二条 本法自公布之日起施行。\n";
        let p = parse(text, Kind::Law).unwrap();
        assert_eq!(p.document.units.len(), 2);
        assert!(p.document.units.iter().all(|u| !u.text().contains('—')));
        assert_eq!(p.warnings.len(), 1);
        assert_eq!(p.warnings[0].line, 3);
        assert!(p.warnings[0].message.starts_with("`— 1 —` is a page number"), "{}", p.warnings[0]);
        // One warning for all of them: a PDF numbers every page.
        let text = "某某法\n第一条 甲。\n— 1 —\n第二条 乙。\n— 2 —\n第三条 丙。\n— 3 —\n";
        let p = parse(text, Kind::Law).unwrap();
        assert_eq!(p.document.units.len(), 3);
        assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
        assert!(
            p.warnings[0].message.contains("(and 2 more lines like it, the last at line 7)"),
            "{}",
            p.warnings[0]
        );
    }

    #[test]
    fn plain_text_is_paragraphs() {
        let p = parse("One.\n\nTwo.\n", Kind::Plain).unwrap();
        let labels: Vec<_> = p.document.units.iter().map(|u| u.label.as_str()).collect();
        assert_eq!(labels, ["1", "2"]);
        assert_eq!(p.document.units[1].line, 3);
    }

    #[test]
    fn a_law_title_is_its_first_line_as_parsed() {
        assert_eq!(
            law_title("\u{feff}# 中华人民共和国密码法\n\n2019年10月26日通过\n").as_deref(),
            Some("中华人民共和国密码法")
        );
        assert_eq!(law_title("\n第一条 为了规范管理，制定本法。\n"), None);
        assert_eq!(law_title("## 第一章 总则\n第一条 …\n"), None);
    }
}
