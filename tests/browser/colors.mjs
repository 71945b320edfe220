// Browser test: the site reads in a light and in a dark colour scheme. For each scheme,
// the page's background is light or dark as asked, and text, links, deletions,
// insertions, badges, blame tints and search marks stand out from what is behind them
// by WCAG's contrast ratio for text (4.5:1 at least).
//
// Usage: node colors.mjs <site folder> <screenshot.png> <page> <selector>[,<selector>...] ...
// (pairs of a page, which may carry a query, and the selectors to check on it; each
// selector must match). Keeps a screenshot of the first page in the dark scheme.
import { failer, launch, openSitePage, watchedPage } from "./chromium.mjs";

const [site, screenshot, ...rest] = process.argv.slice(2);
const fail = failer("colors");
const pages = [];
for (let i = 0; i + 1 < rest.length; i += 2) pages.push([rest[i], rest[i + 1].split(",")]);
if (pages.length === 0) fail("no pages given");

const browser = await launch();
try {
  for (const scheme of ["light", "dark"]) {
    const { page, errors } = await watchedPage(browser, { viewport: { width: 1400, height: 1000 }, colorScheme: scheme });
    for (const [p, selectors] of pages) {
      await openSitePage(page, site, p);
      if (errors.length) fail(`${p}: console errors: ${errors.join("; ")}`);
      const found = await page.evaluate((selectors) => {
        const rgb = (s) => {
          const m = s.match(/rgba?\(([^)]+)\)/);
          if (!m) return null;
          const [r, g, b, a] = m[1].split(/[ ,/]+/).map(Number);
          return { r, g, b, a: a === undefined ? 1 : a };
        };
        const lum = ({ r, g, b }) => {
          const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
          return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
        };
        // What is behind an element: the first background of it or an ancestor that is not
        // transparent.
        const behind = (e) => {
          for (let x = e; x; x = x.parentElement) {
            const c = rgb(getComputedStyle(x).backgroundColor);
            if (c && c.a > 0) return c;
          }
          return null;
        };
        const out = { root: lum(behind(document.body) || { r: 255, g: 255, b: 255 }), checks: [] };
        for (const sel of selectors) {
          const e = document.querySelector(sel);
          if (!e) { out.checks.push({ sel, missing: true }); continue; }
          const fg = lum(rgb(getComputedStyle(e).color));
          const bg = lum(behind(e));
          const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
          out.checks.push({ sel, ratio: Math.round(ratio * 100) / 100 });
        }
        return out;
      }, selectors);
      if (scheme === "dark" ? found.root > 0.05 : found.root < 0.8) {
        fail(`${p}: the page's background has luminance ${found.root.toFixed(3)} in the ${scheme} scheme`);
      }
      for (const c of found.checks) {
        if (c.missing) fail(`${p}: nothing matches ${c.sel}`);
        if (c.ratio < 4.5) fail(`${p} (${scheme}): ${c.sel} has contrast ${c.ratio}:1, under 4.5:1`);
      }
      if (scheme === "dark" && p === pages[0][0]) await page.screenshot({ path: screenshot });
    }
    await page.close();
  }
  console.log(`${pages.length} pages read in light and dark`);
} finally {
  await browser.close();
}
