//! The `list`, `show`, `check` and `search` commands on the bundled versions, and the ways a
//! version is named on the command line, through the binary.

use std::process::Command;

fn lexdiff(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lexdiff"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run lexdiff");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn show_secrecy_article_34_of_2024() {
    let (code, out, err) = lexdiff(&["show", "state-secrets-law@2024", "--article", "34"]);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("第三十四条 (34)  第三章 保密制度"));
    assert!(lines.next().unwrap().trim_start().starts_with("网络运营者应当加强对其用户发布的信息的管理"));
}

/// A version can be named as its tag in the store, `<doc>/<version>`, as `git log`
/// shows it: the same article as `<doc>@<version>`, and an unknown version is still named.
#[test]
fn show_takes_a_version_by_its_tag_name() {
    let (code, by_tag, err) = lexdiff(&["show", "state-secrets-law/2010", "28"]);
    assert_eq!(code, 0, "{err}");
    let (_, by_at, _) = lexdiff(&["show", "state-secrets-law@2010", "28"]);
    assert_eq!(by_tag, by_at);
    assert!(by_tag.starts_with("第二十八条 (28)"), "{by_tag}");
    let (_, latest, _) = lexdiff(&["show", "state-secrets-law", "28"]);
    assert_ne!(by_tag, latest, "2010's article 28 is not 2024's");
    let (code, _, err) = lexdiff(&["show", "state-secrets-law/1988"]);
    assert_eq!(code, 2);
    assert!(err.contains("has no version `1988` (versions: 2010, 2024)"), "{err}");
}

/// `diff` names versions as `show` does: `diff law/2010 law/2024` is `diff law 2010 2024`,
/// `diff law/2010` compares with the latest; two documents or three versions are refused.
#[test]
fn diff_takes_versions_by_their_tag_names() {
    let (code, expected, err) = lexdiff(&["diff", "state-secrets-law", "2010", "2024", "-f", "map"]);
    assert_eq!(code, 1, "{err}");
    assert!(expected.contains("50\t59\tmodified"), "{expected}");
    for args in [
        &["state-secrets-law/2010", "state-secrets-law/2024"][..],
        &["state-secrets-law@2010", "2024"],
        &["state-secrets-law/2010"],
    ] {
        let (code, out, err) = lexdiff(&[&["diff"][..], args, &["-f", "map"]].concat());
        assert_eq!((code, out.as_str()), (1, expected.as_str()), "{args:?}: {err}");
    }
    let (code, _, err) = lexdiff(&["diff", "state-secrets-law/2010", "company-law/2023"]);
    assert_eq!(code, 2);
    assert!(err.contains("are versions of different documents"), "{err}");
    let (code, _, err) = lexdiff(&["diff", "state-secrets-law/2010", "2024", "2024"]);
    assert_eq!(code, 2);
    assert!(err.contains("one version too many"), "{err}");
}

