//! The git store, checked with the real `git` command-line tool.

mod support;

use std::path::{Path, PathBuf};

use support::pdf::{Pages, as_from_a_pdf};
use support::{Project, Texts, git, git_at, repo_root};

#[test]
fn import_writes_legal_dates_tags_and_exact_texts() {
    let p = Project::with_documents(&["state-secrets-law", "road-transport-regulations"]);
    let out = p.ok(&["import"]);
    assert!(out.contains("state-secrets-law: added 2010, 2024"), "{out}");
    let store = p.store();
    let log = git(&store, &["log", "--format=%ad %s", "--date=short", "docs/state-secrets-law"]);
    assert_eq!(
        log,
        "2024-02-27 中华人民共和国保守国家秘密法 (2024)\n2010-04-29 中华人民共和国保守国家秘密法 (2010)\n"
    );
    // The commit date is the legal date at midnight, UTC+08:00.
    let iso = git(&store, &["log", "-1", "--format=%ad", "--date=iso", "state-secrets-law/2010"]);
    assert_eq!(iso.trim(), "2010-04-29 00:00:00 +0800");
    assert_eq!(
        git(&store, &["tag", "-l", "state-secrets-law/*"]),
        "state-secrets-law/2010\nstate-secrets-law/2024\n"
    );
    let text = git(&store, &["show", "state-secrets-law/2010:state-secrets-law.txt"]);
    assert_eq!(
        text,
        std::fs::read_to_string(repo_root().join("versions/state-secrets-law/2010.txt")).unwrap()
    );
    // Trailers record the provenance.
    let msg = git(&store, &["log", "-1", "--format=%B", "state-secrets-law/2024"]);
    assert!(msg.contains("Version: 2024\nAdopted: 2024-02-27\nEffective: 2024-05-01\n"), "{msg}");
    assert!(msg.contains("Amended-By: 第十四届全国人民代表大会常务委员会第八次会议第二次修订"), "{msg}");
    // HEAD is the catalogue: a clone sees every document.
    let files = git(&store, &["ls-tree", "--name-only", "HEAD"]);
    assert_eq!(files.lines().count(), 4, "{files}");
    let blame = git(&store, &["blame", "--porcelain", "HEAD", "--", "state-secrets-law.txt"]);
    assert!(blame.contains("summary 中华人民共和国保守国家秘密法 (2010)"));
    git(&store, &["fsck", "--strict"]);
    // `log` lists what the store holds, and answers a mistyped id with the stored one.
    let log = p.ok(&["log", "state-secrets-law"]);
    assert!(log.starts_with("中华人民共和国保守国家秘密法 (state-secrets-law)\n"), "{log}");
    assert_eq!(log.lines().filter(|l| l.contains(" adopted ")).count(), 2, "{log}");
    let (code, _, err) = p.run(&["log", "state-secret"]);
    assert_eq!(code, 2);
    assert!(err.contains("not in the store .lexdiff/store; did you mean `state-secrets-law`?"), "{err}");
}

#[test]
fn importing_twice_makes_no_new_commit() {
    let p = Project::with_documents(&["charity-law"]);
    p.ok(&["import"]);
    let before = git(&p.store(), &["for-each-ref"]);
    let out = p.ok(&["import"]);
    assert!(out.contains("is up to date: no new commit"), "{out}");
    assert_eq!(git(&p.store(), &["for-each-ref"]), before);
}

#[test]
fn versions_added_out_of_order_read_chronologically() {
    // A real regulation's versions added 2023, then 2019, then 2022.
    let p = Project::empty();
    let src = repo_root().join("versions/road-transport-regulations");
    let add = |v: &str, date: &str, extra: &[&str]| {
        let file = src.join(format!("{v}.txt"));
        let mut args = vec![
            "add",
            "road-transport-regulations",
            file.to_str().unwrap(),
            "--version",
            v,
            "--adopted",
            date,
        ];
        args.extend_from_slice(extra);
        p.ok(&args)
    };
    add("2023", "2023-07-20", &["--title", "中华人民共和国道路运输条例"]);
    let first_head = git(&p.store(), &["rev-parse", "docs/road-transport-regulations"]);
    let out = add("2019", "2019-03-02", &[]);
    assert!(
        out.contains("previous history kept at refs/lexdiff/superseded/road-transport-regulations/1"),
        "{out}"
    );
    add("2022", "2022-03-29", &[]);
    let store = p.store();
    let log = git(&store, &["log", "--format=%ad %s", "--date=short", "docs/road-transport-regulations"]);
    assert_eq!(
        log,
        "2023-07-20 中华人民共和国道路运输条例 (2023)\n2022-03-29 中华人民共和国道路运输条例 (2022)\n2019-03-02 中华人民共和国道路运输条例 (2019)\n"
    );
    for v in ["2019", "2022", "2023"] {
        let text =
            git(&store, &["show", &format!("road-transport-regulations/{v}:road-transport-regulations.txt")]);
        assert_eq!(text, std::fs::read_to_string(src.join(format!("{v}.txt"))).unwrap(), "tag {v}");
        let subject = git(&store, &["log", "-1", "--format=%s", &format!("road-transport-regulations/{v}")]);
        assert!(subject.contains(&format!("({v})")), "{subject}");
    }
    // Nothing is lost: the first history is still reachable.
    let kept = git(&store, &["rev-parse", "refs/lexdiff/superseded/road-transport-regulations/1/head"]);
    assert_eq!(kept, first_head);
    // Adding 2022 between the two rewrote the history once more; `log` names both heads
    // kept (not the count of refs, tags included, under them).
    let listed = p.ok(&["log", "road-transport-regulations"]);
    assert!(
        listed.ends_with(
            "2 earlier histories are kept: refs/lexdiff/superseded/road-transport-regulations/1/head, \
             refs/lexdiff/superseded/road-transport-regulations/2/head\n"
        ),
        "{listed}"
    );
    assert_eq!(git(&store, &["log", "-1", "--format=%s", "main"]), "Catalogue: 1 document\n");
    // The versions folder got both texts and entries.
    let yaml =
        std::fs::read_to_string(p.dir.path().join("versions/road-transport-regulations/document.yaml"))
            .unwrap();
    assert_eq!(yaml.matches("- label:").count(), 3, "{yaml}");
    git(&store, &["fsck", "--strict"]);
}

#[test]
fn a_changed_text_is_refused_then_recorded_as_a_correction() {
    let p = Project::with_documents(&["state-secrets-law"]);
    p.ok(&["import"]);
    let path = p.dir.path().join("versions/state-secrets-law/2024.txt");
    let fixed = std::fs::read_to_string(&path)
        .unwrap()
        .replace("第五条 国家秘密受法律保护。", "第五条 国家秘密受法律保护！");
    std::fs::write(&path, &fixed).unwrap();
    let before = git(&p.store(), &["for-each-ref"]);
    let (code, _, err) = p.run(&["import"]);
    assert_eq!(code, 2);
    assert!(err.contains("state-secrets-law@2024: text changed since it was imported"), "{err}");
    assert_eq!(git(&p.store(), &["for-each-ref"]), before, "a refused import writes nothing");
    let old_tag = git(&p.store(), &["rev-parse", "refs/tags/state-secrets-law/2024"]);
    p.ok(&["import", "--record-correction"]);
    let store = p.store();
    let msg = git(&store, &["log", "-1", "--format=%B", "docs/state-secrets-law"]);
    assert!(msg.contains("Correction: text of 2024 corrected"), "{msg}");
    assert_eq!(git(&store, &["show", "state-secrets-law/2024:state-secrets-law.txt"]), fixed);
    // The original commit is untouched and its tag kept.
    assert_eq!(git(&store, &["rev-list", "--count", "docs/state-secrets-law"]).trim(), "3");
    assert_eq!(git(&store, &["rev-parse", "refs/lexdiff/superseded/state-secrets-law/1/tags/2024"]), old_tag);
    git(&store, &["fsck", "--strict"]);

    // Read as any git repository, the store lists what it lists itself: the correction
    // is the text of version 2024, not a version of its own.
    let s = store.to_str().unwrap();
    let versions = |listing: &str| -> Vec<String> {
        listing.lines().skip(1).map(|l| l.split_whitespace().next().unwrap().into()).collect()
    };
    let (own, read) = (p.ok(&["list"]), p.ok(&["--repo", s, "list"]));
    assert_eq!(versions(&read), ["2010", "2024"], "{read}");
    assert_eq!(read, own);
    // The version is in force from the commit that first brought it, corrected.
    let first = git(&store, &["rev-parse", "docs/state-secrets-law~1"]);
    let shown = p.ok(&["--repo", s, "show", &format!("state-secrets-law@{}", &first[..10]), "5"]);
    assert!(shown.contains("国家秘密受法律保护！"), "{shown}");
}

