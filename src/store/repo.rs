//! Any git repository of texts as a source: the versions of a file are the commits that
//! changed it.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use git2::{Oid, Repository, Sort};
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::meta::{DocId, StoredMeta, VersionLabel, VersionMeta};
use crate::model::{Date, Kind};
use crate::source::{DocInfo, Source, Text, VersionInfo};
use crate::store::folders::{BuiltSites, DocumentFolders, read_folder};

/// The histories of files in a repository.
pub struct RepoSource {
    path: PathBuf,
    repo: Mutex<Repository>,
    docs: Vec<DocInfo>,
    /// Where each document's versions are.
    places: Vec<Vec<Place>>,
    skipped: Vec<String>,
    /// For a source of one document: the ids of the files not read, to suggest one when
    /// the id named none.
    unread: Vec<DocId>,
    /// The document folder of each document read from a versions folder.
    folders: HashMap<DocId, String>,
}

/// A document id from a file name: the ASCII letters and digits of the stem
/// (`laws/State_Secrets.md` → `state-secrets`). A name in another script keeps what
/// ASCII it has and gains a short hash of the whole path (`行政法/密码法.md` →
/// `doc-8ce47280`): ids must be ASCII path segments, and folding alone would give every
/// such file of a collection the same id. The hash is git's SHA-1 of the path, the same
/// on every machine and in every version.
pub fn id_from_path(file: &str) -> DocId {
    let stem = Path::new(file).file_stem().map(|s| s.to_string_lossy().to_lowercase()).unwrap_or_default();
    let mut id: String = stem.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    while id.contains("--") {
        id = id.replace("--", "-");
    }
    let mut id = id.trim_matches('-').to_string();
    if !stem.is_ascii() {
        let hash = Oid::hash_object(git2::ObjectType::Blob, file.as_bytes())
            .map(|h| h.to_string()[..8].to_string())
            .unwrap_or_default();
        id.truncate(48);
        id = format!("{}-{hash}", if id.is_empty() { "doc" } else { id.trim_end_matches('-') });
    }
    DocId::new(if id.is_empty() { "document" } else { &id })
        .unwrap_or_else(|_| DocId::new("document").expect("valid"))
}

/// The id `lexdiff ci` gives a file, from its whole path: `laws/secrecy.txt` →
/// `laws-secrecy`; a file of the lexdiff store (`state-secrets-law.txt`) keeps its id. It
/// names one file without knowing the others, as a ci shard must; `--repo` commands
/// accept it beside their own ids (see [`RepoSource::open_one`]).
pub fn id_for_path(path: &str) -> DocId {
    let without = path.rsplit_once('.').map_or(path, |(p, _)| p);
    id_from_path(&format!("{}.txt", without.replace('/', "-")))
}

/// Has libgit2 read objects as git reads them, without hashing each again to check it
/// (that is `git fsck`'s job): a folder of thousands of laws is a tree of hundreds of
/// kilobytes, read at every commit that changed it, and hashing it was most of the time
/// spent reading such a repository's history.
pub(crate) fn read_like_git() {
    git2::opts::strict_hash_verification(false);
}

/// The legal date of a commit: the date its message's trailer states, `Adopted:` (a
/// lexdiff store) or `Source-Date:` (the legalize repositories), else its author date.
/// Both kinds of repository clamp the author date of a text older than 1970 to
/// 1970-01-02 and keep the true date in the trailer.
pub fn legal_date(commit: &git2::Commit<'_>) -> Option<Date> {
    let message = commit.message().unwrap_or_default();
    let stated = ["Adopted", "Source-Date"]
        .iter()
        .find_map(|key| super::trailer(message, key).and_then(Date::parse_iso));
    stated.or_else(|| {
        let when = commit.author().when();
        Date::from_unix(when.seconds(), when.offset_minutes())
    })
}

/// The title, kind and language a file's sibling `<stem>.yaml` gives in a lexdiff store,
/// if it has one.
pub(crate) fn stored_meta(repo: &Repository, tree: &git2::Tree<'_>, path: &str) -> Option<StoredMeta> {
    let yaml_path = format!("{}.yaml", path.strip_suffix(".txt")?);
    let entry = tree.get_path(Path::new(&yaml_path)).ok()?;
    let blob = repo.find_blob(entry.id()).ok()?;
    crate::meta::from_yaml(std::str::from_utf8(blob.content()).ok()?, Path::new(&yaml_path)).ok()
}

/// Whether a commit corrects the text of the version in force rather than bringing a new
/// one: a lexdiff store's correction (`Correction:` trailer, `import --record-correction`)
/// or a legalize repository's `[fix-pipeline]` commit (its pipeline read the source
/// again; no legislature changed anything).
fn is_correction(commit: &git2::Commit<'_>) -> bool {
    let message = commit.message().unwrap_or_default();
    super::trailer(message, "Correction").is_some() || message.starts_with("[fix-pipeline]")
}

/// The amending act a commit names: `Amended-By:` (a lexdiff store) or `Source-Id:`
/// (the identifier of the reform, in the legalize repositories).
fn amending_act(commit: &git2::Commit<'_>) -> Option<String> {
    let message = commit.message().unwrap_or_default();
    ["Amended-By", "Source-Id"].iter().find_map(|key| super::trailer(message, key)).map(str::to_string)
}

/// The tags of a repository by the commit they point to, each commit's names sorted.
pub(crate) fn tags_by_commit(repo: &Repository) -> Result<BTreeMap<Oid, Vec<String>>> {
    let mut tags: BTreeMap<Oid, Vec<String>> = BTreeMap::new();
    repo.tag_foreach(|oid, name| {
        let name = String::from_utf8_lossy(name).trim_start_matches("refs/tags/").to_string();
        if let Ok(obj) = repo.find_object(oid, None)
            && let Ok(c) = obj.peel_to_commit()
        {
            tags.entry(c.id()).or_default().push(name);
        }
        true
    })
    .map_err(Error::git("read tags"))?;
    tags.values_mut().for_each(|t| t.sort());
    Ok(tags)
}

/// The label the tags on a version's commit give it: the version of a `<doc>/<version>`
/// tag (a lexdiff store), else the first tag that names no other document (has no `/`).
/// `--repo` and `ci` both label by this rule, so a label one prints the other accepts.
pub(crate) fn label_from_tags(tags: &[String], id: &str) -> Option<VersionLabel> {
    let own = tags.iter().find_map(|t| t.strip_prefix(id)?.strip_prefix('/').and_then(label_from_tag));
    own.or_else(|| tags.iter().find(|t| !t.contains('/')).and_then(|t| label_from_tag(t)))
}

