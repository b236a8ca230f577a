#!/usr/bin/env python3
"""cleaner and today's extractors on the same saved pages: F1, precision, recall, pages/s.

    pip install -e '.[bench]'
    python -m bench.extraction [--bench ../shared/bench] [--repeat 3]

Every tool runs as a whole process over all pages of html/ (gzipped pages), one
worker, and writes one prediction per page; the benchmark's own scorer
(score_extraction.py) scores each folder. Time is wall clock of the fastest of
`--repeat` runs, start-up included. The peers are used here only, never by cleaner.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .scoring import DEFAULT_BENCH, ROOT

# Each peer: how to turn one page's HTML into text, run in a fresh interpreter.
PEER_LOOP = """
import gzip, sys
from pathlib import Path
{setup}
source, target = Path(sys.argv[1]), Path(sys.argv[2])
for path in sorted(source.glob("*.html.gz")):
    html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
    try:
        text = extract(html) or ""
    except Exception:  # a peer that fails on a page scores it as empty
        text = ""
    (target / (path.name[: -len(".html.gz")] + ".txt")).write_text(text, encoding="utf-8")
"""
PEERS = {
    "trafilatura": """
import trafilatura
def extract(html):
    return trafilatura.extract(html, include_comments=False)
""",
    "readability-lxml": """
import lxml.html
from readability import Document
BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "br", "section", "article"}
def extract(html):
    tree = lxml.html.fromstring(Document(html).summary())
    for element in tree.iter():
        if element.tag in BLOCKS:
            element.tail = "\\n" + (element.tail or "")
    return tree.text_content()
""",
    "newspaper4k": """
import warnings
warnings.simplefilter("ignore")
import newspaper
def extract(html):
    article = newspaper.Article("https://example.com/", fetch_images=False)
    article.download(input_html=html)
    article.parse()
    return article.text
""",
}
PEER_MODULES = {"trafilatura": "trafilatura", "readability-lxml": "readability", "newspaper4k": "newspaper"}
NO_TITLE_HEADING = "stage: render_markdown\noptions:\n  title_heading: false\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--bench", type=Path, default=DEFAULT_BENCH, help="folder holding extraction/ and score_extraction.py"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool; the fastest counts")
    args = parser.parse_args()
    pages_dir = args.bench / "extraction" / "html"
    scorer = args.bench / "score_extraction.py"
    gold = args.bench / "extraction" / "ground-truth.json"
    pages = len(list(pages_dir.glob("*.html.gz")))

    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        no_title = scratch / "no-title.yaml"
        no_title.write_text(NO_TITLE_HEADING, encoding="utf-8")
        clean = [sys.executable, "-m", "cleaner", "clean", str(pages_dir), "--jobs", "1", "-o"]
        runs = {
            "cleaner clean (Markdown with # title)": clean,
            "cleaner clean, title in front matter only": [*clean[:-1], "--rules", str(no_title), "-o"],
            "cleaner, decode + parse_html only": [
                *clean[:-1],
                "--rules",
                str(no_title),
                "--only",
                "decode,parse_html",
                "-o",
            ],
        }
        for name, setup in PEERS.items():
            if importlib.util.find_spec(PEER_MODULES[name]) is None:
                print(f"({name} not installed: pip install -e '.[bench]')")
                continue
            runs[name] = [sys.executable, "-c", PEER_LOOP.format(setup=setup), str(pages_dir)]

        print(f"{pages} pages of {pages_dir}, one worker per tool, fastest of {args.repeat} runs\n")
        print(f"{'tool':45} {'F1':>6} {'P':>6} {'R':>6} {'pages/s':>8}")
        for number, (name, command) in enumerate(runs.items()):
            best = float("inf")
            for attempt in range(args.repeat):
                out = scratch / f"{number}-{attempt}"
                out.mkdir()
                started = time.perf_counter()
                subprocess.run(
                    [*command, str(out)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                )
                best = min(best, time.perf_counter() - started)
            figures = _score(scorer, gold, out)
            print(
                f"{name:45} {figures['f1']:6.3f} {figures['precision']:6.3f} {figures['recall']:6.3f} "
                f"{pages / best:8.1f}"
            )
    return 0


def _score(scorer: Path, gold: Path, folder: Path) -> dict[str, float]:
    """The benchmark's own scorer on one folder of predictions."""
    summary = folder.with_suffix(".json")
    subprocess.run(
        [
            sys.executable,
            str(scorer),
            "--gold",
            str(gold),
            "--pred",
            str(folder),
            "--bootstrap",
            "0",
            "--json",
            str(summary),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return json.loads(summary.read_text(encoding="utf-8"))


if __name__ == "__main__":
    sys.exit(main())
