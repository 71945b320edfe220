//! The text of an HTML page: a law or a report saved from the web (npc.gov.cn, gov.cn,
//! Wikisource), read as the paragraphs of the page's main text, a line each.
//!
//! A page holds more than its text: menus, breadcrumbs, related links, a footer. The main
//! text is found as readability-style extractors find it: each paragraph's text that is
//! not link text counts for the element holding the paragraph, and the text is the
//! smallest element around the one with the most that holds four fifths of the page's
//! (a text split over several containers is read whole), with the elements like it
//! beside it. Page furniture (`nav`, `footer`, elements named `header`, `sidebar`, …)
//! counts for nothing and, but for a header, is not read even inside the text; nor are
//! lines that are all links. What is left out is counted, for a notice.
//!
//! Text is laid out as a browser lays it out: block elements and `<br>` end lines,
//! whitespace collapses, and a line break between two Chinese characters is no space.

use html5gum::{DefaultEmitter, Token, Tokenizer};
use unicode_width::UnicodeWidthChar;

/// The main text of a page, and what a reader should know about it.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Page {
    pub text: String,
    /// The element read (`div id="UCAP-CONTENT"`), `None` when it is the whole page.
    pub container: Option<String>,
    /// Characters of the page's text that are not in it.
    pub left_out: usize,
}

/// Whether a text is an HTML page: it starts with markup, and an `<html>`, `<head>` or
/// `<body>` tag or an HTML doctype comes early. A law or a Markdown text starts otherwise.
pub(super) fn is_html(text: &str) -> bool {
    let start = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if !start.starts_with('<') {
        return false;
    }
    let end = (0..=start.len().min(4096)).rev().find(|&i| start.is_char_boundary(i)).unwrap_or(0);
    let head = start[..end].to_ascii_lowercase();
    ["<!doctype html", "<html", "<head", "<body"].iter().any(|t| head.contains(t))
}

/// The encoding a page declares in its first 1024 bytes (`<meta charset="gb2312">`, or
/// `<meta http-equiv="Content-Type" content="text/html; charset=gbk">`), as a browser's
/// prescan finds it; `None` for bytes that are no page, or declare no encoding, or
/// declare UTF-8 or UTF-16 (which a page in single bytes cannot be, and which the
/// bytes were already found not to be).
pub(super) fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    if !is_html(&head) {
        return None;
    }
    let mut rest = head.as_str();
    while let Some(at) = rest.find("<meta") {
        rest = &rest[at + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let Some(c) = tag.find("charset")
            && let Some(value) = tag[c + 7..].trim_start().strip_prefix('=')
        {
            let value = value.trim_start();
            let value = value.trim_start_matches(['"', '\'']);
            let end = value.find(['"', '\'', ';', ' ', '/', '>']).unwrap_or(value.len());
            let enc = encoding_rs::Encoding::for_label(&value.as_bytes()[..end])?;
            return (enc != encoding_rs::UTF_8
                && enc != encoding_rs::UTF_16LE
                && enc != encoding_rs::UTF_16BE)
                .then_some(enc);
        }
    }
    None
}

/// Elements whose content is not text a reader sees, or is page furniture. Not `form`:
/// ASP.NET pages put the whole page in one.
#[rustfmt::skip]
const SKIPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "nav", "aside", "footer", "select",
    "button", "iframe", "svg", "math", "object", "canvas", "textarea", "title",
];

/// Elements that never have content.
#[rustfmt::skip]
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements that start and end a line.
#[rustfmt::skip]
const BLOCKS: &[&str] = &[
    "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hgroup", "html", "li", "main", "menu", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
];

/// Paragraph elements: their text counts for the element that holds them.
#[rustfmt::skip]
const PARAGRAPHS: &[&str] = &[
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "blockquote", "caption",
    "figcaption", "address",
];

/// Lists pass a paragraph's text on to the element holding the list.
const LISTS: &[&str] = &["ul", "ol", "dl", "menu"];

/// Words in an id or class that name page furniture rather than text (as readability
/// has them, and MediaWiki's `noprint`, `mw-editsection`). Furniture holds no text: it
/// neither counts for the main text nor is read inside it, except a header, which may
/// hold the title.
#[rustfmt::skip]
const FURNITURE: &[&str] = &[
    "header", "footer", "nav", "menu", "breadcrumb", "sidebar", "comment", "related", "share",
    "copyright", "license", "banner", "toolbar", "widget", "sponsor", "promo", "advert",
    "noprint", "noexport", "editsection", "reference",
];

