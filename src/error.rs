//! Library errors. Every variant carries the context a user needs to fix the problem:
//! the file, the line, the field, the document and version.

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::parse::Diagnostic;

/// Result alias for the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where a problem was found: a file and, when known, a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub line: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.path.display()),
            None => write!(f, "{}", self.path.display()),
        }
    }
}

/// Parse diagnostics for one file, shown one per line as `path:line: message`.
#[derive(Debug, Clone)]
pub struct Diagnostics {
    pub path: PathBuf,
    pub items: Vec<Diagnostic>,
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.items.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}:{}: {}", self.path.display(), d.line, d.message)?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("cannot write {}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// The text was read but cannot be used as it is (encoding, NUL bytes, size).
    #[error("{location}: {message}")]
    Input { location: Location, message: String },
    /// The text does not parse.
    #[error("{0}")]
    Parse(Diagnostics),
    /// Metadata (document.yaml, lexdiff.yaml, alignment overrides) is invalid.
    #[error("{location}: {field}: {message}")]
    Meta { location: Location, field: String, message: String },
    #[error("unknown document `{id}`{}", hint.as_deref().map(|h| format!(" ({h})")).unwrap_or_default())]
    UnknownDocument { id: String, hint: Option<String> },
    /// `instead` says what there is: `versions: 2010, 2024`.
    #[error("document `{doc}` has no version `{version}` ({instead})")]
    UnknownVersion { doc: String, version: String, instead: String },
    #[error("{doc}@{version}: no article or paragraph `{label}`{}", match span {
        Some((first, last)) => format!(" (they run from `{first}` to `{last}`)"),
        None => " (it has none)".into(),
    })]
    UnknownUnit { doc: String, version: String, label: String, span: Option<(String, String)> },
    #[error("invalid {what} `{value}`: {reason}")]
    InvalidId { what: &'static str, value: String, reason: &'static str },
    #[error("store {}: {message}", path.display())]
    Store { path: PathBuf, message: String },
    #[error("store {} is busy (another lexdiff is writing to it); retry", path.display())]
    StoreBusy { path: PathBuf },
    /// The site could not be written; the previous one, if any, is intact.
    #[error("cannot write the site to {}", out.display())]
    WriteSite {
        out: PathBuf,
        #[source]
        source: Box<Error>,
    },
    /// An error met while reading a store, naming the store.
    #[error("cannot read the store {}", path.display())]
    InStore {
        path: PathBuf,
        #[source]
        source: Box<Error>,
    },
    #[error("git: {context}")]
    Git {
        context: String,
        #[source]
        source: git2::Error,
    },
    #[error("template {name}: {message}")]
    Template { name: String, message: String },
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// Wraps a git error with what lexdiff was doing.
    pub fn git(context: impl Into<String>) -> impl FnOnce(git2::Error) -> Error {
        let context = context.into();
        move |source| Error::Git { context, source }
    }

    pub fn read(path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> Error {
        let path = path.into();
        move |source| Error::Read { path, source }
    }

    pub fn write(path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> Error {
        let path = path.into();
        move |source| Error::Write { path, source }
    }
}
