//! Missing article numbers mean an incomplete text: refused, naming the line and the gap.

use lexdiff::model::Kind;
use lexdiff::parse::parse;

use crate::harness::{Case, secrecy_2024};

#[test]
fn a_gap_in_the_numbering_is_refused() {
    let c = Case::new();
    let text = secrecy_2024();
    // Drop a whole article from the middle of the law.
    let doc = parse(&text, Kind::Law).unwrap().document;
    let (i, unit) = doc.units.iter().enumerate().find(|(i, u)| *i > 10 && u.paragraphs.len() == 1).unwrap();
    let (line, next) = (unit.line as usize, doc.units[i + 1].line as usize);
    let kept: String = text
        .lines()
        .enumerate()
        .filter(|(k, _)| !(line..next).contains(&(k + 1)))
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    let file = c.input("gap.txt", kept.as_bytes());
    let n: u32 = unit.label.parse().unwrap();
    c.refuses(
        &Case::add_args(&file, "2025"),
        &[
            &format!("gap.txt:{line}:"),
            &format!("article numbers jump from {} to {}: {n} missing", n - 1, n + 1),
        ],
    );
}
