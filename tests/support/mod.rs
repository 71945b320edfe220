//! Shared helpers for integration tests: temporary projects and the real binary.
#![allow(dead_code)]

pub mod pdf;
pub mod revision;
pub mod synthetic;
pub mod word;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary project folder with a `versions/` folder.
pub struct Project {
    pub dir: TempDir,
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// The ids of the bundled documents (the folders of `versions/`), sorted.
pub fn bundled_document_ids() -> Vec<String> {
    let versions = repo_root().join("versions");
    let mut ids: Vec<String> = std::fs::read_dir(&versions)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| versions.join(n).is_dir())
        .collect();
    ids.sort();
    ids
}

impl Project {
    /// A project with an empty versions folder.
    pub fn empty() -> Project {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("versions")).unwrap();
        Project { dir }
    }

    /// A project with copies of every bundled document.
    pub fn with_every_bundled_document() -> Project {
        let ids = bundled_document_ids();
        Project::with_documents(&ids.iter().map(String::as_str).collect::<Vec<_>>())
    }

    /// A project with copies of some bundled documents.
    pub fn with_documents(ids: &[&str]) -> Project {
        let p = Project::empty();
        for id in ids {
            p.add_document(id);
        }
        p
    }

    /// Copies a bundled document into the versions folder.
    pub fn add_document(&self, id: &str) {
        copy_dir(&repo_root().join("versions").join(id), &self.dir.path().join("versions").join(id));
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn store(&self) -> PathBuf {
        self.dir.path().join(".lexdiff/store")
    }

    /// The binary, run in the project folder without colour.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_lexdiff"));
        c.args(args).current_dir(self.dir.path()).env("NO_COLOR", "1").env_remove("RAYON_NUM_THREADS");
        c.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
        c
    }

    /// Runs and returns (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out: Output = self.command(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Runs with `input` on standard input; returns (exit code, stdout, stderr).
    pub fn run_with_input(&self, args: &[&str], input: &[u8]) -> (i32, String, String) {
        use std::io::Write;
        let mut child = self.command(args).stdin(std::process::Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        let out = child.wait_with_output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Runs, requires exit 0, returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let (code, out, err) = self.run(args);
        assert_eq!(code, 0, "lexdiff {args:?} failed:\n{out}\n{err}");
        out
    }
}

/// The Chinese name the site gives a kind of row that changed something (`修改`).
pub fn kind_label(kind: &str) -> &'static str {
    match kind {
        "renumbered" => "仅条号变化",
        "modified" => "修改",
        "split" => "拆分",
        "merged" => "合并",
        "added" => "新增",
        "deleted" => "删除",
        _ => unreachable!("{kind}"),
    }
}

/// Rows per kind of an alignment map (`--format map`).
pub fn kinds_in_map(map: &str) -> BTreeMap<String, u64> {
    let mut kinds = BTreeMap::new();
    for line in map.lines().skip(1) {
        *kinds.entry(line.split('\t').nth(2).expect("a kind column").to_string()).or_default() += 1;
    }
    kinds
}

/// A git repository of texts in a temporary folder, with commits dated as given.
pub struct Texts {
    dir: TempDir,
}

impl Texts {
    /// An empty repository on branch `main`.
    pub fn new() -> Texts {
        let t = Texts { dir: tempfile::tempdir().unwrap() };
        t.git(&["init", "-q", "-b", "main"], "2000-01-01T00:00:00+08:00");
        t
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs git in the repository as of `date`.
    pub fn git(&self, args: &[&str], date: &str) {
        git_at(self.path(), args, date);
    }

    /// Copies `from` to `rel` and commits everything as of `date`.
    pub fn commit_file(&self, rel: &str, from: &Path, date: &str, message: &str) {
        let target = self.path().join(rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(from, &target).unwrap();
        self.commit_all(date, message);
    }

    /// Commits every change in the folder as of `date`.
    pub fn commit_all(&self, date: &str, message: &str) {
        self.git(&["add", "-A"], date);
        self.git(&["commit", "-q", "-m", message], date);
    }
}

/// Runs `git -C dir args`, requires success, returns stdout.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output().unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs `git args` in `dir` as author and committer `t` at `date` (ISO 8601); requires
/// success.
pub fn git_at(dir: &Path, args: &[&str], date: &str) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// The names of the entries of `dir` that `keep` accepts (temporary files and folders
/// left behind, say).
pub fn names_in(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| keep(n))
        .collect()
}

/// Every file under `dir` (none when it does not exist) with its bytes, by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}
