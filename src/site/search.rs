//! The site's search: every version's text (its units and headings) as a script beside
//! the document's pages (`<id>/search.js`), an index saying which documents have which
//! characters and pairs of characters (`_search/`), and a page (`search.html`) that looks
//! a query's pairs up in the index (a few shards at a time, until few documents are
//! left), loads the scripts of the documents that have them all, and finds the words in
//! those, in the browser.
//!
//! Scripts, not JSON fetched when the page opens: a site opened from disk (`file://`)
//! may not fetch files, but it may load scripts. One script per document, written with
//! its other pages: `lexdiff ci` and its merged shards carry the scripts of the documents
//! they built, a rebuild rewrites only those of documents that changed. The index is
//! made from the texts those scripts hold, as each script is written (a CI merge reads
//! them back from the scripts), so a merged site's index is the one a single run
//! writes, and the index and the scripts never disagree.
//!
//! The index, not every script: 40 documents' scripts are 2.9 MB, and a collection of
//! thousands would be hundreds. The index is split by a hash of the key into shards
//! of about [`SHARD_POSTINGS`] entries, so a query loads a few shards and the scripts
//! of the documents that can match, whatever the number of documents.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

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
    /// Chapters, sections and the like.
    headings: Vec<SearchHeading>,
}

/// A heading as one or more versions have it, written as an array
/// `[text, path, versions, anchors]`.
#[derive(Serialize)]
struct SearchHeading(
    /// The heading (`第一节 一般规定`).
    String,
    /// The headings enclosing it, outermost first.
    Vec<String>,
    /// The versions with it, oldest first.
    Vec<usize>,
    /// Its anchor's number on each of their pages (`h-N`).
    Vec<usize>,
);

/// A unit's text as one or more versions have it, under one label. Written as an array,
/// `[name, label, versions, text, history, heading]` (no `heading` when it has none), to
/// keep the scripts small: the same text of an article is one entry for all the versions
/// that have it.
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
    /// The heading it is under in the newest of `versions` (its innermost), as an index
    /// into the document's `headings`: the page shows where a unit found is.
    heading: Option<usize>,
}

impl Serialize for SearchUnit<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut t = s.serialize_tuple(5 + usize::from(self.heading.is_some()))?;
        t.serialize_element(&self.name)?;
        t.serialize_element(self.label)?;
        t.serialize_element(&self.versions)?;
        t.serialize_element(&self.text)?;
        t.serialize_element(&u8::from(self.history))?;
        if let Some(h) = self.heading {
            t.serialize_element(&h)?;
        }
        t.end()
    }
}

