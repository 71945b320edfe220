//! `lexdiff list`, `lexdiff show`, `lexdiff check`.

use std::fmt::Write as _;

use anyhow::{Result, bail};
use rayon::prelude::*;
use serde::Serialize;

use super::args::{ListArgs, ShowArgs, ShowFormat};
use super::output::Styles;
use super::{Context, Outcome, display_path, print_error};
use lexdiff::model::{Document, Kind, Level, TextState, Unit};
use lexdiff::source::{DocInfo, Source, VersionInfo};
use lexdiff::versions::check_counts;

/// The unit `label` names in a version (`34`, `第三十四条`), or an error saying which
/// labels the version's units run between.
pub fn unit_of<'d>(
    d: &'d Document,
    doc: &DocInfo,
    v: &VersionInfo,
    label: &str,
) -> lexdiff::Result<&'d Unit> {
    d.unit(label).ok_or_else(|| lexdiff::Error::UnknownUnit {
        doc: doc.id.to_string(),
        version: v.label().to_string(),
        label: label.to_string(),
        span: d.units.first().zip(d.units.last()).map(|(a, b)| (a.label.clone(), b.label.clone())),
    })
}

/// Resolves a document and version (the latest when none is given).
fn resolve<'a>(
    src: &'a dyn Source,
    id: &str,
    version: Option<&str>,
) -> Result<(&'a DocInfo, &'a VersionInfo)> {
    let doc = src.document(id)?;
    let v = match version {
        Some(v) => src.version(doc, v)?,
        None => match doc.latest() {
            Some(v) => v,
            None => bail!("document `{id}` has no versions"),
        },
    };
    Ok((doc, v))
}

/// A one-line summary of a parsed version's size.
pub fn size_summary(d: &Document) -> String {
    let n = |count: usize, what: &str| format!("{count} {what}{}", if count == 1 { "" } else { "s" });
    match d.kind {
        Kind::Law => {
            let mut s = n(d.article_count(), "article");
            if d.sub_article_count() > 0 {
                write!(s, " + {}", n(d.sub_article_count(), "sub-article")).ok();
            }
            s.push_str(&lexdiff::render::document_other_units(d, false));
            write!(s, ", {}", n(d.count_headings(Level::Chapter), "chapter")).ok();
            s
        }
        Kind::Report => {
            format!("{}, {}", n(d.units.len(), "paragraph"), n(d.count_headings(Level::Heading), "section"))
        }
        Kind::Plain => n(d.units.len(), "paragraph"),
    }
}

/// A document as `list --format json` gives it.
#[derive(Serialize)]
struct ListedDocument<'a> {
    id: &'a str,
    title: &'a str,
    kind: Kind,
    language: &'a str,
    versions: Vec<ListedVersion<'a>>,
}

#[derive(Serialize)]
struct ListedVersion<'a> {
    label: &'a str,
    adopted: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    effective: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    commit: Option<&'a str>,
    /// Its units: articles (with sub-articles, a preamble and appendices) or paragraphs; none when
    /// the text does not parse.
    units: Option<usize>,
    /// What `list` prints: `65 articles, 6 chapters`.
    size: Option<String>,
    /// What the text is, as its front matter states, when it is not the law as it stood
    /// at its date.
    #[serde(skip_serializing_if = "Option::is_none")]
    text_state: Option<TextState>,
    /// The legal status its front matter states, when the law is not in force.
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<String>,
}

