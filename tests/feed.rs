//! The site's Atom feeds (`feed.xml`), through the binary: read back with an XML parser.

mod support;

use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use support::{Project, kinds_in_map};

#[derive(Debug, Default)]
struct Entry {
    title: String,
    id: String,
    published: String,
    updated: String,
    summary: String,
    /// `(rel, href)`.
    links: Vec<(String, String)>,
    /// The text of the content's XHTML, its paragraphs a line each.
    content: String,
}

impl Entry {
    fn link(&self, rel: &str) -> Option<&str> {
        self.links.iter().find(|(r, _)| r == rel).map(|(_, h)| h.as_str())
    }
}

#[derive(Debug, Default)]
struct Feed {
    lang: String,
    head: Entry,
    entries: Vec<Entry>,
}

impl Feed {
    /// The entry being read, or the feed's own fields.
    fn current(&mut self, in_entry: bool) -> &mut Entry {
        if in_entry { self.entries.last_mut().unwrap() } else { &mut self.head }
    }
}

fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap().into_owned())
}

/// Parses an Atom feed; panics on XML that is not well-formed (unclosed or mismatched
/// elements, unknown entities).
fn parse(xml: &str) -> Feed {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut feed = Feed::default();
    let mut open: Vec<String> = Vec::new();
    let mut text = String::new();
    loop {
        let event = reader.read_event().unwrap_or_else(|e| panic!("malformed feed: {e}\n{xml}"));
        let in_entry = open.iter().any(|n| n == "entry");
        match event {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_string();
                if open.is_empty() {
                    assert_eq!(name, "feed");
                    assert_eq!(attribute(&e, "xmlns").as_deref(), Some("http://www.w3.org/2005/Atom"));
                    feed.lang = attribute(&e, "xml:lang").unwrap();
                }
                if name == "entry" {
                    feed.entries.push(Entry::default());
                }
                if name == "p" && !text.is_empty() {
                    text.push('\n');
                }
                if ["title", "id", "published", "updated", "summary", "content"].contains(&name.as_str()) {
                    text.clear();
                }
                open.push(name);
            }
            Event::Empty(e) if e.local_name().as_ref() == "link" => {
                let link = (attribute(&e, "rel").unwrap(), attribute(&e, "href").unwrap());
                feed.current(in_entry).links.push(link);
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => match r.resolve_char_ref().unwrap() {
                Some(c) => text.push(c),
                None => {
                    text.push_str(quick_xml::escape::resolve_predefined_entity(&r).expect("a known entity"))
                }
            },
            Event::End(e) => {
                let name = open.pop().unwrap();
                assert_eq!(name, e.local_name().as_ref());
                let x = feed.current(open.iter().any(|n| n == "entry"));
                let field = match name.as_str() {
                    "title" => Some(&mut x.title),
                    "id" => Some(&mut x.id),
                    "published" => Some(&mut x.published),
                    "updated" => Some(&mut x.updated),
                    "summary" => Some(&mut x.summary),
                    "content" => Some(&mut x.content),
                    _ => None,
                };
                if let Some(f) = field {
                    *f = text.trim().to_string();
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(open.is_empty(), "unclosed {open:?}");
    feed
}

fn read_feed(path: &Path) -> Feed {
    parse(&std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// What a relative link from the folder `dir` of a site names, as a path from the site's
/// root (`../` resolved).
fn resolve(dir: &str, href: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in href.split('/') {
        match seg {
            ".." => assert!(parts.pop().is_some(), "{href} leaves the site"),
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Each version is an entry, newest first, titled and dated by its legal date, linking
/// to its comparison with the version before (a first version to its text), and saying
/// what the revision changed as the differ counts it. The site's feed lists every
/// document's versions; a document's feed its own. Its pages announce both (but
/// for the history of each article).
#[test]
fn each_version_is_an_entry_newest_first_linked_to_what_it_changed() {
    let p = Project::with_documents(&[
        "state-secrets-law",
        "road-transport-regulations",
        "gov-work-report-hunan",
    ]);
    p.ok(&["build"]);
    let site = p.path().join("reports");
    let feed = read_feed(&site.join("feed.xml"));
    assert_eq!(feed.lang, "zh");
    assert_eq!(feed.head.title, "lexdiff 修订对照 reports");
    assert_eq!(feed.head.link("alternate"), Some("index.html"));
    assert_eq!(feed.head.link("self"), None, "no address given, so no self link");
    assert!(!site.join("sitemap.xml").exists(), "a sitemap needs the site's address");
    assert_eq!(feed.entries.len(), 7, "a version each: 2 + 3 + 2");
    let dates: Vec<&str> = feed.entries.iter().map(|e| e.updated.as_str()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    assert_eq!(feed.head.updated, dates[0]);
    let mut ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
    ids.push(&feed.head.id);
    assert!(ids.iter().all(|id| id.starts_with("urn:uuid:") && id.len() == 45), "{ids:?}");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 8, "ids are distinct");
    for e in &feed.entries {
        assert_eq!(e.published, e.updated);
        for (_, href) in &e.links {
            let path = resolve("", href);
            assert!(site.join(&path).is_file(), "{}: {href}", e.title);
        }
    }
    // The secrecy law's revision: dated 2024-02-27 in Beijing, the rows the differ counts.
    let secrecy =
        feed.entries.iter().find(|e| e.title == "中华人民共和国保守国家秘密法 2010 → 2024").unwrap();
    assert_eq!(secrecy.updated, "2024-02-27T00:00:00+08:00");
    assert_eq!(secrecy.link("alternate"), Some("state-secrets-law/compare/2010..2024.html"));
    assert_eq!(secrecy.link("related"), Some("state-secrets-law/versions/2024.html"));
    let map = p.run(&["diff", "state-secrets-law", "2010", "2024", "-f", "map"]).1;
    let changed: Vec<(String, u64)> =
        kinds_in_map(&map).into_iter().filter(|(k, _)| k != "unchanged").collect();
    assert_eq!(secrecy.summary.split(", ").count(), changed.len(), "{}", secrecy.summary);
    for (k, n) in &changed {
        assert!(
            secrecy.summary.contains(&format!("{n} {}", support::kind_label(k))),
            "{k} {n}: {}",
            secrecy.summary
        );
    }
    assert!(secrecy.content.contains("施行 effective 2024-05-01"), "{}", secrecy.content);
    assert!(secrecy.content.contains("第十四届全国人民代表大会常务委员会第八次会议"), "{}", secrecy.content);
    // A report's revision counts its headings retitled, added or deleted first.
    let json = p.run(&["diff", "gov-work-report-hunan", "2024", "2025", "-f", "json"]).1;
    let headings =
        serde_json::from_str::<serde_json::Value>(&json).unwrap()["headings"].as_array().unwrap().len();
    let hunan = feed.entries.iter().find(|e| e.title.ends_with("2024 → 2025")).unwrap();
    assert!(hunan.summary.starts_with(&format!("章节标题 {headings} · ")), "{}", hunan.summary);

    // A document's own feed: its versions, newest first, its links relative to its folder.
    let dir = "road-transport-regulations/";
    let own = read_feed(&site.join(dir).join("feed.xml"));
    let titles: Vec<&str> = own.entries.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "中华人民共和国道路运输条例 2022 → 2023",
            "中华人民共和国道路运输条例 2019 → 2022",
            "中华人民共和国道路运输条例 2019"
        ]
    );
    assert_eq!(own.head.title, "中华人民共和国道路运输条例");
    assert_eq!(own.head.link("alternate"), Some("index.html"));
    let first = &own.entries[2];
    assert_eq!(first.link("alternate"), Some("versions/2019.html"));
    assert_eq!(first.link("related"), None);
    assert!(first.summary.starts_with("首次收录"), "{}", first.summary);
    for e in &own.entries {
        for (_, href) in &e.links {
            assert!(site.join(resolve(dir, href)).is_file(), "{href}");
        }
        // The same entry as in the site's feed, id and all.
        let there = feed.entries.iter().find(|s| s.title == e.title).unwrap();
        assert_eq!((&there.id, &there.updated, &there.summary), (&e.id, &e.updated, &e.summary));
    }

    // Pages announce the site's feed, and a document's pages their document's too.
    let announced = |page: &str| -> Vec<String> {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        html.split(r#"<link rel="alternate" type="application/atom+xml" href=""#)
            .skip(1)
            .map(|rest| resolve(dir, &rest[..rest.find('"').unwrap()].replace("&#x2f;", "/")))
            .collect()
    };
    assert_eq!(announced("index.html"), ["feed.xml"]);
    assert_eq!(announced("search.html"), ["feed.xml"]);
    for page in [
        "state-secrets-law/index.html",
        "state-secrets-law/compare/2010..2024.html",
        "state-secrets-law/versions/2010.html",
    ] {
        assert_eq!(announced(page), ["feed.xml", "state-secrets-law/feed.xml"], "{page}");
    }
    // The index and a document's page link their feeds where a reader sees them too
    // (browsers no longer show a page's feeds).
    for (page, feed) in
        [("index.html", "feed.xml"), ("state-secrets-law/index.html", "state-secrets-law/feed.xml")]
    {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        let main = &html[html.find("<main>").unwrap()..];
        let link = main.split(r#"type="application/atom+xml">"#).next().unwrap();
        let href = link.rsplit(r#"href=""#).next().unwrap().split('"').next().unwrap().replace("&#x2f;", "/");
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        assert_eq!(resolve(dir, &href), feed, "{page}");
        assert!(main.contains("订阅新版本 Subscribe to new versions</a> (Atom)"), "{page}");
    }
    // Not the thousands of history pages.
    assert!(announced("state-secrets-law/articles/2024/34.html").is_empty());
}

/// With the site's address (`site_url:` in lexdiff.yaml, or `--site-url`), links and ids
/// are absolute, each feed names itself, and a sitemap lists the site's pages; an address
/// that is not one is refused,
/// naming the file, line and field, and the site built before stays.
#[test]
fn a_site_url_makes_links_absolute_and_a_bad_one_is_refused() {
    let p = Project::with_documents(&["state-secrets-law"]);
    std::fs::write(p.path().join("lexdiff.yaml"), "site_url: https://example.org/laws\n").unwrap();
    p.ok(&["build"]);
    let site = p.path().join("reports");
    let feed = read_feed(&site.join("feed.xml"));
    assert_eq!(feed.head.link("self"), Some("https://example.org/laws/feed.xml"));
    assert_eq!(feed.head.id, "https://example.org/laws/feed.xml");
    assert_eq!(feed.head.link("alternate"), Some("https://example.org/laws/index.html"));
    let e = &feed.entries[0];
    let report = "https://example.org/laws/state-secrets-law/compare/2010..2024.html";
    assert_eq!((e.link("alternate"), e.id.as_str()), (Some(report), report));
    let own = read_feed(&site.join("state-secrets-law/feed.xml"));
    assert_eq!(own.head.link("self"), Some("https://example.org/laws/state-secrets-law/feed.xml"));
    assert_eq!(own.entries[0].link("alternate"), Some(report));
    // With the address, a sitemap lists every page but the search page, absolute.
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    let mut listed: Vec<String> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|l| {
            l.split("</loc>").next().unwrap().strip_prefix("https://example.org/laws/").unwrap().to_string()
        })
        .collect();
    let mut pages: Vec<String> = support::snapshot(&site)
        .into_keys()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| p.ends_with(".html") && p != "search.html")
        .collect();
    listed.sort();
    pages.sort();
    assert!(pages.len() > 100 && listed == pages, "{} listed, {} pages", listed.len(), pages.len());
    // The flag wins over the file.
    p.ok(&["build", "--site-url", "http://localhost:8000/"]);
    let feed = read_feed(&site.join("feed.xml"));
    assert_eq!(feed.head.link("self"), Some("http://localhost:8000/feed.xml"));
    let built = std::fs::read(site.join("feed.xml")).unwrap();

    for (bad, why) in [
        ("ftp://example.org/", "http"),
        ("example.org/laws", "http"),
        ("https:///laws", "no host"),
        ("'https://example.org/a b'", "' '"),
        ("https://example.org/?page=1", "query"),
    ] {
        std::fs::write(p.path().join("lexdiff.yaml"), format!("out: reports\nsite_url: {bad}\n")).unwrap();
        let (code, _, err) = p.run(&["build"]);
        assert_eq!(code, 2, "{bad}: {err}");
        assert!(
            err.contains("lexdiff.yaml:2") && err.contains("site_url") && err.contains(why),
            "{bad}: {err}"
        );
        assert_eq!(std::fs::read(site.join("feed.xml")).unwrap(), built, "{bad}: the site stays");
    }
    std::fs::remove_file(p.path().join("lexdiff.yaml")).unwrap();
    let (code, _, err) = p.run(&["build", "--site-url", "https://example.org/<x>"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--site-url") && err.contains("'<'"), "{err}");
}

/// Markup in a title or an amending act's name is text in the feed: the XML stays
/// well-formed and a reader shows the characters.
#[test]
fn markup_in_titles_is_text_in_the_feed() {
    let p = Project::empty();
    let file = p.path().join("t.txt");
    std::fs::write(&file, "某法\n第一条 甲。\n").unwrap();
    let title = "<script>alert('t')</script> & \"法\" ]]>";
    let add = |version: &str, adopted: &str, extra: &[&str]| {
        let mut args =
            vec!["add", "hostile", file.to_str().unwrap(), "--version", version, "--adopted", adopted];
        args.extend_from_slice(extra);
        p.ok(&args);
    };
    add("1", "2020-01-01", &["--title", title, "--source", "s"]);
    std::fs::write(&file, "某法\n第一条 乙。\n").unwrap();
    add("2", "2021-01-01", &["--amended-by", "<b>第一次</b>修正 & 公布"]);
    p.ok(&["build"]);
    for path in ["reports/feed.xml", "reports/hostile/feed.xml"] {
        let xml = std::fs::read_to_string(p.path().join(path)).unwrap();
        assert!(!xml.contains("<script>") && !xml.contains("<b>"), "{path}: {xml}");
        let feed = read_feed(&p.path().join(path));
        let titles: Vec<&str> = feed.entries.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, [format!("{title} 1 → 2"), format!("{title} 1")], "{path}");
        assert!(feed.entries[0].content.contains("<b>第一次</b>修正 & 公布"), "{}", feed.entries[0].content);
    }
}
