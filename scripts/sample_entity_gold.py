#!/usr/bin/env python3
"""Draws the articles of the real-news entity evaluation sets (tests/fixtures/entities-gold/).

By default the development set: 60 articles from allsides and 40 from bbc, drawn uniformly at
random (seeded, so the draw is repeatable) from the corpora in ../shared/corpora. `--held-out`
draws the held-out set instead: 30 from allsides and 20 from bbc with another seed, leaving out
the development set's articles. `--second-development` draws a second development set the same
way with a third seed, leaving out the articles of both earlier sets. Prints one JSON object per article (id, title, body) for
annotation; only the ids and the hand-made annotations are kept in the repository, never the
text.

    python3 scripts/sample_entity_gold.py ../shared/corpora > /tmp/sample.jsonl
    python3 scripts/sample_entity_gold.py ../shared/corpora --held-out > /tmp/held-out.jsonl
    python3 scripts/sample_entity_gold.py ../shared/corpora --second-development > /tmp/dev2.jsonl
"""
import gzip
import json
import os
import random
import sys

DEVELOPMENT = (20261203, [("allsides.jsonl.gz", 60), ("bbc.jsonl.gz", 40)])
HELD_OUT = (20261204, [("allsides.jsonl.gz", 30), ("bbc.jsonl.gz", 20)])
SECOND_DEVELOPMENT = (20261205, [("allsides.jsonl.gz", 30), ("bbc.jsonl.gz", 20)])
GOLD_FOLDER = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "entities-gold")
DEVELOPMENT_GOLD = os.path.join(GOLD_FOLDER, "real-news.jsonl")
HELD_OUT_GOLD = os.path.join(GOLD_FOLDER, "real-news-heldout.jsonl")


def gold_ids(paths: list) -> set:
    """The article ids of earlier sets, so a new draw never repeats one of their articles."""
    ids = set()
    for path in paths:
        with open(path, encoding="utf-8") as gold:
            ids |= {json.loads(line)["id"] for line in gold if line.strip()}
    return ids


def main() -> None:
    arguments = [argument for argument in sys.argv[1:] if not argument.startswith("--")]
    folder = arguments[0] if arguments else "../shared/corpora"
    if "--second-development" in sys.argv:
        (seed, draws), excluded = SECOND_DEVELOPMENT, gold_ids([DEVELOPMENT_GOLD, HELD_OUT_GOLD])
    elif "--held-out" in sys.argv:
        (seed, draws), excluded = HELD_OUT, gold_ids([DEVELOPMENT_GOLD])
    else:
        (seed, draws), excluded = DEVELOPMENT, set()
    rng = random.Random(seed)
    for name, count in draws:
        with gzip.open(f"{folder}/{name}", "rt", encoding="utf-8") as lines:
            articles = [json.loads(line) for line in lines]
        candidates = [article for article in articles if article["id"] not in excluded]
        for article in rng.sample(candidates, count):
            print(json.dumps({"id": article["id"], "title": article["title"], "body": article["body"]}))


if __name__ == "__main__":
    main()
