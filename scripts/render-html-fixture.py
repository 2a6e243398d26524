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
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data/issues/2026-02-09-issue-003.source.txt"
PAGE_CAPTURE = ROOT / "data/issues/2026-02-09-issue-003.page-capture.txt"
OUTPUT = ROOT / "tests/fixtures/2026-02-09-issue-003.html"

MONTHS = ["january", "february", "march", "april", "may", "june", "july",
          "august", "september", "october", "november", "december"]
RESIDUE = re.compile(r"^\s*export\s+const\s+\w+\s*=\s*[^;]*;\s*")
HEADING = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
DATE_ISSUE = re.compile(r"^(\w+) (\d{1,2}), (\d{4}) \u00b7 Issue #(\d+)$")

# Which characters become entities: the apostrophe and opening double quote as
# named entities, the straight apostrophe as a numeric one; the other curly
# quotes stay literal UTF-8, as a real build mixes both.
ENTITIES = {"\u2019": "&rsquo;", "\u201c": "&ldquo;", "'": "&#39;"}


def html_text(text):
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join(ENTITIES.get(c, c) for c in text)


def attr(text):
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def read_stories(path):
    """[(number, title, [paragraph], [bullet])] from the editor's source text."""
    stories = []
    in_bullets = False
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        heading = HEADING.match(line)
        if heading and int(heading.group(1)) == len(stories) + 1:
            stories.append((int(heading.group(1)), heading.group(2), [], []))
            in_bullets = False
        elif line.lower().startswith("why it matters"):
            in_bullets = True
        elif in_bullets:
            stories[-1][3].append(re.sub(r"^[-*\u2022]\s+", "", line))
        else:
            stories[-1][2].append(line)
    return stories


def read_header(path):
    """Page title, newsletter, ISO date, date line, issue and headline."""
    lines = [l.strip() for l in path.read_text(encoding="utf-8").splitlines()]
    title = RESIDUE.sub("", lines[0])
    newsletter = lines[1]
    date_line = lines[2]
    m = DATE_ISSUE.match(date_line)
    if not m:
        sys.exit(f"{path}:3: expected 'Month D, YYYY \u00b7 Issue #N', got {date_line!r}")
    month = MONTHS.index(m.group(1).lower()) + 1
    iso = f"{m.group(3)}-{month:02d}-{int(m.group(2)):02d}"
    headline = next(l for l in lines[3:] if l)
    date_text = date_line.split(" \u00b7 ")[0]
    return {"title": title, "newsletter": newsletter, "iso": iso, "date_text": date_text,
            "issue": int(m.group(4)), "headline": headline}


def render_story(number, title, paragraphs, bullets):
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
    description = html_text(stories[0][2][0][:150]) + "&hellip;"
    story_html = "\n".join(render_story(*s) for s in stories)
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
		<meta name="date" content="{h["iso"]}" />
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
				<p class="issue-meta"><time datetime="{h["iso"]}">{h["date_text"]}</time> &middot; Issue #{h["issue"]}</p>
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
    stories = read_stories(SOURCE)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render(read_header(PAGE_CAPTURE), stories), encoding="utf-8")
    print(f"wrote {output} ({len(stories)} stories)")


if __name__ == "__main__":
    main()
