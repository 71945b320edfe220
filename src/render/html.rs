//! HTML through minijinja templates: built-in defaults embedded in the binary, each
//! overridable by a file of the same name in a user folder.
//!
//! The built-in templates are compiled when a page first needs one, through a loader; a
//! user's files are registered with the environment, which looks there before it asks
//! the loader, so a user's file replaces the default of its name. Autoescape is on for
//! `.html` and `.xml`. The rows of a comparison table skip the engine while
//! `compare_rows.html` is the built-in one ([`super::rows`]).

use std::path::Path;

use minijinja::value::{Serde, Value};
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::render::view::SectionView;

/// The template of a comparison table's rows.
const ROWS: &str = "compare_rows.html";

/// Extensions of template files (the same set the build script embeds).
pub const EXTENSIONS: [&str; 6] = [".html", ".css", ".js", ".md", ".svg", ".xml"];

/// The built-in templates, `(name, source)` sorted by name: the files of `templates/`,
/// embedded by the build script.
const BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/templates.rs"));

/// The source of the built-in template `name`.
fn builtin_source(name: &str) -> Option<&'static str> {
    BUILTIN.binary_search_by(|(n, _)| n.cmp(&name)).ok().map(|i| BUILTIN[i].1)
}

/// A link in the breadcrumbs.
#[derive(Debug, Clone, Serialize)]
pub struct Crumb {
    pub href: Option<String>,
    pub text: String,
}

/// What every page template receives besides its own view.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    pub title: String,
    /// Relative path from the page to the site root (`""`, `"../"`, `"../../"`).
    pub root: String,
    pub lang: String,
    /// The stylesheet itself, for self-contained pages; otherwise it is linked.
    pub inline_css: Option<String>,
    /// The site's search page, from this page; none for a page outside a site.
    pub search: Option<String>,
    pub breadcrumbs: Vec<Crumb>,
    pub body_class: String,
    /// The store's catalogue commit the site was built from.
    pub store: Option<String>,
    /// Atom feeds of the page's site and document, for a reader to find (`<link
    /// rel="alternate">`); none for a page outside a site.
    pub feeds: Vec<FeedLink>,
}

/// An Atom feed a page announces.
#[derive(Debug, Clone, Serialize)]
pub struct FeedLink {
    pub href: String,
    pub title: String,
}

/// The template environment.
pub struct Templates {
    env: Environment<'static>,
    /// Whether `compare_rows.html` is the built-in one, which [`super::rows`] writes
    /// without the template engine.
    builtin_rows: bool,
}

fn template_error(name: &str, e: &minijinja::Error) -> Error {
    let mut message = e.to_string();
    // Always said, whatever the message holds: a message naming `cell.lines` holds "line".
    if let Some(line) = e.line() {
        message = format!("line {line}: {message}");
    }
    Error::Template { name: e.name().unwrap_or(name).to_string(), message }
}

/// Template variables earlier versions of lexdiff provided, and what replaced them. A user
/// template written for them fails on an undefined value; the error then says what to
/// use instead.
const REPLACED: [(&str, &str); 3] = [
    (
        "cell.lines",
        "`cell.body` (the unit's lines, escaped and marked up, each in a `<p class=\"line depth-N\">`)",
    ),
    ("line.pieces", "`line.html` (the line, escaped and marked up)"),
    ("s.rows", "`s.html` (each section's rows are rendered through compare_rows.html)"),
];

impl Templates {
    /// An error while rendering, with a hint when the failing line uses a variable that
    /// was replaced (see [`REPLACED`]).
    fn render_error(&self, name: &str, e: &minijinja::Error) -> Error {
        let mut err = template_error(name, e);
        if e.kind() != minijinja::ErrorKind::UndefinedError {
            return err;
        }
        let source = self.env.get_template(e.name().unwrap_or(name)).map(|t| t.source().to_string());
        let (Ok(source), Some(line)) = (source, e.line()) else {
            return err;
        };
        let text = source.lines().nth(line.saturating_sub(1)).unwrap_or_default();
        if let Error::Template { message, .. } = &mut err {
            for (old, new) in REPLACED.iter().filter(|(old, _)| text.contains(old)) {
                message.push_str(&format!("; `{old}` was replaced by {new}"));
            }
        }
        err
    }

    /// The built-in templates, with the files of `user_dir` (when given) replacing
    /// them by name. A folder that was asked for but does not exist is an error, and so
    /// is a user template that does not parse.
    pub fn new(user_dir: Option<&Path>) -> Result<Templates> {
        let mut env = Environment::new();
        // Compiled when first rendered: a one-off `diff` renders four of the templates,
        // and compiling the others was 5 % of its instructions (the secrecy law).
        env.set_loader(|name| Ok(builtin_source(name).map(str::to_string)));
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        let mut builtin_rows = true;
        if let Some(dir) = user_dir {
            if !dir.is_dir() {
                return Err(Error::Template {
                    name: dir.display().to_string(),
                    message: "the templates folder does not exist".into(),
                });
            }
            for (name, source) in read_dir(dir, dir)? {
                // An exported copy left as it was keeps the fast rows.
                builtin_rows &= name != ROWS || Some(source.as_str()) == builtin_source(ROWS);
                env.add_template_owned(name.clone(), source).map_err(|e| template_error(&name, &e))?;
            }
        }
        Ok(Templates { env, builtin_rows })
    }

