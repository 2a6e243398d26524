// The search page (GET / on searchd) in Chromium: typing, highlighting,
// facets, keyboard, did-you-mean, markup shown as text, an unreachable
// server, the trend chart, and keystroke-to-paint timing. Its URL:
// search_url.test.mjs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectTitles, measureTyping, newPage, openSearchPage, resultTitles, searchPageResults, setUp, writeOutput } from './harness.mjs';

let stack;
before(async () => { stack = await setUp(); });
after(async () => { await stack?.close(); });

const results = searchPageResults;
const openPage = (query = '', options = {}) => openSearchPage(stack, query, options);
const titles = resultTitles;

describe('search page', () => {
  test('an empty box shows the latest issue in reading order', async () => {
    const { page, context, problems } = await openPage();
    assert.match(await page.locator('#results-heading').textContent(), /Latest issue: #3, February 9, 2026/);
    await expectTitles(page, ['The DeepSeek Aftermath', 'OpenAI Sora', 'The Great Enterprise', 'Google’s Gemini',
      'Mistral Releases']);
    assert.equal(await page.locator('#q').getAttribute('aria-expanded'), 'true');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('The download links export every match of the search on screen, in its order', async () => {
    const { page, context, problems } = await openPage('?q=model&sort=oldest');
    await page.locator('#results [role="option"]').first().waitFor();
    await page.waitForFunction(() => document.querySelector('#export-csv').getAttribute('href').includes('q=model'));
    const csvHref = await page.locator('#export-csv').getAttribute('href');
    assert.match(csvHref, /^export\?/);
    assert.match(csvHref, /sort=oldest/);
    assert.match(csvHref, /format=csv/);
    assert.match(await page.locator('#export-jsonl').getAttribute('href'), /format=jsonl/);
    const exported = await page.evaluate(async () => {
      const response = await fetch(document.querySelector('#export-csv').href);
      return { type: response.headers.get('content-type'), text: await response.text() };
    });
    assert.equal(exported.type, 'text/csv; charset=utf-8; header=present');
    const rows = exported.text.trim().split('\r\n');
    assert.equal(rows[0], 'id,issue,date,title,url,companies,topics,score');
    assert.deepEqual(rows.slice(1).map((row) => row.split(',')[0]), ['3-1', '3-2', '3-3', '3-4', '3-5']);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('"Follow this search" links the Atom feed of the search on screen, a valid Atom document', async () => {
    const { page, context, problems } = await openPage('?q=sora');
    await page.locator('#results [role="option"]').first().waitFor();
    await page.waitForFunction(() => document.querySelector('#follow-link').getAttribute('href') === 'feed.atom?q=sora');
    assert.equal(await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute('href'),
      'feed.atom?q=sora');
    // Parsed by the browser's XML parser: well formed, Atom, and each entry complete.
    const feed = await page.evaluate(async () => {
      const response = await fetch(document.querySelector('#follow-link').href);
      const doc = new DOMParser().parseFromString(await response.text(), 'application/xml');
      const atom = 'http://www.w3.org/2005/Atom';
      const child = (node, name) => [...node.children].find((c) => c.localName === name && c.namespaceURI === atom);
      return {
        type: response.headers.get('content-type'),
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: [doc.documentElement.localName, doc.documentElement.namespaceURI],
        feed: ['id', 'title', 'updated'].map((name) => child(doc.documentElement, name)?.textContent ?? null),
        entries: [...doc.documentElement.children].filter((c) => c.localName === 'entry').map((entry) => ({
          id: child(entry, 'id')?.textContent, title: child(entry, 'title')?.textContent,
          updated: child(entry, 'updated')?.textContent, link: child(entry, 'link')?.getAttribute('href'),
        })),
      };
    });
    assert.equal(feed.type, 'application/atom+xml; charset=utf-8');
    assert.equal(feed.error, null);
    assert.deepEqual(feed.root, ['feed', 'http://www.w3.org/2005/Atom']);
    assert.ok(feed.feed.every((text) => text), JSON.stringify(feed.feed));
    assert.deepEqual(feed.entries.map((entry) => entry.id), ['tag:scatter-archive,2026:story/3-2']);
    assert.match(feed.entries[0].title, /Sora/);
    assert.equal(feed.entries[0].updated, '2026-02-09T00:00:00Z');
    assert.match(feed.entries[0].link, /^https?:\/\/.+/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('typing shows highlighted results with date, issue, chips and a link to the story', async () => {
    const { page, context, problems } = await openPage();
    await page.locator('#q').pressSequentially('latent attention', { delay: 25 });
    // The answer to the whole query, not to a prefix typed on the way ("latent att").
    await page.locator('#results-heading', { hasText: 'Results for “latent attention”' }).waitFor();
    await expectTitles(page, ['The DeepSeek Aftermath']);
    const first = page.locator(results).first();
    assert.deepEqual(await first.locator('.result-snippet mark').allTextContents(), ['latent', 'attention']);
    assert.equal(await first.locator('time').getAttribute('datetime'), '2026-02-09');
    assert.match(await first.locator('.result-meta').textContent(), /^Feb 9, 2026 · Issue #3$/);
    assert.deepEqual(await first.locator('.chip-company').allTextContents(), ['Company: DeepSeek']);
    assert.ok((await first.locator('.chip-topic').count()) >= 1);
    assert.equal(await first.getAttribute('href'), `${stack.site.url}/issues/3#story-1`);
    assert.equal(new URL(page.url()).search, '?q=latent+attention');
    assert.match(await page.locator('#status').textContent(), /^1 story\.$/);
    assert.equal(await page.title(), 'latent attention – ScatterAI archive search');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('requests are debounced and a stale answer never paints over a newer one', async () => {
    const { page, context } = await openPage();
    const mainSearches = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/search' && url.searchParams.get('per_page') === '10') mainSearches.push(url.searchParams.get('q'));
    });
    // A burst of keys 10 ms apart (typed in the page, so the spacing is exact):
    // the first key searches, the rest wait for the pause.
    await page.locator('#q').focus();
    await page.evaluate(async (text) => {
      const input = document.getElementById('q');
      for (let i = 1; i <= text.length; i += 1) {
        input.value = text.slice(0, i);
        input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text[i - 1] }));
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }, 'governance');
    await expectTitles(page, ['The Great Enterprise AI Governance Spike']);
    assert.ok(mainSearches.length <= 3, `one search per pause, not per key: ${JSON.stringify(mainSearches)}`);
    assert.equal(mainSearches.at(-1), 'governance');

    // "sora" answers slowly; "mistral" is typed meanwhile and must stay on screen.
    const aborted = [];
    page.on('requestfailed', (request) => aborted.push(new URL(request.url()).searchParams.get('q')));
    await page.route((url) => url.pathname === '/search' && url.searchParams.get('q') === 'sora', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      await route.continue().catch(() => {});
    });
    await page.locator('#q').fill('sora');
    // A slow answer: the loading state shows (after 150 ms, so fast ones do not flicker).
    await page.locator('#progress').waitFor({ timeout: 1000 });
    assert.equal(await page.locator('#results-region').getAttribute('aria-busy'), 'true');
    await page.locator('#q').fill('mistral');
    await expectTitles(page, ['Mistral Releases']);
    await page.waitForTimeout(800);
    await expectTitles(page, ['Mistral Releases']);
    assert.equal(await page.locator('#progress').isHidden(), true);
    assert.equal(await page.locator('#results-region').getAttribute('aria-busy'), null);
    assert.ok(aborted.includes('sora'), `the stale request was cancelled: ${JSON.stringify(aborted)}`);
    await context.close();
  });

  test('clicking a facet filters, keeps the other values, and lands in the URL', async () => {
    const { page, context } = await openPage('?q=model');
    const openai = page.locator('#facet-company button', { hasText: 'OpenAI' });
    const google = page.locator('#facet-company button', { hasText: 'Google' });
    await google.click();
    await page.waitForURL(/company=Google/);
    await expectTitles(page, ['Google’s Gemini']);
    assert.equal(await google.getAttribute('aria-pressed'), 'true');
    // The company counts leave out the company filter itself, so others can be added.
    await page.locator('#facet-company button', { hasText: 'Mistral AI' }).waitFor();
    await page.locator('#facet-company button', { hasText: 'Mistral AI' }).click();
    await page.waitForURL(/company=Google&company=Mistral\+AI/);
    await page.waitForFunction(() => document.querySelectorAll('#results [role="option"]').length === 2);
    assert.deepEqual((await titles(page)).sort(), ['Google’s Gemini 1.5 Integration Hits Workspace Mainstream',
      'Mistral Releases ‘Pixtral’ 12B Multimodal Model']);
    assert.equal(await openai.getAttribute('aria-pressed'), 'false');
    assert.match(await page.locator('#filter-count').textContent(), /\(2\)/);
    // A year is a toggle too: 2025 holds only the synthetic story, which "model" does not find.
    await page.locator('#clear-filters').click();
    await page.waitForURL((url) => !url.search.includes('company'));
    await page.locator('#q').fill('');
    await page.locator('#facet-year button', { hasText: '2025' }).click();
    await page.waitForURL(/from=2025-01-01&to=2025-12-31/);
    await expectTitles(page, ['SYNTHETIC TEST STORY']);
    assert.equal(await page.locator('#from').inputValue(), '2025-01-01');
    await context.close();
  });

  test('keyboard: / focuses the box, arrows move, Enter opens the story, Esc clears', async () => {
    const { page, context } = await openPage();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
    await page.keyboard.type('gemini workspace');
    await expectTitles(page, ['Google’s Gemini']);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#q').inputValue(), '');
    await expectTitles(page, ['The DeepSeek Aftermath', 'OpenAI Sora', 'The Great Enterprise', 'Google’s Gemini',
      'Mistral Releases']);

    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    const active = await page.locator('#q').getAttribute('aria-activedescendant');
    assert.equal(active, 'result-1');
    assert.equal(await page.locator('#result-1').getAttribute('aria-selected'), 'true');
    assert.equal(await page.locator('[aria-selected="true"]').count(), 1);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'q', 'focus stays in the box');
    await Promise.all([page.waitForURL(`${stack.site.url}/issues/3#story-2`), page.keyboard.press('Enter')]);
    assert.equal(await page.locator('#story-2').count(), 1);
    await context.close();
  });

  test('no results, did-you-mean as a link, and a correction that was applied', async () => {
    const { page, context } = await openPage();
    await page.locator('#q').fill('qwxzvk');
    await page.locator('.no-results').waitFor();
    assert.match(await page.locator('.no-results').textContent(), /No stories match “qwxzvk”/);
    assert.equal(await page.locator('#results').isHidden(), true);
    assert.equal(await page.locator('#q').getAttribute('aria-expanded'), 'false');

    // Nothing for the word as typed: the correction's stories, and the correction named.
    await page.locator('#q').fill('pixtrel');
    await expectTitles(page, ['Mistral Releases']);
    assert.match(await page.locator('#messages').textContent(),
      /^No stories match “pixtrel”\. Showing results for pixtral\.$/);
    assert.equal(await page.locator('a.did-you-mean').getAttribute('href'), '?q=pixtral');

    // Stories found, and a correction that finds more: offered as a link.
    await page.locator('#q').fill('mistrall pixtrel ');
    const suggestion = page.locator('a.did-you-mean', { hasText: 'mistral pixtral' });
    await suggestion.waitFor();
    assert.match(await page.locator('#messages').textContent(), /^Did you mean mistral pixtral\?$/);
    assert.equal(await suggestion.textContent(), 'mistral pixtral');
    assert.equal(await suggestion.getAttribute('href'), '?q=mistral+pixtral');
    await suggestion.click();
    await page.waitForURL((url) => url.search === '?q=mistral+pixtral');
    assert.equal(await page.locator('#q').inputValue(), 'mistral pixtral');
    await expectTitles(page, ['Mistral Releases']);
    await context.close();
  });

  test('a story whose text is HTML is shown as text and runs nothing', async () => {
    const { page, context, problems } = await openPage('?q=markupfixture');
    await expectTitles(page, ['SYNTHETIC TEST STORY']);
    const option = page.locator(results).first();
    assert.match(await option.locator('.result-title').textContent(), /<script>window\.__injected = 'title'<\/script>/);
    assert.match(await option.locator('.result-snippet').textContent(), /<img src=x onerror=/);
    assert.equal(await page.locator('#results script, #results img, #results b').count(), 0);
    assert.equal(await page.evaluate(() => window.__injected), undefined);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('an unreachable server, or one without an index yet, gets a clear message and a retry', async () => {
    const { page, context } = await openPage();
    await page.route((url) => url.pathname === '/search', (route) => route.abort('connectionrefused'));
    await page.locator('#q').fill('sora');
    await page.locator('#error').waitFor();
    assert.equal(await page.locator('#error-title').textContent(), 'Can’t reach the search server');
    assert.equal(await page.locator('#results').isHidden(), true);
    await page.unrouteAll();
    await page.locator('#retry').click();
    await expectTitles(page, ['OpenAI Sora']);
    assert.equal(await page.locator('#error').isHidden(), true);

    // No index yet (searchd answers 503 until the indexer's first run).
    await page.route((url) => url.pathname === '/search', (route) => route.fulfill({
      status: 503, contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'no_database', message: 'no searchable index at var/index' } }),
    }));
    await page.locator('#q').fill('gemini');
    await page.locator('#error').waitFor();
    assert.equal(await page.locator('#error-title').textContent(), 'The archive isn’t ready yet');
    await context.close();
  });

  test('the trend chart draws matches per month from /trends', async () => {
    const { page, context } = await openPage();
    await page.locator('#trend svg').waitFor();
    // The archive runs from December 2025 (synthetic) to February 2026: three months, January empty.
    assert.equal(await page.locator('#trend rect').count(), 3);
    assert.deepEqual(await page.locator('#trend rect title').allTextContents(),
      ['Dec 2025: 1 story', 'Jan 2026: 0 stories', 'Feb 2026: 5 stories']);
    await page.locator('#q').fill('sora');
    await page.waitForFunction(() => document.querySelectorAll('#trend rect').length === 1);
    assert.match(await page.locator('#trend-caption').textContent(), /Stories matching “sora” per month/);
    assert.match(await page.locator('#trend svg').getAttribute('aria-label'), /1 story from Feb 2026 to Feb 2026/);
    await context.close();
  });

  test('beside the chart, the words that stand out; the chart marks where each peaks', async () => {
    const { page, context, problems } = await openPage('?q=model');
    await page.locator('#trend-terms li').first().waitFor();
    const terms = await page.locator('#trend-terms li a').allTextContents();
    assert.ok(terms.length >= 1 && terms.length <= 6, JSON.stringify(terms));
    // Each a word of the matching stories, found through the API the page uses.
    const api = await page.evaluate(async () => (await (await fetch('significant?q=model&field=words&limit=6')).json()).terms
      .map((term) => term.term));
    assert.deepEqual(terms, api);
    assert.ok(!terms.includes('are') && !terms.includes('for'), 'stopwords never stand out');
    // The first few are marked on the chart, numbered, with a legend that says where.
    await page.locator('#trend .trend-peak').first().waitFor();
    // All peak in February 2026 here: one marker names them all.
    assert.equal(await page.locator('#trend .trend-peak').count(), 1);
    assert.equal(await page.locator('#trend .trend-peak').textContent(),
      Array.from({ length: Math.min(3, terms.length) }, (_, i) => i + 1).join(','));
    const legend = await page.locator('#trend .trend-legend li').allTextContents();
    assert.equal(legend[0], `${terms[0]}: most in Feb 2026`);
    // A word is a search for it too.
    await page.locator('#trend-terms li a').first().click();
    await page.waitForFunction((word) => new URL(location.href).searchParams.get('q') === `model ${word}`, terms[0]);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('keystroke to results painted, on the seed archive (measured, reported)', async () => {
    const { page, context } = await openPage();
    const queries = ['latent attention', 'gemini workspace', 'open weights', 'governance'];
    const timing = await measureTyping(page, queries);
    const report = { archive: 'seed (data/: issue #3, 5 stories) + 1 synthetic fixture story', queries, ...timing };
    writeOutput('keystroke-to-paint-seed.json', report);
    console.log(`keystroke -> results painted, seed archive: median ${report.median_ms} ms, p90 ${report.p90_ms} ms ` +
      `over ${report.keys} keys (searchd's own time: median ${report.searchd_median_ms} ms); baseline, a constant ` +
      `fetch to paint: ${report.baseline_median_ms} ms, ratio ${report.ratio_to_baseline}`);
    assert.ok(report.keys >= 40, `a measure per key: ${report.keys}`);
    assert.ok(report.median_ms < 500, 'reported, not asserted tightly');
    await context.close();
  });
});
