//! Any git repository of texts as a source: the versions of a file are the commits that
//! changed it.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use git2::{Oid, Repository, Sort};

use crate::error::{Error, Result};
use crate::meta::{DocId, VersionLabel, VersionMeta};
use crate::model::{Date, Kind};
use crate::source::{DocInfo, Source, Text, VersionInfo};

/// A file's history in a repository.
pub struct RepoSource {
    path: PathBuf,
    repo: Mutex<Repository>,
    docs: Vec<DocInfo>,
    blobs: Vec<Oid>,
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

/// The amending act a commit names: `Amended-By:` (a lexdiff store) or `Source-Id:`
/// (the identifier of the reform, in the legalize repositories).
fn amending_act(commit: &git2::Commit<'_>) -> Option<String> {
    let message = commit.message().unwrap_or_default();
    ["Amended-By", "Source-Id"].iter().find_map(|key| super::trailer(message, key)).map(str::to_string)
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
    /// Reads the history of `file` (a path inside the repository) from HEAD.
    pub fn open(repo_path: &Path, file: &str, kind: Kind) -> Result<RepoSource> {
        let repo = Repository::open(repo_path).map_err(|e| Error::Store {
            path: repo_path.into(),
            message: format!("is not a git repository: {}", e.message()),
        })?;
        let (infos, blobs) = history(&repo, repo_path, file, kind)?;
        Ok(RepoSource { path: repo_path.into(), repo: Mutex::new(repo), docs: vec![infos], blobs })
    }
}

/// The versions of one file, oldest first, and their blobs.
pub fn history(repo: &Repository, repo_path: &Path, file: &str, kind: Kind) -> Result<(DocInfo, Vec<Oid>)> {
    let git = |what: &str| Error::git(format!("{}: {what}", repo_path.display()));
    let mut walk = repo.revwalk().map_err(git("walk"))?;
    walk.push_head().map_err(git("read HEAD"))?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE).map_err(git("walk"))?;
    // Tags by the commit they point to.
    let mut tags: Vec<(Oid, String)> = Vec::new();
    repo.tag_foreach(|oid, name| {
        let name = String::from_utf8_lossy(name).trim_start_matches("refs/tags/").to_string();
        if let Ok(obj) = repo.find_object(oid, None)
            && let Ok(c) = obj.peel_to_commit()
        {
            tags.push((c.id(), name));
        }
        true
    })
    .map_err(git("read tags"))?;
    tags.sort();
    let mut versions: Vec<VersionInfo> = Vec::new();
    let mut blobs = Vec::new();
    let mut last_blob: Option<Oid> = None;
    for oid in walk {
        let oid = oid.map_err(git("walk"))?;
        let commit = repo.find_commit(oid).map_err(git("read commit"))?;
        let blob = commit.tree().ok().and_then(|t| t.get_path(Path::new(file)).ok()).map(|e| e.id());
        let Some(blob) = blob else {
            last_blob = None;
            continue;
        };
        if Some(blob) == last_blob {
            continue;
        }
        last_blob = Some(blob);
        let date = legal_date(&commit).ok_or_else(|| Error::Store {
            path: repo_path.into(),
            message: format!("commit {oid} has an impossible date"),
        })?;
        let tag = tags.iter().find(|(c, _)| *c == oid).and_then(|(_, n)| label_from_tag(n));
        let mut label = match tag {
            Some(l) => l,
            None => VersionLabel::new(&date.to_string()).expect("a date is a valid label"),
        };
        // Two versions on one day: 2024-03-01, 2024-03-01-2, …
        let base = label.clone();
        let mut n = 2;
        while versions.iter().any(|v| v.meta.label == label) {
            label = VersionLabel::new(&format!("{base}-{n}")).expect("a suffixed label is valid");
            n += 1;
        }
        versions.push(VersionInfo {
            meta: VersionMeta {
                label,
                adopted: date,
                effective: None,
                source: format!("git {} {oid} {file}", repo_path.display()),
                amended_by: amending_act(&commit),
                notes: commit.summary().ok().flatten().map(str::to_string),
                expect: None,
            },
            commit: Some(oid.to_string()),
        });
        blobs.push(blob);
    }
    if versions.is_empty() {
        return Err(Error::Store {
            path: repo_path.into(),
            message: format!("no commit on HEAD contains {file}"),
        });
    }
    let latest = repo.find_blob(*blobs.last().expect("non-empty")).map_err(git("read text"))?;
    let latest = String::from_utf8_lossy(latest.content());
    let title = (kind == Kind::Law)
        .then(|| crate::parse::law_title(&latest))
        .flatten()
        .unwrap_or_else(|| file.to_string());
    // Nothing states the language: Chinese when the text is, else undetermined (a
    // legalize-es repository is not Chinese).
    let language = if latest.chars().any(crate::diff::is_han) { "zh" } else { "und" };
    let info = DocInfo {
        id: id_from_path(file),
        title,
        kind,
        language: language.into(),
        offset_minutes: 8 * 60,
        versions,
    };
    Ok((info, blobs))
}

impl Source for RepoSource {
    fn documents(&self) -> &[DocInfo] {
        &self.docs
    }

    fn read(&self, doc: &DocInfo, version: &VersionInfo) -> Result<Text> {
        let i = doc.versions.iter().position(|v| v.label() == version.label()).ok_or_else(|| {
            Error::UnknownVersion {
                doc: doc.id.to_string(),
                version: version.label().into(),
                known: String::new(),
            }
        })?;
        let repo = self.repo.lock().unwrap_or_else(|e| e.into_inner());
        let blob = repo.find_blob(self.blobs[i]).map_err(Error::git("read text"))?;
        let origin = PathBuf::from(format!("{}@{}", self.path.display(), version.label()));
        let decoded = crate::input::decode(blob.content(), &origin)?;
        Ok(Text { text: decoded.text, origin, notices: decoded.notices })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
