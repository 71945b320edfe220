//! The text of a Word document (`.docx`, Office Open XML). The national database of laws
//! (flk.npc.gov.cn) gives each law as a Word file: reading one saves copying its text out
//! by hand, which is where lines get joined and characters lost.
//!
//! One line per paragraph, as the plain texts have it. Read is what Word shows: the text
//! runs of the main document part, tracked insertions included; tracked deletions,
//! moved-away text and hidden text (`w:vanish`, on a run or through its style) left
//! out; a text box once (not its fallback copy); and the numbers Word's lists draw
//! (`第%1条`), which are not in the text. Footnotes, headers and comments live in other
//! parts and are not read.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

/// A docx (like every zip file) starts with a local file header.
pub(super) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// The most XML read from the document part. The civil code, the longest law, is about
/// 5 MiB of it; much more is a zip bomb or not a law.
const MAX_XML_BYTES: u64 = 64 << 20;

/// The text of a docx, and what a reader should know about it.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct DocxText {
    pub text: String,
    /// Paragraphs numbered by Word's automatic numbering (`第%1条`, `（%2）`), whose
    /// numbers were rebuilt from the document's list definitions and written into the text.
    pub numbered: usize,
    /// Paragraphs numbered by a list the document does not define: read without numbers.
    pub unnumbered: usize,
}

/// Reads the text of the main document part of a docx. Errors are messages for the user.
pub(super) fn read(bytes: &[u8]) -> Result<DocxText, String> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("not a readable zip file: {e}"))?;
    let part = main_part(&mut zip)?;
    let mut xml = String::new();
    let file = zip.by_name(&part).map_err(|e| format!("cannot read {part}: {e}"))?;
    file.take(MAX_XML_BYTES + 1).read_to_string(&mut xml).map_err(|e| format!("cannot read {part}: {e}"))?;
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(format!("{part} holds more than {} MiB of XML", MAX_XML_BYTES >> 20));
    }
    // Lists and the paragraph styles that number their paragraphs, where the document has
    // them (a broken one only costs the numbers, which the notice then counts as missing).
    let mut defs = Definitions::default();
    for (name, read_part) in [
        ("word/numbering.xml", Definitions::read_lists as fn(&mut Definitions, &str)),
        ("word/styles.xml", Definitions::read_styles),
    ] {
        let mut part_xml = String::new();
        if let Ok(f) = zip.by_name(name)
            && f.take(MAX_XML_BYTES).read_to_string(&mut part_xml).is_ok()
        {
            read_part(&mut defs, &part_xml);
        }
    }
    let doc = paragraphs(&xml, &defs).map_err(|e| format!("{part}: {e}"))?;
    if doc.text.len() as u64 > super::MAX_TEXT_BYTES {
        return Err(too_long());
    }
    Ok(doc)
}

fn too_long() -> String {
    format!("its text is larger than {} MiB", super::MAX_TEXT_BYTES >> 20)
}

/// The name of the main document part: `word/document.xml` in every Word, WPS and
/// LibreOffice file seen, else where the package's relationships point.
fn main_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<String, String> {
    const USUAL: &str = "word/document.xml";
    if zip.index_for_name(USUAL).is_some() {
        return Ok(USUAL.into());
    }
    let what = |zip: &zip::ZipArchive<_>| {
        if zip.index_for_name("content.xml").is_some() {
            "an OpenDocument file (.odt): save it as .docx or as plain text"
        } else if zip.index_for_name("xl/workbook.xml").is_some() {
            "a spreadsheet, not a text"
        } else {
            "a zip archive but not a Word document (no word/document.xml)"
        }
    };
    let mut rels = String::new();
    if let Ok(f) = zip.by_name("_rels/.rels") {
        f.take(1 << 20).read_to_string(&mut rels).map_err(|e| format!("cannot read _rels/.rels: {e}"))?;
    }
    office_document(&rels).filter(|p| zip.index_for_name(p).is_some()).ok_or_else(|| what(zip).into())
}