/// An id and the ids it may be numbered after, longest first: `secrecy-2-2`,
/// `secrecy-2`, `secrecy` (numbers from 2 set apart files of one name).
fn number_chain(id: &str) -> Vec<&str> {
    let mut chain = vec![id];
    while let Some((rest, n)) = chain[chain.len() - 1].rsplit_once('-')
        && n.parse::<u32>().is_ok_and(|n| n >= 2)
    {
        chain.push(rest);
    }
    chain
}

/// A version label from a tag name: unsafe characters become `-`.
fn label_from_tag(tag: &str) -> Option<VersionLabel> {
    let s: String = tag
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '-' })
        .collect();
    VersionLabel::new(s.trim_start_matches(['.', '-', '_'])).ok()
}

impl RepoSource {
    /// Reads the histories of `paths` inside the repository from HEAD: files, or folders
    /// whose `.txt`, `.md` and `.docx` files are all read (`constitution/`; `.` for the
    /// whole repository). Each file is a document, of the kind its latest text reads as.
    pub fn open(repo_path: &Path, paths: &[String]) -> Result<RepoSource> {
        RepoSource::read(repo_path, paths, None)
    }

    /// As [`RepoSource::open`], for a command about one document: only the files that
    /// could be document `id` are read (those whose id, before a `-2` that sets apart two
    /// files of one name, leads to it), so that one law of a folder of thousands does not
    /// wait for all their histories. With no such file the source is empty.
    ///
    /// `id` may also name the file by its path (`laws/secrecy.txt`) or by the id `lexdiff
    /// ci` gives it (`laws-secrecy`); [`Source::document`] then finds it by that name.
    pub fn open_one(repo_path: &Path, paths: &[String], id: &str) -> Result<RepoSource> {
        RepoSource::read(repo_path, paths, Some(id))
    }

    fn read(repo_path: &Path, paths: &[String], only: Option<&str>) -> Result<RepoSource> {
        read_like_git();
        let repo = Repository::open(repo_path).map_err(|e| Error::Store {
            path: repo_path.into(),
            message: format!("is not a git repository: {}", e.message()),
        })?;
        let head_commit = match repo.head().and_then(|h| h.peel_to_commit()) {
            Err(e) if e.code() == git2::ErrorCode::UnbornBranch => {
                return Err(Error::Store { path: repo_path.into(), message: "has no commits yet".into() });
            }
            r => r.map_err(git(repo_path, "read HEAD"))?,
        };
        let head = head_commit.tree().map_err(git(repo_path, "read HEAD"))?;
        let (mut files, yamls) = files_at_head(&repo, &head, repo_path, paths)?;
        let mut skipped = leave_out_sites(&repo, &head, &mut files);
        let mut docs = folder_documents(&repo, &head_commit, &mut files, only, &mut skipped)?;
        let mut ids: BTreeSet<DocId> = docs.iter().map(|(d, _)| d.id.clone()).collect();
        let folders: HashMap<DocId, String> = docs
            .iter()
            .filter_map(|(d, places)| {
                let folder = places.first()?.path.rsplit_once('/')?.0;
                Some((d.id.clone(), folder.to_string()))
            })
            .collect();
        let (files, unread) = match only {
            Some(id) => files_for(files, id),
            None => (files, Vec::new()),
        };
        let names: Vec<&str> = files.iter().map(|(f, _)| f.as_str()).collect();
        let histories = file_histories(&repo, repo_path, &names, head_commit.id(), None)?;
        // What each file is, from its latest text: read from git one by one (the
        // repository handle is not shared between threads), parsed in parallel, a batch at
        // a time so that memory holds a batch of texts, not the repository.
        let mut histories = histories.into_iter();
        for batch in files.chunks(256) {
            let hs: Vec<Vec<Found>> = histories.by_ref().take(batch.len()).map(|(h, _)| h).collect();
            let latest: Vec<Vec<u8>> = hs
                .iter()
                .map(|versions| {
                    let blob = versions.last().expect("a file at HEAD has a version").blob;
                    repo.find_blob(blob).map(|b| b.content().to_vec()).map_err(git(repo_path, "read text"))
                })
                .collect::<Result<_>>()?;
            let read: Vec<Result<Reading>> = batch
                .par_iter()
                .zip(latest.par_iter())
                .map(|((file, _), bytes)| Reading::of(file, bytes))
                .collect();
            for (((file, named), read), versions) in batch.iter().zip(read).zip(hs) {
                // A folder's README is no document, nor is a file that is no text: a file
                // found in a folder is one when it reads as a law or a report. A file named
                // is one whatever it reads as.
                let read = match read {
                    Ok(r) => r,
                    Err(e) if !named => {
                        skipped.push(e.to_string());
                        continue;
                    }
                    Err(e) => return Err(e),
                };
                // A lexdiff store says what each text is; elsewhere the text tells.
                let yaml = file.strip_suffix(".txt").map(|stem| format!("{stem}.yaml"));
                let stored = yaml.filter(|y| yamls.contains(y)).and_then(|_| stored_meta(&repo, &head, file));
                let kind = stored.as_ref().map_or(read.kind, |m| m.kind);
                if kind == Kind::Plain && !named && stored.is_none() {
                    skipped.push(format!("{file}: neither a law nor a report"));
                    continue;
                }
                // Two files of one name in two folders: the second id gets a number.
                let base = id_from_path(file);
                let mut id = base.clone();
                for n in 2.. {
                    if ids.insert(id.clone()) {
                        break;
                    }
                    id = DocId::new(&format!("{base}-{n}")).expect("a numbered id is valid");
                }
                docs.push(document(&repo, file, id, read, stored, kind, versions));
            }
        }
        if docs.is_empty() && only.is_none() {
            let why: String = skipped.iter().take(3).map(|s| format!("; left out {s}")).collect();
            return Err(Error::Store {
                path: repo_path.into(),
                message: format!("no text under {} reads as a law or a report{why}", paths.join(", ")),
            });
        }
        docs.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        let (infos, places) = docs.into_iter().unzip();
        drop((head, head_commit));
        Ok(RepoSource {
            path: repo_path.into(),
            repo: Mutex::new(repo),
            docs: infos,
            places,
            skipped,
            unread,
            folders,
        })
    }

