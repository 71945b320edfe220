//! The static site and HTML reports, through the binary.

mod support;

use std::path::PathBuf;

use support::{Project, Texts, repo_root, snapshot};

/// A project with all the bundled versions (at least the 40 documents bundled now).
fn with_every_bundled_document() -> Project {
    let ids = support::bundled_document_ids();
    assert!(ids.len() >= 40, "{ids:?}");
    Project::with_every_bundled_document()
}

/// The `<main>` element of a page.
fn main_of(html: &str) -> &str {
    let start = html.find("<main>").expect("a main element");
    let end = html.find("</main>").expect("a closed main element");
    &html[start..end + "</main>".len()]
}

#[test]
fn build_writes_every_page_and_is_byte_identical_when_repeated() {
    let p = Project::with_documents(&[
        "state-secrets-law",
        "road-transport-regulations",
        "gov-work-report-hunan",
    ]);
    let out = p.ok(&["build"]);
    assert!(out.contains("3 documents, 7 versions, 4 comparisons"), "{out}");
    let site = p.path().join("reports");
    for f in [
        "index.html",
        "style.css",
        "README.md",
        "state-secrets-law/index.html",
        "state-secrets-law/compare/2010..2024.html",
        "state-secrets-law/versions/2010.html",
        "state-secrets-law/versions/2024.html",
        "state-secrets-law/articles/2024/34.html",
        "road-transport-regulations/compare/2019..2022.html",
        "road-transport-regulations/compare/2022..2023.html",
        "gov-work-report-hunan/compare/2024..2025.html",
    ] {
        assert!(site.join(f).is_file(), "{f} missing");
    }
    // A document of three versions or more is also compared first against latest, every
    // revision at once, linked from its page; one of two versions has its one comparison.
    let span = p.run(&["diff", "road-transport-regulations", "2019", "2023", "-f", "md"]).1;
    let built =
        std::fs::read_to_string(site.join("road-transport-regulations/compare/2019..2023.md")).unwrap();
    assert_eq!(built, span);
    let doc = std::fs::read_to_string(site.join("road-transport-regulations/index.html")).unwrap();
    assert!(doc.contains(r#"<a href="compare&#x2f;2019..2023.html">2019 → 2023</a>"#), "{doc}");
    assert!(site.join("road-transport-regulations/compare/2019..2023.docx").is_file());
    let doc = std::fs::read_to_string(site.join("state-secrets-law/index.html")).unwrap();
    assert!(!doc.contains("Every revision at once"), "{doc}");
    // One comparison: its page, Word, Markdown and JSON files, and its draft decision.
    assert_eq!(std::fs::read_dir(site.join("state-secrets-law/compare")).unwrap().count(), 5);
    // The index says how far each document's latest revision went: the differ's rows per
    // kind of its last two versions.
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    let row = index.split("<tr>").find(|r| r.contains("<code>road-transport-regulations</code>")).unwrap();
    let map = p.run(&["diff", "road-transport-regulations", "2022", "2023", "-f", "map"]).1;
    let kinds = support::kinds_in_map(&map);
    let changed: Vec<String> = kinds
        .iter()
        .filter(|(k, _)| *k != "unchanged")
        .map(|(k, n)| format!("<span class=\"{k}\" title=\"{k}\">{} {n}</span>", support::kind_label(k)))
        .collect();
    assert!(!changed.is_empty(), "{map}");
    for c in &changed {
        assert!(row.contains(c), "{c} in {row}");
    }
    assert_eq!(row.matches("title=").count(), changed.len(), "{row}");
    // And how many headings it retitled, added or deleted, as the comparison lists them
    // (the Hunan report's sections, retitled for the new year); none in the regulations.
    let row = index.split("<tr>").find(|r| r.contains("<code>gov-work-report-hunan</code>")).unwrap();
    let json = p.run(&["diff", "gov-work-report-hunan", "2024", "2025", "-f", "json"]).1;
    let listed =
        serde_json::from_str::<serde_json::Value>(&json).unwrap()["headings"].as_array().unwrap().len();
    assert!(listed > 0);
    let headings = format!(
        r#"<span class="headings" title="headings retitled, added or deleted">章节标题 {listed}</span>"#
    );
    assert!(row.contains(&headings), "{headings} in {row}");
    // Beside each report, its table as `diff --format md` and `--format json` print it,
    // linked from the page.
    for (format, ext) in [("md", "md"), ("json", "json"), ("decision", "decision.txt")] {
        let printed = p.run(&["diff", "road-transport-regulations", "2022", "2023", "-f", format]).1;
        let file = format!("road-transport-regulations/compare/2022..2023.{ext}");
        assert_eq!(std::fs::read_to_string(site.join(&file)).unwrap(), printed, "{file}");
    }
    let report =
        std::fs::read_to_string(site.join("road-transport-regulations/compare/2022..2023.html")).unwrap();
    assert!(report.contains(r#"<a href="2022..2023.md" download>Markdown</a>"#), "{report}");
    assert!(report.contains(r#"<a href="2022..2023.json" download>JSON</a>"#));
    assert!(report.contains(r#"<a href="2022..2023.decision.txt" download>修改决定草稿</a>"#));
    // Reports are not amended by decisions.
    assert!(!site.join("gov-work-report-hunan/compare/2024..2025.decision.txt").exists());
    assert!(site.join("gov-work-report-hunan/compare/2024..2025.json").is_file());
    // The README a build writes is the one tracked in the repository.
    assert_eq!(
        std::fs::read_to_string(site.join("README.md")).unwrap(),
        std::fs::read_to_string(repo_root().join("reports/README.md")).unwrap()
    );
    let first = snapshot(&site);
    p.ok(&["build"]);
    assert!(first == snapshot(&site), "a second build changed the site");
    // Self-contained: no page loads anything from the network.
    for (path, bytes) in &first {
        let text = String::from_utf8_lossy(bytes);
        for remote in ["src=\"http", "href=\"http", "url(http", "src=\"//", "href=\"//"] {
            assert!(!text.contains(remote), "{path:?} loads {remote}");
        }
    }
}

/// A rebuild after another document arrived rewrites only the pages that changed: a page
/// of the document left alone is the same file (same inode and time, so a publishing step
/// that copies changed files skips it), and the site is byte for byte a fresh build's.
/// A document's pages name the store commit its own history ends at, the index the
/// store's head.
#[test]
fn a_rebuild_rewrites_only_the_pages_that_changed() {
    use std::os::unix::fs::MetadataExt;
    let p = Project::with_documents(&["state-secrets-law"]);
    p.ok(&["build", "-q"]);
    let site = p.path().join("reports");
    let (page, index) = (site.join("state-secrets-law/compare/2010..2024.html"), site.join("index.html"));
    let file = |f: &PathBuf| {
        let m = std::fs::metadata(f).unwrap();
        (m.ino(), m.mtime(), m.mtime_nsec())
    };
    let (page_before, index_before) = (file(&page), file(&index));
    p.add_document("charity-law");
    p.ok(&["build", "-q"]);
    assert_eq!(file(&page), page_before, "an unchanged page is the same file");
    assert_ne!(file(&index).0, index_before.0, "the index, which lists the new document, is new");
    let commit = |r: &str| support::git(&p.store(), &["rev-parse", r])[..12].to_string();
    let footer = |f: &PathBuf, c: String| {
        assert!(
            std::fs::read_to_string(f).unwrap().contains(&format!("store commit <code>{c}</code>")),
            "{f:?}"
        );
    };
    footer(&page, commit("docs/state-secrets-law"));
    footer(&index, commit("main"));
    let rebuilt = snapshot(&site);
    std::fs::remove_dir_all(&site).unwrap();
    p.ok(&["build", "-q"]);
    assert!(rebuilt == snapshot(&site), "a rebuild differs from a fresh build");
}

#[test]
fn the_report_marks_changes_anchors_and_the_hide_control() {
    let p = Project::with_documents(&["state-secrets-law"]);
    p.ok(&["build"]);
    let html =
        std::fs::read_to_string(p.path().join("reports/state-secrets-law/compare/2010..2024.html")).unwrap();
    assert!(html.contains(r#"id="old-28""#) && html.contains(r#"id="new-34""#));
    assert!(html.contains(r#"<input type="checkbox" id="hide-same" class="toggle">"#));
    assert!(html.contains("<del>") && html.contains("<ins>"));
    // The renumbered reference of old 50 → new 59 is marked, not shown as a plain change.
    assert!(
        html.contains(r#"<span class="ref" title="cross-reference renumbered">第三十四条</span>"#),
        "reference"
    );
    assert!(html.contains(r#"<span class="badge was" title="old article 50">原第五十条</span>"#));
    let css = std::fs::read_to_string(p.path().join("reports/style.css")).unwrap();
    assert!(
        css.contains("@media print")
            && css.contains("size: A4 landscape")
            && css.contains("display: table-header-group")
    );
    assert!(css.contains("WenQuanYi Micro Hei"), "a CJK font stack");
}

/// The table of contents of a long law's report says where its few changes are: the
/// criminal law 2020 → 2023 (Amendment XII) changed 7 of 505 articles, under two of its
/// 56 headings; a part (`第二编`) counts the changes of its chapters.
#[test]
fn the_contents_say_under_which_headings_the_changes_are() {
    let p = Project::with_documents(&["criminal-law"]);
    p.ok(&["build", "-q"]);
    let html =
        std::fs::read_to_string(p.path().join("reports/criminal-law/compare/2020..2023.html")).unwrap();
    let start = html
        .find(r#"<details class="contents">"#)
        .expect("closed: a hundred lines would push the table down");
    let contents = &html[start..start + html[start..].find("</details>").unwrap()];
    let lines: Vec<&str> = contents.split("<li ").skip(1).collect();
    assert_eq!(lines.len(), 56);
    let changed: Vec<&&str> = lines.iter().filter(|l| l.contains(" changed</span>")).collect();
    let text = |l: &str| {
        let mut out = String::new();
        let mut in_tag = false;
        for ch in l.split_once('>').unwrap().1.chars() {
            match ch {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    };
    let changed: Vec<String> = changed.iter().map(|l| text(l).trim().to_string()).collect();
    assert_eq!(
        changed,
        [
            "第二编 分则 7 changed",
            "第三章 破坏社会主义市场经济秩序罪 3 changed",
            "第三节 妨害对公司、企业的管理秩序罪 3 changed",
            "第八章 贪污贿赂罪 4 changed",
        ]
    );
    // Each line links to the section of the table it heads, or, for a part or a chapter
    // of sections (which the table does not head), to the first section under it.
    let mut linked_to_itself = 0;
    for line in &lines {
        let anchor = line.split(r##"href="#"##).nth(1).unwrap().split('"').next().unwrap();
        let title =
            line.split("<a ").nth(1).unwrap().split_once('>').unwrap().1.split("</a>").next().unwrap();
        let row = format!(r#"<tr class="section" id="{anchor}"><th colspan="3" scope="rowgroup">"#);
        assert!(html.contains(&row), "{anchor}");
        linked_to_itself += usize::from(html.contains(&format!("{row}{title}</th>")));
    }
    assert_eq!(linked_to_itself, 56 - 2 - 5, "all but the two parts and the five chapters of sections");
    assert!(lines[0].starts_with(r##"class="depth-0 quiet"><a href="#s1">第一编 总则"##), "{}", lines[0]);
    assert!(lines[1].starts_with(r##"class="depth-1 quiet"><a href="#s1">第一章"##), "{}", lines[1]);
}

/// A version's page lists its headings, each with the first and last article under it,
/// linked to the heading in the text: where a chapter of a 452-article code starts and
/// ends is what its reader looks up first. Levels indent by rank: the criminal law has
/// parts, chapters and sections (no subparts), so a chapter is indented once.
#[test]
fn a_versions_contents_give_each_headings_articles() {
    let p = Project::with_documents(&["criminal-law"]);
    p.ok(&["build", "-q"]);
    let html = std::fs::read_to_string(p.path().join("reports/criminal-law/versions/2023.html")).unwrap();
    let start = html.find(r#"<details class="contents">"#).expect("closed: 55 lines");
    let contents = &html[start..start + html[start..].find("</details>").unwrap()];
    let lines: Vec<&str> = contents.split("<li ").skip(1).map(|l| l.split("</li>").next().unwrap()).collect();
    assert_eq!(lines.len(), 55);
    for (k, line) in lines.iter().enumerate() {
        let anchor = format!("h-{}", k + 1);
        assert!(line.contains(&format!(r##"<a href="#{anchor}">"##)), "{line}");
        let title =
            line.split_once("\">").unwrap().1.split_once('>').unwrap().1.split("</a>").next().unwrap();
        assert!(html.contains(&format!(r#" id="{anchor}">{title}</h2>"#)), "{anchor} {title}");
    }
    assert_eq!(
        lines[0],
        r##"class="depth-0"><a href="#h-1">第一编 总则</a> <span class="count">第一条–第一百零一条</span>"##
    );
    assert_eq!(
        lines[1],
        r##"class="depth-1"><a href="#h-2">第一章 刑法的任务、基本原则和适用范围</a> <span class="count">第一条–第十二条</span>"##
    );
    let economic = lines.iter().find(|l| l.contains("第三章 破坏社会主义市场经济秩序罪")).unwrap();
    assert!(economic.starts_with(r#"class="depth-1">"#), "{economic}");
    assert!(economic.ends_with("第一百四十条–第二百三十一条</span>"), "{economic}");
    let section = lines.iter().find(|l| l.contains("第三节 妨害对公司、企业的管理秩序罪")).unwrap();
    assert!(section.starts_with(r#"class="depth-2">"#), "{section}");
    assert!(section.ends_with("第一百五十八条–第一百六十九条之一</span>"), "{section}");
}

/// A document's page sets in bold the articles whose text a revision changed, their
/// ancestors' included, and names the revisions: for the road transport regulations,
/// what the differ's two comparisons say, followed article by article from 2019 to 2023.
#[test]
fn the_document_page_marks_the_articles_revisions_changed() {
    let id = "road-transport-regulations";
    let p = Project::with_documents(&[id]);
    p.ok(&["build", "-q"]);
    // The expectation, from the differ's JSON: (new label → revisions) per comparison.
    let mut changed: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (old, new) in [("2019", "2022"), ("2022", "2023")] {
        let (code, json, err) = p.run(&["diff", id, old, new, "--format", "json"]);
        assert_eq!(code, 1, "{err}");
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        let mut next: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for row in json["rows"].as_array().unwrap() {
            let Some(label) = row["new"]["label"].as_str() else { continue };
            let mine = next.entry(label.to_string()).or_default();
            if let Some(before) = row["old"]["label"].as_str().and_then(|l| changed.get(l)) {
                mine.extend(before.iter().cloned());
            }
            let kind = row["kind"].as_str().unwrap();
            if !matches!(kind, "unchanged" | "renumbered") && !row["reference_only"].as_bool().unwrap() {
                mine.push(format!("{old} → {new} {kind}"));
            }
            mine.dedup();
        }
        changed = next;
    }
    let html = std::fs::read_to_string(p.path().join(format!("reports/{id}/index.html"))).unwrap();
    let articles = html.split(r#"<p class="articles">"#).nth(1).unwrap().split("</p>").next().unwrap();
    let mut bold = 0;
    for link in articles.split("<a ").skip(1) {
        let label = link.split_once('>').unwrap().1.split("</a>").next().unwrap();
        let want = &changed[label];
        let title = link.split(r#"title=""#).nth(1).map(|t| t.split('"').next().unwrap());
        match title {
            None => assert!(want.is_empty() && !link.contains("changed"), "{label}: {want:?}"),
            Some(title) => {
                bold += 1;
                assert!(
                    link.starts_with(r#"href="articles&#x2f;2023&#x2f;"#)
                        && link.contains(r#"class="changed""#)
                );
                let got: Vec<&str> = title.split("; ").collect();
                let want: Vec<String> = want
                    .iter()
                    .map(|w| {
                        w.replace("modified", "修改")
                            .replace("added", "新增")
                            .replace("split", "拆分")
                            .replace("merged", "合并")
                    })
                    .collect();
                assert_eq!(got, want, "{label}");
            }
        }
    }
    assert_eq!(bold, 43);
    assert!(html.contains("in bold the 43 whose text a revision changed"));
    // Old 63 was rewritten in both revisions.
    assert!(articles.contains(r#"title="2019 → 2022 修改; 2022 → 2023 修改">63</a>"#), "{articles}");
}

/// A version's page marks each article with what the revision into it did (its kind,
/// what it was: `原第五条`, `拆分自 第十三条`) and what the next revision did to it
/// (`2024: 拆分为 第十七条、第十八条`), as the differ's JSON has the rows, each mark linked to
/// the article's row in the comparison report; an article kept as it was is not marked,
/// nor a first version by a revision into it, nor the latest by a next one.
#[test]
fn a_versions_page_marks_what_its_revisions_did() {
    let p = Project::with_documents(&["state-secrets-law", "road-transport-regulations"]);
    p.ok(&["build", "-q"]);
    let site = p.path().join("reports");
    let mut checked = 0;
    for (id, old, new) in [
        ("state-secrets-law", "2010", "2024"),
        ("road-transport-regulations", "2019", "2022"),
        ("road-transport-regulations", "2022", "2023"),
    ] {
        let json = p.run(&["diff", id, old, new, "--format", "json"]).1;
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        let report = std::fs::read_to_string(site.join(format!("{id}/compare/{old}..{new}.html"))).unwrap();
        // The new version's page marks where its articles came from, the old version's
        // where they went (after the other revision's marks, on a page between two).
        for (side, other, version) in [("new", "old", new), ("old", "new", old)] {
            // (kind, the partners' names, repealed) per label of `side`, from the differ.
            let mut want: std::collections::BTreeMap<String, (String, Vec<String>, bool)> =
                Default::default();
            for row in json["rows"].as_array().unwrap() {
                let (Some(label), kind) = (row[side]["label"].as_str(), row["kind"].as_str().unwrap()) else {
                    continue;
                };
                if kind == "unchanged" {
                    continue;
                }
                let repealed = row["repealed"].as_bool().unwrap_or(false);
                let entry =
                    want.entry(label.to_string()).or_insert_with(|| (kind.to_string(), Vec::new(), repealed));
                if let Some(prefix) = row[other]["prefix"].as_str() {
                    entry.1.push(prefix.to_string());
                }
            }
            assert!(want.len() > 5, "{id} {side}");
            let page = std::fs::read_to_string(site.join(format!("{id}/versions/{version}.html"))).unwrap();
            let mut marked = 0;
            for section in page.split(r#"<section class="unit" id="a-"#).skip(1) {
                let label = section.split('"').next().unwrap();
                let head = section.split("</h3>").next().unwrap();
                let badges: Vec<&str> = head.split(r#"<a class="badge change "#).skip(1).collect();
                let badge = badges.iter().find(|b| b.contains(&format!("{old}..{new}.html#{side}-")));
                let Some(badge) = badge else {
                    assert!(
                        !want.contains_key(label),
                        "{id} {version} {label}: not marked, but {:?}",
                        want[label]
                    );
                    continue;
                };
                marked += 1;
                // The revision into the version first, the next one after it.
                let at = if side == "new" { 0 } else { badges.len() - 1 };
                assert_eq!(badges.iter().position(|b| b == badge), Some(at), "{label}: {head}");
                let (kind, partners, repealed) = &want[label];
                let next = if side == "old" { "next " } else { "" };
                let href =
                    format!(r#"{next}{kind}" href="..&#x2f;compare&#x2f;{old}..{new}.html#{side}-{label}""#);
                assert!(badge.starts_with(&href), "{label}: {badge}");
                assert!(report.contains(&format!(r#"id="{side}-{label}""#)), "{label}: no row to link to");
                let text = badge.split_once("\">").unwrap().1.split("</a>").next().unwrap();
                let p = partners.join("、");
                let renumbered = partners.iter().any(|o| *o != head_name(head));
                let expected = match (side, kind.as_str()) {
                    ("new", "added") => "新增".to_string(),
                    ("new", "split") => format!("拆分自 {p}"),
                    ("new", "merged") => format!("合并自 {p}"),
                    ("new", "renumbered") => format!("原{p}"),
                    ("new", "modified") if renumbered => format!("原{p}"),
                    ("old", "deleted") if *repealed => format!("{new}: 删去 保留条号"),
                    ("old", "deleted") => format!("{new}: 删除"),
                    ("old", "split") => format!("{new}: 拆分为 {p}"),
                    ("old", "merged") => format!("{new}: 合并入 {p}"),
                    ("old", "renumbered") => format!("{new}: 现{p}"),
                    ("old", "modified") if renumbered => format!("现{p}"),
                    ("old", "modified") => format!("{new}: 修改"),
                    ("new", "modified") => "修改".to_string(),
                    other => unreachable!("{other:?}"),
                };
                assert!(text.ends_with(&expected), "{id} {version} {label}: {text} for {kind} {partners:?}");
                if side == "old" {
                    assert!(text.starts_with(&format!("{new}: ")), "{text}");
                }
            }
            assert_eq!(marked, want.len(), "{id} {version}: every article the revision changed is marked");
            checked += marked;
            let line = if side == "new" { "修订 Revision" } else { "下次修订 Next revision" };
            let line =
                format!(r#"{line} <a href="..&#x2f;compare&#x2f;{old}..{new}.html">{old} → {new}</a>"#);
            assert!(page.contains(&line), "{id} {version}: {line}");
        }
    }
    assert!(checked > 150, "{checked}");
    // A first version has no revision into it, the latest none after it.
    for (page, line) in [
        ("state-secrets-law/versions/2010.html", "修订 Revision"),
        ("state-secrets-law/versions/2024.html", "下次修订"),
    ] {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        assert!(
            !html.contains(&format!(
                r#"<p class="compare-link revision{}">{line}"#,
                if line == "下次修订" { " next" } else { "" }
            )),
            "{page}"
        );
    }
    // Known rows of the secrecy law: old 13 split into new 17 and 18; old 5 is new 6.
    let new = std::fs::read_to_string(site.join("state-secrets-law/versions/2024.html")).unwrap();
    let old = std::fs::read_to_string(site.join("state-secrets-law/versions/2010.html")).unwrap();
    for (page, label, text) in [
        (&new, "17", "拆分自 第十三条"),
        (&new, "18", "拆分自 第十三条"),
        (&new, "6", "原第五条"),
        (&new, "3", "新增"),
        (&old, "13", "2024: 拆分为 第十七条、第十八条"),
        (&old, "5", "2024: 现第六条"),
    ] {
        let section =
            page.split(&format!(r#"id="a-{label}""#)).nth(1).unwrap().split("</h3>").next().unwrap();
        assert!(section.contains(&format!(">{text}</a>")), "{label}: {section}");
    }
}

/// The name in a version page's unit heading (`第六条`).
fn head_name(head: &str) -> &str {
    head.split(r#"class="anchor""#).nth(1).unwrap().split_once('>').unwrap().1.split('<').next().unwrap()
}

#[test]
fn report_main_snapshot() {
    let p = Project::with_documents(&["road-transport-regulations"]);
    p.ok(&["build"]);
    let html =
        std::fs::read_to_string(p.path().join("reports/road-transport-regulations/compare/2022..2023.html"))
            .unwrap();
    insta::assert_snapshot!(main_of(&html));
}

#[test]
fn a_user_template_wins_and_a_missing_folder_is_an_error() {
    let p = Project::with_documents(&["state-secrets-law"]);
    let dir = p.path().join("my-templates");
    p.ok(&["templates", "export", dir.to_str().unwrap()]);
    for name in [
        "base.html",
        "compare.html",
        "compare_rows.html",
        "document.html",
        "history.html",
        "index.html",
        "search.html",
        "version.html",
        "style.css",
        "search.js",
    ] {
        assert!(dir.join(name).is_file(), "{name} not exported");
    }
    let compare = std::fs::read_to_string(dir.join("compare.html")).unwrap();
    std::fs::write(dir.join("compare.html"), compare.replace("修订对照表 Comparison", "MY OWN TABLE"))
        .unwrap();
    // The rows are rendered section by section through their own template.
    let rows = std::fs::read_to_string(dir.join("compare_rows.html")).unwrap();
    std::fs::write(dir.join("compare_rows.html"), rows.replace("<tbody>", "<tbody class=\"mine\">")).unwrap();
    p.ok(&["build", "--templates", dir.to_str().unwrap()]);
    let html =
        std::fs::read_to_string(p.path().join("reports/state-secrets-law/compare/2010..2024.html")).unwrap();
    assert!(html.contains("MY OWN TABLE"));
    // One body per chapter of the 2024 law.
    let bodies = html.matches("<tbody class=\"mine\">").count();
    assert!(bodies >= 6 && bodies >= html.matches("<tr class=\"section\"").count(), "{html}");
    // A template written for an earlier version is told what replaced what it uses.
    std::fs::write(
        dir.join("compare_rows.html"),
        rows.replace("{{- cell.body }}", "{%- for line in cell.lines %}<p>{{ line.html }}</p>{% endfor %}"),
    )
    .unwrap();
    let (code, _, err) = p.run(&["build", "--templates", dir.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("template compare_rows.html: line 18"), "{err}");
    assert!(err.contains("`cell.lines` was replaced by `cell.body`"), "{err}");
    std::fs::write(dir.join("compare_rows.html"), &rows).unwrap();
    let (code, _, err) = p.run(&["build", "--templates", "no-such-folder"]);
    assert_eq!(code, 2);
    assert!(err.contains("no-such-folder: the templates folder does not exist"), "{err}");
    // A broken template names itself and its line.
    std::fs::write(
        dir.join("index.html"),
        "{% extends \"base.html\" %}\n{% block main %}\n{{ site.title \n{% endblock %}\n",
    )
    .unwrap();
    let (code, _, err) = p.run(&["build", "--templates", dir.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("template index.html: line 4: syntax error"), "{err}");
}

/// The rows of a comparison are written in Rust while `compare_rows.html` is the built-in
/// one; the template stays their definition. Every page of the whole bundled site must
/// come out the same through the template engine (the exported defaults as a user's own
/// templates).
#[test]
fn built_in_rows_are_the_bytes_of_their_template() {
    let p = with_every_bundled_document();
    let dir = p.path().join("my-templates");
    p.ok(&["templates", "export", dir.to_str().unwrap()]);
    // A comment makes it a template of the user's own (an unchanged copy keeps the rows
    // written in Rust) without changing what it renders.
    let rows = dir.join("compare_rows.html");
    let source = std::fs::read_to_string(&rows).unwrap();
    std::fs::write(&rows, format!("{{# my own #}}{source}")).unwrap();
    let site = p.path().join("reports");
    p.ok(&["build"]);
    let built_in = snapshot(&site);
    // A document's page counts a version's articles as `show` and its comparisons do,
    // sub-articles included, and names its appendices beside them.
    let shown = p.ok(&["show", "criminal-law@2023"]);
    let size = shown.lines().find(|l| l.contains(" sub-articles + 2 appendices")).expect("a size line");
    // `452 articles + 53 sub-articles + 2 appendices, 15 chapters`
    let articles: usize = size
        .trim()
        .split(" + ")
        .take(2)
        .map(|p| p.split(' ').next().unwrap().parse::<usize>().unwrap())
        .sum();
    let page = String::from_utf8_lossy(&built_in[&PathBuf::from("criminal-law/index.html")]).to_string();
    assert!(page.contains(&format!(">{articles} 条 articles + 2 附件 appendices, ")), "{page}");
    p.ok(&["build", "--templates", dir.to_str().unwrap()]);
    let templated = snapshot(&site);
    assert_eq!(built_in.keys().collect::<Vec<_>>(), templated.keys().collect::<Vec<_>>());
    let compares = built_in.keys().filter(|k| k.to_string_lossy().contains("/compare/")).count();
    assert!(compares >= 40, "{compares} comparison pages");
    for (path, bytes) in &built_in {
        if bytes != &templated[path] {
            let (a, b) = (String::from_utf8_lossy(bytes), String::from_utf8_lossy(&templated[path]));
            let at = a.bytes().zip(b.bytes()).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
            let from = at.saturating_sub(200);
            panic!(
                "{path:?} differs at byte {at}:\nbuilt in:  {:?}\ntemplate: {:?}",
                a.get(from..(at + 200).min(a.len())).unwrap_or_default(),
                b.get(from..(at + 200).min(b.len())).unwrap_or_default()
            );
        }
    }
}

#[test]
fn scripts_in_titles_and_texts_are_escaped() {
    let p = Project::empty();
    let text = "<script>alert(1)</script>法\n第一条 \"><img src=x onerror=alert(1)> 甲。\n";
    let file = p.path().join("t.txt");
    std::fs::write(&file, text).unwrap();
    p.ok(&[
        "add",
        "hostile",
        file.to_str().unwrap(),
        "--version",
        "1",
        "--adopted",
        "2020-01-01",
        "--title",
        "<script>alert('t')</script>",
        "--source",
        "<b>src</b>",
    ]);
    std::fs::write(&file, text.replace("甲", "乙")).unwrap();
    p.ok(&["add", "hostile", file.to_str().unwrap(), "--version", "2", "--adopted", "2021-01-01"]);
    p.ok(&["build"]);
    for page in [
        "index.html",
        "hostile/index.html",
        "hostile/compare/1..2.html",
        "hostile/versions/1.html",
        "hostile/articles/1/1.html",
        "hostile/articles/2/1.html",
    ] {
        let html = std::fs::read_to_string(p.path().join("reports").join(page)).unwrap();
        assert!(!html.contains("<script>"), "{page}");
        assert!(!html.contains("<img"), "{page}");
        assert!(!html.contains("<b>src"), "{page}");
    }
    let html = std::fs::read_to_string(p.path().join("reports/hostile/versions/1.html")).unwrap();
    assert!(html.contains("&lt;script&gt;alert(&#x27;t&#x27;)&lt;&#x2f;script&gt;"), "{html}");
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), "{html}");
}

#[test]
fn diff_html_is_one_self_contained_page() {
    let p = Project::with_documents(&["state-secrets-law"]);
    let out = p.path().join("report.html");
    let (code, _, err) = p.run(&[
        "diff",
        "state-secrets-law",
        "2010",
        "2024",
        "--format",
        "html",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("<style>") && html.contains("@media print"));
    assert!(!html.contains("<link rel=\"stylesheet\""));
    assert!(html.contains(r#"id="new-59""#));
    assert!(html.contains(r#"<html lang="zh">"#), "the document's language");
    assert!(!html.contains("class=\"downloads\""), "a page alone links no files beside it");
    // Without --format, the output file's extension names it; --format still wins.
    let to = |name: &str, format: Option<&str>| {
        let mut args = vec!["diff", "state-secrets-law", "2010", "2024", "-o", name];
        args.extend(format.map(|f| ["-f", f]).into_iter().flatten());
        assert_eq!(p.run(&args).0, 1, "{name}");
        std::fs::read_to_string(p.path().join(name)).unwrap()
    };
    assert_eq!(to("inferred.html", None), html);
    let md = p.run(&["diff", "state-secrets-law", "2010", "2024", "-f", "md"]).1;
    assert_eq!(to("table.md", None), md);
    assert!(to("table.tsv", None).starts_with("old\tnew\tkind\tscore\n"));
    let text = to("plain.txt", None);
    assert!(text.starts_with("中华人民共和国保守国家秘密法  2010 → 2024"), "{text}");
    assert_eq!(to("asked.html", Some("text")), text);
    // Two files: Chinese when they hold it.
    let files = ["versions/state-secrets-law/2010.txt", "versions/state-secrets-law/2024.txt"];
    let (code, _, err) = p.run(&["diff", "--files", files[0], files[1], "--format", "html", "-o", "f.html"]);
    assert_eq!(code, 1, "{err}");
    assert!(std::fs::read_to_string(p.path().join("f.html")).unwrap().contains(r#"<html lang="zh">"#));
}

/// A template that fails near the end of the page (after the whole table) leaves no part
/// of the page: not on stdout (`> report.html` would keep it), and not in the `-o` file,
/// which keeps its previous content.
#[test]
fn a_template_failing_late_leaves_no_partial_page() {
    let p = Project::with_documents(&["state-secrets-law"]);
    let dir = p.path().join("my-templates");
    p.ok(&["templates", "export", dir.to_str().unwrap()]);
    let compare = std::fs::read_to_string(dir.join("compare.html")).unwrap();
    assert!(compare.contains("</article>"));
    std::fs::write(
        dir.join("compare.html"),
        compare.replace("</article>", "{{ r.no_such.field }}</article>"),
    )
    .unwrap();
    let args = ["diff", "state-secrets-law", "2010", "2024", "--format", "html", "--templates"];
    let mut args: Vec<&str> = args.to_vec();
    args.push(dir.to_str().unwrap());
    let (code, out, err) = p.run(&args);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("template compare.html"), "{err}");
    // The table alone is far more than the stdout buffer: without rendering the page
    // whole first, most of it would have been sent.
    assert_eq!(out, "", "a partial page went to stdout");
    let file = p.path().join("report.html");
    std::fs::write(&file, "old").unwrap();
    args.extend(["-o", file.to_str().unwrap()]);
    let (code, _, err) = p.run(&args);
    assert_eq!(code, 2, "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "old");
    let left: Vec<_> = std::fs::read_dir(p.path()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert!(!left.iter().any(|n| n.to_string_lossy().contains("lexdiff-tmp")), "{left:?}");
}

#[test]
fn an_interrupted_build_leaves_the_previous_site_whole() {
    let p = with_every_bundled_document();
    p.ok(&["build"]);
    let site = p.path().join("reports");
    let before = snapshot(&site);
    // Change a text so that a finished build would differ, then kill builds midway.
    let path = p.path().join("versions/state-secrets-law/2024.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("第五条 国家秘密受法律保护。", "第五条 国家秘密受法律保护。\n本条为测试所加。"),
    )
    .unwrap();
    for delay in [5u64, 20, 60, 120, 200] {
        let mut child = p.command(&["build", "--no-import"]).spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let status = child.wait().unwrap();
        let now = snapshot(&site);
        if status.success() {
            // The build finished before the kill: the new site is complete.
            assert!(now.contains_key(&PathBuf::from("index.html")));
        } else {
            assert!(now == before, "killed after {delay} ms: the previous site changed");
        }
    }
    // The next build completes and leaves no temporary folders behind.
    p.ok(&["build", "--no-import"]);
    let leftovers = support::names_in(p.path(), |n| n.starts_with(".reports."));
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let html = std::fs::read_to_string(site.join("state-secrets-law/versions/2024.html")).unwrap();
    assert!(html.contains("本条为测试所加"));
}

/// A file where the site should go is not replaced by it, and an output that is a link
/// to a folder stays a link, the folder it points to holding the new site.
#[test]
fn a_file_in_the_way_stays_and_a_linked_output_stays_a_link() {
    let p = Project::with_documents(&["state-secrets-law"]);
    let file = p.path().join("notes.txt");
    std::fs::write(&file, "mine").unwrap();
    let (code, _, err) = p.run(&["build", "-o", "notes.txt"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cannot write the site to notes.txt") && err.contains("not a folder"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    let hidden = support::names_in(p.path(), |n| n.starts_with(".notes.txt."));
    assert!(hidden.is_empty(), "{hidden:?}");

    #[cfg(unix)]
    {
        let real = p.path().join("public");
        std::fs::create_dir(&real).unwrap();
        std::os::unix::fs::symlink(&real, p.path().join("site")).unwrap();
        for _ in 0..2 {
            p.ok(&["build", "-o", "site"]);
            assert!(std::fs::symlink_metadata(p.path().join("site")).unwrap().file_type().is_symlink());
            assert!(real.join("state-secrets-law/compare/2010..2024.html").is_file());
        }
    }
}

/// The report of a law written with spaces (an illustrative text): its own numbering in
/// badges and headings, and its renumbered cross-reference marked.
#[test]
fn a_report_on_a_law_written_with_spaces_speaks_its_numbering() {
    let p = Project::empty();
    let old = "Regulation on widgets\nCHAPTER I\nGeneral provisions\nArticle 1\nSubject matter\n\
        This Regulation lays down rules on widgets.\nCHAPTER II\nObligations\nArticle 2\nLabels\n\
        Sellers shall label widgets.\nArticle 3\nPenalties\nPenalties apply to breaches of Article 2.\n";
    let new = "Regulation on widgets\nCHAPTER I\nGeneral provisions\nArticle 1\nSubject matter\n\
        This Regulation lays down rules on widgets.\nArticle 2\nScope\nIt applies in the Union.\n\
        CHAPTER II\nObligations\nArticle 3\nLabels\nSellers shall label widgets.\nArticle 4\n\
        Penalties\nPenalties apply to breaches of Article 3.\n";
    std::fs::write(p.path().join("old.txt"), old).unwrap();
    std::fs::write(p.path().join("new.txt"), new).unwrap();
    let (code, _, err) =
        p.run(&["diff", "--files", "old.txt", "new.txt", "--format", "html", "-o", "r.html"]);
    assert_eq!(code, 1, "{err}");
    let html = std::fs::read_to_string(p.path().join("r.html")).unwrap();
    assert!(html.contains(r#"<span class="badge was" title="old article 2">formerly Article 2</span>"#));
    assert!(html.contains(r#"<span class="ref" title="cross-reference renumbered">Article 3</span>"#));
    assert!(html.contains("CHAPTER II Obligations") && !html.contains("第二章"));
    // Two files of unknown language without Chinese: not marked as Chinese.
    assert!(html.contains(r#"<html lang="und">"#), "{}", &html[..200]);
    // Stored with its language, the document's pages carry it.
    for (v, date, file) in [("2020", "2020-01-15", "old.txt"), ("2024", "2024-03-01", "new.txt")] {
        let mut args = vec!["add", "widgets", file, "--version", v, "--adopted", date];
        if v == "2020" {
            args.extend(["--title", "Regulation on widgets", "--kind", "law", "--language", "en"]);
        }
        p.ok(&args);
    }
    p.ok(&["build"]);
    let page = std::fs::read_to_string(p.path().join("reports/widgets/compare/2020..2024.html")).unwrap();
    assert!(page.contains(r#"<html lang="en">"#));
    let index = std::fs::read_to_string(p.path().join("reports/index.html")).unwrap();
    assert!(index.contains(r#"<html lang="zh">"#));
}

/// The site's search holds every unit of every version: each document's script
/// (`<id>/search.js`) has each distinct text of a unit once, naming the versions that
/// have it, so that a phrase is found in the version that has it, however old, and the
/// headings it is under in the newest of them.
#[test]
fn the_search_holds_every_version_of_every_unit_once() {
    use lexdiff::model::Date;
    use lexdiff::versions::VersionsDir;

    let ids = ["road-transport-regulations", "state-secrets-law"];
    let p = Project::with_documents(&ids);
    p.ok(&["build"]);
    let site = p.path().join("reports");
    // The page loads the index and its own script; the index the documents'.
    let page = std::fs::read_to_string(site.join("search.html")).unwrap();
    let scripts: Vec<&str> =
        page.split("<script src=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
    assert_eq!(scripts, ["_search&#x2f;index.js", "search.js"]);
    let index = SiteIndex::read(&site);
    assert_eq!(index.documents, ids);
    let (dir, _) = VersionsDir::open(&repo_root().join("versions"), Date::new(2100, 1, 1).unwrap()).unwrap();
    for id in ids {
        let script = std::fs::read_to_string(site.join(id).join("search.js")).unwrap();
        let json = script
            .strip_prefix("(window.lexdiffSearch = window.lexdiffSearch || []).push(")
            .and_then(|s| s.strip_suffix(");\n"))
            .expect("a script that pushes one document");
        let doc: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(doc["id"], id);
        let document = dir.document(id).unwrap();
        let labels: Vec<&str> = document.chronological().iter().map(|v| v.label.as_str()).collect();
        assert_eq!(doc["versions"], serde_json::json!(labels));
        let units = doc["units"].as_array().unwrap();
        // Each heading as the names of it and of those enclosing it, outermost first.
        let headings: Vec<Vec<String>> = doc["headings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                let mut names: Vec<String> =
                    h[1].as_array().unwrap().iter().map(|n| n.as_str().unwrap().to_string()).collect();
                names.push(h[0].as_str().unwrap().to_string());
                names
            })
            .collect();
        // name, label, versions, text, history, and the headings it is under.
        type Entry<'a> = (&'a str, &'a str, Vec<u64>, &'a str, u64, Option<&'a Vec<String>>);
        let entries: Vec<Entry<'_>> = units
            .iter()
            .map(|u| {
                let versions = u[2].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
                (
                    u[0].as_str().unwrap(),
                    u[1].as_str().unwrap(),
                    versions,
                    u[3].as_str().unwrap(),
                    u[4].as_u64().unwrap(),
                    u.get(5).map(|n| &headings[n.as_u64().unwrap() as usize]),
                )
            })
            .collect();
        let mut found = 0;
        for (v, label) in labels.iter().enumerate() {
            let d = document.load(label).unwrap().document;
            for u in &d.units {
                let text = u.lines().map(|l| l.text).collect::<Vec<_>>().join("\n");
                let hits: Vec<_> = entries
                    .iter()
                    .filter(|e| e.1 == u.label && e.3 == text && e.2.contains(&(v as u64)))
                    .collect();
                assert_eq!(hits.len(), 1, "{id} {label} {}: {hits:?}", u.label);
                assert_eq!(hits[0].0, u.prefix, "{id} {label} {}", u.label);
                assert_eq!(hits[0].4, 1, "every unit of a document of several versions has a history");
                if hits[0].2.last() == Some(&(v as u64)) {
                    let path: Vec<String> = d.heading_path(u).iter().map(|h| h.display()).collect();
                    let under = hits[0].5.cloned().unwrap_or_default();
                    assert_eq!(under, path, "{id} {label} {}", u.label);
                }
                found += 1;
            }
        }
        // Each (version, unit) is in one entry, and no entry is listed twice.
        assert_eq!(entries.iter().map(|e| e.2.len()).sum::<usize>(), found, "{id}");
        let mut keys: Vec<(&str, &str)> = entries.iter().map(|e| (e.1, e.3)).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), entries.len(), "{id}");
        // Texts the revisions kept are one entry: the 2010 and 2024 secrecy laws' article
        // 2 are the same words.
        if id == "state-secrets-law" {
            let second: Vec<_> = entries.iter().filter(|e| e.1 == "2").collect();
            assert_eq!(second.len(), 1, "{second:?}");
            assert_eq!(second[0].2, [0, 1]);
        }
    }
    // Every page of the site has the search box, linking to the search page from where
    // it is; a report written on its own has none.
    for page in [
        "index.html",
        "state-secrets-law/index.html",
        "state-secrets-law/compare/2010..2024.html",
        "state-secrets-law/articles/2024/35.html",
    ] {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        let href = html
            .split("<form class=\"search\" action=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or_else(|| panic!("{page} has no search box"))
            .replace("&#x2f;", "/");
        let target = site.join(page).parent().unwrap().join(&href);
        assert_eq!(
            target.canonicalize().unwrap(),
            site.join("search.html").canonicalize().unwrap(),
            "{page}"
        );
    }
    let (code, standalone, _) = p.run(&["diff", "state-secrets-law", "2010", "2024", "--format", "html"]);
    assert_eq!(code, 1);
    assert!(standalone.contains("<main>") && !standalone.contains("class=\"search\""));
}

/// The site's search index (`_search/`) as the page reads it.
struct SiteIndex {
    documents: Vec<String>,
    shards: u32,
    /// Each shard's keys, with the documents (numbers into `documents`) that have them.
    parts: Vec<std::collections::BTreeMap<String, Vec<usize>>>,
}

impl SiteIndex {
    fn read(site: &std::path::Path) -> SiteIndex {
        let script = |name: String, prefix: &str| -> serde_json::Value {
            let text = std::fs::read_to_string(site.join("_search").join(&name)).unwrap();
            let json = text.strip_prefix(prefix).and_then(|t| t.strip_suffix(";\n"));
            serde_json::from_str(json.unwrap_or_else(|| panic!("{name}: {text:.80}"))).unwrap()
        };
        let index = script("index.js".into(), "window.lexdiffIndex = ");
        assert_eq!(index["dir"], "_search");
        let shards = index["shards"].as_u64().unwrap() as u32;
        let documents = index["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d[0].as_str().unwrap().to_string())
            .collect();
        let parts = (0..shards)
            .map(|k| {
                let prefix = format!("(window.lexdiffIndexParts = window.lexdiffIndexParts || {{}})[{k}] = ");
                serde_json::from_value(script(format!("{k}.js"), &prefix)).unwrap()
            })
            .collect();
        SiteIndex { documents, shards, parts }
    }

    /// The documents that have every key of `query`, as the page works them out.
    fn candidates(&self, query: &str) -> Vec<&str> {
        let words: Vec<Vec<char>> =
            lexdiff::search::fold(query).split_whitespace().map(|w| w.chars().collect()).collect();
        let mut keys: Vec<String> = Vec::new();
        for w in &words {
            if w.len() == 1 {
                keys.push(w[0].to_string());
            }
            keys.extend(w.windows(2).map(|p| p.iter().collect::<String>()));
        }
        (0..self.documents.len())
            .filter(|n| {
                keys.iter().all(|k| {
                    let part = &self.parts[lexdiff::site::search::shard_of(k, self.shards) as usize];
                    part.get(k).is_some_and(|docs| docs.contains(n))
                })
            })
            .map(|n| self.documents[n].as_str())
            .collect()
    }
}

/// The index never leaves out a document a search finds words in, and leaves out most
/// that it does not: queries taken from the texts of five documents (words of one to
/// six characters, headings' titles, and two words), compared with what `lexdiff search`
/// finds.
#[test]
fn the_search_index_keeps_every_document_a_search_finds() {
    let ids = [
        "company-law",
        "criminal-law",
        "gov-work-report-national",
        "state-secrets-law",
        "wildlife-protection-law",
    ];
    let p = Project::with_documents(&ids);
    p.ok(&["build"]);
    let site = p.path().join("reports");
    let index = SiteIndex::read(&site);
    assert_eq!(index.documents, ids);
    // Shards hold about 16,384 entries each: some, but not one per key.
    assert!(index.shards > 1 && index.shards.is_power_of_two(), "{}", index.shards);
    let entries: usize = index.parts.iter().flat_map(|p| p.values()).map(Vec::len).sum();
    assert!(entries <= index.shards as usize * lexdiff::site::search::SHARD_POSTINGS, "{entries}");
    // Queries: words cut from every 23rd unit text of each document.
    let mut queries: Vec<String> = Vec::new();
    for id in ids {
        let json = p.ok(&["search", "，", "--doc", id, "--format", "json"]);
        let found: serde_json::Value = serde_json::from_str(&json).unwrap();
        for (i, t) in found.as_array().unwrap().iter().enumerate().step_by(23) {
            let chars: Vec<char> =
                t["text"].as_str().unwrap().chars().filter(|c| !c.is_whitespace()).collect();
            let len = 1 + i % 6;
            let at = (i * 7) % chars.len().saturating_sub(len).max(1);
            queries.push(chars[at..(at + len).min(chars.len())].iter().collect());
        }
    }
    // And headings' titles (`国家秘密的范围和密级` of `第二章 国家秘密的范围和密级`),
    // which articles need not say.
    let json = p.ok(&["search", "第", "--format", "json"]);
    let found: serde_json::Value = serde_json::from_str(&json).unwrap();
    let titles: Vec<String> = found
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["kind"] == "heading")
        .filter_map(|t| t["text"].as_str().unwrap().split_once(' ').map(|(_, title)| title.replace(' ', "")))
        .collect();
    assert!(titles.len() > 30, "{titles:?}");
    queries.extend(titles.into_iter().step_by(3));
    queries.extend(
        ["保密审查", "国家秘密 罚款", "野生动物 保护", "（一）", "(一)", "GDP", "人民币"].map(String::from),
    );
    let mut pruned = 0;
    for q in &queries {
        let (code, out, err) = p.run(&["search", q, "--format", "json"]);
        assert!(code == 0 || code == 1, "{q}: {err}");
        let found: serde_json::Value = serde_json::from_str(&out).unwrap();
        let mut docs: Vec<&str> =
            found.as_array().unwrap().iter().map(|t| t["document"].as_str().unwrap()).collect();
        docs.dedup();
        let candidates = index.candidates(q);
        for d in &docs {
            assert!(candidates.contains(d), "{q}: {d} found but not in the index's {candidates:?}");
        }
        pruned += usize::from(candidates.len() < ids.len());
    }
    assert!(queries.len() > 70, "{}", queries.len());
    assert!(pruned * 3 > queries.len(), "only {pruned} of {} queries left a document out", queries.len());
}

/// A heading after the last article (a chapter whose articles are yet to come) is on its
/// version's page too, where the search links to it, and the search finds it.
#[test]
fn a_heading_after_the_last_unit_is_on_the_version_page() {
    let t = Texts::new();
    std::fs::write(t.path().join("law.txt"), "某某法\n第一章 总则\n第一条 甲。\n第二条 乙。\n第二章 附则\n")
        .unwrap();
    t.commit_all("2024-01-01T00:00:00+08:00", "v1");
    let p = Project::empty();
    let repo = t.path().to_str().unwrap();
    p.ok(&["--repo", repo, "build"]);
    let pages: Vec<PathBuf> = std::fs::read_dir(p.path().join("reports/law/versions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|f| f.extension().is_some_and(|x| x == "html"))
        .collect();
    assert_eq!(pages.len(), 1, "{pages:?}");
    let page = std::fs::read_to_string(&pages[0]).unwrap();
    assert!(page.contains(r#"id="h-2">第二章 附则</h2>"#), "{page}");
    let script = std::fs::read_to_string(p.path().join("reports/law/search.js")).unwrap();
    assert!(script.contains(r#"["第二章 附则",[],[0],[2]]"#), "{script}");
    let out = p.ok(&["--repo", repo, "search", "附则"]);
    assert!(out.ends_with(": 第二章 附则\n"), "{out}");
}
