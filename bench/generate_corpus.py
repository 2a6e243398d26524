#!/usr/bin/env python3
"""Writes a SYNTHETIC, seeded archive of N stories for indexing benchmarks.

Nothing here is news: the text is pronounceable pseudo-words, and every issue
carries the newsletter name "SYNTHETIC BENCHMARK CORPUS (not news)". Real
company names (data/companies.json) and topic terms (data/topics.json) are
sprinkled in only so that company and topic tagging have work to do.

Scheme
  Issues hold 4-6 stories (the last issue may hold fewer), numbered 1, 2, ...
  Issue i is dated 1990-01-01 plus (i - 1) days: one issue a day, so that a
  million stories (about 200,000 issues, at most 250,000) end before year 2700;
  the date reader stops at year 9999, which bounds N at about 14 million.
  A story has a title of 6-12 words, 2-5 paragraphs totalling 150-400 words
  and 1-3 "Why it matters" bullets of 10-25 words each (words are whitespace-
  separated tokens, company names and topic phrases included). Pseudo-words
  come from a 50,000-word vocabulary built from syllables, shortest first, and
  are drawn with Zipf weights (rank r has weight 1 / r^1.07, quantised to a
  table of 2^22 slots): a few words are everywhere, most are rare. A story
  names 0-3 companies (sometimes one in its title) and carries 2-6 terms of
  1-2 topics.

Output under DIR (each format folder is a whole archive for `indexer --archive`,
with copies of companies.json and topics.json):
  README.txt                    what this is, the seed, N and the command line
  jsonl/corpus.jsonl            one story a line, as docs/jsonl.md specifies
  txt/NNNN/DATE-issue-NNNNNN.txt  the page-capture form of data/issues/
  md/NNNN/DATE-issue-NNNNNN.md    the layout of scripts/render-fixtures.py
  html/NNNN/DATE-issue-NNNNNN.html  the layout of scripts/render-html-fixture.py
NNNN folders hold 1,000 issues each. The same seed, N and Python version give
byte-identical files; the formats chosen do not change the stories.

Usage: bench/generate_corpus.py --stories N --out DIR [--seed 42] [--formats jsonl,txt,md,html|all]
(Python 3 standard library only)
"""

import argparse
import array
import datetime
import itertools
import json
import pathlib
import random
import re
import shlex
import shutil
import sys
import textwrap
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
COMPANIES = ROOT / "data" / "companies.json"
TOPICS = ROOT / "data" / "topics.json"

NEWSLETTER = "SYNTHETIC BENCHMARK CORPUS (not news)"
ALL_FORMATS = ("jsonl", "txt", "md", "html")
FIRST_ISSUE_DATE = datetime.date(1990, 1, 1)
LAST_READABLE_YEAR = 9999  # the archive's date reader refuses later years
ISSUES_PER_FOLDER = 1000
MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")

VOCABULARY_SIZE = 50_000
ZIPF_EXPONENT = 1.07
ONSETS = ("b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
          "br", "dr", "gr", "kr", "pl", "st", "tr", "sh", "th")
VOWELS = ("a", "e", "i", "o", "u", "ai", "ou", "ei")
CODAS = ("", "", "", "n", "r", "l", "s", "m", "k", "t")
SYLLABLES_PER_WORD = (2, 2, 2, 3, 3, 4)
# Words the capture readers treat specially, kept out of the pseudo-vocabulary so
# that random text never forms a "Why it matters" line or an "Issue 7" header.
PARSER_WORDS = {"why", "it", "matters", "issue", "no", "export", "import", "const", "let", "var"}

STORIES_PER_ISSUE = (4, 6)
TITLE_WORDS = (6, 12)
HEADLINE_WORDS = (5, 8)
PARAGRAPHS = (2, 5)
BODY_WORDS = (150, 400)
MIN_PARAGRAPH_WORDS = 15
SENTENCE_WORDS = (5, 20)
BULLETS = (1, 3)
BULLET_WORDS = (10, 25)
COMPANY_COUNT_WEIGHTS = (25, 35, 25, 15)  # stories naming 0, 1, 2, 3 companies
COMPANY_IN_TITLE = 0.4
SECOND_MENTION = 0.5  # a company named in the body is named there again
TOPICS_PER_STORY = (1, 2)
TOPIC_TERMS_PER_STORY = (2, 6)
TOPIC_TERM_IN_BULLET = 0.5

