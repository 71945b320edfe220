//! A draft amending decision as plain text ([`crate::decision`]): in Chinese for laws
//! that number articles `第十二条`, in English for laws written with spaces.

use std::fmt::Write as _;

use crate::compare::HeadingChangeKind;
use crate::decision::{Article, Decision, Edit, Form, Item, Place};
use crate::model::Date;

/// Renders the decision: a title, a caveat, the numbered instructions and the closing
/// sentence.
pub fn render(d: &Decision) -> String {
    let w: &dyn Words = if d.chinese { &Chinese } else { &English };
    let mut out = String::new();
    let _ = writeln!(out, "{}", w.heading(d));
    let _ = writeln!(out, "{}\n", w.caveat(d));
    let items: Vec<String> = d.items.iter().filter_map(|item| w.item(item)).collect();
    if items.is_empty() {
        let _ = writeln!(out, "{}", w.nothing());
        return out;
    }
    let _ = writeln!(out, "{}\n", w.opening(d));
    for (i, item) in items.iter().enumerate() {
        let _ = writeln!(out, "{}{item}\n", w.number(i + 1));
    }
    for line in w.closing(d) {
        let _ = writeln!(out, "{line}");
    }
    out
}

/// The decision as JSON (`diff --format decision-json`): the model, every edit included,
/// those covered by the closing sentence too (`reference`).
pub fn json(d: &Decision) -> String {
    let mut s = serde_json::to_string_pretty(d).expect("the decision serialises");
    s.push('\n');
    s
}

/// Whether an article's edits leave anything to say: cross-references that only follow
/// the renumbering go to the closing sentence.
fn said(edits: &[Edit]) -> Vec<&Edit> {
    edits.iter().filter(|e| !e.reference).collect()
}

/// What an insertion adds next to its anchor.
fn inserted(e: &Edit) -> &str {
    match e.form {
        Form::InsertAfter => e.new.strip_prefix(e.old.as_str()),
        _ => e.new.strip_suffix(e.old.as_str()),
    }
    .unwrap_or(&e.new)
}

/// The wording of one language.
trait Words {
    fn heading(&self, d: &Decision) -> String;
    fn caveat(&self, d: &Decision) -> String;
    fn opening(&self, d: &Decision) -> String;
    fn nothing(&self) -> String;
    fn number(&self, n: usize) -> String;
    fn item(&self, item: &Item) -> Option<String>;
    fn closing(&self, d: &Decision) -> Vec<String>;
}

/// A text quoted over several lines: each paragraph opens a quotation mark and only the
/// last closes it, as Chinese and English typesetting both do.
fn quoted(text: &str, first_prefix: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        out.push('“');
        if i == 0 {
            out.push_str(first_prefix);
        }
        out.push_str(line);
        if i + 1 == lines.len() {
            out.push('”');
        } else {
            out.push('\n');
        }
    }
    out
}

/// Several articles quoted, each opening with its number.
fn articles_quoted(articles: &[Article], separator: &str) -> String {
    articles.iter().map(|a| quoted(&a.text, &format!("{}{separator}", a.name))).collect::<Vec<_>>().join("\n")
}

struct Chinese;

impl Chinese {
    /// `两条`, `三条`: a count as a law writes it.
    fn count(n: usize) -> String {
        if n == 2 { "两".to_string() } else { crate::numerals::format(n as u32) }
    }

    fn names(articles: &[Article]) -> String {
        articles.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join("、")
    }

    fn place(article: &str, p: Place) -> String {
        let mut s = article.to_string();
        let level = |s: &mut String, n: Option<usize>, word: &str| {
            if let Some(n) = n {
                let _ = write!(s, "第{}{word}", crate::numerals::format(n as u32));
            }
        };
        level(&mut s, p.paragraph, "款");
        level(&mut s, p.item, "项");
        level(&mut s, p.subitem, "目");
        s
    }

    fn date(d: Date) -> String {
        format!("{}年{}月{}日", d.year(), d.month(), d.day())
    }

    /// A heading as written, split into its number and title: `第三章`, `保密制度`.
    fn heading_parts(display: &str) -> (&str, &str) {
        match display.split_once(' ') {
            Some((n, t)) if n.starts_with('第') => (n, t),
            _ => ("", display),
        }
    }

    /// What the heading of a level is called: `章名` for 第三章.
    fn heading_word(number: &str) -> String {
        match number.chars().last() {
            Some(c @ ('编' | '分' | '章' | '节')) => format!("{c}名"),
            _ => "标题".to_string(),
        }
    }

