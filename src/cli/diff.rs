//! `lexdiff diff` and `lexdiff eval`.

use std::io::{IsTerminal as _, Write};
use std::path::Path;

use anyhow::{Context as _, Result, bail};

use super::args::{DiffArgs, DiffFormat, EvalArgs, KindArg, TextArgs};
use super::{Context, Outcome};
use lexdiff::align::Overrides;
use lexdiff::compare::{CompareOptions, Comparison, Header, Side, compare};
use lexdiff::eval::{evaluate, read_map};
use lexdiff::input::{STDIN, input_name, read_input};
use lexdiff::model::{Document, Kind};
use lexdiff::parse::{Diagnostic, ParseOptions, Parsed, parse_detecting_with, parse_with};
use lexdiff::render;
use lexdiff::source::{DocInfo, Source, VersionInfo};
use lexdiff::versions::parse_text;

/// Reads the reviewed overrides for a version pair, if there are any: in the versions
/// folder, or with `--repo`, in the repository read (a versions folder committed there),
/// never in the versions folder of the project the command runs in, which is another's.
pub fn overrides_for(
    ctx: &Context,
    src: &dyn Source,
    doc: &DocInfo,
    old: &Document,
    new: &Document,
    old_label: &str,
    new_label: &str,
) -> lexdiff::Result<Overrides> {
    let found = if ctx.repo.is_some() {
        src.alignments(doc, old_label, new_label)?
    } else {
        let path = ctx
            .versions
            .join(doc.id.as_str())
            .join("alignments")
            .join(format!("{old_label}..{new_label}.tsv"));
        if path.exists() {
            Some((path.clone(), std::fs::read_to_string(&path).map_err(lexdiff::Error::read(&path))?))
        } else {
            None
        }
    };
    match found {
        Some((path, text)) => Overrides::parse_for(&text, &path, old, new),
        None => Ok(Overrides::default()),
    }
}

/// Compares two stored versions of a document.
pub fn compare_versions(
    ctx: &Context,
    src: &dyn Source,
    doc: &DocInfo,
    old: &VersionInfo,
    new: &VersionInfo,
) -> Result<Comparison> {
    let (po, pn) = rayon::join(|| src.load(doc, old), || src.load(doc, new));
    let (po, pn) = (po?, pn?);
    let ov = overrides_for(ctx, src, doc, &po.document, &pn.document, old.label(), new.label())?;
    Ok(compare(doc.header(old, new), &po.document, &pn.document, &ov, &CompareOptions::default()))
}

/// Two files the user has are read leniently: one with articles missing is still
/// compared, with a warning (see [`ParseOptions::lenient_numbering`]).
const FILES: ParseOptions = ParseOptions { lenient_numbering: true };

/// Reads and parses a file; the text is returned too, to be read again as another kind,
/// with what decoding it did (`converted from GB18030`, `read from a Word document`).
fn load_file(path: &Path, kind: Option<KindArg>) -> Result<(String, Parsed, Vec<String>)> {
    let text = read_input(path)?;
    let path = &input_name(path);
    // A text without articles is a report when it has numbered sections, else compared
    // paragraph by paragraph.
    let parsed = match kind {
        Some(k) => parse_with(&text.text, k.into(), FILES),
        None => parse_detecting_with(&text.text, FILES).1,
    };
    let parsed = parsed.map_err(|items| {
        lexdiff::Error::Parse(lexdiff::error::Diagnostics { path: path.to_path_buf(), items })
    })?;
    Ok((text.text, parsed, text.notices))
}

pub fn diff(ctx: &Context, a: &DiffArgs) -> Result<Outcome> {
    let format = a.format();
    if a.stat && format != DiffFormat::Text {
        anyhow::bail!("--stat is an overview in text: leave out --format (or -o with another extension)");
    }
    // Templates compile while the versions are compared (a millisecond saved per report).
    let (comparison, templates) = rayon::join(
        || compare_args(ctx, a),
        || (format == DiffFormat::Html).then(|| ctx.templates()).transpose(),
    );
    let (comparison, templates) = (comparison?, templates?);
    let text = match format {
        DiffFormat::Text if a.stat => {
            Some(render::text::render_stat(&comparison, ctx.color && a.output.is_none(), a.all))
        }
        DiffFormat::Text => Some(render::text::render(&comparison, ctx.color && a.output.is_none(), a.all)),
        DiffFormat::Json => Some(render::json(&comparison)),
        DiffFormat::Md => Some(render::markdown::render(&comparison)),
        DiffFormat::Map => Some(render::map(&comparison)),
        DiffFormat::Decision | DiffFormat::DecisionJson => {
            let Some(d) = lexdiff::decision::decision(&comparison, &Default::default()) else {
                anyhow::bail!(
                    "a draft amending decision is for laws; these texts are compared as {} (see --kind)",
                    comparison.kind.as_str()
                );
            };
            Some(match format {
                DiffFormat::Decision => render::decision::render(&d),
                _ => render::decision::json(&d),
            })
        }
        DiffFormat::Html => None,
        DiffFormat::Docx => {
            if a.output.is_none() && std::io::stdout().is_terminal() {
                anyhow::bail!(
                    "a Word document is binary: write it to a file (-o report.docx) or redirect it"
                );
            }
            let docx = render::docx::render(&comparison, a.all);
            write_output_with(a.output.as_deref(), |w| Ok(w.write_all(&docx)?))?;
            return Ok(if comparison.has_changes() { Outcome::Differences } else { Outcome::Ok });
        }
    };
    match text {
        Some(out) => write_output(a.output.as_deref(), &out)?,
        // Written as it is rendered: a long law's report is megabytes.
        None => {
            let templates = templates.expect("templates are loaded for HTML above");
            write_output_with(a.output.as_deref(), |w| {
                Ok(lexdiff::site::write_standalone(&comparison, &templates, w)?)
            })?;
        }
    }
    Ok(if comparison.has_changes() { Outcome::Differences } else { Outcome::Ok })
}

