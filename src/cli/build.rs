//! `lexdiff build` and `lexdiff templates export`.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Result, bail};

use super::args::BuildArgs;
use super::diff::overrides_for;
use super::store::{describe, import_dir};
use super::{Context, Outcome, display_path, print_error};
use lexdiff::site::{Feeds, SiteOptions, build as build_site};
use lexdiff::store::{MAIN, Store};

/// A progress bar on a terminal; nothing in CI, in pipes or with --quiet.
fn progress_bar(ctx: &Context) -> Option<indicatif::ProgressBar> {
    let interactive = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none() && !ctx.quiet;
    interactive.then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} building {pos}/{len} documents {wide_bar} {elapsed}",
            )
            .expect("a valid template"),
        );
        bar
    })
}

pub fn build(ctx: &Context, a: &BuildArgs) -> Result<Outcome> {
    let out = a.out.clone().unwrap_or_else(|| ctx.out.clone());
    let templates = ctx.templates()?;
    if !a.no_import && ctx.repo.is_none() && ctx.versions.is_dir() {
        let (reports, failures) = import_dir(ctx, &ctx.versions, false)?;
        if failures > 0 {
            bail!("{failures} document(s) could not be imported; the site was not built");
        }
        let changed = reports.iter().filter(|r| r.outcome != lexdiff::store::ImportOutcome::UpToDate).count();
        if !ctx.quiet && changed > 0 {
            eprint!("{}", describe(&reports));
        }
    }
    let (src, failures) = ctx.source()?;
    if failures > 0 {
        bail!("{failures} document(s) could not be read; the site was not built");
    }
    let store = Store::open(&ctx.store)
        .ok()
        .and_then(|s| s.repo().find_reference(MAIN).ok().and_then(|r| r.target()))
        .map(|id| id.to_string()[..12].to_string());
    let bar = progress_bar(ctx);
    let progress = |done: usize, total: usize| {
        if let Some(b) = &bar {
            b.set_length(total as u64);
            b.set_position(done as u64);
        }
    };
    let overrides =
        |doc: &_, old: &str, new: &str, o: &_, n: &_| overrides_for(ctx, src.as_ref(), doc, o, n, old, new);
    let opts = SiteOptions {
        title: "lexdiff 修订对照 reports".into(),
        store,
        compare: Default::default(),
        overrides: &overrides,
        progress: &progress,
        feeds: Some(Feeds { site_url: a.site_url.clone().or_else(|| ctx.site_url.clone()) }),
    };
    let report = build_site(src.as_ref(), &templates, &out, &opts)?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if !ctx.quiet {
        println!(
            "wrote {} pages to {}: {} documents, {} versions, {} comparisons",
            report.pages,
            display_path(&out, &ctx.root),
            report.documents,
            report.versions,
            report.comparisons
        );
    }
    for e in &report.failed {
        print_error(e);
    }
    if !report.failed.is_empty() {
        bail!("{} document(s) could not be read and were left out of the site", report.failed.len());
    }
    Ok(Outcome::Ok)
}

pub fn export(ctx: &Context, dir: &Path, force: bool) -> Result<Outcome> {
    let written = lexdiff::render::html::export(dir, force)?;
    if !ctx.quiet {
        println!("wrote {} templates to {}: {}", written.len(), dir.display(), written.join(", "));
        println!("edit them and pass --templates {} (or set `templates:` in lexdiff.yaml)", dir.display());
    }
    Ok(Outcome::Ok)
}
