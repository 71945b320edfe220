//! Bringing documents into the store: planning the new history, writing objects, moving
//! the refs all at once.

use std::collections::{BTreeMap, BTreeSet};

use git2::{ObjectType, Oid};
use rayon::prelude::*;

use super::{Entry, Lock, MAIN, Store, branch, legal_time, signature, tag};
use crate::error::{Error, Result};
use crate::meta::{DocId, DocumentMeta, StoredMeta, VersionMeta, to_yaml};
use crate::model::Date;

/// One version to bring in: its metadata and its decoded text.
#[derive(Debug, Clone)]
pub struct VersionInput {
    pub meta: VersionMeta,
    pub text: String,
}

/// Settings of an import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Record a changed text as a correction instead of refusing it. Default false.
    pub record_correction: bool,
    /// Today, for the `Recorded:` trailer of corrections.
    pub today: Date,
}

/// What an import did to one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing to do.
    UpToDate,
    /// Versions appended or inserted, corrections recorded.
    Changed {
        added: Vec<String>,
        corrected: Vec<String>,
        /// Where the previous history was kept when commits were recreated.
        superseded: Option<String>,
    },
}

/// The report for one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub doc: DocId,
    pub outcome: Outcome,
}

/// An entry of the planned history.
enum Planned {
    /// An existing commit (index into the old chain).
    Existing(usize),
    /// A new version or a correction.
    New { meta: StoredMeta, text: String, correction: bool },
}

/// A document's planned update.
struct Plan {
    doc: DocId,
    head: Option<Oid>,
    /// Ref updates: (name, target).
    refs: Vec<(String, Oid)>,
    report: ImportReport,
    rebuilt: bool,
}

fn key(meta: &StoredMeta) -> (Date, &str) {
    (meta.version.adopted, meta.version.label.as_str())
}

/// Fields of the stored metadata that differ.
fn differences(a: &StoredMeta, b: &StoredMeta) -> Vec<&'static str> {
    let mut d = Vec::new();
    let (va, vb) = (&a.version, &b.version);
    for (name, same) in [
        ("title", a.title == b.title),
        ("kind", a.kind == b.kind),
        ("language", a.language == b.language),
        ("timezone", a.timezone == b.timezone),
        ("adopted", va.adopted == vb.adopted),
        ("effective", va.effective == vb.effective),
        ("source", va.source == vb.source),
        ("amended_by", va.amended_by == vb.amended_by),
    ] {
        if !same {
            d.push(name);
        }
    }
    d
}

/// One line for a trailer value.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn message(meta: &StoredMeta, correction: Option<&Date>) -> String {
    let v = &meta.version;
    let mut m = match correction {
        None => format!("{} ({})\n\n", meta.title, v.label),
        Some(_) => format!(
            "{} ({}, correction)\n\nCorrects the text of version {} as first recorded.\n\n",
            meta.title, v.label, v.label
        ),
    };
    m.push_str(&format!("Version: {}\nAdopted: {}\n", v.label, v.adopted));
    if let Some(e) = v.effective {
        m.push_str(&format!("Effective: {e}\n"));
    }
    m.push_str(&format!("Source: {}\n", one_line(&v.source)));
    if let Some(a) = &v.amended_by {
        m.push_str(&format!("Amended-By: {}\n", one_line(a)));
    }
    if let Some(today) = correction {
        m.push_str(&format!("Correction: text of {} corrected\nRecorded: {today}\n", v.label));
    }
    m
}

