// axe-core scans of the search page and the widget, light and dark (the
// system setting, emulated), wide and 360 px: no serious or critical
// violations (contrast included). Saves the screenshots the README shows.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { axeViolations, blockingViolations, newPage, outputDir, setUp, writeOutput } from './harness.mjs';

let stack;
const report = [];
before(async () => { stack = await setUp(); });
after(async () => {
  writeOutput('axe-report.json', report);
  await stack?.close();
});

// Every violation goes to the report; serious and critical ones fail the test.
async function scan(page, name) {
  const violations = await axeViolations(page);
  report.push({ name, violations });
  const blocking = blockingViolations(violations);
  assert.deepEqual(blocking, [], `${name}: ${JSON.stringify(blocking, null, 2)}`);
}

async function openPage({ colorScheme, width = 1280, query = '' }) {
  // bypassCSP: the page's policy would (rightly) refuse the injected axe script.
  const opened = await newPage(stack.browser, { colorScheme, viewport: { width, height: 900 }, bypassCSP: true });
  await opened.page.goto(`${stack.searchd.url}/${query}`);
  await opened.page.locator('#results [role="option"], .no-results').first().waitFor();
  await opened.page.locator('#trend svg').waitFor().catch(() => {});
  return opened;
}

for (const colorScheme of ['light', 'dark']) {
  describe(`accessibility, ${colorScheme}`, () => {
    test('the latest issue, results with an active option, and no results', async () => {
      const { page, context } = await openPage({ colorScheme });
      await scan(page, `${colorScheme}: latest issue`);
      await page.screenshot({ path: path.join(outputDir, `page-${colorScheme}-latest.png`), fullPage: true });

      await page.locator('#q').fill('sora');
      await page.waitForFunction(() => document.querySelector('#results .result-title')?.textContent.startsWith('OpenAI'));
      await page.locator('#trend svg').waitFor();
      await page.keyboard.press('ArrowDown');
      await scan(page, `${colorScheme}: results, first option active`);
      await page.screenshot({ path: path.join(outputDir, `page-${colorScheme}.png`), fullPage: true });

      await page.locator('#facet-company button', { hasText: 'OpenAI' }).click();
      await page.waitForURL(/company=OpenAI/);
      await page.locator('#facet-company button[aria-pressed="true"]').waitFor();
      await scan(page, `${colorScheme}: a facet pressed`);

      await page.locator('#q').fill('qwxzvk');
      await page.locator('.no-results').waitFor();
      await scan(page, `${colorScheme}: no results`);
      await context.close();
    });

    test('the unreachable-server message', async () => {
      const { page, context } = await openPage({ colorScheme });
      await page.route((url) => url.pathname === '/search', (route) => route.abort('connectionrefused'));
      await page.locator('#q').fill('sora');
      await page.locator('#error').waitFor();
      await scan(page, `${colorScheme}: server unreachable`);
      await page.screenshot({ path: path.join(outputDir, `page-${colorScheme}-unreachable.png`) });
      await context.close();
    });

    test('360 px wide: no sideways scrolling, filters folded', async () => {
      const { page, context } = await openPage({ colorScheme, width: 360, query: '?q=model' });
      assert.equal(await page.locator('#filters').getAttribute('open'), null);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${overflow} px wider than the screen`);
      await scan(page, `${colorScheme}: 360 px`);
      await page.screenshot({ path: path.join(outputDir, `page-${colorScheme}-360.png`), fullPage: true });
      await page.locator('#filters > summary').click();
      await scan(page, `${colorScheme}: 360 px, filters open`);
      await context.close();
    });

    test('the widget on the host page, dropdown open', async () => {
      const { page, context } = await newPage(stack.browser, { colorScheme, bypassCSP: true });
      await page.goto(`${stack.site.url}/host.html`);
      await page.locator('scatter-search input').fill('model');
      await page.locator('scatter-search [role="option"]').first().waitFor();
      await page.keyboard.press('ArrowDown');
      await scan(page, `${colorScheme}: widget`);
      await page.screenshot({ path: path.join(outputDir, `widget-${colorScheme}.png`) });
      await context.close();
    });
  });
}

describe('focus is visible', () => {
  test('Tab reaches the filters with a visible outline; / returns to the box', async () => {
    const { page, context } = await openPage({ colorScheme: 'light' });
    await page.locator('#q').focus();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement;
      const style = getComputedStyle(element);
      return { id: element.id, outline: style.outlineStyle, width: style.outlineWidth };
    });
    assert.equal(focused.id, 'sort');
    assert.equal(focused.outline, 'solid');
    assert.notEqual(focused.width, '0px');
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'sort', '/ is left to fields');
    await page.locator('#results-heading').click();
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
    await context.close();
  });
});
