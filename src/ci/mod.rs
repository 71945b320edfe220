//! `lexdiff ci`: report on the texts that gained versions between two commits of a git
//! repository (a repository of texts, or the lexdiff store), for pull requests and CI.
//!
//! A document is a `.txt`, `.md` or `.docx` file that changed between base and head and is a law
//! (it has articles) or a report (numbered sections), or is of the kind given; other
//! changed files are listed as skipped. Its new versions are the commits after base that
//! changed it, each compared with the one before (the first with the file as it was at
//! base). A lexdiff versions folder committed to the repository (`versions/<doc>/` with
//! its `document.yaml`) is read as lexdiff reads it, a file per version (`folders`).
//! Outputs, in one folder:
//!
//! - `site/`: the report site for those documents (same pages as `lexdiff build`);
//! - `summary.md`: a Markdown summary fit for a pull-request comment;
//! - `summary.json`: the same as data (schema: `docs/ci-summary.schema.json`).
//!
//! `--shard K/N` keeps the documents whose id hashes to K of N (FNV-1a), so a corpus can
//! be split across runners; [`merge`] assembles shard outputs into the output one run
//! would have written, byte for byte.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use git2::{Delta, Oid, Repository};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::align::{Overrides, RowKind};
use crate::compare::{CompareOptions, Comparison, Header, Side, compare};
use crate::error::{Diagnostics, Error, Result};
use crate::meta::{DocId, VersionLabel, VersionMeta};
use crate::model::{Date, Document, Kind};
use crate::parse::{no_articles, parse, parse_detecting};
use crate::render::html::Templates;
use crate::render::{self, markdown};
use crate::site::search::IndexBuilder;
use crate::site::{
    IndexEntry, Loaded, Page, SiteOptions, common_pages, document_pages, search_keys, span_of, write_site,
};
use crate::source::{DocInfo, VersionInfo};
use crate::store::folders::{BuiltSites, DocumentFolders, tree_blob};
pub use crate::store::repo::id_for_path;
use crate::store::repo::{Found, brought_by};

mod folders;

/// The version of the summary format.
pub const SUMMARY_VERSION: u32 = 1;

/// Articles listed per comparison in the summary.
pub const TOP_CHANGES: usize = 5;

/// Settings of a CI run.
#[derive(Debug, Clone)]
pub struct CiOptions {
    pub base: String,
    pub head: String,
    /// `(k, n)`: process shard k of n (1-based).
    pub shard: Option<(u32, u32)>,
    /// Parse every changed text as this kind (default: the store's kind, else a law when
    /// the newest text has articles, a report when it has numbered sections; files with
    /// neither are skipped).
    pub kind: Option<Kind>,
    /// Prefix of the report links in the Markdown summary (a Pages URL); relative when
    /// empty.
    pub link_base: String,
    pub compare: CompareOptions,
    /// Only files at or under these paths of the repository (`laws/x.md`, `laws/`); all
    /// when empty or `.`.
    pub within: Vec<String>,
    /// Today, for the checks of a versions folder's `document.yaml` (no version adopted
    /// in the future).
    pub today: Date,
}

/// Whether `path` is `p` or lies under it (`.` and the empty path hold everything).
fn within(path: &str, p: &str) -> bool {
    let p = p.trim_matches('/');
    p.is_empty() || p == "." || path == p || path.strip_prefix(p).is_some_and(|rest| rest.starts_with('/'))
}

/// A changed file that is not reported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// One changed article in the summary, or one split or merge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopChange {
    /// The old article's label; a split's or merge's labels joined by `, `.
    pub old: Option<String>,
    pub new: Option<String>,
    pub kind: RowKind,
    pub chars_deleted: usize,
    pub chars_inserted: usize,
    /// Markdown excerpt: `~~deleted~~` and `<ins>inserted</ins>` with some context.
    pub excerpt: String,
}

/// One comparison in the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComparisonSummary {
    pub old: String,
    pub new: String,
    /// The report, relative to the output folder.
    pub href: String,
    pub counts: BTreeMap<RowKind, usize>,
    pub chars_deleted: usize,
    pub chars_inserted: usize,
    /// Rows other than `unchanged`.
    pub changed_rows: usize,
    pub top: Vec<TopChange>,
    /// What a reader must know of the two texts when they are not the law as it stood at
    /// their dates ([`crate::compare::Header::caveats`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caveats: Vec<String>,
    /// The old and the new title, when the law was renamed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_changed: Option<TitleChange>,
    /// Headings (编, 章, 节) retitled, added or deleted.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub headings_changed: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A document's title before and after a renaming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TitleChange {
    pub old: String,
    pub new: String,
}

