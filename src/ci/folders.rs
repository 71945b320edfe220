//! Documents kept in the repository as a lexdiff versions folder: `versions/<doc>/` with
//! `document.yaml` and one file per version (`2024.txt`), as `lexdiff add` writes them and
//! a project commits them. There a version is a file, not a commit: a file added under
//! such a folder is a new version of its document, placed and dated by `document.yaml`,
//! and compared with the version before it as `lexdiff build` compares them, reviewed
//! `alignments/` included. A version whose text was corrected is compared with the
//! versions on both sides of it: both comparisons changed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use git2::{Oid, Repository, Tree};

use crate::align::Overrides;
use crate::error::{Error, Result};
use crate::meta::{DocId, parse_document_meta};
use crate::model::Document;
use crate::site::{Loaded, load};
use crate::source::{DocInfo, Source, Text, VersionInfo};
use crate::versions::{DOCUMENT_YAML, DocumentDir, VERSION_FILE_EXTENSIONS, VersionsDir};

use super::{CiOptions, brought_by, tree_blob};

/// The document folders of the versions folders a tree holds: folders with a
/// `document.yaml` shaped as lexdiff writes it (a `versions:` list of labelled versions),
/// so that a file of that name kept for another purpose beside some texts does not turn
/// them into versions. Answers are kept per folder.
pub(super) struct DocumentFolders<'t, 'r> {
    repo: &'r Repository,
    tree: &'t Tree<'r>,
    known: HashMap<String, bool>,
}

impl<'t, 'r> DocumentFolders<'t, 'r> {
    pub(super) fn new(repo: &'r Repository, tree: &'t Tree<'r>) -> DocumentFolders<'t, 'r> {
        DocumentFolders { repo, tree, known: HashMap::new() }
    }

    /// The document folder and version label of a path that is a version's file there:
    /// `versions/law/2024.txt` → (`versions/law`, `2024`).
    pub(super) fn version_file<'p>(&mut self, path: &'p str) -> Option<(&'p str, &'p str)> {
        let (folder, name) = path.rsplit_once('/')?;
        let (label, ext) = name.rsplit_once('.')?;
        (VERSION_FILE_EXTENSIONS.contains(&ext) && self.is_document_folder(folder)).then_some((folder, label))
    }

    fn is_document_folder(&mut self, folder: &str) -> bool {
        if let Some(&known) = self.known.get(folder) {
            return known;
        }
        let yaml = tree_blob(self.tree, &format!("{folder}/{DOCUMENT_YAML}"))
            .and_then(|b| self.repo.find_blob(b).ok());
        let shaped = yaml.is_some_and(|b| {
            let text = String::from_utf8_lossy(b.content());
            text.lines().any(|l| l.trim_end() == "versions:")
                && text.lines().any(|l| l.trim_start().starts_with("- label:"))
        });
        self.known.insert(folder.to_string(), shaped);
        shaped
    }
}

/// The versions of one document, read whole from head before comparing (libgit2's
/// repository is not shared between threads).
struct Read {
    docs: Vec<DocInfo>,
    texts: BTreeMap<String, Text>,
}

impl Source for Read {
    fn documents(&self) -> &[DocInfo] {
        &self.docs
    }

    fn read(&self, _: &DocInfo, version: &VersionInfo) -> Result<Text> {
        Ok(self.texts[version.label()].clone())
    }
}

