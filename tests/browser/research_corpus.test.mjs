// The page and the reading view over a researcher's own corpus, as issue 15
// met it: SYNTHETIC JSON Lines (tests/browser/research-corpus) without `issue`
// fields (each issue is keyed by its date), without companies or topics, from
// 1851 to 1999, in a newsletter that is not ScatterAI, with one field of its
// own (fields.json: `keeper`, on its first line). Built without --site-url, so
// results link to searchd's own reading view.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makeResearchArchive, newPage, setUp } from './harness.mjs';

let stack;
before(async () => {
  stack = await setUp({ archive: makeResearchArchive, linkToSite: false, cors: false });
});
after(async () => { await stack?.close(); });

const results = '#results [role="option"]';

async function openPage(address) {
  const opened = await newPage(stack.browser);
  opened.page.on('console', (message) => {
    if (message.type() === 'error') opened.problems.push(`console: ${message.text()}`);
  });
  await opened.page.goto(`${stack.searchd.url}${address}`);
  return opened;
}

describe('a corpus without issue numbers, companies or topics', () => {
  test('results without companies or topics show no "null" and no issue number', async () => {
    const { page, context, problems } = await openPage('/?q=lighthouse&sort=newest');
    await page.locator(results).first().waitFor();
    const shown = await page.locator(results).allTextContents();
    assert.equal(shown.length, 5, JSON.stringify(shown));
    for (const text of shown) assert.doesNotMatch(text, /null|undefined|Issue #/, text);
    assert.equal(await page.locator(`${results} .chips`).count(), 0);
    assert.deepEqual(await page.locator(`${results} .result-meta`).allTextContents(),
      ['Feb 17, 1987', 'Nov 30, 1923', 'Mar 5, 1901', 'Jan 20, 1875', 'Jun 2, 1851 · keeper: SYNTHETIC Keeper Ames']);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a corpus\'s own field filters and shows under the result, as text', async () => {
    const { page, context, problems } = await openPage('/?q=keeper%3A%22synthetic%20keeper%20ames%22');
    await page.locator(results).first().waitFor();
    assert.deepEqual(await page.locator(`${results} .result-meta`).allTextContents(),
      ['Jun 2, 1851 · keeper: SYNTHETIC Keeper Ames']);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a result opens its issue, keyed by date, in the reading view', async () => {
    const { page, context, problems } = await openPage('/?q=paraffin');
    const first = page.locator(results).first();
    await first.waitFor();
    assert.equal(await first.getAttribute('href'), `${stack.searchd.url}/issues/1901-03-05?highlight=paraffin#story-1`);
    await Promise.all([page.waitForURL(/\/issues\/1901-03-05\?highlight=paraffin#story-1$/), first.click()]);
    const story = page.locator('#story-1.targeted');
    await story.waitFor();
    assert.match(await story.locator('h2').textContent(), /^1\. SYNTHETIC: Lighthouse lamps turn to paraffin$/);
    assert.equal(await page.locator('article.story').count(), 2, 'the whole issue of March 5, 1901');
    assert.equal(await page.locator('#issue-title').textContent(), 'Issue of March 5, 1901');
    assert.equal(await page.locator('#error').isHidden(), true);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the reading view names the issue’s own newsletter, not ScatterAI', async () => {
    const { page, context } = await openPage('/issues/1901-03-05');
    await page.locator('#story-2').waitFor();
    assert.equal(await page.locator('#issue-newsletter').textContent(), 'SYNTHETIC Test Gazette');
    assert.equal(await page.title(), 'Issue of March 5, 1901 · SYNTHETIC Test Gazette');
    assert.doesNotMatch(await page.locator('#issue').textContent(), /ScatterAI/);
    await context.close();
  });

  test('the empty page lists the latest issue, keyed by date', async () => {
    const { page, context, problems } = await openPage('/');
    await page.locator(results).first().waitFor();
    assert.equal(await page.locator('#results-heading').textContent(), 'Latest issue: December 31, 1999');
    assert.match(await page.locator('#status').textContent(), /^1 story in this issue; 9 stories in the archive\.$/);
    assert.deepEqual(await page.locator(`${results} .result-title`).allTextContents(),
      ['SYNTHETIC: Harbour fireworks close the century']);
    assert.equal(await page.locator(results).first().getAttribute('href'),
      `${stack.searchd.url}/issues/1999-12-31#story-1`);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the year facet lists the years oldest first', async () => {
    const { page, context } = await openPage('/?q=synthetic');
    await page.locator('#facet-year button').first().waitFor();
    assert.deepEqual(await page.locator('#facet-year .facet-name').allTextContents(),
      ['1851', '1862', '1875', '1901', '1923', '1950', '1987', '1999']);
    assert.equal(await page.locator('#facet-year button', { hasText: '1901' }).locator('.facet-count').textContent(),
      '2 stories');
    await context.close();
  });

  test('a span of years in the URL is kept as the API reads it (from=1900&to=1950)', async () => {
    const { page, context, problems } = await openPage('/?q=synthetic&from=1900&to=1950&sort=oldest');
    await page.waitForFunction(() => document.querySelectorAll('#results [role="option"]').length === 4);
    assert.deepEqual(await page.locator(`${results} .result-meta`).allTextContents(),
      ['Mar 5, 1901', 'Mar 5, 1901', 'Nov 30, 1923', 'Jul 4, 1950']);
    assert.equal(new URL(page.url()).search, '?q=synthetic&from=1900&to=1950&sort=oldest');
    assert.deepEqual([await page.locator('#from').inputValue(), await page.locator('#to').inputValue()],
      ['1900-01-01', '1950-12-31']);
    // One year as a span is that year's toggle, pressed.
    await page.goto(`${stack.searchd.url}/?q=synthetic&from=1923&to=1923`);
    await page.locator('#facet-year button[aria-pressed="true"]', { hasText: '1923' }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('two centuries are charted by decade, as counts or as shares of the archive', async () => {
    const { page, context, problems } = await newPage(stack.browser);
    const asked = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/trends') asked.push(url.search);
    });
    await page.goto(`${stack.searchd.url}/?q=lighthouse`);
    await page.locator('#trend svg').waitFor();
    assert.equal(await page.locator('#trend-caption').textContent(), 'Stories matching “lighthouse” per decade');
    const titles = await page.locator('#trend rect title').allTextContents();
    assert.equal(titles.length, 14, 'the 1850s to the 1980s');
    assert.deepEqual([titles[0], titles[5], titles.at(-1)], ['1850s: 1 story', '1900s: 1 story', '1980s: 1 story']);
    // The chart's own request leaves the interval to searchd; those for where a
    // significant word peaks ("(lighthouse) AND word") ask for the chart's.
    const params = asked.map((search) => new URLSearchParams(search));
    const chart = params.filter((p) => p.get('q') === 'lighthouse');
    assert.ok(chart.length >= 1 && chart.every((p) => !p.has('interval')),
      `searchd picks the interval: ${JSON.stringify(asked)}`);
    assert.ok(params.filter((p) => p.get('q') !== 'lighthouse').every((p) => p.get('interval') === 'decade'),
      `peaks by the chart's interval: ${JSON.stringify(asked)}`);

    // The 1900s hold two stories (the issue of March 5, 1901), one about the lighthouse.
    await page.locator('#trend-share').click();
    assert.equal(await page.locator('#trend-share').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('#trend-count').getAttribute('aria-pressed'), 'false');
    assert.equal(await page.locator('#trend-caption').textContent(),
      'Share of the archive’s stories matching “lighthouse” per decade');
    const shares = await page.locator('#trend rect title').allTextContents();
    assert.deepEqual([shares[0], shares[1], shares[5]],
      ['1850s: 100% (1 of 1 story)', '1860s: 0% (0 of 1 story)', '1900s: 50% (1 of 2 stories)']);
    assert.match(await page.locator('#trend svg').getAttribute('aria-label'),
      /^Share of the archive’s stories from 1850s to 1980s/);
    await page.locator('#trend-count').click();
    assert.equal((await page.locator('#trend rect title').allTextContents())[5], '1900s: 1 story');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