# The Markdown fixture's layout: wrapped lines, and the five "Why it matters"
# forms the reader accepts, one per story number in turn.
MARKDOWN_WRAP_WIDTH = 96
MARKDOWN_BLOCK_START = re.compile(r"^(#|>|[-*+]\s|\d+[.)]\s|```|---|===)")
MARKDOWN_WHY_FORMS = (("**Why it matters:**", "- "), ("### Why it matters", "* "),
                      ("Why it matters:", "1. "), ("**Why it matters:**", "+ "),
                      ("### Why it matters", "- "))


def synthetic_marker(seed):
    return f"SYNTHETIC generated benchmark data (bench/generate_corpus.py, seed {seed}); not news."


# ---- vocabulary ---------------------------------------------------------------

def reserved_words(companies, topics):
    """Lower-case tokens of every company name and topic term, plus PARSER_WORDS."""
    reserved = set(PARSER_WORDS)
    phrases = [n for c in companies for n in [c["name"], *c.get("aliases", []), *c.get("products", [])]]
    phrases += [term for topic in topics for term in topic["terms"]]
    for phrase in phrases:
        reserved.update(re.split(r"[\s\-]+", phrase.lower()))
    return reserved


def pseudo_vocabulary(rng, reserved):
    """VOCABULARY_SIZE distinct syllable words, shortest first, so Zipf's common ranks are short."""
    words = {}
    while len(words) < VOCABULARY_SIZE:
        syllables = rng.choice(SYLLABLES_PER_WORD)
        word = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(syllables))
        if word not in reserved:
            words.setdefault(word, len(words))
    return sorted(words, key=lambda w: (len(w), words[w]))


# Four-byte unsigned slots: "I" on every platform CPython supports today; checked, not assumed.
SLOT_TYPECODE = "I"
assert array.array(SLOT_TYPECODE).itemsize == 4


class WordSource:
    """Zipf-weighted pseudo-words, drawn by inverse transform through a table.

    Rank r gets a run of table slots in proportion to its weight, so a draw is a
    random slot, and a whole story body's slots come from one call for random
    bytes: a third less time for the whole corpus than random.choices with
    cumulative weights, which bisects in Python's loop word by word.
    """

    TABLE_BITS = 22  # 4 Mi slots: even the rarest rank has a few

    def __init__(self, rng, vocabulary):
        self._rng = rng
        cumulative = list(itertools.accumulate(1.0 / r ** ZIPF_EXPONENT for r in range(1, len(vocabulary) + 1)))
        slots = 1 << self.TABLE_BITS
        bounds = [round(c * slots / cumulative[-1]) for c in cumulative]
        runs = [end - start for start, end in zip([0] + bounds, bounds)]
        assert min(runs) > 0, "the table is too small for the vocabulary"
        self._table = [w for word, run in zip(vocabulary, runs) for w in [word] * run]
        self._capitalized_table = [w for word, run in zip(vocabulary, runs) for w in [word.capitalize()] * run]

    def _slots(self, count):
        values = array.array(SLOT_TYPECODE, self._rng.randbytes(4 * count))
        if sys.byteorder == "big":  # randbytes is the same everywhere; read it the same everywhere
            values.byteswap()
        shift = 32 - self.TABLE_BITS
        return [v >> shift for v in values]

    def words(self, count):
        table = self._table
        return [table[i] for i in self._slots(count)]

    def capitalized_words(self, count):
        table = self._capitalized_table
        return [table[i] for i in self._slots(count)]


# ---- stories ------------------------------------------------------------------