/// The most elements open at once: browsers cap the depth of the tree too, and it bounds
/// the scans that close elements left open.
const MAX_DEPTH: usize = 512;

#[derive(Debug)]
struct Element {
    parent: Option<usize>,
    name: String,
    /// `div id="content" class="text"`, for the notice.
    label: String,
    class: String,
    furniture: bool,
    /// Furniture whose text is not read even inside the main text (all but headers).
    dropped: bool,
    /// A link (`<a href>`; not an anchor, nor a heading's link to itself).
    link: bool,
    /// Characters of text (not of links) of the paragraphs it holds.
    score: usize,
}

struct Line {
    text: String,
    /// The innermost block element holding it (`None`: outside any element).
    element: Option<usize>,
    chars: usize,
    /// All link text (`返回`, `打印本页`, a table of contents): navigation, no line of
    /// the text. (A line of the text may well be mostly links: a law's name linked.)
    link: bool,
}

/// The state of the walk through the tokens.
#[derive(Default)]
struct Walk {
    elements: Vec<Element>,
    open: Vec<usize>,
    lines: Vec<Line>,
    /// The text of the line being read, not yet laid out, and how much of it is links.
    raw: String,
    link_chars: usize,
    /// Inside a skipped element: its name and how many of it are open.
    skip: Option<(String, usize)>,
}

/// Reads the main text of a page (see the module documentation); `None` when the page
/// has no text at all.
pub(super) fn read(html: &str) -> Option<Page> {
    let mut emitter = DefaultEmitter::default();
    // Script and style contents are raw text, not markup.
    emitter.naively_switch_states(true);
    let mut w = Walk::default();
    for Ok(token) in Tokenizer::new_with_emitter(html, emitter) {
        match token {
            Token::StartTag(tag) => w.start(&String::from_utf8_lossy(&tag.name), &tag, tag.self_closing),
            Token::EndTag(tag) => w.end(&String::from_utf8_lossy(&tag.name)),
            Token::String(s) if w.skip.is_none() => w.text(&String::from_utf8_lossy(&s)),
            _ => {}
        }
    }
    w.flush();
    w.page()
}

impl Walk {
    fn start(&mut self, name: &str, tag: &html5gum::StartTag<()>, self_closing: bool) {
        if let Some((skipped, depth)) = &mut self.skip {
            if name == skipped && !VOID.contains(&name) && !self_closing {
                *depth += 1;
            }
            return;
        }
        // Hidden content (`hidden`, `display: none`) is no text either, nor are the
        // landmarks that `nav`, `header`, `footer` and `aside` are (`role="navigation"`,
        // a table of contents); not for elements whose end tag may be left out, which
        // would hide what follows.
        let hidden = || {
            let attr = |a: &str| tag.attributes.get(a.as_bytes());
            let style =
                attr("style").map(|v| String::from_utf8_lossy(v).replace(' ', "").to_ascii_lowercase());
            let landmark = attr("role").is_some_and(|r| {
                matches!(&r[..], b"navigation" | b"banner" | b"contentinfo" | b"complementary" | b"search")
            });
            (attr("hidden").is_some() || landmark || style.is_some_and(|s| s.contains("display:none")))
                && !matches!(name, "p" | "li" | "dt" | "dd" | "td" | "th" | "tr" | "option")
        };
        if SKIPPED.contains(&name) || hidden() {
            self.flush();
            if !self_closing && !VOID.contains(&name) {
                self.skip = Some((name.to_string(), 1));
            }
            return;
        }
        if matches!(name, "br" | "hr") {
            self.flush();
            return;
        }
        if VOID.contains(&name) || self_closing {
            return;
        }
        self.close_implied(name);
        if BLOCKS.contains(&name) {
            self.flush();
        }
        if self.open.len() >= MAX_DEPTH {
            return;
        }
        let attr =
            |a: &str| tag.attributes.get(a.as_bytes()).map(|v| String::from_utf8_lossy(v).trim().to_string());
        let (id, class) = (attr("id").unwrap_or_default(), attr("class").unwrap_or_default());
        let mut label = name.to_string();
        if !id.is_empty() {
            label.push_str(&format!(" id=\"{id}\""));
        }
        if !class.is_empty() {
            label.push_str(&format!(" class=\"{class}\""));
        }
        let named = format!("{id} {class}").to_ascii_lowercase();
        // Only the element named so: a page that leaves its header open would otherwise
        // make all of its text furniture. The page, its body and its main text never are
        // (`<html class="sidebar-visible">` says how the page is shown, not what it holds).
        let furniture = name == "header"
            || (!matches!(name, "html" | "body" | "main" | "article")
                && FURNITURE.iter().any(|f| named.contains(f)));
        let dropped = furniture && FURNITURE.iter().any(|f| *f != "header" && named.contains(f));
        // Furniture within a line (a footnote mark `[1]`, an edit link) is skipped as
        // it is read: it never holds the text.
        if dropped && !BLOCKS.contains(&name) {
            self.skip = Some((name.to_string(), 1));
            return;
        }
        self.elements.push(Element {
            parent: self.open.last().copied(),
            name: name.to_string(),
            label,
            class,
            furniture,
            dropped,
            link: name == "a" && attr("href").is_some_and(|h| !self.own_anchor(&h)),
            score: 0,
        });
        self.open.push(self.elements.len() - 1);
    }

