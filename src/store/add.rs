//! Adding one version of a document (`lexdiff add`): to the versions folder and the
//! store, or to the store only.
//!
//! Everything is checked before anything is written: the version is new, its dates make
//! sense, its text parses, and a new document has a title. The folder's text and
//! `document.yaml` are then replaced in one step each, and the store takes the version
//! under its lock like an import.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{ImportOptions, ImportReport, LOCK_WAIT, Store, VersionInput};
use crate::error::{Error, Result};
use crate::meta::{DocId, DocumentMeta, VersionLabel, VersionMeta, YamlError, parse_document_meta, to_yaml};
use crate::model::{Date, Document, Kind};
use crate::parse::{Reflowed, read_front_matter, reflow};
use crate::versions::{DOCUMENT_YAML, parse_text};

/// A version to add, and how. The defaults of a new document's fields are those of
/// [`NewVersion::new`].
#[derive(Debug, Clone)]
pub struct NewVersion {
    pub doc: DocId,
    pub label: VersionLabel,
    pub adopted: Date,
    pub effective: Option<Date>,
    /// The text, decoded (see [`crate::input`]).
    pub text: String,
    /// The file it was read from, for messages.
    pub file: PathBuf,
    /// Where the text comes from (default: the front matter's `source`, else `added with
    /// lexdiff add`).
    pub source: Option<String>,
    /// The amending act or session.
    pub amended_by: Option<String>,
    /// A new document's title (default: the front matter's `title`, else the text's
    /// title line).
    pub title: Option<String>,
    /// A new document's kind (default: law); a known document keeps its own.
    pub kind: Kind,
    /// A new document's language (default: `zh`).
    pub language: String,
    /// Add to the store only, leaving the versions folder alone (default: false).
    pub store_only: bool,
    /// Store the text as given (default: false: a text copied from a PDF, with wrapped
    /// lines and page numbers, is stored one paragraph per line when it reads the same).
    pub keep_layout: bool,
}

impl NewVersion {
    /// A version of `doc` with the defaults above.
    pub fn new(doc: DocId, label: VersionLabel, adopted: Date, text: String, file: PathBuf) -> NewVersion {
        NewVersion {
            doc,
            label,
            adopted,
            effective: None,
            text,
            file,
            source: None,
            amended_by: None,
            title: None,
            kind: Kind::Law,
            language: "zh".into(),
            store_only: false,
            keep_layout: false,
        }
    }
}

/// What adding a version did.
#[derive(Debug)]
pub struct Added {
    pub reports: Vec<ImportReport>,
    /// The version as parsed.
    pub document: Document,
}

/// Adds a version to the versions folder `versions` (unless `store_only`) and to the
/// store. `tell` is given what a user should know on the way (parse warnings, how the
/// text was laid out), each as `file[:line]: message`.
pub fn add(
    store: &Store,
    versions: &Path,
    v: NewVersion,
    today: Date,
    tell: &mut dyn FnMut(String),
) -> Result<Added> {
    if v.adopted > today {
        return Err(Error::Usage(format!("--adopted {} is in the future (today is {today})", v.adopted)));
    }
    if let Some(e) = v.effective.filter(|&e| e < v.adopted) {
        return Err(Error::Usage(format!("--effective {e} is before --adopted {}", v.adopted)));
    }
    let (id, label, file) = (&v.doc, &v.label, v.file.as_path());
    // A front matter (the legalize layout) names the law and where it comes from. One
    // lexdiff cannot read is warned of when the text is parsed.
    let (front, unread) = match read_front_matter(&v.text) {
        Some(Ok(front)) => (front, None),
        Some(Err(e)) => (Default::default(), Some(e)),
        None => (Default::default(), None),
    };
    let doc_dir = versions.join(id.as_str());
    let lock = store.lock(LOCK_WAIT)?;
    let known = Known::read(store, &doc_dir, id, today)?;
    if known.meta.as_ref().is_some_and(|m| m.version(label.as_str()).is_some())
        || known.stored.iter().any(|l| l == label)
    {
        return Err(Error::Usage(format!("{id} already has a version `{label}`")));
    }
    // The text must parse before anything is written.
    let parsed = parse_text(&v.text, known.meta.as_ref().map_or(v.kind, |m| m.kind), file)?;
    for w in &parsed.warnings {
        tell(format!("{}:{}: warning: {}", file.display(), w.line, w.message));
    }
    let mut meta = match known.meta {
        Some(meta) => meta,
        None => new_document(&v, front.title.as_deref(), unread.as_ref(), &parsed.document)?,
    };
    let (text, notes) = stored_layout(v.text, &parsed.document, meta.kind, file, v.keep_layout, tell);
    let version = VersionMeta {
        label: label.clone(),
        adopted: v.adopted,
        effective: v.effective,
        source: v.source.or(front.source).unwrap_or_else(|| "added with lexdiff add".into()),
        amended_by: v.amended_by,
        notes,
        expect: None,
    };
    if !v.store_only {
        let yaml = match &known.yaml {
            Some(t) => append_version(&doc_dir.join(DOCUMENT_YAML), t, &version, today)?,
            None => {
                let mut m = meta.clone();
                m.versions.push(version.clone());
                to_yaml(&m)
            }
        };
        write_folder(&doc_dir, label, &text, &yaml)?;
    }
    meta.versions = vec![version.clone()];
    let (reports, errors) = store.import(
        &lock,
        &[(id.clone(), meta, vec![VersionInput { meta: version, text }])],
        &ImportOptions { record_correction: false, today },
    )?;
    match errors.into_iter().next() {
        Some(e) => Err(e),
        None => Ok(Added { reports, document: parsed.document }),
    }
}

