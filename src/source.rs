//! Where versions are read from: the `versions/` folder, the lexdiff store, or any git
//! repository of texts. Commands that only read (list, show, diff, history, blame) take a
//! [`Source`] and do not care which.

use std::path::PathBuf;

use crate::compare::{Header, Side};
use crate::error::{Error, Result};
use crate::meta::{DocId, VersionMeta};
use crate::model::Kind;
use crate::parse::Parsed;
use crate::versions::{VersionsDir, parse_text};

/// A version as a source lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionInfo {
    pub meta: VersionMeta,
    /// The commit holding this version, for git sources.
    pub commit: Option<String>,
}

impl VersionInfo {
    pub fn label(&self) -> &str {
        self.meta.label.as_str()
    }
}

/// A document as a source lists it, versions oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocInfo {
    pub id: DocId,
    pub title: String,
    pub kind: Kind,
    pub language: String,
    /// UTC offset of legal dates in minutes.
    pub offset_minutes: i32,
    pub versions: Vec<VersionInfo>,
}

impl DocInfo {
    /// The header of a comparison of two of its versions, each side as its metadata
    /// describes it.
    pub fn header(&self, old: &VersionInfo, new: &VersionInfo) -> Header {
        Header {
            document: self.id.to_string(),
            title: self.title.clone(),
            old: Side::from(&old.meta),
            new: Side::from(&new.meta),
            language: self.language.clone(),
        }
    }

    /// A version by its label or, for git sources, by its commit: 7 or more of the
    /// commit's first hex digits (as `list` and `git log --oneline` print them), or
    /// `<date>-<commit>`, the label `lexdiff ci` gives a version no tag names.
    pub fn version(&self, label: &str) -> Result<&VersionInfo> {
        self.versions
            .iter()
            .find(|v| v.label() == label)
            .or_else(|| self.by_commit(label))
            .ok_or_else(|| self.unknown_version(label))
    }

    /// The error for a version `name` that this document does not have, listing those it has.
    fn unknown_version(&self, name: &str) -> Error {
        Error::UnknownVersion {
            doc: self.id.to_string(),
            version: name.to_string(),
            instead: format!(
                "versions: {}",
                self.versions.iter().map(|v| v.label()).collect::<Vec<_>>().join(", ")
            ),
        }
    }

    /// The one version whose commit `name` abbreviates; none when it names no commit, or
    /// more than one.
    fn by_commit(&self, name: &str) -> Option<&VersionInfo> {
        let is_commit = |s: &str| s.len() >= 7 && s.len() <= 40 && s.bytes().all(|b| b.is_ascii_hexdigit());
        let (date, hex) = match name.rsplit_once('-') {
            Some((date, hex)) if is_commit(hex) => (Some(date), hex),
            _ if is_commit(name) => (None, name),
            _ => return None,
        };
        let hex = hex.to_ascii_lowercase();
        let mut named = self.versions.iter().filter(|v| {
            v.commit.as_deref().is_some_and(|c| c.starts_with(&hex))
                && date.is_none_or(|d| d == v.meta.adopted.to_string())
        });
        let first = named.next()?;
        named.next().is_none().then_some(first)
    }

    /// The latest version.
    pub fn latest(&self) -> Option<&VersionInfo> {
        self.versions.last()
    }

    /// The version just before `label`, chronologically.
    pub fn predecessor(&self, label: &str) -> Option<&VersionInfo> {
        let i = self.versions.iter().position(|v| v.label() == label)?;
        i.checked_sub(1).map(|j| &self.versions[j])
    }
}

/// A text read from a source, with a name for messages (a path, or `store:doc@version`).
#[derive(Debug, Clone)]
pub struct Text {
    pub text: String,
    pub origin: PathBuf,
    pub notices: Vec<String>,
}

/// The hint for an unknown document id: up to three of the `known` ids that look like it
/// (a mistyped or shortened id: `state-secret` → `state-secrets-law`), best first.
pub fn did_you_mean<'a>(id: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut near: Vec<(f64, &str)> = known
        .into_iter()
        .filter_map(|k| {
            // One written inside the other counts as close as its share of the longer.
            let (short, long) = if k.len() < id.len() { (k, id) } else { (id, k) };
            let inside = if short.len() >= 4 && long.contains(short) {
                0.75 + 0.25 * short.len() as f64 / long.len() as f64
            } else {
                0.0
            };
            let score = strsim::jaro_winkler(id, k).max(inside);
            (score >= 0.85 && k != id).then_some((score, k))
        })
        .collect();
    near.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    near.dedup_by(|a, b| a.1 == b.1);
    let names: Vec<String> = near.iter().take(3).map(|(_, k)| format!("`{k}`")).collect();
    (!names.is_empty()).then(|| format!("did you mean {}?", names.join(" or ")))
}

/// Where a version is among a source's documents: (document, version) indexes, for
/// sources that keep each version's text by position.
pub(crate) fn locate(docs: &[DocInfo], doc: &DocInfo, version: &VersionInfo) -> Result<(usize, usize)> {
    let d = docs
        .iter()
        .position(|d| d.id == doc.id)
        .ok_or_else(|| Error::UnknownDocument { id: doc.id.to_string(), hint: None })?;
    let v = docs[d].versions.iter().position(|v| v.label() == version.label()).ok_or_else(|| {
        Error::UnknownVersion {
            doc: doc.id.to_string(),
            version: version.label().to_string(),
            instead: "not among the versions read".into(),
        }
    })?;
    Ok((d, v))
}

/// Something versions can be read from.
pub trait Source: Sync {
    /// All documents, sorted by id.
    fn documents(&self) -> &[DocInfo];

