//! The static report site: an index of documents, a page per document, a comparison
//! report per consecutive version pair, the text of every version, the history of
//! every article of the latest version, a search page (`search.html`, a script of
//! each document's texts and an index of which documents have which characters), and
//! Atom feeds of new versions ([`feed`]).
//!
//! Links are relative and nothing is fetched from the network, so the folder can be
//! opened from disk or published anywhere. The output is deterministic. It is written
//! into a temporary folder beside the target and swapped in at the end (atomically on
//! Linux), so a failed or interrupted build leaves the previous site whole.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use crate::align::{Overrides, RowKind};
use crate::compare::{CompareOptions, ComparedRow, Comparison, UnitSide, UnitView, compare};
use crate::error::{Error, Result};
use crate::insights::{Statement, TargetTable};
use crate::lineage::{Blame, Lineage};
use crate::meta::SiteUrl;
use crate::model::{Document, Kind, Level};
use crate::render::html::{Crumb, FeedLink, PageView, Templates};
use crate::render::markdown;
use crate::render::view::{
    self, BarView, CompareView, Download, LineView, TargetsView, bar_chart, compare_view, kind_label,
    targets_view,
};
use crate::source::{DocInfo, Source, VersionInfo};

pub mod feed;
pub mod search;
pub mod sitemap;

/// The README every built site carries (the same file is tracked as `reports/README.md`).
pub const README: &str = "# reports/\n\n`lexdiff build` writes the static report site here. Everything in this folder except this\nREADME is generated and ignored by git.\n";

/// Settings of a site build.
pub struct SiteOptions<'a> {
    pub title: String,
    /// The store commit the site is built from, shown in the footer of the index (a
    /// document's pages show the commit its own history ends at).
    pub store: Option<String>,
    pub compare: CompareOptions,
    /// Overrides for a version pair (document, old label, new label, documents).
    pub overrides: OverridesFn<'a>,
    /// Called as pages are done: (done, total).
    pub progress: &'a (dyn Fn(usize, usize) + Sync),
    /// Atom feeds of new versions, for a site that is published; none for CI's sites,
    /// whose reports are a pull request's.
    pub feeds: Option<Feeds>,
}

/// Atom feeds of new versions ([`feed`]): `feed.xml` for the site and for each document.
#[derive(Debug, Clone, Default)]
pub struct Feeds {
    /// The site's address, ending in `/` (`https://example.org/laws/`): the feeds' links
    /// and ids are then absolute. By default links are relative to the feed, which feed
    /// readers resolve against the address they fetched it from.
    pub site_url: Option<SiteUrl>,
}

/// The name of a feed in its folder.
const FEED: &str = "feed.xml";

/// What was built.
#[derive(Debug, Default)]
pub struct SiteReport {
    pub documents: usize,
    pub versions: usize,
    pub comparisons: usize,
    pub pages: usize,
    /// Documents left out because a version could not be read or parsed, with the error.
    /// Everything else is published: one broken text does not hold back a collection.
    pub failed: Vec<crate::Error>,
}

/// A path segment from data (document id, version label, unit label): refused when it
/// could leave its folder. Ids and labels are validated earlier; this is the last guard.
fn segment(s: &str) -> Result<&str> {
    let bad = s.is_empty()
        || s == "."
        || s.contains("..")
        || s.contains(['/', '\\', '\0'])
        || s.chars().any(char::is_control);
    if bad {
        return Err(Error::Usage(format!("refusing to write a file named `{}`", s.escape_debug())));
    }
    Ok(s)
}

fn compare_file(old: &str, new: &str) -> Result<String> {
    Ok(format!("{}.html", compare_stem(old, new)?))
}

/// The name a comparison's files share before their extension: `2010..2024`.
fn compare_stem(old: &str, new: &str) -> Result<String> {
    Ok(format!("{}..{}", segment(old)?, segment(new)?))
}

/// A file of a site to write: its path relative to the site root, and its bytes (a
/// page, or a download such as the Word report).
pub type Page = (PathBuf, Vec<u8>);

#[derive(Serialize)]
struct Link {
    href: String,
    text: String,
}

/// A unit of the latest version on its document's page, linked to its history, with the
/// revisions that changed its text (`2019 → 2022 修改`), its ancestors' included.
#[derive(Serialize)]
struct ArticleLink {
    href: String,
    text: String,
    changes: Vec<String>,
}

#[derive(Serialize)]
struct IndexDoc {
    id: String,
    title: String,
    href: String,
    versions: Vec<Link>,
    latest_comparison: Option<Link>,
    /// The latest comparison's rows per kind that changed something, for a reader
    /// choosing among many documents to see how far each was revised.
    changes: Vec<KindCount>,
    /// It renamed the law.
    renamed: bool,
    /// Headings it retitled, added or deleted.
    headings: usize,
}

#[derive(Serialize)]
struct KindCount {
    kind: &'static str,
    /// The Chinese name (`修改`).
    label: &'static str,
    count: usize,
}

#[derive(Serialize)]
struct IndexView {
    title: String,
    documents: Vec<IndexDoc>,
    versions: usize,
    comparisons: usize,
}

#[derive(Serialize)]
struct TimelineComparison {
    href: String,
    text: String,
    summary: String,
}

#[derive(Serialize)]
struct TimelineVersion {
    label: String,
    href: String,
    adopted: String,
    effective: Option<String>,
    amended_by: Option<String>,
    size: String,
    comparison: Option<TimelineComparison>,
}

#[derive(Serialize)]
struct DocumentView {
    id: String,
    title: String,
    kind: &'static str,
    versions: Vec<TimelineVersion>,
    bars: Vec<BarView>,
    chart_width: f64,
    chart_height: f64,
    articles: Vec<ArticleLink>,
    /// How many of `articles` a revision changed.
    articles_changed: usize,
    /// Targets across versions, for reports.
    targets: Option<TargetsView>,
    /// The comparison of the first version and the latest, when there are three or more.
    span: Option<TimelineComparison>,
}

#[derive(Serialize)]
struct VersionBlock {
    heading: Option<String>,
    level: u8,
    anchor: String,
    name: String,
    history: Option<String>,
    /// What the revision into this version did to the unit; none where it kept the unit
    /// as it was (or for a first version).
    change: Option<UnitChange>,
    /// What the next revision did to it (`2024: 拆分为 第十七条、第十八条`); none where it
    /// kept the unit as it was (or for the latest version).
    next: Option<UnitChange>,
    lines: Vec<PlainLine>,
}

/// What a revision did to a unit, as a badge beside its name on its version's page,
/// linked to its row in the comparison report: a reader of a text sees which articles
/// are new or changed and what they came from, and what became of them next.
#[derive(Debug, Clone, Serialize)]
struct UnitChange {
    /// The row's kind (`modified`), for the badge's class.
    kind: &'static str,
    /// `修改`, `新增`, `拆分自 第十三条`, `合并自 第三条、第五条`, `原第二十八条`; for the
    /// next revision `2024: 现第六条`, `2024: 拆分为 第十七条、第十八条`.
    text: String,
    title: String,
    /// The row in the comparison report, from the version's page.
    href: String,
}

#[derive(Serialize)]
struct PlainLine {
    depth: u8,
    text: String,
}

