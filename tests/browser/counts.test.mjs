// Counts on the page and in the widget, over a SYNTHETIC archive larger than
// searchd counts exactly (harness.mjs makeCountingArchive: 20,500 one-line
// stories in 4,100 issues): an estimate reads "about 9,000", an exact count
// "8,785", numbers carry thousands separators, and no page past the results is
// linked.
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

  test('no page past the results is linked while the total is an estimate (collapse=issue)', async () => {
    // 4,100 issues: the last page of 5 is 820. searchd's estimate there is larger.
    const last = { q, collapse: 'issue', per_page: 5, page: 820 };
    const answer = await api(last);
    assert.equal(answer.results.length, 5);
    assert.equal((await api({ ...last, page: 821 })).results.length, 0);
    assert.equal(answer.total.exact, false, JSON.stringify(answer.total));
    assert.ok(answer.total.estimate > 4100, JSON.stringify(answer.total));

    const { page, context, problems } = await newPage(stack.browser);
    await page.goto(`${stack.searchd.url}/?q=green+blue&collapse=issue&page=820&per_page=5`);
    await page.locator('#results [role="option"]').first().waitFor();
    // The counts are in (not exact with collapse=issue, so the list's own total stays).
    await page.waitForFunction(() => !document.getElementById('filters-region').hasAttribute('aria-busy'));
    assert.equal(await page.locator('#status').textContent(), `About ${format(answer.total.estimate)} issues, ` +
      `page 820 of about ${format(Math.ceil(answer.total.estimate / 5))}.`);
    assert.equal(await page.locator('#next-page').getAttribute('aria-disabled'), 'true');
    assert.equal(await page.locator('#next-page').getAttribute('href'), null);
    assert.equal(await page.locator('#prev-page').getAttribute('aria-disabled'), 'false');

    // On page 1 the next page is linked, and holds results.
    await page.goto(`${stack.searchd.url}/?q=green+blue&collapse=issue&per_page=5`);
    await page.locator('#next-page[aria-disabled="false"]').waitFor();
    await page.locator('#next-page').click();
    await page.waitForURL((url) => url.search === '?q=green+blue&collapse=issue&page=2&per_page=5');
    await page.waitForFunction(() => document.querySelectorAll('#results [role="option"]').length === 5);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('until the counts arrive the facet columns say they are counting, never "None"', async () => {
    const { page, context, problems } = await newPage(stack.browser);
    // The counts are held back until the results are on screen.
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route((url) => url.pathname === '/search' && url.searchParams.has('facets'), async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${stack.searchd.url}/?q=green+blue&per_page=5`);
    await page.locator('#results [role="option"]').first().waitFor();
    for (const field of ['year', 'company', 'topic']) {
      assert.equal(await page.locator(`#facet-${field}`).textContent(), 'Counting…', field);
    }
    release();
    await page.locator('#facet-year .facet-toggle').first().waitFor();
    assert.equal(await page.locator('#facet-year .facet-loading').count(), 0);
    assert.doesNotMatch(await page.locator('#facet-year').textContent(), /Counting/);
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
