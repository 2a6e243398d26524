// The search page (GET /): results as you type, facets, dates, sort, pages,
// did-you-mean, a trend chart, and the URL kept in step with all of it.
//
// One search at a time: a newer search aborts the request of the one before
// (AbortController) and answers are checked against a generation counter, so
// an old answer can never paint over a newer one. The results come first, from
// a /search without facets (counting every match costs up to ten times more
// at 100,000 stories); facet counts and the trend chart are asked for after
// they are painted, once the reader pauses, and painted when they come.
import { getJson, queryString } from './api.js';
import { Debouncer } from './debounce.js';
import {
  filterCount, filterParams, firstDayOf, isLatestIssueView, kFacetFields, lastDayOf, listParams, sameState,
  searchFromState, selectedYear, stateFromSearch, withoutFilters, yearRange,
} from './page_state.js';
import { el, formatDate, plural, renderFacet, resultOption, searchLink } from './render.js';
import { trendChart } from './trend_chart.js';

const kDebounceMs = 80;       // keys closer than this are one search
const kSlowMs = 150;          // the progress bar shows only for slower answers
const kFacetLimit = 30;
const kCountsAfterMs = 120;   // counts and chart wait for a pause in typing
const kMaxServed = 10000;     // searchd serves the first 10,000 results
const kLatestIssueMax = 100;  // stories of the latest issue shown on the empty page
const kNarrow = '(max-width: 47.99rem)';
const kMeasure = 'scatter:keystroke-to-paint';
const kTermsShown = 6;        // significant words listed beside the chart
const kPeaksMarked = 3;       // of which the chart marks where they peak

const byId = (id) => document.getElementById(id);
const ui = {
  form: byId('search-form'), input: byId('q'), sort: byId('sort'), collapse: byId('collapse'), from: byId('from'),
  to: byId('to'),
  dateError: byId('date-error'), filters: byId('filters'), filterCount: byId('filter-count'),
  clearFilters: byId('clear-filters'), region: byId('results-region'), progress: byId('progress'),
  filtersRegion: byId('filters-region'),
  error: byId('error'), errorTitle: byId('error-title'), errorDetail: byId('error-detail'), retry: byId('retry'),
  status: byId('status'), messages: byId('messages'), trend: byId('trend'), trendCaption: byId('trend-caption'),
  trendChart: byId('trend-chart'), trendCount: byId('trend-count'), trendShare: byId('trend-share'),
  trendTerms: byId('trend-terms'), trendTermsList: byId('trend-terms-list'),
  heading: byId('results-heading'), results: byId('results'), pages: byId('pages'),
  follow: byId('follow-link'), feedAlternate: byId('feed-alternate'),
  exportCsv: byId('export-csv'), exportJsonl: byId('export-jsonl'),
  prev: byId('prev-page'), next: byId('next-page'), pageOf: byId('page-of'),
  facetLists: { company: byId('facet-company'), topic: byId('facet-topic'), year: byId('facet-year'),
    issue: byId('facet-issue') },
};

let state = stateFromSearch(location.search);
let inflight = null;           // AbortController of the search on screen's way
let generation = 0;            // bumped per search; answers of older ones are dropped
let pendingKeystroke = null;   // event.timeStamp of the last key not yet painted
let activeIndex = -1;          // the listbox option the arrows are on
let facetValues = {};          // field -> [{value, count}] as last counted
let trendMeasure = 'count';    // the chart draws 'count' or 'share'
let lastTrend = null;          // {snapshot, body} of the chart on screen, redrawn on a change of measure
const expandedFacets = new Set();
const debouncer = new Debouncer(kDebounceMs, () => search());

// ---- searching ----------------------------------------------------------

function facetSelected(snapshot, field) {
  return field === 'year' ? Boolean(snapshot.from || snapshot.to) : snapshot[field].length > 0;
}