impl Store {
    /// Brings documents in line with the given versions: new versions are added in
    /// chronological order, changed texts are refused (or recorded as corrections), and
    /// versions only the store has are kept. Documents that cannot be imported are
    /// returned as errors beside the reports of the others, which are written.
    pub fn import(
        &self,
        _lock: &Lock,
        docs: &[(DocId, DocumentMeta, Vec<VersionInput>)],
        opts: &ImportOptions,
    ) -> Result<(Vec<ImportReport>, Vec<Error>)> {
        // Documents are independent until the catalogue: they are planned, and their
        // objects compressed and written, in parallel, each through a handle of its own (a
        // git2 handle serves one thread at a time).
        let path = &self.path;
        let planned: Vec<Result<Plan>> = docs
            .par_iter()
            .with_max_len(1)
            .map(|(id, meta, versions)| Store::open(path)?.plan(id, meta, versions, opts))
            .collect();
        let mut plans = Vec::new();
        let mut errors = Vec::new();
        for p in planned {
            match p {
                Ok(p) => plans.push(p),
                Err(e) => errors.push(e),
            }
        }
        let mut refs: Vec<(String, Oid)> = Vec::new();
        let changed: Vec<&Plan> = plans.iter().filter(|p| !p.refs.is_empty()).collect();
        for p in &changed {
            refs.extend(p.refs.iter().cloned());
        }
        if !changed.is_empty() {
            let rebuilt = changed.iter().any(|p| p.rebuilt);
            let heads: BTreeMap<String, Oid> =
                changed.iter().filter_map(|p| Some((p.doc.to_string(), p.head?))).collect();
            refs.extend(self.plan_main(&heads, rebuilt)?);
            self.apply(&refs)?;
        }
        Ok((plans.into_iter().map(|p| p.report).collect(), errors))
    }

    fn plan(
        &self,
        id: &DocId,
        doc: &DocumentMeta,
        versions: &[VersionInput],
        opts: &ImportOptions,
    ) -> Result<Plan> {
        let d = id.as_str();
        let chain = self.chain(d)?;
        let (planned, added, corrected) = self.schedule(d, &chain, doc, versions, opts)?;
        if added.is_empty() && corrected.is_empty() {
            return Ok(Plan {
                doc: id.clone(),
                head: chain.last().map(|e| e.commit),
                refs: Vec::new(),
                report: ImportReport { doc: id.clone(), outcome: Outcome::UpToDate },
                rebuilt: false,
            });
        }
        let (commits, rebuilt) = self.write_history(d, &chain, &planned, &opts.today)?;
        let head = commits.last().expect("at least one version").0;
        let mut refs = vec![(branch(d), head)];
        let moved = self.tag_versions(d, &commits, &mut refs)?;
        let mut superseded = None;
        if rebuilt || !moved.is_empty() {
            let n = self.next_superseded(d)?;
            let base = format!("refs/lexdiff/superseded/{d}/{n}");
            if let Some(old_head) = chain.last().map(|e| e.commit).filter(|_| rebuilt) {
                refs.push((format!("{base}/head"), old_head));
            }
            for (label, old) in moved {
                refs.push((format!("{base}/tags/{label}"), old));
            }
            superseded = Some(base);
        }
        Ok(Plan {
            doc: id.clone(),
            head: Some(head),
            refs,
            report: ImportReport {
                doc: id.clone(),
                outcome: Outcome::Changed { added, corrected, superseded },
            },
            rebuilt,
        })
    }

