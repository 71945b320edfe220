//! Laws: title, history block, optional table of contents, 编/分编/章/节 headings,
//! articles with paragraphs, items and sub-items, appendices and footnotes.

use std::collections::HashMap;

use super::Output;
use super::lines::{
    ArticleStart, Marker, appendix_number, ends_with_punctuation, is_footnote, is_preamble, is_toc,
    match_article, match_date, match_heading, match_marker, squeeze,
};
use crate::model::{
    APPENDIX_LABEL, ArticleNumber, Document, Heading, HistoryEntry, Item, Kind, Level, PREAMBLE_LABEL,
    Paragraph, Subitem, TextLine, Unit,
};
use crate::normalize::{is_spaced_word_char, normalize};

/// How the error for a text without articles begins (callers that try another kind
/// look for it).
pub(super) const NO_ARTICLES: &str = "no articles found";

/// The longest line (in characters) taken for a heading without a number.
const MAX_UNNUMBERED_HEADING: usize = 30;

/// Takes the lines mutably: each line's text moves into the document instead of being
/// copied (a law has thousands of lines).
pub(super) fn parse(lines: &mut [TextLine], out: &mut Output) -> Document {
    let mut doc = Document::empty(Kind::Law);
    let has_first_article = lines
        .iter()
        .any(|l| match_article(&l.text).is_some_and(|a| a.number == ArticleNumber { main: 1, sub: 0 }));
    let mut front = Front { lines: &*lines, has_first_article, title_key: None };
    let mut i = 0;
    if let Some(first) = lines.first()
        && !front.starts_numbered_body(0)
        && match_date(strip_open_paren(&first.text)).is_none()
    {
        doc.title = Some(first.text.clone());
        front.title_key = Some(normalize(&first.text));
        i = 1;
    }
    i = front.read(i, &mut doc);
    let mut body = Body::default();
    for j in i..lines.len() {
        let (done, rest) = lines.split_at_mut(j + 1);
        body.line(&mut done[j], rest.first(), &mut doc, out);
    }
    body.finish(&mut doc);
    if doc.units.is_empty() {
        out.error(
            lines.last().map_or(1, |l| l.line),
            format!("{NO_ARTICLES}: a law's body is a sequence of lines starting 第X条 (other texts are kind `plain` or `report`)"),
        );
    }
    doc
}

/// The label of the `k`-th article numbered `n` (from the second on), in a text read
/// leniently: `15~2`. Unlike `15-1` (第十五条之一) it names no article a law could have.
fn repeat_label(n: ArticleNumber, k: u32) -> String {
    format!("{}~{k}", n.label())
}

fn strip_open_paren(s: &str) -> &str {
    s.strip_prefix(['（', '(']).unwrap_or(s)
}

/// The part before the body: history block, front matter, table of contents.
struct Front<'a> {
    lines: &'a [TextLine],
    has_first_article: bool,
    /// The title in normal form: many sources repeat it after the history block.
    title_key: Option<String>,
}

impl Front<'_> {
    /// Whether line `i` is where the body begins: a numbered heading, the first article,
    /// or a heading without number directly followed by one of those (civil code `总则`).
    fn starts_body(&self, i: usize) -> bool {
        let t = self.lines[i].text.as_str();
        if match_article(t).is_some() || match_heading(t).is_some() {
            return self.starts_numbered_body(i);
        }
        let next_starts = i + 1 < self.lines.len() && self.starts_numbered_body(i + 1);
        next_starts && is_unnumbered_heading(t)
    }

    /// Line `i` is a numbered heading or the first article. A text's first line is its
    /// title unless it is one of these: a short title followed at once by `第一章` or
    /// `第一条` (no history block) also looks like an unnumbered heading.
    fn starts_numbered_body(&self, i: usize) -> bool {
        let t = self.lines[i].text.as_str();
        match_heading(t).is_some() || match_article(t).is_some_and(|a| self.opens_articles(&a))
    }

    /// The first article of the body: 第一条 when the text has one (a wrapped history line
    /// may start with another 第X条), otherwise the first article line.
    fn opens_articles(&self, a: &ArticleStart<'_>) -> bool {
        if self.has_first_article { a.number == ArticleNumber { main: 1, sub: 0 } } else { a.separated }
    }

    /// Reads front lines from `i`; returns the index where the body starts.
    fn read(&mut self, mut i: usize, doc: &mut Document) -> usize {
        let mut open: Option<Open> = None;
        while i < self.lines.len() {
            let l = &self.lines[i];
            let t = l.text.as_str();
            if let Some(o) = open.take() {
                let continues = match o {
                    Open::Paren => true,
                    Open::Entry => match_date(t).is_none() && !self.starts_body(i) && !is_toc(t),
                };
                if continues {
                    let entry = doc.history.last_mut().expect("an open entry exists");
                    if matches!(o, Open::Paren) {
                        // Entries of a parenthetical block are separated by spaces.
                        entry.text.push(' ');
                    }
                    entry.text.push_str(t);
                    open = match o {
                        Open::Paren if t.contains(['）', ')']) => None,
                        Open::Paren => Some(Open::Paren),
                        Open::Entry => (!entry_finished(&entry.text)).then_some(Open::Entry),
                    };
                    i += 1;
                    continue;
                }
            }
            if is_toc(t) {
                i = self.read_toc(i + 1, doc);
                continue;
            }
            if self.title_key.as_deref() == Some(normalize(t).as_str()) {
                doc.front.push(l.clone());
                i += 1;
                continue;
            }
            if self.starts_body(i) {
                break;
            }
            if is_preamble(t) && i + 1 < self.lines.len() && !self.starts_body(i + 1) {
                i = self.read_preamble(i, doc);
                continue;
            }
            if let Some(o) = start_history(l, doc) {
                open = o;
            } else {
                doc.front.push(l.clone());
            }
            i += 1;
        }
        split_parenthetical(doc);
        i
    }

    /// A preamble (the Constitution's `序言`): the paragraphs between its heading and the
    /// body, one unit labelled `preamble`, compared like an article. Amendments change it
    /// too (1993, 1999, 2004, 2018), so it cannot be front matter, which is not compared.
    fn read_preamble(&mut self, start: usize, doc: &mut Document) -> usize {
        let end = (start + 1..self.lines.len()).find(|&j| self.starts_body(j)).unwrap_or(self.lines.len());
        let heading = &self.lines[start];
        doc.units.push(Unit {
            label: PREAMBLE_LABEL.to_string(),
            number: None,
            heading: None,
            line: heading.line,
            prefix: squeeze(&heading.text),
            paragraphs: self.lines[start + 1..end]
                .iter()
                .map(|l| Paragraph { line: l.line, text: l.text.clone(), items: Vec::new() })
                .collect(),
        });
        end
    }

    /// A table of contents lists the headings that follow; it ends where its first entry
    /// appears a second time, or at a preamble it does not list. Without either, it ends
    /// before the headings that open the first article.
    fn read_toc(&mut self, start: usize, doc: &mut Document) -> usize {
        let Some(first) = self.lines.get(start) else {
            return start;
        };
        let key = normalize(&first.text);
        let end = (start + 1..self.lines.len())
            .find(|&j| normalize(&self.lines[j].text) == key || is_preamble(&self.lines[j].text))
            .unwrap_or_else(|| {
                let first_article = (start..self.lines.len())
                    .find(|&j| match_article(&self.lines[j].text).is_some())
                    .unwrap_or(self.lines.len());
                let mut j = first_article;
                while j > start && match_heading(&self.lines[j - 1].text).is_some() {
                    j -= 1;
                }
                j
            });
        doc.toc.extend(self.lines[start..end].iter().cloned());
        end
    }
}

