// What the browser tests run against: the real indexer and searchd of a build
// (SCATTER_BUILD_DIR, default build/), over data/ plus one SYNTHETIC fixture
// story whose text is markup; a second origin standing for the newsletter's
// site (story pages, and a plain host page for the widget); and Debian's
// Chromium driven by playwright-core. Every wait is bounded. A second archive,
// research-corpus/ (SYNTHETIC JSON Lines), stands for a researcher's corpus.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..', '..');
export const buildDir = path.resolve(process.env.SCATTER_BUILD_DIR ?? path.join(root, 'build'));
export const outputDir = path.resolve(process.env.SCATTER_TEST_OUTPUT ?? path.join(root, 'test-output', 'browser'));
export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const kStartTimeoutMs = 15000;

mkdirSync(outputDir, { recursive: true });

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

// data/ (issue #3, the only real archive) plus tests/browser/fixtures/
// (SYNTHETIC: issue #1 of 2025-12-01, a story whose text is HTML).
export function makeArchive(dir) {
  const archive = path.join(dir, 'archive');
  cpSync(path.join(root, 'data'), archive, { recursive: true });
  cpSync(path.join(here, 'fixtures'), path.join(archive, 'synthetic'), { recursive: true });
  return archive;
}

// tests/browser/research-corpus/ alone (SYNTHETIC, "SYNTHETIC Test Gazette"):
// what a researcher's own corpus looks like to searchd. JSON Lines without
// `issue` fields (issues are keyed by date), no companies.json or
// topics.json (no chips), and dates from 1851 to 1999 (two centuries).
export function makeResearchArchive(dir) {
  const archive = path.join(dir, 'research-archive');
  cpSync(path.join(here, 'research-corpus'), archive, { recursive: true });
  return archive;
}

// A SYNTHETIC archive of `stories` one-line stories in JSON Lines, an issue of
// five a day from 1900, written for counting: more stories than searchd counts
// exactly (20,000), so totals of queries that are not a single word are
// estimates. Every third story says "green", every seventh "blue".
export function makeCountingArchive(dir, stories = 20500) {
  const archive = path.join(dir, 'counting-archive');
  mkdirSync(archive, { recursive: true });
  const lines = [];
  for (let n = 1; n <= stories; n += 1) {
    const date = new Date(Date.UTC(1900, 0, 1 + Math.floor((n - 1) / 5))).toISOString().slice(0, 10);
    const colours = [n % 3 === 0 ? 'green' : '', n % 7 === 0 ? 'blue' : ''].filter(Boolean).join(' and ');
    lines.push(JSON.stringify({
      issue: Math.ceil(n / 5), date, newsletter: 'SYNTHETIC Counting Fixture', title: `SYNTHETIC counting story ${n}`,
      paragraphs: [`A synthetic story for counting tests, not news${colours ? `, marked ${colours}` : ''}.`],
    }));
  }
  writeFileSync(path.join(archive, 'synthetic-counting.jsonl'), `${lines.join('\n')}\n`);
  return archive;
}

// Without `siteUrl` the stories' links are relative (/issues/3#story-2) and
// resolve against searchd, which answers a browser with its reading view.
export function indexArchive(archive, db, siteUrl) {
  const indexer = path.join(buildDir, 'indexer', 'indexer');
  const run = spawnSync(indexer, ['--archive', archive, '--db', db, '--quiet', ...(siteUrl ? ['--site-url', siteUrl] : [])],
    { encoding: 'utf8', timeout: 60000 });
  if (run.status !== 0) throw new Error(`${indexer} exited ${run.status}: ${run.stderr}${run.error ?? ''}`);
}

// A real searchd on a free loopback port; resolves once it prints its URL.
export async function startSearchd(db, extraArgs = []) {
  const binary = path.join(buildDir, 'searchd', 'searchd');
  const child = spawn(binary, ['--db', db, '--listen', '127.0.0.1:0', '--access-log', 'off', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const url = await withTimeout(new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (match) resolve(match[0].replace(/\/$/, ''));
    });
    child.on('exit', (code) => reject(new Error(`searchd exited ${code}: ${stderr}`)));
    child.on('error', reject);
  }), kStartTimeoutMs, `starting ${binary}`);
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await withTimeout(exited, 5000, 'stopping searchd').catch(() => child.kill('SIGKILL'));
    },
  };
}