    /// Files found in the folders given that were left out, each as `<file>: <why>`: they
    /// read as neither a law nor a report (a README), or are no text.
    pub fn skipped(&self) -> &[String] {
        &self.skipped
    }
}

/// Leaves out of `files` those of the report sites lexdiff built (committed to be
/// published: their reports are no texts), unless named; returns a note for each site.
fn leave_out_sites(repo: &Repository, head: &git2::Tree<'_>, files: &mut Vec<(String, bool)>) -> Vec<String> {
    let mut sites = BuiltSites::new(repo, head);
    let mut in_sites: BTreeMap<String, usize> = BTreeMap::new();
    files.retain(|(f, named)| {
        *named || sites.root_of(f).map(|r| *in_sites.entry(r).or_default() += 1).is_none()
    });
    in_sites
        .into_iter()
        .map(|(root, n)| format!("{root}/: a report site lexdiff built ({n} report files, not texts)"))
        .collect()
}

/// The documents of the versions folders committed to the repository, one per document
/// folder, a version per file, as lexdiff reads `versions/` (only `only`'s, when given):
/// their files are taken out of `files` (unless named), and a folder that does not read,
/// or whose id a folder before it took, gets a note in `skipped`.
fn folder_documents(
    repo: &Repository,
    head: &git2::Commit<'_>,
    files: &mut Vec<(String, bool)>,
    only: Option<&str>,
    skipped: &mut Vec<String>,
) -> Result<Vec<(DocInfo, Vec<Place>)>> {
    let tree = head.tree().map_err(Error::git("read HEAD"))?;
    let mut document_folders = DocumentFolders::new(repo, &tree);
    let mut folders = BTreeSet::new();
    files.retain(|(f, named)| match document_folders.version_file(f) {
        Some((folder, _)) if !named => {
            folders.insert(folder.to_string());
            false
        }
        _ => true,
    });
    let mut docs: Vec<(DocInfo, Vec<Place>)> = Vec::new();
    for folder in folders {
        let name = folder.rsplit('/').next().unwrap_or(&folder);
        if only.is_some_and(|id| id != name) {
            continue;
        }
        match folder_document(repo, head, &tree, &folder)? {
            Ok((info, _)) if docs.iter().any(|(d, _)| d.id == info.id) => {
                skipped.push(format!("{folder}/: a second document named {}", info.id));
            }
            Ok(doc) => docs.push(doc),
            Err(why) => skipped.push(format!("{folder}/: {why}")),
        }
    }
    Ok(docs)
}

/// The document of a versions folder's document folder at `head`, with where each version
/// is: its file, and the commit that brought that file's text. `Err(why)` when the folder
/// does not read (its `document.yaml`, a version without its file).
fn folder_document(
    repo: &Repository,
    head: &git2::Commit<'_>,
    tree: &git2::Tree<'_>,
    folder: &str,
) -> Result<std::result::Result<(DocInfo, Vec<Place>), String>> {
    // Reading a repository checks no date against today: the versions are what was
    // committed (`add` and `check` refuse a date in the future).
    let any_day = Date::new(9999, 12, 31).expect("a valid date");
    let doc = match read_folder(repo, tree, folder, any_day) {
        Ok(Ok(doc)) => doc,
        Ok(Err(why)) => return Ok(Err(why)),
        Err(e @ (Error::Meta { .. } | Error::Store { .. } | Error::Input { .. })) => {
            return Ok(Err(e.to_string()));
        }
        Err(e) => return Err(e),
    };
    let refs: Vec<(&str, Oid)> = doc.files.iter().map(|(p, b)| (p.as_str(), *b)).collect();
    let since = brought_by(repo, head, &refs)?;
    let mut info = doc.info;
    for (v, commit) in info.versions.iter_mut().zip(&since) {
        v.commit = Some(commit.to_string());
    }
    let places =
        doc.files.into_iter().zip(since).map(|((path, blob), since)| Place { blob, path, since }).collect();
    Ok(Ok((info, places)))
}

/// The title of the newest earlier version that has one, for a file whose latest text
/// starts without it (the 2025 government work report opens with `各位代表：`).
fn earlier_title(repo: &Repository, file: &str, versions: &[Place]) -> Option<String> {
    let earlier = versions.len().checked_sub(1)?;
    versions[..earlier].iter().rev().find_map(|v| {
        let blob = repo.find_blob(v.blob).ok()?;
        Reading::of(file, blob.content()).ok()?.title
    })
}

/// What a file's latest text is.
struct Reading {
    /// What the text reads as.
    kind: Kind,
    /// Its title: its front matter's, else a parsed text's, or for a law that does not
    /// parse, its first line's.
    title: Option<String>,
    chinese: bool,
}

impl Reading {
    fn of(file: &str, bytes: &[u8]) -> Result<Reading> {
        let text = crate::input::decode(bytes, Path::new(file))?.text;
        let (kind, parsed) = crate::parse::parse_detecting(&text);
        // A front matter's title is the official one (the legalize layout's `title`).
        let stated = crate::parse::read_front_matter(&text)
            .and_then(|read| read.ok()?.title)
            .filter(|t| !t.trim().is_empty());
        let title = stated
            .or_else(|| parsed.ok().and_then(|p| p.document.title))
            .or_else(|| (kind == Kind::Law).then(|| crate::parse::law_title(&text)).flatten());
        Ok(Reading { kind, title, chinese: text.chars().any(crate::diff::is_han) })
    }
}

fn git(repo_path: &Path, what: &str) -> impl FnOnce(git2::Error) -> Error {
    Error::git(format!("{}: {what}", repo_path.display()))
}

/// The document a file is, with where each of its versions is: `id`, the `kind` settled,
/// and its title and language from the store's metadata beside it (`stored`) when there
/// is some, else from its text (or an earlier version's title line, or its path).
fn document(
    repo: &Repository,
    file: &str,
    id: DocId,
    read: Reading,
    stored: Option<StoredMeta>,
    kind: Kind,
    mut versions: Vec<Found>,
) -> (DocInfo, Vec<Place>) {
    label_by_date(&mut versions);
    let places: Vec<Place> =
        versions.iter().map(|v| Place { blob: v.blob, path: v.path.clone(), since: v.since }).collect();
    let versions = versions.into_iter().map(|v| v.with_label_for(&id)).collect();
    let info = DocInfo {
        id,
        title: match stored.as_ref() {
            Some(m) => m.title.clone(),
            None => {
                read.title.or_else(|| earlier_title(repo, file, &places)).unwrap_or_else(|| file.to_string())
            }
        },
        kind,
        // Unless a store states it: Chinese when the text is, else undetermined (a
        // legalize-es repository is not Chinese).
        language: stored
            .as_ref()
            .map_or_else(|| if read.chinese { "zh" } else { "und" }.into(), |m| m.language.clone()),
        offset_minutes: stored.as_ref().map_or(8 * 60, StoredMeta::offset_minutes),
        versions,
    };
    (info, places)
}

