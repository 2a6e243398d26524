// Turns the API's highlighted HTML (title_html, snippet: escaped text with
// <mark> around matches) into DOM nodes, keeping only text and <mark>.
// searchd already escapes stories' text; this is the second lock: even if
// markup came through, it would be shown as text, never run.

// Parsed in an inert <template>: nothing in it loads or runs.
const parser = document.createElement('template');

export function markedText(html) {
  parser.innerHTML = html ?? '';
  const fragment = document.createDocumentFragment();
  for (const node of parser.content.childNodes) {
    if (node.nodeName === 'MARK') {
      const mark = document.createElement('mark');
      mark.textContent = node.textContent;
      fragment.append(mark);
    } else if (node.nodeType === Node.TEXT_NODE || node.nodeType === Node.ELEMENT_NODE) {
      fragment.append(document.createTextNode(node.textContent));
    }
  }
  parser.innerHTML = '';
  return fragment;
}
