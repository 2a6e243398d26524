#!/usr/bin/env python3
"""Writes the request mixes bench/http-bench sends to searchd: seeded, deterministic.

The queries are made from the words of the archive's own stories. On a corpus of
bench/generate_corpus.py they are SYNTHETIC (pseudo-words of a generated corpus,
not anyone's searches); on the seed archive (data/) they are words of its five
real stories, still put together by this script, not taken from a search log.

Output in OUT:
  cold.txt   --cold distinct request targets (default 2,000), one a line:
             /search?q=...&facets=company,topic,year,month,issue plus the form's
             filters, URL-encoded as a search form sends them ('+' for a space).
             Forms in turn, as bench/query_bench.cpp draws them: 1-3 common words,
             1-3 rare words, a rare word and common ones, "a phrase", "a phrase of
             common words", title: and why: words, a word with company=, with
             from=/to=, with year:, a OR b, a -b, words and a word being typed
             (prefix=1), a misspelt word.
  warm.txt   --warm popular targets (default 200), most popular first: 1-2 common
             words, a company or topic name, a word with a company or a year.
             wrk's script (bench/http_mix.lua) repeats them with a Zipf skew.
  mix.tsv    form and target of every line of cold.txt, then of warm.txt.

Stories: from JSON Lines (*.jsonl, *.ndjson under ARCHIVE: a generated corpus's
jsonl/ folder), --sample lines read at seeded byte offsets, so a 2 GB corpus costs
a second; or, when ARCHIVE has no JSON Lines (data/), from its text captures
(*.txt, *.md: numbered story titles, the lines after them, the date in the file
name). Companies are the canonical names of ARCHIVE/companies.json (else
data/companies.json) whose name, alias or product a story spells in exact case.
Common means in at least 10% of the sampled stories, rare in at most 0.25%.

Usage: bench/http_mix.py --archive DIR --out DIR [--seed 42] [--cold 2000] [--warm 200]
                         [--sample 2000]
(Python 3 standard library only)
"""

import argparse
import collections
import datetime
import json
import pathlib
import random
import re
import sys
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parent.parent
FACETS = "company,topic,year,month,issue"
COMMON_SHARE = 0.10
RARE_SHARE = 0.0025
MIN_TYPO_LENGTH = 5
TRIES_PER_TARGET = 50  # draws before a form gives up on finding a new distinct target
COLD_FORMS = ("plain-common", "plain-rare", "plain-mixed", "phrase", "phrase-common", "title-field",
              "why-field", "company", "date-range", "year", "or", "not", "prefix", "typo")
WARM_FORMS = ("popular-words", "popular-word", "company-name", "popular-words", "company", "year")
WORD = re.compile(r"[A-Za-z]{3,}")
TITLE_LINE = re.compile(r"^\s*(?:#+\s*)?(\d+)[.)]\s+(\S.*)$")
FILE_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
WHY_LINE = re.compile(r"^\W*why it matters\W*$", re.IGNORECASE)


def words_of(text):
    """Lower-cased runs of three or more ASCII letters (query_bench's words_of)."""
    return [w.lower() for w in WORD.findall(text)]


class Story:
    def __init__(self, title, paragraphs, bullets, date):
        self.title, self.paragraphs, self.bullets, self.date = title, paragraphs, bullets, date
        self.body = " ".join(paragraphs + bullets)
        self.text = title + " " + self.body
        self.companies = []
        self.newsletter = ""


def parse_date(text):
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def story_from_json(line):
    d = json.loads(line)
    story = Story(d.get("title", ""), list(d.get("paragraphs", [])), list(d.get("bullets", [])),
                  parse_date(d.get("date")))
    story.newsletter = d.get("newsletter", "")
    return story


def sample_jsonl(files, count, rng):
    """`count` stories, each the first whole line after a seeded byte offset."""
    sizes = [f.stat().st_size for f in files]
    total = sum(sizes)
    stories = []
    handles = [f.open("rb") for f in files]
    try:
        for _ in range(count):
            at = rng.randrange(total)
            index = 0
            while at >= sizes[index]:
                at -= sizes[index]
                index += 1
            handle = handles[index]
            handle.seek(at)
            if at:
                handle.readline()  # the rest of the line the offset fell in
            line = handle.readline() or (handle.seek(0) or handle.readline())
            if line.strip():
                stories.append(story_from_json(line))
    finally:
        for handle in handles:
            handle.close()
    return stories


def stories_of_capture(path):
    """Numbered stories of a text or Markdown capture, read loosely: enough for words."""
    match = FILE_DATE.search(path.name)
    date = parse_date("-".join(match.groups())) if match else None
    stories, current, in_bullets, expected = [], None, False, 1
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        title = TITLE_LINE.match(line)
        if title and int(title.group(1)) == expected:
            current = Story(title.group(2).strip("*# "), [], [], date)
            stories.append(current)
            in_bullets, expected = False, expected + 1
        elif current is not None and WHY_LINE.match(line):
            in_bullets = True
        elif current is not None and line.strip():
            (current.bullets if in_bullets else current.paragraphs).append(line.strip(" -*•"))
    for story in stories:
        story.body = " ".join(story.paragraphs + story.bullets)
        story.text = story.title + " " + story.body
    return stories


