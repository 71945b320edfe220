//! The site's search: every version's text as a script beside the document's pages
//! (`<id>/search.js`), and a page (`search.html`) that loads the scripts of all documents
//! and finds words in them in the browser.
//!
//! Scripts, not JSON fetched when the page opens: a site opened from disk (`file://`)
//! may not fetch files, but it may load scripts. One script per document, written with
//! its other pages: `lexdiff ci` and its merged shards carry the scripts of the documents
//! they built, a rebuild rewrites only those of documents that changed, and
//! `search.html` is written from the site's list of documents, as the index is.

use serde::Serialize;
use serde::ser::SerializeTuple;

use super::{Loaded, segment};
use crate::error::Result;
use crate::render::html::{PageView, Templates};

/// The global the document scripts push to and `search.js` reads.
const GLOBAL: &str = "lexdiffSearch";

/// One document's texts, as its script gives them to the search page.
#[derive(Serialize)]
struct SearchDocument<'a> {
    id: &'a str,
    title: &'a str,
    /// Version labels, oldest first; units name them by index.
    versions: Vec<&'a str>,
    units: Vec<SearchUnit<'a>>,
}

/// A unit's text as one or more versions have it, under one label. Written as an array,
/// `[name, label, versions, text, history]`, to keep the scripts small: the same text of
/// an article is one entry for all the versions that have it.
struct SearchUnit<'a> {
    /// `第三十四条`, or `¶ 7` for a paragraph.
    name: String,
    /// The unit's label: version pages anchor it as `a-<label>`.
    label: &'a str,
    /// The versions with this text under this label, oldest first.
    versions: Vec<usize>,
    /// The unit's lines, joined by `\n`.
    text: String,
    /// Whether the unit has history pages (`articles/<version>/<label>.html`).
    history: bool,
}

impl Serialize for SearchUnit<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut t = s.serialize_tuple(5)?;
        t.serialize_element(&self.name)?;
        t.serialize_element(self.label)?;
        t.serialize_element(&self.versions)?;
        t.serialize_element(&self.text)?;
        t.serialize_element(&u8::from(self.history))?;
        t.end()
    }
}

/// The script of one document: every distinct text of each of its units
/// ([`crate::search::texts`]).
pub fn document_script(l: &Loaded) -> Result<String> {
    let versions: Vec<&str> = l.info.versions.iter().map(|v| v.label()).collect();
    let histories = l.docs.len() > 1;
    let units = crate::search::texts(&l.docs)
        .into_iter()
        .map(|t| SearchUnit {
            name: t.unit.name(),
            label: &t.unit.label,
            history: histories && segment(&t.unit.label).is_ok(),
            versions: t.versions,
            text: t.text,
        })
        .collect();
    let doc = SearchDocument { id: segment(l.info.id.as_str())?, title: &l.info.title, versions, units };
    let json = serde_json::to_string(&doc).expect("a search document serialises");
    Ok(format!("(window.{GLOBAL} = window.{GLOBAL} || []).push({json});\n"))
}

/// A document's script, as the search page loads it.
#[derive(Serialize)]
struct SearchScript {
    src: String,
}

/// The search page, loading the script of each document of `ids`.
pub fn search_page<'a>(
    ids: impl Iterator<Item = &'a str>,
    templates: &Templates,
    page: &PageView,
) -> Result<String> {
    #[derive(Serialize)]
    struct SearchView {
        documents: Vec<SearchScript>,
    }
    let documents = ids
        .map(|id| Ok(SearchScript { src: format!("{}/search.js", segment(id)?) }))
        .collect::<Result<_>>()?;
    templates.page("search.html", page, "search", &SearchView { documents })
}
