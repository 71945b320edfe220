//! Texts set as a PDF sets them, for the tests of reading them back.

/// How a PDF marks its pages.
#[derive(Clone, Copy)]
pub enum Pages {
    /// `— 3 —` under each page.
    Dashed,
    /// `3` under each page, and the text's title over each but the first.
    NumberAndTitle,
}

/// `text` as a PDF sets it: every paragraph broken into lines of `width` columns (a
/// Chinese character takes two), its first line indented by two full-width spaces when
/// `indent`, and pages of 30 lines marked as `pages` says.
pub fn as_from_a_pdf(text: &str, width: usize, indent: bool, pages: Pages) -> String {
    let columns = |c: char| if c.is_ascii() { 1 } else { 2 };
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.lines() {
        let (mut line, mut used) =
            if indent { ("\u{3000}\u{3000}".to_string(), 4) } else { (String::new(), 0) };
        for c in paragraph.chars() {
            if used + columns(c) > width {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += columns(c);
        }
        lines.push(line);
    }
    let title = text.lines().next().unwrap_or_default();
    let mut out = String::new();
    for (i, chunk) in lines.chunks(30).enumerate() {
        if i > 0 && matches!(pages, Pages::NumberAndTitle) {
            out.push_str(&format!("{title}\n"));
        }
        out.push_str(&chunk.join("\n"));
        match pages {
            Pages::Dashed => out.push_str(&format!("\n— {} —\n", i + 1)),
            Pages::NumberAndTitle => out.push_str(&format!("\n{}\n", i + 1)),
        }
    }
    out
}
