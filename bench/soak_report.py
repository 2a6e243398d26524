#!/usr/bin/env python3
"""bench/soak's Python steps: the request mix, the indexer's changes, the sampler, the report.

  mix      --cold FILE --warm FILE --corpus JSONL --out FILE [--seed 42]
           The soak's request mix, one target a line, walked in turn by wrk
           (bench/http_mix.lua, cycle order): every cold /search target of
           bench/http_mix.py, a warm one (Zipf draw) after every second, and after
           every fifth one of the other routes in turn: /suggest (the start of a
           cold query's first word), /trends (a cold query's q and filters),
           /related/ID, /stories/ID, /issues/N, for seeded issues of the corpus.
  change   --file FILE
           One change more: rewrites FILE (JSON Lines, atomically) with one
           SYNTHETIC issue of 3 stories more (issues are numbered from
           1,000,001) and the first story of the first issue retitled for this
           change; the other stories stay as they were. A missing FILE gets its
           first issue. Nothing is ever deleted, because Xapian 1.4.22 fails
           some searches once document ids have gaps (bench/RESULTS.md, "Soak").
  sample   --searchd PID --root PID --interval S --stop FILE --out FILE
           Every S seconds until searchd exits or the file --stop appears:
           searchd's VmRSS and VmHWM, its result cache's entries (/metrics), the CPUs busy on the machine
           (/proc/stat), the CPUs used by the soak's own processes (ROOT and
           its descendants, from /proc/PID/stat, reaped children included), and
           the difference: what other processes used.
  report   RUNS --size N ... (bench/soak passes the run's settings)
           The Markdown report from the run's files: targets met, one row per
           load window, the indexer's runs, searchd's memory.

Everything a request or a change carries is SYNTHETIC: pseudo-words of
bench/generate_corpus.py's corpus, or text labelled as made by this script.
(Python 3 standard library only)
"""

import argparse
import datetime
import json
import os
import pathlib
import random
import statistics
import sys
import time
import urllib.parse
import urllib.request

SOAK_ISSUE_BASE = 1_000_000      # issues of the changes file: beyond any generated corpus
SOAK_FIRST_DATE = "2100-01-01"   # after the generated corpus's last issue (about 2044 at 100,000)
SOAK_NEWSLETTER = "SYNTHETIC SOAK CHANGES (not news)"
OTHER_ROUTES = ("suggest", "trends", "related", "story", "issue")
RSS_GROWTH_TARGET = 0.10
P99_FLAT_RATIO = 1.5             # last windows' median p99 over the first windows' (after warm-up)
P99_SPIKE_RATIO = 3.0            # a window's p99 over the median of all windows
FLAT_WINDOWS = 5                 # windows compared at each end (fewer in a short run)


# ---- mix -------------------------------------------------------------------

def read_targets(path):
    lines = pathlib.Path(path).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def last_issue_number(corpus):
    """The issue number of the corpus's last line (generate_corpus.py numbers issues in order)."""
    with open(corpus, "rb") as f:
        f.seek(0, os.SEEK_END)
        f.seek(max(0, f.tell() - (1 << 20)))
        last = f.read().rstrip(b"\n").rsplit(b"\n", 1)[-1]
    return int(json.loads(last)["issue"])


def zipf_draw(rng, count):
    weights = [1 / rank for rank in range(1, count + 1)]
    return rng.choices(range(count), weights=weights)[0]


def other_route(kind, cold_target, rng, issues):
    path, _, query = cold_target.partition("?")
    params = [(k, v) for k, v in urllib.parse.parse_qsl(query) if k != "facets"]
    issue = rng.randint(1, issues)
    if kind == "suggest":
        words = dict(params).get("q", "beke").replace('"', " ").split()
        word = next((w for w in words if ":" not in w and w.isalpha()), "beke")
        return "/suggest?" + urllib.parse.urlencode({"q": word[:rng.randint(2, 5)]})
    if kind == "trends":
        return "/trends?" + urllib.parse.urlencode(params)
    if kind == "related":
        return f"/related/{issue}-1"
    if kind == "story":
        return f"/stories/{issue}-{rng.randint(1, 4)}"
    return f"/issues/{issue}"