    /// The planned history of document `d`: its stored chain with the given versions
    /// inserted in chronological order, and a correction after each stored version whose
    /// text or metadata changed (or an error, unless corrections are recorded). Also the
    /// labels added and corrected.
    fn schedule(
        &self,
        d: &str,
        chain: &[Entry],
        doc: &DocumentMeta,
        versions: &[VersionInput],
        opts: &ImportOptions,
    ) -> Result<(Vec<Planned>, Vec<String>, Vec<String>)> {
        let mut planned: Vec<Planned> = (0..chain.len()).map(Planned::Existing).collect();
        let meta_of = |p: &Planned| -> StoredMeta {
            match p {
                Planned::Existing(i) => chain[*i].meta.clone(),
                Planned::New { meta, .. } => meta.clone(),
            }
        };
        let mut added = Vec::new();
        let mut corrected = Vec::new();
        let mut sorted: Vec<&VersionInput> = versions.iter().collect();
        sorted.sort_by(|a, b| (a.meta.adopted, &a.meta.label).cmp(&(b.meta.adopted, &b.meta.label)));
        for v in sorted {
            let meta = StoredMeta::new(doc, &v.meta);
            let label = v.meta.label.as_str();
            let last = planned.iter().rposition(|p| meta_of(p).version.label.as_str() == label);
            match last {
                Some(i) => {
                    let old = meta_of(&planned[i]);
                    let same_text = match &planned[i] {
                        Planned::Existing(k) => {
                            Oid::hash_object(ObjectType::Blob, v.text.as_bytes())
                                .map_err(Error::git("hash text"))?
                                == chain[*k].blob
                        }
                        Planned::New { text, .. } => *text == v.text,
                    };
                    let mut diffs = differences(&old, &meta);
                    if !same_text {
                        diffs.insert(0, "text");
                    }
                    if diffs.is_empty() {
                        continue;
                    }
                    if !opts.record_correction {
                        return Err(Error::Store {
                            path: self.path.clone(),
                            message: format!(
                                "{d}@{label}: {} changed since it was imported; a stored version is never rewritten: run with --record-correction to record a correction",
                                diffs.join(", ")
                            ),
                        });
                    }
                    planned.insert(i + 1, Planned::New { meta, text: v.text.clone(), correction: true });
                    corrected.push(label.to_string());
                }
                None => {
                    let at = planned
                        .iter()
                        .rposition(|p| {
                            let m = meta_of(p);
                            key(&m) <= key(&meta)
                        })
                        .map_or(0, |i| i + 1);
                    planned.insert(at, Planned::New { meta, text: v.text.clone(), correction: false });
                    added.push(label.to_string());
                }
            }
        }
        Ok((planned, added, corrected))
    }

    /// Writes the planned history of document `d` as commits: existing commits are kept
    /// while their parent is unchanged, recreated on the new parent after the first
    /// insertion. Returns each commit with its metadata, oldest first, and whether any
    /// was recreated.
    fn write_history(
        &self,
        d: &str,
        chain: &[Entry],
        planned: &[Planned],
        today: &Date,
    ) -> Result<(Vec<(Oid, StoredMeta)>, bool)> {
        let mut commits: Vec<(Oid, StoredMeta)> = Vec::with_capacity(planned.len());
        let mut parent: Option<Oid> = None;
        let mut rebuilt = false;
        for (pos, p) in planned.iter().enumerate() {
            let id_meta = match p {
                Planned::Existing(i) => {
                    let e: &Entry = &chain[*i];
                    let old_parent = if *i == 0 { None } else { Some(chain[*i - 1].commit) };
                    if pos == *i && old_parent == parent {
                        (e.commit, e.meta.clone())
                    } else {
                        rebuilt = true;
                        (self.recommit(e.commit, parent)?, e.meta.clone())
                    }
                }
                Planned::New { meta, text, correction } => {
                    let today = correction.then_some(today);
                    (self.commit_version(d, meta, text, parent, today)?, meta.clone())
                }
            };
            parent = Some(id_meta.0);
            commits.push(id_meta);
        }
        Ok((commits, rebuilt))
    }

    /// Adds to `refs` an annotated tag `<d>/<label>` on each version's last commit, where
    /// the tag does not point there already. Returns the labels whose tag moved, with the
    /// tag's old target.
    fn tag_versions(
        &self,
        d: &str,
        commits: &[(Oid, StoredMeta)],
        refs: &mut Vec<(String, Oid)>,
    ) -> Result<Vec<(String, Oid)>> {
        let mut targets: BTreeMap<String, (Oid, &StoredMeta)> = BTreeMap::new();
        for (c, m) in commits {
            targets.insert(m.version.label.to_string(), (*c, m));
        }
        let mut moved: Vec<(String, Oid)> = Vec::new();
        for (label, (target, m)) in &targets {
            let name = tag(d, label);
            let current = self.repo.find_reference(&name).ok();
            let current_commit =
                current.as_ref().and_then(|r| r.peel(ObjectType::Commit).ok()).map(|o| o.id());
            if current_commit == Some(*target) {
                continue;
            }
            if let Some(old) = current.as_ref().and_then(|r| r.target()) {
                moved.push((label.clone(), old));
            }
            let object = self
                .repo
                .find_object(*target, Some(ObjectType::Commit))
                .map_err(Error::git("find commit"))?;
            let time = legal_time(m.version.adopted, m.offset_minutes());
            let tag_id = self
                .repo
                .tag_annotation_create(
                    &format!("{d}/{label}"),
                    &object,
                    &signature(&time)?,
                    &format!("{} ({label})\n\nAdopted: {}\n", m.title, m.version.adopted),
                )
                .map_err(Error::git(format!("tag {d}/{label}")))?;
            refs.push((name, tag_id));
        }
        Ok(moved)
    }