def company_mentions(companies):
    """For each company, the forms a story may name it by: its name, twice as often as each product."""
    return [[c["name"], c["name"], *c.get("products", [])] for c in companies]


def split_sizes(rng, total, parts, minimum):
    """`parts` random sizes of at least `minimum` summing to `total` (stars and bars)."""
    cuts = sorted(rng.sample(range(total - parts * minimum + parts - 1), parts - 1))
    sizes, previous = [], -1
    for cut in cuts + [total - parts * minimum + parts - 1]:
        sizes.append(cut - previous - 1 + minimum)
        previous = cut
    return sizes


def sentences_of(rng, words):
    """Consecutive slices of SENTENCE_WORDS length; a short tail joins the sentence before it."""
    sentences, start = [], 0
    while start < len(words):
        end = start + rng.randint(*SENTENCE_WORDS)
        if len(words) - end < SENTENCE_WORDS[0]:
            end = len(words)
        sentences.append(words[start:end])
        start = end
    return sentences


def insert_inside(rng, sentences, phrase):
    """Never at a sentence's start, where capitalising would change "xAI" or "o1"."""
    sentence = rng.choice(sentences)
    sentence.insert(rng.randint(1, len(sentence)), phrase)


def prose(sentences, ending):
    """Sentences joined, each closed by `ending`; a sentence opens with a lower-case pseudo-word."""
    return " ".join(" ".join([s[0].capitalize(), *s[1:]]) + ending for s in sentences)


def word_count(phrase):
    return phrase.count(" ") + 1


class StoryMaker:
    """Draws stories from one seeded random stream; the same calls in the same order give the same text."""

    def __init__(self, rng, companies, topics, words):
        self._rng = rng
        self._mentions = company_mentions(companies)
        self._topic_terms = [list(topic["terms"]) for topic in topics]
        self._words = words

    def headline(self):
        return " ".join(self._words.capitalized_words(self._rng.randint(*HEADLINE_WORDS)))

    def story(self):
        rng = self._rng
        named = rng.sample(self._mentions, rng.choices(range(4), weights=COMPANY_COUNT_WEIGHTS)[0])
        names = [rng.choice(forms) for forms in named]
        topic_terms = [t for terms in rng.sample(self._topic_terms, rng.randint(*TOPICS_PER_STORY)) for t in terms]
        terms = [rng.choice(topic_terms) for _ in range(rng.randint(*TOPIC_TERMS_PER_STORY))]
        title_name = names[0] if names and rng.random() < COMPANY_IN_TITLE else None
        second_mentions = [name for name in names if rng.random() < SECOND_MENTION]
        body_phrases = names + second_mentions + terms
        return {"title": self._title(title_name),
                "paragraphs": self._paragraphs(body_phrases),
                "bullets": self._bullets(topic_terms)}

    def _title(self, name):
        rng = self._rng
        total = rng.randint(*TITLE_WORDS)
        if name is None:
            return " ".join(self._words.capitalized_words(total))
        title = self._words.capitalized_words(total - word_count(name))
        title.insert(rng.randint(0, len(title)), name)
        return " ".join(title)

    def _paragraphs(self, phrases):
        rng = self._rng
        total = rng.randint(*BODY_WORDS)
        words = self._words.words(total - sum(word_count(p) for p in phrases))
        paragraphs, start = [], 0
        for size in split_sizes(rng, len(words), rng.randint(*PARAGRAPHS), MIN_PARAGRAPH_WORDS):
            paragraphs.append(sentences_of(rng, words[start:start + size]))
            start += size
        for phrase in phrases:
            insert_inside(rng, rng.choice(paragraphs), phrase)
        return [prose(sentences, ending=".") for sentences in paragraphs]

    def _bullets(self, topic_terms):
        rng = self._rng
        bullets = []
        for _ in range(rng.randint(*BULLETS)):
            size = rng.randint(*BULLET_WORDS)
            term = rng.choice(topic_terms) if rng.random() < TOPIC_TERM_IN_BULLET else None
            words = self._words.words(size - (word_count(term) if term else 0))
            if term:
                insert_inside(rng, [words], term)
            bullets.append(prose([words], ending=""))
        return bullets


