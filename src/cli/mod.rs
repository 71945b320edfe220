//! Command-line layer: clap types live here and are turned into the library's plain
//! options. Errors print as a cause chain; exit codes are 0 ok, 1 differences found (for
//! commands that compare), 2 error.

mod args;
mod build;
mod ci;
mod diff;
mod lineage;
mod output;
mod search;
mod show;
mod store;
mod targets;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Parser;

use args::{Cli, Command, Global};
use lexdiff::meta::{Config, DocId, VersionLabel, read_config};
use lexdiff::model::Date;
use lexdiff::source::{FolderSource, Source, UnionSource};
use lexdiff::store::repo::RepoSource;
use lexdiff::store::{Store, StoreSource};
use lexdiff::versions::VersionsDir;

/// What a command reports back: success, differences found, or (a search) nothing
/// found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    Differences,
    NotFound,
}

/// The parsed command line. Parsing exits the process on `--help`, `--version` and
/// usage errors, as clap does.
pub struct Args(Cli);

/// Parses the command line.
pub fn args() -> Args {
    Args(Cli::parse())
}

/// Runs a parsed command line.
pub fn main(Args(cli): Args) -> ExitCode {
    match run(cli) {
        Ok(Outcome::Ok) => ExitCode::from(0),
        Ok(Outcome::Differences | Outcome::NotFound) => ExitCode::from(1),
        Err(e) => {
            print_error(e.as_ref());
            ExitCode::from(2)
        }
    }
}

/// Prints `lexdiff: <error>` and its cause chain, one cause per line.
pub fn print_error(e: &(dyn std::error::Error + 'static)) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "lexdiff: {e}");
    let mut cause = e.source();
    while let Some(c) = cause {
        let _ = writeln!(err, "  caused by: {c}");
        cause = c.source();
    }
}

fn run(cli: Cli) -> Result<Outcome> {
    let ctx = Context::new(&cli.global)?;
    if ctx.repo.is_some()
        && let Some(name) = ignores_repo(&cli.command)
    {
        // Silently working on the versions folder instead would look like an answer.
        let works_on = match name {
            "eval" | "text" => "reads the files it is given",
            _ => "works on the versions folder and the store",
        };
        let hint =
            if name == "log" { " (`lexdiff list --repo … --path …` lists its versions)" } else { "" };
        anyhow::bail!(
            "`lexdiff {name}` {works_on}, not --repo{hint}; \
             list, show, diff, history, blame, targets, search, build and ci read --repo"
        );
    }
    match cli.command {
        Command::List(a) => show::list(&ctx, &a),
        Command::Show(a) => show::show(&ctx, &a),
        Command::Check => show::check(&ctx),
        Command::Diff(a) => diff::diff(&ctx, &a),
        Command::Eval(a) => diff::eval(&a),
        Command::Import(a) => store::import(&ctx, &a),
        Command::Add(a) => store::add(&ctx, &a),
        Command::Log(a) => store::log(&ctx, &a),
        Command::Build(a) => build::build(&ctx, &a),
        Command::Templates(args::TemplatesCommand::Export { dir, force }) => build::export(&ctx, &dir, force),
        Command::Ci(a) => ci::ci(&ctx, &a),
        Command::History(a) => lineage::history(&ctx, &a),
        Command::Blame(a) => lineage::blame(&ctx, &a),
        Command::Targets(a) => targets::targets(&ctx, &a),
        Command::Search(a) => search::search(&ctx, &a),
        Command::Text(a) => diff::text(&ctx, &a),
        Command::Site(args::SiteCommand::Merge { dirs, out, link_base }) => {
            ci::merge(&ctx, &dirs, &out, &link_base)
        }
    }
}

/// The name of a command that does not read `--repo`.
fn ignores_repo(command: &Command) -> Option<&'static str> {
    match command {
        Command::Check => Some("check"),
        Command::Eval(_) => Some("eval"),
        Command::Text(_) => Some("text"),
        Command::Import(_) => Some("import"),
        Command::Add(_) => Some("add"),
        Command::Log(_) => Some("log"),
        Command::Templates(_) => Some("templates"),
        Command::Site(_) => Some("site"),
        Command::List(_)
        | Command::Show(_)
        | Command::Diff(_)
        | Command::Build(_)
        | Command::Ci(_)
        | Command::History(_)
        | Command::Blame(_)
        | Command::Targets(_)
        | Command::Search(_) => None,
    }
}

