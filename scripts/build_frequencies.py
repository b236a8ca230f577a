#!/usr/bin/env python3
"""Rebuild `cleaner/data/frequencies-en.txt.gz` from wordfreq's large English list.

    pip install wordfreq msgpack && python scripts/build_frequencies.py

wordfreq stores a language as words bucketed by frequency in centibels (bucket i
holds the words seen with probability 10^(-i/100)). cleaner needs only English,
so it ships that one list, in a plain form: one line per non-empty bucket,
`i<TAB>word word word`. Reading it back gives exactly the probabilities wordfreq
gives, without the 57 MB package and its other languages. The data's licence and
sources are in WORDFREQ-LICENSE.txt beside it.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import wordfreq

DATA = Path(__file__).resolve().parent.parent / "cleaner" / "data"


def main() -> None:
    buckets = wordfreq.get_frequency_list("en", "large")
    lines = []
    for index, words in enumerate(buckets):
        if not words:
            continue
        if any(not word or any(char.isspace() for char in word) for word in words):
            raise SystemExit(f"bucket {index} holds a word with white space: the format cannot carry it")
        lines.append(f"{index}\t{' '.join(words)}\n")
    with gzip.GzipFile(DATA / "frequencies-en.txt.gz", "wb", compresslevel=9, mtime=0) as stream:
        stream.write("".join(lines).encode("utf-8"))
    print(f"{sum(len(words) for words in buckets)} words in {len(lines)} buckets")


if __name__ == "__main__":
    main()
