#!/usr/bin/env python3
"""Latency of /api/search over HTTP for a file of queries, against one or more running
`newsroom serve` instances (for example the local index and `--backend quickwit`), one query at
a time, same queries in the same order. Prints p50/p90/p99 and the mean in milliseconds.

    python3 scripts/backend_latency.py ../shared/peers/queries/news-queries.txt \
        local=http://127.0.0.1:8080 quickwit=http://127.0.0.1:8081 [--params 'size=10'] [--repeat 3]
"""
import argparse
import statistics
import time
import urllib.parse
import urllib.request


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("queries")
    parser.add_argument("servers", nargs="+", help="name=URL")
    parser.add_argument("--params", default="size=10")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    queries = [line.strip() for line in open(args.queries, encoding="utf-8")
               if line.strip() and not line.startswith("#")]
    for server in args.servers:
        name, base = server.split("=", 1)
        timings = []
        for round_number in range(args.repeat + 1):
            for query in queries:
                url = f"{base}/api/search?q={urllib.parse.quote(query)}&{args.params}"
                started = time.perf_counter()
                with urllib.request.urlopen(url) as response:
                    response.read()
                if round_number > 0:  # the first round warms caches
                    timings.append((time.perf_counter() - started) * 1000)
        print(f"{name}: {len(queries)} queries x {args.repeat}: p50 {percentile(timings, 0.5):.2f} ms, "
              f"p90 {percentile(timings, 0.9):.2f} ms, p99 {percentile(timings, 0.99):.2f} ms, "
              f"mean {statistics.mean(timings):.2f} ms")


if __name__ == "__main__":
    main()
