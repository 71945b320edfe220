//! The git-backed store: every version of every document, as ordinary git history.
//!
//! Layout (a bare repository, `.lexdiff/store` by default):
//!
//! - `refs/heads/docs/<doc>`: the document's history, one commit per version in
//!   chronological order of adoption. Each commit's tree holds `<doc>.txt` (the text,
//!   UTF-8 with LF line ends) and `<doc>.yaml` (title, kind, language, time zone and the
//!   version's provenance). Author and committer date are the adoption date at midnight
//!   in the document's time zone (+08:00 for Chinese texts); dates before 1970 are
//!   clamped to 1970-01-02, the `Adopted:` trailer staying authoritative. The message is
//!   `<title> (<version>)` with trailers `Version:`, `Adopted:`, `Effective:`, `Source:`,
//!   `Amended-By:`.
//! - `refs/tags/<doc>/<version>`: an annotated tag on the version's (last) commit.
//! - `refs/heads/main` (HEAD): a merge of every document branch, so that a clone shows
//!   all documents and `git log -- <doc>.txt` and `git blame` work from the default branch.
//! - `refs/lexdiff/superseded/...`: history replaced by a rebuild (below), kept reachable.
//!
//! A version that arrives out of order (a 1988 text after 2010 and 2024) is inserted in
//! its chronological place: the commits after it are recreated on top of it (same trees,
//! authors, dates and messages; new parents), their tags moved, and the previous branch
//! head and tag targets kept under `refs/lexdiff/superseded/<doc>/<n>/`. A correction of a
//! text (`--record-correction`) is a new commit with a `Correction:` trailer, placed right
//! after the version it corrects; correcting the latest version only appends.
//!
//! Every write holds the store lock (`lexdiff.lock`, an OS file lock released when the
//! process ends), writes objects first and moves refs last, all at once in one rename of
//! `packed-refs` (`Store::apply`). All objects are deterministic (fixed identity, legal
//! dates), so an interrupted write is completed by running the same command again.

mod add;
pub(crate) mod folders;
mod import;
pub mod repo;

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use git2::{ObjectType, Oid, Repository, Signature, Time};

use crate::error::{Error, Result};
use crate::meta::{DocId, StoredMeta, from_yaml};
use crate::model::Date;
use crate::source::{DocInfo, Source, Text, VersionInfo};

pub use add::{Added, NewVersion, add};
pub use import::{ImportOptions, ImportReport, Outcome as ImportOutcome, VersionInput};

/// The identity of every commit and tag lexdiff writes. A fixed identity (not the user
/// running the import) keeps the history reproducible.
pub const IDENTITY: (&str, &str) = ("lexdiff", "lexdiff@lexdiff.invalid");

/// How long a writer waits for another to release the store.
pub const LOCK_WAIT: Duration = Duration::from_secs(30);

/// The branch of a document.
pub fn branch(doc: &str) -> String {
    format!("refs/heads/docs/{doc}")
}

/// The tag of a version.
pub fn tag(doc: &str, version: &str) -> String {
    format!("refs/tags/{doc}/{version}")
}

/// The catalogue branch that merges all documents.
pub const MAIN: &str = "refs/heads/main";

/// One commit on a document's branch.
#[derive(Debug, Clone)]
pub struct Entry {
    pub commit: Oid,
    pub meta: StoredMeta,
    /// The text blob.
    pub blob: Oid,
    /// `Some(reason)` for a commit that corrects its version's text.
    pub correction: Option<String>,
}

/// An open store.
pub struct Store {
    path: PathBuf,
    repo: Repository,
}

/// Holds the store's write lock until dropped.
///
/// While held, the lock file says `writing <pid>`; a clean release empties it. Finding
/// it non-empty on taking the lock means the last writer was killed mid-write, and any
/// git ref locks (`refs/…/x.lock`) it left are stale: they are removed, or every later
/// import would find the refs locked.
pub struct Lock {
    file: File,
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
    }
}

/// Removes git lock files under the store (`*.lock` in `refs/`, and the top-level ones).
fn remove_stale_git_locks(store: &Path) {
    let mut stack = vec![store.join("refs")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "lock") {
                let _ = std::fs::remove_file(&p);
            }
        }
    }
    for name in ["packed-refs.lock", "HEAD.lock", "config.lock"] {
        let _ = std::fs::remove_file(store.join(name));
    }
}

impl Store {
    /// Opens an existing store.
    pub fn open(path: &Path) -> Result<Store> {
        if path.is_file() {
            return Err(Error::Store {
                path: path.into(),
                message: "is a file, not a store (a bare git repository)".into(),
            });
        }
        if !path.exists() {
            return Err(Error::Store {
                path: path.into(),
                message: "does not exist: run `lexdiff import` to create it".into(),
            });
        }
        let repo = Repository::open_bare(path).map_err(|e| Error::Store {
            path: path.into(),
            message: format!("is not a lexdiff store (a bare git repository): {}", e.message()),
        })?;
        Ok(Store { path: path.into(), repo })
    }

