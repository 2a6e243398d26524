// The widget (/widget.js) on a plain host page of another origin (the
// newsletter's site, with a strict Content-Security-Policy and aggressive
// styles), calling searchd through CORS.
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { newPage, setUp, startSearchd, writeOutput } from './harness.mjs';

const kBudgetBytes = 15 * 1024;  // README: the widget's size budget, as served

let stack;
before(async () => { stack = await setUp(); });
after(async () => { await stack?.close(); });

const input = 'scatter-search input';
const options = 'scatter-search [role="option"]';

async function openHost(query = '', options = {}) {
  const opened = await newPage(stack.browser, options);
  await opened.page.goto(`${stack.site.url}/host.html${query}`);
  await opened.page.locator(input).waitFor();
  return opened;
}

async function expectTitles(page, starts) {
  await page.waitForFunction((expected) => {
    const host = document.querySelector('scatter-search');
    const shown = [...host.shadowRoot.querySelectorAll('[role="option"] .ti')].map((e) => e.textContent);
    return shown.length === expected.length && expected.every((start, i) => shown[i].startsWith(start));
  }, starts, { timeout: 5000 });
}

describe('widget', () => {
  test('turns the target into a search box whose dropdown lists stories, through CORS', async () => {
    const { page, context, problems } = await openHost();
    // The fallback link inside the target is replaced by the widget.
    assert.equal(await page.locator('#search > a').count(), 0);
    assert.equal(await page.evaluate(() => Boolean(document.querySelector('#search scatter-search').shadowRoot)), true);
    const answers = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/search') answers.push(response.headers()['access-control-allow-origin']);
    });
    await page.locator(input).pressSequentially('sora', { delay: 30 });
    // The answer to "sora", not to "sor" typed on the way.
    await page.locator('scatter-search .all[href$="?q=sora"]').waitFor();
    await expectTitles(page, ['OpenAI Sora']);
    assert.ok(answers.length > 0 && answers.every((origin) => origin === stack.site.url), JSON.stringify(answers));
    const first = page.locator(options).first();
    assert.deepEqual(await first.locator('mark').allTextContents(), ['Sora', 'Sora']);
    assert.equal(await first.getAttribute('href'), `${stack.site.url}/issues/3#story-2`);
    assert.match(await first.locator('.me').textContent(), /^Feb 9, 2026 · Issue #3$/);
    assert.equal(await page.locator('scatter-search .all').getAttribute('href'), `${stack.searchd.url}/?q=sora`);
    assert.equal(await page.locator(input).getAttribute('aria-expanded'), 'true');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('keyboard: arrows move, Enter opens the story on the site, Escape closes then clears', async () => {
    const { page, context } = await openHost();
    await page.locator(input).fill('model');
    await page.waitForFunction(() =>
      document.querySelector('scatter-search').shadowRoot.querySelectorAll('[role="option"]').length >= 3);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const active = await page.locator(input).getAttribute('aria-activedescendant');
    assert.equal(active, 'o1');
    assert.equal(await page.locator('scatter-search #o1').getAttribute('aria-selected'), 'true');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('scatter-search .pop').isHidden(), true);
    assert.equal(await page.locator(input).inputValue(), 'model');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator(input).inputValue(), '');

    await page.locator(input).fill('gemini');
    await expectTitles(page, ['Google’s Gemini']);
    await page.keyboard.press('ArrowDown');
    await Promise.all([page.waitForURL(`${stack.site.url}/issues/3#story-4`), page.keyboard.press('Enter')]);
    await context.close();
  });

  test('the page’s styles do not reach the widget, and the widget’s do not reach the page', async () => {
    const { page, context } = await openHost();
    await page.locator(input).fill('sora');
    await expectTitles(page, ['OpenAI Sora']);
    const inside = await page.evaluate(() => {
      const root = document.querySelector('scatter-search').shadowRoot;
      const style = (element) => getComputedStyle(element);
      const field = style(root.querySelector('input'));
      const title = style(root.querySelector('.ti'));
      return {
        font: field.fontFamily, spacing: field.letterSpacing, background: field.backgroundColor,
        border: field.borderTopStyle, titleColor: title.color, titleTransform: title.textTransform,
      };
    });
    assert.doesNotMatch(inside.font, /Serif/, JSON.stringify(inside));
    assert.equal(inside.spacing, 'normal');
    assert.notEqual(inside.background, 'rgb(255, 192, 203)');
    assert.equal(inside.border, 'solid');
    assert.notEqual(inside.titleColor, 'rgb(200, 0, 0)');
    assert.equal(inside.titleTransform, 'none');

    const outside = await page.evaluate(() => ({
      mark: getComputedStyle(document.getElementById('host-mark')).backgroundColor,
      link: getComputedStyle(document.getElementById('host-link')).textTransform,
      field: getComputedStyle(document.getElementById('host-input')).backgroundColor,
      sheets: document.styleSheets.length,
      styleElements: document.querySelectorAll('style').length,
    }));
    assert.deepEqual(outside, { mark: 'rgb(0, 255, 255)', link: 'uppercase', field: 'rgb(255, 192, 203)', sheets: 1,
      styleElements: 0 });
    await context.close();
  });

  test('at 360 px a narrow widget’s dropdown is as wide as the window less a margin, and inside it', async () => {
    for (const layout of ['narrow-right', '']) {
      const { page, context } = await openHost(`?layout=${layout}`, { viewport: { width: 360, height: 740 } });
      await page.locator(input).fill('model');
      await page.locator(options).first().waitFor();
      const boxes = await page.evaluate(() => {
        const root = document.querySelector('scatter-search').shadowRoot;
        const rect = (element) => {
          const { left, right, width } = element.getBoundingClientRect();
          return { left, right, width };
        };
        return { field: rect(root.querySelector('input')), dropdown: rect(root.querySelector('.pop')),
          window: document.documentElement.clientWidth };
      });
      const name = `${layout || 'full width'}: ${JSON.stringify(boxes)}`;
      if (layout) assert.ok(boxes.field.width <= 150, name);
      assert.ok(boxes.dropdown.width >= boxes.window - 16 - 1, name);
      assert.ok(boxes.dropdown.left >= 8 - 1 && boxes.dropdown.right <= boxes.window - 8 + 1, name);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name}: ${overflow} px wider than the screen`);
      await context.close();
    }
  });

  test('markup in a story is text in the widget too', async () => {
    const { page, context, problems } = await openHost();
    await page.locator(input).fill('markupfixture');
    await expectTitles(page, ['SYNTHETIC TEST STORY']);
    const shown = await page.evaluate(() => {
      const root = document.querySelector('scatter-search').shadowRoot;
      return { title: root.querySelector('.ti').textContent, elements: root.querySelectorAll('.o img, .o script, .o b').length };
    });
    assert.match(shown.title, /<script>window\.__injected = 'title'<\/script>/);
    assert.equal(shown.elements, 0);
    assert.equal(await page.evaluate(() => window.__injected), undefined);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('no results, a corrected query, and a server that does not answer', async () => {
    const { page, context } = await openHost();
    await page.locator(input).fill('qwxzvk');
    await page.locator('scatter-search .st', { hasText: 'No stories match “qwxzvk”.' }).waitFor();
    await page.locator(input).fill('pixtrel');
    await expectTitles(page, ['Mistral Releases']);
    assert.equal(await page.locator('scatter-search .st').textContent(), 'No stories match “pixtrel”. Showing “pixtral”.');
    await page.route((url) => url.pathname === '/search', (route) => route.abort('connectionrefused'));
    await page.locator(input).fill('sora');
    await page.locator('scatter-search .st', { hasText: 'Search is unavailable right now.' }).waitFor();
    await context.close();
  });

  test('a searchd that does not allow the site’s origin: the browser blocks it, the widget says so', async () => {
    const closed = await startSearchd(stack.db);  // no --cors-origin
    try {
      const { page, context } = await openHost(`?searchd=${encodeURIComponent(closed.url)}`);
      await page.locator(input).fill('sora');
      await page.locator('scatter-search .st', { hasText: 'Search is unavailable right now.' }).waitFor();
      assert.equal(await page.locator(options).count(), 0);
      await context.close();
    } finally {
      await closed.stop();
    }
  });

  test('data-recency asks searchd to rank newer stories higher; a value searchd would refuse is left out', async () => {
    for (const [recency, expected] of [['180d', '180d'], ['soon', null]]) {
      const { page, context, problems } = await openHost(`?recency=${recency}`);
      const asked = [];
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (url.pathname === '/search') asked.push(url.searchParams.get('recency'));
      });
      await page.locator(input).pressSequentially('sora', { delay: 30 });
      await expectTitles(page, ['OpenAI Sora']);
      assert.ok(asked.length > 0 && asked.every((value) => value === expected), JSON.stringify(asked));
      assert.deepEqual(problems, []);
      await context.close();
    }
  });

  test('stays within its size budget', async () => {
    const response = await fetch(`${stack.searchd.url}/widget.js`);
    const bytes = Buffer.from(await response.arrayBuffer());
    const gzipped = gzipSync(bytes, { level: 9 }).length;
    writeOutput('widget-size.json', { bytes: bytes.length, gzip_bytes: gzipped, budget_bytes: kBudgetBytes });
    console.log(`widget.js: ${bytes.length} bytes, ${gzipped} gzipped (budget ${kBudgetBytes})`);
    assert.ok(bytes.length < kBudgetBytes, `${bytes.length} bytes`);
  });
});