async function fetchSearch(snapshot, signal) {
  const params = { ...filterParams(snapshot), ...listParams(snapshot) };
  const body = await getJson('search', params, signal);
  // searchd offers no spelling correction while the last word may be unfinished
  // (prefix=1). When that finds nothing, the last word is taken as whole: the
  // answer then carries the correction ("pixtrel" -> "pixtral").
  if (body.results.length === 0 && params.prefix && snapshot.page === 1) {
    const whole = await getJson('search', { ...params, prefix: '' }, signal);
    // The counts and the chart then follow the query these results are for.
    const q = whole.corrected ? whole.did_you_mean : snapshot.q;
    if (whole.did_you_mean || whole.results.length) return { kind: 'search', body: whole, counted: { q, prefix: '' } };
  }
  return { kind: 'search', body, counted: {} };
}

// The empty page: the newest story names the latest issue (by its key: a
// number, or the date of an issue without one), whose stories are then listed
// in reading order, as /issues/{key} gives them.
async function fetchLatestIssue(signal) {
  const archive = await getJson('search', { per_page: 1 }, signal);
  const newest = archive.results[0];
  if (!newest) return { kind: 'empty-archive', body: archive, counted: {} };
  const issue = await getJson(`issues/${encodeURIComponent(issueKeyOf(newest))}`, {}, signal);
  const results = issue.stories.slice(0, kLatestIssueMax);
  return { kind: 'latest', body: { results, took_ms: archive.took_ms }, issue, archiveTotal: archive.total,
           counted: {} };
}

// A story's id is "<issue key>-<story number>" ("3-1", "1901-03-05-1").
function issueKeyOf(hit) {
  return hit.id.slice(0, hit.id.length - `-${hit.story}`.length);
}

function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('superseded', 'AbortError'));
    }, { once: true });
  });
}

async function search() {
  inflight?.abort();
  const controller = new AbortController();
  inflight = controller;
  const current = ++generation;
  const keystroke = pendingKeystroke;
  pendingKeystroke = null;
  const snapshot = structuredClone(state);
  const slow = setTimeout(() => { if (current === generation) ui.progress.hidden = false; }, kSlowMs);
  // Loading ends with the results (the chart and counts may still come) or
  // the error; a newer search has its own.
  const loaded = () => {
    clearTimeout(slow);
    if (current !== generation) return;
    ui.progress.hidden = true;
    ui.region.removeAttribute('aria-busy');
  };
  ui.region.setAttribute('aria-busy', 'true');
  ui.filtersRegion.setAttribute('aria-busy', 'true');
  try {
    const view = isLatestIssueView(snapshot)
      ? await fetchLatestIssue(controller.signal)
      : await fetchSearch(snapshot, controller.signal);
    if (current !== generation) return;
    paint(snapshot, view);
    loaded();
    measurePaint(keystroke, snapshot.q, view.body.took_ms);
    // While keys keep coming, the next search would abort these anyway.
    if (keystroke !== null) await sleep(kCountsAfterMs, controller.signal);
    await fetchCounts(snapshot, view, controller.signal, current);
  } catch (error) {
    if (error.name === 'AbortError' || current !== generation) return;
    showError(error);
  } finally {
    loaded();
  }
}