    /// Whether a link `href` opened here is a heading's link to itself (`<h2><a
    /// href="#s1">第一章 总则</a></h2>`, as generated pages make them): its text is the
    /// heading's. A `#` link elsewhere (a table of contents) is navigation, and `#` alone
    /// is a button (`打印本页`).
    fn own_anchor(&self, href: &str) -> bool {
        href.len() > 1
            && href.starts_with('#')
            && self
                .open
                .iter()
                .any(|&e| matches!(self.elements[e].name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
    }

    /// Closes what a start tag closes without an end tag: a paragraph at the next
    /// block, a list item at the next item, a cell at the next cell or row.
    fn close_implied(&mut self, name: &str) {
        let (closes, bound): (&[&str], &[&str]) = match name {
            "li" => (&["li"], &["ul", "ol", "menu"]),
            "dt" | "dd" => (&["dt", "dd"], &["dl"]),
            "td" | "th" => (&["td", "th"], &["tr", "table"]),
            "tr" => (&["tr"], &["table", "tbody", "thead", "tfoot"]),
            "option" => (&["option"], &["select"]),
            n if n == "p" || BLOCKS.contains(&n) => {
                (&["p"], &["table", "td", "th", "caption", "html", "button"])
            }
            _ => return,
        };
        let found = self
            .open
            .iter()
            .rev()
            .map(|&e| self.elements[e].name.as_str())
            .take_while(|n| !bound.contains(n))
            .position(|n| closes.contains(&n));
        if let Some(depth) = found {
            self.flush();
            self.open.truncate(self.open.len() - depth - 1);
        }
    }

    fn end(&mut self, name: &str) {
        if let Some((skipped, depth)) = &mut self.skip {
            if name == skipped {
                *depth -= 1;
                if *depth == 0 {
                    self.skip = None;
                }
            }
            return;
        }
        // `</br>` is read as `<br>`; `</p>` without a `<p>` as an empty paragraph.
        if matches!(name, "br" | "p") {
            self.flush();
        }
        let Some(depth) = self.open.iter().rev().position(|&e| self.elements[e].name == name) else { return };
        let closed = &self.open[self.open.len() - depth - 1..];
        if closed.iter().any(|&e| BLOCKS.contains(&self.elements[e].name.as_str())) {
            self.flush();
        }
        self.open.truncate(self.open.len() - depth - 1);
    }

    fn text(&mut self, s: &str) {
        let in_pre = self.open.iter().any(|&e| self.elements[e].name == "pre");
        let in_link = self.open.iter().any(|&e| self.elements[e].link);
        let mut pieces = s.split('\n').peekable();
        while let Some(piece) = pieces.next() {
            if in_link {
                self.link_chars += piece.chars().filter(|c| !c.is_whitespace()).count();
            }
            self.raw.push_str(piece);
            if pieces.peek().is_some() {
                // In `<pre>` a line break is one; elsewhere it is whitespace.
                if in_pre {
                    self.flush();
                } else {
                    self.raw.push('\n');
                }
            }
        }
    }

    /// Ends the line being read.
    fn flush(&mut self) {
        let text = lay_out(&std::mem::take(&mut self.raw));
        let links = std::mem::take(&mut self.link_chars);
        if text.is_empty() {
            return;
        }
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        let element =
            self.open.iter().rev().copied().find(|&e| BLOCKS.contains(&self.elements[e].name.as_str()));
        // A line that is mostly links is navigation, and furniture is no text: they
        // count for no element (a line of the text that is may still be read).
        if links * 2 < chars
            && let Some(holder) = element.map(|e| self.holder(e))
            && !self.elements[holder].furniture
        {
            self.elements[holder].score += chars - links;
        }
        self.lines.push(Line { text, element, chars, link: links >= chars });
    }

    /// The element a line of block `e` counts for: the one holding the paragraph (and
    /// the list it is an item of).
    fn holder(&self, e: usize) -> usize {
        let mut at = e;
        if PARAGRAPHS.contains(&self.elements[at].name.as_str()) {
            at = self.elements[at].parent.unwrap_or(at);
        }
        while LISTS.contains(&self.elements[at].name.as_str()) {
            match self.elements[at].parent {
                Some(p) => at = p,
                None => break,
            }
        }
        at
    }

    fn page(self) -> Option<Page> {
        let total: usize = self.lines.iter().map(|l| l.chars).sum();
        if total == 0 {
            return None;
        }
        // Each element's score with its descendants' (parents come before children).
        let mut subtree: Vec<usize> = self.elements.iter().map(|e| e.score).collect();
        for i in (0..self.elements.len()).rev() {
            if let Some(p) = self.elements[i].parent {
                subtree[p] += subtree[i];
            }
        }
        let best = (0..self.elements.len())
            .filter(|&i| self.elements[i].score > 0)
            .max_by_key(|&i| (self.elements[i].score, std::cmp::Reverse(i)));
        let Some(mut chosen) = best else {
            // No paragraphs but links: the page is read whole.
            return Some(Page { text: joined(self.lines.iter()), container: None, left_out: 0 });
        };
        // The text is the smallest element around the best one that holds four fifths of
        // the page's text, and elements like it beside it (of its class) with any text
        // (the next chapter's `<div class="chapter">`, however short): a text is better
        // read with a line of the page around it than without one of its chapters.
        let all = self
            .elements
            .iter()
            .enumerate()
            .filter(|(_, e)| e.parent.is_none())
            .map(|(i, _)| subtree[i])
            .sum::<usize>();
        while subtree[chosen] * 5 < all * 4
            && let Some(p) = self.elements[chosen].parent
        {
            chosen = p;
        }
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); self.elements.len()];
        for (i, e) in self.elements.iter().enumerate() {
            if let Some(p) = e.parent {
                children[p].push(i);
            }
        }
        while let Some(p) = self.elements[chosen].parent {
            let (name, class) = (&self.elements[chosen].name, &self.elements[chosen].class);
            // Alike by a class of their own: bare `<div>`s are alike everywhere.
            let alike = !class.is_empty()
                && children[p].iter().any(|&j| {
                    j != chosen
                        && subtree[j] > 0
                        && &self.elements[j].name == name
                        && &self.elements[j].class == class
                });
            if !alike {
                break;
            }
            chosen = p;
        }
        let mut inside = vec![false; self.elements.len()];
        for i in 0..self.elements.len() {
            inside[i] = i == chosen
                || (!self.elements[i].dropped && self.elements[i].parent.is_some_and(|p| inside[p]));
        }
        let kept: Vec<&Line> =
            self.lines.iter().filter(|l| !l.link && l.element.is_some_and(|e| inside[e])).collect();
        let read: usize = kept.iter().map(|l| l.chars).sum();
        let whole = matches!(self.elements[chosen].name.as_str(), "html" | "body") || read == total;
        Some(Page {
            text: joined(kept.into_iter()),
            container: (!whole).then(|| self.elements[chosen].label.clone()),
            left_out: total - read,
        })
    }
}

