"""Digests of what `cleaner clean` writes for every dev page, so a refactor can prove it changed nothing.

    python -m tests.output_digests          # print the sets found and how many pages each
    python -m tests.regenerate              # rewrites tests/data/output-digests.json with the rest

The dev sets live beside the repository (`../shared/bench`, or CLEANER_SHARED_BENCH);
a set that is not there is left out of the comparison, never guessed.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(os.environ.get("CLEANER_SHARED_BENCH", ROOT.parent / "shared" / "bench"))
DIGESTS = ROOT / "tests" / "data" / "output-digests.json"
# Each set: a folder of pages cleaned together as one run, as a user would.
SETS = ("extraction/html", "extraction/text", "extraction/region", "readability/pages", "snippets/pages")


def available_sets() -> list[str]:
    return [name for name in SETS if (BENCH / name).is_dir()]


def clean_and_digest(name: str) -> dict[str, str]:
    """Clean one set with the CLI into a temporary folder; sha256 of every Markdown file written.

    The set is named relative to the bench folder, as the outputs' `source:` shows it,
    so the digests do not depend on where the checkout lives."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [sys.executable, "-m", "cleaner", "clean", name, "-o", out], check=False, capture_output=True, cwd=BENCH
        )
        written = sorted(Path(out).rglob("*"))
        return {
            f"{name}/{path.relative_to(out)}": hashlib.sha256(path.read_bytes()).hexdigest()
            for path in written
            if path.is_file() and path.suffix == ".md"
        }


def write_digests() -> None:
    digests: dict[str, str] = {}
    for name in available_sets():
        digests.update(clean_and_digest(name))
    DIGESTS.write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    for name in available_sets():
        print(name, len(list((BENCH / name).iterdir())))
