#!/usr/bin/env python3
"""Re-renders the real issue #3 as the Markdown and JSON Lines test fixtures.

Reads data/issues/2026-02-09-issue-003.source.txt (stories, paragraphs, "Why it
matters" bullets) and the header of the page capture (newsletter, date, issue,
headline), and writes tests/fixtures/2026-02-09-issue-003.md and
tests/fixtures/issue-003.jsonl. The story text is copied, never edited: the
Markdown only adds markup that a reader strips away again (bold, emphasis, a
link, wrapped lines), so both fixtures must read back as the source text does.

Usage: scripts/render-fixtures.py   (from anywhere; Python 3 standard library only)
"""

import json
import pathlib
import re
import textwrap

from issue_seed import read_page_header, read_source_stories

ROOT = pathlib.Path(__file__).resolve().parent.parent
ISSUES = ROOT / "data" / "issues"
SOURCE = ISSUES / "2026-02-09-issue-003.source.txt"
PAGE = ISSUES / "2026-02-09-issue-003.page-capture.txt"
FIXTURES = ROOT / "tests" / "fixtures"

# Wrapped Markdown lines must not start with what Markdown reads as a block.
BLOCK_START = re.compile(r"^(#|>|[-*+]\s|\d+[.)]\s|```|---|===)")
WRAP_WIDTH = 96


def wrapped(text, indent=""):
    """Lines of at most WRAP_WIDTH columns; unwrapped if a break would start a block."""
    lines = textwrap.wrap(text, WRAP_WIDTH, break_long_words=False, break_on_hyphens=False)
    if any(BLOCK_START.match(line) for line in lines[1:]) or " ".join(lines) != text:
        return [text]
    return [lines[0]] + [indent + line for line in lines[1:]]


def emphasise_once(text, word, left, right):
    """Wraps the first whole-word occurrence of `word` in markup."""
    marked, count = re.subn(r"(?<![\w*_\[])" + re.escape(word) + r"(?![\w*_\]])",
                            left + word + right, text, count=1)
    assert count == 1, f"{word!r} not found in {text[:40]!r}"
    return marked


# (story number, word, opening markup, closing markup): light, and invisible once read.
MARKUP = [
    (1, "DeepSeek-R1", "**", "**"),
    (2, "Sora", "*", "*"),
    (3, "liability", "_", "_"),
    (4, "Gemini 1.5 Pro", "[", "](https://blog.google/products/gemini/)"),
    (5, "Mistral AI", "**", "**"),
]

# Every "Why it matters" form the reader accepts, one per story, and each list marker.
WHY_FORMS = [
    ("**Why it matters:**", "- "),
    ("### Why it matters", "* "),
    ("Why it matters:", "1. "),
    ("**Why it matters:**", "+ "),
    ("### Why it matters", "- "),
]


def markdown_story(story):
    why, marker = WHY_FORMS[story["number"] - 1]
    out = [f"## {story['number']}. {story['title']}", ""]
    paragraphs = list(story["paragraphs"])
    for number, word, left, right in MARKUP:
        if number == story["number"]:
            index = next(i for i, p in enumerate(paragraphs) if word in p)
            paragraphs[index] = emphasise_once(paragraphs[index], word, left, right)
    for paragraph in paragraphs:
        out += wrapped(paragraph) + [""]
    out += [why, ""]
    for position, bullet in enumerate(story["bullets"], start=1):
        item = f"{position}. " if marker == "1. " else marker
        out += wrapped(item + bullet, indent=" " * len(item))
    return out + [""]


def render_markdown(header, stories):
    out = ["---", f"title: {json.dumps(header['headline'], ensure_ascii=False)}",
           f"date: {header['date']}", f"issue: {header['issue']}",
           f"newsletter: {header['newsletter']}", "---", "",
           f"# {header['headline']}", ""]
    for story in stories:
        out += markdown_story(story)
    return "\n".join(out).rstrip("\n") + "\n"


def render_jsonl(header, stories):
    lines = []
    for story in stories:
        record = {"issue": header["issue"], "story": story["number"], "date": header["date"],
                  "newsletter": header["newsletter"], "title": story["title"]}
        if story["number"] == 4:  # one story as a body string, to exercise both forms
            record["body"] = "\n\n".join(story["paragraphs"])
        else:
            record["paragraphs"] = story["paragraphs"]
        record["bullets"] = story["bullets"]
        if story["number"] == 1:  # the one unknown field: a reader ignores it with a warning
            record["captured_from"] = SOURCE.name
        lines.append(json.dumps(record, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def main():
    stories = read_source_stories(SOURCE)
    header = read_page_header(PAGE)
    FIXTURES.mkdir(parents=True, exist_ok=True)
    (FIXTURES / "2026-02-09-issue-003.md").write_text(render_markdown(header, stories), encoding="utf-8")
    (FIXTURES / "issue-003.jsonl").write_text(render_jsonl(header, stories), encoding="utf-8")


if __name__ == "__main__":
    main()
