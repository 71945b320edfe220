//! Two articles with the same number: refused, naming both lines.

use crate::harness::{Case, secrecy_2024};

#[test]
fn a_duplicate_article_names_both_lines() {
    let c = Case::new();
    let text = secrecy_2024();
    let lines: Vec<&str> = text.lines().collect();
    let first = lines.iter().position(|l| l.starts_with("第十条")).unwrap();
    let second = lines.iter().position(|l| l.starts_with("第十一条")).unwrap();
    let bad = text.replacen(lines[second], &lines[second].replacen("第十一条", "第十条", 1), 1);
    let file = c.input("dup.txt", bad.as_bytes());
    c.refuses(
        &Case::add_args(&file, "2025"),
        &[
            &format!("dup.txt:{}:", second + 1),
            "duplicate article 第十条 (10)",
            &format!("first seen at line {}", first + 1),
        ],
    );
}