/// One version in the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionSummary {
    pub label: String,
    pub adopted: String,
    pub commit: String,
}

/// One document in the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentSummary {
    pub id: String,
    pub title: String,
    pub kind: Kind,
    /// The file in the repository, or the document folder of a lexdiff versions folder
    /// (`versions/state-secrets-law`).
    pub path: String,
    /// The file's path at base, when it was renamed or moved since (as git's rename
    /// detection finds it); its version at base is read from there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// The version at base (if the file existed) and the new versions, oldest first.
    pub versions: Vec<VersionSummary>,
    pub comparisons: Vec<ComparisonSummary>,
}

/// The summary of a CI run (`summary.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub version: u32,
    pub base: String,
    pub head: String,
    /// Whether any legal text changed (the exit code is 1 when it did).
    pub changed: bool,
    pub documents: Vec<DocumentSummary>,
    pub skipped: Vec<Skipped>,
    /// Changed files whose text could not be read or parsed: listed in `skipped` too (so
    /// the summary stays in its schema), and an error for the run once everything else is
    /// written.
    #[serde(skip)]
    pub failed: Vec<String>,
}

/// FNV-1a, for a shard assignment that does not depend on the other documents.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf29ce484222325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3))
}

/// Whether a document belongs to shard `k` of `n`.
pub fn in_shard(id: &str, (k, n): (u32, u32)) -> bool {
    fnv1a(id) % u64::from(n) == u64::from(k - 1)
}

/// A version of a file at a commit.
struct FileVersion {
    commit: Oid,
    label: String,
    adopted: Date,
    text: String,
}

fn commit_date(c: &git2::Commit<'_>) -> Date {
    crate::store::repo::legal_date(c).unwrap_or_else(|| Date::new(1970, 1, 1).expect("a date"))
}

/// A version's label: its tags' as `--repo` reads them, else `<date>-<commit>` (only the
/// versions since base are read, so `--repo`'s `<date>-2` for a second version of a day
/// cannot be counted here). `--repo` commands accept both forms.
fn label_for(tags: &BTreeMap<Oid, Vec<String>>, commit: Oid, date: Date, id: &str) -> String {
    let from_tag = tags.get(&commit).and_then(|names| crate::store::repo::label_from_tags(names, id));
    from_tag.map_or_else(|| format!("{date}-{}", &commit.to_string()[..7]), |l| l.to_string())
}

/// Blob of `path` in a commit's tree.
fn blob_at(c: &git2::Commit<'_>, path: &str) -> Option<Oid> {
    tree_blob(&c.tree().ok()?, path)
}

fn read_text(repo: &Repository, blob: Oid, origin: &Path) -> Result<String> {
    let b = repo.find_blob(blob).map_err(Error::git("read text"))?;
    Ok(crate::input::decode(b.content(), origin)?.text)
}

/// Runs CI over `repo_path` and writes `site/`, `summary.md` and `summary.json` to `out`.
pub fn run(repo_path: &Path, opts: &CiOptions, templates: &Templates, out: &Path) -> Result<Summary> {
    crate::store::repo::read_like_git();
    let repo = Repository::discover(repo_path).map_err(|e| Error::Store {
        path: repo_path.into(),
        message: format!("is not in a git repository: {}", e.message()),
    })?;
    let resolve = |spec: &str| -> Result<git2::Commit<'_>> {
        repo.revparse_single(spec)
            .and_then(|o| o.peel_to_commit())
            .map_err(|e| Error::Usage(format!("cannot resolve `{spec}`: {}", e.message())))
    };
    let (base, head) = (resolve(&opts.base)?, resolve(&opts.head)?);
    let mut changes = changes(&repo, repo_path, &base, &head, &opts.within)?;
    changes.paths.retain(|p| opts.shard.is_none_or(|s| in_shard(id_for_path(p).as_str(), s)));
    // A versions folder's document is named by its folder, as in the versions folder.
    let folder_id = |f: &str| f.rsplit('/').next().unwrap_or(f).to_string();
    changes.folders.retain(|f, _| opts.shard.is_none_or(|s| in_shard(&folder_id(f), s)));
    let (loaded, skipped, failed) = load_texts(&repo, &base, &head, &mut changes, opts)?;
    let documents: Vec<DocumentSummary> = loaded
        .iter()
        .map(|(path, l)| document_summary(path, changes.renamed.get(path).map(String::as_str), l))
        .collect();
    let summary = Summary {
        version: SUMMARY_VERSION,
        base: base.id().to_string(),
        head: head.id().to_string(),
        changed: documents.iter().any(|d| {
            d.comparisons
                .iter()
                .any(|c| c.changed_rows > 0 || c.title_changed.is_some() || c.headings_changed > 0)
                || d.versions.len() == 1
        }),
        documents,
        skipped,
        failed,
    };
    let no_overrides = |_: &DocInfo, _: &str, _: &str, _: &Document, _: &Document| Ok(Overrides::default());
    let site_opts = SiteOptions {
        title: SITE_TITLE.into(),
        store: Some(head.id().to_string()[..12].to_string()),
        compare: opts.compare.clone(),
        overrides: &no_overrides,
        progress: &|_, _| {},
        feeds: None,
    };
    // The search keys document_pages gives are left: `write_output` reads every
    // document's keys back from its script, as a merge of shards must, so that one run
    // and a merge make the index one way.
    let doc_pages: Vec<Vec<Page>> = loaded
        .par_iter()
        .map(|(_, l)| Ok(document_pages(l, templates, &site_opts)?.0))
        .collect::<Result<_>>()?;
    let pages: Vec<Page> = doc_pages.into_iter().flatten().collect();
    write_output(out, &summary, pages, templates, &site_opts.store, &opts.link_base)?;
    Ok(summary)
}

