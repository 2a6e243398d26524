// Keystroke to results painted on the search page, over an index you give
// (the seed archive's figure comes with the browser tests): a real searchd on
// that index, Chromium typing queries drawn from the index's own titles a key
// at a time, and the page's own User Timing measures (app.js).
//
//   node keystroke_bench.mjs --db var/bench/web-100000.db [--label synthetic-100000] [--queries 12]
//
// Prints one line and writes test-output/browser/keystroke-to-paint-LABEL.json.
// Not a test: nothing is asserted.
import { parseArgs } from 'node:util';
import { launchBrowser, measureTyping, newPage, startSearchd, writeOutput } from './harness.mjs';

const { values } = parseArgs({
  options: { db: { type: 'string' }, label: { type: 'string', default: 'custom' }, queries: { type: 'string', default: '12' } },
});
if (!values.db) {
  console.error('usage: node keystroke_bench.mjs --db PATH [--label NAME] [--queries N]');
  process.exit(64);
}

const searchd = await startSearchd(values.db);
const browser = await launchBrowser();
try {
  // Two-word starts of titles spread over the newest 100 stories: words that exist.
  const newest = await (await fetch(`${searchd.url}/search?per_page=100`)).json();
  const count = Number(values.queries);
  const step = Math.max(1, Math.floor(newest.results.length / count));
  const queries = newest.results.filter((_, i) => i % step === 0).slice(0, count)
    .map((hit) => hit.title.toLowerCase().split(/\s+/).slice(0, 2).join(' '));
  const { page } = await newPage(browser);
  await page.goto(`${searchd.url}/`);
  await page.locator('#results [role="option"]').first().waitFor({ timeout: 30000 });
  const timing = await measureTyping(page, queries);
  const stories = (await (await fetch(`${searchd.url}/readyz`)).json()).stories;
  const report = { archive: values.label, stories, queries, ...timing };
  const file = writeOutput(`keystroke-to-paint-${values.label}.json`, report);
  console.log(`keystroke -> results painted, ${values.label} (${stories} stories): median ${report.median_ms} ms, ` +
    `p90 ${report.p90_ms} ms, max ${report.max_ms} ms over ${report.keys} keys; searchd's own median ` +
    `${report.searchd_median_ms} ms; baseline, a constant fetch to paint: ${report.baseline_median_ms} ms, ratio ` +
    `${report.ratio_to_baseline} (${file})`);
} finally {
  await browser.close();
  await searchd.stop();
}
