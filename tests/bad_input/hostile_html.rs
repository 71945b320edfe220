//! Script in a title, a source and a text is shown as text in every output.

use crate::harness::{Case, secrecy_2024};

#[test]
fn markup_in_titles_sources_and_texts_is_escaped_everywhere() {
    let c = Case::new();
    let script = "<script>alert('x')</script>";
    let img = "\"><img src=x onerror=alert(1)>";
    let old = secrecy_2024();
    let new = old.replacen("国家秘密受法律保护。", &format!("国家秘密受法律保护。{script}{img}"), 1);
    assert_ne!(old, new);
    let v1 = c.input("v1.txt", old.as_bytes());
    let v2 = c.input("v2.txt", new.as_bytes());
    let title = format!("保密法{script}");
    c.p.ok(&[
        "add",
        "hostile",
        v1.to_str().unwrap(),
        "--version",
        "1",
        "--adopted",
        "2020-01-01",
        "--title",
        &title,
        "--source",
        img,
    ]);
    c.p.ok(&[
        "add",
        "hostile",
        v2.to_str().unwrap(),
        "--version",
        "2",
        "--adopted",
        "2021-01-01",
        "--source",
        img,
    ]);
    let (_, html, _) = c.p.run(&["diff", "hostile", "1", "2", "--format", "html"]);
    let (_, md, _) = c.p.run(&["diff", "hostile", "1", "2", "--format", "md"]);
    c.p.ok(&["build"]);
    let site = c.path().join("reports/hostile");
    let mut pages = vec![("diff --format html", html), ("diff --format md", md)];
    for page in ["index.html", "compare/1..2.html", "versions/1.html", "versions/2.html"] {
        pages.push((page, std::fs::read_to_string(site.join(page)).unwrap()));
    }
    for (name, text) in &pages {
        assert!(!text.contains("<script>"), "{name} has a raw script tag");
        assert!(!text.contains("<img"), "{name} has a raw img tag");
    }
    // Escaped, not dropped: the reader sees what the text says.
    assert!(pages[0].1.contains("&lt;script&gt;"), "the HTML report shows the markup as text");
    assert!(pages[1].1.contains("&lt;script&gt;"), "the Markdown report shows the markup as text");
    // JSON carries the text as data.
    let (_, json, _) = c.p.run(&["diff", "hostile", "1", "2", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["header"]["title"], title.as_str());
}