/// The texts changed between base and head, each with its versions since base.
struct Changes {
    /// In path order.
    paths: Vec<String>,
    /// The name at base of a text renamed or moved since.
    renamed: BTreeMap<String, String>,
    histories: BTreeMap<String, Vec<Found>>,
    /// Texts deleted (not moved), and the report sites lexdiff built that changed.
    set_aside: Vec<Skipped>,
    /// The versions folders' documents with new or corrected versions: each document
    /// folder with the labels of those versions.
    folders: BTreeMap<String, BTreeSet<String>>,
}

/// The texts `within` that changed between base and head, with the versions of each from
/// one walk over the commits after base. A text renamed or moved since base is compared
/// with its text at base under the old name, followed commit by commit as `git log
/// --follow` does (a file moved and then rewritten is followed even when its texts at base
/// and head have little in common).
fn changes(
    repo: &Repository,
    repo_path: &Path,
    base: &git2::Commit<'_>,
    head: &git2::Commit<'_>,
    within: &[String],
) -> Result<Changes> {
    let (base_tree, head_tree) =
        (base.tree().map_err(Error::git("base tree"))?, head.tree().map_err(Error::git("head tree"))?);
    let diff = repo
        .diff_tree_to_tree(Some(&base_tree), Some(&head_tree), None)
        .map_err(Error::git("diff base..head"))?;
    let mut document_folders = DocumentFolders::new(repo, &head_tree);
    let (mut paths, mut deleted) = changed_texts(&diff, within, |p| {
        crate::input::is_text_file_name(p) || document_folders.version_file(p).is_some()
    });
    // The reports of a site lexdiff built (and committed to publish it) are no texts.
    let (mut at_head, mut at_base) = (BuiltSites::new(repo, &head_tree), BuiltSites::new(repo, &base_tree));
    let mut sites: BTreeMap<String, usize> = BTreeMap::new();
    let mut in_site = |p: &String, built: &mut BuiltSites<'_, '_>| {
        let root = built.root_of(p);
        root.map(|r| *sites.entry(r).or_default() += 1).is_some()
    };
    paths.retain(|p| !in_site(p, &mut at_head));
    deleted.retain(|p| !in_site(p, &mut at_head) && !in_site(p, &mut at_base));
    let mut folders: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    paths.retain(|p| match document_folders.version_file(p) {
        Some((folder, label)) => {
            folders.entry(folder.to_string()).or_default().insert(label.to_string());
            false
        }
        None => true,
    });
    let names: Vec<&str> = paths.iter().map(String::as_str).collect();
    let found = crate::store::repo::file_histories(repo, repo_path, &names, head.id(), Some(base.id()))?;
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    let mut histories: BTreeMap<String, Vec<Found>> = BTreeMap::new();
    for (path, (versions, earliest)) in paths.iter().zip(found) {
        if earliest != *path && blob_at(base, &earliest).is_some() {
            renamed.insert(path.clone(), earliest);
        }
        histories.insert(path.clone(), versions);
    }
    let sources: std::collections::HashSet<&str> = renamed.values().map(String::as_str).collect();
    let deleted = deleted
        .into_iter()
        .filter(|path| !sources.contains(path.as_str()))
        .map(|path| Skipped { path, reason: "deleted".into() });
    let sites = sites.into_iter().map(|(root, n)| Skipped {
        path: format!("{root}/"),
        reason: format!("a report site lexdiff built: its {n} changed report file(s) are not texts"),
    });
    let set_aside = deleted.chain(sites).collect();
    Ok(Changes { paths, renamed, histories, set_aside, folders })
}

