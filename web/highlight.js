// The search words a result was found by, carried to the reading view in the
// result's link (/issues/3?highlight=latent+attention#story-1) and marked
// there, as Pagefind's highlighting does. The words are the query's own (not
// operators, exclusions or filters) and the forms searchd marked in the
// result (stems: "models" for "model"). The reading view marks whole words in
// any case, as <mark> nodes made one by one: text is never parsed as markup,
// and no text from a URL ever becomes a RegExp.

export const kHighlightParam = 'highlight';
const kWord = /[\p{L}\p{N}]+/gu;
const kMaxWords = 16;
const kMaxWordLength = 64;
const kOperators = new Set(['and', 'or', 'not']);
const kTextFields = new Set(['title', 'body', 'why']);

function fold(word) {
  return word.normalize('NFC').toLocaleLowerCase('en');
}

function wordsOf(text) {
  return (text.match(kWord) ?? []).map(fold).filter((word) => word.length <= kMaxWordLength);
}

// The words of a query that find stories by their text: "openai -sora",
// "NOT sora", "company:openai" and "after:2026" leave only "openai".
export function queryWords(q) {
  const words = [];
  let skipNext = false;       // the word after NOT
  let skipQuoted = false;     // inside the quoted value of a skipped field or exclusion
  for (const token of q.split(/\s+/)) {
    if (!token) continue;
    const bare = token.replace(/^[(+]+/, '');
    const quotes = (token.match(/["“”]/g) ?? []).length;
    if (skipQuoted) {
      if (quotes % 2 === 1) skipQuoted = false;
      continue;
    }
    const lower = fold(bare);
    if (lower === 'not') {
      skipNext = true;
      continue;
    }
    if (kOperators.has(lower)) continue;
    const colon = bare.indexOf(':');
    const field = colon > 0 ? fold(bare.slice(0, colon)) : '';
    if (skipNext || bare.startsWith('-') || (field && !kTextFields.has(field))) {
      skipNext = false;
      skipQuoted = quotes % 2 === 1;
      continue;
    }
    words.push(...wordsOf(field ? bare.slice(colon + 1) : bare));
  }
  return words;
}

// The words to mark for a result: the query's and those searchd marked in it.
export function highlightWords(q, markedTexts) {
  const words = new Set([...queryWords(q), ...markedTexts.flatMap(wordsOf)]);
  return [...words].slice(0, kMaxWords);
}

// A result's link, carrying its words: only to this server's own pages (the
// reading view); a link to the newsletter's site is left as the index gave it.
export function withHighlight(href, words) {
  const url = new URL(href);
  if (!words.length || url.origin !== location.origin) return href;
  url.searchParams.set(kHighlightParam, words.join(' '));
  return url.href;
}

// The words a page was opened with (?highlight=...), folded.
export function highlightFromSearch(search) {
  const text = new URLSearchParams(search).get(kHighlightParam) ?? '';
  return new Set(wordsOf(text).slice(0, kMaxWords));
}

// `text` as text nodes, each of `words` in a <mark>.
export function markWords(text, words) {
  const fragment = document.createDocumentFragment();
  let end = 0;
  for (const match of words.size ? text.matchAll(kWord) : []) {
    if (!words.has(fold(match[0]))) continue;
    fragment.append(text.slice(end, match.index));
    const mark = document.createElement('mark');
    mark.textContent = match[0];
    fragment.append(mark);
    end = match.index + match[0].length;
  }
  fragment.append(text.slice(end));
  return fragment;
}