/// What the previous history line left open.
#[derive(Clone, Copy)]
enum Open {
    /// A parenthetical block `（… 通过 … 修订` without its closing bracket.
    Paren,
    /// An entry wrapped onto the next line (`…第三十条` / `第三十一条的决定》第一次修正`).
    Entry,
}

/// Starts a history entry at `l` if it is one: `2010年4月29日 …` or `（1988年9月5日…`.
/// Returns what stays open for the next line.
fn start_history(l: &TextLine, doc: &mut Document) -> Option<Option<Open>> {
    let t = l.text.as_str();
    let paren = t.starts_with(['（', '(']);
    let (date, rest) = match_date(strip_open_paren(t))?;
    if rest.trim().is_empty() {
        // A bare date is the signature of a promulgation order, not a history entry.
        return None;
    }
    let closed = !paren || t.ends_with(['）', ')']);
    doc.history.push(HistoryEntry { line: l.line, date: Some(date), text: t.to_string() });
    Some(if paren && !closed {
        Some(Open::Paren)
    } else if !paren && !entry_finished(t) {
        Some(Open::Entry)
    } else {
        None
    })
}

/// An entry ends with what was done (通过, 修订, 修正, 施行, 公布…) or a closing bracket.
fn entry_finished(t: &str) -> bool {
    const ENDINGS: [&str; 10] =
        ["通过", "修订", "修正", "施行", "公布", "发布", "批准", "决定》", "）", "。"];
    ENDINGS.iter().any(|e| t.ends_with(e)) || t.ends_with(')')
}

/// Splits parenthetical blocks into one entry per date and strips the brackets, including
/// a stray closing `）` whose opening bracket the source lost.
fn split_parenthetical(doc: &mut Document) {
    let mut entries = Vec::with_capacity(doc.history.len());
    for e in doc.history.drain(..) {
        let mut text = e.text.as_str();
        let had_open = text.starts_with(['（', '(']);
        text = strip_open_paren(text);
        let opens = text.matches(['（', '(']).count();
        let closes = text.matches(['）', ')']).count();
        if closes > opens {
            text = text.strip_suffix(['）', ')']).unwrap_or(text);
        }
        if !had_open {
            entries.push(HistoryEntry { text: squeeze_ends(text), ..e });
            continue;
        }
        // "（1988年9月5日…通过 2010年4月29日…修订 …）": a new entry at each date that
        // follows a space.
        let mut starts = vec![0];
        for (pos, c) in text.char_indices() {
            if c.is_whitespace() {
                let next = pos + c.len_utf8();
                if match_date(&text[next..]).is_some() {
                    starts.push(next);
                }
            }
        }
        starts.push(text.len());
        for w in starts.windows(2) {
            let part = squeeze_ends(&text[w[0]..w[1]]);
            if part.is_empty() {
                continue;
            }
            entries.push(HistoryEntry { line: e.line, date: match_date(&part).map(|(d, _)| d), text: part });
        }
    }
    doc.history = entries;
}

fn squeeze_ends(s: &str) -> String {
    super::lines::clean_line(s).to_string()
}

/// A line that can be a heading without a number (`物权编`, `附则`, `农业技术推广体系`):
/// short, and not a sentence (which in a law written with spaces ends with `.`).
fn is_unnumbered_heading(t: &str) -> bool {
    t.chars().count() <= MAX_UNNUMBERED_HEADING
        && !ends_with_punctuation(t)
        && !t.ends_with('.')
        && !t.contains(['。', '；', '：', ':', '，'])
        && match_date(t).is_none()
        && match_marker(t).is_none()
}

