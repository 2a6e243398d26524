// The search page's state and its URL: everything a reader chose (query,
// filters, sort, page) lives in the address bar, so a search can be shared,
// reloaded, and walked with back and forward. The URL's parameters are the
// API's own (docs/api.md), so /?q=sora&company=OpenAI reads like
// /search?q=sora&company=OpenAI.

export const kPerPage = 10;
export const kSorts = ['relevance', 'newest'];
export const kFacetFields = ['company', 'topic', 'year'];
const kMaxPage = 1000;  // searchd serves the first 10,000 results
const kDate = /^\d{4}-\d{2}-\d{2}$/;

export function emptyState() {
  return { q: '', company: [], topic: [], from: '', to: '', sort: 'relevance', page: 1 };
}

// Reads a location.search string ("?q=sora&company=OpenAI"). Unknown or
// malformed values fall back to the defaults rather than failing the page.
export function stateFromSearch(search) {
  const params = new URLSearchParams(search);
  const state = emptyState();
  state.q = (params.get('q') ?? '').slice(0, 1000);
  for (const field of ['company', 'topic']) {
    const values = params.getAll(field).flatMap((value) => value.split(',')).map((value) => value.trim());
    state[field] = [...new Set(values.filter(Boolean))];
  }
  for (const field of ['from', 'to']) {
    const value = params.get(field) ?? '';
    state[field] = kDate.test(value) ? value : '';
  }
  const sort = params.get('sort');
  state.sort = kSorts.includes(sort) ? sort : 'relevance';
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  state.page = Number.isFinite(page) && page >= 1 ? Math.min(page, kMaxPage) : 1;
  return state;
}

// The URL query for a state, defaults left out: "" for the empty page.
export function searchFromState(state) {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const value of state.company) params.append('company', value);
  for (const value of state.topic) params.append('topic', value);
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.sort !== 'relevance') params.set('sort', state.sort);
  if (state.page > 1) params.set('page', String(state.page));
  const query = params.toString();
  return query ? `?${query}` : '';
}

export function filterCount(state) {
  return state.company.length + state.topic.length + (state.from || state.to ? 1 : 0);
}

// An empty box and no filters: the page shows the latest issue.
export function isLatestIssueView(state) {
  return state.q.trim() === '' && filterCount(state) === 0;
}

export function yearRange(year) {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

// The year whose whole span the date filter is, or '' (no filter, or another span).
export function selectedYear(state) {
  const year = state.from.slice(0, 4);
  return state.from && state.to && state.from === yearRange(year).from && state.to === yearRange(year).to ? year : '';
}

// The /search and /trends parameters of a state. `without` leaves one facet
// field's filter out: its counts then show what choosing another value gives.
export function filterParams(state, { without = '' } = {}) {
  const params = { q: state.q, prefix: state.q ? 1 : '' };
  if (without !== 'company') params.company = state.company;
  if (without !== 'topic') params.topic = state.topic;
  if (without !== 'year') {
    params.from = state.from;
    params.to = state.to;
  }
  return params;
}

export function sameState(a, b) {
  return searchFromState(a) === searchFromState(b);
}