/// The files to read for the one document `id` names, and the ids of the others. `id`
/// may be numbered: `secrecy-2-2` may be the second file named `secrecy-2`, or the third
/// named `secrecy` once a `secrecy-2.txt` took `secrecy-2`; every file whose id is on that
/// chain is read, and numbered among the others as in a full read. It may also name a
/// file by path or ci id, whose number is not known yet: then every file whose id could
/// take one of the same ids (`secrecy`, `secrecy-2`, ...) is read.
fn files_for(files: Vec<(String, bool)>, id: &str) -> (Vec<(String, bool)>, Vec<DocId>) {
    let chain = number_chain(id);
    let own: Vec<DocId> = files.iter().map(|(f, _)| id_from_path(f)).collect();
    let named = files.iter().zip(&own).find(|((f, _), _)| f == id || id_for_path(f).as_str() == id);
    let root = named.map(|(_, own)| number_chain(own.as_str()).pop().unwrap_or(own.as_str()).to_string());
    let read = |own: &str| {
        chain.contains(&own)
            || root
                .as_deref()
                .is_some_and(|r| own.strip_prefix(r).is_some_and(|n| n.is_empty() || n.starts_with('-')))
    };
    let (kept, rest): (Vec<_>, Vec<_>) = files.into_iter().zip(own).partition(|(_, own)| read(own.as_str()));
    (kept.into_iter().map(|(file, _)| file).collect(), rest.into_iter().map(|(_, own)| own).collect())
}

/// The files `paths` name at HEAD, in path order, each with whether it was named itself
/// (rather than found in a folder): a file as named, a folder as the `.txt`, `.md` and
/// `.docx` files under it. And the `.yaml` files there (a lexdiff store's metadata), so that only
/// the texts that have one look for it.
type FilesAtHead = (Vec<(String, bool)>, BTreeSet<String>);

fn files_at_head(
    repo: &Repository,
    head: &git2::Tree<'_>,
    repo_path: &Path,
    paths: &[String],
) -> Result<FilesAtHead> {
    let mut files = BTreeMap::new();
    let mut yamls = BTreeSet::new();
    for p in paths {
        let p = p.trim_matches('/');
        let not_found =
            || Error::Store { path: repo_path.into(), message: format!("HEAD has no file or folder `{p}`") };
        let tree = if p.is_empty() || p == "." {
            head.clone()
        } else {
            let entry = head.get_path(Path::new(p)).map_err(|_| not_found())?;
            match entry.kind() {
                Some(git2::ObjectType::Tree) => {
                    repo.find_tree(entry.id()).map_err(git(repo_path, "read tree"))?
                }
                _ => {
                    if let Some(stem) = p.strip_suffix(".txt") {
                        let yaml = format!("{stem}.yaml");
                        if head.get_path(Path::new(&yaml)).is_ok() {
                            yamls.insert(yaml);
                        }
                    }
                    files.insert(p.to_string(), true);
                    continue;
                }
            }
        };
        let before = files.len();
        let prefix = if p.is_empty() || p == "." { String::new() } else { format!("{p}/") };
        tree.walk(git2::TreeWalkMode::PreOrder, |dir, e| {
            let name = e.name().unwrap_or_default();
            if e.kind() == Some(git2::ObjectType::Blob) {
                if crate::input::is_text_file_name(name) {
                    files.entry(format!("{prefix}{dir}{name}")).or_insert(false);
                } else if name.ends_with(".yaml") {
                    yamls.insert(format!("{prefix}{dir}{name}"));
                }
            }
            git2::TreeWalkResult::Ok
        })
        .map_err(git(repo_path, "read tree"))?;
        if files.len() == before {
            return Err(Error::Store {
                path: repo_path.into(),
                message: format!("the folder `{p}` holds no .txt, .md or .docx file at HEAD"),
            });
        }
    }
    Ok((files.into_iter().collect(), yamls))
}

/// Where a version of a document is in the repository.
struct Place {
    blob: Oid,
    /// The file's path in the version's commit (an earlier name, before a rename).
    path: String,
    /// The commit that brought the version (not one that corrected it): from it on, the
    /// version is in force.
    since: Oid,
}

/// A version read from a commit, labelled once its document's id is known.
pub(crate) struct Found {
    pub(crate) info: VersionInfo,
    /// The tags on its commit.
    tags: Vec<String>,
    /// The commit of its text: the one that brought the version, or the last that
    /// corrected it (see [`is_correction`]).
    pub(crate) commit: Oid,
    /// The commit that brought the version: from it on, the version is in force.
    pub(crate) since: Oid,
    pub(crate) blob: Oid,
    /// The file's path in that commit (an earlier name, before a rename).
    pub(crate) path: String,
}

impl Found {
    /// The label: its tags' (`label_from_tags`), else the date it already has.
    fn with_label_for(mut self, id: &DocId) -> VersionInfo {
        if let Some(label) = label_from_tags(&self.tags, id.as_str()) {
            self.info.meta.label = label;
        }
        self.info
    }
}

/// Labels versions by their dates, oldest first: `2024-03-01`, and a second version of
/// the same day `2024-03-01-2`.
fn label_by_date(versions: &mut [Found]) {
    let mut used = HashSet::new();
    for v in versions {
        let base = v.info.meta.adopted.to_string();
        let mut label = base.clone();
        for n in 2.. {
            if used.insert(label.clone()) {
                break;
            }
            label = format!("{base}-{n}");
        }
        v.info.meta.label = VersionLabel::new(&label).expect("a date, suffixed or not, is a valid label");
    }
}