/// The texts loaded, by path; those skipped; the errors of those that do not read.
type LoadedTexts = (Vec<(String, Loaded)>, Vec<Skipped>, Vec<String>);

/// Loads each changed text's versions, its version at base first, labelled by the commit
/// that brought it. Returns the texts skipped with why (sorted by path, the deleted ones
/// included) and the errors of texts that do not read, which fail the run once the others
/// are reported.
fn load_texts(
    repo: &Repository,
    base: &git2::Commit<'_>,
    head: &git2::Commit<'_>,
    changes: &mut Changes,
    opts: &CiOptions,
) -> Result<LoadedTexts> {
    let at_base: Vec<Option<(&str, Oid)>> = changes
        .paths
        .iter()
        .map(|p| {
            let name = changes.renamed.get(p).map_or(p.as_str(), String::as_str);
            blob_at(base, name).map(|blob| (name, blob))
        })
        .collect();
    let since = brought_by(repo, base, &at_base.iter().flatten().copied().collect::<Vec<_>>())?;
    let mut since = since.into_iter();
    let tags = crate::store::repo::tags_by_commit(repo)?;
    let mut loaded = Vec::new();
    let mut skipped = std::mem::take(&mut changes.set_aside);
    let mut failed = Vec::new();
    for (path, at_base) in changes.paths.iter().zip(at_base) {
        let at_base =
            at_base.map(|(name, blob)| (name, blob, since.next().expect("one commit per text at base")));
        let versions = changes.histories.remove(path).unwrap_or_default();
        match load_file(repo, path, at_base, versions, &tags, opts) {
            Ok(Ok(l)) => loaded.push((path.clone(), l)),
            Ok(Err(reason)) => skipped.push(Skipped { path: path.clone(), reason }),
            Err(e @ (Error::Parse(_) | Error::Input { .. })) => {
                skipped.push(Skipped { path: path.clone(), reason: format!("does not read: {e}") });
                failed.push(e.to_string());
            }
            Err(e) => return Err(e),
        }
    }
    let base_tree = base.tree().map_err(Error::git("base tree"))?;
    for (folder, labels) in &changes.folders {
        let labels: BTreeSet<&str> = labels.iter().map(String::as_str).collect();
        match folders::load_folder(repo, &base_tree, head, folder, &labels, opts) {
            Ok(Ok(l)) => loaded.push((folder.clone(), l)),
            Ok(Err(reason)) => skipped.push(Skipped { path: folder.clone(), reason }),
            Err(e @ (Error::Parse(_) | Error::Input { .. } | Error::Meta { .. } | Error::Store { .. })) => {
                skipped.push(Skipped { path: folder.clone(), reason: format!("does not read: {e}") });
                failed.push(e.to_string());
            }
            Err(e) => return Err(e),
        }
    }
    loaded.sort_by(|a, b| a.0.cmp(&b.0));
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((loaded, skipped, failed))
}

/// The texts (files `text_like` accepts) a diff of base and head added or changed (renamed
/// and copied ones included), in path order, and those it deleted; only those at or under
/// `within_paths`, if any.
fn changed_texts(
    diff: &git2::Diff<'_>,
    within_paths: &[String],
    mut text_like: impl FnMut(&str) -> bool,
) -> (Vec<String>, Vec<String>) {
    let (mut paths, mut deleted) = (Vec::new(), Vec::new());
    for d in diff.deltas() {
        let Some(path) = d.new_file().path().map(|p| p.to_string_lossy().replace('\\', "/")) else {
            continue;
        };
        if !within_paths.is_empty() && !within_paths.iter().any(|p| within(&path, p)) {
            continue;
        }
        let text_like = text_like(&path);
        match d.status() {
            Delta::Deleted if text_like => deleted.push(path),
            Delta::Added | Delta::Modified | Delta::Renamed | Delta::Copied if text_like => paths.push(path),
            _ => {}
        }
    }
    paths.sort();
    (paths, deleted)
}

/// The title of CI sites.
pub const SITE_TITLE: &str = "lexdiff CI reports";

