//! Documents kept in the repository as a lexdiff versions folder: `versions/<doc>/` with
//! `document.yaml` and one file per version (`2024.txt`), as `lexdiff add` writes them and
//! a project commits them. There a version is a file, not a commit: a file added under
//! such a folder is a new version of its document, placed and dated by `document.yaml`,
//! and compared with the version before it as `lexdiff build` compares them, reviewed
//! `alignments/` included. A version whose text was corrected is compared with the
//! versions on both sides of it: both comparisons changed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use git2::{Oid, Repository, Tree};

use crate::align::Overrides;
use crate::error::{Error, Result};
use crate::model::Document;
use crate::site::{Loaded, load, span_of};
use crate::source::{DocInfo, Source, Text, VersionInfo};
use crate::store::folders::{alignments, file_of, read, read_folder};
use crate::store::repo::brought_by;

use super::CiOptions;

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
    let doc = match read_folder(repo, &tree, folder, opts.today)? {
        Ok(doc) => doc,
        Err(reason) => return Ok(Err(reason)),
    };
    let versions = &doc.info.versions;
    let positions: BTreeSet<usize> =
        changed.iter().filter_map(|l| versions.iter().position(|v| v.label() == *l)).collect();
    let (Some(&first), Some(&last)) = (positions.first(), positions.last()) else {
        let files: Vec<&str> = changed.iter().copied().collect();
        return Ok(Err(format!("{folder}/document.yaml lists no version named {}", files.join(", "))));
    };
    let corrected = file_of(base, folder, versions[last].label()).is_some();
    let from = first.saturating_sub(1);
    let to = if corrected { (last + 1).min(versions.len() - 1) } else { last };

    let mut info = doc.info.clone();
    info.versions = info.versions[from..=to].to_vec();
    let files = &doc.files[from..=to];
    let mut texts = BTreeMap::new();
    for (v, (path, _)) in info.versions.iter().zip(files) {
        texts.insert(v.label().to_string(), read(repo, &tree, path)?);
    }
    // Each version from the commit that brought its text.
    let refs: Vec<(&str, Oid)> = files.iter().map(|(p, b)| (p.as_str(), *b)).collect();
    for (v, commit) in info.versions.iter_mut().zip(brought_by(repo, head, &refs)?) {
        v.commit = Some(commit.to_string());
    }
    // The reviewed alignments of the pairs compared: each neighbour, and the span.
    let labels: Vec<&str> = info.versions.iter().map(|v| v.label()).collect();
    let pairs = labels
        .windows(2)
        .map(|w| (w[0], w[1]))
        .chain(span_of(labels.len()).map(|(i, j)| (labels[i], labels[j])));
    let mut reviewed = BTreeMap::new();
    for (old, new) in pairs {
        if let Some(found) = alignments(repo, &tree, folder, old, new)? {
            reviewed.insert((old.to_string(), new.to_string()), found);
        }
    }
    let overrides = |_: &DocInfo, old: &str, new: &str, o: &Document, n: &Document| -> Result<Overrides> {
        match reviewed.get(&(old.to_string(), new.to_string())) {
            Some((path, text)) => Overrides::parse_for(text, Path::new(path), o, n),
            None => Ok(Overrides::default()),
        }
    };
    let src = Read { docs: vec![info], texts };
    Ok(Ok(load(&src, &src.docs[0], &opts.compare, &overrides)?))
}
