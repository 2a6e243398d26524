// The search page's URL (GET / on searchd): it holds the search with the
// API's own parameter names, so a search can be shared, reloaded and walked
// with back and forward, and the same URL ranks as the API ranks it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectTitles, newPage, openSearchPage, resultTitles, searchPageResults, setUp } from './harness.mjs';

let stack;
before(async () => { stack = await setUp(); });
after(async () => { await stack?.close(); });

const results = searchPageResults;
const openPage = (query = '', options = {}) => openSearchPage(stack, query, options);
const titles = resultTitles;

describe('the search page’s URL', () => {
  test('the URL holds the search: reload, back and forward', async () => {
    const { page, context } = await openPage('?q=model&company=Mistral+AI&sort=newest');
    const check = async () => {
      await expectTitles(page, ['Mistral Releases']);
      assert.equal(await page.locator('#q').inputValue(), 'model');
      assert.equal(await page.locator('#sort').inputValue(), 'newest');
      assert.equal(await page.locator('#facet-company button', { hasText: 'Mistral AI' }).getAttribute('aria-pressed'),
        'true');
    };
    await check();
    await page.reload();
    await check();

    await page.locator('#q').fill('sora');
    await page.locator('#facet-company button[aria-pressed="true"]').click();
    await page.waitForURL((url) => url.search === '?q=sora&sort=newest');
    await expectTitles(page, ['OpenAI Sora']);
    await page.goBack();
    await page.waitForURL((url) => url.search === '?q=sora&company=Mistral+AI&sort=newest');
    assert.equal(await page.locator('#q').inputValue(), 'sora');
    await page.goBack();
    await page.waitForURL((url) => url.search === '?q=model&company=Mistral+AI&sort=newest');
    await check();
    await page.goForward();
    await page.waitForURL((url) => url.search === '?q=sora&company=Mistral+AI&sort=newest');
    assert.equal(await page.locator('#q').inputValue(), 'sora');
    await context.close();
  });

  test('prefix=1 only while typing: a query from a URL, a reload or back ranks as the API does', async () => {
    const { page, context, problems } = await newPage(stack.browser);
    const searches = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/search' && url.searchParams.get('q')) searches.push(url.searchParams);
    });
    const typed = () => searches.filter((params) => params.get('prefix') === '1').map((params) => params.get('q'));
    // The counts and the chart, asked after the results, are in: every request of this search is made.
    const settled = () => page.waitForFunction(() =>
      !document.getElementById('filters-region').hasAttribute('aria-busy'));
    // What /search answers for the URL's own parameters, and the page beside it.
    const expectApiAnswer = async (q) => {
      const api = await (await fetch(`${stack.searchd.url}/search?q=${encodeURIComponent(q)}`)).json();
      const ids = api.results.map((hit) => hit.id);
      await page.waitForFunction(([heading, expected]) =>
        document.getElementById('results-heading').textContent === heading &&
        JSON.stringify([...document.querySelectorAll('#results [role="option"]')].map((o) => o.dataset.id)) ===
          JSON.stringify(expected), [`Results for “${q}”`, ids], { timeout: 5000 }).catch(async () => {
        assert.deepEqual(await page.locator(results).evaluateAll((all) => all.map((o) => o.dataset.id)), ids, q);
      });
    };

    // "gem" as a whole word finds nothing; as a word start (typing) it finds Gemini.
    await page.goto(`${stack.searchd.url}/?q=gem`);
    await expectApiAnswer('gem');
    await settled();
    assert.deepEqual(typed(), [], 'a query from a shared URL is whole');

    await page.locator('#q').press('End');
    await page.locator('#q').pressSequentially('i');
    await expectTitles(page, ['Google’s Gemini']);
    assert.ok(typed().includes('gemi'), `typing sends prefix=1: ${JSON.stringify(typed())}`);
    await page.waitForURL((url) => url.search === '?q=gemi');
    await settled();

    searches.length = 0;
    await page.reload();
    await expectApiAnswer('gemi');
    await page.goBack();
    await page.waitForURL((url) => url.search === '?q=gem');
    await expectApiAnswer('gem');
    await page.goForward();
    await page.waitForURL((url) => url.search === '?q=gemi');
    await expectApiAnswer('gemi');
    await settled();
    assert.deepEqual(typed(), [], 'reload, back and forward send whole words');

    // Enter: the query is finished, so it is whole too.
    await page.locator('#q').fill('gem');
    await page.locator('#q').press('Enter');
    await expectApiAnswer('gem');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the URL keeps every API parameter: issue, sort=oldest, per_page, page and collapse=issue', async () => {
    const { page, context, problems } = await newPage(stack.browser);
    const lists = [];  // the list's own searches (the counts ask with facets)
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/search' && !url.searchParams.has('facets')) lists.push(url.search);
    });
    const shared = '?q=model&issue=3&sort=oldest&per_page=2';
    await page.goto(`${stack.searchd.url}/${shared}`);
    await page.locator('#page-of', { hasText: 'Page 1 of 3' }).waitFor();
    const check = async (search) => {
      await page.waitForURL((url) => url.search === search);
      assert.equal(await page.locator(results).count(), 2);
      assert.equal(await page.locator('#sort').inputValue(), 'oldest');
      assert.equal(await page.locator('#facet-issue button', { hasText: '#3' }).getAttribute('aria-pressed'), 'true');
      assert.match(await page.locator('#status').textContent(), /^5 stories, page \d of 3\.$/);
    };
    await check(shared);
    const asked = new URLSearchParams(lists.at(-1));
    assert.deepEqual([asked.get('issue'), asked.get('sort'), asked.get('per_page'), asked.get('prefix')],
      ['3', 'oldest', '2', null]);
    // Stories of one date sort by id: oldest first is 3-1, 3-2 on page 1.
    assert.deepEqual(await page.locator(results).evaluateAll((all) => all.map((o) => o.dataset.id)), ['3-1', '3-2']);

    const second = '?q=model&issue=3&sort=oldest&page=2&per_page=2';
    await page.locator('#next-page').click();
    await check(second);
    await page.waitForFunction(() => document.querySelector('#results [role="option"]')?.dataset.id === '3-3');
    assert.deepEqual(await page.locator(results).evaluateAll((all) => all.map((o) => o.dataset.id)), ['3-3', '3-4']);
    await page.reload();
    await check(second);
    await page.goBack();
    await check(shared);

    // One story per issue, oldest first, over the whole archive: issue 1, then issue 3.
    await page.goto(`${stack.searchd.url}/?sort=oldest&collapse=issue`);
    await page.locator('#results-heading', { hasText: 'Stories' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('#results [role="option"]').length === 2);
    assert.deepEqual(await page.locator(`${results} .result-meta`).allTextContents(),
      ['Dec 1, 2025 · Issue #1', 'Feb 9, 2026 · Issue #3']);
    assert.equal(await page.locator('#collapse').isChecked(), true);
    await page.locator('#status', { hasText: /^2 issues\.$/ }).waitFor();
    await page.locator('#collapse').uncheck();
    await page.waitForURL((url) => url.search === '?sort=oldest');
    await page.locator('#status', { hasText: /^6 stories/ }).waitFor();
    await page.goBack();
    await page.waitForURL((url) => url.search === '?sort=oldest&collapse=issue');
    assert.equal(await page.locator('#collapse').isChecked(), true);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
