//! `lexdiff ci` and `lexdiff site merge`.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};

use super::args::CiArgs;
use super::{Context, Outcome, display_path};
use lexdiff::ci::{CiOptions, merge as merge_shards, run};
use lexdiff::model::Kind;

fn parse_shard(s: &str) -> Result<(u32, u32)> {
    let (k, n) = s.split_once('/').ok_or_else(|| anyhow!("--shard `{s}`: expected K/N, like 2/3"))?;
    let (k, n): (u32, u32) = (k.parse()?, n.parse()?);
    if n == 0 || k == 0 || k > n {
        return Err(anyhow!("--shard `{s}`: K must be between 1 and N"));
    }
    Ok((k, n))
}

pub fn ci(ctx: &Context, a: &CiArgs) -> Result<Outcome> {
    let repo = ctx.repo.as_ref().map(|(r, _)| r.clone()).unwrap_or_else(|| ctx.root.clone());
    let opts = CiOptions {
        base: a.base.clone(),
        head: a.head.clone(),
        shard: a.shard.as_deref().map(parse_shard).transpose()?,
        kind: a.kind.map(Kind::from),
        link_base: a.link_base.clone(),
        compare: Default::default(),
        within: ctx.repo.as_ref().map(|(_, paths)| paths.clone()).unwrap_or_default(),
        today: super::today(),
    };
    let summary = run(&repo, &opts, &ctx.templates()?, &a.out)?;
    if !ctx.quiet {
        eprintln!(
            "{} document(s) with new versions, {} file(s) skipped; wrote {}",
            summary.documents.len(),
            summary.skipped.len(),
            display_path(&a.out, &ctx.root)
        );
    }
    for e in &summary.failed {
        eprintln!("lexdiff: {e}");
    }
    if !summary.failed.is_empty() {
        bail!("{} changed file(s) could not be read; the others are reported", summary.failed.len());
    }
    Ok(if summary.changed { Outcome::Differences } else { Outcome::Ok })
}

pub fn merge(ctx: &Context, dirs: &[PathBuf], out: &Path, link_base: &str) -> Result<Outcome> {
    let summary = merge_shards(dirs, out, &ctx.templates()?, link_base)?;
    if !ctx.quiet {
        eprintln!(
            "merged {} shard(s): {} document(s) into {}",
            dirs.len(),
            summary.documents.len(),
            display_path(out, &ctx.root)
        );
    }
    Ok(if summary.changed { Outcome::Differences } else { Outcome::Ok })
}