    /// Opens a store, creating an empty one when the path does not exist. The new store
    /// is built beside the target and renamed into place, so two processes creating it
    /// at once end up sharing one complete store.
    pub fn open_or_create(path: &Path) -> Result<Store> {
        if path.exists() {
            return Store::open(path);
        }
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(Error::write(parent))?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = parent.join(format!(".{name}.creating-{}", std::process::id()));
        let repo = Repository::init_bare(&tmp).map_err(Error::git(format!("create {}", tmp.display())))?;
        repo.set_head(MAIN).map_err(Error::git("set HEAD"))?;
        drop(repo);
        if std::fs::rename(&tmp, path).is_err() {
            // Another process created it first.
            let _ = std::fs::remove_dir_all(&tmp);
        }
        Store::open(path)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Names the store in an error met while reading it (errors about the store
    /// itself already do).
    pub(crate) fn located<T>(&self, r: Result<T>) -> Result<T> {
        r.map_err(|e| match e {
            e @ (Error::Store { .. } | Error::StoreBusy { .. } | Error::InStore { .. }) => e,
            e => Error::InStore { path: self.path.clone(), source: Box::new(e) },
        })
    }

    pub fn repo(&self) -> &Repository {
        &self.repo
    }

    /// Takes the write lock, waiting up to `wait` for another writer.
    pub fn lock(&self, wait: Duration) -> Result<Lock> {
        let path = self.path.join("lexdiff.lock");
        let mut file = File::options()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(Error::write(&path))?;
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => {
                    let mut previous = String::new();
                    let _ = file.read_to_string(&mut previous);
                    if !previous.is_empty() {
                        remove_stale_git_locks(&self.path);
                    }
                    file.set_len(0).map_err(Error::write(&path))?;
                    file.seek(SeekFrom::Start(0)).map_err(Error::write(&path))?;
                    writeln!(file, "writing {}", std::process::id()).map_err(Error::write(&path))?;
                    return Ok(Lock { file });
                }
                Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(Error::StoreBusy { path: self.path.clone() });
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(Error::Write { path, source: e }),
            }
        }
    }

    /// Documents with a branch, sorted by id.
    pub fn document_ids(&self) -> Result<Vec<DocId>> {
        self.located(self.read_document_ids())
    }

    fn read_document_ids(&self) -> Result<Vec<DocId>> {
        let refs = self.refs_matching("refs/heads/docs/*", "list documents")?;
        refs.iter().filter_map(|(name, _)| name.strip_prefix("refs/heads/docs/")).map(DocId::new).collect()
    }

    /// The refs matching `glob` (those whose names are UTF-8), as (name, target), in name
    /// order; `what` names the listing in errors.
    fn refs_matching(&self, glob: &str, what: &str) -> Result<Vec<(String, Option<Oid>)>> {
        let mut out = Vec::new();
        for r in self.repo.references_glob(glob).map_err(Error::git(what))? {
            let r = r.map_err(Error::git(what))?;
            if let Ok(name) = r.name() {
                out.push((name.to_string(), r.target()));
            }
        }
        out.sort();
        Ok(out)
    }

    /// The commits of a document's branch, oldest first (empty when it has none).
    pub fn chain(&self, doc: &str) -> Result<Vec<Entry>> {
        self.located(self.read_chain(doc))
    }

    fn read_chain(&self, doc: &str) -> Result<Vec<Entry>> {
        let Ok(r) = self.repo.find_reference(&branch(doc)) else {
            return Ok(Vec::new());
        };
        let mut commit = r.peel_to_commit().map_err(Error::git(format!("read {}", branch(doc))))?;
        let mut out = Vec::new();
        loop {
            out.push(self.entry(doc, &commit)?);
            match commit.parent(0) {
                Ok(p) => commit = p,
                Err(_) => break,
            }
        }
        out.reverse();
        Ok(out)
    }

    fn entry(&self, doc: &str, commit: &git2::Commit<'_>) -> Result<Entry> {
        let ctx = || format!("{doc} at {}", commit.id());
        let tree = commit.tree().map_err(Error::git(ctx()))?;
        let file = |name: String| -> Result<Oid> {
            tree.get_name(&name).map(|e| e.id()).ok_or_else(|| Error::Store {
                path: self.path.clone(),
                message: format!("commit {} of {doc} has no {name}", commit.id()),
            })
        };
        let blob = file(format!("{doc}.txt"))?;
        let yaml = self.repo.find_blob(file(format!("{doc}.yaml"))?).map_err(Error::git(ctx()))?;
        let text = std::str::from_utf8(yaml.content()).map_err(|_| Error::Store {
            path: self.path.clone(),
            message: format!("{doc}.yaml in commit {} is not UTF-8", commit.id()),
        })?;
        let meta: StoredMeta = from_yaml(text, &self.path.join(format!("{doc}.yaml@{}", commit.id())))?;
        let correction = commit.message().ok().and_then(|m| trailer(m, "Correction")).map(str::to_string);
        Ok(Entry { commit: commit.id(), meta, blob, correction })
    }

