//! A user template with a syntax error: the error names the template and the line, and the
//! published site stays as it was.

use crate::harness::Case;

#[test]
fn a_broken_template_is_named_with_its_line() {
    let c = Case::new();
    c.p.ok(&["build"]);
    let page = c.path().join("reports/state-secrets-law/compare/2010..2024.html");
    let published = std::fs::read(&page).unwrap();
    let templates = c.path().join("my-templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("compare.html"),
        "{% extends \"base.html\" %}\n{% block main %}\n{% if %}\n{% endblock %}\n",
    )
    .unwrap();
    let t = templates.to_str().unwrap();
    c.refuses(&["--templates", t, "build"], &["compare.html", "line 3"]);
    assert_eq!(std::fs::read(&page).unwrap(), published, "the previous site is intact");
    c.refuses(
        &["--templates", t, "diff", "state-secrets-law", "2010", "2024", "--format", "html"],
        &["compare.html", "line 3"],
    );
}

#[test]
fn a_template_that_fails_while_rendering_is_named() {
    let c = Case::new();
    let templates = c.path().join("my-templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("compare.html"), "line one\n{{ report.title | no_such_filter }}\n")
        .unwrap();
    let t = templates.to_str().unwrap();
    let diff = ["--templates", t, "diff", "state-secrets-law", "2010", "2024", "--format", "html"];
    let expected = ["compare.html", "line 2", "no_such_filter"];
    c.refuses(&diff, &expected);
    // A report is written as it is rendered: a failure halfway leaves the previous file
    // as it was, and no temporary file behind.
    let out = c.path().join("report.html");
    std::fs::write(&out, "the previous report").unwrap();
    c.refuses(&[&diff[..], &["-o", out.to_str().unwrap()]].concat(), &expected);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "the previous report");
    let left = crate::support::names_in(c.path(), |n| n.contains("lexdiff-tmp"));
    assert!(left.is_empty(), "{left:?}");
}