    fn clause(&self, article: &str, e: &Edit, same_place: bool) -> String {
        let at = Self::place(article, e.place);
        let inn = if same_place { String::new() } else { format!("{at}中的") };
        match e.form {
            Form::Replace | Form::Everywhere { .. } => format!("将{inn}“{}”修改为“{}”", e.old, e.new),
            Form::Delete => format!("删去{inn}“{}”", e.old),
            Form::InsertAfter => format!("在{inn}“{}”后增加“{}”", e.old, inserted(e)),
            Form::InsertBefore => format!("在{inn}“{}”前增加“{}”", e.old, inserted(e)),
            Form::Line => format!("将{at}修改为：\n{}", quoted(&e.new, "")),
            Form::AddLine => {
                let (parent, n) = added_place(e.place);
                let word = level_word(e.place);
                format!(
                    "在{}中增加一{word}，作为第{}{word}：\n{}",
                    Self::place(article, parent),
                    crate::numerals::format(n as u32),
                    quoted(e.new.trim_matches('\n'), "")
                )
            }
            Form::DeleteLine => format!("删去{at}"),
        }
    }
}

/// The place an added paragraph or item goes into, and its number there.
fn added_place(p: Place) -> (Place, usize) {
    match (p.paragraph, p.item, p.subitem) {
        (_, Some(_), Some(s)) => (Place { subitem: None, ..p }, s),
        (_, Some(i), None) => (Place { item: None, ..p }, i),
        (para, None, _) => (Place { paragraph: None, item: None, subitem: None }, para.unwrap_or(1)),
    }
}

/// What an added line is: `款`, `项` or `目`.
fn level_word(p: Place) -> &'static str {
    match (p.item, p.subitem) {
        (_, Some(_)) => "目",
        (Some(_), None) => "项",
        _ => "款",
    }
}

/// Whether a clause ends with a quotation of its own, its full stop inside.
fn ends_quoted(e: &Edit) -> bool {
    matches!(e.form, Form::Line | Form::AddLine)
}

impl Words for Chinese {
    fn heading(&self, d: &Decision) -> String {
        format!("关于修改《{}》的决定（草稿）", d.title)
    }

    fn caveat(&self, d: &Decision) -> String {
        format!(
            "（lexdiff 据 {} 与 {} 两个文本的比较起草，供起草和审阅参考，不是正式文本。条文序号：原有条文用原序号，新增条文用修改后的序号。）",
            d.old_label, d.new_label
        )
    }

    fn opening(&self, d: &Decision) -> String {
        format!("对《{}》作如下修改：", d.title)
    }

    fn nothing(&self) -> String {
        "两个文本相同，无须修改。".to_string()
    }

    fn number(&self, n: usize) -> String {
        format!("{}、", crate::numerals::format(n as u32))
    }

