//! `lexdiff targets`: the quantitative targets of a report across its versions.

use anyhow::{Result, bail};
use rayon::prelude::*;

use super::args::{TargetsArgs, TargetsFormat};
use super::diff::write_output;
use super::{Context, Outcome};
use lexdiff::insights::TargetTable;
use lexdiff::model::{Document, Kind};
use lexdiff::render::insights::{targets_markdown, targets_text};
use lexdiff::source::VersionInfo;

pub fn targets(ctx: &Context, a: &TargetsArgs) -> Result<Outcome> {
    let src = ctx.source_of(&a.doc)?;
    let info = src.document(&a.doc)?;
    if info.kind != Kind::Report {
        bail!("`{}` is a {} document: targets are read from reports", info.id, info.kind);
    }
    let named: Vec<&str> =
        a.labels.iter().map(|l| src.version(info, l).map(VersionInfo::label)).collect::<Result<_, _>>()?;
    // Chronological whatever order they were named in.
    let versions: Vec<&VersionInfo> =
        info.versions.iter().filter(|v| named.is_empty() || named.contains(&v.label())).collect();
    let docs: Vec<Document> =
        versions.par_iter().map(|v| src.load(info, v).map(|p| p.document)).collect::<lexdiff::Result<_>>()?;
    let named: Vec<(&str, &Document)> = versions.iter().map(|v| v.label()).zip(&docs).collect();
    let table = TargetTable::build(&named);
    let out = match a.format {
        TargetsFormat::Text => targets_text(&table),
        TargetsFormat::Md => targets_markdown(&table),
        TargetsFormat::Json => {
            let mut s = serde_json::to_string_pretty(&table)?;
            s.push('\n');
            s
        }
    };
    write_output(a.output.as_deref(), &out)?;
    Ok(Outcome::Ok)
}