/// The project a command runs in: configuration resolved once from `lexdiff.yaml` and the
/// global options, and today's date (the only clock read).
pub struct Context {
    pub root: PathBuf,
    pub versions: PathBuf,
    pub store: PathBuf,
    pub templates: Option<PathBuf>,
    pub out: PathBuf,
    /// `site_url:` in lexdiff.yaml.
    pub site_url: Option<lexdiff::meta::SiteUrl>,
    pub today: Date,
    pub color: bool,
    pub quiet: bool,
    /// `--repo` and `--path`: read versions from a git repository of texts.
    pub repo: Option<(PathBuf, Vec<String>)>,
}

impl Context {
    /// Splits `doc@version` and, reading a store or a versions folder, the store's tag for
    /// it, `doc/version`: a document id and a version label (`../versions` is neither).
    /// With `--repo` a document may be named by its path (`laws/x.md`): `@` only.
    pub fn split_target<'t>(&self, target: &'t str) -> (&'t str, Option<&'t str>) {
        let tag = || {
            let (d, v) = target.split_once('/').filter(|_| self.repo.is_none())?;
            (DocId::new(d).is_ok() && VersionLabel::new(v).is_ok()).then_some((d, v))
        };
        match target.split_once('@').or_else(tag) {
            Some((d, v)) => (d, Some(v)),
            None => (target, None),
        }
    }

    fn new(g: &Global) -> Result<Context> {
        let root = std::env::current_dir().context("cannot determine the current directory")?;
        let config_path = root.join("lexdiff.yaml");
        let config = if config_path.exists() { read_config(&config_path)? } else { Config::default() };
        let pick = |flag: &Option<PathBuf>, conf: &Option<PathBuf>, default: &str| -> PathBuf {
            flag.clone().or_else(|| conf.as_ref().map(|p| root.join(p))).unwrap_or_else(|| root.join(default))
        };
        let versions = pick(&g.versions, &config.versions, "versions");
        let store = pick(&g.store, &config.store, ".lexdiff/store");
        let out = pick(&None, &config.out, "reports");
        let templates = g.templates.clone().or_else(|| config.templates.as_ref().map(|p| root.join(p)));
        Ok(Context {
            root,
            versions,
            store,
            templates,
            out,
            site_url: config.site_url.clone(),
            today: today(),
            color: output::color_enabled(g.color),
            quiet: g.quiet,
            repo: g
                .repo
                .clone()
                .map(|r| (r, if g.path.is_empty() { vec![".".into()] } else { g.path.clone() })),
        })
    }

    /// The templates: built-in, overridden from the configured folder.
    pub fn templates(&self) -> Result<lexdiff::render::html::Templates> {
        Ok(lexdiff::render::html::Templates::new(self.templates.as_deref())?)
    }

    /// Opens the versions folder, printing (not failing on) documents that do not load.
    pub fn folder(&self) -> Result<(FolderSource, usize)> {
        let (dir, errors) = VersionsDir::open(&self.versions, self.today)
            .with_context(|| format!("cannot open the versions folder {}", self.versions.display()))?;
        for e in &errors {
            print_error(e);
        }
        Ok((FolderSource::new(dir), errors.len()))
    }

    /// The source of one document, for the commands about one (`diff`, `show`, `history`,
    /// …): as [`Context::source`], but only that document's metadata and history are read.
    /// Errors in its `document.yaml` are printed as `source` prints them.
    pub fn source_of(&self, id: &str) -> Result<Box<dyn Source>> {
        if let Some((repo, paths)) = &self.repo {
            let src = RepoSource::open_one(repo, paths, id)?;
            self.note_skipped(&src);
            return Ok(Box::new(src));
        }
        let folder = if self.versions.is_dir() {
            match VersionsDir::open_one(&self.versions, id, self.today) {
                Ok(dir) => Some(FolderSource::new(dir)),
                Err(e) => {
                    print_error(&e);
                    Some(FolderSource::new(VersionsDir::empty(&self.versions)))
                }
            }
        } else {
            None
        };
        let store =
            if self.store.exists() { Some(Store::open(&self.store)?.source_of_one(id)?) } else { None };
        let src = self.union(folder, store)?;
        if src.document(id).is_err() {
            // Only that document was read: suggest from the names of the others.
            let mut known: Vec<String> = std::fs::read_dir(&self.versions)
                .map(|entries| {
                    entries
                        .flatten()
                        .filter(|e| e.path().is_dir())
                        .filter_map(|e| e.file_name().into_string().ok())
                        .collect()
                })
                .unwrap_or_default();
            if let Some(store) = self.store.exists().then(|| Store::open(&self.store).ok()).flatten() {
                known.extend(store.document_ids().unwrap_or_default().into_iter().map(|d| d.to_string()));
            }
            let hint = lexdiff::source::did_you_mean(id, known.iter().map(String::as_str));
            return Err(lexdiff::Error::UnknownDocument { id: id.into(), hint }.into());
        }
        Ok(src)
    }

    /// The versions folder and the store read together; an error when there is neither.
    fn union(&self, folder: Option<FolderSource>, store: Option<StoreSource>) -> Result<Box<dyn Source>> {
        if folder.is_none() && store.is_none() {
            anyhow::bail!(
                "no versions folder ({}) and no store ({})",
                display_path(&self.versions, &self.root),
                display_path(&self.store, &self.root)
            );
        }
        Ok(Box::new(UnionSource::new(folder, store)))
    }

    /// Notes the files of a repository's folders that were left out (a README).
    fn note_skipped(&self, src: &RepoSource) {
        if !self.quiet {
            const SHOWN: usize = 3;
            for why in src.skipped().iter().take(SHOWN) {
                eprintln!("note: left out {why} (name the file with --path to read it)");
            }
            if let Some(more) = src.skipped().len().checked_sub(SHOWN).filter(|&n| n > 0) {
                eprintln!("note: and {more} more files left out");
            }
        }
    }

    /// The source read commands use: `--repo`/`--path` when given; otherwise the versions
    /// folder and the store together (texts from the folder first).
    pub fn source(&self) -> Result<(Box<dyn Source>, usize)> {
        if let Some((repo, paths)) = &self.repo {
            // Each file's latest text decides its kind: a law, a report, or plain paragraphs.
            let src = RepoSource::open(repo, paths)?;
            self.note_skipped(&src);
            return Ok((Box::new(src), 0));
        }
        let (folder, failures) = if self.versions.is_dir() {
            let (f, n) = self.folder()?;
            (Some(f), n)
        } else {
            (None, 0)
        };
        let store = if self.store.exists() { Some(Store::open(&self.store)?.source()?) } else { None };
        Ok((self.union(folder, store)?, failures))
    }
}

/// Today's date at UTC+14:00, the first time zone to enter a day: a date later than this
/// is in the future everywhere on earth.
fn today() -> Date {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    Date::from_unix(now, 14 * 60).unwrap_or_else(|| Date::new(1970, 1, 1).expect("valid date"))
}

/// Makes `path` relative to `base` for display, when it is inside it.
pub fn display_path(path: &Path, base: &Path) -> String {
    path.strip_prefix(base).unwrap_or(path).display().to_string()
}