// After the results: the facet counts (one search for the fields with nothing
// chosen; one per field with values chosen, leaving out that field's own
// filter, so that other values can be added) and matches per period for the
// chart. With facets searchd counts every match, so `total` may become exact;
// with collapse=issue it counts issues, as the list does.
async function fetchCounts(snapshot, view, signal, current) {
  const filters = (without) => ({ ...filterParams(snapshot, { without }), ...view.counted });
  const count = async (fields, without = '') => {
    const body = await getJson('search', {
      ...filters(without), collapse: snapshot.collapse, per_page: 1, facets: fields.join(','),
      facet_limit: kFacetLimit,
    }, signal);
    if (current !== generation) return;
    for (const field of fields) facetValues[field] = body.facets?.[field] ?? [];
    // An exact count replaces the list's estimate; an estimate made for page 1
    // (these ask for no page) tells less than the list's own.
    if (!without && view.kind === 'search' && body.total.exact) {
      paintStatus(snapshot, body.total);
      paintPages(snapshot, { kind: 'search', body });
    }
    paintFacets(snapshot);
  };
  const unchosen = kFacetFields.filter((field) => !facetSelected(snapshot, field));
  const jobs = kFacetFields.filter((field) => facetSelected(snapshot, field)).map((field) => count([field], field));
  if (unchosen.length) jobs.push(count(unchosen));
  // No interval: searchd picks months, years or decades from the span of the matches.
  jobs.push(getJson('trends', filters(''), signal).then(async (body) => {
    if (current !== generation) return;
    paintTrend(snapshot, body);
    if (body.total > 0) await fetchSignificant(snapshot, filters(''), body.interval, signal, current);
  }));
  // The results are on screen: a failed count or chart only leaves its part as it was.
  await Promise.allSettled(jobs);
  if (current === generation) ui.filtersRegion.removeAttribute('aria-busy');
}

// What stands out in the matching stories against the whole archive
// (/significant), listed beside the chart, and where each of the first few
// peaks: the period with most of the stories that match and have the word,
// marked on the chart.
async function fetchSignificant(snapshot, params, interval, signal, current) {
  const significant = await getJson('significant', { ...params, field: 'words', limit: kTermsShown }, signal);
  if (current !== generation) return;
  const q = (params.q ?? '').trim();
  const peaks = await Promise.all(significant.terms.slice(0, kPeaksMarked).map(async ({ term }) => {
    const trend = await getJson('trends', { ...params, prefix: '', interval, q: q ? `(${q}) AND ${term}` : term }, signal);
    const best = trend.periods.reduce((top, p) => (p.count > (top?.count ?? 0) ? p : top), null);
    return best ? { period: best.period, label: term } : null;
  }));
  if (current !== generation) return;
  paintSignificant(snapshot, significant.terms, peaks.filter(Boolean));
}

function paintSignificant(snapshot, terms, marks) {
  ui.trendTermsList.replaceChildren(...terms.map(({ term, foreground, background }) => {
    const q = `${snapshot.q.trim()} ${term}`.trim();
    return el('li', {}, searchLink(term, searchFromState({ ...snapshot, q, page: 1 }),
      () => navigate({ ...state, q, page: 1 }, { push: true })), el('span', { class: 'trend-term-count' },
      ` ${foreground.toLocaleString('en')} here, ${background.toLocaleString('en')} in all`));
  }));
  ui.trendTerms.hidden = terms.length === 0;
  if (lastTrend) {
    lastTrend.marks = marks;
    paintTrend(lastTrend.snapshot, lastTrend.body);
  }
}

// keystroke -> results painted, as a User Timing measure (read by the browser
// tests and by any real-user monitoring): the frame after the DOM changed.
function measurePaint(keystroke, q, tookMs) {
  if (keystroke === null) return;
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      if (performance.getEntriesByName(kMeasure).length > 1000) performance.clearMeasures(kMeasure);
      performance.measure(kMeasure, { start: keystroke, end: performance.now(), detail: { q, tookMs } });
    };
    channel.port2.postMessage(null);
  });
}

// ---- painting -----------------------------------------------------------

function paint(snapshot, view) {
  const { body } = view;
  ui.error.hidden = true;
  ui.dateError.hidden = true;
  ui.from.removeAttribute('aria-invalid');
  ui.to.removeAttribute('aria-invalid');
  paintHeading(snapshot, view);
  paintMessages(snapshot, view);
  paintResults(body.results, view.counted.q ?? snapshot.q);
  paintFacets(snapshot);
  paintPages(snapshot, view);
}