/// The versions of each file, oldest first: one walk over the commits `start` reaches
/// (but not those `hide` reaches), a version wherever a commit changed a file's blob. A
/// folder whose tree a commit did not change is not looked into (a repository of
/// thousands of laws changes a few a commit). Versions are labelled by `label_by_date`
/// once the histories are complete.
fn histories(
    repo: &Repository,
    repo_path: &Path,
    files: &[&str],
    start: Oid,
    hide: Option<Oid>,
) -> Result<Vec<Vec<Found>>> {
    let mut walk = repo.revwalk().map_err(git(repo_path, "walk"))?;
    walk.push(start).map_err(git(repo_path, "walk"))?;
    if let Some(h) = hide {
        walk.hide(h).map_err(git(repo_path, "walk"))?;
    }
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE).map_err(git(repo_path, "walk"))?;
    let tags = tags_by_commit(repo)?;
    let folders = by_folder(files.iter().copied());
    // Each folder's files by name.
    let mut by_name: HashMap<&str, HashMap<&[u8], Vec<usize>>> = HashMap::new();
    for (folder, members) in &folders {
        let names = by_name.entry(folder).or_default();
        for &i in members {
            names.entry(file_name(files[i]).as_bytes()).or_default().push(i);
        }
    }
    let mut out: Vec<Vec<Found>> = files.iter().map(|_| Vec::new()).collect();
    for oid in walk {
        let oid = oid.map_err(git(repo_path, "walk"))?;
        let commit = repo.find_commit(oid).map_err(git(repo_path, "read commit"))?;
        let tree = commit.tree().map_err(git(repo_path, "read tree"))?;
        let parents: Vec<git2::Tree<'_>> = commit.parents().filter_map(|p| p.tree().ok()).collect();
        for (folder, members) in folders.iter() {
            // As `git log -- <file>` reads history: a commit brings a version of a file
            // when its blob differs from the file's in every parent. A merge that takes
            // one side's text brings none, nor does a commit on a branch without the file
            // (a lexdiff store keeps each document on a branch of its own). A folder the
            // commit left as a parent had it is not looked into.
            let now = folder_in(&tree, folder);
            let parent_folders: Vec<Option<Oid>> = parents.iter().map(|p| folder_in(p, folder)).collect();
            if now.is_none() || parent_folders.contains(&now) {
                continue;
            }
            let folder_tree = now.and_then(|t| repo.find_tree(t).ok());
            let parent_trees: Vec<Option<git2::Tree<'_>>> =
                parent_folders.iter().map(|t| t.and_then(|t| repo.find_tree(t).ok())).collect();
            // The members the commit changed.
            let changed = changed_members(&folder_tree, &parent_trees, members, by_name.get(folder), files);
            for (i, blob) in changed {
                let unchanged = parent_trees.iter().any(|t| blob_in(t.as_ref(), files[i]) == Some(blob));
                // A text restored as it was is no new version either.
                if unchanged || out[i].last().map(|v| v.blob) == Some(blob) {
                    continue;
                }
                let tags = tags.get(&oid).cloned().unwrap_or_default();
                // A correction rewrites the text of the version before it: that version
                // now reads, and is tagged, as the correction left it.
                match out[i].last_mut() {
                    Some(last) if is_correction(&commit) => last.correct(&commit, blob, tags, files[i]),
                    _ => out[i].push(Found::at(&commit, blob, tags, files[i], repo_path)?),
                }
            }
        }
    }
    Ok(out)
}

/// The files of `members` whose blob a commit's folder tree holds, with that blob: looked
/// up one by one when they are few, else read off one merge of the folder's entries with
/// the first parent's (a folder of thousands of laws, most commits changing one, is not
/// searched for each). `names` are the members by file name.
fn changed_members(
    folder_tree: &Option<git2::Tree<'_>>,
    parent_trees: &[Option<git2::Tree<'_>>],
    members: &[usize],
    names: Option<&HashMap<&[u8], Vec<usize>>>,
    files: &[&str],
) -> Vec<(usize, Oid)> {
    match (folder_tree, names) {
        (Some(t), Some(names)) if members.len() * 16 >= t.len() => {
            let mut changed = Vec::new();
            changed_blobs(t, parent_trees.first().and_then(Option::as_ref), |name, blob| {
                for &i in names.get(name).into_iter().flatten() {
                    changed.push((i, blob));
                }
            });
            changed
        }
        _ => members.iter().filter_map(|&i| Some((i, blob_in(folder_tree.as_ref(), files[i])?))).collect(),
    }
}

impl Found {
    /// The version a commit brings of the file at `path`, labelled by its legal date.
    fn at(
        commit: &git2::Commit<'_>,
        blob: Oid,
        tags: Vec<String>,
        path: &str,
        repo_path: &Path,
    ) -> Result<Found> {
        let oid = commit.id();
        let date = legal_date(commit).ok_or_else(|| Error::Store {
            path: repo_path.into(),
            message: format!("commit {oid} has an impossible date"),
        })?;
        Ok(Found {
            info: VersionInfo {
                meta: VersionMeta {
                    label: VersionLabel::new(&date.to_string()).expect("a date is a valid label"),
                    adopted: date,
                    effective: commit
                        .message()
                        .ok()
                        .and_then(|m| super::trailer(m, "Effective"))
                        .and_then(Date::parse_iso),
                    source: format!("git {} {oid} {path}", repo_path.display()),
                    amended_by: amending_act(commit),
                    notes: commit.summary().ok().flatten().map(str::to_string),
                    expect: None,
                },
                commit: Some(oid.to_string()),
            },
            tags,
            commit: oid,
            since: oid,
            blob,
            path: path.to_string(),
        })
    }

    /// This version as a correction committed later left its text (the file now at `path`).
    fn correct(&mut self, commit: &git2::Commit<'_>, blob: Oid, tags: Vec<String>, path: &str) {
        self.blob = blob;
        self.commit = commit.id();
        self.info.commit = Some(commit.id().to_string());
        self.tags = tags;
        self.path = path.to_string();
        let what = commit.summary().ok().flatten().unwrap_or("a correction");
        self.info.meta.notes = Some(match self.info.meta.notes.take() {
            Some(n) => format!("{n}; text corrected by {what}"),
            None => format!("text corrected by {what}"),
        });
    }
}

/// For each file with its blob at `base`, the commit that brought that blob: walking back
/// from `base`, newest first, the last commit before the first that holds another text
/// (or none). One walk for all files, reading each folder once a commit and only when it
/// changed: a commit that amends hundreds of laws of a long history does not walk that
/// history once for each.
pub(crate) fn brought_by(
    repo: &Repository,
    base: &git2::Commit<'_>,
    files: &[(&str, Oid)],
) -> Result<Vec<Oid>> {
    let mut since = vec![base.id(); files.len()];
    let mut folders = by_folder(files.iter().map(|(f, _)| *f));
    let mut walk = repo.revwalk().map_err(Error::git("walk"))?;
    walk.push(base.id()).map_err(Error::git("walk"))?;
    walk.set_sorting(Sort::TOPOLOGICAL).map_err(Error::git("walk"))?;
    // Each folder's tree in the commit looked at last: the same tree holds the same texts.
    let mut seen: BTreeMap<&str, Oid> = BTreeMap::new();
    for oid in walk {
        if folders.is_empty() {
            break;
        }
        let oid = oid.map_err(Error::git("walk"))?;
        let tree = repo.find_commit(oid).and_then(|c| c.tree()).map_err(Error::git("read commit"))?;
        folders.retain(|folder, pending| {
            let Some(sub) = folder_in(&tree, folder) else {
                return false; // no folder, no file: every pending text began after this
            };
            if seen.get(folder) != Some(&sub) {
                seen.insert(folder, sub);
                let Ok(t) = repo.find_tree(sub) else { return false };
                pending.retain(|&i| blob_in(Some(&t), files[i].0) == Some(files[i].1));
            }
            for &i in pending.iter() {
                since[i] = oid;
            }
            !pending.is_empty()
        });
    }
    Ok(since)
}

/// Files by the folder that holds them (`""` at the top), each as its index in `paths`.
pub(crate) fn by_folder<'p>(paths: impl IntoIterator<Item = &'p str>) -> BTreeMap<&'p str, Vec<usize>> {
    let mut folders: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, f) in paths.into_iter().enumerate() {
        folders.entry(f.rfind('/').map_or("", |k| &f[..k])).or_default().push(i);
    }
    folders
}

