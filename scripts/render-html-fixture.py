#!/usr/bin/env python3
"""Renders issue 3 as the site's static build (SvelteKit prerender) would write it.

Reads the editor's source text (stories, paragraphs, "Why it matters" bullets) and
the header of the page capture (page title, newsletter, "February 9, 2026 · Issue #3",
headline) from data/issues/, and writes tests/fixtures/2026-02-09-issue-003.html.
The page's text is exactly the text of those files; some characters are written as
HTML entities so that the HTML reader's test exercises entity decoding.

Usage: scripts/render-html-fixture.py [OUTPUT]   (standard library only)
"""

import pathlib
import sys

from issue_seed import read_page_header, read_source_stories

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data/issues/2026-02-09-issue-003.source.txt"
PAGE_CAPTURE = ROOT / "data/issues/2026-02-09-issue-003.page-capture.txt"
OUTPUT = ROOT / "tests/fixtures/2026-02-09-issue-003.html"


# Which characters become entities: the apostrophe and opening double quote as
# named entities, the straight apostrophe as a numeric one; the other curly
# quotes stay literal UTF-8, as a real build mixes both.
ENTITIES = {"\u2019": "&rsquo;", "\u201c": "&ldquo;", "'": "&#39;"}


def html_text(text):
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join(ENTITIES.get(c, c) for c in text)


def attr(text):
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def render_story(story):
    number, title, paragraphs, bullets = (story[k] for k in ("number", "title", "paragraphs", "bullets"))
    out = [f'\t\t\t\t<section id="story-{number}" class="story svelte-1x9k2q">',
           f'\t\t\t\t\t<h2 class="story-title svelte-1x9k2q">{number}. {html_text(title)}</h2>']
    out += [f"\t\t\t\t\t<p>{html_text(p)}</p>" for p in paragraphs]
    if bullets:
        out.append('\t\t\t\t\t<h3 class="why svelte-1x9k2q">Why it matters:</h3>')
        out.append('\t\t\t\t\t<ul class="svelte-1x9k2q"><!--[-->'
                   + "".join(f"<li>{html_text(b)}</li>" for b in bullets) + "<!--]--></ul>")
    out.append("\t\t\t\t</section>")
    return "\n".join(out)


def render(header, stories):
    h = header
    description = html_text(stories[0]["paragraphs"][0][:150]) + "&hellip;"
    story_html = "\n".join(render_story(s) for s in stories)
    return f"""<!doctype html>
<!-- Rendered from data/issues/2026-02-09-issue-003.source.txt and
     data/issues/2026-02-09-issue-003.page-capture.txt by scripts/render-html-fixture.py;
     edit those files or the script, not this page. -->
<html lang="en">
	<head>
		<meta charset="utf-8" />
		<link rel="icon" href="/favicon.png" />
		<meta name="viewport" content="width=device-width, initial-scale=1" />
		<link href="/_app/immutable/assets/0.C3pQ1vXa.css" rel="stylesheet">
		<link rel="modulepreload" href="/_app/immutable/entry/start.BqF1h2Zk.js">
		<link rel="modulepreload" href="/_app/immutable/entry/app.D4kR7mWs.js">
		<link rel="modulepreload" href="/_app/immutable/nodes/3.Cx8vN0pL.js">
		<!--[--><title>{html_text(h["title"])}</title>
		<meta name="description" content="{description}" />
		<meta name="date" content="{h["date"]}" />
		<meta property="og:title" content="{attr(h["headline"])}" />
		<meta property="og:site_name" content="{attr(h["newsletter"])}" />
		<meta property="og:type" content="article" /><!--]-->
		<style>
			.story h2.svelte-1x9k2q {{ font-size: 1.4rem; }}
			.why.svelte-1x9k2q::after {{ content: "Why it matters"; display: none; }}
		</style>
	</head>
	<body data-sveltekit-preload-data="hover">
		<div style="display: contents"><!--[--><!--[--><!---->
		<nav class="site-nav svelte-8qk3ea">
			<a class="brand" href="/">{html_text(h["newsletter"])}</a>
			<ul><li><a href="/issues">All issues</a></li><li><a href="/about">About the newsletter</a></li><li><a href="/subscribe">Subscribe by email</a></li></ul>
			<a href="/issues/2" rel="prev">Previous: February 2, 2026 &middot; Issue #2</a>
		</nav>
		<main class="svelte-8qk3ea"><!--[-->
			<article class="issue svelte-1x9k2q">
				<h1>{html_text(h["headline"])}</h1>
				<p class="issue-meta"><time datetime="{h["date"]}">{h["date_text"]}</time> &middot; Issue #{h["issue"]}</p>
{story_html}
			</article><!--]-->
		</main>
		<footer class="svelte-8qk3ea"><p>&copy; 2026 {html_text(h["newsletter"])} &middot; Terms &amp; privacy &middot; <a href="/unsubscribe">Unsubscribe</a></p></footer>
		<noscript><p>Enable JavaScript to search past issues.</p></noscript>
		<!--]--><!--]-->
			<script type="module">
				export const prerender = true;
				export const trailingSlash = "never";
			</script>
			<script>
				{{
					__sveltekit_1m2x9qa = {{
						base: new URL(".", location).pathname.slice(0, -1)
					}};

					const element = document.currentScript.parentElement;

					Promise.all([
						import("/_app/immutable/entry/start.BqF1h2Zk.js"),
						import("/_app/immutable/entry/app.D4kR7mWs.js")
					]).then(([kit, app]) => {{
						kit.start(app, element, {{
							node_ids: [0, 3],
							data: [null, {{type:"data",data:{{issue:{h["issue"]}}},uses:{{params:["n"]}}}}],
							form: null,
							error: null
						}});
					}});
				}}
			</script>
		</div>
	</body>
</html>
"""


def main():
    output = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT
    stories = read_source_stories(SOURCE)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render(read_page_header(PAGE_CAPTURE), stories), encoding="utf-8")
    print(f"wrote {output} ({len(stories)} stories)")


if __name__ == "__main__":
    main()
