//! The site's search: every version's text as a script beside the document's pages
//! (`<id>/search.js`), and a page (`search.html`) that loads the scripts of all documents
//! and finds words in them in the browser.
//!
//! Scripts, not JSON fetched when the page opens: a site opened from disk (`file://`)
//! may not fetch files, but it may load scripts. One script per document, written with
//! its other pages: `lexdiff ci` and its merged shards carry the scripts of the documents
//! they built, a rebuild rewrites only those of documents that changed, and
//! `search.html` is written from the site's list of documents, as the index is.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use serde::Serialize;
use serde::ser::SerializeTuple;

use super::{Loaded, segment, unit_name};
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

/// The script of one document: every distinct text of each of its units, the newest
/// version's units first, in their order, then what only earlier versions had.
pub fn document_script(l: &Loaded) -> Result<String> {
    let versions: Vec<&str> = l.info.versions.iter().map(|v| v.label()).collect();
    let histories = l.docs.len() > 1;
    let mut units: Vec<SearchUnit<'_>> = Vec::new();
    let mut seen: HashMap<(&str, String), usize> = HashMap::new();
    for (v, d) in l.docs.iter().enumerate().rev() {
        for u in &d.units {
            let text = u.lines().map(|line| line.text).collect::<Vec<_>>().join("\n");
            match seen.entry((u.label.as_str(), text)) {
                Entry::Occupied(e) => units[*e.get()].versions.push(v),
                Entry::Vacant(e) => {
                    units.push(SearchUnit {
                        name: unit_name(u),
                        label: &u.label,
                        versions: vec![v],
                        text: e.key().1.clone(),
                        history: histories && segment(&u.label).is_ok(),
                    });
                    e.insert(units.len() - 1);
                }
            }
        }
    }
    for u in &mut units {
        u.versions.reverse();
    }
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
