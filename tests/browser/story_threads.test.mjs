// Story threads in the reading view: under a story, its earlier and later
// coverage in other issues, each a link with why it is linked. Over the
// SYNTHETIC fixture of tests/fixtures/threads (eight invented issues), with the
// archive's companies.json, indexed without --site-url so links stay on searchd.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  axeViolations, blockingViolations, indexArchive, launchBrowser, openWatched, outputDir, root, startSearchd, writeOutput,
} from './harness.mjs';

let tmp, searchd, browser;
before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'scatter-threads-'));
  const archive = path.join(tmp, 'archive');
  cpSync(path.join(root, 'tests', 'fixtures', 'threads'), archive, { recursive: true });
  rmSync(path.join(archive, 'labels.json'));
  cpSync(path.join(root, 'data', 'companies.json'), path.join(archive, 'companies.json'));
  const db = path.join(tmp, 'index');
  indexArchive(archive, db);
  searchd = await startSearchd(db);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close().catch(() => {});
  await searchd?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function open(address, options = {}) {
  const opened = await openWatched(browser, `${searchd.url}${address}`, options);
  await opened.page.locator('#stories[data-threads="loaded"]').waitFor();
  return opened;
}

describe('story threads in the reading view', () => {
  test('a story shows its earlier and later coverage, with reasons; following a link opens that story', async () => {
    const { page, context, problems } = await open('/issues/204#story-2');
    const story = page.locator('#story-2');
    const earlier = story.locator('div.thread', { has: page.locator('h3', { hasText: 'Earlier coverage' }) });
    const later = story.locator('div.thread', { has: page.locator('h3', { hasText: 'Later coverage' }) });
    assert.deepEqual(await earlier.locator('li a').allTextContents(),
      ['SYNTHETIC: Mistral AI ships Pixtral, an open multimodal model']);
    assert.deepEqual(await later.locator('li a').allTextContents(),
      ['SYNTHETIC: Pixtral runs on-device in a compact version']);
    assert.match(await earlier.locator('.thread-reason').textContent(), /^also about Mistral AI, Pixtral/);
    assert.match(await earlier.locator('time').textContent(), /Jan 6, 2025/);
    // Under the story's own heading level: h2 the story, h3 "Earlier coverage".
    assert.equal(await earlier.locator('h3').count(), 1);

    // A distractor (Mistral AI's Le Chat pricing) has no thread and shows none.
    await page.goto(`${searchd.url}/issues/203#story-5`);
    await page.locator('#stories[data-threads="loaded"]').waitFor();
    assert.equal(await page.locator('#story-5 div.thread').count(), 0);

    await page.goto(`${searchd.url}/issues/204#story-2`);
    await page.locator('#stories[data-threads="loaded"]').waitFor();
    await Promise.all([page.waitForURL(/\/issues\/207#story-1$/),
      page.locator('#story-2 div.thread a', { hasText: 'Pixtral runs on-device' }).click()]);
    await page.locator('#story-1.targeted').waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('accessibility: light and dark, with no serious or critical violations', async () => {
    const report = [];
    for (const colorScheme of ['light', 'dark']) {
      const name = `story threads, ${colorScheme}`;
      const { page, context } = await open('/issues/205#story-1', { colorScheme, bypassCSP: true });
      assert.ok(await page.locator('#story-1 div.thread').count() >= 1, `${name}: a thread is shown`);
      const violations = await axeViolations(page);
      report.push({ name, violations });
      assert.deepEqual(blockingViolations(violations), [], `${name}: ${JSON.stringify(violations, null, 2)}`);
      // Not even a moderate one: a named <section> per list made repeated landmarks.
      assert.deepEqual(violations.filter((v) => v.id === 'landmark-unique'), [], name);
      await page.screenshot({ path: path.join(outputDir, `threads-${colorScheme}.png`), fullPage: true });
      await context.close();
    }
    writeOutput('axe-report-story-threads.json', report);
  });
});
