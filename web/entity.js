// A company's or topic's page (GET /companies/{name} or /topics/{name} from a
// browser): its stories per period, the latest of them, the companies and
// topics in the same stories, and the words that stand out in them, each a
// link onward (a story to its reading view, a company or topic to its page, a
// word to a search). Everything from the API goes in as text (textContent).
import { el, entityHref, formatDate, loadOwnJson, plural, safeHref } from './render.js';
import { trendChart } from './trend_chart.js';

const byId = (id) => document.getElementById(id);

// A search of the whole archive for this company or topic, with more words.
function searchHref(profile, extra = {}) {
  const params = new URLSearchParams({ ...extra, [profile.kind]: profile.name });
  return `../?${params}`;
}

function latestItem(hit) {
  const href = safeHref(hit.url);
  return el('li', {},
    href ? el('a', { href }, hit.title) : hit.title,
    el('span', { class: 'entity-note' }, ' · ', el('time', { datetime: hit.date }, formatDate(hit.date)),
      Number.isInteger(hit.issue) ? ` · Issue #${hit.issue}` : null));
}

function valueItem(kind, value) {
  return el('li', {}, el('a', { href: entityHref(kind, value.value, '../') }, value.value),
    el('span', { class: 'entity-note' }, ` · ${plural(value.count, 'story', 'stories')} together`));
}

function termItem(profile, term) {
  return el('li', {}, el('a', { href: searchHref(profile, { q: term.term }) }, term.term),
    el('span', { class: 'entity-note' },
      ` · in ${term.foreground.toLocaleString('en')} of its stories, ${term.background.toLocaleString('en')} in the archive`));
}

function show(section, items, list) {
  byId(list).replaceChildren(...items);
  byId(section).hidden = items.length === 0;
}

function render(profile) {
  const kindName = profile.kind === 'company' ? 'Company' : 'Topic';
  document.title = `${profile.name} · ${kindName} · ScatterAI archive`;
  byId('entity-kind').textContent = kindName;
  byId('entity-title').textContent = profile.name;
  const meta = [el('a', { href: searchHref(profile) }, plural(profile.stories, 'story', 'stories'))];
  const also = [...(profile.aliases ?? []), ...(profile.products ?? [])];
  if (also.length) meta.push(` · also ${also.join(', ')}`);
  byId('entity-meta').replaceChildren(...meta);

  const chart = profile.stories > 0 ? trendChart(profile.per_period) : null;
  byId('entity-chart').replaceChildren(...(chart ? [chart] : []));
  byId('entity-trend').hidden = !chart;
  byId('entity-trend-title').textContent = `Stories per ${profile.interval === 'auto' ? 'period' : profile.interval}`;

  show('entity-latest', profile.latest.map(latestItem), 'entity-latest-list');
  byId('entity-companies').replaceChildren(...profile.companies.map((value) => valueItem('company', value)));
  byId('entity-topics').replaceChildren(...profile.topics.map((value) => valueItem('topic', value)));
  byId('entity-cooccurring').hidden = profile.companies.length + profile.topics.length === 0;
  show('entity-significant', profile.significant.map((term) => termItem(profile, term)), 'entity-terms');
}

function showError(title, detail) {
  byId('entity-title').textContent = title;
  byId('error-title').textContent = title;
  byId('error-detail').textContent = detail;
  byId('error').hidden = false;
  byId('entity-title').hidden = true;
}

function load() {
  byId('error').hidden = true;
  byId('entity-title').hidden = false;
  return loadOwnJson(byId('entity'), {
    isBody: (body) => Boolean(body?.name), render, showError,
    notFound: 'Not in the archive', failed: 'This page can’t be shown',
  });
}

byId('retry').addEventListener('click', load);
load();