/// The body: headings, articles and what belongs to them.
#[derive(Default)]
struct Body {
    current: Option<Unit>,
    /// Open headings, outermost first.
    stack: Vec<usize>,
    last: Option<ArticleNumber>,
    /// Where each article number was first seen.
    seen: HashMap<ArticleNumber, u32>,
    /// How many articles had each number read more than once (read leniently).
    repeats: HashMap<ArticleNumber, u32>,
    /// The level of headings that directly hold articles (usually 章).
    article_level: Option<Level>,
    /// The last thing read was a heading: a following short line may continue its title.
    after_heading: bool,
    /// The body has ended: the current unit, if any, is a text appended to the law.
    in_appendix: bool,
}

impl Body {
    /// Reads line `l`, taking its text; `next` is the line after it (still whole).
    fn line(&mut self, l: &mut TextLine, next: Option<&TextLine>, doc: &mut Document, out: &mut Output) {
        let t = l.text.as_str();
        if is_footnote(t) {
            doc.notes.push(std::mem::take(l));
            return;
        }
        if let Some(number) = appendix_number(t)
            && (self.current.is_some() || !doc.units.is_empty())
        {
            let title = squeeze(t.trim_end_matches(['：', ':']));
            self.start_appendix(doc, l.line, title, number);
            return;
        }
        if self.in_appendix {
            self.appendix_line(l);
            return;
        }
        if let Some(h) = match_heading(t) {
            self.push_heading(doc, l, h.level, Some(h.number), h.title);
            return;
        }
        if self.appended_text_starts(t, doc) {
            // The heading just read is the appended text's title.
            let h = doc.headings.pop().expect("an appended text starts after its title");
            self.stack.retain(|&i| i < doc.headings.len());
            // It was no chapter heading, with or without a number.
            out.warnings.retain(|w| w.line != h.line);
            out.warn(
                h.line,
                format!(
                    "the articles start again at {} after `{}`: a text appended to the law, read from here on as an appendix (compared as one unit, `{APPENDIX_LABEL}`)",
                    match_article(t).map_or("", |a| a.prefix),
                    h.text
                ),
            );
            self.start_appendix(doc, h.line, squeeze(&h.text), None);
            self.appendix_line(l);
            return;
        }
        if let Some(a) = match_article(t)
            && self.accepts(&a, l.line, out)
        {
            let (number, prefix) = (a.number, a.prefix.to_string());
            let rest = t.len() - a.rest.len();
            self.start_article(doc, l, number, prefix, rest);
            return;
        }
        if self.after_heading && is_heading_continuation(t) {
            let h = doc.headings.last_mut().expect("after_heading implies a heading");
            // Words of spaced scripts stay apart (`CHAPTER I` / `General provisions`).
            let join = |s: &mut String, t: &str| {
                if s.ends_with(is_spaced_word_char) && t.starts_with(is_spaced_word_char) {
                    s.push(' ');
                }
                s.push_str(t);
            };
            join(&mut h.title, &squeeze(t));
            join(&mut h.text, t);
            return;
        }
        if is_unnumbered_heading(t) && self.next_opens(next) {
            let level = self.unnumbered_level(doc, t, next);
            if level == Level::Chapter {
                out.warn(l.line, format!("chapter heading without its number: {t}"));
            }
            self.push_heading(doc, l, level, None, squeeze(t));
            return;
        }
        self.after_heading = false;
        self.body_text(doc, l);
    }

    /// Whether line `t` starts a text appended to the law: articles numbered from
    /// `第一条` again, right after an unnumbered heading (`中华人民共和国宪法修正案`) that
    /// holds nothing yet, which is then that text's title.
    fn appended_text_starts(&self, t: &str, doc: &Document) -> bool {
        let first = ArticleNumber { main: 1, sub: 0 };
        self.after_heading
            && self.seen.contains_key(&first)
            && doc.headings.last().is_some_and(|h| h.number.is_none())
            && match_article(t).is_some_and(|a| a.number == first)
    }

    /// Whether an article start is a new article. A start that fits the numbering
    /// (next number, or next 之X) always is; one that does not is an article only when a
    /// space follows the number, otherwise it is text beginning with a cross-reference.
    fn accepts(&mut self, a: &ArticleStart<'_>, line: u32, out: &mut Output) -> bool {
        let n = a.number;
        let Some(last) = self.last else {
            return true;
        };
        let fits = n == ArticleNumber { main: last.main + 1, sub: 0 }
            || n == ArticleNumber { main: last.main, sub: last.sub + 1 };
        if fits {
            return true;
        }
        if !a.separated {
            return false;
        }
        // The number as the text writes it: `第三十四条`, or `Article 34`.
        let written =
            if ArticleNumber::written_in_chinese(a.prefix) { n.chinese() } else { a.prefix.to_string() };
        if let Some(first) = self.seen.get(&n) {
            // Numbering that starts again is most often a text appended to the law (a
            // decision, an amendment): the parser reads it as one when it is marked so.
            let hint = if n == (ArticleNumber { main: 1, sub: 0 }) {
                "; if a text appended to the law starts here, put a line `附件` or `附：` before it"
            } else {
                ""
            };
            let duplicate = format!("duplicate article {written} ({n}): first seen at line {first}");
            if out.opts.lenient_numbering {
                // Told apart by its occurrence (see `start_article`).
                let label = repeat_label(n, self.repeats.get(&n).map_or(2, |k| k + 1));
                out.warn(line, format!("{duplicate}; compared as article {label}"));
            } else {
                out.error(line, format!("{duplicate}{hint}"));
            }
        } else if n < last {
            out.numbering(
                line,
                format!("article {written} ({n}) comes after article {last}: numbers must increase"),
            );
        } else if n.sub == 0 && last.main + 1 < n.main {
            let missing = if last.main + 2 == n.main {
                format!("{}", last.main + 1)
            } else {
                format!("{}–{}", last.main + 1, n.main - 1)
            };
            // A text with articles missing is incomplete: storing it would record a law
            // that never existed.
            out.numbering(line, format!("article numbers jump from {last} to {n}: {missing} missing"));
        } else {
            out.numbering(line, format!("article numbers jump from {last} to {n}"));
        }
        true
    }