function paintHeading(snapshot, view) {
  const { body } = view;
  paintFeedLinks(snapshot);
  if (view.kind === 'latest') {
    const { issue, archiveTotal } = view;
    const numbered = Number.isInteger(issue.issue);
    const date = issue.date ? formatDate(issue.date, { long: true }) : 'undated';
    ui.heading.textContent = `Latest issue: ${numbered ? `#${issue.issue}, ` : ''}${date}`;
    ui.status.textContent = `${plural(issue.stories.length, 'story', 'stories')} in ` +
      `${numbered ? `issue #${issue.issue}` : 'this issue'}; ${archiveTotal.exact ? '' : 'about '}` +
      `${plural(archiveTotal.estimate, 'story', 'stories')} in the archive.`;
    return;
  }
  ui.heading.textContent = snapshot.q.trim() ? `Results for “${snapshot.q.trim()}”` : 'Stories';
  paintStatus(snapshot, body.total);
}

// The feed of this search (its filters; a feed's order and page are its own),
// for feed readers (the head's alternate link) and for people (Follow this search).
function paintFeedLinks(snapshot) {
  const filters = { ...filterParams(snapshot), q: snapshot.q.trim() };
  delete filters.prefix;
  const query = queryString(filters);
  const href = query ? `feed.atom?${query}` : 'feed.atom';
  ui.follow.href = href;
  ui.feedAlternate.href = href;
  // An export keeps the order on screen; its page is every match.
  const exported = { ...filters, sort: snapshot.sort && snapshot.sort !== 'relevance' ? snapshot.sort : '' };
  for (const [link, format] of [[ui.exportCsv, 'csv'], [ui.exportJsonl, 'jsonl']]) {
    link.href = `export?${queryString({ ...exported, format })}`;
  }
}

// The count of matches as searchd gives it: "About 2,000 stories" while it is
// an estimate (total.exact false), "1,234 stories" once counted. With
// collapse=issue the list holds one story per issue, and so does the count.
function paintStatus(snapshot, total) {
  const { shown } = pageCount(snapshot, total);
  const about = total.exact ? '' : 'about ';
  const what = snapshot.collapse === 'issue' ? ['issue', 'issues'] : ['story', 'stories'];
  const count = plural(total.estimate, ...what);
  const of = `${about}${shown.toLocaleString('en')}`;
  const pages = shown > 1 ? `, page ${snapshot.page.toLocaleString('en')} of ${of}` : '';
  ui.status.textContent = total.estimate === 0 ? `No ${what[1]} found.`
    : `${total.exact ? count : `About ${count}`}${pages}.`;
}

function paintMessages(snapshot, view) {
  const { body } = view;
  const messages = [];
  const q = snapshot.q.trim();
  if (view.kind === 'empty-archive') {
    messages.push(el('p', { class: 'message' }, 'The archive has no stories yet.'));
  }
  if (body.did_you_mean) {
    const link = searchLink(body.did_you_mean, searchFromState({ ...snapshot, q: body.did_you_mean, page: 1 }),
      () => navigate({ ...state, q: body.did_you_mean, page: 1 }, { push: true }));
    link.classList.add('did-you-mean');
    messages.push(body.corrected
      ? el('p', { class: 'message' }, `No stories match “${q}”. Showing results for `, link, '.')
      : el('p', { class: 'message' }, 'Did you mean ', link, '?'));
  }
  if (body.results.length === 0 && view.kind === 'search') {
    const advice = el('p', { class: 'message no-results' }, q ? `No stories match “${q}”` : 'No stories match',
      filterCount(snapshot) ? ' with these filters.' : '.');
    if (body.total.estimate > 0 && snapshot.page > 1) {
      advice.append(' ', searchLink('Go to the first page', searchFromState({ ...snapshot, page: 1 }),
        () => navigate({ ...state, page: 1 }, { push: true })));
    } else if (filterCount(snapshot)) {
      advice.append(' ', searchLink('Search without filters', searchFromState(withoutFilters(snapshot)), clearFilters));
    } else if (!body.did_you_mean) {
      advice.append(' Try fewer or different words.');
    }
    messages.push(advice);
  }
  for (const note of body.notes ?? []) messages.push(el('p', { class: 'message note' }, note));
  ui.messages.replaceChildren(...messages);
}

