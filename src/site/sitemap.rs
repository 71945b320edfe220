//! `sitemap.xml`, for search engines to find every page of a published site: written
//! when the site's address is known (a sitemap holds absolute addresses only). Every page
//! is listed but the search page; without modification dates, which the build does not
//! know (a page's bytes say nothing of when its law last changed). A site of more than
//! [`MAX_URLS`] pages gets several files, `sitemap-1.xml`, …, under a sitemap index.

use std::path::PathBuf;

use super::Page;
use crate::render::escape_xml;

/// Addresses a sitemap file may hold (sitemaps.org).
pub const MAX_URLS: usize = 50_000;

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// The sitemap files of a site at `site_url` (ending in `/`) whose pages are `paths`
/// (relative to its root, `/`-separated), at most `max` addresses a file.
pub fn pages(site_url: &str, paths: &[String], max: usize) -> Vec<Page> {
    let urlset = |paths: &[String]| {
        let mut xml = format!("{HEAD}<urlset xmlns=\"{NS}\">\n");
        for p in paths {
            xml.push_str("  <url><loc>");
            escape_xml(&mut xml, &format!("{site_url}{p}"));
            xml.push_str("</loc></url>\n");
        }
        xml.push_str("</urlset>\n");
        xml.into_bytes()
    };
    if paths.len() <= max {
        return vec![(PathBuf::from("sitemap.xml"), urlset(paths))];
    }
    let mut files = Vec::new();
    let mut index = format!("{HEAD}<sitemapindex xmlns=\"{NS}\">\n");
    for (i, chunk) in paths.chunks(max).enumerate() {
        let name = format!("sitemap-{}.xml", i + 1);
        index.push_str("  <sitemap><loc>");
        escape_xml(&mut index, &format!("{site_url}{name}"));
        index.push_str("</loc></sitemap>\n");
        files.push((PathBuf::from(name), urlset(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.push((PathBuf::from("sitemap.xml"), index.into_bytes()));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(p: &Page) -> &str {
        std::str::from_utf8(&p.1).unwrap()
    }

    #[test]
    fn one_file_or_an_index_of_files_of_at_most_max_addresses() {
        let paths: Vec<String> =
            ["index.html", "a/index.html", "a/compare/1..2.html"].map(String::from).into();
        let one = pages("https://example.org/x&y/", &paths, 3);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].0, PathBuf::from("sitemap.xml"));
        assert_eq!(text(&one[0]).matches("<url>").count(), 3);
        assert!(text(&one[0]).contains("<loc>https://example.org/x&amp;y/a/compare/1..2.html</loc>"));
        let split = pages("https://example.org/", &paths, 2);
        let names: Vec<_> = split.iter().map(|p| p.0.to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]);
        assert_eq!(text(&split[0]).matches("<url>").count(), 2);
        assert_eq!(text(&split[1]).matches("<url>").count(), 1);
        assert!(text(&split[2]).contains("<sitemapindex"));
        assert!(text(&split[2]).contains("<loc>https://example.org/sitemap-2.xml</loc>"));
    }
}