def issues(rng, maker, story_count):
    """(number, date, headline, [story]) in order, until `story_count` stories are made."""
    made = 0
    for number in itertools.count(1):
        if made >= story_count:
            return
        size = min(rng.randint(*STORIES_PER_ISSUE), story_count - made)
        headline = maker.headline()
        yield number, issue_date(number), headline, [maker.story() for _ in range(size)]
        made += size


def issue_date(number):
    return FIRST_ISSUE_DATE + datetime.timedelta(days=number - 1)


def date_text(date):
    return f"{MONTHS[date.month - 1]} {date.day}, {date.year}"


# ---- formats ------------------------------------------------------------------

class JsonLinesWriter:
    def __init__(self, out):
        folder = out / "jsonl"
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self._file = open(folder / "corpus.jsonl", "w", encoding="utf-8", newline="\n", buffering=1 << 20)
        self._encode = json.JSONEncoder(ensure_ascii=False).encode

    def write(self, number, date, headline, stories):
        iso = date.isoformat()
        self._file.write("".join(
            self._encode({"issue": number, "story": n, "date": iso, "newsletter": NEWSLETTER,
                          "title": s["title"], "paragraphs": s["paragraphs"], "bullets": s["bullets"]}) + "\n"
            for n, s in enumerate(stories, start=1)))

    def close(self):
        self._file.close()


class IssueFileWriter:
    """One file per issue under FORMAT/NNNN/, named as the archive names issues."""

    def __init__(self, out, extension, render, seed):
        self.folder = out / extension
        self._extension = extension
        self._render = render
        self._seed = seed

    def write(self, number, date, headline, stories):
        folder = self.folder / f"{(number - 1) // ISSUES_PER_FOLDER:04d}"
        if (number - 1) % ISSUES_PER_FOLDER == 0:
            folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{date.isoformat()}-issue-{number:06d}.{self._extension}"
        with open(path, "w", encoding="utf-8", newline="\n") as file:
            file.write(self._render(self._seed, number, date, headline, stories))

    def close(self):
        pass


def render_text(seed, number, date, headline, stories):
    """The page capture of data/issues/: residue, page title, masthead, date and issue, headline."""
    out = [synthetic_marker(seed),
           f"export const prerender = true; {headline} \u2014 {NEWSLETTER}",
           NEWSLETTER, f"{date_text(date)} \u00b7 Issue #{number}", "", headline, ""]
    for n, story in enumerate(stories, start=1):
        out += [f"{n}. {story['title']}", ""]
        for paragraph in story["paragraphs"]:
            out += [paragraph, ""]
        out += ["Why it matters:"] + [f"- {b}" for b in story["bullets"]] + ["", ""]
    return "\n".join(out)


def wrapped(text, indent=""):
    """Lines of at most MARKDOWN_WRAP_WIDTH columns; unwrapped if a break would start a block."""
    lines = textwrap.wrap(text, MARKDOWN_WRAP_WIDTH, break_long_words=False, break_on_hyphens=False)
    if any(MARKDOWN_BLOCK_START.match(line) for line in lines[1:]) or " ".join(lines) != text:
        return [text]
    return [lines[0]] + [indent + line for line in lines[1:]]


