//! Atom feeds of new versions, so that a reader hears of each revision without visiting
//! the site: `feed.xml` at the site's root (the newest [`SITE_ENTRIES`] versions of every
//! document) and `<doc>/feed.xml` (every version of one document).
//!
//! An entry is a version, dated with its legal date (adopted, at midnight in the
//! document's time zone, as the store dates its commit), and links to its comparison
//! with the version before; a document's first version links to its text. Links are
//! relative to the feed unless the site's address is known (`site_url`), which also makes
//! the feed's and entries' ids their addresses; without it an id is a UUID made from the
//! document, version and date, the same on every build.

use serde::{Deserialize, Serialize};

use super::{Loaded, compare_file, segment, summary};
use crate::error::Result;
use crate::render::html::{PageView, Templates};

/// Entries of the site's feed: the newest versions across documents. A document's own
/// feed has every version.
pub const SITE_ENTRIES: usize = 100;

/// A version as its feed entry tells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedVersion {
    pub label: String,
    /// `YYYY-MM-DD`.
    pub adopted: String,
    /// Midnight of that day in the document's time zone (RFC 3339), the entry's time.
    pub updated: String,
    pub effective: Option<String>,
    pub amended_by: Option<String>,
    /// The label of the version before and what the comparison with it found changed
    /// (`14 仅条号变化, 34 修改, …`); none for the first version.
    pub compared: Option<(String, String)>,
}

/// A document's versions, oldest first, for its feed entries.
pub fn versions_of(l: &Loaded) -> Vec<FeedVersion> {
    l.info
        .versions
        .iter()
        .enumerate()
        .map(|(i, v)| FeedVersion {
            label: v.label().to_string(),
            adopted: v.meta.adopted.to_string(),
            updated: midnight(&v.meta.adopted.to_string(), l.info.offset_minutes),
            effective: v.meta.effective.map(|d| d.to_string()),
            amended_by: v.meta.amended_by.clone(),
            compared: i.checked_sub(1).and_then(|p| {
                let c = l.comparisons.get(p)?;
                let mut said = summary(c);
                if !c.headings.is_empty() {
                    said = format!("章节标题 {} · {said}", c.headings.len());
                }
                if c.header.renamed().is_some() {
                    said = format!("名称修改 renamed · {said}");
                }
                Some((l.info.versions[p].label().to_string(), said))
            }),
        })
        .collect()
}

/// A document as its feed entries need it.
pub struct FeedDocument<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub versions: &'a [FeedVersion],
}

/// The feed as `feed.xml` receives it.
#[derive(Serialize)]
struct FeedView {
    title: String,
    lang: String,
    id: String,
    /// The newest entry's date.
    updated: String,
    /// The feed's own address, when the site's is known.
    self_href: Option<String>,
    /// The page the feed is of (the site's index, a document's page).
    home: String,
    author: String,
    entries: Vec<EntryView>,
}

#[derive(Serialize)]
struct EntryView {
    id: String,
    /// `中华人民共和国保守国家秘密法 2010 → 2024`.
    title: String,
    updated: String,
    adopted: String,
    effective: Option<String>,
    amended_by: Option<String>,
    /// What the revision changed, in a line; for a first version, that it is one.
    summary: String,
    /// The comparison with the version before, or the version's text for a first version.
    href: String,
    /// The version's text.
    text_href: String,
    /// The version's label.
    label: String,
    /// The label of the version before (none for a first version).
    old: Option<String>,
}

/// Where a feed is and what its links are relative to.
pub struct FeedPlace<'a> {
    /// The site's address, ending in `/`, when known.
    pub site_url: Option<&'a str>,
    /// The feed's folder below the site's root: `""` for the site's, `"<doc>/"` for a
    /// document's.
    pub dir: String,
    pub title: &'a str,
    pub lang: &'a str,
    /// Who the feed is from: the site's title.
    pub author: &'a str,
}

impl FeedPlace<'_> {
    /// A link to `path` (relative to the site's root) from the feed.
    fn href(&self, path: &str) -> String {
        match self.site_url {
            Some(url) => format!("{url}{path}"),
            None => path.strip_prefix(self.dir.as_str()).map_or_else(
                || format!("{}{path}", "../".repeat(self.dir.matches('/').count())),
                str::to_string,
            ),
        }
    }

    /// A permanent id: the address of `path` when the site's is known, else a UUID made
    /// from `name`.
    fn id(&self, path: &str, name: &str) -> String {
        match self.site_url {
            Some(url) => format!("{url}{path}"),
            None => name_uuid(name),
        }
    }
}

/// An RFC 3339 time: midnight of `date` at UTC offset `minutes`.
fn midnight(date: &str, minutes: i32) -> String {
    format!("{date}T00:00:00{}", crate::meta::format_offset(minutes))
}