    /// The next free number under `refs/lexdiff/superseded/<doc>/`.
    fn next_superseded(&self, doc: &str) -> Result<u32> {
        let used: BTreeSet<u32> = self
            .superseded(doc)?
            .iter()
            .filter_map(|(name, _)| {
                name.strip_prefix(&format!("refs/lexdiff/superseded/{doc}/"))?.split('/').next()?.parse().ok()
            })
            .collect();
        Ok(used.last().map_or(1, |n| n + 1))
    }

    /// Writes a version's text and metadata and commits them on `parent`.
    fn commit_version(
        &self,
        doc: &str,
        meta: &StoredMeta,
        text: &str,
        parent: Option<Oid>,
        correction: Option<&Date>,
    ) -> Result<Oid> {
        let git = |what: &str| Error::git(format!("{doc}@{}: {what}", meta.version.label));
        let blob = self.repo.blob(text.as_bytes()).map_err(git("write text"))?;
        let yaml = self.repo.blob(to_yaml(meta).as_bytes()).map_err(git("write metadata"))?;
        let mut tb = self.repo.treebuilder(None).map_err(git("tree"))?;
        tb.insert(format!("{doc}.txt"), blob, 0o100644).map_err(git("tree"))?;
        tb.insert(format!("{doc}.yaml"), yaml, 0o100644).map_err(git("tree"))?;
        let tree_id = tb.write().map_err(git("tree"))?;
        let tree = self.repo.find_tree(tree_id).map_err(git("tree"))?;
        let sig = signature(&legal_time(meta.version.adopted, meta.offset_minutes()))?;
        let parents: Vec<git2::Commit<'_>> = match parent {
            Some(p) => vec![self.repo.find_commit(p).map_err(git("parent"))?],
            None => Vec::new(),
        };
        let parent_refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        self.repo
            .commit(None, &sig, &sig, &message(meta, correction), &tree, &parent_refs)
            .map_err(git("commit"))
    }

    /// Recreates a commit on a new parent, keeping its tree, signatures and message.
    fn recommit(&self, commit: Oid, parent: Option<Oid>) -> Result<Oid> {
        let git = |what: &str| Error::git(format!("recreate {commit}: {what}"));
        let c = self.repo.find_commit(commit).map_err(git("read"))?;
        let tree = c.tree().map_err(git("tree"))?;
        let parents: Vec<git2::Commit<'_>> = match parent {
            Some(p) => vec![self.repo.find_commit(p).map_err(git("parent"))?],
            None => Vec::new(),
        };
        let parent_refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        let message = c.message().ok().ok_or_else(|| Error::Store {
            path: self.path.clone(),
            message: format!("commit {commit} has a message that is not UTF-8"),
        })?;
        self.repo
            .commit(None, &c.author(), &c.committer(), message, &tree, &parent_refs)
            .map_err(git("commit"))
    }

    /// The new catalogue commit merging every document branch.
    fn plan_main(&self, changed: &BTreeMap<String, Oid>, rebuilt: bool) -> Result<Vec<(String, Oid)>> {
        let mut heads: BTreeMap<String, Oid> = BTreeMap::new();
        for id in self.document_ids()? {
            if let Ok(r) = self.repo.find_reference(&branch(id.as_str()))
                && let Some(t) = r.target()
            {
                heads.insert(id.to_string(), t);
            }
        }
        heads.extend(changed.iter().map(|(k, v)| (k.clone(), *v)));
        let git = |what: &str| Error::git(format!("main: {what}"));
        let mut tb = self.repo.treebuilder(None).map_err(git("tree"))?;
        for (doc, head) in &heads {
            let tree = self.repo.find_commit(*head).and_then(|c| c.tree()).map_err(git("read head"))?;
            for e in tree.iter() {
                let name = e.name().ok().ok_or_else(|| Error::Store {
                    path: self.path.clone(),
                    message: format!("{doc}: a file name that is not UTF-8"),
                })?;
                tb.insert(name, e.id(), e.filemode()).map_err(git("tree"))?;
            }
        }
        let tree = self.repo.find_tree(tb.write().map_err(git("tree"))?).map_err(git("tree"))?;
        let old_main = self.repo.find_reference(MAIN).ok().and_then(|r| r.target());
        // Appending keeps main a fast-forward: the old catalogue and the changed branches.
        // After a rebuild the old catalogue leads to replaced history: start afresh from
        // every branch and keep the old one under refs/lexdiff/superseded/main/<n>.
        let mut parent_ids: Vec<Oid> = Vec::new();
        let mut refs = Vec::new();
        match old_main {
            Some(m) if !rebuilt => {
                parent_ids.push(m);
                parent_ids.extend(changed.values().copied());
            }
            _ => {
                if let Some(m) = old_main {
                    let n = self.next_superseded("main")?;
                    refs.push((format!("refs/lexdiff/superseded/main/{n}/head"), m));
                }
                parent_ids.extend(heads.values().copied());
            }
        }
        let parents: Vec<git2::Commit<'_>> = parent_ids
            .iter()
            .map(|p| self.repo.find_commit(*p))
            .collect::<std::result::Result<_, _>>()
            .map_err(git("parents"))?;
        let time =
            parents.iter().map(|p| p.committer().when()).max_by_key(|t| t.seconds()).expect("a parent");
        let sig = signature(&time)?;
        let names: Vec<&str> = changed.keys().map(String::as_str).collect();
        let msg = format!(
            "Catalogue: {} document{}\n\nUpdated: {}\n",
            heads.len(),
            if heads.len() == 1 { "" } else { "s" },
            names.join(", ")
        );
        let parent_refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        let id = self.repo.commit(None, &sig, &sig, &msg, &tree, &parent_refs).map_err(git("commit"))?;
        refs.push((MAIN.to_string(), id));
        Ok(refs)
    }

    /// Moves all refs at once, once the objects they point at are on disk. A git
    /// transaction of loose refs renames one file per ref into place, so a process killed
    /// halfway leaves some refs moved and others not. Here refs live in `packed-refs`,
    /// and a new one holding the moved refs replaces it in one rename, under git's own
    /// lock file (`packed-refs.lock`). Loose refs (an older store, refs made by git)
    /// would hide packed ones: they are packed first with their own values, and removed
    /// only once that `packed-refs` is on disk, so no step loses or mixes refs, even on a
    /// power cut.
    fn apply(&self, refs: &[(String, Oid)]) -> Result<()> {
        sync_objects(&self.path)?;
        // Every ref as git resolves it now (a loose one over a packed one).
        let mut all: BTreeMap<Vec<u8>, Oid> = BTreeMap::new();
        for r in self.repo.references().map_err(Error::git("list refs"))? {
            let r = r.map_err(Error::git("read a ref"))?;
            // Symbolic refs are never packed; they stay as they are.
            if let Some(target) = r.target() {
                all.insert(r.name_bytes().to_vec(), target);
            }
        }
        let loose = loose_refs(&self.path)?;
        if !loose.is_empty() {
            publish_packed_refs(&self.path, &packed_refs_text(&all))?;
            let mut folders = BTreeSet::new();
            for (path, name, target) in &loose {
                if all.get(name.as_bytes()) != Some(target) {
                    return Err(Error::StoreBusy { path: self.path.clone() });
                }
                std::fs::remove_file(path).map_err(Error::write(path))?;
                folders.extend(path.parent().map(std::path::Path::to_path_buf));
            }
            for folder in folders {
                sync_folder(&folder)?;
            }
        }
        all.extend(refs.iter().map(|(name, target)| (name.as_bytes().to_vec(), *target)));
        publish_packed_refs(&self.path, &packed_refs_text(&all))
    }
}