/// The script of one document: every distinct text of each of its units
/// ([`crate::search::texts`]) and every distinct heading ([`crate::search::headings`]),
/// and the keys of those texts for the index (what [`Keys::of_script`] reads back from
/// the script).
pub fn document_script(l: &Loaded) -> Result<(String, Keys)> {
    let versions: Vec<&str> = l.info.versions.iter().map(|v| v.label()).collect();
    let histories = l.docs.len() > 1;
    let headings = crate::search::headings(&l.docs);
    // Which entry of `headings` each version's heading is.
    let entry: FxHashMap<(usize, usize), usize> = headings
        .iter()
        .enumerate()
        .flat_map(|(e, h)| h.versions.iter().zip(&h.indices).map(move |(&v, &i)| ((v, i), e)))
        .collect();
    let units = crate::search::texts(&l.docs)
        .into_iter()
        .map(|t| SearchUnit {
            name: t.unit.name(),
            label: &t.unit.label,
            history: histories && segment(&t.unit.label).is_ok(),
            heading: t.unit.heading.zip(t.versions.last()).and_then(|(i, &v)| entry.get(&(v, i)).copied()),
            versions: t.versions,
            text: t.text,
        })
        .collect();
    let headings = headings
        .into_iter()
        .map(|h| SearchHeading(h.text, h.path, h.versions, h.indices.into_iter().map(|i| i + 1).collect()))
        .collect();
    let doc =
        SearchDocument { id: segment(l.info.id.as_str())?, title: &l.info.title, versions, units, headings };
    let keys = Keys::of(
        doc.units
            .iter()
            .flat_map(|u| [u.name.as_str(), u.text.as_str()])
            .chain(doc.headings.iter().map(|h| h.0.as_str())),
    );
    let json = serde_json::to_string(&doc).expect("a search document serialises");
    Ok((format!("{}{json}{}", script_prefix(), SCRIPT_SUFFIX), keys))
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
/// adjacent characters of its units' names and texts and of its headings, as searches
/// fold them ([`crate::search::fold`]), sorted. A word of a query is in a unit or a
/// heading only if its characters (one) or its pairs (more) all are, so the documents
/// that have them all are the only ones whose script the page need load.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys(Vec<u64>);

impl Keys {
    /// The keys of texts.
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a str>) -> Keys {
        // A set of the pairs rather than a sorted list of every occurrence: a law's texts
        // have hundreds of thousands of characters and a few thousand distinct pairs.
        // The characters are those of the pairs, and of words one character long.
        let mut pairs: FxHashSet<u64> = FxHashSet::default();
        for text in texts {
            let (mut prev, mut run) = (None, 0);
            for c in text.chars().map(crate::search::fold_char) {
                if splits_query(c) {
                    if let (Some(p), 1) = (prev, run) {
                        pairs.insert(pack(p, None));
                    }
                    (prev, run) = (None, 0);
                    continue;
                }
                if let Some(p) = prev {
                    pairs.insert(pack(p, Some(c)));
                }
                (prev, run) = (Some(c), run + 1);
            }
            if let (Some(p), 1) = (prev, run) {
                pairs.insert(pack(p, None));
            }
        }
        let chars: Vec<u64> = pairs
            .iter()
            .filter(|&&k| k & 0x1F_FFFF != 0)
            .flat_map(|&k| [k & !0x1F_FFFF, u64::from(unpack_second(k)) << 21])
            .collect();
        pairs.extend(chars);
        let mut keys: Vec<u64> = pairs.into_iter().collect();
        keys.sort_unstable();
        Keys(keys)
    }

    /// The keys of a document's script (as [`document_script`] writes it), read from
    /// `path`: what the page will search in, whoever wrote it.
    pub fn of_script(script: &[u8], path: &Path) -> Result<Keys> {
        /// A unit of a script: its name and text (borrowed where they have no escapes);
        /// label, versions, history and heading (none in scripts from before, nor for a
        /// unit under no heading) unread.
        #[derive(Deserialize)]
        struct ScriptUnit<'a>(
            #[serde(borrow)] Cow<'a, str>,
            IgnoredAny,
            IgnoredAny,
            #[serde(borrow)] Cow<'a, str>,
            IgnoredAny,
            #[serde(default)] IgnoredAny,
        );
        /// A heading of a script: its text; where it is unread.
        #[derive(Deserialize)]
        struct ScriptHeading<'a>(#[serde(borrow)] Cow<'a, str>, IgnoredAny, IgnoredAny, IgnoredAny);
        #[derive(Deserialize)]
        struct Script<'a> {
            #[serde(borrow)]
            units: Vec<ScriptUnit<'a>>,
            /// None in the scripts of lexdiff before headings were searched.
            #[serde(borrow, default)]
            headings: Vec<ScriptHeading<'a>>,
        }
        let bad = |line: Option<usize>, message: String| Error::Meta {
            location: Location { path: path.to_path_buf(), line },
            field: "search script".into(),
            message,
        };
        let json = script
            .strip_prefix(script_prefix().as_bytes())
            .and_then(|t| t.strip_suffix(SCRIPT_SUFFIX.as_bytes()))
            .ok_or_else(|| {
                bad(Some(1), format!("not a document's search script (`{}…`)", script_prefix()))
            })?;
        let doc: Script<'_> = serde_json::from_slice(json).map_err(|e| bad(Some(e.line()), e.to_string()))?;
        Ok(Keys::of(doc.units.iter().flat_map(|u| [&*u.0, &*u.3]).chain(doc.headings.iter().map(|h| &*h.0))))
    }

    /// The keys as text: `保`, `保密`.
    pub fn strings(&self) -> impl Iterator<Item = String> + '_ {
        self.0.iter().map(|&k| unpack(k))
    }
}

