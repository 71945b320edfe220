//! Command-line arguments (clap). Only this module knows about clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use lexdiff::model::Kind;

#[derive(Debug, Parser)]
#[command(
    name = "lexdiff",
    version,
    about = "Keep every version of a legal or report text in git and see, article by article, what changed.",
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options accepted before or after any subcommand.
#[derive(Debug, Args)]
pub struct Global {
    /// The git store [default: .lexdiff/store, or `store:` in lexdiff.yaml].
    #[arg(long, global = true, value_name = "PATH")]
    pub store: Option<PathBuf>,
    /// The folder of versions [default: versions, or `versions:` in lexdiff.yaml].
    #[arg(long, global = true, value_name = "DIR")]
    pub versions: Option<PathBuf>,
    /// A folder whose templates override the built-in ones.
    #[arg(long, global = true, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Read versions from any git repository of texts instead (see --path).
    #[arg(long, global = true, value_name = "PATH")]
    pub repo: Option<PathBuf>,
    /// A file inside --repo whose commits are the versions (`laws/x.md`), or a folder
    /// whose .txt, .md and .docx files are all read (`constitution/`); repeat for more
    /// [default: `.`, the whole repository].
    #[arg(long, global = true, value_name = "PATH", requires = "repo")]
    pub path: Vec<String>,
    /// When to colour terminal output (NO_COLOR is honoured in `auto`).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print only errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List documents and their versions with dates and article counts.
    List(ListArgs),
    /// Show the structure of a version, or one article with its paragraphs and items.
    Show(ShowArgs),
    /// Parse every version and compare its counts with document.yaml.
    Check,
    /// Compare two versions article by article (exit 1 when they differ).
    Diff(DiffArgs),
    /// Score an alignment map against a gold map (pair and added/deleted F1).
    Eval(EvalArgs),
    /// Create or update the store from the versions folder.
    Import(ImportArgs),
    /// Add one version of a document (to the versions folder and the store).
    // `--version` here is the version's label, so this command has no `-V/--version`.
    #[command(disable_version_flag = true)]
    Add(AddArgs),
    /// The versions of a document in the store, with dates, sizes and commits.
    Log(LogArgs),
    /// Build the static report site (importing the versions folder first when needed).
    Build(BuildArgs),
    /// Work with the HTML templates.
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Report on texts that gained versions between two commits (exit 1 when they did).
    Ci(CiArgs),
    /// Work with built sites.
    #[command(subcommand)]
    Site(SiteCommand),
    /// An article's lineage through every version (a graph: splits and merges).
    History(HistoryArgs),
    /// Which version introduced each part of each article.
    Blame(BlameArgs),
    /// The quantitative targets of a report across its versions, paired by indicator.
    Targets(TargetsArgs),
    /// Find words in every version of every document (exit 1 when nothing is found).
    Search(SearchArgs),
    /// Print a file's text as lexdiff reads it: UTF-8, a paragraph per line (as a git
    /// textconv, `git diff` and `git blame` then read Word files)
    Text(TextArgs),
}

#[derive(Debug, Args)]
pub struct TextArgs {
    /// The file (UTF-8, GBK/GB18030/Big5/UTF-16, a Word .docx or a saved web page); `-`
    /// reads standard input.
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words that must all be in one article (its number or its text) or one heading;
    /// either case, full-width forms as ASCII (`（一）` finds `(一)`), as the site's search
    /// page does.
    #[arg(required = true, value_name = "WORD")]
    pub words: Vec<String>,
    /// Only in this document (repeat for more) [default: every document].
    #[arg(long = "doc", short, value_name = "ID")]
    pub docs: Vec<String>,
    /// Output format: text (a line per matching line: `<doc>@<versions> <article>: <line>`,
    /// headings first as `<doc>@<versions> <enclosing headings>: <heading>`), or json (each
    /// article's text or heading, its enclosing headings and the versions that have it).
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

#[derive(Debug, Args)]
pub struct TargetsArgs {
    /// The report document (`gov-work-report-national`).
    pub doc: String,
    /// Only these versions [default: all].
    #[arg(value_name = "VERSION")]
    pub labels: Vec<String>,
    #[arg(long, short, value_enum, default_value_t = TargetsFormat::Text)]
    pub format: TargetsFormat,
    /// Write to a file instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TargetsFormat {
    Text,
    Json,
    Md,
}

#[derive(Debug, Args)]
#[command(
    group = clap::ArgGroup::new("unit").required(true).args(["article", "article_flag"]),
    override_usage = "lexdiff history [OPTIONS] <DOC> <ARTICLE>"
)]
pub struct HistoryArgs {
    /// The document, optionally with the version the article number refers to, as `show`
    /// takes it (`state-secrets-law@2010`, `state-secrets-law/2010`; or `--at`).
    pub doc: String,
    /// The article (`34`, `10-1`, `第三十四条`) or report paragraph (`3.1.2`).
    pub article: Option<String>,
    /// The article, as a flag (as `show` and `blame` take it).
    #[arg(long = "article", short = 'a', value_name = "ARTICLE", conflicts_with = "article")]
    pub article_flag: Option<String>,
    /// The version the article number refers to [default: the latest].
    #[arg(long)]
    pub at: Option<String>,
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
    /// Also print what each version changed along the lineage, as `diff` prints it (like
    /// `git log -p`; text format only).
    #[arg(long, short = 'p')]
    pub patch: bool,
}