fn joined<'l>(lines: impl Iterator<Item = &'l Line>) -> String {
    let mut out = String::new();
    for l in lines {
        out.push_str(&l.text);
        out.push('\n');
    }
    out
}

/// A line's text as a browser shows it: runs of whitespace collapsed to a space, none
/// at the ends, and a line break between two wide (Chinese) characters dropped (CSS
/// Text's segment break rule). Non-breaking spaces are spaces; an ideographic space
/// inside the line (`第一条　为了`) is kept.
fn lay_out(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    let is_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}' | '\u{a0}');
    let wide = |c: Option<char>| c.and_then(|c| c.width()).is_some_and(|w| w == 2);
    while let Some(c) = chars.next() {
        if !is_space(c) {
            out.push(c);
            continue;
        }
        let mut breaks = c == '\n';
        while let Some(&n) = chars.peek().filter(|&&n| is_space(n)) {
            breaks |= n == '\n';
            chars.next();
        }
        if !(breaks && wide(out.chars().next_back()) && wide(chars.peek().copied())) {
            out.push(' ');
        }
    }
    out.trim_matches(|c: char| is_space(c) || c == '\u{3000}').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        read(html).map(|p| p.text).unwrap_or_default()
    }

    #[test]
    fn pages_are_told_from_texts() {
        assert!(is_html("<!DOCTYPE html>\n<html><body>x</body></html>"));
        assert!(is_html("\u{feff}  <html lang=\"zh\">"));
        assert!(is_html("<meta charset=\"utf-8\"><body>x"));
        assert!(!is_html("中华人民共和国保守国家秘密法\n第一条 <html>"));
        assert!(!is_html("<!-- a comment -->\n# 标题\n"));
    }

    #[test]
    fn the_encoding_a_page_declares_is_found() {
        let declared = |s: &str| declared_encoding(s.as_bytes()).map(|e| e.name());
        assert_eq!(declared("<html><head><meta charset=\"gb2312\"><title>"), Some("GBK"));
        assert_eq!(
            declared(
                "<HTML><HEAD><META http-equiv=Content-Type content=\"text/html; charset=windows-1252\">"
            ),
            Some("windows-1252")
        );
        assert_eq!(declared("<!DOCTYPE html><meta name=charsets><meta charset='big5'/>"), Some("Big5"));
        assert_eq!(declared("<html><meta charset=utf-8>"), None);
        assert_eq!(declared("<html><meta charset=nonsense>"), None);
        assert_eq!(declared("中华人民共和国 <meta charset=gbk>"), None);
    }

    #[test]
    fn blocks_and_breaks_end_lines_and_whitespace_collapses() {
        let html = "<html><head><title>标题</title><style>p{}</style></head><body>\
            <p>第一条　为了保守\n    国家秘密，<b>制定</b>本法。</p>\
            <div>第二条&nbsp;&nbsp;国家秘密<br>受法律保护。<p>The State\n  protects secrets.</p></div>\
            <script>document.write('<p>不是正文</p>')</script>\
            <ul><li>（一）甲；<li>（二）乙。</ul><table><tr><td>第三条<td>表格</table>\
            <div hidden><div>隐藏</div></div><span style=\"display: none\">隐藏</span></body></html>";
        assert_eq!(
            text(html),
            "第一条　为了保守国家秘密，制定本法。\n第二条 国家秘密\n受法律保护。\nThe State protects secrets.\n\
             （一）甲；\n（二）乙。\n第三条\n表格\n"
        );
    }

    /// The first paragraphs of the 2025 government work report, as bundled.
    fn report_paragraphs() -> Vec<&'static str> {
        include_str!("../../versions/gov-work-report-national/2025.txt").lines().take(12).collect()
    }

    /// A page as news and government sites lay one out: a header with menus, the text in
    /// a container of its own, related links and a footer after it.
    #[test]
    fn the_main_text_is_read_and_the_page_around_it_left_out() {
        let paragraphs: String = report_paragraphs().iter().map(|p| format!("<p>　　{p}</p>\n")).collect();
        let html = format!(
            r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府工作报告</title></head><body>
            <div class="header"><div class="logo">中国政府网</div><ul><li><a href="/">首页</a></li><li><a href="/zhengce">政策</a></li></ul></div>
            <div class="crumb"><a href="/">首页</a> &gt; <a href="/zhengce">政策</a> &gt; 正文</div>
            <div class="article"><h1>政府工作报告</h1><div class="info">2025-03-12 来源：新华社</div>
              <div id="UCAP-CONTENT" class="pages_content">
              {paragraphs}
              </div>
              <div class="related"><p><a href="/1">相关稿件一</a></p><p><a href="/2">相关稿件二</a></p></div>
            </div>
            <div class="footer-info"><p>版权所有：中国政府网 | 中文域名：中国政府网.政务</p></div>
          </body></html>"#
        );
        let page = read(&html).expect("text");
        assert_eq!(page.text, report_paragraphs().iter().map(|p| format!("{p}\n")).collect::<String>());
        assert_eq!(page.container.as_deref(), Some("div id=\"UCAP-CONTENT\" class=\"pages_content\""));
        let around = "中国政府网首页政策首页>政策>正文政府工作报告2025-03-12来源：新华社相关稿件一相关稿件二版权所有：中国政府网|中文域名：中国政府网.政务";
        assert_eq!(page.left_out, around.chars().count());
    }

    /// A page as MediaWiki (Wikisource) lays one out: the text's own container holds a
    /// header template, a table of contents, headings with edit links and footnote marks,
    /// the footnotes, and a licence banner.
    #[test]
    fn furniture_inside_the_main_text_is_left_out() {
        let lines = report_paragraphs();
        // A line of the text may be mostly links (most of the report's second line).
        let (plain, linked) = lines[1].split_at(lines[1].char_indices().nth(5).expect("a long line").0);
        let paragraphs = format!("<p>{}\n</p><p>{plain}<a href=\"/wiki/x\">{linked}</a></p>", lines[0]);
        let rest: String = lines[3..].iter().map(|p| format!("<p>{p}\n</p>")).collect();
        let html = format!(
            r##"<html><body><div id="mw-content-text" class="mw-body-content"><div class="mw-content-ltr mw-parser-output" lang="zh">
            <div class="ws-noexport"><table class="headertemplate"><tr><td><a href="/prev">上一篇</a></td><td>政府工作报告 作者：国务院</td></tr></table></div>
            <div id="toc" role="navigation"><h2>目录</h2><ul><li><a href="#s1"><span>1</span> <span>{}</span></a></li></ul></div>
            <ul class="chapters"><li><a href="#s1">{}</a></li></ul>
            {paragraphs}<div class="mw-heading mw-heading2"><h2 id="s1">{}<sup class="reference"><a href="#cite-1">[1]</a></sup></h2><span class="mw-editsection">[<a href="/edit">编辑</a>]</span></div>{rest}
            <div class="reflist"><ol class="references"><li id="cite-1">注：标题为编者所加。</li></ol></div>
            <div class="licenseContainer licenseBanner"><p>本作品在全世界都属于公有领域。</p></div>
            </div></div></body></html>"##,
            lines[2], lines[2], lines[2]
        );
        let page = read(&html).expect("text");
        assert_eq!(page.text, lines.iter().map(|p| format!("{p}\n")).collect::<String>());
    }

    /// Names of furniture say what an element is, not what is in it: a header left open
    /// around the text, and a page classed `sidebar-visible`, hide no text.
    #[test]
    fn furniture_names_name_only_their_element() {
        let paragraphs: String = report_paragraphs().iter().map(|p| format!("<p>{p}</p>")).collect();
        let html = format!(
            "<html class=\"light sidebar-visible\"><body><div id=\"subheader\"><ul><li><a href=\"/\">首页</a></ul>\
             <div id=\"content\">{paragraphs}</div></body></html>"
        );
        let page = read(&html).expect("text");
        assert_eq!(page.text, report_paragraphs().iter().map(|p| format!("{p}\n")).collect::<String>());
        assert_eq!(page.container.as_deref(), Some("div id=\"content\""));
    }

    /// The chapters of the company law (2023) as bundled: each heading with its lines.
    fn company_law_chapters() -> Vec<Vec<&'static str>> {
        let mut chapters: Vec<Vec<&str>> = Vec::new();
        for line in include_str!("../../versions/company-law/2023.txt").lines() {
            if line.starts_with('第') && line.contains('章') && line.chars().count() < 20 {
                chapters.push(Vec::new());
            }
            if let Some(c) = chapters.last_mut() {
                c.push(line);
            }
        }
        chapters
    }

    /// A text split over containers (a chapter each) is read whole, its short last
    /// chapter (附则, two articles) and headings that are links to themselves included,
    /// and nothing around it.
    #[test]
    fn sibling_containers_of_text_are_read_together() {
        let chapters = company_law_chapters();
        let chapter = |lines: &[&str]| {
            let body: String = lines[1..].iter().map(|l| format!("<p>{l}</p>")).collect();
            // Headings link to themselves, as generated pages make them.
            format!(
                "<div class=\"chapter\"><h2><a href=\"#{}\">{}</a></h2>{body}</div>",
                lines.len(),
                lines[0]
            )
        };
        let chosen = [&chapters[0], &chapters[1], chapters.last().expect("chapters")];
        let html = format!(
            "<html><body><div class=\"nav\"><a href=\"/\">首页</a></div><div id=\"law\">{}</div><div class=\"copyright\">版权所有</div></body></html>",
            chosen.iter().map(|c| chapter(c)).collect::<String>()
        );
        let page = read(&html).expect("text");
        assert_eq!(page.container.as_deref(), Some("div id=\"law\""));
        let expected: String = chosen.iter().flat_map(|c| c.iter()).map(|l| format!("{l}\n")).collect();
        assert_eq!(page.text, expected);
        assert!(chosen[2].len() < 10 && chosen[0].len() > 40, "{chosen:?}");
    }

    /// Old pages put a law in one element, its lines separated by `<br>`, and leave
    /// elements open; ASP.NET pages put all of the page in a form.
    #[test]
    fn text_separated_by_breaks_in_unclosed_elements() {
        let lines: Vec<&str> =
            include_str!("../../versions/statistics-law/2024.txt").lines().take(20).collect();
        let html = format!(
            "<html><body><form id=form1 method=post action=law.aspx><input type=hidden name=__VIEWSTATE value=x>\
             <header><h2>中国人大网</h2></header><table><tr><td><a href=/>返回</a><td id=Zoom>{}</table></form>",
            lines.iter().map(|l| format!("{l}<br>\n")).collect::<String>()
        );
        let page = read(&html).expect("text");
        // Spaces at the ends of a line are no text (two of these lines end in `　`).
        let trimmed = lines.iter().map(|l| format!("{}\n", l.trim_matches('\u{3000}')));
        assert_eq!(page.text, trimmed.collect::<String>());
        assert_eq!(page.container.as_deref(), Some("td id=\"Zoom\""));
    }

    /// Pages that put each article in a row of a table of their own.
    #[test]
    fn a_text_in_the_rows_of_a_table_is_read_whole() {
        let lines: Vec<&str> =
            include_str!("../../versions/statistics-law/2024.txt").lines().take(30).collect();
        let rows: String = lines.iter().map(|l| format!("<tr><td class=\"art\">{l}</td></tr>")).collect();
        let html = format!(
            "<html><body><table><tr><td><a href=\"/\">返回</a> <a href=\"#\">打印本页</a></td></tr>{rows}</table>\
             <div class=\"foot\">主办单位：全国人大常委会办公厅</div></body></html>"
        );
        let page = read(&html).expect("text");
        let trimmed = lines.iter().map(|l| format!("{}\n", l.trim_matches('\u{3000}')));
        assert_eq!(page.text, trimmed.collect::<String>());
        assert_eq!(page.container.as_deref(), Some("table"));
        assert_eq!(page.left_out, "返回打印本页主办单位：全国人大常委会办公厅".chars().count());
    }

    #[test]
    fn preformatted_text_keeps_its_lines_and_deep_pages_are_bounded() {
        assert_eq!(
            text("<html><body><pre>第一条 甲。\n第二条 乙。</pre></body></html>"),
            "第一条 甲。\n第二条 乙。\n"
        );
        let deep =
            format!("<html><body>{}<p>正文</p>{}", "<div><li>".repeat(100_000), "</div>".repeat(100_000));
        assert_eq!(text(&deep), "正文\n");
        assert_eq!(read("<html><body><script>x</script></body></html>"), None);
    }
}
