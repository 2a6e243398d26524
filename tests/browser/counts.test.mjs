// Counts on the page and in the widget, over a SYNTHETIC archive larger than
// searchd counts exactly (harness.mjs makeCountingArchive: 20,500 one-line
// stories): an estimate reads "about 8,800", an exact count "8,786", numbers
// carry thousands separators, and no page past the results is linked.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makeCountingArchive, newPage, setUp } from './harness.mjs';

let stack;
before(async () => { stack = await setUp({ archive: makeCountingArchive }); });
after(async () => { await stack?.close(); });

const q = 'green blue';  // stories with either word: an OR, whose total searchd estimates

async function api(params) {
  const response = await fetch(`${stack.searchd.url}/search?${new URLSearchParams(params)}`);
  assert.equal(response.status, 200);
  return response.json();
}

const format = (n) => n.toLocaleString('en');

describe('counts', () => {
  test('an estimated total reads "about", with thousands separators, until the counts make it exact', async () => {
    const estimated = (await api({ q, per_page: 5 })).total;
    assert.equal(estimated.exact, false, `the fixture's total must be an estimate: ${JSON.stringify(estimated)}`);
    const counted = (await api({ q, per_page: 1, facets: 'year' })).total;
    assert.equal(counted.exact, true, `counting facets counts every match: ${JSON.stringify(counted)}`);
    const pages = (total) => format(Math.ceil(Math.min(total.estimate, 10000) / 5));

    const { page, context, problems } = await newPage(stack.browser);
    // The counts never come: the estimate stays on screen.
    await page.route((url) => url.pathname === '/search' && url.searchParams.has('facets'),
      (route) => route.abort('connectionrefused'));
    await page.goto(`${stack.searchd.url}/?q=green+blue&per_page=5`);
    await page.locator('#results [role="option"]').first().waitFor();
    assert.equal(await page.locator('#status').textContent(),
      `About ${format(estimated.estimate)} stories, page 1 of about ${pages(estimated)}.`);
    assert.equal(await page.locator('#page-of').textContent(), `Page 1 of about ${pages(estimated)}`);
    assert.equal(await page.locator('#results [role="option"]').count(), 5);

    // The counts come: the total is exact.
    await page.unrouteAll();
    await page.reload();
    await page.locator('#status', { hasText: /^\d{1,3}(,\d{3})* stories/ }).waitFor();
    assert.equal(await page.locator('#status').textContent(),
      `${format(counted.estimate)} stories, page 1 of ${pages(counted)}.`);
    assert.equal(await page.locator('#page-of').textContent(), `Page 1 of ${pages(counted)}`);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the widget says "about" for an estimate, with thousands separators', async () => {
    const estimated = (await api({ q, prefix: 1, per_page: 6 })).total;  // as the widget asks
    assert.equal(estimated.exact, false);
    const { page, context, problems } = await newPage(stack.browser);
    await page.goto(`${stack.site.url}/host.html`);
    await page.locator('scatter-search input').fill(q);
    await page.locator('scatter-search [role="option"]').first().waitFor();
    await page.locator('scatter-search .all', { hasText: 'All results' }).waitFor();
    assert.equal(await page.locator('scatter-search .all').textContent(),
      `All results (about ${format(estimated.estimate)}) →`);
    assert.match(await page.locator('scatter-search [role="status"]').textContent(),
      new RegExp(`^About ${format(estimated.estimate)} stories found\\.`));
    assert.deepEqual(problems, []);
    await context.close();
  });
});