#[derive(Debug, Args)]
pub struct BlameArgs {
    /// The document, optionally with a version: `state-secrets-law@2024` or its tag
    /// `state-secrets-law/2024` (default: latest).
    pub target: String,
    /// Only this article.
    pub article: Option<String>,
    /// Only this article, as a flag.
    #[arg(long = "article", short = 'a', value_name = "ARTICLE", conflicts_with = "article")]
    pub article_flag: Option<String>,
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

#[derive(Debug, Args)]
pub struct CiArgs {
    /// The commit to compare from (`HEAD~1`, `origin/main`, a sha).
    #[arg(long)]
    pub base: String,
    /// The commit to compare to.
    #[arg(long, default_value = "HEAD")]
    pub head: String,
    /// Process only shard K of N (`2/3`), for splitting a corpus across runners.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Output folder: site/, summary.md, summary.json.
    #[arg(long, short, default_value = "lexdiff-ci")]
    pub out: PathBuf,
    /// Parse changed texts as this kind [default: a law when the text has articles, a
    /// report when it has numbered sections; other texts are skipped].
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Prefix for report links in summary.md (e.g. the Pages URL of the site folder).
    #[arg(long, default_value = "")]
    pub link_base: String,
}

#[derive(Debug, Subcommand)]
pub enum SiteCommand {
    /// Merge the outputs of sharded `lexdiff ci` runs into one.
    Merge {
        /// The shard output folders.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// The merged output folder.
        #[arg(long, short)]
        out: PathBuf,
        /// Prefix for report links in summary.md.
        #[arg(long, default_value = "")]
        link_base: String,
    },
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Where to write the site [default: reports, or `out:` in lexdiff.yaml].
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Do not import the versions folder first; build from what the sources hold.
    #[arg(long)]
    pub no_import: bool,
    /// The address the site is published at (`https://example.org/laws/`): the Atom
    /// feeds (`feed.xml`) then link there [default: `site_url:` in lexdiff.yaml, else links
    /// relative to each feed].
    #[arg(long, value_name = "URL", value_parser = parse_site_url)]
    pub site_url: Option<lexdiff::meta::SiteUrl>,
}

fn parse_site_url(s: &str) -> Result<lexdiff::meta::SiteUrl, String> {
    lexdiff::meta::SiteUrl::new(s)
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Copy the built-in templates into a folder, to edit and pass with --templates.
    Export {
        /// The folder to write.
        dir: PathBuf,
        /// Overwrite files that exist.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The versions folder [default: versions, or `versions:` in lexdiff.yaml].
    pub dir: Option<PathBuf>,
    /// Record a text that changed since it was imported as a correction (a new commit
    /// with a `Correction:` trailer) instead of refusing it.
    #[arg(long)]
    pub record_correction: bool,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The document id (`state-secrets-law`); a new id creates a document.
    pub doc: String,
    /// The text of the version (UTF-8, or GBK/GB18030/Big5/UTF-16, converted; or a Word
    /// .docx or a saved web page, read as its paragraphs); `-` reads standard input.
    pub file: PathBuf,
    /// The version's label (`1988`).
    #[arg(long = "version", value_name = "LABEL")]
    pub version: String,
    /// The date the version was adopted (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub adopted: String,
    /// The date it took effect (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub effective: Option<String>,
    /// Where the text comes from [default: the `source` of the text's front matter, else
    /// `added with lexdiff add`].
    #[arg(long)]
    pub source: Option<String>,
    /// The amending act or session.
    #[arg(long, value_name = "ACT")]
    pub amended_by: Option<String>,
    /// Only add to the store, not to the versions folder.
    #[arg(long)]
    pub store_only: bool,
    /// Store the text as given. By default a text copied from a PDF (wrapped lines, page
    /// numbers) is stored one paragraph per line, as lexdiff reads it.
    #[arg(long)]
    pub keep_layout: bool,
    /// Title of a new document [default: the `title` of the text's front matter, else
    /// the text's title line].
    #[arg(long)]
    pub title: Option<String>,
    /// Kind of a new document.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Language of a new document (BCP 47).
    #[arg(long, default_value = "zh")]
    pub language: String,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// The document id.
    pub doc: String,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("input").required(true).args(["doc", "files"]))]
pub struct DiffArgs {
    /// The document (`state-secrets-law`), or its old version as `show` names one
    /// (`state-secrets-law/2010`, `state-secrets-law@2010`): then OLD is the new version.
    pub doc: Option<String>,
    /// The old version's label [default: the version before the latest].
    pub old: Option<String>,
    /// The new version's label [default: the latest].
    pub new: Option<String>,
    /// Compare two text files (or Word .docx files, or saved web pages) instead of stored
    /// versions (`-` for one of them reads standard input).
    #[arg(long, num_args = 2, value_names = ["OLD", "NEW"], conflicts_with = "doc")]
    pub files: Option<Vec<PathBuf>>,
    /// How to parse the files [default: law; without articles, report when the text has
    /// numbered sections (`一、`, `二、`), else plain].
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Output format [default: the one the extension of the -o file names (.html, .md,
    /// .json, .tsv), else text].
    #[arg(long, short, value_enum)]
    pub format: Option<DiffFormat>,
    /// Write to a file instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Text and Word formats: also list unchanged articles.
    #[arg(long)]
    pub all: bool,
    /// Text format: an overview, each changed article (a split or merge as one) on a line
    /// with the characters it deleted and inserted, without the texts (as `git diff --stat`).
    #[arg(long)]
    pub stat: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Law,
    Report,
    Plain,
}

impl From<KindArg> for Kind {
    fn from(k: KindArg) -> Kind {
        match k {
            KindArg::Law => Kind::Law,
            KindArg::Report => Kind::Report,
            KindArg::Plain => Kind::Plain,
        }
    }
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Output format: text, or json for scripts (each document with its versions, their
    /// dates, commits and sizes).
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
    Md,
    Map,
    /// A self-contained HTML page (stylesheet inlined).
    Html,
    /// A Word document: the 修订对照表 as a table, changed rows only (--all: every row).
    Docx,
    /// A draft amending decision (修改决定): numbered instructions that turn the old text
    /// into the new (`将第十二条中的“保护”修改为“保障”`); laws only.
    Decision,
    /// The draft decision as JSON, for scripts: each edit with what it quotes, where (byte
    /// ranges in the old article's text) and what it becomes.
    DecisionJson,
}

impl DiffArgs {
    /// The format asked for, else the one the output file's extension names: `-o
    /// report.html` writes the HTML report, not terminal text into a `.html` file.
    pub fn format(&self) -> DiffFormat {
        let by_extension = || {
            let ext = self.output.as_deref()?.extension()?.to_str()?.to_ascii_lowercase();
            Some(match ext.as_str() {
                "html" | "htm" => DiffFormat::Html,
                "md" | "markdown" => DiffFormat::Md,
                "json" => DiffFormat::Json,
                "tsv" => DiffFormat::Map,
                "docx" => DiffFormat::Docx,
                _ => return None,
            })
        };
        self.format.or_else(by_extension).unwrap_or(DiffFormat::Text)
    }
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The reference map (e.g. a hand-checked gold map).
    pub gold: PathBuf,
    /// The map to score (`lexdiff diff … --format map`).
    pub map: PathBuf,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The document, optionally with a version: `state-secrets-law@2024` or its tag
    /// `state-secrets-law/2024` (default: latest).
    pub target: String,
    /// Show one article (`34`, `120-1`, `第三十四条`) or report paragraph (`3.1.2`).
    pub article: Option<String>,
    /// Show one article, as a flag.
    #[arg(long = "article", short = 'a', value_name = "ARTICLE", conflicts_with = "article")]
    pub article_flag: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use std::collections::BTreeSet;

    /// clap checks a command's definition only in debug builds, and the tests run in
    /// release: two arguments of one command with the same name would go unnoticed here
    /// and make a debug build panic at start.
    #[test]
    fn no_two_arguments_of_a_command_share_a_name() {
        fn check(cmd: &clap::Command, path: &str) {
            let (mut ids, mut longs, mut shorts) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
            for a in cmd.get_arguments() {
                assert!(ids.insert(a.get_id().as_str()), "{path}: two arguments {}", a.get_id());
                if let Some(l) = a.get_long() {
                    assert!(longs.insert(l), "{path}: two options --{l}");
                }
                if let Some(s) = a.get_short() {
                    assert!(shorts.insert(s), "{path}: two options -{s}");
                }
            }
            for sub in cmd.get_subcommands() {
                check(sub, &format!("{path} {}", sub.get_name()));
            }
        }
        let mut cmd = Cli::command();
        cmd.build();
        check(&cmd, "lexdiff");
    }
}

/// The article a command was given, as an argument or with `--article`.
macro_rules! article_of {
    ($($t:ty),*) => {$(
        impl $t {
            pub fn article(&self) -> Option<&str> {
                self.article.as_deref().or(self.article_flag.as_deref())
            }
        }
    )*};
}
article_of!(HistoryArgs, BlameArgs, ShowArgs);