function paintResults(results, q) {
  activeIndex = -1;
  ui.input.removeAttribute('aria-activedescendant');
  ui.results.replaceChildren(...results.map((hit, i) => resultOption(hit, i, { q })));
  ui.results.hidden = results.length === 0;
  ui.input.setAttribute('aria-expanded', String(results.length > 0));
}

const kFacetLabels = { issue: (number) => `#${number}` };

function paintFacets(snapshot) {
  const year = selectedYear(snapshot);
  for (const field of kFacetFields) {
    const selected = field === 'year' ? (year ? [year] : []) : snapshot[field];
    // An archive without issue numbers has no issue facet: its section is left out.
    if (field === 'issue') ui.facetLists.issue.parentElement.hidden = !facetValues.issue?.length && !selected.length;
    renderFacet(ui.facetLists[field], {
      field,
      values: facetValues[field],
      selected,
      label: kFacetLabels[field],
      expanded: expandedFacets.has(field),
      onToggle: toggleFacet,
      onExpand: (name) => {
        if (expandedFacets.has(name)) expandedFacets.delete(name);
        else expandedFacets.add(name);
        paintFacets(state);
      },
    });
  }
}

// `shown`: the pages the count makes (about so many while it is an estimate).
// `offered`: the pages known to hold results, the only ones linked: from the
// exact count, or else from the lower bound, so no link leads to an empty page.
function pageCount(snapshot, total) {
  const pages = (count) => Math.ceil(Math.min(count, kMaxServed) / snapshot.perPage);
  return { shown: pages(total.estimate), offered: pages(total.exact ? total.estimate : total.lower_bound) };
}

function paintPages(snapshot, view) {
  const { shown, offered } = view.kind === 'search' ? pageCount(snapshot, view.body.total) : { shown: 0, offered: 0 };
  const pages = Math.max(offered, snapshot.page);
  ui.pages.hidden = pages <= 1;
  if (pages <= 1) return;
  const link = (anchor, page) => {
    const enabled = page >= 1 && page <= pages;
    if (enabled) anchor.setAttribute('href', searchFromState({ ...snapshot, page }) || location.pathname);
    else anchor.removeAttribute('href');
    anchor.setAttribute('aria-disabled', String(!enabled));
    anchor.dataset.page = String(page);
  };
  link(ui.prev, snapshot.page - 1);
  link(ui.next, snapshot.page + 1);
  const of = `${view.body.total.exact ? '' : 'about '}${shown.toLocaleString('en')}`;
  ui.pageOf.textContent = `Page ${snapshot.page.toLocaleString('en')} of ${of}`;
}

// The chart as /trends answered (per month, year or decade, as searchd chose),
// drawn as counts or as shares of the archive's stories, as the reader chose.
function paintTrend(snapshot, body) {
  const marks = lastTrend?.body === body ? lastTrend.marks : [];
  if (lastTrend?.body !== body) ui.trendTerms.hidden = true;
  lastTrend = { snapshot, body, marks };
  const chart = body.total > 0 ? trendChart(body.periods, { measure: trendMeasure, marks }) : null;
  ui.trend.hidden = !chart;
  if (!chart) return;
  const q = snapshot.q.trim();
  const per = body.interval;
  const stories = trendMeasure === 'share' ? 'Share of the archive’s stories' : 'Stories';
  ui.trendCaption.textContent = q ? `${stories} matching “${q}” per ${per}`
    : filterCount(snapshot) ? `${stories} matching the filters per ${per}` : `${stories} per ${per} in the archive`;
  ui.trendCount.setAttribute('aria-pressed', String(trendMeasure === 'count'));
  ui.trendShare.setAttribute('aria-pressed', String(trendMeasure === 'share'));
  ui.trendChart.replaceChildren(chart);
}

function setTrendMeasure(measure) {
  trendMeasure = measure;
  if (lastTrend) paintTrend(lastTrend.snapshot, lastTrend.body);
}