    /// The text of a blob.
    pub fn text(&self, blob: Oid) -> Result<String> {
        let b = self.located(self.repo.find_blob(blob).map_err(Error::git(format!("read blob {blob}"))))?;
        crate::input::as_utf8(b.content()).map(str::to_string).map_err(|_| Error::Store {
            path: self.path.clone(),
            message: format!("blob {blob} is not UTF-8"),
        })
    }

    /// The commit a version's tag points to.
    pub fn tagged(&self, doc: &str, version: &str) -> Option<Oid> {
        let r = self.repo.find_reference(&tag(doc, version)).ok()?;
        r.peel(ObjectType::Commit).ok().map(|o| o.id())
    }

    /// Refs under `refs/lexdiff/superseded/<doc>/`, as (name, target).
    pub fn superseded(&self, doc: &str) -> Result<Vec<(String, Oid)>> {
        let refs = self.refs_matching(&format!("refs/lexdiff/superseded/{doc}/*"), "list superseded refs")?;
        Ok(refs.into_iter().filter_map(|(name, target)| Some((name, target?))).collect())
    }

    /// The store as a read-only source of versions.
    pub fn source(self) -> Result<StoreSource> {
        let ids = self.document_ids()?;
        self.source_of(ids)
    }

    /// The store as a source of document `id` only (none when the store has no such
    /// document): reading every document's history costs a command about one document
    /// more than its own work.
    pub fn source_of_one(self, id: &str) -> Result<StoreSource> {
        let ids = match DocId::new(id) {
            Ok(id) if self.repo.find_reference(&branch(id.as_str())).is_ok() => vec![id],
            _ => Vec::new(),
        };
        self.source_of(ids)
    }

    fn source_of(self, ids: Vec<DocId>) -> Result<StoreSource> {
        let mut docs = Vec::new();
        let mut blobs = Vec::new();
        for id in ids {
            let chain = self.chain(id.as_str())?;
            let Some(last) = chain.last() else { continue };
            let m = &last.meta;
            let mut versions: Vec<VersionInfo> = Vec::new();
            let mut vblobs = Vec::new();
            for e in &chain {
                let info = VersionInfo { meta: e.meta.version.to_meta(), commit: Some(e.commit.to_string()) };
                // A correction replaces the version's text; the version keeps its place.
                match versions.iter().position(|v| v.label() == e.meta.version.label.as_str()) {
                    Some(i) => {
                        versions[i] = info;
                        vblobs[i] = e.blob;
                    }
                    None => {
                        versions.push(info);
                        vblobs.push(e.blob);
                    }
                }
            }
            docs.push(DocInfo {
                id,
                title: m.title.clone(),
                kind: m.kind,
                language: m.language.clone(),
                offset_minutes: m.offset_minutes(),
                versions,
            });
            blobs.push(vblobs);
        }
        Ok(StoreSource { path: self.path.clone(), store: std::sync::Mutex::new(self), docs, blobs })
    }
}

/// The value of a trailer (`Key: value`) in a commit message.
pub fn trailer<'m>(message: &'m str, key: &str) -> Option<&'m str> {
    message.lines().rev().find_map(|l| l.strip_prefix(key)?.strip_prefix(':').map(str::trim))
}

/// Commit time for a legal date: midnight in the document's zone, clamped to
/// 1970-01-02 (git tools misread earlier times; the `Adopted:` trailer is the authority).
pub fn legal_time(date: Date, offset_minutes: i32) -> Time {
    Time::new(date.unix_midnight(offset_minutes).max(86_400), offset_minutes)
}

/// The fixed signature at a time.
pub fn signature(time: &Time) -> Result<Signature<'static>> {
    Signature::new(IDENTITY.0, IDENTITY.1, time).map_err(Error::git("signature"))
}

/// The store as a [`Source`]. The repository handle is not `Sync`; reads share it
/// through a mutex.
pub struct StoreSource {
    path: PathBuf,
    store: std::sync::Mutex<Store>,
    docs: Vec<DocInfo>,
    blobs: Vec<Vec<Oid>>,
}

impl StoreSource {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Source for StoreSource {
    fn documents(&self) -> &[DocInfo] {
        &self.docs
    }

    fn read(&self, doc: &DocInfo, version: &VersionInfo) -> Result<Text> {
        let (d, v) = crate::source::locate(&self.docs, doc, version)?;
        let store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        let text = store.text(self.blobs[d][v])?;
        Ok(Text {
            text,
            origin: PathBuf::from(format!("{}:{}@{}", self.path.display(), doc.id, version.label())),
            notices: Vec::new(),
        })
    }
}
