// The reading view: an index built without --site-url gives stories relative
// links (/issues/3#story-2) that resolve against searchd, and searchd answers a
// browser there with web/issue.html. Opening a result must land on the story,
// shown in full and as text, keyboard- and screen-reader-usable.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  axeViolations, blockingViolations, indexArchive, launchBrowser, makeArchive, openWatched, outputDir, startSearchd,
  writeOutput,
} from './harness.mjs';

let tmp, searchd, browser;
before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'scatter-reading-'));
  const db = path.join(tmp, 'index');
  indexArchive(makeArchive(tmp), db);
  searchd = await startSearchd(db);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close().catch(() => {});
  await searchd?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const open = (address, options = {}) => openWatched(browser, `${searchd.url}${address}`, options);

describe('reading view', () => {
  test('Enter on a result opens its story on searchd, in full, scrolled to and focused', async () => {
    const { page, context, problems } = await open('/?q=sora');
    const first = page.locator('#results [role="option"]').first();
    await first.waitFor();
    assert.equal(await first.getAttribute('href'), `${searchd.url}/issues/3?highlight=sora#story-2`);
    await page.locator('#q').press('ArrowDown');
    await Promise.all([page.waitForURL(`${searchd.url}/issues/3?highlight=sora#story-2`),
      page.locator('#q').press('Enter')]);

    const story = page.locator('#story-2');
    await story.waitFor();
    assert.match(await story.locator('h2').textContent(), /^2\. OpenAI Sora Enters ‘Red-Teaming’ Phase/);
    assert.ok(await story.evaluate((element) => element.classList.contains('targeted')), 'the story is outlined');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'story-2', 'focus is on the story');
    const box = await story.boundingBox();
    assert.ok(box.y >= 0 && box.y < 200, `the story is at the top of the screen (y = ${box.y})`);
    assert.ok((await story.locator('p').count()) >= 2, 'its paragraphs');
    assert.ok((await story.locator('.bullets li').count()) >= 1, 'its "Why it matters" bullets');
    assert.deepEqual(await story.locator('.chip-company').allTextContents(), ['Company: OpenAI']);
    assert.equal(await page.locator('article.story').count(), 5, 'the whole issue, five stories');
    assert.match(await page.locator('#issue-meta').textContent(), /February 9, 2026 · 5 stories/);
    assert.match(await page.title(), /^Issue #3, February 9, 2026/);

    // The contents move between stories; back returns to the search.
    await page.locator('#contents a', { hasText: 'Mistral Releases' }).click();
    await page.waitForURL(/#story-5$/);
    // The outline follows the hashchange event, which may come a moment after the URL.
    await page.locator('#story-5.targeted').waitFor({ timeout: 5000 });
    await page.goBack();
    await page.goBack();
    await page.waitForURL(`${searchd.url}/?q=sora`);
    await page.locator('#results [role="option"]').first().waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the words of the search a story was opened from are marked, as text', async () => {
    const { page, context, problems } = await open('/?q=%22latent+attention%22+-sora+company%3Adeepseek');
    const first = page.locator('#results [role="option"]').first();
    await first.waitFor();
    // The query's words (not the exclusion, not the filter) and the forms searchd marked.
    assert.equal(await first.getAttribute('href'), `${searchd.url}/issues/3?highlight=latent+attention#story-1`);
    await Promise.all([page.waitForURL(/#story-1$/), first.click()]);
    const story = page.locator('#story-1.targeted');
    await story.waitFor();
    const marks = await story.locator('mark').allTextContents();
    assert.ok(marks.length >= 2, JSON.stringify(marks));
    assert.deepEqual([...new Set(marks.map((mark) => mark.toLowerCase()))].sort(), ['attention', 'latent']);
    assert.equal(await page.locator('#story-2 mark').count(), 0, 'no "sora": it was excluded');

    // A highlight carrying markup marks words, and makes no element of it.
    await page.goto(`${searchd.url}/issues/1?highlight=${encodeURIComponent('<i onclick=alert(1)>markupfixture</i>')}` +
      '#story-1');
    await page.locator('#story-1.targeted').waitFor();
    assert.deepEqual(await page.locator('#story-1 mark').allTextContents(), ['markupfixture', 'markupfixture']);
    assert.equal(await page.locator('#story-1 i, #story-1 img').count(), 0);
    assert.equal(await page.evaluate(() => window.__injected), undefined);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a story whose text is HTML is shown as text and runs nothing', async () => {
    const { page, context, problems } = await open('/issues/1#story-1');
    const story = page.locator('#story-1');
    await story.waitFor();
    assert.match(await story.locator('h2').textContent(), /<script>window.__injected = 'title'<\/script>/);
    assert.match(await story.locator('p').first().textContent(), /<img src=x onerror=/);
    assert.equal(await story.locator('script, img, b').count(), 0, 'no element made from the story text');
    assert.equal(await page.evaluate(() => window.__injected), undefined);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('an issue the archive lacks, and a server that stops answering', async () => {
    const { page, context } = await open('/issues/99');
    await page.locator('#error').waitFor();
    assert.equal(await page.locator('#error-title').textContent(), 'No such issue');
    assert.match(await page.locator('#error-detail').textContent(), /no issue '99' in the archive/);

    const issueThree = (url) => url.pathname === '/issues/3';
    await page.route(issueThree, (route) => {
      if (route.request().headers().accept === 'application/json') return route.abort('connectionrefused');
      return route.continue();
    });
    await page.goto(`${searchd.url}/issues/3`);
    await page.locator('#error-title', { hasText: 'Can’t reach the search server' }).waitFor();
    await page.unroute(issueThree);
    await page.locator('#retry').click();
    await page.locator('#story-1').waitFor();
    assert.equal(await page.locator('#error').isHidden(), true);
    await context.close();
  });

  test('a story\'s chips link to its company\'s page: months, companions, telling words and latest stories', async () => {
    const { page, context, problems } = await open('/issues/3#story-4');
    await page.locator('#story-4.targeted').waitFor();
    const chip = page.locator('#story-4 a.chip-company', { hasText: 'Google' });
    assert.equal(await chip.getAttribute('href'), '../companies/Google');
    await chip.click();
    await page.waitForURL(/\/companies\/Google$/);
    await page.locator('#entity-title', { hasText: 'Google' }).waitFor();
    assert.equal(await page.locator('#entity-kind').textContent(), 'Company');
    assert.match(await page.locator('#entity-meta').textContent(), /1 story/);
    assert.equal(await page.locator('#entity-chart svg[role="img"]').count(), 1);
    assert.deepEqual(await page.locator('#entity-companies a').allTextContents(), ['Microsoft']);
    assert.equal(await page.locator('#entity-companies a').getAttribute('href'), '../companies/Microsoft');
    const latest = page.locator('#entity-latest-list a');
    assert.match(await latest.first().textContent(), /Gemini/);
    await page.locator('#entity-topics a').first().click();
    await page.waitForURL(/\/topics\//);
    await page.locator('#entity-kind', { hasText: 'Topic' }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a name the archive lacks says so', async () => {
    const { page, context } = await open('/companies/Nonesuch');
    await page.locator('#error-title', { hasText: 'Not in the archive' }).waitFor();
    assert.match(await page.locator('#error-detail').textContent(), /no company 'Nonesuch'/);
    await context.close();
  });

  test('a result\'s chip leads to its company\'s page; the rest of the result to the story', async () => {
    const { page, context, problems } = await open('/?q=gemini');
    const chip = page.locator('#results .chip-company', { hasText: 'Microsoft' }).first();
    await chip.waitFor();
    assert.equal(await chip.getAttribute('data-href'), 'companies/Microsoft');
    await chip.click();
    await page.waitForURL(/\/companies\/Microsoft$/);
    await page.locator('#entity-title', { hasText: 'Microsoft' }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('accessibility: light, dark and 360 px, with no serious or critical violations', async () => {
    const report = [];
    for (const [colorScheme, width] of [['light', 1280], ['dark', 1280], ['light', 360]]) {
      const name = `reading view, ${colorScheme}, ${width} px`;
      const { page, context } = await open('/issues/3#story-4',
        { colorScheme, viewport: { width, height: 900 }, bypassCSP: true });
      await page.locator('#story-4.targeted').waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name}: ${overflow} px wider than the screen`);
      const violations = await axeViolations(page);
      report.push({ name, violations });
      assert.deepEqual(blockingViolations(violations), [], `${name}: ${JSON.stringify(violations, null, 2)}`);
      await page.screenshot({ path: path.join(outputDir, `reading-${colorScheme}-${width}.png`) });
      await context.close();
    }
    for (const [colorScheme, width] of [['light', 1280], ['dark', 360]]) {
      const name = `company page, ${colorScheme}, ${width} px`;
      const { page, context } = await open('/companies/Google', { colorScheme, viewport: { width, height: 900 }, bypassCSP: true });
      await page.locator('#entity-latest-list a').first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name}: ${overflow} px wider than the screen`);
      const violations = await axeViolations(page);
      report.push({ name, violations });
      assert.deepEqual(blockingViolations(violations), [], `${name}: ${JSON.stringify(violations, null, 2)}`);
      await page.screenshot({ path: path.join(outputDir, `company-${colorScheme}-${width}.png`) });
      await context.close();
    }
    writeOutput('axe-report-reading-view.json', report);
  });
});