function showError(error) {
  const parameter = error.parameter ?? '';
  if (error.kind === 'bad_parameter' && (parameter === 'from' || parameter === 'to')) {
    showDateError(error.message, parameter);
    return;
  }
  const titles = {
    unreachable: 'Can’t reach the search server',
    not_ready: 'The archive isn’t ready yet',
    bad_parameter: 'This search can’t be run',
    server: 'The search server had a problem',
  };
  const details = {
    unreachable: 'The archive search isn’t answering. Check your connection, then try again.',
    not_ready: 'The index is being built. Try again in a moment.',
  };
  ui.errorTitle.textContent = titles[error.kind] ?? titles.server;
  ui.errorDetail.textContent = details[error.kind] ?? (parameter ? `${parameter}: ${error.message}` : error.message);
  ui.error.hidden = false;
  ui.status.textContent = '';
  ui.messages.replaceChildren();
  ui.heading.textContent = '';
  ui.results.replaceChildren();
  ui.results.hidden = true;
  ui.input.setAttribute('aria-expanded', 'false');
  ui.pages.hidden = true;
  ui.trend.hidden = true;
}

function showDateError(message, parameter) {
  ui.dateError.textContent = message;
  ui.dateError.hidden = false;
  ui[parameter].setAttribute('aria-invalid', 'true');
}

// ---- state, URL and controls ------------------------------------------------

function syncControls({ input = true } = {}) {
  if (input && ui.input.value !== state.q) ui.input.value = state.q;
  ui.sort.value = state.sort;
  ui.collapse.checked = state.collapse === 'issue';
  ui.from.value = firstDayOf(state.from);
  ui.to.value = lastDayOf(state.to);
  const count = filterCount(state);
  ui.filterCount.textContent = count ? `(${count})` : '';
  ui.clearFilters.hidden = count === 0;
  document.title = state.q.trim() ? `${state.q.trim()} – ScatterAI archive search` : 'Search the ScatterAI archive';
}

function writeUrl({ push, typing = false }) {
  const url = `${location.pathname}${searchFromState(state)}`;
  const here = `${location.pathname}${location.search}`;
  if (push && url !== here) history.pushState({ typing }, '', url);
  else history.replaceState({ typing }, '', url);
}

// A deliberate change (facet, sort, dates, page, link): its own history entry,
// searched at once, with the query taken as whole words (as from a URL).
function navigate(next, { push }) {
  if (sameState(next, state) && !push) return;
  state = { ...next, typing: false };
  writeUrl({ push });
  syncControls();
  debouncer.cancel();
  search();
}

function toggleFacet(field, value) {
  const next = structuredClone(state);
  if (field === 'year') {
    Object.assign(next, selectedYear(state) === value ? { from: '', to: '' } : yearRange(value));
  } else {
    next[field] = next[field].includes(value) ? next[field].filter((v) => v !== value) : [...next[field], value];
  }
  next.page = 1;
  navigate(next, { push: true });
}

function clearFilters() {
  navigate(withoutFilters(state), { push: true });
}

function onType(event) {
  state = { ...state, q: ui.input.value, page: 1, typing: true };
  pendingKeystroke = event.timeStamp;
  // The first key of a new query makes a history entry; the next keys update it.
  writeUrl({ push: !history.state?.typing, typing: true });
  syncControls({ input: false });
  debouncer.call();
}

// Enter: the query is finished, so its last word is a whole word, as in a URL.
function submit() {
  state = { ...state, typing: false };
  debouncer.flush();
}

// ---- keyboard ---------------------------------------------------------------

function options() {
  return ui.results.hidden ? [] : [...ui.results.querySelectorAll('[role="option"]')];
}

function setActive(index) {
  const list = options();
  list[activeIndex]?.setAttribute('aria-selected', 'false');
  activeIndex = Math.max(-1, Math.min(index, list.length - 1));
  const option = list[activeIndex];
  if (!option) {
    ui.input.removeAttribute('aria-activedescendant');
    return;
  }
  option.setAttribute('aria-selected', 'true');
  ui.input.setAttribute('aria-activedescendant', option.id);
  option.scrollIntoView({ block: 'nearest' });
}

