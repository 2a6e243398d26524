// The search page's state and its URL: everything a reader chose (query,
// filters, sort, grouping, page and page size) lives in the address bar, so a
// search can be shared, reloaded, and walked with back and forward. The URL's
// parameters are the API's own (docs/api.md), so /?q=sora&company=OpenAI&sort=oldest
// reads like /search?q=sora&company=OpenAI&sort=oldest, and every /search
// parameter a reader can give keeps its name and value here.

export const kPerPage = 10;
const kMaxPerPage = 100;  // searchd's own limit
export const kSorts = ['relevance', 'newest', 'oldest'];
export const kFacetFields = ['company', 'topic', 'year', 'issue'];
const kMaxServed = 10000;  // searchd serves the first 10,000 results
// YYYY, YYYY-MM or YYYY-MM-DD: the spans `from` and `to` accept.
const kDateSpan = /^\d{4}(-\d{2}(-\d{2})?)?$/;

// `typing` is not in the URL: it says the box is being typed in, so the last
// word may be unfinished (searchd's prefix=1). A query read from a URL is whole.
export function emptyState() {
  return {
    q: '', company: [], topic: [], issue: [], from: '', to: '', sort: 'relevance', collapse: '', page: 1,
    perPage: kPerPage, typing: false,
  };
}

function listParam(params, name) {
  const values = params.getAll(name).flatMap((value) => value.split(',')).map((value) => value.trim());
  return [...new Set(values.filter(Boolean))];
}

function wholeNumber(text, { min, max, fallback }) {
  if (!/^\d+$/.test(text ?? '')) return fallback;
  const value = Number(text);
  return value >= min ? Math.min(value, max) : fallback;
}

// Reads a location.search string ("?q=sora&company=OpenAI"). Unknown or
// malformed values fall back to the defaults rather than failing the page.
export function stateFromSearch(search) {
  const params = new URLSearchParams(search);
  const state = emptyState();
  state.q = (params.get('q') ?? '').slice(0, 1000);
  for (const field of ['company', 'topic', 'issue']) state[field] = listParam(params, field);
  for (const field of ['from', 'to']) {
    const value = params.get(field) ?? '';
    state[field] = kDateSpan.test(value) ? value : '';
  }
  const sort = params.get('sort');
  state.sort = kSorts.includes(sort) ? sort : 'relevance';
  state.collapse = params.get('collapse') === 'issue' ? 'issue' : '';
  state.perPage = wholeNumber(params.get('per_page'), { min: 1, max: kMaxPerPage, fallback: kPerPage });
  state.page = wholeNumber(params.get('page'), { min: 1, max: maxPage(state), fallback: 1 });
  return state;
}

// The last page searchd serves at this page size.
function maxPage(state) {
  return Math.ceil(kMaxServed / state.perPage);
}

// The URL query for a state, defaults left out: "" for the empty page.
export function searchFromState(state) {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const field of ['company', 'topic', 'issue']) {
    for (const value of state[field]) params.append(field, value);
  }
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.sort !== 'relevance') params.set('sort', state.sort);
  if (state.collapse) params.set('collapse', state.collapse);
  if (state.page > 1) params.set('page', String(state.page));
  if (state.perPage !== kPerPage) params.set('per_page', String(state.perPage));
  const query = params.toString();
  return query ? `?${query}` : '';
}

export function filterCount(state) {
  return state.company.length + state.topic.length + state.issue.length + (state.from || state.to ? 1 : 0);
}

// The state with every filter cleared (query, sort, grouping and page size kept).
export function withoutFilters(state) {
  return { ...state, company: [], topic: [], issue: [], from: '', to: '', page: 1 };
}

// An empty box, no filters and the default order: the page shows the latest
// issue. A sort or collapse=issue chosen with an empty box lists the archive.
export function isLatestIssueView(state) {
  return state.q.trim() === '' && filterCount(state) === 0 && state.sort === 'relevance' && !state.collapse;
}

export function yearRange(year) {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

// The year whose whole span the date filter is, or '' (no filter, or another span).
export function selectedYear(state) {
  const year = state.from.slice(0, 4);
  if (state.from === year && state.to === year) return year;
  return state.from && state.to && state.from === yearRange(year).from && state.to === yearRange(year).to ? year : '';
}

// What a date input shows for a span: `from` its first day, `to` its last
// ("1990" -> 1990-01-01 and 1990-12-31; "1990-02" -> 1990-02-01 and 1990-02-28).
export function firstDayOf(span) {
  return span ? `${span}-01-01`.slice(0, 10) : '';
}

export function lastDayOf(span) {
  if (span.length !== 4 && span.length !== 7) return span;
  const [year, month = 12] = span.split('-').map(Number);
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${day}`;
}

// The /search and /trends parameters of a state. `without` leaves one facet
// field's filter out: its counts then show what choosing another value gives.
// prefix=1 only while the reader types: the same URL then ranks as the API does.
export function filterParams(state, { without = '' } = {}) {
  const params = { q: state.q, prefix: state.q && state.typing ? 1 : '' };
  for (const field of ['company', 'topic', 'issue']) {
    if (without !== field) params[field] = state[field];
  }
  if (without !== 'year') {
    params.from = state.from;
    params.to = state.to;
  }
  return params;
}

// The /search parameters of a state that shape the list rather than filter it.
export function listParams(state) {
  return {
    sort: state.sort === 'relevance' ? '' : state.sort,
    collapse: state.collapse,
    page: state.page > 1 ? state.page : '',
    per_page: state.perPage,
  };
}

export function sameState(a, b) {
  return searchFromState(a) === searchFromState(b) && a.typing === b.typing;
}
