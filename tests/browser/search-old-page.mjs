// Browser test of a search page of one's own written for lexdiff before the search index:
// it loads every document's script itself and no index (tests/data/old-templates). The
// built-in search.js must still find words in the scripts the page loaded.
//
// Usage: node search-old-page.mjs <site folder> <screenshot.png>
import { failer, launch, resultsShown, watchedPage } from "./chromium.mjs";
import { pathToFileURL } from "node:url";
import { join } from "node:path";

const [site, screenshot] = process.argv.slice(2);
const fail = failer("old search page");
const browser = await launch();
try {
  const { page, errors } = await watchedPage(browser, { viewport: { width: 1200, height: 800 } });
  await page.goto(`${pathToFileURL(join(site, "search.html")).href}?q=${encodeURIComponent("保密审查")}`);
  await resultsShown(page, "保密审查");
  const scripts = await page.evaluate(() => Array.from(document.scripts, (s) => s.getAttribute("src")));
  if (scripts.some((s) => s.startsWith("_search"))) fail(`the old page loaded the index: ${scripts}`);
  const links = await page.locator("ol.search-results li .unit-head > a:first-of-type").evaluateAll(
    (as) => as.map((a) => a.getAttribute("href")));
  for (const href of ["state-secrets-law/versions/2024.html#a-35", "state-secrets-law/versions/2010.html#a-34"]) {
    if (!links.includes(href)) fail(`no result ${href} in ${JSON.stringify(links)}`);
  }
  await page.goto(`${pathToFileURL(join(site, "search.html")).href}?doc=road-transport-regulations&q=${encodeURIComponent("保密审查")}`);
  await resultsShown(page, "保密审查");
  if (!(await page.locator(".search-status").textContent()).includes("Nothing")) fail("the scope was not kept");
  await page.screenshot({ path: screenshot });
  if (errors.length) fail(`console errors: ${errors.join("; ")}`);
  console.log("old search page test passed");
} finally {
  await browser.close();
}
