//! `lexdiff import`, `lexdiff add`, `lexdiff log`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};
use rayon::prelude::*;

use super::args::{AddArgs, ImportArgs, KindArg, LogArgs};
use super::show::size_summary;
use super::{Context, Outcome, display_path, print_error};
use lexdiff::input::{input_name, read_input, read_text};
use lexdiff::meta::{DocId, DocumentMeta, VersionLabel, VersionMeta, parse_document_meta, to_yaml};
use lexdiff::model::{Date, Kind};
use lexdiff::store::{ImportOptions, ImportOutcome, ImportReport, LOCK_WAIT, Store, VersionInput};
use lexdiff::versions::{DOCUMENT_YAML, DocumentDir, VersionsDir, parse_text};

/// A version read for import, with what decoding it took ("converted from gb18030").
struct Read {
    input: VersionInput,
    path: PathBuf,
    notices: Vec<String>,
}

/// Reads and parses every version of a document folder; any failure fails the document.
fn inputs(d: &DocumentDir) -> Result<Vec<Read>, lexdiff::Error> {
    d.meta
        .versions
        .par_iter()
        .map(|v| {
            let path = d.text_path(v.label.as_str());
            let text = read_text(&path)?;
            parse_text(&text.text, d.meta.kind, &path)?;
            Ok(Read { input: VersionInput { meta: v.clone(), text: text.text }, path, notices: text.notices })
        })
        .collect()
}

/// Imports a versions folder into the store. Returns the reports and the number of
/// documents that failed (already printed).
pub fn import_dir(ctx: &Context, dir: &Path, record_correction: bool) -> Result<(Vec<ImportReport>, usize)> {
    let (versions, errors) = VersionsDir::open(dir, ctx.today)
        .with_context(|| format!("cannot open the versions folder {}", dir.display()))?;
    let mut failures = errors.len();
    for e in &errors {
        print_error(e);
    }
    let loaded: Vec<_> = versions.documents.par_iter().map(|d| (d, inputs(d))).collect();
    let mut docs = Vec::new();
    // Decoding notices by (document, version), told for the versions that get stored.
    let mut notices: BTreeMap<(String, String), (PathBuf, Vec<String>)> = BTreeMap::new();
    for (d, r) in loaded {
        match r {
            Ok(read) => {
                let mut inputs = Vec::with_capacity(read.len());
                for r in read {
                    if !r.notices.is_empty() {
                        let key = (d.id.to_string(), r.input.meta.label.to_string());
                        notices.insert(key, (r.path, r.notices));
                    }
                    inputs.push(r.input);
                }
                docs.push((d.id.clone(), d.meta.clone(), inputs));
            }
            Err(e) => {
                failures += 1;
                print_error(&e);
            }
        }
    }
    let store = Store::open_or_create(&ctx.store)?;
    let lock = store.lock(LOCK_WAIT)?;
    let (reports, errors) =
        store.import(&lock, &docs, &ImportOptions { record_correction, today: ctx.today })?;
    for r in &reports {
        if let ImportOutcome::Changed { added, corrected, .. } = &r.outcome {
            for label in added.iter().chain(corrected) {
                if let Some((path, told)) = notices.get(&(r.doc.to_string(), label.to_string())) {
                    for n in told {
                        eprintln!("{}: {n}", path.display());
                    }
                }
            }
        }
    }
    for e in &errors {
        print_error(e);
    }
    Ok((reports, failures + errors.len()))
}

/// One line per document that changed.
pub fn describe(reports: &[ImportReport]) -> String {
    let mut s = String::new();
    for r in reports {
        if let ImportOutcome::Changed { added, corrected, superseded } = &r.outcome {
            let mut parts = Vec::new();
            if !added.is_empty() {
                parts.push(format!("added {}", added.join(", ")));
            }
            if !corrected.is_empty() {
                parts.push(format!("corrected {}", corrected.join(", ")));
            }
            if let Some(sup) = superseded {
                parts.push(format!("previous history kept at {sup}"));
            }
            let _ = writeln!(s, "{}: {}", r.doc, parts.join("; "));
        }
    }
    s
}

pub fn import(ctx: &Context, a: &ImportArgs) -> Result<Outcome> {
    let dir = a.dir.clone().unwrap_or_else(|| ctx.versions.clone());
    let (reports, failures) = import_dir(ctx, &dir, a.record_correction)?;
    let changed = reports.iter().filter(|r| r.outcome != ImportOutcome::UpToDate).count();
    if !ctx.quiet {
        print!("{}", describe(&reports));
        if changed == 0 {
            println!("store {} is up to date: no new commit", display_path(&ctx.store, &ctx.root));
        } else {
            println!(
                "store {}: {changed} of {} documents updated",
                display_path(&ctx.store, &ctx.root),
                reports.len()
            );
        }
    }
    if failures > 0 {
        bail!("{failures} document(s) could not be imported");
    }
    Ok(Outcome::Ok)
}