/// Writes site and summaries into `out` (the site swapped in whole).
fn write_output(
    out: &Path,
    summary: &Summary,
    mut pages: Vec<Page>,
    templates: &Templates,
    store: &Option<String>,
    link_base: &str,
) -> Result<()> {
    let entries: Vec<IndexEntry> = summary
        .documents
        .iter()
        .map(|d| IndexEntry {
            id: d.id.clone(),
            title: d.title.clone(),
            versions: d.versions.iter().map(|v| v.label.clone()).collect(),
            latest: d.comparisons.last().map(|c| c.counts.clone()).unwrap_or_default(),
            renamed: d.comparisons.last().is_some_and(|c| c.title_changed.is_some()),
            headings: d.comparisons.last().map_or(0, |c| c.headings_changed),
            feed: Vec::new(),
        })
        .collect();
    let index = IndexBuilder::new(entries.len());
    let mut listed = Vec::with_capacity(entries.len());
    for (n, e) in (0u32..).zip(&entries) {
        index.add(n, search_keys(&e.id, &pages)?);
        listed.push((n, e.id.as_str(), e.title.as_str()));
    }
    let index_pages = std::sync::Mutex::new(Vec::new());
    index.write(&listed, &|page| {
        index_pages.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(page);
        Ok(())
    })?;
    pages.extend(index_pages.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner));
    pages.extend(common_pages(&entries, templates, SITE_TITLE, store, None)?);
    std::fs::create_dir_all(out).map_err(Error::write(out))?;
    write_site(&out.join("site"), &pages)?;
    let mut json = serde_json::to_string_pretty(summary).expect("the summary serialises");
    json.push('\n');
    crate::fsutil::write_generated(&out.join("summary.json"), json.as_bytes())?;
    crate::fsutil::write_generated(&out.join("summary.md"), markdown_summary(summary, link_base).as_bytes())?;
    Ok(())
}

/// Loads a changed text and compares its versions: its version at base (`at_base`: its
/// name and blob there, and the commit that brought that blob) and the versions since.
/// `Ok(Err(reason))` skips the file.
fn load_file(
    repo: &Repository,
    path: &str,
    at_base: Option<(&str, Oid, Oid)>,
    since_base: Vec<Found>,
    tags: &BTreeMap<Oid, Vec<String>>,
    opts: &CiOptions,
) -> Result<std::result::Result<Loaded, String>> {
    let id = id_for_path(path);
    let versions = match file_versions(repo, &id, path, at_base, since_base, tags)? {
        Ok(versions) => versions,
        Err(skip) => return Ok(Err(skip)),
    };
    let head_tree = repo
        .find_commit(versions.last().expect("a version").commit)
        .and_then(|c| c.tree())
        .map_err(Error::git("tree"))?;
    let stored = crate::store::repo::stored_meta(repo, &head_tree, path);
    let declared = opts.kind.or(stored.as_ref().map(|m| m.kind));
    let (kind, docs) = match parse_versions(&versions, path, declared)? {
        Ok(parsed) => parsed,
        Err(skip) => return Ok(Err(skip)),
    };
    let title = stored
        .as_ref()
        .map(|m| m.title.clone())
        // The newest version's title, or an earlier one's when it opens without one.
        .or_else(|| docs.iter().rev().find_map(|d| d.title.clone()))
        .unwrap_or_else(|| path.to_string());
    let info = DocInfo {
        id,
        title,
        kind,
        language: "zh".into(),
        offset_minutes: 8 * 60,
        versions: versions
            .iter()
            .map(|v| VersionInfo {
                meta: VersionMeta {
                    label: VersionLabel::new(&v.label)
                        .unwrap_or_else(|_| VersionLabel::new("version").expect("valid")),
                    adopted: v.adopted,
                    effective: None,
                    source: format!("{path}@{}", v.commit),
                    amended_by: None,
                    notes: None,
                    expect: None,
                },
                commit: Some(v.commit.to_string()),
            })
            .collect(),
    };
    let pair = |i: usize, j: usize| {
        let side = |v: &VersionInfo| Side {
            label: v.label().to_string(),
            adopted: Some(v.meta.adopted),
            ..Side::default()
        };
        let header = Header {
            document: info.id.to_string(),
            title: info.title.clone(),
            old: side(&info.versions[i]),
            new: side(&info.versions[j]),
            language: info.language.clone(),
        };
        compare(header, &docs[i], &docs[j], &Overrides::default(), &opts.compare)
    };
    let (comparisons, span) = rayon::join(
        || (1..docs.len()).into_par_iter().map(|i| pair(i - 1, i)).collect::<Vec<Comparison>>(),
        || span_of(docs.len()).map(|(i, j)| pair(i, j)),
    );
    Ok(Ok(Loaded { info, docs, comparisons, span }))
}

