#!/usr/bin/env python3
"""Samples article pairs from an index's story table, to check near-duplicate collapse by reading.

    python3 scripts/story_pairs.py INDEX_DIR [--seed N] [--pairs 50] [--threshold 0.75] [--outside 0.5]

Reads INDEX_DIR/stories.bin (written by `newsroom index`: every article's id, story and MinHash
signature) and prints, as JSON: the number of stories of two articles or more, the
distribution of each article's best estimated similarity to another, 50 random collapsed pairs
(two articles of one story) and 50 random pairs just outside the threshold (estimated
similarity from --outside up to the threshold, in different stories), each with its estimate.

    python3 scripts/story_pairs.py --show CORPUS.jsonl.gz ID ID

prints the two articles' titles and bodies for reading, with the share of word 3-shingles they
have in common (Jaccard), as a reading aid only. Standard library only.
"""
import argparse
import collections
import gzip
import json
import random
import re
import struct
import sys


HASHES, BANDS = 64, 16


def load(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"NRSTORY3":
        sys.exit(f"{path}: not a story table")
    (count,) = struct.unpack_from("<Q", data, 8)
    offset, entries = 16, []
    for _ in range(count):
        story, length = struct.unpack_from("<QQ", data, offset)
        offset += 16
        id = data[offset:offset + length].decode()
        offset += length
        signature = struct.unpack_from(f"<{HASHES}I", data, offset)
        offset += 4 * HASHES
        entries.append((id, signature, story))
    return entries


def similarity(a, b):
    return sum(x == y for x, y in zip(a, b)) / HASHES


def candidate_pairs(entries):
    """Every pair equal on at least one band of the signature, with its estimated similarity."""
    rows = HASHES // BANDS
    pairs = {}
    for band in range(BANDS):
        table = collections.defaultdict(list)
        for index, (_, signature, _) in enumerate(entries):
            table[signature[band * rows:(band + 1) * rows]].append(index)
        for members in table.values():
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    if (a, b) not in pairs:
                        pairs[(a, b)] = similarity(entries[a][1], entries[b][1])
    return pairs


def sample(args):
    entries = load(f"{args.index}/stories.bin")
    rng = random.Random(args.seed)
    stories = collections.defaultdict(list)
    for index, (_, _, story) in enumerate(entries):
        stories[story].append(index)
    collapsed = [(a, b) for members in stories.values() if len(members) > 1
                 for i, a in enumerate(members) for b in members[i + 1:]]
    pairs = candidate_pairs(entries)
    best = {}
    for (a, b), estimate in pairs.items():
        for x in (a, b):
            best[x] = max(best.get(x, 0.0), estimate)
    outside = [(a, b, estimate) for (a, b), estimate in pairs.items()
               if args.outside <= estimate < args.threshold and entries[a][2] != entries[b][2]]
    pick = lambda items: rng.sample(items, min(args.pairs, len(items)))
    print(json.dumps({
        "with_signature": len(entries),
        "stories_of_two_or_more": sum(len(m) > 1 for m in stories.values()),
        "articles_in_them": sum(len(m) for m in stories.values() if len(m) > 1),
        "largest": sorted((len(m) for m in stories.values()), reverse=True)[:10],
        "best_similarity_by_tenths": dict(sorted(collections.Counter(
            int(estimate * 10) / 10 for estimate in best.values()).items())),
        "collapsed_pairs": len(collapsed),
        "outside_pairs": len(outside),
        "collapsed_sample": [[entries[a][0], entries[b][0],
                              similarity(entries[a][1], entries[b][1])] for a, b in pick(collapsed)],
        "outside_sample": [[entries[a][0], entries[b][0], estimate]
                           for a, b, estimate in pick(outside)],
    }, indent=1))


def shingles(text):
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def show(args):
    wanted, found = set(args.ids), {}
    for path in args.corpus:
        with gzip.open(path, "rt") as f:
            for line in f:
                record = json.loads(line)
                if record["id"] in wanted:
                    found[record["id"]] = record
    for id in args.ids:
        record = found.get(id)
        if record is None:
            print(f"== {id}: not found")
            continue
        print(f"== {id} | {record['source']} | {record['published']} | {record['title']}")
        print(record["body"][: args.chars])
    if len(args.ids) == 2 and all(id in found for id in args.ids):
        a, b = (shingles(found[id]["body"]) for id in args.ids)
        print(f"== shingle Jaccard {len(a & b) / max(1, len(a | b)):.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("index", nargs="?")
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--pairs", type=int, default=50)
    parser.add_argument("--threshold", type=float, default=0.75)
    parser.add_argument("--outside", type=float, default=0.5)
    parser.add_argument("--show", dest="corpus", action="append")
    parser.add_argument("ids", nargs="*")
    parser.add_argument("--chars", type=int, default=600)
    args = parser.parse_args()
    if args.corpus:
        if args.index:
            args.ids.insert(0, args.index)
        show(args)
    else:
        sample(args)


if __name__ == "__main__":
    main()