/// Loads the document of the versions folder `folder` whose versions `changed` (labels)
/// were added or changed since base, with the versions their comparisons need: the one
/// before the first, and, when a version that existed at base was corrected, the one after
/// it. `Ok(Err(reason))` skips the folder.
pub(super) fn load_folder(
    repo: &Repository,
    base: &Tree<'_>,
    head: &git2::Commit<'_>,
    folder: &str,
    changed: &BTreeSet<&str>,
    opts: &CiOptions,
) -> Result<std::result::Result<Loaded, String>> {
    let tree = head.tree().map_err(Error::git("head tree"))?;
    let yaml_path = format!("{folder}/{DOCUMENT_YAML}");
    let yaml = read(repo, &tree, &yaml_path)?.text;
    let meta = parse_document_meta(&yaml, Path::new(&yaml_path), opts.today)?;
    let name = folder.rsplit('/').next().unwrap_or(folder);
    let id = match DocId::new(name) {
        Ok(id) => id,
        Err(e) => return Ok(Err(format!("the folder's name is no document id: {e}"))),
    };
    let dir = DocumentDir { id, dir: PathBuf::from(folder), meta };
    let order: Vec<String> = dir.chronological().iter().map(|v| v.label.to_string()).collect();
    let positions: BTreeSet<usize> =
        changed.iter().filter_map(|l| order.iter().position(|o| o == l)).collect();
    let (Some(&first), Some(&last)) = (positions.first(), positions.last()) else {
        let files: Vec<&str> = changed.iter().copied().collect();
        return Ok(Err(format!("{yaml_path} lists no version named {}", files.join(", "))));
    };
    let corrected = file_of(base, folder, &order[last]).is_some();
    let from = first.saturating_sub(1);
    let to = if corrected { (last + 1).min(order.len() - 1) } else { last };
    let labels = &order[from..=to];

    let mut info = VersionsDir { root: PathBuf::new(), documents: vec![dir] }.infos().remove(0);
    info.versions.retain(|v| labels.iter().any(|l| l == v.label()));
    let mut texts = BTreeMap::new();
    let mut files = Vec::new();
    for label in labels {
        let Some((path, blob)) = file_of(&tree, folder, label) else {
            return Err(Error::Store {
                path: yaml_path.clone().into(),
                message: format!("lists version {label}, but {folder}/ has no file of it at head"),
            });
        };
        texts.insert(label.clone(), read(repo, &tree, &path)?);
        files.push((path, blob));
    }
    // Each version from the commit that brought its text.
    let refs: Vec<(&str, Oid)> = files.iter().map(|(p, b)| (p.as_str(), *b)).collect();
    for (v, commit) in info.versions.iter_mut().zip(brought_by(repo, head, &refs)?) {
        v.commit = Some(commit.to_string());
    }
    let alignments = alignments(repo, &tree, folder)?;
    let overrides = |_: &DocInfo, old: &str, new: &str, o: &Document, n: &Document| -> Result<Overrides> {
        let path = format!("{folder}/alignments/{old}..{new}.tsv");
        match alignments.get(&path) {
            Some(text) => Overrides::parse_for(text, Path::new(&path), o, n),
            None => Ok(Overrides::default()),
        }
    };
    let src = Read { docs: vec![info], texts };
    Ok(Ok(load(&src, &src.docs[0], &opts.compare, &overrides)?))
}

/// The file of version `label` in `folder` (the first extension a versions folder
/// prefers), with its blob.
fn file_of(tree: &Tree<'_>, folder: &str, label: &str) -> Option<(String, Oid)> {
    VERSION_FILE_EXTENSIONS.iter().find_map(|ext| {
        let path = format!("{folder}/{label}.{ext}");
        tree_blob(tree, &path).map(|b| (path, b))
    })
}

/// Reads and decodes the file at `path` in a tree.
fn read(repo: &Repository, tree: &Tree<'_>, path: &str) -> Result<Text> {
    let blob = tree_blob(tree, path)
        .ok_or_else(|| Error::Store { path: path.into(), message: "is not in the head commit".into() })?;
    let b = repo.find_blob(blob).map_err(Error::git("read text"))?;
    let decoded = crate::input::decode(b.content(), Path::new(path))?;
    Ok(Text { text: decoded.text, origin: path.into(), notices: decoded.notices })
}

/// The reviewed alignments of a document folder (`alignments/*.tsv`), by path.
fn alignments(repo: &Repository, tree: &Tree<'_>, folder: &str) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    let Ok(entry) = tree.get_path(Path::new(&format!("{folder}/alignments"))) else { return Ok(out) };
    let Ok(sub) = repo.find_tree(entry.id()) else { return Ok(out) };
    for e in sub.iter() {
        let Some(name) = e.name().ok().filter(|n| n.ends_with(".tsv")) else { continue };
        let path = format!("{folder}/alignments/{name}");
        out.insert(path.clone(), read(repo, tree, &path)?.text);
    }
    Ok(out)
}
