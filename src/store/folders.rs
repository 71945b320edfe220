//! What lexdiff itself writes, found in a git repository of texts:
//!
//! - versions folders: `versions/<doc>/` with its `document.yaml` and one file per
//!   version (`2024.txt`), as `lexdiff add` writes them and a project commits them. There
//!   a version is a file, not a commit: its label, dates and order come from
//!   `document.yaml`. `lexdiff ci` and `--repo` read such folders as lexdiff reads
//!   `versions/`;
//! - report sites lexdiff built, committed to be published: `ci` and `--repo` leave them
//!   out, their reports are no texts.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use git2::{Oid, Repository, Tree};

use crate::error::{Error, Result};
use crate::meta::{DocId, parse_document_meta};
use crate::model::Date;
use crate::source::{DocInfo, Text};
use crate::versions::{DOCUMENT_YAML, DocumentDir, VERSION_FILE_EXTENSIONS, VersionsDir};

/// Folders of a tree told apart by one file of theirs (`document.yaml`, `index.html`):
/// whether a folder's such file passes `test`, answered once per folder.
struct Marked<'t, 'r> {
    repo: &'r Repository,
    tree: &'t Tree<'r>,
    file: &'static str,
    test: fn(&[u8]) -> bool,
    known: HashMap<String, bool>,
}

impl Marked<'_, '_> {
    fn holds(&mut self, folder: &str) -> bool {
        if let Some(&known) = self.known.get(folder) {
            return known;
        }
        let path = if folder.is_empty() { self.file.to_string() } else { format!("{folder}/{}", self.file) };
        let blob = tree_blob(self.tree, &path).and_then(|b| self.repo.find_blob(b).ok());
        let marked = blob.is_some_and(|b| (self.test)(b.content()));
        self.known.insert(folder.to_string(), marked);
        marked
    }
}

/// The document folders a tree holds: folders with a `document.yaml` shaped as lexdiff
/// writes it (a `versions:` list of labelled versions), so that a file of that name kept
/// for another purpose beside some texts does not turn them into versions.
pub(crate) struct DocumentFolders<'t, 'r>(Marked<'t, 'r>);

impl<'t, 'r> DocumentFolders<'t, 'r> {
    pub(crate) fn new(repo: &'r Repository, tree: &'t Tree<'r>) -> DocumentFolders<'t, 'r> {
        let test = |yaml: &[u8]| {
            let text = String::from_utf8_lossy(yaml);
            text.lines().any(|l| l.trim_end() == "versions:")
                && text.lines().any(|l| l.trim_start().starts_with("- label:"))
        };
        DocumentFolders(Marked { repo, tree, file: DOCUMENT_YAML, test, known: HashMap::new() })
    }

    /// The document folder and version label of a path that is a version's file there:
    /// `versions/law/2024.txt` → (`versions/law`, `2024`).
    pub(crate) fn version_file<'p>(&mut self, path: &'p str) -> Option<(&'p str, &'p str)> {
        let (folder, name) = path.rsplit_once('/')?;
        let (label, ext) = name.rsplit_once('.')?;
        (VERSION_FILE_EXTENSIONS.contains(&ext) && self.0.holds(folder)).then_some((folder, label))
    }
}

/// What every page of a report site lexdiff builds carries (`templates/base.html`).
const SITE_MARKER: &[u8] = br#"<meta name="generator" content="lexdiff">"#;

/// The report sites lexdiff built that a tree holds: folders whose `index.html` carries
/// [`SITE_MARKER`]. A project that publishes its reports from the repository commits
/// such a folder, and its Markdown and Word reports are lexdiff's output, not texts to
/// compare (read as laws, they fail: every article is in them twice). A site built from
/// templates without the marker is not recognised.
pub(crate) struct BuiltSites<'t, 'r>(Marked<'t, 'r>);

impl<'t, 'r> BuiltSites<'t, 'r> {
    pub(crate) fn new(repo: &'r Repository, tree: &'t Tree<'r>) -> BuiltSites<'t, 'r> {
        let test = |page: &[u8]| page.windows(SITE_MARKER.len()).any(|w| w == SITE_MARKER);
        BuiltSites(Marked { repo, tree, file: "index.html", test, known: HashMap::new() })
    }

