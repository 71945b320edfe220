//! A project with an imported store, and the checks every case shares.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::{Project, git, repo_root, snapshot};

/// Everything a failed command must leave as it was.
#[derive(Debug, PartialEq, Eq)]
pub struct State {
    /// `git for-each-ref` of the store and its HEAD.
    refs: String,
    /// Every file under the store's `objects/` with its size (object files are named by
    /// their hash, so a name and a size pin the content).
    objects: BTreeMap<PathBuf, u64>,
    /// Every file under `versions/` with its bytes.
    versions: BTreeMap<PathBuf, Vec<u8>>,
}

/// A project holding the secrecy law (2010, 2024) in `versions/` and in its store.
pub struct Case {
    pub p: Project,
}

impl Case {
    pub fn new() -> Case {
        let p = Project::with_documents(&["state-secrets-law"]);
        p.ok(&["import"]);
        Case { p }
    }

    pub fn path(&self) -> &Path {
        self.p.path()
    }

    pub fn state(&self) -> State {
        let store = self.p.store();
        let refs = git(&store, &["for-each-ref", "--format=%(refname) %(objectname)"])
            + &git(&store, &["symbolic-ref", "HEAD"]);
        State {
            refs,
            objects: snapshot(&store.join("objects")).into_iter().map(|(k, b)| (k, b.len() as u64)).collect(),
            versions: snapshot(&self.path().join("versions")),
        }
    }

    /// `diff --files NAME whole.txt --format map` and `flags`, NAME holding `text` and
    /// `whole.txt` the secrecy law of 2024: the exit code, the map's rows other than
    /// `unchanged`, and the error output.
    pub fn changes_against_2024(&self, name: &str, text: &str, flags: &[&str]) -> (i32, Vec<String>, String) {
        let file = self.input(name, text.as_bytes());
        let whole = self.input("whole.txt", secrecy_2024().as_bytes());
        let (file, whole) = (file.to_str().unwrap(), whole.to_str().unwrap());
        let args = [&["diff", "--files", file, whole, "--format", "map"], flags].concat();
        let (code, map, err) = self.p.run(&args);
        let changed =
            map.lines().skip(1).filter(|r| !r.ends_with("\tunchanged\t1.000")).map(str::to_string).collect();
        (code, changed, err)
    }

    /// Writes an input file outside `versions/` and returns its path.
    pub fn input(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let dir = self.path().join("inputs");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// Runs a command that must be refused: exit 2, every fragment in the error, and the
    /// store and `versions/` untouched. Returns the error output.
    pub fn refuses(&self, args: &[&str], expect: &[&str]) -> String {
        let err = self.refuses_keeping(args, expect);
        self.fsck();
        err
    }

    /// [`Case::refuses`] without the final `git fsck` (for a store already damaged).
    pub fn refuses_keeping(&self, args: &[&str], expect: &[&str]) -> String {
        let before = self.state();
        let (code, out, err) = self.p.run(args);
        assert_eq!(code, 2, "lexdiff {args:?} should fail with 2:\n{out}\n{err}");
        for e in expect {
            assert!(err.contains(e), "lexdiff {args:?}: the error should mention {e:?}:\n{err}");
        }
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(self.state(), before, "lexdiff {args:?} changed the store or versions/");
        err
    }

    /// `lexdiff add state-secrets-law FILE --version V --adopted 2030…` arguments.
    pub fn add_args<'a>(file: &'a Path, version: &'a str) -> Vec<&'a str> {
        vec![
            "add",
            "state-secrets-law",
            file.to_str().unwrap(),
            "--version",
            version,
            "--adopted",
            "2025-01-01",
        ]
    }

    /// The store passes `git fsck --strict`.
    pub fn fsck(&self) {
        git(&self.p.store(), &["fsck", "--strict", "--no-progress"]);
    }

    /// The text of a stored version, as git holds it.
    pub fn stored(&self, version: &str) -> String {
        git(&self.p.store(), &["show", &format!("state-secrets-law/{version}:state-secrets-law.txt")])
    }

    /// Replaces `from` with `to` in the project's `document.yaml` of the secrecy law.
    pub fn edit_yaml(&self, from: &str, to: &str) {
        let path = self.path().join("versions/state-secrets-law/document.yaml");
        let yaml = std::fs::read_to_string(&path).unwrap();
        assert!(yaml.contains(from), "{from:?} not in document.yaml");
        std::fs::write(&path, yaml.replacen(from, to, 1)).unwrap();
    }

    /// The 1-based line of the first line of the secrecy law's `document.yaml` containing `s`.
    pub fn yaml_line(&self, s: &str) -> usize {
        let yaml =
            std::fs::read_to_string(self.path().join("versions/state-secrets-law/document.yaml")).unwrap();
        yaml.lines().position(|l| l.contains(s)).expect("the line exists") + 1
    }
}

/// The bundled 2024 text of the secrecy law.
pub fn secrecy_2024() -> String {
    std::fs::read_to_string(repo_root().join("versions/state-secrets-law/2024.txt")).unwrap()
}
