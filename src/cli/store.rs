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
use lexdiff::meta::{DocId, VersionLabel};
use lexdiff::model::{Date, Kind};
use lexdiff::store::{
    ImportOptions, ImportOutcome, ImportReport, LOCK_WAIT, NewVersion, Store, VersionInput,
};
use lexdiff::versions::{DocumentDir, VersionsDir, parse_text};

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

pub fn add(ctx: &Context, a: &AddArgs) -> Result<Outcome> {
    let doc = DocId::new(&a.doc)?;
    let label = VersionLabel::new(&a.version)?;
    let adopted = date(&a.adopted, "adopted")?;
    let effective = a.effective.as_deref().map(|e| date(e, "effective")).transpose()?;
    let text = read_input(&a.file)?;
    let file = input_name(&a.file);
    for n in &text.notices {
        eprintln!("{}: {n}", file.display());
    }
    let version = NewVersion {
        effective,
        source: a.source.clone(),
        amended_by: a.amended_by.clone(),
        title: a.title.clone(),
        kind: kind(a.kind),
        language: a.language.clone(),
        store_only: a.store_only,
        keep_layout: a.keep_layout,
        ..NewVersion::new(doc.clone(), label.clone(), adopted, text.text, file)
    };
    let store = Store::open_or_create(&ctx.store)?;
    let added =
        lexdiff::store::add(&store, &ctx.versions, version, ctx.today, &mut |note| eprintln!("{note}"))?;
    if !ctx.quiet {
        print!("{}", describe(&added.reports));
        println!("{doc}@{label}: {}", size_summary(&added.document));
    }
    Ok(Outcome::Ok)
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
    // Each rewrite of the history keeps the one before under `<doc>/<n>/` (its head and
    // its tags): name the heads, which `git log` takes.
    let prefix = format!("refs/lexdiff/superseded/{}/", a.doc);
    let mut heads: Vec<(u64, String)> = store
        .superseded(&a.doc)?
        .into_iter()
        .filter_map(|(name, _)| {
            let n = name.strip_prefix(&prefix)?.strip_suffix("/head")?.parse().ok()?;
            Some((n, name))
        })
        .collect();
    heads.sort(); // by number: 2 before 10
    let heads: Vec<String> = heads.into_iter().map(|(_, name)| name).collect();
    match heads.len() {
        0 => {}
        1 => {
            let _ = writeln!(out, "an earlier history is kept: {}", heads[0]);
        }
        n => {
            let _ = writeln!(out, "{n} earlier histories are kept: {}", heads.join(", "));
        }
    }
    print!("{out}");
    Ok(Outcome::Ok)
}