fn kind(k: Option<KindArg>) -> Kind {
    match k {
        Some(KindArg::Report) => Kind::Report,
        Some(KindArg::Plain) => Kind::Plain,
        Some(KindArg::Law) | None => Kind::Law,
    }
}

fn date(s: &str, field: &str) -> Result<Date> {
    Date::parse_iso(s).ok_or_else(|| anyhow!("--{field} `{s}`: expected an existing date as YYYY-MM-DD"))
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

pub fn add(ctx: &Context, a: &AddArgs) -> Result<Outcome> {
    let id = DocId::new(&a.doc)?;
    let label = VersionLabel::new(&a.version)?;
    let adopted = date(&a.adopted, "adopted")?;
    let effective = a.effective.as_deref().map(|e| date(e, "effective")).transpose()?;
    if adopted > ctx.today {
        bail!("--adopted {adopted} is in the future (today is {})", ctx.today);
    }
    if let Some(e) = effective
        && e < adopted
    {
        bail!("--effective {e} is before --adopted {adopted}");
    }
    let text = read_input(&a.file)?;
    let file = &input_name(&a.file);
    for n in &text.notices {
        eprintln!("{}: {n}", file.display());
    }
    // A front matter (the legalize layout) names the law and where it comes from. One
    // lexdiff cannot read is warned of when the text is parsed.
    let (front, unread) = match lexdiff::parse::read_front_matter(&text.text) {
        Some(Ok(front)) => (front, None),
        Some(Err(e)) => (Default::default(), Some(e)),
        None => (Default::default(), None),
    };
    let doc_dir = ctx.versions.join(id.as_str());
    let yaml_path = doc_dir.join(DOCUMENT_YAML);
    let store = Store::open_or_create(&ctx.store)?;
    let _lock = store.lock(lexdiff::store::LOCK_WAIT)?;
    let yaml_text = if yaml_path.exists() {
        Some(
            std::fs::read_to_string(&yaml_path)
                .with_context(|| format!("cannot read {}", yaml_path.display()))?,
        )
    } else {
        None
    };
    let stored = store.chain(id.as_str())?;
    // The document as the folder or the store knows it; none for a new one.
    let known = match (&yaml_text, stored.last()) {
        (Some(t), _) => Some(parse_document_meta(t, &yaml_path, ctx.today)?),
        (None, Some(e)) => Some(DocumentMeta {
            title: e.meta.title.clone(),
            kind: e.meta.kind,
            language: e.meta.language.clone(),
            timezone: e.meta.timezone.clone(),
            versions: Vec::new(),
        }),
        (None, None) => None,
    };
    if known.as_ref().is_some_and(|m| m.version(label.as_str()).is_some())
        || stored.iter().any(|e| e.meta.version.label == label)
    {
        bail!("{id} already has a version `{label}`");
    }
    // The text must parse before anything is written.
    let parsed = parse_text(&text.text, known.as_ref().map_or(kind(a.kind), |m| m.kind), file)?;
    for w in &parsed.warnings {
        eprintln!("{}:{}: warning: {}", file.display(), w.line, w.message);
    }
    let mut meta = match known {
        Some(meta) => meta,
        None => {
            // A new document is named by --title, else by its front matter, else by its
            // title line.
            let title =
                a.title.clone().or_else(|| front.title.clone()).or_else(|| parsed.document.title.clone());
            let title = title.ok_or_else(|| {
                let why = match &unread {
                    Some(e) => format!(
                        "its front matter does not read ({}:{}: {}: {})",
                        file.display(),
                        e.line.unwrap_or(1),
                        e.field,
                        e.message
                    ),
                    None => "its text has no title line".into(),
                };
                anyhow!("`{id}` is a new document and {why}: give its --title (and --kind)")
            })?;
            DocumentMeta {
                title,
                kind: kind(a.kind),
                language: a.language.clone(),
                timezone: None,
                versions: Vec::new(),
            }
        }
    };
    let (text, notes) = stored_layout(text.text, &parsed.document, meta.kind, file, a.keep_layout);
    let version = VersionMeta {
        label: label.clone(),
        adopted,
        effective,
        source: a.source.clone().or(front.source).unwrap_or_else(|| "added with lexdiff add".into()),
        amended_by: a.amended_by.clone(),
        notes,
        expect: None,
    };
    if !a.store_only {
        std::fs::create_dir_all(&doc_dir).with_context(|| format!("cannot create {}", doc_dir.display()))?;
        let new_yaml = match &yaml_text {
            Some(t) => append_version(&yaml_path, t, &version, ctx.today)?,
            None => {
                let mut m = meta.clone();
                m.versions.push(version.clone());
                to_yaml(&m)
            }
        };
        let text_path = doc_dir.join(format!("{label}.txt"));
        lexdiff::fsutil::write_atomic(&text_path, text.as_bytes())?;
        lexdiff::fsutil::write_atomic(&yaml_path, new_yaml.as_bytes())?;
    }
    meta.versions = vec![version.clone()];
    let (reports, errors) = store.import(
        &_lock,
        &[(id.clone(), meta, vec![VersionInput { meta: version, text }])],
        &ImportOptions { record_correction: false, today: ctx.today },
    )?;
    if let Some(e) = errors.into_iter().next() {
        return Err(e.into());
    }
    if !ctx.quiet {
        print!("{}", describe(&reports));
        println!("{id}@{label}: {}", size_summary(&parsed.document));
    }
    Ok(Outcome::Ok)
}

/// The text to store, and a note of how it was laid out: one paragraph per line when it
/// was copied from a PDF (wrapped lines, page numbers) and reads the same that way as
/// `parsed`, else as given (always with `keep_layout`).
fn stored_layout(
    text: String,
    parsed: &lexdiff::model::Document,
    kind: Kind,
    file: &Path,
    keep_layout: bool,
) -> (String, Option<String>) {
    match (!keep_layout).then(|| lexdiff::parse::reflow(&text)).flatten() {
        Some(r) if parse_text(&r.text, kind, file).is_ok_and(|p| reads_alike(&p.document, parsed)) => {
            let note = reflow_note(&r);
            eprintln!("{}: {note} (--keep-layout stores it as given)", file.display());
            (r.text, Some(note))
        }
        Some(_) => {
            eprintln!(
                "{}: stored as given: set one paragraph per line it would read differently",
                file.display()
            );
            (text, None)
        }
        None => (text, None),
    }
}

/// Whether two parses of a text have the same title, headings and units.
fn reads_alike(a: &lexdiff::model::Document, b: &lexdiff::model::Document) -> bool {
    a.title == b.title
        && a.headings.len() == b.headings.len()
        && a.units.len() == b.units.len()
        && a.units.iter().zip(&b.units).all(|(x, y)| x.label == y.label && x.text() == y.text())
}

/// What storing a text one paragraph per line changed, for the version's notes.
fn reflow_note(r: &lexdiff::parse::Reflowed) -> String {
    let mut parts = Vec::new();
    if let Some((width, joined)) = r.wrapped {
        parts.push(format!("{joined} lines wrapped at {width} columns joined"));
    }
    if r.left_out > 0 {
        parts.push(format!("{} page numbers and running heads left out", r.left_out));
    }
    format!("stored one paragraph per line: {}", parts.join(", "))
}

pub fn log(ctx: &Context, a: &LogArgs) -> Result<Outcome> {
    let store = Store::open(&ctx.store)?;
    let chain = store.chain(&a.doc)?;
    if chain.is_empty() {
        let stored = store.document_ids().unwrap_or_default();
        let mut hint = format!("not in the store {}", display_path(&ctx.store, &ctx.root));
        if let Some(near) = lexdiff::source::did_you_mean(&a.doc, stored.iter().map(|d| d.as_str())) {
            hint = format!("{hint}; {near}");
        }
        return Err(lexdiff::Error::UnknownDocument { id: a.doc.clone(), hint: Some(hint) }.into());
    }
    let mut out = String::new();
    let first = &chain[0].meta;
    let _ = writeln!(out, "{} ({})", first.title, a.doc);
    for e in &chain {
        let v = &e.meta.version;
        let text = store.text(e.blob)?;
        let size = match parse_text(&text, e.meta.kind, Path::new(&format!("{}@{}", a.doc, v.label))) {
            Ok(p) => size_summary(&p.document),
            Err(_) => "(does not parse)".into(),
        };
        let mut line = format!("{}  {:<8} adopted {}", &e.commit.to_string()[..10], v.label, v.adopted);
        if let Some(eff) = v.effective {
            let _ = write!(line, "  effective {eff}");
        }
        let _ = write!(line, "  {size}");
        if e.correction.is_some() {
            line.push_str("  (correction)");
        }
        let _ = writeln!(out, "{line}");
    }
    let sup = store.superseded(&a.doc)?;
    if !sup.is_empty() {
        let _ = writeln!(out, "{} superseded ref(s) under refs/lexdiff/superseded/{}/", sup.len(), a.doc);
    }
    print!("{out}");
    Ok(Outcome::Ok)
}
