//! Missing article numbers mean an incomplete text: refused from the store, naming the
//! line and the gap; two files are still compared, with that as a warning.

use lexdiff::model::Kind;
use lexdiff::parse::parse;

use crate::harness::{Case, secrecy_2024};

/// The secrecy law of 2024 with one article (single-paragraph, past the tenth) left out,
/// its label, the line it started on, and the text without it.
fn without_an_article() -> (String, usize, String) {
    let text = secrecy_2024();
    let doc = parse(&text, Kind::Law).unwrap().document;
    let (i, unit) = doc.units.iter().enumerate().find(|(i, u)| *i > 10 && u.paragraphs.len() == 1).unwrap();
    let (line, next) = (unit.line as usize, doc.units[i + 1].line as usize);
    let kept: String = text
        .lines()
        .enumerate()
        .filter(|(k, _)| !(line..next).contains(&(k + 1)))
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    (unit.label.clone(), line, kept)
}

#[test]
fn a_gap_in_the_numbering_is_refused() {
    let c = Case::new();
    let (label, line, kept) = without_an_article();
    let file = c.input("gap.txt", kept.as_bytes());
    let n: u32 = label.parse().unwrap();
    c.refuses(
        &Case::add_args(&file, "2025"),
        &[
            &format!("gap.txt:{line}:"),
            &format!("article numbers jump from {} to {}: {n} missing", n - 1, n + 1),
        ],
    );
}

/// Two files the user has are compared even with an article missing: with a warning
/// naming the line and the gap, the missing article `added` against the whole text, and
/// every other article in its place.
#[test]
fn two_files_with_a_gap_are_compared_with_a_warning() {
    let c = Case::new();
    let (label, line, kept) = without_an_article();
    let (code, changed, err) = c.changes_against_2024("gap.txt", &kept, &[]);
    assert_eq!(code, 1, "{err}");
    let n: u32 = label.parse().unwrap();
    assert!(
        err.contains(&format!(
            "gap.txt:{line}: warning: article numbers jump from {} to {}: {n} missing; compared as written",
            n - 1,
            n + 1
        )),
        "{err}"
    );
    assert_eq!(changed, [format!("\t{label}\tadded\t")]);
    // `-q` silences the warning, not the comparison.
    let (code, quiet, err) = c.changes_against_2024("gap.txt", &kept, &["-q"]);
    assert_eq!((code, quiet, err.as_str()), (1, changed, ""));
}