function open(option, event) {
  if (!option.href) return;
  if (event.ctrlKey || event.metaKey || event.shiftKey) window.open(option.href, '_blank', 'noopener');
  else location.assign(option.href);
}

function onInputKey(event) {
  if (event.isComposing) return;
  switch (event.key) {
    case 'ArrowDown':
    case 'ArrowUp':
      if (!options().length) return;
      event.preventDefault();
      setActive(activeIndex + (event.key === 'ArrowDown' ? 1 : -1));
      break;
    case 'Enter':
      event.preventDefault();
      if (activeIndex >= 0) open(options()[activeIndex], event);
      else submit();
      break;
    case 'Escape':
      event.preventDefault();
      if (ui.input.value) {
        ui.input.value = '';
        navigate({ ...state, q: '', page: 1 }, { push: true });
      } else {
        setActive(-1);
      }
      break;
    default:
  }
}

// "/" anywhere but in a field focuses the box, as on many sites.
function onPageKey(event) {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
  if (event.target.closest?.('input, textarea, select, [contenteditable]')) return;
  event.preventDefault();
  ui.input.focus();
  ui.input.select();
}

// ---- wiring -------------------------------------------------------------

function onPageLink(event) {
  const page = Number(event.currentTarget.dataset.page);
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  if (!event.currentTarget.hasAttribute('href')) return;
  navigate({ ...state, page }, { push: true });
  ui.region.focus({ preventScroll: true });
  ui.region.scrollIntoView({ block: 'start' });
}

function onDates() {
  const from = ui.from.value;
  const to = ui.to.value;
  if (from && to && from > to) {
    showDateError('The start date is after the end date.', 'from');
    return;
  }
  navigate({ ...state, from, to, page: 1 }, { push: true });
}

function start() {
  ui.input.addEventListener('input', onType);
  ui.input.addEventListener('keydown', onInputKey);
  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  document.addEventListener('keydown', onPageKey);
  ui.sort.addEventListener('change', () => navigate({ ...state, sort: ui.sort.value, page: 1 }, { push: true }));
  ui.collapse.addEventListener('change', () => navigate({ ...state, collapse: ui.collapse.checked ? 'issue' : '',
    page: 1 }, { push: true }));
  ui.from.addEventListener('change', onDates);
  ui.to.addEventListener('change', onDates);
  ui.clearFilters.addEventListener('click', clearFilters);
  ui.prev.addEventListener('click', onPageLink);
  ui.next.addEventListener('click', onPageLink);
  ui.retry.addEventListener('click', () => search());
  // A chip of a result leads to its company's or topic's page; the rest of the
  // result, to the story. (Keyboard readers reach those pages from the story's
  // own chips, which are links.)
  ui.results.addEventListener('click', (event) => {
    const chip = event.target.closest?.('.chip[data-href]');
    if (!chip || event.button !== 0) return;
    event.preventDefault();
    const href = new URL(chip.dataset.href, document.baseURI).href;
    if (event.metaKey || event.ctrlKey) window.open(href, '_blank', 'noopener');
    else location.assign(href);
  });
  ui.trendCount.addEventListener('click', () => setTrendMeasure('count'));
  ui.trendShare.addEventListener('click', () => setTrendMeasure('share'));
  window.addEventListener('online', () => { if (!ui.error.hidden) search(); });
  window.addEventListener('popstate', () => {
    state = stateFromSearch(location.search);
    syncControls();
    debouncer.cancel();
    search();
  });
  // Filters fold away on a phone; on a wide screen they are always open.
  const narrow = matchMedia(kNarrow);
  ui.filters.open = !narrow.matches;
  narrow.addEventListener('change', () => { ui.filters.open = !narrow.matches; });

  history.replaceState({ typing: false }, '', `${location.pathname}${searchFromState(state)}${location.hash}`);
  syncControls();
  search();
}

start();