/// The texts of a changed file: at base, labelled by the commit that last changed it,
/// then at each commit since that changed it (a text changed back to the one before is
/// no new version), each with a label of its own. `Ok(Err(reason))` when there is no
/// new version, as when a rename kept the text.
fn file_versions(
    repo: &Repository,
    id: &DocId,
    path: &str,
    at_base: Option<(&str, Oid, Oid)>,
    since_base: Vec<Found>,
    tags: &BTreeMap<Oid, Vec<String>>,
) -> Result<std::result::Result<Vec<FileVersion>, String>> {
    let mut versions: Vec<FileVersion> = Vec::new();
    let base_blob = at_base.map(|(_, blob, _)| blob);
    if let Some((name, blob, since)) = at_base {
        let c = repo.find_commit(since).map_err(Error::git("read commit"))?;
        let origin = PathBuf::from(format!("{name}@{}", &since.to_string()[..7]));
        let date = commit_date(&c);
        versions.push(FileVersion {
            commit: since,
            label: label_for(tags, since, date, id.as_str()),
            adopted: date,
            text: read_text(repo, blob, &origin)?,
        });
    }
    let mut last = base_blob;
    for v in since_base {
        if Some(v.blob) == last {
            continue;
        }
        last = Some(v.blob);
        let origin = PathBuf::from(format!("{}@{}", v.path, &v.commit.to_string()[..7]));
        let date = v.info.meta.adopted;
        versions.push(FileVersion {
            commit: v.commit,
            label: label_for(tags, v.commit, date, id.as_str()),
            adopted: date,
            text: read_text(repo, v.blob, &origin)?,
        });
    }
    if versions.len() < 2 && base_blob.is_some() {
        return Ok(Err(match at_base.map(|(name, _, _)| name).filter(|name| *name != path) {
            Some(from) => format!("renamed from {from}, text unchanged"),
            None => "no new version".into(),
        }));
    }
    // Labels must be unique.
    for i in 1..versions.len() {
        let mut n = 2;
        let base_label = versions[i].label.clone();
        while versions[..i].iter().any(|v| v.label == versions[i].label) {
            versions[i].label = format!("{base_label}-{n}");
            n += 1;
        }
    }
    Ok(Ok(versions))
}

/// Parses every version as the kind `declared` (given, or the store's); else as the
/// newest text's: a law when it has articles, a report when it has numbered sections. A
/// text with neither (a README) is not compared unless asked for: `Ok(Err(reason))`.
fn parse_versions(
    versions: &[FileVersion],
    path: &str,
    declared: Option<Kind>,
) -> Result<std::result::Result<(Kind, Vec<Document>), String>> {
    // The newest text, when read to find the kind, is not parsed again.
    let (kind, mut newest) = match declared {
        Some(kind) => (kind, None),
        None => match parse_detecting(&versions.last().expect("a version").text) {
            (Kind::Plain, _) => {
                return Ok(Err(
                    "no articles and no numbered sections (give --kind plain to compare it anyway)".into(),
                ));
            }
            (kind, parsed) => (kind, Some(parsed)),
        },
    };
    let mut docs = Vec::with_capacity(versions.len());
    let last = versions.len() - 1;
    for (i, v) in versions.iter().enumerate() {
        let origin = PathBuf::from(format!("{path}@{}", &v.commit.to_string()[..7]));
        let parsed = if i == last { newest.take() } else { None };
        match parsed.unwrap_or_else(|| parse(&v.text, kind)) {
            Ok(p) => docs.push(p.document),
            Err(items) => {
                // An older version of a law without articles (a placeholder): the file
                // was not one document all along.
                let not_law = declared.is_none() && no_articles(&items);
                if not_law {
                    return Ok(Err(format!(
                        "the newest version is a law, but {} has no articles (give --kind to compare it anyway)",
                        origin.display()
                    )));
                }
                return Err(Error::Parse(Diagnostics { path: origin, items }));
            }
        }
    }
    Ok(Ok((kind, docs)))
}

/// The comparison's most changed rows, a split or merge counting as one: its articles'
/// characters lost and gained against all their partners, as the report counts them.
fn top_changes(c: &Comparison) -> Vec<TopChange> {
    let mut changes: Vec<(usize, TopChange)> = render::entries(c)
        .into_iter()
        .filter_map(|members| {
            let r = &c.rows[members[0]];
            if r.group.is_some() {
                return group_top_change(c, &members).map(|t| (members[0], t));
            }
            if matches!(r.kind, RowKind::Unchanged | RowKind::Renumbered) || r.reference_only {
                return None;
            }
            let (chars_deleted, chars_inserted) = match (&r.old, &r.new, &r.diff) {
                (Some(_), Some(_), Some(d)) => (d.deleted_chars, d.inserted_chars),
                (Some(o), None, _) => (o.char_count(), 0),
                (None, Some(n), _) => (0, n.char_count()),
                _ => (0, 0),
            };
            let change = TopChange {
                old: r.old.as_ref().map(|u| u.label.clone()),
                new: r.new.as_ref().map(|u| u.label.clone()),
                kind: r.kind,
                chars_deleted,
                chars_inserted,
                excerpt: markdown::change(r, Some(12)),
            };
            Some((members[0], change))
        })
        .collect();
    changes.sort_by_key(|(i, t)| (std::cmp::Reverse(t.chars_deleted + t.chars_inserted), *i));
    changes.into_iter().take(TOP_CHANGES).map(|(_, t)| t).collect()
}