def write_mix(args):
    cold, warm = read_targets(args.cold), read_targets(args.warm)
    issues = last_issue_number(args.corpus)
    rng = random.Random(args.seed)
    lines = [f"# SYNTHETIC soak mix (bench/soak_report.py mix, seed {args.seed}): "
             f"{len(cold)} cold /search targets, warm ones and other routes"]
    others = 0
    for i, target in enumerate(cold, 1):
        lines.append(target)
        if i % 2 == 0:
            lines.append(warm[zipf_draw(rng, len(warm))])
        if i % 5 == 0:
            lines.append(other_route(OTHER_ROUTES[others % len(OTHER_ROUTES)], target, rng, issues))
            others += 1
    pathlib.Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"soak mix: {len(lines) - 1} targets in {args.out}", file=sys.stderr)


# ---- change ----------------------------------------------------------------

def soak_story(issue_index, story, run):
    revised = issue_index == 0 and story == 1 and run > 0
    title = f"SYNTHETIC soak issue {issue_index} story {story}" + (f" revised by change {run}" if revised else "")
    return {
        "issue": SOAK_ISSUE_BASE + issue_index + 1,
        "story": story,
        "date": (datetime.date.fromisoformat(SOAK_FIRST_DATE) + datetime.timedelta(days=issue_index)).isoformat(),
        "newsletter": SOAK_NEWSLETTER,
        "title": title,
        "paragraphs": [f"SYNTHETIC text written by bench/soak, not news: soakword{issue_index} beke lazu vara zufa."
                       + (f" Revised by change {run}." if revised else "")],
        "bullets": [f"SYNTHETIC bullet of soak issue {issue_index}"],
    }


def write_change(args):
    path = pathlib.Path(args.file)
    run = len(path.read_text(encoding="utf-8").splitlines()) // 3 if path.exists() else 0
    lines = [json.dumps(soak_story(i, s, run)) for i in range(run + 1) for s in (1, 2, 3)]
    partial = path.with_name(path.name + ".partial")
    partial.write_text("\n".join(lines) + "\n", encoding="utf-8")
    partial.replace(path)  # the indexer never reads half a file


# ---- sample ----------------------------------------------------------------

def cpu_jiffies():
    fields = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return sum(fields), fields[3] + fields[4]  # total, idle + iowait


def process_table():
    """pid -> (ppid, utime + stime + cutime + cstime in jiffies) of every live process."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = open(f"/proc/{entry}/stat").read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()  # after "pid (comm) "
        table[int(entry)] = (int(fields[1]), sum(int(x) for x in fields[11:15]))
    return table


def tree_jiffies(root):
    """CPU time of ROOT and its live descendants; a reaped child's time is in its parent's cutime."""
    table = process_table()
    children = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        if pid in table:
            total += table[pid][1]
            stack.extend(children.get(pid, []))
    return total


def memory_kb(pid):
    values = {}
    for line in open(f"/proc/{pid}/status"):
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values["VmRSS"], values["VmHWM"]


def cache_entries(metrics_url):
    """searchd_cache_entries from searchd's /metrics, -1 when it does not answer within 5 s."""
    try:
        with urllib.request.urlopen(metrics_url, timeout=5) as answer:
            for line in answer.read().decode().splitlines():
                if line.startswith("searchd_cache_entries "):
                    return int(float(line.split()[1]))
    except (OSError, ValueError):
        pass
    return -1