/// A `packed-refs` file: sorted by name, as its `sorted` trait says; readers peel tags
/// themselves.
fn packed_refs_text(refs: &BTreeMap<Vec<u8>, Oid>) -> Vec<u8> {
    let mut text = b"# pack-refs with: sorted \n".to_vec();
    for (name, target) in refs {
        text.extend_from_slice(format!("{target} ").as_bytes());
        text.extend_from_slice(name);
        text.push(b'\n');
    }
    text
}

/// The loose refs under `refs/`: (file, ref name, target). Lock files and symbolic refs
/// are left out.
fn loose_refs(store: &std::path::Path) -> Result<Vec<(std::path::PathBuf, String, Oid)>> {
    let mut out = Vec::new();
    let mut stack = vec![store.join("refs")];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::read(&dir)(e)),
        };
        for entry in entries {
            let path = entry.map_err(Error::read(&dir))?.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_some_and(|x| x == "lock") {
                continue;
            }
            let content = std::fs::read_to_string(&path).map_err(Error::read(&path))?;
            if content.starts_with("ref:") {
                continue;
            }
            let bad =
                |what: &str| Error::Store { path: path.clone(), message: format!("is not a ref: {what}") };
            let target = Oid::from_str(content.trim()).map_err(|_| bad("no object id"))?;
            let name =
                path.strip_prefix(store).ok().and_then(|p| p.to_str()).ok_or_else(|| bad("its name"))?;
            out.push((path.clone(), name.replace(std::path::MAIN_SEPARATOR, "/"), target));
        }
    }
    out.sort();
    Ok(out)
}

