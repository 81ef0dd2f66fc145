#!/usr/bin/env python3
"""Counts snippets that hold boilerplate: runs each query of a file against a running
`newsroom serve` (top 10 hits) and searches each hit's snippet for phrases of captions, credits,
widgets and footers. Prints the count and the first matches, for reading one by one (some
matches are story text that uses the words).

    python3 scripts/check_snippet_boilerplate.py http://127.0.0.1:8080 ../shared/peers/queries/news-queries.txt
"""
import json
import re
import sys
import urllib.parse
import urllib.request
base=sys.argv[1]; queries=[l.strip() for l in open(sys.argv[2]) if l.strip() and not l.startswith('#')]
markers=["media playback","media caption","image copyright","image caption","hide caption","just watched","getty images","ap photo","sign up","newsletter","copyright","click here","advertisement","story continued below","contributed to this report","all rights reserved","read more","follow @","photos:","enlarge this image","toggle caption","more on this"]
bad=0; total=0; examples=[]
for q in queries:
    url=f"{base}/api/search?q={urllib.parse.quote(q)}&size=10&facets=0&histogram=false"
    d=json.load(urllib.request.urlopen(url))
    for h in d['hits']:
        total+=1
        text=re.sub('<[^>]+>','',h['snippet_html']).lower()
        found=[m for m in markers if m in text]
        if found:
            bad+=1
            if len(examples)<40: examples.append((q,h['id'],found,text[:160]))
print(f"{bad} of {total} snippets hold a boilerplate marker")
for e in examples: print(e)