def load_stories(archive, sample, rng):
    jsonl = sorted(p for p in archive.rglob("*") if p.suffix in (".jsonl", ".ndjson") and p.is_file())
    if jsonl:
        stories = sample_jsonl(jsonl, sample, rng)
        # generate_corpus.py names its newsletter so; a researcher's own corpus is not synthetic.
        return stories, any("SYNTHETIC" in s.newsletter for s in stories)
    stories = []
    for path in sorted(p for p in archive.rglob("*") if p.suffix in (".txt", ".md") and p.is_file()):
        stories.extend(stories_of_capture(path))
    # Captures of one issue repeat its stories: keep the richest copy of each title.
    best = {}
    for story in stories:
        key = story.title.lower()
        if key not in best or len(story.text) > len(best[key].text):
            best[key] = story
    return list(best.values()), False


def company_matchers(archive):
    path = archive / "companies.json"
    if not path.is_file():
        path = ROOT / "data" / "companies.json"
    matchers = []
    for company in json.loads(path.read_text(encoding="utf-8"))["companies"]:
        names = [company["name"]] + company.get("aliases", []) + company.get("products", [])
        names = [n for n in names if n not in company.get("ambiguous", [])] or [company["name"]]
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
        matchers.append((company["name"], pattern))
    return matchers


class MixMaker:
    def __init__(self, stories, companies, rng, synthetic):
        if not stories:
            raise SystemExit("http_mix: no stories found")
        self.stories, self.rng = stories, rng
        for story in stories:
            story.companies = [name for name, pattern in companies if pattern.search(story.text)]
        self.with_companies = [s for s in stories if s.companies] or stories
        self.dated = [s for s in stories if s.date] or stories
        counts = collections.Counter()
        for story in stories:
            counts.update(set(words_of(story.text)))
        self.counts = counts
        self.common_at = max(1.0, COMMON_SHARE * len(stories))
        self.rare_at = RARE_SHARE * len(stories)
        self.popular = [w for w, _ in counts.most_common(400)]
        self.synthetic = synthetic

    def band(self, word):
        n = self.counts[word]
        return "common" if n >= self.common_at else "rare" if n <= self.rare_at else "mid"

    def pick_word(self, text, wanted):
        words = words_of(text) or ["data"]
        in_band = [w for w in words if self.band(w) == wanted]
        if in_band:
            return self.rng.choice(in_band)
        if wanted == "rare":
            return min(words, key=lambda w: self.counts[w])
        if wanted == "common":
            return max(words, key=lambda w: self.counts[w])
        return self.rng.choice(words)

    def words(self, text, wanted, n):
        return " ".join(self.pick_word(text, wanted) for _ in range(n))

    def phrase(self, story, common):
        length = 2 + self.rng.randrange(2)
        candidates = []
        for paragraph in story.paragraphs:
            words = words_of(paragraph)
            for i in range(len(words) - length + 1):
                run = words[i:i + length]
                if not common or all(self.band(w) == "common" for w in run):
                    candidates.append(" ".join(run))
        return self.rng.choice(candidates) if candidates else self.words(story.body, "common", length)

    def typo(self, word):
        if len(word) < 4:
            word += "x"
        at = 1 + self.rng.randrange(len(word) - 2)  # never the first or last letter
        letters = list(word)
        if self.rng.randrange(2) == 0 and letters[at] != letters[at + 1]:
            letters[at], letters[at + 1] = letters[at + 1], letters[at]
        else:
            letters[at] = self.rng.choice([c for c in "abcdefghijklmnopqrstuvwxyz" if c != letters[at]])
        return "".join(letters)

    def date_range(self, date):
        first = date - datetime.timedelta(days=self.rng.randrange(180))
        return first, date + datetime.timedelta(days=1 + self.rng.randrange(300))

    def cold(self, form):
        """(q, other parameters) of one query of `form`."""
        story = self.rng.choice(self.stories)
        text = story.text
        if form == "plain-common":
            return self.words(text, "common", 1 + self.rng.randrange(3)), []
        if form == "plain-rare":
            return self.words(text, "rare", 1 + self.rng.randrange(3)), []
        if form == "plain-mixed":
            return self.pick_word(text, "rare") + " " + self.words(text, "common", 1 + self.rng.randrange(2)), []
        if form in ("phrase", "phrase-common"):
            return '"' + self.phrase(story, form == "phrase-common") + '"', []
        if form == "title-field":
            return "title:" + self.pick_word(story.title, "mid"), []
        if form == "why-field":
            return "why:" + self.pick_word(" ".join(story.bullets) or story.body, "mid"), []
        if form == "company":
            story = self.rng.choice(self.with_companies)
            params = [("company", self.rng.choice(story.companies))] if story.companies else []
            return self.pick_word(story.text, "mid"), params
        if form == "date-range":
            story = self.rng.choice(self.dated)
            params = []
            if story.date:
                first, last = self.date_range(story.date)
                params = [("from", first.isoformat()), ("to", last.isoformat())]
            return self.pick_word(story.text, "mid"), params
        if form == "year":
            story = self.rng.choice(self.dated)
            word = self.pick_word(story.text, "mid")
            return (word + f" year:{story.date.year}" if story.date else word), []
        if form == "or":
            return self.pick_word(text, "mid") + " OR " + self.pick_word(text, "mid"), []
        if form == "not":
            return self.pick_word(text, "mid") + " -" + self.pick_word(self.rng.choice(self.stories).text, "mid"), []
        if form == "prefix":
            start = self.pick_word(text, "mid")
            start = start[:min(len(start) - 1, 3 + self.rng.randrange(3))]
            before = self.rng.randrange(3)
            return ((self.words(text, "mid", before) + " ") if before else "") + start, [("prefix", "1")]
        if form == "typo":
            word = self.pick_word(text, "mid")
            for _ in range(20):
                if len(word) >= MIN_TYPO_LENGTH:
                    break
                word = self.pick_word(text, "mid")
            return self.typo(word), []
        raise ValueError(form)

    def warm(self, form):
        """(q, other parameters) of one popular query: short, frequent words and names."""
        story = self.rng.choice(self.with_companies)
        top = self.popular[:100] or ["data"]
        if form == "popular-words":
            return " ".join(self.rng.choice(top) for _ in range(1 + self.rng.randrange(2))), []
        if form == "popular-word":
            return self.rng.choice(self.popular or ["data"]), []
        if form == "company-name":
            return (self.rng.choice(story.companies) if story.companies else self.rng.choice(top)), []
        if form == "company":
            return self.rng.choice(top), ([("company", self.rng.choice(story.companies))] if story.companies else [])
        if form == "year":
            story = self.rng.choice(self.dated)
            return self.rng.choice(top) + (f" year:{story.date.year}" if story.date else ""), []
        raise ValueError(form)


