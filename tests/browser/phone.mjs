// Browser test: every page of a site fits a phone's screen (390 CSS pixels wide), so a
// reader on a phone scrolls down, never sideways.
//
// Usage: node phone.mjs <site folder> <screenshot.png> <page>...
// A page may carry a query (`search.html?q=…`). Checks, for each page: no console
// errors, and nothing wider than the window (the widest elements are named). Keeps a
// screenshot of the first comparison report. Exits non-zero on the first failure.
import { failer, launch, openSitePage, watchedPage } from "./chromium.mjs";

const [site, screenshot, ...pages] = process.argv.slice(2);
const fail = failer("phone");
if (pages.length === 0) fail("no pages given");

const browser = await launch();
try {
  const { page, errors } = await watchedPage(browser, { viewport: { width: 390, height: 844 } });
  let shot = false;
  for (const p of pages) {
    await openSitePage(page, site, p);
    if (errors.length) fail(`${p}: console errors: ${errors.join("; ")}`);
    const r = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll("body *")]
        .map((e) => [Math.round(e.getBoundingClientRect().right), e])
        .filter(([right]) => right > width)
        .sort((a, b) => b[0] - a[0])
        .slice(0, 3)
        .map(([right, e]) => `<${e.tagName.toLowerCase()} class="${e.getAttribute("class") || ""}"> to ${right}px`);
      return { width, scroll: document.documentElement.scrollWidth, wide };
    });
    if (r.scroll > r.width) fail(`${p} is ${r.scroll}px wide in a ${r.width}px window: ${r.wide.join(", ")}`);
    if (!shot && p.includes("/compare/")) {
      await page.screenshot({ path: screenshot });
      shot = true;
    }
  }
  if (!shot) fail("no comparison report among the pages");
  console.log(`${pages.length} pages fit a phone's screen`);
} finally {
  await browser.close();
}
