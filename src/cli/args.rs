//! Command-line arguments (clap). Only this module knows about clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
    List,
    /// Show the structure of a version, or one article with its paragraphs and items.
    Show(ShowArgs),
    /// Parse every version and compare its counts with document.yaml.
    Check,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The document, optionally with a version: `state-secrets-law@2024` (default: latest).
    pub target: String,
    /// Show one article (`34`, `120-1`, `第三十四条`) or report paragraph (`3.1.2`).
    #[arg(long, short)]
    pub article: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
}