def target(q, params):
    query = [("q", q)] + params + [("facets", FACETS)]
    return "/search?" + urllib.parse.urlencode(query, quote_via=urllib.parse.quote_plus, safe=",:")


def distinct_targets(make, forms, count):
    """`count` distinct (form, target) pairs, forms in turn; a form that keeps
    repeating itself (a tiny archive) is skipped for that turn."""
    seen, mix, turn = set(), [], 0
    while len(mix) < count:
        form = forms[turn % len(forms)]
        turn += 1
        for _ in range(TRIES_PER_TARGET):
            t = target(*make(form))
            if t not in seen:
                seen.add(t)
                mix.append((form, t))
                break
        if turn > count * len(forms) * 4:
            raise SystemExit(f"http_mix: only {len(mix)} distinct targets of {count} could be made")
    return mix


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv):
    parser = argparse.ArgumentParser(description="Writes the seeded request mixes of bench/http-bench.")
    parser.add_argument("--archive", required=True, type=pathlib.Path,
                        help="JSON Lines corpus folder, or an archive of text captures (data/)")
    parser.add_argument("--out", required=True, type=pathlib.Path)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--cold", type=positive, default=2000, help="distinct targets of the cold mix")
    parser.add_argument("--warm", type=positive, default=200, help="popular targets of the warm mix")
    parser.add_argument("--sample", type=positive, default=2000, help="JSON Lines stories to sample")
    args = parser.parse_args(argv)
    if not args.archive.is_dir():
        parser.error(f"--archive {args.archive}: not a folder")

    rng = random.Random(args.seed)
    stories, synthetic = load_stories(args.archive, args.sample, rng)
    maker = MixMaker(stories, company_matchers(args.archive), rng, synthetic)
    cold = distinct_targets(maker.cold, COLD_FORMS, args.cold)
    warm = distinct_targets(maker.warm, WARM_FORMS, args.warm)

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "cold.txt").write_text("".join(t + "\n" for _, t in cold))
    (args.out / "warm.txt").write_text("".join(t + "\n" for _, t in warm))
    with (args.out / "mix.tsv").open("w") as f:
        label = "SYNTHETIC request mix" if maker.synthetic else "request mix (made up from the archive's words)"
        f.write(f"# {label} of bench/http_mix.py (seed {args.seed}) from {args.archive}\n")
        f.write("# mix\tform\ttarget\n")
        for name, mix in (("cold", cold), ("warm", warm)):
            for form, t in mix:
                f.write(f"{name}\t{form}\t{t}\n")
    print(f"http_mix: {len(maker.stories)} stories read; {len(cold)} cold and {len(warm)} warm targets in {args.out}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