/// Whether `c` separates the words of a query in the browser (JavaScript's `\s`: white
/// space but U+0085, and U+FEFF): a word never holds one, so neither need a key.
fn splits_query(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_whitespace() || c == '\u{0B}';
    }
    (c.is_whitespace() && c != '\u{85}') || c == '\u{FEFF}'
}

/// The second character of a packed pair.
fn unpack_second(k: u64) -> char {
    chars_of(k).nth(1).unwrap_or('\u{FFFD}')
}

/// A character, or a pair, as one number: the first character above 21 bits, the
/// second plus one below (none is 0), so that keys sort and compare as numbers.
fn pack(a: char, b: Option<char>) -> u64 {
    (u64::from(a) << 21) | b.map_or(0, |b| u64::from(b) + 1)
}

fn unpack(k: u64) -> String {
    chars_of(k).collect()
}

/// The shard of the index that holds `key` among `shards`: FNV-1a over its characters'
/// code points, as `search.js` computes it.
pub fn shard_of(key: &str, shards: u32) -> u32 {
    fnv(key.chars()) % shards
}

fn fnv(chars: impl Iterator<Item = char>) -> u32 {
    chars.fold(0x811C_9DC5_u32, |h, c| (h ^ u32::from(c)).wrapping_mul(0x0100_0193))
}

/// A packed key's characters (see [`pack`]).
fn chars_of(k: u64) -> impl Iterator<Item = char> {
    let char_of = |n: u64| u32::try_from(n).ok().and_then(char::from_u32).unwrap_or('\u{FFFD}');
    let second = k & 0x1F_FFFF;
    std::iter::once(char_of(k >> 21)).chain((second != 0).then(|| char_of(second - 1)))
}

/// Appends `c` to a JSON string being written.
fn push_json_char(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        c if u32::from(c) < 0x20 => {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        }
        c => out.push(c),
    }
}

/// The index of the site's search, made as documents are built, in any order and on
/// any thread: `_search/index.js` (its folder, the number of shards and each document's
/// id and title, in the order the shards number them) and `_search/<k>.js` (for each key
/// of shard k, the documents that have it).
///
/// Documents give their keys as soon as they are built, so the keys of all documents
/// are never held at once. A key's documents are a list while that is smaller than a
/// bit per document, a bit set after: a collection of thousands of documents has
/// characters and pairs in most of them.
#[derive(Debug)]
pub struct IndexBuilder {
    /// How many numbers documents may be added as: `0..documents`.
    documents: u32,
    postings: Mutex<FxHashMap<u64, Posting>>,
}

/// The documents (numbers) with one key.
#[derive(Debug)]
enum Posting {
    List(Vec<u32>),
    Bits(Vec<u64>),
}

impl Posting {
    /// Calls `f` with each number, in the order added (a list) or ascending (a bit set).
    fn for_each(&self, mut f: impl FnMut(u32)) {
        match self {
            Posting::List(docs) => docs.iter().copied().for_each(f),
            Posting::Bits(bits) => {
                for (w, &word) in (0u32..).zip(bits) {
                    let mut b = word;
                    while b != 0 {
                        f(w * 64 + b.trailing_zeros());
                        b &= b - 1;
                    }
                }
            }
        }
    }
}

impl IndexBuilder {
    /// An index for documents numbered `0..documents`.
    pub fn new(documents: usize) -> IndexBuilder {
        let documents = u32::try_from(documents).unwrap_or(u32::MAX);
        IndexBuilder { documents, postings: Mutex::default() }
    }

