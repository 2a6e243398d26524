#!/usr/bin/env python3
"""The two Python steps of bench/http-bench (standard library only).

check URL TARGETS OUT --order cycle|zipf [--connections N]
    Fetches every target of TARGETS once (N keep-alive connections, default 1;
    30 s a request) and writes OUT (JSON): statuses, body sizes, the targets that
    did not answer 200 with valid JSON, and the median body as wrk sends the mix
    and mean (with --order zipf each target weighted as bench/http_mix.lua draws
    it: line r with weight 1 / r). http-bench sizes the constant server's body by
    the weighted mean: that is what wrk's bytes per response measure, and the
    weighted median of a mix whose most drawn answers differ in size jumps between
    them on a few bytes. Exit status 0 even with failures: the report lists them.

report RUNS --size seed|N --label TEXT --rounds R ... (see --help)
    Reads the outputs of one http-bench run in RUNS and prints the Markdown
    tables: the median of each figure over the rounds, each round's throughput
    and ratios, and the targets met. Exit status 2 when anything failed (a check,
    a wrk error, a search that threw): such figures are not valid.
"""

import argparse
import concurrent.futures
import http.client
import json
import os
import statistics
import sys
import time
import urllib.parse

WRK_ERRORS = ("connect_errors", "read_errors", "write_errors", "timeout_errors", "status_errors")


# --- check --------------------------------------------------------------------

def fetch_all(url, targets, connections):
    address = urllib.parse.urlsplit(url)

    def worker(part):
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        answers = []
        try:
            for index in part:
                connection.request("GET", targets[index])
                response = connection.getresponse()
                answers.append((index, response.status, response.read()))
        finally:
            connection.close()
        return answers

    parts = [range(i, len(targets), connections) for i in range(connections)]
    with concurrent.futures.ThreadPoolExecutor(connections) as pool:
        results = [a for answers in pool.map(worker, parts) for a in answers]
    return sorted(results)


def weights(count, order):
    return [1 / rank if order == "zipf" else 1.0 for rank in range(1, count + 1)]


def served_mean(sizes, order):
    w = weights(len(sizes), order)
    return round(sum(s * x for s, x in zip(sizes, w)) / sum(w))


def served_median(sizes, order):
    if order != "zipf":
        return int(statistics.median(sizes))
    weighted = sorted((size, 1 / rank) for rank, size in enumerate(sizes, start=1))
    half, running = sum(w for _, w in weighted) / 2, 0.0
    for size, weight in weighted:
        running += weight
        if running >= half:
            return size
    return weighted[-1][0]


def check(args):
    targets = [line.rstrip("\n") for line in open(args.targets) if line.strip()]
    started = time.monotonic()
    answers = fetch_all(args.url, targets, args.connections)
    statuses, sizes, failures = {}, [], []
    for index, status, body in answers:
        statuses[status] = statuses.get(status, 0) + 1
        sizes.append(len(body))
        try:
            json.loads(body)
            valid = True
        except ValueError:
            valid = False
        if status != 200 or not valid:
            failures.append({"target": targets[index], "status": status,
                             "body": body[:300].decode("utf-8", "replace")})
    with open(args.out, "w") as f:
        json.dump({"targets": len(targets), "seconds": time.monotonic() - started,
                   "statuses": {str(k): v for k, v in sorted(statuses.items())},
                   "median_bytes": int(statistics.median(sizes)),
                   "served_median_bytes": served_median(sizes, args.order),
                   "served_mean_bytes": served_mean(sizes, args.order),
                   "min_bytes": min(sizes), "max_bytes": max(sizes),
                   "failures": len(failures), "first_failures": failures[:5]}, f)
    return 0


# --- report -------------------------------------------------------------------

class Runs:
    def __init__(self, folder, rounds):
        self.folder, self.rounds = folder, rounds

    def path(self, name):
        return os.path.join(self.folder, name)

    def load(self, name):
        return json.load(open(self.path(name))) if os.path.exists(self.path(name)) else None

    def per_round(self, stem):
        """[round 1's JSON, round 2's, ...], None where missing."""
        return [self.load(f"{stem}-{r}.json") for r in range(1, self.rounds + 1)]

    def busy(self, name):
        path = self.path(f"busy-{name}.txt")
        return float(open(path).read()) if os.path.exists(path) else None

    def rss_mib(self, name):
        values = {}
        if os.path.exists(self.path(f"rss-{name}.txt")):
            for line in open(self.path(f"rss-{name}.txt")):
                key, value, _unit = line.split()
                values[key.rstrip(":")] = int(value) / 1024
        return values


def fmt(x, digits=2):
    return "" if x is None else f"{x:,.{digits}f}"


def median_of(results, key):
    values = [r[key] for r in results if r is not None]
    return statistics.median(values) if values else None


def wrk_errors(w):
    return sum(w[k] for k in WRK_ERRORS) + max(0, w.get("non_2xx", -1))