    fn item(&self, item: &Item) -> Option<String> {
        Some(match item {
            Item::Title { new, .. } => format!("将名称修改为“{new}”。"),
            Item::Heading { change: h, within } => {
                let (on, ot) = h.old.as_deref().map(Self::heading_parts).unwrap_or_default();
                let (nn, nt) = h.new.as_deref().map(Self::heading_parts).unwrap_or_default();
                // A 节 is named with its 章: `第二章第一节`.
                let parent = within.as_deref().map(|w| Self::heading_parts(w).0).unwrap_or_default();
                match h.kind {
                    HeadingChangeKind::Retitled => {
                        format!("将{parent}{on}“{ot}”的{}修改为“{nt}”。", Self::heading_word(on))
                    }
                    HeadingChangeKind::Added => {
                        let level = nn.chars().last().filter(|c| "编分章节".contains(*c));
                        let inn = if parent.is_empty() { String::new() } else { format!("在{parent}中") };
                        match level {
                            Some(c) => {
                                format!("{inn}增加一{c}，作为{nn}，{}为“{nt}”。", Self::heading_word(nn))
                            }
                            None => format!("{inn}增加标题“{nt}”。"),
                        }
                    }
                    HeadingChangeKind::Deleted => {
                        format!("删去{parent}{on}“{ot}”的{}。", Self::heading_word(on))
                    }
                }
            }
            Item::Amend { article, edits } => {
                let edits = said(edits);
                if edits.is_empty() {
                    return None;
                }
                let mut clauses = Vec::new();
                let mut last: Option<Place> = None;
                for e in &edits {
                    // Only word edits leave a place to be understood: whole paragraphs are
                    // named, an added one by its new number.
                    let words = !matches!(e.form, Form::Line | Form::AddLine | Form::DeleteLine);
                    clauses.push(self.clause(&article.name, e, words && last == Some(e.place)));
                    last = words.then_some(e.place);
                }
                let mut s = clauses.join("；");
                // A restated paragraph ends with its own full stop inside the quotation.
                if edits.last().is_some_and(|e| !ends_quoted(e)) {
                    s.push('。');
                }
                s
            }
            Item::Move { old, new } => format!("将{}改为{}。", old.name, new.name),
            Item::Restate { old, new, moved } => match (old.len(), new.len()) {
                (1, 1) if *moved => {
                    format!("将{}改为{}，修改为：\n{}", old[0].name, new[0].name, quoted(&new[0].text, ""))
                }
                (1, 1) => format!("将{}修改为：\n{}", old[0].name, quoted(&new[0].text, "")),
                (1, k) => format!(
                    "将{}分为{}条，作为{}，修改为：\n{}",
                    old[0].name,
                    Self::count(k),
                    Self::names(new),
                    articles_quoted(new, "　")
                ),
                (_, 1) => format!(
                    "将{}合并，作为{}，修改为：\n{}",
                    Self::names(old),
                    new[0].name,
                    quoted(&new[0].text, "")
                ),
                (_, k) => format!(
                    "将{}修改为{}条，作为{}：\n{}",
                    Self::names(old),
                    Self::count(k),
                    Self::names(new),
                    articles_quoted(new, "　")
                ),
            },
            Item::Add { new } if new.len() == 1 => {
                format!("增加一条，作为{}：\n{}", new[0].name, quoted(&new[0].text, ""))
            }
            Item::Add { new } => format!(
                "增加{}条，作为{}：\n{}",
                Self::count(new.len()),
                Self::names(new),
                articles_quoted(new, "　")
            ),
            Item::Delete { old } => format!("删去{}。", Self::names(old)),
            Item::Shared { edits } => {
                // `第二十五条第一款、第二款`: an article named once for its places in a row.
                let places: Vec<String> = edits
                    .iter()
                    .enumerate()
                    .map(|(i, (a, e))| {
                        let again = i > 0 && edits[i - 1].0.index == a.index && e.place.paragraph.is_some();
                        Self::place(if again { "" } else { &a.name }, e.place)
                    })
                    .collect();
                let e = &edits.first()?.1;
                format!("将{}中的“{}”修改为“{}”。", places.join("、"), e.old, e.new)
            }
        })
    }

    fn closing(&self, d: &Decision) -> Vec<String> {
        let mut out = Vec::new();
        let mut line = String::new();
        if let Some(date) = d.effective {
            let _ = write!(line, "本决定自{}起施行。", Self::date(date));
        }
        let reorders = d.renumbered > 0
            || d.items.iter().any(|i| {
                matches!(i, Item::Move { .. } | Item::Add { .. } | Item::Delete { .. } | Item::Restate { .. })
            });
        let adjust = match (reorders, d.references > 0) {
            (_, true) => "，并对条文顺序和引用的条文序号作相应调整",
            (true, false) => "，并对条文顺序作相应调整",
            (false, false) => "",
        };
        let _ = write!(line, "《{}》根据本决定作相应修改{adjust}，重新公布。", d.title);
        out.push(line);
        if d.renumbered > 0 || d.references > 0 {
            out.push(format!(
                "（未逐项列出：{} 条仅条文序号变化，{} 处引用的条文序号随之变化。）",
                d.renumbered, d.references
            ));
        }
        out
    }
}

struct English;

impl English {
    fn names(articles: &[Article]) -> String {
        let names: Vec<&str> = articles.iter().map(|a| a.name.as_str()).collect();
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => names.concat(),
        }
    }

    fn place(article: &str, p: Place) -> String {
        let mut s = String::new();
        for (n, word) in [(p.subitem, "sub-point"), (p.item, "point"), (p.paragraph, "paragraph")] {
            if let Some(n) = n {
                let _ = write!(s, "{word} {n} of ");
            }
        }
        s.push_str(article);
        s
    }

    fn capital(s: &str) -> String {
        let mut c = s.chars();
        c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
    }

    fn clause(&self, article: &str, e: &Edit) -> String {
        let at = Self::place(article, e.place);
        match e.form {
            Form::Replace => format!("In {at}, “{}” is replaced by “{}”.", e.old, e.new),
            Form::Everywhere { .. } => {
                format!("In {at}, “{}” is replaced by “{}” wherever it occurs.", e.old, e.new)
            }
            Form::Delete => format!("In {at}, “{}” is deleted.", e.old),
            Form::InsertAfter => format!("In {at}, “{}” is inserted after “{}”.", inserted(e).trim(), e.old),
            Form::InsertBefore => {
                format!("In {at}, “{}” is inserted before “{}”.", inserted(e).trim(), e.old)
            }
            Form::Line => {
                format!("{} is replaced by the following:\n{}", Self::capital(&at), quoted(&e.new, ""))
            }
            Form::AddLine => {
                let (parent, n) = added_place(e.place);
                let word = match level_word(e.place) {
                    "目" => "sub-point",
                    "项" => "point",
                    _ => "paragraph",
                };
                format!(
                    "In {}, the following is inserted as {word} {n}:\n{}",
                    Self::place(article, parent),
                    quoted(e.new.trim_matches('\n'), "")
                )
            }
            Form::DeleteLine => format!("{} is deleted.", Self::capital(&at)),
        }
    }
}