    /// The text of one version.
    fn read(&self, doc: &DocInfo, version: &VersionInfo) -> Result<Text>;

    /// A document by id.
    fn document(&self, id: &str) -> Result<&DocInfo> {
        self.documents().iter().find(|d| d.id.as_str() == id).ok_or_else(|| Error::UnknownDocument {
            id: id.to_string(),
            hint: did_you_mean(id, self.documents().iter().map(|d| d.id.as_str())),
        })
    }

    /// A version of `doc` by name: its label (see [`DocInfo::version`]), or whatever else
    /// the source can tell a version by.
    fn version<'d>(&self, doc: &'d DocInfo, name: &str) -> Result<&'d VersionInfo> {
        doc.version(name)
    }

    /// The reviewed alignment overrides of a version pair that the source keeps itself
    /// (`alignments/<old>..<new>.tsv` of a versions folder committed to a repository read
    /// with `--repo`): the file's path, for messages, and its text. Default: none.
    fn alignments(&self, _doc: &DocInfo, _old: &str, _new: &str) -> Result<Option<(PathBuf, String)>> {
        Ok(None)
    }

    /// Reads and parses one version.
    fn load(&self, doc: &DocInfo, version: &VersionInfo) -> Result<Parsed> {
        let t = self.read(doc, version)?;
        parse_text(&t.text, doc.kind, &t.origin)
    }
}

impl VersionsDir {
    /// The folder's documents as a source lists them.
    pub fn infos(&self) -> Vec<DocInfo> {
        self.documents
            .iter()
            .map(|d| DocInfo {
                id: d.id.clone(),
                title: d.meta.title.clone(),
                kind: d.meta.kind,
                language: d.meta.language.clone(),
                offset_minutes: d.meta.offset_minutes(),
                versions: d
                    .chronological()
                    .into_iter()
                    .map(|v| VersionInfo { meta: v.clone(), commit: None })
                    .collect(),
            })
            .collect()
    }
}

/// The `versions/` folder as a source.
pub struct FolderSource {
    pub dir: VersionsDir,
    infos: Vec<DocInfo>,
}

impl FolderSource {
    pub fn new(dir: VersionsDir) -> FolderSource {
        let infos = dir.infos();
        FolderSource { dir, infos }
    }
}

impl Source for FolderSource {
    fn documents(&self) -> &[DocInfo] {
        &self.infos
    }

    fn read(&self, doc: &DocInfo, version: &VersionInfo) -> Result<Text> {
        let d = self
            .dir
            .document(doc.id.as_str())
            .ok_or_else(|| Error::UnknownDocument { id: doc.id.to_string(), hint: None })?;
        let path = d.text_path(version.label());
        let decoded = d.read(version.label())?;
        Ok(Text { text: decoded.text, origin: path, notices: decoded.notices })
    }
}

/// The versions folder and the store together: every document and version of either;
/// a text is read from the folder when it has it (the working copy a user edits), from
/// the store otherwise (versions added with `--store-only`, or imported from elsewhere).
pub struct UnionSource {
    folder: Option<FolderSource>,
    store: Option<crate::store::StoreSource>,
    infos: Vec<DocInfo>,
}

impl UnionSource {
    pub fn new(folder: Option<FolderSource>, store: Option<crate::store::StoreSource>) -> UnionSource {
        let mut infos: Vec<DocInfo> = folder.as_ref().map(|f| f.documents().to_vec()).unwrap_or_default();
        if let Some(s) = &store {
            for sd in s.documents() {
                match infos.iter_mut().find(|d| d.id == sd.id) {
                    Some(d) => {
                        for sv in &sd.versions {
                            match d.versions.iter_mut().find(|v| v.label() == sv.label()) {
                                Some(v) => v.commit = sv.commit.clone(),
                                None => d.versions.push(sv.clone()),
                            }
                        }
                        d.versions.sort_by(|a, b| {
                            (a.meta.adopted, &a.meta.label).cmp(&(b.meta.adopted, &b.meta.label))
                        });
                    }
                    None => infos.push(sd.clone()),
                }
            }
        }
        infos.sort_by(|a, b| a.id.cmp(&b.id));
        UnionSource { folder, store, infos }
    }
}

impl Source for UnionSource {
    fn documents(&self) -> &[DocInfo] {
        &self.infos
    }

    fn read(&self, doc: &DocInfo, version: &VersionInfo) -> Result<Text> {
        if let Some(f) = &self.folder
            && let Ok(d) = f.document(doc.id.as_str())
            && let Ok(v) = d.version(version.label())
        {
            return f.read(d, v);
        }
        match &self.store {
            Some(s) => {
                let d = s.document(doc.id.as_str())?;
                s.read(d, d.version(version.label())?)
            }
            None => Err(doc.unknown_version(version.label())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggestions_are_the_ids_that_look_alike() {
        let ids = ["civil-code", "civil-procedure-law", "company-law", "criminal-law", "state-secrets-law"];
        let hint = |typed: &str| did_you_mean(typed, ids);
        assert_eq!(hint("secrets").as_deref(), Some("did you mean `state-secrets-law`?"));
        assert_eq!(hint("compnay-law").as_deref(), Some("did you mean `company-law`?"));
        // Nothing alike, or too short to be read inside another id: no hint.
        assert_eq!(hint("labor-contract"), None);
        assert_eq!(hint("law"), None);
        // At most three, best first.
        let many = ["law-a", "law-b", "law-c", "law-d"];
        assert_eq!(
            did_you_mean("law-", many).as_deref(),
            Some("did you mean `law-a` or `law-b` or `law-c`?")
        );
    }
}
