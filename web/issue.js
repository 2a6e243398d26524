// The reading view of one issue (GET /issues/{key} from a browser: a number,
// or the date or name of an issue without one): each story with its title,
// date, chips, paragraphs and "Why it matters" bullets, at its own anchor
// (#story-N), so that a result's link opens the story even where the index was
// built without --site-url and links resolve against searchd. The issue is
// named with its own newsletter, and the words of the search it was opened
// from (?highlight=) are marked. Everything from the API goes in as text
// (textContent); nothing is parsed as markup. Under each story, its earlier
// and later coverage in other issues (GET /stories/{id}: "earlier", "later"),
// each link with why it is linked.
import { getJson } from './api.js';
import { highlightFromSearch, markWords } from './highlight.js';
import { chips, el, formatDate, loadOwnJson, safeHref } from './render.js';

const byId = (id) => document.getElementById(id);

function storyAnchor(story) {
  return `story-${story.story}`;
}

function storyArticle(story, words) {
  const id = storyAnchor(story);
  const heading = el('h2', { id: `${id}-title` }, el('span', { class: 'story-number' }, `${story.story}. `),
    markWords(story.title, words));
  const article = el('article', { id, class: 'story', 'aria-labelledby': `${id}-title`, tabindex: '-1' }, heading,
    chips(story, { linkBase: '../' }));
  for (const paragraph of story.paragraphs ?? []) article.append(el('p', {}, markWords(paragraph, words)));
  if (story.bullets?.length) {
    article.append(el('h3', { class: 'why' }, 'Why it matters'),
      el('ul', { class: 'bullets' }, ...story.bullets.map((bullet) => el('li', {}, markWords(bullet, words)))));
  }
  return article;
}

// "Earlier coverage" or "Later coverage": each linked story's title (a link),
// issue date, and the reason ("also about Mistral AI, Pixtral").
// Not a <section> with a name: each would be a region landmark, the same few
// names over and over down the page.
function threadList(heading, links) {
  const items = links.map((link) => {
    const href = safeHref(link.url);
    const title = href ? el('a', { href }, link.title) : el('span', {}, link.title);
    const when = link.date ? el('time', { datetime: link.date }, formatDate(link.date)) : 'undated';
    return el('li', {}, title, el('span', { class: 'thread-date' }, ' · ', when),
      el('p', { class: 'thread-reason' }, link.reason));
  });
  return el('div', { class: 'thread' }, el('h3', {}, heading), el('ul', {}, ...items));
}

// The story's thread, added under it once searchd answers; a story without
// one, or a failed request, shows nothing: the story itself is what was asked for.
async function addThread(article, story) {
  let body;
  try {
    body = await getJson(`../stories/${encodeURIComponent(story.id)}`, {});
  } catch {
    return;
  }
  const earlier = body.earlier ?? [];
  const later = body.later ?? [];
  if (earlier.length) article.append(threadList('Earlier coverage', earlier));
  if (later.length) article.append(threadList('Later coverage', later));
}

// The story the address names: scrolled to and outlined, since it was drawn
// after the browser looked for the anchor.
function showTarget() {
  const id = decodeURIComponent(location.hash.slice(1));
  for (const story of document.querySelectorAll('.story')) story.classList.toggle('targeted', story.id === id);
  const target = id ? document.getElementById(id) : null;
  if (target?.classList.contains('story')) {
    target.scrollIntoView({ block: 'start' });
    target.focus({ preventScroll: true });
  }
}

// "Issue #3"; an issue without a number by its date ("Issue of March 5, 1901")
// or else its key, the last part of this page's address.
function issueName(issue, date) {
  if (Number.isInteger(issue.issue)) return `Issue #${issue.issue}`;
  if (issue.date) return `Issue of ${date}`;
  return `Issue ${issue.key ?? decodeURIComponent(location.pathname.split('/').pop())}`;
}

// The issue's newsletter, else the first its stories name.
function newsletterOf(issue) {
  return issue.newsletter || issue.stories.find((story) => story.newsletter)?.newsletter || '';
}

function render(issue) {
  const date = issue.date ? formatDate(issue.date, { long: true }) : 'undated';
  const name = issueName(issue, date);
  const newsletter = newsletterOf(issue);
  document.title = [Number.isInteger(issue.issue) ? `${name}, ${date}` : name, newsletter].filter(Boolean).join(' · ');
  byId('issue-newsletter').textContent = newsletter;
  byId('issue-newsletter').hidden = !newsletter;
  byId('issue-title').textContent = name;
  byId('issue-meta').replaceChildren(issue.date ? el('time', { datetime: issue.date }, date) : 'Undated',
    ` · ${issue.stories.length} ${issue.stories.length === 1 ? 'story' : 'stories'}`);
  byId('contents-list').replaceChildren(...issue.stories.map((story) =>
    el('li', {}, el('a', { href: `#${storyAnchor(story)}` }, story.title))));
  byId('contents').hidden = issue.stories.length < 2;
  const words = highlightFromSearch(location.search);
  const articles = issue.stories.map((story) => storyArticle(story, words));
  byId('stories').replaceChildren(...articles);
  showTarget();
  const threads = issue.stories.map((story, i) => (story.id ? addThread(articles[i], story) : null));
  Promise.all(threads).then(() => byId('stories').setAttribute('data-threads', 'loaded'));
}

function showError(title, detail) {
  byId('issue-title').textContent = title;
  byId('error-title').textContent = title;
  byId('error-detail').textContent = detail;
  byId('error').hidden = false;
  byId('issue-title').hidden = true;
}

function load() {
  byId('error').hidden = true;
  byId('issue-title').hidden = false;
  // The page's own address, asked for as JSON: /issues/3 (a path prefix kept).
  return loadOwnJson(byId('issue'), {
    isBody: (body) => Boolean(body?.stories), render, showError,
    notFound: 'No such issue', failed: 'This issue can’t be shown',
  });
}

byId('retry').addEventListener('click', load);
window.addEventListener('hashchange', showTarget);
load();