#[derive(Serialize)]
struct VersionView {
    title: String,
    label: String,
    adopted: String,
    effective: Option<String>,
    source: String,
    /// What the text is when it is not the law as it stood at its date.
    caveat: Option<String>,
    /// The legal status its front matter states, when the law is not in force.
    status: Option<String>,
    history: Vec<String>,
    blocks: Vec<VersionBlock>,
    /// The headings as a table of contents.
    contents: Vec<VersionContentsLine>,
    /// The revision that made this version (its comparison with the version before,
    /// from the version's page), whose changes the units' badges show.
    revision: Option<TimelineComparison>,
    /// The revision that followed it, whose changes the units' second badges show.
    next_revision: Option<TimelineComparison>,
}

/// A heading of a version's table of contents, with the first and last units under it
/// (`第一条`, `第十二条`): where a chapter starts and ends is what a reader of a law looks
/// up first.
#[derive(Serialize)]
struct VersionContentsLine {
    /// Indentation: the rank of the heading's level among those the text has.
    depth: u8,
    title: String,
    anchor: String,
    first: Option<String>,
    last: Option<String>,
}

#[derive(Serialize)]
struct HistoryUnit {
    name: String,
    href: String,
    kind: &'static str,
    kind_label: &'static str,
    from: Option<String>,
    lines: Vec<LineView>,
    /// Where the version changed the text: what it came from, with what the version
    /// deleted struck out (`lines` mark what it inserted), as the comparison report
    /// shows the pair. Empty where the text stayed (unchanged, renumbered) or is new.
    before: Vec<HistoryBefore>,
}

/// A unit of the version before, as its text went into a changed unit.
#[derive(Serialize)]
struct HistoryBefore {
    /// `2022 第六十三条`.
    name: String,
    lines: Vec<LineView>,
}

#[derive(Serialize)]
struct HistoryStep {
    version: String,
    adopted: String,
    units: Vec<HistoryUnit>,
}

#[derive(Serialize)]
struct LineageNode {
    name: String,
    href: String,
    current: bool,
    /// Incoming links: `第十三条 拆分`.
    from: String,
}

#[derive(Serialize)]
struct LineageRow {
    version: String,
    adopted: String,
    nodes: Vec<LineageNode>,
}

#[derive(Serialize)]
struct BlameSpan {
    text: String,
    version: String,
    class: String,
    /// The first span of a run from this version on its line (shows the label).
    first: bool,
}

#[derive(Serialize)]
struct BlameLine {
    depth: u8,
    spans: Vec<BlameSpan>,
}

#[derive(Serialize)]
struct LegendItem {
    version: String,
    class: String,
}

#[derive(Serialize)]
struct HistoryView {
    title: String,
    name: String,
    version: String,
    text_href: String,
    lineage: Vec<LineageRow>,
    blame: Vec<BlameLine>,
    legend: Vec<LegendItem>,
    steps: Vec<HistoryStep>,
}

/// One document, loaded and compared: its versions and the comparison of each
/// consecutive pair (`comparisons[i]` compares version `i` with `i + 1`).
pub struct Loaded {
    pub info: DocInfo,
    pub docs: Vec<Document>,
    pub comparisons: Vec<Comparison>,
    /// The first version against the latest, when there are three or more: every
    /// revision at once, as one comparison.
    pub span: Option<Comparison>,
}

/// A page's frame. `lang` is the language of what it shows: a document's own, or `zh` for
/// the index, whose labels are Chinese first. `feeds` are the feeds it announces.
fn page(
    title: String,
    root: &str,
    crumbs: Vec<Crumb>,
    class: &str,
    store: &Option<String>,
    lang: &str,
    feeds: Vec<FeedLink>,
) -> PageView {
    PageView {
        title,
        root: root.to_string(),
        lang: lang.to_string(),
        inline_css: None,
        search: Some(format!("{root}search.html")),
        breadcrumbs: crumbs,
        body_class: class.into(),
        store: store.clone(),
        feeds,
    }
}

/// The feeds a page `root` below the site's root announces, when the site has feeds: the
/// site's (titled `site`), and that of the document `doc` (its id and title).
fn feed_links(feeds: Option<&Feeds>, root: &str, site: &str, doc: Option<(&str, &str)>) -> Vec<FeedLink> {
    if feeds.is_none() {
        return Vec::new();
    }
    let mut links = vec![FeedLink { href: format!("{root}{FEED}"), title: site.to_string() }];
    if let Some((id, title)) = doc {
        links.push(FeedLink { href: format!("{root}{id}/{FEED}"), title: title.to_string() });
    }
    links
}

fn crumb(href: Option<&str>, text: &str) -> Crumb {
    Crumb { href: href.map(str::to_string), text: text.to_string() }
}

fn summary(c: &Comparison) -> String {
    let parts: Vec<String> = c
        .stats
        .counts
        .iter()
        .filter(|(k, n)| **n > 0 && **k != RowKind::Unchanged)
        .map(|(k, n)| format!("{n} {}", kind_label(*k)))
        .collect();
    if parts.is_empty() { "无变化 no change".into() } else { parts.join(", ") }
}

/// Overrides for a version pair: (document, old label, new label, old, new).
pub type OverridesFn<'a> =
    &'a (dyn Fn(&DocInfo, &str, &str, &Document, &Document) -> Result<Overrides> + Sync);

/// Loads every version of a document and compares each consecutive pair, and the first
/// with the latest when there are three or more (versions and comparisons in parallel).
pub fn load(
    src: &dyn Source,
    info: &DocInfo,
    compare_opts: &CompareOptions,
    overrides: OverridesFn<'_>,
) -> Result<Loaded> {
    let parsed: Vec<Document> =
        info.versions.par_iter().map(|v| src.load(info, v).map(|p| p.document)).collect::<Result<_>>()?;
    let pair = |i: usize, j: usize| -> Result<Comparison> {
        let (old, new) = (&info.versions[i], &info.versions[j]);
        let ov = overrides(info, old.label(), new.label(), &parsed[i], &parsed[j])?;
        Ok(compare(info.header(old, new), &parsed[i], &parsed[j], &ov, compare_opts))
    };
    let (comparisons, span) = rayon::join(
        || (1..parsed.len()).into_par_iter().map(|i| pair(i - 1, i)).collect::<Result<Vec<_>>>(),
        || span_of(parsed.len()).map(|(i, j)| pair(i, j)).transpose(),
    );
    Ok(Loaded { info: info.clone(), docs: parsed, comparisons: comparisons?, span: span? })
}

/// The versions a document's span compares (first, latest), when it has three or more:
/// with two, the span is their one comparison.
pub fn span_of(versions: usize) -> Option<(usize, usize)> {
    (versions >= 3).then(|| (0, versions - 1))
}

