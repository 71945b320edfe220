// Browser test of the site's search page, in Debian's Chromium, opened from disk.
//
// Usage: node search.mjs <site folder> <screenshot.png>
// Checks: no console errors; a query in the address (?q=) finds the article that has it
// now and the one that had it in an earlier version, each linked to its version and
// marked; words separated by a space must all be in one article; typing a query searches
// as you type; full-width and ASCII forms find each other; a query of markup is shown as text; a result's link lands on the article;
// a document's page searches that document alone, and the search can be widened;
// a query loads the index's shards of its keys and the scripts of the documents that have
// them all, no other; headings are found, with their places, and their links land on
// them; an article found says which headings it is under; without JavaScript the page
// says what to do instead. Exits non-zero on the first failure.
import { failer, launch, resultsShown, watchedPage } from "./chromium.mjs";
import { pathToFileURL } from "node:url";
import { join } from "node:path";

const [site, screenshot] = process.argv.slice(2);
const url = pathToFileURL(join(site, "search.html")).href;
const fail = failer("search");

const browser = await launch();
try {
  const { page, errors } = await watchedPage(browser, { viewport: { width: 1400, height: 1000 } });

  const shown = (q) => resultsShown(page, q);

  // 保密审查: article 35 of the 2024 law, article 34 of the 2010 law (whose 2024
  // successor no longer says it).
  await page.goto(`${url}?q=${encodeURIComponent("保密审查")}`);
  await shown("保密审查");
  // Its three pairs of characters are in three shards at most, and only the secrecy
  // law has all three: the road transport regulations' script is not loaded.
  const scripts = await page.evaluate(() => Array.from(document.scripts, (s) => s.getAttribute("src")));
  const shards = scripts.filter((s) => /^_search\/\d+\.js$/.test(s));
  const texts = scripts.filter((s) => s.endsWith("/search.js"));
  if (!scripts.includes("_search/index.js")) fail(`no index loaded: ${scripts}`);
  if (shards.length < 1 || shards.length > 3) fail(`shards loaded: ${shards}`);
  if (texts.join() !== "state-secrets-law/search.js") fail(`documents' scripts loaded: ${texts}`);
  if (errors.length) fail(`console errors: ${errors.join("; ")}`);
  if ((await page.inputValue("#q")) !== "保密审查") fail("the query is not in the box");
  const links = await page.locator("ol.search-results li .unit-head > a:first-of-type").evaluateAll(
    (as) => as.map((a) => [a.textContent, a.getAttribute("href")]));
  const want = [
    ["第三十五条", "state-secrets-law/versions/2024.html#a-35"],
    ["第三十四条", "state-secrets-law/versions/2010.html#a-34"],
  ];
  for (const [name, href] of want) {
    if (!links.some(([n, h]) => n === name && h === href)) fail(`no result ${name} → ${href} in ${JSON.stringify(links)}`);
  }
  const marks = await page.locator("ol.search-results mark").allTextContents();
  if (!marks.length || marks.some((m) => m !== "保密审查")) fail(`marks: ${JSON.stringify(marks)}`);
  // Each article found says where it is: 第三十五条 is in 第三章 保密制度.
  const places = await page.locator("ol.search-results li .unit-head").evaluateAll((hs) =>
    hs.map((h) => (h.querySelector(".within")?.textContent ?? "") + h.querySelector("a").textContent));
  if (!places.includes("第三章 保密制度 › 第三十五条")) fail(`places: ${JSON.stringify(places)}`);

  // Two words: both in one article. Typing searches without a submit.
  // The address takes the query once its results are shown.
  const searched = (q) => page.waitForFunction((q) => new URL(location.href).searchParams.get("q") === q, q);
  await page.fill("#q", "涉密人员 离岗");
  await searched("涉密人员 离岗");
  const items = await page.locator("ol.search-results li").allTextContents();
  if (!items.length) fail("nothing found for 涉密人员 离岗");
  for (const t of items) {
    if (!t.includes("涉密人员") || !t.includes("离岗")) fail(`a result without both words: ${t}`);
  }

  // Full-width and ASCII forms find each other: the law writes （以下简称保密）.
  for (const q of ["（以下简称保密）", "(以下简称保密)"]) {
    await page.fill("#q", q);
    await searched(q);
    const found = await page.locator("ol.search-results li .unit-head > a:first-of-type").evaluateAll(
      (as) => as.map((a) => a.getAttribute("href")));
    if (!found.includes("state-secrets-law/versions/2024.html#a-3")) fail(`${q} did not find article 3: ${found}`);
    const marked = await page.locator("ol.search-results mark").allTextContents();
    if (!marked.includes("（以下简称保密）")) fail(`${q} marked ${JSON.stringify(marked)}`);
  }

  // Markup typed in is text.
  await page.fill("#q", "<img src=x onerror=alert(1)>");
  await searched("<img src=x onerror=alert(1)>");
  if (!(await page.locator(".search-status").textContent()).includes("Nothing")) fail("markup was found");
  if ((await page.locator("#results img").count()) !== 0) fail("the query became markup");

  // A result's link lands on the article.
  await page.goto(`${url}?q=${encodeURIComponent("保密审查")}`);
  await shown("保密审查");
  await page.screenshot({ path: screenshot, fullPage: false });
  await page.locator("a[href='state-secrets-law/versions/2024.html#a-35']").first().click();
  await page.waitForURL(/#a-35$/);
  const target = page.locator("#a-35");
  if (!(await target.evaluate((e) => e.matches(":target")))) fail("#a-35 is not the :target");
  if (!(await target.textContent()).includes("保密审查")) fail("#a-35 does not hold the phrase");
  if (errors.length) fail(`console errors: ${errors.join("; ")}`);

  // A document's page searches that document alone, and the search can then be widened.
  await page.goto(pathToFileURL(join(site, "road-transport-regulations/index.html")).href);
  await page.fill("form.search-document input[name=q]", "国家秘密");
  await page.press("form.search-document input[name=q]", "Enter");
  await page.waitForURL(/search\.html\?doc=road-transport-regulations&q=/);
  await shown("国家秘密");
  if (!(await page.locator(".search-status").textContent()).includes("Nothing")) {
    fail("a search of the road transport regulations found the secrecy law's words");
  }
  await page.locator("#search-all").click();
  await page.waitForURL((u) => !u.search.includes("doc="));
  await shown("国家秘密");
  const everywhere = await page.locator("section.search-document h2 > a").allTextContents();
  if (!everywhere.includes("中华人民共和国保守国家秘密法")) fail(`widened: ${everywhere}`);
  await page.goto(`${url}?doc=state-secrets-law&q=${encodeURIComponent("国家秘密")}`);
  await shown("国家秘密");
  const scoped = await page.locator("section.search-document h2 > a").allTextContents();
  if (scoped.length !== 1 || scoped[0] !== "中华人民共和国保守国家秘密法") fail(`scoped: ${scoped}`);
  await page.fill("#q", "保密审查");
  await searched("保密审查");
  if (!page.url().includes("doc=state-secrets-law")) fail(`the scope was lost: ${page.url()}`);
  if (errors.length) fail(`console errors: ${errors.join("; ")}`);

  // Headings are found too, listed before the articles, each with the headings that
  // enclose it: the civil code's fifteen sections and chapters named 一般规定, told
  // apart by their places. A heading's link lands on it.
  await page.goto(`${url}?doc=civil-code&q=${encodeURIComponent("一般规定")}`);
  await shown("一般规定");
  const headings = await page.locator("ul.search-headings li .unit-head").evaluateAll((hs) =>
    hs.map((h) => [h.querySelector(".within")?.textContent ?? "", h.querySelector("a").textContent,
      h.querySelector("a").getAttribute("href")]));
  if (headings.length !== 15) fail(`${headings.length} headings for 一般规定: ${JSON.stringify(headings)}`);
  if (new Set(headings.map(([w, t]) => w + t)).size !== 15) fail(`headings not told apart: ${JSON.stringify(headings)}`);
  const [within, heading, href] = headings[0];
  if (within !== "总则 › 第三章 法人 › " || heading !== "第一节 一般规定" || !/^civil-code\/versions\/2020\.html#h-\d+$/.test(href)) {
    fail(`first heading: ${JSON.stringify(headings[0])}`);
  }
  if (!(await page.locator(".search-status").textContent()).includes("15 headings")) fail("the status does not count headings");
  await page.locator("ul.search-headings li .unit-head > a").first().click();
  await page.waitForURL(/#h-\d+$/);
  const landed = await page.evaluate(() => document.querySelector(":target")?.textContent ?? "");
  if (landed.trim() !== "第一节 一般规定") fail(`the heading's link landed on ${JSON.stringify(landed)}`);
  // A heading both versions have links to each version's page.
  await page.goto(`${url}?doc=state-secrets-law&q=${encodeURIComponent("法律责任")}`);
  await shown("法律责任");
  const versions = await page.locator("ul.search-headings .versions a").evaluateAll((as) =>
    as.map((a) => [a.textContent, a.getAttribute("href")]));
  const wanted = [["2010", "state-secrets-law/versions/2010.html#h-5"], ["2024", "state-secrets-law/versions/2024.html#h-5"]];
  if (JSON.stringify(versions) !== JSON.stringify(wanted)) fail(`法律责任's versions: ${JSON.stringify(versions)}`);
  if (errors.length) fail(`console errors: ${errors.join("; ")}`);

  // Without JavaScript the page says so.
  const plain = await browser.newPage({ javaScriptEnabled: false });
  await plain.goto(`${url}?q=x`);
  if (!(await plain.locator("noscript").count())) fail("no word for readers without JavaScript");
  console.log("search test passed");
} finally {
  await browser.close();
}