// The newsletter's site, on its own origin: /issues/N shows a story page with
// #story-K anchors (where results link), /host.html a plain page carrying the
// widget. `searchdUrl()` is read per request: searchd starts after the site.
export async function startSite(searchdUrl) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://site');
    const issue = url.pathname.match(/^\/issues\/(\d+)$/);
    if (issue) {
      const stories = [1, 2, 3, 4, 5].map((n) => `<section id="story-${n}"><h2>Story ${n}</h2></section>`).join('');
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>Issue ${issue[1]}</title><h1>Issue ${issue[1]}</h1>${stories}`);
      return;
    }
    if (url.pathname === '/host.html') {
      // ?searchd= points the page at another searchd (one that does not allow this origin).
      const base = url.searchParams.get('searchd') ?? searchdUrl();
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        // A strict site: the widget must work with no inline script or style allowed.
        'Content-Security-Policy': `default-src 'self'; script-src 'self' ${base}; connect-src ${base}; style-src 'self'`,
      });
      res.end(hostPage(base, url.searchParams.get('theme'), url.searchParams.get('layout'), url.searchParams.get('recency')));
      return;
    }
    if (url.pathname === '/host.css') {
      res.writeHead(200, { 'Content-Type': 'text/css' });
      res.end(kHostCss);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    stop: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

// Aggressive site styles, to show that none reach into the widget.
const kHostCss = `
* { font-family: "DejaVu Serif", serif !important; color: rgb(200, 0, 0) !important; letter-spacing: 2px; }
input { background: rgb(255, 192, 203) !important; border: 6px dashed green !important; }
a, .o, .ti { color: rgb(0, 128, 0); text-transform: uppercase; }
mark { background: rgb(0, 255, 255); }
div { padding: 3px; }
/* A site whose search box is a narrow field at the right of its header. */
.narrow-right #search { width: 150px; margin-left: auto; }
`;

// `layout`: 'narrow-right' puts the widget's element in a 150 px box at the right.
function hostPage(searchd, theme, layout, recency) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A plain site</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/host.css"></head>
<body${layout === 'narrow-right' ? ' class="narrow-right"' : ''}>
<h1>The newsletter's site</h1>
<p>Some text with <mark id="host-mark">the site's own mark</mark> and <a class="o" id="host-link" href="/issues/3">a link</a>.</p>
<input id="host-input" aria-label="Site field">
<div id="search"><a href="${searchd}/">Search the archive</a></div>
<script src="${searchd}/widget.js" data-target="#search"${theme ? ` data-theme="${theme}"` : ''}${recency ? ` data-recency="${recency}"` : ''} defer></script>
</body></html>`;
}

export async function launchBrowser() {
  // The tests reach only loopback: Chromium's own calls home (updates, sync,
  // safe browsing, QUIC probes) are switched off.
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    timeout: 30000,
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic',
      '--no-first-run', '--disable-domain-reliability', '--disable-client-side-phishing-detection'],
  });
}