/// The last segment of a path in a repository.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or_default()
}

/// The tree of `folder` in `tree` (`""` is `tree` itself).
pub(crate) fn folder_in(tree: &git2::Tree<'_>, folder: &str) -> Option<Oid> {
    if folder.is_empty() {
        return Some(tree.id());
    }
    let entry = tree.get_path(Path::new(folder)).ok()?;
    (entry.kind() == Some(git2::ObjectType::Tree)).then(|| entry.id())
}

/// The blob of `file` in its folder's tree.
pub(crate) fn blob_in(folder_tree: Option<&git2::Tree<'_>>, file: &str) -> Option<Oid> {
    folder_tree
        .and_then(|t| t.get_name(file_name(file)))
        .filter(|e| e.kind() == Some(git2::ObjectType::Blob))
        .map(|e| e.id())
}

/// Git's order of tree entries: by name, a folder's as if it ended in `/`.
fn git_order(a: &git2::TreeEntry<'_>, b: &git2::TreeEntry<'_>) -> std::cmp::Ordering {
    fn key<'e>(e: &'e git2::TreeEntry<'_>) -> impl Iterator<Item = u8> + 'e {
        e.name_bytes().iter().copied().chain((e.kind() == Some(git2::ObjectType::Tree)).then_some(b'/'))
    }
    key(a).cmp(key(b))
}

/// Calls `f` with the name and blob of each file of `new` (a folder's own files, not its
/// subfolders') that `old` lacks or holds with other content: one merge of the two
/// sorted entry lists.
fn changed_blobs(new: &git2::Tree<'_>, old: Option<&git2::Tree<'_>>, mut f: impl FnMut(&[u8], Oid)) {
    let mut old_entries = old.map(|t| t.iter()).into_iter().flatten().peekable();
    for e in new.iter() {
        if e.kind() != Some(git2::ObjectType::Blob) {
            continue;
        }
        while old_entries.next_if(|o| git_order(o, &e).is_lt()).is_some() {}
        let same = old_entries.peek().is_some_and(|o| o.id() == e.id() && git_order(o, &e).is_eq());
        if !same {
            f(e.name_bytes(), e.id());
        }
    }
}

/// The versions of files from `start` (not reaching into `hide`), oldest first, each
/// with the file's earliest name among them: renames followed as [`follow_renames`] does.
pub(crate) fn file_histories(
    repo: &Repository,
    repo_path: &Path,
    files: &[&str],
    start: Oid,
    hide: Option<Oid>,
) -> Result<Vec<(Vec<Found>, String)>> {
    follow_renames(repo, repo_path, histories(repo, repo_path, files, start, hide)?, files, hide)
}

/// Histories that begin where a commit renamed the file go on with the history of its
/// old name before that commit, as `git log --follow` reads them: a rename is what git's
/// rename detection finds (a file of the same or, by default, at least half the same
/// content deleted in the commit that added this one), in a commit of one parent. Each
/// history comes with the earliest name followed (the file's own when it was not
/// renamed); commits `hide` reaches are not looked at.
fn follow_renames(
    repo: &Repository,
    repo_path: &Path,
    mut histories: Vec<Vec<Found>>,
    files: &[&str],
    hide: Option<Oid>,
) -> Result<Vec<(Vec<Found>, String)>> {
    let mut earliest: Vec<String> = files.iter().map(|f| f.to_string()).collect();
    // Each commit's renames (new path → old path) and its parent, found once: a commit
    // that moved a folder renamed all of its files.
    let mut renames: HashMap<Oid, (Oid, HashMap<String, String>)> = HashMap::new();
    let mut pending: Vec<usize> = (0..histories.len()).collect();
    while !pending.is_empty() {
        // The old names to follow, by the parent of the commit that renamed them.
        let mut before: BTreeMap<Oid, Vec<(usize, String)>> = BTreeMap::new();
        for i in pending.drain(..) {
            let Some(first) = histories[i].first() else { continue };
            let (parent, names) = match renames.entry(first.since) {
                Entry::Occupied(e) => e.into_mut(),
                Entry::Vacant(e) => e.insert(renames_in(repo, repo_path, first.since)?),
            };
            if let Some(old) = names.get(&first.path) {
                before.entry(*parent).or_default().push((i, old.clone()));
            }
        }
        for (parent, group) in before {
            let paths: Vec<&str> = group.iter().map(|(_, p)| p.as_str()).collect();
            let earlier = self::histories(repo, repo_path, &paths, parent, hide)?;
            for ((i, old), mut versions) in group.into_iter().zip(earlier) {
                earliest[i] = old;
                // Nothing changed the old name in the commits looked at: it ends here.
                if versions.is_empty() {
                    continue;
                }
                // A rename that kept the text brings no version of its own.
                if versions.last().map(|v| v.blob) == histories[i].first().map(|v| v.blob) {
                    histories[i].remove(0);
                }
                versions.append(&mut histories[i]);
                histories[i] = versions;
                // Each hop goes back past a commit, so following ends.
                pending.push(i);
            }
        }
    }
    Ok(histories.into_iter().zip(earliest).collect())
}