pub fn list(ctx: &Context, a: &ListArgs) -> Result<Outcome> {
    let (src, mut failures) = ctx.source()?;
    let st = Styles::new(ctx.color);
    let mut out = String::new();
    let mut listed = Vec::new();
    for doc in src.documents() {
        writeln!(out, "{}  {} ({})", st.bold(doc.id.as_str()), doc.title, doc.kind)?;
        let parsed: Vec<_> = doc.versions.par_iter().map(|v| src.load(doc, v)).collect();
        let mut versions = Vec::new();
        for (v, p) in doc.versions.iter().zip(parsed) {
            let m = &v.meta;
            let mut line = format!("  {:<8} adopted {}", m.label, m.adopted);
            if let Some(e) = m.effective {
                write!(line, "  effective {e}")?;
            }
            let (size, state, status) = match p {
                Ok(p) => {
                    let d = p.document;
                    let state = Some(d.text_state).filter(|s| !s.is_point_in_time());
                    (Some((d.units.len(), size_summary(&d))), state, d.status)
                }
                Err(e) => {
                    failures += 1;
                    print_error(&e);
                    (None, None, None)
                }
            };
            write!(line, "  {}", size.as_ref().map_or("(cannot parse)", |(_, s)| s.as_str()))?;
            if let Some(c) = &v.commit {
                write!(line, "  {}", st.dim(&c[..c.len().min(10)]))?;
            }
            if let Some(s) = state {
                write!(line, "  (text_state: {})", s.as_str())?;
            }
            if let Some(s) = &status {
                write!(line, "  (status: {s})")?;
            }
            writeln!(out, "{line}")?;
            versions.push(ListedVersion {
                label: v.label(),
                adopted: m.adopted.to_string(),
                effective: m.effective.map(|e| e.to_string()),
                commit: v.commit.as_deref(),
                units: size.as_ref().map(|(n, _)| *n),
                size: size.map(|(_, s)| s),
                text_state: state,
                status,
            });
        }
        listed.push(ListedDocument {
            id: doc.id.as_str(),
            title: &doc.title,
            kind: doc.kind,
            language: &doc.language,
            versions,
        });
    }
    if a.format == ShowFormat::Json {
        out = serde_json::to_string_pretty(&listed)?;
        out.push('\n');
    }
    print!("{out}");
    if failures > 0 {
        bail!("{failures} document(s) or version(s) could not be read");
    }
    Ok(Outcome::Ok)
}

pub fn show(ctx: &Context, a: &ShowArgs) -> Result<Outcome> {
    let (id, version) = ctx.split_target(&a.target);
    let src = ctx.source_of(id)?;
    let (doc, v) = resolve(src.as_ref(), id, version)?;
    let parsed = src.load(doc, v)?;
    let d = &parsed.document;
    let st = Styles::new(ctx.color);
    let out = match (a.article(), a.format) {
        (Some(label), format) => {
            let unit = unit_of(d, doc, v, label)?;
            let path: Vec<_> = d.heading_path(unit).into_iter().map(|h| h.display()).collect();
            if format == ShowFormat::Json {
                let json = serde_json::json!({ "document": doc.id, "version": v.label(), "headings": path, "unit": unit });
                format!("{}\n", serde_json::to_string_pretty(&json)?)
            } else {
                unit_text(unit, &path, &st)
            }
        }
        (None, ShowFormat::Json) => format!("{}\n", serde_json::to_string_pretty(d)?),
        (None, ShowFormat::Text) => structure_text(doc, v, &parsed, &st),
    };
    print!("{out}");
    Ok(Outcome::Ok)
}

/// One unit, its name and headings on the first line, then its lines indented by depth.
fn unit_text(unit: &Unit, path: &[String], st: &Styles) -> String {
    let name = if unit.prefix.is_empty() {
        format!("¶ {}", unit.label)
    } else {
        format!("{} ({})", unit.prefix, unit.label)
    };
    let mut out = format!("{}  {}\n", st.bold(&name), st.dim(&path.join(" › ")));
    for l in unit.lines() {
        let _ = writeln!(out, "{}{}", "  ".repeat(l.depth as usize + 1), l.text);
    }
    out
}