#[test]
fn concurrent_adds_both_land_or_one_is_told_to_retry() {
    let src = repo_root().join("versions/road-transport-regulations");
    for round in 0..8 {
        let p = Project::empty();
        p.ok(&[
            "add",
            "road-transport-regulations",
            src.join("2019.txt").to_str().unwrap(),
            "--version",
            "2019",
            "--adopted",
            "2019-03-02",
            "--title",
            "中华人民共和国道路运输条例",
        ]);
        let spawn = |v: &str, date: &str| {
            p.command(&[
                "add",
                "road-transport-regulations",
                src.join(format!("{v}.txt")).to_str().unwrap(),
                "--version",
                v,
                "--adopted",
                date,
            ])
            .spawn()
            .unwrap()
        };
        let a = spawn("2023", "2023-07-20");
        let b = spawn("2022", "2022-03-29");
        let (ra, rb) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let store = p.store();
        git(&store, &["fsck", "--strict"]);
        let tags = git(&store, &["tag", "-l"]);
        for (r, v) in [(&ra, "2023"), (&rb, "2022")] {
            if r.status.success() {
                assert!(
                    tags.contains(&format!("road-transport-regulations/{v}")),
                    "round {round}: {v} missing: {tags}"
                );
            } else {
                let err = String::from_utf8_lossy(&r.stderr);
                assert!(err.contains("is busy") && err.contains("retry"), "round {round}: {err}");
            }
        }
        // Whatever landed reads chronologically.
        let log = git(&store, &["log", "--format=%ad", "--date=short", "docs/road-transport-regulations"]);
        let mut dates: Vec<&str> = log.lines().collect();
        let sorted = {
            let mut d = dates.clone();
            d.sort_by(|a, b| b.cmp(a));
            d
        };
        assert_eq!(dates, sorted, "round {round}");
        dates.dedup();
    }
}