/// The target of the package relationship of type `officeDocument`, as a part name.
fn office_document(rels: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(rels);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == "Relationship"
                    && attribute(&e, "Type").is_some_and(|t| t.ends_with("/officeDocument")) =>
            {
                return attribute(&e, "Target").map(|t| t.trim_start_matches('/').to_string());
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// The value of an attribute, by local name (`w:val` is `val`).
fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

/// The document's list and style definitions, as far as they decide what Word shows:
/// the numbers its lists draw (each list, `w:num`, uses an abstract definition whose
/// levels each have a start, a number format and a text, `第%1条`; paragraph styles may
/// number their paragraphs too), and the styles that hide their text.
#[derive(Debug, Default)]
struct Definitions {
    /// List id → what it numbers with.
    lists: HashMap<String, List>,
    /// Abstract definition id → its levels.
    levels: HashMap<String, HashMap<u8, Level>>,
    /// Abstract definition id → the list style whose definition it uses instead of its
    /// own (`w:numStyleLink`: a list drafted with a list style has no levels of its own).
    uses_style: HashMap<String, String>,
    /// List style id → the abstract definition that defines it (`w:styleLink`).
    defined_by: HashMap<String, String>,
    /// (Abstract definition id, paragraph style id) → the level that style numbers at
    /// (`w:pStyle` in a level: how Word ties `Heading 2` to level 2 of a heading list).
    style_levels: HashMap<(String, String), u8>,
    /// Style id → its own numbering and hiding properties.
    styles: HashMap<String, StyleProps>,
}

/// A list: its abstract definition, and what it overrides of it.
#[derive(Debug, Default)]
struct List {
    abs: String,
    /// Levels restarted (`w:startOverride`) at the list's first use.
    starts: HashMap<u8, u32>,
    /// Levels defined anew for this list (`w:lvl` inside `w:lvlOverride`).
    levels: HashMap<u8, Level>,
}

/// A style's own numbering and hiding properties; what it leaves out comes from its
/// `w:basedOn`.
#[derive(Debug, Default)]
struct StyleProps {
    num: Option<String>,
    ilvl: Option<u8>,
    /// Its text is hidden (`w:vanish`), or shown again (`w:vanish w:val="0"`).
    vanish: Option<bool>,
    based_on: Option<String>,
}

#[derive(Debug, Clone)]
struct Level {
    start: u32,
    /// `decimal`, `chineseCounting`, `upperLetter`, `bullet`, `none`, …
    format: String,
    /// `第%1条`: `%N` is level N's number.
    text: String,
    /// What follows the number: a tab (the default), a space or nothing.
    separator: &'static str,
}

impl Default for Level {
    fn default() -> Level {
        Level { start: 1, format: "decimal".into(), text: String::new(), separator: "\t" }
    }
}

/// How deep `w:basedOn` and `w:numStyleLink` chains are followed: Word's own go two or
/// three deep; a loop in a hostile file must end.
const MAX_LINKS: usize = 16;

impl Definitions {
    /// Reads `word/numbering.xml`. What does not read is left out.
    fn read_lists(&mut self, xml: &str) {
        let mut reader = quick_xml::Reader::from_str(xml);
        // The definition, level, list and overridden level being read.
        let (mut abs, mut lvl, mut num, mut over): (Option<String>, Option<u8>, Option<String>, Option<u8>) =
            (None, None, None, None);
        let level = |e: &BytesStart<'_>| attribute(e, "ilvl").and_then(|v| v.parse::<u8>().ok());
        loop {
            let Ok(event) = reader.read_event() else { return };
            match event {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    "abstractNum" => abs = attribute(&e, "abstractNumId"),
                    "lvl" => lvl = level(&e).or(over),
                    "num" => num = attribute(&e, "numId"),
                    "lvlOverride" => over = level(&e),
                    "abstractNumId" => {
                        if let (Some(n), Some(a)) = (&num, attribute(&e, "val")) {
                            self.lists.entry(n.clone()).or_default().abs = a;
                        }
                    }
                    "startOverride" => {
                        if let (Some(n), Some(l), Some(v)) =
                            (&num, over, attribute(&e, "val").and_then(|v| v.parse().ok()))
                        {
                            self.lists.entry(n.clone()).or_default().starts.insert(l, v);
                        }
                    }
                    "numStyleLink" => {
                        if let (Some(a), Some(v)) = (&abs, attribute(&e, "val")) {
                            self.uses_style.insert(a.clone(), v);
                        }
                    }
                    "styleLink" => {
                        if let (Some(a), Some(v)) = (&abs, attribute(&e, "val")) {
                            self.defined_by.insert(v, a.clone());
                        }
                    }
                    "pStyle" => {
                        if let (Some(a), Some(l), Some(v), None) = (&abs, lvl, attribute(&e, "val"), &num) {
                            self.style_levels.insert((a.clone(), v), l);
                        }
                    }
                    name @ ("start" | "numFmt" | "lvlText" | "suff") => {
                        let Some(l) = lvl else { continue };
                        // A level of a definition, or one defined anew by a list.
                        let level = match (&num, over, &abs) {
                            (Some(n), Some(_), _) => self.lists.entry(n.clone()).or_default().levels.entry(l),
                            (None, _, Some(a)) => self.levels.entry(a.clone()).or_default().entry(l),
                            _ => continue,
                        }
                        .or_default();
                        let Some(v) = attribute(&e, "val") else { continue };
                        match name {
                            "start" => level.start = v.parse().unwrap_or(1),
                            "numFmt" => level.format = v,
                            // Word allows 255 characters; a longer text is no list number.
                            "lvlText" if v.chars().count() <= 255 => level.text = v,
                            "lvlText" => {}
                            _ => {
                                level.separator = match v.as_str() {
                                    "space" => " ",
                                    "nothing" => "",
                                    _ => "\t",
                                }
                            }
                        }
                    }
                    _ => {}
                },
                Event::End(e) => match e.local_name().as_ref() {
                    "abstractNum" => abs = None,
                    "lvl" => lvl = None,
                    "num" => num = None,
                    "lvlOverride" => over = None,
                    _ => {}
                },
                Event::Eof => return,
                _ => {}
            }
        }
    }

    /// Reads the numbering and hiding properties of the styles of `word/styles.xml`.
    fn read_styles(&mut self, xml: &str) {
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut style: Option<(String, StyleProps)> = None;
        loop {
            let Ok(event) = reader.read_event() else { return };
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    let name = e.local_name();
                    if name.as_ref() == "style" {
                        style = attribute(&e, "styleId").map(|id| (id, StyleProps::default()));
                        continue;
                    }
                    let Some((_, s)) = style.as_mut() else { continue };
                    match name.as_ref() {
                        "numId" => s.num = attribute(&e, "val"),
                        "ilvl" => s.ilvl = attribute(&e, "val").and_then(|v| v.parse().ok()),
                        "basedOn" => s.based_on = attribute(&e, "val"),
                        "vanish" => s.vanish = Some(vanishes(&e)),
                        _ => {}
                    }
                }
                Event::End(e) if e.local_name().as_ref() == "style" => {
                    if let Some((id, s)) = style.take() {
                        self.styles.insert(id, s);
                    }
                }
                Event::Eof => return,
                _ => {}
            }
        }
    }

    /// The list and level a paragraph style numbers with: its own list, else that of
    /// the style it is based on; its own level, else its base's, else the level of the
    /// list that names the style, else the first.
    fn style_list(&self, style: &str) -> Option<(String, u8)> {
        let (mut num, mut ilvl) = (None, None);
        let mut at = self.styles.get(style);
        for _ in 0..MAX_LINKS {
            let Some(s) = at else { break };
            num = num.or_else(|| s.num.clone());
            ilvl = ilvl.or(s.ilvl);
            if num.is_some() && ilvl.is_some() {
                break;
            }
            at = s.based_on.as_ref().and_then(|b| self.styles.get(b));
        }
        let num = num?;
        let ilvl = ilvl
            .or_else(|| {
                let abs = self.definition(&num)?;
                self.style_levels.get(&(abs.to_string(), style.to_string())).copied()
            })
            .unwrap_or(0);
        Some((num, ilvl))
    }

    /// Whether style `style` hides its text: its own `w:vanish`, else its base's.
    fn style_hidden(&self, style: &str) -> Option<bool> {
        let mut at = self.styles.get(style);
        for _ in 0..MAX_LINKS {
            let s = at?;
            if s.vanish.is_some() {
                return s.vanish;
            }
            at = s.based_on.as_ref().and_then(|b| self.styles.get(b));
        }
        None
    }

    /// The abstract definition that defines list `num`'s levels: its own, or, when that
    /// only names a list style, the definition of the style.
    fn definition(&self, num: &str) -> Option<&str> {
        let mut abs = self.lists.get(num)?.abs.as_str();
        for _ in 0..MAX_LINKS {
            let Some(style) = self.uses_style.get(abs) else { return Some(abs) };
            // The style's definition, else that of the list the style numbers with.
            let next = self.defined_by.get(style).map(String::as_str).or_else(|| {
                let n = self.styles.get(style)?.num.as_deref()?;
                Some(self.lists.get(n)?.abs.as_str())
            })?;
            if next == abs {
                return Some(abs);
            }
            abs = next;
        }
        None
    }
}

