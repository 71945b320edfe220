//! The site's search: every version's text as a script beside the document's pages
//! (`<id>/search.js`), an index saying which documents have which characters and pairs
//! of characters (`_search/`), and a page (`search.html`) that looks a query's pairs up
//! in the index, loads the scripts of the documents that have them all, and finds the
//! words in those, in the browser.
//!
//! Scripts, not JSON fetched when the page opens: a site opened from disk (`file://`)
//! may not fetch files, but it may load scripts. One script per document, written with
//! its other pages: `lexdiff ci` and its merged shards carry the scripts of the documents
//! they built, a rebuild rewrites only those of documents that changed. The index is
//! made from those scripts (as `search.html` is from the site's list of documents), so a
//! merged site's index is the one a single run writes, and it never names a text the
//! scripts do not have.
//!
//! The index, not every script: 40 documents' scripts are 2.9 MB, and a collection of
//! thousands would be hundreds. The index is split by a hash of the key into shards
//! of about [`SHARD_POSTINGS`] entries, so a query loads a few shards and the scripts
//! of the documents that can match, whatever the number of documents.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::IgnoredAny;
use serde::ser::SerializeTuple;
use serde::{Deserialize, Serialize};

use super::{Loaded, Page, segment};
use crate::error::{Error, Location, Result};
use crate::render::html::{PageView, Templates};

/// The global the document scripts push to and `search.js` reads.
const GLOBAL: &str = "lexdiffSearch";

/// The folder of the index: no document's id can name it (ids start with a letter or
/// digit).
const INDEX_DIR: &str = "_search";

/// About how many (key, document) entries a shard of the index holds: some 80 KB of
/// script, so a query of a few words loads a few hundred KB of index.
pub const SHARD_POSTINGS: usize = 16_384;

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
    Ok(format!("{}{json}{}", script_prefix(), SCRIPT_SUFFIX))
}

fn script_prefix() -> String {
    format!("(window.{GLOBAL} = window.{GLOBAL} || []).push(")
}

const SCRIPT_SUFFIX: &str = ");\n";

/// The path of a document's script in the site.
pub fn script_path(id: &str) -> Result<PathBuf> {
    Ok(Path::new(segment(id)?).join("search.js"))
}

/// What a search can look up of one document: each character and each pair of
/// adjacent characters of its units' names and texts, as searches fold them
/// ([`crate::search::fold`]), sorted. A word of a query is in a unit only if its
/// characters (one) or its pairs (more) all are, so the documents that have them all
/// are the only ones whose script the page need load.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys(Vec<u64>);

impl Keys {
    /// The keys of texts.
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a str>) -> Keys {
        let mut keys = Vec::new();
        for text in texts {
            let folded = crate::search::fold(text);
            let mut chars = folded.chars().peekable();
            while let Some(c) = chars.next() {
                if splits_query(c) {
                    continue;
                }
                keys.push(pack(c, None));
                if let Some(&next) = chars.peek().filter(|&&n| !splits_query(n)) {
                    keys.push(pack(c, Some(next)));
                }
            }
        }
        keys.sort_unstable();
        keys.dedup();
        Keys(keys)
    }

    /// The keys of a document's script (as [`document_script`] writes it), read from
    /// `path`: what the page will search in, whoever wrote it.
    pub fn of_script(script: &[u8], path: &Path) -> Result<Keys> {
        /// A unit of a script: its name and text; label, versions and history unread.
        type ScriptUnit = (String, IgnoredAny, IgnoredAny, String, IgnoredAny);
        #[derive(Deserialize)]
        struct Script {
            units: Vec<ScriptUnit>,
        }
        let bad = |line: Option<usize>, message: String| Error::Meta {
            location: Location { path: path.to_path_buf(), line },
            field: "search script".into(),
            message,
        };
        let text = std::str::from_utf8(script).map_err(|e| bad(None, e.to_string()))?;
        let json = text
            .strip_prefix(script_prefix().as_str())
            .and_then(|t| t.strip_suffix(SCRIPT_SUFFIX))
            .ok_or_else(|| {
                bad(Some(1), format!("not a document's search script (`{}…`)", script_prefix()))
            })?;
        let doc: Script = serde_json::from_str(json).map_err(|e| bad(Some(e.line()), e.to_string()))?;
        Ok(Keys::of(doc.units.iter().flat_map(|u| [u.0.as_str(), u.3.as_str()])))
    }

    /// The keys as text: `保`, `保密`.
    pub fn strings(&self) -> impl Iterator<Item = String> + '_ {
        self.0.iter().map(|&k| unpack(k))
    }
}

/// Whether `c` separates the words of a query in the browser (JavaScript's `\s`: white
/// space but U+0085, and U+FEFF): a word never holds one, so neither need a key.
fn splits_query(c: char) -> bool {
    (c.is_whitespace() && c != '\u{85}') || c == '\u{FEFF}'
}

/// A character, or a pair, as one number: the first character above 21 bits, the
/// second plus one below (none is 0), so that keys sort and compare as numbers.
fn pack(a: char, b: Option<char>) -> u64 {
    (u64::from(a) << 21) | b.map_or(0, |b| u64::from(b) + 1)
}