// The whole stack for one test file; `close()` stops all of it. `archive`
// writes the archive under a folder and returns its path; `linkToSite` false
// builds the index without --site-url, so results link to searchd's reading view.
export async function setUp({ cors = true, archive = makeArchive, linkToSite = true } = {}) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'scatter-browser-'));
  let searchd = null;
  const site = await startSite(() => searchd?.url ?? '');
  const db = path.join(tmp, 'index');
  indexArchive(archive(tmp), db, linkToSite ? site.url : undefined);
  searchd = await startSearchd(db, cors ? ['--cors-origin', site.url] : []);
  const browser = await launchBrowser();
  return {
    site, searchd, browser, db,
    async close() {
      await browser.close().catch(() => {});
      await searchd.stop();
      await site.stop();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  page.setDefaultNavigationTimeout(10000);
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('dialog', (dialog) => { problems.push(`dialog: ${dialog.message()}`); dialog.dismiss(); });
  return { page, context, problems };
}

// A page at `url` whose console errors count as problems too: a
// Content-Security-Policy refusal is one.
export async function openWatched(browser, url, options = {}) {
  const opened = await newPage(browser, options);
  opened.page.on('console', (message) => {
    if (message.type() === 'error') opened.problems.push(`console: ${message.text()}`);
  });
  await opened.page.goto(url);
  return opened;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function writeOutput(name, content) {
  const file = path.join(outputDir, name);
  writeFileSync(file, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  return file;
}

// The page's own User Timing measures: keystroke -> results painted (app.js).
export async function keystrokeMeasures(page) {
  return page.evaluate(() => performance.getEntriesByName('scatter:keystroke-to-paint')
    .map((entry) => ({ ms: entry.duration, q: entry.detail?.q, tookMs: entry.detail?.tookMs })));
}

// Types each query a key at a time, `delayMs` apart (120 ms: about a person's
// pace, so each key is its own search), and returns the page's
// keystroke-to-paint measures with their summary.
export async function measureTyping(page, queries, { delayMs = 120 } = {}) {
  await page.evaluate(() => performance.clearMeasures('scatter:keystroke-to-paint'));
  for (const q of queries) {
    await page.locator('#q').fill('');
    await page.locator('#q').focus();
    await page.keyboard.type(q, { delay: delayMs });
    await page.waitForTimeout(300);
  }
  const measures = (await keystrokeMeasures(page)).filter((m) => m.q);
  const ms = measures.map((m) => m.ms).sort((a, b) => a - b);
  const round = (value) => Number(value.toFixed(1));
  await page.waitForTimeout(1000);  // the last query's counts and chart are in; the page is idle
  const floor = await requestToPaintFloor(page);
  return {
    keys: ms.length,
    median_ms: round(median(ms)),
    p90_ms: round(ms[Math.floor(ms.length * 0.9)] ?? NaN),
    max_ms: round(ms.at(-1) ?? NaN),
    searchd_median_ms: Number(median(measures.map((m) => m.tookMs ?? 0)).toFixed(2)),
    baseline_median_ms: round(floor),
    ratio_to_baseline: Number((median(ms) / floor).toFixed(2)),
  };
}

// The baseline, measured in the same run and page: the least any page can do
// per key with one request, a fetch of searchd's /healthz (a constant body),
// one DOM change and the frame after it, ended the way app.js ends its
// measure. Its median, in ms.
export async function requestToPaintFloor(page, rounds = 80) {
  const times = await page.evaluate(async (count) => {
    const painted = () => new Promise((resolve) => requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = resolve;
      channel.port2.postMessage(null);
    }));
    const out = [];
    const probe = document.createElement('span');
    probe.hidden = true;
    document.body.append(probe);
    for (let i = 0; i < count; i += 1) {
      const start = performance.now();
      const response = await fetch('healthz', { cache: 'no-store', headers: { Accept: 'application/json' } });
      await response.json();
      probe.textContent = String(i);
      await painted();
      out.push(performance.now() - start);
      // A pause of random length: the frame the paint waits for comes every
      // 16.7 ms, and a fixed pause would land each round at the same phase.
      await new Promise((resolve) => setTimeout(resolve, 30 + Math.random() * 40));
    }
    probe.remove();
    return out;
  }, rounds);
  return median(times);
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

// axe-core's violations on the page as it is now (the page must have been
// opened with bypassCSP: its policy rightly refuses the injected script).
export async function axeViolations(page) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
  }));
}

export function blockingViolations(violations) {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

// The search page's result options, as the page and URL suites look for them.
export const searchPageResults = '#results [role="option"]';

// A new page on searchd's search page at `query` (e.g. '?q=sora'), once results show.
export async function openSearchPage(stack, query = '', options = {}) {
  const opened = await newPage(stack.browser, options);
  await opened.page.goto(`${stack.searchd.url}/${query}`);
  await opened.page.locator(searchPageResults).first().waitFor();
  return opened;
}

export async function resultTitles(page) {
  return page.locator(`${searchPageResults} .result-title`).allTextContents();
}

// Waits until the listbox shows exactly these titles (by their start).
export async function expectTitles(page, starts) {
  await page.waitForFunction((expected) => {
    const shown = [...document.querySelectorAll('#results [role="option"] .result-title')].map((e) => e.textContent);
    return document.getElementById('results').hidden === false && shown.length === expected.length &&
      expected.every((start, i) => shown[i].startsWith(start));
  }, starts, { timeout: 5000 }).catch(async () => {
    assert.deepEqual(await resultTitles(page), starts, 'titles shown');
  });
}