    /// Adds the keys of the document numbered `doc` (below the number given to
    /// [`IndexBuilder::new`]).
    pub fn add(&self, doc: u32, keys: Keys) {
        debug_assert!(doc < self.documents);
        let words = (self.documents as usize).div_ceil(64);
        let mut postings = self.postings.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for k in keys.0 {
            let posting = postings.entry(k).or_insert_with(|| Posting::List(Vec::new()));
            match posting {
                // Four bytes a document, until a bit each is less.
                Posting::List(docs) if (docs.len() + 1) * 32 >= words * 64 => {
                    let mut bits = vec![0u64; words];
                    for d in docs.iter().copied().chain([doc]) {
                        bits[d as usize / 64] |= 1 << (d % 64);
                    }
                    *posting = Posting::Bits(bits);
                }
                Posting::List(docs) => docs.push(doc),
                Posting::Bits(bits) => {
                    if let Some(word) = bits.get_mut(doc as usize / 64) {
                        *word |= 1 << (doc % 64);
                    }
                }
            }
        }
    }

    /// Writes the index (page by page, through `write`) for `documents`, in the site's
    /// order: each the number it was added as, its id and its title. Keys of numbers not
    /// listed (documents that failed to build) are left out. Returns the number of pages.
    pub fn write(
        self,
        documents: &[(u32, &str, &str)],
        write: &(dyn Fn(Page) -> Result<()> + Sync),
    ) -> Result<usize> {
        let postings = self.postings.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        // Each number's place in the site's order.
        let mut place: Vec<Option<u32>> = vec![None; self.documents as usize];
        let mut list = Vec::with_capacity(documents.len());
        for (n, &(doc, id, title)) in (0u32..).zip(documents) {
            if let Some(p) = place.get_mut(doc as usize) {
                *p = Some(n);
            }
            list.push((segment(id)?, title));
        }
        let placed = |d: u32| place.get(d as usize).copied().flatten();
        let count = |posting: &Posting| {
            let mut n = 0;
            posting.for_each(|d| n += usize::from(placed(d).is_some()));
            n
        };
        let total: usize = postings.values().map(count).sum();
        let shards = total.div_ceil(SHARD_POSTINGS).max(1).next_power_of_two();
        let shards = u32::try_from(shards).unwrap_or(1 << 31);
        // Shards keep the compact postings until each is written.
        let mut parts: Vec<Vec<(u64, Posting)>> = Vec::new();
        parts.resize_with(shards as usize, Vec::new);
        for (k, posting) in postings {
            parts[(fnv(chars_of(k)) % shards) as usize].push((k, posting));
        }
        #[derive(Serialize)]
        struct Index<'a> {
            dir: &'a str,
            shards: u32,
            documents: Vec<(&'a str, &'a str)>,
        }
        let index = Index { dir: INDEX_DIR, shards, documents: list };
        let index = serde_json::to_string(&index).expect("the index serialises");
        write((
            Path::new(INDEX_DIR).join("index.js"),
            format!("window.lexdiffIndex = {index};\n").into_bytes(),
        ))?;
        // Written by hand, keys in the order of their numbers: a shard of a large site
        // has thousands of keys, and a map of strings serialised cost more than the rest.
        parts.into_par_iter().enumerate().try_for_each(|(k, mut part)| {
            part.sort_unstable_by_key(|(key, _)| *key);
            let mut out = format!("(window.lexdiffIndexParts = window.lexdiffIndexParts || {{}})[{k}] = {{");
            let mut docs: Vec<u32> = Vec::new();
            let mut first = true;
            for (key, posting) in part {
                docs.clear();
                posting.for_each(|d| docs.extend(placed(d)));
                if docs.is_empty() {
                    continue;
                }
                docs.sort_unstable();
                if !std::mem::take(&mut first) {
                    out.push(',');
                }
                out.push('"');
                chars_of(key).for_each(|c| push_json_char(&mut out, c));
                out.push_str("\":[");
                for (i, d) in docs.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    let _ = write!(out, "{d}");
                }
                out.push(']');
            }
            out.push_str("};\n");
            write((Path::new(INDEX_DIR).join(format!("{k}.js")), out.into_bytes()))
        })?;
        Ok(shards as usize + 1)
    }
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
    use std::collections::BTreeMap;

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

    /// The pages an index of `documents` gives, the documents added in `order`, the
    /// failed ones (`listed` false) left out.
    fn index(
        documents: &[(String, Keys, bool)],
        order: impl Iterator<Item = usize>,
    ) -> BTreeMap<PathBuf, String> {
        let builder = IndexBuilder::new(documents.len());
        for n in order {
            builder.add(n as u32, documents[n].1.clone());
        }
        let listed: Vec<(u32, &str, &str)> = (0u32..)
            .zip(documents)
            .filter(|(_, d)| d.2)
            .map(|(n, d)| (n, d.0.as_str(), d.0.as_str()))
            .collect();
        let pages = Mutex::new(BTreeMap::new());
        let count = builder
            .write(&listed, &|(path, bytes)| {
                pages.lock().unwrap().insert(path, String::from_utf8(bytes).unwrap());
                Ok(())
            })
            .unwrap();
        let pages = pages.into_inner().unwrap();
        assert_eq!(count, pages.len());
        pages
    }

    /// Keys in many documents are kept as bit sets, in few as lists; either way a shard
    /// lists a key's documents in the site's order, numbered among those that built, and
    /// the pages are the same whatever order the documents came in.
    #[test]
    fn the_index_lists_each_keys_documents_in_order_whatever_the_order_added() {
        // 200 documents: `天` is in all, `地` in every third, each `n号` pair in one.
        let documents: Vec<(String, Keys, bool)> = (0..200)
            .map(|n| {
                let text = format!("天{}{n}号", if n % 3 == 0 { "地" } else { "" });
                (format!("doc-{n:03}"), Keys::of([text.as_str()]), n != 7)
            })
            .collect();
        let forward = index(&documents, 0..200);
        assert_eq!(forward, index(&documents, (0..200).rev()));
        let shard = |key: &str| -> Vec<u32> {
            let shards = (forward.len() - 1) as u32;
            let page = &forward[&Path::new(INDEX_DIR).join(format!("{}.js", shard_of(key, shards)))];
            let json = &page[page.find("] = ").unwrap() + 4..page.len() - 2];
            let part: BTreeMap<String, Vec<u32>> = serde_json::from_str(json).unwrap();
            part.get(key).cloned().unwrap_or_default()
        };
        // Document 7 failed: the numbers after it move up one.
        let having = |key: &str| -> Vec<u32> {
            (0u32..200)
                .filter(|&n| n != 7 && documents[n as usize].1.strings().any(|k| k == key))
                .map(|n| if n > 7 { n - 1 } else { n })
                .collect()
        };
        assert_eq!(shard("天"), (0..199).collect::<Vec<u32>>());
        assert_eq!(shard("天地").len(), 67);
        // Bit sets (in eight documents or more) and lists (in fewer: `99`, `88`).
        for key in ["天", "天地", "地1", "12", "7号", "0号", "99", "88", "天7"] {
            assert_eq!(shard(key), having(key), "{key}");
        }
        let index = &forward[&Path::new(INDEX_DIR).join("index.js")];
        assert!(index.contains(r#"["doc-006","doc-006"],["doc-008","doc-008"]"#), "{index:.200}");
    }

    #[test]
    fn a_script_that_is_not_a_documents_names_its_file() {
        let path = Path::new("x/search.js");
        let e = Keys::of_script(b"alert(1)", path).unwrap_err().to_string();
        assert!(e.starts_with("x/search.js:1: search script: not a document's search script"), "{e}");
        let script =
            format!("{}{{\"units\":[[\"第一条\",\"1\",[0],\"保密\",0]]}}{SCRIPT_SUFFIX}", script_prefix());
        // A script from before headings were searched has none.
        let keys: Vec<String> = Keys::of_script(script.as_bytes(), path).unwrap().strings().collect();
        assert_eq!(keys.len(), 8, "{keys:?}");
        let script = script.replace("]]}", "]],\"headings\":[[\"附则\",[],[0],[5]]]}");
        let keys: Vec<String> = Keys::of_script(script.as_bytes(), path).unwrap().strings().collect();
        assert!(keys.contains(&"附则".to_string()) && keys.len() == 11, "{keys:?}");
    }
}