fn unpack(k: u64) -> String {
    let char_of = |n: u64| u32::try_from(n).ok().and_then(char::from_u32).unwrap_or('\u{FFFD}');
    let mut s = String::from(char_of(k >> 21));
    if k & 0x1F_FFFF != 0 {
        s.push(char_of((k & 0x1F_FFFF) - 1));
    }
    s
}

/// The shard of the index that holds `key` among `shards`: FNV-1a over its characters'
/// code points, as `search.js` computes it.
pub fn shard_of(key: &str, shards: u32) -> u32 {
    let hash = key.chars().fold(0x811C_9DC5_u32, |h, c| (h ^ u32::from(c)).wrapping_mul(0x0100_0193));
    hash % shards
}

/// The index of the site's search (`_search/index.js`: its folder, the number of shards
/// and each document's id and title, in the order the shards number them;
/// `_search/<k>.js`: for each key of shard k, the documents that have it). `documents` are the site's
/// documents, each with its title and keys.
pub fn index_pages(documents: Vec<(&str, &str, Keys)>) -> Result<Vec<Page>> {
    let total: usize = documents.iter().map(|d| d.2.0.len()).sum();
    let shards = total.div_ceil(SHARD_POSTINGS).max(1).next_power_of_two();
    let shards = u32::try_from(shards).unwrap_or(1 << 31);
    let mut postings: BTreeMap<u64, Vec<u32>> = BTreeMap::new();
    let mut list = Vec::with_capacity(documents.len());
    for (n, (id, title, keys)) in (0u32..).zip(documents) {
        list.push((segment(id)?, title));
        for k in keys.0 {
            postings.entry(k).or_default().push(n);
        }
    }
    let mut parts: Vec<BTreeMap<String, Vec<u32>>> = vec![BTreeMap::new(); shards as usize];
    for (k, docs) in postings {
        let key = unpack(k);
        parts[shard_of(&key, shards) as usize].insert(key, docs);
    }
    #[derive(Serialize)]
    struct Index<'a> {
        dir: &'a str,
        shards: u32,
        documents: Vec<(&'a str, &'a str)>,
    }
    let index = Index { dir: INDEX_DIR, shards, documents: list };
    let index = serde_json::to_string(&index).expect("the index serialises");
    let mut pages = vec![(
        Path::new(INDEX_DIR).join("index.js"),
        format!("window.lexdiffIndex = {index};\n").into_bytes(),
    )];
    for (k, part) in parts.iter().enumerate() {
        let json = serde_json::to_string(part).expect("a shard serialises");
        pages.push((
            Path::new(INDEX_DIR).join(format!("{k}.js")),
            format!("(window.lexdiffIndexParts = window.lexdiffIndexParts || {{}})[{k}] = {json};\n")
                .into_bytes(),
        ));
    }
    Ok(pages)
}

/// A document's script, as the search page loads it.
#[derive(Serialize)]
struct SearchScript {
    src: String,
}

/// The search page, for the documents of `ids`: it loads the index, and the index the
/// scripts a query needs.
pub fn search_page<'a>(
    ids: impl Iterator<Item = &'a str>,
    templates: &Templates,
    page: &PageView,
) -> Result<String> {
    #[derive(Serialize)]
    struct SearchView {
        /// Each document's script (`src`), which the page loads when a query needs it.
        documents: Vec<SearchScript>,
        /// The index's script, which the page loads first.
        index: String,
    }
    let documents = ids
        .map(|id| Ok(SearchScript { src: format!("{}/search.js", segment(id)?) }))
        .collect::<Result<_>>()?;
    let index = format!("{INDEX_DIR}/index.js");
    templates.page("search.html", page, "search", &SearchView { documents, index })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_the_characters_and_pairs_of_words_as_searches_fold_them() {
        let keys: Vec<String> = Keys::of(["保密（一）", "Art　3\nΣ𠀀"]).strings().collect();
        let mut want = vec![
            "保", "保密", "密", "密(", "(", "(一", "一", "一)", ")", "a", "ar", "r", "rt", "t", "3", "σ",
            "σ𠀀", "𠀀",
        ];
        want.sort_by_key(|k| {
            let mut c = k.chars();
            pack(c.next().unwrap(), c.next())
        });
        assert_eq!(keys, want);
    }

    /// The shard of a key as `search.js` computes it (`shardOf`): these values are what
    /// its function gives in Node.
    #[test]
    fn shards_are_those_the_page_computes() {
        for (key, shard) in [("保密", 10), ("a", 12), ("sh", 14), ("𠀀字", 8), ("（", 7)] {
            assert_eq!(shard_of(key, 16), shard, "{key}");
        }
        assert_eq!(shard_of("a", 1 << 31), 3_826_002_220 % (1 << 31));
    }

    #[test]
    fn a_script_that_is_not_a_documents_names_its_file() {
        let path = Path::new("x/search.js");
        let e = Keys::of_script(b"alert(1)", path).unwrap_err().to_string();
        assert!(e.starts_with("x/search.js:1: search script: not a document's search script"), "{e}");
        let script =
            format!("{}{{\"units\":[[\"第一条\",\"1\",[0],\"保密\",0]]}}{SCRIPT_SUFFIX}", script_prefix());
        let keys: Vec<String> = Keys::of_script(script.as_bytes(), path).unwrap().strings().collect();
        assert_eq!(keys.len(), 8, "{keys:?}");
    }
}