impl Words for English {
    fn heading(&self, d: &Decision) -> String {
        format!("Draft amending act: {}", d.title)
    }

    fn caveat(&self, d: &Decision) -> String {
        format!(
            "(Drafted by lexdiff from a comparison of the texts of {} and {}, for drafting and review; not an official text. Existing articles are named by their old numbers, added ones by their new numbers.)",
            d.old_label, d.new_label
        )
    }

    fn opening(&self, d: &Decision) -> String {
        format!("{} is amended as follows:", d.title)
    }

    fn nothing(&self) -> String {
        "The two texts are the same: nothing to amend.".to_string()
    }

    fn number(&self, n: usize) -> String {
        format!("{n}. ")
    }

    fn item(&self, item: &Item) -> Option<String> {
        Some(match item {
            Item::Title { new, .. } => format!("The title is replaced by “{new}”."),
            Item::Heading { change: h, .. } => match (h.kind, h.old.as_deref(), h.new.as_deref()) {
                (HeadingChangeKind::Retitled, Some(o), Some(n)) => {
                    format!("The heading “{o}” is replaced by “{n}”.")
                }
                (HeadingChangeKind::Added, _, Some(n)) => format!("The heading “{n}” is inserted."),
                (_, Some(o), _) => format!("The heading “{o}” is deleted."),
                _ => return None,
            },
            Item::Amend { article, edits } => {
                let edits = said(edits);
                if edits.is_empty() {
                    return None;
                }
                edits.iter().map(|e| self.clause(&article.name, e)).collect::<Vec<_>>().join(" ")
            }
            Item::Move { old, new } => format!("{} becomes {}.", old.name, new.name),
            Item::Restate { old, new, moved } if old.len() == 1 && new.len() == 1 => {
                let becomes = if *moved { format!(" becomes {} and", new[0].name) } else { String::new() };
                format!(
                    "{}{becomes} is replaced by the following:\n{}",
                    old[0].name,
                    quoted(&new[0].text, "")
                )
            }
            Item::Restate { old, new, .. } => format!(
                "{} {} replaced by {}:\n{}",
                Self::names(old),
                if old.len() == 1 { "is" } else { "are" },
                Self::names(new),
                articles_quoted(new, " ")
            ),
            Item::Add { new } if new.len() == 1 => {
                format!("The following is inserted as {}:\n{}", new[0].name, quoted(&new[0].text, ""))
            }
            Item::Add { new } => {
                format!("The following are inserted as {}:\n{}", Self::names(new), articles_quoted(new, " "))
            }
            Item::Delete { old } => {
                format!("{} {} repealed.", Self::names(old), if old.len() == 1 { "is" } else { "are" })
            }
            Item::Shared { edits } => {
                let places: Vec<String> = edits.iter().map(|(a, e)| Self::place(&a.name, e.place)).collect();
                let e = &edits.first()?.1;
                let places = match places.split_last() {
                    Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
                    _ => places.concat(),
                };
                format!("In {places}, “{}” is replaced by “{}”.", e.old, e.new)
            }
        })
    }

    fn closing(&self, d: &Decision) -> Vec<String> {
        let mut out = vec![
            "The articles are renumbered, and cross-references to them updated, accordingly.".to_string(),
        ];
        if let Some(date) = d.effective {
            out.push(format!("This act takes effect on {date}."));
        }
        if d.renumbered > 0 || d.references > 0 {
            let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
            out.push(format!(
                "(Not itemised: {} only renumbered, {} following them.)",
                plural(d.renumbered, "article"),
                plural(d.references, "cross-reference")
            ));
        }
        out
    }
}