/// Builds the whole site into `out`.
///
/// Documents are loaded, compared, rendered and written one by one (in parallel), each
/// dropped once its pages are on disk: memory is bounded by the largest documents in
/// flight, not by the corpus. Pages go to a staging folder swapped in at the end.
pub fn build(
    src: &dyn Source,
    templates: &Templates,
    out: &Path,
    opts: &SiteOptions<'_>,
) -> Result<SiteReport> {
    let docs = src.documents();
    let total = docs.len() + 1;
    let done = AtomicUsize::new(0);
    let tick = || {
        let d = done.fetch_add(1, Ordering::Relaxed) + 1;
        (opts.progress)(d, total);
    };
    let staging = Staging::new(out)?;
    // One document per task: a few large documents (the criminal law, the national
    // report) cost as much as dozens of small ones, and a batch of several documents left
    // to the last thread made the other wait.
    /// A document built: its index entry, its number among the documents, its versions,
    /// comparisons and pages counted, and its pages' paths for the sitemap; or why it
    /// could not be read.
    type Built = std::result::Result<(IndexEntry, u32, [usize; 3], Vec<String>), crate::Error>;
    let site_url = opts.feeds.as_ref().and_then(|f| f.site_url.as_ref());
    let index = search::IndexBuilder::new(docs.len());
    let results: Vec<Built> = docs
        .par_iter()
        .enumerate()
        .with_max_len(1)
        .map(|(n, info)| {
            // A document that cannot be read is left out; a page that cannot be written
            // stops the build.
            let l = match load(src, info, &opts.compare, opts.overrides) {
                Ok(l) => l,
                Err(e) => {
                    tick();
                    return Ok(Err(e));
                }
            };
            let (pages, keys) = document_pages(&l, templates, opts)?;
            staging.write(&pages)?;
            let n = u32::try_from(n).unwrap_or(u32::MAX);
            index.add(n, keys);
            tick();
            let mapped = if site_url.is_some() { sitemap_paths(&pages) } else { Vec::new() };
            Ok(Ok((IndexEntry::from(&l), n, [l.docs.len(), l.comparisons.len(), pages.len()], mapped)))
        })
        .collect::<Result<_>>()?;
    let (mut entries, mut numbers, mut failed) = (Vec::new(), Vec::new(), Vec::new());
    let mut counts = [0; 3];
    // The pages a sitemap lists: the index, then each document's.
    let mut mapped = vec!["index.html".to_string()];
    for r in results {
        match r {
            Ok((entry, n, c, paths)) => {
                entries.push(entry);
                numbers.push(n);
                counts.iter_mut().zip(c).for_each(|(total, n)| *total += n);
                mapped.extend(paths);
            }
            Err(e) => failed.push(e),
        }
    }
    let mut common = common_pages(&entries, templates, &opts.title, &opts.store, opts.feeds.as_ref())?;
    if let Some(url) = site_url {
        common.extend(sitemap::pages(url.as_str(), &mapped, sitemap::MAX_URLS));
    }
    staging.write(&common)?;
    let listed: Vec<(u32, &str, &str)> =
        numbers.iter().zip(&entries).map(|(&n, e)| (n, e.id.as_str(), e.title.as_str())).collect();
    let index_pages = index.write(&listed, &|page| staging.write(std::slice::from_ref(&page)))?;
    tick();
    let report = SiteReport {
        documents: entries.len(),
        versions: counts[0],
        comparisons: counts[1],
        pages: counts[2] + common.len() + index_pages,
        failed,
    };
    staging.finish()?;
    Ok(report)
}

/// The pages of `pages` a sitemap lists (HTML, `/`-separated, sorted).
fn sitemap_paths(pages: &[Page]) -> Vec<String> {
    let mut paths: Vec<String> = pages
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|x| x == "html"))
        .map(|(p, _)| p.to_string_lossy().replace('\\', "/"))
        .collect();
    paths.sort();
    paths
}

/// What the site index needs of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct IndexEntry {
    pub id: String,
    pub title: String,
    /// Version labels, oldest first.
    pub versions: Vec<String>,
    /// Rows per kind of the comparison of the last two versions (empty with one version).
    #[serde(default)]
    pub latest: BTreeMap<RowKind, usize>,
    /// That comparison renamed the law.
    #[serde(default)]
    pub renamed: bool,
    /// Headings it retitled, added or deleted.
    #[serde(default)]
    pub headings: usize,
    /// Its versions as the site's feed tells them (empty where there is no feed).
    #[serde(default)]
    pub feed: Vec<feed::FeedVersion>,
}

impl From<&Loaded> for IndexEntry {
    fn from(l: &Loaded) -> IndexEntry {
        IndexEntry {
            id: l.info.id.to_string(),
            title: l.info.title.clone(),
            versions: l.info.versions.iter().map(|v| v.label().to_string()).collect(),
            latest: l.comparisons.last().map(|c| c.stats.counts.clone()).unwrap_or_default(),
            renamed: l.comparisons.last().is_some_and(|c| c.header.renamed().is_some()),
            headings: l.comparisons.last().map_or(0, |c| c.headings.len()),
            feed: feed::versions_of(l),
        }
    }
}