    /// Opens the article numbered `number` on line `l`, whose text after the number
    /// starts at byte `rest` (the line's text is taken, not copied).
    fn start_article(
        &mut self,
        doc: &mut Document,
        l: &mut TextLine,
        number: ArticleNumber,
        prefix: String,
        rest: usize,
    ) {
        self.finish(doc);
        if self.after_heading
            && let Some(&h) = self.stack.last()
        {
            self.article_level = Some(doc.headings[h].level);
        }
        self.after_heading = false;
        self.last = Some(number);
        // Labels name articles: a number read again (leniently) gets one of its own.
        let label = if self.seen.contains_key(&number) {
            let k = self.repeats.entry(number).or_insert(1);
            *k += 1;
            repeat_label(number, *k)
        } else {
            number.label()
        };
        self.seen.entry(number).or_insert(l.line);
        let mut text = std::mem::take(&mut l.text);
        text.replace_range(..rest, "");
        self.current = Some(Unit {
            label,
            number: Some(number),
            heading: self.stack.last().copied(),
            line: l.line,
            prefix,
            paragraphs: vec![Paragraph { line: l.line, text, items: Vec::new() }],
        });
    }

    /// A line inside an article: an item, a sub-item or a new paragraph.
    fn body_text(&mut self, doc: &mut Document, l: &mut TextLine) {
        let Some(unit) = self.current.as_mut() else {
            // Text between a heading and the first article (a preamble).
            doc.front.push(std::mem::take(l));
            return;
        };
        let only = unit.paragraphs.len() == 1;
        let para = unit.paragraphs.last_mut().expect("articles start with a paragraph");
        let marker = match_marker(&l.text).map(|(m, _)| m);
        let (line, text) = (l.line, std::mem::take(&mut l.text));
        // In a law written with spaces `1.` numbers paragraphs, not the sub-items of `(a)`.
        let western = !ArticleNumber::written_in_chinese(&unit.prefix);
        match marker {
            Some(Marker::Paren(number)) => para.items.push(Item { line, number, text, subitems: Vec::new() }),
            Some(Marker::Digit(number)) if !para.items.is_empty() && !western => {
                let item = para.items.last_mut().expect("checked non-empty");
                item.subitems.push(Subitem { line, number, text });
            }
            // `第二条` alone on its line: its first paragraph is the next line.
            _ if only && para.items.is_empty() && para.text.trim().is_empty() => {
                *para = Paragraph { line, text, items: Vec::new() };
            }
            _ => unit.paragraphs.push(Paragraph { line, text, items: Vec::new() }),
        }
    }

    /// Whether the next line opens a heading or the next article.
    fn next_opens(&self, next: Option<&TextLine>) -> bool {
        let Some(next) = next else { return false };
        if match_heading(&next.text).is_some() {
            return true;
        }
        match_article(&next.text).is_some_and(|a| match self.last {
            None => true,
            Some(last) => a.separated || a.number.main == last.main + 1,
        })
    }

    /// The level of a heading without number: `…编` and `总则`/`分则` before a numbered
    /// heading are parts; otherwise one level above the heading that follows, or the
    /// level that holds articles in this law when an article follows.
    fn unnumbered_level(&self, doc: &Document, t: &str, next: Option<&TextLine>) -> Level {
        let next_level = next.and_then(|n| match_heading(&n.text)).map(|h| h.level);
        if t.ends_with(['编', '編']) || (next_level.is_some() && matches!(t, "总则" | "分则")) {
            return Level::Part;
        }
        match next_level {
            Some(Level::Section) => Level::Chapter,
            Some(_) => Level::Part,
            None if t == "附则" && doc.headings.iter().any(|h| h.level == Level::Part) => Level::Part,
            None => self.article_level.unwrap_or(Level::Chapter),
        }
    }

    fn push_heading(
        &mut self,
        doc: &mut Document,
        l: &TextLine,
        level: Level,
        number: Option<u32>,
        title: String,
    ) {
        self.finish(doc);
        while let Some(&top) = self.stack.last() {
            if doc.headings[top].level.depth() >= level.depth() {
                self.stack.pop();
            } else {
                break;
            }
        }
        doc.headings.push(Heading {
            level,
            number,
            title,
            text: l.text.clone(),
            line: l.line,
            parent: self.stack.last().copied(),
        });
        self.stack.push(doc.headings.len() - 1);
        self.after_heading = true;
    }

    /// Starts a text appended to the law (`附件一`, `附：`, or a titled text whose articles
    /// are numbered from 1 again): one unit, compared like an article, labelled
    /// `appendix`, or `appendix-2` for `附件二`. Lists of repealed acts, schedules and
    /// amendments change too, and a comparison that left them out would call two versions
    /// that differ only there the same.
    fn start_appendix(&mut self, doc: &mut Document, line: u32, title: String, number: Option<u32>) {
        self.finish(doc);
        self.in_appendix = true;
        let base = number.map_or_else(|| APPENDIX_LABEL.to_string(), |n| format!("{APPENDIX_LABEL}-{n}"));
        let taken = |label: &str| doc.units.iter().any(|u| u.label == label);
        let label = if taken(&base) {
            (2..).map(|k| format!("{base}-{k}")).find(|l| !taken(l)).expect("a free label")
        } else {
            base
        };
        self.current =
            Some(Unit { label, number: None, heading: None, line, prefix: title, paragraphs: Vec::new() });
    }

