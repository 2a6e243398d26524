#!/usr/bin/env python3
"""Writes tests/fixtures/site-build/: the shape of the site's static build
(SvelteKit prerender), for the indexer's --include test.

issues/3/index.html is tests/fixtures/2026-02-09-issue-003.html (itself rendered
from data/issues/) with the page's own marks added: data-scatter-body on the
issue's <article>, and a "Share" line inside it marked data-scatter-ignore. The
other pages are site chrome around no issue: the home page listing issue 3, an
about page, a script chunk, sitemap.xml and rss.xml. Nothing here is news that
data/issues/ does not hold.

Usage: scripts/render-site-build.py [OUTPUT_DIR]   (standard library only)
"""

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
ISSUE_PAGE = ROOT / "tests/fixtures/2026-02-09-issue-003.html"
SITE = "https://scatter.example"

SHELL = """<!doctype html>
<!-- Written by scripts/render-site-build.py; edit the script, not this page. -->
<html lang="en">
\t<head>
\t\t<meta charset="utf-8" />
\t\t<link rel="modulepreload" href="/_app/immutable/entry/start.BqF1h2Zk.js">
\t\t<title>{title} — ScatterAI</title>
\t\t<meta property="og:site_name" content="ScatterAI" />
\t</head>
\t<body data-sveltekit-preload-data="hover">
\t\t<div style="display: contents">
\t\t<nav class="site-nav"><a class="brand" href="/">ScatterAI</a></nav>
\t\t<main>
{main}
\t\t</main>
\t\t<footer><p>&copy; 2026 ScatterAI</p></footer>
\t\t<script type="module">import {{ start }} from "/_app/immutable/entry/start.BqF1h2Zk.js"; start();</script>
\t\t</div>
\t</body>
</html>
"""


def issue_page() -> str:
    page = ISSUE_PAGE.read_text(encoding="utf-8")
    page = page.replace("<!-- Rendered from", "<!-- Written by scripts/render-site-build.py from tests/fixtures/2026-02-09-issue-003.html,\n     itself rendered from", 1)
    marked = page.replace('<article class="issue svelte-1x9k2q">', '<article class="issue svelte-1x9k2q" data-scatter-body>', 1)
    # Inside the last story's section, where it would otherwise be read as a paragraph of story 5.
    share = ('\t\t\t\t\t<p class="share" data-scatter-ignore>Share this issue: copy the link, '
             'or forward the email to a colleague.</p>\n\t\t\t\t</section>\n\t\t\t</article>')
    marked = marked.replace("\t\t\t\t</section>\n\t\t\t</article>", share, 1)
    assert marked.count("data-scatter-") == 2, "the issue page's layout changed: update this script"
    return marked


def main() -> None:
    out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests/fixtures/site-build"
    files = {
        "issues/3/index.html": issue_page(),
        "index.html": SHELL.format(title="ScatterAI", main=(
            "\t\t\t<h1>ScatterAI</h1>\n"
            "\t\t\t<p>A weekly newsletter about AI.</p>\n"
            '\t\t\t<ul><li><a href="/issues/3">February 9, 2026 &middot; Issue #3</a></li></ul>')),
        "about/index.html": SHELL.format(title="About", main=(
            "\t\t\t<h1>About the newsletter</h1>\n"
            "\t\t\t<p>ScatterAI comes out on Mondays.</p>")),
        "_app/immutable/chunks/x.js": "export const prerender = true;\n",
        "_app/version.json": '{"version":"1770595200000"}\n',
        "sitemap.xml": ('<?xml version="1.0" encoding="UTF-8"?>\n'
                        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                        f"  <url><loc>{SITE}/</loc></url>\n"
                        f"  <url><loc>{SITE}/about/</loc></url>\n"
                        f"  <url><loc>{SITE}/issues/3/</loc><lastmod>2026-02-09</lastmod></url>\n"
                        "</urlset>\n"),
        "rss.xml": ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n'
                    f"  <title>ScatterAI</title><link>{SITE}/</link><description>A weekly newsletter about AI.</description>\n"
                    f"  <item><title>Issue #3</title><link>{SITE}/issues/3/</link><pubDate>Mon, 09 Feb 2026 08:00:00 GMT</pubDate></item>\n"
                    "</channel></rss>\n"),
    }
    for name, text in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