/// The list numbers drawn so far: per abstract definition (lists sharing one continue
/// each other's numbers, as Word numbers them), the current number of each level.
#[derive(Default)]
struct Counters {
    current: HashMap<String, [Option<u32>; 9]>,
    /// Lists already used: a restart (`w:startOverride`) applies at a list's first use.
    used: std::collections::HashSet<String>,
}

impl Counters {
    /// The number text of the next paragraph of list `num` at level `ilvl` (`第三条\t`),
    /// `Some("")` for bullets and unnumbered levels, `None` when the document does not
    /// define the list.
    fn next(&mut self, n: &Definitions, num: &str, ilvl: u8) -> Option<String> {
        let list = n.lists.get(num)?;
        let abs = n.definition(num)?;
        let empty = HashMap::new();
        let defined = n.levels.get(abs);
        if defined.is_none() && list.levels.is_empty() {
            return None;
        }
        let defined = defined.unwrap_or(&empty);
        // A level the list defines anew, else the definition's.
        let level_of = |l: u8| list.levels.get(&l).or_else(|| defined.get(&l));
        let k = usize::from(ilvl).min(8);
        let counters = self.current.entry(abs.to_string()).or_default();
        if self.used.insert(num.to_string()) {
            for &l in list.starts.keys().chain(list.levels.keys()) {
                counters[usize::from(l).min(8)] = None;
            }
        }
        let start = |l: usize| {
            list.starts.get(&(l as u8)).copied().or(level_of(l as u8).map(|v| v.start)).unwrap_or(1)
        };
        counters[k] = Some(counters[k].map_or_else(|| start(k), |c| c.saturating_add(1)));
        counters[k + 1..].iter_mut().for_each(|c| *c = None);
        let level = level_of(k as u8).cloned().unwrap_or_default();
        if matches!(level.format.as_str(), "bullet" | "none") || level.text.is_empty() {
            return Some(String::new());
        }
        // `%1` … `%9`: the numbers of the levels, each in its own level's format.
        let mut out = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(ch) = chars.next() {
            match (ch, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(d @ 1..=9)) => {
                    chars.next();
                    let l = d as usize - 1;
                    let value = counters[l].unwrap_or_else(|| start(l));
                    let format = level_of(l as u8).map_or("decimal", |v| v.format.as_str());
                    out.push_str(&format_number(value, format));
                }
                _ => out.push(ch),
            }
        }
        out.push_str(level.separator);
        Some(out)
    }
}