/// The files a commit renamed, new path → old path, with its parent; none for a commit
/// without exactly one parent.
fn renames_in(repo: &Repository, repo_path: &Path, commit: Oid) -> Result<(Oid, HashMap<String, String>)> {
    let c = repo.find_commit(commit).map_err(git(repo_path, "read commit"))?;
    if c.parent_count() != 1 {
        return Ok((commit, HashMap::new()));
    }
    let parent = c.parent(0).map_err(git(repo_path, "read commit"))?;
    let (old, new) =
        (parent.tree().map_err(git(repo_path, "read tree"))?, c.tree().map_err(git(repo_path, "read tree"))?);
    Ok((parent.id(), renamed_files(repo, &old, &new).map_err(git(repo_path, "find renames"))?))
}

/// The files renamed between two trees, new path → old path: files deleted from `old`
/// and added to `new` with the same content, then (as git's rename detection finds them)
/// with at least half of it.
fn renamed_files(
    repo: &Repository,
    old: &git2::Tree<'_>,
    new: &git2::Tree<'_>,
) -> std::result::Result<HashMap<String, String>, git2::Error> {
    let mut names = HashMap::new();
    let (mut added, mut deleted) = (Vec::new(), Vec::new());
    added_and_deleted(repo, Some(old), Some(new), "", &mut added, &mut deleted)?;
    if added.is_empty() || deleted.is_empty() {
        return Ok(names);
    }
    // Files moved as they were first, by their blobs, as git does: libgit2's search
    // compares each added file with a limited number of deleted ones (`rename_limit`),
    // and a commit that moved a folder of thousands of laws deleted more.
    let mut by_blob: HashMap<Oid, Vec<String>> = HashMap::new();
    for (path, blob) in deleted {
        by_blob.entry(blob).or_default().push(path);
    }
    let mut used = HashSet::new();
    let mut unmatched = false;
    for (to, blob) in added {
        match by_blob.get_mut(&blob).and_then(Vec::pop) {
            Some(from) => {
                used.insert(from.clone());
                names.insert(to, from);
            }
            None => unmatched = true,
        }
    }
    // Then files moved and edited, when some added file and some deleted one are left.
    if unmatched && by_blob.values().any(|v| !v.is_empty()) {
        let path = |f: git2::DiffFile<'_>| f.path().map(|p| p.to_string_lossy().replace('\\', "/"));
        let mut diff = repo.diff_tree_to_tree(Some(old), Some(new), None)?;
        diff.find_similar(Some(git2::DiffFindOptions::new().renames(true).rename_limit(1000)))?;
        for d in diff.deltas().filter(|d| d.status() == git2::Delta::Renamed) {
            if let (Some(from), Some(to)) = (path(d.old_file()), path(d.new_file()))
                && !names.contains_key(&to)
                && !used.contains(&from)
            {
                used.insert(from.clone());
                names.insert(to, from);
            }
        }
    }
    Ok(names)
}

/// The files only `new` has (`added`) and only `old` has (`deleted`), with their blobs,
/// by path under `prefix`: one merge of the two trees' sorted entries, going into the
/// folders whose trees differ. (libgit2's diff does the same, but reading entries through
/// its iterators took most of the time of following a repository of thousands of laws.)
fn added_and_deleted(
    repo: &Repository,
    old: Option<&git2::Tree<'_>>,
    new: Option<&git2::Tree<'_>>,
    prefix: &str,
    added: &mut Vec<(String, Oid)>,
    deleted: &mut Vec<(String, Oid)>,
) -> std::result::Result<(), git2::Error> {
    let mut olds = old.map(|t| t.iter()).into_iter().flatten().peekable();
    let mut news = new.map(|t| t.iter()).into_iter().flatten().peekable();
    loop {
        let order = match (olds.peek(), news.peek()) {
            (None, None) => return Ok(()),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(o), Some(n)) => git_order(o, n),
        };
        let (o, n) = match order {
            std::cmp::Ordering::Less => (olds.next(), None),
            std::cmp::Ordering::Greater => (None, news.next()),
            std::cmp::Ordering::Equal => (olds.next(), news.next()),
        };
        if let (Some(o), Some(n)) = (&o, &n)
            && o.id() == n.id()
        {
            continue;
        }
        let name =
            o.as_ref().or(n.as_ref()).map(|e| String::from_utf8_lossy(e.name_bytes())).unwrap_or_default();
        let path = format!("{prefix}{name}");
        let tree = |e: &Option<git2::TreeEntry<'_>>| match e {
            Some(e) if e.kind() == Some(git2::ObjectType::Tree) => repo.find_tree(e.id()).map(Some),
            _ => Ok(None),
        };
        let (old_tree, new_tree) = (tree(&o)?, tree(&n)?);
        if old_tree.is_some() || new_tree.is_some() {
            added_and_deleted(
                repo,
                old_tree.as_ref(),
                new_tree.as_ref(),
                &format!("{path}/"),
                added,
                deleted,
            )?;
            continue;
        }
        // Two blobs of one name: changed, neither added nor deleted.
        match (o, n) {
            (Some(o), None) => deleted.push((path, o.id())),
            (None, Some(n)) => added.push((path, n.id())),
            _ => {}
        }
    }
}

impl Source for RepoSource {
    fn documents(&self) -> &[DocInfo] {
        &self.docs
    }

    /// A document by its id, else by its file's path at HEAD or the id `lexdiff ci` gives
    /// that file, so that what a ci summary names can be looked at here.
    fn document(&self, id: &str) -> Result<&DocInfo> {
        let by_file = || {
            self.docs.iter().zip(&self.places).find_map(|(doc, versions)| {
                let path = &versions.last()?.path;
                (path == id || id_for_path(path).as_str() == id).then_some(doc)
            })
        };
        self.docs.iter().find(|d| d.id.as_str() == id).or_else(by_file).ok_or_else(|| {
            let known = self.docs.iter().map(|d| &d.id).chain(&self.unread).map(DocId::as_str);
            let hint = crate::source::did_you_mean(id, known).unwrap_or_else(|| {
                "name it by its id in `lexdiff --repo … list`, or by its path in the repository".into()
            });
            Error::UnknownDocument { id: id.to_string(), hint: Some(hint) }
        })
    }

