#!/usr/bin/env python3
"""Draws the articles of the real-news entity evaluation set (tests/fixtures/entities-gold/).

60 articles from allsides and 40 from bbc, drawn uniformly at random (seeded, so the draw is
repeatable) from the corpora in ../shared/corpora. Prints one JSON object per article
(id, title, body) for annotation; only the ids and the hand-made annotations are kept in the
repository, never the text.

    python3 scripts/sample_entity_gold.py ../shared/corpora > /tmp/sample.jsonl
"""
import gzip
import json
import random
import sys

SEED = 20261203
DRAWS = [("allsides.jsonl.gz", 60), ("bbc.jsonl.gz", 40)]


def main() -> None:
    folder = sys.argv[1] if len(sys.argv) > 1 else "../shared/corpora"
    rng = random.Random(SEED)
    for name, count in DRAWS:
        with gzip.open(f"{folder}/{name}", "rt", encoding="utf-8") as lines:
            articles = [json.loads(line) for line in lines]
        for article in rng.sample(articles, count):
            print(json.dumps({"id": article["id"], "title": article["title"], "body": article["body"]}))


if __name__ == "__main__":
    main()