/// A split or merge as one change (its labels joined: `35, 36`), unless it only
/// renumbered references.
fn group_top_change(c: &Comparison, members: &[usize]) -> Option<TopChange> {
    if render::Flags::of_group(c, members).reference_only {
        return None;
    }
    let (olds, news) = render::group_units(c, members);
    let labels = |units: &[render::GroupUnit]| {
        Some(units.iter().map(|g| g.unit.label.as_str()).collect::<Vec<_>>().join(", "))
    };
    let kind = if members.iter().any(|&i| c.rows[i].kind == RowKind::Split) {
        RowKind::Split
    } else {
        RowKind::Merged
    };
    let (chars_deleted, chars_inserted) = render::entry_chars(c, members);
    Some(TopChange {
        old: labels(&olds),
        new: labels(&news),
        kind,
        chars_deleted,
        chars_inserted,
        excerpt: markdown::group_change(c, members, Some(12)),
    })
}

fn document_summary(path: &str, renamed_from: Option<&str>, l: &Loaded) -> DocumentSummary {
    let id = l.info.id.to_string();
    DocumentSummary {
        title: l.info.title.clone(),
        kind: l.info.kind,
        path: path.to_string(),
        renamed_from: renamed_from.map(str::to_string),
        versions: l
            .info
            .versions
            .iter()
            .map(|v| VersionSummary {
                label: v.label().to_string(),
                adopted: v.meta.adopted.to_string(),
                commit: v.commit.clone().unwrap_or_default(),
            })
            .collect(),
        comparisons: l
            .comparisons
            .iter()
            .map(|c| ComparisonSummary {
                old: c.header.old.label.clone(),
                new: c.header.new.label.clone(),
                href: format!("site/{id}/compare/{}..{}.html", c.header.old.label, c.header.new.label),
                counts: c.stats.counts.clone(),
                chars_deleted: c.stats.chars_deleted,
                chars_inserted: c.stats.chars_inserted,
                changed_rows: c.rows.iter().filter(|r| r.kind.is_change()).count(),
                top: top_changes(c),
                caveats: c.header.caveats(),
                title_changed: c
                    .header
                    .renamed()
                    .map(|(old, new)| TitleChange { old: old.to_string(), new: new.to_string() }),
                headings_changed: c.headings.len(),
            })
            .collect(),
        id,
    }
}

/// The summary as Markdown for a pull-request comment or a job summary.
pub fn markdown_summary(s: &Summary, link_base: &str) -> String {
    let mut out = String::new();
    let short = |c: &str| c.chars().take(7).collect::<String>();
    if s.documents.is_empty() {
        let _ = writeln!(
            out,
            "### lexdiff: no legal text changed\n\nBetween `{}` and `{}`.",
            short(&s.base),
            short(&s.head)
        );
    } else {
        let _ = writeln!(
            out,
            "### lexdiff: {} document{} with new versions\n\nBetween `{}` and `{}`.\n",
            s.documents.len(),
            if s.documents.len() == 1 { "" } else { "s" },
            short(&s.base),
            short(&s.head)
        );
    }
    for d in &s.documents {
        let renamed =
            d.renamed_from.as_ref().map(|from| format!(", renamed from `{from}`")).unwrap_or_default();
        let _ = writeln!(out, "#### {} (`{}`{renamed})\n", markdown::cell(&d.title), d.path);
        if d.comparisons.is_empty() {
            let _ = writeln!(
                out,
                "New document: first version {}.\n",
                d.versions.first().map_or("", |v| v.label.as_str())
            );
        }
        for c in &d.comparisons {
            markdown_comparison(&mut out, d.kind, c, link_base);
        }
    }
    if !s.skipped.is_empty() {
        let _ =
            writeln!(out, "<details><summary>{} changed file(s) not compared</summary>\n", s.skipped.len());
        for k in &s.skipped {
            let _ = writeln!(out, "- `{}`: {}", k.path, k.reason);
        }
        let _ = writeln!(out, "\n</details>");
    }
    out
}