/// A list number in a Word number format: Chinese numerals for the Chinese formats
/// (`壹贰叁` for the legal one, `甲乙丙` for the traditional ideographs), letters and
/// Roman numerals, else decimal. Numbers past what a format can write (a hostile
/// `w:start` of four billion) are written in decimal.
fn format_number(n: u32, format: &str) -> String {
    const STEMS: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
    let letters = |base: u8| {
        // `A` … `Z`, then `AA`, `BB`, … as Word writes them, up to 780 (`ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ`).
        let i = n.max(1) - 1;
        let c = char::from(base + (i % 26) as u8);
        c.to_string().repeat((i / 26) as usize + 1)
    };
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => crate::numerals::format(n),
        "chineseLegalSimplified" => crate::numerals::format(n)
            .chars()
            .map(|c| match c {
                '一' => '壹',
                '二' => '贰',
                '三' => '叁',
                '四' => '肆',
                '五' => '伍',
                '六' => '陆',
                '七' => '柒',
                '八' => '捌',
                '九' => '玖',
                '十' => '拾',
                '百' => '佰',
                '千' => '仟',
                other => other,
            })
            .collect(),
        "ideographTraditional" if (1..=10).contains(&n) => STEMS[n as usize - 1].to_string(),
        "upperLetter" if n <= 780 => letters(b'A'),
        "lowerLetter" if n <= 780 => letters(b'a'),
        "upperRoman" if n < 4000 => roman(n),
        "lowerRoman" if n < 4000 => roman(n).to_lowercase(),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    const NUMERALS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, digits) in NUMERALS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// A paragraph being read: where its text starts, and the list it is numbered by.
#[derive(Default)]
struct Paragraph {
    start: usize,
    style: Option<String>,
    num: Option<String>,
    ilvl: Option<u8>,
}