/// A UUID (version 8, RFC 9562: custom) from the SHA-1 of `name`: the same name, the same
/// id on every build and machine.
fn name_uuid(name: &str) -> String {
    let oid = git2::Oid::hash_object(git2::ObjectType::Blob, name.as_bytes())
        .expect("hashing bytes in memory does not fail");
    let mut b = [0u8; 16];
    b.copy_from_slice(&oid.as_bytes()[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("urn:uuid:{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

/// The entries of `docs`' versions, newest first (then by document id, and later
/// versions of one document first), at most `limit`.
fn entries(docs: &[FeedDocument<'_>], place: &FeedPlace<'_>, limit: usize) -> Result<Vec<EntryView>> {
    let mut all: Vec<(&FeedDocument<'_>, usize)> =
        docs.iter().flat_map(|d| (0..d.versions.len()).map(move |i| (d, i))).collect();
    // By day: the time zones of two documents' entries are not compared.
    all.sort_by(|(a, i), (b, j)| {
        (b.versions[*j].adopted.as_str(), a.id, j).cmp(&(a.versions[*i].adopted.as_str(), b.id, i))
    });
    all.truncate(limit);
    all.into_iter()
        .map(|(d, i)| {
            let v = &d.versions[i];
            let id = segment(d.id)?;
            let label = segment(&v.label)?;
            let text = format!("{id}/versions/{label}.html");
            let (path, title, summary) = match &v.compared {
                Some((old, said)) => (
                    format!("{id}/compare/{}", compare_file(old, label)?),
                    format!("{} {old} → {label}", d.title),
                    said.clone(),
                ),
                None => (
                    text.clone(),
                    format!("{} {label}", d.title),
                    "首次收录 first version in this collection".into(),
                ),
            };
            Ok(EntryView {
                id: place.id(&path, &format!("lexdiff feed entry\n{id}\n{label}\n{}", v.adopted)),
                title,
                updated: v.updated.clone(),
                adopted: v.adopted.clone(),
                effective: v.effective.clone(),
                amended_by: v.amended_by.clone(),
                summary,
                href: place.href(&path),
                text_href: place.href(&text),
                label: label.to_string(),
                old: v.compared.as_ref().map(|(old, _)| old.clone()),
            })
        })
        .collect()
}

/// Renders a feed of `docs`' versions (see the module's documentation) through
/// `feed.xml`; `limit` caps its entries.
pub fn render(
    docs: &[FeedDocument<'_>],
    place: &FeedPlace<'_>,
    limit: usize,
    templates: &Templates,
) -> Result<String> {
    let entries = entries(docs, place, limit)?;
    let path = format!("{}feed.xml", place.dir);
    let view = FeedView {
        title: place.title.to_string(),
        lang: place.lang.to_string(),
        id: place.id(&path, &format!("lexdiff feed\n{}\n{}", place.dir, place.title)),
        // No entry (a site of no document yet): a fixed date, so the bytes stay the same.
        updated: entries.first().map_or_else(|| midnight("1970-01-01", 0), |e| e.updated.clone()),
        self_href: place.site_url.map(|url| format!("{url}{path}")),
        home: place.href(&format!("{}index.html", place.dir)),
        author: place.author.to_string(),
        entries,
    };
    let frame = PageView {
        title: place.title.to_string(),
        root: String::new(),
        lang: place.lang.to_string(),
        inline_css: None,
        search: None,
        breadcrumbs: Vec::new(),
        body_class: String::new(),
        store: None,
        feeds: Vec::new(),
    };
    templates.page("feed.xml", &frame, "feed", &view)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_ids_and_links() {
        assert_eq!(midnight("2024-02-27", 480), "2024-02-27T00:00:00+08:00");
        assert_eq!(midnight("2024-02-27", 0), "2024-02-27T00:00:00+00:00");
        assert_eq!(midnight("2024-02-27", -210), "2024-02-27T00:00:00-03:30");
        let id = name_uuid("x");
        assert_eq!(id, name_uuid("x"));
        assert_ne!(id, name_uuid("y"));
        let hex = id.strip_prefix("urn:uuid:").unwrap();
        let groups: Vec<usize> = hex.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert_eq!(&hex[14..15], "8", "version 8");
        assert!("89ab".contains(&hex[19..20]), "RFC 9562 variant");
        let place = |site_url, dir: &str| FeedPlace {
            site_url,
            dir: dir.to_string(),
            title: "t",
            lang: "zh",
            author: "a",
        };
        let doc = place(None, "company-law/");
        assert_eq!(doc.href("company-law/compare/2018..2023.html"), "compare/2018..2023.html");
        assert_eq!(doc.href("index.html"), "../index.html");
        assert_eq!(place(None, "").href("company-law/index.html"), "company-law/index.html");
        let url = place(Some("https://example.org/laws/"), "company-law/");
        assert_eq!(url.href("company-law/index.html"), "https://example.org/laws/company-law/index.html");
        assert_eq!(url.id("company-law/feed.xml", "n"), "https://example.org/laws/company-law/feed.xml");
    }
}