/// A document as the versions folder and the store know it before a version is added.
struct Known {
    /// The folder's `document.yaml`, as written.
    yaml: Option<String>,
    /// Its metadata: the folder's, else the store's latest; none for a new document.
    meta: Option<DocumentMeta>,
    /// The labels of the versions in the store.
    stored: Vec<VersionLabel>,
}

impl Known {
    fn read(store: &Store, doc_dir: &Path, id: &DocId, today: Date) -> Result<Known> {
        let yaml_path = doc_dir.join(DOCUMENT_YAML);
        let yaml = if yaml_path.exists() {
            let read = std::fs::read_to_string(&yaml_path);
            Some(read.map_err(|source| Error::Read { path: yaml_path.clone(), source })?)
        } else {
            None
        };
        let chain = store.chain(id.as_str())?;
        let meta = match (&yaml, chain.last()) {
            (Some(t), _) => Some(parse_document_meta(t, &yaml_path, today)?),
            (None, Some(e)) => Some(DocumentMeta {
                title: e.meta.title.clone(),
                kind: e.meta.kind,
                language: e.meta.language.clone(),
                timezone: e.meta.timezone.clone(),
                versions: Vec::new(),
            }),
            (None, None) => None,
        };
        let stored = chain.into_iter().map(|e| e.meta.version.label).collect();
        Ok(Known { yaml, meta, stored })
    }
}

/// The metadata of a new document, named by the version's title, else its front
/// matter's (`front_title`), else its title line.
fn new_document(
    v: &NewVersion,
    front_title: Option<&str>,
    unread: Option<&YamlError>,
    parsed: &Document,
) -> Result<DocumentMeta> {
    let title = v.title.clone().or_else(|| front_title.map(str::to_string)).or_else(|| parsed.title.clone());
    let title = title.ok_or_else(|| {
        let why = match unread {
            Some(e) => format!(
                "its front matter does not read ({}:{}: {}: {})",
                v.file.display(),
                e.line.unwrap_or(1),
                e.field,
                e.message
            ),
            None => "its text has no title line".into(),
        };
        Error::Usage(format!("`{}` is a new document and {why}: give its --title (and --kind)", v.doc))
    })?;
    Ok(DocumentMeta {
        title,
        kind: v.kind,
        language: v.language.clone(),
        timezone: None,
        versions: Vec::new(),
    })
}

/// Writes a version's text and the new `document.yaml` to the document's folder, each
/// replaced in one step.
fn write_folder(doc_dir: &Path, label: &VersionLabel, text: &str, yaml: &str) -> Result<()> {
    std::fs::create_dir_all(doc_dir).map_err(|source| Error::Write { path: doc_dir.into(), source })?;
    crate::fsutil::write_atomic(&doc_dir.join(format!("{label}.txt")), text.as_bytes())?;
    crate::fsutil::write_atomic(&doc_dir.join(DOCUMENT_YAML), yaml.as_bytes())
}

/// Appends a version to a `document.yaml`, keeping the file as written (comments
/// included) when the new entry can simply be added at the end of the `versions` list;
/// otherwise rewrites it. The result is validated before it is written.
fn append_version(path: &Path, text: &str, v: &VersionMeta, today: Date) -> Result<String> {
    let item = to_yaml(&vec![v]);
    let indent = text
        .lines()
        .filter_map(|l| l.strip_suffix(l.trim_start()).filter(|_| l.trim_start().starts_with("- label:")))
        .next_back()
        .unwrap_or("")
        .to_string();
    let mut appended = text.to_string();
    if !appended.ends_with('\n') {
        appended.push('\n');
    }
    for l in item.lines() {
        let _ = writeln!(appended, "{indent}{l}");
    }
    let before = parse_document_meta(text, path, today)?;
    if let Ok(after) = parse_document_meta(&appended, path, today) {
        let mut expected = before.clone();
        expected.versions.push(v.clone());
        if after == expected {
            return Ok(appended);
        }
    }
    let mut meta = before;
    meta.versions.push(v.clone());
    Ok(to_yaml(&meta))
}

/// The text to store, and a note of how it was laid out: one paragraph per line when it
/// was copied from a PDF (wrapped lines, page numbers) and reads the same that way as
/// `parsed`, else as given (always with `keep_layout`).
fn stored_layout(
    text: String,
    parsed: &Document,
    kind: Kind,
    file: &Path,
    keep_layout: bool,
    tell: &mut dyn FnMut(String),
) -> (String, Option<String>) {
    match (!keep_layout).then(|| reflow(&text)).flatten() {
        Some(r) if parse_text(&r.text, kind, file).is_ok_and(|p| reads_alike(&p.document, parsed)) => {
            let note = reflow_note(&r);
            tell(format!("{}: {note} (--keep-layout stores it as given)", file.display()));
            (r.text, Some(note))
        }
        Some(_) => {
            tell(format!(
                "{}: stored as given: set one paragraph per line it would read differently",
                file.display()
            ));
            (text, None)
        }
        None => (text, None),
    }
}

/// Whether two parses of a text have the same title, headings and units.
fn reads_alike(a: &Document, b: &Document) -> bool {
    a.title == b.title
        && a.headings.len() == b.headings.len()
        && a.units.len() == b.units.len()
        && a.units.iter().zip(&b.units).all(|(x, y)| x.label == y.label && x.text() == y.text())
}

/// What storing a text one paragraph per line changed, for the version's notes.
fn reflow_note(r: &Reflowed) -> String {
    let mut parts = Vec::new();
    if let Some((width, joined)) = r.wrapped {
        parts.push(format!("{joined} lines wrapped at {width} columns joined"));
    }
    if r.left_out > 0 {
        parts.push(format!("{} page numbers and running heads left out", r.left_out));
    }
    format!("stored one paragraph per line: {}", parts.join(", "))
}