#[test]
fn show_criminal_sub_article_120_1() {
    let (code, out, err) = lexdiff(&["show", "criminal-law@2023", "--article", "120-1"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("第一百二十条之一 (120-1)  第二编 分则 › 第二章 危害公共安全罪\n"), "{out}");
    // Three paragraphs (款), each on its own line.
    assert_eq!(out.lines().count(), 4);
    assert!(out.contains("单位犯前两款罪的"));
}

/// The criminal law's appendices (the acts it repealed and those it kept) are units of
/// their own: listed after its last chapter, counted apart from its articles, shown
/// like an article.
#[test]
fn show_criminal_appendices() {
    let (code, out, err) = lexdiff(&["show", "criminal-law@2023"]);
    assert_eq!(code, 0, "{err}");
    let tail: Vec<_> = out.lines().rev().take(4).collect();
    assert_eq!(
        tail,
        [
            "452 articles + 53 sub-articles + 2 appendices, 15 chapters",
            "  附件二  [appendix-2]",
            "  附件一  [appendix-1]",
            "附则  [452]"
        ],
        "{out}"
    );
    let (code, out, err) = lexdiff(&["show", "criminal-law@2023", "appendix-2"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("附件二 (appendix-2)"), "{out}");
    assert!(out.contains("  1．关于禁毒的决定\n"), "{out}");
}

#[test]
fn show_defaults_to_the_latest_version_and_prints_structure() {
    let (code, out, _) = lexdiff(&["show", "state-secrets-law"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("中华人民共和国保守国家秘密法 — 2024"), "{out}");
    assert!(out.contains("第一章 总则  [1–"));
    assert!(out.contains("65 articles, 6 chapters"));
}

#[test]
fn show_json_of_one_article() {
    let (code, out, _) = lexdiff(&["show", "state-secrets-law@2010", "-a", "1", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["unit"]["label"], "1");
    assert_eq!(v["headings"][0], "第一章 总则");
}

/// `show`, `blame` and `history` take the article as an argument or with `--article`, and
/// answer the same; given both ways, it is an error.
#[test]
fn the_article_is_an_argument_or_a_flag() {
    for (command, target) in
        [("show", "state-secrets-law@2010"), ("blame", "state-secrets-law"), ("history", "state-secrets-law")]
    {
        let (code, flag, err) = lexdiff(&[command, target, "--article", "28"]);
        assert_eq!(code, 0, "{command}: {err}");
        let (code, argument, err) = lexdiff(&[command, target, "28"]);
        assert_eq!(code, 0, "{command}: {err}");
        assert_eq!(argument, flag, "{command}");
        assert!(flag.contains("第二十八条 (28)"), "{command}: {flag}");
        let (code, _, err) = lexdiff(&[command, target, "28", "-a", "28"]);
        assert_eq!(code, 2, "{command}");
        assert!(err.contains("cannot be used with"), "{command}: {err}");
    }
    let (code, _, err) = lexdiff(&["history", "state-secrets-law"]);
    assert_eq!(code, 2);
    assert!(err.contains("lexdiff history [OPTIONS] <DOC> <ARTICLE>"), "{err}");
}

#[test]
fn unknown_targets_are_errors_with_exit_2() {
    let (code, _, err) = lexdiff(&["show", "no-such-law"]);
    assert_eq!(code, 2);
    assert_eq!(err.trim(), "lexdiff: unknown document `no-such-law`");
    // A mistyped or shortened id is answered with the ids it looks like.
    for (typed, meant) in [
        ("state-secret", "(did you mean `state-secrets-law`?)"),
        ("civil", "(did you mean `civil-code` or `civil-procedure-law`?)"),
        ("criminal-laws", "(did you mean `criminal-law`?)"),
    ] {
        let (code, _, err) = lexdiff(&["diff", typed]);
        assert_eq!(code, 2);
        assert_eq!(err.trim(), format!("lexdiff: unknown document `{typed}` {meant}"));
    }
    let (code, _, err) = lexdiff(&["show", "state-secrets-law@1988"]);
    assert_eq!(code, 2);
    assert_eq!(
        err.trim(),
        "lexdiff: document `state-secrets-law` has no version `1988` (versions: 2010, 2024)"
    );
    let (code, _, err) = lexdiff(&["show", "state-secrets-law@2024", "--article", "66"]);
    assert_eq!(code, 2);
    assert!(err.contains("no article or paragraph `66` (they run from `1` to `65`)"), "{err}");
}

#[test]
fn list_and_check_cover_every_document() {
    let (code, out, err) = lexdiff(&["list"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().filter(|l| !l.starts_with(' ')).count(), 40);
    assert!(
        out.contains("  2024     adopted 2024-02-27  effective 2024-05-01  65 articles, 6 chapters"),
        "{out}"
    );
    let (code, _, err) = lexdiff(&["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("checked 81 versions: 0 count mismatches"), "{err}");
}

/// `list --format json` holds what the text listing says, for scripts: every document and
/// version, with dates, commits and sizes.
#[test]
fn list_as_json_matches_the_text_listing() {
    let (code, text, err) = lexdiff(&["list"]);
    assert_eq!(code, 0, "{err}");
    let (code, json, err) = lexdiff(&["list", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let docs: serde_json::Value = serde_json::from_str(&json).unwrap();
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len(), text.lines().filter(|l| !l.starts_with(' ')).count());
    let secrecy = docs.iter().find(|d| d["id"] == "state-secrets-law").unwrap();
    assert_eq!(secrecy["kind"], "law");
    assert_eq!(secrecy["title"], "中华人民共和国保守国家秘密法");
    let v = &secrecy["versions"];
    assert_eq!((v[0]["label"].as_str(), v[0]["units"].as_u64()), (Some("2010"), Some(53)));
    assert_eq!((v[1]["label"].as_str(), v[1]["units"].as_u64()), (Some("2024"), Some(65)));
    assert_eq!(v[1]["adopted"], "2024-02-27");
    assert_eq!(v[1]["effective"], "2024-05-01");
    // Each version's line in the text listing says the same.
    for d in docs {
        for v in d["versions"].as_array().unwrap() {
            let mut line =
                format!("{:<8} adopted {}", v["label"].as_str().unwrap(), v["adopted"].as_str().unwrap());
            if let Some(e) = v["effective"].as_str() {
                line.push_str(&format!("  effective {e}"));
            }
            line.push_str(&format!("  {}", v["size"].as_str().unwrap()));
            assert!(text.contains(&line), "{line}");
        }
    }
}

/// `search` finds a phrase in the version that has it, however old: 保密审查 is in
/// article 35 of the 2024 secrecy law and was in article 34 of the 2010 law, whose
/// successor no longer says it. Nothing found exits 1, as grep does.
#[test]
fn search_finds_words_in_every_version() {
    let (code, out, err) = lexdiff(&["search", "保密审查"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "state-secrets-law@2024 第三十五条: 机关、单位应当依法对拟公开的信息进行保密审查，遵守国家保密规定。\n\
         state-secrets-law@2010 第三十四条: 从事国家秘密载体制作、复制、维修、销毁，涉密信息系统集成，\
         或者武器装备科研生产等涉及国家秘密业务的企业事业单位，应当经过保密审查，具体办法由国务院规定。\n"
    );
    let (code, out, _) = lexdiff(&["search", "保密审查", "--doc", "company-law"]);
    assert_eq!((code, out.as_str()), (1, ""));
    // Full-width and ASCII forms find each other; the law writes （以下简称保密）.
    let (_, ascii, _) = lexdiff(&["search", "(以下简称保密)"]);
    let (_, full, _) = lexdiff(&["search", "（以下简称保密）"]);
    assert_eq!(ascii, full);
    assert!(ascii.starts_with(
        "state-secrets-law@2024 第三条: 坚持中国共产党对保守国家秘密（以下简称保密）工作的领导。"
    ));
    let (code, _, err) = lexdiff(&["search", "x", "--doc", "no-such-law"]);
    assert_eq!(code, 2);
    assert!(err.contains("no-such-law"), "{err}");
}

/// `search` finds chapter and section headings too, each with the headings enclosing it
/// and the versions that have it: the civil code's fifteen `一般规定` are fifteen results,
/// told apart by their parts and chapters, and the secrecy law's `第五章 法律责任` is one
/// result for both versions.
#[test]
fn search_finds_headings_with_their_place() {
    let (code, out, err) = lexdiff(&["search", "一般规定", "--doc", "civil-code"]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("versions/civil-code/2020.txt"),
    )
    .unwrap();
    // The headings as the text writes them (`第一节  一般规定`), spaces as display puts them.
    let written: Vec<String> = text
        .lines()
        .filter(|l| l.starts_with('第') && l.ends_with("一般规定") && !l.contains('条'))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(written.len(), 15, "{written:?}");
    let found: Vec<(&str, &str)> =
        out.lines().filter_map(|l| l.split_once(": ")).filter(|(head, _)| !head.ends_with('条')).collect();
    assert_eq!(found.iter().map(|(_, h)| h.to_string()).collect::<Vec<_>>(), written, "{out}");
    let places: std::collections::BTreeSet<&str> = found.iter().map(|(head, _)| *head).collect();
    assert_eq!(places.len(), 15, "{out}");
    assert!(places.contains("civil-code@2020 总则 › 第三章 法人"), "{out}");
    assert!(places.contains("civil-code@2020 合同编 › 第二分编 典型合同 › 第十三章 保证合同"), "{out}");
    // Headings come before the articles: 监护 is a section of the general part, and
    // articles (some dozens) say it.
    let (_, out, _) = lexdiff(&["search", "监护", "--doc", "civil-code"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "civil-code@2020 总则 › 第二章 自然人: 第二节 监护");
    assert!(lines.len() > 20 && lines[1..].iter().all(|l| l.contains("条: ")), "{out}");

    let (code, out, err) = lexdiff(&["search", "法律责任", "--doc", "state-secrets-law", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let found: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let heading = found.iter().find(|f| f["kind"] == "heading").expect("a heading");
    assert_eq!(heading["name"], "第五章 法律责任");
    assert_eq!(heading["label"], serde_json::Value::Null);
    assert_eq!(heading["versions"], serde_json::json!(["2010", "2024"]));
    assert_eq!(heading["path"], serde_json::json!([]));
    // A unit's path is its chapter.
    let (_, out, _) = lexdiff(&["search", "保密审查", "--doc", "state-secrets-law", "--format", "json"]);
    let found: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(found[0]["kind"], "unit");
    assert_eq!(found[0]["label"], "35");
    assert_eq!(found[0]["path"], serde_json::json!(["第三章 保密制度"]));
}

/// `search --format json` lists every distinct text that has all the words, once, with
/// the versions that have it: counted here from the versions' texts themselves.
#[test]
fn search_json_lists_each_text_with_its_versions() {
    use lexdiff::model::Date;
    use lexdiff::versions::VersionsDir;

    let (code, out, err) = lexdiff(&[
        "search",
        "运输经营",
        "违法所得",
        "--doc",
        "road-transport-regulations",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let found: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (dir, _) = VersionsDir::open(&root.join("versions"), Date::new(2100, 1, 1).unwrap()).unwrap();
    let doc = dir.document("road-transport-regulations").unwrap();
    let mut expected: std::collections::BTreeMap<(String, String), Vec<String>> = Default::default();
    for v in doc.chronological() {
        let d = doc.load(v.label.as_str()).unwrap().document;
        for u in &d.units {
            let text = u.lines().map(|l| l.text).collect::<Vec<_>>().join("\n");
            if text.contains("运输经营") && text.contains("违法所得") {
                expected.entry((u.label.clone(), text)).or_default().push(v.label.to_string());
            }
        }
    }
    assert!(expected.len() >= 5, "{expected:?}");
    let mut got: std::collections::BTreeMap<(String, String), Vec<String>> = Default::default();
    for f in &found {
        assert_eq!(f["document"], "road-transport-regulations");
        assert_eq!(f["kind"], "unit", "{f}");
        let versions = f["versions"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string());
        let key = (f["label"].as_str().unwrap().to_string(), f["text"].as_str().unwrap().to_string());
        assert!(got.insert(key, versions.collect()).is_none(), "{f} listed twice");
    }
    assert_eq!(got, expected);
}
