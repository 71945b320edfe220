// Browser test of a generated comparison report, in Debian's Chromium.
//
// Usage: node report.mjs <report.html> <screenshot.png>
// Checks: no console errors; a modified article shows insertions and deletions;
// "hide unchanged" hides unchanged rows (without JavaScript); #new-59 lands on the row
// of article 59; keeps a screenshot. Exits non-zero on the first failure.
import { failer, launch, watchedPage } from "./chromium.mjs";
import { pathToFileURL } from "node:url";

const [report, screenshot] = process.argv.slice(2);
const url = pathToFileURL(report).href;
const fail = failer("browser");

const browser = await launch();
try {
  const { page, errors } = await watchedPage(browser, { viewport: { width: 1400, height: 1000 }, javaScriptEnabled: false });

  await page.goto(url);
  if (errors.length) fail(`console errors: ${errors.join("; ")}`);

  // A known modified article: new 4 (old 4) rewrites its principles.
  const row = page.locator("tr:has(#new-4)");
  if ((await row.locator("td.old del").count()) === 0) fail("no deletion in article 4");
  if ((await row.locator("td.new ins").count()) === 0) fail("no insertion in article 4");
  const delStyle = await row.locator("td.old del").first().evaluate((e) => getComputedStyle(e).textDecorationLine);
  const insStyle = await row.locator("td.new ins").first().evaluate((e) => getComputedStyle(e).textDecorationLine);
  if (!delStyle.includes("line-through")) fail(`deletions are not struck through (${delStyle})`);
  if (!insStyle.includes("underline")) fail(`insertions are not underlined (${insStyle})`);

  // Hide unchanged: works with JavaScript disabled.
  const same = page.locator("tr.same-text");
  const total = await same.count();
  if (total === 0) fail("no unchanged rows to hide");
  const visibleBefore = await same.evaluateAll((rows) => rows.filter((r) => r.offsetParent !== null).length);
  if (visibleBefore !== total) fail(`unchanged rows hidden before the control was used (${visibleBefore}/${total})`);
  await page.locator("label[for=hide-same]").click();
  const visibleAfter = await same.evaluateAll((rows) => rows.filter((r) => r.offsetParent !== null).length);
  if (visibleAfter !== 0) fail(`${visibleAfter} unchanged rows still visible after hiding`);
  if ((await page.locator("tr.modified").first().isVisible()) !== true) fail("modified rows were hidden too");
  await page.locator("label[for=hide-same]").click();

  // A permalink lands on the right row.
  await page.goto(`${url}#new-59`);
  const target = page.locator("#new-59");
  if (!(await target.textContent()).includes("第五十九条")) fail("#new-59 is not article 59");
  const box = await target.boundingBox();
  if (!box || box.y < 0 || box.y > 1000) fail(`#new-59 is not in view (y=${box && box.y})`);
  const isTarget = await target.evaluate((e) => e.matches(":target"));
  if (!isTarget) fail("#new-59 is not the :target");

  await page.goto(url);
  await page.screenshot({ path: screenshot, fullPage: false });
  if (errors.length) fail(`console errors: ${errors.join("; ")}`);
  console.log("browser test passed");
} finally {
  await browser.close();
}