    /// A version by label or commit, else by any revision git reads (`HEAD~2`, `v2024`,
    /// `origin/main`): the version in force there, the newest whose commit it is or
    /// descends from.
    fn version<'d>(&self, doc: &'d DocInfo, name: &str) -> Result<&'d VersionInfo> {
        doc.version(name).or_else(|unknown| {
            let repo = self.repo.lock().unwrap_or_else(|e| e.into_inner());
            let Ok(at) = repo.revparse_single(name).and_then(|o| o.peel_to_commit()) else {
                return Err(unknown);
            };
            let Some(d) = self.docs.iter().position(|d| d.id == doc.id) else {
                return Err(unknown);
            };
            // By the commits that brought the versions: a version corrected later was in
            // force from its first commit on.
            let in_force = doc.versions.iter().zip(&self.places[d]).rev().find(|(_, p)| {
                p.since == at.id() || repo.graph_descendant_of(at.id(), p.since).unwrap_or(false)
            });
            in_force.map(|(v, _)| v).ok_or_else(|| Error::UnknownVersion {
                doc: doc.id.to_string(),
                version: name.to_string(),
                instead: format!("the file has no version at {} or before it", &at.id().to_string()[..7]),
            })
        })
    }

    /// A versions folder's reviewed alignments, as committed at HEAD.
    fn alignments(&self, doc: &DocInfo, old: &str, new: &str) -> Result<Option<(PathBuf, String)>> {
        let Some(folder) = self.folders.get(&doc.id) else { return Ok(None) };
        let repo = self.repo.lock().unwrap_or_else(|e| e.into_inner());
        let head = repo.head().and_then(|h| h.peel_to_tree()).map_err(git(&self.path, "read HEAD"))?;
        let found = crate::store::folders::alignments(&repo, &head, folder, old, new)?;
        Ok(found.map(|(file, text)| (self.path.join(file), text)))
    }

    fn read(&self, doc: &DocInfo, version: &VersionInfo) -> Result<Text> {
        let (d, i) = crate::source::locate(&self.docs, doc, version)?;
        let repo = self.repo.lock().unwrap_or_else(|e| e.into_inner());
        let Place { blob, path: file, .. } = &self.places[d][i];
        let blob = repo.find_blob(*blob).map_err(Error::git("read text"))?;
        let origin = PathBuf::from(format!("{}@{}", self.path.join(file).display(), version.label()));
        let decoded = crate::input::decode(blob.content(), &origin)?;
        Ok(Text { text: decoded.text, origin, notices: decoded.notices })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree of `(name, content)` files, a name ending in `/` being a folder of the files
    /// that follow with a deeper indent (`"  "`).
    fn tree(repo: &Repository, entries: &[(&str, &str)]) -> Oid {
        fn build(repo: &Repository, entries: &[(&str, &str)], depth: usize) -> Oid {
            let indent = "  ".repeat(depth);
            let mut b = repo.treebuilder(None).unwrap();
            let mut i = 0;
            while i < entries.len() {
                let name = entries[i].0.strip_prefix(&indent).unwrap();
                if let Some(folder) = name.strip_suffix('/') {
                    let deeper = format!("{indent}  ");
                    let end = (i + 1..entries.len())
                        .find(|&j| !entries[j].0.starts_with(&deeper))
                        .unwrap_or(entries.len());
                    b.insert(folder, build(repo, &entries[i + 1..end], depth + 1), 0o040000).unwrap();
                    i = end;
                } else {
                    b.insert(name, repo.blob(entries[i].1.as_bytes()).unwrap(), 0o100644).unwrap();
                    i += 1;
                }
            }
            b.write().unwrap()
        }
        build(repo, entries, 0)
    }

    /// Names that sort differently as files and as folders (`a-b` < `a.txt` < `a/` in
    /// git's order): the merges of sorted entries find exactly what lookups by name find.
    #[test]
    fn changes_between_trees_are_read_in_gits_order() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let old = tree(
            &repo,
            &[
                ("a-b.txt", "1"),
                ("a.txt", "2"),
                ("a/", ""),
                ("  x.txt", "3"),
                ("  y.txt", "4"),
                ("b.txt", "5"),
            ],
        );
        let new = tree(
            &repo,
            &[
                ("a-b.txt", "changed"),
                ("a/", ""),
                ("  y.txt", "4"),
                ("  z.txt", "3"),
                ("a0.txt", "new"),
                ("c/", ""),
                ("  b.txt", "5"),
            ],
        );
        let (old, new) = (repo.find_tree(old).unwrap(), repo.find_tree(new).unwrap());
        let mut changed = Vec::new();
        changed_blobs(&new, Some(&old), |name, _| changed.push(String::from_utf8_lossy(name).into_owned()));
        assert_eq!(changed, ["a-b.txt", "a0.txt"]);
        let (mut added, mut deleted) = (Vec::new(), Vec::new());
        added_and_deleted(&repo, Some(&old), Some(&new), "", &mut added, &mut deleted).unwrap();
        let paths = |v: &[(String, Oid)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&added), ["a/z.txt", "a0.txt", "c/b.txt"]);
        assert_eq!(paths(&deleted), ["a.txt", "a/x.txt", "b.txt"]);
        let renamed = renamed_files(&repo, &old, &new).unwrap();
        assert_eq!(renamed.get("a/z.txt").map(String::as_str), Some("a/x.txt"));
        assert_eq!(renamed.get("c/b.txt").map(String::as_str), Some("b.txt"));
        assert_eq!(renamed.len(), 2, "{renamed:?}");
    }

    #[test]
    fn ids_and_labels_are_safe() {
        assert_eq!(id_from_path("laws/State_Secrets.md").as_str(), "state-secrets");
        // Names in another script stay apart, and keep the same id from run to run.
        let (a, b) = (id_from_path("行政法/密码法.md"), id_from_path("行政法/保守国家秘密法.md"));
        assert_ne!(a, b);
        assert_eq!(a.as_str(), "doc-8ce47280");
        assert_eq!(a, id_from_path("行政法/密码法.md"));
        assert_eq!(id_from_path("laws/v2_密码法.md").as_str().split('-').next(), Some("v2"));
        assert_eq!(label_from_tag("releases/v1.0").unwrap().as_str(), "releases-v1.0");
        assert!(label_from_tag("..").is_none());
    }
}