/// The site's index page, listing documents (sorted by id).
pub fn index_page(
    entries: &[IndexEntry],
    templates: &Templates,
    title: &str,
    store: &Option<String>,
    feeds: Option<&Feeds>,
) -> Result<String> {
    let documents = entries
        .iter()
        .map(|e| {
            let id = segment(&e.id)?.to_string();
            Ok(IndexDoc {
                href: format!("{id}/index.html"),
                versions: e
                    .versions
                    .iter()
                    .map(|v| {
                        Ok(Link { href: format!("{id}/versions/{}.html", segment(v)?), text: v.clone() })
                    })
                    .collect::<Result<_>>()?,
                latest_comparison: match e.versions.len() {
                    n if n >= 2 => {
                        let (a, b) = (&e.versions[n - 2], &e.versions[n - 1]);
                        Some(Link {
                            href: format!("{id}/compare/{}", compare_file(a, b)?),
                            text: format!("{a} → {b}"),
                        })
                    }
                    _ => None,
                },
                changes: e
                    .latest
                    .iter()
                    .filter(|(k, n)| k.is_change() && **n > 0)
                    .map(|(k, n)| KindCount { kind: k.as_str(), label: kind_label(*k), count: *n })
                    .collect(),
                renamed: e.renamed,
                headings: e.headings,
                title: e.title.clone(),
                id,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let view = IndexView {
        title: title.to_string(),
        versions: entries.iter().map(|e| e.versions.len()).sum(),
        comparisons: entries.iter().map(|e| e.versions.len().saturating_sub(1)).sum(),
        documents,
    };
    let links = feed_links(feeds, "", title, None);
    let p = page(title.to_string(), "", vec![crumb(None, title)], "index", store, "zh", links);
    templates.page("index.html", &p, "site", &view)
}

/// The search keys of a document from its pages (its script's, [`search::Keys::of_script`]).
pub fn search_keys(id: &str, pages: &[Page]) -> Result<search::Keys> {
    let path = search::script_path(id)?;
    let (_, script) = pages.iter().find(|(p, _)| *p == path).ok_or_else(|| {
        Error::Usage(format!("the pages of `{id}` have no search script ({})", path.display()))
    })?;
    search::Keys::of_script(script, &path)
}

/// The files every site has besides its documents and the search index
/// ([`search::IndexBuilder`]): index, search page, stylesheet, script and README, and the
/// site's feed when it has feeds.
pub fn common_pages(
    entries: &[IndexEntry],
    templates: &Templates,
    title: &str,
    store: &Option<String>,
    feeds: Option<&Feeds>,
) -> Result<Vec<Page>> {
    let crumbs = vec![crumb(Some("index.html"), title), crumb(None, "搜索 Search")];
    let links = feed_links(feeds, "", title, None);
    let p = page(format!("搜索 Search · {title}"), "", crumbs, "search", store, "zh", links);
    let mut pages = vec![
        (PathBuf::from("index.html"), index_page(entries, templates, title, store, feeds)?.into_bytes()),
        (
            PathBuf::from("search.html"),
            search::search_page(entries.iter().map(|e| e.id.as_str()), templates, &p)?.into_bytes(),
        ),
        (PathBuf::from("style.css"), templates.asset("style.css")?.into_bytes()),
        (PathBuf::from("search.js"), templates.asset("search.js")?.into_bytes()),
        (PathBuf::from("README.md"), README.as_bytes().to_vec()),
    ];
    if let Some(f) = feeds {
        let docs: Vec<feed::FeedDocument<'_>> = entries
            .iter()
            .map(|e| feed::FeedDocument { id: &e.id, title: &e.title, versions: &e.feed })
            .collect();
        let place = feed::FeedPlace {
            site_url: f.site_url.as_ref().map(SiteUrl::as_str),
            dir: String::new(),
            title,
            lang: "zh",
            author: title,
        };
        let xml = feed::render(&docs, &place, feed::SITE_ENTRIES, templates)?;
        pages.push((PathBuf::from(FEED), xml.into_bytes()));
    }
    Ok(pages)
}

/// Every page of one document: its comparisons (with their Markdown, JSON and Word
/// files), its versions, the history of each unit, its own index and its search script;
/// and the search keys of its texts ([`search::IndexBuilder`]).
pub fn document_pages(
    l: &Loaded,
    templates: &Templates,
    opts: &SiteOptions<'_>,
) -> Result<(Vec<Page>, search::Keys)> {
    let id = segment(l.info.id.as_str())?.to_string();
    // A document's pages name the store commit its own history ends at, not the store's
    // head: they change only when the document does, so a rebuild after another
    // document's new version leaves them as they were (see `Staging`).
    let store = opts.store.as_ref().map(|head| {
        let own = l.info.versions.last().and_then(|v| v.commit.as_deref()).and_then(|c| c.get(..head.len()));
        own.map_or_else(|| head.clone(), str::to_string)
    });
    let lang = if l.info.language.is_empty() { "zh" } else { l.info.language.as_str() };
    let d = DocumentPages { l, templates, opts, dir: PathBuf::from(&id), lang, store };
    let mut pages = d.comparisons()?;
    pages.extend(d.versions()?);
    if l.docs.len() > 1 {
        pages.extend(d.histories()?);
    }
    pages.push(d.index(&id)?);
    if let Some(f) = &opts.feeds {
        pages.push(d.feed(&id, f)?);
    }
    let (script, keys) = search::document_script(l)?;
    pages.push((search::script_path(&id)?, script.into_bytes()));
    Ok((pages, keys))
}

/// What the pages of one document share: their folder, their language, the store commit
/// they name, and the way up to the document and the site.
struct DocumentPages<'a, 'o> {
    l: &'a Loaded,
    templates: &'a Templates,
    opts: &'a SiteOptions<'o>,
    dir: PathBuf,
    lang: &'a str,
    store: Option<String>,
}

impl DocumentPages<'_, '_> {
    /// The frame of a page `depth` folders below the document's folder (1: `compare/`,
    /// 2: `articles/<version>/`), whose breadcrumbs lead from the site and the document
    /// to `leaf`.
    fn frame(&self, title: String, depth: usize, leaf: &str, class: &str) -> PageView {
        let up = "../".repeat(depth);
        let root = format!("{up}../");
        let crumbs = vec![
            crumb(Some(&format!("{root}index.html")), &self.opts.title),
            crumb(Some(&format!("{up}index.html")), &self.l.info.title),
            crumb(None, leaf),
        ];
        // The history pages, thousands of them, announce no feed: the pages a reader
        // arrives at (the document's, its reports and texts) do, and 280 bytes on each
        // history page were 2 MB of the bundled site.
        let feeds = if depth < 2 { self.feed_links(&root) } else { Vec::new() };
        page(title, &root, crumbs, class, &self.store, self.lang, feeds)
    }

    /// The feeds a page of the document announces, from `root` (the site's root).
    fn feed_links(&self, root: &str) -> Vec<FeedLink> {
        let doc = (self.l.info.id.as_str(), self.l.info.title.as_str());
        feed_links(self.opts.feeds.as_ref(), root, &self.opts.title, Some(doc))
    }

    /// The document's feed: every version, newest first.
    fn feed(&self, id: &str, feeds: &Feeds) -> Result<Page> {
        let versions = feed::versions_of(self.l);
        let doc = feed::FeedDocument { id, title: &self.l.info.title, versions: &versions };
        let place = feed::FeedPlace {
            site_url: feeds.site_url.as_ref().map(SiteUrl::as_str),
            dir: format!("{id}/"),
            title: &self.l.info.title,
            lang: self.lang,
            author: &self.opts.title,
        };
        let xml = feed::render(&[doc], &place, usize::MAX, self.templates)?;
        Ok((self.dir.join(FEED), xml.into_bytes()))
    }

    /// The history page of unit `label` of version `version`, from `root`: every unit of
    /// a document with several versions has one.
    fn history_href(&self, root: &str, version: usize, label: &str) -> Option<String> {
        let v = segment(self.l.info.versions[version].label()).ok()?;
        (self.l.docs.len() > 1 && segment(label).is_ok()).then(|| format!("{root}articles/{v}/{label}.html"))
    }

    /// Each comparison of consecutive versions, and the span of the first and the latest,
    /// as a page, and as `diff --format md`, `json` and `docx` write it, beside the page.
    fn comparisons(&self) -> Result<Vec<Page>> {
        let l = self.l;
        let mut all: Vec<(&Comparison, usize, usize)> =
            l.comparisons.iter().enumerate().map(|(i, c)| (c, i, i + 1)).collect();
        if let (Some(c), Some((i, j))) = (&l.span, span_of(l.docs.len())) {
            all.push((c, i, j));
        }
        let compared: Vec<Vec<Page>> =
            all.par_iter().map(|&(c, i, j)| self.comparison(c, i, j)).collect::<Result<_>>()?;
        Ok(compared.into_iter().flatten().collect())
    }

    /// The comparison `c` of versions `i` and `j`: its page and its files (a law's with
    /// its draft amending decision, as `diff --format decision` writes it).
    fn comparison(&self, c: &Comparison, i: usize, j: usize) -> Result<Vec<Page>> {
        let (l, title) = (self.l, &self.l.info.title);
        let (a, b) = (l.info.versions[i].label(), l.info.versions[j].label());
        let mut v: CompareView = compare_view(c, &|side, u| match side {
            UnitSide::Old => self.history_href("../", i, &u.label),
            UnitSide::New => self.history_href("../", j, &u.label),
        });
        let stem = compare_stem(a, b)?;
        let [file, md, json, docx] = ["html", "md", "json", "docx"].map(|ext| format!("{stem}.{ext}"));
        v.downloads = vec![
            Download { name: "Word", href: docx.clone() },
            Download { name: "Markdown", href: md.clone() },
            Download { name: "JSON", href: json.clone() },
        ];
        let decision = crate::decision::decision(c, &Default::default());
        let decision_file = format!("{stem}.decision.txt");
        if let Some(d) = &decision {
            let name = if d.chinese { "修改决定草稿" } else { "Draft amending act" };
            v.downloads.push(Download { name, href: decision_file.clone() });
        }
        let word = crate::render::docx::render_view(c, &v, false);
        let p = self.frame(format!("{title} {a} → {b}"), 1, &format!("{a} → {b}"), "compare");
        let html = compare_page(self.templates, &p, v)?;
        let at = |name: &str| self.dir.join("compare").join(name);
        let mut pages = vec![
            (at(&file), html.into_bytes()),
            (at(&md), markdown::render(c).into_bytes()),
            (at(&json), crate::render::json(c).into_bytes()),
            (at(&docx), word),
        ];
        if let Some(d) = decision {
            pages.push((at(&decision_file), crate::render::decision::render(&d).into_bytes()));
        }
        Ok(pages)
    }

    /// The text of each version.
    fn versions(&self) -> Result<Vec<Page>> {
        let (l, title) = (self.l, &self.l.info.title);
        let mut pages = Vec::with_capacity(l.docs.len());
        for (i, (d, v)) in l.docs.iter().zip(&l.info.versions).enumerate() {
            // The comparisons into and after this version, linked from its page.
            let link = |a: usize, b: usize| -> Result<TimelineComparison> {
                let mut r = comparison_link(l, a, b, &l.comparisons[a])?;
                r.href = format!("../{}", r.href);
                Ok(r)
            };
            let revision = i.checked_sub(1).map(|p| link(p, i)).transpose()?;
            let next_revision = (i + 1 < l.docs.len()).then(|| link(i, i + 1)).transpose()?;
            let units = d.units.len();
            let into = revision.as_ref().map_or_else(Vec::new, |r| {
                unit_changes(&l.comparisons[i - 1], UnitSide::New, units, &r.href)
            });
            let mut next = next_revision
                .as_ref()
                .map_or_else(Vec::new, |r| unit_changes(&l.comparisons[i], UnitSide::Old, units, &r.href));
            let later = l.info.versions.get(i + 1).map_or("", |v| v.label());
            for c in next.iter_mut().flatten() {
                c.text = format!("{later}: {}", c.text);
            }
            let history = |label: &str| self.history_href("../", i, label);
            let mut view = version_view(d, v, title, history, [into, next]);
            view.revision = revision;
            view.next_revision = next_revision;
            let p = self.frame(format!("{title} ({})", v.label()), 1, v.label(), "version");
            pages.push((
                self.dir.join("versions").join(format!("{}.html", segment(v.label())?)),
                self.templates.page("version.html", &p, "version", &view)?.into_bytes(),
            ));
        }
        Ok(pages)
    }

    /// The history of every unit of every version.
    fn histories(&self) -> Result<Vec<Page>> {
        let (l, title) = (self.l, &self.l.info.title);
        let lineage = Lineage::new(&l.comparisons);
        let blame = lineage.blame(&l.docs, &self.opts.compare.diff);
        let units: Vec<(usize, usize)> =
            l.docs.iter().enumerate().flat_map(|(v, d)| (0..d.units.len()).map(move |u| (v, u))).collect();
        units
            .par_iter()
            .map(|&(v, u)| -> Result<Page> {
                let unit = &l.docs[v].units[u];
                let view = history_view(l, &lineage, &blame, v, u);
                let name = unit.name();
                let label = l.info.versions[v].label();
                let p =
                    self.frame(format!("{title} {name} ({label})"), 2, &format!("{label} {name}"), "history");
                let html = self.templates.page("history.html", &p, "history", &view)?;
                let path = self
                    .dir
                    .join("articles")
                    .join(segment(label)?)
                    .join(format!("{}.html", segment(&unit.label)?));
                Ok((path, html.into_bytes()))
            })
            .collect()
    }

    /// The document's own page: its versions and comparisons.
    fn index(&self, id: &str) -> Result<Page> {
        let title = &self.l.info.title;
        let view = document_view(self.l, id)?;
        let crumbs = vec![crumb(Some("../index.html"), &self.opts.title), crumb(None, title)];
        let p =
            page(title.clone(), "../", crumbs, "document", &self.store, self.lang, self.feed_links("../"));
        Ok((
            self.dir.join("index.html"),
            self.templates.page("document.html", &p, "doc", &view)?.into_bytes(),
        ))
    }
}

/// A version's size on its document's page. A law counts its articles (之X included) as
/// its comparisons do, and names its preamble and appendices beside them.
fn size(d: &Document) -> String {
    match d.kind {
        Kind::Law => {
            format!(
                "{} 条 articles{}, {} 章 chapters",
                d.article_count() + d.sub_article_count(),
                crate::render::document_other_units(d, true),
                d.count_headings(Level::Chapter)
            )
        }
        Kind::Report => format!("{} 段 paragraphs", d.units.len()),
        Kind::Plain => format!("{} 段 paragraphs", d.units.len()),
    }
}

/// The link to the comparison of versions `i` and `j` of a document, with its summary.
fn comparison_link(l: &Loaded, i: usize, j: usize, c: &Comparison) -> Result<TimelineComparison> {
    let (a, b) = (l.info.versions[i].label(), l.info.versions[j].label());
    Ok(TimelineComparison {
        href: format!("compare/{}", compare_file(a, b)?),
        text: format!("{a} → {b}"),
        summary: summary(c),
    })
}

/// One bar per revision of a document: characters deleted plus inserted. Returns the
/// bars, the chart's width and its height.
fn revision_bars(l: &Loaded) -> (Vec<BarView>, f64, f64) {
    let bars = l.comparisons.iter().enumerate().map(|(i, c)| {
        let label = format!("{} → {}", l.info.versions[i].label(), l.info.versions[i + 1].label());
        ("modified".to_string(), label, c.stats.chars_deleted + c.stats.chars_inserted)
    });
    bar_chart(bars, 110.0, 260.0, 60.0)
}

fn document_view(l: &Loaded, id: &str) -> Result<DocumentView> {
    let versions = l
        .info
        .versions
        .iter()
        .enumerate()
        .map(|(i, v)| {
            Ok(TimelineVersion {
                label: v.label().into(),
                href: format!("versions/{}.html", segment(v.label())?),
                adopted: v.meta.adopted.to_string(),
                effective: v.meta.effective.map(|d| d.to_string()),
                amended_by: v.meta.amended_by.clone(),
                size: size(&l.docs[i]),
                comparison: i
                    .checked_sub(1)
                    .map(|p| comparison_link(l, p, i, &l.comparisons[p]))
                    .transpose()?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let (bars, chart_width, chart_height) = revision_bars(l);
    let articles = if l.docs.len() > 1 {
        let changes = revisions_changing(l);
        l.docs.last().map_or(Vec::new(), |d| {
            d.units
                .iter()
                .zip(changes)
                .filter(|(u, _)| segment(&u.label).is_ok())
                .map(|(u, changes)| ArticleLink {
                    href: format!("articles/{}/{}.html", l.info.versions[l.docs.len() - 1].label(), u.label),
                    text: u.label.clone(),
                    changes,
                })
                .collect()
        })
    } else {
        Vec::new()
    };
    let articles_changed = articles.iter().filter(|a| !a.changes.is_empty()).count();
    let targets = (l.info.kind == Kind::Report && l.docs.len() > 1).then(|| {
        let named: Vec<(&str, &Document)> = l.info.versions.iter().map(|v| v.label()).zip(&l.docs).collect();
        let href = |v: usize, s: &Statement| {
            let label = segment(l.info.versions[v].label()).ok()?;
            Some(format!("versions/{label}.html#a-{}", s.unit))
        };
        targets_view(&TargetTable::build(&named), &href)
    });
    let span = match (&l.span, span_of(l.docs.len())) {
        (Some(c), Some((i, j))) => Some(comparison_link(l, i, j, c)?),
        _ => None,
    };
    Ok(DocumentView {
        span,
        targets,
        id: id.to_string(),
        title: l.info.title.clone(),
        kind: l.info.kind.as_str(),
        chart_height,
        chart_width,
        bars,
        versions,
        articles,
        articles_changed,
    })
}

/// For every unit of the latest version, the revisions that changed its text or its
/// ancestors' (`2019 → 2022 修改`, in order): a revision changes a unit it adds, and one
/// whose row is modified, split or merged, unless only renumbered references changed.
fn revisions_changing(l: &Loaded) -> Vec<Vec<String>> {
    // (revision, kind label) of each unit of version p, sorted.
    let mut changes: Vec<Vec<(usize, &'static str)>> = vec![Vec::new(); l.docs[0].units.len()];
    for (p, c) in l.comparisons.iter().enumerate() {
        let mut next: Vec<Vec<(usize, &'static str)>> = vec![Vec::new(); l.docs[p + 1].units.len()];
        for r in &c.rows {
            let Some(n) = &r.new else { continue };
            let mine = &mut next[n.index];
            if let Some(o) = &r.old {
                mine.extend_from_slice(&changes[o.index]);
            }
            if !matches!(r.kind, RowKind::Unchanged | RowKind::Renumbered) && !r.reference_only {
                mine.push((p, crate::render::view::kind_label(r.kind)));
            }
        }
        for mine in &mut next {
            mine.sort_unstable();
            mine.dedup();
        }
        changes = next;
    }
    let revision = |p: usize| format!("{} → {}", l.info.versions[p].label(), l.info.versions[p + 1].label());
    changes
        .into_iter()
        .map(|unit| unit.into_iter().map(|(p, kind)| format!("{} {kind}", revision(p))).collect())
        .collect()
}

fn version_view(
    d: &Document,
    v: &VersionInfo,
    title: &str,
    history: impl Fn(&str) -> Option<String>,
    changes: [Vec<Option<UnitChange>>; 2],
) -> VersionView {
    // What the revisions into it and after it did to each unit, in order (none at all for
    // a first or latest version).
    let [mut into, mut next] = changes.map(Vec::into_iter);
    let mut blocks = Vec::new();
    let mut next_heading = 0;
    // Indented by rank among the levels the text has: a code of parts and chapters
    // (no subparts) indents its chapters once.
    let mut levels: Vec<u8> = d.headings.iter().map(|h| h.level.depth()).collect();
    levels.sort_unstable();
    levels.dedup();
    let rank = |depth: u8| levels.iter().position(|&l| l == depth).unwrap_or(0) as u8;
    let mut contents: Vec<VersionContentsLine> = Vec::new();
    // The contents lines of the headings open at the current unit, outermost first.
    let mut open: Vec<usize> = Vec::new();
    // The units, then no unit: headings after the last unit are shown too (the search
    // links to each heading).
    for u in d.units.iter().map(Some).chain([None]) {
        while next_heading < d.headings.len() && u.is_none_or(|u| d.headings[next_heading].line < u.line) {
            let h = &d.headings[next_heading];
            let depth = rank(h.level.depth());
            let anchor = format!("h-{}", next_heading + 1);
            open.retain(|&e| contents[e].depth < depth);
            open.push(contents.len());
            contents.push(VersionContentsLine {
                depth,
                title: h.display(),
                anchor: anchor.clone(),
                first: None,
                last: None,
            });
            blocks.push(VersionBlock {
                heading: Some(h.display()),
                level: h.level.depth(),
                anchor,
                name: String::new(),
                history: None,
                change: None,
                next: None,
                lines: Vec::new(),
            });
            next_heading += 1;
        }
        let Some(u) = u else { break };
        for &e in &open {
            let name = u.name();
            contents[e].first.get_or_insert_with(|| name.clone());
            contents[e].last = Some(name);
        }
        blocks.push(VersionBlock {
            heading: None,
            level: 0,
            anchor: format!("a-{}", u.label),
            name: u.name(),
            history: history(&u.label),
            change: into.next().flatten(),
            next: next.next().flatten(),
            lines: u.lines().map(|l| PlainLine { depth: l.depth, text: l.text.to_string() }).collect(),
        });
    }
    VersionView {
        title: title.to_string(),
        label: v.label().to_string(),
        adopted: v.meta.adopted.to_string(),
        effective: v.meta.effective.map(|e| e.to_string()),
        source: v.meta.source.clone(),
        caveat: d.text_state.caveat_line(),
        status: d.status.clone(),
        history: d.history.iter().map(|h| h.text.clone()).collect(),
        blocks,
        contents,
        revision: None,
        next_revision: None,
    }
}

/// What comparison `c` did to each unit of its `side` (see [`UnitChange`]), by unit
/// index: on the new side, what each unit came from; on the old side, what became of it.
/// `report` is the comparison's page from the version's page.
fn unit_changes(c: &Comparison, side: UnitSide, units: usize, report: &str) -> Vec<Option<UnitChange>> {
    /// A row's unit on `side`, then its partner.
    fn sides(r: &ComparedRow, side: UnitSide) -> (Option<&UnitView>, Option<&UnitView>) {
        match side {
            UnitSide::Old => (r.old.as_ref(), r.new.as_ref()),
            UnitSide::New => (r.new.as_ref(), r.old.as_ref()),
        }
    }
    let mine = |r| sides(r, side).0;
    let theirs = |r| sides(r, side).1;
    let mut rows: Vec<Vec<&ComparedRow>> = vec![Vec::new(); units];
    for r in &c.rows {
        if let Some(u) = mine(r).filter(|u| u.index < units) {
            rows[u.index].push(r);
        }
    }
    let chinese = c.header.language.is_empty() || c.header.language.starts_with("zh");
    rows.into_iter()
        .map(|rs| {
            let r = *rs.first()?;
            let unit = mine(r)?;
            let partners: Vec<String> = rs.iter().filter_map(|r| theirs(r)).map(view::name).collect();
            let p = partners.join("、");
            let renumbered = rs.iter().any(|r| theirs(r).is_some_and(|o| o.label != unit.label));
            // (Chinese, English): the badge speaks the document's language, its tooltip English.
            // Where the unit was or went, when its number changed: ` 原第三条`, ` 现第五条`.
            let (zh_was, en_was) = match (renumbered, side) {
                (false, _) => (String::new(), String::new()),
                (true, UnitSide::New) => (format!(" 原{p}"), format!(", formerly {p}")),
                (true, UnitSide::Old) => (format!(" 现{p}"), format!(", now {p}")),
            };
            let (zh, en) = match (side, r.kind) {
                (_, RowKind::Unchanged)
                | (UnitSide::New, RowKind::Deleted)
                | (UnitSide::Old, RowKind::Added) => {
                    return None;
                }
                (_, RowKind::Renumbered) => (zh_was.trim_start().to_string(), format!("renumbered{en_was}")),
                (_, RowKind::Modified) if r.reference_only => {
                    (format!("仅引用条号{zh_was}"), format!("only cross-references renumbered{en_was}"))
                }
                (_, RowKind::Modified) => (format!("修改{zh_was}"), format!("modified{en_was}")),
                (UnitSide::New, RowKind::Split) => (format!("拆分自 {p}"), format!("split from {p}")),
                (UnitSide::Old, RowKind::Split) => (format!("拆分为 {p}"), format!("split into {p}")),
                (UnitSide::New, RowKind::Merged) => (format!("合并自 {p}"), format!("merged from {p}")),
                (UnitSide::Old, RowKind::Merged) => (format!("合并入 {p}"), format!("merged into {p}")),
                (UnitSide::New, RowKind::Added) => ("新增".into(), "added".into()),
                (UnitSide::Old, RowKind::Deleted) if r.repealed => {
                    ("删去 保留条号".into(), "repealed, its number kept".into())
                }
                (UnitSide::Old, RowKind::Deleted) => ("删除".into(), "deleted".into()),
            };
            let (text, title) = if chinese { (zh, en) } else { (en.clone(), en) };
            let anchor = match side {
                UnitSide::Old => "old",
                UnitSide::New => "new",
            };
            Some(UnitChange {
                kind: r.kind.as_str(),
                text,
                title,
                href: format!("{report}#{anchor}-{}", unit.label),
            })
        })
        .collect()
}

/// The history of one unit of version `v`: its lineage through every version (a graph),
/// the blame of its text, and every ancestor with its changes from its predecessors.
fn history_view(l: &Loaded, lineage: &Lineage<'_>, blame: &[Vec<Blame>], v: usize, u: usize) -> HistoryView {
    let unit = &l.docs[v].units[u];
    let (blame, legend) = blame_lines(l, &blame[v][u], v, u);
    HistoryView {
        title: l.info.title.clone(),
        name: unit.name(),
        version: l.info.versions[v].label().into(),
        text_href: format!("../../versions/{}.html#a-{}", l.info.versions[v].label(), unit.label),
        lineage: lineage_rows(l, lineage, v, u),
        blame,
        legend,
        steps: history_steps(l, lineage, v, u),
    }
}

/// The lineage graph of unit `u` of version `v`, a row per version: its ancestors and
/// descendants, each with the units it came from.
fn lineage_rows(l: &Loaded, lineage: &Lineage<'_>, v: usize, u: usize) -> Vec<LineageRow> {
    let here = |version: usize, unit: usize| -> String {
        format!("../{}/{}.html", l.info.versions[version].label(), l.docs[version].units[unit].label)
    };
    let (up, up_links) = lineage.ancestry((v, u));
    let (down, down_links) = lineage.descent((v, u));
    let links: Vec<_> = up_links.into_iter().chain(down_links).collect();
    let mut rows = Vec::new();
    for (version, info) in l.info.versions.iter().enumerate() {
        let mut units: BTreeSet<usize> = BTreeSet::new();
        units.extend(up.get(version).into_iter().flatten());
        units.extend(down.get(version).into_iter().flatten());
        let nodes = units
            .iter()
            .map(|&unit| {
                let incoming: BTreeSet<String> = links
                    .iter()
                    .filter(|k| k.to == (version, unit))
                    .map(|k| format!("{} {}", l.docs[k.from.0].units[k.from.1].name(), kind_label(k.kind)))
                    .collect();
                LineageNode {
                    name: l.docs[version].units[unit].name(),
                    href: here(version, unit),
                    current: (version, unit) == (v, u),
                    from: incoming.into_iter().collect::<Vec<_>>().join("、"),
                }
            })
            .collect();
        rows.push(LineageRow { version: info.label().into(), adopted: info.meta.adopted.to_string(), nodes });
    }
    rows
}

/// The text of unit `u` of version `v`, a line per paragraph, in spans of the version
/// that introduced each; and the legend of those versions.
fn blame_lines(l: &Loaded, blame: &Blame, v: usize, u: usize) -> (Vec<BlameLine>, Vec<LegendItem>) {
    let unit = &l.docs[v].units[u];
    let text = unit.text();
    let spans = blame.spans(&text);
    let mut lines: Vec<BlameLine> = vec![BlameLine { depth: 0, spans: Vec::new() }];
    let mut last: Option<usize> = None;
    for s in spans {
        let piece = &text[s.start..s.end];
        for (k, part) in piece.split('\n').enumerate() {
            if k > 0 {
                lines.push(BlameLine { depth: 0, spans: Vec::new() });
                last = None;
            }
            if part.is_empty() {
                continue;
            }
            lines.last_mut().expect("a line").spans.push(BlameSpan {
                text: part.to_string(),
                version: l.info.versions[s.version].label().into(),
                class: format!("b{}", s.version % 6),
                first: last != Some(s.version),
            });
            last = Some(s.version);
        }
    }
    for (line, d) in lines.iter_mut().zip(unit.lines()) {
        line.depth = d.depth;
    }
    let used: BTreeSet<usize> = blame.origins.iter().copied().collect();
    let legend = used
        .into_iter()
        .map(|i| LegendItem { version: l.info.versions[i].label().into(), class: format!("b{}", i % 6) })
        .collect();
    (lines, legend)
}

/// Every ancestor of unit `u` of version `v`, newest version first, with its changes from
/// its predecessors.
fn history_steps(l: &Loaded, lineage: &Lineage<'_>, v: usize, u: usize) -> Vec<HistoryStep> {
    let (levels, _) = lineage.ancestry((v, u));
    let mut steps = Vec::new();
    for (version, units) in levels.iter().enumerate().rev() {
        if units.is_empty() {
            continue;
        }
        let info = &l.info.versions[version];
        let mut out = Vec::new();
        for &unit in units {
            let doc = &l.docs[version];
            let preds = lineage.predecessors((version, unit));
            let row = preds.first().map(|p| &l.comparisons[version - 1].rows[p.row]);
            let mut before = Vec::new();
            let (kind, lines) = match row {
                Some(r) => {
                    let c = &l.comparisons[version - 1];
                    let n = r.new.as_ref().expect("a predecessor row has a new side");
                    if !matches!(r.kind, RowKind::Unchanged | RowKind::Renumbered) {
                        let was = l.info.versions[version - 1].label();
                        for p in &preds {
                            let pr = &c.rows[p.row];
                            let o = pr.old.as_ref().expect("a predecessor row has an old side");
                            let marks = view::CellSource::of(c, UnitSide::Old, p.row).marks(c);
                            let lines = view::lines(o, marks, true, "same");
                            let name = l.docs[version - 1].units[o.index].name();
                            before.push(HistoryBefore { name: format!("{was} {name}"), lines });
                        }
                    }
                    let marks = view::CellSource::of(c, UnitSide::New, preds[0].row).marks(c);
                    (r.kind, view::lines(n, marks, false, "same"))
                }
                None => {
                    let uv = crate::compare::UnitView::for_unit(doc, unit);
                    let kind = if version == 0 { RowKind::Unchanged } else { RowKind::Added };
                    (kind, view::lines(&uv, None, false, if version == 0 { "same" } else { "ins" }))
                }
            };
            let from: BTreeSet<String> =
                preds.iter().map(|p| l.docs[version - 1].units[p.from.1].name()).collect();
            let label = &doc.units[unit].label;
            out.push(HistoryUnit {
                name: doc.units[unit].name(),
                href: format!("../../versions/{}.html#a-{label}", info.label()),
                kind: if version == 0 { "first" } else { kind.as_str() },
                kind_label: if version == 0 { "初版" } else { kind_label(kind) },
                from: (!from.is_empty()).then(|| from.into_iter().collect::<Vec<_>>().join("、")),
                lines,
                before,
            });
        }
        steps.push(HistoryStep {
            version: info.label().into(),
            adopted: info.meta.adopted.to_string(),
            units: out,
        });
    }
    steps
}

/// Writes the pages into a temporary folder beside `out`, then swaps it in.
pub fn write_site(out: &Path, pages: &[Page]) -> Result<()> {
    let staging = Staging::new(out)?;
    staging.write(pages)?;
    staging.finish()
}

/// A site being written: a hidden folder beside the output, swapped in whole by
/// [`Staging::finish`], removed if dropped unfinished (an error, a full disk). Errors name
/// the site. An output that is a link to a folder stays a link: the folder it points to is
/// replaced.
///
/// A page whose bytes the previous site already has at the same path is linked from it
/// (a hard link) rather than written again: a rebuild after one new version rewrites only
/// the pages that changed, unchanged pages keep their modification times (a publishing
/// step that copies changed files copies only those), and the file system allocates no
/// new file for them. Where linking fails (another file system, one without links), the
/// page is written.
pub struct Staging {
    /// The output as given, for messages.
    out: PathBuf,
    /// The folder replaced: `out`, or the folder its link points to.
    target: PathBuf,
    tmp: PathBuf,
    /// The previous site, when `target` is one.
    previous: Option<PathBuf>,
    finished: bool,
}

impl Staging {
    pub fn new(out: &Path) -> Result<Staging> {
        let target = crate::fsutil::link_target(out);
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name =
            target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "reports".into());
        let previous = std::fs::metadata(&target).is_ok_and(|m| m.is_dir()).then(|| target.clone());
        let staging = Staging {
            out: out.to_path_buf(),
            tmp: parent.join(format!(".{name}.build-{}", std::process::id())),
            target: target.clone(),
            previous,
            finished: false,
        };
        staging.located((|| {
            // A file in the way (or a device) is not replaced by a folder.
            if std::fs::metadata(&target).is_ok_and(|m| !m.is_dir()) {
                let e = std::io::Error::new(std::io::ErrorKind::NotADirectory, "it is not a folder");
                return Err(Error::Write { path: target.clone(), source: e });
            }
            std::fs::create_dir_all(parent).map_err(Error::write(parent))?;
            clean_stale(parent, &name);
            if staging.tmp.exists() {
                std::fs::remove_dir_all(&staging.tmp).map_err(Error::write(&staging.tmp))?;
            }
            std::fs::create_dir(&staging.tmp).map_err(Error::write(&staging.tmp))
        })())?;
        Ok(staging)
    }

    fn located<T>(&self, r: Result<T>) -> Result<T> {
        r.map_err(|e| Error::WriteSite { out: self.out.clone(), source: Box::new(e) })
    }

    /// Writes pages (paths relative to the site), creating their folders.
    pub fn write(&self, pages: &[Page]) -> Result<()> {
        let dirs: BTreeSet<PathBuf> =
            pages.iter().filter_map(|(p, _)| p.parent()).map(|p| self.tmp.join(p)).collect();
        self.located((|| {
            for d in &dirs {
                std::fs::create_dir_all(d).map_err(Error::write(d))?;
            }
            pages.par_iter().try_for_each(|(path, content)| {
                let p = self.tmp.join(path);
                if self.previous.as_ref().is_some_and(|prev| link_if_same(&prev.join(path), content, &p)) {
                    return Ok(());
                }
                std::fs::write(&p, content).map_err(Error::write(&p))
            })
        })())
    }

    /// Puts the staged site in place of the output folder.
    pub fn finish(mut self) -> Result<()> {
        let r = swap_in(&self.tmp, &self.target);
        self.finished = r.is_ok();
        self.located(r)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            // A half-written folder helps nobody (and may be what filled the disk).
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Links `old` at `new` when `old` is a plain file holding exactly `content`; false (and
/// nothing done) otherwise.
fn link_if_same(old: &Path, content: &[u8], new: &Path) -> bool {
    let same_size =
        std::fs::symlink_metadata(old).is_ok_and(|m| m.is_file() && m.len() == content.len() as u64);
    same_size
        && std::fs::read(old).is_ok_and(|bytes| bytes == content)
        && std::fs::hard_link(old, new).is_ok()
}

/// Removes temporary folders left by interrupted builds.
fn clean_stale(parent: &Path, name: &str) {
    let prefixes = [format!(".{name}.build-"), format!(".{name}.old-")];
    if let Ok(entries) = std::fs::read_dir(parent) {
        for e in entries.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if prefixes.iter().any(|p| n.starts_with(p)) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}

/// Puts `new` in the place of `out`: an atomic exchange where the OS offers one, two
/// renames otherwise. The previous site is then removed.
fn swap_in(new: &Path, out: &Path) -> Result<()> {
    if !out.exists() {
        return std::fs::rename(new, out).map_err(Error::write(out));
    }
    if crate::fsutil::exchange(new, out)? {
        remove_tree(new).map_err(Error::write(new))?;
        return Ok(());
    }
    let old = out.with_file_name(format!(
        ".{}.old-{}",
        out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        std::process::id()
    ));
    std::fs::rename(out, &old).map_err(Error::write(out))?;
    std::fs::rename(new, out).map_err(Error::write(out))?;
    let _ = remove_tree(&old);
    Ok(())
}

/// Removes a previous site, its folders (one per document) on all cores: removing some
/// 7,700 files one by one took about as long as building the site anew.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<std::io::Result<_>>()?;
    entries.par_iter().try_for_each(|e| {
        if e.file_type()?.is_dir() {
            std::fs::remove_dir_all(e.path())
        } else {
            std::fs::remove_file(e.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

/// Writes a self-contained HTML page of one comparison (stylesheet inlined) into `out`,
/// as it is rendered: a long law's report is not assembled in memory first.
pub fn write_standalone(c: &Comparison, templates: &Templates, out: &mut dyn std::io::Write) -> Result<()> {
    let mut v = compare_view(c, &|_, _| None);
    let mut title = String::new();
    let _ = write!(title, "{} {} → {}", c.header.title, c.header.old.label, c.header.new.label);
    let p = PageView {
        title: title.clone(),
        root: String::new(),
        lang: standalone_lang(c).to_string(),
        inline_css: Some(templates.asset("style.css")?),
        search: None,
        breadcrumbs: vec![crumb(None, &title)],
        body_class: "compare".into(),
        store: None,
        feeds: Vec::new(),
    };
    render_sections(templates, &p, &mut v)?;
    templates.page_to("compare.html", &p, "report", &v, out)
}

/// The language of a one-page report: the document's, or for two files `zh` when they
/// hold Chinese and `und` (undetermined) otherwise.
fn standalone_lang(c: &Comparison) -> &str {
    if !c.header.language.is_empty() {
        return &c.header.language;
    }
    let han = |u: &Option<crate::compare::UnitView>| {
        u.as_ref().is_some_and(|u| u.text.chars().any(crate::diff::is_han))
    };
    if c.rows.iter().any(|r| han(&r.old) || han(&r.new)) { "zh" } else { "und" }
}

/// Renders a comparison page (see [`render_sections`]).
fn compare_page(templates: &Templates, p: &PageView, mut v: CompareView) -> Result<String> {
    render_sections(templates, p, &mut v)?;
    templates.page("compare.html", p, "report", &v)
}

/// Renders each section of a comparison's table (`compare_rows.html`, or the rows written
/// in Rust, see [`Templates::section`]) on all cores, the rows being nearly all the work,
/// into the section's `html`, for `compare.html` to place.
fn render_sections(templates: &Templates, p: &PageView, v: &mut CompareView) -> Result<()> {
    let bodies: Vec<String> =
        v.sections.par_iter().map(|s| templates.section(p, s)).collect::<Result<_>>()?;
    for (s, html) in v.sections.iter_mut().zip(bodies) {
        s.rows = Vec::new();
        s.html = minijinja::Value::from_safe_string(html);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_never_leave_their_folder() {
        for bad in ["..", "../x", "a/b", "a\\b", "", ".", "a\0b", "a\nb"] {
            assert!(segment(bad).is_err(), "{bad:?}");
        }
        assert_eq!(segment("3.1.2").unwrap(), "3.1.2");
        assert_eq!(compare_file("2010", "2024").unwrap(), "2010..2024.html");
    }
}
