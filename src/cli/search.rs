//! `lexdiff search`: words in every version of every document, as the site's search page
//! finds them.

use std::fmt::Write as _;

use anyhow::{Result, bail};
use rayon::prelude::*;
use serde::Serialize;

use super::args::{SearchArgs, ShowFormat};
use super::output::Styles;
use super::{Context, Outcome, print_error};
use lexdiff::model::Document;
use lexdiff::search::{Query, headings, texts};
use lexdiff::source::DocInfo;

/// A unit's text, or a heading, that has the words, for `--format json`.
#[derive(Serialize)]
struct Found<'a> {
    document: &'a str,
    title: &'a str,
    /// `unit` (an article or paragraph) or `heading` (a chapter, section, ...).
    kind: &'static str,
    /// The unit's label; none for a heading.
    label: Option<&'a str>,
    /// The unit's name (`第三十四条`), or the heading (`第五章 法律责任`).
    name: String,
    /// The headings enclosing it, outermost first, as the newest of `versions` has them.
    path: Vec<String>,
    /// The versions with this text, oldest first.
    versions: Vec<&'a str>,
    text: String,
}

pub fn search(ctx: &Context, a: &SearchArgs) -> Result<Outcome> {
    let query = Query::new(&a.words.join(" "));
    if query.is_empty() {
        bail!("nothing to search for: the words given are only white space");
    }
    let (src, mut failures) = ctx.source()?;
    let infos: Vec<&DocInfo> = if a.docs.is_empty() {
        src.documents().iter().collect()
    } else {
        a.docs.iter().map(|id| src.document(id)).collect::<lexdiff::Result<_>>()?
    };
    let loaded: Vec<lexdiff::Result<Vec<Document>>> = infos
        .par_iter()
        .map(|info| info.versions.par_iter().map(|v| src.load(info, v).map(|p| p.document)).collect())
        .collect();
    let st = Styles::new(ctx.color);
    // A line with the words painted where `marks` says they are (`Query::marks`).
    let paint = |line: &str, marks: Vec<std::ops::Range<usize>>| -> String {
        let mut painted = String::with_capacity(line.len());
        let mut at = 0;
        for r in marks {
            painted.push_str(&line[at..r.start]);
            painted.push_str(&st.found(&line[r.clone()]));
            at = r.end;
        }
        painted.push_str(&line[at..]);
        painted
    };
    let (mut out, mut found) = (String::new(), 0usize);
    let mut json: Vec<Found<'_>> = Vec::new();
    for (info, docs) in infos.iter().zip(&loaded) {
        let docs = match docs {
            Ok(d) => d,
            Err(e) => {
                failures += 1;
                print_error(e);
                continue;
            }
        };
        let labels = |versions: &[usize]| -> Vec<&str> {
            versions.iter().map(|&v| info.versions[v].label()).collect()
        };
        // Headings first: where a chapter on the words is, then what the articles say.
        for h in headings(docs) {
            if !query.matches("", &h.text) {
                continue;
            }
            found += 1;
            let versions = labels(&h.versions);
            if a.format == ShowFormat::Json {
                json.push(Found {
                    document: info.id.as_str(),
                    title: &info.title,
                    kind: "heading",
                    label: None,
                    name: h.text.clone(),
                    path: h.path,
                    versions,
                    text: h.text,
                });
                continue;
            }
            let mut head = format!("{}@{}", info.id, versions.join(","));
            if !h.path.is_empty() {
                write!(head, " {}", h.path.join(" › "))?;
            }
            writeln!(out, "{}: {}", st.bold(&head), paint(&h.text, query.marks(&h.text)))?;
        }
        for t in texts(docs) {
            let name = t.unit.name();
            if !query.matches(&name, &t.text) {
                continue;
            }
            found += 1;
            let versions = labels(&t.versions);
            if a.format == ShowFormat::Json {
                let newest = t.versions.last().map_or(&docs[0], |&v| &docs[v]);
                json.push(Found {
                    document: info.id.as_str(),
                    title: &info.title,
                    kind: "unit",
                    label: Some(&t.unit.label),
                    name,
                    path: newest.heading_path(t.unit).into_iter().map(|h| h.display()).collect(),
                    versions,
                    text: t.text,
                });
                continue;
            }
            let head = format!("{}@{} {name}", info.id, versions.join(","));
            let mut lines: Vec<(&str, Vec<std::ops::Range<usize>>)> =
                t.text.lines().map(|l| (l, query.marks(l))).filter(|(_, m)| !m.is_empty()).collect();
            if lines.is_empty() {
                // Found by its name alone (`第五条`): its first line stands for it.
                lines = t.text.lines().take(1).map(|l| (l, Vec::new())).collect();
            }
            for (line, marks) in lines {
                writeln!(out, "{}: {}", st.bold(&head), paint(line, marks))?;
            }
        }
    }
    if a.format == ShowFormat::Json {
        out = serde_json::to_string_pretty(&json)?;
        out.push('\n');
    }
    print!("{out}");
    if failures > 0 {
        bail!("{failures} document(s) or version(s) could not be read");
    }
    Ok(if found > 0 { Outcome::Ok } else { Outcome::NotFound })
}
