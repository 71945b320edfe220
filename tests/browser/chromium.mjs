// What the browser tests share: Debian's Chromium started without network chatter, a
// failure that names its test, and a page that records console errors.
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";

export const launch = () => chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

export const failer = (test) => (msg) => {
  console.error(`${test} test failed: ${msg}`);
  process.exit(1);
};

// A new page whose console errors, page errors and failed requests are gathered in
// `errors`.
export const watchedPage = async (browser, options) => {
  const page = await browser.newPage(options);
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()}`));
  return { page, errors };
};

// Waits until the search page shows its results for `q`: once the scripts the query
// needs have loaded.
export const resultsShown = (page, q) =>
  page.waitForFunction((q) => document.getElementById("results").getAttribute("data-query") === q, q);

// Opens `p`, a page of the site folder `site` that may carry a query (`search.html?q=…`),
// and waits for a search's results.
export const openSitePage = async (page, site, p) => {
  const [path, query] = p.split("?");
  await page.goto(pathToFileURL(`${site}/${path}`).href + (query ? `?${query}` : ""));
  const q = new URLSearchParams(query || "").get("q");
  if (q) await resultsShown(page, q);
};