/// The comparison `lexdiff diff` was asked for: two files, or two stored versions.
fn compare_args(ctx: &Context, a: &DiffArgs) -> Result<Comparison> {
    Ok(if let Some(files) = &a.files {
        if files.iter().all(|f| f.as_os_str() == STDIN) {
            anyhow::bail!("only one of the two files can be `-` (standard input)");
        }
        let (po, pn) = rayon::join(|| load_file(&files[0], a.kind), || load_file(&files[1], a.kind));
        let (old, new) = (&input_name(&files[0]), &input_name(&files[1]));
        let ((old_text, mut po, old_notices), (new_text, mut pn, new_notices)) = (po?, pn?);
        tell(ctx, old, &old_notices, &po.warnings);
        tell(ctx, new, &new_notices, &pn.warnings);
        // Two texts read as different kinds (a law and a report) have no units in common:
        // both are compared paragraph by paragraph, which any text can be.
        if po.document.kind != pn.document.kind {
            let reads_as = |k: Kind| match k {
                Kind::Law => "a law (it has articles)",
                Kind::Report => "a report (it has numbered sections)",
                Kind::Plain => "plain text",
            };
            eprintln!(
                "note: {} reads as {} and {} as {}: both are compared as plain paragraphs (give --kind to choose)",
                old.display(),
                reads_as(po.document.kind),
                new.display(),
                reads_as(pn.document.kind)
            );
            (po, pn) = (parse_text(&old_text, Kind::Plain, old)?, parse_text(&new_text, Kind::Plain, new)?);
        }
        let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let header = Header {
            document: name(new),
            title: pn.document.title.clone().or(po.document.title.clone()).unwrap_or_else(|| name(new)),
            old: Side { label: old.display().to_string(), ..Side::default() },
            new: Side { label: new.display().to_string(), ..Side::default() },
            language: String::new(),
        };
        compare(header, &po.document, &pn.document, &Overrides::default(), &CompareOptions::default())
    } else {
        let (id, old, new) =
            named_versions(ctx, a.doc.as_deref().unwrap_or_default(), a.old.as_deref(), a.new.as_deref())?;
        let src = ctx.source_of(id)?;
        let doc = src.document(id)?;
        let (old, new) = versions_to_compare(src.as_ref(), doc, old, new)?;
        compare_versions(ctx, src.as_ref(), doc, old, new)?
    })
}

/// The document and version labels of `lexdiff diff DOC [OLD] [NEW]`, where versions may
/// also be named as in `show` and as the store tags them: `diff law/2010 law/2024`,
/// `diff law@2010 2024`, `diff law/2010` (against the latest).
fn named_versions<'a>(
    ctx: &Context,
    doc: &'a str,
    old: Option<&'a str>,
    new: Option<&'a str>,
) -> Result<(&'a str, Option<&'a str>, Option<&'a str>)> {
    let (id, first) = ctx.split_target(doc);
    let Some(first) = first else { return Ok((doc, old, new)) };
    if let Some(extra) = new {
        bail!("`{doc}` names the old version already: `{extra}` is one version too many");
    }
    let second = match old {
        Some(o) => match ctx.split_target(o) {
            (other, Some(v)) if other == id => Some(v),
            (_, Some(_)) => {
                bail!(
                    "`{doc}` and `{o}` are versions of different documents (`--files` compares any two texts)"
                )
            }
            (label, None) => Some(label),
        },
        None => None,
    };
    Ok((id, Some(first), second))
}

