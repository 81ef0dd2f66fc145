#!/usr/bin/env python3
"""Draws the articles of the real-news entity evaluation sets (tests/fixtures/entities-gold/).

By default the development set: 60 articles from allsides and 40 from bbc, drawn uniformly at
random (seeded, so the draw is repeatable) from the corpora in ../shared/corpora. `--held-out`
draws the held-out set instead: 30 from allsides and 20 from bbc with another seed, leaving out
the development set's articles. Prints one JSON object per article (id, title, body) for
annotation; only the ids and the hand-made annotations are kept in the repository, never the
text.

    python3 scripts/sample_entity_gold.py ../shared/corpora > /tmp/sample.jsonl
    python3 scripts/sample_entity_gold.py ../shared/corpora --held-out > /tmp/held-out.jsonl
"""
import gzip
import json
import os
import random
import sys

DEVELOPMENT = (20261203, [("allsides.jsonl.gz", 60), ("bbc.jsonl.gz", 40)])
HELD_OUT = (20261204, [("allsides.jsonl.gz", 30), ("bbc.jsonl.gz", 20)])
DEVELOPMENT_GOLD = os.path.join(
    os.path.dirname(__file__), "..", "tests", "fixtures", "entities-gold", "real-news.jsonl"
)


def main() -> None:
    arguments = [argument for argument in sys.argv[1:] if not argument.startswith("--")]
    held_out = "--held-out" in sys.argv
    folder = arguments[0] if arguments else "../shared/corpora"
    seed, draws = HELD_OUT if held_out else DEVELOPMENT
    excluded = set()
    if held_out:
        with open(DEVELOPMENT_GOLD, encoding="utf-8") as gold:
            excluded = {json.loads(line)["id"] for line in gold if line.strip()}
    rng = random.Random(seed)
    for name, count in draws:
        with gzip.open(f"{folder}/{name}", "rt", encoding="utf-8") as lines:
            articles = [json.loads(line) for line in lines]
        candidates = [article for article in articles if article["id"] not in excluded]
        for article in rng.sample(candidates, count):
            print(json.dumps({"id": article["id"], "title": article["title"], "body": article["body"]}))


if __name__ == "__main__":
    main()
