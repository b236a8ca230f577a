#!/usr/bin/env python3
"""Rebuild the word lists in `cleaner/data/` from SCOWL, as Debian packages it.

    apt-get install wamerican-huge wbritish-huge wamerican-large wbritish-large
    python scripts/build_wordlists.py

- `words.txt.gz`: every word of SCOWL's "huge" American and British lists (size 80).
  They know rare but real words ("demerger", "diallers", "compostable") that
  smaller lists do not, and no common misspelling. Accented words are also
  listed without their accents ("protege", "risque"), as English text often
  writes them; possessives ("Smith's") are left out, since the spelling stage
  reads a possessive by its stem.
- `words-en-us.txt.gz`, `words-en-gb.txt.gz`: the spellings only one dialect uses,
  from the "large" lists (size 70: "color" / "colour"). The huge lists accept
  many variants in both dialects, which would hide the difference.
"""

from __future__ import annotations

import argparse
import gzip
import unicodedata
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "cleaner" / "data"
DICT = Path("/usr/share/dict")


def read(path: Path, plain_forms: bool) -> set[str]:
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.strip()
        if word and not word.endswith("'s"):
            words.add(word)
            plain = without_accents(word)
            if plain_forms and plain != word:
                words.add(plain)
    return words


def without_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


def write(name: str, words: set[str]) -> None:
    # mtime=0: the same lists give byte-identical files
    with gzip.GzipFile(DATA / f"{name}.txt.gz", "wb", mtime=0) as stream:
        stream.write(("\n".join(sorted(words)) + "\n").encode("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dict", type=Path, default=DICT, help="folder holding the SCOWL lists")
    args = parser.parse_args()
    every = read(args.dict / "american-english-huge", True) | read(args.dict / "british-english-huge", True)
    american, british = (read(args.dict / f"{name}-english-large", False) for name in ("american", "british"))
    write("words", every)
    write("words-en-us", american - british)
    write("words-en-gb", british - american)
    print(f"words {len(every):,}; only en-US {len(american - british):,}, only en-GB {len(british - american):,}")


if __name__ == "__main__":
    main()
