//! The `versions/` folder: one sub-folder per document with `document.yaml` and one
//! text per version, `<label>.txt` (or `.md`, a Word `<label>.docx` as the official
//! database gives laws, or a saved web page `<label>.html`). This is where texts enter
//! lexdiff.

use std::path::{Path, PathBuf};

use crate::error::{Diagnostics, Error, Result};
use crate::input::{Decoded, read_text};
use crate::meta::{DocId, DocumentMeta, Expect, VersionMeta, read_document_meta};
use crate::model::{Date, Document, Level};
use crate::parse::{Parsed, parse};

/// The name of the metadata file in each document folder.
pub const DOCUMENT_YAML: &str = "document.yaml";

/// One document folder.
#[derive(Debug, Clone)]
pub struct DocumentDir {
    pub id: DocId,
    pub dir: PathBuf,
    pub meta: DocumentMeta,
}

impl DocumentDir {
    /// The text file of a version: the first of `<label>.txt`, `.md`, `.docx`, `.html`
    /// and `.htm` that exists, or `<label>.txt` (to be named as missing). A plain text
    /// wins over a Word file or page beside it: it is what `add` writes when it converts
    /// one, and the original may well be kept next to it (`check` tells of those).
    pub fn text_path(&self, label: &str) -> PathBuf {
        self.existing(label).next().unwrap_or_else(|| self.dir.join(format!("{label}.txt")))
    }

    /// The files of a version that exist, in the order [`DocumentDir::text_path`]
    /// prefers them.
    pub fn version_files(&self, label: &str) -> Vec<PathBuf> {
        self.existing(label).collect()
    }

    /// The files of a version that exist, looked for one at a time in order.
    fn existing<'a>(&'a self, label: &'a str) -> impl Iterator<Item = PathBuf> + 'a {
        VERSION_FILE_EXTENSIONS
            .iter()
            .map(move |ext| self.dir.join(format!("{label}.{ext}")))
            .filter(|p| p.is_file())
    }

    /// Versions oldest first (by adoption date, then label).
    pub fn chronological(&self) -> Vec<&VersionMeta> {
        let mut v: Vec<_> = self.meta.versions.iter().collect();
        v.sort_by(|a, b| (a.adopted, &a.label).cmp(&(b.adopted, &b.label)));
        v
    }

    /// Reads a version's text (see [`crate::input`] for the encoding policy).
    pub fn read(&self, label: &str) -> Result<Decoded> {
        read_text(&self.text_path(label))
    }

    /// Reads and parses a version.
    pub fn load(&self, label: &str) -> Result<Parsed> {
        let path = self.text_path(label);
        let decoded = read_text(&path)?;
        parse_text(&decoded.text, self.meta.kind, &path)
    }
}

/// The extensions a version's file may have in a document folder, in the order
/// [`DocumentDir::text_path`] looks for them.
pub const VERSION_FILE_EXTENSIONS: [&str; 5] = ["txt", "md", "docx", "html", "htm"];

/// Parses a text, attaching the path to any diagnostics.
pub fn parse_text(text: &str, kind: crate::model::Kind, path: &Path) -> Result<Parsed> {
    parse(text, kind).map_err(|items| Error::Parse(Diagnostics { path: path.to_path_buf(), items }))
}

/// The whole folder.
#[derive(Debug, Clone, Default)]
pub struct VersionsDir {
    pub root: PathBuf,
    /// Documents sorted by id.
    pub documents: Vec<DocumentDir>,
}