def render_markdown(seed, number, date, headline, stories):
    out = ["---", f"# {synthetic_marker(seed)}", f"title: {json.dumps(headline)}",
           f"date: {date.isoformat()}", f"issue: {number}", f"newsletter: {NEWSLETTER}", "---", "",
           f"# {headline}", ""]
    for n, story in enumerate(stories, start=1):
        why, marker = MARKDOWN_WHY_FORMS[(n - 1) % len(MARKDOWN_WHY_FORMS)]
        out += [f"## {n}. {story['title']}", ""]
        for paragraph in story["paragraphs"]:
            out += wrapped(paragraph) + [""]
        out += [why, ""]
        for position, bullet in enumerate(story["bullets"], start=1):
            item = f"{position}. " if marker == "1. " else marker
            out += wrapped(item + bullet, indent=" " * len(item))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def html_text(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(text):
    return html_text(text).replace('"', "&quot;")


def render_html_story(number, story):
    out = [f'\t\t\t\t<section id="story-{number}" class="story svelte-1x9k2q">',
           f'\t\t\t\t\t<h2 class="story-title svelte-1x9k2q">{number}. {html_text(story["title"])}</h2>']
    out += [f"\t\t\t\t\t<p>{html_text(p)}</p>" for p in story["paragraphs"]]
    out.append('\t\t\t\t\t<h3 class="why svelte-1x9k2q">Why it matters:</h3>')
    out.append('\t\t\t\t\t<ul class="svelte-1x9k2q"><!--[-->'
               + "".join(f"<li>{html_text(b)}</li>" for b in story["bullets"]) + "<!--]--></ul>")
    out.append("\t\t\t\t</section>")
    return "\n".join(out)


def render_html(seed, number, date, headline, stories):
    """The SvelteKit prerendered page of scripts/render-html-fixture.py, with a synthetic marker."""
    description = html_text(stories[0]["paragraphs"][0][:150]) + "&hellip;"
    story_html = "\n".join(render_html_story(n, s) for n, s in enumerate(stories, start=1))
    previous = "" if number == 1 else (
        f'\n\t\t\t<a href="/issues/{number - 1}" rel="prev">Previous: '
        f"{date_text(issue_date(number - 1))} &middot; Issue #{number - 1}</a>")
    newsletter = html_text(NEWSLETTER)
    return f"""<!doctype html>
<!-- {synthetic_marker(seed)} -->
<html lang="en">
	<head>
		<meta charset="utf-8" />
		<link rel="icon" href="/favicon.png" />
		<meta name="viewport" content="width=device-width, initial-scale=1" />
		<link href="/_app/immutable/assets/0.C3pQ1vXa.css" rel="stylesheet">
		<link rel="modulepreload" href="/_app/immutable/entry/start.BqF1h2Zk.js">
		<link rel="modulepreload" href="/_app/immutable/entry/app.D4kR7mWs.js">
		<link rel="modulepreload" href="/_app/immutable/nodes/3.Cx8vN0pL.js">
		<!--[--><title>{html_text(headline)} &mdash; {newsletter}</title>
		<meta name="description" content="{description}" />
		<meta name="date" content="{date.isoformat()}" />
		<meta property="og:title" content="{attr(headline)}" />
		<meta property="og:site_name" content="{attr(NEWSLETTER)}" />
		<meta property="og:type" content="article" /><!--]-->
		<style>
			.story h2.svelte-1x9k2q {{ font-size: 1.4rem; }}
			.why.svelte-1x9k2q::after {{ content: "Why it matters"; display: none; }}
		</style>
	</head>
	<body data-sveltekit-preload-data="hover">
		<div style="display: contents"><!--[--><!--[--><!---->
		<nav class="site-nav svelte-8qk3ea">
			<a class="brand" href="/">{newsletter}</a>
			<ul><li><a href="/issues">All issues</a></li><li><a href="/about">About the newsletter</a></li><li><a href="/subscribe">Subscribe by email</a></li></ul>{previous}
		</nav>
		<main class="svelte-8qk3ea"><!--[-->
			<article class="issue svelte-1x9k2q">
				<h1>{html_text(headline)}</h1>
				<p class="issue-meta"><time datetime="{date.isoformat()}">{date_text(date)}</time> &middot; Issue #{number}</p>
{story_html}
			</article><!--]-->
		</main>
		<footer class="svelte-8qk3ea"><p>&copy; {date.year} {newsletter} &middot; Terms &amp; privacy &middot; <a href="/unsubscribe">Unsubscribe</a></p></footer>
		<noscript><p>Enable JavaScript to search past issues.</p></noscript>
		<!--]--><!--]-->
			<script type="module">
				export const prerender = true;
				export const trailingSlash = "never";
			</script>
		</div>
	</body>
</html>
"""


def make_writer(fmt, out, seed):
    if fmt == "jsonl":
        return JsonLinesWriter(out)
    render = {"txt": render_text, "md": render_markdown, "html": render_html}[fmt]
    return IssueFileWriter(out, fmt, render, seed)


# ---- command line -------------------------------------------------------------

def parse_formats(text):
    formats = ALL_FORMATS if text == "all" else tuple(f.strip() for f in text.split(",") if f.strip())
    unknown = [f for f in formats if f not in ALL_FORMATS]
    if unknown or not formats:
        raise argparse.ArgumentTypeError(f"unknown format(s) {', '.join(unknown) or '(none)'}; "
                                         f"choose from {','.join(ALL_FORMATS)} or all")
    return tuple(dict.fromkeys(formats))


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Writes a SYNTHETIC, seeded benchmark archive of N stories (not news).",
        epilog="Each format folder under DIR is a complete archive for `indexer --archive`.")
    parser.add_argument("--stories", type=positive, required=True, metavar="N", help="number of stories")
    parser.add_argument("--out", type=pathlib.Path, required=True, metavar="DIR", help="output folder")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default: 42)")
    parser.add_argument("--formats", type=parse_formats, default=("jsonl",), metavar="LIST",
                        help="comma-separated jsonl,txt,md,html, or all (default: jsonl)")
    return parser.parse_args(argv)