    /// A section of a comparison table: its `<tbody>` from `compare_rows.html`, written
    /// in Rust ([`super::rows`]) while that template is the built-in one.
    pub fn section(&self, page: &PageView, section: &SectionView) -> Result<String> {
        if self.builtin_rows {
            Ok(super::rows::section(section))
        } else {
            self.page(ROWS, page, "section", section)
        }
    }

    /// Renders a page template with `page` and the page's own view under `key`.
    pub fn page<T: Serialize>(&self, name: &str, page: &PageView, key: &str, view: &T) -> Result<String> {
        let tmpl = self.env.get_template(name).map_err(|e| template_error(name, &e))?;
        tmpl.render(context(page, key, view)).map_err(|e| self.render_error(name, &e))
    }

    /// Like [`Templates::page`], written into `out` as it is rendered.
    pub fn page_to<T: Serialize>(
        &self,
        name: &str,
        page: &PageView,
        key: &str,
        view: &T,
        out: &mut dyn std::io::Write,
    ) -> Result<()> {
        let tmpl = self.env.get_template(name).map_err(|e| template_error(name, &e))?;
        // The returned state is for inspecting template variables; the output went to `out`.
        tmpl.render_captured_to(context(page, key, view), out)
            .map(drop)
            .map_err(|e| self.render_error(name, &e))
    }

    /// A file pages link to, `style.css` or `search.js`: a template rendered without
    /// variables, so that it can be overridden and split with `{% include %}` like the
    /// pages.
    pub fn asset(&self, name: &str) -> Result<String> {
        let tmpl = self.env.get_template(name).map_err(|e| template_error(name, &e))?;
        tmpl.render(Value::from(())).map_err(|e| template_error(name, &e))
    }

    /// The built-in templates: (name, source), sorted by name.
    pub fn builtin() -> Vec<(String, String)> {
        BUILTIN.iter().map(|(n, s)| (n.to_string(), s.to_string())).collect()
    }
}

/// What a page template receives: `page` and the page's own view under `key`.
fn context<T: Serialize>(page: &PageView, key: &str, view: &T) -> Value {
    let mut ctx: std::collections::BTreeMap<&str, Value> = std::collections::BTreeMap::new();
    ctx.insert("page", Value::from(Serde(page)));
    ctx.insert(key, Value::from(Serde(view)));
    Value::from(ctx)
}

/// Template files under `dir`, named by their path relative to `root` with `/`.
fn read_dir(dir: &Path, root: &Path) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(Error::read(dir))?
        .collect::<std::io::Result<_>>()
        .map_err(Error::read(dir))?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let file_name = e.file_name().to_string_lossy().into_owned();
        if file_name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            out.extend(read_dir(&path, root)?);
        } else if EXTENSIONS.iter().any(|x| file_name.ends_with(x)) {
            let name = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            let source = std::fs::read_to_string(&path).map_err(Error::read(&path))?;
            out.push((name, source));
        }
    }
    Ok(out)
}

/// Writes the built-in templates into `dir` (created if needed). Existing files are
/// left alone unless `force`; the names written are returned.
pub fn export(dir: &Path, force: bool) -> Result<Vec<String>> {
    std::fs::create_dir_all(dir).map_err(Error::write(dir))?;
    let mut written = Vec::new();
    for (name, source) in Templates::builtin() {
        let path = dir.join(&name);
        if path.exists() && !force {
            return Err(Error::Usage(format!("{} exists; use --force to overwrite", path.display())));
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(Error::write(parent))?;
        }
        crate::fsutil::write_atomic(&path, source.as_bytes())?;
        written.push(name);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in templates are compiled only when first rendered: each one compiles,
    /// the build script embedded every file of `templates/`, and a user's file of the
    /// same name is the one rendered.
    #[test]
    fn built_in_templates_compile_when_asked_for_and_a_users_replace_them() {
        let names: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let on_disk: Vec<(String, String)> = read_dir(&root, &root).unwrap();
        assert_eq!(names, on_disk.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>());
        assert!(on_disk.iter().all(|(n, s)| builtin_source(n) == Some(s.as_str())));
        let t = Templates::new(None).unwrap();
        for name in &names {
            t.env.get_template(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        assert!(builtin_source("nonesuch.html").is_none() && t.env.get_template("nonesuch.html").is_err());
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("style.css"), "body { color: red; }").unwrap();
        let t = Templates::new(Some(dir.path())).unwrap();
        assert_eq!(t.asset("style.css").unwrap(), "body { color: red; }");
        assert_eq!(t.asset("search.js").unwrap(), builtin_source("search.js").unwrap().trim_end());
    }

    /// The rows skip the engine unless the user's `compare_rows.html` differs from the
    /// built-in one: exporting every template to edit one keeps them fast.
    #[test]
    fn only_a_changed_row_template_is_rendered_by_the_engine() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Templates::new(None).unwrap().builtin_rows);
        export(dir.path(), false).unwrap();
        assert!(Templates::new(Some(dir.path())).unwrap().builtin_rows);
        let rows = dir.path().join(ROWS);
        let source = std::fs::read_to_string(&rows).unwrap();
        std::fs::write(&rows, source.replace("<tbody>", "<tbody class=\"mine\">")).unwrap();
        assert!(!Templates::new(Some(dir.path())).unwrap().builtin_rows);
    }
}
