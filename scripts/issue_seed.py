"""Reads issue 3 from data/issues/ for the fixture renderers (standard library only).

The editor's source text gives the stories; the page capture's header gives the
page title, newsletter, date and issue number. Both renderers read them here so
that every fixture carries exactly the same text.
"""

import datetime
import re

RESIDUE = re.compile(r"^\s*export\s+const\s+\w+\s*=\s*[^;]*;\s*")
HEADING = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")


def read_source_stories(path):
    """[{number, title, paragraphs, bullets}]: '1. Title', paragraph lines, 'Why it matters:', '- bullet'."""
    stories = []
    in_bullets = False
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        heading = HEADING.match(line)
        if heading and int(heading.group(1)) == len(stories) + 1:
            stories.append({"number": len(stories) + 1, "title": heading.group(2),
                            "paragraphs": [], "bullets": []})
            in_bullets = False
        elif line.lower().startswith("why it matters"):
            in_bullets = True
        elif in_bullets:
            stories[-1]["bullets"].append(re.sub(r"^[-*\u2022]\s+", "", line))
        else:
            stories[-1]["paragraphs"].append(line)
    assert len(stories) == 5, f"expected 5 stories in {path}, got {len(stories)}"
    return stories


def read_page_header(path):
    """{title, newsletter, date (ISO), date_text, issue, headline} from the lines above story 1."""
    header = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if re.match(r"^1\. ", line.strip()):
            break
        if line.strip():
            header.append(line.strip())
    title = RESIDUE.sub("", header[0])
    newsletter = title.rsplit(" \u2014 ", 1)[1]
    match = re.match(r"^(.+?) \u00b7 Issue #(\d+)$", header[2])
    if not match:
        raise SystemExit(f"{path}: expected 'Month D, YYYY \u00b7 Issue #N', got {header[2]!r}")
    date_text, issue = match.groups()
    date = datetime.datetime.strptime(date_text, "%B %d, %Y").date().isoformat()
    assert header[1] == newsletter, header
    return {"title": title, "newsletter": newsletter, "date": date, "date_text": date_text,
            "issue": int(issue), "headline": header[-1]}