impl VersionsDir {
    /// Reads every `document.yaml` under `root`. A broken document does not stop the
    /// others: its error is returned beside the documents that did load.
    pub fn open(root: &Path, today: Date) -> Result<(VersionsDir, Vec<Error>)> {
        let entries = std::fs::read_dir(root).map_err(Error::read(root))?;
        let mut documents = Vec::new();
        let mut errors = Vec::new();
        let mut dirs: Vec<PathBuf> = Vec::new();
        for entry in entries {
            let entry = entry.map_err(Error::read(root))?;
            let path = entry.path();
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') || !path.is_dir() {
                continue;
            }
            dirs.push(path);
        }
        dirs.sort();
        for dir in dirs {
            match load_document_dir(&dir, today) {
                Ok(Some(d)) => documents.push(d),
                Ok(None) => {}
                Err(e) => errors.push(e),
            }
        }
        Ok((VersionsDir { root: root.to_path_buf(), documents }, errors))
    }

    /// A folder read as holding no documents.
    pub fn empty(root: &Path) -> VersionsDir {
        VersionsDir { root: root.to_path_buf(), documents: Vec::new() }
    }

    /// Reads the `document.yaml` of document `id` only: what a command about one
    /// document needs (the others' files are neither read nor checked). Empty when there
    /// is no such document, or `id` is no valid id.
    pub fn open_one(root: &Path, id: &str, today: Date) -> Result<VersionsDir> {
        let mut documents = Vec::new();
        if DocId::new(id).is_ok() && !id.starts_with('.') {
            let dir = root.join(id);
            if dir.is_dir()
                && let Some(d) = load_document_dir(&dir, today)?
            {
                documents.push(d);
            }
        }
        Ok(VersionsDir { root: root.to_path_buf(), documents })
    }

    pub fn document(&self, id: &str) -> Option<&DocumentDir> {
        self.documents.iter().find(|d| d.id.as_str() == id)
    }
}

/// Loads one document folder; `None` for a folder without `document.yaml`.
fn load_document_dir(dir: &Path, today: Date) -> Result<Option<DocumentDir>> {
    let meta_path = dir.join(DOCUMENT_YAML);
    if !meta_path.exists() {
        return Ok(None);
    }
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let id = DocId::new(&name)?;
    let meta = read_document_meta(&meta_path, today)?;
    Ok(Some(DocumentDir { id, dir: dir.to_path_buf(), meta }))
}

/// A count that differs from what `document.yaml` expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub field: &'static str,
    pub expected: usize,
    pub found: usize,
}

/// Compares a parsed document with the expected counts.
pub fn check_counts(doc: &Document, expect: &Expect, text: &str) -> Vec<Mismatch> {
    let found = [
        ("articles", expect.articles, doc.article_count()),
        ("sub_articles", expect.sub_articles, doc.sub_article_count()),
        ("chapters", expect.chapters, doc.numbered_chapter_count()),
        ("sections", expect.sections, doc.count_headings(Level::Heading)),
        ("subsections", expect.subsections, doc.count_headings(Level::Subheading)),
        ("lines", expect.lines, text.lines().filter(|l| !crate::parse::clean_line(l).is_empty()).count()),
    ];
    found
        .into_iter()
        .filter_map(|(field, expected, found)| {
            let expected = expected?;
            (expected != found).then_some(Mismatch { field, expected, found })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_is_read_from_its_text_else_from_its_original() {
        let dir = tempfile::tempdir().unwrap();
        let meta = DocumentMeta {
            title: "t".into(),
            kind: crate::model::Kind::Law,
            language: "zh".into(),
            timezone: None,
            versions: Vec::new(),
        };
        let d = DocumentDir { id: DocId::new("law").unwrap(), dir: dir.path().to_path_buf(), meta };
        // None there: the plain text is the one named as missing.
        assert_eq!(d.text_path("2024"), dir.path().join("2024.txt"));
        for (name, read) in [
            ("2024.htm", "2024.htm"),
            ("2024.html", "2024.html"),
            ("2024.docx", "2024.docx"),
            ("2024.txt", "2024.txt"),
        ] {
            std::fs::write(dir.path().join(name), "").unwrap();
            assert_eq!(d.text_path("2024"), dir.path().join(read));
        }
        let names: Vec<String> = d
            .version_files("2024")
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["2024.txt", "2024.docx", "2024.html", "2024.htm"]);
        // Another version's files are not this one's.
        assert!(d.version_files("2025").is_empty());
    }
}