def check_dates_fit(story_count):
    most_issues = -(-story_count // STORIES_PER_ISSUE[0])
    last = FIRST_ISSUE_DATE.toordinal() + most_issues - 1
    if last > datetime.date(LAST_READABLE_YEAR, 12, 31).toordinal():
        raise SystemExit(f"generate_corpus.py: {story_count} stories would date issues past year "
                         f"{LAST_READABLE_YEAR}, which the archive cannot read")


def write_readme(out, args, argv):
    command = " ".join(shlex.quote(a) for a in ["bench/generate_corpus.py", *argv])
    (out / "README.txt").write_text(
        f"{synthetic_marker(args.seed)}\n\n"
        f"SYNTHETIC BENCHMARK CORPUS: {args.stories} generated stories of pseudo-words for index\n"
        f"benchmarks. Company and topic names appear only so tagging has work to do; no sentence\n"
        f"here reports anything that happened.\n\n"
        f"seed: {args.seed}\nstories: {args.stories}\nformats: {','.join(args.formats)}\n"
        f"command: {command}\n"
        f"python: {sys.version.split()[0]} (the same seed and N give the same bytes with the same Python)\n\n"
        f"Scheme (see the script's docstring): issues of 4-6 stories, one a day from "
        f"{FIRST_ISSUE_DATE.isoformat()}.\n",
        encoding="utf-8")


def main(argv):
    args = parse_args(argv)
    check_dates_fit(args.stories)
    companies = json.loads(COMPANIES.read_text(encoding="utf-8"))["companies"]
    topics = json.loads(TOPICS.read_text(encoding="utf-8"))["topics"]
    started = time.monotonic()
    rng = random.Random(args.seed)
    words = WordSource(rng, pseudo_vocabulary(rng, reserved_words(companies, topics)))
    maker = StoryMaker(rng, companies, topics, words)

    args.out.mkdir(parents=True, exist_ok=True)
    writers = [make_writer(fmt, args.out, args.seed) for fmt in args.formats]
    issue_count = 0
    for issue in issues(rng, maker, args.stories):
        for writer in writers:
            writer.write(*issue)
        issue_count += 1
    for writer in writers:
        writer.close()
        writer.folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(COMPANIES, writer.folder / COMPANIES.name)
        shutil.copyfile(TOPICS, writer.folder / TOPICS.name)
    write_readme(args.out, args, argv)
    print(f"wrote {args.stories} synthetic stories in {issue_count} issues ({','.join(args.formats)}) "
          f"to {args.out} in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