/// One comparison of a document in the summary: its counts, caveats, table of kinds and
/// most changed units.
fn markdown_comparison(out: &mut String, kind: Kind, c: &ComparisonSummary, link_base: &str) {
    let mut counts: Vec<String> = c
        .counts
        .iter()
        .filter(|(k, n)| **n > 0 && **k != RowKind::Unchanged)
        .map(|(k, n)| format!("{n} {k}"))
        .collect();
    if c.headings_changed > 0 {
        let n = c.headings_changed;
        counts.insert(0, format!("{n} heading{} changed", if n == 1 { "" } else { "s" }));
    }
    if let Some(t) = &c.title_changed {
        counts.insert(0, format!("renamed ~~{}~~ → {}", markdown::cell(&t.old), markdown::cell(&t.new)));
    }
    let _ = writeln!(
        out,
        "**{} → {}**: {}; {} characters deleted, {} inserted. [Full report]({link_base}{})\n",
        c.old,
        c.new,
        if counts.is_empty() { "no change".to_string() } else { counts.join(", ") },
        c.chars_deleted,
        c.chars_inserted,
        c.href
    );
    for caveat in &c.caveats {
        let _ = writeln!(out, "> **Note:** {caveat}\n");
    }
    let _ = writeln!(out, "| kind | rows |\n| --- | ---: |");
    for (k, n) in c.counts.iter().filter(|(_, n)| **n > 0) {
        let _ = writeln!(out, "| {k} | {n} |");
    }
    if !c.top.is_empty() {
        let _ = writeln!(out, "\nMost changed:\n");
        // Articles of a law, paragraphs (`¶ 3.10.2`) of a report or plain text.
        let unit = if kind == Kind::Law { "art." } else { "¶" };
        for t in &c.top {
            let names = match (&t.old, &t.new) {
                (Some(o), Some(n)) if o == n => format!("{unit} {o}"),
                (Some(o), Some(n)) => format!("{unit} {o} → {n}"),
                (Some(o), None) => format!("{unit} {o}"),
                (None, Some(n)) => format!("{unit} {n}"),
                (None, None) => String::new(),
            };
            let _ = writeln!(
                out,
                "- {names} ({}, −{} +{}): {}",
                t.kind, t.chars_deleted, t.chars_inserted, t.excerpt
            );
        }
    }
    out.push('\n');
}

/// Assembles shard outputs into one: the sites' document folders side by side, one
/// index, one summary. The result is the output one run would have written.
pub fn merge(shards: &[PathBuf], out: &Path, templates: &Templates, link_base: &str) -> Result<Summary> {
    let mut merged: Option<Summary> = None;
    let mut pages: Vec<Page> = Vec::new();
    for dir in shards {
        let path = dir.join("summary.json");
        let text = std::fs::read_to_string(&path).map_err(Error::read(&path))?;
        let s: Summary = serde_json::from_str(&text).map_err(|e| Error::Meta {
            location: crate::error::Location { path: path.clone(), line: Some(e.line()) },
            field: "summary".into(),
            message: e.to_string(),
        })?;
        match &mut merged {
            None => merged = Some(s.clone()),
            Some(m) => {
                if m.base != s.base || m.head != s.head {
                    return Err(Error::Usage(format!(
                        "{} was made for {}..{}, not {}..{}",
                        dir.display(),
                        s.base,
                        s.head,
                        m.base,
                        m.head
                    )));
                }
                m.documents.extend(s.documents.clone());
                m.skipped.extend(s.skipped.clone());
                m.changed |= s.changed;
            }
        }
        for d in &s.documents {
            let root = dir.join("site");
            collect(&root, &root.join(&d.id), &mut pages)?;
        }
    }
    let mut summary = merged.ok_or_else(|| Error::Usage("no shard folders given".into()))?;
    summary.documents.sort_by(|a, b| a.id.cmp(&b.id));
    summary.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    let store = Some(summary.head[..12.min(summary.head.len())].to_string());
    write_output(out, &summary, pages, templates, &store, link_base)?;
    Ok(summary)
}

/// Files under `dir`, as pages relative to `root`.
fn collect(root: &Path, dir: &Path, pages: &mut Vec<Page>) -> Result<()> {
    for e in std::fs::read_dir(dir).map_err(Error::read(dir))? {
        let p = e.map_err(Error::read(dir))?.path();
        if p.is_dir() {
            collect(root, &p, pages)?;
        } else {
            let bytes = std::fs::read(&p).map_err(Error::read(&p))?;
            pages.push((p.strip_prefix(root).unwrap_or(&p).to_path_buf(), bytes));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_documents() {
        let ids = ["a", "state-secrets-law", "company-law", "x-1", "laws-secrecy"];
        for id in ids {
            let hits = (1..=3).filter(|&k| in_shard(id, (k, 3))).count();
            assert_eq!(hits, 1, "{id}");
        }
    }

    #[test]
    fn ids_from_paths() {
        assert_eq!(id_for_path("laws/secrecy.txt").as_str(), "laws-secrecy");
        assert_eq!(id_for_path("state-secrets-law.txt").as_str(), "state-secrets-law");
    }
}
