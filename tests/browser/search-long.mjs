// Browser test of long queries on a site of many shards (every bundled document).
//
// Usage: node search-long.mjs <site folder> <screenshot.png> <expected>
// where <expected> is JSON, {query: [headings, units]}, as `lexdiff search` finds them.
// Checks: each query finds as many headings and units as lexdiff search does; a sentence
// of the secrecy law (its pairs in most shards) loads the index four shards at a time
// and stops once the documents left are few: four shards and the secrecy law's script.
import { failer, launch, resultsShown, watchedPage } from "./chromium.mjs";
import { pathToFileURL } from "node:url";
import { join } from "node:path";

const [site, screenshot, expectedJson] = process.argv.slice(2);
const expected = JSON.parse(expectedJson);
const fail = failer("long search");
const url = pathToFileURL(join(site, "search.html")).href;
const sentence = "机关、单位应当依法对拟公开的信息进行保密审查，遵守国家保密规定。";

// FNV-1a over code points, as the index's shards are chosen.
const shardOf = (key, shards) => {
  let h = 0x811c9dc5;
  for (const c of key) h = Math.imul((h ^ c.codePointAt(0)) >>> 0, 0x01000193) >>> 0;
  return h % shards;
};

const browser = await launch();
try {
  const { page, errors } = await watchedPage(browser, { viewport: { width: 1200, height: 800 } });
  for (const [q, [headings, units]] of Object.entries(expected)) {
    await page.goto(`${url}?q=${encodeURIComponent(q)}`);
    await resultsShown(page, q);
    const status = await page.locator("#status").textContent();
    const want = (headings ? `${headings} heading${headings === 1 ? "" : "s"} and ` : "") +
      `${units} unit${units === 1 ? "" : "s"}`;
    if (!status.includes(`Found ${want} in`)) fail(`${q}: ${status}, lexdiff search found ${want}`);
    const shown = await page.locator("ol.search-results > li").count();
    const docs = await page.locator("section.search-document").count();
    if (shown > units || shown < Math.min(units, 50)) fail(`${q}: ${shown} units listed of ${units}`);
    if (!docs) fail(`${q}: no document listed`);
    if (q !== sentence) continue;
    const scripts = await page.evaluate(() => Array.from(document.scripts, (s) => s.getAttribute("src")).filter(Boolean));
    const loaded = scripts.filter((s) => /^_search\/\d+\.js$/.test(s));
    const shards = await page.evaluate(() => window.lexdiffIndex.shards);
    const chars = Array.from(q);
    const spanned = new Set(chars.slice(1).map((c, i) => shardOf(chars[i] + c, shards))).size;
    if (spanned <= 4) fail(`the sentence's pairs are in ${spanned} shards of ${shards}: not a test of batches`);
    if (loaded.length !== 4) fail(`the sentence loaded ${loaded.length} shards (its pairs are in ${spanned}): ${loaded}`);
    const texts = scripts.filter((s) => s.endsWith("/search.js") && s !== "search.js");
    if (texts.join() !== "state-secrets-law/search.js") fail(`documents' scripts loaded: ${texts}`);
    const links = await page.locator("ol.search-results li .unit-head > a:first-of-type").evaluateAll(
      (as) => as.map((a) => a.getAttribute("href")));
    if (links.join() !== "state-secrets-law/versions/2024.html#a-35") fail(`found ${links}`);
    await page.screenshot({ path: screenshot });
  }
  if (errors.length) fail(`console errors: ${errors.join("; ")}`);
  console.log("long search test passed");
} finally {
  await browser.close();
}