/// `lexdiff diff DOC` compares the latest version with the one before it, and
/// `lexdiff diff DOC OLD` compares OLD with the latest.
#[test]
fn diff_without_versions_compares_the_latest_two() {
    let p = Project::with_documents(&["road-transport-regulations"]);
    let map = |args: &[&str]| {
        let args: Vec<&str> = ["diff", "road-transport-regulations"].iter().chain(args).copied().collect();
        let (code, out, err) = p.run(&[&args[..], &["-f", "md"]].concat());
        assert_eq!(code, 1, "{args:?}: {err}");
        out
    };
    let latest_two = map(&[]);
    assert!(latest_two.contains("2022 → 2023"), "{latest_two}");
    assert_eq!(latest_two, map(&["2022", "2023"]));
    let since_2019 = map(&["2019"]);
    assert!(since_2019.contains("2019 → 2023"), "{since_2019}");
    assert_eq!(since_2019, map(&["2019", "2023"]));
    assert_ne!(since_2019, latest_two);
    // One version: nothing to compare it with, and the message says so.
    let one = p.path().join("versions/one");
    std::fs::create_dir_all(&one).unwrap();
    std::fs::copy(repo_root().join("versions/road-transport-regulations/2023.txt"), one.join("2023.txt"))
        .unwrap();
    std::fs::write(
        one.join("document.yaml"),
        "title: 中华人民共和国道路运输条例\nkind: law\nlanguage: zh\nversions:\n- label: '2023'\n  adopted: '2023-07-20'\n  source: the bundled road transport regulations\n",
    )
    .unwrap();
    let (code, _, err) = p.run(&["diff", "one"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("has one version (2023): name two to compare"), "{err}");
}

/// A command about one document reads that document only: from the folder and the store
/// together (a version only the store has included), and untroubled by another
/// document's broken `document.yaml`, which `list` still reports.
#[test]
fn commands_about_one_document_read_it_from_folder_and_store() {
    let p = Project::with_documents(&["state-secrets-law", "charity-law"]);
    p.ok(&["import"]);
    // 2024 stays in the store only.
    let dir = p.path().join("versions/state-secrets-law");
    std::fs::remove_file(dir.join("2024.txt")).unwrap();
    let yaml = std::fs::read_to_string(dir.join("document.yaml")).unwrap();
    let cut = yaml.find("- label: '2024'").expect("a 2024 entry");
    std::fs::write(dir.join("document.yaml"), &yaml[..cut]).unwrap();
    std::fs::write(p.path().join("versions/charity-law/document.yaml"), "title: [unclosed\n").unwrap();

    let (code, map, err) = p.run(&["diff", "state-secrets-law", "-f", "map"]);
    assert_eq!(code, 1, "{err}");
    assert!(map.contains("50\t59\tmodified"), "{map}");
    assert_eq!(err, "", "another document's metadata was read");
    let (code, out, err) = p.run(&["show", "state-secrets-law@2024", "34"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("第三十四条 (34)"), "{out}");
    assert_eq!(err, "");
    let (code, out, err) = p.run(&["history", "state-secrets-law", "34"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("第二十八条 (28)"), "{out}");
    // The store still has the charity law; the broken file is reported where all are read.
    let (code, out, err) = p.run(&["show", "charity-law@2016", "1"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("第一条 (1)"), "{out}");
    assert!(err.contains("charity-law/document.yaml"), "{err}");
    let (_, list, err) = p.run(&["list"]);
    assert!(list.contains("state-secrets-law"), "{list}");
    assert!(err.contains("charity-law/document.yaml"), "{err}");
    for (args, message) in [
        (&["show", "no-such-law"][..], "unknown document `no-such-law`"),
        (&["diff", "../versions"], "unknown document `../versions`"),
    ] {
        let (code, _, err) = p.run(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains(message), "{args:?}: {err}");
    }
}

/// `-` reads standard input, in place of either file of `diff --files` (`git show
/// HEAD~:law.txt | lexdiff diff --files - law.txt`) and of the file of `add`: a GBK text
/// piped in is converted as a file would be, the same rows come out, and messages name
/// `<stdin>`.
#[test]
fn standard_input_stands_for_a_file() {
    let p = Project::with_documents(&["state-secrets-law"]);
    let src = p.path().join("versions/state-secrets-law");
    let (old, new) = (src.join("2010.txt"), src.join("2024.txt"));
    let (_, from_files, _) =
        p.run(&["diff", "--files", old.to_str().unwrap(), new.to_str().unwrap(), "-f", "map"]);
    let old_text = std::fs::read_to_string(&old).unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode(&old_text);
    let (code, from_stdin, err) =
        p.run_with_input(&["diff", "--files", "-", new.to_str().unwrap(), "-f", "map"], &gbk);
    assert_eq!(code, 1, "{err}");
    assert_eq!(from_stdin, from_files);
    let new_text = std::fs::read(&new).unwrap();
    let (_, json, _) =
        p.run_with_input(&["diff", "--files", old.to_str().unwrap(), "-", "-f", "json"], &new_text);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["header"]["new"]["label"], "<stdin>");
    let (code, _, err) = p.run_with_input(&["diff", "--files", "-", "-"], b"");
    assert_eq!(code, 2);
    assert!(err.contains("only one of the two files can be `-`"), "{err}");
    // Messages name standard input as `<stdin>`: a warning, and an error.
    let (code, _, err) = p.run_with_input(
        &["diff", "--files", "-", new.to_str().unwrap()],
        "第一条 甲。\n第一条 乙。\n".as_bytes(),
    );
    assert_eq!(code, 1);
    assert!(err.contains("<stdin>:2: warning: duplicate article 第一条"), "{err}");
    let (code, _, err) = p.run_with_input(
        &["diff", "--files", "-", new.to_str().unwrap(), "--kind", "law"],
        "甲乙丙。\n".as_bytes(),
    );
    assert_eq!(code, 2);
    assert!(err.contains("<stdin>:1: no articles found"), "{err}");

    // `add` takes the new version from standard input.
    std::fs::remove_file(&new).unwrap();
    let yaml = src.join("document.yaml");
    let meta = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, &meta[..meta.find("- label: '2024'").unwrap()]).unwrap();
    let (code, _, err) = p.run_with_input(
        &["add", "state-secrets-law", "-", "--version", "2024", "--adopted", "2024-02-27"],
        &new_text,
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read(&new).unwrap(), new_text);
}

/// A Word document, as the national database of laws gives them, is read as its
/// paragraphs: `diff --files` pairs the same articles as from the plain text, and `add`
/// stores it as a plain text that compares equal to the original.
#[test]
fn a_word_document_is_read_as_its_paragraphs() {
    let p = Project::empty();
    let src = repo_root().join("versions/state-secrets-law");
    let (old, new) = (src.join("2010.txt"), src.join("2024.txt"));
    let word = repo_root().join("tests/data/docx/state-secrets-law-2024.docx");
    let map = |new: &Path| {
        let (code, out, err) =
            p.run(&["diff", "--files", old.to_str().unwrap(), new.to_str().unwrap(), "-f", "map"]);
        assert_eq!(code, 1, "{err}");
        (out, err)
    };
    let (from_text, _) = map(&new);
    let (from_word, told) = map(&word);
    assert_eq!(from_word, from_text);
    assert!(told.contains("state-secrets-law-2024.docx: read from a Word document"), "{told}");

    let (code, _, err) =
        p.run(&["add", "secrecy", word.to_str().unwrap(), "--version", "2024", "--adopted", "2024-02-27"]);
    assert_eq!(code, 0, "{err}");
    let stored = p.path().join("versions/secrecy/2024.txt");
    let (code, out, err) = p.run(&["diff", "--files", new.to_str().unwrap(), stored.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    // `lexdiff text` prints the text that was stored.
    assert_eq!(p.ok(&["-q", "text", word.to_str().unwrap()]), std::fs::read_to_string(&stored).unwrap());
    let meta = std::fs::read_to_string(p.path().join("versions/secrecy/document.yaml")).unwrap();
    assert!(meta.contains("title: 中华人民共和国保守国家秘密法"), "{meta}");

    // A law drafted with Word's lists: its article and item numbers are drawn by the
    // lists, not written, and are rebuilt as they are drawn.
    let listed = p.path().join("listed.docx");
    std::fs::write(&listed, support::word::numbered_document(&secrecy("2024"))).unwrap();
    let (code, out, err) = p.run(&["diff", "--files", new.to_str().unwrap(), listed.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("paragraphs are numbered by Word's automatic numbering"), "{err}");
}

/// A version in `versions/` may be the Word file itself (`2024.docx`, as the official
/// database gives it), listed in `document.yaml` like a text. A plain text beside it wins.
#[test]
fn a_version_in_the_folder_may_be_a_word_document() {
    let p = Project::with_documents(&["state-secrets-law"]);
    let folder = p.path().join("versions/state-secrets-law");
    std::fs::remove_file(folder.join("2024.txt")).unwrap();
    let word = repo_root().join("tests/data/docx/state-secrets-law-2024.docx");
    std::fs::copy(&word, folder.join("2024.docx")).unwrap();
    // `check` reads the Word file and finds the counts document.yaml expects.
    let (code, _, err) = p.run(&["check"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = p.run(&["import"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("2024.docx: read from a Word document"), "{err}");
    // What is stored is the text of the Word file, which compares equal to the bundled one.
    let stored = git(&p.store(), &["show", "state-secrets-law/2024:state-secrets-law.txt"]);
    assert!(stored == p.ok(&["-q", "text", word.to_str().unwrap()]), "stored: {stored}");
    let stored_file = p.path().join("stored.txt");
    std::fs::write(&stored_file, &stored).unwrap();
    let bundled = repo_root().join("versions/state-secrets-law/2024.txt");
    let (code, out, err) =
        p.run(&["diff", "--files", bundled.to_str().unwrap(), stored_file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, map, err) = p.run(&["diff", "state-secrets-law", "2010", "2024", "-f", "map"]);
    assert_eq!(code, 1, "{err}");
    let kinds = support::kinds_in_map(&map);
    assert_eq!(kinds.get("split"), Some(&4), "{map}");

    // With a text beside it, the text is read and `check` says the Word file is not.
    // The text is the Word file's, as `add` would have made it: nothing to store again.
    std::fs::write(folder.join("2024.txt"), &stored).unwrap();
    let (code, _, err) = p.run(&["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "2024.docx: warning: not read: the version's text is versions/state-secrets-law/2024.txt"
        ),
        "{err}"
    );
    let (code, out, err) = p.run(&["import"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("up to date"), "{out}");
    // A text that differs from the Word file is the one read: the store refuses it as a
    // changed version.
    std::fs::write(folder.join("2024.txt"), secrecy("2024")).unwrap();
    let (code, _, err) = p.run(&["import"]);
    assert_eq!(code, 2);
    assert!(err.contains("state-secrets-law@2024: text changed since it was imported"), "{err}");
}

/// A repository of Word documents is read like one of texts: a folder's `.docx` files
/// are documents, their versions pair the same articles as the plain texts, and `ci`
/// reports a Word file that changed (git itself can show no diff of one).
#[test]
fn a_repository_of_word_documents_is_compared_by_article() {
    let p = Project::empty();
    let repo = p.path().join("texts");
    std::fs::create_dir_all(repo.join("laws")).unwrap();
    let g = |args: &[&str], date: &str| git_at(&repo, args, date);
    g(&["init", "-q", "-b", "main"], "2010-04-29T00:00:00+08:00");
    let (old, new) = (secrecy("2010"), secrecy("2024"));
    std::fs::write(repo.join("laws/secrecy.docx"), support::word::document(&old)).unwrap();
    std::fs::write(repo.join("laws/notes.bin"), b"not a text").unwrap();
    g(&["add", "."], "2010-04-29T00:00:00+08:00");
    g(&["commit", "-q", "-m", "2010"], "2010-04-29T00:00:00+08:00");
    std::fs::write(repo.join("laws/secrecy.docx"), support::word::document(&new)).unwrap();
    g(&["commit", "-q", "-am", "2024"], "2024-02-27T00:00:00+08:00");

    let r = repo.to_str().unwrap();
    let list = p.ok(&["--repo", r, "--path", "laws", "list"]);
    assert!(list.contains("中华人民共和国保守国家秘密法 (law)"), "{list}");
    assert!(list.contains("53 articles") && list.contains("65 articles"), "{list}");
    assert!(!list.contains("notes"), "{list}");
    let (code, from_word, err) = p.run(&["--repo", r, "--path", "laws", "diff", "laws-secrecy", "-f", "map"]);
    assert_eq!(code, 1, "{err}");
    let src = repo_root().join("versions/state-secrets-law");
    let (old, new) = (src.join("2010.txt"), src.join("2024.txt"));
    let (_, from_text, _) =
        p.run(&["diff", "--files", old.to_str().unwrap(), new.to_str().unwrap(), "-f", "map"]);
    assert_eq!(from_word, from_text);

    let out = p.path().join("ci");
    let (code, _, err) = p.run(&["--repo", r, "ci", "--base", "HEAD~1", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["documents"][0]["path"], "laws/secrecy.docx", "{summary}");

    // `lexdiff text` as git's textconv: `git diff` of the Word file shows its paragraphs.
    std::fs::write(repo.join(".gitattributes"), "*.docx diff=lexdiff\n").unwrap();
    let textconv = format!("{} -q text", env!("CARGO_BIN_EXE_lexdiff"));
    git(&repo, &["config", "diff.lexdiff.textconv", &textconv]);
    let diff = git(&repo, &["diff", "HEAD~1", "HEAD", "--", "laws/secrecy.docx"]);
    assert!(diff.contains("\n+第三条 坚持中国共产党对保守国家秘密（以下简称保密）工作的领导。"), "{diff}");
    assert!(diff.contains("\n 第二条 国家秘密是关系国家安全和利益"), "{diff}");
}

/// Without `--kind`, a text without articles but with numbered sections (`一、`) is read
/// as a report, as `--kind report` reads it, from files and from a repository alike; one
/// without either is plain paragraphs.
#[test]
fn reports_are_recognised_without_kind() {
    let p = Project::empty();
    let src = repo_root().join("versions/gov-work-report-national");
    let (old, new) = (src.join("2024.txt"), src.join("2025.txt"));
    let files = ["diff", "--files", old.to_str().unwrap(), new.to_str().unwrap(), "-f", "json"];
    let (code, guessed, err) = p.run(&files);
    assert_eq!(code, 1, "{err}");
    let (_, given, _) = p.run(&[&files[..], &["--kind", "report"]].concat());
    assert_eq!(guessed, given);
    let json: serde_json::Value = serde_json::from_str(&guessed).unwrap();
    assert!(json["insights"]["targets"]["rows"].as_array().is_some_and(|t| !t.is_empty()), "no targets read");

    let repo = p.path().join("texts");
    std::fs::create_dir_all(&repo).unwrap();
    let g = |args: &[&str], date: &str| git_at(&repo, args, date);
    g(&["init", "-q", "-b", "main"], "2024-03-05T00:00:00+08:00");
    std::fs::copy(&old, repo.join("report.txt")).unwrap();
    g(&["add", "."], "2024-03-05T00:00:00+08:00");
    g(&["commit", "-q", "-m", "2024"], "2024-03-05T00:00:00+08:00");
    std::fs::copy(&new, repo.join("report.txt")).unwrap();
    g(&["commit", "-q", "-am", "2025"], "2025-03-05T00:00:00+08:00");
    let list = p.ok(&["--repo", repo.to_str().unwrap(), "--path", "report.txt", "list"]);
    assert!(list.contains("(report)"), "{list}");

    let plain = p.path().join("plain.txt");
    std::fs::write(&plain, "One paragraph.\nAnother one.\n").unwrap();
    let (code, out, err) =
        p.run(&["diff", "--files", plain.to_str().unwrap(), plain.to_str().unwrap(), "-f", "json"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["rows"].as_array().map(Vec::len), Some(2), "{out}");

    // A law against plain text: no article could pair with a paragraph, so both are
    // read as plain paragraphs, as `--kind plain` reads them, and the note says so.
    let law = repo_root().join("versions/state-secrets-law/2024.txt");
    let mixed = ["diff", "--files", law.to_str().unwrap(), plain.to_str().unwrap(), "-f", "map"];
    let (code, guessed, err) = p.run(&mixed);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("reads as a law (it has articles)") && err.contains("as plain text"), "{err}");
    let (_, given, _) = p.run(&[&mixed[..], &["--kind", "plain"]].concat());
    assert_eq!(guessed, given);
}

#[test]
fn versions_are_read_from_a_plain_git_repository() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("texts");
    std::fs::create_dir_all(repo.join("laws")).unwrap();
    let g = |args: &[&str], date: &str| git_at(&repo, args, date);
    g(&["init", "-q", "-b", "main"], "2010-04-29T00:00:00+08:00");
    let src = repo_root().join("versions/state-secrets-law");
    std::fs::copy(src.join("2010.txt"), repo.join("laws/secrecy.txt")).unwrap();
    g(&["add", "."], "2010-04-29T00:00:00+08:00");
    g(&["commit", "-q", "-m", "2010 text"], "2010-04-29T00:00:00+08:00");
    std::fs::write(repo.join("README"), "unrelated").unwrap();
    g(&["add", "."], "2015-01-01T00:00:00+08:00");
    g(&["commit", "-q", "-m", "readme"], "2015-01-01T00:00:00+08:00");
    std::fs::copy(src.join("2024.txt"), repo.join("laws/secrecy.txt")).unwrap();
    g(&["commit", "-q", "-am", "2024 text"], "2024-02-27T00:00:00+08:00");
    g(&["tag", "v2024"], "2024-02-27T00:00:00+08:00");
    let p = Project::empty();
    let r = repo.to_str().unwrap();
    let list = p.ok(&["--repo", r, "--path", "laws/secrecy.txt", "list"]);
    assert!(list.contains("secrecy  中华人民共和国保守国家秘密法 (law)"), "{list}");
    assert!(list.contains("2010-04-29 adopted 2010-04-29  53 articles"), "{list}");
    assert!(list.contains("v2024    adopted 2024-02-27  65 articles"), "{list}");
    let (code, map, err) = p.run(&[
        "diff",
        "secrecy",
        "2010-04-29",
        "v2024",
        "--repo",
        r,
        "--path",
        "laws/secrecy.txt",
        "-f",
        "map",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(map.contains("50\t59\tmodified"), "{map}");
    // A file's path names it too: its `/` is no store tag's (`doc/version`).
    let (code, by_path, err) =
        p.run(&["--repo", r, "diff", "laws/secrecy.txt", "2010-04-29", "v2024", "-f", "map"]);
    assert_eq!((code, by_path.as_str()), (1, map.as_str()), "{err}");
    // Commands that work on the versions folder and the store refuse --repo rather than
    // answer about something else.
    for cmd in [&["import"][..], &["check"], &["log", "secrecy"]] {
        let args: Vec<&str> =
            ["--repo", r, "--path", "laws/secrecy.txt"].iter().chain(cmd).copied().collect();
        let (code, out, err) = p.run(&args);
        assert_eq!(code, 2, "{cmd:?}: {out}");
        assert!(
            err.contains(&format!("`lexdiff {}` works on the versions folder and the store", cmd[0])),
            "{err}"
        );
    }
    assert!(!p.store().exists(), "nothing was imported");
    // A repository without commits says so.
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    git_at(&empty, &["init", "-q", "-b", "main"], "2024-01-01T00:00:00+08:00");
    let (code, _, err) = p.run(&["--repo", empty.to_str().unwrap(), "list"]);
    assert_eq!(code, 2);
    assert!(err.contains("has no commits yet"), "{err}");
}

/// A file moved or renamed keeps its history, as `git log --follow` reads it: a rename
/// that kept the text is no version, one that also edited it is.
#[test]
fn a_renamed_file_keeps_its_history() {
    let t = Texts::new();
    let src = repo_root().join("versions/state-secrets-law");
    t.commit_file("secrecy.txt", &src.join("2010.txt"), "2010-04-29T00:00:00+08:00", "2010 text");
    std::fs::create_dir_all(t.path().join("laws")).unwrap();
    t.git(&["mv", "secrecy.txt", "laws/state-secrets.txt"], "2015-01-01T00:00:00+08:00");
    t.commit_all("2015-01-01T00:00:00+08:00", "into laws/");
    t.commit_file("laws/state-secrets.txt", &src.join("2024.txt"), "2024-02-27T00:00:00+08:00", "2024 text");
    // Renamed and edited in one commit.
    let text = std::fs::read_to_string(src.join("2024.txt")).unwrap();
    let edited = text.replacen("本法自2024年5月1日起施行。", "本法自2024年5月2日起施行。", 1);
    assert_ne!(edited, text, "the edit applies");
    t.git(&["mv", "laws/state-secrets.txt", "laws/secrecy.txt"], "2025-01-01T00:00:00+08:00");
    std::fs::write(t.path().join("laws/secrecy.txt"), edited).unwrap();
    t.commit_all("2025-01-01T00:00:00+08:00", "renamed, a date fixed");
    let p = Project::empty();
    let r = t.path().to_str().unwrap();
    let list = p.ok(&["--repo", r, "list"]);
    let versions: Vec<&str> =
        list.lines().filter(|l| l.starts_with("  ")).map(|l| l.split_whitespace().next().unwrap()).collect();
    assert_eq!(versions, ["2010-04-29", "2024-02-27", "2025-01-01"], "{list}");
    assert!(list.starts_with("secrecy  中华人民共和国保守国家秘密法 (law)"), "{list}");
    let (code, map, err) = p.run(&["--repo", r, "diff", "secrecy", "2010-04-29", "2024-02-27", "-f", "map"]);
    assert_eq!(code, 1, "{err}");
    assert!(map.contains("50\t59\tmodified"), "{map}");
    let (code, map, err) = p.run(&["--repo", r, "diff", "secrecy", "-f", "map"]);
    assert_eq!(code, 1, "{err}");
    assert!(map.contains("65\t65\tmodified"), "{map}");
}

/// In a repository of texts a version can be named as git names a revision (`HEAD~3`, a
/// tag, a branch): it is the version in force there, brought by that commit or an earlier
/// one it descends from.
#[test]
fn a_version_is_named_by_any_revision() {
    let t = Texts::new();
    let src = repo_root().join("versions/state-secrets-law");
    let charity = repo_root().join("versions/charity-law/2016.txt");
    t.commit_file("charity.txt", &charity, "2009-01-01T00:00:00+08:00", "before the law");
    t.commit_file("secrecy.txt", &src.join("2010.txt"), "2010-04-29T00:00:00+08:00", "2010 text");
    t.git(&["tag", "first"], "2010-04-29T00:00:00+08:00");
    t.commit_file("README.md", &charity, "2011-01-01T00:00:00+08:00", "elsewhere");
    t.commit_file("secrecy.txt", &src.join("2024.txt"), "2024-02-27T00:00:00+08:00", "2024 text");
    t.commit_file("README.md", &src.join("2010.txt"), "2024-03-01T00:00:00+08:00", "elsewhere again");
    let p = Project::empty();
    let r = t.path().to_str().unwrap();
    let map = |old: &str, new: &str| p.run(&["--repo", r, "diff", "secrecy", old, new, "-f", "map"]);
    let (code, by_label, err) = map("first", "2024-02-27");
    assert_eq!(code, 1, "{err}");
    assert!(by_label.contains("50\t59\tmodified"), "{by_label}");
    // The commit after each version, the version's own commit and a tag: the same texts.
    for (old, new) in [("HEAD~2", "HEAD"), ("HEAD~3", "HEAD~1"), ("first", "main")] {
        assert_eq!(map(old, new), (1, by_label.clone(), String::new()), "{old} {new}");
    }
    let (code, _, err) = map("HEAD~1", "HEAD");
    assert_eq!(code, 0, "one version in force at both: {err}");
    let show = p.ok(&["--repo", r, "show", "secrecy@HEAD~2"]);
    assert!(show.contains("–53]"), "{show}");
    // Before the file, or no revision at all: no version, and said why.
    let (code, _, err) = map("HEAD~4", "HEAD");
    assert_eq!(code, 2);
    assert!(err.contains("has no version `HEAD~4` (the file has no version at "), "{err}");
    let (code, _, err) = map("nosuch", "HEAD");
    assert_eq!(code, 2);
    assert!(err.contains("has no version `nosuch` (versions: first, 2024-02-27)"), "{err}");
}

/// A repository of Markdown texts in the LawRefBook style (`# 标题`, `<!-- INFO END -->`,
/// `## 第一章 …`, blank lines between paragraphs): the title and the articles read as
/// from the plain text.
#[test]
fn markdown_texts_in_a_repository_read_as_plain_texts() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("Laws");
    std::fs::create_dir_all(repo.join("行政法")).unwrap();
    let plain = std::fs::read_to_string(repo_root().join("versions/state-secrets-law/2024.txt")).unwrap();
    let mut md = String::new();
    for (i, line) in plain.lines().enumerate() {
        let line = line.trim();
        let marked = if i == 0 {
            format!("# {line}")
        } else if line.starts_with("第") && line.contains('章') && line.chars().count() < 20 {
            format!("## {line}")
        } else {
            line.to_string()
        };
        md.push_str(&marked);
        md.push_str("\n\n");
        if i == 1 {
            md.push_str("<!-- INFO END -->\n\n");
        }
    }
    assert!(md.contains("## 第二章 国家秘密的范围和密级"));
    let file = repo.join("行政法/保守国家秘密法.md");
    std::fs::write(&file, &md).unwrap();
    let g = |args: &[&str]| git_at(&repo, args, "2024-02-27T00:00:00+08:00");
    g(&["init", "-q", "-b", "main"]);
    g(&["add", "."]);
    g(&["commit", "-q", "-m", "保守国家秘密法"]);
    let p = Project::empty();
    let r = repo.to_str().unwrap();
    let list = p.ok(&["--repo", r, "--path", "行政法/保守国家秘密法.md", "list"]);
    // A file name in Chinese gets an ASCII id of its own (`doc-` and a hash of the path).
    assert!(list.starts_with("doc-") && list.contains("  中华人民共和国保守国家秘密法 (law)"), "{list}");
    assert!(list.contains("65 articles, 6 chapters"), "{list}");
    let plain_file = dir.path().join("2024.txt");
    std::fs::write(&plain_file, &plain).unwrap();
    let (code, out, err) =
        p.run(&["diff", "--files", plain_file.to_str().unwrap(), file.to_str().unwrap(), "-f", "json"]);
    assert_eq!(code, 0, "{err}\n{out}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["header"]["title"], "中华人民共和国保守国家秘密法");
    for row in json["rows"].as_array().unwrap() {
        assert_eq!(row["old"]["headings"], row["new"]["headings"], "{row}");
    }
}

/// When the legalize repositories below were committed: by an import run, on one day
/// (their legal dates are in `Source-Date:` trailers).
const IMPORTED: &str = "2026-05-06T10:00:00+00:00";

/// An empty repository in the legalize layout under `dir`: `legalize-<country>/`, with
/// the folder `<country>/` its laws go in.
fn legalize_repo(dir: &Path, country: &str) -> PathBuf {
    let repo = dir.join(format!("legalize-{country}"));
    std::fs::create_dir_all(repo.join(country)).unwrap();
    git_at(&repo, &["init", "-q", "-b", "main"], IMPORTED);
    repo
}

/// A bundled version of the State Secrets Law, as its plain text.
fn secrecy(version: &str) -> String {
    std::fs::read_to_string(repo_root().join(format!("versions/state-secrets-law/{version}.txt"))).unwrap()
}

/// A version of the State Secrets Law as a repository in the legalize layout writes it
/// (YAML front matter, `# 标题`, metadata in bold, a `---` rule, the history quoted,
/// article numbers in bold, paragraphs indented and separated by blank lines).
fn in_legalize_layout(plain: &str, date: &str) -> String {
    let mut lines = plain.lines().map(str::trim).filter(|l| !l.is_empty());
    let (title, history) = (lines.next().unwrap(), lines.next().unwrap());
    let mut md = format!(
        "---\ntitle: \"{title}\"\noffice: \"全国人民代表大会常务委员会\"\npublish_date: \"{date}\"\nstatus: \"有效\"\n---\n\
         # {title}\n\n**发布机关**: 全国人民代表大会常务委员会\n\n**发布日期**: {date}\n\n---\n\n> {history}\n\n"
    );
    for line in lines {
        let article = line.find('条').filter(|_| line.starts_with('第') && !line.contains('章'));
        match article {
            Some(end) => {
                let end = end + '条'.len_utf8();
                md.push_str(&format!("　　**{}**　{}\n\n", &line[..end], line[end..].trim()));
            }
            None if line.contains('章') && line.chars().count() < 20 => md.push_str(&format!("{line}\n\n")),
            None => md.push_str(&format!("　　{line}\n\n")),
        }
    }
    md
}

/// A repository in the legalize layout (Legalize-CN and the other country repositories
/// keep laws as Markdown with YAML front matter): its versions read as the plain texts
/// do, title and articles, and compare to the very rows the plain texts give. The legal
/// dates are those of the `Source-Date:` trailers, the authority in that layout, not the
/// commits' (here those of an import run on one day).
#[test]
fn texts_in_the_legalize_layout_read_as_plain_texts() {
    let dir = tempfile::tempdir().unwrap();
    let repo = legalize_repo(dir.path(), "cn");
    let g = |args: &[&str]| git_at(&repo, args, IMPORTED);
    for (v, date, act) in
        [("2010", "2010-04-29", "主席令第二十八号"), ("2024", "2024-02-27", "主席令第二十号")]
    {
        let md = in_legalize_layout(&secrecy(v), date);
        assert!(md.contains("　　**第五条**　") && md.starts_with("---\ntitle: "), "{md}");
        std::fs::write(repo.join("cn/state-secrets.md"), md).unwrap();
        g(&["add", "."]);
        let message =
            format!("[reform] 保守国家秘密法\n\nSource-Id: {act}\nSource-Date: {date}\nNorm-Id: X-1");
        g(&["commit", "-q", "-m", &message]);
    }
    // The pipeline renders the text again (without indents): the same version, no new one.
    let file = repo.join("cn/state-secrets.md");
    std::fs::write(&file, std::fs::read_to_string(&file).unwrap().replace("　　", "")).unwrap();
    g(&["commit", "-q", "-am", "[fix-pipeline] 保守国家秘密法: paragraphs without indents"]);
    let p = Project::empty();
    let r = repo.to_str().unwrap();
    let at = ["--repo", r, "--path", "cn/state-secrets.md"];
    let list = p.ok(&[&at[..], &["list"]].concat());
    assert_eq!(list.lines().count(), 3, "{list}");
    assert!(list.starts_with("state-secrets  中华人民共和国保守国家秘密法 (law)"), "{list}");
    assert!(list.contains("53 articles, 6 chapters") && list.contains("65 articles, 6 chapters"), "{list}");
    assert!(
        list.contains("2010-04-29 adopted 2010-04-29") && list.contains("2024-02-27 adopted 2024-02-27"),
        "{list}"
    );

    let rows = |json: &str| -> Vec<serde_json::Value> {
        let json: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(json["header"]["title"], "中华人民共和国保守国家秘密法");
        let side = |s: &serde_json::Value| {
            s.get("label").map(|_| (s["label"].clone(), s["text"].clone(), s["headings"].clone()))
        };
        json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| serde_json::json!([r["kind"], side(&r["old"]), side(&r["new"]), r["diff"]]))
            .collect()
    };
    let (code, from_repo, err) =
        p.run(&[&at[..], &["diff", "state-secrets", "2010-04-29", "2024-02-27", "-f", "json"]].concat());
    assert_eq!(code, 1, "{err}");
    // The amending act is the `Source-Id:` trailer's.
    let header = &serde_json::from_str::<serde_json::Value>(&from_repo).unwrap()["header"];
    assert_eq!(
        (&header["old"]["amended_by"], &header["new"]["amended_by"]),
        (&"主席令第二十八号".into(), &"主席令第二十号".into())
    );
    let (old, new) = (dir.path().join("2010.txt"), dir.path().join("2024.txt"));
    std::fs::write(&old, secrecy("2010")).unwrap();
    std::fs::write(&new, secrecy("2024")).unwrap();
    let (_, from_plain, _) =
        p.run(&["diff", "--files", old.to_str().unwrap(), new.to_str().unwrap(), "-f", "json"]);
    let (from_repo, from_plain) = (rows(&from_repo), rows(&from_plain));
    assert_eq!(from_repo.len(), 66);
    assert_eq!(from_repo, from_plain);
    // Texts as they stood at their dates: nothing to warn of.
    assert!(header["old"].get("text_state").is_none() && header["new"].get("text_state").is_none());
}

/// A legalize front matter's `text_state` says what a file's versions are; comparing them
/// means what a reader expects only of texts as they stood at their dates, so every report
/// says it. `as_enacted`: the act as published, whose amendments are separate files and
/// change only this file's front matter. `current`: the source's latest text, whatever the
/// commit's date.
#[test]
fn a_text_state_other_than_point_in_time_is_said_in_every_report() {
    let dir = tempfile::tempdir().unwrap();
    let repo = legalize_repo(dir.path(), "cn");
    let g = |args: &[&str]| git_at(&repo, args, IMPORTED);
    let with = |md: String, fields: &str| md.replacen("---\n", &format!("---\n{fields}"), 1);
    let commit = |file: &str, md: String, date: &str| {
        std::fs::write(repo.join("cn").join(file), md).unwrap();
        g(&["add", "."]);
        g(&["commit", "-q", "-m", &format!("[reform] 保守国家秘密法\n\nSource-Date: {date}")]);
    };
    // As enacted: the 2010 act, then an amendment recorded in the front matter only.
    let enacted = in_legalize_layout(&secrecy("2010"), "2010-04-29");
    commit("enacted.md", with(enacted.clone(), "text_state: \"as_enacted\"\n"), "2010-04-29");
    let amended = "text_state: \"as_enacted\"\nlast_amendment: \"主席令第二十号\"\n";
    commit("enacted.md", with(enacted, amended), "2024-02-27");
    // Current: the latest text, fetched twice.
    for (v, date) in [("2010", "2023-01-01"), ("2024", "2025-01-01")] {
        let md = in_legalize_layout(&secrecy(v), date);
        commit("current.md", with(md, "text_state: current\n"), date);
    }
    let p = Project::empty();
    let r = repo.to_str().unwrap();
    // The title is the front matter's, the official one, rather than the heading's.
    let list = p.ok(&["--repo", r, "list"]);
    assert!(list.contains("current  中华人民共和国保守国家秘密法 (law)"), "{list}");
    assert_eq!(list.matches("(text_state: current)").count(), 2, "{list}");
    assert_eq!(list.matches("(text_state: as_enacted)").count(), 2, "{list}");
    let md = in_legalize_layout(&secrecy("2024"), "2024-02-27").replacen(
        "title: \"中华人民共和国",
        "title: \"",
        1,
    );
    commit("titled.md", md.replace("status: \"有效\"", "status: \"已废止\""), "2024-02-27");
    let list = p.ok(&["--repo", r, "list"]);
    assert!(list.contains("titled  保守国家秘密法 (law)"), "{list}");
    // A law no longer in force says so (the front matter's `status`).
    assert_eq!(list.matches("(status: 已废止)").count(), 1, "{list}");
    let shown = p.ok(&["--repo", r, "show", "titled@2024-02-27"]);
    assert!(shown.contains("\n  note: status 已废止, as its front matter states\n"), "{shown}");
    let site = dir.path().join("titled-site");
    p.ok(&["--repo", r, "--path", "cn/titled.md", "build", "-o", site.to_str().unwrap()]);
    let page = std::fs::read_to_string(site.join("titled/versions/2024-02-27.html")).unwrap();
    assert!(page.contains("<p class=\"caveat\">状态 Status: 已废止</p>"), "{page}");
    let diff = |file: &str, a: &str, b: &str, format: &str| {
        p.run(&[
            "--repo",
            r,
            "--path",
            &format!("cn/{file}"),
            "diff",
            file.trim_end_matches(".md"),
            a,
            b,
            "-f",
            format,
        ])
    };

    let (code, text, err) = diff("enacted.md", "2010-04-29", "2024-02-27", "text");
    assert_eq!(code, 0, "the body is unchanged: {text}{err}");
    let note = "note: 2010-04-29 and 2024-02-27: the act as enacted: its amendments are separate texts \
                and are not incorporated (text_state: as_enacted)";
    assert!(text.lines().nth(1) == Some(note), "{text}");

    let (code, text, err) = diff("current.md", "2023-01-01", "2025-01-01", "text");
    assert_eq!(code, 1, "{err}");
    let note = "note: 2023-01-01 and 2025-01-01: the latest text the source published, whatever the \
                version's date: not necessarily the law as it stood then (text_state: current)";
    assert!(text.lines().nth(1) == Some(note), "{text}");
    let (_, json, _) = diff("current.md", "2023-01-01", "2025-01-01", "json");
    let header = &serde_json::from_str::<serde_json::Value>(&json).unwrap()["header"];
    assert_eq!(
        (&header["old"]["text_state"], &header["new"]["text_state"]),
        (&"current".into(), &"current".into())
    );
    let (_, md, _) = diff("current.md", "2023-01-01", "2025-01-01", "md");
    assert!(
        md.contains("\n> **Note:** 2023-01-01 and 2025-01-01: the latest text the source published"),
        "{md}"
    );
    let (_, html, _) = diff("current.md", "2023-01-01", "2025-01-01", "html");
    assert_eq!(
        html.matches("<dd class=\"caveat\">注意 Note: the latest text the source published").count(),
        2
    );
    let shown = p.ok(&["--repo", r, "--path", "cn/current.md", "show", "current@2025-01-01"]);
    assert!(shown.lines().nth(1).is_some_and(|l| l.contains("(text_state: current)")), "{shown}");
    // The site says it on the comparison and on each version's page.
    let site = dir.path().join("site");
    p.ok(&["--repo", r, "--path", "cn/current.md", "build", "-o", site.to_str().unwrap()]);
    for page in
        ["compare/2023-01-01..2025-01-01.html", "versions/2023-01-01.html", "versions/2025-01-01.html"]
    {
        let html = std::fs::read_to_string(site.join("current").join(page)).unwrap();
        assert!(html.contains("class=\"caveat\">注意 Note: the latest text the source published"), "{page}");
    }
}

/// `add` names a new document after its text: the title of a legalize front matter, else
/// the text's title line; the front matter's `source` is the version's source. What is
/// given on the command line wins.
#[test]
fn add_takes_title_and_source_from_the_text() {
    let p = Project::empty();
    let versions = p.path().join("versions");
    let file = p.path().join("2010.txt");
    std::fs::write(&file, secrecy("2010")).unwrap();
    p.ok(&["add", "secrets", file.to_str().unwrap(), "--version", "2010", "--adopted", "2010-04-29"]);
    let yaml = std::fs::read_to_string(versions.join("secrets/document.yaml")).unwrap();
    assert!(yaml.starts_with("title: 中华人民共和国保守国家秘密法\n"), "{yaml}");
    assert!(yaml.contains("source: added with lexdiff add\n"), "{yaml}");

    let url = "https://flk.npc.gov.cn/detail?id=2024";
    let md = in_legalize_layout(&secrecy("2024"), "2024-02-27")
        .replacen("---\n", &format!("---\nsource: \"{url}\"\n"), 1)
        .replace("title: \"中华人民共和国保守国家秘密法\"", "title: \"保守国家秘密法\"");
    let file = p.path().join("2024.md");
    std::fs::write(&file, &md).unwrap();
    let add = |doc: &str, extra: &[&str]| {
        let args =
            [&["add", doc, file.to_str().unwrap(), "--version", "2024", "--adopted", "2024-02-27"], extra];
        p.ok(&args.concat())
    };
    add("secrets", &[]);
    let yaml = std::fs::read_to_string(versions.join("secrets/document.yaml")).unwrap();
    assert!(yaml.contains(&format!("source: {url}\n")), "{yaml}");
    assert!(
        yaml.starts_with("title: 中华人民共和国保守国家秘密法\n"),
        "an existing document keeps its title: {yaml}"
    );
    add("secrets-md", &[]);
    let yaml = std::fs::read_to_string(versions.join("secrets-md/document.yaml")).unwrap();
    assert!(yaml.starts_with("title: 保守国家秘密法\n"), "the front matter's title: {yaml}");
    add("secrets-given", &["--title", "State Secrets Law", "--source", "a copy"]);
    let yaml = std::fs::read_to_string(versions.join("secrets-given/document.yaml")).unwrap();
    assert!(yaml.starts_with("title: State Secrets Law\n") && yaml.contains("source: a copy\n"), "{yaml}");

    // A text with no title line and no --title: nothing is written.
    let untitled = p.path().join("untitled.txt");
    std::fs::write(&untitled, "第一条 为了保守国家秘密，制定本法。\n第二条 本法自公布之日起施行。\n")
        .unwrap();
    let (code, _, err) =
        p.run(&["add", "untitled", untitled.to_str().unwrap(), "--version", "1", "--adopted", "2020-01-01"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("`untitled` is a new document and its text has no title line: give its --title"),
        "{err}"
    );
    assert!(!versions.join("untitled").exists());
    // A text that does not parse says so at its line, not that a title is missing: it is
    // parsed (once) before its title is looked for.
    let prose = p.path().join("prose.txt");
    std::fs::write(&prose, "一段没有条文的文字。\n").unwrap();
    let (code, _, err) =
        p.run(&["add", "prose", prose.to_str().unwrap(), "--version", "1", "--adopted", "2020-01-01"]);
    assert_eq!(code, 2);
    assert!(err.contains(&format!("{}:1: no articles found", prose.display())), "{err}");
    assert!(!err.contains("title"), "{err}");
    assert!(!versions.join("prose").exists());
    // A front matter that does not read is named, at its line, as the reason.
    std::fs::write(&untitled, "---\ntitle: 保守国家秘密法\ntext_state: AS_ENACTED\n---\n第一条 内容。\n")
        .unwrap();
    let (code, _, err) =
        p.run(&["add", "untitled", untitled.to_str().unwrap(), "--version", "1", "--adopted", "2020-01-01"]);
    assert_eq!(code, 2);
    let why = format!(
        "its front matter does not read ({}:3: text_state: unknown variant `AS_ENACTED`",
        untitled.display()
    );
    assert!(err.contains(&why), "{err}");
}

/// A law in the layout of legalize-es (an illustrative text): front matter, `## TÍTULO`,
/// `### CAPÍTULO`, `###### Artículo N. Título.`, numbered paragraphs escaped (`1\\.`).
fn ley(articles: &[(&str, &str)]) -> String {
    let mut md = String::from(
        "---\ntitle: \"Ley 1/2000, de prueba\"\nidentifier: \"TEST-1\"\ncountry: \"es\"\n---\n\
         # Ley 1/2000, de prueba\n\n## TÍTULO I. Disposiciones generales\n\n### CAPÍTULO I. Objeto\n\n",
    );
    for (i, (title, text)) in articles.iter().enumerate() {
        md.push_str(&format!("###### Artículo {}. {title}\n\n{text}\n\n", i + 1));
    }
    md
}

/// A repository in the legalize-es layout: Spanish articles and headings are read, the
/// versions are dated by their `Source-Date:` trailers, and the report is not marked as
/// Chinese.
#[test]
fn a_spanish_repository_in_the_legalize_layout_is_compared_by_article() {
    let dir = tempfile::tempdir().unwrap();
    let repo = legalize_repo(dir.path(), "es");
    let g = |args: &[&str]| git_at(&repo, args, IMPORTED);
    let objeto =
        ("Objeto.", "1\\. Esta ley regula el registro de asociaciones.\n\n2\\. El registro es público.");
    let ambito = ("Ámbito.", "Esta ley se aplica a todas las asociaciones inscritas en el registro.");
    let plazo = |p: &str| {
        ("Inscripción.", format!("La inscripción se solicita ante el órgano competente en el plazo de {p}."))
    };
    let (old_plazo, new_plazo) = (plazo("un mes"), plazo("dos meses"));
    let old = ley(&[objeto, ambito, (old_plazo.0, &old_plazo.1)]);
    let definiciones = (
        "Definiciones.",
        "A efectos de esta ley, se entiende por asociación toda entidad sin ánimo de lucro.",
    );
    let new = ley(&[objeto, definiciones, ambito, (new_plazo.0, &new_plazo.1)]);
    for (text, date) in [(&old, "2000-03-01"), (&new, "2021-07-15")] {
        std::fs::write(repo.join("es/TEST-1.md"), text).unwrap();
        g(&["add", "."]);
        g(&["commit", "-q", "-m", &format!("[reform] Ley 1/2000\n\nSource-Date: {date}\nNorm-Id: TEST-1")]);
    }
    let p = Project::empty();
    let r = repo.to_str().unwrap();
    let at = ["--repo", r, "--path", "es/TEST-1.md"];
    let list = p.ok(&[&at[..], &["list"]].concat());
    assert!(list.starts_with("test-1  Ley 1/2000, de prueba (law)"), "{list}");
    assert!(
        list.contains("2000-03-01 adopted 2000-03-01  3 articles")
            && list.contains("2021-07-15 adopted 2021-07-15  4 articles"),
        "{list}"
    );
    let (code, map, err) =
        p.run(&[&at[..], &["diff", "test-1", "2000-03-01", "2021-07-15", "-f", "map"]].concat());
    assert_eq!(code, 1, "{err}");
    let rows: Vec<Vec<&str>> = map.lines().skip(1).map(|l| l.split('\t').take(3).collect()).collect();
    assert_eq!(
        rows,
        [["1", "1", "unchanged"], ["", "2", "added"], ["2", "3", "renumbered"], ["3", "4", "modified"]]
    );
    let (_, html, _) =
        p.run(&[&at[..], &["diff", "test-1", "2000-03-01", "2021-07-15", "-f", "html"]].concat());
    assert!(html.contains("<html lang=\"und\">") && html.contains("CAPÍTULO I"), "{html}");
    // The escape is markup: the paragraph reads `1. Esta ley…`.
    assert!(html.contains("1. Esta ley regula") && !html.contains("1\\."), "{html}");
}

/// `--path` names folders too, and more than once: each law or report under a folder is a
/// document with its own history, read in one walk over the commits. A README in the
/// folder is left out with a note (named, it is read); two files of one name get two ids.
#[test]
fn a_folder_of_a_repository_is_a_collection_of_documents() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("laws-repo");
    for sub in ["laws/a", "laws/b", "reports"] {
        std::fs::create_dir_all(repo.join(sub)).unwrap();
    }
    let v = |doc: &str, version: &str| repo_root().join(format!("versions/{doc}/{version}.txt"));
    let put = |from: PathBuf, to: &str| std::fs::copy(from, repo.join(to)).map(drop).unwrap();
    let commit = |date: &str| {
        let g = |args: &[&str]| git_at(&repo, args, IMPORTED);
        g(&["add", "."]);
        g(&["commit", "-q", "-m", &format!("update\n\nSource-Date: {date}")]);
    };
    git_at(&repo, &["init", "-q", "-b", "main"], IMPORTED);
    std::fs::write(repo.join("README.md"), "# Laws\n").unwrap();
    put(v("state-secrets-law", "2010"), "laws/a/secrecy.txt");
    commit("2010-04-29");
    put(v("state-secrets-law", "2024"), "laws/a/secrecy.txt");
    put(v("gov-work-report-national", "2024"), "reports/national.txt");
    commit("2024-03-05");
    put(v("gov-work-report-national", "2025"), "reports/national.txt");
    put(v("state-secrets-law", "2010"), "laws/b/secrecy.txt");
    std::fs::write(repo.join("README.md"), "# Laws\nTwo of them.\n").unwrap();
    std::fs::write(repo.join("laws/broken.md"), b"\xff\xfe\x00\x00not text").unwrap();
    std::fs::write(repo.join("laws/dup.txt"), "某某条例\n第一条 甲。\n第一条 乙。\n").unwrap();
    commit("2025-03-05");

    let p = Project::empty();
    let r = repo.to_str().unwrap();
    let (code, list, err) = p.run(&["--repo", r, "--path", "laws/", "--path", "reports", "list"]);
    // Everything is listed; the law that does not parse makes it an error.
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("dup.txt@2025-03-05:3: duplicate article"), "{err}");
    // The README is in neither folder.
    assert!(!err.contains("README") && err.contains("laws/broken.md"), "{err}");
    let heads: Vec<&str> = list.lines().filter(|l| !l.starts_with(' ')).collect();
    assert_eq!(
        heads,
        [
            "dup  某某条例 (law)",
            // The 2025 report has no title line; the 2024 one's is taken.
            "national  政府工作报告 (report)",
            "secrecy  中华人民共和国保守国家秘密法 (law)",
            "secrecy-2  中华人民共和国保守国家秘密法 (law)"
        ]
    );
    // Each file's own versions: laws/a/secrecy.txt changed in two commits of three.
    assert!(
        list.contains("  2010-04-29 adopted 2010-04-29  53 articles")
            && list.contains("  2024-03-05 adopted 2024-03-05  65 articles"),
        "{list}"
    );
    let (code, all, err) = p.run(&["--repo", r, "--path", ".", "list"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("note: left out README.md: neither a law nor a report"), "{err}");
    assert!(err.contains("note: left out laws/broken.md:1: contains a NUL byte"), "{err}");
    let (code, _, err) = p.run(&["--repo", r, "--path", "laws/broken.md", "list"]);
    assert_eq!(code, 2, "{err}");
    assert!(!all.contains("README"), "{all}");
    let readme = p.ok(&["--repo", r, "--path", "README.md", "list"]);
    assert!(readme.contains("README.md (plain)") && readme.contains("2 paragraphs"), "{readme}");

    let (code, diff, err) = p.run(&["--repo", r, "--path", ".", "diff", "secrecy", "-f", "map"]);
    assert_eq!(code, 1, "{err}");
    assert!(diff.lines().count() > 60, "{diff}");
    // A law that does not parse is left out of the site, which is built without it; the
    // error names its file, and the exit code says the build is incomplete.
    let (code, _, err) = p.run(&["--repo", r, "--path", "laws", "--path", "reports", "build"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("laws/dup.txt@2025-03-05:3: duplicate article 第一条"), "{err}");
    assert!(err.contains("1 document(s) could not be read and were left out of the site"), "{err}");
    assert!(!p.path().join("reports/dup").exists());
    for page in [
        "secrecy/index.html",
        "secrecy-2/index.html",
        "national/index.html",
        "secrecy/compare/2010-04-29..2024-03-05.html",
    ] {
        assert!(p.path().join("reports").join(page).is_file(), "{page}");
    }
    let (code, _, err) = p.run(&["--repo", r, "--path", "nosuch/", "list"]);
    assert_eq!(code, 2);
    assert!(err.contains("HEAD has no file or folder `nosuch`"), "{err}");
}

/// A command about one document of a folder reads only the files that could be it, and
/// finds each under the id a full read gives: `secrecy-2-2` is the file named
/// `secrecy-2` once the second file named `secrecy` took `secrecy-2`.
#[test]
fn one_document_of_a_folder_has_the_id_a_full_read_gives() {
    let t = Texts::new();
    let repo = t.path();
    for sub in ["laws/a", "laws/b"] {
        std::fs::create_dir_all(repo.join(sub)).unwrap();
    }
    let v = |version: &str| repo_root().join(format!("versions/state-secrets-law/{version}.txt"));
    std::fs::copy(v("2010"), repo.join("laws/a/secrecy.txt")).unwrap();
    std::fs::copy(v("2010"), repo.join("laws/b/secrecy.txt")).unwrap();
    t.commit_all("2010-04-29T00:00:00+08:00", "2010");
    std::fs::copy(v("2024"), repo.join("laws/a/secrecy.txt")).unwrap();
    std::fs::copy(v("2024"), repo.join("laws/secrecy-2.txt")).unwrap();
    std::fs::copy(repo_root().join("versions/charity-law/2016.txt"), repo.join("laws/charity.txt")).unwrap();
    t.commit_all("2024-02-27T00:00:00+08:00", "2024");
    let p = Project::empty();
    let r = repo.to_str().unwrap();
    let list = p.ok(&["--repo", r, "list"]);
    let ids: Vec<&str> =
        list.lines().filter(|l| !l.starts_with(' ')).map(|l| l.split_whitespace().next().unwrap()).collect();
    assert_eq!(ids, ["charity", "secrecy", "secrecy-2", "secrecy-2-2"], "{list}");
    // Each as the full read has it: versions and the latest text's size.
    for (id, versions, articles) in
        [("secrecy", 2, "65"), ("secrecy-2", 1, "53"), ("secrecy-2-2", 1, "65"), ("charity", 1, "112")]
    {
        let show = p.ok(&["--repo", r, "show", id]);
        assert!(show.contains(&format!("–{articles}]")), "{id}: {show}");
        let (code, _, err) = p.run(&["--repo", r, "diff", id, "-f", "map"]);
        // One version: nothing to compare with, and said so; two: the differences.
        assert_eq!(code, if versions == 2 { 1 } else { 2 }, "{id}: {err}");
    }
    // Named by its path or by the id `lexdiff ci` gives it, a file is the same document,
    // under the id the full read gives it.
    for (id, path, ci_id, version) in [
        ("secrecy", "laws/a/secrecy.txt", "laws-a-secrecy", "2024-02-27"),
        ("secrecy-2", "laws/b/secrecy.txt", "laws-b-secrecy", "2010-04-29"),
        ("secrecy-2-2", "laws/secrecy-2.txt", "laws-secrecy-2", "2024-02-27"),
        ("charity", "laws/charity.txt", "laws-charity", "2024-02-27"),
    ] {
        let by = |name: &str| {
            let json = p.ok(&["--repo", r, "diff", name, version, version, "-f", "json"]);
            let header: serde_json::Value = serde_json::from_str(&json).unwrap();
            (
                header["header"]["document"].as_str().unwrap().to_string(),
                header["header"]["new"]["source"].clone(),
            )
        };
        let (named, source) = by(id);
        assert_eq!(named, id);
        assert!(source.as_str().unwrap().ends_with(path), "{id}: {source}");
        assert_eq!(by(path), (named.clone(), source.clone()), "{path}");
        assert_eq!(by(ci_id), (named, source), "{ci_id}");
    }
    let (code, _, err) = p.run(&["--repo", r, "show", "nosuch"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown document `nosuch`"), "{err}");
    assert!(err.contains("by its path in the repository"), "{err}");
    let (code, _, err) = p.run(&["--repo", r, "diff", "charty"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown document `charty` (did you mean `charity`?)"), "{err}");
}

/// A law with a preamble (an illustrative text): `list` counts its one article in the
/// singular and names the preamble, and `show` prints the preamble as it prints an article.
#[test]
fn a_preamble_is_listed_and_shown() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("r");
    std::fs::create_dir_all(&repo).unwrap();
    std::fs::write(repo.join("x.txt"), "某某法\n序　　言\n　　甲是乙。\n第一章　总则\n　　第一条　丙。\n")
        .unwrap();
    let g = |args: &[&str]| git_at(&repo, args, "2000-01-01T00:00:00+08:00");
    g(&["init", "-q", "-b", "main"]);
    g(&["add", "."]);
    g(&["commit", "-q", "-m", "x"]);
    let p = Project::empty();
    let at = ["--repo", repo.to_str().unwrap(), "--path", "x.txt"];
    let list = p.ok(&[&at[..], &["list"]].concat());
    assert!(list.contains("  1 article + a preamble, 1 chapter  "), "{list}");
    let show = p.ok(&[&at[..], &["show", "x", "preamble"]].concat());
    assert_eq!(show, "序言 (preamble)  \n  甲是乙。\n");
}

/// A lexdiff store is a repository like any other: read with `--repo`, it lists what the
/// store lists. Versions are labelled by their tags and dated by their `Adopted:` and
/// `Effective:` trailers. Titles, kinds and languages come from each text's `.yaml`.
/// The `main` branch merges one branch per document; a commit on another document's
/// branch, or the merge, brings no version.
#[test]
fn a_store_read_as_a_repository_has_the_versions_it_stores() {
    let p = Project::with_documents(&["state-secrets-law", "gov-work-report-national"]);
    p.ok(&["import"]);
    let stored = p.ok(&["list"]);
    let store = p.store();
    let read = p.ok(&["--repo", store.to_str().unwrap(), "list"]);
    assert_eq!(read, stored);
    assert!(read.contains("gov-work-report-national  政府工作报告（国务院） (report)"), "{read}");
    assert!(read.contains("  2024     adopted 2024-02-27  effective 2024-05-01  65 articles"), "{read}");
}

/// A version copied from a PDF is stored one paragraph per line, as lexdiff reads it: the
/// State Secrets Law set in pages of wrapped lines comes back, in the versions folder and
/// in the store, as the very text it was set from, and the version's notes say so.
/// `--keep-layout` stores it as given.
#[test]
fn a_text_copied_from_a_pdf_is_stored_one_paragraph_per_line() {
    let p = Project::with_documents(&["state-secrets-law"]);
    std::fs::remove_file(p.path().join("versions/state-secrets-law/2024.txt")).unwrap();
    let yaml = p.path().join("versions/state-secrets-law/document.yaml");
    let meta = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, &meta[..meta.find("- label: '2024'").unwrap()]).unwrap();
    let original = std::fs::read_to_string(repo_root().join("versions/state-secrets-law/2024.txt")).unwrap();
    let pdf = p.path().join("2024-from-pdf.txt");
    std::fs::write(&pdf, as_from_a_pdf(&original, 56, true, Pages::NumberAndTitle)).unwrap();
    let add = |label: &str, extra: &[&str]| {
        let args =
            [&["add", "state-secrets-law", pdf.to_str().unwrap(), "--version", label][..], extra].concat();
        let (code, _, err) = p.run(&[&args[..], &["--adopted", "2024-02-27"]].concat());
        assert_eq!(code, 0, "{err}");
        err
    };
    let err = add("2024", &[]);
    assert!(err.contains("stored one paragraph per line: ") && err.contains("--keep-layout"), "{err}");
    // The original's lines as the parser reads them (its third line has a leading space).
    let expected: String = original.lines().map(|l| format!("{}\n", l.trim())).collect();
    let first_difference = |text: &str| text.lines().zip(expected.lines()).position(|(a, b)| a != b);
    let stored = std::fs::read_to_string(p.path().join("versions/state-secrets-law/2024.txt")).unwrap();
    assert!(stored == expected, "line {:?} differs", first_difference(&stored));
    let blob = git(&p.store(), &["show", "state-secrets-law/2024:state-secrets-law.txt"]);
    assert!(blob == expected, "line {:?} differs", first_difference(&blob));
    let meta = std::fs::read_to_string(&yaml).unwrap();
    assert!(meta.contains("notes: 'stored one paragraph per line: "), "{meta}");
    assert!(
        meta.contains("lines wrapped at 56 columns joined, ") && meta.contains("running heads left out"),
        "{meta}"
    );
    // Given as it is, the same text keeps its page layout.
    add("2024-pdf", &["--keep-layout"]);
    let kept = std::fs::read_to_string(p.path().join("versions/state-secrets-law/2024-pdf.txt")).unwrap();
    assert_eq!(kept, std::fs::read_to_string(&pdf).unwrap());
}
