// Deterministic synthetic revisions of a real law, with the true mapping.
//
// Shared by tests and benches (`include!`d, so no crate-level attributes here). The edit
// mimics a revision: about 10% of the articles get word-level edits, 20 articles are
// deleted and 20 inserted (an insertion at the very start and the last article deleted,
// so that every surviving article is renumbered).

use lexdiff::model::Kind;
use lexdiff::numerals;

/// A small deterministic generator (64-bit LCG, high bits).
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Lcg {
        Lcg(seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407))
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// What happened to one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    Kept { old: String, new: String, edited: bool },
    Deleted { old: String },
    Added { new: String },
}

/// Words used to edit and to write inserted articles (common legal vocabulary).
const WORDS: [&str; 16] = [
    "依法",
    "统筹",
    "加强",
    "监督",
    "管理",
    "保障",
    "制度",
    "组织",
    "实施",
    "协调",
    "规范",
    "完善",
    "有关部门",
    "应当",
    "促进",
    "建立健全",
];

pub fn edit_text(text: &str, rng: &mut Lcg) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = chars.clone();
    for _ in 0..1 + rng.below(3) {
        let word: Vec<char> = WORDS[rng.below(WORDS.len())].chars().collect();
        let pos = rng.below(out.len().max(1));
        match rng.below(3) {
            0 => {
                out.splice(pos..pos, word);
            }
            1 if out.len() > pos + 2 => {
                out.splice(pos..pos + 2, word);
            }
            _ if out.len() > pos + 2 => {
                out.drain(pos..pos + 2);
            }
            _ => {}
        }
    }
    out.into_iter().collect()
}

pub fn new_article(rng: &mut Lcg) -> String {
    let mut s = String::from("国家");
    for _ in 0..12 {
        s.push_str(WORDS[rng.below(WORDS.len())]);
    }
    s.push_str("新设事项第");
    s.push_str(&numerals::format(rng.below(900) as u32 + 1));
    s.push_str("号。");
    s
}

/// The lines of a law before its first heading or article: the title and the history of
/// its adoption and amendments.
pub fn head(doc: &lexdiff::model::Document) -> String {
    let mut out = String::new();
    for line in doc.title.iter().chain(doc.history.iter().map(|h| &h.text)) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Edits a law and returns the new text with the fate of every article.
pub fn edit(text: &str, seed: u64) -> (String, Vec<Fate>) {
    let doc = lexdiff::parse::parse(text, Kind::Law).expect("the source law parses").document;
    let mut rng = Lcg::new(seed);
    let n = doc.units.len();
    // Deletions spread over the second half, the last article always among them;
    // insertions at the start and spread over the first half.
    let mut deleted = std::collections::BTreeSet::from([n - 1]);
    while deleted.len() < 20 {
        deleted.insert(n / 2 + rng.below(n / 2 - 1));
    }
    let mut inserted = std::collections::BTreeSet::from([0]);
    while inserted.len() < 20 {
        inserted.insert(1 + rng.below(n / 2));
    }
    let mut out = head(&doc);
    let mut fates = Vec::new();
    let mut number = 0u32;
    let mut next_heading = 0;
    for (i, u) in doc.units.iter().enumerate() {
        while next_heading < doc.headings.len() && doc.headings[next_heading].line < u.line {
            out.push_str(&doc.headings[next_heading].text);
            out.push('\n');
            next_heading += 1;
        }
        if inserted.contains(&i) {
            number += 1;
            out.push_str(&format!("第{}条 {}\n", numerals::format(number), new_article(&mut rng)));
            fates.push(Fate::Added { new: number.to_string() });
        }
        if deleted.contains(&i) {
            fates.push(Fate::Deleted { old: u.label.clone() });
            continue;
        }
        number += 1;
        let edited = rng.below(10) == 0;
        let lines: Vec<String> = u.lines().map(|l| l.text.to_string()).collect();
        for (k, line) in lines.iter().enumerate() {
            let line = if edited && k == 0 { edit_text(line, &mut rng) } else { line.clone() };
            if k == 0 {
                out.push_str(&format!("第{}条 {line}\n", numerals::format(number)));
            } else {
                out.push_str(&line);
                out.push('\n');
            }
        }
        fates.push(Fate::Kept { old: u.label.clone(), new: number.to_string(), edited });
    }
    (out, fates)
}

/// The edited text only.
pub fn edit_law(text: &str, seed: u64) -> String {
    edit(text, seed).0
}