    /// A line of the appendix being read: a paragraph of its unit, as written.
    fn appendix_line(&mut self, l: &mut TextLine) {
        let u = self.current.as_mut().expect("an appendix is open");
        u.paragraphs.push(Paragraph { line: l.line, text: std::mem::take(&mut l.text), items: Vec::new() });
    }

    fn finish(&mut self, doc: &mut Document) {
        if let Some(u) = self.current.take() {
            doc.units.push(u);
        }
    }
}

/// The second line of a wrapped heading (`人民检察院的专项工作报告`): short and not a
/// sentence, and not a structure line of its own.
fn is_heading_continuation(t: &str) -> bool {
    t.chars().count() <= 60
        && !t.contains(['。', '；', '：', ':'])
        && match_marker(t).is_none()
        && !is_footnote(t)
}

#[cfg(test)]
mod tests {
    use super::super::{ParseOptions, parse, parse_with};
    use crate::model::{Kind, Level};

    fn law(text: &str) -> crate::parse::Parsed {
        parse(text, Kind::Law).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn history_block_in_one_parenthetical_line() {
        // state-secrets-law 2024, lines 1–4.
        let p = law(
            "中华人民共和国保守国家秘密法\n（1988年9月5日第七届全国人民代表大会常务委员会第三次会议通过 2010年4月29日第十一届全国人民代表大会常务委员会第十四次会议第一次修订 2024年2月27日第十四届全国人民代表大会常务委员会第八次会议第二次修订）\n 第一章 总  则\n第一条 为了保守国家秘密，维护国家安全和利益，保障改革开放和社会主义现代化建设事业的顺利进行，根据宪法，制定本法。\n",
        );
        let d = &p.document;
        assert_eq!(d.title.as_deref(), Some("中华人民共和国保守国家秘密法"));
        let dates: Vec<_> = d.history.iter().map(|h| h.date.unwrap().to_string()).collect();
        assert_eq!(dates, ["1988-09-05", "2010-04-29", "2024-02-27"]);
        assert!(d.history[2].text.ends_with("第二次修订"));
        assert_eq!(d.headings[0].title, "总则");
        assert_eq!(d.units[0].label, "1");
    }

    #[test]
    fn trailing_full_width_spaces_and_zero_width_lines() {
        // minors-protection-law 2024, lines 3 and 7.
        let p = law(
            "中华人民共和国未成年人保护法\n2006年12月29日 第十届全国人民代表大会常务委员会第二十五次会议第一次修订\u{3000}\n\u{200b}\n第一章 总 则\n第一条 为了保护未成年人身心健康，制定本法。\n",
        );
        let d = &p.document;
        assert_eq!(
            d.history[0].text,
            "2006年12月29日 第十届全国人民代表大会常务委员会第二十五次会议第一次修订"
        );
        assert_eq!(d.headings[0].title, "总则");
    }

    /// A short title right before `第一章` or `第一条`, with no history block between, is
    /// still the title (it also looks like a heading whose number is missing).
    #[test]
    fn a_title_without_history_is_the_title() {
        for text in [
            "某某条例\n第一章 总则\n第1条 为了规范管理，制定本条例。\n",
            "某某条例\n第一条 为了规范管理，制定本条例。\n",
        ] {
            let d = law(text).document;
            assert_eq!(d.title.as_deref(), Some("某某条例"), "{text}");
            assert!(d.headings.iter().all(|h| h.title != "某某条例"), "{text}");
            assert_eq!(d.units.len(), 1);
        }
    }

    /// Some sources put the article number on a line of its own.
    #[test]
    fn an_article_number_alone_on_its_line_opens_the_next_line() {
        let d = law("某某条例\n第一条 为了规范管理，制定本条例。\n第二条\n本条例适用于全国。\n其他规定。\n")
            .document;
        let lines: Vec<&str> = d.units[1].lines().map(|l| l.text).collect();
        assert_eq!(lines, ["本条例适用于全国。", "其他规定。"]);
    }

    #[test]
    fn title_repeated_after_history() {
        // deputies-law 2025: the title comes again, with a space, after the history.
        let p = law(
            "中华人民共和国全国人民代表大会和地方各级人民代表大会代表法\n1992年4月3日 第七届全国人民代表大会第五次会议通过\n中华人民共和国全国人民代表大会和 地方各级人民代表大会代表法\n第一章\u{3000}总则\n第一条 为保证代表依法行使职权，制定本法。\n",
        );
        let d = &p.document;
        assert_eq!(d.front.len(), 1);
        assert_eq!(d.headings.len(), 1);
    }

    #[test]
    fn history_parenthetical_split_over_lines() {
        let p = law(
            "某法\n（1988年9月5日第七届全国人民代表大会常务委员会第三次会议通过\n2010年4月29日第十一届全国人民代表大会常务委员会第十四次会议修订）\n第一条 为了保守国家秘密，制定本法。\n",
        );
        assert_eq!(p.document.history.len(), 2);
        assert!(p.document.front.is_empty());
    }

    #[test]
    fn wrapped_history_line_starting_with_an_article_number() {
        // cultural-relics-law 2017, lines 4–5.
        let p = law(
            "中华人民共和国文物保护法\n1982年11月19日 第五届全国人民代表大会常务委员会第二十五次会议通过\n1991年6月29日 第七届全国人民代表大会常务委员会第二十次会议《关于修改<中华人民共和国文物保护法>第三十条\n第三十一条的决定》第一次修正\n第一章 总则\n第一条 为了加强对文物的保护，制定本法。\n",
        );
        let d = &p.document;
        assert_eq!(d.history.len(), 2);
        assert!(d.history[1].text.ends_with("第三十条第三十一条的决定》第一次修正"));
        assert_eq!(d.units.len(), 1);
    }

    #[test]
    fn stray_closing_bracket_is_dropped() {
        // accounting-law 2024, line 6: the opening bracket is missing in the source.
        let p = law(
            "中华人民共和国会计法\n2024年6月28日 第十四届全国人民代表大会常务委员会第十次会议《关于修改〈中华人民共和国会计法〉的决定》第三次修正）\n第一章 总 则\n第一条 为了规范会计行为，制定本法。\n",
        );
        assert!(p.document.history[0].text.ends_with("第三次修正"));
    }

    #[test]
    fn promulgation_order_is_front_matter() {
        // labor-contract-law 2007, lines 1–9.
        let p = law(
            "中华人民共和国劳动合同法\n中华人民共和国主席令\n第 六十五 号\n《中华人民共和国劳动合同法》已由中华人民共和国第十届全国人民代表大会常务委员会第二十八次会议于2007年6月29日通过，现予公布，自2008年1月1日起施行。\n中华人民共和国主席 胡锦涛\n2007年6月29日\n2007年6月29日 第十届全国人民代表大会常务委员会第二十八次会议通过\n2008年1月1日 施行\n第一章 总则\n第一条 为了完善劳动合同制度，制定本法。\n",
        );
        let d = &p.document;
        assert_eq!(d.front.len(), 5);
        assert_eq!(d.history.len(), 2);
        assert_eq!(d.history[1].text, "2008年1月1日 施行");
    }

    #[test]
    fn article_without_space_and_items() {
        // state-secrets-law 2024, lines 78–81 (abridged).
        let p = law(
            "第一章 总则\n第三十三条 报刊、图书应当遵守有关保密规定。\n第三十四条网络运营者应当加强对其用户发布的信息的管理，配合监察机关、保密行政管理部门、公安机关、国家安全机关对涉嫌泄露国家秘密案件进行调查处理。\n网络运营者发现用户发布的信息涉嫌泄露国家秘密的，应当立即停止传输该信息。\n",
        );
        let d = &p.document;
        let a = d.unit("34").unwrap();
        assert_eq!(a.paragraphs.len(), 2);
        assert!(a.paragraphs[0].text.starts_with("网络运营者"));
        assert_eq!(a.prefix, "第三十四条");
    }

    #[test]
    fn items_sub_items_and_colon_variants() {
        // agri-tech-extension-law 2012, line 5: ASCII colon before the items.
        let p = law(
            "第一条 本法所称农业技术，包括:\n（一）良种繁育、栽培、肥料施用和养殖技术；\n1.种植；\n2.养殖；\n（二）植物病虫害防治技术。\n前款规定适用于林业。\n",
        );
        let a = &p.document.units[0];
        assert_eq!(a.paragraphs.len(), 2);
        assert_eq!(a.paragraphs[0].items.len(), 2);
        assert_eq!(a.paragraphs[0].items[0].subitems.len(), 2);
        assert_eq!(a.lines().count(), 6);
    }

    #[test]
    fn cross_reference_at_line_start_is_text() {
        let p = law("第一条 甲。\n第二条 乙。\n第一条规定的事项，由国务院规定。\n第三条 丙。\n");
        let d = &p.document;
        assert_eq!(d.units.len(), 3);
        assert_eq!(d.units[1].paragraphs.len(), 2);
    }

    #[test]
    fn civil_code_part_headings_without_number() {
        // civil-code 2020: 总则 before 第一章, 物权编 before 第一分编, 附则 at the end.
        let p = law(
            "中华人民共和国民法典\n2020年5月28日 第十三届全国人民代表大会第三次会议通过\n总则\n第一章  基本规定\n第一条 为了保护民事主体的合法权益，制定本法。\n第二条 民法调整平等主体之间的关系。\n物权编\n第一分编  通则\n第一章 一般规定\n第三条 物权。\n附则\n第四条 本法自2021年1月1日起施行。\n",
        );
        let d = &p.document;
        let levels: Vec<_> = d.headings.iter().map(|h| (h.level, h.title.as_str())).collect();
        assert_eq!(
            levels,
            [
                (Level::Part, "总则"),
                (Level::Chapter, "基本规定"),
                (Level::Part, "物权编"),
                (Level::Subpart, "通则"),
                (Level::Chapter, "一般规定"),
                (Level::Part, "附则"),
            ]
        );
        assert_eq!(d.heading_path(&d.units[2]).len(), 3);
        assert_eq!(d.numbered_chapter_count(), 2);
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    }

    #[test]
    fn chapter_heading_missing_its_number() {
        // agri-tech-extension-law 2012, line 29.
        let p = law("第一章 总则\n第一条 甲。\n农业技术推广体系\n第二条 乙。\n");
        let d = &p.document;
        assert_eq!(d.headings[1].level, Level::Chapter);
        assert_eq!(d.headings[1].number, None);
        assert_eq!(d.units[1].heading, Some(1));
        assert!(p.warnings[0].message.contains("without its number"));
    }

    #[test]
    fn wrapped_heading() {
        // standing-committee-supervision-law 2006, lines 14–15.
        let p = law(
            "第一条 甲。\n第二章 听取和审议人民政府、人民法院和\n人民检察院的专项工作报告\n第二条 乙。\n",
        );
        assert_eq!(p.document.headings[0].title, "听取和审议人民政府、人民法院和人民检察院的专项工作报告");
    }

    /// An appendix is no article text: it is a unit of its own, compared like one, and a
    /// footnote is neither.
    #[test]
    fn appendix_and_footnote_are_not_article_text() {
        // criminal-law 2023, lines 1230–1258 (abridged).
        let p = law(
            "附则\n第一条 本法自1997年10月1日起施行。\n列于本法附件二的决定予以保留。\n① 刑法、历次刑法修正案的施行日期，分别依据各法律所规定的施行日期确定。\n附件一\n全国人民代表大会常务委员会制定的下列条例，已纳入本法：\n1．中华人民共和国惩治军人违反职责罪暂行条例\n附件二\n全国人民代表大会常务委员会制定的下列补充规定和决定予以保留：\n1．关于禁毒的决定\n",
        );
        let d = &p.document;
        assert_eq!(d.units[0].paragraphs.len(), 2);
        assert_eq!(d.notes.len(), 1);
        let appendices: Vec<_> = d.units[1..]
            .iter()
            .map(|u| (u.label.as_str(), u.prefix.as_str(), u.number, u.paragraphs.len()))
            .collect();
        assert_eq!(appendices, [("appendix-1", "附件一", None, 2), ("appendix-2", "附件二", None, 2)]);
        assert_eq!(d.units[2].paragraphs[1].text, "1．关于禁毒的决定");
        assert_eq!(d.article_count(), 1);
        // Unnumbered, or twice the same number: labels stay apart.
        let d = law("第一条 甲。\n附：\n乙。\n附件\n丙。\n").document;
        let labels: Vec<_> = d.units.iter().map(|u| (u.label.as_str(), u.prefix.as_str())).collect();
        assert_eq!(labels, [("1", "第一条"), ("appendix", "附"), ("appendix-2", "附件")]);
    }

    #[test]
    fn table_of_contents_is_skipped() {
        let p = law(
            "某法\n目  录\n第一章 总则\n第二章 附则\n第一章 总则\n第一条 甲。\n第二章 附则\n第二条 乙。\n",
        );
        let d = &p.document;
        assert_eq!(d.toc.len(), 2);
        assert_eq!(d.headings.len(), 2);
        assert_eq!(d.units.len(), 2);
    }

    /// A preamble (the Constitution has one) is a unit of its own, after the table of
    /// contents whether the table lists it or not. An illustrative text.
    #[test]
    fn a_preamble_is_a_unit() {
        for toc in ["　　序　言\n　　第一章　总纲\n", "　　第一章　总纲\n"] {
            let p = law(&format!(
                "某某法\n（2000年1月1日通过）\n目　　录\n{toc}序　　言\n　　甲是乙。\n　　丙是丁。\n第一章　总纲\n　　第一条　戊。\n"
            ));
            let d = &p.document;
            assert_eq!(d.toc.len(), toc.lines().count(), "{toc}");
            let labels: Vec<_> = d.units.iter().map(|u| u.label.as_str()).collect();
            assert_eq!(labels, ["preamble", "1"]);
            let preamble = &d.units[0];
            assert_eq!((preamble.prefix.as_str(), preamble.number, preamble.heading), ("序言", None, None));
            let texts: Vec<_> = preamble.paragraphs.iter().map(|p| p.text.as_str()).collect();
            assert_eq!(texts, ["甲是乙。", "丙是丁。"]);
            assert_eq!(d.article_count(), 1);
            assert!(d.front.is_empty(), "{:?}", d.front);
        }
        // A heading `序言` with nothing under it stays in the front.
        let d = law("某某法\n序言\n第一条 甲。\n").document;
        assert_eq!(d.units.len(), 1);
    }

    #[test]
    fn sub_articles() {
        let p = law("第一百二十条 甲。\n第一百二十条之一 乙。\n第一百二十条之二 丙。\n第一百二十一条 丁。\n");
        let labels: Vec<_> = p.document.units.iter().map(|u| u.label.as_str()).collect();
        assert_eq!(labels, ["120", "120-1", "120-2", "121"]);
        assert_eq!(p.document.sub_article_count(), 2);
    }

    #[test]
    fn numbering_problems() {
        let err = parse("第一条 甲。\n第二条 乙。\n第二条 丙。\n", Kind::Law).unwrap_err();
        assert!(err[0].message.contains("duplicate article 第二条"), "{err:?}");
        assert!(!err[0].message.contains("附件"), "{err:?}");
        assert_eq!(err[0].line, 3);
        // Numbering that starts again after a title: a text appended to the law, read as
        // an appendix with a warning.
        let appended =
            "某某法\n第一条 甲。\n第二条 乙。\n某某法修正案\n第一条 将第二条修改为：乙乙。\n第二条 施行。\n";
        let p = parse(appended, Kind::Law).unwrap();
        assert_eq!((p.document.units.len(), p.document.headings.len()), (3, 0));
        let appendix = &p.document.units[2];
        assert_eq!(
            (appendix.label.as_str(), appendix.prefix.as_str(), appendix.line),
            ("appendix", "某某法修正案", 4)
        );
        assert_eq!(appendix.text(), "第一条 将第二条修改为：乙乙。\n第二条 施行。");
        assert_eq!(p.warnings[0].line, 4);
        assert!(p.warnings[0].message.starts_with("the articles start again at 第一条 after `某某法修正案`"));
        // Without a title before it the error says how to mark it, and once marked it is
        // read as an appendix.
        let untitled = "某某法\n第一条 甲。\n第二条 乙。\n第一条 将第二条修改为：乙乙。\n";
        let err = parse(untitled, Kind::Law).unwrap_err();
        assert!(err[0].message.ends_with("put a line `附件` or `附：` before it"), "{err:?}");
        let marked = untitled.replace("乙。\n第一条", "乙。\n附：\n第一条");
        let p = parse(&marked, Kind::Law).unwrap();
        assert_eq!(p.document.units.len(), 3);
        assert_eq!(p.document.units[2].paragraphs.len(), 1);
        let err = parse("第一条 甲。\n第三条 乙。\n第二条 丙。\n", Kind::Law).unwrap_err();
        assert!(err[1].message.contains("numbers must increase"), "{err:?}");
        let err = parse("第一条 甲。\n第四条 乙。\n", Kind::Law).unwrap_err();
        assert_eq!(
            (err[0].line, err[0].message.as_str()),
            (2, "article numbers jump from 1 to 4: 2–3 missing")
        );
        // Read leniently, gaps, steps back and repeated numbers are warnings.
        let lenient = ParseOptions { lenient_numbering: true };
        let p = parse_with("第一条 甲。\n第四条 乙。\n第三条 丙。\n", Kind::Law, lenient).unwrap();
        let labels: Vec<_> = p.document.units.iter().map(|u| u.label.as_str()).collect();
        assert_eq!(labels, ["1", "4", "3"]);
        let warned: Vec<_> = p.warnings.iter().map(|w| (w.line, w.message.as_str())).collect();
        assert_eq!(
            warned,
            [
                (2, "article numbers jump from 1 to 4: 2–3 missing; compared as written"),
                (3, "article 第三条 (3) comes after article 4: numbers must increase; compared as written")
            ]
        );
        // A number read again is an article of its own, told apart in its label.
        let p = parse_with(
            "第一条 甲。\n第二条 乙。\n第二条 丙。\n第二条 丁。\n第三条 戊。\n",
            Kind::Law,
            lenient,
        )
        .unwrap();
        let labels: Vec<_> = p.document.units.iter().map(|u| u.label.as_str()).collect();
        assert_eq!(labels, ["1", "2", "2~2", "2~3", "3"]);
        assert_eq!(p.document.units[2].text(), "丙。");
        let warned: Vec<_> = p.warnings.iter().map(|w| (w.line, w.message.as_str())).collect();
        assert_eq!(
            warned,
            [
                (3, "duplicate article 第二条 (2): first seen at line 2; compared as article 2~2"),
                (4, "duplicate article 第二条 (2): first seen at line 2; compared as article 2~3")
            ]
        );
        let err = parse("中华人民共和国某法\n总则\n", Kind::Law).unwrap_err();
        assert!(err[0].message.starts_with("no articles found"));
    }

    /// A law written with spaces, in the layout of EU regulations (an illustrative text,
    /// not a real law): chapter numbers in Roman numerals with the title on the next line,
    /// `Article N` alone on its line with its title below, numbered paragraphs.
    #[test]
    fn laws_written_with_spaces() {
        let p = law("Regulation on widgets\n\nCHAPTER I\nGeneral provisions\n\nArticle 1\nSubject matter\n\
            1. This Regulation lays down rules on widgets.\n2. Article 3 shall apply to sellers.\n\n\
            Article 1a\nScope\nIt applies in the Union.\n\nCHAPTER II – Obligations\n\
            Article 2. Sellers shall label widgets.\nArticle 3 – Penalties\nPenalties apply.\n");
        let d = &p.document;
        assert_eq!(d.title.as_deref(), Some("Regulation on widgets"));
        let headings: Vec<String> = d.headings.iter().map(|h| h.display()).collect();
        assert_eq!(headings, ["CHAPTER I General provisions", "CHAPTER II – Obligations"]);
        assert_eq!((d.headings[0].level, d.headings[0].number), (Level::Chapter, Some(1)));
        assert_eq!(d.headings[1].title, "Obligations");
        let units: Vec<(&str, &str)> =
            d.units.iter().map(|u| (u.label.as_str(), u.prefix.as_str())).collect();
        assert_eq!(
            units,
            [("1", "Article 1"), ("1-1", "Article 1a"), ("2", "Article 2"), ("3", "Article 3")]
        );
        // The title is the first paragraph; a paragraph that starts with a reference
        // (`Article 3 shall apply`) is text, not an article.
        let texts: Vec<&str> = d.units[0].paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Subject matter",
                "1. This Regulation lays down rules on widgets.",
                "2. Article 3 shall apply to sellers."
            ]
        );
        assert_eq!(d.units[2].paragraphs[0].text, "Sellers shall label widgets.");
        assert_eq!(d.units[3].paragraphs[0].text, "Penalties");
        assert_eq!(d.units[3].heading, Some(1));
        // Points `(a)` are items of their paragraph; `2.` after them is the next paragraph.
        let p = law(
            "Act\nArticle 1\n1. For this Act:\n(a) widget means a device;\n(b) seller means a person.\n2. Terms keep their meaning.\n",
        );
        let u = &p.document.units[0];
        assert_eq!(u.paragraphs.len(), 2);
        let items: Vec<(u32, &str)> =
            u.paragraphs[0].items.iter().map(|i| (i.number, i.text.as_str())).collect();
        assert_eq!(items, [(1, "(a) widget means a device;"), (2, "(b) seller means a person.")]);
        assert_eq!(u.paragraphs[1].text, "2. Terms keep their meaning.");
        let err = parse("Article 1\nOne.\nArticle 2\nTwo.\nArticle 2\nAgain.\n", Kind::Law).unwrap_err();
        assert_eq!(
            (err[0].line, err[0].message.as_str()),
            (5, "duplicate article Article 2 (2): first seen at line 3")
        );
    }
}
