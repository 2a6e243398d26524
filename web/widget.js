/* ScatterAI archive search widget: a search box with a dropdown of stories.
 *
 *   <div id="search"></div>
 *   <script src="https://SEARCHD/widget.js" data-target="#search" defer></script>
 *
 * data- attributes of the script tag: target (CSS selector, required),
 * placeholder, label, limit (results shown, 1-10, default 6), results-page
 * ("off" hides the link to searchd's full results page), theme (auto, light,
 * dark), recency (a half-life such as 180d or 2y: newer stories rank higher,
 * as /search's recency; default none). CSS custom properties from the page: --scatter-accent, --scatter-bg,
 * --scatter-text, --scatter-font.
 *
 * It renders in a shadow root, so the page's styles and the widget's do not
 * touch each other; it calls searchd's /search with CORS (run searchd with
 * --cors-origin for the site's origin). Size budget: 15 KB as served, no
 * dependencies (tests/browser/widget.test.mjs checks it). */
(() => {
  'use strict';
  const script = document.currentScript;
  if (!script) return;
  const opts = script.dataset;
  const api = new URL('./', script.src);
  const limit = Math.min(10, Math.max(1, parseInt(opts.limit, 10) || 6));
  // Only a half-life searchd reads (180d, 26w, 6m, 2y): a typo must not make every search a 400.
  const recency = /^[0-9]{1,5}[dwmy]$/.test(opts.recency || '') ? opts.recency : '';
  const WAIT_MS = 80;
  const EDGE = 8;        // px kept between the dropdown and the sides of the window
  const MAX_W = 448;     // px: the dropdown's width when the host element is narrower

  const LIGHT = '--bg:var(--scatter-bg,#fff);--t:var(--scatter-text,#1b1f24);--m:#545b66;--a:var(--scatter-accent,#0a58ca);' +
    '--r:#d9dde3;--b:#858c96;--mk:#ffe57a;--mt:#1b1f24;--act:#e8f0fd';
  const DARK = '--bg:var(--scatter-bg,#121519);--t:var(--scatter-text,#e7eaee);--m:#a7b0bc;' +
    '--a:var(--scatter-accent,#8ab8ff);--r:#2f3640;--b:#76808c;--mk:#6a5200;--mt:#fff6cc;--act:#1d2b40';
  // .w starts from initial values: nothing the page's styles make the host
  // inherit (letter-spacing, colour, fonts) reaches the widget.
  const CSS = `:host{all:initial;display:block;${LIGHT}}
.w{all:initial;display:block;position:relative;color:var(--t);text-align:left;
font:16px/1.45 var(--scatter-font,system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif)}
@media (prefers-color-scheme:dark){:host(:not([data-theme=light])){${DARK}}}
:host([data-theme=dark]){${DARK}}
*{box-sizing:border-box}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
input{width:100%;font:inherit;color:var(--t);background:var(--bg);border:2px solid var(--b);border-radius:8px;
padding:.55rem .75rem;margin:0}
input:focus{outline:3px solid var(--a);outline-offset:1px;border-color:var(--a)}
.pop{position:absolute;left:0;width:100%;min-width:min(calc(100vw - 16px),28rem);top:calc(100% + 4px);z-index:2147483000;background:var(--bg);color:var(--t);
border:1px solid var(--b);border-radius:8px;box-shadow:0 8px 24px rgba(0,0,0,.2);max-height:min(70vh,34rem);
overflow:auto}
.pop[hidden]{display:none}
.o{display:block;padding:.6rem .8rem;color:var(--t);text-decoration:none;border-bottom:1px solid var(--r)}
.o:hover{background:var(--act)}
.o[aria-selected=true]{background:var(--act);outline:3px solid var(--a);outline-offset:-3px}
.o span{display:block}
.ti{font-weight:600;color:var(--a);overflow-wrap:anywhere}
.me{font-size:.8em;color:var(--m)}
.sn{font-size:.9em;overflow:hidden;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;
overflow-wrap:anywhere}
mark{background:var(--mk);color:var(--mt);border-radius:2px}
.st{margin:0;padding:.6rem .8rem;color:var(--m);font-size:.9em}
.st button{font:inherit;color:var(--a);background:none;border:0;padding:0;text-decoration:underline;cursor:pointer}
.all{display:block;padding:.55rem .8rem;font-size:.9em;color:var(--a)}
:focus-visible{outline:3px solid var(--a);outline-offset:1px}`;

  const h = (name, props = {}, ...kids) => {
    const e = document.createElement(name);
    for (const [k, v] of Object.entries(props)) {
      if (v == null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v);
    }
    e.append(...kids.filter(Boolean));
    return e;
  };

  // The API's highlighted HTML (escaped text, <mark>) -> text and <mark> nodes only.
  const tpl = document.createElement('template');
  const marked = (html) => {
    tpl.innerHTML = html || '';
    const out = document.createDocumentFragment();
    for (const n of tpl.content.childNodes) {
      if (n.nodeName === 'MARK') out.append(h('mark', { text: n.textContent }));
      else if (n.nodeType === 1 || n.nodeType === 3) out.append(n.textContent);
    }
    return out;
  };

  const webLink = (url) => {
    try {
      const u = new URL(url, document.baseURI);
      return /^https?:$/.test(u.protocol) ? u.href : null;
    } catch {
      return null;
    }
  };

  const dateText = (iso) => {
    const [y, m, d] = String(iso || '').split('-').map(Number);
    return y && m && d ? new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en', {
      month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' }) : '';
  };

  function mount(target) {
    const host = h('scatter-search', { 'data-theme': opts.theme || null });
    const root = host.attachShadow({ mode: 'open' });
    if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
      // A constructed sheet is not an inline <style>: the host page's CSP does not block it.
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } else {
      root.append(h('style', { text: CSS }));
    }
    const label = opts.label || 'Search the newsletter archive';
    const input = h('input', {
      type: 'search', role: 'combobox', 'aria-label': label, 'aria-autocomplete': 'list', 'aria-expanded': 'false',
      'aria-controls': 'list', autocomplete: 'off', spellcheck: 'false', enterkeyhint: 'search',
      placeholder: opts.placeholder || 'Search the archive…',
    });
    const live = h('div', { class: 'sr', role: 'status', 'aria-live': 'polite' });
    const list = h('div', { id: 'list', role: 'listbox', 'aria-label': 'Stories' });
    const status = h('p', { class: 'st', hidden: '' });
    const all = h('a', { class: 'all', hidden: '' });
    const pop = h('div', { class: 'pop', hidden: '' }, status, list, all);
    const frame = h('div', { class: 'w' }, input, live, pop);
    root.append(frame);
    target.replaceChildren(host);

    let active = -1;
    let ctrl = null;
    let gen = 0;
    let timer = null;
    let pending = false;

    const options = () => [...list.children];
    // At least the window's width less a margin (up to MAX_W) however narrow the
    // host element is, moved left where it would cross the window's right side.
    const place = () => {
      const box = frame.getBoundingClientRect();
      const room = document.documentElement.clientWidth;
      const width = Math.max(box.width, Math.min(room - 2 * EDGE, MAX_W));
      pop.style.width = `${width}px`;
      pop.style.left = `${Math.max(EDGE - box.left, Math.min(0, room - EDGE - box.left - width))}px`;
    };
    const open = (yes) => {
      pop.hidden = !yes;
      if (yes) place();
      input.setAttribute('aria-expanded', String(yes && list.children.length > 0));
      if (!yes) setActive(-1);
    };
    const setActive = (i) => {
      const os = options();
      os[active]?.setAttribute('aria-selected', 'false');
      active = Math.max(-1, Math.min(i, os.length - 1));
      if (active < 0) return input.removeAttribute('aria-activedescendant');
      os[active].setAttribute('aria-selected', 'true');
      input.setAttribute('aria-activedescendant', os[active].id);
      os[active].scrollIntoView({ block: 'nearest' });
    };
    const say = (...parts) => {
      status.replaceChildren(...parts);
      status.hidden = !parts[0];
      live.textContent = status.textContent;
    };

    // An issue without a number is named by its date alone.
    const meta = (hit) => dateText(hit.date) + (Number.isInteger(hit.issue) ? ` · Issue #${hit.issue}` : '');
    const option = (hit, i) => h('a', {
      class: 'o', role: 'option', id: `o${i}`, href: webLink(hit.url), tabindex: '-1', 'aria-selected': 'false',
    }, h('span', { class: 'ti' }, marked(hit.title_html)),
    h('span', { class: 'me', text: meta(hit) }),
    h('span', { class: 'sn' }, marked(hit.snippet)));

    const show = (q, body) => {
      list.replaceChildren(...body.results.map(option));
      active = -1;
      input.removeAttribute('aria-activedescendant');
      const n = body.total.estimate;
      const counted = n.toLocaleString('en');
      const exact = body.total.exact;  // else an estimate, shown as "about 2,000"
      const dym = body.did_you_mean;
      if (!body.results.length) say(`No stories match “${q}”.`);
      else if (body.corrected) say(`No stories match “${q}”. Showing “${dym}”.`);
      else if (dym) {
        const b = h('button', { type: 'button', text: dym });
        b.addEventListener('click', () => {
          input.value = dym;
          input.focus();
          run();
        });
        say('Did you mean ', b, '?');
      } else say('');
      if (body.results.length) {
        live.textContent = `${exact ? counted : `About ${counted}`} ${n === 1 ? 'story' : 'stories'} found. ` +
          status.textContent;
      }
      all.hidden = opts.resultsPage === 'off' || !body.results.length;
      all.href = `${api.href}?q=${encodeURIComponent(q)}`;
      all.textContent = n <= body.results.length ? 'Open the search page →'
        : exact ? `All ${counted} results →` : `All results (about ${counted}) →`;
      open(true);
    };

    async function run() {
      ctrl?.abort();
      const q = input.value.trim();
      const mine = ++gen;
      if (!q) {
        list.replaceChildren();
        open(false);
        return;
      }
      ctrl = new AbortController();
      const get = async (prefix) => {
        const url = new URL('search', api);
        url.search = new URLSearchParams({ q, prefix, per_page: String(limit), ...(recency && { recency }) });
        const res = await fetch(url, { signal: ctrl.signal, credentials: 'omit' });
        const body = await res.json();
        if (!res.ok) throw new Error(body?.error?.message || res.status);
        return body;
      };
      try {
        let body = await get('1');
        // Nothing for an unfinished last word: as a whole word it gets a spelling correction.
        if (!body.results.length) body = await get('0');
        if (mine !== gen) return;
        show(q, body);
      } catch (e) {
        if (e.name === 'AbortError' || mine !== gen) return;
        list.replaceChildren();
        all.hidden = true;
        say('Search is unavailable right now. Please try again later.');
        open(true);
      }
    }

    // Leading-edge debounce: a first key searches at once, a burst once after its last key.
    const schedule = () => {
      if (timer === null) run();
      else pending = true;
      clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        if (pending) {
          pending = false;
          run();
        }
      }, WAIT_MS);
    };

    input.addEventListener('input', schedule);
    input.addEventListener('keydown', (e) => {
      const os = options();
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        if (!os.length) return;
        e.preventDefault();
        if (pop.hidden) open(true);
        setActive(active + (e.key === 'ArrowDown' ? 1 : -1));
      } else if (e.key === 'Enter') {
        e.preventDefault();
        const a = os[active];
        const href = a ? a.href : !all.hidden && all.href;
        if (!href) return;
        if (e.ctrlKey || e.metaKey || e.shiftKey) window.open(href, '_blank', 'noopener');
        else location.assign(href);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        if (!pop.hidden) open(false);
        else if (input.value) {
          input.value = '';
          run();
        }
      }
    });
    input.addEventListener('focus', () => { if (list.children.length || !status.hidden) open(true); });
    root.addEventListener('focusout', (e) => { if (!root.contains(e.relatedTarget)) open(false); });
    document.addEventListener('pointerdown', (e) => { if (!e.composedPath().includes(host)) open(false); });
    window.addEventListener('resize', () => { if (!pop.hidden) place(); });
  }

  const start = () => {
    const target = document.querySelector(opts.target || '#search');
    if (target) mount(target);
    else console.warn(`ScatterAI search widget: no element matches data-target="${opts.target || '#search'}"`);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