/// A version's title and dates, its headings with the units under each, its size and
/// the warnings of its parse.
fn structure_text(doc: &DocInfo, v: &VersionInfo, parsed: &lexdiff::parse::Parsed, st: &Styles) -> String {
    let d = &parsed.document;
    let mut out = String::new();
    let m = &v.meta;
    let _ = writeln!(
        out,
        "{} — {} (adopted {}{})",
        st.bold(&doc.title),
        m.label,
        m.adopted,
        m.effective.map(|e| format!(", effective {e}")).unwrap_or_default()
    );
    if let Some(caveat) = d.text_state.caveat_line() {
        let _ = writeln!(out, "  note: {caveat}");
    }
    if let Some(status) = &d.status {
        let _ = writeln!(out, "  note: status {status}, as its front matter states");
    }
    for h in &d.history {
        let _ = writeln!(out, "  {}", st.dim(&h.text));
    }
    // A law's preamble comes before its first heading, its appendices after the last.
    let outside = |u: &Unit| format!("  {}{}", st.heading(&u.prefix), st.dim(&format!("  [{}]", u.label)));
    for u in d.units.iter().filter(|u| u.is_preamble()) {
        let _ = writeln!(out, "{}", outside(u));
    }
    for (i, h) in d.headings.iter().enumerate() {
        let units: Vec<_> = d.units.iter().filter(|u| u.heading == Some(i)).collect();
        let range = match (units.first(), units.last()) {
            (Some(f), Some(l)) if f.label == l.label => format!("  [{}]", f.label),
            (Some(f), Some(l)) => format!("  [{}–{}]", f.label, l.label),
            _ => String::new(),
        };
        let indent = "  ".repeat(h.level.depth() as usize);
        let _ = writeln!(out, "{indent}{}{}", st.heading(&h.display()), st.dim(&range));
    }
    for u in d.units.iter().filter(|u| u.is_appendix()) {
        let _ = writeln!(out, "{}", outside(u));
    }
    let _ = writeln!(out, "{}", size_summary(d));
    for w in &parsed.warnings {
        let _ = writeln!(out, "{}", st.dim(&format!("warning: {w}")));
    }
    out
}

/// Parses every version in the versions folder and compares the counts with
/// `document.yaml`. Mismatches are differences (exit 1); unreadable texts are errors.
pub fn check(ctx: &Context) -> Result<Outcome> {
    let (folder, mut failures) = ctx.folder()?;
    let mut mismatches = 0;
    let jobs: Vec<_> = folder
        .dir
        .documents
        .iter()
        .flat_map(|d| d.chronological().into_iter().map(move |v| (d, v)))
        .collect();
    let results: Vec<_> = jobs
        .par_iter()
        .map(|(d, v)| {
            let path = d.text_path(v.label.as_str());
            let text = lexdiff::input::read_text(&path)?;
            let parsed = lexdiff::versions::parse_text(&text.text, d.meta.kind, &path)?;
            let m =
                v.expect.as_ref().map(|e| check_counts(&parsed.document, e, &text.text)).unwrap_or_default();
            // An original (a Word file, a page) kept beside the text `add` made of it is
            // fine, but one edited since would be silently left out.
            let unread: Vec<String> = d
                .version_files(v.label.as_str())
                .iter()
                .skip(1)
                .map(|p| display_path(p, &ctx.root))
                .collect();
            Ok::<_, lexdiff::Error>((display_path(&path, &ctx.root), parsed.warnings, unread, m))
        })
        .collect();
    for r in results {
        match r {
            Err(e) => {
                failures += 1;
                print_error(&e);
            }
            Ok((path, warnings, unread, m)) => {
                if !ctx.quiet {
                    for w in warnings {
                        eprintln!("{path}:{}: warning: {}", w.line, w.message);
                    }
                    for other in unread {
                        eprintln!("{other}: warning: not read: the version's text is {path}");
                    }
                }
                for x in &m {
                    mismatches += 1;
                    println!("{path}: {}: expected {}, found {}", x.field, x.expected, x.found);
                }
            }
        }
    }
    if failures > 0 {
        bail!("{failures} text(s) could not be read or parsed");
    }
    if !ctx.quiet {
        eprintln!("checked {} versions: {} count mismatches", jobs.len(), mismatches);
    }
    Ok(if mismatches > 0 { Outcome::Differences } else { Outcome::Ok })
}