def sample(args):
    cpus = os.cpu_count()
    ticks = os.sysconf("SC_CLK_TCK")
    start = time.time()
    out = open(args.out, "w", buffering=1)
    out.write("seconds\trss_kb\thwm_kb\tcache_entries\tbusy_cpus\tsoak_cpus\tother_cpus\n")
    before = (cpu_jiffies(), tree_jiffies(args.root), time.time())
    while not pathlib.Path(args.stop).exists():
        time.sleep(args.interval)
        try:
            rss, hwm = memory_kb(args.searchd)
        except OSError:
            break  # searchd is gone; bench/soak reports how it exited
        now = (cpu_jiffies(), tree_jiffies(args.root), time.time())
        (total0, idle0), ours0, t0 = before
        (total1, idle1), ours1, t1 = now
        busy = (total1 - total0 - (idle1 - idle0)) / max(1, total1 - total0) * cpus
        ours = min(busy, (ours1 - ours0) / ticks / max(1e-3, t1 - t0))
        out.write(f"{t1 - start:.1f}\t{rss}\t{hwm}\t{cache_entries(args.metrics)}\t{busy:.2f}\t{ours:.2f}\t{max(0.0, busy - ours):.2f}\n")
        before = now


# ---- report ----------------------------------------------------------------

def read_tsv(path):
    path = pathlib.Path(path)
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:] if line]


def read_windows(runs):
    windows = []
    for row in read_tsv(runs / "windows.tsv"):
        result = runs / f"wrk-{int(row['window']):03d}.json"
        figures = json.loads(result.read_text()) if result.exists() and result.stat().st_size else None
        windows.append({"window": int(row["window"]), "start": float(row["start"]),
                        "end": float(row["end"]), "wrk_status": int(row["status"]), "figures": figures})
    return windows


def fmt(x, digits=1):
    return "" if x is None else f"{x:,.{digits}f}"


def failed(w):
    f = w["figures"]
    return sum(f[k] for k in ("connect_errors", "read_errors", "write_errors", "timeout_errors"))


def other_5xx(f):
    return f["status_5xx"] - max(0, f["timeout_503"])


def indexer_during(runs_of_indexer, start, end):
    """What the indexer did between START and END (seconds since the load began)."""
    marks = []
    for r in runs_of_indexer:
        began, ended = float(r["start"]), float(r["start"]) + float(r["seconds"])
        if began < end and ended > start:
            marks.append(f"{r['kind']} {r['run']}")
    return ", ".join(marks)


def samples_between(samples, start, end):
    return [s for s in samples if start < float(s["seconds"]) <= end]


def rss_growth(samples, indexer_runs):
    """RSS after the first rebuild: baseline (first sample after it ended), the peak and the last sample."""
    rebuilds = [r for r in indexer_runs if r["kind"] == "rebuild"]
    if not rebuilds or not samples:
        return None
    ended = float(rebuilds[0]["start"]) + float(rebuilds[0]["seconds"])
    after = [s for s in samples if float(s["seconds"]) > ended]
    if len(after) < 2:
        return None
    base, last = int(after[0]["rss_kb"]), int(after[-1]["rss_kb"])
    peak = max(int(s["rss_kb"]) for s in after)
    growth = {"after_seconds": float(after[0]["seconds"]), "base": base, "peak": peak, "last": last,
              "growth_peak": peak / base - 1, "growth_last": last / base - 1}
    # The result cache grows RSS until it holds its most entries: growth from then
    # on is what a leak would show.
    most = max(int(s["cache_entries"]) for s in samples)
    full = [s for s in after if int(s["cache_entries"]) >= most]
    if most > 0 and len(full) >= 2:
        full_base = int(full[0]["rss_kb"])
        full_peak = max(int(s["rss_kb"]) for s in full)
        growth.update(full_seconds=float(full[0]["seconds"]), full_entries=most, full_base=full_base,
                      full_peak=full_peak, full_growth=full_peak / full_base - 1)
    return growth