/// The versions `lexdiff diff DOC [OLD] [NEW]` compares: as named; the latest for a
/// missing NEW (`diff DOC 2010`: what changed since 2010); and with neither, the latest
/// version and the one before it, which is what a CI job wants once a version is added.
fn versions_to_compare<'d>(
    src: &dyn Source,
    doc: &'d DocInfo,
    old: Option<&str>,
    new: Option<&str>,
) -> Result<(&'d VersionInfo, &'d VersionInfo)> {
    let latest = || doc.latest().ok_or_else(|| anyhow::anyhow!("document `{}` has no versions", doc.id));
    Ok(match (old, new) {
        (Some(o), Some(n)) => (src.version(doc, o)?, src.version(doc, n)?),
        (Some(o), None) => (src.version(doc, o)?, latest()?),
        (None, _) => {
            let new = latest()?;
            let old = doc.predecessor(new.label()).ok_or_else(|| {
                anyhow::anyhow!(
                    "document `{}` has one version ({}): name two to compare, or add another",
                    doc.id,
                    new.label()
                )
            })?;
            (old, new)
        }
    })
}

/// `lexdiff text FILE`: the text every command reads from the file, for tools that read
/// text only (git's `textconv`: `git diff` and `git blame` of Word files).
pub fn text(ctx: &Context, a: &TextArgs) -> Result<Outcome> {
    let text = read_input(&a.file)?;
    tell(ctx, &input_name(&a.file), &text.notices, &[]);
    write_output(None, &text.text)?;
    Ok(Outcome::Ok)
}

/// Prints what decoding a file did (`converted from GB18030`, `read from a Word
/// document`) and what its parse warned of, unless `-q`.
fn tell(ctx: &Context, file: &Path, notices: &[String], warnings: &[Diagnostic]) {
    if !ctx.quiet {
        notices.iter().for_each(|n| eprintln!("note: {}: {n}", file.display()));
        warnings.iter().for_each(|w| eprintln!("{}:{}: warning: {}", file.display(), w.line, w.message));
    }
}

/// Writes to a file (atomically: a temporary file put in its place) or to stdout.
pub fn write_output(path: Option<&Path>, content: &str) -> Result<()> {
    write_output_with(path, |w| Ok(w.write_all(content.as_bytes())?))
}

/// Like [`write_output`], with the content written by `write` as it is made. A file is
/// written through a temporary one, so a render that fails halfway leaves the old file; a
/// device or pipe named as the output (`/dev/null`) is written to as it comes.
/// Stdout cannot take back what it was sent: there the content is made in memory first
/// and sent only once it is whole, so a failing template leaves no partial page behind
/// (`> report.html`).
pub fn write_output_with(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    match path {
        Some(p) => lexdiff::fsutil::write_generated_with(p, write),
        None => {
            let mut page = Vec::new();
            write(&mut page)?;
            let mut out = std::io::stdout().lock();
            match out.write_all(&page).and_then(|()| out.flush()) {
                // A closed pipe (`| head`) is not an error worth reporting.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(e).context("cannot write to stdout"),
                Ok(()) => Ok(()),
            }
        }
    }
}

pub fn eval(a: &EvalArgs) -> Result<Outcome> {
    let read = |p: &Path| -> Result<_> {
        let text = std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?;
        Ok(read_map(&text, p)?)
    };
    let (gold, map) = (read(&a.gold)?, read(&a.map)?);
    let e = evaluate(&gold, &map);
    println!(
        "pairs: precision {:.3}, recall {:.3}, F1 {:.3} ({} gold, {} in map)",
        e.pairs.precision, e.pairs.recall, e.pairs.f1, e.gold_pairs, e.predicted_pairs
    );
    println!(
        "added/deleted: precision {:.3}, recall {:.3}, F1 {:.3}",
        e.added_deleted.precision, e.added_deleted.recall, e.added_deleted.f1
    );
    println!("kind agreement on shared pairs: {:.3}", e.kind_agreement);
    if !e.unscored.is_empty() {
        let rows: Vec<String> = e.unscored.iter().map(|(o, n)| format!("{o}→{n}")).collect();
        println!("not scored (only one of the maps names units that are no articles): {}", rows.join(", "));
    }
    // Pairs, then added and deleted rows (one label empty), then kinds.
    for (what, rows) in [
        ("missing", &e.missing),
        ("extra", &e.extra),
        ("missing", &e.missing_alone),
        ("extra", &e.extra_alone),
    ] {
        for (o, n) in rows {
            println!("{what}\t{o}\t{n}");
        }
    }
    for (o, n, gold, map) in &e.kinds_differ {
        println!("kind\t{o}\t{n}\t{gold}\t{map}");
    }
    let agree = [&e.missing, &e.extra, &e.missing_alone, &e.extra_alone].iter().all(|v| v.is_empty());
    Ok(if agree && e.kinds_differ.is_empty() { Outcome::Ok } else { Outcome::Differences })
}