    /// The outermost site folder holding `path` (`""` when the whole tree is one).
    pub(crate) fn root_of(&mut self, path: &str) -> Option<String> {
        let folders = path.match_indices('/').map(|(i, _)| &path[..i]);
        std::iter::once("").chain(folders).find(|f| self.0.holds(f)).map(str::to_string)
    }
}

/// A document folder as its `document.yaml` at a tree describes it: the document (id:
/// the folder's name; versions oldest first) and each version's file with its blob.
pub(crate) struct FolderDocument {
    pub info: DocInfo,
    pub files: Vec<(String, Oid)>,
}

/// Reads the document folder `folder` of `tree`. `today` is for the checks of
/// `document.yaml` (no version adopted in the future). `Ok(Err(reason))` when the folder's
/// name is no document id.
pub(crate) fn read_folder(
    repo: &Repository,
    tree: &Tree<'_>,
    folder: &str,
    today: Date,
) -> Result<std::result::Result<FolderDocument, String>> {
    let yaml_path = format!("{folder}/{DOCUMENT_YAML}");
    let meta = parse_document_meta(&read(repo, tree, &yaml_path)?.text, Path::new(&yaml_path), today)?;
    let name = folder.rsplit('/').next().unwrap_or(folder);
    let id = match DocId::new(name) {
        Ok(id) => id,
        Err(e) => return Ok(Err(format!("the folder's name is no document id: {e}"))),
    };
    let dir = DocumentDir { id, dir: PathBuf::from(folder), meta };
    let info = VersionsDir { root: PathBuf::new(), documents: vec![dir] }.infos().remove(0);
    let files = info
        .versions
        .iter()
        .map(|v| {
            file_of(tree, folder, v.label()).ok_or_else(|| Error::Store {
                path: yaml_path.clone().into(),
                message: format!("lists version {}, but {folder}/ has no file of it", v.label()),
            })
        })
        .collect::<Result<_>>()?;
    Ok(Ok(FolderDocument { info, files }))
}

/// The reviewed alignments of a version pair of the document folder `folder`
/// (`alignments/<old>..<new>.tsv`), when it has them: the file's path and text.
pub(crate) fn alignments(
    repo: &Repository,
    tree: &Tree<'_>,
    folder: &str,
    old: &str,
    new: &str,
) -> Result<Option<(String, String)>> {
    let path = format!("{folder}/alignments/{old}..{new}.tsv");
    if tree_blob(tree, &path).is_none() {
        return Ok(None);
    }
    let text = read(repo, tree, &path)?.text;
    Ok(Some((path, text)))
}

/// The file of version `label` in `folder` (the first extension a versions folder
/// prefers), with its blob.
pub(crate) fn file_of(tree: &Tree<'_>, folder: &str, label: &str) -> Option<(String, Oid)> {
    VERSION_FILE_EXTENSIONS.iter().find_map(|ext| {
        let path = format!("{folder}/{label}.{ext}");
        tree_blob(tree, &path).map(|b| (path, b))
    })
}

/// Blob of `path` in a tree.
pub(crate) fn tree_blob(tree: &Tree<'_>, path: &str) -> Option<Oid> {
    let e = tree.get_path(Path::new(path)).ok()?;
    (e.kind() == Some(git2::ObjectType::Blob)).then(|| e.id())
}

/// Reads and decodes the file at `path` in a tree.
pub(crate) fn read(repo: &Repository, tree: &Tree<'_>, path: &str) -> Result<Text> {
    let blob = tree_blob(tree, path)
        .ok_or_else(|| Error::Store { path: path.into(), message: "is not in the commit read".into() })?;
    let b = repo.find_blob(blob).map_err(Error::git("read text"))?;
    let decoded = crate::input::decode(b.content(), Path::new(path))?;
    Ok(Text { text: decoded.text, origin: path.into(), notices: decoded.notices })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The site is recognised by the marker its pages carry: the embedded base template
    /// must carry it.
    #[test]
    fn built_sites_are_known_by_the_base_template() {
        let base = include_str!("../../templates/base.html");
        assert!(base.contains(std::str::from_utf8(SITE_MARKER).unwrap()));
    }
}