def p99_flatness(windows):
    p99s = [w["figures"]["p99_ms"] for w in windows if w["figures"] and w["figures"]["requests"]]
    if len(p99s) < 3:
        return None
    steady = p99s[1:]  # the first window warms the engines and the page cache
    n = max(1, min(FLAT_WINDOWS, len(steady) // 2))
    first, last = statistics.median(steady[:n]), statistics.median(steady[-n:])
    middle = statistics.median(p99s)
    spikes = [(w["window"], w["figures"]["p99_ms"]) for w in windows
              if w["figures"] and w["figures"]["p99_ms"] > P99_SPIKE_RATIO * middle]
    return {"first": first, "last": last, "median": middle, "n": n, "ratio": last / first if first else None,
            "max": max(p99s), "spikes": spikes}


def totals(windows):
    present = [w["figures"] for w in windows if w["figures"]]
    keys = ("requests", "connect_errors", "read_errors", "write_errors", "timeout_errors",
            "non_2xx", "status_5xx", "timeout_503", "timed_out_200")
    total = {k: sum(f[k] for f in present) for k in keys}
    total["seconds"] = sum(f["seconds"] for f in present)
    total["failed"] = sum(failed(w) for w in windows if w["figures"])
    total["missing"] = sum(1 for w in windows if not w["figures"] or w["wrk_status"] != 0)
    return total


def metrics_5xx(runs):
    """5xx answers by route and status, as searchd itself counted them (its /metrics at the end)."""
    path = runs / "metrics.txt"
    if not path.exists():
        return None
    counts = {}
    for line in path.read_text().splitlines():
        if line.startswith("searchd_requests_total{") and 'status="5' in line:
            labels, value = line.rsplit(" ", 1)
            counts[labels[len("searchd_requests_total"):]] = int(float(value))
    return counts


def metrics_cache(runs):
    """The result cache's size, hits and misses and the reloads seen, from /metrics at the end."""
    path = runs / "metrics.txt"
    if not path.exists():
        return None
    names = {"searchd_cache_entries": "entries", 'searchd_cache_lookups_total{outcome="hit"}': "hit",
             'searchd_cache_lookups_total{outcome="miss"}': "miss", "searchd_index_reloads_total": "reloads"}
    found = {}
    for line in path.read_text().splitlines():
        name, _, value = line.rpartition(" ")
        if name in names:
            found[names[name]] = int(float(value))
    return found if len(found) == len(names) else None


def verdict(ok):
    return "met" if ok else "**missed**"


def targets_table(total, growth, flat, searchd_exit):
    lines = ["| target | figure | met? |", "| --- | --- | --- |"]
    lines.append(f"| zero failed requests (connect, read, write errors, timeouts) | {total['failed']:,}"
                 f" of {total['requests']:,} | {verdict(total['failed'] == 0 and total['missing'] == 0)} |")
    lines.append(f"| zero 5xx (other than a 503 timeout) | {total['status_5xx'] - total['timeout_503']:,} |"
                 f" {verdict(total['status_5xx'] - total['timeout_503'] == 0)} |")
    lines.append(f"| 503 timeouts (counted apart) | {total['timeout_503']:,}; 200 with `timed_out`:"
                 f" {total['timed_out_200']:,} | {verdict(total['timeout_503'] == 0)} |")
    if growth:
        lines.append(f"| RSS growth after the first rebuild < 10% | peak {growth['growth_peak']:+.1%},"
                     f" last {growth['growth_last']:+.1%} | {verdict(growth['growth_peak'] < RSS_GROWTH_TARGET)} |")
    else:
        lines.append("| RSS growth after the first rebuild < 10% | no rebuild ended before the last sample | n/a |")
    if flat:
        lines.append(f"| p99 flat (median of the last {flat['n']} windows within {P99_FLAT_RATIO}x of the"
                     f" first {flat['n']} after the first) | {fmt(flat['first'])} ms -> {fmt(flat['last'])} ms"
                     f" ({flat['ratio']:.2f}x) | {verdict(flat['ratio'] is not None and flat['ratio'] <= P99_FLAT_RATIO)} |")
    lines.append(f"| searchd ran throughout | {searchd_exit} | {verdict(searchd_exit == 'running at the end')} |")
    return lines


def windows_table(windows, samples, indexer_runs):
    lines = ["| window | start s | requests | req/s | p50 ms | p99 ms | max ms | failed | 5xx | 503 timeout |"
             " 200 timed_out | RSS MiB | cache entries | others' CPUs | indexer |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for w in windows:
        f = w["figures"]
        inside = samples_between(samples, w["start"], w["end"])
        rss = fmt(int(inside[-1]["rss_kb"]) / 1024, 0) if inside else ""
        cache = f"{int(inside[-1]['cache_entries']):,}" if inside else ""
        others = fmt(statistics.mean(float(s["other_cpus"]) for s in inside), 2) if inside else ""
        doing = indexer_during(indexer_runs, w["start"], w["end"])
        if not f:
            lines.append(f"| {w['window']} | {w['start']:.0f} | wrk failed (status {w['wrk_status']}) |"
                         f" | | | | | | | | {rss} | {cache} | {others} | {doing} |")
            continue
        lines.append(f"| {w['window']} | {w['start']:.0f} | {f['requests']:,} | {fmt(f['requests_per_second'])} |"
                     f" {fmt(f['p50_ms'])} | {fmt(f['p99_ms'])} | {fmt(f['max_ms'])} | {failed(w)} |"
                     f" {other_5xx(f)} | {f['timeout_503']} | {f['timed_out_200']} | {rss} | {cache} | {others} | {doing} |")
    return lines


def indexer_table(indexer_runs):
    lines = ["| run | kind | due at s | times missed before | started at s | seconds | exit | last line |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in indexer_runs:
        said = r["said"].split(": ", 1)[-1].replace("|", "\\|")  # the paths are in the heading
        lines.append(f"| {r['run']} | {r['kind']} | {float(r['due']):.0f} | {r['missed']} | {float(r['start']):.0f} |"
                     f" {float(r['seconds']):.1f} | {r['exit']} | {said} |")
    return lines


def rss_lines(samples, growth):
    if not samples:
        return ["No memory samples."]
    rss = [int(s["rss_kb"]) for s in samples]
    lines = [f"{len(samples)} samples of searchd's VmRSS (every {args_interval(samples)} s): first "
             f"{rss[0] / 1024:.0f} MiB, lowest {min(rss) / 1024:.0f}, highest {max(rss) / 1024:.0f}, last "
             f"{rss[-1] / 1024:.0f}; VmHWM at the end {int(samples[-1]['hwm_kb']) / 1024:.0f} MiB."]
    if growth:
        lines.append(f"After the first rebuild (first sample at {growth['after_seconds']:.0f} s):"
                     f" {growth['base'] / 1024:.0f} MiB, then at most {growth['peak'] / 1024:.0f} MiB"
                     f" ({growth['growth_peak']:+.1%}), last {growth['last'] / 1024:.0f} MiB"
                     f" ({growth['growth_last']:+.1%}).")
        if "full_seconds" in growth:
            lines.append(f"With the result cache at its most ({growth['full_entries']:,} entries) and after the"
                         f" first rebuild (from {growth['full_seconds']:.0f} s): {growth['full_base'] / 1024:.0f} MiB,"
                         f" then at most {growth['full_peak'] / 1024:.0f} MiB ({growth['full_growth']:+.1%}).")
    return lines


def args_interval(samples):
    if len(samples) < 2:
        return "?"
    return f"{float(samples[1]['seconds']) - float(samples[0]['seconds']):.0f}"


def load_lines(samples, meta):
    if not samples:
        return []
    others = [float(s["other_cpus"]) for s in samples]
    ours = [float(s["soak_cpus"]) for s in samples]
    busy = [float(s["busy_cpus"]) for s in samples]
    return [f"Machine ({meta['cpus']} CPUs, shared): other processes used {statistics.mean(others):.2f} CPUs on"
            f" average (median {statistics.median(others):.2f}, highest 10-s sample {max(others):.2f}); the soak"
            f" itself (searchd, wrk, the indexer) {statistics.mean(ours):.2f}; the machine was busy"
            f" {statistics.mean(busy) / meta['cpus']:.0%} of the time. Load average at the start"
            f" {meta['load_start']}, at the end {meta['load_end']}."]


def report(args):
    runs = pathlib.Path(args.runs)
    meta = json.loads((runs / "meta.json").read_text())
    windows = read_windows(runs)
    samples = read_tsv(runs / "samples.tsv")
    indexer_runs = read_tsv(runs / "indexer-runs.tsv")
    total = totals(windows)
    growth = rss_growth(samples, indexer_runs)
    flat = p99_flatness(windows)
    out = [f"## Soak: {meta['label']}, {meta['minutes']} minutes", ""]
    out.append(f"{meta['date']}, commit {meta['commit']}. searchd `{' '.join(meta['searchd_args'])}`;"
               f" wrk `-t{meta['wrk_threads']} -c{meta['connections']} --timeout {meta['wrk_timeout']}` in"
               f" {meta['window']}-s windows on the soak mix ({meta['mix_lines']:,} targets in turn).")
    out.append(f"The indexer: every {meta['change_every']} s a change (a SYNTHETIC issue of 3 stories added, one"
               f" story retitled, in `{meta['changes_file']}`) and an incremental run; `--rebuild` instead once"
               f" {meta['rebuild_every']} s have passed since the last rebuild was due. A run that overruns"
               f" makes the next wait for the next multiple of {meta['change_every']} s; one still going"
               f" {meta['grace']} s after the load is stopped (exit 143).")
    out.append(f"Deadline: {meta['deadline']}.")
    out += [""] + load_lines(samples, meta) + [""]
    out += ["### Targets", ""] + targets_table(total, growth, flat, meta["searchd_exit"]) + [""]
    rate = total["requests"] / total["seconds"] if total["seconds"] else 0
    out.append(f"{total['requests']:,} requests in {total['seconds']:.0f} s of load: {rate:.1f} requests/s;"
               f" non-2xx {total['non_2xx']:,} (5xx {total['status_5xx']:,}, of which 503 timeouts"
               f" {total['timeout_503']:,}).")
    if flat:
        out.append(f"p99 by window: median {fmt(flat['median'])} ms, highest {fmt(flat['max'])} ms"
                   + (f"; over {P99_SPIKE_RATIO:g}x the median: "
                      + ", ".join(f"window {n} ({fmt(p)} ms)" for n, p in flat["spikes"]) if flat["spikes"] else "")
                   + ".")
    by_metrics = metrics_5xx(runs)
    if by_metrics:
        out.append("searchd's /metrics counted 5xx: " + ", ".join(f"`{k}` {v}" for k, v in sorted(by_metrics.items())))
    cache = metrics_cache(runs)
    if cache:
        out.append(f"Result cache at the end: {cache['entries']:,} entries; {cache['hit']:,} hits and"
                   f" {cache['miss']:,} misses; {cache['reloads']:,} index revisions seen.")
    out += ["", "### Load windows", ""] + windows_table(windows, samples, indexer_runs)
    out += ["", "### Indexer runs", ""] + indexer_table(indexer_runs)
    out += ["", "### searchd's memory", ""] + rss_lines(samples, growth)
    errors = meta.get("searchd_log_lines", [])
    if errors:
        out += ["", f"### searchd's log: {len(errors)} lines other than requests (first 10)", "", "```"]
        out += errors[:10] + ["```"]
    print("\n".join(out))
    bad = (total["failed"] or total["missing"] or other_5xx(total) or meta["searchd_exit"] != "running at the end")
    return 2 if bad else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    steps = parser.add_subparsers(dest="step", required=True)
    mix = steps.add_parser("mix")
    mix.add_argument("--cold", required=True)
    mix.add_argument("--warm", required=True)
    mix.add_argument("--corpus", required=True)
    mix.add_argument("--out", required=True)
    mix.add_argument("--seed", type=int, default=42)
    change = steps.add_parser("change")
    change.add_argument("--file", required=True)
    sampler = steps.add_parser("sample")
    sampler.add_argument("--searchd", type=int, required=True)
    sampler.add_argument("--root", type=int, required=True)
    sampler.add_argument("--interval", type=float, default=10)
    sampler.add_argument("--metrics", required=True, help="searchd's /metrics URL (the cache's size)")
    sampler.add_argument("--stop", required=True, help="stop once this file exists")
    sampler.add_argument("--out", required=True)
    rep = steps.add_parser("report")
    rep.add_argument("runs")
    args = parser.parse_args()
    if args.step == "mix":
        write_mix(args)
    elif args.step == "change":
        write_change(args)
    elif args.step == "sample":
        sample(args)
    else:
        sys.exit(report(args))


if __name__ == "__main__":
    main()