/// The paragraphs of a WordprocessingML document, a line each, list numbers rebuilt.
/// Elements are matched by local name: the `w:` prefix is a convention, not a rule.
fn paragraphs(xml: &str, defs: &Definitions) -> Result<DocxText, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut text = String::with_capacity(xml.len() / 8);
    // Inside a text run (`w:t`); inside content Word does not show (depth); inside a run
    // formatted as hidden text (`w:vanish`).
    let (mut in_text, mut hidden, mut vanished) = (false, 0usize, false);
    // Paragraphs open (a text box's paragraphs lie inside another paragraph).
    let mut open: Vec<Paragraph> = Vec::new();
    let mut counters = Counters::default();
    let (mut numbered, mut unnumbered) = (0, 0);
    let paragraph_hidden = |open: &[Paragraph]| {
        open.last().and_then(|p| p.style.as_deref()).and_then(|s| defs.style_hidden(s)) == Some(true)
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("malformed XML at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "t" => in_text = !vanished,
                // Deleted text moved elsewhere; the fallback copy of a text box.
                "moveFrom" | "Fallback" => hidden += 1,
                "p" if hidden == 0 => open.push(Paragraph { start: text.len(), ..Paragraph::default() }),
                // A run shows or hides as its paragraph's style says, unless its own
                // style or properties say otherwise (they come after, in `w:rPr`).
                "r" => vanished = paragraph_hidden(&open),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "r" => vanished = false,
                "moveFrom" | "Fallback" => hidden = hidden.saturating_sub(1),
                "p" if hidden == 0 => {
                    let p = open.pop().unwrap_or_default();
                    // Numbered by the paragraph itself, else by its style (at the level
                    // the paragraph gives, if it gives one); `0` is no list.
                    let list = match p.num {
                        Some(n) => Some((n, p.ilvl.unwrap_or(0))),
                        None => {
                            p.style.and_then(|s| defs.style_list(&s)).map(|(n, l)| (n, p.ilvl.unwrap_or(l)))
                        }
                    };
                    if let Some((num, ilvl)) = list.filter(|(n, _)| n != "0") {
                        match counters.next(defs, &num, ilvl) {
                            Some(label) => {
                                numbered += usize::from(!label.is_empty());
                                text.insert_str(p.start.min(text.len()), &label);
                            }
                            None => unnumbered += 1,
                        }
                    }
                    text.push('\n');
                    // Numbers make text the XML does not hold: bound it as it grows.
                    if text.len() as u64 > super::MAX_TEXT_BYTES {
                        return Err(too_long());
                    }
                }
                _ => {}
            },
            Event::Empty(e) if hidden == 0 => match e.local_name().as_ref() {
                // `w:vanish` in a run's properties; `w:val="0"` (or `false`) undoes it.
                "vanish" => vanished = vanishes(&e),
                "rStyle" => {
                    if let Some(h) = attribute(&e, "val").and_then(|s| defs.style_hidden(&s)) {
                        vanished = h;
                    }
                }
                "tab" | "br" | "cr" | "noBreakHyphen" if vanished => {}
                "tab" => text.push('\t'),
                "br" | "cr" => text.push('\n'),
                "noBreakHyphen" => text.push('-'),
                "pStyle" => {
                    if let Some(p) = open.last_mut() {
                        p.style = attribute(&e, "val");
                    }
                }
                "numId" => {
                    if let Some(p) = open.last_mut() {
                        p.num = attribute(&e, "val");
                    }
                }
                "ilvl" => {
                    if let Some(p) = open.last_mut() {
                        p.ilvl = attribute(&e, "val").and_then(|v| v.parse().ok());
                    }
                }
                "p" => text.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text && hidden == 0 => text.push_str(&t.xml10_content()),
            Event::CData(t) if in_text && hidden == 0 => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text && hidden == 0 => match r.resolve_char_ref() {
                Ok(Some(c)) => text.push(c),
                Ok(None) => match quick_xml::escape::resolve_predefined_entity(&r) {
                    Some(s) => text.push_str(s),
                    None => return Err(format!("unknown entity &{};", &*r)),
                },
                Err(e) => return Err(format!("bad character reference &{};: {e}", &*r)),
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(DocxText { text, numbered, unnumbered })
}

/// Whether a `w:vanish` element hides: `w:val="0"` (or `false`) shows again.
fn vanishes(e: &BytesStart<'_>) -> bool {
    attribute(e, "val").is_none_or(|v| v != "0" && v != "false")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A docx holding `body` as the body of its main part (and the other parts Word writes).
    pub(crate) fn docx(body: &str) -> Vec<u8> {
        docx_with(body, &[])
    }

    /// [`docx`] with more parts (`word/numbering.xml`, `word/styles.xml`).
    fn docx_with(body: &str, more: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let parts = [
            ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#.to_string()),
            ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string()),
            ("word/document.xml", format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}</w:body></w:document>"#)),
        ];
        let more = more.iter().map(|(n, c)| (*n, c.to_string()));
        for (name, content) in parts.into_iter().chain(more) {
            zip.start_file(name, opts).expect("zip entry");
            zip.write_all(content.as_bytes()).expect("zip write");
        }
        zip.finish().expect("zip").into_inner()
    }

    fn p(runs: &str) -> String {
        format!("<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr>{runs}</w:p>")
    }

    fn r(text: &str) -> String {
        format!("<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
    }

    #[test]
    fn one_line_per_paragraph_from_the_runs_word_shows() {
        let body = [
            p(&r("中华人民共和国保守国家秘密法")),
            p(""),
            // A paragraph split into runs, with an entity and a character reference.
            p(&format!("{}{}{}", r("第一条　为了保守国家秘密，"), r("维护国家安全&amp;利益"), r("&#x3002;"))),
            // Tracked changes: the deletion is not read, the insertion is.
            p(&format!(
                "{}<w:del><w:r><w:delText>保护</w:delText></w:r></w:del><w:ins>{}</w:ins>{}",
                r("第二条　国家秘密受法律"),
                r("保障"),
                r("。")
            )),
            // Text moved away is gone from here; a text box is read once.
            p(&format!("<w:moveFrom>{}</w:moveFrom>{}", r("旧文"), r("第三条　新文。"))),
            p(&format!(
                "<mc:AlternateContent><mc:Choice>{}</mc:Choice><mc:Fallback>{}</mc:Fallback></mc:AlternateContent>",
                r("框中文字"),
                r("框中文字")
            )),
            // Hidden text (`w:vanish`) is not shown; `w:val="0"` shows it again.
            p(&format!(
                "{}<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t>显示</w:t></w:r>",
                r("第五条　")
            )),
            // A line break inside a paragraph, and a field's instruction left out.
            p(&format!(
                "{}<w:r><w:br/></w:r>{}<w:r><w:instrText> PAGE </w:instrText></w:r>",
                r("第四条　甲；"),
                r("乙。")
            )),
        ]
        .concat();
        let got = read(&docx(&body)).expect("reads");
        assert_eq!(
            got.text,
            "中华人民共和国保守国家秘密法\n\n第一条　为了保守国家秘密，维护国家安全&利益。\n\
             第二条　国家秘密受法律保障。\n第三条　新文。\n框中文字\n第五条　显示\n第四条　甲；\n乙。\n"
        );
        assert_eq!((got.numbered, got.unnumbered), (0, 0));
    }

    /// Text hidden by a style: a character style with `w:vanish` (and one based on it),
    /// and a paragraph style whose runs are hidden unless a run shows itself again.
    #[test]
    fn text_hidden_by_its_style_is_left_out() {
        let styles = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
            <w:style w:type="character" w:styleId="Hidden"><w:rPr><w:vanish/></w:rPr></w:style>
            <w:style w:type="character" w:styleId="HiddenToo"><w:basedOn w:val="Hidden"/></w:style>
            <w:style w:type="character" w:styleId="Shown"><w:basedOn w:val="Hidden"/><w:rPr><w:vanish w:val="0"/></w:rPr></w:style>
            <w:style w:type="paragraph" w:styleId="Note"><w:rPr><w:vanish/></w:rPr></w:style>
          </w:styles>"#;
        let styled = |style: &str, t: &str| {
            format!("<w:r><w:rPr><w:rStyle w:val=\"{style}\"/></w:rPr><w:t>{t}</w:t></w:r>")
        };
        let body = [
            p(&format!(
                "{}{}{}{}",
                r("第一条　"),
                styled("Hidden", "注释"),
                styled("HiddenToo", "批注"),
                styled("Shown", "正文。")
            )),
            format!(
                "<w:p><w:pPr><w:pStyle w:val=\"Note\"/></w:pPr>{}{}</w:p>",
                r("编者按"),
                styled("Shown", "可见")
            ),
            p(&r("第二条　国家秘密受法律保护。")),
        ]
        .concat();
        let got = read(&docx_with(&body, &[("word/styles.xml", styles)])).expect("reads");
        assert_eq!(got.text, "第一条　正文。\n可见\n第二条　国家秘密受法律保护。\n");
    }

    /// A paragraph numbered by list `num` at level `ilvl`.
    fn numbered(num: &str, ilvl: u8, text: &str) -> String {
        format!(
            "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{ilvl}\"/><w:numId w:val=\"{num}\"/></w:numPr></w:pPr>{}</w:p>",
            r(text)
        )
    }

    /// Lists as a law drafted in Word numbers it: chapters by a heading style, articles
    /// (`第%1条`, Chinese numerals, a space after) and their items (`（%2）`, nothing
    /// after), a second list of items restarting at one.
    const NUMBERING: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
        <w:abstractNum w:abstractNumId="0">
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1条"/><w:suff w:val="space"/></w:lvl>
          <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
        </w:abstractNum>
        <w:abstractNum w:abstractNumId="1">
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1章"/></w:lvl>
        </w:abstractNum>
        <w:abstractNum w:abstractNumId="2">
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:suff w:val="space"/></w:lvl>
          <w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
        </w:abstractNum>
        <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
        <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
        <w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
        <w:num w:numId="4"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
      </w:numbering>"#;

    const STYLES: &str = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>
      </w:styles>"#;

    #[test]
    fn automatic_numbers_are_rebuilt_from_the_lists() {
        let heading = |t: &str| format!("<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>{}</w:p>", r(t));
        let body = [
            heading("总则"),
            numbered("1", 0, "为了保守国家秘密，制定本法。"),
            numbered("1", 0, "国家秘密受法律保护："),
            numbered("1", 1, "甲；"),
            numbered("1", 1, "乙。"),
            heading("附则"),
            // Items start again under the next article; a list of the same definition
            // continues it, one restarting (`w:startOverride`) does not.
            numbered("1", 0, "本法下列用语的含义："),
            numbered("1", 1, "丙。"),
            numbered("3", 0, "one"),
            numbered("3", 1, "bullet"),
            numbered("3", 0, "two"),
            numbered("4", 0, "again"),
            // `0` is no list; an undefined list is read without a number.
            numbered("0", 0, "正文"),
            numbered("9", 0, "无定义"),
        ]
        .concat();
        let got = read(&docx_with(&body, &[("word/numbering.xml", NUMBERING), ("word/styles.xml", STYLES)]))
            .expect("reads");
        assert_eq!(
            got.text,
            "第一章\t总则\n第一条 为了保守国家秘密，制定本法。\n第二条 国家秘密受法律保护：\n（一）甲；\n（二）乙。\n\
             第二章\t附则\n第三条 本法下列用语的含义：\n（一）丙。\n1. one\nbullet\n2. two\n1. again\n正文\n无定义\n"
        );
        assert_eq!((got.numbered, got.unnumbered), (11, 1));
    }

    /// How Word files drafted with list styles and heading lists tie paragraphs to
    /// levels: a list whose definition only names a list style (`w:numStyleLink`), whose
    /// levels are in the definition linked to that style (`w:styleLink`); heading styles
    /// numbered through the style they are based on, at the level that names them
    /// (`w:pStyle` in a level); and a list defining one of its levels anew.
    #[test]
    fn numbers_are_rebuilt_through_list_styles_and_style_inheritance() {
        let numbering = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
            <w:abstractNum w:abstractNumId="0"><w:numStyleLink w:val="LawList"/></w:abstractNum>
            <w:abstractNum w:abstractNumId="1"><w:styleLink w:val="LawList"/>
              <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1条"/><w:suff w:val="space"/></w:lvl>
              <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
            </w:abstractNum>
            <w:abstractNum w:abstractNumId="2">
              <w:lvl w:ilvl="0"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1编"/><w:pStyle w:val="Part"/><w:suff w:val="space"/></w:lvl>
              <w:lvl w:ilvl="1"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%2章"/><w:pStyle w:val="Chapter"/><w:suff w:val="space"/></w:lvl>
            </w:abstractNum>
            <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
            <w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>
            <w:num w:numId="3"><w:abstractNumId w:val="0"/>
              <w:lvlOverride w:ilvl="1"><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/><w:suff w:val="space"/></w:lvl></w:lvlOverride>
            </w:num>
          </w:numbering>"#;
        let styles = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
            <w:style w:type="numbering" w:styleId="LawList"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Heading"><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Part"><w:basedOn w:val="Heading"/></w:style>
            <w:style w:type="paragraph" w:styleId="Chapter"><w:basedOn w:val="Heading"/></w:style>
            <w:style w:type="paragraph" w:styleId="Article"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Item"><w:basedOn w:val="Article"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Plain"><w:basedOn w:val="Article"/><w:pPr><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Loop"><w:basedOn w:val="Loop"/></w:style>
          </w:styles>"#;
        let styled =
            |style: &str, t: &str| format!("<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>{}</w:p>", r(t));
        let body = [
            styled("Part", "总则"),
            styled("Chapter", "基本规定"),
            styled("Article", "为了保护民事主体的合法权益，制定本法。"),
            styled("Item", "甲；"),
            // A paragraph's own level wins over its style's.
            "<w:p><w:pPr><w:pStyle w:val=\"Article\"/><w:numPr><w:ilvl w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>乙。</w:t></w:r></w:p>".into(),
            styled("Plain", "正文"),
            styled("Loop", "循环"),
            styled("Chapter", "自然人"),
            numbered("1", 0, "自然人的民事权利能力一律平等。"),
            numbered("3", 1, "one"),
            numbered("3", 1, "two"),
            styled("Part", "物权"),
        ]
        .concat();
        let got = read(&docx_with(&body, &[("word/numbering.xml", numbering), ("word/styles.xml", styles)]))
            .expect("reads");
        assert_eq!(
            got.text,
            "第一编 总则\n第一章 基本规定\n第一条 为了保护民事主体的合法权益，制定本法。\n（一）甲；\n（二）乙。\n\
             正文\n循环\n第二章 自然人\n第二条 自然人的民事权利能力一律平等。\n1. one\n2. two\n第二编 物权\n"
        );
        assert_eq!((got.numbered, got.unnumbered), (10, 0));
    }

    /// A hostile list: a number text of 127 `%1` on 100,000 empty paragraphs would make
    /// about 500 MB of text from 7 MB of XML. Reading stops at the text size limit.
    #[test]
    fn list_numbers_cannot_blow_the_text_up() {
        let numbering = format!(
            r#"<w:numbering><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="100000"/><w:lvlText w:val="{}"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#,
            "%1".repeat(127)
        );
        let body = r#"<w:p><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:p>"#.repeat(100_000);
        let err = read(&docx_with(&body, &[("word/numbering.xml", &numbering)])).unwrap_err();
        assert_eq!(err, "word/document.xml: its text is larger than 16 MiB");
    }

    #[test]
    fn numbers_in_words_formats() {
        assert_eq!(format_number(11, "chineseCounting"), "十一");
        assert_eq!(format_number(3, "upperLetter"), "C");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(14, "upperRoman"), "XIV");
        assert_eq!(format_number(1999, "lowerRoman"), "mcmxcix");
        assert_eq!(format_number(7, "decimalZero"), "7");
        assert_eq!(format_number(21, "chineseLegalSimplified"), "贰拾壹");
        assert_eq!(format_number(3, "ideographTraditional"), "丙");
        // What a format cannot write is written in decimal, not as megabytes of letters.
        assert_eq!(format_number(u32::MAX, "upperRoman"), "4294967295");
        assert_eq!(format_number(u32::MAX, "lowerLetter"), "4294967295");
        assert_eq!(format_number(11, "ideographTraditional"), "11");
    }

    #[test]
    fn a_zip_that_is_not_a_word_document_is_named() {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("content.xml", zip::write::SimpleFileOptions::default()).expect("entry");
        zip.write_all(b"<office:document/>").expect("write");
        let odt = zip.finish().expect("zip").into_inner();
        assert_eq!(read(&odt).unwrap_err(), "an OpenDocument file (.odt): save it as .docx or as plain text");
        assert!(read(b"PK\x03\x04 truncated").unwrap_err().starts_with("not a readable zip file"));
        let broken = docx("<w:p><w:r><w:t>未闭合</w:r></w:p>");
        let err = read(&broken).unwrap_err();
        assert!(err.starts_with("word/document.xml: malformed XML at byte"), "{err}");
    }

    /// A main part named elsewhere is found through the package relationships.
    #[test]
    fn the_main_part_is_found_through_the_relationships() {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        zip.start_file("_rels/.rels", opts).expect("entry");
        zip.write_all(br#"<Relationships><Relationship Id="r" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>"#).expect("write");
        zip.start_file("word/document2.xml", opts).expect("entry");
        zip.write_all(
            "<w:document><w:body><w:p><w:r><w:t>正文</w:t></w:r></w:p></w:body></w:document>".as_bytes(),
        )
        .expect("write");
        let bytes = zip.finish().expect("zip").into_inner();
        assert_eq!(read(&bytes).expect("reads").text, "正文\n");
    }
}