def errors_of(results, kind):
    present = [r for r in results if r is not None]
    if not present:
        return None
    return sum(wrk_errors(r) if kind == "wrk" else r["errors"] for r in present)


def ratios(numerators, denominators):
    return [n["requests_per_second"] / d["requests_per_second"] if n and d else None
            for n, d in zip(numerators, denominators)]


def verdict(ok, judged=True):
    return ("yes" if ok else "**no**") if judged else "(judged at 1,000,000)"


def report(args):
    runs = Runs(args.runs, args.rounds)
    engine, engine_json = runs.per_round("engine"), runs.per_round("engine-json")
    cold, warm = runs.per_round("wrk-searchd-cold"), runs.per_round("wrk-searchd-warm")
    constant = runs.per_round("wrk-constant-tuned")
    defaults = runs.load("wrk-constant-defaults.json")
    check_cold, check_warm = runs.load("check-cold.json"), runs.load("check-warm.json")
    rss = {name: runs.rss_mib(name) for name in ("searchd-cold", "searchd-warm")}
    body = check_warm["served_mean_bytes"] if check_warm else None

    print(f"## HTTP serving: {args.label}")
    print()
    print(f"Index `{args.db}`; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; commit {args.commit};"
          f" {os.cpu_count()} CPUs; load average {args.load_start} before, {args.load_end} after;"
          f" {args.seconds} s in all. {args.rounds} rounds, each (a) (a2) (b) (c) (d) in turn.")
    print(f"wrk -t{args.wrk_threads} -c{args.connections} -d{args.duration}s --latency --timeout 10s, keep-alive,"
          f" loopback; searchd --threads {args.threads} --connections {args.pool} --keep-alive-requests"
          f" {args.keep_alive} --access-log off; engine_throughput --threads {args.threads}.")
    print()
    print(f"Median over the rounds (max: the largest; requests and errors: summed):")
    print()
    print("| run | what | requests/s | p50 ms | p90 ms | p99 ms | max ms | requests | errors |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    rows = [
        ("(a)", f"engine in process, {args.threads} threads, cold mix", engine, "engine"),
        ("(a2)", "(a) and the JSON body", engine_json, "engine"),
        ("(b)", "searchd, cache off, cold mix", cold, "wrk"),
        ("(c)", "searchd, cache on, warm mix", warm, "wrk"),
        ("(d)", f"constant_server tuned, {body}-byte body, warm mix", constant, "wrk"),
    ]
    if defaults:
        rows.append(("(e)", f"constant_server, cpp-httplib defaults ({args.untuned_seconds} s, once)",
                     [defaults], "wrk"))
    for tag, what, results, kind in rows:
        present = [r for r in results if r is not None]
        if not present:
            continue
        print(f"| {tag} | {what} | {fmt(median_of(present, 'requests_per_second'), 1)} |"
              f" {fmt(median_of(present, 'p50_ms'))} | {fmt(median_of(present, 'p90_ms'))} |"
              f" {fmt(median_of(present, 'p99_ms'))} | {fmt(max(r['max_ms'] for r in present))} |"
              f" {sum(r['requests'] for r in present):,} | {errors_of(present, kind)} |")
    print()

    cold_ratio, json_ratio = ratios(cold, engine), ratios(cold, engine_json)
    warm_ratio = ratios(warm, constant)
    print("Each round: requests/s, and the CPUs the machine's other processes used in the 3 s before the round"
          f" (of {os.cpu_count()}):")
    print()
    print("| round | others' CPUs | (a) | (a2) | (b) | (c) | (d) | b / a | c / d |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in range(args.rounds):
        cells = [fmt(x["requests_per_second"], 1) if x else "" for x in (engine[r], engine_json[r], cold[r],
                                                                         warm[r], constant[r])]
        print(f"| {r + 1} | {fmt(runs.busy(f'round-{r + 1}'))} | {' | '.join(cells)} |"
              f" {fmt(cold_ratio[r])} | {fmt(warm_ratio[r])} |")
    print()

    errors = []
    for name, c in (("cold", check_cold), ("warm", check_warm)):
        if c and c["failures"]:
            first = c["first_failures"][0]
            errors.append(f"{c['failures']} of {c['targets']} {name} targets did not answer 200 with JSON"
                          f" (statuses {c['statuses']}; first: {first['target']} -> {first['status']}"
                          f" {first['body'][:120]})")
    for name, results in (("(b)", cold), ("(c)", warm), ("(d)", constant)):
        for r, w in enumerate(results, start=1):
            if w and wrk_errors(w):
                errors.append(f"{name} round {r}: wrk counted errors: connect {w['connect_errors']}, read"
                              f" {w['read_errors']}, write {w['write_errors']}, timeout {w['timeout_errors']},"
                              f" status >= 400 {w['status_errors']}, non-2xx {w.get('non_2xx', -1)}")
    for name, results in (("(a)", engine), ("(a2)", engine_json)):
        for r, e in enumerate(results, start=1):
            if e and e["errors"]:
                errors.append(f"{name} round {r}: {e['errors']} searches threw: {e['first_error']}")
    missing = [f"{stem} round {r + 1}" for stem, results in
               (("(a)", engine), ("(a2)", engine_json), ("(b)", cold), ("(c)", warm), ("(d)", constant))
               for r, x in enumerate(results) if x is None]
    if missing:
        errors.append("missing outputs: " + ", ".join(missing))

    def median_ratio(values):
        present = [v for v in values if v is not None]
        return statistics.median(present) if present else None

    at_million = args.size == "1000000"
    print("| ratio or figure | measured (median of the rounds) | target | met |")
    print("| --- | ---: | --- | --- |")
    r = median_ratio(cold_ratio)
    if r is not None:
        print(f"| searchd cold / engine in process (b / a) | {r:.2f} | >= 0.80 | {verdict(r >= 0.8)} |")
    r = median_ratio(json_ratio)
    if r is not None:
        print(f"| searchd cold / engine with the JSON body (b / a2): HTTP's share alone | {r:.2f} | | |")
    r = median_ratio(warm_ratio)
    if r is not None:
        need = 0.8 if args.size == "seed" else 0.5
        print(f"| searchd warm / constant server (c / d) | {r:.2f} | >= {need:.2f} | {verdict(r >= need)} |")
    p99 = median_of([c for c in cold if c], "p99_ms")
    if p99 is not None:
        print(f"| searchd cold p99 at {args.connections} connections | {p99:,.1f} ms | <= 25 ms at 1,000,000 |"
              f" {verdict(p99 <= 25, at_million)} |")
    engine_p99 = median_of([e for e in engine if e], "p99_ms")
    if engine_p99 is not None:
        print(f"| the engine's own p99, in process, {args.threads} threads | {engine_p99:,.1f} ms | | |")
    if any(rss.values()):
        peak = max(v.get("VmHWM", 0) for v in rss.values())
        shown = "; ".join(f"{name.split('-')[1]} {v.get('VmRSS', 0):.0f} / {v.get('VmHWM', 0):.0f}"
                          for name, v in rss.items() if v)
        print(f"| searchd RSS after the runs, VmRSS / VmHWM MiB | {shown} | <= 512 MiB at 1,000,000 |"
              f" {verdict(peak <= 512, at_million)} |")
    print(f"| errors (checks, wrk, engine) | {len(errors)} | 0 | {verdict(not errors)} |")
    print()
    if check_warm and check_cold:
        per_response = [f"{name} {statistics.median(w['bytes'] / max(1, w['requests']) for w in present):,.0f}"
                        for name, present in (("searchd", [w for w in warm if w]),
                                              ("constant server", [w for w in constant if w]))
                        if present]
        print(f"Bodies: searchd's mean body of the warm mix as wrk draws it (each target weighted by its share) is"
              f" {body:,} bytes (weighted median {check_warm['served_median_bytes']:,}, unweighted median"
              f" {check_warm['median_bytes']:,}, min {check_warm['min_bytes']:,}, max {check_warm['max_bytes']:,});"
              f" wrk's bytes per response, headers included: {', '.join(per_response)}. Cold mix: median body"
              f" {check_cold['median_bytes']:,} bytes; checking its {check_cold['targets']:,} targets took"
              f" {check_cold['seconds']:.0f} s, the warm mix's {check_warm['seconds']:.0f} s.")
    slowest = {}
    for e in engine:
        for s in (e or {}).get("slowest", []):
            slowest[s["target"]] = max(slowest.get(s["target"], 0), s["ms"])
    if slowest:
        top = sorted(slowest.items(), key=lambda item: -item[1])[:3]
        listed = ", ".join(f"`{t.split('&facets=')[0]}` {ms:.0f} ms" for t, ms in top)
        print(f"Slowest in process (a): {listed}.")
    if errors:
        print()
        print("**ERRORS: the figures above are not valid.**")
        for e in errors:
            print(f"- {e}")
        return 2
    return 0


def main(argv):
    parser = argparse.ArgumentParser(description="The Python steps of bench/http-bench.")
    commands = parser.add_subparsers(dest="command", required=True)
    c = commands.add_parser("check", help="fetch every target once")
    c.add_argument("url")
    c.add_argument("targets")
    c.add_argument("out")
    c.add_argument("--order", choices=("cycle", "zipf"), default="cycle")
    c.add_argument("--connections", type=int, default=1)
    r = commands.add_parser("report", help="print the tables of one run")
    r.add_argument("runs")
    for name in ("size", "label", "db", "commit", "load-start", "load-end"):
        r.add_argument(f"--{name}", required=True)
    for name in ("rounds", "threads", "connections", "pool", "wrk-threads", "duration", "untuned-seconds",
                 "keep-alive", "seconds"):
        r.add_argument(f"--{name}", type=int, required=True)
    args = parser.parse_args(argv)
    return check(args) if args.command == "check" else report(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
