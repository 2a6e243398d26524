// DOM for the page's parts: results (listbox options), facet toggles, did-you-mean
// and notes. Text from the API goes in as text (textContent), highlighted HTML
// through markedText; nothing from the API is ever parsed as markup here.
import { highlightWords, withHighlight } from './highlight.js';
import { markedText } from './marked_text.js';

const kFacetShown = 8;  // values shown before "Show more"
const kOpeningLength = 240;  // characters of a story's first paragraph shown without a snippet

const dateFormat = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
const longDateFormat = new Intl.DateTimeFormat('en', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

export function el(name, attributes = {}, ...children) {
  const element = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === 'class') element.className = value;
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  element.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

function parseDate(iso) {
  const [year, month, day] = (iso ?? '').split('-').map(Number);
  return year && month && day ? new Date(Date.UTC(year, month - 1, day)) : null;
}

export function formatDate(iso, { long = false } = {}) {
  const date = parseDate(iso);
  if (!date) return iso ?? '';
  return (long ? longDateFormat : dateFormat).format(date);
}

export function plural(count, one, many = `${one}s`) {
  return `${Number(count).toLocaleString('en')} ${count === 1 ? one : many}`;
}

// Only web links: a stored url is data, and data must not become javascript:.
export function safeHref(url) {
  try {
    const parsed = new URL(url, document.baseURI);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

// "scatterai.news/issues/3#story-1": where the link goes, shown under the snippet.
function displayUrl(href) {
  const url = new URL(href);
  const host = url.host === location.host ? '' : url.host;
  return `${host}${url.pathname}${url.search}${url.hash}`;
}

// The page of a company or topic ("companies/Mistral%20AI"), relative to `base`
// (the page's way back to searchd's root: '' on the search page, '../' below it).
export function entityHref(kind, name, base = '') {
  return `${base}${kind === 'company' ? 'companies' : 'topics'}/${encodeURIComponent(name)}`;
}

// Company and topic chips of a result or a story (null when it has none).
// With `linkBase` each is a link to its page. Without, it names that page in
// data-href: a result is a listbox option, which may hold no link of its own,
// so the search page follows a click on a chip itself (app.js).
export function chips(hit, { linkBase = null, base = '' } = {}) {
  const list = el('span', { class: 'chips' });
  const chip = (kind, name, label) => {
    const href = entityHref(kind, name, linkBase ?? base);
    const inner = [el('span', { class: 'visually-hidden' }, label), name];
    return linkBase === null ? el('span', { class: `chip chip-${kind}`, 'data-href': href, title: `${name}: its page` }, ...inner)
      : el('a', { class: `chip chip-${kind}`, href }, ...inner);
  };
  for (const company of hit.companies ?? []) list.append(chip('company', company, 'Company: '));
  for (const topic of hit.topics ?? []) {
    list.append(chip('topic', typeof topic === 'string' ? topic : topic.name, 'Topic: '));
  }
  return list.childElementCount ? list : null;
}

// The first paragraph, cut at a word near kOpeningLength characters.
function opening(paragraphs) {
  const text = paragraphs?.[0] ?? '';
  if (text.length <= kOpeningLength) return text;
  const cut = text.lastIndexOf(' ', kOpeningLength);
  return `${text.slice(0, cut > 0 ? cut : kOpeningLength)} …`;
}

// "Feb 9, 2026 · Issue #3"; an issue without a number is named by its date
// alone. A corpus's own fields (fields.json) follow: " · keeper: Ames".
function resultMeta(hit) {
  const fields = Object.entries(hit.fields ?? {}).map(([name, value]) => ` · ${name}: ${value}`);
  return el('span', { class: 'result-meta' },
    el('time', { datetime: hit.date }, formatDate(hit.date)),
    Number.isInteger(hit.issue) ? ` · Issue #${hit.issue}` : null, ...fields);
}

// One result: an <a role=option> (a real link: middle-click, copy link, status
// bar), holding no other interactive element, as a listbox option must. Its
// accessible name is its text, title first, as it reads on screen. A link to
// searchd's own reading view carries the words to mark there (`q`: the query).
// A story as /issues/{key} gives it (the empty page's latest issue) has no
// marked title or snippet: its title and the start of its first paragraph.
export function resultOption(hit, index, { q = '' } = {}) {
  const href = safeHref(hit.url);
  const title = el('span', { class: 'result-title' }, hit.title_html === undefined ? hit.title
    : markedText(hit.title_html));
  const snippet = el('span', { class: 'result-snippet' }, hit.snippet === undefined ? opening(hit.paragraphs)
    : markedText(hit.snippet));
  const marked = [...title.querySelectorAll('mark'), ...snippet.querySelectorAll('mark')].map((m) => m.textContent);
  return el('a', {
    role: 'option',
    id: `result-${index}`,
    class: 'result',
    href: href && withHighlight(href, highlightWords(q, marked)),
    tabindex: '-1',
    'aria-selected': 'false',
    'data-id': hit.id,
  }, title, resultMeta(hit), snippet, chips(hit), href ? el('span', { class: 'result-url' }, displayUrl(href)) : null);
}

// Facet toggles: <button aria-pressed> per value, with its count. Chosen values
// stay listed (and pressed) even when the counts no longer name them.
export function renderFacet(list, { field, values, selected, expanded, onToggle, onExpand, label = (v) => v }) {
  const counts = new Map((values ?? []).map((v) => [v.value, v.count]));
  const entries = [...counts.entries()];
  for (const value of selected) if (!counts.has(value)) entries.unshift([value, null]);
  const focusedKey = document.activeElement?.closest?.(`#${list.id}`) ? document.activeElement.dataset.key : null;

  const items = entries.map(([value, count], i) => {
    const pressed = selected.includes(value);
    const button = el('button', {
      type: 'button',
      class: 'facet-toggle',
      'aria-pressed': String(pressed),
      'data-key': `${field}:${value}`,
    }, el('span', { class: 'facet-name' }, label(value)),
    el('span', { class: 'facet-count' }, count === null ? '' : count.toLocaleString('en'),
      el('span', { class: 'visually-hidden' }, count === null ? '' : count === 1 ? ' story' : ' stories')));
    button.addEventListener('click', () => onToggle(field, value));
    return el('li', { hidden: !expanded && i >= kFacetShown && !pressed }, button);
  });
  // Before the first counts of a page arrive there are no values yet, which is
  // not "none": say that they are being counted.
  if (!entries.length && values === undefined) items.push(el('li', { class: 'facet-empty facet-loading' }, 'Counting…'));
  else if (!entries.length) items.push(el('li', { class: 'facet-empty' }, 'None'));
  const hiddenCount = items.filter((item) => item.hidden).length;
  if (hiddenCount || (expanded && entries.length > kFacetShown)) {
    const more = el('button', { type: 'button', class: 'text-button facet-more', 'aria-expanded': String(expanded),
      'data-key': `${field}:more` }, expanded ? 'Show fewer' : `Show ${hiddenCount} more`);
    more.addEventListener('click', () => onExpand(field));
    items.push(el('li', {}, more));
  }
  list.replaceChildren(...items);
  // Re-rendering replaces the buttons: keep the keyboard where the reader was.
  if (focusedKey) list.querySelector(`[data-key="${CSS.escape(focusedKey)}"]`)?.focus();
}

// A page answered at an API address (the reading view, a company's page):
// asks its own address for the JSON, with `main` busy meanwhile, and hands
// the body to `render` when `isBody` accepts it; else `showError(title,
// detail)`, `notFound` being the title of a 404.
export async function loadOwnJson(main, { isBody, render, showError, notFound, failed }) {
  main.setAttribute('aria-busy', 'true');
  let response;
  try {
    response = await fetch(location.pathname, { headers: { Accept: 'application/json' } });
  } catch {
    showError('Can’t reach the search server', 'The archive isn’t answering. Check your connection, then try again.');
    main.setAttribute('aria-busy', 'false');
    return;
  }
  const body = await response.json().catch(() => null);
  main.setAttribute('aria-busy', 'false');
  if (response.ok && isBody(body)) {
    render(body);
    return;
  }
  const message = body?.error?.message ?? `The search server answered ${response.status}.`;
  if (response.status === 404) showError(notFound, `${message}.`);
  else showError(failed, message);
}

// A link that runs a search on this page (and works in a new tab too).
export function searchLink(text, search, onFollow) {
  const link = el('a', { href: search || location.pathname }, text);
  link.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    onFollow();
  });
  return link;
}