/// Makes the removal or renaming of entries of `folder` durable.
fn sync_folder(folder: &std::path::Path) -> Result<()> {
    std::fs::File::open(folder).and_then(|f| f.sync_all()).map_err(Error::write(folder))
}

/// Writes `packed-refs` as git does: into `packed-refs.lock` (created exclusively, so a
/// git process packing refs at the same time is refused), synced, then renamed into
/// place.
fn publish_packed_refs(store: &std::path::Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let lock = store.join("packed-refs.lock");
    let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(&lock) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Error::StoreBusy { path: store.to_path_buf() });
        }
        Err(e) => return Err(Error::write(&lock)(e)),
    };
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&lock, store.join("packed-refs")));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&lock);
        return Err(Error::write(store.join("packed-refs"))(e));
    }
    sync_folder(store)
}

/// Flushes the objects written so far to disk before any ref points at them: after a
/// power cut the refs published next are either the old ones or refs to objects that
/// are there. One `syncfs` of the store's file system instead of a sync per object file.
#[cfg(target_os = "linux")]
fn sync_objects(store: &std::path::Path) -> Result<()> {
    use std::os::fd::AsRawFd;
    let objects = store.join("objects");
    let dir = std::fs::File::open(&objects).map_err(Error::write(&objects))?;
    // SAFETY: `dir` is an open descriptor for the whole call.
    if unsafe { libc::syncfs(dir.as_raw_fd()) } != 0 {
        return Err(Error::write(objects)(std::io::Error::last_os_error()));
    }
    Ok(())
}

/// Other Unix systems: a sync of every file system (there is no `syncfs`).
#[cfg(all(unix, not(target_os = "linux")))]
fn sync_objects(_store: &std::path::Path) -> Result<()> {
    // SAFETY: `sync` takes no arguments and cannot fail.
    unsafe { libc::sync() };
    Ok(())
}

/// Elsewhere the objects are left to the OS.
#[cfg(not(unix))]
fn sync_objects(_store: &std::path::Path) -> Result<()> {
    Ok(())
}
