//! Two articles with the same number: refused from the store, naming both lines; two
//! files are still compared, the second article labelled by its occurrence.

use crate::harness::{Case, secrecy_2024};

/// The secrecy law of 2024 with 第十一条 numbered 第十条 again: the text, and the
/// (1-based) lines of the first and the second 第十条.
fn tenth_twice() -> (String, usize, usize) {
    let text = secrecy_2024();
    let lines: Vec<&str> = text.lines().collect();
    let first = lines.iter().position(|l| l.starts_with("第十条")).unwrap();
    let second = lines.iter().position(|l| l.starts_with("第十一条")).unwrap();
    let bad = text.replacen(lines[second], &lines[second].replacen("第十一条", "第十条", 1), 1);
    (bad, first + 1, second + 1)
}

#[test]
fn a_duplicate_article_names_both_lines() {
    let c = Case::new();
    let (bad, first, second) = tenth_twice();
    let file = c.input("dup.txt", bad.as_bytes());
    c.refuses(
        &Case::add_args(&file, "2025"),
        &[
            &format!("dup.txt:{second}:"),
            "duplicate article 第十条 (10)",
            &format!("first seen at line {first}"),
        ],
    );
}

/// Two files the user has are compared all the same: the second 第十条 is an article of
/// its own, `10~2`, paired with the article it is (new 11), with a warning for each
/// problem its number makes.
#[test]
fn two_files_with_a_duplicate_are_compared_with_a_warning() {
    let c = Case::new();
    let (bad, _, line) = tenth_twice();
    let (code, changed, err) = c.changes_against_2024("dup.txt", &bad, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(&format!("dup.txt:{line}: warning: duplicate article 第十条 (10)")), "{err}");
    assert!(err.contains("compared as article 10~2"), "{err}");
    assert!(err.contains("article numbers jump from 10 to 12: 11 missing; compared as written"), "{err}");
    assert_eq!(changed, ["10~2\t11\trenumbered\t1.000"]);
}
