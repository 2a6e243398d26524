// The reading view of one issue (GET /issues/{key} from a browser: a number,
// or the date or name of an issue without one): each story with its title,
// date, chips, paragraphs and "Why it matters" bullets, at its own anchor
// (#story-N), so that a result's link opens the story even where the index was
// built without --site-url and links resolve against searchd. The issue is
// named with its own newsletter, and the words of the search it was opened
// from (?highlight=) are marked. Everything from the API goes in as text
// (textContent); nothing is parsed as markup.
import { highlightFromSearch, markWords } from './highlight.js';
import { chips, el, formatDate, loadOwnJson } from './render.js';

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
  byId('stories').replaceChildren(...issue.stories.map((story) => storyArticle(story, words)));
  showTarget();
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
